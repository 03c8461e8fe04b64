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
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from impp.figures import save_figure, short_label
from impp.temporal.schedule import Schedule, TaskTimes

#: Colours of a criterion's verdict.
_STATE_COLOURS = {"met": "#1e8449", "at risk": "#b9770e", "missed": "#c0392b",
                  "unknown": "#7f8c8d"}


def _deadline(s: Schedule, cid: str) -> float | None:
    check = s.criteria[cid]
    c = check.constraint
    start = s.events.get(c.from_)
    if c.max_days is None or start is None or start.earliest is None:
        return None
    return start.earliest + c.max_days


def draw_gantt(s: Schedule, path: Path | str, title: str | None = None,
               met: Mapping[str, bool | None] | None = None,
               states: Mapping[str, str] | None = None) -> list[Path]:
    """Draw the schedule; write ``path.png`` and ``path.svg``; return both paths.

    Rows are the tasks by name, at their earliest dates (critical ones in
    red, float in grey). Each criterion with a deadline is a dashed line
    with a number on top, coloured by its verdict; the numbers are explained
    below the chart (name, verdict, deadline), so that no label covers
    another however close the deadlines are. ``met``/``states``: the verdict
    on each criterion (the plan's analysis: the lift schedule decides
    capability milestones); by default the timeline's own.
    """
    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    tasks = sorted(
        (t for t in s.tasks.values() if t.start is not None and t.end is not None),
        key=lambda t: (t.start or 0.0, t.id),
    )
    deadlines = []
    for cid, check in s.criteria.items():
        day = _deadline(s, cid)
        if day is None:
            continue
        holds = met.get(cid, check.met) if met is not None else check.met
        state = (states or {}).get(cid) or ("met" if holds else "missed" if holds is False
                                             else "unknown")
        deadlines.append((day, cid, check.constraint.name, state))
    deadlines.sort()
    # the plan's declared events (signing, resolution, elections...) are
    # milestones: a diamond on a row of their own, in time order with the tasks
    events = [e for e in s.events.values() if "." not in e.id and e.earliest is not None]
    rows: list[Any] = sorted(
        [*tasks, *events],
        key=lambda r: ((r.start if isinstance(r, TaskTimes) else r.earliest) or 0.0,
                       isinstance(r, TaskTimes), r.id))
    legend_rows = (len(deadlines) + 1) // 2
    height = max(3.0, 0.38 * (len(rows) + 2)) + 0.22 * legend_rows + 0.6
    fig = plt.figure(figsize=(12, height))
    chart_share = (height - 0.22 * legend_rows - 0.6) / height
    ax = fig.add_axes((0.27, 1 - chart_share + 0.09, 0.7, chart_share - 0.17))
    for i, r in enumerate(rows):
        if isinstance(r, TaskTimes):
            assert r.start is not None and r.end is not None
            color = "#c0392b" if r.critical else "#2e86c1"
            ax.barh(i, r.end - r.start, left=r.start, color=color, height=0.6)
            if r.float_days and r.float_days > 0:
                ax.barh(i, r.float_days, left=r.end, color="#aab7b8", height=0.15)
        else:
            ax.plot([r.earliest], [i], marker="D", markersize=7, color="black",
                    markerfacecolor="black" if r.dated else "white", linestyle="none")
    ax.set_yticks(range(len(rows)), [short_label(r.name, 44) for r in rows], fontsize=7)
    ax.invert_yaxis()
    low, high = ax.get_xlim()
    if deadlines:
        high = max(high, max(d for d, *_ in deadlines) + 5)
        ax.set_xlim(low, high)
    gap = (high - low) * 0.025  # numbers closer than this stack instead of overlapping
    placed: list[tuple[float, int]] = []
    for n, (day, _cid, _name, state) in enumerate(deadlines, start=1):
        color = _STATE_COLOURS.get(state, "#7f8c8d")
        ax.axvline(day, color=color, linestyle="--", linewidth=1)
        level = 0
        while any(abs(day - x) < gap and lv == level for x, lv in placed):
            level += 1
        placed.append((day, level))
        ax.annotate(str(n), (day, 1), xycoords=("data", "axes fraction"),
                    xytext=(0, 4 + 10 * level), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color=color, fontweight="bold")
    zero = s.day_zero_date
    label = f"days from {s.day_zero}" if s.day_zero else "days"
    if zero is not None:
        label += f" ({zero.isoformat()})"
        ticks = [x for x in ax.get_xticks() if low <= x <= high]
        ax.set_xticks(ticks, [
            f"{x:g}\n{(zero + dt.timedelta(days=float(x))).strftime('%d %b %y')}"
            for x in ticks
        ], fontsize=7)
    ax.set_xlabel(label, fontsize=8)
    ax.xaxis.set_label_position("bottom")
    levels = max((lv for _, lv in placed), default=0)
    # room above the axes for the stacked numbers and the title, in inches: a
    # share of the figure's height clips the title of a short chart
    box = ax.get_position()
    top = 1 - (0.5 + 0.16 * levels) / height
    if box.y1 > top:
        ax.set_position((box.x0, box.y0, box.width, max(top - box.y0, 0.1)))
    ax.set_title(title or "Timeline: earliest schedule and criteria deadlines", fontsize=10,
                 pad=16 + 11 * levels)
    ax.grid(axis="x", alpha=0.3)
    handles: list[Any] = [Patch(color="#c0392b", label="critical task"),
               Patch(color="#2e86c1", label="task"), Patch(color="#aab7b8", label="float"),
               Line2D([0], [0], marker="D", color="black", linestyle="none", markersize=6,
                      label="dated event"),
               Line2D([0], [0], marker="D", color="black", markerfacecolor="white",
                      linestyle="none", markersize=6, label="event (earliest)")]
    handles += [Line2D([0], [0], color=c, linestyle="--", label=f"criterion {k}")
                for k, c in _STATE_COLOURS.items() if k != "unknown"]
    fig.legend(handles=handles, fontsize=7, loc="lower left", ncol=8, frameon=False,
               bbox_to_anchor=(0.2, 0.22 * legend_rows / height + 0.02))
    for n, (day, _cid, name, state) in enumerate(deadlines, start=1):
        column, row = (n - 1) // legend_rows, (n - 1) % legend_rows
        fig.text(0.03 + 0.49 * column, (0.22 * (legend_rows - row) - 0.05) / height,
                 f"{n}  {short_label(name, 80)}: {state}, by day {day:g}",
                 fontsize=7, color=_STATE_COLOURS.get(state, "#7f8c8d"))
    return save_figure(fig, base.with_suffix(""))
