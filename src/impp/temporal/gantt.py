"""A Gantt chart of the earliest schedule, with the criteria's deadlines on it.

Reusable by any view (the report embeds it): :func:`draw_gantt` takes a
:class:`~impp.temporal.schedule.Schedule` and a path without suffix and
writes a PNG and an SVG. Bars are tasks at their earliest dates (critical
ones in red), thin bars their float; each criterion with a deadline is a
vertical line at the latest day it allows in the earliest schedule, green
when met, red when missed. Matplotlib's Agg backend: no display needed.

>>> import tempfile, pathlib
>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> from impp.temporal import schedule
>>> out = pathlib.Path(tempfile.mkdtemp()) / "gantt"
>>> [p.suffix for p in draw_gantt(schedule(load_plan(carana_path())), out)]
['.png', '.svg']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from impp.figures import save_figure
from impp.temporal.schedule import Schedule


def _deadline(s: Schedule, cid: str) -> float | None:
    check = s.criteria[cid]
    c = check.constraint
    start = s.events.get(c.from_)
    if c.max_days is None or start is None or start.earliest is None:
        return None
    return start.earliest + c.max_days


def draw_gantt(s: Schedule, path: Path | str, title: str | None = None,
               met: Mapping[str, bool | None] | None = None) -> list[Path]:
    """Draw the schedule; write ``path.png`` and ``path.svg``; return both paths.

    ``met``: the verdict on each criterion (the plan's analysis, where the lift
    schedule decides capability milestones); by default the timeline's own.
    """
    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    tasks = sorted(
        (t for t in s.tasks.values() if t.start is not None and t.end is not None),
        key=lambda t: (t.start or 0.0, t.id),
    )
    height = max(3.0, 0.38 * (len(tasks) + 2))
    fig, ax = plt.subplots(figsize=(12, height))
    for i, t in enumerate(tasks):
        assert t.start is not None and t.end is not None
        color = "#c0392b" if t.critical else "#2e86c1"
        ax.barh(i, t.end - t.start, left=t.start, color=color, height=0.6)
        if t.float_days and t.float_days > 0:
            ax.barh(i, t.float_days, left=t.end, color="#aab7b8", height=0.15)
    ax.set_yticks(range(len(tasks)), [t.id for t in tasks], fontsize=8)
    ax.invert_yaxis()
    lines: dict[tuple[float, bool], list[str]] = {}
    for cid, check in s.criteria.items():
        day = _deadline(s, cid)
        if day is not None:
            holds = met.get(cid, check.met) if met is not None else check.met
            lines.setdefault((round(day, 3), bool(holds)), []).append(cid)
    for (day, ok), ids in sorted(lines.items()):
        color = "#27ae60" if ok else "#e74c3c"
        ax.axvline(day, color=color, linestyle="--", linewidth=1)
        ax.text(day, -0.8, "\n".join(ids), rotation=90, fontsize=6, color=color,
                va="bottom", ha="center")
    zero = s.day_zero_date
    label = f"days from {s.day_zero}" if s.day_zero else "days"
    if zero is not None:
        label += f" ({zero.isoformat()})"
        ticks = ax.get_xticks()
        ax.set_xticks(ticks, [
            f"{x:g}\n{(zero + dt.timedelta(days=float(x))).strftime('%d %b %y')}"
            for x in ticks
        ], fontsize=7)
    ax.set_xlabel(label)
    ax.set_title(title or "Timeline: earliest schedule and criteria deadlines", fontsize=10, pad=80)
    ax.legend(handles=[
        Patch(color="#c0392b", label="critical task"),
        Patch(color="#2e86c1", label="task"),
        Patch(color="#aab7b8", label="float"),
        Line2D([0], [0], color="#27ae60", linestyle="--", label="criterion met"),
        Line2D([0], [0], color="#e74c3c", linestyle="--", label="criterion missed"),
    ], fontsize=7, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return save_figure(fig, base.with_suffix(""))
