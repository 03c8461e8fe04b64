"""What the schedule implies that the plan does not state: events others set, preparation.

Two rules a planner applies to any timeline, read from the plan's schedule:

- ``timeline.external-event-scheduled``: an event that others set (an
  agreement's timetable, the Security Council: ``set_by``) whose date, in the
  plan's schedule, comes out of the plan's own work. The Carana directive:
  "The timeline that has been established by the Kalari peace agreement
  envisages elections within 12 months"; the elections are the agreement's,
  and the plan's electoral support has to fit before them, not move them.
- ``timeline.prepared-too-late`` and ``timeline.preparation-deadline-after-event``:
  a task that prepares an event (``prepares``) cannot end before the latest
  day the event may happen, or its deadline falls after that day, so that meeting the
  deadline can still leave the event unprepared. The directive: "we will need
  to have our plans to support the electoral process in place in good time".

- ``timeline.dependent-outcome`` (warning): an outcome that needs another
  first (``Event.needs``) comes before it in the plan's schedule, and the
  plan carries no provision for that case. The directive: "Return of all
  IDPs and refugees within two years, and provision for displaced voters to
  participate in the election should it occur before they are able to
  return".

They run on the schedule the plan's analysis computed (see
:data:`impp.checks.MODEL_CHECKS`), with the IMPP's own timeframes
(:mod:`impp.process.timeframes`).
"""

from __future__ import annotations

import datetime as dt
import math

from impp import fmt
from impp.findings import Finding
from impp.model.plan import Plan
from impp.model.timeline import Constraint
from impp.temporal.schedule import Schedule

_EPS = 1e-6


def doctrine_findings(plan: Plan, s: Schedule) -> list[Finding]:
    """The findings of both rules on the plan's earliest schedule."""
    if not s.consistent:
        return []
    from impp.process.timeframes import timeframe_findings

    return [*_external_events(plan, s), *_preparation(plan, s), *_needs(plan, s),
            *timeframe_findings(plan, s)]


def on_day(s: Schedule, day: float) -> str:
    """``day N (date)``, with the date where day 0 has one."""
    zero = s.day_zero_date
    text = f"day {fmt.days(day)}"
    if zero is None:
        return text
    return f"{text} ({(zero + dt.timedelta(days=math.floor(day + _EPS))).isoformat()})"


def _external_events(plan: Plan, s: Schedule) -> list[Finding]:
    findings: list[Finding] = []
    tasks = {t.id for t in plan.tasks}
    for event in plan.events:
        if event.set_by is None or event.date is not None:
            continue
        times = s.events.get(event.id)
        if times is None or times.earliest is None:
            continue
        binding = [
            c for c in plan.constraints
            if c.to == event.id and c.min_days is not None and c.from_.split(".")[0] in tasks
            and (start := s.events.get(c.from_)) is not None and start.earliest is not None
            and abs(start.earliest + c.min_days - times.earliest) < _EPS
        ]
        if not binding:
            continue
        c = binding[0]
        task = plan.get(c.from_.split(".")[0])
        findings.append(Finding(
            "warning", "timeline.external-event-scheduled",
            f"{event.name} is set by {event.set_by}, but in the plan's schedule its date comes "
            f"out of the plan's own work: {on_day(s, times.earliest)}, "
            f"{fmt.days(c.min_days)} days after {task.name} ends ({c.id}). Give the event the "
            "date or window that is set for it, so that the plan's work is checked against it "
            "instead of deciding when it happens.",
            (event.id, c.id),
            "; ".join(x for x in (event.source, c.source) if x) or None,
        ))
    return findings


def _deadline(plan: Plan, s: Schedule, event: str) -> tuple[float, Constraint] | None:
    """The latest day ``event`` may happen by the plan's bounds on it, and the bound."""
    best: tuple[float, Constraint] | None = None
    for c in plan.constraints:
        if c.to != event or c.max_days is None:
            continue
        start = s.events.get(c.from_)
        if start is None or start.earliest is None:
            continue
        day = start.earliest + c.max_days
        if best is None or day < best[0]:
            best = (day, c)
    return best


def _preparation(plan: Plan, s: Schedule) -> list[Finding]:
    findings: list[Finding] = []
    for task in plan.tasks:
        end = s.events.get(f"{task.id}.end")
        if end is None or end.earliest is None:
            continue
        for eid in task.prepares:
            event = plan.get(eid)
            times = s.events.get(eid)
            if times is None or times.earliest is None:
                continue
            limit = _deadline(plan, s, eid)
            if limit is None:
                continue
            if end.earliest > limit[0] + _EPS:
                findings.append(Finding(
                    "error", "timeline.prepared-too-late",
                    f"{task.name} prepares {event.name}, but it ends on "
                    f"{on_day(s, end.earliest)} at the earliest, after the latest day "
                    f"{event.name} may happen ({limit[1].id}: by {on_day(s, limit[0])}): "
                    "start it earlier or shorten it.",
                    (task.id, eid, limit[1].id),
                    "; ".join(x for x in (task.source, limit[1].source) if x) or None,
                ))
                continue
            for c in plan.constraints:
                if c.to != f"{task.id}.end" or c.max_days is None:
                    continue
                start = s.events.get(c.from_)
                if start is None or start.earliest is None:
                    continue
                due = start.earliest + c.max_days
                if due > limit[0] + _EPS:
                    findings.append(Finding(
                        "warning", "timeline.preparation-deadline-after-event",
                        f"The deadline for {task.name} ({c.id}: by "
                        f"{on_day(s, due)}) falls {fmt.days(due - limit[0])} days after "
                        f"{event.name} must have happened ({limit[1].id}: by "
                        f"{on_day(s, limit[0])}): meeting it can still leave "
                        f"{event.name} unprepared. Count the deadline back from "
                        f"{event.name} instead.",
                        (task.id, c.id, eid, limit[1].id),
                        "; ".join(x for x in (c.source, limit[1].source) if x) or None,
                    ))
    return findings


def _needs(plan: Plan, s: Schedule) -> list[Finding]:
    findings: list[Finding] = []
    for event in plan.events:
        when = s.events.get(event.id)
        for need in event.needs:
            first = s.events.get(need.after)
            if (when is None or first is None or when.earliest is None
                    or first.earliest is None or when.earliest >= first.earliest - _EPS
                    or need.provided_by is not None):
                continue
            what = s.events[need.after].name
            ask = (f"the plan must carry the provision for it: \"{need.provision}\""
                   if need.provision else
                   "the plan must say what it does in that case, or sequence the two")
            findings.append(Finding(
                "warning", "timeline.dependent-outcome",
                f"{event.name} needs {what} first, but the plan's schedule puts it on "
                f"{on_day(s, when.earliest)}, {fmt.days(first.earliest - when.earliest)} days "
                f"before {what} ({on_day(s, first.earliest)}): {ask}.",
                (event.id, need.after.split(".")[0]),
                need.source or event.source,
                fix=f"add the task, activity or output that does it, and name it as "
                    f"provided_by in the needs of {event.id}"))
    return findings


__all__ = ["doctrine_findings"]
