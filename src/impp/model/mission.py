"""The mission a plan is for, and where its planning stands in the IMPP."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from impp.model.base import Frozen, Id, Sensitivity


class Mission(Frozen):
    """The mission: name, country, mandate reference, marking."""

    id: Id
    name: str
    country: str | None = None
    mandate: str | None = None
    #: Strategic objective in the directive's words (the ISF starts from it).
    objective: str | None = None
    #: The event dates are counted from (day 0); default: the first dated event.
    reference_event: str | None = None
    #: From which event each part of the mission is in the mission area
    #: (``mission``, ``military``, ``police``, ``support``: an event id or a
    #: task's ``.start``/``.end``); ``mission`` stands for any part not listed.
    presence: dict[Literal["mission", "military", "police", "support"], str] = Field(
        default_factory=dict)
    sensitivity: Sensitivity = Sensitivity.unclassified
    source: str | None = None


class DecisionRecord(Frozen):
    """A decision point passed: which, by whom, when."""

    decision: Id
    by: str
    date: dt.date | None = None
    note: str | None = None


#: UN staff grades (Professional, Director, Assistant and Under-Secretary-General,
#: General Service, National Officer, Field Service).
GRADE_PATTERN = r"^(P-[1-5]|D-[12]|ASG|USG|G-[1-7]|NO-[A-D]|FS-[1-7])$"


class TaskForceMember(Frozen):
    """A member of the Integrated Mission Task Force (IMTF) or planning team (IMPT)."""

    branch: Id
    name: str | None = None
    entity: str | None = None
    #: The representative's UN grade (``P-5``, ``D-1``...), where known.
    grade: str | None = Field(default=None, pattern=GRADE_PATTERN)
    #: True when the membership is a planning assumption, not from a source.
    assumption: bool = False


class Trigger(Frozen):
    """What set the IMPP off (IMPP guidelines §C), and the event it was."""

    #: One of the kinds ``impp process`` lists (``peace_agreement``, ``security_council``...).
    kind: Id
    #: The plan's event that was the trigger, where it is on the timeline.
    event: Id | None = None
    assumption: bool = False
    source: str | None = None


class ProcessState(Frozen):
    """Where the plan stands in the IMPP (level ids as ``impp process`` lists them)."""

    level: str = "1.1"
    #: Ids of the outputs produced so far (``impp process`` lists them).
    outputs: tuple[Id, ...] = ()
    decisions: tuple[DecisionRecord, ...] = ()
    task_force: tuple[TaskForceMember, ...] = ()
    #: Members of the Integrated Mission Planning Team (IMPT), once in the field.
    planning_team: tuple[TaskForceMember, ...] = ()
    #: What set the IMPP off.
    trigger: Trigger | None = None
    source: str | None = None
    outputs_note: str | None = Field(default=None, description="Free text on outputs.")
