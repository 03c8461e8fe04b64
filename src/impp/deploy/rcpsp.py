"""RCPSP (PSPLIB) through the same model as deployment.

RCPSP, the resource-constrained project scheduling problem: activities with
durations and demands on renewable resources, finish-to-start precedences;
minimise the makespan. It is the deployment problem with one mode per
activity, no windows, and one milestone covering every activity, so it runs
through the same :func:`~impp.deploy.solver.solve`; PSPLIB is its standard
benchmark and keeps the model honest.
"""

from __future__ import annotations

from dataclasses import dataclass

from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.solution import Solution, Status
from impp.deploy.solver import solve
from impp.io.psplib import Project


def project_instance(p: Project) -> Instance:
    """The project as an instance (activity ``i`` of the file is index ``i - 1``).

    >>> p = Project("x", (2,), (0, 3, 0), ((0,), (1,), (0,)), ((2,), (3,), ()))
    >>> inst = project_instance(p)
    >>> inst.precedences, inst.milestones
    (((0, 1), (1, 2)), ((0, 1, 2),))
    """
    acts = tuple(
        Activity(
            f"activity {i + 1}",
            (Mode(d, d, tuple((r, q) for r, q in enumerate(dem) if q > 0)),),
        )
        for i, (d, dem) in enumerate(zip(p.durations, p.demands, strict=True))
    )
    prec = tuple((i, s - 1) for i, succ in enumerate(p.successors) for s in succ)
    return Instance(
        acts, p.capacities, prec, (tuple(range(p.n)),),
        resource_names=tuple(f"R{r + 1}" for r in range(len(p.capacities))),
    )


@dataclass(frozen=True)
class RcpspResult:
    """A solved PSPLIB instance; ``starts`` maps 1-based activity numbers to start times."""

    name: str
    status: Status
    explanation: str
    makespan: int | None
    lower_bound: int | None
    starts: dict[int, int]
    seconds: float
    heuristic_makespan: int | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data (``starts`` keys as strings, as JSON has them)."""
        return {
            "instance": self.name,
            "status": self.status,
            "explanation": self.explanation,
            "makespan": self.makespan,
            "lower_bound": self.lower_bound,
            "starts": {str(k): v for k, v in self.starts.items()},
            "seconds": round(self.seconds, 3),
            "heuristic_makespan": self.heuristic_makespan,
        }


def solve_rcpsp(p: Project, *, time_limit: float = 10.0, workers: int = 2,
                seed: int = 0, search_share: float = 0.3) -> RcpspResult:
    """Minimise the makespan of a PSPLIB project.

    >>> p = Project("x", (1,), (0, 3, 2, 0), ((0,), (1,), (1,), (0,)),
    ...             ((2, 3), (4,), (4,), ()))
    >>> r = solve_rcpsp(p, time_limit=5)
    >>> r.status, r.makespan, r.lower_bound
    ('optimal', 5, 5)
    """
    sol: Solution = solve(project_instance(p), time_limit=time_limit, workers=workers, seed=seed,
                          search_share=search_share)
    return RcpspResult(
        p.name, sol.status, sol.explanation,
        sol.values[0] if sol.values else None,
        sol.lower_bounds[0] if sol.lower_bounds else None,
        {i + 1: s for i, s in enumerate(sol.start)},
        sol.seconds,
        sol.heuristic_values[0] if sol.heuristic_values else None,
    )
