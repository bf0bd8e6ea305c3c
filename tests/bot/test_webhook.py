"""bot/webhook.py: the secret before the body, a body limit, and updates onto the queue.

The receiver runs on 127.0.0.1 (a port of its own); requests are made with raw sockets where
the test must control what is sent and when.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from bot.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, webhook_app

SECRET = "s3cret-value"
PATH = "/newsbrief/hook"
UPDATE = {
    "update_id": 7,
    "message": {
        "message_id": 1,
        "date": 1_760_000_000,
        "chat": {"id": 1001, "type": "private"},
        "from": {"id": 1001, "is_bot": False, "first_name": "Ann"},
        "text": "hello",
    },
}


@pytest.fixture
async def served() -> AsyncIterator[tuple[Application, int]]:  # type: ignore[type-arg]
    application = ApplicationBuilder().token("123456:test-token-not-real").build()
    runner = web.AppRunner(webhook_app(application, PATH, SECRET), lingering_time=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield application, port
    finally:
        await runner.cleanup()


async def _post(port: int, body: bytes, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"http://127.0.0.1:{port}{PATH}", content=body, headers=headers)


async def test_an_update_with_the_secret_is_queued(served: tuple[Application, int]) -> None:  # type: ignore[type-arg]
    application, port = served
    answer = await _post(port, json.dumps(UPDATE).encode(), {SECRET_HEADER: SECRET})
    assert answer.status_code == 200
    update = application.update_queue.get_nowait()
    assert isinstance(update, Update) and update.update_id == 7
    assert update.message is not None and update.message.text == "hello"


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "guess"}, {SECRET_HEADER: SECRET + "x"}])
async def test_without_the_secret_nothing_is_queued(
    served: tuple[Application, int],  # type: ignore[type-arg]
    headers: dict[str, str],
) -> None:
    application, port = served
    answer = await _post(port, json.dumps(UPDATE).encode(), headers)
    assert answer.status_code == 403
    assert application.update_queue.empty()


async def test_the_secret_is_checked_before_the_body_is_read(
    served: tuple[Application, int],  # type: ignore[type-arg]
) -> None:
    """A request declaring 95 MB without the secret is answered after its headers alone: the
    client has sent one kilobyte and waits."""
    _, port = served
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {95 * 1024 * 1024}\r\n\r\n".encode()
            + b" " * 1024
        )
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), timeout=10)
    finally:
        writer.close()
    assert status.startswith(b"HTTP/1.1 403")


async def test_too_large_bodies_are_refused(served: tuple[Application, int]) -> None:  # type: ignore[type-arg]
    application, port = served
    big = b'{"update_id": 1, "pad": "' + b"x" * MAX_UPDATE_BYTES + b'"}'
    answer = await _post(port, big, {SECRET_HEADER: SECRET})
    assert answer.status_code == 413

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read up to the limit only
        for _ in range(3):
            yield b" " * (MAX_UPDATE_BYTES // 2)

    async with httpx.AsyncClient() as client:
        chunked = await client.post(
            f"http://127.0.0.1:{port}{PATH}", content=chunks(), headers={SECRET_HEADER: SECRET}
        )
    assert chunked.status_code == 413
    assert application.update_queue.empty()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"no": "update id"}',
        b"",
        b'{"update_id": 1, "message": "x"}',  # PTB raises AttributeError on this one
        b'{"update_id": 1, "message": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",  # deep nesting
    ],
)
async def test_unreadable_updates_are_bad_requests(
    served: tuple[Application, int],  # type: ignore[type-arg]
    body: bytes,
) -> None:
    application, port = served
    answer = await _post(port, body, {SECRET_HEADER: SECRET})
    assert answer.status_code == 400
    assert application.update_queue.empty()


async def test_other_paths_and_methods_are_not_served(
    served: tuple[Application, int],  # type: ignore[type-arg]
) -> None:
    _, port = served
    async with httpx.AsyncClient() as client:
        other = await client.post(f"http://127.0.0.1:{port}/other", headers={SECRET_HEADER: SECRET})
        got = await client.get(f"http://127.0.0.1:{port}{PATH}")
    assert other.status_code == 404
    assert got.status_code == 405
