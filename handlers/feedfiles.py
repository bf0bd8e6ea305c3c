"""Feed lists in and out: OPML import (a file sent to the bot), /export, and /suggested.

Import. A document is read as an OPML list of feeds
  * in a private chat: when its name ends in .opml or .xml (or Telegram gives it an XML or
    OPML type), or its caption starts with /import;
  * in a group: only when its caption starts with /import or mentions the bot, or when a
    message replies /import to it (about other files the bot stays quiet there).
A file over MAX_FILE_BYTES is refused before it is downloaded; one that is not OPML (not XML,
other XML, a DTD...) gets one sentence saying so. Otherwise a placeholder ("Importing 37
feeds…", with a count of the feeds checked while it works) is edited into the result: how many
feeds were added and how many were followed already, each that could not be read with a short
reason, and each left out by the per-chat limit (at most MAX_LISTED lines of each kind, then a
count). The checking itself is ``Subscriptions.import_feeds``. One import runs per chat at a
time. Any other document in a private chat, without a caption, gets a hint; with a caption, the
caption is read as any message is (``handlers/summarize.py``).

/export sends the chat's feeds as an OPML file, ``newsbrief-feeds.opml``.

/suggested shows the feeds the operator suggests (``BotOptions.suggested_feeds``, from an OPML
file read at start): with several topics (the file's folders), a button per topic first; a feed
button follows that feed (answered at once, then the keyboard is redrawn with ✓ on the feeds
the chat follows). Callback data: ``sug:<list version>:<feed index>``,
``sug:<version>:t<topic index>`` and ``sug:<version>:t`` (back to the topics), at most about 16
bytes; the version, a short digest of the list, makes a press on a keyboard drawn before the
list changed say so rather than follow another feed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import logging
import time
from collections import deque
from collections.abc import Sequence
from typing import cast

from telegram import (
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers import i18n
from handlers.channels import target_of
from handlers.replies import aimed, bot_of, edit, edit_pressed, language_of, reply, runtime_of
from handlers.runtime import (
    FEED_BUDGET,
    ImportReport,
    Priority,
    Runtime,
    ScheduleView,
    Subscriptions,
)
from summaries.errors import SummaryError, WorkerCrashed, WorkerTimeout
from summaries.feeds.opml import OpmlError, OpmlFeed, OpmlTopic, export_opml, parse_opml
from summaries.web.urls import BadUrl, normalize_url

logger = logging.getLogger(__name__)

PREFIX = "sug"
# A reader's export of 1,000 feeds is about 150 KB: a megabyte is room enough, and a bigger
# upload is refused before it is downloaded.
MAX_FILE_BYTES = 1024 * 1024
EXPORT_FILE_NAME = "newsbrief-feeds.opml"
EXPORT_TITLE = "newsbrief feeds"
OPML_TYPES = ("text/x-opml", "application/x-opml", "text/x-opml+xml", "text/xml", "application/xml")
MAX_LISTED = 10  # lines per kind of problem in an import's result; the rest are counted
MAX_NAME_CHARS = 60  # a feed's name in those lines
MAX_BUTTON_TITLE = 48
PROGRESS_EVERY_SECONDS = 3.0  # the placeholder's count of checked feeds changes at most this often
MESSAGE_LIMIT = 4096  # Telegram's, in UTF-16 units
ALBUMS_REMEMBERED = 200  # albums of files already given the hint (one hint per album)
_IMPORT_CAPTION = r"(?i)^/import(@\w+)?(\s|$)"


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/import, /export, /suggested and its buttons, and documents (before summarize's)."""
    fresh = filters.UpdateType.MESSAGE
    asked = filters.CaptionRegex(_IMPORT_CAPTION)
    app.add_handler(CommandHandler("import", import_command, filters=fresh))
    app.add_handler(CommandHandler("export", export, filters=fresh))
    app.add_handler(CommandHandler("suggested", suggested, filters=fresh))
    app.add_handler(CallbackQueryHandler(on_suggestion, pattern=f"^{PREFIX}:"))
    documents = fresh & filters.Document.ALL
    private = documents & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & (_opml_file() | asked), on_document))
    app.add_handler(MessageHandler(private & ~filters.CAPTION, on_other_document))
    groups = documents & filters.ChatType.GROUPS
    mention = filters.CaptionEntity(MessageEntity.MENTION)
    app.add_handler(MessageHandler(groups & (asked | mention), on_document))


def _opml_file() -> filters.BaseFilter:
    found: filters.BaseFilter = filters.Document.FileExtension("opml")
    found = found | filters.Document.FileExtension("xml")
    for mime in OPML_TYPES:
        found = found | filters.Document.MimeType(mime)
    return found


# --- import -------------------------------------------------------------------------------------


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An OPML file (in a group: one the bot was asked to import): follow its feeds."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    if message.chat.type != ChatType.PRIVATE and not _asked(message, context.bot.username):
        return  # /import@another_bot, or a mention of someone else
    await _import(update, context, message, message.document)


async def import_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/import as a reply to a file: import it; alone: how to import."""
    message = update.effective_message
    if message is None:
        return
    target = message.reply_to_message
    if target is not None and target.document is not None:
        await _import(update, context, message, target.document)
        return
    lang = await language_of(update.effective_user, runtime_of(context))
    await reply(context, message, i18n.text(lang, "import.usage"))


async def on_other_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another file, without a caption, in a private chat: what the bot can read (once an album)."""
    message = update.effective_message
    if message is None:
        return
    if message.media_group_id is not None:
        hinted = cast("deque[str]", context.bot_data.setdefault("hinted_albums", deque()))
        if message.media_group_id in hinted:
            return
        hinted.append(message.media_group_id)
        while len(hinted) > ALBUMS_REMEMBERED:
            hinted.popleft()
    lang = await language_of(update.effective_user, runtime_of(context))
    await reply(context, message, i18n.text(lang, "import.not_a_list"))


async def _import(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, document: Document
) -> None:
    """Download and read the file, then check and follow its feeds in the background."""
    runtime = runtime_of(context)
    service = runtime.subscriptions
    chat = await target_of(update, context)  # in a private chat, the chat it manages
    if service is None or chat is None:
        return
    lang = await language_of(update.effective_user, runtime)
    data = await _download(context, message, document, lang)
    if data is None:
        return
    try:
        # in a worker process, within FEED_BUDGET: the file is outside bytes
        feeds: list[OpmlFeed] = await runtime.run_job(FEED_BUDGET, parse_opml, data)
    except OpmlError as error:
        key = f"opml.{error.kind}"
        await reply(context, message, i18n.text(lang, key if _known(key) else "opml.invalid"))
        return
    except (WorkerTimeout, WorkerCrashed):  # a file built to be slow to read
        await reply(context, message, i18n.text(lang, "opml.invalid"))
        return
    if not feeds:
        await reply(context, message, i18n.text(lang, "import.empty"))
        return
    importing = cast("set[int]", context.bot_data.setdefault("importing", set()))
    if chat.chat_id in importing:
        await reply(context, message, i18n.text(lang, "import.busy"))
        return
    importing.add(chat.chat_id)
    try:
        placeholder = await reply(
            context, message, i18n.text(lang, "import.working", count=len(feeds))
        )
    except BaseException:
        importing.discard(chat.chat_id)
        raise
    # The checking goes on in the background: a slow file does not hold an update slot.
    where = (chat.chat_id, chat.chat_type, aimed(context, ""))
    context.application.create_task(
        _run_import(service, placeholder, where, feeds, lang, importing), update=update
    )


async def _download(
    context: ContextTypes.DEFAULT_TYPE, message: Message, document: Document, lang: str
) -> bytes | None:
    """The file's bytes, or None after saying why not (too big, or Telegram would not give it)."""
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await _too_big(context, message, document.file_size, lang)
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        if file.file_size is not None and file.file_size > MAX_FILE_BYTES:
            await _too_big(context, message, file.file_size, lang)
            return None
        data = bytes(await file.download_as_bytearray())
    except TelegramError as error:
        logger.warning("chat %s: a file could not be downloaded (%s)", message.chat_id, error)
        await reply(context, message, i18n.text(lang, "import.download_failed"))
        return None
    if len(data) > MAX_FILE_BYTES:
        await _too_big(context, message, len(data), lang)
        return None
    return data


async def _too_big(
    context: ContextTypes.DEFAULT_TYPE, message: Message, size: int, lang: str
) -> None:
    await reply(
        context,
        message,
        i18n.text(
            lang, "import.too_big", size=_bytes(size, lang), limit=_bytes(MAX_FILE_BYTES, lang)
        ),
    )


async def _run_import(
    service: Subscriptions,
    placeholder: Message,
    where: tuple[int, str, str],
    feeds: list[OpmlFeed],
    lang: str,
    importing: set[int],
) -> None:
    """Check and follow the feeds; the placeholder counts them, then becomes the result.
    ``where``: the chat that follows them, its type, and the placeholder's first line (the
    linked chat's name, or nothing)."""
    chat_id, chat_type, header = where
    shown = time.monotonic()

    async def progress(done: int) -> None:
        nonlocal shown
        now = time.monotonic()
        if now - shown < PROGRESS_EVERY_SECONDS or done >= len(feeds):
            return
        shown = now
        with contextlib.suppress(TelegramError):
            progress = i18n.text(lang, "import.progress", count=len(feeds), done=done)
            await edit(placeholder, header + progress)

    try:
        report = await service.import_feeds(chat_id, chat_type, feeds, progress)
        when = await service.schedule(chat_id, chat_type) if report.added else None
        text = import_result(lang, len(feeds), report, when)
    except Exception:
        logger.exception("chat %s: an OPML import failed", chat_id)
        text = i18n.text(lang, "error.internal")
    finally:
        importing.discard(chat_id)
    try:
        await edit(placeholder, header + text)
    except TelegramError as error:
        logger.info("chat %s: the import's result could not be shown (%s)", chat_id, error)


def import_result(lang: str, total: int, report: ImportReport, when: ScheduleView | None) -> str:
    """The result of an import, within Telegram's message limit (shorter lists if need be)."""
    text = ""
    for listed in (MAX_LISTED, 5, 2, 0):
        text = _result(lang, total, report, when, listed)
        if _utf16(text) <= MESSAGE_LIMIT:
            break
    return text


def _result(
    lang: str, total: int, report: ImportReport, when: ScheduleView | None, listed: int
) -> str:
    lines = [
        i18n.text(lang, "import.done", count=total),
        i18n.text(lang, "import.added", count=len(report.added)),
    ]
    if report.already:
        lines.append(i18n.text(lang, "import.already", count=len(report.already)))
    if report.failed:
        lines.append(i18n.text(lang, "import.failed", count=len(report.failed)))
        problems = [(name, plain_reason(lang, error)) for name, error in report.failed]
        lines += _items(lang, problems, listed)
    if report.over_cap:
        lines.append(
            i18n.text(lang, "import.over_cap", limit=report.limit, count=len(report.over_cap))
        )
        lines += _items(lang, [(name, None) for name in report.over_cap], listed)
    if report.unchecked:
        lines.append(
            i18n.text(
                lang, "import.unchecked", limit=report.max_checks, count=len(report.unchecked)
            )
        )
        lines += _items(lang, [(name, None) for name in report.unchecked], listed)
    if when is not None:
        lines += ["", i18n.text(lang, "import.when", time=when.time, zone=when.zone)]
    return "\n".join(lines)


def _items(lang: str, items: Sequence[tuple[str, str | None]], listed: int) -> list[str]:
    lines = [
        i18n.text(lang, "import.item", name=_short(name, MAX_NAME_CHARS), reason=reason)
        if reason is not None
        else i18n.text(lang, "import.item_name", name=_short(name, MAX_NAME_CHARS))
        for name, reason in items[:listed]
    ]
    if len(items) > listed:
        lines.append(i18n.text(lang, "import.more", count=len(items) - listed))
    return lines


def plain_reason(lang: str, error: SummaryError) -> str:
    """A few plain words on why a feed could not be read (the whole sentence if the catalog
    has no short form for the error)."""
    for kind in type(error).__mro__:
        code = getattr(kind, "code", None)
        key = f"reason.{code}"
        if isinstance(code, str) and _known(key):
            params = {
                name: f"{value:g}" if isinstance(value, float) else value
                for name, value in vars(error).items()
                if not name.startswith("_")
            }
            try:
                return i18n.plain(lang, key, **params)
            except (KeyError, IndexError):  # a parameter this error does not carry
                break
    return html.unescape(i18n.error_text(lang, error)).rstrip(".")


# --- export -------------------------------------------------------------------------------------


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: the chat's feeds as an OPML file."""
    runtime = runtime_of(context)
    message = update.effective_message
    chat = update.effective_chat
    service = runtime.subscriptions
    if message is None or chat is None or service is None:
        return
    lang = await language_of(update.effective_user, runtime)
    target = await target_of(update, context)  # in a private chat, the chat it manages
    listed = await service.feeds(target.chat_id if target else chat.id)
    if not listed:
        await reply(context, message, no_feeds_text(runtime, lang))
        return
    data = export_opml(
        [OpmlFeed(feed.url, feed.title if feed.title != feed.url else None) for feed in listed],
        EXPORT_TITLE,
    )
    quote = message.chat.type != ChatType.PRIVATE
    try:
        await bot_of(context).send_document(
            chat.id,
            data,
            filename=EXPORT_FILE_NAME,
            caption=aimed(context, i18n.text(lang, "export.caption", count=len(listed))),
            reply_parameters=ReplyParameters(message.message_id) if quote else None,
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            rate_limit_args=Priority.INTERACTIVE,
        )
    except Forbidden:
        logger.info("chat %s: the bot cannot write here (blocked or removed)", chat.id)


def no_feeds_text(runtime: Runtime, lang: str) -> str:
    """The "no feeds yet" text, and a pointer to /suggested where there are suggestions."""
    text = i18n.text(lang, "sub.none")
    if runtime.options.suggested_feeds:
        text += "\n\n" + i18n.text(lang, "suggest.hint")
    return text


# --- suggested feeds ----------------------------------------------------------------------------


async def suggested(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/suggested: the operator's suggested feeds, each followed with a press."""
    runtime = runtime_of(context)
    message = update.effective_message
    chat = await target_of(update, context)  # in a private chat, the chat it manages
    if message is None or chat is None:
        return
    lang = await language_of(update.effective_user, runtime)
    topics = runtime.options.suggested_feeds
    service = runtime.subscriptions
    if not topics or service is None:
        await reply(context, message, i18n.text(lang, "suggest.none"))
        return
    followed = await _followed(service, chat.chat_id)
    text, keyboard = _screen(lang, topics, None if len(topics) > 1 else 0, followed)
    await reply(context, message, text, keyboard=keyboard)


async def on_suggestion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /suggested button: the topics, a topic's feeds, or follow a feed."""
    query = update.callback_query
    chat = await target_of(update, context)  # in a private chat, the chat it manages
    runtime = runtime_of(context)
    service = runtime.subscriptions
    topics = runtime.options.suggested_feeds
    if query is None or query.data is None or chat is None:
        return
    lang = await language_of(update.effective_user, runtime)
    parts = query.data.split(":")
    if service is None or not topics or len(parts) != 3 or parts[1] != _version(topics):
        await query.answer(i18n.plain(lang, "suggest.stale"))
        return
    wanted = parts[2]
    if wanted.startswith("t"):
        topic = _index(wanted[1:], len(topics)) if wanted != "t" else None
        if wanted != "t" and topic is None:
            await query.answer(i18n.plain(lang, "press.unknown"))
            return
        await query.answer()
        followed = await _followed(service, chat.chat_id)
        await edit_pressed(context, query, *_screen(lang, topics, topic, followed))
        return
    flat = _flat(topics)
    index = _index(wanted, len(flat))
    if index is None:
        await query.answer(i18n.plain(lang, "press.unknown"))
        return
    topic, feed = flat[index]
    name = _short(_feed_name(feed), MAX_BUTTON_TITLE)  # answers hold 200 characters
    followed = await _followed(service, chat.chat_id)
    if _key(feed.url) in followed:
        await query.answer(i18n.plain(lang, "suggest.following", title=name))
        await edit_pressed(context, query, *_screen(lang, topics, topic, followed))
        return
    await query.answer(i18n.plain(lang, "suggest.adding", title=name))  # the check takes a while
    try:
        view, added = await service.subscribe(chat.chat_id, chat.chat_type, feed.url)
    except SummaryError as error:
        status = i18n.text(lang, "suggest.failed", title=name, reason=plain_reason(lang, error))
    except Exception:  # a bug or the database: said under the list, not left at "Adding…"
        logger.exception("suggested feed %d for chat %s failed", index, chat.chat_id)
        status = i18n.text(lang, "error.internal")
    else:
        # The feed may live at the address its link redirects to: both count as followed.
        followed |= {_key(view.url), _key(feed.url)}
        if added:
            when = await service.schedule(chat.chat_id, chat.chat_type)
            status = i18n.text(lang, "sub.added", title=view.title, time=when.time, zone=when.zone)
        else:
            status = i18n.text(lang, "sub.already", title=view.title)
    await edit_pressed(context, query, *_screen(lang, topics, topic, followed, status))


def _screen(
    lang: str,
    topics: tuple[OpmlTopic, ...],
    topic: int | None,
    followed: set[str],
    status: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The topics (``topic`` None) or one topic's feeds, as text and buttons."""
    version = _version(topics)
    rows: list[list[InlineKeyboardButton]] = []
    if topic is None:
        head = i18n.text(lang, "suggest.title") + "\n" + i18n.text(lang, "suggest.pick_topic")
        for number, each in enumerate(topics):
            mine = sum(_key(feed.url) in followed for feed in each.feeds)
            count = f"✓ {mine}/{len(each.feeds)}" if mine else str(len(each.feeds))
            label = f"📂 {_short(_topic_name(lang, each), MAX_BUTTON_TITLE)} ({count})"
            rows.append(
                [InlineKeyboardButton(label, callback_data=f"{PREFIX}:{version}:t{number}")]
            )
    else:
        title = (
            i18n.text(lang, "suggest.topic", topic=_topic_name(lang, topics[topic]))
            if len(topics) > 1
            else i18n.text(lang, "suggest.title")
        )
        head = title + "\n" + i18n.text(lang, "suggest.pick_feed")
        for index, (where, feed) in enumerate(_flat(topics)):
            if where != topic:
                continue
            mark = "✓ " if _key(feed.url) in followed else "➕ "
            label = mark + _short(_feed_name(feed), MAX_BUTTON_TITLE)
            rows.append([InlineKeyboardButton(label, callback_data=f"{PREFIX}:{version}:{index}")])
        if len(topics) > 1:
            back = i18n.plain(lang, "suggest.back")
            rows.append([InlineKeyboardButton(back, callback_data=f"{PREFIX}:{version}:t")])
    text = head if status is None else f"{head}\n\n{status}"
    return text, InlineKeyboardMarkup(rows)


@functools.cache
def _flat(topics: tuple[OpmlTopic, ...]) -> tuple[tuple[int, OpmlFeed], ...]:
    """Every suggested feed with its topic's index, in order: a feed's index is its number."""
    return tuple((number, feed) for number, topic in enumerate(topics) for feed in topic.feeds)


@functools.cache
def _version(topics: tuple[OpmlTopic, ...]) -> str:
    """A short digest of the list, carried by its buttons."""
    listed = "\n".join(feed.url for _topic, feed in _flat(topics))
    return hashlib.sha256(listed.encode()).hexdigest()[:6]


async def _followed(service: Subscriptions, chat_id: int) -> set[str]:
    return {_key(feed.url) for feed in await service.feeds(chat_id)}


def _topic_name(lang: str, topic: OpmlTopic) -> str:
    return topic.title or i18n.plain(lang, "suggest.other")


def _feed_name(feed: OpmlFeed) -> str:
    return feed.title or feed.url


# --- helpers ------------------------------------------------------------------------------------


def _asked(message: Message, username: str | None) -> bool:
    """Whether a group message's caption asks this bot: /import (or /import@bot), or @bot."""
    words = (message.caption or "").split(maxsplit=1)
    me = (username or "").lower()
    if words and words[0].lower() in ("/import", f"/import@{me}"):
        return True
    mentions = message.parse_caption_entities([MessageEntity.MENTION]).values()
    return bool(me) and any(shown.lower() == f"@{me}" for shown in mentions)


def _known(key: str) -> bool:
    return i18n.known(key)


def _key(url: str) -> str:
    """A feed's address as compared: normalised when it can be."""
    try:
        return normalize_url(url)
    except BadUrl:
        return url


def _index(text: str, size: int) -> int | None:
    return int(text) if text.isdigit() and int(text) < size else None


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_UNITS = {"ru": ("МБ", "КБ"), "fr": ("Mo", "Ko")}  # elsewhere MB and KB


def _bytes(size: int, lang: str) -> str:
    """1 MB, 1.5 MB, 300 KB (МБ and КБ in Russian, Mo and Ko in French; a decimal comma in
    every interface language but English)."""
    mega, kilo = _UNITS.get(lang, ("MB", "KB"))
    if size >= 1024 * 1024:
        shown = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
        return f"{shown if lang == 'en' else shown.replace('.', ',')} {mega}"
    return f"{max(1, round(size / 1024))} {kilo}"


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
