"""bot/db/engine.py: migrations, SQLite's pragmas, times that come back aware."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import repo
from bot.db.engine import (
    current_revision,
    downgrade,
    make_engine,
    sessions,
    sqlite_url,
    upgrade,
)
from bot.db.models import Base

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_migrations_create_the_whole_schema(engine: AsyncEngine) -> None:
    assert await current_revision(engine) == "0003"

    def tables(connection: object) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with engine.connect() as connection:
        found = await connection.run_sync(tables)
    assert set(Base.metadata.tables) <= found
    await upgrade(engine)  # a second upgrade is a no-op
    assert await current_revision(engine) == "0003"


async def test_times_come_back_aware_utc(engine: AsyncEngine) -> None:
    moscow = timezone(timedelta(hours=3))
    async with sessions(engine)() as session, session.begin():
        await repo.ensure_chat(session, 1, datetime(2026, 11, 24, 11, 0, tzinfo=moscow))
    async with sessions(engine)() as session:
        chat = await repo.chat(session, 1)
    assert chat is not None and chat.created_at == NOW and chat.created_at.tzinfo is not None


async def test_naive_times_are_refused(engine: AsyncEngine) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with sessions(engine)() as session, session.begin():
            await repo.ensure_chat(session, 2, datetime(2026, 11, 24, 8, 0))


async def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = make_engine(sqlite_url(tmp_path / "data" / "bot.db"))
    await upgrade(database)
    async with database.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
        keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
    await database.dispose()
    assert mode == "wal" and keys == 1
    assert (tmp_path / "data" / "bot.db").is_file()  # the data directory was created


async def test_the_migrations_match_the_models(engine: AsyncEngine) -> None:
    """Autogenerate finds nothing to do: models and migrations describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def diff(connection: object) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_failing_statements_never_show_their_parameters(engine: AsyncEngine) -> None:
    """Exception messages (and so logs) carry no statement parameters: they hold digest HTML and
    pasted texts."""
    secret = "a pasted article that must not reach a log"
    with pytest.raises(Exception) as caught:
        async with engine.connect() as connection:
            await connection.execute(
                text("select * from no_such_table where x = :secret"), {"secret": secret}
            )
    assert "no_such_table" in str(caught.value)
    assert secret not in str(caught.value)


async def test_0002_moves_the_filter_words_to_the_chat(empty_engine: AsyncEngine) -> None:
    """Each chat takes its earliest subscription's words; a chat with none gets empty lists."""
    await upgrade(empty_engine, "0001")
    async with empty_engine.begin() as connection:
        for chat_id in (1, 2):
            await connection.execute(
                text(
                    "insert into chats (id, type, timezone, digest_time, digest_size, skip_empty,"
                    " show_quotes, show_facts, show_footer, digests_paused, created_at) values"
                    " (:id, 'private', 'UTC', '08:00', 10, true, true, true, true, false, :now)"
                ),
                {"id": chat_id, "now": NOW},
            )
        for feed_id in (10, 11):
            await connection.execute(
                text(
                    "insert into feeds (id, url, poll_seconds, next_poll_at, error_count, active,"
                    " created_at) values (:id, :url, 900, :now, 0, true, :now)"
                ),
                {"id": feed_id, "url": f"https://f{feed_id}.example/rss", "now": NOW},
            )
        for feed_id, words, when in ((11, '["late"]', 1), (10, '["bridge"]', 0)):
            await connection.execute(
                text(
                    "insert into subscriptions (chat_id, feed_id, include_words, exclude_words,"
                    " created_at) values (1, :feed, :words, '[\"sport\"]', :at)"
                ),
                {"feed": feed_id, "words": words, "at": NOW + timedelta(hours=when)},
            )
        await connection.execute(
            text(
                "insert into deliveries (chat_id, local_date, due_at, status, parts_total,"
                " parts_sent) values (1, '2026-11-24', :now, 'sent', 1, 1)"
            ),
            {"now": NOW},
        )

    async def counts() -> tuple[int, int, int]:
        async with empty_engine.connect() as connection:
            found = [
                (await connection.execute(text(f"select count(*) from {table}"))).scalar_one()
                for table in ("chats", "subscriptions", "deliveries")
            ]
        return found[0], found[1], found[2]

    await upgrade(empty_engine, "0002")
    assert await current_revision(empty_engine) == "0002"
    # Nothing is lost on the way (a rebuilt "chats" table on SQLite would cascade-delete both).
    assert await counts() == (2, 2, 1)
    async with empty_engine.connect() as connection:  # the columns of 0002, not the models'
        found = await connection.execute(
            text("select include_words, exclude_words from chats order by id")
        )
        words = [[json.loads(v) if isinstance(v, str) else v for v in row] for row in found]
    assert words == [[["bridge"], ["sport"]], [[], []]]
    await downgrade(empty_engine, "0001")  # and back: the subscriptions take the words again
    assert await current_revision(empty_engine) == "0001"
    assert await counts() == (2, 2, 1)
    async with empty_engine.connect() as connection:
        rows = await connection.execute(text("select include_words from subscriptions"))
        words = [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in rows]
    assert words == [["bridge"], ["bridge"]]


async def test_0003_adds_the_linked_chat_columns_in_place(empty_engine: AsyncEngine) -> None:
    """/channel's columns come and go without rebuilding "chats" (which, on SQLite, would
    cascade-delete every subscription and delivery)."""
    await upgrade(empty_engine, "0002")
    async with empty_engine.begin() as connection:
        await connection.execute(
            text(
                "insert into chats (id, type, timezone, digest_time, digest_size, skip_empty,"
                " show_quotes, show_facts, show_footer, digests_paused, created_at,"
                " include_words, exclude_words) values (-1001, 'channel', 'UTC', '08:00', 10,"
                " true, true, true, true, false, :now, '[]', '[]')"
            ),
            {"now": NOW},
        )
        await connection.execute(
            text(
                "insert into feeds (id, url, poll_seconds, next_poll_at, error_count, active,"
                " created_at) values (10, 'https://f.example/rss', 900, :now, 0, true, :now)"
            ),
            {"now": NOW},
        )
        await connection.execute(
            text("insert into subscriptions (chat_id, feed_id, created_at) values (-1001, 10, :n)"),
            {"n": NOW},
        )
        await connection.execute(
            text(
                "insert into deliveries (chat_id, local_date, due_at, status, parts_total,"
                " parts_sent) values (-1001, '2026-11-24', :now, 'sent', 1, 1)"
            ),
            {"now": NOW},
        )

    async def counts() -> tuple[int, ...]:
        async with empty_engine.connect() as connection:
            return tuple(
                [
                    (await connection.execute(text(f"select count(*) from {table}"))).scalar_one()
                    for table in ("chats", "subscriptions", "deliveries")
                ]
            )

    await upgrade(empty_engine)
    assert await current_revision(empty_engine) == "0003"
    assert await counts() == (1, 1, 1)
    async with sessions(empty_engine)() as session, session.begin():
        channel = await repo.chat(session, -1001)
        assert channel is not None and (channel.title, channel.linked_by) == (None, None)
        channel.title, channel.linked_by = "Daily News", 42
    await downgrade(empty_engine, "0002")
    assert await current_revision(empty_engine) == "0002"
    assert await counts() == (1, 1, 1)
