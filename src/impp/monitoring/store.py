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
    from impp.model.plan import Plan
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


#: Rows written per statement of a bulk import.
CHUNK = 20_000


def save_observations(store: Store, plan: str, observations: list[Observation],
                      rows: list[int], *, file: str, actor: str | None = None) -> Imported:
    """Store ``observations`` (from ``file``, at file ``rows``) for ``plan``: all or none.

    Raises :class:`ObservationError` when one would change an approved
    (locked) value: nothing is stored then. New values are written in bulk
    (one statement per :data:`CHUNK` rows): a million in seconds.
    """
    from sqlalchemy import insert, select, update

    from impp.store.models import ObservationRow
    from impp.store.repository import audit, get_revision, now, writing

    get_revision(store, plan)  # says so when there is no such plan
    who = _actor(actor)
    from sqlalchemy import Table

    table = ObservationRow.__table__
    assert isinstance(table, Table)
    c = table.c
    added = replaced = unchanged = 0
    problems: list[RowProblem] = []
    with writing(store) as session:
        existing = {
            (r.indicator, r.period, r.dims): r
            for r in session.execute(select(
                c.id, c.indicator, c.period, c.dims, c.value, c.text, c.source,
                c.confidence, c.status).where(c.plan == plan))
        }
        when = now()
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for obs, n in zip(observations, rows, strict=True):
            key = (obs.indicator, obs.period.label, obs.dims_key)
            old = existing.get(key)
            if old is None:
                new.append({
                    "plan": plan, "indicator": obs.indicator, "period": obs.period.label,
                    "period_start": obs.period.start, "period_end": obs.period.end,
                    "dims": obs.dims_key, "ndims": len(obs.dims), "value": obs.value,
                    "text": obs.text, "source": obs.source, "confidence": obs.confidence,
                    "status": "entered", "entered_by": who, "entered": when})
                continue
            if (old.value, old.text, old.source, old.confidence) == (
                    obs.value, obs.text, obs.source, obs.confidence):
                unchanged += 1
            elif old.status == "approved":
                problems.append(RowProblem(
                    file, n, "value", f"{obs.indicator} for {obs.period.label} was approved "
                    f"({old.value:g}) and is locked; ask its responsible body to reopen it"))
            else:
                changed.append({"id": old.id, "value": obs.value, "text": obs.text,
                                "source": obs.source, "confidence": obs.confidence,
                                "status": "entered", "entered_by": who, "entered": when})
        if problems:
            raise ObservationError(problems)  # the transaction rolls back
        for i in range(0, len(new), CHUNK):
            session.execute(insert(table), new[i:i + CHUNK])
        for i in range(0, len(changed), CHUNK):
            session.execute(update(table).where(c.id == _bind("id")).values(
                value=_bind("value"), text=_bind("text"), source=_bind("source"),
                confidence=_bind("confidence"), status=_bind("status"),
                entered_by=_bind("entered_by"), entered=_bind("entered")),
                [{f"b_{k}": v for k, v in row.items()} for row in changed[i:i + CHUNK]])
        added, replaced = len(new), len(changed)
        audit(session, "impp.observations.imported", who, plan, file=file, added=added,
              replaced=replaced, unchanged=unchanged)
    return Imported(plan, added, replaced, unchanged, file)


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(f"b_{name}")


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


@dataclass(frozen=True)
class Totals:
    """What an assessment reads from the store: one total per indicator and period,
    the breakdown of each indicator's latest period, the rows counted and the
    (indicator, period) pairs whose data are approved."""

    totals: list[Observation]
    breakdown: dict[tuple[str, str], dict[str, dict[str, float]]]
    rows: int
    approved: set[tuple[str, str]]


def load_totals(store: Store, plan: Plan, name: str, until: dt.date,
                indicators: set[str]) -> Totals:
    """The totals of ``name``'s observations of ``indicators`` ending by ``until``,
    computed in the database (a GROUP BY over the rows: a million rows are
    never brought into Python), the same as :func:`impp.monitoring.assess.totals`."""
    from sqlalchemy import Table, func, select, tuple_

    from impp.monitoring.observations import kind_of
    from impp.store.models import ObservationRow

    table = ObservationRow.__table__
    assert isinstance(table, Table)
    c = table.c
    kinds = {i.id: kind_of(i) for i in plan.indicators if i.id in indicators}
    where = (c.plan == name, c.period_end <= until, c.indicator.in_(sorted(kinds)))
    with store.reading() as session:
        groups = session.execute(
            select(c.indicator, c.period, c.ndims, func.sum(c.value), func.count(),
                   func.min(c.text)).where(*where)
            .group_by(c.indicator, c.period, c.ndims)).all()
        approved = {(r[0], r[1]) for r in session.execute(
            select(c.indicator, c.period).where(*where, c.status == "approved").distinct())}
        best: dict[tuple[str, str], tuple[int, float, int, str | None]] = {}
        rows = 0
        for ind, period, ndims, total, count, text in groups:
            rows += count
            if (ind, period) not in best or ndims < best[(ind, period)][0]:
                best[(ind, period)] = (ndims, total, count, text)
        totals = []
        latest: dict[str, Period] = {}
        for (ind, label), (_, total, count, text) in best.items():
            period = parse_period(label)
            value = total if kinds[ind] == "number" else total / count
            totals.append(Observation(ind, period, value, text if count == 1 else None))
            if ind not in latest or period > latest[ind]:
                latest[ind] = period
        breakdown: dict[tuple[str, str], dict[str, dict[str, float]]] = {}
        if latest:
            pairs = [(i, p.label) for i, p in latest.items()]
            levels: dict[tuple[str, str], dict[str, dict[str, list[float]]]] = {}
            for ind, period, dims, value in session.execute(
                    select(c.indicator, c.period, c.dims, c.value).where(
                        c.plan == name, c.ndims > 0,
                        tuple_(c.indicator, c.period).in_(pairs))):
                slot = levels.setdefault((ind, period), {})
                for dim, level in json.loads(dims).items():
                    slot.setdefault(dim, {}).setdefault(level, []).append(value)
            for key, ls in levels.items():
                add = kinds[key[0]] == "number"
                breakdown[key] = {d: {lvl: (sum(v) if add else sum(v) / len(v))
                                      for lvl, v in lv.items()} for d, lv in ls.items()}
    return Totals(totals, breakdown, rows, approved)


def count_states(store: Store, name: str, indicators: set[str]) -> dict[str, int]:
    """How many of ``name``'s observations (of ``indicators``) are in each state."""
    from sqlalchemy import Table, func, select

    from impp.store.models import ObservationRow

    table = ObservationRow.__table__
    assert isinstance(table, Table)
    c = table.c
    with store.reading() as session:
        found: dict[str, int] = dict(session.execute(
            select(c.status, func.count()).where(c.plan == name,
                                                 c.indicator.in_(sorted(indicators)))
            .group_by(c.status)).all())
    return {k: int(found.get(k, 0)) for k in STATES}


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
