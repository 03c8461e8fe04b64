"""The genetic algorithm, the order literals and the proving descent on RCPSP instances."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from impp.deploy import genetic
from impp.deploy.constraints import incompatible_pairs
from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.rcpsp import project_instance, solve_rcpsp
from impp.deploy.solver import solve
from impp.io.psplib import read_project
from tests.deploy.test_solver import brute_force


def single_mode(seed: int, n: int = 7, unavailable: bool = False) -> Instance:
    rng = random.Random(seed)
    acts = tuple(
        Activity(f"a{i}", (Mode(d, d, ((0, rng.randint(1, 3)), (1, rng.randint(0, 2)))),))
        for i in range(n) for d in [rng.randint(1, 6)]
    )
    prec = tuple((i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.2)
    off = ((0, 3, 7, 1),) if unavailable else ()
    return Instance(acts, (3, 2), prec, (tuple(range(n)),), unavailable=off)


def problems(inst: Instance, start: np.ndarray, finish: np.ndarray) -> list[str]:
    """An independent check: durations, precedences, capacity on every day."""
    out = []
    for i, a in enumerate(inst.activities):
        if finish[i] - start[i] != a.modes[0].duration or start[i] < 0:
            out.append(f"{i}: duration")
    for i, j in inst.precedences:
        if start[j] < finish[i]:
            out.append(f"{i} -> {j}")
    horizon = int(finish.max()) + 1
    for r, cap in enumerate(inst.capacities):
        for t in range(horizon):
            limit = cap - sum(x for rr, a, b, x in inst.unavailable if rr == r and a <= t < b)
            use = sum(dict(a.modes[0].demands).get(r, 0)
                      for i, a in enumerate(inst.activities) if start[i] <= t < finish[i])
            if use > limit:
                out.append(f"resource {r} over at day {t}")
    return out


@pytest.mark.parametrize("seed", range(5))
def test_ga_reaches_the_brute_force_optimum_with_feasible_schedules(seed: int) -> None:
    inst = single_mode(seed)
    r = genetic.improve(inst, max_generations=60, time_limit=float("inf"), seed=seed)
    assert problems(inst, r.start, r.finish) == []
    assert r.makespan == int(r.finish.max())
    optimum = brute_force(inst)
    assert r.lower_bound <= optimum == r.makespan


def test_ga_respects_capacity_withdrawn_for_a_while() -> None:
    inst = single_mode(11, unavailable=True)
    r = genetic.improve(inst, max_generations=30, time_limit=float("inf"))
    assert problems(inst, r.start, r.finish) == []


def test_ga_is_reproducible_for_a_seed_and_generations(psplib: Path) -> None:
    inst = project_instance(read_project(psplib / "j30" / "j30_13_4.rcp"))
    a, b = (genetic.improve(inst, seed=3, max_generations=40, time_limit=float("inf"),
                            patience=10**6) for _ in range(2))
    assert a.makespan == b.makespan and a.start.tolist() == b.start.tolist()
    assert a.evaluations == b.evaluations > 40 * genetic.POPULATION


def test_justification_never_lengthens_a_schedule(psplib: Path) -> None:
    inst = project_instance(read_project(psplib / "j30" / "j30_13_4.rcp"))
    c = genetic.compile_instance(inst)
    genetic.warm_up()  # the kernels below are the compiled ones from here on
    n = c.n
    used = np.zeros_like(c.cap)
    start = np.zeros(n, dtype=np.int64)
    finish = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    eligible = np.zeros(n, dtype=np.int64)
    state = np.array([12345], dtype=np.uint64)
    shorter = 0
    for _ in range(30):
        order = np.zeros(n, dtype=np.int64)
        genetic._sample(order, c.latest_finish, c.pred_ptr, c.succ_ptr, c.succ_idx, 2.0,
                        state, count, eligible)
        before = genetic._decode(order, c.dur, c.dem, c.cap, c.pred_ptr, c.pred_idx, used,
                                 start, finish)
        after = genetic._evaluate(order, c.dur, c.dem, c.cap, c.pred_ptr, c.pred_idx,
                                  c.succ_ptr, c.succ_idx, c.rank, used, start, finish, key)
        assert 0 < after <= before
        assert problems(inst, start, finish) == []
        # the justified order is precedence-feasible and decodes again
        position = {a: p for p, a in enumerate(order.tolist())}
        assert all(position[i] < position[j] for i, j in inst.precedences)
        shorter += after < before
    assert shorter > 0  # the improvement does something


def test_not_applicable_to_modes_windows_or_releases() -> None:
    two = Activity("a", (Mode(1, 1), Mode(2, 2)))
    window = Activity("a", (Mode(1, 1, (), ((2, 3),)),))
    late = Activity("a", (Mode(1, 1),), release=2)
    for act in (two, window, late):
        assert not genetic.applicable(Instance((act,), (), (), ((0,),)))


def test_incompatible_pairs_are_exactly_the_ones_that_cannot_overlap() -> None:
    inst = single_mode(4, n=8)
    pairs = set(incompatible_pairs(inst))
    closure = {(i, j) for i, j in inst.precedences}
    for _ in range(8):
        closure |= {(i, k) for i, j in closure for jj, k in closure if j == jj}
    for i, j in itertools.combinations(range(8), 2):
        di = dict(inst.activities[i].modes[0].demands)
        dj = dict(inst.activities[j].modes[0].demands)
        clash = any(di.get(r, 0) + dj.get(r, 0) > c for r, c in enumerate(inst.capacities))
        ordered = (i, j) in closure or (j, i) in closure
        assert ((i, j) in pairs) == (clash and not ordered)


def best_known(psplib: Path, name: str) -> int:
    with open(psplib / "reference.csv", encoding="utf-8") as f:
        return next(int(r["best_makespan"]) for r in csv.DictReader(f) if r["instance"] == name)


def test_descent_proves_the_optimum_beyond_the_static_bound(psplib: Path) -> None:
    # j30_13_4: the bounds without search say 55, the optimum is 72.
    p = read_project(psplib / "j30" / "j30_13_4.rcp")
    r = solve_rcpsp(p, time_limit=20)
    assert r.status == "optimal"
    assert r.makespan == r.lower_bound == best_known(psplib, "j30_13_4")
    assert genetic.compile_instance(project_instance(p)).lower_bound < r.makespan
    for a, succ in enumerate(p.successors, 1):
        for s in succ:
            assert r.starts[s] >= r.starts[a] + p.durations[a - 1]


def test_ga_alone_proves_an_instance_at_its_critical_path(psplib: Path) -> None:
    # j30_10_5: the optimum equals the critical path, so no CP-SAT search is needed.
    inst = project_instance(read_project(psplib / "j30" / "j30_10_5.rcp"))
    sol = solve(inst, time_limit=10)
    assert sol.status == "optimal" and "critical-path" in sol.explanation
    assert sol.values[0] == best_known(psplib, "j30_10_5")


def test_a_larger_instance_keeps_a_checked_schedule_and_a_valid_bound(psplib: Path) -> None:
    p = read_project(psplib / "j60" / "j60_13_2.rcp")
    inst = project_instance(p)
    sol = solve(inst, time_limit=3)
    assert sol.status in ("optimal", "feasible")
    assert problems(inst, np.array(sol.start), np.array(sol.finish)) == []
    best = best_known(psplib, "j60_13_2")
    assert sol.lower_bounds[0] <= best <= sol.values[0]
