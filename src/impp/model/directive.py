"""What a planning directive states: assumptions, constraints, risks, responsibilities."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from impp.model.base import Id, Item
from impp.model.timeline import Duration


class Assumption(Item):
    """A planning assumption stated by the directive or the planners."""

    text: str | None = None


class PlanningConstraint(Item):
    """A limit on planning (time, resources, risk), as the directive has them."""

    category: Literal["time", "resources", "risk", "political", "other"] = "other"
    text: str | None = None


class Risk(Item):
    """A risk to the plan, with likelihood and impact as the planners judge them.

    A risk becomes a *risk event* for schedule risk (``impp risk``) when it
    gives a ``probability`` and an impact on named tasks (``affects``): days
    added (``impact_days``, a number or a duration estimate) and/or a factor
    on their duration (``impact_factor``). When the event occurs in a sample,
    each affected task takes ``duration * impact_factor + impact_days``.

    >>> r = Risk(id="r", name="Rains", probability=0.3, impact_days=10, affects=("t",))
    >>> (r.is_event, r.impact_days.nominal)
    (True, 10.0)
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"affects": ("tasks",)}

    text: str | None = None
    likelihood: Literal["low", "medium", "high"] | None = None
    impact: Literal["low", "medium", "high"] | None = None
    #: Chance (0 to 1) that the event occurs, for schedule risk.
    probability: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    #: Days added to each affected task when the event occurs.
    impact_days: Duration | None = None
    #: Factor on each affected task's duration when the event occurs.
    impact_factor: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    #: The tasks the event delays.
    affects: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _event(self) -> Risk:
        has_impact = self.impact_days is not None or self.impact_factor is not None
        if self.probability is None:
            if has_impact or self.affects:
                raise ValueError(
                    "a risk with an impact or affected tasks needs a probability (0 to 1)"
                )
            return self
        if not has_impact:
            raise ValueError(
                "a risk with a probability needs impact_days (days added) or impact_factor"
            )
        if not self.affects:
            raise ValueError("a risk with a probability needs affects: the tasks it delays")
        if len(set(self.affects)) != len(self.affects):
            raise ValueError("affects names the same task twice; list each task once")
        return self

    @property
    def is_event(self) -> bool:
        """True when the risk can be simulated (probability, impact and tasks)."""
        return self.probability is not None


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
