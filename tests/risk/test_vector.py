"""The numpy kernel gives exactly the numba kernel's numbers (small plans take it)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impp.io import load_plan_text
from impp.model import Plan
from impp.risk import kernel, simulate, vector
from impp.risk.network import compile_plan
from impp.risk.result import RiskResult
from impp.scenarios import carana_path

sim = importlib.import_module("impp.risk.simulate")

HEAD = """\
mission: {id: m, name: M, reference_event: day0}
events:
  - {id: day0, name: Day 0, date: 2026-06-20}
  - {id: fixed_later, name: A dated event, date: 2026-08-15}
  - {id: done, name: All done}
seasons:
  - {id: wet, name: Wet season, start: "07-01", end: "08-31"}
"""

DURATIONS = (
    "{fixed}",
    "{{min: {lo}, likely: {mid}, max: {hi}}}",
    "{{min: {lo}, likely: {mid}, max: {hi}, distribution: pert}}",
    "{{min: {lo}, max: {hi}, distribution: uniform}}",
    "{{p10: {lo}, p90: {hi}}}",
)


@st.composite
def plans(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 14))
    lines = [HEAD, "tasks:\n"]
    for i in range(n):
        lo = draw(st.integers(1, 20))
        mid = lo + draw(st.integers(0, 10))
        hi = mid + draw(st.integers(1, 15))
        dur = DURATIONS[draw(st.integers(0, len(DURATIONS) - 1))].format(
            fixed=lo, lo=lo, mid=mid, hi=hi)
        preds = sorted(set(draw(st.lists(st.integers(0, max(i - 1, 0)), max_size=3)))) if i else []
        after = ", ".join(f"{{task: t{p}, lag: {draw(st.integers(-2, 5))}}}" for p in preds)
        extra = ""
        season = draw(st.integers(0, 3))
        if season == 1:
            extra += ", blocked_in: [wet]"
        elif season == 2:
            extra += f", season_factors: {{wet: {draw(st.sampled_from(['1.5', '2', '0.8']))}}}"
        if draw(st.booleans()):
            extra += f", correlation_group: g{draw(st.integers(0, 2))}"
        lines.append(f"  - {{id: t{i}, name: T{i}, duration: {dur}, after: [{after}]{extra}}}\n")
    lines.append("constraints:\n")
    fan = draw(st.integers(0, n))  # more than MANY_EDGES inputs into `done` sometimes
    for i in range(n):
        if i < fan or i == n - 1:
            lines.append(f"  - {{id: g{i}, name: G{i}, from: t{i}.end, to: done, min_days: 0}}\n")
    lines.append(f"  - {{id: start_gap, name: S, from: day0, to: t0.start, "
                 f"min_days: {draw(st.integers(0, 30))}}}\n")
    for c in range(draw(st.integers(1, 4))):
        a = draw(st.integers(0, n - 1))
        lines.append(f"  - {{id: c{c}, name: C{c}, from: day0, to: t{a}.end, "
                     f"max_days: {draw(st.integers(5, 120))}, kind: criterion}}\n")
    lines.append(f"  - {{id: req, name: R, from: t0.end, to: done, "
                 f"max_days: {draw(st.integers(5, 200))}}}\n")
    lines.append("  - {id: late, name: L, from: fixed_later, to: done, min_days: 1}\n")
    risks = draw(st.integers(0, 3))
    if risks:
        lines.append("risks:\n")
    for r in range(risks):
        hit = ", ".join(f"t{k}" for k in sorted(set(draw(
            st.lists(st.integers(0, n - 1), min_size=1, max_size=3)))))
        impact = draw(st.sampled_from(["impact_days: 5", "impact_factor: 1.4",
                                       "impact_days: {min: 2, likely: 6, max: 20}",
                                       ("impact_days: {min: 1, likely: 3, max: 9, "
                                        "distribution: pert}"),
                                       "impact_factor: 1.2, impact_days: {p10: 2, p90: 9}"]))
        lines.append(f"  - {{id: r{r}, name: R{r}, probability: "
                     f"{draw(st.sampled_from(['0.1', '0.5', '0.9']))}, {impact}, "
                     f"affects: [{hit}]}}\n")
    return "".join(lines)


def _both(plan: Plan, samples: int, seed: int, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[RiskResult, RiskResult]:
    monkeypatch.setattr(sim, "VECTOR_NODES", 10**9)
    small = simulate(plan, samples, seed, chunk_size=777, sensitivity_samples=600)
    monkeypatch.setattr(sim, "VECTOR_NODES", -1)
    compiled = simulate(plan, samples, seed, chunk_size=777, sensitivity_samples=600)
    return small, compiled


def _same(a: RiskResult, b: RiskResult) -> None:
    assert a.criteria == b.criteria
    assert a.requirements == b.requirements
    assert a.tasks == b.tasks
    assert a.risks == b.risks
    assert a.events.keys() == b.events.keys()
    for k, e in a.events.items():
        f = b.events[k].distribution
        assert np.array_equal(e.distribution.counts, f.counts), k
        assert (e.distribution.low, e.distribution.high) == (f.low, f.high), k


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=plans(), seed=st.integers(0, 2**40))
def test_numpy_kernel_equals_numba_kernel(text: str, seed: int) -> None:
    plan = load_plan_text(text, "generated.yaml")
    net = compile_plan(plan)
    n = 1500
    raw_v = np.empty((net.n_nodes, n))
    raw_k = np.empty((net.n_nodes, n))
    args = (seed, 0, n, 1)
    for mod, raw in ((vector, raw_v), (kernel, raw_k)):
        mod.run_serial(*args, *mod.chunk_arrays(net), np.zeros(0), np.zeros(0),
                       np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                       np.zeros((1, 0), dtype=np.int32), np.full((1, net.n_nodes), np.inf),
                       np.full((1, net.n_nodes), -np.inf),
                       np.zeros((1, len(net.checks)), dtype=np.int64),
                       np.zeros((1, net.n_tasks), dtype=np.int64),
                       np.zeros((1, len(net.checks), net.n_tasks), dtype=np.int64),
                       0, np.zeros((len(net.checks), 0)), raw, True, False)
    assert np.array_equal(raw_v, raw_k, equal_nan=True)
    with pytest.MonkeyPatch.context() as mp:
        small, compiled = _both(plan, 2000, seed, mp)
    _same(small, compiled)


def test_carana_is_the_same_on_both_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.io import load_plan

    plan = load_plan(carana_path())
    assert compile_plan(plan).n_nodes <= sim.VECTOR_NODES  # Carana takes the numpy path
    small, compiled = _both(plan, 3000, 11, monkeypatch)
    _same(small, compiled)
    assert small.criteria["deployment_within_90"].probability is not None


def test_streams_and_draws_are_the_kernels() -> None:
    for key in ((0, 1, 0), (7, 2, 3), (2**62, 3, 99)):
        assert vector.stream_key(*key) == int(kernel.stream_key(*key))
    start = 2**32 - 100  # the sample's high word changes inside the run
    assert np.array_equal(vector.uniforms(7, 1, 3, start, 300),
                          kernel.uniforms(7, 1, 3, start, 300))
    for code, a, c, b in ((1, 2.0, 5.0, 12.0), (3, 1.0, 1.0, 4.0)):
        assert np.array_equal(vector.durations(5, 2, code, a, c, b, 10, 1000),
                              kernel.durations(5, 2, code, a, c, b, 10, 1000))


def test_a_small_plan_does_not_load_numba() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom impp.io import load_plan\nfrom impp.scenarios import carana_path\n"
            "from impp.risk import simulate\nsimulate(load_plan(carana_path()), 500, 1)\n"
            "print('numba' in sys.modules, 'impp.risk.kernel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
