"""The Plan: one immutable document made of sections of items.

Why pydantic v2 (frozen models) rather than dataclasses: every field error
comes with its location inside the document (which the loader maps back to a
file line), unknown fields are refused (``extra="forbid"``), and the JSON
schema that documents the file format is generated from the same classes, so
the README's reference cannot drift from the code.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import model_validator

from impp.model.base import Frozen, Item, Sensitivity
from impp.model.conflict import Actor, Cause, Profile, Relation, Scenario
from impp.model.cost import CostLine, CostModel, CostRate
from impp.model.deployment import LiftAsset, Location, Milestone, Route, Transfer, Unit
from impp.model.directive import (
    Assumption,
    PlanningConstraint,
    Provision,
    Responsibility,
    Risk,
)
from impp.model.mission import Mission, ProcessState
from impp.model.results import (
    Activity,
    Benchmark,
    Indicator,
    Objective,
    Output,
    Priority,
)
from impp.model.timeline import Constraint, Event, Season, Task

#: Every list section of a plan file and the item type it holds, in file order.
SECTIONS: dict[str, type[Item]] = {
    "events": Event,
    "tasks": Task,
    "constraints": Constraint,
    "seasons": Season,
    "provisions": Provision,
    "objectives": Objective,
    "priorities": Priority,
    "outputs": Output,
    "activities": Activity,
    "benchmarks": Benchmark,
    "indicators": Indicator,
    "actors": Actor,
    "relations": Relation,
    "causes": Cause,
    "scenarios": Scenario,
    "units": Unit,
    "lift": LiftAsset,
    "locations": Location,
    "routes": Route,
    "milestones": Milestone,
    "transfers": Transfer,
    "risks": Risk,
    "assumptions": Assumption,
    "planning_constraints": PlanningConstraint,
    "responsibilities": Responsibility,
    "rates": CostRate,
    "cost_lines": CostLine,
}

#: Sections that hold one mapping rather than a list of items.
SINGLE_SECTIONS: dict[str, type[Frozen]] = {
    "mission": Mission,
    "process": ProcessState,
    "profile": Profile,
    "costs": CostModel,
}


#: (id(plan), what) -> (plan, the value derived from it): a plan is immutable,
#: so its index by id and its content hash are computed once. Keyed by
#: identity and checked against it, so equal plans never share an entry by
#: mistake; the few most recent are kept.
_DERIVED: dict[tuple[int, str], tuple[Plan, Any]] = {}
#: The web workspace reads plans on many threads at once.
_DERIVED_LOCK = threading.Lock()


def _derived(plan: Plan, what: str, compute: Callable[[], Any]) -> Any:
    key = (id(plan), what)
    entry = _DERIVED.get(key)
    if entry is None or entry[0] is not plan:
        entry = (plan, compute())
        with _DERIVED_LOCK:
            _DERIVED[key] = entry
            while len(_DERIVED) > 16:
                _DERIVED.pop(next(iter(_DERIVED)))
    return entry[1]


class Plan(Frozen):
    """A validated mission plan. Build it from a file with :func:`impp.io.load_plan`.

    >>> plan = Plan(mission=Mission(id="m", name="Mission"),
    ...             events=(Event(id="a", name="A"), Event(id="b", name="B")),
    ...             constraints=(Constraint(id="c", name="B soon after A",
    ...                                     from_="a", to="b", max_days=5),))
    >>> sorted(plan.event_ids)
    ['a', 'b']
    >>> plan.get("c").name
    'B soon after A'
    """

    mission: Mission
    process: ProcessState = ProcessState()
    profile: Profile = Profile()
    events: tuple[Event, ...] = ()
    tasks: tuple[Task, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    seasons: tuple[Season, ...] = ()
    provisions: tuple[Provision, ...] = ()
    objectives: tuple[Objective, ...] = ()
    priorities: tuple[Priority, ...] = ()
    outputs: tuple[Output, ...] = ()
    activities: tuple[Activity, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    actors: tuple[Actor, ...] = ()
    relations: tuple[Relation, ...] = ()
    causes: tuple[Cause, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    units: tuple[Unit, ...] = ()
    lift: tuple[LiftAsset, ...] = ()
    locations: tuple[Location, ...] = ()
    routes: tuple[Route, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    risks: tuple[Risk, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    planning_constraints: tuple[PlanningConstraint, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    costs: CostModel | None = None
    rates: tuple[CostRate, ...] = ()
    cost_lines: tuple[CostLine, ...] = ()

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        from impp.model.refs import check_plan

        problems = check_plan(self)
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        return self

    # -- lookups ---------------------------------------------------------------

    def section(self, name: str) -> tuple[Item, ...]:
        """The items of a list section by its name in the file."""
        if name not in SECTIONS:
            raise KeyError(name)
        items: tuple[Item, ...] = getattr(self, name)
        return items

    def items(self) -> Iterator[tuple[str, Item]]:
        """Every item with the name of its section, in file order."""
        for name in SECTIONS:
            for item in self.section(name):
                yield name, item

    def get(self, item_id: str) -> Item:
        """The item with this id (any section); ``KeyError`` if there is none.

        An index by id is built on the first lookup and kept for the few plans
        most recently asked (a scan per lookup made naming every event of a
        20,000-task plan quadratic).
        """

        def index() -> dict[str, Item]:
            found: dict[str, Item] = {}
            for _, item in self.items():
                found.setdefault(item.id, item)
            return found

        items: dict[str, Item] = _derived(self, "index", index)
        return items[item_id]

    @property
    def event_ids(self) -> frozenset[str]:
        """Every event of the timeline: declared events and each task's start and end."""
        ids = {e.id for e in self.events}
        for t in self.tasks:
            ids.add(f"{t.id}.start")
            ids.add(f"{t.id}.end")
        return frozenset(ids)

    @property
    def criteria(self) -> tuple[Constraint, ...]:
        """The criteria for success: constraints of kind ``criterion``."""
        return tuple(c for c in self.constraints if c.kind == "criterion")

    @property
    def highest_sensitivity(self) -> Sensitivity:
        """The most restrictive marking of the mission or any item."""
        ranks = [self.mission.sensitivity, *(item.sensitivity for _, item in self.items())]
        return max(ranks, key=lambda s: s.rank)

    # -- documents -------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The plan as the mapping a plan file holds (defaults left out)."""
        doc: dict[str, Any] = self.model_dump(
            mode="json", by_alias=True, exclude_defaults=True
        )
        return doc

    def content_hash(self) -> str:
        """A SHA-256 of the plan's canonical JSON: equal plans, equal hashes.

        >>> p = Plan(mission=Mission(id="m", name="M"))
        >>> p.content_hash() == Plan(mission=Mission(id="m", name="M")).content_hash()
        True
        """
        def digest() -> str:
            text = json.dumps(self.to_document(), sort_keys=True, separators=(",", ":"))
            return hashlib.sha256(text.encode()).hexdigest()

        # computed once per plan: the analysis, its cache and the timeline's all ask
        value: str = _derived(self, "content_hash", digest)
        return value
