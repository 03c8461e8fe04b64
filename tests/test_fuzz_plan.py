"""A fuzz test through `impp plan`: valid but strange copies of Carana never break it.

The loader's own fuzz test (tests/io/test_limits.py) mutates the text; this
one changes values the loader accepts (zero and century-long durations,
dates at both ends of the range a plan may hold, deadlines of 0 days,
dropped links and items) and runs each copy through `impp plan` in both
formats: it exits 0, 1 or 2, prints no traceback, and an invalid copy names
file and line. Analyses run with few samples and a short deterministic
solver budget, so the test does not depend on the machine's speed.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impp import plan_analysis
from impp.cli import main
from impp.io import load_plan
from impp.scenarios import carana_path

_DOC = load_plan(carana_path()).to_document()
_DURATIONS: list[Any] = [0, 0.5, 36500, {"min": 0, "likely": 0, "max": 36500},
                         {"min": 1, "likely": 1, "max": 1}]
_DATES = ["1900-01-01", "2199-12-31", "2026-02-28", None]
_DAYS = [0, 0.25, 36500, None]


def _mutate(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 5)):
        kind = rng.randrange(5)
        if kind == 0 and doc.get("tasks"):
            rng.choice(doc["tasks"])["duration"] = rng.choice(_DURATIONS)
        elif kind == 1 and doc.get("events"):
            event = rng.choice(doc["events"])
            date = rng.choice(_DATES)
            if date is None:
                event.pop("date", None)
            else:
                event["date"] = date
        elif kind == 2 and doc.get("constraints"):
            c = rng.choice(doc["constraints"])
            key = "max_days" if "max_days" in c else "min_days"
            value = rng.choice(_DAYS)
            if value is None and ("min_days" in c) != ("max_days" in c):
                continue  # a constraint needs one bound
            c[key] = value
            if value is None:
                c.pop(key)
        elif kind == 3 and doc.get("tasks"):
            rng.choice(doc["tasks"]).pop("after", None)
        else:
            section = rng.choice([k for k, v in doc.items() if isinstance(v, list) and v])
            doc[section].pop(rng.randrange(len(doc[section])))
    return doc


@pytest.fixture
def quick_analyses(monkeypatch: pytest.MonkeyPatch) -> None:
    """`impp plan`'s analysis with few samples and a short deterministic solver
    budget; computed once per plan, as a user's second command would reuse it
    (the table is drawn from the analysis the JSON run computed)."""
    real = plan_analysis.analyse
    quick = plan_analysis.Parameters(risk_samples=64, deploy_time_limit=0.2,
                                     what_if_time_limit=0.05, deploy_risk_samples=8,
                                     what_if=False)

    def analyse(plan: Any, parameters: Any = None, **kwargs: Any) -> Any:
        return real(plan, parameters or quick, **kwargs)

    monkeypatch.setattr(plan_analysis, "analyse", analyse)


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**32 - 1))
def test_valid_strange_plans_never_break_impp_plan(quick_analyses: None, tmp_path: Path,
                                                    seed: int) -> None:
    path = tmp_path / f"mutant-{seed}.yaml"
    doc = _mutate(_DOC, random.Random(seed))
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for fmt in ("json", "table"):
        result = CliRunner().invoke(main, ["plan", str(path), "--format", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"seed {seed}: {result.exception!r}")
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert f"{path}:" in result.output or "error:" in result.output, result.output
        elif fmt == "json":
            summary = json.loads(result.stdout)
            assert (summary["counts"]["error"] > 0) == (result.exit_code == 1)
