"""Which plans a person may open at all: the rule of training exercises.

Clearance decides what of a plan a reader sees; this decides whether they
see the plan. Outside exercises everyone opens every plan. In an exercise:

- a syndicate member opens their syndicate's plan and no other plan of the
  store (not another syndicate's, not the directing staff's solution, not
  the plans of real work kept beside the exercise);
- the solution is opened by trainers and administrators only;
- trainers and administrators open everything.

A plan a person may not open is answered as if it did not exist (404 in the
workspace and the API), so that its name says nothing either.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from impp.store.engine import Store
from impp.store.models import ExerciseRow, MemberRow, SyndicateRow

#: Roles that open every plan of the store, exercises' included.
OVERSEERS = frozenset({"admin", "trainer"})


def _restrictions(store: Store, user_name: str) -> tuple[set[str] | None, set[str]]:
    """The plans ``user_name`` is confined to (``None``: not a syndicate member) and the
    plans no player opens (syndicates' plans and solutions)."""
    with store.reading() as session:
        return restrictions_in(session, user_name)


def restrictions_in(session: Session, user_name: str) -> tuple[set[str] | None, set[str]]:
    """:func:`_restrictions` inside an open transaction."""
    mine = session.scalars(
        select(SyndicateRow.plan).join(
            MemberRow, (MemberRow.exercise == SyndicateRow.exercise)
            & (MemberRow.syndicate == SyndicateRow.syndicate))
        .where(MemberRow.user == user_name)).all()
    closed = set(session.scalars(select(SyndicateRow.plan)).all())
    closed |= set(session.scalars(select(ExerciseRow.solution_plan)).all())
    member = session.scalars(select(MemberRow.exercise)
                             .where(MemberRow.user == user_name)).first()
    return (set(mine) if member is not None else None), closed


def allowed_in(session: Session, user: Any, plans: list[str]) -> list[str]:
    """The plans of ``plans`` that ``user`` may open, read inside ``session``."""
    if user is None or OVERSEERS & set(user.roles):
        return plans
    confined, closed = restrictions_in(session, user.name)
    if confined is not None:
        return [p for p in plans if p in confined]
    return [p for p in plans if p not in closed]


def may_open(store: Store, user: Any, plan: str) -> bool:
    """True when ``user`` (a :class:`~impp.store.users.User`, or ``None`` in a store
    without people) may open ``plan``."""
    if user is None or OVERSEERS & set(user.roles):
        return True
    confined, closed = _restrictions(store, user.name)
    if confined is not None:
        return plan in confined
    return plan not in closed


def openable(store: Store, user: Any, plans: list[str]) -> list[str]:
    """The plans of ``plans`` that ``user`` may open, in order."""
    if user is None or OVERSEERS & set(user.roles):
        return plans
    with store.reading() as session:
        return allowed_in(session, user, plans)


def confined_to(store: Store, user: Any) -> set[str] | None:
    """The plans a syndicate member is confined to (``None``: not a member)."""
    if user is None or OVERSEERS & set(user.roles):
        return None
    return _restrictions(store, user.name)[0]
