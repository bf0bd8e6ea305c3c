"""The words summaries.quotes reads from every lexicon: present, well-formed, not contradictory."""

from __future__ import annotations

import re

import pytest

from summaries.lang import LEXICONS
from summaries.quotes.grammar import _grammar

LANGUAGES = sorted(LEXICONS)

# Fields read as lower-case words (the stage lower-cases what it looks up).
LOWER_CASE_FIELDS = (
    "speech_verbs",
    "speech_verb_stems",
    "speech_participles",
    "object_speech_verbs",
    "speech_auxiliaries",
    "as_words",
    "complementizers",
    "compound_past_clitics",
    "compound_past_auxiliaries",
    "attribution_adverbs",
    "verb_second_openers",
    "clause_conjunctions",
    "name_connectors",
    "person_titles",
    "title_modifiers",
    "title_heads",
    "organisation_words",
    "role_nouns",
    "group_nouns",
    "role_determiners",
    "role_prepositions",
    "role_leading_junk",
    "not_role_openers",
    "anaphor_nouns",
    "media_names",
    "audience_words",
    "first_names_m",
    "first_names_f",
    "title_small_words",
)
# Fields holding phrases: words separated by single spaces, no regex syntax.
PHRASE_FIELDS = (
    "according_to",
    "attribution_adverbs",
    "name_connectors",
    "compound_past_clitics",
    "compound_past_auxiliaries",
)


def every(field: str) -> frozenset[str]:
    return frozenset(word for entry in LEXICONS.values() for word in getattr(entry, field))


def first_names() -> frozenset[str]:
    return every("first_names_m") | every("first_names_f")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_its_attribution_words(code: str) -> None:
    entry = LEXICONS[code]
    assert entry.speech_verbs
    assert entry.subject_pronouns
    assert entry.according_to
    assert entry.attribution_adverbs
    assert entry.name_stop_caps
    assert entry.person_titles
    assert entry.honorifics


def test_only_russian_reads_its_past_tense_from_stems() -> None:
    assert [code for code in LANGUAGES if LEXICONS[code].speech_verb_stems] == ["ru"]
    assert LEXICONS["ru"].speech_participles


@pytest.mark.parametrize("code", LANGUAGES)
def test_honorifics_tell_m_f_or_nothing(code: str) -> None:
    for honorific, gender in LEXICONS[code].honorifics.items():
        assert gender in {"m", "f", None}, honorific
        assert honorific == honorific.lower()
        assert "." not in honorific
        assert " " not in honorific


def test_an_honorific_tells_the_same_gender_in_every_language() -> None:
    seen: dict[str, str | None] = {}
    for entry in LEXICONS.values():
        for honorific, gender in entry.honorifics.items():
            assert seen.setdefault(honorific, gender) == gender, (entry.code, honorific)


@pytest.mark.parametrize("code", LANGUAGES)
def test_pronouns_tell_a_gender_or_a_number(code: str) -> None:
    for pronoun, gender in LEXICONS[code].subject_pronouns.items():
        assert gender in {"m", "f", "p", "n"}, pronoun
        assert pronoun == pronoun.lower()


@pytest.mark.parametrize("field", LOWER_CASE_FIELDS)
def test_word_lists_are_lower_case(field: str) -> None:
    assert [word for word in every(field) if word != word.lower()] == []


def test_stop_words_and_title_abbreviations_are_capitalised_without_a_dot() -> None:
    for word in every("name_stop_caps") | every("title_abbreviations"):
        assert word[:1].isupper(), word
    for word in every("title_abbreviations") | every("clause_abbreviations"):
        assert "." not in word, word


def test_clause_abbreviations_are_title_abbreviations() -> None:
    assert every("clause_abbreviations") <= every("title_abbreviations")


@pytest.mark.parametrize("field", PHRASE_FIELDS)
def test_phrases_are_plain_words_separated_by_single_spaces(field: str) -> None:
    for phrase in every(field):
        assert phrase == " ".join(phrase.split()), phrase
        assert all(re.fullmatch(r"[\w'-]+", word) for word in phrase.split()), phrase


def test_no_first_name_is_both_male_and_female() -> None:
    assert every("first_names_m") & every("first_names_f") == frozenset()


def test_a_first_name_is_no_stop_word_title_or_organisation() -> None:
    stop_words = {word.lower() for word in every("name_stop_caps")}
    assert first_names() & stop_words == frozenset()
    assert first_names() & every("person_titles") == frozenset()
    assert first_names() & every("organisation_words") == frozenset()


def test_people_are_not_organisations() -> None:
    people = every("role_nouns") | every("group_nouns") | every("person_titles")
    assert people & every("organisation_words") == frozenset()


def test_a_speech_verb_is_no_pronoun() -> None:
    pronouns = {pronoun for entry in LEXICONS.values() for pronoun in entry.subject_pronouns}
    assert every("speech_verbs") & pronouns == frozenset()


def test_no_adverb_starts_another_languages_adverb() -> None:
    """The stage joins every lexicon's adverbs in lexicon order: that is safe only so."""
    owner = {word: entry.code for entry in LEXICONS.values() for word in entry.attribution_adverbs}
    clashes = [
        (short, long)
        for short in owner
        for long in owner
        if short != long and owner[short] != owner[long] and long.lower().startswith(short.lower())
    ]
    assert clashes == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_with_quote_words_gets_its_own_patterns(code: str) -> None:
    assert _grammar(code).language == code


def test_a_language_without_a_lexicon_is_read_as_english() -> None:
    assert _grammar("xx").language == "en"
