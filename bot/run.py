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
from collections.abc import Callable
from typing import TextIO
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.app import build_application, setup_logging
from bot.config import Settings

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the Bot API could not be reached


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
    """PTB's webhook server on ``webhook_listen:webhook_port``; Telegram must send the secret."""
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
    return _guarded(
        lambda: app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=parts.path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            close_loop=False,
        ),
        stderr,
    )


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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        logger.info("newsbrief worker: polling feeds and delivering digests")
        await stop.wait()
        logger.info("newsbrief worker: stopping after the digests under way")
        await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def _guarded(start: Callable[[], None], stderr: TextIO) -> int:
    try:
        start()
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
