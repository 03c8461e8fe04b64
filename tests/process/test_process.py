"""The IMPP as data, and the process findings."""

from __future__ import annotations

from impp.model import Plan
from impp.process import load_process
from impp.process.checks import check_process


def test_six_levels_with_timeframes_and_sources() -> None:
    p = load_process()
    assert [lv.name for lv in p.levels] == [
        "Advance Planning", "Foundation Planning", "Operational Planning",
        "Implementation Planning", "Continuation Planning", "Transition and Exit Planning",
    ]
    assert p.level("1.2").timeframe.min_days == 21
    assert p.level("1.2").timeframe.desirable_days == 42
    assert p.level("2.2").timeframe.min_days == 14
    assert all(lv.source.startswith("IMPP guidelines") for lv in p.levels)


def test_deciders_are_those_the_guidelines_name() -> None:
    p = load_process()
    assert p.decision("mission_plan_adopted").decider == "srsg"
    assert p.decision("srsg_directive_issued").decider == "usg_dpko"
    assert p.decision("strategic_objectives_decided").decider == "sg"


def test_task_force_minimum_membership() -> None:
    ids = [b.id for b in load_process().branches.minimum]
    assert ids == ["political", "military", "police", "security", "logistics",
                   "humanitarian", "development", "human_rights", "country_team"]


def test_carana_lacks_security_branch_and_level_outputs(carana_plan: Plan) -> None:
    findings = check_process(carana_plan)
    missing_branches = {f.items[0] for f in findings if f.code == "process.missing-branch"}
    assert missing_branches == {"security"}
    missing_outputs = {f.items[0] for f in findings if f.code == "process.missing-output"}
    assert "sg_report" in missing_outputs and "usg_planning_directive" not in missing_outputs


def test_complete_membership_gives_no_branch_finding(carana_plan: Plan) -> None:
    from impp.model import TaskForceMember

    members = (*carana_plan.process.task_force, TaskForceMember(branch="security"))
    plan = carana_plan.model_copy(
        update={"process": carana_plan.process.model_copy(update={"task_force": members})}
    )
    assert not [f for f in check_process(plan) if f.code == "process.missing-branch"]
