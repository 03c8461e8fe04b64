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
    print_withheld,
    progress_printer,
    reader_of,
    reader_option,
    state_cell,
)
from impp.views import timeline_data


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
@reader_option
@guard
def timeline_command(file: Path | None, fmt: str, out: Path, no_chart: bool,
                     max_sensitivity: str | None) -> None:
    """The timeline of a plan: earliest/latest dates, float, critical path, criteria.

    Writes a Gantt chart with the criteria's deadlines (PNG and SVG) to --out.
    Exit status: 0 the requirements can all hold, 1 they cannot, 2 invalid input.
    """
    from impp.plan_analysis import analyse

    plan = load_or_exit(file, analyse=True)
    reader = reader_of(plan, max_sensitivity)
    a = analyse(plan, progress=progress_printer())
    s = a.schedule
    charts: list[Path] = []
    drawn = s if s.consistent else s.relaxed
    if not no_chart and drawn is not None:
        from impp.temporal.gantt import draw_gantt

        title = f"{plan.mission.name}: timeline"
        if drawn is not s and s.relaxed_by is not None:
            title += f" if the plan is changed: {s.relaxed_by.text} (not as written)"
        try:
            charts = draw_gantt(reader.redact(drawn), out / "timeline", title=title,
                                met={k: v.met for k, v in a.verdicts.items()},
                                states={k: v.state for k, v in a.verdicts.items()})
        except OSError as exc:
            fail(f"cannot write the chart to {out}: {exc.strerror or exc}")
    data = timeline_data(a, reader)
    data["charts"] = [str(p) for p in charts]
    if fmt == "json":
        emit_json(data)
    else:
        _render(data)
    raise SystemExit(EXIT_OK if s.consistent else EXIT_FINDINGS)


def _tasks_table(out: Any, tasks_data: dict[str, Any], title: str) -> None:
    tasks = Table(title=title)
    for col in ("task", "start", "end", "days", "float", "critical"):
        tasks.add_column(col, justify="left" if col == "task" else "right")
    for tid, t in sorted(tasks_data.items(), key=lambda kv: (kv[1]["start"] or 0.0, kv[0])):
        tasks.add_row(tid, t["date_start"] or _d(t["start"]), t["date_end"] or _d(t["end"]),
                      _d(t["duration"]), _d(t["float_days"]),
                      "[red]yes[/]" if t["critical"] else "")
    out.print(tasks)


def _render(d: dict[str, Any]) -> None:
    """The timeline's data (as the reader may see it) on the terminal."""
    out = console()
    zero = d["day_zero"]
    out.rule("[bold]Timeline[/]")
    out.print(f"Day 0: {zero['event'] or '-'}" + (f" ({zero['date']})" if zero["date"] else ""))
    conflict = d.get("explanation")
    if not d["consistent"] and conflict is not None:
        out.print(f"[bold red]The requirements cannot all hold[/] "
                  f"(short by {fmt.days(conflict['days'])} days):")
        for r in conflict["rules"]:
            out.print(escape(f"  - {r['text']} ({r['id']}): {r['source'] or 'no source'}"))
        if conflict["fixes"]:
            out.print("Any one of these restores consistency (verified), first what the "
                      "planners can change:")
            for f in conflict["fixes"]:
                out.print(escape(f"  - {f['text']}") + (
                    f" [dim]({escape(f['control'])}: {escape(f['why'])})[/]"
                    if f.get("control") else ""))
        relaxed = d.get("relaxed")
        if relaxed is not None:
            out.print(f"[bold]Dates if the plan is changed as the first fix says[/] "
                      f"({escape(relaxed['fix']['text'])}); the plan as written has none:")
            _tasks_table(out, relaxed["tasks"], "Tasks (earliest schedule, with the fix)")
            out.print("Critical path with the fix: "
                      + (" -> ".join(relaxed["critical_path"]) or "none"))
        for p in d["charts"]:
            out.print(f"Chart: {p}")
        print_withheld(out, d)
        return
    events = Table(title="Events")
    for col in ("event", "earliest", "latest", "date", "latest date", "float"):
        events.add_column(col, justify="left" if col == "event" else "right")
    for eid, e in d["events"].items():
        slack = (None if e["latest"] is None or e["earliest"] is None
                 else e["latest"] - e["earliest"])
        events.add_row(eid + (" (dated)" if e["dated"] else ""), _d(e["earliest"]),
                       _d(e["latest"]), e["date"] or "-", e["date_latest"] or "-", _d(slack))
    out.print(events)
    _tasks_table(out, d["tasks"], "Tasks (earliest schedule)")
    out.print("Critical path: " + (" -> ".join(d["critical_path"]) or "none"))
    crit = Table(title="Criteria for success: the verdict, and the timeline's own figure")
    for col in ("criterion", "verdict", "margin", "decided by", "timeline days",
                "timeline margin", "reachable"):
        crit.add_column(col, justify="left" if col in ("criterion", "decided by") else "right")
    for cid, v in d["criteria"].items():
        tl = v.get("timeline") or {}
        crit.add_row(cid, state_cell(v["state"]), fmt.signed_days(v["margin_days"]),
                     "the lift schedule" if v["basis"] == "deployment" else "the timeline",
                     fmt.days(tl.get("days")), fmt.signed_days(tl.get("margin_days")),
                     _yes_no(tl.get("reachable")))
    for eid, est in d["estimates"].items():
        crit.add_row(eid + " (estimate)", _yes_no(est["met"]),
                     fmt.signed_days(est["margin_days"]), "the timeline", fmt.days(est["days"]),
                     fmt.signed_days(est["margin_days"]), _yes_no(est["reachable"]))
    out.print(crit)
    for f in d["findings"]:
        style = "red" if f["severity"] == "error" else "yellow"
        out.print(f"[{style}]{f['severity']}[/] " + escape(f"{f['code']}: {f['message']}"))
    for p in d["charts"]:
        out.print(f"Chart: {p}")
    print_withheld(out, d)
