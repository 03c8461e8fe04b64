"""The cost estimate: the plan's rates times its quantities, phased by the lift schedule.

Units cost from the day the lift schedule puts them in place, lift assets from
the day they are available (contracted) to the day they are released, cost
lines over their own days; each amount accrues day by day (a month is
365.25 / 12 days) and falls into the UN peacekeeping budget year it is spent
in (1 July to 30 June). So a deployment that slips moves money from one budget
year to the next, and the schedule's uncertainty (the deployment risk's
samples) becomes the first year's: its P50, P80, the odds of staying inside
the ceiling, and the joint odds of the ceiling and FOC's deadline (a joint
confidence level).

>>> import datetime as dt
>>> [p.label for p in budget_periods(dt.date(2027, 6, 3), 400)]
['2026/27', '2027/28', '2028/29']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from impp.exceptions import CostError
from impp.model.cost import CostRate

if TYPE_CHECKING:
    from impp.deploy.samples import RiskSamples
    from impp.deploy.schedule import Deployment
    from impp.model.plan import Plan

#: Days in a month: rates per month accrue by the day.
MONTH_DAYS = 365.25 / 12
#: The first year of the mission: days 0 to 364 from the reference event.
YEAR_DAYS = 365
#: The drivers in the order tables show them (New Horizon's first).
DRIVERS = ("military", "police", "civilian", "aviation", "infrastructure", "other")
#: The UN peacekeeping budget year starts on 1 July.
BUDGET_YEAR_START = (7, 1)


@dataclass(frozen=True)
class Period:
    """A budget year, clipped to the estimate: ``[first_day, end_day)`` from day 0."""

    label: str
    start: dt.date
    end: dt.date
    first_day: int
    end_day: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"label": self.label, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "first_day": self.first_day,
                "end_day": self.end_day}


def budget_periods(day0: dt.date, horizon_days: int) -> tuple[Period, ...]:
    """The UN budget years (1 July to 30 June) that days ``[0, horizon_days)`` fall in."""
    month, day = BUDGET_YEAR_START
    year = day0.year if day0 >= dt.date(day0.year, month, day) else day0.year - 1
    out = []
    while True:
        start, nxt = dt.date(year, month, day), dt.date(year + 1, month, day)
        a, b = (start - day0).days, (nxt - day0).days
        if a >= horizon_days:
            break
        first, end = max(a, 0), min(b, horizon_days)
        out.append(Period(f"{year}/{(year + 1) % 100:02d}", day0 + dt.timedelta(days=first),
                          day0 + dt.timedelta(days=end - 1), first, end))
        year += 1
    return tuple(out)


@dataclass(frozen=True)
class CostItem:
    """One line of the estimate: an item of the plan at one rate."""

    what: str
    section: str
    name: str
    rate: str
    driver: str
    output: str | None
    quantity: float
    #: How the amount follows from the plan, in words.
    basis: str
    total: float
    by_period: dict[str, float]
    first_year: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class FirstYear:
    """The first year's cost (days 0-364) on the plan's schedule, and its odds.

    The first year, as the first Mission Budget Report covers it (IMPP
    guidelines §1.2.4: "covering the first year of peacekeeping operations"),
    counted from day 0, not the first budget year, which may be days long.

    ``p50``/``p80``, ``within_ceiling`` and ``joint`` come from the deployment
    risk's samples (``None`` without them); ``joint`` is the share of samples
    that stay inside the ceiling *and* meet ``milestone``'s deadline.
    """

    amount: float
    samples: int = 0
    p50: float | None = None
    p80: float | None = None
    ceiling: float | None = None
    within_ceiling: float | None = None
    milestone: str | None = None
    milestone_name: str | None = None
    milestone_max_days: int | None = None
    milestone_probability: float | None = None
    joint: float | None = None
    #: The first year's cost at every fifth percentile (0, 5, ..., 100) of the
    #: samples: the S-curve (empty without samples).
    curve: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {**self.__dict__, "curve": list(self.curve)}


@dataclass(frozen=True)
class CostEstimate:
    """What the plan costs, computed once from its rates and its lift schedule."""

    currency: str
    day0: dt.date
    reference_event: str
    horizon_days: int
    periods: tuple[Period, ...]
    total: float
    by_driver: dict[str, float]
    by_period: dict[str, float]
    by_output: dict[str, float]
    uniformed_person_years: float
    per_uniformed_person_year: float | None
    first_year: FirstYear
    items: tuple[CostItem, ...]
    rates: tuple[CostRate, ...]
    basis: str
    ceiling_source: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: What each unit costs per day in place: a day's slip of its arrival saves
    #: this much in the estimate (and a day gained costs it).
    per_day_in_place: dict[str, float] = field(default_factory=dict)
    #: The name of each output in ``by_output``.
    output_names: dict[str, str] = field(default_factory=dict)
    #: Cost lines marked ``option`` (reserve capacity, alternatives): costed
    #: like the others, left out of every total.
    options: tuple[CostItem, ...] = ()
    #: Lift asset type -> what one more of it costs a month at the plan's rates
    #: (the what-if's dollars beside its days).
    per_extra_asset_month: dict[str, float] = field(default_factory=dict)

    @property
    def by_rate(self) -> dict[str, float]:
        """Rate id -> what it adds up to, largest first (the cost's drivers: a change
        of x % in a rate moves the total by x % of its figure)."""
        out: dict[str, float] = {}
        for i in self.items:
            out[i.rate] = out.get(i.rate, 0.0) + i.total
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    @property
    def by_period_driver(self) -> dict[str, dict[str, float]]:
        """Budget year -> driver -> amount (the chart's stacked bars)."""
        out: dict[str, dict[str, float]] = {p.label: {} for p in self.periods}
        for i in self.items:
            for label, amount in i.by_period.items():
                out[label][i.driver] = out[label].get(i.driver, 0.0) + amount
        return out

    def tornado(self, rates: int = 6, units: int = 3) -> list[tuple[str, float]]:
        """What drives the first year's cost, largest first: (what, swing in money)
        for a 10 % change of each of the largest rates and a 10-day slip of the
        costliest units' arrival (a slip saves money: its swing is negative)."""
        by_rate: dict[str, float] = {}
        for i in self.items:
            by_rate[i.rate] = by_rate.get(i.rate, 0.0) + i.first_year
        names = {r.id: r.name for r in self.rates}
        swings = sorted(((f"{names.get(r, r)} ±10 %", 0.1 * v) for r, v in by_rate.items()
                         if v), key=lambda x: -abs(x[1]))[:rates]
        swings += [(f"{u} in place 10 days later", -10 * per_day)
                   for u, per_day in list(self.per_day_in_place.items())[:units]]
        return sorted(swings, key=lambda x: -abs(x[1]))

    def share(self, driver: str) -> float:
        """The driver's share of the total (0 when the total is 0)."""
        return self.by_driver.get(driver, 0.0) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data: ``total``, ``by_driver``, ``by_period``,
        ``per_uniformed_person_year``, ``rates`` used and the lines behind them."""
        return {
            "currency": self.currency, "day0": self.day0.isoformat(),
            "reference_event": self.reference_event, "horizon_days": self.horizon_days,
            "total": self.total, "by_driver": self.by_driver, "by_period": self.by_period,
            "by_period_driver": self.by_period_driver, "by_rate": self.by_rate,
            "per_day_in_place": self.per_day_in_place, "output_names": self.output_names,
            "tornado": [{"what": w, "swing": v} for w, v in self.tornado()],
            "options": [o.as_dict() for o in self.options],
            "per_extra_asset_month": self.per_extra_asset_month,
            "periods": [p.as_dict() for p in self.periods], "by_output": self.by_output,
            "uniformed_person_years": self.uniformed_person_years,
            "per_uniformed_person_year": self.per_uniformed_person_year,
            "first_year": self.first_year.as_dict(),
            "rates": [{"id": r.id, "name": r.name, "driver": r.driver, "amount": r.amount,
                       "per": r.per, "source": r.source, "assumption": r.assumption}
                      for r in self.rates],
            "items": [i.as_dict() for i in self.items], "basis": self.basis,
            "notes": list(self.notes),
        }


class _Ledger:
    """Accrues amounts by day range into budget periods."""

    def __init__(self, periods: tuple[Period, ...], horizon: int) -> None:
        self.periods = periods
        self.horizon = horizon

    def spread(self, per_day: float, a: int, b: int) -> tuple[float, dict[str, float], float]:
        """(total, by period, first year) of ``per_day`` over days ``[a, b)``."""
        b = min(b, self.horizon)
        by: dict[str, float] = {}
        for p in self.periods:
            days = min(b, p.end_day) - max(a, p.first_day)
            if days > 0:
                by[p.label] = per_day * days
        year = per_day * max(0, min(b, YEAR_DAYS) - a)
        return sum(by.values()), by, year

    def once(self, amount: float, day: int) -> tuple[float, dict[str, float], float]:
        """(total, by period, first year) of ``amount`` paid on ``day``."""
        for p in self.periods:
            if p.first_day <= day < p.end_day:
                return amount, {p.label: amount}, amount if day < YEAR_DAYS else 0.0
        return 0.0, {}, 0.0


def estimate(plan: Plan, deployment: Deployment | None,
             samples: RiskSamples | None = None) -> CostEstimate:
    """The cost of ``plan``: its rates applied to its units (from the day
    ``deployment`` puts them in place), its lift and its cost lines.

    ``samples``: the deployment risk's draws, for the first year's odds.
    Raises :class:`~impp.exceptions.CostError` when the plan has no ``costs``
    section, or has units to pay for and no lift schedule to phase them by.
    """
    costs = plan.costs
    if costs is None:
        raise CostError("the plan has no 'costs' section: add one with its currency and "
                        "rates (the README's 'What a plan costs' shows one)")
    paid_units = [u for u in plan.units if u.personnel]
    needs_schedule = paid_units or any(
        r.per == "tonne" or (r.per in ("asset_month", "flight_hour") and r.charter)
        for r in plan.rates)
    if needs_schedule and (deployment is None or not deployment.solution.has_schedule):
        why = ("the plan has no deployment" if deployment is None
               else deployment.solution.explanation)
        raise CostError(
            "units cost from the day the lift schedule puts them in place, and there is "
            f"no lift schedule ({why}): fix the deployment first (`impp deploy`)")
    from impp.deploy.problem import reference_day

    if deployment is not None:
        day0, ref = deployment.problem.day0, deployment.problem.reference_event
    elif plan.milestones:
        ref, day0 = reference_day(plan)
    else:
        raise CostError("the estimate counts from the deployment's reference event (the "
                        "mandate resolution): add a milestone that names it")
    horizon = costs.horizon_days
    periods = budget_periods(day0, horizon)
    ledger = _Ledger(periods, horizon)
    items: list[CostItem] = []
    rates_used: dict[str, CostRate] = {}
    unit_rate_per_day: dict[str, float] = {}
    arrivals = deployment.arrivals if deployment is not None else {}

    options: list[CostItem] = []

    def add(what: str, section: str, name: str, rate: CostRate, output: str | None,
            quantity: float, basis: str, amounts: tuple[float, dict[str, float], float],
            into: list[CostItem] = items) -> None:
        total, by, year = amounts
        rates_used[rate.id] = rate
        into.append(CostItem(what, section, name, rate.id, rate.driver, output or rate.output,
                             quantity, basis, total, by, year))

    # units: each person, from the day the unit is in place
    for unit in paid_units:
        day = arrivals[unit.id]
        for rate in plan.rates:
            if rate.per == "person_month" and unit.type in rate.unit_types:
                per_day = rate.amount * (unit.personnel or 0) / MONTH_DAYS
                unit_rate_per_day[unit.id] = unit_rate_per_day.get(unit.id, 0.0) + per_day
                add(unit.id, "units", unit.name, rate, None, float(unit.personnel or 0),
                    f"{unit.personnel} personnel from day {day} (in place, lift schedule)",
                    ledger.spread(per_day, day, horizon))
    # freight: each tonne a unit moves, on the day its movement starts
    if deployment is not None:
        from impp.deploy.problem import unit_tonnes

        modes = {a.id: a.mode for a in plan.lift}
        units = {u.id: u for u in plan.units}
        for rate in plan.rates:
            if rate.per != "tonne":
                continue
            for m in deployment.movements:
                unit = units[m.unit]
                if rate.unit_types and unit.type not in rate.unit_types:
                    continue
                if rate.modes and modes.get(m.lift) not in rate.modes:
                    continue
                tonnes = unit_tonnes(unit)
                add(unit.id, "units", f"{unit.name}: leg {m.leg + 1} by {m.lift}", rate, None,
                    tonnes, f"{tonnes:g} t moved on day {m.start_day}",
                    ledger.once(rate.amount * tonnes, m.start_day))
    # lift: each asset from the day it is available to the day it is released
    lift = {a.id: a for a in plan.lift}
    last_use: dict[str, int] = {}
    if deployment is not None:
        for m in deployment.movements:
            last_use[m.lift] = max(last_use.get(m.lift, 0), m.arrival_day)
    per_extra_month: dict[str, float] = {}
    for rate in plan.rates:
        if rate.per not in ("asset_month", "flight_hour"):
            continue
        hours = rate.hours_per_month or 0.0
        monthly = rate.amount * hours if rate.per == "flight_hour" else rate.amount
        for asset_id in rate.lift:
            asset = lift[asset_id]
            per_extra_month[asset_id] = per_extra_month.get(asset_id, 0.0) + monthly
            start = asset.available_from_day
            if rate.charter and asset_id in last_use:
                end, why = last_use[asset_id], "to its last movement (a charter)"
            elif asset.available_until_day is not None:
                end, why = asset.available_until_day, "to the day it is released"
            else:
                end, why = horizon, "to the end of the estimate"
            flying = (f", {hours:g} flight hours a month each"
                      if rate.per == "flight_hour" else "")
            add(asset.id, "lift", asset.name, rate, None, float(asset.count),
                f"{asset.count} from day {start} {why} (day {min(end, horizon)}){flying}",
                ledger.spread(monthly * asset.count / MONTH_DAYS, start, end))
    # cost lines: their own quantities and days
    by_rate = {r.id: r for r in plan.rates}
    for line in plan.cost_lines:
        rate = by_rate[line.rate]
        end = line.until_day if line.until_day is not None else horizon
        if rate.per == "once":
            amounts = ledger.once(rate.amount * line.quantity, line.from_day)
            basis = f"{line.quantity:g} once, on day {line.from_day}"
        else:
            amounts = ledger.spread(rate.amount * line.quantity / MONTH_DAYS, line.from_day, end)
            basis = f"{line.quantity:g} from day {line.from_day} to day {min(end, horizon)}"
        # an option is costed apart, never in the total
        add(line.id, "cost_lines", line.name, rate, line.output, line.quantity, basis, amounts,
            options if line.option else items)

    by_driver = {d: sum(i.total for i in items if i.driver == d) for d in DRIVERS}
    by_driver = {d: v for d, v in by_driver.items() if v}
    by_period = {p.label: sum(i.by_period.get(p.label, 0.0) for i in items) for p in periods}
    by_output: dict[str, float] = {}
    for i in items:
        key = i.output or "(no output named)"
        by_output[key] = by_output.get(key, 0.0) + i.total
    total = sum(i.total for i in items)
    person_years = sum((u.personnel or 0) * max(0, horizon - arrivals[u.id]) / 365.25
                       for u in paid_units)
    first = _first_year(plan, items, unit_rate_per_day, arrivals, samples)
    notes = []
    if any(r.assumption for r in rates_used.values()):
        notes.append("Rates marked as assumptions are the planners' figures, to be replaced "
                     "by the Secretariat's standard costs.")
    return CostEstimate(
        currency=costs.currency, day0=day0, reference_event=ref, horizon_days=horizon,
        periods=periods, total=total, by_driver=by_driver, by_period=by_period,
        by_output=by_output, uniformed_person_years=person_years,
        per_uniformed_person_year=total / person_years if person_years else None,
        first_year=first, items=tuple(items),
        rates=tuple(r for r in plan.rates if r.id in rates_used),
        basis="units from the day the lift schedule puts them in place",
        ceiling_source=costs.source, notes=tuple(notes),
        per_day_in_place=dict(sorted(unit_rate_per_day.items(), key=lambda kv: -kv[1])),
        output_names={o.id: o.name for o in plan.outputs if o.id in by_output},
        options=tuple(options), per_extra_asset_month=per_extra_month,
    )


def _first_year(plan: Plan, items: list[CostItem], unit_per_day: dict[str, float],
                arrivals: dict[str, int], samples: RiskSamples | None) -> FirstYear:
    amount = sum(i.first_year for i in items)
    costs = plan.costs
    assert costs is not None
    ceiling = costs.ceiling
    if samples is None or not unit_per_day:
        return FirstYear(amount, ceiling=ceiling,
                         within_ceiling=(float(amount <= ceiling) if ceiling else None))
    import numpy as np

    # what does not move with the schedule, and each unit's cost per day in place
    fixed = amount - sum(per_day * max(0, YEAR_DAYS - arrivals[u])
                         for u, per_day in unit_per_day.items())
    cols = [samples.units.index(u) for u in unit_per_day]
    rate = np.array(list(unit_per_day.values()))
    days = np.clip(YEAR_DAYS - samples.arrivals[:, cols], 0, None)
    drawn = fixed + days @ rate
    foc = next((m for m in plan.milestones if not m.units), None)
    within = float((drawn <= ceiling).mean()) if ceiling else None
    joint = met = None
    if foc is not None and foc.id in samples.milestones and foc.max_days is not None:
        on_time = samples.milestones[foc.id] <= foc.max_days
        met = float(on_time.mean())
        if ceiling:
            joint = float(((drawn <= ceiling) & on_time).mean())
    from impp.quantiles import percentiles

    curve = percentiles(drawn, range(0, 101, 5))
    p50, p80 = percentiles(drawn, (50, 80))
    return FirstYear(
        amount, samples=int(drawn.shape[0]), p50=p50,
        p80=p80, ceiling=ceiling, within_ceiling=within,
        milestone=foc.id if foc else None, milestone_name=foc.name if foc else None,
        milestone_max_days=foc.max_days if foc else None,
        milestone_probability=met, joint=joint,
        curve=tuple(curve))
