"""Tests for step 5 of the clean stage: the given title, or a headline first line."""

from __future__ import annotations

import pytest

from summaries.clean import clean_text
from tests.summaries.clean.conftest import PROSE, reasons

# --- title ------------------------------------------------------------------------------------


def test_a_given_title_is_used_and_its_copy_dropped_from_the_body() -> None:
    doc = clean_text(
        "Ad sales boost profit\n\nQuarterly profits jumped 76% in the three months to December.",
        title="  Ad sales boost\u00a0profit ",
    )
    assert doc.title == "Ad sales boost profit"
    assert doc.paragraphs == ("Quarterly profits jumped 76% in the three months to December.",)
    assert reasons(doc) == [("title", "Ad sales boost profit")]


def test_a_given_title_with_mojibake_is_repaired() -> None:
    assert clean_text("Body sentence here.", title="Mayor‚Äôs plan").title == "Mayor’s plan"


def test_a_given_title_does_not_remove_a_different_first_line() -> None:
    doc = clean_text("Profits jumped in the fourth quarter.", title="Ad sales boost profit")
    assert doc.paragraphs == ("Profits jumped in the fourth quarter.",)


def test_a_headline_first_line_becomes_the_title() -> None:
    doc = clean_text(
        "Council votes to make buses free\nThe council voted on Tuesday. It was close."
    )
    assert doc.title == "Council votes to make buses free"
    assert doc.paragraphs == ("The council voted on Tuesday. It was close.",)
    assert doc.removed == ()


def test_a_question_headline_becomes_the_title() -> None:
    doc = clean_text("Why is the Fed raising rates again?\nThe central bank raised rates.")
    assert doc.title == "Why is the Fed raising rates again?"


def test_a_section_label_before_the_headline_is_skipped() -> None:
    doc = clean_text("World\nCouncil votes to make buses free\nThe council voted on Tuesday.")
    assert doc.title == "Council votes to make buses free"
    assert reasons(doc) == [("heading", "World")]


@pytest.mark.parametrize(
    "first",
    [
        "The council voted on Tuesday to make buses free.",  # a sentence
        '"Do you have it in your heart? How much do you hate to lose?"',  # a quoted lead
        "Council votes to make buses free for all residents of the city who are over the age "
        "of sixty five and live within the city limits",  # too long for a headline
    ],
)
def test_lines_that_are_not_headlines_do_not_become_the_title(first: str) -> None:
    doc = clean_text(first + "\nThe vote passed by nine votes to four.")
    assert doc.title is None


def test_a_lower_cased_question_is_not_a_title() -> None:
    # In lower-cased text a headline question and a lead question look the same: keep it.
    doc = clean_text("ever wondered if your mood was decided at birth?\nscientists say no.")
    assert doc.title is None


@pytest.mark.parametrize(
    "lead",
    [
        "The city council approved the 2025 budget on Monday after a long debate.[1]",
        "The city council approved the 2025 budget on Monday after a long debate.¹",
        "The city council approved the 2025 budget on Monday after a long debate. 🎉",
        "The city council approved the 2025 budget on Monday after a long debate. #budget",
        "The city council approved the 2025 budget on Monday after a long debate. @CityNews ➡️",
        "“We approved the budget after a long debate,” the mayor said.*",
    ],
)
def test_a_sentence_with_trailing_markers_is_neither_title_nor_dropped(lead: str) -> None:
    doc = clean_text(f"{lead}\n{PROSE}")
    assert doc.title is None
    assert doc.paragraphs[0] == lead  # kept verbatim, markers included
    assert doc.removed == ()


@pytest.mark.parametrize("marker", [" 🎉", " #budget", "[1]", " ™"])
def test_a_headline_with_trailing_markers_is_still_a_title(marker: str) -> None:
    doc = clean_text(f"Council votes to make buses free{marker}\n{PROSE}")
    assert doc.title == f"Council votes to make buses free{marker}"


def test_a_lone_headline_is_not_a_title_without_a_body() -> None:
    doc = clean_text("Council votes to make buses free")
    assert doc.title is None
    assert doc.paragraphs == ("Council votes to make buses free",)
