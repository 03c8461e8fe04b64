"""Cross-references of a plan, checked in one place.

Each item type declares which of its fields name other items (``Item.refs``);
this module checks them all, plus duplicate ids, cycles of ``after`` links and
the process section's ids. It returns problems rather than raising, so a
loader can report every problem of a file at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from impp.model.timeline import Link

if TYPE_CHECKING:
    from impp.model.plan import Plan


@dataclass(frozen=True)
class RefProblem:
    """A broken reference: where (section, index, field) and what is wrong."""

    section: str
    index: int | None
    item_id: str | None
    field: str | None
    message: str
    #: The id that was referred to and not found, where there is one.
    target: str | None = None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choices, or an empty string.

    >>> did_you_mean("tam_deployd", ["tam_deployed", "hq"])
    " (did you mean 'tam_deployed'?)"
    """
    close = difflib.get_close_matches(word, list(choices), n=2, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def _values(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Link):
        return [value.task]
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, tuple | list):
        return [v for item in value for v in _values(item)]
    return []


def check_plan(plan: Plan) -> list[RefProblem]:
    """Every cross-reference problem of the plan, in file order.

    >>> from impp.model.plan import Plan
    >>> from impp.model.mission import Mission
    >>> from impp.model.timeline import Constraint, Event
    >>> plan = Plan.model_construct(mission=Mission(id="m", name="M"),
    ...     events=(Event(id="a", name="A"),),
    ...     constraints=(Constraint(id="c", name="C", from_="a", to="b", max_days=1),))
    >>> [p.message for p in check_plan(plan)]
    ["'to' names unknown event 'b'; declare it under events, or use a task id + .start/.end"]
    """
    from impp.model.plan import SECTIONS

    problems: list[RefProblem] = []
    ids: dict[str, dict[str, int]] = {name: {} for name in SECTIONS}
    first_seen: dict[str, str] = {}
    for name in SECTIONS:
        for index, item in enumerate(getattr(plan, name, ())):
            if item.id in first_seen:
                problems.append(
                    RefProblem(
                        name,
                        index,
                        item.id,
                        "id",
                        f"duplicate id {item.id!r}: already used in {first_seen[item.id]}; "
                        "every item needs its own id",
                    )
                )
                continue
            first_seen[item.id] = name
            ids[name][item.id] = index

    tasks = set(ids["tasks"])
    events = set(ids["events"]) | {f"{t}.{end}" for t in tasks for end in ("start", "end")}

    for name in SECTIONS:
        for index, item in enumerate(getattr(plan, name, ())):
            for field, targets in type(item).refs.items():
                for value in _values(getattr(item, field)):
                    problem = _check_ref(value, targets, ids, events, tasks, field)
                    if problem:
                        problems.append(
                            RefProblem(name, index, item.id, field, problem, target=value)
                        )

    problems.extend(_after_cycles(plan))
    problems.extend(_process_refs(plan, events))
    problems.extend(_profile_refs(plan, set(ids["actors"])))
    problems.extend(_cost_refs(plan))
    problems.extend(_calendar(plan))
    return problems


#: Dates a plan may use (the loader says so at the line for a plan file; a
#: document saved through the workspace or the API is checked here).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
#: The most days a plan's durations, lags, bounds and season waits may add up to:
#: every day the engines compute then has a calendar date (from 1900 back to the
#: year 1 there are 693,595 days), so a plan that loads always analyses.
MAX_SPAN_DAYS = 600_000


def _calendar(plan: Plan) -> list[RefProblem]:
    """Dates inside the plan's calendar, and spans that keep every day it computes there."""
    problems: list[RefProblem] = []
    for section, field in (("events", "date"), ("units", "ready_date"),
                           ("transfers", "date"), ("milestones", "from_date")):
        for i, item in enumerate(getattr(plan, section, ())):
            value = getattr(item, field, None)
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                problems.append(RefProblem(
                    section, i, item.id, field,
                    f"date {value.isoformat()} is outside {EARLIEST_DATE} to {LATEST_DATE}, "
                    "the range a plan may use"))
    spans: list[tuple[float, str, int, str, str]] = []
    for i, t in enumerate(plan.tasks):
        factor = max([1.0, *t.season_factors.values()])
        spans.append((t.duration.high * factor + 366 * len(t.blocked_in)
                      + sum(abs(link.lag) for link in t.after), "tasks", i, t.id, "duration"))
    for i, c in enumerate(plan.constraints):
        spans.append((max(abs(c.min_days or 0), abs(c.max_days or 0)), "constraints", i, c.id,
                      "max_days" if c.max_days is not None else "min_days"))
    for i, r in enumerate(plan.risks):
        if r.impact_days is not None:
            spans.append((r.impact_days.high * max(1, len(r.affects)), "risks", i, r.id,
                          "impact_days"))
        if r.impact_factor is not None:
            hit = sum(t.duration.high for t in plan.tasks if t.id in r.affects)
            spans.append((hit * (r.impact_factor - 1) if r.impact_factor > 1 else 0.0,
                          "risks", i, r.id, "impact_factor"))
    total = sum(x[0] for x in spans)
    if total > MAX_SPAN_DAYS:
        most = max(spans)
        problems.append(RefProblem(
            most[1], most[2], most[3], most[4],
            f"the plan's durations, lags, bounds and season waits add up to {total:,.0f} days, "
            f"more than the {MAX_SPAN_DAYS:,} days whose dates impp can compute; the largest "
            f"part is {most[3]}'s ({most[0]:,.0f} days): check for a duration given in hours "
            "or minutes"))
    return problems


def _cost_refs(plan: Plan) -> list[RefProblem]:
    """What an estimate needs to be computed on the plan's figures, not on a guess:
    a ``costs`` section for any rate, one currency, a rate for every unit with
    personnel, and rates used for what they are paid per."""
    rates, lines, costs = plan.rates, plan.cost_lines, plan.costs
    problems: list[RefProblem] = []
    if costs is None:
        if rates or lines:
            section = "rates" if rates else "cost_lines"
            problems.append(RefProblem(
                section, 0, (rates or lines)[0].id, None,
                f"the plan has {section} but no 'costs' section: add "
                "'costs: {currency: USD}' (the currency every rate is in)"))
        return problems
    for i, r in enumerate(rates):
        if r.currency is not None and r.currency != costs.currency:
            problems.append(RefProblem(
                "rates", i, r.id, "currency",
                f"rate {r.id!r} is in {r.currency}, the plan's costs in {costs.currency}: "
                f"convert the amount to {costs.currency} (say the exchange rate in its "
                "source) or change costs.currency"))
        if r.per == "person_month" and not r.unit_types:
            problems.append(RefProblem(
                "rates", i, r.id, "per",
                f"rate {r.id!r} is paid per person-month but names no unit_types: list the "
                "unit types it pays for (e.g. [infantry, police])"))
        if r.per == "flight_hour" and r.hours_per_month is None:
            problems.append(RefProblem(
                "rates", i, r.id, "per",
                f"rate {r.id!r} is paid per flight hour but says no hours_per_month: give "
                "the hours each asset flies a month (the budget's block hours)"))
        if r.per in ("asset_month", "flight_hour") and not r.lift:
            problems.append(RefProblem(
                "rates", i, r.id, "per",
                f"rate {r.id!r} is paid per {r.per.replace('_', '-')} but names no lift: list "
                "the lift asset types it pays for"))
    by_id = {r.id: r for r in rates}
    for i, line in enumerate(lines):
        rate = by_id.get(line.rate)
        if rate is not None and rate.per not in ("month", "once"):
            problems.append(RefProblem(
                "cost_lines", i, line.id, "rate",
                f"cost line {line.id!r} uses rate {rate.id!r}, paid per {rate.per}: a cost "
                "line takes a rate per month or once (units' personnel, lift and freight "
                "take theirs from the units and the lift)"))
        if line.until_day is not None and line.until_day < line.from_day:
            problems.append(RefProblem(
                "cost_lines", i, line.id, "until_day",
                f"cost line {line.id!r} ends (day {line.until_day}) before it starts "
                f"(day {line.from_day})"))
    paid = {t for r in rates if r.per == "person_month" for t in r.unit_types}
    for i, unit in enumerate(plan.units):
        if not unit.personnel or unit.type in paid:
            continue
        what = (f"of type {unit.type!r}" if unit.type is not None else "with no type")
        problems.append(RefProblem(
            "units", i, unit.id, "type" if unit.type is not None else "personnel",
            f"unit {unit.id!r} {what} has {unit.personnel} personnel and no rate per "
            "person-month pays for them: add its type to a rate's unit_types"
            + ("" if unit.type is not None else ", after giving the unit a type")))
    return problems


def _profile_refs(plan: Plan, actors: set[str]) -> list[RefProblem]:
    profile = getattr(plan, "profile", None)
    disputed_by: tuple[str, ...] = profile.disputed_by if profile is not None else ()
    return [
        RefProblem(
            "profile", None, actor, "disputed_by",
            f"'disputed_by' names unknown actors id {actor!r}"
            + (did_you_mean(actor, actors) or "; add it to actors or fix the id"),
            target=actor,
        )
        for actor in disputed_by
        if actor not in actors
    ]


def _check_ref(
    value: str,
    targets: tuple[str, ...],
    ids: dict[str, dict[str, int]],
    events: set[str],
    tasks: set[str],
    field: str,
) -> str | None:
    label = field.rstrip("_")
    if targets == ("@event",):
        if value in events:
            return None
        if value in tasks:
            return (
                f"{label!r} names task {value!r}, not an event; "
                f"use '{value}.start' or '{value}.end'"
            )
        return (
            f"{label!r} names unknown event {value!r}"
            + (did_you_mean(value, events) or "; declare it under events, "
               "or use a task id + .start/.end")
        )
    if any(value in ids[t] for t in targets):
        return None
    pool = [i for t in targets for i in ids[t]]
    where = " or ".join(targets)
    return f"{label!r} names unknown {where} id {value!r}" + (
        did_you_mean(value, pool) or f"; add it to {targets[0]} or fix the id"
    )


def _after_cycles(plan: Plan) -> list[RefProblem]:
    graph = {t.id: [p for p in t.predecessors] for t in plan.tasks}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle: list[str] = list(exc.args[1])
        index = next((i for i, t in enumerate(plan.tasks) if t.id == cycle[0]), None)
        chain = " -> ".join(reversed(cycle))
        return [
            RefProblem(
                "tasks",
                index,
                cycle[0],
                "after",
                f"the 'after' links form a cycle: {chain}; "
                "a task cannot (indirectly) follow itself: remove one of these links",
            )
        ]
    return []


def _process_refs(plan: Plan, events: set[str]) -> list[RefProblem]:
    from impp.process.catalogue import load_process

    problems: list[RefProblem] = []
    process = load_process()
    state = plan.process
    if state.level not in process.level_ids:
        problems.append(
            RefProblem(
                "process", None, None, "level",
                f"unknown IMPP level {state.level!r}; use one of "
                + ", ".join(process.level_ids),
            )
        )
    for output in state.outputs:
        if output not in process.output_ids:
            problems.append(
                RefProblem(
                    "process", None, output, "outputs",
                    f"unknown IMPP output {output!r}"
                    + (did_you_mean(output, process.output_ids)
                       or "; `impp process` lists the outputs"),
                )
            )
    # a decision point is passed once per round of the process: a decision that sends
    # the plan back (a significant revision) starts a new round
    back = process.returning_ids
    seen_decisions: set[str] = set()
    for record in state.decisions:
        if record.decision in seen_decisions:
            problems.append(RefProblem(
                "process", None, record.decision, "decisions",
                f"decision point {record.decision!r} is recorded twice in one round of the "
                "process; a decision is taken once (after a significant revision it is "
                "taken again, with `impp decide`)"))
        seen_decisions.add(record.decision)
        if record.decision in back:
            seen_decisions = set()
        if record.decision not in process.decision_ids:
            problems.append(
                RefProblem(
                    "process", None, record.decision, "decisions",
                    f"unknown decision point {record.decision!r}"
                    + (did_you_mean(record.decision, process.decision_ids)
                       or "; `impp process` lists the decision points"),
                )
            )
    for member in (*state.task_force, *state.planning_team):
        if member.branch not in process.branch_ids:
            problems.append(
                RefProblem(
                    "process", None, member.branch, "task_force",
                    f"unknown branch {member.branch!r}"
                    + (did_you_mean(member.branch, process.branch_ids)
                       or "; use one of " + ", ".join(process.branch_ids)),
                )
            )
    trigger = state.trigger
    if trigger is not None:
        kinds = [k.id for k in process.triggers.kinds]
        if trigger.kind not in kinds:
            problems.append(RefProblem(
                "process", None, trigger.kind, "trigger",
                f"unknown trigger kind {trigger.kind!r}"
                + (did_you_mean(trigger.kind, kinds) or "; use one of " + ", ".join(kinds)),
                target=trigger.kind))
        if trigger.event is not None and trigger.event not in events:
            problems.append(RefProblem(
                "process", None, trigger.event, "trigger",
                f"the trigger names unknown event {trigger.event!r}"
                + (did_you_mean(trigger.event, events) or "; declare it under events"),
                target=trigger.event))
    providers = {i.id for name in ("tasks", "activities", "outputs", "provisions")
                 for i in getattr(plan, name, ())}
    for index, event in enumerate(plan.events):
        for need in event.needs:
            if need.after not in events:
                problems.append(RefProblem(
                    "events", index, event.id, "needs",
                    f"'needs' names unknown event {need.after!r}"
                    + (did_you_mean(need.after, events)
                       or "; declare it under events, or use a task id + .start/.end"),
                    target=need.after))
            if need.provided_by is not None and need.provided_by not in providers:
                problems.append(RefProblem(
                    "events", index, event.id, "needs",
                    f"'provided_by' names unknown task, activity, output or provision "
                    f"{need.provided_by!r}" + did_you_mean(need.provided_by, providers),
                    target=need.provided_by))
    marked: dict[str, str] = {}
    for index, event in enumerate(plan.events):
        if event.marks is None:
            continue
        if event.marks not in process.moment_ids:
            problems.append(RefProblem(
                "events", index, event.id, "marks",
                f"'marks' names unknown IMPP moment {event.marks!r}"
                + (did_you_mean(event.marks, process.moment_ids)
                   or "; `impp process` lists the moments"),
                target=event.marks))
        elif event.marks in marked:
            problems.append(RefProblem(
                "events", index, event.id, "marks",
                f"{marked[event.marks]!r} already marks {event.marks!r}; one event per moment"))
        else:
            marked[event.marks] = event.id
    for component, where in plan.mission.presence.items():
        if where not in events:
            problems.append(RefProblem(
                "mission", None, plan.mission.id, "presence",
                f"presence of the {component} component names unknown event {where!r}"
                + (did_you_mean(where, events)
                   or "; name an event, or a task id + .start/.end"),
                target=where))
    ref = plan.mission.reference_event
    if ref is not None and ref not in events:
        problems.append(
            RefProblem(
                "mission", None, plan.mission.id, "reference_event",
                f"reference_event names unknown event {ref!r}" + did_you_mean(ref, events),
            )
        )
    return problems
