"""Sessions and passwords: Argon2id, the upgrade of older hashes, expiry, signing out."""

from __future__ import annotations

import datetime as dt

import pytest

from impp.store import Store
from impp.store.models import SessionRow, UserRow
from impp.store.sessions import SignInError, session_of, sign_in, sign_out
from impp.store.users import _scrypt_hash
from tests.web.conftest import password


def test_a_session_is_kept_as_a_hash_and_ends_on_sign_out(web_store: Store) -> None:
    token, session = sign_in(web_store, "planner", password("planner"))
    assert session.user.name == "planner" and len(session.csrf) > 30
    with web_store.reading() as db:
        [row] = db.query(SessionRow).all()
        assert row.id_hash != token and token not in row.id_hash
    found = session_of(web_store, token)
    assert found is not None and found.user.name == "planner"
    sign_out(web_store, token)
    assert session_of(web_store, token) is None


def test_an_expired_session_signs_nobody_in(web_store: Store) -> None:
    token, _ = sign_in(web_store, "planner", password("planner"))
    with web_store.writing() as db:
        for row in db.query(SessionRow).all():
            row.expires = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert session_of(web_store, token) is None
    assert session_of(web_store, "") is None


def test_an_older_scrypt_password_signs_in_and_is_hashed_again(web_store: Store) -> None:
    with web_store.writing() as db:
        row = db.get(UserRow, "observer")
        assert row is not None
        row.password_hash = _scrypt_hash("an older password")
    with pytest.raises(SignInError):
        sign_in(web_store, "observer", password("observer"))
    sign_in(web_store, "observer", "an older password")
    with web_store.reading() as db:
        row = db.get(UserRow, "observer")
        assert row is not None and (row.password_hash or "").startswith("$argon2id$")
    sign_in(web_store, "observer", "an older password")  # and still signs in


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(web_store: Store) -> None:
    messages = set()
    for name, secret in (("nobody", "x" * 10), ("planner", "wrong password")):
        with pytest.raises(SignInError) as err:
            sign_in(web_store, name, secret)
        messages.add(str(err.value))
    assert len(messages) == 1
