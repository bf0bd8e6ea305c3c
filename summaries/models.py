"""Frozen dataclasses that every stage of the pipeline produces or consumes.

All offsets (``start``/``end``) are character offsets into ``CleanDocument.body``: the cleaned
article text, paragraphs joined by a blank line. ``body[start:end]`` is always the verbatim text
the object shows, and the pipeline checks that before it returns a :class:`Summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

PARAGRAPH_SEPARATOR = "\n\n"


class FactKind(StrEnum):
    """The kinds of fact a fact card can carry."""

    DATE = "date"
    AGE = "age"
    DURATION = "duration"
    RELATIVE_TIME = "relative_time"
    MONEY = "money"
    PERCENT = "percent"
    QUANTITY = "quantity"
    COUNT = "count"


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the boilerplate stage dropped, kept aside so nothing is lost silently."""

    text: str
    # a short machine tag: "caption", "credit", "player", "cta", "related", "heading", ...
    reason: str


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """The output of the clean stage: a title (never a summary sentence) and the body paragraphs."""

    title: str | None
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedLine, ...] = ()

    @property
    def body(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the body, verbatim: ``body[start:end] == text``."""

    index: int  # position among the body's sentences, from 0
    text: str
    start: int
    end: int
    paragraph: int  # index into CleanDocument.paragraphs


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: ``text`` is the words inside the quote marks, verbatim from the body.

    ``speaker`` is a name, or, when the article names no one (``described``), its own words for
    who spoke ("a friend of the family", "the letter", "собеседник издания"); ``role`` is then
    ``None``.
    """

    text: str
    speaker: str | None
    role: str | None
    sentence_index: int  # the sentence where the quote opens
    start: int
    end: int
    described: bool = False  # the speaker is a description, not a name


@dataclass(frozen=True, slots=True)
class Fact:
    """A typed fact: ``text`` is the verbatim span, ``sentence`` the verbatim sentence it is from.

    ``value`` is a normalised form where one can be computed, else ``None``:
    date ``2015-04-23`` / ``2015-04`` / ``--04-23`` (ISO 8601, year unknown), age ``22``,
    duration and relative time as ISO 8601 durations (``P3M``; relative time signed, ``-P3M`` for
    "three months ago", ``P2D`` for "in two days"), money ``GBP 200000000``, percent ``3.5``,
    quantity ``8000000 people``, count ``37``.
    """

    kind: FactKind
    text: str
    value: str | None
    sentence: str
    sentence_index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Summary:
    """What newsbrief says about one article."""

    title: str | None
    language: str  # ISO 639-1 code
    sentences: tuple[Sentence, ...]  # the chosen sentences, in article order
    quotes: tuple[Quote, ...]
    facts: tuple[Fact, ...]
    keywords: tuple[str, ...]
    words_in: int
    words_out: int
    lines_removed: int
    sentences_total: int
    removed: tuple[RemovedLine, ...] = field(default=(), repr=False)
    # The cleaned body all offsets point into, so a consumer can re-check or show context.
    body: str = field(default="", repr=False)
    # Every quote in the article, in article order (``quotes`` are the key few among them).
    all_quotes: tuple[Quote, ...] = field(default=(), repr=False)
