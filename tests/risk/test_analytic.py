"""The simulation against results known in closed form."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from impp.model import Plan
from impp.risk import compile_plan, sample_times, simulate

N = 20_000


def times(plan: Plan, event: str, n: int = N, seed: int = 3) -> np.ndarray:
    net = compile_plan(plan)
    row: np.ndarray = sample_times(net, n, seed)[net.node_ids.index(event)]
    return row


def triangular_cdf(x: np.ndarray, a: float, c: float, b: float) -> np.ndarray:
    left = (x - a) ** 2 / ((b - a) * (c - a))
    right = 1 - (b - x) ** 2 / ((b - a) * (b - c))
    return np.clip(np.where(x < c, left, right), 0, 1)


def test_one_triangular_task_follows_its_cdf(make_plan: Callable[[str], Plan]) -> None:
    plan = make_plan("tasks:\n  - {id: t, name: T, duration: {min: 2, likely: 5, max: 12}}\n")
    x = np.sort(times(plan, "t.end"))
    empirical = np.arange(1, len(x) + 1) / len(x)
    ks = np.max(np.abs(empirical - triangular_cdf(x, 2, 5, 12)))
    assert ks < 1.36 / np.sqrt(len(x))  # Kolmogorov-Smirnov at the 5% level
    r = simulate(plan, N, seed=3)
    # The histogram percentiles agree with the closed-form quantile.
    p80 = 12 - np.sqrt(0.2 * 10 * 7)
    assert r.events["t.end"].percentile(0.8) == pytest.approx(p80, abs=0.15)


def test_maximum_of_two_parallel_tasks(make_plan: Callable[[str], Plan]) -> None:
    body = """\
  - {id: done, name: Both done}
tasks:
  - {id: a, name: A, duration: {min: 0, max: 10, distribution: uniform}}
  - {id: b, name: B, duration: {min: 0, max: 10, distribution: uniform}}
constraints:
  - {id: after_a, name: After A, from: a.end, to: done, min_days: 0}
  - {id: after_b, name: After B, from: b.end, to: done, min_days: 0}
  - {id: soon, name: Done within 5 days, from: day0, to: done, max_days: 5, kind: criterion}
"""
    plan = make_plan(body)
    r = simulate(plan, N, seed=5)
    # P(max <= x) = (x / 10)^2 for two independent U(0, 10).
    assert r.criteria["soon"].probability == pytest.approx(0.25, abs=0.015)
    assert r.events["done"].percentile(0.5) == pytest.approx(10 * np.sqrt(0.5), abs=0.1)
    assert r.events["done"].percentile(0.9) == pytest.approx(10 * np.sqrt(0.9), abs=0.1)
    # Each task drives the finish in about half of the samples.
    ca, cb = r.tasks["a"].criticality, r.tasks["b"].criticality
    assert ca is not None and cb is not None
    assert ca == pytest.approx(0.5, abs=0.02)
    assert ca + cb == pytest.approx(1.0)


RISK = """\
tasks:
  - {{id: t, name: T, duration: {{min: 5, likely: 10, max: 20}}}}
risks:
  - {{id: r, name: R, probability: 0.3, {impact}, affects: [t]}}
"""
NO_RISK = "tasks:\n  - {id: t, name: T, duration: {min: 5, likely: 10, max: 20}}\n"


def test_risk_event_shifts_the_mean_by_probability_times_impact(
    make_plan: Callable[[str], Plan],
) -> None:
    base = times(make_plan(NO_RISK), "t.end")
    risky = times(make_plan(RISK.format(impact="impact_days: 10")), "t.end")
    # Same seed, same duration draws: the shift is the impact where the event
    # occurred (to float32 precision, the kernel's event times: under 1e-4 day).
    assert set(np.round(risky - base, 4)) == {0.0, 10.0}
    assert float(np.mean(risky - base)) == pytest.approx(0.3 * 10, abs=0.1)


def test_risk_event_factor_multiplies_the_duration(make_plan: Callable[[str], Plan]) -> None:
    base = times(make_plan(NO_RISK), "t.end")
    risky = times(make_plan(RISK.format(impact="impact_factor: 1.5")), "t.end")
    ratio = risky / base
    assert set(np.round(ratio, 5)) == {1.0, 1.5}  # float32 event times
    assert float(np.mean(ratio > 1)) == pytest.approx(0.3, abs=0.015)


def test_correlation_group_slips_together(make_plan: Callable[[str], Plan]) -> None:
    body = """\
tasks:
  - {id: a, name: A, duration: {min: 1, likely: 2, max: 9}, correlation_group: g}
  - {id: b, name: B, duration: {min: 10, likely: 30, max: 40}, correlation_group: g}
  - {id: c, name: C, duration: {min: 10, likely: 30, max: 40}}
"""
    net = compile_plan(make_plan(body))
    raw = sample_times(net, 2000, seed=1)
    a, b, c = (raw[net.node_ids.index(f"{t}.end")] for t in "abc")
    assert np.array_equal(np.argsort(a), np.argsort(b))
    assert abs(np.corrcoef(a, c)[0, 1]) < 0.1


def test_season_factor_and_blocking(make_plan: Callable[[str], Plan]) -> None:
    # Day 0 is 1 January; the season covers days 10 to 19 (11-20 January).
    body = """\
seasons:
  - {id: rains, name: Rains, start: "01-11", end: "01-20"}
tasks:
  - {id: slow, name: Slow, duration: 20, season_factors: {rains: 2}}
  - {id: first, name: First, duration: 12}
  - {id: wait, name: Waits, duration: 3, after: [first], blocked_in: [rains]}
"""
    net = compile_plan(make_plan(body))
    raw = sample_times(net, 4, seed=0)
    at = {name: raw[net.node_ids.index(name)][0] for name in net.node_ids}
    # 10 days' work before the rains, 5 days' work in 10 rainy days, 5 after.
    assert at["slow.end"] == pytest.approx(25.0)
    # Ready on day 12, inside the season: starts when it ends (day 20).
    assert (at["wait.start"], at["wait.end"]) == (pytest.approx(20.0), pytest.approx(23.0))


def test_sensitivity_finds_the_driver(make_plan: Callable[[str], Plan]) -> None:
    body = """\
tasks:
  - {id: big, name: Big, duration: {min: 10, likely: 20, max: 60}}
  - {id: small, name: Small, duration: {min: 1, likely: 2, max: 3}, after: [big]}
  - {id: fixed, name: Fixed, duration: 4, after: [small]}
  - {id: aside, name: Aside, duration: {min: 1, likely: 2, max: 3}}
constraints:
  - {id: c, name: C, from: day0, to: fixed.end, max_days: 40, kind: criterion}
"""
    r = simulate(make_plan(body), 5000, seed=2)
    rho = {t: r.tasks[t].sensitivity["c"] for t in r.tasks}
    assert rho["big"] is not None and rho["big"] > 0.9
    assert rho["small"] is not None and 0.0 < rho["small"] < rho["big"]
    assert rho["fixed"] is None
    # aside cannot move fixed.end: no driver of c, whatever its sample correlation
    assert rho["aside"] is None
    assert r.tasks["aside"].criticality == 0.0
    assert r.tasks["big"].criticality_by_criterion["c"] == 1.0
