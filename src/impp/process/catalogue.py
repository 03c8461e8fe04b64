"""The IMPP as data: stages, levels, outputs, decision points, roles, branches.

The data lives in ``impp.yaml`` beside this module, each entry citing its
section of the IMPP guidelines (2006). IMPP: Integrated Missions Planning
Process; IMTF: Integrated Mission Task Force (HQ); IMPT: Integrated Mission
Planning Team (field).

>>> process = load_process()
>>> [level.id for level in process.levels]
['1.1', '1.2', '2.1', '2.2', '3.1', '3.2']
>>> process.decision("mission_plan_adopted").decider
'srsg'
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(_Data):
    """Someone who takes decisions in the process."""

    id: str
    name: str


class Branch(_Data):
    """A branch represented on the task force."""

    id: str
    name: str


class Branches(_Data):
    """The task force's minimum membership and other branches."""

    source: str
    minimum: tuple[Branch, ...]
    optional: tuple[Branch, ...]


class ProcessOutput(_Data):
    """A key output of a level."""

    id: str
    name: str
    section: str
    optional: bool = False
    #: One of the level's Key Outputs (``False``: a step of the level, such as
    #: the technical survey of §1.2.3, which no decision point waits for).
    key: bool = True


class DecisionPoint(_Data):
    """A decision point: who decides, what must exist first, where it leads."""

    id: str
    name: str
    decider: str
    text: str
    required_outputs: tuple[str, ...]
    next_level: str
    source: str | None = None
    #: False for the one transition the guidelines do not call a decision point
    #: (the end of Level 3.2), kept so that a plan can return to Level 3.1.
    guideline_decision: bool = True


class Timeframe(_Data):
    """How long a level takes: the guidelines' minimum and desirable durations."""

    text: str
    min_days: int | None
    desirable_days: int | None


class TriggerKind(_Data):
    """One of the factors that may set off the IMPP (§C)."""

    id: str
    name: str


class Triggers(_Data):
    """What may trigger the IMPP."""

    source: str
    kinds: tuple[TriggerKind, ...]


class Moment(_Data):
    """A moment of the process that a plan's event may mark (``marks``)."""

    id: str
    name: str
    source: str


class Order(_Data):
    """One moment comes no earlier than another."""

    first: str
    then: str
    source: str


class Stage(_Data):
    """One of the three stages."""

    id: str
    name: str
    source: str


class Level(_Data):
    """One of the six levels of the IMPP."""

    id: str
    number: int
    stage: str
    name: str
    objective: str
    responsibility: str
    phase_start: str
    phase_end: str
    #: The moments the level's phase runs between, where the guidelines name them.
    starts_with: str | None = None
    ends_with: str | None = None
    timeframe: Timeframe
    outputs: tuple[ProcessOutput, ...]
    decision: DecisionPoint
    other_decisions: tuple[DecisionPoint, ...] = ()
    source: str

    @property
    def decisions(self) -> tuple[DecisionPoint, ...]:
        """The level's main decision point and any others."""
        return (self.decision, *self.other_decisions)


class Process(_Data):
    """The whole process."""

    source_document: str
    roles: tuple[Role, ...]
    branches: Branches
    entry_decision: DecisionPoint
    triggers: Triggers
    moments: tuple[Moment, ...]
    order: tuple[Order, ...]
    stages: tuple[Stage, ...]
    levels: tuple[Level, ...]

    @property
    def moment_ids(self) -> tuple[str, ...]:
        """Every moment a plan's event may mark."""
        return tuple(m.id for m in self.moments)

    def moment(self, moment_id: str) -> Moment:
        """The moment with this id (``KeyError`` if none)."""
        for m in self.moments:
            if m.id == moment_id:
                return m
        raise KeyError(moment_id)

    @property
    def level_ids(self) -> tuple[str, ...]:
        """The six level ids in order."""
        return tuple(level.id for level in self.levels)

    @property
    def output_ids(self) -> tuple[str, ...]:
        """Every output id of every level."""
        return tuple(o.id for level in self.levels for o in level.outputs)

    @property
    def decision_points(self) -> tuple[DecisionPoint, ...]:
        """Every decision point, the entry one first."""
        return (self.entry_decision, *(d for lv in self.levels for d in lv.decisions))

    @property
    def decision_ids(self) -> tuple[str, ...]:
        """Every decision point id."""
        return tuple(d.id for d in self.decision_points)

    @property
    def returning_ids(self) -> frozenset[str]:
        """The decisions that send a plan back to its own level or an earlier one (a
        significant revision, the revised Directive to the SRSG): after one, the
        decision points ahead are passed again.

        >>> sorted(load_process().returning_ids)
        ['revised_srsg_directive_issued', 'significant_revision']
        """
        order = self.level_ids
        return frozenset(d.id for i, lv in enumerate(self.levels) for d in lv.decisions
                         if d.next_level in order and order.index(d.next_level) <= i)

    @property
    def branch_ids(self) -> tuple[str, ...]:
        """Every branch id, minimum ones first."""
        return tuple(b.id for b in (*self.branches.minimum, *self.branches.optional))

    @property
    def role_ids(self) -> tuple[str, ...]:
        """Every role id."""
        return tuple(r.id for r in self.roles)

    def level(self, level_id: str) -> Level:
        """The level with this id (``KeyError`` if none)."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def decision(self, decision_id: str) -> DecisionPoint:
        """The decision point with this id (``KeyError`` if none)."""
        for d in self.decision_points:
            if d.id == decision_id:
                return d
        raise KeyError(decision_id)

    def level_of_decision(self, decision_id: str) -> Level | None:
        """The level whose decision this is (``None`` for the entry decision)."""
        for level in self.levels:
            if any(d.id == decision_id for d in level.decisions):
                return level
        return None

    def output(self, output_id: str) -> ProcessOutput:
        """The output with this id (``KeyError`` if none)."""
        for level in self.levels:
            for o in level.outputs:
                if o.id == output_id:
                    return o
        raise KeyError(output_id)

    def role_name(self, role_id: str) -> str:
        """The full name of a role."""
        return next((r.name for r in self.roles if r.id == role_id), role_id)


@functools.cache
def load_process() -> Process:
    """The IMPP shipped with the package (read once)."""
    text = Path(__file__).with_name("impp.yaml").read_text(encoding="utf-8")
    # libyaml's parser: the pure-Python one took 0.1 s of every command that checks a plan
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Process.model_validate(yaml.load(text, Loader=loader))
