"""bot/sandbox/api_messages.py: sendMessage, edits and deletes (through the real PTB)."""

from __future__ import annotations

import pytest
from telegram import Bot, LinkPreviewOptions, MessageEntity
from telegram.error import BadRequest

from bot.sandbox.server import BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, keyboard, last_error

# --- sendMessage ------------------------------------------------------------------------------


async def test_send_message_with_html(bot: Bot, server: BotApiServer) -> None:
    source = '<b>Title</b>\n<a href="https://example.com/x">source</a> &amp; more 😀<i>e</i>'
    message = await bot.send_message(
        ANN,
        source,
        parse_mode="HTML",
        reply_markup=keyboard("more"),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert message.text == "Title\nsource & more 😀e"
    assert message.entities == (
        MessageEntity("bold", 0, 5),
        MessageEntity("text_link", 6, 6, url="https://example.com/x"),
        MessageEntity("italic", 22, 1),
    )
    assert message.from_user is not None and message.from_user.is_bot
    assert message.reply_markup == keyboard("more")
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
    assert last_error(server) == description
    assert server.calls[-1].status == 400
    assert server.messages(ANN) == []


@pytest.mark.parametrize("text", ["a" * 4096, "😀" * 2048, "<b>" + "a" * 4096 + "</b>"])
async def test_longest_messages_pass(bot: Bot, text: str) -> None:
    await bot.send_message(ANN, text, parse_mode="HTML")


async def test_unknown_chat(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(42, "hi")
    assert last_error(server) == "Bad Request: chat not found"


async def test_callback_data_over_64_bytes(bot: Bot, server: BotApiServer) -> None:
    await bot.send_message(ANN, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest):
        await bot.send_message(ANN, "no", reply_markup=keyboard("é" * 33))
    assert last_error(server) == "Bad Request: BUTTON_DATA_INVALID"


async def test_reply_to_a_users_message(bot: Bot, server: BotApiServer) -> None:
    asked = await server.send(ANN, ANN, "summarize https://example.com/a")
    reply = await bot.send_message(ANN, "Summary", reply_to_message_id=asked["message_id"])
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "summarize https://example.com/a"
    with pytest.raises(BadRequest):
        await bot.send_message(ANN, "x", reply_to_message_id=999)
    assert last_error(server) == "Bad Request: message to be replied not found"
    await bot.send_message(ANN, "x", reply_to_message_id=999, allow_sending_without_reply=True)


# --- edits and deletes ------------------------------------------------------------------------


async def test_edit_in_place_and_not_modified(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(
        ANN, "<b>Draft</b>", parse_mode="HTML", reply_markup=keyboard("a")
    )
    edited = await bot.edit_message_text(
        "<i>Final</i>",
        chat_id=ANN,
        message_id=sent.message_id,
        parse_mode="HTML",
        reply_markup=keyboard("a"),
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
            reply_markup=keyboard("a"),
        )
    assert last_error(server) == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # the same text with other entities is a change; leaving out the keyboard removes it
    await bot.edit_message_text("Final", chat_id=ANN, message_id=sent.message_id)
    assert (stored.entities, stored.reply_markup, stored.edit_count) == ([], None, 2)


async def test_edit_refusals(bot: Bot, server: BotApiServer) -> None:
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", chat_id=ANN, message_id=77)
    assert last_error(server) == "Bad Request: message to edit not found"
    asked = await server.send(ANN, ANN, "mine")
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", chat_id=ANN, message_id=asked["message_id"])
    assert last_error(server) == "Bad Request: message can't be edited"
    sent = await bot.send_message(ANN, "short")
    with pytest.raises(BadRequest):
        await bot.edit_message_text("a" * 4097, chat_id=ANN, message_id=sent.message_id)
    assert last_error(server) == "Bad Request: message is too long"


async def test_edit_reply_markup(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(ANN, sent.message_id, reply_markup=keyboard("a"))
    await bot.edit_message_reply_markup(ANN, sent.message_id, reply_markup=keyboard("a", "b"))
    assert [b["callback_data"] for b in server.messages(ANN)[0].buttons()] == ["a", "b"]
    await bot.edit_message_reply_markup(ANN, sent.message_id)
    assert server.messages(ANN)[0].reply_markup is None


async def test_delete_message(bot: Bot, server: BotApiServer) -> None:
    sent = await bot.send_message(ANN, "x")
    assert await bot.delete_message(ANN, sent.message_id)
    assert server.messages(ANN)[0].deleted
    with pytest.raises(BadRequest):
        await bot.delete_message(ANN, sent.message_id)
    assert last_error(server) == "Bad Request: message to delete not found"
    with pytest.raises(BadRequest):
        await bot.edit_message_text("y", chat_id=ANN, message_id=sent.message_id)
    assert last_error(server) == "Bad Request: message to edit not found"
