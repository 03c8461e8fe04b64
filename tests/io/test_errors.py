"""Every class of bad input gives a message with file, line, item and a fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from impp.exceptions import PlanFileError, Problem
from impp.io import load_plan, load_plan_text

HEAD = "mission: {id: m, name: M}\n"


def problems(text: str) -> list[Problem]:
    with pytest.raises(PlanFileError) as info:
        load_plan_text(text, "p.yaml")
    return info.value.problems


def rendered(text: str) -> list[str]:
    return [p.render() for p in problems(text)]


def test_yaml_syntax_error_names_line_and_column() -> None:
    (msg,) = rendered(HEAD + "events:\n  - {id: a, name: A\n")
    assert msg.startswith("p.yaml:4:1:")
    assert "YAML syntax error" in msg and "opened at line 3, column 5" in msg


def test_unknown_field_suggests_the_right_one() -> None:
    text = HEAD + "events:\n  - id: a\n    name: A\n    dat: 2026-01-01\n"
    (p,) = problems(text)
    assert (p.line, p.column, p.item) == (5, 5, "a")
    assert "unknown field 'dat'" in p.message
    assert "did you mean 'date'" in p.message


def test_unknown_section_suggests_the_right_one() -> None:
    (p,) = problems(HEAD + "evnts: []\n")
    assert p.line == 2
    assert "unknown section 'evnts'" in p.message and "'events'" in p.message


def test_wrong_type_is_named_with_its_field() -> None:
    text = HEAD + "tasks:\n  - id: t\n    name: T\n    duration: {min: seven, max: 9, likely: 8}\n"
    (p,) = problems(text)
    assert p.item == "t" and p.line == 5
    assert "duration.min" in p.message and "number" in p.message


def test_duplicate_ids_are_refused() -> None:
    text = HEAD + "events:\n  - {id: a, name: A}\n  - {id: a, name: Again}\n"
    (p,) = problems(text)
    assert p.line == 4 and p.item == "a"
    assert "duplicate id 'a'" in p.message


def test_unknown_reference_names_the_field_and_suggests() -> None:
    text = HEAD + (
        "events:\n  - {id: signed, name: S}\n"
        "constraints:\n  - {id: c, name: C, from: signd, to: signed, max_days: 3}\n"
    )
    (p,) = problems(text)
    assert p.item == "c" and p.line == 5
    assert "unknown event 'signd'" in p.message and "did you mean 'signed'" in p.message


def test_task_id_without_start_or_end_is_explained() -> None:
    text = HEAD + (
        "tasks:\n  - {id: t, name: T, duration: 3}\n"
        "events:\n  - {id: e, name: E}\n"
        "constraints:\n  - {id: c, name: C, from: e, to: t, max_days: 3}\n"
    )
    (p,) = problems(text)
    assert "'t.start' or 't.end'" in p.message


def test_benchmark_for_unknown_objective() -> None:
    text = HEAD + "benchmarks:\n  - {id: b, name: B, objective: nothing}\n"
    (p,) = problems(text)
    assert p.item == "b" and "unknown objectives id 'nothing'" in p.message


def test_min_above_max() -> None:
    text = HEAD + "tasks:\n  - id: tam\n    name: T\n    duration: {min: 12, likely: 12, max: 10}\n"
    (p,) = problems(text)
    assert p.item == "tam" and p.line == 5
    assert "minimum 12 is above maximum 10" in p.message


def test_constraint_min_above_max() -> None:
    text = HEAD + (
        "events:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
        "constraints:\n  - {id: c, name: C, from: a, to: b, min_days: 9, max_days: 3}\n"
    )
    (p,) = problems(text)
    assert "min_days 9 is above max_days 3" in p.message


def test_negative_duration() -> None:
    text = HEAD + "tasks:\n  - {id: t, name: T, duration: -3}\n"
    (p,) = problems(text)
    assert p.item == "t" and "-3 is less than 0" in p.message


def test_an_invalid_task_is_one_problem_not_one_per_rule_that_names_it() -> None:
    # the rules that point at its start and end do not report it "unknown" again
    text = HEAD + (
        "tasks:\n  - {id: tam, name: TAM, duration: {min: 17, likely: 10, max: 14}}\n"
        "events:\n  - {id: s, name: Signed}\n"
        "constraints:\n  - {id: c, name: C, from: s, to: tam.start, max_days: 14}\n"
        "  - {id: d, name: D, from: tam.end, to: s, min_days: -30}\n")
    (p,) = problems(text)
    assert p.item == "tam" and "minimum 17 is above maximum 14" in p.message


def test_cycle_of_after_links_names_the_tasks() -> None:
    text = HEAD + (
        "tasks:\n"
        "  - {id: a, name: A, duration: 1, after: [c]}\n"
        "  - {id: b, name: B, duration: 1, after: [a]}\n"
        "  - {id: c, name: C, duration: 1, after: [b]}\n"
    )
    (p,) = problems(text)
    assert "cycle" in p.message
    for task in ("a", "b", "c"):
        assert task in p.message.split("cycle:")[1]


def test_all_errors_of_a_file_are_reported_at_once() -> None:
    text = HEAD + (
        "events:\n  - {id: a, name: A, colour: red}\n  - {id: a, name: A2}\n"
        "tasks:\n  - {id: t, name: T, duration: {min: 5, likely: 4, max: 3}}\n"
        "constraints:\n  - {id: c, name: C, from: a, to: nowhere, max_days: 1}\n"
    )
    found = problems(text)
    assert len(found) == 4
    assert [p.line for p in found] == sorted(p.line or 0 for p in found) or len(found) == 4


def test_missing_required_field() -> None:
    (p,) = problems(HEAD + "events:\n  - {id: a}\n")
    assert "'name' is required" in p.message


def test_duplicate_key_in_a_mapping() -> None:
    (p,) = problems(HEAD + "events:\n  - id: a\n    name: A\n    name: B\n")
    assert p.line == 5 and "appears twice" in p.message


def test_plan_without_mission() -> None:
    (p,) = problems("events: []\n")
    assert "no 'mission' section" in p.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="no such file"):
        load_plan(tmp_path / "absent.yaml")


def test_not_utf8(write_plan: Callable[[str, str], Path]) -> None:
    path = write_plan("", "bad.yaml")
    path.write_bytes(b"mission: {id: m, name: \xff}\n")
    with pytest.raises(PlanFileError, match="not UTF-8"):
        load_plan(path)


def test_bad_id_pattern() -> None:
    (p,) = problems(HEAD + "events:\n  - {id: 1st event, name: A}\n")
    assert "not a valid id" in p.message


def test_unknown_process_level_and_output() -> None:
    found = rendered(HEAD + "process: {level: '9.9', outputs: [strategic_asessment]}\n")
    assert any("unknown IMPP level '9.9'" in m for m in found)
    assert any("did you mean 'strategic_assessment'" in m for m in found)
