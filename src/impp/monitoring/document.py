"""The quarterly performance assessment as a document (DOCX or PDF), and the
one-page factsheet for the Secretary-General's report.

CPAS data and analysis "will help inform the reports of the Secretary-General
to the Security Council" (mission-leadership ch. 2): the factsheet is the
page that goes there: what holds, what is behind, what the leadership
decided.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from impp.exceptions import ImppError
from impp.fmt import number
from impp.monitoring.assess import CPAS_SOURCE
from impp.report.document import Document


def _marking(level: str) -> Any:
    from impp.model.base import Sensitivity

    return Sensitivity(level)


def _chart(data: dict[str, Any]) -> bytes:
    from impp.monitoring.chart import draw_assessment

    with tempfile.TemporaryDirectory(prefix="impp-assess-") as tmp:
        return draw_assessment(data, Path(tmp) / "assessment.png").read_bytes()


def _trends(data: dict[str, Any]) -> bytes:
    from impp.monitoring.chart import draw_trends

    with tempfile.TemporaryDirectory(prefix="impp-assess-") as tmp:
        return draw_trends(data, Path(tmp) / "trends.png").read_bytes()


def _state(data: dict[str, Any]) -> str:
    record = data.get("record")
    if record is None:
        return "Computed from the data; not saved, reviewed or approved."
    text = {"draft": "Draft: not yet reviewed by the assessment team.",
            "reviewed": "Reviewed by the assessment team; awaiting the mission leadership's "
                        "decision.",
            "approved": f"Approved by {record['approved_by']} (frozen)."}[record["status"]]
    if record.get("opened_revision"):
        text += f" It opened draft revision {record['opened_revision']} of the plan."
    return text


def assessment_document(data: dict[str, Any], mission: str, marking: str) -> Document:
    """The full assessment: state, objectives and outputs with the team's review,
    indicators against targets, benchmarks by quarter, triggers."""
    doc = Document(f"Performance assessment, {data['period']}", mission, _marking(marking))
    doc.para(f"Period {data['from']} to {data['to']}; {data['observations']} observations. "
             + _state(data))
    doc.heading("Objectives and outputs")
    review = (data.get("review") or {}).get("items", {})
    rows = []
    for what in ("objectives", "outputs"):
        for oid, o in data[what].items():
            r = review.get(oid, {})
            rows.append([o["name"], "-" if o["progress"] is None else
                         f"{100 * o['progress']:.0f} %", o["rating"],
                         " / ".join(r.get(k, "-") for k in ("relevance", "extent", "duration")),
                         r.get("recommendation") or f"{o['recommendation'] or '-'} (suggested)"])
    doc.table(["objective or output", "progress", "rating from the data",
               "relevance / extent / duration", "recommendation"], rows)
    for oid, r in review.items():
        name = {**data["objectives"], **data["outputs"]}[oid]["name"]
        doc.para(f"{name}: {r['narrative']}")
    doc.heading("Indicators against their targets")
    doc.table(["indicator", "value", "expected", "final target", "status", "trend"], [
        [i["name"], i["text"] or number(i["value"]), number(i["expected"]),
         i["target_text"] or number(i["target"]), i["status"], i["trend"] or "-"]
        for i in data["indicators"].values()])
    doc.picture(_chart(data), "Benchmarks by quarter; each indicator's progress towards its "
                              "final target, coloured by its status.")
    if data.get("series"):
        doc.picture(_trends(data), "Each indicator against its target over time: the "
                                   "period totals, the value expected (dashed) and the "
                                   "final target (dotted).", wide=True)
    doc.heading("Benchmarks")
    quarters = sorted({q for h in data["history"].values() for q in h})
    marks = {True: "holds", False: "not yet", None: "-"}
    doc.table(["benchmark", "kind", *quarters], [
        [b["name"] + (" (trigger)" if b["trigger"] else ""),
         ("core" if b["core"] else "broader") + (f", {b['term']}" if b["term"] else ""),
         *(marks[data["history"].get(bid, {}).get(q)] for q in quarters)]
        for bid, b in data["benchmarks"].items()])
    t = data["triggers"]
    if t["finding"]:
        doc.para(t["finding"])
    elif t["benchmarks"]:
        held = sum(1 for b in t["benchmarks"] if data["benchmarks"][b]["holds"])
        doc.para(f"Transition triggers: {held} of {len(t['benchmarks'])} hold.")
    doc.source(t["source"])
    doc.source(CPAS_SOURCE)
    if data.get("withheld"):
        doc.omitted_note = data["withheld"]["note"]
    return doc


def factsheet(data: dict[str, Any], mission: str, marking: str) -> Document:
    """One page: the state of the benchmarks, what is behind, the decision."""
    doc = Document(f"{mission}: performance factsheet, {data['period']}",
                   "For the report of the Secretary-General", _marking(marking))
    holds = [b["name"] for b in data["benchmarks"].values() if b["holds"]]
    waiting = [b["name"] for b in data["benchmarks"].values() if b["holds"] is False]
    behind = [f"{i['name']}: {i['text'] or number(i['value'])} "
              f"(expected {number(i['expected'] if i['expected'] is not None else i['target'])})"
              for i in data["indicators"].values()
              if i["status"] in ("behind", "off track", "missed")]
    doc.heading("Benchmarks")
    doc.para(f"{len(holds)} of {len(data['benchmarks'])} hold in {data['period']}.")
    doc.bullets([f"Holds: {n}" for n in holds] + [f"Not yet: {n}" for n in waiting])
    doc.heading("Behind or off track")
    doc.bullets(behind or ["None."])
    doc.heading("Decision")
    review = (data.get("review") or {}).get("items", {})
    named = {**data["objectives"], **data["outputs"]}
    doc.bullets([f"{named[k]['name']}: {v['recommendation']}" for k, v in review.items()]
                or ["No reviewed recommendation yet."])
    doc.para(_state(data))
    t = data["triggers"]
    if t["finding"]:
        doc.para(t["finding"])
    if data.get("withheld"):
        doc.omitted_note = data["withheld"]["note"]
    return doc


def write(doc: Document, out: Path) -> Path:
    """Write ``doc`` as DOCX or PDF, as ``out``'s suffix says."""
    suffix = out.suffix.lower()
    if suffix == ".docx":
        from impp.report.word import render_docx

        body = render_docx(doc)
    elif suffix == ".pdf":
        from impp.report.pdf import render_pdf

        body = render_pdf(doc)
    else:
        raise ImppError(f"{out}: write .docx or .pdf")
    try:
        out.write_bytes(body)
    except OSError as exc:
        raise ImppError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
