"""Conflicts and fixes on random plans: every conflict is a real negative cycle of
the plan's rules, and every fix, applied to the plan, makes it hold (Floyd-Warshall)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from impp.model import Constraint, Duration, Event, Link, Mission, Plan, Task
from impp.temporal import build_network, explain, schedule
from impp.temporal.build import Rule
from impp.temporal.explain import Fix

from .test_stn import consistent, floyd_warshall


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    n = draw(st.integers(2, 5))
    events = tuple(Event(id=f"e{i}", name=f"E{i}") for i in range(n))
    k = draw(st.integers(0, 2))
    tasks = tuple(
        Task(id=f"t{i}", name=f"T{i}", duration=Duration(fixed=draw(st.integers(0, 9))),
             after=(Link(task=f"t{i - 1}", lag=draw(st.integers(0, 3))),) if i else ())
        for i in range(k)
    )
    points = [e.id for e in events] + [f"t{i}.{x}" for i in range(k) for x in ("start", "end")]
    constraints = []
    for j in range(draw(st.integers(1, 8))):
        a, b = draw(st.sampled_from(points)), draw(st.sampled_from(points))
        if a == b:
            continue
        lo = draw(st.one_of(st.none(), st.integers(-10, 10)))
        hi = draw(st.one_of(st.none(), st.integers(-10, 15)))
        if lo is None and hi is None:
            hi = 5
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        constraints.append(Constraint(id=f"c{j}", name=f"C{j}", from_=a, to=b, min_days=lo,
                                      max_days=hi, source=f"Directive §{j}"))
    return Plan(mission=Mission(id="m", name="M", reference_event="e0"), events=events,
                tasks=tasks, constraints=tuple(constraints))


def oracle_consistent(plan: Plan) -> bool:
    tn = build_network(plan)
    edges = [(int(s), int(d), w) for s, d, w in
             zip(tn.net.src, tn.net.dst, tn.net.weight, strict=True)]
    return consistent(floyd_warshall(len(tn.points), edges))


def rule_weight(plan: Plan, rule: Rule) -> float:
    """The rule's weight read again from the plan (not from the network)."""
    item = plan.get(rule.item)
    if isinstance(item, Constraint):
        assert rule.role in ("max", "min")
        return item.max_days if rule.role == "max" else -item.min_days  # type: ignore[operator,return-value]
    assert isinstance(item, Task)
    if rule.role == "day-zero":
        return 0.0
    if rule.role == "after":
        return -next(link.lag for link in item.after if rule.head == f"{link.task}.end")
    return item.duration.nominal if rule.role == "duration-max" else -item.duration.nominal


def apply(plan: Plan, fix: Fix) -> Plan | None:
    item = plan.get(fix.rule.item)
    if isinstance(item, Constraint):
        if fix.rule.role == "max":
            new = item.model_copy(update={"max_days": item.max_days + fix.days})  # type: ignore[operator]
        else:
            new = item.model_copy(update={"min_days": item.min_days - fix.days})  # type: ignore[operator]
        cs = tuple(new if c.id == item.id else c for c in plan.constraints)
        return plan.model_copy(update={"constraints": cs})
    assert isinstance(item, Task)
    if fix.rule.role == "after":
        links = tuple(
            link.model_copy(update={"lag": link.lag - fix.days})
            if fix.rule.head == f"{link.task}.end" else link for link in item.after
        )
        new_task = item.model_copy(update={"after": links})
    else:
        sign = -1 if fix.rule.role == "duration-min" else 1
        days = item.duration.nominal + sign * fix.days
        if days < 0:
            return None
        new_task = item.model_copy(update={"duration": Duration(fixed=days)})
    ts = tuple(new_task if t.id == item.id else t for t in plan.tasks)
    return plan.model_copy(update={"tasks": ts})


@settings(max_examples=150, deadline=None)
@given(plans())
def test_conflicts_are_real_cycles_of_plan_rules_and_fixes_work(plan: Plan) -> None:
    conflict = explain(build_network(plan))
    assert (conflict is None) == oracle_consistent(plan)
    if conflict is None:
        assert schedule(plan).consistent
        return
    rules = conflict.rules
    for r1, r2 in zip(rules, rules[1:] + rules[:1], strict=True):
        assert r1.head == r2.tail
    total = sum(rule_weight(plan, r) for r in rules)
    assert total < 0 and math.isclose(-total, conflict.days)
    for fix in conflict.fixes:
        assert fix.days > 0
        fixed = apply(plan, fix)
        if fixed is not None:
            assert oracle_consistent(fixed), fix.text
    s = schedule(plan)
    assert not s.consistent and s.conflict is not None
    assert s.as_dict()["conflict"] == conflict.ids
