"""What the rules share: a candidate fact, the sentence being read, a rule and its needs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from summaries.facts.words import Vocabulary
from summaries.models import FactKind

# The most specific kind first; blockers above them all.
RANK: dict[FactKind | None, int] = {
    None: 0,  # a blocker
    FactKind.MONEY: 1,
    FactKind.PERCENT: 2,
    FactKind.AGE: 3,
    FactKind.DATE: 4,
    FactKind.DURATION: 5,
    FactKind.RELATIVE_TIME: 5,
    FactKind.QUANTITY: 6,
    FactKind.COUNT: 7,
}

# How far back the rules look for the word or phrase before a number ("No.", "since", "in"),
# past any spaces right before it: far more than the longest such phrase, and bounded, so a
# giant sentence full of numbers stays linear.
LOOKBACK_CHARS = 200

# What a rule needs in a sentence before it is worth running.
ALWAYS, DIGIT, NUMBER, MONTH, UNIT, STEM = "always", "digit", "number", "month", "unit", "stem"


class Hit(NamedTuple):
    rank: int
    negative_length: int  # longer spans first within a rank
    start: int
    end: int
    kind: FactKind | None  # None: a blocker, claims its numbers and is dropped
    value: str | None


class Found(NamedTuple):
    kind: FactKind | None
    value: str | None
    start: int
    end: int


@dataclass(slots=True)
class Context:
    lex: Vocabulary
    text: str
    reference: datetime.date | None
    first_future: int | None = None  # where lex.future first matches in text (len + 1: nowhere)

    def future_before(self, position: int) -> bool:
        """Whether a word about the future ("will", "next") comes before ``position``.

        The same as ``lex.future.search(text, 0, position)`` when ``position`` starts a word,
        but searched once per sentence, not once per number (a giant sentence stays linear).
        """
        if self.first_future is None:
            found = self.lex.future.search(self.text) if self.lex.future else None
            self.first_future = found.start() if found else len(self.text) + 1
        return self.first_future < position


Builder = Callable[[re.Match[str], Context], Found | None]


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    figures_only: re.Pattern[str]  # the same with numbers in figures only (or the same pattern)
    needs: str | frozenset[str]  # a kind of token (DIGIT, ...) or words, one of which must occur
    build: Builder
    anchored: bool  # every match starts where a number starts


@dataclass(frozen=True, slots=True)
class Rules:
    lex: Vocabulary
    items: tuple[Rule, ...]
    number_tokens: frozenset[str]  # number and scale words: "three", "million"
    month_tokens: frozenset[str]
    unit_tokens: frozenset[str]  # units of time: "years", "лет"


def lookback(text: str, end: int) -> int:
    """Where a search for the words right before ``end`` starts."""
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return max(0, start - LOOKBACK_CHARS)


def span(match: re.Match[str]) -> tuple[int, int]:
    """The fact's span: the group ``f`` when the pattern has one (context words stay outside)."""
    if "f" in match.re.groupindex and match.group("f") is not None:
        return match.span("f")
    return match.span()
