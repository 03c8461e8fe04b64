"""`impp timeline`: dates, float, critical path, criteria, and a Gantt chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from impp import fmt
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
    progress_printer,
    state_cell,
)
from impp.plan_analysis import PlanAnalysis

SCHEMA = "impp.timeline/1"


def _d(x: float | None) -> str:
    return fmt.days(x)


def _yes_no(x: bool | None) -> str:
    return "-" if x is None else ("yes" if x else "[red]no[/]")






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
    from impp.plan_analysis import analyse

    plan = load_or_exit(file)
    a = analyse(plan, progress=progress_printer())
    s = a.schedule
    charts: list[Path] = []
    if not no_chart and s.consistent:
        from impp.temporal.gantt import draw_gantt

        try:
            charts = draw_gantt(s, out / "timeline", title=f"{plan.mission.name}: timeline",
                                met={k: v.met for k, v in a.verdicts.items()})
        except OSError as exc:
            fail(f"cannot write the chart to {out}: {exc.strerror or exc}")
    findings = timeline_findings_of(a)
    if fmt == "json":
        data = {"schema": SCHEMA, **s.as_dict(),
                "overlaps": [o.as_dict() for o in a.overlaps],
                "findings": [f.as_dict() for f in findings],
                "charts": [str(p) for p in charts]}
        # one verdict per criterion: the analysis's, with the timeline's own check
        data["criteria"] = {cid: {**data["criteria"].get(cid, {}), **v.as_dict()}
                            for cid, v in a.verdicts.items()}
        emit_json(data)
    else:
        _render(a, findings, charts)
    raise SystemExit(EXIT_OK if s.consistent else EXIT_FINDINGS)


def timeline_findings_of(a: PlanAnalysis) -> list[Any]:
    """The analysis's findings about the timeline and its criteria."""
    return [f for f in a.findings if f.code.startswith("timeline.") or f.code in (
        "deploy.timeline-disagrees", "deploy.milestone-late")]


def _render(a: PlanAnalysis, findings: list[Any], charts: list[Path]) -> None:
    out = console()
    s = a.schedule
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
                       fmt.date(e.date), fmt.date(e.date_latest), _d(slack))
    out.print(events)
    tasks = Table(title="Tasks (earliest schedule)")
    for col in ("task", "start", "end", "days", "float", "critical"):
        tasks.add_column(col, justify="left" if col == "task" else "right")
    for t in sorted(s.tasks.values(), key=lambda t: (t.start or 0.0, t.id)):
        tasks.add_row(t.id, fmt.date(t.date_start) if t.date_start else _d(t.start),
                      fmt.date(t.date_end) if t.date_end else _d(t.end), _d(t.duration),
                      _d(t.float_days), "[red]yes[/]" if t.critical else "")
    out.print(tasks)
    out.print("Critical path: " + (" -> ".join(s.critical_path) or "none"))
    crit = Table(title="Criteria for success: the verdict, and the timeline's own figure")
    for col in ("criterion", "verdict", "margin", "decided by", "timeline days",
                "timeline margin", "reachable"):
        crit.add_column(col, justify="left" if col in ("criterion", "decided by") else "right")
    for cid, v in a.verdicts.items():
        tl = v.timeline
        crit.add_row(cid, state_cell(v.state), fmt.signed_days(v.margin_days), v.basis_text,
                     fmt.days(tl.days if tl else None),
                     fmt.signed_days(tl.margin_days if tl else None),
                     _yes_no(tl.reachable if tl else None))
    for est in s.estimates.values():
        crit.add_row(est.id + " (estimate)", _yes_no(est.met), fmt.signed_days(est.margin_days),
                     "the timeline", fmt.days(est.days), fmt.signed_days(est.margin_days),
                     _yes_no(est.reachable))
    out.print(crit)
    for f in findings:
        style = "red" if f.severity == "error" else "yellow"
        out.print(f"[{style}]{f.severity}[/] " + escape(f"{f.code}: {f.message}"))
    for p in charts:
        out.print(f"Chart: {p}")
