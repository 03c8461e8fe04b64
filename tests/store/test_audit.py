"""The audit log, revisions, baselines and decisions are append-only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import impp.store
import impp.store.repository
from impp.exceptions import StoreError
from impp.model import Plan
from impp.store import Store, audit_log, commit, decide, get_revision
from impp.store.models import IMMUTABLE_TABLES, AuditRow
from tests.store.conftest import Acting


@pytest.fixture
def filled(store: Store, carana_plan: Plan, people: object, acting: Acting) -> Store:
    """A store with a revision, a decision, a baseline and their audit entries."""
    doc = carana_plan.to_document()
    doc["process"]["outputs"] += ["first_draft_mission_plan", "draft_mission_budget", "sg_report"]
    acting("ana")
    commit(store, Plan.model_validate(doc), "ready", author="ana")
    acting("sg")
    decide(store, "carana", "sg_report_submitted", "sg")
    return store


def test_store_api_has_no_way_to_change_or_delete() -> None:
    names = [*dir(impp.store), *dir(impp.store.repository)]
    assert not [n for n in names if any(w in n.lower() for w in ("update", "delete", "remove",
                                                                 "edit", "purge"))]


@pytest.mark.parametrize("table", IMMUTABLE_TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET plan = 'other'", "DELETE FROM {t}"])
def test_database_refuses_changes(filled: Store, table: str, statement: str) -> None:
    before = audit_log(filled)
    with pytest.raises(DBAPIError, match="never changed or deleted"), \
            filled.engine.begin() as conn:
        conn.execute(text(statement.format(t=table)))
    assert audit_log(filled) == before
    assert get_revision(filled, "carana@sg_report_submitted").plan_object()


def test_changing_an_audit_row_through_the_orm_is_refused(filled: Store) -> None:
    first = audit_log(filled)[0].actor
    with pytest.raises(StoreError, match="never changed or deleted"), \
            filled.writing() as session:
        row = session.query(AuditRow).order_by(AuditRow.id).first()
        assert row is not None
        row.actor = "someone else"
    assert audit_log(filled)[0].actor == first != "someone else"


def test_truncate_refused_on_postgresql(filled: Store) -> None:
    if filled.dialect != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement")
    with pytest.raises(DBAPIError, match="never changed or deleted"), \
            filled.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
