"""Solving the next milestone's phase ahead, on the other core, while this one is proven.

Milestones are minimised one after another (:mod:`impp.deploy.objective`):
each phase finds its best value, then proves no schedule does better, and
the next phase starts from that value and schedule. On Carana's lift
schedule the first phase finds FOC's best day in a third of its time and
spends the rest proving it, while the second core has little to do. So,
with :class:`LookAhead`, every schedule the phase finds is handed to a
thread that builds and solves the next phase from it at once; a later,
better schedule stops that solve and starts another. When the phase ends,
its result is taken only if the next phase was started from exactly the
schedule the phase ended with, so it is the result the next phase would
have given had it run afterwards (the same model, hints and parameters; a
deterministic search gives the same answer on any thread). Otherwise it is
dropped and the next phase runs as before: the look-ahead changes when a
result is ready, never what it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from impp.deploy.cpsat import cp_model
from impp.deploy.objective import hold, minimise
from impp.deploy.variables import Variables


@dataclass(frozen=True)
class Found:
    """A schedule of the model's variables: what a phase ends with and the next is hinted by."""

    start: tuple[int, ...]
    finish: tuple[int, ...]
    present: tuple[tuple[bool, ...], ...]  # per activity, per mode
    milestones: tuple[int, ...]

    def modes(self) -> list[int]:
        """Each activity's mode (the first present; 0 for a lone mode)."""
        return [next((k for k, p in enumerate(ps) if p), 0) for ps in self.present]


def read(value: Callable[[cp_model.IntVar], int], v: Variables) -> Found:
    """The schedule ``value`` (a solver's or a solution callback's) gives ``v``."""
    return Found(
        tuple(int(value(s)) for s in v.start),
        tuple(int(value(f)) for f in v.finish),
        tuple(tuple(True if isinstance(m.present, int) else bool(value(m.present))
                    for m in mv) for mv in v.modes),
        tuple(int(value(ms)) for ms in v.milestones),
    )


def hint(model: cp_model.CpModel, v: Variables, found: Found) -> None:
    """Replace ``model``'s hints with the schedule ``found``."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    for i, s in enumerate(v.start):
        model.add_hint(s, found.start[i])
        model.add_hint(v.finish[i], found.finish[i])
        for m, p in zip(v.modes[i], found.present[i], strict=True):
            if not isinstance(m.present, int):
                model.add_hint(m.present, p)
    for ms, day in zip(v.milestones, found.milestones, strict=True):
        model.add_hint(ms, day)


def follow(model: cp_model.CpModel, v: Variables, k: int, found: Found) -> None:
    """Turn ``model`` (phase ``k``'s) into phase ``k + 1``'s: milestone ``k`` held
    at its value in ``found``, hinted by ``found``, the next milestone the objective."""
    hold(model, v, k, found.milestones[k])
    hint(model, v, found)
    minimise(model, v, k + 1)


@dataclass(frozen=True)
class Phase:
    """One phase's outcome: CP-SAT's status code, bound, and schedule if any."""

    code: cp_model.CpSolverStatus
    bound: float
    found: Found | None


def outcome(code: cp_model.CpSolverStatus, solver: cp_model.CpSolver, v: Variables) -> Phase:
    """The phase ``solver`` just ended with ``code``."""
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Phase(code, solver.best_objective_bound, read(solver.value, v))
    bound = solver.best_objective_bound if code == cp_model.UNKNOWN else 0.0
    return Phase(code, bound, None)


@dataclass(eq=False)
class _Job:
    found: Found
    stopped: bool = False
    solver: cp_model.CpSolver | None = None
    phase: Phase | None = None
    thread: threading.Thread | None = field(default=None, repr=False)


class LookAhead:
    """Phase ``k + 1`` solved from each schedule phase ``k`` finds.

    ``model``: phase ``k``'s model, as it is solved (it is copied: the copy
    is never changed); ``solver``: makes a solver set up as phase ``k + 1``'s
    would be. Pass :meth:`callback` to phase ``k``'s solve, then
    :meth:`take` its final schedule.
    """

    def __init__(self, model: cp_model.CpModel, v: Variables, k: int,
                 solver: Callable[[], cp_model.CpSolver]) -> None:
        self._model = model.clone()
        self._v = v
        self._k = k
        self._solver = solver
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._closed = False
        self.started = 0

    def callback(self) -> cp_model.CpSolverSolutionCallback:
        """The solution callback for phase ``k``'s solve."""
        return _Offer(self, self._v)

    def offer(self, found: Found) -> None:
        """Start phase ``k + 1`` from ``found``, stopping the one started before."""
        with self._lock:
            if self._closed:
                return
            self._stop(self._job)
            job = _Job(found)
            job.thread = threading.Thread(target=self._run, args=(job,), daemon=True,
                                          name="impp-look-ahead")
            self._job = job
            self.started += 1
        job.thread.start()

    def take(self, found: Found) -> Phase | None:
        """Phase ``k + 1``'s outcome if it was started from ``found``; else ``None``."""
        with self._lock:
            self._closed = True
            job = self._job
            if job is None or job.found != found:
                self._stop(job)
                job = None
        if job is None or job.thread is None:
            return None
        job.thread.join()
        return job.phase

    def close(self) -> None:
        """Stop whatever runs (phase ``k`` ended without a schedule to go on from)."""
        with self._lock:
            self._closed = True
            self._stop(self._job)

    def _stop(self, job: _Job | None) -> None:
        if job is not None and not job.stopped:
            job.stopped = True
            if job.solver is not None:
                job.solver.stop_search()

    def _run(self, job: _Job) -> None:
        model = self._model.clone()
        follow(model, self._v, self._k, job.found)
        solver = self._solver()
        with self._lock:
            if job.stopped:
                return
            job.solver = solver
        code = solver.solve(model)
        if not job.stopped:
            job.phase = outcome(code, solver, self._v)


class _Offer(cp_model.CpSolverSolutionCallback):
    def __init__(self, ahead: LookAhead, v: Variables) -> None:
        super().__init__()
        self._ahead = ahead
        self._v = v

    def on_solution_callback(self) -> None:
        self._ahead.offer(read(self.value, self._v))
