"""The cost estimate: hand-computed arithmetic, budget-year phasing, the odds, bad input."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impp.cost import MONTH_DAYS, budget_periods, estimate
from impp.deploy.samples import RiskSamples
from impp.deploy.schedule import Deployment
from impp.exceptions import CostError, PlanFileError
from impp.io import load_plan_text
from impp.model import Plan
from tests.deploy.conftest import SMALL_DEPLOYMENT

#: Day 0 is 2027-06-21: the budget year 2027/28 starts on day 10.
PLAN = """\
mission: {id: m, name: M}
costs: {currency: USD, horizon_days: 100, ceiling: CEILING}
lift:
  - {id: helos, name: Helicopters, count: 2, tonnes_per_day: 10, available_from_day: 3,
     available_until_day: 33}
  - {id: ship, name: Ship, mode: sealift, count: 1, capacity_tonnes: 500, turnaround_days: 9}
units:
  - {id: bn, name: Battalion, type: infantry, personnel: 100, cargo_tonnes: 20}
  - {id: fpu, name: Police, type: police, personnel: 10}
  - {id: kit, name: Equipment, type: infantry, cargo_tonnes: 300}
rates:
  - {id: troops, name: Troops, driver: military, amount: 1000, per: person_month,
     unit_types: [infantry], output: security}
  - {id: police, name: Police, driver: police, amount: 2000, per: person_month,
     unit_types: [police]}
  - {id: helo_hire, name: Helicopter hire, driver: aviation, amount: 3000, per: asset_month,
     lift: [helos]}
  - {id: ship_charter, name: Ship charter, driver: other, amount: 6000, per: asset_month,
     lift: [ship], charter: true}
  - {id: sea_freight, name: Sea freight, driver: other, amount: 7, per: tonne, modes: [sealift]}
  - {id: staff, name: Staff, driver: civilian, amount: 500, per: month}
  - {id: camp, name: Camp, driver: infrastructure, amount: 9000, per: once}
  - {id: helo_hours, name: Helicopter hours, driver: aviation, amount: 100, per: flight_hour,
     lift: [helos], hours_per_month: 20}
cost_lines:
  - {id: civilians, name: Civilians, rate: staff, quantity: 4, from_day: 6, until_day: 16}
  - {id: camp_built, name: Camp built, rate: camp, quantity: 2, from_day: 12, output: security}
  - {id: reserve, name: Reserve camp, rate: camp, quantity: 1, from_day: 2, option: true}
outputs:
  - {id: security, name: Security}
"""

DAY0 = dt.date(2027, 6, 21)


def _plan(text: str = PLAN, ceiling: str = "1000000") -> Plan:
    return load_plan_text(text.replace("CEILING", ceiling), "cost.yaml")


def _deployment(arrivals: dict[str, int], movements: tuple[Any, ...] = ()) -> Deployment:
    """The parts of a lift schedule the estimate reads, with known days."""
    return cast(Deployment, SimpleNamespace(
        solution=SimpleNamespace(has_schedule=True, explanation="optimal"),
        problem=SimpleNamespace(day0=DAY0, reference_event="resolution"),
        arrivals=arrivals, movements=movements))


def _move(unit: str, lift: str, start: int, arrival: int, leg: int = 0) -> Any:
    return SimpleNamespace(unit=unit, lift=lift, leg=leg, start_day=start, arrival_day=arrival)


def test_budget_years_run_from_1_july_to_30_june() -> None:
    periods = budget_periods(DAY0, 400)
    assert [(p.label, p.first_day, p.end_day) for p in periods] == [
        ("2026/27", 0, 10), ("2027/28", 10, 376), ("2028/29", 376, 400)]
    assert periods[0].end == dt.date(2027, 6, 30) and periods[1].start == dt.date(2027, 7, 1)
    # a day 0 on 1 July opens its own year
    assert [p.label for p in budget_periods(dt.date(2027, 7, 1), 365)] == ["2027/28"]


def test_units_cost_from_the_day_they_are_in_place_across_the_year_boundary() -> None:
    plan = _plan()
    est = estimate(plan, _deployment({"bn": 5, "fpu": 40, "kit": 50}))
    bn = next(i for i in est.items if i.what == "bn")
    per_day = 1000 * 100 / MONTH_DAYS
    assert bn.by_period == pytest.approx({"2026/27": 5 * per_day, "2027/28": 90 * per_day})
    assert bn.total == pytest.approx(95 * per_day) and bn.output == "security"
    fpu = next(i for i in est.items if i.what == "fpu")
    assert fpu.total == pytest.approx(2000 * 10 / MONTH_DAYS * 60)
    assert fpu.by_period == pytest.approx({"2027/28": 2000 * 10 / MONTH_DAYS * 60})
    # the equipment has no personnel: no person-month cost
    assert not [i for i in est.items if i.what == "kit" and i.rate == "troops"]


def test_lift_cost_lines_and_freight_by_hand() -> None:
    plan = _plan()
    moves = (_move("kit", "ship", 2, 20), _move("bn", "helos", 4, 5))
    est = estimate(plan, _deployment({"bn": 5, "fpu": 40, "kit": 20}, moves))
    by = {(i.what, i.rate): i for i in est.items}
    # two helicopters from day 3 to day 33 (released)
    assert by["helos", "helo_hire"].total == pytest.approx(3000 * 2 / MONTH_DAYS * 30)
    assert by["helos", "helo_hire"].by_period == pytest.approx(
        {"2026/27": 3000 * 2 / MONTH_DAYS * 7, "2027/28": 3000 * 2 / MONTH_DAYS * 23})
    # flight hours: 20 a month per helicopter at 100, over the same days
    assert by["helos", "helo_hours"].total == pytest.approx(100 * 20 * 2 / MONTH_DAYS * 30)
    assert est.per_extra_asset_month["helos"] == 3000 + 100 * 20
    # an option is costed, and left out of every total
    assert [(o.what, o.total) for o in est.options] == [("reserve", 9000)]
    assert ("reserve", "camp") not in by
    # the ship is a charter: paid from day 0 to its last arrival, day 20
    assert by["ship", "ship_charter"].total == pytest.approx(6000 / MONTH_DAYS * 20)
    # sea freight: the 300 t of equipment on the ship, on the day it sails (day 2);
    # the battalion flew, so no sea freight for it
    assert by["kit", "sea_freight"].total == pytest.approx(7 * 300)
    assert by["kit", "sea_freight"].by_period == {"2026/27": 7 * 300}
    assert ("bn", "sea_freight") not in by
    # four civilians from day 6 to day 16; two camps once, on day 12
    assert by["civilians", "staff"].by_period == pytest.approx(
        {"2026/27": 500 * 4 / MONTH_DAYS * 4, "2027/28": 500 * 4 / MONTH_DAYS * 6})
    assert by["camp_built", "camp"].by_period == {"2027/28": 18000}
    assert est.by_driver["infrastructure"] == 18000
    assert est.by_output["security"] == pytest.approx(18000 + by["bn", "troops"].total)
    assert est.total == pytest.approx(sum(est.by_period.values()))
    assert est.total == pytest.approx(sum(est.by_driver.values()))
    assert sum(est.by_rate.values()) == pytest.approx(est.total)
    swings = dict(est.tornado())
    assert swings["bn in place 10 days later"] == pytest.approx(-10 * 1000 * 100 / MONTH_DAYS)
    troops_year = sum(i.first_year for i in est.items if i.rate == "troops")
    assert swings["Troops ±10 %"] == pytest.approx(0.1 * troops_year)
    assert next(iter(est.by_rate)) == "troops"  # the largest first
    assert est.per_day_in_place == pytest.approx({"bn": 1000 * 100 / MONTH_DAYS,
                                                  "fpu": 2000 * 10 / MONTH_DAYS})
    uniformed = (100 * 95 + 10 * 60) / 365.25
    assert est.uniformed_person_years == pytest.approx(uniformed)
    assert est.per_uniformed_person_year == pytest.approx(est.total / uniformed)


def test_the_first_year_odds_and_the_joint_confidence_level() -> None:
    text = PLAN.replace("horizon_days: 100", "horizon_days: 730") + (
        "events:\n  - {id: resolution, name: Resolution}\n"
        "milestones:\n  - {id: foc, name: FOC, from: resolution, max_days: 30}\n")
    arrivals = {"bn": 5, "fpu": 40, "kit": 50}
    base = estimate(_plan(text), _deployment(arrivals))
    per_day = {"bn": 1000 * 100 / MONTH_DAYS, "fpu": 2000 * 10 / MONTH_DAYS}
    fixed = base.first_year.amount - per_day["bn"] * 360 - per_day["fpu"] * 325
    # four samples: the battalion in on day 5, 35, 65, 95; police on day 40; FOC as given
    draws = np.array([[5, 40, 50], [35, 40, 50], [65, 40, 50], [95, 40, 50]])
    foc = np.array([20, 25, 40, 31])
    samples = RiskSamples(("bn", "fpu", "kit"), draws, {"foc": foc})
    costs = [fixed + per_day["bn"] * (365 - d) + per_day["fpu"] * 325 for d in (5, 35, 65, 95)]
    ceiling = (costs[1] + costs[2]) / 2  # the two later arrivals stay inside it
    est = estimate(_plan(text, str(ceiling)), _deployment(arrivals), samples)
    fy = est.first_year
    assert fy.samples == 4 and fy.p50 == pytest.approx(float(np.percentile(costs, 50)))
    assert fy.within_ceiling == 0.5 and fy.milestone == "foc"
    assert fy.milestone_probability == 0.5  # days 20 and 25 of four are within 30
    # inside the ceiling (samples 3 and 4) and FOC by day 30 (samples 1 and 2): none
    assert fy.joint == 0.0


@settings(max_examples=40, deadline=None)
@given(arrival=st.integers(0, 800), horizon=st.integers(1, 900),
       month=st.integers(1, 12), day=st.integers(1, 28))
def test_phasing_loses_and_invents_nothing(arrival: int, horizon: int, month: int,
                                           day: int) -> None:
    plan = _plan(PLAN.replace("horizon_days: 100", f"horizon_days: {horizon}"))
    dep = _deployment({"bn": arrival, "fpu": arrival, "kit": arrival})
    object.__setattr__(dep.problem, "day0", dt.date(2027, month, day))
    est = estimate(plan, dep)
    bn = next(i for i in est.items if i.what == "bn")
    assert bn.total == pytest.approx(1000 * 100 / MONTH_DAYS * max(0, horizon - arrival))
    assert sum(est.by_period.values()) == pytest.approx(est.total)
    assert all(v >= 0 for v in est.by_period.values())


def test_on_a_real_lift_schedule_the_battalion_costs_from_its_arrival() -> None:
    from impp.plan_analysis import analyse

    text = SMALL_DEPLOYMENT.replace("HELOS", "2").replace(", event: resolution_foc", "")
    text = text.replace("{id: hq, name: HQ,", "{id: hq, name: HQ, type: hq,").replace(
        "{id: bn, name: Battalion,", "{id: bn, name: Battalion, type: infantry,")
    text += """costs: {currency: USD, horizon_days: 365}
rates:
  - {id: troops, name: Troops, driver: military, amount: 1428, per: person_month,
     unit_types: [infantry, hq]}
"""
    a = analyse(load_plan_text(text, "small.yaml"), cache=False)
    assert a.cost is not None and a.deployment is not None and a.deployment.deployment
    arrival = a.deployment.deployment.arrivals["bn"]
    bn = next(i for i in a.cost.items if i.what == "bn")
    assert bn.total == pytest.approx(1428 * 200 / MONTH_DAYS * (365 - arrival))
    assert a.cost.first_year.samples == a.deployment.samples.arrivals.shape[0]  # type: ignore[union-attr]


def test_without_a_lift_schedule_nothing_is_computed_on_a_guess() -> None:
    broken = cast(Deployment, SimpleNamespace(
        solution=SimpleNamespace(has_schedule=False, explanation="no schedule meets X"),
        problem=SimpleNamespace(day0=DAY0, reference_event="resolution"),
        arrivals={}, movements=()))
    with pytest.raises(CostError, match="no schedule meets X"):
        estimate(_plan(), broken)
    with pytest.raises(CostError, match="no 'costs' section"):
        estimate(load_plan_text("mission: {id: m, name: M}\n", "x.yaml"), None)


@pytest.mark.parametrize(("change", "bad", "item", "says"), [
    ("unit_types: [police]}", "unit_types: [gendarmerie]}", "fpu",
     "unit 'fpu' of type 'police' has 10 personnel and no rate per person-month"),
    ("amount: 2000,", "amount: -2000,", "police", "-2000 is less than 0"),
    ("amount: 3000,", "amount: .inf,", "helo_hire", "finite"),
    ("per: once}", "per: once, currency: EUR}", "camp", "is in EUR, the plan's costs in USD"),
    ("rate: staff,", "rate: troops,", "civilians", "paid per person_month"),
    (", hours_per_month: 20}", "}", "helo_hours", "says no hours_per_month"),
])
def test_bad_cost_input_is_a_located_error(change: str, bad: str, item: str, says: str) -> None:
    text = PLAN.replace("CEILING", "1000").replace(change, bad)
    with pytest.raises(PlanFileError) as caught:
        load_plan_text(text, "cost.yaml")
    problems = caught.value.problems
    hit = next((p for p in problems if says in p.message), None)
    assert hit is not None, [p.message for p in problems]
    # where: the file and line (the YAML parser refuses .inf before the item is
    # known, so that one names no item)
    assert hit.file == "cost.yaml" and hit.line is not None
    assert hit.item in (item, None) and (hit.item == item or bad == "amount: .inf,")
    assert item in text.splitlines()[hit.line - 1] or bad.split(":")[0] in \
        text.splitlines()[hit.line - 1]


def test_rates_without_a_costs_section_say_what_to_add() -> None:
    text = PLAN.replace("costs: {currency: USD, horizon_days: 100, ceiling: CEILING}\n", "")
    with pytest.raises(PlanFileError, match="no 'costs' section"):
        load_plan_text(text, "cost.yaml")
