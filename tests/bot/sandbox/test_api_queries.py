"""bot/sandbox/api_queries.py: callback queries and inline mode (through the real PTB)."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, InlineQueryResultArticle, InputTextMessageContent
from telegram.error import BadRequest

from bot.sandbox.server import BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, GROUP, Clock, keyboard, last_error, sandbox

# --- callback queries -------------------------------------------------------------------------


async def test_press_and_answer(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "Summary", reply_markup=keyboard("quotes", "facts"))
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
    assert last_error(server) == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_press_by_index(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x", reply_markup=keyboard("a", "b"))
    await server.press(ANN, sent.message_id, index=1, from_user=ANN)
    [update] = await bot.get_updates()
    assert update.callback_query is not None and update.callback_query.data == "b"
    with pytest.raises(ValueError, match="no button"):
        await server.press(ANN, sent.message_id, data="zzz", from_user=ANN)


async def test_expired_callback_query() -> None:
    clock = Clock()
    async with sandbox(clock=clock) as (server, bot):
        sent = await bot.send_message(ANN, "x", reply_markup=keyboard("a"))
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
        [_article("s1", "<b>Summary</b> of the story", reply_markup=keyboard("more"))],
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
        reply_markup=keyboard("less"),
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
    assert last_error(server) == "Bad Request: MESSAGE_ID_INVALID"


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
    assert last_error(server) == description
    assert await server.inline_answer(query_id, 0.01) is None


async def test_inline_query_is_answered_once(bot: Bot, server: BotApiServer) -> None:
    query_id = await server.inline_query(ANN, "q")
    assert await bot.answer_inline_query(query_id, [_article("1", "x")])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, [_article("1", "x")])


async def test_expired_inline_query() -> None:
    clock = Clock()
    async with sandbox(clock=clock, inline_query_ttl=3) as (server, bot):
        query_id = await server.inline_query(ANN, "q")
        clock.now += 3.5
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_inline_query(query_id, [_article("1", "x")])
