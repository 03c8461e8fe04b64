"""One verdict: no criterion is "met" while a finding says its owner is absent or its
deadline falls after what it prepares (a property over generated plans)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from impp.doctrine.registry import verdict_states
from impp.io import load_plan_text
from impp.plan_analysis import Parameters, analyse

#: The rules whose findings say a criterion cannot be met as planned.
DOCTRINAL = ("timeline.before-presence", "timeline.presence-delays-criterion",
             "timeline.preparation-deadline-after-event")
OWNERS = ("Mission DDR section / UNDP", "Force", "National DDR commission", "UNDP",
          "Military / Mission support", "Mission support")
FAST = Parameters(risk_samples=64, what_if=False, deploy_risk_samples=0)


def plan_text(council: int, deploy: int, ddr: int, ddr_by: int, ddr_owner: str,
              planning: int, planning_by: int, election_day: int, dated: bool) -> str:
    election = (f"date: {(dt.date(2026, 1, 1) + dt.timedelta(days=election_day)).isoformat()}"
                if dated else "set_by: the agreement")
    bound = "" if dated else f"""
  - {{id: elections_by, name: Elections by day {election_day}, from: signed, to: elections,
     max_days: {election_day}, kind: criterion}}"""
    return f"""\
mission: {{id: gen, name: Generated mission, reference_event: signed}}
events:
  - {{id: signed, name: Agreement signed, date: 2026-01-01}}
  - {{id: mandate, name: Security Council resolution establishing the mission}}
  - {{id: elections, name: Elections held, {election}}}
tasks:
  - {{id: council, name: Council deliberation, owner: Security Council, duration: {council}}}
  - {{id: deploy, name: Deployment of the force, owner: Force, duration: {deploy}}}
  - {{id: hq, name: Establishment of the mission headquarters, owner: Mission support,
     duration: {max(1, deploy // 2)}}}
  - {{id: ddr, name: Disarmament and demobilization, owner: "{ddr_owner}", duration: {ddr}}}
  - {{id: planning, name: Planning of support to the electoral process,
     owner: Mission electoral division, duration: {planning}}}
constraints:
  - {{id: c1, name: council after signing, from: signed, to: council.start, min_days: 0}}
  - {{id: c2, name: mandate ends council, from: council.end, to: mandate, min_days: 0,
     max_days: 0}}
  - {{id: c3, name: deploy after mandate, from: mandate, to: deploy.start, min_days: 0}}
  - {{id: c4, name: hq after mandate, from: mandate, to: hq.start, min_days: 0}}
  - {{id: c5, name: planning after mandate, from: mandate, to: planning.start, min_days: 0}}
  - {{id: ddr_start, name: DDR begun, from: signed, to: ddr.start, max_days: {ddr_by},
     kind: criterion}}
  - {{id: ddr_end, name: DDR done, from: signed, to: ddr.end, max_days: {ddr_by + ddr + 30},
     kind: criterion}}
  - {{id: planning_by, name: Electoral planning done, from: mandate, to: planning.end,
     max_days: {planning_by}, kind: criterion}}{bound}
"""


@settings(max_examples=40, deadline=None)
@given(council=st.integers(1, 60), deploy=st.integers(1, 120), ddr=st.integers(1, 200),
       ddr_by=st.integers(1, 150), ddr_owner=st.sampled_from(OWNERS),
       planning=st.integers(1, 200), planning_by=st.integers(30, 400),
       election_day=st.integers(60, 500), dated=st.booleans())
def test_no_criterion_is_met_while_a_doctrinal_finding_names_it(
        council: int, deploy: int, ddr: int, ddr_by: int, ddr_owner: str, planning: int,
        planning_by: int, election_day: int, dated: bool) -> None:
    plan = load_plan_text(plan_text(council, deploy, ddr, ddr_by, ddr_owner, planning,
                                    planning_by, election_day, dated))
    a = analyse(plan, FAST, cache=False)
    states = verdict_states()
    for f in a.findings:
        if f.code not in DOCTRINAL:
            continue
        assert f.code in states
        named = [i for i in f.items if i in a.verdicts]
        assert f.criterion in named or f.code == "timeline.before-presence"
        if f.criterion is not None:
            v = a.verdicts[f.criterion]
            assert v.state != "met", (f.code, f.criterion, v.state)
            assert v.sentence() == v.doctrine.reason if v.doctrine else v.state == "missed"
    # and the other way: a met criterion is named by no such finding as the one it judges
    for cid, v in a.verdicts.items():
        if v.state == "met":
            assert not [f for f in a.findings if f.code in DOCTRINAL and f.criterion == cid]
