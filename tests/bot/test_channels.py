"""Digests in a channel or group the user administers (bot/channels.py, handlers/channels.py):
the real Application against the sandbox Bot API server, feeds on a local HTTP server. Linking
from a private chat (by name, by a forwarded post), the refusals, the private chat managing the
channel's feeds and settings, the digest posted in the channel once, and the pause and notice
when the bot is removed or the channel deleted. Then the storage service alone, on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.error import BadRequest, Forbidden

from bot.app import polling
from bot.channels import DbChannels, refusal_reason
from bot.db import repo
from bot.db.engine import make_engine, sessions, sqlite_url, upgrade
from bot.db.models import Chat, Subscription
from bot.sandbox.records import SandboxMessage
from bot.sandbox.server import BotApiServer
from bot.store import DbStore
from handlers.channels import LinkedChat
from handlers.runtime import Runtime, make_pool
from tests.bot import test_bot as base

ANN, BOB = base.ANN, base.BOB  # Ann runs the channel; Bob reads it
CHANNEL = -1003003
WAIT = base.WAIT
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)

site = base.site  # the local HTTP server of test_bot, shared as a fixture


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    executor = make_pool(1)
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.user(ANN, "Ann", language_code="en", username="ann_runs_news")
        server.private_chat(ANN)
        server.user(BOB, "Борис", language_code="ru")
        server.private_chat(BOB)
        server.channel(CHANNEL, "Riverton Daily", "riverton_daily", creator=ANN)
        yield server


@pytest.fixture
async def bot_and_store(
    sandbox: BotApiServer, pool: ProcessPoolExecutor, tmp_path: Path
) -> AsyncIterator[tuple[Any, Runtime, DbStore]]:
    engine = make_engine(sqlite_url(tmp_path / "bot.db"))
    await upgrade(engine)
    store = DbStore(sessions(engine))
    app, runtime = await base.start_bot(sandbox, pool, store)
    async with polling(app):
        yield app, runtime, store
    await runtime.close()
    await engine.dispose()


def text_of(message: SandboxMessage) -> str:
    return message.text or ""


async def said(sandbox: BotApiServer, chat_id: int, needle: str) -> SandboxMessage:
    """The bot's latest message in the chat that contains ``needle`` (waiting for it)."""
    return await sandbox.wait_for_message(chat_id, lambda m: needle in text_of(m), WAIT)


async def ask(sandbox: BotApiServer, text: str, needle: str) -> SandboxMessage:
    """Ann sends ``text`` in her private chat; the new answer that contains ``needle``."""
    before = max((m.message_id for m in sandbox.history(ANN)), default=0)
    await sandbox.send(ANN, ANN, text)
    return await sandbox.wait_for_message(
        ANN, lambda m: m.message_id > before and needle in text_of(m), WAIT
    )


def a_feed(site: base.Site) -> str:
    site.page("/news/a", base.article_page("Night buses start on Friday"))
    site.page(
        "/feed.xml",
        base.feed_xml(site, "/news/a"),
        headers={"Content-Type": "application/rss+xml"},
    )
    return site.url("/feed.xml")


def far_time() -> str:
    """A digest time 12 hours away: no scheduled digest fires during a test."""
    return f"{datetime.now(ZoneInfo('UTC')) + timedelta(hours=12):%H:%M}"


# --- through the bot ----------------------------------------------------------------------------


async def test_a_linked_channel_is_managed_from_the_private_chat_and_gets_the_digest(
    sandbox: BotApiServer,
    bot_and_store: tuple[Any, Runtime, DbStore],
    site: base.Site,
) -> None:
    app, runtime, store = bot_and_store
    feed = a_feed(site)
    linked = await ask(sandbox, "/channel @riverton_daily", "is linked")
    assert "<b>Riverton Daily</b>" in (linked.html or "")
    assert "Feeds it follows: 0. Digest at 08:00 (UTC)." in text_of(linked)

    answer = await ask(sandbox, f"/digest_time {far_time()}", "digest will come")
    assert text_of(answer).startswith("📢 Riverton Daily\n")  # says which chat it changed
    added = await ask(sandbox, f"/subscribe {feed}", "Subscribed to")
    assert text_of(added).startswith("📢 Riverton Daily\n")
    zone = await ask(sandbox, "/timezone Berlin", "Europe/Berlin")
    assert text_of(zone).startswith("📢 Riverton Daily\n")
    await ask(sandbox, "/filter -football", "leaves out: football")
    await ask(sandbox, "/quiet 23:00-07:00", "Quiet hours: 23:00–07:00 (Europe/Berlin)")
    listing = await ask(sandbox, "/feeds", "Your feeds")
    assert base.button_texts(listing) == ["✖ Riverton Courier"]
    assert runtime.subscriptions is not None
    assert [f.title for f in await runtime.subscriptions.feeds(CHANNEL)] == ["Riverton Courier"]
    assert await runtime.subscriptions.feeds(ANN) == []  # Ann's own digest is untouched
    assert await runtime.subscriptions.words(CHANNEL) == ([], ["football"])

    await sandbox.wait_for(lambda: site.hits.get("/news/a", 0) >= 1, WAIT)  # polled at once
    posted = await ask(sandbox, "/digest", "The digest is posted there.")
    assert text_of(posted).startswith("📢 Riverton Daily\n")
    [digest] = [m for m in sandbox.messages(CHANNEL) if text_of(m).startswith("Your news")]
    assert "Story at news/a makes the news" in text_of(digest)
    assert not any(text_of(m).startswith("Your news") for m in sandbox.messages(ANN))

    # The scheduled digest: due now by the channel's clock, sent once by two rounds.
    async with store.sessions() as session, session.begin():
        await session.execute(
            update(Subscription).values(created_at=datetime.now(UTC) - timedelta(hours=1))
        )
        await session.execute(update(Chat).where(Chat.id == CHANNEL).values(last_digest_at=None))
    await ask(sandbox, "/digest_empty on", "short digest saying so")  # nothing new since
    local = datetime.now(ZoneInfo("Europe/Berlin")) - timedelta(minutes=1)
    await ask(sandbox, f"/digest_time {local:%H:%M}", "digest will come")
    [job] = app.job_queue.get_jobs_by_name("_digests")
    await job.run(app)
    await job.run(app)
    digests = [m for m in sandbox.messages(CHANNEL) if text_of(m).startswith("Your news")]
    assert len(digests) == 2  # the /digest, and today's scheduled one, once
    assert "Nothing new" in text_of(digests[1])

    back = await ask(sandbox, "/channel me", "your own digest again")
    assert not text_of(back).startswith("📢")
    mine = await ask(sandbox, "/feeds", "no feeds yet")
    assert not text_of(mine).startswith("📢")
    status = await ask(sandbox, "/channel", "Commands here manage your own digest.")
    assert base.button_texts(status) == ["📢 Riverton Daily", "✓ 👤 My own digest"]
    await sandbox.press(ANN, status.message_id, from_user=ANN, data=f"chan:{CHANNEL}")
    await sandbox.wait_for(lambda: "digest of Riverton Daily" in text_of(status), WAIT)
    assert base.button_texts(status)[0] == "✓ 📢 Riverton Daily"
    await ask(sandbox, "/feeds", "Your feeds")


async def test_linking_is_refused_in_one_sentence_that_says_what_to_do(
    sandbox: BotApiServer, bot_and_store: tuple[Any, Runtime, DbStore]
) -> None:
    sandbox.channel(-1004004, "Not yet", "not_yet", creator=ANN, bot_admin=False)
    answer = await ask(sandbox, "/channel @not_yet", "I cannot post in")
    assert "add @newsbrief_bot to the channel as an administrator allowed to post" in (
        text_of(answer)
    )
    await sandbox.set_member(-1004004, sandbox.bot_id, "administrator", can_post_messages=False)
    await ask(sandbox, "/channel https://t.me/not_yet", "allowed to post messages")
    sandbox.channel(-1005005, "Bob's channel", "bobs_channel", creator=BOB)
    refused = await ask(sandbox, "/channel @bobs_channel", "Only an administrator")
    assert "<b>Bob's channel</b>" in (refused.html or "")
    await sandbox.send(BOB, BOB, "/channel @riverton_daily")  # Bob only reads Ann's channel
    await said(sandbox, BOB, "может только администратор этого чата")
    await ask(sandbox, "/channel @nowhere_at_all", "I cannot find @nowhere_at_all")
    await ask(sandbox, "/channel two words!", "is not a channel name")
    sandbox.group(-1006006, "Readers", supergroup=True, creator=ANN)
    await sandbox.set_member(-1006006, sandbox.bot_id, "restricted", can_send_messages=False)
    await ask(sandbox, "/channel -1006006", "add @newsbrief_bot to the group")
    # Nothing was linked: the commands still manage Ann's own digest.
    await ask(sandbox, "/channel", "Commands here manage your own digest.")
    # In a group, /channel says how to manage it from a private chat.
    sandbox.group(-4242, "Book club", creator=ANN)
    await sandbox.send(-4242, ANN, "/channel")
    await said(sandbox, -4242, "/channel -4242")


async def test_a_post_forwarded_after_channel_links_it_and_other_forwards_are_summarized(
    sandbox: BotApiServer, bot_and_store: tuple[Any, Runtime, DbStore], site: base.Site
) -> None:
    sandbox.channel(-1007007, "Quiet Valley", creator=ANN)  # private: no @name to send
    await ask(sandbox, "/channel", "forward me a post from the channel now")
    await sandbox.send(ANN, ANN, "Hello readers", forward_from_channel=-1007007)
    await said(sandbox, ANN, "Quiet Valley is linked")
    url = site.page("/fwd", base.article_page("Forwarded story"))
    await sandbox.send(ANN, ANN, f"Read {url}", forward_from_channel=-1007007)
    await sandbox.wait_for_message(
        ANN, lambda m: text_of(m).startswith("Forwarded story") and m.edit_count > 0, WAIT
    )
    status = await ask(sandbox, "/channel", "digest of Quiet Valley")
    assert base.button_texts(status) == ["✓ 📢 Quiet Valley", "👤 My own digest"]


async def test_the_bot_removed_from_the_channel_pauses_it_and_tells_ann_until_it_is_back(
    sandbox: BotApiServer, bot_and_store: tuple[Any, Runtime, DbStore], site: base.Site
) -> None:
    _app, runtime, _store = bot_and_store
    await ask(sandbox, "/channel @riverton_daily", "is linked")
    await ask(sandbox, f"/digest_time {far_time()}", "digest will come")
    await ask(sandbox, f"/subscribe {a_feed(site)}", "Subscribed to")
    await sandbox.set_member(CHANNEL, sandbox.bot_id, "left", by=ANN)
    notice = await said(sandbox, ANN, "I was removed from Riverton Daily")
    assert "its digests are paused" in text_of(notice)
    status = await ask(sandbox, "/channel", "digest of Riverton Daily")
    assert "paused: I am no longer in it" in text_of(status)
    await ask(sandbox, "/digest", "Its digests are paused")
    assert not sandbox.messages(CHANNEL)
    assert runtime.subscriptions is not None
    await sandbox.set_member(CHANNEL, sandbox.bot_id, "administrator", by=ANN)
    await said(sandbox, ANN, "I can post in Riverton Daily again")
    await sandbox.wait_for(lambda: site.hits.get("/news/a", 0) >= 1, WAIT)
    await ask(sandbox, "/digest", "The digest is posted there.")
    assert any(text_of(m).startswith("Your news") for m in sandbox.messages(CHANNEL))


async def test_a_deleted_channel_pauses_its_digests_when_a_send_fails_and_tells_ann(
    sandbox: BotApiServer, bot_and_store: tuple[Any, Runtime, DbStore], site: base.Site
) -> None:
    _app, _runtime, store = bot_and_store
    await ask(sandbox, "/channel @riverton_daily", "is linked")
    await ask(sandbox, f"/digest_time {far_time()}", "digest will come")
    await ask(sandbox, f"/subscribe {a_feed(site)}", "Subscribed to")
    await sandbox.wait_for(lambda: site.hits.get("/news/a", 0) >= 1, WAIT)
    await sandbox.delete_chat(CHANNEL)
    await sandbox.send(ANN, ANN, "/digest")
    notice = await said(sandbox, ANN, "no longer exists")
    assert "Riverton Daily" in text_of(notice) and "paused" in text_of(notice)
    async with store.sessions() as session:
        chat = await repo.chat(session, CHANNEL)
    assert chat is not None and chat.digests_paused and chat.paused_reason == "deleted"
    # One notice, not a second answer to /digest saying there was nothing new.
    assert not any("Nothing new" in text_of(m) for m in sandbox.messages(ANN))


async def test_forget_leaves_the_channel_with_its_digest_but_no_longer_linked(
    sandbox: BotApiServer, bot_and_store: tuple[Any, Runtime, DbStore]
) -> None:
    _app, _runtime, store = bot_and_store
    await ask(sandbox, "/channel @riverton_daily", "is linked")
    asked = await ask(sandbox, "/forget", "cannot be undone")
    await sandbox.press(ANN, asked.message_id, from_user=ANN, data="forget:yes")
    await sandbox.wait_for(lambda: "keeps nothing about you" in text_of(asked), WAIT)
    async with store.sessions() as session:
        channel = await repo.chat(session, CHANNEL)
    assert channel is not None and channel.linked_by is None


# --- the storage service alone (SQLite and PostgreSQL) ------------------------------------------


async def test_link_manage_pause_and_resume_in_the_database(engine: AsyncEngine) -> None:
    service = DbChannels(sessions(engine), clock=lambda: NOW)
    assert await service.managed(ANN) is None
    linked = await service.link(ANN, LinkedChat(CHANNEL, "channel", "Riverton Daily"), "ru")
    assert (linked.title, linked.paused) == ("Riverton Daily", False)
    assert await service.managed(ANN) == linked
    assert await service.linked(ANN) == [linked]
    assert await service.manage(ANN, None) is None and await service.managed(ANN) is None
    assert await service.manage(BOB, CHANNEL) is None  # not Bob's to manage
    assert await service.manage(ANN, CHANNEL) == linked
    assert await service.pause(CHANNEL, "removed", "Riverton Daily News") == ANN
    assert await service.pause(CHANNEL, "removed") is None  # told once
    paused = await service.chat(CHANNEL)
    assert paused is not None and (paused.paused, paused.reason) == (True, "removed")
    assert paused.title == "Riverton Daily News"  # the title follows the chat's
    assert await service.resume(CHANNEL) == ANN
    assert await service.resume(CHANNEL) is None
    # Bob, also an administrator, links it: it is his to manage now, and Ann's falls back.
    await service.link(BOB, LinkedChat(CHANNEL, "channel", "Riverton Daily"), "en")
    assert await service.managed(ANN) is None and await service.owner(CHANNEL) == BOB
    async with sessions(engine)() as session:
        channel = await repo.chat(session, CHANNEL)
    assert channel is not None and channel.language == "ru"  # the first linker's, kept
    await service.pause(CHANNEL, "rights")
    await service.link(BOB, LinkedChat(CHANNEL, "channel", "Riverton Daily"), "en")
    resumed = await service.chat(CHANNEL)
    assert resumed is not None and not resumed.paused  # linking checked it can post again
    # A linked group that becomes a supergroup stays linked, and managed, under its new id.
    await service.link(ANN, LinkedChat(-4001, "group", "Readers"), "en")
    async with sessions(engine)() as session, session.begin():
        await repo.migrate_chat(session, -4001, -1004001)
    moved = await service.managed(ANN)
    assert moved is not None and (moved.chat_id, moved.title) == (-1004001, "Readers")


def test_refusals_that_stop_a_chats_digests_are_told_from_those_about_a_message() -> None:
    assert refusal_reason(Forbidden("Forbidden: bot is not a member of the channel chat")) == (
        "removed"
    )
    assert refusal_reason(BadRequest("Chat not found")) == "deleted"
    assert refusal_reason(BadRequest("Need administrator rights in the channel chat")) == "rights"
    assert refusal_reason(BadRequest("Can't parse entities: unclosed tag")) is None
