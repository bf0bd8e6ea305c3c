"""bot/sandbox/state.py: the flood limits every sending method spends."""

from __future__ import annotations

import pytest
from telegram.error import RetryAfter

from bot.sandbox.server import Limits
from tests.bot.sandbox.conftest import ANN, BOB, GROUP, Clock, sandbox, seconds

# --- flood limits (the server's clock stands still unless a test moves it) ------------------


async def test_per_chat_flood_limit() -> None:
    clock = Clock()
    async with sandbox(limits=Limits(), clock=clock) as (server, bot):
        first = await bot.send_message(ANN, "one")
        clock.now += 0.25
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "two")
        assert seconds(caught.value) == 1
        await bot.send_message(BOB, "another chat has its own budget")
        # edits count only against the global budget
        await bot.edit_message_text("one, edited", chat_id=ANN, message_id=first.message_id)
        clock.now += 0.75
        await bot.send_message(ANN, "two, a second later")
        assert server.stats.rate_limited["sendMessage"] == 1
        assert server.stats.messages_by_chat == {ANN: 2, BOB: 1}
        assert server.stats.edits_by_chat == {ANN: 1}


async def test_scale_multiplies_the_budget() -> None:
    async with sandbox(limits=Limits(scale=10), clock=Clock()) as (server, bot):
        for i in range(10):
            await bot.send_message(ANN, f"message {i}")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANN, "eleventh")
        assert seconds(caught.value) == 1
        assert server.stats.messages_by_chat[ANN] == 10


async def test_group_flood_limit_is_per_minute() -> None:
    clock = Clock()
    limits = Limits(chat_per_second=100, group_per_minute=3)
    async with sandbox(limits=limits, clock=clock) as (server, bot):
        for i in range(3):
            await bot.send_message(GROUP, f"message {i}")
            clock.now += 10
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(GROUP, "fourth")
        assert seconds(caught.value) == 30  # the first message leaves the minute in 30 s
        await bot.send_message(ANN, "a private chat is not a group")
        assert server.stats.rate_limited == {"sendMessage": 1}


async def test_global_flood_limit() -> None:
    limits = Limits(global_per_second=2, chat_per_second=100)
    async with sandbox(limits=limits, clock=Clock()) as (server, bot):
        sent = await bot.send_message(ANN, "one")
        await bot.send_message(BOB, "two")
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "three")
        with pytest.raises(RetryAfter):
            await bot.edit_message_text("edited", chat_id=ANN, message_id=sent.message_id)
        assert server.stats.rate_limited == {"sendMessage": 1, "editMessageText": 1}
