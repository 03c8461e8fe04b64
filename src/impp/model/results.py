"""The Integrated Strategic Framework (ISF) and the results chain.

strategic objective -> outputs -> activities (tasks) -> indicators, with
benchmarks per objective. Priority (importance) is a field; sequencing (one
thing before another) is a constraint on the timeline, never a field here.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from impp.model.base import Id, Item


class Objective(Item):
    """A strategic objective, with its end-state and definition of success."""

    end_state: str | None = None
    success: str | None = None


class Priority(Item):
    """A shared priority (importance, not order), with the body that set it."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"objectives": ("objectives",)}

    rank: int | None = None
    set_by: str | None = None
    objectives: tuple[Id, ...] = ()


class Output(Item):
    """An output that serves an objective."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"objective": ("objectives",)}

    objective: Id | None = None
    priority: Literal["high", "medium", "low"] | None = None


class Benchmark(Item):
    """A benchmark of progress towards an objective (New Horizon: core or broader)."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {"objective": ("objectives",)}

    objective: Id
    core: bool = True
    term: Literal["short", "medium", "long"] | None = None


class Indicator(Item):
    """A measure of an objective, output or benchmark, with baseline and target."""

    refs: ClassVar[dict[str, tuple[str, ...]]] = {
        "measures": ("objectives", "outputs", "benchmarks"),
    }

    measures: Id | None = None
    baseline: float | str | None = None
    target: float | str | None = None
    unit: str | None = None
    responsible: str | None = None
