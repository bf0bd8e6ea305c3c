"""summaries/web/links.py against a real HTTP server on 127.0.0.1 (tests/fixtures/pages/links).

The pages are templates: ``{{canonical}}`` is replaced per route with a URL on the test server,
so canonical links point back at it. The server counts requests by path.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import pickle
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.extraction import benchmark_pages, score_predictions
from bot.sandbox.pages import serve_pages
from summaries.errors import SummaryError
from summaries.pipeline import summarize
from summaries.web import links
from summaries.web.extract import Article, ExtractionError
from summaries.web.fetch import (
    Fetcher,
    FetchError,
    FetchOptions,
    FetchResult,
    FetchTimeout,
    NotFound,
)
from summaries.web.links import (
    EXTRACT_WORKERS,
    PAYWALL_MIN_WORDS,
    ArticleCache,
    LinkReader,
    Paywalled,
    article_key,
    check_paywall,
    is_amp_url,
    read_article,
)

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "links"
OPTIONS = FetchOptions(connect_timeout=2.0, total_timeout=5.0, allow_private=True)
CANONICAL_SENTENCE = "harbour lights at dawn"
AMP_SENTENCE = "This AMP edition leaves out"


class Site:
    """Routes (path -> page name and its canonical path) served by a ThreadingHTTPServer."""

    def __init__(self) -> None:
        self.origin = ""
        self.routes: dict[str, tuple[str, str]] = {}
        self.hits: dict[str, int] = {}
        self.delay = threading.Event()  # set: answers wait a moment (lets requests overlap)
        self.slow: dict[str, float] = {}  # path -> seconds its answer waits
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.origin + path

    def route(self, path: str, page: str, canonical: str = "") -> None:
        self.routes[path] = (page, canonical or path)

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits.get(path, 0)

    def answer(self, path: str) -> tuple[int, bytes]:
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        if self.delay.is_set():
            threading.Event().wait(0.2)
        if path in self.slow:
            threading.Event().wait(self.slow[path])
        if path not in self.routes:
            return 404, b"<html><body><h1>Not found</h1></body></html>"
        page, canonical = self.routes[path]
        text = (PAGES / page).read_text(encoding="utf-8")
        return 200, text.replace("{{canonical}}", self.url(canonical)).encode("utf-8")


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = state.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(OPTIONS) as fetcher:
        yield fetcher


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- AMP --------------------------------------------------------------------------------------


async def test_amp_page_is_swapped_for_its_canonical_article(site: Site, fetcher: Fetcher) -> None:
    site.route("/story/amp", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    article = await read_article(site.url("/story/amp"), fetcher)
    assert site.count("/story") == 1  # the server saw the canonical request
    assert CANONICAL_SENTENCE in article.text
    assert AMP_SENTENCE not in article.text


async def test_amp_attribute_is_enough_without_an_amp_looking_url(
    site: Site, fetcher: Fetcher
) -> None:
    site.route("/m/ferry", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    article = await read_article(site.url("/m/ferry"), fetcher)
    assert CANONICAL_SENTENCE in article.text
    assert site.count("/story") == 1


@pytest.mark.parametrize("path", ["/news/amp/ferry", "/news/ferry.amp.html", "/news/ferry?amp=1"])
async def test_amp_shaped_urls_follow_the_declared_canonical(
    site: Site, fetcher: Fetcher, path: str
) -> None:
    site.route(path, "amp_like.html", canonical="/story")
    site.route("/story", "story.html")
    article = await read_article(site.url(path), fetcher)
    assert CANONICAL_SENTENCE in article.text
    assert site.count("/story") == 1


async def test_a_plain_page_with_a_canonical_is_not_refetched(site: Site, fetcher: Fetcher) -> None:
    site.route("/news/ferry", "amp_like.html", canonical="/story")  # not an AMP URL or page
    site.route("/story", "story.html")
    article = await read_article(site.url("/news/ferry"), fetcher)
    assert "mobile edition" in article.text
    assert site.count("/story") == 0


async def test_amp_whose_canonical_is_missing_falls_back_to_the_amp_text(
    site: Site, fetcher: Fetcher
) -> None:
    site.route("/story/amp", "amp.html", canonical="/gone")
    article = await read_article(site.url("/story/amp"), fetcher)
    assert site.count("/gone") == 1  # tried once, answered 404
    assert AMP_SENTENCE in article.text


async def test_amp_can_be_turned_off(site: Site, fetcher: Fetcher) -> None:
    site.route("/story/amp", "amp.html", canonical="/story")
    article = await read_article(site.url("/story/amp"), fetcher, follow_amp=False)
    assert AMP_SENTENCE in article.text
    assert site.count("/story") == 0


async def test_amp_page_that_is_its_own_canonical_is_fetched_once(
    site: Site, fetcher: Fetcher
) -> None:
    site.route("/story/amp", "amp.html")  # canonical = itself
    article = await read_article(site.url("/story/amp"), fetcher)
    assert AMP_SENTENCE in article.text
    assert site.count("/story/amp") == 1


def test_is_amp_url() -> None:
    assert is_amp_url("https://a.example/amp/x")
    assert is_amp_url("https://a.example/x/amp")
    assert is_amp_url("https://a.example/x.amp.html")
    assert is_amp_url("https://a.example/x?amp=1")
    assert is_amp_url("https://a.example/x?amp")
    assert not is_amp_url("https://a.example/amplifiers/x")
    assert not is_amp_url("https://a.example/x?amp=0")
    assert not is_amp_url("https://a.example/example.html")


# --- cache keys -------------------------------------------------------------------------------


def test_article_key_prefers_a_same_site_canonical() -> None:
    article = Article(text="x", canonical_url="https://www.news.example/story?utm_source=tw")
    assert article_key("https://news.example/s/123", article) == "https://www.news.example/story"


def test_article_key_ignores_a_canonical_on_another_site() -> None:
    article = Article(text="x", canonical_url="https://victim.example/story")
    assert article_key("https://news.example/s/1#top", article) == "https://news.example/s/1"
    assert article_key("HTTPS://News.Example/s/1") == "https://news.example/s/1"


@pytest.mark.parametrize(
    "canonical",
    [
        "https://medium.com/@victim/story",  # a subdomain may belong to someone else
        "https://other.evil.medium.com/story",
        "https://evil.medium.com.attacker.example/story",
        "http://evil.medium.com/story",  # same host, other scheme
        "https://evil.medium.com:8443/story",  # same host, other port
    ],
)
def test_article_key_rejects_subdomains_parents_schemes_and_ports(canonical: str) -> None:
    article = Article(text="x", canonical_url=canonical)
    assert article_key("https://evil.medium.com/s/1", article) == "https://evil.medium.com/s/1"


def test_article_key_rejects_an_http_page_claiming_its_https_twin() -> None:
    article = Article(text="x", canonical_url="https://news.example/story")
    assert article_key("http://news.example/s/1", article) == "http://news.example/s/1"
    article = Article(text="x", canonical_url="http://news.example/story")
    assert article_key("https://news.example/s/1", article) == "https://news.example/s/1"


@pytest.mark.parametrize("prefix", ["www.", "m.", "amp."])
def test_article_key_accepts_one_www_m_or_amp_label(prefix: str) -> None:
    article = Article(text="x", canonical_url="https://news.example/story")
    assert article_key(f"https://{prefix}news.example/s/1", article) == (
        "https://news.example/story"
    )
    back = Article(text="x", canonical_url=f"https://{prefix}news.example/story")
    assert article_key("https://news.example/s/1", back) == f"https://{prefix}news.example/story"
    other = Article(text="x", canonical_url="https://mobile.news.example/story")
    assert article_key(f"https://{prefix}news.example/s/1", other) == (
        f"https://{prefix}news.example/s/1"
    )


def test_article_key_reads_a_link_header_canonical() -> None:
    result = FetchResult(
        url="https://news.example/s/1",
        status=200,
        headers={"link": '<https://cdn.example/x.css>; rel=preload, </story>; rel="canonical"'},
        content_type="text/html",
        charset=None,
        body=b"<p>x</p>",
    )
    assert article_key(result) == "https://news.example/story"


async def test_cache_key_comes_from_the_canonical(site: Site, fetcher: Fetcher) -> None:
    site.route("/s/123", "story.html", canonical="/ferry-story")
    site.route("/ferry-story", "story.html")
    reader = LinkReader(fetcher)
    await reader.read(site.url("/s/123"))
    assert reader.cache.get(site.url("/ferry-story")) is not None
    await reader.read(site.url("/ferry-story"))  # a different link to the same article
    assert site.count("/ferry-story") == 0


async def test_cross_site_canonical_does_not_become_the_key(site: Site, fetcher: Fetcher) -> None:
    site.route("/s/9", "remote_canonical.html")
    reader = LinkReader(fetcher)
    await reader.read(site.url("/s/9"))
    assert reader.cache.get("https://elsewhere.example/ferry-story") is None
    assert reader.cache.get(site.url("/s/9")) is not None


# --- LinkReader and ArticleCache --------------------------------------------------------------


async def test_cache_hit_avoids_a_second_fetch(site: Site, fetcher: Fetcher) -> None:
    site.route("/story", "story.html")
    reader = LinkReader(fetcher)
    first = await reader.read(site.url("/story"))
    second = await reader.read(site.url("/story?utm_source=newsletter#comments"))
    assert second is first
    assert site.count("/story") == 1


async def test_amp_link_is_remembered_as_its_canonical(site: Site, fetcher: Fetcher) -> None:
    site.route("/story/amp", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    reader = LinkReader(fetcher)
    await reader.read(site.url("/story/amp"))
    await reader.read(site.url("/story/amp"))
    await reader.read(site.url("/story"))
    assert (site.count("/story/amp"), site.count("/story")) == (1, 1)


async def test_concurrent_reads_of_one_link_fetch_once(site: Site, fetcher: Fetcher) -> None:
    site.route("/story", "story.html")
    site.delay.set()
    reader = LinkReader(fetcher)
    articles = await asyncio.gather(*(reader.read(site.url("/story")) for _ in range(5)))
    assert site.count("/story") == 1
    assert all(article is articles[0] for article in articles)


async def test_a_cancelled_reader_does_not_cancel_the_others(site: Site, fetcher: Fetcher) -> None:
    site.route("/story", "story.html")
    site.delay.set()
    reader = LinkReader(fetcher)
    leaver = asyncio.create_task(reader.read(site.url("/story")))
    stayer = asyncio.create_task(reader.read(site.url("/story")))
    await asyncio.sleep(0.05)
    leaver.cancel()
    article = await stayer
    assert CANONICAL_SENTENCE in article.text
    assert site.count("/story") == 1


async def test_concurrent_failures_reach_every_reader_and_are_remembered_briefly(
    site: Site, fetcher: Fetcher
) -> None:
    site.delay.set()
    clock = Clock()
    reader = LinkReader(fetcher, ArticleCache(failure_ttl_seconds=60, clock=clock))
    results = await asyncio.gather(
        *(reader.read(site.url("/missing")) for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(result, NotFound) for result in results)
    first = results[0]
    assert isinstance(first, NotFound)
    assert site.count("/missing") == 1
    site.delay.clear()
    for _ in range(2):
        with pytest.raises(NotFound) as caught:
            await reader.read(site.url("/missing?utm_source=x"))  # same normalized URL
        assert caught.value is not first  # a copy each time: no traceback pile-up
        assert (caught.value.status, caught.value.user_message) == (404, first.user_message)
    assert site.count("/missing") == 1
    clock.now += 61
    with pytest.raises(NotFound):
        await reader.read(site.url("/missing"))
    assert site.count("/missing") == 2


async def test_extraction_failures_are_remembered_too(site: Site, fetcher: Fetcher) -> None:
    site.route("/menu", "no_article.html")
    clock = Clock()
    reader = LinkReader(fetcher, ArticleCache(clock=clock))
    for _ in range(3):
        with pytest.raises(ExtractionError):
            await reader.read(site.url("/menu"))
    assert site.count("/menu") == 1
    clock.now += 61
    with pytest.raises(ExtractionError):
        await reader.read(site.url("/menu"))
    assert site.count("/menu") == 2


async def test_timeouts_are_remembered(site: Site) -> None:
    site.route("/slow", "story.html")
    site.slow["/slow"] = 0.8
    async with Fetcher(FetchOptions(total_timeout=0.4, allow_private=True)) as fetcher:
        reader = LinkReader(fetcher)
        with pytest.raises(FetchTimeout):
            await reader.read(site.url("/slow"))
        with pytest.raises(FetchTimeout):
            await reader.read(site.url("/slow"))
    assert site.count("/slow") == 1  # the second read was answered from memory


def test_failure_memory_is_bounded_and_can_be_off() -> None:
    cache = ArticleCache(max_failures=2)
    for n in range(3):
        cache.put_failure(f"u{n}", FetchError())
    assert cache.failure("u0") is None
    assert isinstance(cache.failure("u2"), FetchError)
    cache.clear()
    assert cache.failure("u2") is None
    off = ArticleCache(failure_ttl_seconds=0)
    off.put_failure("u", FetchError())
    assert off.failure("u") is None
    with pytest.raises(ValueError, match="failure_ttl_seconds"):
        ArticleCache(failure_ttl_seconds=-1)


# --- deadline and executor --------------------------------------------------------------------


async def test_one_deadline_covers_the_amp_hop(site: Site) -> None:
    site.route("/story/amp", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    site.slow["/story/amp"] = 0.7
    site.slow["/story"] = 0.7  # each hop alone fits in 0.8 s; both (1.4 s) do not
    async with Fetcher(FetchOptions(total_timeout=0.8, allow_private=True)) as fetcher:
        article = await read_article(site.url("/story/amp"), fetcher)
    # the one deadline cut the second hop (both would take 1.4 s): the AMP page's text
    assert AMP_SENTENCE in article.text
    assert site.count("/story") == 1


class CountingPool(ThreadPoolExecutor):
    def __init__(self, workers: int = 1) -> None:
        super().__init__(workers)
        self.jobs = 0

    def submit(  # type: ignore[override]
        self, fn: Callable[..., object], /, *args: object, **kwargs: object
    ) -> Future[object]:
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


async def test_extraction_runs_on_the_given_executor(site: Site, fetcher: Fetcher) -> None:
    site.route("/story/amp", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    with CountingPool() as pool:
        article = await LinkReader(fetcher, executor=pool).read(site.url("/story/amp"))
        assert pool.jobs == 2  # the AMP page and its canonical
        await read_article(site.url("/story"), fetcher, executor=pool)
        assert pool.jobs == 3
    assert CANONICAL_SENTENCE in article.text


async def test_extraction_can_run_in_a_process_pool(site: Site, fetcher: Fetcher) -> None:
    """The bot extracts in worker processes (off the event loop's GIL): the job pickles."""
    site.route("/story/amp", "amp.html", canonical="/story")
    site.route("/story", "story.html")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        article = await LinkReader(fetcher, executor=pool).read(site.url("/story/amp"))
    assert CANONICAL_SENTENCE in article.text
    assert article.canonical_url == site.url("/story")


async def test_default_executor_is_a_small_dedicated_pool(site: Site, fetcher: Fetcher) -> None:
    site.route("/story", "story.html")
    reader = LinkReader(fetcher)
    assert reader.executor is links._EXTRACT_POOL
    assert isinstance(reader.executor, ThreadPoolExecutor)
    assert reader.executor._max_workers == EXTRACT_WORKERS
    loop = asyncio.get_running_loop()
    default = CountingPool(4)
    loop.set_default_executor(default)  # DNS may use it; extraction must not
    submitted = {"n": 0}
    original = links._EXTRACT_POOL.submit

    def counting_submit(fn: Callable[..., object], /, *args: object) -> Future[object]:
        submitted["n"] += 1
        return original(fn, *args)

    links._EXTRACT_POOL.submit = counting_submit  # type: ignore[method-assign,assignment]
    try:
        await reader.read(site.url("/story"))
    finally:
        del links._EXTRACT_POOL.submit
    assert submitted["n"] == 1


async def test_a_deadline_spent_waiting_for_a_worker_is_not_remembered(site: Site) -> None:
    site.route("/story", "story.html")
    release = threading.Event()
    with CountingPool(1) as pool:
        pool.submit(release.wait, 5)  # the only worker is busy
        async with Fetcher(FetchOptions(total_timeout=0.5, allow_private=True)) as fetcher:
            reader = LinkReader(fetcher, executor=pool)
            with pytest.raises(FetchTimeout):
                await reader.read(site.url("/story"))
            release.set()
            article = await reader.read(site.url("/story"))  # not a remembered failure
    assert CANONICAL_SENTENCE in article.text
    assert site.count("/story") == 2


async def test_ttl_expiry_fetches_again(site: Site, fetcher: Fetcher) -> None:
    site.route("/story", "story.html")
    clock = Clock()
    reader = LinkReader(fetcher, ArticleCache(max_entries=8, ttl_seconds=60, clock=clock))
    await reader.read(site.url("/story"))
    clock.now += 59
    await reader.read(site.url("/story"))
    assert site.count("/story") == 1
    clock.now += 2
    await reader.read(site.url("/story"))
    assert site.count("/story") == 2


async def test_lru_eviction_drops_the_least_recently_used(site: Site, fetcher: Fetcher) -> None:
    for path in ("/a", "/b", "/c"):
        site.route(path, "story.html")
    reader = LinkReader(fetcher, ArticleCache(max_entries=2, ttl_seconds=600))
    await reader.read(site.url("/a"))
    await reader.read(site.url("/b"))
    await reader.read(site.url("/a"))  # /a is now the most recently used
    await reader.read(site.url("/c"))  # evicts /b
    await reader.read(site.url("/a"))
    await reader.read(site.url("/b"))
    assert (site.count("/a"), site.count("/b"), site.count("/c")) == (1, 2, 1)
    assert len(reader.cache) == 2


def test_article_cache_unit() -> None:
    clock = Clock()
    cache = ArticleCache(max_entries=2, ttl_seconds=10, clock=clock)
    one, two, three = (Article(text=str(n)) for n in range(3))
    cache.put("k1", one, aliases=["u1", "k1"])
    cache.put("k2", two)
    assert cache.lookup("u1") is one
    assert cache.lookup("k2") is two
    assert cache.get("u1") is None  # aliases are for lookup, not keys
    cache.put("k3", three)  # k1 was used before k2: k1 goes
    assert cache.get("k1") is None
    assert cache.lookup("u1") is None
    clock.now += 10
    assert cache.get("k2") is None
    assert len(cache) == 1  # k3 is expired too but only dropped when met
    cache.clear()
    assert len(cache) == 0
    with pytest.raises(ValueError, match="max_entries"):
        ArticleCache(max_entries=0)
    with pytest.raises(ValueError, match="ttl_seconds"):
        ArticleCache(ttl_seconds=0)


def test_article_cache_is_thread_safe() -> None:
    cache = ArticleCache(max_entries=16, ttl_seconds=600)
    article = Article(text="x")

    def work(n: int) -> None:
        for i in range(500):
            cache.put(f"k{(n * i) % 40}", article, aliases=[f"u{i % 70}"])
            cache.lookup(f"u{(i * 7) % 70}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 16


# --- paywall ----------------------------------------------------------------------------------


async def test_short_paywalled_teaser_raises_paywalled(site: Site, fetcher: Fetcher) -> None:
    site.route("/teaser", "teaser.html")
    with pytest.raises(Paywalled) as caught:
        await read_article(site.url("/teaser"), fetcher)
    assert caught.value.code == "paywalled"
    assert 0 < caught.value.words < PAYWALL_MIN_WORDS
    assert "subscribers" in caught.value.user_message


async def test_paywalled_teaser_is_cached_and_raises_each_time(
    site: Site, fetcher: Fetcher
) -> None:
    site.route("/teaser", "teaser.html")
    reader = LinkReader(fetcher)
    for _ in range(2):
        with pytest.raises(Paywalled):
            await reader.read(site.url("/teaser"))
    assert site.count("/teaser") == 1


async def test_long_paywalled_page_is_returned_marked_partial(site: Site, fetcher: Fetcher) -> None:
    site.route("/long", "paywalled_long.html")
    article = await LinkReader(fetcher).read(site.url("/long"))
    assert article.paywalled
    assert "only shop" in article.text


def test_check_paywall_threshold() -> None:
    short = Article(text="word " * (PAYWALL_MIN_WORDS - 1), paywalled=True)
    enough = Article(text="word " * PAYWALL_MIN_WORDS, paywalled=True)
    free = Article(text="word", paywalled=False)
    with pytest.raises(Paywalled):
        check_paywall(short)
    assert check_paywall(enough) is enough
    assert check_paywall(free) is free
    assert check_paywall(short, min_words=10) is short


def test_paywalled_pickles() -> None:
    error = Paywalled(42, 150)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, Paywalled)
    assert isinstance(copy, SummaryError)
    assert (copy.words, copy.minimum, copy.code) == (42, 150, "paywalled")
    assert copy.user_message == error.user_message
    assert str(copy) == str(error)


# --- the benchmark's dev pages, served over HTTP ------------------------------------------------

BENCHMARK = Path(__file__).resolve().parents[4] / "shared" / "data" / "article_extraction_benchmark"


@pytest.mark.shared_data
async def test_benchmark_dev_pages_read_and_summarized_over_http() -> None:
    """Every dev page of the extraction benchmark, served by a local server and read the way the
    bot reads a link (several at once): an article whose text matches the ground truth, and a
    summary that is verbatim; or a specific error the user can be told. Nothing hangs."""
    if not (BENCHMARK / "ground-truth.json").is_file():
        pytest.skip(f"{BENCHMARK} is not here")
    pages = benchmark_pages(BENCHMARK)
    ids = [path[1:].removesuffix(".html") for path in pages]
    with serve_pages(pages) as base:
        async with Fetcher(OPTIONS) as fetcher:
            reader = LinkReader(fetcher)
            limit = asyncio.Semaphore(8)

            async def one(key: str) -> Article | SummaryError:
                async with limit:
                    try:
                        return await reader.read(f"{base}/{key}.html?utm_source=test")
                    except SummaryError as error:
                        return error

            results = dict(zip(ids, await asyncio.gather(*(one(key) for key in ids)), strict=True))

    failures = {key: r for key, r in results.items() if isinstance(r, SummaryError)}
    assert all(type(error) is not SummaryError for error in failures.values())  # specific kinds
    assert all(error.user_message for error in failures.values())
    assert len(failures) <= 1, failures
    articles = {key: r for key, r in results.items() if isinstance(r, Article)}
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    scores = score_predictions(
        {key: truth[key]["articleBody"] for key in ids},
        {key: article.text for key, article in articles.items()},
    )
    assert scores.f1 >= 0.95
    for article in articles.values():
        summary = summarize(article.text, title=article.title)
        assert summary.sentences
        assert all(s.text in summary.body for s in summary.sentences)
