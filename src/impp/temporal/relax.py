"""A plan in conflict still has dates: its fixes ranked by what planners can change,
and the schedule with the first of them applied.

When the rules of a plan cannot all hold, the timeline has no schedule, and a
planner has nothing to work from. The conflict's single fixes (each verified
to make the network hold) are ranked by who can make the change:

0. **work the plan controls**: the duration of a task the UN carries out
   (headquarters, the mission, its components, the country team);
1. **an assumption of the planners**: a rule with no source or marked as an
   assumption, the order of two of their own tasks (they may overlap);
2. **a rule a source sets**: a rule quoted from the directive, a mandate or
   an agreement, which only its authors can move;
3. **what others fix**: a date set by an agreement or a resolution, the order
   of events others decide (a debate before its resolution), the time another
   body takes (the Security Council's deliberation).

The first fix is applied to the plan itself (the constraint's bound, the
task's duration, the link's lag or the event's date changed by the days the
fix names) and the plan is scheduled again, seasons and all: the dates a
planner sees are those of a plan that would hold, marked as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.temporal.explain import Conflict, Fix

#: Task components whose work the UN (and so its planners) carries out.
UN_COMPONENTS = ("hq", "mission", "military", "police", "support", "unct")
#: Owners whose time is theirs, not the planners' (matched in the owner's words).
OTHERS = ("security council", "general assembly", "parties", "government", "national")

CONTROLS = (
    "work the plan controls",
    "an assumption of the planners",
    "a rule a source sets",
    "what others fix",
)


def _task_is_others(plan: Plan, task_id: str) -> bool:
    try:
        task: Any = plan.get(task_id)
    except KeyError:
        return True
    component = getattr(task, "component", None)
    if component is not None:
        return component not in UN_COMPONENTS
    owner = (getattr(task, "owner", None) or "").lower()
    return any(word in owner for word in OTHERS)


def control(plan: Plan, fix: Fix) -> tuple[int, str]:
    """Who can make the change a fix asks for: (rank, why), lower first.

    >>> from impp.io import load_plan_text
    >>> from impp.temporal.build import build_network
    >>> from impp.temporal.explain import explain
    >>> plan = load_plan_text('''
    ... mission: {id: m, name: M, reference_event: a}
    ... events: [{id: a, name: A}]
    ... tasks:
    ...   - {id: draft, name: Draft, duration: 10, component: hq}
    ...   - {id: debate, name: Council debate, duration: 10, owner: Security Council}
    ... constraints:
    ...   - {id: soon, name: Debate soon, from: a, to: debate.end, max_days: 15,
    ...      source: "Directive, Timings"}
    ...   - {id: first, name: Draft first, from: draft.end, to: debate.start, min_days: 0}
    ...   - {id: begin, name: Draft after A, from: a, to: draft.start, min_days: 0}
    ... ''', "m.yaml")
    >>> c = explain(build_network(plan))
    >>> [(f.rule.item, control(plan, f)[0]) for f in rank(plan, c).fixes]
    [('draft', 0), ('first', 1), ('begin', 1), ('soon', 2), ('debate', 3)]
    """
    rule = fix.rule
    if rule.role in ("duration-min", "duration-max"):
        if _task_is_others(plan, rule.item):
            return 3, "it is the time another body takes"
        return 0, "the UN's own work: it can be resourced or started sooner"
    if rule.role in ("date-min", "date-max"):
        return 3, "the date is set outside the plan"
    if rule.role == "after":
        other = (rule.tail if rule.tail.split(".")[0] != rule.item else rule.head).split(".")[0]
        if _task_is_others(plan, rule.item) or _task_is_others(plan, other):
            return 3, f"the order of {other} and {rule.item} involves another body's work"
        return 1, f"{other} and {rule.item} are both the UN's work: they may overlap"
    try:
        item: Any = plan.get(rule.item)
    except KeyError:
        item = None
    if item is not None and item.source and not item.assumption:
        return 2, (f"it comes from {item.source.split(',')[0].split('(')[0].strip()}: only "
                   "its authors can move it")
    return 1, ("marked as an assumption" if item is not None and item.assumption
               else "no source sets it")


def rank(plan: Plan, conflict: Conflict) -> Conflict:
    """The conflict with its fixes ordered by :func:`control` (then fewest days),
    each saying who can make it (``control``, ``why``)."""
    from dataclasses import replace

    ranked = []
    for f in conflict.fixes:
        level, why = control(plan, f)
        ranked.append((level, f.days, replace(f, control=CONTROLS[level], why=why)))
    ranked.sort(key=lambda x: (x[0], x[1]))
    return replace(conflict, fixes=tuple(f for _, _, f in ranked))


def apply_fix(plan: Plan, fix: Fix) -> Plan | None:
    """The plan with ``fix`` made (``None`` when the change cannot be written)."""
    from impp.model.plan import Plan

    doc = plan.to_document()
    rule, days = fix.rule, fix.days

    def item(section: str) -> dict[str, Any] | None:
        return next((x for x in doc.get(section, []) if x.get("id") == rule.item), None)

    if rule.role in ("max", "min"):
        c = item("constraints")
        if c is None:
            return None
        if rule.role == "max":
            c["max_days"] = c["max_days"] + days
        else:
            c["min_days"] = c["min_days"] - days
    elif rule.role in ("duration-min", "duration-max"):
        t = item("tasks")
        if t is None:
            return None
        nominal = plan.get(rule.item).duration.nominal  # type: ignore[attr-defined]
        t["duration"] = max(nominal - days if rule.role == "duration-min" else nominal + days,
                            0)
    elif rule.role == "after":
        t = item("tasks")
        if t is None:
            return None
        other = (rule.tail if rule.tail.split(".")[0] != rule.item else rule.head).split(".")[0]
        links = []
        for link in t.get("after", []):
            if (link if isinstance(link, str) else link.get("task")) == other:
                lag = 0 if isinstance(link, str) else link.get("lag", 0)
                link = {"task": other, "lag": lag - days}
            links.append(link)
        t["after"] = links
    elif rule.role in ("date-min", "date-max"):
        import datetime as dt

        e = item("events")
        if e is None or "date" not in e:
            return None
        shift = -days if rule.role == "date-min" else days
        e["date"] = (dt.date.fromisoformat(e["date"])
                     + dt.timedelta(days=round(shift))).isoformat()
    else:
        return None
    try:
        return Plan.model_validate(doc)
    except ValueError:
        return None
