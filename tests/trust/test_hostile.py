"""No traceback from any file: a bounded sample of the hostile corpus (benchmarks/hostile.py
runs all of it) through the loader and the analysis. Every file is read (exit 0 or 1) or
refused with located problems (exit 2); none raises anything else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from hostile import corpus, run_one


@pytest.fixture(autouse=True)
def _no_solver_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPP_SOLVER_PROCESS", "0")


@pytest.mark.parametrize("seed", [11, 12])
def test_a_sample_of_hostile_files_is_read_or_refused_never_a_traceback(seed: int) -> None:
    analysed = 0
    codes = set()
    for name, text in corpus(160, seed, scale=0.05):
        code, _seconds, tb = run_one(text, name, False)
        assert tb is None, f"{name}:\n{tb}"
        codes.add(code)
        if code == 0 and analysed < 3:
            analysed += 1
            code, _seconds, tb = run_one(text, name, True)
            assert tb is None, f"{name}:\n{tb}"
    assert codes == {0, 2}  # the sample holds both readable and refused files


@pytest.mark.parametrize(("text", "said"), [
    ("mission: {id: m, name: M}\ntasks:\n  - {id: t, name: T, duration: " + "9" * 5000 + "}\n",
     "a number of 5,000 digits"),
    ("mission: {id: m, name: !!timestamp x}\n", "is not a valid date; give a real date"),
    ("mission: {id: m, name: !maybe x}\n", "the tag '!maybe' is not allowed"),
    ("mission: !custom {id: m, name: M}\n", "the tag '!custom' is not allowed"),
    ("mission: {id: m, name: M}\ntasks:\n  - {id: t, name: T, duration: .nan}\n",
     "is not a finite number"),
])
def test_each_kind_found_by_the_corpus_is_one_located_problem(text: str, said: str) -> None:
    from impp.exceptions import PlanFileError
    from impp.io import load_plan_text

    with pytest.raises(PlanFileError) as exc:
        load_plan_text(text, "p.yaml")
    [problem] = exc.value.problems  # one mistake, one problem: no cascade
    assert said in problem.message and problem.line is not None


def test_a_file_of_thousands_of_problems_is_refused_with_the_first_ones() -> None:
    from impp.exceptions import PlanFileError
    from impp.io import load_plan_text
    from impp.io.yaml_io import MAX_PER_ENTRY, MAX_PROBLEMS

    many_keys = "mission: {id: m, name: M}\nprofile:\n" + "".join(
        f"  k{i}: {i}\n" for i in range(5000))
    with pytest.raises(PlanFileError) as exc:
        load_plan_text(many_keys, "p.yaml")
    assert len(exc.value.problems) == MAX_PER_ENTRY + 1
    assert "more problems in this entry" in exc.value.problems[0].message
    many_errors = "mission: {id: m, name: M}\ntasks:\n" + "".join(
        f"  - {{id: t{i}, name: T, duration: -1}}\n" for i in range(5000))
    with pytest.raises(PlanFileError) as exc:
        load_plan_text(many_errors, "p.yaml")
    assert len(exc.value.problems) == MAX_PROBLEMS + 1
    assert "impp stopped after" in exc.value.problems[-1].message
    assert os.environ.get("IMPP_SOLVER_PROCESS") == "0"


def test_a_negative_cycle_that_escapes_is_said_not_raised() -> None:
    """NegativeCycleError escaped as a traceback from a mutated Carana: it is in the error
    tree now, so a command's guard says it in words."""
    import click
    from click.testing import CliRunner

    from impp.cli.common import guard
    from impp.exceptions import ImppError
    from impp.temporal.stn import NegativeCycleError

    assert issubclass(NegativeCycleError, ImppError)

    @click.command()
    @guard
    def command() -> None:
        raise NegativeCycleError([66, 67])

    r = CliRunner().invoke(command, [])
    assert r.exit_code == 2 and "cannot all hold" in r.output and "Traceback" not in r.output
