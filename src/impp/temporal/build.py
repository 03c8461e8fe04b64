"""From a Plan to a temporal network: every edge remembers the rule it stands for.

Time points are the plan's events (file order), then each task's start and
end, then, when any event has a date, a *calendar* point that dated events
are pinned to (day 0 of the calendar is the reference event's date, or the
earliest date given). Rules become edges of the distance graph:

- a constraint ``lo <= t(to) - t(from) <= hi``: ``from -> to`` (``hi``) and
  ``to -> from`` (``-lo``);
- task ``x``: ``x.end - x.start = duration.nominal`` (two edges);
- an ``after`` link: ``x.start >= pred.end + lag``;
- a dated event: pinned to the calendar point at its date (two edges);
- a task that nothing precedes (no ``after`` link, no requirement's
  ``min_days`` ending at its start): ``x.start >= day 0``. Without it such a
  task could start any time before day 0 and the timeline would place it
  there, where schedule risk (a forward pass from day 0) does not.

Only ``requirement`` constraints enter the network; criteria and estimates
are targets, checked against it (:mod:`impp.temporal.schedule`).

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> tn = build_network(load_plan(carana_path()))
>>> tn.origin == tn.index["agreement_signed"], tn.calendar_start.isoformat()
(True, '2026-06-01')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from impp.model.plan import Plan
from impp.model.timeline import Constraint
from impp.temporal.stn import STN

#: What an edge stands for: a constraint's bound, a task's duration (both
#: ways), an ``after`` link, an event's date (both ways), a season's effect.
Role = Literal[
    "max", "min", "duration-max", "duration-min", "after", "date-max", "date-min", "season",
    "day-zero",
]

#: Where the rule that an unpreceded task starts on day 0 at the earliest comes from.
DAY_ZERO_SOURCE = (
    "impp's timeline (critical-path method): a task that nothing precedes starts on day 0 "
    "at the earliest, as schedule risk also takes it"
)

CALENDAR = "@calendar"


@dataclass(frozen=True)
class Rule:
    """The plan rule behind one edge ``t(head) - t(tail) <= weight``.

    ``item`` is the id of the plan item (constraint, task, event or season);
    ``text`` says the rule in a planner's words; ``source`` is its passage.
    """

    item: str
    role: Role
    tail: str
    head: str
    weight: float
    text: str
    name: str
    source: str | None = None
    kind: str = "requirement"

    def as_dict(self) -> dict[str, object]:
        """The rule as JSON-ready data."""
        return {
            "id": self.item, "role": self.role, "text": self.text, "name": self.name,
            "source": self.source, "kind": self.kind,
        }


@dataclass(frozen=True)
class TimeNetwork:
    """A plan's temporal network: the STN, its points, and the rule of each edge."""

    net: STN
    points: tuple[str, ...]
    index: dict[str, int]
    rules: tuple[Rule, ...]
    origin: int
    calendar: int | None
    calendar_start: dt.date | None
    #: Offset (days) of the origin from the calendar's day 0, when both are fixed.
    origin_offset: float | None

    def with_rules(self, rules: list[Rule] | tuple[Rule, ...]) -> TimeNetwork:
        """The same points with another list of rules (edges rebuilt)."""
        src = [self.index[r.tail] for r in rules]
        dst = [self.index[r.head] for r in rules]
        net = STN.from_edges(len(self.points), src, dst, [r.weight for r in rules])
        return replace(self, net=net, rules=tuple(rules))

    def edges_of(self, c: Constraint, kind: str | None = None) -> list[Rule]:
        """The rules (edges) a constraint makes, whatever its kind."""
        return constraint_rules(c) if kind is None else [
            replace(r, kind=kind) for r in constraint_rules(c)
        ]


def _days(x: float) -> str:
    return f"{round(x, 1):g} day{'s' if abs(x) != 1 else ''}"


def constraint_rules(c: Constraint) -> list[Rule]:
    """The edges of one constraint (one per bound).

    >>> c = Constraint(id="c", name="B 2 to 5 days after A", from_="a", to="b",
    ...                min_days=2, max_days=5)
    >>> [(r.tail, r.head, r.weight) for r in constraint_rules(c)]
    [('a', 'b', 5.0), ('b', 'a', -2.0)]
    """
    rules = []
    if c.max_days is not None:
        rules.append(Rule(
            c.id, "max", c.from_, c.to, c.max_days,
            f"{c.to} no more than {_days(c.max_days)} after {c.from_}", c.name, c.source, c.kind,
        ))
    if c.min_days is not None:
        rules.append(Rule(
            c.id, "min", c.to, c.from_, -c.min_days,
            f"{c.to} at least {_days(c.min_days)} after {c.from_}", c.name, c.source, c.kind,
        ))
    return rules


def duration_rules(task_id: str, name: str, days: float, source: str | None,
                   note: str = "") -> list[Rule]:
    """The two edges of ``end - start = days``."""
    s, e = f"{task_id}.start", f"{task_id}.end"
    return [
        Rule(task_id, "duration-max", s, e, days, f"{task_id} takes {_days(days)}{note}",
             name, source),
        Rule(task_id, "duration-min", e, s, -days, f"{task_id} takes {_days(days)}{note}",
             name, source),
    ]


def build_network(plan: Plan, durations: dict[str, float] | None = None,
                  extra: list[Rule] | None = None) -> TimeNetwork:
    """The hard temporal network of a plan (requirements, tasks, links, dates).

    ``durations`` overrides tasks' planning durations (seasons use it);
    ``extra`` rules are appended (season waits, what-if checks).

    >>> from impp.model import Event, Mission
    >>> p = Plan(mission=Mission(id="m", name="M"), events=(Event(id="a", name="A"),))
    >>> build_network(p).points
    ('a',)
    """
    points: list[str] = [e.id for e in plan.events]
    for t in plan.tasks:
        points += [f"{t.id}.start", f"{t.id}.end"]
    dated = [e for e in plan.events if e.date is not None]
    ref_id = plan.mission.reference_event or (dated[0].id if dated else None)
    if ref_id is None and points:
        ref_id = points[0]
    ref = next((e for e in plan.events if e.id == ref_id), None)
    calendar_start: dt.date | None = None
    if dated:
        points.append(CALENDAR)
        calendar_start = ref.date if ref is not None and ref.date else min(
            e.date for e in dated if e.date is not None
        )
    index = {p: i for i, p in enumerate(points)}
    rules: list[Rule] = []
    for c in plan.constraints:
        if c.kind == "requirement":
            rules += constraint_rules(c)
    for t in plan.tasks:
        days = (durations or {}).get(t.id, t.duration.nominal)
        rules += duration_rules(t.id, t.name, days, t.source)
        for link in t.after:
            rules.append(Rule(
                t.id, "after", f"{t.id}.start", f"{link.task}.end", -link.lag,
                f"{t.id} starts after {link.task} ends"
                + (f" (+{_days(link.lag)})" if link.lag else ""),
                t.name, t.source,
            ))
    preceded = {f"{t.id}.start" for t in plan.tasks if t.after}
    preceded |= {c.to for c in plan.constraints
                 if c.kind == "requirement" and c.min_days is not None}
    if ref_id is not None and ref_id in index:
        for t in plan.tasks:
            start = f"{t.id}.start"
            if start not in preceded:
                rules.append(Rule(
                    t.id, "day-zero", start, ref_id, 0.0,
                    f"{t.id} starts no earlier than day 0 ({ref_id}): nothing else says "
                    "when it can start", t.name, DAY_ZERO_SOURCE,
                ))
    for e in dated:
        assert e.date is not None and calendar_start is not None
        offset = float((e.date - calendar_start).days)
        text = f"{e.id} is dated {e.date.isoformat()}"
        rules.append(Rule(e.id, "date-max", CALENDAR, e.id, offset, text, e.name, e.source))
        rules.append(Rule(e.id, "date-min", e.id, CALENDAR, -offset, text, e.name, e.source))
    rules += extra or []
    src = [index[r.tail] for r in rules]
    dst = [index[r.head] for r in rules]
    net = STN.from_edges(len(points), src, dst, [r.weight for r in rules])
    origin_offset = None
    if ref is not None and ref.date is not None and calendar_start is not None:
        origin_offset = float((ref.date - calendar_start).days)
    return TimeNetwork(
        net, tuple(points), index, tuple(rules),
        index[ref_id] if ref_id is not None else -1,
        index.get(CALENDAR), calendar_start, origin_offset,
    )
