"""`impp cost` on Carana as a user runs it: the JSON a script reads, the table, the workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import impp


def test_carana_estimate_adds_up_in_json_table_and_workbook(tmp_path: Path) -> None:
    book = tmp_path / "carana-cost.xlsx"
    result = impp("cost", "--format", "json", "--xlsx", str(book))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"total", "by_driver", "by_period", "per_uniformed_person_year", "rates"} <= data.keys()
    assert data["schema"] == "impp.cost/1" and data["currency"] == "USD"
    assert sum(data["by_driver"].values()) == pytest.approx(data["total"])
    assert sum(data["by_period"].values()) == pytest.approx(data["total"])
    assert data["periods"][0]["label"] == "2026/27"  # day 0 falls in it
    # the one published rate is there with its source; the others say they are assumptions
    troops = next(r for r in data["rates"] if r["id"] == "troop_reimbursement")
    assert troops["amount"] == 1428 and "72/285" in troops["source"] and not troops["assumption"]
    assert all(r["assumption"] for r in data["rates"] if "Assumption" in (r["source"] or ""))
    # what one more asset buys and costs; reserve options costed apart from the total
    heli = next(r for r in data["what_if"] if r["asset"] == "helicopters")
    assert heli["per_month"] == 450000 + 2500 * 40 and heli["ioc_gain"] is not None
    options = {o["what"]: o for o in data["options"]}
    assert {"in_mission_reserve", "strategic_reserve"} <= options.keys()
    assert options["strategic_reserve"]["total"] == 4_000_000
    assert not any(i["what"] in options for i in data["items"])
    fy = data["first_year"]
    assert fy["samples"] > 0 and fy["p50"] <= fy["p80"]
    assert 0 <= fy["joint"] <= min(fy["within_ceiling"], fy["milestone_probability"])

    from openpyxl import load_workbook

    wb = load_workbook(book)
    lines = wb["Lines"]
    head = [c.value for c in lines[1]]
    totals = [row[head.index("total")] for row in lines.iter_rows(min_row=2, values_only=True)]
    assert sum(totals) == pytest.approx(data["total"])
    assert {r[0] for r in wb["Rates"].iter_rows(min_row=2, values_only=True)} == {
        r["id"] for r in data["rates"]}

    table = impp("cost")
    assert table.returncode == 0, table.stderr
    words = " ".join(table.stdout.split())  # the table wraps to the terminal's width
    assert "joint confidence level" in words and "2026/27" in words
    assert f"USD {round(data['total']):,}" in words


def test_a_plan_without_costs_says_how_to_add_them(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: m, name: M}\n", encoding="utf-8")
    result = impp("cost", str(plan))
    assert result.returncode == 1
    assert "sets no costs" in result.stderr and "Traceback" not in result.stderr
