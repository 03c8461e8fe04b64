"""The `impp` command.

Commands are imported when they are run, not when `impp` starts: the
documents need matplotlib, python-docx and fpdf2, the store SQLAlchemy and
Alembic, and importing all of them for every command cost about a second
and a half of start-up.
"""

from __future__ import annotations

import importlib

import click

from impp import __version__

#: Command name -> "module:attribute" of its click command, in help order.
COMMANDS: dict[str, str] = {
    "plan": "impp.cli.plan_cmd:plan_command",
    "validate": "impp.cli.plan_cmd:validate_command",
    "new": "impp.cli.plan_cmd:new_command",
    "process": "impp.cli.process_cmd:process_command",
    "timeline": "impp.cli.timeline_cmd:timeline_command",
    "risk": "impp.cli.risk_cmd:risk_command",
    "deploy": "impp.cli.deploy_cmd:deploy_command",
    "rcpsp": "impp.cli.deploy_cmd:rcpsp_command",
    "analysis": "impp.cli.analysis_cmd:analysis_command",
    "results": "impp.cli.analysis_cmd:results_command",
    "report": "impp.cli.report_cmd:report_command",
    "store": "impp.cli.store_cmd:store_group",
    "commit": "impp.cli.store_cmd:commit_command",
    "log": "impp.cli.store_cmd:log_command",
    "show": "impp.cli.store_cmd:show_command",
    "checkout": "impp.cli.store_cmd:checkout_command",
    "diff": "impp.cli.store_cmd:diff_command",
    "decide": "impp.cli.store_cmd:decide_command",
    "status": "impp.cli.store_cmd:status_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="impp")
def main() -> None:
    """impp: a workbench for the UN Integrated Missions Planning Process.

    With no FILE, commands work on the embedded Carana scenario.
    """
