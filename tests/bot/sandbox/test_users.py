"""bot/sandbox/users.py: what users send, and the observation helpers."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, MessageEntity, MessageOriginChannel, Update

from bot.sandbox.server import BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, GROUP

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
