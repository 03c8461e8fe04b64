"""A full disk and a read-only store: a clear message and the status that says it (507,
503), never a 500 or a 'conflict', and nothing lost: the previous revision stays."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from impp.store import Store, head
from tests.web.conftest import password
from tests.web.test_api import token


def refuse_writes(app: Any, pragma: str) -> None:
    """Every new connection of the app's store refuses to grow (``max_page_count``: SQLite
    says 'database or disk is full', as on a full disk) or to write (``query_only``: SQLite
    says 'attempt to write a readonly database')."""
    engine = app.state.store.engine

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if pragma == "full":
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    engine.dispose()  # the connections opened so far are replaced by limited ones


@pytest.mark.parametrize(("kind", "status", "said"), [
    ("full", 507, "no room left on its disk"), ("read-only", 503, "is read-only")])
def test_a_store_that_cannot_be_written_says_so(app: Any, client: Any, web_store: Store,
                                                monkeypatch: pytest.MonkeyPatch, kind: str,
                                                status: int, said: str) -> None:
    planner = token(web_store, "planner", monkeypatch)
    start = client.get("/api/v1/plans/carana", headers=planner).json()
    before = head(web_store, "carana").id
    refuse_writes(app, kind)
    # a save through the API: the disk, not a conflict
    grown = start["yaml"].replace("name: SRSG appointed", "name: SRSG appointed by the SG")
    r = client.put("/api/v1/plans/carana", headers=planner,
                   json={"parent": start["revision"], "yaml": grown, "message": "grown"})
    assert r.status_code == status, r.text
    assert said in r.json()["detail"] and "nothing was written" in r.json()["detail"]
    # signing in writes its session and audit entry: never a 500. (With the page limit,
    # a row that fits a page already there still goes in; a read-only store refuses all.)
    page = client.get("/login")
    csrf = page.cookies.get("impp_login") or client.cookies.get("impp_login")
    r = client.post("/login", data={"name": "planner", "password": password("planner"),
                                    "csrf": csrf, "next": "/plans"}, follow_redirects=False)
    if kind == "read-only":
        assert r.status_code == status and said in r.text
    else:
        assert r.status_code in (303, status)
    assert head(web_store, "carana").id == before  # nothing lost, nothing half-written


def test_the_drivers_words_for_a_full_disk_become_one_clear_error() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from impp.exceptions import StoreUnavailableError
    from impp.store.engine import unavailable

    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    found = unavailable("impp.db", full)
    assert isinstance(found, StoreUnavailableError) and found.status == 507
    assert "no room left on its disk" in str(found)
    other = OperationalError("INSERT", {}, sqlite3.OperationalError("no such table: x"))
    assert unavailable("impp.db", other) is None
