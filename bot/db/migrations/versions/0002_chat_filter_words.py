"""Filter words belong to the chat, not to each subscription: a feed followed after /filter
obeys it too.

Each chat takes the words of its earliest subscription (/filter always set them on all of a
chat's subscriptions at once, so they agree); the subscriptions' columns go.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _earliest(column: str) -> str:
    """The column of the chat's earliest subscription; an empty list for a chat with none."""
    return (
        f"COALESCE((SELECT s.{column} FROM subscriptions s WHERE s.chat_id = chats.id "
        "ORDER BY s.created_at, s.feed_id LIMIT 1), '[]')"
    )


def upgrade() -> None:
    # Added NOT NULL with a default in place (ALTER TABLE ... ADD COLUMN): rebuilding "chats"
    # on SQLite would drop it, and with foreign keys on, that cascades to every subscription and
    # delivery. "subscriptions" may be rebuilt: no table refers to it.
    with op.batch_alter_table("chats", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("include_words", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("exclude_words", sa.JSON(), nullable=False, server_default="[]")
        )
    op.execute(
        f"UPDATE chats SET include_words = {_earliest('include_words')}, "
        f"exclude_words = {_earliest('exclude_words')}"
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("include_words")
        batch_op.drop_column("exclude_words")


def downgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("include_words", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("exclude_words", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE subscriptions SET "
        "include_words = (SELECT c.include_words FROM chats c WHERE c.id = subscriptions.chat_id), "
        "exclude_words = (SELECT c.exclude_words FROM chats c WHERE c.id = subscriptions.chat_id)"
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.alter_column("include_words", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("exclude_words", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("chats", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("exclude_words")  # in place: a rebuilt "chats" would cascade
        batch_op.drop_column("include_words")
