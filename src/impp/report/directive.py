"""The USG Planning Directive (IMPP guidelines Annex B and §1.2.1), filled from a plan."""

from __future__ import annotations

from impp.model import Actor, Constraint, Event, Task
from impp.report.document import Document
from impp.report.documents import (
    CRITERIA_COLUMNS,
    GUIDE,
    NOT_COMPUTED,
    criteria_rows,
    decision_rows,
    event_when,
    figure,
    finish,
    holder_group,
    holder_name,
    item_text,
    new_document,
    other_readings,
    summary_tables,
    timeline_charts,
)
from impp.report.view import ReportView


def planning_directive(view: ReportView) -> Document:
    """The USG Planning Directive (IMPP guidelines Annex B and §1.2.1)."""
    view = view.fork()
    plan = view.plan
    doc = new_document(view, "USG Planning Directive")
    doc.para(f"Template: {GUIDE}, Annex B (USG Planning Directive) and §1.2.1.", "note")

    doc.heading("Situation")
    if plan.mission.mandate:
        doc.para(f"Mandate: {plan.mission.mandate}")
    doc.bullets([f"{e.date.isoformat()}: {e.name}" for e in view.items("events")
                 if isinstance(e, Event) and e.date])
    provisions = view.items("provisions")
    if provisions:
        doc.heading("Key aspects of the agreement", 2)
        doc.bullets([item_text(p, "text") for p in provisions])
    actors = view.items("actors")
    if actors:
        doc.heading("Main protagonists and stakeholders", 2)
        doc.table(["Actor", "Type", "What the sources say", "Source"], [
            [a.name, a.type or "-", a.description or "-", a.source or "-"]
            for a in actors if isinstance(a, Actor)
        ])
    scenarios = view.items("scenarios")
    if scenarios:
        doc.heading("Scenarios", 2)
        doc.bullets([item_text(s, "description") for s in scenarios])
    doc.source(plan.mission.source)

    doc.heading("Strategic Objectives")
    if plan.mission.objective:
        doc.para(plan.mission.objective)
    for o in view.items("objectives"):
        doc.heading(o.name, 2)
        if getattr(o, "end_state", None):
            doc.para(f"Strategic end-state: {o.end_state}")  # type: ignore[attr-defined]
        if getattr(o, "success", None):
            doc.para(f"Definition of success: {o.success}")  # type: ignore[attr-defined]
        doc.source(o.source)
    doc.heading("Criteria for success", 2)
    doc.table(CRITERIA_COLUMNS, criteria_rows(view))
    readings = other_readings(view)
    if readings:
        doc.para("Where the directive can be read two ways, the verdict the other way:")
        doc.bullets(readings)
    targets = criteria_rows(view, "targets")
    if targets:
        doc.heading("Targets the planners set (not criteria of the directive)", 2)
        doc.table(CRITERIA_COLUMNS, targets)
    doc.heading("Benchmarks", 2)
    benchmarks = view.items("benchmarks")
    doc.bullets([
        f"{b.name} (objective: {view.name(b.objective)}"  # type: ignore[attr-defined]
        f"{', core' if getattr(b, 'core', False) else ''})" for b in benchmarks
    ])
    doc.missing([] if benchmarks else ["Key benchmarks (Annex B, Strategic Objectives)."])
    doc.heading("Priorities", 2)
    priorities = sorted(view.items("priorities"), key=lambda p: (getattr(p, "rank", None) or 99))
    doc.bullets([f"{getattr(p, 'rank', None) or '-'}. {p.name}" for p in priorities])
    outputs = view.items("outputs")
    doc.bullets([
        f"{o.name} (priority: {getattr(o, 'priority', None) or 'not set'})" for o in outputs
    ])
    doc.missing([] if priorities or outputs else ["A statement of priorities (§1.2.1)."])

    doc.heading("Assumptions")
    doc.bullets([item_text(a, "text") for a in view.items("assumptions")])
    stated = [
        f"{i.name}: {i.source}" for s in ("events", "tasks", "constraints", "seasons")
        for i in view.items(s) if i.assumption and i.source
    ]
    if stated:
        doc.heading("Facts the sources leave open, taken as planning assumptions", 2)
        doc.bullets(stated)

    doc.heading("Constraints")
    constraints = view.items("planning_constraints")
    for category, title in (("time", "Time"), ("resources", "Resources"),
                            ("political", "Political"), ("other", "Other")):
        chosen = [c for c in constraints if getattr(c, "category", "other") == category]
        deadlines = [c for c in view.items("constraints")
                     if category == "time" and isinstance(c, Constraint)
                     and c.kind == "requirement" and c.max_days is not None]
        if chosen or deadlines:
            doc.heading(title, 2)
            doc.bullets([item_text(c, "text") for c in chosen])
            doc.bullets([f"{c.name} ({c.source or 'no source'})" for c in deadlines])
    doc.heading("Risk assessment", 2)
    doc.bullets([item_text(c, "text") for c in constraints if getattr(c, "category", "") == "risk"])
    doc.table(["Risk", "Likelihood", "Impact", "Source"], [
        [item_text(r, "text"), getattr(r, "likelihood", None) or "-",
         getattr(r, "impact", None) or "-", r.source or "-"] for r in view.items("risks")
    ])
    summary_tables(doc, view, "risk")
    for chart in view.charts.get("risk", []):
        if chart.png is not None:
            doc.picture(chart.png, chart.title)

    doc.heading("Responsibilities")
    resp = view.items("responsibilities")
    for group, title in (("mission", "Of the mission"),
                         ("community", "Of the international community and external "
                                       "stakeholders"),
                         ("team", "Of the planning team")):
        chosen = [r for r in resp if holder_group(view, getattr(r, "holder", None)) == group]
        doc.heading(title, 2)
        doc.bullets([f"{holder_name(view, r)}: {item_text(r, 'text')}" for r in chosen])
        if group == "team":
            members = [*plan.process.task_force, *plan.process.planning_team]
            doc.bullets([
                f"IMTF/IMPT member, {m.branch.replace('_', ' ')} branch: "
                f"{m.entity or m.name or 'not named'}" for m in members
            ])

    doc.heading("Timing and sequencing of planning activities and decision points")
    gantt, _ = timeline_charts(view)
    if gantt is not None:
        doc.picture(gantt, "Timeline of the plan (earliest dates; float to the latest dates).",
                    wide=True)
    else:
        doc.para(f"Gantt chart: {NOT_COMPUTED} (no earliest dates in the summary yet).", "note")
    doc.table(["Activity", "Owner", "Earliest start", "Earliest end", "Latest end"], [
        [t.name, getattr(t, "owner", None) or "-",
         event_when(view.summary["events"].get(f"{t.id}.start")),
         event_when(view.summary["events"].get(f"{t.id}.end")),
         figure(view.summary["events"].get(f"{t.id}.end", {}).get("latest"), "day {:g}")]
        for t in view.items("tasks") if isinstance(t, Task)
    ])
    doc.heading("Decision points", 2)
    doc.table(["Decision point", "Decided by", "Status"], decision_rows(view))
    doc.source(f"{GUIDE}, decision points of each level; §1.2.1 (required decision points)")

    doc.heading("Links to other UN activities")
    links = [a for a in view.items("actors") if isinstance(a, Actor) and (
        holder_group(view, a.id) != "community" or "regional" in (a.type or "").lower())]
    doc.bullets([item_text(a, "description") for a in links])
    relations = view.items("relations")
    doc.bullets([
        f"{view.name(r.a)} — {view.name(r.b)} ({getattr(r, 'type', '')})"  # type: ignore[attr-defined]
        for r in relations
    ])
    doc.missing([] if links else ["Links to other UN activities and regional organisations "
                                  "(§1.2.1)."])
    return finish(doc, view)
