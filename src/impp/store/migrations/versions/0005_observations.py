"""Monitoring: observations of indicators (with their approval state) and their
totals, tasks' actual dates, and periodic assessments (draft, reviewed,
approved: frozen).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    # the body a person works for (a mission component, an agency): who may approve
    # the data of the indicators that body is responsible for
    # a password another person set (the first start's, an administrator's) is for
    # one sign-in: the workspace asks for a new one before anything else
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("body", sa.String(200), nullable=True))
        batch.add_column(sa.Column("password_expired", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan", sa.String(120), sa.ForeignKey("plans.name",
                                                         name="fk_observations_plan_plans"),
                  nullable=False),
        sa.Column("indicator", sa.String(120), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("dims", sa.String(400), nullable=False),
        sa.Column("ndims", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("text", sa.String(200), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("confidence", sa.String(10), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("entered_by", sa.String(120), nullable=False),
        sa.Column("entered", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_observations"),
        sa.UniqueConstraint("plan", "indicator", "period", "dims",
                            name="uq_observations_plan"),
    )
    op.create_table(
        "observation_totals",
        sa.Column("plan", sa.String(120), sa.ForeignKey(
            "plans.name", name="fk_observation_totals_plan_plans"), nullable=False),
        sa.Column("indicator", sa.String(120), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("ndims", sa.Integer(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(200), nullable=True),
        sa.Column("approved", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("plan", "indicator", "period", "ndims",
                                name="pk_observation_totals"),
    )
    op.create_table(
        "task_actuals",
        sa.Column("plan", sa.String(120), sa.ForeignKey("plans.name",
                                                         name="fk_task_actuals_plan_plans"),
                  nullable=False),
        sa.Column("task", sa.String(120), nullable=False),
        sa.Column("started", sa.Date(), nullable=False),
        sa.Column("finished", sa.Date(), nullable=True),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("entered_by", sa.String(120), nullable=False),
        sa.Column("entered", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("plan", "task", name="pk_task_actuals"),
    )
    op.create_table(
        "assessments",
        sa.Column("plan", sa.String(120), sa.ForeignKey("plans.name",
                                                         name="fk_assessments_plan_plans"),
                  nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("revision", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("data", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated", _TIME, nullable=False),
        sa.Column("approved_by", sa.String(120), nullable=True),
        sa.Column("opened_revision", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("plan", "period", name="pk_assessments"),
    )


def downgrade() -> None:
    op.drop_table("assessments")
    op.drop_table("task_actuals")
    op.drop_table("observation_totals")
    op.drop_table("observations")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_expired")
        batch.drop_column("body")
