"""Monitoring at the size of a real mission: importing a million observations and
assessing a quarter of a thousand indicators.

The real CPAS runs over 1,000 indicators per large mission; here a generated
plan has ``--indicators`` (1,000) indicators broken down by sex (2), age
group (5) and location (5): 50 rows per indicator and quarter, over
``--quarters`` (20) quarters: a million rows in one CSV file.

- **import**: as ``impp import-data`` does it: each row checked as it is
  read (``checked_rows``) and stored in chunks as it goes
  (``save_observations``), one transaction, into a new store. Named
  baseline, in the same run: every row checked first (``read_observations``,
  its time pro rata) and then stored one ORM object per row
  (``session.add``), as the first version did, on ``--baseline-rows`` rows
  (100,000: the baseline is slow), compared per row.
- **assess**: one quarter's assessment of every indicator from the store:
  ``load_totals`` (a GROUP BY in the database) and ``assess_totals``.
  Named baseline, in the same run and at the same size: every observation
  read into Python (``load_observations``) and ``assess``.

Each phase runs in a fresh process, so its peak memory (max RSS) is its own.
Targets (the issue): import <= 30 s, assessment <= 2 s, memory bounded.
Run: ``.venv/bin/python benchmarks/monitoring.py [--indicators 1000]
[--quarters 20] [--postgres URL]`` (``--postgres`` defaults to
``IMPP_TEST_POSTGRES_URL``; a schema of its own is made and dropped).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEXES = ("female", "male")
AGES = ("0-17", "18-24", "25-39", "40-59", "60+")
PLACES = ("north", "south", "east", "west", "capital")


def plan_text(indicators: int) -> str:
    """A plan with ``indicators`` indicators over 10 objectives and 100 benchmarks."""
    lines = ["mission: {id: big, name: A mission the size of the real ones}",
             "events:", "  - {id: start, name: Start, date: 2025-01-01}",
             "  - {id: end, name: End}",
             "objectives:"]
    lines += [f"  - {{id: o{i}, name: Objective {i}}}" for i in range(10)]
    lines.append("benchmarks:")
    lines += [f"  - {{id: b{i}, name: Benchmark {i}, objective: o{i % 10}, "
              f"trigger: {'true' if i < 3 else 'false'}}}" for i in range(100)]
    lines.append("indicators:")
    for i in range(indicators):
        share = i % 2 == 0
        unit = "percent" if share else "people"
        target = 100 if share else 50_000
        lines.append(
            f"  - {{id: i{i}, name: Indicator {i}, measures: b{i % 100}, baseline: 0, "
            f"target: {target}, unit: {unit}, counts_people: true, "
            f"disaggregation: [sex, age, location], "
            f"targets: [{{period: year 2, value: {target // 2}}}]}}")
    return "\n".join(lines) + "\n"


def write_csv(path: Path, indicators: int, quarters: int) -> int:
    """The observations file; the number of rows."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["indicator", "period", "value", "sex", "age", "location", "confidence"])
        for i in range(indicators):
            share = i % 2 == 0
            for q in range(quarters):
                label = f"{2025 + q // 4}Q{q % 4 + 1}"
                for s in SEXES:
                    for a in AGES:
                        for p in PLACES:
                            base = (q + 1) * (4.5 if share else 900.0)
                            value = min(base + (hash((s, a, p)) % 7), 100) if share else base
                            w.writerow([f"i{i}", label, f"{value:g}", s, a, p, "medium"])
                            n += 1
    return n


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(args: argparse.Namespace) -> None:
    """One phase in this process; prints a JSON line."""
    from impp.io import load_plan
    from impp.store import commit, init_store, open_store

    plan = load_plan(args.plan)
    out: dict[str, float] = {}
    if args.phase == "import":
        from impp.monitoring.observations import checked_rows, read_table
        from impp.monitoring.store import save_observations

        store = init_store(args.db)
        commit(store, plan, "generated", author="bench")
        t = time.perf_counter()
        # as `impp import-data` does: each row checked as it is read, stored in
        # chunks as it goes, one transaction
        save_observations(store, "big", checked_rows(plan, read_table(Path(args.csv)),
                                                      args.csv), file=args.csv, actor="bench")
        out["seconds"] = time.perf_counter() - t
    elif args.phase == "baseline-import":
        from sqlalchemy.orm import Session

        from impp.monitoring.observations import read_observations
        from impp.store.models import ObservationRow
        from impp.store.repository import now

        store = init_store(args.db)
        commit(store, plan, "generated", author="bench")
        t = time.perf_counter()
        obs = read_observations(plan, Path(args.csv))[:args.rows]
        out["read"] = (time.perf_counter() - t) * args.rows / max(args.total, 1)
        t = time.perf_counter()
        with Session(store.engine) as session, session.begin():
            when = now()
            for o in obs:
                session.add(ObservationRow(
                    plan="big", indicator=o.indicator, period=o.period.label,
                    period_start=o.period.start, period_end=o.period.end, dims=o.dims_key,
                    ndims=len(o.dims), value=o.value, text=o.text, source=o.source,
                    confidence=o.confidence, status="entered", entered_by="bench",
                    entered=when))
        out["seconds"] = time.perf_counter() - t
        out["rows"] = len(obs)
    elif args.phase in ("assess", "baseline-assess"):
        from impp.monitoring.assess import assess, assess_totals
        from impp.monitoring.periods import parse_period
        from impp.monitoring.store import load_observations, load_totals

        store = open_store(args.db)
        period = parse_period(args.period)
        t = time.perf_counter()
        if args.phase == "assess":
            got = load_totals(store, plan, "big", period.end, {i.id for i in plan.indicators})
            result = assess_totals(plan, got.totals, got.breakdown, period, name="big",
                                   approved=got.approved, observations=got.rows)
        else:
            stored = load_observations(store, "big")
            result = assess(plan, [s.observation for s in stored], period, name="big")
        out["seconds"] = time.perf_counter() - t
        out["indicators"] = sum(1 for v in result.indicators.values() if v.value is not None)
        out["observations"] = result.observations
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def run_phase(name: str, plan: Path, db: str, csv_path: Path, **extra: str) -> dict[str, float]:
    argv = [sys.executable, __file__, "--phase", name, "--plan", str(plan), "--db", db,
            "--csv", str(csv_path), *(x for k, v in extra.items() for x in (f"--{k}", v))]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def backend(label: str, db: str, plan: Path, csv_path: Path, rows: int, period: str,
            baseline_rows: int) -> None:
    imp = run_phase("import", plan, db, csv_path)
    ass = run_phase("assess", plan, db, csv_path, period=period)
    base_ass = run_phase("baseline-assess", plan, db, csv_path, period=period)
    print(f"{label}: import {rows:,} rows in {imp['seconds']:.1f} s, peak "
          f"{imp['peak_mb']:.0f} MB; target 30 s: "
          f"{'met' if imp['seconds'] <= 30 else 'MISSED'}", flush=True)
    print(f"{label}: assess {period} ({ass['indicators']:.0f} indicators, "
          f"{ass['observations']:,.0f} observations) in {ass['seconds']:.2f} s, peak "
          f"{ass['peak_mb']:.0f} MB; baseline (every row into Python) "
          f"{base_ass['seconds']:.2f} s, peak {base_ass['peak_mb']:.0f} MB; ratio "
          f"{base_ass['seconds'] / ass['seconds']:.1f}x; target 2 s: "
          f"{'met' if ass['seconds'] <= 2 else 'MISSED'}", flush=True)
    if baseline_rows:
        fresh = db + "-baseline" if not db.startswith("postgresql") else None
        if fresh is not None:
            base = run_phase("baseline-import", plan, fresh, csv_path, rows=str(baseline_rows),
                             total=str(rows))
            per_row = imp["seconds"] / rows
            base_per_row = (base["read"] + base["seconds"]) / base["rows"]
            print(f"{label}: baseline, every row checked then stored one ORM object per "
                  f"row: {base['rows']:,.0f} rows in {base['read'] + base['seconds']:.1f} s, "
                  f"{1e6 * base_per_row:.1f} µs a row against {1e6 * per_row:.1f} µs: "
                  f"ratio {base_per_row / per_row:.1f}x", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--indicators", type=int, default=1000)
    ap.add_argument("--quarters", type=int, default=20)
    ap.add_argument("--baseline-rows", type=int, default=100_000)
    ap.add_argument("--postgres", default=os.environ.get("IMPP_TEST_POSTGRES_URL"))
    ap.add_argument("--phase")
    ap.add_argument("--plan")
    ap.add_argument("--db")
    ap.add_argument("--csv")
    ap.add_argument("--period", default=None)
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--total", type=int, default=0)
    args = ap.parse_args()
    if args.phase:
        phase(args)
        return
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
          f"{os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="impp-bench-mon-") as tmp:
        folder = Path(tmp)
        plan = folder / "big.yaml"
        plan.write_text(plan_text(args.indicators), encoding="utf-8")
        csv_path = folder / "observations.csv"
        rows = write_csv(csv_path, args.indicators, args.quarters)
        last = args.quarters - 1
        period = f"{2025 + last // 4}Q{last % 4 + 1}"
        print(f"{args.indicators:,} indicators, {args.quarters} quarters, {rows:,} rows "
              f"({csv_path.stat().st_size / 1e6:.0f} MB of CSV)", flush=True)
        backend("SQLite", str(folder / "impp.db"), plan, csv_path, rows, period,
                args.baseline_rows)
        if args.postgres:
            from pgschema import scratch_schema

            with scratch_schema(args.postgres) as url:
                backend("PostgreSQL", url, plan, csv_path, rows, period, 0)

if __name__ == "__main__":
    main()
