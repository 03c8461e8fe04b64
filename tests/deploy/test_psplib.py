"""The PSPLIB reader on real files, bad files at file:line, and `impp rcpsp` / `impp deploy`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from impp.deploy.rcpsp import solve_rcpsp
from impp.exceptions import InstanceFileError
from impp.io.psplib import parse_sm, read_project

SM = """\
************************************************************************
jobs (incl. supersource/sink ):  4
RESOURCES
  - renewable                 :  1   R
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
"""


def impp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "impp", *args], capture_output=True,
                          text=True, check=False)


def test_real_j30_file_reads_and_solves_to_the_known_optimum(psplib: Path) -> None:
    p = read_project(psplib / "j30" / "j30_1_1.rcp")
    assert p.n == 32 and len(p.capacities) == 4
    assert p.durations[0] == 0 and p.successors[-1] == ()
    with open(psplib / "reference.csv", encoding="utf-8") as f:
        best = next(int(r["best_makespan"]) for r in csv.DictReader(f)
                    if r["instance"] == "j30_1_1")
    r = solve_rcpsp(p, time_limit=10)
    assert r.status == "optimal" and r.makespan == best == r.lower_bound
    for a, succ in enumerate(p.successors, 1):
        for s in succ:
            assert r.starts[s] >= r.starts[a] + p.durations[a - 1]


def test_sm_format(tmp_path: Path) -> None:
    path = tmp_path / "tiny.sm"
    path.write_text(SM, encoding="utf-8")
    p = read_project(path)
    assert p.capacities == (3,) and p.durations == (0, 3, 2, 0)
    assert solve_rcpsp(p, time_limit=5).makespan == 5  # 2 + 2 > 3: one after the other


@pytest.mark.parametrize(("name", "text", "where", "message"), [
    ("a.rcp", "3 1\n5\n0 0 1 2\n4 x 1 3\n0 0 0\n", ":4", "found 'x'"),
    ("b.rcp", "3 1\n5\n0 0 1 2\n4 1 1 9\n0 0 0\n", ":4", "successor 9"),
    ("c.rcp", "3 1\n5\n0 0 1 2\n4 1 1 3\n", ":4", "ends early"),
    ("d.rcp", "2 1\n5\n0 6 1 2\n0 0 0\n", "", "capacity is 5"),
    ("e.sm", SM.replace("   2        1          1           4",
                        "   2        3          1           4"), ":9", "3 modes"),
    ("f.sm", SM.replace("  3      1     2       2", "  3      1     2"), ":18", "found 3 values"),
])
def test_bad_files_say_file_and_line(tmp_path: Path, name: str, text: str, where: str,
                                     message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InstanceFileError) as err:
        read_project(path)
    assert str(err.value).startswith(f"{path}{where}:") and message in str(err.value)


def test_sm_without_sections_is_refused() -> None:
    with pytest.raises(InstanceFileError, match="no PRECEDENCE RELATIONS"):
        parse_sm("nothing here\n", "x.sm")


def test_rcpsp_command_json(psplib: Path) -> None:
    r = impp("rcpsp", str(psplib / "j30" / "j30_1_1.rcp"), "--time-limit", "5",
             "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"status", "makespan", "lower_bound", "starts"} <= data.keys()
    assert set(data["starts"]) == {str(i) for i in range(1, 33)}
    assert data["starts"]["1"] == 0


def test_rcpsp_command_bad_file_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rcp"
    bad.write_text("3 1\n5\nzero\n", encoding="utf-8")
    r = impp("rcpsp", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{bad}:3:" in r.stderr


def test_deploy_command_json_on_carana(tmp_path: Path) -> None:
    r = impp("deploy", "--time-limit", "3", "--out", str(tmp_path), "--format", "json",
             "--quiet")
    assert r.returncode in (0, 1), r.stderr
    data = json.loads(r.stdout)
    assert {"ioc", "foc", "movements", "what_if"} <= data.keys()
    assert data["foc"]["max_days"] == 90 and data["foc"]["date"]
    assert r.returncode == (1 if any(m["met"] is False for m in data["milestones"]) else 0)
    assert (tmp_path / "asset-use.png").stat().st_size > 0
    assert (tmp_path / "asset-use.svg").exists()
    assert {w["asset"] for w in data["what_if"]} >= {"helicopters", "sealift"}


def test_deploy_command_on_a_plan_without_units(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: m, name: M}\n", encoding="utf-8")
    r = impp("deploy", str(plan))
    assert r.returncode == 2 and "no units" in r.stderr and "Traceback" not in r.stderr
