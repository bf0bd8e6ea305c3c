"""The database schema (SQLAlchemy 2, typed declarative). Migrations in ``bot/db/migrations``.

    chats            a Telegram chat (private: the user) and its settings: interface language,
                     time zone, digest time and size, quiet hours, summary preferences; a
                     channel or group linked from a user's private chat, and which chat a
                     user's commands manage (/channel)
    feeds            a feed: its URL, title, conditional-GET validators, polling schedule, health
    subscriptions    chat -> feed, with plain include/exclude words
    articles         an article once, whatever the number of feeds and chats: its key (URL,
                     else GUID, else content hash), content hash, title, published time,
                     language, its text and a cached short summary
    article_sources  which feed carried an article, and when it was first seen there
    deliveries       one digest for one chat on one local date: claimed, sending, sent or
                     skipped; the unique (chat, date) is what makes delivery exactly-once
    results          texts kept for the buttons under a summary (the bot issue's cache)

Times are stored as UTC and come back timezone-aware on every backend (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

DEFAULT_DIGEST_TIME = "08:00"
DEFAULT_DIGEST_SIZE = 10
DEFAULT_POLL_SECONDS = 30 * 60

# A delivery's life: claimed -> sending (its messages rendered and stored) -> sent; or skipped
# (nothing new), or failed (the chat blocked the bot). Claimed and sending carry a lease.
CLAIMED, SENDING, SENT, SKIPPED, FAILED = "claimed", "sending", "sent", "skipped", "failed"
# The "local date" of a /digest asked for now starts with this: outside the daily schedule.
ON_DEMAND_PREFIX = "now-"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset: it is added back
    on the way out). Naive datetimes are refused on the way in."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - SQLAlchemy's signature
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times as aware UTC")
        return value.astimezone(UTC)

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - SQLAlchemy's signature
    ) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base: every ``datetime`` column is a :class:`UTCDateTime`."""

    type_annotation_map = {datetime: UTCDateTime}  # noqa: RUF012 - SQLAlchemy reads it as is


class Chat(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16), default="private")
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    digest_time: Mapped[str] = mapped_column(String(5), default=DEFAULT_DIGEST_TIME)
    digest_size: Mapped[int] = mapped_column(Integer, default=DEFAULT_DIGEST_SIZE)
    skip_empty: Mapped[bool] = mapped_column(Boolean, default=True)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    summary_sentences: Mapped[int | None] = mapped_column(Integer)
    show_quotes: Mapped[bool] = mapped_column(Boolean, default=True)
    show_facts: Mapped[bool] = mapped_column(Boolean, default=True)
    show_footer: Mapped[bool] = mapped_column(Boolean, default=True)
    digests_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(String(200))
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # /filter: words the digest's stories must have, and must not, over every feed the chat
    # follows now or later (they were per subscription before 0002, so a new feed ignored them).
    include_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclude_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    # /channel (0003): a channel's or group's title; who linked it from their private chat
    # (its notices go there); and, on a user's private chat, the chat its digest commands aim
    # at (None: itself). No foreign keys: they were added in place (see the migration).
    title: Mapped[str | None] = mapped_column(String(256))
    linked_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    managing: Mapped[int | None] = mapped_column(BigInteger)


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    site_url: Mapped[str | None] = mapped_column(String(2048))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    poll_seconds: Mapped[int] = mapped_column(Integer, default=DEFAULT_POLL_SECONDS)
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Subscription(Base):
    __tablename__ = "subscriptions"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    feed_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_subscriptions_feed", "feed_id"),)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(2048), unique=True)  # summaries.feeds.parse.item_key
    url: Mapped[str | None] = mapped_column(String(2048))
    guid: Mapped[str | None] = mapped_column(String(2048))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    excerpt_only: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[list[str] | None] = mapped_column(JSON)  # 1-2 verbatim sentences
    summary_error: Mapped[str | None] = mapped_column(String(64))  # why it has none


class ArticleSource(Base):
    __tablename__ = "article_sources"

    article_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    feed_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    guid: Mapped[str | None] = mapped_column(String(2048))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_article_sources_feed_seen", "feed_id", "seen_at"),)


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    # the chat's date it is for (ISO), or "now-<UTC time>" for a /digest asked for at once
    local_date: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default=CLAIMED)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    parts_total: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    parts: Mapped[list[str] | None] = mapped_column(JSON)  # the rendered messages, fixed once
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("chat_id", "local_date", name="uq_deliveries_chat_date"),)


class KeptResult(Base):
    __tablename__ = "results"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048), index=True)
    owner: Mapped[int | None] = mapped_column(BigInteger, index=True)  # who pasted the text
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(1000))
    source: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


__all__ = [
    "CLAIMED",
    "FAILED",
    "SENDING",
    "SENT",
    "SKIPPED",
    "Article",
    "ArticleSource",
    "Base",
    "Chat",
    "Delivery",
    "Feed",
    "KeptResult",
    "Subscription",
]
