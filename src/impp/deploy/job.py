"""A solve as data: what :func:`impp.deploy.solver.solve` is asked, and who runs it.

A :class:`Job` is an instance and the solve's settings, plain data that
pickles, so the solve may run in this process or in the solver's process
(:mod:`impp.deploy.worker`) with the same result. A *runner* takes a list
of jobs and returns their solutions in order; :func:`run_here` is the one
in this process. Importing this module imports no solver.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from impp.deploy.instance import Instance
from impp.deploy.solution import Solution

if TYPE_CHECKING:  # numpy's, imported with the solver (not before a fork)
    from impp.deploy.sgs import SgsSchedule


@dataclass(frozen=True)
class Job:
    """One call of :func:`impp.deploy.solver.solve` (see its arguments)."""

    instance: Instance
    time_limit: float
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    warm_start: SgsSchedule | None = None
    look_ahead: bool = False


#: Solves a list of jobs, returning their solutions in the same order.
Runner = Callable[[Sequence[Job]], list[Solution]]


def run_here(jobs: Sequence[Job]) -> list[Solution]:
    """The jobs solved in this process.

    Deterministic jobs use one worker each, so they run side by side, as
    many at a time as the first job's ``workers`` (CP-SAT releases the GIL),
    each with the result it has alone. Others run in turn, each on its own
    ``workers``.
    """
    if len(jobs) > 1 and all(j.deterministic for j in jobs):
        return side_by_side(jobs, max(jobs[0].workers, 1))
    return [_solve(j) for j in jobs]


def side_by_side(jobs: Sequence[Job], workers: int) -> list[Solution]:
    """``jobs`` solved ``workers`` at a time, in their order.

    They take unequal times: once no job waits to start, a core that ends
    its last one would stand idle while the others finish, so the jobs
    started then solve their next milestone's phase ahead on it
    (:mod:`impp.deploy.ahead`), which changes when they end, never what
    they give.
    """
    pending = deque(enumerate(jobs))
    solved: list[Solution | None] = [None] * len(jobs)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                k, job = pending.popleft()
                tail = len(pending) < workers
            solved[k] = _solve(dataclasses.replace(job, look_ahead=job.look_ahead or tail))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done in [pool.submit(work) for _ in range(min(workers, len(jobs)))]:
            done.result()
    return [s for s in solved if s is not None]


def _solve(job: Job) -> Solution:
    from impp.deploy.solver import solve

    return solve(job.instance, time_limit=job.time_limit, workers=job.workers, seed=job.seed,
                 deterministic=job.deterministic, warm_start=job.warm_start,
                 look_ahead=job.look_ahead)
