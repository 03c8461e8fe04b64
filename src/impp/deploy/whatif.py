"""What-if: what one more lift asset buys, and the cheapest additions that meet FOC's deadline.

New Horizon (2009), Capability gaps: strategic airlift, helicopters and
enablers are in short supply; planners need to know which extra asset buys
the most days. Each answer is a re-solve of the whole deployment with the
assets added, so it accounts for every interaction (a faster sealift only
helps if the roads are open when the equipment lands).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from impp.deploy.job import Runner, run_here
from impp.deploy.schedule import Deployment, deployment_job, plan_deployment, read_back
from impp.model.plan import Plan


@dataclass(frozen=True)
class WhatIf:
    """The effect of one more asset of a type (gains in days; positive is sooner).

    ``status``: ``optimal`` when no schedule with the extra asset does better
    without making a milestone later, ``feasible`` when the time limit ended
    the search first (the gains are then what was found, not what is
    possible). ``basis``: ``solved`` (a schedule found with the extra asset)
    or ``base`` (none better than the schedule without it was found, which
    stays possible: the asset can stand idle).
    """

    asset: str
    name: str
    count: int
    cost: float | None
    ioc_days: int | None
    foc_days: int | None
    ioc_gain: int | None
    foc_gain: int | None
    status: str
    basis: str = "solved"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return dict(self.__dict__)


def _days(d: Deployment, kind: str) -> int | None:
    m = d.milestone(kind)
    return m.day if m is not None else None


def _gain(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else before - after


def what_if(plan: Plan, base: Deployment, *, time_limit: float = 2.0,
            workers: int = 2, deterministic: bool = False,
            ioc_first: bool = False, runner: Runner | None = None) -> list[WhatIf]:
    """For each lift type, IOC and FOC with one more of it, and the days gained.

    One more asset never makes a milestone later: the plan's schedule stays
    possible with the asset idle, so each re-solve is bounded by the base
    schedule's days (no milestone later than now) and, should the search
    find nothing within its limit, the row keeps the base schedule.
    ``runner``: who solves (:mod:`impp.deploy.job`; default this process,
    deterministic rows side by side).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> plan = load_plan(carana_path())
    >>> rows = what_if(plan, plan_deployment(plan, time_limit=2), time_limit=0.5)
    >>> {r.asset for r in rows} == {a.id for a in plan.lift}
    True
    >>> all(r.ioc_gain >= 0 and r.foc_gain >= 0 for r in rows)
    True
    """
    rows = []
    ioc0, foc0 = _days(base, "ioc"), _days(base, "foc")
    bounds = {m.id: m.day for m in base.milestones if m.day is not None}

    asked = [deployment_job(plan, time_limit=time_limit, workers=workers, extra={a.id: 1},
                            deterministic=deterministic, ioc_first=ioc_first,
                            bounds=bounds if base.solution.has_schedule else None,
                            start_from=base) for a in plan.lift]
    solutions = (runner or run_here)([job for _, job in asked])
    solved = [read_back(problem, sol)
              for (problem, _), sol in zip(asked, solutions, strict=True)]
    for asset, d in zip(plan.lift, solved, strict=True):
        ioc, foc = _days(d, "ioc"), _days(d, "foc")
        better = d.solution.has_schedule and all(
            after is not None and (before is None or after <= before)
            for before, after in ((ioc0, ioc), (foc0, foc)) if before is not None)
        if better or not base.solution.has_schedule:
            rows.append(WhatIf(asset.id, asset.name, asset.count, asset.cost_per_extra, ioc,
                               foc, _gain(ioc0, ioc), _gain(foc0, foc), d.status))
        else:
            rows.append(WhatIf(asset.id, asset.name, asset.count, asset.cost_per_extra, ioc0,
                               foc0, 0 if ioc0 is not None else None,
                               0 if foc0 is not None else None,
                               "feasible", "base"))
    return rows


@dataclass(frozen=True)
class Additions:
    """The cheapest set of extra assets found that brings FOC inside its deadline."""

    extra: dict[str, int]
    cost: float
    foc_days: int | None
    deadline: int
    met: bool
    tried: int
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return dict(self.__dict__)


def cheapest_additions(plan: Plan, *, deadline: int | None = None, time_limit: float = 1.0,
                       workers: int = 2, max_tries: int = 40) -> Additions:
    """The cheapest combination of extra assets (by ``cost_per_extra``) meeting FOC's deadline.

    Combinations of up to ``max_extra`` more of each priced lift type are
    tried in order of cost, cheapest first; the first that meets the
    deadline is the answer (at most ``max_tries`` solves).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> a = cheapest_additions(load_plan(carana_path()), deadline=500, time_limit=0.5)
    >>> a.met, a.extra, a.cost
    (True, {}, 0.0)
    """
    base = plan_deployment(plan, time_limit=time_limit, workers=workers)
    foc = base.milestone("foc")
    if deadline is None:
        deadline = foc.max_days if foc is not None and foc.max_days is not None else None
    if deadline is None:
        return Additions({}, 0.0, _days(base, "foc"), -1, True, 1,
                         "FOC has no deadline (max_days): nothing to meet")
    priced = [a for a in plan.lift if a.cost_per_extra is not None and a.max_extra > 0]
    combos = sorted(
        itertools.product(*(range(a.max_extra + 1) for a in priced)),
        key=lambda c: (sum(n * (a.cost_per_extra or 0) for n, a in zip(c, priced, strict=True)),
                       sum(c)),
    )
    tried = 0
    for combo in combos[:max_tries]:
        extra = {a.id: n for n, a in zip(combo, priced, strict=True) if n}
        cost = float(sum(n * (a.cost_per_extra or 0) for n, a in zip(combo, priced, strict=True)))
        d = base if not extra else plan_deployment(plan, time_limit=time_limit,
                                                   workers=workers, extra=extra)
        tried += 1
        days = _days(d, "foc")
        if days is not None and days <= deadline:
            what = ", ".join(f"{n} {k}" for k, n in extra.items()) or "nothing"
            return Additions(extra, cost, days, deadline, True, tried,
                             f"adding {what} brings FOC to day {days} (deadline {deadline})")
    return Additions({}, 0.0, _days(base, "foc"), deadline, False, tried,
                     f"none of the {tried} cheapest combinations of extra lift brings FOC "
                     f"inside {deadline} days; the limit lies elsewhere (readiness, sea transit)")
