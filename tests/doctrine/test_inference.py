"""The doctrine reasons from what planners write: Carana without impp's hints gets the same
tensions, each inference says what it assumed and where, a stated field overrides it,
and what the words do not tell is asked."""

from __future__ import annotations

from typing import Any

import pytest

from impp.doctrine import words
from impp.doctrine.facts import infer
from impp.io.yaml_io import load_plan_document
from impp.model import Plan
from impp.plan_analysis import PlanAnalysis, analyse

#: impp's own hints: conclusions the engine should draw (the facts a planner
#: writes anyway, ``set_by``, ``transfers``, ``trigger``, owners and names, stay).
HINTS = {"mission": ("presence",), "tasks": ("prepares", "component"),
         "events": ("needs", "marks")}


def without_hints(plan: Plan) -> Plan:
    doc: dict[str, Any] = plan.to_document()
    for field in HINTS["mission"]:
        doc["mission"].pop(field, None)
    for section in ("tasks", "events"):
        for item in doc.get(section, []):
            for field in HINTS[section]:
                item.pop(field, None)
    return load_plan_document(doc, "carana-without-hints")


def tensions(a: PlanAnalysis) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.code, f.items) for f in a.findings}


@pytest.fixture(scope="module")
def both(carana_plan: Plan) -> tuple[PlanAnalysis, PlanAnalysis]:
    return analyse(carana_plan), analyse(without_hints(carana_plan))


def test_carana_without_hints_has_the_same_tensions(
        both: tuple[PlanAnalysis, PlanAnalysis]) -> None:
    hinted, bare = both
    assert tensions(bare) == tensions(hinted)
    assert {k: v.state for k, v in bare.verdicts.items()} == {
        k: v.state for k, v in hinted.verdicts.items()}
    # the three tensions the hints used to carry, by name
    codes = {f.code for f in bare.findings}
    assert {"process.level-below-desirable", "timeline.before-presence",
            "timeline.dependent-outcome", "timeline.preparation-deadline-after-event"} <= codes


def test_every_inference_is_said_with_the_field_it_was_read_from(
        both: tuple[PlanAnalysis, PlanAnalysis]) -> None:
    hinted, bare = both
    read = [f for f in bare.findings if f.assumed]
    assert {f.code for f in read} >= {"timeline.before-presence", "timeline.dependent-outcome",
                                      "timeline.preparation-deadline-after-event",
                                      "process.level-below-desirable"}
    for f in read:
        for a in f.assumed:
            assert f"Assumed: {a.text}" in f.message
            assert a.path[0] in ("tasks", "events", "milestones", "mission")
    ddr = next(f for f in bare.findings if f.code == "timeline.before-presence")
    assert ("tasks", "ddr_programme", "name") in [a.path for a in ddr.assumed]
    assert ("milestones", "ioc", "units") in [a.path for a in ddr.assumed]
    # what the plan states is not an assumption
    assert not any(f.assumed for f in hinted.findings
                   if f.code in ("timeline.before-presence", "timeline.dependent-outcome"))


def test_a_stated_field_overrides_the_reading(carana_plan: Plan) -> None:
    bare = without_hints(carana_plan)
    doc = bare.to_document()
    for t in doc["tasks"]:
        if t["id"] == "ddr_programme":
            t["component"] = "national"  # the parties disarm under national authority
    plan = load_plan_document(doc, "ddr-national")
    facts = infer(plan)
    assert facts.components["ddr_programme"] == "national"
    assert "component:ddr_programme" not in facts.readings
    a = analyse(plan)
    assert not [f for f in a.findings if f.code == "timeline.before-presence"]
    assert a.verdicts["ddr_start_3_months"].doctrine is None


def test_what_the_words_do_not_tell_is_asked(carana_plan: Plan) -> None:
    doc = without_hints(carana_plan).to_document()
    doc["tasks"][0]["owner"] = "The Friends of Carana"
    doc["events"].append({"id": "report_2", "name": "Secretary-General's report (addendum)"})
    plan = load_plan_document(doc, "asks")
    asked = [q.text for q in infer(plan).questions]
    assert any("owner 'The Friends of Carana'" in q and "component:" in q for q in asked)
    assert any("marks: sg_report_submitted" in q for q in asked)
    # a name that could be two moments is asked, not guessed
    assert "sg_report_submitted" not in infer(plan).marks


@pytest.mark.parametrize(("owner", "component"), [
    ("Mission DDR section / UNDP", "mission"),
    ("DPKO Office of Military Affairs", "hq"),
    ("Military / Mission support", "military"),
    ("Mission support", "support"),
    ("UNHCR / IOM", "unct"),
    ("Formed police units", "police"),
    ("Ministry of the Interior", "national"),
    ("African Union observers", "partner"),
    ("Humanitarian country team / OCHA", "unct"),
])
def test_owners_read_as_components(owner: str, component: str) -> None:
    found = words.classify_owner(owner)
    assert found is not None and found[0] == component


@pytest.mark.parametrize(("name", "moment"), [
    ("USG's planning directive issued", "usg_planning_directive_issued"),
    ("Secretary-General's report submitted to the Security Council", "sg_report_submitted"),
    ("Security Council resolution establishing the mission", "mandate_adopted"),
    ("Council adopts resolution 2999 mandating the operation", "mandate_adopted"),
    ("Special Representative appointed", "srsg_nominated"),
    ("Directive to the SRSG issued", "srsg_directive_issued"),
    ("SRSG adopts the Mission Plan", "mission_plan_adopted"),
])
def test_event_names_read_as_moments(name: str, moment: str) -> None:
    hits = [m for m, pattern, exclude in words.MOMENTS
            if pattern.search(name) and not (exclude and exclude.search(name))]
    assert hits[:1] == [moment]


def test_a_readiness_resolution_is_not_the_mandate() -> None:
    name = "Security Council resolution xxx: readiness to establish a peacekeeping operation"
    assert not [m for m, p, x in words.MOMENTS if m == "mandate_adopted" and p.search(name)
                and not (x and x.search(name))]
