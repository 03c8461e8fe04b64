"""What the temporal engine finds on the Carana plan, with the sources it cites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from impp.io import load_plan_text
from impp.model import Plan
from impp.summary import summarize
from impp.temporal import schedule
from impp.temporal.checks import check_timeline
from impp.temporal.gantt import draw_gantt


def test_carana_holds_with_dates_from_the_signing(carana_plan: Plan) -> None:
    s = schedule(carana_plan)
    assert s.consistent and s.day_zero == "agreement_signed"
    assert s.day_zero_date == dt.date(2026, 6, 1)
    # Directive issued on day 4, one week of drafting, one week before the TAM.
    assert s.events["tam.start"].earliest == 18
    assert s.events["tam.start"].date == dt.date(2026, 6, 19)
    # The report is due exactly three weeks after the TAM returns (day 28).
    assert s.events["sg_report_submitted"].earliest == 49
    assert s.critical_path[:2] == ("draft_mission_plan", "tam")
    assert s.tasks["tam"].float_days == 0 and s.tasks["final_draft"].float_days == 3


def test_tam_within_14_is_out_of_reach_and_says_why(carana_plan: Plan) -> None:
    check = schedule(carana_plan).criteria["tam_within_14"]
    assert check.met is False and check.margin_days == -4 and check.reachable is False
    blocking = {r.item for r in check.blocking}
    assert {"dmp_week_before_tam", "draft_mission_plan", "dmp_after_directive",
            "directive_issued", "agreement_signed"} == blocking
    finding = next(f for f in check_timeline(carana_plan)
                   if f.code == "timeline.criterion-missed" and "tam_within_14" in f.items)
    assert "Criteria for success (1)" in (finding.source or "")
    assert "dmp_week_before_tam: Carana directive, Timeline" in (finding.source or "")


def test_the_rainy_season_breaks_the_90_day_deployment(carana_plan: Plan) -> None:
    s = schedule(carana_plan)
    check = s.criteria["deployment_within_90"]
    assert check.margin_without_seasons == 0
    assert check.met is False and check.margin_days is not None and check.margin_days < 0
    kinds = {(e.task, e.kind) for e in s.season_effects}
    assert ("force_deployment", "stretch") in kinds


def test_directive_says_two_things_twice(carana_plan: Plan) -> None:
    dups = [f for f in check_timeline(carana_plan) if f.code == "timeline.duplicate-rule"]
    pairs = {f.items for f in dups}
    assert ("tam_within_14", "tam_within_21") in pairs
    # "three weeks after" and "within 21 days" agree: the looser adds nothing
    assert ("sg_report_three_weeks_after_tam", "recommendations_within_21") not in pairs
    [agree] = [f for f in check_timeline(carana_plan) if f.code == "timeline.redundant-rule"
               and f.items == ("recommendations_within_21", "sg_report_three_weeks_after_tam")]
    assert "the two passages agree" in agree.message
    tam = next(f for f in dups if f.items == ("tam_within_14", "tam_within_21"))
    assert tam.source is not None
    assert "Criteria for success (1)" in tam.source and "Timeline" in tam.source


def test_as_a_requirement_the_14_days_conflict_with_a_verified_fix(carana_plan: Plan) -> None:
    cs = tuple(c.model_copy(update={"kind": "requirement"}) if c.id == "tam_within_14" else c
               for c in carana_plan.constraints)
    s = schedule(carana_plan.model_copy(update={"constraints": cs}))
    assert not s.consistent and s.conflict is not None
    assert s.conflict.days == 4
    assert set(s.conflict.ids) == {"tam_within_14", "dmp_week_before_tam",
                                   "draft_mission_plan", "dmp_after_directive",
                                   "directive_issued", "agreement_signed"}
    fixes = [f.text for f in s.conflict.fixes]
    assert "raise max_days of tam_within_14 from 14 to 18" in fixes
    assert "lower min_days of dmp_week_before_tam from 7 to 3" in fixes
    finding = next(f for f in check_timeline(carana_plan.model_copy(
        update={"constraints": cs})) if f.code == "timeline.conflict")
    assert finding.severity == "error" and "fail by 4 days" in finding.message


def test_summary_gets_dates_and_margins(carana_plan: Plan) -> None:
    summary = summarize(carana_plan)
    assert summary["events"]["tam.start"]["date_earliest"] == "2026-06-19"
    assert summary["criteria"]["tam_within_14"]["margin_days"] == -4
    assert summary["timeline"]["consistent"] is True
    assert any(t["id"] == "timeline.tasks" for t in summary["tables"])


SEASONAL = """\
mission: {id: s, name: S, reference_event: start}
seasons:
  - {id: rainy, name: Rainy season, start: "06-15", end: "09-30", source: "Directive, Constraints"}
events:
  - {id: start, name: Start, date: 2026-06-01}
tasks:
  - {id: road, name: Road move, duration: 20, blocked_in: [rainy]}
  - {id: build, name: Build camp, duration: 20, season_factors: {rainy: 2}}
constraints:
  - {id: road_soon, name: Road move starts at once, from: start, to: road.start, min_days: 0}
  - {id: build_soon, name: Build from day 10, from: start, to: build.start, min_days: 10}
  - {id: road_deadline, name: Road done in 140 days, from: start, to: road.end, max_days: 140,
     kind: criterion, source: "Directive, Criteria"}
"""


def test_seasons_delay_blocked_tasks_and_stretch_others() -> None:
    s = schedule(load_plan_text(SEASONAL, "seasonal.yaml"))
    # 20 days from 1 June would run into the rains on 15 June: wait until 1 October.
    assert s.tasks["road"].date_start == dt.date(2026, 10, 1)
    # Build from 11 June: 4 dry days, then every day counts half until done.
    assert s.tasks["build"].duration == pytest.approx(4 + 16 * 2)
    assert s.criteria["road_deadline"].margin_days == -2  # ends day 142
    assert s.criteria["road_deadline"].margin_without_seasons == 120


def test_gantt_writes_png_and_svg(carana_plan: Plan, tmp_path: Path) -> None:
    paths = draw_gantt(schedule(carana_plan), tmp_path / "sub" / "g")
    assert [p.name for p in paths] == ["g.png", "g.svg"]
    assert paths[0].read_bytes()[:4] == b"\x89PNG"
    svg = paths[1].read_text(encoding="utf-8")
    # names, not ids: the task and the criterion as a chief reads them
    assert "Technical assessment mission in Carana" in svg
    assert "Technical assessment mission deployed within 14 days of the signing" in svg
    assert "tam_within_14" not in svg
