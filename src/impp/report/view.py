"""What a reader cleared to a given marking may see of a plan and its summary.

Every document of the planning package is built from a :class:`ReportView`,
never from the plan directly, so an item marked above the reader's level
(``--max-sensitivity``) cannot reach a page by accident: the view holds the
visible items only, scrubs the summary (events, criteria, findings, extra
tables) of anything that names a withheld item, and counts what it left out
so each document can say so (how many, never what).

The marking printed on a document is the highest marking of the content it
shows: the mission's, and that of every visible item of the plan sections the
document drew from (:meth:`ReportView.marking`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from impp.clearance import WITHHELD, clearance, parse_sensitivity
from impp.clearance import _base as _base
from impp.exceptions import SensitivityError
from impp.model import Item, Plan, Sensitivity


@dataclass
class ReportView:
    """A plan and its summary as a reader at ``max_sensitivity`` may see them.

    Build it with :func:`make_view`. ``sections_used`` records which plan
    sections a document read (through :meth:`items`), so that its marking
    covers exactly what it shows.
    """

    plan: Plan
    summary: dict[str, Any]
    max_sensitivity: Sensitivity
    hidden_ids: frozenset[str]
    omitted_items: int
    omitted_findings: int
    omitted_rows: int
    sections_used: set[str] = field(default_factory=set)
    #: Pictures drawn once and shared by every document of the package.
    charts: dict[str, Any] = field(default_factory=dict)

    def items(self, section: str) -> tuple[Item, ...]:
        """The visible items of a plan section (and note that it was read)."""
        self.sections_used.add(section)
        return tuple(
            i for i in self.plan.section(section)
            if i.sensitivity.rank <= self.max_sensitivity.rank
        )

    def name(self, item_id: str) -> str:
        """An item's name, or :data:`WITHHELD` when it is above the reader's level."""
        if item_id in self.hidden_ids:
            return WITHHELD
        try:
            return self.plan.get(item_id).name
        except KeyError:
            return item_id

    def ref(self, item_id: str) -> str:
        """An id as it may be printed: itself, or :data:`WITHHELD`."""
        return WITHHELD if _base(item_id) in self.hidden_ids else item_id

    def fork(self) -> ReportView:
        """The same view with a fresh record of sections used (one per document)."""
        return ReportView(
            self.plan, self.summary, self.max_sensitivity, self.hidden_ids,
            self.omitted_items, self.omitted_findings, self.omitted_rows, charts=self.charts,
        )

    def marking(self) -> Sensitivity:
        """The highest marking of what this document showed: mission and sections read."""
        marks = [self.plan.mission.sensitivity]
        for section in sorted(self.sections_used):
            marks.extend(
                i.sensitivity for i in self.plan.section(section)
                if i.sensitivity.rank <= self.max_sensitivity.rank
            )
        return max(marks, key=lambda s: s.rank)

    @property
    def omitted_note(self) -> str | None:
        """The sentence every document prints when something was left out, else ``None``."""
        if not (self.omitted_items or self.omitted_findings or self.omitted_rows):
            return None
        parts = [_count(self.omitted_items, "item")]
        if self.omitted_findings:
            parts.append(_count(self.omitted_findings, "finding"))
        if self.omitted_rows:
            parts.append(_count(self.omitted_rows, "table row"))
        return (
            f"Left out at the reader's level ({self.max_sensitivity.label}): "
            f"{', '.join(parts)} marked above it or naming such items."
        )


def make_view(plan: Plan, summary: dict[str, Any], max_sensitivity: Sensitivity) -> ReportView:
    """The view of ``plan`` and its ``summary`` for a reader at ``max_sensitivity``.

    >>> from impp.model import Event, Mission, Plan, Sensitivity
    >>> plan = Plan(mission=Mission(id="m", name="M"), events=(
    ...     Event(id="open", name="Open"),
    ...     Event(id="secret", name="Night move", sensitivity="confidential")))
    >>> summary = {"events": {"open": {"name": "Open"}, "secret": {"name": "Night move"}},
    ...            "criteria": {}, "findings": [], "tables": []}
    >>> view = make_view(plan, summary, Sensitivity.unclassified)
    >>> list(view.summary["events"]), view.omitted_items, view.name("secret")
    (['open'], 1, '(withheld)')
    """
    reader = clearance(plan, max_sensitivity)  # the one withholding rule of every view
    hidden = set(reader.hidden)
    events = {
        k: v for k, v in summary.get("events", {}).items() if _base(k) not in hidden
    }
    criteria: dict[str, Any] = {}
    for cid, c in summary.get("criteria", {}).items():
        if cid in hidden:
            continue
        c = dict(c)
        for end in ("from", "to"):
            if isinstance(c.get(end), str) and _base(c[end]) in hidden:
                c[end] = WITHHELD
        criteria[cid] = c
    findings = [f for f in summary.get("findings", []) if not reader.mentions(f)]
    tables, dropped_rows = [], 0
    for table in summary.get("tables", []):
        rows = [r for r in table.get("rows", []) if not reader.mentions(r)]
        dropped_rows += len(table.get("rows", [])) - len(rows)
        tables.append({**table, "rows": rows})
    # everything else of the summary (timeline, deployment...) by the same rule
    filtered = {**reader.redact(summary), "events": events, "criteria": criteria,
                "findings": findings, "tables": tables}
    filtered["counts"] = {
            sev: sum(1 for f in findings if f.get("severity") == sev)
            for sev in ("error", "warning", "info")
        }
    if "mission" in filtered:
        filtered["mission"] = {**filtered["mission"], "sensitivity": reader.marking.value}
    return ReportView(
        plan, filtered, max_sensitivity, frozenset(hidden), reader.omitted_items,
        len(summary.get("findings", [])) - len(findings), dropped_rows,
    )


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


__all__ = ["WITHHELD", "ReportView", "SensitivityError", "make_view",
           "parse_sensitivity"]
