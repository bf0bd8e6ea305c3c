"""``newsbrief eval hostile``: adversarial pages, feeds and files, served from 127.0.0.1.

Every case is generated here in code (nothing is downloaded): pages built to be slow or large to
extract, feeds built to be slow to parse, an OPML file declaring a costly codec, a digest of
thousands of stories. Two parts:

1. **Each case alone**, through the bot's own code path in this process (the bot's Runtime with
   its worker pool; the fetcher; the /subscribe examination; the digest composition): the wall
   time, the longest stall of this process's event loop (a task that asks to sleep 5 ms and
   notes how late it wakes), the peak memory (PSS) of this process and its workers, how the
   case ended, and the longest any worker was kept busy by it (a job past its budget is killed).
2. **An attack on the running bot**: ``newsbrief run`` in its own process against the sandbox
   Bot API server (as ``bench/loadbench.py``); users send every hostile link and /subscribe
   every hostile feed at once, a new user sends /start every quarter second, and one user sends
   an ordinary article link a second into the attack. Measured: /start p95, whether the
   ordinary link got its summary, and the peak memory (PSS) of the bot with its workers.

Targets (issue 15): /start p95 < 200 ms; the ordinary link answered normally; no event-loop
stall > 100 ms; no worker busy past its budget; peak memory < 500 MB.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import itertools
import json
import math
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO

from bench.fanout import stop_worker
from bench.procstat import parent_pid, pss_mb, tree_pss_mb
from bot.sandbox.records import Limits, SandboxMessage
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from handlers.runtime import (
    DIGEST_BUDGET,
    EXTRACT_BUDGET,
    FEED_BUDGET,
    BotOptions,
    Runtime,
    make_pool,
)
from handlers.workers import WorkerPool
from summaries.errors import SummaryError
from summaries.feeds.digest import DigestItem
from summaries.feeds.opml import parse_opml
from summaries.feeds.parse import examine
from summaries.feeds.top import Candidate, top_stories
from summaries.web.fetch import FetchOptions

SAMPLE_SECONDS = 0.005  # the loop probe's sleep
# PSS is read from /proc/<pid>/smaps_rollup, a few ms a process: sampled 10 times a second.
MEMORY_SAMPLE_SECONDS = 0.1
WORKERS = 2
STALL_GOAL = 0.100
START_GOAL = 0.200
MEMORY_GOAL_MB = 500.0
BUDGET_SLACK = 1.0  # seconds: a killed worker's job ends within its budget plus this
FIRST_USER = 30_000
FIRST_PROBE_USER = 40_000
ORDINARY_USER = 29_999
PROBE_EVERY_SECONDS = 0.25
START_TIMEOUT_SECONDS = 120.0
ATTACK_TIMEOUT_SECONDS = 180.0
ROOT = Path(__file__).resolve().parents[1]

# --- the cases -------------------------------------------------------------------------------

# An ordinary article, written for this harness: eight paragraphs of plain news prose.
ORDINARY = "\n".join(
    f"<p>{text}</p>"
    for text in (
        "The town council of Riverton voted on Tuesday to rebuild the old stone bridge over "
        "the river, ending a dispute that had lasted for more than three years.",
        "The bridge, built in 1874, was closed to cars last spring after engineers found "
        "cracks in two of its arches and warned that the structure could not carry traffic.",
        "Councillors approved a budget of four million pounds for the work, which will begin "
        "in March and is expected to take eighteen months to complete.",
        "“This bridge is the heart of the town, and we owe it to the people who use it every "
        "day,” said the council leader, Maria Holt, after the vote.",
        "Shop owners on the north bank said the closure had cut their trade by a third, as "
        "customers from the south side stopped making the long detour by the ring road.",
        "A temporary footbridge will stay open during the works, and a bus service will link "
        "the two banks every fifteen minutes until the new bridge opens to traffic.",
        "The plan was opposed by two councillors, who argued that a new modern bridge would "
        "cost less to maintain and could be built more quickly than a restoration.",
        "The council said it would publish the full contract next month and hold a public "
        "meeting in the town hall before the first stones are taken down.",
    )
)


def ordinary_page() -> bytes:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Riverton votes to "
        "rebuild its old bridge</title></head><body><article><h1>Riverton votes to rebuild "
        f"its old bridge</h1>{ORDINARY}</article></body></html>"
    ).encode()


def repeated_paragraphs(count: int = 80_000) -> bytes:
    """Many tiny paragraphs: trafilatura's pruning grows with their square."""
    return (
        "<html><head><title>Repeats</title></head><body>"
        + "<p>Short line here.</p>" * count
        + "</body></html>"
    ).encode()


def many_attributes(count: int = 40_000) -> bytes:
    """One tag with 40,000 attributes: libxml2 checks each against the others."""
    attributes = " ".join(f'a{i}="x"' for i in range(count))
    return (
        f"<html><head><title>Attributes</title></head><body><div {attributes}>hi</div>"
        + ORDINARY
        + "</body></html>"
    ).encode()


def many_links(count: int = 150_000) -> bytes:
    return (
        "<html><head><title>Links</title></head><body>"
        + "".join(f'<a href="/{i}">Story {i}</a>' for i in range(count))
        + "</body></html>"
    ).encode()


def big_json_ld(megabytes: int = 4) -> bytes:
    sentence = "The council said on Monday that the bridge would open in May. "
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A very long body",
        "articleBody": sentence * (megabytes * 1024 * 1024 // len(sentence)),
    }
    return (
        '<html><head><title>JSON-LD</title><script type="application/ld+json">'
        + json.dumps(data)
        + "</script></head><body>"
        + ORDINARY
        + "</body></html>"
    ).encode()


def many_alternates(count: int = 80_000) -> bytes:
    """A page announcing 80,000 feeds (all distinct) for /subscribe to look through."""
    return (
        "<html><head><title>Feeds</title>"
        + "".join(
            f"<link rel=alternate type=application/rss+xml href=/f/{i}>" for i in range(count)
        )
        + "</head><body><p>Nothing here.</p></body></html>"
    ).encode()


def punycode_feed() -> bytes:
    """A tiny gzipped feed declaring the punycode codec (Python's decoder is quadratic)."""
    return (
        b'<?xml version="1.0" encoding="punycode"?><rss version="2.0"><channel><title>'
        + b"\xc3\xa9" * 320_000
        + b"</title></channel></rss>"
    )


def _rss(items: int, text_words: int) -> bytes:
    body = " ".join(["word"] * text_words)
    entries = "".join(
        f"<item><title>Story {i}</title><link>http://127.0.0.1/story/{i}</link>"
        f"<guid>story-{i}</guid><description>Story {i}: {body}.</description>"
        f"<pubDate>Tue, 24 Nov 2026 04:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>'
        f"<link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


def large_feed() -> bytes:
    """An ordinary feed of 4.9 MB: 1,000 items with long descriptions."""
    return _rss(1_000, 950)


def many_item_feed(count: int = 40_000) -> bytes:
    """40,000 short items (about 200 KB gzipped)."""
    entries = "".join(
        f"<item><title>S{i}</title><link>http://127.0.0.1/s/{i}</link></item>" for i in range(count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>'
        f"{entries}</channel></rss>"
    ).encode()


def punycode_opml() -> bytes:
    """A 1 MB OPML file declaring the punycode codec."""
    return (
        b'<?xml version="1.0" encoding="punycode"?><opml version="2.0"><head><title>'
        + b"\xc3\xa9" * 500_000
        + b"</title></head><body/></opml>"
    )


@dataclass(frozen=True)
class Served:
    content_type: str
    body: bytes
    gzipped: bool = False


def served_cases() -> dict[str, Served]:
    """Path -> what the local server answers: the hostile pages and feeds, the ordinary page."""
    return {
        "/p-80k.html": Served("text/html", repeated_paragraphs()),
        "/attrs-40k.html": Served("text/html", many_attributes()),
        "/links-150k.html": Served("text/html", many_links()),
        "/json-ld-4mb.html": Served("text/html", big_json_ld()),
        "/alternates-80k.html": Served("text/html", many_alternates()),
        "/punycode.xml": Served("application/rss+xml", punycode_feed(), gzipped=True),
        "/feed-4.9mb.xml": Served("application/rss+xml", large_feed()),
        "/feed-40k-items.xml": Served("application/rss+xml", many_item_feed(), gzipped=True),
        "/ordinary.html": Served("text/html", ordinary_page()),
    }


LINK_CASES = ("/p-80k.html", "/attrs-40k.html", "/links-150k.html", "/json-ld-4mb.html")
FEED_CASES = (
    "/alternates-80k.html",
    "/punycode.xml",
    "/feed-4.9mb.xml",
    "/feed-40k-items.xml",
)


def digest_candidates(count: int = 4_000) -> list[Candidate]:
    """``count`` distinct stories for one digest (a chat of many busy feeds)."""
    words = [f"w{n:05d}" for n in range(count * 4)]
    now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    return [
        (
            DigestItem(
                key=f"url:http://127.0.0.1/s/{i}",
                title=f"Story {i} {words[4 * i]} {words[4 * i + 1]}",
                text=f"{words[4 * i + 2]} {words[4 * i + 3]} happened today in town {i}.",
                url=f"http://127.0.0.1/s/{i}",
                source=f"Feed {i % 100}",
                published=now - timedelta(minutes=i % 1440),
                language="en",
            ),
            (),
            (),
        )
        for i in range(count)
    ]


# --- the local server ------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _CaseServer

    def do_GET(self) -> None:
        case = self.server.cases.get(self.path)
        if case is None:
            self.send_error(404)
            return
        body = gzip.compress(case.body, 9) if case.gzipped else case.body
        self.send_response(200)
        self.send_header("Content-Type", case.content_type)
        if case.gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _CaseServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, cases: dict[str, Served]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.cases = cases


def _serve_in_child(port_out: Connection) -> None:
    server = _CaseServer(served_cases())  # built in the child: nothing big crosses the pipe
    port_out.send(server.server_address[1])
    port_out.close()
    server.serve_forever()


@contextlib.contextmanager
def serve_cases() -> Iterator[str]:
    """The cases served from a child process on 127.0.0.1 (so serving them costs this process
    nothing); yields the origin."""
    context = multiprocessing.get_context("spawn")
    port_in, port_out = context.Pipe(duplex=False)
    child = context.Process(target=_serve_in_child, args=(port_out,), daemon=True)
    child.start()
    port_out.close()
    try:
        if not port_in.poll(START_TIMEOUT_SECONDS):
            raise RuntimeError("the case server did not start")
        yield f"http://127.0.0.1:{port_in.recv()}"
    finally:
        port_in.close()
        child.terminate()
        child.join()


# --- part 1: each case alone -----------------------------------------------------------------


@dataclass
class CaseReport:
    name: str
    outcome: str
    wall_seconds: float
    stall_seconds: float  # the longest the loop woke late
    loop_cpu_seconds: float  # the most CPU the loop's thread used between two wakes
    peak_mb: float
    busy_seconds: float  # the longest a worker was held by this case
    budget: float

    @property
    def within_budget(self) -> bool:
        return self.busy_seconds <= self.budget + BUDGET_SLACK


@dataclass
class AttackReport:
    start_seconds: list[float] = field(default_factory=list)
    ordinary: str = "not answered"
    ordinary_seconds: float = math.nan
    hostile_answered: int = 0
    hostile_total: int = 0
    peak_mb: float = 0.0
    idle_mb: float = 0.0  # the bot with its workers, warmed up, before the attack
    apologies: int = 0  # "internal error" replies
    log_errors: list[str] = field(default_factory=list)  # ERROR lines of the bot's log


@dataclass
class HostileReport:
    cases: list[CaseReport] = field(default_factory=list)
    attack: AttackReport = field(default_factory=AttackReport)
    idle_mb: float = 0.0  # this process and its workers before the first case

    def table(self) -> str:
        lines = [
            f"{'case':<30} {'wall s':>7} {'stall ms':>9} {'loop ms':>8} {'peak MB':>8} "
            f"{'busy s':>7} {'budget':>6}  outcome"
        ]
        for case in self.cases:
            lines.append(
                f"{case.name:<30} {case.wall_seconds:7.2f} {1000 * case.stall_seconds:9.1f} "
                f"{1000 * case.loop_cpu_seconds:8.1f} {case.peak_mb:8.0f} "
                f"{case.busy_seconds:7.2f} {case.budget:6.0f}  {case.outcome}"
            )
        stall = max((c.stall_seconds for c in self.cases), default=0.0)
        loop_cpu = max((c.loop_cpu_seconds for c in self.cases), default=0.0)
        peak = max((c.peak_mb for c in self.cases), default=0.0)
        over = [c.name for c in self.cases if not c.within_budget]
        attack = self.attack
        start_p95 = _percentile(attack.start_seconds, 0.95)
        lines += [
            "",
            f"longest event-loop stall: {1000 * stall:.1f} ms (goal < {1000 * STALL_GOAL:.0f} "
            f"ms: {_met(stall < STALL_GOAL)}); the most CPU the loop's own thread used between "
            f"two wakes: {1000 * loop_cpu:.1f} ms (the rest of a stall is waiting for a core)",
            f"workers busy past their budget: {len(over)} {over or ''} (goal 0: {_met(not over)})",
            f"peak memory (PSS), cases alone (this process and its {WORKERS} workers): "
            f"{peak:.0f} MB, {self.idle_mb:.0f} MB before the first case "
            f"(goal < {MEMORY_GOAL_MB:.0f} MB: {_met(peak < MEMORY_GOAL_MB)})",
            "",
            f"attack on `newsbrief run`: {attack.hostile_total} hostile links and /subscribe "
            f"at once; {attack.hostile_answered} answered, {attack.apologies} internal errors; "
            f"{len(attack.log_errors)} ERROR lines in the bot's log",
            *(f"  {line[:160]}" for line in attack.log_errors[:5]),
            f"/start during the attack: {len(attack.start_seconds)} sent, p50 "
            f"{1000 * _percentile(attack.start_seconds, 0.5):.0f} ms, p95 "
            f"{1000 * start_p95:.0f} ms (goal < {1000 * START_GOAL:.0f} ms: "
            f"{_met(start_p95 < START_GOAL)})",
            f"ordinary link sent during the attack: {attack.ordinary} in "
            f"{attack.ordinary_seconds:.1f} s (goal: a summary: "
            f"{_met(attack.ordinary == 'summary')})",
            f"peak memory (PSS) of the bot with its {WORKERS} workers: {attack.peak_mb:.0f} MB, "
            f"{attack.idle_mb:.0f} MB before the attack (goal < {MEMORY_GOAL_MB:.0f} MB: "
            f"{_met(attack.peak_mb < MEMORY_GOAL_MB)})",
        ]
        return "\n".join(lines)


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


class _Memory(threading.Thread):
    """Samples the resident memory of this process and of the pool's workers."""

    def __init__(self, pool: WorkerPool) -> None:
        super().__init__(daemon=True, name="hostile-memory")
        self.pool = pool
        self.peak = 0.0
        self.idle = 0.0  # before the first case
        self._done = threading.Event()

    def now(self) -> float:
        """The proportional set size (PSS) of this process, its workers and their fork server:
        the workers share the fork server's pages, which a sum of RSS would count once each."""
        workers = set(self.pool.pids())
        servers = {parent_pid(pid) for pid in workers} - {None, os.getpid()}
        return pss_mb(os.getpid()) + sum(pss_mb(pid) for pid in workers | servers if pid)

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, self.now())
            if self._done.wait(MEMORY_SAMPLE_SECONDS):
                return

    def reset(self) -> None:
        self.peak = self.now()

    def stop(self) -> None:
        self._done.set()
        self.join()


async def _stalls(found: list[tuple[float, float]]) -> None:
    """(how late the loop woke, CPU its thread used meanwhile) for each 5 ms sleep: a late wake
    with the thread's CPU near 0 is the process waiting for a core (a loaded machine), not work
    on the loop."""
    loop = asyncio.get_running_loop()
    while True:
        asked, cpu = loop.time(), time.thread_time()
        await asyncio.sleep(SAMPLE_SECONDS)
        late = max(0.0, loop.time() - asked - SAMPLE_SECONDS)
        found.append((late, time.thread_time() - cpu))


async def _case(
    name: str,
    budget: float,
    work: Callable[[], Awaitable[str]],
    pool: WorkerPool,
    memory: _Memory,
) -> CaseReport:
    stalls: list[tuple[float, float]] = []
    memory.reset()
    pool.longest_busy = 0.0
    probe = asyncio.create_task(_stalls(stalls))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    try:
        outcome = await work()
    except SummaryError as error:
        outcome = f"{type(error).__name__}: {error.user_message}"
    except Exception as error:  # the harness reports, it does not stop
        outcome = f"UNEXPECTED {type(error).__name__}: {error}"
    wall = time.monotonic() - started
    probe.cancel()
    await asyncio.gather(probe, return_exceptions=True)
    worst = max(stalls, default=(0.0, 0.0))
    return CaseReport(
        name,
        outcome[:90],
        wall,
        worst[0],
        max((cpu for _, cpu in stalls), default=0.0),
        memory.peak,
        pool.longest_busy,
        budget,
    )


async def _each_case(origin: str, out: TextIO, report: HostileReport) -> None:
    pool = make_pool(WORKERS)
    runtime = Runtime(
        BotOptions(workers=WORKERS, fetch=FetchOptions(allow_private=True)), executor=pool
    )
    memory = _Memory(pool)
    try:
        await runtime.start()
        await runtime.read_link(origin + "/ordinary.html")  # first use: the bot's, not a case's
        runtime.results = type(runtime.results)(10, 60.0)  # forget it: the case reads it again
        runtime.reader.cache.clear()
        memory.idle = memory.now()
        memory.start()

        def read(path: str) -> Callable[[], Awaitable[str]]:
            async def work() -> str:
                result = await runtime.read_link(origin + path)
                return f"read: {len(result.text)} chars"

            return work

        def subscribe(path: str) -> Callable[[], Awaitable[str]]:
            async def work() -> str:
                fetched = await runtime.fetcher.fetch_feed(origin + path)
                assert fetched is not None
                found = await runtime.run_job(FEED_BUDGET, examine, fetched, 3)
                if found.is_feed:
                    return f"a feed: {found.title!s:.20}"
                return f"a page naming {len(found.candidates)} feeds (first 3 tried)"

            return work

        async def opml() -> str:
            feeds = await runtime.run_job(FEED_BUDGET, parse_opml, punycode_opml())
            return f"{len(feeds)} feeds"

        from bot.digests import MAX_DIGEST_ITEMS  # the cap the bot applies

        candidates = digest_candidates()[:MAX_DIGEST_ITEMS]  # built before the clock starts

        async def digest() -> str:
            now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
            stories, more = await runtime.run_job(DIGEST_BUDGET, top_stories, candidates, now, 10)
            return f"4,000 items capped to {len(candidates)}: {len(stories)} shown, {more} more"

        plan: list[tuple[str, float, Callable[[], Awaitable[str]]]] = [
            ("ordinary link", EXTRACT_BUDGET, read("/ordinary.html")),
            *((f"link {p[1:]}", EXTRACT_BUDGET, read(p)) for p in LINK_CASES),
            *((f"subscribe {p[1:]}", FEED_BUDGET, subscribe(p)) for p in FEED_CASES),
            ("opml punycode 1 MB", FEED_BUDGET, opml),
            ("digest of 4,000 items", DIGEST_BUDGET, digest),
        ]
        for name, budget, work in plan:
            case = await _case(name, budget, work, pool, memory)
            print(f"  {name}: {case.wall_seconds:.2f} s, {case.outcome}", file=out)
            report.cases.append(case)
    finally:
        report.idle_mb = memory.idle
        memory.stop()
        await runtime.close()


# --- part 2: the attack on the running bot ---------------------------------------------------


async def _attack(origin: str, out: TextIO) -> AttackReport:
    report = AttackReport()
    async with BotApiServer(limits=Limits(scale=10.0)) as server:
        hostile = [origin + p for p in LINK_CASES] + [f"/subscribe {origin}{p}" for p in FEED_CASES]
        users = [FIRST_USER + n for n in range(len(hostile))]
        for user in [*users, ORDINARY_USER]:
            server.user(user, f"User {user}")
            server.private_chat(user)
        data_dir = tempfile.mkdtemp(prefix="newsbrief-hostile-")
        log_path = Path(data_dir) / "bot.log"
        log = log_path.open("w", encoding="utf-8")
        bot = await _start_bot(server, data_dir, log)
        sampler = _TreeMemory(bot.pid, report)
        sampler.start()
        try:
            await server.wait_for(lambda: bool(server.commands_for()), START_TIMEOUT_SECONDS)
            await asyncio.sleep(3.0)  # the workers finish warming up
            report.idle_mb = tree_pss_mb(bot.pid)
            print(f"  bot up (pid {bot.pid}); the attack starts", file=out)
            for user, text in zip(users, hostile, strict=True):
                await server.send(user, user, text)
            probe = asyncio.create_task(_probe_starts(server, report))
            await asyncio.sleep(1.0)
            sent = time.monotonic()
            await server.send(ORDINARY_USER, ORDINARY_USER, f"{origin}/ordinary.html")
            with contextlib.suppress(TimeoutError):
                await server.wait_for(
                    lambda: any(_is_final(m) for m in server.messages(ORDINARY_USER)),
                    ATTACK_TIMEOUT_SECONDS,
                )
            report.ordinary_seconds = time.monotonic() - sent
            with contextlib.suppress(TimeoutError):
                await server.wait_for(
                    lambda: all(_answered(server, user) for user in users), ATTACK_TIMEOUT_SECONDS
                )
            probe.cancel()
            await asyncio.gather(probe, return_exceptions=True)
        finally:
            sampler.stop()
            await stop_worker(bot)
            log.close()
            lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            report.log_errors = [line for line in lines if " ERROR " in line]
            shutil.rmtree(data_dir, ignore_errors=True)
        final = next((m for m in server.messages(ORDINARY_USER) if _is_final(m)), None)
        if final is not None:
            buttons = final.buttons() if final.reply_markup else []
            summary = any("callback_data" in b for b in buttons)
            report.ordinary = "summary" if summary else f"reason: {final.text!s:.60}"
        report.hostile_total = len(users)
        report.hostile_answered = sum(_answered(server, user) for user in users)
        report.apologies = sum(
            "went wrong on my side" in (m.text or "")
            for user in users
            for m in server.messages(user)
        )
    return report


def _answered(server: BotApiServer, user: int) -> bool:
    return any(m.by_bot and not (m.text or "").endswith("…") for m in server.messages(user))


def _is_final(message: SandboxMessage) -> bool:
    return message.edit_count > 0 and not (message.text or "").endswith("…")


async def _probe_starts(server: BotApiServer, report: AttackReport) -> None:
    for user in itertools.count(FIRST_PROBE_USER):
        server.user(user, f"Newcomer {user}")
        server.private_chat(user)
        sent = time.monotonic()
        await server.send(user, user, "/start")
        await server.wait_for(functools.partial(_any_reply, server, user), ATTACK_TIMEOUT_SECONDS)
        report.start_seconds.append(time.monotonic() - sent)
        await asyncio.sleep(PROBE_EVERY_SECONDS)


def _any_reply(server: BotApiServer, user: int) -> bool:
    return bool(server.messages(user))


class _TreeMemory(threading.Thread):
    """Samples the resident memory of the bot's process tree (off the loop: walking /proc for
    the descendants takes tens of milliseconds, which would delay the sandbox server)."""

    def __init__(self, pid: int, report: AttackReport) -> None:
        super().__init__(daemon=True, name="hostile-tree-memory")
        self.pid = pid
        self.report = report
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(MEMORY_SAMPLE_SECONDS):
            self.report.peak_mb = max(self.report.peak_mb, tree_pss_mb(self.pid))

    def stop(self) -> None:
        self._done.set()
        self.join()


async def _start_bot(
    server: BotApiServer, data_dir: str, log: TextIO
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env.update(
        NEWSBRIEF_TELEGRAM_TOKEN=SANDBOX_TOKEN,
        NEWSBRIEF_BOT_API_URL=server.base_url,
        NEWSBRIEF_BOT_API_FILE_URL=server.base_file_url,
        NEWSBRIEF_ALLOW_PRIVATE_URLS="true",
        NEWSBRIEF_USER_SUMMARIES_PER_MINUTE="100",
        NEWSBRIEF_FLOOD_SCALE="10",
        NEWSBRIEF_LOG_LEVEL="WARNING",
        NEWSBRIEF_DATA_DIR=data_dir,
        NEWSBRIEF_WORKERS=str(WORKERS),
        PYTHONPATH=str(ROOT),
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=log,
    )


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run(out: TextIO, *, attack: bool = True) -> HostileReport:
    """Measure (see the module docstring); progress and the table go to ``out``."""
    report = HostileReport()
    with serve_cases() as origin:
        print("each case alone:", file=out)
        asyncio.run(_each_case(origin, out, report))
        if attack:
            print("the attack on the running bot:", file=out)
            report.attack = asyncio.run(_attack(origin, out))
    print(report.table(), file=out)
    return report
