"""Signing in to the web workspace: sessions, and a limit on guessing passwords.

A session is a random 256-bit id in the browser's cookie; the store keeps only
its SHA-256, the user, a CSRF token and when it expires (8 hours after
signing in, :data:`SESSION_HOURS`), so a stolen database does not sign anyone
in, and signing out (or an expired session) ends it everywhere, whichever
worker serves the next request.

Failed sign-ins are written to the audit log (``impp.user.login-failed``);
after :data:`MAX_FAILURES` of them for one user name within
:data:`LOCKOUT_MINUTES`, further attempts are refused without checking the
password until the window has passed. The count lives in the store, so it
holds across workers and restarts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from impp.exceptions import StoreError
from impp.store.engine import Store
from impp.store.models import AuditRow, SessionRow, UserRow
from impp.store.repository import audit, now, writing
from impp.store.users import User, _user, check_password, hash_password, needs_rehash

#: How long a session lasts after signing in.
SESSION_HOURS = 8
#: Failed sign-ins for one user name before a lockout ...
MAX_FAILURES = 5
#: ... counted over this many minutes.
LOCKOUT_MINUTES = 15


class SignInError(StoreError):
    """Signing in failed: unknown user, wrong password, or too many attempts."""


@dataclass(frozen=True)
class Session:
    """A signed-in user and the session's CSRF token."""

    user: User
    csrf: str
    expires: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign_in(store: Store, name: str, password: str, client: str = "") -> tuple[str, Session]:
    """Check ``name``'s password and open a session: its cookie value and the session.

    Raises :class:`SignInError` (after auditing it) for an unknown user, a
    wrong password, a user without a password, or a user locked out by too
    many failures; the message never says which, so that it cannot be used
    to find user names.
    """
    time = now()
    since = time - dt.timedelta(minutes=LOCKOUT_MINUTES)
    token = secrets.token_urlsafe(32)
    opened: Session | None = None
    locked = False
    # the refusals are written to the audit log in the same transaction: raise after it
    with writing(store) as session:
        failures = int(session.scalar(
            select(func.count()).select_from(AuditRow).where(
                AuditRow.action == "impp.user.login-failed", AuditRow.actor == name,
                AuditRow.time >= since)) or 0)
        row = session.get(UserRow, name)
        if failures >= MAX_FAILURES:
            locked = True
            audit(session, "impp.user.login-refused", name, None, None, client=client,
                  reason=f"{failures} failed sign-ins in {LOCKOUT_MINUTES} minutes")
        elif row is None or row.password_hash is None or not check_password(
                password, row.password_hash):
            audit(session, "impp.user.login-failed", name, None, None, client=client)
        else:
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            csrf = secrets.token_urlsafe(32)
            expires = time + dt.timedelta(hours=SESSION_HOURS)
            session.add(SessionRow(id_hash=_hash(token), user=name, csrf=csrf, created=time,
                                   expires=expires))
            audit(session, "impp.user.login", name, None, None, client=client)
            opened = Session(_user(row), csrf, expires)
    if locked:
        raise SignInError(
            f"too many failed sign-ins for this user: try again in {LOCKOUT_MINUTES} minutes, "
            "or ask an administrator")
    if opened is None:
        raise SignInError("the user name or the password is not right")
    return token, opened


def session_of(store: Store, token: str) -> Session | None:
    """The live session whose cookie value is ``token``, or ``None``."""
    if not token:
        return None
    with store.reading() as session:
        row = session.get(SessionRow, _hash(token))
        if row is None or _utc(row.expires) <= now():
            return None
        user = session.get(UserRow, row.user)
        if user is None:
            return None
        return Session(_user(user), row.csrf, _utc(row.expires))


def sign_out(store: Store, token: str) -> None:
    """End the session (and every expired one)."""
    with writing(store) as session:
        row = session.get(SessionRow, _hash(token))
        if row is not None:
            audit(session, "impp.user.logout", row.user, None, None)
            session.delete(row)
        session.execute(delete(SessionRow).where(SessionRow.expires <= now()))


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


__all__ = ["LOCKOUT_MINUTES", "MAX_FAILURES", "SESSION_HOURS", "Session", "SignInError",
           "session_of", "sign_in", "sign_out"]
