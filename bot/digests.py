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
(or a channel or group gone, or where the bot may no longer post: ``bot.channels``) has its
digests paused; a group that became a supergroup is followed to its new id.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError
from telegram.ext import ExtBot

from bot import metrics
from bot.channels import refusal_reason
from bot.db import repo
from bot.db.engine import read_only
from bot.db.models import (
    FAILED,
    ON_DEMAND_PREFIX,
    SENDING,
    SENT,
    SKIPPED,
    Chat,
    Delivery,
    Subscription,
)
from bot.schedule import due_date, in_quiet_hours, parse_time
from handlers import i18n
from handlers.render import DigestLine, render_digest
from handlers.runtime import DIGEST_BUDGET, Priority
from handlers.workers import in_background
from summaries.errors import WorkerTimeout
from summaries.feeds.digest import DigestItem, Story
from summaries.feeds.top import Candidate, top_stories

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claim with no news for this long is taken over by another process
DELIVERY_CONCURRENCY = 16  # deliveries in progress at once in one process
MAX_BATCHES = 40  # batches of MAX_CHATS_PER_ROUND in one round (then the next round goes on)
SCAN_PAGE = 5000  # chats read at a time when looking for due digests
COMPOSE_ATTEMPTS = 3  # compositions of one digest when other digests of its chat move the window
BRIEF_MEMO = 50_000  # finished articles kept in memory for composing (then the memo restarts)
FIRST_WINDOW = timedelta(hours=24)  # a chat's first digest covers the day before it
# An article dated more than this before its digest's window began is not news, even if a feed
# carried it only now (the backlog of a feed just followed, a feed that republishes its archive).
# A day of slack keeps items a slow feed or a late poll brings in.
STALE_AFTER = timedelta(hours=24)
# A feed followed since the last digest brings what it carried in this long before the digest (a
# feed the bot already polls has recent stories for its new subscriber).
RECENT_FOR_NEW = timedelta(hours=48)
LEAD_CHARS = 300  # an article with no summary shows the start of its text
MAX_CHATS_PER_ROUND = 500
# Articles one digest is composed from: the newest. Clustering grows faster than the items (4,000
# took 22 s and 396 MB), and a digest shows its top ``digest_size`` stories (at most a few dozen):
# a day of 100 feeds with ~10 new items each stays under the cap.
MAX_DIGEST_ITEMS = 1000
# A digest of at most this many articles is composed on the event loop: clustering 100 full-text
# items takes about 12 ms (5 ms for headlines), less than handing them to a worker and back, and
# a fan-out of thousands of small digests through the pool fell from 95% of Telegram's rate to
# 80% (its first message 34 s after start instead of 4). Larger ones go to a worker, with a budget.
INLINE_DIGEST_ITEMS = 100
# ... and if even that composition runs past DIGEST_BUDGET (a slow machine), the newest these.
FALLBACK_DIGEST_ITEMS = 200
# A sent message whose record could not be written (the database away) is recorded again after
# a pause that doubles up to this, until it is; nothing else of the chat is sent meanwhile.
RECORD_RETRY_MAX = timedelta(seconds=5)
RECORD_RETRY_FIRST = timedelta(milliseconds=100)
# A message Telegram answered with a 5xx or a timeout is sent again in place this many times in
# all, a pause of SEND_RETRY_PAUSE between, before the delivery breaks off (resumed after its
# lease). A 5xx means the message was not taken; a timeout usually means it never arrived.
SEND_ATTEMPTS = 4
SEND_RETRY_PAUSE = timedelta(seconds=1)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
NOW_PREFIX = ON_DEMAND_PREFIX  # the "local date" of a /digest asked for now: outside the schedule


@dataclass
class RoundReport:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    resumed: int = 0
    messages: int = 0
    errors: int = 0  # deliveries that broke off (left claimed: resumed after their lease)
    silent: int = 0  # messages sent without a notification (the chat's quiet hours)


@dataclass(frozen=True)
class _Plan:
    """A delivery ready to send: its stored messages and where to resume."""

    delivery_id: int
    chat_id: int
    parts: list[str]
    start: int
    zone: str
    quiet: tuple[time | None, time | None]
    window_end: datetime | None
    claim: str  # the claim's name on the row (the compare-and-set of each record)


class TakenOver(Exception):
    """Another process took the delivery over (this one's lease ran out): stop sending it."""


class DigestSender:
    """Composes and delivers due digests (see the module docstring).

    ``concurrency`` deliveries run at once: enough to keep the flood limit's pipe full while
    some wait for their chat's one-a-second window or the database. ``lease`` is how long a
    claim holds without news from its process; every message sent renews it. ``records``: a
    session factory on a connection of its own for recording sent messages. ``on_paused``
    hears of a chat whose digests stopped because the bot may not post there.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        bot: ExtBot[int],
        *,
        clock: Callable[[], datetime],
        worker: str | None = None,
        interface_language: str = "en",
        concurrency: int = DELIVERY_CONCURRENCY,
        lease: timedelta = LEASE,
        records: async_sessionmaker[AsyncSession] | None = None,
        on_paused: Callable[[int, str], Awaitable[None]] | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.sessions = sessions
        self.on_paused = on_paused  # (chat id, reason): a chat's digests stopped (bot.channels)
        # where stories are clustered (the bot's worker pool, within DIGEST_BUDGET); None: a
        # thread, without a budget
        self.executor = executor
        # Where a sent message is recorded: best a connection of its own, so the record does
        # not queue behind the other deliveries' reads (the shorter the time from Telegram's
        # answer to the commit, the fewer messages a killed process leaves to be sent again).
        self.records = records or sessions
        self.reads = read_only(sessions)  # the due scan and composing only read
        self.bot = bot
        self.clock = clock
        self.worker = worker or f"digest-{secrets.token_hex(4)}"
        self.interface_language = interface_language
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self._locks: dict[int, asyncio.Lock] = {}
        self._stopping = False
        self._briefs: dict[int, repo.ArticleBrief] = {}  # articles that will not change
        self._composing = asyncio.Semaphore(1)

    def stop_claiming(self) -> None:
        """The process is stopping: deliveries under way finish, no new one is claimed (they
        are left for the next process, due as before)."""
        self._stopping = True

    async def run(self) -> RoundReport:
        """One round: resume stale deliveries, then claim and send the due ones, batch after
        batch until none is due (or ``MAX_BATCHES``)."""
        report = RoundReport()
        async with self.reads() as session:
            stale = await repo.stale_deliveries(session, self.clock(), MAX_CHATS_PER_ROUND)
        await self._each([(d.chat_id, d.local_date, d.due_at) for d in stale], report, resumed=True)
        for _ in range(MAX_BATCHES):
            if self._stopping:
                break
            due = await self._due(self.clock())
            if not due:
                break
            await self._each([(chat_id, day.isoformat(), at) for chat_id, day, at in due], report)
        return report

    async def _each(
        self, jobs: list[tuple[int, str, datetime]], report: RoundReport, *, resumed: bool = False
    ) -> None:
        """Claim and deliver each (chat, local date, due instant), ``concurrency`` at once. One
        delivery that breaks off (Telegram unreachable, say) does not stop the others: it stays
        claimed and is resumed by a later round once its lease has run out."""
        gate = asyncio.Semaphore(self.concurrency)

        async def one(chat_id: int, local_date: str, due_at: datetime) -> None:
            async with gate:
                if self._stopping:
                    return
                try:
                    async with self.sessions() as session, session.begin():
                        claim = await repo.claim_delivery(
                            session,
                            chat_id,
                            local_date,
                            due_at,
                            worker=self._claimant(),
                            lease=self.lease,
                            now=self.clock(),
                        )
                    if claim is None:
                        return
                    if resumed:
                        report.resumed += 1
                        metrics.DIGEST_RETRIES.labels("resumed").inc()
                    else:
                        report.claimed += 1
                    sent_before = report.sent
                    await self._deliver(claim.id, claim.claimed_by or "", report)
                    metrics.digest_done(report, sent_before, due_at, self.clock())
                except TakenOver:
                    logger.info("digest for chat %s was taken over by another claim", chat_id)
                except Exception as error:  # the round goes on with the others
                    report.errors += 1
                    metrics.DIGEST_RETRIES.labels("broke_off").inc()
                    if database_away(error) or isinstance(error, TelegramError):
                        # the database or Telegram away: one line, not a traceback per chat
                        logger.warning(
                            "digest for chat %s broke off (%s); it is resumed after its lease",
                            chat_id,
                            type(error).__name__,
                        )
                    else:  # a bug
                        logger.exception("digest for chat %s failed", chat_id)

        await asyncio.gather(*(one(*job) for job in jobs))

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
                worker=self._claimant(),
                lease=self.lease,
                now=now,
            )
        if claim is not None:
            try:
                await self._deliver(claim.id, claim.claimed_by or "", report, on_demand=True)
            except TakenOver:  # it stalled past its lease and a round resumed it: it is coming
                report.messages += 1
        return report

    def _claimant(self) -> str:
        """A name for one claim: this process's, and the claim's own (the compare-and-set on
        it tells a stalled claim from its takeover, even within one process)."""
        return f"{self.worker}/{secrets.token_hex(4)}"

    # --- which chats ----------------------------------------------------------------------------

    async def _due(self, now: datetime) -> list[tuple[int, date, datetime]]:
        """Chats whose digest is due now (at most ``MAX_CHATS_PER_ROUND``), found by reading
        every chat with subscriptions in pages of ``SCAN_PAGE`` (the due instant depends on
        each chat's zone, so it is computed here, not in SQL)."""
        last = (
            select(func.max(Delivery.local_date))
            .where(Delivery.chat_id == Chat.id, ~Delivery.local_date.startswith(NOW_PREFIX))
            .correlate(Chat)
            .scalar_subquery()
        )
        # A chat's schedule starts with its first feed: a digest time already past when it
        # subscribes is not due that day (an unasked digest would come at once).
        first = (
            select(func.min(Subscription.created_at))
            .where(Subscription.chat_id == Chat.id)
            .correlate(Chat)
            .scalar_subquery()
        )
        due: list[tuple[int, date, datetime]] = []
        after: int | None = None
        async with self.reads() as session:
            while len(due) < MAX_CHATS_PER_ROUND:
                query = (
                    select(Chat.id, Chat.timezone, Chat.digest_time, last, first)
                    .where(
                        Chat.digests_paused.is_(False),
                        Chat.id.in_(select(Subscription.chat_id)),
                    )
                    .order_by(Chat.id)
                    .limit(SCAN_PAGE)
                )
                if after is not None:
                    query = query.where(Chat.id > after)
                rows = (await session.execute(query)).tuples().all()
                for chat_id, zone, at_text, last_date, since in rows:
                    at = parse_time(at_text)
                    if at is None:
                        continue
                    found = due_date(
                        zone,
                        at,
                        now,
                        date.fromisoformat(last_date) if last_date else None,
                        not_before=since,
                    )
                    if found is not None:
                        due.append((chat_id, found[0], found[1]))
                if len(rows) < SCAN_PAGE:
                    break
                after = rows[-1][0]
        return due[:MAX_CHATS_PER_ROUND]

    # --- one delivery -------------------------------------------------------------------------

    async def _deliver(
        self, delivery_id: int, claim: str, report: RoundReport, *, on_demand: bool = False
    ) -> None:
        plan = await self._compose(delivery_id, claim, on_demand=on_demand)
        if plan is None:
            report.skipped += 1
            metrics.DIGESTS.labels("skipped").inc()
            return
        chat_id = plan.chat_id
        for index in range(plan.start, len(plan.parts)):
            silent = not on_demand and in_quiet_hours(plan.zone, *plan.quiet, self.clock())
            try:
                await self._send_retrying(chat_id, plan.parts[index], silent=silent)
            except ChatMigrated as moved:
                chat_id = await self._follow_migration(chat_id, moved.new_chat_id, delivery_id)
                plan = replace(plan, chat_id=chat_id)
                await self._send(chat_id, plan.parts[index], silent=silent)
            except (Forbidden, BadRequest) as refused:
                await self._refused(delivery_id, chat_id, refused)
                report.failed += 1
                metrics.DIGESTS.labels("refused").inc()
                return
            await self._record_sent(plan, index + 1)
            report.messages += 1
            metrics.DIGEST_MESSAGES.inc()
            report.silent += silent
        if plan.start >= len(plan.parts):  # resumed after its last message was recorded
            await self._record_sent(plan, len(plan.parts))
        report.sent += 1
        metrics.DIGESTS.labels("sent").inc()

    async def _send_retrying(self, chat_id: int, html_text: str, *, silent: bool) -> None:
        """``_send``, again after a 5xx or a timeout (SEND_ATTEMPTS in all)."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self._send(chat_id, html_text, silent=silent)
                return
            except (BadRequest, Forbidden, ChatMigrated):
                raise
            except NetworkError as error:  # 5xx answers and timeouts (TimedOut) are these
                if attempt == SEND_ATTEMPTS:
                    raise
                logger.info("digest message to %s: %s; sending again", chat_id, error)
                await asyncio.sleep(SEND_RETRY_PAUSE.total_seconds() * attempt)

    async def _record_sent(self, plan: _Plan, parts_sent: int) -> None:
        """``_record_once``, until it is written: Telegram has the message, so its record is the
        one thing this delivery does next, however long the database is away (each failure
        waits a pause that doubles up to RECORD_RETRY_MAX). Sending the chat's next message, or
        leaving the delivery to be resumed from the old position, would repeat a message.
        Another process that took the delivery over meanwhile ends it (TakenOver)."""
        pause = RECORD_RETRY_FIRST.total_seconds()
        failures = 0
        while True:
            try:
                await self._record_once(plan, parts_sent)
            except Exception as error:
                if not database_away(error):
                    raise
                failures += 1
                if failures == 1 or failures % 20 == 0:
                    logger.warning(
                        "digest %s: message %d was sent but its record failed (%s); retrying",
                        plan.delivery_id,
                        parts_sent,
                        type(error).__name__,
                    )
                await asyncio.sleep(pause)
                pause = min(pause * 2, RECORD_RETRY_MAX.total_seconds())
                continue
            if failures:
                logger.info("digest %s: message %d recorded", plan.delivery_id, parts_sent)
            return

    async def _record_once(self, plan: _Plan, parts_sent: int) -> None:
        """Commit that a message went, renewing the lease, if the delivery is still this
        process's (compare-and-set on the claimant: else another process took it over). With
        the last message, the delivery is done and the chat's window moves on, in the same
        transaction."""
        now = self.clock()
        finished = parts_sent >= len(plan.parts)
        values: dict[str, object] = {"parts_sent": parts_sent, "lease_until": now + self.lease}
        if finished:
            values.update(status=SENT, sent_at=now)
        async with self.records() as session, session.begin():
            done = await session.execute(
                update(Delivery)
                .where(Delivery.id == plan.delivery_id, Delivery.claimed_by == plan.claim)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise TakenOver()
            if finished and plan.window_end is not None:
                await session.execute(
                    update(Chat)
                    .where(
                        Chat.id == plan.chat_id,
                        (Chat.last_digest_at.is_(None)) | (Chat.last_digest_at < plan.window_end),
                    )
                    .values(last_digest_at=plan.window_end)
                    .execution_options(synchronize_session=False)
                )

    async def _send(self, chat_id: int, html_text: str, *, silent: bool = False) -> None:
        """One digest message: HTML, no link preview (a digest has many links), bulk priority;
        without a notification in the chat's quiet hours."""
        await self.bot.send_message(
            chat_id,
            html_text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            disable_notification=silent,
            rate_limit_args=Priority.BULK,
        )

    async def _compose(self, delivery_id: int, claim: str, *, on_demand: bool) -> _Plan | None:
        """The delivery's messages: stored ones (a resumed delivery), or composed and stored
        now. None: nothing new (and the chat skips empty digests, or asked for this one: then
        the command says so), and the delivery is marked skipped; or the delivery is gone.

        Reading, composing and storing are three steps, so no transaction is open while the
        stories are clustered (on SQLite an open write transaction holds the whole file). The
        store checks, with the chat's row locked, that no other digest of the chat took a
        window meanwhile (a /digest beside the scheduled one); if one did, it composes again
        from there, so no story is in two digests."""
        for _attempt in range(COMPOSE_ATTEMPTS):
            now = self.clock()
            async with self.reads() as session:
                delivery = await session.get(Delivery, delivery_id)
                if delivery is None:  # the chat was forgotten meanwhile (/forget)
                    return None
                chat = await session.get(Chat, delivery.chat_id)
                if chat is None:
                    return None
                if delivery.parts is not None:
                    return _plan(delivery, chat, list(delivery.parts), claim)
                covered = await _covered(session, chat.id, delivery.id)
                marks = [t for t in (chat.last_digest_at, covered) if t is not None]
                since = max(marks) if marks else now - FIRST_WINDOW
                found = await self._candidates(session, chat.id, since, now)
            # One composition at a time: each is a few milliseconds of CPU with no pause, and
            # a crowd of them ready at once would delay recording the messages Telegram has
            # just accepted (the window in which a killed process leaves a message to repeat).
            async with self._composing:
                lines, more = await self._lines(found, now, chat.digest_size)
                parts: list[str] | None = None
                if lines or not (chat.skip_empty or on_demand):
                    lang = chat.language or self.interface_language
                    local_day = (
                        now.date()
                        if delivery.local_date.startswith(NOW_PREFIX)
                        else date.fromisoformat(delivery.local_date)
                    )
                    parts = render_digest(
                        lines,
                        lang=lang if lang in i18n.LANGUAGES else "en",
                        day=local_day,
                        more=more,
                    )
            async with self.sessions() as session, session.begin():
                await session.execute(select(Chat.id).where(Chat.id == chat.id).with_for_update())
                row = await session.get(Delivery, delivery_id)
                if row is None:
                    return None
                if row.claimed_by != claim:
                    raise TakenOver()
                if row.parts is not None:  # stored meanwhile (cannot happen to a live claim)
                    return _plan(row, chat, list(row.parts), claim)
                moved = await _covered(session, chat.id, delivery_id)
                if moved is not None and moved > since:
                    continue  # another digest of this chat took a window meanwhile
                row.window_start, row.window_end = since, now
                if parts is None:
                    row.status = SKIPPED
                    stored = await session.get(Chat, chat.id)
                    if stored is not None:
                        stored.last_digest_at = now
                    return None
                row.parts = parts
                row.parts_total = len(parts)
                row.status = SENDING
                return _plan(row, chat, parts, claim)
        raise TakenOver()  # other digests of this chat kept moving the window: leave it to them

    async def _lines(
        self,
        found: list[tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]],
        now: datetime,
        size: int,
    ) -> tuple[list[DigestLine], int]:
        """The chat's top stories as digest lines, and how many more stories there were: from
        the newest MAX_DIGEST_ITEMS articles, filtered by the words of the chat's subscription,
        clustered and ranked in a worker within DIGEST_BUDGET (past it, once more from the
        newest FALLBACK_DIGEST_ITEMS)."""
        candidates, sentences = _candidates_of(_newest(found, MAX_DIGEST_ITEMS))
        if len(candidates) <= INLINE_DIGEST_ITEMS:
            stories, more = top_stories(candidates, now, size)
            return _digest_lines(stories, sentences), more
        try:
            stories, more = await in_background(
                self.executor, DIGEST_BUDGET, top_stories, candidates, now, size
            )
        except WorkerTimeout:
            logger.warning(
                "a digest of %d items ran past its budget; composing from fewer", len(found)
            )
            candidates, sentences = _candidates_of(_newest(found, FALLBACK_DIGEST_ITEMS))
            stories, more = await in_background(
                self.executor, DIGEST_BUDGET, top_stories, candidates, now, size
            )
        return _digest_lines(stories, sentences), more

    async def _candidates(
        self, session: AsyncSession, chat_id: int, since: datetime, until: datetime
    ) -> list[tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]]:
        """The articles the chat's feeds carried in (since, until], each with the names of those
        feeds and the filter words of one of the chat's subscriptions to them. Articles that
        will not change are kept in memory: a fan-out reads the same few hundred for every
        chat."""
        pairs = await repo.digest_candidates(
            session,
            chat_id,
            since,
            until,
            published_after=since - STALE_AFTER,
            recent=RECENT_FOR_NEW,
        )
        if not pairs:
            return []
        feeds = await repo.subscription_words(session, chat_id)
        wanted = list(dict.fromkeys(article_id for article_id, _ in pairs))
        missing = [i for i in wanted if i not in self._briefs]
        fetched = {
            brief.id: brief for brief in await repo.article_briefs(session, missing, LEAD_CHARS)
        }
        if len(self._briefs) > BRIEF_MEMO:
            self._briefs.clear()
        self._briefs.update((i, b) for i, b in fetched.items() if b.final)
        found: dict[int, tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]] = {}
        for article_id, feed_id in pairs:
            brief = self._briefs.get(article_id) or fetched.get(article_id)
            if brief is None or feed_id not in feeds:  # deleted, or unsubscribed, meanwhile
                continue
            name, include, exclude = feeds[feed_id]
            entry = found.setdefault(article_id, (brief, [], (include, exclude)))
            entry[1].append(name)
        return list(found.values())

    async def _refused(self, delivery_id: int, chat_id: int, error: TelegramError) -> None:
        # Blocked, removed, the chat deleted or no right to post (``bot.channels``): the chat's
        # digests stop, and ``on_paused`` tells whoever linked it. Else only this one failed.
        reason = refusal_reason(error)
        async with self.sessions() as session, session.begin():
            row = await session.get(Delivery, delivery_id)
            if row is not None:
                row.status = FAILED
                row.error = f"{type(error).__name__}: {error}"[:500]
            if reason is not None:
                chat = await session.get(Chat, chat_id)
                if chat is not None:
                    chat.digests_paused = True
                    chat.paused_reason = reason
        logger.info("digest for chat %s refused: %s", chat_id, type(error).__name__)
        if reason is not None and self.on_paused is not None:
            await self.on_paused(chat_id, reason)

    async def _follow_migration(self, old_id: int, new_id: int, delivery_id: int) -> int:
        """A group became a supergroup: its row, subscriptions and deliveries move to the new id."""
        async with self.sessions() as session, session.begin():
            await repo.migrate_chat(session, old_id, new_id)
        logger.info("chat %s migrated to %s (delivery %s follows)", old_id, new_id, delivery_id)
        return new_id


def database_away(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached or written just now (a connection
    cut or refused, a locked SQLite file), rather than that the statement is wrong. The asyncpg
    driver's errors on opening a connection reach us as they are, not wrapped by SQLAlchemy; a
    pool with no free connection in time (SQLite's one, behind a locked file) is away too."""
    if isinstance(error, DBAPIError | DisconnectionError | PoolTimeout | OSError | TimeoutError):
        return True
    return type(error).__module__.split(".")[0] in ("asyncpg", "aiosqlite", "sqlite3")


async def _covered(session: AsyncSession, chat_id: int, delivery_id: int) -> datetime | None:
    """The end of the last window another digest of the chat took (sent, or being sent)."""
    found: datetime | None = await session.scalar(
        select(func.max(Delivery.window_end)).where(
            Delivery.chat_id == chat_id,
            Delivery.status.in_((SENDING, SENT)),
            Delivery.id != delivery_id,
        )
    )
    return found


def _plan(delivery: Delivery, chat: Chat, parts: list[str], claim: str) -> _Plan:
    quiet = (parse_time(chat.quiet_start or ""), parse_time(chat.quiet_end or ""))
    return _Plan(
        delivery.id,
        chat.id,
        parts,
        delivery.parts_sent,
        chat.timezone,
        quiet,
        delivery.window_end,
        claim,
    )


def _candidates_of(
    found: list[tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]],
) -> tuple[list[Candidate], dict[str, tuple[str, ...]]]:
    """Each article as one item per feed that carried it (the same key: always one story), with
    the words of the chat's subscription; and each article's sentences by key."""
    candidates: list[Candidate] = []
    sentences: dict[str, tuple[str, ...]] = {}
    for article, feeds, (include, exclude) in found:
        lead = article.summary or (article.lead,)
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
            candidates.append((item, tuple(include), tuple(exclude)))
    return candidates, sentences


def _newest(
    found: list[tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]], limit: int
) -> list[tuple[repo.ArticleBrief, list[str], tuple[list[str], list[str]]]]:
    """The ``limit`` newest articles (by date, else when first seen)."""
    if len(found) <= limit:
        return found
    return sorted(
        found, key=lambda entry: entry[0].published_at or entry[0].first_seen_at, reverse=True
    )[:limit]


def _digest_lines(stories: list[Story], sentences: dict[str, tuple[str, ...]]) -> list[DigestLine]:
    """Each story as a digest line: its first item's title and link, up to two of its summary
    sentences, and the outlets that told it."""
    return [
        DigestLine(
            story.items[0].title,
            story.items[0].url,
            sentences.get(story.items[0].key, ())[:2],
            story.sources,
        )
        for story in stories
    ]
