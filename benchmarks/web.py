"""The workspace under load: many planners reading and saving one plan at once.

Simulated users (threads, each its own session and token) against ``impp
serve``'s app in a separate Uvicorn process on localhost, for ``--seconds``:
each, after a pause to read (``--think`` seconds, uniform, seeded per user),
reads the plan's overview page and, every ``--save-every`` actions,
saves a change to the event it owns (``bench_uK``) through the API, starting
from the revision it read (so saves race: disjoint edits merge, and a save
that finds its parent stale is merged with the newer revision). Reported per
backend (SQLite, PostgreSQL): requests, errors (any 5xx or failed request:
target 0), lost updates (a user's last saved value missing from the final
revision: target 0), p50/p95 of the page and of a save (targets 200 ms and
500 ms), and how often the page showed the verdict rather than the analysis
still running.

Named baseline, in the same run: the command line a planner uses without the
workspace, a fresh process per action (``impp show carana --summary`` to
read, ``impp commit`` to save), on the same store; the ratio is its median
over the workspace's.

Run: ``.venv/bin/python benchmarks/web.py [--users 50] [--seconds 600]
[--backends sqlite,postgresql] [--postgres URL] [--workers N]`` (``--postgres`` defaults to
``IMPP_TEST_POSTGRES_URL``).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password"


@dataclass
class Tally:
    """What the users saw."""

    page: list[float] = field(default_factory=list)
    save: list[float] = field(default_factory=list)
    verdicts: int = 0
    computing: int = 0
    merged: int = 0
    conflicts: int = 0
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    saved: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup(url: str, users: int) -> dict[str, str]:
    """The store at ``url`` with Carana, the users and their events; their tokens."""
    sys.path.insert(0, str(ROOT / "src"))
    from impp.cli.serve_cmd import prepare
    from impp.io import load_plan_text
    from impp.io.yaml_io import dump_document
    from impp.store import commit, head, open_store
    from impp.store.users import USER_ENV, add_user, issue_token

    prepare(url)
    store = open_store(url)
    os.environ[USER_ENV] = "admin"
    tokens = {}
    for k in range(users):
        name = f"u{k}"
        add_user(store, name, ["member"], "strictly_confidential", password=PASSWORD)
        tokens[name] = issue_token(store, name)
    doc = head(store, "carana").document
    doc["events"] += [{"id": f"bench_{n}", "name": f"{n}: v0"} for n in tokens]
    commit(store, load_plan_text(dump_document(doc), "carana.yaml"), "Events of the benchmark",
           parent=head(store, "carana").id, name="carana")
    del os.environ[USER_ENV]
    store.close()
    return tokens


def user(base: str, name: str, token: str, deadline: float, save_every: int,
         think: tuple[float, float], tally: Tally) -> None:
    import random

    pause = random.Random(name)
    api = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=120) as client:
        page = client.get("/login")
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        r = client.post("/login", data={"name": name, "password": PASSWORD,
                                        "csrf": found.group(1) if found else ""})
        if r.status_code >= 400:
            tally.errors.append(f"{name}: sign-in {r.status_code}")
            return
        n = 0
        while time.monotonic() < deadline:
            n += 1
            time.sleep(pause.uniform(*think))
            try:
                if n % save_every:
                    start = time.perf_counter()
                    r = client.get("/plans/carana")
                    took = time.perf_counter() - start
                    with tally.lock:
                        tally.page.append(took)
                        if r.status_code != 200:
                            tally.errors.append(f"page {r.status_code}")
                        elif 'class="verdict"' in r.text:
                            tally.verdicts += 1
                        else:
                            tally.computing += 1
                    continue
                plan = client.get("/api/v1/plans/carana", headers=api).json()
                value = f"{name}: v{n}"
                text = re.sub(rf"name: '?{name}: v\d+'?", f"name: '{value}'", plan["yaml"])
                start = time.perf_counter()
                r = client.put("/api/v1/plans/carana", headers=api, json={
                    "parent": plan["revision"], "yaml": text, "message": f"{name} saves {n}"})
                took = time.perf_counter() - start
                with tally.lock:
                    tally.save.append(took)
                    if r.status_code == 201:
                        tally.saved[name] = value
                        if r.json()["merged_with"]:
                            tally.merged += 1
                    elif r.status_code == 409 and "both changed" in r.text:
                        tally.conflicts += 1
                    elif r.status_code == 409:
                        tally.busy += 1  # the head kept moving while the save merged
                    else:
                        tally.errors.append(f"save {r.status_code}: {r.text[:200]}")
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")


def serve(url: str, port: int, cache: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "IMPP_DATABASE_URL": url, "IMPP_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "impp.web.app:from_environment", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--timeout-keep-alive", "30", "--workers", str(workers)], env=env)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def lost_updates(base: str, token: str, tally: Tally) -> int:
    plan = httpx.get(f"{base}/api/v1/plans/carana",
                     headers={"Authorization": f"Bearer {token}"}, timeout=120).json()
    return sum(1 for value in tally.saved.values() if f"'{value}'" not in plan["yaml"])


def baseline(url: str, samples: int) -> tuple[float, float]:
    """Median seconds of a read and of a save from the command line, one process each."""
    env = {**os.environ, "IMPP_DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src"),
           "IMPP_USER": "u0"}
    impp = [sys.executable, "-m", "impp"]
    reads, saves = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(samples):
            start = time.perf_counter()
            subprocess.run([*impp, "show", "carana", "--summary"], env=env, check=True,
                           capture_output=True)
            reads.append(time.perf_counter() - start)
            out = Path(tmp) / f"carana-{i}.yaml"
            told = subprocess.run([*impp, "checkout", "carana", "--output", str(out)], env=env,
                                  check=True, capture_output=True, text=True).stdout
            parent = re.search(r"carana@(\w+)", told)
            text = re.sub(r"name: '?u0: [^'\n]+'?", f"name: 'u0: cli{i}'",
                          out.read_text(encoding="utf-8"))
            out.write_text(text, encoding="utf-8")
            parent = parent.group(1) if parent else ""
            start = time.perf_counter()
            subprocess.run([*impp, "commit", str(out), "-m", f"cli {i}", "--parent", parent,
                            "--plan", "carana"], env=env, check=True, capture_output=True)
            saves.append(time.perf_counter() - start)
    return statistics.median(reads), statistics.median(saves)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(backend: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    tokens = setup(url, args.users)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="impp-bench-cache-") as cache:
        proc = serve(url, port, Path(cache), args.workers)
        try:
            tally = Tally()
            deadline = time.monotonic() + args.seconds
            think = tuple(float(x) for x in args.think.split(","))
            threads = [threading.Thread(target=user, args=(base, n, t, deadline,
                                                           args.save_every, think, tally))
                       for n, t in tokens.items()]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            lost = lost_updates(base, tokens["u0"], tally)
        finally:
            proc.terminate()
            proc.wait(30)
    read_cli, save_cli = baseline(url, args.baseline_samples)
    return {"backend": backend, "tally": tally, "lost": lost, "read_cli": read_cli,
            "save_cli": save_cli}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--save-every", type=int, default=10)
    ap.add_argument("--think", default="1,3", help="Pause between actions: LOW,HIGH seconds.")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--postgres", default=os.environ.get("IMPP_TEST_POSTGRES_URL"))
    ap.add_argument("--baseline-samples", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1,
                    help="Uvicorn worker processes (more than one: PostgreSQL only).")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.users} users for {args.seconds:g} s,"
          f" a save every {args.save_every} actions, {args.think} s between actions, "
          f"{args.workers} server process{'es' if args.workers > 1 else ''}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="impp-bench-") as tmp:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                url = str(Path(tmp) / "impp.db")
            elif args.postgres:
                from pgschema import scratch_schema

                with scratch_schema(args.postgres) as url:
                    results.append(run(backend, url, args))
                continue
            else:
                print("postgresql: skipped (no --postgres and no IMPP_TEST_POSTGRES_URL)")
                continue
            results.append(run(backend, url, args))
    print("| backend | requests | errors | lost updates | page p50 | page p95 | save p50 | "
          "save p95 | merged | refused: same item | refused: busy | verdict shown | "
          "CLI read / page p50 | CLI save / save p50 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        t: Tally = r["tally"]
        shown = t.verdicts / max(t.verdicts + t.computing, 1)
        print(f"| {r['backend']} | {len(t.page) + len(t.save)} | {len(t.errors)} | {r['lost']} "
              f"| {pct(t.page, .5) * 1000:.0f} ms | {pct(t.page, .95) * 1000:.0f} ms "
              f"| {pct(t.save, .5) * 1000:.0f} ms | {pct(t.save, .95) * 1000:.0f} ms "
              f"| {t.merged} | {t.conflicts} | {t.busy} | {shown:.0%} "
              f"| {r['read_cli'] / max(pct(t.page, .5), 1e-9):.1f} "
              f"| {r['save_cli'] / max(pct(t.save, .5), 1e-9):.1f} |")
        for e in t.errors[:5]:
            print(f"  error: {e}")


if __name__ == "__main__":
    main()
