"""What changed between two plans: items field by field, and results."""

from __future__ import annotations

from typing import Any

from impp.io import load_plan_text
from impp.model import Plan
from impp.store import diff_plans, diff_summaries
from impp.summary import summarize

TIMELINE = """\
mission: {{id: d, name: Diff test, reference_event: signed}}
events:
  - {{id: signed, name: Agreement signed, date: 2026-06-01}}
  - {{id: deployed, name: Mission deployed}}
tasks:
  - {{id: tam, name: Technical assessment mission, duration: {tam_days}}}
constraints:
  - {{id: tam_at_signing, name: TAM starts at the signing, from: signed, to: tam.start,
     min_days: 0, max_days: 0}}
  - {{id: deploy_after_tam, name: Deployment 5 days after the TAM, from: tam.end, to: deployed,
     min_days: 5, max_days: 5}}
  - {{id: deployed_within_30, name: Deployed within 30 days, from: signed, to: deployed,
     max_days: 30, kind: criterion, source: "Test directive"}}
"""


def timeline(tam_days: int) -> Plan:
    return load_plan_text(TIMELINE.format(tam_days=tam_days), "diff.yaml")


def test_items_added_removed_and_changed_section_by_section(small_plan: Plan) -> None:
    doc = small_plan.to_document()
    doc["mission"]["country"] = "Otherland"
    doc["events"].append({"id": "hq", "name": "HQ established"})
    doc["constraints"] = [c for c in doc["constraints"] if c["id"] != "resolution_after_report"]
    doc["tasks"][0]["duration"]["max"] = 21
    new = Plan.model_validate(doc)

    diff = diff_plans(small_plan, new)

    assert diff["added"] == [{"section": "events", "id": "hq", "name": "HQ established"}]
    assert diff["removed"] == [{"section": "constraints", "id": "resolution_after_report",
                                "name": "Resolution after the report"}]
    assert [(c["section"], c["id"], c["fields"]) for c in diff["changed"]] == [
        ("mission", "mission", [{"field": "country", "old": "Testland", "new": "Otherland"}]),
        ("tasks", "tam", [{"field": "duration.max", "old": 14.0, "new": 21.0}]),
    ]


def test_identical_plans_have_an_empty_diff(small_plan: Plan) -> None:
    assert diff_plans(small_plan, small_plan) == {"added": [], "removed": [], "changed": []}
    s = summarize(small_plan)
    assert not any(diff_summaries(s, s).values())


def _changes(items: list[dict[str, Any]], field: str) -> dict[str, tuple[Any, Any, Any]]:
    return {c["id"]: (c["old"], c["new"], c.get("moved_days"))
            for c in items if c["field"] == field}


def test_a_longer_task_moves_later_dates_and_shrinks_the_margin() -> None:
    # TAM 10 days -> 20: the TAM ends and the mission deploys 10 days later;
    # "deployed within 30 days" still holds, with 5 days to spare instead of 15.
    results = diff_summaries(summarize(timeline(10)), summarize(timeline(20)))
    assert _changes(results["events"], "date_earliest") == {
        "tam.end": ("2026-06-11", "2026-06-21", 10.0),
        "deployed": ("2026-06-16", "2026-06-26", 10.0),
    }
    assert _changes(results["events"], "earliest") == {
        "tam.end": (10.0, 20.0, 10.0), "deployed": (15.0, 25.0, 10.0)}
    assert _changes(results["criteria"], "margin_days") == {
        "deployed_within_30": (15.0, 5.0, -10.0)}
    assert "met" not in {c["field"] for c in results["criteria"]}


def test_a_criterion_that_stops_holding_is_reported() -> None:
    results = diff_summaries(summarize(timeline(10)), summarize(timeline(30)))
    assert _changes(results["criteria"], "met") == {"deployed_within_30": (True, False, None)}
    assert _changes(results["criteria"], "margin_days")["deployed_within_30"][:2] == (15.0, -5.0)
    assert any(f["code"].startswith("timeline.") and "deployed_within_30" in f["items"]
               for f in results["findings_new"])


def test_process_outputs_and_findings_that_change(carana_plan: Plan) -> None:
    doc = carana_plan.to_document()
    doc["process"]["outputs"].append("sg_report")
    doc["process"]["task_force"].append({"branch": "security", "entity": "UNDSS"})
    new = Plan.model_validate(doc)

    results = diff_summaries(summarize(carana_plan), summarize(new))

    [missing] = [c for c in results["process"] if c["field"] == "outputs_missing"]
    assert set(missing["old"]) - set(missing["new"]) == {"sg_report"}
    assert [f["code"] for f in results["findings_resolved"]
            if f["code"] == "process.missing-branch"] == ["process.missing-branch"]
    assert not [f for f in results["findings_new"] if f["severity"] == "error"]


def test_findings_matched_by_code_and_items() -> None:
    def summary(*findings: tuple[str, str, str]) -> dict[str, Any]:
        return {"events": {}, "criteria": {}, "process": {},
                "findings": [{"severity": sev, "code": code, "message": msg, "items": ["c"],
                              "source": "s"} for sev, code, msg in findings]}

    old = summary(("warning", "x.missed", "missed by 4 days"), ("info", "x.gone", "old news"))
    new = summary(("warning", "x.missed", "missed by 8 days"), ("error", "x.new", "broken"))
    results = diff_summaries(old, new)
    assert [f["code"] for f in results["findings_new"]] == ["x.new"]
    assert [f["code"] for f in results["findings_resolved"]] == ["x.gone"]
    assert [(f["code"], f["old"], f["new"]) for f in results["findings_changed"]] == [
        ("x.missed", "missed by 4 days", "missed by 8 days")]
