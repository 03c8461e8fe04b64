"""Schedule risk: throughput, baselines and peak memory.

A random network of 1,000 tasks (about two predecessors each, triangular
durations) x 100,000 samples, end to end (sampling, propagation, statistics:
histograms, criteria, critical paths, sensitivity), against in the same run:

- a straightforward per-sample Python loop (``random.triangular``, forward
  pass over the tasks), on fewer samples, compared per task-sample;
- ``pmcontrols.pert`` (PyPI) on the same network (PERT-beta sampling with
  numpy, forward and backward pass for criticality), on fewer samples, best
  of 3 runs like impp's;
- random-number generation alone: numpy's triangular sampler, and the
  kernel's counter-based uniforms with the triangular inverse CDF;
- peak memory (maximum resident set) of a 1,000,000-sample run, in a
  separate process.

Run: ``.venv/bin/python benchmarks/risk.py [--samples N] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np

from impp.model import Constraint, Duration, Event, Link, Mission, Plan, Task
from impp.risk import kernel
from impp.risk.network import TRIANGULAR, compile_plan
from impp.risk.simulate import simulate

TASKS = 1000


def random_network(n: int = TASKS, seed: int = 1) -> tuple[Plan, list[dict[str, Any]]]:
    """A random plan of ``n`` tasks and the same network as pmcontrols records."""
    rng = random.Random(seed)
    tasks: list[Task] = []
    records: list[dict[str, Any]] = []
    has_successor: set[str] = set()
    for i in range(n):
        preds = sorted(set(rng.sample(range(i), k=min(i, 2)))) if i else []
        lo = rng.uniform(2, 10)
        likely = lo + rng.uniform(0, 10)
        hi = likely + rng.uniform(1, 20)
        tid = f"t{i}"
        tasks.append(Task(
            id=tid, name=f"Task {i}",
            duration=Duration(min=lo, likely=likely, max=hi, distribution="triangular"),
            after=tuple(Link(task=f"t{p}") for p in preds),
        ))
        has_successor.update(f"t{p}" for p in preds)
        records.append({"id": tid, "a": lo, "m": likely, "b": hi,
                        "predecessors": [f"t{p}" for p in preds]})
    sinks = [t.id for t in tasks if t.id not in has_successor]
    constraints = [
        Constraint(id=f"done_{s}", name=f"{s} done", from_=f"{s}.end", to="finish",
                   min_days=0)
        for s in sinks
    ]
    constraints.append(Constraint(id="on_time", name="Finish within 400 days", from_="start",
                                  to="finish", max_days=400, kind="criterion"))
    plan = Plan(
        mission=Mission(id="bench", name="Benchmark", reference_event="start"),
        events=(Event(id="start", name="Start", date=dt.date(2026, 1, 1)),
                Event(id="finish", name="Finish")),
        tasks=tuple(tasks),
        constraints=tuple(constraints),
    )
    return plan, records


def python_loop(plan: Plan, samples: int, seed: int = 0) -> float:
    """Seconds for a plain per-sample Python forward pass."""
    rng = random.Random(seed)
    order = [(t.id, t.duration, t.predecessors) for t in plan.tasks]
    t0 = time.perf_counter()
    for _ in range(samples):
        end: dict[str, float] = {}
        for tid, d, preds in order:
            start = max((end[p] for p in preds), default=0.0)
            assert d.min is not None and d.max is not None and d.likely is not None
            end[tid] = start + rng.triangular(d.min, d.max, d.likely)
        max(end.values())
    return time.perf_counter() - t0


def pmcontrols_pert(records: list[dict[str, Any]], samples: int) -> float:
    """Seconds for ``pmcontrols.pert`` with ``samples`` simulations."""
    import pmcontrols

    t0 = time.perf_counter()
    pmcontrols.pert(records, n_sim=samples, seed=0)
    return time.perf_counter() - t0


def rng_rates(plan: Plan, samples: int) -> dict[str, float]:
    """Task-samples per second of random durations alone."""
    net = compile_plan(plan)
    k = min(net.n_tasks, 200)
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for i in range(k):
        rng.triangular(net.p1[i], net.p2[i], net.p3[i], samples)
    numpy_rate = k * samples / (time.perf_counter() - t0)
    kernel.uniforms(0, kernel.DOMAIN_TASK, 0, 0, 128)  # compile
    t0 = time.perf_counter()
    for i in range(k):
        kernel.uniforms(0, kernel.DOMAIN_TASK, i, 0, samples)
    uni_rate = k * samples / (time.perf_counter() - t0)
    kernel.durations(0, 0, TRIANGULAR, net.p1[0], net.p2[0], net.p3[0], 0, 128)  # compile
    t0 = time.perf_counter()
    for i in range(k):
        kernel.durations(0, i, TRIANGULAR, net.p1[i], net.p2[i], net.p3[i], 0, samples)
    tri_rate = k * samples / (time.perf_counter() - t0)
    return {"numpy_triangular": numpy_rate, "kernel_uniform_1_thread": uni_rate,
            "kernel_triangular_1_thread": tri_rate}


def peak_memory(samples: int) -> float:
    """MiB of maximum resident memory for a run of ``samples`` (separate process)."""
    code = (
        "import resource, sys; sys.path.insert(0, 'benchmarks');"
        "from risk import random_network; from impp.risk import simulate;"
        f"plan, _ = random_network(); simulate(plan, {samples}, seed=0);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="skip baselines and memory")
    args = parser.parse_args()
    plan, records = random_network()
    n = args.samples
    print(f"network: {TASKS} tasks, {sum(len(t.after) for t in plan.tasks)} links; "
          f"{kernel.threads()} threads; load average {resource_load()}")

    t0 = time.perf_counter()
    simulate(plan, 2000, seed=0)
    warm = time.perf_counter() - t0
    print(f"first call (compile or load cached kernel, 2,000 samples): {warm:.2f} s")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        simulate(plan, n, seed=0)
        best = min(best, time.perf_counter() - t0)
    ours = TASKS * n / best
    print(f"impp.risk end to end, {n:,} samples: {best:.3f} s = {ours / 1e6:.0f} M task-samples/s")
    figures: dict[str, Any] = {"samples": n, "impp_seconds": best, "impp_rate": ours,
                               "first_call_seconds": warm}
    rates = rng_rates(plan, 100_000)
    for name, rate in rates.items():
        print(f"random durations, {name}: {rate / 1e6:.0f} M/s")
    figures["rng"] = rates
    if not args.quick:
        m = 200
        loop = python_loop(plan, m)
        loop_rate = TASKS * m / loop
        print(f"python loop, {m} samples: {loop:.2f} s = {loop_rate / 1e6:.2f} M/s; "
              f"impp is {ours / loop_rate:,.0f}x faster")
        m = 10_000
        pm = min(pmcontrols_pert(records, m) for _ in range(3))  # best of 3, as for impp
        pm_rate = TASKS * m / pm
        print(f"pmcontrols.pert, {m:,} samples: {pm:.2f} s = {pm_rate / 1e6:.2f} M/s; "
              f"impp is {ours / pm_rate:,.0f}x faster")
        mem = peak_memory(1_000_000)
        print(f"peak memory, 1,000,000 samples: {mem:.0f} MiB")
        figures.update(loop_rate=loop_rate, pmcontrols_rate=pm_rate, peak_mib=mem)
    print(json.dumps(figures, default=float))


def resource_load() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


if __name__ == "__main__":
    _ = resource  # used by peak_memory's child
    main()
