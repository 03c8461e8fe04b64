"""The Draft Mission Budget (IMPP guidelines §1.2.4; the Mission Budget Report of
§2.1.3 refines it): the estimate by driver, budget year and output, with its rates."""

from __future__ import annotations

import tempfile
from pathlib import Path

from impp import fmt
from impp.report.document import Document
from impp.report.documents import GUIDE, finish, new_document, summary_tables
from impp.report.view import ReportView


def draft_mission_budget(view: ReportView) -> Document | None:
    """The document, or ``None`` when the plan sets no costs."""
    cost = view.summary.get("cost")
    if cost is None:
        return None
    view = view.fork()
    doc = new_document(view, "Draft Mission Budget")
    doc.para(f"Contents: {GUIDE} §1.2.4 (Preparation of Mission Budget): the first Mission "
             "Budget Report covers the first year of peacekeeping operations and is aligned "
             "with the draft Mission Plan through results-based budgeting.", "note")
    if cost.get("error"):
        doc.heading("Estimate")
        doc.para(f"The cost cannot be estimated yet: {cost['error']}")
        doc.missing(["A cost estimate phased by the deployment (§1.2.4)."])
        return finish(doc, view)
    cur, fy = cost["currency"], cost["first_year"]
    doc.heading("Summary")
    lines = [
        f"Total over the estimate: {fmt.money(round(cost['total']), cur)} from "
        f"{cost['day0']} (day 0: {cost['reference_event']}).",
        f"First year (days 0-364) on the plan's schedule: "
        f"{fmt.money(round(fy['amount']), cur)}.",
    ]
    if fy.get("p50") is not None:
        lines.append(f"First year over {fy['samples']} deployment-risk samples: P50 "
                     f"{fmt.money(round(fy['p50']), cur)}, P80 "
                     f"{fmt.money(round(fy['p80']), cur)}.")
    if fy.get("ceiling") is not None:
        text = (f"Ceiling {fmt.money(round(fy['ceiling']), cur)}: the first year stays inside "
                f"it in {fmt.percent(fy['within_ceiling'])} of samples")
        if fy.get("joint") is not None:
            text += (f"; inside it and {fy['milestone_name'] or fy['milestone']} by day "
                     f"{fy['milestone_max_days']} in {fmt.percent(fy['joint'])} (the joint "
                     "confidence level)")
        lines.append(text + ".")
    if cost.get("per_uniformed_person_year") is not None:
        lines.append(f"Per uniformed person-year: "
                     f"{fmt.money(round(cost['per_uniformed_person_year']), cur)}.")
    doc.bullets(lines)
    if not view.hidden_ids:
        png = _chart(cost)
        if png is not None:
            doc.picture(png, "Cost by budget year and driver; the first year's cost over the "
                             "deployment's samples against the ceiling.")
    doc.heading("By object of expenditure and budget year")
    summary_tables(doc, view, "cost_by_driver", "cost_by_period")
    doc.heading("By expected accomplishment (results-based budgeting)")
    summary_tables(doc, view, "cost_by_output")
    doc.heading("Rates and their sources")
    summary_tables(doc, view, "cost_rates")
    doc.source(f"{GUIDE} §1.2.4 and §2.1.3; New Horizon (2009), on the drivers of cost")
    return finish(doc, view)


def _chart(cost: dict[str, object]) -> bytes | None:
    from impp.cost.chart import draw_cost

    with tempfile.TemporaryDirectory(prefix="impp-budget-") as tmp:
        paths = draw_cost(dict(cost), Path(tmp))
        png = next((p for p in paths if p.suffix == ".png"), None)
        return png.read_bytes() if png is not None else None
