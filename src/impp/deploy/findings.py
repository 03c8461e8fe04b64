"""The deployment's findings: a capability criterion the lift schedule decides, a late
milestone, or no deployment at all.

The lift schedule's verdict on a capability criterion (IOC, FOC) is the
criterion's verdict (:mod:`impp.plan_analysis`); these findings say it in
words, with the timeline's own estimate beside it where the two disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from impp import fmt
from impp.doctrine import registry
from impp.findings import Finding
from impp.model.plan import Plan

if TYPE_CHECKING:
    from impp.plan_analysis import DeploymentAnalysis, Verdict

_NEW_HORIZON = "New Horizon (2009), Faster deployment"


def deployment_findings(plan: Plan, deployment: DeploymentAnalysis | None,
                         verdicts: dict[str, Verdict]) -> list[Finding]:
    """A criterion the lift schedule decides, a late milestone, or no deployment."""
    if deployment is None:
        return []
    dep = deployment.deployment
    if dep is None:
        return [Finding("error", "deploy.invalid",
                        f"The deployment cannot be planned: {deployment.error}", (),
                        _NEW_HORIZON)]
    if not dep.solution.has_schedule:
        return [Finding("error", "deploy.no-schedule",
                        f"No deployment schedule: {dep.solution.explanation}.",
                        tuple(m.id for m in dep.problem.milestones), _NEW_HORIZON)]
    out: list[Finding] = []
    covered: set[str] = set()
    for v in verdicts.values():
        fig = v.deployment
        if fig is None:
            continue
        covered.add(fig.milestone)
        tl = v.timeline
        when = f"day {fig.day}" + (f" ({fig.date.isoformat()})" if fig.date else "")
        source = v.source or _NEW_HORIZON
        items = (v.id, fig.milestone, v.to)
        what = "Criterion" if v.kind == "criterion" else "The planners' target"
        if not v.met:
            out.append(Finding(
                "warning", "deploy.milestone-late",
                f"{what} {v.id} ({v.name}) is missed by {fmt.days(-fig.margin_days)} days: "
                f"the lift that exists reaches {fig.name} on {when}, against "
                f"{fmt.bound_text(v.min_days, v.max_days)} days from {v.from_}; "
                f"{v.other_model.split(';')[0] if v.other_model else ''}. "
                "`impp deploy` shows which extra asset gains the most days.",
                items, source))
        elif tl is not None and tl.met is False:
            out.append(Finding(
                "warning", "deploy.timeline-disagrees",
                f"{what} {v.id} ({v.name}) is met on the lift schedule: {fig.name} on "
                f"{when}, {fmt.days(fig.margin_days)} days inside "
                f"{fmt.bound_text(v.min_days, v.max_days)}; but the timeline alone gives day "
                f"{fmt.days(tl.days)} (missed by {fmt.days(-(tl.margin_days or 0))} days): "
                "bring the timeline's duration for the deployment in line with the lift "
                "schedule (or the lift with the timeline).",
                items, source))
    for m in dep.milestones:
        if m.id in covered or m.met is not False or m.day is None:
            continue
        out.append(Finding(
            "warning", "deploy.milestone-late",
            f"{m.name} is reached on day {m.day} ({m.date}), {m.day - (m.max_days or 0)} "
            f"days after its deadline of {m.max_days} days, with the lift that exists; "
            "`impp deploy` shows which extra asset gains the most days.",
            (m.id, *([m.event] if m.event else [])), m.source or _NEW_HORIZON,
        ))
    return out



@registry.check(
    "models",
    registry.Rule("deploy.milestone-late", "warning",
                  "the lift that exists reaches a capability milestone after its criterion's "
                  "(or target's) bound", f"{_NEW_HORIZON}; the criterion's source"),
    registry.Rule("deploy.timeline-disagrees", "warning",
                  "the lift schedule meets a capability criterion the timeline alone misses: "
                  "both figures", "the criterion's source"),
    registry.Rule("deploy.invalid", "error", "the deployment cannot be planned (and why)",
                  _NEW_HORIZON),
    registry.Rule("deploy.no-schedule", "error",
                  "no deployment schedule exists with the lift and windows given", _NEW_HORIZON),
)
def deployment_check(ctx: registry.Context) -> list[Finding]:
    """The deployment's findings on the analysis's lift schedule and verdicts."""
    return deployment_findings(ctx.plan, ctx.deployment, ctx.verdicts)
