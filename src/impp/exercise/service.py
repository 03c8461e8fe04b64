"""Exercises in the store: created, clocked, injected, read back.

An exercise named NAME keeps each syndicate's plan as ``NAME-SYNDICATE`` and
the directing staff's solution as ``NAME-solution``: plans like any other
(revisions, merges, decisions, clearance), opened only as
:mod:`impp.store.access` says. An inject is delivered to a syndicate once:
its effect, the revision it makes (authored by ``exercise-control``) and
the record of its delivery are written in one transaction, and the
record's key (exercise, inject, syndicate) refuses a second one, so a retry,
a second directing-staff member pressing the button or a restarted server
never applies it twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from impp.exceptions import ExerciseError, PlanFileError, StoreError
from impp.exercise.effects import apply
from impp.exercise.loader import LoadedExercise
from impp.exercise.metrics import metric
from impp.exercise.model import Condition, Exercise, Inject
from impp.store.engine import Store
from impp.store.models import (
    ClockRow,
    DeliveryRow,
    ExerciseRow,
    MemberRow,
    PlanRow,
    RevisionRow,
    SyndicateRow,
)
from impp.store.repository import Revision, audit, commit_in, now, writing

#: The author of the revisions an inject makes.
CONTROL = "exercise-control"

#: A syndicate's newest summary (``impp.plan/1``) by plan name, or ``None`` while it
#: is being computed (the workspace's background analysis).
SummaryOf = Callable[[str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class StoredExercise:
    """An exercise as the store holds it."""

    name: str
    exercise: Exercise
    solution_plan: str
    #: Syndicate id -> its plan's name.
    plans: dict[str, str]
    #: User name -> the syndicate they play in.
    members: dict[str, str]
    created: dt.datetime
    created_by: str

    def plan_of(self, syndicate: str) -> str:
        """The plan of ``syndicate`` (raises ExerciseError for an unknown one)."""
        if syndicate not in self.plans:
            raise ExerciseError(f"exercise {self.name} has no syndicate {syndicate!r} "
                                f"(its syndicates: {', '.join(self.plans)})")
        return self.plans[syndicate]


@dataclass(frozen=True)
class Clock:
    """The game clock's settings, oldest first."""

    settings: tuple[tuple[dt.datetime, float, float], ...]

    def day_at(self, when: dt.datetime) -> float:
        """The game day at real time ``when`` (the setting in force then)."""
        current = self.settings[0]
        for setting in self.settings:
            if _utc(setting[0]) <= _utc(when):
                current = setting
        start, day, rate = current
        hours = max(0.0, (_utc(when) - _utc(start)).total_seconds() / 3600)
        return day + rate * hours

    def now(self) -> float:
        """The game day now."""
        return self.day_at(now())

    @property
    def rate(self) -> float:
        """Game days per real hour now (0: stepped)."""
        return self.settings[-1][2]


@dataclass(frozen=True)
class Delivery:
    """An inject delivered to a syndicate."""

    inject: str
    syndicate: str
    revision: str | None
    game_day: float
    time: dt.datetime
    actor: str
    applied: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    trigger: str | None = None
    #: False when it had been delivered already (this call changed nothing).
    new: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"inject": self.inject, "syndicate": self.syndicate, "revision": self.revision,
                "game_day": round(self.game_day, 2), "time": self.time.isoformat(),
                "actor": self.actor, "applied": list(self.applied),
                "skipped": list(self.skipped), "trigger": self.trigger}


@dataclass(frozen=True)
class Created:
    """What ``impp exercise new`` made."""

    exercise: StoredExercise
    #: Users created, with the one-time password each signs in with first.
    passwords: dict[str, str] = field(default_factory=dict)
    #: Users who were in the store already (enrolled, no new password).
    enrolled: tuple[str, ...] = ()


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


_GREEK = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
          "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
          "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu")


def resized(exercise: Exercise, count: int | None) -> Exercise:
    """The exercise with ``count`` syndicates: its own first, then more named like them
    (``delta``, with members ``delta-1`` ...), as many members as its first syndicate."""
    from impp.exercise.model import Syndicate

    if count is None or count == len(exercise.syndicates):
        return exercise
    if not 1 <= count <= len(_GREEK):
        raise ExerciseError(f"--syndicates {count}: an exercise has 1 to {len(_GREEK)} syndicates")
    kept = list(exercise.syndicates[:count])
    size = len(exercise.syndicates[0].members)
    taken = {s.id for s in kept}
    for word in _GREEK:
        if len(kept) >= count:
            break
        if word not in taken:
            kept.append(Syndicate(id=word, name=f"Syndicate {word.capitalize()}",
                                  members=tuple(f"{word}-{i}" for i in range(1, size + 1))))
    return exercise.model_copy(update={"syndicates": tuple(kept)})


def create(store: Store, name: str, loaded: LoadedExercise, *,
           syndicates: int | None = None) -> Created:
    """Create exercise ``name``: its people, each syndicate's plan, the solution's plan.

    In a store without people the first trainer becomes its administrator; in a
    store with people the acting user (``IMPP_USER``) must be an administrator.
    """
    from impp.store.users import User, acting_user, add_user, count_users, get_user

    exercise = resized(loaded.exercise, syndicates)
    _check_name(name)
    with store.reading() as session:
        if session.get(ExerciseRow, name) is not None:
            raise ExerciseError(f"there is already an exercise {name!r} in the store "
                                "(`impp exercise status NAME`); choose another name")
        taken = [p for p in [f"{name}-{s.id}" for s in exercise.syndicates]
                 + [f"{name}-solution"] if session.get(PlanRow, p) is not None]
    if taken:
        raise ExerciseError(f"the store already has plans named {', '.join(taken)}: choose "
                            "another exercise name")
    level = max((loaded.scenario.highest_sensitivity, loaded.solution.highest_sensitivity),
                key=lambda s: s.rank).value
    actor: User | None = acting_user(store, required="create an exercise")
    passwords: dict[str, str] = {}
    enrolled: list[str] = []
    people = [(t, ("trainer",)) for t in exercise.trainers] + [
        (m, ("member",)) for s in exercise.syndicates for m in s.members]
    if actor is None and not count_users(store):
        first = exercise.trainers[0]
        passwords[first] = secrets.token_urlsafe(9)
        actor = add_user(store, first, ("admin", "trainer"), "strictly_confidential",
                         password=passwords[first])
        people = people[1:]
    for person, roles in people:
        if get_user(store, person) is not None:
            enrolled.append(person)
            continue
        passwords[person] = secrets.token_urlsafe(9)
        clearance = "strictly_confidential" if "trainer" in roles else level
        add_user(store, person, roles, clearance, password=passwords[person], expired=True,
                 actor=actor)
    by = actor.name if actor is not None else CONTROL
    with writing(store) as session:
        time = now()
        solution = f"{name}-solution"
        commit_in(session, store, loaded.solution,
                  f"Directing staff's solution of exercise {name}", author=CONTROL,
                  parent=None, name=solution, time=time)
        session.add(ExerciseRow(name=name, document=exercise.model_dump(mode="json"),
                                solution_plan=solution, created=time, created_by=by))
        session.flush()
        for s in exercise.syndicates:
            plan = f"{name}-{s.id}"
            commit_in(session, store, loaded.scenario,
                      f"Scenario handed out to {s.name} (exercise {name})", author=CONTROL,
                      parent=None, name=plan, time=time)
            session.add(SyndicateRow(exercise=name, syndicate=s.id, name=s.name, plan=plan))
            for member in s.members:
                session.add(MemberRow(exercise=name, user=member, syndicate=s.id))
        session.add(ClockRow(exercise=name, time=time, game_day=exercise.clock.start_day,
                             rate=exercise.clock.rate, actor=by))
        audit(session, "impp.exercise.created", by, None, None, exercise=name,
              syndicates=[s.id for s in exercise.syndicates], injects=len(exercise.injects),
              source=loaded.file)
    return Created(get(store, name), passwords, tuple(enrolled))


def _check_name(name: str) -> None:
    import re

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", name) or len(name) > 100:
        raise ExerciseError(f"cannot name an exercise {name!r}: start with a letter, then "
                            "letters, digits, '_' or '-' (at most 100): its syndicates' plans "
                            "are named after it")


def names(store: Store) -> list[str]:
    """Every exercise of the store, by name."""
    with store.reading() as session:
        return list(session.scalars(select(ExerciseRow.name).order_by(ExerciseRow.name)))


def get(store: Store, name: str) -> StoredExercise:
    """Exercise ``name`` (raises ExerciseError when there is none).

    An exercise, its syndicates and members never change once created: each open
    store reads one once."""
    kept: dict[str, StoredExercise] = store.__dict__.setdefault("_exercises", {})
    if name in kept:
        return kept[name]
    found = _read(store, name)
    kept[name] = found
    return found


def _read(store: Store, name: str) -> StoredExercise:
    with store.reading() as session:
        row = session.get(ExerciseRow, name)
        if row is None:
            known = names(store)
            raise ExerciseError(f"no exercise {name!r} in the store"
                                + (f" (it has: {', '.join(known)})" if known else
                                   ": create one with `impp exercise new NAME --from carana`"))
        plans = {r.syndicate: r.plan for r in session.scalars(
            select(SyndicateRow).where(SyndicateRow.exercise == name))}
        members = {r.user: r.syndicate for r in session.scalars(
            select(MemberRow).where(MemberRow.exercise == name))}
        exercise = Exercise.model_validate(row.document)
        order = [s.id for s in exercise.syndicates]
        return StoredExercise(name, exercise, row.solution_plan,
                              {k: plans[k] for k in order if k in plans}, members,
                              row.created, row.created_by)


def clock(store: Store, name: str) -> Clock:
    """The game clock of exercise ``name``."""
    with store.reading() as session:
        rows = session.scalars(select(ClockRow).where(ClockRow.exercise == name)
                               .order_by(ClockRow.id)).all()
        if not rows:
            raise ExerciseError(f"no exercise {name!r} in the store")
        return Clock(tuple((r.time, r.game_day, r.rate) for r in rows))


def advance(store: Store, name: str, *, to_day: float | None = None,
            by_days: float | None = None, actor: str) -> float:
    """Set the game clock of ``name`` to ``to_day`` (or ``by_days`` on); the game day set."""
    current = clock(store, name)
    day = current.now()
    target = to_day if to_day is not None else day + (by_days or 0)
    if target < day - 1e-9:
        raise ExerciseError(f"the game clock stands at day {day:g}: it does not go back "
                            f"(to {target:g}); what happened stays on record")
    with writing(store) as session:
        session.add(ClockRow(exercise=name, time=now(), game_day=target, rate=current.rate,
                             actor=actor))
        audit(session, "impp.exercise.clock", actor, None, None, exercise=name,
              game_day=target)
    return target


def deliveries(store: Store, name: str) -> list[Delivery]:
    """Every inject delivered in exercise ``name``, in the order delivered."""
    with store.reading() as session:
        rows = session.scalars(select(DeliveryRow).where(DeliveryRow.exercise == name)
                               .order_by(DeliveryRow.time, DeliveryRow.inject)).all()
        return [_delivery(r) for r in rows]


def _delivery(r: DeliveryRow, new: bool = False) -> Delivery:
    data = dict(r.data or {})
    return Delivery(r.inject, r.syndicate, r.revision, r.game_day, _utc(r.time), r.actor,
                    tuple(data.get("applied", ())), tuple(data.get("skipped", ())),
                    data.get("trigger"), new)


def deliver(store: Store, name: str, inject_id: str, *, actor: str,
            syndicates: list[str] | None = None, trigger: str | None = None
            ) -> list[Delivery]:
    """Deliver inject ``inject_id`` now to ``syndicates`` (default: every one).

    To each syndicate at most once: a syndicate that has it already gets nothing
    new (its record comes back with ``new=False``).
    """
    stored = get(store, name)
    inject = stored.exercise.inject(inject_id)
    if inject is None:
        raise ExerciseError(f"exercise {name} has no inject {inject_id!r} (its MSEL: "
                            f"{', '.join(i.id for i in stored.exercise.injects)})")
    day = clock(store, name).now()
    out = []
    for syndicate in syndicates or list(stored.plans):
        out.append(_deliver_one(store, stored, inject, syndicate, day, actor, trigger))
    return out


def _deliver_one(store: Store, stored: StoredExercise, inject: Inject, syndicate: str,
                 day: float, actor: str, trigger: str | None) -> Delivery:
    from impp.io.yaml_io import load_plan_document

    plan_name = stored.plan_of(syndicate)
    key = (stored.name, inject.id, syndicate)
    try:
        with writing(store) as session:
            plan_row = session.scalars(select(PlanRow).where(PlanRow.name == plan_name)
                                       .with_for_update()).one()
            found = session.get(DeliveryRow, key)
            if found is not None:
                return _delivery(found)
            head = session.get(RevisionRow, plan_row.head)
            assert head is not None
            document, applied, skipped = apply(Revision.of(head).document, inject.effect)
            revision = None
            if applied:
                try:
                    plan = load_plan_document(document, f"{plan_name} after {inject.id}")
                except PlanFileError as exc:
                    skipped = [*skipped, "the plan would no longer be valid ("
                               + "; ".join(p.message for p in exc.problems[:3]) + "): "
                               "nothing was changed"]
                    applied = []
                else:
                    rev, _ = commit_in(session, store, plan,
                                       f"Inject {inject.id}: {inject.name}", author=CONTROL,
                                       parent=head.id, name=plan_name)
                    revision = rev.id
            row = DeliveryRow(exercise=stored.name, inject=inject.id, syndicate=syndicate,
                              revision=revision, game_day=day, time=now(), actor=actor,
                              data={"applied": applied, "skipped": skipped,
                                    "trigger": trigger})
            session.add(row)
            audit(session, "impp.exercise.inject", actor, plan_name, revision,
                  exercise=stored.name, inject=inject.id, game_day=round(day, 2),
                  applied=applied, skipped=skipped, trigger=trigger)
            session.flush()
            return _delivery(row, new=True)
    except StoreError as exc:
        if not isinstance(exc.__cause__, IntegrityError):
            raise
    with store.reading() as session:  # another deliverer won the race: theirs stands
        won = session.get(DeliveryRow, key)
        if won is None:
            raise ExerciseError(f"inject {inject.id} could not be delivered to {syndicate}: "
                                "the plan changed meanwhile; try again")
        return _delivery(won)


def due(stored: StoredExercise, day: float, delivered: set[tuple[str, str]],
        summary_of: SummaryOf | None) -> list[tuple[Inject, str, str]]:
    """The injects due now: (inject, syndicate, why) for each not yet delivered whose game
    day has come or whose trigger holds on the syndicate's newest analysis."""
    out = []
    known: dict[str, dict[str, Any] | None] = {}
    for inject in stored.exercise.injects:
        for syndicate, plan in stored.plans.items():
            if (inject.id, syndicate) in delivered:
                continue
            if inject.at_day is not None and inject.at_day <= day + 1e-9:
                out.append((inject, syndicate, f"game day {inject.at_day:g}"))
            elif inject.when is not None and summary_of is not None:
                if plan not in known:
                    known[plan] = summary_of(plan)
                summary = known[plan]
                if summary is not None and holds(inject.when, summary):
                    value = metric(summary, inject.when.metric)
                    out.append((inject, syndicate,
                                f"{inject.when.text()} (it is {value:g})"))
    return out


def holds(condition: Condition, summary: dict[str, Any]) -> bool:
    """True when ``condition`` holds on ``summary`` (a missing figure: it does not)."""
    value = metric(summary, condition.metric)
    return value is not None and condition.holds(value)


def tick(store: Store, name: str, *, summary_of: SummaryOf | None = None,
         actor: str = "exercise-clock") -> list[Delivery]:
    """Deliver every inject that is due in exercise ``name``: those whose game day has
    come, then those whose trigger holds on a syndicate's newest analysis (read after
    the first, so a trigger sees what they changed; when ``summary_of`` gives one).
    What was delivered now."""
    stored = get(store, name)
    day = clock(store, name).now()
    out: list[Delivery] = []
    for by_trigger in (False, True):
        if by_trigger and summary_of is None:
            break
        done = {(d.inject, d.syndicate) for d in deliveries(store, name)}
        for inject, syndicate, why in due(stored, day, done,
                                          summary_of if by_trigger else None):
            if by_trigger and inject.when is None:
                continue  # came by game day, in the first round
            delivery = _deliver_one(store, stored, inject, syndicate, day, actor, why)
            if delivery.new:
                out.append(delivery)
    return out


def member_of(store: Store, user: str) -> list[tuple[str, str]]:
    """(exercise, syndicate) of each exercise ``user`` plays in."""
    with store.reading() as session:
        return [(r.exercise, r.syndicate) for r in session.scalars(
            select(MemberRow).where(MemberRow.user == user))]
