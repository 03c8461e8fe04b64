"""The solver's process gives the analysis it would have given in the command's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

SCRIPT = """
import json, os, signal, sys
from impp.deploy import worker
w = worker.start() if sys.argv[1] != "here" else None
if sys.argv[1] != "here":
    assert w is not None, "no process forked"
from impp.io import load_plan
from impp.plan_analysis import analyse
from impp.scenarios import carana_path
from impp.summary import project
plan = load_plan(carana_path())
if sys.argv[1] == "killed":
    os.kill(w.pid, signal.SIGKILL)
    os.waitpid(w.pid, 0)
a = analyse(plan, cache=False)
print(json.dumps({"solved": w.solved if w else None, "alive": w.alive if w else None,
                  "summary": project(plan, a)}, default=str))
"""

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _run(mode: str) -> dict[str, Any]:
    env = {**os.environ, "IMPP_SOLVER_PROCESS": "1"}
    r = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                       env=env, check=False)
    assert r.returncode == 0, r.stderr
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def test_the_solver_process_gives_the_same_analysis() -> None:
    here, served = _run("here"), _run("served")
    assert served["solved"] == 6  # the lift schedule and five what-if rows, all there
    assert served["alive"] is True
    assert _without_timings(served["summary"]) == _without_timings(here["summary"])
    assert served["summary"]["deployment"]["milestones"]["foc"]["days"] == 79


def test_a_solver_process_gone_leaves_the_work_to_the_command() -> None:
    here, killed = _run("here"), _run("killed")
    assert killed["solved"] == 0 and killed["alive"] is False
    assert _without_timings(killed["summary"]) == _without_timings(here["summary"])


def test_a_busy_process_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from impp.deploy import worker

    monkeypatch.setenv("IMPP_SOLVER_PROCESS", "1")
    monkeypatch.setattr(worker, "_current", None)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert worker.start() is None and worker.runner() is None
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv("IMPP_SOLVER_PROCESS", "0")
    assert worker.start() is None
