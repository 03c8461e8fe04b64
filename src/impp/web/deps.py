"""What every route shares, declared once: the store, who is signed in, the CSRF check.

- ``StoreDep``: the store the server was started on;
- ``PageUser``: the signed-in session of a page (its cookie); a page without
  one redirects to the sign-in page;
- ``ApiUser``: the user of an API call (``Authorization: Bearer TOKEN``, the
  token ``impp user token NAME`` prints); 401 without;
- ``checked_form``: a form posted by a page, with its CSRF token checked
  against the session's (403 otherwise).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from impp.store.engine import Store
from impp.store.sessions import Session, session_of
from impp.store.users import User, user_of_token

#: The session cookie's name.
COOKIE = "impp_session"


class SignInRequired(Exception):
    """A page was asked for without a session: the app redirects to /login."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def get_store(request: Request) -> Store:
    """The store of this server."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


class PasswordChangeRequired(Exception):
    """The user signed in with a password someone else set: the app sends them to
    /password before any other page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


#: The pages a user whose password must change may still open.
PASSWORD_PAGES = ("/password", "/logout")


def page_session(request: Request, store: StoreDep) -> Session:
    """The signed-in session of a page request."""
    found = session_of(store, request.cookies.get(COOKIE, ""))
    if found is None:
        raise SignInRequired(request.url.path)
    if found.user.password_expired and request.url.path not in PASSWORD_PAGES:
        raise PasswordChangeRequired(request.url.path)
    return found


PageUser = Annotated[Session, Depends(page_session)]


def api_user(request: Request, store: StoreDep) -> User:
    """The user whose bearer token the API request carries."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = user_of_token(store, token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise HTTPException(401, "sign in with a bearer token (`impp user token NAME`)",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


ApiUser = Annotated[User, Depends(api_user)]


async def checked_form(request: Request, session: PageUser) -> dict[str, Any]:
    """The posted form, once its CSRF token matches the session's."""
    import hmac

    form = dict(await request.form())
    token = str(form.pop("csrf", ""))
    if not hmac.compare_digest(token, session.csrf):
        raise HTTPException(403, "the form is out of date (its security token does not match "
                                 "your session): reload the page and try again")
    return {k: str(v) for k, v in form.items()}


Form = Annotated[dict[str, Any], Depends(checked_form)]
