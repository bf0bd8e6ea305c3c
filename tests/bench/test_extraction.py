"""The benchmark metric and run (bench/extraction.py)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from bench.extraction import (
    SPEED_TARGET,
    LinkSpeedReport,
    PageScore,
    evaluate_extraction,
    measure_link_speed,
    score_pages,
    shingle_match,
    shingles,
)

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
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


def test_measure_link_speed_on_fixture_pages(tmp_path: Path) -> None:
    """Serves three fixture pages on 127.0.0.1; checks the report's shape, not the timings."""
    (tmp_path / "html").mkdir()
    names = {"a": "news_article.html", "b": "cp1251_article.html", "c": "home_page.html"}
    for key, name in names.items():
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(
            gzip.compress((PAGES / name).read_bytes())
        )
    truth = {key: {"articleBody": "", "url": ""} for key in [*names, "missing"]}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    progress = io.StringIO()
    report = measure_link_speed(tmp_path, progress)
    assert report.pages == 3  # "missing" has no HTML
    assert report.failures == 1  # the home page is no article
    for values in (report.plain, report.ours, report.fetch, report.extract, report.summarize):
        assert len(values) == 3 and all(value >= 0 for value in values)
    assert report.ours == [
        f + e + s for f, e, s in zip(report.fetch, report.extract, report.summarize, strict=True)
    ]
    assert report.met == (report.ratio <= SPEED_TARGET)
    table = report.table()
    assert "p50" in table and "p95" in table and ("met" in table or "MISSED" in table)
    assert table in progress.getvalue()


def test_link_speed_ratio_and_verdict() -> None:
    report = LinkSpeedReport(2, [0.010, 0.010], [0.014, 0.016], [0.0] * 2, [0.0] * 2, [0.0] * 2)
    assert report.ratio == pytest.approx(1.5) and report.met
    report.ours = [0.020, 0.020]
    assert report.ratio == pytest.approx(2.0) and not report.met
    assert "2.00x (target <= 1.5x): MISSED" in report.table()
