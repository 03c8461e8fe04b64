"""`impp serve` killed (kill -9) in the middle of saves through the API: the store passes
its integrity check, its history is one chain, every save the server acknowledged (201)
is in it, and no revision is half-written. IMPP_KILL_TRIALS sets the number of trials
(5 in the suite; the README's figure is of 30)."""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from impp.store import get_revision, log, open_store


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "IMPP_SOLVER_PROCESS": "0"}
    env.pop("IMPP_USER", None)
    return subprocess.Popen([sys.executable, "-m", "impp", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--store", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _call(method: str, url: str, headers: dict[str, str], body: object = None,
          timeout: float = 30) -> tuple[int, Any]:
    """One request (the standard library's client): status and JSON body."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        **headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


def _wait(url: str, headers: dict[str, str], proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise AssertionError("the server ended before it listened")
        try:
            if _call("GET", url, headers, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.mark.slow
def test_a_server_killed_mid_save_loses_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.cli.serve_cmd import prepare
    from impp.store.users import USER_ENV, issue_token

    db = tmp_path / "impp.db"
    monkeypatch.delenv(USER_ENV, raising=False)
    prepare(str(db))  # the administrator and Carana, as on a first start
    store = open_store(str(db))
    monkeypatch.setenv(USER_ENV, "admin")
    headers = {"Authorization": f"Bearer {issue_token(store, 'admin')}"}
    store.close()
    rng = random.Random(20261207)
    acknowledged: list[str] = []
    trials = int(os.environ.get("IMPP_KILL_TRIALS", "5"))
    for trial in range(trials):
        port = _port()
        base = f"http://127.0.0.1:{port}/api/v1/plans/carana"
        proc = _serve(db, port)
        try:
            _wait(base, headers, proc)
            killer = threading.Timer(rng.uniform(0.2, 1.5),
                                     lambda p=proc: os.kill(p.pid, signal.SIGKILL))
            killer.start()
            for n in itertools.count():
                try:
                    _, current = _call("GET", base, headers, timeout=10)
                    yaml = current["yaml"].replace(
                        "mandate: ", f"mandate: trial {trial} save {n}; ", 1)
                    status, saved = _call("PUT", base, headers, {
                        "parent": current["revision"], "yaml": yaml,
                        "message": f"trial {trial} save {n}"})
                except (OSError, ValueError, TypeError):
                    break  # killed
                if status == 201:
                    acknowledged.append(saved["revision"])
            killer.join()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
        reopened = open_store(str(db))
        try:
            with reopened.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            revisions = log(reopened, "carana")
            assert [r.number for r in revisions] == list(range(len(revisions), 0, -1))
            for newer, older in itertools.pairwise(revisions):
                assert newer.parent == older.id
            assert set(acknowledged) <= {r.id for r in revisions}
            head = get_revision(reopened, "carana")
            # plan_object() validates the document and checks its content hash
            assert head.plan_object().content_hash() == head.content_hash
        finally:
            reopened.close()
    assert len(set(acknowledged)) >= trials  # saves did land between the kills
    final = open_store(str(db))
    try:
        # a save killed after its commit and before its answer is there too, whole
        assert len(log(final, "carana")) >= len(set(acknowledged)) + 1
    finally:
        final.close()
