"""Processes committing at once lose nothing; a process killed mid-commit loses nothing."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from impp.store import Store, commit, get_revision, log, open_store
from tests.store.workers import plan

WORKERS = Path(__file__).with_name("workers.py")


def _start(*args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(WORKERS), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr
    return proc


def _assert_linear(store: Store, name: str) -> list[str]:
    """The plan's history is one chain from the first revision to the head."""
    revisions = log(store, name)
    assert [r.number for r in revisions] == list(range(len(revisions), 0, -1))
    for newer, older in itertools.pairwise(revisions):
        assert newer.parent == older.id
    assert revisions[-1].parent is None
    return [r.id for r in revisions]


def test_concurrent_committers_lose_nothing(store_url: str, store: Store) -> None:
    first = commit(store, plan("race", "start"), "start", author="test")
    workers, per_worker = 3, 4
    procs = [_start("race", store_url, f"w{i}", str(per_worker)) for i in range(workers)]
    for proc in procs:  # all open and waiting: let them commit at once
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(out.split("\n"))
    landed = [line.split()[1] for out in outputs for line in out if line.startswith("landed")]

    assert len(landed) == workers * per_worker
    history = _assert_linear(store, "race")
    # Every commit a worker was told landed is in the history, and nothing else is.
    assert sorted(history) == sorted([*landed, first.id])
    notes = {get_revision(store, f"race@{rid}").plan_object().mission.mandate
             for rid in landed}
    assert notes == {f"w{w}-{i}" for w in range(workers) for i in range(per_worker)}


@pytest.mark.slow
def test_killed_mid_commit_store_opens_with_last_commit_intact(store_url: str,
                                                               store: Store) -> None:
    commit(store, plan("loop", "start"), "start", author="test")
    rng = random.Random(20260601)
    for _ in range(5):
        proc = _start("loop", store_url)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        landed = [line.split()[1] for line in out.split("\n") if line.startswith("landed")]

        reopened = open_store(store_url)
        try:
            history = _assert_linear(reopened, "loop")
            assert set(landed) <= set(history)
            newest = get_revision(reopened, "loop")
            # plan_object() validates the document and checks its content hash.
            assert newest.plan_object().content_hash() == newest.content_hash
            if reopened.dialect == "sqlite":
                with reopened.engine.connect() as conn:
                    assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        finally:
            reopened.close()
