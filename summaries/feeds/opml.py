"""OPML subscription lists in and out: ``parse_opml`` and ``export_opml``.

    SummaryError
    └── OpmlError      not an OPML file we can read: too large, not XML, a DTD, no <opml>

Reading is done with expat directly, as defusedxml does: a ``<!DOCTYPE`` (and with it any
``<!ENTITY``) stops the parse at once, so entity-expansion attacks ("billion laughs", external
entities) never start; OPML has no use for a DTD. Every ``<outline>`` with an ``xmlUrl`` is a
feed, at any depth (readers nest them in folders); folders and other outlines are skipped.
Feed URLs are normalised (``summaries.web.urls.normalize_url``); an outline whose ``xmlUrl`` is not
an http(s) address is skipped, and a URL listed twice is kept once, at its first place.
``parse_opml_topics`` gives the same feeds grouped by folder (the nearest enclosing outline
without an ``xmlUrl``), for lists whose folders mean something, such as suggested feeds.

Writing builds OPML 2.0 with ElementTree, which escapes text and attributes; characters XML 1.0
cannot carry (control characters) are dropped from titles first.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from xml.parsers import expat

from summaries.errors import SummaryError
from summaries.web.content import web_codec
from summaries.web.urls import BadUrl, normalize_url

# A reader's export of 1,000 subscriptions is about 150 KB; ten times that leaves room for long
# titles and descriptions while keeping an upload from tying up a worker.
MAX_OPML_BYTES = 2 * 1024 * 1024

_ENCODING_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
# XML 1.0 forbids these characters anywhere, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_EXPAT_ENCODINGS = frozenset(
    {"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "us-ascii"}
)


class OpmlError(SummaryError):
    """The file is not an OPML subscription list newsbrief can read."""

    code = "opml"

    def __init__(self, reason: str, kind: str = "invalid") -> None:
        super().__init__(f"This file cannot be read as an OPML subscription list: {reason}.")
        self.reason = reason  # English, for user_message
        # For other languages: too_large, empty, dtd, not_xml, not_opml, encoding or invalid.
        self.kind = kind

    def __reduce__(self) -> tuple[type[OpmlError], tuple[str, str]]:
        return (type(self), (self.reason, self.kind))  # errors cross process-pool boundaries


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: the feed's address (normalised) and the title the reader gave it."""

    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlTopic:
    """A folder of feeds; ``title`` None for the feeds outside any folder."""

    title: str | None
    feeds: tuple[OpmlFeed, ...]


class _Refused(Exception):
    """Raised from an expat handler to stop the parse."""


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds of an OPML file, in document order; raise OpmlError if it cannot be read."""
    return _read(data).feeds


def parse_opml_topics(data: bytes) -> list[OpmlTopic]:
    """The feeds of an OPML file grouped by folder, in the order each folder first appears
    (the feeds outside any folder form a topic titled None); raise OpmlError as parse_opml."""
    reader = _read(data)
    grouped: dict[str | None, list[OpmlFeed]] = {}
    for feed, folder in zip(reader.feeds, reader.folders, strict=True):
        grouped.setdefault(folder, []).append(feed)
    return [OpmlTopic(title, tuple(feeds)) for title, feeds in grouped.items()]


def _read(data: bytes) -> _Reader:
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(
            f"it is {len(data):,} bytes, over the limit of {MAX_OPML_BYTES:,}", "too_large"
        )
    if not data.strip():
        raise OpmlError("it is empty", "empty")
    payload, encoding = _payload(data)
    reader = _Reader()
    parser = expat.ParserCreate(encoding)
    parser.StartDoctypeDeclHandler = reader.refuse_doctype
    parser.EntityDeclHandler = reader.refuse_entity
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        parser.Parse(payload, True)
    except _Refused as error:
        raise OpmlError(str(error), "dtd") from None
    except expat.ExpatError as error:
        raise OpmlError("it is not well-formed XML", "not_xml") from error
    if reader.root != "opml":
        raise OpmlError("it is XML, but not OPML", "not_opml")
    return reader


def export_opml(feeds: Sequence[OpmlFeed], title: str) -> bytes:
    """An OPML 2.0 document listing ``feeds`` under ``title``, UTF-8 with a declaration."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _xml_text(title)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        name = _xml_text(feed.title or "")
        outline = ET.SubElement(body, "outline", type="rss", text=name or feed.url)
        if name:
            outline.set("title", name)
        outline.set("xmlUrl", _xml_text(feed.url))
    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class _Reader:
    def __init__(self) -> None:
        self.feeds: list[OpmlFeed] = []
        self.folders: list[str | None] = []  # each feed's folder (parallel to ``feeds``)
        self.root: str | None = None
        self._seen: set[str] = set()
        self._open: list[str | None] = []  # the outlines open now: a folder's title, or None

    def refuse_doctype(self, *_: object) -> None:
        raise _Refused("it declares a DTD (<!DOCTYPE>), which OPML never needs")

    def refuse_entity(self, *_: object) -> None:
        raise _Refused("it declares entities (<!ENTITY>), which OPML never needs")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        if name != "outline":
            return
        raw = attributes.get("xmlUrl") or attributes.get("xmlurl")  # some writers lower-case it
        if not raw:
            label = _WHITESPACE.sub(" ", attributes.get("title") or attributes.get("text") or "")
            self._open.append(label.strip() or None)
            return
        self._open.append(None)
        try:
            url = normalize_url(raw)
        except BadUrl:
            return
        if url in self._seen:
            return
        self._seen.add(url)
        title = _WHITESPACE.sub(" ", attributes.get("title") or attributes.get("text") or "")
        title = title.strip()
        self.feeds.append(OpmlFeed(url=url, title=title if title and title != raw else None))
        self.folders.append(next((f for f in reversed(self._open) if f), None))

    def end(self, name: str) -> None:
        if name == "outline" and self._open:
            self._open.pop()


def _payload(data: bytes) -> tuple[bytes, str | None]:
    """The bytes for expat, and the encoding to override the document's declaration with.

    expat itself reads UTF-8, UTF-16, ISO-8859-1 and US-ASCII; a file declared in another
    encoding (windows-1251 from a Russian reader) is decoded here and handed over as UTF-8.
    """
    match = _ENCODING_DECLARATION.match(data)
    declared = match.group(1).decode("ascii").lower() if match else ""
    if not declared or declared in _EXPAT_ENCODINGS:
        return data, None
    codec = web_codec(declared)
    if codec is None:  # only the web's text encodings: "punycode" would cost seconds of CPU
        raise OpmlError(
            f"its declared encoding ({declared[:40]}) is not a text encoding of the web",
            "encoding",
        )
    try:
        return data.decode(codec).encode("utf-8"), "utf-8"
    except (LookupError, UnicodeError) as error:
        raise OpmlError(
            f"its declared encoding ({declared}) does not fit its bytes", "encoding"
        ) from error
