"""Events, tasks, constraints and seasons: what the temporal network is made of."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from impp.model.base import MAX_DAYS, Frozen, Id, Item

#: Where a constraint points: an event id, or a task id followed by ``.start`` / ``.end``.
EventRef = Annotated[
    str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*(\.(start|end))?$", max_length=130)
]

ConstraintKind = Literal["requirement", "criterion", "estimate"]
#: Who carries a task out: a component of the mission (``mission`` for its
#: civilian substance, ``military``, ``police``, ``support``), or someone else
#: (UN ``hq``, the UN country team ``unct``, ``national`` authorities, a
#: ``partner`` organisation). A mission component can only act once it is in
#: the mission area (``mission.presence`` says from which event).
Component = Literal["mission", "military", "police", "support", "hq", "unct", "national",
                    "partner"]
#: The components that belong to the mission.
MISSION_COMPONENTS = ("mission", "military", "police", "support")
DistributionName = Literal["fixed", "triangular", "pert", "uniform", "lognormal"]


class Need(Frozen):
    """An outcome needs another to come first, or a provision for when it does not.

    The Carana directive: "Return of all IDPs and refugees within two years,
    and provision for displaced voters to participate in the election should
    it occur before they are able to return": the elections need the return
    (``after: idp_return.end``), or the provision for displaced voters.
    """

    #: What has to have happened first (an event, or a task's ``.start``/``.end``).
    after: EventRef
    #: What the plan must carry when the outcome comes first, in the source's words.
    provision: str | None = None
    #: The plan's item (task, activity, output or provision) that carries it.
    provided_by: Id | None = None
    source: str | None = None


class Event(Item):
    """A named moment (agreement signed, resolution adopted); optionally dated."""

    date: dt.date | None = None
    #: Who sets the event when others do (an agreement's timetable, the Security
    #: Council): the plan's work must fit around it, not decide when it happens.
    set_by: str | None = None
    #: The moment of the IMPP this event is (``impp process`` lists them:
    #: ``sg_report_submitted``, ``mandate_adopted``...), so that the levels'
    #: timeframes are checked on the plan's own timeline.
    marks: Id | None = None
    #: Outcomes this one needs first (see :class:`Need`).
    needs: tuple[Need, ...] = ()


class Duration(Frozen):
    """How long a task takes, in days: fixed, or uncertain.

    A plain number in a plan file is a fixed duration. ``min``/``likely``/``max``
    is triangular unless ``distribution`` says ``pert`` or ``uniform``;
    ``p10``/``p90`` is lognormal.

    >>> Duration(min=7, likely=10, max=14).nominal
    10.0
    >>> Duration(fixed=5).distribution
    'fixed'
    """

    fixed: float | None = Field(default=None, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    min: float | None = Field(default=None, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    likely: float | None = Field(default=None, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    max: float | None = Field(default=None, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    p10: float | None = Field(default=None, gt=0, le=MAX_DAYS, allow_inf_nan=False)
    p90: float | None = Field(default=None, gt=0, le=MAX_DAYS, allow_inf_nan=False)
    distribution: DistributionName = "fixed"

    @model_validator(mode="before")
    @classmethod
    def _infer_distribution(cls, data: object) -> object:
        if isinstance(data, bool):
            raise ValueError("a duration is a number of days or {min, likely, max}")
        if isinstance(data, int | float):
            return {"fixed": data}
        if isinstance(data, dict) and "distribution" not in data:
            data = dict(data)
            if "p10" in data or "p90" in data:
                data["distribution"] = "lognormal"
            elif {"min", "max"} & data.keys():
                data["distribution"] = "triangular"
        return data

    @model_validator(mode="after")
    def _check(self) -> Duration:
        d = self.distribution
        if d == "fixed":
            if self.fixed is None:
                raise ValueError("give a number of days, or min/likely/max")
        elif d == "lognormal":
            if self.p10 is None or self.p90 is None:
                raise ValueError("a lognormal duration needs both p10 and p90")
            if self.p10 >= self.p90:
                raise ValueError(f"p10 {self.p10:g} must be below p90 {self.p90:g}")
        else:
            if self.min is None or self.max is None:
                raise ValueError(f"a {d} duration needs both min and max")
            if self.min > self.max:
                raise ValueError(
                    f"minimum {self.min:g} is above maximum {self.max:g}; swap them"
                )
            if d != "uniform" and self.likely is None:
                raise ValueError(f"a {d} duration needs min, likely and max")
            if self.likely is not None and not self.min <= self.likely <= self.max:
                raise ValueError(
                    f"likely {self.likely:g} is outside [min {self.min:g}, max {self.max:g}]"
                )
        return self

    @property
    def nominal(self) -> float:
        """The planning value: fixed, likely, the middle of a uniform, or the median."""
        if self.fixed is not None:
            return self.fixed
        if self.likely is not None:
            return self.likely
        if self.min is not None and self.max is not None:
            return (self.min + self.max) / 2
        assert self.p10 is not None and self.p90 is not None
        return float((self.p10 * self.p90) ** 0.5)

    @property
    def low(self) -> float:
        """The shortest value the estimate allows (p10 for a lognormal)."""
        if self.fixed is not None:
            return self.fixed
        if self.min is not None:
            return self.min
        assert self.p10 is not None
        return self.p10

    @property
    def high(self) -> float:
        """The longest value the estimate allows (p90 for a lognormal)."""
        if self.fixed is not None:
            return self.fixed
        if self.max is not None:
            return self.max
        assert self.p90 is not None
        return self.p90


class Link(Frozen):
    """A finish-to-start link to a predecessor task, with an optional lag in days."""

    task: Id
    lag: float = Field(default=0, ge=-MAX_DAYS, le=MAX_DAYS, allow_inf_nan=False)


class Task(Item):
    """An activity with a duration; it defines the events ``<id>.start`` and ``<id>.end``."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "after": ("tasks",),
        "blocked_in": ("seasons",),
        "season_factors": ("seasons",),
        "prepares": ("events",),
    }

    duration: Duration
    #: Finish-to-start predecessors: task ids, or ``{task: id, lag: days}``.
    after: tuple[Link, ...] = ()
    #: Mission component or UNCT entity that carries the task out.
    owner: str | None = None
    #: Who carries it out, as one of the :data:`Component` kinds (checked against
    #: when that part of the mission is in place).
    component: Component | None = None
    #: Seasons during which the task cannot be under way (it waits for their end).
    blocked_in: tuple[Id, ...] = ()
    #: Seasons that stretch the task's duration by a factor (e.g. ``{rainy: 1.5}``).
    season_factors: dict[Id, Annotated[float, Field(le=10, allow_inf_nan=False)]] = Field(
        default_factory=dict)
    #: Tasks that slip together share a correlation group.
    correlation_group: str | None = None
    #: Events this task prepares (planning of electoral support prepares the
    #: elections): it has to end before them, and so has its deadline.
    prepares: tuple[Id, ...] = ()

    @field_validator("after", mode="before")
    @classmethod
    def _links(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            return [{"task": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("season_factors")
    @classmethod
    def _factors(cls, value: dict[str, float]) -> dict[str, float]:
        for season, factor in value.items():
            if factor <= 0:
                raise ValueError(f"factor for season {season!r} must be above 0, not {factor:g}")
        return value

    @property
    def predecessors(self) -> tuple[str, ...]:
        """The ids of the tasks this one follows."""
        return tuple(link.task for link in self.after)


class Constraint(Item):
    """``min_days <= t(to) - t(from) <= max_days`` between two events.

    ``kind`` says how hard it is: a ``requirement`` must hold, a ``criterion``
    is a target to check and report, an ``estimate`` is a planning guess.

    >>> c = Constraint(id="c", name="TAM within 14 days", from_="a", to="b", max_days=14)
    >>> (c.min_days, c.max_days, c.kind)
    (None, 14.0, 'requirement')
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "from_": ("@event",), "to": ("@event",), "other_reading_from": ("@event",),
    }

    from_: EventRef = Field(alias="from")
    to: EventRef
    min_days: float | None = Field(default=None, ge=-MAX_DAYS, le=MAX_DAYS,
                                   allow_inf_nan=False)
    max_days: float | None = Field(default=None, ge=-MAX_DAYS, le=MAX_DAYS,
                                   allow_inf_nan=False)
    kind: ConstraintKind = "requirement"
    #: Where the source leaves open what the bound counts from ("within 90 days
    #: of a Security Council resolution": which one?), the event of the other
    #: reading; ``from`` is the plan's own reading (say so in ``source``). The
    #: verdict is then also given under the other reading.
    other_reading_from: EventRef | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Constraint:
        if self.min_days is None and self.max_days is None:
            raise ValueError("give min_days, max_days or both")
        if (
            self.min_days is not None
            and self.max_days is not None
            and self.min_days > self.max_days
        ):
            raise ValueError(
                f"min_days {self.min_days:g} is above max_days {self.max_days:g}; swap them"
            )
        if self.from_ == self.to:
            raise ValueError(f"'from' and 'to' are the same event ({self.to})")
        return self


class Season(Item):
    """A recurring or dated window (e.g. the rainy season).

    ``start`` and ``end`` are ``MM-DD`` (every year) or ``YYYY-MM-DD`` (once).
    A window whose end is before its start runs over the new year.

    >>> Season(id="rainy", name="Rainy season", start="05-01", end="10-31").recurring
    True
    """

    start: Annotated[str, Field(pattern=r"^(\d{4}-)?\d{2}-\d{2}$")]
    end: Annotated[str, Field(pattern=r"^(\d{4}-)?\d{2}-\d{2}$")]
    #: Road movement is impossible during the season (deployment uses air).
    closes_roads: bool = False

    @model_validator(mode="after")
    def _dates(self) -> Season:
        for label, value in (("start", self.start), ("end", self.end)):
            text = value if len(value) == 10 else f"2000-{value}"
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"{label} {value!r} is not a real date") from None
        if len(self.start) != len(self.end):
            raise ValueError("start and end must both be MM-DD or both be YYYY-MM-DD")
        return self

    @property
    def recurring(self) -> bool:
        """True when the window repeats every year."""
        return len(self.start) == 5
