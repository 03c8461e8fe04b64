"""The rules on standard mandate tasks, the task force and the budget, on plans made for
each: where each fires, and where it does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from impp.doctrine.registry import Context, run
from impp.findings import Finding
from impp.io import load_plan_text
from impp.io.yaml_io import load_plan_document
from impp.model import Plan
from impp.plan_analysis import analyse

BASE = """\
mission: {id: t, name: Test mission, reference_event: signed}
process:
  level: "1.2"
  task_force:
    - {branch: political, entity: "%(chair)s (chair)"}
events:
  - {id: signed, name: Agreement signed, date: 2026-01-01}
  - {id: handover, name: Hand-over of the north to the national police}
tasks:
  - {id: survey, name: Technical assessment mission, owner: DPKO, duration: %(survey)s}
  - {id: budget, name: Preparation of the mission budget, owner: DPKO, duration: 20}
  - {id: elections, name: Support to elections, owner: "%(owner)s", duration: 90}
constraints:
  - {id: survey_after, name: survey after signing, from: signed, to: survey.start, min_days: 0}
  - {id: budget_after, name: budget, from: %(budget_from)s, to: budget.start, min_days: 0}
  - {id: handover_by, name: Hand-over within a year, from: signed, to: handover,
     max_days: 365}
%(extra)s"""


def plan(**kw: Any) -> Plan:
    values = {"chair": "DPKO Office of Operations", "survey": 10,
              "owner": "Mission electoral division / UNDP", "budget_from": "survey.end",
              "extra": ""}
    return load_plan_text(BASE % {**values, **kw})


def codes(p: Plan, phase: str = "plan") -> dict[str, list[Finding]]:
    from impp.temporal.checks import analyse as timeline

    s, found = timeline(p)
    out: dict[str, list[Finding]] = {}
    for f in run(phase, Context(p, s, tuple(found))):  # type: ignore[arg-type]
        out.setdefault(f.code, []).append(f)
    return out


def test_a_plan_that_follows_the_guidelines_gets_none_of_them() -> None:
    p = plan(extra="objectives:\n  - {id: o, name: A secure north}\n"
                   "benchmarks:\n  - {id: b, name: Police able to hold the north, "
                   "objective: o, trigger: true}\n")
    found = {**codes(p), **codes(p, "timeline")}
    assert not {"process.technical-survey-length", "process.joint-plan",
                "process.transition-by-date", "process.imtf-chair",
                "process.budget-before-survey"} & set(found)


def test_a_survey_longer_than_two_weeks() -> None:
    [f] = codes(plan(survey="{min: 10, likely: 14, max: 21}"))["process.technical-survey-length"]
    assert "21 days" in f.message and "up to 2 weeks" in f.message
    assert f.assumed[0].path == ("tasks", "survey", "name")


def test_a_function_shared_with_another_organisation_needs_a_joint_plan() -> None:
    [f] = codes(plan(owner="Mission electoral division / African Union"))["process.joint-plan"]
    assert "African Union" in f.message and f.items == ("elections",)
    # a UN agency is not another organisation; a joint plan that names the partner settles it
    assert "process.joint-plan" not in codes(plan())
    settled = plan(owner="Mission electoral division / African Union",
                   extra="outputs:\n  - {id: jp, name: Joint electoral plan with the African "
                         "Union}\n")
    assert "process.joint-plan" not in codes(settled)


def test_a_hand_over_on_a_date_without_triggers() -> None:
    [f] = codes(plan())["process.transition-by-date"]
    assert f.items == ("handover", "handover_by") and "trigger: true" in f.message


def test_the_task_force_chair_from_level_1_2() -> None:
    [f] = codes(plan(chair="DPA Africa Division"))["process.imtf-chair"]
    assert "DPA Africa Division" in f.message and "chaired by DPKO" in f.message
    designated = plan(chair="DPA Africa Division, designated by the Secretary-General")
    assert "process.imtf-chair" not in codes(designated)


def test_budget_work_before_the_survey_ends() -> None:
    [f] = codes(plan(budget_from="signed"), "timeline")["process.budget-before-survey"]
    assert f.items == ("budget", "survey")


@pytest.fixture(scope="module")
def carana_doc(carana_plan: Plan) -> dict[str, Any]:
    return carana_plan.to_document()


def test_a_ceiling_the_plan_breaks_is_a_finding(carana_doc: dict[str, Any]) -> None:
    doc = {**carana_doc, "costs": {**carana_doc["costs"], "ceiling": 300_000_000}}
    a = analyse(load_plan_document(doc, "low-ceiling"))
    [f] = [f for f in a.findings if f.code == "cost.over-ceiling"]
    assert "over its ceiling of USD 300,000,000" in f.message
    assert not [f for f in analyse(load_plan_document(carana_doc, "c")).findings
                if f.code == "cost.over-ceiling"]


def test_a_missed_foc_is_priced_against_the_ceiling(carana_doc: dict[str, Any]) -> None:
    milestones = [{**m, "max_days": 70} if m["id"] == "foc" else m
                  for m in carana_doc["milestones"]]
    constraints = [{**c, "max_days": 70} if c["id"] == "deployment_within_90" else c
                   for c in carana_doc["constraints"]]
    doc = {**carana_doc, "milestones": milestones, "constraints": constraints}
    a = analyse(load_plan_document(doc, "foc-70"))
    assert a.verdicts["deployment_within_90"].state == "missed"
    [f] = [f for f in a.findings if f.code == "cost.over-ceiling"]
    assert "deployment_within_90 is missed by 9 days on the lift that exists" in f.message


def test_no_reserve_in_the_costs_is_asked_for(carana_doc: dict[str, Any]) -> None:
    lines = [c for c in carana_doc["cost_lines"] if "reserve" not in c["name"].lower()]
    rates = [r for r in carana_doc["rates"]
             if "reserve" not in r["name"].lower() and "standby" not in r["name"].lower()]
    kept = {r["id"] for r in rates}
    lines = [c for c in lines if c["rate"] in kept]
    doc = {**carana_doc, "cost_lines": lines, "rates": rates}
    a = analyse(load_plan_document(doc, "no-reserve"))
    assert [f for f in a.findings if f.code == "cost.reserve-assessment-missing"]
    assert not [f for f in analyse(load_plan_document(carana_doc, "c")).findings
                if f.code == "cost.reserve-assessment-missing"]


def test_a_plan_whose_only_milestone_is_foc_gets_no_ioc_column(
        carana_doc: dict[str, Any], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from impp.cli import main
    from impp.io.yaml_io import dump_document

    doc = {**carana_doc, "milestones": [m for m in carana_doc["milestones"]
                                        if m["id"] != "ioc"]}
    path = tmp_path / "foc-only.yaml"
    path.write_text(dump_document(doc), encoding="utf-8")
    out = CliRunner().invoke(main, ["deploy", str(path), "--out", str(tmp_path)]).stdout
    assert "What-if" in out and "FOC gain" in out
    assert "IOC gain" not in out
    full = tmp_path / "carana.yaml"
    full.write_text(dump_document(carana_doc), encoding="utf-8")
    assert "IOC gain" in CliRunner().invoke(main, ["deploy", str(full), "--out",
                                                   str(tmp_path)]).stdout


def test_an_event_others_set_needs_a_contingency_for_its_slip() -> None:
    text = """\
mission: {id: t, name: T, reference_event: signed}
events:
  - {id: signed, name: Agreement signed, date: 2026-01-01}
  - {id: vote, name: Elections held, set_by: the agreement}
tasks:
  - {id: prep, name: Planning of electoral support, owner: Mission electoral division,
     duration: 60}
constraints:
  - {id: vote_by, name: vote, from: signed, to: vote, min_days: 100, max_days: 365}
"""
    [f] = codes(load_plan_text(text))["timeline.no-contingency-for-slip"]
    assert f.items == ("vote", "prep") and f.assumed
    risk = text + ("risks:\n  - {id: r, name: Electoral calendar disputed, affects: [prep], "
                   "probability: 0.3, impact_days: 30}\n")
    assert "timeline.no-contingency-for-slip" not in codes(load_plan_text(risk))


def test_a_core_benchmark_that_relies_on_others() -> None:
    text = """\
mission: {id: t, name: T}
objectives:
  - {id: o, name: Returns}
benchmarks:
  - {id: b, name: All refugees returned, objective: o, partners: UNHCR and the Government}
  - {id: c, name: Camps secured, objective: o}
  - {id: d, name: Returns supported, objective: o, core: false, partners: UNHCR}
"""
    [f] = codes(load_plan_text(text))["results.core-benchmark-relies-on-others"]
    assert f.items == ("b",) and "(the default)" in f.message
