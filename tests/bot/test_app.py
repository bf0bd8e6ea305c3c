"""bot/app.py: the token never reaches a log line; a failing job backs off."""

from __future__ import annotations

import io
import logging

import pytest

from bot.app import JobGuard, RedactingFormatter, quiet_token_loggers

TOKEN = "987654321:redact-me-please"


def test_every_logger_has_the_token_redacted(caplog: pytest.LogCaptureFixture) -> None:
    quiet_token_loggers(TOKEN)
    quiet_token_loggers(TOKEN)  # idempotent
    caplog.set_level(logging.INFO)
    logging.getLogger("telegram.ext.Updater").info("GET https://api/bot%s/getUpdates", TOKEN)
    logging.getLogger("some.other.library").warning(f"failed: https://api/bot{TOKEN}/sendMessage")
    assert TOKEN not in caplog.text
    assert caplog.text.count("<token>") == 2
    assert logging.getLogger("httpx").level == logging.WARNING


def test_tracebacks_are_redacted_by_the_formatter() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(TOKEN, "%(levelname)s %(message)s"))
    logger = logging.getLogger("newsbrief.test.redact")
    logger.addHandler(handler)
    try:
        raise RuntimeError(f"connect to https://api/bot{TOKEN}/getMe failed")
    except RuntimeError:
        logger.exception("start-up failed")
    finally:
        logger.removeHandler(handler)
    assert TOKEN not in stream.getvalue() and "<token>" in stream.getvalue()


def test_bot_api_parameters_and_webhook_payloads_are_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """At DEBUG, PTB would log every call's parameters (texts, the webhook secret) and every
    update received (what users wrote)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        quiet_token_loggers(TOKEN)
        for name in ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater"):
            logger = logging.getLogger(name)
            assert not logger.isEnabledFor(logging.DEBUG), name
            assert logger.isEnabledFor(logging.INFO), name
        application = logging.getLogger("telegram.ext.Application")
        assert application.isEnabledFor(logging.DEBUG)  # its other DEBUG lines stay
        with caplog.at_level(logging.DEBUG, logger="telegram.ext.Application"):
            application.debug("Processing update %s", "Update(text='a pasted article')")
            application.debug("Dropping pending update: %s", "Update(text='another')")
            application.debug("Loop was stopped")
        assert "pasted article" not in caplog.text and "another" not in caplog.text
        assert "Loop was stopped" in caplog.text
    finally:
        root.setLevel(level)


async def test_a_failing_job_is_logged_once_and_backs_off(caplog: pytest.LogCaptureFixture) -> None:
    now = [1000.0]
    guard = JobGuard("poll", 60.0, clock=lambda: now[0])
    runs: list[float] = []
    failing = [True]

    async def work() -> None:
        runs.append(now[0])
        if failing[0]:
            raise RuntimeError("the database is away")

    with caplog.at_level(logging.INFO, logger="bot.app"):
        for _ in range(12):  # a tick every 60 s for 12 minutes
            await guard.run(work)
            now[0] += 60.0
        failing[0] = False
        now[0] += 600.0
        await guard.run(work)
    # tried at 0, 1, 3 and 7 minutes (waits of 1, 2, 4 intervals), then after recovering
    assert [t - 1000.0 for t in runs] == [0.0, 60.0, 180.0, 420.0, 1320.0]
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1  # the first failure with its traceback, then one line each
    assert "works again after 4 failures" in caplog.records[-1].getMessage()
    assert guard.failures == 0
