"""The store's tables, as SQLAlchemy 2 declarative models.

::

    plans        one row per plan: its name and head (newest) revision
    revisions    every saved version: parent, author, time, message,
                 content hash and the plan document (JSON); never changed
    baselines    named revisions frozen at decision points; never changed
    decisions    decision points passed (who, when, which revision); never changed
    audit_log    append-only record of every state change; never changed
    users        people: roles, clearance, password and token hashes
    observations monitoring data of the plans' indicators, with their
                 approval state (entered, checked, approved: locked)
    observation_totals  their sums and counts per indicator, period and
                 number of dimensions (what an assessment reads)
    task_actuals tasks' actual start and finish dates (plan against actual)
    assessments  periodic performance assessments (draft, reviewed,
                 approved: frozen)
    exercises    training exercises: the exercise file as checked, and the
                 solution's plan
    exercise_syndicates  each syndicate of an exercise and its plan
    exercise_members     who plays in which syndicate
    exercise_clock       the game clock's settings, in order; never changed
    inject_deliveries    each inject delivered to each syndicate, with the
                 revision it made; never changed

The schema itself is created by the Alembic migrations in
``impp/store/migrations`` (the models and the migrations must agree; a test
compares them). Rows of the last four tables cannot be updated or deleted:
database triggers refuse it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Plan documents and audit details: JSONB on PostgreSQL, JSON text elsewhere.
Document = JSON().with_variant(JSONB(), "postgresql")

#: Constraint names are fixed so that migrations can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of the store's models."""

    metadata = MetaData(naming_convention=NAMING)


class PlanRow(Base):
    """A plan kept in the store, by name; ``head`` is its newest revision."""

    __tablename__ = "plans"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    head: Mapped[str | None] = mapped_column(String(12))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RevisionRow(Base):
    """One saved version of a plan.

    ``parent`` is the revision it started from (none for the first);
    ``(plan, parent)`` is unique, so two commits from the same parent can
    never both land, whatever the locks did.
    """

    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("plan", "parent", name="uq_revisions_plan_parent"),
        UniqueConstraint("plan", "number", name="uq_revisions_plan_number"),
    )

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent: Mapped[str | None] = mapped_column(ForeignKey("revisions.id"))
    author: Mapped[str] = mapped_column(String(200))
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    message: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(Document)


class BaselineRow(Base):
    """A named revision, frozen (at a decision point, usually)."""

    __tablename__ = "baselines"
    __table_args__ = (UniqueConstraint("plan", "name", name="uq_baselines_plan_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    name: Mapped[str] = mapped_column(String(120))
    revision: Mapped[str] = mapped_column(ForeignKey("revisions.id"))
    decision: Mapped[str | None] = mapped_column(String(120))
    author: Mapped[str] = mapped_column(String(200))
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DecisionRow(Base):
    """A decision point passed: by which role, recorded in which revision."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    decision: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120))
    author: Mapped[str] = mapped_column(String(200))
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    from_level: Mapped[str] = mapped_column(String(20))
    to_level: Mapped[str] = mapped_column(String(20))
    revision: Mapped[str] = mapped_column(ForeignKey("revisions.id"))


class AuditRow(Base):
    """One state change: who did what (a dotted action id) to which plan, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(120), index=True)
    plan: Mapped[str | None] = mapped_column(String(120))
    revision: Mapped[str | None] = mapped_column(String(12))
    data: Mapped[dict[str, Any]] = mapped_column(Document)


class UserRow(Base):
    """A person who works on plans: roles, clearance, and how they sign in.

    Only hashes are kept: ``password_hash`` (scrypt, with its salt and
    parameters) and ``token_hash`` (SHA-256 of the API token, which is
    random and long, so a fast hash is enough). Every change is audited.
    """

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    roles: Mapped[list[str]] = mapped_column(Document)
    clearance: Mapped[str] = mapped_column(String(40))
    #: The body the person works for (a mission component, an agency), if any.
    body: Mapped[str | None] = mapped_column(String(200))
    #: The password was set by someone else: good for one sign-in, then changed.
    password_expired: Mapped[bool] = mapped_column(Boolean, server_default=false())
    password_hash: Mapped[str | None] = mapped_column(String(200))
    token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(120))


class SummaryRow(Base):
    """The summary (``impp.plan/1``) of a plan's analysis, kept for every reader.

    Keyed like the disk cache (:func:`impp.cache.analysis_key`: content hash,
    parameters, code version). Plain JSON, never a pickle: the store is shared,
    and a pickled analysis would let whoever can write the database run code
    in every reader's process.
    """

    __tablename__ = "summaries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    parameters: Mapped[str] = mapped_column(String(200))
    code_version: Mapped[str] = mapped_column(String(80))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    data: Mapped[dict[str, Any]] = mapped_column(Document)


class SessionRow(Base):
    """A signed-in session of the web workspace: the hash of its cookie's random
    id (the id itself is never stored), its CSRF token and when it expires."""

    __tablename__ = "sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ObservationRow(Base):
    """One value of an indicator for a period and a combination of dimensions
    (``dims``: canonical JSON, ``""`` for the total). ``status``: entered,
    checked or approved; an approved value is locked (no import replaces it)."""

    __tablename__ = "observations"
    __table_args__ = (
        # an index, not a constraint: a first bulk import builds it after the rows
        Index("ix_observations_key", "plan", "indicator", "period", "dims", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: A foreign key on SQLite; on PostgreSQL the same rule held by triggers,
    #: once per statement instead of once per row (migration 0007).
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    indicator: Mapped[str] = mapped_column(String(120))
    period: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    dims: Mapped[str] = mapped_column(String(400))
    #: How many dimensions ``dims`` names (0: the total), for the totals' query.
    ndims: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    entered_by: Mapped[str] = mapped_column(String(120))
    entered: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ObservationTotalRow(Base):
    """The sum and count of an indicator's observations for a period with ``ndims``
    dimensions, and how many are approved: kept with every import and every
    change of state, so that an assessment reads thousands of rows, not the
    million behind them."""

    __tablename__ = "observation_totals"

    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(120), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    ndims: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_end: Mapped[dt.date] = mapped_column(Date)
    total: Mapped[float] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(String(200))
    approved: Mapped[int] = mapped_column(Integer)


class TaskActualRow(Base):
    """The latest report of a task: when it started and finished, or how far it is."""

    __tablename__ = "task_actuals"

    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"), primary_key=True)
    task: Mapped[str] = mapped_column(String(120), primary_key=True)
    started: Mapped[dt.date] = mapped_column(Date)
    finished: Mapped[dt.date | None] = mapped_column(Date)
    percent: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(300))
    entered_by: Mapped[str] = mapped_column(String(120))
    entered: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AssessmentRow(Base):
    """The assessment of a plan for a period: ``draft``, ``reviewed`` (the team's
    ratings and narrative added) or ``approved`` (decided by the mission
    leadership; frozen). ``opened_revision``: the draft revision an approved
    recommendation to adapt or end opened."""

    __tablename__ = "assessments"

    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    revision: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict[str, Any]] = mapped_column(Document)
    created_by: Mapped[str] = mapped_column(String(120))
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(120))
    opened_revision: Mapped[str | None] = mapped_column(String(40))


class ExerciseRow(Base):
    """A training exercise in the store: its file as checked (``document``), the plan
    of the directing staff's solution, who created it."""

    __tablename__ = "exercises"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(Document)
    solution_plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))


class SyndicateRow(Base):
    """A syndicate of an exercise and the plan it works on (its own)."""

    __tablename__ = "exercise_syndicates"

    exercise: Mapped[str] = mapped_column(ForeignKey("exercises.name"), primary_key=True)
    syndicate: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"), unique=True)


class MemberRow(Base):
    """A person who plays in a syndicate: they read and edit its plan, and no other."""

    __tablename__ = "exercise_members"

    exercise: Mapped[str] = mapped_column(ForeignKey("exercises.name"), primary_key=True)
    user: Mapped[str] = mapped_column(ForeignKey("users.name"), primary_key=True, index=True)
    syndicate: Mapped[str] = mapped_column(String(120))


class ClockRow(Base):
    """The game clock set: from ``time`` on, the game day is ``game_day`` plus ``rate``
    game days per real hour. The newest row holds; every setting stays on record."""

    __tablename__ = "exercise_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    exercise: Mapped[str] = mapped_column(ForeignKey("exercises.name"), index=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    game_day: Mapped[float] = mapped_column(Float)
    rate: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(200))


class DeliveryRow(Base):
    """An inject delivered to a syndicate: once (the key), with the revision its effect
    made (none when it changed nothing), at what game day, how (``data``: what was
    applied and skipped, what triggered it)."""

    __tablename__ = "inject_deliveries"

    exercise: Mapped[str] = mapped_column(ForeignKey("exercises.name"), primary_key=True)
    inject: Mapped[str] = mapped_column(String(120), primary_key=True)
    syndicate: Mapped[str] = mapped_column(String(120), primary_key=True)
    revision: Mapped[str | None] = mapped_column(String(12))
    game_day: Mapped[float] = mapped_column(Float)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(Document)


#: Tables whose rows are never updated or deleted once written.
IMMUTABLE_TABLES = ("revisions", "baselines", "decisions", "audit_log")
#: The exercise's records that are append-only too (the database refuses changes).
EXERCISE_RECORDS = ("exercise_clock", "inject_deliveries")
