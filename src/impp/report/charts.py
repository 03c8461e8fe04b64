"""Charts of the planning package, drawn offline with matplotlib (Agg).

Each chart is drawn from plain rows that the report takes from the summary
(views never compute): a Gantt chart of the timeline from the events'
earliest and latest days, and the criteria for success with their margins
and, once schedule risk has run, their probabilities. Output is PNG bytes
(for DOCX and PDF) or an SVG string (inlined in the HTML page), the same
bytes for the same rows: no dates in the metadata and a fixed SVG hash salt.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from impp.figures import figure_bytes

_RC: Any = {"svg.hashsalt": "impp-report", "svg.fonttype": "none", "font.size": 8,
       "font.family": "DejaVu Sans"}
_BAR, _FLOAT, _LATE, _OK, _MILESTONE = "#1f5f99", "#9cc3e4", "#c0392b", "#2e8b57", "#333333"


@dataclass(frozen=True)
class Chart:
    """A finished picture: SVG text for the page and PNG bytes for documents.

    >>> Chart("x", png=b"abc").data_uri
    'data:image/png;base64,YWJj'
    """

    title: str
    svg: str | None = None
    png: bytes | None = None

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI (empty without PNG)."""
        if self.png is None:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class GanttRow:
    """One line of the Gantt chart: a task (bar) or an event (milestone).

    ``start``/``end`` are earliest days; ``latest_end`` (when known) draws the
    float as a lighter bar. A milestone has ``end`` equal to ``start``.
    """

    label: str
    start: float
    end: float
    latest_end: float | None = None
    milestone: bool = False


@dataclass(frozen=True)
class CriterionBar:
    """A criterion for success: its margin in days and probability, when computed."""

    label: str
    margin_days: float | None
    probability: float | None


def gantt_rows(summary: dict[str, Any], tasks: list[tuple[str, str]]) -> list[GanttRow]:
    """Gantt rows from a summary's events: one bar per task, one diamond per event.

    ``tasks`` are ``(task id, name)`` pairs; every other event of the summary
    with an ``earliest`` day becomes a milestone. Nothing is computed here:
    rows are empty until the temporal engine has filled in ``earliest``.

    >>> s = {"events": {"a": {"name": "Signed", "earliest": 0, "latest": 0},
    ...                 "t.start": {"earliest": 2, "latest": 4},
    ...                 "t.end": {"earliest": 12, "latest": 14}}}
    >>> [(r.label, r.start, r.end, r.latest_end) for r in gantt_rows(s, [("t", "TAM")])]
    [('Signed', 0.0, 0.0, 0.0), ('TAM', 2.0, 12.0, 14.0)]
    """
    events = summary.get("events", {})
    task_events = {f"{tid}.{end}" for tid, _ in tasks for end in ("start", "end")}
    rows: list[GanttRow] = []
    for eid, e in events.items():
        if eid in task_events or not _num(e.get("earliest")):
            continue
        day = float(e["earliest"])
        late = float(e["latest"]) if _num(e.get("latest")) else None
        rows.append(GanttRow(e.get("name") or eid, day, day, late, milestone=True))
    for tid, name in tasks:
        start, end = events.get(f"{tid}.start", {}), events.get(f"{tid}.end", {})
        if not (_num(start.get("earliest")) and _num(end.get("earliest"))):
            continue
        late = float(end["latest"]) if _num(end.get("latest")) else None
        rows.append(GanttRow(name, float(start["earliest"]), float(end["earliest"]), late))
    return sorted(rows, key=lambda r: (r.start, r.end, r.label))


def draw_gantt(rows: list[GanttRow], fmt: str = "png", axis_label: str = "day") -> bytes:
    """The Gantt chart of ``rows`` as PNG or SVG bytes.

    >>> png = draw_gantt([GanttRow("TAM", 2, 12, 14), GanttRow("Signed", 0, 0, milestone=True)])
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    height = 1.2 + 0.28 * max(len(rows), 1)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(9, height), dpi=110)
        ax = fig.add_subplot()
        for y, r in enumerate(rows):
            if r.milestone:
                ax.plot([r.start], [y], marker="D", color=_MILESTONE, markersize=5)
            else:
                ax.barh(y, max(r.end - r.start, 0.5), left=r.start, color=_BAR, height=0.6)
            if r.latest_end is not None and r.latest_end > r.end:
                ax.barh(y, r.latest_end - r.end, left=r.end, color=_FLOAT, height=0.6,
                        hatch="//", edgecolor="white", linewidth=0)
        ax.set_yticks(range(len(rows)), [_short(r.label) for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel(axis_label)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.set_title("Timeline: earliest dates (dark), float to the latest dates (light)")
        fig.tight_layout()
        return _save(fig, fmt)


def draw_criteria(bars: list[CriterionBar], fmt: str = "png") -> bytes:
    """The criteria for success: margin in days and probability, side by side.

    >>> svg = draw_criteria([CriterionBar("TAM within 14 days", 3, 0.8)], fmt="svg")
    >>> b"<svg" in svg and b"TAM within 14 days" in svg
    True
    """
    with_p = any(b.probability is not None for b in bars)
    height = 1.2 + 0.3 * max(len(bars), 1)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(9, height), dpi=110)
        axes = fig.subplots(1, 2, sharey=True, width_ratios=(3, 2)) if with_p else [
            fig.add_subplot()]
        ys = range(len(bars))
        margins = [b.margin_days if b.margin_days is not None else 0.0 for b in bars]
        axes[0].barh(ys, margins, color=[_OK if m >= 0 else _LATE for m in margins],
                     height=0.6)
        axes[0].axvline(0, color="black", linewidth=0.8)
        axes[0].set_yticks(ys, [_short(b.label) for b in bars])
        axes[0].invert_yaxis()
        axes[0].set_xlabel("margin (days; negative: missed)")
        for y, b in zip(ys, bars, strict=True):
            if b.margin_days is None:
                axes[0].text(0, y, " not yet computed", va="center", fontsize=7)
            else:
                axes[0].text(b.margin_days, y, f" {b.margin_days:+.0f} ", va="center",
                             ha="left" if b.margin_days >= 0 else "right", fontsize=7)
        axes[0].set_title("Criteria for success: margin to the target")
        if with_p:
            probs = [b.probability if b.probability is not None else 0.0 for b in bars]
            axes[1].barh(ys, probs, color=_BAR, height=0.6)
            axes[1].set_xlim(0, 1)
            axes[1].set_xlabel("probability the criterion holds")
        fig.tight_layout()
        return _save(fig, fmt)


def inline_svg(svg: bytes | str) -> str:
    """An SVG file's text ready to sit inside HTML: no XML prolog, no metadata block.

    >>> inline_svg('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg><metadata>x</metadata></svg>')
    '<svg></svg>'
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = text[text.index("<svg"):]
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL).strip()


def _save(fig: Figure, fmt: str) -> bytes:
    return figure_bytes(fig, fmt, dpi="figure")


def _num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _short(label: str, width: int = 48) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
