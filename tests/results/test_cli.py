"""`impp results` as a user runs it: the chain, the workbook out and back in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from impp.io import load_plan
from impp.scenarios import carana_path


def impp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "impp", *args], capture_output=True,
                          text=True, check=False)


def test_results_json() -> None:
    result = impp("results", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "impp.results/1"
    assert [o["id"] for o in data["tree"]] == ["un_objective"]
    assert data["findings"] == [] and data["written"] == []


def test_export_then_import_into_a_new_plan_file(tmp_path: Path) -> None:
    book = tmp_path / "rf.xlsx"
    result = impp("results", "--export", str(book))
    assert result.returncode == 0, result.stderr
    assert "Results chain" in result.stdout and f"Wrote {book}" in result.stdout
    assert impp("results", "--export", str(book)).returncode == 2  # no overwrite
    new = tmp_path / "plan.yaml"
    result = impp("results", "--import", str(book), "--into", str(new), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert load_plan(new).content_hash() == load_plan(carana_path()).content_hash()


def test_a_bad_workbook_is_reported_by_cell(tmp_path: Path) -> None:
    book = tmp_path / "rf.xlsx"
    assert impp("results", "--export", str(book)).returncode == 0
    wb = load_workbook(book)
    wb["benchmarks"]["D2"] = "sometimes"  # the 'core' column
    wb.save(book)
    result = impp("results", "--import", str(book), "--into", str(tmp_path / "p.yaml"))
    assert result.returncode == 2
    assert "sheet 'benchmarks', row 2, column D: [bm_tam] core:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_import_needs_into() -> None:
    result = impp("results", "--import", "x.xlsx")
    assert result.returncode == 2 and "--import and --into go together" in result.stderr
