"""The deployment analysis on larger deployments: the limits now against the old ones.

Carana's deployment (11 units, 33 activities) is repeated ``k`` times: each
copy's units are ready a week after the last copy's, and every lift asset
is counted ``k`` times, so the copies compete for the same kind of lift. For
each ``k`` the deployment analysis of ``impp plan`` (lift schedule and the
what-if of one more of each of the five lift types, every solve on CP-SAT's
deterministic time) runs with the limits ``impp plan`` uses now
(``Parameters().deploy_time_limit`` and ``what_if_time_limit``) and with the
old ones (2.0 and 0.5: the baseline), and prints the wall time, FOC and IOC,
their status and lower bounds, the what-if FOC gains, and the ratio of the
two times. The load average is printed first: run it on a quiet machine.

    .venv/bin/python benchmarks/deploy_scale.py --copies 1,2,3
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from impp.deploy.schedule import Deployment, plan_deployment
from impp.deploy.whatif import what_if
from impp.io import load_plan
from impp.model.plan import Plan
from impp.plan_analysis import Parameters
from impp.scenarios import carana_path

#: The limits before they were recalibrated (deterministic units).
OLD = (2.0, 0.5)


def copies(plan: Plan, k: int) -> Plan:
    """Carana's units ``k`` times, each copy a week behind the last; lift ``k`` times."""
    units = list(plan.units)
    for c in range(1, k):
        for u in plan.units:
            units.append(u.model_copy(update={
                "id": f"{u.id}_{c}", "name": f"{u.name} ({c + 1})",
                "ready_day": (u.ready_day or 0) + 7 * c}))
    lift = tuple(a.model_copy(update={"count": a.count * k}) for a in plan.lift)
    return plan.model_copy(update={"units": tuple(units), "lift": lift})


def run(plan: Plan, limits: tuple[float, float]) -> dict[str, Any]:
    t = time.perf_counter()
    base: Deployment = plan_deployment(plan, time_limit=limits[0], deterministic=True)
    rows = what_if(plan, base, time_limit=limits[1], deterministic=True)
    seconds = time.perf_counter() - t
    days = {m.id: (m.day, m.lower_bound) for m in base.milestones}
    return {"seconds": seconds, "status": base.status, "days": days,
            "foc_gains": [r.foc_gain for r in rows],
            "what_if": [r.status for r in rows]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", default="1,2,3")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    now = (Parameters().deploy_time_limit, Parameters().what_if_time_limit)
    carana = load_plan(carana_path())
    print("| copies | activities | limits | seconds | status | FOC (bound) | IOC (bound) "
          "| what-if FOC gains | what-if status | old / new |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for k in (int(x) for x in args.copies.split(",")):
        plan = copies(carana, k)
        from impp.deploy.problem import build_problem

        n = len(build_problem(plan).instance.activities)
        new, old = run(plan, now), run(plan, OLD)
        for label, r in (("now", new), ("old", old)):
            foc, ioc = r["days"].get("foc"), r["days"].get("ioc")
            ratio = f"{old['seconds'] / new['seconds']:.1f}" if label == "now" else ""
            print(f"| {k} | {n} | {label} {now if label == 'now' else OLD} "
                  f"| {r['seconds']:.1f} | {r['status']} | {foc[0]} ({foc[1]}) "
                  f"| {ioc[0]} ({ioc[1]}) | {r['foc_gains']} "
                  f"| {', '.join(sorted(set(r['what_if'])))} | {ratio} |", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
