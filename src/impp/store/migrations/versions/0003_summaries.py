"""Summaries of analyses, shared by everyone who reads the store.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_DOC = sa.JSON().with_variant(JSONB(), "postgresql")
_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "summaries",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("parameters", sa.String(200), nullable=False),
        sa.Column("code_version", sa.String(80), nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("data", _DOC, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_summaries"),
    )
    op.create_index("ix_summaries_content_hash", "summaries", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_summaries_content_hash", "summaries")
    op.drop_table("summaries")
