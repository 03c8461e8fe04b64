"""An item's edit form by id follows the one clearance rule: an item above the reader's
clearance, or one that names it, is no item to them."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import SECRET_TASK, sign_in


def test_a_withheld_task_has_no_form_for_a_reader_below_it(client: Any) -> None:
    sign_in(client, "observer")
    r = client.get(f"/plans/carana/items/tasks?id={SECRET_TASK}")
    assert r.status_code == 404 and "Disarmament" not in r.text
    assert client.get("/plans/carana/items/tasks?id=no_such_task").status_code == 404
    # a constraint that points at it is withheld the same way
    r = client.get("/plans/carana/items/constraints?id=ddr_start_3_months")
    assert r.status_code == 404 and SECRET_TASK not in r.text
    # a visible task opens as before
    r = client.get("/plans/carana/items/tasks?id=tam")
    assert r.status_code == 200 and "Technical assessment mission" in r.text


def test_the_planner_cleared_to_it_gets_its_form(client: Any) -> None:
    sign_in(client, "planner")
    r = client.get(f"/plans/carana/items/tasks?id={SECRET_TASK}")
    assert r.status_code == 200 and "Disarmament" in r.text
