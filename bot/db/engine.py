"""Opening the database and migrating it.

SQLite (the default, a file in the data directory) is opened in WAL mode with foreign keys on
and a busy timeout, so the bot and a second process (``newsbrief db``) can share it. PostgreSQL
is used through ``postgresql+asyncpg://`` URLs. ``upgrade`` applies the Alembic migrations in
``bot/db/migrations`` (on start, and with ``newsbrief db upgrade``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another's transaction
READ_ONLY_OPTION = "newsbrief_read_only"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    Statement parameters are kept out of exception messages (and so out of logs): they hold
    digest HTML and pasted texts."""
    options.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        if database and database != ":memory:":
            # One connection per process: its transactions queue in order inside the process,
            # and only processes contend for the file (a crowd of connections each polling
            # for the write lock starves some of them past the busy timeout).
            options.setdefault("pool_size", 1)
            options.setdefault("max_overflow", 0)
            options.setdefault("pool_timeout", SQLITE_BUSY_TIMEOUT_MS / 1000 * 6)
        engine = create_async_engine(url, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **options)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The driver's own transaction handling off: SQLAlchemy begins each transaction itself
    # (``_sqlite_begin_immediate``), which also makes SAVEPOINTs behave.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Connection) -> None:
    """Every transaction takes SQLite's write lock when it begins, waiting for it up to the busy
    timeout. A deferred transaction that read first and writes later cannot wait: if another
    process wrote in between, SQLite refuses it at once ("database is locked"), which two bot
    processes on one file hit within seconds of a digest fan-out. Sessions made by
    ``read_only`` only read: theirs begin deferred and take no lock (WAL readers never wait)."""
    deferred = connection.get_execution_options().get(READ_ONLY_OPTION)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def read_only(maker: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions like ``maker``'s for work that only reads (on SQLite: no write lock)."""
    bind = maker.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return async_sessionmaker(
        bind.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
    )


def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` on ``engine``'s database."""

    def run(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Undo the migrations after ``revision`` on ``engine``'s database (for an operator going
    back a release, and for the migrations' own tests)."""

    def run(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)
