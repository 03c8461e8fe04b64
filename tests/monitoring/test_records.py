"""An assessment saved, reviewed, approved by the mission leadership and frozen;
an adapt recommendation opens a draft revision; the documents say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main

REVIEW = """\
un_objective:
  relevance: high
  extent: medium
  duration: medium
  recommendation: scale up
  narrative: Relief needs fell by two thirds; disarmament runs behind its line.
full_mission_capacity:
  relevance: high
  extent: high
  duration: low
  recommendation: adapt
  narrative: The headquarters opened two days late.
"""


def run(*args: str, user: str | None = None, code: int = 0) -> Result:
    env = {"IMPP_USER": user} if user else {}
    result = CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def store(store_url: str) -> tuple[str, str]:
    s = ("--store", store_url)
    run("store", "init", *s)
    run("user", "add", "ada", "--role", "admin", "--clearance", "strictly_confidential", *s)
    for name, role in (("mia", "member"), ("sam", "srsg")):
        run("user", "add", name, "--role", role, "--clearance", "strictly_confidential", *s,
            user="ada")
    run("commit", "-m", "Carana", *s, user="mia")
    run("import-data", "carana", "--example", *s, user="mia")
    return s


def assess(store: tuple[str, str], *args: str, user: str = "mia", code: int = 0) -> Result:
    return run("assess", "carana", "--period", "2027Q1", *args, *store, user=user, code=code)


def test_saved_reviewed_approved_then_frozen(store: tuple[str, str], tmp_path: Path) -> None:
    assert "saved as a draft" in assess(store, "--save").stdout
    refused = assess(store, "--approve", user="sam", code=2)
    assert "is a draft: the assessment team reviews it first" in refused.output
    review = tmp_path / "review.yaml"
    review.write_text(REVIEW, encoding="utf-8")
    assert "reviewed, awaiting the decision" in assess(store, "--review", str(review)).stdout
    not_srsg = assess(store, "--approve", code=2)
    assert "mia does not hold the role 'srsg'" in not_srsg.output
    data = json.loads(assess(store, "--approve", "--note", "Agreed", "--format", "json",
                             user="sam").stdout)
    record = data["record"]
    assert record["status"] == "approved" and record["approved_by"] == "sam"
    assert data["decision"]["note"] == "Agreed"
    opened = record["opened_revision"]
    log = json.loads(run("log", "carana", "--format", "json", *store).stdout)
    assert log[0]["id"] == opened and log[0]["author"] == "sam"
    assert log[0]["message"] == ("Draft after the 2027Q1 performance assessment: "
                                 "adapt full_mission_capacity")
    shown = run("show", f"carana@{opened}", *store).stdout
    assert "2027Q1 performance assessment: adapt (approved by the mission leadership). " \
           "The headquarters opened two days late." in " ".join(shown.split())
    # frozen: no save, no review, no second approval; new data do not change it
    for args, user in ((("--save",), "mia"), (("--review", str(review)), "mia"),
                       (("--approve",), "sam")):
        assert "frozen" in assess(store, *args, user=user, code=2).output
    change = tmp_path / "late.csv"
    change.write_text("indicator,period,value\nind_idps_returned,2027-03-30,90\n",
                      encoding="utf-8")
    run("import-data", "carana", str(change), *store, user="mia")
    again = json.loads(assess(store, "--format", "json").stdout)
    assert again["indicators"]["ind_idps_returned"]["value"] == 23  # as approved
    audit = run("log", "carana", "--audit", *store).stdout
    for action in ("assessment.drafted", "assessment.reviewed", "assessment.approved"):
        assert f"impp.{action}" in audit


def test_a_bad_review_is_located_and_changes_nothing(store: tuple[str, str],
                                                     tmp_path: Path) -> None:
    assess(store, "--save")
    review = tmp_path / "review.yaml"
    review.write_text(REVIEW.replace("extent: medium", "extent: vast")
                      .replace("full_mission_capacity:", "full_capacity:")
                      .replace("  narrative: Relief", "  story: Relief"), encoding="utf-8")
    bad = assess(store, "--review", str(review), code=2).output
    assert f"{review}:3: un_objective.extent: 'vast'; rate it high, medium or low" in bad
    assert f"{review}:6: un_objective: 'story' is not a field of a review" in bad
    assert f"{review}:1: un_objective: missing narrative" in bad
    assert f"{review}:7: 'full_capacity' is not an objective or output" in bad
    data = json.loads(assess(store, "--format", "json").stdout)
    assert data["record"]["status"] == "draft" and "review" not in data


def test_the_documents_carry_the_decision(store: tuple[str, str], tmp_path: Path) -> None:
    from pypdf import PdfReader

    review = tmp_path / "review.yaml"
    review.write_text(REVIEW, encoding="utf-8")
    assess(store, "--save")
    assess(store, "--review", str(review))
    pdf, sheet = tmp_path / "assessment.pdf", tmp_path / "factsheet.docx"
    assess(store, "--approve", "--document", str(pdf), "--factsheet", str(sheet), user="sam")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Performance assessment, 2027Q1" in text and "Approved by sam (frozen)" in text
    assert "The headquarters opened two days late." in text
    import docx

    words = "\n".join(p.text for p in docx.Document(str(sheet)).paragraphs)
    assert "For the report of the Secretary-General" in words
    assert "3 of 9 hold in 2027Q1." in words
    assert "Full Mission capacity established and operational in key areas: adapt" in words
    assert "Days from the resolution to an operational mission headquarters: 37 " \
           "(expected 35)" in words


def test_only_the_responsible_body_approves_its_data(store: tuple[str, str]) -> None:
    q1 = ("observe", "carana", "--period", "2027Q1")
    run(*q1, "--check", *store, user="mia")
    assert "answers for no indicator of carana" in run(*q1, "--approve", *store, user="mia",
                                                        code=2).output
    assert "answers for no indicator" in run(*q1, "--approve", *store, user="ada",
                                              code=2).output
    run("user", "add", "dan", "--role", "member", "--clearance", "strictly_confidential",
        "--body", "Mission DDR section", *store, user="ada")
    done = run(*q1, "--approve", *store, user="dan").stdout
    assert "3 observations of carana in 2027Q1 now approved" in done  # DDR's three months
    other = run(*q1, "--approve", "--indicator", "ind_relief_need", *store, user="dan",
                code=2).output
    assert "dan (Mission DDR section) does not speak for the body responsible" in other
    assert "ind_relief_need: OCHA (humanitarian country team)" in other
    rows = json.loads(run("observe", "carana", "--period", "2027Q1", "--format", "json",
                          *store, user="mia").stdout)
    approved = {r["indicator"] for r in rows if r["status"] == "approved"}
    assert approved == {"ind_combatants_demobilized"}
