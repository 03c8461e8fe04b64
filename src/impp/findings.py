"""Findings: what the analyses report, in planners' words.

A finding has a severity, a stable code (scripts and tests rely on it), a
message, the ids of the items it is about, and the passage the rule comes
from. The message is in planners' words, for documents as for the terminal;
``fix``, where there is one, says what to change in the plan file (it may
name the file's fields) and is shown only where a plan is edited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Assumed:
    """A fact a finding rests on that the engine read from the plan's words, not
    from a field that states it: where it read it (section, item id, field) and
    what it assumed, with the field that states it instead.

    >>> Assumed(("tasks", "ddr", "owner"), "ddr is carried out by the mission").as_dict()
    {'path': 'tasks.ddr.owner', 'text': 'ddr is carried out by the mission'}
    """

    path: tuple[str, ...]
    text: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (``path`` dotted)."""
        return {"path": ".".join(self.path), "text": self.text}

_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing an analysis found.

    >>> f = Finding("warning", "process.missing-branch", "No security branch.", ("security",),
    ...             "IMPP guidelines §1.1.1")
    >>> f.as_dict()["code"]
    'process.missing-branch'
    """

    severity: Severity
    code: str
    message: str
    items: tuple[str, ...] = ()
    source: str | None = None
    #: What to change in the plan file, in its own terms (fields, sections).
    fix: str | None = None
    #: What the finding rests on that the engine read rather than the plan stated.
    assumed: tuple[Assumed, ...] = ()
    #: The criterion (or planners' target) whose verdict this finding decides,
    #: and by how many days it is missed (negative) where the rule counts them.
    criterion: str | None = None
    margin_days: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        data = asdict(self)
        data["items"] = list(self.items)
        data["assumed"] = [a.as_dict() for a in self.assumed]
        return data


def with_assumed(message: str, assumed: tuple[Assumed, ...]) -> str:
    """``message`` followed by what it assumed, in one sentence each.

    >>> with_assumed("X is late.", (Assumed(("tasks", "x", "owner"), "x is the mission's"),))
    "X is late. Assumed: x is the mission's (tasks.x.owner)."
    """
    if not assumed:
        return message
    return message + " " + " ".join(
        f"Assumed: {a.text} ({'.'.join(a.path)})." for a in assumed)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; stable within each."""
    return sorted(findings, key=lambda f: _ORDER[f.severity])
