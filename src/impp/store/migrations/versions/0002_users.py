"""People, their roles and clearances.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DOC = sa.JSON().with_variant(JSONB(), "postgresql")
_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("roles", _DOC, nullable=False),
        sa.Column("clearance", sa.String(40), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_users"),
    )
    op.create_index("ix_users_token_hash", "users", ["token_hash"])


def downgrade() -> None:
    op.drop_index("ix_users_token_hash", "users")
    op.drop_table("users")
