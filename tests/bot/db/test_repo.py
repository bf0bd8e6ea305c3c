"""bot/db/repo.py on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import repo
from bot.db.engine import sessions
from summaries.feeds.parse import FeedItem, content_hash

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_chats_are_created_once_even_when_two_race(engine: AsyncEngine) -> None:
    maker = sessions(engine)

    async def create(timezone: str) -> str:
        async with maker() as session, session.begin():
            chat = await repo.ensure_chat(session, 42, NOW, timezone=timezone)
            return chat.timezone

    first, second = await asyncio.gather(create("Europe/Berlin"), create("Asia/Kathmandu"))
    assert first == second  # both see the one row that was created


async def test_kept_results_expire_and_are_found_by_url(engine: AsyncEngine) -> None:
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.keep_result(
            session,
            "abc",
            url="https://e.com/a",
            text="Text.",
            title="T",
            source={"url": "https://e.com/a"},
            now=NOW,
        )
    async with maker() as session:
        found = await repo.kept_result(session, "abc", NOW - timedelta(hours=1))
        assert found is not None and found.source == {"url": "https://e.com/a"}
        assert await repo.kept_result(session, "abc", NOW + timedelta(seconds=1)) is None
        by_url = await repo.kept_result_for_url(session, "https://e.com/a", NOW)
        assert by_url is not None and by_url.id == "abc"
    async with maker() as session, session.begin():
        assert await repo.prune_results(session, NOW + timedelta(seconds=1)) == 1


async def test_subscriptions_filters_and_forgetting(engine: AsyncEngine) -> None:
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 7, NOW)
        feed = await repo.ensure_feed(session, "https://e.com/feed.xml", NOW, title="E")
        again = await repo.ensure_feed(session, "https://e.com/feed.xml", NOW)
        assert again.id == feed.id
        assert await repo.subscribe(session, 7, feed.id, NOW)
        assert not await repo.subscribe(session, 7, feed.id, NOW)
        await repo.set_words(session, 7, ["bridge"], ["sport"])
        later = await repo.ensure_feed(session, "https://f.com/feed.xml", NOW, title="F")
        assert await repo.subscribe(session, 7, later.id, NOW)  # a feed followed after /filter
    async with maker() as session:
        [(_sub, found), _later] = await repo.subscriptions(session, 7)
        assert found.title == "E"
        words = await repo.subscription_words(session, 7)
        assert words == {
            feed.id: ("E", ["bridge"], ["sport"]),
            later.id: ("F", ["bridge"], ["sport"]),
        }
        assert await repo.subscribers(session, feed.id) == [7]
        assert {f.id for f in await repo.due_feeds(session, NOW, 10)} == {feed.id, later.id}
    async with maker() as session, session.begin():
        assert await repo.forget_chat(session, 7)
    async with maker() as session:
        assert await repo.subscriptions(session, 7) == []  # cascaded
        assert await repo.subscribers(session, feed.id) == []


def _item(url: str | None, title: str, text: str, guid: str | None = None) -> FeedItem:
    return FeedItem(
        guid=guid,
        url=url,
        title=title,
        summary=text,
        content=None,
        published=NOW,
        author=None,
        content_hash=content_hash(title, text),
        excerpt_only=True,
    )


async def test_items_are_stored_once_and_their_sources_remembered(engine: AsyncEngine) -> None:
    maker = sessions(engine)
    story = _item("https://a.example/bridge", "Bridge opens", "The bridge opened today.")
    syndicated = _item("https://b.example/copy", "Bridge opens", "The bridge opened today.")
    other = _item(None, "Market day", "Stalls return to the square.", guid="tag:c,2026:1")
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 5, NOW)
        a = await repo.ensure_feed(session, "https://a.example/feed", NOW, title="A News")
        b = await repo.ensure_feed(session, "https://b.example/feed", NOW, title="B Daily")
        await repo.subscribe(session, 5, a.id, NOW)
        await repo.subscribe(session, 5, b.id, NOW)
        new = await repo.record_items(session, a.id, [story, other], NOW)
        assert [n.title for n in new] == ["Bridge opens", "Market day"]
        assert [n.key for n in new] == ["url:https://a.example/bridge", "guid:tag:c,2026:1"]
    later = NOW + timedelta(minutes=30)
    async with maker() as session, session.begin():
        again = await repo.record_items(session, a.id, [story], later)
        copies = await repo.record_items(session, b.id, [syndicated, story], later)
        assert again == [] and copies == []  # same key, and the same content elsewhere
    async with maker() as session:
        pairs = await repo.digest_candidates(session, 5, NOW - timedelta(hours=1), later)
        feeds = await repo.subscription_words(session, 5)
        briefs = await repo.article_briefs(session, [i for i, _ in pairs], 300)
    titles = {brief.id: brief.title for brief in briefs}
    by_title: dict[str | None, list[str]] = {}
    for article_id, feed_id in pairs:
        by_title.setdefault(titles[article_id], []).append(feeds[feed_id][0])
    assert by_title == {"Bridge opens": ["A News", "B Daily"], "Market day": ["A News"]}
    assert {b.lead for b in briefs} == {"The bridge opened today.", "Stalls return to the square."}
    assert not any(b.final for b in briefs)  # not summarized yet: not to be remembered
    async with maker() as session:
        assert await repo.digest_candidates(session, 5, later, later + timedelta(hours=1)) == []


async def test_a_digest_is_claimed_by_exactly_one_of_many_racing_workers(
    engine: AsyncEngine,
) -> None:
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 77, NOW)

    async def claim(worker: str) -> str | None:
        async with maker() as session, session.begin():
            got = await repo.claim_delivery(
                session, 77, "2026-11-24", NOW, worker=worker, lease=timedelta(minutes=5), now=NOW
            )
            return got.claimed_by if got else None

    winners = [w for w in await asyncio.gather(*(claim(f"w{i}") for i in range(12))) if w]
    assert len(winners) == 1
    async with maker() as session:
        assert await repo.last_delivered_date(session, 77) == date(2026, 11, 24)


async def test_a_dead_workers_claim_is_taken_over_once_after_its_lease(
    engine: AsyncEngine,
) -> None:
    maker = sessions(engine)
    lease = timedelta(minutes=5)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 78, NOW)
        first = await repo.claim_delivery(
            session, 78, "2026-11-24", NOW, worker="dead", lease=lease, now=NOW
        )
        assert first is not None
    async with maker() as session, session.begin():  # still leased: nobody else gets it
        assert (
            await repo.claim_delivery(
                session, 78, "2026-11-24", NOW, worker="w1", lease=lease, now=NOW + lease / 2
            )
            is None
        )
    later = NOW + lease + timedelta(seconds=1)
    async with maker() as session:
        assert [d.claimed_by for d in await repo.stale_deliveries(session, later, 10)] == ["dead"]

    async def take(worker: str) -> str | None:
        async with maker() as session, session.begin():
            got = await repo.claim_delivery(
                session, 78, "2026-11-24", NOW, worker=worker, lease=lease, now=later
            )
            return got.claimed_by if got else None

    takers = [w for w in await asyncio.gather(*(take(f"t{i}") for i in range(8))) if w]
    assert len(takers) == 1


async def test_schedule_facts_a_digest_needs(engine: AsyncEngine) -> None:
    """The first feed a chat follows starts its schedule; a /digest asked for now is no date."""
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 78, NOW)
        assert await repo.first_subscribed(session, 78) is None
        assert await repo.last_delivered_date(session, 78) is None
        feed = await repo.ensure_feed(session, "https://a.example/rss", NOW)
        await repo.subscribe(session, 78, feed.id, NOW + timedelta(hours=2))
        await repo.claim_delivery(
            session, 78, "now-20261124090000", NOW, worker="w", lease=timedelta(minutes=5), now=NOW
        )
    async with maker() as session:
        assert await repo.first_subscribed(session, 78) == NOW + timedelta(hours=2)
        assert await repo.last_delivered_date(session, 78) is None


async def test_a_migrated_group_brings_its_filter_words_to_an_existing_supergroup_row(
    engine: AsyncEngine,
) -> None:
    maker = sessions(engine)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, -5, NOW, kind="group")
        await repo.set_words(session, -5, ["bridge"], ["sport"])
        await repo.ensure_chat(session, -1005, NOW, kind="supergroup")  # seen before the move
        await repo.migrate_chat(session, -5, -1005)
    async with maker() as session:
        moved = await repo.chat(session, -1005)
        assert moved is not None
        assert (moved.include_words, moved.exclude_words) == (["bridge"], ["sport"])
        assert await repo.chat(session, -5) is None


async def test_a_new_feeds_old_backlog_is_not_news(engine: AsyncEngine) -> None:
    """Carried now, but dated 2018: no digest counts it; undated items count by when seen."""
    maker = sessions(engine)
    archive = NOW.replace(year=2018)
    old = replace(_item("https://a.example/2018", "Old", "Archive."), published=archive)
    fresh = replace(_item("https://a.example/today", "Fresh", "News."), published=NOW)
    undated = replace(_item("https://a.example/undated", "Undated", "Text."), published=None)
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 9, NOW)
        feed = await repo.ensure_feed(session, "https://a.example/rss", NOW)
        await repo.subscribe(session, 9, feed.id, NOW)
        stored = await repo.record_items(session, feed.id, [old, fresh, undated], NOW)
    ids = {article.title: article.id for article in stored}
    since = NOW - timedelta(days=1)
    async with maker() as session:
        every = await repo.digest_candidates(session, 9, since, NOW + timedelta(minutes=1))
        news = await repo.digest_candidates(
            session, 9, since, NOW + timedelta(minutes=1), published_after=since - timedelta(days=1)
        )
    assert {article for article, _ in every} == set(ids.values())
    assert {article for article, _ in news} == {ids["Fresh"], ids["Undated"]}


async def test_a_known_feed_brings_its_recent_items_to_a_new_subscriber(
    engine: AsyncEngine,
) -> None:
    """A feed followed since the last digest brings its last 48 hours, less what the chat had."""
    maker = sessions(engine)
    since = NOW - timedelta(hours=10)  # the chat's last digest
    had = _item("https://a.example/had", "Had", "In the last digest.")
    today = _item("https://a.example/today", "Today", "After the last digest.")
    recent = replace(
        _item("https://b.example/recent", "Recent", "A day and a half ago."), published=None
    )
    old = replace(_item("https://b.example/old", "Old", "Two and a half days ago."), published=None)
    stale = replace(
        _item("https://b.example/stale", "Stale", "Dated last week."),
        published=NOW - timedelta(days=7),
    )
    async with maker() as session, session.begin():
        await repo.ensure_chat(session, 11, NOW - timedelta(days=5))
        a = await repo.ensure_feed(session, "https://a.example/rss", NOW - timedelta(days=5))
        b = await repo.ensure_feed(session, "https://b.example/rss", NOW - timedelta(days=5))
        await repo.subscribe(session, 11, a.id, NOW - timedelta(days=5))
        await repo.record_items(session, b.id, [old], NOW - timedelta(hours=60))
        await repo.record_items(session, b.id, [recent, stale], NOW - timedelta(hours=36))
        await repo.record_items(session, a.id, [had], NOW - timedelta(hours=20))
        await repo.record_items(session, b.id, [had], NOW - timedelta(hours=20))
        await repo.record_items(session, a.id, [today], NOW - timedelta(hours=5))
        await repo.subscribe(session, 11, b.id, NOW - timedelta(hours=1))  # a known feed
    async with maker() as session:
        plain = await repo.digest_candidates(session, 11, since, NOW)
        first = await repo.digest_candidates(session, 11, since, NOW, recent=timedelta(hours=48))
        ids = {
            brief.id: brief.title
            for brief in await repo.article_briefs(session, [article for article, _ in first], 50)
        }
        later = await repo.digest_candidates(
            session, 11, NOW, NOW + timedelta(hours=24), recent=timedelta(hours=48)
        )
    assert [feed for _, feed in plain] == [a.id]
    assert sorted((ids[article], feed) for article, feed in first) == [
        ("Recent", b.id),
        ("Today", a.id),
    ]
    assert later == []  # once the digest is sent, the new feed is an old one
