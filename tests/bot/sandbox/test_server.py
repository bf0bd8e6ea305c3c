"""The sandbox Bot API server, driven by the real python-telegram-bot (and httpx for the wire):
getMe, getUpdates, faults, the wire format, webhooks and a real PTB Application.

The method families have their own files beside this one (test_api_*.py, test_users.py,
test_state.py); the fixtures are in conftest.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from telegram import Bot, MessageEntity, Update
from telegram.error import ChatMigrated, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, GROUP, last_error, seconds

# --- getMe, getUpdates ------------------------------------------------------------------------


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "newsbrief_bot", True)
    assert me.supports_inline_queries


async def test_long_poll_returns_as_soon_as_a_user_writes(bot: Bot, server: BotApiServer) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await server.wait_for(lambda: server.long_polls_waiting == 1, 5)
    sent = await server.send(ANN, ANN, "Hello https://example.com/a")
    updates = await asyncio.wait_for(poll, 5)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert (message.message_id, message.text) == (sent["message_id"], "Hello https://example.com/a")
    assert message.from_user is not None and message.from_user.username == "ann_reader"
    assert message.entities == (MessageEntity("url", 6, 21),)


async def test_long_poll_gives_an_empty_list_after_its_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=dtm.timedelta(milliseconds=50)) == ()


async def test_offset_confirms_earlier_updates(bot: Bot, server: BotApiServer) -> None:
    for text in ("one", "two", "three"):
        await server.send(ANN, ANN, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in again if u.message] == ["three"]
    assert [u["update_id"] for u in server.updates_pending] == [again[0].update_id]
    assert await bot.get_updates(offset=again[0].update_id + 1) == ()
    assert server.updates_pending == []
    assert server.stats.updates_confirmed == 3


async def test_negative_offset_keeps_the_last_updates(bot: Bot, server: BotApiServer) -> None:
    for text in ("one", "two", "three"):
        await server.send(ANN, ANN, text)
    updates = await bot.get_updates(offset=-1)
    assert [u.message.text for u in updates if u.message] == ["three"]


async def test_allowed_updates_filters_new_updates(bot: Bot, server: BotApiServer) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    await server.send(ANN, ANN, "not delivered")
    assert server.updates_pending == []
    await bot.get_updates(allowed_updates=[])  # empty: the default types again
    await server.send(ANN, ANN, "delivered")
    assert len(server.updates_pending) == 1


async def test_a_second_long_poll_terminates_the_first(bot: Bot, server: BotApiServer) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await server.wait_for(lambda: server.long_polls_waiting == 1, 5)
    # PTB gives getUpdates a pool of one connection: the second poller is a second instance
    async with Bot(SANDBOX_TOKEN, base_url=server.base_url) as second_instance:
        assert await second_instance.get_updates() == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 5)


# --- faults: blocks, 429s, migration, tokens --------------------------------------------------


async def test_blocked_user(bot: Bot, server: BotApiServer) -> None:
    server.block(ANN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANN, "hi")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(ANN, "typing")
    assert last_error(server) == "Forbidden: bot was blocked by the user"
    await bot.send_message(BOB, "others still get messages")
    server.unblock(ANN)
    await bot.send_message(ANN, "hi again")


async def test_injected_429(bot: Bot, server: BotApiServer) -> None:
    server.inject_429("sendMessage", times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "hi")
        assert seconds(caught.value) == 7
    await bot.get_me()  # other methods are untouched
    await bot.send_message(ANN, "third time lucky")
    assert server.stats.rate_limited["sendMessage"] == 2
    assert [m.text for m in server.messages(ANN)] == ["third time lucky"]


async def test_injected_429_for_any_method_spares_get_updates(
    bot: Bot, server: BotApiServer
) -> None:
    server.inject_429(times=1, retry_after=1)
    assert await bot.get_updates() == ()
    with pytest.raises(RetryAfter):
        await bot.get_chat(ANN)
    await bot.get_chat(ANN)


async def test_injected_server_errors(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    server.inject_error("sendChatAction", times=1, status=502)
    params = {"chat_id": ANN, "action": "typing"}
    failed = await raw.post(f"/bot{SANDBOX_TOKEN}/sendChatAction", data=params)
    assert failed.status_code == 502
    assert failed.json() == {"ok": False, "error_code": 502, "description": "Bad Gateway"}
    again = await raw.post(f"/bot{SANDBOX_TOKEN}/sendChatAction", data=params)
    assert again.status_code == 200 and again.json()["result"] is True
    assert server.stats.errors["sendChatAction"] == 1
    with pytest.raises(ValueError, match="inject_429"):
        server.inject_error(times=1, status=429)


async def test_group_migration(bot: Bot, server: BotApiServer, raw: httpx.AsyncClient) -> None:
    await server.migrate_group(GROUP, -1009001)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(GROUP, "hi")
    assert caught.value.new_chat_id == -1009001
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage", data={"chat_id": GROUP, "text": "x"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": -1009001},
    }
    message = await bot.send_message(-1009001, "hi")
    assert message.chat.type == "supergroup"
    assert message.chat.title == "Readers"
    updates = await bot.get_updates()
    service = [u.message for u in updates if u.message]
    assert [m.migrate_to_chat_id for m in service] == [-1009001, None]
    assert [m.migrate_from_chat_id for m in service] == [None, GROUP]


async def test_a_wrong_token_is_unauthorized(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    stranger = Bot("987654321:not-the-sandbox-token", base_url=server.base_url)
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with stranger:  # initialize() calls getMe; on failure it shuts the Bot down
            pass
    response = await raw.get("/bot987654321:wrong/getMe")
    assert response.status_code == 401
    assert response.text == '{"ok":false,"error_code":401,"description":"Unauthorized"}'
    assert (await raw.get("/botnot-a-token/getMe")).status_code == 404


# --- the wire ---------------------------------------------------------------------------------


async def test_unknown_method_is_not_found(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(f"/bot{SANDBOX_TOKEN}/sendTelepathy")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert server.calls[-1].method == "sendTelepathy"


async def test_method_names_ignore_case_and_get_works(
    server: BotApiServer, raw: httpx.AsyncClient
) -> None:
    response = await raw.get(
        f"/bot{SANDBOX_TOKEN}/SENDMESSAGE", params={"chat_id": ANN, "text": "via GET"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "via GET"
    assert server.calls[-1].method == "sendMessage"


async def test_json_body(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage",
        json={
            "chat_id": ANN,
            "text": "<i>x</i>",
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            "disable_web_page_preview": True,
        },
    )
    result = response.json()["result"]
    assert result["entities"] == [{"type": "italic", "offset": 0, "length": 1}]
    assert result["reply_markup"] == {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    assert result["link_preview_options"] == {"is_disabled": True}


async def test_form_strings_stay_raw(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage", data={"chat_id": str(ANN), "text": "123"}
    )
    assert response.json()["result"]["text"] == "123"
    assert server.calls[-1].params == {"chat_id": ANN, "text": "123"}


async def test_bad_reply_markup_json(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage",
        data={"chat_id": ANN, "text": "x", "reply_markup": "{not json"},
    )
    assert response.json()["description"] == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage",
        json={"chat_id": ANN, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "A"}]]}},
    )
    assert response.json()["description"] == (
        "Bad Request: text buttons are unallowed in the inline keyboard"
    )


async def test_429_wire_format(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    server.inject_429("sendmessage", times=1, retry_after=3)
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendMessage", data={"chat_id": ANN, "text": "x"}
    )
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


# --- webhook ----------------------------------------------------------------------------------


class _Receiver:
    """A bot's webhook endpoint: records what it gets; fails the first ``failures`` requests."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests = 0
        self.updates: list[dict[str, Any]] = []
        self.secrets: list[str | None] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        self.secrets.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        if self.failures > 0:
            self.failures -= 1
            return web.Response(status=500)
        self.updates.append(await request.json())
        return web.Response()


@contextlib.asynccontextmanager
async def _receiving(receiver: _Receiver) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        await runner.cleanup()


async def test_webhook_delivery(bot: Bot, server: BotApiServer) -> None:
    receiver = _Receiver()
    async with _receiving(receiver) as url:
        assert await bot.set_webhook(url, secret_token="s3cret-token")
        info = await bot.get_webhook_info()
        assert info.url == url
        await server.send(ANN, ANN, "first")
        await server.send(ANN, ANN, "second")
        await server.wait_for(lambda: len(receiver.updates) == 2, 5)
        assert [u["message"]["text"] for u in receiver.updates] == ["first", "second"]
        assert receiver.secrets == ["s3cret-token", "s3cret-token"]
        assert Update.de_json(receiver.updates[0], bot).message is not None
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        assert (await bot.get_webhook_info()).pending_update_count == 0
        assert await bot.delete_webhook()
    await server.send(ANN, ANN, "polled")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.text == "polled"


async def test_webhook_retries_then_gives_up(bot: Bot, server: BotApiServer) -> None:
    receiver = _Receiver(failures=2)
    async with _receiving(receiver) as url:
        await bot.set_webhook(url)
        await server.send(ANN, ANN, "retried")
        await server.wait_for(lambda: server.stats.webhook_deliveries == 1, 5)
        assert (receiver.requests, len(receiver.updates)) == (3, 1)
        assert receiver.secrets[0] is None
        receiver.failures = 10
        await server.send(ANN, ANN, "lost")
        await server.wait_for(lambda: server.stats.webhook_failures == 1, 5)
        info = await bot.get_webhook_info()
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert info.pending_update_count == 0


# --- a real PTB Application -------------------------------------------------------------------


async def test_a_real_application_polls_and_replies(server: BotApiServer) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say the message back."""
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app = (
        ApplicationBuilder()
        .token(SANDBOX_TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=2))
    try:
        await server.send(ANN, ANN, "hello sandbox")
        reply = await server.wait_for_message(ANN, lambda m: m.text == "echo: hello sandbox", 10)
        assert reply.from_user is not None and reply.from_user["is_bot"]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert server.updates_pending == []  # PTB's last getUpdates confirmed the update
