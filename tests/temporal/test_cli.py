"""`impp timeline` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def impp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "impp", *args], capture_output=True,
                          text=True, check=False)


def test_timeline_json_on_carana(tmp_path: Path) -> None:
    r = impp("timeline", "--format", "json", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["consistent"] is True and data["conflict"] == []
    assert data["events"]["tam.start"]["earliest"] == 18
    assert data["events"]["tam.start"]["date"] == "2026-06-19"
    assert data["criteria"]["tam_within_14"]["met"] is False
    assert data["criteria"]["tam_within_14"]["margin_days"] == -4
    assert (tmp_path / "timeline.png").exists() and (tmp_path / "timeline.svg").exists()


def test_timeline_table_names_the_missed_criterion(tmp_path: Path) -> None:
    r = impp("timeline", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "Critical path: draft_mission_plan -> tam" in r.stdout
    assert "tam_within_14" in r.stdout and "(dmp_week_before_tam)" in r.stdout


CONFLICT = """\
mission: {id: m, name: M, reference_event: a}
events: [{id: a, name: A, date: 2026-01-01}, {id: b, name: B}]
constraints:
  - {id: soon, name: B within 5 days, from: a, to: b, max_days: 5, source: "Doc §1"}
  - {id: late, name: B after 9 days, from: a, to: b, min_days: 9, source: "Doc §2"}
"""


def test_conflict_gives_status_1_and_the_cycle(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(CONFLICT, encoding="utf-8")
    r = impp("timeline", str(plan), "--format", "json", "--out", str(tmp_path))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["consistent"] is False and data["conflict"] == ["soon", "late"]
    assert data["explanation"]["days"] == 4
    r = impp("timeline", str(plan), "--out", str(tmp_path))
    assert "cannot all hold" in r.stdout and "raise max_days of soon from 5 to 9" in r.stdout


def test_bad_file_and_unwritable_out(tmp_path: Path) -> None:
    r = impp("timeline", str(tmp_path / "missing.yaml"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = impp("timeline", "--out", str(blocker / "sub"))
    assert r.returncode == 2 and "cannot write the chart" in r.stderr
    assert "Traceback" not in r.stderr
