"""What an exercise file holds: the scenario, syndicates, clock, MSEL, rubric, solution.

An exercise is written by the directing staff as one YAML file beside the
scenario it hands out (``impp exercise new --from FILE``); the embedded
Carana exercise is :func:`impp.exercise.carana_exercise_path`. Every field
is checked when the file is read, with each problem said at file:line
(:mod:`impp.exercise.loader`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from impp.model.base import MAX_DAYS, Frozen, Id

#: What a trigger or a restore condition may look at, from a syndicate's analysis.
METRICS: dict[str, str] = {
    "foc_day": "the day of full operating capability in the lift schedule (deployment)",
    "ioc_day": "the day of initial operating capability in the lift schedule (deployment)",
    "cost_total": "the plan's cost estimate over its horizon (cost)",
    "cost_first_year": "the first budget year's estimate (cost)",
    "errors": "doctrinal and model errors left (findings)",
    "warnings": "warnings left (findings)",
    "criteria_missed": "criteria and targets missed (verdicts)",
    "criteria_met": "criteria and targets met (verdicts)",
}

#: What an inject does to the scenario, in the directing staff's words (for the MSEL
#: and the review; what it changes is its ``effect``).
KINDS = ("asset_withdrawn", "asset_delayed", "date_moved", "budget_cut", "risk_occurs",
         "season_early", "constraint_added", "information")


class Condition(Frozen):
    """A test on one metric of a syndicate's newest analysed revision."""

    metric: Literal["foc_day", "ioc_day", "cost_total", "cost_first_year", "errors",
                    "warnings", "criteria_missed", "criteria_met"]
    below: float | None = Field(default=None, allow_inf_nan=False)
    above: float | None = Field(default=None, allow_inf_nan=False)
    at_most: float | None = Field(default=None, allow_inf_nan=False)
    at_least: float | None = Field(default=None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [t for t in ("below", "above", "at_most", "at_least")
                 if getattr(self, t) is not None]
        if len(tests) != 1:
            raise ValueError(f"a condition on {self.metric} needs exactly one of below, above, "
                             f"at_most, at_least (found {', '.join(tests) or 'none'})")
        return self

    @property
    def test(self) -> tuple[str, float]:
        """The comparison and its bound."""
        for name in ("below", "above", "at_most", "at_least"):
            value = getattr(self, name)
            if value is not None:
                return name, float(value)
        raise AssertionError("validated")  # pragma: no cover

    def holds(self, value: float) -> bool:
        """True when ``value`` passes the test."""
        name, bound = self.test
        return {"below": value < bound, "above": value > bound, "at_most": value <= bound,
                "at_least": value >= bound}[name]

    def text(self) -> str:
        """The condition in words: ``foc_day below 80``."""
        name, bound = self.test
        return f"{self.metric} {name.replace('_', ' ')} {bound:g}"


class Change(Frozen):
    """One change an inject makes to the scenario, at ``path``: a section and an item id
    and its field (``lift.sealift.available_from_day``), or a section's field
    (``costs.ceiling``). Exactly one operation: ``set`` a value, ``add`` a number,
    ``scale`` a number, ``shift_days`` a date (or a number of days), ``append`` an item
    to a section, ``remove`` an item."""

    path: str = Field(min_length=1, max_length=300)
    set: Any = None
    add: float | None = Field(default=None, allow_inf_nan=False)
    scale: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    shift_days: int | None = Field(default=None, ge=-MAX_DAYS, le=MAX_DAYS)
    append: dict[str, Any] | None = None
    remove: bool = False

    @model_validator(mode="after")
    def _one_operation(self) -> Change:
        ops = [o for o in ("set", "add", "scale", "shift_days", "append")
               if getattr(self, o) is not None] + (["remove"] if self.remove else [])
        if len(ops) != 1:
            raise ValueError(f"change of {self.path}: give exactly one of set, add, scale, "
                             f"shift_days, append, remove (found {', '.join(ops) or 'none'})")
        return self

    @property
    def operation(self) -> str:
        """The operation's name."""
        for o in ("set", "add", "scale", "shift_days", "append"):
            if getattr(self, o) is not None:
                return o
        return "remove"

    def text(self) -> str:
        """The change in words: ``lift.sealift.available_from_day add 10``."""
        op = self.operation
        if op == "remove":
            return f"remove {self.path}"
        if op == "append":
            return f"add {self.append.get('id', '?') if self.append else '?'} to {self.path}"
        value = getattr(self, op)
        return f"{self.path} {op.replace('_', ' ')} {value}"


class Inject(Frozen):
    """One entry of the master scenario events list (MSEL).

    Delivered at game day ``at_day``, or when ``when`` first holds for a
    syndicate, or (neither given) only when the directing staff send it.
    """

    id: Id
    name: str = Field(min_length=1, max_length=200)
    at_day: float | None = Field(default=None, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    when: Condition | None = None
    sender: str = Field(min_length=1, max_length=200)
    means: str = Field(min_length=1, max_length=60)
    kind: Literal["asset_withdrawn", "asset_delayed", "date_moved", "budget_cut",
                  "risk_occurs", "season_early", "constraint_added", "information"]
    message: str = Field(min_length=1, max_length=4000)
    effect: tuple[Change, ...] = ()
    expected: str = Field(min_length=1, max_length=2000)
    #: What the syndicate's plan must satisfy again for the inject to count as
    #: answered; without it, every criterion the inject made worse must be back.
    restores: Condition | None = None
    source: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _one_time(self) -> Inject:
        if self.at_day is not None and self.when is not None:
            raise ValueError(f"inject {self.id}: give at_day or when, not both")
        return self


class Syndicate(Frozen):
    """A planning syndicate: its id (its plan is ``EXERCISE-ID``) and members."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    members: tuple[Id, ...] = Field(min_length=1, max_length=50)


class Clock(Frozen):
    """The game clock: stepped by the directing staff (``impp exercise advance``), or
    running at ``days_per_hour`` game days per real hour from the start."""

    mode: Literal["stepped", "real"] = "stepped"
    start_day: float = Field(default=0, ge=0, le=MAX_DAYS, allow_inf_nan=False)
    days_per_hour: float | None = Field(default=None, gt=0, le=10_000, allow_inf_nan=False)

    @model_validator(mode="after")
    def _rate(self) -> Clock:
        if self.mode == "real" and self.days_per_hour is None:
            raise ValueError("a real-time clock needs days_per_hour (game days per real hour)")
        if self.mode == "stepped" and self.days_per_hour is not None:
            raise ValueError("a stepped clock has no days_per_hour: the directing staff "
                             "advance it (or write mode: real)")
        return self

    @property
    def rate(self) -> float:
        """Game days per real hour (0: stepped)."""
        return self.days_per_hour or 0.0


#: Score components, in the order reports show them.
COMPONENTS = ("criteria", "deployment", "cost", "doctrine", "results", "risks", "injects")


class Rubric(Frozen):
    """How much each score component weighs (any positive numbers; shares of their sum)."""

    criteria: float = Field(default=30, ge=0, le=1000, allow_inf_nan=False)
    deployment: float = Field(default=20, ge=0, le=1000, allow_inf_nan=False)
    cost: float = Field(default=15, ge=0, le=1000, allow_inf_nan=False)
    doctrine: float = Field(default=15, ge=0, le=1000, allow_inf_nan=False)
    results: float = Field(default=10, ge=0, le=1000, allow_inf_nan=False)
    risks: float = Field(default=5, ge=0, le=1000, allow_inf_nan=False)
    injects: float = Field(default=5, ge=0, le=1000, allow_inf_nan=False)
    #: Points lost per day a deployment milestone comes later than the solution's.
    points_per_day_late: float = Field(default=5, ge=0, le=100, allow_inf_nan=False)
    #: Points of the inject component lost per game day of response after the first.
    points_per_response_day: float = Field(default=10, ge=0, le=100, allow_inf_nan=False)

    @model_validator(mode="after")
    def _some_weight(self) -> Rubric:
        if sum(self.weights().values()) <= 0:
            raise ValueError("the rubric weighs nothing: give at least one component a weight")
        return self

    def weights(self) -> dict[str, float]:
        """Each component's weight."""
        return {c: float(getattr(self, c)) for c in COMPONENTS}


class Exercise(Frozen):
    """An exercise: what the syndicates get, who they are, the MSEL, how they are scored."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    #: The plan handed to the syndicates: ``carana`` (embedded) or a path to a plan file
    #: or folder, relative to the exercise file.
    scenario: str = Field(min_length=1, max_length=1000)
    #: The directing staff's solution (a plan, named like the scenario); never shown
    #: to a syndicate.
    solution: str = Field(min_length=1, max_length=1000)
    #: Sections of the scenario not handed to the syndicates: theirs to write.
    withhold: tuple[Id, ...] = ()
    source: str | None = Field(default=None, max_length=1000)
    clock: Clock = Clock()
    trainers: tuple[Id, ...] = Field(min_length=1, max_length=50)
    syndicates: tuple[Syndicate, ...] = Field(min_length=1, max_length=100)
    rubric: Rubric = Rubric()
    injects: tuple[Inject, ...] = Field(default=(), max_length=500)

    def inject(self, inject_id: str) -> Inject | None:
        """The inject named ``inject_id``."""
        return next((i for i in self.injects if i.id == inject_id), None)

    def syndicate(self, syndicate_id: str) -> Syndicate | None:
        """The syndicate named ``syndicate_id``."""
        return next((s for s in self.syndicates if s.id == syndicate_id), None)

    def plan_name(self, syndicate_id: str) -> str:
        """The store's name of a syndicate's plan."""
        return f"{self.id}-{syndicate_id}"

    @property
    def solution_plan(self) -> str:
        """The store's name of the solution's plan."""
        return f"{self.id}-solution"
