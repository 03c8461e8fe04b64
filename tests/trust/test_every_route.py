"""The leak test: every page and API answer the workspace declares, fetched as an observer
cleared to unclassified, holds none of a strictly confidential task's id, name or notes.
The routes come from the app itself, so a new route is covered without editing the test."""

from __future__ import annotations

import re
from typing import Any

import pytest

from impp.io.yaml_io import load_plan_document
from impp.store import commit, head, log
from impp.store.users import USER_ENV, issue_token
from tests.web.conftest import SECRET_TASK, sign_in

SECRET_NAME = "Operation Quiet Harvest"
SECRET_NOTES = "Night cantonment on the Ostrava ridge"


@pytest.fixture
def secret(web_store: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    doc = head(web_store, "carana").document
    for t in doc["tasks"]:
        if t["id"] == SECRET_TASK:
            t["name"], t["notes"] = SECRET_NAME, SECRET_NOTES
    from impp.plan_analysis import analyse

    plan = load_plan_document(doc, "carana.yaml")
    monkeypatch.setenv(USER_ENV, "planner")
    rev = commit(web_store, plan, "Renamed the operation", parent=head(web_store, "carana").id)
    monkeypatch.delenv(USER_ENV)
    analyse(plan)  # the pages read it from the cache, as after a finished analysis
    return rev.id


def _routes(routes: list[Any]) -> list[Any]:
    """The app's routes, with those of every router it includes (however it wraps them)."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes"):
            out += _routes(list(inner.routes))
        else:
            out.append(route)
    return out


def _paths(app: Any, store: Any) -> list[str]:
    """Every GET route of the app, its parameters filled with what the store holds."""
    from impp.model.plan import SECTIONS

    revisions = [r.id for r in log(store, "carana")]
    out = []
    for route in _routes(list(app.routes)):
        path = getattr(route, "path", "")
        if "GET" not in (getattr(route, "methods", None) or ()) or path.startswith("/static"):
            continue
        if path in ("/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect"):
            out.append(path)
            continue
        filled = path.replace("{name}", "carana")
        if "{kind}" in filled:
            out += [filled.replace("{kind}", kind) + f"?id={item}"
                    for kind in SECTIONS for item in (SECRET_TASK, "ddr_start_3_months")]
            continue
        if "{file}" in filled:
            out.append(filled.replace("{file}", "*"))  # filled from the documents page below
            continue
        if filled.endswith("/diff"):
            filled += f"?a={revisions[1]}&b={revisions[0]}"
        out.append(filled)
    return out


def test_no_route_shows_an_observer_the_secret(app: Any, client: Any, web_store: Any,
                                              secret: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_ENV, "observer")
    token = {"Authorization": f"Bearer {issue_token(web_store, 'observer')}"}
    monkeypatch.delenv(USER_ENV)
    sign_in(client, "observer")
    words = re.compile("|".join(map(re.escape, (SECRET_TASK, SECRET_NAME, SECRET_NOTES))), re.I)
    paths = _paths(app, web_store)
    documents = client.get("/plans/carana/documents").text
    files = sorted(set(re.findall(r'/plans/carana/documents/([^"?#]+)', documents)))
    expanded = [p for p in paths if not p.endswith("/*")]
    expanded += [f"/plans/carana/documents/{f}" for f in files]
    assert len(expanded) > 30 and files  # the routes and the documents were found
    leaks = []
    for path in expanded:
        r = client.get(path, headers=token if path.startswith("/api/") else {})
        body = r.content.decode("utf-8", "replace")
        if r.status_code < 400 and words.search(body):
            leaks.append(f"{path}: {words.search(body).group(0)!r}")  # type: ignore[union-attr]
    assert leaks == []
    # the same search finds the secret for someone cleared to it: the test can fail
    client.cookies.clear()
    sign_in(client, "planner")
    seen = [p for p in expanded if not p.startswith("/api/")
            and words.search(client.get(p).content.decode("utf-8", "replace"))]
    assert len(seen) >= 5, seen
