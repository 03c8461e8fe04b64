"""The `impp` command."""

from __future__ import annotations

import click

from impp import __version__
from impp.cli import deploy_cmd
from impp.cli.analysis_cmd import analysis_command, results_command
from impp.cli.plan_cmd import new_command, plan_command, validate_command
from impp.cli.process_cmd import process_command
from impp.cli.report_cmd import report_command
from impp.cli.risk_cmd import risk_command
from impp.cli.store_cmd import register as register_store_commands
from impp.cli.timeline_cmd import timeline_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="impp")
def main() -> None:
    """impp: a workbench for the UN Integrated Missions Planning Process.

    With no FILE, commands work on the embedded Carana scenario.
    """


for _command in (plan_command, validate_command, new_command, process_command):
    main.add_command(_command)
main.add_command(report_command)
main.add_command(risk_command)
main.add_command(timeline_command)
main.add_command(analysis_command)
main.add_command(results_command)
register_store_commands(main)
main.add_command(deploy_cmd.deploy_command)
main.add_command(deploy_cmd.rcpsp_command)
