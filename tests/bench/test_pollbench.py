"""bench/pollbench.py and bench/feedsite.py on a few feeds (docs/measured.md's figures: 500).

The counts must add up; nothing here is timed."""

from __future__ import annotations

import asyncio
import io
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bench import pollbench
from bench.feedsite import FeedSite, SiteSpec
from bot.cli import EXIT_USAGE, main
from bot.db.engine import make_engine
from summaries.feeds.parse import parse_feed
from tests.bot.conftest import POSTGRES_URL, _postgres_reachable

FEEDS_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "rss_atom_feeds"
ORIGIN = "http://127.0.0.1:8"


def _check(report: pollbench.PollBenchReport, feeds: int, items: int) -> None:
    cold, warm, partial = (report.cycle(name) for name in ("cold", "warm", "partial"))
    assert cold.polled == warm.polled == partial.polled == feeds
    assert cold.failed == warm.failed == partial.failed == 0
    # cold: every feed new, every item stored once and summarized (or a reason kept)
    assert cold.site.feeds_200 == feeds and cold.site.feeds_304 == 0
    assert cold.new_articles == cold.stored == feeds * items
    assert cold.summarized == cold.summaries_stored
    assert cold.summarized + sum(cold.summary_errors.values()) == feeds * items
    assert cold.site.pages_200 == report.site.teasers > 0  # each teaser's page read once
    # warm: nothing changed, so a 304 for every feed and nothing new
    assert warm.not_modified == warm.site.feeds_304 == feeds and warm.site.feeds_200 == 0
    date_only = sum(1 for i in range(feeds) if i % 4 == 3)
    assert warm.site.validators == (feeds - date_only, date_only)
    assert warm.new_articles == warm.stored == warm.summarized == warm.site.pages_200 == 0
    # partial: the changed feeds' new items only
    changed = report.site.changed_feeds
    assert 0 < changed < feeds
    assert partial.site.feeds_200 == changed and partial.not_modified == feeds - changed
    assert partial.new_articles == partial.stored == changed * 2
    assert partial.summarized + sum(partial.summary_errors.values()) == changed * 2
    for cycle in (cold, warm, partial):
        assert cycle.rounds == 1 and cycle.wall_seconds > 0
        assert cycle.peak_rss_total_mb >= cycle.peak_rss_self_mb > 0
        assert cycle.peak_pss_total_mb > 0
    assert report.peak_rss_self_mb > 0 and report.peak_rss_workers_mb > 0


def test_a_small_run_on_sqlite_adds_up() -> None:
    out = io.StringIO()
    report = pollbench.run(20, 3, workers=1, out=out)
    _check(report, 20, 3)
    assert report.database == "SQLite"
    table = out.getvalue()
    assert "cold" in table and "warm" in table and "partial" in table
    assert re.search(r"new articles \(poller / db\) +60 / 60 ", table)


@pytest.mark.postgres
def test_a_small_run_on_postgresql_adds_up_and_leaves_no_schema() -> None:
    problem = asyncio.run(_postgres_reachable())
    if problem is not None:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {problem}")
    before = asyncio.run(_schemas())
    report = pollbench.run(12, 2, database=POSTGRES_URL, workers=1, out=io.StringIO())
    _check(report, 12, 2)
    assert report.database == "PostgreSQL"
    assert asyncio.run(_schemas()) == before


async def _schemas() -> set[str]:
    engine = make_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("select schema_name from information_schema.schemata")
            )
            return {name for name in rows.scalars() if name.startswith("pollbench_")}
    finally:
        await engine.dispose()


def test_the_site_answers_conditional_requests_as_servers_do() -> None:
    site = FeedSite(
        SiteSpec(feeds=8, items_per_feed=4, changed_share=0.25, new_items=2), ORIGIN, _now()
    )
    with_etag, date_only = site.feeds[0], site.feeds[3]
    status, headers, body = site.answer(with_etag.path, None, None)
    assert status == 200 and headers["ETag"] and body
    assert site.answer(with_etag.path, headers["ETag"], None)[0] == 304
    assert site.answer(with_etag.path, '"other"', headers["Last-Modified"])[0] == 200  # ETag wins
    status, headers, _ = site.answer(date_only.path, None, None)
    assert status == 200 and "ETag" not in headers
    assert site.answer(date_only.path, None, headers["Last-Modified"])[0] == 304
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert site.answer(date_only.path, None, earlier)[0] == 200
    stats = site.take_stats()
    assert (stats.feeds_200, stats.feeds_304_etag, stats.feeds_304_date) == (4, 1, 1)

    changed = [f for f in site.feeds if f.index in site.changed]
    assert len(changed) == 2 and site.publish() == (2, 4)
    old = site.answer(changed[0].path, None, None)
    assert old[0] == 200
    before = parse_feed(changed[0].bodies[0], ORIGIN + changed[0].path)
    after = parse_feed(old[2], ORIGIN + changed[0].path)
    new_urls = {i.url for i in after.items} - {i.url for i in before.items}
    assert len(after.items) == 4 and len(new_urls) == 2


def test_every_item_is_distinct_and_teasers_link_to_served_pages() -> None:
    site = FeedSite(SiteSpec(feeds=30, items_per_feed=5, teaser_share=0.3), ORIGIN, _now())
    items = [
        item for feed in site.feeds for item in parse_feed(feed.bodies[0], ORIGIN + feed.path).items
    ]
    assert len(items) == 150
    assert len({i.url for i in items}) == len({i.content_hash for i in items}) == 150
    teasers = [i for i in items if i.excerpt_only]
    assert len(teasers) == site.info.teasers > 0
    for item in teasers:
        assert item.url is not None
        status, _, page = site.answer(item.url.removeprefix(ORIGIN), None, None)
        assert status == 200 and b"<article>" in page
    assert {parse_feed(f.bodies[0], ORIGIN + f.path).kind for f in site.feeds} == {"rss", "atom"}


@pytest.mark.shared_data
def test_real_item_texts_from_the_shared_feeds() -> None:
    if not FEEDS_DATA.is_dir():
        pytest.skip(f"{FEEDS_DATA} is not here")
    site = FeedSite(SiteSpec(feeds=40, items_per_feed=5, data_dir=FEEDS_DATA), ORIGIN, _now())
    assert site.info.texts > 100 and "real item texts" in site.info.corpus
    items = [
        item for feed in site.feeds for item in parse_feed(feed.bodies[0], ORIGIN + feed.path).items
    ]
    assert len({i.content_hash for i in items}) == len(items) == 200


def test_the_command_refuses_a_database_it_cannot_use() -> None:
    assert main(["eval", "poll-load", "--feeds", "2", "--database", "mysql://x/y"]) == EXIT_USAGE


def _now() -> datetime:
    return datetime.now(UTC)
