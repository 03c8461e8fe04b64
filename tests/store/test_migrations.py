"""The schema: created by the shipped migrations, matching the models; opening a store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from impp.exceptions import StoreError
from impp.store import Store, init_store, open_store, store_url
from impp.store.engine import head_version, schema_version
from impp.store.models import Base


def test_migrations_create_exactly_the_models_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    if store.dialect == "postgresql":
        # the one difference on purpose: observations' plan is checked by
        # triggers there (migration 0007; the tests below hold them to it)
        assert [(d[0], d[1].name) for d in differences] == [
            ("add_fk", "fk_observations_plan_plans")]
    else:
        assert differences == []
    assert schema_version(store) == head_version()


_OBSERVATION = ("INSERT INTO observations (plan, indicator, period, period_start, period_end, "
                "dims, ndims, value, status, entered_by, entered) VALUES (:plan, 'i', "
                "'2027Q1', '2027-01-01', '2027-03-31', :dims, 0, 1, 'entered', 'x', "
                "'2027-01-01 00:00:00')")


def _plan_row(conn: Any, name: str) -> None:
    conn.execute(text("INSERT INTO plans (name, created) VALUES (:n, '2027-01-01 00:00:00')"),
                 {"n": name})


def test_an_observation_names_a_plan_that_is_there(store: Store) -> None:
    with store.engine.begin() as conn:
        _plan_row(conn, "kept")
        conn.execute(text(_OBSERVATION), [{"plan": "kept", "dims": "a"},
                                          {"plan": "kept", "dims": "b"}])
    for statement, values in (
            (_OBSERVATION, {"plan": "nowhere", "dims": "c"}),
            ("UPDATE observations SET plan = 'nowhere' WHERE dims = 'a'", {}),
            ("DELETE FROM plans WHERE name = 'kept'", {}),
            ("UPDATE plans SET name = 'renamed' WHERE name = 'kept'", {})):
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text(statement), values)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM observations WHERE plan = 'kept'")
                            ).scalar() == 2
        _plan_row(conn, "unobserved")  # a plan nothing names goes as before
        conn.execute(text("DELETE FROM plans WHERE name = 'unobserved'"))


def test_init_is_idempotent_and_keeps_revisions(store_url: str, store: Store) -> None:
    from impp.model import Mission, Plan
    from impp.store import commit, log

    commit(store, Plan(mission=Mission(id="m", name="M")), "first", author="ana")
    again = init_store(store_url)
    try:
        assert [r.message for r in log(again, "m")] == ["first"]
    finally:
        again.close()


def test_sqlite_is_durable_wal_with_full_sync(tmp_path: Path) -> None:
    store = init_store(tmp_path / "impp.db")
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()


def test_opening_a_missing_store_says_to_init(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*missing.db: run `impp store init`"):
        open_store(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_opening_a_foreign_database_says_to_init(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).close()
    needs = head_version()
    with pytest.raises(StoreError, match=rf"has no impp schema, this impp needs {needs}: run "
                                         r"`impp store init`"):
        open_store(path)


@pytest.mark.parametrize(("location", "expected"), [
    ("mysql://db/impp", "unsupported store 'mysql://db/impp'"),
    ("sqlite://", "unsupported store 'sqlite://'"),
    ("postgresql://planner@127.0.0.1:1/impp",
     "cannot open the store at postgresql://planner@127.0.0.1:1/impp: "),
    ("   ", "the store location is empty"),
])
def test_bad_store_locations(location: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected.replace("(", r"\(")):
        open_store(location)


def test_create_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"folder .*nowhere does not exist"):
        init_store(tmp_path / "nowhere" / "impp.db")


def test_environment_names_the_default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPP_DATABASE_URL", "postgresql://me@db/impp")
    assert store_url().render_as_string() == "postgresql+psycopg://me@db/impp"
    monkeypatch.delenv("IMPP_DATABASE_URL")
    assert store_url().database == "impp.db"


def test_the_head_read_from_the_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from impp.store.engine import _alembic_config, head_version

    config = _alembic_config(None)  # type: ignore[arg-type]
    assert head_version() == ScriptDirectory.from_config(config).get_current_head()
