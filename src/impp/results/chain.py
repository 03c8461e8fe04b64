"""The results chain as plain data: what `impp results` shows (schema ``impp.results/1``).

Keys: ``schema``, ``mission``, ``priorities``, ``tree`` (objectives ->
benchmarks, indicators, outputs -> activities -> task, indicators),
``table`` (one row per activity: objective, output, priority, activity,
task, owner), ``indicators`` (each with baseline, target, targets, owner),
``unlinked`` (activities with no output, outputs with no objective),
``findings``.
"""

from __future__ import annotations

from typing import Any

from impp.findings import sort_findings
from impp.model.plan import Plan
from impp.model.results import Output
from impp.results.checks import check_results

SCHEMA = "impp.results/1"


def _indicators_of(plan: Plan, item_id: str) -> list[str]:
    return [i.id for i in plan.indicators if i.measures == item_id]


def results_chain(plan: Plan) -> dict[str, Any]:
    """The results chain of a plan as JSON-ready data.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> chain = results_chain(load_plan(carana_path()))
    >>> [o["id"] for o in chain["tree"]]
    ['un_objective']
    >>> [o["id"] for o in chain["tree"][0]["outputs"]]
    ['political_dialogue', 'security_stabilisation', 'full_mission_capacity']
    """
    tasks = {t.id: t for t in plan.tasks}
    tree = []
    for obj in plan.objectives:
        outputs = []
        for out in (o for o in plan.outputs if o.objective == obj.id):
            outputs.append({
                "id": out.id, "name": out.name, "priority": out.priority,
                "deadlines": list(out.deadlines),
                "indicators": _indicators_of(plan, out.id),
                "activities": [
                    {"id": a.id, "name": a.name, "task": a.task,
                     "owner": a.owner or (tasks[a.task].owner if a.task in tasks else None),
                     "engages": list(a.engages)}
                    for a in plan.activities if a.output == out.id
                ],
            })
        tree.append({
            "id": obj.id, "name": obj.name, "kind": obj.kind, "end_state": obj.end_state,
            "success": obj.success,
            "benchmarks": [
                {"id": b.id, "name": b.name, "core": b.core, "term": b.term,
                 "criterion": b.criterion, "indicators": _indicators_of(plan, b.id)}
                for b in plan.benchmarks if b.objective == obj.id
            ],
            "indicators": _indicators_of(plan, obj.id),
            "outputs": outputs,
        })
    outputs_by_id = {o.id: o for o in plan.outputs}
    table = []
    for act in plan.activities:
        served: Output | None = outputs_by_id.get(act.output) if act.output else None
        table.append({
            "objective": served.objective if served else None,
            "output": act.output,
            "priority": served.priority if served else None,
            "activity": act.id,
            "name": act.name,
            "task": act.task,
            "owner": act.owner or (tasks[act.task].owner if act.task in tasks else None),
        })
    return {
        "schema": SCHEMA,
        "mission": {"id": plan.mission.id, "name": plan.mission.name},
        "priorities": [p.model_dump(mode="json", exclude_defaults=True) for p in plan.priorities],
        "tree": tree,
        "table": table,
        "indicators": [
            {"id": i.id, "name": i.name, "measures": i.measures, "baseline": i.baseline,
             "target": i.target,
             "targets": [t.model_dump(mode="json") for t in i.targets],
             "unit": i.unit, "disaggregation": list(i.disaggregation),
             "data_source": i.data_source, "responsible": i.responsible,
             "responsible_kind": i.responsible_kind, "mainstreaming": list(i.mainstreaming)}
            for i in plan.indicators
        ],
        "unlinked": {
            "activities": [a.id for a in plan.activities if a.output is None],
            "outputs": [o.id for o in plan.outputs if o.objective is None],
        },
        "findings": [f.as_dict() for f in sort_findings(check_results(plan))],
    }
