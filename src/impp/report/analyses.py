"""Pictures the analyses draw themselves, embedded when they exist.

The temporal engine draws its own Gantt chart (critical tasks, float, the
criteria's deadlines: :func:`impp.temporal.gantt.draw_gantt`). The package
embeds it when the reader may see the whole plan; when items are withheld it
keeps its own chart (:mod:`impp.report.charts`), drawn from the filtered
summary, because the engine's chart names every task and criterion.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import matplotlib

from impp.exceptions import ImppError
from impp.model import Plan
from impp.report.charts import Chart, inline_svg
from impp.report.view import ReportView

T = TypeVar("T")

#: Fixed SVG ids and text kept as text: the same plan gives the same page.
_RC: Any = {"svg.hashsalt": "impp-report", "svg.fonttype": "none"}

GANTT_NOTE_ENGINE = (
    "Gantt chart drawn by the temporal engine (impp timeline): critical tasks in red, float in "
    "grey, each criterion's deadline as a dashed line (green met, red missed)."
)
RISK_WITHHELD = (
    "Schedule-risk charts are left out at this reader's level: they name every task and "
    "criterion of the plan, some of which are withheld."
)
#: How many of the criteria least likely to hold get an S-curve of their target event.
RISK_CURVES = 3
GANTT_NOTE_SUMMARY = (
    "Gantt chart drawn from the summary's earliest and latest days (tasks dark, float light)."
)


def _cached(plan: Plan, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept beside the plan's analysis (:func:`impp.cache.derived`)."""
    from impp import cache

    return cache.derived(plan, f"{name}|matplotlib {matplotlib.__version__}", compute)


def engine_gantt(plan: Plan, view: ReportView) -> tuple[bytes, bytes] | None:
    """The temporal engine's Gantt chart as (PNG, SVG) bytes, or ``None``.

    ``None`` when items are withheld from this reader, when the engine is not
    installed, or when it cannot schedule the plan.
    """
    if view.hidden_ids:
        return None
    return _cached(plan, "report-gantt", lambda: _engine_gantt(plan))


def _engine_gantt(plan: Plan) -> tuple[bytes, bytes] | None:
    from impp.plan_analysis import analyse
    from impp.temporal.gantt import draw_gantt

    try:
        a = analyse(plan)
    except ImppError:
        return None
    drawn, title = a.schedule, None
    if not drawn.consistent:  # a plan in conflict: its dates if the first fix is made
        fix = drawn.relaxed_by
        if drawn.relaxed is None or fix is None:
            return None
        drawn, title = drawn.relaxed, (f"{plan.mission.name}: timeline if the plan is "
                                       f"changed: {fix.text} (not as written)")
    with tempfile.TemporaryDirectory(prefix="impp-report-") as tmp, matplotlib.rc_context(_RC):
        paths = draw_gantt(drawn, Path(tmp) / "gantt", title=title,
                           met={k: v.met for k, v in a.verdicts.items()},
                           states={k: v.state for k, v in a.verdicts.items()})
        by_suffix = {p.suffix: p.read_bytes() for p in paths}
    if ".png" not in by_suffix or ".svg" not in by_suffix:
        return None
    return by_suffix[".png"], by_suffix[".svg"]


def engine_risk_charts(plan: Plan, view: ReportView) -> list[Chart]:
    """Schedule risk's own pictures: S-curves of the criteria least likely to hold, and
    the tornado of drivers of the least likely one. Empty when items are withheld, when
    schedule risk is not installed, or when it cannot simulate the plan.

    The run is the plan's analysis (the one ``impp plan`` shows), so the pictures
    agree with the probabilities printed beside them.
    """
    if view.hidden_ids:
        return []
    return _cached(plan, "report-risk-charts", lambda: _engine_risk_charts(plan))


def _engine_risk_charts(plan: Plan) -> list[Chart]:
    from impp.plan_analysis import analyse
    from impp.risk.charts import draw_s_curve, draw_tornado

    try:
        a = analyse(plan)
    except ImppError:
        return []
    result = a.risk
    if result is None:
        return []
    # S-curves are of the timeline's events: for the criteria the timeline decides
    at_risk = sorted(
        (v.probability, cid) for cid, v in a.verdicts.items()
        if v.basis == "timeline" and v.probability is not None and cid in result.criteria
    )
    charts: list[Chart] = []
    with tempfile.TemporaryDirectory(prefix="impp-report-") as tmp, matplotlib.rc_context(_RC):
        folder = Path(tmp)
        for i, (p, cid) in enumerate(at_risk[:RISK_CURVES]):
            check = result.criteria[cid]
            if check.to not in result.events:
                continue
            paths = draw_s_curve(result, check.to, folder / f"s-curve-{i}")
            charts.append(_chart(
                f"When '{check.name}' can be reached: the chance its event has happened by "
                f"each day (criterion holds with probability {p:.0%}).", paths))
        if at_risk:
            check = result.criteria[at_risk[0][1]]
            paths = draw_tornado(result, at_risk[0][1], folder / "tornado")
            charts.append(_chart(
                f"What drives '{check.name}' (the criterion least likely to hold): rank "
                "correlation of each task's duration with its outcome.", paths))
    return charts


def _chart(title: str, paths: list[Path]) -> Chart:
    by_suffix = {p.suffix: p.read_bytes() for p in paths}
    svg = by_suffix.get(".svg")
    return Chart(title, svg=inline_svg(svg) if svg else None, png=by_suffix.get(".png"))


def attach_engine_charts(plan: Plan, view: ReportView) -> None:
    """Put the engines' own pictures into the view's chart cache, where they exist."""
    gantt = engine_gantt(plan, view)
    if gantt is not None:
        view.charts["gantt:png"], view.charts["gantt:svg"] = gantt
        view.charts["gantt:note"] = GANTT_NOTE_ENGINE
    view.charts["risk"] = engine_risk_charts(plan, view)
