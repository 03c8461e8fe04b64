"""The commands people run, end to end: impp as it is against impp before one analysis.

Each command is a fresh process, as a user runs it (``python -m impp ...``),
timed from start to exit, best of ``--repeat`` runs:

- **cold**: an empty analysis cache (``IMPP_CACHE_DIR`` a new folder each
  run); numba's own on-disk cache of compiled kernels stays warm, as on any
  machine after the first run;
- **warm**: the cache filled by one run before the timed ones.

The baseline, side by side in the same run, is the code of ``--baseline``
(default: main before the one-analysis change) checked out into a temporary
git worktree and run by the same interpreter; it has no analysis cache, so
its one figure stands against both. Plans: the embedded Carana scenario and
synthetic plans (:func:`impp.scenarios.synthetic.synthetic_plan`) of 300 and
3,000 tasks, with a deployment. Targets (issue "One analysis of a plan"):
Carana warm ``validate`` <= 0.4 s, ``plan`` <= 1.0 s (cold <= 2 s), ``risk``
<= 1.5 s, ``report`` <= 3 s; store ``log``/``status``/``show`` <= 0.5 s.

Run on a quiet machine: ``.venv/bin/python benchmarks/cli.py [--repeat 5]
[--sizes 300,3000] [--no-baseline]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from baseline import baseline_src

ROOT = Path(__file__).resolve().parents[1]
#: main before the one-analysis change.
BASELINE = "46c111f"
TARGETS = {("carana", "validate", "warm"): 0.4, ("carana", "plan", "warm"): 1.0,
           ("carana", "plan", "cold"): 2.0, ("carana", "risk", "warm"): 1.5,
           ("carana", "report", "warm"): 3.0, ("carana", "log", "warm"): 0.5,
           ("carana", "status", "warm"): 0.5, ("carana", "show", "warm"): 0.5}


def run(argv: Sequence[str], env: dict[str, str], cwd: Path, src: Path) -> float:
    """Seconds one command takes in a fresh process (it must not fail)."""
    e = {**os.environ, **env, "PYTHONPATH": str(src)}
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "impp", *argv], cwd=cwd, env=e,
                       capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr[-2000:]}")
    return seconds


def best(argv: Sequence[str], src: Path, work: Path, repeat: int, cold: bool,
         env: dict[str, str] | None = None) -> float:
    """Best of ``repeat`` runs, with a fresh (cold) or a filled (warm) cache."""
    times = []
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    base_env = {**(env or {}), "IMPP_CACHE_DIR": str(cache)}
    if not cold:
        run(argv, base_env, work, src)
    for _ in range(repeat):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
        times.append(run(argv, base_env, work, src))
    shutil.rmtree(cache, ignore_errors=True)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-repeat", type=int, default=3)
    ap.add_argument("--sizes", default="300,3000")
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
          f"{os.cpu_count()} cores; best of {args.repeat} (baseline best of "
          f"{args.baseline_repeat})", flush=True)
    work = Path(tempfile.mkdtemp(prefix="impp-bench-cli-"))
    here = ROOT / "src"
    try:
        with baseline_src(None if args.no_baseline else args.baseline, work) as base_src:
            _bench(args, work, here, base_src)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench(args: argparse.Namespace, work: Path, here: Path, base_src: Path | None) -> None:
    sys.path.insert(0, str(here))
    from impp.scenarios import carana_path
    from impp.scenarios.synthetic import synthetic_plan

    plans: list[tuple[str, str]] = [("carana", str(carana_path()))]
    for n in (int(x) for x in args.sizes.split(",") if x):
        path = work / f"synthetic-{n}.yaml"
        path.write_text(synthetic_plan(n, seed=1, deployment=True), encoding="utf-8")
        plans.append((f"{n} tasks", str(path)))
    print(f"{'plan':<10} {'command':<9} {'cold s':>8} {'warm s':>8} {'baseline s':>11} "
          f"{'base/warm':>10} {'target':>8}", flush=True)
    for label, path in plans:
        commands = [["validate", path], ["plan", path], ["risk", path],
                    ["report", path, "--out", str(work / "out")]]
        for argv in commands:
            cold = best(argv, here, work, args.repeat, cold=True)
            warm = best(argv, here, work, args.repeat, cold=False)
            # the baseline reads its own Carana: the plan format has grown since
            base_argv = ([a if a != path else str(base_src / "impp/scenarios/carana")
                          for a in argv] if label == "carana" and base_src else argv)
            base = (best(base_argv, base_src, work, args.baseline_repeat, cold=True)
                    if base_src is not None else None)
            _line(label, argv[0], cold, warm, base)
    store = work / "store.db"
    env = {"IMPP_DATABASE_URL": f"sqlite:///{store}"}
    for src in filter(None, (here, base_src)):
        store.unlink(missing_ok=True)
        run(["store", "init"], env, work, src)
        run(["commit", "-m", "Carana"], env, work, src)
        if src == here:
            figures = {c: best([c, "carana"], src, work, args.repeat, False, env)
                       for c in ("log", "status", "show")}
        else:
            basef = {c: best([c, "carana"], src, work, args.baseline_repeat, True, env)
                     for c in ("log", "status", "show")}
    for c in ("log", "status", "show"):
        _line("carana", c, None, figures[c], basef[c] if base_src is not None else None)


def _line(label: str, command: str, cold: float | None, warm: float,
          base: float | None) -> None:
    key = "carana" if label == "carana" else label
    target = TARGETS.get((key, command, "warm"))
    cold_target = TARGETS.get((key, command, "cold"))
    mark = ""
    if target is not None:
        mark = f"<= {target:g} " + ("met" if warm <= target else "MISSED")
    if cold_target is not None and cold is not None:
        mark += f"; cold <= {cold_target:g} " + ("met" if cold <= cold_target else "MISSED")
    ratio = f"{base / warm:10.1f}" if base is not None else f"{'-':>10}"
    print(f"{label:<10} {command:<9} {cold if cold is not None else float('nan'):8.2f} "
          f"{warm:8.2f} {base if base is not None else float('nan'):11.2f} {ratio} {mark}",
          flush=True)


if __name__ == "__main__":
    main()
