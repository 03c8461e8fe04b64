"""Each results-chain check: a plan that triggers it and one that does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from impp.model import Plan
from impp.results import check_results, results_chain

MakePlan = Callable[..., Plan]

CHAIN: dict[str, Any] = {
    "tasks": [{"id": "t1", "name": "T1", "duration": 10}],
    "objectives": [{"id": "obj", "name": "Peace"}],
    "outputs": [{"id": "out", "name": "Dialogue", "objective": "obj", "priority": "high"}],
    "activities": [{"id": "act", "name": "Talks", "output": "out", "task": "t1"}],
    "benchmarks": [{"id": "bm", "name": "Accord signed", "objective": "obj", "term": "short"}],
    "priorities": [{"id": "p", "name": "Dialogue first", "set_by": "MLT", "outputs": ["out"]}],
    "indicators": [
        {"id": "ind", "name": "Meetings", "measures": "out", "baseline": 0, "target": 10,
         "responsible": "Political affairs"},
        {"id": "hr", "name": "Violations", "measures": "obj", "baseline": 5,
         "targets": [{"period": "Q1", "value": 3}], "responsible": "OHCHR",
         "counts_people": True, "disaggregation": ["sex", "age"],
         "mainstreaming": ["human_rights", "gender", "child_protection"]},
    ],
}


def codes(plan: Plan) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for f in check_results(plan):
        assert f.source, f"{f.code} cites no source"
        out.setdefault(f.code, []).append(f.items)
    return out


def with_(**changes: Any) -> dict[str, Any]:
    return {**CHAIN, **changes}


def test_a_complete_chain_has_no_finding(make_plan: MakePlan) -> None:
    assert codes(make_plan(**CHAIN)) == {}


def test_activity_without_output_or_task(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(activities=[*CHAIN["activities"], {"id": "x", "name": "Loose"}]))
    found = codes(plan)
    assert found["results.activity-without-output"] == [("x",)]
    assert found["results.activity-without-task"] == [("x",)]


def test_output_without_objective_or_activity(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(outputs=[*CHAIN["outputs"], {"id": "o2", "name": "Orphan"}]))
    found = codes(plan)
    assert found["results.output-without-objective"] == [("o2",)]
    assert found["results.output-without-activity"] == [("o2",)]


def test_objective_without_benchmark_or_indicator(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(objectives=[*CHAIN["objectives"], {"id": "o2", "name": "Other"}]))
    found = codes(plan)
    assert found["results.objective-without-benchmark"] == [("o2",)]
    assert found["results.objective-without-indicator"] == [("o2",)]


def test_an_objective_is_measured_through_its_benchmarks(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(indicators=[{**CHAIN["indicators"][1], "measures": "bm"}]))
    assert "results.objective-without-indicator" not in codes(plan)


def test_indicator_without_baseline_target_or_owner(make_plan: MakePlan) -> None:
    bare = {"id": "bare", "name": "Bare", "measures": "out"}
    found = codes(make_plan(**with_(indicators=[*CHAIN["indicators"], bare])))
    assert found["results.indicator-incomplete"] == [("bare",)]
    message = next(f.message for f in check_results(make_plan(**with_(
        indicators=[*CHAIN["indicators"], bare]))) if f.code == "results.indicator-incomplete")
    assert message == "Indicator 'bare' has no baseline, no target, no responsible entity."


def test_indicator_counting_people_without_sex_and_age(make_plan: MakePlan) -> None:
    ind = {**CHAIN["indicators"][1], "disaggregation": ["location"]}
    found = codes(make_plan(**with_(indicators=[CHAIN["indicators"][0], ind])))
    assert found["results.indicator-not-disaggregated"] == [("hr",)]


def test_benchmark_without_term(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(benchmarks=[{"id": "bm", "name": "B", "objective": "obj"}]))
    assert codes(plan)["results.benchmark-without-term"] == [("bm",)]


def test_priority_without_body(make_plan: MakePlan) -> None:
    plan = make_plan(**with_(priorities=[{"id": "p", "name": "P"}]))
    assert codes(plan)["results.priority-without-body"] == [("p",)]


def test_mainstreaming_without_indicator(make_plan: MakePlan) -> None:
    ind = {**CHAIN["indicators"][1], "mainstreaming": ["gender"]}
    found = codes(make_plan(**with_(indicators=[CHAIN["indicators"][0], ind])))
    assert found["results.mainstreaming-without-indicator"] == [("human_rights",),
                                                                 ("child_protection",)]


def test_carana_chain_is_complete(carana_plan: Plan) -> None:
    chain = results_chain(carana_plan)
    assert chain["findings"] == []
    tasks = {t.id for t in carana_plan.tasks}
    assert all(row["task"] in tasks for row in chain["table"])
    outputs = [o["id"] for o in chain["tree"][0]["outputs"]]
    assert outputs == ["political_dialogue", "security_stabilisation", "full_mission_capacity"]
    # Every criterion for success of the directive is tracked by a benchmark.
    directive = {c.id for c in carana_plan.criteria
                 if (c.source or "").startswith("Carana directive, Criteria for success")}
    tracked = {b.criterion for b in carana_plan.benchmarks}
    assert len(directive) == 9 and directive <= tracked
