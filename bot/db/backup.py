"""``newsbrief db backup FILE``: a consistent copy of the SQLite database while the bot runs.

SQLite's online backup API (``sqlite3.Connection.backup``) copies the database page by page
inside one read transaction: in WAL mode the bot's writes go on meanwhile, and the copy is the
database as it was when the copy began, committed transactions only (a plain ``cp`` of the file
can miss what is still in the ``-wal`` file, or copy a half-written page). The copy is written
next to FILE under a temporary name, checked (``PRAGMA quick_check``), then renamed to FILE, so
FILE is never a partial copy. PostgreSQL has its own tool for this, ``pg_dump``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup could not be made; the message says why (and what to do) in one line."""


@dataclass(frozen=True)
class Backup:
    source: Path
    target: Path
    pages: int
    size: int  # bytes


def backup(url: str, target: Path) -> Backup:
    """Copy the SQLite database at ``url`` into the new file ``target``."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        shown = parsed.render_as_string(hide_password=True).replace("+asyncpg", "")
        raise BackupError(
            "newsbrief db backup copies SQLite databases; for PostgreSQL use pg_dump, e.g. "
            f"pg_dump --format=custom --file={target} '{shown}' (pg_restore brings it back)"
        )
    if backend != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(f"there is no database file to back up at {url}")
    source = Path(parsed.database).expanduser()
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (NEWSBRIEF_DATA_DIR)")
    if target.exists():
        raise BackupError(f"{target} already exists: give a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory")
    partial = target.with_name(f".{target.name}.partial")
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as reading,
            contextlib.closing(sqlite3.connect(partial)) as writing,
        ):
            reading.backup(writing)
            writing.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            (check,) = writing.execute("PRAGMA quick_check").fetchone()
            (pages,) = writing.execute("PRAGMA page_count").fetchone()
        if check != "ok":
            raise BackupError(f"the copy failed SQLite's check ({check}); nothing was written")
        partial.replace(target)
    except sqlite3.Error as error:
        raise BackupError(f"the backup failed: {error}") from error
    except OSError as error:
        raise BackupError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return Backup(source, target, int(pages), target.stat().st_size)
