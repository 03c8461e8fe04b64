"""What a plan costs: rates with their sources, and the quantities they apply to.

The IMPP asks for a Draft Mission Budget in Level 1.2 and a Mission Budget
Report in Level 2.1 (guidelines §1.2.4, §2.1.3); New Horizon (2009) names the
drivers: "numbers of personnel – military, police and civilian – as well as
aviation and infrastructure costs are the most significant drivers of cost".
A plan states rates (``rates:``), each with the driver it feeds, what it is
paid per and where the figure comes from; the quantities come from the plan
itself (units' personnel and cargo, lift assets, and ``cost_lines`` for what
has no other home: civilian staff, camps, one-off start-up costs).

A plan without ``costs:`` has no estimate. With it, every unit with personnel
needs a rate for its type, every rate is in the plan's currency: an estimate
is never computed on a guess (the loader says where each gap is).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from impp.model.base import MAX_COUNT, MAX_DAYS, MAX_MONEY, Frozen, Id, Item
from impp.model.deployment import LiftMode

#: What money is spent on: New Horizon's drivers, and the rest.
Driver = Literal["military", "police", "civilian", "aviation", "infrastructure", "other"]

#: What a rate is paid per.
#: ``person_month``: each person of the units it applies to, from the day the
#: unit is in place; ``asset_month``: each lift asset of the types it names,
#: from the day it is available (contracted) to the day it is released;
#: ``flight_hour``: each flight hour of the lift types it names, at
#: ``hours_per_month`` per asset over the same days as an asset-month;
#: ``tonne``: each tonne a unit moves, charged on the day its movement starts
#: (by the lift modes it names, or every movement); ``month``: each of a cost
#: line's quantity per month; ``once``: each of a cost line's quantity, once.
Per = Literal["person_month", "asset_month", "flight_hour", "tonne", "month", "once"]


class CostModel(Frozen):
    """The plan's costing: its currency, how far the estimate runs, its ceiling.

    ``horizon_days``: the estimate covers day 0 (the deployment's reference
    event, the mandate resolution) to this day. ``ceiling``: the budget the
    first year (days 0-364) must stay inside, for the joint odds of cost and
    deployment; ``None``: none is set.
    """

    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    horizon_days: int = Field(default=730, gt=0, le=3650)
    ceiling: float | None = Field(default=None, gt=0, le=MAX_MONEY, allow_inf_nan=False)
    source: str | None = None
    assumption: bool = False


class CostRate(Item):
    """A rate: an amount of money per person-month, asset-month, tonne, month or once."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"lift": ("lift",), "output": ("outputs",)}

    driver: Driver
    amount: float = Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)
    per: Per
    #: The currency of ``amount`` (default: the plan's); it must be the plan's.
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    #: ``person_month`` and ``tonne``: the unit types it applies to (a unit's ``type``).
    unit_types: tuple[str, ...] = ()
    #: ``asset_month`` and ``flight_hour``: the lift asset types it pays for.
    lift: tuple[Id, ...] = ()
    #: ``flight_hour``: the hours each asset flies a month (the budget's block hours).
    hours_per_month: float | None = Field(default=None, gt=0, le=744, allow_inf_nan=False)
    #: ``asset_month`` and ``flight_hour``: a charter for the deployment, paid until the last
    #: movement the asset flies or sails (else until the asset's
    #: ``available_until_day``, else to the estimate's horizon).
    charter: bool = False
    #: ``tonne``: the lift modes it pays for (none: every movement).
    modes: tuple[LiftMode, ...] = ()
    #: The output of the results chain this spending serves (results-based budgeting).
    output: Id | None = None


class CostLine(Item):
    """A quantity the plan pays for at one of its rates: civilian staff, a camp,
    a one-off start-up cost. Runs from ``from_day`` to ``until_day`` (default:
    the estimate's horizon); a ``once`` rate is paid on ``from_day``."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"rate": ("rates",), "output": ("outputs",)}

    rate: Id
    quantity: float = Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)
    from_day: int = Field(default=0, ge=0, le=MAX_DAYS)
    until_day: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    output: Id | None = None
    #: An option costed apart and left out of the total: reserve capacity
    #: (New Horizon asks for "estimated costs and options, for reserve capacity
    #: requirements"), an alternative the planners weigh.
    option: bool = False
