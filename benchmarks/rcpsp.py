"""RCPSP benchmark: impp's CP-SAT model against PyJobShop's, same limits, same run.

Data: PSPLIB j30/j60/j120 (``../shared/data/psplib/``, or ``$IMPP_PSPLIB``)
with the best known makespans in its ``reference.csv``. Each instance is
solved by both models with the same time limit and workers (default 10 s, 2
workers); each stops early at proven optimality.

The machine is small and shared, so the full sets do not fit in the time a
run may take: the subset is fixed and reproducible: instances sorted by
name, every ``STEP[set]``-th one from the first (j30: every 4th, j60: every
16th, j120: every 30th), which keeps every parameter group represented.
``--step`` overrides (``--step j30=1`` for the full set).

Prints per set: instances, optimal (proven) count, mean gap of the makespan to
the best known, mean time, for both solvers, and the ratios impp/PyJobShop.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__import__("os").environ.get("IMPP_PSPLIB", ROOT.parent / "shared/data/psplib"))
STEP = {"j30": 4, "j60": 16, "j120": 30}


def subset(name: str, step: int) -> list[Path]:
    """Every ``step``-th instance of a set, by sorted name (fixed, reproducible)."""
    files = sorted((DATA / name).glob("*.rcp"))
    return files[::step]


def run_impp(path: Path, limit: float, workers: int) -> tuple[int | None, bool, float]:
    from impp.deploy.rcpsp import solve_rcpsp
    from impp.io.psplib import read_project

    t = time.perf_counter()
    r = solve_rcpsp(read_project(path), time_limit=limit, workers=workers)
    return r.makespan, r.status == "optimal", time.perf_counter() - t


def run_pyjobshop(path: Path, limit: float, workers: int) -> tuple[int | None, bool, float]:
    from pyjobshop import read, solve

    t = time.perf_counter()
    data = read(path, instance_format="patterson")
    r = solve(data, time_limit=limit, num_workers=workers)
    ok = r.objective is not None and r.objective < float("inf")
    return (int(r.objective) if ok else None), r.status.name == "OPTIMAL", \
        time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sets", default="j30,j60,j120")
    ap.add_argument("--step", action="append", default=[], help="SET=N, e.g. j30=1")
    args = ap.parse_args()
    steps = dict(STEP)
    for item in args.step:
        k, v = item.split("=")
        steps[k] = int(v)
    with open(DATA / "reference.csv", encoding="utf-8") as f:
        ref = {r["instance"]: int(r["best_makespan"]) for r in csv.DictReader(f)}
    from impp.deploy.sgs import warm_up

    warm_up()
    print(f"RCPSP benchmark: {args.time_limit:g} s and {args.workers} workers per instance "
          "and solver", flush=True)
    summary: list[dict[str, Any]] = []
    for name in args.sets.split(","):
        files = subset(name, steps[name])
        rows: dict[str, list[tuple[float, bool, float]]] = {"impp": [], "pyjobshop": []}
        for k, path in enumerate(files, 1):
            best = ref[path.stem]
            line = [f"{name} {k}/{len(files)} {path.stem} best={best}"]
            for solver, fn in (("impp", run_impp), ("pyjobshop", run_pyjobshop)):
                ms, opt, sec = fn(path, args.time_limit, args.workers)
                gap = 100.0 * (ms - best) / best if ms is not None else 100.0
                rows[solver].append((gap, opt, sec))
                line.append(f"{solver}={ms}{'*' if opt else ''} ({sec:.1f}s)")
            print("  ".join(line), flush=True)
        for solver, r in rows.items():
            summary.append({
                "set": name, "solver": solver, "n": len(r),
                "optimal": sum(1 for _, o, _ in r if o),
                "gap": statistics.fmean(g for g, _, _ in r),
                "time": statistics.fmean(s for _, _, s in r),
            })
    print()
    print(f"{'set':6} {'solver':10} {'n':>4} {'optimal':>8} {'mean gap %':>11} {'mean s':>7}")
    for s in summary:
        print(f"{s['set']:6} {s['solver']:10} {s['n']:4d} {s['optimal']:8d} "
              f"{s['gap']:11.2f} {s['time']:7.2f}")
    print()
    print("ratios impp / PyJobShop (gap: lower is better; time: lower is faster)")
    for name in args.sets.split(","):
        a = next(s for s in summary if s["set"] == name and s["solver"] == "impp")
        b = next(s for s in summary if s["set"] == name and s["solver"] == "pyjobshop")
        gap_ratio = a["gap"] / b["gap"] if b["gap"] else float("nan")
        print(f"{name:6} optimal {a['optimal']}/{b['optimal']}  gap {a['gap']:.2f}/"
              f"{b['gap']:.2f} = {gap_ratio:.2f}  time {a['time'] / b['time']:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
