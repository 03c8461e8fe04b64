"""The Integrated Strategic Framework (ISF) and the results chain.

strategic objective -> outputs -> activities (tasks of the timeline) ->
indicators, with benchmarks per objective. Priority (importance) is a field;
sequencing (one thing before another) is a constraint or an ``after`` link on
the timeline, never a field here (mission-leadership ch. 2, "Prioritization
and sequencing").
"""

from __future__ import annotations

from typing import ClassVar, Literal

from impp.model.base import Frozen, Id, Item

Level = Literal["high", "medium", "low"]
#: The cross-cutting policies every IAP process takes account of (IAP principle 9).
Theme = Literal["human_rights", "gender", "child_protection"]
MAINSTREAMING: tuple[str, ...] = ("human_rights", "gender", "child_protection")


class Objective(Item):
    """A strategic (or functional) objective, with its end-state and definition of success."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"addresses": ("causes",)}

    kind: Literal["strategic", "functional"] = "strategic"
    end_state: str | None = None
    success: str | None = None
    #: Causes of conflict (problem-tree ids) this objective addresses.
    addresses: tuple[Id, ...] = ()


class Priority(Item):
    """A shared priority (importance, not order), with the body that set it."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "objectives": ("objectives",),
        "outputs": ("outputs",),
    }

    rank: int | None = None
    #: The body that set it (the mission leadership team, the Security Council, ...).
    set_by: str | None = None
    objectives: tuple[Id, ...] = ()
    outputs: tuple[Id, ...] = ()


class Output(Item):
    """An output that serves an objective; ``priority`` is its importance, not its order."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "objective": ("objectives",),
        "addresses": ("causes",),
        "supports": ("provisions",),
        "deadlines": ("constraints",),
    }

    objective: Id | None = None
    priority: Level | None = None
    addresses: tuple[Id, ...] = ()
    #: Key aspects of the agreement (provision ids) the output supports.
    supports: tuple[Id, ...] = ()
    #: Constraints (ids) whose ``to`` event is when the output is due.
    deadlines: tuple[Id, ...] = ()


class Activity(Item):
    """An activity serving an output; ``task`` is the task of the timeline that carries it out."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "output": ("outputs",),
        "task": ("tasks",),
        "engages": ("actors",),
        "addresses": ("causes",),
        "supports": ("provisions",),
    }

    output: Id | None = None
    task: Id | None = None
    #: Mission component or country-team agency responsible (comparative advantage).
    owner: str | None = None
    #: Actors the activity engages (dialogue, liaison, DDR, good offices).
    engages: tuple[Id, ...] = ()
    addresses: tuple[Id, ...] = ()
    supports: tuple[Id, ...] = ()


class Benchmark(Item):
    """A benchmark of progress towards an objective (New Horizon: core or broader; term)."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "objective": ("objectives",),
        "criterion": ("constraints",),
    }

    objective: Id
    #: Core: the mission is responsible; broader: relies on the performance of others.
    core: bool = True
    term: Literal["short", "medium", "long"] | None = None
    #: What constitutes success in achieving it (IMPP guidelines §1.2.1).
    success: str | None = None
    #: The criterion for success (a constraint id) this benchmark tracks, if any.
    criterion: Id | None = None
    #: For a broader benchmark, whose performance it relies on.
    partners: str | None = None
    #: One of the conditions for initiating transition and exit planning: "The
    #: Mission Plan should contain triggers and benchmarks for initiating
    #: transition and exit planning" (IMPP guidelines §3.1.3). When every
    #: trigger benchmark of a plan holds, an assessment says so.
    trigger: bool = False


class Target(Frozen):
    """The value an indicator should reach by the end of a period (e.g. ``Q2``, ``2027``)."""

    period: str
    value: float | str


class Indicator(Item):
    """A measure of an objective, output or benchmark, with baseline, targets and owner."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "measures": ("objectives", "outputs", "benchmarks"),
    }

    measures: Id | None = None
    baseline: float | str | None = None
    #: The final target; ``targets`` gives the targets per period.
    target: float | str | None = None
    targets: tuple[Target, ...] = ()
    unit: str | None = None
    #: Which way is better: ``lower`` for a deadline in days or a count of
    #: violations (the target is a ceiling), ``higher`` for a share reached (the
    #: target is a floor). Default: from the baseline towards the target.
    better: Literal["higher", "lower"] | None = None
    #: A rating scale, lowest step first (``[poor, fair, good]``): values are
    #: its words, kept as their rank (1 for the first step).
    scale: tuple[str, ...] = ()
    #: The indicator counts people, so it is disaggregated by sex and age.
    counts_people: bool = False
    #: Dimensions the data is broken down by (``sex``, ``age``, ``location``, ...).
    disaggregation: tuple[str, ...] = ()
    #: Where the data comes from (a survey, a register, patrol reports).
    data_source: str | None = None
    frequency: Literal["monthly", "quarterly", "biannual", "annual", "once"] | None = None
    #: Entity responsible for the indicator (mission component or country-team agency).
    responsible: str | None = None
    responsible_kind: Literal["mission", "country_team", "national", "other"] | None = None
    #: Cross-cutting policies the indicator tracks (IAP principle 9: mainstreaming).
    mainstreaming: tuple[Theme, ...] = ()
