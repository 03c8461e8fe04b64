"""People, roles and clearances: who may add people, commit and decide."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from impp.exceptions import StoreError
from impp.model import Plan
from impp.store import Store, audit_log, commit, decide
from impp.store.users import (
    PermissionDeniedError,
    add_user,
    check_password,
    issue_token,
    list_users,
    user_of_token,
)
from tests.store.conftest import Acting


def test_the_first_user_is_an_administrator(store: Store, acting: Acting) -> None:
    with pytest.raises(PermissionDeniedError, match="the first one must be an administrator"):
        add_user(store, "ana", ["member"], "confidential")
    add_user(store, "root", ["admin"], "strictly_confidential")
    # Now nobody may add people without saying who they are, and only an admin may.
    with pytest.raises(PermissionDeniedError, match="only an administrator adds people"):
        acting("root")
        add_user(store, "ana", ["member"], "confidential")
        acting("ana")
        add_user(store, "eve", ["admin"], "strictly_confidential")
    assert [u.name for u in list_users(store)] == ["ana", "root"]
    assert [e.action for e in audit_log(store)] == ["impp.user.added", "impp.user.added"]
    assert audit_log(store)[1].actor == "root"


@pytest.mark.parametrize(("name", "roles", "clearance", "expected"), [
    ("9lives", ["member"], "confidential", "cannot name a user '9lives'"),
    ("ana", ["king"], "confidential", "unknown role 'king'"),
    ("ana", [], "confidential", "give at least one role"),
    ("ana", ["member"], "secret", "unknown clearance 'secret'"),
])
def test_bad_users_are_refused(store: Store, people: object, acting: Acting, name: str,
                               roles: list[str], clearance: str, expected: str) -> None:
    acting("admin")
    with pytest.raises(StoreError, match=expected):
        add_user(store, name, roles, clearance)


def test_passwords_and_tokens_are_kept_as_hashes(store: Store, people: object,
                                                 acting: Acting) -> None:
    acting("admin")
    add_user(store, "pat", ["member"], "unclassified", password="long enough")
    acting("pat")
    token = issue_token(store, "pat")
    with pytest.raises(PermissionDeniedError, match="for themself only"):
        issue_token(store, "ana")
    from sqlalchemy import text

    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash, token_hash FROM users "
                                   "WHERE name = 'pat'")).one()
    assert "long enough" not in stored[0] and token not in stored[1]
    assert check_password("long enough", stored[0]) and not check_password("long enougH",
                                                                            stored[0])
    found = user_of_token(store, token)
    assert found is not None and found.name == "pat"
    assert user_of_token(store, token + "x") is None


def test_observers_read_but_do_not_commit(store: Store, carana_plan: Plan, people: object,
                                          acting: Acting) -> None:
    with pytest.raises(PermissionDeniedError, match="set IMPP_USER"):
        commit(store, carana_plan, "nobody says who")
    acting("olga")
    with pytest.raises(PermissionDeniedError, match="may not commit plans"):
        commit(store, carana_plan, "observer edit")
    acting("ana")
    with pytest.raises(PermissionDeniedError, match="not 'mallory'"):
        commit(store, carana_plan, "signed as someone else", author="mallory")
    assert commit(store, carana_plan, "mine").author == "ana"


def test_a_decision_needs_a_person_with_the_role(store: Store, carana_plan: Plan,
                                                 acting: Acting) -> None:
    commit(store, carana_plan, "single planner, no users", author="ana")
    with pytest.raises(PermissionDeniedError, match="the store has no users"):
        decide(store, "carana", "sg_report_submitted", "sg")
    assert audit_log(store, "carana")[-1].action == "impp.decision.refused"


def test_user_commands_never_prompt(tmp_path: Path) -> None:
    db = str(tmp_path / "impp.db")
    impp = [sys.executable, "-m", "impp"]
    subprocess.run([*impp, "store", "init", "--store", db], check=True, capture_output=True)
    added = subprocess.run(
        [*impp, "user", "add", "root", "--role", "admin", "--clearance",
         "strictly_confidential", "--password-stdin", "--store", db],
        input="correct horse battery\n", capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    token = subprocess.run([*impp, "user", "token", "root", "--store", db],
                           env={**os.environ, "IMPP_USER": "root"},
                           capture_output=True, text=True, timeout=120)
    assert token.returncode == 0, token.stderr
    last = token.stdout.split()[-1]
    assert len(last) >= 40
    listed = subprocess.run([*impp, "user", "list", "--store", db, "--format", "json"],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    assert '"password": true' in listed and '"token": true' in listed and last not in listed
