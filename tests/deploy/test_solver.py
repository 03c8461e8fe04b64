"""The CP-SAT model against brute force on small instances, every schedule checked."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.sgs import IntArray, flatten, serial_sgs
from impp.deploy.solution import Solution
from impp.deploy.solver import solve


def random_instance(seed: int, n: int = 6, modes: int = 1, holds: bool = False) -> Instance:
    """``holds``: assets held longer or shorter than the move takes (a ship
    back in port after its cargo lands; a convoy's drivers free before the
    column arrives), as the deployment's legs are."""
    rng = random.Random(seed)
    acts = []
    for i in range(n):
        ms = []
        for _ in range(modes):
            d = rng.randint(1, 5)
            lag = rng.randint(1, 6) if holds else d
            ms.append(Mode(d, lag, ((0, rng.randint(1, 3)), (1, rng.randint(0, 2))),
                           ((4, 6),) if rng.random() < 0.2 else ()))
        acts.append(Activity(f"a{i}", tuple(ms), release=rng.choice([0, 0, 2])))
    prec = tuple((i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.25)
    return Instance(tuple(acts), (3, 2), prec, (tuple(range(n)),))


def active_schedules(inst: Instance) -> Iterator[IntArray]:
    """The completions of every serial SGS schedule over every order and every
    mode choice (capacity withdrawals kept).

    Serial SGS over all activity lists reaches an optimal (active) schedule
    for a regular objective; fixing each activity to one mode covers modes.
    """
    n = len(inst.activities)
    for choice in itertools.product(*(range(len(a.modes)) for a in inst.activities)):
        flat = flatten(replace(inst, activities=tuple(
            Activity(a.name, (a.modes[k],), a.release)
            for a, k in zip(inst.activities, choice, strict=True))))
        for perm in itertools.permutations(range(n)):
            priority = np.empty(n)
            priority[list(perm)] = np.arange(n)
            s = serial_sgs(flat, priority, compiled=False)
            if s.feasible:
                yield s.finish


def brute_force(inst: Instance, members: tuple[int, ...] | None = None) -> int:
    """The optimum: the soonest ``members`` (by default every activity) can all be done."""
    chosen = list(members) if members is not None else slice(None)
    return min((int(finish[chosen].max()) for finish in active_schedules(inst)),
               default=10**9)


def check(inst: Instance, sol: Solution) -> list[str]:
    """An independent check of a schedule: modes, releases, precedence, capacity, windows."""
    problems = []
    modes = [inst.activities[i].modes[k] for i, k in enumerate(sol.mode)]
    for i, (act, m) in enumerate(zip(inst.activities, modes, strict=True)):
        if sol.start[i] < act.release:
            problems.append(f"{i} before its release")
        if sol.finish[i] != sol.start[i] + m.lag:
            problems.append(f"{i} completion")
        for a, b in m.windows:
            if sol.start[i] < b and sol.start[i] + m.span > a:
                problems.append(f"{i} in window")
    for i, j in inst.precedences:
        if sol.start[j] < sol.finish[i]:
            problems.append(f"{i}->{j}")
    horizon = max(sol.finish) + 1
    for r, cap in enumerate(inst.capacities):
        for t in range(horizon):
            use = sum(dict(m.demands).get(r, 0) for i, m in enumerate(modes)
                      if sol.start[i] <= t < sol.start[i] + m.duration)
            if use > cap:
                problems.append(f"resource {r} over capacity at {t}")
    if sol.values[0] != max(sol.finish):
        problems.append("milestone")
    return problems


@pytest.mark.parametrize("seed", range(6))
def test_single_mode_optimum_matches_brute_force(seed: int) -> None:
    inst = random_instance(seed)
    sol = solve(inst, time_limit=10)
    assert sol.status == "optimal"
    assert check(inst, sol) == []
    assert sol.values[0] == brute_force(inst) == sol.lower_bounds[0]


@pytest.mark.parametrize("seed", range(3))
def test_multi_mode_optimum_matches_brute_force(seed: int) -> None:
    inst = random_instance(100 + seed, n=4, modes=2)
    sol = solve(inst, time_limit=10)
    assert sol.status == "optimal"
    assert check(inst, sol) == []
    assert sol.values[0] == brute_force(inst)


@pytest.mark.parametrize(("seed", "modes"), [(s, m) for s in range(4) for m in (1, 2)])
def test_assets_held_apart_from_the_move_optimum_matches_brute_force(seed: int,
                                                                     modes: int) -> None:
    # the energy bound counts only the days an asset must be held before the
    # milestone (a ship unloads on day 10 and is back in port on day 30), and
    # the order of two moves that cannot share assets is that of the days the
    # assets are held, not of the arrivals
    inst = random_instance(200 + seed, n=5, modes=modes, holds=True)
    sol = solve(inst, time_limit=10)
    assert sol.status == "optimal"
    assert check(inst, sol) == []
    assert sol.values[0] == brute_force(inst)


# Seeds among the first sixty where the heuristic's last day, taken as the
# horizon, cut the first milestone's best off (the others must then wait).
@pytest.mark.parametrize("seed", [0, 6, 9, 27])
def test_a_first_milestone_of_some_activities_is_the_best_there_is(seed: int) -> None:
    # IOC minimised before FOC: activities outside IOC may have to finish
    # after every day the heuristic's schedule used, for IOC to come sooner
    base = random_instance(500 + seed, n=5, modes=2, holds=True)
    first = tuple(sorted(random.Random(seed).sample(range(5), 2)))
    inst = Instance(base.activities, base.capacities, base.precedences,
                    (first, tuple(range(5))))
    sol = solve(inst, time_limit=10)
    assert sol.status == "optimal"
    assert sol.values[0] == brute_force(inst, first)


def mixed_instance(seed: int, n: int = 5) -> Instance:
    """Holds apart from moves, windows, releases, an asset that arrives late or
    one that leaves, and two milestones: some activities, then all."""
    rng = random.Random(seed)
    acts = []
    for i in range(n):
        ms = []
        for _ in range(rng.randint(1, 2)):
            d, lag = rng.randint(1, 5), rng.randint(1, 6)
            win = ((a := rng.randint(0, 10), a + rng.randint(1, 5)),) \
                if rng.random() < 0.3 else ()
            ms.append(Mode(d, lag, ((0, rng.randint(1, 3)), (1, rng.randint(0, 2))), win))
        acts.append(Activity(f"a{i}", tuple(ms), release=rng.choice([0, 0, 2, 4])))
    prec = tuple((i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.25)
    away = []
    if rng.random() < 0.5:
        away.append((0, 0, rng.randint(1, 4), 1))  # one asset arrives late
    if rng.random() < 0.3:
        away.append((1, rng.randint(8, 15), 999, 1))  # one leaves for good
    first = tuple(sorted(rng.sample(range(n), rng.randint(1, n))))
    return Instance(tuple(acts), (3, 2), prec, (first, tuple(range(n))), tuple(away))


def brute_force_both(inst: Instance) -> tuple[int, ...] | None:
    """The best (first milestone, then second) over every order and mode choice."""
    return min((tuple(int(finish[list(ms)].max()) for ms in inst.milestones)
                for finish in active_schedules(inst)), default=None)


@pytest.mark.parametrize("seed", range(6))
def test_both_milestones_with_assets_late_and_leaving_match_brute_force(seed: int) -> None:
    inst = mixed_instance(seed)
    best = brute_force_both(inst)
    assert best is not None
    sol = solve(inst, time_limit=2.0, deterministic=True)
    assert (sol.status, sol.values) == ("optimal", best)
    # the what-if's bounds: the best days hold; a day less on the first is no schedule
    held = solve(replace(inst, milestone_bounds=best), time_limit=2.0, deterministic=True)
    assert (held.status, held.values) == ("optimal", best)
    tighter = replace(inst, milestone_bounds=(best[0] - 1, None))
    assert solve(tighter, time_limit=2.0, deterministic=True).status == "infeasible"


def test_one_ship_carries_two_loads_in_turn() -> None:
    ship = Mode(30, 10, ((0, 1),))  # held 30 days, the cargo lands on day 10
    inst = Instance((Activity("a", (ship,)), Activity("b", (ship,))), (1,), (), ((0, 1),))
    sol = solve(inst, time_limit=5)
    assert sol.status == "optimal"
    assert sol.values == (40,) and check(inst, sol) == []


def test_heuristic_never_beats_the_optimum() -> None:
    inst = random_instance(7)
    sol = solve(inst, time_limit=10)
    assert sol.heuristic_values[0] >= sol.values[0]


def test_compiled_and_plain_kernels_agree() -> None:
    inst = random_instance(3)
    flat = flatten(inst)
    prio = np.arange(6, dtype=float)[::-1].copy()
    a = serial_sgs(flat, prio)
    b = serial_sgs(flat, prio, compiled=False)
    assert a.start.tolist() == b.start.tolist()


def test_too_big_a_demand_is_infeasible_with_a_reason() -> None:
    inst = Instance((Activity("big move", (Mode(2, 2, ((0, 5),)),)),), (3,), (), ((0,),),
                    resource_names=("helicopters",))
    sol = solve(inst, time_limit=2)
    assert sol.status == "infeasible"
    assert "big move" in sol.explanation and "helicopters: 5" in sol.explanation
    assert not sol.has_schedule


def test_a_cycle_is_invalid_not_an_exception() -> None:
    acts = (Activity("a", (Mode(1, 1),)), Activity("b", (Mode(1, 1),)))
    sol = solve(Instance(acts, (), ((0, 1), (1, 0)), ((0, 1),)), time_limit=2)
    assert sol.status == "invalid" and "cycle" in sol.explanation


def test_a_tiny_time_limit_is_a_status(psplib: Path) -> None:
    from impp.deploy.rcpsp import project_instance
    from impp.io.psplib import read_project

    inst = project_instance(read_project(psplib / "j120" / "j120_13_4.rcp"))
    sol = solve(inst, time_limit=0.01)
    assert sol.status in ("feasible", "time_limit")
    if sol.has_schedule:
        assert sol.lower_bounds[0] <= sol.values[0]
