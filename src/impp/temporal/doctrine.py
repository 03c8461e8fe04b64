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

They run on the schedule the plan's analysis computed, in the registry's
``timeline`` phase (:mod:`impp.doctrine.registry`). Which task prepares
which event, and what an outcome needs, are the doctrine's facts
(:func:`impp.doctrine.facts.infer`): stated (``prepares``, ``needs``) or read
from the plan's names, and then said in the finding.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from impp import fmt
from impp.doctrine import registry
from impp.findings import Finding, with_assumed
from impp.model.plan import Plan
from impp.temporal.schedule import Schedule

_EPS = 1e-6


_GENERALISED = "generalised from the Carana directive, Constraints"


@registry.check(
    "timeline",
    registry.Rule("timeline.external-event-scheduled", "warning",
                  "an event others set (an agreement's timetable, a law) whose date comes out "
                  "of the plan's own work",
                  f"{_GENERALISED} (\"The timeline that has been established by the Kalari "
                  "peace agreement envisages elections within 12 months\")"),
    registry.Rule("timeline.prepared-too-late", "error",
                  "a task that prepares an event cannot end before the latest day the event "
                  "may happen",
                  f"{_GENERALISED} (\"we will need to have our plans to support the electoral "
                  "process in place in good time\")"),
    registry.Rule("timeline.preparation-deadline-after-event", "warning",
                  "the deadline for preparing an event falls after the event",
                  f"{_GENERALISED} (\"in place in good time\")", verdict="at risk",
                  because="its deadline falls after the event it prepares: meeting it can "
                          "leave the event unprepared"),
    registry.Rule("timeline.dependent-outcome", "warning",
                  "an outcome comes before another it needs, and the plan carries no provision "
                  "for that case",
                  "Carana directive, Criteria for success (8) (\"provision for displaced voters "
                  "to participate in the election should it occur before they are able to "
                  "return\"), read as a rule for any plan"),
)
def doctrine_check(ctx: registry.Context) -> list[Finding]:
    """The findings of the three rules on the plan's earliest schedule."""
    assert ctx.schedule is not None
    return doctrine_findings(ctx.plan, ctx.schedule)


def doctrine_findings(plan: Plan, s: Schedule) -> list[Finding]:
    """The findings of the three rules on the plan's earliest schedule."""
    if not s.consistent:
        return []
    return [*_external_events(plan, s), *_preparation(plan, s), *_needs(plan, s)]


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


@dataclass(frozen=True)
class _Limit:
    """The latest day an event may happen, and what sets it (a bound, or its date)."""

    day: float
    #: The item that sets it (a constraint's id, or the event's own for its date).
    item: str
    #: What sets it, in words (``agreement_implemented_elections`` or ``its date, ...``).
    label: str
    source: str | None


def _deadline(plan: Plan, s: Schedule, event: str) -> _Limit | None:
    """The latest day ``event`` may happen: its date where it has one (fixed by an
    agreement, a law: the plan's work must fit before it), else the plan's
    tightest bound on it."""
    best: _Limit | None = None
    item = plan.get(event)
    date = getattr(item, "date", None)
    if date is not None and s.day_zero_date is not None:
        by = getattr(item, "set_by", None)
        best = _Limit(float((date - s.day_zero_date).days), event,
                      f"its date, {date.isoformat()}" + (f", set by {by}" if by else ""),
                      item.source)
    for c in plan.constraints:
        if c.to != event or c.max_days is None:
            continue
        start = s.events.get(c.from_)
        if start is None or start.earliest is None:
            continue
        day = start.earliest + c.max_days
        if best is None or day < best.day:
            best = _Limit(day, c.id, c.id, c.source)
    return best


def _preparation(plan: Plan, s: Schedule) -> list[Finding]:
    from impp.doctrine.facts import infer

    facts = infer(plan)
    findings: list[Finding] = []
    for task in plan.tasks:
        end = s.events.get(f"{task.id}.end")
        if end is None or end.earliest is None:
            continue
        for eid in facts.prepares.get(task.id, ()):
            assumed = facts.assumed(f"prepares:{task.id}:{eid}")
            event = plan.get(eid)
            times = s.events.get(eid)
            if times is None or times.earliest is None:
                continue
            limit = _deadline(plan, s, eid)
            if limit is None:
                continue
            if end.earliest > limit.day + _EPS:
                findings.append(Finding(
                    "error", "timeline.prepared-too-late",
                    with_assumed(
                        f"{task.name} prepares {event.name}, but it ends on "
                        f"{on_day(s, end.earliest)} at the earliest, after the latest day "
                        f"{event.name} may happen ({limit.label}: by {on_day(s, limit.day)}): "
                        "start it earlier or shorten it.", assumed),
                    tuple(dict.fromkeys((task.id, eid, limit.item))),
                    "; ".join(x for x in (task.source, limit.source) if x) or None,
                    assumed=assumed,
                ))
                continue
            for c in plan.constraints:
                if c.to != f"{task.id}.end" or c.max_days is None:
                    continue
                start = s.events.get(c.from_)
                if start is None or start.earliest is None:
                    continue
                due = start.earliest + c.max_days
                if due > limit.day + _EPS:
                    findings.append(Finding(
                        "warning", "timeline.preparation-deadline-after-event",
                        with_assumed(
                            f"The deadline for {task.name} ({c.id}: by "
                            f"{on_day(s, due)}) falls {fmt.days(due - limit.day)} days after "
                            f"{event.name} must have happened ({limit.label}: by "
                            f"{on_day(s, limit.day)}): meeting it can still leave "
                            f"{event.name} unprepared. Count the deadline back from "
                            f"{event.name} instead.", assumed),
                        tuple(dict.fromkeys((task.id, c.id, eid, limit.item))),
                        "; ".join(x for x in (c.source, limit.source) if x) or None,
                        assumed=assumed,
                        criterion=None if c.kind == "requirement" else c.id,
                    ))
    return findings


def _needs(plan: Plan, s: Schedule) -> list[Finding]:
    from impp.doctrine.facts import infer

    facts = infer(plan)
    findings: list[Finding] = []
    for event in plan.events:
        when = s.events.get(event.id)
        for need in facts.needs.get(event.id, ()):
            assumed = facts.assumed(f"needs:{event.id}:{need.after}")
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
                with_assumed(
                    f"{event.name} needs {what} first, but the plan's schedule puts it on "
                    f"{on_day(s, when.earliest)}, {fmt.days(first.earliest - when.earliest)} "
                    f"days before {what} ({on_day(s, first.earliest)}): {ask}.", assumed),
                (event.id, need.after.split(".")[0]),
                need.source or event.source,
                assumed=assumed,
                fix=f"add the task, activity or output that does it, and name it as "
                    f"provided_by in the needs of {event.id}"))
    return findings


__all__ = ["doctrine_findings"]
