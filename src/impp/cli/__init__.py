"""The `impp` command.

Commands are imported when they are run, not when `impp` starts: the
documents need matplotlib, python-docx and fpdf2, the store SQLAlchemy and
Alembic, and importing all of them for every command cost about a second
and a half of start-up.
"""

from __future__ import annotations

import importlib
import os
from typing import NoReturn

import click

# pydantic looks for plugins in every installed distribution's entry points
# when the first model is built (20 ms of each command's start); the command
# uses none. A user who does (PYDANTIC_DISABLE_PLUGINS set, even empty) decides.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from impp import __version__

#: Command name -> ("module:attribute" of its click command, its one-line help),
#: in help order. The line is here so that ``impp --help`` imports no command:
#: a test checks that each matches its command's own docstring.
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("impp.cli.plan_cmd:plan_command",
             "Check a plan and print its summary (no FILE: the Carana scenario)."),
    "validate": ("impp.cli.plan_cmd:validate_command",
                 "Check a plan file's format and references only (errors, no analyses)."),
    "new": ("impp.cli.plan_cmd:new_command",
            "Write a commented starter plan to FILE, ready to fill in."),
    "process": ("impp.cli.process_cmd:process_command",
                "Print the IMPP: levels, outputs, decision points and the task force."),
    "rules": ("impp.cli.rules_cmd:rules_command",
              "Every rule impp checks (code, severity, passage, where it lives); CODE: one "
              "rule."),
    "timeline": ("impp.cli.timeline_cmd:timeline_command",
                 "The timeline of a plan: earliest/latest dates, float, critical path, "
                 "criteria."),
    "risk": ("impp.cli.risk_cmd:risk_command",
             "Monte Carlo schedule risk: P(criterion met), P50/P80/P90 dates, drivers."),
    "deploy": ("impp.cli.deploy_cmd:deploy_command",
               "Plan the deployment: movements, IOC/FOC dates, asset use, what-if."),
    "rcpsp": ("impp.cli.deploy_cmd:rcpsp_command",
              "Solve a PSPLIB instance (.sm or .rcp): minimum makespan, proven where "
              "possible."),
    "cost": ("impp.cli.cost_cmd:cost_command",
             "What the plan costs: by driver and UN budget year; the odds of its ceiling."),
    "analysis": ("impp.cli.analysis_cmd:analysis_command",
                 "The conflict analysis: profile, actors and their network, problem tree, "
                 "scenarios."),
    "results": ("impp.cli.analysis_cmd:results_command",
                "The results chain (ISF): objectives, outputs, activities, benchmarks, "
                "indicators."),
    "report": ("impp.cli.report_cmd:report_command",
               "Write the planning package of a plan to --out (no FILE: the Carana "
               "scenario)."),
    "store": ("impp.cli.store_cmd:store_group",
              "The revision store (SQLite by default, or PostgreSQL)."),
    "commit": ("impp.cli.store_cmd:commit_command",
               "Store FILE (a plan file or folder; none: Carana) as a new revision."),
    "log": ("impp.cli.store_cmd:log_command",
            "The revisions of PLAN, newest first (or, with --audit, its audit log)."),
    "show": ("impp.cli.store_cmd:show_command",
             "Print a stored revision: the plan file (YAML), or its summary."),
    "checkout": ("impp.cli.store_cmd:checkout_command",
                 "Write a stored revision to a plan file (edit it, then commit with "
                 "--parent)."),
    "diff": ("impp.cli.store_cmd:diff_command",
             "What changed from A to B: items added, removed, changed; results that "
             "moved."),
    "decide": ("impp.cli.store_cmd:decide_command",
               "Pass decision point DECISION on PLAN's newest revision, as ROLE."),
    "status": ("impp.cli.store_cmd:status_command",
               "Where PLAN stands: IMPP level, next decision points, decisions taken, "
               "baselines."),
    "import-data": ("impp.cli.monitor_cmd:import_data_command",
                    "Import observations of PLAN's indicators from CSV, Excel, HXL CSV or "
                    "IATI XML."),
    "observe": ("impp.cli.monitor_cmd:observe_command",
                "PLAN's observations (and their state), or move them: --check, --approve, "
                "--reopen."),
    "assess": ("impp.cli.monitor_cmd:assess_command",
               "The quarterly performance assessment of PLAN: indicators, objectives, "
               "benchmarks."),
    "monitor": ("impp.cli.monitor_cmd:monitor_command",
                "PLAN's monitoring at a glance: the latest quarter, the data's state, what "
                "is off track."),
    "export": ("impp.cli.monitor_cmd:export_group",
               "Export a plan's results: IATI 2.03 activity file."),
    "exercise": ("impp.cli.exercise_cmd:exercise_group",
                 "Training exercises: syndicates, injects, the game clock, scores, the "
                 "review."),
    "serve": ("impp.cli.serve_cmd:serve_command",
              "Run the web workspace: plans, analyses, documents, revisions and decisions."),
    "user": ("impp.cli.user_cmd:user_group",
             "People in the store: roles, clearances and API tokens (acting user: "
             "$IMPP_USER)."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (not to list them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target[0].split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from :data:`COMMANDS`, without importing them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_, line) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="impp")
def main() -> None:
    """impp: a workbench for the UN Integrated Missions Planning Process.

    With no FILE, commands work on the embedded Carana scenario.
    """


def run() -> NoReturn:
    """The `impp` command as installed: :func:`main`, then a quick exit.

    Once the command is done (its output written, its exit handlers run),
    the process ends without Python tearing down every module and object one
    by one, which took 0.1 s of every command (a third of a warm `impp
    plan`). A command that leaves a thread of its own running exits the usual
    way, after it.
    """
    try:
        main()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    leave(code)


def leave(code: str | int | None) -> NoReturn:
    """End the process with ``code`` as ``sys.exit`` would, without the teardown."""
    import atexit
    import contextlib
    import sys
    import threading

    if any(t.is_alive() and not t.daemon and t is not threading.main_thread()
           for t in threading.enumerate()):
        sys.exit(code)  # let the interpreter wait for them
    status = 0 if code is None else code if isinstance(code, int) else 1
    if isinstance(code, str):
        print(code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(status)
