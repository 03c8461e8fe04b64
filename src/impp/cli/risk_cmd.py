"""`impp risk`: the odds of meeting each criterion for success."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    reader_of,
    reader_option,
)
from impp.fmt import percent, signed_days
from impp.plan_analysis import Parameters
from impp.risk.result import LEVELS, RiskResult
from impp.views import risk_data


@click.command("risk")
@plan_argument
@click.option("--samples", type=click.IntRange(min=1), default=Parameters().risk_samples,
              show_default=True,
              help="Number of samples (the default is the one `impp plan` uses).")
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0,
              show_default=True, help="Seed: the same seed gives the same numbers.")
@click.option("--chunk-size", type=click.IntRange(min=1, max=2**31 - 1), default=65_536,
              show_default=True, help="Samples per chunk (memory stays bounded).")
@click.option("--dask", "dask", metavar="local|ADDRESS", default=None,
              help="Run the chunks on a Dask cluster: 'local' starts one on this machine.")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder for the charts (S-curves, histograms, tornados; PNG and SVG).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@format_option
@reader_option
@guard
def risk_command(file: Path | None, samples: int, seed: int, chunk_size: int,
                 dask: str | None, out: Path | None, quiet: bool, fmt: str,
                 max_sensitivity: str | None) -> None:
    """Monte Carlo schedule risk: P(criterion met), P50/P80/P90 dates, drivers.

    Samples the uncertain durations, risk events and seasons of the plan
    (no FILE: the Carana scenario) and reports, for every criterion for
    success, the probability that it holds; for every event its P50/P80/P90;
    for every task its criticality and its rank correlation with each
    criterion (sensitivity).
    """
    from impp.plan_analysis import analyse

    plan = load_or_exit(file, analyse=True)
    reader = reader_of(plan, max_sensitivity)
    params = Parameters(risk_samples=samples, risk_seed=seed)
    with _executor(dask) as executor, _progress(samples, quiet) as advance:
        a = analyse(plan, params, executor=executor, chunk_size=chunk_size,
                    sample_progress=advance)
    data = risk_data(a, reader)
    if data is None or a.risk is None:
        fail(f"no schedule risk for this plan: {a.risk_error}", EXIT_FINDINGS)
    assert data is not None and a.risk is not None
    charts: list[Path] = []
    if out is not None:
        from impp.risk.charts import chart_jobs, draw_all
        from impp.workers import default_workers

        deployment = a.deployment.risk if a.deployment is not None else None
        # one verdict per criterion: where the lift schedule decides, its odds
        odds = {cid: f"P(met) = {percent(v.probability)} on the lift schedule "
                     f"(the timeline alone: {percent(v.timeline_probability)})"
                for cid, v in a.verdicts.items() if v.basis == "deployment"}
        shown = reader.redact(RiskResult(**{**a.risk.__dict__, "deployment": deployment}))
        with _progress(len(chart_jobs(shown, out)), quiet, "drawing charts") as advance:
            charts = draw_all(shown, out, odds, workers=default_workers(), progress=advance)
    data["charts"] = [str(p) for p in charts]
    if fmt == "json":
        emit_json(data)
    else:
        render(data)


@contextmanager
def _executor(dask: str | None) -> Iterator[Any]:
    if dask is None:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        fail("--dask needs the 'distributed' package: pip install 'dask[distributed]'")
    if dask == "local":
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client
        return
    try:
        client = Client(dask, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        fail(f"cannot reach the Dask scheduler at {dask!r} ({exc}); "
             "give 'local' or the address of a running scheduler (tcp://host:8786)")
    with client:
        yield client


@contextmanager
def _progress(total: int, quiet: bool, what: str = "sampling"
              ) -> Iterator[Callable[[int], None] | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from impp.cli.common import err_console

    with Progress(what, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console(), transient=True) as bar:
        task = bar.add_task("samples", total=total)
        yield lambda n: bar.advance(task, n)


def render(d: dict[str, Any]) -> None:
    """The risk data (as the reader may see it) as tables on the terminal."""
    d = markup_safe(d)  # the plan's words print as written
    out = console()
    day0 = f"day 0 = {d['day0']}" if d["day0"] else "no dates: days from day 0"
    out.rule(f"[bold]Schedule risk[/]: {d['samples']:,} samples, seed {d['seed']}, {day0}")
    if not d["seasons_applied"]:
        out.print("Seasons: not applied (no task is affected, or the plan has no date).")
    crit = Table(title="Criteria for success: probability met, on the model that decides each")
    for col in ("criterion", "verdict", "margin", "P(met)", "decided by",
                "P(met) on the timeline", "main driver"):
        crit.add_column(col, justify="right" if col.startswith(("P(", "margin")) else "left")
    for cid, c in d["criteria"].items():
        if "state" not in c:
            continue  # schedule risk's own check of a criterion the analysis does not judge
        p = c["probability"]
        cell = "-" if p is None else (
            f"[{'green' if p >= 0.8 else 'yellow' if p >= 0.5 else 'red'}]{percent(p)}[/]")
        driver = (_driver(d, cid) if c.get("timeline_probability") is not None
                  else "not scheduled by the plan")
        crit.add_row(cid, c["state"], signed_days(c["margin_days"]), cell,
                     "the lift schedule" if c["basis"] == "deployment" else "the timeline",
                     percent(c.get("timeline_probability")) if c["basis"] == "deployment"
                     else "", driver)
    out.print(crit)

    events = Table(title="Events: days from day 0 (dates) by which they happen")
    events.add_column("event")
    for key, _ in LEVELS:
        events.add_column(key.upper(), justify="right")
    targets = {c.get("to") for c in d["criteria"].values()}
    for eid, e in d["events"].items():
        if "." in eid and eid not in targets:
            continue
        dates = e.get("dates") or {}
        events.add_row(eid, *(f"{e[key]:.0f}" + (f" ({dates[key]})" if key in dates else "")
                              for key, _ in LEVELS))
    out.print(events)

    tasks = Table(title="Tasks: criticality (share of samples on the critical path)")
    tasks.add_column("task")
    tasks.add_column("criticality", justify="right")
    tasks.add_column("strongest rank correlation")
    for tid, t in sorted(d["tasks"].items(), key=lambda kv: -(kv[1].get("criticality") or 0)):
        ranked = sorted(((abs(v), k, v) for k, v in t["sensitivity"].items() if v is not None),
                        reverse=True)
        best = f"{ranked[0][1]}: {ranked[0][2]:+.2f}" if ranked else "-"
        tasks.add_row(tid, f"{t.get('criticality') or 0:.0%}", best)
    out.print(tasks)
    dep = d.get("deployment")
    if dep is None:
        out.print("Deployment IOC/FOC odds: not available (the plan has no deployment to "
                  "simulate).")
    elif dep.get("milestones"):
        table = Table(title=f"Deployment with the lift that exists ({dep['samples']:,} "
                            "samples: serviceability, readiness slips, season dates)")
        for col, justify in (("milestone", "left"), ("deadline", "right"),
                             ("P(on time)", "right"), ("P50", "right"), ("P80", "right")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for mid, m in dep["milestones"].items():
            p = m.get("probability")
            deadline = m.get("max_days")
            table.add_row(f"{mid} ({m.get('name', mid)})",
                          "-" if deadline is None else f"day {deadline}",
                          "-" if p is None else f"{p:.0%}", f"day {m['p50']}",
                          f"day {m['p80']}")
        out.print(table)
    if d["charts"]:
        out.print(f"Charts: {len(d['charts'])} files in {Path(d['charts'][0]).parent}")
    print_withheld(out, d)


def _driver(d: dict[str, Any], cid: str) -> str:
    best: tuple[float, str] = (0.0, "-")
    for group in ("tasks", "risks"):
        for key, driver in d[group].items():
            v = driver["sensitivity"].get(cid)
            if v is not None and abs(v) > best[0]:
                best = (abs(v), f"{key} ({v:+.2f})")
    return best[1]
