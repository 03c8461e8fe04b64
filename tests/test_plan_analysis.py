"""One analysis, one verdict: every command, document and chart says the same of a criterion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impp.cli import main
from impp.io import load_plan_text
from impp.io.yaml_io import dump_document as dump
from impp.model import Plan
from impp.plan_analysis import Parameters, PlanAnalysis, analyse
from impp.scenarios.synthetic import synthetic_plan
from impp.summary import project


def _json(args: list[str]) -> dict[str, Any]:
    r = subprocess.run([sys.executable, "-m", "impp", *args, "--format", "json"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    data: dict[str, Any] = json.loads(r.stdout)
    return data


def _verdicts(a: PlanAnalysis) -> dict[str, tuple[bool | None, float | None]]:
    return {cid: (v.met, None if v.margin_days is None else round(v.margin_days, 1))
            for cid, v in a.verdicts.items()}


def _pairs(criteria: dict[str, Any]) -> dict[str, tuple[bool | None, float | None]]:
    return {cid: (c["met"], c["margin_days"]) for cid, c in criteria.items()}


def test_carana_gets_one_verdict_per_criterion_in_every_command(
    carana_plan: Plan, tmp_path: Path,
) -> None:
    a = analyse(carana_plan)
    expected = _verdicts(a)
    # the case that read "met" in one table and "missed" in another
    assert a.verdicts["deployment_within_90"].basis == "deployment"
    assert a.verdicts["deployment_within_90"].timeline is not None
    assert a.verdicts["deployment_within_90"].timeline.met is False
    plan = _json(["plan"])
    assert _pairs(plan["criteria"]) == expected
    timeline = _json(["timeline", "--no-chart"])
    assert _pairs(timeline["criteria"]) == expected
    risk = _json(["risk"])
    assert _pairs(risk["criteria"]) == expected
    assert {k: c["probability"] for k, c in risk["criteria"].items()} == {
        k: None if v.probability is None else round(v.probability, 4)
        for k, v in a.verdicts.items()}
    deploy = _json(["deploy", "--out", str(tmp_path)])
    assert _pairs(deploy["criteria"]) == {
        k: p for k, p in expected.items() if a.verdicts[k].basis == "deployment"}
    # the same rows of what-if in `impp plan` and `impp deploy`
    assert plan["deployment"]["what_if"] == deploy["what_if"]


def test_the_report_and_the_gantt_chart_show_the_verdicts(
    carana_plan: Plan, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp.report import analyses
    from impp.report.package import build_package
    from impp.summary import summarize

    a = analyse(carana_plan)
    seen: dict[str, Any] = {}
    states: dict[str, str] = {}
    import impp.temporal.gantt as gantt

    real = gantt.draw_gantt

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs.get("met") or {})
        states.update(kwargs.get("states") or {})
        return real(*args, **kwargs)

    monkeypatch.setattr(gantt, "draw_gantt", spy)
    monkeypatch.setenv("IMPP_CACHE", "off")  # draw it, not read an earlier drawing back
    analyses.engine_gantt(carana_plan, _full_view(carana_plan))
    assert seen == {k: v.met for k, v in a.verdicts.items()}
    assert states == {k: v.state for k, v in a.verdicts.items()}  # at risk drawn as such
    package = build_package(carana_plan, summarize(carana_plan))
    page = next(f.data for f in package.files if f.name == "report.html").decode("utf-8")
    table = page[page.index('<h2 id="criteria">'):]
    for v in a.verdicts.values():
        row = table[table.index(v.name + "</td>"):]
        row = row[: row.index("</tr>")]
        assert f">{v.state}<" in row, v.id
        from impp import fmt
        assert fmt.signed_days(v.margin_days) in row, v.id


def _full_view(plan: Plan) -> Any:
    from impp.model import Sensitivity
    from impp.report.view import make_view
    from impp.summary import summarize

    return make_view(plan, summarize(plan), Sensitivity.strictly_confidential)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_plans_get_one_verdict_in_every_command(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(synthetic_plan(20, seed=seed, deployment=True), encoding="utf-8")
    plan = load_plan_text(path.read_text(encoding="utf-8"), str(path))
    a = analyse(plan)
    assert {v.basis for v in a.verdicts.values()} == {"timeline", "deployment"}
    runner = CliRunner()
    outputs = {}
    for cmd in (["plan"], ["timeline", "--no-chart"], ["risk"]):
        r = runner.invoke(main, [cmd[0], str(path), *cmd[1:], "--format", "json"])
        assert r.exit_code in (0, 1), r.output
        outputs[cmd[0]] = json.loads(r.stdout)
    for name, data in outputs.items():
        assert _pairs(data["criteria"]) == _verdicts(a), name


def test_a_capability_criterion_is_decided_by_the_lift_and_says_the_timeline_figure(
    tmp_path: Path,
) -> None:
    plan = load_plan_text(synthetic_plan(10, seed=4, deployment=True), "p.yaml")
    a = analyse(plan, cache=False)
    v = a.verdicts["foc_crit"]
    assert v.basis == "deployment" and v.deployment is not None
    assert v.days == v.deployment.day
    assert v.margin_days == (v.max_days or 0) - v.deployment.day
    assert v.other_model is not None and "the lift that exists gives day" in v.other_model
    assert v.timeline is not None and v.timeline.days is not None
    # a finding says both figures whenever the two models disagree
    codes = {f.code: f for f in a.findings if v.id in f.items}
    if v.timeline.met != v.met:
        assert {"deploy.timeline-disagrees", "deploy.milestone-late"} & set(codes)
    assert "timeline.criterion-missed" not in codes


def test_deployment_criteria_get_the_odds_of_their_own_deadline(carana_plan: Plan) -> None:
    a = analyse(carana_plan)
    assert a.deployment is not None and a.deployment.risk is not None
    foc = a.deployment.risk["milestones"]["foc"]
    v = a.verdicts["deployment_within_90"]
    assert v.probability == pytest.approx(foc["probability"])
    hist = foc["histogram"]
    assert sum(hist.values()) == a.deployment.risk["samples"]


# -- risk and timeline agree ------------------------------------------------------


@st.composite
def _fixed_plans(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 8))
    lines = ["mission: {id: m, name: M, reference_event: start}",
             "events:", "  - {id: start, name: Start, date: 2026-01-01}",
             "  - {id: done, name: Done}", "tasks:"]
    for i in range(n):
        dur = draw(st.integers(0, 12))
        preds = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        links = ", ".join(f"{{task: t{p}, lag: {draw(st.integers(0, 3))}}}" for p in preds)
        lines.append(f"  - {{id: t{i}, name: T{i}, duration: {dur}"
                     + (f", after: [{links}]" if links else "") + "}")
    lines.append("constraints:")
    lines.append(f"  - {{id: finish, name: Done after the last, from: t{n - 1}.end, to: done, "
                 f"min_days: {draw(st.integers(0, 5))}}}")
    for k in range(draw(st.integers(0, 3))):
        a, b = sorted(draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2)))
        if a < b:
            lines.append(f"  - {{id: gap{k}, name: Gap {k}, from: t{a}.end, to: t{b}.start, "
                         f"min_days: {draw(st.integers(0, 6))}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fixed_plans())
def test_risk_with_planning_durations_is_the_timelines_earliest_schedule(text: str) -> None:
    """Schedule risk compiles its own network: with every duration fixed it must give
    the temporal engine's earliest schedule, event by event."""
    from impp.risk.simulate import simulate
    from impp.temporal import schedule

    plan = load_plan_text(text, "p.yaml")
    timeline = schedule(plan)
    assert timeline.consistent
    risk = simulate(plan, samples=2, seed=0, sensitivity_samples=0)
    for eid, e in risk.events.items():
        earliest = timeline.events[eid].earliest
        assert earliest is not None
        assert e.distribution.low == pytest.approx(earliest), eid
        assert e.distribution.high == pytest.approx(earliest), eid


# -- the cache ----------------------------------------------------------------------


def test_the_cache_gives_back_the_same_analysis_and_recovers_from_a_bad_file(
    small_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp import cache, plan_analysis

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(plan_analysis, "_MEMORY", {})
    first = analyse(small_plan)
    files = list(tmp_path.glob("analysis-*.pickle"))
    assert len(files) == 1
    plan_analysis._MEMORY.clear()
    again = analyse(small_plan)
    assert again is not first and project(small_plan, again) == project(small_plan, first)
    files[0].write_bytes(b"not a pickle")
    plan_analysis._MEMORY.clear()
    recomputed = analyse(small_plan)  # and written again
    assert project(small_plan, recomputed) == project(small_plan, first)
    assert cache.load(files[0].stem.removeprefix("analysis-")) is not None
    other = analyse(small_plan, Parameters(risk_samples=50))
    assert other.parameters.risk_samples == 50
    assert len(list(tmp_path.glob("analysis-*.pickle"))) == 2


def test_the_cache_can_be_turned_off(
    small_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp import plan_analysis

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("IMPP_CACHE", "off")
    monkeypatch.setattr(plan_analysis, "_MEMORY", {})
    analyse(small_plan)
    assert list(tmp_path.iterdir()) == []


def test_an_edit_outside_the_deployment_reuses_its_solve(
    carana_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp import plan_analysis
    from impp.deploy import schedule

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(plan_analysis, "_MEMORY", {})
    params = Parameters(risk_samples=100, deploy_risk_samples=20, what_if=False)
    first = analyse(carana_plan, params)
    solves: list[str] = []
    real = schedule.plan_deployment

    def spy(plan: Plan, **kw: Any) -> schedule.Deployment:
        solves.append("solve")
        return real(plan, **kw)

    monkeypatch.setattr(schedule, "plan_deployment", spy)
    doc = carana_plan.to_document()
    doc["tasks"][0]["duration"] = {"min": 6, "likely": 8, "max": 11}  # the draft mission plan
    edited = load_plan_text(dump(doc), "edited.yaml")
    second = analyse(edited, params)
    assert solves == []  # the lift schedule, read back
    assert second.content_hash != first.content_hash
    assert second.deployment == first.deployment
    assert (second.verdicts["deployment_within_90"].deployment
            == first.verdicts["deployment_within_90"].deployment)
    # a change to what the deployment reads is solved again
    doc["lift"][2]["count"] = 5  # helicopters
    analyse(load_plan_text(dump(doc), "more-helicopters.yaml"), params)
    assert solves == ["solve"]


def test_a_cold_plan_loads_neither_numba_nor_pandas(
    carana_plan: Plan, tmp_path: Path,
) -> None:
    code = ("import sys\nfrom impp.cli import main\n"
            "try:\n    main(['plan', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted(m for m in ('numba', 'pandas', 'scipy', 'networkx') "
            "if m in sys.modules), 'ortools' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=600, env={**os.environ, "IMPP_CACHE": "off"})
    assert "HEAVY [] True" in r.stdout, r.stdout[-300:] + r.stderr[-300:]


def test_a_warm_plan_loads_no_solver_and_no_kernel(carana_plan: Plan) -> None:
    analyse(carana_plan)  # computed (or found) here, on disk for the child
    code = ("import sys\nfrom impp.cli import main\n"
            "try:\n    main(['plan', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted(m for m in ('ortools', 'numba', 'scipy.stats', "
            "'matplotlib') if m in sys.modules))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=300)
    assert "HEAVY []" in r.stdout, r.stdout[-300:] + r.stderr[-300:]


def test_a_view_is_kept_by_the_plans_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp import cache

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path / "cache"))
    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: p, name: P}\n", encoding="utf-8")
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    assert cache.view("k", plan, ("a",), compute) == {"n": 1}
    assert cache.view("k", plan, ("a",), compute) == {"n": 1}  # read back
    assert cache.view("k", plan, ("b",), compute) == {"n": 2}  # other options
    assert cache.view("other", plan, ("a",), compute) == {"n": 3}  # another command
    plan.write_text("mission: {id: p, name: P2}\n", encoding="utf-8")
    assert cache.view("k", plan, ("a",), compute) == {"n": 4}  # other bytes
    monkeypatch.setenv("IMPP_USER", "someone")  # their clearance is in the store
    assert cache.view("k", plan, ("a",), compute) == {"n": 5}
    assert cache.view("k", plan, ("a",), compute) == {"n": 6}
    monkeypatch.delenv("IMPP_USER")
    assert cache.view("k", tmp_path / "missing.yaml", (), compute) == {"n": 7}  # not kept
    assert cache.view("k", tmp_path / "missing.yaml", (), compute) == {"n": 8}


def test_a_warm_plan_or_validate_reads_the_view_without_the_plan_model(
    tmp_path: Path,
) -> None:
    """The second run of an unchanged plan prints the same, from the kept view."""
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache"), "IMPP_PROGRESS": "off"}
    code = ("import sys\nfrom impp.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('MODEL', 'impp.model' in sys.modules, file=sys.stderr)\n")
    from impp.scenarios import carana_path

    for args in (["plan", "--format", "json"], ["validate", str(carana_path())],
                 ["plan", "--max-sensitivity", "unclassified"]):
        cold = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=600, env=env)
        warm = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, timeout=600, env=env)
        assert "MODEL True" in cold.stderr, cold.stderr[-300:]
        assert "MODEL False" in warm.stderr, warm.stderr[-300:]
        assert warm.stdout == cold.stdout and warm.stdout


def test_an_invalid_plan_is_never_kept_as_valid(tmp_path: Path) -> None:
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache")}
    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: p, name: P}\n", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "impp", "validate", str(plan)],
                        capture_output=True, text=True, timeout=300, env=env)
    assert ok.returncode == 0 and "valid (0 items)" in ok.stdout
    plan.write_text("mission: {id: p, name: P}\nevents: [{id: a}]\n", encoding="utf-8")
    for _ in range(2):
        bad = subprocess.run([sys.executable, "-m", "impp", "validate", str(plan)],
                             capture_output=True, text=True, timeout=300, env=env)
        assert bad.returncode == 2 and "p.yaml:2" in bad.stderr, bad.stderr


# -- numbers as planners read them ------------------------------------------------


def test_plan_prints_days_to_one_decimal_and_no_minus_zero() -> None:
    r = subprocess.run([sys.executable, "-m", "impp", "plan", "--events"], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    assert "125.696" not in r.stdout and "7.69565" not in r.stdout
    assert " -0 " not in r.stdout
    assert "125.7" in r.stdout  # the end of ioc_deployment, rounded


def test_ranks_are_scipys_average_ranks() -> None:
    import numpy as np
    from scipy.stats import rankdata

    from impp.risk.simulate import _scores

    rng = np.random.default_rng(7)
    for y in (rng.integers(0, 4, 200).astype(float), rng.random(50), np.arange(5.0)):
        r = rankdata(y, method="average")
        r = r - r.mean()
        expected = r / np.sqrt(r @ r)
        got = _scores(y)
        assert got is not None and np.allclose(got, expected)
    assert _scores(np.ones(4)) is None


def test_one_analysis_solves_the_timeline_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from impp.temporal import checks

    plan = load_plan_text(synthetic_plan(12, seed=5, deployment=True), "p.yaml")
    calls: list[str] = []
    real = checks.__dict__["schedule"]

    def counted(p: Plan) -> Any:
        calls.append(p.content_hash())
        return real(p)

    monkeypatch.setattr(checks, "schedule", counted)
    monkeypatch.setattr(checks, "_SCHEDULES", type(checks._SCHEDULES)())
    monkeypatch.setattr(checks, "_CACHE", type(checks._CACHE)())
    a = analyse(plan, cache=False)
    assert a.deployment is not None and a.deployment.what_if  # the what-if re-solves ran
    assert len(calls) == 1


EXTREME = """\
mission: {id: x, name: Extreme, reference_event: a}
events:
  - {id: a, name: A, date: 1900-01-01}
  - {id: z, name: Z, date: 2199-12-31}
seasons:
  - {id: wet, name: Wet, start: "06-01", end: "09-30"}
tasks:
  - {id: century, name: Century, duration: 36500, season_factors: {wet: 1.5}}
  - {id: zero, name: Zero, duration: 0, after: [century]}
  - {id: wide, name: Wide, duration: {min: 0, likely: 0, max: 36500}, after: [zero]}
constraints:
  - {id: c1, name: C1, from: a, to: wide.end, max_days: 100, kind: criterion}
  - {id: c2, name: C2, from: a, to: z, max_days: 10, kind: criterion}
"""


def test_extreme_but_valid_plans_get_an_analysis() -> None:
    """Zero and century-long durations, the first and last dates a plan may hold."""
    plan = load_plan_text(EXTREME, "extreme.yaml")
    a = analyse(plan, cache=False)
    assert a.verdicts["c1"].met is False and a.verdicts["c2"].met is False
    assert project(plan, a)["criteria"]["c1"]["margin_days"] is not None


def test_ten_thousand_events_get_an_analysis() -> None:
    """A chain of 10,000 events, each at least a day after the last."""
    n = 10_000
    lines = ["mission: {id: m, name: M, reference_event: e0}", "events:",
             "  - {id: e0, name: Event 0, date: 2026-01-01}"]
    lines += [f"  - {{id: e{i}, name: Event {i}}}" for i in range(1, n)]
    lines.append("constraints:")
    lines += [f"  - {{id: c{i}, name: C{i}, from: e{i - 1}, to: e{i}, min_days: 1}}"
              for i in range(1, n)]
    lines.append(f"  - {{id: crit, name: Crit, from: e0, to: e{n - 1}, max_days: 20000, "
                 "kind: criterion}")
    plan = load_plan_text("\n".join(lines) + "\n", "events.yaml")
    a = analyse(plan, Parameters(risk_samples=64), cache=False)
    assert a.verdicts["crit"].met is True
    assert a.verdicts["crit"].margin_days == 20000 - (n - 1)


def test_the_cache_stays_within_its_size(
    small_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from impp import plan_analysis

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(plan_analysis, "_MEMORY", {})
    analyse(small_plan, Parameters(risk_samples=10))
    one = next(tmp_path.glob("analysis-*.pickle")).stat().st_size
    monkeypatch.setenv("IMPP_CACHE_BYTES", str(int(one * 1.5)))
    analyse(small_plan, Parameters(risk_samples=11))  # the older one goes
    assert len(list(tmp_path.glob("analysis-*.pickle"))) == 1
    monkeypatch.setenv("IMPP_CACHE_BYTES", str(one // 2))
    analyse(small_plan, Parameters(risk_samples=12))  # too large to keep at all
    assert len(list(tmp_path.glob("analysis-*.pickle"))) == 1
    assert not list(tmp_path.glob(".analysis-*"))  # no temporary file left behind
