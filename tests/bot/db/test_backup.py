"""bot/db/backup.py and `newsbrief db backup FILE`: SQLite's online backup, while the database
is open and written to; PostgreSQL is pointed to pg_dump."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.db import repo
from bot.db.engine import make_engine, sessions, sqlite_url, upgrade

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _chats(path: Path) -> list[int]:
    with sqlite3.connect(path) as copy:
        return sorted(row[0] for row in copy.execute("select id from chats"))


async def test_a_backup_while_the_bot_holds_the_database_has_every_committed_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATA_DIR", str(tmp_path / "state"))
    engine = make_engine(sqlite_url(tmp_path / "state" / "newsbrief.db"))
    try:
        await upgrade(engine)
        maker = sessions(engine)
        async with maker() as session, session.begin():
            for chat_id in (11, 22, 33):
                await repo.ensure_chat(session, chat_id, NOW)
        # the bot's connection stays open, its last writes in the WAL file, not yet the database
        assert (tmp_path / "state" / "newsbrief.db-wal").stat().st_size > 0
        assert main(["db", "backup", "copy.db"]) == 0
    finally:
        await engine.dispose()
    out = capsys.readouterr().out
    assert "copy.db" in out and "pages" in out
    assert _chats(tmp_path / "copy.db") == [11, 22, 33]
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("pragma journal_mode").fetchone() == ("delete",)
        assert copy.execute("select version_num from alembic_version").fetchone() is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "state"]  # no partial file


def test_an_existing_file_is_not_overwritten_and_a_missing_database_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATA_DIR", str(tmp_path / "state"))
    assert main(["db", "backup", "copy.db"]) == 2
    assert "there is no database at" in capsys.readouterr().err
    (tmp_path / "state").mkdir()
    with sqlite3.connect(tmp_path / "state" / "newsbrief.db") as db:
        db.execute("create table chats (id integer primary key)")
    (tmp_path / "copy.db").write_text("keep me")
    assert main(["db", "backup", "copy.db"]) == 2
    assert "copy.db already exists" in capsys.readouterr().err
    assert (tmp_path / "copy.db").read_text() == "keep me"
    assert main(["db", "backup"]) == 2
    assert "newsbrief db backup FILE" in capsys.readouterr().err
    assert main(["db", "upgrade", "copy.db"]) == 2
    assert "takes no file" in capsys.readouterr().err


def test_postgresql_is_pointed_to_pg_dump_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", "postgresql://bot:s3cret@127.0.0.1:5432/news")
    assert main(["db", "backup", "news.dump"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pg_dump --format=custom --file=news.dump" in err
    assert "postgresql://bot:***@127.0.0.1:5432/news" in err and "s3cret" not in err
    assert not (tmp_path / "news.dump").exists()
