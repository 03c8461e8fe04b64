"""`impp timeline`: dates, float, critical path, criteria, and a Gantt chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from impp.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    console,
    emit_json,
    fail,
    format_option,
    guard,
    load_or_exit,
    plan_argument,
)
from impp.temporal.checks import analyse, check_timeline
from impp.temporal.schedule import Schedule

SCHEMA = "impp.timeline/1"


def _d(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def _date(x: Any) -> str:
    return "-" if x is None else str(x.isoformat())


@click.command("timeline")
@plan_argument
@format_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True,
              help="Folder for the Gantt chart (timeline.png, timeline.svg).")
@click.option("--no-chart", is_flag=True, help="Do not draw the Gantt chart.")
@guard
def timeline_command(file: Path | None, fmt: str, out: Path, no_chart: bool) -> None:
    """The timeline of a plan: earliest/latest dates, float, critical path, criteria.

    Writes a Gantt chart with the criteria's deadlines (PNG and SVG) to --out.
    Exit status: 0 the requirements can all hold, 1 they cannot, 2 invalid input.
    """
    plan = load_or_exit(file)
    s, overlaps = analyse(plan)
    charts: list[Path] = []
    if not no_chart and s.consistent:
        from impp.temporal.gantt import draw_gantt

        try:
            charts = draw_gantt(s, out / "timeline", title=f"{plan.mission.name}: timeline")
        except OSError as exc:
            fail(f"cannot write the chart to {out}: {exc.strerror or exc}")
    findings = check_timeline(plan)
    if fmt == "json":
        data = {"schema": SCHEMA, **s.as_dict(),
                "overlaps": [o.as_dict() for o in overlaps],
                "findings": [f.as_dict() for f in findings],
                "charts": [str(p) for p in charts]}
        emit_json(data)
    else:
        _render(s, findings, charts)
    raise SystemExit(EXIT_OK if s.consistent else EXIT_FINDINGS)


def _render(s: Schedule, findings: list[Any], charts: list[Path]) -> None:
    out = console()
    zero = s.day_zero_date
    out.rule("[bold]Timeline[/]")
    out.print(f"Day 0: {s.day_zero or '-'}" + (f" ({zero.isoformat()})" if zero else ""))
    if not s.consistent and s.conflict is not None:
        out.print(f"[bold red]The requirements cannot all hold[/] "
                  f"(short by {s.conflict.days:g} days):")
        for r in s.conflict.rules:
            out.print(escape(f"  - {r.text} ({r.item}): {r.source or 'no source'}"))
        if s.conflict.fixes:
            out.print("Any one of these restores consistency (verified):")
            for f in s.conflict.fixes:
                out.print(escape(f"  - {f.text}"))
        return
    events = Table(title="Events")
    for col in ("event", "earliest", "latest", "date", "latest date", "float"):
        events.add_column(col, justify="left" if col == "event" else "right")
    for e in s.events.values():
        slack = None if e.latest is None or e.earliest is None else e.latest - e.earliest
        events.add_row(e.id + (" (dated)" if e.dated else ""), _d(e.earliest), _d(e.latest),
                       _date(e.date), _date(e.date_latest), _d(slack))
    out.print(events)
    tasks = Table(title="Tasks (earliest schedule)")
    for col in ("task", "start", "end", "days", "float", "critical"):
        tasks.add_column(col, justify="left" if col == "task" else "right")
    for t in sorted(s.tasks.values(), key=lambda t: (t.start or 0.0, t.id)):
        tasks.add_row(t.id, _date(t.date_start) if t.date_start else _d(t.start),
                      _date(t.date_end) if t.date_end else _d(t.end), _d(t.duration),
                      _d(t.float_days), "[red]yes[/]" if t.critical else "")
    out.print(tasks)
    out.print("Critical path: " + (" -> ".join(s.critical_path) or "none"))
    crit = Table(title="Criteria for success (earliest schedule)")
    for col in ("criterion", "days", "met", "margin", "reachable"):
        crit.add_column(col, justify="left" if col == "criterion" else "right")
    for c in (*s.criteria.values(), *s.estimates.values()):
        met = "-" if c.met is None else ("yes" if c.met else "[red]no[/]")
        reach = "-" if c.reachable is None else ("yes" if c.reachable else "[red]no[/]")
        crit.add_row(c.id + (" (estimate)" if c.constraint.kind == "estimate" else ""),
                     _d(c.days), met, _d(c.margin_days), reach)
    out.print(crit)
    for f in findings:
        style = "red" if f.severity == "error" else "yellow"
        out.print(f"[{style}]{f.severity}[/] " + escape(f"{f.code}: {f.message}"))
    for p in charts:
        out.print(f"Chart: {p}")
