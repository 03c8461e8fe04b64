"""Synthetic plans of any size, for benchmarks and tests (not a scenario to plan with).

:func:`synthetic_plan` writes the text of a valid plan file: a dated
signing, a resolution, ``tasks`` tasks with uncertain durations linked
finish-to-start (each after one or two earlier tasks, with lags), minimum
gaps between some of them, criteria with deadlines near their expected
days (some met, some missed; one per eight tasks, at most 24: plans state
few criteria for success), and, with ``deployment``, two units, three
lift types and the milestones IOC and FOC, with a criterion on each, so
that the lift schedule decides them. The same arguments give the same text.

>>> from impp.io import load_plan_text
>>> plan = load_plan_text(synthetic_plan(30, seed=1), "synthetic.yaml")
>>> len(plan.tasks), len(plan.criteria) > 0
(30, True)
"""

from __future__ import annotations

import random

_DEPLOYMENT = """\
locations:
  - {id: home, name: Home port}
  - {id: port, name: Port of entry}
  - {id: camp, name: Camp}
seasons:
  - {id: wet, name: Wet season, start: "07-01", end: "07-31", closes_roads: true}
lift:
  - {id: jets, name: Jets, count: 1, capacity_tonnes: 50, turnaround_days: 2, cost_per_extra: 9}
  - {id: helos, name: Helicopters, count: 1, tonnes_per_day: 10, cost_per_extra: 5}
  - {id: trucks, name: Trucks, count: 1, tonnes_per_day: 100, cost_per_extra: 1}
routes:
  - {id: air, name: Air, from: home, to: port, mode: air, days: 1, lift: [jets]}
  - {id: road, name: Road, from: port, to: camp, mode: road, days: 2, lift: [trucks]}
  - {id: heli, name: Heli, from: port, to: camp, mode: air, days: 1, lift: [helos]}
units:
  - {id: hq, name: HQ, personnel: 100, cargo_tonnes: 10, embarkation: home, destination: port}
  - {id: bn, name: Battalion, personnel: 300, cargo_tonnes: 60, embarkation: home,
     destination: camp, ready_day: RDY}
milestones:
  - {id: ioc, name: IOC, from: resolution, event: ioc_move.end, units: [hq], max_days: IOCD}
  - {id: foc, name: FOC, from: resolution, event: foc_move.end, max_days: FOCD}
"""


def synthetic_plan(tasks: int, seed: int = 0, deployment: bool = False) -> str:
    """The text of a valid plan of ``tasks`` tasks (see the module docstring)."""
    rng = random.Random(seed)
    lines = [
        f"mission: {{id: synthetic, name: Synthetic plan {tasks} tasks seed {seed}, "
        "reference_event: signed}",
        "events:",
        "  - {id: signed, name: Agreement signed, date: 2026-06-01}",
        "  - {id: resolution, name: Resolution adopted}",
        "tasks:",
    ]
    expected: list[float] = []  # a rough earliest end of each task (likely durations)
    for i in range(tasks):
        lo = rng.randint(1, 10)
        likely = lo + rng.randint(0, 10)
        hi = likely + rng.randint(0, 15)
        preds = sorted(rng.sample(range(i), k=min(i, rng.choice((1, 1, 2))))) if i else []
        lags = [rng.choice((0, 0, 0, 2, 5)) for _ in preds]
        start = max((expected[p] + g for p, g in zip(preds, lags, strict=True)), default=0.0)
        expected.append(start + likely)
        after = ", ".join(f"{{task: t{p}, lag: {g}}}" if g else f"t{p}"
                          for p, g in zip(preds, lags, strict=True))
        lines.append(f"  - {{id: t{i}, name: Task {i}, duration: {{min: {lo}, likely: {likely}, "
                     f"max: {hi}}}" + (f", after: [{after}]" if after else "") + "}")
    if deployment:
        lines.append("  - {id: ioc_move, name: Move to IOC, duration: 20, after: [t0]}")
        lines.append("  - {id: foc_move, name: Move to FOC, duration: {min: 25, likely: 30, "
                     "max: 45}, after: [ioc_move]}")
    lines.append("constraints:")
    lines.append("  - {id: resolution_after_t0, name: Resolution after the first task, "
                 "from: t0.end, to: resolution, min_days: 3}")
    for k in range(max(1, tasks // 10)):
        a, b = sorted(rng.sample(range(tasks), 2)) if tasks > 1 else (0, 0)
        if a != b:
            lines.append(f"  - {{id: gap_{k}, name: Gap {k}, from: t{a}.end, to: t{b}.start, "
                         f"min_days: {rng.randint(0, 5)}}}")
    for k in range(min(max(1, tasks // 8), 24)):  # plans state few criteria for success
        i = rng.randrange(tasks)
        deadline = max(1, round(expected[i] * rng.uniform(0.85, 1.25)))
        lines.append(f"  - {{id: crit_{k}, name: Task {i} done within {deadline} days, "
                     f"from: signed, to: t{i}.end, max_days: {deadline}, kind: criterion, "
                     "source: synthetic}")
    if deployment:
        ioc_days, foc_days = rng.randint(8, 20), rng.randint(20, 60)
        lines.append(f"  - {{id: ioc_crit, name: IOC within {ioc_days} days, from: resolution, "
                     f"to: ioc_move.end, max_days: {ioc_days}, kind: criterion, "
                     "source: synthetic}")
        lines.append(f"  - {{id: foc_crit, name: FOC within {foc_days} days, from: resolution, "
                     f"to: foc_move.end, max_days: {foc_days}, kind: criterion, "
                     "source: synthetic}")
        lines.append("  - {id: moves_after_resolution, name: Moves start on the resolution, "
                     "from: resolution, to: ioc_move.start, min_days: 0, max_days: 0}")
        text = (_DEPLOYMENT.replace("RDY", str(rng.randint(0, 10)))
                .replace("IOCD", str(ioc_days)).replace("FOCD", str(foc_days)))
        lines.append(text.rstrip())
    return "\n".join(lines) + "\n"
