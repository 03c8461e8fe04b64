"""Deployment and resource scheduling with OR-Tools CP-SAT.

When can initial and full operating capability (IOC, FOC) be reached with
the lift that exists, and which extra asset buys the most days? The plan's
units, lift, routes, seasons and milestones become a scheduling instance
(:mod:`impp.deploy.problem`), solved by one CP-SAT model (variables,
constraints, objective: :func:`solve`) warm-started by a serial
schedule-generation heuristic (:mod:`impp.deploy.sgs`). The same model
solves PSPLIB RCPSP instances (:func:`solve_rcpsp`).

Names are imported on first use: the solver (OR-Tools) and the kernels
(numba) load only when a deployment is solved, not when a result is read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from impp.deploy.problem import PERSON_TONNES, build_problem
    from impp.deploy.rcpsp import solve_rcpsp
    from impp.deploy.risk import deployment_risk
    from impp.deploy.schedule import Deployment, plan_deployment
    from impp.deploy.solution import Solution
    from impp.deploy.solver import solve
    from impp.deploy.validate import check_deployment_schedule
    from impp.deploy.whatif import cheapest_additions, what_if

#: Public name -> the module that defines it.
_WHERE = {
    "Deployment": "impp.deploy.schedule",
    "PERSON_TONNES": "impp.deploy.problem",
    "Solution": "impp.deploy.solution",
    "build_problem": "impp.deploy.problem",
    "cheapest_additions": "impp.deploy.whatif",
    "check_deployment_schedule": "impp.deploy.validate",
    "deployment_risk": "impp.deploy.risk",
    "plan_deployment": "impp.deploy.schedule",
    "solve": "impp.deploy.solver",
    "solve_rcpsp": "impp.deploy.rcpsp",
    "what_if": "impp.deploy.whatif",
}

__all__ = [
    "PERSON_TONNES",
    "Deployment",
    "Solution",
    "build_problem",
    "cheapest_additions",
    "check_deployment_schedule",
    "deployment_risk",
    "plan_deployment",
    "solve",
    "solve_rcpsp",
    "what_if",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
