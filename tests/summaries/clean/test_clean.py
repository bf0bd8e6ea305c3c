"""Tests for the clean stage as a whole: degenerate input, golden fixtures, properties, data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.clean import clean_text, repair_mojibake
from tests.summaries.clean.conftest import squash

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "article.txt"
SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


# --- degenerate input -------------------------------------------------------------------------


def test_all_boilerplate_gives_no_paragraphs_and_keeps_everything_in_removed() -> None:
    raw = (
        "Advertisement\nWe use cookies to improve your experience.\nAccept all cookies\n"
        "Subscribe to our newsletter\nFacebook Twitter Email\nGetty Images\n"
    )
    doc = clean_text(raw)
    assert doc.paragraphs == ()
    assert doc.title is None
    assert [line.reason for line in doc.removed] == [
        "ad",
        "cookie",
        "cookie",
        "cta",
        "share",
        "credit",
    ]


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\n", "\x00\x01", "\ud800", "\u200b\ufeff", "‚"])
def test_degenerate_input_does_not_raise(raw: str) -> None:
    doc = clean_text(raw, title=raw)
    assert all(paragraph.strip() for paragraph in doc.paragraphs)


# --- golden fixtures --------------------------------------------------------------------------

GOLDEN: dict[str, dict[str, object]] = {
    "en_riverton_buses.txt": {
        "title": "City council votes to make buses free for pensioners",
        "paragraphs": 11,
        "removed": [
            "nav",
            "heading",
            "byline",
            "timestamp",
            "share",
            "share",
            "cookie",
            "caption",
            "player",
            "player",
            "related",
            "related",
            "related",
            "related",
            "cta",
            "credit",
            "credit",
        ],
        "kept": [
            "said Maria Lopez, the city’s transport chief.",
            'Ivanov said: "Every dollar we spend',
            '"Free rides on a bus that never comes are worth nothing," he said.',
            "in its first year… and cut",
            "RIVERTON, March 12 (Reuters) - ",
            "A spokesman for the mayor told Reuters",
        ],
    },
    "en_yorkshire_floods.txt": {
        "title": "£200m flood defence plan for Yorkshire towns after winter of record rain",
        "paragraphs": 9,
        "removed": [
            "cookie",
            "cookie",
            "heading",
            "heading",
            "timestamp",
            "caption",
            "caption",
            "credit",
            "player",
            "caption",
            "related",
            "related",
            "related",
            "related",
            "cta",
        ],
        "kept": [
            "said Amira Khan, the leader of Calderdale council.",
            "Ben Hartley, the 34-year-old owner",
            'Reilly said: "We cannot build walls',
            "brought forward… and says",
        ],
    },
    "ru_novosibirsk_metro.txt": {
        "title": "В Новосибирске открыли две новые станции метро",
        "paragraphs": 10,
        "removed": [
            "nav",
            "heading",
            "timestamp",
            "byline",
            "cookie",
            "share",
            "share",
            "caption",
            "player",
            "player",
            "related",
            "related",
            "related",
            "related",
            "cta",
            "credit",
        ],
        "kept": [
            "», — сказал Дмитрий Волков, глава департамента транспорта мэрии Новосибирска.",
            "Андрей Травников заявил: «Это не последний участок.",
            "», — сказала она.",
            "о задержках… и добились",
            "12 марта 2024 года",
        ],
    },
    "ru_zarechny_bridge.txt": {
        "title": "В Заречном на полгода закроют единственный мост через Сосну",
        "paragraphs": 10,
        "removed": [
            "heading",
            "heading",
            "timestamp",
            "cookie",
            "caption",
            "player",
            "player",
            "related",
            "related",
            "related",
            "ad",
            "cta",
            "cta",
        ],
        "kept": [
            "», — сказала Елена Морозова, глава администрации Заречного.",
            "Николай Белов заявил: «Мы понимаем",
            "почти час… вместо пятнадцати минут",
            "около восьми тысяч человек",
        ],
    },
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_fixture(name: str) -> None:
    expected = GOLDEN[name]
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    doc = clean_text(raw)
    assert doc.title == expected["title"]
    assert [line.reason for line in doc.removed] == expected["removed"]
    assert len(doc.paragraphs) == expected["paragraphs"]
    kept = expected["kept"]
    assert isinstance(kept, list)
    for fragment in kept:
        assert fragment in doc.body, fragment
    assert "‚" not in doc.body  # the mojibake is repaired
    # Every line of the page is accounted for: the title, a paragraph, or a removed line.
    lines = [line for line in repair_mojibake(raw).splitlines() if line.strip()]
    pieces = [doc.title, *doc.paragraphs, *(line.text for line in doc.removed)]
    assert sorted(lines) == sorted(pieces)
    assert all("\n" not in paragraph for paragraph in doc.paragraphs)


def test_every_fixture_is_listed() -> None:
    assert sorted(path.name for path in FIXTURES.glob("*.txt")) == sorted(GOLDEN)


def test_sample_article_cleans_to_a_titled_body() -> None:
    doc = clean_text(SAMPLE.read_text(encoding="utf-8"))
    assert doc.title == "Coastal town switches on Britain's largest community-owned tidal turbine"
    assert len(doc.paragraphs) == 12
    assert {line.reason for line in doc.removed} >= {
        "caption",
        "player",
        "related",
        "cookie",
        "cta",
    }
    assert "agreeing to the plan… after" in doc.body


# --- properties -------------------------------------------------------------------------------


FRAGMENTS = [
    "The council met on Tuesday.",
    "“We will rebuild,” said Maria Lopez, the city’s transport chief.",
    "Read more",
    "Getty Images",
    "By Jane Doe, Reuters",
    "Published 3 hours ago",
    "Advertisement",
    "‚Ķ",
    "‚Äú",
    "¬†",
    "–ü—Ä–∏–≤–µ—Ç",
    "Фото: ТАСС",
    "«Да», — сказал он.",
    "’",
    "well-",
    "known",
    "\u00ad",
    "\u200b",
    "",
    " ",
]
structured_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25
).map(
    lambda parts: "".join(
        part + separator for part, separator in zip(parts, "\n \n\n\r\n" * 25, strict=False)
    )
)


def check_invariants(raw: str) -> None:
    doc = clean_text(raw)
    source = squash(repair_mojibake(raw))
    for paragraph in doc.paragraphs:
        assert paragraph
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph
        assert len(paragraph.splitlines()) == 1
        assert "  " not in paragraph
        assert squash(paragraph) in source
    if doc.title is not None:
        assert "\n" not in doc.title
    # Nothing is lost silently: title, paragraphs and removed lines add up to the whole input.
    pieces = [doc.title or "", *doc.paragraphs, *(line.text for line in doc.removed)]
    assert sum(len(squash(piece)) for piece in pieces) == len(source)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_arbitrary_text(raw: str) -> None:
    check_invariants(raw)


@settings(max_examples=300, deadline=None)
@given(structured_text)
def test_property_page_like_text(raw: str) -> None:
    check_invariants(raw)


# --- real data (read in place, never copied) --------------------------------------------------

DATA_SETS = {
    # one sentence per line; CNN/DM captions are glued in without a full stop and should go
    "cnndm_summeval_realsumm": 0.02,
    "cnndm_pgtest_sample2000": 0.02,  # lower-cased
    "bbc_news_summary": 0.02,  # paragraphs separated by blank lines
}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(DATA_SETS))
def test_real_articles_keep_nearly_every_line(name: str) -> None:
    path = SHARED_DATA / name / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    lines = dropped = 0
    rows = [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row]
    for row in rows:
        doc = clean_text(row["text"], title=row.get("title"))
        # A repeat (a caption or pull quote that repeats a line's words) loses no text.
        dropped += sum(line.reason not in {"title", "repeat"} for line in doc.removed)
        lines += len(doc.paragraphs) + len(doc.removed)
    assert dropped / lines <= DATA_SETS[name]  # the time it takes: `newsbrief eval speed`
