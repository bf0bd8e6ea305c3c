"""The sandbox server's fixtures (a server with Ann, Bob and a group; a Bot; a raw httpx client)
and the helpers its tests share."""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import RetryAfter

from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer

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


class Clock:
    """A monotonic clock that moves only when told to: flood and expiry tests need no sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.title(), callback_data=d) for d in data]])


def last_error(server: BotApiServer) -> str | None:
    return server.calls[-1].description
