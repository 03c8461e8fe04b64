"""The task force's seniority and the planning team's minimum (IMPP guidelines, Annex A)."""

from __future__ import annotations

import pytest

from impp.exceptions import PlanFileError
from impp.findings import Finding
from impp.io import load_plan_text
from impp.model import Plan
from impp.process.checks import check_planning_team, check_process, check_seniority

HEAD = "mission: {id: m, name: M}\nprocess:\n"


def plan(body: str) -> Plan:
    return load_plan_text(HEAD + body, "p.yaml")


def codes(findings: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.items) for f in findings]


def test_a_junior_member_is_a_warning_and_seniors_pass() -> None:
    p = plan("  task_force:\n"
             "    - {branch: military, grade: P-4, entity: OMA}\n"
             "    - {branch: police, grade: D-1}\n"
             "    - {branch: political, grade: P-5}\n")
    found = check_seniority(p)
    assert codes(found) == [("process.imtf-seniority", ("military",))]
    assert "P-4 (OMA)" in found[0].message and "P-5/D-1" in found[0].message


def test_unknown_grades_are_one_note() -> None:
    p = plan("  task_force:\n    - {branch: military}\n    - {branch: police, grade: D-2}\n")
    assert codes(check_seniority(p)) == [
        ("process.imtf-seniority-unknown", ("military",))]


def test_a_grade_impp_does_not_know_is_refused_where_it_is() -> None:
    with pytest.raises(PlanFileError) as exc:
        plan("  task_force:\n    - {branch: military, grade: Colonel}\n")
    assert exc.value.problems[0].line == 4


def test_a_gap_in_an_assumed_membership_says_so() -> None:
    p = plan("  task_force:\n    - {branch: military, assumption: true}\n")
    gaps = [f for f in check_process(p) if f.code == "process.missing-branch"]
    assert gaps and all("an assumption (1 of 1 members" in f.message for f in gaps)
    sourced = plan("  task_force:\n    - {branch: military}\n")
    assert not any("assumption" in f.message for f in check_process(sourced)
                   if f.code == "process.missing-branch")


def test_the_planning_team_minimum_applies_from_level_2_2() -> None:
    early = plan("  level: '2.1'\n")
    assert check_planning_team(early) == []
    bare = plan("  level: '2.2'\n")
    assert codes(check_planning_team(bare)) == [
        ("process.impt-minimum", ("mission",)), ("process.impt-minimum", ("country_team",))]
    full = plan("  level: '3.1'\n  planning_team:\n"
                "    - {branch: mission, grade: P-5}\n    - {branch: country_team, grade: P-5}\n")
    assert check_planning_team(full) == []


def test_planners_at_different_levels_are_a_warning() -> None:
    p = plan("  level: '2.2'\n  planning_team:\n"
             "    - {branch: mission, grade: D-1}\n    - {branch: country_team, grade: P-4}\n")
    assert codes(check_planning_team(p)) == [
        ("process.impt-levels-differ", ("mission", "country_team"))]


def test_a_transfer_needs_the_joint_transition_plan() -> None:
    from impp.process.checks import check_transfers

    transfer = ("transfers:\n  - {id: fold, name: Observers folded in, "
                "from_organisation: the CRC}\n")
    at = load_plan_text(HEAD + "  level: '1.2'\n" + transfer, "p.yaml")
    assert [(f.severity, f.code, f.items) for f in check_transfers(at)] == [
        ("warning", "process.joint-transition-plan", ("fold",))]
    early = load_plan_text(HEAD + "  level: '1.1'\n" + transfer, "p.yaml")
    assert [f.severity for f in check_transfers(early)] == ["info"]
    done = load_plan_text(HEAD + "  level: '1.2'\n  outputs: [joint_transition_plan]\n"
                          + transfer, "p.yaml")
    assert check_transfers(done) == []
    assert check_transfers(plan("  level: '1.2'\n")) == []
