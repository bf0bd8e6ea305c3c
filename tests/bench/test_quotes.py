"""The quotes harness (bench/quotes.py) and `newsbrief eval quotes`.

Articles and their brat annotations are written here in PolNeAR's layout; the shared PolNeAR
dev split is read in place where present (skipped otherwise) only to check that the harness
reads its layout and finds its quotes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.quotes import evaluate_quotes, load_gold
from bot.cli import EXIT_OK, EXIT_USAGE, main

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "dev"

ARTICLE = (
    "Council opens the new bridge.\n\n"
    "Mayor Anna Berg opened the bridge on Monday.\n\n"
    "“It will change the way this town moves every single day,” Berg said.\n\n"
    "Her rival Tom Hale was less pleased. “The bridge came two years late and well over "
    "budget,” he said.\n\n"
    "“Nobody asked the people who live by the river,” a neighbour said.\n\n"
    "The plan is “a bit of a scandal” for some."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _write(folder: Path, name: str, text: str, attributions: list[tuple[str, str]]) -> None:
    """``attributions``: (content, source) pairs, written as brat T and E lines."""
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    lines: list[str] = []
    for number, (content, source) in enumerate(attributions):
        c_start, c_end = _span(text, content)
        s_start = text.index(source, c_end)  # each source here follows its quote
        s_end = s_start + len(source)
        lines.append(f"T{2 * number + 1}\tContent {c_start} {c_end}\t{content}")
        lines.append(f"T{2 * number + 2}\tSource {s_start} {s_end}\t{source}")
        lines.append(
            f"E{number + 1}\tAttribution:T0 Content:T{2 * number + 1} Source:T{2 * number + 2}"
        )
    (folder / "attributions" / f"{name}_ab12.ann").write_text("\n".join(lines), encoding="utf-8")


def _dataset(folder: Path) -> Path:
    _write(
        folder,
        "bridge",
        ARTICLE,
        [
            ("It will change the way this town moves every single day", "Berg"),
            ("The bridge came two years late and well over budget", "he"),
            ("Nobody asked the people who live by the river", "a neighbour"),
            ("a bit of a scandal", "some"),
        ],
    )
    return folder


def test_gold_quotes_follow_the_data_rule(tmp_path: Path) -> None:
    gold = load_gold(_dataset(tmp_path), "bridge")
    # Quoted, at least 4 words, overlapping an annotated content span: all four.
    assert [quote.text[:12] for quote in gold] == [
        "It will chan",
        "The bridge c",
        "Nobody asked",
        "a bit of a s",
    ]
    assert gold[0].names == {"Berg"}
    assert gold[1].names == frozenset()  # "he" without CoreNLP chains: no name to compare
    assert gold[2].names == frozenset()


def test_a_pronoun_source_is_named_through_its_coreference_chain(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    he = ARTICLE.index(" he said") + 1
    hale = ARTICLE.index("Tom Hale")
    tokens = [("Tom", "NNP", hale), ("Hale", "NNP", hale + 4), ("he", "PRP", he)]
    xml = "".join(
        f'<sentence id="{n}"><tokens><token id="1"><word>{w}</word>'
        f"<CharacterOffsetBegin>{b}</CharacterOffsetBegin>"
        f"<CharacterOffsetEnd>{b + len(w)}</CharacterOffsetEnd><POS>{p}</POS></token>"
        "</tokens></sentence>"
        for n, (w, p, b) in enumerate(tokens, 1)
    )
    chains = (
        '<coreference><coreference><mention representative="true"><sentence>1</sentence>'
        "<start>1</start><end>2</end></mention><mention><sentence>2</sentence><start>1</start>"
        "<end>2</end></mention><mention><sentence>3</sentence><start>1</start><end>2</end>"
        "</mention></coreference></coreference>"
    )
    (folder / "corenlp").mkdir()
    (folder / "corenlp" / "bridge.txt.xml.gz").write_bytes(
        gzip.compress(
            f"<root><document><sentences>{xml}</sentences>{chains}</document></root>".encode()
        )
    )
    gold = load_gold(folder, "bridge")
    # The chain's representative mention ("Tom") and its named mention nearest before ("Hale").
    assert gold[1].names == {"Tom", "Hale"}


def test_the_report_counts_found_right_and_unattributed(tmp_path: Path) -> None:
    out = tmp_path / "gold.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        report = evaluate_quotes(_dataset(tmp_path / "data"), out=handle)
    assert (report.articles, report.gold, report.named) == (1, 4, 1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    verdicts = {row["quote"][:6]: row["verdict"] for row in rows}
    assert verdicts["It wil"] == "right"  # "Berg" resolves to Anna Berg, who shares "Berg"
    # a neighbour: no name in the source; the description is given as the speaker
    assert verdicts["Nobody"] == "speaker, source unnamed"
    assert verdicts["a bit "] == "missed"  # a scare quote with no attribution is not returned
    assert report.found == 3 and report.right == 1 and report.wrong == 0
    assert "quotes found:" in report.table() and "time per article" in report.table()


def test_eval_quotes_refuses_a_folder_without_the_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "quotes", "--data", str(tmp_path)]) == EXIT_USAGE
    assert "text/ and attributions/" in capsys.readouterr().err


def test_eval_quotes_prints_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gold.jsonl"
    data = _dataset(tmp_path / "data")
    assert main(["eval", "quotes", "--data", str(data), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    for figure in (
        "quotes found",
        "right named speaker",
        "no speaker",
        "wrong speaker",
        "roles given",
        "time per article",
    ):
        assert figure in printed
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.shared_data
def test_the_polnear_dev_split_is_read_in_place() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not here")
    report = evaluate_quotes(SHARED)
    assert report.articles == 84 and report.gold > 500
    assert report.found >= 0.9 * report.gold  # (measured: 96.8%)
