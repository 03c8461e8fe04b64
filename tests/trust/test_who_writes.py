"""Who may write what: every write of monitoring data goes through the one write rule
(a person of the store, a role that edits plans, cleared to what is written), never the
login name; a hint never names a withheld item. Each test fails on the code before it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.io import load_plan
from impp.io.yaml_io import dump_document
from impp.scenarios import carana_path

SECRET_INDICATOR = "ind_rights_violations"
SECRET_TASK = "ddr_programme"


def run(*args: str, user: str | None = None, code: int = 0) -> Result:
    env = {"IMPP_USER": user} if user else {}
    result = CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def store(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Carana with one strictly confidential indicator and task, in a store with people:
    an administrator, a member cleared to unclassified, an observer."""
    monkeypatch.delenv("IMPP_USER", raising=False)
    s = ("--store", store_url)
    run("store", "init", *s)
    run("user", "add", "root", "--role", "admin", "--clearance", "strictly_confidential", *s)
    for name, role in (("ben", "member"), ("olga", "observer")):
        run("user", "add", name, "--role", role, "--clearance", "unclassified", *s,
            user="root")
    doc = load_plan(carana_path()).to_document()
    for section, wanted in (("indicators", SECRET_INDICATOR), ("tasks", SECRET_TASK)):
        for item in doc[section]:
            if item["id"] == wanted:
                item["sensitivity"] = "strictly_confidential"
    plan = tmp_path / "carana.yaml"
    plan.write_text(dump_document(doc), encoding="utf-8")
    run("commit", str(plan), "-m", "Carana, marked", *s, user="root")
    return s


def data(tmp_path: Path, indicator: str) -> Path:
    f = tmp_path / "data.csv"
    f.write_text(f"indicator,period,value\n{indicator},2027Q1,3\n", encoding="utf-8")
    return f


def test_an_observer_may_not_import_data(store: tuple[str, str], tmp_path: Path) -> None:
    out = run("import-data", "carana", str(data(tmp_path, "ind_ceasefire_violations")),
              *store, user="olga", code=2)
    assert "olga (observer) may not import monitoring data" in out.output


def test_a_person_unknown_to_the_store_may_not(store: tuple[str, str], tmp_path: Path) -> None:
    out = run("import-data", "carana", "--example", *store, user="ghost_nobody", code=2)
    assert "ghost_nobody is not a user of the store" in out.output


def test_no_login_name_stands_in_for_a_person(store: tuple[str, str], tmp_path: Path) -> None:
    out = run("import-data", "carana", "--example", *store, code=2)
    assert "set IMPP_USER" in out.output
    records = json.loads(run("log", "carana", "--audit", "--format", "json", *store,
                             user="root").stdout)
    assert not [r for r in records if r["action"] == "impp.observations.imported"]


def test_data_of_a_withheld_indicator_are_refused_and_no_hint_names_it(
        store: tuple[str, str], tmp_path: Path) -> None:
    out = run("import-data", "carana", str(data(tmp_path, SECRET_INDICATOR)), *store,
              user="ben", code=2)
    assert "nothing is stored" in out.output or "nothing was stored" in out.output
    misspelt = run("import-data", "carana", str(data(tmp_path, "ind_rights_violation")),
                   *store, user="ben", code=2)
    assert SECRET_INDICATOR not in misspelt.output
    # the same file from someone cleared to it goes in
    assert "1 added" in run("import-data", "carana", str(data(tmp_path, SECRET_INDICATOR)),
                            *store, user="root").stdout


def test_progress_of_a_withheld_task_is_refused(store: tuple[str, str], tmp_path: Path) -> None:
    f = tmp_path / "progress.csv"
    f.write_text(f"task,started,percent\n{SECRET_TASK},2026-09-01,10\n", encoding="utf-8")
    out = run("import-data", "carana", str(f), *store, user="ben", code=2)
    # as they see the plan, there is no such task: its progress is refused, unnamed by hints
    assert f"no task '{SECRET_TASK}' in the plan" in out.output
    f2 = tmp_path / "progress2.csv"
    f2.write_text("task,started,percent\ntam,2026-06-20,100\n", encoding="utf-8")
    assert "Progress of 1 task" in run("import-data", "carana", str(f2), *store,
                                       user="ben").stdout


def test_the_store_level_rule_holds_without_the_command(store_url: str, store: tuple[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller that skips the command's check still meets the store's."""
    from impp.monitoring.observations import Observation
    from impp.monitoring.periods import parse_period
    from impp.monitoring.store import save_observations
    from impp.store import open_store
    from impp.store.users import PermissionDeniedError

    opened = open_store(store_url)
    try:
        obs = Observation(SECRET_INDICATOR, parse_period("2027Q1"), 3.0, row=2)
        with pytest.raises(PermissionDeniedError, match="cleared to unclassified"):
            save_observations(opened, "carana", [obs], file="x.csv", actor="ben")
        with pytest.raises(PermissionDeniedError, match="not a user of the store"):
            save_observations(opened, "carana", [obs], file="x.csv", actor="mallory")
    finally:
        opened.close()
