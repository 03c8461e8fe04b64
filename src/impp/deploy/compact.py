"""Each activity as early as the lift allows, once the milestones are decided.

CP-SAT minimises the milestones (FOC, then IOC) and stops there: among the
schedules that reach them, which one it returns depends on its search, and
some leave a unit waiting for the roads to reopen while a helicopter that
could fly it stands idle (its arrival sets no milestone). Planners read such
a wait as the plan's, and it moves what follows from the schedule (cost,
who waits, deployment risk) whenever the solver's settings change.

:func:`compact` removes such waits: each activity in turn, by its start,
moves to the earliest start and mode (way of doing it) that the others' use
of the assets, its predecessors, its release date and the seasons leave,
when that completes it sooner; passes repeat until none moves. Completions
only come sooner, so every successor's start and every milestone still
hold, and a milestone already at its best stays at its value.
Deterministic, and cheap next to the solve (a few milliseconds on Carana).
It is a local improvement, not a canonical form: two schedules CP-SAT may
return can still compact to two (on Carana, which of two units takes the
convoys first).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from impp.deploy.instance import Instance, Mode

IntArray = npt.NDArray[np.int64]

#: Passes over every activity at most (each pass that moves nothing ends it).
MAX_PASSES = 20


def compact(inst: Instance, start: list[int], mode: list[int], finish: list[int]
            ) -> tuple[list[int], list[int], list[int]]:
    """The schedule with every activity moved as early as the others allow.

    >>> from impp.deploy.instance import Activity, Mode
    >>> inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                  Activity("b", (Mode(9, 9), Mode(2, 2, ((0, 1),))))), (1,), (), ((0,),))
    >>> compact(inst, [0, 0], [0, 0], [3, 9])  # b waits for the asset: 5 days, not 9
    ([0, 3], [0, 1], [3, 5])
    """
    start, mode, finish = list(start), list(mode), list(finish)
    acts = inst.activities
    n_res = len(inst.capacities)
    longest = max((m.duration for a in acts for m in a.modes), default=0)
    end = max([*finish, *(s + acts[i].modes[mode[i]].duration for i, s in enumerate(start)), 0])
    days = end + longest + 2
    used = np.zeros((max(n_res, 1), days), dtype=np.int64)
    for r, a, b, amount in inst.unavailable:
        a, b = max(a, 0), min(b, days)
        if b > a and amount > 0:
            used[r, a:b] += min(amount, inst.capacities[r])
    for i, s in enumerate(start):
        _hold(used, acts[i].modes[mode[i]], s, 1)
    cap = np.array(inst.capacities or (0,), dtype=np.int64)[:, None]
    pred = inst.predecessors()
    for _ in range(MAX_PASSES):
        moved = False
        for i in sorted(range(len(acts)), key=lambda k: (start[k], k)):
            act = acts[i]
            earliest = max([act.release, 0] + [finish[p] for p in pred[i]])
            if finish[i] <= earliest + min(m.lag for m in act.modes):
                continue  # nothing to gain
            _hold(used, act.modes[mode[i]], start[i], -1)
            best = (finish[i], 0, start[i], mode[i])
            for k, m in enumerate(act.modes):
                if any(amount > inst.capacities[r] for r, amount in m.demands):
                    continue
                at = _earliest(used, cap, m, earliest, finish[i] - m.lag - 1)
                if at is not None and (at + m.lag, 1 if k == mode[i] else 2) < best[:2]:
                    best = (at + m.lag, 1 if k == mode[i] else 2, at, k)
            f, _, at, k = best
            _hold(used, act.modes[k], at, 1)
            if f < finish[i]:
                start[i], mode[i], finish[i] = at, k, f
                moved = True
        if not moved:
            break
    return start, mode, finish


def _hold(used: IntArray, m: Mode, s: int, sign: int) -> None:
    duration = m.duration
    if duration > 0:
        for r, amount in m.demands:
            if amount > 0:
                used[r, s:s + duration] += sign * amount


def _earliest(used: IntArray, cap: IntArray, m: Mode, lo: int, hi: int) -> int | None:
    """The first start in ``[lo, hi]`` where mode ``m`` fits: its assets free
    for its duration and no forbidden window crossed; ``None`` when none."""
    if hi < lo:
        return None
    duration, span = m.duration, m.span
    ok = np.ones(hi - lo + 1, dtype=bool)
    if duration > 0:
        for r, amount in m.demands:
            if amount <= 0:
                continue
            full = used[r, lo:hi + duration] + amount > cap[r, 0]
            # a start is free when no day of [s, s + duration) is full
            run = np.concatenate(([0], np.cumsum(full)))
            ok &= (run[duration:duration + len(ok)] - run[:len(ok)]) == 0
    for a, b in m.windows:
        # [s, s + span) misses [a, b): s + span <= a or s >= b
        bad_lo, bad_hi = max(a - span + 1, lo), min(b - 1, hi)
        if bad_hi >= bad_lo:
            ok[bad_lo - lo:bad_hi - lo + 1] = False
    hits = np.flatnonzero(ok)
    return lo + int(hits[0]) if len(hits) else None
