"""The main job's content: everything `impp plan` shows, as plain data.

:func:`project` turns a :class:`~impp.plan_analysis.PlanAnalysis` into the
JSON-ready summary (schema ``impp.plan/1``, documented in the README); the
terminal view, ``--format json``, the report and the store's diff render
it. It only reads the analysis: no model is run here and nothing is
changed in place, so every view shows the same verdict for a criterion.

- ``mission``: id, name, country, mandate, objective, sensitivity
- ``process``: level, level_name, stage, next_decision, outputs_produced,
  outputs_missing, decisions, task_force
- ``events``: id -> name, date (given), earliest, latest, date_earliest
- ``criteria``: id -> the verdict (met, margin_days, basis, probability, state)
  and the figures of each model behind it
- ``targets``: the same for the targets the planners set (estimates)
- ``findings``: list of severity, code, message, items, source
- ``counts``: errors, warnings, infos
- ``tables``: extra tables from analyses, each ``{id, title, columns, rows}``
"""

from __future__ import annotations

from typing import Any

from impp import fmt
from impp.model.plan import Plan
from impp.plan_analysis import Parameters, PlanAnalysis, analyse

SCHEMA = "impp.plan/1"


def summarize(plan: Plan, parameters: Parameters | None = None) -> dict[str, Any]:
    """The summary of a plan as JSON-ready data (its analysis, projected).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> s = summarize(load_plan(carana_path()))
    >>> s["mission"]["id"], s["process"]["level"]
    ('carana', '1.2')
    """
    return project(plan, analyse(plan, parameters))


def project(plan: Plan, a: PlanAnalysis) -> dict[str, Any]:
    """The analysis ``a`` of ``plan`` as the ``impp.plan/1`` summary."""
    p = a.process
    s = a.schedule
    events: dict[str, dict[str, Any]] = {}
    for event in plan.events:
        events[event.id] = {"name": event.name,
                            "date": event.date.isoformat() if event.date else None,
                            "source": event.source}
    for task in plan.tasks:
        for end in ("start", "end"):
            events[f"{task.id}.{end}"] = {"name": f"{task.name} ({end})", "date": None,
                                          "source": task.source}
    for eid, times in s.events.items():
        entry = events.get(eid)
        if entry is None:
            continue
        entry["earliest"] = fmt.round_days(times.earliest)
        entry["latest"] = fmt.round_days(times.latest)
        entry["date_earliest"] = times.date.isoformat() if times.date else None
        entry["date_latest"] = times.date_latest.isoformat() if times.date_latest else None
    dep = a.deployment.deployment if a.deployment is not None else None
    if dep is not None and dep.solution.has_schedule:
        for m in dep.milestones:
            if m.event is not None and m.event in events:
                events[m.event]["deployment_date"] = m.date.isoformat() if m.date else None
    tables: list[dict[str, Any]] = []
    rows = [
        [t.id, fmt.day_or_date(t.start, t.date_start), fmt.day_or_date(t.end, t.date_end),
         fmt.days(t.duration), fmt.days(t.float_days), t.critical]
        for t in sorted(s.tasks.values(), key=lambda t: (t.start is None, t.start or 0.0))
    ]
    tables.append({
        "id": "timeline.tasks", "title": "Timeline: tasks in the earliest schedule",
        "columns": ["task", "start", "end", "days", "float", "critical"], "rows": rows,
    })
    tables.extend(_results_tables(plan))
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "mission": {
            "id": plan.mission.id, "name": plan.mission.name, "country": plan.mission.country,
            "mandate": plan.mission.mandate, "objective": plan.mission.objective,
            "sensitivity": plan.highest_sensitivity.value,
        },
        "process": {
            "level": p.level, "level_name": p.level_name, "stage": p.stage,
            "next_decision": p.next_decision, "next_decision_name": p.next_decision_name,
            "outputs_produced": list(p.outputs_produced),
            "outputs_missing": list(p.outputs_missing),
            "decisions": [d.model_dump(mode="json") for d in plan.process.decisions],
            "task_force": [m.model_dump(mode="json") for m in plan.process.task_force],
        },
        "events": events,
        "criteria": {cid: v.as_dict() for cid, v in a.verdicts.items()},
        "targets": {cid: v.as_dict() for cid, v in a.targets.items()},
        "timeline": {
            "consistent": s.consistent, "day_zero": s.day_zero,
            "day_zero_date": s.day_zero_date.isoformat() if s.day_zero_date else None,
            "critical_path": list(s.critical_path),
            "conflict": s.conflict.ids if s.conflict else [],
            "relaxed": ({"fix": s.relaxed_by.as_dict(),
                         "tasks": {k: v.as_dict() for k, v in s.relaxed.tasks.items()}}
                        if s.relaxed is not None and s.relaxed_by is not None else None),
            "tasks": {k: v.as_dict() for k, v in s.tasks.items()},
        },
        "findings": [f.as_dict() for f in a.findings],
        "counts": a.counts,
        "tables": tables,
    }
    if a.deployment is not None:
        summary["deployment"] = deployment_summary(a)
        tables.extend(_deployment_tables(a))
    if a.cost is not None or a.cost_error is not None:
        summary["cost"] = cost_summary(a)
        tables.extend(_cost_tables(plan, a))
    return summary


def cost_summary(a: PlanAnalysis) -> dict[str, Any]:
    """The cost part of the summary: totals and the first year's odds (`impp cost`
    gives the lines and the rates)."""
    if a.cost is None:
        return {"error": a.cost_error}
    c = a.cost
    return {"currency": c.currency, "day0": c.day0.isoformat(),
            "reference_event": c.reference_event, "total": c.total,
            "by_driver": c.by_driver, "by_period": c.by_period,
            "periods": [p.as_dict() for p in c.periods],
            "by_period_driver": c.by_period_driver, "by_output": c.by_output,
            "uniformed_person_years": c.uniformed_person_years,
            "per_uniformed_person_year": c.per_uniformed_person_year,
            "first_year": c.first_year.as_dict()}


def _cost_tables(plan: Plan, a: PlanAnalysis) -> list[dict[str, Any]]:
    """The budget tables (by driver, by budget year, by output, the rates), as the
    Draft Mission Budget and the Mission Plan print them."""
    c = a.cost
    if c is None:
        return []
    cur = c.currency
    total = c.total or 1.0
    names = {o.id: o.name for o in plan.outputs}
    return [{
        "id": "cost_by_driver",
        "title": f"Cost by driver ({cur}, day 0 = {c.day0.isoformat()}, "
                 f"{c.horizon_days} days)",
        "columns": ["driver", "amount", "share"],
        "rows": [[d, fmt.money(round(v), cur), fmt.percent(v / total)]
                 for d, v in c.by_driver.items()],
    }, {
        "id": "cost_by_period",
        "title": "Cost by UN budget year (1 July to 30 June)",
        "columns": ["budget year", "from", "to", "amount"],
        "rows": [[p.label, p.start.isoformat(), p.end.isoformat(),
                  fmt.money(round(c.by_period.get(p.label, 0.0)), cur)] for p in c.periods],
    }, {
        "id": "cost_by_output",
        "title": "Cost by output of the results chain (results-based budgeting)",
        "columns": ["output", "amount", "share"],
        "rows": [[names.get(o, o), fmt.money(round(v), cur), fmt.percent(v / total)]
                 for o, v in sorted(c.by_output.items(), key=lambda kv: -kv[1])],
    }, {
        "id": "cost_rates",
        "title": "Rates used, with their sources",
        "columns": ["rate", "driver", "amount", "per", "source"],
        "rows": [[r.name, r.driver, fmt.money(r.amount, cur), r.per.replace("_", "-"),
                  (r.source or "-") + (" (assumption)" if r.assumption else "")]
                 for r in c.rates],
    }]


def deployment_summary(a: PlanAnalysis) -> dict[str, Any]:
    """The deployment part of the summary (also ``impp deploy --format json``'s core)."""
    d = a.deployment
    assert d is not None
    dep = d.deployment
    if dep is None or not dep.solution.has_schedule:
        return {"status": dep.status if dep else "invalid",
                "explanation": d.error or (dep.solution.explanation if dep else "")}
    return {
        "status": dep.status, "reference_event": dep.problem.reference_event,
        "day0": dep.problem.day0.isoformat(),
        "milestones": {m.id: m.as_dict() for m in dep.milestones},
        "what_if": [r.as_dict() for r in d.what_if],
        "risk": d.risk,
    }


def _deployment_tables(a: PlanAnalysis) -> list[dict[str, Any]]:
    d = a.deployment
    if d is None or d.deployment is None or not d.deployment.solution.has_schedule:
        return []
    dep = d.deployment
    return [{
        "id": "deployment_milestones",
        "title": f"Deployment: capability milestones (days after {dep.problem.reference_event}, "
                 f"day 0 = {dep.problem.day0.isoformat()})",
        "columns": ["milestone", "days", "date", "deadline", "met", "lower bound"],
        "rows": [[m.name, m.day, m.date.isoformat() if m.date else None, m.max_days,
                  m.met, m.lower_bound] for m in dep.milestones],
    }, {
        "id": "deployment_what_if",
        "title": "Deployment what-if: one more lift asset (days gained; nothing gets later)",
        "columns": ["lift", "now", "IOC gain", "FOC gain", "cost of one more", "search"],
        "rows": [[r.name, r.count, r.ioc_gain, r.foc_gain, fmt.money(r.cost),
                  r.status if r.basis == "solved" else "feasible (no better schedule found)"]
                 for r in d.what_if],
    }]


def _results_tables(plan: Plan) -> list[dict[str, Any]]:
    if not plan.outputs:
        return []
    rows = []
    for out in plan.outputs:
        acts = [x for x in plan.activities if x.output == out.id]
        rows.append([
            out.objective or "-", out.id, out.priority or "-",
            len(acts), sum(1 for x in acts if x.task is not None),
            sum(1 for i in plan.indicators if i.measures == out.id),
        ])
    return [{
        "id": "results_chain", "title": "Results chain (ISF): outputs",
        "columns": ["objective", "output", "priority", "activities", "on timeline",
                    "indicators"],
        "rows": rows,
    }]
