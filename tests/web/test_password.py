"""A password someone else set is for one sign-in: the workspace asks for a new one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from impp.cli import main
from impp.store import Store
from impp.store.users import USER_ENV, get_user, set_password
from tests.web.conftest import password, sign_in


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_password_set_by_an_administrator_must_be_changed_first(
        client: Any, web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_ENV, "admin")
    user = set_password(web_store, "planner", password("planner"))
    assert user.password_expired
    monkeypatch.delenv(USER_ENV)
    sign_in(client, "planner")
    r = client.get("/plans/carana", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/password?next=/plans/carana"
    form = client.get("/password?next=/plans/carana").text
    assert "was good for this one sign-in" in form
    token = csrf(form)
    new = "a-password-of-my-own"
    for data, said in (
            ({"current": "wrong-password", "new": new, "again": new}, "is not right"),
            ({"current": password("planner"), "new": new, "again": new + "x"}, "differ"),
            ({"current": password("planner"), "new": "short", "again": "short"},
             "at least 8 characters"),
            ({"current": password("planner"), "new": password("planner"),
              "again": password("planner")}, "choose a new password")):
        bad = client.post("/password", data={**data, "csrf": token, "next": "/plans/carana"},
                          follow_redirects=False)
        assert bad.status_code == 400 and said in bad.text.lower(), said
        assert client.get("/plans", follow_redirects=False).status_code == 303
    no_token = client.post("/password", data={"current": password("planner"), "new": new,
                                              "again": new}, follow_redirects=False)
    assert no_token.status_code == 403
    done = client.post("/password", data={"current": password("planner"), "new": new,
                                          "again": new, "csrf": token,
                                          "next": "/plans/carana"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/plans/carana"
    assert client.get("/plans", follow_redirects=False).status_code == 200
    person = get_user(web_store, "planner")
    assert person is not None and not person.password_expired


def test_the_first_administrator_and_impp_user_password(tmp_path: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.cli.serve_cmd import ADMIN, prepare
    from impp.store import open_store

    monkeypatch.delenv(USER_ENV, raising=False)
    url = str(tmp_path / "impp.db")
    first, _ = prepare(url)
    assert first is not None
    store = open_store(url)
    try:
        admin = get_user(store, ADMIN)
        assert admin is not None and admin.password_expired  # the printed one: one sign-in
    finally:
        store.close()
    runner = CliRunner()

    def run(*args: str, user: str, stdin: str = "", code: int = 0) -> str:
        r = runner.invoke(main, [*args, "--store", url], input=stdin,
                          env={USER_ENV: user}, catch_exceptions=False)
        assert r.exit_code == code, r.output
        return r.output

    assert "Password of admin set." in run("user", "password", ADMIN, "--password-stdin",
                                           user=ADMIN, stdin="mine-and-only-mine\n")
    run("user", "add", "mia", "--role", "member", "--clearance", "unclassified",
        "--body", "Mission support", user=ADMIN)
    assert "good for one sign-in" in run("user", "password", "mia", "--password-stdin",
                                         user=ADMIN, stdin="for-one-sign-in\n")
    assert "may set only their own password" in run(
        "user", "password", ADMIN, "--password-stdin", user="mia", stdin="taking-over!\n",
        code=2)
    listed = run("user", "list", user=ADMIN)
    assert "one sign-in" in listed and "Mission support" in listed
