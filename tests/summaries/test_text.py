"""Sentence and word splitting (summaries/text.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summaries.models import PARAGRAPH_SEPARATOR
from summaries.text import TextSplitter, split_sentences


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Gov. Newsom met Dr. Smith at 5 p.m. The next day it rained. He left No. 10 at noon.",
            [
                "Gov. Newsom met Dr. Smith at 5 p.m.",
                "The next day it rained.",
                "He left No. 10 at noon.",
            ],
        ),
        (
            "en",
            "The U.K. and the U.S. signed it on Jan. 3. Officials agreed.",
            ["The U.K. and the U.S. signed it on Jan. 3.", "Officials agreed."],
        ),
        (
            "en",
            "George W. Bush spoke first. Then he left.",
            ["George W. Bush spoke first.", "Then he left."],
        ),
        (
            "ru",
            "Он живёт в г. Москва, ул. Ленина, д. 5. Т. е. всё хорошо. Поэт А. С. Пушкин родился "
            "в 1799 г. в Москве.",
            [
                "Он живёт в г. Москва, ул. Ленина, д. 5.",
                "Т. е. всё хорошо.",
                "Поэт А. С. Пушкин родился в 1799 г. в Москве.",
            ],
        ),
        (
            "fr",
            "M. Dupont est arrivé. Il pleuvait.",
            ["M. Dupont est arrivé.", "Il pleuvait."],
        ),
        (
            "de",
            "Das ist z. B. ein Test. Am 3. Oktober feiern wir.",
            ["Das ist z. B. ein Test.", "Am 3. Oktober feiern wir."],
        ),
    ],
)
def test_abbreviations_and_initials_do_not_end_sentences(
    language: str, text: str, expected: list[str]
) -> None:
    assert list(TextSplitter(language).to_sentences(text)) == expected


@pytest.mark.parametrize(
    ("language", "text", "quoted"),
    [
        (
            "en",
            'She said: "We will not stop. We will fight on." Then she left.',
            'She said: "We will not stop. We will fight on."',
        ),
        (
            "en",
            "“It is true. It is formal,” said Mr. Ogane, the club president. Fans cheered.",
            "“It is true. It is formal,” said Mr. Ogane, the club president.",
        ),
        (
            "ru",
            "«Мы не сдадимся. Никогда», — сказал он. Все ушли.",
            "«Мы не сдадимся. Никогда», — сказал он.",
        ),
        (
            "de",
            "Er sagte: „Wir sind bereit. Wirklich.“ Dann ging er.",
            "Er sagte: „Wir sind bereit. Wirklich.“",
        ),
    ],
)
def test_never_cuts_inside_a_quotation(language: str, text: str, quoted: str) -> None:
    assert TextSplitter(language).to_sentences(text)[0] == quoted


def test_stray_quote_does_not_swallow_the_paragraph() -> None:
    sentence = "This is a fairly ordinary sentence about the city council and its budget."
    text = "The mayor called it an 'honour. " + " ".join([sentence] * 6)
    sentences = TextSplitter("en").to_sentences(text)
    assert len(sentences) >= 6


def test_lone_closing_quote_joins_the_previous_sentence() -> None:
    sentences = TextSplitter("en").to_sentences("He said: 'They want him. ' Then he left.")
    assert all(s.strip() not in {"'", "”"} for s in sentences)


@pytest.mark.parametrize("space", ["\xa0", "\u202f", "\u2009", "\u3000"])
def test_wide_spaces_next_to_a_period_do_not_crash_the_splitter(space: str) -> None:
    # sentencex 1.0.32 panics on "A" + wide space + "." without our guard.
    text = f"It was A{space}. Then{space}it rained.{space}Later it stopped."
    spans = TextSplitter("en").sentence_spans(text)
    assert spans and all(text[a:b].strip() == text[a:b] for a, b in spans)


def test_words_keep_inner_hyphens_and_apostrophes() -> None:
    words = TextSplitter("en").to_words("Chelsea's 22-year-old forward doesn't play, 3.5%!")
    assert words == ("Chelsea's", "22-year-old", "forward", "doesn't", "play", "3", "5")


def test_split_sentences_offsets_point_into_the_body() -> None:
    paragraphs = ["First one. Second one!", "Third paragraph here? Yes."]
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    sentences = split_sentences(paragraphs, "en")
    assert [s.text for s in sentences] == [
        "First one.",
        "Second one!",
        "Third paragraph here?",
        "Yes.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text


def test_empty_and_blank_paragraphs_give_no_sentences() -> None:
    assert split_sentences([], "en") == ()
    assert split_sentences(["   "], "en") == ()


@given(
    st.lists(st.text(max_size=300).map(lambda t: t.replace("\n", " ")), max_size=5),
    st.sampled_from(["en", "ru", "de", "fr", "es", "it", "pt"]),
)
def test_sentences_are_verbatim_slices_of_the_body(paragraphs: list[str], language: str) -> None:
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    for sentence in split_sentences(paragraphs, language):
        assert sentence.text
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
