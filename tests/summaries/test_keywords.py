"""Keywords (summaries/keywords.py)."""

from __future__ import annotations

from summaries.keywords import extract_keywords
from summaries.language import profile
from summaries.models import Sentence
from summaries.text import split_sentences


def _sentences(text: str, language: str = "en") -> tuple[Sentence, ...]:
    return split_sentences([p for p in text.split("\n") if p.strip()], language)


ARTICLE = """The city will replace its diesel buses with electric buses by 2028.
Council leader Maria Lopez said the electric fleet would cut fumes on every route.
Britain's transport ministry will pay for most of the buses, Reuters reported.
The first electric bus arrives in spring, and Maria Lopez will ride it on the first day.
Drivers voted to back the plan, which covers every bus route in the city."""


def test_recurring_terms_come_first_and_plurals_fold() -> None:
    keywords = extract_keywords(_sentences(ARTICLE), profile("en"))
    assert keywords[0] == "buses"  # "bus" and "buses" are one term, shown in its commonest form
    assert "bus" not in keywords
    assert "electric" in keywords and "city" in keywords


def test_recurring_names_are_kept_whole() -> None:
    keywords = extract_keywords(_sentences(ARTICLE), profile("en"))
    assert "Maria Lopez" in keywords
    assert "Maria" not in keywords and "Lopez" not in keywords


def test_noise_words_agencies_and_past_tense_verbs_are_left_out() -> None:
    text = ARTICLE + "\nReuters reported that drivers voted again.\nThe council voted twice."
    keywords = extract_keywords(_sentences(text), profile("en"))
    assert not {"Reuters", "reported", "voted", "said"} & set(keywords)


def test_possessives_and_sentence_initial_case() -> None:
    text = (
        "Britain's ports are busy. The ports of Britain's north are busier.\n"
        "Ports across the country report record traffic."
    )
    keywords = extract_keywords(_sentences(text), profile("en"))
    assert "Britain" in keywords
    assert "britain's" not in keywords and "Britain's" not in keywords


def test_title_words_count_more() -> None:
    text = "Ferries and trains were cancelled. Ferries stayed in port. Trains ran late again."
    without = extract_keywords(_sentences(text), profile("en"), limit=1)
    with_title = extract_keywords(_sentences(text), profile("en"), "Trains cancelled", limit=1)
    assert without == ("ferries",)
    assert with_title == ("trains",)


def test_terms_met_once_are_not_keywords_and_limit_is_respected() -> None:
    text = "A quiet day. Nothing happened anywhere in particular today."
    assert extract_keywords(_sentences(text), profile("en")) == ()
    assert extract_keywords(_sentences(ARTICLE), profile("en"), limit=2) == ("buses", "electric")
    assert extract_keywords(_sentences(ARTICLE), profile("en"), limit=0) == ()


def test_russian_keywords() -> None:
    text = (
        "В Самаре запустили новые электробусы.\n"
        "Электробусы будут работать на десяти маршрутах.\n"
        "Мэр города сказал, что электробусы заменят старые автобусы."
    )
    keywords = extract_keywords(_sentences(text, "ru"), profile("ru"))
    assert keywords[0] == "электробусы"
    assert "сказал" not in keywords
