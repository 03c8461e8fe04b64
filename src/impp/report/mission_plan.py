"""The Mission Plan (IMPP guidelines §1.2.3 and §2.1.2), with what is still missing."""

from __future__ import annotations

from impp.model import Actor, Task
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
    new_document,
    summary_tables,
    timeline_charts,
)
from impp.report.view import ReportView


def mission_plan(view: ReportView) -> Document:
    """The Mission Plan (IMPP guidelines §1.2.3 and §2.1.2), with what is still missing."""
    view = view.fork()
    plan = view.plan
    doc = new_document(view, "Mission Plan")
    doc.para(f"Contents: {GUIDE} §1.2.3 (first draft Mission Plan) and §2.1.2 (advanced "
             "draft). The USG Planning Directive is the central planning document.", "note")
    missing: list[str] = []

    doc.heading("Strategic and thematic objectives")
    if plan.mission.objective:
        doc.para(plan.mission.objective)
    for o in view.items("objectives"):
        doc.heading(o.name, 2)
        outs = [x for x in view.items("outputs") if getattr(x, "objective", None) == o.id]
        doc.bullets([f"Output: {x.name}" for x in outs])

    doc.heading("Results framework")
    summary_tables(doc, view, "results")
    indicators = view.items("indicators")
    doc.table(["Indicator", "Measures", "Baseline", "Target", "Responsible"], [
        [i.name, view.name(getattr(i, "measures", None) or "") or "-",
         figure(getattr(i, "baseline", None)), figure(getattr(i, "target", None)),
         getattr(i, "responsible", None) or "-"] for i in indicators
    ])
    if not indicators:
        missing.append("Indicators with baselines and targets (§2.1.2 results framework).")
    benchmarks = view.items("benchmarks")
    doc.bullets([f"Benchmark: {b.name}" for b in benchmarks])
    if not benchmarks:
        missing.append("An initial set of performance benchmarks (§1.2.3).")
    doc.heading("Criteria for success", 2)
    doc.table(CRITERIA_COLUMNS, criteria_rows(view))

    doc.heading("Activities, milestones and timeline")
    gantt, criteria_png = timeline_charts(view)
    if gantt is not None:
        doc.picture(gantt, "Timeline of the plan (earliest dates; float to the latest dates).",
                    wide=True)
    else:
        doc.para(f"Gantt chart: {NOT_COMPUTED}.", "note")
    doc.picture(criteria_png, "Criteria for success: margins and probabilities.")
    tasks = [t for t in view.items("tasks") if isinstance(t, Task)]
    doc.table(["Activity", "Owner", "Duration (days)", "Earliest start"], [
        [t.name, t.owner or "-", figure(t.duration.nominal),
         event_when(view.summary["events"].get(f"{t.id}.start"))] for t in tasks
    ])

    doc.heading("Mission functions, design and structure")
    units = view.items("units")
    doc.table(["Unit", "Type", "Personnel"], [
        [u.name, getattr(u, "type", None) or "-", figure(getattr(u, "personnel", None))]
        for u in units
    ])
    if not units:
        missing.append("Mission structure and staffing, including the interface with the UNCT.")
    missing.append("Coordination modalities and common services with the UNCT.")

    doc.heading("Resource requirements")
    summary_tables(doc, view, "deployment", "cost_by_driver", "cost_by_period",
                   "cost_by_output")
    lift = view.items("lift")
    doc.bullets([f"{a.name}: {getattr(a, 'count', 1)}" for a in lift])
    produced = set(plan.process.outputs)
    if ("cost" not in view.summary and "draft_mission_budget" not in produced
            and "mission_budget_report" not in produced):
        missing.append("A preliminary assessment of resource requirements and the budget "
                       "(§1.2.3, §1.2.4).")
    if not lift:
        missing.append("Lift and deployment resources.")

    doc.heading("Management, coordination and decision-making")
    doc.bullets([f"{holder_name(view, r)}: {r.name}" for r in view.items("responsibilities")])
    doc.table(["Decision point", "Decided by", "Status"], decision_rows(view))

    doc.heading("Consultation with national actors and external partners")
    partners = [a for a in view.items("actors")
                if isinstance(a, Actor) and holder_group(view, a.id) == "community"]
    doc.bullets([f"{a.name} ({a.type or 'type not set'})" for a in partners])
    missing.append("A proposal for the consultation process with national actors and "
                   "external partners (§1.2.3).")

    doc.heading("Linkages with other planning processes")
    missing.append("Linkages with CHAP/CAP, transitional appeals, JAM/PCNA and national "
                   "strategies (§2.1.2).")
    missing.append("Thematic and functional strategies (DDR, human rights, rule of law, "
                   "elections, protection of civilians, return) (§2.1.2).")
    doc.heading("What the mission plan still lacks")
    doc.missing(missing)
    doc.source(f"{GUIDE} §1.2.3 and §2.1.2")
    return finish(doc, view)
