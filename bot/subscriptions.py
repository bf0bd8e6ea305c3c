"""The handlers' Subscriptions (``handlers.runtime.Subscriptions``) on the database.

/subscribe takes a feed URL or a site's: the link is fetched through the guarded fetcher; a
feed is followed as it is, a page is searched for ``<link rel="alternate">`` feeds and the
first one that parses is followed. The new feed is polled at once in the background, so the
next digest has its stories.

An OPML import (``import_feeds``) checks each feed of the file the same way, IMPORT_CONCURRENCY
at a time, in the file's order: feeds the chat already follows are not fetched again; the rest
are checked in rounds of at most the room left under MAX_FEEDS_PER_CHAT (a feed that fails
leaves its place to the next one), and at most MAX_IMPORT_CHECKS in all, so a file of dead
links cannot keep the fetcher busy. Every feed of the file ends in one list of the report.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import repo
from bot.db.models import Chat, Feed
from bot.digests import DigestSender
from bot.poller import FeedPoller
from bot.schedule import in_quiet_hours, next_due, parse_quiet, parse_time, resolve_timezone
from handlers.runtime import (
    FEED_BUDGET,
    FeedView,
    ImportProgress,
    ImportReport,
    QuietView,
    ScheduleView,
)
from handlers.workers import off_loop
from summaries.errors import SummaryError
from summaries.feeds.opml import OpmlFeed
from summaries.feeds.parse import Examined, examine
from summaries.web.fetch import Fetcher, FetchResult
from summaries.web.urls import BadUrl, normalize_url

logger = logging.getLogger(__name__)

MAX_FEEDS_PER_CHAT = 100
MAX_CANDIDATES = 3  # feeds declared by a page that are tried, in page order
IMPORT_CONCURRENCY = 6  # feeds of an OPML import fetched at once
MAX_IMPORT_CHECKS = 2 * MAX_FEEDS_PER_CHAT  # feeds one import may fetch (room for dead ones)


class NoFeedFound(SummaryError):
    """The page is not a feed and declares none."""

    code = "no_feed"

    def __init__(self) -> None:
        super().__init__(
            "This page is not a feed and names none. Send the feed's own link (often /feed or "
            "/rss), or the site's home page."
        )


class TooManyFeeds(SummaryError):
    code = "too_many_feeds"

    def __init__(self) -> None:
        super().__init__(f"You follow {MAX_FEEDS_PER_CHAT} feeds, the most one chat may.")
        self.limit = MAX_FEEDS_PER_CHAT  # for the translations


class DbSubscriptions:
    """Feeds, subscriptions and digest settings in the database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        fetcher: Fetcher,
        poller: FeedPoller,
        sender: DigestSender,
        *,
        clock: Callable[[], datetime],
        executor: Executor | None = None,
    ) -> None:
        """``executor``: where fetched documents are parsed (the bot's worker pool, each within
        FEED_BUDGET); None: on a thread, without a budget."""
        self.executor = executor
        self.sessions = sessions
        self.fetcher = fetcher
        self.poller = poller
        self.sender = sender
        self.clock = clock
        self._background: set[asyncio.Task[object]] = set()

    async def subscribe(self, chat_id: int, chat_type: str, url: str) -> tuple[FeedView, bool]:
        feed_url, title, site = await self._find_feed(url)
        now = self.clock()
        async with self.sessions() as session, session.begin():
            await repo.ensure_chat(session, chat_id, now, kind=chat_type)
            if len(await repo.subscriptions(session, chat_id)) >= MAX_FEEDS_PER_CHAT:
                raise TooManyFeeds()
            feed = await repo.ensure_feed(session, feed_url, now, title=title, site_url=site)
            added = await repo.subscribe(session, chat_id, feed.id, now)
            view = _view(feed)
        if added:
            task: asyncio.Task[object] = asyncio.get_running_loop().create_task(
                self.poller.poll_feed(view.feed_id)
            )
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return view, added

    async def unsubscribe(self, chat_id: int, feed_id: int) -> FeedView | None:
        async with self.sessions() as session, session.begin():
            feed = await session.get(Feed, feed_id)
            if feed is None or not await repo.unsubscribe(session, chat_id, feed_id):
                return None
            return _view(feed)

    async def feeds(self, chat_id: int) -> list[FeedView]:
        async with self.sessions() as session:
            return [_view(feed) for _sub, feed in await repo.subscriptions(session, chat_id)]

    async def schedule(self, chat_id: int, chat_type: str) -> ScheduleView:
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            return await self._schedule(session, chat)

    async def set_time(self, chat_id: int, chat_type: str, at: str) -> ScheduleView | None:
        parsed = parse_time(at)
        if parsed is None:
            return None
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            chat.digest_time = f"{parsed:%H:%M}"
            return await self._schedule(session, chat)

    async def set_zone(self, chat_id: int, chat_type: str, zone: str) -> ScheduleView | None:
        resolved = resolve_timezone(zone)
        if resolved is None:
            return None
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            chat.timezone = resolved
            return await self._schedule(session, chat)

    async def migrate(self, old_id: int, new_id: int) -> None:
        # Telegram tells both chats (the group "migrate_to", the supergroup "migrate_from"): the
        # second update, or a racing digest's own move, finds the old row gone and does nothing.
        for attempt in range(2):
            try:
                async with self.sessions() as session, session.begin():
                    await repo.migrate_chat(session, old_id, new_id)
                break
            except IntegrityError:  # both moved at once; the other won, the retry finds it done
                if attempt:
                    raise
        logger.info("chat %s migrated to %s", old_id, new_id)

    async def digest_now(self, chat_id: int) -> bool:
        report = await self.sender.send_now(chat_id)
        return report.messages > 0

    async def words(self, chat_id: int) -> tuple[list[str], list[str]]:
        """The chat's filter words: they hold for every feed it follows, now or later."""
        async with self.sessions() as session:
            chat = await repo.chat(session, chat_id)
        if chat is None:
            return [], []
        return list(chat.include_words or []), list(chat.exclude_words or [])

    async def set_words(self, chat_id: int, include: list[str], exclude: list[str]) -> None:
        async with self.sessions() as session, session.begin():
            await repo.ensure_chat(session, chat_id, self.clock())
            await repo.set_words(session, chat_id, include, exclude)

    async def quiet(self, chat_id: int, chat_type: str) -> QuietView:
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            return QuietView(chat.quiet_start, chat.quiet_end, chat.timezone)

    async def set_quiet(self, chat_id: int, chat_type: str, period: str | None) -> QuietView | None:
        hours = parse_quiet(period) if period is not None else None
        if period is not None and hours is None:
            return None
        start, end = (f"{at:%H:%M}" for at in hours) if hours else (None, None)
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            chat.quiet_start, chat.quiet_end = start, end
            return QuietView(start, end, chat.timezone)

    async def digest_options(self, chat_id: int, chat_type: str) -> tuple[int, bool]:
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            return chat.digest_size, chat.skip_empty

    async def set_digest_options(
        self,
        chat_id: int,
        chat_type: str,
        *,
        size: int | None = None,
        skip_empty: bool | None = None,
    ) -> None:
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            if size is not None:
                chat.digest_size = size
            if skip_empty is not None:
                chat.skip_empty = skip_empty

    async def quiet_now(self, chat_id: int) -> bool:
        """Whether it is the chat's quiet hours now (its notices then come without a sound)."""
        async with self.sessions() as session:
            chat = await repo.chat(session, chat_id)
        if chat is None:
            return False
        return in_quiet_hours(
            chat.timezone,
            parse_time(chat.quiet_start or ""),
            parse_time(chat.quiet_end or ""),
            self.clock(),
        )

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    # --- internals ----------------------------------------------------------------------------

    async def _schedule(self, session: AsyncSession, chat: Chat) -> ScheduleView:
        """When the chat's next digest comes, by the sender's own rules (``bot.schedule``)."""
        at = parse_time(chat.digest_time)
        assert at is not None  # only valid times are stored
        now = self.clock()
        since = await repo.first_subscribed(session, chat.id)
        last = await repo.last_delivered_date(session, chat.id)
        # A chat with no feed yet: its schedule starts when it follows one, from now at the
        # earliest, so a time already past today is tomorrow's.
        due = next_due(chat.timezone, at, now, last, not_before=since or now)
        return ScheduleView(chat.timezone, chat.digest_time, due)

    async def _find_feed(self, url: str) -> tuple[str, str | None, str | None]:
        """(feed URL, title, site URL) of the feed ``url`` is, or that its page names. Parsing
        runs in a worker (``_examine``), never on the event loop."""
        key = normalize_url(url)
        result = await self._fetch(key)
        found = await self._examine(result)
        if found.is_feed:
            return result.url, found.title, found.site_url
        for candidate in found.candidates:
            try:
                fetched = await self._fetch(candidate)
                feed = await self._examine(fetched, candidates=0)
            except SummaryError:
                continue
            if feed.is_feed:
                return fetched.url, feed.title, feed.site_url or result.url
        raise NoFeedFound()

    async def _examine(self, result: FetchResult, candidates: int = MAX_CANDIDATES) -> Examined:
        """Whether ``result`` is a feed, or the feeds its page names (the first ``candidates``)."""
        examined: Examined = await off_loop(self.executor, FEED_BUDGET, examine, result, candidates)
        return examined

    async def _fetch(self, url: str) -> FetchResult:
        result = await self.fetcher.fetch_feed(url)
        assert result is not None  # no validators sent, so no 304
        return result

    # --- OPML import (see the module docstring) -----------------------------------------------

    async def import_feeds(
        self,
        chat_id: int,
        chat_type: str,
        feeds: Sequence[OpmlFeed],
        progress: ImportProgress | None = None,
    ) -> ImportReport:
        """Follow the feeds of an OPML file; ``progress`` hears how many have been checked."""
        followed = {_key(view.url) for view in await self.feeds(chat_id)}
        room = MAX_FEEDS_PER_CHAT - len(followed)
        already = [_name(feed) for feed in feeds if _key(feed.url) in followed]
        queue = [feed for feed in feeds if _key(feed.url) not in followed]
        added: list[FeedView] = []
        failed: list[tuple[str, SummaryError]] = []
        over_cap: list[str] = []
        checks = 0
        checked = len(already)
        slots = asyncio.Semaphore(IMPORT_CONCURRENCY)

        async def check(feed: OpmlFeed) -> tuple[str, str | None, str | None] | SummaryError:
            nonlocal checked
            result: tuple[str, str | None, str | None] | SummaryError
            async with slots:
                try:
                    result = await self._find_feed(feed.url)
                except SummaryError as error:
                    result = error
                except Exception:  # a bug must not lose the rest of the file
                    logger.exception("import: checking a feed failed")
                    result = SummaryError("This feed could not be read.")
            checked += 1
            if progress is not None:
                await progress(checked)
            return result

        while queue and room > 0 and checks < MAX_IMPORT_CHECKS:
            size = min(room, MAX_IMPORT_CHECKS - checks)
            batch, queue = queue[:size], queue[size:]
            checks += len(batch)
            found = await asyncio.gather(*(check(feed) for feed in batch))
            now = self.clock()
            async with self.sessions() as session, session.begin():
                await repo.ensure_chat(session, chat_id, now, kind=chat_type)
                count = len(await repo.subscriptions(session, chat_id))
                for feed, result in zip(batch, found, strict=True):
                    if isinstance(result, SummaryError):
                        failed.append((_name(feed), result))
                        continue
                    if count >= MAX_FEEDS_PER_CHAT:  # a /subscribe meanwhile took the room
                        over_cap.append(_name(feed))
                        continue
                    url, title, site = result
                    row = await repo.ensure_feed(
                        session, url, now, title=title or feed.title, site_url=site
                    )
                    if await repo.subscribe(session, chat_id, row.id, now):
                        added.append(_view(row))
                        count += 1
                    else:  # the address led to a feed followed already
                        already.append(_name(feed))
            room = MAX_FEEDS_PER_CHAT - count
        left = [_name(feed) for feed in queue]
        unchecked: list[str] = []
        if room <= 0:
            over_cap += left
        else:
            unchecked = left
        for view in added:
            self._poll_soon(view.feed_id)
        return ImportReport(
            added=tuple(added),
            already=tuple(already),
            failed=tuple(failed),
            over_cap=tuple(over_cap),
            unchecked=tuple(unchecked),
            limit=MAX_FEEDS_PER_CHAT,
            max_checks=MAX_IMPORT_CHECKS,
        )

    def _poll_soon(self, feed_id: int) -> None:
        """Poll a new subscription's feed in the background (the poller bounds how many)."""
        task: asyncio.Task[object] = asyncio.get_running_loop().create_task(
            self.poller.poll_feed(feed_id)
        )
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _view(feed: Feed) -> FeedView:
    return FeedView(feed.id, feed.url, feed.title or feed.url, feed.active)


def _key(url: str) -> str:
    """A feed address as compared: normalised when it can be."""
    try:
        return normalize_url(url)
    except BadUrl:
        return url


def _name(feed: OpmlFeed) -> str:
    return feed.title or feed.url
