"""`impp cost`: what the plan costs, by driver and budget year, and the odds of its ceiling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from impp.cli.common import (
    EXIT_FINDINGS,
    console,
    emit_json,
    fail,
    format_option,
    guard,
    load_or_exit,
    markup_safe,
    plan_argument,
    print_withheld,
    progress_printer,
    reader_of,
    reader_option,
)
from impp.fmt import money, percent


@click.command("cost")
@plan_argument
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the estimate to this Excel workbook (summary, lines, rates).")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder for the chart (cost by budget year and driver, first-year "
                   "S-curve; PNG and SVG).")
@click.option("--lines", "show_lines", is_flag=True,
              help="Also print every line of the estimate (unit, asset or cost line at a rate).")
@format_option
@reader_option
@guard
def cost_command(file: Path | None, xlsx: Path | None, out: Path | None, show_lines: bool,
                 fmt: str,
                 max_sensitivity: str | None) -> None:
    """What the plan costs: by driver and UN budget year; the odds of its ceiling.

    No FILE: the Carana scenario. Budget years run 1 July to 30 June; units
    cost from the day the lift schedule puts them in place. The first year's
    P50/P80 and the joint odds of the budget ceiling and FOC's deadline come
    from the deployment risk's samples.
    """
    from impp.plan_analysis import analyse
    from impp.views import cost_data

    plan = load_or_exit(file, analyse=True)
    reader = reader_of(plan, max_sensitivity)
    data = cost_data(analyse(plan, progress=progress_printer()), reader)
    if data is None:
        fail("the plan sets no costs: add a 'costs' section with its currency, 'rates' and "
             "'cost_lines' (the README's 'What a plan costs' shows how)", EXIT_FINDINGS)
    assert data is not None
    if "error" in data:
        fail(f"the cost cannot be estimated: {data['error']}", EXIT_FINDINGS)
    if xlsx is not None:
        from impp.cost.excel import write_workbook

        if not xlsx.parent.exists():
            fail(f"cannot write {xlsx}: folder {xlsx.parent} does not exist")
        write_workbook(data, xlsx)
        data["xlsx"] = str(xlsx)
    if out is not None:
        from impp.cost.chart import draw_cost

        data["charts"] = [str(p) for p in draw_cost(data, out)]
    if fmt == "json":
        emit_json(data)
    else:
        render(data, lines=show_lines)


def _days(gain: int | None) -> str:
    return "-" if gain is None else f"{gain:+d} d" if gain else "0 d"


def render(d: dict[str, Any], *, lines: bool = False) -> None:
    """The estimate (as the reader may see it) as tables on the terminal."""
    d = markup_safe(d)  # the plan's words print as written
    out = console()
    cur = d["currency"]
    end = d["periods"][-1]["end"] if d["periods"] else "-"
    out.rule(f"[bold]Cost estimate[/]: {money(round(d['total']), cur)} from {d['day0']} "
             f"(day 0, {d['reference_event']}) to {end}")
    fy = d["first_year"]
    line = (f"First year (days 0-364): {money(round(fy['amount']), cur)} on the plan's "
            "schedule")
    if fy["p50"] is not None:
        line += (f"; P50 {money(round(fy['p50']), cur)}, P80 {money(round(fy['p80']), cur)} "
                 f"over {fy['samples']} deployment-risk samples (the lift schedule "
                 "executed under each sample's draws)")
    out.print(line + ".")
    if fy["ceiling"] is not None:
        text = f"Ceiling {money(fy['ceiling'], cur)}: inside it in {percent(fy['within_ceiling'])}"
        if fy["joint"] is not None:
            name = fy["milestone_name"] or fy["milestone"]
            text += (f"; inside it [bold]and[/] {name} by day {fy['milestone_max_days']} in "
                     f"{percent(fy['joint'])} (the joint confidence level; {name} alone: "
                     f"{percent(fy['milestone_probability'])})")
        out.print(text + ".")
    if d["per_uniformed_person_year"] is not None:
        out.print(f"Per uniformed person-year: {money(round(d['per_uniformed_person_year']), cur)} "
                  f"({d['uniformed_person_years']:,.0f} person-years in the estimate).")
    drivers = Table(title="By driver (New Horizon: personnel, aviation and infrastructure first)")
    for col in ("driver", "amount", "share"):
        drivers.add_column(col, justify="left" if col == "driver" else "right")
    total = d["total"] or 1.0
    for name, amount in d["by_driver"].items():
        drivers.add_row(name, money(round(amount), cur), percent(amount / total))
    out.print(drivers)
    periods = Table(title="By UN budget year (1 July to 30 June)")
    for col in ("budget year", "from", "to", "amount"):
        periods.add_column(col, justify="right" if col == "amount" else "left")
    for p in d["periods"]:
        periods.add_row(p["label"], p["start"], p["end"],
                        money(round(d["by_period"].get(p["label"], 0.0)), cur))
    out.print(periods)
    outputs = Table(title="By output of the results chain (results-based budgeting)")
    for col in ("output", "amount", "share"):
        outputs.add_column(col, justify="left" if col == "output" else "right")
    for name, amount in sorted(d["by_output"].items(), key=lambda kv: -kv[1]):
        label = d["output_names"].get(name, name)
        outputs.add_row(label if label == name else f"{label} [dim]({name})[/]",
                        money(round(amount), cur), percent(amount / total))
    out.print(outputs)
    drivers = Table(title="What drives the cost: the largest rates (a change of 10 % in a rate "
                          "moves the total by a tenth of its figure)")
    for col in ("rate", "adds up to", "share", "±10 %"):
        drivers.add_column(col, justify="left" if col == "rate" else "right")
    names = {r["id"]: r["name"] for r in d["rates"]}
    for rid, amount in list(d["by_rate"].items())[:6]:
        drivers.add_row(names.get(rid, rid), money(round(amount), cur), percent(amount / total),
                        money(round(amount / 10), cur))
    out.print(drivers)
    if d["per_day_in_place"]:
        slips = ", ".join(f"{u} {money(round(v), cur)}"
                          for u, v in list(d["per_day_in_place"].items())[:5])
        out.print(f"A day earlier in place costs (a day's slip saves), per unit: {slips}.")
    if d.get("what_if"):
        table = Table(title="One more lift asset: the days it buys (the deployment's what-if) "
                            "and what it costs")
        ioc = any(r["ioc_gain"] is not None for r in d["what_if"])
        for col in ("lift", *(["IOC gain"] if ioc else []), "FOC gain",
                    "a month at the plan's rates", "cost of one more (cost_per_extra)"):
            table.add_column(col, justify="left" if col == "lift" else "right")
        for r in d["what_if"]:
            table.add_row(r["name"], *([_days(r["ioc_gain"])] if ioc else []),
                          _days(r["foc_gain"]),
                          money(round(r["per_month"]), cur) if r["per_month"] else "-",
                          money(r["cost_per_extra"]) if r["cost_per_extra"] else "-")
        out.print(table)
    if d.get("options"):
        table = Table(title="Options, costed apart (not in the total): reserve capacity and "
                            "alternatives")
        for col in ("option", "how", "first year", "over the estimate"):
            table.add_column(col, justify="left" if col in ("option", "how") else "right")
        for o in d["options"]:
            table.add_row(f"{o['name']} [dim]({o['what']})[/]", o["basis"],
                          money(round(o["first_year"]), cur), money(round(o["total"]), cur))
        out.print(table)
    rates = Table(title="Rates used")
    for col in ("rate", "driver", "amount", "per", "source"):
        rates.add_column(col, justify="right" if col == "amount" else "left")
    for r in d["rates"]:
        rates.add_row(f"{r['name']} [dim]({r['id']})[/]", r["driver"], money(r["amount"], cur),
                      r["per"].replace("_", "-"),
                      (r["source"] or "-") + (" (assumption)" if r["assumption"] else ""))
    out.print(rates)
    if lines:
        table = Table(title="Lines of the estimate")
        for col in ("item", "rate", "driver", "how", "amount"):
            table.add_column(col, justify="right" if col == "amount" else "left")
        for i in d["items"]:
            table.add_row(f"{i['name']} [dim]({i['what']})[/]", i["rate"], i["driver"],
                          i["basis"], money(round(i["total"]), cur))
        out.print(table)
    for note in d["notes"]:
        out.print(f"[dim]{note}[/]")
    print_withheld(out, d)
