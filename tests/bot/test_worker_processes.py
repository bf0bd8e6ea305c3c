"""Digest delivery by real ``newsbrief worker`` processes (bot/run.py, bench/fanout.py), on SQLite
and PostgreSQL, through the sandbox Bot API server enforcing Telegram's limits:

* two processes on one database deliver each digest exactly once, and both take part;
* a process stopped with SIGTERM mid fan-out finishes what it started and claims nothing new;
  the next one delivers the rest: exactly once, nothing missing;
* a process killed with SIGKILL mid fan-out: the next one resumes its deliveries after their
  lease; nothing is missing, and the only repeat possible is the one message a delivery had in
  flight when the process died (Telegram has no idempotency key: a repeat is chosen over a loss).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.fanout import (
    FanoutReport,
    check_deliveries,
    seed_due_digests,
    start_worker,
    stop_worker,
    wait_until_done,
)
from bench.procstat import descendants
from bot.db.engine import make_engine, sessions, sqlite_url, upgrade
from bot.db.models import CLAIMED, SENDING, SENT, Chat, Delivery
from bot.sandbox.records import Limits
from bot.sandbox.server import BotApiServer
from handlers import i18n
from tests.bot.conftest import POSTGRES_URL, require_postgres

IN_FLIGHT_SECONDS = 1.0  # generous: the measured window is a few milliseconds
CHATS_FOR_TWO = 500


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database other processes can open: a SQLite file, or a PostgreSQL database of
    its own (created and dropped here)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "workers.db")
        return
    await require_postgres()
    name = f"nb_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'create database "{name}"'))
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'drop database if exists "{name}" with (force)'))
        await admin.dispose()


async def _world(url: str, chats: int) -> tuple[async_sessionmaker[AsyncSession], list[int]]:
    engine = make_engine(url)
    await upgrade(engine)
    made = sessions(engine)
    chat_ids = await seed_due_digests(made, chats, random.Random(11), datetime.now(UTC))
    return made, chat_ids


def _sandbox(scale: float, chat_ids: list[int]) -> BotApiServer:
    server = BotApiServer(limits=Limits(scale=scale))
    for chat_id in chat_ids:
        server.user(chat_id, f"Reader {chat_id}")
        server.private_chat(chat_id)
    return server


async def _messages_reach(server: BotApiServer, count: int, timeout: float = 90.0) -> None:
    await server.wait_for(lambda: sum(server.stats.messages_by_chat.values()) >= count, timeout)


async def test_two_processes_on_one_database_deliver_each_digest_once(
    database_url: str, tmp_path: Path
) -> None:
    made, chat_ids = await _world(database_url, CHATS_FOR_TWO)
    await _pause_all(made, paused=True)  # nothing is due until both processes are up
    async with _sandbox(1.0, chat_ids) as server:
        workers = [
            await start_worker(server, database_url, 1.0, str(tmp_path), bot_processes="2")
            for _ in range(2)
        ]
        try:
            # Each registers its command menus once it is up (its jobs then run every 30 s).
            menus = 2 * 2 * len(i18n.LANGUAGES)
            await server.wait_for(lambda: server.stats.requests["setMyCommands"] >= menus, 120)
            # Alone, one process would take ~37 s at its half of 30/s: longer than the 30 s
            # between delivery rounds, so the other one's round falls inside the fan-out.
            await _pause_all(made, paused=False)
            await wait_until_done(made, len(chat_ids), workers, timeout=180)
            await asyncio.sleep(0.5)  # a repeat would arrive now
            report = FanoutReport(len(chat_ids), 2, Limits(), "")
            await check_deliveries(made, server, chat_ids, 0.0, report)
        finally:
            for worker in workers:
                await stop_worker(worker)
        async with made() as session:
            claimants = Counter(  # the process's part of each claim's name
                (name or "").split("/")[0]
                for name in await session.scalars(select(Delivery.claimed_by))
            )
    assert (report.sent, report.missing, report.duplicates, report.out_of_order) == (
        CHATS_FOR_TWO,
        0,
        0,
        0,
    )
    assert report.messages_received == report.messages_expected > CHATS_FOR_TWO
    assert len(claimants) == 2, claimants  # both processes delivered some
    assert sum(server.stats.rate_limited.values()) == 0  # each kept to half the limit
    assert all(worker.returncode == 0 for worker in workers)


async def _pause_all(made: async_sessionmaker[AsyncSession], *, paused: bool) -> None:
    async with made() as session, session.begin():
        await session.execute(update(Chat).values(digests_paused=paused))


async def test_a_process_stopped_mid_fan_out_finishes_its_own_and_the_next_does_the_rest(
    database_url: str, tmp_path: Path
) -> None:
    made, chat_ids = await _world(database_url, 150)
    async with _sandbox(1.0, chat_ids) as server:
        first = await start_worker(server, database_url, 1.0, str(tmp_path))
        await _messages_reach(server, 30)
        first.send_signal(signal.SIGTERM)  # the child this test started, by its pid
        assert await asyncio.wait_for(first.wait(), 60) == 0
        async with made() as session:
            rows = list(await session.scalars(select(Delivery)))
        assert rows and all(row.status not in (CLAIMED, SENDING) for row in rows)
        assert len(rows) < len(chat_ids)  # it stopped claiming: the rest are still due
        second = await start_worker(server, database_url, 1.0, str(tmp_path))
        try:
            await wait_until_done(made, len(chat_ids), [second], timeout=120)
            await asyncio.sleep(0.5)
            report = FanoutReport(len(chat_ids), 1, Limits(), "")
            await check_deliveries(made, server, chat_ids, 0.0, report)
        finally:
            await stop_worker(second)
    assert (report.sent, report.missing, report.duplicates, report.out_of_order) == (150, 0, 0, 0)


async def test_a_process_killed_mid_fan_out_loses_nothing_and_repeats_at_most_its_in_flight(
    database_url: str, tmp_path: Path
) -> None:
    made, chat_ids = await _world(database_url, 150)
    lease = {"digest_lease_seconds": "3"}
    async with _sandbox(1.0, chat_ids) as server:
        first = await start_worker(server, database_url, 1.0, str(tmp_path), **lease)
        await _messages_reach(server, 40)
        # The process and its worker pool die at once, as when the machine or container goes:
        # the process this test started, and its children, by their pids.
        family = [first.pid, *descendants(first.pid)]
        killed_at = time.monotonic()  # the sandbox's clock
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        await first.wait()
        async with made() as session:
            at_kill = {row.chat_id: row.status for row in await session.scalars(select(Delivery))}
        under_way = [chat for chat, status in at_kill.items() if status in (CLAIMED, SENDING)]
        assert under_way, "the kill should catch deliveries under way"
        second = await start_worker(server, database_url, 1.0, str(tmp_path), **lease)
        try:
            await wait_until_done(made, len(chat_ids), [second], timeout=120)
            await asyncio.sleep(0.5)
            report = FanoutReport(len(chat_ids), 1, Limits(), "")
            await check_deliveries(made, server, chat_ids, 0.0, report)
            async with made() as session:
                parts = {row.chat_id: row.parts for row in await session.scalars(select(Delivery))}
        finally:
            await stop_worker(second)
    assert (report.sent, report.missing, report.out_of_order) == (150, 0, 0)
    repeats = []
    for chat_id in chat_ids:
        received = [m for m in server.messages(chat_id) if m.by_bot]
        shown = [m.html for m in received]
        expected = parts[chat_id]
        if at_kill.get(chat_id) == SENT or chat_id not in at_kill:
            assert shown == expected  # finished before the kill, or begun after it: once
            continue
        # under way at the kill: in order, and at most one message twice, in a row
        assert [m for i, m in enumerate(shown) if i == 0 or m != shown[i - 1]] == expected
        assert len(shown) - len(expected) <= 1
        repeats += [received[i - 1] for i in range(1, len(shown)) if shown[i] == shown[i - 1]]
    # Only what was in flight when the process died comes twice: each repeated message had
    # reached Telegram at most a moment before the kill (the kill comes right as the 40th message
    # arrives: the worst moment), never one recorded as sent long before.
    assert all(killed_at - first.sent_at < IN_FLIGHT_SECONDS for first in repeats)
    assert report.duplicates == len(repeats) <= len(under_way)
    print(f"killed with {len(under_way)} deliveries under way: {len(repeats)} message(s) twice")
