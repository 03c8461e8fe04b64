"""Serial schedule generation: a fast heuristic for the same instances CP-SAT solves.

The serial schedule-generation scheme (Kelley 1963; Kolisch 1996) takes the
activities one at a time in priority order (an activity becomes eligible once
every predecessor is scheduled), and puts each at the earliest day where its
resources are free for its whole duration and it overlaps no forbidden
window; with several modes it takes the one that completes first. It never
backtracks, so it is fast (the kernel is numba-compiled) and gives a feasible
schedule, not an optimal one. It serves two purposes: a warm start (and a
horizon) for CP-SAT, and the re-scheduling of each Monte Carlo sample in
:func:`impp.deploy.deployment_risk`, with priorities taken from the CP-SAT
plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from impp.deploy.instance import Instance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Flat:
    """An instance as flat arrays, the form the compiled kernel reads."""

    mode_ptr: IntArray
    dur: IntArray
    lag: IntArray
    dem: IntArray  # modes x resources
    win_ptr: IntArray
    win_start: IntArray
    win_end: IntArray
    release: IntArray
    pred_ptr: IntArray
    pred_idx: IntArray
    capacity: IntArray  # resources x horizon
    horizon: int

    @property
    def n(self) -> int:
        """Number of activities."""
        return int(self.mode_ptr.shape[0] - 1)


def flatten(inst: Instance, horizon: int | None = None) -> Flat:
    """The instance as arrays; capacity over ``horizon`` days after withdrawals.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),), (2,), (), ((0,),))
    >>> flatten(inst).capacity[0, :3].tolist()
    [2, 2, 2]
    """
    h = horizon if horizon is not None else inst.trivial_horizon() + 1
    n_res = len(inst.capacities)
    modes = [m for a in inst.activities for m in a.modes]
    mode_ptr = np.zeros(len(inst.activities) + 1, dtype=np.int64)
    for i, a in enumerate(inst.activities):
        mode_ptr[i + 1] = mode_ptr[i] + len(a.modes)
    dem = np.zeros((len(modes), max(n_res, 1)), dtype=np.int64)
    win_ptr = np.zeros(len(modes) + 1, dtype=np.int64)
    starts: list[int] = []
    ends: list[int] = []
    for k, m in enumerate(modes):
        for r, amount in m.demands:
            dem[k, r] += amount
        for a_, b_ in m.windows:
            starts.append(a_)
            ends.append(b_)
        win_ptr[k + 1] = len(starts)
    pred = inst.predecessors()
    pred_ptr = np.zeros(len(inst.activities) + 1, dtype=np.int64)
    for i, p in enumerate(pred):
        pred_ptr[i + 1] = pred_ptr[i] + len(p)
    capacity = np.zeros((max(n_res, 1), h), dtype=np.int64)
    for r, c in enumerate(inst.capacities):
        capacity[r, :] = c
    for r, a_, b_, amount in inst.unavailable:
        capacity[r, max(a_, 0) : max(min(b_, h), 0)] -= amount
    np.maximum(capacity, 0, out=capacity)
    return Flat(
        mode_ptr=mode_ptr,
        dur=np.array([m.duration for m in modes], dtype=np.int64),
        lag=np.array([m.lag for m in modes], dtype=np.int64),
        dem=dem,
        win_ptr=win_ptr,
        win_start=np.array(starts, dtype=np.int64),
        win_end=np.array(ends, dtype=np.int64),
        release=np.array([a.release for a in inst.activities], dtype=np.int64),
        pred_ptr=pred_ptr,
        pred_idx=np.array([i for p in pred for i in p], dtype=np.int64),
        capacity=capacity,
        horizon=h,
    )


def _sgs_kernel(
    mode_ptr: IntArray, dur: IntArray, lag: IntArray, dem: IntArray,
    win_ptr: IntArray, win_start: IntArray, win_end: IntArray,
    release: IntArray, pred_ptr: IntArray, pred_idx: IntArray,
    capacity: IntArray, priority: FloatArray,
    start: IntArray, mode: IntArray, finish: IntArray,
) -> int:
    """Serial SGS in place; returns the latest completion, or -1 if the horizon is short."""
    n = mode_ptr.shape[0] - 1
    n_res = capacity.shape[0]
    horizon = capacity.shape[1]
    used = np.zeros_like(capacity)
    done = np.zeros(n, dtype=np.bool_)
    latest = 0
    for _step in range(n):
        # the eligible activity with the lowest priority value
        best = -1
        for a in range(n):
            if done[a]:
                continue
            ok = True
            for q in range(pred_ptr[a], pred_ptr[a + 1]):
                if not done[pred_idx[q]]:
                    ok = False
                    break
            if ok and (best < 0 or priority[a] < priority[best]):
                best = a
        a = best
        es = release[a]
        for q in range(pred_ptr[a], pred_ptr[a + 1]):
            if finish[pred_idx[q]] > es:
                es = finish[pred_idx[q]]
        best_finish = -1
        best_start = -1
        best_mode = -1
        for m in range(mode_ptr[a], mode_ptr[a + 1]):
            span = dur[m] if dur[m] > lag[m] else lag[m]
            t = es
            while t + span <= horizon:
                moved = False
                for w in range(win_ptr[m], win_ptr[m + 1]):
                    if t < win_end[w] and t + span > win_start[w]:
                        t = win_end[w]
                        moved = True
                if moved:
                    continue
                for tau in range(t, t + dur[m]):
                    for r in range(n_res):
                        if used[r, tau] + dem[m, r] > capacity[r, tau]:
                            t = tau + 1
                            moved = True
                            break
                    if moved:
                        break
                if not moved:
                    break
            if t + span > horizon:
                continue
            f = t + lag[m]
            if best_mode < 0 or f < best_finish:
                best_finish = f
                best_start = t
                best_mode = m
        if best_mode < 0:
            return -1
        for tau in range(best_start, best_start + dur[best_mode]):
            for r in range(n_res):
                used[r, tau] += dem[best_mode, r]
        start[a] = best_start
        mode[a] = best_mode - mode_ptr[a]
        finish[a] = best_finish
        done[a] = True
        if best_finish > latest:
            latest = best_finish
    return latest


_compiled: Any = None


def _kernel() -> Any:
    """The numba-compiled kernel (compiled on first use, cached on disk)."""
    global _compiled
    if _compiled is None:
        import numba

        _compiled = numba.njit(cache=True, nogil=True)(_sgs_kernel)
    return _compiled


@dataclass(frozen=True)
class SgsSchedule:
    """A heuristic schedule: start, chosen mode and completion of each activity."""

    start: IntArray
    mode: IntArray
    finish: IntArray

    @property
    def feasible(self) -> bool:
        """False when some activity did not fit in the horizon."""
        return bool((self.start >= 0).all())


def serial_sgs(
    flat: Flat,
    priority: FloatArray,
    *,
    release: IntArray | None = None,
    capacity: IntArray | None = None,
    win_start: IntArray | None = None,
    win_end: IntArray | None = None,
    compiled: bool = True,
) -> SgsSchedule:
    """Schedule with the serial scheme; lower ``priority`` goes first among eligible ones.

    ``release``, ``capacity`` and the windows override the instance's (one
    Monte Carlo sample). ``compiled=False`` runs the same code as plain
    Python (slow; a check on the compiled one).

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)),))), (1,), (), ((0, 1),))
    >>> s = serial_sgs(flatten(inst), np.array([1.0, 0.0]))
    >>> s.start.tolist(), s.finish.tolist()
    ([2, 0], [5, 2])
    """
    n = flat.n
    start = np.full(n, -1, dtype=np.int64)
    mode = np.full(n, -1, dtype=np.int64)
    finish = np.full(n, -1, dtype=np.int64)
    fn = _kernel() if compiled else _sgs_kernel
    latest = fn(
        flat.mode_ptr, flat.dur, flat.lag, flat.dem, flat.win_ptr,
        flat.win_start if win_start is None else win_start,
        flat.win_end if win_end is None else win_end,
        flat.release if release is None else release,
        flat.pred_ptr, flat.pred_idx,
        flat.capacity if capacity is None else capacity,
        np.asarray(priority, dtype=np.float64), start, mode, finish,
    )
    if latest < 0:
        start[:] = -1
    return SgsSchedule(start, mode, finish)


def warm_up() -> None:
    """Compile the kernel now (a few seconds on a first run, then loaded from disk)."""
    from impp.deploy.instance import Activity, Mode

    inst = Instance((Activity("a", (Mode(1, 1, ((0, 1),), ((5, 6),)),)),), (1,), (), ((0,),))
    serial_sgs(flatten(inst), np.zeros(1))


def best_sgs(inst: Instance, passes: int = 60, seed: int = 0,
             compiled: bool = True) -> SgsSchedule | None:
    """The best of several serial SGS passes by the first milestone, or ``None``.

    Priority rules: latest finish time (longest tail first), then the same
    with random noise (biased sampling). Deterministic for a seed.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)),))), (1,), (), ((0, 1),))
    >>> int(best_sgs(inst).finish.max())
    5
    """
    flat = flatten(inst)
    tails = np.array(inst.tails(), dtype=np.float64)
    rng = np.random.default_rng(seed)
    target = list(inst.milestones[0]) if inst.milestones else list(range(flat.n))
    best: SgsSchedule | None = None
    best_value = 0
    for p in range(passes):
        noise = rng.random(flat.n) if p else np.zeros(flat.n)
        priority = -tails * (1.0 + 0.5 * noise) + 1e-6 * np.arange(flat.n)
        s = serial_sgs(flat, priority, compiled=compiled)
        if not s.feasible:
            continue
        value = int(s.finish[target].max()) if target else 0
        if best is None or value < best_value:
            best, best_value = s, value
    return best
