"""`impp report` as a user runs it: a real process, its files, its messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from tests.report.plans import SECRET_PLAN

FILES = {"report.html", "planning-directive.docx", "planning-directive.pdf",
         "strategic-assessment.docx", "mission-plan.docx"}
#: Carana sets costs: its package has the Draft Mission Budget too.
BUDGET = {"draft-mission-budget.docx", "draft-mission-budget.pdf"}


def impp(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a separate process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "impp", *args], capture_output=True,
                          text=True, check=False)


def run(*args: str) -> Result:
    """The command in this process (same code path, without the start-up cost)."""
    return CliRunner().invoke(main, list(args))


def test_report_on_carana_writes_the_package_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "impp-out"
    result = impp("report", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} == FILES | BUDGET
    assert f"written to {out}/" in result.stdout
    assert str(out / "report.html") in result.stdout
    assert "Traceback" not in result.stderr


def test_json_lists_the_files_their_markings_and_what_was_left_out(tmp_path: Path) -> None:
    plan = tmp_path / "secret.yaml"
    plan.write_text(SECRET_PLAN, encoding="utf-8")
    out = tmp_path / "out"
    result = run("report", str(plan), "--out", str(out), "--format", "json",
                 "--max-sensitivity", "unclassified")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["omitted_items"] == 5 and data["max_sensitivity"] == "unclassified"
    assert {f["name"] for f in data["files"]} == FILES
    assert {f["marking"] for f in data["files"]} == {"unclassified"}
    assert all((out / f["name"]).stat().st_size == f["bytes"] for f in data["files"])


def test_unknown_marking_is_refused_with_the_accepted_ones() -> None:
    result = run("report", "--max-sensitivity", "secret")
    assert result.exit_code == 2
    assert "'secret' is not one of 'unclassified', 'confidential'" in result.stderr


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("", encoding="utf-8")
    result = run("report", "--out", str(target))
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_out_that_cannot_be_created_gives_a_message(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text(SECRET_PLAN, encoding="utf-8")
    result = run("report", str(plan), "--quiet", "--out", str(tmp_path / "taken" / "sub"))
    assert result.exit_code == 2
    assert "error: cannot write the package to" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_mission_above_the_level_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(SECRET_PLAN.replace("reference_event: signed,",
                                        "reference_event: signed, sensitivity: confidential,"),
                    encoding="utf-8")
    result = run("report", str(plan), "--out", str(tmp_path / "o"),
                 "--max-sensitivity", "unclassified")
    assert result.exit_code == 2
    assert "error: the mission itself is marked CONFIDENTIAL" in result.output
    assert "--max-sensitivity confidential" in result.output
    assert not (tmp_path / "o").exists()


def test_an_invalid_plan_names_file_and_line(tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text("mission: {id: m, name: M}\nevents:\n  - {id: a, nme: A}\n",
                    encoding="utf-8")
    result = run("report", str(plan), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"{plan}:3:" in result.stderr and "Traceback" not in result.stderr


def test_a_second_report_reads_the_package_back(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import impp.report.package as package

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path / "cache"))
    plan = tmp_path / "secret.yaml"
    plan.write_text(SECRET_PLAN, encoding="utf-8")
    calls: list[str] = []
    real = package.build_package

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(str(args[2] if len(args) > 2 else kwargs.get("max_sensitivity")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(package, "build_package", counted)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run("report", str(plan), "--out", str(out), "--quiet").exit_code == 0
    assert len(calls) == 1  # built once, then read back
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {
        p.name: p.read_bytes() for p in second.iterdir()}
    low = tmp_path / "low"
    assert run("report", str(plan), "--out", str(low), "--quiet",
               "--max-sensitivity", "unclassified").exit_code == 0
    assert len(calls) == 2  # another reader's level is another package
    assert b"Zebra Night" not in (low / "report.html").read_bytes()
