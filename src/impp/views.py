"""The projections every front end shows: one analysis, read for one reader.

The command line (``impp timeline``, ``risk``, ``deploy``) and the web
workspace render the same JSON-ready data, built here from the plan's one
analysis (:mod:`impp.plan_analysis`) and cut to the reader's clearance by the
one withholding rule (:mod:`impp.clearance`). Nothing is computed here that
the analysis did not compute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from impp.fmt import round_days

if TYPE_CHECKING:
    from impp.clearance import Clearance
    from impp.findings import Finding
    from impp.model.plan import Plan
    from impp.plan_analysis import PlanAnalysis

TIMELINE_SCHEMA = "impp.timeline/1"


def shown_to(reader: Clearance, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as ``reader`` may see it, saying what was left out (``withheld``)."""
    out: dict[str, Any]
    out, dropped = reader.redact_counted(data)
    if reader.withholds:
        out["withheld"] = {"max_sensitivity": reader.level.value,
                           "items": reader.omitted_items, "records": dropped,
                           "note": reader.note(dropped)}
    return out


def for_reader(summary: dict[str, Any], reader: Clearance) -> dict[str, Any]:
    """An ``impp.plan/1`` summary as ``reader`` may see it: the verdicts are the
    whole plan's (one analysis); what names a withheld item is left out, and the
    summary says how much (``withheld``)."""
    if not reader.withholds:
        return summary
    out = shown_to(reader, summary)
    out["counts"] = {sev: sum(1 for f in out["findings"] if f.get("severity") == sev)
                     for sev in ("error", "warning", "info")}
    out["mission"]["sensitivity"] = reader.marking.value
    return out


def plan_summary(plan: Plan, a: PlanAnalysis, reader: Clearance) -> dict[str, Any]:
    """The summary of the analysis ``a`` of ``plan``, as ``reader`` may see it."""
    from impp.summary import project

    return for_reader(project(plan, a), reader)


def other_readings(verdicts: dict[str, Any]) -> list[str]:
    """A sentence for each verdict whose source is read one way of two: the verdict
    the other way (``verdicts``: the summary's criteria and targets)."""
    from impp import fmt

    lines = []
    for cid, c in verdicts.items():
        other = c.get("other_reading")
        if not other:
            continue
        state = (f"met with {fmt.days(other['margin_days'])} days to spare" if other["met"]
                 else f"missed by {fmt.days(-other['margin_days'])} days")
        lines.append(
            f"Read otherwise, {cid} counts from {other['from']} instead of {c['from']}: day "
            f"{fmt.days(other['days'])}, {state} (the plan's reading: "
            f"{c.get('state', 'unknown')}).")
    return lines


def decided_by(c: dict[str, Any]) -> str:
    """Which model decides a criterion (one entry of ``criteria``), in words; where the
    doctrine overrules it, the doctrine's reason on the same row.

    >>> decided_by({"basis": "timeline", "doctrine": None})
    'timeline'
    >>> decided_by({"basis": "timeline", "doctrine": {"code": "timeline.before-presence",
    ...                                               "reason": "No one is there."}})
    'doctrine (timeline.before-presence): No one is there. Timeline alone: met'
    """
    basis = "lift schedule" if c.get("basis") == "deployment" else "timeline"
    if c.get("other_model"):
        basis += f" ({c['other_model']})"
    doctrine = c.get("doctrine")
    if not doctrine:
        return basis
    return f"doctrine ({doctrine['code']}): {doctrine['reason']} {basis.capitalize()} alone: met"


def timeline_findings_of(a: PlanAnalysis) -> list[Finding]:
    """The analysis's findings about the timeline and its criteria."""
    return [f for f in a.findings if f.code.startswith("timeline.") or f.code in (
        "deploy.timeline-disagrees", "deploy.milestone-late")]


def timeline_data(a: PlanAnalysis, reader: Clearance) -> dict[str, Any]:
    """``impp.timeline/1``: dates, float, critical path, criteria (one verdict each)."""
    s = a.schedule
    data: dict[str, Any] = {
        "schema": TIMELINE_SCHEMA, **s.as_dict(),
        "overlaps": [o.as_dict() for o in a.overlaps],
        "findings": [f.as_dict() for f in timeline_findings_of(a)]}
    # one verdict per criterion: the analysis's, with the timeline's own check
    data["criteria"] = {cid: {**data["criteria"].get(cid, {}), **v.as_dict()}
                        for cid, v in a.verdicts.items()}
    return shown_to(reader, data)


def risk_data(a: PlanAnalysis, reader: Clearance) -> dict[str, Any] | None:
    """``impp.risk/1``: the odds of each criterion on its basis (``None``: no risk)."""
    from impp.risk.result import RiskResult

    if a.risk is None:
        return None
    deployment = a.deployment.risk if a.deployment is not None else None
    result = RiskResult(**{**a.risk.__dict__, "deployment": deployment})
    data = result.as_dict()
    # one verdict per criterion: the analysis's probability on its basis,
    # schedule risk's own odds on the timeline beside it
    for cid, v in a.verdicts.items():
        entry = data["criteria"].setdefault(cid, {})
        entry["timeline_probability"] = entry.get("probability")
        entry.update({"probability": None if v.probability is None
                      else round(v.probability, 4), "basis": v.basis, "met": v.met,
                      "margin_days": round_days(v.margin_days), "state": v.state})
    return shown_to(reader, data)


def deployment_data(plan: Plan, a: PlanAnalysis, reader: Clearance) -> dict[str, Any] | None:
    """The deployment of the analysis: status, milestones, movements, what-if
    (``None`` when the plan deploys nothing; ``error`` when it cannot be planned)."""
    if a.deployment is None:
        return None
    dep = a.deployment.deployment
    if dep is None:
        return {"status": "invalid", "error": a.deployment.error}
    ioc, foc = dep.milestone("ioc"), dep.milestone("foc")
    data: dict[str, Any] = {
        "status": dep.status,
        "explanation": dep.solution.explanation,
        "reference_event": dep.problem.reference_event,
        "day0": dep.problem.day0.isoformat(),
        "ioc": ioc.as_dict() if ioc else None,
        "foc": foc.as_dict() if foc else None,
        "milestones": [m.as_dict() for m in dep.milestones],
        "criteria": {k: v.as_dict() for k, v in a.verdicts.items() if v.basis == "deployment"},
        "targets": {k: v.as_dict() for k, v in a.targets.items() if v.basis == "deployment"},
        "movements": [m.as_dict() for m in dep.movements],
        "arrivals": dep.arrivals,
        "what_if": [r.as_dict() for r in a.deployment.what_if],
        "findings": [f.as_dict() for f in a.findings if f.code.startswith("deploy.")],
    }
    return shown_to(reader, data)


def lift_withheld(plan: Plan, reader: Clearance) -> bool:
    """True when a lift asset is withheld (the asset-use chart names them all)."""
    return any(asset.id in reader.hidden for asset in plan.lift)


__all__ = ["decided_by", "deployment_data", "for_reader", "lift_withheld", "other_readings",
           "plan_summary", "risk_data", "shown_to", "timeline_data", "timeline_findings_of"]


def cost_data(a: PlanAnalysis, reader: Clearance) -> dict[str, Any] | None:
    """``impp.cost/1``: the estimate as ``reader`` may see it (``None``: the plan
    sets no costs; ``error``: why it cannot be estimated)."""
    if a.cost is None:
        return None if a.cost_error is None else {"schema": "impp.cost/1",
                                                    "error": a.cost_error}
    data = {"schema": "impp.cost/1", **a.cost.as_dict()}
    # what one more asset buys (the deployment's what-if) and what it costs here
    rows = a.deployment.what_if if a.deployment is not None else ()
    data["what_if"] = [{
        "asset": r.asset, "name": r.name, "ioc_gain": r.ioc_gain, "foc_gain": r.foc_gain,
        "status": r.status, "cost_per_extra": r.cost,
        "per_month": a.cost.per_extra_asset_month.get(r.asset),
    } for r in rows]
    return shown_to(reader, data)


def cost_line(c: dict[str, Any]) -> str:
    """The cost verdict in one line: total, first year, the odds of the ceiling
    (what `impp plan` prints and the report's executive summary says)."""
    from impp import fmt

    if c.get("error"):
        return f"Cost: not estimated ({c['error']})"
    cur, fy = c["currency"], c["first_year"]
    line = (f"Cost: {fmt.money(round(c['total']), cur)} over the estimate; first year "
            f"{fmt.money(round(fy['amount']), cur)}")
    if fy.get("ceiling") is not None:
        line += (f", inside the ceiling of {fmt.money(round(fy['ceiling']), cur)} in "
                 f"{fmt.percent(fy['within_ceiling'])}")
        if fy.get("joint") is not None:
            line += (f" and with {fy['milestone_name'] or fy['milestone']} on time in "
                     f"{fmt.percent(fy['joint'])}")
    return line + " (`impp cost`)."
