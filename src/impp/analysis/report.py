"""The conflict analysis as plain data: what `impp analysis` shows (schema ``impp.analysis/1``).

Keys: ``schema``, ``mission``, ``profile`` (settlement, legitimacy,
disputed_by, dimensions), ``actors`` (each with its fields and network
measures), ``relations``, ``network`` (``brokers``, ``influential``,
``isolated_violent``, ``method``), ``problem_tree`` (causes, layers,
key_drivers, cycles), ``scenarios``, ``findings``.
"""

from __future__ import annotations

from typing import Any

from impp.analysis.checks import check_conflict_analysis
from impp.analysis.network import ATTENUATION, brokers, measure_actors, most_influential
from impp.analysis.tree import describe_tree
from impp.findings import sort_findings
from impp.model.plan import Plan

SCHEMA = "impp.analysis/1"

METHOD = {
    "brokerage": "betweenness centrality, normalized, unweighted, on the undirected graph of "
                 "all relations; groups_bridged counts neighbours' groups other than the "
                 "actor's own",
    "influence": "Katz centrality (beta 1, alpha = "
                 f"{ATTENUATION} / max(1, largest total strength of ties into an actor)) on "
                 "the reversed influence graph weighted by strength: high when an actor "
                 "strongly influences influential actors; influence_out is the weighted "
                 "out-degree",
    "isolation": "isolated: no relation; out_of_reach: no path to a collaborating actor",
}


def analyse(plan: Plan) -> dict[str, Any]:
    """The whole conflict analysis of a plan as JSON-ready data.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> data = analyse(load_plan(carana_path()))
    >>> data["schema"], len(data["actors"]) > 0
    ('impp.analysis/1', True)
    """
    measures = measure_actors(plan)
    by_actor = {m.actor: m.as_dict() for m in measures}
    actors = []
    for actor in plan.actors:
        row = actor.model_dump(mode="json", exclude_defaults=True)
        row.setdefault("uses_violence", False)
        row.setdefault("collaborates", False)
        row["measures"] = by_actor[actor.id]
        actors.append(row)
    return {
        "schema": SCHEMA,
        "mission": {"id": plan.mission.id, "name": plan.mission.name},
        "profile": plan.profile.model_dump(mode="json", exclude_defaults=True),
        "actors": actors,
        "relations": [r.model_dump(mode="json", exclude_defaults=True) | {"type": r.type}
                      for r in plan.relations],
        "network": {
            "brokers": [m.actor for m in brokers(measures)],
            "influential": [m.actor for m in most_influential(measures)],
            "isolated_violent": [m.actor for m in measures
                                 if m.violent and (m.isolated or m.out_of_reach)],
            "method": METHOD,
        },
        "problem_tree": describe_tree(plan),
        "scenarios": [s.model_dump(mode="json", exclude_defaults=True) | {"case": s.case}
                      for s in plan.scenarios],
        "findings": [f.as_dict() for f in sort_findings(check_conflict_analysis(plan))],
    }
