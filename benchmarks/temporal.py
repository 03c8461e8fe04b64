"""Temporal network: consistency + earliest/latest, impp against networkx.

Random consistent networks of 1k, 10k and 100k events with 5 constraints per
event (each ``lo <= t(v) - t(u) <= hi``, two edges, built around hidden
times so that they can all hold), and the same networks made inconsistent by
one more constraint. In the same run:

- impp: build the arrays (CSR), check consistency over the whole network,
  then earliest and latest times from event 0 (``STN.earliest_latest``);
  for the inconsistent ones, ``STN.negative_cycle``.
- networkx: ``single_source_bellman_ford_path_length`` from event 0 on the
  graph and on its reverse (latest and earliest); ``find_negative_cycle``
  for the inconsistent ones. The graph is built before timing starts.
- incremental: one more constraint on the consistent 10k network with
  ``IncrementalSTN.add_constraint`` against a full re-check with it added.

The first call compiles the numba kernels (or loads them from the on-disk
cache); that time is printed apart and kept out of the comparison.
Results are checked equal between the two libraries.

Run: ``.venv/bin/python benchmarks/temporal.py [--sizes 1000,10000,100000]
[--skip-networkx-above N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx
import numpy as np

from impp.temporal.stn import STN, IncrementalSTN


def network(n: int, per_event: int = 5, seed: int = 0) -> tuple[Any, Any, Any, Any]:
    """Edges (src, dst, weight) of a consistent random network, and its hidden times."""
    rng = np.random.default_rng(seed)
    times = np.concatenate([[0.0], rng.uniform(0, n / 2, n - 1)])
    m = n * per_event
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = u != v
    u, v = u[keep], v[keep]
    gap = times[v] - times[u]
    lo = np.floor(gap - rng.uniform(0, 20, len(u)))
    hi = np.ceil(gap + rng.uniform(0, 20, len(u)))
    return np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([hi, -lo]), times


def nx_graph(src: Any, dst: Any, w: Any) -> nx.DiGraph:
    """A networkx graph with the tightest of parallel edges."""
    best: dict[tuple[int, int], float] = {}
    for a, b, c in zip(src.tolist(), dst.tolist(), w.tolist(), strict=True):
        if c < best.get((a, b), np.inf):
            best[(a, b)] = c
    g = nx.DiGraph()
    g.add_nodes_from(range(int(max(src.max(), dst.max())) + 1))
    g.add_weighted_edges_from((a, b, c) for (a, b), c in best.items())
    return g


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, out = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return float(best), out


def impp_consistent(n: int, s: Any, d: Any, w: Any) -> tuple[Any, Any]:
    return STN.from_edges(n, s, d, w).earliest_latest(0)


def nx_times(g: nx.DiGraph, rev: nx.DiGraph) -> tuple[dict[int, float], dict[int, float]]:
    a = nx.single_source_bellman_ford_path_length(g, 0)
    b = nx.single_source_bellman_ford_path_length(rev, 0)
    return a, b


def impp_cycle(n: int, s: Any, d: Any, w: Any) -> list[int] | None:
    return STN.from_edges(n, s, d, w).negative_cycle()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--skip-networkx-above", type=int, default=10**9,
                    help="Skip networkx on networks larger than this.")
    args = ap.parse_args()
    print(f"temporal benchmark, {dt.date.today().isoformat()}, {os.cpu_count()} cores")
    _load("load average before")
    t = time.perf_counter()
    s, d, w, _ = network(50)
    impp_consistent(50, s, d, w)
    impp_cycle(50, s, d, w)
    IncrementalSTN(STN.from_edges(50, s, d, w), source=0).add_edge(0, 1, 1e9)
    print(f"numba compile or cache load (first call, excluded): {time.perf_counter() - t:.2f} s")
    print(f"{'events':>8} {'edges':>9} {'case':>12} {'impp s':>9} {'networkx s':>11} {'ratio':>7}")
    for n in (int(x) for x in args.sizes.split(",")):
        s, d, w, _ = network(n)
        ti, (earliest, latest) = timed(partial(impp_consistent, n, s, d, w))
        run_nx = n <= args.skip_networkx_above
        tn: float | None = None
        if run_nx:
            g = nx_graph(s, d, w)
            rev = g.reverse(copy=True)

            tn, (lat, ear) = timed(partial(nx_times, g, rev), repeat=1 if n > 20000 else 3)
            assert all(abs(latest[k] - x) < 1e-6 for k, x in lat.items())
            assert all(abs(earliest[k] + x) < 1e-6 for k, x in ear.items())
        _row(n, len(s), "consistent", ti, tn)
        # One constraint makes it inconsistent: the latest event before its earliest.
        far = int(np.argmax(np.where(np.isfinite(earliest), earliest, -np.inf)))
        s2, d2 = np.append(s, 0), np.append(d, far)
        w2 = np.append(w, earliest[far] - 1.0)
        ti, cycle = timed(partial(impp_cycle, n, s2, d2, w2))
        assert cycle is not None and sum(w2[e] for e in cycle) < 0
        tn = None
        if run_nx:
            g.add_edge(0, far, weight=min(earliest[far] - 1.0, g.get_edge_data(
                0, far, {"weight": np.inf})["weight"]))
            tn, nx_cycle = timed(partial(nx.find_negative_cycle, g, 0),
                                 repeat=1 if n > 20000 else 3)
            assert nx_cycle
        _row(n, len(s2), "inconsistent", ti, tn)
        if n == 10000:
            incremental(n, s, d, w, earliest, latest)
    _load("load average after")


def _load(label: str) -> None:
    """Print the 1/5/15-minute load average; flag a machine busy with other work."""
    one, five, fifteen = os.getloadavg()
    busy = "  (loaded: other work shares the machine)" if one > 1.5 else ""
    print(f"{label}: {one:.2f} {five:.2f} {fifteen:.2f}{busy}", flush=True)


def incremental(n: int, s: Any, d: Any, w: Any, earliest: Any, latest: Any) -> None:
    """One more (consistent, tightening) constraint: incremental vs full re-check."""
    rng = np.random.default_rng(1)
    net = STN.from_edges(n, s, d, w)
    inc = IncrementalSTN(net, source=0)
    adds, fulls = [], []
    for _ in range(200):
        u, v = (int(x) for x in rng.integers(1, n, 2))
        if u == v:
            continue
        # A deadline between the two events' earliest and latest gaps: tightens, holds.
        hi = float(max(latest[v] - earliest[u], earliest[v] - earliest[u]) - 1.0)
        t = time.perf_counter()
        ok = inc.add_constraint(u, v, max_days=hi)
        adds.append(time.perf_counter() - t)
        t = time.perf_counter()
        full = STN.from_edges(n, np.append(s, u), np.append(d, v), np.append(w, hi))
        cycle = full.negative_cycle()
        fulls.append(time.perf_counter() - t)
        assert ok == (cycle is None)
        if ok:
            s, d, w = np.append(s, u), np.append(d, v), np.append(w, hi)
    a, f = statistics.median(adds), statistics.median(fulls)
    print(f"incremental, {n} events: one constraint {a * 1e6:.1f} us (median of {len(adds)}), "
          f"full re-check {f * 1e3:.2f} ms, ratio {f / a:.0f}x")


def _row(n: int, m: int, case: str, ti: float, tn: float | None) -> None:
    nxs = f"{tn:11.3f}" if tn is not None else f"{'skipped':>11}"
    ratio = f"{tn / ti:6.1f}x" if tn is not None else f"{'-':>7}"
    print(f"{n:>8} {m:>9} {case:>12} {ti:9.4f} {nxs} {ratio}", flush=True)


if __name__ == "__main__":
    main()
