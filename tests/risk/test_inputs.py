"""Risk events in plan files: what is accepted and the errors for what is not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from impp.exceptions import PlanFileError, PlanInconsistentError
from impp.io import load_plan_text
from impp.model import Plan
from impp.risk import simulate

from .conftest import HEAD

TASKS = "tasks:\n  - {id: tam, name: TAM, duration: {min: 7, likely: 10, max: 14}}\n"


def problem(risk: str) -> str:
    with pytest.raises(PlanFileError) as info:
        load_plan_text(HEAD + TASKS + "risks:\n  - " + risk + "\n", "risk.yaml")
    (p,) = info.value.problems
    assert p.file == "risk.yaml" and p.line is not None and p.item == "r"
    return p.message


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        ("{id: r, name: R, probability: 1.5, impact_days: 3, affects: [tam]}",
         "1.5 is more than 1"),
        ("{id: r, name: R, probability: 0.2, affects: [tam]}",
         "a risk with a probability needs impact_days (days added) or impact_factor"),
        ("{id: r, name: R, probability: 0.2, impact_days: 3}",
         "a risk with a probability needs affects: the tasks it delays"),
        ("{id: r, name: R, impact_days: 3, affects: [tam]}",
         "a risk with an impact or affected tasks needs a probability (0 to 1)"),
        ("{id: r, name: R, probability: 0.2, impact_factor: 0, affects: [tam]}",
         "0 is not above 0"),
        ("{id: r, name: R, probability: 0.2, impact_days: -2, affects: [tam]}",
         "-2 is less than 0"),
        ("{id: r, name: R, probability: 0.2, impact_days: 3, affects: [tam, tam]}",
         "affects names the same task twice"),
        ("{id: r, name: R, probability: 0.2, impact_days: {min: 9, max: 3}, affects: [tam]}",
         "minimum 9 is above maximum 3; swap them"),
        ("{id: r, name: R, probability: 0.2, impact_days: 3, affects: [tma]}",
         "'affects' names unknown tasks id 'tma' (did you mean 'tam'?)"),
    ],
)
def test_bad_risk_event_is_explained(risk: str, expected: str) -> None:
    assert expected in problem(risk)


def test_cycle_of_minimum_gaps_is_explained(make_plan: Callable[[str], Plan]) -> None:
    body = TASKS + """\
  - {id: b, name: B, duration: 2}
constraints:
  - {id: x, name: X, from: tam.end, to: b.start, min_days: 0}
  - {id: y, name: Y, from: b.end, to: tam.start, min_days: 1}
"""
    with pytest.raises(PlanInconsistentError, match="minimum gaps between events form a cycle"):
        simulate(make_plan(body), 10)


def test_unscheduled_event_gets_no_probability(make_plan: Callable[[str], Plan]) -> None:
    body = """\
  - {id: ioc, name: Initial operating capability}
constraints:
  - {id: c, name: IOC in 60 days, from: day0, to: ioc, max_days: 60, kind: criterion}
"""
    r = simulate(make_plan(body), 100)
    assert r.criteria["c"].probability is None
    assert "ioc" not in r.events
    assert r.as_dict()["criteria"]["c"]["probability"] is None
