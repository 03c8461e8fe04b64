"""`impp user add`, `list`, `token`: the people of the store, their roles and clearances."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from impp.cli.common import console, emit_json, fail, format_option, guard
from impp.cli.store_cmd import _opened, store_option
from impp.model import Sensitivity
from impp.store.users import ROLES, add_user, issue_token, list_users


@click.group("user")
def user_group() -> None:
    """People in the store: roles, clearances and API tokens (acting user: $IMPP_USER)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(ROLES), help="A role (repeat for several).")
@click.option("--clearance", required=True, type=click.Choice([s.value for s in Sensitivity]),
              help="The highest marking this person may read.")
@click.option("--password-stdin", is_flag=True,
              help="Read a password (at least 8 characters) from the first line of "
                   "standard input, for the web workspace.")
@click.option("--body", default=None, metavar="TEXT",
              help="The body the person works for (a mission component or agency, as "
                   "indicators name it in `responsible`): they check and approve its data.")
@store_option
@format_option
@guard
def add_command(name: str, roles: tuple[str, ...], clearance: str, password_stdin: bool,
                body: str | None, store_location: str | None, fmt: str) -> None:
    """Add NAME with roles and a clearance (the first user: an administrator).

    Never prompts: with --password-stdin the password is read from standard
    input, which may be a pipe; without it the person has no password yet.
    """
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("--password-stdin: standard input held no password (one line expected)")
    with _opened(store_location) as store:
        user = add_user(store, name, roles, clearance, password=password, body=body)
    if fmt == "json":
        emit_json(user.as_dict())
    else:
        click.echo(f"Added {user.name}: roles {', '.join(user.roles)}, cleared to "
                   f"{user.clearance.label}" + (f", for {user.body}" if user.body else "")
                   + ".")


@user_group.command("list")
@store_option
@format_option
@guard
def list_command(store_location: str | None, fmt: str) -> None:
    """Everyone in the store: roles, clearance, whether they have a password and a token."""
    with _opened(store_location) as store:
        users = list_users(store)
    if fmt == "json":
        emit_json([u.as_dict() for u in users])
        return
    if not users:
        click.echo("No users yet: add an administrator with "
                   "`impp user add NAME --role admin --clearance strictly_confidential`.")
        return
    table = Table(title="Users")
    for column in ("name", "roles", "body", "clearance", "password", "token", "added by"):
        table.add_column(column)
    for u in users:
        password = ("one sign-in" if u.password_expired else "yes") if u.has_password else "-"
        table.add_row(u.name, ", ".join(u.roles), u.body or "-", u.clearance.label, password,
                      "yes" if u.has_token else "-", u.created_by)
    console().print(table)


@user_group.command("token")
@click.argument("name")
@store_option
@guard
def token_command(name: str, store_location: str | None) -> None:
    """Issue a new API token for NAME (the last word printed; the old one stops working)."""
    with _opened(store_location) as store:
        token = issue_token(store, name)
    click.echo(f"New API token for {name} (shown once; keep it secret): {token}")


@user_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the new password (at least 8 characters) from the first line of "
                   "standard input.")
@store_option
@guard
def password_command(name: str, password_stdin: bool, store_location: str | None) -> None:
    """Set NAME's password: your own, or (an administrator) someone's for one sign-in."""
    from impp.store.users import set_password

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        fail("--password-stdin: standard input held no password (one line expected)")
    with _opened(store_location) as store:
        user = set_password(store, name, password)
    click.echo(f"Password of {user.name} set" + (
        ": good for one sign-in, then the workspace asks for a new one."
        if user.password_expired else "."))
