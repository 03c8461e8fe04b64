"""The IMPP's levels on the plan's own timeline: timeframes, order and the trigger."""

from __future__ import annotations

import pytest

from impp.exceptions import PlanFileError
from impp.io import load_plan_text
from impp.model import Plan
from impp.process.timeframes import timeframe_findings
from impp.temporal.schedule import schedule

#: Level 1.2 runs from the USG's directive (day 0) to the SG's report, which
#: the plan's deadline puts at most REPORT days after it.
BASE = """\
mission: {id: m, name: M, reference_event: directive}
process:
  level: "1.2"
events:
  - {id: directive, name: USG directive, date: 2026-03-01, marks: usg_planning_directive_issued}
  - {id: report, name: SG report, marks: sg_report_submitted}
  - {id: mandate, name: Mandate, marks: mandate_adopted}
constraints:
  - {id: report_due, name: Report due, from: directive, to: report, max_days: REPORT}
  - {id: report_after, name: Report after the directive, from: directive, to: report, min_days: 7}
  - {id: mandate_after, name: Council votes, from: report, to: mandate, min_days: 14}
"""


def findings(text: str) -> list[tuple[str, tuple[str, ...]]]:
    plan = load_plan_text(text, "p.yaml")
    return [(f.code, f.items) for f in timeframe_findings(plan, schedule(plan))]


def plan_with(report: int) -> str:
    return BASE.replace("REPORT", str(report))


def test_a_deadline_below_the_minimum_floor_is_an_error_with_its_chain() -> None:
    plan = load_plan_text(plan_with(14), "p.yaml")
    [f] = timeframe_findings(plan, schedule(plan))
    assert (f.severity, f.code) == ("error", "process.level-below-minimum")
    assert f.items == ("directive", "report", "report_due")
    assert "at most 14 days" in f.message and "minimum floor of 21 days" in f.message
    assert "IMPP guidelines, Level 1.2 timeframe" in (f.source or "")


def test_between_the_floor_and_the_desirable_is_a_warning() -> None:
    assert findings(plan_with(30)) == [
        ("process.level-below-desirable", ("directive", "report", "report_due"))]


def test_room_for_the_desirable_six_weeks_raises_nothing() -> None:
    assert findings(plan_with(42)) == []
    # nor does a level whose end has no deadline at all
    assert findings(plan_with(42).replace(
        "  - {id: report_due, name: Report due, from: directive, to: report, max_days: 42}\n",
        "")) == []


def test_a_plan_without_marks_is_not_checked() -> None:
    text = plan_with(14).replace(", marks: usg_planning_directive_issued", "")
    text = text.replace(", marks: sg_report_submitted", "").replace(", marks: mandate_adopted",
                                                                     "")
    assert findings(text) == []


def test_moments_out_of_the_guidelines_order_are_an_error() -> None:
    # the Council authorises the operation before the report that proposes it
    text = plan_with(42).replace("from: report, to: mandate, min_days: 14",
                                 "from: mandate, to: report, min_days: 14")
    [(code, items)] = findings(text)
    assert code == "process.out-of-order" and "mandate_after" in items


TRIGGER = """\
  trigger: {kind: peace_agreement, event: signed}
"""


def with_trigger(days_before_directive: int) -> str:
    text = plan_with(42).replace('  level: "1.2"\n', '  level: "1.2"\n' + TRIGGER)
    return text.replace(
        "events:\n",
        "events:\n  - {id: signed, name: Agreement signed, date: "
        f"2026-{2 if days_before_directive > 0 else 3:02d}-"
        f"{(28 - days_before_directive + 1) if days_before_directive > 0 else 1:02d}}}\n")


def test_a_trigger_too_late_for_level_1_1_is_a_warning() -> None:
    # signed on 2026-02-25, four days before the directive: Level 1.1 alone
    # needs 28 days before the directive, so the IMPP began 24 days earlier
    plan = load_plan_text(with_trigger(4), "p.yaml")
    [f] = timeframe_findings(plan, schedule(plan))
    assert f.code == "process.began-before-trigger"
    assert "at least 24 days before it" in f.message
    assert f.items[0] == "signed"


def test_a_trigger_early_enough_raises_nothing() -> None:
    assert findings(with_trigger(28)) == []


@pytest.mark.parametrize(("change", "message"), [
    ("marks: sg_report_submitted", "unknown IMPP moment 'sg_report_submited'"),
    ("marks: mandate_adopted", "'directive' already marks 'usg_planning_directive_issued'"),
])
def test_bad_marks_are_located_errors(change: str, message: str) -> None:
    bad = {"marks: sg_report_submitted": "marks: sg_report_submited",
           "marks: mandate_adopted": "marks: usg_planning_directive_issued"}[change]
    with pytest.raises(PlanFileError) as err:
        load_plan_text(plan_with(42).replace(change, bad), "p.yaml")
    text = str(err.value)
    assert message in text and "p.yaml:" in text


def test_an_unknown_trigger_kind_is_a_located_error() -> None:
    text = plan_with(42).replace('  level: "1.2"\n',
                                 '  level: "1.2"\n  trigger: {kind: peace_agreemnt}\n')
    with pytest.raises(PlanFileError) as err:
        load_plan_text(text, "p.yaml")
    assert "unknown trigger kind 'peace_agreemnt' (did you mean 'peace_agreement'?)" in str(
        err.value)


def test_carana_level_2_1_is_short_of_six_weeks_on_one_reading(carana_plan: Plan) -> None:
    found = {f.code: f for f in timeframe_findings(carana_plan, schedule(carana_plan))}
    short = found["process.level-below-desirable"]
    assert "Level 2.1" in short.message and "at most 35 days" in short.message
    # the limit rests on a stated reading of the directive, and says so
    assert "validation_by_hq_establishment" in short.items
    assert "rests on assumptions" in short.message
    # the other reading: without it, Level 2.1 has no upper bound and no finding
    doc = carana_plan.to_document()
    doc["constraints"] = [c for c in doc["constraints"]
                          if c["id"] != "validation_by_hq_establishment"]
    from impp.io.yaml_io import dump_document

    other = load_plan_text(dump_document(doc), "other.yaml")
    codes = {f.code for f in timeframe_findings(other, schedule(other))}
    assert "process.level-below-desirable" not in codes
    began = found["process.began-before-trigger"]
    assert "24 days before" in began.message
