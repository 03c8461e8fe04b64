"""Plan against actual for the activities' tasks: the file's bad rows, the verdicts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.io import load_plan, load_plan_text
from impp.monitoring import example
from impp.monitoring.actuals import TaskActual, plan_against_actual, read_actuals
from impp.monitoring.observations import ObservationError
from impp.scenarios import carana_path

PLAN = """
mission: {id: m, name: M}
events: [{id: start, name: Start, date: 2027-01-01}, {id: end, name: End}]
tasks:
  - {id: a, name: A, duration: 10}
  - {id: b, name: B, duration: 10, after: [a]}
  - {id: c, name: C, duration: 5}
constraints:
  - {id: done, name: Done, from: start, to: end, max_days: 30}
activities:
  - {id: act_a, name: Do A, task: a}
  - {id: act_b, name: Do B, task: b}
  - {id: act_c, name: Do C, task: c}
"""


def test_the_verdicts_by_hand() -> None:
    plan = load_plan_text(PLAN)
    got = plan_against_actual(plan, [
        TaskActual("a", dt.date(2027, 1, 1), dt.date(2027, 1, 13)),  # 2 days late
        TaskActual("c", dt.date(2027, 1, 1), None, 40.0),
    ], dt.date(2027, 1, 20))
    rows = {r["task"]: r for r in got["tasks"]}
    assert rows["a"]["planned_finish"] == "2027-01-11" and rows["a"]["slip_days"] == 2
    assert rows["a"]["verdict"] == "late beyond its float" and rows["a"]["float_days"] == 0
    assert rows["b"]["verdict"] == "not started"  # planned from 11 January
    assert rows["c"]["verdict"] == "overdue" and rows["c"]["slip_days"] == 14
    early = plan_against_actual(plan, [], dt.date(2026, 12, 1))
    assert {r["verdict"] for r in early["tasks"]} == {"not yet due"}


def test_a_bad_progress_file_is_located(tmp_path: Path) -> None:
    plan = load_plan(carana_path())
    path = tmp_path / "progress.csv"
    path.write_text("\n".join([
        "task,started,finished,percent",
        "tam,2026-06-20,2026-07-01,",
        "tamm,2026-06-20,,",
        "isf,soon,,",
        "isf,2026-09-15,2026-09-01,",
        "ddr_programme,2026-09-01,,150",
        "tam,2026-06-21,,",
        "hq_establishment,,,",
    ]), encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        read_actuals(plan, path)
    found = [p.render() for p in info.value.problems]
    expected = [
        "row 3, column task: no task 'tamm' in the plan (did you mean 'tam'?)",
        "row 4, column started: 'soon' is not a date",
        "row 5, column finished: 2026-09-01 is before the start (2026-09-15)",
        "row 6, column percent: '150' is not a percentage from 0 to 100",
        "row 7, column task: tam is reported twice (also row 2)",
        "row 8, column started: empty",
    ]
    assert len(found) == len(expected), found
    for line, want in zip(found, expected, strict=True):
        assert line.startswith(f"{path}: {want}"), (line, want)


def test_the_example_progress_file_is_what_the_generator_writes() -> None:
    assert example.actuals_path().read_text(encoding="utf-8") == example.actuals_text()
    assert len(read_actuals(load_plan(carana_path()), example.actuals_path())) == \
        len(example.ACTUALS)


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_monitor_tasks_on_carana(store_url: str, tmp_path: Path) -> None:
    s = ("--store", store_url)
    run("store", "init", *s)
    run("commit", "-m", "Carana", *s)
    assert "Progress of 14 tasks recorded" in run("import-data", "carana", "--example",
                                                   *s).stdout
    data = json.loads(run("monitor", "carana", "--tasks", "--format", "json", *s).stdout)
    rows = {r["task"]: r for r in data["tasks"]}
    assert data["status_date"] == "2027-02-20"
    assert rows["ceasefire"]["verdict"] == "on time"
    assert rows["hq_establishment"]["slip_days"] == 7
    assert rows["hq_establishment"]["verdict"] == "late beyond its float"
    assert rows["ddr_programme"]["verdict"] == "in progress"
    text = run("monitor", "carana", "--tasks", *s).stdout
    assert "Plan against actual on 2027-02-20" in text
    # a later report replaces the task's earlier one; a bad one stores nothing
    later = tmp_path / "later.csv"
    later.write_text("task,started,finished\nddr_programme,2026-09-01,2027-04-01\n"
                     "isf,2026-09-15,never\n", encoding="utf-8")
    assert "row 3, column finished" in run("import-data", "carana", str(later), *s,
                                           code=2).output
    later.write_text("task,started,finished\nddr_programme,2026-09-01,2027-04-01\n",
                     encoding="utf-8")
    run("import-data", "carana", str(later), *s)
    rows = {r["task"]: r for r in json.loads(run(
        "monitor", "carana", "--tasks", "--format", "json", *s).stdout)["tasks"]}
    assert rows["ddr_programme"]["verdict"] == "on time"
    assert rows["isf"]["percent"] == 70  # untouched
