"""From a plan's units, lift, routes and milestones to a scheduling instance.

Each unit moves leg by leg along its path (port of embarkation, any ``via``
locations, destination; the path with fewest legs when none is given). A leg
can be carried on any route joining its two ends by any lift asset the route
names, with ``k`` assets of that type: a *mode* of the leg. With a load of
``L`` trips (the unit's tonnes over the asset's tonnes per trip, rounded up)
and ``k`` assets, each asset makes ``R = ceil(L / k)`` trips of ``c`` days
(the turnaround; one day for in-theatre lift given per day): the assets are
held ``ceil(R c)`` days and the last load arrives ``ceil((R - 1) c) +
transit`` days after the start. A road leg cannot overlap a season that
closes roads (Carana directive, Constraints: "movement of goods and
personnel be carried out by air"), nor any route a season it is closed in; a
route slower in a season has a second mode with the slower transit.

Each unit ends with a zero-length "in place" activity; milestones are the
latest of those.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

from impp.deploy.instance import FOREVER, Activity, Instance, Mode
from impp.exceptions import DeploymentError
from impp.model.deployment import LiftAsset, Milestone, Route, Unit
from impp.model.plan import Plan
from impp.model.timeline import Season
from impp.temporal.checks import cached_schedule as schedule

#: Tonnes carried per person with personal kit: a planning figure (assumption).
PERSON_TONNES = 0.1
#: How many years of seasons to lay out after day 0.
_YEARS = 3


@dataclass(frozen=True)
class LegMode:
    """What one mode of a leg means: route, asset type, how many, season variant."""

    route: str
    asset: str
    assets: int
    trips: int
    season: str | None  # the season whose slower transit this variant uses


@dataclass(frozen=True)
class Leg:
    """One leg of one unit's movement."""

    unit: str
    index: int
    activity: int
    origin: str
    to: str
    modes: tuple[LegMode, ...]


@dataclass(frozen=True)
class DeploymentProblem:
    """A plan's deployment as an instance, with what each index means."""

    instance: Instance
    legs: tuple[Leg, ...]
    #: Activity index of each unit's "in place" activity.
    in_place: dict[str, int]
    milestones: tuple[Milestone, ...]  # in the instance's (objective) order
    assets: tuple[LiftAsset, ...]
    day0: dt.date
    reference_event: str
    #: Season id -> ``[start, end)`` day windows after day 0.
    season_windows: dict[str, tuple[tuple[int, int], ...]]


def unit_tonnes(unit: Unit) -> float:
    """What a unit weighs to the lift: cargo plus people.

    >>> unit_tonnes(Unit(id="u", name="U", cargo_tonnes=100, personnel=850))
    185.0
    """
    return unit.cargo_tonnes + (unit.personnel or 0) * PERSON_TONNES


def season_windows(
    season: Season, day0: dt.date, years: int = _YEARS
) -> tuple[tuple[int, int], ...]:
    """The season's ``[start, end)`` windows in days after ``day0`` (end date included).

    >>> s = Season(id="rainy", name="Rainy", start="06-15", end="09-30")
    >>> season_windows(s, dt.date(2026, 8, 1), years=1)
    ((0, 61), (318, 426))
    """
    spans: list[tuple[dt.date, dt.date]] = []
    if season.recurring:
        for year in range(day0.year - 1, day0.year + years + 1):
            first = dt.date.fromisoformat(f"{year}-{season.start}")
            last = dt.date.fromisoformat(f"{year}-{season.end}")
            if last < first:
                last = dt.date.fromisoformat(f"{year + 1}-{season.end}")
            spans.append((first, last))
    else:
        spans.append((dt.date.fromisoformat(season.start), dt.date.fromisoformat(season.end)))
    out = []
    for first, last in spans:
        a, b = (first - day0).days, (last - day0).days + 1
        if b > 0 and a < 366 * years:
            out.append((max(a, 0), b))
    return tuple(out)


def reference_day(plan: Plan) -> tuple[str, dt.date]:
    """The event the deployment counts from and its date (day 0); raises
    :class:`~impp.exceptions.DeploymentError` when there is none."""
    if not plan.milestones:
        raise DeploymentError(
            "the plan has no deployment milestone; add one under milestones (e.g. FOC: "
            "from the mandate resolution, every unit)")
    return _reference(plan, plan.milestones)


def _reference(plan: Plan, milestones: tuple[Milestone, ...]) -> tuple[str, dt.date]:
    refs = {m.from_ for m in milestones}
    if len(refs) > 1:
        raise DeploymentError(
            "milestones count from different events (" + ", ".join(sorted(refs))
            + "); give every milestone the same 'from' (the mandate resolution)")
    ref = next(iter(refs))
    dated = {e.id: e.date for e in plan.events if e.date is not None}
    if ref in dated:
        date = dated[ref]
        assert date is not None
        return ref, date
    given = {m.from_date for m in milestones if m.from_date is not None}
    if len(given) > 1:
        raise DeploymentError(f"milestones give different from_date for {ref!r}; give one")
    if given:
        return ref, next(iter(given))
    # Otherwise the timeline's earliest date for the event: the deployment then
    # starts when the plan's own schedule says the resolution comes.
    timeline = schedule(plan)
    times = timeline.events.get(ref) if timeline.consistent else None
    if times is None or times.date is None:
        raise DeploymentError(
            f"event {ref!r} has no date, the timeline gives it none, and no milestone gives "
            "from_date: seasons need a calendar; date an event of the timeline, or add "
            "from_date to a milestone (an assumption)")
    return ref, times.date


def _graph(routes: tuple[Route, ...]) -> dict[str, list[str]]:
    """Where one can go from each location, in the order the routes are listed."""
    g: dict[str, list[str]] = {}
    for r in routes:
        for a, b in ((r.from_, r.to), (r.to, r.from_)) if r.both_ways else ((r.from_, r.to),):
            nexts = g.setdefault(a, [])
            if b not in nexts:
                nexts.append(b)
    return g


def _shortest(g: dict[str, list[str]], a: str, b: str) -> list[str] | None:
    """The path from ``a`` to ``b`` with the fewest legs (breadth first; among
    equally short ones, the first found in the order the routes are listed)."""
    came: dict[str, str | None] = {a: None}
    frontier = [a]
    while frontier and b not in came:
        nxt = []
        for x in frontier:
            for y in g.get(x, ()):
                if y not in came:
                    came[y] = x
                    nxt.append(y)
        frontier = nxt
    if b not in came:
        return None
    path = [b]
    while (prev := came[path[-1]]) is not None:
        path.append(prev)
    return path[::-1]


def _path(unit: Unit, g: dict[str, list[str]]) -> list[str]:
    assert unit.embarkation is not None and unit.destination is not None
    points = [unit.embarkation, *unit.via, unit.destination]
    path = [points[0]]
    for a, b in itertools.pairwise(points):
        part = _shortest(g, a, b)
        if part is None:
            raise DeploymentError(
                f"unit {unit.id!r}: no route from {a!r} to {b!r}; add a route between them "
                "(or through another location) or change the unit's via")
        path.extend(part[1:])
    return path


def _closures(route: Route, seasons: dict[str, Season]) -> list[str]:
    closed = list(route.closed_in)
    if route.mode == "road":
        closed += [s.id for s in seasons.values() if s.closes_roads and s.id not in closed]
    return closed


def build_problem(
    plan: Plan,
    *,
    extra: dict[str, int] | None = None,
    ioc_first: bool = False,
    bounds: dict[str, int] | None = None,
) -> DeploymentProblem:
    """The plan's deployment as a scheduling instance.

    ``extra`` adds assets by lift id (the what-if); every way of carrying a
    leg that the plan's own counts allow stays available, so a schedule of
    the plan without the extra assets is a schedule of the plan with them.
    ``bounds``: milestone id -> a day it may not pass. Milestones are
    minimised full operating capability first (units: all), then the others;
    with ``ioc_first`` the others first.
    """
    extra = extra or {}
    ref, day0 = reference_day(plan)
    seasons = {s.id: s for s in plan.seasons}
    windows = {sid: season_windows(s, day0) for sid, s in seasons.items()}
    assets = plan.lift
    asset_index = {a.id: i for i, a in enumerate(assets)}
    counts = [a.count + extra.get(a.id, 0) for a in assets]
    base_counts = [a.count for a in assets]
    g = _graph(plan.routes)
    by_pair: dict[tuple[str, str], list[Route]] = {}
    for r in plan.routes:
        by_pair.setdefault((r.from_, r.to), []).append(r)
        if r.both_ways:
            by_pair.setdefault((r.to, r.from_), []).append(r)

    activities: list[Activity] = []
    legs: list[Leg] = []
    precedences: list[tuple[int, int]] = []
    in_place: dict[str, int] = {}
    for unit in plan.units:
        ready = unit.ready_day or 0
        if unit.ready_date is not None:
            ready = max(0, (unit.ready_date - day0).days)
        prev: int | None = None
        if unit.embarkation is not None:
            path = _path(unit, g)
            tonnes = unit_tonnes(unit)
            for k, (a, b) in enumerate(itertools.pairwise(path)):
                modes, meta = _leg_modes(unit, a, b, by_pair[(a, b)], tonnes, assets,
                                         asset_index, counts, base_counts, seasons, windows)
                idx = len(activities)
                activities.append(Activity(f"{unit.name}: {a} to {b}", tuple(modes),
                                           release=ready if k == 0 else 0))
                legs.append(Leg(unit.id, k, idx, a, b, tuple(meta)))
                if prev is not None:
                    precedences.append((prev, idx))
                prev = idx
        idx = len(activities)
        activities.append(Activity(f"{unit.name} in place", (Mode(0, 0),), release=ready))
        in_place[unit.id] = idx
        if prev is not None:
            precedences.append((prev, idx))

    all_units = [m for m in plan.milestones if not m.units]
    others = [m for m in plan.milestones if m.units]
    ordered = tuple(others + all_units if ioc_first else all_units + others)
    members = tuple(
        tuple(in_place[u] for u in (m.units or tuple(in_place))) for m in ordered
    )
    unavailable: list[tuple[int, int, int, int]] = []
    for i, asset in enumerate(assets):
        if asset.available_from_day > 0:
            unavailable.append((i, 0, asset.available_from_day, counts[i]))
        if asset.available_until_day is not None:
            unavailable.append((i, asset.available_until_day, FOREVER, counts[i]))
    inst = Instance(
        tuple(activities), tuple(counts), tuple(precedences), members,
        tuple(unavailable), tuple(a.id for a in assets),
        tuple((bounds or {}).get(m.id) for m in ordered) if bounds else (),
    )
    return DeploymentProblem(inst, tuple(legs), in_place, ordered, assets, day0, ref, windows)


def asset_shares(most: int) -> list[int]:
    """How many assets of a type a leg may use: 1, 2, 3, 4, 6, 8, 12, 16, ... and ``most``.

    Keeping the model small matters more than the odd share in between.

    >>> asset_shares(10)
    [1, 2, 3, 4, 6, 8, 10]
    """
    shares = {most}
    k = 1
    while k < most:
        shares.add(k)
        if k >= 2 and k + k // 2 < most:
            shares.add(k + k // 2)
        k *= 2
    return sorted(s for s in shares if 1 <= s <= most)


def _leg_modes(
    unit: Unit, a: str, b: str, routes: list[Route], tonnes: float,
    assets: tuple[LiftAsset, ...], asset_index: dict[str, int], counts: list[int],
    base_counts: list[int],
    seasons: dict[str, Season], windows: dict[str, tuple[tuple[int, int], ...]],
) -> tuple[list[Mode], list[LegMode]]:
    modes: list[Mode] = []
    meta: list[LegMode] = []
    for route in routes:
        closed = [w for s in _closures(route, seasons) for w in windows.get(s, ())]
        slow = {s: d for s, d in route.days_by_season.items() if d > route.days}
        variants: list[tuple[str | None, int, list[tuple[int, int]]]] = [
            (None, route.days, closed + [w for s in slow for w in windows.get(s, ())])
        ]
        if slow:
            worst = max(slow, key=lambda s: slow[s])
            variants.append((worst, slow[worst], closed))
        for asset_id in route.lift:
            asset = assets[asset_index[asset_id]]
            cycle = asset.cycle
            if cycle is None:
                raise DeploymentError(
                    f"lift {asset.id!r} carries route {route.id!r} but has no capacity; give "
                    "capacity_tonnes and turnaround_days, or tonnes_per_day")
            per_trip, days = cycle
            trips = max(1, math.ceil(tonnes / per_trip - 1e-9))
            count = max(counts[asset_index[asset_id]], 1)
            base = max(base_counts[asset_index[asset_id]], 1)
            shares = set(asset_shares(min(count, trips))) | set(asset_shares(min(base, trips)))
            last_rounds = None
            for k in sorted(shares):
                rounds = math.ceil(trips / k)
                if rounds == last_rounds:
                    continue
                last_rounds = rounds
                hold = max(1, math.ceil(rounds * days - 1e-9))
                for season, transit, wins in variants:
                    lag = max(1, math.ceil((rounds - 1) * days - 1e-9) + transit)
                    modes.append(Mode(hold, lag, ((asset_index[asset_id], k),),
                                      tuple(sorted(set(wins))),
                                      f"{route.id} by {asset.id} x{k}"))
                    meta.append(LegMode(route.id, asset.id, k, trips, season))
    if not modes:
        raise DeploymentError(f"unit {unit.id!r}: no lift can carry the leg {a} to {b}")
    return modes, meta
