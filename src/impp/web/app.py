"""The FastAPI application: pages, the JSON API, static files, security headers.

Every response carries a Content Security Policy without inline script
(``script-src 'self'``: the pages' one script is a file of the package;
inline styles are allowed, for the charts' SVG, which matplotlib styles inline),
denies framing, and says not to sniff types or leak the referrer. Pages
need a session (a redirect to the sign-in page otherwise); the API needs a
bearer token (401 otherwise). Errors of the store's services are shown as
messages (pages) or JSON (API), never as tracebacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from impp import __version__
from impp.exceptions import StoreUnavailableError
from impp.store import open_store
from impp.web.deps import PasswordChangeRequired, SignInRequired
from impp.web.jobs import Jobs

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def body_limit() -> int:
    """The largest request body the workspace reads: a plan file's limit and a margin
    for the form around it (``IMPP_MAX_PLAN_BYTES``)."""
    from impp.io.yaml_io import max_plan_bytes

    return max_plan_bytes() + 1024 * 1024


class BodyLimit:
    """Refuses a request body over :func:`body_limit` before reading it: at once from a
    ``Content-Length`` that says so, and as soon as a body without one grows past it
    (413, with what to do), so that a 50 MiB form costs the server nothing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit()
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(scope, send, limit)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(scope, send, limit)


class _TooLarge(Exception):
    pass


async def _too_large(scope: dict[str, Any], send: Any, limit: int) -> None:
    text = (f"The request is larger than {limit:,} bytes, the most the workspace reads: "
            "split the plan into smaller files, or raise IMPP_MAX_PLAN_BYTES.").encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(text)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": text})


def create_app(store_location: str | None = None, *, secure_cookies: bool = False,
               workers: int = 1) -> FastAPI:
    """The workspace on the store at ``store_location`` (default: ``IMPP_DATABASE_URL``
    or ``impp.db``), which must exist (``impp serve`` creates it).

    ``secure_cookies``: mark the session cookie ``Secure`` (behind HTTPS).
    ``workers``: analyses computed at once in the background.
    """
    from impp.web import api, exercises, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # each finished analysis's summary is kept in the store, for every reader
        app.state.jobs = Jobs(workers, keep=app.state.store.url.render_as_string(
            hide_password=False))
        yield
        app.state.jobs.shutdown()
        app.state.store.close()

    app = FastAPI(title="impp workspace API", version=__version__,
                  description="Plans, revisions and decisions of an impp store.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",
                  lifespan=lifespan)
    app.state.store = open_store(store_location)
    app.state.secure_cookies = secure_cookies
    app.mount("/static", StaticFiles(packages=[("impp.web", "static")]), name="static")
    app.add_middleware(BodyLimit)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(exercises.router)
    app.include_router(exercises.api)

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if secure_cookies:  # served over HTTPS: browsers keep to it for a year
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        return response

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.path)}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def change_password(request: Request, exc: PasswordChangeRequired) -> Response:
        return RedirectResponse(f"/password?next={quote(exc.path)}", status_code=303)

    @app.exception_handler(StoreUnavailableError)
    async def unavailable(request: Request, exc: StoreUnavailableError) -> Response:
        # a full disk or a read-only store: said plainly, with the status that says it
        # (507, 503), never 500 or a conflict; nothing was written
        message = str(exc)[:1].upper() + str(exc)[1:] + "."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=exc.status)
        from html import escape

        return HTMLResponse(f"<!doctype html><title>impp: the store cannot be written</title>"
                            f"<h1>The store cannot be written</h1><p>{escape(message)}</p>",
                            status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"where": ".".join(str(x) for x in e.get("loc", ())), "message": e.get("msg")}
                  for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    return app


def from_environment() -> FastAPI:
    """The app for ``impp serve``'s workers: the store from ``IMPP_DATABASE_URL``,
    Secure cookies when ``IMPP_SECURE_COOKIES`` is set."""
    import os

    return create_app(None, secure_cookies=bool(os.environ.get("IMPP_SECURE_COOKIES")))
