"""`impp deploy` (deployment plan, IOC/FOC, what-if) and `impp rcpsp` (a PSPLIB instance)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
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
    markup_safe,
    plan_argument,
    print_withheld,
    progress_printer,
    reader_of,
    reader_option,
)
from impp.fmt import NONE, days, money, percent, signed_days
from impp.plan_analysis import Parameters
from impp.views import deployment_data, lift_withheld


def _progress(quiet: bool) -> Any:
    from rich.progress import Progress

    return Progress(transient=True, disable=quiet or not sys.stderr.isatty(),
                    console=__import__("rich.console").console.Console(stderr=True))


@click.command("deploy")
@plan_argument
@click.option("--time-limit", type=float, default=Parameters().deploy_time_limit,
              show_default=True,
              help="CP-SAT's deterministic time for the schedule, in work units (about "
                   "seconds); each what-if solve gets a quarter of it. The same limit "
                   "gives the same schedule on any machine, as `impp plan` shows it.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("impp-out/deploy"), show_default=True,
              help="Folder for the asset-use chart (PNG and SVG).")
@click.option("--ioc-first", is_flag=True, help="Minimise IOC first, then FOC.")
@click.option("--no-what-if", is_flag=True, help="Skip the what-if re-solves.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@format_option
@reader_option
@guard
def deploy_command(file: Path | None, time_limit: float, out_dir: Path,
                   ioc_first: bool, no_what_if: bool, quiet: bool, fmt: str,
                   max_sensitivity: str | None) -> None:
    """Plan the deployment: movements, IOC/FOC dates, asset use, what-if.

    With the default options it shows the deployment of the plan's analysis,
    the one `impp plan` judges its criteria on (computed once, then cached).
    Exit status: 0 every milestone within its deadline, 1 one is late or no
    schedule was found, 2 invalid input.
    """
    from impp.deploy.chart import draw_asset_use
    from impp.plan_analysis import analyse

    if time_limit <= 0:
        fail("--time-limit must be above 0")
    plan = load_or_exit(file, analyse=True)
    reader = reader_of(plan, max_sensitivity)
    if not plan.units or not plan.milestones:
        fail("the plan has no units or no milestones to deploy; add units, lift, locations, "
             "routes and milestones (see the README, Deployment)")
    d = Parameters()
    params = Parameters(
        deploy_time_limit=time_limit,
        what_if_time_limit=(d.what_if_time_limit if time_limit == d.deploy_time_limit
                            else time_limit / 4),
        ioc_first=ioc_first, what_if=not no_what_if)
    a = analyse(plan, params, progress=None if quiet else progress_printer())
    assert a.deployment is not None
    dep = a.deployment.deployment
    if dep is None:
        fail(f"the deployment cannot be planned: {a.deployment.error}")
    assert dep is not None
    # the chart names every lift asset: drawn only when none is withheld
    lift_hidden = lift_withheld(plan, reader)
    charts = (draw_asset_use(dep, out_dir)
              if dep.solution.has_schedule and not lift_hidden else [])
    data = deployment_data(plan, a, reader)
    assert data is not None
    data["charts"] = [str(p) for p in charts]
    if lift_hidden:
        data["withheld"]["note"] += " The asset-use chart is left out: it names every lift asset."
    if fmt == "json":
        emit_json(data)
    else:
        _render(data)
    late = any(m.met is False for m in dep.milestones) or not dep.solution.has_schedule
    raise SystemExit(EXIT_FINDINGS if late else EXIT_OK)


def _render(d: dict[str, Any]) -> None:
    d = markup_safe(d)  # the plan's words print as written
    out = console()
    out.print(f"Deployment: {d['status']} ({d['explanation']})")
    out.print(f"Day 0: {d['reference_event']} = {d['day0']}")
    ms = Table(title="Capability milestones")
    for col in ("milestone", "days", "date", "deadline", "met", "lower bound"):
        ms.add_column(col)
    for m in d["milestones"]:
        met = NONE if m["met"] is None else ("yes" if m["met"] else "[red]NO[/]")
        ms.add_row(m["name"], days(m["days"]), m["date"] or NONE, days(m["max_days"]), met,
                   days(m["lower_bound"]))
    out.print(ms)
    if not d["movements"]:
        out.print("No movements: the lift schedule has none to show (see its status above).")
    else:
        mv = Table(title="Movements")
        for col in ("unit", "from", "to", "route", "lift", "assets", "leaves", "arrives"):
            mv.add_column(col)
        for m in d["movements"]:
            mv.add_row(m["unit"], m["from"], m["to"], m["route"], m["lift"], str(m["assets"]),
                       f"day {m['start_day']} ({m['start_date']})",
                       f"day {m['arrival_day']} ({m['arrival_date']})")
        out.print(mv)
    if d["criteria"]:
        cr = Table(title="Criteria for success decided by the lift schedule")
        for col in ("criterion", "verdict", "margin", "probability", "the other model"):
            cr.add_column(col)
        for cid, c in d["criteria"].items():
            cr.add_row(cid, c["state"], signed_days(c["margin_days"]),
                       percent(c["probability"]), c["other_model"] or "-")
        out.print(cr)
    if d["what_if"]:
        wi = Table(title="What-if: one more asset (days gained; no milestone gets later)")
        # a plan whose only milestone is FOC has no IOC to gain: no column for it
        ioc = any(r["ioc_gain"] is not None for r in d["what_if"])
        for col in ("lift", "now", *(["IOC gain"] if ioc else []), "FOC gain",
                    "cost of one more", "search"):
            wi.add_column(col)
        for r in d["what_if"]:
            wi.add_row(r["name"], str(r["count"]), *([str(r["ioc_gain"])] if ioc else []),
                       str(r["foc_gain"]), money(r["cost"]),
                       r["status"] if r["basis"] == "solved"
                       else "feasible (no better schedule found)")
        out.print(wi)
    for path in d["charts"]:
        out.print(f"Chart: {path}")
    print_withheld(out, d)


@click.command("rcpsp")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--time-limit", type=float, default=10.0, show_default=True)
@click.option("--workers", type=int, default=2, show_default=True)
@click.option("--quiet", is_flag=True, help="No progress display.")
@format_option
@guard
def rcpsp_command(file: Path, time_limit: float, workers: int, quiet: bool, fmt: str) -> None:
    """Solve a PSPLIB instance (.sm or .rcp): minimum makespan, proven where possible.

    A genetic algorithm finds a short schedule; a branch and bound and CP-SAT
    then race to shorten it or prove that none is shorter.

    Exit status: 0 a schedule (optimal or not), 1 none found, 2 bad input.
    """
    from impp.deploy import branch, genetic
    from impp.deploy.rcpsp import solve_rcpsp
    from impp.deploy.sgs import warm_up
    from impp.io.psplib import read_project

    if time_limit <= 0 or workers < 1:
        fail("--time-limit must be above 0 and --workers at least 1")
    project = read_project(file)
    with _progress(quiet) as progress:
        # the kernels compile once per machine (about a minute), then load from disk
        task = progress.add_task("Loading the solver (compiled on its first run)", total=None)
        warm_up()
        genetic.warm_up()
        branch.warm_up()
        progress.update(task, description=f"Solving {project.name} "
                        f"(at most {time_limit:g} s, {workers} threads)")
        result = solve_rcpsp(project, time_limit=time_limit, workers=workers)
    data = result.as_dict()
    if fmt == "json":
        emit_json(data)
    else:
        out = console()
        out.print(f"{result.name}: {result.status} ({result.explanation})")
        out.print(f"makespan {result.makespan}, lower bound {result.lower_bound}, "
                  f"{result.seconds:.2f} s (heuristic alone: {result.heuristic_makespan})")
        t = Table(title="Starts")
        t.add_column("activity")
        t.add_column("start")
        for k, v in result.starts.items():
            t.add_row(str(k), str(v))
        out.print(t)
    raise SystemExit(EXIT_OK if result.makespan is not None else EXIT_FINDINGS)
