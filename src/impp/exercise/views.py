"""What a syndicate reads of its exercise: the injects delivered to it, nothing else."""

from __future__ import annotations

from typing import Any

from impp.exercise import service
from impp.store.engine import Store


def syndicate_of(store: Store, name: str, user: Any) -> str | None:
    """The syndicate ``user`` plays in, in exercise ``name`` (``None``: they do not)."""
    if user is None:
        return None
    return next((s for e, s in service.member_of(store, user.name) if e == name), None)


def messages(store: Store, name: str, user: Any) -> list[dict[str, Any]]:
    """The messages of the injects delivered in exercise ``name`` that ``user`` may read:
    their syndicate's (a member), every one (a trainer, an administrator, or anyone in a
    store without people). Raises ExerciseError for someone outside the exercise."""
    from impp.exceptions import ExerciseError
    from impp.store.access import OVERSEERS

    stored = service.get(store, name)
    mine = syndicate_of(store, name, user)
    if user is not None and mine is None and not OVERSEERS & set(user.roles):
        raise ExerciseError(f"{user.name} does not play in exercise {name}")
    out = []
    for d in service.deliveries(store, name):
        if mine is not None and d.syndicate != mine:
            continue
        inject = stored.exercise.inject(d.inject)
        if inject is None:
            continue
        out.append({"inject": d.inject, "syndicate": d.syndicate, "name": inject.name,
                    "sender": inject.sender, "means": inject.means, "message": inject.message,
                    "game_day": round(d.game_day, 2), "revision": d.revision,
                    "applied": list(d.applied)})
    return out
