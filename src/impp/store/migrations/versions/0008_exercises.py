"""Training exercises: syndicates, their members, the game clock, injects delivered.

The game clock's settings and the injects delivered are append-only, like
the revisions: the database refuses to change or delete them, so an
after-action review replays what happened.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)
_DOC = sa.JSON().with_variant(JSONB(), "postgresql")
_APPEND_ONLY = ("exercise_clock", "inject_deliveries")
_REFUSAL = "impp: rows of this table are never changed or deleted (append-only)"


def upgrade() -> None:
    op.create_table(
        "exercises",
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("document", _DOC, nullable=False),
        sa.Column("solution_plan", sa.String(120),
                  sa.ForeignKey("plans.name", name="fk_exercises_solution_plan_plans"),
                  nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_exercises"),
    )
    op.create_table(
        "exercise_syndicates",
        sa.Column("exercise", sa.String(120),
                  sa.ForeignKey("exercises.name",
                                name="fk_exercise_syndicates_exercise_exercises"),
                  nullable=False),
        sa.Column("syndicate", sa.String(120), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("plan", sa.String(120),
                  sa.ForeignKey("plans.name", name="fk_exercise_syndicates_plan_plans"),
                  nullable=False),
        sa.PrimaryKeyConstraint("exercise", "syndicate", name="pk_exercise_syndicates"),
        sa.UniqueConstraint("plan", name="uq_exercise_syndicates_plan"),
    )
    op.create_table(
        "exercise_members",
        sa.Column("exercise", sa.String(120),
                  sa.ForeignKey("exercises.name", name="fk_exercise_members_exercise_exercises"),
                  nullable=False),
        sa.Column("user", sa.String(120),
                  sa.ForeignKey("users.name", name="fk_exercise_members_user_users"),
                  nullable=False),
        sa.Column("syndicate", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("exercise", "user", name="pk_exercise_members"),
    )
    op.create_index("ix_exercise_members_user", "exercise_members", ["user"])
    op.create_table(
        "exercise_clock",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("exercise", sa.String(120),
                  sa.ForeignKey("exercises.name", name="fk_exercise_clock_exercise_exercises"),
                  nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.Column("game_day", sa.Float, nullable=False),
        sa.Column("rate", sa.Float, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exercise_clock"),
    )
    op.create_index("ix_exercise_clock_exercise", "exercise_clock", ["exercise"])
    op.create_table(
        "inject_deliveries",
        sa.Column("exercise", sa.String(120),
                  sa.ForeignKey("exercises.name",
                                name="fk_inject_deliveries_exercise_exercises"),
                  nullable=False),
        sa.Column("inject", sa.String(120), nullable=False),
        sa.Column("syndicate", sa.String(120), nullable=False),
        sa.Column("revision", sa.String(12)),
        sa.Column("game_day", sa.Float, nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("data", _DOC, nullable=False),
        sa.PrimaryKeyConstraint("exercise", "inject", "syndicate",
                                name="pk_inject_deliveries"),
    )
    dialect = op.get_bind().dialect.name
    for table in _APPEND_ONLY:
        if dialect == "postgresql":  # the function is migration 0001's
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION impp_refuse_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION impp_refuse_change()")
        else:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON "
                           f"{table} BEGIN SELECT RAISE(ABORT, '{_REFUSAL} ({table})'); END")


def downgrade() -> None:
    for table in ("inject_deliveries", "exercise_clock", "exercise_members",
                  "exercise_syndicates", "exercises"):
        op.drop_table(table)
