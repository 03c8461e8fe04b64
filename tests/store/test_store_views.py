"""Read-only store commands answer from a kept view while the store is unchanged."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.store.location import sqlite_path, sqlite_state


def run(*args: str) -> Result:
    result = CliRunner(env={"IMPP_AUTHOR": "ana"}).invoke(main, list(args),
                                                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IMPP_CACHE_DIR", str(folder))
    return folder


def test_every_write_changes_the_state_and_the_answer(store_url: str, cache_dir: Path,
                                                      tmp_path: Path) -> None:
    s = ("--store", store_url)
    run("store", "init", *s)
    first = json.loads(run("commit", "-m", "Directive", *s, "--format", "json").stdout)
    log1 = json.loads(run("log", "carana", "--format", "json", *s).stdout)
    assert json.loads(run("log", "carana", "--format", "json", *s).stdout) == log1
    edit = tmp_path / "carana.yaml"
    run("checkout", "carana", "-o", str(edit), *s)
    edit.write_text(edit.read_text(encoding="utf-8").replace(
        "max_days: 14.0\n", "max_days: 10.0\n"), encoding="utf-8")
    run("commit", str(edit), "-m", "TAM in 10 days", "--parent", first["id"], *s)
    log2 = json.loads(run("log", "carana", "--format", "json", *s).stdout)
    assert [r["message"] for r in log2] == ["TAM in 10 days", "Directive"]
    shown = run("show", "carana", *s).stdout
    assert "max_days: 10.0" in shown and "(revision 2)" in shown
    status = json.loads(run("status", "carana", "--format", "json", *s).stdout)
    assert status["head"]["number"] == 2
    audit = run("log", "carana", "--audit", *s).stdout
    assert "impp.revision.committed" in audit
    kept = list(cache_dir.glob("analysis-*.pickle"))
    if sqlite_path(store_url) is not None:
        assert kept  # SQLite: the answers were kept ...
    else:
        assert kept == []  # ... a server is always asked


def test_the_state_sees_a_write_through_the_log_and_after_a_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x INTEGER)")
    seen = {sqlite_state(db)}
    for n in range(3):  # the log grows while the writer keeps it open
        writer.execute("INSERT INTO t VALUES (?)", (n,))
        seen.add(sqlite_state(db))
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seen.add(sqlite_state(db))
    writer.execute("INSERT INTO t VALUES (9)")  # the log starts again
    seen.add(sqlite_state(db))
    writer.close()  # the last connection folds the log into the file
    seen.add(sqlite_state(db))
    assert None not in seen and len(seen) == 7
    assert sqlite_state(db) == sqlite_state(db)
    assert sqlite_state(tmp_path / "none.db") is None
    assert sqlite_state("postgresql://planner@db/impp") is None


def test_a_kept_log_needs_neither_sqlalchemy_nor_the_plan_model(tmp_path: Path) -> None:
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache"),
           "IMPP_DATABASE_URL": str(tmp_path / "impp.db"), "IMPP_AUTHOR": "ana"}
    for args in (["store", "init"], ["commit", "-m", "Carana"]):
        subprocess.run([sys.executable, "-m", "impp", *args], check=True, env=env,
                       capture_output=True, timeout=600)
    code = ("import sys\nfrom impp.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('sqlalchemy', 'impp.model') "
            "if m in sys.modules), file=sys.stderr)\n")
    for args in (["log", "carana"], ["status", "carana"], ["show", "carana"]):
        cold = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=600, env=env)
        warm = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=600, env=env)
        assert "'sqlalchemy'" in cold.stderr, cold.stderr[-300:]
        assert "LOADED []" in warm.stderr, warm.stderr[-300:]
        assert warm.stdout == cold.stdout and "carana" in warm.stdout
