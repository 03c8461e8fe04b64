"""Once the milestones are decided, no activity waits for lift that stands idle."""

from __future__ import annotations

import pytest

from impp.deploy.compact import compact
from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.schedule import plan_deployment
from impp.deploy.validate import check_deployment_schedule
from impp.io import load_plan, load_plan_text
from impp.scenarios import carana_path
from tests.deploy.test_deployment import random_deployment


def _fits(inst: Instance, start: list[int], mode: list[int], i: int, m: Mode, s: int) -> bool:
    """Day by day, without the module's arrays: may activity ``i`` run in mode ``m``
    from day ``s``, everything else as scheduled?"""
    for a, b in m.windows:
        if s < b and a < s + m.span:
            return False
    for r, amount in m.demands:
        if amount <= 0 or m.duration <= 0:
            continue
        for day in range(s, s + m.duration):
            held = amount + sum(
                q for j, sj in enumerate(start) if j != i
                for rr, q in inst.activities[j].modes[mode[j]].demands
                if rr == r and sj <= day < sj + inst.activities[j].modes[mode[j]].duration)
            held += sum(min(q, inst.capacities[r]) for rr, a, b, q in inst.unavailable
                        if rr == r and a <= day < b)
            if held > inst.capacities[r]:
                return False
    return True


def _sooner(inst: Instance, start: list[int], mode: list[int], finish: list[int]
            ) -> list[str]:
    """Every activity that could, alone, complete sooner in some mode."""
    pred = inst.predecessors()
    found = []
    for i, act in enumerate(inst.activities):
        earliest = max([act.release, 0] + [finish[p] for p in pred[i]])
        for m in act.modes:
            if any(q > inst.capacities[r] for r, q in m.demands):
                continue
            for s in range(earliest, finish[i] - m.lag):
                if _fits(inst, start, mode, i, m, s):
                    found.append(f"{act.name}: day {s + m.lag} instead of {finish[i]}")
                    break
    return found


@pytest.mark.parametrize("seed", [None, *range(12)])
def test_no_activity_could_complete_sooner_and_the_milestones_hold(
        seed: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import impp.deploy.solver as solver

    plan = (load_plan(carana_path()) if seed is None
            else load_plan_text(random_deployment(seed), "random.yaml"))
    dep = plan_deployment(plan, time_limit=2, deterministic=True)
    if not dep.solution.has_schedule:
        pytest.skip("no schedule to compact")
    sol, inst = dep.solution, dep.problem.instance
    assert _sooner(inst, list(sol.start), list(sol.mode), list(sol.finish)) == []
    assert check_deployment_schedule(plan, dep) == []
    monkeypatch.setattr(solver, "compact", lambda inst, *s: s)
    solved = plan_deployment(plan, time_limit=2, deterministic=True)
    assert solved.solution.values == sol.values  # the milestones as the solver left them
    assert all(dep.arrivals[u] <= solved.arrivals[u] for u in dep.arrivals)


def test_the_solver_alone_leaves_carana_units_waiting() -> None:
    # What compaction is for: the solver's own schedule has units that could
    # arrive sooner with lift that stands idle (this fails should it stop).
    import impp.deploy.solver as solver

    plan = load_plan(carana_path())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solver, "compact", lambda inst, *s: s)
        raw = plan_deployment(plan, time_limit=2, deterministic=True)
    sol, inst = raw.solution, raw.problem.instance
    assert _sooner(inst, list(sol.start), list(sol.mode), list(sol.finish))


def test_a_window_and_a_withdrawal_are_respected() -> None:
    # b's fast way needs the asset, withdrawn on days 3-5, and may not run
    # across day 7; its slow way needs nothing.
    inst = Instance((Activity("a", (Mode(3, 3, ((0, 1),)),)),
                     Activity("b", (Mode(20, 20), Mode(2, 2, ((0, 1),), ((7, 8),))))),
                    (1,), (), ((0,), (1,)), unavailable=((0, 3, 5, 1),))
    assert compact(inst, [0, 0], [0, 0], [3, 20]) == ([0, 5], [0, 1], [3, 7])
    narrow = Instance(inst.activities, (1,), (), ((0,), (1,)), unavailable=((0, 3, 6, 1),))
    # from day 6 it would cross day 7: the first fit is day 8
    assert compact(narrow, [0, 0], [0, 0], [3, 20]) == ([0, 8], [0, 1], [3, 10])
