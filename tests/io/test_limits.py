"""What a plan file may hold: every hostile or broken file is a located problem, at once."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impp.exceptions import PlanFileError
from impp.io import load_plan, load_plan_text
from impp.io.yaml_io import LATEST_DATE, MAX_ALIAS_VALUES
from impp.scenarios import carana_path

HEAD = "mission: {id: m, name: M}\n"


def problems_of(text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(PlanFileError) as err:
        load_plan_text(text, "bad.yaml")
    return [(p.line, p.column, p.message) for p in err.value.problems]


BOMB = HEAD + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
    for i in range(8))


@pytest.mark.parametrize(("text", "line", "words"), [
    (HEAD + "events:\n  - {id: e, name: !!python/name:os.system x}\n", 3, "tag"),
    (HEAD + "events:\n  - {id: e, name: !custom x}\n", 3, "tag"),
    (HEAD + "events:\n  - !!set {id: e}\n", 3, "tag"),
    (HEAD + "base: &b {name: E}\nevents:\n  - <<: *b\n    id: e\n", 4, "merge keys"),
    (HEAD + "events: &a [*a]\n", 2, "contains it"),
    (BOMB, None, "alias"),
    (HEAD + "events:\n  - {id: e, name: E, date: 2023-02-30}\n", 3, "not a valid date"),
    (HEAD + "events:\n  - {id: e, name: E, date: 2026-13-01}\n", 3, "not a valid date"),
    (HEAD + "events:\n  - {id: e, name: E, date: 0000-01-01}\n", 3, "not a valid date"),
    (HEAD + "events:\n  - {id: e, name: E, date: 2026-01-01 25:00:00}\n", 3, "not a valid"),
    (HEAD + "events:\n  - {id: e, name: E, date: 9999-12-31}\n", 3, "outside"),
    (HEAD + "events:\n  - {id: e, name: E, date: 0001-01-01}\n", 3, "outside"),
    (HEAD + "tasks:\n  - {id: t, name: T, duration: .inf}\n", 3, "not a finite number"),
    (HEAD + "tasks:\n  - {id: t, name: T, duration: {min: 1, likely: .nan, max: 3}}\n", 3,
     "not a finite number"),
    (HEAD + "events:\n  - {id: e, name: \"E\x00\"}\n", 3, "not allowed"),
    (HEAD + "x: " + "[" * 100 + "]" * 100 + "\n", None, "nest"),
])
def test_hostile_yaml_is_a_located_problem(text: str, line: int | None, words: str) -> None:
    start = time.perf_counter()
    found = problems_of(text)
    assert time.perf_counter() - start < 30  # a bound that only a hang can break
    assert any(words in message for _, _, message in found), found
    if line is not None:
        assert any(ln == line and col is not None for ln, col, _ in found), found


def test_the_alias_budget_is_generous_for_real_files() -> None:
    text = HEAD + "names: &n {name: E}\nevents:\n" + "".join(
        f"  - {{id: e{i}, name: E{i}}}\n" for i in range(50))
    with pytest.raises(PlanFileError) as err:  # 'names' is no section: the aliases are fine
        load_plan_text(text, "ok.yaml")
    assert all("alias" not in p.message for p in err.value.problems)
    assert MAX_ALIAS_VALUES >= 10_000 and LATEST_DATE.year >= 2100


@pytest.mark.parametrize(("data", "line", "words"), [
    ("mission: {id: m, name: M}\n".encode("utf-16"), 1, "UTF-16"),
    (b"mission: {id: m, name: M}\nevents:\n  - {id: e, name: \xff\xfe}\n", 3, "not UTF-8"),
    (bytes(range(256)) * 4, 2, "not UTF-8"),
])
def test_files_that_are_not_utf8_are_located(tmp_path: Path, data: bytes, line: int,
                                             words: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(data)
    with pytest.raises(PlanFileError) as err:
        load_plan(path)
    p = err.value.problems[0]
    assert words in p.message and p.line == line and p.column is not None


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + "# padding\n" * 100, encoding="utf-8")
    monkeypatch.setenv("IMPP_MAX_PLAN_BYTES", "200")
    with pytest.raises(PlanFileError, match="over the limit of 200"):
        load_plan(path)
    with pytest.raises(PlanFileError, match="IMPP_MAX_PLAN_BYTES"):
        load_plan_text(path.read_text(encoding="utf-8"))


def test_validate_says_where_and_never_shows_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + "events:\n  - {id: e, name: !!python/object:os.system x}\n",
                    encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "impp", "validate", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert f"{path}:3:" in r.stderr and "Traceback" not in r.stderr


# -- a fuzz test: mutated copies of Carana ------------------------------------------


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.randrange(7)
        line = lines[i]
        if kind == 0:
            lines.pop(i)
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2 and line.strip():
            j = rng.randrange(len(line))
            lines[i] = line[:j] + rng.choice(":-[]{}&*!|>'\"#%@`,? \t\x00\x85") + line[j + 1:]
        elif kind == 3:
            lines[i] = line.replace("days", rng.choice(["days", ".inf", "-1", "1e308", "x"]))
        elif kind == 4:
            lines[i] = line.replace("2026", rng.choice(["0000", "9999", "2026-02-30", "1"]))
        elif kind == 5:
            lines[i] = "  " + line if rng.random() < 0.5 else line.lstrip()
        else:
            lines[i] = line.replace(": ", rng.choice([": !!binary ", ": &a ", ": *a ",
                                                     ": !x ", ":"]), 1)
    return "".join(lines)


_CARANA = {p.name: p.read_text(encoding="utf-8") for p in sorted(carana_path().glob("*.yaml"))}


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(_CARANA)), st.integers(0, 2**32 - 1))
def test_mutated_carana_files_load_or_say_where(name: str, seed: int) -> None:
    text = _mutate(_CARANA[name], random.Random(seed))
    try:
        load_plan_text(text, name)
    except PlanFileError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == name and p.message
    # anything else (a traceback of another kind) fails the test
