"""The Application builder: the one place where the bot is wired together.

``build_application(settings)`` returns a python-telegram-bot Application with every feature's
handlers registered, flood control (``bot/flood.py``: Telegram's 30 messages a second, one a
second per chat and 20 a minute per group, counted in sliding windows, quick answers first; a
429 is waited out and retried, never dropped), HTML and no link previews as defaults, and
concurrent update handling. ``post_init`` starts the shared Runtime (worker
processes, the fetcher) and registers the command lists; ``post_shutdown`` closes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Generator
from datetime import timedelta
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import BotCommand, BotCommandScopeAllGroupChats, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot

from bot import metrics
from bot.channels import ChannelNotices, DbChannels
from bot.config import Settings
from bot.db.engine import make_engine, sessions, upgrade
from bot.digests import DigestSender
from bot.flood import FloodControl
from bot.poller import MAX_FAILURES, SUMMARY_SENTENCES, FeedPoller
from bot.store import DbStore
from bot.subscriptions import DbSubscriptions
from handlers import (
    admin,
    buttons,
    channels,
    errors,
    feedfiles,
    i18n,
    inline,
    privacy,
    start,
    subscriptions,
    summarize,
)
from handlers import settings as settings_handlers
from handlers.replies import best_effort
from handlers.runtime import BotOptions, Priority, Runtime, utcnow
from summaries.web.fetch import FetchOptions

logger = logging.getLogger(__name__)
RT = TypeVar("RT")

TELEGRAM_PER_SECOND = 30.0  # Telegram's overall limit for one bot token, shared by its processes
RATE_LIMIT_RETRIES = 5  # a request hit by 429 this many times in a row is given up (logged)
CONCURRENT_UPDATES = 256  # updates handled at once; the worker pool bounds the CPU work
PRUNE_EVERY_SECONDS = 3600  # how often expired kept results are deleted
POLL_EVERY_SECONDS = 60  # how often due feeds are looked for (each has its own interval)
DIGEST_EVERY_SECONDS = 30  # how often due digests are looked for
# A repeating job that fails waits 1, 2, 4, ... of its intervals before its next try, at most
# this long (its failure is logged once with the traceback, then a line per failure).
JOB_BACKOFF_MAX_SECONDS = 600.0


def bot_options(settings: Settings) -> BotOptions:
    """The handlers' options from the settings."""
    return BotOptions(
        max_links_per_message=settings.max_links_per_message,
        min_text_chars=settings.min_text_chars,
        user_summaries_per_minute=settings.user_summaries_per_minute,
        workers=settings.workers,
        max_concurrent_fetches=settings.max_concurrent_fetches,
        max_pending_jobs=settings.max_pending_jobs,
        show_footer=settings.show_footer,
        interface_language=settings.interface_language,
        summary_sentences=settings.summary_sentences,
        summary_language=settings.language,
        max_input_chars=settings.max_input_chars,
        fetch=dataclasses.replace(
            FetchOptions(),
            total_timeout=settings.fetch_timeout_seconds,
            allow_private=settings.allow_private_urls,
        ),
        result_ttl_seconds=settings.result_ttl_hours * 3600.0,
        inline_budget_seconds=settings.inline_budget_seconds,
        admin_ids=settings.admin_ids,
        suggested_feeds=settings.suggestions(),
    )


def build_application(
    settings: Settings, *, options: BotOptions | None = None, runtime: Runtime | None = None
) -> Application:  # type: ignore[type-arg]
    """The bot, ready for ``run_polling``/``run_webhook`` (or initialize/start in tests).

    ``runtime`` lets a test share one Runtime (and its worker pool, and its store) between
    applications; without it, ``post_init`` opens the database (migrating it) and makes one.
    """
    if settings.telegram_token is None:
        raise ValueError("NEWSBRIEF_TELEGRAM_TOKEN is not set")
    chosen = options or bot_options(settings)

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        await metrics.serve(app, settings.metrics_listen, settings.metrics_port)
        shared = runtime
        if shared is None:
            engine = make_engine(settings.database())
            if engine.dialect.name != "sqlite":
                # sent digest messages are recorded on a connection of their own (see
                # bot/digests.py); SQLite keeps one connection a process (bot/db/engine.py)
                app.bot_data["records_engine"] = make_engine(settings.database())
            await upgrade(engine)
            app.bot_data["engine"] = engine
            shared = Runtime(chosen, store=DbStore(sessions(engine)))
        app.bot_data["runtime"] = shared
        app.bot_data["owns_runtime"] = runtime is None
        records = app.bot_data.get("records_engine")
        _start_digests(
            app,
            shared,
            settings.digest_lease_seconds,
            sessions(records) if isinstance(records, AsyncEngine) else None,
        )
        await shared.start()
        await register_commands(app)
        if app.job_queue is not None:
            app.job_queue.run_repeating(_prune, interval=PRUNE_EVERY_SECONDS, first=60)
        logger.info("newsbrief is up as @%s", app.bot.username)

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        await metrics.stop(app)
        service = app.bot_data.get("subscriptions")
        if isinstance(service, DbSubscriptions):
            await service.close()
        shared = app.bot_data.get("runtime")
        if isinstance(shared, Runtime) and app.bot_data.get("owns_runtime"):
            await shared.close()
        for name in ("engine", "records_engine"):
            engine = app.bot_data.get(name)
            if isinstance(engine, AsyncEngine):
                await engine.dispose()

    app = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_api_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                do_quote=False,
            )
        )
        .rate_limiter(
            FloodControl(
                global_per_second=TELEGRAM_PER_SECOND / settings.bot_processes,
                scale=settings.flood_scale,
                max_retries=RATE_LIMIT_RETRIES,
            )
        )
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .application_class(NewsbriefApplication)
        .build()
    )
    for feature in (
        start,
        settings_handlers,
        admin,
        subscriptions,
        channels,  # its forwarded-post handler runs first (group -1), only after /channel
        feedfiles,  # before summarize: documents in private chats are feed lists or a hint
        privacy,
        summarize,
        buttons,
        inline,
        errors,
    ):
        feature.register(app)
    quiet_token_loggers(settings.telegram_token.get_secret_value())
    return app


class NewsbriefApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, stopping gracefully: on stop (SIGTERM, Ctrl-C) the digest sender
    claims no new delivery, so the wait for the running delivery round (PTB waits for running
    jobs) is only for the digests already under way; the rest are left due for the next
    process."""

    async def stop(self) -> None:
        sender = self.bot_data.get("sender")
        if isinstance(sender, DigestSender):
            sender.stop_claiming()
        await super().stop()

    async def process_update(self, update: object) -> None:
        """Counted and timed for /metrics (``bot.metrics``)."""
        with metrics.handling(update):
            await super().process_update(update)

    def create_task(
        self,
        coroutine: Generator[asyncio.Future[object], None, RT] | Awaitable[RT],
        update: object | None = None,
        *,
        name: str | None = None,
    ) -> asyncio.Task[RT]:
        """A handler's background work (a summary) is timed as the update's reply."""
        if isinstance(coroutine, Coroutine):
            coroutine = metrics.replying(coroutine)
        return super().create_task(coroutine, update=update, name=name)


def quiet_token_loggers(token: str) -> None:
    """Keep the token out of every log record. httpx logs each request URL (Bot API URLs hold
    the token) at INFO: those lines are kept to warnings. And every record, whatever its logger,
    has the token replaced as it is created (a logger's own filter would miss its children's
    records); ``setup_logging``'s formatter also redacts tracebacks."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # At DEBUG, PTB logs every Bot API call's parameters (message texts, the webhook's secret)
    # and every update a webhook receives (what users wrote): those loggers stop at INFO.
    for name in ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater"):
        logging.getLogger(name).setLevel(logging.INFO)
    # The Application's own DEBUG lines print whole updates ("Processing update ..."): those
    # are dropped, its other DEBUG lines kept.
    application = logging.getLogger("telegram.ext.Application")
    if not any(isinstance(f, _NoUpdatePayloads) for f in application.filters):
        application.addFilter(_NoUpdatePayloads())
    previous = logging.getLogRecordFactory()
    if token in getattr(previous, "redacted_tokens", ()):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it itself later
            return record
        if token and token in message:
            record.msg = message.replace(token, "<token>")
            record.args = None
        return record

    factory.redacted_tokens = (*getattr(previous, "redacted_tokens", ()), token)  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class _NoUpdatePayloads(logging.Filter):
    """Drops PTB's log lines that carry a whole update (what users wrote)."""

    PREFIXES = ("Processing update", "Dropping pending update")

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith(self.PREFIXES))


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes the token (from tracebacks too)."""

    def __init__(self, token: str, fmt: str) -> None:
        super().__init__(fmt)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace(self.token, "<token>") if self.token else text


def _start_digests(
    app: Application,  # type: ignore[type-arg]
    runtime: Runtime,
    lease_seconds: float,
    records: async_sessionmaker[AsyncSession] | None = None,
) -> None:
    """Feeds and digests, when the runtime keeps its state in the database: the poller and the
    sender, the commands' service, linked channels and groups (``bot/channels.py``), and their
    jobs (every POLL_EVERY_SECONDS and DIGEST_EVERY_SECONDS)."""
    store = runtime.store
    if not isinstance(store, DbStore):
        return
    poller = FeedPoller(
        store.sessions,
        runtime.fetcher,
        summarize=lambda text, title: runtime.brief(text, title, SUMMARY_SENTENCES),
        read_article=runtime.article_text,
        clock=utcnow,
        executor=runtime.pool,
    )
    linked = DbChannels(store.sessions, clock=utcnow)
    notices = ChannelNotices(
        linked,
        cast("ExtBot[int]", app.bot),
        interface_language=runtime.options.interface_language,
    )
    sender = DigestSender(
        store.sessions,
        cast("ExtBot[int]", app.bot),
        clock=utcnow,
        interface_language=runtime.options.interface_language,
        lease=timedelta(seconds=lease_seconds),
        records=records,
        on_paused=notices.on_paused,
        executor=runtime.pool,
    )
    service = DbSubscriptions(
        store.sessions, runtime.fetcher, poller, sender, clock=utcnow, executor=runtime.pool
    )
    runtime.subscriptions = service
    app.bot_data.update(poller=poller, sender=sender, subscriptions=service, channels=linked)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_poll, interval=POLL_EVERY_SECONDS, first=5)
        app.job_queue.run_repeating(_digests, interval=DIGEST_EVERY_SECONDS, first=2)


class JobGuard:
    """A repeating job's guard: whatever the job raises is caught, logged once (the traceback
    the first time, one line after that), and the job is skipped for 1, 2, 4, ... of its
    intervals (at most JOB_BACKOFF_MAX_SECONDS) until a run succeeds."""

    def __init__(
        self, name: str, interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name = name
        self.interval = interval
        self.clock = clock
        self.failures = 0
        self.until = 0.0

    async def run(self, work: Callable[[], Awaitable[None]]) -> None:
        now = self.clock()
        if now < self.until:
            return
        try:
            await work()
        except Exception as error:
            self.failures += 1
            wait = min(JOB_BACKOFF_MAX_SECONDS, self.interval * 2 ** (self.failures - 1))
            self.until = now + wait
            if self.failures == 1:
                logger.exception("the %s job failed; it waits %.0f s", self.name, wait)
            else:
                logger.warning(
                    "the %s job failed again (%d in a row: %s); it waits %.0f s",
                    self.name,
                    self.failures,
                    type(error).__name__,
                    wait,
                )
            return
        if self.failures:
            logger.info("the %s job works again after %d failures", self.name, self.failures)
        self.failures = 0
        self.until = 0.0


def _guard(context: ContextTypes.DEFAULT_TYPE, name: str, interval: float) -> JobGuard:
    guards = cast("dict[str, JobGuard]", context.bot_data.setdefault("job_guards", {}))
    return guards.setdefault(name, JobGuard(name, interval))


async def _poll(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A polling round (guarded: see JobGuard)."""
    await _guard(context, "poll", POLL_EVERY_SECONDS).run(lambda: _poll_round(context))


async def _poll_round(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A polling round; subscribers of a feed that was just paused are told why."""
    poller = context.bot_data.get("poller")
    if not isinstance(poller, FeedPoller):
        return
    report = await poller.poll_due()
    metrics.polled(report)
    runtime = context.bot_data.get("runtime")
    service = context.bot_data.get("subscriptions")
    for paused in report.paused:
        for chat_id in paused.subscribers:
            lang = (await runtime.prefs(chat_id)).language if isinstance(runtime, Runtime) else None
            text = i18n.text(
                lang or "en",
                "sub.paused",
                title=paused.title or paused.url,
                count=MAX_FAILURES,
                reason=paused.reason,
                url=paused.url,
            )
            quiet = isinstance(service, DbSubscriptions) and await service.quiet_now(chat_id)
            with contextlib.suppress(TelegramError):
                await cast("ExtBot[int]", context.bot).send_message(
                    chat_id, text, disable_notification=quiet, rate_limit_args=Priority.BULK
                )


async def _digests(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A delivery round (guarded: see JobGuard)."""
    await _guard(context, "digest", DIGEST_EVERY_SECONDS).run(lambda: _digest_round(context))


async def _digest_round(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A delivery round: stale claims resumed, due digests claimed and sent."""
    sender = context.bot_data.get("sender")
    if isinstance(sender, DigestSender):
        report = await sender.run()
        if report.claimed or report.resumed:
            logger.info(
                "digests: %d sent, %d skipped, %d failed, %d resumed",
                report.sent,
                report.skipped,
                report.failed,
                report.resumed,
            )


async def _prune(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop kept results whose buttons have expired (guarded: see JobGuard)."""
    await _guard(context, "prune", PRUNE_EVERY_SECONDS).run(lambda: _prune_round(context))


async def _prune_round(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop kept results whose buttons have expired."""
    runtime = context.bot_data.get("runtime")
    if isinstance(runtime, Runtime):
        dropped = await runtime.prune()
        if dropped:
            logger.info("dropped %d expired results", dropped)


async def register_commands(app: Application) -> None:  # type: ignore[type-arg]
    """The command menus of private chats and of groups, one per interface language."""
    for lang in i18n.LANGUAGES:
        private = [
            BotCommand(name, i18n.plain(lang, f"commands.{name}"))
            for name in (
                "start",
                "help",
                "settings",
                "subscribe",
                "feeds",
                "suggested",
                "import",
                "export",
                "digest",
                "digest_time",
                "timezone",
                "filter",
                "quiet",
                "digest_size",
                "digest_empty",
                "channel",
                "forget",
            )
        ]
        group = [BotCommand("tldr", i18n.plain(lang, "commands.tldr"))]
        code = None if lang == i18n.DEFAULT_LANGUAGE else lang
        # The menus are cosmetic: a Bot API that fails them does not stop the start.
        await best_effort(app.bot.set_my_commands(private, language_code=code))
        await best_effort(
            app.bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats(), language_code=code)
        )


def setup_logging(settings: Settings, **basic: Any) -> None:
    """Log at the settings' level; httpx's request lines (they hold the token) only as warnings."""
    logging.basicConfig(level=settings.log_level, **basic)
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    formatter = RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    if token:
        quiet_token_loggers(token)


@contextlib.asynccontextmanager
async def polling(
    app: Application,  # type: ignore[type-arg]
    *,
    poll_timeout: int = 1,
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run ``app`` with long polling inside the block, as ``run_polling`` would (post_init and
    post_shutdown included), on the running event loop: for the sandbox chat, tests and
    benchmarks."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
    )
    try:
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
