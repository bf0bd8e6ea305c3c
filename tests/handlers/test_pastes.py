"""handlers/pastes.py: a paste a Telegram client split into several messages is one article.

The end-to-end tests run the real Application against the sandbox Bot API server, with the
texts split as Telegram Android (exactly at 4,096 units) and Telegram Desktop (at a break) split
them. Waiting is the bot's own option (``paste_wait_seconds``): long where a test needs the next
part to count as on time, zero where it needs it to be late; no test measures time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import bot_options, build_application, polling
from bot.config import Settings
from bot.sandbox.client import split_message
from bot.sandbox.pages import serve_pages
from bot.sandbox.records import SandboxMessage
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from handlers.pastes import CLIENT_SPLIT_UNITS, NEAR_SPLIT_UNITS, join_parts, near_split
from handlers.runtime import Runtime, make_pool

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = (FIXTURES / "pastes" / "en_valley_line.txt").read_text(encoding="utf-8").strip()
SHORT_ONE = (FIXTURES / "articles" / "en_riverton_buses.txt").read_text(encoding="utf-8")
SHORT_TWO = (FIXTURES / "articles" / "en_yorkshire_floods.txt").read_text(encoding="utf-8")
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "article.html"
WAIT = 30.0  # how long a step may take on a slow, busy machine (no test relies on it being fast)
ANN = 1001


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- joining the parts --------------------------------------------------------------------------


def test_a_part_cut_where_the_limit_fell_is_followed_directly() -> None:
    text = ("word " * 1000).strip() + " tail"  # the 4,096th unit falls inside a word
    parts = split_message(text, exact=True)
    assert len(parts[0]) == CLIENT_SPLIT_UNITS and not parts[0].endswith(" ")
    assert join_parts(parts) == text


def test_a_part_cut_at_trimmed_whitespace_gets_a_space_or_a_line_break_back() -> None:
    assert join_parts(["The council met", "on Monday."]) == "The council met on Monday."
    assert join_parts(["It opened in May.”", "Then it closed."]) == (
        "It opened in May.”\nThen it closed."
    )
    assert join_parts(["only"]) == "only" and join_parts([]) == ""


def test_near_the_split_counts_utf16_units_as_telegram_does() -> None:
    assert not near_split("a" * (NEAR_SPLIT_UNITS - 1))
    assert near_split("a" * NEAR_SPLIT_UNITS)
    assert near_split("😀" * (NEAR_SPLIT_UNITS // 2))  # two units each


@pytest.mark.parametrize("exact", [True, False], ids=["android", "desktop"])
def test_the_fixture_splits_in_three_and_joins_back_to_the_same_text(exact: bool) -> None:
    parts = split_message(ARTICLE, exact=exact)
    assert len(ARTICLE) >= 9000 and len(parts) == 3
    assert all(near_split(part) for part in parts[:2]) and not near_split(parts[2])
    assert _flat(join_parts(parts)) == _flat(ARTICLE)
    if not exact:  # Desktop cut at paragraph breaks: the paragraphs come back as they were
        assert join_parts(parts) == ARTICLE


# --- through the bot ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    executor = make_pool(1)
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.user(ANN, "Ann", language_code="en")
        server.private_chat(ANN)
        yield server


@pytest.fixture
def wait_seconds() -> float:
    """How long a part near the split waits for the next one (a test may override it)."""
    return WAIT


def _bot(
    sandbox: BotApiServer, pool: ProcessPoolExecutor, wait_seconds: float
) -> tuple[Application, Runtime]:  # type: ignore[type-arg]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SANDBOX_TOKEN,
        bot_api_url=sandbox.base_url,
        bot_api_file_url=sandbox.base_file_url,
        allow_private_urls=True,
    )
    options = dataclasses.replace(bot_options(settings), paste_wait_seconds=wait_seconds)
    shared = Runtime(options, executor=pool)
    return build_application(settings, runtime=shared), shared


@pytest.fixture
async def runtime(
    sandbox: BotApiServer, pool: ProcessPoolExecutor, wait_seconds: float
) -> AsyncIterator[Runtime]:
    app, shared = _bot(sandbox, pool, wait_seconds)
    async with polling(app):
        yield shared
    await shared.close()


def _summaries(sandbox: BotApiServer) -> list[SandboxMessage]:
    """The bot's finished summaries (a placeholder edited into a reply with buttons)."""
    return [m for m in sandbox.messages(ANN) if m.edit_count and m.reply_markup]


async def _wait_for_summaries(sandbox: BotApiServer, count: int) -> list[SandboxMessage]:
    await sandbox.wait_for(lambda: len(_summaries(sandbox)) >= count, WAIT)
    return _summaries(sandbox)


def _kept_text(runtime: Runtime, reply: SandboxMessage) -> str:
    """The text the reply's summary was made from (its buttons name the kept result)."""
    data = next(b["callback_data"] for b in reply.buttons() if "callback_data" in b)
    result = runtime.results.get(str(data).split(":")[1])
    assert result is not None
    return result.text


def _bullets(message: SandboxMessage) -> list[str]:
    return [line[2:] for line in (message.text or "").splitlines() if line.startswith("• ")]


@pytest.mark.parametrize("exact", [True, False], ids=["android", "desktop"])
async def test_an_article_sent_as_three_messages_gets_one_reply_from_the_whole_text(
    sandbox: BotApiServer, runtime: Runtime, exact: bool
) -> None:
    sent = [await sandbox.send(ANN, ANN, part) for part in split_message(ARTICLE, exact=exact)]
    assert len(sent) == 3
    [reply] = await _wait_for_summaries(sandbox, 1)
    assert _flat(_kept_text(runtime, reply)) == _flat(ARTICLE)
    assert reply.reply_to_message_id == sent[0]["message_id"]  # it answers the first part
    assert _bullets(reply) and all(_flat(b) in _flat(ARTICLE) for b in _bullets(reply))
    assert reply.text and reply.text.startswith("Valley railway reopens to passengers")
    assert len(sandbox.messages(ANN)) == 1  # one reply: no hint, no second summary
    assert runtime.stats["pastes_joined"] == 1


async def test_a_short_last_part_is_joined_not_answered_with_a_hint(
    sandbox: BotApiServer, runtime: Runtime
) -> None:
    text = ARTICLE[: CLIENT_SPLIT_UNITS + 150]
    parts = split_message(text, exact=True)
    assert len(parts) == 2 and len(parts[1]) < runtime.options.min_text_chars
    for part in parts:
        await sandbox.send(ANN, ANN, part)
    [reply] = await _wait_for_summaries(sandbox, 1)
    assert _flat(_kept_text(runtime, reply)) == _flat(text)
    assert len(sandbox.messages(ANN)) == 1


async def test_two_separate_short_texts_get_two_replies_at_once(
    sandbox: BotApiServer, runtime: Runtime
) -> None:
    assert not near_split(SHORT_ONE) and not near_split(SHORT_TWO)
    for text in (SHORT_ONE, SHORT_TWO):
        await sandbox.send(ANN, ANN, text)
    replies = await _wait_for_summaries(sandbox, 2)
    assert sorted(_kept_text(runtime, r) for r in replies) == sorted([SHORT_ONE, SHORT_TWO])
    assert runtime.stats["pastes_joined"] == 0
    # neither was held: a held text would have shown "typing…" before its placeholder
    assert [a.action for a in sandbox.chat_actions] == ["typing", "typing"]


async def test_a_link_after_a_long_text_is_read_on_its_own_after_the_text(
    sandbox: BotApiServer, runtime: Runtime
) -> None:
    first = split_message(ARTICLE)[0]
    with serve_pages({"/article.html": SAMPLE.read_bytes()}) as origin:
        await sandbox.send(ANN, ANN, first)
        await sandbox.send(ANN, ANN, f"{origin}/article.html")
        replies = await _wait_for_summaries(sandbox, 2)
    # the text was held for its next part; the link ended the wait, and came second
    assert _flat(_kept_text(runtime, replies[0])) == _flat(first)
    assert "tidal turbine" in (replies[1].text or "")


@pytest.mark.parametrize("wait_seconds", [0.0])
async def test_parts_that_come_after_the_wait_are_answered_on_their_own(
    sandbox: BotApiServer, runtime: Runtime
) -> None:
    parts = split_message(ARTICLE, exact=True)
    for count, part in enumerate(parts, 1):
        await sandbox.send(ANN, ANN, part)
        await _wait_for_summaries(sandbox, count)  # answered before the next part comes: late
    replies = _summaries(sandbox)
    assert [_flat(_kept_text(runtime, r)) for r in replies] == [_flat(p) for p in parts]
    assert runtime.stats["pastes_joined"] == 0


async def test_a_paste_held_when_the_bot_stops_is_still_answered(
    sandbox: BotApiServer, pool: ProcessPoolExecutor
) -> None:
    app, shared = _bot(sandbox, pool, 2.0)
    async with polling(app):
        await sandbox.send(ANN, ANN, split_message(ARTICLE)[0])
        await sandbox.wait_for(lambda: bool(sandbox.chat_actions), WAIT)  # held: "typing…"
    # stopping waited for the held paste, and for its summary
    [reply] = _summaries(sandbox)
    assert _flat(_kept_text(shared, reply)) == _flat(split_message(ARTICLE)[0])
    await shared.close()
