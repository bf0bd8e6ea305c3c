"""The handlers' Subscriptions (``handlers.runtime.Subscriptions``) on the database.

/subscribe takes a feed URL or a site's: the link is fetched through the guarded fetcher; a
feed is followed as it is, a page is searched for ``<link rel="alternate">`` feeds and the
first one that parses is followed. The new feed is polled at once in the background, so the
next digest has its stories.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import repo
from bot.db.models import Chat, Feed
from bot.digests import DigestSender
from bot.poller import FeedPoller
from bot.schedule import next_due, parse_time, resolve_timezone
from handlers.runtime import FeedView, ScheduleView
from summaries.errors import SummaryError
from summaries.feeds import NotAFeed, discover_feeds, parse_feed
from summaries.fetch import Fetcher, FetchResult, decode
from summaries.urls import normalize_url

logger = logging.getLogger(__name__)

MAX_FEEDS_PER_CHAT = 100
MAX_CANDIDATES = 3  # feeds declared by a page that are tried, in page order


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
    ) -> None:
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
            return self._schedule(chat)

    async def set_time(self, chat_id: int, chat_type: str, at: str) -> ScheduleView | None:
        parsed = parse_time(at)
        if parsed is None:
            return None
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            chat.digest_time = f"{parsed:%H:%M}"
            return self._schedule(chat)

    async def set_zone(self, chat_id: int, chat_type: str, zone: str) -> ScheduleView | None:
        resolved = resolve_timezone(zone)
        if resolved is None:
            return None
        async with self.sessions() as session, session.begin():
            chat = await repo.ensure_chat(session, chat_id, self.clock(), kind=chat_type)
            chat.timezone = resolved
            return self._schedule(chat)

    async def digest_now(self, chat_id: int) -> bool:
        report = await self.sender.send_now(chat_id)
        return report.messages > 0

    async def words(self, chat_id: int) -> tuple[list[str], list[str]]:
        """The chat's filter words (they are set on all its subscriptions at once)."""
        async with self.sessions() as session:
            found = await repo.subscriptions(session, chat_id)
        if not found:
            return [], []
        first, _feed = found[0]
        return list(first.include_words), list(first.exclude_words)

    async def set_words(self, chat_id: int, include: list[str], exclude: list[str]) -> None:
        async with self.sessions() as session, session.begin():
            await repo.set_words(session, chat_id, include, exclude)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    # --- internals ----------------------------------------------------------------------------

    def _schedule(self, chat: Chat) -> ScheduleView:
        at = parse_time(chat.digest_time)
        assert at is not None  # only valid times are stored
        due = next_due(chat.timezone, at, self.clock())
        return ScheduleView(chat.timezone, chat.digest_time, due)

    async def _find_feed(self, url: str) -> tuple[str, str | None, str | None]:
        """(feed URL, title, site URL) of the feed ``url`` is, or that its page names."""
        key = normalize_url(url)
        result = await self._fetch(key)
        try:
            feed = parse_feed(result.body, result.url, content_type=_type(result))
        except NotAFeed:
            pass
        else:
            return result.url, feed.title, feed.site_url
        for candidate in discover_feeds(decode(result), result.url)[:MAX_CANDIDATES]:
            try:
                found = await self._fetch(candidate)
                feed = parse_feed(found.body, found.url, content_type=_type(found))
            except SummaryError:
                continue
            return found.url, feed.title, feed.site_url or result.url
        raise NoFeedFound()

    async def _fetch(self, url: str) -> FetchResult:
        result = await self.fetcher.fetch_feed(url)
        assert result is not None  # no validators sent, so no 304
        return result


def _type(result: FetchResult) -> str | None:
    return result.headers.get("content-type")


def _view(feed: Feed) -> FeedView:
    return FeedView(feed.id, feed.url, feed.title or feed.url, feed.active)
