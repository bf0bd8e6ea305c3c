"""Fetcher.fetch_feed: feed media types accepted, conditional GET (ETag / Last-Modified)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summaries.feeds.parse import parse_feed
from summaries.web.fetch import Fetcher, FetchOptions, NotAnArticle

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Riverton Courier</title><link>https://riverton.example/</link>
<item><title>Night buses start on Friday</title><link>https://riverton.example/night-buses</link>
<description>The first night bus line opens on Friday.</description></item>
</channel></rss>"""
ETAG = '"v1"'
MODIFIED = "Tue, 24 Nov 2026 07:00:00 GMT"


class Feeds:
    def __init__(self) -> None:
        self.origin = ""
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def feeds() -> Iterator[Feeds]:
    state = Feeds()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append({k.lower(): v for k, v in self.headers.items()})
            types = {
                "/rss": "application/rss+xml",
                "/xml": "text/xml",
                "/json": "application/feed+json",
                "/png": "image/png",
                **{f"/as/{n}": media for n, media in enumerate(FEED_MEDIA_TYPES)},
            }
            kind = types.get(self.path, "application/octet-stream")
            if self.headers.get("If-None-Match") == ETAG or (
                self.headers.get("If-Modified-Since") == MODIFIED
            ):
                self.send_response(304)
                self.end_headers()
                return
            body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []}'
            body = (
                body
                if self.path == "/json"
                else b"\x89PNG\r\n\x1a\n"
                if self.path == "/png"
                else RSS
            )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", MODIFIED)
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


async def test_feed_types_are_fetched_and_validators_kept(feeds: Feeds) -> None:
    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        for path in ("/rss", "/xml", "/json"):
            result = await fetcher.fetch_feed(feeds.origin + path)
            assert result is not None and result.status == 200
            assert result.headers["etag"] == ETAG
            assert result.headers["last-modified"] == MODIFIED
        result = await fetcher.fetch_feed(feeds.origin + "/rss")
        assert result is not None
        feed = parse_feed(result.body, result.url, content_type=result.headers["content-type"])
        assert [item.title for item in feed.items] == ["Night buses start on Friday"]
        assert "application/rss+xml" in feeds.requests[0]["accept"]
        with pytest.raises(NotAnArticle):
            await fetcher.fetch_feed(feeds.origin + "/png")
        with pytest.raises(NotAnArticle):
            await fetcher.fetch(feeds.origin + "/rss")  # a feed is not an article page


# Every name a feed is served under in the wild, with a parameter or two.
FEED_MEDIA_TYPES = (
    "application/rss+xml",
    "application/x-rss+xml",
    "application/rdf+xml",
    "application/atom+xml",
    "application/x-atom+xml",
    "application/xml",
    "text/xml; charset=utf-8",
    "text/rss+xml",
    "application/feed+json",
    "application/json",
    "application/vnd.example+xml",
)


async def test_every_feed_media_type_is_accepted(feeds: Feeds) -> None:
    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        for number, media_type in enumerate(FEED_MEDIA_TYPES):
            result = await fetcher.fetch_feed(f"{feeds.origin}/as/{number}")
            assert result is not None, media_type
            feed = parse_feed(result.body, result.url, content_type=result.headers["content-type"])
            assert [item.title for item in feed.items] == ["Night buses start on Friday"]
        with pytest.raises(NotAnArticle) as info:  # as a link to summarize, it says what it is
            await fetcher.fetch(f"{feeds.origin}/as/1")
        assert "a news feed" in info.value.user_message


async def test_not_modified_is_none(feeds: Feeds) -> None:
    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        assert await fetcher.fetch_feed(feeds.origin + "/rss", etag=ETAG) is None
        assert await fetcher.fetch_feed(feeds.origin + "/rss", last_modified=MODIFIED) is None
        assert await fetcher.fetch_feed(feeds.origin + "/rss", etag='"old"') is not None
    assert feeds.requests[0]["if-none-match"] == ETAG
    assert feeds.requests[1]["if-modified-since"] == MODIFIED
