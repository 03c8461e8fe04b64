"""A plan in conflict still has dates: fixes ranked by who can make them, and the
schedule with the first one made, marked as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from impp.io import load_plan_text
from impp.temporal.build import build_network
from impp.temporal.explain import explain
from impp.temporal.relax import CONTROLS, apply_fix, rank
from impp.temporal.schedule import schedule
from tests.cli.test_cli import impp

CONFLICT = """\
mission: {id: m, name: Conflict mission, reference_event: a}
events: [{id: a, name: Agreement signed, date: 2027-03-01}]
tasks:
  - {id: draft, name: Draft the plan, duration: 10, component: hq}
  - {id: debate, name: Council debate, duration: 10, owner: Security Council}
constraints:
  - {id: soon, name: Debate soon, from: a, to: debate.end, max_days: 15,
     source: "Directive, Timings"}
  - {id: first, name: Draft first, from: draft.end, to: debate.start, min_days: 0}
  - {id: begin, name: Draft after A, from: a, to: draft.start, min_days: 0}
"""


def test_the_first_fix_is_the_planners_own_work_and_the_schedule_has_its_dates() -> None:
    plan = load_plan_text(CONFLICT, "c.yaml")
    s = schedule(plan)
    assert not s.consistent and s.conflict is not None
    assert all(e.earliest is None for e in s.events.values())  # the plan's own: no dates
    assert [f.control for f in s.conflict.fixes] == [
        CONTROLS[0], CONTROLS[1], CONTROLS[1], CONTROLS[2], CONTROLS[3]]
    assert s.relaxed is not None and s.relaxed.consistent and s.relaxed_by is not None
    assert s.relaxed_by.rule.item == "draft" and s.relaxed_by.days == 5
    draft, debate = s.relaxed.tasks["draft"], s.relaxed.tasks["debate"]
    assert (draft.start, draft.end, debate.end) == (0.0, 5.0, 15.0)
    assert debate.date_end is not None and debate.date_end.isoformat() == "2027-03-16"


@pytest.mark.parametrize("item", ["draft", "first", "begin", "soon", "debate"])
def test_every_fix_made_to_the_plan_makes_it_hold(item: str) -> None:
    plan = load_plan_text(CONFLICT, "c.yaml")
    conflict = explain(build_network(plan))
    assert conflict is not None
    fix = next(f for f in rank(plan, conflict).fixes if f.rule.item == item)
    fixed = apply_fix(plan, fix)
    assert fixed is not None and schedule(fixed).consistent
    assert fixed.content_hash() != plan.content_hash()


def test_a_date_fixed_by_others_is_the_last_resort_and_still_gives_dates() -> None:
    text = """\
mission: {id: m, name: M}
events:
  - {id: signed, name: Signed, date: 2027-03-01}
  - {id: polls, name: Elections, date: 2027-03-10}
tasks:
  - {id: prep, name: Prepare the elections, duration: 20, component: mission}
constraints:
  - {id: after_signing, name: Prep after signing, from: signed, to: prep.start, min_days: 0,
     source: "Agreement, art. 3"}
  - {id: before_polls, name: Prep before polls, from: prep.end, to: polls, min_days: 0,
     source: "Agreement, art. 4"}
"""
    plan = load_plan_text(text, "e.yaml")
    s = schedule(plan)
    assert s.conflict is not None and s.relaxed is not None and s.relaxed_by is not None
    ranks = [CONTROLS.index(f.control) for f in s.conflict.fixes]
    assert ranks == sorted(ranks) and ranks[0] == 0  # shorten the preparation first
    assert s.relaxed_by.rule.item == "prep"
    dates = [f for f in s.conflict.fixes if f.rule.role.startswith("date")]
    assert dates and all(f.control == CONTROLS[3] for f in dates)


def test_the_commands_show_the_dates_and_say_they_are_not_the_plans(tmp_path: Path) -> None:
    path = tmp_path / "conflict.yaml"
    path.write_text(CONFLICT, encoding="utf-8")
    result = impp("timeline", str(path), "--format", "json", "--out", str(tmp_path))
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert not data["consistent"] and data["relaxed"]["fix"]["id"] == "draft"
    assert data["relaxed"]["tasks"]["debate"]["date_end"] == "2027-03-16"
    assert data["explanation"]["fixes"][0]["control"] == CONTROLS[0]
    assert {Path(p).name for p in data["charts"]} == {"timeline.png", "timeline.svg"}
    words = " ".join(impp("timeline", str(path), "--no-chart").stdout.split())
    assert "Dates if the plan is changed as the first fix says" in words and "2027-03-16" in words
    plan = json.loads(impp("plan", str(path), "--format", "json").stdout)
    assert plan["timeline"]["relaxed"]["fix"]["text"] == "shorten task draft from 10 to 5 days"
