"""The ``newsbrief`` command line (bot/cli.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_UNSUMMARIZABLE, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "article.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "articles" / "ru_zarechny_bridge.txt"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_summarize_file_prints_a_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLE)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Summary" in out and "Quotes" in out and "Facts" in out and "Keywords:" in out
    assert "•" in out and " — " in out


def test_summarize_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(FIXTURE), "--json", "--sentences", "2"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["language"] == "ru"
    assert data["title"]
    assert len(data["sentences"]) == 2
    assert set(data["sentences"][0]) == {"text", "index"}
    assert data["quotes"] and set(data["quotes"][0]) == {
        "text",
        "speaker",
        "role",
        "sentence_index",
        "key",
    }
    assert data["facts"] and set(data["facts"][0]) == {
        "kind",
        "text",
        "value",
        "sentence",
        "sentence_index",
    }
    assert isinstance(data["keywords"], list)
    assert data["stats"]["lines_removed"] == len(data["removed"]) > 0


def test_summarize_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, SAMPLE.read_bytes())
    assert main(["summarize", "-", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["sentences"]


def test_lang_option_forces_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLE), "--json", "--lang", "en"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["language"] == "en"


def test_unsummarizable_text_exits_1_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"   \n  ")
    assert main(["summarize", "-"]) == EXIT_UNSUMMARIZABLE
    captured = capsys.readouterr()
    assert "no article text" in captured.err
    assert "Traceback" not in captured.err


def test_unsummarizable_text_in_json_mode_prints_a_json_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "Rada miasta zatwierdziła we wtorek nowy budżet na naprawę dróg.".encode())
    assert main(["summarize", "-", "--json"]) == EXIT_UNSUMMARIZABLE
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "unsupported_language" and "Polish" in data["message"]


def test_invalid_utf8_is_read_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(SAMPLE.read_bytes() + b"\n\xff\xfe caf\xe9.")
    assert main(["summarize", str(path)]) == EXIT_OK
    assert "not valid UTF-8" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "/nonexistent/article.txt"]) == EXIT_USAGE
    assert "cannot read" in capsys.readouterr().err


def test_too_long_input_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSBRIEF_MAX_INPUT_CHARS", "2000")
    _stdin(monkeypatch, b"The council met again today. " * 200)
    assert main(["summarize", "-"]) == EXIT_UNSUMMARIZABLE
    assert "too long" in capsys.readouterr().err


def test_bad_setting_is_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSBRIEF_LANGUAGE", "klingon")
    assert main(["summarize", str(SAMPLE)]) == EXIT_USAGE
    assert "bad setting" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["summarize"], ["summarize", "x", "--sentences", "0"], []])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == EXIT_USAGE


def _dataset(tmp_path: Path) -> Path:
    """A tiny data set in the ../shared/data layout, with texts written for this test."""
    records = []
    for n in range(6):
        text = "\n".join(
            [
                f"The council of town {n} approved a plan to rebuild its old bridge on Monday.",
                f"The bridge in town {n} has been closed to lorries since a crack was found.",
                "Engineers said the work would take about two years and cost $12 million.",
                "Residents have complained for years about the long detour to the market.",
                "The mayor said the town would seek a grant from the state to cover the cost.",
            ]
        )
        summary = f"Town {n} will rebuild its bridge.\nThe work will cost $12 million."
        records.append({"id": f"doc-{n}", "text": text, "summary": summary, "lang": "en"})
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_eval_summaries_prints_a_table_and_writes_predictions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _dataset(tmp_path)
    out = tmp_path / "pred.jsonl"
    assert main(["eval", "summaries", "--data", str(data), "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    for system in ("newsbrief", "lead", "lexrank", "textrank", "lsa", "luhn", "sumbasic"):
        assert system in captured.out
    assert "ROUGE-1" in captured.out and "peak RSS" in captured.out
    assert "eval 6/6" in captured.err  # progress
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6 * 7
    assert set(lines[0]) == {"id", "system", "summary"}
    assert all(isinstance(line["summary"], list) for line in lines)


def test_eval_speed_reports_both_ratios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _dataset(tmp_path)
    args = ["eval", "speed", "--data", str(data), "--long-sentences", "300", "--repeat", "1"]
    assert main(args) == EXIT_OK
    out = capsys.readouterr().out
    assert "ratio" in out and "long text (" in out


def test_eval_with_a_broken_data_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    assert main(["eval", "summaries", "--data", str(bad)]) == EXIT_USAGE
    assert "not a document record" in capsys.readouterr().err


def test_console_script_runs_as_a_separate_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "summarize", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["sentences"]


def test_summarize_json_lists_every_quote_and_marks_the_key_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paragraphs = [
        f"“Statement number {n} is a complete sentence about the plan,” said Speaker{n} Smith{n}."
        for n in range(7)
    ]
    article = tmp_path / "many.txt"
    article.write_text("Many quotes today\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    assert main(["summarize", str(article), "--json", "--lang", "en"]) == EXIT_OK
    quotes = json.loads(capsys.readouterr().out)["quotes"]
    assert len(quotes) == 7  # every quote, not the key three
    assert sum(quote["key"] for quote in quotes) == 3
    assert main(["summarize", str(article), "--lang", "en"]) == EXIT_OK
    quotes_section = capsys.readouterr().out.split("\nQuotes\n")[1].split("\n\n")[0]
    assert quotes_section.count("Statement number") == 3  # the text output keeps the key ones
