"""A genetic algorithm with forward-backward improvement, for single-mode instances.

CP-SAT proves bounds well but, given ten seconds and two threads, finds
long-project schedules slowly: on PSPLIB j120 its makespans were 3.8 % over
the best known. The best heuristics for the RCPSP are activity-list genetic
algorithms whose every schedule is improved by *justification* (Hartmann
1998, "A competitive genetic algorithm for resource-constrained project
scheduling"; Valls, Ballestin and Quintanilla 2005, "Justification and RCPSP:
a technique that pays"). This is one, compiled with numba:

- an individual is an *activity list* (a precedence-feasible order), decoded
  by the serial schedule-generation scheme (each activity, in list order, at
  the earliest time its predecessors and the resource profile allow);
- each decoded schedule is improved by *double justification*: every
  activity, latest finish first, is shifted as far right as its successors,
  the makespan and the resources allow, then every activity, earliest start
  first, as far left as possible; this never lengthens the schedule and is
  repeated while it shortens it. The improved schedule's order of start
  times replaces the individual's list (Lamarckian learning);
- the first population comes from biased random sampling on latest finish
  times; each generation pairs individuals at random, makes two children by
  two-point crossover (which keeps lists precedence-feasible), mutates by
  swapping unrelated neighbours, and keeps the best of parents and children;
  a population that stops improving starts again around its best;
- several independent populations (*islands*) run at once, one per thread
  (``prange``, no GIL), each with its own seeded random stream, so a given
  seed, number of islands and number of generations gives the same result on
  any machine.

It applies to instances whose activities have one mode, no forbidden window
and no release date (:func:`applicable`); the capacity may vary over time.
Its schedules are warm starts and upper bounds for :func:`impp.deploy.solve`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from impp.deploy.instance import Instance, topological_order
from impp.deploy.jit import compile_in_place

IntArray = npt.NDArray[np.int64]

#: Individuals per island.
POPULATION = 40
#: Generations without improvement before an island starts again around its best.
STALL = 30
#: Rounds of double justification per schedule, at most (each right then left).
JUSTIFY_ROUNDS = 1000
#: Probability that a neighbour swap is tried at each position of a child.
MUTATION = 0.05


def applicable(inst: Instance) -> bool:
    """True when every activity has one mode (duration = lag), no window and no release.

    >>> from impp.deploy.instance import Activity, Mode
    >>> applicable(Instance((Activity("a", (Mode(2, 2, ((0, 1),)),)),), (1,), (), ((0,),)))
    True
    >>> applicable(Instance((Activity("a", (Mode(2, 2), Mode(3, 3))),), (), (), ((0,),)))
    False
    """
    return all(
        len(a.modes) == 1 and not a.modes[0].windows and a.release == 0
        and a.modes[0].lag == a.modes[0].duration
        for a in inst.activities
    )


@dataclass(frozen=True)
class Compiled:
    """A single-mode instance as the arrays the kernels read."""

    dur: IntArray
    dem: IntArray  # activities x resources
    cap: IntArray  # resources x horizon
    pred_ptr: IntArray
    pred_idx: IntArray
    succ_ptr: IntArray
    succ_idx: IntArray
    adjacent: npt.NDArray[np.bool_]  # adjacent[i, j]: i directly precedes j
    rank: IntArray  # position in a topological order
    latest_finish: IntArray  # CPM latest finish for the critical-path length
    lower_bound: int  # critical path and energy bounds

    @property
    def n(self) -> int:
        """Number of activities."""
        return int(self.dur.shape[0])


def compile_instance(inst: Instance) -> Compiled:
    """The arrays of an applicable instance (see :func:`applicable`).

    The horizon is long enough for activities run one after another past every
    withdrawal of capacity.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 2),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 2),)),))), (3,), (), ((0, 1),))
    >>> compile_instance(inst).lower_bound  # 3 * 2 + 2 * 2 units of work, 3 a day
    4
    """
    n = len(inst.activities)
    n_res = max(len(inst.capacities), 1)
    dur = np.array([a.modes[0].duration for a in inst.activities], dtype=np.int64)
    dem = np.zeros((n, n_res), dtype=np.int64)
    for i, a in enumerate(inst.activities):
        for r, amount in a.modes[0].demands:
            dem[i, r] += amount
    horizon = inst.trivial_horizon() + 1
    cap = np.zeros((n_res, horizon), dtype=np.int64)
    for r, c in enumerate(inst.capacities):
        cap[r, :] = c
    for r, a_, b_, amount in inst.unavailable:
        cap[r, max(a_, 0): max(min(b_, horizon), 0)] -= amount
    np.maximum(cap, 0, out=cap)
    pred = inst.predecessors()
    succ = inst.successors()
    adjacent = np.zeros((n, n), dtype=np.bool_)
    for i, j in inst.precedences:
        adjacent[i, j] = True
    order = topological_order(n, inst.precedences)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    done = inst.earliest_completions()
    cpm = max(done, default=0)
    tails = inst.tails()
    latest_finish = np.array([cpm - tails[i] + int(dur[i]) for i in range(n)], dtype=np.int64)
    energy = 0
    for r, c in enumerate(inst.capacities):
        work = int((dur * dem[:, r]).sum())
        if c > 0 and not inst.unavailable:
            energy = max(energy, -(-work // c))
    return Compiled(
        dur=dur, dem=dem, cap=cap,
        pred_ptr=np.cumsum([0] + [len(p) for p in pred]).astype(np.int64),
        pred_idx=np.array([i for p in pred for i in p], dtype=np.int64),
        succ_ptr=np.cumsum([0] + [len(s) for s in succ]).astype(np.int64),
        succ_idx=np.array([j for s in succ for j in s], dtype=np.int64),
        adjacent=adjacent, rank=rank, latest_finish=latest_finish,
        lower_bound=max(cpm, energy),
    )


# --------------------------------------------------------------------------
# Kernels (plain Python here; compiled with numba by _kernels()).

_MULT = 0x2545F4914F6CDD1D


def _next(state: Any) -> float:
    # xorshift64*: a uniform in [0, 1) from the 64-bit state (state[0] != 0).
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return float((x * np.uint64(_MULT)) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


def _fits(a: int, t: int, dur: Any, dem: Any, cap: Any, used: Any) -> int:
    # -1 when activity a fits at [t, t + dur); else the last day that is short.
    n_res = dem.shape[1]
    for tau in range(t + dur[a] - 1, t - 1, -1):
        for r in range(n_res):
            if used[r, tau] + dem[a, r] > cap[r, tau]:
                return tau
    return -1


def _earliest(a: int, t: int, dur: Any, dem: Any, cap: Any, used: Any) -> int:
    # The earliest start >= t where a fits, or -1 beyond the horizon.
    horizon = cap.shape[1]
    while True:
        if t + dur[a] > horizon:
            return -1
        tau = _fits(a, t, dur, dem, cap, used)
        if tau < 0:
            return t
        t = tau + 1


def _latest(a: int, lo: int, hi: int, dur: Any, dem: Any, cap: Any, used: Any) -> int:
    # The latest start in [lo, hi] where a fits (lo is known to fit).
    n_res = dem.shape[1]
    t = hi
    while t > lo:
        short = -1
        for tau in range(t, t + dur[a]):
            for r in range(n_res):
                if used[r, tau] + dem[a, r] > cap[r, tau]:
                    short = tau
                    break
            if short >= 0:
                break
        if short < 0:
            return t
        t = short - dur[a]
    return lo


def _ready(a: int, pred_ptr: Any, pred_idx: Any, finish: Any) -> int:
    # The earliest start its predecessors allow: the latest of their finishes.
    es = 0
    for q in range(pred_ptr[a], pred_ptr[a + 1]):
        f = finish[pred_idx[q]]
        if f > es:
            es = f
    return es


def _put(a: int, t: int, sign: int, dur: Any, dem: Any, used: Any) -> None:
    n_res = dem.shape[1]
    for tau in range(t, t + dur[a]):
        for r in range(n_res):
            used[r, tau] += sign * dem[a, r]


def _decode(order: Any, dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any,
            used: Any, start: Any, finish: Any) -> int:
    # Serial schedule generation of an activity list; the makespan, or -1.
    used[:, :] = 0
    makespan = 0
    for p in range(order.shape[0]):
        a = order[p]
        t = _earliest(a, _ready(a, pred_ptr, pred_idx, finish), dur, dem, cap, used)
        if t < 0:
            return -1
        _put(a, t, 1, dur, dem, used)
        start[a] = t
        finish[a] = t + dur[a]
        if finish[a] > makespan:
            makespan = finish[a]
    return makespan


def _justify(makespan: int, dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any,
             succ_ptr: Any, succ_idx: Any, rank: Any, used: Any, start: Any, finish: Any,
             key: Any) -> int:
    # Double justification of a feasible schedule held in (used, start, finish).
    n = dur.shape[0]
    for _round in range(JUSTIFY_ROUNDS):
        # Right: latest finish first, each as late as its successors allow.
        for a in range(n):
            key[a] = -(finish[a] * n + rank[a])
        for a in np.argsort(key):
            lf = makespan
            for q in range(succ_ptr[a], succ_ptr[a + 1]):
                s = start[succ_idx[q]]
                if s < lf:
                    lf = s
            hi = lf - dur[a]
            if hi > start[a]:
                _put(a, start[a], -1, dur, dem, used)
                t = _latest(a, start[a], hi, dur, dem, cap, used)
                _put(a, t, 1, dur, dem, used)
                start[a] = t
                finish[a] = t + dur[a]
        # Left: earliest start first, each as early as its predecessors allow.
        for a in range(n):
            key[a] = start[a] * n + rank[a]
        shorter = 0
        for a in np.argsort(key):
            es = _ready(a, pred_ptr, pred_idx, finish)
            if es < start[a]:
                _put(a, start[a], -1, dur, dem, used)
                t = _earliest(a, es, dur, dem, cap, used)
                _put(a, t, 1, dur, dem, used)
                start[a] = t
                finish[a] = t + dur[a]
            if finish[a] > shorter:
                shorter = finish[a]
        if shorter >= makespan:
            return makespan
        makespan = shorter
    return makespan


def _evaluate(order: Any, dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any,
              succ_ptr: Any, succ_idx: Any, rank: Any, used: Any, start: Any, finish: Any,
              key: Any) -> int:
    # Decode, justify, and write the justified order back into ``order``.
    makespan = _decode(order, dur, dem, cap, pred_ptr, pred_idx, used, start, finish)
    if makespan < 0:
        return 1 << 60
    makespan = _justify(makespan, dur, dem, cap, pred_ptr, pred_idx, succ_ptr, succ_idx,
                        rank, used, start, finish, key)
    n = dur.shape[0]
    for a in range(n):
        key[a] = start[a] * n + rank[a]
    sorted_ = np.argsort(key)
    for p in range(n):
        order[p] = sorted_[p]
    return makespan


def _sample(out: Any, latest_finish: Any, pred_ptr: Any, succ_ptr: Any, succ_idx: Any,
            noise: float, state: Any, count: Any, eligible: Any) -> None:
    # Biased random sampling: among eligible activities the smallest noisy latest finish.
    n = out.shape[0]
    for a in range(n):
        count[a] = pred_ptr[a + 1] - pred_ptr[a]
    n_el = 0
    for a in range(n):
        if count[a] == 0:
            eligible[n_el] = a
            n_el += 1
    for p in range(n):
        best = 0
        best_key = 1e300
        for e in range(n_el):
            k = latest_finish[eligible[e]] * (1.0 + noise * _next(state))
            if k < best_key:
                best_key = k
                best = e
        a = eligible[best]
        eligible[best] = eligible[n_el - 1]
        n_el -= 1
        out[p] = a
        # a successor becomes eligible once all its predecessors are listed
        for q in range(succ_ptr[a], succ_ptr[a + 1]):
            b = succ_idx[q]
            count[b] -= 1
            if count[b] == 0:
                eligible[n_el] = b
                n_el += 1


def _crossover(mother: Any, father: Any, child: Any, q1: int, q2: int, taken: Any) -> None:
    # Two-point crossover (Hartmann 1998): [0, q1) from the mother, [q1, q2) in the
    # father's order, the rest in the mother's; the child stays precedence-feasible.
    n = mother.shape[0]
    taken[:] = False
    p = 0
    for i in range(q1):
        child[p] = mother[i]
        taken[mother[i]] = True
        p += 1
    for i in range(n):
        if p >= q2:
            break
        a = father[i]
        if not taken[a]:
            child[p] = a
            taken[a] = True
            p += 1
    for i in range(n):
        a = mother[i]
        if not taken[a]:
            child[p] = a
            taken[a] = True
            p += 1


def _island(seed: int, generations: int, target: int, pop: Any, fit: Any, best_order: Any,
            best_start: Any, best_value: Any, state: Any, stall: Any, dur: Any, dem: Any,
            cap: Any, pred_ptr: Any, pred_idx: Any, succ_ptr: Any, succ_idx: Any,
            adjacent: Any, rank: Any, latest_finish: Any, evaluations: Any) -> None:
    # One island for ``generations`` more generations; every array argument
    # after ``target`` is its state and carries over from one call to the next.
    size, n = pop.shape
    used = np.zeros_like(cap)
    start = np.zeros(n, dtype=np.int64)
    finish = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    eligible = np.zeros(n, dtype=np.int64)
    taken = np.zeros(n, dtype=np.bool_)
    children = np.zeros((size, n), dtype=np.int64)
    cfit = np.zeros(size, dtype=np.int64)
    allkey = np.zeros(2 * size, dtype=np.float64)
    merged = np.zeros((size, n), dtype=np.int64)
    mfit = np.zeros(size, dtype=np.int64)
    perm = np.zeros(size, dtype=np.int64)
    if state[0] == 0:  # a fresh island: seed its stream, sample its population
        state[0] = np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
        if state[0] == 0:
            state[0] = np.uint64(1)
        _fill(0, pop, fit, best_order, best_start, best_value, state, dur, dem, cap,
              pred_ptr, pred_idx, succ_ptr, succ_idx, rank, latest_finish, evaluations,
              used, start, finish, key, count, eligible)
    for _g in range(generations):
        if best_value[0] <= target:
            return
        before = best_value[0]
        # pair the individuals at random; two children per pair
        for i in range(size):
            perm[i] = i
        for i in range(size - 1, 0, -1):
            j = int(_next(state) * (i + 1))
            perm[i], perm[j] = perm[j], perm[i]
        for c in range(0, size - 1, 2):
            m, f = perm[c], perm[c + 1]
            q1 = int(_next(state) * n)
            q2 = int(_next(state) * n)
            if q1 > q2:
                q1, q2 = q2, q1
            _crossover(pop[m], pop[f], children[c], q1, q2, taken)
            _crossover(pop[f], pop[m], children[c + 1], q1, q2, taken)
        for c in range(size):
            ch = children[c]
            for i in range(n - 1):
                if _next(state) < MUTATION and not adjacent[ch[i], ch[i + 1]]:
                    ch[i], ch[i + 1] = ch[i + 1], ch[i]
            cfit[c] = _evaluate(ch, dur, dem, cap, pred_ptr, pred_idx, succ_ptr, succ_idx,
                                rank, used, start, finish, key)
            evaluations[0] += 1
            if cfit[c] < best_value[0]:
                best_value[0] = cfit[c]
                best_order[:] = ch
                best_start[:] = start
        # the best of parents and children survive (ties broken at random)
        for i in range(size):
            allkey[i] = fit[i] + 0.5 * _next(state)
            allkey[size + i] = cfit[i] + 0.5 * _next(state)
        order = np.argsort(allkey)
        for k in range(size):
            src = order[k]
            if src < size:
                merged[k] = pop[src]
                mfit[k] = fit[src]
            else:
                merged[k] = children[src - size]
                mfit[k] = cfit[src - size]
        pop[:, :] = merged
        fit[:] = mfit
        stall[0] = 0 if best_value[0] < before else stall[0] + 1
        if stall[0] >= STALL:
            # start again around the best: keep it, sample the rest afresh
            stall[0] = 0
            pop[0] = best_order
            fit[0] = best_value[0]
            _fill(1, pop, fit, best_order, best_start, best_value, state, dur, dem, cap,
                  pred_ptr, pred_idx, succ_ptr, succ_idx, rank, latest_finish, evaluations,
                  used, start, finish, key, count, eligible)


def _fill(first: int, pop: Any, fit: Any, best_order: Any, best_start: Any, best_value: Any,
          state: Any, dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any,
          succ_ptr: Any, succ_idx: Any, rank: Any, latest_finish: Any, evaluations: Any,
          used: Any, start: Any, finish: Any, key: Any, count: Any, eligible: Any) -> None:
    # Individuals first.. by biased random sampling (the very first: no noise).
    for i in range(first, pop.shape[0]):
        noise = 0.0 if i == 0 else 0.5
        _sample(pop[i], latest_finish, pred_ptr, succ_ptr, succ_idx, noise, state, count,
                eligible)
        fit[i] = _evaluate(pop[i], dur, dem, cap, pred_ptr, pred_idx, succ_ptr, succ_idx,
                           rank, used, start, finish, key)
        evaluations[0] += 1
        if fit[i] < best_value[0]:
            best_value[0] = fit[i]
            best_order[:] = pop[i]
            best_start[:] = start


def _islands(seed: int, generations: int, target: int, pops: Any, fits: Any,
             best_orders: Any, best_starts: Any, best_values: Any, states: Any, stalls: Any,
             dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any, succ_ptr: Any,
             succ_idx: Any, adjacent: Any, rank: Any, latest_finish: Any,
             evaluations: Any) -> None:
    for k in _prange(pops.shape[0]):
        _island(seed * 7919 + k, generations, target, pops[k], fits[k], best_orders[k],
                best_starts[k], best_values[k], states[k], stalls[k], dur, dem, cap, pred_ptr,
                pred_idx, succ_ptr, succ_idx, adjacent, rank, latest_finish, evaluations[k])


def _prange(n: int) -> range:
    return range(n)


_compiled: dict[str, Any] = {}


def _kernels() -> dict[str, Any]:
    """The numba-compiled kernels (compiled on first use, cached on disk)."""
    if not _compiled:
        import numba

        g = globals()
        g["_prange"] = numba.prange
        compile_in_place(g, ("_next", "_fits", "_earliest", "_latest", "_ready", "_put",
                             "_decode", "_justify", "_evaluate", "_sample", "_crossover",
                             "_fill", "_island"), parallel=("_islands",))
        _compiled["_islands"] = g["_islands"]
    return _compiled


@dataclass(frozen=True)
class Improved:
    """What :func:`improve` found: the best schedule and how the search went."""

    start: IntArray
    finish: IntArray
    makespan: int
    #: The critical-path and energy bound: a schedule that reaches it is optimal.
    lower_bound: int
    evaluations: int
    generations: int


def improve(inst: Instance, *, time_limit: float = 1.0, max_generations: int = 10**9,
            islands: int = 2, seed: int = 0, stop_at: int | None = None,
            patience: int = 150, epoch: int = 5) -> Improved:
    """Search for a short schedule of an applicable instance (see :func:`applicable`).

    Runs ``islands`` populations (one per thread) until ``time_limit``
    seconds of wall clock or ``max_generations`` generations have passed, the
    makespan reaches ``stop_at`` (default: the lower bound), or the best has
    not improved for ``patience`` generations (or half the generations run,
    if more). With ``time_limit=inf`` the result depends on the seed alone.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)),))), (1,), (), ((0, 1),))
    >>> r = improve(inst, max_generations=5)
    >>> r.makespan, sorted(r.start.tolist()), r.lower_bound
    (5, [0, 3], 5)
    """
    k = _kernels()
    c = compile_instance(inst)
    target = c.lower_bound if stop_at is None else stop_at
    n = c.n
    pops = np.zeros((islands, POPULATION, n), dtype=np.int64)
    fits = np.zeros((islands, POPULATION), dtype=np.int64)
    best_orders = np.zeros((islands, n), dtype=np.int64)
    best_starts = np.zeros((islands, n), dtype=np.int64)
    best_values = np.full((islands, 1), 1 << 60, dtype=np.int64)
    states = np.zeros((islands, 1), dtype=np.uint64)
    stalls = np.zeros((islands, 1), dtype=np.int64)
    evaluations = np.zeros((islands, 1), dtype=np.int64)
    t0 = time.perf_counter()
    done = 0
    best = 1 << 60
    improved_at = 0
    step = 0  # the first call samples the populations (counted as one generation)
    while True:
        k["_islands"](seed, step, target, pops, fits, best_orders, best_starts, best_values,
                      states, stalls, c.dur, c.dem, c.cap, c.pred_ptr, c.pred_idx, c.succ_ptr,
                      c.succ_idx, c.adjacent, c.rank, c.latest_finish, evaluations)
        done += max(step, 1)
        value = int(best_values.min())
        if value < best:
            best, improved_at = value, done
        if (value <= target or done >= max_generations
                or done - improved_at > max(patience, done // 2)
                or time.perf_counter() - t0 >= time_limit):
            break
        step = min(epoch, max_generations - done)
    island = int(np.argmin(best_values[:, 0]))
    start = best_starts[island].copy()
    return Improved(start, start + c.dur, int(best_values[island, 0]), c.lower_bound,
                    int(evaluations.sum()), done)


_warm: list[bool] = []


def warm_up() -> None:
    """Compile (or load from the on-disk cache) the kernels now, once per process."""
    if _warm:
        return
    from impp.deploy.instance import Activity, Mode

    _warm.append(True)
    improve(Instance((Activity("a", (Mode(1, 1, ((0, 1),)),)),), (1,), (), ((0,),)),
            max_generations=1)
