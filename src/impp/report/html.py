"""The HTML report: one self-contained page that works offline.

Rendered through a Jinja2 ``Environment`` with autoescape on (plan text is
never trusted as markup); the template is package data. Styles are inline,
charts are inline SVG (or PNG as ``data:`` URIs), and nothing points outside
the page except relative links to the documents written beside it.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from impp.model import Sensitivity
from impp.report.analyses import GANTT_NOTE_SUMMARY, RISK_WITHHELD
from impp.report.charts import Chart, inline_svg
from impp.report.document import Document
from impp.report.documents import (
    CRITERIA_COLUMNS,
    criteria_rows,
    decision_rows,
    event_when,
    figure,
    other_readings,
    timeline_charts,
)
from impp.report.view import ReportView


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("impp.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(view: ReportView, documents: dict[str, Document],
                risk_charts: list[Chart] | None = None, gantt_svg: str | None = None,
                gantt_note: str = "") -> str:
    """The report page for ``view``; ``documents`` maps file names to what they hold.

    ``gantt_svg`` replaces the Gantt chart drawn from the summary (when the
    temporal engine draws its own); ``risk_charts`` come from schedule risk.
    """
    view = view.fork()
    s = view.summary
    if gantt_svg is None:
        gantt, _ = timeline_charts(view, "svg")
        gantt_svg = inline_svg(gantt) if gantt is not None else None
        gantt_note = view.charts.get("gantt:note", GANTT_NOTE_SUMMARY)
    _, criteria_svg = timeline_charts(view, "svg")
    events = [
        {"id": eid, "name": e.get("name") or eid, "when": event_when(e),
         "earliest": _day(e.get("earliest")), "latest": _day(e.get("latest")),
         "source": e.get("source")}
        for eid, e in s.get("events", {}).items()
    ]
    risks = [
        {"text": r.name + (f" — {getattr(r, 'text', '')}" if getattr(r, "text", None) else ""),
         "likelihood": getattr(r, "likelihood", None) or "-",
         "impact": getattr(r, "impact", None) or "-", "source": r.source or "-"}
        for r in view.items("risks")
    ]
    marking = Sensitivity(s["mission"]["sensitivity"]).label
    return _environment().get_template("report.html.j2").render(
        mission=s["mission"], mission_source=view.plan.mission.source,
        process=s["process"], process_source=view.plan.process.source,
        decisions=decision_rows(view), counts=s.get("counts", {}),
        findings=s.get("findings", []), events=events, gantt_svg=gantt_svg,
        gantt_note=gantt_note, criteria_svg=inline_svg(criteria_svg),
        criteria_columns=CRITERIA_COLUMNS, criteria=criteria_rows(view),
        targets=criteria_rows(view, "targets"), other_readings=other_readings(view),
        risk_charts=risk_charts if risk_charts is not None else view.charts.get("risk", []),
        risk_note=RISK_WITHHELD if view.hidden_ids else None, risks=risks,
        tables=s.get("tables", []),
        documents=[{"file": f, "title": d.title, "marking": d.marking.label}
                   for f, d in documents.items()],
        marking=marking, omitted_note=view.omitted_note,
        plan_hash=view.plan.content_hash(), executive=executive_summary(s),
    )


def executive_summary(s: dict[str, Any]) -> dict[str, Any]:
    """The first page: the verdict in a sentence, one line per criterion, the errors,
    the next decision point and what it still needs, the cost; all from the summary
    (the figures ``impp plan`` prints)."""
    from impp import fmt

    states = [c.get("state", "unknown") for c in s.get("criteria", {}).values()]
    verdict = ", ".join(f"{states.count(k)} {k}" for k in ("met", "at risk", "missed",
                                                           "unknown") if states.count(k))
    lines = []
    for c in s.get("criteria", {}).values():
        state = c.get("state", "unknown")
        margin = c.get("margin_days")
        words = (f"{fmt.days(abs(margin))} days to spare" if margin is not None and margin >= 0
                 else f"missed by {fmt.days(-margin)} days" if margin is not None else
                 "no date yet")
        odds = c.get("probability")
        lines.append({"name": c["name"], "state": state,
                      "text": words + (f"; holds in {fmt.percent(odds)} of samples"
                                       if odds is not None else "")
                              + ("; decided by the lift schedule"
                                 if c.get("basis") == "deployment" else "")
                              + (f"; {c['doctrine']['reason']}" if c.get("doctrine") else "")})
    counts = s.get("counts", {})
    errors = [f for f in s.get("findings", []) if f["severity"] == "error"]
    cost = s.get("cost")
    cost_text = None
    if cost and not cost.get("error"):
        from impp.views import cost_line

        cost_text = cost_line(cost).removesuffix(" (`impp cost`).") + "."
    p = s["process"]
    return {"verdict": f"{len(states)} criteria for success: {verdict or 'none'}; "
                       f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings.",
            "criteria": lines, "errors": errors[:5], "more_errors": max(len(errors) - 5, 0),
            "next": f"Level {p['level']} {p['level_name']}: next decision point "
                    f"{p['next_decision_name']}",
            "missing": p.get("outputs_missing", []), "cost": cost_text,
            "conflict": not s.get("timeline", {}).get("consistent", True)}


def _day(value: Any) -> str | None:
    return None if value is None else figure(value)
