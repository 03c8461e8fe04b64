"""Lowering a marking is on record, and a new password ends the person's other sessions."""

from __future__ import annotations

import pytest

from impp.io import load_plan
from impp.io.yaml_io import load_plan_document
from impp.scenarios import carana_path
from impp.store import Store, audit_log, commit, head
from impp.store.sessions import session_of, sign_in
from impp.store.users import add_user, set_password


def marked(level: str) -> object:
    doc = load_plan(carana_path()).to_document()
    for t in doc["tasks"]:
        if t["id"] == "ddr_programme":
            t["sensitivity"] = level
    return load_plan_document(doc, "carana.yaml")


def test_a_declassification_is_an_audited_action(store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    add_user(store, "root", ["admin"], "strictly_confidential")
    monkeypatch.setenv("IMPP_USER", "root")
    first = commit(store, marked("strictly_confidential"), "Marked")  # type: ignore[arg-type]
    commit(store, marked("unclassified"), "Declassified", parent=first.id)  # type: ignore[arg-type]
    [entry] = [e for e in audit_log(store, "carana") if e.action == "impp.item.declassified"]
    assert entry.actor == "root" and entry.revision == head(store, "carana").id
    assert entry.data == {"item": "ddr_programme", "before": "strictly_confidential",
                          "after": "unclassified"}


def test_a_new_password_ends_the_other_sessions(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    add_user(store, "root", ["admin"], "strictly_confidential", password="old password")
    laptop, _ = sign_in(store, "root", "old password")
    office, _ = sign_in(store, "root", "old password")
    user = session_of(store, office)
    assert user is not None
    set_password(store, "root", "new password!", current="old password", actor=user.user,
                 keep_session=office)
    assert session_of(store, laptop) is None  # left signed in elsewhere: ended
    assert session_of(store, office) is not None  # where the change was made: goes on
    [entry] = [e for e in audit_log(store) if e.action == "impp.user.password-set"]
    assert entry.data["sessions_ended"] == 1
