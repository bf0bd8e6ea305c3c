"""Health and Prometheus metrics for operators, on ``NEWSBRIEF_METRICS_PORT`` (off by default).

Each bot process (``newsbrief run``, ``webhook`` or ``worker``) serves its own, on
``NEWSBRIEF_METRICS_LISTEN:NEWSBRIEF_METRICS_PORT`` (127.0.0.1 by default), so several processes
on one machine each need a port of their own:

    GET /healthz   200 "ok" once the database and the Bot API answer; 503 otherwise, the body
                   saying which does not and why (one line each)
    GET /metrics   this process's counters in Prometheus's text format (prometheus-client)

The worker processes of the extraction pool serve nothing: their work is counted by the bot
process that handed it to them. Counters start at zero when a process starts (Prometheus's
``rate()`` and ``increase()`` allow for that).

The metrics, all named ``newsbrief_…``:

    updates_total{kind}                 updates handled, by kind (message, callback_query, ...)
    reply_seconds                       histogram: from an update's handling to the end of the
                                        work it started (a summary edited into its placeholder)
    summaries_total{outcome}            "made", or the reason there is none (timeout, blocked, ...)
    fetch_failures_total{reason}        the failures among those that are fetching a page's
    work_queued                         summaries waiting or running now (the "busy" limit's count)
    flood_waits_total                   requests flood control held back to stay in the limits
    flood_wait_seconds_total            the time they were held back
    telegram_429_total{method}          429s from the Bot API (each waited out and retried)
    digests_total{outcome}              digests sent, skipped (nothing new), refused (blocked)
    digest_retries_total{why}           deliveries resumed after a lease ran out, deliveries that
                                        broke off (resumed later)
    digest_messages_total               digest messages sent
    digest_delivery_seconds             histogram: from a digest's due time to the end of its
                                        delivery
    poll_rounds_total                   feed polling rounds
    feeds_polled_total{result}          feeds read: new items, not modified, failed
    feed_errors_total{reason}           feed failures by reason (not_found, timeout, ...)

Call sites add one line each (``metrics.DIGESTS.labels("sent").inc()``); the summaries' outcomes
and the work queued are read from the handlers' ``Runtime`` when scraped, as ``/stats`` reads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from summaries.errors import SummaryError
from summaries.web.extract import ExtractionError
from summaries.web.fetch import FetchError

if TYPE_CHECKING:  # the counters are imported by the poller and the digests, which need no more
    from aiohttp import web
    from telegram.ext import Application

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 5.0  # a check that takes longer counts as not answering
# Replies: a command's answer in milliseconds, a summary in seconds (Telegram's flood limits
# stretch them under load); digests: minutes late is worth seeing, hours late is an outage.
REPLY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 60.0)
DIGEST_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 21600.0)

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # process_resident_memory_bytes, CPU seconds, open fds
GCCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

UPDATES = Counter("newsbrief_updates", "Updates handled, by kind", ["kind"], registry=REGISTRY)
REPLY_SECONDS = Histogram(
    "newsbrief_reply_seconds",
    "From an update's handling to the end of the work it started",
    buckets=REPLY_BUCKETS,
    registry=REGISTRY,
)
FLOOD_WAITS = Counter(
    "newsbrief_flood_waits", "Requests held back by flood control", registry=REGISTRY
)
FLOOD_WAIT_SECONDS = Counter(
    "newsbrief_flood_wait_seconds",
    "Time requests were held back by flood control",
    registry=REGISTRY,
)
TELEGRAM_429 = Counter(
    "newsbrief_telegram_429",
    "429 Too Many Requests from the Bot API (waited out and retried)",
    ["method"],
    registry=REGISTRY,
)
DIGESTS = Counter(
    "newsbrief_digests",
    "Digests by outcome: sent, skipped, refused",
    ["outcome"],
    registry=REGISTRY,
)
DIGEST_RETRIES = Counter(
    "newsbrief_digest_retries",
    "Deliveries taken over after their lease (resumed) or broken off (resumed later)",
    ["why"],
    registry=REGISTRY,
)
DIGEST_MESSAGES = Counter("newsbrief_digest_messages", "Digest messages sent", registry=REGISTRY)
DIGEST_SECONDS = Histogram(
    "newsbrief_digest_delivery_seconds",
    "From a digest's due time to the end of its delivery",
    buckets=DIGEST_BUCKETS,
    registry=REGISTRY,
)
POLL_ROUNDS = Counter("newsbrief_poll_rounds", "Feed polling rounds", registry=REGISTRY)
FEEDS_POLLED = Counter(
    "newsbrief_feeds_polled",
    "Feeds read: new (answered with content), not_modified, failed",
    ["result"],
    registry=REGISTRY,
)
FEED_ERRORS = Counter(
    "newsbrief_feed_errors", "Feed failures by reason", ["reason"], registry=REGISTRY
)

T = TypeVar("T")


class CannotListen(Exception):
    """The metrics server could not bind its address (the message says which and why)."""


# --- counted where they happen --------------------------------------------------------------


def flood_waited(seconds: float) -> None:
    """Flood control held a request back ``seconds`` (nothing is counted for no wait)."""
    if seconds >= 0.001:
        FLOOD_WAITS.inc()
        FLOOD_WAIT_SECONDS.inc(seconds)


def digest_done(report: Any, sent_before: int, due_at: datetime, now: datetime) -> None:
    """A claimed digest's delivery ended (``bot.digests``): timed from its due time if it was
    sent (a skipped or refused one is counted by its outcome only)."""
    if report.sent > sent_before:
        DIGEST_SECONDS.observe(max(0.0, (now - due_at).total_seconds()))


def polled(report: Any) -> None:
    """A polling round's report (``bot.poller.PollReport``)."""
    POLL_ROUNDS.inc()
    FEEDS_POLLED.labels("not_modified").inc(report.not_modified)
    FEEDS_POLLED.labels("failed").inc(report.failed)
    FEEDS_POLLED.labels("new").inc(report.polled - report.not_modified - report.failed)


@dataclass
class _Handling:
    started: float


_HANDLING: contextvars.ContextVar[_Handling | None] = contextvars.ContextVar(
    "newsbrief_handling", default=None
)


@contextlib.contextmanager
def handling(update: object) -> Iterator[None]:
    """Around one update's handling (``Application.process_update``): counts it, and times it
    unless it started background work (``replying``), which is timed to its end instead."""
    UPDATES.labels(_kind(update)).inc()
    record = _Handling(time.monotonic())
    token = _HANDLING.set(record)
    try:
        yield
    finally:
        _HANDLING.reset(token)
        if record.started >= 0:  # no background work took the timing over
            REPLY_SECONDS.observe(time.monotonic() - record.started)


def replying(coroutine: Coroutine[Any, Any, T]) -> Coroutine[Any, Any, T]:
    """``coroutine``, as background work an update's handler started (``create_task``): the
    reply is timed from the update's handling to the end of this work."""
    record = _HANDLING.get()
    if record is None or record.started < 0:  # not from a handler, or timed already
        return coroutine
    started, record.started = record.started, -1.0

    async def timed() -> T:
        try:
            return await coroutine
        finally:
            REPLY_SECONDS.observe(time.monotonic() - started)

    return timed()


def _kind(update: object) -> str:
    for kind in (
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
        "chat_member",
    ):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


# --- read from the runtime when scraped -------------------------------------------------------


def _failure_codes(base: type[SummaryError]) -> frozenset[str]:
    found: set[str] = set()
    stack: list[type[SummaryError]] = [base]
    while stack:
        cls = stack.pop()
        found.add(cls.code)
        stack.extend(cls.__subclasses__())
    return frozenset(found)


class _RuntimeCounters(Collector):
    """The handlers' own counts (``Runtime.stats``, ``Runtime.pending_jobs``) as metrics."""

    def __init__(self) -> None:
        self.app: Application | None = None  # type: ignore[type-arg]

    def collect(self) -> Iterator[Metric]:
        summaries = CounterMetricFamily(
            "newsbrief_summaries", "Summaries asked for, by outcome", labels=["outcome"]
        )
        fetches = CounterMetricFamily(
            "newsbrief_fetch_failures",
            "Pages that could not be read for a summary, by reason",
            labels=["reason"],
        )
        queued = GaugeMetricFamily(
            "newsbrief_work_queued", "Summaries waiting or running (the busy limit's count)"
        )
        from handlers.runtime import Runtime

        found = self.app.bot_data.get("runtime") if self.app is not None else None
        runtime = found if isinstance(found, Runtime) else None
        stats = runtime.stats if runtime is not None else {}
        summaries.add_metric(["made"], stats.get("summaries", 0))
        summaries.add_metric(["internal_error"], stats.get("internal_errors", 0))
        summaries.add_metric(["delivery_failed"], stats.get("delivery_failed", 0))
        fetch_codes = _failure_codes(FetchError) | _failure_codes(ExtractionError)
        for key, count in sorted(stats.items()):
            if key.startswith("error."):
                code = key.removeprefix("error.")
                summaries.add_metric([code], count)
                if code in fetch_codes:
                    fetches.add_metric([code], count)
        queued.add_metric([], runtime.pending_jobs if runtime is not None else 0)
        yield summaries
        yield fetches
        yield queued


_RUNTIME_COUNTERS = _RuntimeCounters()
REGISTRY.register(_RUNTIME_COUNTERS)


# --- the server ------------------------------------------------------------------------------


async def health(app: Application) -> list[str]:  # type: ignore[type-arg]
    """What does not answer, one reason each (empty: healthy)."""
    from telegram.error import TelegramError

    problems: list[str] = []
    try:
        await asyncio.wait_for(_check_database(app), HEALTH_TIMEOUT_SECONDS)
    except TimeoutError:
        problems.append(f"database: no answer in {HEALTH_TIMEOUT_SECONDS:g} s")
    except Exception as error:  # any failure is the reason, said in one line
        problems.append(f"database: {_one_line(error)}")
    try:
        await asyncio.wait_for(app.bot.get_me(), HEALTH_TIMEOUT_SECONDS)
    except TimeoutError:
        problems.append(f"Bot API: no answer in {HEALTH_TIMEOUT_SECONDS:g} s")
    except TelegramError as error:
        problems.append(f"Bot API: {_one_line(error)}")
    except Exception as error:  # e.g. the bot is not initialized yet
        problems.append(f"Bot API: {_one_line(error)}")
    return problems


async def _check_database(app: Application) -> None:  # type: ignore[type-arg]
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.store import DbStore
    from handlers.runtime import Runtime

    engine = app.bot_data.get("engine")
    if isinstance(engine, AsyncEngine):
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
        return
    runtime = app.bot_data.get("runtime")
    store = runtime.store if isinstance(runtime, Runtime) else None
    if isinstance(store, DbStore):
        async with store.sessions() as session:
            await session.execute(text("select 1"))
        return
    if runtime is None:
        raise RuntimeError("not open yet (the bot is starting)")
    # a runtime without a database keeps its state in memory: nothing to check


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message[:300]


class MetricsServer:
    """``/healthz`` and ``/metrics`` for one bot process (see the module docstring)."""

    def __init__(self, app: Application, listen: str, port: int) -> None:  # type: ignore[type-arg]
        self.app = app
        self.listen = listen
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        from aiohttp import web
        from prometheus_client.aiohttp import make_aiohttp_handler

        served = web.Application()
        served.router.add_get("/healthz", self._healthz)
        served.router.add_get("/metrics", make_aiohttp_handler(REGISTRY))
        runner = web.AppRunner(served, access_log=None)
        await runner.setup()
        where = f"{self.listen}:{self.port}"
        try:
            await web.TCPSite(runner, self.listen, self.port).start()
        except OSError as error:  # the port is taken, or the address is not this machine's
            await runner.cleanup()
            reason = error.strerror or str(error)
            raise CannotListen(f"cannot serve metrics on {where}: {reason}") from error
        self._runner = runner
        logger.info("metrics and health on http://%s/metrics and /healthz", where)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        from aiohttp import web

        problems = await health(self.app)
        if problems:
            return web.Response(status=503, text="\n".join(problems) + "\n")
        return web.Response(text="ok\n")


async def serve(app: Application, listen: str, port: int | None) -> None:  # type: ignore[type-arg]
    """Start the metrics server for ``app`` when a port is set: first thing in ``post_init``,
    so that ``/healthz`` says "starting" while the database is opened and migrated."""
    if port is None:
        return
    _RUNTIME_COUNTERS.app = app
    server = MetricsServer(app, listen, port)
    await server.start()
    app.bot_data["metrics_server"] = server


async def stop(app: Application) -> None:  # type: ignore[type-arg]
    """Stop ``app``'s metrics server (in ``post_shutdown``)."""
    server = app.bot_data.pop("metrics_server", None)
    if isinstance(server, MetricsServer):
        await server.stop()
