"""Deployment plans: solve a plan's deployment and read the schedule back in its words.

:func:`plan_deployment` compiles the plan (:mod:`impp.deploy.problem`),
solves it with CP-SAT (:func:`impp.deploy.solver.solve`) and returns the
movements (which unit, which leg, which route and lift, when), each unit's
arrival and each milestone's day and date against its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from impp.deploy.job import Job, Runner, run_here
from impp.deploy.problem import DeploymentProblem, build_problem
from impp.deploy.sgs import SgsSchedule
from impp.deploy.solution import Solution, Status
from impp.model.plan import Plan


@dataclass(frozen=True)
class Movement:
    """One leg as scheduled."""

    unit: str
    leg: int
    origin: str
    to: str
    route: str
    lift: str
    assets: int
    trips: int
    start_day: int
    hold_days: int
    arrival_day: int
    start_date: dt.date
    arrival_date: dt.date

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "unit": self.unit, "leg": self.leg, "from": self.origin, "to": self.to,
            "route": self.route, "lift": self.lift, "assets": self.assets,
            "trips": self.trips, "start_day": self.start_day, "hold_days": self.hold_days,
            "arrival_day": self.arrival_day, "start_date": self.start_date.isoformat(),
            "arrival_date": self.arrival_date.isoformat(),
        }


@dataclass(frozen=True)
class MilestoneResult:
    """A milestone reached: day (after the reference event), date, bound, deadline."""

    id: str
    name: str
    day: int | None
    date: dt.date | None
    lower_bound: int | None
    max_days: int | None
    event: str | None
    source: str | None

    @property
    def met(self) -> bool | None:
        """Whether the deadline holds (``None`` without a deadline or a schedule)."""
        if self.max_days is None or self.day is None:
            return None
        return self.day <= self.max_days

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "id": self.id, "name": self.name, "days": self.day,
            "date": self.date.isoformat() if self.date else None,
            "lower_bound": self.lower_bound, "max_days": self.max_days,
            "met": self.met, "event": self.event, "source": self.source,
        }


@dataclass(frozen=True)
class Deployment:
    """A solved deployment."""

    problem: DeploymentProblem
    solution: Solution
    movements: tuple[Movement, ...]
    arrivals: dict[str, int]
    milestones: tuple[MilestoneResult, ...]

    @property
    def status(self) -> Status:
        """The solver's status (see :class:`~impp.deploy.solver.Solution`)."""
        return self.solution.status

    def milestone(self, kind: str) -> MilestoneResult | None:
        """``"foc"``: the milestone of every unit; ``"ioc"``: the first other one."""
        for m, spec in zip(self.milestones, self.problem.milestones, strict=True):
            if (kind == "foc") == (not spec.units):
                return m
        return None


class DeploymentOptions(TypedDict, total=False):
    """The settings of a deployment's solve (see :func:`deployment_job`)."""

    time_limit: float
    workers: int
    extra: dict[str, int] | None
    ioc_first: bool
    seed: int
    deterministic: bool
    bounds: dict[str, int] | None
    start_from: Deployment | None
    look_ahead: bool


def plan_deployment(plan: Plan, *, runner: Runner | None = None,
                    **options: Unpack[DeploymentOptions]) -> Deployment:
    """Schedule the plan's deployment; FOC first, then IOC (or IOC first).

    ``options``: as :func:`deployment_job` takes them; ``runner``: who solves
    (:mod:`impp.deploy.job`; default this process).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> d = plan_deployment(load_plan(carana_path()), time_limit=2)
    >>> d.status in ("optimal", "feasible"), d.milestone("foc").day > 0
    (True, True)
    """
    problem, job = deployment_job(plan, **options)
    return read_back(problem, (runner or run_here)([job])[0])


def deployment_job(
    plan: Plan,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    extra: dict[str, int] | None = None,
    ioc_first: bool = False,
    seed: int = 0,
    deterministic: bool = False,
    bounds: dict[str, int] | None = None,
    start_from: Deployment | None = None,
    look_ahead: bool = False,
) -> tuple[DeploymentProblem, Job]:
    """The problem of the plan's deployment, and the solve it asks for.

    ``time_limit``, ``workers``, ``seed``, ``deterministic``: the solve's
    (:func:`impp.deploy.solver.solve`). ``extra``: lift asset id -> how many
    more there are. ``ioc_first``: minimise IOC before FOC.
    ``bounds``: milestone id -> a day it may not pass (see :func:`build_problem`).
    ``start_from``: a deployment of the same plan with fewer assets (the
    what-if's base), whose schedule is the search's first solution.
    ``look_ahead``: solve IOC's phase on another core while FOC's is proven
    (:mod:`impp.deploy.ahead`; the same schedule, sooner when a core is idle).
    """
    problem = build_problem(plan, extra=extra, ioc_first=ioc_first, bounds=bounds)
    first = carried_over(problem, start_from) if start_from is not None else None
    return problem, Job(problem.instance, time_limit, workers, seed, deterministic, first,
                        look_ahead)


def carried_over(problem: DeploymentProblem, base: Deployment) -> SgsSchedule | None:
    """``base``'s schedule as a schedule of ``problem`` (the same plan with more
    assets), or ``None`` when it is not one.

    Every way of carrying a leg that the base allows stays in the larger
    problem (:func:`build_problem`), but its mode index may change: each leg's
    mode is found again by what it means (route, asset, numbers, season).
    """
    import numpy as np

    sol = base.solution
    acts = problem.instance.activities
    if not sol.has_schedule or len(acts) != len(base.problem.instance.activities):
        return None
    mode = list(sol.mode)
    for old, new in zip(base.problem.legs, problem.legs, strict=True):
        if (old.unit, old.index, old.activity) != (new.unit, new.index, new.activity):
            return None
        meaning = old.modes[sol.mode[old.activity]]
        if meaning not in new.modes:
            return None
        mode[new.activity] = new.modes.index(meaning)
    for i, a in enumerate(acts):
        if not 0 <= mode[i] < len(a.modes):
            return None
    return SgsSchedule(np.array(sol.start, dtype=np.int64), np.array(mode, dtype=np.int64),
                       np.array(sol.finish, dtype=np.int64))


def read_back(problem: DeploymentProblem, sol: Solution) -> Deployment:
    """The solution in the plan's words."""
    day0 = problem.day0
    movements: list[Movement] = []
    if sol.has_schedule:
        for leg in problem.legs:
            i = leg.activity
            meta = leg.modes[sol.mode[i]]
            mode = problem.instance.activities[i].modes[sol.mode[i]]
            s, f = sol.start[i], sol.finish[i]
            movements.append(Movement(
                leg.unit, leg.index, leg.origin, leg.to, meta.route, meta.asset, meta.assets,
                meta.trips, s, mode.duration, f, day0 + dt.timedelta(days=s),
                day0 + dt.timedelta(days=f),
            ))
    # A unit is in place when its last leg arrives (or when it is ready, with no
    # leg): the solver may leave the zero-length "in place" activity of a unit
    # that sets no milestone anywhere after that, which is no news to anyone.
    arrivals: dict[str, int] = {}
    if sol.has_schedule:
        last = {leg.unit: sol.finish[leg.activity] for leg in problem.legs}
        acts = problem.instance.activities
        arrivals = {u: max(acts[i].release, last.get(u, 0)) for u, i in problem.in_place.items()}
    results = []
    for k, m in enumerate(problem.milestones):
        day = sol.values[k] if sol.values else None
        if arrivals:  # the day its last unit is in place (never later than the solver's)
            day = max((arrivals[u] for u in (m.units or tuple(arrivals))), default=0)
        results.append(MilestoneResult(
            m.id, m.name, day, day0 + dt.timedelta(days=day) if day is not None else None,
            sol.lower_bounds[k] if sol.lower_bounds else None, m.max_days, m.event, m.source,
        ))
    return Deployment(problem, sol, tuple(movements), arrivals, tuple(results))
