"""bot/flood.py: sliding-window flood control, priorities, and 429s waited out."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from telegram import Bot
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from bot.flood import FloodControl
from bot.sandbox.records import Limits
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from handlers.runtime import Priority


def _recorder(log: list[tuple[str, float]], name: str) -> Any:
    async def call() -> bool:
        log.append((name, time.monotonic()))
        return True

    return call


async def test_quick_answers_go_before_queued_summaries() -> None:
    flood = FloodControl(global_per_second=5)
    log: list[tuple[str, float]] = []
    normal = [
        asyncio.create_task(
            flood.process_request(
                _recorder(log, f"n{i}"), (), {}, "sendMessage", {"chat_id": 100 + i}, None
            )
        )
        for i in range(10)
    ]
    await asyncio.sleep(0.05)  # five went at once; five wait for the window
    urgent = asyncio.create_task(
        flood.process_request(
            _recorder(log, "start"), (), {}, "sendMessage", {"chat_id": 999}, Priority.INTERACTIVE
        )
    )
    await asyncio.gather(*normal, urgent)
    order = [name for name, _ in log]
    assert order.index("start") == 5
    assert order[:5] == [f"n{i}" for i in range(5)]


async def test_one_chat_gets_one_new_message_a_second_but_edits_are_not_held() -> None:
    flood = FloodControl(global_per_second=100, chat_per_second=1)
    log: list[tuple[str, float]] = []
    for i in range(3):
        await flood.process_request(
            _recorder(log, f"s{i}"), (), {}, "sendMessage", {"chat_id": 7}, None
        )
    await flood.process_request(
        _recorder(log, "edit"), (), {}, "editMessageText", {"chat_id": 7}, None
    )
    times = [t for _, t in log]
    assert times[1] - times[0] >= 0.99 and times[2] - times[1] >= 0.99
    assert times[3] - times[2] < 0.5  # an edit does not wait for the chat's window


async def test_a_429_pauses_and_retries() -> None:
    flood = FloodControl()
    calls = 0

    async def flaky() -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RetryAfter(1)
        return True

    started = time.monotonic()
    assert await flood.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert calls == 2 and flood.retries == 1
    assert time.monotonic() - started >= 1.0


async def test_gives_up_after_max_retries() -> None:
    flood = FloodControl(max_retries=1)

    async def always() -> bool:
        raise RetryAfter(1)

    with pytest.raises(RetryAfter):
        await flood.process_request(always, (), {}, "sendMessage", {"chat_id": 1}, None)


@pytest.mark.slow
async def test_a_fan_out_at_the_limit_gets_no_429_from_the_sandbox() -> None:
    """600 messages to 60 chats with Telegram's limits scaled x10 on both sides: all
    delivered, none refused."""
    limits = Limits(scale=10)
    async with BotApiServer(limits=limits) as server:
        for user in range(1, 61):
            server.user(user, f"U{user}")
            server.private_chat(user)
        flood = FloodControl(scale=10)
        bot: ExtBot[int] = ExtBot(
            SANDBOX_TOKEN,
            base_url=server.base_url,
            base_file_url=server.base_file_url,
            rate_limiter=flood,
        )
        async with bot:
            await asyncio.gather(
                *(
                    bot.send_message(user, f"message {n}")
                    for n in range(10)
                    for user in range(1, 61)
                )
            )
        assert sum(server.stats.messages_by_chat.values()) == 600
        assert sum(server.stats.rate_limited.values()) == 0
        assert flood.retries == 0
    assert isinstance(bot, Bot)


async def test_slots_are_kept_for_people_while_they_use_the_bot() -> None:
    flood = FloodControl(global_per_second=5)
    log: list[tuple[str, float]] = []
    await flood.process_request(
        _recorder(log, "start"), (), {}, "sendMessage", {"chat_id": 1}, Priority.INTERACTIVE
    )
    bulk = [
        asyncio.create_task(
            flood.process_request(
                _recorder(log, f"b{i}"), (), {}, "sendMessage", {"chat_id": 10 + i}, Priority.BULK
            )
        )
        for i in range(4)
    ]
    await asyncio.sleep(0.2)
    assert [name for name, _ in log] == ["start", "b0", "b1"]  # 2 of 5 kept free
    await flood.process_request(
        _recorder(log, "help"), (), {}, "sendMessage", {"chat_id": 2}, Priority.INTERACTIVE
    )
    assert log[-1][0] == "help" and log[-1][1] - log[0][1] < 0.5  # no wait for the window
    await asyncio.gather(*bulk)


async def test_a_cancelled_request_does_not_keep_its_slot_forever() -> None:
    flood = FloodControl(global_per_second=1)
    started = asyncio.Event()

    async def hangs() -> bool:
        started.set()
        await asyncio.sleep(60)
        return True

    stuck = asyncio.create_task(
        flood.process_request(hangs, (), {}, "sendMessage", {"chat_id": 1}, None)
    )
    await started.wait()
    stuck.cancel()  # e.g. a timeout around a send
    log: list[tuple[str, float]] = []
    await asyncio.wait_for(
        flood.process_request(_recorder(log, "next"), (), {}, "sendMessage", {"chat_id": 2}, None),
        5,
    )
    assert [name for name, _ in log] == ["next"]
