"""The command line with links: summarize URL, extract, eval extraction (local server only)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_UNSUMMARIZABLE, EXIT_USAGE, main

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ARTICLE_PAGE = "news_article.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving tests/fixtures/pages."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def private_urls_allowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE_URLS", "true")


def test_summarize_a_link(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", f"{site}/{ARTICLE_PAGE}", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["title"] and data["sentences"]


def test_a_local_link_is_refused_by_default(
    site: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSBRIEF_ALLOW_PRIVATE_URLS", raising=False)
    assert main(["summarize", f"{site}/{ARTICLE_PAGE}"]) == EXIT_UNSUMMARIZABLE
    assert "private or local network address" in capsys.readouterr().err


def test_a_missing_page_says_so(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", f"{site}/gone.html", "--json"]) == EXIT_UNSUMMARIZABLE
    assert json.loads(capsys.readouterr().out)["error"] == "not_found"


def test_extract_a_link_and_a_file(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", f"{site}/{ARTICLE_PAGE}"]) == EXIT_OK
    from_link = capsys.readouterr().out
    assert from_link.startswith("title:")
    assert main(["extract", str(PAGES / ARTICLE_PAGE), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["text"] and data["text"] in from_link


def test_extract_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "/nonexistent/page.html"]) == EXIT_USAGE
    assert "cannot read" in capsys.readouterr().err


def test_eval_extraction_on_a_tiny_benchmark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "bench"
    (data / "html").mkdir(parents=True)
    html = (PAGES / ARTICLE_PAGE).read_bytes()
    (data / "html" / "p1.html.gz").write_bytes(gzip.compress(html))
    truth = main(["extract", str(PAGES / ARTICLE_PAGE), "--json"])
    assert truth == EXIT_OK
    body = json.loads(capsys.readouterr().out)["text"]
    (data / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": body, "url": "https://example.org/a"}}), "utf-8"
    )
    out = tmp_path / "pred.json"
    assert main(["eval", "extraction", "--data", str(data), "--out", str(out)]) == EXIT_OK
    table = capsys.readouterr().out
    assert "F1" in table and "trafilatura" in table
    assert json.loads(out.read_text(encoding="utf-8"))["p1"]["articleBody"]
    assert main(["eval", "extraction", "--data", str(tmp_path / "none")]) == EXIT_USAGE


def test_eval_extraction_speed_on_fixture_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "bench"
    (data / "html").mkdir(parents=True)
    for key, name in (("p1", ARTICLE_PAGE), ("p2", "paywalled_teaser.html")):
        (data / "html" / f"{key}.html.gz").write_bytes(gzip.compress((PAGES / name).read_bytes()))
    (data / "ground-truth.json").write_text(
        json.dumps({key: {"articleBody": "", "url": ""} for key in ("p1", "p2")}), "utf-8"
    )
    assert main(["eval", "extraction", "--data", str(data), "--speed"]) == EXIT_OK
    table = capsys.readouterr().out
    assert "2 pages, 0 not summarized" in table
    assert "p50" in table and "p95" in table and "target <= 1.5x" in table
    assert "met" in table or "MISSED" in table


def test_a_subscriber_page_with_enough_text_is_summarized_as_partial(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{site}/links/paywalled_long.html"
    assert main(["summarize", url, "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["partial"] is True
    assert main(["summarize", url]) == EXIT_OK
    assert "Partial: the page is for subscribers" in capsys.readouterr().out


def test_an_ordinary_page_is_not_partial(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", f"{site}/{ARTICLE_PAGE}", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["partial"] is False


def test_a_subscriber_teaser_is_refused_with_the_reason(
    site: str, private_urls_allowed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", f"{site}/links/teaser.html", "--json"]) == EXIT_UNSUMMARIZABLE
    assert json.loads(capsys.readouterr().out)["error"] == "paywalled"


@pytest.mark.parametrize("link", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a"])
def test_other_schemes_are_explained_not_treated_as_files(
    link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", link]) == EXIT_UNSUMMARIZABLE
    err = capsys.readouterr().err
    assert "cannot be read" in err and "No such file" not in err
