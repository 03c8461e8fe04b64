"""The problem tree: causes of conflict and the cause -> effect links between them.

The causal analysis "should identify and distinguish between structural
causes, intermediate or proximate causes and immediate causes or triggers ...
perhaps by using a problem tree. The result should provide a clear idea of the
key drivers" (mission-leadership ch. 2, element 2). A cause's reach (how many
causes it feeds, directly or not) is how this module ranks the key drivers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from impp.model.plan import Plan

if TYPE_CHECKING:
    import networkx as nx

#: The levels of the tree, roots first: structural causes feed proximate ones, which feed triggers.
LEVELS: tuple[str, ...] = ("structural", "proximate", "trigger")


def problem_tree(plan: Plan) -> nx.DiGraph:
    """Causes as nodes, ``cause -> effect`` as edges.

    >>> from impp.model import Cause, Mission, Plan
    >>> plan = Plan(mission=Mission(id="m", name="M"), causes=(
    ...     Cause(id="root", name="Root", level="structural", effects=("spark",)),
    ...     Cause(id="spark", name="Spark", level="trigger")))
    >>> list(problem_tree(plan).edges)
    [('root', 'spark')]
    """
    import networkx as nx

    graph = nx.DiGraph()
    for cause in plan.causes:
        graph.add_node(cause.id, level=cause.level, driver=cause.driver, name=cause.name)
    for cause in plan.causes:
        for effect in cause.effects:
            graph.add_edge(cause.id, effect)
    return graph


def tree_layers(plan: Plan) -> dict[str, list[str]]:
    """Cause ids by level, in the plan's order.

    >>> from impp.model import Cause, Mission, Plan
    >>> tree_layers(Plan(mission=Mission(id="m", name="M"),
    ...                  causes=(Cause(id="c", name="C", level="trigger"),)))
    {'structural': [], 'proximate': [], 'trigger': ['c']}
    """
    return {level: [c.id for c in plan.causes if c.level == level] for level in LEVELS}


def addressed_by(plan: Plan) -> dict[str, list[str]]:
    """For each cause, the objectives, outputs and activities that address it.

    >>> from impp.model import Cause, Mission, Objective, Plan
    >>> addressed_by(Plan(mission=Mission(id="m", name="M"),
    ...     causes=(Cause(id="c", name="C", level="structural"),),
    ...     objectives=(Objective(id="o", name="O", addresses=("c",)),)))
    {'c': ['o']}
    """
    out: dict[str, list[str]] = {c.id: [] for c in plan.causes}
    addressing = [(i.id, i.addresses) for i in plan.objectives]
    addressing += [(i.id, i.addresses) for i in plan.outputs]
    addressing += [(i.id, i.addresses) for i in plan.activities]
    for item_id, causes in addressing:
        for cause in causes:
            out.setdefault(cause, []).append(item_id)
    return out


def describe_tree(plan: Plan) -> dict[str, Any]:
    """The tree as JSON-ready data: causes with level, effects, reach, and what addresses them.

    ``reach`` counts the causes downstream of each cause; ``cycles`` lists
    feedback loops (a conflict system may have them; a tree drawn from them
    should say so).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> d = describe_tree(load_plan(carana_path()))
    >>> d["causes"][0]["id"], d["causes"][0]["level"]
    ('ethnic_religious_tensions', 'structural')
    """
    import networkx as nx

    graph = problem_tree(plan)
    addressing = addressed_by(plan)
    causes: list[dict[str, Any]] = []
    for cause in plan.causes:
        causes.append({
            "id": cause.id,
            "name": cause.name,
            "level": cause.level,
            "driver": cause.driver,
            "effects": list(cause.effects),
            "reach": len(nx.descendants(graph, cause.id)),
            "addressed_by": addressing.get(cause.id, []),
            "assumption": cause.assumption,
            "source": cause.source,
        })
    key = sorted(causes, key=lambda c: (-int(c["reach"]), LEVELS.index(str(c["level"]))))
    return {
        "causes": causes,
        "layers": tree_layers(plan),
        "key_drivers": [c["id"] for c in key if c["reach"]][:3],
        "cycles": [list(c) for c in nx.simple_cycles(graph)],
    }
