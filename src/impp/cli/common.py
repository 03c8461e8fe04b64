"""What every command shares: the plan argument, --format, errors as messages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from impp.exceptions import ImppError, PlanFileError
from impp.scenarios import carana_path

if TYPE_CHECKING:  # loaded by the commands that read a plan, not by `impp log`
    from impp.model.plan import Plan

F = TypeVar("F", bound=Callable[..., Any])

#: Exit statuses of every command.
EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


def markup_safe(data: Any) -> Any:
    r"""``data`` (JSON-ready: dicts, lists, strings) with every string escaped for
    rich's markup: a renderer that puts the plan's words inside its own
    ``[bold]...[/]`` then prints them as written ("Done [/i] soon" would stop
    it with a MarkupError; "[sic]" would vanish). Keys are left alone.

    >>> markup_safe({"name": "Done [/i] soon", "n": [1, "[sic]"]})
    {'name': 'Done \\[/i] soon', 'n': [1, '\\[sic]']}
    """
    if isinstance(data, str):
        return escape(data)
    if isinstance(data, dict):
        return {k: markup_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [markup_safe(v) for v in data]
    return data


def console() -> Console:
    """A console for results (stdout)."""
    # emoji=False: a name such as ":one:" prints as written (and 5 ms sooner)
    return Console(highlight=False, soft_wrap=False, emoji=False,
                   width=None if sys.stdout.isatty() else 120)


def err_console() -> Console:
    """A console for errors (stderr)."""
    return Console(stderr=True, highlight=False, emoji=False,
                   width=None if sys.stderr.isatty() else 120)


def plan_argument(func: F) -> F:
    """An optional FILE argument: a plan file or folder; none means Carana."""
    return click.argument(
        "file", required=False, type=click.Path(path_type=Path, dir_okay=True)
    )(func)


def format_option(func: F) -> F:
    """``--format table|json``."""
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
        show_default=True, help="Readable tables, or JSON for scripts.",
    )(func)


def reader_option(func: F) -> F:
    """``--max-sensitivity``: the highest marking to show (at most the reader's clearance)."""
    return click.option(
        "--max-sensitivity", "max_sensitivity",
        type=click.Choice(["unclassified", "confidential", "strictly_confidential"]),
        default=None,
        help="Highest marking to show; items above it are left out. Default: the "
             "clearance of the user $IMPP_USER names; with nobody named, all of a "
             "plan file.",
    )(func)


def reader_of(plan: Plan, max_sensitivity: str | None, *, store: Any = None) -> Any:
    """The :class:`~impp.clearance.Clearance` of the acting reader for ``plan``."""
    from impp.clearance import clearance, reader_level

    return clearance(plan, reader_level(max_sensitivity, store=store))


def withheld_block(reader: Any, records: int) -> dict[str, Any] | None:
    """What JSON output says about what it left out (``None``: nothing was)."""
    if not reader.withholds:
        return None
    return {"max_sensitivity": reader.level.value, "items": reader.omitted_items,
            "records": records, "note": reader.note(records)}


def shown_to(reader: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as ``reader`` may see it, saying what was left out (``withheld``)."""
    out: dict[str, Any]
    out, dropped = reader.redact_counted(data)
    block = withheld_block(reader, dropped)
    if block:
        out["withheld"] = block
    return out


def print_withheld(out: Console, data: dict[str, Any]) -> None:
    """The sentence saying what was left out, when something was."""
    if data.get("withheld"):
        out.print(f"[bold]{escape(data['withheld']['note'])}[/]")


def load_or_exit(file: Path | None, *, analyse: bool = False) -> Plan:
    """Load the plan, or print every problem and exit with status 2.

    ``analyse``: the command goes on to analyse it; the solver's process
    starts first, to load OR-Tools on the other core meanwhile
    (:mod:`impp.deploy.worker`).
    """
    if analyse:
        from impp.deploy.worker import start

        start()
    from impp.io import load_plan

    try:
        return load_plan(file if file is not None else carana_path())
    except PlanFileError as exc:
        exit_with_problems(exc)


def exit_with_problems(exc: PlanFileError) -> NoReturn:
    """Print every problem of a plan that cannot be loaded and exit with status 2."""
    # Plain text, never wrapped: editors and scripts parse file:line:column.
    n = len(exc.problems)
    click.echo(f"The plan cannot be loaded: {n} problem{'s' if n != 1 else ''}", err=True)
    for problem in exc.problems:
        click.echo("  " + problem.render(), err=True)
    raise SystemExit(EXIT_INVALID) from None


def emit_json(data: Any) -> None:
    """Print JSON to stdout (stable key order as built)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def fail(message: str, status: int = EXIT_INVALID) -> None:
    """Print an error message (no traceback) and exit."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(status)


def guard(func: F) -> F:
    """Turn impp's own errors into a message and status 2 instead of a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ImppError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def progress_printer() -> Callable[[str], None] | None:
    """A callback that says which part of an analysis runs, on stderr.

    On a terminal, dimmed; otherwise (a log, a CI job, a pipe) one plain line
    per stage, ``impp: analysing <part>``, so long work is never silent.
    ``IMPP_PROGRESS=off`` silences it (stdout holds only results either way).
    A cached analysis never calls it.
    """
    if not progress_wanted():
        return None
    if not sys.stderr.isatty():
        def line(part: str) -> None:
            print(f"impp: analysing {part}", file=sys.stderr, flush=True)

        return line
    err = err_console()

    def tell(part: str) -> None:
        err.print(f"[dim]analysing: {part}...[/]")

    return tell


def progress_wanted() -> bool:
    """False when ``IMPP_PROGRESS`` is ``off`` (or ``0``, ``no``, ``false``)."""
    import os

    return os.environ.get("IMPP_PROGRESS", "on").lower() not in ("off", "0", "no", "false")


def stage_line(text: str) -> None:
    """One plain progress line on stderr, off a terminal (see :func:`progress_printer`)."""
    if progress_wanted() and not sys.stderr.isatty():
        print(f"impp: {text}", file=sys.stderr, flush=True)


#: How each verdict on a criterion is coloured on the terminal.
STATE_STYLE = {"missed": "bold red", "at risk": "yellow", "met": "green"}


def state_cell(state: str) -> str:
    """A verdict (met, at risk, missed, unknown) as rich markup."""
    style = STATE_STYLE.get(state)
    return f"[{style}]{state}[/]" if style else state
