"""The lexicons' words for the text, keywords and clean stages, and how the lexicons are found."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import summaries.lang
from summaries.lang import LEXICONS, Lexicon, lexicon

LANGUAGES = ("en", "ru", "de", "fr", "es", "it", "pt")
# Written with an inner dot and none at the end (Italian "signora"); kept as it always was.
NO_FINAL_DOT = frozenset({"sig.ra"})

# Fields of plain words or phrases: the stage escapes them, so they hold no regex syntax.
PHRASE_FIELDS = (
    "caption_labels",
    "credit_labels",
    "bracket_credit_labels",
    "credit_sources",
    "copyright_words",
    "rights_reserved",
    "player_labels",
    "consent_buttons",
    "nav_labels",
    "share_words",
    "related_labels",
    "related_title_labels",
    "related_openers",
    "byline_openers",
    "byline_labels",
    "number_suffixes",
    "footnote_notes",
    "footnote_labels",
)
# Fields of regex alternatives in which a space stands for any whitespace.
PATTERN_FIELDS = (
    "caption_openers",
    "third_party_notes",
    "reporting_credits",
    "player_notices",
    "cta_openers",
    "cta_pitches",
    "cookie_banners",
    "ad_markers",
    "related_headings",
)
LOWER_CASE_SETS = (
    "function_words",
    "byline_connectors",
    "timestamp_words",
    "timestamp_anchors",
    "timestamp_excluded_forms",
    "timestamp_weak_forms",
    "keyword_noise",
    "name_particles",
    "abbreviations",
    "name_abbreviations",
)
HINT_FIELDS = ("third_party_hints", "copyright_hints", "cta_pitch_hints")


def entries() -> Iterator[tuple[str, Lexicon]]:
    return iter(LEXICONS.items())


def calendar_forms(entry: Lexicon) -> set[str]:
    return {form.lower() for group in (*entry.months, *entry.weekdays) for form in group}


def test_discovery_finds_every_language_english_first() -> None:
    assert set(LEXICONS) == set(LANGUAGES)
    assert next(iter(LEXICONS)) == "en"
    assert all(code == entry.code for code, entry in entries())


@pytest.mark.parametrize("code", ["xx", "", None])
def test_a_language_without_a_lexicon_reads_english(code: str | None) -> None:
    assert lexicon(code) is LEXICONS["en"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_language_reads_its_own_lexicon(code: str) -> None:
    assert lexicon(code).code == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_months_and_weekdays(code: str) -> None:
    entry = LEXICONS[code]
    assert len(entry.months) == 12
    assert len(entry.weekdays) == 7
    assert all(group and all(form.strip() for form in group) for group in entry.months)
    assert all(group and all(form.strip() for form in group) for group in entry.weekdays)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_abbreviations(code: str) -> None:
    assert LEXICONS[code].abbreviations


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_abbreviations_are_lower_case_and_end_with_a_dot(code: str, entry: Lexicon) -> None:
    for abbreviation in entry.abbreviations:
        assert abbreviation == abbreviation.lower(), (code, abbreviation)
        assert abbreviation == abbreviation.strip() and " " not in abbreviation
        assert abbreviation.endswith(".") or abbreviation in NO_FINAL_DOT, (code, abbreviation)


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_name_abbreviations_are_abbreviations_of_their_language(code: str, entry: Lexicon) -> None:
    assert entry.name_abbreviations <= entry.abbreviations, code


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_word_sets_are_lower_case(code: str, entry: Lexicon) -> None:
    for name in LOWER_CASE_SETS:
        for word in getattr(entry, name):
            assert word == word.lower() and word == " ".join(word.split()), (code, name, word)


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_name_particles_are_one_or_two_words(code: str, entry: Lexicon) -> None:
    assert all(1 <= len(particle.split()) <= 2 for particle in entry.name_particles), code


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_phrase_fields_hold_no_regex(code: str, entry: Lexicon) -> None:
    for name in PHRASE_FIELDS:
        for phrase in getattr(entry, name):
            assert phrase == " ".join(phrase.split()) and phrase, (code, name, phrase)
            assert not re.search(r"[\\()\[\]{}|?*+^$]", phrase), (code, name, phrase)


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_pattern_fields_compile(code: str, entry: Lexicon) -> None:
    for name in PATTERN_FIELDS:
        for pattern in getattr(entry, name):
            assert pattern == pattern.strip() and "  " not in pattern, (code, name, pattern)
            re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_hints_are_lower_case(code: str, entry: Lexicon) -> None:
    for name in HINT_FIELDS:
        assert all(hint and hint == hint.lower() for hint in getattr(entry, name)), (code, name)


@pytest.mark.parametrize(("code", "entry"), list(entries()))
def test_timestamp_exceptions_are_month_or_weekday_forms(code: str, entry: Lexicon) -> None:
    forms = calendar_forms(entry)
    assert entry.timestamp_excluded_forms <= forms, code
    assert entry.timestamp_weak_forms <= forms, code


def test_the_clean_stage_reads_month_and_weekday_names_from_the_lexicons() -> None:
    from summaries.clean import boilerplate

    for entry in LEXICONS.values():
        if not entry.timestamp_words:
            continue
        for group in (*entry.months, *entry.weekdays):
            name = group[0].lower()
            assert name in boilerplate._DATE_WORDS, (entry.code, name)
            assert name in boilerplate._DATE_ANCHORS or name in entry.timestamp_weak_forms


def test_the_text_stage_reads_the_union_of_name_abbreviations() -> None:
    from summaries import text

    assert frozenset().union(*(e.name_abbreviations for e in LEXICONS.values())) == text._TITLES
    assert {code: text._ABBREVIATIONS[code] for code in LEXICONS} == {
        code: entry.abbreviations for code, entry in entries()
    }


def _discover_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Lexicon]:
    monkeypatch.setattr(summaries.lang, "__path__", [str(folder)])
    importlib.invalidate_caches()
    try:
        return summaries.lang._discover()
    finally:
        for name in [name for name in sys.modules if name.startswith("summaries.lang.x")]:
            del sys.modules[name]


LEXICON_MODULE = (
    "from summaries.lang.lexicon import Lexicon\n\nLEXICON = Lexicon(code={code!r}, name='test')\n"
)


def test_a_module_whose_lexicon_code_is_not_its_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "xq.py").write_text(LEXICON_MODULE.format(code="xz"), encoding="utf-8")
    with pytest.raises(ImportError, match="xq"):
        _discover_in(tmp_path, monkeypatch)


def test_a_two_letter_module_without_a_lexicon_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "xw.py").write_text("WORDS = ()\n", encoding="utf-8")
    with pytest.raises(ImportError, match="xw"):
        _discover_in(tmp_path, monkeypatch)


def test_a_matching_module_is_found_and_other_modules_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "xy.py").write_text(LEXICON_MODULE.format(code="xy"), encoding="utf-8")
    (tmp_path / "xhelpers.py").write_text("raise RuntimeError('never imported')\n")
    found = _discover_in(tmp_path, monkeypatch)
    assert list(found) == ["xy"]
    assert found["xy"].name == "test"
