"""The whole pipeline (summaries/pipeline.py): golden articles, bad input, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.clean import clean_text
from summaries.errors import EmptyText, NotProse, SummaryError, TextTooLong, UnsupportedLanguage
from summaries.models import FactKind, Summary
from summaries.pipeline import MAX_INPUT_CHARS, Options, summarize

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "article.txt"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _assert_verbatim(text: str, summary: Summary, title: str | None = None) -> None:
    body = clean_text(text, title=title).body
    assert summary.body == body
    for sentence in summary.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
    for quote in summary.quotes:
        assert body[quote.start : quote.end] == quote.text
    for fact in summary.facts:
        assert body[fact.start : fact.end] == fact.text
        assert fact.text in fact.sentence


def _speakers(summary: Summary) -> set[str | None]:
    return {quote.speaker for quote in summary.quotes}


def test_english_fixture_golden() -> None:
    text = _fixture("en_riverton_buses.txt")
    summary = summarize(text)
    assert summary.title == "City council votes to make buses free for pensioners"
    assert summary.language == "en"
    assert len(summary.sentences) == 3
    assert summary.sentences[0].index == 0  # the lead carries the news
    shown = " ".join(s.text for s in summary.sentences)
    for furniture in ("cookies", "Read more", "Subscribe", "Chrome Browser", "Getty"):
        assert furniture not in shown
    assert {"Maria Lopez", "Peter Ivanov"} <= _speakers(summary)
    lopez = next(q for q in summary.quotes if q.speaker == "Maria Lopez")
    assert lopez.role == "the city’s transport chief"
    kinds = {fact.kind for fact in summary.facts}
    assert FactKind.MONEY in kinds
    assert summary.lines_removed >= 10
    assert summary.words_out < summary.words_in
    assert "bus" in summary.keywords
    _assert_verbatim(text, summary)


def test_english_fixture_repairs_the_mojibake_ellipsis() -> None:
    text = _fixture("en_riverton_buses.txt")
    assert "‚Ķ" in text
    body = clean_text(text).body
    assert "‚Ķ" not in body and "…" in body


def test_second_english_fixture_golden() -> None:
    text = _fixture("en_yorkshire_floods.txt")
    summary = summarize(text)
    assert summary.title is not None and summary.title.startswith("£200m flood defence plan")
    assert "Amira Khan" in _speakers(summary)
    values = {fact.value for fact in summary.facts}
    assert "GBP 200000000" in values
    _assert_verbatim(text, summary)


@pytest.mark.parametrize(
    ("name", "title", "speakers"),
    [
        (
            "ru_novosibirsk_metro.txt",
            "В Новосибирске открыли две новые станции метро",
            {"Дмитрий Волков", "Андрей Травников"},
        ),
        (
            "ru_zarechny_bridge.txt",
            "В Заречном на полгода закроют единственный мост через Сосну",
            {"Елена Морозова", "Николай Белов"},
        ),
    ],
)
def test_russian_fixtures_golden(name: str, title: str, speakers: set[str]) -> None:
    text = _fixture(name)
    summary = summarize(text)
    assert summary.title == title
    assert summary.language == "ru"
    assert 3 <= len(summary.sentences) <= 5
    assert speakers & _speakers(summary)
    assert summary.facts
    assert "Читайте также" not in " ".join(s.text for s in summary.sentences)
    _assert_verbatim(text, summary)


def test_sample_article_summarizes() -> None:
    summary = summarize(SAMPLE.read_text(encoding="utf-8"))
    assert summary.title and summary.sentences and summary.quotes and summary.facts


def test_sentence_count_is_honoured_and_in_article_order() -> None:
    text = _fixture("en_yorkshire_floods.txt")
    for count in (1, 2, 5):
        summary = summarize(text, options=Options(sentences=count))
        assert len(summary.sentences) == count
        indices = [s.index for s in summary.sentences]
        assert indices == sorted(indices)


def test_given_title_is_never_a_summary_sentence() -> None:
    body = (
        "Floods hit the valley again. Hundreds of homes were damaged overnight as the river "
        "burst its banks. Officials said the water would recede by Friday. Volunteers filled "
        "sandbags at the town hall until dawn."
    )
    summary = summarize(body, title="Floods hit the valley again.")
    _assert_verbatim(body, summary, title="Floods hit the valley again.")
    assert summary.title == "Floods hit the valley again."
    assert all(s.text != "Floods hit the valley again." for s in summary.sentences)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t  \n"])
def test_empty_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyText) as caught:
        summarize(text)
    assert "no article text" in caught.value.user_message.lower()


def test_only_boilerplate_is_a_clear_error() -> None:
    text = (
        "Skip to main content\nShare\nFacebook Twitter Email\n"
        "We use cookies to improve your experience. Accept all cookies\n"
        "Subscribe to our newsletter\nRead more:\nPolice close road after crash\n"
    )
    with pytest.raises(EmptyText) as caught:
        summarize(text)
    assert "page furniture" in caught.value.user_message


def test_one_sentence_gives_that_sentence() -> None:
    text = "The city council approved a new budget for road repairs on Tuesday evening."
    summary = summarize(text)
    assert [s.text for s in summary.sentences] == [text]


def test_wall_of_text_without_punctuation_is_refused() -> None:
    text = " ".join(["the council and the mayor discussed the budget for roads"] * 40)
    with pytest.raises(NotProse):
        summarize(text)


def test_bullet_list_article_is_summarized() -> None:
    text = (
        "Ministers agreed a new package of measures to cut energy bills on Monday.\n"
        "- The price cap will fall by 10% from October.\n"
        "- Households on benefits will receive a one-off payment of £150.\n"
        "- Insulation grants will be extended to 300,000 more homes.\n"
        "The measures will cost the Treasury about £4bn over two years, officials said.\n"
    )
    summary = summarize(text)
    assert summary.sentences
    _assert_verbatim(text, summary)


def test_all_caps_text_is_summarized() -> None:
    text = (
        "THE CITY COUNCIL APPROVED A NEW BUDGET ON TUESDAY. ROAD REPAIRS WILL GET $4 MILLION. "
        "THE MAYOR SAID THE PLAN WOULD FIX 200 STREETS. CRITICS SAID IT WAS NOT ENOUGH."
    )
    summary = summarize(text)
    assert summary.language == "en" and summary.sentences


def test_emoji_do_not_break_the_pipeline() -> None:
    text = (
        "🚌 Riverton will make buses free for pensioners from July. 🎉 The council voted nine "
        "to four on Tuesday. Officials said the plan will cost $2.5 million a year. 👍"
    )
    summary = summarize(text)
    assert summary.sentences
    _assert_verbatim(text, summary)


def test_mixed_languages_use_the_main_one() -> None:
    text = (
        "The city council approved a new budget for road repairs on Tuesday. The mayor said "
        "the plan would fix two hundred streets before winter. Critics said the money was not "
        "enough for the whole city. A local paper ran the headline «Дороги отремонтируют»."
    )
    assert summarize(text).language == "en"


def test_binary_junk_is_a_clear_error() -> None:
    junk = bytes(range(256)).decode("latin-1") * 20
    with pytest.raises(SummaryError):
        summarize(junk)


def test_five_megabyte_paste_is_refused_before_any_work() -> None:
    text = "The council met again. " * (5 * 1024 * 1024 // 23)
    with pytest.raises(TextTooLong) as caught:
        summarize(text)
    assert caught.value.limit == MAX_INPUT_CHARS
    assert "too long" in caught.value.user_message


def test_unsupported_language_names_it() -> None:
    text = (
        "Rada miasta zatwierdziła we wtorek nowy budżet na naprawę dróg. Burmistrz powiedział, "
        "że plan obejmie dwieście ulic jeszcze przed zimą. Krytycy uważają, że to za mało."
    )
    with pytest.raises(UnsupportedLanguage) as caught:
        summarize(text)
    assert "Polish" in caught.value.user_message


# --- properties ------------------------------------------------------------------------------

_ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "Z", "S", "Cc"), exclude_characters="\x00"
)
_PROSE = st.lists(
    st.sampled_from(
        [
            "The council voted on Tuesday.",
            "“We will win,” said Maria Lopez, the mayor.",
            'He said: "It is done."',
            "Prices rose 3.5% to $2.5 million.",
            "Read more:",
            "Getty Images",
            "‚Ķ",
            "\n",
            "\n\n",
            "The 34-year-old left three months ago.",
        ]
    ),
    max_size=30,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(_ALPHABET, max_size=2000), _PROSE))
def test_never_crashes_and_everything_shown_is_verbatim(text: str) -> None:
    try:
        summary = summarize(text, options=Options(language="en"))
    except SummaryError as error:
        assert error.user_message
        return
    _assert_verbatim(text, summary)
    assert 1 <= len(summary.sentences) <= summary.sentences_total
