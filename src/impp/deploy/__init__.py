"""Deployment and resource scheduling with OR-Tools CP-SAT.

When can initial and full operating capability (IOC, FOC) be reached with
the lift that exists, and which extra asset buys the most days? The plan's
units, lift, routes, seasons and milestones become a scheduling instance
(:mod:`impp.deploy.problem`), solved by one CP-SAT model (variables,
constraints, objective: :func:`solve`) warm-started by a serial
schedule-generation heuristic (:mod:`impp.deploy.sgs`). The same model
solves PSPLIB RCPSP instances (:func:`solve_rcpsp`).
"""

from impp.deploy.problem import PERSON_TONNES, build_problem
from impp.deploy.rcpsp import solve_rcpsp
from impp.deploy.risk import deployment_risk
from impp.deploy.schedule import Deployment, plan_deployment
from impp.deploy.solver import Solution, solve
from impp.deploy.validate import check_deployment_schedule
from impp.deploy.whatif import cheapest_additions, what_if

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
