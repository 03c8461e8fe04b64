"""Prove a makespan optimal by asking, again and again, for one day less.

Each step asks whether a schedule of makespan ``best - 1`` exists; a schedule
found is the new best, a refutation proves the best optimal. Two kinds of
search answer it at once, one per thread, sharing the best schedule:

- the branch and bound of :mod:`impp.deploy.branch` on the reversed project
  (and, with a third worker, on the project itself), which refutes the
  tightly constrained PSPLIB j30 instances that CP-SAT could not in ten
  seconds (j30_29_3: 77 days refuted in 0.7 s, against 37 s);
- CP-SAT on the satisfaction problem without its LP relaxation, hinted with
  the best schedule: it finds shorter schedules quickly where the branch and
  bound is slow to (j30_13_5: 67 days in 0.6 s).

When one search finds a shorter schedule it interrupts the others, which
start again on the new question (the branch and bound keeps the states it
has refuted: they stay refuted for an earlier deadline). The first
refutation ends the descent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from impp.deploy import branch
from impp.deploy.cpsat import cp_model
from impp.deploy.instance import Instance
from impp.deploy.variables import Variables

Schedule = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


@dataclass
class _Shared:
    """The best schedule so far and whether it is proven, shared by the searches."""

    value: int
    schedule: Schedule
    lower: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: threading.Event = field(default_factory=threading.Event)
    proven: bool = False
    interrupts: dict[int, Callable[[], None]] = field(default_factory=dict)

    def target(self) -> int | None:
        """The makespan to ask for next, or None when the descent is over."""
        with self.lock:
            if self.finished.is_set():
                return None
            return self.value - 1

    def improve(self, value: int, schedule: Schedule, by: int) -> None:
        with self.lock:
            if value >= self.value:
                return
            self.value, self.schedule = value, schedule
            if value <= self.lower:
                self.proven = True
                self.finished.set()
            others = [f for k, f in self.interrupts.items() if k != by]
        for interrupt in others:
            interrupt()

    def refute(self, deadline: int) -> None:
        with self.lock:
            if deadline != self.value - 1:
                return  # a stale question: the best moved on meanwhile
            self.proven = True
            self.finished.set()
            others = list(self.interrupts.values())
        for interrupt in others:
            interrupt()

    def stop(self) -> None:
        with self.lock:
            self.finished.set()
            others = list(self.interrupts.values())
        for interrupt in others:
            interrupt()


def _branch_worker(shared: _Shared, inst: Instance, me: int, reverse: bool) -> None:
    stop = np.zeros(1, dtype=np.int64)
    with shared.lock:
        shared.interrupts[me] = lambda: stop.__setitem__(0, 1)
    # refuted states stay refuted for an earlier deadline; in the reverse the
    # days move with the deadline, which only a constant capacity allows
    keep = not reverse or not inst.unavailable
    store = branch.Refuted()
    while True:
        stop[0] = 0
        target = shared.target()
        if target is None:
            return
        proof = branch.prove(inst, target, reverse=reverse, stop=stop,
                             store=store if keep else branch.Refuted())
        if proof.status == "feasible" and proof.start is not None:
            start = tuple(int(s) for s in proof.start)
            finish = tuple(int(s + a.modes[0].lag) for s, a in zip(start, inst.activities,
                                                                   strict=True))
            shared.improve(max(finish), (start, (0,) * len(start), finish), me)
        elif proof.status == "infeasible":
            shared.refute(target)


def _cpsat_worker(shared: _Shared, model: cp_model.CpModel, v: Variables, me: int,
                  seed: int) -> None:
    while True:
        target = shared.target()
        if target is None:
            return
        model.add(v.milestones[0] <= target)
        _hint(model, v, shared.schedule)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.linearization_level = 0  # it bounds nothing here and costs time
        solver.parameters.max_time_in_seconds = max(shared.deadline - time.perf_counter(), 0.01)
        with shared.lock:
            shared.interrupts[me] = solver.stop_search
            stale = shared.value - 1 != target
        if stale:
            continue
        code = solver.solve(model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            start = tuple(int(solver.value(x)) for x in v.start)
            finish = tuple(int(solver.value(x)) for x in v.finish)
            shared.improve(max(finish), (start, (0,) * len(start), finish), me)
        elif code == cp_model.INFEASIBLE:
            shared.refute(target)
        elif time.perf_counter() >= shared.deadline:
            return


def _hint(model: cp_model.CpModel, v: Variables, schedule: Schedule) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    start, _, finish = schedule
    for i, s in enumerate(v.start):
        model.add_hint(s, start[i])
        model.add_hint(v.finish[i], finish[i])
    model.add_hint(v.milestones[0], max(finish))


def descend(inst: Instance, model: cp_model.CpModel, v: Variables, schedule: Schedule,
            lower: int, deadline: float, workers: int, seed: int) -> tuple[Schedule, int, bool]:
    """Shorten and prove the single-makespan schedule ``schedule`` of ``inst``.

    ``model``/``v``: the CP-SAT model of ``inst`` (constraints are added to
    it); ``lower``: a proven lower bound; ``deadline``: the wall-clock time
    (``time.perf_counter()``) to stop at. ``workers`` threads search: the
    branch and bound on the reversed project, CP-SAT, then the branch and
    bound on the project itself (CP-SAT alone where the branch and bound does
    not apply, see :func:`impp.deploy.branch.suitable`). Returns the best
    schedule, its makespan and whether it is proven optimal.
    """
    value = max(schedule[2], default=0)
    shared = _Shared(value, schedule, lower, deadline)
    if value <= lower:
        return schedule, value, True
    jobs: list[Callable[[], None]] = [lambda: _cpsat_worker(shared, model, v, 1, seed)]
    if branch.suitable(inst) and value - 1 <= branch.MAX_DEADLINE:
        jobs.insert(0, lambda: _branch_worker(shared, inst, 0, True))
        if workers >= 3:
            jobs.append(lambda: _branch_worker(shared, inst, 2, False))
    jobs = jobs[:max(workers, 1)]
    threads = [threading.Thread(target=job, daemon=True) for job in jobs]
    for t in threads:
        t.start()
    shared.finished.wait(max(deadline - time.perf_counter(), 0.0))
    shared.stop()
    for t in threads:
        t.join()
    return shared.schedule, shared.value, shared.proven
