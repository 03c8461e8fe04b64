"""Spillage: visible text that names an item marked above it is found, said where, and
refused by `impp commit --strict`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from impp.cli import main
from impp.io import load_plan
from impp.io.yaml_io import dump_document, load_plan_document
from impp.scenarios import carana_path
from impp.spillage import spillage


def secret_plan(**risk_text: str) -> Any:
    doc = load_plan(carana_path()).to_document()
    for t in doc["tasks"]:
        if t["id"] == "ddr_programme":
            t["sensitivity"] = "strictly_confidential"
            t["name"] = "Operation Quiet Harvest"
    doc["risks"] = [{**r, **risk_text} if r["id"] == doc["risks"][0]["id"] else r
                    for r in doc["risks"]]
    return load_plan_document(doc, "carana.yaml")


def test_a_visible_risk_that_names_the_secret_operation_is_spillage() -> None:
    plan = secret_plan(text="Spoilers attack the cantonment sites of Operation Quiet Harvest.")
    [f] = spillage(plan)
    assert f.code == "clearance.spillage" and "ddr_programme" in f.items
    assert "text of risk" in f.message and "Quiet Harvest" in f.message
    assert spillage(secret_plan()) == []  # said without naming it: nothing


def test_a_commit_message_that_names_it_is_spillage_and_strict_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    path = tmp_path / "carana.yaml"
    path.write_text(dump_document(secret_plan().to_document()), encoding="utf-8")
    s = ("--store", str(tmp_path / "impp.db"))
    CliRunner().invoke(main, ["store", "init", *s])
    refused = CliRunner().invoke(main, ["commit", str(path), "-m", "ddr_programme moved",
                                        "--strict", *s])
    assert refused.exit_code == 2 and "nothing was committed" in refused.output
    assert "The commit message names ddr_programme" in refused.output
    warned = CliRunner().invoke(main, ["commit", str(path), "-m", "ddr_programme moved", *s])
    assert warned.exit_code == 0 and "warning clearance.spillage" in warned.output
    clean = tmp_path / "clean.yaml"
    clean.write_text(dump_document(load_plan(carana_path()).to_document()), encoding="utf-8")
    ok = CliRunner().invoke(main, ["commit", str(clean), "-m", "Carana", "--strict",
                                   "--plan", "other", *s])
    assert ok.exit_code == 0 and "spillage" not in ok.output


def test_spillage_is_a_finding_of_the_plan() -> None:
    from impp.plan_analysis import Parameters, analyse

    plan = secret_plan(text="Spoilers attack the sites of Operation Quiet Harvest.")
    a = analyse(plan, Parameters(risk_samples=50, what_if=False, deploy_risk_samples=0),
                cache=False)
    assert [f for f in a.findings if f.code == "clearance.spillage"]
