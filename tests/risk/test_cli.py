"""`impp risk`, the charts, and the probability in `impp plan`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from impp.cli import main
from impp.model import Plan
from impp.risk import charts, simulate
from impp.risk.charts import draw_histogram, draw_tornado
from impp.summary import summarize


def test_risk_json_on_carana(tmp_path: Path) -> None:
    out = tmp_path / "charts"
    res = CliRunner().invoke(main, ["risk", "--samples", "800", "--seed", "3", "--quiet",
                                    "--format", "json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    deploy = data["criteria"]["deployment_within_90"]
    assert 0 < deploy["probability"] < 1
    event = data["events"]["mandate_resolution"]
    assert event["p50"] <= event["p80"] <= event["p90"]
    assert event["dates"]["p50"].startswith("2026-")
    task = data["tasks"]["force_deployment"]
    assert 0 <= task["criticality"] <= 1
    assert task["sensitivity"]["deployment_within_90"] > 0.5
    assert data["risks"]["force_generation_shortfall"]["probability"] == 0.4
    names = {Path(p).name for p in data["charts"]}
    assert {"s-curve-force_deployment_end.png", "s-curve-force_deployment_end.svg",
            "tornado-deployment_within_90.png"} <= names
    assert all(Path(p).stat().st_size > 0 for p in data["charts"])


def test_risk_table_on_carana() -> None:
    res = CliRunner().invoke(main, ["risk", "--samples", "500"])
    assert res.exit_code == 0, res.output
    assert "Criteria for success: probability met" in res.output
    assert "deployment_within_90" in res.output
    # the lift schedule's odds of IOC and FOC, re-scheduled per sample
    assert "Deployment with the lift that exists" in res.output
    assert "P(on time)" in res.output and "foc" in res.output


def test_risk_on_a_plan_without_units_has_no_deployment(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "mission: {id: m, name: M, reference_event: day0}\n"
        "events:\n  - {id: day0, name: Day 0, date: 2026-01-01}\n"
        "tasks:\n  - {id: a, name: A, duration: {min: 2, likely: 3, max: 5}}\n",
        encoding="utf-8")
    res = CliRunner().invoke(main, ["risk", str(plan), "--samples", "300", "--quiet",
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["deployment"] is None
    assert data["tasks"]["a"]["criticality"] == 1.0


def test_bad_sample_count_is_refused() -> None:
    res = CliRunner().invoke(main, ["risk", "--samples", "0"])
    assert res.exit_code == 2
    assert "0 is not in the range x>=1" in res.output


def test_plan_shows_probabilities(carana_plan: Plan) -> None:
    criteria = summarize(carana_plan)["criteria"]
    assert 0 <= criteria["deployment_within_90"]["probability"] <= 1


def test_charts_write_png_and_svg(carana_plan: Plan, tmp_path: Path) -> None:
    r = simulate(carana_plan, 500)
    paths = draw_histogram(r, "elections", tmp_path / "h")
    paths += draw_tornado(r, "idp_return_2_years", tmp_path / "t")
    assert [p.suffix for p in paths] == [".png", ".svg", ".png", ".svg"]
    assert paths[1].read_text().startswith("<?xml")


def test_charts_drawn_by_workers_are_the_ones_drawn_alone(
        carana_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = simulate(carana_plan, 200)
    # three criteria and their target events: nine figures
    kept = dict(list((k, v) for k, v in r.criteria.items() if v.probability is not None)[:3])
    small = replace(r, criteria=kept, events={c.to: r.events[c.to] for c in kept.values()})
    monkeypatch.setattr(charts, "PARALLEL_FROM", 2)
    told: list[int] = []
    alone = charts.draw_all(small, tmp_path / "alone")
    together = charts.draw_all(small, tmp_path / "together", workers=2, progress=told.append)
    assert len(alone) == 18 and sum(told) == 9
    assert [p.name for p in together] == [p.name for p in alone]
    for a, b in zip(alone, together, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
