"""Split text into sentences and words without NLTK data.

sumy only ever calls ``to_sentences`` and ``to_words`` on its tokenizer, so :class:`TextSplitter`
provides those two methods on top of `sentencex` (rules compiled into the wheel, no download).
sentencex already keeps a quotation whole ("never cut inside a quote"); we add three repairs that
matter on news text, each measured on real pages:

1. abbreviations and initials it misses ("т. е.", "ул.", "M. Dupont", "А. С. Пушкин") are
   glued back to the sentence they belong to;
2. a lone closing quote or bracket that lands in a sentence of its own joins the one before;
3. a stray, unbalanced quote mark makes sentencex treat the rest of a paragraph as one quotation;
   a long segment with an unbalanced quote is split again with the quote marks masked.

:func:`split_sentences` maps the pieces back onto the body with exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sentencex

from summaries.lang import LEXICONS
from summaries.models import PARAGRAPH_SEPARATOR, Sentence

# Paragraphs longer than this are cut into chunks of about CHUNK_CHARS before sentencex sees
# them (see _chunks): a real paragraph is rarely over 3,000 characters.
SENTENCEX_MAX_CHARS = 10_000
CHUNK_CHARS = 5_000
# A segment longer than this with an unbalanced quote is suspected of swallowing several sentences.
UNBALANCED_QUOTE_RESPLIT_CHARS = 300

# Quote marks and letter classes are universal (every supported language's marks and scripts in
# one set): they stay here, not in the lexicons.
QUOTE_CHARS = '"“”„«»‘’‚‹›'
_CLOSERS_ONLY = re.compile(r"^[\s\"”’'»›)\]…]+$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_INITIAL = re.compile(r"^\(?[A-ZА-ЯЁ]\.$")
_STARTS_LOWER = re.compile(r"^[\s\"“„«‘(]*[a-zа-яёäöüßàâçéèêëîïôûùüÿñæœáíóúãõ]")

# Lower-cased abbreviations (with their final dot) that sentencex may treat as a sentence end, by
# language (none for a language without a lexicon) ...
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    code: entry.abbreviations for code, entry in LEXICONS.items()
}
# ... and those that go on before a capitalised name ("Gov. Newsom", "г. Москва"), one set for all.
_TITLES: frozenset[str] = frozenset().union(
    *(entry.name_abbreviations for entry in LEXICONS.values())
)


class TextSplitter:
    """A sumy-compatible tokenizer: sentences and words for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._abbreviations = _ABBREVIATIONS.get(language, frozenset())

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """The sentences of one paragraph, stripped, in order (each a substring of it)."""
        return tuple(paragraph[start:end] for start, end in self.sentence_spans(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """The words of a sentence: letters and digits, with inner hyphens and apostrophes."""
        return words(sentence)

    def sentence_spans(self, paragraph: str) -> list[tuple[int, int]]:
        """(start, end) offsets of each sentence in ``paragraph``, stripped of outer space."""
        spans = self._raw_spans(paragraph)
        spans = self._resplit_unbalanced(paragraph, spans)
        return self._merge(paragraph, spans)

    def _raw_spans(self, paragraph: str) -> list[tuple[int, int]]:
        # sentencex 1.0.x panics (Rust slicing inside a multi-byte character) on some non-ASCII
        # spaces next to a period; the clean stage maps them away, but sumy may call us directly.
        # Same length, so offsets into ``safe`` are offsets into ``paragraph``.
        safe = paragraph.translate(_WIDE_SPACES)
        spans: list[tuple[int, int]] = []
        for offset, chunk in _items(_chunks(safe)):
            cursor = 0
            for piece in _segment(self.language, chunk):
                stripped = piece.strip()
                if not stripped:
                    continue
                start = chunk.find(stripped, cursor)
                if start < 0:  # sentencex never rewrites text; if it ever does, keep the chunk
                    start, end = _strip_span(chunk, cursor, len(chunk))
                    if end > start:
                        spans.append((offset + start, offset + end))
                    break
                end = start + len(stripped)
                spans.append((offset + start, offset + end))
                cursor = end
        return spans

    def _resplit_unbalanced(
        self, paragraph: str, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        result: list[tuple[int, int]] = []
        for start, end in spans:
            segment = paragraph[start:end]
            if end - start > UNBALANCED_QUOTE_RESPLIT_CHARS and not _quotes_balanced(segment):
                masked = segment.translate(_MASK_QUOTES)
                inner = TextSplitter(self.language)._raw_spans(masked)
                if len(inner) > 1:
                    result.extend((start + a, start + b) for a, b in inner)
                    continue
            result.append((start, end))
        return result

    def _merge(self, paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            segment = paragraph[start:end]
            if merged:
                prev_start, prev_end = merged[-1]
                # Only the last token matters: look at the tail, or long chains of merges
                # ("M. Dupont et M. …") would re-scan the whole merged span each time.
                previous = paragraph[max(prev_start, prev_end - _TAIL_CHARS) : prev_end]
                if _CLOSERS_ONLY.match(segment) or self._ends_with_abbreviation(previous, segment):
                    merged[-1] = (prev_start, end)
                    continue
            merged.append((start, end))
        return merged

    def _ends_with_abbreviation(self, previous: str, following: str) -> bool:
        match = _LAST_TOKEN.search(previous)
        if match is None:
            return False
        token = match.group(1)
        if _INITIAL.match(token):
            # "А. С. Пушкин", "M. Dupont", "George W. Bush": an initial before a capitalised word.
            return bool(following[:1].isupper())
        lowered = token.lower().lstrip('("“«')
        if lowered in self._abbreviations:
            # "Gov. Newsom" continues; "... at 5 p.m. The next day" ends. A following lower-case
            # word or a digit says the sentence goes on; titles go on before a capitalised name.
            return (
                bool(_STARTS_LOWER.match(following))
                or following[:1].isdigit()
                or (lowered in _TITLES)
            )
        return False


_TAIL_CHARS = 64  # longer than any abbreviation or initial we look for
_TITLES = frozenset(
    "mr. mrs. ms. dr. prof. gov. sen. rep. gen. col. lt. sgt. capt. cmdr. adm. st. rev. hon. "
    "pres. supt. insp. det. cpl. pvt. maj. brig. no. nos. m. mm. mme. mlle. sr. sra. srta. dra. "
    "sig. dott. avv. ing. г. ул. им. проф. акад. св. т. просп. пер. пл. наб. д. с. nr. str. "
    "fr. hr.".split()
)
_MASK_QUOTES = str.maketrans(dict.fromkeys(QUOTE_CHARS, " "))
_WIDE_SPACES = str.maketrans(
    dict.fromkeys(
        "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u2028\u2029\u202f\u205f\u3000",
        " ",
    )
)
# Used only if sentencex fails: a sentence ends at . ! ? or … followed by space.
_FALLBACK_BOUNDARY = re.compile(r"(?<=[.!?…])\s+")


def _segment(language: str, text: str) -> list[str]:
    try:
        return list(sentencex.segment(language, text))
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        return _FALLBACK_BOUNDARY.split(text)


# A list item's marker: at the start of a paragraph or after a sentence ("• One. • Two."). sentencex
# reads a paragraph that opens with one as a single list item and never splits it, so each item
# is split on its own, the marker left out of its sentences.
_BULLET = re.compile(r"(?:^|(?<=[.!?…\"”’»)]\s))[•▪◦►‣]\s+")


def _items(chunks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``chunks`` cut after each list-item marker, with their offsets."""
    items: list[tuple[int, str]] = []
    for offset, chunk in chunks:
        start = 0
        for match in _BULLET.finditer(chunk):
            if match.start() > start:
                items.append((offset + start, chunk[start : match.start()]))
            start = match.end()
        items.append((offset + start, chunk[start:]))
    return items


def _chunks(paragraph: str) -> list[tuple[int, str]]:
    """``paragraph`` in pieces sentencex handles in linear time, each with its offset.

    sentencex's cost grows with the square of a paragraph's length on some inputs (runs of
    unclosed quote marks: 100,000 characters took 4 s). Beyond SENTENCEX_MAX_CHARS we cut at
    sentence-like boundaries (punctuation and a space) into chunks of about CHUNK_CHARS, and
    only where there are none, at a space or anywhere.
    """
    if len(paragraph) <= SENTENCEX_MAX_CHARS:
        return [(0, paragraph)]
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(paragraph) - start > CHUNK_CHARS:
        window_end = start + CHUNK_CHARS
        cut = -1
        for match in _FALLBACK_BOUNDARY.finditer(paragraph, start + CHUNK_CHARS // 2, window_end):
            cut = match.end()
        if cut < 0:
            space = paragraph.rfind(" ", start + CHUNK_CHARS // 2, window_end)
            cut = space + 1 if space >= 0 else window_end
        chunks.append((start, paragraph[start:cut]))
        start = cut
    chunks.append((start, paragraph[start:]))
    return chunks


def _quotes_balanced(segment: str) -> bool:
    """Whether the quote marks in ``segment`` pair up (apostrophes inside words are ignored)."""
    if segment.count("«") != segment.count("»"):
        return False
    # Every pair of curly double quotes uses two of these, whatever the style (“…”, „…“, „…”).
    curly = segment.count("“") + segment.count("”") + segment.count("„")
    straight = segment.count('"')
    singles = len(_LOOSE_SINGLE_QUOTE.findall(segment))
    return curly % 2 == 0 and straight % 2 == 0 and singles % 2 == 0


_LOOSE_SINGLE_QUOTE = re.compile(r"(?<!\w)['‘]|['’](?!\w)")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def words(text: str) -> tuple[str, ...]:
    """The words of any text (same rule as :meth:`TextSplitter.to_words`)."""
    return tuple(_WORD.findall(text))


def split_sentences(paragraphs: Sequence[str], language: str) -> tuple[Sentence, ...]:
    """All sentences of the body with offsets into ``PARAGRAPH_SEPARATOR.join(paragraphs)``."""
    splitter = TextSplitter(language)
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        for start, end in splitter.sentence_spans(paragraph):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=paragraph[start:end],
                    start=offset + start,
                    end=offset + end,
                    paragraph=number,
                )
            )
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return tuple(sentences)
