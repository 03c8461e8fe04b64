"""`impp import-data`, `observe`, `assess`, `monitor` and `export iati`: CPAS monitoring.

The data live in the store beside the plan's revisions (PLAN is the plan's
name there, as for `impp log`); the indicators are those of PLAN's newest
revision, as the reader may see them: an indicator above the reader's
clearance, and its data, appear nowhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.table import Table

from impp.cli.common import (
    EXIT_INVALID,
    console,
    emit_json,
    fail,
    format_option,
    guard,
    print_withheld,
    reader_option,
)
from impp.cli.store_cmd import _opened, store_option
from impp.fmt import number

if TYPE_CHECKING:
    from impp.clearance import Clearance
    from impp.model.plan import Plan
    from impp.monitoring.assess import Assessment
    from impp.store.engine import Store


def _visible(store: Store, name: str, max_sensitivity: str | None
             ) -> tuple[Plan, Clearance]:
    """PLAN's newest revision as the acting reader may see it, and their clearance."""
    from impp.clearance import clearance, reader_level
    from impp.store.repository import get_revision

    plan = get_revision(store, name).plan_object()
    reader = clearance(plan, reader_level(max_sensitivity, store=store))
    return reader.plan(plan), reader


@click.command("import-data")
@click.argument("plan")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--example", is_flag=True,
              help="Load Carana's example data (a year of synthetic exercise data).")
@store_option
@format_option
@guard
def import_data_command(plan: str, file: Path | None, example: bool,
                        store_location: str | None, fmt: str) -> None:
    """Import observations of PLAN's indicators from CSV, Excel, HXL CSV or IATI XML.

    Columns: indicator, period (2027Q1, 2027-03 or a date), value; optional
    dimension columns, source and confidence. Every bad row is printed as
    FILE: row N, column C: why (exit 2) and nothing is stored.
    """
    from impp.monitoring.actuals import check_actuals, is_progress_file, save_actuals
    from impp.monitoring.observations import ObservationError, checked_rows, read_table
    from impp.monitoring.store import save_observations
    from impp.store.repository import get_revision

    progress: Path | None = None
    if example:
        from impp.monitoring.example import actuals_path
        from impp.monitoring.example import path as example_path

        if file is not None:
            fail("give a FILE or --example, not both")
        file, progress = example_path(), actuals_path()
    if file is None:
        fail("name the FILE to import (CSV, .xlsx, HXL CSV or IATI .xml), or --example")
    assert file is not None
    if not file.exists():
        fail(f"{file}: no such file")
    with _opened(store_location) as store:
        from impp.clearance import clearance
        from impp.store.users import authorise_write

        # the one write rule first: a person of the store (never the login name), a
        # role that edits plans; the file is then read against the plan as they may
        # see it, so a withheld indicator is unknown to them and no hint names one
        person = authorise_write(store, f"import monitoring data into {plan}")
        whole = get_revision(store, plan).plan_object()
        who = None
        if person is not None:
            whole, who = clearance(whole, person.clearance).plan(whole), person.name
        try:
            tasks = 0
            if progress is not None:
                tasks = _import_progress(store, plan, whole, progress, who)
            done = None
            if file.suffix.lower() == ".xml":
                from impp.monitoring.iati import import_results

                observations, rows = import_results(whole, file)
                done = save_observations(store, plan, observations, rows, file=str(file),
                                         actor=who)
            else:
                table = read_table(file)  # read once: its columns say what it holds
                if is_progress_file(table.columns):
                    tasks = save_actuals(store, plan, check_actuals(whole, table, str(file)),
                                         file=str(file), actor=who)
                else:  # checked as read, stored as checked: one pass, memory bounded
                    done = save_observations(store, plan,
                                             checked_rows(whole, table, str(file)),
                                             file=str(file), actor=who)
        except ObservationError as exc:
            click.echo(f"{file}: {len(exc.problems)} bad row"
                       f"{'s' if len(exc.problems) != 1 else ''}; nothing was stored.",
                       err=True)
            for p in exc.problems:
                click.echo("  " + p.render(), err=True)
            raise SystemExit(EXIT_INVALID) from None
    if fmt == "json":
        emit_json({**(done.as_dict() if done else {"plan": plan, "file": str(file)}),
                   "tasks": tasks})
        return
    if done is not None:
        click.echo(f"Imported {file} into {plan}: {done.added} added, {done.replaced} "
                   f"replaced, {done.unchanged} unchanged. Next: impp assess {plan} "
                   "--period 2027Q1")
    if tasks:
        click.echo(f"Progress of {tasks} tasks recorded. Plan against actual: "
                   f"impp monitor {plan} --tasks")


def _import_progress(store: Store, plan: str, whole: Plan, file: Path,
                     who: str | None = None) -> int:
    from impp.monitoring.actuals import read_actuals, save_actuals

    return save_actuals(store, plan, read_actuals(whole, file), file=str(file), actor=who)


@click.command("observe")
@click.argument("plan")
@click.option("--period", "period_text", default=None, metavar="PERIOD",
              help="Only this period (2027Q1, 2027-03 or a date).")
@click.option("--indicator", default=None, help="Only this indicator.")
@click.option("--check", "action", flag_value="checked", help="Mark the data checked.")
@click.option("--approve", "action", flag_value="approved",
              help="Approve the data (checked first): approved data are locked.")
@click.option("--reopen", "action", flag_value="entered",
              help="Reopen the data (back to entered) for correction.")
@store_option
@format_option
@reader_option
@guard
def observe_command(plan: str, period_text: str | None, indicator: str | None,
                    action: str | None, store_location: str | None, fmt: str,
                    max_sensitivity: str | None) -> None:
    """PLAN's observations (and their state), or move them: --check, --approve, --reopen."""
    from impp.monitoring.store import load_observations, set_status

    period = _period(period_text) if period_text else None
    with _opened(store_location) as store:
        visible, _reader = _visible(store, plan, max_sensitivity)
        shown = {i.id for i in visible.indicators}
        if indicator is not None and indicator not in shown:
            fail(f"{plan} has no indicator {indicator!r}")
        if action is not None:
            if period is None:
                fail("say which period to move with --period (e.g. 2027Q1)")
            assert period is not None
            # a reader moves only the data they may see; approving (or reopening)
            # without --indicator takes the indicators their body answers for
            responsible = {i.id: i.responsible for i in visible.indicators}
            chosen = {indicator} if indicator else shown
            if action != "checked" and indicator is None:
                from impp.monitoring.store import may_approve
                from impp.store.users import acting_user

                person = acting_user(store)
                if person is not None:
                    chosen = {i for i in shown if may_approve(person.body, responsible[i])}
                    if not chosen:
                        fail(f"{person.name} ({person.body or 'no body'}) answers for no "
                             f"indicator of {plan}: a person of the responsible body "
                             "approves its data (`impp user add --body`)")
            n = set_status(store, plan, period, action, indicators=chosen,
                           responsible=responsible)
            click.echo(f"{n} observation{'s' if n != 1 else ''} of {plan} in "
                       f"{period.label} now {action}.")
            return
        stored = [s for s in load_observations(store, plan)
                  if s.observation.indicator in shown
                  and (indicator is None or s.observation.indicator == indicator)
                  and (period is None or period.contains(s.observation.period))]
    rows = [{**s.observation.as_dict(), "status": s.status, "entered_by": s.entered_by,
             "entered": s.entered.isoformat()} for s in stored]
    if fmt == "json":
        emit_json(rows)
        return
    table = Table(title=f"Observations of {plan}" + (f" in {period.label}" if period else ""))
    for col in ("indicator", "period", "value", "dimensions", "state", "source"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for r in rows:
        table.add_row(r["indicator"], r["period"], r["text"] or number(r["value"]),
                      ", ".join(f"{k}={v}" for k, v in r["dims"].items()) or "total",
                      r["status"], escape(r["source"] or "-"))
    console().print(table)


def _period(text: str) -> Any:
    from impp.monitoring.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        fail(f"--period: {exc}")


def _assessment(store: Store, plan: str, period_text: str | None,
                max_sensitivity: str | None) -> tuple[Assessment, Clearance, set[str]]:
    """The assessment of PLAN for the period (default: the latest quarter with data),
    as the reader may see it; the indicators they see."""
    from impp.monitoring.store import assess_stored

    visible, reader = _visible(store, plan, max_sensitivity)
    result = assess_stored(store, plan, visible, _period(period_text) if period_text else None)
    if result is None:
        fail(f"{plan} has no monitoring data yet: import some with "
             f"`impp import-data {plan} FILE` (or --example on Carana)")
    assert result is not None
    return result, reader, {i.id for i in visible.indicators}


@click.command("assess")
@click.argument("plan")
@click.option("--period", "period_text", default=None, metavar="PERIOD",
              help="The period to assess, e.g. 2027Q1 [default: the latest quarter with data].")
@click.option("--save", is_flag=True, help="Keep the assessment as the period's draft.")
@click.option("--review", "review_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Add the assessment team's review (YAML: per objective or "
                                 "output, relevance, extent, duration, recommendation, "
                                 "narrative) to the saved draft.")
@click.option("--approve", is_flag=True,
              help="Approve the reviewed assessment as the mission leadership (--by); frozen "
                   "afterwards; an adapt or end recommendation opens a draft revision.")
@click.option("--by", "role", default="srsg", show_default=True, metavar="ROLE",
              help="The role approving (the acting user, $IMPP_USER, must hold it).")
@click.option("--note", default=None, help="A note recorded with the approval.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also draw the benchmarks by quarter (a heat map) and each indicator "
                   "against its target to this PNG file.")
@click.option("--trends", "trends_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Also draw each indicator against its target over time "
                                 "to this PNG file.")
@click.option("--document", "document_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write the assessment as a document (.docx or .pdf).")
@click.option("--factsheet", "factsheet_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write the one-page factsheet for the Secretary-General's "
                                 "report (.docx or .pdf).")
@store_option
@format_option
@reader_option
@guard
def assess_command(plan: str, period_text: str | None, save: bool, review_file: Path | None,
                   approve: bool, role: str, note: str | None, out: Path | None,
                   trends_file: Path | None, document_file: Path | None,
                   factsheet_file: Path | None,
                   store_location: str | None, fmt: str, max_sensitivity: str | None) -> None:
    """The quarterly performance assessment of PLAN: indicators, objectives, benchmarks.

    Each indicator against the target expected by the period's end, each
    objective's and output's progress, the benchmarks by quarter and the
    transition triggers (IMPP guidelines §3.1.3). --save keeps it as a
    draft, --review adds the team's ratings and narrative, --approve decides
    it (frozen from then on).
    """
    from impp.cli.common import shown_to
    from impp.monitoring import records
    from impp.store.repository import get_revision

    with _opened(store_location) as store:
        result, reader, _ = _assessment(store, plan, period_text, max_sensitivity)
        period = result.period.label
        if (save or review_file is not None or approve) and reader.withholds:
            fail("an assessment is saved, reviewed and approved whole: it needs a reader "
                 "who sees the whole plan (your clearance withholds part of it)")
        record = records.get_record(store, plan, period)
        if save:
            if record is not None and record.status == "reviewed":
                click.echo(f"The {period} assessment was reviewed: saved again, it is a new "
                           "draft and the team reviews it again.", err=True)
            record = records.save_draft(store, plan, result.as_dict(),
                                        get_revision(store, plan).id)
        if review_file is not None:
            base = record.data if record is not None else result.as_dict()
            record = records.review(store, plan, period, records.read_review(review_file, base))
        if approve:
            record = records.approve(store, plan, period, role=role, note=note)
        shown_plan = reader.plan(get_revision(store, plan).plan_object())
        marking, mission = shown_plan.highest_sensitivity.value, shown_plan.mission.name
    # an approved assessment is frozen: shown as decided, not computed again
    data = shown_to(reader, records.shown(result.as_dict(), record))
    if out is not None:
        from impp.monitoring.chart import draw_assessment

        draw_assessment(data, out)
    if trends_file is not None:
        from impp.monitoring.chart import draw_trends

        draw_trends(data, trends_file)
    from impp.monitoring import document

    if document_file is not None:
        document.write(document.assessment_document(data, mission, marking), document_file)
    if factsheet_file is not None:
        document.write(document.factsheet(data, mission, marking), factsheet_file)
    if fmt == "json":
        emit_json(data)
        return
    render_assessment(data)
    for what, path in (("Chart", out), ("Trends", trends_file), ("Document", document_file),
                       ("Factsheet", factsheet_file)):
        if path is not None:
            console().print(f"{what}: {path}")


def render_assessment(data: dict[str, Any]) -> None:
    """The assessment on the terminal."""
    out = console()
    out.rule(f"[bold]{escape(data['plan'])}: performance assessment, {data['period']}[/]")
    out.print(f"{data['observations']} observations up to {data['to']}.")
    table = Table(title="Objectives and outputs")
    for col in ("", "progress", "rating", "suggested"):
        table.add_column(col, justify="right" if col == "progress" else "left")
    for what in ("objectives", "outputs"):
        for oid, o in data[what].items():
            progress = "-" if o["progress"] is None else f"{100 * o['progress']:.0f} %"
            table.add_row(f"{escape(o['name'])} [dim]({oid})[/]", progress, o["rating"],
                          o["recommendation"] or "-")
    out.print(table)
    table = Table(title="Indicators: the latest value against the target expected by the "
                        "period's end")
    for col in ("indicator", "value", "expected", "final target", "status", "trend"):
        table.add_column(col, justify="right" if col in ("value", "expected",
                                                         "final target") else "left")
    for iid, i in data["indicators"].items():
        value = "-" if i["value"] is None else (i["text"] or number(i["value"]))
        table.add_row(f"{escape(i['name'])} [dim]({iid})[/]", value,
                      number(i["expected"]),
                      number(i["target"]) if i["target_text"] is None
                      else escape(i["target_text"]),
                      i["status"], i["trend"] or "-")
    out.print(table)
    quarters = sorted({q for h in data["history"].values() for q in h})
    if quarters:
        table = Table(title="Benchmarks by quarter (holds: every indicator met)")
        table.add_column("benchmark")
        for q in quarters:
            table.add_column(q)
        for bid, b in data["benchmarks"].items():
            marks = {True: "[green]holds[/]", False: "[red]not yet[/]", None: "[dim]-[/]"}
            kind = ("core" if b["core"] else "broader") + (f", {b['term']}" if b["term"] else "")
            trigger = " [bold]trigger[/]" if b["trigger"] else ""
            table.add_row(f"{escape(b['name'])} [dim]({kind})[/]{trigger}",
                          *(marks[data["history"].get(bid, {}).get(q)] for q in quarters))
        out.print(table)
    t = data["triggers"]
    if t["finding"]:
        out.print(f"[bold green]Transition:[/] {escape(t['finding'])}")
        out.print(f"[dim]Source: {escape(t['source'])}[/]")
    elif t["benchmarks"]:
        waiting = [b for b in t["benchmarks"] if not data["benchmarks"][b]["holds"]]
        out.print(f"Transition triggers: {len(t['benchmarks']) - len(waiting)} of "
                  f"{len(t['benchmarks'])} hold; waiting on {', '.join(waiting)}.")
    review = (data.get("review") or {}).get("items", {})
    if review:
        table = Table(title=f"The assessment team's review ({data['review']['by']})")
        for col in ("", "relevance", "extent", "duration", "recommendation", "narrative"):
            table.add_column(col)
        named = {**data["objectives"], **data["outputs"]}
        for oid, r in review.items():
            table.add_row(escape(named[oid]["name"]), r["relevance"], r["extent"],
                          r["duration"], r["recommendation"], escape(r["narrative"]))
        out.print(table)
    else:
        out.print("[dim]Relevance, extent and duration of the mission's effect are judged by "
                  "the assessment team with narrative evidence (--review); the ratings above "
                  "are suggestions from the data, for the mission leadership to decide.[/]")
    record = data.get("record")
    if record is not None:
        state = {"draft": "saved as a draft", "reviewed": "reviewed, awaiting the decision",
                 "approved": f"approved by {record['approved_by']}: frozen"}[record["status"]]
        out.print(f"[bold]This assessment is {state}[/] (revision {record['revision']}).")
        if record["opened_revision"]:
            out.print(f"It opened draft revision {record['opened_revision']} of the plan "
                      f"(`impp show {data['plan']}@{record['opened_revision']}`).")
    print_withheld(out, data)


@click.command("monitor")
@click.argument("plan")
@click.option("--tasks", "show_tasks", is_flag=True,
              help="Plan against actual for the activities' tasks: planned and actual "
                   "dates, slip and verdict.")
@store_option
@format_option
@reader_option
@guard
def monitor_command(plan: str, show_tasks: bool, store_location: str | None, fmt: str,
                    max_sensitivity: str | None) -> None:
    """PLAN's monitoring at a glance: the latest quarter, the data's state, what is off track."""
    if show_tasks:
        _tasks(plan, store_location, fmt, max_sensitivity)
        return
    from impp.cli.common import shown_to
    from impp.monitoring.store import count_states

    with _opened(store_location) as store:
        result, reader, shown = _assessment(store, plan, None, max_sensitivity)
        states = count_states(store, plan, shown)
    a = result.as_dict()
    data = shown_to(reader, {
        "plan": plan, "period": a["period"], "observations": sum(states.values()),
        "states": states,
        "indicators": {k: v["status"] for k, v in a["indicators"].items()},
        "attention": [k for k, v in a["indicators"].items()
                      if v["status"] in ("off track", "missed", "behind")],
        "triggers": a["triggers"],
    })
    if fmt == "json":
        emit_json(data)
        return
    out = console()
    counts: dict[str, int] = {}
    for s in data["indicators"].values():
        counts[s] = counts.get(s, 0) + 1
    out.print(f"[bold]{escape(plan)}[/], latest quarter with data {data['period']}: "
              + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + ".")
    out.print(f"Data: {data['observations']} observations; " + ", ".join(
        f"{n} {k}" for k, n in states.items()) + ".")
    if data["attention"]:
        out.print("Needs attention: " + ", ".join(data["attention"])
                  + f" (`impp assess {plan}`).")
    if data["triggers"]["finding"]:
        out.print(f"[bold green]{escape(data['triggers']['finding'])}[/]")
    print_withheld(out, data)


def _tasks(plan: str, store_location: str | None, fmt: str,
           max_sensitivity: str | None) -> None:
    """Plan against actual, as the reader may see it."""
    from impp.cli.common import shown_to
    from impp.monitoring.actuals import load_actuals, plan_against_actual

    with _opened(store_location) as store:
        visible, reader = _visible(store, plan, max_sensitivity)
        actuals = load_actuals(store, plan)
    shown = {t.id for t in visible.tasks}
    data = shown_to(reader, plan_against_actual(
        visible, [a for a in actuals if a.task in shown]))
    if fmt == "json":
        emit_json(data)
        return
    table = Table(title=f"Plan against actual on {data['status_date']} (planned: the "
                        "timeline's earliest dates)")
    for col in ("activity", "planned", "float", "actual", "slip", "verdict"):
        table.add_column(col, justify="right" if col in ("float", "slip") else "left")
    colours = {"on time": "green", "late within its float": "yellow",
               "late beyond its float": "red", "overdue": "red", "not started": "red"}
    for r in data["tasks"]:
        done = r["finished"] or number(r["percent"]) + " %"
        actual = "-" if r["started"] is None else f"{r['started']} → {done}"
        verdict = r["verdict"]
        colour = colours.get(verdict)
        table.add_row(escape(r["name"]), f"{r['planned_start']} → {r['planned_finish']}",
                      number(r["float_days"]), actual,
                      "-" if r["slip_days"] is None else f"{r['slip_days']:+.0f} d",
                      f"[{colour}]{verdict}[/]" if colour else verdict)
    out = console()
    out.print(table)
    print_withheld(out, data)


@click.group("export")
def export_group() -> None:
    """Export a plan's results: IATI 2.03 activity file."""


@export_group.command("iati")
@click.argument("plan")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The XML file to write.")
@click.option("--org-ref", default=None, metavar="ID",
              help="The reporting organisation's IATI identifier [default: XI-IMPP, a "
                   "placeholder].")
@store_option
@reader_option
@guard
def export_iati_command(plan: str, output: Path, org_ref: str | None,
                        store_location: str | None, max_sensitivity: str | None) -> None:
    """Write PLAN's results chain, with targets and actuals, as an IATI 2.03 activity file."""
    from impp.monitoring.iati import DEFAULT_ORG, write_activity
    from impp.monitoring.store import load_observations

    with _opened(store_location) as store:
        visible, _ = _visible(store, plan, max_sensitivity)
        shown = {i.id for i in visible.indicators}
        stored = [s.observation for s in load_observations(store, plan)
                  if s.observation.indicator in shown]
    write_activity(visible, stored, output, org_ref=org_ref or DEFAULT_ORG)
    click.echo(f"Wrote {output}: IATI {len(visible.indicators)} indicators, "
               f"{len(stored)} observations.")
