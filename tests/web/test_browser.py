"""The workspace in a real browser (Debian's Chromium, driven by Playwright).

What a planner does: sign in, read the verdict, edit and save; what the
workspace prevents: a stale save overwriting another planner's change, an
item above a reader's clearance, a decision the plan is not ready for.
"""

from __future__ import annotations

from typing import Any

import pytest

from impp.store import Store, head
from tests.web.conftest import SECRET_TASK, password, produce_outputs


def put_text(page: Any, text: str) -> None:
    """Set the plan editor's text at once (typing 50 kB into it takes a browser minutes)."""
    page.eval_on_selector("textarea[name=yaml]", "(box, text) => { box.value = text; }", text)


def signed_in(browser: Any, server: str, name: str) -> Any:
    """A new browser page, signed in as ``name``."""
    page = browser.new_context().new_page()
    page.goto(f"{server}/plans/carana")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password(name))
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/plans/carana")
    return page


def test_sign_in_read_the_verdict_edit_and_save(browser: Any, server: str,
                                               web_store: Store) -> None:
    page = signed_in(browser, server, "planner")
    assert "criteria for success" in page.inner_text(".verdict")
    page.click("nav.tabs >> text=Edit")
    text = page.input_value("textarea[name=yaml]")
    put_text(page, text.replace("name: SRSG appointed", "name: SRSG appointed by the SG"))
    page.fill("input[name=message]", "Who appoints the SRSG")
    page.click("form.editor button[type=submit]")
    page.wait_for_url("**/revisions**")
    assert "Who appoints the SRSG" in page.inner_text("main")
    assert "SRSG appointed by the SG" in str(head(web_store, "carana").document)


def test_a_stale_save_is_refused_with_the_items_both_changed(
        browser: Any, server: str, web_store: Store) -> None:
    first = signed_in(browser, server, "planner")
    second = signed_in(browser, server, "other")
    for page in (first, second):
        page.goto(f"{server}/plans/carana/edit")
    text = first.input_value("textarea[name=yaml]")
    put_text(first, text.replace("name: Elections held", "name: General elections held"))
    first.click("form.editor button[type=submit]")
    first.wait_for_url("**/revisions**")
    # the second planner started from the same revision and changes the same event
    put_text(second, text.replace("name: Elections held", "name: Presidential elections held"))
    second.click("form.editor button[type=submit]")
    second.wait_for_load_state()
    alert = second.inner_text("[role=alert]")
    assert "Not saved" in alert and "elections" in alert
    assert "General elections held" in str(head(web_store, "carana").document)
    assert "Presidential" not in str(head(web_store, "carana").document)


def test_an_item_above_clearance_never_shows(browser: Any, server: str) -> None:
    observer = signed_in(browser, server, "observer")
    planner = signed_in(browser, server, "planner")
    for path in ("", "/timeline", "/deployment"):
        observer.goto(f"{server}/plans/carana{path}")
        assert SECRET_TASK not in observer.content()
    planner.goto(f"{server}/plans/carana/timeline")
    assert SECRET_TASK in planner.content()


def test_a_decision_refused_then_taken(browser: Any, server: str, web_store: Store,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sg = signed_in(browser, server, "sg")
    sg.goto(f"{server}/plans/carana/decisions")
    sg.click("button[value=sg_report_submitted]")
    sg.wait_for_load_state()
    assert "Refused" in sg.inner_text("[role=alert]")
    produce_outputs(web_store, monkeypatch)
    sg.goto(f"{server}/plans/carana/decisions")
    sg.fill("section.decision input[name=note]", "Report submitted to the Council")
    sg.click("button[value=sg_report_submitted]")
    sg.wait_for_load_state()
    assert "passed" in sg.inner_text("[role=status]")
    assert head(web_store, "carana").document["process"]["level"] == "2.1"
