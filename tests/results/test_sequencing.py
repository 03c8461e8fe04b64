"""Priority against sequencing: read from the timeline's links and from the temporal engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from impp.model import Plan
from impp.results import check_results, priority_sequencing_conflicts

MakePlan = Callable[..., Plan]


def plan_with(make_plan: MakePlan, *, low_priority: str, link: str,
              deadline_days: float = 100) -> Plan:
    tasks: list[dict[str, Any]] = [
        {"id": "census", "name": "Census", "duration": 30},
        {"id": "reconcile", "name": "Reconciliation", "duration": 20},
    ]
    constraints: list[dict[str, Any]] = [
        {"id": "due", "name": "Reconciliation begun", "from": "signed", "to": "reconcile.start",
         "max_days": deadline_days, "kind": "criterion"},
        {"id": "starts", "name": "Census from the signing", "from": "signed",
         "to": "census.start", "min_days": 0},
        {"id": "starts2", "name": "Reconciliation from the signing", "from": "signed",
         "to": "reconcile.start", "min_days": 0},
    ]
    if link == "after":
        tasks[1]["after"] = ["census"]
    elif link == "constraint":
        constraints.append({"id": "census_first", "name": "Census first",
                            "from": "census.end", "to": "reconcile.start", "min_days": 0})
    elif link == "via_event":
        constraints += [
            {"id": "to_vote", "name": "Vote after census", "from": "census.end", "to": "vote",
             "min_days": 5},
            {"id": "after_vote", "name": "Reconcile after vote", "from": "vote",
             "to": "reconcile.start", "min_days": 0}]
    return make_plan(
        mission={"id": "m", "name": "M", "reference_event": "signed"},
        events=[{"id": "signed", "name": "Signed", "date": "2026-01-01"},
                {"id": "vote", "name": "Vote"}],
        tasks=tasks, constraints=constraints,
        objectives=[{"id": "obj", "name": "Peace"}],
        outputs=[{"id": "reconciliation", "name": "Reconciliation", "objective": "obj",
                  "priority": "high", "deadlines": ["due"]},
                 {"id": "statistics", "name": "Statistics", "objective": "obj",
                  "priority": low_priority}],
        activities=[{"id": "a1", "name": "Census", "output": "statistics", "task": "census"},
                    {"id": "a2", "name": "Reconcile", "output": "reconciliation",
                     "task": "reconcile"}],
    )


def codes(plan: Plan) -> list[str]:
    return [f.code for f in check_results(plan)]


def test_high_priority_sequenced_behind_low_priority_by_after(make_plan: MakePlan) -> None:
    plan = plan_with(make_plan, low_priority="low", link="after")
    [conflict] = priority_sequencing_conflicts(plan)
    assert (conflict.high_output, conflict.low_output) == ("reconciliation", "statistics")
    assert conflict.chain == ("after: 'reconcile' follows 'census'",)
    assert "results.priority-sequencing-conflict" in codes(plan)


def test_sequenced_by_constraints_through_an_event(make_plan: MakePlan) -> None:
    plan = plan_with(make_plan, low_priority="low", link="via_event")
    [conflict] = priority_sequencing_conflicts(plan)
    assert conflict.chain == ("to_vote", "after_vote")
    direct = plan_with(make_plan, low_priority="low", link="constraint")
    assert priority_sequencing_conflicts(direct)[0].chain == ("census_first",)


def test_no_conflict_without_a_link_or_when_both_matter(make_plan: MakePlan) -> None:
    assert priority_sequencing_conflicts(plan_with(make_plan, low_priority="low",
                                                   link="none")) == []
    # Priority is importance: a high output behind a medium one is a sequencing choice.
    plan = plan_with(make_plan, low_priority="medium", link="after")
    assert "results.priority-sequencing-conflict" not in codes(plan)


def test_high_priority_output_that_cannot_start_before_its_deadline(
    make_plan: MakePlan,
) -> None:
    # The census takes 30 days and reconciliation must wait for it: a 10-day deadline fails.
    late = plan_with(make_plan, low_priority="medium", link="after", deadline_days=10)
    findings = [f for f in check_results(late) if f.code == "results.priority-deadline-conflict"]
    assert [f.items for f in findings] == [("reconciliation", "due", "reconcile")]
    assert "day 30" in findings[0].message and "day 10" in findings[0].message
    in_time = plan_with(make_plan, low_priority="medium", link="after", deadline_days=40)
    assert "results.priority-deadline-conflict" not in codes(in_time)
