"""The facts fields of every lexicon: well-formed, consistent, and read by summaries.facts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from summaries.facts import words as facts_words
from summaries.facts.nouns import NOUN_TESTS
from summaries.facts.rules import rules
from summaries.facts.words import DIGITS, facts_language, number_table, unit_table, vocabulary
from summaries.lang import FALLBACK, LEXICONS, Lexicon, lexicon

CODES = sorted(LEXICONS)
WITH_FACTS = [code for code in CODES if LEXICONS[code].number_words]
ISO_DESIGNATORS = {"Y", "M", "W", "D", "H", "MIN", "S"}


def _forms(spec: str) -> list[tuple[str, str]]:
    """(form, value) for every form of a number spec, as written."""
    pairs: list[tuple[str, str]] = []
    for entry in spec.split(","):
        if entry.strip():
            forms, value = entry.strip().rsplit("=", 1)
            pairs.extend((form, value) for form in forms.split("|"))
    return pairs


def test_every_language_has_facts_words() -> None:
    assert WITH_FACTS == CODES


@pytest.mark.parametrize("code", CODES)
def test_twelve_months_each_read_by_facts(code: str) -> None:
    words = LEXICONS[code]
    assert len(words.months) == 12
    assert all(group for group in words.months)
    months = vocabulary(code).months
    assert set(months.values()) == set(range(1, 13))
    for month, group in enumerate(words.months, start=1):
        assert all(months[form.casefold()] == month for form in group)


@pytest.mark.parametrize("code", WITH_FACTS)
def test_number_specs_are_well_formed_and_positive(code: str) -> None:
    words = LEXICONS[code]
    for spec in (words.number_words, words.number_multipliers, words.number_scales):
        seen: dict[str, Decimal] = {}
        for form, value in _forms(spec):
            assert form == form.strip() and form, (code, form)
            number = Decimal(value)
            assert number > 0, (code, form)
            assert seen.setdefault(form.casefold(), number) == number, (code, form)
    assert all(value >= 1000 for value in number_table(words.number_scales).values())
    assert all(value >= 1000 for value in number_table(words.glued_scales).values())
    assert words.abbreviated_scales <= number_table(words.number_scales).keys()
    parts = number_table(words.number_words).keys() | number_table(words.number_multipliers).keys()
    assert words.inner_number_words <= parts


@pytest.mark.parametrize("code", WITH_FACTS)
def test_figures_units_and_currencies(code: str) -> None:
    words = LEXICONS[code]
    assert words.thousands_mark in DIGITS
    for specs in (words.time_units, words.phrase_time_units):
        for plural, designator, multiplier, singular in specs:
            assert designator in ISO_DESIGNATORS
            assert multiplier >= 1
            assert plural.split() or singular.split()
    units = unit_table(words.time_units)
    assert {designator for designator, _, _ in units.values()} >= {"Y", "M", "W", "D"}
    assert all(re.fullmatch(r"[A-Z]{3}", iso) for iso in words.currency_words.values())
    assert all(word == word.casefold() for word in words.currency_words)
    assert words.weak_currency_words <= words.currency_words.keys()
    assert all(unit == unit.casefold() for unit in words.measure_units | words.glued_units)
    assert all(sign != 0 for sign in words.time_directions.values())
    assert all(value > 0 for value in words.age_stems.values())


@pytest.mark.parametrize("code", WITH_FACTS)
def test_dates_and_capitals(code: str) -> None:
    words = LEXICONS[code]
    assert "(?P<d>" in words.date_day
    forms = {form for group in words.months for form in group}
    assert words.dotted_months <= forms
    assert all(word[:1].isupper() for word in words.name_number_exempt)
    assert all(phrase == " ".join(phrase.split()) for phrase in words.month_prepositions)
    assert all(phrase == " ".join(phrase.split()) for phrase in words.year_prepositions)


@pytest.mark.parametrize("code", WITH_FACTS)
def test_every_pattern_compiles(code: str) -> None:
    compiled = rules(code)
    assert compiled.lex.code == code
    assert len(compiled.items) > 15
    for template, sign, needs in LEXICONS[code].relative_times:
        assert sign in (-1, 0, 1)
        assert needs.split()
        assert "(?P<u>" in template


def test_noun_tests_are_for_known_languages() -> None:
    assert NOUN_TESTS.keys() <= LEXICONS.keys()


def test_a_language_without_a_lexicon_is_read_with_english() -> None:
    assert facts_language("zz") == FALLBACK
    assert vocabulary("zz") is vocabulary(FALLBACK)
    assert rules("zz") is rules(FALLBACK)


def test_a_lexicon_without_facts_words_is_read_with_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bare = Lexicon(code="xx", name="none")
    monkeypatch.setattr(
        facts_words, "lexicon", lambda code: bare if code == "xx" else lexicon(code)
    )
    assert facts_language("xx") == FALLBACK
    assert facts_words.vocabulary("xx") is facts_words.vocabulary(FALLBACK)
