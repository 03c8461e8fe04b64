"""The temporal engine: dates, critical path, and deadlines that explain themselves.

Public API (stable)::

    schedule(plan) -> Schedule          # events' earliest/latest, tasks' float, criteria
    Schedule.as_dict()                  # JSON-ready (schema in the README)
    STN, IncrementalSTN                 # the network on arrays, and its incremental check
    draw_gantt(schedule, path) -> [png, svg]   # in impp.temporal.gantt (matplotlib)

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> s = schedule(load_plan(carana_path()))
>>> s.consistent, s.day_zero
(True, 'agreement_signed')
"""

from impp.temporal.build import Rule, TimeNetwork, build_network
from impp.temporal.explain import Conflict, Fix, explain
from impp.temporal.schedule import (
    EventTimes,
    Schedule,
    SeasonEffect,
    TargetCheck,
    TaskTimes,
    schedule,
)
from impp.temporal.stn import STN, IncrementalSTN, NegativeCycleError

__all__ = [
    "STN",
    "Conflict",
    "EventTimes",
    "Fix",
    "IncrementalSTN",
    "NegativeCycleError",
    "Rule",
    "Schedule",
    "SeasonEffect",
    "TargetCheck",
    "TaskTimes",
    "TimeNetwork",
    "build_network",
    "explain",
    "schedule",
]
