"""Exercise pages: the directing staff's console and each syndicate's page.

- ``/exercises``: the exercises the signed-in person directs or plays in;
- ``/exercises/{name}``: for a trainer (or an administrator), the console:
  the syndicates side by side (verdict, score and its components, last
  revision, open injects), the MSEL with what fired and when, an inject
  button, the game clock, notes and the review; for a syndicate member, their
  syndicate's page: the game day, the messages they received, their plan.
  Anyone else gets 404, as for a plan they may not open.
- ``/api/v1/exercises/{name}``: the same as JSON (bearer token).

Each load first delivers what is due (game day, then triggers on the
analyses already computed); a syndicate's plan whose analysis is still being
computed is shown as such and scored when it is done. The scores of an
unchanged exercise are kept per server (heads, deliveries and clock
settings unchanged: the same scores).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from impp.exceptions import ExerciseError, ImppError
from impp.store.access import OVERSEERS
from impp.store.engine import Store
from impp.store.repository import Revision
from impp.web.deps import ApiUser, Form, PageUser, StoreDep

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["exercises"])

_SCORES: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
#: Each syndicate's score, by what it is computed from (see ``analysis.scores``).
_SCORED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_LOCK = threading.Lock()
_SCORING = threading.Lock()


#: Digests of the summaries read (:func:`impp.exercise.metrics.digest`), by content key.
_DIGESTS: OrderedDict[str, dict[str, Any]] = OrderedDict()
_KEEP_DIGESTS = 20_000
#: Revisions a page load validates and sends to the background analysis at most: the
#: rest are sent by the next loads, so a page never waits for many.
MAX_NEW_JOBS = 1


#: Revisions whose analysis was sent to the background, by content key: asked again,
#: the job is looked up without reading the revision from the store again.
_SENT: OrderedDict[str, Revision] = OrderedDict()


def _summaries(request: Request, store: Store, new_jobs: int = MAX_NEW_JOBS,
               heads: set[str] | None = None) -> Any:
    """A revision's summary (its digest): kept in the store, or from a finished background
    analysis (then kept); ``None`` while it is computed (the job is started, for at most
    ``new_jobs`` revisions a page load: :data:`MAX_NEW_JOBS` on the console, none on a
    syndicate's page; only ``heads``, the plans' newest revisions, when given: an older
    revision is analysed when someone opens it). Read once a page load."""
    from impp.exercise.analysis import kept_summary, whole
    from impp.exercise.metrics import digest
    from impp.web.jobs import Job

    started = [0]
    seen: dict[str, dict[str, Any] | None] = {}

    def find(rev: Revision) -> dict[str, Any] | None:
        key = f"{store.where}:{rev.content_hash}"
        with _LOCK:
            if key in _DIGESTS:
                _DIGESTS.move_to_end(key)
                return _DIGESTS[key]
            sent = _SENT.get(key)
        found = kept_summary(store, rev)
        if found is None:
            plan = sent.kept_plan() if sent is not None else rev.kept_plan()
            if plan is None:  # not validated lately: read and validated, a few a load
                if started[0] >= new_jobs or (heads is not None and rev.id not in heads):
                    return None
                started[0] += 1
                sent = whole(store, rev)
                plan = sent.plan_object()
            sent = sent or rev
            done = request.app.state.jobs.analysis(plan, None)
            if isinstance(done, Job):
                with _LOCK:
                    _SENT[key] = sent
                    while len(_SENT) > 64:
                        _SENT.popitem(last=False)
                return None
            from impp.store.summaries import stored_summary

            found = stored_summary(store, plan)  # from the analysis just cached
        small = digest(found)
        with _LOCK:
            _DIGESTS[key] = small
            _SENT.pop(key, None)
            while len(_DIGESTS) > _KEEP_DIGESTS:
                _DIGESTS.popitem(last=False)
        return small

    def get(rev: Revision) -> dict[str, Any] | None:
        if rev.content_hash not in seen:
            seen[rev.content_hash] = find(rev)
        return seen[rev.content_hash]

    return get


def _exercise_for(store: Store, name: str, user: Any) -> tuple[Any, str | None]:
    """The exercise and the user's syndicate in it (``None``: they direct it); 404 for
    anyone who neither directs nor plays in it."""
    from impp.exercise import service
    from impp.exercise.views import syndicate_of

    try:
        stored = service.get(store, name)
    except ExerciseError:
        raise HTTPException(404, f"no exercise {name!r}") from None
    mine = syndicate_of(store, name, user)
    if mine is None and not OVERSEERS & set(user.roles):
        raise HTTPException(404, f"no exercise {name!r}")
    return stored, mine


#: The last time each exercise delivered what was due, in this server.
_TICKED: dict[tuple[str, str], float] = {}
#: A syndicate's page delivers what is due at most this often (seconds); the console
#: every time it loads.
TICK_EVERY = 5.0


def _tick(request: Request, store: Store, name: str, actor: str, summaries: Any,
          every: float = 0.0, known: dict[str, list[Revision]] | None = None) -> bool:
    """Deliver what is due (``every``: unless this server did it less than that many
    seconds ago); True when something was delivered (the plans' records changed)."""
    import time

    from impp.exercise import service

    key = (store.where, name)
    now = time.monotonic()
    with _LOCK:
        if every and now - _TICKED.get(key, -1e9) < every:
            return False
        _TICKED[key] = now


    def of_plan(plan: str) -> dict[str, Any] | None:
        from impp.store.repository import records

        newest = known[plan][0] if known and known.get(plan) else records(store, plan)[0]
        result: dict[str, Any] | None = summaries(newest)
        return result

    return bool(service.tick(store, name, summary_of=of_plan, actor=actor))


def _scores(request: Request, store: Store, name: str, summaries: Any = None,
            known: dict[str, list[Revision]] | None = None) -> Any:
    from sqlalchemy import func, select

    from impp.exercise import service
    from impp.exercise.analysis import scores
    from impp.store.models import ClockRow, DeliveryRow, PlanRow

    stored = service.get(store, name)
    plans = [*stored.plans.values(), stored.solution_plan]
    with store.reading() as session:
        heads = tuple(session.scalars(select(PlanRow.head).where(PlanRow.name.in_(plans))
                                      .order_by(PlanRow.name)))
        delivered = session.scalar(select(func.count()).select_from(DeliveryRow)
                                   .where(DeliveryRow.exercise == name))
        settings = session.scalar(select(func.count()).select_from(ClockRow)
                                  .where(ClockRow.exercise == name))
    key = (store.where, name, heads, delivered, settings)
    with _LOCK:
        if key in _SCORES:
            return _SCORES[key]
    with _SCORING:  # one console's scoring at a time: the next reads what it kept
        found = scores(store, name, summaries or _summaries(request, store), memo=_SCORED,
                       known=known)
    complete = found.solution.score is not None and all(
        s.score is not None and not any(r.pending for r in s.responses)
        for s in found.syndicates)
    if complete:  # a score still waiting for an analysis is computed again
        with _LOCK:
            _SCORES[key] = found
            while len(_SCORES) > 64:
                _SCORES.popitem(last=False)
    return found


@router.get("/exercises")
def exercises(store: StoreDep, session: PageUser) -> Response:
    from impp.exercise import service
    from impp.web.pages import page

    user = session.user
    if OVERSEERS & set(user.roles):
        rows = [{"name": n, "role": "directing staff"} for n in service.names(store)]
    else:
        rows = [{"name": e, "role": f"syndicate {s}"}
                for e, s in service.member_of(store, user.name)]
    return page("exercises.html.j2", session, exercises=rows)


@router.get("/exercises/{name}")
def exercise(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    from impp.exercise.analysis import status
    from impp.exercise.views import messages
    from impp.web.pages import page

    stored, mine = _exercise_for(store, name, session.user)
    if mine is not None:  # a syndicate's page: what is due, seldom and without analyses
        _tick(request, store, name, "exercise-clock",
              _summaries(request, store, new_jobs=0), every=TICK_EVERY)
        plan = stored.plans[mine]
        from impp.store.repository import records

        rev = records(store, plan)[0]
        syndicate = stored.exercise.syndicate(mine)
        from impp.exercise import service

        return page("exercise_syndicate.html.j2", session, exercise=stored,
                    syndicate=syndicate, plan=plan, rev=rev,
                    game_day=service.clock(store, name).now(),
                    messages=list(reversed(messages(store, name, session.user))))
    from impp.exercise.analysis import histories

    known = histories(store, name)
    summaries = _summaries(request, store, heads={r[0].id for r in known.values() if r})
    if _tick(request, store, name, "exercise-clock", summaries, known=known):
        known = histories(store, name)  # the injects just delivered made revisions
    st = status(store, name, summaries, known)
    sc = _scores(request, store, name, summaries, known)
    open_injects = {s.id: [r.inject for r in s.responses if r.broke and r.days is None]
                    for s in sc.syndicates}
    from impp.exercise.review import notes

    return page("exercise_console.html.j2", session, st=st, sc=sc,
                scored={s.id: s for s in sc.syndicates}, open_injects=open_injects,
                notes=notes(store, name))


def _trainer(session: Any) -> str:
    if not OVERSEERS & set(session.user.roles):
        raise HTTPException(403, "only the directing staff (trainer) run the exercise")
    name: str = session.user.name
    return name


def _staff_action(name: str, store: Store, session: Any, act: Any) -> Response:
    """A directing staff's action on the console: ``act(actor)``, then the console again
    (400 with what was wrong, for a trainer; 403 for anyone else)."""
    _exercise_for(store, name, session.user)
    actor = _trainer(session)
    try:
        act(actor)
    except ImppError as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse(f"/exercises/{name}", status_code=303)


@router.post("/exercises/{name}/inject")
def inject(name: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    from impp.exercise import service

    return _staff_action(name, store, session, lambda actor: service.deliver(
        store, name, form.get("inject", ""), actor=actor,
        syndicates=[form["syndicate"]] if form.get("syndicate") else None))


@router.post("/exercises/{name}/advance")
def advance(name: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    from impp.exercise import service

    try:
        days = float(form.get("days", "1") or 1)
    except ValueError:
        raise HTTPException(400, "give the game days to move on as a number") from None
    return _staff_action(name, store, session,
                         lambda actor: service.advance(store, name, by_days=days, actor=actor))


@router.post("/exercises/{name}/note")
def note(name: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    from impp.exercise.review import add_note

    return _staff_action(name, store, session,
                         lambda actor: add_note(store, name, form.get("text", ""), actor=actor))


@router.get("/exercises/{name}/review")
def review(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    from impp.exercise.review import build_review, render_review_html

    _exercise_for(store, name, session.user)
    _trainer(session)
    sc = _scores(request, store, name)
    if sc.solution.score is None or any(s.score is None for s in sc.syndicates):
        return HTMLResponse("<!doctype html><title>impp: review</title><p>The syndicates' "
                            "analyses are still being computed: reload in a moment.</p>",
                            status_code=202)
    return HTMLResponse(render_review_html(build_review(store, name,
                                                        _summaries(request, store))))


@api.get("/exercises/{name}")
def exercise_json(name: str, request: Request, store: StoreDep, user: ApiUser) -> Response:
    """The exercise as the caller may see it: the directing staff get its status and
    scores; a syndicate member gets their syndicate's messages."""
    from impp.exercise.views import messages

    stored, mine = _exercise_for(store, name, user)
    if mine is not None:
        return JSONResponse({"exercise": name, "syndicate": mine,
                             "plan": stored.plans[mine],
                             "messages": messages(store, name, user)})
    from impp.exercise.analysis import status

    st = status(store, name, _summaries(request, store))
    return JSONResponse({**st.as_dict(), "scores": _scores(request, store, name).as_dict()})
