"""What schedule risk adds to `impp plan`: the probability next to each criterion."""

from __future__ import annotations

from typing import Any

from impp.exceptions import PlanInconsistentError
from impp.model.plan import Plan

#: A modest run: enough for two decimals, fast enough for every `impp plan`.
SUMMARY_SAMPLES = 2000
SUMMARY_SEED = 0


def add_probabilities(plan: Plan, summary: dict[str, Any]) -> None:
    """Set ``criteria[id]["probability"]`` from a small seeded simulation.

    A plan whose minimum gaps form a cycle gets no probabilities (the
    temporal checks report the cycle).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> plan = load_plan(carana_path())
    >>> s = {"criteria": {c.id: {} for c in plan.criteria}}
    >>> add_probabilities(plan, s)
    >>> 0 <= s["criteria"]["deployment_within_90"]["probability"] <= 1
    True
    """
    if not plan.criteria:
        return
    from impp.risk.simulate import simulate

    try:
        result = simulate(plan, SUMMARY_SAMPLES, SUMMARY_SEED)
    except PlanInconsistentError:
        return
    for cid, check in result.criteria.items():
        if cid in summary["criteria"] and check.probability is not None:
            summary["criteria"][cid]["probability"] = round(check.probability, 2)
