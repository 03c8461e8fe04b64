"""Conflict analysis: the actor network, the problem tree, scenarios and their findings.

Pure functions of a :class:`~impp.model.Plan` (mission-leadership ch. 2,
"Context analysis: the drivers of peace and conflict"): they never read files;
pictures are returned as matplotlib figures for a view to save.
"""

from impp.analysis.checks import check_conflict_analysis
from impp.analysis.network import ActorMeasures, actor_graph, influence_graph, measure_actors
from impp.analysis.report import analyse
from impp.analysis.tree import problem_tree, tree_layers

__all__ = [
    "ActorMeasures",
    "actor_graph",
    "analyse",
    "check_conflict_analysis",
    "influence_graph",
    "measure_actors",
    "problem_tree",
    "tree_layers",
]
