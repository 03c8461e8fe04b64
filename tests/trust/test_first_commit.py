"""A plan's first commit cannot forge decisions: its stated process is checked like any
other, and the decisions it records are shown as unverified until taken in the store."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from impp.cli import main
from impp.exceptions import DecisionRefusedError, PlanFileError
from impp.io import load_plan
from impp.io.yaml_io import load_plan_document
from impp.scenarios import carana_path
from impp.store import Store, commit


def with_process(**process: Any) -> Any:
    doc = load_plan(carana_path()).to_document()
    doc["process"] = {**doc["process"], **process}
    return load_plan_document(doc, "carana.yaml")


def test_a_first_commit_claiming_a_level_its_decisions_do_not_reach_is_refused(
        store: Store) -> None:
    forged = with_process(level="3.1", decisions=[
        {"decision": "mission_plan_adopted", "by": "srsg"}])
    with pytest.raises(DecisionRefusedError, match=r"Level 1\.2 ends with sg_report_submitted"):
        commit(store, forged, "Forged")
    wrong_decider = with_process(decisions=[
        {"decision": "initiate_impp", "by": "sg"},
        {"decision": "strategic_objectives_decided", "by": "srsg"}])
    with pytest.raises(DecisionRefusedError, match="taken by sg, not by srsg"):
        commit(store, wrong_decider, "Wrong decider")
    too_far = with_process(decisions=[
        {"decision": "initiate_impp", "by": "sg"},
        {"decision": "strategic_objectives_decided", "by": "sg"},
        {"decision": "sg_report_submitted", "by": "sg"}])
    with pytest.raises(DecisionRefusedError, match=r"decision of Level 1\.2, not of a level"):
        commit(store, too_far, "A decision of its own level")


def test_the_decisions_a_first_commit_records_are_unverified(
        store: Store, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    commit(store, load_plan(carana_path()), "Carana")
    out = CliRunner().invoke(main, ["status", "carana", "--store", store.where,
                                    "--format", "json"])
    assert out.exit_code == 0, out.output
    decisions = json.loads(out.stdout)["decisions"]
    assert [d["decision"] for d in decisions] == ["initiate_impp",
                                                  "strategic_objectives_decided"]
    assert not any(d["verified"] for d in decisions)
    table = CliRunner().invoke(main, ["status", "carana", "--store", store.where]).stdout
    assert "unverified" in table


def test_a_decision_recorded_twice_is_refused() -> None:
    with pytest.raises(PlanFileError, match="recorded twice"):
        with_process(decisions=[{"decision": "initiate_impp", "by": "sg"},
                                {"decision": "initiate_impp", "by": "sg"}])
