"""Queries. Each function takes the session first and leaves committing to the caller (one
``async with session.begin():`` per unit of work), except where it says it commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    CLAIMED,
    ON_DEMAND_PREFIX,
    SENDING,
    Article,
    ArticleSource,
    Chat,
    Delivery,
    Feed,
    KeptResult,
    Subscription,
)
from summaries.feeds.parse import FeedItem, item_key

# --- chats and their settings -------------------------------------------------------------------


async def chat(session: AsyncSession, chat_id: int) -> Chat | None:
    return await session.get(Chat, chat_id)


async def ensure_chat(
    session: AsyncSession, chat_id: int, now: datetime, *, kind: str = "private", **defaults: Any
) -> Chat:
    """The chat's row, created with ``defaults`` if it is new (a race with another creator is
    settled by the primary key: the loser reads the winner's row)."""
    found = await session.get(Chat, chat_id)
    if found is not None:
        return found
    created = Chat(id=chat_id, type=kind, created_at=now, **defaults)
    try:
        async with session.begin_nested():
            session.add(created)
    except IntegrityError:
        existing = await session.get(Chat, chat_id)
        assert existing is not None
        return existing
    return created


async def forget_chat(session: AsyncSession, chat_id: int) -> bool:
    """Delete the chat and everything that is only its own (subscriptions, deliveries); the
    channels and groups it linked keep their digests, no longer linked to anyone."""
    await session.execute(update(Chat).where(Chat.linked_by == chat_id).values(linked_by=None))
    result = await session.execute(delete(Chat).where(Chat.id == chat_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- results kept for the buttons ---------------------------------------------------------------


async def keep_result(
    session: AsyncSession,
    result_id: str,
    *,
    url: str | None,
    owner: int | None = None,
    text: str,
    title: str | None,
    source: dict[str, object],
    now: datetime,
) -> None:
    session.add(
        KeptResult(
            id=result_id,
            url=url,
            owner=owner,
            text=text,
            title=title,
            source=source,
            created_at=now,
        )
    )


async def kept_result(
    session: AsyncSession, result_id: str, newer_than: datetime
) -> KeptResult | None:
    found = await session.get(KeptResult, result_id)
    if found is None or found.created_at < newer_than:
        return None
    return found


async def kept_result_for_url(
    session: AsyncSession, url: str, newer_than: datetime
) -> KeptResult | None:
    rows = await session.scalars(
        select(KeptResult)
        .where(KeptResult.url == url, KeptResult.created_at >= newer_than)
        .order_by(KeptResult.created_at.desc())
        .limit(1)
    )
    return rows.first()


async def forget_owner(session: AsyncSession, owner: int) -> int:
    """Delete the texts a user pasted (links' texts are public pages, kept for everyone)."""
    result = await session.execute(delete(KeptResult).where(KeptResult.owner == owner))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def prune_results(session: AsyncSession, older_than: datetime) -> int:
    result = await session.execute(delete(KeptResult).where(KeptResult.created_at < older_than))
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- feeds and subscriptions --------------------------------------------------------------------


async def ensure_feed(
    session: AsyncSession,
    url: str,
    now: datetime,
    *,
    title: str | None = None,
    site_url: str | None = None,
) -> Feed:
    found = (await session.scalars(select(Feed).where(Feed.url == url))).first()
    if found is not None:
        if not found.active:  # a feed paused for failing gets another chance when asked for
            found.active = True
            found.error_count = 0
            found.next_poll_at = now
        return found
    feed = Feed(url=url, title=title, site_url=site_url, next_poll_at=now, created_at=now)
    try:
        async with session.begin_nested():
            session.add(feed)
    except IntegrityError:
        return (await session.scalars(select(Feed).where(Feed.url == url))).one()
    return feed


async def subscribe(session: AsyncSession, chat_id: int, feed_id: int, now: datetime) -> bool:
    """True if the chat was not subscribed yet."""
    if await session.get(Subscription, (chat_id, feed_id)) is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(Subscription(chat_id=chat_id, feed_id=feed_id, created_at=now))
    except IntegrityError:
        return False
    return True


async def unsubscribe(session: AsyncSession, chat_id: int, feed_id: int) -> bool:
    result = await session.execute(
        delete(Subscription).where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def subscriptions(session: AsyncSession, chat_id: int) -> list[tuple[Subscription, Feed]]:
    rows = await session.execute(
        select(Subscription, Feed)
        .join(Feed, Feed.id == Subscription.feed_id)
        .where(Subscription.chat_id == chat_id)
        .order_by(Subscription.created_at, Feed.id)
    )
    return [(sub, feed) for sub, feed in rows.tuples()]


async def set_words(
    session: AsyncSession, chat_id: int, include: Sequence[str], exclude: Sequence[str]
) -> None:
    """Set the chat's filter words: they hold for every feed it follows, now or later."""
    await session.execute(
        update(Chat)
        .where(Chat.id == chat_id)
        .values(include_words=list(include), exclude_words=list(exclude))
    )


async def subscribers(session: AsyncSession, feed_id: int) -> list[int]:
    rows = await session.scalars(
        select(Subscription.chat_id).where(Subscription.feed_id == feed_id)
    )
    return list(rows)


async def due_feeds(session: AsyncSession, now: datetime, limit: int) -> list[Feed]:
    rows = await session.scalars(
        select(Feed)
        .where(Feed.active.is_(True), Feed.next_poll_at <= now)
        .order_by(Feed.next_poll_at)
        .limit(limit)
    )
    return list(rows)


# --- articles from feeds ------------------------------------------------------------------------


async def record_items(
    session: AsyncSession, feed_id: int, items: Sequence[FeedItem], now: datetime
) -> list[Article]:
    """Store a feed's items: each article once, however many feeds carry it (same key, or the
    same content under another URL), and note that this feed carried it. Returns the articles
    that are new to the database, in feed order."""
    keys = {item_key(item): item for item in items}
    hashes = {item.content_hash for item in items}
    known = {
        article.key: article
        for article in await session.scalars(select(Article).where(Article.key.in_(keys)))
    }
    by_hash = {
        article.content_hash: article
        for article in await session.scalars(
            select(Article).where(Article.content_hash.in_(hashes))
        )
    }
    sources = set(
        await session.scalars(
            select(ArticleSource.article_id).where(
                ArticleSource.feed_id == feed_id,
                ArticleSource.article_id.in_([a.id for a in [*known.values(), *by_hash.values()]]),
            )
        )
    )
    new: list[Article] = []
    for key, item in keys.items():
        article = known.get(key) or by_hash.get(item.content_hash)
        if article is None:
            article = Article(
                key=key,
                url=item.url,
                guid=item.guid,
                content_hash=item.content_hash,
                title=item.title,
                published_at=item.published,
                first_seen_at=now,
                text=item.content or item.summary,
                excerpt_only=item.excerpt_only,
            )
            try:
                async with session.begin_nested():
                    session.add(article)
            except IntegrityError:  # another poller stored it a moment ago
                article = (await session.scalars(select(Article).where(Article.key == key))).one()
            else:
                new.append(article)
            known[key] = article
            by_hash[item.content_hash] = article
        if article.id not in sources:
            sources.add(article.id)
            session.add(
                ArticleSource(article_id=article.id, feed_id=feed_id, guid=item.guid, seen_at=now)
            )
    await session.flush()
    return new


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """What a digest shows of an article: plain values, no ORM object (thousands of digests
    read the same few hundred articles)."""

    id: int
    key: str
    url: str | None
    title: str | None
    published_at: datetime | None
    first_seen_at: datetime
    language: str | None
    summary: tuple[str, ...]
    lead: str  # the start of its text, for an article with no summary
    final: bool  # summarized, or known not to be: it will not change


async def digest_candidates(
    session: AsyncSession,
    chat_id: int,
    since: datetime,
    until: datetime,
    *,
    published_after: datetime | None = None,
    recent: timedelta | None = None,
) -> list[tuple[int, int]]:
    """(article id, feed id) for each article the chat's feeds carried in (since, until]; with
    ``published_after``, an article dated earlier is left out (a new feed's old backlog is
    carried now, but is not news). Undated articles count by when they were carried.

    With ``recent``, a feed the chat followed after ``since`` also brings what it carried in
    the ``recent`` before ``until`` (dated then too, or undated): a feed the bot already polls
    has its recent stories for a new subscriber. Either way an article that a feed the chat
    followed by ``since`` carried by ``since`` is left out: the chat's earlier window had it."""
    wanted = ArticleSource.seen_at > since
    if published_after is not None:
        wanted = wanted & (
            Article.published_at.is_(None) | (Article.published_at > published_after)
        )
    floor = since
    if recent is not None:
        start = until - recent
        floor = min(since, start)
        wanted = wanted | (
            (Subscription.created_at > since)
            & (ArticleSource.seen_at > start)
            & (Article.published_at.is_(None) | (Article.published_at > start))
        )
    earlier = aliased(ArticleSource)
    followed = aliased(Subscription)
    had = (
        select(earlier.article_id)
        .join(followed, (followed.feed_id == earlier.feed_id) & (followed.chat_id == chat_id))
        .where(
            earlier.article_id == ArticleSource.article_id,
            earlier.seen_at <= since,
            followed.created_at <= since,
        )
        .exists()
    )
    query = (
        select(ArticleSource.article_id, ArticleSource.feed_id)
        .join(
            Subscription,
            (Subscription.feed_id == ArticleSource.feed_id) & (Subscription.chat_id == chat_id),
        )
        .join(Article, Article.id == ArticleSource.article_id)
        # The range first, so the (feed, seen) index serves it; then which rows of it count.
        .where(ArticleSource.seen_at > floor, ArticleSource.seen_at <= until, wanted, ~had)
        .order_by(ArticleSource.article_id, ArticleSource.feed_id)
    )
    rows = await session.execute(query)
    return [(article_id, feed_id) for article_id, feed_id in rows.tuples()]


async def subscription_words(
    session: AsyncSession, chat_id: int
) -> dict[int, tuple[str, list[str], list[str]]]:
    """feed id -> (the feed's name, include words, exclude words) for the chat's feeds; the
    words are the chat's, the same for every feed."""
    rows = await session.execute(
        select(Feed.id, Feed.title, Feed.url, Chat.include_words, Chat.exclude_words)
        .join(Subscription, Subscription.feed_id == Feed.id)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(Subscription.chat_id == chat_id)
    )
    return {
        feed_id: (title or url, list(include or []), list(exclude or []))
        for feed_id, title, url, include, exclude in rows.tuples()
    }


async def article_briefs(
    session: AsyncSession, ids: Sequence[int], lead_chars: int
) -> list[ArticleBrief]:
    rows = await session.execute(
        select(
            Article.id,
            Article.key,
            Article.url,
            Article.title,
            Article.published_at,
            Article.first_seen_at,
            Article.language,
            Article.summary,
            Article.summary_error,
            func.substr(Article.text, 1, lead_chars),
        ).where(Article.id.in_(list(ids)))
    )
    return [
        ArticleBrief(
            id=row[0],
            key=row[1],
            url=row[2],
            title=row[3],
            published_at=row[4],
            first_seen_at=row[5],
            language=row[6],
            summary=tuple(row[7] or ()),
            lead=(row[9] or "").strip(),
            final=row[7] is not None or row[8] is not None,
        )
        for row in rows.tuples()
    ]


# --- digest deliveries --------------------------------------------------------------------------


async def first_subscribed(session: AsyncSession, chat_id: int) -> datetime | None:
    """When the chat followed its first feed that it still follows (its digests' start)."""
    found: datetime | None = await session.scalar(
        select(func.min(Subscription.created_at)).where(Subscription.chat_id == chat_id)
    )
    return found


async def last_delivered_date(session: AsyncSession, chat_id: int) -> date | None:
    """The latest local date the chat's daily digest has a delivery row for (whatever its
    status; a /digest asked for now is not one)."""
    latest: str | None = await session.scalar(
        select(Delivery.local_date)
        .where(Delivery.chat_id == chat_id, ~Delivery.local_date.startswith(ON_DEMAND_PREFIX))
        .order_by(Delivery.local_date.desc())
        .limit(1)
    )
    return date.fromisoformat(latest) if latest else None


async def claim_delivery(
    session: AsyncSession,
    chat_id: int,
    local_date: str,
    due_at: datetime,
    *,
    worker: str,
    lease: timedelta,
    now: datetime,
) -> Delivery | None:
    """Claim the chat's digest for ``local_date``: the one process that inserts the row (the
    unique (chat, date) settles races, on SQLite and PostgreSQL alike) gets it. A claim whose
    lease ran out unfinished (its process died) is taken over with a compare-and-set on the
    lease, so two processes cannot both take it over. None: someone else has it, or it is done.
    """
    claim = Delivery(
        chat_id=chat_id,
        local_date=local_date,
        due_at=due_at,
        status=CLAIMED,
        claimed_by=worker,
        lease_until=now + lease,
    )
    try:
        async with session.begin_nested():
            session.add(claim)
    except IntegrityError:
        pass
    else:
        return claim
    existing = await session.scalar(
        select(Delivery).where(Delivery.chat_id == chat_id, Delivery.local_date == local_date)
    )
    if existing is None or existing.status not in (CLAIMED, SENDING):
        return None
    if existing.lease_until is not None and existing.lease_until > now:
        return None
    taken = await session.execute(
        update(Delivery)
        .where(Delivery.id == existing.id, Delivery.lease_until == existing.lease_until)
        .values(claimed_by=worker, lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    await session.refresh(existing)
    return existing


async def stale_deliveries(session: AsyncSession, now: datetime, limit: int) -> list[Delivery]:
    """Unfinished deliveries whose lease ran out (their process died): to be taken over."""
    rows = await session.scalars(
        select(Delivery)
        .where(Delivery.status.in_((CLAIMED, SENDING)), Delivery.lease_until < now)
        .order_by(Delivery.due_at)
        .limit(limit)
    )
    return list(rows)


async def migrate_chat(session: AsyncSession, old_id: int, new_id: int) -> None:
    """A group became a supergroup: settings, subscriptions and deliveries move to the new id
    (merged into the new chat's if it already has some)."""
    old = await session.get(Chat, old_id)
    if old is None:
        return
    new = await session.get(Chat, new_id)
    if new is None:
        fields = {
            column.key: getattr(old, column.key)
            for column in Chat.__table__.columns
            if column.key != "id"
        }
        session.add(Chat(id=new_id, **fields))
        await session.flush()
    elif not (new.include_words or new.exclude_words):  # the old group's /filter words follow
        new.include_words = list(old.include_words or [])
        new.exclude_words = list(old.exclude_words or [])
    moving = await session.scalars(select(Subscription).where(Subscription.chat_id == old_id))
    for subscription in list(moving):
        if await session.get(Subscription, (new_id, subscription.feed_id)) is None:
            session.add(
                Subscription(
                    chat_id=new_id,
                    feed_id=subscription.feed_id,
                    created_at=subscription.created_at,
                )
            )
    await session.flush()
    await session.execute(update(Delivery).where(Delivery.chat_id == old_id).values(chat_id=new_id))
    # a user who managed the group from their private chat (/channel) manages the supergroup
    await session.execute(update(Chat).where(Chat.managing == old_id).values(managing=new_id))
    await session.execute(delete(Chat).where(Chat.id == old_id))
