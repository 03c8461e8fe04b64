"""Decision points: refused with what is missing; passed with a baseline frozen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from impp.exceptions import DecisionRefusedError, StaleRevisionError, StoreError
from impp.model import Plan
from impp.store import (
    OBSERVERS,
    AuditEntry,
    Store,
    audit_log,
    baselines,
    commit,
    decide,
    decisions_taken,
    get_revision,
    log,
)
from impp.store.users import PermissionDeniedError
from tests.store.conftest import Acting

SG_REPORT_OUTPUTS = ("first_draft_mission_plan", "draft_mission_budget", "sg_report")


#: The decision that closes each level, and who takes it: a plan committed at a later
#: level records them (a first commit is checked like any other).
CLOSED_BY = [("1.2", "sg_report_submitted", "sg"), ("2.1", "srsg_directive_issued", "usg_dpko"),
             ("2.2", "mission_plan_adopted", "srsg")]


def with_process(plan: Plan, *outputs: str, level: str | None = None) -> Plan:
    doc = plan.to_document()
    process = doc.setdefault("process", {})
    process["outputs"] = [*process.get("outputs", []), *outputs]
    if level is not None:
        process["level"] = level
        order = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
        process["decisions"] = [*process.get("decisions", []), *(
            {"decision": d, "by": by, "note": "taken before this store"}
            for lv, d, by in CLOSED_BY if order.index(lv) < order.index(level))]
    return Plan.model_validate(doc)


@pytest.fixture
def heard() -> Iterator[list[AuditEntry]]:
    """Audit entries the observers were told about, in order."""
    entries: list[AuditEntry] = []
    OBSERVERS.append(entries.append)
    yield entries
    OBSERVERS.remove(entries.append)


def test_refused_with_the_missing_outputs_named(store: Store, carana_plan: Plan,
                                                heard: list[AuditEntry], people: object,
                                                acting: Acting) -> None:
    acting("ana")
    first = commit(store, carana_plan, "Directive encoded", author="ana")
    acting("sg")
    with pytest.raises(DecisionRefusedError) as refused:
        decide(store, "carana", "sg_report_submitted", "sg")
    message = str(refused.value)
    assert "outputs missing: first_draft_mission_plan (First Draft Mission Plan, " \
           "IMPP guidelines §1.2.3), draft_mission_budget" in message
    assert "sg_report (Report of the Secretary-General, IMPP guidelines §1.2.5)" in message
    assert "usg_planning_directive" not in message  # Carana has it
    assert "IMPP guidelines, Level 1.2" in message
    # Nothing changed but the audit log, which records the refusal.
    assert [r.id for r in log(store, "carana")] == [first.id]
    assert baselines(store, "carana") == [] and decisions_taken(store, "carana") == []
    refusal = audit_log(store, "carana")[-1]
    assert refusal.action == "impp.decision.refused" and refusal.actor == "sg"
    assert refusal.data["decision"] == "sg_report_submitted"
    assert [e.action for e in heard][-3:] == ["impp.plan.created", "impp.revision.committed",
                                              "impp.decision.refused"]


def test_wrong_role_refused(store: Store, carana_plan: Plan, people: object,
                           acting: Acting) -> None:
    acting("ana")
    commit(store, with_process(carana_plan, *SG_REPORT_OUTPUTS), "outputs ready", author="ana")
    acting("srsg")
    with pytest.raises(DecisionRefusedError) as refused:
        decide(store, "carana", "sg_report_submitted", "srsg")
    message = str(refused.value)
    assert ("only the Secretary-General (sg) takes this decision, not the Special "
            "Representative of the Secretary-General (SRSG) (srsg)") in message
    assert "outputs missing" not in message
    assert len(log(store, "carana")) == 1


def test_only_the_srsg_adopts_the_mission_plan(store: Store, carana_plan: Plan, people: object,
                                               acting: Acting) -> None:
    ready = with_process(carana_plan, "impt_established", "final_mission_plan", level="2.2")
    acting("ana")
    commit(store, ready, "Level 2.2 outputs", author="ana")
    acting("sg")
    with pytest.raises(DecisionRefusedError, match=r"only the Special Representative"):
        decide(store, "carana", "mission_plan_adopted", "sg")
    # The SG cannot decide as the SRSG either: the role is the person's, not a claim.
    with pytest.raises(PermissionDeniedError, match=r"sg does not hold the role 'srsg'"):
        decide(store, "carana", "mission_plan_adopted", "srsg")
    assert audit_log(store, "carana")[-1].action == "impp.decision.refused"
    acting("srsg")
    outcome = decide(store, "carana", "mission_plan_adopted", "srsg")
    assert (outcome.from_level, outcome.to_level) == ("2.2", "3.1")


def test_wrong_level_refused(store: Store, carana_plan: Plan, people: object,
                             acting: Acting) -> None:
    ready = with_process(carana_plan, "impt_established", "final_mission_plan")
    acting("ana")
    commit(store, ready, "outputs early", author="ana")
    acting("srsg")
    with pytest.raises(DecisionRefusedError) as refused:
        decide(store, "carana", "mission_plan_adopted", "srsg")
    assert ("the plan stands in Level 1.2 (Foundation Planning), and this decision point "
            "closes Level 2.2 (Implementation Planning)") in str(refused.value)


def test_accepted_decision_moves_level_commits_and_freezes_a_baseline(
        store: Store, carana_plan: Plan, heard: list[AuditEntry], people: object,
        acting: Acting) -> None:
    acting("ana")
    before = commit(store, with_process(carana_plan, *SG_REPORT_OUTPUTS), "outputs ready",
                    author="ana")
    acting("sg")
    outcome = decide(store, "carana", "sg_report_submitted", "sg", note="Report S/2026/1")

    rev = get_revision(store, "carana")
    assert rev.id == outcome.revision.id and rev.parent == before.id
    plan = rev.plan_object()
    assert plan.process.level == "2.1"
    record = plan.process.decisions[-1]
    assert (record.decision, record.by, record.note) == ("sg_report_submitted", "sg",
                                                        "Report S/2026/1")
    assert [(b.name, b.revision, b.decision) for b in baselines(store, "carana")] == [
        ("sg_report_submitted", rev.id, "sg_report_submitted")]
    assert get_revision(store, "carana@sg_report_submitted").id == rev.id
    assert [(d["decision"], d["by"], d["from_level"], d["to_level"], d["revision"])
            for d in decisions_taken(store, "carana")] == [
        ("sg_report_submitted", "sg", "1.2", "2.1", rev.id)]
    actions = [e.action for e in audit_log(store, "carana")][-3:]
    assert actions == ["impp.revision.committed", "impp.decision.approved",
                       "impp.baseline.frozen"]
    assert [e.action for e in heard][-2:] == ["impp.decision.approved", "impp.baseline.frozen"]
    approved = audit_log(store, "carana")[-2]
    assert approved.actor == "sg" and outcome.revision.author == "sg"
    # The decision is a revision like any other: an edit started before it is stale.
    acting("ben")
    with pytest.raises(StaleRevisionError):
        commit(store, with_process(carana_plan, *SG_REPORT_OUTPUTS, "technical_survey"),
               "late edit", author="ben", parent=before.id)


def _decide_up_to(store: Store, level: str, acting: Acting) -> None:
    """Pass each level's main decision, committing its outputs first, until ``level``."""
    from impp.process.catalogue import load_process
    from impp.store.users import DECIDERS

    process = load_process()
    while (plan := get_revision(store, "carana").plan_object()).process.level != level:
        point = process.level(plan.process.level).decision
        head = get_revision(store, "carana")
        acting("ana")
        commit(store, with_process(plan, *point.required_outputs), "outputs ready",
               author="ana", parent=head.id)
        acting(DECIDERS[point.decider])
        decide(store, "carana", point.id, point.decider)


def test_a_decision_passed_again_gets_a_numbered_baseline(
        store: Store, carana_plan: Plan, people: object, acting: Acting) -> None:
    looped = with_process(carana_plan, "periodic_review", level="3.1")
    acting("ana")
    commit(store, looped, "in Level 3.1", author="ana")
    acting("sg")
    first = decide(store, "carana", "significant_revision", "sg")
    # Back to Level 3.1 the only way there is: each decision point in turn.
    _decide_up_to(store, "3.1", acting)
    acting("sg")
    second = decide(store, "carana", "significant_revision", "sg")
    assert (first.baseline, second.baseline) == ("significant_revision",
                                                 "significant_revision-2")


@pytest.mark.parametrize(("decision", "role", "expected"), [
    ("adopt_everything", "sg", "unknown decision point 'adopt_everything': `impp process`"),
    ("sg_report_submitted", "king", "unknown role 'king' (roles: sg, usg_dpko, srsg"),
])
def test_unknown_decision_or_role(store: Store, carana_plan: Plan, decision: str, role: str,
                                  expected: str, people: object, acting: Acting) -> None:
    acting("ana")
    commit(store, with_process(carana_plan, *SG_REPORT_OUTPUTS), "ready", author="ana")
    acting("sg")
    with pytest.raises(StoreError, match=expected.replace("(", r"\(")):
        decide(store, "carana", decision, role)


def test_decision_on_unknown_plan(store: Store, people: object, acting: Acting) -> None:
    acting("sg")
    with pytest.raises(StoreError, match="no plan named 'nowhere'"):
        decide(store, "nowhere", "sg_report_submitted", "sg")


def test_a_commit_cannot_forge_a_decision(store: Store, carana_plan: Plan) -> None:
    """Check out, set the level and add a decision by hand, commit: refused, on record."""
    first = commit(store, carana_plan, "Directive encoded", author="ana")
    doc = carana_plan.to_document()
    doc["process"]["level"] = "3.1"
    doc["process"]["decisions"].append({"decision": "mission_plan_adopted", "by": "srsg"})
    forged = Plan.model_validate(doc)
    with pytest.raises(DecisionRefusedError) as refused:
        commit(store, forged, "adopted", author="mallory", parent=first.id)
    message = str(refused.value)
    assert "impp decide carana" in message
    assert "process level 1.2 -> 3.1" in message
    assert "decisions added: mission_plan_adopted by srsg" in message
    assert [r.id for r in log(store, "carana")] == [first.id]
    assert decisions_taken(store, "carana") == [] and baselines(store, "carana") == []
    last = audit_log(store, "carana")[-1]
    assert last.action == "impp.commit.refused" and last.actor == "mallory"
    # an edit that leaves what was decided alone still commits
    edited = with_process(carana_plan, "technical_survey")
    assert commit(store, edited, "TAM report in", author="ana", parent=first.id).number == 2
