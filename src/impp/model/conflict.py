"""Conflict analysis: profile, causes (a problem tree), actors and relations, scenarios.

The four elements a peace and conflict analysis holds as a minimum
(mission-leadership ch. 2, "Context analysis: the drivers of peace and
conflict"): a profile of the context, the causes, the actors, and the
dynamics (scenarios with drivers of change and contingencies).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from impp.model.base import Frozen, Id, Item

#: The dimensions of a profile, as the seed lists them.
Dimension = Literal[
    "historical", "political", "economic", "security", "sociocultural", "environmental"
]
DIMENSIONS: tuple[str, ...] = (
    "historical", "political", "economic", "security", "sociocultural", "environmental",
)


class ProfileDimension(Frozen):
    """One dimension of the context (historical, political, economic, ...)."""

    dimension: Dimension
    text: str
    source: str | None = None
    assumption: bool = False


class Profile(Frozen):
    """The profile: the political settlement, its legitimacy, and the context by dimension.

    >>> p = Profile(settlement="Kalari agreement", disputed_by=("mpc",),
    ...             dimensions=(ProfileDimension(dimension="security", text="Stalemate"),))
    >>> p.dimensions[0].dimension
    'security'
    """

    #: The political settlement (agreement, arrangement) the mission supports.
    settlement: str | None = None
    #: How legitimate the settlement is, whether disputed, by whom and why.
    legitimacy: str | None = None
    #: Actors (ids) who dispute the settlement.
    disputed_by: tuple[Id, ...] = ()
    dimensions: tuple[ProfileDimension, ...] = ()
    source: str | None = None


class Actor(Item):
    """A stakeholder or party: interests, positions, capacities, and the gender and youth lens."""

    type: str | None = None
    #: The constituency or camp the actor belongs to (brokerage is measured between groups);
    #: ``type`` when not given.
    group: str | None = None
    description: str | None = None
    interests: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    capacities: tuple[str, ...] = ()
    #: What the actor would need to achieve its agenda.
    resources: str | None = None
    #: The actor uses violence to achieve its goals.
    uses_violence: bool = False
    #: The actor could undermine the peace process (whether or not it is violent).
    spoiler: bool = False
    #: The actor uses collaborative action to contribute to peace.
    collaborates: bool = False
    network: Literal["formal", "informal"] | None = None
    #: Gender lens: how women and men take part in, lead, or are affected by the actor.
    gender: str | None = None
    #: Youth lens: the part young people play in, or how they are affected by, the actor.
    youth: str | None = None
    #: The actor is a women's organisation or network, or speaks for women.
    represents_women: bool = False
    #: The actor is a youth organisation or network, or speaks for young people.
    represents_youth: bool = False

    @property
    def camp(self) -> str:
        """The group used for brokerage: ``group``, else ``type``, else the id."""
        return self.group or self.type or self.id


class Relation(Item):
    """A relationship between two actors: alliance, opposition, or ``a`` influences ``b``."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"a": ("actors",), "b": ("actors",)}

    a: Id
    b: Id
    type: Literal["alliance", "opposition", "influence"] = "influence"
    #: How strong the tie is, from just above 0 (weak) to 1 (strong).
    strength: float = Field(default=0.5, gt=0, le=1)


class Cause(Item):
    """A cause of conflict or a driver of peace; ``effects`` are the causes it feeds."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "effects": ("causes",),
        "actors": ("actors",),
    }

    level: Literal["structural", "proximate", "trigger"]
    #: A driver of conflict (to reduce) or of peace (to strengthen).
    driver: Literal["conflict", "peace"] = "conflict"
    description: str | None = None
    #: Causes this one leads to (cause -> effect links of the problem tree).
    effects: tuple[Id, ...] = ()
    #: Actors that drive or exploit this cause.
    actors: tuple[Id, ...] = ()


class Scenario(Item):
    """A possible future: drivers of change, signs it is coming, the contingency it needs."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "contingency_task": ("tasks",),
        "risks": ("risks",),
        "causes": ("causes",),
    }

    case: Literal["best", "most_likely", "worst", "other"] = "other"
    description: str | None = None
    drivers: tuple[str, ...] = ()
    #: What would show that this scenario is coming (early-warning signs).
    indicators: tuple[str, ...] = ()
    #: What the mission would do (text), or the task of the timeline that does it.
    contingency: str | None = None
    contingency_task: Id | None = None
    risks: tuple[Id, ...] = ()
    causes: tuple[Id, ...] = ()
