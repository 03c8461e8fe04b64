"""Events others set, and preparation that must come first (the schedule's doctrine)."""

from __future__ import annotations

from impp.io import load_plan_text
from impp.temporal.checks import check_timeline

BASE = """\
mission: {id: m, name: M, reference_event: signed}
events:
  - {id: signed, name: Agreement signed, date: 2026-01-01}
  - {id: vote, name: Elections held, set_by: the agreement}
tasks:
  - {id: prep, name: Electoral support planning, duration: 100, prepares: [vote]}
constraints:
  - {id: vote_in_a_year, name: Elections within a year, from: signed, to: vote, max_days: 365,
     kind: criterion}
"""


def codes(text: str) -> list[tuple[str, tuple[str, ...]]]:
    plan = load_plan_text(text, "p.yaml")
    return [(f.code, f.items) for f in check_timeline(plan)
            if f.code.startswith(("timeline.external", "timeline.prepar"))]


def test_an_event_others_set_that_the_plans_work_dates_is_flagged() -> None:
    text = BASE + ("  - {id: in_time, name: Plans in time, from: prep.end, to: vote, "
                   "min_days: 30}\n")
    assert codes(text) == [("timeline.external-event-scheduled", ("vote", "in_time"))]


def test_an_event_the_plan_sets_itself_is_not() -> None:
    text = BASE.replace(", set_by: the agreement", "") + (
        "  - {id: in_time, name: Plans in time, from: prep.end, to: vote, min_days: 30}\n")
    assert codes(text) == []


def test_a_dated_event_others_set_is_not() -> None:
    text = BASE.replace("set_by: the agreement", "set_by: the agreement, date: 2026-09-01") + (
        "  - {id: in_time, name: Plans in time, from: prep.end, to: vote, min_days: 30}\n")
    assert codes(text) == []


def test_preparation_that_ends_after_the_event_is_an_error() -> None:
    text = BASE + ("  - {id: late_start, name: Planning starts late, from: signed, "
                   "to: prep.start, min_days: 300}\n")
    assert codes(text) == [("timeline.prepared-too-late", ("prep", "vote", "vote_in_a_year"))]
    assert codes(text.replace("min_days: 300", "min_days: 200")) == []


def test_a_preparation_deadline_after_the_event_is_a_warning() -> None:
    text = BASE + ("  - {id: prep_deadline, name: Planning done in 400 days, from: signed, "
                   "to: prep.end, max_days: 400, kind: criterion}\n")
    assert codes(text) == [("timeline.preparation-deadline-after-event",
                            ("prep", "prep_deadline", "vote", "vote_in_a_year"))]
    inside = text.replace("max_days: 400", "max_days: 300")
    assert codes(inside) == []
