"""`newsbrief db upgrade|current`."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main


def test_upgrade_then_current_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATA_DIR", str(tmp_path / "state"))
    assert main(["db", "current"]) == 0
    assert "revision none (empty database)" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "revision 0003" in capsys.readouterr().out
    assert (tmp_path / "state" / "newsbrief.db").is_file()


def test_unreachable_database_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", f"postgresql://u:secret@127.0.0.1:{port}/x")
    assert main(["db", "current"]) == 69
    err = capsys.readouterr().err
    assert "could not be opened" in err and "secret" not in err


def test_an_unsupported_url_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", "mysql://root@localhost/db")
    assert main(["db", "upgrade"]) == 2
    assert "use a postgresql:// or sqlite:/// URL" in capsys.readouterr().err
