"""An exercise under load: the directing staff's console while ten syndicates plan.

The embedded Carana exercise with ``--syndicates`` syndicates of ``--members``
members, served by ``impp serve``'s app in a separate Uvicorn process on
localhost, for ``--seconds``. Each member (a thread with its own session and
token), after a pause to read (``--think`` seconds, uniform, seeded per
member), reads their syndicate's page or their plan's overview, and every
``--save-every`` actions saves a change to the event they own in their
syndicate's plan through the API, from the revision they read (members of one
syndicate race: disjoint edits merge). The directing staff (one thread) read
the console every ``--console-every`` seconds and deliver the MSEL's timed
injects one by one, spread over the run. Reported: requests, errors (any 5xx
or failed request: target 0), lost updates (a member's last saved value
missing from their plan at the end: target 0), p50/p95 of the console
(target p95 300 ms), of the syndicate page and of a save.

Named baseline, in the same run: the plan overview page (``/plans/NAME``, the
page a planner reads outside an exercise) read by the same members; the ratio
is the console's p95 over the overview's.

Run: ``.venv/bin/python benchmarks/exercise.py [--syndicates 10] [--members 5]
[--seconds 600] [--store URL]`` (default: a SQLite file in a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from web import free_port, pct, serve

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password"


@dataclass
class Tally:
    """What the members and the directing staff saw."""

    console: list[float] = field(default_factory=list)
    syndicate: list[float] = field(default_factory=list)
    overview: list[float] = field(default_factory=list)
    save: list[float] = field(default_factory=list)
    scored: int = 0
    injects: list[str] = field(default_factory=list)
    merged: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    saved: dict[str, tuple[str, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def setup(url: str, syndicates: int, members: int) -> tuple[dict[str, tuple[str, str]], str]:
    """The store at ``url`` with the exercise ``bench``, its people and their events;
    each member's (token, plan) and the trainer's token. Analyses computed first."""
    sys.path.insert(0, str(ROOT / "src"))
    from impp.exercise import service
    from impp.exercise.loader import carana_exercise_path, load_exercise
    from impp.exercise.model import Syndicate
    from impp.io.yaml_io import load_plan_document
    from impp.store import commit, head, init_store
    from impp.store.summaries import stored_summary
    from impp.store.users import USER_ENV, add_user, get_user, issue_token, set_password

    store = init_store(url)
    add_user(store, "admin", ["admin"], "strictly_confidential", password=PASSWORD)
    os.environ[USER_ENV] = "admin"
    loaded = load_exercise(carana_exercise_path())
    words = service.resized(loaded.exercise, syndicates).syndicates
    exercise = loaded.exercise.model_copy(update={"syndicates": tuple(
        Syndicate(id=s.id, name=s.name, members=tuple(f"{s.id}-{i}"
                                                      for i in range(1, members + 1)))
        for s in words)})
    created = service.create(store, "bench", type(loaded)(exercise, loaded.file,
                                                           loaded.scenario, loaded.solution))
    people: dict[str, tuple[str, str]] = {}
    for person in created.passwords:
        set_password(store, person, PASSWORD, actor=get_user(store, person))
    for sid, plan in created.exercise.plans.items():
        mine = [u for u, s in created.exercise.members.items() if s == sid]
        doc = head(store, plan).document
        doc["events"] += [{"id": f"bench_{m.replace('-', '_')}", "name": f"{m}: v0"}
                          for m in mine]
        commit(store, load_plan_document(doc, f"{plan}.yaml"), "Events of the benchmark",
               parent=head(store, plan).id, name=plan)
        for m in mine:
            people[m] = (issue_token(store, m), plan)
    trainer = issue_token(store, "ds-lead")
    del os.environ[USER_ENV]
    print(f"analysing {len(created.exercise.plans) + 1} plans first", flush=True)
    for plan in [*created.exercise.plans.values(), created.exercise.solution_plan]:
        stored_summary(store, head(store, plan).plan_object())
    store.close()
    return people, trainer


def _sign_in(client: httpx.Client, name: str) -> bool:
    page = client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    r = client.post("/login", data={"name": name, "password": PASSWORD,
                                    "csrf": found.group(1) if found else ""})
    return r.status_code < 400


def member(base: str, name: str, token: str, plan: str, deadline: float, args: Any,
           tally: Tally) -> None:
    pause = random.Random(name)
    think = tuple(float(x) for x in args.think.split(","))
    api = {"Authorization": f"Bearer {token}"}
    event = f"bench_{name.replace('-', '_')}"
    with httpx.Client(base_url=base, timeout=120) as client:
        if not _sign_in(client, name):
            tally.errors.append(f"{name}: sign-in")
            return
        n = 0
        while time.monotonic() < deadline:
            n += 1
            time.sleep(pause.uniform(*think))
            try:
                if n % args.save_every:
                    path, kept = ((f"/plans/{plan}", tally.overview) if n % 2
                                  else ("/exercises/bench", tally.syndicate))
                    start = time.perf_counter()
                    r = client.get(path)
                    took = time.perf_counter() - start
                    with tally.lock:
                        kept.append(took)
                        if r.status_code != 200:
                            tally.errors.append(f"{path} {r.status_code}")
                    continue
                got = client.get(f"/api/v1/plans/{plan}", headers=api).json()
                value = f"{name}: v{n}"
                text = re.sub(rf"(id: {event}\n\s+name: )'?[^'\n]+'?", rf"\g<1>'{value}'",
                              got["yaml"])
                start = time.perf_counter()
                r = client.put(f"/api/v1/plans/{plan}", headers=api, json={
                    "parent": got["revision"], "yaml": text, "message": f"{name} saves {n}"})
                took = time.perf_counter() - start
                with tally.lock:
                    tally.save.append(took)
                    if r.status_code == 201:
                        tally.saved[name] = (plan, value)
                        tally.merged += bool(r.json()["merged_with"])
                    elif r.status_code == 409:
                        tally.refused += 1
                    else:
                        tally.errors.append(f"save {r.status_code}: {r.text[:200]}")
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")


def directing_staff(base: str, deadline: float, args: Any, tally: Tally) -> None:
    timed = ["I01", "I02", "I03", "I04", "I05", "I06", "I07"]
    every = args.seconds / (len(timed) + 1)
    next_inject = time.monotonic() + every
    with httpx.Client(base_url=base, timeout=120) as client:
        if not _sign_in(client, "ds-lead"):
            tally.errors.append("ds-lead: sign-in")
            return
        while time.monotonic() < deadline:
            time.sleep(args.console_every)
            try:
                start = time.perf_counter()
                r = client.get("/exercises/bench")
                took = time.perf_counter() - start
                with tally.lock:
                    tally.console.append(took)
                    if r.status_code != 200:
                        tally.errors.append(f"console {r.status_code}")
                    tally.scored += "Score <strong>" in r.text
                if timed and time.monotonic() >= next_inject:
                    csrf = re.search(r'name="csrf" value="([^"]+)"', r.text)
                    inject = timed.pop(0)
                    r = client.post("/exercises/bench/inject", data={
                        "csrf": csrf.group(1) if csrf else "", "inject": inject})
                    with tally.lock:
                        tally.injects.append(inject)
                        if r.status_code >= 400:
                            tally.errors.append(f"inject {inject} {r.status_code}")
                    next_inject += every
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"console {type(exc).__name__}: {exc}")


def lost_updates(base: str, people: dict[str, tuple[str, str]], tally: Tally) -> int:
    lost = 0
    for name, (plan, value) in tally.saved.items():
        token = people[name][0]
        got = httpx.get(f"{base}/api/v1/plans/{plan}",
                        headers={"Authorization": f"Bearer {token}"}, timeout=120).json()
        lost += f"'{value}'" not in got["yaml"]
    return lost


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--syndicates", type=int, default=10)
    ap.add_argument("--members", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--save-every", type=int, default=6)
    ap.add_argument("--think", default="2,6", help="Pause between actions: LOW,HIGH seconds.")
    ap.add_argument("--console-every", type=float, default=3.0)
    ap.add_argument("--store", default=None, help="A store URL [default: a new SQLite file].")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.syndicates} syndicates of "
          f"{args.members} for {args.seconds:g} s, a save every {args.save_every} actions, "
          f"{args.think} s between actions, the console every {args.console_every:g} s",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="impp-bench-") as tmp:
        url = args.store or str(Path(tmp) / "impp.db")
        cache = Path(tmp) / "cache"
        os.environ["IMPP_CACHE_DIR"] = str(cache)
        people, _ = setup(url, args.syndicates, args.members)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = serve(url, port, cache)
        tally = Tally()
        try:
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=member, args=(base, n, t, p, deadline, args,
                                                             tally))
                       for n, (t, p) in people.items()]
            threads.append(threading.Thread(target=directing_staff,
                                            args=(base, deadline, args, tally)))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            lost = lost_updates(base, people, tally)
        finally:
            proc.terminate()
            proc.wait(30)
    requests = len(tally.console) + len(tally.syndicate) + len(tally.overview) + len(tally.save)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    print("| requests | errors | lost updates | console p50 | console p95 | syndicate page p95 "
          "| save p50 | save p95 | overview p95 (baseline) | console p95 / overview p95 "
          "| consoles with scores | injects |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {requests} | {len(tally.errors)} | {lost} "
          f"| {pct(tally.console, .5) * 1000:.0f} ms | {pct(tally.console, .95) * 1000:.0f} ms "
          f"| {pct(tally.syndicate, .95) * 1000:.0f} ms "
          f"| {pct(tally.save, .5) * 1000:.0f} ms | {pct(tally.save, .95) * 1000:.0f} ms "
          f"| {pct(tally.overview, .95) * 1000:.0f} ms "
          f"| {pct(tally.console, .95) / max(pct(tally.overview, .95), 1e-9):.2f} "
          f"| {tally.scored} of {len(tally.console)} | {len(tally.injects)} |")
    for e in tally.errors[:8]:
        print(f"  error: {e}")


if __name__ == "__main__":
    main()
