"""The embedded Carana scenario encodes the directive faithfully."""

from __future__ import annotations

from impp.model import Plan

CRITERIA_SOURCES = [f"Criteria for success ({n})" for n in range(1, 9)]


def test_every_criterion_for_success_is_encoded_with_its_source(carana_plan: Plan) -> None:
    sources = " ".join(c.source or "" for c in carana_plan.criteria)
    for passage in CRITERIA_SOURCES:
        assert passage in sources


def test_disagreeing_passages_are_both_encoded(carana_plan: Plan) -> None:
    on_tam = {
        c.id: c.max_days
        for c in carana_plan.constraints
        if c.from_ == "agreement_signed" and c.to == "tam.start"
    }
    assert on_tam == {"tam_within_14": 14, "tam_within_21": 21}


def test_stakeholders_named_by_the_directive_are_actors(carana_plan: Plan) -> None:
    ids = {a.id for a in carana_plan.actors}
    assert {"gnr", "mpc", "cisc", "crc", "crcac", "operation_intrepide", "unct", "tcc_pcc",
            "donors"} <= ids


def test_open_facts_are_marked_as_assumptions(carana_plan: Plan) -> None:
    signed = next(e for e in carana_plan.events if e.id == "agreement_signed")
    assert signed.assumption and signed.date is not None
    assert len(carana_plan.assumptions) == 6
    assert len(carana_plan.provisions) == 7


def test_every_constraint_cites_a_source(carana_plan: Plan) -> None:
    assert all(c.source for c in carana_plan.constraints)
