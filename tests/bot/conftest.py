"""Databases for the storage tests: every test runs on SQLite and on the machine's PostgreSQL.

PostgreSQL is reached at NEWSBRIEF_TEST_POSTGRES_URL (default: the local server, trust auth,
database ``test``). Each test gets its own schema, dropped afterwards. When the server is not
there, the PostgreSQL half skips, except with CI=true, where it fails: CI must run it
(``.ci/run`` starts the server when it is down).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import make_engine, sqlite_url, upgrade

POSTGRES_URL = os.environ.get(
    "NEWSBRIEF_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


async def _postgres_reachable() -> str | None:
    """None if the server answers, else why not."""
    engine = make_engine(POSTGRES_URL, connect_args={"timeout": 3})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
    except Exception as error:  # any failure to connect means "not here"
        return f"{type(error).__name__}: {error}"
    finally:
        await engine.dispose()
    return None


async def require_postgres() -> None:
    """Skip the test when PostgreSQL is not there (fail it with CI=true)."""
    problem = await _postgres_reachable()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {problem}")


@contextlib.asynccontextmanager
async def _database(kind: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database of this test's own: a SQLite file, or a PostgreSQL schema."""
    if kind == "sqlite":
        database = make_engine(sqlite_url(tmp_path / "newsbrief.db"))
        yield database
        await database.dispose()
        return
    await require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'create schema "{schema}"'))
    database = make_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield database
    finally:
        await database.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'drop schema "{schema}" cascade'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A database migrated to the newest revision."""
    async with _database(request.param, tmp_path) as database:
        await upgrade(database)
        yield database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """A database with no schema at all: for tests of the migrations themselves."""
    async with _database(request.param, tmp_path) as database:
        yield database
