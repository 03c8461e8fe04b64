"""RCPSP benchmark: impp's solve() against PyJobShop's CP-SAT model, same limits, same run.

Data: PSPLIB j30/j60/j120 (``../shared/data/psplib/``, or ``$IMPP_PSPLIB``)
with the best known makespans in its ``reference.csv``. Each instance is
solved by both models with the same time limit and workers (default 10 s, 2
workers); each stops early at proven optimality.

j30 and j60 run in full; j120 (600 instances, about two hours for the two
solvers) does not fit the hour a run may take on this machine, so a fixed,
reproducible subset: instances sorted by name, every 5th from the first (120
instances, every parameter group represented). ``--step`` overrides
(``--step j120=1`` for the full set, ``--step j60=16`` for a quick look).

Prints per set: instances, optimal (proven) count, mean gap of the makespan to
the best known, mean time, for both solvers, the ratios impp/PyJobShop, and
each target of the deployment issue (j30: every instance proven optimal; mean
gap at most 0.5 % on j60 and 3 % on j120, each no worse than PyJobShop's).
``--csv FILE`` also writes every instance's figures.
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
STEP = {"j30": 1, "j60": 1, "j120": 5}
#: The targets: proven-optimal share (j30), mean gap in % (j60, j120).
TARGET_GAP = {"j60": 0.5, "j120": 3.0}


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
    ap.add_argument("--step", action="append", default=[], help="SET=N, e.g. j120=1")
    ap.add_argument("--csv", type=Path, help="write each instance's figures here")
    args = ap.parse_args()
    steps = dict(STEP)
    for item in args.step:
        k, v = item.split("=")
        steps[k] = int(v)
    with open(DATA / "reference.csv", encoding="utf-8") as f:
        ref = {r["instance"]: int(r["best_makespan"]) for r in csv.DictReader(f)}
    from impp.deploy import branch, genetic
    from impp.deploy.sgs import warm_up

    warm_up()
    genetic.warm_up()  # compilation is not counted in any instance's time
    branch.warm_up()
    started = time.perf_counter()
    per_instance: list[dict[str, Any]] = []
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
                per_instance.append({"set": name, "instance": path.stem, "best_known": best,
                                     "solver": solver, "makespan": ms, "optimal": opt,
                                     "gap": round(gap, 4), "seconds": round(sec, 3)})
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
    print()
    print("targets")
    for name in args.sets.split(","):
        a = next(s for s in summary if s["set"] == name and s["solver"] == "impp")
        b = next(s for s in summary if s["set"] == name and s["solver"] == "pyjobshop")
        if name in TARGET_GAP:
            ok = a["gap"] <= TARGET_GAP[name] and a["gap"] <= b["gap"]
            print(f"{name:6} mean gap {a['gap']:.2f} % <= {TARGET_GAP[name]} % and <= "
                  f"PyJobShop's {b['gap']:.2f} %: {'met' if ok else 'NOT met'}")
        else:
            print(f"{name:6} proven optimal {a['optimal']}/{a['n']}: "
                  f"{'met' if a['optimal'] == a['n'] else 'NOT met'}")
    print(f"\nwall time {time.perf_counter() - started:.0f} s")
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(per_instance[0]))
            w.writeheader()
            w.writerows(per_instance)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
