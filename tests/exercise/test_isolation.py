"""Syndicates work apart: a member never reads another syndicate's plan, scores or
messages, through any page or API route, nor through the command line; the directing
staff see everything. The routes come from the app itself."""

from __future__ import annotations

import re
from typing import Any

import pytest

from impp.exercise import service
from impp.store.users import USER_ENV, issue_token
from tests.exercise.conftest import sign_in
from tests.trust.test_every_route import _routes

THEIRS = ("course-bravo", "course-solution")


def _plan_paths(app: Any, plan: str, document: str) -> list[str]:
    """Every GET page and API route of a plan, filled for ``plan``."""
    out = []
    for route in _routes(list(app.routes)):
        path = getattr(route, "path", "")
        if "GET" not in (getattr(route, "methods", None) or ()) or "{name}" not in path:
            continue
        if not path.startswith(("/plans/", "/api/v1/plans/")):
            continue
        filled = path.replace("{name}", plan)
        if "{kind}" in filled:
            out += [filled.replace("{kind}", "tasks") + "?id=tam",
                    filled.replace("{kind}", "events") + "?id=agreement_signed"]
        elif "{file}" in filled:
            out.append(filled.replace("{file}", document))
        elif filled.endswith("/diff"):
            out.append(filled + "?a=1&b=1")
        else:
            out.append(filled)
    return out


@pytest.fixture
def delivered(exercise_store: Any) -> None:
    """I10 delivered to Bravo only: a message Alpha must never see."""
    service.deliver(exercise_store, "course", "I10", actor="ds-lead", syndicates=["bravo"])


def test_a_member_opens_no_other_plan(app: Any, client: Any, exercise_store: Any,
                                      delivered: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_ENV, "alpha-1")
    token = {"Authorization": f"Bearer {issue_token(exercise_store, 'alpha-1')}"}
    monkeypatch.delenv(USER_ENV)
    sign_in(client, "alpha-1")
    listed = re.findall(r'/plans/course-alpha/documents/([^"?#]+)',
                        client.get("/plans/course-alpha/documents").text)
    assert listed
    theirs = [p for plan in THEIRS for p in _plan_paths(app, plan, listed[0])]
    mine = _plan_paths(app, "course-alpha", listed[0])
    assert len(theirs) > 20 and len(mine) == len(theirs) / 2
    leaks = []
    for path in theirs:
        r = client.get(path, headers=token if path.startswith("/api/") else {})
        if r.status_code != 404:
            leaks.append(f"{path}: {r.status_code}")
    assert leaks == []
    # the same routes open the member's own plan: the test can fail
    opened = [p for p in mine if client.get(
        p, headers=token if p.startswith("/api/") else {}).status_code < 400]
    assert opened == mine
    words = re.compile("|".join((*THEIRS, "Spoiler violence")))
    for path in ("/plans", "/exercises", "/exercises/course", "/api/v1/plans",
                 "/api/v1/exercises/course"):
        r = client.get(path, headers=token if path.startswith("/api/") else {})
        assert r.status_code == 200, path
        assert not words.search(r.text), (path, words.search(r.text))
    assert "course-alpha" in client.get("/plans").text


def test_a_member_writes_nowhere_else(client: Any, exercise_store: Any) -> None:
    sign_in(client, "alpha-1")
    page = client.get("/exercises/course")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    token = csrf.group(1)
    for path, data in (("/plans/course-bravo/edit", {"parent": "1", "yaml": "x", "message": "m"}),
                       ("/plans/course-bravo/decisions", {"decision": "sg_report_submitted"}),
                       ("/exercises/course/inject", {"inject": "I01"}),
                       ("/exercises/course/advance", {"days": "3"})):
        r = client.post(path, data={**data, "csrf": token}, follow_redirects=False)
        assert r.status_code in (403, 404), (path, r.status_code)
    assert service.deliveries(exercise_store, "course") == []
    assert service.clock(exercise_store, "course").now() == 0


def test_the_directing_staff_see_everything(client: Any, exercise_store: Any,
                                            delivered: None) -> None:
    sign_in(client, "ds-lead")
    for plan in ("course-alpha", *THEIRS):
        assert client.get(f"/plans/{plan}/revisions").status_code == 200
    console = client.get("/exercises/course")
    assert console.status_code == 200
    assert "Syndicate Alpha" in console.text and "Syndicate Bravo" in console.text
    assert "bravo day 0" in console.text  # I10 fired for Bravo
    bravo = client.get("/exercises/course")
    assert "Spoiler violence" in bravo.text


def test_a_bravo_member_reads_the_message(client: Any, exercise_store: Any,
                                          delivered: None) -> None:
    sign_in(client, "bravo-2")
    page = client.get("/exercises/course")
    assert page.status_code == 200 and "Spoiler violence in the west" in page.text
    assert "course-alpha" not in page.text


def test_the_command_line_reader(exercise_store: Any, monkeypatch: pytest.MonkeyPatch,
                                 delivered: None) -> None:
    from click.testing import CliRunner

    from impp.cli import main

    monkeypatch.setenv(USER_ENV, "alpha-1")
    runner = CliRunner()
    where = ["--store", exercise_store.where]
    r = runner.invoke(main, ["log", "course-bravo", *where])
    assert r.exit_code == 2 and "no plan named 'course-bravo'" in r.output
    assert "course-bravo" not in r.output.split("plans in this store:")[1]
    r = runner.invoke(main, ["log", "course-alpha", *where])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["exercise", "messages", "course", *where])
    assert r.exit_code == 0 and "Spoiler" not in r.output
    r = runner.invoke(main, ["exercise", "score", "course", *where])
    assert r.exit_code == 2 and "directing staff" in r.output
    r = runner.invoke(main, ["exercise", "inject", "course", "I01", *where])
    assert r.exit_code == 2 and "may not deliver an inject" in r.output
    monkeypatch.setenv(USER_ENV, "bravo-1")
    r = runner.invoke(main, ["exercise", "messages", "course", *where])
    assert r.exit_code == 0 and "Spoiler violence" in r.output
