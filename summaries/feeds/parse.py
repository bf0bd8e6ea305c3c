"""Feed bytes -> ``Feed``: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

    SummaryError
    └── FeedError          the bytes cannot be read as a news feed
        ├── NotAFeed       a web page, other XML or JSON, an empty or broken document
        └── FeedTooLarge   over MAX_FEED_BYTES

``parse_feed`` never touches the network or the disk: feedparser gets a ``BytesIO`` (given a
bare ``bytes`` it would first try ``open()`` on it as a file name) and response headers we build,
so it only reads what the fetcher already downloaded. The headers carry:

* ``content-type: application/xml`` plus the charset of the real Content-Type, if any. feedparser
  follows RFC 3023, where ``text/xml`` without a charset means US-ASCII and the XML declaration
  is ignored; RFC 7303 (its successor) and every browser read the declaration instead. Naming
  the type ``application/xml`` gives that order: header charset, XML declaration (or BOM), UTF-8.
  (Given headers without a Content-Type, feedparser falls back to ISO-8859-1 and flags every
  feed as malformed.)
* ``content-location``: the feed URL, the base for relative links (xml:base on top of it).

Real feeds are often slightly malformed: a feed with ``bozo`` set but usable entries is
returned. ``NotAFeed`` is raised when nothing feed-like came out: no feed version and no entries,
or no entries from a document the XML parser gave up on (an encoding that had to be guessed is
not such a failure: an empty feed in a mislabelled encoding is still an empty feed).

JSON Feed (https://jsonfeed.org, versions 1 and 1.1) is read with ``json``; feedparser does
not know it. A document whose first character is ``{`` or ``[`` takes that path.

Every text field of an item is plain text: tags stripped, entities decoded, whitespace collapsed
(titles on one line; summaries and contents keep paragraphs, separated by a blank line, as
``extract.Article.text`` does). ``item_key`` is how the digest tells items apart.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from summaries.errors import SummaryError
from summaries.lang import LEXICONS
from summaries.web.content import FetchResult, decode, decode_bytes, sniff, web_codec
from summaries.web.urls import BadUrl, normalize_url

logger = logging.getLogger(__name__)

# Above the fetcher's 5 MB body limit, so a fetched feed never trips it; the guard is for bytes
# from elsewhere (an uploaded file): feedparser's fallback parser is pure Python, and real feeds
# are 10 KB-2 MB (the largest of the 90 shared test feeds is 150 KB).
MAX_FEED_BYTES = 8 * 1024 * 1024

# Items read from one feed per poll: the first ones, as feeds list newest first. News feeds carry
# 10-100 items (the most in the 90 shared test feeds: 69); a feed of 40,000 items (200 KB
# gzipped) was stored whole in one poll, and each item costs a row, a summary and a digest slot.
MAX_FEED_ITEMS = 300
# A feed's or an item's title is cut to this many characters: it is shown in replies and
# digests, and a 320,000-character title made /subscribe's answer too long for Telegram.
# News headlines run 40-120 characters.
MAX_TITLE_CHARS = 300
# Feeds a page may announce that are collected (the first ones, in page order): a page with
# 80,000 <link rel=alternate> took 32 s when every one was collected before the caller's cap.
MAX_FEED_LINKS = 20

# An item whose longest text (full content, else summary) has fewer words than this is a teaser:
# the digest fetches the article instead. WordPress excerpts are 55 words, news feeds' standfirsts
# 20-60; full articles start at a few hundred. A short news brief in full is misjudged only into
# one extra fetch, never into a lost article.
EXCERPT_MAX_WORDS = 120

# A summary (without full content) cut off like this is a teaser whatever its length: a
# 300-word excerpt ending "[…]" or "Continue reading →". Endings must close the text (arrows and
# spaces aside); phrases may be followed by the post's title, as WordPress writes them, so they
# are looked for in the last TRUNCATION_TAIL_CHARS. Phrases in the languages we summarize.
TRUNCATION_ENDINGS = ("…", "...", "[…]", "[...]")
TRUNCATION_PHRASES = (
    "read more", "continue reading", "read the rest", "читать далее", "читать дальше",
    "подробнее", "weiterlesen", "lire la suite", "leer más", "seguir leyendo",
    "continua a leggere", "leggi tutto", "leia mais", "continue lendo",
)  # fmt: skip
TRUNCATION_TAIL_CHARS = 80

# Dates further ahead than this are a broken clock or a wrong time zone, not news: dropped.
# Two days covers every time-zone offset (±14 h) and a day of clock skew.
MAX_FUTURE = timedelta(days=2)
# Dates before this are zero values from broken CMSes (1970-01-01, 0001-01-01); web feeds start
# with RSS 0.9 in 1999. Also dropped.
MIN_PUBLISHED = datetime(1995, 1, 1, tzinfo=UTC)

# Spellings of months that feed software writes but that are no word of the language (German
# "Mrz", French "aou" without its accent): the lexicons' month names give the rest.
_FEED_MONTH_SPELLINGS = {"mrz": 3, "aou": 8}


def _month_prefixes() -> dict[str, int]:
    """Month names of every lexicon by their first 3 letters, case-folded, or by 4 where 3 letters
    would mean two months ("juin"/"juil"), for dates feedparser cannot read ("Seg, 24 Set 2018
    19:42:40 -0300" in a Brazilian feed)."""
    months: dict[str, set[int]] = {}
    for lexicon in LEXICONS.values():
        for month, forms in enumerate(lexicon.months, start=1):
            for form in forms:
                folded = form.casefold()
                months.setdefault(folded[:3], set()).add(month)
                months.setdefault(folded[:4], set()).add(month)
    table = {
        prefix: next(iter(found))
        for prefix, found in months.items()
        if len(found) == 1 and (len(prefix) == 3 or len(months[prefix[:3]]) > 1)
    }
    return table | _FEED_MONTH_SPELLINGS


LOCAL_MONTHS = _month_prefixes()

# feedparser's name for a feed version, by prefix -> our ``Feed.kind``.
_KINDS = (("rss", "rss"), ("atom", "atom"), ("cdf", "cdf"))
# Content types of entry text we read; anything else (application/pdf, images) is not prose.
_TEXT_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "html", "xhtml", "text"}
)
# feedparser's bozo exceptions that are notices, not a broken document.
_ENCODING_NOTICES = (feedparser.CharacterEncodingOverride,)

# The XML declaration, after a UTF-8 BOM and white space; its encoding label (any characters,
# so that an odd label is seen and refused rather than missed).
_XML_ENCODING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{1,64})[\"']"
)
# The start of an item or entry element (any namespace prefix), for MAX_FEED_ITEMS.
_ITEM_START = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")
_DECLARATION_SCAN = 1024  # bytes: a declaration is the document's first line
_JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(\.\d+)?/?$")
# "24 Set 2018 19:42:40 -0300": day, month name, year, time, an offset (none, GMT, Z: UTC).
_LOCAL_DATE = re.compile(
    r"\b(\d{1,2})\.?\s+([^\W\d_]{3,})\.?,?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-])(\d{2}):?(\d{2}))?"
)
# An HTML tag or comment at the very start of a text already read as markup: the feed escaped
# it twice (Reddit's "&amp;lt;div&amp;gt;"). An article quoting markup does not open with a tag.
_LEADING_MARKUP = re.compile(
    r"^\s*<(!--|/?(a|b|i|u|p|br|hr|em|strong|span|div|img|font|center|table|tr|td|ul|ol|li|"
    r"h[1-6]|figure|section|article|blockquote)\b[^<>]*>)",
    re.IGNORECASE,
)
_NAME_AND_EMAIL = re.compile(r"(.*?)\s*[(<]([^()<>]*)[)>]")
_EMAIL = re.compile(r"(mailto:)?[^@\s]+@[^@\s]+")
_WHITESPACE = re.compile(r"\s+")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Words for EXCERPT_MAX_WORDS: runs of letters/digits, and each Chinese/Japanese/Korean
# character on its own (those scripts do not put spaces between words).
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")
_HASH_TOKEN = re.compile(r"[^\W_]+")


class FeedError(SummaryError):
    """The bytes cannot be read as a news feed."""

    code = "feed"


class NotAFeed(FeedError):
    """A web page, other XML or JSON, an empty or broken document: no feed in it."""

    code = "not_a_feed"

    def __init__(self, reason: str = "it is not an RSS, Atom or JSON feed") -> None:
        super().__init__(f"This address does not give a news feed: {reason}.")
        self.reason = reason

    def __reduce__(self) -> tuple[type[NotAFeed], tuple[str]]:
        return (type(self), (self.reason,))  # errors cross process-pool boundaries


class FeedTooLarge(FeedError):
    """The feed is over the size limit."""

    code = "feed_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"This feed is too large to read ({size:,} bytes; the limit is {limit:,})."
        )
        self.size = size
        self.limit = limit

    def __reduce__(self) -> tuple[type[FeedTooLarge], tuple[int, int]]:
        return (type(self), (self.size, self.limit))


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, its text as plain text."""

    guid: str | None  # RSS guid, Atom id, JSON Feed id: as given
    url: str | None  # absolute and normalised; None without a readable http(s) link
    title: str | None  # one line
    summary: str | None  # the description/summary; None when it only repeats ``content``
    content: str | None  # full content (content:encoded, Atom content, content_html/_text)
    published: datetime | None  # aware, UTC; None if missing or absurd (MAX_FUTURE, MIN_PUBLISHED)
    author: str | None
    content_hash: str  # of the normalised title and text: equal for copies under another URL
    excerpt_only: bool  # a teaser (EXCERPT_MAX_WORDS, TRUNCATION_*): the caller fetches the page


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: where it came from, what it says about itself, and its items in order."""

    url: str  # as given to parse_feed
    title: str | None
    site_url: str | None  # the site's home page, absolute and normalised
    language: str | None  # primary subtag, lower-case: "en", "ru"
    items: tuple[FeedItem, ...]
    kind: str  # "rss" | "atom" | "json" | "cdf" | "unknown" (entries, but no version)


def parse_feed(
    body: bytes, url: str, *, content_type: str | None = None, now: datetime | None = None
) -> Feed:
    """Parse downloaded feed bytes; raise NotAFeed or FeedTooLarge.

    ``url`` is the feed's address (after redirects), the base for relative links.
    ``content_type`` is the response's Content-Type header as sent, if any: its charset wins
    over the document's own declaration. ``now`` (aware) is for tests: dates more than
    MAX_FUTURE after it are dropped.
    """
    if len(body) > MAX_FEED_BYTES:
        raise FeedTooLarge(len(body), MAX_FEED_BYTES)
    now = now or datetime.now(UTC)
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise NotAFeed("the document is empty")
    if start[:1] in (b"{", b"["):
        return _parse_json_feed(body, url, now)
    return _parse_xml_feed(body, url, content_type, now)


def item_key(item: FeedItem) -> str:
    """The key the digest de-duplicates by: URL, else GUID, else the content hash.

    The normalised URL comes first: it is what a reader opens, and tracking parameters are
    already gone from it, so the same story reposted with another ``utm_source`` or under a
    fresh GUID is one item. A GUID stands in for items without a link; the content hash for
    items with neither. The kinds are prefixed, so a GUID never collides with a URL.
    """
    if item.url:
        return f"url:{item.url}"
    if item.guid:
        return f"guid:{item.guid}"
    return f"hash:{item.content_hash}"


# --- XML feeds (feedparser) ---------------------------------------------------------------


def _parse_xml_feed(body: bytes, url: str, content_type: str | None, now: datetime) -> Feed:
    # feedparser is handed UTF-8 and told so: its first decode succeeds, so it never falls back
    # to a codec the document names (see _as_utf8).
    body = _first_items(_as_utf8(body, _charset(content_type)), MAX_FEED_ITEMS)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if url:
        headers["content-location"] = url
    try:
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers=headers, resolve_relative_uris=True
        )
    except Exception as error:  # untrusted bytes: any failure inside feedparser is "unreadable"
        logger.warning("feedparser failed on %s: %r", url, error)
        raise NotAFeed("the document could not be read") from error
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if not version:
            raise NotAFeed("it is a web page or another kind of document, not a feed")
        if problem is not None and not isinstance(problem, _ENCODING_NOTICES):
            raise NotAFeed("the feed is broken and has no readable items")
    meta = parsed.get("feed") or {}
    kind = next((ours for prefix, ours in _KINDS if version.startswith(prefix)), "unknown")
    site_url = _web_url(_text(meta.get("link")), url)
    base = site_url or url
    feed_author = _author(meta) if kind == "atom" else None  # Atom entries inherit it (RFC 4287)
    items = tuple(
        _xml_item(entry, base, feed_author, now)
        for entry in [e for e in entries if isinstance(e, dict)][:MAX_FEED_ITEMS]
    )
    title_detail = meta.get("title_detail") or {}
    return Feed(
        url=url,
        title=_title(_text(meta.get("title")), _text(title_detail.get("type"))),
        site_url=site_url,
        language=_language(_text(meta.get("language")) or _text(title_detail.get("language"))),
        items=items,
        kind=kind,
    )


def _first_items(body: bytes, limit: int) -> bytes:
    """``body`` cut before its item or entry number ``limit + 1``, if it has more: feedparser
    then reads ``limit`` items (a cut document is "bozo", its items are kept) instead of
    spending seconds on the rest (40,000 items: 12 s; cut to 300: 0.3 s)."""
    for count, match in enumerate(_ITEM_START.finditer(body)):
        if count == limit:
            return body[: match.start()]
    return body


def _xml_item(entry: dict[str, Any], base: str, feed_author: str | None, now: datetime) -> FeedItem:
    title_detail = entry.get("title_detail") or {}
    title = _title(_text(entry.get("title")), _text(title_detail.get("type")))
    content = _longest(
        _plain(_text(part.get("value")), _text(part.get("type")))
        for part in entry.get("content") or []
        if isinstance(part, Mapping) and (_text(part.get("type")) or "text/html") in _TEXT_TYPES
    )
    summary_detail = entry.get("summary_detail") or {}
    summary_type = _text(summary_detail.get("type")) or "text/html"
    summary = None
    if summary_type in _TEXT_TYPES:
        summary = _plain(_text(entry.get("summary")), summary_type)
    # feedburner:origLink is the article itself; ``link`` is FeedBurner's redirect to it
    link = _web_url(_text(entry.get("feedburner_origlink")), base) or _web_url(
        _text(entry.get("link")) or _alternate(entry.get("links")), base
    )
    published = None
    for field in ("published", "updated"):
        # dict.get: FeedParserDict answers a missing "updated" with "published", and warns
        published = _from_struct(dict.get(entry, f"{field}_parsed"), now) or _from_local_date(
            _text(dict.get(entry, field)), now
        )
        if published is not None:
            break
    return _item(
        guid=_text(entry.get("id")),
        url=link,
        title=title,
        summary=summary,
        content=content,
        published=published,
        author=_author(entry) or feed_author,
    )


def _alternate(links: object) -> str | None:
    """The first rel="alternate" (or untyped) link of an entry's ``links`` list."""
    if not isinstance(links, list):
        return None
    for link in links:
        if isinstance(link, Mapping) and (link.get("rel") or "alternate") == "alternate":
            href = _text(link.get("href"))
            if href:
                return href
    return None


def _author(detail: Mapping[str, Any]) -> str | None:
    raw = _text(detail.get("author"))
    if raw and "@" in raw:  # "mail@site (Name)", "Name <mail@site>": feedparser's split of
        return _person(raw)  # these cuts long top-level domains ("ple (Name" from ".example")
    author = detail.get("author_detail") or {}
    name = _text(author.get("name")) if isinstance(author, Mapping) else None
    return _title(name or raw, "text/plain")


def _person(raw: str) -> str | None:
    """The name in an RSS author field; None for a bare e-mail address."""
    match = _NAME_AND_EMAIL.fullmatch(raw.strip())
    parts = [match.group(1), match.group(2)] if match else [raw]
    names = [part for part in parts if part.strip() and not _EMAIL.fullmatch(part.strip())]
    return _title(names[0], "text/plain") if names else None


def _from_struct(value: object, now: datetime) -> datetime | None:
    """feedparser's UTC ``time.struct_time`` -> an aware datetime, if plausible."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        moment = datetime(
            value.tm_year, value.tm_mon, value.tm_mday, value.tm_hour, value.tm_min,
            min(value.tm_sec, 59), tzinfo=UTC,
        )  # fmt: skip
    except (TypeError, ValueError, OverflowError):
        return None
    return _plausible(moment, now)


def _from_local_date(value: str | None, now: datetime) -> datetime | None:
    """An RFC 822 date with month names in another language ("Seg, 24 Set 2018 19:42:40 -0300").

    feedparser reads English names only; Brazilian, Spanish, French, German, Italian and
    Russian feeds translate them. Only a fallback: feedparser's own reading comes first.
    """
    match = _LOCAL_DATE.search(value or "")
    if match is None:
        return None
    day, name, year, hour, minute, second, sign, off_hours, off_minutes = match.groups()
    name = name.casefold()
    month = LOCAL_MONTHS.get(name[:4]) or LOCAL_MONTHS.get(name[:3])
    if month is None:
        return None
    offset = timedelta(hours=int(off_hours or 0), minutes=int(off_minutes or 0))
    try:
        moment = datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None
    return _plausible(moment + offset if sign == "-" else moment - offset, now)


def _as_utf8(body: bytes, header_charset: str | None) -> bytes:
    """The feed's bytes as UTF-8, decoded here with a text encoding of the web only: a BOM, else
    the Content-Type charset, else the XML declaration's label, else UTF-8, else detection.

    feedparser would decode with any codec Python has that a document names ("punycode" costs
    ~10 s of CPU for 640 KB), and falls back to the declared one as soon as its first try
    fails; a label that is no text encoding of the web is ignored here, as browsers do."""
    codec = web_codec(header_charset)
    if codec is None:
        match = _XML_ENCODING.match(body[:_DECLARATION_SCAN])
        codec = web_codec(match.group(1).decode("ascii", "replace")) if match else None
    return decode_bytes(body, codec).encode("utf-8")


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


# --- JSON Feed ------------------------------------------------------------------------------


def _parse_json_feed(body: bytes, url: str, now: datetime) -> Feed:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise NotAFeed("it is neither XML nor valid JSON") from error
    if not isinstance(document, dict):
        raise NotAFeed("it is JSON, but not a JSON Feed")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and _JSON_FEED_VERSION.match(version)):
        raise NotAFeed("it is JSON, but not a JSON Feed")
    if not isinstance(items, list):
        raise NotAFeed("the JSON Feed has no item list")
    site_url = _web_url(_text(document.get("home_page_url")), url)
    base = url or site_url or ""
    feed_author = _json_author(document)  # items without authors inherit the feed's (spec)
    return Feed(
        url=url,
        title=_title(_text(document.get("title")), "text/plain"),
        site_url=site_url,
        language=_language(_text(document.get("language"))),
        items=tuple(
            _json_item(item, base, feed_author, now)
            for item in [i for i in items if isinstance(i, dict)][:MAX_FEED_ITEMS]
        ),
        kind="json",
    )


def _json_item(item: dict[str, Any], base: str, feed_author: str | None, now: datetime) -> FeedItem:
    guid = item.get("id")
    if isinstance(guid, int | float) and not isinstance(guid, bool):
        guid = str(guid)  # the spec says string; some generators write numbers
    content = _plain(_text(item.get("content_html")), "text/html") or _plain(
        _text(item.get("content_text")), "text/plain"
    )
    published = _from_iso(item.get("date_published"), now) or _from_iso(
        item.get("date_modified"), now
    )
    return _item(
        guid=_text(guid),
        url=_web_url(_text(item.get("url")), base)
        or _web_url(_text(item.get("external_url")), base),
        title=_title(_text(item.get("title")), "text/plain"),
        summary=_plain(_text(item.get("summary")), "text/plain"),
        content=content,
        published=published,
        author=_json_author(item) or feed_author,
    )


def _json_author(holder: Mapping[str, Any]) -> str | None:
    authors = holder.get("authors")  # 1.1
    candidates = authors if isinstance(authors, list) else [holder.get("author")]  # 1.0
    names = [
        name
        for author in candidates
        if isinstance(author, Mapping) and (name := _title(_text(author.get("name")), "text/plain"))
    ]
    return ", ".join(names) or None


def _from_iso(value: object, now: datetime) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # RFC 3339 requires an offset; assume UTC if absent
    try:
        return _plausible(moment.astimezone(UTC), now)
    except (ValueError, OverflowError):
        return None


# --- shared -----------------------------------------------------------------------------------


def _item(
    *,
    guid: str | None,
    url: str | None,
    title: str | None,
    summary: str | None,
    content: str | None,
    published: datetime | None,
    author: str | None,
) -> FeedItem:
    if summary is not None and summary == content:
        summary = None  # feedparser copies content into summary when there is no description
    text = content or summary or ""
    return FeedItem(
        guid=(guid or "").strip() or None,
        url=url,
        title=title,
        summary=summary,
        content=content,
        published=published,
        author=author,
        content_hash=content_hash(title, text),
        excerpt_only=_is_excerpt(content, summary),
    )


def content_hash(title: str | None, text: str | None) -> str:
    """A stable hash of the title and text, blind to case, punctuation and spacing."""
    words = []
    for part in (title or "", text or ""):
        normal = unicodedata.normalize("NFKC", part).casefold()
        words.append(" ".join(_HASH_TOKEN.findall(normal)))
    return hashlib.blake2b("\n".join(words).encode("utf-8"), digest_size=16).hexdigest()


def _is_excerpt(content: str | None, summary: str | None) -> bool:
    text = max((content or "", summary or ""), key=len)
    if len(_WORD.findall(text)) < EXCERPT_MAX_WORDS:
        return True
    if content:
        return False
    tail = text[-TRUNCATION_TAIL_CHARS:].casefold()
    return tail.rstrip(" \n→»›>").endswith(TRUNCATION_ENDINGS) or any(
        phrase in tail for phrase in TRUNCATION_PHRASES
    )


def _plausible(moment: datetime, now: datetime) -> datetime | None:
    if moment < MIN_PUBLISHED or moment > now + MAX_FUTURE:
        return None
    return moment


def _web_url(href: str | None, base: str) -> str | None:
    """``href`` made absolute against ``base`` and normalised; None unless it is http(s)."""
    if not href:
        return None
    href = href.strip().replace(" ", "%20")  # unescaped spaces are common in feed links
    try:
        return normalize_url(urljoin(base, href) if base else href)
    except (BadUrl, ValueError):
        return None


def _language(code: str | None) -> str | None:
    primary = (code or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isascii() and primary.isalpha() and len(primary) <= 8 else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _longest(texts: Iterable[str | None]) -> str | None:
    present = [text for text in texts if text]
    return max(present, key=len) if present else None


def _title(value: str | None, kind: str | None) -> str | None:
    text = _plain(value, kind)
    if text is None:
        return None
    title = _WHITESPACE.sub(" ", text).strip()
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title or None


def _plain(value: str | None, kind: str | None) -> str | None:
    """Markup (or plain text, per ``kind``) -> plain text with paragraphs, or None if empty."""
    if not value:
        return None
    if kind in ("text/plain", "text"):
        text = unescape(value) if _ENTITY.search(value) else value  # double-escaped "&amp;amp;"
    else:
        text = _html_text(value)
    if _LEADING_MARKUP.match(text):  # escaped twice: read the markup once more
        text = _html_text(text)
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line) or None


def _html_text(markup: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # html.parser on pathological markup: keep what it read
        pass
    return parser.text()


class _TextParser(HTMLParser):
    """Text of an HTML fragment: one line per block element, nothing from script/style."""

    _BLOCKS = frozenset(
        "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
        "h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )
    _SKIPPED = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002 (base signature)
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self._parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002 (base signature)
        if tag in self._BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)

    def text(self) -> str:
        return "".join(self._parts)


# --- discovery --------------------------------------------------------------------------------


def is_feed_link_type(media_type: str) -> bool:
    """A <link rel="alternate" type=...> that announces a feed: RSS, Atom or RDF as XML under
    any name (application/rss+xml, application/x-rss+xml, application/rdf+xml, ...), JSON Feed,
    or plain JSON (see NOT_FEED_PATHS)."""
    major, _, minor = media_type.strip().lower().partition("/")
    if major not in ("application", "text"):
        return False
    if minor.endswith("+xml"):
        return any(name in minor for name in ("rss", "atom", "rdf"))
    return minor in ("feed+json", "json")


@dataclass(frozen=True, slots=True)
class Examined:
    """What a downloaded document is to /subscribe: a feed (its title and site), or a page and
    the feeds it announces (at most ``limit``)."""

    is_feed: bool
    title: str | None = None
    site_url: str | None = None
    candidates: tuple[str, ...] = ()


def examine(result: FetchResult, limit: int = MAX_FEED_LINKS) -> Examined:
    """A feed, or a page naming feeds: one job for a worker process (it pickles back small,
    whatever the size of the feed)."""
    try:
        if sniff(result.body[:_DECLARATION_SCAN]) == "html-document":  # no feed starts so
            raise NotAFeed("it is a web page")
        feed = parse_feed(result.body, result.url, content_type=result.headers.get("content-type"))
    except NotAFeed:
        if limit <= 0:
            return Examined(False)
        return Examined(False, candidates=tuple(discover_feeds(decode(result), result.url)[:limit]))
    return Examined(True, feed.title, feed.site_url)


# "application/json" alternates that are not feeds: WordPress puts its REST API record of the
# page on every page (/wp-json/...), and oEmbed endpoints describe the page for embedding.
NOT_FEED_PATHS = ("/wp-json/", "/oembed")


def discover_feeds(html: str, page_url: str) -> list[str]:
    """Feed URLs a web page announces with ``<link rel="alternate" type=...>`` (the first
    MAX_FEED_LINKS of them).

    Absolute (against ``<base href>`` if the page has one, else ``page_url``), normalised,
    in page order, without repeats. Links anywhere in the document count: a broken ``<head>``
    pushes them into the body.
    """
    finder = _FeedLinkFinder()
    try:
        finder.feed(html)
        finder.close()
    except _Enough:  # MAX_FEED_LINKS collected: the rest of the page is not read
        pass
    except (AssertionError, ValueError):  # html.parser on pathological markup: keep what we have
        pass
    try:
        base = urljoin(page_url, finder.base) if finder.base else page_url
    except ValueError:  # a malformed <base href> ("http://[::1")
        base = page_url
    found: dict[str, None] = {}  # ordered, with O(1) membership
    for href, media_type in finder.links:
        url = _web_url(href, base)
        if url is None or url in found:
            continue
        if media_type == "application/json" and any(part in url for part in NOT_FEED_PATHS):
            continue
        found[url] = None
    return list(found)


class _Enough(Exception):
    """MAX_FEED_LINKS feed links found: parsing stops."""


class _FeedLinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, media type)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"].strip()
        if tag != "link":
            return
        rels = values.get("rel", "").lower().split()
        media_type = values.get("type", "").split(";")[0].strip().lower()
        href = values.get("href", "").strip()
        if "alternate" in rels and is_feed_link_type(media_type) and href:
            self.links.append((href, media_type))
            if len(self.links) >= MAX_FEED_LINKS:
                raise _Enough
