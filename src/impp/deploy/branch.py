"""Branch and bound for the RCPSP: prove that no schedule meets a deadline.

CP-SAT proves most small PSPLIB bounds in well under a second, but a few
tightly constrained j30 instances (j30_29_3, set 13) took it 12 to 40 s,
and no reformulation tried brought them inside ten. Those instances have few
precedence-closed sets of activities (j30_29_3: 5,522 of 2^30), so an
enumeration that recognises states it has already refuted is small. This is
one: the *precedence tree* of Patterson et al. (1989) and Sprecher (2000),
with their *cutset* dominance, compiled with numba.

- A node is a partial schedule built in order of start times: the next
  activity is any whose predecessors are all scheduled, started at the
  earliest time its predecessors and the resource profile allow that is no
  earlier than the start of the activity scheduled before it. Every *active*
  schedule (no activity can start sooner without moving another) is a leaf
  of this tree, and some active schedule is optimal.
- A node's future depends only on the set ``X`` of scheduled activities, the
  last start ``t`` and the finishes of the activities still running at
  ``t``. A refuted node A *dominates* a node B with the same ``X`` when
  ``t_A <= t_B`` and each activity finishes in A no later than
  ``max(t_B, its finish in B)``: B's resource use from ``t_B`` on is at least
  A's and its precedence releases are no earlier, so any completion of B,
  scheduled the same way from A, starts no later, and B is refuted too.
  Since no child of B starts before the earliest start of its candidates,
  the rule is tried again with ``t_B`` moved up to that day (on j30_13_5
  this took the nodes from 4.9 to 2.7 million). Every refuted node (searched,
  or cut by a bound) is stored in a hash table keyed by ``X``; records a new
  one dominates are dropped. The left-shift rules of the literature are not
  applied: their combination with this rule needs a more delicate argument,
  and on j30_13_5 they would have cut 4 % of the nodes.
- Bounds: each activity's earliest start (resources for those ready to
  start, precedences for the rest) plus its tail must meet the deadline; and
  for each resource, with every activity left to schedule as late as it may
  start, the work due by each day must fit in the capacity up to that day,
  and with each as early as it may start, the work after each day in the
  capacity after it.

The search answers *is there a schedule of makespan at most T?* with a
schedule, a refutation, or "unknown" at the node limit or when told to stop.
Run on the project and on its reverse (every precedence turned round, which
has the same shortest makespan) the two searches differ by up to an order of
magnitude (j30_13_1: 6.4 million nodes forward, 1.4 million in reverse);
:mod:`impp.deploy.portfolio` runs it beside CP-SAT.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from impp.deploy.genetic import applicable
from impp.deploy.instance import Instance, topological_order
from impp.deploy.jit import compile_in_place

IntArray = npt.NDArray[np.int64]

#: Largest instance the search takes: a scheduled set is one 64-bit word.
MAX_ACTIVITIES = 64
#: Latest deadline it takes: a finish is stored in 16 bits.
MAX_DEADLINE = (1 << 16) - 1
#: Records of refuted states the table holds (a record is RECORD 32-bit words).
STORE_RECORDS = 1 << 23
RECORD = 16
#: Nodes between two looks at the stop flag.
CHECK_EVERY = 4096

Outcome = Literal["infeasible", "feasible", "unknown"]


@dataclass(frozen=True)
class Proof:
    """What a search found for one deadline.

    ``status``: ``infeasible`` (no schedule meets the deadline: proven),
    ``feasible`` (``start`` is a schedule that meets it), ``unknown`` (the
    search stopped first). ``nodes``: partial schedules examined.
    """

    status: Outcome
    deadline: int
    start: IntArray | None
    nodes: int
    seconds: float
    reverse: bool = False


def suitable(inst: Instance) -> bool:
    """True when the search applies: single-mode activities (see
    :func:`impp.deploy.genetic.applicable`), at most 64 of them, one milestone.

    >>> from impp.deploy.instance import Activity, Mode
    >>> suitable(Instance((Activity("a", (Mode(2, 2, ((0, 1),)),)),), (1,), (), ((0,),)))
    True
    """
    return (len(inst.activities) <= MAX_ACTIVITIES and len(inst.milestones) == 1
            and applicable(inst))


@dataclass(frozen=True)
class _Arrays:
    dur: IntArray
    dem: IntArray
    cap: IntArray
    pred_ptr: IntArray
    pred_idx: IntArray
    pred_mask: npt.NDArray[np.uint64]
    topo: IntArray
    tail: IntArray


def _arrays(inst: Instance, deadline: int, reverse: bool) -> _Arrays:
    n = len(inst.activities)
    n_res = max(len(inst.capacities), 1)
    dur = np.array([a.modes[0].duration for a in inst.activities], dtype=np.int64)
    dem = np.zeros((n, n_res), dtype=np.int64)
    for i, a in enumerate(inst.activities):
        for r, amount in a.modes[0].demands:
            dem[i, r] += amount
    horizon = max(deadline, 0) + 1
    cap = np.zeros((horizon, n_res), dtype=np.int64)  # day x resource
    for r, c in enumerate(inst.capacities):
        cap[:, r] = c
    for r, a_, b_, amount in inst.unavailable:
        cap[max(a_, 0): max(min(b_, horizon), 0), r] -= amount
    np.maximum(cap, 0, out=cap)
    prec = tuple((j, i) for i, j in inst.precedences) if reverse else inst.precedences
    if reverse:  # day d of the reverse is day deadline - 1 - d of the project
        cap[:deadline] = cap[:deadline][::-1].copy()
    pred: list[list[int]] = [[] for _ in range(n)]
    succ: list[list[int]] = [[] for _ in range(n)]
    for i, j in prec:
        pred[j].append(i)
        succ[i].append(j)
    order = topological_order(n, prec)
    tail = np.zeros(n, dtype=np.int64)
    for i in reversed(order):
        tail[i] = dur[i] + max((int(tail[j]) for j in succ[i]), default=0)
    mask = np.zeros(n, dtype=np.uint64)
    for j in range(n):
        for i in pred[j]:
            mask[j] |= np.uint64(1 << i)
    return _Arrays(
        dur, dem, cap,
        np.cumsum([0] + [len(p) for p in pred]).astype(np.int64),
        np.array([i for p in pred for i in p], dtype=np.int64),
        mask, np.array(order, dtype=np.int64), tail,
    )



class Refuted:
    """The table of refuted states, reusable for any later, shorter deadline.

    Each scheduled set ``X`` (the hash key) owns one contiguous block of
    records, so that checking a node reads consecutive memory: a record is
    ``[t, m, a_1 * 2^16 + f_1, ..., a_m * 2^16 + f_m]``, the last start and
    the activities still running then with their finishes (at most
    ``RECORD - 2`` of them; a state with more is not stored). A full block
    moves to a twice larger one at the end of the pool.
    """

    def __init__(self, records: int = STORE_RECORDS) -> None:
        slots = 1 << max((records // 4).bit_length(), 4)
        # np.zeros maps pages lazily: memory is only taken as the table fills
        self.keys = np.zeros(slots, dtype=np.uint64)
        self.block = np.zeros((slots, 3), dtype=np.int64)  # offset, records, room
        self.pool = np.zeros(records * RECORD, dtype=np.int32)
        # records taken from the pool, keys, nodes, cut by dominance, cut by bounds
        self.used = np.zeros(5, dtype=np.int64)


# --------------------------------------------------------------------------
# Kernels (plain Python here; compiled with numba by _kernels()).

_GOLDEN = 0x9E3779B97F4A7C15


def _slot(keys: Any, x: Any) -> int:
    # The slot of key x, or of the empty slot where it would go (linear probing).
    mask = keys.shape[0] - 1
    h: int = int((x * np.uint64(_GOLDEN)) >> np.uint64(32)) & mask
    while keys[h] != 0 and keys[h] != x:
        h = (h + 1) & mask
    return h


def _dominated(x: Any, t: int, fin: Any, keys: Any, block: Any, pool: Any) -> bool:
    h = _slot(keys, x)
    if keys[h] == 0:
        return False
    base = block[h, 0]
    for e in range(block[h, 1] - 1, -1, -1):  # newest first: the likeliest to dominate
        o = base + e * RECORD
        if pool[o] > t:
            continue
        ok = True
        for q in range(o + 2, o + 2 + pool[o + 1]):
            f = pool[q] & 0xFFFF
            if f > t and f > fin[pool[q] >> 16]:
                ok = False
                break
        if ok:
            return True
    return False


def _covers(o: int, t: int, m: int, pool: Any, new: Any) -> bool:
    # Whether the new state (t, pairs new[:m]) dominates the record at o.
    te = pool[o]
    if t > te:
        return False
    for q in range(m):
        f = new[q] & 0xFFFF
        if f > te:
            other = -1
            for w in range(o + 2, o + 2 + pool[o + 1]):
                if (pool[w] >> 16) == (new[q] >> 16):
                    other = pool[w] & 0xFFFF
                    break
            if other < f:
                return False
    return True


def _remember(x: Any, t: int, level: int, placed: Any, fin: Any, keys: Any, block: Any,
              pool: Any, used: Any, new: Any) -> None:
    # Store the refuted state (x, t, running finishes); drop records it dominates.
    m = 0
    for q in range(level):
        a = placed[q]
        if fin[a] > t:
            if m == RECORD - 2:
                return
            new[m] = a * 65536 + fin[a]
            m += 1
    capacity = pool.shape[0] // RECORD
    h = _slot(keys, x)
    if keys[h] == 0:
        if 4 * (used[1] + 1) > 3 * keys.shape[0] or used[0] + 4 > capacity:
            return
        keys[h] = x
        block[h, 0] = used[0] * RECORD
        block[h, 1] = 0
        block[h, 2] = 4
        used[0] += 4
        used[1] += 1
    base = block[h, 0]
    kept = 0
    for e in range(block[h, 1]):
        o = base + e * RECORD
        if _covers(o, t, m, pool, new):
            continue
        if kept != e:
            d = base + kept * RECORD
            for w in range(RECORD):
                pool[d + w] = pool[o + w]
        kept += 1
    block[h, 1] = kept
    if kept == block[h, 2]:
        room = 2 * kept
        if used[0] + room > capacity:
            return
        d = used[0] * RECORD
        for w in range(kept * RECORD):
            pool[d + w] = pool[base + w]
        block[h, 0] = d
        block[h, 2] = room
        used[0] += room
        base = d
    o = base + kept * RECORD
    pool[o] = t
    pool[o + 1] = m
    for q in range(m):
        pool[o + 2 + q] = new[q]
    block[h, 1] = kept + 1


def _fit(a: int, t: int, dur: Any, dem: Any, cap: Any, use: Any) -> int:
    # The earliest start >= t where a fits under the capacities, or -1 past the horizon.
    n_res = dem.shape[1]
    horizon = cap.shape[0]
    while True:
        if t + dur[a] > horizon:
            return -1
        short = -1
        for tau in range(t + dur[a] - 1, t - 1, -1):
            for r in range(n_res):
                if use[tau, r] + dem[a, r] > cap[tau, r]:
                    short = tau
                    break
            if short >= 0:
                break
        if short < 0:
            return t
        t = short + 1


def _put(a: int, s: int, sign: int, dur: Any, dem: Any, profile: Any) -> None:
    for tau in range(s, s + dur[a]):
        for r in range(dem.shape[1]):
            profile[tau, r] += sign * dem[a, r]


def _bounded(t: int, deadline: int, dur: Any, dem: Any, cap: Any, use: Any, late: Any,
             est: Any, unsched: Any, n_un: int, early: Any, slack: Any) -> bool:
    # False when some resource cannot carry the work left before the deadline.
    # ``use`` from t on is the work of the activities running at t; ``late``
    # holds the activities still to schedule, each at its latest start: the
    # work due by each day D must fit in the capacity of [t, D). Then with
    # each at its earliest start (``early``), the work after each day D must
    # fit in that of [D, deadline).
    n_res = dem.shape[1]
    for r in range(n_res):
        slack[r] = 0
    for tau in range(t, deadline):
        for r in range(n_res):
            slack[r] += cap[tau, r] - use[tau, r] - late[tau, r]
            if slack[r] < 0:
                return False
    for tau in range(t, deadline + 1):
        for r in range(n_res):
            early[tau, r] = 0
    for v in range(n_un):
        b = unsched[v]
        for r in range(n_res):
            early[est[b], r] += dem[b, r]
            early[est[b] + dur[b], r] -= dem[b, r]
    for tau in range(t + 1, deadline):
        for r in range(n_res):
            early[tau, r] += early[tau - 1, r]
    for r in range(n_res):
        slack[r] = 0
    for tau in range(deadline - 1, t - 1, -1):
        for r in range(n_res):
            slack[r] += cap[tau, r] - use[tau, r] - early[tau, r]
            if slack[r] < 0:
                return False
    return True


def _search(deadline: int, dur: Any, dem: Any, cap: Any, pred_ptr: Any, pred_idx: Any,
            pred_mask: Any, topo: Any, tail: Any, node_limit: int, stop: Any, keys: Any,
            block: Any, pool: Any, used: Any, start: Any) -> int:
    # 1: a schedule within the deadline is in ``start``; 0: none exists; -1: stopped.
    n = dur.shape[0]
    n_res = dem.shape[1]
    horizon = cap.shape[0]
    for a in range(n):
        start[a] = -1
        if tail[a] > deadline:
            return 0
    use = np.zeros((horizon + 1, n_res), dtype=np.int64)
    late = np.zeros((horizon + 1, n_res), dtype=np.int64)
    early = np.zeros((horizon + 1, n_res), dtype=np.int64)
    slack = np.zeros(n_res, dtype=np.int64)
    for a in range(n):
        _put(a, deadline - tail[a], 1, dur, dem, late)
    fin = np.zeros(n, dtype=np.int64)
    est = np.zeros(n, dtype=np.int64)
    unsched = np.zeros(n, dtype=np.int64)
    placed = np.zeros(n + 1, dtype=np.int64)
    cand = np.zeros((n + 1, n), dtype=np.int64)
    cand_s = np.zeros((n + 1, n), dtype=np.int64)
    n_cand = np.zeros(n + 1, dtype=np.int64)
    i_cand = np.zeros(n + 1, dtype=np.int64)
    xs = np.zeros(n + 1, dtype=np.uint64)
    ts = np.zeros(n + 1, dtype=np.int64)
    new = np.zeros(RECORD, dtype=np.int32)
    one = np.uint64(1)
    base = used[2]
    level = 0
    x = np.uint64(0)
    t = 0
    nodes = 0
    fresh = True  # the node at ``level`` (scheduled set x, last start t) is new
    while True:
        if fresh:
            # its children (the activities ready to start, each at its earliest
            # start) and its bounds
            ok = True
            k = 0
            n_un = 0
            for p in range(n):
                a = topo[p]
                if (x >> np.uint64(a)) & one:
                    continue
                unsched[n_un] = a
                n_un += 1
                ready = t
                for q in range(pred_ptr[a], pred_ptr[a + 1]):
                    b = pred_idx[q]
                    f = fin[b] if (x >> np.uint64(b)) & one else est[b] + dur[b]
                    if f > ready:
                        ready = f
                if (pred_mask[a] & ~x) == 0:
                    ready = _fit(a, ready, dur, dem, cap, use)
                    if ready < 0:
                        ok = False
                        break
                    cand[level, k] = a
                    cand_s[level, k] = ready
                    k += 1
                est[a] = ready
                if ready + tail[a] > deadline:
                    ok = False
                    break
            ts[level] = t
            if ok and level > 0:
                # no child starts before the earliest candidate: a node refuted
                # before may dominate this one from that day on
                first = cand_s[level, 0]
                for i in range(1, k):
                    first = min(first, cand_s[level, i])
                if first > t and _dominated(x, first, fin, keys, block, pool):
                    used[3] += 1
                    ts[level] = -1  # its dominator is stored already
                    ok = False
            if ok:
                ok = _bounded(t, deadline, dur, dem, cap, use, late, est, unsched, n_un, early,
                              slack)
                if not ok:
                    used[4] += 1
            if not ok:  # refuted: stored as the search backs up
                k = 0
            # earliest start first, then least slack
            for i in range(1, k):
                ca = cand[level, i]
                cs = cand_s[level, i]
                j = i - 1
                while j >= 0 and (cand_s[level, j] > cs or (
                        cand_s[level, j] == cs and tail[cand[level, j]] < tail[ca])):
                    cand[level, j + 1] = cand[level, j]
                    cand_s[level, j + 1] = cand_s[level, j]
                    j -= 1
                cand[level, j + 1] = ca
                cand_s[level, j + 1] = cs
            n_cand[level] = k
            i_cand[level] = 0
            xs[level] = x
            fresh = False
        if i_cand[level] < n_cand[level]:
            c = i_cand[level]
            i_cand[level] += 1
            a = cand[level, c]
            s = cand_s[level, c]
            nodes += 1
            if nodes % CHECK_EVERY == 0:
                used[2] = base + nodes
                if stop[0] != 0 or nodes >= node_limit:
                    return -1
            x = xs[level] | (one << np.uint64(a))
            t = s
            fin[a] = s + dur[a]
            if level + 1 == n:
                used[2] = base + nodes
                start[a] = s
                for q in range(level):
                    b = placed[q]
                    start[b] = fin[b] - dur[b]
                return 1
            if _dominated(x, t, fin, keys, block, pool):
                used[3] += 1
                continue
            _put(a, s, 1, dur, dem, use)
            _put(a, deadline - tail[a], -1, dur, dem, late)
            placed[level] = a
            level += 1
            fresh = True
            continue
        # every child refuted: so is this node
        if level == 0:
            used[2] = base + nodes
            return 0
        if ts[level] >= 0:
            _remember(xs[level], ts[level], level, placed, fin, keys, block, pool, used, new)
        level -= 1
        a = placed[level]
        _put(a, fin[a] - dur[a], -1, dur, dem, use)
        _put(a, deadline - tail[a], 1, dur, dem, late)


_compiled: dict[str, Any] = {}


def _kernels() -> dict[str, Any]:
    """The numba-compiled kernels (compiled on first use, cached on disk)."""
    if not _compiled:
        g = globals()
        compile_in_place(g, ("_slot", "_dominated", "_covers", "_remember", "_fit", "_put",
                             "_bounded", "_search"))
        _compiled["_search"] = g["_search"]
    return _compiled


def prove(inst: Instance, deadline: int, *, reverse: bool = False,
          node_limit: int = 10**12, stop: npt.NDArray[np.int64] | None = None,
          store: Refuted | None = None) -> Proof:
    """Search for a schedule of ``inst`` (see :func:`suitable`) ending by ``deadline``.

    ``reverse``: search the reversed project (its schedules are mapped back).
    ``stop``: a one-element array; another thread sets it non-zero to stop the
    search. ``store``: the refuted states of an earlier search of the same
    project in the same direction with a later deadline (still refuted).

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(2, 2, ((0, 1),)),))), (1,), (), ((0, 1),))
    >>> prove(inst, 4).status, prove(inst, 5).status, prove(inst, 5).start.tolist()
    ('infeasible', 'feasible', [0, 3])
    """
    if not suitable(inst):
        raise ValueError("the branch and bound takes single-mode projects of up to 64 "
                         "activities with one milestone")
    if deadline > MAX_DEADLINE:
        raise ValueError(f"the branch and bound takes deadlines up to {MAX_DEADLINE} days")
    k = _kernels()
    t0 = time.perf_counter()
    if deadline < 0:
        return Proof("infeasible", deadline, None, 0, 0.0, reverse)
    arr = _arrays(inst, deadline, reverse)
    store = store or Refuted()
    stop = stop if stop is not None else np.zeros(1, dtype=np.int64)
    start = np.zeros(len(inst.activities), dtype=np.int64)
    before = int(store.used[2])
    code = k["_search"](deadline, arr.dur, arr.dem, arr.cap, arr.pred_ptr, arr.pred_idx,
                        arr.pred_mask, arr.topo, arr.tail, node_limit, stop, store.keys,
                        store.block, store.pool, store.used, start)
    nodes = int(store.used[2]) - before
    seconds = time.perf_counter() - t0
    if code == 1:
        if reverse:
            start = deadline - (start + arr.dur)
        return Proof("feasible", deadline, start, nodes, seconds, reverse)
    return Proof("infeasible" if code == 0 else "unknown", deadline, None, nodes, seconds,
                 reverse)


_warm: list[bool] = []


def warm_up() -> None:
    """Compile (or load from the on-disk cache) the kernels now, once per process."""
    if _warm:
        return
    from impp.deploy.instance import Activity, Mode

    _warm.append(True)
    prove(Instance((Activity("a", (Mode(1, 1, ((0, 1),)),)),), (1,), (), ((0,),)), 1)
