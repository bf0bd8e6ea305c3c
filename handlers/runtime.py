"""What the handlers share while the bot runs: the reader, the worker pool, caches, limits.

One :class:`Runtime` is made in the application's ``post_init`` and closed in ``post_shutdown``
(see ``bot/app.py``); handlers reach it with :func:`runtime_of`. It holds no Telegram objects,
so it can be tested and benchmarked without a bot.

CPU-bound work (extracting a page, summarizing) runs in a process pool, so the event loop and
its GIL stay free for updates; fetches are async and bounded in number. Results are kept for
the buttons (Shorter, Longer, Quotes, Facts) in a bounded LRU with a time limit: a press
re-renders from the kept text, it never fetches again.
"""

from __future__ import annotations

import asyncio
import collections
import enum
import gc
import logging
import multiprocessing
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.context import BaseContext
from typing import Any, Protocol

from handlers import warmup
from handlers.pastes import JOIN_WAIT_SECONDS
from handlers.render import Sections, Source
from handlers.workers import WorkerPool, submit_background, submit_within
from summaries.errors import SummaryError
from summaries.feeds.opml import OpmlFeed, OpmlTopic
from summaries.models import Summary
from summaries.pipeline import MAX_INPUT_CHARS, MAX_SENTENCES, Options, summarize
from summaries.web.extract import Article
from summaries.web.fetch import Fetcher, FetchOptions
from summaries.web.links import DEFAULT_TTL_SECONDS, ArticleCache, LinkReader, article_key
from summaries.web.urls import normalize_url

logger = logging.getLogger(__name__)

# Summary lengths the Shorter and Longer buttons step through (sentences).
LENGTH_STEPS = (1, 2, 3, 4, 5, 7, 10, 15, MAX_SENTENCES)
# A summary is computed with room for the Quotes and Facts views; the main view shows fewer.
QUOTES_KEPT = 8
INLINE_READS_PER_MINUTE = 20  # links one user's inline queries may have read in a minute
MAX_PREFS_IN_MEMORY = 20_000  # users whose settings stay loaded (the store has them all)
FACTS_KEPT = 10

# Time budgets of the work done in the worker processes (seconds of one worker). A job still
# running at the end of its budget has its worker killed and replaced (handlers/workers.py):
# the user hears the link was too slow to read, and every other request goes on.
# Extracting an ordinary news page takes 3-50 ms, the largest pages of the extraction benchmark
# under a second; hostile pages took 17-300 s before the caps (docs/how-it-works.md, "Caps and
# budgets").
EXTRACT_BUDGET = 10.0
# Summarizing MAX_INPUT_CHARS of text takes a few seconds at most on a loaded machine.
SUMMARY_BUDGET = 30.0
# Parsing a feed: real ones take 10-120 ms (an ordinary 4.9 MB feed about 5 s on a loaded
# machine); past MAX_FEED_BYTES nothing is parsed. Also the OPML files users upload.
FEED_BUDGET = 15.0
# A worker holding more than this after a job is replaced (a warm worker holds ~150-200 MB; a
# hostile page can leave a few hundred MB of heap behind that Python keeps).
WORKER_RECYCLE_MB = 300.0
# Composing one digest (clustering at most MAX_DIGEST_ITEMS stories, bot/digests.py).
DIGEST_BUDGET = 20.0


class Priority(enum.IntEnum):
    """Which requests go first when Telegram's flood limits make them queue (``rate_limit_args``
    of a Bot API call; see ``bot/flood.py``)."""

    # Not 0: PTB drops a falsy rate_limit_args on the way to the limiter.
    INTERACTIVE = 1  # a command's answer, a hint, a button's edit: short and expected at once
    NORMAL = 2  # the messages of a summary
    BULK = 3  # digests and other messages nobody is waiting for right now


@dataclass(frozen=True, slots=True)
class BotOptions:
    """The bot's limits and defaults (built from ``bot.config.Settings``)."""

    max_links_per_message: int = 3
    min_text_chars: int = 200  # pasted text shorter than this (and no link) gets a hint
    user_summaries_per_minute: int = 5
    workers: int = max(1, os.cpu_count() or 1)
    max_concurrent_fetches: int = 16
    max_pending_jobs: int = 200  # summaries waiting or running; beyond it, "busy, try later"
    show_footer: bool = True  # the default of each user's footer setting
    interface_language: str = "en"  # for users whose Telegram language has no interface
    summary_sentences: int | None = None  # None: 3 to 5 by length
    summary_language: str | None = None  # force the article language instead of detecting
    max_input_chars: int = MAX_INPUT_CHARS
    fetch: FetchOptions = field(default_factory=FetchOptions)
    result_ttl_seconds: float = 48 * 3600.0
    max_results: int = 5000
    inline_budget_seconds: float = 3.0
    admin_ids: frozenset[int] = frozenset()
    suggested_feeds: tuple[OpmlTopic, ...] = ()  # what /suggested offers (an operator's OPML)
    paste_wait_seconds: float = JOIN_WAIT_SECONDS  # a long message's wait for its next part


@dataclass(slots=True)
class UserPrefs:
    """A user's /settings."""

    sentences: int | None = None  # None: the bot's default
    quotes: bool = True
    facts: bool = True
    footer: bool = True
    language: str | None = None  # interface language; None: from Telegram

    def sections(self) -> Sections:
        return Sections(quotes=self.quotes, facts=self.facts, footer=self.footer)


@dataclass(slots=True)
class Result:
    """A summarized text, kept so that buttons can re-render it."""

    id: str
    text: str
    title: str | None
    source: Source
    created: datetime  # aware UTC
    summaries: dict[int | None, Summary] = field(default_factory=dict)
    owner: int | None = None  # who pasted the text (None for a link: a public page)


class Store(Protocol):
    """Where user settings and kept results outlive the process (``bot/store.py``)."""

    async def load_prefs(self, user_id: int) -> UserPrefs | None: ...

    async def save_prefs(self, user_id: int, prefs: UserPrefs) -> None: ...

    async def keep_result(self, result: Result) -> None: ...

    async def load_result(self, result_id: str, newer_than: datetime) -> Result | None: ...

    async def result_for_url(self, url: str, newer_than: datetime) -> Result | None: ...

    async def prune_results(self, older_than: datetime) -> int: ...

    async def forget(self, user_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class FeedView:
    """A feed as a chat's /feeds shows it."""

    feed_id: int
    url: str
    title: str
    active: bool


@dataclass(frozen=True, slots=True)
class ScheduleView:
    """When a chat's digest comes."""

    zone: str
    time: str  # "HH:MM", local
    next_due: datetime  # aware UTC


@dataclass(frozen=True, slots=True)
class QuietView:
    """A chat's quiet hours ("HH:MM", local; None: none) and its time zone."""

    start: str | None
    end: str | None
    zone: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an OPML import did with each feed of the file: every feed is in exactly one of
    the lists (a feed is named by the file's title for it, else its URL)."""

    added: tuple[FeedView, ...]
    already: tuple[str, ...]  # followed before (or listed twice under different addresses)
    failed: tuple[tuple[str, SummaryError], ...]  # could not be read as a feed, and why
    over_cap: tuple[str, ...]  # left out: the chat follows ``limit`` feeds
    unchecked: tuple[str, ...]  # left out: an import checks at most ``max_checks`` feeds
    limit: int
    max_checks: int


# How many feeds of an import have been checked so far (for a progress line).
ImportProgress = Callable[[int], Awaitable[None]]


class Subscriptions(Protocol):
    """Feeds and digests for the commands (``bot/subscriptions.py``). Failures a user can fix
    (not a feed, no feed on the page, a site that blocks readers) raise SummaryError."""

    async def subscribe(self, chat_id: int, chat_type: str, url: str) -> tuple[FeedView, bool]: ...

    async def unsubscribe(self, chat_id: int, feed_id: int) -> FeedView | None: ...

    async def feeds(self, chat_id: int) -> list[FeedView]: ...

    async def schedule(self, chat_id: int, chat_type: str) -> ScheduleView: ...

    async def set_time(self, chat_id: int, chat_type: str, at: str) -> ScheduleView | None: ...

    async def set_zone(self, chat_id: int, chat_type: str, zone: str) -> ScheduleView | None: ...

    async def digest_now(self, chat_id: int) -> bool: ...

    async def migrate(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its feeds, settings and digests follow to ``new_id``."""

    async def words(self, chat_id: int) -> tuple[list[str], list[str]]: ...

    async def set_words(self, chat_id: int, include: list[str], exclude: list[str]) -> None: ...

    async def quiet(self, chat_id: int, chat_type: str) -> QuietView: ...

    async def digest_options(self, chat_id: int, chat_type: str) -> tuple[int, bool]:
        """(stories per digest, whether an empty digest is skipped)."""

    async def set_digest_options(
        self,
        chat_id: int,
        chat_type: str,
        *,
        size: int | None = None,
        skip_empty: bool | None = None,
    ) -> None: ...

    async def set_quiet(self, chat_id: int, chat_type: str, period: str | None) -> QuietView | None:
        """Set quiet hours from "23:00-07:00" (None: none); None if the text is not a period."""

    async def import_feeds(
        self,
        chat_id: int,
        chat_type: str,
        feeds: Sequence[OpmlFeed],
        progress: ImportProgress | None = None,
    ) -> ImportReport: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


class Busy(SummaryError):
    """Too much work queued: the user is asked to come back later."""

    code = "busy"

    def __init__(self) -> None:
        super().__init__("Too many summaries are being made right now. Try again in a minute.")


class ResultStore:
    """Results by id: LRU-bounded, each kept for ``ttl_seconds``."""

    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._items: collections.OrderedDict[str, Result] = collections.OrderedDict()
        self._by_url: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._items)

    def put(self, result: Result) -> None:
        self._items[result.id] = result
        self._items.move_to_end(result.id)
        if result.source.url:
            self._by_url[result.source.url] = result.id
        while len(self._items) > self.max_entries:
            _, dropped = self._items.popitem(last=False)
            if dropped.source.url and self._by_url.get(dropped.source.url) == dropped.id:
                del self._by_url[dropped.source.url]

    def drop_owner(self, owner: int) -> None:
        for result_id in [k for k, r in self._items.items() if r.owner == owner]:
            del self._items[result_id]

    def get(self, result_id: str) -> Result | None:
        result = self._items.get(result_id)
        if result is None:
            return None
        if (utcnow() - result.created).total_seconds() > self.ttl_seconds:
            del self._items[result_id]
            return None
        self._items.move_to_end(result_id)
        return result

    def for_url(self, url: str, max_age: float) -> Result | None:
        """The newest result for ``url`` if it is under ``max_age`` seconds old."""
        result_id = self._by_url.get(url)
        result = self.get(result_id) if result_id else None
        if result is None or (utcnow() - result.created).total_seconds() > max_age:
            return None
        return result


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[int, collections.deque[float]] = {}

    def try_acquire(self, key: int) -> float:
        """0.0 if allowed now (and counted); else the seconds until it would be."""
        now = time.monotonic()
        events = self._events.setdefault(key, collections.deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return self.window - (now - events[0])
        events.append(now)
        if len(self._events) > 10_000:  # forget users with no recent events
            for stale in [k for k, q in self._events.items() if not q or now - q[-1] >= 60]:
                del self._events[stale]
        return 0.0


def worker_context() -> BaseContext:
    """How worker processes start: forked from a fork server that has loaded what they need once
    (``handlers/warmup.py``, through ``handlers/preload.py``), so that they share it copy-on-write
    instead of each loading a copy, and a replaced worker starts in milliseconds, already loaded;
    the bot's own threaded process is never forked. "spawn" where there is no fork server."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["handlers.preload"])
    return context


def make_pool(workers: int) -> WorkerPool:
    """``workers`` worker processes (``worker_context``), each job within a budget
    (EXTRACT_BUDGET unless the job names its own), each replaced once it holds WORKER_RECYCLE_MB."""
    context = worker_context()
    forked = context.get_start_method() == "forkserver"
    return WorkerPool(
        workers,
        context=context,
        budget=EXTRACT_BUDGET,
        initializer=warmup.started if forked else warmup.started_cold,
        recycle_mb=WORKER_RECYCLE_MB,
    )


class Runtime:
    """The bot's shared state (see the module docstring)."""

    def __init__(
        self,
        options: BotOptions,
        *,
        executor: Executor | None = None,
        store: Store | None = None,
    ) -> None:
        """``store`` keeps settings and results across restarts; without one, memory only.
        ``subscriptions`` (feeds and digests) is set by the application once it has a bot."""
        self.options = options
        self.store = store
        self.subscriptions: Subscriptions | None = None
        self._own_pool = executor is None
        self.pool: Executor = executor if executor is not None else make_pool(options.workers)
        self.fetcher = Fetcher(options.fetch)
        self.reader = LinkReader(self.fetcher, ArticleCache(), executor=self.pool)
        self.results = ResultStore(options.max_results, options.result_ttl_seconds)
        self._prefs: collections.OrderedDict[int, UserPrefs] = collections.OrderedDict()
        self.limiter = RateLimiter(options.user_summaries_per_minute)
        # Inline queries come with every keystroke: links read for them are limited apart.
        self.inline_limiter = RateLimiter(INLINE_READS_PER_MINUTE)
        self.fetch_slots = asyncio.Semaphore(options.max_concurrent_fetches)
        self.pending_jobs = 0
        self.inline_links: dict[str, str] = {}  # token -> URL, for "tap to summarize"
        self.stats: collections.Counter[str] = collections.Counter()
        self.started = time.monotonic()

    async def start(self) -> None:
        """Start the worker processes now rather than on the first message; then move every
        object made so far out of the garbage collector's sight (``gc.freeze``): the modules,
        models and tables loaded at start never become garbage, and a full collection that
        walked them all stalled the event loop for hundreds of milliseconds under load."""
        if self._own_pool:
            await asyncio.gather(
                *(
                    asyncio.wrap_future(self.pool.submit(os.getpid))
                    for _ in range(self.options.workers)
                )
            )
        gc.collect()
        gc.freeze()

    async def close(self) -> None:
        await self.fetcher.aclose()
        if self._own_pool:
            self.pool.shutdown(wait=False, cancel_futures=True)

    # --- settings and kept results -----------------------------------------------------------

    async def prefs(self, user_id: int) -> UserPrefs:
        """The user's settings (the same object until evicted: change it, then save_prefs)."""
        prefs = self._prefs.get(user_id)
        if prefs is None:
            loaded = await self.store.load_prefs(user_id) if self.store else None
            # A concurrent load may have finished first (and been changed since): keep that one.
            prefs = self._prefs.setdefault(
                user_id, loaded or UserPrefs(footer=self.options.show_footer)
            )
            while len(self._prefs) > MAX_PREFS_IN_MEMORY:
                self._prefs.popitem(last=False)
        self._prefs.move_to_end(user_id)
        return prefs

    async def save_prefs(self, user_id: int) -> None:
        if self.store is not None:
            await self.store.save_prefs(user_id, await self.prefs(user_id))

    async def result(self, result_id: str) -> Result | None:
        """A kept result by id (None once older than ``result_ttl_seconds``)."""
        found = self.results.get(result_id)
        if found is None and self.store is not None:
            newer_than = utcnow() - timedelta(seconds=self.options.result_ttl_seconds)
            found = await self.store.load_result(result_id, newer_than)
            if found is not None:
                self.results.put(found)
        return found

    async def prune(self) -> int:
        """Drop kept results past their time from the store (memory bounds itself)."""
        if self.store is None:
            return 0
        older_than = utcnow() - timedelta(seconds=self.options.result_ttl_seconds)
        return await self.store.prune_results(older_than)

    async def _keep(self, result: Result) -> Result:
        self.results.put(result)
        if self.store is not None:
            await self.store.keep_result(result)
        return result

    # --- work ---------------------------------------------------------------------------------

    async def read_link(self, url: str) -> Result:
        """Fetch and extract ``url`` (or reuse a recent read of it), and keep it as a Result."""
        key = normalize_url(url)
        kept = self.results.for_url(key, DEFAULT_TTL_SECONDS)
        if kept is None and self.store is not None:
            kept = await self.store.result_for_url(
                key, utcnow() - timedelta(seconds=DEFAULT_TTL_SECONDS)
            )
        if kept is not None:
            self.stats["results_reused"] += 1
            self.results.put(kept)
            return kept
        async with self.fetch_slots:
            article = await self._guarded(self._read(key))
        source = _source(key, article)
        result = Result(secrets.token_urlsafe(6), article.text, article.title, source, utcnow())
        return await self._keep(result)

    async def keep_text(self, text: str, owner: int | None = None) -> Result:
        result = Result(secrets.token_urlsafe(6), text, None, Source(), utcnow(), owner=owner)
        return await self._keep(result)

    async def forget(self, user_id: int) -> None:
        """Delete what the bot keeps about a user: settings, pasted texts (and, in the store,
        their chat's subscriptions and digests)."""
        self._prefs.pop(user_id, None)
        self.results.drop_owner(user_id)
        if self.store is not None:
            await self.store.forget(user_id)

    async def summary(self, result: Result, sentences: int | None) -> Summary:
        """The summary of ``result`` with ``sentences`` sentences (None: the default count)."""
        sentences = sentences or self.options.summary_sentences
        kept = result.summaries.get(sentences)
        if kept is not None:
            return kept
        options = Options(
            sentences=sentences,
            language=self.options.summary_language,
            max_chars=self.options.max_input_chars,
            quotes=QUOTES_KEPT,
            facts=FACTS_KEPT,
        )
        summary: Summary = await self._guarded(
            self.run_job(
                SUMMARY_BUDGET, summarize, result.text, title=result.title, options=options
            )
        )
        result.summaries[sentences] = summary
        self.stats["summaries"] += 1
        return summary

    async def brief(self, text: str, title: str | None, sentences: int) -> Summary:
        """A short summary for a digest line: sentences only (no quotes, facts or keywords)."""
        options = Options(
            sentences=sentences,
            language=self.options.summary_language,
            max_chars=self.options.max_input_chars,
            quotes=0,
            facts=0,
            keywords=0,
        )
        # background work: a poll's new articles queue behind the users' links and buttons
        job = submit_background(
            self.pool, SUMMARY_BUDGET, summarize, text, title=title, options=options
        )
        summary: Summary = await self._guarded(asyncio.wrap_future(job))
        return summary

    async def article_text(self, url: str) -> tuple[str, str | None]:
        """The text and title of the article at ``url`` (through the reader and its cache)."""
        async with self.fetch_slots:
            article = await self._guarded(self._read(url))
        return article.text, article.title

    async def _read(self, url: str) -> Article:
        return await self.reader.read(url)

    async def run_job(
        self, budget: float, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Any:
        """``fn(*args, **kwargs)`` in a worker process, stopped past ``budget`` seconds (it then
        raises ``WorkerTimeout``, a SummaryError)."""
        return await asyncio.wrap_future(submit_within(self.pool, budget, fn, *args, **kwargs))

    async def _guarded(self, work: Any) -> Any:
        """Run ``work`` (a coroutine) unless too much is already queued."""
        if self.pending_jobs >= self.options.max_pending_jobs:
            work.close()
            raise Busy()
        self.pending_jobs += 1
        try:
            return await work
        finally:
            self.pending_jobs -= 1

    def next_length(self, current: int, longer: bool, total: int) -> int | None:
        """The next step of LENGTH_STEPS from ``current`` (None past either end)."""
        if longer:
            bigger = [n for n in LENGTH_STEPS if n > current]
            return min(bigger[0], total) if bigger and current < total else None
        smaller = [n for n in LENGTH_STEPS if n < current]
        return smaller[-1] if smaller else None


def _source(url: str, article: Article) -> Source:
    """Where the text came from. The link shown (and the key later reads reuse) is the page's
    canonical URL only on the same site as the link read (``article_key``): a page cannot file
    its text under another site's address, nor put a non-web link in the reply."""
    return Source(
        url=article_key(url, article),
        title=article.title,
        site=article.site_name,
        date=article.date,
        partial=article.paywalled,
    )
