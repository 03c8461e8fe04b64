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

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        data = asdict(self)
        data["items"] = list(self.items)
        return data


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; stable within each."""
    return sorted(findings, key=lambda f: _ORDER[f.severity])
