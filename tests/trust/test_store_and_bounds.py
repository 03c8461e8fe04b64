"""The store file is private, every command knows who acts, and a plan that validates
always analyses: bounded numbers and spans, with errors in planners' words."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.exceptions import PlanFileError
from impp.io import load_plan_text
from impp.io.yaml_io import load_plan_document


def run(*args: str, user: str | None = None, code: int = 0) -> Result:
    result = CliRunner(env={"IMPP_USER": user} if user else {}).invoke(
        main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_side_files_are_readable_by_their_owner_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.io import load_plan
    from impp.scenarios import carana_path
    from impp.store import commit, open_store

    monkeypatch.delenv("IMPP_USER", raising=False)
    db = tmp_path / "impp.db"
    out = run("store", "init", "--store", str(db)).stdout
    assert "readable by their owner only (mode 0600)" in out
    assert mode(db) == 0o600
    store = open_store(str(db))
    try:  # while it is open, SQLite's write-ahead log and shared memory exist
        commit(store, load_plan(carana_path()), "Carana")
        for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert side.exists() and mode(side) == 0o600, side
    finally:
        store.close()


def test_a_store_left_open_to_others_is_narrowed(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    db = tmp_path / "impp.db"
    run("store", "init", "--store", str(db))
    db.chmod(0o644)
    run("commit", "-m", "Carana", "--store", str(db))
    assert mode(db) == 0o600


@pytest.mark.parametrize("command", [["status", "carana"], ["log", "carana"],
                                     ["log", "carana", "--audit"], ["show", "carana"]])
def test_every_store_command_refuses_a_person_it_does_not_know(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    s = ("--store", str(tmp_path / "impp.db"))
    run("store", "init", *s)
    run("user", "add", "root", "--role", "admin", "--clearance", "strictly_confidential", *s)
    run("commit", "-m", "Carana", *s, user="root")
    out = run(*command, *s, user="ghost_nobody", code=2)
    assert "ghost_nobody is not a user of the store" in out.output
    run(*command, *s, user="root")


MISSION = "mission: {id: m, name: M, reference_event: s}\nevents:\n" \
          "  - {id: s, name: Signed, date: 2026-01-01}\n"


@pytest.mark.parametrize(("body", "said"), [
    ("tasks:\n  - {id: t, name: T, duration: 1.0e+308}\n", "is more than 36,500"),
    ("tasks:\n  - {id: t, name: T, duration: 36500000}\n", "a hundred years of days"),
    ("tasks:\n  - {id: t, name: T, duration: 2}\n  - {id: u, name: U, duration: 3, "
     "after: [{task: t, lag: 1.0e+300}]}\n", "after.lag: 1e+300 is more than 36,500"),
    ("tasks:\n  - {id: t, name: T, duration: .inf}\n", "not a finite number"),
    ("units:\n  - {id: u, name: U, personnel: 99999999999}\n", "is more than"),
    ("tasks:\n" + "".join(f"  - {{id: t{i}, name: T, duration: 36500"
                          f"{', after: [t' + str(i - 1) + ']' if i else ''}}}\n"
                          for i in range(20)), "more than the 600,000 days"),
])
def test_numbers_the_engines_cannot_use_are_refused_where_they_are(body: str, said: str
                                                                   ) -> None:
    with pytest.raises(PlanFileError) as exc:
        load_plan_text(MISSION + body, "p.yaml")
    text = str(exc.value)
    assert said in text and "p.yaml:" in text
    assert "Input should be" not in text  # the validation library's words stay out


def test_a_document_saved_through_the_workspace_is_bounded_too() -> None:
    doc = {"mission": {"id": "m", "name": "M"},
           "events": [{"id": "a", "name": "A", "date": "0001-01-02"}]}
    with pytest.raises(PlanFileError, match="outside 1900-01-01 to 2199-12-31"):
        load_plan_document(doc, "saved.yaml")


def test_a_plan_at_the_bounds_analyses() -> None:
    """Seven tasks of a hundred years with hundred-year lags: near the plan's span limit,
    every day has a date and every engine a finite number."""
    from impp.plan_analysis import Parameters, analyse

    body = ("tasks:\n" + "".join(
        f"  - {{id: t{i}, name: T, duration: {{min: 1, likely: 36000, max: 36500}}"
        f"{', after: [{task: t' + str(i - 1) + ', lag: 36500}]' if i else ''}}}\n"
        for i in range(7)) + "constraints:\n  - {id: c, name: C, from: s, to: t6.end, "
        "max_days: 36500, kind: criterion}\n")
    a = analyse(load_plan_text(MISSION + body), Parameters(risk_samples=50), cache=False)
    v = a.verdicts["c"]
    assert v.state == "missed" and v.days is not None and v.days > 400_000
    assert a.schedule.tasks["t6"].date_end is not None
