"""The three planning documents, filled from a plan's view.

- the USG Planning Directive, following the template of IMPP guidelines
  Annex B and the contents listed in §1.2.1;
- the Strategic Assessment (IMPP guidelines §1.1.2);
- the Mission Plan (IMPP guidelines §1.2.3, first draft, and §2.1.2,
  advanced draft).

Each section cites where its content comes from; the strategic assessment and
the mission plan end every part the plan does not yet hold with a visible
"Still missing" list. Nothing is computed here: dates, margins and
probabilities come from the summary, and say "not yet computed" when absent.
"""

from __future__ import annotations

import re
from typing import Any

from impp.model import Actor, Constraint, Event, Item, Task
from impp.process.catalogue import load_process
from impp.report.charts import CriterionBar, GanttRow, draw_criteria, draw_gantt, gantt_rows
from impp.report.document import Document
from impp.report.view import ReportView

NOT_COMPUTED = "not yet computed"
_GUIDE = "IMPP guidelines (2006)"
#: Holders whose responsibilities are the planning team's (IMTF/ITF in HQ, IMPT in the field).
_PLANNING_TEAM = re.compile(r"\b(ITF|IMTF|IMPT|task force|planning team)\b", re.IGNORECASE)
_UN_TYPES = {"un system", "mission", "un mission", "un agency"}


# -- shared pieces -------------------------------------------------------------


def bound_text(c: dict[str, Any]) -> str:
    """A constraint's bound in words.

    >>> bound_text({"min_days": None, "max_days": 14})
    'within 14 days'
    >>> bound_text({"min_days": 7, "max_days": None})
    'at least 7 days after'
    >>> bound_text({"min_days": 0, "max_days": 2})
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
        return fmt.format(value)
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


def criteria_rows(view: ReportView) -> list[list[str]]:
    """One row per visible criterion: name, bound, met, margin, probability, source."""
    view.items("constraints")
    rows = []
    for c in view.summary.get("criteria", {}).values():
        note = " (assumption)" if c.get("assumption") else ""
        rows.append([
            c["name"], bound_text(c), figure(c.get("met")), figure(c.get("margin_days")),
            figure(c.get("probability"), "{:.0%}"), (c.get("source") or "-") + note,
        ])
    return rows


CRITERIA_COLUMNS = ["Criterion", "Target", "Met", "Margin (days)", "Probability", "Source"]


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


def _text(item: Item, *fields: str) -> str:
    parts = [item.name]
    for f in fields:
        value = getattr(item, f, None)
        if value and value != item.name:
            parts.append(str(value))
    return ": ".join(parts[:1]) + (" — " + " ".join(parts[1:]) if len(parts) > 1 else "")


def _holder_group(view: ReportView, holder: str | None) -> str:
    if holder is None or view.name(holder) == "(withheld)":
        return "mission"
    actor = view.plan.get(holder)
    kind = (actor.type or "") if isinstance(actor, Actor) else ""
    if _PLANNING_TEAM.search(actor.name) or _PLANNING_TEAM.search(kind):
        return "team"
    return "mission" if kind.lower() in _UN_TYPES else "community"


def _holder(view: ReportView, item: Item) -> str:
    holder = getattr(item, "holder", None)
    return view.name(holder) if holder else "-"


def _new(view: ReportView, title: str) -> Document:
    m = view.plan.mission
    subtitle = m.name + (f" ({m.country})" if m.country else "")
    return Document(title, subtitle, m.sensitivity, omitted_note=view.omitted_note)


def _finish(doc: Document, view: ReportView) -> Document:
    doc.marking = view.marking()
    return doc


# -- USG Planning Directive ----------------------------------------------------


def planning_directive(view: ReportView) -> Document:
    """The USG Planning Directive (IMPP guidelines Annex B and §1.2.1)."""
    view = view.fork()
    plan = view.plan
    doc = _new(view, "USG Planning Directive")
    doc.para(f"Template: {_GUIDE}, Annex B (USG Planning Directive) and §1.2.1.", "note")

    doc.heading("Situation")
    if plan.mission.mandate:
        doc.para(f"Mandate: {plan.mission.mandate}")
    doc.bullets([f"{e.date.isoformat()}: {e.name}" for e in view.items("events")
                 if isinstance(e, Event) and e.date])
    provisions = view.items("provisions")
    if provisions:
        doc.heading("Key aspects of the agreement", 2)
        doc.bullets([_text(p, "text") for p in provisions])
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
        doc.bullets([_text(s, "description") for s in scenarios])
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
    doc.bullets([_text(a, "text") for a in view.items("assumptions")])
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
            doc.bullets([_text(c, "text") for c in chosen])
            doc.bullets([f"{c.name} ({c.source or 'no source'})" for c in deadlines])
    doc.heading("Risk assessment", 2)
    doc.bullets([_text(c, "text") for c in constraints if getattr(c, "category", "") == "risk"])
    doc.table(["Risk", "Likelihood", "Impact", "Source"], [
        [_text(r, "text"), getattr(r, "likelihood", None) or "-",
         getattr(r, "impact", None) or "-", r.source or "-"] for r in view.items("risks")
    ])
    _risk_tables(doc, view)
    for chart in view.charts.get("risk", []):
        if chart.png is not None:
            doc.picture(chart.png, chart.title)

    doc.heading("Responsibilities")
    resp = view.items("responsibilities")
    for group, title in (("mission", "Of the mission"),
                         ("community", "Of the international community and external "
                                       "stakeholders"),
                         ("team", "Of the planning team")):
        chosen = [r for r in resp if _holder_group(view, getattr(r, "holder", None)) == group]
        doc.heading(title, 2)
        doc.bullets([f"{_holder(view, r)}: {_text(r, 'text')}" for r in chosen])
        if group == "team":
            members = [*plan.process.task_force, *plan.process.planning_team]
            doc.bullets([
                f"IMTF/IMPT member, {m.branch.replace('_', ' ')} branch: "
                f"{m.entity or m.name or 'not named'}" for m in members
            ])

    doc.heading("Timing and sequencing of planning activities and decision points")
    gantt, _ = timeline_charts(view)
    if gantt is not None:
        doc.picture(gantt, "Timeline of the plan (earliest dates; float to the latest dates).")
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
    doc.source(f"{_GUIDE}, decision points of each level; §1.2.1 (required decision points)")

    doc.heading("Links to other UN activities")
    links = [a for a in view.items("actors") if isinstance(a, Actor) and (
        _holder_group(view, a.id) != "community" or "regional" in (a.type or "").lower())]
    doc.bullets([_text(a, "description") for a in links])
    relations = view.items("relations")
    doc.bullets([
        f"{view.name(r.a)} — {view.name(r.b)} ({getattr(r, 'type', '')})"  # type: ignore[attr-defined]
        for r in relations
    ])
    doc.missing([] if links else ["Links to other UN activities and regional organisations "
                                  "(§1.2.1)."])
    return _finish(doc, view)


def _risk_tables(doc: Document, view: ReportView) -> None:
    """Schedule-risk tables from the summary, once the analysis has added them."""
    for t in view.summary.get("tables", []):
        if "risk" in str(t.get("id", "")) or "risk" in str(t.get("title", "")).lower():
            doc.para(t.get("title", ""), "note")
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


# -- Strategic Assessment ------------------------------------------------------


def strategic_assessment(view: ReportView) -> Document:
    """The Strategic Assessment (IMPP guidelines §1.1.2), with what is still missing."""
    view = view.fork()
    plan = view.plan
    doc = _new(view, "Strategic Assessment")
    doc.para(f"Contents: {_GUIDE} §1.1.2 (Strategic Assessment of UN Peace Support "
             "Objectives).", "note")
    missing: list[str] = []

    doc.heading("Strategic framework and possible objectives")
    if plan.mission.objective:
        doc.para(plan.mission.objective)
    objectives = view.items("objectives")
    doc.bullets([_text(o, "end_state") for o in objectives])
    doc.bullets([o.name for o in view.items("outputs")])
    if not (plan.mission.objective or objectives):
        missing.append("Possible strategic objectives for a UN peace support operation.")

    doc.heading("Role and scope of a peace support operation")
    if plan.mission.mandate:
        doc.para(f"Mandate: {plan.mission.mandate}")
    doc.bullets([_text(p, "text") for p in view.items("provisions")])
    if not plan.mission.mandate:
        missing.append("Whether a mission is warranted, with its role and scope.")

    doc.heading("Options, scenarios and risk factors")
    scenarios = view.items("scenarios")
    doc.bullets([_text(s, "description") for s in scenarios])
    risks = view.items("risks")
    doc.bullets([_text(r, "text") for r in risks])
    if not scenarios:
        missing.append("Options and scenarios for the scope and role of UN efforts.")
    if not risks:
        missing.append("Risk factors that could condition or restrict UN involvement.")

    doc.heading("Key planning assumptions")
    assumptions = view.items("assumptions")
    doc.bullets([_text(a, "text") for a in assumptions])
    if not assumptions:
        missing.append("Key planning assumptions.")

    doc.heading("Factors that could condition or restrict UN involvement")
    constraints = view.items("planning_constraints")
    doc.bullets([_text(c, "text") for c in constraints])

    doc.heading("Stakeholders")
    actors = [a for a in view.items("actors") if isinstance(a, Actor)]
    doc.table(["Actor", "Type", "What the sources say"],
              [[a.name, a.type or "-", a.description or "-"] for a in actors])
    relations = view.items("relations")
    doc.bullets([f"{view.name(r.a)} — {view.name(r.b)}" for r in relations])  # type: ignore[attr-defined]
    if not actors:
        missing.append("Mapping of national, regional and international stakeholders.")
    if not relations:
        missing.append("Relations between stakeholders (conflict analysis).")

    doc.heading("Conflict root causes")
    causes = view.items("causes")
    doc.bullets([f"{c.name} ({getattr(c, 'level', None) or 'level not set'})" for c in causes])
    if not causes:
        missing.append("A conflict root cause analysis.")

    doc.heading("UN capacities, resources and gaps")
    un = [a for a in actors if _holder_group(view, a.id) != "community"]
    doc.bullets([_text(a, "description") for a in un])
    missing.append("How existing UN capacities and resources contribute, and the gaps "
                   "(no capacity or gap data in the plan yet).")

    doc.heading("Transition from another organisation")
    others = [a for a in actors if re.search(r"observer|force|regional", a.type or "", re.I)]
    doc.bullets([_text(a, "description") for a in others])
    if not others:
        missing.append("The transition from another organisation, if any.")

    missing += [
        "Results of CHAP/CAP and JAM/PCNA processes (no field in the plan yet).",
        "Human rights assessments (no field in the plan yet).",
    ]
    doc.heading("What the assessment still lacks")
    doc.missing(missing)
    doc.source(f"{_GUIDE} §1.1.2")
    return _finish(doc, view)


# -- Mission Plan --------------------------------------------------------------


def mission_plan(view: ReportView) -> Document:
    """The Mission Plan (IMPP guidelines §1.2.3 and §2.1.2), with what is still missing."""
    view = view.fork()
    plan = view.plan
    doc = _new(view, "Mission Plan")
    doc.para(f"Contents: {_GUIDE} §1.2.3 (first draft Mission Plan) and §2.1.2 (advanced "
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
        doc.picture(gantt, "Timeline of the plan (earliest dates; float to the latest dates).")
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
    lift = view.items("lift")
    doc.bullets([f"{a.name}: {getattr(a, 'count', 1)}" for a in lift])
    produced = set(plan.process.outputs)
    if "draft_mission_budget" not in produced and "mission_budget_report" not in produced:
        missing.append("A preliminary assessment of resource requirements and the budget "
                       "(§1.2.3, §1.2.4).")
    if not lift:
        missing.append("Lift and deployment resources.")

    doc.heading("Management, coordination and decision-making")
    doc.bullets([f"{_holder(view, r)}: {r.name}" for r in view.items("responsibilities")])
    doc.table(["Decision point", "Decided by", "Status"], decision_rows(view))

    doc.heading("Consultation with national actors and external partners")
    partners = [a for a in view.items("actors")
                if isinstance(a, Actor) and _holder_group(view, a.id) == "community"]
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
    doc.source(f"{_GUIDE} §1.2.3 and §2.1.2")
    return _finish(doc, view)
