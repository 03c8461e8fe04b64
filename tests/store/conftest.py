"""Store fixtures: every test gets a clean store, on SQLite and on PostgreSQL.

SQLite: a new file in the test's temporary folder. PostgreSQL: a new schema
in the database of ``IMPP_TEST_POSTGRES_URL`` (``.ci/run`` starts a server
and sets it), dropped after the test; the store's URL points at it through
``search_path``, so subprocesses given the URL see the same schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from impp.store import Store, init_store

POSTGRES_ENV = "IMPP_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _admin_url(base: str) -> str:
    return make_url(base).set(drivername="postgresql+psycopg").render_as_string(
        hide_password=False)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store (no schema yet) on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "impp.db")
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests need {POSTGRES_ENV} "
                    "(.ci/run starts a server and sets it)")
    schema = "impp_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(_admin_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A new, initialised store on each backend."""
    opened = init_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


#: The people of the store tests: name -> (roles, clearance).
PEOPLE = {
    "sg": (["sg"], "strictly_confidential"),
    "usg": (["usg"], "strictly_confidential"),
    "srsg": (["srsg"], "confidential"),
    "ana": (["member"], "confidential"),
    "ben": (["member"], "unclassified"),
    "chair": (["chair", "member"], "strictly_confidential"),
    "olga": (["observer"], "unclassified"),
}


class Acting:
    """Who acts (``IMPP_USER``) in a test: ``acting("ana")``, or ``acting(None)``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._mp = monkeypatch

    def __call__(self, name: str | None) -> None:
        from impp.store.users import USER_ENV

        if name is None:
            self._mp.delenv(USER_ENV, raising=False)
        else:
            self._mp.setenv(USER_ENV, name)


@pytest.fixture
def acting(monkeypatch: pytest.MonkeyPatch) -> Acting:
    """Set who acts; nobody at first."""
    act = Acting(monkeypatch)
    act(None)
    return act


@pytest.fixture
def people(store: Store, acting: Acting) -> dict[str, object]:
    """An administrator (``admin``) and :data:`PEOPLE`, added by them; nobody acts after."""
    from impp.store.users import add_user

    added: dict[str, object] = {"admin": add_user(store, "admin", ["admin"],
                                                  "strictly_confidential")}
    acting("admin")
    for name, (roles, clearance) in PEOPLE.items():
        added[name] = add_user(store, name, roles, clearance)
    acting(None)
    return added
