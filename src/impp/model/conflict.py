"""Conflict analysis: actors, their relations, causes, and scenarios."""

from __future__ import annotations

from typing import ClassVar

from impp.model.base import Id, Item


class Actor(Item):
    """A stakeholder or party, with what the sources say of it."""

    type: str | None = None
    description: str | None = None


class Relation(Item):
    """A relationship between two actors."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"a": ("actors",), "b": ("actors",)}

    a: Id
    b: Id
    type: str = "influence"


class Cause(Item):
    """A cause of conflict (structural, proximate, trigger)."""

    level: str | None = None


class Scenario(Item):
    """A possible future (best, most likely, worst)."""

    case: str | None = None
    description: str | None = None
