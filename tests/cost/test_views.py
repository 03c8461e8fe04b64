"""One estimate, the same figures everywhere: `impp plan`, `impp cost`, the Draft Mission
Budget; and nothing above a reader's clearance."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from impp.clearance import clearance
from impp.cli import main
from impp.io import load_plan_text
from impp.model import Plan, Sensitivity
from impp.plan_analysis import analyse
from impp.report.budget import draft_mission_budget
from impp.report.view import make_view
from impp.summary import project
from impp.views import cost_data
from tests.deploy.conftest import SMALL_DEPLOYMENT


def test_plan_cost_and_the_budget_document_give_the_same_figures(carana_plan: Plan) -> None:
    a = analyse(carana_plan)
    assert a.cost is not None
    whole = clearance(carana_plan, Sensitivity.strictly_confidential)
    data = cost_data(a, whole)
    assert data is not None
    summary = project(carana_plan, a)
    assert summary["cost"]["total"] == data["total"] == a.cost.total
    assert summary["cost"]["first_year"] == data["first_year"]
    doc = draft_mission_budget(make_view(carana_plan, summary, Sensitivity.strictly_confidential))
    assert doc is not None
    text = doc.text()
    assert f"USD {round(a.cost.total):,}" in text
    for label, amount in a.cost.by_period.items():
        assert label in text and f"USD {round(amount):,}" in text
    assert f"{round(100 * a.cost.first_year.joint):d} %" in text  # type: ignore[operator]
    plan_json = json.loads(CliRunner().invoke(main, ["plan", "--format", "json"]).output)
    assert plan_json["cost"]["total"] == pytest.approx(a.cost.total)


SECRET_RATE = SMALL_DEPLOYMENT.replace("HELOS", "2").replace(", event: resolution_foc", "") \
    .replace("{id: hq, name: HQ,", "{id: hq, name: HQ, type: hq,") \
    .replace("{id: bn, name: Battalion,", "{id: bn, name: Battalion, type: infantry,") + """\
costs: {currency: USD, horizon_days: 365}
rates:
  - {id: troops, name: Troops, driver: military, amount: 1428, per: person_month,
     unit_types: [infantry, hq]}
  - {id: lynx_bonus, name: Lynx danger pay, driver: military, amount: 900, per: person_month,
     unit_types: [infantry], sensitivity: confidential}
"""


def test_a_rate_above_the_readers_clearance_is_never_named() -> None:
    plan = load_plan_text(SECRET_RATE, "secret.yaml")
    a = analyse(plan)
    reader = clearance(plan, Sensitivity.unclassified)
    data = cost_data(a, reader)
    assert data is not None
    text = json.dumps(data)
    assert "lynx" not in text.lower() and data["withheld"]["items"] == 1
    # the totals stay the whole plan's (one analysis), the lines that name it go
    assert data["total"] == pytest.approx(a.cost.total)  # type: ignore[union-attr]
    doc = draft_mission_budget(make_view(plan, project(plan, a), Sensitivity.unclassified))
    assert doc is not None and "lynx" not in doc.text().lower()
    cleared = draft_mission_budget(make_view(plan, project(plan, a), Sensitivity.confidential))
    assert cleared is not None and "Lynx danger pay" in cleared.text()
    assert "Lynx" in json.dumps(cost_data(a, clearance(plan, Sensitivity.confidential)))
