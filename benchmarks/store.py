"""Revision store: what a commit and a checkout cost, against saving a plan file.

Named baseline, in the same run: the shared-file workflow the store
replaces, i.e. write the plan as YAML and ``fsync`` it (``dump_plan`` +
write + fsync), and read it back with ``load_plan``. impp: ``commit`` of
the Carana plan with a one-field edit (read the head, check the parent,
insert the revision and its audit entry, one transaction: SQLite in WAL mode
with ``synchronous=FULL``, or PostgreSQL), and ``get_revision(...)
.plan_object()`` (read, validate, check the content hash).

Run: ``.venv/bin/python benchmarks/store.py [--commits 40] [--postgres URL]``
(``--postgres`` defaults to ``IMPP_TEST_POSTGRES_URL``; the benchmark makes
and drops its own schema there).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from impp.io import dump_plan, load_plan
from impp.model import Plan
from impp.scenarios import carana_path
from impp.store import Store, commit, get_revision, init_store


def edits(plan: Plan, count: int) -> list[Plan]:
    """``count`` versions of the plan, each with a different mandate text."""
    out = []
    for i in range(count):
        doc = plan.to_document()
        doc["mission"]["mandate"] = f"{plan.mission.mandate} (revision {i})"
        out.append(Plan.model_validate(doc))
    return out


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def file_baseline(plans: list[Plan], folder: Path) -> tuple[float, float]:
    path = folder / "carana.yaml"
    writes = []
    for plan in plans:
        start = time.perf_counter()
        with path.open("w", encoding="utf-8") as f:
            f.write(dump_plan(plan))
            f.flush()
            os.fsync(f.fileno())
        writes.append(time.perf_counter() - start)
    reads = timed(lambda: load_plan(path), 10)
    return median_ms(writes), median_ms(reads)


def store_run(store: Store, plans: list[Plan]) -> tuple[float, float]:
    parent = commit(store, plans[0], "start", author="bench").id
    writes = []
    for plan in plans[1:]:
        start = time.perf_counter()
        parent = commit(store, plan, "edit", author="bench", parent=parent).id
        writes.append(time.perf_counter() - start)
    reads = timed(lambda: get_revision(store, "carana").plan_object(), 10)
    return median_ms(writes), median_ms(reads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=40)
    parser.add_argument("--postgres", default=os.environ.get("IMPP_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    plans = edits(load_plan(carana_path()), args.commits + 1)
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.append(("YAML file + fsync (baseline)", *file_baseline(plans[1:], folder)))
        store = init_store(folder / "impp.db")
        try:
            rows.append(("store: SQLite (WAL, synchronous=FULL)", *store_run(store, plans)))
        finally:
            store.close()
    if args.postgres:
        from pgschema import scratch_schema

        with scratch_schema(args.postgres) as url:
            store = init_store(url)
            try:
                rows.append(("store: PostgreSQL", *store_run(store, plans)))
            finally:
                store.close()
    base_write, base_read = rows[0][1], rows[0][2]
    print(f"Carana plan, {args.commits} commits; medians")
    print(f"{'':40} {'commit/save':>12} {'ratio':>7} {'checkout/load':>14} {'ratio':>7}")
    for name, write, read in rows:
        print(f"{name:40} {write:9.1f} ms {write / base_write:6.2f}x "
              f"{read:11.1f} ms {read / base_read:6.2f}x")


if __name__ == "__main__":
    main()
