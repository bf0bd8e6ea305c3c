"""HTML -> :class:`Article`: main text by trafilatura, cross-checked with JSON-LD and meta tags.

    SummaryError
    └── ExtractionError          the page was downloaded but no article could be read from it
        └── NoArticleText        a home page, a list of links, a video page, an empty document

:func:`extract_article` runs four steps, in this order:

1. **Decode and parse** once: bytes go through :func:`summaries.web.fetch.decode` (BOM, ``<meta>``
   charset, UTF-8, detection); the tree is parsed with trafilatura's ``load_html`` (lxml, which
   repairs broken markup instead of failing).
2. **Read the page's own metadata** from that tree: every ``<script type="application/ld+json">``
   (lists and ``@graph`` included; the article node is a NewsArticle/Article/BlogPosting/...),
   Open Graph and ``<meta>`` tags, ``<link rel="canonical">``, ``<html lang>`` and AMP markers.
3. **Main text** with ``trafilatura.bare_extraction`` (settings in :class:`ExtractOptions`, chosen
   by measurement on the article-extraction benchmark, see ``bench/extraction.py``); one
   output line per block, turned into paragraphs separated by a blank line. Adaptive by default:
   trafilatura's ``fast`` mode first, and its full mode (readability/justext fallbacks) only when
   the fast text looks unreliable (see :data:`FAST_TEXT_MIN_SHARE`). When the extracted text is
   much shorter than a JSON-LD ``articleBody``, the (verbatim) articleBody is used instead.
   Metadata comes from trafilatura's own metadata functions, called directly without the parts we
   do not use (categories, tags, license: about 2.4 ms of its 3 ms median on the benchmark).
4. **Is it an article?** A page with too few words in running-text paragraphs (a home page, a
   link list, a video page) raises :class:`NoArticleText`.

Metadata fields prefer trafilatura's value and fall back to JSON-LD, then Open Graph/meta tags.
Nothing here raises anything but :class:`ExtractionError` subclasses, whatever the input.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import htmldate
import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from trafilatura import metadata as tm
from trafilatura.settings import Document, set_date_params

from summaries.errors import SummaryError
from summaries.web.fetch import FetchResult, decode

__all__ = [
    "DEFAULT",
    "Article",
    "ExtractOptions",
    "ExtractionError",
    "NoArticleText",
    "extract_article",
]

logger = logging.getLogger(__name__)

# --- tuning constants -------------------------------------------------------------------------

# A JSON-LD articleBody wins over trafilatura's text when that text is shorter than this share
# of it: the visible page is a teaser (paywall) or trafilatura missed most of the body. On the 46
# benchmark dev pages the two agree within 12% whenever both exist, and the one page whose
# articleBody is a 10% summary of the article keeps trafilatura's text.
JSON_LD_PREFERRED_BELOW = 0.6
# The same ratio marks the page as paywalled: the markup promises a body the reader cannot see.
PAYWALL_VISIBLE_BELOW = 0.6
# Running text: a paragraph of at least this many \w+ words that ends a sentence (headlines, menu
# items and most captions are shorter or unpunctuated; short-paragraph Russian wire copy runs
# 15-25 words per paragraph).
PROSE_PARAGRAPH_WORDS = 12
# An article has at least this many words in such paragraphs (measured minimum on the 46 benchmark
# dev pages: 84; a home page or a video page with a one-paragraph description has fewer).
MIN_PROSE_WORDS = 50
# ... and most of its words are not link text (benchmark maximum: 7%): a link list extracted as
# text (a home page, a section front) has most paragraphs equal to some link's text on the page.
MAX_LINKED_SHARE = 0.5
# Link texts shorter than this are menu items, never a paragraph we could confuse with prose.
MIN_LINK_TEXT_CHARS = 20
# Adaptive extraction: trafilatura's fast text is trusted when it passes the article check and
# has at least this share of the words the page itself declares: its JSON-LD articleBody, or else
# all its <p> elements. On the 46 benchmark dev pages fast and full mode give the same text on 44;
# the two others (fast text 0 words, and 20% of the <p> words) fail this rule, as does one page
# where both modes agree (35%); the closest page that passes has 52%. Full mode costs ~6 ms more.
FAST_TEXT_MIN_SHARE = 0.5

# --- cost caps (hostile pages; docs/how-it-works.md "Caps and budgets") ----------------------
# The work below grows faster than the page: trafilatura's pruning with the square of the number
# of elements (80,000 repeated <p> took 44 s), libxml2's duplicate-attribute check with the
# square of a tag's attributes (40,000 took 30 s), json.loads with the JSON-LD's size (4 MB took
# 651 MB). On the 46 pages of the extraction benchmark the largest has 1,584 elements, 609
# links, 64 attributes on one element and 10.7 KB of JSON-LD; the caps leave room many times
# over, and a page past them is read in part (its first elements), not refused.
MAX_ELEMENTS = 10_000  # elements of the tree kept, in document order (6x the benchmark's largest)
MAX_ATTRIBUTES = 256  # attributes kept per element (4x the benchmark's most)
MAX_JSON_LD_CHARS = 1_000_000  # one JSON-LD block (an articleBody of a very long read: ~100 KB)
MAX_JSON_LD_TOTAL = 2_000_000  # all JSON-LD blocks of a page together
# A start tag long enough to hold many attributes; [^<>] so that a failed start cannot scan far.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{1024,}>")
_TAG_NAME = re.compile(r"<[^\s/>]*")
_ATTRIBUTE = re.compile(r"""[^\s=>/"'<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "Report",
    }
)  # schema.org Article and the subtypes news sites use

_WORD = re.compile(r"\w+")  # the benchmark's tokens; also our word count
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*[\s|]*$")  # table cells end in " |"
_FALSE_STRINGS = frozenset({"false", "False", "FALSE", "0", "no"})


class ExtractionError(SummaryError):
    """The page was downloaded, but no article could be read from it."""

    code = "extraction"

    def __init__(
        self, user_message: str = "newsbrief could not read an article on this page."
    ) -> None:
        super().__init__(user_message)


class NoArticleText(ExtractionError):
    """A home page, a list of links, a video page or an empty document: no running text."""

    code = "no_article_text"

    def __init__(
        self, user_message: str = "This page does not seem to contain an article."
    ) -> None:
        super().__init__(user_message)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How to extract; change a copy with ``dataclasses.replace``.

    Defaults measured on the 46 benchmark dev pages (shingle F1, see extraction_eval.py):
    plain trafilatura 0.956; without comments 0.960 (the ground truth has none); with
    ``favor_precision`` 0.964 (drops newsletter boxes and bylines); tables and deduplication
    make no difference there, so tables stay (data articles) and deduplication stays off (it is
    stateful across calls). ``fast`` alone scores 0.952 (it loses two pages); ``adaptive``
    (the default; ignored when ``fast`` is set) keeps 0.964 at nearly the speed of ``fast``.
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True
    deduplicate: bool = False
    fast: bool = False  # always skip trafilatura's readability/justext fallbacks
    adaptive: bool = True  # fast first, full only when the fast text looks unreliable
    prefer_json_ld: bool = (
        True  # use a much longer JSON-LD articleBody (see JSON_LD_PREFERRED_BELOW)
    )
    min_prose_words: int = MIN_PROSE_WORDS


DEFAULT = ExtractOptions()


@dataclass(frozen=True, slots=True)
class Article:
    """What a page says about itself: the body text and its metadata."""

    text: str  # paragraphs separated by "\n\n"
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601, as precise as the page gives it
    site_name: str | None = None
    language: str | None = None  # primary subtag, lower-case: "en", "ru"
    canonical_url: str | None = None
    amp_url: str | None = None  # on an AMP page: the canonical (non-AMP) article URL
    json_ld_length: int | None = None  # characters of the JSON-LD articleBody, if any
    paywalled: bool = False
    source: str = "trafilatura"  # where ``text`` came from: "trafilatura" | "json-ld"


@dataclass(frozen=True, slots=True)
class _PageMeta:
    """What the markup declares, read with lxml."""

    json_ld: dict[str, Any] | None
    og: dict[str, str]
    canonical: str | None
    is_amp: bool
    html_lang: str | None
    link_texts: frozenset[str]


def extract_article(
    html: str | bytes, url: str | None = None, options: ExtractOptions = DEFAULT
) -> Article:
    """Extract the article of one page; raise :class:`NoArticleText` if it has none."""
    text = _to_text(html, url)
    if not text.strip():
        raise NoArticleText("The page is empty.")
    tree = _parse(_limit_attributes(text))
    if tree is None:
        raise NoArticleText("The page is empty.")
    _bound(tree)
    meta = _read_meta(tree)
    body = _json_ld_body(meta.json_ld)
    document = _metadata(tree, url)
    fast = options.fast or options.adaptive
    extracted = _paragraphs(_trafilatura(tree, url or _doc(document, "url"), options, fast=fast))
    if fast and not options.fast and _unreliable(extracted, tree, meta, body, options):
        extracted = _paragraphs(_trafilatura(tree, url or _doc(document, "url"), options, False))
    text_out, source = extracted, "trafilatura"
    if options.prefer_json_ld and body and len(extracted) < JSON_LD_PREFERRED_BELOW * len(body):
        text_out, source = body, "json-ld"
    if not _is_article_text(text_out, meta.link_texts, options.min_prose_words):
        raise NoArticleText()

    base = url or _doc(document, "url")
    canonical = _absolute(meta.canonical or meta.og.get("og:url"), base)
    return Article(
        text=text_out,
        title=_first(_doc(document, "title"), meta.og.get("og:title"), _ld_str(meta, "headline")),
        author=_first(_doc(document, "author"), _ld_authors(meta.json_ld), meta.og.get("author")),
        date=_first(
            _doc(document, "date"),
            _ld_str(meta, "datePublished"),
            meta.og.get("article:published_time"),
        ),
        site_name=_first(
            _doc(document, "sitename"), meta.og.get("og:site_name"), _ld_publisher(meta.json_ld)
        ),
        language=_language(meta),
        canonical_url=canonical or _doc(document, "url"),
        amp_url=canonical if meta.is_amp else None,
        json_ld_length=len(body) if body else None,
        paywalled=_marked_paywalled(meta.json_ld)
        or bool(body and len(extracted) < PAYWALL_VISIBLE_BELOW * len(body)),
        source=source,
    )


# --- steps ------------------------------------------------------------------------------------


def _to_text(html: str | bytes, url: str | None) -> str:
    if isinstance(html, str):
        return html
    result = FetchResult(
        url=url or "", status=200, headers={}, content_type="text/html", charset=None, body=html
    )
    return decode(result)


def _parse(text: str) -> lxml_html.HtmlElement | None:
    try:
        tree = trafilatura.load_html(text)
    except (ValueError, ParserError) as error:  # pragma: no cover - load_html catches its own
        logger.debug("unparseable page: %s", error)
        return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


def _limit_attributes(text: str) -> str:
    """``text`` with every long start tag cut to its first MAX_ATTRIBUTES attributes, before
    lxml parses it (libxml2 checks each attribute against all the others)."""

    def cut(match: re.Match[str]) -> str:
        tag = match.group(0)
        name = _TAG_NAME.match(tag)
        start = name.end() if name else 1
        attributes = _ATTRIBUTE.findall(tag, start, len(tag) - 1)
        if len(attributes) <= MAX_ATTRIBUTES:
            return tag
        return f"{tag[:start]} {' '.join(attributes[:MAX_ATTRIBUTES])}>"

    return _LONG_TAG.sub(cut, text)


def _bound(tree: lxml_html.HtmlElement) -> None:
    """Cut ``tree`` to its first MAX_ELEMENTS elements and empty the JSON-LD blocks over
    MAX_JSON_LD_CHARS (or past MAX_JSON_LD_TOTAL), in place, so that neither our metadata
    reading nor trafilatura's sees more."""
    total = 0
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        size = len(script.text or "")
        total += size
        if size > MAX_JSON_LD_CHARS or total > MAX_JSON_LD_TOTAL:
            script.text = ""
    last = None
    for count, element in enumerate(tree.iter()):
        if count >= MAX_ELEMENTS:
            last = element
            break
    if last is None:
        return
    # Everything from ``last`` on in document order goes: it with its descendants, and the later
    # siblings of it and of each of its ancestors.
    node = last
    while (parent := node.getparent()) is not None:
        for later in list(node.itersiblings()):
            parent.remove(later)
        node = parent
    parent = last.getparent()
    if parent is not None:
        parent.remove(last)


def _trafilatura(
    tree: lxml_html.HtmlElement, url: str | None, options: ExtractOptions, fast: bool
) -> str:
    """trafilatura's main text, one block per line ("" if it found none)."""
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
            include_comments=options.include_comments,
            include_tables=options.include_tables,
            deduplicate=options.deduplicate,
            with_metadata=False,  # see _metadata
        )
    except Exception as error:  # a third-party parser must not crash the bot
        logger.warning("trafilatura failed on %s: %r", url, error)
        return ""
    text = result.text if isinstance(result, Document) else None
    return text if isinstance(text, str) else ""


def _unreliable(
    text: str,
    tree: lxml_html.HtmlElement,
    meta: _PageMeta,
    body: str | None,
    options: ExtractOptions,
) -> bool:
    """Whether the fast text should be redone in full mode (see FAST_TEXT_MIN_SHARE)."""
    if not _is_article_text(text, meta.link_texts, options.min_prose_words):
        return True
    declared = (
        len(_WORD.findall(body))
        if body
        else sum(len(_WORD.findall(p.text_content())) for p in tree.iter("p"))
    )
    return len(_WORD.findall(text)) < FAST_TEXT_MIN_SHARE * declared


def _metadata(tree: lxml_html.HtmlElement, url: str | None) -> Document | None:
    """``trafilatura.metadata.extract_metadata`` (2.3.1) without categories, tags and license.

    Same order and rules, so the same title/author/url/date/sitename as ``bare_extraction``
    with ``with_metadata=True`` gave (identical on the 46 benchmark dev pages). The functions
    called copy the tree before pruning it; ``tree`` is left as it is.
    """
    try:
        document = tm.examine_meta(tree)
        if document.author and " " not in document.author:
            document.author = None
        try:
            document = tm.extract_meta_json(tree, document)
        except Exception as error:  # trafilatura guards this call the same way
            logger.debug("JSON-LD metadata failed: %r", error)
        if not document.title:
            document.title = tm.extract_title(tree)
        if not document.author:
            document.author = tm.extract_author(tree)
        if not document.url:
            document.url = tm.extract_url(tree, url)
        document.date = htmldate.find_date(tree, **{**set_date_params(True), "url": document.url})
        if not document.sitename:
            document.sitename = tm.extract_sitename(tree)
        if document.sitename:
            sitename = document.sitename.lstrip("@")
            if sitename and "." not in sitename and not sitename[0].isupper():
                sitename = sitename.title()
            document.sitename = sitename
        elif document.url and (match := tm.META_URL.match(document.url)):
            document.sitename = match[1]
    except Exception as error:  # a third-party parser must not crash the bot
        logger.warning("trafilatura metadata failed on %s: %r", url, error)
        return None
    return document


def _paragraphs(text: str) -> str:
    """One paragraph per non-blank line, NFC, separated by a blank line."""
    text = unicodedata.normalize("NFC", text)
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _is_article_text(text: str, link_texts: frozenset[str], min_prose_words: int) -> bool:
    paragraphs = text.split("\n\n") if text else []
    prose_words = 0
    linked_words = 0
    total_words = 0
    for paragraph in paragraphs:
        words = len(_WORD.findall(paragraph))
        total_words += words
        if words >= PROSE_PARAGRAPH_WORDS and _SENTENCE_END.search(paragraph):
            prose_words += words
        if " ".join(paragraph.split()) in link_texts:
            linked_words += words
    if prose_words < min_prose_words:
        return False
    return linked_words <= MAX_LINKED_SHARE * total_words


# --- page metadata ----------------------------------------------------------------------------


def _read_meta(tree: lxml_html.HtmlElement) -> _PageMeta:
    og: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if key and content and key not in og:
            og[key] = content
    canonical = None
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel and element.get("href"):
            canonical = element.get("href", "").strip() or None
            break
    root = tree.getroottree().getroot()
    is_amp = "amp" in root.attrib or "⚡" in root.attrib
    links = frozenset(
        joined
        for anchor in tree.iter("a")
        if len(joined := " ".join(anchor.text_content().split())) >= MIN_LINK_TEXT_CHARS
    )
    return _PageMeta(
        json_ld=_article_node(tree),
        og=og,
        canonical=canonical,
        is_amp=is_amp,
        html_lang=root.get("lang") or root.get("xml:lang"),
        link_texts=links,
    )


def _json_ld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(item.get(key), list | dict):
                    stack.append(item[key])


def _is_article_type(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name in ARTICLE_TYPES for name in names)


def _article_node(tree: lxml_html.HtmlElement) -> dict[str, Any] | None:
    """The article node of the page's JSON-LD: the article-typed node with the longest body."""
    best: dict[str, Any] | None = None
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)  # raw newlines in strings abound
        except (ValueError, RecursionError):
            continue
        for node in _json_ld_nodes(data):
            if not _is_article_type(node):
                continue
            if best is None or len(_text_field(node, "articleBody") or "") > len(
                _text_field(best, "articleBody") or ""
            ):
                best = node
    return best


def _text_field(node: dict[str, Any] | None, key: str) -> str | None:
    value = node.get(key) if node else None
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = value[0]
    return value.strip() or None if isinstance(value, str) else None


def _json_ld_body(node: dict[str, Any] | None) -> str | None:
    body = _text_field(node, "articleBody")
    if body is None:
        return None
    if "<" in body and ">" in body:  # some sites put the HTML body in the JSON
        try:
            fragment = lxml_html.fragment_fromstring(body, create_parent="div")
            for br in fragment.iter("br", "p", "div", "li", "h2", "h3"):
                br.tail = "\n\n" + (br.tail or "")
            body = fragment.text_content()
        except (ValueError, ParserError):
            pass
    joined = _paragraphs(body)  # one paragraph per line, like trafilatura's output
    return joined or None


def _marked_paywalled(node: dict[str, Any] | None) -> bool:
    if node is None:
        return False
    if _is_false(node.get("isAccessibleForFree")):
        return True
    parts = node.get("hasPart")
    return any(
        isinstance(part, dict) and _is_false(part.get("isAccessibleForFree"))
        for part in (parts if isinstance(parts, list) else [parts])
    )


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip() in _FALSE_STRINGS)


def _ld_str(meta: _PageMeta, key: str) -> str | None:
    return _text_field(meta.json_ld, key)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _ld_authors(node: dict[str, Any] | None) -> str | None:
    names = _names(node.get("author")) if node else []
    return "; ".join(dict.fromkeys(names)) or None


def _ld_publisher(node: dict[str, Any] | None) -> str | None:
    names = _names(node.get("publisher")) if node else []
    return names[0] if names else None


def _language(meta: _PageMeta) -> str | None:
    raw = _first(
        meta.html_lang,
        _ld_str(meta, "inLanguage"),
        meta.og.get("og:locale"),
        meta.og.get("content-language"),
    )
    if raw is None:
        return None
    primary = re.split(r"[-_]", raw.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _doc(document: Document | None, attribute: str) -> str | None:
    value = getattr(document, attribute, None) if document is not None else None
    return value if isinstance(value, str) else None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return " ".join(value.split())
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    return urljoin(base, href) if base else href
