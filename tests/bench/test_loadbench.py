"""bench/loadbench.py on a few users (docs/measured.md's figures come from 100)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bench import loadbench

BENCHMARK = Path(__file__).resolve().parents[3] / "shared" / "data" / "article_extraction_benchmark"


@pytest.mark.slow
@pytest.mark.shared_data
def test_a_small_load_run_answers_everyone() -> None:
    if not (BENCHMARK / "ground-truth.json").is_file():
        pytest.skip(f"{BENCHMARK} is not here")
    out = io.StringIO()
    report = loadbench.run(BENCHMARK, users=6, scale=1.0, workers=1, out=out)
    assert report.answered == 6
    assert report.summaries + len(report.reasons) == 6
    assert report.users_saw_429 == 0
    assert len(report.reply_seconds) == 6 and report.start_seconds
    assert report.peak_rss_total_mb >= report.peak_rss_bot_mb > 0
    # PSS splits shared pages between the processes: never more than RSS, and the fork server
    # and its worker are part of the tree
    assert report.peak_rss_bot_mb >= report.peak_pss_bot_mb > 0
    assert report.peak_rss_total_mb >= report.peak_pss_total_mb > report.peak_pss_bot_mb
    assert "answered: 6/6" in out.getvalue()
