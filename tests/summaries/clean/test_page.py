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
