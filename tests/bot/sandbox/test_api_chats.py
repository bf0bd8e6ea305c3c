"""bot/sandbox/api_chats.py: commands, chat actions and getChat (through the real PTB)."""

from __future__ import annotations

import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest

from bot.sandbox.server import BotApiServer
from tests.bot.sandbox.conftest import ANN, BOB, GROUP, last_error

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
    assert last_error(server) == "Bad Request: BOT_COMMAND_INVALID"


async def test_chat_actions(bot: Bot, server: BotApiServer) -> None:
    assert await bot.send_chat_action(ANN, "typing")
    assert [(a.chat_id, a.action) for a in server.chat_actions] == [(ANN, "typing")]
    with pytest.raises(BadRequest):
        await bot.send_chat_action(ANN, "dancing")
    assert last_error(server) == "Bad Request: wrong parameter action in request"


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
