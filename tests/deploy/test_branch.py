"""The branch and bound against brute force, and the descent that races it with CP-SAT."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from impp.deploy import branch, portfolio
from impp.deploy.constraints import add_constraints
from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.rcpsp import project_instance
from impp.deploy.variables import build_variables
from impp.io.psplib import read_project
from tests.deploy.test_genetic import best_known, problems, single_mode
from tests.deploy.test_solver import brute_force


def answers(inst: Instance, deadline: int, reverse: bool,
            store: branch.Refuted | None = None) -> str:
    proof = branch.prove(inst, deadline, reverse=reverse, store=store)
    if proof.status == "feasible":
        assert proof.start is not None
        finish = proof.start + np.array([a.modes[0].duration for a in inst.activities])
        assert problems(inst, proof.start, finish) == []
        assert finish.max() <= deadline
    return proof.status


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_refutes_one_day_less_than_the_optimum_and_meets_it(seed: int, reverse: bool) -> None:
    inst = single_mode(seed, unavailable=seed % 2 == 1)
    optimum = brute_force(inst) if not inst.unavailable else _brute_force_with_withdrawals(inst)
    assert answers(inst, optimum - 1, reverse) == "infeasible"
    assert answers(inst, optimum, reverse) == "feasible"


def _brute_force_with_withdrawals(inst: Instance) -> int:
    # The serial schedule-generation scheme over every precedence-feasible
    # order, on capacities that vary by day: its best is the optimum.
    n = len(inst.activities)
    dur = [a.modes[0].duration for a in inst.activities]
    dem = [dict(a.modes[0].demands) for a in inst.activities]
    horizon = sum(dur) + max(b for _, _, b, _ in inst.unavailable) + 1
    cap = [[c - sum(x for rr, a, b, x in inst.unavailable if rr == r and a <= t < b)
            for t in range(horizon)] for r, c in enumerate(inst.capacities)]
    best = horizon
    for order in itertools.permutations(range(n)):
        place = {a: k for k, a in enumerate(order)}
        if any(place[i] > place[j] for i, j in inst.precedences):
            continue
        left = [row[:] for row in cap]
        finish = [0] * n
        for a in order:
            t = max([finish[i] for i, j in inst.precedences if j == a] + [0])
            while any(left[r][u] < dem[a].get(r, 0)
                      for r in range(len(cap)) for u in range(t, t + dur[a])):
                t += 1
            for r in range(len(cap)):
                for u in range(t, t + dur[a]):
                    left[r][u] -= dem[a].get(r, 0)
            finish[a] = t + dur[a]
        best = min(best, max(finish))
    return best


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 6), slack=st.integers(-3, 2),
       reverse=st.booleans())
def test_agrees_with_brute_force(seed: int, n: int, slack: int, reverse: bool) -> None:
    inst = single_mode(seed, n=n)
    optimum = brute_force(inst)
    deadline = optimum + slack
    expected = "feasible" if deadline >= optimum else "infeasible"
    assert answers(inst, deadline, reverse) == expected


def test_states_refuted_for_a_deadline_stay_refuted_for_an_earlier_one() -> None:
    inst = single_mode(5, n=7)
    optimum = brute_force(inst)
    store = branch.Refuted()
    for deadline in range(optimum + 2, optimum - 3, -1):
        expected = "feasible" if deadline >= optimum else "infeasible"
        assert answers(inst, deadline, False, store) == expected
    assert store.used[0] > 0  # the table was used


def test_proves_the_instance_cp_sat_could_not(psplib: Path) -> None:
    # j30_29_3: CP-SAT needed 37 s on one thread to refute 77 days
    inst = project_instance(read_project(psplib / "j30" / "j30_29_3.rcp"))
    best = best_known(psplib, "j30_29_3")
    proof = branch.prove(inst, best - 1)
    assert proof.status == "infeasible" and proof.nodes > 1000
    assert answers(inst, best, True) == "feasible"


def test_a_stop_or_a_node_limit_gives_unknown(psplib: Path) -> None:
    inst = project_instance(read_project(psplib / "j30" / "j30_13_5.rcp"))
    limited = branch.prove(inst, 66, node_limit=10_000)
    assert limited.status == "unknown" and limited.start is None
    stopped = branch.prove(inst, 66, stop=np.ones(1, dtype=np.int64))
    assert stopped.status == "unknown" and stopped.nodes <= branch.CHECK_EVERY


def test_refuses_what_it_cannot_search() -> None:
    two_modes = Instance((Activity("a", (Mode(1, 1), Mode(2, 2))),), (), (), ((0,),))
    with pytest.raises(ValueError, match="single-mode projects of up to 64"):
        branch.prove(two_modes, 3)
    one = Instance((Activity("a", (Mode(1, 1),)),), (), (), ((0,),))
    with pytest.raises(ValueError, match="deadlines up to 65535 days"):
        branch.prove(one, 70_000)
    assert not branch.suitable(Instance(
        tuple(Activity(f"a{i}", (Mode(1, 1),)) for i in range(65)), (), (),
        (tuple(range(65)),)))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_descent_shortens_a_poor_schedule_to_the_proven_optimum(workers: int) -> None:
    inst = single_mode(2, n=7)
    optimum = brute_force(inst)
    # one activity after another: a poor first schedule
    start, day = [], 0
    for a in inst.activities:
        start.append(day)
        day += a.modes[0].duration
    finish = [s + a.modes[0].duration for s, a in zip(start, inst.activities, strict=True)]
    assert max(finish) > optimum
    model = cp_model.CpModel()
    v = build_variables(model, inst, max(finish))
    add_constraints(model, inst, v)
    schedule = (tuple(start), (0,) * len(start), tuple(finish))
    (s, _, f), value, proven = portfolio.descend(
        inst, model, v, schedule, 0, time.perf_counter() + 30, workers, 0)
    assert proven and value == optimum == max(f)
    assert problems(inst, np.array(s), np.array(f)) == []
