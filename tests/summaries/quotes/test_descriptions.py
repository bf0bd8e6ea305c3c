"""Tests for a speaker the article describes but does not name ("a friend said", "the letter
reads"): the description, verbatim, is the speaker, and never displaces a name.

Every sentence here is written for the test (none is taken from a data set).
"""

from __future__ import annotations

from summaries.models import PARAGRAPH_SEPARATOR, Quote
from summaries.quotes import extract_quotes, key_quotes
from summaries.quotes.names import _description
from summaries.text import split_sentences


def extract(*paragraphs: str, language: str = "en") -> tuple[Quote, ...]:
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    quotes = extract_quotes(body, split_sentences(paragraphs, language), language)
    for quote in quotes:
        assert body[quote.start : quote.end] == quote.text
        assert quote.speaker is None or quote.speaker in body
        assert quote.role is None or quote.role in body
    return quotes


def who(*paragraphs: str, language: str = "en") -> list[tuple[str | None, str | None, bool]]:
    return [(q.speaker, q.role, q.described) for q in extract(*paragraphs, language=language)]


def test_a_role_no_one_is_named_for_is_the_speaker() -> None:
    assert who(
        "The mill closed in March after ninety years.",
        "“He never missed a shift, not once in forty years,” a friend of the family said.",
    ) == [("a friend of the family", None, True)]


def test_a_document_or_a_relative_is_described_by_the_article_words() -> None:
    assert who(
        "Parents wrote to the school board last week.",
        "“Our children deserve a library that opens on Saturdays,” the letter reads.",
    ) == [("the letter", None, True)]
    assert who(
        "“He always wanted to fly, ever since he could walk,” his mother recalled.",
    ) == [("his mother", None, True)]
    assert who(
        "“Every family in this valley will pay more for water,” the council’s report warned.",
    ) == [("the council’s report", None, True)]


def test_a_description_ends_before_a_verb_or_an_adverb() -> None:
    assert who("“We will not sell the farm to anyone,” my father often said.") == [
        ("my father", None, True)
    ]
    assert _description("” and a friend of the family, who") == "a friend of the family"
    assert _description("a host was fired over") == "a host"


def test_a_name_before_the_quote_wins_over_a_description_after_it() -> None:
    assert who(
        "Anna Berg said the bridge “will never be finished on time,” a source recalled.",
    ) == [("Anna Berg", None, False)]


def test_a_name_written_with_a_no_break_space_stays_the_speaker_of_a_split_quote() -> None:
    found = who(
        "Former Mayor Tom\xa0Hale said the vote reflects the mood of the town.",
        "“People are tired of waiting for the bridge,” Hale said. “They want a date, and they "
        "want it kept.”",
    )
    # (the first as its attribution writes it, the second as the resolved name is written)
    assert [speaker for speaker, _, _ in found] == ["Hale", "Tom\xa0Hale"]


def test_a_capitalised_word_opening_a_sentence_is_no_description() -> None:
    found = who(
        "Holding signs calling the mayor “the worst thing to happen to this town,” the crowd "
        "waited in the rain.",
        "The police were holding the line at the bridge.",
    )
    assert all(speaker != "Holding" for speaker, _, _ in found)


def test_a_russian_unnamed_source_is_the_described_speaker() -> None:
    assert who(
        "Компания не ответила на запрос редакции.",
        "«Сделка будет закрыта до конца года», — сказал собеседник издания.",
        language="ru",
    ) == [("собеседник издания", None, True)]


def test_a_named_speaker_ranks_above_a_described_one_in_key_quotes() -> None:
    quotes = extract(
        "“The new school will open in September, as promised to parents,” a source said.",
        "“The new school will open in September, on time and on budget,” Anna Berg said.",
    )
    assert [q.described for q in quotes] == [True, False]
    [shown] = key_quotes(quotes, 1)
    assert shown.speaker == "Anna Berg"
