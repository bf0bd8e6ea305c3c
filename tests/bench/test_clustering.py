"""The clustering harness (bench/clustering.py) and `newsbrief eval clustering`.

Items are written here; the shared labelled days are read in place where present (skipped
otherwise) only to check that the harness reads their layout and scores what the digest does.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.clustering import (
    average_link,
    evaluate_clustering,
    load_items,
    paragraph_items,
    tfidf_similarity,
    time_clustering,
)
from bot.cli import EXIT_OK, EXIT_USAGE, main
from summaries.feeds.digest import DigestItem, cluster, score_clustering

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "news_clustering"

QUAKE = "A magnitude 6 earthquake struck Riverton on Tuesday, toppling the old clock tower."
BUDGET = "The finance minister presented a budget that raises the tax on tobacco and petrol."


def _row(key: str, title: str, text: str, story: str | None, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "key": key,
        "title": title,
        "text": text,
        "url": f"https://{key}.example/story",
        "source": key.upper(),
        "published": None,
        "language": "en",
        **extra,
    }
    if story is not None:
        row["story"] = story
    return row


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def _day(tmp_path: Path, labelled: bool = True) -> Path:
    rows = [
        _row("a", "Earthquake topples Riverton clock tower", QUAKE, "quake"),
        _row("b", "Riverton clock tower falls in earthquake", QUAKE, "quake"),
        _row("c", "Budget raises tobacco and petrol tax", BUDGET, "budget"),
        _row("d", "Tobacco and petrol tax up in budget", BUDGET, "budget"),
        _row("e", "Local bakery wins a national bread prize", "Bread.", "bakery"),
    ]
    if not labelled:
        for row in rows:
            del row["story"]
    return _write(tmp_path / "day.jsonl", rows)


def test_load_items_reads_the_layout_and_the_labels(tmp_path: Path) -> None:
    items, labels = load_items(_day(tmp_path))
    assert [item.key for item in items] == ["a", "b", "c", "d", "e"]
    assert labels == {"a": "quake", "b": "quake", "c": "budget", "d": "budget", "e": "bakery"}
    assert items[0].source == "A" and items[0].published is None and items[0].language == "en"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{not json"], ":1: not an item"),
        ([json.dumps({"title": "no key"})], ":1: not an item"),
        ([json.dumps(_row("a", "t", "x", "s")), json.dumps(_row("a", "t", "x", "s"))], "twice"),
        ([json.dumps(_row("a", "t", "x", "s")), json.dumps(_row("b", "t", "x", None))], "some"),
        ([json.dumps(_row("a", "t", "x", "s", published="2024-03-10T09:00:00"))], "time zone"),
    ],
)
def test_load_items_refuses_what_is_not_a_day(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_items(path)


def test_the_harness_scores_what_the_digest_clusters(tmp_path: Path) -> None:
    items, labels = load_items(_day(tmp_path))
    report = evaluate_clustering(items, labels)
    expected = score_clustering(cluster(items), labels)
    assert report.newsbrief.scores == expected
    assert report.newsbrief.clusters == len(cluster(items))
    assert report.items == 5 and report.stories == 3
    assert report.baseline is not None and report.baseline.scores is not None
    assert report.baseline.scores.pair_f1 == 1.0  # the baseline finds these easy pairs
    assert "newsbrief (defaults)" in report.table() and "TF-IDF" in report.table()


def test_unlabelled_items_are_clustered_without_scores(tmp_path: Path) -> None:
    items, labels = load_items(_day(tmp_path, labelled=False))
    report = evaluate_clustering(items, labels)
    assert labels == {} and report.newsbrief.scores is None and report.baseline is None
    assert report.stories is None


def test_baseline_similarity_and_average_link_by_hand() -> None:
    items = [
        DigestItem("x", "red apple", "", None, "s", None, "en"),
        DigestItem("y", "red apple", "", None, "s", None, "en"),
        DigestItem("z", "blue car", "", None, "s", None, "en"),
    ]
    similarity = tfidf_similarity(items)
    assert similarity[0, 1] == pytest.approx(1.0)
    assert similarity[0, 2] == pytest.approx(0.0)
    assert np.allclose(similarity, similarity.T)
    assert sorted(average_link(similarity, 0.5)) == [[0, 1], [2]]
    assert sorted(average_link(similarity, 1.01)) == [[0], [1], [2]]


def test_eval_clustering_command_prints_the_table_and_writes_clusters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pred.jsonl"
    assert main(["eval", "clustering", "--data", str(_day(tmp_path)), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "5 items, 3 labelled stories" in printed and "pair F1" in printed
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(row["key"] for row in written) == ["a", "b", "c", "d", "e"]
    clusters: dict[int, set[str]] = {}
    for row in written:
        clusters.setdefault(row["cluster"], set()).add(row["key"])
    assert len(clusters) == len(cluster(load_items(tmp_path / "day.jsonl")[0]))


def test_eval_clustering_refuses_a_missing_or_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "clustering", "--data", str(tmp_path / "none.jsonl")]) == EXIT_USAGE
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    assert main(["eval", "clustering", "--data", str(tmp_path / "bad.jsonl")]) == EXIT_USAGE
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_eval_clustering_says_when_its_out_file_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no such folder" / "pred.jsonl"
    command = ["eval", "clustering", "--data", str(_day(tmp_path)), "--out", str(out)]
    assert main(command) == EXIT_USAGE
    assert f"cannot write {out}" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["ecbplus_pool1", "uci_day1"])
def test_the_shared_days_load_and_score(name: str) -> None:
    path = SHARED / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    items, labels = load_items(path)
    assert len(items) == len(labels) > 100
    report = evaluate_clustering(items, labels)
    assert report.newsbrief.scores is not None and report.baseline is not None
    assert 0.0 <= report.newsbrief.scores.pair_f1 <= 1.0
    assert main(["eval", "clustering", "--data", str(path)]) == EXIT_OK


def _articles(tmp_path: Path) -> Path:
    rows = [
        {"id": "one", "title": "Riverton quake", "text": f"{QUAKE}\n\n{QUAKE} Again.\n"},
        {"id": "two", "title": "Budget day", "text": f"{BUDGET}\n{BUDGET} More.\n{BUDGET} Last."},
    ]
    return _write(tmp_path / "articles.jsonl", rows)


def test_paragraph_items_make_feed_items_of_articles(tmp_path: Path) -> None:
    items = paragraph_items([_articles(tmp_path)], 4)
    assert [item.key for item in items] == ["one#0", "one#1", "two#0", "two#1"]
    assert [item.title for item in items] == ["Riverton quake", None, "Budget day", None]
    assert items[1].text == f"{QUAKE} Again."
    timing = time_clustering(items)
    assert timing.stories == len(cluster(items)) == 2


def test_eval_clustering_speed_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(_articles(tmp_path))
    assert main(["eval", "clustering-speed", "--data", data, "--items", "5"]) == EXIT_OK
    assert "5 items -> 2 stories" in capsys.readouterr().out
    assert main(["eval", "clustering-speed", "--data", data, "--items", "6"]) == EXIT_USAGE
    assert "only 5 items" in capsys.readouterr().err
    (tmp_path / "bad.jsonl").write_text('{"title": "no id"}\n', encoding="utf-8")
    bad = str(tmp_path / "bad.jsonl")
    assert main(["eval", "clustering-speed", "--data", bad]) == EXIT_USAGE
    assert "bad.jsonl:1" in capsys.readouterr().err
