"""Items above the reader's level never reach a page; every page carries its marking."""

from __future__ import annotations

from typing import Any

import pytest

from impp.io import load_plan_text
from impp.model import Plan, Sensitivity
from impp.report.package import Package, build_package
from impp.report.view import WITHHELD, SensitivityError, make_view, parse_sensitivity
from tests.report.plans import SECRET_PLAN, SECRETS, words
from tests.report.readers import docx_all_xml, docx_headers_footers, pdf_pages


def all_text(package: Package) -> dict[str, str]:
    """Each file's full text as a reader's software extracts it."""
    out = {}
    for f in package.files:
        if f.name.endswith(".html"):
            out[f.name] = f.data.decode("utf-8")
        elif f.name.endswith(".docx"):
            out[f.name] = docx_all_xml(f.data)
        else:
            out[f.name] = "\n".join(pdf_pages(f.data))
    return out


def test_no_confidential_text_reaches_an_unclassified_reader(
    secret_packages: dict[str, Package]
) -> None:
    for name, text in all_text(secret_packages["unclassified"]).items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked into {name}"
        assert "Left out" in text, f"{name} does not say that items were left out"
        assert "5 items" in text  # two events/tasks, a criterion, an actor, an assumption
        assert "CONFIDENTIAL" not in text.replace("UNCLASSIFIED", "")


def test_a_cleared_reader_sees_them_under_the_higher_marking(
    secret_packages: dict[str, Package]
) -> None:
    texts = all_text(secret_packages["cleared"])
    assert all("Zebra Night" in t or "Okapi route" in t or "Heron cell" in t
               for t in texts.values())
    for f in secret_packages["cleared"].files:
        assert f.marking is Sensitivity.confidential, f.name
        if f.name.endswith(".docx"):
            assert set(docx_headers_footers(f.data)) == {"CONFIDENTIAL"}
        if f.name.endswith(".pdf"):
            pages = pdf_pages(f.data)
            assert all(p.count("CONFIDENTIAL") >= 2 for p in pages)
        assert "Left out" not in texts[f.name]


def test_visible_items_still_appear(secret_packages: dict[str, Package]) -> None:
    for name, text in all_text(secret_packages["unclassified"]).items():
        if name != "planning-directive.pdf":
            text = text.replace("&#39;", "'")
        assert "Mission Sigma" in text, name
    directive = all_text(secret_packages["unclassified"])["planning-directive.docx"]
    assert "Consent of the parties" in directive and "Regional partner" in directive


def test_the_view_scrubs_findings_and_tables_that_name_withheld_items(
    secret_plan: Plan
) -> None:
    summary: dict[str, Any] = {
        "mission": {"sensitivity": "confidential"},
        "events": {"signed": {"name": "Agreement signed"}, "lynx.start": {"name": "x"}},
        "criteria": {"tam_within_14": {"name": "TAM", "from": "signed", "to": "tam.start"},
                     "secret_deadline": {"name": "Marabou deadline", "from": "signed",
                                         "to": "night_move"}},
        "findings": [
            {"severity": "error", "code": "x.a", "message": "About lynx.end", "items": []},
            {"severity": "warning", "code": "x.b", "message": "Heron cell is near",
             "items": []},
            {"severity": "info", "code": "x.c", "message": "All fine", "items": ["tam"]},
        ],
        "tables": [{"id": "t", "title": "T", "columns": ["task"],
                    "rows": [["tam"], ["lynx"], ["Zebra Night"]]}],
    }
    view = make_view(secret_plan, summary, Sensitivity.unclassified)
    assert list(view.summary["events"]) == ["signed"]
    assert list(view.summary["criteria"]) == ["tam_within_14"]
    assert [f["code"] for f in view.summary["findings"]] == ["x.c"]
    assert view.summary["counts"] == {"error": 0, "warning": 0, "info": 1}
    assert view.summary["tables"][0]["rows"] == [["tam"]]
    assert (view.omitted_items, view.omitted_findings, view.omitted_rows) == (5, 2, 2)
    assert view.summary["mission"]["sensitivity"] == "unclassified"
    assert view.name("heron") == WITHHELD and view.name("crc") == "Regional partner"
    for secret in SECRETS:
        assert secret not in words(view.summary)


def test_a_visible_criterion_pointing_at_a_withheld_event_hides_the_event() -> None:
    plan = load_plan_text(SECRET_PLAN.replace(
        "max_days: 30, kind: criterion, sensitivity: confidential",
        "max_days: 30, kind: criterion"), "p.yaml")
    summary = {"criteria": {"secret_deadline": {"name": "Deadline", "from": "signed",
                                                "to": "night_move"}}}
    view = make_view(plan, summary, Sensitivity.unclassified)
    assert view.summary["criteria"]["secret_deadline"]["to"] == WITHHELD


def test_a_mission_above_the_level_is_refused_with_a_clear_message() -> None:
    plan = load_plan_text(SECRET_PLAN.replace(
        "reference_event: signed,", "reference_event: signed, sensitivity: confidential,"),
        "p.yaml")
    with pytest.raises(SensitivityError, match="the mission itself is marked CONFIDENTIAL"):
        build_package(plan, {}, Sensitivity.unclassified)


def test_unknown_marking_names_the_accepted_ones() -> None:
    with pytest.raises(SensitivityError, match="use one of: unclassified, confidential"):
        parse_sensitivity("secret")
