"""Process checks: where the plan stands in the IMPP and what it still lacks."""

from __future__ import annotations

from impp.findings import Finding
from impp.model.plan import Plan
from impp.process.catalogue import load_process


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
        if output.id in produced or output.optional:
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
    for branch in process.branches.minimum:
        if branch.id not in present:
            findings.append(
                Finding(
                    "warning",
                    "process.missing-branch",
                    f"The task force has no member for the {branch.name.lower()} branch; "
                    "the IMTF must, as a minimum, represent it throughout.",
                    (branch.id,),
                    process.branches.source,
                )
            )
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
