"""Every bad exercise file gets located errors (file:line, the inject or syndicate), and
the embedded Carana exercise is what the issue asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from impp.exceptions import ExerciseFileError
from impp.exercise.loader import carana_exercise_path, load_exercise

GOOD = """\
id: drill
name: A drill
scenario: carana
solution: carana
trainers: [ds]
syndicates:
  - id: red
    name: Red
    members: [red-1]
  - id: blue
    name: Blue
    members: [blue-1]
injects:
  - id: I1
    name: Fewer aircraft
    at_day: 1
    sender: DFS
    means: email
    kind: asset_withdrawn
    message: One aircraft less.
    effect:
      - {path: lift.strategic_air.count, add: -1}
    expected: Re-plan.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ExerciseFileError) as caught:
        load_exercise(_write(tmp_path, text))
    return [p.render() for p in caught.value.problems]


def test_the_good_file_loads(tmp_path: Path) -> None:
    loaded = load_exercise(_write(tmp_path, GOOD))
    assert [s.id for s in loaded.exercise.syndicates] == ["red", "blue"]
    assert loaded.scenario.mission.id == "carana"


def test_carana_exercise_has_what_the_issue_asks() -> None:
    loaded = load_exercise(carana_exercise_path())
    ex = loaded.exercise
    assert len(ex.syndicates) >= 2 and len(ex.injects) >= 8
    # the injects are drawn from the directive: each names its passage
    assert all(i.source and "Carana directive" in i.source for i in ex.injects)
    assert any(i.when is not None for i in ex.injects)  # a trigger on plan state
    assert loaded.solution.indicators and not loaded.scenario.indicators  # withheld


@pytest.mark.parametrize(("change", "expected"), [
    # (line replaced, what the problem says, where)
    (("    means: email\n", "    means: email\n    colour: red\n"),
     r"drill.yaml:19:5: [I1] unknown field 'colour'; known fields: at_day, effect"),
    (("  - id: blue\n", "  - id: red\n"),
     r"drill.yaml:10:9: [red] the id 'red' is used 2 times in syndicates"),
    (("    members: [blue-1]\n", "    members: [red-1]\n"),
     r"drill.yaml:12:15: [blue] red-1 is already in syndicate red"),
    (("    members: [blue-1]\n", "    members: [ds]\n"),
     r"drill.yaml:12:15: [blue] ds is also one of the trainers"),
    (("lift.strategic_air.count", "lift.jumbo_jet.count"),
     r"drill.yaml:22:16: [I1] effect: lift has no item 'jumbo_jet' (its items: strategic_air"),
    (("{path: lift.strategic_air.count, add: -1}", "{path: lift.strategic_air.count, set: -1}"),
     r"drill.yaml:22:7: [I1] effect: the scenario would no longer be a valid plan after this "
     r"inject (count: -1 is less than 0"),
    (("    at_day: 1\n", "    at_day: 1\n    when: {metric: foc_day, below: 80}\n"),
     r"drill.yaml:14:5: [I1] injects: inject I1: give at_day or when, not both"),
    (("    at_day: 1\n", "    when: {metric: happiness, below: 80}\n"),
     r"drill.yaml:16:20: [I1] injects.when.metric: Input should be 'foc_day'"),
    (("    at_day: 1\n", "    at_day: -3\n"),
     r"drill.yaml:16:13: [I1] injects.at_day: -3 is less than 0"),
    (("scenario: carana\n", "scenario: nowhere/plan.yaml\n"),
     r"drill.yaml:3:11: scenario: 'nowhere/plan.yaml' is neither 'carana'"),
    (("solution: carana\n", "solution: carana\nwithhold: [tasks_of_the_moon]\n"),
     r"drill.yaml:5:12: withhold: 'tasks_of_the_moon' is not a section"),
    (("solution: carana\n", "solution: carana\nwithhold: [benchmarks]\n"),
     r"drill.yaml:5:11: withhold: without these sections the scenario is not a valid plan"),
    (("solution: carana\n", "solution: carana\nclock: {mode: real}\n"),
     r"drill.yaml:5:8: clock: a real-time clock needs days_per_hour"),
    (("    expected: Re-plan.\n", ""), r"drill.yaml:14:5: [I1] 'injects.expected' is required"),
    (("      - {path: lift.strategic_air.count, add: -1}\n",
      "      - {path: lift.strategic_air.count, add: -1, scale: 2}\n"),
     r"drill.yaml:22:9: [I1] injects.effect: change of lift.strategic_air.count: give "
     r"exactly one of set, add, scale, shift_days, append, remove (found add, scale)"),
    (("name: A drill\n", "name: A drill\n  bad: indent\n"), r"drill.yaml:3:6: YAML syntax error"),
])
def test_each_bad_file_is_located(tmp_path: Path, change: tuple[str, str],
                                  expected: str) -> None:
    old, new = change
    assert old in GOOD
    found = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_a_bad_scenario_plan_is_located_in_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("mission: {id: m, name: M}\ntasks:\n  - id: t\n",
                                        encoding="utf-8")
    found = _problems(tmp_path, GOOD.replace("scenario: carana", "scenario: plan.yaml"))
    assert any("plan.yaml:3:" in p and "[t]" in p for p in found), found


def test_not_a_mapping_and_not_yaml(tmp_path: Path) -> None:
    assert "drill.yaml:1:1: an exercise file is a mapping" in _problems(tmp_path, "- a\n- b\n")[0]
    path = tmp_path / "drill.yaml"
    path.write_bytes(b"id: x\x00\n")
    with pytest.raises(ExerciseFileError, match=r"drill\.yaml:1:6"):
        load_exercise(path)
