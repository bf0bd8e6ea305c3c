"""bot/digests.py when the database or Telegram blinks mid fan-out: every digest message arrives,
and none twice.

* PostgreSQL: a database of the test's own has every connection cut (pg_terminate_backend) and
  new ones refused (ALLOW_CONNECTIONS false) for a few seconds while digests go out;
* SQLite: another process holds the file's write lock for a few seconds;
* Telegram: sendMessage answers 5xx, or so slowly that the client times out.

Each test counts the messages each chat received against the messages stored for its digest:
0 lost, 0 duplicates. (A message Telegram took whose answer was lost would be the one repeat
allowed, a message in flight; these tests make none.)
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bench.fanout import FanoutReport, check_deliveries, seed_due_digests
from bot.db import engine as db_engine
from bot.db.engine import make_engine, sessions, sqlite_url, upgrade
from bot.db.models import SENT, Delivery
from bot.digests import LEASE, DigestSender, database_away
from bot.flood import FloodControl
from bot.sandbox.records import Limits
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from tests.bot.conftest import POSTGRES_URL, require_postgres

CHATS = 40
OUTAGE_SECONDS = 3.0
MAX_ROUNDS = 6  # rounds after the first, each past the lease of what broke off before


class Clock:
    """Real time, moved on by whole leases when a test needs the stale claims resumed."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def _sandbox(chat_ids: list[int]) -> BotApiServer:
    server = BotApiServer(limits=Limits(scale=20.0))
    for chat_id in chat_ids:
        server.user(chat_id, f"Reader {chat_id}")
        server.private_chat(chat_id)
    return server


def _bot(server: BotApiServer, read_timeout: float = 5.0) -> ExtBot[int]:
    return ExtBot(
        SANDBOX_TOKEN,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        rate_limiter=FloodControl(),
        request=HTTPXRequest(connection_pool_size=32, read_timeout=read_timeout),
    )


async def _fan_out(
    made: async_sessionmaker[AsyncSession],
    server: BotApiServer,
    chat_ids: list[int],
    clock: Clock,
    blink: Callable[[], Awaitable[None]],
    *,
    read_timeout: float = 5.0,
) -> FanoutReport:
    """One round with ``blink`` started once the first messages went out, then rounds past the
    lease until every digest is sent; the count of what each chat received."""
    async with _bot(server, read_timeout) as bot:
        sender = DigestSender(made, bot, clock=clock, worker="outage")
        first = asyncio.create_task(sender.run())
        await server.wait_for(lambda: sum(server.stats.messages_by_chat.values()) >= 10, 60)
        await blink()
        await _round(first)
        for _ in range(MAX_ROUNDS):
            async with made() as session:
                statuses = list(await session.scalars(select(Delivery.status)))
            if len(statuses) == len(chat_ids) and set(statuses) == {SENT}:
                break
            clock.offset += LEASE + timedelta(seconds=1)  # what broke off is resumed now
            await _round(sender.run())
    await asyncio.sleep(0.5)  # a late repeat would arrive now
    report = FanoutReport(len(chat_ids), 1, Limits(), "")
    await check_deliveries(made, server, chat_ids, 0.0, report)
    return report


async def _round(run: Awaitable[object]) -> None:
    """A round as the bot's job runs it: a round that fails (its due scan found the database
    away) is logged, and the next one goes on (bot/app.py)."""
    try:
        await run
    except Exception as error:
        assert database_away(error), error


def _assert_exactly_once(report: FanoutReport) -> None:
    assert report.messages_received == report.messages_expected > CHATS
    assert (report.sent, report.missing, report.duplicates, report.out_of_order) == (
        CHATS,
        0,
        0,
        0,
    )


@pytest.fixture
async def postgres_database() -> AsyncIterator[tuple[str, str]]:
    """A PostgreSQL database of this test's own: (its URL, its name)."""
    await require_postgres()
    name = f"nb_outage_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'create database "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}", name
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'alter database "{name}" allow_connections true'))
            await connection.execute(text(f'drop database if exists "{name}" with (force)'))
        await admin.dispose()


async def _world(
    engine: AsyncEngine, clock: Clock
) -> tuple[async_sessionmaker[AsyncSession], list[int]]:
    await upgrade(engine)
    made = sessions(engine)
    return made, await seed_due_digests(made, CHATS, random.Random(7), clock())


@pytest.mark.postgres
async def test_a_postgresql_outage_mid_fan_out_loses_and_repeats_nothing(
    postgres_database: tuple[str, str],
) -> None:
    url, name = postgres_database
    clock = Clock()
    engine = make_engine(url)
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        made, chat_ids = await _world(engine, clock)

        async def outage() -> None:
            async with admin.connect() as connection:
                await connection.execute(text(f'alter database "{name}" allow_connections false'))
                await connection.execute(
                    text(
                        "select pg_terminate_backend(pid) from pg_stat_activity "
                        "where datname = :name and pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            await asyncio.sleep(OUTAGE_SECONDS)
            async with admin.connect() as connection:
                await connection.execute(text(f'alter database "{name}" allow_connections true'))

        async with await _sandbox(chat_ids) as server:
            report = await _fan_out(made, server, chat_ids, clock, outage)
    finally:
        await engine.dispose()
        await admin.dispose()
    _assert_exactly_once(report)


async def test_a_locked_sqlite_file_mid_fan_out_loses_and_repeats_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 200)  # give up soon, then retry
    path = tmp_path / "outage.db"
    clock = Clock()
    engine = make_engine(sqlite_url(path))
    try:
        made, chat_ids = await _world(engine, clock)
        released = threading.Event()

        def hold_the_lock() -> None:
            other = sqlite3.connect(path, isolation_level=None)  # as another process would
            try:
                other.execute("begin exclusive")
                released.wait(OUTAGE_SECONDS)
                other.execute("rollback")
            finally:
                other.close()

        async def locked() -> None:
            holder = threading.Thread(target=hold_the_lock)
            holder.start()
            await asyncio.sleep(OUTAGE_SECONDS)
            released.set()
            await asyncio.to_thread(holder.join)

        async with await _sandbox(chat_ids) as server:
            report = await _fan_out(made, server, chat_ids, clock, locked)
    finally:
        await engine.dispose()
    _assert_exactly_once(report)


async def test_telegram_5xx_and_timeouts_mid_fan_out_lose_and_repeat_nothing(
    tmp_path: Path,
) -> None:
    clock = Clock()
    engine = make_engine(sqlite_url(tmp_path / "telegram.db"))
    try:
        made, chat_ids = await _world(engine, clock)
        async with await _sandbox(chat_ids) as server:

            async def failing() -> None:
                server.inject_error("sendMessage", times=6, status=502)
                server.inject_error("sendMessage", times=3, status=500)
                server.inject_delay("sendMessage", times=4, seconds=3.0)

            report = await _fan_out(made, server, chat_ids, clock, failing, read_timeout=1.0)
            refused = server.stats.errors["sendMessage"]
    finally:
        await engine.dispose()
    assert refused >= 9  # the 5xx answers were given
    _assert_exactly_once(report)
