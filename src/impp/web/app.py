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


def create_app(store_location: str | None = None, *, secure_cookies: bool = False,
               workers: int = 1) -> FastAPI:
    """The workspace on the store at ``store_location`` (default: ``IMPP_DATABASE_URL``
    or ``impp.db``), which must exist (``impp serve`` creates it).

    ``secure_cookies``: mark the session cookie ``Secure`` (behind HTTPS).
    ``workers``: analyses computed at once in the background.
    """
    from impp.web import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.jobs = Jobs(workers)
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
    app.include_router(pages.router)
    app.include_router(api.router)

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
