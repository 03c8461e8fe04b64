"""Process checks: where the plan stands in the IMPP and what it still lacks."""

from __future__ import annotations

from impp.doctrine import registry
from impp.findings import Finding
from impp.model.plan import Plan
from impp.process.catalogue import load_process


@registry.check(
    "plan",
    registry.Rule("process.missing-output", "warning / info",
                  "a key output of the current level not yet produced (a warning when the next "
                  "decision point needs it)",
                  "IMPP guidelines, each level's Key Outputs (§1.1.1–§3.2.3)"),
    registry.Rule("process.missing-branch", "warning",
                  "the task force lacks a branch of its minimum membership; says when the "
                  "membership is an assumption", "IMPP guidelines §1.1.1, Annex A"),
    registry.Rule("process.imtf-seniority", "warning",
                  "a task-force member below \"senior representatives (i.e. P-5/D-1)\"",
                  "IMPP guidelines, Annex A"),
    registry.Rule("process.imtf-seniority-unknown", "info", "members of unstated grade",
                  "IMPP guidelines, Annex A"),
    registry.Rule("process.impt-minimum", "warning",
                  "from Level 2.2, no planner of the mission or of the UNCT in the planning team",
                  "IMPP guidelines, Annex A"),
    registry.Rule("process.impt-levels-differ", "warning",
                  "the two planners are not \"at the same level\"", "IMPP guidelines, Annex A"),
    registry.Rule("process.decision-not-recorded", "info",
                  "a decision point of an earlier level is not recorded",
                  "IMPP guidelines, each level's Decision Point"),
    registry.Rule("process.joint-transition-plan", "warning / info",
                  "the UN takes over from another organisation: the Joint Transition Plan is "
                  "needed", "IMPP guidelines §1.2.2"),
)
def process_check(ctx: registry.Context) -> list[Finding]:
    """Where the plan stands in the IMPP and what it still lacks."""
    return check_process(ctx.plan)


def check_process(plan: Plan) -> list[Finding]:
    """Missing outputs of the current level and missing task-force branches.

    >>> from impp.model import Mission, Plan
    >>> codes = {f.code for f in check_process(Plan(mission=Mission(id="m", name="M")))}
    >>> sorted(codes)
    ['process.missing-branch', 'process.missing-output']
    """
    process = load_process()
    state = plan.process
    level = process.level(state.level)
    findings: list[Finding] = []
    produced = set(state.outputs)
    for output in level.outputs:
        if output.id in produced or output.optional or not output.key:
            continue
        needed_for = (
            f" before the decision point '{level.decision.id}' ({level.decision.name})"
            if output.id in level.decision.required_outputs
            else ""
        )
        findings.append(
            Finding(
                "warning" if needed_for else "info",
                "process.missing-output",
                f"Level {level.id} ({level.name}) output not yet produced: "
                f"{output.name}{needed_for}.",
                (output.id,),
                f"IMPP guidelines §{output.section}",
            )
        )
    present = {m.branch for m in state.task_force}
    assumed = [m for m in state.task_force if m.assumption]
    caveat = (
        f" The membership in the plan is an assumption ({len(assumed)} of "
        f"{len(state.task_force)} members are not from a source): confirm the gap before "
        "acting on it." if assumed else "")
    for branch in process.branches.minimum:
        if branch.id not in present:
            findings.append(
                Finding(
                    "warning",
                    "process.missing-branch",
                    f"The task force has no member for the {branch.name.lower()} branch; "
                    f"the IMTF must, as a minimum, represent it throughout.{caveat}",
                    (branch.id,),
                    process.branches.source,
                )
            )
    findings.extend(check_seniority(plan))
    findings.extend(check_planning_team(plan))
    findings.extend(check_transfers(plan))
    decided = {d.decision for d in state.decisions}
    for level_before in process.levels[: process.level_ids.index(level.id)]:
        if level_before.decision.id not in decided and not (
            {d.id for d in level_before.other_decisions} & decided
        ):
            findings.append(
                Finding(
                    "info",
                    "process.decision-not-recorded",
                    f"The plan is at Level {level.id} but the decision point of Level "
                    f"{level_before.id} ({level_before.decision.name}) is not recorded.",
                    (level_before.decision.id,),
                    level_before.source,
                )
            )
    return findings


#: Grades of the senior representatives the IMTF needs ("i.e. P-5/D-1") and above.
SENIOR_GRADES = ("P-5", "D-1", "D-2", "ASG", "USG")
_ANNEX_A = "IMPP guidelines, Annex A (Draft Terms of Reference for the IMTF and IMPT)"
#: Levels at which the IMPT exists: it is established at the start of Level 2.2.
_IMPT_LEVELS = ("2.2", "3.1", "3.2")


def check_seniority(plan: Plan) -> list[Finding]:
    """IMTF members below the seniority Annex A asks for, and members of unstated grade.

    >>> from impp.model import Mission, Plan
    >>> from impp.model.mission import ProcessState, TaskForceMember
    >>> plan = Plan(mission=Mission(id="m", name="M"), process=ProcessState(task_force=(
    ...     TaskForceMember(branch="military", grade="P-4"),
    ...     TaskForceMember(branch="police", grade="D-1"))))
    >>> [(f.code, f.items) for f in check_seniority(plan)]
    [('process.imtf-seniority', ('military',))]
    """
    members = plan.process.task_force
    junior = [m for m in members if m.grade is not None and m.grade not in SENIOR_GRADES]
    unstated = [m for m in members if m.grade is None]
    findings = [
        Finding(
            "warning", "process.imtf-seniority",
            f"The {m.branch.replace('_', ' ')} branch is represented on the task force at "
            f"{m.grade}{f' ({m.entity})' if m.entity else ''}; the IMTF's members must be "
            "'senior representatives (i.e. P-5/D-1)'.",
            (m.branch,), _ANNEX_A)
        for m in junior
    ]
    if unstated:
        findings.append(Finding(
            "info", "process.imtf-seniority-unknown",
            f"The plan gives no grade for {len(unstated)} of the {len(members)} task force "
            "members, so their seniority cannot be checked: the IMTF's members must be "
            "'senior representatives (i.e. P-5/D-1)'.",
            tuple(dict.fromkeys(m.branch for m in unstated)), _ANNEX_A))
    return findings


def check_planning_team(plan: Plan) -> list[Finding]:
    """The IMPT's minimum, once the plan is at Level 2.2 or later.

    >>> from impp.model import Mission, Plan
    >>> from impp.model.mission import ProcessState, TaskForceMember
    >>> plan = Plan(mission=Mission(id="m", name="M"), process=ProcessState(
    ...     level="2.2", planning_team=(TaskForceMember(branch="mission", grade="P-5"),)))
    >>> [(f.code, f.items) for f in check_planning_team(plan)]
    [('process.impt-minimum', ('country_team',))]
    """
    state = plan.process
    if state.level not in _IMPT_LEVELS:
        return []
    quote = ("'the minimum to be established is a permanent planner representing the "
             "peacekeeping operation and another, at the same level, representing the UNCT'")
    sides = {"mission": "the peacekeeping operation", "country_team": "the UNCT"}
    found = {side: [m for m in state.planning_team if m.branch == side] for side in sides}
    findings = [
        Finding(
            "warning", "process.impt-minimum",
            f"At Level {state.level} the Integrated Mission Planning Team has no planner "
            f"representing {who} (branch '{side}'): {quote}.",
            (side,), _ANNEX_A)
        for side, who in sides.items() if not found[side]
    ]
    grades = {side: {m.grade for m in found[side] if m.grade} for side in sides}
    if all(grades.values()) and not grades["mission"] & grades["country_team"]:
        findings.append(Finding(
            "warning", "process.impt-levels-differ",
            f"The planning team's mission planner ({', '.join(sorted(grades['mission']))}) "
            f"and UNCT planner ({', '.join(sorted(grades['country_team']))}) are not at the "
            f"same level: {quote}.",
            ("mission", "country_team"), _ANNEX_A))
    return findings


#: Levels from which the Joint Transition Plan is due (it is an output of Level 1.2).
_JTP_LEVELS = ("1.2", "2.1", "2.2", "3.1", "3.2")


def check_transfers(plan: Plan) -> list[Finding]:
    """A transfer from another organisation makes the Joint Transition Plan a required output.

    >>> from impp.model import Mission, Plan, Transfer
    >>> from impp.model.mission import ProcessState
    >>> plan = Plan(mission=Mission(id="m", name="M"), process=ProcessState(level="1.2"),
    ...             transfers=(Transfer(id="t", name="Observers folded in",
    ...                                 from_organisation="the CRC"),))
    >>> [(f.severity, f.code) for f in check_transfers(plan)]
    [('warning', 'process.joint-transition-plan')]
    """
    state = plan.process
    if not plan.transfers or "joint_transition_plan" in state.outputs:
        return []
    due = state.level in _JTP_LEVELS
    what = "; ".join(f"{t.name} (from {t.from_organisation})" for t in plan.transfers)
    return [Finding(
        "warning" if due else "info", "process.joint-transition-plan",
        f"The UN takes over responsibility from another organisation ({what}), so the Joint "
        "Transition Plan is needed: 'mutually agreed and produced jointly by both "
        "organisations', it covers 'the modalities, steps and timeframe for achieving "
        "transition', and the IMTF 'should establish a special sub-group to develop' it. "
        + ("It is not among the outputs produced." if due
           else "It is an output of Level 1.2."),
        tuple(t.id for t in plan.transfers),
        "IMPP guidelines §1.2.2 (Joint Transition Plan)",
    )]
