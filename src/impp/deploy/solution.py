"""What :func:`impp.deploy.solver.solve` returns, apart from the solver.

Kept in its own module so that reading a solved deployment (from the cache
of analyses, or in a report) does not import OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["optimal", "feasible", "infeasible", "time_limit", "invalid"]


@dataclass(frozen=True)
class Solution:
    """What :func:`solve` returns.

    ``status``: ``optimal`` (every milestone proven), ``feasible`` (a
    schedule, not proven best: the time limit was reached), ``infeasible``
    (no schedule exists), ``time_limit`` (no schedule found in time),
    ``invalid`` (the instance is malformed). ``explanation`` says why in words.
    ``values``/``lower_bounds``: per milestone, in the instance's order (a
    later milestone's bound holds given the earlier ones at their values).
    """

    status: Status
    explanation: str
    values: tuple[int, ...] = ()
    lower_bounds: tuple[int, ...] = ()
    start: tuple[int, ...] = ()
    mode: tuple[int, ...] = ()
    finish: tuple[int, ...] = ()
    seconds: float = 0.0
    heuristic_values: tuple[int, ...] = field(default=())

    @property
    def has_schedule(self) -> bool:
        """True when the solution carries a schedule."""
        return bool(self.start)
