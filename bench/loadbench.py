"""``newsbrief eval bot-load``: many users sending links at once, against local servers.

Three processes: this one runs the sandbox Bot API server (with Telegram's flood limits
enforced) and plays the users; a child serves the article pages on 127.0.0.1; and the bot
itself is ``newsbrief run`` in its own process (with its worker processes), exactly as an
operator would run it. At once, every user sends a different article link; meanwhile another
user sends /start every quarter second. Measured: every link answered (a summary or a reason),
the time from each link to its final reply, the time each /start took to be answered, what the
sandbox refused with 429 (the bot must wait those out: no user may see one), and the peak
resident memory (RSS) and proportional set size (PSS) of the bot's process and of the bot with
all its descendants (its worker processes, and the fork server they are forked from): RSS counts
a page shared by several processes in each of them, PSS splits it between them, so the tree's
PSS is what the bot really takes. ``cpus`` pins the bot (and so its workers) to that many CPUs,
as on a smaller machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bench.extraction import benchmark_pages
from bench.fanout import stop_worker
from bench.procstat import pss_mb, status_mb, tree_pss_mb, tree_rss_mb
from bot.sandbox.pages import serve_pages
from bot.sandbox.records import Limits, SandboxMessage
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from handlers import i18n

FIRST_USER = 10_000
FIRST_PROBE_USER = 20_000  # each /start comes from a new user, as in a busy bot
PROBE_EVERY_SECONDS = 0.25
START_TIMEOUT_SECONDS = 120.0
RUN_TIMEOUT_SECONDS = 300.0
ROOT = Path(__file__).resolve().parents[1]
INTERNAL_ERROR = i18n.plain("en", "error.internal")


@dataclass
class LoadReport:
    users: int
    answered: int = 0
    summaries: int = 0
    reasons: list[str] = field(default_factory=list)  # the non-summary answers
    reply_seconds: list[float] = field(default_factory=list)
    start_seconds: list[float] = field(default_factory=list)
    refused_429: int = 0
    users_saw_429: int = 0
    peak_rss_bot_mb: float = 0.0
    peak_rss_total_mb: float = 0.0
    peak_pss_bot_mb: float = 0.0
    peak_pss_total_mb: float = 0.0
    workers: int | None = None
    cpus: int | None = None
    wall_seconds: float = 0.0
    limits: Limits = field(default_factory=Limits)

    def table(self) -> str:
        start_p95 = _percentile(self.start_seconds, 0.95)
        lines = [
            f"{self.users} users, one link each, sent at once; Telegram's limits enforced "
            f"(x{self.limits.scale:g}: {self.limits.global_per_second * self.limits.scale:g}/s "
            "overall, "
            f"{self.limits.chat_per_second * self.limits.scale:g}/s per chat)",
            f"answered: {self.answered}/{self.users} ({self.summaries} summaries, "
            f"{len(self.reasons)} reasons)",
            f"time to final reply: p50 {_percentile(self.reply_seconds, 0.5):.2f} s, "
            f"p95 {_percentile(self.reply_seconds, 0.95):.2f} s, "
            f"max {max(self.reply_seconds, default=0):.2f} s",
            f"/start during the load: {len(self.start_seconds)} sent, "
            f"p50 {1000 * _percentile(self.start_seconds, 0.5):.0f} ms, "
            f"p95 {1000 * start_p95:.0f} ms (goal < 200 ms: "
            f"{'met' if start_p95 < 0.2 else 'MISSED'})",
            f"429s the sandbox answered: {self.refused_429} (waited out by the bot); "
            f"users who saw one or an apology: {self.users_saw_429}",
            f"peak RSS: bot process {self.peak_rss_bot_mb:.0f} MB, "
            f"with its workers {self.peak_rss_total_mb:.0f} MB",
            f"peak PSS: bot process {self.peak_pss_bot_mb:.0f} MB, "
            f"with its workers {self.peak_pss_total_mb:.0f} MB "
            f"({self.workers or 'default'} workers, "
            f"{self.cpus or 'all'} CPUs)",
            f"wall time {self.wall_seconds:.1f} s",
        ]
        for reason in sorted(set(self.reasons)):
            lines.append(f"  reason given {self.reasons.count(reason)}x: {reason}")
        return "\n".join(lines)


def run(
    data_dir: Path,
    users: int,
    scale: float,
    workers: int | None,
    out: TextIO,
    cpus: int | None = None,
) -> LoadReport:
    """Measure (see the module docstring); progress and the table go to ``out``."""
    pages = benchmark_pages(data_dir)
    if not pages:
        raise ValueError(f"no pages with ground truth in {data_dir}")
    paths = sorted(pages)
    chosen = {f"/u{n}{paths[n % len(paths)]}": pages[paths[n % len(paths)]] for n in range(users)}
    with serve_pages(chosen, in_process=False) as origin:
        return asyncio.run(_measure(origin, list(chosen), scale, workers, cpus, out))


async def _measure(
    origin: str,
    paths: Sequence[str],
    scale: float,
    workers: int | None,
    cpus: int | None,
    out: TextIO,
) -> LoadReport:
    limits = Limits(scale=scale)
    report = LoadReport(users=len(paths), limits=limits, workers=workers, cpus=cpus)
    async with BotApiServer(limits=limits) as server:
        users = [FIRST_USER + n for n in range(len(paths))]
        for user in users:
            server.user(user, f"User {user}")
            server.private_chat(user)
        data_dir = tempfile.mkdtemp(prefix="newsbrief-load-")  # a fresh SQLite database
        bot = await _start_bot(server, workers, scale, data_dir, cpus)
        sampler = asyncio.create_task(_sample_rss(bot.pid, report))
        try:
            await server.wait_for(lambda: bool(server.commands_for()), START_TIMEOUT_SECONDS)
            await asyncio.sleep(2.0)  # the workers finish warming up
            print(f"bot up (pid {bot.pid}); {len(users)} users send their links", file=out)
            started = time.monotonic()
            finals: dict[int, float] = {}
            for user, path in zip(users, paths, strict=True):
                await server.send(user, user, f"{origin}{path}")
            probe = asyncio.create_task(_probe_starts(server, report))
            await _wait_for_finals(server, users, started, finals)
            report.wall_seconds = time.monotonic() - started
            probe.cancel()
            await asyncio.gather(probe, return_exceptions=True)
        finally:
            sampler.cancel()
            await stop_worker(bot)
            shutil.rmtree(data_dir, ignore_errors=True)
        _collect(server, users, finals, started, report)
    print(report.table(), file=out)
    return report


async def _start_bot(
    server: BotApiServer, workers: int | None, scale: float, data_dir: str, cpus: int | None
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env.update(
        NEWSBRIEF_TELEGRAM_TOKEN=SANDBOX_TOKEN,
        NEWSBRIEF_BOT_API_URL=server.base_url,
        NEWSBRIEF_BOT_API_FILE_URL=server.base_file_url,
        NEWSBRIEF_ALLOW_PRIVATE_URLS="true",
        NEWSBRIEF_USER_SUMMARIES_PER_MINUTE="100",
        NEWSBRIEF_FLOOD_SCALE=f"{scale:g}",
        NEWSBRIEF_LOG_LEVEL="WARNING",
        NEWSBRIEF_DATA_DIR=data_dir,
        PYTHONPATH=str(ROOT),
    )
    if workers:
        env["NEWSBRIEF_WORKERS"] = str(workers)
    command = [sys.executable, "-m", "bot.cli", "run"]
    if cpus:
        # Pinned before it starts (the affinity is inherited by every process it starts), so
        # that the bot sees the CPUs a smaller machine would have (its default worker count
        # follows them).
        allowed = sorted(os.sched_getaffinity(0))[:cpus]
        command = [
            sys.executable,
            "-c",
            "import os, sys; os.sched_setaffinity(0, {int(c) for c in sys.argv[1].split(',')}); "
            "os.execv(sys.executable, sys.argv[2:])",
            ",".join(map(str, allowed)),
            *command,
        ]
    return await asyncio.create_subprocess_exec(
        *command,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _probe_starts(server: BotApiServer, report: LoadReport) -> None:
    """A /start from a new user every PROBE_EVERY_SECONDS while the links are answered."""
    for user in itertools.count(FIRST_PROBE_USER):
        server.user(user, f"Newcomer {user}")
        server.private_chat(user)
        sent = time.monotonic()
        await server.send(user, user, "/start")
        await server.wait_for(functools.partial(_answered, server, user), RUN_TIMEOUT_SECONDS)
        report.start_seconds.append(time.monotonic() - sent)
        await asyncio.sleep(PROBE_EVERY_SECONDS)


def _answered(server: BotApiServer, user: int) -> bool:
    return bool(server.messages(user))


async def _wait_for_finals(
    server: BotApiServer, users: Sequence[int], started: float, finals: dict[int, float]
) -> None:
    """Record when each user's placeholder became its final reply."""
    pending = set(users)

    def check() -> bool:
        now = time.monotonic()
        for user in list(pending):
            if any(_is_final(m) for m in server.messages(user)):
                finals[user] = now - started
                pending.discard(user)
        return not pending

    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while not check():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await server.wait_for(lambda: False, min(remaining, 0.02))


def _is_final(message: SandboxMessage) -> bool:
    return message.edit_count > 0 and not (message.text or "").endswith("…")


def _collect(
    server: BotApiServer,
    users: Sequence[int],
    finals: dict[int, float],
    started: float,
    report: LoadReport,
) -> None:
    del started
    for user in users:
        if user not in finals:
            continue
        report.answered += 1
        report.reply_seconds.append(finals[user])
        final = next(m for m in server.messages(user) if _is_final(m))
        if final.reply_markup and any("callback_data" in b for b in final.buttons()):
            report.summaries += 1
        else:
            report.reasons.append((final.text or "").split("\n")[-1])
        texts = " ".join(m.text or "" for m in server.messages(user))
        # What a 429 that got through would look like to a user: Telegram's words, or the
        # bot's apology for a failure it could not handle.
        report.users_saw_429 += "Too Many Requests" in texts or INTERNAL_ERROR in texts
    report.refused_429 = sum(server.stats.rate_limited.values())


async def _sample_rss(pid: int, report: LoadReport) -> None:
    while True:
        own = status_mb(pid)
        total = tree_rss_mb(pid)
        report.peak_rss_bot_mb = max(report.peak_rss_bot_mb, own)
        report.peak_rss_total_mb = max(report.peak_rss_total_mb, total)
        report.peak_pss_bot_mb = max(report.peak_pss_bot_mb, pss_mb(pid))
        report.peak_pss_total_mb = max(report.peak_pss_total_mb, tree_pss_mb(pid))
        await asyncio.sleep(0.1)


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
