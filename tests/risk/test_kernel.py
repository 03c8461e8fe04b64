"""The kernel's random streams and its critical-path bookkeeping."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from impp.model import Plan
from impp.risk import kernel, simulate
from impp.risk.network import TRIANGULAR


def test_uniforms_do_not_depend_on_where_a_run_starts() -> None:
    # Across the 2**32 boundary the sample's high word changes mid-block.
    start = 2**32 - 100
    whole = kernel.uniforms(7, kernel.DOMAIN_TASK, 3, start, 300)
    parts = np.concatenate([kernel.uniforms(7, kernel.DOMAIN_TASK, 3, start + a, b - a)
                            for a, b in ((0, 37), (37, 100), (100, 300))])
    assert np.array_equal(whole, parts)
    assert np.all((whole > 0) & (whole < 1))


def test_streams_are_uniform_and_independent() -> None:
    n = 200_000
    a = kernel.uniforms(0, kernel.DOMAIN_TASK, 0, 0, n)
    b = kernel.uniforms(0, kernel.DOMAIN_TASK, 1, 0, n)
    c = kernel.uniforms(1, kernel.DOMAIN_TASK, 0, 0, n)
    for u in (a, b, c):
        ks = np.max(np.abs(np.sort(u) - np.arange(1, n + 1) / n))
        assert ks < 1.63 / np.sqrt(n)  # Kolmogorov-Smirnov at the 1% level
    # Neighbouring streams, seeds and samples: correlations within 4 sigma of 0.
    for x, y in ((a, b), (a, c), (a[:-1], a[1:])):
        assert abs(np.corrcoef(x, y)[0, 1]) < 4 / np.sqrt(n)


def test_durations_follow_the_triangular_quantile() -> None:
    d = kernel.durations(5, 2, TRIANGULAR, 2.0, 5.0, 12.0, 0, 1000)
    u = kernel.uniforms(5, kernel.DOMAIN_TASK, 2, 0, 1000)
    expected = [kernel.quantile(TRIANGULAR, 2.0, 5.0, 12.0, -1, np.zeros((0, 2)), x) for x in u]
    assert d == pytest.approx(expected, rel=1e-6)


def test_event_with_many_inputs_shares_criticality(make_plan: Callable[[str], Plan]) -> None:
    # Twelve parallel tasks into one event: more inputs than MANY_EDGES, so
    # the binding input is recorded during the forward pass.
    n = 12
    assert n > kernel.MANY_EDGES
    tasks = "".join(f"  - {{id: t{i}, name: T{i}, duration: {{min: 0, max: 10, "
                    "distribution: uniform}}\n" for i in range(n))
    gaps = "".join(f"  - {{id: g{i}, name: G{i}, from: t{i}.end, to: done, min_days: 0}}\n"
                   for i in range(n))
    body = ("  - {id: done, name: All done}\ntasks:\n" + tasks + "constraints:\n" + gaps
            + "  - {id: c, name: C, from: day0, to: done, max_days: 9, kind: criterion}\n")
    r = simulate(make_plan(body), 24_000, seed=1)
    crit = [r.tasks[f"t{i}"].criticality for i in range(n)]
    by_c = [r.tasks[f"t{i}"].criticality_by_criterion["c"] for i in range(n)]
    assert sum(c or 0.0 for c in crit) == pytest.approx(1.0)
    assert sum(by_c) == pytest.approx(1.0)
    for c in by_c:
        assert c == pytest.approx(1 / n, abs=0.01)


def test_gap_into_a_task_end_can_bind(make_plan: Callable[[str], Plan]) -> None:
    # b's end must also wait 10 days after a's end: whichever is later binds.
    body = """\
tasks:
  - {id: a, name: A, duration: {min: 0, max: 10, distribution: uniform}}
  - {id: b, name: B, duration: {min: 0, max: 20, distribution: uniform}}
constraints:
  - {id: g, name: G, from: a.end, to: b.end, min_days: 10}
  - {id: c, name: C, from: day0, to: b.end, max_days: 30, kind: criterion}
"""
    r = simulate(make_plan(body), 20_000, seed=4)
    # P(B > A + 10) for A ~ U(0, 10), B ~ U(0, 20): 1/4.
    b = r.tasks["b"].criticality_by_criterion["c"]
    a = r.tasks["a"].criticality_by_criterion["c"]
    assert b == pytest.approx(0.25, abs=0.015)
    assert a + b == pytest.approx(1.0)


def test_criticality_matches_a_walk_back_in_every_sample(
    make_plan: Callable[[str], Plan],
) -> None:
    # The kernel finds critical paths for a whole block of samples in one
    # backward pass; here each sample's path is walked back one step at a
    # time from the event times, as the definition says: the binding input of
    # an event is the first of the largest (the task's own finish first), in
    # the kernel's float32 sums.
    import random

    from impp.risk.network import compile_plan
    from impp.risk.simulate import sample_times

    rng = random.Random(4)
    lines = []
    for i in range(14):
        preds = sorted(set(rng.sample(range(i), k=min(i, rng.randint(0, 3)))))
        after = ", ".join(f"{{task: t{p}}}" for p in preds)
        lo = rng.randint(1, 5)
        lines.append(f"  - {{id: t{i}, name: T{i}, duration: {{min: {lo}, likely: {lo + 2}, "
                     f"max: {lo + rng.randint(3, 9)}}}, after: [{after}]}}\n")
    gaps = "".join(f"  - {{id: g{i}, name: G{i}, from: t{i}.end, to: done, min_days: 0}}\n"
                   for i in range(14))
    body = ("  - {id: done, name: All done}\ntasks:\n" + "".join(lines) + "constraints:\n"
            + gaps + "  - {id: c, name: C, from: t3.end, to: done, max_days: 30, "
            "kind: criterion}\n")
    plan = make_plan(body)
    n, seed = 3000, 2
    r = simulate(plan, n, seed=seed)
    net = compile_plan(plan)
    t = sample_times(net, n, seed).astype(np.float32)
    own = np.zeros((net.n_tasks, n), dtype=np.float32)
    for k in range(net.n_tasks):
        d = kernel.durations(seed, int(net.task_stream[k]), int(net.dist[k]), net.p1[k],
                             net.p2[k], net.p3[k], 0, n).astype(np.float32)
        own[k] = t[net.task_start[k]] + d
    crit = np.zeros(net.n_tasks, dtype=int)
    crit_c = np.zeros(net.n_tasks, dtype=int)
    done, stop = net.node_ids.index("done"), net.node_ids.index("t3.end")

    def binding(j: int, s: int) -> tuple[int, int]:
        k = int(net.node_end_task[j])
        p, top = (int(net.task_start[k]), own[k, s]) if k >= 0 else (-1, np.float32(-np.inf))
        for e in range(net.in_ptr[j], net.in_ptr[j + 1]):
            v = t[net.in_src[e], s] + np.float32(net.in_lag[e])
            if v > top:
                p, top = int(net.in_src[e]), v
        return p, (k if k >= 0 and p == net.task_start[k] else -1)

    for s in range(n):
        for start, counts, end in ((done, crit, -1), (done, crit_c, stop)):
            j = start
            while j >= 0 and j != end and np.isnan(net.node_fixed[j]):
                j, k = binding(j, s)
                if k >= 0:
                    counts[k] += 1
    for k, tid in enumerate(net.task_ids):
        assert r.tasks[tid].criticality == pytest.approx(crit[k] / n, abs=1e-12), tid
        assert r.tasks[tid].criticality_by_criterion["c"] == pytest.approx(
            crit_c[k] / n, abs=1e-12), tid
    assert crit.sum() > n and crit_c.sum() > 0  # paths of several tasks were found
