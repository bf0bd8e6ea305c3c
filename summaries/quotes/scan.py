"""Step 1: find the quoted spans of an article, and where each one sits.

Each paragraph is scanned once for quote marks with a small stack, so a nested quote (‘…’ inside
“…”, „…“ inside «…») stays inside its outer quote. Straight marks are told from apostrophes and
primes by what flanks them ("don't", "Chelsea's", "the players' union", "'90s", "6'2" are not
quotes). An outer quote still open at a paragraph's end continues into the next paragraph when
that one opens with the same kind of mark (the typographic convention for multi-paragraph
quotes) or closes it; otherwise the stray mark is ignored and the paragraph scanned again. Each
paragraph's piece of a multi-paragraph quote is its own :class:`_Segment`.

A quote mark with spaces on both sides (tokenised text: "said: ' I have", "the summer. '") is read
as an opener or closer from what is open and what precedes it; "don ' t" and "Guffick ’ s" are
apostrophes. A trailing comma inside the marks ("“We will win,” she said") is left out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from summaries.models import PARAGRAPH_SEPARATOR, Sentence

# Quote marks open at once before we stop pushing (only broken text nests deeper).
MAX_NESTING = 6

# Quote marks and punctuation are universal: every supported language writes them with the same
# characters (only which pair a language prefers differs), so they stay here, not in a lexicon.
_DOUBLE, _SINGLE, _GUILLEMET, _SINGLE_GUILLEMET = 0, 1, 2, 3
_QUOTE_CHARS = "\"“”„«»‘’'‚‹›"
_DOUBLE_QUOTE_CHARS = '"“”„«»‹›'
_MARK = re.compile("[\"“”„«»‘’'‚‹›]")
_OPENING_CHARS = {_DOUBLE: '“„"”', _SINGLE: "‘'’‚", _GUILLEMET: "«", _SINGLE_GUILLEMET: "‹"}
_LEFT_PUNCT = frozenset("([{<—–-/:" + _QUOTE_CHARS)
_CLOSING_PUNCT = frozenset(",.;:!?)]}…")
_SENTENCE_PUNCT = frozenset(",.!?;…")
# The endings after an apostrophe in tokenised English ("don ' t"): read in every language, since
# a stray spaced apostrophe is never a quote mark whatever the article's language.
_CONTRACTION = re.compile(r" ?(?:s|t|ve|re|ll|d|m)(?!\w)")
_RIGHT_PUNCT = frozenset(".,;:!?)]}>…—–-/" + _QUOTE_CHARS)
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"’”»)]*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(slots=True)
class _Segment:
    """One stretch of quoted text: a whole quote, or one paragraph's piece of a longer one."""

    paragraph: int
    opening: int  # offset of the opening mark; -1 when the quote goes on from the paragraph before
    closing: int  # offset of the closing mark; -1 when the quote goes on past the paragraph's end
    start: int  # the quoted words, stripped: body[start:end]
    end: int
    chain: int = -1  # pieces of one multi-paragraph quote share a chain number
    attributed: bool = False
    speaker: str | None = None
    role: str | None = None
    embedded: bool = False
    described: bool = False  # the speaker is the article's description, not a name


@dataclass(slots=True)
class _Scan:
    """The quote marks of one paragraph, paired."""

    quotes: list[tuple[int, int]]  # (opening, closing) in the paragraph; opening -1: carried in
    unclosed: tuple[int, int] | None  # (family, opening) of an outer quote open at the end
    carried_closed: bool


class _Flank(NamedTuple):
    """What surrounds one quote mark."""

    prev: str  # the character before ("" at the paragraph's start)
    nxt: str  # the character after ("" at the end)
    before: str  # the last non-space character before
    left: bool  # attached to the word after it: an opener's shape
    right: bool  # attached to the word before it: a closer's shape
    spaced: bool  # free on both sides (tokenised text: "said: ' I", "club. '")


def _flank(text: str, i: int) -> _Flank:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev_space = prev == "" or prev.isspace()
    next_space = nxt == "" or nxt.isspace()
    j = i - 1
    while j >= 0 and j > i - 4 and text[j].isspace():
        j -= 1
    before = text[j] if j >= 0 and not text[j].isspace() else ""
    left = not next_space and nxt not in _CLOSING_PUNCT and (prev_space or prev in _LEFT_PUNCT)
    right = not prev_space and (next_space or nxt in _RIGHT_PUNCT)
    spaced = prev_space and (next_space or nxt in _CLOSING_PUNCT)
    return _Flank(prev, nxt, before, left, right, spaced)


def _scan(text: str, carried: int | None, ignore: frozenset[int]) -> _Scan:
    """Pair the quote marks of one paragraph; ``carried`` is a quote family open on entry."""
    stack: list[tuple[int, int, str]] = []  # (family, index, mark)
    if carried is not None:
        stack.append((carried, -1, ""))
    quotes: list[tuple[int, int]] = []
    carried_closed = False
    last_single = max(text.rfind("'"), text.rfind("’"), text.rfind("‘"))
    for match in _MARK.finditer(text):
        i = match.start()
        if i in ignore:
            continue
        mark = text[i]
        flank = _flank(text, i)
        open_families = {entry[0] for entry in stack}
        opens: int | None = None
        closes: int | None = None
        if mark == "«":
            opens = _GUILLEMET
        elif mark == "»":
            closes = _GUILLEMET if _GUILLEMET in open_families else None
        elif mark == "‹":
            opens = _SINGLE_GUILLEMET if flank.left else None
        elif mark == "›":
            closes = _SINGLE_GUILLEMET if _SINGLE_GUILLEMET in open_families else None
        elif mark == "„":
            opens = _DOUBLE
        elif mark == "‚":
            opens = _SINGLE if flank.left and flank.nxt.isalpha() else None
        elif mark in '“”"':
            opens, closes = _double_mark(mark, flank, _DOUBLE in open_families)
        elif not (flank.prev.isalnum() and flank.nxt.isalnum()):  # not an apostrophe in a word
            opens, closes = _single_mark(text, i, flank, _SINGLE in open_families, i < last_single)
        if closes is not None:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closes:
                    if depth == 0:
                        if stack[0][1] == -1:
                            # A quote carried in from the paragraph before ends after a word or
                            # a sentence ("…the summer. '"), not before one ("is a ' term").
                            if not (flank.right or flank.before in _SENTENCE_PUNCT):
                                return _Scan([], None, False)
                            carried_closed = True
                        quotes.append((stack[0][1], i))
                    del stack[depth:]
                    break
        elif opens is not None and len(stack) < MAX_NESTING:
            stack.append((opens, i, mark))
    unclosed = (stack[0][0], stack[0][1]) if stack else None
    return _Scan(quotes, unclosed, carried_closed)


def _double_mark(mark: str, flank: _Flank, is_open: bool) -> tuple[int | None, int | None]:
    """(opens, closes) for a double quote mark."""
    if mark == "“":
        if is_open and not flank.left:
            return None, _DOUBLE  # „…“ (German), or a mark used the wrong way round
        opens = flank.left or (flank.spaced and flank.nxt not in _CLOSING_PUNCT)
        return (_DOUBLE, None) if opens else (None, None)
    if mark == "”":
        if is_open:
            return None, _DOUBLE
        return (_DOUBLE, None) if flank.left else (None, None)
    # A straight mark. Straight quotes nest only after a colon: "He said: "no"" is rare, while
    # tokenised text puts closers before a word (", "said Smith").
    if is_open:
        if flank.left and flank.before == ":":
            return _DOUBLE, None
        return None, _DOUBLE
    if flank.right and not flank.left:
        return None, None  # a stray closer, or inches (6'2")
    if flank.prev.isalnum():
        return None, None
    if flank.spaced and (flank.before in _SENTENCE_PUNCT or flank.nxt in _CLOSING_PUNCT):
        return None, None  # a closer whose opener we never saw
    return _DOUBLE, None


def _single_mark(
    text: str, i: int, flank: _Flank, is_open: bool, more_follow: bool
) -> tuple[int | None, int | None]:
    """(opens, closes) for a single quote mark that is not inside a word."""
    mark = text[i]
    if flank.spaced and flank.before.isalpha() and _CONTRACTION.match(text, i + 1):
        return None, None  # tokenised "don ' t", "Guffick ’ s"
    possessive = (
        flank.before in "sS"
        and flank.before != ""
        and text[i + 1 : i + 2] == " "
        and text[i + 2 : i + 3].islower()
        and (more_follow or not is_open)
    )
    if is_open:
        if flank.left and not flank.right:
            if flank.before in _SENTENCE_PUNCT and mark != "‘":
                return None, _SINGLE  # tokenised closer: ", 'said Smith"
            if text[i + 1 : i + 3].isdigit() or mark == "’":
                return None, None
            return _SINGLE, None  # a nested quote
        if flank.spaced and flank.before == ":":
            return _SINGLE, None  # "he said: ' I …" inside an open quote
        if possessive:
            return None, None  # the players' union
        if mark == "‘" and not flank.right and not flank.spaced:
            return None, None
        return None, _SINGLE
    if text[i + 1 : i + 3].isdigit():
        return None, None  # '90s
    if flank.left:
        return _SINGLE, None
    if flank.spaced and mark != "’":
        if flank.before in _SENTENCE_PUNCT or possessive or flank.nxt in _CLOSING_PUNCT:
            return None, None  # a closer whose opener we never saw, or "Rodgers ' squad"
        if text[i + 2 : i + 3].isalnum():
            return _SINGLE, None  # tokenised: "said: ' I have"
    return None, None


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        found = body.find(PARAGRAPH_SEPARATOR, start)
        if found < 0:
            spans.append((start, len(body)))
            return spans
        spans.append((start, found))
        start = found + len(PARAGRAPH_SEPARATOR)


def _make_segment(
    body: str, paragraph: int, span: tuple[int, int], opening: int, closing: int
) -> _Segment | None:
    """The segment for a pair of absolute mark offsets (-1: the paragraph's edge)."""
    start = opening + 1 if opening >= 0 else span[0]
    end = closing if closing >= 0 else span[1]
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    if start >= end or not any(ch.isalnum() for ch in body[start:end]):
        return None
    return _Segment(paragraph, opening, closing, start, end)


def _introduced(body: str, span: tuple[int, int], opening: int) -> bool:
    """Whether an unclosed quote reads as a real one: after a colon, or opening its paragraph."""
    before = body[span[0] : opening].rstrip()
    return before == "" or before.endswith((":", "—", "–"))


class _SegmentFinder:
    """Step 1 over the whole body: per-paragraph scans chained across paragraph breaks."""

    def __init__(self, body: str, paragraphs: list[tuple[int, int]]) -> None:
        self.body = body
        self.paragraphs = paragraphs
        self.by_paragraph: list[list[_Segment]] = [[] for _ in paragraphs]
        self.carried: dict[int, int] = {}  # paragraph -> quote family open on entry
        self.chains = 0

    def run(self) -> list[_Segment]:
        pending: tuple[int, list[_Segment]] | None = None  # (family, pieces so far)
        for number, span in enumerate(self.paragraphs):
            text = self.body[span[0] : span[1]]
            lead = len(text) - len(text.lstrip())
            scan: _Scan | None = None
            link = False
            if pending is not None:
                family = pending[0]
                if lead < len(text) and text[lead] in _OPENING_CHARS[family]:
                    link = True  # the convention: each paragraph of a long quote opens again
                else:
                    carried = _scan(text, family, frozenset())
                    if carried.carried_closed:
                        scan, link = carried, True
                        self.carried[number] = family
            if scan is None:
                scan = _scan(text, None, frozenset())
            segments = self._segments(number, span, scan)
            self.by_paragraph[number] = segments
            next_pending: tuple[int, list[_Segment]] | None = None
            if pending is not None:
                family, pieces = pending
                first = segments[0] if segments else None
                if link and first is not None and first.opening in (-1, span[0] + lead):
                    if pieces[0].chain < 0:  # the first link: number the chain
                        chain = self._new_chain()
                        for piece in pieces:
                            piece.chain = chain
                    first.chain = pieces[0].chain  # (not every piece again: linear in pieces)
                    pieces.append(first)
                    if first.closing < 0:
                        next_pending = (family, pieces)
                else:
                    self._give_up(pieces)
            if next_pending is None and scan.unclosed is not None and segments:
                last = segments[-1]
                if last.closing < 0 and last.opening >= 0:
                    next_pending = (scan.unclosed[0], [last])
            pending = next_pending
        if pending is not None:
            self._give_up(pending[1])
        return [segment for segments in self.by_paragraph for segment in segments]

    def _new_chain(self) -> int:
        self.chains += 1
        return self.chains

    def _segments(self, number: int, span: tuple[int, int], scan: _Scan) -> list[_Segment]:
        base = span[0]
        pairs = [(opening, closing) for opening, closing in scan.quotes]
        if scan.unclosed is not None and scan.unclosed[1] >= 0:
            pairs.append((scan.unclosed[1], -1))
        segments: list[_Segment] = []
        for opening, closing in pairs:
            segment = _make_segment(
                self.body,
                number,
                span,
                base + opening if opening >= 0 else -1,
                base + closing if closing >= 0 else -1,
            )
            if segment is not None:
                segments.append(segment)
        return segments

    def _give_up(self, pieces: list[_Segment]) -> None:
        """An open quote nobody closed: keep it if it reads as one, else rescan without it."""
        if len(pieces) > 1:
            return  # several paragraphs opening with a quote mark: the convention, unfinished
        piece = pieces[0]
        number = piece.paragraph
        span = self.paragraphs[number]
        text = self.body[piece.start : piece.end]
        if _introduced(self.body, span, piece.opening) and _ENDS_SENTENCE.search(text):
            return
        ignore: set[int] = {piece.opening - span[0]}
        paragraph = self.body[span[0] : span[1]]
        carried = self.carried.get(number)
        for _ in range(3):
            scan = _scan(paragraph, carried, frozenset(ignore))
            if scan.unclosed is None or scan.unclosed[1] < 0:
                break
            ignore.add(scan.unclosed[1])
        if scan.unclosed is not None and scan.unclosed[1] < 0:
            carried = None  # the carried quote no longer closes: scan as a fresh paragraph
            scan = _scan(paragraph, None, frozenset(ignore))
        chains = {(s.opening, s.closing): s.chain for s in self.by_paragraph[number]}
        segments = self._segments(number, span, _Scan(scan.quotes, None, False))
        for segment in segments:
            segment.chain = chains.get((segment.opening, segment.closing), -1)
        self.by_paragraph[number] = segments


class _Context:
    """Where a quote sits: its sentence and the words around it in its paragraph."""

    def __init__(self, body: str, sentences: Sequence[Sentence]) -> None:
        self.body = body
        self.sentences = sentences
        self.starts = [sentence.start for sentence in sentences]

    def sentence_index(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0:
            return self.sentences[0].index if self.sentences else 0
        return self.sentences[index].index

    def sentence_end(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if 0 <= index < len(self.sentences) and position < self.sentences[index].end:
            return self.sentences[index].end
        return len(self.body)

    def previous_sentence(self, position: int) -> tuple[int, int] | None:
        """The span of the sentence before the one holding ``position``."""
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 1 or index >= len(self.sentences):
            return None
        sentence = self.sentences[index - 1]
        return sentence.start, sentence.end

    def sentence_start(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if 0 <= index < len(self.sentences) and position < self.sentences[index].end + 1:
            return self.sentences[index].start
        return 0
