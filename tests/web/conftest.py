"""Web fixtures: a store with people and the Carana plan, the app, a server for a browser.

People (passwords are ``NAME-password``):

- ``admin`` (admin, strictly confidential), ``planner`` and ``other`` (members,
  strictly confidential: they edit), ``sg`` (the Secretary-General's role,
  strictly confidential), ``observer`` (unclassified: reads only);

Carana is committed with one task marked strictly confidential (the DDR
programme), so what an observer may see differs from what a planner sees,
and its analysis is computed before the tests (pages then never wait).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from impp.io import load_plan
from impp.scenarios import carana_path
from impp.store import Store, commit, init_store
from impp.store.users import USER_ENV, add_user

PEOPLE = {
    "admin": (["admin"], "strictly_confidential"),
    "planner": (["member"], "strictly_confidential"),
    "other": (["member"], "strictly_confidential"),
    "sg": (["sg"], "strictly_confidential"),
    "observer": (["observer"], "unclassified"),
}
SECRET_TASK = "ddr_programme"


def password(name: str) -> str:
    """The test password of ``name``."""
    return f"{name}-password"


def carana_with_a_secret() -> Any:
    """Carana with the DDR programme marked strictly confidential."""
    from impp.io import load_plan_text
    from impp.io.yaml_io import dump_document

    doc = load_plan(carana_path()).to_document()
    for task in doc["tasks"]:
        if task["id"] == SECRET_TASK:
            task["sensitivity"] = "strictly_confidential"
    return load_plan_text(dump_document(doc), "carana.yaml")


@pytest.fixture(scope="session")
def _web_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of :func:`web_store`, built once (hashing passwords and validating
    Carana is the slow part); each test gets its own copy."""
    from impp.plan_analysis import analyse

    folder = tmp_path_factory.mktemp("web-store")
    named = os.environ.pop(USER_ENV, None)
    try:
        store = init_store(folder / "impp.db")
        add_user(store, "admin", ["admin"], "strictly_confidential", password=password("admin"))
        os.environ[USER_ENV] = "admin"
        for name, (roles, level) in PEOPLE.items():
            if name != "admin":
                add_user(store, name, roles, level, password=password(name))
        os.environ[USER_ENV] = "planner"
        plan = carana_with_a_secret()
        commit(store, plan, "Carana, with the DDR programme marked strictly confidential",
               name="carana")
        store.close()
    finally:
        os.environ.pop(USER_ENV, None)
        if named is not None:
            os.environ[USER_ENV] = named
    analyse(plan)  # the pages read it from the cache
    return folder / "impp.db"


@pytest.fixture
def web_store(_web_store_file: Path, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store with the people above and Carana (with a secret) committed by the planner."""
    monkeypatch.delenv(USER_ENV, raising=False)
    store = copied_store(_web_store_file, tmp_path)
    yield store
    store.close()


def copied_store(built: Path, folder: Path) -> Store:
    """A copy of the SQLite store ``built`` (with its journal files) in ``folder``, open."""
    import shutil

    from impp.store import open_store

    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{built}{suffix}")
        if source.exists():
            shutil.copy(source, folder / f"impp.db{suffix}")
    return open_store(folder / "impp.db")


@pytest.fixture
def app(web_store: Store) -> Any:
    """The workspace app on the store."""
    from impp.web.app import create_app

    return create_app(web_store.where)


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """A test client (no browser) of the app."""
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def sign_in(client: Any, name: str) -> None:
    """Sign ``client`` in as ``name`` through the sign-in form."""
    page = client.get("/login")
    token = page.cookies.get("impp_login") or client.cookies.get("impp_login")
    r = client.post("/login", data={"name": name, "password": password(name), "csrf": token,
                                    "next": "/plans"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def produce_outputs(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The planners record the outputs the SG's decision point needs (a new revision)."""
    from impp.io import load_plan_text
    from impp.io.yaml_io import dump_document
    from impp.store import head

    doc = head(store, "carana").document
    doc["process"]["outputs"] += ["technical_survey", "first_draft_mission_plan",
                                  "draft_mission_budget", "sg_report"]
    monkeypatch.setenv(USER_ENV, "planner")
    commit(store, load_plan_text(dump_document(doc), "carana.yaml"), "Outputs produced",
           parent=head(store, "carana").id, name="carana")
    monkeypatch.delenv(USER_ENV)


def csrf_of(html: str) -> str:
    """The CSRF token of a page's first form."""
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The app served by Uvicorn on a free local port, for a browser; its base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


CHROMIUM = os.environ.get("IMPP_TEST_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (skipped when it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (`apt-get install chromium`; "
                    ".ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()
