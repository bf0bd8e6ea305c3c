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
from typing import Any, Self
from xml.sax.saxutils import escape

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


@dataclass(frozen=True, slots=True)
class _Story:
    title: str
    paragraphs: tuple[str, ...]
    author: str
    topic: str


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
                town=_town(i),
                paper=_PAPERS[i % len(_PAPERS)],
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
            self.real: list[_Story] | None = texts
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

    def _story(self, feed: _Feed, number: int) -> _Story:
        if self.real is None:
            rng = random.Random(f"{self.spec.seed}:{feed.index}:{number}")
            return made_up_story(rng, feed.town)
        base = self.real[(feed.index * self.spec.items_per_feed + number) % len(self.real)]
        when = self._published(number)
        dateline = f"{feed.town.upper()}, {when:%d %b %H:%M} — "
        return _Story(
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


def _rss_item(story: _Story, link: str, guid: str, published: datetime, teaser: bool) -> str:
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


def _atom_entry(story: _Story, link: str, guid: str, published: datetime, teaser: bool) -> str:
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


def _page(story: _Story, feed: _Feed, link: str, published: datetime) -> bytes:
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


def _teaser_text(story: _Story) -> str:
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


# --- article texts -----------------------------------------------------------------------------


def real_stories(data_dir: Path) -> tuple[list[_Story], list[str]]:
    """Full-text items (not teasers) of the feeds in ``data_dir``, each text once, and the feeds
    they came from. Read in place; any file that is not a readable feed is passed over."""
    from summaries.errors import SummaryError  # only the child needs these
    from summaries.feeds.parse import parse_feed

    stories: list[_Story] = []
    sources: list[str] = []
    seen: set[str] = set()
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name == "manifest.json":
            continue
        if "expected_output" in path.parts:  # another parser's expectations, not feeds
            continue
        try:
            feed = parse_feed(path.read_bytes(), "http://feeds.invalid/")
        except (SummaryError, OSError):
            continue
        found = 0
        for item in feed.items:
            text = item.content or item.summary
            if item.excerpt_only or not text or item.content_hash in seen:
                continue
            seen.add(item.content_hash)
            paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
            title = item.title or " ".join(paragraphs[0].split()[:8])
            stories.append(_Story(title, paragraphs, item.author or "Staff", "news"))
            found += 1
        if found:
            sources.append(str(path.relative_to(data_dir)))
    return stories, sources


_PAPERS = (
    "Gazette", "Courier", "Herald", "Chronicle", "Post", "Echo", "Times", "Observer", "Mercury",
    "Advertiser", "Express", "Journal", "Standard", "Argus", "Sentinel", "Guardian",
)  # fmt: skip
_TOWN_START = (
    "Ash", "Bar", "Black", "Brad", "Bridge", "Brook", "Cald", "Castle", "Chester", "Clay", "Cold",
    "Corn", "Dun", "East", "Elm", "Fair", "Fern", "Glen", "Green", "Hal", "Hart", "Hazel", "High",
    "Holm", "King", "Lang", "Long", "Marsh", "Mill", "North", "Oak", "Pen", "Red", "River",
    "Rose", "Salt", "Sand", "Stan", "Stone", "Thorn", "Water", "West", "White", "Wick", "Wind",
)  # fmt: skip
_TOWN_END = (
    "bury", "by", "combe", "croft", "dale", "don", "field", "ford", "gate", "ham", "haven",
    "hurst", "ley", "mere", "minster", "mouth", "port", "stead", "stow", "thorpe", "ton", "wich",
    "well", "worth",
)  # fmt: skip


def _town(index: int) -> str:
    start = index % len(_TOWN_START)
    name = _TOWN_START[start] + _TOWN_END[(index // len(_TOWN_START) + start) % len(_TOWN_END)]
    lap = index // (len(_TOWN_START) * len(_TOWN_END))
    name = name[0] + name[1:].lower()
    return name if lap == 0 else f"{name} {_ROMAN[lap % len(_ROMAN)]}"


_ROMAN = ("", "Minor", "Magna", "Parva", "Regis", "Abbots", "St Mary", "St John")

_FIRST = (
    "Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Isla", "James", "Kofi",
    "Laura", "Mohammed", "Nina", "Owen", "Priya", "Rachel", "Samuel", "Tom", "Uma", "Victor",
    "Wendy", "Yusuf", "Zoe",
)  # fmt: skip
_LAST = (
    "Abbott", "Berg", "Clarke", "Davies", "Evans", "Fischer", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lopes", "Morgan", "Novak", "Owusu", "Patel", "Quinn", "Roberts", "Singh", "Turner",
    "Walsh", "Young",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

# Topics: (category, titles, leads, details, quotes, roles). Slots: {town} {name} {role} {n}
# {big} {money} {pct} {day} {month} {year} {place}.
_TOPICS: tuple[
    tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    ...,
] = (
    (
        "council",
        (
            "{town} council approves {money} plan for {place}",
            "New bridge for {town} backed despite objections",
            "{town} to get {n} new bus routes from {month}",
        ),
        (
            "{town} council has approved a {money} plan to rebuild {place}, after a vote on {day} "
            "evening in which {n} councillors backed the scheme and {small} opposed it.",
            "Councillors in {town} voted on {day} to go ahead with a {money} scheme for {place}, "
            "which officials say will be finished by {month} {year}.",
        ),
        (
            "The work is expected to take {n} months and will be paid for partly by a government "
            "grant of {money2}.",
            "A consultation last year drew {big} responses, {pct} of them in favour of the plan.",
            "Traffic on the main road will be diverted while the work is under way, the council "
            "said.",
            "Opposition councillors said the cost had risen by {pct} since the scheme was first "
            "proposed in {year0}.",
            "The council said it would publish a full timetable for the work in {month}.",
            "Local businesses have been promised help with signs and parking during the work.",
            "About {big} people use {place} every day, according to the council's own figures.",
            "The scheme was first put forward {n} years ago but was delayed by a lack of money.",
        ),
        (
            "“This is the biggest investment in {place} for a generation,” said {name}, {role}.",
            "“We listened to residents and changed the plan where we could,” {name}, {role}, said.",
            "“People have waited long enough for this,” said {name}, {role}. “Now we have to "
            "deliver it on time and on budget.”",
        ),
        (
            "the leader of {town} council",
            "the council's cabinet member for transport",
            "a councillor for the town's east ward",
        ),
    ),
    (
        "health",
        (
            "{town} hospital to open new {ward} ward",
            "Waiting times fall at {town} hospital",
            "{town} GP surgery to close, patients told",
        ),
        (
            "The hospital in {town} will open a new {ward} ward in {month}, adding {n} beds and "
            "{small} consulting rooms, the health trust said on {day}.",
            "Patients at {town} General waited an average of {n} weeks for treatment last month, "
            "down from {n2} weeks a year earlier, figures published on {day} show.",
        ),
        (
            "The trust said it had recruited {big} nurses over the past year, {pct} of them from "
            "abroad.",
            "The new ward cost {money} and was paid for by the NHS and a local charity appeal.",
            "Staff shortages remain the main problem, according to the trust's annual report.",
            "The number of patients waiting more than a year fell to {n}, the lowest since "
            "{year0}.",
            "Visiting hours will be extended to 8pm from next month, the trust said.",
            "A public meeting about the changes will be held at the town hall on {day} {date} "
            "{month}.",
            "The trust serves about {big} people in {town} and the surrounding villages.",
            "Campaigners had called for the ward to be reopened since it closed in {year0}.",
        ),
        (
            "“Our staff have worked incredibly hard to get waiting lists down,” said {name}, "
            "{role}.",
            "“This ward will mean fewer patients have to travel to the city for treatment,” "
            "{name}, {role}, said.",
            "“We know there is more to do,” said {name}, {role}. “But the trend is the right one.”",
        ),
        (
            "the trust's chief executive",
            "the hospital's medical director",
            "a spokesperson for the patients' group",
        ),
    ),
    (
        "schools",
        (
            "{town} school rated outstanding by inspectors",
            "{town} pupils raise {money} for new library",
            "Plans for new primary school in {town} unveiled",
        ),
        (
            "Inspectors have rated {town} Academy outstanding for the first time, praising its "
            "teaching, its behaviour and the range of clubs it offers its {big} pupils.",
            "Pupils at a {town} primary school have raised {money} for a new library after a "
            "year of bake sales, sponsored walks and a {n}-hour readathon.",
        ),
        (
            "The report said pupils made strong progress in English and mathematics.",
            "The school was rated as requiring improvement at its last inspection in {year0}.",
            "About {pct} of pupils are eligible for free school meals, above the national average.",
            "The new building will have {n} classrooms, a hall and a sports pitch.",
            "Parents were told about the plans at a meeting on {day}.",
            "The school has {big} pupils on its roll and a waiting list for places.",
            "Inspectors also noted that attendance had risen to {pct} over the past year.",
            "The library is due to open in {month}, with {big} books donated by families.",
        ),
        (
            "“I am so proud of every pupil and every member of staff,” said {name}, {role}.",
            "“The children did all of this themselves,” {name}, {role}, said.",
            "“A school is only as good as its community,” said {name}, {role}. “Ours is "
            "remarkable.”",
        ),
        ("the head teacher", "the chair of governors", "a parent and school volunteer"),
    ),
    (
        "sport",
        (
            "{town} United win {n}-{small} to reach cup final",
            "{town} runner sets new club record",
            "{town} cricket club saved by {money} donation",
        ),
        (
            "{town} United beat their local rivals {n}-{small} on {day} night to reach a cup final "
            "for the first time in {n2} years, in front of a crowd of {big}.",
            "A {town} runner has set a new club record for the marathon, finishing in two hours "
            "{n2} minutes at the weekend, {n} seconds faster than the old mark set in {year0}.",
        ),
        (
            "The winning goal came {n} minutes from the end, a header from a corner.",
            "The club said ticket sales for the final had already passed {big}.",
            "The ground's capacity was increased to {big} last season after new stands were built.",
            "The team have lost only {small} of their {n2} league games this season.",
            "The final will be played on {day} {date} {month}.",
            "Supporters' groups have organised {n} coaches for the trip.",
            "The club was founded in {year0} and has about {big} members.",
            "Membership has grown by {pct} since the start of the season, the club said.",
        ),
        (
            "“The players gave absolutely everything tonight,” said {name}, {role}.",
            "“I still cannot quite believe it,” {name}, {role}, said afterwards.",
            "“This club means everything to this town,” said {name}, {role}.",
        ),
        ("the club's manager", "the club captain", "the chair of the supporters' trust"),
    ),
    (
        "business",
        (
            "{town} factory to create {big} jobs",
            "{town} high street shops report busy summer",
            "Brewery in {town} expands after {pct} sales rise",
        ),
        (
            "A manufacturer will create {big} jobs in {town} after choosing the town for a new "
            "{money} factory, the company said on {day}.",
            "Shops on {town} high street had their busiest summer for {n} years, with visitor "
            "numbers up {pct} on last year, the town's business group said.",
        ),
        (
            "Building work is due to start in {month} and the factory should open in {year}.",
            "The company already employs {big} people at {n} sites around the country.",
            "The site on the edge of town had been empty since a paper mill closed in {year0}.",
            "Average wages at the factory will be about {money2} a year, the company said.",
            "The business group said {n} new shops had opened since January.",
            "Parking charges were cut to {small} pounds a day in the spring to draw more visitors.",
            "Only {small} shops on the high street are now empty, down from {n2} two years ago.",
            "The brewery now sells its beer in {n} countries.",
        ),
        (
            "“{town} has the skills and the space we need,” said {name}, {role}.",
            "“It has been a tough few years, so this is very welcome news,” {name}, {role}, said.",
            "“We want to grow here, not move away,” said {name}, {role}.",
        ),
        (
            "the company's chief executive",
            "the chair of the town's chamber of commerce",
            "the brewery's founder",
        ),
    ),
    (
        "weather",
        (
            "Flood warning for {town} after heavy rain",
            "{town} clears up after storm brings down trees",
            "Hottest day of the year recorded in {town}",
        ),
        (
            "Residents of {town} have been told to prepare for flooding after {n} millimetres of "
            "rain fell in {n2} hours, and the river rose to its highest level since {year0}.",
            "Crews worked through the night to clear {n} fallen trees from roads in {town} after "
            "gusts of up to {n2} miles an hour swept across the area on {day}.",
        ),
        (
            "The Environment Agency said the river was expected to peak on {day} afternoon.",
            "About {big} homes were without power for several hours, the network operator said.",
            "Sandbags were handed out at the fire station and at {place}.",
            "Schools in the area stayed open, but {n} roads were closed.",
            "The last serious flood in the town, in {year0}, damaged {big} homes.",
            "Forecasters said the weather would be drier from {day}.",
            "Volunteers helped elderly residents move furniture upstairs.",
            "Insurers said claims were likely to run to about {money}.",
        ),
        (
            "“We have seen this before and we are ready,” said {name}, {role}.",
            "“Please do not drive through flood water,” {name}, {role}, said.",
            "“It came up so fast, we had about an hour,” said {name}, {role}.",
        ),
        (
            "the council's emergency planning officer",
            "the local fire station's manager",
            "a resident of {place}",
        ),
    ),
)

_PLACES = (
    "the old mill", "Station Road", "the harbour", "the market square", "the town hall",
    "Victoria Park", "the leisure centre", "the riverside path", "the bus station",
    "the high street", "the library", "the sea front",
)  # fmt: skip
_WARDS = ("children's", "maternity", "cancer", "stroke", "day surgery", "eye")
_CLOSINGS = (
    "The plans can be seen on the council's website until {day} {date} {month}.",
    "A decision on the next stage is expected in {month}.",
    "Further details will be published in the coming weeks.",
    "Readers can send their views to the newsroom by email.",
)


def made_up_story(rng: random.Random, town: str) -> _Story:
    """A news story about ``town``: a lead, details, two quotes, a closing line."""
    topic, titles, leads, details, quotes, roles = rng.choice(_TOPICS)
    year = rng.choice((2024, 2025, 2026))
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(2)]
    slots: dict[str, Any] = {
        "town": town,
        "place": rng.choice(_PLACES),
        "ward": rng.choice(_WARDS),
        "n": rng.randint(3, 48),
        "n2": rng.randint(5, 60),
        "small": rng.randint(1, 9),
        "big": f"{rng.randint(120, 9800):,}",
        "money": f"£{rng.randint(2, 95) / 10 if rng.random() < 0.5 else rng.randint(2, 40)}m",
        "money2": f"£{rng.randint(18, 95) * 1000:,}",
        "pct": f"{rng.randint(3, 85)}%",
        "day": rng.choice(_DAYS),
        "date": rng.randint(1, 28),
        "month": rng.choice(_MONTHS),
        "year": year,
        "year0": year - rng.randint(3, 30),
    }

    def fill(template: str, who: int = 0) -> str:
        role = rng.choice(roles).format(**slots)
        return template.format(**slots, name=names[who], role=role)

    sentences = [fill(rng.choice(leads))]
    picked = rng.sample(details, k=min(len(details), rng.randint(6, 8)))
    first, second = rng.sample(quotes, k=2)
    body = [fill(s) for s in picked]
    body.insert(min(2, len(body)), fill(first, 0))
    body.insert(min(5, len(body)), fill(second, 1))
    sentences.extend(body)
    sentences.append(fill(rng.choice(_CLOSINGS)))
    paragraphs: list[str] = [sentences[0]]
    rest = sentences[1:]
    while rest:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(rest[:size]))
        rest = rest[size:]
    title = fill(rng.choice(titles))
    return _Story(title, tuple(paragraphs), f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", topic)


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
