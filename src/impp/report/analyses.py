"""Pictures the analyses draw themselves, embedded when they exist.

The temporal engine draws its own Gantt chart (critical tasks, float, the
criteria's deadlines: :func:`impp.temporal.gantt.draw_gantt`). The package
embeds it when the reader may see the whole plan; when items are withheld it
keeps its own chart (:mod:`impp.report.charts`), drawn from the filtered
summary, because the engine's chart names every task and criterion.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import matplotlib

from impp.exceptions import ImppError
from impp.model import Plan
from impp.report.view import ReportView

#: Fixed SVG ids and text kept as text: the same plan gives the same page.
_RC: Any = {"svg.hashsalt": "impp-report", "svg.fonttype": "none"}

GANTT_NOTE_ENGINE = (
    "Gantt chart drawn by the temporal engine (impp timeline): critical tasks in red, float in "
    "grey, each criterion's deadline as a dashed line (green met, red missed)."
)
GANTT_NOTE_SUMMARY = (
    "Gantt chart drawn from the summary's earliest and latest days (tasks dark, float light)."
)


def engine_gantt(plan: Plan, view: ReportView) -> tuple[bytes, bytes] | None:
    """The temporal engine's Gantt chart as (PNG, SVG) bytes, or ``None``.

    ``None`` when items are withheld from this reader, when the engine is not
    installed, or when it cannot schedule the plan.
    """
    if view.hidden_ids:
        return None
    try:
        from impp.temporal import schedule
        from impp.temporal.gantt import draw_gantt
    except ImportError:
        return None
    try:
        sched = schedule(plan)
    except ImppError:
        return None
    with tempfile.TemporaryDirectory(prefix="impp-report-") as tmp, matplotlib.rc_context(_RC):
        paths = draw_gantt(sched, Path(tmp) / "gantt")
        by_suffix = {p.suffix: p.read_bytes() for p in paths}
    if ".png" not in by_suffix or ".svg" not in by_suffix:
        return None
    return by_suffix[".png"], by_suffix[".svg"]


def attach_engine_charts(plan: Plan, view: ReportView) -> None:
    """Put the engines' own pictures into the view's chart cache, where they exist."""
    gantt = engine_gantt(plan, view)
    if gantt is not None:
        view.charts["gantt:png"], view.charts["gantt:svg"] = gantt
        view.charts["gantt:note"] = GANTT_NOTE_ENGINE
