"""Units, lift, locations and routes: what deployment needs and what carries it."""

from __future__ import annotations

from impp.model.base import Item


class Unit(Item):
    """A unit to deploy (battalion, formed police unit, enabler, HQ staff)."""

    type: str | None = None
    personnel: int | None = None


class LiftAsset(Item):
    """A lift asset type (aircraft, ship, helicopter, road convoy)."""

    mode: str | None = None
    count: int = 1


class Location(Item):
    """A place units move from, through or to."""


class Route(Item):
    """A way from one location to another."""
