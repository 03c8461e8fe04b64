"""Loading plan files people (and attackers) write: impp validate, now and before the limits.

Files: a synthetic plan of 20,000 tasks (about 2.5 MB), a nine-level alias
bomb (9^9 values if expanded), a file over the size limit (17 MiB) and a
self-referencing alias. Each ``impp validate FILE`` is a fresh process,
best of ``--repeat``; the baseline, side by side in the same run, is the
code of ``--baseline`` (default: main before the loader limits) in a
temporary git worktree, stopped after ``--timeout`` seconds. Targets (issue
"Nothing a plan file can do breaks impp"): the 20,000-task plan validated
in <= 2 s; an oversized or bomb file refused in <= 1 s.

Run on a quiet machine: ``.venv/bin/python benchmarks/loader.py``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import baseline_src

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "46aa26e"
TARGETS = {"20,000 tasks": 2.0, "alias bomb": 1.0, "17 MiB file": 1.0}


def run(path: Path, src: Path, timeout: float) -> tuple[float, int | None, str]:
    """Seconds, exit status (None: stopped at the timeout) and the last line of stderr."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    t = time.perf_counter()
    try:
        r = subprocess.run([sys.executable, "-m", "impp", "validate", str(path)], env=env,
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t, None, "(stopped)"
    lines = (r.stderr or r.stdout).strip().splitlines()
    return time.perf_counter() - t, r.returncode, lines[-1][-90:] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; best of "
          f"{args.repeat}; baseline stopped after {args.timeout:g} s", flush=True)
    work = Path(tempfile.mkdtemp(prefix="impp-bench-loader-"))
    sys.path.insert(0, str(ROOT / "src"))
    from impp.scenarios.synthetic import synthetic_plan

    files = {"20,000 tasks": work / "big.yaml", "alias bomb": work / "bomb.yaml",
             "17 MiB file": work / "huge.yaml", "self alias": work / "self.yaml"}
    files["20,000 tasks"].write_text(synthetic_plan(20_000, seed=1), encoding="utf-8")
    names = [chr(97 + i) for i in range(10)]
    bomb = "mission: {id: m, name: M}\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in itertools.pairwise(names[:9]))
    files["alias bomb"].write_text(bomb, encoding="utf-8")
    files["17 MiB file"].write_text("mission: {id: m, name: M}\n" + "# padding\n" * 1_800_000,
                                    encoding="utf-8")
    files["self alias"].write_text("mission: {id: m, name: M}\nevents: &a [*a]\n",
                                   encoding="utf-8")
    try:
        with baseline_src(None if args.no_baseline else args.baseline, work) as base_src:
            print(f"{'file':<14} {'impp s':>8} {'status':>7} {'baseline s':>11} {'status':>7} "
                  f"{'ratio':>7}  target / what impp said", flush=True)
            for label, path in files.items():
                now = min((run(path, ROOT / "src", args.timeout) for _ in range(args.repeat)),
                          key=lambda r: r[0])
                base = (min((run(path, base_src, args.timeout) for _ in range(args.repeat)),
                            key=lambda r: r[0]) if base_src is not None else None)
                target = TARGETS.get(label)
                verdict = "" if target is None else (
                    f"<= {target:g} s " + ("met" if now[0] <= target else "MISSED") + "; ")
                b_time = f"{base[0]:11.2f}" if base else f"{'-':>11}"
                b_status = f"{base[1] if base[1] is not None else 'killed'!s:>7}" if base else ""
                ratio = f"{base[0] / now[0]:7.1f}" if base else f"{'-':>7}"
                print(f"{label:<14} {now[0]:8.2f} {now[1]!s:>7} {b_time} {b_status} {ratio}  "
                      f"{verdict}{now[2]}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
