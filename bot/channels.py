"""Channels and groups managed from a private chat (/channel): the handlers' ``Channels``
(``handlers.channels.Channels``) on the database, and the notice that a chat's digests stopped.

A linked chat is a row of ``chats`` like any other (its feeds, words, time, zone and quiet hours
are its own), with ``linked_by``: the user who linked it, whose private chat manages it and hears
about it. The user's own row says which chat their commands aim at (``managing``; None: their
own). One user at a time manages a chat: linking it again from another administrator's private
chat moves it there.

Digests stop (the chat is paused) when the bot is removed from the chat or may no longer post
there (a ``my_chat_member`` update, ``handlers.channels``), or when a digest cannot be sent
because the chat is gone or the bot may not write there (``DigestSender``'s ``on_paused``,
through ``ChannelNotices``). Either way the user who linked it is told in their private chat. A
chat the bot may post in again (it was made an administrator again, or linked again) resumes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.db import repo
from bot.db.models import Chat
from handlers import i18n
from handlers.channels import LinkedChat
from handlers.runtime import Priority

logger = logging.getLogger(__name__)

MAX_LINKED = 20  # chats one user may manage (listed as buttons under /channel)
# A send refused with one of these (400) is about the chat, not the message: its digests stop.
_CHAT_REFUSALS = {
    "chat not found": "deleted",
    "need administrator rights": "rights",
    "not enough rights": "rights",
    "have no rights to send": "rights",
    "chat_write_forbidden": "rights",
}


def refusal_reason(error: TelegramError) -> str | None:
    """Why a refused send means the chat's digests must stop ("removed", "deleted", "rights"),
    or None if the refusal was about the message."""
    if isinstance(error, Forbidden):
        return "removed"
    if isinstance(error, BadRequest):
        lowered = error.message.lower()
        for phrase, reason in _CHAT_REFUSALS.items():
            if phrase in lowered:
                return reason
    return None


class DbChannels:
    """Linked chats in the database, one short transaction per call."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, clock: Callable[[], datetime]
    ) -> None:
        self.sessions = sessions
        self.clock = clock

    async def link(self, user_id: int, chat: LinkedChat, language: str) -> LinkedChat:
        """Link ``chat`` to the user and aim their commands at it; a paused chat resumes (it
        was just checked that the bot may post there)."""
        now = self.clock()
        async with self.sessions() as session, session.begin():
            row = await repo.ensure_chat(session, chat.chat_id, now, kind=chat.kind)
            row.type = chat.kind
            row.title = chat.title[:256]
            row.linked_by = user_id
            if row.language is None:  # its digests speak the language of who set it up
                row.language = language
            row.digests_paused, row.paused_reason = False, None
            own = await repo.ensure_chat(session, user_id, now)
            own.managing = chat.chat_id
            return _view(row)

    async def managed(self, user_id: int) -> LinkedChat | None:
        """The chat the user's commands aim at (None: their own)."""
        async with self.sessions() as session:
            own = await repo.chat(session, user_id)
            if own is None or own.managing is None:
                return None
            row = await repo.chat(session, own.managing)
        if row is None or row.linked_by != user_id:  # forgotten, or linked by someone else since
            return None
        return _view(row)

    async def linked(self, user_id: int) -> list[LinkedChat]:
        """The chats the user manages, by title."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Chat).where(Chat.linked_by == user_id).order_by(Chat.title, Chat.id)
            )
            return [_view(row) for row in list(rows)[:MAX_LINKED]]

    async def manage(self, user_id: int, chat_id: int | None) -> LinkedChat | None:
        """Aim the user's commands at ``chat_id`` (one they linked) or, with None, at their own
        chat. Returns the chat now managed (None: their own, or ``chat_id`` is not theirs)."""
        async with self.sessions() as session, session.begin():
            own = await repo.ensure_chat(session, user_id, self.clock())
            if chat_id is None:
                own.managing = None
                return None
            row = await repo.chat(session, chat_id)
            if row is None or row.linked_by != user_id:
                return None
            own.managing = chat_id
            return _view(row)

    async def chat(self, chat_id: int) -> LinkedChat | None:
        """A linked chat as it is now (None: not linked)."""
        async with self.sessions() as session:
            row = await repo.chat(session, chat_id)
        return _view(row) if row is not None and row.linked_by is not None else None

    async def pause(self, chat_id: int, reason: str, title: str | None = None) -> int | None:
        """Stop the chat's digests (the bot may not post there: ``reason`` is one of
        PAUSE_REASONS). Returns the user to tell, if the chat was linked and was not paused."""
        async with self.sessions() as session, session.begin():
            row = await repo.chat(session, chat_id)
            if row is None:
                return None
            if title:
                row.title = title[:256]
            if row.digests_paused:
                return None
            row.digests_paused, row.paused_reason = True, reason
            return row.linked_by

    async def resume(self, chat_id: int, title: str | None = None) -> int | None:
        """The bot may post in the chat again: its digests resume (a chat is only ever paused
        because the bot could not post). Returns the user to tell, if it was linked and paused."""
        async with self.sessions() as session, session.begin():
            row = await repo.chat(session, chat_id)
            if row is None:
                return None
            if title:
                row.title = title[:256]
            if not row.digests_paused:
                return None
            row.digests_paused, row.paused_reason = False, None
            return row.linked_by

    async def owner(self, chat_id: int) -> int | None:
        """The user who linked the chat (None: not linked)."""
        async with self.sessions() as session:
            row = await repo.chat(session, chat_id)
        return row.linked_by if row is not None else None

    async def language(self, user_id: int) -> str | None:
        """The user's chosen interface language, if any (for notices sent without an update)."""
        async with self.sessions() as session:
            row = await repo.chat(session, user_id)
        return row.language if row is not None else None


class ChannelNotices:
    """Tells the user who linked a chat that its digests stopped or resume (in their private
    chat, in their language, as bulk traffic)."""

    def __init__(
        self, channels: DbChannels, bot: ExtBot[int], *, interface_language: str = "en"
    ) -> None:
        self.channels = channels
        self.bot = bot
        self.interface_language = interface_language

    async def on_paused(self, chat_id: int, reason: str) -> None:
        """``DigestSender``'s hook: a digest was refused for ``reason`` and the chat paused. A
        notice that cannot be given is logged: the delivery round goes on."""
        try:
            user_id = await self.channels.owner(chat_id)
            if user_id is not None:
                await self.tell(user_id, chat_id, f"channel.paused.{reason}")
        except Exception:
            logger.exception("chat %s: the notice that its digests stopped failed", chat_id)

    async def tell(self, user_id: int, chat_id: int, key: str) -> None:
        """Send the notice ``key`` about the chat to the user (a user who blocked the bot is
        not told)."""
        linked = await self.channels.chat(chat_id)
        if linked is None:
            return
        lang = await self.channels.language(user_id) or self.interface_language
        text = i18n.text(lang if lang in i18n.LANGUAGES else "en", key, title=linked.title)
        with contextlib.suppress(TelegramError):
            await self.bot.send_message(user_id, text, rate_limit_args=Priority.BULK)
        logger.info("chat %s: %s told to the user who linked it", chat_id, key)


def _view(row: Chat) -> LinkedChat:
    return LinkedChat(
        chat_id=row.id,
        kind=row.type,
        title=row.title or str(row.id),
        paused=row.digests_paused,
        reason=row.paused_reason if row.digests_paused else None,
    )
