"""The mission a plan is for, and where its planning stands in the IMPP."""

from __future__ import annotations

import datetime as dt

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


class ProcessState(Frozen):
    """Where the plan stands in the IMPP (level ids as ``impp process`` lists them)."""

    level: str = "1.1"
    #: Ids of the outputs produced so far (``impp process`` lists them).
    outputs: tuple[Id, ...] = ()
    decisions: tuple[DecisionRecord, ...] = ()
    task_force: tuple[TaskForceMember, ...] = ()
    #: Members of the Integrated Mission Planning Team (IMPT), once in the field.
    planning_team: tuple[TaskForceMember, ...] = ()
    source: str | None = None
    outputs_note: str | None = Field(default=None, description="Free text on outputs.")
