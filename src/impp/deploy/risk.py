"""Deployment schedule risk: the chance that IOC and FOC hold their deadlines.

Each Monte Carlo sample draws (assumptions, stated here):
- serviceability: of each lift type's ``count``, a binomial number with the
  type's ``serviceability`` is available for the whole sample;
- readiness: each unit is late with probability 0.3, by 1 to 21 days
  (uniform) (New Horizon (2009), Faster deployment: pledges arrive late);
- weather: the seasons start up to a week early or late and end up to two
  weeks early or late (uniform), so road closures move.
Each sample executes the plan's lift schedule (the one that decides the
capability milestones' verdicts) under its draws: the movements are taken
in their planned order, none starts before its planned day, and each keeps
its planned route and lift (how many assets) when that many exist in the
sample, at the first day they are free; a movement whose lift is not there
in those numbers goes the way that arrives first (assumptions). With no
draw the sample is the plan itself (a test checks it), so the odds are on
the verdict's basis: a milestone the schedule misses is missed in every
sample unless a movement moved to faster lift. (Rescheduling each sample
from scratch, as this did before, answered another question: on Carana
its undisturbed sample put FOC on day 96 and IOC on day 23 against the
schedule's 79 and 63, so IOC was "missed by 3 days" yet on time in 66 %
of the samples.) All samples run at once in numpy
(:func:`~impp.deploy.sgs.serial_sgs_batch`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from impp.deploy import limits
from impp.deploy.problem import build_problem
from impp.deploy.samples import RiskSamples
from impp.deploy.schedule import Deployment
from impp.deploy.sgs import Planned, flatten, serial_sgs_batch
from impp.model.plan import Plan
from impp.quantiles import percentile

LATE_PROBABILITY = 0.3
LATE_DAYS = (1, 21)
SEASON_START_SHIFT = 7
SEASON_END_SHIFT = 14


def deployment_risk(plan: Plan, samples: int = 500, seed: int = 0,
                    base: Deployment | None = None) -> dict[str, Any]:
    """Probabilities of IOC and FOC by their deadlines, with P50/P80 days.

    Returns ``{"samples", "seed", "ioc", "foc", "milestones"}``: ``ioc`` and
    ``foc`` are probabilities (``None`` without a deadline); ``milestones``
    maps each milestone id to ``max_days``, ``probability``, ``p50``, ``p80``
    and ``histogram`` (day, as text -> number of samples).
    Same seed, same answer. ``base``: the plan's deployment already solved
    (its schedule gives the priorities; else it is solved here).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> r = deployment_risk(load_plan(carana_path()), samples=50, seed=1)
    >>> 0.0 <= r["foc"] <= 1.0, r["samples"]
    (True, 50)
    """
    return deployment_risk_samples(plan, samples, seed, base)[0]


def deployment_risk_samples(plan: Plan, samples: int = 500, seed: int = 0,
                            base: Deployment | None = None
                            ) -> tuple[dict[str, Any], RiskSamples]:
    """:func:`deployment_risk` and the samples it counts."""
    if base is not None:
        problem, sol = base.problem, base.solution
    else:
        from impp.deploy.solver import solve

        problem = build_problem(plan)
        # deterministic: the same seed gives the same plan, and so the same
        # odds, however loaded the machine is
        sol = solve(problem.instance, time_limit=limits.LIFT_SCHEDULE, workers=1, seed=seed,
                    compiled_sgs=True, deterministic=True)
    inst = problem.instance
    horizon = inst.trivial_horizon() + LATE_DAYS[1] + SEASON_END_SHIFT + 1
    flat = flatten(inst, horizon)
    n = flat.n
    if sol.has_schedule:
        priority = np.array(sol.start, dtype=np.float64) + 1e-3 * np.arange(n)
    else:
        priority = -np.array(inst.tails(), dtype=np.float64)
    planned = None
    if sol.has_schedule:
        own = flat.mode_ptr[:-1] + np.array(sol.mode, dtype=np.int64)
        # the assets each planned mode needs, by resource
        own_need = flat.dem[own, : len(inst.capacities)]
        # a unit is in place when its last leg arrives: the planned day of
        # its zero-length "in place" step (which the solver may leave later,
        # where it sets no milestone) holds nothing back
        marker = np.array([all(m.duration == 0 and m.lag == 0 for m in a.modes)
                           for a in inst.activities], dtype=np.bool_)
        planned = Planned(np.where(marker, 0, np.array(sol.start, dtype=np.int64)), own,
                          np.empty((samples, n), dtype=np.bool_))
    rng = np.random.default_rng(seed)
    counts = np.array(inst.capacities, dtype=np.int64)
    service = np.array([a.serviceability for a in problem.assets])
    base_release = np.array([a.release for a in inst.activities], dtype=np.int64)
    units = list(problem.in_place)
    # the activities a unit's readiness holds back: its first leg and its arrival
    owner = np.full(n, -1, dtype=np.int64)
    for leg in problem.legs:
        if leg.index == 0:
            owner[leg.activity] = units.index(leg.unit)
    for u, i in problem.in_place.items():
        owner[i] = units.index(u)
    # The draws, each kind for every sample at once, in one stream (the same
    # seed, the same numbers); then every sample is scheduled at once.
    n_res = len(counts)
    avail = (rng.binomial(counts, service, size=(samples, n_res)) if n_res
             else np.zeros((samples, 0), dtype=np.int64))
    caps = np.maximum(flat.capacity[None] - (counts - avail)[:, :, None], 0)
    if planned is not None:
        planned.keep[:] = (own_need[None] <= avail[:, None, :]).all(axis=2)
    late = rng.random((samples, len(units))) < LATE_PROBABILITY
    slip = rng.integers(LATE_DAYS[0], LATE_DAYS[1] + 1, size=(samples, len(units))) * late
    releases = base_release[None] + (np.where(owner >= 0, slip[:, np.maximum(owner, 0)], 0)
                                     if units else 0)
    shift_a = rng.integers(-SEASON_START_SHIFT, SEASON_START_SHIFT + 1, size=samples)
    shift_b = rng.integers(-SEASON_END_SHIFT, SEASON_END_SHIFT + 1, size=samples)
    win_start = np.maximum(flat.win_start[None] + shift_a[:, None], 0)
    win_end = np.maximum(flat.win_end[None] + shift_b[:, None], win_start)
    # schedules end long before the horizon (the sum of every duration): look
    # at the days the plan's own schedule needs, with room for the slips
    first = (max(sol.finish) if sol.has_schedule else 0) + LATE_DAYS[1] + SEASON_END_SHIFT
    batch = serial_sgs_batch(flat, priority, releases, caps, win_start, win_end,
                             first_days=2 * first + 32, planned=planned)
    values = np.full((samples, len(inst.milestones)), horizon, dtype=np.int64)
    for k, members in enumerate(inst.milestones):
        done = batch.finish[:, list(members)].max(axis=1)
        values[:, k] = np.where(batch.feasible, done, horizon)
    out: dict[str, Any] = {"samples": samples, "seed": seed, "ioc": None, "foc": None,
                           "milestones": {}}
    for k, m in enumerate(problem.milestones):
        col = values[:, k]
        p = float((col <= m.max_days).mean()) if m.max_days is not None else None
        out["milestones"][m.id] = {
            "name": m.name, "max_days": m.max_days, "probability": p,
            "p50": int(percentile(col, 50)), "p80": int(percentile(col, 80)),
            # day -> samples: the odds of any other deadline (a criterion's own)
            "histogram": {str(int(d)): int(n) for d, n in zip(*np.unique(col, return_counts=True),
                                                               strict=True)},
        }
        key = "foc" if not m.units else "ioc"
        if out[key] is None:
            out[key] = p
    in_place = [problem.in_place[u] for u in units]
    arrivals = np.where(batch.feasible[:, None], batch.finish[:, in_place], horizon)
    kept = RiskSamples(tuple(units), arrivals.astype(np.int64),
                       {m.id: values[:, k].copy() for k, m in enumerate(problem.milestones)})
    return out, kept
