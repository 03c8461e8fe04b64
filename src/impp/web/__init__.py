"""The web workspace: many planners, one plan, nothing lost, nothing seen above clearance.

``impp serve`` runs :func:`create_app` under Uvicorn. Pages are rendered on
the server (Jinja2, autoescape on) from the same analysis every command
reads (:mod:`impp.plan_analysis`), projected at the signed-in user's
clearance by the one withholding rule (:mod:`impp.clearance`); state
changes go through the store's services (:func:`impp.store.commit`,
:func:`impp.store.decide`), as from the command line. The JSON API under
``/api/v1/`` follows the same rules, with a bearer token.

Layout (like the FastAPI full-stack template): :mod:`impp.web.deps` holds
the shared dependencies (the store, the signed-in user, the CSRF check),
:mod:`impp.web.pages` and :mod:`impp.web.api` the thin routes,
:mod:`impp.web.workspace` what both read and change, :mod:`impp.web.jobs`
the analyses run in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from impp.web.app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from impp.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["create_app"]
