"""The pages of the workspace: thin routes over the analysis, the store and its services.

Every page needs a session (:data:`~impp.web.deps.PageUser`) and shows the
plan at the user's clearance; every form carries the session's CSRF token
(:data:`~impp.web.deps.Form`). A page whose analysis is not computed yet
shows the step the background job is at and reloads itself when it is done.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FunctionLoader, select_autoescape

from impp import fmt
from impp.clearance import Clearance
from impp.exceptions import (
    DecisionRefusedError,
    PlanFileError,
    StoreError,
    StoreUnavailableError,
)
from impp.model.plan import Plan
from impp.plan_analysis import PlanAnalysis
from impp.store import Revision, audit_log, baselines, decide, decisions_taken, get_revision, head
from impp.store.sessions import SESSION_HOURS, SignInError, sign_in, sign_out
from impp.store.users import EDITORS, PermissionDeniedError, User
from impp.views import (
    deployment_data,
    other_readings,
    plan_summary,
    risk_data,
    timeline_data,
)
from impp.web import charts, forms
from impp.web.deps import COOKIE, Form, PageUser, StoreDep
from impp.web.jobs import Job
from impp.web.workspace import (
    MergeConflict,
    plan_of,
    plan_rows,
    reader_for,
    save,
    sees_everything,
    when,
    yaml_of,
)

router = APIRouter(include_in_schema=False)
#: The pre-session cookie that carries the sign-in form's CSRF token.
LOGIN_COOKIE = "impp_login"

TABS = (("", "Overview"), ("timeline", "Timeline"), ("risk", "Risk"),
        ("deployment", "Deployment"), ("cost", "Cost"), ("results", "Results chain"),
        ("monitoring", "Monitoring"),
        ("conflict", "Conflict analysis"), ("documents", "Documents"),
        ("revisions", "Revisions"), ("decisions", "Decisions"), ("audit", "Audit log"),
        ("edit", "Edit"))


@cache
def _environment() -> Environment:
    def load(name: str) -> str:
        return resources.files("impp.web").joinpath("templates", name).read_text("utf-8")

    env = Environment(loader=FunctionLoader(load), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["days"] = fmt.days
    env.filters["signed_days"] = fmt.signed_days
    env.filters["percent"] = fmt.percent
    env.filters["money"] = lambda v, cur="USD": fmt.money(None if v is None else round(v), cur)
    env.filters["when"] = when
    env.filters["number"] = fmt.number
    return env


def page(template: str, session: Any = None, status: int = 200, **context: Any
         ) -> HTMLResponse:
    """A page rendered from its template, with the user and the CSRF token."""
    html = _environment().get_template(template).render(
        user=session.user if session else None, csrf=session.csrf if session else "",
        tabs=TABS, **context)
    return HTMLResponse(html, status_code=status)


# -- signing in ----------------------------------------------------------------------


@router.get("/login")
def login_form(next: str = "/plans") -> Response:
    token = secrets.token_urlsafe(24)
    response = page("login.html.j2", login_csrf=token, next=_local(next))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/login")
async def login(request: Request, store: StoreDep) -> Response:
    form = await request.form()
    token = request.cookies.get(LOGIN_COOKIE, "")
    nxt = _local(str(form.get("next", "/plans")))
    if not token or not secrets.compare_digest(token, str(form.get("csrf", ""))):
        return page("login.html.j2", error="The sign-in form was out of date: try again.",
                    login_csrf="", next=nxt, status=403)
    client = request.client.host if request.client else ""
    try:
        cookie, _ = sign_in(store, str(form.get("name", "")), str(form.get("password", "")),
                            client)
    except SignInError as exc:
        fresh = secrets.token_urlsafe(24)
        text = str(exc)
        response = page("login.html.j2", error=text[:1].upper() + text[1:] + ".",
                        login_csrf=fresh,
                        next=nxt, status=401)
        response.set_cookie(LOGIN_COOKIE, fresh, httponly=True, samesite="strict",
                            max_age=3600)
        return response
    done = RedirectResponse(nxt, status_code=303)
    done.set_cookie(COOKIE, cookie, httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, max_age=SESSION_HOURS * 3600)
    done.delete_cookie(LOGIN_COOKIE)
    return done


@router.post("/logout")
def logout(request: Request, store: StoreDep, form: Form) -> Response:
    sign_out(store, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/password")
def password_form(session: PageUser, next: str = "/plans") -> Response:
    return page("password.html.j2", session, next=_local(next),
                expired=session.user.password_expired)


@router.post("/password")
def password_change(request: Request, store: StoreDep, session: PageUser,
                    form: Form) -> Response:
    from impp.store.users import set_password

    nxt = _local(form.get("next", "/plans"))
    new, again = form.get("new", ""), form.get("again", "")
    error = None
    if new != again:
        error = "The two new passwords differ: type the same one twice."
    else:
        try:
            set_password(store, session.user.name, new, current=form.get("current", ""),
                         actor=session.user, keep_session=request.cookies.get(COOKIE, ""))
        except StoreUnavailableError:
            raise  # 507 or 503: the app's handler says so
        except StoreError as exc:
            error = str(exc)[:1].upper() + str(exc)[1:] + "."
    if error is not None:
        return page("password.html.j2", session, next=nxt, error=error, status=400,
                    expired=session.user.password_expired)
    return RedirectResponse(nxt, status_code=303)


def _local(target: str) -> str:
    """Only a path of this site (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/plans"


# -- plans ----------------------------------------------------------------------------


@router.get("/")
def home(session: PageUser) -> Response:
    return RedirectResponse("/plans", status_code=303)


@router.get("/plans")
def plans(store: StoreDep, session: PageUser) -> Response:
    return page("plans.html.j2", session, plans=plan_rows(store, session.user))


def _head(store: StoreDep, name: str, user: User) -> Revision:
    """The newest revision of ``name``, or 404 (also for a plan ``user`` may not open:
    another syndicate's, in an exercise)."""
    from impp.store.access import may_open

    if not may_open(store, user, name):
        raise HTTPException(404, f"no plan {name!r} in this store")
    try:
        return head(store, name)
    except StoreUnavailableError:
        raise  # 507 or 503: the app's handler says so
    except StoreError:
        raise HTTPException(404, f"no plan {name!r} in this store") from None


@dataclass(frozen=True)
class Analysed:
    """What an analysis page shows: the newest revision, its plan and analysis, and
    what the signed-in user may see of it."""

    name: str
    rev: Revision
    plan: Plan
    a: PlanAnalysis
    reader: Clearance

    def page(self, template: str, session: Any, tab: str, **context: Any) -> HTMLResponse:
        """The page, with the plan's tabs."""
        return page(template, session, name=self.name, tab=tab, rev=self.rev,
                    mission=self.plan.mission.name, **context)


def _analysed(request: Request, store: StoreDep, session: PageUser, name: str, tab: str,
              show: Callable[[Analysed], Response]) -> Response:
    """``show`` the plan's newest revision with its analysis, or the page that waits for it."""
    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    found = request.app.state.jobs.analysis(plan, name)
    if isinstance(found, Job):
        return page("computing.html.j2", session, name=name, tab=tab, rev=rev,
                    job=found.as_dict(), mission=plan.mission.name)
    return show(Analysed(name, rev, plan, found, reader_for(plan, session.user)))


@router.get("/plans/{name}/status")
def status(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    """The analysis's progress, for the page that waits for it."""
    plan = plan_of(_head(store, name, session.user))
    found = request.app.state.jobs.analysis(plan, name)
    data = found.as_dict() if isinstance(found, Job) else {"state": "done"}
    return JSONResponse(data)


@router.get("/plans/{name}")
def overview(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    def show(x: Analysed) -> Response:
        from impp.views import cost_line

        summary = plan_summary(x.plan, x.a, x.reader)
        cost = summary.get("cost")
        return x.page("overview.html.j2", session, "", s=summary, readings=other_readings(
            {**summary.get("criteria", {}), **summary.get("targets", {})}),
            cost_line=cost_line(cost).removesuffix(" (`impp cost`).") + "."
            if cost else None)

    return _analysed(request, store, session, name, "", show)


@router.get("/plans/{name}/timeline")
def timeline(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    return _analysed(request, store, session, name, "timeline", lambda x: x.page(
        "timeline.html.j2", session, "timeline", d=timeline_data(x.a, x.reader),
        gantt=charts.gantt(x.plan, x.a, x.reader)))


@router.get("/plans/{name}/risk")
def risk(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    return _analysed(request, store, session, name, "risk", lambda x: x.page(
        "risk.html.j2", session, "risk", d=risk_data(x.a, x.reader), error=x.a.risk_error,
        pictures=charts.risk(x.plan, x.a, x.reader)))


@router.get("/plans/{name}/deployment")
def deployment(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    return _analysed(request, store, session, name, "deployment", lambda x: x.page(
        "deployment.html.j2", session, "deployment", d=deployment_data(x.plan, x.a, x.reader),
        picture=charts.asset_use(x.plan, x.a, x.reader)))


@router.get("/plans/{name}/monitoring")
def monitoring(name: str, store: StoreDep, session: PageUser,
               period: str | None = None) -> Response:
    """The latest quarter's assessment (or ``?period=``), its record, the benchmarks
    by quarter and plan against actual: the store's data, at the user's clearance."""
    from impp.monitoring.actuals import load_actuals, plan_against_actual
    from impp.monitoring.periods import parse_period
    from impp.monitoring.records import get_record, shown
    from impp.monitoring.store import assess_stored

    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    reader = reader_for(plan, session.user)
    visible = reader.plan(plan)
    try:
        chosen = parse_period(period) if period else None
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    result = assess_stored(store, name, visible, chosen)
    data: dict[str, Any] | None = None
    if result is not None:
        data = reader.redact(shown(result.as_dict(),
                                   get_record(store, name, result.period.label)))
    seen = {t.id for t in visible.tasks}
    tasks = plan_against_actual(visible, [a for a in load_actuals(store, name)
                                          if a.task in seen])
    quarters = sorted({q for h in (data or {}).get("history", {}).values() for q in h})
    return page("monitoring.html.j2", session, name=name, tab="monitoring", rev=rev,
                mission=plan.mission.name, d=data, quarters=quarters, tasks=tasks,
                withheld=reader.note(0) if reader.withholds else None)


@router.get("/plans/{name}/cost")
def cost(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    from impp.views import cost_data

    return _analysed(request, store, session, name, "cost", lambda x: x.page(
        "cost.html.j2", session, "cost", d=cost_data(x.a, x.reader),
        picture=charts.cost(x.plan, x.a, x.reader)))


def _findings(x: Analysed, prefix: str) -> list[dict[str, Any]]:
    return [f for f in plan_summary(x.plan, x.a, x.reader)["findings"]
            if f["code"].startswith(prefix)]


@router.get("/plans/{name}/results")
def results(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    from impp.results import results_chain
    from impp.views import shown_to

    return _analysed(request, store, session, name, "results", lambda x: x.page(
        "results.html.j2", session, "results", chain=shown_to(x.reader, results_chain(x.plan)),
        findings=_findings(x, "results.")))


@router.get("/plans/{name}/conflict")
def conflict(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    def show(x: Analysed) -> Response:
        visible = x.reader.plan(x.plan)
        return x.page("conflict.html.j2", session, "conflict", findings=_findings(x, "analysis."),
                      actors=visible.actors, causes=visible.causes, scenarios=visible.scenarios,
                      pictures=charts.conflict(visible, x.reader.level.value))

    return _analysed(request, store, session, name, "conflict", show)


@router.get("/plans/{name}/documents")
def documents(name: str, request: Request, store: StoreDep, session: PageUser) -> Response:
    def show(x: Analysed) -> Response:
        package = charts.package(x.plan, session.user.clearance)
        return x.page("documents.html.j2", session, "documents", files=package.files,
                      omitted=package.omitted_items)

    return _analysed(request, store, session, name, "documents", show)


@router.get("/plans/{name}/documents/{file}")
def document(name: str, file: str, request: Request, store: StoreDep,
             session: PageUser) -> Response:
    plan = plan_of(_head(store, name, session.user))
    if not isinstance(request.app.state.jobs.analysis(plan), PlanAnalysis):
        return RedirectResponse(f"/plans/{quote(name)}/documents", status_code=303)
    package = charts.package(plan, session.user.clearance)
    for f in package.files:
        if f.name == file:
            return Response(f.data, media_type=charts.media_type(f.name), headers={
                "Content-Disposition": f'attachment; filename="{f.name}"'})
    raise HTTPException(404, f"no document {file!r}")


# -- revisions, decisions, audit -------------------------------------------------------


@router.get("/plans/{name}/revisions")
def revisions(name: str, store: StoreDep, session: PageUser) -> Response:
    from dataclasses import replace

    from impp.store import log

    rev = _head(store, name, session.user)
    reader = reader_for(plan_of(rev), session.user)
    shown = [replace(r, message=reader.message(r.message)) for r in log(store, name, limit=200)]
    return page("revisions.html.j2", session, name=name, tab="revisions", rev=rev,
                revisions=shown, baselines=baselines(store, name),
                mission=rev.document.get("mission", {}).get("name", name))


@router.get("/plans/{name}/diff")
def diff(name: str, store: StoreDep, session: PageUser, a: str, b: str) -> Response:
    from impp.store import diff_plans

    rev = _head(store, name, session.user)
    try:
        old, new = get_revision(store, f"{name}@{a}"), get_revision(store, f"{name}@{b}")
    except StoreUnavailableError:
        raise  # 507 or 503: the app's handler says so
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from None
    from dataclasses import replace

    before, after = plan_of(old), plan_of(new)
    changes = diff_plans(reader_for(before, session.user).plan(before),
                         reader_for(after, session.user).plan(after))
    late = reader_for(after, session.user)  # the message as the newer side's reader reads it
    old = replace(old, message=reader_for(before, session.user).message(old.message))
    new = replace(new, message=late.message(new.message))
    return page("diff.html.j2", session, name=name, tab="revisions", rev=rev, old=old,
                new=new, changes=changes, mission=after.mission.name)


@router.get("/plans/{name}/decisions")
def decisions_page(name: str, store: StoreDep, session: PageUser,
                   message: str = "", error: str = "") -> Response:
    from impp.process.catalogue import load_process

    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    process = load_process()
    level = process.level(plan.process.level)
    reader = reader_for(plan, session.user)  # a note naming a withheld item is withheld
    taken = [{**t, "note": reader.message(t["note"] or "")} for t in decisions_taken(store, name)]
    return page("decisions.html.j2", session, name=name, tab="decisions", rev=rev,
                level=level, process=process, taken=taken,
                message=message, error=error, mission=plan.mission.name)


@router.post("/plans/{name}/decisions")
def decide_page(name: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    _head(store, name, session.user)
    try:
        outcome = decide(store, name, form.get("decision", ""), user=session.user,
                         note=form.get("note") or None)
    except StoreUnavailableError:
        raise  # 507 or 503: the app's handler says so
    except (DecisionRefusedError, PermissionDeniedError, StoreError) as exc:
        return decisions_page(name, store, session, error=str(exc))
    return decisions_page(
        name, store, session,
        message=f"Decision point {outcome.decision} passed: the plan moves from Level "
                f"{outcome.from_level} to {outcome.to_level} (revision {outcome.revision.id}, "
                f"baseline {outcome.baseline}).")


@router.get("/plans/{name}/audit")
def audit(name: str, store: StoreDep, session: PageUser) -> Response:
    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    reader = reader_for(plan, session.user)
    entries = [reader.redact(e.as_dict()) for e in reversed(audit_log(store, name))]
    return page("audit.html.j2", session, name=name, tab="audit", rev=rev, entries=entries,
                mission=plan.mission.name)


# -- editing ---------------------------------------------------------------------------


def _may_edit(plan: Plan, session: Any) -> str | None:
    """Why ``session``'s user may not edit ``plan`` (``None``: they may)."""
    if not EDITORS & set(session.user.roles):
        return (f"{session.user.name} may read plans but not edit them (editing needs one of: "
                f"{', '.join(sorted(EDITORS))}).")
    if not sees_everything(plan, session.user):
        return ("This plan holds items above your clearance: a new revision replaces the "
                "whole plan, so someone cleared for all of it edits it.")
    return None


@router.get("/plans/{name}/edit")
def edit(name: str, store: StoreDep, session: PageUser) -> Response:
    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    refused = _may_edit(plan, session)
    return page("edit.html.j2", session, name=name, tab="edit", rev=rev, refused=refused,
                text="" if refused else yaml_of(rev), parent=rev.id, problems=[],
                mission=plan.mission.name, kinds=forms.KINDS)


@router.post("/plans/{name}/edit")
def save_page(name: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    refused = _may_edit(plan, session)
    text, parent = form.get("yaml", ""), form.get("parent", "")
    if refused:
        return page("edit.html.j2", session, name=name, tab="edit", rev=rev, refused=refused,
                    text="", parent=rev.id, problems=[], mission=plan.mission.name,
                    kinds=forms.KINDS, status=403)
    return _save(store, session, name, rev, parent, text, form.get("message", ""))


def _save(store: StoreDep, session: Any, name: str, rev: Revision, parent: str, text: str,
          message: str) -> Response:
    try:
        saved = save(store, session.user, name, parent, text, message)
    except PlanFileError as exc:
        return page("edit.html.j2", session, name=name, tab="edit", rev=rev, refused=None,
                    text=text, parent=parent, problems=[p.render() for p in exc.problems],
                    mission=rev.document.get("mission", {}).get("name", name),
                    kinds=forms.KINDS, status=422)
    except MergeConflict as exc:
        return page("edit.html.j2", session, name=name, tab="edit", rev=rev, refused=None,
                    text=text, parent=parent, problems=[str(exc)], conflict=exc.items,
                    mission=rev.document.get("mission", {}).get("name", name),
                    kinds=forms.KINDS, status=409)
    except StoreUnavailableError:
        raise  # 507 or 503: the app's handler says so
    except (PermissionDeniedError, StoreError) as exc:
        return page("edit.html.j2", session, name=name, tab="edit", rev=rev, refused=None,
                    text=text, parent=parent, problems=[str(exc)],
                    mission=rev.document.get("mission", {}).get("name", name),
                    kinds=forms.KINDS, status=409)
    return RedirectResponse(f"/plans/{quote(name)}/revisions?saved={quote(saved.revision.id)}",
                            status_code=303)


@router.get("/plans/{name}/items/{kind}")
def item_form(name: str, kind: str, store: StoreDep, session: PageUser,
              id: str = "") -> Response:
    rev = _head(store, name, session.user)
    plan = plan_of(rev)
    spec = forms.spec(kind)
    # the form is filled from the plan as the reader may see it, by the one clearance
    # rule: an item above their clearance (or one that names it) is no item to them
    visible = reader_for(plan, session.user).plan(plan)
    values = forms.values_of(visible, kind, id) if id else {}
    if id and not values:
        raise HTTPException(404, f"no {spec.singular} {id!r} in {name}")
    return page("item.html.j2", session, name=name, tab="edit", rev=rev, spec=spec,
                values=values, item_id=id, parent=rev.id, problems=[],
                refused=_may_edit(plan, session), mission=plan.mission.name)


@router.post("/plans/{name}/items/{kind}")
def item_save(name: str, kind: str, store: StoreDep, session: PageUser, form: Form) -> Response:
    rev = _head(store, name, session.user)
    parent = form.get("parent", rev.id)
    base = plan_of(get_revision(store, f"{name}@{parent}"))
    spec = forms.spec(kind)
    refused = _may_edit(base, session)
    try:
        if refused:
            raise forms.FormError([refused])
        text = forms.apply(base, kind, form.get("original_id", ""), form)
    except forms.FormError as exc:
        return page("item.html.j2", session, name=name, tab="edit", rev=rev, spec=spec,
                    values=form, item_id=form.get("original_id", ""), parent=parent,
                    problems=exc.problems, refused=refused, mission=base.mission.name,
                    status=403 if refused else 422)
    what = "Added" if not form.get("original_id") else "Changed"
    return _save(store, session, name, rev, parent, text,
                 form.get("message") or f"{what} {spec.singular} {form.get('id', '')}")
