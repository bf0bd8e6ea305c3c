"""From a link to an article: fetch the page safely, decode it, extract the article.

    read_article(url, fetcher)   ->  Article   one link, no cache
    LinkReader(fetcher, cache)   .read(url) -> Article   cached, concurrent reads coalesced,
                                                       recent failures answered from the cache
    article_key(result, article) ->  str       the cache key of a downloaded article
    ArticleCache(max_entries, ttl_seconds)     in-memory LRU + TTL, thread- and asyncio-safe

Errors: BadUrl, FetchError, ExtractionError, and (here)

    SummaryError
    └── Paywalled     the page is for subscribers and shows too little text to summarize

Steps of a read:

1. ``normalize_url`` on the link; a cached article (by that URL, or by a key an earlier read of
   the same link resolved to) is returned without fetching. A link whose read failed with a
   FetchError or ExtractionError in the last ``FAILURE_TTL_SECONDS`` raises that error again
   without fetching (a slow or hostile URL sent over and over costs one fetch a minute).
2. Fetch through the guarded ``Fetcher``, decode, extract. Extraction is CPU-bound and runs on a
   bounded executor (``LinkReader(executor=...)``; by default a module-wide pool of
   ``EXTRACT_WORKERS`` threads), never on asyncio's default pool, which ``getaddrinfo`` needs:
   a burst of heavy pages must not stall DNS resolution for every other fetch.
   One deadline, the fetcher's ``total_timeout``, covers the whole read: both downloads and both
   extractions of the AMP step below. Past it the read raises ``FetchTimeout``, except that an
   AMP page already read stands in for a canonical page that did not arrive in time.
3. AMP: an AMP page (``<html amp>``, so ``Article.amp_url`` is set) or an AMP-shaped URL
   (``/amp/``, ``/amp`` at the end, ``.amp.html``, ``?amp=1``) that declares a canonical article
   elsewhere is swapped for that article: one hop, through the same fetcher. If the canonical
   page fails to download or to extract, the AMP page's own text is used.
4. The cache key (``article_key``) is the page's declared canonical URL only if it has the same
   scheme, host (up to one leading ``www.``/``m.``/``amp.`` label) and port as the fetched URL;
   otherwise the fetched URL. A page on ``evil.example.com`` or ``http://example.com`` cannot
   file its text under ``https://example.com/...``.
5. The paywall rule: a page marked paywalled (``Article.paywalled``: JSON-LD says it is not free,
   or the visible text is much shorter than its articleBody) whose text has fewer than
   ``PAYWALL_MIN_WORDS`` words raises :class:`Paywalled`; otherwise the Article is returned and
   its ``paywalled`` flag tells the caller to say the summary covers only part of the article.

Plain-text pages become an Article as they are; HTML goes through :func:`extract_article`. The
caller summarizes ``article.text`` with ``article.title`` (see ``summaries.pipeline``).
"""

from __future__ import annotations

import asyncio
import copy
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from summaries.errors import SummaryError, WorkerTimeout
from summaries.web.extract import Article, ExtractionError, extract_article
from summaries.web.fetch import Fetcher, FetchError, FetchResult, FetchTimeout, decode
from summaries.web.urls import BadUrl, normalize_url

__all__ = [
    "EXTRACT_WORKERS",
    "FAILURE_TTL_SECONDS",
    "PAYWALL_MIN_WORDS",
    "ArticleCache",
    "LinkReader",
    "Paywalled",
    "article_from_page",
    "article_key",
    "check_paywall",
    "is_amp_url",
    "read_article",
]

# A paywalled page is summarized only if its text has at least this many words. A summary picks
# a handful of sentences; under ~150 words (a standfirst and one or two paragraphs, about 6-8
# sentences) it would only restate the teaser, and a teaser is not what the link is about.
# (extract.MIN_PROSE_WORDS = 50 is the floor for any article, paywalled or not.)
PAYWALL_MIN_WORDS = 150

DEFAULT_MAX_ENTRIES = 512  # a few MB of text at most: articles are ~5-50 KB each
DEFAULT_TTL_SECONDS = 6 * 3600.0  # news pages get corrected and updated; re-read after hours
ALIASES_PER_ENTRY = 4  # requested spellings remembered per cached article (LRU-bounded too)
FAILURE_TTL_SECONDS = 60.0  # a failed link is not fetched again for this long
DEFAULT_MAX_FAILURES = 1024  # failed links remembered (LRU); an error object is small
EXTRACT_WORKERS = 4  # threads of the default extraction pool (extraction is CPU-bound anyway)

# Extraction runs here, not on asyncio's default executor: that one also serves getaddrinfo, and
# a queue of slow extractions there would make every fetch's DNS lookup wait (and time out).
_EXTRACT_POOL = ThreadPoolExecutor(EXTRACT_WORKERS, thread_name_prefix="newsbrief-extract")

_WORD = re.compile(r"\w+")  # the same word count as extract.py
_AMP_PATH = re.compile(r"(^|/)amp(/|$)|\.amp(\.html?)?$", re.IGNORECASE)
_AMP_QUERY_VALUES = frozenset({"", "1", "true", "yes"})
_LINK_CANONICAL = re.compile(r"<([^>]*)>\s*;([^,]*)", re.IGNORECASE)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?[^"',;]*\bcanonical\b""", re.IGNORECASE)
_SITE_PREFIXES = ("www.", "m.", "amp.")


class Paywalled(SummaryError):
    """The article is for subscribers and the page shows too little of it to summarize."""

    code = "paywalled"

    def __init__(self, words: int = 0, minimum: int = PAYWALL_MIN_WORDS) -> None:
        super().__init__(
            "This article is for subscribers only; the page shows too little of it to summarize."
        )
        self.words = words
        self.minimum = minimum

    def __reduce__(self) -> tuple[type[Paywalled], tuple[int, int]]:
        return (type(self), (self.words, self.minimum))  # errors cross process-pool boundaries


# --- one page ---------------------------------------------------------------------------------


def article_from_page(result: FetchResult) -> Article:
    """The article of a downloaded page (CPU-bound: run it off the event loop)."""
    text = decode(result)
    if result.content_type == "text/plain":
        return Article(text=text, source="text")
    return extract_article(text, url=result.url)


def check_paywall(article: Article, min_words: int = PAYWALL_MIN_WORDS) -> Article:
    """Return ``article``, or raise :class:`Paywalled` if it is a paywalled teaser."""
    if article.paywalled:
        words = len(_WORD.findall(article.text))
        if words < min_words:
            raise Paywalled(words, min_words)
    return article


def is_amp_url(url: str) -> bool:
    """True for the usual AMP spellings: ``/amp/``, ``/amp``, ``.amp.html``, ``?amp=1``."""
    parts = urlsplit(url)
    if _AMP_PATH.search(parts.path):
        return True
    return any(
        name.lower() == "amp" and value.lower() in _AMP_QUERY_VALUES
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )


def _amp_target(result: FetchResult, article: Article) -> str | None:
    """The canonical article an AMP page stands for, normalized; None if not AMP or the same."""
    target = article.amp_url or (article.canonical_url if is_amp_url(result.url) else None)
    if not target:
        return None
    try:
        target = normalize_url(urljoin(result.url, target))
    except BadUrl:
        return None
    return None if target in (result.url, *result.redirects) else target


def _site(host: str) -> str:
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


def _same_site(a: str, b: str) -> bool:
    """Same scheme, port and host, the host up to one leading ``www.``/``m.``/``amp.`` label.

    Not "one host a subdomain of the other": on a shared domain (``user.medium.com``,
    ``x.blogspot.com``) a subdomain belongs to someone else. Not http for https either.
    """
    parts_a, parts_b = urlsplit(a), urlsplit(b)
    host_a, host_b = _site(parts_a.hostname or ""), _site(parts_b.hostname or "")
    if not host_a or host_a != host_b or parts_a.scheme != parts_b.scheme:
        return False
    try:
        return parts_a.port == parts_b.port  # normalized URLs: default ports are left out
    except ValueError:
        return False


def _header_canonical(result: FetchResult) -> str | None:
    """The ``Link: <...>; rel="canonical"`` target of a response, if any."""
    for match in _LINK_CANONICAL.finditer(result.headers.get("link", "")):
        if _REL_CANONICAL.search(match.group(2)):
            return urljoin(result.url, str(match.group(1)).strip())
    return None


def article_key(url_or_result: str | FetchResult, article: Article | None = None) -> str:
    """The cache key of an article: its canonical URL if declared on the same site, else its URL.

    Same site means same scheme, port and host up to a leading ``www.``/``m.``/``amp.`` label.

    ``url_or_result`` is the final URL of the page or its FetchResult (whose ``Link`` header may
    declare the canonical); ``article`` supplies the ``<link rel=canonical>``/``og:url`` one.
    A canonical on another site is ignored: otherwise any page could file its text under another
    site's address and answer later requests for it.
    """
    final = normalize_url(url_or_result if isinstance(url_or_result, str) else url_or_result.url)
    declared = article.canonical_url if article is not None else None
    if declared is None and isinstance(url_or_result, FetchResult):
        declared = _header_canonical(url_or_result)
    if declared:
        try:
            canonical = normalize_url(urljoin(final, declared))
        except BadUrl:
            return final
        if _same_site(canonical, final):
            return canonical
    return final


@dataclass(frozen=True, slots=True)
class _Loaded:
    article: Article
    key: str
    urls: tuple[str, ...]  # every URL that led to it: requested, final, AMP page


class _Overloaded(FetchTimeout):
    """The deadline passed while the extraction waited for a free worker: our load, not the
    site's fault, so the failure is not remembered for the link."""


async def _extract(result: FetchResult, executor: Executor, taken: list[bool]) -> Article:
    """``article_from_page`` on ``executor`` (threads or processes: the job is picklable).

    ``taken[0]`` becomes True once a worker has taken the job, so a deadline that passes while
    it still waits in the queue can be told apart from a slow page.
    """
    future = executor.submit(article_from_page, result)
    try:
        # A job still queued when the deadline passes is cancelled (never runs); one already
        # running cannot be stopped and finishes in its worker.
        return await asyncio.wrap_future(future)
    finally:
        taken[0] = not future.cancelled() and (future.running() or future.done())


async def _load(url: str, fetcher: Fetcher, follow_amp: bool, executor: Executor) -> _Loaded:
    seconds = fetcher.options.total_timeout
    deadline = asyncio.get_running_loop().time() + seconds  # one deadline for the whole read
    taken = [True]  # a timeout before any extraction is the site's
    try:
        async with asyncio.timeout_at(deadline):
            result = await fetcher.fetch(url)
            article = await _extract(result, executor, taken)
    except TimeoutError as exc:
        raise (FetchTimeout if taken[0] else _Overloaded)(seconds) from exc
    urls = (url, result.url)
    target = _amp_target(result, article) if follow_amp else None
    if target is not None:
        try:
            async with asyncio.timeout_at(deadline):
                canonical = await fetcher.fetch(target)
                full = await _extract(canonical, executor, taken)
        except (SummaryError, TimeoutError):
            pass  # the AMP page's own text is the article
        else:
            return _Loaded(full, article_key(canonical, full), (*urls, canonical.url))
    return _Loaded(article, article_key(result, article), urls)


async def read_article(
    url: str,
    fetcher: Fetcher,
    *,
    follow_amp: bool = True,
    min_paywalled_words: int = PAYWALL_MIN_WORDS,
    executor: Executor | None = None,
) -> Article:
    """Fetch ``url`` through the guarded fetcher and extract its article (no cache).

    Extraction runs on ``executor`` (default: the module's pool of ``EXTRACT_WORKERS`` threads).
    """
    loaded = await _load(normalize_url(url), fetcher, follow_amp, executor or _EXTRACT_POOL)
    return check_paywall(loaded.article, min_paywalled_words)


# --- many pages: cache and coalescing ---------------------------------------------------------


class ArticleCache:
    """An in-memory LRU of articles by key, each kept ``ttl_seconds``; plus URL -> key aliases;
    plus the errors of recently failed URLs, each kept ``failure_ttl_seconds`` (LRU-bounded).

    Every method takes a ``threading.Lock`` for a few dictionary operations and never awaits, so
    the cache is safe to share between threads and between tasks of an event loop.
    """

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        *,
        failure_ttl_seconds: float = FAILURE_TTL_SECONDS,
        max_failures: int = DEFAULT_MAX_FAILURES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        if failure_ttl_seconds < 0:
            raise ValueError("failure_ttl_seconds must not be negative")
        if max_failures < 0:
            raise ValueError("max_failures must not be negative")
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self.failure_ttl_seconds = failure_ttl_seconds  # 0: failures are not remembered
        self.max_failures = max_failures
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, Article]] = OrderedDict()  # key -> expiry
        self._aliases: OrderedDict[str, str] = OrderedDict()  # normalized URL -> key
        # normalized URL -> (expiry, error)
        self._failures: OrderedDict[str, tuple[float, SummaryError]] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: str) -> Article | None:
        """The live article under ``key`` (marked most recently used), or None."""
        with self._lock:
            return self._get(key)

    def put(self, key: str, article: Article, aliases: Iterable[str] = ()) -> None:
        """Store ``article`` under ``key``; each alias URL will find it too."""
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl_seconds, article)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            for url in aliases:
                if url != key:
                    self._aliases[url] = key
                    self._aliases.move_to_end(url)
            while len(self._aliases) > self.max_entries * ALIASES_PER_ENTRY:
                self._aliases.popitem(last=False)

    def lookup(self, url: str) -> Article | None:
        """The article a normalized URL led to before (via its alias), or stored under it."""
        with self._lock:
            key = self._aliases.get(url)
            if key is not None:
                self._aliases.move_to_end(url)
                return self._get(key)
            return self._get(url)

    def put_failure(self, url: str, error: SummaryError) -> None:
        """Remember that reading ``url`` (normalized) failed with ``error``."""
        if self.failure_ttl_seconds <= 0 or self.max_failures < 1:
            return
        with self._lock:
            self._failures[url] = (self._clock() + self.failure_ttl_seconds, error)
            self._failures.move_to_end(url)
            while len(self._failures) > self.max_failures:
                self._failures.popitem(last=False)

    def failure(self, url: str) -> SummaryError | None:
        """A fresh copy of the error reading ``url`` failed with lately, or None."""
        with self._lock:
            entry = self._failures.get(url)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._failures[url]
                return None
            error = entry[1]
        try:  # a copy: raising one instance again and again would pile up its traceback
            return copy.copy(error)
        except Exception:  # an error class that cannot be copied: raise the original
            return error

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._aliases.clear()
            self._failures.clear()

    def _get(self, key: str) -> Article | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry[1]


class LinkReader:
    """Reads article links through one Fetcher and one cache; one fetch per link at a time.

    ``executor`` runs the CPU-bound extraction. The default is a module-wide
    ``ThreadPoolExecutor`` of ``EXTRACT_WORKERS`` threads shared by every reader, so that
    extraction never queues on asyncio's default executor, which DNS resolution
    (``getaddrinfo``) uses. Pass your own bounded executor to size or isolate it; the reader
    does not shut it down. A queued extraction counts against the read's deadline.

    A FetchError, ExtractionError or WorkerTimeout (an extraction stopped past its budget by a
    ``handlers.workers.WorkerPool``; timeouts included) is remembered for the requested URL for
    the cache's ``failure_ttl_seconds``; until then the link raises a copy of that error without
    a fetch. Not remembered: cancellation, and a deadline that passed while the extraction was
    still waiting for a worker (our backlog, not the site's fault).
    """

    def __init__(
        self,
        fetcher: Fetcher,
        cache: ArticleCache | None = None,
        *,
        follow_amp: bool = True,
        min_paywalled_words: int = PAYWALL_MIN_WORDS,
        executor: Executor | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.cache = cache if cache is not None else ArticleCache()
        self.follow_amp = follow_amp
        self.min_paywalled_words = min_paywalled_words
        self.executor: Executor = executor if executor is not None else _EXTRACT_POOL
        self._pending: dict[str, asyncio.Task[Article]] = {}  # normalized URL -> its one load

    async def read(self, url: str) -> Article:
        """The article behind ``url``: from the cache, from a load in flight, or fetched now."""
        requested = normalize_url(url)
        article = self.cache.lookup(requested)
        if article is None:
            failed = self.cache.failure(requested)
            if failed is not None:
                raise failed
            task = self._pending.get(requested)
            if task is None or task.get_loop() is not asyncio.get_running_loop():
                task = asyncio.get_running_loop().create_task(self._load(requested))
                self._pending[requested] = task
                task.add_done_callback(lambda done: self._finished(requested, done))
            # shield: a reader that gives up does not cancel the load the others wait for
            article = await asyncio.shield(task)
        return check_paywall(article, self.min_paywalled_words)  # paywalled pages are cached too

    async def _load(self, requested: str) -> Article:
        try:
            loaded = await _load(requested, self.fetcher, self.follow_amp, self.executor)
        except _Overloaded:
            raise
        except (FetchError, ExtractionError, WorkerTimeout) as error:
            self.cache.put_failure(requested, error)
            raise
        self.cache.put(loaded.key, loaded.article, loaded.urls)
        return loaded.article

    def _finished(self, requested: str, task: asyncio.Task[Article]) -> None:
        if self._pending.get(requested) is task:
            del self._pending[requested]
        if not task.cancelled():
            task.exception()  # retrieved: no "never retrieved" warning when every reader left
