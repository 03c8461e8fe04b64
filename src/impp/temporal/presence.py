"""Presence: a task the mission carries out cannot start before the mission is there.

A plan says who carries each task out (``Task.component``) and from which
event each part of the mission is in the mission area (``mission.presence``:
the headquarters established, the military component at initial operating
capability). A task of a mission component that must start before that
component is in place has nobody to do it. The seeds' answer is to give it
to whoever is there: "Comparative advantage. Tasks should be allocated to
the UN entity best equipped to carry them out and resources distributed
accordingly" (IAP principle 3), and "National ownership. This is an
essential precondition for the sustainability of peace" (principle 5).

Codes:

- ``timeline.before-presence`` (warning): the task must start (by a
  criterion for success or a requirement) before its component is in place;
- ``timeline.starts-before-presence`` (info): it could wait, but the plan's
  schedule starts it before then: link it after the presence event, or give
  it to someone who is there.

When the presence event is a capability milestone's (IOC, FOC), the lift
schedule's day is used, as for the milestone's criterion (one verdict).
"""

from __future__ import annotations

import math

from impp import fmt
from impp.findings import Finding
from impp.model.plan import Plan
from impp.model.timeline import MISSION_COMPONENTS
from impp.temporal.doctrine import on_day as _day
from impp.temporal.schedule import Schedule

SOURCE = ("Mission-leadership ch. 2, IAP principles 3 ('Comparative advantage. Tasks should be "
          "allocated to the UN entity best equipped to carry them out and resources "
          "distributed accordingly') and 5 ('National ownership')")


def presence_findings(plan: Plan, s: Schedule,
                      refined: dict[str, tuple[float, str]] | None = None) -> list[Finding]:
    """Tasks of a mission component that start before it is in place.

    ``refined``: event id -> (plan day, basis in words) where another model
    gives the event's day (the lift schedule for a capability milestone).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.temporal.schedule import schedule
    >>> plan = load_plan(carana_path())
    >>> [(f.code, f.items[0]) for f in presence_findings(plan, schedule(plan))][:1]
    [('timeline.before-presence', 'ddr_programme')]
    """
    if not s.consistent or not plan.mission.presence:
        return []
    presence = plan.mission.presence
    findings: list[Finding] = []
    for task in plan.tasks:
        if task.component not in MISSION_COMPONENTS:
            continue
        event = presence.get(task.component) or presence.get("mission")  # type: ignore[arg-type]
        if event is None or event == f"{task.id}.end":
            continue
        arrival, basis = _arrival(s, event, refined or {})
        start = s.events.get(f"{task.id}.start")
        if arrival is None or start is None or start.earliest is None:
            continue
        due, why, rule = _due(plan, s, task.id)
        part = ("mission" if task.component == "mission"
                else f"mission's {task.component} component")
        there = f"in place on {_day(s, arrival)} ({event}{basis})"
        if due is not None and due < arrival - 1e-9:
            findings.append(Finding(
                "warning", "timeline.before-presence",
                f"{task.name} is carried out by the {part}, {there}, but it must start by "
                f"{_day(s, due)} ({why}): {fmt.days(arrival - due)} days before anyone of "
                f"the {part} is there to do it. Give it, or its first part, to someone "
                f"who is there{_who(plan)}, or bring the {part} in sooner.",
                (task.id, *([rule] if rule else []), *_item(event)), SOURCE))
        elif start.earliest < arrival - 1e-9:
            findings.append(Finding(
                "info", "timeline.starts-before-presence",
                f"{task.name} is carried out by the {part}, {there}, but the plan's schedule "
                f"starts it on {_day(s, start.earliest)}. Let it follow {event}, or give its "
                f"first part to someone who is there{_who(plan)}.",
                (task.id, *_item(event)), SOURCE))
    return findings


def _item(event: str) -> tuple[str, ...]:
    return (event.split(".")[0],)


def _arrival(s: Schedule, event: str, refined: dict[str, tuple[float, str]]
             ) -> tuple[float | None, str]:
    if event in refined:
        day, basis = refined[event]
        return day, f", {basis}"
    times = s.events.get(event)
    return (None if times is None else times.earliest), ""


def _due(plan: Plan, s: Schedule, task_id: str) -> tuple[float | None, str, str | None]:
    """The latest day the task may start (its requirements', or a criterion's),
    why, and the criterion's id where one sets it."""
    point = f"{task_id}.start"
    best: tuple[float | None, str, str | None] = (None, "", None)
    times = s.events.get(point)
    if times is not None and times.latest_allowed is not None and math.isfinite(
            times.latest_allowed):
        best = (times.latest_allowed, "its latest start under the plan's requirements", None)
    for c in plan.constraints:
        if c.to != point or c.max_days is None or c.kind != "criterion":
            continue
        origin = s.events.get(c.from_)
        if origin is None or origin.earliest is None:
            continue
        day = origin.earliest + c.max_days
        if best[0] is None or day < best[0]:
            best = (day, f"{c.id}, a criterion for success", c.id)
    return best


def _who(plan: Plan) -> str:
    """The alternatives the seeds give, and the plan's actors who are among them
    (collaborating national authorities, regional organisations, civil
    society and the UN country team)."""
    partners = [
        a.name for a in plan.actors
        if a.collaborates and (a.type in ("government", "civil society")
                               or "regional" in (a.type or "")
                               or "country team" in a.name.lower())]
    text = " (national authorities, the UN country team or another organisation"
    return text + (f"; in this plan: {', '.join(partners)})" if partners else ")")


__all__ = ["presence_findings"]
