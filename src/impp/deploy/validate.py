"""An independent check of a deployment schedule against the plan itself.

It does not reuse the model: it re-derives, from the plan's units, lift,
routes and seasons, what every movement must satisfy, and says what does
not hold: the path (each leg joins the previous one's end, from embarkation
to destination, on a route between its ends, by a lift the route names),
readiness (no unit leaves before it is ready), transit (the arrival leaves
room for every trip and the route's transit), capacity (on no day do the
movements hold more assets of a type than there are), and seasons (no
movement on a route while a season closes it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict

from impp.deploy.schedule import Deployment
from impp.model.plan import Plan


def _season_days(plan: Plan, season_id: str, day0: dt.date, last: int) -> set[int]:
    season = next(s for s in plan.seasons if s.id == season_id)
    days = set()
    for d in range(0, last + 1):
        date = day0 + dt.timedelta(days=d)
        if season.recurring:
            md = date.strftime("%m-%d")
            inside = (season.start <= md <= season.end if season.start <= season.end
                      else md >= season.start or md <= season.end)
        else:
            inside = season.start <= date.isoformat() <= season.end
        if inside:
            days.add(d)
    return days


def check_deployment_schedule(plan: Plan, dep: Deployment) -> list[str]:
    """Every rule the schedule breaks, in words (empty when it holds).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.deploy.schedule import plan_deployment
    >>> plan = load_plan(carana_path())
    >>> check_deployment_schedule(plan, plan_deployment(plan, time_limit=2))
    []
    """
    problems: list[str] = []
    routes = {r.id: r for r in plan.routes}
    lift = {a.id: a for a in plan.lift}
    units = {u.id: u for u in plan.units}
    day0 = dep.problem.day0
    last = max([m.arrival_day for m in dep.movements] + [0]) + 1
    by_unit = defaultdict(list)
    for m in dep.movements:
        by_unit[m.unit].append(m)
    extra_count = dict(zip([a.id for a in plan.lift], dep.problem.instance.capacities,
                           strict=True))
    for uid, unit in units.items():
        legs = sorted(by_unit.get(uid, []), key=lambda m: m.leg)
        ready = unit.ready_day or 0
        if unit.ready_date is not None:
            ready = max(0, (unit.ready_date - day0).days)
        if unit.embarkation is None:
            continue
        if not legs:
            problems.append(f"{uid}: never moves")
            continue
        if legs[0].origin != unit.embarkation or legs[-1].to != unit.destination:
            problems.append(f"{uid}: moves {legs[0].origin} to {legs[-1].to}, not "
                            f"{unit.embarkation} to {unit.destination}")
        if legs[0].start_day < ready:
            problems.append(f"{uid}: leaves on day {legs[0].start_day}, before it is ready "
                            f"(day {ready})")
        for a, b in itertools.pairwise(legs):
            if a.to != b.origin:
                problems.append(f"{uid}: leg {b.leg} starts at {b.origin}, not {a.to}")
            if b.start_day < a.arrival_day:
                problems.append(f"{uid}: leg {b.leg} starts on day {b.start_day} before leg "
                                f"{a.leg} arrives (day {a.arrival_day})")
        arrival = dep.arrivals.get(uid)
        if arrival is None or arrival < legs[-1].arrival_day:
            problems.append(f"{uid}: in place on day {arrival}, before its last leg arrives")
        for m in legs:
            route = routes[m.route]
            if {m.origin, m.to} != {route.from_, route.to} or (
                    not route.both_ways and (m.origin, m.to) != (route.from_, route.to)):
                problems.append(f"{uid}: route {route.id} does not join {m.origin} and {m.to}")
            if m.lift not in route.lift:
                problems.append(f"{uid}: {m.lift} cannot carry route {route.id}")
            asset = lift[m.lift]
            per_trip = asset.tonnes_per_day or asset.capacity_tonnes or 1.0
            cycle = 1.0 if asset.tonnes_per_day else (asset.turnaround_days or 1.0)
            tonnes = unit.cargo_tonnes + 0.1 * (unit.personnel or 0)
            trips = max(1, math.ceil(tonnes / per_trip - 1e-9))
            rounds = math.ceil(trips / m.assets)
            if m.hold_days < math.ceil(rounds * cycle - 1e-9):
                problems.append(f"{uid}: holds {m.lift} {m.hold_days} days, too few for "
                                f"{rounds} trips")
            need = math.ceil((rounds - 1) * cycle - 1e-9) + route.days
            closed = set(route.closed_in) | (
                {s.id for s in plan.seasons if s.closes_roads} if route.mode == "road" else set())
            on_way = set(range(m.start_day, max(m.start_day + m.hold_days, m.arrival_day)))
            slow = [route.days_by_season[s] for s in route.days_by_season
                    if on_way & _season_days(plan, s, day0, last)]
            if slow:
                need = math.ceil((rounds - 1) * cycle - 1e-9) + max([route.days, *slow])
            if m.arrival_day - m.start_day < max(need, 1):
                problems.append(f"{uid}: arrives {m.arrival_day - m.start_day} days after "
                                f"leaving on {route.id}; needs {need}")
            for s in closed:
                hit = on_way & _season_days(plan, s, day0, last)
                if hit:
                    problems.append(f"{uid}: on {route.id} on day {min(hit)}, while season "
                                    f"{s} closes it")
    for asset in plan.lift:
        count = extra_count[asset.id]
        for d in range(last + 1):
            avail = count if asset.available_from_day <= d and (
                asset.available_until_day is None or d < asset.available_until_day) else 0
            held = sum(m.assets for m in dep.movements
                       if m.lift == asset.id and m.start_day <= d < m.start_day + m.hold_days)
            if held > avail:
                problems.append(f"{asset.id}: {held} held on day {d}, {avail} available")
                break
    for res, spec in zip(dep.milestones, dep.problem.milestones, strict=True):
        members = spec.units or tuple(dep.arrivals)
        latest = max((dep.arrivals[u] for u in members), default=0)
        if res.day != latest:
            problems.append(f"milestone {res.id}: day {res.day}, but its last unit arrives "
                            f"on day {latest}")
    return problems
