"""`impp exercise inject` killed (kill -9) at random moments of its delivery: afterwards
each syndicate has the inject once or not at all, never half (a delivery without its
revision, a revision without its delivery), and delivering it again completes it once.
IMPP_KILL_TRIALS sets the number of trials (4 in the suite)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from impp.exercise import service
from impp.exercise.loader import carana_exercise_path, load_exercise
from impp.store import init_store, log, open_store
from impp.store.users import USER_ENV


def _state(db: Path) -> dict[str, tuple[int, int]]:
    """Per syndicate: deliveries of I02, revisions by exercise control after the first."""
    store = open_store(db)
    try:
        delivered = {d.syndicate for d in service.deliveries(store, "course")
                     if d.inject == "I02"}
        out = {}
        for sid, plan in service.get(store, "course").plans.items():
            made = [r for r in log(store, plan) if r.message.startswith("Inject I02")]
            out[sid] = (int(sid in delivered), len(made))
        return out
    finally:
        store.close()


def test_a_killed_delivery_is_whole_or_absent(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    db = tmp_path / "course.db"
    store = init_store(db)
    service.create(store, "course", load_exercise(carana_exercise_path()))
    store.close()
    env = {**os.environ, "IMPP_USER": "ds-lead", "IMPP_SOLVER_PROCESS": "0"}
    command = [sys.executable, "-m", "impp", "exercise", "inject", "course", "I02",
               "--store", str(db)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)  # how long a whole one takes
    whole = time.perf_counter() - started
    assert set(_state(db).values()) == {(1, 1)}
    chance = random.Random(7)
    for trial in range(int(os.environ.get("IMPP_KILL_TRIALS", "4"))):
        trial_db = tmp_path / f"trial-{trial}.db"
        store = init_store(trial_db)
        service.create(store, "course", load_exercise(carana_exercise_path()))
        store.close()
        proc = subprocess.Popen([*command[:-1], str(trial_db)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.3, 1.0) * whole)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for delivered, revisions in _state(trial_db).values():
            assert (delivered, revisions) in ((0, 0), (1, 1))  # whole or absent
        subprocess.run([*command[:-1], str(trial_db)], env=env, check=True,
                       capture_output=True)
        assert set(_state(trial_db).values()) == {(1, 1)}  # once, after the retry
