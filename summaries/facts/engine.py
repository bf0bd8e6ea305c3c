"""The matcher: finds every candidate of a sentence, lets each number be claimed once, and
turns what is left into :class:`Fact` objects with body offsets (:func:`extract_facts`)."""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Sequence

from summaries.facts.context import (
    ALWAYS,
    DIGIT,
    MONTH,
    NUMBER,
    RANK,
    STEM,
    UNIT,
    Context,
    Hit,
    Rules,
)
from summaries.facts.rules import rules
from summaries.models import Fact, Sentence

# Letters (any script) and digits: universal.
_TOKENS = re.compile(r"[^\W\d_]+")
_DIGIT_RUNS = re.compile(r"[0-9]+")
_ANY_DIGIT = re.compile(r"[0-9]")


def extract_facts(
    sentences: Sequence[Sentence], language: str, *, reference_date: datetime.date | None = None
) -> tuple[Fact, ...]:
    """Every fact in ``sentences``, in article order; ``body[fact.start:fact.end] == fact.text``.

    ``reference_date`` (the publication date, say) gives a year to dates that lack one: the
    nearest such date to it, so "on 12 March" in an April 2015 article is "2015-03-12".
    """
    compiled = rules(language)
    facts: list[Fact] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.end - sentence.start != len(text):
            continue  # offsets that do not fit the text cannot give verbatim spans
        for hit in sentence_hits(text, compiled, reference_date):
            if hit.kind is None or not 0 <= hit.start < hit.end <= len(text):
                continue
            span = text[hit.start : hit.end]
            if span != span.strip():
                continue
            facts.append(
                Fact(
                    kind=hit.kind,
                    text=span,
                    value=hit.value,
                    sentence=text,
                    sentence_index=sentence.index,
                    start=sentence.start + hit.start,
                    end=sentence.start + hit.end,
                )
            )
    return tuple(facts)


def sentence_hits(text: str, rules: Rules, reference: datetime.date | None) -> list[Hit]:
    """The facts of one sentence: every rule's candidates, each number claimed at most once."""
    context = Context(rules.lex, text, reference)
    tokens = set(_TOKENS.findall(text.casefold()))
    words = not rules.number_tokens.isdisjoint(tokens)
    suffix = rules.lex.age_stem_suffix
    present = {
        ALWAYS: True,
        DIGIT: _ANY_DIGIT.search(text) is not None,
        MONTH: not rules.month_tokens.isdisjoint(tokens),
        UNIT: not rules.unit_tokens.isdisjoint(tokens),
        STEM: bool(suffix) and suffix in text.casefold(),
    }
    present[NUMBER] = present[DIGIT] or words
    anchors = _number_starts(text, rules) if words else []
    hits: list[Hit] = []
    for rule in rules.items:
        needs = rule.needs
        if not (present[needs] if isinstance(needs, str) else not needs.isdisjoint(tokens)):
            continue
        matches: Iterable[re.Match[str] | None]
        if not words:
            matches = rule.figures_only.finditer(text)
        elif rule.anchored:
            # The full pattern tries number words at every position: slow. Try it only where
            # a number starts.
            matches = (rule.pattern.match(text, anchor) for anchor in anchors)
        else:
            matches = rule.pattern.finditer(text)
        for match in matches:
            if match is None:
                continue
            found = rule.build(match, context)
            if found is None or found.start >= found.end:
                continue
            hits.append(
                Hit(
                    RANK[found.kind],
                    found.start - found.end,
                    found.start,
                    found.end,
                    found.kind,
                    found.value,
                )
            )
    hits.sort(key=lambda h: (h.rank, h.negative_length, h.start))
    # The spans taken so far are disjoint: kept sorted, a new span can only overlap the last one
    # starting at or before it, or the first one starting after it.
    starts: list[int] = []
    ends: list[int] = []
    facts: list[Hit] = []
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start)
        if (index > 0 and ends[index - 1] > hit.start) or (
            index < len(starts) and starts[index] < hit.end
        ):
            continue
        starts.insert(index, hit.start)
        ends.insert(index, hit.end)
        if hit.kind is not None:
            facts.append(hit)
    facts.sort(key=lambda h: (h.start, h.end))
    return facts


def _number_starts(text: str, rules: Rules) -> list[int]:
    """Where a number may start: figures, number words, and up to two words before a scale word
    ("half a million")."""
    starts = {match.start() for match in _DIGIT_RUNS.finditer(text)}
    tokens = list(_TOKENS.finditer(text))
    for i, token in enumerate(tokens):
        word = token.group().casefold()
        if word in rules.number_tokens:
            starts.add(token.start())
            if word in rules.lex.scales or word in rules.lex.multipliers:
                starts.update(tokens[j].start() for j in range(max(0, i - 2), i))
    return sorted(starts)
