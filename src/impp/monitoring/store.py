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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from impp.exceptions import ImppError
from impp.model.base import Sensitivity
from impp.monitoring.observations import Observation, ObservationError, RowProblem
from impp.monitoring.periods import Period, parse_period

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.monitoring.assess import Assessment
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
    """Who is recorded in a store without people: the name given, else ``IMPP_USER``,
    else the login name (a single planner's machine). A store with people records
    the person :func:`writer` checked, never the login name."""
    if actor:
        return actor
    from impp.store.repository import default_author

    return os.environ.get("IMPP_USER", "").strip() or default_author()


def writer(store: Store, action: str, actor: str | None = None,
           levels: Iterable[Any] = ()) -> str:
    """The name recorded for a write of monitoring data, after the one write rule
    (:func:`impp.store.users.authorise_write`): in a store with people, ``actor``
    (else ``IMPP_USER``) must be one of them, hold a role that edits plans and
    be cleared to the highest of ``levels`` (the markings of what is written).
    Raises :class:`~impp.store.users.PermissionDeniedError`."""
    from impp.store.users import PermissionDeniedError, authorise_write, count_users, get_user

    top = max(levels, key=lambda s: s.rank, default=Sensitivity.unclassified)
    user = None
    if actor is not None and count_users(store):
        user = get_user(store, actor)
        if user is None:
            raise PermissionDeniedError(
                f"{actor} is not a user of the store at {store.where}: `impp user list` "
                "shows who is")
    checked = authorise_write(store, action, user=user, level=top)
    return checked.name if checked is not None else _actor(actor)


#: Rows written per statement of a bulk import.
CHUNK = 20_000
#: SQLite's page cache while importing (KiB; the default is 2 MiB).
IMPORT_CACHE_KB = 64 * 1024


def save_observations(store: Store, plan: str, observations: Iterable[Observation],
                      rows: list[int] | None = None, *, file: str,
                      actor: str | None = None) -> Imported:
    """Store ``observations`` (from ``file``; ``rows``: their file rows, else each
    one's ``row``) for ``plan``: all or none.

    ``observations`` may be a generator that checks rows as they are read
    (:func:`impp.monitoring.observations.checked_rows`): its
    :class:`ObservationError` at the end rolls everything back. New rows are
    written in chunks of :data:`CHUNK` as they are read, in one transaction.
    Raises :class:`ObservationError` when one would change an approved
    (locked) value: nothing is stored then.
    """
    from sqlalchemy import Table, select, update

    from impp.store.models import ObservationRow
    from impp.store.repository import audit, get_revision, now, writing
    from impp.store.users import PermissionDeniedError

    revision = get_revision(store, plan)  # says so when there is no such plan
    marked = {i.id: i.sensitivity for i in revision.plan_object().indicators}
    who = writer(store, f"import monitoring data into {plan}", actor)
    from impp.store.users import acting_clearance

    cleared = acting_clearance(store, who)
    table = ObservationRow.__table__
    assert isinstance(table, Table)
    c = table.c
    unchanged = 0
    problems: list[RowProblem] = []
    numbers = iter(rows) if rows is not None else None
    with writing(store) as session:
        existing = {
            (r.indicator, r.period, r.dims): r
            for r in session.execute(select(
                c.id, c.indicator, c.period, c.dims, c.value, c.text, c.source,
                c.confidence, c.status).where(c.plan == plan))
        }
        when = now()
        sqlite = store.dialect == "sqlite"
        # the driver gets what the dialect would send: SQLite text, PostgreSQL objects
        stamp: Any = _sqlite_time(when) if sqlite else when
        days: dict[str, tuple[Any, Any]] = {}
        chunk: list[tuple[Any, ...]] = []
        changed: list[dict[str, Any]] = []
        before = {(k[0], k[1]) for k in existing}
        fresh: dict[tuple[str, str, int], list[Any]] = {}
        again: set[tuple[str, str]] = set()
        added = 0
        cursor = _bulk_cursor(session, store.dialect)
        # The first import into an empty store builds the key's index after the
        # rows, once, instead of row by row (a quarter of a million-row import's
        # time); the rows' keys were checked unique above and in the file.
        rebuild = not existing and session.execute(select(c.id).limit(1)).first() is None
        if rebuild:
            cursor.execute(f"DROP INDEX {_KEY_INDEX}")
        try:
            for obs in observations:
                n = next(numbers) if numbers is not None else obs.row
                level = marked.get(obs.indicator)
                if cleared is not None and level is not None and level.rank > cleared.rank:
                    # the file names it; the reader's view of the plan never did
                    raise PermissionDeniedError(
                        f"{file}: row {n}: {who} is cleared to {cleared.value} and may not "
                        "write data of this indicator; nothing was stored")
                key = (obs.indicator, obs.period.label, obs.dims_key)
                old = existing.get(key) if existing else None
                if old is None:
                    span = days.get(key[1])
                    if span is None:
                        p = obs.period
                        span = days[key[1]] = ((p.start.isoformat(), p.end.isoformat())
                                               if sqlite else (p.start, p.end))
                    ndims = len(obs.dims)
                    if not problems:
                        chunk.append((plan, obs.indicator, key[1], *span, key[2], ndims,
                                      obs.value, obs.text, obs.source, obs.confidence,
                                      "entered", who, stamp))
                        if len(chunk) >= CHUNK:  # written as it fills: memory stays bounded
                            _write(cursor, store.dialect, "observations", _COLUMNS, chunk)
                            chunk = []
                    added += 1
                    group = (obs.indicator, key[1])
                    if group in before:
                        again.add(group)
                        continue
                    slot = fresh.get((*group, ndims))
                    if slot is None:
                        fresh[(*group, ndims)] = [span[1], obs.value, 1, obs.text]
                    else:
                        slot[1] += obs.value
                        slot[2] += 1
                        if obs.text is not None and (slot[3] is None or obs.text < slot[3]):
                            slot[3] = obs.text
                elif (old.value, old.text, old.source, old.confidence) == (
                        obs.value, obs.text, obs.source, obs.confidence):
                    unchanged += 1
                elif old.status == "approved":
                    problems.append(RowProblem(
                        file, n, "value", f"{obs.indicator} for {obs.period.label} was "
                        f"approved ({old.value:g}) and is locked; ask its responsible body "
                        "to reopen it"))
                else:
                    changed.append({"id": old.id, "value": obs.value, "text": obs.text,
                                    "source": obs.source, "confidence": obs.confidence,
                                    "status": "entered", "entered_by": who, "entered": when})
                    again.add((obs.indicator, key[1]))
            if problems:
                raise ObservationError(problems)  # the transaction rolls back
            if chunk:
                _write(cursor, store.dialect, "observations", _COLUMNS, chunk)
            if rebuild:
                cursor.execute(f"CREATE UNIQUE INDEX {_KEY_INDEX} ON observations "
                               "(plan, indicator, period, dims)")
        finally:
            cursor.close()
        for i in range(0, len(changed), CHUNK):
            session.execute(update(table).where(c.id == _bind("id")).values(
                value=_bind("value"), text=_bind("text"), source=_bind("source"),
                confidence=_bind("confidence"), status=_bind("status"),
                entered_by=_bind("entered_by"), entered=_bind("entered")),
                [{f"b_{k}": v for k, v in row.items()} for row in changed[i:i + CHUNK]])
        # the totals: groups new to the store from the rows read, the others again
        # from the store (they hold rows of earlier imports)
        _insert(session, store.dialect, "observation_totals", _TOTALS, [
            (plan, ind, period, ndims, end, total, count, text, 0)
            for (ind, period, ndims), (end, total, count, text) in fresh.items()])
        _recount(session, plan, sorted(again))
        replaced = len(changed)
        audit(session, "impp.observations.imported", who, plan, file=file, added=added,
              replaced=replaced, unchanged=unchanged)
    return Imported(plan, added, replaced, unchanged, file)


def _bulk_cursor(session: Any, dialect: str) -> Any:
    """A driver cursor of the session's connection for a bulk import. (A writer
    thread, tried, made the import slower: the driver needs the interpreter to
    bind each row, and waited for the reader's turn.)"""
    cursor = session.connection().connection.dbapi_connection.cursor()
    if dialect == "sqlite":
        # the unique index of a million rows outgrows SQLite's 2 MB page cache
        cursor.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")
    return cursor


#: The unique index of an observation's key (migration 0006).
_KEY_INDEX = "ix_observations_key"

_COLUMNS = ("plan", "indicator", "period", "period_start", "period_end", "dims", "ndims",
            "value", "text", "source", "confidence", "status", "entered_by", "entered")


_TOTALS = ("plan", "indicator", "period", "ndims", "period_end", "total", "count", "text",
           "approved")


def _insert(session: Any, dialect: str, name: str, columns: tuple[str, ...],
            rows: list[tuple[Any, ...]]) -> None:
    """Write rows (ready for the driver) to table ``name`` through the driver."""
    if not rows:
        return
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        _write(cursor, dialect, name, columns, rows)
    finally:
        cursor.close()


def _write(cursor: Any, dialect: str, name: str, columns: tuple[str, ...],
           rows: list[tuple[Any, ...]]) -> None:
    """``executemany`` on SQLite, ``COPY`` on PostgreSQL (SQLAlchemy's per-row
    parameter handling cost 56 µs a row; this, about 13)."""
    if dialect == "postgresql":
        with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        sql = (f"INSERT INTO {name} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
        for i in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[i:i + CHUNK])


def _recount(session: Any, plan: str, groups: list[tuple[str, str]] | None = None,
             where: Any = None) -> None:
    """Compute the totals of ``groups`` (indicator, period) of ``plan`` again from
    the observations (or of the groups whose rows match ``where``)."""
    from sqlalchemy import Table, and_, case, delete, func, insert, select, tuple_

    from impp.store.models import ObservationRow, ObservationTotalRow

    obs, tot = ObservationRow.__table__, ObservationTotalRow.__table__
    assert isinstance(obs, Table) and isinstance(tot, Table)
    o, t = obs.c, tot.c
    if groups is not None:
        chunks = [tuple_(o.indicator, o.period).in_(groups[i:i + 2000])
                  for i in range(0, len(groups), 2000)]
    else:
        pairs = select(o.indicator, o.period).where(o.plan == plan, where).distinct()
        chunks = [tuple_(o.indicator, o.period).in_(pairs)]
    for cond in chunks:
        mine = and_(o.plan == plan, cond)
        session.execute(delete(tot).where(
            t.plan == plan, tuple_(t.indicator, t.period).in_(
                select(o.indicator, o.period).where(mine))))
        session.execute(insert(tot).from_select(list(_TOTALS), select(
            o.plan, o.indicator, o.period, o.ndims, func.max(o.period_end),
            func.sum(o.value), func.count(), func.min(o.text),
            func.sum(case((o.status == "approved", 1), else_=0)),
        ).where(mine).group_by(o.plan, o.indicator, o.period, o.ndims)))


def _sqlite_time(when: dt.datetime) -> str:
    """A time as SQLAlchemy's SQLite dialect stores it (so the ORM reads it back)."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


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
    read from the totals the store keeps (a million rows are never brought
    into Python), the same as :func:`impp.monitoring.assess.totals`."""
    from sqlalchemy import Table, select

    from impp.monitoring.observations import kind_of
    from impp.store.models import ObservationRow, ObservationTotalRow

    table = ObservationRow.__table__
    totals_table = ObservationTotalRow.__table__
    assert isinstance(table, Table) and isinstance(totals_table, Table)
    c, t = table.c, totals_table.c
    kinds = {i.id: kind_of(i) for i in plan.indicators if i.id in indicators}
    where = (t.plan == name, t.period_end <= until, t.indicator.in_(sorted(kinds)))
    with store.reading() as session:
        groups = session.execute(
            select(t.indicator, t.period, t.ndims, t.total, t.count, t.text, t.approved)
            .where(*where)).all()
        approved = {(r[0], r[1]) for r in groups if r[6]}
        best: dict[tuple[str, str], tuple[int, float, int, str | None]] = {}
        rows = 0
        for ind, period, ndims, total, count, text, _ in groups:
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
            # by period, so that the unique index (plan, indicator, period, ...) finds
            # the rows: most indicators' latest period is the same quarter
            by_period: dict[str, list[str]] = {}
            for ind, label in pairs:
                by_period.setdefault(label, []).append(ind)
            found: list[Any] = []
            for label, inds in by_period.items():
                found += session.execute(select(c.indicator, c.period, c.dims, c.value).where(
                    c.plan == name, c.indicator.in_(inds), c.period == label,
                    c.ndims > 0)).all()
            for ind, period, dims, value in found:
                slot = levels.setdefault((ind, period), {})
                for dim, level in _dims_of(dims):
                    slot.setdefault(dim, {}).setdefault(level, []).append(value)
            for key, ls in levels.items():
                add = kinds[key[0]] == "number"
                breakdown[key] = {d: {lvl: (sum(v) if add else sum(v) / len(v))
                                      for lvl, v in lv.items()} for d, lv in ls.items()}
    return Totals(totals, breakdown, rows, approved)


@lru_cache(maxsize=4096)
def _dims_of(dims: str) -> tuple[tuple[str, str], ...]:
    """Stored dimensions (canonical JSON) as pairs, remembered: few combinations repeat."""
    return tuple(json.loads(dims).items())


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


def may_approve(body: str | None, responsible: str | None) -> bool:
    """True when a person of ``body`` speaks for an indicator's ``responsible`` entity:
    the body is named in it (case aside), e.g. ``Mission support`` in ``Mission
    support / Office of Military Affairs``. A reading: the plan names the
    responsible entity in words, not as an id.

    >>> may_approve("OCHA", "OCHA (humanitarian country team)")
    True
    >>> may_approve("UNICEF", "Mission support"), may_approve(None, "OCHA")
    (False, False)
    """
    return bool(body and responsible and body.strip().lower() in responsible.lower())


def authorise_data(store: Store, status: str, responsible: dict[str, str | None],
                   levels: Iterable[Sensitivity] = ()) -> str | None:
    """Who moves data of the indicators in ``responsible`` (id → responsible entity)
    to ``status``; ``None`` when the store has no people (anyone may, as for
    commits). With people, through the one write rule: a role that edits
    plans, cleared to the highest of ``levels`` (the indicators' markings);
    approving and reopening also need a person of the body each indicator names as
    responsible (an administrator stands in for none: the data are the
    body's). Raises :class:`~impp.store.users.PermissionDeniedError`."""
    from impp.store.users import PermissionDeniedError, authorise_write

    actor = authorise_write(store, f"mark data {status}", level=max(
        levels, key=lambda x: x.rank, default=Sensitivity.unclassified))
    if actor is None:
        return None
    if status == "checked":
        return actor.name
    refused = {i: r for i, r in responsible.items() if not may_approve(actor.body, r)}
    if refused:
        listed = "; ".join(f"{i}: {r or 'no responsible entity named'}"
                           for i, r in sorted(refused.items())[:5])
        raise PermissionDeniedError(
            f"{actor.name} ({actor.body or 'no body: `impp user add --body`'}) does not speak "
            f"for the body responsible for the data ({listed}"
            f"{'; ...' if len(refused) > 5 else ''}); a person of that body approves or "
            "reopens them, or choose the indicators with --indicator")
    return actor.name


def set_status(store: Store, plan: str, period: Period, status: str, *,
               indicators: set[str] | None = None, actor: str | None = None,
               responsible: dict[str, str | None] | None = None) -> int:
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
    marks = {i.id: i.sensitivity for i in get_revision(store, plan).plan_object().indicators}
    if responsible is not None:
        chosen = indicators if indicators is not None else set(responsible)
        actor = authorise_data(store, status, {i: responsible.get(i) for i in chosen},
                               [marks[i] for i in chosen if i in marks]) or actor
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
        session.flush()
        _recount(session, plan, sorted({(r.indicator, r.period) for r in rows}))
        audit(session, f"impp.observations.{status}", who, plan, period=period.label,
              indicators=sorted({r.indicator for r in rows}), count=moved)
    return moved


def latest_period(store: Store, name: str, indicators: set[str]) -> dt.date | None:
    """The end of the latest period with data of ``indicators``, if any."""
    from sqlalchemy import Table, func, select

    from impp.store.models import ObservationTotalRow

    table = ObservationTotalRow.__table__
    assert isinstance(table, Table)
    with store.reading() as session:
        last: dt.date | None = session.execute(select(func.max(table.c.period_end)).where(
            table.c.plan == name, table.c.indicator.in_(sorted(indicators)))).scalar()
    return last


def assess_stored(store: Store, name: str, visible: Plan, period: Period | None
                  ) -> Assessment | None:
    """The assessment of the stored plan ``name`` (``visible``: its plan as the
    reader may see it) for ``period`` (default: the latest quarter with data);
    ``None`` when it has no data."""
    from impp.monitoring.assess import assess_totals
    from impp.monitoring.periods import quarter_of

    shown = {i.id for i in visible.indicators}
    if period is None:
        last = latest_period(store, name, shown)
        if last is None:
            return None
        period = quarter_of(last)
    got = load_totals(store, visible, name, period.end, shown)
    return assess_totals(visible, got.totals, got.breakdown, period, name=name,
                         approved=got.approved, observations=got.rows)
