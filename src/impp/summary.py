"""The main job's content: everything `impp plan` shows, as plain data.

Views (the terminal table, ``--format json``, the report) render this; they
never compute. Schema ``impp.plan/1`` (documented in the README):

- ``mission``: id, name, country, mandate, objective, sensitivity
- ``process``: level, level_name, stage, outputs_produced, outputs_missing,
  decisions, task_force
- ``events``: id -> name, date (given), earliest, latest, date_earliest
- ``criteria``: id -> name, from, to, min_days, max_days, source, assumption
- ``findings``: list of severity, code, message, items, source
- ``counts``: errors, warnings, infos
- ``tables``: extra tables from analyses, each ``{id, title, columns, rows}``

Analyses add to the summary through :data:`ENRICHERS` (one line each), so
the main job grows without this module knowing every analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from impp.checks import run_checks
from impp.deploy.enrich import enrich_summary as enrich_deployment
from impp.model.plan import Plan
from impp.process.catalogue import load_process
from impp.results.chain import enrich_summary as enrich_results
from impp.risk.enrich import add_probabilities
from impp.temporal.checks import enrich_summary

SCHEMA = "impp.plan/1"

#: ``(plan, summary) -> None`` functions that add an analysis's results to the
#: summary in place: dates on ``events``, ``met``/``margin_days``/``probability``
#: on ``criteria``, extra ``tables``. Run in order, after the base summary.
Enricher = Callable[[Plan, dict[str, Any]], None]
ENRICHERS: list[Enricher] = [
    enrich_summary,
    enrich_results,
    add_probabilities,
    enrich_deployment,
]


def summarize(plan: Plan) -> dict[str, Any]:
    """The summary of a plan as JSON-ready data.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> s = summarize(load_plan(carana_path()))
    >>> s["mission"]["id"], s["process"]["level"]
    ('carana', '1.2')
    """
    process = load_process()
    level = process.level(plan.process.level)
    produced = set(plan.process.outputs)
    findings = run_checks(plan)
    events: dict[str, dict[str, Any]] = {}
    for event in plan.events:
        events[event.id] = {
            "name": event.name,
            "date": event.date.isoformat() if event.date else None,
            "source": event.source,
        }
    for task in plan.tasks:
        for end in ("start", "end"):
            events[f"{task.id}.{end}"] = {"name": f"{task.name} ({end})", "date": None,
                                          "source": task.source}
    criteria = {
        c.id: {
            "name": c.name,
            "from": c.from_,
            "to": c.to,
            "min_days": c.min_days,
            "max_days": c.max_days,
            "source": c.source,
            "assumption": c.assumption,
        }
        for c in plan.criteria
    }
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "mission": {
            "id": plan.mission.id,
            "name": plan.mission.name,
            "country": plan.mission.country,
            "mandate": plan.mission.mandate,
            "objective": plan.mission.objective,
            "sensitivity": plan.highest_sensitivity.value,
        },
        "process": {
            "level": level.id,
            "level_name": level.name,
            "stage": level.stage,
            "next_decision": level.decision.id,
            "next_decision_name": level.decision.name,
            "outputs_produced": [o.id for o in level.outputs if o.id in produced],
            "outputs_missing": [
                o.id for o in level.outputs if o.id not in produced and not o.optional
            ],
            "decisions": [d.model_dump(mode="json") for d in plan.process.decisions],
            "task_force": [m.model_dump(mode="json") for m in plan.process.task_force],
        },
        "events": events,
        "criteria": criteria,
        "findings": [f.as_dict() for f in findings],
        "counts": {
            sev: sum(1 for f in findings if f.severity == sev)
            for sev in ("error", "warning", "info")
        },
        "tables": [],
    }
    for enrich in ENRICHERS:
        enrich(plan, summary)
    return summary
