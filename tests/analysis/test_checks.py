"""Each conflict-analysis finding: a plan that triggers it and one that does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from impp.analysis import analyse, check_conflict_analysis
from impp.analysis.tree import describe_tree
from impp.exceptions import PlanFileError
from impp.io import load_plan_text
from impp.model import Plan

MakePlan = Callable[..., Plan]


def codes(plan: Plan) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for f in check_conflict_analysis(plan):
        assert f.source, f"{f.code} cites no source"
        out.setdefault(f.code, []).append(f.items)
    return out


CAUSES: list[dict[str, Any]] = [
    {"id": "land", "name": "Land disputes", "level": "structural", "effects": ["clashes"]},
    {"id": "clashes", "name": "Clashes", "level": "trigger"},
]


def test_structural_cause_unaddressed(make_plan: MakePlan) -> None:
    plan = make_plan(causes=CAUSES)
    assert codes(plan)["analysis.cause-unaddressed"] == [("land",)]
    addressed = make_plan(causes=CAUSES, objectives=[
        {"id": "o", "name": "Land reform", "addresses": ["land"]}])
    assert "analysis.cause-unaddressed" not in codes(addressed)
    by_output = make_plan(causes=CAUSES, outputs=[
        {"id": "o", "name": "Land commissions", "addresses": ["land"]}])
    assert "analysis.cause-unaddressed" not in codes(by_output)


def test_a_peace_driver_or_a_trigger_needs_no_objective(make_plan: MakePlan) -> None:
    plan = make_plan(causes=[
        {"id": "elders", "name": "Elders mediate", "level": "structural", "driver": "peace"},
        {"id": "spark", "name": "Spark", "level": "trigger"}])
    assert "analysis.cause-unaddressed" not in codes(plan)


ACTORS: list[dict[str, Any]] = [
    {"id": "gov", "name": "Government", "collaborates": True, "gender": "Few women in cabinet",
     "youth": "Youth unemployment"},
    {"id": "militia", "name": "Militia", "uses_violence": True},
    {"id": "party", "name": "Hardline party", "spoiler": True},
]
RELATIONS: list[dict[str, Any]] = [
    {"id": "r", "name": "", "a": "gov", "b": "militia", "type": "opposition"},
    {"id": "s", "name": "", "a": "gov", "b": "party", "type": "influence"},
]


def test_spoiler_not_engaged(make_plan: MakePlan) -> None:
    plan = make_plan(actors=ACTORS, relations=RELATIONS)
    assert codes(plan)["analysis.spoiler-not-engaged"] == [("militia",), ("party",)]
    engaged = make_plan(actors=ACTORS, relations=RELATIONS, activities=[
        {"id": "talks", "name": "Talks", "engages": ["militia", "party"]}])
    assert "analysis.spoiler-not-engaged" not in codes(engaged)


def test_violent_actor_isolated(make_plan: MakePlan) -> None:
    isolated = make_plan(actors=ACTORS)
    assert codes(isolated)["analysis.violent-actor-isolated"] == [("militia",)]
    tied = make_plan(actors=ACTORS, relations=RELATIONS)
    assert "analysis.violent-actor-isolated" not in codes(tied)


def test_gender_and_youth_lens_missing(make_plan: MakePlan) -> None:
    bare = make_plan(actors=[{"id": "a", "name": "A"}])
    found = codes(bare)
    assert "analysis.gender-lens-missing" in found and "analysis.youth-lens-missing" in found
    lens = make_plan(actors=[{"id": "a", "name": "A", "represents_women": True},
                             {"id": "b", "name": "B", "youth": "Recruits young men"}])
    found = codes(lens)
    assert "analysis.gender-lens-missing" not in found
    assert "analysis.youth-lens-missing" not in found


def test_scenario_without_contingency_or_indicators(make_plan: MakePlan) -> None:
    plan = make_plan(scenarios=[{"id": "worst", "name": "Worst", "case": "worst"}])
    found = codes(plan)
    assert found["analysis.scenario-without-contingency"] == [("worst",)]
    assert found["analysis.scenario-without-indicators"] == [("worst",)]
    text = make_plan(scenarios=[{"id": "worst", "name": "Worst", "contingency": "Reserve",
                                 "indicators": ["Troops massing"]}])
    assert "analysis.scenario-without-contingency" not in codes(text)
    assert "analysis.scenario-without-indicators" not in codes(text)
    task = make_plan(
        tasks=[{"id": "evac", "name": "Evacuation plan", "duration": 5}],
        scenarios=[{"id": "worst", "name": "Worst", "contingency_task": "evac",
                    "indicators": ["x"]}])
    assert "analysis.scenario-without-contingency" not in codes(task)


def test_elements_and_profile(make_plan: MakePlan) -> None:
    empty = codes(make_plan())
    assert list(empty) == ["analysis.element-missing"] and empty["analysis.element-missing"] == [()]
    partial = codes(make_plan(actors=ACTORS, relations=RELATIONS))
    assert sorted(partial["analysis.element-missing"]) == [("causes",), ("profile",),
                                                           ("scenarios",)]
    profile = codes(make_plan(profile={"dimensions": [{"dimension": "security", "text": "x"}]}))
    assert ("settlement",) in profile["analysis.profile-incomplete"]
    assert ("historical", "political", "economic", "sociocultural", "environmental") in profile[
        "analysis.profile-incomplete"]
    full = make_plan(profile={"settlement": "Accord", "dimensions": [
        {"dimension": d, "text": "x"} for d in (
            "historical", "political", "economic", "security", "sociocultural",
            "environmental")]})
    assert "analysis.profile-incomplete" not in codes(full)


def test_profile_names_an_unknown_actor() -> None:
    with pytest.raises(PlanFileError) as err:
        load_plan_text("mission: {id: m, name: M}\nprofile:\n  disputed_by: [mcp]\n"
                       "actors:\n  - {id: mpc, name: MPC}\n", "p.yaml")
    assert "p.yaml:3:16: [mcp] 'disputed_by' names unknown actors id 'mcp' (did you mean 'mpc'?)" \
        in str(err.value)


def test_problem_tree_reach_and_cycles(make_plan: MakePlan) -> None:
    plan = make_plan(causes=[
        {"id": "a", "name": "A", "level": "structural", "effects": ["b"]},
        {"id": "b", "name": "B", "level": "proximate", "effects": ["c"]},
        {"id": "c", "name": "C", "level": "trigger", "effects": ["b"]}])
    tree = describe_tree(plan)
    reach = {c["id"]: c["reach"] for c in tree["causes"]}
    assert reach == {"a": 2, "b": 1, "c": 1}
    assert tree["key_drivers"][0] == "a"
    assert sorted(tree["cycles"][0]) == ["b", "c"]


def test_carana_analysis(carana_plan: Plan) -> None:
    data = analyse(carana_plan)
    found = {(f["code"], tuple(f["items"])) for f in data["findings"]}
    # The directive names disaffected groups and a worst case but no answer to either.
    assert ("analysis.spoiler-not-engaged", ("disaffected_groups",)) in found
    assert ("analysis.scenario-without-contingency", ("worst_case",)) in found
    assert ("analysis.cause-unaddressed", ("weak_state_capacity",)) in found
    assert data["network"]["isolated_violent"] == ["disaffected_groups"]
    assert {s["case"] for s in data["scenarios"]} == {"best", "most_likely", "worst"}
    assumed = {a["id"] for a in data["actors"] if a.get("assumption")}
    assert assumed == {"women_networks", "youth_groups"}
