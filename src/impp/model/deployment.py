"""Units, lift, locations, routes and capability milestones: what deployment needs.

A unit moves from its port of embarkation to its destination along routes
(strategic air or sea to a port of entry, then road, helicopter or fixed wing
in theatre); each route names the lift that can carry it. Lift assets are
types (``C-130 aircraft``, ``Mi-8 helicopters``) with a count. A capability
milestone is the day a set of units is in place: initial operating capability
(IOC: the headquarters and named units, New Horizon 2009, "Faster
deployment") and full operating capability (FOC: every unit). Days count from
the milestones' ``from`` event (the mandate resolution, in Carana).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from impp.model.base import MAX_COUNT, MAX_DAYS, MAX_MONEY, Id, Item
from impp.model.timeline import EventRef

LiftMode = Literal["strategic_air", "sealift", "helicopter", "fixed_wing", "road", "rail"]
RouteMode = Literal["air", "sea", "road", "rail", "river"]


class Unit(Item):
    """A unit to deploy (battalion, formed police unit, enabler, HQ staff).

    ``cargo_tonnes`` is its equipment and stores; its personnel are carried
    too, at :data:`impp.deploy.PERSON_TONNES` each. It can leave its port of
    embarkation on ``ready_day`` (days after the milestones' ``from`` event)
    or on ``ready_date``.
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "embarkation": ("locations",),
        "destination": ("locations",),
        "via": ("locations",),
    }

    type: str | None = None
    personnel: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    cargo_tonnes: float = Field(default=0, ge=0, le=MAX_COUNT, allow_inf_nan=False)
    #: Port (or airport) of embarkation in the contributing country.
    embarkation: Id | None = None
    destination: Id | None = None
    #: Locations to pass through, in order (default: the route with fewest legs).
    via: tuple[Id, ...] = ()
    ready_day: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    ready_date: dt.date | None = None

    @model_validator(mode="after")
    def _movement(self) -> Unit:
        if self.ready_day is not None and self.ready_date is not None:
            raise ValueError("give ready_day or ready_date, not both")
        if (self.embarkation is None) != (self.destination is None):
            raise ValueError("a unit that moves needs both embarkation and destination")
        if self.embarkation is not None and self.embarkation == self.destination:
            raise ValueError(f"embarkation and destination are the same ({self.destination})")
        return self


class LiftAsset(Item):
    """A lift asset type (aircraft, ship, helicopter, road convoy) and how many there are.

    Strategic lift carries ``capacity_tonnes`` per trip and is back for the
    next one after ``turnaround_days``; in-theatre lift gives
    ``tonnes_per_day`` per asset. ``available_from_day`` /
    ``available_until_day`` bound when the assets are there;
    ``cost_per_extra`` prices one more (for the what-if);
    ``serviceability`` is the share expected to be serviceable on a day.

    >>> LiftAsset(id="mi8", name="Mi-8", mode="helicopter", tonnes_per_day=9).cycle
    (9.0, 1.0)
    """

    mode: LiftMode | None = None
    count: int = Field(default=1, ge=0, le=MAX_COUNT)
    capacity_tonnes: float | None = Field(default=None, gt=0, le=MAX_COUNT, allow_inf_nan=False)
    turnaround_days: float | None = Field(default=None, gt=0, le=MAX_DAYS, allow_inf_nan=False)
    tonnes_per_day: float | None = Field(default=None, gt=0, le=MAX_COUNT, allow_inf_nan=False)
    available_from_day: int = Field(default=0, ge=0, le=MAX_DAYS)
    available_until_day: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    cost_per_extra: float | None = Field(default=None, ge=0, le=MAX_MONEY, allow_inf_nan=False)
    #: The most extra assets of this type that could be found (what-if search).
    max_extra: int = Field(default=3, ge=0, le=1000)
    serviceability: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="after")
    def _capacity(self) -> LiftAsset:
        per_trip = self.capacity_tonnes is not None or self.turnaround_days is not None
        if per_trip and self.tonnes_per_day is not None:
            raise ValueError("give capacity_tonnes with turnaround_days (strategic lift) "
                             "or tonnes_per_day (in-theatre lift), not both")
        if per_trip and (self.capacity_tonnes is None or self.turnaround_days is None):
            raise ValueError("strategic lift needs both capacity_tonnes and turnaround_days")
        if (self.available_until_day is not None
                and self.available_until_day <= self.available_from_day):
            raise ValueError(f"available_until_day {self.available_until_day} is not after "
                             f"available_from_day {self.available_from_day}")
        return self

    @property
    def cycle(self) -> tuple[float, float] | None:
        """(tonnes per trip, days per trip), or ``None`` when no capacity is given."""
        if self.tonnes_per_day is not None:
            return (self.tonnes_per_day, 1.0)
        if self.capacity_tonnes is not None and self.turnaround_days is not None:
            return (self.capacity_tonnes, self.turnaround_days)
        return None


class Location(Item):
    """A place units move from, through or to (port, airfield, sector headquarters)."""

    kind: str | None = None


class Route(Item):
    """A way between two locations: its mode, transit days by season, the lift it takes.

    ``days`` is the transit time of one load; ``days_by_season`` replaces it
    when the movement overlaps that season; ``closed_in`` lists seasons when
    the route cannot be used (a road route is also closed in every season
    that ``closes_roads``). Routes run both ways unless ``both_ways: false``.
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "from_": ("locations",),
        "to": ("locations",),
        "lift": ("lift",),
        "closed_in": ("seasons",),
        "days_by_season": ("seasons",),
    }

    from_: Id = Field(alias="from")
    to: Id
    mode: RouteMode
    days: int = Field(ge=0, le=MAX_DAYS)
    days_by_season: dict[Id, Annotated[int, Field(ge=0, le=MAX_DAYS)]] = Field(
        default_factory=dict)
    closed_in: tuple[Id, ...] = ()
    #: The lift assets that can carry this route.
    lift: tuple[Id, ...] = Field(min_length=1)
    both_ways: bool = True

    @model_validator(mode="after")
    def _ends(self) -> Route:
        if self.from_ == self.to:
            raise ValueError(f"'from' and 'to' are the same location ({self.to})")
        for season, days in self.days_by_season.items():
            if days < 0:
                raise ValueError(f"days in season {season!r} must be 0 or more, not {days}")
        return self


class Milestone(Item):
    """A capability milestone: the day every listed unit is in place.

    ``units`` empty means every unit (full operating capability). Days count
    from the event ``from``; ``from_date`` gives that event's date when the
    plan has none yet (seasons need a calendar). ``event`` is the plan event
    the milestone is (e.g. ``force_deployment.end``), so the timeline and
    criteria see it; ``max_days`` is the deadline.
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "from_": ("@event",),
        "event": ("@event",),
        "units": ("units",),
    }

    from_: EventRef = Field(alias="from")
    from_date: dt.date | None = None
    event: EventRef | None = None
    units: tuple[Id, ...] = ()
    max_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)


class Transfer(Item):
    """Responsibility the UN takes over from another organisation or coalition.

    Re-hatting its troops, or folding its mission into the UN operation: the
    IMPP then needs a Joint Transition Plan, "mutually agreed and produced
    jointly by both organisations" (IMPP guidelines §1.2.2).
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "actor": ("actors",),
        "units": ("units",),
        "event": ("@event",),
    }

    #: The organisation or coalition responsibility comes from.
    from_organisation: str
    #: Its mission or force among the plan's actors, where the plan has it.
    actor: Id | None = None
    #: Units of the plan that come from it (re-hatted).
    units: tuple[Id, ...] = ()
    #: The envisaged transfer of authority, where known.
    date: dt.date | None = None
    #: The plan's event that is the transfer of authority, where it is on the timeline.
    event: str | None = None

