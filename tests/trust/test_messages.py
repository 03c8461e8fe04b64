"""A commit message or decision note that names a withheld item is withheld from a reader
below it: in `impp log` and `status`, the workspace's plan list, revisions, diff and
decisions pages, and the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from impp.clearance import MESSAGE_WITHHELD
from impp.cli import main
from impp.io import load_plan
from impp.io.yaml_io import dump_document
from impp.scenarios import carana_path


def run(*args: str, user: str | None = None) -> Any:
    r = CliRunner(env={"IMPP_USER": user} if user else {}).invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r


def test_impp_log_withholds_a_message_naming_a_withheld_task(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    s = ("--store", str(tmp_path / "impp.db"))
    run("store", "init", *s)
    run("user", "add", "root", "--role", "admin", "--clearance", "strictly_confidential", *s)
    run("user", "add", "olga", "--role", "observer", "--clearance", "unclassified", *s,
        user="root")
    doc = load_plan(carana_path()).to_document()
    for t in doc["tasks"]:
        if t["id"] == "ddr_programme":
            t["sensitivity"] = "strictly_confidential"
    doc["process"]["decisions"][1]["note"] = "Taken once ddr_programme was agreed."
    path = tmp_path / "carana.yaml"
    path.write_text(dump_document(doc), encoding="utf-8")
    run("commit", str(path), "-m", "ddr_programme starts after IOC", *s, user="root")
    low = json.loads(run("log", "carana", "--format", "json", *s, user="olga").stdout)
    assert low[0]["message"] == MESSAGE_WITHHELD
    high = json.loads(run("log", "carana", "--format", "json", *s, user="root").stdout)
    assert high[0]["message"] == "ddr_programme starts after IOC"
    # a decision's note is withheld the same way
    notes = [d["note"] for d in json.loads(run("status", "carana", "--format", "json", *s,
                                               user="olga").stdout)["decisions"]]
    assert MESSAGE_WITHHELD in notes and not any("ddr_programme" in (n or "") for n in notes)
    notes = [d["note"] for d in json.loads(run("status", "carana", "--format", "json", *s,
                                               user="root").stdout)["decisions"]]
    assert "Taken once ddr_programme was agreed." in notes


def test_the_workspace_and_api_withhold_it_too(client: Any, web_store: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.store import commit, head
    from impp.store.users import USER_ENV, issue_token
    from tests.web.conftest import carana_with_a_secret, sign_in

    monkeypatch.setenv(USER_ENV, "planner")
    plan = carana_with_a_secret()
    doc = plan.to_document()
    doc["tasks"][0]["name"] = doc["tasks"][0]["name"] + " (revised)"
    from impp.io.yaml_io import load_plan_document

    rev = commit(web_store, load_plan_document(doc, "carana.yaml"),
                 "ddr_programme waits for the force", parent=head(web_store, "carana").id)
    sign_in(client, "observer")
    for path in ("/plans", "/plans/carana/revisions",
                 f"/plans/carana/diff?a={rev.parent}&b={rev.id}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "ddr_programme" not in page.text and "withheld: the message" in page.text, path
    monkeypatch.setenv(USER_ENV, "observer")
    token = issue_token(web_store, "observer")
    listed = client.get("/api/v1/plans/carana/revisions",
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert listed[0]["message"] == MESSAGE_WITHHELD


def test_the_decisions_page_withholds_a_note_naming_a_withheld_task(
        client: Any, web_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.store import decide
    from impp.store.users import USER_ENV
    from tests.web.conftest import produce_outputs, sign_in

    produce_outputs(web_store, monkeypatch)
    monkeypatch.setenv(USER_ENV, "sg")
    decide(web_store, "carana", "sg_report_submitted", "sg",
           note="Submitted with the ddr_programme annex")
    monkeypatch.delenv(USER_ENV)
    sign_in(client, "observer")
    page = client.get("/plans/carana/decisions").text
    assert "ddr_programme annex" not in page and "withheld: the message" in page
    client.cookies.clear()
    sign_in(client, "planner")
    assert "ddr_programme annex" in client.get("/plans/carana/decisions").text
