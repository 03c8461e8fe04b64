"""`impp report`: write the planning package (HTML report, directive, assessment, plan)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import click
from rich.progress import Progress, SpinnerColumn, TextColumn

from impp.cli.common import (
    emit_json,
    err_console,
    fail,
    format_option,
    guard,
    load_or_exit,
    plan_argument,
    reader_option,
    stage_line,
)
from impp.report.files import Package

_STEPS = 8  # summary, charts, documents, the page, four files


@click.command("report")
@plan_argument
@click.option(
    "--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("impp-out"),
    show_default=True, help="Folder to write the package into (created if needed).",
)
@reader_option
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@format_option
@guard
def report_command(file: Path | None, out: Path, max_sensitivity: str | None, quiet: bool,
                   fmt: str) -> None:
    """Write the planning package of a plan to --out (no FILE: the Carana scenario).

    report.html (offline page), planning-directive.docx and .pdf (IMPP
    guidelines Annex B), strategic-assessment.docx (§1.1.2) and
    mission-plan.docx (§1.2.3, §2.1.2). Every page carries the highest
    marking of what it shows.
    """
    from impp.clearance import reader_level

    plan = load_or_exit(file, analyse=True)
    level = reader_level(max_sensitivity)
    show = not quiet and sys.stderr.isatty()
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                        console=err_console(), transient=True)
    with progress if show else nullcontext():
        task = progress.add_task("summary", total=_STEPS) if show else None

        def step(name: str) -> None:
            if task is not None:
                progress.update(task, advance=1, description=f"writing {name}")
            elif not quiet:
                stage_line(f"writing {name}")

        from impp import cache

        def build() -> Package:
            from impp.report.package import build_package, worker_pool
            from impp.summary import summarize
            from impp.workers import default_workers

            # a worker lays out the PDFs beside this process; started first,
            # it imports while the plan is summarised and the charts drawn
            with worker_pool() if default_workers() > 1 else nullcontext() as pool:
                return build_package(plan, summarize(plan), level, on_step=step, pool=pool)

        # the package is a pure function of the plan, its analysis and the level
        package = cache.derived(plan, f"report-package|{level.value}", build)
        try:
            paths = package.write(out)
        except OSError as exc:
            fail(f"cannot write the package to {out}: {exc.strerror or exc}; "
                 "choose a folder you can write to.")
    if fmt == "json":
        emit_json(package.as_dict(out))
        return
    # Plain echo, never wrapped: paths must stay whole for copy and paste.
    _print(package.as_dict(out), paths, plan.mission.name, click.echo)


def _print(data: dict[str, object], paths: list[Path], mission: str,
           echo: Callable[[str], None]) -> None:
    echo(f"Planning package for {mission} written to {data['out']}/")
    for f, path in zip(data["files"], paths, strict=True):  # type: ignore[call-overload]
        echo(f"  {path}  {f['title']}  [{str(f['marking']).replace('_', ' ').upper()}]")
    if data["omitted_items"]:
        echo(f"{data['omitted_items']} items marked above "
             f"{str(data['max_sensitivity']).replace('_', ' ').upper()} were left out.")
    echo(f"Open {paths[0]} in a browser.")
