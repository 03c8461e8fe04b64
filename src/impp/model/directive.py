"""What a planning directive states: assumptions, constraints, risks, responsibilities."""

from __future__ import annotations

from typing import ClassVar, Literal

from impp.model.base import Id, Item


class Assumption(Item):
    """A planning assumption stated by the directive or the planners."""

    text: str | None = None


class PlanningConstraint(Item):
    """A limit on planning (time, resources, risk), as the directive has them."""

    category: Literal["time", "resources", "risk", "political", "other"] = "other"
    text: str | None = None


class Risk(Item):
    """A risk to the plan, with likelihood and impact as the planners judge them."""

    text: str | None = None
    likelihood: Literal["low", "medium", "high"] | None = None
    impact: Literal["low", "medium", "high"] | None = None


class Responsibility(Item):
    """Who must do what, as the directive assigns it."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "holder": ("actors",),
        "constraints": ("constraints",),
    }

    holder: Id | None = None
    text: str | None = None
    #: The deadlines (constraint ids) that apply to this responsibility.
    constraints: tuple[Id, ...] = ()


class Provision(Item):
    """A key aspect of the peace agreement the mission supports."""

    text: str | None = None
