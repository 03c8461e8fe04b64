"""The one exception tree of impp.

::

    ImppError                      base of everything impp raises on purpose
    ├── PlanError                  a plan cannot be used
    │   ├── PlanFileError          a plan file is malformed or invalid;
    │   │   │                      carries every problem found (file, line, item)
    │   │   └── WorkbookError      a results-framework workbook cannot be
    │   │                          imported (sheet, row, column); in impp.io.excel
    │   ├── PlanInconsistentError  the plan's requirements cannot all hold;
    │   │                          carries the explanation (a conflict)
    │   └── DeploymentError        the plan's units, lift and routes cannot
    │                              make a deployment problem (no route, ...)
    ├── InstanceFileError          a scheduling instance file (PSPLIB) is
    │                              malformed; says file:line
    ├── SensitivityError           the reader's clearance leaves nothing to show
    └── StoreError                 the revision store refused or failed
        ├── StaleRevisionError     a commit started from an old revision
        └── DecisionRefusedError   a decision point's conditions are not met

Errors from libraries (YAML parser, pydantic, SQLAlchemy, OR-Tools) are
translated at the boundary: ``raise PlanFileError(...) from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ImppError(Exception):
    """Base of every error impp raises on purpose."""


class PlanError(ImppError):
    """A plan cannot be used as it is."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, said where and how to fix it.

    >>> Problem("plan.yaml", 3, 5, "tam", "duration: minimum 12 is above maximum 10.").render()
    'plan.yaml:3:5: [tam] duration: minimum 12 is above maximum 10.'
    """

    file: str
    line: int | None
    column: int | None
    item: str | None
    message: str

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        item = f" [{self.item}]" if self.item else ""
        return f"{where}:{item} {self.message}"


class PlanFileError(PlanError):
    """A plan file is malformed or invalid; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the plan:"
        super().__init__("\n".join([head, *("  " + p.render() for p in problems)]))


class ExerciseFileError(ImppError):
    """An exercise file is malformed or invalid; ``problems`` lists them all (its
    scenario's problems too, at their own files)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the exercise:"
        super().__init__("\n".join([head, *("  " + p.render() for p in problems)]))


class ExerciseError(ImppError):
    """An exercise cannot do what was asked (no such exercise, inject, syndicate)."""


@dataclass
class PlanInconsistentError(PlanError):
    """The plan's requirements cannot all hold; ``explanation`` says why."""

    explanation: object = field(default=None)

    def __str__(self) -> str:
        return str(self.explanation)


class DeploymentError(PlanError):
    """The plan's units, lift and routes cannot be turned into a deployment problem."""


class CostError(PlanError):
    """The plan's cost cannot be estimated (no costs section, or no lift schedule
    to phase its units by); the message says why and what to do."""


class InstanceFileError(ImppError):
    """A scheduling instance file (PSPLIB ``.sm`` / ``.rcp``) is malformed.

    >>> str(InstanceFileError("j30_1.sm", 4, "expected a number"))
    'j30_1.sm:4: expected a number'
    """

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class StoreError(ImppError):
    """The revision store refused an operation or failed."""


class StoreUnavailableError(StoreError):
    """The store cannot be written: its disk is full, or it is read-only. Nothing was
    written (the transaction rolled back); ``status`` is the HTTP status that says so
    (507 Insufficient Storage, 503 Service Unavailable)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class StaleRevisionError(StoreError):
    """A commit named a parent revision that is no longer the newest."""


class DecisionRefusedError(StoreError):
    """A decision point cannot be passed: outputs missing or wrong role."""


class SensitivityError(ImppError):
    """The reader's level leaves nothing that can be shown (the mission is above it)."""
