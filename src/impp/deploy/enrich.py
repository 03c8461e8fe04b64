"""Deployment in the main job: IOC/FOC against their deadlines, the what-if, a finding.

:func:`enrich_summary` (in ``summary.ENRICHERS``) adds the milestones' days
and dates to the criteria whose ``to`` is a milestone's event, and two
tables; :func:`check_deployment` (in ``checks.CHECKS``) reports a milestone
that misses its deadline or a deployment that cannot be scheduled. Both
share one short solve per plan revision, kept in memory only.
"""

from __future__ import annotations

from typing import Any

from impp.deploy.schedule import Deployment, plan_deployment
from impp.deploy.whatif import WhatIf, what_if
from impp.exceptions import DeploymentError
from impp.findings import Finding
from impp.model.plan import Plan
from impp.temporal import schedule

#: CP-SAT deterministic time (work units, about seconds) for the main solve and
#: for each what-if solve inside `impp plan`.
PLAN_TIME_LIMIT = 2.0
WHATIF_TIME_LIMIT = 0.5

_NEW_HORIZON = "New Horizon (2009), Faster deployment"


_CACHE: dict[str, tuple[Deployment | None, list[WhatIf], str | None]] = {}


def solved(plan: Plan) -> tuple[Deployment | None, list[WhatIf], str | None]:
    """The plan's deployment, what-if rows and error (``None`` when there is none).

    Equal plans (same content hash) share one solve; a few are kept in memory.
    """
    key = plan.content_hash()
    if key not in _CACHE:
        try:
            # Deterministic limits: the main job and the documents built from
            # it must give the same figures on every run, whatever the load.
            dep: Deployment | None = plan_deployment(
                plan, time_limit=PLAN_TIME_LIMIT, deterministic=True
            )
        except DeploymentError as exc:
            _CACHE[key] = (None, [], str(exc))
        else:
            assert dep is not None
            rows = (what_if(plan, dep, time_limit=WHATIF_TIME_LIMIT, deterministic=True)
                    if dep.solution.has_schedule else [])
            _CACHE[key] = (dep, rows, None)
        while len(_CACHE) > 4:
            _CACHE.pop(next(iter(_CACHE)))
    return _CACHE[key]


def _applies(plan: Plan) -> bool:
    return bool(plan.units and plan.milestones)


def check_deployment(plan: Plan) -> list[Finding]:
    """A finding for each milestone that misses its deadline, or the deployment that cannot run.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> [f.code for f in check_deployment(load_plan(carana_path()))]
    ['deploy.timeline-disagrees', 'deploy.milestone-late']
    """
    if not _applies(plan):
        return []
    dep, _, error = solved(plan)
    if dep is None:
        return [Finding("error", "deploy.invalid", f"The deployment cannot be planned: {error}",
                        (), _NEW_HORIZON)]
    if not dep.solution.has_schedule:
        return [Finding("error", "deploy.no-schedule",
                        f"No deployment schedule: {dep.solution.explanation}.",
                        tuple(m.id for m in dep.problem.milestones), _NEW_HORIZON)]
    out = _disagreements(plan, dep)
    for m in dep.milestones:
        if m.met is False and m.day is not None:
            out.append(Finding(
                "warning", "deploy.milestone-late",
                f"{m.name} is reached on day {m.day} ({m.date}), {m.day - (m.max_days or 0)} "
                f"days after its deadline of {m.max_days} days, with the lift that exists; "
                "`impp deploy` shows which extra asset gains the most days.",
                (m.id, *( [m.event] if m.event else [])), m.source or _NEW_HORIZON,
            ))
    return out


def enrich_summary(plan: Plan, summary: dict[str, Any]) -> None:
    """Add the deployment's milestones and what-if to the main job's summary."""
    if not _applies(plan):
        return
    dep, rows, error = solved(plan)
    if dep is None or not dep.solution.has_schedule:
        summary["deployment"] = {"status": dep.status if dep else "invalid",
                                 "explanation": error or (dep.solution.explanation
                                                          if dep else "")}
        return
    milestones = {m.id: m.as_dict() for m in dep.milestones}
    summary["deployment"] = {
        "status": dep.status, "reference_event": dep.problem.reference_event,
        "day0": dep.problem.day0.isoformat(), "milestones": milestones,
        "what_if": [r.as_dict() for r in rows],
    }
    for m in dep.milestones:
        if m.event is None:
            continue
        event = summary.get("events", {}).get(m.event)
        if event is not None:
            event["deployment_date"] = m.date.isoformat() if m.date else None
        for crit in summary.get("criteria", {}).values():
            if crit.get("to") == m.event and crit.get("from") == dep.problem.reference_event:
                met = (m.day <= crit["max_days"]
                       if crit.get("max_days") is not None and m.day is not None else None)
                crit["deployment"] = {"milestone": m.id, "days": m.day,
                                      "date": m.date.isoformat() if m.date else None,
                                      "met": met}
                # The lift schedule is the detailed answer for a capability
                # milestone; the timeline's aggregate task stays on record.
                if met is not None:
                    crit["timeline_met"] = crit.get("met")
                    crit["timeline_margin_days"] = crit.get("margin_days")
                    crit["met"] = met
                    crit["margin_days"] = crit["max_days"] - m.day
                    crit["basis"] = "deployment"
    summary.setdefault("tables", []).append({
        "id": "deployment_milestones",
        "title": f"Deployment: capability milestones (days after {dep.problem.reference_event}, "
                 f"day 0 = {dep.problem.day0.isoformat()})",
        "columns": ["milestone", "days", "date", "deadline", "met", "lower bound"],
        "rows": [[m.name, m.day, m.date.isoformat() if m.date else None, m.max_days,
                  m.met, m.lower_bound] for m in dep.milestones],
    })
    summary["tables"].append({
        "id": "deployment_what_if",
        "title": "Deployment what-if: one more lift asset (days gained)",
        "columns": ["lift", "now", "IOC gain", "FOC gain", "cost of one more"],
        "rows": [[r.name, r.count, r.ioc_gain, r.foc_gain, r.cost] for r in rows],
    })


def _disagreements(plan: Plan, dep: Deployment) -> list[Finding]:
    """Milestones the lift schedule and the timeline's own estimate judge differently."""
    timeline = schedule(plan)
    if not timeline.consistent:
        return []
    out = []
    for m in dep.milestones:
        if m.event is None or m.day is None or m.max_days is None:
            continue
        for c in plan.criteria:
            check = timeline.criteria.get(c.id)
            if c.to != m.event or c.from_ != dep.problem.reference_event or check is None:
                continue
            if check.met is None or check.met == (m.day <= m.max_days):
                continue
            margin = check.margin_days
            verdict = (f"misses it by {-margin:g} days" if margin is not None and margin < 0
                       else "meets it")
            out.append(Finding(
                "warning", "deploy.timeline-disagrees",
                f"The timeline's own estimate for {m.event} {verdict}, but the lift schedule "
                f"reaches {m.name} on day {m.day} against {c.max_days:g}: bring the "
                f"timeline's duration in line with the deployment plan (or the lift with "
                f"the timeline).",
                (c.id, m.id, m.event), c.source or _NEW_HORIZON,
            ))
    return out

