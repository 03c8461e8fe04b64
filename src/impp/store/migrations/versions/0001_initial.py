"""The first schema: plans, revisions, baselines, decisions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_DOC = sa.JSON().with_variant(JSONB(), "postgresql")
_TIME = sa.DateTime(timezone=True)
_IMMUTABLE = ("revisions", "baselines", "decisions", "audit_log")
_REFUSAL = "impp: rows of this table are never changed or deleted (append-only)"


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("head", sa.String(12), nullable=True),
        sa.Column("created", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_plans"),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.String(12), nullable=False),
        sa.Column("plan", sa.String(120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent", sa.String(12), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("document", _DOC, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.ForeignKeyConstraint(["plan"], ["plans.name"], name="fk_revisions_plan_plans"),
        sa.ForeignKeyConstraint(["parent"], ["revisions.id"],
                                name="fk_revisions_parent_revisions"),
        sa.UniqueConstraint("plan", "parent", name="uq_revisions_plan_parent"),
        sa.UniqueConstraint("plan", "number", name="uq_revisions_plan_number"),
    )
    op.create_index("ix_revisions_plan", "revisions", ["plan"])
    op.create_table(
        "baselines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan", sa.String(120), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("revision", sa.String(12), nullable=False),
        sa.Column("decision", sa.String(120), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_baselines"),
        sa.ForeignKeyConstraint(["plan"], ["plans.name"], name="fk_baselines_plan_plans"),
        sa.ForeignKeyConstraint(["revision"], ["revisions.id"],
                                name="fk_baselines_revision_revisions"),
        sa.UniqueConstraint("plan", "name", name="uq_baselines_plan_name"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan", sa.String(120), nullable=False),
        sa.Column("decision", sa.String(120), nullable=False),
        sa.Column("role", sa.String(120), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("from_level", sa.String(20), nullable=False),
        sa.Column("to_level", sa.String(20), nullable=False),
        sa.Column("revision", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(["plan"], ["plans.name"], name="fk_decisions_plan_plans"),
        sa.ForeignKeyConstraint(["revision"], ["revisions.id"],
                                name="fk_decisions_revision_revisions"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("time", _TIME, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(120), nullable=False),
        sa.Column("plan", sa.String(120), nullable=True),
        sa.Column("revision", sa.String(12), nullable=True),
        sa.Column("data", _DOC, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    """Refuse UPDATE and DELETE on the append-only tables, in the database itself."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION impp_refuse_change() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSAL} (%)', TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql"
        )
        for table in _IMMUTABLE:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION impp_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION impp_refuse_change()"
            )
    else:
        for table in _IMMUTABLE:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL} ({table})'); END"
                )


def downgrade() -> None:
    for table in ("audit_log", "decisions", "baselines", "revisions", "plans"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS impp_refuse_change()")
