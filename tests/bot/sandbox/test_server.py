"""The sandbox Bot API server, driven by the real python-telegram-bot (and httpx for the wire)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MessageEntity,
    MessageOriginChannel,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer, Limits

ANN = 1001
BOB = 1002
GROUP = -4001


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 returns RetryAfter.retry_after as a timedelta (no deprecation warning) with this."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@contextlib.asynccontextmanager
async def sandbox(**options: Any) -> AsyncIterator[tuple[BotApiServer, Bot]]:
    async with BotApiServer(**options) as server:
        ann = server.user(ANN, "Ann", username="ann_reader")
        server.private_chat(ann)
        bob = server.user(BOB, "Bob", language_code="ru")
        server.private_chat(bob)
        server.group(GROUP, "Readers")
        bot = Bot(SANDBOX_TOKEN, base_url=server.base_url, base_file_url=server.base_file_url)
        async with bot:
            yield server, bot


@pytest.fixture
async def server_and_bot() -> AsyncIterator[tuple[BotApiServer, Bot]]:
    async with sandbox() as pair:
        yield pair


@pytest.fixture
def server(server_and_bot: tuple[BotApiServer, Bot]) -> BotApiServer:
    return server_and_bot[0]


@pytest.fixture
def bot(server_and_bot: tuple[BotApiServer, Bot]) -> Bot:
    return server_and_bot[1]


@pytest.fixture
async def raw(server: BotApiServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url) as client:
        yield client


class _Clock:
    """A monotonic clock that moves only when told to: flood and expiry tests need no sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.title(), callback_data=d) for d in data]])


def _last_error(server: BotApiServer) -> str | None:
    return server.calls[-1].description


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


# --- sendMessage ------------------------------------------------------------------------------


async def test_send_message_with_html(bot: Bot, server: BotApiServer) -> None:
    source = '<b>Title</b>\n<a href="https://example.com/x">source</a> &amp; more 😀<i>e</i>'
    message = await bot.send_message(
        ANN,
        source,
        parse_mode="HTML",
        reply_markup=_keyboard("more"),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert message.text == "Title\nsource & more 😀e"
    assert message.entities == (
        MessageEntity("bold", 0, 5),
        MessageEntity("text_link", 6, 6, url="https://example.com/x"),
        MessageEntity("italic", 22, 1),
    )
    assert message.from_user is not None and message.from_user.is_bot
    assert message.reply_markup == _keyboard("more")
    assert message.link_preview_options == LinkPreviewOptions(is_disabled=True)
    [stored] = server.messages(ANN)
    assert (stored.message_id, stored.html, stored.edit_count) == (message.message_id, source, 0)
    assert stored.buttons() == [{"text": "More", "callback_data": "more"}]
    assert server.stats.messages_by_chat[ANN] == 1


async def test_message_ids_increase_per_chat(bot: Bot, server: BotApiServer) -> None:
    await server.send(ANN, ANN, "hi")
    a = await bot.send_message(ANN, "one")
    b = await bot.send_message(ANN, "two")
    c = await bot.send_message(BOB, "one")
    assert (a.message_id, b.message_id, c.message_id) == (2, 3, 1)


async def test_text_is_trimmed_and_entities_follow(bot: Bot) -> None:
    message = await bot.send_message(ANN, "\n  <b>x</b> y  \n", parse_mode="HTML")
    assert message.text == "x y"
    assert message.entities == (MessageEntity("bold", 0, 1),)


async def test_plain_text_keeps_explicit_entities(bot: Bot) -> None:
    message = await bot.send_message(
        ANN, "<b> is literal", entities=[MessageEntity("italic", 0, 3)]
    )
    assert message.text == "<b> is literal"
    assert message.entities == (MessageEntity("italic", 0, 3),)


@pytest.mark.parametrize(
    ("text", "parse_mode", "description"),
    [
        ("", None, "Bad Request: message text is empty"),
        (" \n ", None, "Bad Request: message text is empty"),
        ("<b></b>", "HTML", "Bad Request: message text is empty"),
        ("a" * 4097, None, "Bad Request: message is too long"),
        ("😀" * 2049, None, "Bad Request: message is too long"),
        ("<b>" + "a" * 4097 + "</b>", "HTML", "Bad Request: message is too long"),
        (
            "<b>x</i>",
            "HTML",
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 4, "
            'expected "</b>", found "</i>"',
        ),
        (
            "Q&A",
            "HTML",
            'Bad Request: can\'t parse entities: Unsupported HTML entity "&A" at byte offset 1',
        ),
        ("*x*", "MarkdownV2", "Bad Request: unsupported parse_mode"),
    ],
)
async def test_send_message_refusals(
    bot: Bot, server: BotApiServer, text: str, parse_mode: str | None, description: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(ANN, text, parse_mode=parse_mode)
    assert _last_error(server) == description
    assert server.calls[-1].status == 400
    assert server.messages(ANN) == []


@pytest.mark.parametrize("text", ["a" * 4096, "😀" * 2048, "<b>" + "a" * 4096 + "</b>"])
async def test_longest_messages_pass(bot: Bot, text: str) -> None:
    await bot.send_message(ANN, text, parse_mode="HTML")


async def test_unknown_chat(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(42, "hi")
    assert _last_error(server) == "Bad Request: chat not found"


async def test_callback_data_over_64_bytes(bot: Bot, server: BotApiServer) -> None:
    await bot.send_message(ANN, "ok", reply_markup=_keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest):
        await bot.send_message(ANN, "no", reply_markup=_keyboard("é" * 33))
    assert _last_error(server) == "Bad Request: BUTTON_DATA_INVALID"


async def test_reply_to_a_users_message(bot: Bot, server: BotApiServer) -> None:
    asked = await server.send(ANN, ANN, "summarize https://example.com/a")
    reply = await bot.send_message(ANN, "Summary", reply_to_message_id=asked["message_id"])
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "summarize https://example.com/a"
    with pytest.raises(BadRequest):
        await bot.send_message(ANN, "x", reply_to_message_id=999)
    assert _last_error(server) == "Bad Request: message to be replied not found"
    await bot.send_message(ANN, "x", reply_to_message_id=999, allow_sending_without_reply=True)


# --- faults: blocks, 429s, migration, tokens --------------------------------------------------


async def test_blocked_user(bot: Bot, server: BotApiServer) -> None:
    server.block(ANN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANN, "hi")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(ANN, "typing")
    assert _last_error(server) == "Forbidden: bot was blocked by the user"
    await bot.send_message(BOB, "others still get messages")
    server.unblock(ANN)
    await bot.send_message(ANN, "hi again")


async def test_injected_429(bot: Bot, server: BotApiServer) -> None:
    server.inject_429("sendMessage", times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "hi")
        assert _seconds(caught.value) == 7
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


# --- edits and deletes ------------------------------------------------------------------------


async def test_edit_in_place_and_not_modified(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(
        ANN, "<b>Draft</b>", parse_mode="HTML", reply_markup=_keyboard("a")
    )
    edited = await bot.edit_message_text(
        "<i>Final</i>",
        chat_id=ANN,
        message_id=sent.message_id,
        parse_mode="HTML",
        reply_markup=_keyboard("a"),
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Final"
    assert edited.edit_date is not None
    [stored] = server.messages(ANN)
    assert (stored.text, stored.html, stored.edit_count) == ("Final", "<i>Final</i>", 1)
    assert stored.entities == [{"type": "italic", "offset": 0, "length": 5}]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<i>Final</i>",
            chat_id=ANN,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=_keyboard("a"),
        )
    assert _last_error(server) == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # the same text with other entities is a change; leaving out the keyboard removes it
    await bot.edit_message_text("Final", chat_id=ANN, message_id=sent.message_id)
    assert (stored.entities, stored.reply_markup, stored.edit_count) == ([], None, 2)


async def test_edit_refusals(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", chat_id=ANN, message_id=77)
    assert _last_error(server) == "Bad Request: message to edit not found"
    asked = await server.send(ANN, ANN, "mine")
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", chat_id=ANN, message_id=asked["message_id"])
    assert _last_error(server) == "Bad Request: message can't be edited"
    sent = await bot.send_message(ANN, "short")
    with pytest.raises(BadRequest):
        await bot.edit_message_text("a" * 4097, chat_id=ANN, message_id=sent.message_id)
    assert _last_error(server) == "Bad Request: message is too long"


async def test_edit_reply_markup(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x", reply_markup=_keyboard("a"))
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(ANN, sent.message_id, reply_markup=_keyboard("a"))
    await bot.edit_message_reply_markup(ANN, sent.message_id, reply_markup=_keyboard("a", "b"))
    assert [b["callback_data"] for b in server.messages(ANN)[0].buttons()] == ["a", "b"]
    await bot.edit_message_reply_markup(ANN, sent.message_id)
    assert server.messages(ANN)[0].reply_markup is None


async def test_delete_message(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x")
    assert await bot.delete_message(ANN, sent.message_id)
    assert server.messages(ANN)[0].deleted
    with pytest.raises(BadRequest):
        await bot.delete_message(ANN, sent.message_id)
    assert _last_error(server) == "Bad Request: message to delete not found"
    with pytest.raises(BadRequest):
        await bot.edit_message_text("y", chat_id=ANN, message_id=sent.message_id)
    assert _last_error(server) == "Bad Request: message to edit not found"


# --- callback queries -------------------------------------------------------------------------


async def test_press_and_answer(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "Summary", reply_markup=_keyboard("quotes", "facts"))
    query_id = await server.press(ANN, sent.message_id, data="facts", from_user=ANN)
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert (query.id, query.data) == (query_id, "facts")
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("Facts below")
    assert server.callback_answers[-1].text == "Facts below"
    assert server.callback_answers[-1].query_id == query_id
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id)
    assert _last_error(server) == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_press_by_index(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x", reply_markup=_keyboard("a", "b"))
    await server.press(ANN, sent.message_id, index=1, from_user=ANN)
    [update] = await bot.get_updates()
    assert update.callback_query is not None and update.callback_query.data == "b"
    with pytest.raises(ValueError, match="no button"):
        await server.press(ANN, sent.message_id, data="zzz", from_user=ANN)


async def test_expired_callback_query() -> None:
    clock = _Clock()
    async with sandbox(clock=clock) as (server, bot):
        sent = await bot.send_message(ANN, "x", reply_markup=_keyboard("a"))
        query_id = await server.press(ANN, sent.message_id, data="a", from_user=ANN)
        clock.now += 15.5  # the default lifetime is 15 s
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query_id)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query("12345")


# --- inline mode ------------------------------------------------------------------------------


def _article(result_id: str, text: str, **extra: Any) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        result_id,
        f"Result {result_id}",
        InputTextMessageContent(text, parse_mode="HTML"),
        **extra,
    )


async def test_inline_query_answer_choose_and_edit(bot: Bot, server: BotApiServer) -> None:
    query_id = await server.inline_query(ANN, "https://example.com/story")
    [update] = await bot.get_updates()
    assert update.inline_query is not None
    assert update.inline_query.query == "https://example.com/story"
    await update.inline_query.answer(
        [_article("s1", "<b>Summary</b> of the story", reply_markup=_keyboard("more"))],
        cache_time=0,
    )
    answer = await server.inline_answer(query_id, 5)
    assert answer is not None
    assert [r["id"] for r in answer["results"]] == ["s1"]

    posted = await server.choose_inline_result(GROUP, ANN, query_id, "s1")
    assert posted["text"] == "Summary of the story"
    assert posted["via_bot"]["username"] == "newsbrief_bot"
    [update] = await bot.get_updates(offset=update.update_id + 1)
    chosen = update.chosen_inline_result
    assert chosen is not None and chosen.result_id == "s1"
    inline_id = chosen.inline_message_id
    assert inline_id is not None
    [message] = server.messages(GROUP)
    assert message.inline_message_id == inline_id

    assert await bot.edit_message_text(
        "<i>Longer</i> summary",
        inline_message_id=inline_id,
        parse_mode="HTML",
        reply_markup=_keyboard("less"),
    )
    assert (message.text, message.edit_count) == ("Longer summary", 1)
    assert message.entities == [{"type": "italic", "offset": 0, "length": 6}]

    await server.press(inline_message_id=inline_id, data="less", from_user=BOB)
    [update] = await bot.get_updates(offset=update.update_id + 1)
    assert update.callback_query is not None
    assert update.callback_query.inline_message_id == inline_id
    assert update.callback_query.message is None

    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", inline_message_id="nope")
    assert _last_error(server) == "Bad Request: MESSAGE_ID_INVALID"


@pytest.mark.parametrize(
    ("results", "description"),
    [
        ([_article(str(i), "x") for i in range(51)], "Bad Request: RESULTS_TOO_MUCH"),
        ([_article("1", "a" * 4097)], "Bad Request: message is too long"),
        (
            [_article("1", "<b>x")],
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        ),
        ([_article("1", "x"), _article("1", "y")], "Bad Request: RESULT_ID_DUPLICATE"),
    ],
)
async def test_answer_inline_query_refusals(
    bot: Bot, server: BotApiServer, results: list[InlineQueryResultArticle], description: str
) -> None:
    query_id = await server.inline_query(ANN, "q")
    with pytest.raises(BadRequest):
        await bot.answer_inline_query(query_id, results)
    assert _last_error(server) == description
    assert await server.inline_answer(query_id, 0.01) is None


async def test_inline_query_is_answered_once(bot: Bot, server: BotApiServer) -> None:
    query_id = await server.inline_query(ANN, "q")
    assert await bot.answer_inline_query(query_id, [_article("1", "x")])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, [_article("1", "x")])


async def test_expired_inline_query() -> None:
    clock = _Clock()
    async with sandbox(clock=clock, inline_query_ttl=3) as (server, bot):
        query_id = await server.inline_query(ANN, "q")
        clock.now += 3.5
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_inline_query(query_id, [_article("1", "x")])


# --- commands, chat actions, getChat ----------------------------------------------------------


async def test_commands(bot: Bot, server: BotApiServer) -> None:
    commands = [BotCommand("start", "Start"), BotCommand("help", "What I do")]
    assert await bot.set_my_commands(commands)
    assert server.commands == [
        {"command": "start", "description": "Start"},
        {"command": "help", "description": "What I do"},
    ]
    assert await bot.get_my_commands() == tuple(commands)
    scope = BotCommandScopeChat(BOB)
    await bot.set_my_commands([BotCommand("start", "Начать")], scope=scope, language_code="ru")
    assert await bot.get_my_commands(scope=scope, language_code="ru") == (
        BotCommand("start", "Начать"),
    )
    assert await bot.get_my_commands(scope=scope) == ()
    assert server.commands_for({"type": "chat", "chat_id": BOB}, "ru")[0]["description"] == (
        "Начать"
    )
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad-Command", "x")])
    assert _last_error(server) == "Bad Request: BOT_COMMAND_INVALID"


async def test_chat_actions(bot: Bot, server: BotApiServer) -> None:
    assert await bot.send_chat_action(ANN, "typing")
    assert [(a.chat_id, a.action) for a in server.chat_actions] == [(ANN, "typing")]
    with pytest.raises(BadRequest):
        await bot.send_chat_action(ANN, "dancing")
    assert _last_error(server) == "Bad Request: wrong parameter action in request"


async def test_get_chat(bot: Bot, server: BotApiServer) -> None:
    server.channel(-1007777, "Daily News", "dailynews")
    private = await bot.get_chat(ANN)
    assert (private.type, private.first_name, private.username) == ("private", "Ann", "ann_reader")
    group = await bot.get_chat(GROUP)
    assert (group.type, group.title) == ("group", "Readers")
    channel = await bot.get_chat("@dailynews")
    assert (channel.id, channel.type) == (-1007777, "channel")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(-5)


# --- what users send --------------------------------------------------------------------------


async def test_user_message_shapes(bot: Bot, server: BotApiServer) -> None:
    server.channel(-1007777, "Daily News", "dailynews")
    await server.send(
        ANN, ANN, "Big story https://news.example.com/1", forward_from_channel=-1007777
    )
    await server.send(ANN, ANN, "Look at example.com", caption_of_photo=True)
    await server.send(
        ANN,
        ANN,
        "this article",
        entities=[{"type": "text_link", "offset": 5, "length": 7, "url": "https://example.com/a"}],
    )
    sent = await bot.send_message(ANN, "Summary")
    await server.send(ANN, ANN, "thanks", reply_to_message_id=sent.message_id)
    forwarded, photo, linked, reply = [u.message for u in await bot.get_updates()]
    assert forwarded is not None and isinstance(forwarded.forward_origin, MessageOriginChannel)
    assert forwarded.forward_origin.chat.title == "Daily News"
    assert forwarded.entities == (MessageEntity("url", 10, 26),)
    assert photo is not None and len(photo.photo) == 3 and photo.text is None
    assert photo.caption == "Look at example.com"
    assert photo.caption_entities == (MessageEntity("url", 8, 11),)
    assert linked is not None
    assert linked.entities == (MessageEntity("text_link", 5, 7, url="https://example.com/a"),)
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.text == "Summary"


async def test_updates_parse_as_ptb_objects(bot: Bot, server: BotApiServer) -> None:
    await server.send(GROUP, BOB, "/summary@newsbrief_bot https://example.com")
    [update] = await bot.get_updates()
    assert isinstance(update, Update)
    assert update.effective_chat is not None and update.effective_chat.id == GROUP
    assert update.effective_user is not None and update.effective_user.language_code == "ru"
    assert update.message is not None
    assert update.message.parse_entities([MessageEntity.BOT_COMMAND]) == {
        MessageEntity("bot_command", 0, 22): "/summary@newsbrief_bot"
    }


# --- files ------------------------------------------------------------------------------------


async def test_send_document_and_download(bot: Bot, server: BotApiServer) -> None:
    data = "Résumé 😀\n".encode() * 100
    message = await bot.send_document(
        ANN, data, filename="summary.txt", caption="<b>Summary</b>", parse_mode="HTML"
    )
    assert message.document is not None
    assert (message.document.file_name, message.document.file_size) == ("summary.txt", len(data))
    assert message.caption == "Summary"
    assert message.caption_entities == (MessageEntity("bold", 0, 7),)
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data
    [stored] = server.messages(ANN)
    assert stored.document is not None and stored.document["file_id"] == file.file_id
    assert server.calls[-2].params["document"] == {"file_name": "summary.txt", "size": len(data)}
    again = await bot.send_document(BOB, message.document.file_id)
    assert again.document is not None and again.document.file_id == file.file_id


async def test_document_refusals(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest):
        await bot.send_document(ANN, "no-such-file-id")
    assert _last_error(server) == "Bad Request: wrong file identifier/HTTP URL specified"
    with pytest.raises(BadRequest):
        await bot.send_document(ANN, b"x", filename="a.txt", caption="c" * 1025)
    assert _last_error(server) == "Bad Request: message caption is too long"
    with pytest.raises(BadRequest):
        await bot.get_file("no-such-file-id")
    assert _last_error(server) == "Bad Request: invalid file_id"


async def test_multipart_attach_upload(server: BotApiServer, raw: httpx.AsyncClient) -> None:
    response = await raw.post(
        f"/bot{SANDBOX_TOKEN}/sendDocument",
        data={"chat_id": str(ANN), "document": "attach://part1", "caption": "raw"},
        files={"part1": ("notes.md", b"# notes", "text/markdown")},
    )
    document = response.json()["result"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "notes.md",
        "text/markdown",
        7,
    )
    response = await raw.post(f"/bot{SANDBOX_TOKEN}/sendDocument", data={"chat_id": str(ANN)})
    assert response.json()["description"] == "Bad Request: there is no document in the request"


async def test_user_sends_a_document(bot: Bot, server: BotApiServer) -> None:
    await server.send_document(ANN, ANN, "article.html", b"<html>story</html>", "text/html")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.mime_type == "text/html"
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"<html>story</html>"


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


# --- flood limits (the server's clock stands still unless a test moves it) ------------------


async def test_per_chat_flood_limit() -> None:
    clock = _Clock()
    async with sandbox(limits=Limits(), clock=clock) as (server, bot):
        first = await bot.send_message(ANN, "one")
        clock.now += 0.25
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "two")
        assert _seconds(caught.value) == 1
        await bot.send_message(BOB, "another chat has its own budget")
        # edits count only against the global budget
        await bot.edit_message_text("one, edited", chat_id=ANN, message_id=first.message_id)
        clock.now += 0.75
        await bot.send_message(ANN, "two, a second later")
        assert server.stats.rate_limited["sendMessage"] == 1
        assert server.stats.messages_by_chat == {ANN: 2, BOB: 1}
        assert server.stats.edits_by_chat == {ANN: 1}


async def test_scale_multiplies_the_budget() -> None:
    async with sandbox(limits=Limits(scale=10), clock=_Clock()) as (server, bot):
        for i in range(10):
            await bot.send_message(ANN, f"message {i}")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "eleventh")
        assert _seconds(caught.value) == 1
        assert server.stats.messages_by_chat[ANN] == 10


async def test_group_flood_limit_is_per_minute() -> None:
    clock = _Clock()
    limits = Limits(chat_per_second=100, group_per_minute=3)
    async with sandbox(limits=limits, clock=clock) as (server, bot):
        for i in range(3):
            await bot.send_message(GROUP, f"message {i}")
            clock.now += 10
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(GROUP, "fourth")
        assert _seconds(caught.value) == 30  # the first message leaves the minute in 30 s
        await bot.send_message(ANN, "a private chat is not a group")
        assert server.stats.rate_limited == {"sendMessage": 1}


async def test_global_flood_limit() -> None:
    limits = Limits(global_per_second=2, chat_per_second=100)
    async with sandbox(limits=limits, clock=_Clock()) as (server, bot):
        sent = await bot.send_message(ANN, "one")
        await bot.send_message(BOB, "two")
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "three")
        with pytest.raises(RetryAfter):
            await bot.edit_message_text("edited", chat_id=ANN, message_id=sent.message_id)
        assert server.stats.rate_limited == {"sendMessage": 1, "editMessageText": 1}


# --- observation helpers ----------------------------------------------------------------------


async def test_wait_for_times_out(server: BotApiServer) -> None:
    with pytest.raises(TimeoutError):
        await server.wait_for(lambda: False, 0.01)


async def test_history_has_both_sides(bot: Bot, server: BotApiServer) -> None:
    seen = server.changes
    await server.send(ANN, ANN, "question")
    await bot.send_message(ANN, "answer")
    assert server.changes > seen
    assert [(m.text, m.by_bot) for m in server.history(ANN)] == [
        ("question", False),
        ("answer", True),
    ]
    assert [m.text for m in server.messages(ANN)] == ["answer"]


async def test_wait_for_message_wakes_on_a_send(bot: Bot, server: BotApiServer) -> None:
    waiting = asyncio.create_task(
        server.wait_for_message(ANN, lambda m: m.text == "later", timeout=5)
    )
    await bot.send_message(ANN, "sooner")
    await bot.send_message(ANN, "later")
    message = await waiting
    assert message.message_id == 2


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
