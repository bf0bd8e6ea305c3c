"""bot/metrics.py: a running bot (the real Application, its own database and worker pool)
against the sandbox Bot API server, scraped over HTTP while a user chats with it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_application, polling
from bot.config import Settings
from bot.metrics import CannotListen, MetricsServer
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
USER = 4001
WAIT = 60.0  # a step on a slow, busy machine (the pool's fork server starts cold)

STORY = (
    "Riverton's new bridge over the Riv opened on Monday, two years late and £4m over budget, "
    "the council said. The mayor, Anna Berg, said the bridge would cut the morning queue in "
    "half. Work began in 2021 and stopped twice for floods."
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _feed(origin: str) -> str:
    now = format_datetime(datetime.now(UTC), usegmt=True)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Riverton Courier</title><link>{origin}/</link>"
        f"<item><title>Riverton bridge opens two years late</title>"
        f"<link>{origin}/bridge</link><description>{STORY}</description>"
        f"<pubDate>{now}</pubDate></item></channel></rss>"
    )


@pytest.fixture
async def site() -> AsyncIterator[str]:
    """An article page, a feed, and nothing else (404) on 127.0.0.1."""
    article = (PAGES / "news_article.html").read_text(encoding="utf-8")
    origin = ""

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=article, content_type="text/html")

    async def feed(_request: web.Request) -> web.Response:
        return web.Response(text=_feed(origin), content_type="application/rss+xml")

    served = web.Application()
    served.router.add_get("/news/night-bus", page)
    served.router.add_get("/feed.xml", feed)
    runner = web.AppRunner(served, access_log=None)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    origin = f"http://127.0.0.1:{port}"
    yield origin
    await runner.cleanup()


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.user(USER, "Ann", language_code="en")
        server.private_chat(USER)
        yield server


def _settings(sandbox: BotApiServer, tmp_path: Path, **changes: object) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SANDBOX_TOKEN,
        bot_api_url=sandbox.base_url,
        bot_api_file_url=sandbox.base_file_url,
        allow_private_urls=True,
        fetch_timeout_seconds=10,
        workers=1,
        data_dir=tmp_path,
        **changes,
    )


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape: (name, sorted labels) -> value."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


class Scraper:
    def __init__(self, client: httpx.AsyncClient, base: str) -> None:
        self.client = client
        self.base = base

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        response = await self.client.get(f"{self.base}/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        return _samples(response.text)


def _edited(sandbox: BotApiServer) -> list[int]:
    """The bot's messages it has edited (placeholders turned into their replies)."""
    return [m.message_id for m in sandbox.history(USER) if m.by_bot and m.edit_count > 0]


async def _answer(sandbox: BotApiServer, words: str) -> None:
    """The bot's answer to the user's latest message, with ``words`` in it."""
    asked = max(m.message_id for m in sandbox.history(USER) if not m.by_bot)
    await sandbox.wait_for_message(
        USER, lambda m: m.message_id > asked and words in (m.text or ""), WAIT
    )


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_a_running_bot_is_healthy_and_its_counters_move(
    sandbox: BotApiServer, site: str, tmp_path: Path
) -> None:
    port = _free_port()
    app = build_application(_settings(sandbox, tmp_path, metrics_port=port))
    base = f"http://127.0.0.1:{port}"
    async with polling(app), httpx.AsyncClient(timeout=WAIT) as client:
        scrape = Scraper(client, base)
        health = await client.get(f"{base}/healthz")
        assert (health.status_code, health.text) == (200, "ok\n")
        before = await scrape.metrics()

        sandbox.inject_429("sendMessage", times=1, retry_after=1)  # the /start reply gets one
        await sandbox.send(USER, USER, "/start")
        await sandbox.wait_for_message(USER, timeout=WAIT)
        await sandbox.send(USER, USER, f"{site}/news/night-bus")
        await sandbox.wait_for_message(USER, lambda m: bool(m.reply_markup), WAIT)
        await sandbox.send(USER, USER, f"{site}/gone")  # 404: its placeholder becomes the reason
        await sandbox.wait_for(lambda: len(_edited(sandbox)) == 2, WAIT)
        await sandbox.send(USER, USER, f"/subscribe {site}/feed.xml")
        await _answer(sandbox, "Riverton Courier")  # the feed is read at once
        await sandbox.send(USER, USER, "/digest")
        await _answer(sandbox, "Riverton bridge opens two years late")
        # the reply is timed when its handler returns, a moment after the message arrived
        async with asyncio.timeout(WAIT):
            while True:
                after = await scrape.metrics()
                if (
                    _value(after, "newsbrief_reply_seconds_count")
                    - _value(before, "newsbrief_reply_seconds_count")
                    >= 5
                ):
                    break
                await asyncio.sleep(0.05)

    def moved(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert moved("newsbrief_updates_total", kind="message") == 5
    assert moved("newsbrief_reply_seconds_count") == 5
    assert moved("newsbrief_summaries_total", outcome="made") >= 1
    assert moved("newsbrief_summaries_total", outcome="not_found") == 1
    assert moved("newsbrief_fetch_failures_total", reason="not_found") == 1
    assert moved("newsbrief_telegram_429_total", method="sendMessage") == 1
    assert moved("newsbrief_digests_total", outcome="sent") == 1
    assert moved("newsbrief_digest_messages_total") == 1
    assert _value(after, "newsbrief_work_queued") == 0
    assert _value(after, "process_resident_memory_bytes") > 0


async def test_healthz_says_503_and_why_when_the_bot_api_does_not_answer(
    sandbox: BotApiServer, tmp_path: Path
) -> None:
    port = _free_port()
    app = build_application(_settings(sandbox, tmp_path, metrics_port=port))
    async with polling(app), httpx.AsyncClient(timeout=WAIT) as client:
        sandbox.inject_error("getMe", times=1, status=502)
        down = await client.get(f"http://127.0.0.1:{port}/healthz")
        up = await client.get(f"http://127.0.0.1:{port}/healthz")
    assert down.status_code == 503
    assert down.text.startswith("Bot API: ") and "Bad Gateway" in down.text
    assert "database" not in down.text
    assert (up.status_code, up.text) == (200, "ok\n")


async def test_no_port_no_server_and_a_taken_port_is_said_in_one_line(
    sandbox: BotApiServer, tmp_path: Path
) -> None:
    app = build_application(_settings(sandbox, tmp_path))  # the default: off
    async with polling(app):
        assert "metrics_server" not in app.bot_data
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CannotListen, match=rf"^cannot serve metrics on 127\.0\.0\.1:{port}: "):
            await MetricsServer(app, "127.0.0.1", port).start()
