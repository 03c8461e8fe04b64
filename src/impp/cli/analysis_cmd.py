"""`impp analysis` (conflict analysis) and `impp results` (the results chain and its workbook)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.tree import Tree

from impp.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    console,
    emit_json,
    fail,
    format_option,
    guard,
    load_or_exit,
    markup_safe,
    plan_argument,
    print_withheld,
    reader_of,
    reader_option,
    shown_to,
)

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _findings_table(findings: list[dict[str, Any]]) -> Table:
    table = Table(title="Findings")
    for col in ("severity", "code", "message", "items", "source"):
        # Codes are what scripts grep for: never cut them short.
        table.add_column(col, min_width=36 if col == "code" else None)
    for f in findings:
        style = _SEVERITY_STYLE[f["severity"]]
        table.add_row(f"[{style}]{f['severity']}[/]", f["code"], f["message"],
                      ", ".join(f["items"]), f["source"] or "-")
    return table


def _status(findings: list[dict[str, Any]]) -> int:
    return EXIT_FINDINGS if any(f["severity"] == "error" for f in findings) else EXIT_OK


def _yes(value: Any) -> str:
    return "yes" if value else ""


@click.command("analysis")
@plan_argument
@format_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True,
              help="Folder for the pictures (actor-network and problem-tree, PNG and SVG).")
@click.option("--no-charts", is_flag=True, help="Do not draw the pictures.")
@reader_option
@guard
def analysis_command(file: Path | None, fmt: str, out: Path, no_charts: bool,
                     max_sensitivity: str | None) -> None:
    """The conflict analysis: profile, actors and their network, problem tree, scenarios.

    Exit status: 0 no error finding, 1 error findings, 2 invalid input.
    """
    from impp.analysis import analyse

    plan = load_or_exit(file)
    reader = reader_of(plan, max_sensitivity)
    data = analyse(plan)
    charts: list[str] = []
    if not no_charts:
        from impp.analysis.draw import draw_network, draw_problem_tree, save_figure

        shown = reader.plan(plan)  # the pictures hold only what the reader may see
        try:
            out.mkdir(parents=True, exist_ok=True)
            charts += save_figure(draw_network(shown), str(out / "actor-network"))
            charts += save_figure(draw_problem_tree(shown), str(out / "problem-tree"))
        except OSError as exc:
            fail(f"cannot write the pictures to {out}: {exc.strerror or exc}")
    data["charts"] = charts
    data = shown_to(reader, data)
    if fmt == "json":
        emit_json(data)
    else:
        _render_analysis(data)
    raise SystemExit(_status(data["findings"]))


def _render_analysis(d: dict[str, Any]) -> None:
    d = markup_safe(d)  # the plan's words print as written
    out = console()
    out.rule(f"[bold]{d['mission']['name']}: conflict analysis[/]")
    profile = d["profile"]
    if profile.get("settlement"):
        out.print(f"[bold]Political settlement:[/] {profile['settlement']}")
    if profile.get("legitimacy"):
        out.print(f"[bold]Legitimacy:[/] {profile['legitimacy']}")
    if profile.get("disputed_by"):
        out.print(f"[bold]Disputed by:[/] {', '.join(profile['disputed_by'])}")
    for dim in profile.get("dimensions", []):
        out.print(f"  [bold]{dim['dimension']}[/]: {dim['text']}")

    actors = Table(title="Actors and network measures")
    for col in ("actor", "group", "role", "betweenness", "bridges", "influence", "exerts",
                "reach"):
        actors.add_column(col, justify="left" if col in ("actor", "group", "role", "reach")
                          else "right")
    for a in d["actors"]:
        m = a["measures"]
        role = [k for k, flag in (("violent", a["uses_violence"]), ("spoiler", a.get("spoiler")),
                                  ("collaborates", a["collaborates"])) if flag]
        actors.add_row(
            a["id"] + (" *" if a.get("assumption") else ""), m["camp"], ", ".join(role) or "-",
            f"{m['betweenness']:.3f}", str(m["groups_bridged"]), f"{m['influence']:.3f}",
            f"{m['influence_out']:g}",
            "isolated" if m["isolated"] else "out of reach" if m["out_of_reach"] else "")
    out.print(actors)
    n = d["network"]
    out.print(f"Brokers between groups: {', '.join(n['brokers']) or 'none'}")
    out.print(f"Most influential: {', '.join(n['influential']) or 'none'}")
    out.print(f"Violent actors out of reach: {', '.join(n['isolated_violent']) or 'none'}")
    out.print("(* an assumption, not in the sources; bridges: other groups among its "
              "neighbours; exerts: total strength of its influence ties)")

    tree = Tree("[bold]Problem tree[/] (cause -> effects)")
    for level, ids in d["problem_tree"]["layers"].items():
        branch = tree.add(f"[bold]{level}[/]")
        causes = {c["id"]: c for c in d["problem_tree"]["causes"]}
        for cid in ids:
            c = causes.get(cid)
            if c is None:
                continue  # left out at the reader's level
            effects = f" -> {', '.join(c['effects'])}" if c["effects"] else ""
            addressed = (f" [green](addressed by {', '.join(c['addressed_by'])})[/]"
                         if c["addressed_by"] else " [yellow](not addressed)[/]")
            branch.add(f"{cid}: {c['name']}{effects}{addressed}")
    out.print(tree)
    if d["problem_tree"]["key_drivers"]:
        out.print(f"Key drivers (most causes downstream): "
                  f"{', '.join(d['problem_tree']['key_drivers'])}")

    scenarios = Table(title="Scenarios")
    for col in ("scenario", "case", "indicators (signs it is coming)", "contingency"):
        scenarios.add_column(col)
    for s in d["scenarios"]:
        contingency = s.get("contingency") or ""
        if s.get("contingency_task"):
            contingency += f" [task {s['contingency_task']}]"
        scenarios.add_row(s["id"], s["case"], "; ".join(s.get("indicators", [])) or "-",
                          contingency.strip() or "[yellow]none[/]")
    out.print(scenarios)
    out.print(_findings_table(d["findings"]))
    for path in d["charts"]:
        out.print(f"Wrote {path}")
    print_withheld(out, d)


@click.command("results")
@plan_argument
@format_option
@click.option("--export", "export", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the results framework to this Excel workbook (one sheet per level).")
@click.option("--import", "import_", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the results framework from this workbook (with --into).")
@click.option("--into", "into", type=click.Path(path_type=Path, dir_okay=False),
              help="With --import: write the whole plan, results replaced, to this YAML file.")
@click.option("--force", is_flag=True, help="Let --export / --into overwrite a file.")
@reader_option
@guard
def results_command(file: Path | None, fmt: str, export: Path | None, import_: Path | None,
                    into: Path | None, force: bool, max_sensitivity: str | None) -> None:
    """The results chain (ISF): objectives, outputs, activities, benchmarks, indicators.

    Prints the chain as a tree and a table, with its checks. --export writes
    it to Excel; --import BOOK --into NEW.yaml reads an edited workbook back.
    Exit status: 0 no error finding, 1 error findings, 2 invalid input.
    """
    from impp.io.excel import export_results, import_results
    from impp.io.yaml_io import dump_plan
    from impp.results import results_chain

    plan = load_or_exit(file)
    reader = reader_of(plan, max_sensitivity)
    if (import_ is None) != (into is None):
        fail("--import and --into go together: --import BOOK.xlsx --into NEW.yaml")
    if import_ is not None and reader.withholds:
        fail(f"--import writes the whole plan, and {reader.omitted_items} of its items are "
             f"above the reader's level ({reader.level.value}): it needs a reader cleared "
             "to see them all")
    written: list[str] = []
    if import_ is not None and into is not None:
        if into.exists() and not force:
            fail(f"{into} exists; choose another file or add --force")
        plan = import_results(plan, import_)
        try:
            into.write_text(dump_plan(plan), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {into}: {exc.strerror or exc}")
        written.append(str(into))
    if export is not None:
        if export.exists() and not force:
            fail(f"{export} exists; choose another file or add --force")
        try:
            export_results(reader.plan(plan), export)
        except OSError as exc:
            fail(f"cannot write {export}: {exc.strerror or exc}")
        except ValueError as exc:
            fail(f"cannot export the results framework: {exc}")
        written.append(str(export))
    data = results_chain(plan)
    data["written"] = written
    data = shown_to(reader, data)
    if fmt == "json":
        emit_json(data)
    else:
        _render_results(data)
    raise SystemExit(_status(data["findings"]))


def _render_results(d: dict[str, Any]) -> None:
    d = markup_safe(d)  # the plan's words print as written
    out = console()
    out.rule(f"[bold]{d['mission']['name']}: results chain[/]")
    for p in d["priorities"]:
        out.print(f"Priority {p.get('rank', '-')}: {p['name']} (set by {p.get('set_by', '?')})")
    tree = Tree("[bold]Results chain[/]")
    for obj in d["tree"]:
        o = tree.add(f"[bold]objective[/] {obj['id']}: {obj['name']}")
        for bm in obj["benchmarks"]:
            kind = "core" if bm["core"] else "broader"
            ind = f" [dim]indicators: {', '.join(bm['indicators'])}[/]" if bm["indicators"] else ""
            o.add(f"benchmark {bm['id']} ({kind}, {bm['term'] or 'no term'}){ind}")
        for iid in obj["indicators"]:
            o.add(f"indicator {iid}")
        for output in obj["outputs"]:
            b = o.add(f"[bold]output[/] {output['id']} \\[{output['priority'] or '-'}]: "
                      f"{output['name']}")
            for iid in output["indicators"]:
                b.add(f"indicator {iid}")
            for act in output["activities"]:
                b.add(f"activity {act['id']} -> task {act['task'] or '[yellow]none[/]'}"
                      f" ({act['owner'] or '-'})")
    out.print(tree)
    table = Table(title="Activities")
    for col in ("objective", "output", "priority", "activity", "task", "owner"):
        table.add_column(col)
    for row in d["table"]:
        table.add_row(*(str(row[c] or "-") for c in (
            "objective", "output", "priority", "activity", "task", "owner")))
    out.print(table)
    indicators = Table(title="Indicators")
    for col in ("indicator", "measures", "baseline", "target", "per period", "unit",
                "disaggregation", "responsible"):
        indicators.add_column(col)
    for i in d["indicators"]:
        periods = "; ".join(f"{t['period']}: {t['value']}" for t in i["targets"])
        baseline = "-" if i["baseline"] is None else str(i["baseline"])
        target = "-" if i["target"] is None else str(i["target"])
        indicators.add_row(i["id"], i["measures"] or "-", baseline, target, periods or "-",
                    i["unit"] or "-", ", ".join(i["disaggregation"]) or "-",
                    (i["responsible"] or "-") + (f" ({i['responsible_kind']})"
                                                 if i["responsible_kind"] else ""))
    out.print(indicators)
    out.print(_findings_table(d["findings"]))
    for path in d["written"]:
        out.print(f"Wrote {path}")
    print_withheld(out, d)
