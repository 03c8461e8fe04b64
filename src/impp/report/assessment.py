"""The Strategic Assessment (IMPP guidelines §1.1.2), with what is still missing."""

from __future__ import annotations

import re

from impp.model import Actor
from impp.report.document import Document
from impp.report.documents import GUIDE, finish, holder_group, item_text, new_document
from impp.report.view import ReportView


def strategic_assessment(view: ReportView) -> Document:
    """The Strategic Assessment (IMPP guidelines §1.1.2), with what is still missing."""
    view = view.fork()
    plan = view.plan
    doc = new_document(view, "Strategic Assessment")
    doc.para(f"Contents: {GUIDE} §1.1.2 (Strategic Assessment of UN Peace Support "
             "Objectives).", "note")
    missing: list[str] = []

    doc.heading("Strategic framework and possible objectives")
    if plan.mission.objective:
        doc.para(plan.mission.objective)
    objectives = view.items("objectives")
    doc.bullets([item_text(o, "end_state") for o in objectives])
    doc.bullets([o.name for o in view.items("outputs")])
    if not (plan.mission.objective or objectives):
        missing.append("Possible strategic objectives for a UN peace support operation.")

    doc.heading("Role and scope of a peace support operation")
    if plan.mission.mandate:
        doc.para(f"Mandate: {plan.mission.mandate}")
    doc.bullets([item_text(p, "text") for p in view.items("provisions")])
    if not plan.mission.mandate:
        missing.append("Whether a mission is warranted, with its role and scope.")

    doc.heading("Options, scenarios and risk factors")
    scenarios = view.items("scenarios")
    doc.bullets([item_text(s, "description") for s in scenarios])
    risks = view.items("risks")
    doc.bullets([item_text(r, "text") for r in risks])
    if not scenarios:
        missing.append("Options and scenarios for the scope and role of UN efforts.")
    if not risks:
        missing.append("Risk factors that could condition or restrict UN involvement.")

    doc.heading("Key planning assumptions")
    assumptions = view.items("assumptions")
    doc.bullets([item_text(a, "text") for a in assumptions])
    if not assumptions:
        missing.append("Key planning assumptions.")

    doc.heading("Factors that could condition or restrict UN involvement")
    constraints = view.items("planning_constraints")
    doc.bullets([item_text(c, "text") for c in constraints])

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
    un = [a for a in actors if holder_group(view, a.id) != "community"]
    doc.bullets([item_text(a, "description") for a in un])
    missing.append("How existing UN capacities and resources contribute, and the gaps "
                   "(no capacity or gap data in the plan yet).")

    doc.heading("Transition from another organisation")
    others = [a for a in actors if re.search(r"observer|force|regional", a.type or "", re.I)]
    doc.bullets([item_text(a, "description") for a in others])
    if not others:
        missing.append("The transition from another organisation, if any.")

    missing += [
        "Results of CHAP/CAP and JAM/PCNA processes (no field in the plan yet).",
        "Human rights assessments (no field in the plan yet).",
    ]
    doc.heading("What the assessment still lacks")
    doc.missing(missing)
    doc.source(f"{GUIDE} §1.1.2")
    return finish(doc, view)
