"""A pasted page: find the article block and its headline; set the page around them aside.

A browser's select-all copy of a news page carries the article inside the page: menus and
breadcrumbs, other stories' teasers, cookie and legal lines, the byline and timestamps, captions,
reader comments, the footer. Its text is one line per block element.

:func:`best_run` finds the article as the run of lines with the most prose in it: every
prose line (a punctuated line of a few words or more) counts for its words, every other line
counts against, and the best-scoring run wins (a maximum-sum segment, as in body-text extraction
over tag and token counts). Menus and teaser lists are many short lines in a row, so they cost a
run more than they bring; a caption or a subheading between two paragraphs costs little.

:func:`find_headline` looks above the block for the headline: a headline-shaped line that shares
words with the article's lead, repeats (a page shows it in the breadcrumb and as its ``<h1>``), and
sits close above the block. :func:`split_site_suffix` takes the site or section name off it ("…
| World news", "… - BBC News").

Nothing here is about one site: the signals are the shape of lines and the words they share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from summaries.clean.boilerplate import opens_byline
from summaries.clean.sentences import ENDS_OPEN, ends_sentence
from summaries.clean.title import TITLE_MAX_WORDS, TITLE_MIN_WORDS, reads_as_headline
from summaries.clean.words import alternation, patterns
from summaries.lang import LEXICONS
from summaries.language import SUPPORTED, profile

# --- the article block ------------------------------------------------------------------------

# A line counts as prose when it ends a sentence (or runs on: a comma, a colon) and has at least
# this many words: "Read more." or "Share this:" have fewer, an article's shortest paragraphs
# ("He denied it.") have about this many and still add to a run.
PROSE_MIN_WORDS = 5
# What a non-prose line costs a run, in words of prose: a paragraph of ~40 words outweighs about
# four of them (a caption, a credit, a subheading, an ad marker between two paragraphs), while a
# menu of a dozen entries outweighs a teaser's one-sentence blurb.
LINE_COST = 8
# A prose line ending with a colon announces a list: up to this many short lines after it are
# the article's items ("Here's what to know:", then one line per team), each adding this much.
LIST_MAX_ITEMS = 30
LIST_ITEM_GAIN = 2
# A line the boilerplate rules already set aside (a caption, a credit, "Advertisement") sits
# inside articles as often as outside: it costs less ...
SET_ASIDE_COST = 3
# ... and a "Read more" list inside an article (links to related stories between its paragraphs)
# least: a list of four should not cut off the article's last paragraph.
RELATED_COST = 1

# --- the headline -----------------------------------------------------------------------------

# The headline is looked for among this many lines above the block (a page puts the byline, the
# date, a standfirst, a picture and its caption between the headline and the article).
HEADLINE_REACH = 40
# Words of the article's start that the headline's words are looked up in.
LEAD_WORDS = 120
# A word is compared by its first letters, a crude stem that holds in every language we read
# ("resigns" and "resigned", "Ukraine" and "Ukraine's").
STEM_CHARS = 4
# Words shorter than this carry no topic ("the", "of", "на").
CONTENT_MIN_CHARS = 4
# A line is taken as the headline when at least this share of its content words are in the lead.
MIN_LEAD_OVERLAP = 0.34

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Block:
    """The article's lines: ``units[start:end]``."""

    start: int
    end: int


def is_prose_line(unit: str) -> bool:
    words = len(unit.split())
    return words >= PROSE_MIN_WORDS and (ends_sentence(unit) or ENDS_OPEN.search(unit) is not None)


def _refine(units: Sequence[str], reasons: Sequence[str | None], best: Block) -> Block:
    """The article's lines: the best run without the page's header, its comments and its tail."""
    return _trim_edges(units, reasons, _after_header(units, reasons, _before_comments(units, best)))


def best_run(units: Sequence[str], reasons: Sequence[str | None]) -> Block | None:
    """The maximum-sum run of lines, prose counting for, the rest against; None without prose."""
    best = Block(0, 0)
    best_score = 0
    run_start, run_score = 0, 0
    list_items = 0  # lines left in a list that a prose line ending with a colon announced
    for index, (unit, reason) in enumerate(zip(units, reasons, strict=True)):
        prose = reason is None and is_prose_line(unit)
        if prose:
            gain = len(unit.split())
            list_items = LIST_MAX_ITEMS if unit.endswith(":") else 0
        elif reason is None and list_items > 0:
            gain = LIST_ITEM_GAIN  # "The qualified teams:" then "England (Group A)", ...
            list_items -= 1
        else:
            list_items = 0
            gain = -(
                LINE_COST
                if reason is None
                else RELATED_COST
                if reason == "related"
                else SET_ASIDE_COST
            )
        if run_score <= 0:
            run_start, run_score = index, 0
        run_score += gain
        if run_score > best_score:
            best_score = run_score
            best = Block(run_start, index + 1)
    return best if best_score > 0 else None


# "Comments (12)", "Leave a reply", "Комментарии": readers' words follow; the article ends there.
_COMMENTS_HEADING = re.compile(
    rf"^{patterns(lambda entry: entry.comment_headings)}\s*(?:\(\d+\))?\s*[:.!]?\s*$",
    re.IGNORECASE,
)


# "Sources", "About the author": the article has ended; its sources and its author's note follow.
_CLOSING_HEADING = re.compile(
    rf"^{patterns(lambda entry: entry.closing_headings)}\s*[:.]?\s*$", re.IGNORECASE
)
CLOSING_HEADING_MAX_WORDS = 4


def _before_comments(units: Sequence[str], block: Block) -> Block:
    for index in range(block.start + 1, block.end):
        unit = units[index]
        if is_comments_heading(unit) or (
            len(unit.split()) <= CLOSING_HEADING_MAX_WORDS and _CLOSING_HEADING.match(unit)
        ):
            return Block(block.start, index)
    return block


def is_comments_heading(unit: str) -> bool:
    return len(unit) <= COMMENTS_HEADING_MAX_CHARS and _COMMENTS_HEADING.match(unit) is not None


COMMENTS_HEADING_MAX_CHARS = 200  # "12 thoughts on “<the headline>”"


# A byline or a timestamp inside the first lines of the run ends the page's header: what is above
# it (a standfirst, a picture's caption) introduces the article and is not part of it. Only a
# short header is cut: HEADER_MAX_LINES prose lines at most.
HEADER_MAX_LINES = 3
_HEADER_ENDS = frozenset({"byline", "timestamp"})


# "Nishant Kumar @Nishantopines": an author's name and handle under the headline.
_AUTHOR_HANDLE = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.-]*\s+){1,3}@\w{2,30}$")


# "BAAR, SWITZERLAND", "KYIV, Ukraine —": a wire story's place line, on a line of its own above the
# first paragraph.
_PLACE_DATELINE = re.compile(r"^(?-i:[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{1,30}),\s+[\w .'-]{2,30}\s*[—–-]?$")


def is_header_end(unit: str, reason: str | None) -> bool:
    """A byline or a dateline: "By Jane Doe", "Updated on: November 19, 2019 / 10:07 AM"."""
    if reason in _HEADER_ENDS:
        return True
    if reason is not None:
        return False
    if _AUTHOR_HANDLE.match(unit) or _PLACE_DATELINE.match(unit):
        return True
    if not is_dateline(unit):
        return False
    # A sentence with a date in it ("The vote is on March 3, 2020.") is the article's; a dateline
    # has no sentence's end, or opens as a byline ("By Jane Doe on Monday, … at 11:04 a.m.").
    return not is_prose_line(unit) or opens_byline(unit)


def _after_header(units: Sequence[str], reasons: Sequence[str | None], block: Block) -> Block:
    prose_seen = 0
    cut = None
    for index in range(block.start, block.end):
        if is_header_end(units[index], reasons[index]):
            cut = index + 1
        elif reasons[index] is None and is_prose_line(units[index]):
            prose_seen += 1
            if prose_seen > HEADER_MAX_LINES:
                break
    start = block.start if cut is None else cut
    # The lead picture's caption, signed by a short credit line ("Photo: Getty Images"): the
    # first prose line, then its credit, then the article.
    first_prose = next(
        (i for i in range(start, block.end) if reasons[i] is None and is_prose_line(units[i])),
        block.end,
    )
    following = first_prose + 1
    if (
        following + 1 < block.end
        and reasons[following] in _CREDIT_REASONS
        and len(units[following].split()) <= LEAD_CREDIT_MAX_WORDS
    ):
        start = following + 1
    if start >= block.end:
        return block
    return Block(start, block.end)


_CREDIT_REASONS = frozenset({"caption", "credit"})
LEAD_CREDIT_MAX_WORDS = 6


# The run's last stretch of prose (after a non-prose line) is not the article's when it shares
# almost no words with the rest: a newsletter pitch, a comment form's legal text, another story's
# teaser. The article's own last paragraphs name its people and places. (The first stretch is
# not trimmed so: a lead can share few words with what follows, and a header is cut by its
# byline instead.)
EDGE_MIN_SHARED = 0.2


def _segments(units: Sequence[str], reasons: Sequence[str | None], block: Block) -> list[Block]:
    """The block's stretches of consecutive prose lines."""
    segments: list[Block] = []
    start: int | None = None
    for index in range(block.start, block.end):
        prose = reasons[index] is None and is_prose_line(units[index])
        if prose and start is None:
            start = index
        elif not prose and start is not None:
            segments.append(Block(start, index))
            start = None
    if start is not None:
        segments.append(Block(start, block.end))
    return segments


def _trim_edges(units: Sequence[str], reasons: Sequence[str | None], block: Block) -> Block:
    """``block`` without last stretches that share almost no words with the rest.

    Lines after the last stretch of prose stay when nothing was trimmed: a run ends on a gain,
    so they are items of a list the article announced. Each line's words are read once.
    """
    segments = _segments(units, reasons, block)
    if not segments:
        return block
    stems = [[stem for i in range(s.start, s.end) for stem in _stems(units[i])] for s in segments]
    words = [sum(len(units[i].split()) for i in range(s.start, s.end)) for s in segments]
    inside = Counter(stem for segment in stems for stem in set(segment))
    rest_words = sum(words)
    kept = len(segments)
    while kept > 1:
        edge, edge_stems = kept - 1, stems[kept - 1]
        rest_words -= words[edge]
        inside.subtract(set(edge_stems))
        shared = sum(inside[stem] > 0 for stem in edge_stems)
        if (
            words[edge] >= rest_words
            or not edge_stems
            or shared >= EDGE_MIN_SHARED * len(edge_stems)
        ):
            break
        kept -= 1
    if kept == len(segments):
        return Block(segments[0].start, block.end)
    return Block(segments[0].start, segments[kept - 1].end)


@cache
def _stop_words() -> frozenset[str]:
    """Every supported language's stop words: a page in one language has menus in another."""
    return frozenset[str]().union(*(profile(code).stop_words for code in SUPPORTED))


def _stems(text: str) -> list[str]:
    stop = _stop_words()
    return [
        word[:STEM_CHARS]
        for word in _WORD.findall(text.casefold())
        if (len(word) >= CONTENT_MIN_CHARS and word not in stop) or word.isdigit()
    ]


def find_headline(
    units: Sequence[str],
    reasons: Sequence[str | None],
    block: Block,
    *,
    cased: bool,
) -> int | None:
    """The index of the headline above ``block`` (or opening it), None when no line reads as one.

    A candidate reads as a headline and shares at least MIN_LEAD_OVERLAP of its content words
    with the lead. Among them, the most words shared wins (a teaser or a caption shares a few,
    the headline most), less half a point per word not shared, with a bonus for a line the page
    repeats and a small cost for distance above the block.
    """
    lead: set[str] = set()
    words = 0
    for unit in units[block.start : block.end]:
        lead.update(_stems(unit))
        words += len(unit.split())
        if words >= LEAD_WORDS:
            break
    counts: dict[str, int] = {}
    for unit in units:
        key = _key(unit)
        counts[key] = counts.get(key, 0) + 1
    best: int | None = None
    best_score = 0.0
    first = max(0, block.start - HEADLINE_REACH)
    above_byline = _above_byline(units, reasons, lead, (first, block.start), cased=cased)
    # Where a byline or a dateline marks the page's header, the headline is among the lines just
    # above it (with its deck); elsewhere, any line above the article may be.
    candidates = sorted(above_byline) or range(
        first, min(block.end - 1, block.start + HEADLINE_INSIDE)
    )
    if above_byline:
        best_score = -float("inf")  # one of them is the headline, however few words it shares
    for index in candidates:
        unit = units[index]
        if not _may_be_headline(unit, reasons[index], cased=cased):
            continue
        candidate = split_site_suffix(unit)
        stems = _stems(candidate)
        shared = sum(stem in lead for stem in stems)
        if index not in above_byline and (
            shared < HEADLINE_MIN_SHARED or shared < MIN_LEAD_OVERLAP * len(stems)
        ):
            continue
        distance = max(0, block.start - index) / HEADLINE_REACH
        score = (
            shared
            - UNSHARED_COST * (len(stems) - shared)
            + (REPEAT_BONUS if counts[_key(unit)] > 1 else 0.0)
            - DISTANCE_COST * distance
        )
        if score > best_score:
            best, best_score = index, score
    return best


def _may_be_headline(unit: str, reason: str | None, *, cased: bool) -> bool:
    if reason not in _HEADLINE_MAY_BE or is_dateline(unit):
        return False
    tokens = unit.split()
    if sum(any(c.isdigit() for c in token) for token in tokens) >= DATELINE_SHARE * len(tokens):
        return False  # "November 20, 2019 Jane Doe": a dateline the rules did not catch
    return reads_as_headline(
        split_site_suffix(unit), cased=cased, max_words=HEADLINE_MAX_WORDS, quoted=True
    )


_MONTHS = alternation(
    sorted(
        {
            re.escape(form)
            for entry in LEXICONS.values()
            for group in entry.months
            for form in group
        },
        key=len,
        reverse=True,
    )
)
# A year, and a month's name or a time of day, in a short line: "Updated on: November 19, 2019 /
# 10:07 AM / CBS News", "19 NOV 2019", "Published 11:26 pm EST, Tuesday": the page's dateline,
# whatever else the line says (the timestamp rule wants every word to be a date word).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH_OR_TIME = re.compile(rf"\b{_MONTHS}\b|\b\d{{1,2}}[:.]\d\d\b", re.IGNORECASE)
DATELINE_MAX_WORDS = 14


def is_dateline(unit: str) -> bool:
    return (
        len(unit.split()) <= DATELINE_MAX_WORDS
        and _YEAR.search(unit) is not None
        and _MONTH_OR_TIME.search(unit) is not None
    )


def _above_byline(
    units: Sequence[str],
    reasons: Sequence[str | None],
    lead: set[str],
    span: tuple[int, int],
    *,
    cased: bool,
) -> frozenset[int]:
    """The headline-shaped lines just above the byline or dateline nearest the article.

    Pages print the headline, then who wrote it and when, then the picture, its caption and the
    article: teasers and captions below the byline are not the headline. Each must share a
    word with the lead ("6 comments" above a byline does not); a headline and its deck both
    stand there, and the words they share with the lead choose between them.
    """
    first, start = span

    def header_end(index: int) -> bool:
        return is_header_end(units[index], reasons[index])

    byline = next((index for index in range(start - 1, first - 1, -1) if header_end(index)), None)
    if byline is None:
        return frozenset()
    # "By Jane Doe", "@janedoe", "Nov 18, 2019 at 9:24 pm": the header's top line, unless a
    # headline stands between two of its lines ("November 18", the headline, "by ESA").
    while True:
        above = next(
            (
                i
                for i in range(byline - 1, max(first, byline - BYLINE_REACH) - 1, -1)
                if header_end(i)
            ),
            None,
        )
        if above is None or any(
            _may_be_headline(units[i], reasons[i], cased=cased) for i in range(above + 1, byline)
        ):
            break
        byline = above
    index = byline - 1
    while index >= max(first, byline - BYLINE_REACH) and header_end(index):
        index -= 1  # "By Jane Doe" then "Updated 3 hours ago": the headline is above both
    return frozenset(
        candidate
        for candidate in range(index, max(first, byline - BYLINE_REACH) - 1, -1)
        if _may_be_headline(units[candidate], reasons[candidate], cased=cased)
        and any(stem in lead for stem in _stems(split_site_suffix(units[candidate])))
    )


# A line whose tokens are this share numbers is a dateline, not a headline.
DATELINE_SHARE = 0.4
# The headline is looked for this many lines above the byline.
BYLINE_REACH = 3


# Pages print long headlines in full (the Guardian's run past 25 words); a title given by a
# feed or a page's metadata is held to TITLE_MAX_WORDS, a headline found above an article to this.
HEADLINE_MAX_WORDS = 32
# A first line taken as the headline on its position alone (a clean paste, no page around it) is
# held to fewer: 25 words fit a long headline with its section suffix, while a longer line without
# a full stop is as likely a sentence that lost it.
FIRST_LINE_MAX_WORDS = 25
# A headline shares at least this many content words with the lead ...
HEADLINE_MIN_SHARED = 2
# ... each of its words the lead lacks counts against it by this much ...
UNSHARED_COST = 0.5
# ... a line the page shows twice (breadcrumb and <h1>, <h1> and a sticky header) gains ...
REPEAT_BONUS = 1.5
# ... and one at the far end of HEADLINE_REACH loses this much.
DISTANCE_COST = 2.0
# The run of prose may open with the headline itself when it ends in "?" or "!" and so reads as a
# prose line: the first lines of the block are candidates too.
HEADLINE_INSIDE = 2


# The boilerplate rules read a list after "Read more" as related stories; above the article, its
# first line may be the headline.
_HEADLINE_MAY_BE = frozenset({None, "related"})


def _key(unit: str) -> str:
    return " ".join(_WORD.findall(unit.casefold()))


# "Headline | Section | Site", "Headline - BBC News", "Headline — Meduza": a separator with spaces
# around it, then a short name. A bar always separates; a dash only before a name of at most
# SUFFIX_MAX_WORDS capitalised words (a dash inside a headline runs on: "– and fears for his
# safety").
SUFFIX_MAX_WORDS = 4
_BAR = re.compile(r"\s+[|·•]\s+")
_DASH_SUFFIX = re.compile(r"\s+[-–—]\s+([^-–—]+)$")


def split_site_suffix(line: str) -> str:
    """``line`` without a trailing site or section name."""
    parts = _BAR.split(line)
    head = max(parts, key=lambda part: len(part.split())) if len(parts) > 1 else line
    match = _DASH_SUFFIX.search(head)
    if match is not None:
        suffix = match.group(1).split()
        if len(suffix) <= SUFFIX_MAX_WORDS and all(word[:1].isupper() for word in suffix):
            rest = head[: match.start()]
            if len(rest.split()) >= TITLE_MIN_WORDS:
                head = rest
    return head.strip() if len(head.split()) <= TITLE_MAX_WORDS or head == line else head


# --- setting the page aside -------------------------------------------------------------------

# A line of at most this many words outside the article, without a full stop, is a menu entry.
MENU_MAX_WORDS = 4


def set_page_aside(
    units: Sequence[str], reasons: list[str | None], *, cased: bool
) -> tuple[int | None, str | None]:
    """Mark every line outside the article block with why; the headline's index and text.

    The headline is returned without its site or section suffix. Text with no prose at all is
    left as it is (a list, a transcript): there is no block to find.
    """
    run = best_run(units, reasons)
    if run is None or not _looks_like_a_page(units, reasons, run):
        return None, None
    block = _refine(units, reasons, run)
    headline = find_headline(units, reasons, block, cased=cased)
    start = block.start
    if headline is not None and headline >= start:
        start = headline + 1  # the block opened with its headline
    comments = next(
        (index for index in range(block.end, len(units)) if is_comments_heading(units[index])),
        len(units),
    )
    for index in range(len(units)):
        if start <= index < block.end or index == headline or reasons[index] is not None:
            continue
        if index > comments and is_prose_line(units[index]):
            reasons[index] = "comment"
            continue
        reasons[index] = _outside_reason(
            units[index], above=index < start, headline=headline, index=index
        )
    if headline is None:
        return None, None
    title = split_site_suffix(units[headline])
    reasons[headline] = None
    return headline, title


# A text is read as a page when at least this many lines outside the article block have no
# sentence punctuation (menu entries, teaser headlines, labels). A clean paste has one such line
# (its headline) and keeps today's reading; one-sentence-per-line news text has none.
PAGE_MIN_CLUTTER_LINES = 5


def _looks_like_a_page(units: Sequence[str], reasons: Sequence[str | None], block: Block) -> bool:
    clutter = 0
    for index, (unit, reason) in enumerate(zip(units, reasons, strict=True)):
        if reason is not None or block.start <= index < block.end:
            continue
        if not ends_sentence(unit) and ENDS_OPEN.search(unit) is None:
            clutter += 1
            if clutter >= PAGE_MIN_CLUTTER_LINES:
                return True
    return False


def _outside_reason(unit: str, *, above: bool, headline: int | None, index: int) -> str:
    if above and is_header_end(unit, None):
        return "byline"
    if is_prose_line(unit):
        if above and headline is not None and index > headline:
            return "standfirst"  # between the headline and the article
        return "teaser" if above else "page"
    if len(unit.split()) <= MENU_MAX_WORDS:
        return "menu"
    return "teaser"
