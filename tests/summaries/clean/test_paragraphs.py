"""Tests for step 3 of the clean stage: paragraphs, hard wrap, stray closing quotes."""

from __future__ import annotations

import textwrap

import pytest

from summaries.clean import clean_text

# --- one paragraph per line -------------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_lines_are_stripped() -> None:
    raw = "  First paragraph, one line.  \n\n\n   Second paragraph here.\n \n"
    assert clean_text(raw).paragraphs == ("First paragraph, one line.", "Second paragraph here.")


def test_one_paragraph_per_line_is_kept_as_is() -> None:
    lines = [
        "Chelsea have made an offer for the forward, according to the club president.",
        "The Japan international has played for the side since 2013.",
        "He would join the Dutch partner club on loan next season.",
        "The club denied that the offer was linked to a sponsorship deal.",
        "The player graduated from university two weeks ago.",
    ]
    assert clean_text("\n".join(lines)).paragraphs == tuple(lines)


# --- hard wrap --------------------------------------------------------------------------------

WRAPPED_PARAGRAPHS = [
    "The government has announced a new programme of flood defences for towns along the "
    "rivers, after a winter in which parts of the county recorded far more rain than the "
    "long-term average for the season.",
    "The scheme will fund new walls, upstream storage basins and the planting of trees on the "
    "moors above the valleys. Work is due to begin in the autumn and to finish within five years.",
    "Residents said the announcement came late but was welcome, and that they would hold the "
    "council to its promise of public meetings in each of the three towns before the summer.",
]


@pytest.mark.parametrize("width", [60, 72, 78])
@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_hard_wrapped_text_is_rejoined_into_paragraphs(width: int, separator: str) -> None:
    raw = separator.join(textwrap.fill(paragraph, width) for paragraph in WRAPPED_PARAGRAPHS)
    doc = clean_text(raw)
    if separator == "\n\n":
        assert doc.paragraphs == tuple(WRAPPED_PARAGRAPHS)
    else:  # without blank lines, the short last line of each paragraph ends it
        assert " ".join(doc.paragraphs) == " ".join(WRAPPED_PARAGRAPHS)
    assert all("\n" not in paragraph for paragraph in doc.paragraphs)


def test_hard_wrap_keeps_a_hyphen_broken_at_the_line_end() -> None:
    raw = (
        "The council said on Tuesday that the town's old and well-\n"
        "known bridge would close for repairs in the spring and\n"
        "that drivers should expect long delays on the ring road while the work goes on\n"
        "through most of the summer months, which will affect thousands of commuters who\n"
        "cross the river every day.\n"
    )
    (paragraph,) = clean_text(raw).paragraphs
    assert "old and well-known bridge would close" in paragraph


def test_a_long_hard_wrapped_paragraph_is_unwrapped() -> None:
    # ~20 ms (it was ~6 s when each join rescanned); times are measured by eval speed, not here
    prose = ("The council approved the budget on Monday after a long well-known debate. " * 1300)[
        :95_000
    ]
    raw = "\n".join(textwrap.wrap(prose, 24, break_on_hyphens=False))
    (paragraph,) = clean_text(raw).paragraphs
    assert paragraph == prose.strip()


def test_many_stray_closing_quotes_are_glued() -> None:
    raw = "He said it was over.\n" + "’\n" * 20_000 + "The club confirmed the deal."
    doc = clean_text(raw)
    assert doc.paragraphs[0] == "He said it was over." + " ’" * 20_000


def test_a_list_of_short_headlines_is_not_taken_for_wrapped_text() -> None:
    raw = (
        "The council voted on Tuesday to approve the plan, which will cost the city about "
        "two million dollars a year.\n\n"
        "Read more\nTransit agency warns of deficit\nWhy older voters decide city elections\n"
        "Bus drivers vote to strike over pay\nNew tram line opens ahead of schedule\n\n"
        "The plan takes effect in July."
    )
    doc = clean_text(raw)
    assert [line.reason for line in doc.removed] == ["related"] * 5
    assert len(doc.paragraphs) == 2


# --- stray closing quotes ---------------------------------------------------------------------


def test_a_closing_quote_split_onto_its_own_line_goes_back_to_its_sentence() -> None:
    doc = clean_text("He said: ‘ it was the best day of my life.\n’\nThe club confirmed the deal.")
    assert doc.paragraphs == (
        "He said: ‘ it was the best day of my life. ’",
        "The club confirmed the deal.",
    )
    assert doc.removed == ()
