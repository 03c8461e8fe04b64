"""Observations in the store: import (all or nothing), read, check and approve.

Data approval as DHIS2 and ActivityInfo do it: a value is *entered*, then
*checked*, then *approved*; an approved value is locked: an import that
would change it is refused whole (with the row that tried), and only a
value not yet approved may be replaced by a later import. Every import and
every change of state is an audit entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from impp.exceptions import ImppError
from impp.monitoring.observations import Observation, ObservationError, RowProblem
from impp.monitoring.periods import Period, parse_period

if TYPE_CHECKING:
    from impp.store.engine import Store

STATES = ("entered", "checked", "approved")


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    plan: str
    added: int
    replaced: int
    unchanged: int
    file: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Stored:
    """An observation as the store keeps it: with its state and who entered it."""

    observation: Observation
    status: str
    entered_by: str
    entered: dt.datetime


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    from impp.store.repository import default_author

    return os.environ.get("IMPP_USER", "").strip() or default_author()


def save_observations(store: Store, plan: str, observations: list[Observation],
                      rows: list[int], *, file: str, actor: str | None = None) -> Imported:
    """Store ``observations`` (from ``file``, at file ``rows``) for ``plan``: all or none.

    Raises :class:`ObservationError` when one would change an approved
    (locked) value: nothing is stored then.
    """
    from sqlalchemy import select

    from impp.store.models import ObservationRow
    from impp.store.repository import audit, get_revision, now, writing

    get_revision(store, plan)  # says so when there is no such plan
    who = _actor(actor)
    added = replaced = unchanged = 0
    problems: list[RowProblem] = []
    with writing(store) as session:
        existing = {
            (r.indicator, r.period, r.dims): r
            for r in session.scalars(select(ObservationRow).where(ObservationRow.plan == plan))
        }
        when = now()
        for obs, n in zip(observations, rows, strict=True):
            key = (obs.indicator, obs.period.label, obs.dims_key)
            old = existing.get(key)
            if old is not None and (old.value, old.text) == (obs.value, obs.text) \
                    and (old.source, old.confidence) == (obs.source, obs.confidence):
                unchanged += 1
                continue
            if old is not None and old.status == "approved":
                problems.append(RowProblem(
                    file, n, "value", f"{obs.indicator} for {obs.period.label} was approved "
                    f"({old.value:g}) and is locked; ask its responsible body to reopen it"))
                continue
            if old is None:
                session.add(ObservationRow(
                    plan=plan, indicator=obs.indicator, period=obs.period.label,
                    period_start=obs.period.start, period_end=obs.period.end, dims=obs.dims_key,
                    value=obs.value, text=obs.text, source=obs.source,
                    confidence=obs.confidence, status="entered", entered_by=who, entered=when))
                added += 1
            else:
                old.value, old.text = obs.value, obs.text
                old.source, old.confidence = obs.source, obs.confidence
                old.status, old.entered_by, old.entered = "entered", who, when
                replaced += 1
        if problems:
            raise ObservationError(problems)  # the transaction rolls back
        audit(session, "impp.observations.imported", who, plan, file=file, added=added,
              replaced=replaced, unchanged=unchanged)
    return Imported(plan, added, replaced, unchanged, file)


def load_observations(store: Store, plan: str, *, until: dt.date | None = None
                      ) -> list[Stored]:
    """Every observation of ``plan`` (ending on or before ``until``), oldest period first."""
    from sqlalchemy import select

    from impp.store.models import ObservationRow

    query = select(ObservationRow).where(ObservationRow.plan == plan)
    if until is not None:
        query = query.where(ObservationRow.period_end <= until)
    with store.reading() as session:
        rows = session.scalars(query.order_by(ObservationRow.period_end,
                                              ObservationRow.id)).all()
        return [Stored(_observation(r), r.status, r.entered_by, r.entered) for r in rows]


def _observation(r: Any) -> Observation:
    period = parse_period(r.period)
    dims = tuple(sorted(json.loads(r.dims).items())) if r.dims else ()
    return Observation(r.indicator, period, r.value, r.text, dims, r.source, r.confidence)


def set_status(store: Store, plan: str, period: Period, status: str, *,
               indicators: set[str] | None = None, actor: str | None = None) -> int:
    """Move the observations of ``plan`` inside ``period`` (of ``indicators``, or
    all) to ``status``; the number moved. Approving locks them; only the
    next state (entered → checked → approved) or back to entered (reopen)
    is allowed, and an approved value is reopened only by ``reopen``.
    """
    from sqlalchemy import select

    from impp.store.models import ObservationRow
    from impp.store.repository import audit, get_revision, writing

    if status not in STATES:
        raise ImppError(f"{status!r} is not a state: entered, checked or approved")
    get_revision(store, plan)
    who = _actor(actor)
    moved = 0
    with writing(store) as session:
        query = select(ObservationRow).where(
            ObservationRow.plan == plan, ObservationRow.period_start >= period.start,
            ObservationRow.period_end <= period.end)
        if indicators is not None:
            query = query.where(ObservationRow.indicator.in_(sorted(indicators)))
        rows = session.scalars(query).all()
        if not rows:
            raise ImppError(f"{plan} has no data for {period.label}"
                            + (f" of {', '.join(sorted(indicators))}"
                               if indicators and len(indicators) < 4 else "")
                            + ": import some with `impp import-data`")
        for r in rows:
            if r.status == status:
                continue
            if STATES.index(status) != STATES.index(r.status) + 1 and status != "entered":
                raise ImppError(
                    f"{r.indicator} for {r.period} is {r.status}: it goes to "
                    f"{STATES[STATES.index(r.status) + 1] if r.status != 'approved' else 'nothing'}"
                    " next (entered → checked → approved); nothing was changed")
            r.status = status
            moved += 1
        audit(session, f"impp.observations.{status}", who, plan, period=period.label,
              indicators=sorted({r.indicator for r in rows}), count=moved)
    return moved
