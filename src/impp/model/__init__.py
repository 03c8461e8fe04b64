"""The plan model: immutable, validated items and the Plan that holds them."""

from impp.model.base import Id, Item, Sensitivity
from impp.model.conflict import Actor, Cause, Profile, ProfileDimension, Relation, Scenario
from impp.model.cost import CostLine, CostModel, CostRate
from impp.model.deployment import LiftAsset, Location, Milestone, Route, Transfer, Unit
from impp.model.directive import (
    Assumption,
    PlanningConstraint,
    Provision,
    Responsibility,
    Risk,
)
from impp.model.mission import DecisionRecord, Mission, ProcessState, TaskForceMember, Trigger
from impp.model.plan import SECTIONS, SINGLE_SECTIONS, Plan
from impp.model.refs import RefProblem, check_plan
from impp.model.results import (
    Activity,
    Benchmark,
    Indicator,
    Objective,
    Output,
    Priority,
    Target,
)
from impp.model.timeline import Constraint, Duration, Event, Link, Need, Season, Task

__all__ = [
    "SECTIONS",
    "SINGLE_SECTIONS",
    "Activity",
    "Actor",
    "Assumption",
    "Benchmark",
    "Cause",
    "Constraint",
    "CostLine",
    "CostModel",
    "CostRate",
    "DecisionRecord",
    "Duration",
    "Event",
    "Id",
    "Indicator",
    "Item",
    "LiftAsset",
    "Link",
    "Location",
    "Milestone",
    "Mission",
    "Need",
    "Objective",
    "Output",
    "Plan",
    "PlanningConstraint",
    "Priority",
    "ProcessState",
    "Profile",
    "ProfileDimension",
    "Provision",
    "RefProblem",
    "Relation",
    "Responsibility",
    "Risk",
    "Route",
    "Scenario",
    "Season",
    "Sensitivity",
    "Target",
    "Task",
    "TaskForceMember",
    "Transfer",
    "Trigger",
    "Unit",
    "check_plan",
]
