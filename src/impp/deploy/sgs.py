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


def _sgs_lists(
    mode_ptr: IntArray, dur: IntArray, lag: IntArray, dem: IntArray,
    win_ptr: IntArray, win_start: IntArray, win_end: IntArray,
    release: IntArray, pred_ptr: IntArray, pred_idx: IntArray,
    capacity: IntArray, priority: FloatArray,
    start: IntArray, mode: IntArray, finish: IntArray,
) -> int:
    """:func:`_sgs_kernel` in plain Python on lists: the same schedule (a test
    checks it) without numba, for the small instances where compiling the
    kernel does not pay. Indexing a numpy array element by element from
    Python costs ten times a list's; a pass over Carana's 33 moves took
    17 ms that way."""
    n = len(mode_ptr) - 1
    horizon = capacity.shape[1]
    ptr = mode_ptr.tolist()
    durs, lags = dur.tolist(), lag.tolist()
    needs = [[(r, q) for r, q in enumerate(row) if q > 0] for row in dem.tolist()]
    wptr, ws, we = win_ptr.tolist(), win_start.tolist(), win_end.tolist()
    wins = [list(zip(ws[wptr[m]:wptr[m + 1]], we[wptr[m]:wptr[m + 1]], strict=True))
            for m in range(len(durs))]
    rel = release.tolist()
    pp, pi = pred_ptr.tolist(), pred_idx.tolist()
    preds = [pi[pp[a]:pp[a + 1]] for a in range(n)]
    prio = priority.tolist()
    free = capacity.tolist()  # what is left of each resource each day
    fin = [0] * n
    done = [False] * n
    latest = 0
    for _step in range(n):
        best = -1
        for a in range(n):
            if done[a] or not all(done[p] for p in preds[a]):
                continue
            if best < 0 or prio[a] < prio[best]:
                best = a
        a = best
        es = rel[a]
        for p in preds[a]:
            if fin[p] > es:
                es = fin[p]
        best_finish = best_start = best_mode = -1
        for m in range(ptr[a], ptr[a + 1]):
            d = durs[m]
            span = d if d > lags[m] else lags[m]
            need = needs[m]
            t = es
            while t + span <= horizon:
                moved = False
                for w0, w1 in wins[m]:
                    if t < w1 and t + span > w0:
                        t = w1
                        moved = True
                if moved:
                    continue
                for tau in range(t, t + d):
                    for r, q in need:
                        if q > free[r][tau]:
                            t = tau + 1
                            moved = True
                            break
                    if moved:
                        break
                if not moved:
                    break
            if t + span > horizon:
                continue
            f = t + lags[m]
            if best_mode < 0 or f < best_finish:
                best_finish, best_start, best_mode = f, t, m
        if best_mode < 0:
            return -1
        for r, q in needs[best_mode]:
            row = free[r]
            for tau in range(best_start, best_start + durs[best_mode]):
                row[tau] -= q
        start[a] = best_start
        mode[a] = best_mode - ptr[a]
        finish[a] = best_finish
        fin[a] = best_finish
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
    Monte Carlo sample). ``compiled=False`` runs the plain-Python twin of
    the kernel (:func:`_sgs_lists`): no numba to load, for small instances.

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
    fn = _kernel() if compiled else _sgs_lists
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


@dataclass(frozen=True)
class SgsBatch:
    """Serial SGS schedules of many samples (one row each) and which ones fit."""

    start: IntArray  # samples x activities
    mode: IntArray
    finish: IntArray
    feasible: npt.NDArray[np.bool_]


def selection_order(flat: Flat, priority: FloatArray) -> list[int]:
    """The order the serial scheme takes the activities in (it depends on
    ``priority`` and the precedences alone, never on durations or resources).

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3),)), Activity("b", (Mode(2, 2),))),
    ...                 (), ((1, 0),), ((0, 1),))
    >>> selection_order(flatten(inst), np.array([0.0, 1.0]))
    [1, 0]
    """
    n = flat.n
    waiting = [int(flat.pred_ptr[a + 1] - flat.pred_ptr[a]) for a in range(n)]
    succ: list[list[int]] = [[] for _ in range(n)]
    for a in range(n):
        for q in range(flat.pred_ptr[a], flat.pred_ptr[a + 1]):
            succ[int(flat.pred_idx[q])].append(a)
    eligible = {a for a in range(n) if waiting[a] == 0}
    order: list[int] = []
    while eligible:
        # lowest priority value first, the lower index on a tie (as the kernel)
        a = min(eligible, key=lambda x: (priority[x], x))
        eligible.remove(a)
        order.append(a)
        for b in succ[a]:
            waiting[b] -= 1
            if waiting[b] == 0:
                eligible.add(b)
    if len(order) < n:
        raise ValueError("the precedences contain a cycle")
    return order


@dataclass(frozen=True)
class Planned:
    """A schedule the samples execute (:func:`serial_sgs_batch`): each
    activity's planned ``start`` and ``mode`` (indices into the flat modes),
    and ``keep`` (samples x activities): where the planned mode can be had
    at all (its assets exist in the sample). Where ``keep`` is false the
    planned mode must be one that cannot fit (it needs more than the
    sample's capacity): it then takes no part in choosing the mode."""

    start: IntArray
    mode: IntArray
    keep: npt.NDArray[np.bool_]


def serial_sgs_batch(flat: Flat, priority: FloatArray, release: IntArray, capacity: IntArray,
                     win_start: IntArray, win_end: IntArray,
                     first_days: int | None = None, planned: Planned | None = None) -> SgsBatch:
    """The serial scheme on many samples at once, in numpy: the same schedules
    as :func:`serial_sgs` on each sample (a test checks it), without numba.

    The activities are taken in the same order in every sample (the order
    depends on the priorities alone), so each step is one array operation
    across samples: the days each mode may start (resources free for its
    whole duration, no forbidden window, inside the horizon), the earliest
    of them at or after the activity's earliest start, the mode that
    completes first. Per sample: ``release`` (samples x activities),
    ``capacity`` (samples x resources x horizon), ``win_start``/``win_end``
    (samples x windows).

    The search looks at the first ``first_days`` days of the horizon (all of
    it by default); a sample in which some mode of some activity found no
    start there is scheduled again over twice as many days, and so on, so
    the result is the whole horizon's, while the common case (schedules far
    shorter than the sum of every duration) looks at few days.

    ``planned``: the samples execute that schedule rather than schedule
    afresh: no activity starts before its planned day, and each keeps its
    planned mode where ``keep`` says it can be had (at the earliest day it
    fits, however late); elsewhere the mode that completes first. With no
    draw (the plan's own releases, capacities and windows) the result is the
    plan itself, when the priorities are its start days.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)),))), (1,), (), ((0, 1),))
    >>> f = flatten(inst)
    >>> b = serial_sgs_batch(f, np.array([1.0, 0.0]), np.zeros((2, 2), dtype=np.int64),
    ...                      np.stack([f.capacity, f.capacity]), np.zeros((2, 0), np.int64),
    ...                      np.zeros((2, 0), np.int64), first_days=4)
    >>> b.finish.tolist(), b.feasible.tolist()
    ([[5, 2], [5, 2]], [True, True])
    """
    order = selection_order(flat, priority)
    horizon = capacity.shape[2]
    days = horizon if first_days is None else max(min(first_days, horizon), 1)
    todo = np.arange(capacity.shape[0])
    out = _batch(flat, order, release, capacity[:, :, :days], win_start, win_end, planned)
    start, mode, finish, feasible, exact = out
    while days < horizon:
        todo = todo[~exact]
        if not todo.size:
            break
        days = min(2 * days, horizon)
        again = _batch(flat, order, release[todo], capacity[todo, :, :days], win_start[todo],
                       win_end[todo], None if planned is None else
                       Planned(planned.start, planned.mode, planned.keep[todo]))
        start[todo], mode[todo], finish[todo], feasible[todo], exact = again
    return SgsBatch(start, mode, finish, feasible)


def _batch(flat: Flat, order: list[int], release: IntArray, capacity: IntArray,
           win_start: IntArray, win_end: IntArray, planned: Planned | None = None
           ) -> tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """:func:`serial_sgs_batch` within ``capacity``'s days; ``exact``: the
    samples in which every mode of every activity found a start there (their
    schedules are those of any longer horizon)."""
    samples, n_res, horizon = capacity.shape
    n = flat.n
    start = np.full((samples, n), -1, dtype=np.int64)
    mode = np.full((samples, n), -1, dtype=np.int64)
    finish = np.zeros((samples, n), dtype=np.int64)
    feasible = np.ones(samples, dtype=np.bool_)
    exact = np.ones(samples, dtype=np.bool_)
    # what is left of each resource each day (32 bits: the arrays are read
    # once per mode of every activity, and half the bytes is half the time)
    free = capacity.astype(np.int32)
    # a start may be the horizon itself (nothing to hold, nothing in transit)
    days = np.arange(horizon + 1, dtype=np.int64)
    rows = np.arange(samples)
    runs = np.zeros((samples, horizon + 1), dtype=np.int32)
    for a in order:
        es = release[:, a].copy()
        for q in range(flat.pred_ptr[a], flat.pred_ptr[a + 1]):
            np.maximum(es, finish[:, flat.pred_idx[q]], out=es)
        if planned is not None:
            np.maximum(es, planned.start[a], out=es)
            own = int(planned.mode[a])
            keep = planned.keep[:, a]
        best_f = np.full(samples, np.iinfo(np.int64).max, dtype=np.int64)
        best_t = np.full(samples, -1, dtype=np.int64)
        best_m = np.full(samples, -1, dtype=np.int64)
        missed: list[tuple[npt.NDArray[np.bool_], int, int]] = []
        planned_at: tuple[npt.NDArray[np.bool_], IntArray, IntArray] = (
            np.zeros(samples, dtype=np.bool_), best_t, best_f)
        ways = list(range(int(flat.mode_ptr[a]), int(flat.mode_ptr[a + 1])))
        if planned is not None:  # the planned mode first: often no other is needed
            ways.remove(own)
            ways.insert(0, own)
        for m in ways:
            if planned is not None and m != own and bool((keep & planned_at[0]).all()):
                break  # every sample has the planned mode
            dur, lag = int(flat.dur[m]), int(flat.lag[m])
            span = max(dur, lag)
            last = horizon - span  # the latest start inside the horizon
            if last < 0:
                if planned is not None and m == own:
                    planned_at = (np.zeros(samples, dtype=np.bool_), best_t, best_f)
                else:
                    missed.append((np.ones(samples, dtype=np.bool_), last + 1, lag))
                continue
            t_ = days[None, : last + 1]
            ok = t_ >= es[:, None]
            for w in range(int(flat.win_ptr[m]), int(flat.win_ptr[m + 1])):
                ok &= (t_ >= win_end[:, w, None]) | (t_ + span <= win_start[:, w, None])
            need = flat.dem[m, :n_res]
            if dur > 0 and need.any():
                rs = np.flatnonzero(need)
                if rs.size == 1:
                    over = free[:, int(rs[0]), :] < need[rs[0]]
                else:
                    over = (free[:, rs, :] < need[rs][None, :, None]).any(axis=1)
                # busy days in [t, t + dur): a difference of running counts
                np.cumsum(over, axis=1, out=runs[:, 1:])
                ok &= runs[:, dur : dur + last + 1] == runs[:, : last + 1]
            fits: npt.NDArray[np.bool_] = np.asarray(ok.any(axis=1))
            t = np.where(fits, ok.argmax(axis=1), -1)
            f = t + lag
            if planned is not None and m == own:
                # where it cannot be had it never fits: it competes nowhere
                planned_at = (fits, t, f)
                continue
            missed.append((~fits, last + 1, lag))
            better = fits & (f < best_f)
            best_f = np.where(better, f, best_f)
            best_t = np.where(better, t, best_t)
            best_m = np.where(better, m, best_m)
        # A mode that found no start within these days may find one in a
        # longer horizon, starting no sooner than the first start these days
        # rule out: where it could then complete as soon as the best found
        # (the earlier mode wins a tie), the sample is not settled here.
        unsettled = np.zeros(samples, dtype=np.bool_)
        for no_start, first_start, lag in missed:
            soonest = np.maximum(es, first_start) + lag
            unsettled |= no_start & (soonest <= best_f)
        if planned is not None:
            # The planned mode wherever it can be had and fits; where it can
            # be had but found no day here, a longer horizon may give it one.
            fits_p, t_p, f_p = planned_at
            use = keep & fits_p
            unsettled = np.where(keep, ~fits_p, unsettled)
            best_f = np.where(use, f_p, best_f)
            best_t = np.where(use, t_p, best_t)
            best_m = np.where(use, own, best_m)
        exact &= ~unsettled
        placed = best_m >= 0
        feasible &= placed
        m_used = np.where(placed, best_m, int(flat.mode_ptr[a]))
        t_used = np.where(placed, best_t, 0)
        end = t_used + flat.dur[m_used]
        day = days[None, :horizon]
        busy = (day >= t_used[:, None]) & (day < end[:, None]) & placed[:, None]
        held = flat.dem[m_used, :n_res]  # samples x resources
        for r in np.flatnonzero(held.any(axis=0)):
            free[:, r, :] -= busy * held[:, r, None].astype(np.int32)
        start[rows, a] = np.where(placed, best_t, -1)
        mode[rows, a] = np.where(placed, m_used - flat.mode_ptr[a], -1)
        finish[rows, a] = np.where(placed, best_f, 0)
    return start, mode, finish, feasible, exact
