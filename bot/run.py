"""``newsbrief run`` (long polling) and ``newsbrief webhook``: the bot in production.

Both build the same Application (``bot.app.build_application``). Startup problems a user can fix
(no token, a token Telegram refuses, an unreachable Bot API, a missing webhook URL) end with one
line saying what to do, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable
from typing import TextIO
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot import metrics
from bot.app import build_application, setup_logging
from bot.config import Settings
from bot.webhook import webhook_app

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the Bot API could not be reached
# After answering a request whose body it did not read (a wrong secret, too large), the webhook
# server discards what the client still sends for at most this long, then closes.
WEBHOOK_LINGER_SECONDS = 1.0


def check_token(settings: Settings, stderr: TextIO) -> int:
    """One getMe before starting: a refused token or an unreachable Bot API is said in one
    line, before PTB's start-up retry loop would log it with a traceback."""

    async def get_me() -> None:
        assert settings.telegram_token is not None
        bot = Bot(
            settings.telegram_token.get_secret_value(),
            base_url=settings.bot_api_url,
            base_file_url=settings.bot_api_file_url,
        )
        async with bot:
            pass  # initialize() calls getMe

    return _guarded(lambda: asyncio.run(get_me()), stderr)


def run_polling(settings: Settings, stderr: TextIO) -> int:
    """Long polling until SIGINT/SIGTERM."""
    checked = check_token(settings, stderr)
    if checked != EXIT_OK:
        return checked
    setup_logging(settings)
    app = build_application(settings)
    return _guarded(
        lambda: app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False), stderr
    )


def run_webhook(settings: Settings, stderr: TextIO) -> int:
    """Our webhook receiver on ``webhook_listen:webhook_port``; Telegram must send the secret."""
    if not settings.webhook_url:
        print(
            "newsbrief: set NEWSBRIEF_WEBHOOK_URL to the public https:// address Telegram should "
            "post updates to (for example https://bot.example.com/newsbrief).",
            file=stderr,
        )
        return EXIT_USAGE
    parts = urlsplit(settings.webhook_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        print(
            f"newsbrief: NEWSBRIEF_WEBHOOK_URL is not a web address: {parts.geturl()!r}",
            file=stderr,
        )
        return EXIT_USAGE
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else secrets.token_urlsafe(32)
    )
    checked = check_token(settings, stderr)
    if checked != EXIT_OK:
        return checked
    setup_logging(settings)
    app = build_application(settings)
    return _guarded(lambda: asyncio.run(_webhook(app, settings, parts.path, secret)), stderr)


async def _webhook(
    app: Application,  # type: ignore[type-arg]
    settings: Settings,
    path: str,
    secret: str,
) -> None:
    """Our receiver (``bot.webhook``: the secret is checked before the body is read) on
    ``webhook_listen:webhook_port``, then setWebhook; until SIGINT/SIGTERM."""

    async def serve(stop: asyncio.Event) -> None:
        runner = web.AppRunner(
            webhook_app(app, path, secret),
            access_log=None,
            lingering_time=WEBHOOK_LINGER_SECONDS,
        )
        await runner.setup()
        try:
            where = f"{settings.webhook_listen}:{settings.webhook_port}"
            try:
                await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
            except OSError as error:  # the port is taken, or the address is not this machine's
                reason = error.strerror or str(error)
                raise CannotListen(f"cannot listen on {where}: {reason}") from error
            assert settings.webhook_url is not None
            await app.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            logger.info("newsbrief webhook: listening on %s", where)
            await stop.wait()
        finally:
            await runner.cleanup()

    await _running(app, serve)


def run_worker(settings: Settings, stderr: TextIO) -> int:
    """Feeds and digests only: polls the feeds and delivers the digests, reads no updates (a
    second process beside ``run`` or ``webhook`` on one PostgreSQL, to share the fan-out; any
    number may run, each digest is still sent once). Stops on SIGINT/SIGTERM, finishing the
    digests under way."""
    checked = check_token(settings, stderr)
    if checked != EXIT_OK:
        return checked
    setup_logging(settings)
    app = build_application(settings)
    return _guarded(lambda: asyncio.run(_work(app)), stderr)


async def _work(app: Application) -> None:  # type: ignore[type-arg]
    async def wait(stop: asyncio.Event) -> None:
        logger.info("newsbrief worker: polling feeds and delivering digests")
        await stop.wait()
        logger.info("newsbrief worker: stopping after the digests under way")

    await _running(app, wait)


async def _running(
    app: Application,  # type: ignore[type-arg]
    body: Callable[[asyncio.Event], Awaitable[None]],
) -> None:
    """Start ``app`` (post_init included), run ``body`` until SIGINT/SIGTERM sets its event,
    then stop and shut down as PTB's own runners do."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            await body(stop)
        finally:
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


class CannotListen(Exception):
    """The webhook server could not bind its address (the message says which and why)."""


def _guarded(start: Callable[[], None], stderr: TextIO) -> int:
    try:
        start()
    except (CannotListen, metrics.CannotListen) as error:
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    except InvalidToken:
        print(
            "newsbrief: the Bot API refused the token (NEWSBRIEF_TELEGRAM_TOKEN). Copy it again "
            "from @BotFather.",
            file=stderr,
        )
        return EXIT_USAGE
    except NetworkError as error:
        print(f"newsbrief: the Bot API could not be reached: {error.message}", file=stderr)
        return EXIT_UNAVAILABLE
    except TelegramError as error:
        print(f"newsbrief: the Bot API refused to start the bot: {error.message}", file=stderr)
        return EXIT_UNAVAILABLE
    return EXIT_OK
