"""The schedule of a plan: dates, float, critical path, criteria and why.

:func:`schedule` is the public entry point: ``schedule(plan) -> Schedule``.
Times are days from day 0, the mission's ``reference_event`` (else the first
dated event); calendar dates follow once any event has a date.

- ``earliest``/``latest`` are the critical-path-method times: the earliest
  each event can happen, and the latest it can happen without breaking a
  requirement or delaying the plan's last event. ``earliest_allowed`` and
  ``latest_allowed`` are the bare bounds of the temporal network (None where
  nothing bounds the event).
- Criteria and estimates are checked against the earliest schedule: met or
  not, the margin in days (negative: missed by that much), and, when no
  schedule can meet one, the requirements that make it unreachable.
- Seasons: once the timeline has calendar dates, a pass over the tasks moves
  the start of each task blocked in a season to the season's end and
  stretches durations inside seasons with a factor; each change becomes an
  extra rule of the network, which is solved again, until nothing changes.

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> s = schedule(load_plan(carana_path()))
>>> s.consistent, s.events["tam.start"].earliest, s.criteria["tam_within_14"].margin_days
(True, 18.0, -4.0)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from impp.model.plan import Plan
from impp.model.timeline import Constraint
from impp.temporal.build import CALENDAR, Rule, TimeNetwork, build_network, constraint_rules
from impp.temporal.explain import Conflict, Fix, explain
from impp.temporal.relax import apply_fix, rank
from impp.temporal.seasons import first_blocked_day, season_end, stretched_duration
from impp.temporal.stn import EPS, F64

#: Passes of the season fixed point before giving up (each pass only delays).
SEASON_PASSES = 25


def _num(x: float) -> float | None:
    return None if not math.isfinite(x) else float(round(x, 6))


@dataclass(frozen=True)
class EventTimes:
    """When an event can happen, in days from day 0 and as dates."""

    id: str
    name: str
    earliest: float | None
    latest: float | None
    earliest_allowed: float | None
    latest_allowed: float | None
    dated: bool = False
    date: dt.date | None = None
    date_latest: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "name": self.name, "earliest": self.earliest, "latest": self.latest,
            "earliest_allowed": self.earliest_allowed, "latest_allowed": self.latest_allowed,
            "dated": self.dated, "date": _iso(self.date), "date_latest": _iso(self.date_latest),
        }


@dataclass(frozen=True)
class TaskTimes:
    """A task in the earliest schedule, its float and whether it is critical."""

    id: str
    name: str
    start: float | None
    end: float | None
    duration: float
    latest_start: float | None
    latest_end: float | None
    float_days: float | None
    critical: bool
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    season_days: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "name": self.name, "start": self.start, "end": self.end,
            "duration": self.duration, "latest_start": self.latest_start,
            "latest_end": self.latest_end, "float_days": self.float_days,
            "critical": self.critical, "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end), "season_days": self.season_days,
        }


@dataclass(frozen=True)
class TargetCheck:
    """A criterion (or estimate) checked against the earliest schedule."""

    constraint: Constraint
    days: float | None
    met: bool | None
    margin_days: float | None
    reachable: bool | None
    short_by: float | None = None
    blocking: tuple[Rule, ...] = ()
    margin_without_seasons: float | None = None

    @property
    def id(self) -> str:
        """The constraint's id."""
        return self.constraint.id

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        c = self.constraint
        return {
            "name": c.name, "kind": c.kind, "from": c.from_, "to": c.to,
            "min_days": c.min_days, "max_days": c.max_days, "days": self.days,
            "met": self.met, "margin_days": self.margin_days, "reachable": self.reachable,
            "short_by": self.short_by, "blocking": [r.as_dict() for r in self.blocking],
            "margin_without_seasons": self.margin_without_seasons, "source": c.source,
        }


@dataclass(frozen=True)
class SeasonEffect:
    """A task delayed (``wait``) or lengthened (``stretch``) by a season."""

    task: str
    season: str
    kind: str
    days: float
    text: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"task": self.task, "season": self.season, "kind": self.kind,
                "days": self.days, "text": self.text}


@dataclass(frozen=True)
class Schedule:
    """Everything the temporal engine finds in a plan (see the module docstring)."""

    consistent: bool
    day_zero: str | None
    calendar_start: dt.date | None
    events: dict[str, EventTimes]
    tasks: dict[str, TaskTimes]
    criteria: dict[str, TargetCheck]
    estimates: dict[str, TargetCheck]
    conflict: Conflict | None = None
    critical_path: tuple[str, ...] = ()
    season_effects: tuple[SeasonEffect, ...] = ()
    season_conflict: Conflict | None = None
    network: TimeNetwork | None = field(default=None, repr=False, compare=False)
    #: For a plan in conflict: the schedule with the first fix that can be made
    #: (``relaxed_by``) applied to the plan, so that planners have dates to work
    #: from; never the plan's own (its verdicts stay unknown).
    relaxed: Schedule | None = None
    relaxed_by: Fix | None = None

    @property
    def anchored(self) -> bool:
        """True when the timeline has calendar dates."""
        return self.calendar_start is not None

    def as_dict(self) -> dict[str, Any]:
        """The schedule as JSON-ready data (schema ``impp.timeline/1`` in the README)."""
        return {
            "consistent": self.consistent,
            "day_zero": {"event": self.day_zero, "date": _iso(self.day_zero_date)},
            "events": {k: v.as_dict() for k, v in self.events.items()},
            "tasks": {k: v.as_dict() for k, v in self.tasks.items()},
            "critical_path": list(self.critical_path),
            "criteria": {k: v.as_dict() for k, v in self.criteria.items()},
            "estimates": {k: v.as_dict() for k, v in self.estimates.items()},
            "conflict": self.conflict.ids if self.conflict else [],
            "explanation": self.conflict.as_dict() if self.conflict else None,
            "season_effects": [e.as_dict() for e in self.season_effects],
            "season_conflict": self.season_conflict.as_dict() if self.season_conflict else None,
            "relaxed": None if self.relaxed is None or self.relaxed_by is None else {
                "fix": self.relaxed_by.as_dict(),
                "events": {k: v.as_dict() for k, v in self.relaxed.events.items()},
                "tasks": {k: v.as_dict() for k, v in self.relaxed.tasks.items()},
                "critical_path": list(self.relaxed.critical_path),
            },
        }

    @property
    def day_zero_date(self) -> dt.date | None:
        """The date of day 0, when the reference event is dated."""
        tn = self.network
        if tn is None or tn.calendar_start is None or tn.origin_offset is None:
            return None
        return tn.calendar_start + dt.timedelta(days=tn.origin_offset)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


# -- times -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Times:
    earliest: F64
    latest: F64
    earliest_allowed: F64
    latest_allowed: F64
    calendar_earliest: F64 | None
    calendar_latest: F64 | None


def _times(tn: TimeNetwork) -> _Times:
    """Allowed and critical-path times relative to the origin (network consistent)."""
    net, o = tn.net, tn.origin
    latest_allowed = net.distances(o)
    earliest_allowed = -net.distances(o, reverse=True)
    finite = earliest_allowed[np.isfinite(earliest_allowed)]
    horizon = max(0.0, float(finite.max()) if len(finite) else 0.0)
    latest = net.distances(o, bound=horizon)
    floor = min(0.0, float(latest.min()))
    earliest = -net.distances(o, reverse=True, bound=-floor)
    cal_e = cal_l = None
    if tn.calendar is not None:
        if tn.origin_offset is not None:
            cal_e, cal_l = earliest + tn.origin_offset, latest + tn.origin_offset
        else:
            c = tn.calendar
            cal_l = net.distances(c)
            cal_e = -net.distances(c, reverse=True)
    return _Times(earliest, latest, earliest_allowed, latest_allowed, cal_e, cal_l)


def _date(tn: TimeNetwork, offset: float | None) -> dt.date | None:
    if tn.calendar_start is None or offset is None or not math.isfinite(offset):
        return None
    return tn.calendar_start + dt.timedelta(days=math.floor(offset + EPS))


# -- targets ---------------------------------------------------------------------


def check_target(tn: TimeNetwork, times: _Times | None, c: Constraint) -> TargetCheck:
    """Check one criterion or estimate against a consistent network."""
    if times is None:
        return TargetCheck(c, None, None, None, None)
    e = times.earliest
    a, b = tn.index[c.from_], tn.index[c.to]
    gap = float(e[b] - e[a])
    margins = []
    if c.max_days is not None:
        margins.append(c.max_days - gap)
    if c.min_days is not None:
        margins.append(gap - c.min_days)
    margin = min(margins)
    for rule in constraint_rules(c):
        u, v = tn.index[rule.tail], tn.index[rule.head]
        dist, path = tn.net.shortest_path(v, u)
        if rule.weight + dist < -EPS:
            return TargetCheck(
                c, _num(gap), margin >= -EPS, _num(margin), False,
                _num(-(rule.weight + dist)), tuple(tn.rules[i] for i in path),
            )
    return TargetCheck(c, _num(gap), margin >= -EPS, _num(margin), True)


# -- seasons ---------------------------------------------------------------------


def _season_pass(plan: Plan, base: TimeNetwork) -> tuple[
    TimeNetwork, tuple[SeasonEffect, ...], Conflict | None
]:
    """Delay and stretch tasks for seasons until nothing changes (see module doc)."""
    seasons = {s.id: s for s in plan.seasons}
    affected = [t for t in plan.tasks if t.blocked_in or t.season_factors]
    if base.calendar_start is None or base.calendar is None or not affected:
        return base, (), None
    start0 = base.calendar_start
    durations = {t.id: t.duration.nominal for t in plan.tasks}
    waits: dict[str, tuple[float, str]] = {}
    tn = base
    for _ in range(SEASON_PASSES):
        extra = [
            Rule(t, "season", f"{t}.start", CALENDAR, -w,
                 f"{t} waits for the end of the {seasons[sid].name.lower()} "
                 f"({(start0 + dt.timedelta(days=w)).isoformat()})",
                 seasons[sid].name, seasons[sid].source)
            for t, (w, sid) in waits.items()
        ]
        tn = build_network(plan, durations, extra)
        if tn.net.negative_cycle() is not None:
            return base, (), explain(tn)
        assert tn.calendar is not None
        cal_e = -tn.net.distances(tn.calendar, reverse=True)
        changed = False
        for t in affected:
            s = float(cal_e[tn.index[f"{t.id}.start"]])
            if not math.isfinite(s):
                continue
            day = start0 + dt.timedelta(days=math.floor(s + EPS))
            blocked = [seasons[b] for b in t.blocked_in]
            dur = stretched_duration(day, t.duration.nominal, t.season_factors, seasons.values())
            hit = first_blocked_day(blocked, day, dur) if blocked else None
            for _ in range(10):
                if hit is None:
                    break
                day = season_end(blocked, hit)
                dur = stretched_duration(day, t.duration.nominal, t.season_factors,
                                         seasons.values())
                hit = first_blocked_day(blocked, day, dur)
            wait = float((day - start0).days)
            if wait > s + EPS and wait > waits.get(t.id, (-math.inf, ""))[0]:
                sid = next(b for b in t.blocked_in if in_any(seasons[b], day, s, start0))
                waits[t.id] = (wait, sid)
                changed = True
            if dur > durations[t.id] + EPS:
                durations[t.id] = dur
                changed = True
        if not changed:
            break
    effects: list[SeasonEffect] = []
    base_e = -base.net.distances(base.calendar, reverse=True)
    for t in affected:
        if t.id in waits:
            w, sid = waits[t.id]
            delay = w - float(base_e[base.index[f"{t.id}.start"]])
            text = f"{t.id} waits {delay:.1f} days for the end of the {sid} season"
            effects.append(SeasonEffect(t.id, sid, "wait", round(delay, 6), text))
        extra_days = durations[t.id] - t.duration.nominal
        if extra_days > EPS:
            sid = ", ".join(sorted(t.season_factors))
            text = f"{t.id} lasts {extra_days:.1f} days longer in the {sid} season"
            effects.append(SeasonEffect(t.id, sid, "stretch", round(extra_days, 6), text))
    return tn, tuple(effects), None


def in_any(season: Any, end: dt.date, start_offset: float, start0: dt.date) -> bool:
    """True when the season covers a day between the unconstrained start and ``end``."""
    from impp.temporal.seasons import in_season

    day = start0 + dt.timedelta(days=math.floor(start_offset + EPS))
    while day < end:
        if in_season(season, day):
            return True
        day += dt.timedelta(days=1)
    return False


# -- the schedule ----------------------------------------------------------------


def schedule(plan: Plan) -> Schedule:
    """The schedule of a plan: dates, float, critical path, criteria, conflict.

    For a plan in conflict, the fixes are ranked by who can make them and the
    schedule carries the one of the first fix that can be made (``relaxed``).

    >>> from impp.model import Constraint, Event, Mission, Plan
    >>> p = Plan(mission=Mission(id="m", name="M", reference_event="a"),
    ...          events=(Event(id="a", name="A"), Event(id="b", name="B")),
    ...          constraints=(Constraint(id="c", name="B 3 to 5 days after A",
    ...                                  from_="a", to="b", min_days=3, max_days=5),))
    >>> s = schedule(p)
    >>> s.events["b"].earliest, s.events["b"].latest_allowed
    (3.0, 5.0)
    >>> schedule(Plan(mission=Mission(id="m", name="M"))).consistent
    True
    """
    base = build_network(plan)
    if not base.points:
        return Schedule(True, None, None, {}, {}, {}, {}, network=base)
    day_zero = base.points[base.origin] if base.origin >= 0 else None
    conflict = explain(base)
    if conflict is not None:
        return _relaxed(plan, _inconsistent(plan, base, day_zero, rank(plan, conflict)))
    return _consistent(plan, base, day_zero)


def _relaxed(plan: Plan, s: Schedule) -> Schedule:
    """``s`` with the schedule of the first fix (in rank order) that can be made."""
    assert s.conflict is not None
    for fix in s.conflict.fixes:
        fixed = apply_fix(plan, fix)
        if fixed is None:
            continue
        base = build_network(fixed)
        if explain(base) is not None:
            continue
        day_zero = base.points[base.origin] if base.origin >= 0 else None
        return replace(s, relaxed=_consistent(fixed, base, day_zero), relaxed_by=fix)
    return s


def _consistent(plan: Plan, base: TimeNetwork, day_zero: str | None) -> Schedule:
    tn, effects, season_conflict = _season_pass(plan, base)
    times = _times(tn)
    base_times = _times(base) if tn is not base else times
    events: dict[str, EventTimes] = {}
    dated = {e.id for e in plan.events if e.date is not None}
    for i, p in enumerate(tn.points):
        if p == CALENDAR:
            continue
        name = _point_name(plan, p)
        ce = times.calendar_earliest[i] if times.calendar_earliest is not None else None
        cl = times.calendar_latest[i] if times.calendar_latest is not None else None
        events[p] = EventTimes(
            p, name, _num(times.earliest[i]), _num(times.latest[i]),
            _num(times.earliest_allowed[i]), _num(times.latest_allowed[i]), p in dated,
            _date(tn, None if ce is None else float(ce)),
            _date(tn, None if cl is None else float(cl)),
        )
    tasks: dict[str, TaskTimes] = {}
    stretch = {e.task: e.days for e in effects if e.kind == "stretch"}
    for t in plan.tasks:
        s, e = events[f"{t.id}.start"], events[f"{t.id}.end"]
        slack = None if s.latest is None or s.earliest is None else _num(s.latest - s.earliest)
        tasks[t.id] = TaskTimes(
            t.id, t.name, s.earliest, e.earliest, t.duration.nominal + stretch.get(t.id, 0.0),
            s.latest, e.latest, slack, slack is not None and slack <= 1e-6,
            s.date, e.date, stretch.get(t.id, 0.0),
        )
    critical = sorted(
        (t for t in tasks.values() if t.critical),
        key=lambda t: (t.start if t.start is not None else 0.0, t.id),
    )

    def targets(kind: str) -> dict[str, TargetCheck]:
        out = {}
        for c in plan.constraints:
            if c.kind != kind:
                continue
            check = check_target(tn, times, c)
            if tn is not base:
                without = check_target(base, base_times, c)
                check = TargetCheck(
                    c, check.days, check.met, check.margin_days, check.reachable,
                    check.short_by, check.blocking, without.margin_days,
                )
            out[c.id] = check
        return out

    return Schedule(
        True, day_zero, tn.calendar_start, events, tasks, targets("criterion"),
        targets("estimate"), None, tuple(t.id for t in critical), effects, season_conflict,
        tn,
    )


def _point_name(plan: Plan, point: str) -> str:
    if "." in point:
        task_id, end = point.split(".")
        return f"{plan.get(task_id).name} ({end})"
    return plan.get(point).name


def _inconsistent(plan: Plan, tn: TimeNetwork, day_zero: str | None,
                  conflict: Conflict) -> Schedule:
    events = {
        p: EventTimes(p, _point_name(plan, p), None, None, None, None)
        for p in tn.points if p != CALENDAR
    }
    tasks = {
        t.id: TaskTimes(t.id, t.name, None, None, t.duration.nominal, None, None, None, False)
        for t in plan.tasks
    }
    criteria = {c.id: check_target(tn, None, c) for c in plan.criteria}
    estimates = {
        c.id: check_target(tn, None, c) for c in plan.constraints if c.kind == "estimate"
    }
    return Schedule(False, day_zero, tn.calendar_start, events, tasks, criteria, estimates,
                    conflict, network=tn)
