"""Feed polling: due feeds fetched through the guarded fetcher, parsed, their new items stored
once and summarized once, whatever the number of subscribers.

Per feed: a conditional GET (ETag / Last-Modified), so an unchanged feed costs a 304; the next
poll after ``poll_seconds``; after a failure the interval doubles (up to ``MAX_BACKOFF``); after
``MAX_FAILURES`` failures in a row the feed is paused and its subscribers are told (the report
lists them), rather than retried forever. A new item whose feed carries only a teaser gets its
article fetched (as a link sent to the bot would be) before it is summarized.

The event loop's thread does as little as it can, because the bot answers Telegram on the same
loop (``newsbrief eval poll-load`` measures it): a feed is parsed in a worker process
within a time budget when the poller has the bot's pool (``executor``), else on a thread;
a new article is summarized from the text just stored, not read back; and a feed's summaries
are written in one transaction, not one each.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, Update, bindparam, func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.db import repo
from bot.db.models import Article, Feed
from handlers.runtime import FEED_BUDGET
from handlers.workers import in_background
from summaries.errors import SummaryError
from summaries.feeds.parse import Feed as ParsedFeed
from summaries.feeds.parse import parse_feed
from summaries.models import Summary
from summaries.web.fetch import Fetcher, FetchResult

logger = logging.getLogger(__name__)

MAX_FAILURES = 8  # in a row, with doubling intervals: about a week at the default interval
MAX_BACKOFF = timedelta(hours=24)
POLL_BATCH = 200  # feeds taken per round; the rest wait for the next round
POLL_CONCURRENCY = 10  # feeds fetched at once
SUMMARY_SENTENCES = 2  # a digest line: one or two sentences
SUMMARY_CONCURRENCY = 8  # new articles summarized at once (the work runs in the worker pool)

# (text, title) -> a Summary of SUMMARY_SENTENCES; url -> (text, title) of the article behind it
Summarize = Callable[[str, str | None], Awaitable[Summary]]
ReadArticle = Callable[[str], Awaitable[tuple[str, str | None]]]


@dataclass
class PausedFeed:
    feed_id: int
    url: str
    title: str | None
    reason: str
    subscribers: list[int]


@dataclass
class PollReport:
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new_articles: int = 0
    summarized: int = 0
    paused: list[PausedFeed] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _NewArticle:
    """A new article as just stored: what summarizing it needs, so it is not read back."""

    id: int
    text: str
    title: str | None
    url: str | None
    excerpt_only: bool


@dataclass(frozen=True, slots=True)
class _Outcome:
    article_id: int
    summary: Summary | None
    error: str | None  # the SummaryError code when there is no summary
    fetched_text: str | None  # a teaser's article, read from its page: kept in its place


class FeedPoller:
    """Polls the feeds that are due (see the module docstring)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        fetcher: Fetcher,
        *,
        summarize: Summarize | None = None,
        read_article: ReadArticle | None = None,
        clock: Callable[[], datetime],
        concurrency: int = POLL_CONCURRENCY,
        batch: int = POLL_BATCH,
        executor: Executor | None = None,
    ) -> None:
        """``executor``: where feeds are parsed (the bot's worker pool, each feed within
        FEED_BUDGET); None: on a thread, without a budget."""
        self.sessions = sessions
        self.executor = executor
        self.fetcher = fetcher
        self.summarize = summarize
        self.read_article = read_article
        self.clock = clock
        self.batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._summary_slots = asyncio.Semaphore(SUMMARY_CONCURRENCY)

    async def poll_due(self) -> PollReport:
        """One round: every due feed (up to ``batch``), concurrently."""
        now = self.clock()
        async with self.sessions() as session:
            feeds = await repo.due_feeds(session, now, self.batch)
        report = PollReport()
        await asyncio.gather(*(self._poll(feed, report) for feed in feeds))
        return report

    async def poll_feed(self, feed_id: int) -> PollReport:
        """Poll one feed now (a new subscription wants its items at once)."""
        async with self.sessions() as session:
            feed = await session.get(Feed, feed_id)
        report = PollReport()
        if feed is not None:
            await self._poll(feed, report)
        return report

    async def _poll(self, feed: Feed, report: PollReport) -> None:
        """One feed; whatever goes wrong stays with it: an unexpected error is logged once and
        counts as a failure of the feed (it backs off, and is paused in the end) when the
        database can still record that."""
        try:
            await self._poll_one(feed, report)
        except Exception:
            logger.exception("polling feed %s failed", feed.id)
            try:
                await self._failed(feed, _Unexpected(), report)
            except Exception as error:  # the database itself is away: the next round retries
                logger.warning("feed %s: its failure could not be recorded: %r", feed.id, error)

    async def _poll_one(self, feed: Feed, report: PollReport) -> None:
        async with self._slots:
            report.polled += 1
            try:
                result = await self.fetcher.fetch_feed(
                    feed.url, etag=feed.etag, last_modified=feed.last_modified
                )
                # feedparser takes 10-120 ms a feed, a hostile one far more: in a worker, within
                # FEED_BUDGET, so the loop stays free and a stuck parse is stopped
                parsed = (
                    None
                    if result is None
                    else await in_background(self.executor, FEED_BUDGET, _parse, result)
                )
            except SummaryError as error:
                await self._failed(feed, error, report)
                return
            now = self.clock()
            async with self.sessions() as session, session.begin():
                row = await session.get(Feed, feed.id)
                if row is None:  # unsubscribed and deleted meanwhile
                    return
                row.last_polled_at = now
                row.error_count = 0
                row.last_error = None
                row.next_poll_at = now + timedelta(seconds=row.poll_seconds)
                if result is None or parsed is None:
                    report.not_modified += 1
                    return
                row.etag = result.headers.get("etag")
                row.last_modified = result.headers.get("last-modified")
                row.title = row.title or parsed.title
                row.site_url = row.site_url or parsed.site_url
                stored = await repo.record_items(session, row.id, parsed.items, now)
                new = [
                    _NewArticle(a.id, a.text or "", a.title, a.url, a.excerpt_only) for a in stored
                ]
                report.new_articles += len(new)
                language = parsed.language
        if new and self.summarize is not None:
            outcomes = await asyncio.gather(*(self._summarize(article) for article in new))
            await self._store_summaries(outcomes, language)
            report.summarized += sum(outcome.summary is not None for outcome in outcomes)

    async def _failed(self, feed: Feed, error: SummaryError, report: PollReport) -> None:
        report.failed += 1
        metrics.FEED_ERRORS.labels(error.code).inc()
        now = self.clock()
        async with self.sessions() as session, session.begin():
            row = await session.get(Feed, feed.id)
            if row is None:
                return
            row.error_count += 1
            row.last_error = f"{error.code}: {error.user_message}"[:500]
            row.last_polled_at = now
            wait = timedelta(seconds=row.poll_seconds * 2 ** min(row.error_count, 10))
            row.next_poll_at = now + min(wait, MAX_BACKOFF)
            if row.error_count >= MAX_FAILURES:
                row.active = False
                report.paused.append(
                    PausedFeed(
                        row.id,
                        row.url,
                        row.title,
                        error.user_message,
                        await repo.subscribers(session, row.id),
                    )
                )
                logger.warning("feed %s paused after %d failures", row.id, row.error_count)

    async def _summarize(self, article: _NewArticle) -> _Outcome:
        """Summarize one new article (fetching it first if the feed had only a teaser)."""
        assert self.summarize is not None
        async with self._summary_slots:
            text, title, fetched = article.text, article.title, None
            if article.excerpt_only and article.url and self.read_article is not None:
                try:
                    fetched, fetched_title = await self.read_article(article.url)
                    text, title = fetched, title or fetched_title
                except SummaryError as failure:  # the teaser is summarized instead
                    logger.info("article %s could not be read: %s", article.id, failure.code)
            try:
                summary = await self.summarize(text, title)
            except SummaryError as failure:
                return _Outcome(article.id, None, failure.code, None)
        return _Outcome(article.id, summary, None, fetched)

    async def _store_summaries(self, outcomes: Sequence[_Outcome], language: str | None) -> None:
        """One transaction for a feed's new articles (an article deleted meanwhile is skipped:
        its UPDATE matches no row)."""
        done = [
            {
                "article_id": o.article_id,
                "new_summary": [sentence.text for sentence in o.summary.sentences],
                "new_language": o.summary.language,
                "new_text": o.fetched_text,
            }
            for o in outcomes
            if o.summary is not None
        ]
        failed = [
            {"article_id": o.article_id, "new_error": o.error, "feed_language": language}
            for o in outcomes
            if o.summary is None
        ]
        async with self.sessions() as session, session.begin():
            if done:
                await session.execute(_SUMMARIZED, done)
            if failed:
                await session.execute(_NOT_SUMMARIZED, failed)


class _Unexpected(SummaryError):
    """A failure that is not the feed's doing (a bug, the database away): the feed backs off."""

    code = "unexpected"

    def __init__(self) -> None:
        super().__init__("the feed could not be polled (an error on our side)")


def _parse(result: FetchResult) -> ParsedFeed:
    return parse_feed(result.body, result.url, content_type=result.headers.get("content-type"))


# The summaries' writes, as executemany statements on the table (an ORM bulk UPDATE by primary
# key would insist that every row still exists).
_ARTICLES = cast("Table", Article.__table__)
_SUMMARIZED: Update = (
    update(_ARTICLES)
    .where(_ARTICLES.c.id == bindparam("article_id"))
    .values(
        summary=bindparam("new_summary", type_=_ARTICLES.c.summary.type),
        language=bindparam("new_language"),
        text=func.coalesce(bindparam("new_text", type_=_ARTICLES.c.text.type), _ARTICLES.c.text),
    )
)
_NOT_SUMMARIZED: Update = (
    update(_ARTICLES)
    .where(_ARTICLES.c.id == bindparam("article_id"))
    .values(
        summary_error=bindparam("new_error"),
        language=func.coalesce(_ARTICLES.c.language, bindparam("feed_language")),
    )
)
