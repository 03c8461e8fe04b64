"""What the planning documents share: figures in words, criteria, charts, holders.

The documents themselves are :mod:`impp.report.directive` (the USG Planning
Directive, IMPP guidelines Annex B and §1.2.1), :mod:`impp.report.assessment`
(the Strategic Assessment, §1.1.2) and :mod:`impp.report.mission_plan` (§1.2.3
and §2.1.2). Nothing is computed here: dates, margins and probabilities come
from the summary, and read "not yet computed" when absent.
"""

from __future__ import annotations

import re
from typing import Any

from impp import fmt as numbers
from impp.model import Actor, Item
from impp.process.catalogue import load_process
from impp.report.charts import CriterionBar, GanttRow, draw_criteria, draw_gantt, gantt_rows
from impp.report.document import Document
from impp.report.view import ReportView
from impp.views import decided_by

NOT_COMPUTED = "not yet computed"
GUIDE = "IMPP guidelines (2006)"
#: Holders whose responsibilities are the planning team's (IMTF/ITF in HQ, IMPT in the field).
_PLANNING_TEAM = re.compile(r"\b(ITF|IMTF|IMPT|task force|planning team)\b", re.IGNORECASE)
_UN_TYPES = {"un system", "mission", "un mission", "un agency"}


def bounditem_text(c: dict[str, Any]) -> str:
    """A constraint's bound in words.

    >>> bounditem_text({"min_days": None, "max_days": 14})
    'within 14 days'
    >>> bounditem_text({"min_days": 7, "max_days": None})
    'at least 7 days after'
    >>> bounditem_text({"min_days": 0, "max_days": 2})
    'between 0 and 2 days'
    """
    lo, hi = c.get("min_days"), c.get("max_days")
    if lo is not None and hi is not None:
        return f"exactly {lo:g} days" if lo == hi else f"between {lo:g} and {hi:g} days"
    if hi is not None:
        return f"within {hi:g} days"
    return f"at least {lo:g} days after" if lo is not None else "no bound"


def figure(value: Any, fmt: str = "{:g}") -> str:
    """A computed figure as text, or "not yet computed".

    >>> figure(None), figure(3.0), figure(True), figure(0.84, "{:.0%}")
    ('not yet computed', '3', 'yes', '84%')
    """
    if value is None:
        return NOT_COMPUTED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return numbers.days(value) if fmt == "{:g}" else fmt.format(value)
    return str(value)


def event_when(e: dict[str, Any] | None) -> str:
    """When an event happens: its given date, else its earliest date or day."""
    if not e:
        return NOT_COMPUTED
    if e.get("date"):
        return str(e["date"])
    if e.get("date_earliest"):
        return str(e["date_earliest"])
    if e.get("earliest") is not None:
        return f"day {figure(e['earliest'])}"
    return NOT_COMPUTED


def criteria_rows(view: ReportView, key: str = "criteria") -> list[list[str]]:
    """One row per visible criterion (``key="targets"``: per target the planners
    set): name, bound, verdict, margin, probability, basis, source."""
    view.items("constraints")
    rows = []
    for c in view.summary.get(key, {}).values():
        note = " (assumption)" if c.get("assumption") else ""
        decided = decided_by(c)
        rows.append([
            c["name"], bounditem_text(c), c.get("state") or figure(c.get("met")),
            numbers.signed_days(c.get("margin_days")) if c.get("margin_days") is not None
            else NOT_COMPUTED,
            figure(c.get("probability"), "{:.0%}"), decided, (c.get("source") or "-") + note,
        ])
    return rows


CRITERIA_COLUMNS = ["Criterion", "Target", "Verdict", "Margin (days)", "Probability",
                    "Decided by", "Source"]


def other_readings(view: ReportView) -> list[str]:
    """For each criterion or target whose source reads two ways, the verdict the
    other way: "Read otherwise ..." (one sentence each)."""
    out = []
    for key in ("criteria", "targets"):
        for c in view.summary.get(key, {}).values():
            other = c.get("other_reading")
            if not other:
                continue
            verdict = (f"met with {numbers.days(other['margin_days'])} days to spare"
                       if other["met"] else f"missed by {numbers.days(-other['margin_days'])} "
                       "days")
            out.append(f"Read otherwise, {c['name']} counts from {view.name(other['from'])} "
                       f"instead of {view.name(c['from'])}: day {numbers.days(other['days'])}, "
                       f"{verdict} (on the plan's reading: {c.get('state', 'unknown')}).")
    return out


def timeline_charts(view: ReportView, fmt: str = "png") -> tuple[bytes | None, bytes]:
    """The Gantt chart (``None`` until dates are computed) and the criteria chart."""
    tasks = [(t.id, t.name) for t in view.items("tasks")]
    view.items("events")
    view.items("constraints")
    if fmt in view.charts:
        cached: tuple[bytes | None, bytes] = view.charts[fmt]
        return cached
    gantt: bytes | None = view.charts.get(f"gantt:{fmt}")
    if gantt is None:
        rows: list[GanttRow] = gantt_rows(view.summary, tasks)
        ref = view.plan.mission.reference_event
        axis = f"days from {view.name(ref)}" if ref else "day"
        gantt = draw_gantt(rows, fmt, axis) if rows else None
    bars = [
        CriterionBar(c["name"], c.get("margin_days"), c.get("probability"))
        for c in view.summary.get("criteria", {}).values()
    ]
    view.charts[fmt] = (gantt, draw_criteria(bars, fmt))
    return gantt, view.charts[fmt][1]


def item_text(item: Item, *fields: str) -> str:
    parts = [item.name]
    for f in fields:
        value = getattr(item, f, None)
        if value and value != item.name:
            parts.append(str(value))
    return ": ".join(parts[:1]) + (" — " + " ".join(parts[1:]) if len(parts) > 1 else "")


def holder_group(view: ReportView, holder: str | None) -> str:
    if holder is None or view.name(holder) == "(withheld)":
        return "mission"
    actor = view.plan.get(holder)
    kind = (actor.type or "") if isinstance(actor, Actor) else ""
    if _PLANNING_TEAM.search(actor.name) or _PLANNING_TEAM.search(kind):
        return "team"
    return "mission" if kind.lower() in _UN_TYPES else "community"


def holder_name(view: ReportView, item: Item) -> str:
    holder = getattr(item, "holder", None)
    return view.name(holder) if holder else "-"


def new_document(view: ReportView, title: str) -> Document:
    m = view.plan.mission
    subtitle = m.name + (f" ({m.country})" if m.country else "")
    return Document(title, subtitle, m.sensitivity, omitted_note=view.omitted_note)


def finish(doc: Document, view: ReportView) -> Document:
    doc.marking = view.marking()
    return doc


def summary_tables(doc: Document, view: ReportView, *prefixes: str) -> None:
    """Add the analyses' tables whose id starts with one of ``prefixes``, as they are."""
    for t in view.summary.get("tables", []):
        if str(t.get("id", "")).startswith(prefixes) and t.get("rows"):
            doc.para(str(t.get("title", "")), "note")
            doc.table([str(c) for c in t["columns"]],
                      [[figure(v) for v in row] for row in t["rows"]])


def decision_rows(view: ReportView) -> list[list[str]]:
    """The IMPP's decision points: who decides and whether the plan records them taken."""
    process = load_process()
    taken = {d.decision: d for d in view.plan.process.decisions}
    current = view.plan.process.level
    rows = []
    for level in (None, *process.levels):
        points = (process.entry_decision,) if level is None else level.decisions
        for d in points:
            if d.id in taken:
                rec = taken[d.id]
                status = f"taken by {process.role_name(rec.by)}" + (
                    f" on {rec.date.isoformat()}" if rec.date else "")
            elif level is not None and level.id == current and d.id == level.decision.id:
                status = "next decision point"
            else:
                status = "ahead"
            rows.append([d.name, process.role_name(d.decider), status])
    return rows
