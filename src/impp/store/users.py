"""People in the store: roles, clearances, passwords and API tokens.

Who acts is the user ``IMPP_USER`` names (the web workspace will take it
from its session); what they may do follows from their roles:

=============  ====================================================================
role           may
=============  ====================================================================
``admin``      add people and issue tokens (``impp user``)
``chair``      commit revisions; chairs the task force (IMPP guidelines §C)
``member``     commit revisions (a planner of the IMTF or the IMPT)
``sg``         take the Secretary-General's decision points
``usg``        take the Under-Secretary-General's (the process role ``usg_dpko``)
``srsg``       take the SRSG's (adopting the Mission Plan)
``observer``   read, at their clearance
``trainer``    commit revisions of exercise plans (training centres)
=============  ====================================================================

Everyone reads plan content at their clearance (``unclassified``,
``confidential``, ``strictly_confidential``) and no higher. A store without
users keeps working for reading and committing by one planner (the author
is ``IMPP_AUTHOR`` or the login name), but takes no decision: a decision
needs a person who holds the decider's role. The first user added must be an
administrator; after that only an administrator adds people.

Passwords are kept as Argon2id hashes (argon2-cffi, with its random salt and
cost parameters in the stored string); a password stored by an earlier
version as an scrypt hash still signs in, and is hashed again with Argon2id
when it does. Tokens are 256 random bits, printed once and kept as their
SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from impp.exceptions import StoreError
from impp.model import Sensitivity
from impp.store.engine import Store
from impp.store.models import UserRow
from impp.store.repository import audit, now, writing

#: The environment variable naming the acting user.
USER_ENV = "IMPP_USER"
#: Role ids, in the order ``impp user list`` shows them.
ROLES = ("admin", "chair", "member", "sg", "usg", "srsg", "observer", "trainer")
#: Roles that may commit a revision.
EDITORS = frozenset({"admin", "chair", "member", "trainer"})
#: The user role that holds each decider role of the IMPP catalogue.
DECIDERS = {"sg": "sg", "usg_dpko": "usg", "srsg": "srsg", "imtf_chair": "chair"}
#: The scrypt cost of hashes stored by earlier versions (still accepted).
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class PermissionDeniedError(StoreError):
    """The acting user may not do this (role or clearance)."""


@dataclass(frozen=True)
class User:
    """A person who works on plans."""

    name: str
    roles: tuple[str, ...]
    clearance: Sensitivity
    has_password: bool
    has_token: bool
    created: dt.datetime
    created_by: str
    #: The body the person works for (a mission component, an agency), if any.
    body: str | None = None
    #: The password was set by someone else: it must be changed at the next sign-in.
    password_expired: bool = False

    def holds(self, role: str) -> bool:
        """True when the user has ``role``."""
        return role in self.roles

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (never a hash)."""
        return {"name": self.name, "roles": list(self.roles),
                "clearance": self.clearance.value, "password": self.has_password,
                "token": self.has_token, "created": self.created.isoformat(),
                "created_by": self.created_by, "body": self.body}


def _user(row: UserRow) -> User:
    return User(row.name, tuple(row.roles), Sensitivity(row.clearance),
                row.password_hash is not None, row.token_hash is not None, row.created,
                row.created_by, row.body, bool(row.password_expired))


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` with a fresh salt, as one string.

    >>> h = hash_password("correct horse")
    >>> h.startswith("$argon2id$"), check_password("correct horse", h)
    (True, True)
    >>> check_password("wrong", h)
    False
    """
    return str(_hasher().hash(password))


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the stored hash (Argon2id, or an older scrypt one).

    >>> check_password("correct horse", _scrypt_hash("correct horse"))
    True
    """
    if stored.startswith("$argon2"):
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(_hasher().verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32,
                               n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def needs_rehash(stored: str) -> bool:
    """True when the stored hash is not Argon2id with today's parameters."""
    return not stored.startswith("$argon2") or bool(_hasher().check_needs_rehash(stored))


def _scrypt_hash(password: str) -> str:
    """The scrypt hash earlier versions stored (for tests of the upgrade)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_name(name: str) -> None:
    if not name or len(name) > 120 or not all(c.isalnum() or c in "._-" for c in name) \
            or not name[0].isalpha():
        raise StoreError(
            f"cannot name a user {name!r}: a user name starts with a letter, then letters, "
            "digits, '.', '_' or '-' (at most 120)")


def parse_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Role ids, checked, in :data:`ROLES` order.

    >>> parse_roles(["srsg", "member", "srsg"])
    ('member', 'srsg')
    """
    given = [r.strip() for r in roles if r.strip()]
    unknown = [r for r in given if r not in ROLES]
    if unknown:
        raise StoreError(f"unknown role {unknown[0]!r}; roles are: {', '.join(ROLES)}")
    if not given:
        raise StoreError(f"give at least one role (--role), one of: {', '.join(ROLES)}")
    return tuple(r for r in ROLES if r in given)


def parse_clearance(value: str) -> Sensitivity:
    """A clearance from its id, or a clear error listing them."""
    try:
        return Sensitivity(value)
    except ValueError:
        names = ", ".join(s.value for s in Sensitivity)
        raise StoreError(f"unknown clearance {value!r}; use one of: {names}") from None


def count_users(store: Store) -> int:
    """How many people the store knows."""
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def get_user(store: Store, name: str) -> User | None:
    """The user called ``name``, or ``None``."""
    with store.reading() as session:
        row = session.get(UserRow, name)
        return _user(row) if row is not None else None


def list_users(store: Store) -> list[User]:
    """Everyone, by name."""
    with store.reading() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def acting_user(store: Store, *, required: str | None = None) -> User | None:
    """The user ``IMPP_USER`` names.

    ``None`` when the store has no users and none is named. ``required``
    (what the caller wants to do, for the message) makes a missing user an
    error; a named user the store does not know is always one.
    """
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        user = get_user(store, name)
        if user is None:
            raise PermissionDeniedError(
                f"{USER_ENV}={name} is not a user of the store at {store.where}: "
                "`impp user list` shows who is; an administrator adds people with "
                "`impp user add`")
        return user
    if required is not None and count_users(store):
        raise PermissionDeniedError(
            f"say who you are to {required}: set {USER_ENV} to your user name "
            "(`impp user list` shows them)")
    return None


def add_user(store: Store, name: str, roles: Iterable[str], clearance: str, *,
             password: str | None = None, body: str | None = None,
             expired: bool = False, actor: User | None = None) -> User:
    """Add a person. The first must be an administrator; later ones are added by one
    (``actor``, else the acting user)."""
    _check_name(name)
    role_ids = parse_roles(roles)
    level = parse_clearance(clearance)
    if password is not None and len(password) < 8:
        raise StoreError("a password has at least 8 characters")
    actor = actor if actor is not None else acting_user(store)
    if actor is None:
        if "admin" not in role_ids:
            raise PermissionDeniedError(
                "the store has no users yet: the first one must be an administrator "
                "(--role admin), who then adds the others")
        by = name
    else:
        if not actor.holds("admin"):
            raise PermissionDeniedError(
                f"{actor.name} is not an administrator: only an administrator adds people")
        by = actor.name
    with writing(store) as session:
        if session.get(UserRow, name) is not None:
            raise StoreError(f"there is already a user {name!r} (`impp user list`)")
        time = now()
        row = UserRow(name=name, roles=list(role_ids), clearance=level.value,
                      password_hash=hash_password(password) if password else None,
                      token_hash=None, created=time, created_by=by,
                      body=(body or "").strip() or None, password_expired=expired)
        session.add(row)
        audit(session, "impp.user.added", by, None, None, user=name, roles=list(role_ids),
              clearance=level.value, password=password is not None, body=row.body)
        session.flush()
        return _user(row)


def set_password(store: Store, name: str, password: str, *, current: str | None = None,
                 actor: User | None = None, keep_session: str | None = None) -> User:
    """Set ``name``'s password. By the person themself (``actor`` is them: the
    ``current`` password is checked when given) it stands; by an administrator
    for someone else it is for one sign-in (expired: changed at the next).

    Every other session of the person ends (one opened with the old password, on
    a machine left signed in, no longer holds); ``keep_session``: the cookie value
    of the session the change was made in, which goes on."""
    if len(password) < 8:
        raise StoreError("a password has at least 8 characters")
    who = actor if actor is not None else acting_user(store, required="set a password")
    with writing(store) as session:
        row = session.get(UserRow, name)
        if row is None:
            raise StoreError(f"no user {name!r} (`impp user list`)")
        own = who is None or who.name == name
        if not own and not (who is not None and who.holds("admin")):
            raise PermissionDeniedError(
                f"{who.name if who else 'nobody'} may set only their own password; an "
                "administrator sets another person's (for one sign-in)")
        if current is not None and (row.password_hash is None
                                    or not check_password(current, row.password_hash)):
            raise PermissionDeniedError("the current password is not right")
        if own and row.password_hash is not None and check_password(password, row.password_hash):
            raise StoreError("choose a new password, not the one to replace")
        row.password_hash = hash_password(password)
        row.password_expired = not own
        from sqlalchemy import delete

        from impp.store.models import SessionRow

        kept = hashlib.sha256(keep_session.encode("utf-8")).hexdigest() if keep_session else ""
        ended = getattr(session.execute(delete(SessionRow).where(
            SessionRow.user == name, SessionRow.id_hash != kept)), "rowcount", 0)
        audit(session, "impp.user.password-set", who.name if who else name, None, None,
              user=name, expired=not own, sessions_ended=int(ended or 0))
        session.flush()
        return _user(row)


def issue_token(store: Store, name: str) -> str:
    """A new API token for ``name`` (the old one stops working); printed once, kept hashed.

    The user themself or an administrator may ask for it.
    """
    actor = acting_user(store, required="issue a token")
    if actor is None:
        raise PermissionDeniedError(
            f"the store has no users: add an administrator first (`impp user add NAME "
            f"--role admin --clearance strictly_confidential`), then set {USER_ENV}")
    if actor.name != name and not actor.holds("admin"):
        raise PermissionDeniedError(
            f"{actor.name} may issue a token for themself only; an administrator issues "
            "tokens for others")
    token = secrets.token_urlsafe(32)
    with writing(store) as session:
        row = session.get(UserRow, name)
        if row is None:
            raise StoreError(f"no user {name!r} (`impp user list`)")
        row.token_hash = _token_hash(token)
        audit(session, "impp.user.token", actor.name, None, None, user=name)
    return token


def user_of_token(store: Store, token: str) -> User | None:
    """The user a token belongs to, or ``None`` (for the web workspace)."""
    with store.reading() as session:
        row = session.scalars(select(UserRow).where(
            UserRow.token_hash == _token_hash(token))).first()
        return _user(row) if row is not None else None


def authorise_decision(store: Store, role: str, user: User | None = None) -> User:
    """Who decides as process role ``role``: ``user``, else the acting user, who
    must hold the user role of ``role`` (a role the catalogue does not know is
    left to the decision's own checks to refuse)."""
    needed = DECIDERS.get(role, role)
    actor = user if user is not None else acting_user(store, required="take a decision")
    if actor is None:
        raise PermissionDeniedError(
            f"a decision is taken by a person who holds the decider's role ({needed}), and "
            "the store has no users: an administrator adds them first (`impp user add NAME "
            f"--role admin ...`, then `impp user add NAME --role {needed} ...`) and the "
            f"decider sets {USER_ENV}")
    if needed in ROLES and not actor.holds(needed):
        raise PermissionDeniedError(
            f"{actor.name} does not hold the role {needed!r} (roles: "
            f"{', '.join(actor.roles)}), so cannot decide as {role}")
    return actor


def authorise_write(store: Store, action: str, *, user: User | None = None,
                    roles: Iterable[str] = EDITORS,
                    level: Sensitivity = Sensitivity.unclassified) -> User | None:
    """The one rule every write goes through: who writes, in what role, at what level.

    In a store that has people, the writer is a person of the store (``user``,
    signed in, else the one ``IMPP_USER`` names: never the login name), holds
    one of ``roles`` and is cleared to ``level``, the highest marking of what
    is written. ``None`` when the store has no people yet (and nobody is
    named): anyone may write, as on a single planner's machine. ``action``
    says what is written, for the message. Raises
    :class:`PermissionDeniedError`.
    """
    actor = user if user is not None else acting_user(store, required=action)
    if actor is None:
        return None
    allowed = frozenset(roles)
    if not allowed & set(actor.roles):
        raise PermissionDeniedError(
            f"{actor.name} ({', '.join(actor.roles)}) may not {action}: that needs one of: "
            f"{', '.join(sorted(allowed))}")
    if level.rank > actor.clearance.rank:
        raise PermissionDeniedError(
            f"{actor.name} is cleared to {actor.clearance.value} and may not {action}: what "
            f"is written is marked {level.value}")
    return actor


def acting_clearance(store: Store, name: str) -> Sensitivity | None:
    """The clearance of the person ``name`` in a store with people (``None``: no such
    person, as in a store without people)."""
    user = get_user(store, name) if count_users(store) else None
    return user.clearance if user is not None else None


def authorise_commit(store: Store, user: User | None = None) -> User | None:
    """``user`` (else the acting user), who must hold a role that edits plans
    (``None``: no users yet); the level is checked item by item by the commit."""
    return authorise_write(store, "commit plans", user=user)
