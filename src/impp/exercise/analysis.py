"""An exercise's state and scores, computed once and shown by every view.

:func:`status` (game time, the MSEL and what fired, each syndicate's plan and
verdicts) and :func:`scores` (each syndicate's score, component by
component, and the solution's) are the typed analyses that ``impp exercise
status``/``score``, the directing staff's console, the syndicates' pages and
the after-action review render; none of them computes a figure of its own.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from impp.exercise import service
from impp.exercise.metrics import verdict_states
from impp.exercise.model import Exercise
from impp.exercise.scoring import Component, Response, components, responses_of, total
from impp.store.engine import Store
from impp.store.repository import Revision, get_revision, head, records_of

#: A revision's summary (``impp.plan/1``), or ``None`` while it is not computed.
RevisionSummary = Callable[[Revision], "dict[str, Any] | None"]


def stored_or_computed(store: Store, tell: Callable[[Revision], None] | None = None
                       ) -> RevisionSummary:
    """A revision's summary from the store, computed and kept there when it is not (the
    command line's way: it waits for the analysis); ``tell(rev)`` before computing."""
    def get(rev: Revision) -> dict[str, Any]:
        found = kept_summary(store, rev)
        if found is not None:
            return found
        if tell is not None:
            tell(rev)
        from impp.store.summaries import stored_summary

        return stored_summary(store, whole(store, rev).plan_object())

    return get


def whole(store: Store, rev: Revision) -> Revision:
    """``rev`` with its document (a record of :func:`~impp.store.repository.records` has
    none)."""
    return rev if rev.document else get_revision(store, f"{rev.plan}@{rev.id}")


def kept_summary(store: Store, rev: Revision) -> dict[str, Any] | None:
    """A revision's summary if the store keeps it (read by its content's key: the plan
    is not loaded)."""
    from impp.cache import analysis_key
    from impp.plan_analysis import Parameters
    from impp.store.models import SummaryRow

    key = analysis_key(rev.content_hash, Parameters().key())
    with store.reading() as session:
        row = session.get(SummaryRow, key)
        return dict(row.data) if row is not None else None


@dataclass(frozen=True)
class SyndicateStatus:
    """Where a syndicate stands."""

    id: str
    name: str
    plan: str
    members: tuple[str, ...]
    head: Revision
    #: Revisions its members made (exercise control's not counted).
    revisions: int
    #: Criteria and targets by state, from the newest revision's analysis (``None``:
    #: not analysed yet).
    verdicts: dict[str, int] | None
    delivered: tuple[service.Delivery, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"id": self.id, "name": self.name, "plan": self.plan,
                "members": list(self.members), "revision": self.head.id,
                "number": self.head.number, "author": self.head.author,
                "time": self.head.time.isoformat(), "revisions": self.revisions,
                "verdicts": self.verdicts,
                "injects": [d.inject for d in self.delivered]}


@dataclass(frozen=True)
class MselRow:
    """An inject of the MSEL and, by syndicate, when it was delivered."""

    id: str
    name: str
    when: str
    sender: str
    means: str
    kind: str
    message: str
    expected: str
    delivered: dict[str, service.Delivery]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"id": self.id, "name": self.name, "when": self.when, "sender": self.sender,
                "means": self.means, "kind": self.kind, "message": self.message,
                "expected": self.expected,
                "delivered": {k: v.as_dict() for k, v in self.delivered.items()}}


@dataclass(frozen=True)
class ExerciseStatus:
    """An exercise's state: game time, the MSEL and what fired, each syndicate."""

    name: str
    exercise: Exercise
    game_day: float
    clock: service.Clock
    syndicates: tuple[SyndicateStatus, ...]
    msel: tuple[MselRow, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (``impp exercise status --format json``)."""
        return {"exercise": self.name, "title": self.exercise.name,
                "game_day": round(self.game_day, 2),
                "clock": {"mode": "real" if self.clock.rate else "stepped",
                          "days_per_hour": self.clock.rate or None},
                "injects_fired": sum(1 for r in self.msel if r.delivered),
                "syndicates": [s.as_dict() for s in self.syndicates],
                "msel": [r.as_dict() for r in self.msel]}


def _when(inject: Any) -> str:
    if inject.at_day is not None:
        return f"day {inject.at_day:g}"
    if inject.when is not None:
        return f"when {inject.when.text()}"
    return "by the directing staff"


def histories(store: Store, name: str) -> dict[str, list[Revision]]:
    """The records of every plan of exercise ``name`` (newest first), in one query."""
    stored = service.get(store, name)
    return records_of(store, [*stored.plans.values(), stored.solution_plan])


def status(store: Store, name: str, summary_of: RevisionSummary | None = None,
           known: dict[str, list[Revision]] | None = None) -> ExerciseStatus:
    """The state of exercise ``name``; verdicts where ``summary_of`` gives a summary.
    ``known``: the plans' records already read (:func:`histories`)."""
    stored = service.get(store, name)
    known = known if known is not None else histories(store, name)
    game_clock = service.clock(store, name)
    delivered = service.deliveries(store, name)
    rows = []
    for sid, plan in stored.plans.items():
        revisions = known[plan]
        newest = revisions[0]
        summary = summary_of(newest) if summary_of is not None else None
        verdicts: dict[str, int] | None = None
        if summary is not None:
            verdicts = {}
            for state in verdict_states(summary).values():
                verdicts[state] = verdicts.get(state, 0) + 1
        syndicate = stored.exercise.syndicate(sid)
        rows.append(SyndicateStatus(
            sid, syndicate.name if syndicate else sid, plan,
            tuple(u for u, s in stored.members.items() if s == sid), newest,
            sum(1 for r in revisions if r.author != service.CONTROL), verdicts,
            tuple(d for d in delivered if d.syndicate == sid)))
    msel = tuple(MselRow(i.id, i.name, _when(i), i.sender, i.means, i.kind, i.message,
                         i.expected, {d.syndicate: d for d in delivered if d.inject == i.id})
                 for i in stored.exercise.injects)
    return ExerciseStatus(name, stored.exercise, game_clock.now(), game_clock, tuple(rows),
                          msel)


@dataclass(frozen=True)
class Scored:
    """A plan's score: the weighted total, how, and each component."""

    id: str
    name: str
    plan: str
    revision: str | None
    score: float | None
    how: str
    components: tuple[Component, ...]
    responses: tuple[Response, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"id": self.id, "name": self.name, "plan": self.plan, "revision": self.revision,
                "score": None if self.score is None else round(self.score, 1),
                "how": self.how, "components": {c.name: c.as_dict() for c in self.components},
                "responses": [r.as_dict() for r in self.responses]}


@dataclass(frozen=True)
class ExerciseScores:
    """Every syndicate's score and the solution's."""

    name: str
    game_day: float
    syndicates: tuple[Scored, ...]
    solution: Scored

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (``impp exercise score --format json``)."""
        return {"exercise": self.name, "game_day": round(self.game_day, 2),
                "syndicates": [s.as_dict() for s in self.syndicates],
                "solution": self.solution.as_dict()}


def _responses(store: Store, plan: str, history: list[Revision], summary_of: RevisionSummary,
               game_clock: service.Clock, mine: list[tuple[Any, float, str | None, Any]]
               ) -> list[Response]:
    """How a syndicate answered the injects delivered to it (summaries read once each)."""
    by_id = {r.id: r for r in history}
    known: dict[str, dict[str, Any] | None] = {}

    def summary_by_id(rev_id: str) -> dict[str, Any] | None:
        if rev_id not in known:
            known[rev_id] = summary_of(by_id[rev_id] if rev_id in by_id
                                       else get_revision(store, f"{plan}@{rev_id}"))
        return known[rev_id]

    return responses_of(mine, [(r.id, r.author, game_clock.day_at(r.time), r.time)
                               for r in history],
                        summary_by_id,
                        lambda rev_id: by_id[rev_id].parent if rev_id in by_id else None)


def scores(store: Store, name: str, summary_of: RevisionSummary,
           memo: MutableMapping[tuple[Any, ...], Scored] | None = None,
           known: dict[str, list[Revision]] | None = None) -> ExerciseScores:
    """Score every syndicate of exercise ``name`` against the solution and the rubric.

    A syndicate whose newest revision (or one of those its answers are read
    from) ``summary_of`` does not give yet is shown unscored, with why.
    ``memo`` keeps each syndicate's score by what it is computed from (its newest
    revision, the injects delivered to it, the clock's settings, the solution's
    revision), so that a syndicate that did not change is not scored again.
    """
    stored = service.get(store, name)
    known = known if known is not None else histories(store, name)
    rubric = stored.exercise.rubric
    game_clock = service.clock(store, name)
    sol_rev = head(store, stored.solution_plan)
    sol_summary = summary_of(sol_rev)
    pending = "the analysis is being computed"
    if sol_summary is None:
        empty = Scored("solution", "Directing staff's solution", stored.solution_plan,
                       sol_rev.id, None, pending, ())
        return ExerciseScores(name, game_clock.now(), tuple(
            Scored(s, s, p, None, None, pending, ()) for s, p in stored.plans.items()), empty)
    sol_plan = sol_rev.document
    solution = (sol_plan, sol_summary)
    sol_parts = components(sol_plan, sol_summary, solution, rubric, None)
    sol_score, sol_how = total(sol_parts)
    out = []
    delivered = service.deliveries(store, name)
    for sid, plan in stored.plans.items():
        syndicate = stored.exercise.syndicate(sid)
        label = syndicate.name if syndicate else sid
        history = list(reversed(known[plan]))
        newest = history[-1]
        key = (store.where, name, sid, newest.id, sol_rev.id, len(game_clock.settings),
               tuple(d.inject for d in delivered if d.syndicate == sid))
        if memo is not None and key in memo:
            out.append(memo[key])
            continue
        summary = summary_of(newest)
        if summary is None:
            out.append(Scored(sid, label, plan, newest.id, None, pending, ()))
            continue
        mine = [(stored.exercise.inject(d.inject), d.game_day, d.revision, d.time)
                for d in delivered if d.syndicate == sid]
        responses = _responses(store, plan, history, summary_of, game_clock,
                               [(i, day, rev, t) for i, day, rev, t in mine if i is not None])
        parts = components(whole(store, newest).document, summary, solution, rubric,
                           responses)
        value, how = total(parts)
        scored = Scored(sid, label, plan, newest.id, value, how, tuple(parts),
                        tuple(responses))
        if memo is not None and not any(r.pending for r in responses):
            memo[key] = scored
            while len(memo) > 1000:
                memo.pop(next(iter(memo)))
        out.append(scored)
    return ExerciseScores(name, game_clock.now(), tuple(out),
                          Scored("solution", "Directing staff's solution",
                                 stored.solution_plan, sol_rev.id, sol_score, sol_how,
                                 tuple(sol_parts)))
