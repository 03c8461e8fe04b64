"""Observations: the key (plan, indicator, period, dimensions) is a unique index
rather than a table constraint, so that a first import into an empty store can
build it once after the rows instead of maintaining it row by row (what
SQLite and PostgreSQL both advise for a bulk load). Uniqueness is unchanged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_KEY = ["plan", "indicator", "period", "dims"]


def upgrade() -> None:
    # SQLite cannot drop a table's constraint: the batch copies the table
    with op.batch_alter_table("observations") as batch:
        batch.drop_constraint("uq_observations_plan", type_="unique")
        batch.create_index("ix_observations_key", _KEY, unique=True)


def downgrade() -> None:
    with op.batch_alter_table("observations") as batch:
        batch.drop_index("ix_observations_key")
        batch.create_unique_constraint("uq_observations_plan", _KEY)
