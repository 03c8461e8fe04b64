"""`impp rules`: every rule impp checks, from the registry; one rule with its passage."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from impp.cli.common import EXIT_INVALID, console, emit_json, fail, format_option


@click.command("rules")
@click.argument("code", required=False)
@click.option("--phase", type=click.Choice(["plan", "timeline", "models"]),
              help="Only the rules of this phase of the analysis.")
@format_option
def rules_command(code: str | None, phase: str | None, fmt: str) -> None:
    """Every rule impp checks (code, severity, passage, where it lives); CODE: one rule."""
    from impp.doctrine.registry import rule, rules

    if code is not None:
        try:
            found = [rule(code)]
        except KeyError:
            from impp.model.refs import did_you_mean

            codes = [r.code for r in rules()]
            fail(f"no rule {code!r}" + (did_you_mean(code, codes)
                                         or "; `impp rules` lists them"), EXIT_INVALID)
            return
    else:
        found = [r for r in rules() if phase is None or r.phase == phase]
    if fmt == "json":
        emit_json({"schema": "impp.rules/1", "rules": [r.as_dict() for r in found]})
        return
    out = console()
    if code is not None:
        r = found[0]
        out.print(f"[bold]{escape(r.code)}[/] ({r.severity}): {escape(r.summary)}.")
        if r.verdict:
            out.print(f"A criterion it names is [bold]{r.verdict}[/], whatever the schedule "
                      "says.")
        out.print(f"Passage: {escape(r.source)}")
        out.print(f"Runs in the {r.phase} phase: {r.module}.{r.function} ({r.file})")
        return
    table = Table(show_lines=False)
    for col in ("code", "severity", "what it says", "phase", "where"):
        table.add_column(col, overflow="fold")
    for r in found:
        table.add_row(r.code, r.severity, escape(r.summary), r.phase, r.file)
    out.print(table)
    out.print(f"{len(found)} rules; `impp rules CODE` prints one with its passage.")
