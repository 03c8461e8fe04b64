"""The pages, without a browser: signing in, headers, CSRF, clearance, saving, deciding."""

from __future__ import annotations

import re
from typing import Any

import pytest

from impp.store import Store, audit_log, head
from impp.store.sessions import MAX_FAILURES
from tests.web.conftest import SECRET_TASK, csrf_of, password, produce_outputs, sign_in

PAGES = ("", "/timeline", "/risk", "/deployment", "/cost", "/results", "/monitoring",
         "/conflict", "/documents", "/revisions", "/decisions", "/audit", "/edit")


def test_every_page_needs_a_session(client: Any) -> None:
    for path in ("/plans", *(f"/plans/carana{p}" for p in PAGES)):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_pages_carry_the_security_headers(client: Any) -> None:
    r = client.get("/login")
    csp = r.headers["content-security-policy"]
    scripts = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert scripts.strip() == "script-src 'self'"  # no inline script, no eval
    assert "frame-ancestors 'none'" in csp and r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # no inline script anywhere


def test_a_wrong_password_is_refused_and_too_many_lock_the_user_out(
        client: Any, web_store: Store) -> None:
    page = client.get("/login")
    token = client.cookies.get("impp_login")
    for _ in range(MAX_FAILURES):
        r = client.post("/login", data={"name": "planner", "password": "guess", "csrf": token})
        assert r.status_code == 401 and "not right" in r.text
        token = client.cookies.get("impp_login")
    r = client.post("/login", data={"name": "planner", "password": password("planner"),
                                    "csrf": token})
    assert r.status_code == 401 and "Too many failed sign-ins" in r.text
    actions = [e.action for e in audit_log(web_store)]
    assert actions.count("impp.user.login-failed") == MAX_FAILURES
    assert "impp.user.login-refused" in actions
    assert page.status_code == 200


def test_signing_in_needs_the_forms_token(client: Any) -> None:
    client.get("/login")
    r = client.post("/login", data={"name": "planner", "password": password("planner"),
                                    "csrf": "forged"})
    assert r.status_code == 403


def test_a_form_without_the_sessions_token_is_refused(client: Any, web_store: Store) -> None:
    sign_in(client, "sg")
    before = head(web_store, "carana").id
    r = client.post("/plans/carana/decisions", data={"decision": "sg_report_submitted",
                                                     "csrf": "not-the-token"})
    assert r.status_code == 403
    assert head(web_store, "carana").id == before


def test_every_page_opens_and_an_observer_sees_nothing_above_clearance(client: Any) -> None:
    sign_in(client, "observer")
    for path in PAGES:
        r = client.get(f"/plans/carana{path}")
        assert r.status_code == 200, path
        assert SECRET_TASK not in r.text, path
        assert "Disarmament and demobilization of armed groups" not in r.text, path
    assert "may read plans but not edit them" in client.get("/plans/carana/edit").text


def test_the_cost_page_shows_the_figures_impp_cost_gives(client: Any, web_store: Store) -> None:
    from impp.plan_analysis import analyse
    from impp.web.workspace import plan_of

    sign_in(client, "planner")
    page = client.get("/plans/carana/cost").text
    a = analyse(plan_of(head(web_store, "carana")))
    assert a.cost is not None
    assert f"USD {round(a.cost.total):,}" in page
    for label, amount in a.cost.by_period.items():
        assert label in page and f"USD {round(amount):,}" in page
    assert "joint confidence level" in page and "<svg" in page
    assert "72/285" in page  # the rates with their sources
    overview = client.get("/plans/carana").text
    assert f"Cost: USD {round(a.cost.total):,} over the estimate" in overview


def test_the_monitoring_page_shows_the_assessment_impp_assess_gives(
        client: Any, web_store: Store) -> None:
    from impp.monitoring import example
    from impp.monitoring.actuals import read_actuals, save_actuals
    from impp.monitoring.observations import checked_rows, read_table
    from impp.monitoring.store import assess_stored, save_observations
    from impp.web.workspace import plan_of

    sign_in(client, "planner")
    assert "No monitoring data yet" in client.get("/plans/carana/monitoring").text
    plan = plan_of(head(web_store, "carana"))
    save_observations(web_store, "carana", checked_rows(
        plan, read_table(example.path()), "example"), file="example", actor="planner")
    save_actuals(web_store, "carana", read_actuals(plan, example.actuals_path()),
                 file="example", actor="planner")
    result = assess_stored(web_store, "carana", plan, None)
    assert result is not None
    page = client.get("/plans/carana/monitoring").text
    assert f"Assessment of <strong>{result.period.label}</strong>" in page
    for iid, status in result.indicators.items():
        assert iid in page and status.status in page
    assert 'class="holds"' in page and "Plan against actual" in page
    assert "Disarm and demobilize armed groups" in page  # the planner sees the DDR task
    q1 = client.get("/plans/carana/monitoring?period=2027Q1").text
    assert "Assessment of <strong>2027Q1</strong>" in q1
    assert client.get("/plans/carana/monitoring?period=soon").status_code == 422
    sign_in(client, "observer")
    low = client.get("/plans/carana/monitoring").text
    assert SECRET_TASK not in low and "Disarm and demobilize armed groups" not in low
    assert "ind_women_in_dialogue" in low


def test_a_planner_sees_what_is_marked_for_them(client: Any) -> None:
    sign_in(client, "planner")
    assert SECRET_TASK in client.get("/plans/carana/timeline").text


def test_saving_names_the_parent_and_a_clash_is_refused_with_the_items(
        client: Any, web_store: Store) -> None:
    sign_in(client, "planner")
    page = client.get("/plans/carana/edit").text
    csrf = csrf_of(page)
    text = re.search(r"<textarea[^>]*>(.*)</textarea>", page, re.S)
    assert text is not None
    import html

    yaml = html.unescape(text.group(1))
    parent = head(web_store, "carana").id
    mine = yaml.replace("name: SRSG appointed", "name: SRSG appointed by the SG")
    r = client.post("/plans/carana/edit", data={"csrf": csrf, "parent": parent, "yaml": mine,
                                                "message": "Who appoints"},
                    follow_redirects=False)
    assert r.status_code == 303
    clash = yaml.replace("name: SRSG appointed", "name: SRSG named")
    r = client.post("/plans/carana/edit", data={"csrf": csrf, "parent": parent, "yaml": clash,
                                                "message": "Named"})
    assert r.status_code == 409 and "srsg_appointed" in r.text
    assert "SRSG appointed by the SG" in str(head(web_store, "carana").document)


def test_an_invalid_edit_shows_its_problems_at_their_lines(client: Any, web_store: Store) -> None:
    sign_in(client, "planner")
    page = client.get("/plans/carana/edit").text
    r = client.post("/plans/carana/edit", data={
        "csrf": csrf_of(page), "parent": head(web_store, "carana").id,
        "yaml": "mission: {id: carana, name: C}\nevents: [{id: a}]\n", "message": "x"})
    assert r.status_code == 422 and "carana.yaml:2" in r.text


def test_a_form_adds_an_event(client: Any, web_store: Store) -> None:
    sign_in(client, "planner")
    page = client.get("/plans/carana/items/events").text
    r = client.post("/plans/carana/items/events", data={
        "csrf": csrf_of(page), "parent": head(web_store, "carana").id, "original_id": "",
        "id": "donor_conference", "name": "Donors' conference", "date": "2026-09-15",
        "source": "Carana directive, Stakeholders (donors engaged at an early stage)"},
        follow_redirects=False)
    assert r.status_code == 303, r.text
    assert "donor_conference" in str(head(web_store, "carana").document)
    again = client.get("/plans/carana/items/events").text
    r = client.post("/plans/carana/items/events", data={
        "csrf": csrf_of(again), "parent": head(web_store, "carana").id, "original_id": "",
        "id": "donor_conference", "name": "Again"})
    assert r.status_code == 422 and "already taken" in r.text


def test_a_decision_is_refused_then_taken(client: Any, web_store: Store,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(client, "sg")
    page = client.get("/plans/carana/decisions").text
    r = client.post("/plans/carana/decisions",
                    data={"csrf": csrf_of(page), "decision": "sg_report_submitted"})
    assert r.status_code == 200 and "Refused" in r.text and "draft_mission_budget" in r.text
    # the planners produce the outputs the decision needs
    produce_outputs(web_store, monkeypatch)
    r = client.post("/plans/carana/decisions",
                    data={"csrf": csrf_of(page), "decision": "sg_report_submitted",
                          "note": "Submitted"})
    assert "passed" in r.text and "Level 1.2 to 2.1" in r.text
    assert head(web_store, "carana").document["process"]["level"] == "2.1"
