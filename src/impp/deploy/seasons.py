"""What the seasons do to the deployment: legs flown instead of driven, legs that wait.

A plan says which seasons shut its roads (``closes_roads``, with its own
source: on Carana, the directive's "road movement can become a major problem
in the rainy reason [sic], particularly in the more remote parts of the
country; this will require that the movement of goods and personnel be
carried out by air, particularly by helicopter at certain times of the
year"). The lift schedule
keeps every road leg out of a season that closes roads; this reads its
schedule back for the planner: which legs go by air while the roads are
shut, and which wait for them to reopen, and for how long. A wait that sets
a late milestone's day is a warning: more helicopters or aircraft would
shorten it, and they are scarce: "Certain capabilities – such as
helicopters and military enablers – are in short supply globally" (New
Horizon (2009), Defining future needs).

Code: ``deploy.season-air`` (info, or warning when a wait makes a
milestone late).
"""

from __future__ import annotations

import datetime as dt

from impp.deploy.schedule import Deployment, Movement
from impp.doctrine import registry
from impp.findings import Finding
from impp.model.plan import Plan

#: The rule's passage; each finding cites, before it, the plan's own source for
#: its road-closing seasons (on Carana, the directive's Constraints).
SOURCE = (
    'New Horizon (2009), Defining future needs ("Certain capabilities – such as helicopters '
    'and military enablers – are in short supply globally")')


@registry.check(
    "models",
    registry.Rule("deploy.season-air", "info / warning",
                  "legs flown while a season shuts the roads, legs that wait for them to "
                  "reopen (a warning when a wait sets a late milestone's day)",
                  f"the season's own source; {SOURCE}"),
)
def season_check(ctx: registry.Context) -> list[Finding]:
    """The seasons' effect on the analysis's lift schedule."""
    d = ctx.deployment
    if d is None or d.deployment is None:
        return []
    return season_findings(ctx.plan, d.deployment)


def season_findings(plan: Plan, dep: Deployment) -> list[Finding]:
    """The legs a road-closing season sends by air or holds back, in one finding.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.deploy.schedule import plan_deployment
    >>> plan = load_plan(carana_path())
    >>> [f.code for f in season_findings(plan, plan_deployment(plan, time_limit=2))]
    ['deploy.season-air']
    """
    if not dep.solution.has_schedule:
        return []
    # the routes each season closes: every road where it ``closes_roads``, and the
    # routes that name it in ``closed_in`` (a season may shut one route, not every road)
    closing = {x.id: [r for r in plan.routes if x.id in r.closed_in
                      or (x.closes_roads and r.mode == "road")] for x in plan.seasons}
    closing = {k: v for k, v in closing.items() if v}
    if not closing:
        return []
    windows = {k: dep.problem.season_windows.get(k, ()) for k in closing}
    pairs = {k: {(r.from_, r.to) for r in v} | {(r.to, r.from_) for r in v if r.both_ways}
             for k, v in closing.items()}
    closed_routes = {k: {r.id for r in v} for k, v in closing.items()}
    shut = [w for k in closing for w in windows[k]]
    if not shut:
        return []
    mode = {r.id: r.mode for r in plan.routes}
    names = {u.id: u.name for u in plan.units}
    ready = {leg.unit: dep.problem.instance.activities[leg.activity].release
             for leg in dep.problem.legs if leg.index == 0}
    previous: dict[str, int] = {}
    flown: list[Movement] = []
    waits: list[tuple[Movement, int]] = []
    for m in sorted(dep.movements, key=lambda m: (m.unit, m.leg)):
        free = previous.get(m.unit, ready.get(m.unit, 0))
        previous[m.unit] = m.arrival_day
        if mode.get(m.route) == "air" and any(
                (m.origin, m.to) in pairs[k] and m.route not in closed_routes[k]
                and any(m.start_day < w[1] and m.arrival_day > w[0] for w in windows[k])
                for k in closing):
            flown.append(m)
        if m.start_day > free and any(
                m.route in closed_routes[k] and any(w[0] <= free < w[1] and m.start_day >= w[1]
                                                    for w in windows[k]) for k in closing):
            waits.append((m, m.start_day - free))
    if not flown and not waits:
        return []
    end = max(m.arrival_day for m in dep.movements)
    seasons = {x.id: x for x in plan.seasons}
    parts = []
    for k in closing:
        during = [w for w in sorted(windows[k]) if w[0] < end]
        if not during:
            continue
        what = ("Roads are shut by the season" if seasons[k].closes_roads else
                f"{seasons[k].name} closes {', '.join(sorted(closed_routes[k]))}")
        parts.append(what + " " + ", and ".join(
            f"from {_date(dep, a)} to {_date(dep, b - 1)} (days {a} to {b - 1} of the "
            "deployment)" for a, b in during) + ".")
    if flown:
        parts.append(f"{len(flown)} leg{'s go' if len(flown) > 1 else ' goes'} by air instead: "
                     + "; ".join(f"{names.get(m.unit, m.unit)}, {m.origin} to {m.to} by "
                                 f"{m.lift} (days {m.start_day} to {m.arrival_day})"
                                 for m in flown) + ".")
    late = _late_waits(dep, waits)
    if waits:
        way = "roads" if any(seasons[k].closes_roads for k in closing) else "routes"
        parts.append(f"{len(waits)} leg{'s wait' if len(waits) > 1 else ' waits'} for the {way} "
                     "to reopen: " + "; ".join(
                         f"{names.get(m.unit, m.unit)} at {m.origin}, {days} days"
                         + (f" (it sets {late[m.unit]}'s day)" if m.unit in late else "")
                         for m, days in waits) + ".")
    parts.append("More helicopters or aircraft would fly what waits; the what-if rows say "
                 "what one more of each gains.")
    return [Finding(
        "warning" if late else "info", "deploy.season-air", " ".join(parts),
        tuple(dict.fromkeys([*(m.unit for m in flown), *(m.unit for m, _ in waits),
                             *closing])),
        "; ".join([*[src for k in closing if (src := seasons[k].source)], SOURCE]))]


def _late_waits(dep: Deployment, waits: list[tuple[Movement, int]]) -> dict[str, str]:
    """Waiting units that arrive last for a milestone that misses its deadline."""
    out: dict[str, str] = {}
    for spec, result in zip(dep.problem.milestones, dep.milestones, strict=True):
        if result.met is not False or result.day is None:
            continue
        members = spec.units or tuple(dep.arrivals)
        for m, _ in waits:
            if m.unit in members and dep.arrivals.get(m.unit) == result.day:
                out[m.unit] = result.name
    return out


def _date(dep: Deployment, day: int) -> str:
    return (dep.problem.day0 + dt.timedelta(days=day)).isoformat()


__all__ = ["season_findings"]
