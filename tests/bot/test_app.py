"""bot/app.py: the token never reaches a log line."""

from __future__ import annotations

import io
import logging

import pytest

from bot.app import RedactingFormatter, quiet_token_loggers

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
