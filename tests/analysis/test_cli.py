"""`impp analysis` as a user runs it, and its pictures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from impp.analysis.draw import draw_network, draw_problem_tree, save_figure
from impp.model import Plan


def impp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "impp", *args], capture_output=True,
                          text=True, check=False)


def test_analysis_json_and_pictures(tmp_path: Path) -> None:
    result = impp("analysis", "--format", "json", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "impp.analysis/1"
    assert {"profile", "actors", "relations", "network", "problem_tree", "scenarios",
            "findings", "charts"} <= data.keys()
    names = sorted(Path(p).name for p in data["charts"])
    assert names == ["actor-network.png", "actor-network.svg", "problem-tree.png",
                     "problem-tree.svg"]
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)


def test_analysis_table_names_brokers_and_the_tree() -> None:
    result = impp("analysis", "--no-charts")
    assert result.returncode == 0, result.stderr
    assert "Brokers between groups:" in result.stdout
    assert "Problem tree" in result.stdout and "analysis.spoiler-not-engaged" in result.stdout


def test_analysis_of_a_bad_file_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("mission: {id: m, name: M}\nactors:\n  - {id: a, name: A, violent: true}\n",
                   encoding="utf-8")
    result = impp("analysis", str(bad), "--no-charts")
    assert result.returncode == 2
    assert "plan.yaml:3:" in result.stderr and "unknown field 'violent'" in result.stderr


def test_pictures_are_deterministic(carana_plan: Plan, tmp_path: Path) -> None:
    first = save_figure(draw_network(carana_plan), str(tmp_path / "a"))
    second = save_figure(draw_network(carana_plan), str(tmp_path / "b"))
    for x, y in zip(first, second, strict=True):
        assert Path(x).read_bytes() == Path(y).read_bytes()
    tree = save_figure(draw_problem_tree(carana_plan), str(tmp_path / "tree"))
    assert Path(tree[1]).read_text(encoding="utf-8").startswith("<?xml")
