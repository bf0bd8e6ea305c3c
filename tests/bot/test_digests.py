"""bot/digests.py end to end: feeds on a local server, polled into the database (SQLite and
PostgreSQL), a digest composed at the chat's local time and delivered through the sandbox Bot
API server, exactly once, resumed after a crash, paused for a user who blocked the bot."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import ExtBot

from bot.db import repo
from bot.db.engine import sessions
from bot.db.models import SENT, Chat, Delivery
from bot.digests import LEASE, DigestSender, _newest
from bot.flood import FloodControl
from bot.poller import FeedPoller
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from summaries.web.fetch import Fetcher, FetchOptions

USER = 3001
OUTLETS = {
    "courier": (
        "Riverton Courier",
        "Riverton's new bridge opens two years late",
        "The new bridge over the Riv opened on Monday, two years late and £4m over "
        "budget, the council said.",
    ),
    "gazette": (
        "Valley Gazette",
        "Two years late, Riverton bridge finally opens",
        "Riverton's bridge across the Riv opened on Monday, two years behind schedule "
        "and £4m over its budget, according to the council.",
    ),
    "times": (
        "Riv Times",
        "Council opens Riverton bridge, £4m over budget",
        "The council opened the new Riverton bridge on Monday; it came two years late "
        "and cost £4m more than planned.",
    ),
}


def _word(n: int) -> str:
    """A made-up word of its own for each number, so each local story shares no words."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    return "".join(
        consonants[(n * 7 + i * 3) % 14] + vowels[(n + i) % 5] for i in range(3)
    ).capitalize() + str(n)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _rss(name: str, origin: str, extra: int) -> bytes:
    title, headline, text = OUTLETS[name]
    first = 100 * list(OUTLETS).index(name)  # each outlet's own local stories
    items = [
        f"<item><title>{headline}</title><link>{origin}/{name}/bridge</link>"
        f"<description>{text}</description>"
        "<pubDate>Tue, 24 Nov 2026 04:00:00 GMT</pubDate></item>"
    ]
    items += [
        f"<item><title>{_word(n)} {_word(n + 1000)} {_word(n + 2000)}</title>"
        f"<link>{origin}/{name}/note-{n}</link><description>{_word(n + 3000)} "
        f"{_word(n + 4000)} {_word(n + 5000)} {_word(n + 6000)}.</description></item>"
        for n in range(first, first + extra)
    ]
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>{origin}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@pytest.fixture
def feeds() -> Iterator[tuple[str, dict[str, int]]]:
    extra = {"n": 1}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/").removesuffix(".xml")
            if name not in OUTLETS:
                self.send_error(404)
                return
            body = _rss(name, origin, extra["n"])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield origin, extra
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.user(USER, "Ann")
        server.private_chat(USER)
        yield server


async def _setup(
    engine: AsyncEngine,
    origin: str,
    clock: Clock,
    chat_id: int = USER,
    *,
    poll: bool = True,
    **chat: Any,
) -> None:
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(
            session, chat_id, clock.now, timezone="Europe/Berlin", digest_time="08:00", **chat
        )
        for name in OUTLETS:
            feed = await repo.ensure_feed(session, f"{origin}/{name}.xml", clock.now)
            await repo.subscribe(session, chat_id, feed.id, clock.now)
    if not poll:
        return
    async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
        report = await FeedPoller(maker, fetcher, clock=clock).poll_due()
    assert report.failed == 0 and report.new_articles >= 3


def _bot(sandbox: BotApiServer) -> ExtBot[int]:
    return ExtBot(
        SANDBOX_TOKEN,
        base_url=sandbox.base_url,
        base_file_url=sandbox.base_file_url,
        rate_limiter=FloodControl(),
    )


async def test_the_digest_comes_once_at_local_time_with_one_story_from_three_outlets(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, _ = feeds
    clock = Clock()
    await _setup(engine, origin, clock)
    async with _bot(sandbox) as bot:
        sender = DigestSender(sessions(engine), bot, clock=clock)
        clock.now = datetime(2026, 11, 24, 6, 59, tzinfo=UTC)  # 07:59 in Berlin
        assert (await sender.run()).claimed == 0
        clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
        report = await sender.run()
        assert (report.claimed, report.sent) == (1, 1)
        again = DigestSender(sessions(engine), bot, clock=clock)  # a second process
        assert (await again.run()).claimed == 0
        assert (await sender.run()).claimed == 0
    [digest] = sandbox.messages(USER)
    text = digest.text or ""
    assert text.startswith("Your news · 24 Nov 2026\n\n1. ")
    bridge = [block for block in text.split("\n\n") if "bridge" in block.lower()]
    assert len(bridge) == 1  # one story, not three
    assert "also in" in bridge[0] and bridge[0].count("·") == 1
    numbered = [block for block in text.split("\n\n") if block[:1].isdigit()]
    assert len(numbered) == 4  # the bridge, and three local stories that stay apart
    assert "bridge" in numbered[0].lower()  # three outlets: the top story
    assert digest.link_preview_options in (None, {"is_disabled": True})


async def test_a_crash_mid_fan_out_is_resumed_without_repeating_a_message(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, extra = feeds
    extra["n"] = 40  # enough stories for several messages
    clock = Clock()
    await _setup(engine, origin, clock, digest_size=100)
    clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    maker = sessions(engine)
    async with _bot(sandbox) as bot:
        original = bot.send_message
        calls = {"n": 0}

        async def dies_after_one(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 2:
                raise asyncio.CancelledError  # the process is killed mid-way
            return await original(*args, **kwargs)

        crashing = DigestSender(maker, bot, clock=clock, worker="first")
        crashing.bot = _Patched(bot, dies_after_one)  # type: ignore[assignment]
        with pytest.raises(asyncio.CancelledError):
            await crashing.run()
        assert len(sandbox.messages(USER)) == 1
        survivor = DigestSender(maker, bot, clock=clock, worker="second")
        assert (await survivor.run()).resumed == 0  # the dead one's lease still runs
        clock.now += LEASE + timedelta(seconds=1)
        report = await survivor.run()
        assert (report.resumed, report.sent) == (1, 1)
    async with maker() as session:
        delivery = (await session.scalars(select(Delivery))).one()
    assert delivery.status == SENT and delivery.parts is not None
    assert delivery.parts_total >= 2 and delivery.parts_sent == delivery.parts_total
    assert [m.html for m in sandbox.messages(USER)] == delivery.parts  # each once, in order


async def test_a_user_who_blocked_the_bot_has_digests_paused(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, _ = feeds
    clock = Clock()
    await _setup(engine, origin, clock)
    sandbox.block(USER)
    clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    async with _bot(sandbox) as bot:
        report = await DigestSender(sessions(engine), bot, clock=clock).run()
    assert report.failed == 1
    async with sessions(engine)() as session:
        chat = await session.get(Chat, USER)
    assert chat is not None and chat.digests_paused


class _Patched:
    """The bot with send_message replaced (everything else passes through)."""

    def __init__(self, bot: ExtBot[int], send: Any) -> None:
        self._bot = bot
        self.send_message = send

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)


async def test_a_digest_in_quiet_hours_comes_without_a_sound(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, _ = feeds
    clock = Clock()
    # Quiet 23:00-08:30 by Berlin's clock: the 08:00 digest is silent, /digest at 09:00 is not.
    await _setup(engine, origin, clock, quiet_start="23:00", quiet_end="08:30")
    async with _bot(sandbox) as bot:
        sender = DigestSender(sessions(engine), bot, clock=clock)
        clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
        report = await sender.run()
        assert (report.sent, report.silent) == (1, 1)
        [digest] = sandbox.messages(USER)
        assert digest.silent
        async with sessions(engine)() as session, session.begin():
            chat = await session.get(Chat, USER)
            assert chat is not None
            chat.quiet_start = chat.quiet_end = None
            chat.last_digest_at = None  # so that there is something to send again
            await session.execute(delete(Delivery))
        clock.now = datetime(2026, 11, 24, 7, 5, tzinfo=UTC)
        again = await sender.run()
        assert (again.sent, again.silent) == (1, 0)
    assert [m.silent for m in sandbox.messages(USER)] == [True, False]


async def test_a_group_that_became_a_supergroup_is_followed_to_its_new_id(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, extra = feeds
    old_id, new_id = -4001, -1004001
    sandbox.group(old_id, "Riverton newsroom")
    clock = Clock()
    await _setup(engine, origin, clock, chat_id=old_id, kind="group", quiet_start="22:00")
    await sandbox.migrate_group(old_id, new_id)
    async with _bot(sandbox) as bot:
        sender = DigestSender(sessions(engine), bot, clock=clock)
        clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
        report = await sender.run()
        assert (report.sent, report.failed) == (1, 0)
        # the next day goes straight to the new id: the schedule and the feeds moved with it
        extra["n"] = 3  # a new story in each feed
        clock.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
        async with Fetcher(FetchOptions(allow_private=True)) as fetcher:
            assert (
                await FeedPoller(sessions(engine), fetcher, clock=clock).poll_due()
            ).new_articles
        clock.now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
        assert (await sender.run()).sent == 1
    digests = [m.text or "" for m in sandbox.messages(new_id) if m.by_bot]
    assert [d.split("\n", 1)[0] for d in digests] == [
        "Your news · 24 Nov 2026",
        "Your news · 25 Nov 2026",
    ]
    assert not [m for m in sandbox.messages(old_id) if m.by_bot]
    maker = sessions(engine)
    async with maker() as session:
        assert await session.get(Chat, old_id) is None
        moved = await session.get(Chat, new_id)
        assert moved is not None and (moved.timezone, moved.quiet_start) == (
            "Europe/Berlin",
            "22:00",
        )
        assert len(await repo.subscriptions(session, new_id)) == len(OUTLETS)
        rows = list(await session.scalars(select(Delivery)))
    assert [(row.chat_id, row.local_date, row.status) for row in rows] == [
        (new_id, "2026-11-24", SENT),
        (new_id, "2026-11-25", SENT),
    ]


async def test_a_chat_that_wants_empty_digests_gets_a_short_one_and_size_caps_the_stories(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, extra = feeds
    extra["n"] = 8  # the bridge and 8 local stories from each outlet: 25 stories
    clock = Clock()
    await _setup(engine, origin, clock, skip_empty=False, digest_size=5)
    async with _bot(sandbox) as bot:
        sender = DigestSender(sessions(engine), bot, clock=clock)
        clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
        assert (await sender.run()).sent == 1
        clock.now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # nothing new since
        assert (await sender.run()).sent == 1
    first, second = (m.text or "" for m in sandbox.messages(USER))
    numbered = [block for block in first.split("\n\n") if block[:1].isdigit()]
    assert len(numbered) == 5 and first.endswith("…and 20 more stories from your feeds.")
    assert second == "Your news · 25 Nov 2026\n\nNothing new in your feeds since the last digest."


async def test_a_digest_now_beside_the_scheduled_one_never_repeats_a_story(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, _ = feeds
    clock = Clock()
    await _setup(engine, origin, clock)
    clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Berlin: due
    async with _bot(sandbox) as bot:
        one = DigestSender(sessions(engine), bot, clock=clock)
        other = DigestSender(sessions(engine), bot, clock=clock)  # another process
        for _ in range(3):
            await asyncio.gather(one.run(), one.send_now(USER), other.send_now(USER))
    texts = [m.text or "" for m in sandbox.messages(USER)]
    blocks = [b for text in texts for b in text.split("\n\n") if b[:1].isdigit()]
    assert blocks and sum("bridge" in b.lower() for b in blocks) == 1  # in one digest only
    assert len(blocks) == len(set(blocks)) == 4


async def test_a_chat_forgotten_mid_round_does_not_stop_the_others(
    engine: AsyncEngine, sandbox: BotApiServer, feeds: tuple[str, dict[str, int]]
) -> None:
    origin, _ = feeds
    clock = Clock()
    other_user = USER + 1
    sandbox.user(other_user, "Bo")
    sandbox.private_chat(other_user)
    await _setup(engine, origin, clock)
    await _setup(engine, origin, clock, chat_id=other_user, poll=False)
    clock.now = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    maker = sessions(engine)
    async with _bot(sandbox) as bot:
        sender = DigestSender(maker, bot, clock=clock, concurrency=1)
        compose = sender._compose

        async def forget_first(delivery_id: int, claim: str, *, on_demand: bool) -> Any:
            async with maker() as session, session.begin():
                row = await session.get(Delivery, delivery_id)
                if row is not None and row.chat_id == USER:
                    await repo.forget_chat(session, USER)  # /forget, between claim and compose
            return await compose(delivery_id, claim, on_demand=on_demand)

        sender._compose = forget_first  # type: ignore[method-assign]
        report = await sender.run()
    assert (report.claimed, report.sent, report.errors) == (2, 1, 0)
    assert not sandbox.messages(USER) and len(sandbox.messages(other_user)) == 1


def test_a_digest_is_composed_from_its_newest_articles() -> None:
    start = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)

    def brief(n: int, dated: bool) -> repo.ArticleBrief:
        at = start + timedelta(minutes=n)
        return repo.ArticleBrief(
            n, f"url:{n}", None, f"Story {n}", at if dated else None, at, "en", (), "", True
        )

    found = [(brief(n, dated=n % 2 == 0), ["Feed"], ([], [])) for n in range(50)]
    kept = _newest(found, 10)
    assert [entry[0].id for entry in kept] == list(range(49, 39, -1))  # dated or first seen
    assert _newest(found[:3], 10) == found[:3]  # under the cap: as they were
