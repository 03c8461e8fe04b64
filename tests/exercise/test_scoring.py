"""Each score component on hand-made plans and summaries: the figure, and how it says it
was computed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from impp.exercise.model import Condition, Inject, Rubric
from impp.exercise.scoring import components, responses_of, total
from impp.io import load_plan_text

PLAN = """\
mission: {id: m, name: M}
tasks:
  - {id: t1, name: T1, duration: 5}
objectives:
  - {id: o1, name: Peace}
outputs:
  - {id: out1, name: Output one, objective: o1}
  - {id: out2, name: Output two, objective: o1}
activities:
  - {id: a1, name: Activity, output: out1, task: t1}
benchmarks:
  - {id: b1, name: Benchmark, objective: o1}
  - {id: b2, name: Benchmark 2, objective: o1}
indicators:
  - {id: i1, name: Indicator, measures: b1, baseline: 0, target: 10}
  - {id: i2, name: Indicator 2, measures: b1}
risks:
  - {id: r1, name: Rated, likelihood: high, impact: low}
  - {id: r2, name: Quantified, probability: 0.3, impact_days: 5, affects: [t1]}
  - {id: r3, name: Neither}
"""


def _summary(states: dict[str, str] | None = None, ioc: float | None = 63,
             foc: float | None = 79, errors: int = 0, warnings: int = 20,
             joint: float | None = 0.45, ceiling: float | None = 320e6) -> dict[str, Any]:
    milestones = {k: {"days": v} for k, v in (("ioc", ioc), ("foc", foc)) if v is not None}
    return {
        "criteria": {k: {"state": v} for k, v in (states or {}).items()},
        "targets": {},
        "deployment": {"milestones": milestones},
        "counts": {"error": errors, "warning": warnings},
        "cost": {"first_year": {"amount": 300e6, "ceiling": ceiling, "within_ceiling": 0.9,
                                "joint": joint}} if ceiling else {},
    }


@pytest.fixture
def plan() -> Any:
    return load_plan_text(PLAN, "p.yaml").to_document()


def _parts(plan: Any, s: dict[str, Any], sol: dict[str, Any] | None = None,
           responses: Any = None) -> dict[str, Any]:
    found = components(plan, s, (plan, sol or _summary()), Rubric(), responses)
    return {c.name: c for c in found}


def test_criteria_met_at_risk_missed(plan: Any) -> None:
    parts = _parts(plan, _summary({"a": "met", "b": "at risk", "c": "missed", "d": "unknown"}))
    assert parts["criteria"].score == pytest.approx(50)
    assert parts["criteria"].value == "1 met, 1 at risk, 1 missed"
    assert _parts(plan, _summary({}))["criteria"].score is None


def test_deployment_against_the_solution(plan: Any) -> None:
    parts = _parts(plan, _summary(ioc=60, foc=85))
    # IOC earlier than the solution's: 50; FOC 6 days later: 50 - 5 x 6
    assert parts["deployment"].score == pytest.approx(70)
    assert "FOC 6 days after the solution's: 20 of 50" in parts["deployment"].how
    assert _parts(plan, _summary(ioc=None, foc=200))["deployment"].score == 0


def test_cost_is_the_joint_confidence(plan: Any) -> None:
    assert _parts(plan, _summary(joint=0.3))["cost"].score == pytest.approx(30)
    assert _parts(plan, _summary(ceiling=None))["cost"].score is None


def test_doctrine_beyond_the_solution(plan: Any) -> None:
    parts = _parts(plan, _summary(errors=1, warnings=22))
    assert parts["doctrine"].score == pytest.approx(100 - 25 - 10)
    assert _parts(plan, _summary(errors=9))["doctrine"].score == 0


def test_results_chain_coverage(plan: Any) -> None:
    # outputs with an activity 1/2, benchmarks with an indicator 1/2, indicators with
    # baseline and target 1/2
    parts = _parts(plan, _summary())
    assert parts["results"].score == pytest.approx(50)
    assert "outputs with an activity 50%" in parts["results"].value


def test_risk_register(plan: Any) -> None:
    # 3 risks: 1 rated, 1 quantified: (1 + 1) / 6
    assert _parts(plan, _summary())["risks"].score == pytest.approx(100 * 2 / 6)


def _inject(restores: Condition | None = None) -> Inject:
    return Inject(id="I1", name="x", at_day=1, sender="s", means="m", kind="information",
                  message="m", expected="e", restores=restores)


T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _t(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_an_inject_answered_and_one_unanswered() -> None:
    broken = {"r1": _summary({"c": "met"}), "r2": _summary({"c": "missed"}),
              "r3": _summary({"c": "missed"}), "r4": _summary({"c": "met"})}
    history = [("r1", "alpha-1", 0.0, _t(0)), ("r2", "exercise-control", 1.0, _t(1)),
               ("r3", "exercise-control", 2.0, _t(2)), ("r4", "alpha-2", 3.5, _t(3))]
    parents = {"r2": "r1", "r3": "r2", "r4": "r3"}
    found = responses_of([(_inject(), 1.0, "r2", _t(1))], history, broken.__getitem__,
                         parents.get)
    assert found[0].broke == ("c met",) and found[0].days == pytest.approx(2.5)
    assert found[0].revision == "r4"
    # the same inject unanswered when the syndicate never brought it back
    never = {**broken, "r4": _summary({"c": "missed"})}
    open_ = responses_of([(_inject(), 1.0, "r2", _t(1))], history, never.__getitem__,
                         parents.get)
    assert open_[0].days is None
    # a restore condition: a message that broke nothing until the plan shows it
    cond = Condition(metric="foc_day", at_most=90)
    late = {"r1": _summary(foc=95), "r4": _summary(foc=88)}
    by_cond = responses_of([(_inject(cond), 1.0, None, _t(1.5))],
                           [h for h in history if h[0] in late], late.__getitem__,
                           lambda r: None)
    assert by_cond[0].broke == ("foc_day at most 90",) and by_cond[0].revision == "r4"


def test_the_injects_component_and_the_total(plan: Any) -> None:
    from impp.exercise.scoring import Response

    answers = [Response("I1", 1, (), None, None), Response("I2", 1, ("c",), 3.5, "r"),
               Response("I3", 1, ("c",), None, None)]
    parts = _parts(plan, _summary({"c": "met"}), responses=answers)
    # 100 (broke nothing), 100 - 10 x (2.5 - 1) = 85, 0 (unanswered)
    assert parts["injects"].score == pytest.approx((100 + 85 + 0) / 3)
    value, how = total(list(parts.values()))
    weights = Rubric().weights()
    expected = sum(weights[n] * c.score for n, c in parts.items() if c.score is not None) / sum(
        weights[n] for n, c in parts.items() if c.score is not None)
    assert value == pytest.approx(expected)
    none = _parts(plan, _summary({"c": "met"}), responses=[])
    _, how = total(list(none.values()))
    assert "left out (cannot be computed yet): injects" in how
