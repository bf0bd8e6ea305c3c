"""Feeds and the daily digest: /subscribe, /feeds (with unsubscribe buttons), /digest,
/digest_time, /timezone, /filter; and a group's move to a supergroup.

Callback data of the /feeds buttons: ``unsub:<feed id>``.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers import i18n
from handlers.channels import digest_now_for, target_of
from handlers.feedfiles import no_feeds_text
from handlers.render import day_month
from handlers.replies import edit_pressed, language_of, reply, runtime_of
from handlers.runtime import ScheduleView, Subscriptions
from summaries.errors import SummaryError

logger = logging.getLogger(__name__)

PREFIX = "unsub"
MAX_BUTTON_TITLE = 48


def register(app: Application) -> None:  # type: ignore[type-arg]
    """The feed and digest commands."""
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("subscribe", subscribe, filters=fresh))
    app.add_handler(CommandHandler(["feeds", "unsubscribe"], feeds, filters=fresh))
    app.add_handler(CommandHandler("digest", digest_now, filters=fresh))
    app.add_handler(CommandHandler("digest_time", digest_time, filters=fresh))
    app.add_handler(CommandHandler("timezone", timezone, filters=fresh))
    app.add_handler(CommandHandler("filter", filter_words, filters=fresh))
    app.add_handler(CommandHandler("quiet", quiet_hours, filters=fresh))
    app.add_handler(CommandHandler("digest_size", digest_size, filters=fresh))
    app.add_handler(CommandHandler("digest_empty", digest_empty, filters=fresh))
    app.add_handler(CallbackQueryHandler(on_unsubscribe, pattern=f"^{PREFIX}:"))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: move its feeds and digest settings at once, not when a
    digest send first fails (until then /feeds in the new supergroup would show none)."""
    message = update.effective_message
    service = runtime_of(context).subscriptions
    if message is None or service is None:
        return
    if message.migrate_to_chat_id is not None:
        await service.migrate(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        await service.migrate(message.migrate_from_chat_id, message.chat.id)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe <feed or site URL>: find the feed, follow it, say when the digest comes."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    url = _first_link(message) or " ".join(context.args or []).strip()
    if not url:
        await reply(context, message, i18n.text(lang, "sub.usage"))
        return
    try:
        feed, added = await service.subscribe(chat_id, chat_type, url)
    except SummaryError as error:
        await reply(context, message, i18n.error_text(lang, error))
        return
    if not added:
        await reply(context, message, i18n.text(lang, "sub.already", title=feed.title))
        return
    when = await service.schedule(chat_id, chat_type)
    await reply(
        context,
        message,
        i18n.text(lang, "sub.added", title=feed.title, time=when.time, zone=when.zone),
    )


async def feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/feeds: the chat's feeds, each a button that unsubscribes."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, _chat_type, lang = found
    listed = await service.feeds(chat_id)
    if not listed:
        await reply(context, message, no_feeds_text(runtime_of(context), lang))
        return
    buttons = [
        [
            InlineKeyboardButton(
                ("✖ " if feed.active else "⏸ ✖ ") + _short(feed.title),
                callback_data=f"{PREFIX}:{feed.feed_id}",
            )
        ]
        for feed in listed
    ]
    await reply(
        context, message, i18n.text(lang, "sub.list"), keyboard=InlineKeyboardMarkup(buttons)
    )


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /feeds button: unsubscribe, and redraw the list without it."""
    query = update.callback_query
    chat = await target_of(update, context)  # the chat whose feeds the list shows
    runtime = runtime_of(context)
    service = runtime.subscriptions
    if query is None or query.data is None or chat is None or service is None:
        return
    lang = await language_of(update.effective_user, runtime)
    try:
        feed_id = int(query.data.split(":", 1)[1])
    except ValueError:
        await query.answer(i18n.plain(lang, "press.unknown"))
        return
    removed = await service.unsubscribe(chat.chat_id, feed_id)
    await query.answer(i18n.plain(lang, "sub.removed", title=removed.title) if removed else None)
    remaining = await service.feeds(chat.chat_id)
    if not remaining:
        await edit_pressed(context, query, i18n.text(lang, "sub.none"), None)
        return
    buttons = [
        [InlineKeyboardButton("✖ " + _short(f.title), callback_data=f"{PREFIX}:{f.feed_id}")]
        for f in remaining
    ]
    await edit_pressed(context, query, i18n.text(lang, "sub.list"), InlineKeyboardMarkup(buttons))


async def digest_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: this chat's digest now (what is new since the last one)."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, _chat_type, lang = found
    if not await service.feeds(chat_id):
        await reply(context, message, i18n.text(lang, "sub.none"))
        return
    await digest_now_for(update, context, service, chat_id, lang)


async def digest_time(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest_time HH:MM."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    wanted = " ".join(context.args or []).strip()
    if not wanted:  # no argument: say what it is now, and how to change it
        now = await service.schedule(chat_id, chat_type)
        current = i18n.text(
            lang, "digest.time_current", time=now.time, zone=now.zone, next=_when(now, lang)
        )
        await reply(context, message, current)
        return
    when = await service.set_time(chat_id, chat_type, wanted)
    if when is None:
        await reply(context, message, i18n.text(lang, "digest.time_usage"))
        return
    await reply(
        context,
        message,
        i18n.text(lang, "digest.time_set", time=when.time, zone=when.zone, next=_when(when, lang)),
    )


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone <IANA name or city>."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    wanted = " ".join(context.args or []).strip()
    if not wanted:  # no argument: say what it is now, and how to change it
        now = await service.schedule(chat_id, chat_type)
        current = i18n.text(lang, "digest.zone_current", zone=now.zone, time=now.time)
        await reply(context, message, current)
        return
    when = await service.set_zone(chat_id, chat_type, wanted)
    if when is None:
        await reply(context, message, i18n.text(lang, "digest.zone_unknown", zone=wanted[:64]))
        return
    await reply(
        context,
        message,
        i18n.text(lang, "digest.zone_set", zone=when.zone, time=when.time, next=_when(when, lang)),
    )


# --- helpers ------------------------------------------------------------------------------------


async def _service(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Subscriptions, Message, int, str, str] | None:
    """The service, the message, the chat the command acts on (in a private chat, the channel
    or group it manages: ``handlers.channels``), its type, and the user's language."""
    runtime = runtime_of(context)
    message = update.effective_message
    target = await target_of(update, context)
    if message is None or target is None or runtime.subscriptions is None:
        return None
    lang = await language_of(update.effective_user, runtime)
    return runtime.subscriptions, message, target.chat_id, target.chat_type, lang


def _first_link(message: Message) -> str | None:
    entities = message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK])
    for entity, shown in entities.items():
        return entity.url if entity.type == MessageEntity.TEXT_LINK else shown
    return None


def _short(title: str) -> str:
    return title if len(title) <= MAX_BUTTON_TITLE else title[: MAX_BUTTON_TITLE - 1] + "…"


def _when(schedule: ScheduleView, lang: str) -> str:
    local = schedule.next_due.astimezone(ZoneInfo(schedule.zone))
    return f"{day_month(local.date(), lang)} {local:%H:%M}"


MAX_FILTER_WORDS = 20
MAX_FILTER_CHARS = 40


async def filter_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/filter word -word ...: plain words (never patterns) the digest keeps or leaves out;
    /filter off clears them; /filter alone shows them."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, _chat_type, lang = found
    args = [a.strip(",;") for a in (context.args or []) if a.strip(",;")]
    if not await service.feeds(chat_id):
        await reply(context, message, i18n.text(lang, "sub.none"))
        return
    if args and args[0].lower() in ("off", "clear", "none", "выкл", "сброс"):
        await service.set_words(chat_id, [], [])
        args = []
    elif args:
        include = [a for a in args if not a.startswith("-")]
        exclude = [a[1:] for a in args if a.startswith("-") and len(a) > 1]
        if len(args) > MAX_FILTER_WORDS or any(len(w) > MAX_FILTER_CHARS for w in args):
            await reply(
                context,
                message,
                i18n.text(lang, "filter.bad", chars=MAX_FILTER_CHARS)
                + " "
                + i18n.text(lang, "filter.too_many", count=MAX_FILTER_WORDS),
            )
            return
        await service.set_words(chat_id, include, exclude)
    include, exclude = await service.words(chat_id)
    shown = i18n.text(
        lang,
        "filter.now",
        include=", ".join(include) or i18n.plain(lang, "filter.none"),
        exclude=", ".join(exclude) or i18n.plain(lang, "filter.nothing"),
    )
    if not args:
        shown += "\n\n" + i18n.text(lang, "filter.usage")
    await reply(context, message, shown)


async def quiet_hours(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quiet 23:00-07:00: digests and notices that come in those hours (the chat's local
    time) arrive without a sound; /quiet off ends them; /quiet alone shows them."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    wanted = " ".join(context.args or []).strip()
    if wanted.lower() in ("off", "none", "clear", "выкл", "нет"):
        await service.set_quiet(chat_id, chat_type, None)
        await reply(context, message, i18n.text(lang, "quiet.off"))
        return
    if wanted:
        view = await service.set_quiet(chat_id, chat_type, wanted)
        if view is None or view.start is None:
            await reply(context, message, i18n.text(lang, "quiet.usage"))
            return
        await reply(
            context,
            message,
            i18n.text(lang, "quiet.set", start=view.start, end=view.end, zone=view.zone),
        )
        return
    view = await service.quiet(chat_id, chat_type)
    shown = (
        i18n.text(lang, "quiet.now", start=view.start, end=view.end, zone=view.zone)
        if view.start
        else i18n.text(lang, "quiet.none")
    )
    await reply(context, message, shown + "\n\n" + i18n.text(lang, "quiet.usage"))


MIN_DIGEST_SIZE, MAX_DIGEST_SIZE = 3, 30


async def digest_size(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest_size N: how many stories the digest shows (the rest are counted)."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    wanted = " ".join(context.args or []).strip()
    if not wanted.isdigit() or not MIN_DIGEST_SIZE <= int(wanted) <= MAX_DIGEST_SIZE:
        current = await service.digest_options(chat_id, chat_type)
        await reply(
            context,
            message,
            i18n.text(
                lang,
                "digest.size_usage",
                size=current[0],
                low=MIN_DIGEST_SIZE,
                high=MAX_DIGEST_SIZE,
            ),
        )
        return
    await service.set_digest_options(chat_id, chat_type, size=int(wanted))
    await reply(context, message, i18n.text(lang, "digest.size_set", size=int(wanted)))


async def digest_empty(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest_empty on|off: on a day with nothing new, a short digest saying so, or none."""
    found = await _service(update, context)
    if found is None:
        return
    service, message, chat_id, chat_type, lang = found
    wanted = " ".join(context.args or []).strip().lower()
    if wanted in ("on", "yes", "вкл", "да"):
        await service.set_digest_options(chat_id, chat_type, skip_empty=False)
        await reply(context, message, i18n.text(lang, "digest.empty_on"))
    elif wanted in ("off", "no", "выкл", "нет"):
        await service.set_digest_options(chat_id, chat_type, skip_empty=True)
        await reply(context, message, i18n.text(lang, "digest.empty_off"))
    else:
        _size, skip = await service.digest_options(chat_id, chat_type)
        now = i18n.text(lang, "digest.empty_off" if skip else "digest.empty_on")
        await reply(context, message, now + "\n\n" + i18n.text(lang, "digest.empty_usage"))
