"""Dates of outputs, from the temporal engine (:func:`impp.temporal.schedule`).

An output starts when the first task of its activities can start at the
earliest; each of its deadlines falls ``max_days`` after the earliest time of
the deadline constraint's ``from`` event. A plan whose timeline is
inconsistent has no dates: the temporal engine reports why, and this module
gives none.
"""

from __future__ import annotations

from dataclasses import dataclass

from impp.model.plan import Plan


@dataclass(frozen=True)
class OutputDates:
    """When an output can start at the earliest, and its deadlines (days from day 0)."""

    output: str
    start: float
    first_task: str
    #: (constraint id, latest day) for each deadline that has a day.
    deadlines: tuple[tuple[str, float], ...]


def output_dates(plan: Plan) -> dict[str, OutputDates]:
    """The dates of every output that has scheduled activities and deadlines.

    Empty when the timeline has no consistent schedule.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> d = output_dates(load_plan(carana_path()))["security_stabilisation"]
    >>> d.first_task, d.start
    ('ceasefire', 0.0)
    """
    from impp.temporal.checks import cached_schedule as schedule

    wanted = [o for o in plan.outputs if o.deadlines]
    if not wanted:
        return {}
    sched = schedule(plan)
    if not sched.consistent:
        return {}
    constraints = {c.id: c for c in plan.constraints}
    out: dict[str, OutputDates] = {}
    for output in wanted:
        starts = [
            (times.start, a.task)
            for a in plan.activities
            if a.output == output.id and a.task is not None
            and (times := sched.tasks.get(a.task)) is not None and times.start is not None
        ]
        if not starts:
            continue
        start, first = min(starts)
        deadlines = []
        for cid in output.deadlines:
            c = constraints[cid]
            origin = sched.events.get(c.from_)
            if c.max_days is not None and origin is not None and origin.earliest is not None:
                deadlines.append((cid, origin.earliest + c.max_days))
        out[output.id] = OutputDates(output.id, start, first, tuple(deadlines))
    return out
