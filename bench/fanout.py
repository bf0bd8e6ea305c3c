"""``newsbrief eval fan-out``: thousands of digests due at the same minute, delivered through the
sandbox Bot API server enforcing Telegram's flood limits.

This process runs the sandbox (its limits scaled by ``scale`` so that the run takes a minute or
less) and seeds a fresh database: outlets, their articles of the last day (many stories carried
by two or three outlets), and ``digests`` private chats, each following a few outlets, in a
dozen time zones, every one of them due now. Then ``newsbrief worker`` runs in ``processes``
child processes on that database, as an operator would run them, and delivers.

Measured: the achieved message rate from the first digest message to the last, as a share of
the enforced global limit; every chat's messages against the messages stored on its delivery
(duplicates, missing ones, order); the 429s the sandbox answered (each must have been waited
out: none may leave a digest missing); the time from start to the first message; peak memory.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.procstat import tree_pss_mb, tree_rss_mb
from bot.db.engine import make_engine, read_only, sessions, sqlite_url, upgrade
from bot.db.models import (
    FAILED,
    SENT,
    SKIPPED,
    Article,
    ArticleSource,
    Chat,
    Delivery,
    Feed,
    Subscription,
)
from bot.sandbox.records import Limits
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

FIRST_CHAT = 50_000_000
OUTLETS = 30
STORIES = 240
FEEDS_PER_CHAT = (3, 8)
BIG_DIGEST_SHARE = 0.1  # chats that want 30 stories: their digests take two or three messages
START_TIMEOUT_SECONDS = 120.0
RUN_TIMEOUT_SECONDS = 600.0
ROOT = Path(__file__).resolve().parents[1]
ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "Europe/Moscow",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Africa/Lagos",
    "UTC",
)
_PLACES = ("Northbridge", "Lakeside", "Eastfield", "Harrow", "Caldwell", "Penmore", "Ashby")
_PAPERS = ("Herald", "Courier", "Gazette", "Times", "Post", "Chronicle", "Observer", "Tribune")
_SYLLABLES = ("ka", "lo", "mer", "ti", "van", "su", "dor", "bel", "nu", "ra", "fen", "os")


@dataclass
class FanoutReport:
    chats: int
    processes: int
    limits: Limits
    database: str
    messages_expected: int = 0
    messages_received: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    missing: int = 0
    out_of_order: int = 0
    unfinished: int = 0
    refused_429: int = 0
    first_message_seconds: float = 0.0  # from starting the workers
    send_seconds: float = 0.0  # first message to last
    peak_rss_mb: float = 0.0  # the workers with their worker pools
    peak_pss_mb: float = 0.0  # the same, each shared page counted once
    busiest_second: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def limit(self) -> float:
        return self.limits.global_per_second * self.limits.scale

    @property
    def rate(self) -> float:
        if self.messages_received < 2 or self.send_seconds <= 0:
            return 0.0
        return (self.messages_received - 1) / self.send_seconds

    def table(self) -> str:
        share = self.rate / self.limit if self.limit else 0.0
        verdict = "met" if share >= 0.95 else "MISSED"
        lines = [
            f"{self.chats} digests due at once, {self.processes} worker process(es), "
            f"{self.database}; Telegram's limits x{self.limits.scale:g}: {self.limit:g}/s "
            f"overall, {self.limits.chat_per_second * self.limits.scale:g}/s per chat",
            f"delivered: {self.sent} sent, {self.skipped} skipped (nothing new), "
            f"{self.failed} failed, {self.unfinished} unfinished",
            f"messages: {self.messages_received} received of {self.messages_expected} stored",
            f"duplicates {self.duplicates}, missing {self.missing}, out of order "
            f"{self.out_of_order}",
            f"rate, first message to last: {self.rate:.1f}/s over {self.send_seconds:.1f} s = "
            f"{100 * share:.1f}% of the limit (goal >= 95%: {verdict})",
            f"busiest one-second window: {self.busiest_second} messages (limit {int(self.limit)})",
            f"429s the sandbox answered: {self.refused_429} (each waited out and retried)",
            f"first message {self.first_message_seconds:.1f} s after the workers started "
            "(start-up, due scan, first compositions)",
            f"peak RSS, workers with their pools: {self.peak_rss_mb:.0f} MB "
            f"(PSS {self.peak_pss_mb:.0f} MB)",
        ]
        lines += self.notes
        return "\n".join(lines)


def run(
    chats: int,
    scale: float,
    processes: int,
    database_url: str | None,
    out: TextIO,
    *,
    seed: int = 7,
) -> FanoutReport:
    """Measure (see the module docstring); progress and the table go to ``out``."""
    return asyncio.run(_measure(chats, scale, processes, database_url, out, seed))


async def _measure(
    count: int,
    scale: float,
    processes: int,
    database_url: str | None,
    out: TextIO,
    seed: int,
) -> FanoutReport:
    limits = Limits(scale=scale)
    folder = tempfile.mkdtemp(prefix="newsbrief-fanout-")
    url = database_url or sqlite_url(Path(folder) / "fanout.db")
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    report = FanoutReport(chats=count, processes=processes, limits=limits, database=backend)
    engine = make_engine(url)
    workers: list[asyncio.subprocess.Process] = []
    try:
        await upgrade(engine)
        made = sessions(engine)
        async with made() as session:
            if await session.scalar(select(func.count()).select_from(Chat)):
                raise ValueError("the database already has chats: give the benchmark an empty one")
        chat_ids = await seed_due_digests(made, count, random.Random(seed), datetime.now(UTC))
        print(f"seeded {count} chats, {OUTLETS} outlets, {STORIES} stories", file=out)
        async with BotApiServer(limits=limits) as server:
            for chat_id in chat_ids:
                server.user(chat_id, f"Reader {chat_id}")
                server.private_chat(chat_id)
            started = time.monotonic()
            workers = [
                await start_worker(server, url, scale, folder, bot_processes=str(processes))
                for _ in range(processes)
            ]
            sampler = asyncio.create_task(_sample_rss([w.pid for w in workers], report))
            try:
                await wait_until_done(made, count, workers)
            finally:
                sampler.cancel()
                await asyncio.gather(sampler, return_exceptions=True)
            await asyncio.sleep(1.0)  # anything sent twice would arrive now
            await check_deliveries(made, server, chat_ids, started, report)
    finally:
        for worker in workers:
            await stop_worker(worker)
        await engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    print(report.table(), file=out)
    return report


# --- the world ----------------------------------------------------------------------------------


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


async def seed_due_digests(
    made: async_sessionmaker[AsyncSession], count: int, rng: random.Random, now: datetime
) -> list[int]:
    """Outlets with a day of articles, and ``count`` chats whose digest is due now."""
    outlets = [f"{_PLACES[n % len(_PLACES)]} {_PAPERS[n // len(_PLACES)]}" for n in range(OUTLETS)]
    async with made() as session, session.begin():
        feeds = [
            Feed(
                url=f"https://news{n}.example/feed.xml",
                title=name,
                next_poll_at=now + timedelta(days=365),  # the workers must not poll them
                created_at=now,
            )
            for n, name in enumerate(outlets)
        ]
        session.add_all(feeds)
        await session.flush()
        for story in range(STORIES):
            person, place, thing = _word(rng), _word(rng, 2), _word(rng).lower()
            amount = rng.randint(2, 900)
            carriers = rng.sample(feeds, rng.choice((1, 1, 1, 2, 2, 3)))
            for version, feed in enumerate(carriers):
                seen = now - timedelta(minutes=rng.randint(30, 20 * 60))
                title = (
                    f"{person} announces {amount} new {thing} sites in {place}",
                    f"{place} to get {amount} {thing} sites, says {person}",
                    f"{amount} {thing} sites planned for {place}",
                )[version]
                sentences = [
                    f"{person} said on Tuesday that {place} would get {amount} new {thing} "
                    f"sites by the end of next year.",
                    f"The plan, worth {amount * 3} million, still needs the approval of the "
                    f"{place} council, which meets in {rng.choice(('May', 'June', 'July'))}.",
                ]
                article = Article(
                    key=f"url:https://news{feeds.index(feed)}.example/{story}",
                    url=f"https://news{feeds.index(feed)}.example/{story}",
                    content_hash=f"{story:08d}{version:04d}",
                    title=title,
                    published_at=seen,
                    first_seen_at=seen,
                    language="en",
                    text=" ".join(sentences),
                    summary=sentences,
                )
                session.add(article)
                await session.flush()
                session.add(ArticleSource(article_id=article.id, feed_id=feed.id, seen_at=seen))
        chat_ids = [FIRST_CHAT + n for n in range(count)]
        for chat_id in chat_ids:
            zone = rng.choice(ZONES)
            local = now.astimezone(ZoneInfo(zone)) - timedelta(minutes=rng.randint(1, 20))
            session.add(
                Chat(
                    id=chat_id,
                    type="private",
                    timezone=zone,
                    digest_time=f"{local:%H:%M}",
                    digest_size=30 if rng.random() < BIG_DIGEST_SHARE else 10,
                    created_at=now - timedelta(days=2),
                )
            )
        await session.flush()
        for chat_id in chat_ids:
            for feed in rng.sample(feeds, rng.randint(*FEEDS_PER_CHAT)):
                session.add(
                    Subscription(
                        chat_id=chat_id, feed_id=feed.id, created_at=now - timedelta(days=2)
                    )
                )
    return chat_ids


# --- the workers --------------------------------------------------------------------------------


async def start_worker(
    server: BotApiServer, url: str, scale: float, folder: str, **settings: str
) -> asyncio.subprocess.Process:
    """``newsbrief worker`` in a child process, on ``url``, talking to ``server``; ``settings``
    are more NEWSBRIEF_ variables (``digest_lease_seconds="3"``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env.update(
        NEWSBRIEF_TELEGRAM_TOKEN=SANDBOX_TOKEN,
        NEWSBRIEF_BOT_API_URL=server.base_url,
        NEWSBRIEF_BOT_API_FILE_URL=server.base_file_url,
        NEWSBRIEF_DATABASE_URL=url,
        NEWSBRIEF_DATA_DIR=folder,
        NEWSBRIEF_FLOOD_SCALE=f"{scale:g}",
        NEWSBRIEF_WORKERS="1",
        NEWSBRIEF_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update({f"NEWSBRIEF_{name.upper()}": value for name, value in settings.items()})
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "worker",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=None,  # a worker's warnings and errors are worth seeing
    )


async def stop_worker(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)  # a child this benchmark started, by its pid
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def wait_until_done(
    made: async_sessionmaker[AsyncSession],
    count: int,
    workers: list[asyncio.subprocess.Process],
    timeout: float = RUN_TIMEOUT_SECONDS,
) -> None:
    """Until ``count`` deliveries are finished (sent, skipped or failed)."""
    deadline = time.monotonic() + timeout
    reads = read_only(made)
    while time.monotonic() < deadline:
        async with reads() as session:
            done = await session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.status.in_((SENT, SKIPPED, FAILED)))
            )
        if (done or 0) >= count:
            return
        if all(worker.returncode is not None for worker in workers):
            raise RuntimeError("every worker process ended before the digests were delivered")
        await asyncio.sleep(0.25)
    raise TimeoutError(f"the digests were not all delivered in {timeout:.0f} s")


async def _sample_rss(pids: list[int], report: FanoutReport) -> None:
    """Peak RSS and PSS of the workers' trees, read in a thread: reading PSS makes the kernel walk
    each process's pages (tens of ms), which on this loop would slow the sandbox server it shares
    (the measured rate fell from 95% to 69-80% of the limit)."""

    def sample(with_pss: bool) -> tuple[float, float]:
        rss = sum(tree_rss_mb(pid) for pid in pids)
        return rss, (sum(tree_pss_mb(pid) for pid in pids) if with_pss else 0.0)

    rounds = 0
    while True:
        rss, pss = await asyncio.to_thread(sample, rounds % PSS_EVERY == 0)
        report.peak_rss_mb = max(report.peak_rss_mb, rss)
        report.peak_pss_mb = max(report.peak_pss_mb, pss)
        rounds += 1
        await asyncio.sleep(0.2)


PSS_EVERY = 5  # PSS every fifth sample (once a second), RSS every 0.2 s


# --- the check ----------------------------------------------------------------------------------


async def check_deliveries(
    made: async_sessionmaker[AsyncSession],
    server: BotApiServer,
    chat_ids: list[int],
    started: float,
    report: FanoutReport,
) -> None:
    """Every chat's messages against the messages stored on its delivery."""
    async with read_only(made)() as session:
        deliveries = {row.chat_id: row for row in await session.scalars(select(Delivery))}
    times: list[float] = []
    for chat_id in chat_ids:
        received = [m for m in server.messages(chat_id) if m.by_bot]
        times += [m.sent_at for m in received]
        report.messages_received += len(received)
        delivery = deliveries.get(chat_id)
        if delivery is None:
            report.unfinished += 1
            report.missing += 1
            continue
        if delivery.status == SENT:
            report.sent += 1
        elif delivery.status == SKIPPED:
            report.skipped += 1
        elif delivery.status == FAILED:
            report.failed += 1
        else:
            report.unfinished += 1
        expected = list(delivery.parts or [])
        report.messages_expected += len(expected)
        shown = [m.html for m in received]
        counts = Counter(shown)
        report.duplicates += sum(n - 1 for n in counts.values() if n > 1)
        report.missing += sum(1 for part in expected if part not in counts)
        if list(dict.fromkeys(shown)) != [p for p in expected if p in counts]:
            report.out_of_order += 1
    times.sort()
    if times:
        report.first_message_seconds = times[0] - started
        report.send_seconds = times[-1] - times[0]
        report.busiest_second = _busiest_window(times, 1.0)
    report.refused_429 = sum(server.stats.rate_limited.values())


def _busiest_window(times: list[float], width: float) -> int:
    best, low = 0, 0
    for high, at in enumerate(times):
        while at - times[low] >= width:
            low += 1
        best = max(best, high - low + 1)
    return best
