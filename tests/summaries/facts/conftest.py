"""Helpers for the fact tests: facts of a text, checked to be verbatim and disjoint."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

from summaries.facts import extract_facts
from summaries.models import PARAGRAPH_SEPARATOR, Fact, FactKind
from summaries.text import split_sentences

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
LANGUAGES = ("en", "ru", "de", "fr", "es", "it", "pt")

DATE = FactKind.DATE
AGE = FactKind.AGE
DURATION = FactKind.DURATION
RELATIVE = FactKind.RELATIVE_TIME
MONEY = FactKind.MONEY
PERCENT = FactKind.PERCENT
QUANTITY = FactKind.QUANTITY
COUNT = FactKind.COUNT


def facts_of(
    text: str, language: str = "en", reference_date: datetime.date | None = None
) -> tuple[Fact, ...]:
    """The facts of ``text`` (paragraphs split on blank lines), checked against the body."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    sentences = split_sentences(paragraphs, language)
    facts = extract_facts(sentences, language, reference_date=reference_date)
    assert_verbatim(body, facts)
    return facts


def assert_verbatim(body: str, facts: tuple[Fact, ...]) -> None:
    """The invariants every fact keeps: verbatim span, inside its sentence, no shared number."""
    for fact in facts:
        assert body[fact.start : fact.end] == fact.text
        assert fact.text in fact.sentence
        assert fact.text == fact.text.strip()
    spans = sorted((fact.start, fact.end) for fact in facts)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "two facts claim the same characters"


def the_fact(text: str, span: str, language: str = "en") -> Fact:
    facts = facts_of(text, language)
    found = [fact for fact in facts if fact.text == span]
    assert found, f"no fact {span!r} in {[(f.kind.value, f.text) for f in facts]}"
    return found[0]
