"""The network kernels against an obviously correct oracle (Floyd-Warshall)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impp.temporal.explain import smallest_cycle
from impp.temporal.stn import STN, IncrementalSTN, NegativeCycleError

Edge = tuple[int, int, int]


def floyd_warshall(n: int, edges: list[Edge]) -> list[list[float]]:
    d = [[0.0 if i == j else math.inf for j in range(n)] for i in range(n)]
    for u, v, w in edges:
        d[u][v] = min(d[u][v], float(w))
    for k in range(n):
        for i in range(n):
            for j in range(n):
                if d[i][k] + d[k][j] < d[i][j]:
                    d[i][j] = d[i][k] + d[k][j]
    return d


def consistent(d: list[list[float]]) -> bool:
    return all(d[i][i] >= 0 for i in range(len(d)))


@st.composite
def networks(draw: st.DrawFn, max_n: int = 7) -> tuple[int, list[Edge]]:
    n = draw(st.integers(2, max_n))
    edges = draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(-10, 12))
        .filter(lambda e: e[0] != e[1]),
        max_size=3 * n,
    ))
    return n, edges


def build(n: int, edges: list[Edge]) -> STN:
    return STN.from_edges(n, [e[0] for e in edges], [e[1] for e in edges],
                          [float(e[2]) for e in edges])


def assert_negative_cycle(net: STN, cycle: list[int]) -> None:
    assert cycle, "a cycle has edges"
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        assert net.dst[a] == net.src[b], "each edge's head is the next one's tail"
    assert sum(float(net.weight[e]) for e in cycle) < 0


@settings(max_examples=300, deadline=None)
@given(networks())
def test_same_verdict_and_times_as_floyd_warshall(case: tuple[int, list[Edge]]) -> None:
    n, edges = case
    net = build(n, edges)
    d = floyd_warshall(n, edges)
    if consistent(d):
        assert net.negative_cycle() is None
        earliest, latest = net.earliest_latest(0)
        for x in range(n):
            assert latest[x] == d[0][x]
            assert earliest[x] == -d[x][0]
    else:
        cycle = net.negative_cycle()
        assert cycle is not None
        assert_negative_cycle(net, cycle)
        with pytest.raises(NegativeCycleError):
            net.earliest_latest(0)


@settings(max_examples=200, deadline=None)
@given(networks())
def test_smallest_cycle_is_a_real_negative_cycle_no_longer_than_the_first(
    case: tuple[int, list[Edge]],
) -> None:
    n, edges = case
    net = build(n, edges)
    first = net.negative_cycle()
    small = smallest_cycle(net)
    assert (first is None) == (small is None)
    if first is not None and small is not None:
        assert_negative_cycle(net, small)
        assert len(small) <= len(first)
        # No negative cycle with fewer edges exists: check every length below.
        for k in range(1, len(small)):
            assert not _negative_closed_walk(n, edges, k)


def _negative_closed_walk(n: int, edges: list[Edge], k: int) -> bool:
    """Is there a closed walk of at most k edges with negative weight? (brute force)"""
    for s in range(n):
        d = [math.inf] * n
        d[s] = 0.0
        for _ in range(k):
            nd = d[:]
            for u, v, w in edges:
                nd[v] = min(nd[v], d[u] + w)
            d = nd
        if d[s] < 0:
            return True
    return False


@settings(max_examples=200, deadline=None)
@given(networks(), st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6),
                                      st.integers(-10, 12)), max_size=6))
def test_incremental_check_equals_full_recheck(
    case: tuple[int, list[Edge]], more: list[Edge],
) -> None:
    n, edges = case
    if not consistent(floyd_warshall(n, edges)):
        return
    inc = IncrementalSTN(build(n, edges), source=0)
    kept = list(edges)
    for u, v, w in more:
        u, v = u % n, v % n
        if u == v:
            continue
        expect = consistent(floyd_warshall(n, [*kept, (u, v, w)]))
        assert inc.add_edge(u, v, float(w)) is expect
        if expect:
            kept.append((u, v, w))
        d = floyd_warshall(n, kept)
        for x in range(n):
            assert inc.latest[x] == d[0][x]
            assert inc.earliest[x] == -d[x][0]
        p = inc.potential
        assert all(p[b] - p[a] <= w + 1e-9 for a, b, w in kept)


def test_two_sided_constraint_refused_whole() -> None:
    inc = IncrementalSTN(STN.from_edges(2, [0], [1], [10.0]), source=0)
    before = inc.potential.copy()
    assert not inc.add_constraint(0, 1, min_days=11, max_days=12)
    assert np.array_equal(inc.potential, before)
    assert inc.latest[1] == 10.0


def test_bad_edges_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        STN.from_edges(2, [0], [5], [1.0])
    with pytest.raises(ValueError, match="same length"):
        STN.from_edges(2, [0, 1], [1], [1.0])


@settings(max_examples=100, deadline=None)
@given(networks())
def test_csr_rows_match_a_stable_sort_both_ways(case: tuple[int, list[Edge]]) -> None:
    n, edges = case
    net = build(n, edges)
    for (ptr, nbr, wt, eid), rows, cols in ((net._fwd, net.src, net.dst),
                                            (net._rev, net.dst, net.src)):
        order = np.argsort(rows, kind="stable")
        assert eid.tolist() == order.tolist()
        assert nbr.tolist() == cols[order].tolist()
        assert wt.tolist() == net.weight[order].tolist()
        assert ptr.tolist() == [0, *np.cumsum(np.bincount(rows, minlength=n)).tolist()]


def test_in_edges_are_built_only_when_asked_for() -> None:
    net = STN.from_edges(3, [0, 1], [1, 2], [1.0, 2.0])
    assert net.negative_cycle() is None
    assert "_rev" not in vars(net)
    assert [float(x) for x in net.distances(2, reverse=True)] == [3.0, 2.0, 0.0]
    assert "_rev" in vars(net)
