"""`impp serve`: the web workspace, on the store, in a browser.

On first start the store is created (or its schema upgraded), an
administrator is added and its password printed once (it is kept only as a
hash), and the Carana plan is committed, so a new workspace has something to
open. Later starts find all three and change nothing.
"""

from __future__ import annotations

import os
import secrets

import click

from impp.cli.common import guard

#: The administrator the first start creates.
ADMIN = "admin"


def prepare(store_location: str | None) -> tuple[str | None, bool]:
    """Create or upgrade the store; on first start add the administrator and
    Carana. Returns the administrator's new password (``None`` when the store
    had people already) and whether Carana was committed."""
    from impp.io import load_plan
    from impp.scenarios import carana_path
    from impp.store import commit_result, init_store, plan_names
    from impp.store.users import USER_ENV, add_user, count_users, get_user

    store = init_store(store_location)
    try:
        password = None
        if not count_users(store):
            password = secrets.token_urlsafe(12)
            named = os.environ.pop(USER_ENV, None)  # the first user adds themself
            try:
                add_user(store, ADMIN, ["admin"], "strictly_confidential", password=password,
                         expired=True)
            finally:
                if named is not None:
                    os.environ[USER_ENV] = named
        loaded = False
        if not plan_names(store):
            admin = get_user(store, ADMIN)
            if admin is not None:
                commit_result(store, load_plan(carana_path()),
                              "The Carana scenario, loaded on the workspace's first start",
                              name="carana", user=admin)
                loaded = True
        return password, loaded
    finally:
        store.close()


def loopback(host: str) -> bool:
    """True when ``host`` is this machine only (127.0.0.0/8, ::1, localhost).

    >>> loopback("127.0.0.1"), loopback("localhost"), loopback("0.0.0.0"), loopback("::1")
    (True, True, False, True)
    """
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: served to whoever it resolves for


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--store", "store_location", metavar="URL", default=None,
              help="The store: a SQLite file path or a postgresql:// URL "
                   "(default: $IMPP_DATABASE_URL, else impp.db).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (more than one: use PostgreSQL).")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark the session cookie Secure and send HSTS (served over HTTPS). "
                   "Default: on unless --host is a loopback address; --no-secure-cookies "
                   "for a lab network without HTTPS.")
@guard
def serve_command(host: str, port: int, store_location: str | None, workers: int,
                  secure_cookies: bool | None) -> None:
    """Run the web workspace: plans, analyses, documents, revisions and decisions."""
    import uvicorn

    from impp.store.engine import describe, store_url
    from impp.store.location import STORE_ENV

    password, loaded = prepare(store_location)
    url = store_url(store_location)
    if password is not None:
        click.echo(f"Administrator: {ADMIN}, one-time password: {password}")
        click.echo("  (shown once and kept only as a hash: write it down; "
                   "`impp user add` adds the others)")
    if loaded:
        click.echo("The Carana scenario is loaded as plan 'carana'.")
    click.echo(f"Store: {describe(url)}. Open http://{host}:{port}/ in a browser.")
    os.environ[STORE_ENV] = url.render_as_string(hide_password=False)
    if secure_cookies is None:
        secure_cookies = not loopback(host)
    if secure_cookies:
        os.environ["IMPP_SECURE_COOKIES"] = "1"
        click.echo("Session cookies are Secure and HSTS is sent: serve it behind HTTPS "
                   "(--no-secure-cookies for a lab network without it).")
    uvicorn.run("impp.web.app:from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning", proxy_headers=False,
                timeout_keep_alive=30)
