"""Daily digests: composed from the database, delivered exactly once.

A round (``DigestSender.run``), every minute or so, in any number of bot processes:

1. Stale claims first: a delivery whose lease ran out unfinished (its process died) is taken
   over (compare-and-set on the lease) and resumed from the first message not yet recorded.
2. Due chats: each chat with subscriptions whose digest is due (``bot/schedule.py``) is claimed
   by inserting its (chat, local date) row; only the inserter goes on.
3. The digest is composed from the articles its feeds carried since the last digest (filtered
   by the chat's words, clustered across sources, ranked, the top ``digest_size``), rendered
   into messages, and those messages are stored on the claim (status "sending") before the
   first is sent, so a resumed delivery sends the same messages.
4. Each message is sent (lowest flood-control priority) and ``parts_sent`` is committed right
   after it: a crash between Telegram's answer and that commit is the one moment a message can
   go twice, and at most one message. Then "sent", and the chat's window moves on.

An empty digest is "skipped" (unless the chat wants empty ones). A chat that blocked the bot
has its digests paused; a group that became a supergroup is followed to its new id.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import ExtBot

from bot.db import repo
from bot.db.models import (
    FAILED,
    SENDING,
    SENT,
    SKIPPED,
    Article,
    Chat,
    Delivery,
    Subscription,
)
from bot.schedule import due_date, parse_time
from handlers import i18n
from handlers.render import DigestLine, render_digest
from handlers.runtime import Priority
from summaries.digest import DigestItem, Story, cluster, rank
from summaries.digest import select as select_stories

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claim not finished by then is taken over by another process
FIRST_WINDOW = timedelta(hours=24)  # a chat's first digest covers the day before it
LEAD_CHARS = 300  # an article with no summary shows the start of its text
MAX_CHATS_PER_ROUND = 500
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
NOW_PREFIX = "now-"  # the "local date" of a /digest asked for now: outside the schedule


@dataclass
class RoundReport:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    resumed: int = 0
    messages: int = 0


class DigestSender:
    """Composes and delivers due digests (see the module docstring)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        bot: ExtBot[int],
        *,
        clock: Callable[[], datetime],
        worker: str | None = None,
        interface_language: str = "en",
    ) -> None:
        self.sessions = sessions
        self.bot = bot
        self.clock = clock
        self.worker = worker or f"digest-{secrets.token_hex(4)}"
        self.interface_language = interface_language
        self._locks: dict[int, asyncio.Lock] = {}

    async def run(self) -> RoundReport:
        """One round: resume stale deliveries, then claim and send the due ones."""
        report = RoundReport()
        now = self.clock()
        async with self.sessions() as session:
            stale = await repo.stale_deliveries(session, now, MAX_CHATS_PER_ROUND)
        for delivery in stale:
            async with self.sessions() as session, session.begin():
                taken = await repo.claim_delivery(
                    session,
                    delivery.chat_id,
                    delivery.local_date,
                    delivery.due_at,
                    worker=self.worker,
                    lease=LEASE,
                    now=now,
                )
            if taken is not None:
                report.resumed += 1
                await self._deliver(taken.id, report)
        for chat_id, local_date, due_at in await self._due(now):
            async with self.sessions() as session, session.begin():
                claim = await repo.claim_delivery(
                    session,
                    chat_id,
                    local_date.isoformat(),
                    due_at,
                    worker=self.worker,
                    lease=LEASE,
                    now=now,
                )
            if claim is not None:
                report.claimed += 1
                await self._deliver(claim.id, report)
        return report

    async def send_now(self, chat_id: int) -> RoundReport:
        """/digest: the chat's digest now, outside its schedule (its own delivery row). Two
        /digest at once in one chat run one after the other (the second finds nothing new)."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        try:
            async with lock:
                return await self._send_now(chat_id)
        finally:
            if not lock.locked():
                self._locks.pop(chat_id, None)

    async def _send_now(self, chat_id: int) -> RoundReport:
        report = RoundReport()
        now = self.clock()
        async with self.sessions() as session, session.begin():
            claim = await repo.claim_delivery(
                session,
                chat_id,
                f"{NOW_PREFIX}{now:%Y%m%d%H%M%S}",
                now,
                worker=self.worker,
                lease=LEASE,
                now=now,
            )
        if claim is not None:
            await self._deliver(claim.id, report, on_demand=True)
        return report

    # --- which chats ----------------------------------------------------------------------------

    async def _due(self, now: datetime) -> list[tuple[int, date, datetime]]:
        async with self.sessions() as session:
            latest = (
                select(Delivery.chat_id, func.max(Delivery.local_date).label("last"))
                .where(~Delivery.local_date.startswith(NOW_PREFIX))
                .group_by(Delivery.chat_id)
                .subquery()
            )
            rows = await session.execute(
                select(Chat, latest.c.last)
                .join(latest, latest.c.chat_id == Chat.id, isouter=True)
                .where(
                    Chat.digests_paused.is_(False),
                    Chat.id.in_(select(Subscription.chat_id)),
                )
                .limit(MAX_CHATS_PER_ROUND * 4)
            )
            due: list[tuple[int, date, datetime]] = []
            for chat, last in rows.tuples():
                at = parse_time(chat.digest_time)
                if at is None:
                    continue
                last_date = date.fromisoformat(last) if last else None
                found = due_date(chat.timezone, at, now, last_date)
                if found is not None:
                    due.append((chat.id, found[0], found[1]))
        return due[:MAX_CHATS_PER_ROUND]

    # --- one delivery -------------------------------------------------------------------------

    async def _deliver(
        self, delivery_id: int, report: RoundReport, *, on_demand: bool = False
    ) -> None:
        parts = await self._compose(delivery_id, on_demand=on_demand)
        if parts is None:
            report.skipped += 1
            return
        async with self.sessions() as session:
            delivery = await session.get(Delivery, delivery_id)
            assert delivery is not None
            chat_id, start = delivery.chat_id, delivery.parts_sent
        for index in range(start, len(parts)):
            try:
                await self._send(chat_id, parts[index])
            except ChatMigrated as moved:
                chat_id = await self._follow_migration(chat_id, moved.new_chat_id, delivery_id)
                await self._send(chat_id, parts[index])
            except (Forbidden, BadRequest) as refused:
                await self._refused(delivery_id, chat_id, refused)
                report.failed += 1
                return
            async with self.sessions() as session, session.begin():
                row = await session.get(Delivery, delivery_id)
                assert row is not None
                row.parts_sent = index + 1
                row.lease_until = self.clock() + LEASE
            report.messages += 1
        async with self.sessions() as session, session.begin():
            row = await session.get(Delivery, delivery_id)
            assert row is not None
            row.status = SENT
            row.sent_at = self.clock()
            chat = await session.get(Chat, row.chat_id)
            if chat is not None and row.window_end is not None:
                chat.last_digest_at = max(chat.last_digest_at or row.window_end, row.window_end)
        report.sent += 1

    async def _send(self, chat_id: int, html_text: str) -> None:
        """One digest message: HTML, no link preview (a digest has many links), bulk priority."""
        await self.bot.send_message(
            chat_id,
            html_text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            rate_limit_args=Priority.BULK,
        )

    async def _compose(self, delivery_id: int, *, on_demand: bool) -> list[str] | None:
        """The delivery's messages: stored ones (a resumed delivery), or composed and stored
        now. None: nothing new (and the chat skips empty digests, or asked for this one: then
        the command says so), and the delivery is marked skipped."""
        now = self.clock()
        async with self.sessions() as session, session.begin():
            delivery = await session.get(Delivery, delivery_id)
            assert delivery is not None
            if delivery.parts is not None:
                return list(delivery.parts)
            chat = await session.get(Chat, delivery.chat_id)
            if chat is None:
                delivery.status = FAILED
                delivery.error = "chat forgotten"
                return None
            # From the end of the last digest composed for this chat (sent, or being sent by
            # another process right now), so nothing is in two digests.
            covered = await session.scalar(
                select(func.max(Delivery.window_end)).where(
                    Delivery.chat_id == chat.id,
                    Delivery.status.in_((SENDING, SENT)),
                    Delivery.id != delivery.id,
                )
            )
            marks = [t for t in (chat.last_digest_at, covered) if t is not None]
            since = max(marks) if marks else now - FIRST_WINDOW
            found = await repo.articles_for_chat(session, chat.id, since, now)
            lines, more = _lines(found, now, chat.digest_size)
            delivery.window_start, delivery.window_end = since, now
            if not lines and (chat.skip_empty or on_demand):
                delivery.status = SKIPPED
                chat.last_digest_at = now
                return None
            lang = chat.language or self.interface_language
            local_day = (
                now.date()
                if delivery.local_date.startswith(NOW_PREFIX)
                else date.fromisoformat(delivery.local_date)
            )
            parts = render_digest(
                lines, lang=lang if lang in i18n.LANGUAGES else "en", day=local_day, more=more
            )
            delivery.parts = parts
            delivery.parts_total = len(parts)
            delivery.status = SENDING
            return parts

    async def _refused(self, delivery_id: int, chat_id: int, error: Exception) -> None:
        async with self.sessions() as session, session.begin():
            row = await session.get(Delivery, delivery_id)
            if row is not None:
                row.status = FAILED
                row.error = f"{type(error).__name__}: {error}"[:500]
            if isinstance(error, Forbidden):
                chat = await session.get(Chat, chat_id)
                if chat is not None:
                    chat.digests_paused = True
                    chat.paused_reason = "the bot was blocked or removed"
        logger.info("digest for chat %s refused: %s", chat_id, type(error).__name__)

    async def _follow_migration(self, old_id: int, new_id: int, delivery_id: int) -> int:
        """A group became a supergroup: its row, subscriptions and deliveries move to the new id."""
        async with self.sessions() as session, session.begin():
            await repo.migrate_chat(session, old_id, new_id)
        logger.info("chat %s migrated to %s (delivery %s follows)", old_id, new_id, delivery_id)
        return new_id


def _lines(
    found: list[tuple[Article, list[str], Subscription]], now: datetime, size: int
) -> tuple[list[DigestLine], int]:
    """The chat's top stories as digest lines, and how many more stories there were. Each
    article is one item per feed that carried it (the same key: always one story), kept only
    if it passes the words of the chat's subscription."""
    items: list[DigestItem] = []
    sentences: dict[str, tuple[str, ...]] = {}
    for article, feeds, subscription in found:
        summary = tuple(article.summary or ())
        lead = summary or (((article.text or "")[:LEAD_CHARS]).strip(),)
        sentences[article.key] = tuple(s for s in lead if s)
        for feed in feeds:
            item = DigestItem(
                key=article.key,
                title=article.title,
                text=" ".join(sentences[article.key]),
                url=article.url,
                source=feed,
                published=article.published_at or article.first_seen_at,
                language=article.language,
            )
            if select_stories(
                [Story.from_items([item])],
                1,
                include_words=subscription.include_words,
                exclude_words=subscription.exclude_words,
            ):
                items.append(item)
    stories = rank(cluster(items), now=now)
    lines = [
        DigestLine(
            story.items[0].title,
            story.items[0].url,
            sentences.get(story.items[0].key, ())[:2],
            story.sources,
        )
        for story in stories[:size]
    ]
    return lines, max(0, len(stories) - size)
