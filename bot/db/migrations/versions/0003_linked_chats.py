"""Channels and groups managed from a private chat (/channel).

chats.title      the channel's or group's title, for the messages that name it
chats.linked_by  the user who linked the chat from their private chat: its notices go there
chats.managing   on a user's private chat: the chat its digest commands aim at (None: itself)

Added in place (ALTER TABLE ... ADD COLUMN), nullable, with no foreign key: rebuilding "chats"
on SQLite would drop it, and with foreign keys on, that cascades to every subscription and
delivery. A ``managing`` that names a chat gone since is read as none.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chats", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=256), nullable=True))
        batch_op.add_column(sa.Column("linked_by", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("managing", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_chats_linked_by", ["linked_by"])


def downgrade() -> None:
    with op.batch_alter_table("chats", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_chats_linked_by")
        batch_op.drop_column("managing")  # in place: a rebuilt "chats" would cascade
        batch_op.drop_column("linked_by")
        batch_op.drop_column("title")
