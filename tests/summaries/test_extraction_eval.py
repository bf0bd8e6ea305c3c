"""The benchmark metric and run (summaries/extraction_eval.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from summaries.extraction_eval import (
    PageScore,
    evaluate_extraction,
    score_pages,
    shingle_match,
    shingles,
)

BENCHMARK = Path(__file__).resolve().parents[3] / "shared" / "data" / "article_extraction_benchmark"


def test_shingles_are_four_token_windows_case_kept() -> None:
    assert sum(shingles("a b c d e").values()) == 2
    assert shingles("A b, c-d e")[("A", "b", "c", "d")] == 1
    assert shingles("one two") == {("one", "two"): 1}  # short text: one shingle of all tokens
    assert not shingles(" ... ")


def test_shingle_match_by_hand() -> None:
    # truth a b c d e -> {abcd, bcde}; prediction a b c d x -> {abcd, bcdx}
    assert shingle_match("a b c d e", "a b c d x") == PageScore(1 / 3, 1 / 3, 1 / 3)
    assert shingle_match("a b c d", "a b c d") == PageScore(1.0, 0.0, 0.0)
    assert shingle_match("a b c d", "") == PageScore(0.0, 0.0, 1.0)
    assert shingle_match("", "") == PageScore(0.0, 0.0, 0.0)
    # repeated shingles count as a multiset: truth has abcd twice, prediction once
    assert shingle_match("a b c d a b c d", "a b c d") == PageScore(1 / 5, 0.0, 4 / 5)


def test_score_pages_averages_where_defined() -> None:
    pages = [
        PageScore(1.0, 0.0, 0.0),  # perfect: P = R = 1
        PageScore(0.5, 0.5, 0.0),  # P = 0.5, R = 1
        PageScore(0.0, 0.0, 1.0),  # nothing predicted: no precision, R = 0
        PageScore(0.0, 0.0, 0.0),  # both empty: counted nowhere
    ]
    scores = score_pages(pages)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert scores.pages == 4


@pytest.mark.shared_data
@pytest.mark.slow
def test_ours_beats_plain_trafilatura_on_the_benchmark(tmp_path: Path) -> None:
    if not (BENCHMARK / "ground-truth.json").is_file():
        pytest.skip(f"{BENCHMARK} is not here")
    out = tmp_path / "ours.json"
    progress = io.StringIO()
    report = evaluate_extraction(BENCHMARK, out, progress)
    assert report.pages == 46
    assert report.ours.scores.f1 >= report.plain.scores.f1
    assert report.ours.scores.f1 >= 0.96
    assert report.upstream is not None
    assert round(report.upstream.f1, 3) == 0.960  # anchors/measured_here.json, upstream file
    assert round(report.plain.scores.f1, 3) == 0.956  # anchors: trafilatura 2.3.1 defaults
    written = json.loads(out.read_text(encoding="utf-8"))
    assert len(written) == 46 and all("articleBody" in v for v in written.values())
    assert "newsbrief extract_article" in progress.getvalue()
