"""bot/poller.py against a local feed server, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import repo
from bot.db.engine import sessions
from bot.db.models import Article, Feed
from bot.poller import MAX_FAILURES, FeedPoller
from handlers.runtime import BotOptions, Runtime, make_pool
from summaries.errors import NotProse
from summaries.models import Summary
from summaries.pipeline import Options, summarize
from summaries.web.fetch import Fetcher, FetchOptions

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ETAG = '"feed-v1"'


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class FeedSite:
    def __init__(self) -> None:
        self.origin = ""
        self.hits: dict[str, int] = {}
        self.broken = False

    def rss(self) -> bytes:
        article = f"{self.origin}/transport/night-bus-line"
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Riverton Courier</title><link>{self.origin}/</link>
<item><title>Riverton opens its first night bus line</title><link>{article}</link>
<description>The town's first night bus runs from Friday. Read more...</description>
<pubDate>Tue, 24 Nov 2026 05:00:00 GMT</pubDate></item>
<item><title>Library extends its opening hours</title><link>{self.origin}/library</link>
<description>The central library will open until 9pm on weekdays from December, the council said
on Monday, after a consultation in which more than 1,200 residents asked for longer hours. The
change costs about £40,000 a year, paid from the culture budget. Libraries in two villages will
also open on Saturday afternoons. "People told us they cannot get here before six," said the
head librarian, Maria Lopes. "Now they can." The council said it would review the hours after a
year. The library has 30,000 books and a study room with 40 desks, which fills up in the exam
season. Students have asked for the study room to open at weekends as well, and the council said
it would consider that in the spring.</description></item>
</channel></rss>""".encode()


@pytest.fixture
def site() -> Iterator[FeedSite]:
    state = FeedSite()
    page = (PAGES / "news_article.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if self.path == "/feed.xml":
                if state.broken:
                    self.send_error(500)
                    return
                if self.headers.get("If-None-Match") == ETAG:
                    self.send_response(304)
                    self.end_headers()
                    return
                body, kind = state.rss(), "application/rss+xml"
            elif self.path.startswith("/transport/"):
                body, kind = page, "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", ETAG)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    executor = make_pool(1)
    yield executor
    executor.shutdown(cancel_futures=True)


@pytest.fixture
async def runtime(pool: ProcessPoolExecutor) -> AsyncIterator[Runtime]:
    shared = Runtime(BotOptions(fetch=FetchOptions(allow_private=True)), executor=pool)
    yield shared
    await shared.close()


async def test_poll_stores_summarizes_and_then_gets_304(
    engine: AsyncEngine, site: FeedSite, runtime: Runtime
) -> None:
    clock = Clock()
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 1, clock.now)
        feed = await repo.ensure_feed(session, site.origin + "/feed.xml", clock.now)
        await repo.subscribe(session, 1, feed.id, clock.now)
    poller = FeedPoller(
        maker,
        runtime.fetcher,
        summarize=lambda text, title: runtime.brief(text, title, 2),
        read_article=runtime.article_text,
        clock=clock,
    )
    report = await poller.poll_due()
    assert (report.polled, report.new_articles, report.summarized) == (1, 2, 2)
    assert site.hits["/transport/night-bus-line"] == 1  # the teaser's article was fetched
    async with maker() as session:
        articles = {a.title: a for a in await session.scalars(select(Article))}
        row = await session.get(Feed, feed.id)
    assert row is not None and row.title == "Riverton Courier" and row.etag == ETAG
    bus = articles["Riverton opens its first night bus line"]
    assert bus.summary and 1 <= len(bus.summary) <= 2
    assert all(sentence in (bus.text or "") for sentence in bus.summary)  # verbatim
    assert "Read more" not in " ".join(bus.summary)

    assert (await poller.poll_due()).polled == 0  # not due yet
    clock.now += timedelta(minutes=31)
    report = await poller.poll_due()
    assert (report.polled, report.not_modified, report.new_articles) == (1, 1, 0)


async def test_a_failing_feed_backs_off_then_is_paused_and_its_subscribers_named(
    engine: AsyncEngine, site: FeedSite, runtime: Runtime
) -> None:
    clock = Clock()
    maker = sessions(engine)
    site.broken = True
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 9, clock.now)
        feed = await repo.ensure_feed(session, site.origin + "/feed.xml", clock.now, title="RC")
        await repo.subscribe(session, 9, feed.id, clock.now)
    poller = FeedPoller(maker, runtime.fetcher, clock=clock)
    waits = []
    for attempt in range(1, MAX_FAILURES + 1):
        report = await poller.poll_due()
        assert report.failed == 1
        async with maker() as session:
            row = await session.get(Feed, feed.id)
        assert row is not None and row.error_count == attempt
        waits.append(row.next_poll_at - clock.now)
        clock.now = row.next_poll_at
    assert waits[1] == 2 * waits[0] and waits[-1] <= timedelta(hours=24)
    [paused] = report.paused
    assert paused.subscribers == [9] and "HTTP 500" in paused.reason
    assert (await poller.poll_due()).polled == 0  # paused: not polled again
    site.broken = False
    async with maker() as session, session.begin():  # subscribing again revives it
        revived = await repo.ensure_feed(session, site.origin + "/feed.xml", clock.now)
        assert revived.active and revived.error_count == 0
    assert (await poller.poll_due()).new_articles == 2


async def test_a_feeds_summaries_and_failures_are_written_together(
    engine: AsyncEngine, site: FeedSite
) -> None:
    clock = Clock()
    maker = sessions(engine)
    async with maker() as session, session.begin():
        feed = await repo.ensure_feed(session, site.origin + "/feed.xml", clock.now)
    page = "Riverton's first night bus runs from Friday. It links the station and the hospital."
    brief = Options(sentences=1, language="en", quotes=0, facts=0, keywords=0)

    async def summarize_here(text: str, title: str | None) -> Summary:
        if title and title.startswith("Library"):
            raise NotProse()
        return summarize(text, title=title, options=brief)

    async def read_article(url: str) -> tuple[str, str | None]:
        assert url.endswith("/transport/night-bus-line")
        return page, None

    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        poller = FeedPoller(
            maker, fetcher, summarize=summarize_here, read_article=read_article, clock=clock
        )
        report = await poller.poll_feed(feed.id)
    assert (report.new_articles, report.summarized) == (2, 1)
    async with maker() as session:
        articles = {a.title: a for a in await session.scalars(select(Article))}
    bus = articles["Riverton opens its first night bus line"]
    assert bus.text == page and bus.language == "en"  # the teaser's article replaces it
    assert bus.summary and bus.summary[0] in page and bus.summary_error is None
    library = articles["Library extends its opening hours"]
    assert library.summary is None and library.summary_error == "not_prose"
    assert library.text and library.text.startswith("The central library")


async def test_an_unexpected_error_is_the_feeds_failure_and_the_round_goes_on(
    engine: AsyncEngine, site: FeedSite, runtime: Runtime
) -> None:
    """A bug (here in the summarizer) in one feed's poll: logged, counted as that feed's
    failure (it backs off as a broken feed does), and the other feeds of the round are polled."""
    clock = Clock()
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 5, clock.now)
        broken = await repo.ensure_feed(session, site.origin + "/feed.xml", clock.now)
        missing = await repo.ensure_feed(session, site.origin + "/gone.xml", clock.now)
        for feed in (broken, missing):
            await repo.subscribe(session, 5, feed.id, clock.now)

    async def buggy(text: str, title: str | None) -> Summary:
        raise RuntimeError("a bug in the summarizer")

    poller = FeedPoller(maker, runtime.fetcher, summarize=buggy, clock=clock)
    report = await poller.poll_due()
    assert (report.polled, report.failed) == (2, 2)  # the 404 feed was polled all the same
    async with maker() as session:
        row = await session.get(Feed, broken.id)
    assert row is not None and row.error_count == 1 and row.next_poll_at > clock.now
    assert row.last_error is not None and row.last_error.startswith("unexpected")
