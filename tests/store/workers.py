"""Committers run as separate processes by the concurrency and durability tests.

``python workers.py race STORE WORKER N``: commit N edits of plan ``race``,
each started from the newest revision; when refused as stale, read the new
head and try again. Prints ``ready`` once the store is open and waits for a
line on stdin (so that every worker starts at once), then prints ``landed ID``
after each commit returns and ``refused`` after each refusal.

``python workers.py loop STORE``: commit edits of plan ``loop`` one after the
other until killed. Prints ``ready`` once the store is open, then ``landed
ID`` after each commit returns (so every printed id must survive a kill).
"""

from __future__ import annotations

import sys

from impp.exceptions import StaleRevisionError
from impp.model import Mission, Plan
from impp.store import commit, get_revision, open_store


def plan(name: str, note: str) -> Plan:
    """A small plan whose content differs with ``note``."""
    return Plan(mission=Mission(id=name, name=f"Mission {name}", mandate=note))


def race(location: str, worker: str, count: int) -> None:
    store = open_store(location)
    print("ready", flush=True)
    sys.stdin.readline()
    done = 0
    while done < count:
        parent = get_revision(store, "race").id
        try:
            rev = commit(store, plan("race", f"{worker}-{done}"), f"edit {worker}-{done}",
                         author=worker, parent=parent)
        except StaleRevisionError:
            print("refused", flush=True)
            continue
        print(f"landed {rev.id}", flush=True)
        done += 1
    store.close()


def loop(location: str) -> None:
    store = open_store(location)
    print("ready", flush=True)
    i = 0
    while True:
        parent = get_revision(store, "loop").id
        rev = commit(store, plan("loop", f"edit {i}" + "x" * (i % 500)), f"edit {i}",
                     author="loop", parent=parent)
        print(f"landed {rev.id}", flush=True)
        i += 1


if __name__ == "__main__":
    if sys.argv[1] == "race":
        race(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        loop(sys.argv[2])
