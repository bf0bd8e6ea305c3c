"""``newsbrief eval poll-load``: the bot's feed poller on many feeds served locally.

Two processes besides the worker pool: a child serves the feeds (``bench/feedsite.py``: each
feed its own URL and items, most with the whole article, some only a teaser whose page is
served too; ETag and Last-Modified honoured), so its work is not counted here, as a real site's
would not be; this process runs :class:`bot.poller.FeedPoller` wired as the bot wires it
(``bot/app.py``): the same Runtime, fetcher and worker pool, summaries of
``SUMMARY_SENTENCES`` made in the workers, teasers' pages read through the runtime's reader.

Three cycles, each run as rounds of ``poll_due`` back to back until no feed is due (the clock
is moved on past the feeds' interval between cycles):

* cold: every feed new, every item stored and summarized;
* warm: nothing changed, so every feed should cost a 304;
* partial: a share of the feeds published new items meanwhile.

Measured per cycle: wall time, rounds, feeds polled and feeds a second, 304s, failures, new
articles (as reported by the poller and as counted in the database), summaries made, article
pages fetched, how long the event loop was stalled at worst (the bot answers Telegram on the
same loop), CPU seconds of this process and of the workers, and peak resident memory of this
process and of the workers together (sampled every SAMPLE_SECONDS from /proc).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import resource
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.feedsite import SiteInfo, SiteProcess, SiteSpec, SiteStats
from bench.procstat import parent_pid, pss_mb, status_mb
from bot.db import repo
from bot.db.engine import make_engine, sessions, sqlite_url, upgrade
from bot.db.models import DEFAULT_POLL_SECONDS, Article
from bot.poller import POLL_BATCH, SUMMARY_SENTENCES, FeedPoller, PollReport
from handlers.runtime import BotOptions, Runtime, make_pool
from handlers.workers import WorkerPool
from summaries.web.fetch import FetchOptions

# The kernel walks every page table to sum PSS (~ms a process): read every 10th sample only, or
# the probe's own CPU time would show in this process's figure.
PSS_EVERY = 10
SAMPLE_SECONDS = 0.05  # memory and event-loop probes
MAX_ROUNDS = 1000  # a cycle that needs more is broken, not slow
WARM_UP_SECONDS = 120.0  # for every worker to have loaded its models
CYCLES = ("cold", "warm", "partial")


@dataclass
class CycleReport:
    name: str
    wall_seconds: float = 0.0
    rounds: int = 0
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new_articles: int = 0  # as the poller reports them
    stored: int = 0  # new rows in the articles table
    summarized: int = 0  # as the poller reports them
    summaries_stored: int = 0  # articles that got a summary in the database
    summary_errors: Counter[str] = field(default_factory=Counter)
    site: SiteStats = field(default_factory=SiteStats)
    loop_stall_max_ms: float = 0.0
    loop_stall_p99_ms: float = 0.0
    cpu_self_seconds: float = 0.0
    cpu_workers_seconds: float = 0.0
    peak_rss_self_mb: float = 0.0
    peak_rss_workers_mb: float = 0.0
    peak_rss_total_mb: float = 0.0
    peak_pss_total_mb: float = 0.0

    @property
    def stalls_ms(self) -> tuple[float, float]:
        return self.loop_stall_max_ms, self.loop_stall_p99_ms

    @property
    def cpu_seconds(self) -> tuple[float, float]:
        return self.cpu_self_seconds, self.cpu_workers_seconds

    @property
    def feeds_per_second(self) -> float:
        return self.polled / self.wall_seconds if self.wall_seconds else math.nan

    @property
    def articles_per_second(self) -> float:
        return self.new_articles / self.wall_seconds if self.wall_seconds else math.nan


@dataclass
class PollBenchReport:
    feeds: int
    items_per_feed: int
    workers: int
    database: str  # "SQLite" or "PostgreSQL"
    site: SiteInfo
    latency_ms: int = 0
    cycles: list[CycleReport] = field(default_factory=list)
    peak_rss_self_mb: float = 0.0  # ru_maxrss: the true high-water mark of this process
    peak_rss_workers_mb: float = 0.0  # sum of each worker's own high-water mark (VmHWM)

    def cycle(self, name: str) -> CycleReport:
        return next(c for c in self.cycles if c.name == name)

    def table(self) -> str:
        plural = "" if self.workers == 1 else "es"
        delay = f", each answer {self.latency_ms} ms late" if self.latency_ms else ""
        head = (
            f"{self.feeds} feeds x {self.items_per_feed} items on {self.database}, "
            f"{self.workers} worker process{plural}; the feeds served by a child process on "
            f"127.0.0.1{delay}\n"
            f"feed bodies: {self.site.corpus} ({self.site.feed_bytes / 1e6:.1f} MB in all; "
            f"{self.site.teasers} teaser-only items, their pages served)\n"
            "each cycle: rounds of poll_due back to back until no feed is due "
            "(the bot starts one a minute: POLL_EVERY_SECONDS in bot/app.py)\n"
        )
        rows: list[tuple[str, Callable[[CycleReport], str]]] = [
            ("wall time", lambda c: f"{c.wall_seconds:.1f} s"),
            (f"rounds (up to {POLL_BATCH} feeds each)", lambda c: f"{c.rounds}"),
            ("feeds polled", lambda c: f"{c.polled}"),
            ("feeds per second", lambda c: f"{c.feeds_per_second:.0f}"),
            ("new articles per second", lambda c: f"{c.articles_per_second:.0f}"),
            ("feeds answered 200 / 304", lambda c: f"{c.site.feeds_200} / {c.site.feeds_304}"),
            ("  304 on ETag / on date", lambda c: _pair(*c.site.validators)),
            ("fetch failures", lambda c: f"{c.failed}"),
            ("new articles (poller / db)", lambda c: _pair(c.new_articles, c.stored)),
            ("teaser pages fetched", lambda c: f"{c.site.pages_200}"),
            ("summarized (poller / db)", lambda c: _pair(c.summarized, c.summaries_stored)),
            ("not summarized", lambda c: _errors(c.summary_errors)),
            ("event loop stall max / p99", lambda c: _pair(*c.stalls_ms, unit=" ms")),
            ("CPU s this process / workers", lambda c: _pair(*c.cpu_seconds, 1)),
            ("peak RSS this process", lambda c: f"{c.peak_rss_self_mb:.0f} MB"),
            ("peak RSS workers (sum)", lambda c: f"{c.peak_rss_workers_mb:.0f} MB"),
            ("peak RSS together", lambda c: f"{c.peak_rss_total_mb:.0f} MB"),
            ("peak PSS together", lambda c: f"{c.peak_pss_total_mb:.0f} MB"),
        ]  # fmt: skip
        width = max(len(label) for label, _ in rows)
        cells = [[show(c) for c in self.cycles] for _, show in rows]
        widths = [
            max(len(c.name), *(len(row[n]) for row in cells)) for n, c in enumerate(self.cycles)
        ]
        names = "  ".join(c.name.rjust(w) for c, w in zip(self.cycles, widths, strict=True))
        lines = [" " * width + "  " + names]
        for (label, _), row in zip(rows, cells, strict=True):
            values = "  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True))
            lines.append(f"{label.ljust(width)}  {values}")
        tail = (
            f"\npeak RSS over the run: this process {self.peak_rss_self_mb:.0f} MB (ru_maxrss); "
            f"workers {self.peak_rss_workers_mb:.0f} MB (sum of each one's peak)"
        )
        return head + "\n".join(lines) + tail


def _pair(first: float, second: float, digits: int = 0, unit: str = "") -> str:
    return f"{first:.{digits}f} / {second:.{digits}f}{unit}"


def _errors(errors: Counter[str]) -> str:
    if not errors:
        return "0"
    total = sum(errors.values())
    return f"{total} (" + ", ".join(f"{k} {v}" for k, v in errors.most_common(3)) + ")"


def run(
    feeds: int,
    items_per_feed: int,
    *,
    database: str | None = None,
    workers: int | None = None,
    data_dir: Path | None = None,
    teaser_share: float = 0.2,
    changed_share: float = 0.1,
    new_items: int = 2,
    latency_ms: int = 0,
    out: TextIO,
    progress: TextIO | None = None,
) -> PollBenchReport:
    """Measure (see the module docstring); the table goes to ``out``, progress to ``progress``.

    ``database``: a PostgreSQL URL (the benchmark works in a schema of its own, dropped after)
    or a new SQLite file's URL; None: a temporary SQLite file."""
    spec = SiteSpec(
        feeds=feeds,
        items_per_feed=items_per_feed,
        teaser_share=teaser_share,
        changed_share=changed_share,
        new_items=new_items,
        data_dir=data_dir,
        latency_ms=latency_ms,
    )
    count = workers or max(1, os.cpu_count() or 1)
    _say(progress, f"building {feeds} feeds in the site's process ...")
    with SiteProcess(spec) as site:
        report = asyncio.run(_measure(site, database, count, progress))
    print(report.table(), file=out)
    return report


async def _measure(
    site: SiteProcess, database: str | None, workers: int, progress: TextIO | None
) -> PollBenchReport:
    assert site.info is not None
    async with _database(database) as (engine, kind):
        maker = sessions(engine)
        clock = _Clock(datetime.now(UTC).replace(microsecond=0))
        async with maker() as session, session.begin():
            for url in site.feed_urls():
                await repo.ensure_feed(session, url, clock.now)
        pool = make_pool(workers)
        runtime = Runtime(
            BotOptions(workers=workers, fetch=FetchOptions(allow_private=True)), executor=pool
        )
        try:
            await _warm(pool, workers)
            poller = FeedPoller(
                maker,
                runtime.fetcher,
                summarize=lambda body, title: runtime.brief(body, title, SUMMARY_SENTENCES),
                read_article=runtime.article_text,
                clock=clock,
                executor=pool,  # feeds parsed in the workers, as in the bot
            )
            report = PollBenchReport(
                feeds=site.spec.feeds,
                items_per_feed=site.spec.items_per_feed,
                workers=workers,
                database=kind,
                site=site.info,
                latency_ms=site.spec.latency_ms,
            )
            site.take_stats()  # nothing before the first cycle counts
            for name in CYCLES:
                if name == "partial":
                    changed, _ = site.publish()
                    if not changed:
                        break
                _say(progress, f"{name} cycle ...")
                cycle = await _cycle(name, poller, maker, pool)
                cycle.site = site.take_stats()
                report.cycles.append(cycle)
                clock.now += timedelta(seconds=DEFAULT_POLL_SECONDS + 60)
            report.peak_rss_self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            report.peak_rss_workers_mb = sum(status_mb(pid, "VmHWM") for pid in _workers(pool))
        finally:
            await runtime.close()
            pool.shutdown(wait=True, cancel_futures=True)
    return report


async def _cycle(
    name: str,
    poller: FeedPoller,
    maker: async_sessionmaker[AsyncSession],
    pool: WorkerPool,
) -> CycleReport:
    cycle = CycleReport(name)
    before = await _article_counts(maker)
    probe = _Probe(pool)
    probe.start()
    stalls: list[float] = []
    watcher = asyncio.create_task(_watch_loop(stalls))
    started = time.perf_counter()
    try:
        for _ in range(MAX_ROUNDS):
            round_report = await poller.poll_due()
            if not round_report.polled:
                break
            cycle.rounds += 1
            _add(cycle, round_report)
        else:
            raise RuntimeError(f"{name} cycle: feeds still due after {MAX_ROUNDS} rounds")
        cycle.wall_seconds = time.perf_counter() - started
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        probe.stop()
    after = await _article_counts(maker)
    cycle.stored = after[0] - before[0]
    cycle.summaries_stored = after[1] - before[1]
    cycle.summary_errors = after[2] - before[2]
    cycle.loop_stall_max_ms = 1000 * max(stalls, default=0.0)
    cycle.loop_stall_p99_ms = 1000 * _percentile(stalls, 0.99)
    cycle.cpu_self_seconds = probe.cpu_self
    cycle.cpu_workers_seconds = probe.cpu_workers
    cycle.peak_rss_self_mb = probe.peak_self
    cycle.peak_rss_workers_mb = probe.peak_workers
    cycle.peak_rss_total_mb = probe.peak_total
    cycle.peak_pss_total_mb = probe.peak_pss
    return cycle


def _add(cycle: CycleReport, round_report: PollReport) -> None:
    cycle.polled += round_report.polled
    cycle.not_modified += round_report.not_modified
    cycle.failed += round_report.failed
    cycle.new_articles += round_report.new_articles
    cycle.summarized += round_report.summarized


async def _article_counts(
    maker: async_sessionmaker[AsyncSession],
) -> tuple[int, int, Counter[str]]:
    """Articles stored, articles summarized, and the reasons of those that could not be."""
    async with maker() as session:
        stored = await session.scalar(select(func.count()).select_from(Article))
        done = await session.scalar(
            select(func.count()).select_from(Article).where(Article.summary.is_not(None))
        )
        rows = await session.execute(
            select(Article.summary_error, func.count())
            .where(Article.summary_error.is_not(None))
            .group_by(Article.summary_error)
        )
        errors: Counter[str] = Counter({str(reason): number for reason, number in rows.tuples()})
    return int(stored or 0), int(done or 0), errors


async def _watch_loop(stalls: list[float]) -> None:
    """How late the event loop wakes a task that sleeps SAMPLE_SECONDS (its stalls)."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(SAMPLE_SECONDS)
        stalls.append(max(0.0, loop.time() - asked - SAMPLE_SECONDS))


class _Probe(threading.Thread):
    """Samples resident memory of this process and of the workers, and their CPU time."""

    def __init__(self, pool: WorkerPool) -> None:
        super().__init__(daemon=True, name="pollbench-probe")
        self.pool = pool
        self.peak_self = self.peak_workers = self.peak_total = self.peak_pss = 0.0
        self.cpu_self = self.cpu_workers = 0.0
        self._done = threading.Event()
        self._cpu_start = (_cpu_self(), _cpu_of(_workers(pool)))

    def run(self) -> None:
        for sample in itertools.count():
            own = status_mb(os.getpid(), "VmRSS")
            workers = sum(status_mb(pid, "VmRSS") for pid in _workers(self.pool))
            self.peak_self = max(self.peak_self, own)
            self.peak_workers = max(self.peak_workers, workers)
            self.peak_total = max(self.peak_total, own + workers)
            if sample % PSS_EVERY == 0:
                # PSS: this process, the workers and the fork server they are forked from,
                # each shared page counted once (the feed site's process is not the bot's)
                pss = pss_mb(os.getpid()) + sum(pss_mb(pid) for pid in _pool_pids(self.pool))
                self.peak_pss = max(self.peak_pss, pss)
            if self._done.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.cpu_self = _cpu_self() - self._cpu_start[0]
        self.cpu_workers = _cpu_of(_workers(self.pool)) - self._cpu_start[1]


def _workers(pool: WorkerPool) -> list[int]:
    return list(pool._processes or {})  # the pool's own record of its worker processes


def _pool_pids(pool: WorkerPool) -> set[int]:
    """The workers, and their parent when it is not this process (the pool's fork server)."""
    found = set(_workers(pool))
    for pid in list(found):
        parent = parent_pid(pid)
        if parent not in (None, os.getpid()):
            found.add(parent)
    return found


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pids: Sequence[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


async def _warm(pool: WorkerPool, workers: int) -> None:
    """Wait until every worker has started and loaded its models (the bot does this at start;
    it is not part of polling)."""
    deadline = time.monotonic() + WARM_UP_SECONDS
    loop = asyncio.get_running_loop()
    while time.monotonic() < deadline:
        pids = await asyncio.gather(
            *(loop.run_in_executor(pool, _pid_after, 0.2) for _ in range(workers))
        )
        if len(set(pids)) >= workers:
            return
    raise RuntimeError("the worker processes did not start")


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)  # long enough for every idle worker to take one
    return os.getpid()


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def _database(url: str | None) -> AsyncIterator[tuple[AsyncEngine, str]]:
    """A fresh, migrated database: a temporary SQLite file, a new SQLite file, or a schema of
    its own in a PostgreSQL database (dropped afterwards)."""
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="newsbrief-pollbench-"))
        engine = make_engine(sqlite_url(folder / "newsbrief.db"))
        try:
            await upgrade(engine)
            yield engine, "SQLite"
        finally:
            await engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)
        return
    url = async_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and Path(parsed.database).exists():
            raise ValueError(f"{parsed.database} exists: the benchmark needs a new database file")
        engine = make_engine(url)
        try:
            await upgrade(engine)
            yield engine, "SQLite"
        finally:
            await engine.dispose()
        return
    schema = f"pollbench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    async with admin.begin() as connection:
        await connection.execute(text(f'create schema "{schema}"'))
    engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        await upgrade(engine)
        yield engine, "PostgreSQL"
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'drop schema "{schema}" cascade'))
        await admin.dispose()


def async_url(url: str) -> str:
    """``postgresql://`` and ``sqlite:///`` URLs with their async drivers (as the settings do)."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if not url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        raise ValueError("use a postgresql:// or sqlite:/// URL")
    return url


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _say(progress: TextIO | None, message: str) -> None:
    if progress is not None:
        print(message, file=progress, flush=True)
