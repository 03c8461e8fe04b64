"""`impp plan`, `impp validate` and `impp new`."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from impp import fmt
from impp.cli.common import (
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    console,
    emit_json,
    exit_with_problems,
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
from impp.exceptions import PlanFileError
from impp.views import cost_line, decided_by, for_reader, other_readings

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@click.command("plan")
@plan_argument
@format_option
@click.option("--events", "show_events", is_flag=True,
              help="Also print every event's dates and every task of the timeline "
                   "(as `impp timeline` does).")
@reader_option
@guard
def plan_command(file: Path | None, fmt: str, show_events: bool,
                 max_sensitivity: str | None) -> None:
    """Check a plan and print its summary (no FILE: the Carana scenario).

    Leads with the verdict: each criterion met, at risk or missed, the
    errors and warnings, the next decision point and what it still needs.
    Exit status: 0 no error finding, 1 error findings, 2 invalid input.
    """
    from impp import cache
    from impp.scenarios import carana_path

    def compute() -> dict[str, Any]:
        plan = load_or_exit(file, analyse=True)  # first: it starts the solver's process
        from impp.plan_analysis import analyse
        from impp.summary import project

        reader = reader_of(plan, max_sensitivity)
        shown: dict[str, Any] = for_reader(
            project(plan, analyse(plan, progress=progress_printer())), reader)
        _locate_assumed(shown, file or carana_path())
        return shown

    summary = cache.view("plan", file or carana_path(), (max_sensitivity,), compute)
    if fmt == "json":
        emit_json(summary)
    else:
        render_summary(summary, events=show_events)
    raise SystemExit(EXIT_FINDINGS if summary["counts"]["error"] else EXIT_OK)


def _locate_assumed(summary: dict[str, Any], path: Path) -> None:
    """Give each assumption a finding rests on the file and line it was read from
    (``at``), so that the planner finds the words impp read."""
    from impp.io.yaml_io import locate

    wanted = {tuple(a["path"].split(".")) for f in summary.get("findings", [])
              for a in f.get("assumed", ())}
    if not wanted:
        return
    lines = locate(path, sorted(wanted))
    for f in summary["findings"]:
        for a in f.get("assumed", ()):
            a["at"] = lines.get(tuple(a["path"].split(".")))


def _bound(c: dict[str, Any]) -> str:
    lo, hi = c["min_days"], c["max_days"]
    if lo is not None and hi is not None:
        return f"{lo:g}..{hi:g} d" if lo != hi else f"= {lo:g} d"
    return f"≤ {hi:g} d" if hi is not None else f"≥ {lo:g} d"


def verdict_table(title: str, what: str, verdicts: dict[str, Any]) -> Table:
    """One row per criterion (or target): verdict, margin, odds, bound, basis, source."""
    table = Table(title=title)
    for col in (what, "verdict", "margin days", "probability", "bound", "decided by",
                "source"):
        table.add_column(col, justify="right" if col in (
            "bound", "margin days", "probability") else "left")
    for cid, c in verdicts.items():
        basis = decided_by(c)
        table.add_row(
            f"{escape(c['name'])} [dim]({escape(cid)})[/]", state_cell(c.get("state", "unknown")),
            fmt.signed_days(c.get("margin_days")), fmt.percent(c.get("probability")),
            _bound(c), escape(basis),
            escape(c["source"] or "-") + (" (assumption)" if c["assumption"] else ""))
    return table


def render_summary(s: dict[str, Any], events: bool = False) -> None:
    """The summary on the terminal, verdict first; ``events``: every event and task too."""
    out = console()
    m, p = s["mission"], s["process"]
    out.rule(f"[bold]{escape(m['name'])}[/]")
    out.print(escape(f"Country: {m['country'] or '-'}    Marking: {m['sensitivity'].upper()}"))
    if m["mandate"]:
        out.print(escape(f"Mandate: {m['mandate']}"))
    c = s["counts"]
    states = [v.get("state", "unknown") for v in s["criteria"].values()]
    verdict = ", ".join(f"{states.count(k)} {k}" for k in ("met", "at risk", "missed", "unknown")
                        if states.count(k))
    targets = s.get("targets", {})
    own = [v.get("state", "unknown") for v in targets.values()]
    also = (f"; {len(own)} target{'s' if len(own) != 1 else ''} the planners set: "
            + ", ".join(f"{own.count(k)} {k}" for k in ("met", "at risk", "missed", "unknown")
                        if own.count(k))) if own else ""
    out.print(f"[bold]Verdict[/]: {len(states)} criteria for success: {verdict or 'none'}"
              f"{also}; {c['error']} errors, {c['warning']} warnings.")
    out.print(
        f"Process: Level {p['level']} {p['level_name']} (stage {p['stage']}); "
        f"next decision point: {p['next_decision_name']} \\[{p['next_decision']}]"
    )
    out.print(f"Still needed for it: {', '.join(p['outputs_missing']) or 'nothing'}"
              f"    (produced: {', '.join(p['outputs_produced']) or 'none'})")
    if "cost" in s:
        out.print(escape(cost_line(s["cost"])))
    relaxed = s["timeline"].get("relaxed")
    if not s["timeline"]["consistent"] and relaxed is not None:
        out.print(f"[bold red]No schedule holds as written.[/] With the first suggested fix "
                  f"({escape(relaxed['fix']['text'])}), the plan would "
                  "have dates: `impp timeline` shows them.")

    out.print(verdict_table("Criteria for success: one verdict each", "criterion",
                            s["criteria"]))
    if targets:
        out.print(verdict_table("Targets the planners set (not the directive's criteria)",
                                "target", targets))
    for line in other_readings({**s["criteria"], **targets}):
        out.print(line, markup=False)

    # Findings as a list, not a table: messages are sentences and need the width.
    out.rule("Findings")
    # one print for the whole list: rich's cost is per call (80 calls took 0.3 s)
    lines: list[str] = []
    for f in s["findings"]:
        style = _SEVERITY_STYLE[f["severity"]]
        items = f" [dim]({escape(', '.join(f['items']))})[/]" if f["items"] else ""
        lines.append(f"[{style}]{f['severity']:<7}[/] [bold]{escape(f['code'])}[/]{items}")
        lines.append(f"        {escape(f['message'])}")
        if f.get("fix"):
            lines.append(f"        [dim]In the plan file: {escape(f['fix'])}.[/]")
        read = [f"{a['at']} ({a['path']})" if a.get("at") else a["path"]
                for a in f.get("assumed", ())]
        if read:
            lines.append(f"        [dim]Read from: {escape('; '.join(read))}[/]")
        if f["source"]:
            lines.append(f"        [dim]Source: {escape(f['source'])}[/]")
    if lines:
        out.print("\n".join(lines))
    counts = s["counts"]
    out.print(f"{counts['error']} errors, {counts['warning']} warnings, "
              f"{counts['info']} notes.")

    rates = 0
    for extra_table in s.get("tables", []):
        if extra_table["id"] == "timeline.tasks" and not events:
            continue
        if extra_table["id"] == "cost_rates":
            # every rate and its source is `impp cost`'s; the summary names the count
            rates = len(extra_table["rows"])
            continue
        t = Table(title=escape(extra_table["title"]))
        for col in extra_table["columns"]:
            t.add_column(escape(col))
        for row in extra_table["rows"]:
            t.add_row(*(_cell(v) for v in row))
        out.print(t)

    if events:
        table = Table(title="Events and deadlines", show_lines=False)
        for col in ("event", "name", "date", "earliest", "latest"):
            table.add_column(col, justify="right" if col in ("earliest", "latest") else "left")
        for eid, e in s["events"].items():
            table.add_row(eid, escape(e["name"]), e.get("date_earliest") or e["date"] or "-",
                          _day(e.get("earliest")), _day(e.get("latest")))
        out.print(table)
    else:
        out.print(f"[dim]{len(s['events'])} events and {len(s['timeline']['tasks'])} tasks: "
                  "`impp plan --events` or `impp timeline` lists them.[/]")
    if rates:
        out.print(f"[dim]{rates} cost rates, each with its source: `impp cost` lists them.[/]")
    print_withheld(out, s)


def _day(value: Any) -> str:
    return fmt.days(value)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "[red]no[/]"
    if isinstance(value, float):
        return fmt.days(value)
    return escape(str(value))


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@format_option
def validate_command(file: Path, fmt: str) -> None:
    """Check a plan file's format and references only (errors, no analyses).

    Exit status: 0 valid, 2 invalid (every problem printed as file:line:column).
    """
    from impp import cache

    def count() -> int:
        """The plan's items (the plan is valid), or exit with its problems."""
        from impp.io import load_plan

        try:
            plan = load_plan(file)
        except PlanFileError as exc:
            if fmt != "json":
                exit_with_problems(exc)
            emit_json({"valid": False, "problems": [asdict(p) for p in exc.problems]})
            raise SystemExit(EXIT_INVALID) from None
        return sum(1 for _ in plan.items())

    # a valid plan's count is kept by its bytes: an unchanged plan answers at once
    n = cache.view("validate", file, (), count)
    if fmt == "json":
        emit_json({"valid": True, "items": n, "problems": []})
        return
    console().print(escape(f"{file}: valid ({n} items)."))


@click.command("new")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--full", is_flag=True,
              help="A fuller starter: seasons, risks, results chain, units, lift, "
                   "milestones and costs, each commented.")
def new_command(file: Path, force: bool, full: bool) -> None:
    """Write a commented starter plan to FILE, ready to fill in."""
    if file.exists() and not force:
        fail(f"{file} exists; choose another name or add --force to overwrite it.")
    from importlib import resources

    name = "starter-full.yaml" if full else "starter.yaml"
    text = resources.files("impp.io").joinpath(name).read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    console().print(escape(f"Wrote {file}. Fill it in, then run: impp plan {file}"))
