"""/channel: digests posted in a channel or group the user administers, managed from their
private chat; and the bot's own membership changes (``my_chat_member``).

In a private chat:

    /channel @name, /channel -100…, /channel https://t.me/name   link it and manage it
    /channel, then forward a post from the channel               the same, for any channel
    /channel                     which chat the commands manage now; buttons to switch
    /channel me (or off)         back to the user's own digest

Linking checks, through the Bot API, that the bot may post there (a channel: an administrator
with ``can_post_messages``; a group: a member allowed to send) and that the user is its creator
or an administrator; if not, one sentence says what to do. Then the digest commands of the
private chat (/subscribe, /feeds, /filter, /digest_time, /timezone, /quiet, /digest_size,
/digest_empty, /digest, /import, /export, /suggested) aim at the linked chat, and every answer
starts with its name (``target_of``), until the user switches back.

The bot removed from a linked chat, or left there without the right to post, pauses its
digests and tells the user who linked it; made able to post again, the digests resume.

Callback data of the /channel buttons: ``chan:<chat id>`` or ``chan:me``.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Protocol, cast

from telegram import (
    Chat,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers import i18n
from handlers.replies import AIMED_AT, bot_of, edit_pressed, language_of, reply, runtime_of
from handlers.runtime import Priority, Subscriptions

logger = logging.getLogger(__name__)

PREFIX = "chan"
FORWARD_WAIT_SECONDS = 600.0  # after /channel, a post forwarded within this links its channel
PAUSE_REASONS = ("removed", "deleted", "rights")  # why a linked chat's digests stopped
_BACK = frozenset({"me", "off", "back", "own", "мне", "я", "назад", "выкл"})
_PENDING = "channel_forward_until"  # user_data: until when a forwarded post links its channel
_REFERENCE = re.compile(
    r"^(?:@|(?:https?://)?(?:t\.me|telegram\.me)/)?([A-Za-z][A-Za-z0-9_]{3,31})/?$|^(-\d{5,20})$"
)


@dataclass(frozen=True, slots=True)
class LinkedChat:
    """A channel or group managed from a user's private chat."""

    chat_id: int
    kind: str  # "channel", "group" or "supergroup"
    title: str
    paused: bool = False
    reason: str | None = None  # why it is paused: one of PAUSE_REASONS (or an older text)


class Channels(Protocol):
    """Linked chats (``bot/channels.py``)."""

    async def link(self, user_id: int, chat: LinkedChat, language: str) -> LinkedChat:
        """Link the chat to the user, aim their commands at it, resume it if paused."""

    async def managed(self, user_id: int) -> LinkedChat | None:
        """The chat the user's commands aim at (None: their own)."""

    async def linked(self, user_id: int) -> list[LinkedChat]: ...

    async def manage(self, user_id: int, chat_id: int | None) -> LinkedChat | None:
        """Aim the user's commands at a chat they linked (None: their own)."""

    async def pause(self, chat_id: int, reason: str, title: str | None = None) -> int | None:
        """Stop the chat's digests; the user to tell, if it was linked and running."""

    async def resume(self, chat_id: int, title: str | None = None) -> int | None:
        """Resume the chat's digests; the user to tell, if it was linked and paused."""

    async def chat(self, chat_id: int) -> LinkedChat | None:
        """A linked chat as it is now (None: not linked)."""


@dataclass(frozen=True, slots=True)
class Target:
    """The chat a digest command acts on: the chat it was sent in, or the one it manages."""

    chat_id: int
    chat_type: str
    linked: LinkedChat | None = None  # set when the command aims at a linked chat


def register(app: Application) -> None:  # type: ignore[type-arg]
    """/channel, its buttons, forwarded posts after /channel, and the bot's own membership."""
    fresh = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("channel", channel, filters=fresh))
    app.add_handler(CallbackQueryHandler(on_switch, pattern=f"^{PREFIX}:"))
    app.add_handler(ChatMemberHandler(on_my_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    # Before every other handler (group -1): a forwarded post links its channel only right
    # after /channel; any other forward goes on to be summarized.
    forwarded = fresh & filters.ChatType.PRIVATE & filters.FORWARDED
    app.add_handler(MessageHandler(forwarded, on_forward), group=-1)


def channels_of(context: ContextTypes.DEFAULT_TYPE) -> Channels | None:
    """The linked chats' service (``bot_data["channels"]``), None without a database."""
    return cast("Channels | None", context.bot_data.get("channels"))


async def target_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Target | None:
    """The chat a digest command or button acts on. In a private chat that manages a linked
    chat, that chat, and the answers (``reply``, ``edit_pressed``) start with its name."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    service = channels_of(context)
    if chat.type != ChatType.PRIVATE or user is None or service is None:
        return Target(chat.id, chat.type)
    linked = await service.managed(user.id)
    if linked is None:
        return Target(chat.id, chat.type)
    lang = await language_of(user, runtime_of(context))
    setattr(context, AIMED_AT, _header(lang, linked))
    return Target(linked.chat_id, linked.kind, linked)


async def digest_now_for(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    service: Subscriptions,
    chat_id: int,
    lang: str,
) -> None:
    """/digest: the chat's digest now. One posted in a linked chat is announced here; a linked
    chat whose digests are paused (the bot may not post there) says why instead."""
    message = update.effective_message
    here = update.effective_chat
    if message is None or here is None:
        return
    channels = channels_of(context)
    linked = await channels.chat(chat_id) if channels and chat_id != here.id else None
    if linked is not None and linked.paused:
        await reply(context, message, _paused_line(lang, linked))
        return
    if await service.digest_now(chat_id):
        if linked is not None:
            await reply(context, message, i18n.text(lang, "channel.digest_posted"))
        return
    linked = await channels.chat(chat_id) if channels and linked is not None else None
    if linked is not None and linked.paused:  # refused just now: its user is told apart
        return
    await reply(context, message, i18n.text(lang, "digest.nothing"))


# --- /channel -----------------------------------------------------------------------------------


async def channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/channel [@name | id | link | me]: link a channel or group, show or switch the managed
    chat."""
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    service = channels_of(context)
    if message is None or user is None or chat is None:
        return
    lang = await language_of(user, runtime_of(context))
    if chat.type != ChatType.PRIVATE:
        await reply(context, message, i18n.text(lang, "channel.in_group", id=chat.id))
        return
    if service is None:
        await reply(context, message, i18n.text(lang, "channel.unavailable"))
        return
    wanted = " ".join(context.args or []).strip()
    if not wanted:
        origin = message.reply_to_message.forward_origin if message.reply_to_message else None
        if isinstance(origin, MessageOriginChannel):  # /channel in reply to a forwarded post
            await _link(context, message, user, origin.chat.id, lang)
            return
        if context.user_data is not None:
            context.user_data[_PENDING] = time.monotonic() + FORWARD_WAIT_SECONDS
        text, keyboard = await _status(service, user.id, lang)
        await reply(context, message, text, keyboard=keyboard)
        return
    if wanted.lower() in _BACK:
        await service.manage(user.id, None)
        await reply(context, message, i18n.text(lang, "channel.back"))
        return
    found = _REFERENCE.match(wanted)
    if found is None:
        await reply(context, message, i18n.text(lang, "channel.bad_name", name=wanted[:64]))
        return
    name, number = found.groups()
    await _link(context, message, user, f"@{name}" if name else int(number), lang)


async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The first post forwarded in a private chat within FORWARD_WAIT_SECONDS of /channel:
    link the channel it comes from (or the group, for a post by its anonymous admins). Any
    other forward is summarized as usual."""
    message = update.effective_message
    user = update.effective_user
    data = context.user_data
    pending = data.pop(_PENDING, None) if data is not None else None  # one forward only
    if message is None or user is None or not isinstance(pending, float):
        return
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        source = origin.chat.id
    elif isinstance(origin, MessageOriginChat):
        source = origin.sender_chat.id
    else:
        return
    if time.monotonic() > pending:
        return
    lang = await language_of(user, runtime_of(context))
    await _link(context, message, user, source, lang)
    raise ApplicationHandlerStop


async def on_switch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /channel button: manage that chat (its user must still be its administrator), or
    the user's own."""
    query = update.callback_query
    user = update.effective_user
    service = channels_of(context)
    if query is None or query.data is None or user is None or service is None:
        return
    lang = await language_of(user, runtime_of(context))
    wanted = query.data.split(":", 1)[1]
    if wanted == "me":
        await service.manage(user.id, None)
    else:
        try:
            chat_id = int(wanted)
        except ValueError:
            await query.answer(i18n.plain(lang, "press.unknown"))
            return
        linked = next((c for c in await service.linked(user.id) if c.chat_id == chat_id), None)
        if linked is None:
            await query.answer(i18n.plain(lang, "press.unknown"))
            return
        if not await _is_admin(context, chat_id, user.id):
            await query.answer(i18n.plain(lang, "channel.no_longer_admin", title=linked.title))
            return
        await service.manage(user.id, chat_id)
    await query.answer()
    text, keyboard = await _status(service, user.id, lang)
    await edit_pressed(context, query, text, keyboard)


async def _link(
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    user: User,
    reference: str | int,
    lang: str,
) -> None:
    """Check the chat, the bot's rights and the user's, then link it (see the module doc)."""
    service = channels_of(context)
    assert service is not None
    bot = bot_of(context)
    shown = reference if isinstance(reference, str) else str(reference)
    try:
        found = await bot.get_chat(reference, rate_limit_args=Priority.INTERACTIVE)
    except (BadRequest, Forbidden):
        await reply(context, message, i18n.text(lang, "channel.not_found", name=shown))
        return
    if found.type == ChatType.PRIVATE:
        await reply(context, message, i18n.text(lang, "channel.not_a_channel", name=shown))
        return
    title = found.title or (f"@{found.username}" if found.username else str(found.id))
    mine = await _member(context, found.id, bot.id)
    if not _may_post(found.type, mine):
        key = "channel.bot_not_admin" if found.type == ChatType.CHANNEL else "channel.bot_muted"
        await reply(context, message, i18n.text(lang, key, title=title, bot=bot.username))
        return
    if not await _is_admin(context, found.id, user.id):
        await reply(context, message, i18n.text(lang, "channel.user_not_admin", title=title))
        return
    linked = await service.link(user.id, LinkedChat(found.id, found.type, title), lang)
    subscriptions = runtime_of(context).subscriptions
    text = i18n.text(lang, "channel.linked", title=linked.title)
    if subscriptions is not None:
        when = await subscriptions.schedule(linked.chat_id, linked.kind)
        count = len(await subscriptions.feeds(linked.chat_id))
        text += "\n\n" + i18n.text(
            lang, "channel.linked_state", count=count, time=when.time, zone=when.zone
        )
    text += "\n\n" + i18n.text(lang, "channel.linked_commands")
    await reply(context, message, text)
    logger.info("chat %s linked by user %s", found.id, user.id)


async def _status(
    service: Channels, user_id: int, lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Which chat the commands manage, the switch buttons, and how to link another."""
    managed = await service.managed(user_id)
    linked = await service.linked(user_id)
    if managed is None:
        text = i18n.text(lang, "channel.status_own")
    else:
        text = i18n.text(lang, "channel.status_managed", title=managed.title)
        if managed.paused:
            text += "\n" + _paused_line(lang, managed)
    text += "\n\n" + i18n.text(lang, "channel.usage")
    if not linked:
        return text, None
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if managed and managed.chat_id == c.chat_id else "")
                + ("⏸ " if c.paused else "")
                + ("📢 " if c.kind == ChatType.CHANNEL else "👥 ")
                + c.title[:48],
                callback_data=f"{PREFIX}:{c.chat_id}",
            )
        ]
        for c in linked
    ]
    own = ("✓ " if managed is None else "") + i18n.plain(lang, "channel.button_own")
    rows.append([InlineKeyboardButton(own, callback_data=f"{PREFIX}:me")])
    return text, InlineKeyboardMarkup(rows)


def _paused_line(lang: str, linked: LinkedChat) -> str:
    reason = linked.reason if linked.reason in PAUSE_REASONS else "removed"
    return i18n.text(lang, f"channel.status_paused.{reason}")


def _header(lang: str, linked: LinkedChat) -> str:
    key = "channel.header_channel" if linked.kind == ChatType.CHANNEL else "channel.header_group"
    return i18n.text(lang, key, title=linked.title)


async def _member(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int
) -> ChatMember | None:
    """The member, or None where the bot may not look (it is not in the chat, or not an
    administrator of the channel)."""
    try:
        return await bot_of(context).get_chat_member(
            chat_id, user_id, rate_limit_args=Priority.INTERACTIVE
        )
    except (BadRequest, Forbidden):
        return None


async def _is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    member = await _member(context, chat_id, user_id)
    return member is not None and member.status in (
        ChatMemberStatus.OWNER,
        ChatMemberStatus.ADMINISTRATOR,
    )


def _may_post(kind: str, member: ChatMember | None) -> bool:
    """Whether the bot, as ``member``, may post digests in a chat of ``kind``."""
    if member is None:
        return False
    if kind == ChatType.CHANNEL:
        return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)
    if isinstance(member, ChatMemberRestricted):
        return member.can_send_messages
    return member.status in (
        ChatMemberStatus.OWNER,
        ChatMemberStatus.ADMINISTRATOR,
        ChatMemberStatus.MEMBER,
    )


# --- the bot's own membership -------------------------------------------------------------------


async def on_my_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a channel or group, or lost (or got back) the right to post:
    pause (or resume) its digests, and tell the user who linked it."""
    change = update.my_chat_member
    service = channels_of(context)
    if change is None or service is None or change.chat.type == ChatType.PRIVATE:
        return
    chat: Chat = change.chat
    member = change.new_chat_member
    if not _may_post(chat.type, member):
        left = member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
        reason = "removed" if left else "rights"
        user_id = await service.pause(chat.id, reason, chat.title)
        key = f"channel.paused.{reason}"
    elif not _may_post(chat.type, change.old_chat_member):
        user_id = await service.resume(chat.id, chat.title)
        key = "channel.resumed"
    else:
        return
    logger.info("chat %s: the bot's status is now %s", chat.id, member.status)
    if user_id is None:
        return
    runtime = runtime_of(context)
    lang = (await runtime.prefs(user_id)).language or runtime.options.interface_language
    text = i18n.text(lang, key, title=chat.title or str(chat.id))
    try:
        await bot_of(context).send_message(user_id, text, rate_limit_args=Priority.BULK)
    except Forbidden:  # the user blocked the bot too
        logger.info("chat %s: its user %s cannot be told", chat.id, user_id)


__all__ = ["PAUSE_REASONS", "Channels", "LinkedChat", "Target", "channels_of", "target_of"]
