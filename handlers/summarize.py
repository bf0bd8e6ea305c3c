"""Summarizing what users send: links, pasted text, forwarded posts; /tldr and mentions in groups.

A private message with a link (URL or text-link entities, in the text or a caption; forwarded
channel posts included) gets a "typing" action and a placeholder at once, then the placeholder
is edited into the summary. Several links: the first ``max_links_per_message``, and a note.
A message whose own text is long enough is summarized as pasted text, links inside it or not,
when that text is clearly an article (more than ``PASTED_ARTICLE_CHARS`` without the links).
A paste a Telegram client split into several messages is joined back into one article first
(``handlers/pastes.py``).
Short text that is not a link gets a hint. In groups the bot speaks only when asked.
"""

from __future__ import annotations

import contextlib
import logging
import math
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from handlers import i18n, pastes
from handlers.errors import describe
from handlers.render import Source, View, render, render_error
from handlers.replies import (
    best_effort,
    deliver,
    language_of,
    prefs_of,
    reply,
    runtime_of,
    summary_keyboard,
)
from handlers.runtime import Priority, Runtime
from summaries.errors import SummaryError
from summaries.web.urls import BadUrl, normalize_url

logger = logging.getLogger(__name__)

PASTED_ARTICLE_CHARS = 1200  # a message this long without its links is an article in itself
_LINK_ENTITIES: list[str | None] = [MessageEntity.URL, MessageEntity.TEXT_LINK]


@dataclass(frozen=True, slots=True)
class Request:
    """One thing to summarize: a link, or pasted text."""

    url: str | None = None
    text: str | None = None


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Private messages, /tldr, and mentions in groups."""
    fresh = filters.UpdateType.MESSAGE  # an edited message is not summarized again
    app.add_handler(CommandHandler("tldr", tldr, filters=fresh))
    private = fresh & filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.VIA_BOT
    app.add_handler(MessageHandler(private & (filters.TEXT | filters.CAPTION), on_private_message))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, on_other_private_message))
    groups = fresh & filters.ChatType.GROUPS & filters.Entity(MessageEntity.MENTION)
    app.add_handler(MessageHandler(groups, on_group_mention))


async def on_private_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A link or pasted text in a private chat: summarize it; too little text: a hint."""
    message = update.effective_message
    if message is None:
        return
    runtime = runtime_of(context)
    requests, found = requests_in(message, runtime.options.min_text_chars)
    # before any await: the parts of a split paste must reach the joiner in the order they came
    continues = (
        message.text is not None
        and message.forward_origin is None
        and not any(request.url for request in requests)
    )
    starts = continues and bool(requests)
    if await _joiner(context).offer(update, context, message, starts=starts, continues=continues):
        return
    lang = await language_of(update.effective_user, runtime)
    if not requests:
        await reply(
            context,
            message,
            i18n.text(lang, "hint.short_text", min_chars=runtime.options.min_text_chars),
        )
        return
    await answer(update, context, message, requests, found)


async def on_other_private_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, a photo without a caption, a voice note...: say what the bot can read."""
    message = update.effective_message
    if message is None or message.media_group_id is not None:
        return  # the other photos of an album: its caption (on one of them) is answered
    lang = await language_of(update.effective_user, runtime_of(context))
    await reply(context, message, i18n.text(lang, "hint.no_content"))


async def tldr(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tldr as a reply: summarize the message replied to (any chat); alone: how to use it."""
    message = update.effective_message
    if message is None:
        return
    runtime = runtime_of(context)
    lang = await language_of(update.effective_user, runtime)
    target = message.reply_to_message
    if target is not None and target.forum_topic_created is not None:
        target = None  # in a forum topic every message "replies" to the topic's first message
    if target is None:
        own, found = requests_in(message, runtime.options.min_text_chars, skip_command=True)
        if own:
            await answer(update, context, message, own, found)
        else:
            await reply(context, message, i18n.text(lang, "hint.tldr"))
        return
    requests, found = requests_in(target, runtime.options.min_text_chars)
    if not requests:
        await reply(context, message, i18n.text(lang, "hint.tldr_nothing"))
        return
    await answer(update, context, target, requests, found)


async def on_group_mention(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message mentioning the bot: summarize its links (and nothing else)."""
    message = update.effective_message
    if message is None or not _mentions(message, context.bot.username):
        return
    runtime = runtime_of(context)
    requests, found = requests_in(message, runtime.options.min_text_chars, links_only=True)
    if requests:
        await answer(update, context, message, requests, found)
    else:
        await reply(
            context,
            message,
            i18n.text(await language_of(update.effective_user, runtime), "hint.tldr"),
        )


def _joiner(context: ContextTypes.DEFAULT_TYPE) -> pastes.PasteJoiner:
    """The application's paste joiner (made on first use, with the runtime's options)."""
    joiner = context.bot_data.get("pastes")
    if not isinstance(joiner, pastes.PasteJoiner):
        options = runtime_of(context).options
        joiner = pastes.PasteJoiner(
            _answer_paste,
            _show_waiting,
            wait_seconds=options.paste_wait_seconds,
            max_units=options.max_input_chars,
        )
        context.bot_data["pastes"] = joiner
    return joiner


async def _answer_paste(paste: pastes.Paste) -> None:
    """Summarize a whole paste (one part or several) as one article, replying to its first."""
    if len(paste.parts) > 1:
        runtime_of(paste.context).stats["pastes_joined"] += 1
    request = Request(text=paste.text())
    await answer(paste.update, paste.context, paste.message, [request], 0)


async def _show_waiting(paste: pastes.Paste) -> None:
    """Show "typing…" while a part waits for the next one."""
    message = paste.message
    await best_effort(paste.context.bot.send_chat_action(message.chat_id, ChatAction.TYPING))


# --- finding what to summarize ----------------------------------------------------------------


def requests_in(
    message: Message,
    min_text_chars: int,
    *,
    links_only: bool = False,
    skip_command: bool = False,
) -> tuple[list[Request], int]:
    """What ``message`` asks to summarize, and how many distinct links it has."""
    body = message.text or message.caption or ""
    entities = (
        message.parse_entities(_LINK_ENTITIES)
        if message.text
        else message.parse_caption_entities(_LINK_ENTITIES)
    )
    links: list[str] = []
    seen: set[str] = set()
    for entity, shown in entities.items():
        raw = entity.url if entity.type == MessageEntity.TEXT_LINK else shown
        if not raw:
            continue
        try:
            key = normalize_url(raw)
        except BadUrl:
            continue
        if key not in seen:
            seen.add(key)
            links.append(raw)
    own_text = body
    for shown in entities.values():
        own_text = own_text.replace(shown, " ")
    if skip_command and own_text.startswith("/"):
        own_text = own_text.split(maxsplit=1)[1] if len(own_text.split(maxsplit=1)) > 1 else ""
    own_text = own_text.strip()
    if links and (links_only or len(own_text) < PASTED_ARTICLE_CHARS):
        return [Request(url=link) for link in links], len(links)
    if not links_only and len(own_text) >= min_text_chars:
        return [Request(text=body if not skip_command else own_text)], 0
    return [], len(links)


def _mentions(message: Message, username: str | None) -> bool:
    if not username:
        return False
    wanted = "@" + username.lower()
    return any(
        shown.lower() == wanted
        for shown in message.parse_entities([MessageEntity.MENTION]).values()
    )


# --- answering --------------------------------------------------------------------------------


async def answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    reply_to: Message,
    requests: list[Request],
    links_found: int,
) -> None:
    """Typing, a placeholder per request at once, then each placeholder edited into its summary."""
    runtime = runtime_of(context)
    user = update.effective_user
    lang = await language_of(user, runtime)
    chat = update.effective_chat
    if chat is None:
        return
    shown = requests[: runtime.options.max_links_per_message]
    if user is not None:
        wait = runtime.limiter.try_acquire(user.id)
        if wait:
            await reply(
                context,
                reply_to,
                i18n.text(
                    lang,
                    "limit.user",
                    limit=runtime.options.user_summaries_per_minute,
                    seconds=math.ceil(wait),
                ),
            )
            return
    thread = reply_to.message_thread_id if reply_to.is_topic_message else None
    try:
        await best_effort(
            context.bot.send_chat_action(chat.id, ChatAction.TYPING, message_thread_id=thread)
        )
        if links_found > len(shown):
            await reply(
                context,
                reply_to,
                i18n.text(lang, "links.more", count=links_found, shown=len(shown)),
                priority=Priority.NORMAL,
            )
        placeholders = []
        for request in shown:
            key = "working.link" if request.url else "working.text"
            placeholders.append(
                await reply(
                    context, reply_to, i18n.text(lang, key), priority=Priority.NORMAL, quote=True
                )
            )
    except Forbidden:
        logger.info("chat %s: the bot cannot write here (blocked or removed)", chat.id)
        return
    # The work goes on in the background: the handler returns, so a slow site does not hold
    # one of the application's update slots (other users' /start and buttons need them).
    # A paste held until the application began to stop is answered from a task the stopping
    # application waits for: its work is done there, as a new task would not be waited for.
    for placeholder, request in zip(placeholders, shown, strict=True):
        work = _complete(runtime, placeholder, request, update, lang)
        if context.application.running:
            context.application.create_task(work, update=update)
        else:
            await work


async def _complete(
    runtime: Runtime, placeholder: Message, request: Request, update: Update, lang: str
) -> None:
    """Summarize one request and edit its placeholder into the reply. Whatever happens, the
    placeholder does not stay: an unexpected failure becomes the one-sentence apology."""
    prefs = await prefs_of(update.effective_user, runtime)
    source = Source(url=request.url) if request.url else None
    try:
        if request.url:
            result = await runtime.read_link(request.url)
        else:
            owner = update.effective_user.id if update.effective_user else None
            result = await runtime.keep_text(request.text or "", owner)
        summary = await runtime.summary(result, prefs.sentences)
    except SummaryError as error:
        runtime.stats[f"error.{error.code}"] += 1
        with contextlib.suppress(Forbidden):
            await placeholder.edit_text(render_error(i18n.error_text(lang, error), source))
        return
    except Exception:
        runtime.stats["internal_errors"] += 1
        logger.exception("%s: summarizing failed", describe(update))
        with contextlib.suppress(TelegramError):
            await placeholder.edit_text(i18n.text(lang, "error.internal"))
        return
    parts = render(summary, result.source, lang=lang, sections=prefs.sections())
    keyboard = summary_keyboard(runtime, result, summary, View.SUMMARY, prefs.sentences, lang)
    try:
        await deliver(placeholder, parts, keyboard)
    except Forbidden:
        logger.info("chat %s: blocked the bot before the summary arrived", placeholder.chat_id)
    except Exception:
        runtime.stats["delivery_failed"] += 1
        logger.exception("%s: the summary could not be delivered", describe(update))
        with contextlib.suppress(TelegramError):
            await placeholder.edit_text(i18n.text(lang, "error.internal"))
