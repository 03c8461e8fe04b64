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
- ``timeline.presence-delays-criterion`` (warning): waiting for its
  component, the task cannot start or end by a criterion's (or target's)
  deadline;
- ``timeline.starts-before-presence`` (info): it could wait, but the plan's
  schedule starts it before then: link it after the presence event, or give
  it to someone who is there.

When the presence event is a capability milestone's (IOC, FOC), the lift
schedule's day is used, as for the milestone's criterion (one verdict).
"""

from __future__ import annotations

import math

from impp import fmt
from impp.doctrine import registry
from impp.findings import Assumed, Finding, with_assumed
from impp.model.plan import Plan
from impp.model.timeline import MISSION_COMPONENTS, Task
from impp.temporal.doctrine import on_day as _day
from impp.temporal.schedule import Schedule

SOURCE = ("Mission-leadership ch. 2, IAP principles 3 ('Comparative advantage. Tasks should be "
          "allocated to the UN entity best equipped to carry them out and resources "
          "distributed accordingly') and 5 ('National ownership')")


@registry.check(
    "models",
    registry.Rule("timeline.before-presence", "warning",
                  "a task of a mission component must start before that component is in place "
                  "(who carries it out and when they are there: stated, or read from owners, "
                  "names and milestones, and said)", SOURCE, verdict="missed",
                  because="no one of the part of the mission that carries it out is there by "
                          "its deadline"),
    registry.Rule("timeline.presence-delays-criterion", "warning",
                  "waiting for its component, a task cannot start or end by a criterion's "
                  "deadline", SOURCE, verdict="missed",
                  because="waiting for the part of the mission that carries it out, it cannot "
                          "be done by its deadline"),
    registry.Rule("timeline.starts-before-presence", "info",
                  "the schedule starts such a task before the component is there, though it "
                  "could wait", SOURCE),
)
def presence_check(ctx: registry.Context) -> list[Finding]:
    """Presence on the schedule, with the lift schedule's day for a capability milestone."""
    assert ctx.schedule is not None
    return presence_findings(ctx.plan, ctx.schedule, ctx.lift_days)


SEAMLESS = ('IMPP guidelines §B ("a seamless approach between UN interventions preceding, '
            'during, and subsequent to, the deployment of a peace support operation"); §1.2.2 '
            '("Emphasis should be on security and how to ensure maximum stability at a moment of '
            'potential weakness, including as a result of any mismatch in capabilities and '
            'tasks")')


@registry.check(
    "models",
    registry.Rule("timeline.transfer-before-presence", "warning",
                  "responsibility passes from another organisation or mission before the part "
                  "of the UN operation that takes it over is there: a gap", SEAMLESS),
)
def transfer_check(ctx: registry.Context) -> list[Finding]:
    """Each transfer of authority against the presence of the part that takes it over."""
    assert ctx.schedule is not None
    return transfer_findings(ctx.plan, ctx.schedule, ctx.lift_days)


def transfer_findings(plan: Plan, s: Schedule,
                      refined: dict[str, tuple[float, str]] | None = None) -> list[Finding]:
    """Transfers whose date or event comes before the UN part that takes over is there.

    Re-hatted units (``units``) are taken over by the military component (police
    units by the police); otherwise the mission as a whole takes over.
    """
    from impp.doctrine.facts import infer

    facts = infer(plan)
    if not s.consistent or not plan.transfers:
        return []
    kinds = {u.id: (u.type or "").lower() for u in plan.units}
    out: list[Finding] = []
    for t in plan.transfers:
        if t.event is not None and (e := s.events.get(t.event)) is not None:
            day = e.earliest
        elif t.date is not None and s.day_zero_date is not None:
            day = float((t.date - s.day_zero_date).days)
        else:
            continue  # process.transfer-date-unknown says so
        police = t.units and all("police" in kinds.get(u, "") for u in t.units)
        part = "police" if police else "military" if t.units else "mission"
        part = part if part in facts.presence else "mission"
        event = facts.presence.get(part)
        if event is None or day is None:
            continue
        arrival, basis = _arrival(s, event, refined or {})
        if arrival is None or day >= arrival - 1e-9:
            continue
        assumed = facts.assumed(f"presence:{part}")
        who = "mission" if part == "mission" else f"mission's {part} component"
        out.append(Finding(
            "warning", "timeline.transfer-before-presence",
            with_assumed(
                f"{t.name}: authority passes from {t.from_organisation} on {_day(s, day)}, but "
                f"the {who} that takes it over is in place only on {_day(s, arrival)} "
                f"({event}{basis}): {fmt.days(arrival - day)} days with no one answerable. "
                "Move the transfer after the arrival, or agree in the Joint Transition Plan "
                "who holds the function in between.", assumed),
            (t.id, *_item(event)), SEAMLESS, assumed=assumed))
    return out


def presence_findings(plan: Plan, s: Schedule,
                      refined: dict[str, tuple[float, str]] | None = None) -> list[Finding]:
    """Tasks of a mission component that start before it is in place.

    Who carries each task out and when each part of the mission is there are
    the doctrine's facts (:func:`impp.doctrine.facts.infer`): stated in the
    plan (``component``, ``mission.presence``) or read from its owners, names
    and capability milestones, and then said in the finding. ``refined``:
    event id -> (plan day, basis in words) where another model gives the
    event's day (the lift schedule for a capability milestone).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.temporal.schedule import schedule
    >>> plan = load_plan(carana_path())
    >>> [(f.code, f.items[0]) for f in presence_findings(plan, schedule(plan))][:1]
    [('timeline.before-presence', 'ddr_programme')]
    """
    from impp.doctrine import words
    from impp.doctrine.facts import infer

    facts = infer(plan)
    if not s.consistent or not facts.presence:
        return []
    presence = facts.presence
    arrivals = set(presence.values()) | {m.event for m in plan.milestones if m.event}
    findings: list[Finding] = []
    for task in plan.tasks:
        component = facts.components.get(task.id)
        if component not in MISSION_COMPONENTS:
            continue
        part_key = component if component in presence else "mission"
        event = presence.get(part_key)
        if (event is None or f"{task.id}.end" in arrivals
                or words.standard_task(task.name) in ("deployment", "hq_establishment")):
            continue  # the task is the arrival itself
        arrival, basis = _arrival(s, event, refined or {})
        start = s.events.get(f"{task.id}.start")
        if arrival is None or start is None or start.earliest is None:
            continue
        due, why, rule = _due(plan, s, task.id)
        part = ("mission" if component == "mission"
                else f"mission's {component} component")
        there = f"in place on {_day(s, arrival)} ({event}{basis})"
        assumed = facts.assumed(f"component:{task.id}", f"presence:{part_key}")
        if due is not None and due < arrival - 1e-9:
            findings.append(Finding(
                "warning", "timeline.before-presence",
                with_assumed(
                    f"{task.name} is carried out by the {part}, {there}, but it must start by "
                    f"{_day(s, due)} ({why}): {fmt.days(arrival - due)} days before anyone "
                    f"of the {part} is there to do it. Give it, or its first part, to someone "
                    f"who is there{_who(plan)}, or bring the {part} in sooner.", assumed),
                (task.id, *([rule] if rule else []), *_item(event)), SOURCE,
                assumed=assumed, criterion=rule,
                margin_days=None if rule is None else due - arrival))
        if start.earliest < arrival - 1e-9:
            findings.extend(_delayed(plan, s, task, arrival, there, part, rule, assumed))
        if due is not None and due < arrival - 1e-9:
            continue
        if start.earliest < arrival - 1e-9:
            findings.append(Finding(
                "info", "timeline.starts-before-presence",
                with_assumed(
                    f"{task.name} is carried out by the {part}, {there}, but the plan's "
                    f"schedule starts it on {_day(s, start.earliest)}. Let it follow {event}, "
                    f"or give its first part to someone who is there{_who(plan)}.", assumed),
                (task.id, *_item(event)), SOURCE, assumed=assumed))
    return findings


def _delayed(plan: Plan, s: Schedule, task: Task, arrival: float, there: str, part: str,
             said: str | None, assumed: tuple[Assumed, ...]) -> list[Finding]:
    """The criteria and targets on the task's start or end that its component's
    arrival puts out of reach: the task cannot start before ``arrival``, and
    takes as long as in the plan's schedule (its successors are not moved)."""
    start, end = s.events.get(f"{task.id}.start"), s.events.get(f"{task.id}.end")
    if start is None or end is None or start.earliest is None or end.earliest is None:
        return []
    out: list[Finding] = []
    for c in plan.constraints:
        if (c.kind == "requirement" or c.id == said or c.max_days is None
                or c.to not in (f"{task.id}.start", f"{task.id}.end")):
            continue
        origin = s.events.get(c.from_)
        if origin is None or origin.earliest is None:
            continue
        deadline = origin.earliest + c.max_days
        at_end = c.to.endswith(".end")
        day = arrival + (end.earliest - start.earliest if at_end else 0.0)
        if day <= deadline + 1e-9:
            continue
        what = "end" if at_end else "start"
        how = (f" and takes {fmt.days(end.earliest - start.earliest)} days" if at_end else "")
        out.append(Finding(
            "warning", "timeline.presence-delays-criterion",
            with_assumed(
                f"{task.name} is carried out by the {part}, {there}: it cannot start before "
                f"then{how}, so it cannot {what} before {_day(s, day)}, "
                f"{fmt.days(day - deadline)} days after {c.id} ({c.name}) requires "
                f"({_day(s, deadline)}). Give its first part to someone who is there, or "
                f"bring the {part} in sooner.", assumed),
            (task.id, c.id), SOURCE, assumed=assumed, criterion=c.id,
            margin_days=deadline - day))
    return out


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
