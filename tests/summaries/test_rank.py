"""The fused ranker and the selection guards (summaries/rank.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from summaries.language import profile
from summaries.models import Sentence
from summaries.rank import (
    MAX_CANDIDATES,
    PLAIN_ALGORITHMS,
    default_sentence_count,
    directed_centrality,
    is_dangling,
    percentile,
    rank,
    select,
    select_plain,
    tfidf_similarity,
)
from summaries.text import split_sentences

ARTICLE = [
    "The city of Riverton will replace its entire diesel bus fleet with electric buses by "
    "2028, the transport department announced on Monday.",
    "The plan covers 240 buses and will cost about $310 million, most of it from a federal "
    "grant for clean transport.",
    "He said the first 40 electric buses would arrive next spring.",
    "Officials said the electric buses would cut the fleet's emissions by 60 per cent.",
    "Drivers will be retrained to operate the electric buses over the next two years.",
    "However, the union warned that the depot has too few chargers for the new fleet.",
    "Local residents have long complained about diesel fumes on the main bus routes.",
    "The council will vote on the final budget for the bus plan in March.",
]


def _sentences(paragraphs: list[str], language: str = "en") -> tuple[Sentence, ...]:
    return split_sentences(paragraphs, language)


def test_percentile_ranks_best_first_and_keeps_order_on_ties() -> None:
    assert list(percentile(np.array([0.1, 0.9, 0.5]))) == [0.0, 1.0, 0.5]
    assert list(percentile(np.array([1.0, 1.0]))) == [1.0, 0.0]
    assert list(percentile(np.array([3.0]))) == [1.0]


def test_similarity_is_symmetric_with_zero_diagonal() -> None:
    similarity = tfidf_similarity([["bus", "fleet"], ["bus", "electr"], ["union"]])
    assert similarity.shape == (3, 3)
    assert np.allclose(similarity, similarity.T)
    assert np.all(np.diag(similarity) == 0)
    assert similarity[0, 1] > 0 and similarity[0, 2] == 0


def test_directed_centrality_favours_sentences_the_rest_elaborates() -> None:
    # Sentence 0 is echoed by 1 and 2; sentence 2 only echoes earlier ones.
    similarity = np.array([[0, 0.8, 0.7], [0.8, 0, 0.1], [0.7, 0.1, 0]])
    scores = directed_centrality(similarity)
    assert scores[0] > 0 > max(scores[1], scores[2])


def test_default_ranker_prefers_the_lead_and_returns_article_order() -> None:
    sentences = _sentences(ARTICLE)
    chosen = select(sentences, rank(sentences, profile("en")), 3, "en")
    assert len(chosen) == 3
    assert list(chosen) == sorted(chosen)
    assert 0 in chosen


def test_dangling_sentence_brings_its_antecedent() -> None:
    sentences = _sentences(ARTICLE)
    ranking = rank(sentences, profile("en"))
    # Make the dangling "He said..." sentence the best one.
    scores = ranking.scores.copy()
    scores[2] = 100.0
    forced = type(ranking)(
        scores=scores, similarity=ranking.similarity, candidates=ranking.candidates
    )
    chosen = select(sentences, forced, 3, "en")
    assert 2 in chosen and 1 in chosen


def test_dangling_sentence_is_skipped_when_there_is_no_room() -> None:
    sentences = _sentences(ARTICLE)
    ranking = rank(sentences, profile("en"))
    scores = np.zeros(len(sentences))
    scores[5] = 10.0  # "However, ..." best, but only one slot
    scores[3] = 5.0
    forced = type(ranking)(
        scores=scores, similarity=ranking.similarity, candidates=ranking.candidates
    )
    assert select(sentences, forced, 1, "en") == (3,)


@pytest.mark.parametrize(
    ("language", "sentence", "dangling"),
    [
        ("en", "He said the plan would work.", True),
        ("en", "However, critics disagreed.", True),
        ("en", "“It is over,” they said.", True),
        ("en", "“We will win,” the mayor said.", False),
        ("en", "“A city that lets that happen pays for it later.”", True),
        ("ru", "«Мы справимся».", True),
        ("en", "Hector Smith said the plan would work.", False),
        ("ru", "Однако критики не согласны.", True),
        ("ru", "Он заявил, что план сработает.", True),
        ("ru", "Онлайн-продажи выросли.", False),
        ("de", "Aber die Kritiker widersprachen.", True),
        ("fr", "Cependant, les critiques ont protesté.", True),
    ],
)
def test_dangling_openers(language: str, sentence: str, dangling: bool) -> None:
    assert is_dangling(sentence, language) is dangling


def test_near_duplicate_sentences_are_not_both_chosen() -> None:
    paragraphs = [
        "The central bank raised its main interest rate to 5 per cent on Thursday.",
        "The central bank raised its main interest rate to 5 per cent on Thursday, officials said.",
        "Economists had expected the move after inflation rose for a third month.",
        "Mortgage lenders are likely to pass the increase on to borrowers within weeks.",
    ]
    sentences = _sentences(paragraphs)
    chosen = select(sentences, rank(sentences, profile("en")), 2, "en")
    assert not {0, 1} <= set(chosen)


def test_huge_input_is_capped_to_candidates() -> None:
    paragraphs = [
        f"Sentence number {i} talks about topic {i % 37} and the budget for year {2000 + i % 20}."
        for i in range(MAX_CANDIDATES * 3)
    ]
    sentences = _sentences(paragraphs)
    ranking = rank(sentences, profile("en"))
    assert len(ranking.candidates) == MAX_CANDIDATES
    assert ranking.similarity.shape == (MAX_CANDIDATES, MAX_CANDIDATES)
    chosen = select(sentences, ranking, 5, "en")
    assert len(chosen) == 5
    assert all(i in ranking.candidates for i in chosen)


def test_russian_article_is_ranked() -> None:
    paragraphs = [
        "Власти Самары объявили о полной замене дизельных автобусов на электробусы к 2028 году.",
        "Программа охватывает 240 автобусов и обойдётся примерно в 3 млрд рублей.",
        "Первые 40 электробусов поступят в город следующей весной.",
        "Однако профсоюз предупредил, что в депо не хватает зарядных станций.",
    ]
    sentences = _sentences(paragraphs, "ru")
    chosen = select(sentences, rank(sentences, profile("ru")), 2, "ru")
    assert len(chosen) == 2 and 0 in chosen


@pytest.mark.parametrize("algorithm", [*PLAIN_ALGORITHMS, "lead"])
def test_plain_algorithms_choose_the_requested_count(algorithm: str) -> None:
    sentences = _sentences(ARTICLE)
    chosen = select_plain(algorithm, sentences, profile("en"), 3)
    assert len(chosen) == 3 and list(chosen) == sorted(chosen)


@pytest.mark.parametrize(
    ("sentences", "words", "expected"),
    [(5, 100, 3), (30, 400, 3), (30, 800, 4), (60, 2000, 5), (2, 40, 2)],
)
def test_default_sentence_count(sentences: int, words: int, expected: int) -> None:
    assert default_sentence_count(sentences, words) == expected


def test_memoised_luhn_rates_exactly_like_sumy_luhn() -> None:
    from summaries.rank import _make_summarizer, _sumy_ratings
    from summaries.text import TextSplitter

    paths = sorted((Path(__file__).parent.parent / "fixtures" / "articles").glob("en_*.txt"))
    assert paths
    for path in paths:
        paragraphs = [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
        texts = [s.text for s in split_sentences(paragraphs, "en")]
        plain = _sumy_ratings(_make_summarizer("luhn", profile("en")), texts, TextSplitter("en"))
        fast = _sumy_ratings(
            _make_summarizer("luhn-fast", profile("en")), texts, TextSplitter("en")
        )
        assert np.allclose(plain, fast)
