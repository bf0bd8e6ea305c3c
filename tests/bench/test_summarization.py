"""The quality and speed harness (bench/summarization.py).

The quality guards at the bottom run on ../shared/data in place and skip when it is absent;
they hold the figures docs/measured.md publishes (deterministic: no timing involved).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bench.summarization import (
    DEFAULT_SYSTEM,
    Document,
    Progress,
    SystemScore,
    evaluate_summaries,
    format_table,
    load_documents,
    long_text,
)
from summaries.text import split_sentences

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CNNDM = SHARED / "cnndm_pgtest_sample2000" / "dev.jsonl"
CASED = SHARED / "cnndm_summeval_realsumm" / "dev.jsonl"


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


def test_load_documents_accepts_string_or_list_summaries(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.jsonl",
        [
            {"id": "a", "text": "One. Two.", "summary": "One.\nTwo.", "lang": "en", "title": None},
            {"id": "b", "text": "Three.", "summary": ["Three.", "Four."], "title": "T"},
        ],
    )
    documents = load_documents(path)
    assert [d.reference for d in documents] == ["One.\nTwo.", "Three.\nFour."]
    assert documents[0].language == "en" and documents[1].language is None
    assert documents[1].title == "T"
    assert load_documents(path, limit=1) == documents[:1]


def test_load_documents_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x", "summary": "y"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        load_documents(path)


def test_russian_documents_are_scored_with_our_tokenizer() -> None:
    text = (
        "Власти города объявили о замене автобусов на электробусы.\n"
        "Программа обойдётся в три миллиарда рублей.\n"
        "Первые машины поступят весной."
    )
    document = Document(
        id="ru", text=text, reference="Власти объявили о замене автобусов.", language="ru"
    )
    scores = {s.name: s for s in evaluate_summaries([document], 1, systems=("lead",))}
    assert scores["lead"].mean("rouge1") > 30  # the default tokenizer would score 0


def test_failures_are_counted_not_raised() -> None:
    document = Document(id="empty", text="   ", reference="Nothing.", language="en")
    [score] = evaluate_summaries([document], 3, systems=(DEFAULT_SYSTEM,))
    assert score.failures == 1 and score.documents == 1 and score.mean("rouge1") == 0.0


def test_format_table_orders_by_rouge1() -> None:
    low = SystemScore("low", {"rouge1": 0.2, "rouge2": 0.1, "rougeLsum": 0.2}, 1, 0, [0.001])
    high = SystemScore("high", {"rouge1": 0.4, "rouge2": 0.2, "rougeLsum": 0.3}, 1, 0, [0.002])
    table = format_table([low, high]).splitlines()
    assert table[2].startswith("high") and "40.00" in table[2]
    assert table[3].startswith("low")


def test_progress_prints_deciles_when_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(20, stream, "eval")
    for _ in range(20):
        bar.step()
    lines = stream.getvalue().splitlines()
    assert lines[-1] == "eval 20/20" and 5 <= len(lines) <= 11


def test_long_text_reaches_the_requested_sentence_count() -> None:
    documents = [
        Document(id=str(i), text=f"Sentence {i} is here.\nAnother one {i} follows.", reference="")
        for i in range(3)
    ]
    text = long_text(documents, 50)
    paragraphs = [line for line in text.splitlines() if line.strip()]
    assert len(split_sentences(paragraphs, "en")) >= 50


# --- quality guards on the shared dev splits ------------------------------------------------


def _scores(path: Path) -> dict[str, float]:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data is not beside the repo)")
    scores = evaluate_summaries(load_documents(path), 3)
    return {s.name: s.mean("rouge1") for s in scores} | {
        f"{s.name}:r2": s.mean("rouge2") for s in scores
    }


@pytest.mark.shared_data
@pytest.mark.slow
def test_cnndm_dev_default_ranker_beats_plain_sumy_and_reaches_lead3() -> None:
    scores = _scores(CNNDM)
    plain = max(scores[name] for name in ("lexrank", "textrank", "lsa", "luhn", "sumbasic"))
    assert scores[DEFAULT_SYSTEM] >= plain + 3.0
    assert scores[DEFAULT_SYSTEM] >= scores["lead"]
    assert scores[f"{DEFAULT_SYSTEM}:r2"] >= scores["lead:r2"]


@pytest.mark.shared_data
def test_cased_cnndm_dev_default_ranker_reaches_lead3() -> None:
    scores = _scores(CASED)
    assert scores[DEFAULT_SYSTEM] >= scores["lead"]
