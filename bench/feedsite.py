"""A local news site with many feeds, for ``newsbrief eval poll-load``: served from a child
process on 127.0.0.1, as a real site would be from another machine.

Feed ``i`` is one town's paper (``/f<i>/rss.xml`` or ``/f<i>/atom.xml``: two feeds in three are
RSS 2.0, the rest Atom) with its own items, each a different article:

* most items carry the whole article (``content:encoded`` in RSS, ``<content>`` in Atom, as
  WordPress and most news CMSes write them); a share (``teaser_share``) carry only a teaser
  ending "… Continue reading", and their article page (``/f<i>/<year>/<slug>.html``, a page
  with the usual navigation, "Read more" links and footer around the article) is served too,
  so a poller's teaser path (fetch the page, extract, summarize) is exercised;
* the articles are made up (English, news-like, with names, numbers and quotes) or, with
  ``data_dir``, real item texts from the feeds in that folder (``../shared/data/rss_atom_feeds``,
  read in place), each given the town's dateline so that no two feeds carry the same text;
* conditional GET as real servers do it: three feeds in four send ``ETag`` and
  ``Last-Modified``, the fourth only ``Last-Modified``; ``If-None-Match`` wins over
  ``If-Modified-Since`` (RFC 9110), and a match is a 304 with no body;
* optionally, every answer a fixed ``latency_ms`` late, as from a site across the network.

``publish()`` gives a share of the feeds (``changed_share``) ``new_items`` new items each, the
oldest dropping out of the window as on a real feed; their validators change with them.

Standard library only at import (the child starts fast); the real feeds are parsed with
``summaries.feeds.parse`` inside the child.
"""

from __future__ import annotations

import contextlib
import html
import math
import multiprocessing
import random
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Self
from xml.sax.saxutils import escape

from bench.feedtexts import PAPERS, Story, made_up_story, real_stories, town_name

START_TIMEOUT_SECONDS = 300.0  # building 500 feeds takes a few seconds; a slow machine, more
ITEM_SPACING = timedelta(minutes=23)  # between one item of a feed and the next
ATOM_EVERY = 3  # feed i is Atom when i % ATOM_EVERY == ATOM_EVERY - 1, else RSS 2.0
DATE_ONLY_EVERY = 4  # feed i sends no ETag (Last-Modified only) when i % 4 == 3
TEASER_WORDS = 40  # a teaser: the article's opening, cut at a sentence, about this long


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """What the site serves (see the module docstring)."""

    feeds: int
    items_per_feed: int
    teaser_share: float = 0.2
    changed_share: float = 0.1
    new_items: int = 2
    data_dir: Path | None = None
    latency_ms: int = 0  # every answer waits this long first (a real site is further away)
    seed: int = 1


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the child built, for the report."""

    corpus: str  # where the article texts come from
    texts: int  # distinct article texts drawn on
    feed_bytes: int  # total size of the feeds as first served
    teasers: int  # teaser-only items among the first version of the feeds
    changed_feeds: int  # feeds that publish() changes


@dataclass(slots=True)
class SiteStats:
    """Requests the site answered (since the last reset)."""

    feeds_200: int = 0
    feeds_304_etag: int = 0  # If-None-Match matched
    feeds_304_date: int = 0  # no ETag: If-Modified-Since was not older than Last-Modified
    pages_200: int = 0  # article pages
    not_found: int = 0

    @property
    def feeds_304(self) -> int:
        return self.feeds_304_etag + self.feeds_304_date

    @property
    def validators(self) -> tuple[int, int]:
        """304s on ETag, on date."""
        return self.feeds_304_etag, self.feeds_304_date


@dataclass(slots=True)
class _Feed:
    index: int
    town: str
    paper: str
    atom: bool
    etag: bool  # sends an ETag (else Last-Modified only)
    version: int = 0
    bodies: dict[int, bytes] = field(default_factory=dict)  # by version

    @property
    def path(self) -> str:
        return f"/f{self.index}/{'atom' if self.atom else 'rss'}.xml"


# --- the site ----------------------------------------------------------------------------------


class FeedSite:
    """Every feed, version and article page, rendered up front (the child serves bytes)."""

    def __init__(self, spec: SiteSpec, origin: str, now: datetime) -> None:
        self.spec = spec
        self.origin = origin
        self.base_time = (now - timedelta(days=1)).replace(microsecond=0)
        self.stats = SiteStats()
        self.lock = threading.Lock()
        self.pages: dict[str, bytes] = {}
        self.feeds = [
            _Feed(
                index=i,
                town=town_name(i),
                paper=PAPERS[i % len(PAPERS)],
                atom=i % ATOM_EVERY == ATOM_EVERY - 1,
                etag=i % DATE_ONLY_EVERY != DATE_ONLY_EVERY - 1,
            )
            for i in range(spec.feeds)
        ]
        self.by_path = {feed.path: feed for feed in self.feeds}
        self.changed = _spread(spec.feeds, spec.changed_share)
        if spec.data_dir is not None:
            texts, sources = real_stories(spec.data_dir)
            if not texts:
                raise ValueError(f"no full-text items in the feeds of {spec.data_dir}")
            self.real: list[Story] | None = texts
            corpus = f"real item texts from {len(sources)} feeds in {spec.data_dir}"
        else:
            self.real = None
            corpus = "generated English news articles"
        teasers = 0
        for feed in self.feeds:
            versions = (0, 1) if feed.index in self.changed and spec.new_items else (0,)
            for version in versions:
                feed.bodies[version] = self._render(feed, version)
            teasers += sum(self._teaser(feed.index, n) for n in self._window(0))
        self.info = SiteInfo(
            corpus=corpus,
            texts=len(self.real) if self.real is not None else spec.feeds * spec.items_per_feed,
            feed_bytes=sum(len(feed.bodies[0]) for feed in self.feeds),
            teasers=teasers,
            changed_feeds=len(self.changed) if spec.new_items else 0,
        )

    def publish(self) -> tuple[int, int]:
        """The changed feeds move to their second version: (feeds changed, new items)."""
        with self.lock:
            moved = [f for f in self.feeds if f.index in self.changed and 1 in f.bodies]
            for feed in moved:
                feed.version = 1
        return len(moved), len(moved) * self.spec.new_items

    def take_stats(self) -> SiteStats:
        with self.lock:
            stats, self.stats = self.stats, SiteStats()
        return stats

    # --- what is served --------------------------------------------------------------------

    def answer(
        self, path: str, if_none_match: str | None, if_modified_since: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a GET."""
        feed = self.by_path.get(path)
        if feed is None:
            page = self.pages.get(path)
            with self.lock:
                if page is None:
                    self.stats.not_found += 1
                else:
                    self.stats.pages_200 += 1
            if page is None:
                return 404, {"Content-Type": "text/plain"}, b"not found"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        with self.lock:
            version = feed.version
        etag = f'"f{feed.index}-v{version}"' if feed.etag else None
        modified = self._modified(version)
        headers = {"Last-Modified": format_datetime(modified, usegmt=True)}
        if etag:
            headers["ETag"] = etag
        if if_none_match is not None:
            unchanged = etag is not None and etag in _tags(if_none_match)
            kind = "etag"
        else:
            unchanged = _not_older(if_modified_since, modified)
            kind = "date"
        if unchanged:
            with self.lock:
                if kind == "etag":
                    self.stats.feeds_304_etag += 1
                else:
                    self.stats.feeds_304_date += 1
            return 304, headers, b""
        with self.lock:
            self.stats.feeds_200 += 1
        kind_header = "application/atom+xml" if feed.atom else "application/rss+xml"
        headers["Content-Type"] = f"{kind_header}; charset=utf-8"
        return 200, headers, feed.bodies[version]

    # --- rendering -------------------------------------------------------------------------

    def _window(self, version: int) -> range:
        """Item numbers in a version of a feed, oldest first."""
        start = version * self.spec.new_items
        return range(start, start + self.spec.items_per_feed)

    def _published(self, number: int) -> datetime:
        return self.base_time + number * ITEM_SPACING

    def _modified(self, version: int) -> datetime:
        return self._published(self._window(version)[-1])

    def _teaser(self, feed: int, number: int) -> bool:
        """Whether an item carries only a teaser: a fixed share, spread over the feeds."""
        share = self.spec.teaser_share
        if share <= 0:
            return False
        position = feed * 7919 + number * 104729  # primes: teasers land on every feed alike
        return (position % 1000) < share * 1000

    def _story(self, feed: _Feed, number: int) -> Story:
        if self.real is None:
            rng = random.Random(f"{self.spec.seed}:{feed.index}:{number}")
            return made_up_story(rng, feed.town)
        base = self.real[(feed.index * self.spec.items_per_feed + number) % len(self.real)]
        when = self._published(number)
        dateline = f"{feed.town.upper()}, {when:%d %b %H:%M} — "
        return Story(
            base.title,
            (dateline + base.paragraphs[0], *base.paragraphs[1:]),
            base.author,
            base.topic,
        )

    def _render(self, feed: _Feed, version: int) -> bytes:
        entries: list[str] = []
        for number in reversed(self._window(version)):  # newest first, as feeds list them
            story = self._story(feed, number)
            link_path = f"/f{feed.index}/{self._published(number):%Y}/{_slug(story.title)}-{number}"
            link = f"{self.origin}{link_path}.html"
            teaser = self._teaser(feed.index, number)
            if link_path + ".html" not in self.pages:
                self.pages[link_path + ".html"] = _page(story, feed, link, self._published(number))
            guid = f"{self.origin}/f{feed.index}/?p={number}"
            render = _atom_entry if feed.atom else _rss_item
            entries.append(render(story, link, guid, self._published(number), teaser))
        render_feed = _atom_feed if feed.atom else _rss_feed
        updated = self._modified(version)
        return render_feed(feed, self.origin, updated, entries).encode("utf-8")


def _rss_item(story: Story, link: str, guid: str, published: datetime, teaser: bool) -> str:
    lead = _teaser_text(story)
    parts = [
        f"<item><title>{escape(story.title)}</title><link>{escape(link)}</link>",
        f'<guid isPermaLink="false">{escape(guid)}</guid>',
        f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>",
        f"<dc:creator>{escape(story.author)}</dc:creator><category>{story.topic}</category>",
    ]
    if teaser:
        more = f' <a href="{html.escape(link)}">Continue reading</a>'
        parts.append(f"<description>{escape(f'<p>{html.escape(lead)} …{more}</p>')}</description>")
    else:
        parts.append(f"<description>{escape(f'<p>{html.escape(lead)}</p>')}</description>")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
        parts.append(
            f"<content:encoded><![CDATA[{body.replace(']]>', ']]&gt;')}]]></content:encoded>"
        )
    parts.append("</item>")
    return "\n".join(parts)


def _atom_entry(story: Story, link: str, guid: str, published: datetime, teaser: bool) -> str:
    lead = _teaser_text(story)
    stamp = published.isoformat().replace("+00:00", "Z")
    parts = [
        f'<entry><title type="text">{escape(story.title)}</title>',
        f'<link rel="alternate" type="text/html" href="{escape(link)}"/>',
        f"<id>{escape(guid)}</id><published>{stamp}</published><updated>{stamp}</updated>",
        f"<author><name>{escape(story.author)}</name></author>",
        f'<category term="{story.topic}"/>',
    ]
    if teaser:
        summary = f"<p>{html.escape(lead)} … Continue reading</p>"
        parts.append(f'<summary type="html">{escape(summary)}</summary>')
    else:
        parts.append(f'<summary type="html">{escape(f"<p>{html.escape(lead)}</p>")}</summary>')
        body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
        parts.append(f'<content type="html">{escape(body)}</content>')
    parts.append("</entry>")
    return "\n".join(parts)


def _rss_feed(feed: _Feed, origin: str, updated: datetime, entries: Sequence[str]) -> str:
    site = f"{origin}/f{feed.index}/"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel><title>{escape(feed.paper)}</title><link>{site}</link>\n"
        f'<atom:link href="{origin}{feed.path}" rel="self" type="application/rss+xml"/>\n'
        f"<description>News from {escape(feed.town)} and around</description>"
        f"<language>en-gb</language>\n"
        f"<lastBuildDate>{format_datetime(updated, usegmt=True)}</lastBuildDate>\n"
        "<generator>newsbrief feed site</generator>\n" + "\n".join(entries) + "\n</channel></rss>\n"
    )


def _atom_feed(feed: _Feed, origin: str, updated: datetime, entries: Sequence[str]) -> str:
    site = f"{origin}/f{feed.index}/"
    stamp = updated.isoformat().replace("+00:00", "Z")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{escape(feed.paper)}</title><subtitle>News from {escape(feed.town)}</subtitle>\n"
        f'<link rel="alternate" type="text/html" href="{site}"/>\n'
        f'<link rel="self" href="{origin}{feed.path}"/>\n'
        f"<id>{site}</id><updated>{stamp}</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )


def _page(story: Story, feed: _Feed, link: str, published: datetime) -> bytes:
    """An article page with the furniture of a real one around the article."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    title = html.escape(story.title)
    related = "".join(
        f'<li><a href="/f{feed.index}/related-{n}.html">More news from {html.escape(feed.town)}'
        f" ({n})</a></li>"
        for n in range(1, 6)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {html.escape(feed.paper)}</title>
<link rel="canonical" href="{html.escape(link)}">
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="og:site_name" content="{html.escape(feed.paper)}">
<meta name="author" content="{html.escape(story.author)}">
<meta property="article:published_time" content="{published.isoformat()}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/whats-on">What's on</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{title}</h1>
<p class="byline">By {html.escape(story.author)} · {published:%d %B %Y}</p>
{body}
</article>
<aside><h2>Read more</h2><ul>{related}</ul></aside></main>
<footer><p>We use cookies to improve your experience. By using this site you agree.</p>
<p>© {published:%Y} {html.escape(feed.paper)}. All rights reserved.</p></footer>
</body></html>""".encode()


def _teaser_text(story: Story) -> str:
    """The article's opening sentences, about TEASER_WORDS words."""
    words: list[str] = []
    for sentence in _SENTENCE_END.split(story.paragraphs[0]):
        words.extend(sentence.split())
        if len(words) >= TEASER_WORDS:
            break
    return " ".join(words[: TEASER_WORDS * 2])


def _tags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",")}


def _not_older(if_modified_since: str | None, modified: datetime) -> bool:
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since >= modified


def _spread(count: int, share: float) -> frozenset[int]:
    """``share`` of ``count`` indices, evenly spread."""
    chosen = min(count, math.ceil(count * share)) if share > 0 else 0
    return frozenset(n * count // chosen for n in range(chosen)) if chosen else frozenset()


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60] or "story"


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+")


# --- the server, in a child process ------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        if self.server.site.spec.latency_ms:
            time.sleep(self.server.site.spec.latency_ms / 1000)
        status, headers, body = self.server.site.answer(
            self.path.split("?", 1)[0],
            self.headers.get("If-None-Match"),
            self.headers.get("If-Modified-Since"),
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a poller opens many connections at once
    site: FeedSite


def _serve(spec: SiteSpec, control: Connection) -> None:
    """The child: build the site, serve it, answer the parent's commands until it hangs up."""
    server = _SiteServer(("127.0.0.1", 0), _Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        server.site = FeedSite(spec, origin, datetime.now(UTC))
    except Exception as error:  # the parent reports it
        control.send(("error", f"{type(error).__name__}: {error}"))
        return
    threading.Thread(target=server.serve_forever, daemon=True).start()
    control.send(("ready", origin, server.site.info))
    with contextlib.suppress(EOFError, OSError):
        while True:
            command = control.recv()
            if command == "publish":
                control.send(server.site.publish())
            elif command == "stats":
                control.send(server.site.take_stats())
            else:
                break
    server.shutdown()


class SiteProcess:
    """``with SiteProcess(spec) as site:`` the site served by a child process (ended on exit)."""

    def __init__(self, spec: SiteSpec) -> None:
        self.spec = spec
        context = multiprocessing.get_context("spawn")
        self._control, child_end = context.Pipe()
        self._child = context.Process(target=_serve, args=(spec, child_end), daemon=True)
        self._child_end = child_end
        self.origin = ""
        self.info: SiteInfo | None = None

    def __enter__(self) -> Self:
        self._child.start()
        self._child_end.close()
        if not self._control.poll(START_TIMEOUT_SECONDS):
            self._end()
            raise RuntimeError("the feed site did not start")
        message = self._control.recv()
        if message[0] != "ready":
            self._end()
            raise ValueError(message[1])
        _, self.origin, self.info = message
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._end()

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def feed_urls(self) -> list[str]:
        return [
            f"{self.origin}/f{i}/{'atom' if i % ATOM_EVERY == ATOM_EVERY - 1 else 'rss'}.xml"
            for i in range(self.spec.feeds)
        ]

    def publish(self) -> tuple[int, int]:
        """New items on the changed feeds: (feeds changed, new items)."""
        self._control.send("publish")
        changed: tuple[int, int] = self._control.recv()
        return changed

    def take_stats(self) -> SiteStats:
        """The requests answered since the last call."""
        self._control.send("stats")
        stats: SiteStats = self._control.recv()
        return stats

    def _end(self) -> None:
        with contextlib.suppress(OSError):
            self._control.send("stop")
        self._control.close()
        self._child.join(5)
        if self._child.is_alive():
            self._child.terminate()  # the child this object started
            self._child.join()


__all__ = ["FeedSite", "SiteInfo", "SiteProcess", "SiteSpec", "SiteStats", "made_up_story"]
