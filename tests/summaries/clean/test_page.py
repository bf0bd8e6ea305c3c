"""Tests for a pasted page: the article block, its headline, and the page set aside with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from summaries.clean import clean_text
from summaries.clean.page import split_site_suffix
from summaries.keywords import extract_keywords
from summaries.language import profile
from summaries.pipeline import summarize
from summaries.text import split_sentences

PASTES = Path(__file__).parents[2] / "fixtures" / "pastes"

HEADLINE = (
    "Harbour town votes to close its old swing bridge after crack found, says it is "
    "‘a sad day’ – and fears for tourism"
)
ARTICLE = (
    "The council of Port Elmstead voted on Tuesday to close the town's 120-year-old swing "
    "bridge after engineers found a crack in its main girder.",
    "The bridge carries about 4,000 cars a day between the harbour and the old town, and its "
    "closure will add 20 minutes to many journeys.",
    "“It is a sad day for all of us,” said the mayor, Helen Marsh, after the vote. “But nobody "
    "should cross a bridge we know is unsafe.”",
    "Engineers said repairs would cost at least £3m and take two years.",
)


def whole_page() -> str:
    return (PASTES / "whole_page.txt").read_text(encoding="utf-8")


def test_a_whole_page_keeps_only_the_article_and_its_headline() -> None:
    doc = clean_text(whole_page())
    assert doc.title == (
        "Harbour town votes to close its old swing bridge after engineers find crack"
    )
    assert doc.paragraphs[0].startswith("The council of Port Elmstead voted on Tuesday")
    assert doc.paragraphs[-1].startswith("The council will ask the government for help")
    assert len(doc.paragraphs) == 7
    removed = {line.text: line.reason for line in doc.removed}
    assert removed["Home"] == "nav"
    assert removed["Sport"] == "menu"
    assert removed["Lifeboat crew rescues two kayakers off Gull Point"] == "related"
    assert removed["Terms and conditions"] == "menu"
    assert removed["By Jane Roe"] == "byline"
    assert removed[
        "I have crossed that bridge every day for forty years and I will miss it terribly, "
        "but safety first."
    ] == ("comment")


def test_nothing_of_the_page_is_lost_only_set_aside() -> None:
    text = whole_page()
    doc = clean_text(text)
    kept = [*doc.paragraphs, *(line.text for line in doc.removed)]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title_line = next(line for line in lines if line.startswith("Harbour town votes"))
    assert sorted([*kept, title_line]) == sorted(lines)


def test_a_pasted_page_summary_quotes_and_facts_are_the_articles() -> None:
    summary = summarize(whole_page())
    doc = clean_text(whole_page())
    body = "\n".join(doc.paragraphs)
    assert summary.title == doc.title
    assert all(sentence.text in body for sentence in summary.sentences)
    assert {quote.speaker for quote in summary.quotes} <= {"Helen Marsh", "Tom Hale"}
    assert all(fact.sentence in body for fact in summary.facts)
    assert not any("forty years" in quote.text for quote in summary.quotes)


def test_a_clean_paste_reads_as_before() -> None:
    doc = clean_text(
        "Council votes to make buses free\n\nThe council voted on Tuesday. It was close."
    )
    assert doc.title == "Council votes to make buses free"
    assert doc.paragraphs == ("The council voted on Tuesday. It was close.",)


def test_a_headline_with_a_section_suffix_is_the_title_without_it() -> None:
    doc = clean_text(HEADLINE + " | world news\n\n" + "\n\n".join(ARTICLE))
    assert doc.title == HEADLINE
    assert doc.paragraphs == ARTICLE


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Chiquita to buy Fyffes - BBC News", "Chiquita to buy Fyffes"),
        ("Chiquita to buy Fyffes | Business | The Guardian", "Chiquita to buy Fyffes"),
        (
            "Diplomat resigns – and fears for his safety",
            "Diplomat resigns – and fears for his safety",
        ),
        ("Minister quits over budget — Meduza", "Minister quits over budget"),
        ("Plain headline without a suffix", "Plain headline without a suffix"),
    ],
)
def test_split_site_suffix(line: str, expected: str) -> None:
    assert split_site_suffix(line) == expected


def test_a_one_paragraph_article_with_an_inline_credit_is_summarized() -> None:
    text = HEADLINE + "\n\n" + " ".join(ARTICLE) + " Photograph: Sam Lee/Elmstead Gazette"
    summary = summarize(text)
    assert summary.title == HEADLINE
    assert len(summary.sentences) >= 2


def test_a_pull_quote_repeating_the_article_is_set_aside() -> None:
    pull_quote = "“Nobody should cross a bridge we know is unsafe.”"
    doc = clean_text("\n\n".join([*ARTICLE[:3], pull_quote, ARTICLE[3]]))
    assert (pull_quote, "repeat") in [(line.text, line.reason) for line in doc.removed]
    assert pull_quote not in doc.paragraphs


def test_a_read_more_lead_in_line_is_set_aside() -> None:
    lead_in = "Read more about the war in Ukraine:"
    doc = clean_text("\n\n".join([*ARTICLE[:2], lead_in, *ARTICLE[2:]]))
    assert (lead_in, "related") in [(line.text, line.reason) for line in doc.removed]


def test_bullet_paragraphs_split_into_sentences() -> None:
    items = (
        "• The council will run a free shuttle bus every 15 minutes. Ferries will run until "
        "midnight on weekdays. Businesses near the bridge can apply for a rates holiday.",
    )
    sentences = [s.text for s in split_sentences(items, "en")]
    assert sentences == [
        "The council will run a free shuttle bus every 15 minutes.",
        "Ferries will run until midnight on weekdays.",
        "Businesses near the bridge can apply for a rates holiday.",
    ]
    inline = ("• Buses run every 15 minutes. • Ferries run until midnight.",)
    assert [s.text for s in split_sentences(inline, "en")] == [
        "Buses run every 15 minutes.",
        "Ferries run until midnight.",
    ]
    assert [s.text for s in split_sentences(("Prices • rose.",), "en")] == ["Prices • rose."]


def test_contractions_are_not_keywords() -> None:
    text = (
        "I’m going to miss the bridge, said one resident. I’m sure many others will too.",
        "I’m told the bridge will close. We’re sad. The bridge is old and the bridge is unsafe.",
    )
    keywords = extract_keywords(split_sentences(text, "en"), profile("en"))
    assert "bridge" in keywords
    assert not any("’" in keyword or "'" in keyword for keyword in keywords)


LEAD = (
    "The council of Port Elmstead voted on Tuesday to close the town's old swing bridge after "
    "engineers found a crack in its main girder."
)
MORE = (
    "The bridge carries about 4,000 cars a day between the harbour and the old town, and its "
    "closure will add 20 minutes to many journeys across the estuary.",
    "Engineers told the council that repairs to the swing bridge would cost at least £3m and "
    "take two years, and that the girder could fail without warning.",
    "Council leaders said the town would run a free shuttle bus across the estuary every 15 "
    "minutes while the bridge is closed.",
)
MENU = ("Home", "News", "Sport", "Business", "Opinion", "Culture", "Travel")


def page(*header: str, tail: tuple[str, ...] = ()) -> str:
    return "\n".join([*MENU, *header, LEAD, *MORE, *tail, *MENU])


@pytest.mark.parametrize(
    "dateline",
    [
        "Updated on: March 4, 2025 / 10:07 AM / Elmstead Gazette",
        "Jane Roe @janeroe",
        "ELMSTEAD, England",
        "By Jane Roe on Tuesday, March 4th, 2025 at 11:04 a.m.",
    ],
)
def test_a_standfirst_above_the_dateline_is_not_the_article(dateline: str) -> None:
    standfirst = "Engineers warn the crossing is unsafe, and the council promises a shuttle bus."
    doc = clean_text(page("Harbour town votes to close its old swing bridge", standfirst, dateline))
    assert doc.title == "Harbour town votes to close its old swing bridge"
    assert doc.paragraphs[0] == LEAD
    assert (standfirst, "standfirst") in [(line.text, line.reason) for line in doc.removed]


def test_the_headline_is_above_the_byline_not_a_teaser_below_it() -> None:
    doc = clean_text(
        page(
            "Harbour town votes to close its old swing bridge",
            "By Jane Roe",
            "Bridge closure: what it means for the harbour and the old town",
        )
    )
    assert doc.title == "Harbour town votes to close its old swing bridge"


def test_the_lead_pictures_caption_is_not_the_article() -> None:
    caption = "Cars queue to cross the swing bridge into the old town on Monday evening."
    doc = clean_text(
        page("Harbour town votes to close its old swing bridge", caption, "Photo: Sam Lee")
    )
    assert doc.paragraphs[0] == LEAD
    assert caption not in doc.paragraphs


@pytest.mark.parametrize(
    "heading",
    ["Comments (12)", "3 thoughts on “Harbour town votes”", "Sources", "About the author"],
)
def test_what_follows_a_closing_heading_is_not_the_article(heading: str) -> None:
    after = "I have crossed that bridge every day for forty years and I will miss it terribly."
    doc = clean_text(
        page("Harbour town votes to close its old swing bridge", tail=(heading, after))
    )
    assert doc.paragraphs == (LEAD, *MORE)
    assert after in [line.text for line in doc.removed]


def test_a_call_to_support_the_site_is_set_aside() -> None:
    pitch = "Do you rely on our reporting? Click here to support it."
    doc = clean_text("\n\n".join([LEAD, pitch, *MORE]))
    assert (pitch, "cta") in [(line.text, line.reason) for line in doc.removed]


def test_a_glued_media_caption_label_is_a_caption() -> None:
    doc = clean_text("\n\n".join([LEAD, "Media captionWho runs the ferry?", *MORE]))
    assert ("Media captionWho runs the ferry?", "caption") in [
        (line.text, line.reason) for line in doc.removed
    ]


def test_a_list_announced_by_a_colon_is_the_articles() -> None:
    items = ("England (Group A): 10th appearance", "Wales (Group E): Second appearance")
    tail = ("These are the teams that qualified on Tuesday:", *items)
    doc = clean_text(page("Harbour town votes to close its old swing bridge", tail=tail))
    assert doc.paragraphs[-2:] == items
