"""The JSON API, ``/api/v1/``: plans, revisions, saves and decisions, by bearer token.

The same rules as the pages: a plan is shown at the caller's clearance (its
YAML only to a caller who may read all of it), a save names its parent (409
when another revision changed the same items, 422 with located problems for
an invalid plan), a decision goes through the decision service. The schema
is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from impp.exceptions import (
    DecisionRefusedError,
    PlanFileError,
    StoreError,
    StoreUnavailableError,
)
from impp.store import decide
from impp.store.users import PermissionDeniedError, User
from impp.views import plan_summary
from impp.web.deps import ApiUser, StoreDep
from impp.web.workspace import (
    MergeConflict,
    plan_of,
    plan_rows,
    problems_of,
    reader_for,
    save,
    sees_everything,
    yaml_of,
)

router = APIRouter(prefix="/api/v1", tags=["plans"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or unknown bearer token"},
    404: {"description": "No such plan"},
}


class PlanListed(BaseModel):
    """A plan of the store and its newest revision."""

    name: str
    mission: str
    revision: str
    number: int
    author: str
    level: str


class PlanPublic(BaseModel):
    """A plan's newest revision: its YAML (to a reader cleared for all of it) and its summary."""

    name: str
    revision: str
    number: int
    yaml: str | None = Field(description="The plan file; null when items are above your "
                                         "clearance")
    summary: dict[str, Any] | None = Field(
        description="As `impp plan --format json` (schema impp.plan/1), at your clearance; "
                    "null while the analysis is being computed")
    analysis: dict[str, Any] | None = Field(description="Progress of the analysis, if running")


class RevisionPublic(BaseModel):
    """One revision of a plan."""

    id: str
    number: int
    parent: str | None
    author: str
    time: str
    message: str


class PlanUpdate(BaseModel):
    """A new revision: the plan file, and the revision the edit started from."""

    parent: str = Field(min_length=4, max_length=40)
    yaml: str = Field(max_length=16 * 1024 * 1024)
    message: str = Field(default="", max_length=10_000)


class Saved(BaseModel):
    """The revision a save created (or the one it matched)."""

    revision: str
    number: int
    created: bool
    merged_with: str | None


class DecisionCreate(BaseModel):
    """A decision point to pass, with a note."""

    decision: str = Field(min_length=1, max_length=120)
    note: str = Field(default="", max_length=10_000)


class DecisionTaken(BaseModel):
    """What a decision changed."""

    decision: str
    role: str
    from_level: str
    to_level: str
    revision: str
    baseline: str


def _head(store: StoreDep, name: str, user: User) -> Any:
    from impp.store import head
    from impp.store.access import may_open

    if not may_open(store, user, name):
        raise HTTPException(404, f"no plan {name!r} in the store")
    try:
        return head(store, name)
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/plans", response_model=list[PlanListed], responses=_ERRORS)
def list_plans(store: StoreDep, user: ApiUser) -> list[PlanListed]:
    """Every plan of the store."""
    return [PlanListed(name=r["name"], mission=r["mission"], revision=r["revision"],
                       number=r["number"], author=r["author"], level=r["level"])
            for r in plan_rows(store, user)]


@router.get("/plans/{name}", response_model=PlanPublic, responses=_ERRORS)
def get_plan(name: str, request: Request, store: StoreDep, user: ApiUser) -> PlanPublic:
    """The newest revision of a plan, with its analysis's summary at your clearance."""
    rev = _head(store, name, user)
    plan = plan_of(rev)
    found = request.app.state.jobs.analysis(plan, name)
    from impp.plan_analysis import PlanAnalysis

    summary = (plan_summary(plan, found, reader_for(plan, user))
               if isinstance(found, PlanAnalysis) else None)
    return PlanPublic(name=name, revision=rev.id, number=rev.number,
                      yaml=yaml_of(rev) if sees_everything(plan, user) else None,
                      summary=summary,
                      analysis=None if summary is not None else found.as_dict())


@router.get("/plans/{name}/revisions", response_model=list[RevisionPublic],
            responses=_ERRORS)
def list_revisions(name: str, store: StoreDep, user: ApiUser) -> list[RevisionPublic]:
    """The revisions of a plan, newest first."""
    from impp.clearance import clearance
    from impp.store import log

    reader = clearance(_head(store, name, user).plan_object(), user.clearance)
    return [RevisionPublic(id=r.id, number=r.number, parent=r.parent, author=r.author,
                           time=r.time.isoformat(), message=reader.message(r.message))
            for r in log(store, name)]


@router.put("/plans/{name}", status_code=201, response_model=Saved,
            responses={**_ERRORS, 403: {"description": "Not allowed to edit"},
                       409: {"description": "Another revision changed the same items"},
                       422: {"description": "The plan is invalid (located problems)"}})
def put_plan(name: str, body: PlanUpdate, store: StoreDep, user: ApiUser) -> Any:
    """Store a new revision of the plan; ``parent`` is the revision the edit started from."""
    current = plan_of(_head(store, name, user))
    if not sees_everything(current, user):
        raise HTTPException(403, "the plan holds items above your clearance: a new revision "
                                 "replaces the whole plan, so someone cleared for all of it "
                                 "saves it")
    try:
        saved = save(store, user, name, body.parent, body.yaml, body.message)
    except PlanFileError as exc:
        return JSONResponse({"detail": "the plan is invalid", "problems": problems_of(exc)},
                            status_code=422)
    except MergeConflict as exc:
        return JSONResponse({"detail": str(exc), "items": exc.items, "head": exc.head_id},
                            status_code=409)
    except PermissionDeniedError as exc:
        raise HTTPException(403, str(exc)) from None
    except StoreUnavailableError:
        raise  # 507 or 503, said by the app's handler
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None
    return Saved(revision=saved.revision.id, number=saved.revision.number,
                 created=saved.created, merged_with=saved.merged_with)


@router.post("/plans/{name}/decisions", status_code=201, response_model=DecisionTaken,
             responses={**_ERRORS, 403: {"description": "You do not hold the decider's role"},
                        409: {"description": "The plan is not ready for this decision"}})
def post_decision(name: str, body: DecisionCreate, store: StoreDep,
                  user: ApiUser) -> DecisionTaken:
    """Pass a decision point, as its decider (through the decision service)."""
    _head(store, name, user)
    try:
        outcome = decide(store, name, body.decision, user=user, note=body.note or None)
    except PermissionDeniedError as exc:
        raise HTTPException(403, str(exc)) from None
    except DecisionRefusedError as exc:
        raise HTTPException(409, str(exc)) from None
    except StoreUnavailableError:
        raise  # 507 or 503, said by the app's handler
    except StoreError as exc:
        raise HTTPException(422, str(exc)) from None
    return DecisionTaken(decision=outcome.decision, role=outcome.role,
                         from_level=outcome.from_level, to_level=outcome.to_level,
                         revision=outcome.revision.id, baseline=outcome.baseline)
