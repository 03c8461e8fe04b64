"""The `impp` command as a user runs it: a real process, its output and status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def impp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "impp", *args], capture_output=True, text=True, cwd=cwd,
        check=False,
    )


def test_plan_on_carana_prints_the_summary() -> None:
    result = impp("plan")
    assert result.returncode in (0, 1), result.stderr
    assert "United Nations Mission in Carana" in result.stdout
    assert "Foundation Planning" in result.stdout
    assert "deployment_within_90" in result.stdout


def test_plan_json_lists_every_criterion_with_its_source() -> None:
    result = impp("plan", "--format", "json")
    data = json.loads(result.stdout)
    assert {"mission", "findings", "events", "criteria"} <= data.keys()
    assert len(data["criteria"]) >= 8
    assert all(c["source"] for c in data["criteria"].values())
    for f in data["findings"]:
        assert {"severity", "code", "message", "items", "source"} <= f.keys()
    assert result.returncode == (1 if data["counts"]["error"] else 0)


def test_bad_file_gives_status_2_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mission: {id: m, name: M}\nevents:\n  - {id: a, nme: A}\n", encoding="utf-8")
    result = impp("plan", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{bad}:3:" in result.stderr and "did you mean 'name'" in result.stderr


@pytest.mark.parametrize("text", ["", "- just a list\n", "mission: [\n", "\xff"])
def test_no_traceback_for_any_malformed_file(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = impp("validate", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_new_writes_a_starter_plan_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert impp("new", str(target)).returncode == 0
    assert "#" in target.read_text(encoding="utf-8")
    result = impp("validate", str(target))
    assert result.returncode == 0, result.stderr
    again = impp("new", str(target))
    assert again.returncode == 2 and "exists" in again.stderr


def test_the_full_starter_has_every_kind_of_section_and_runs(tmp_path: Path) -> None:
    import yaml

    target = tmp_path / "full.yaml"
    assert impp("new", "--full", str(target)).returncode == 0
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert {"seasons", "risks", "units", "lift", "routes", "milestones", "indicators",
            "benchmarks", "outputs", "costs", "rates", "cost_lines"} <= doc.keys()
    plan = impp("plan", str(target), "--format", "json")
    assert plan.returncode == 0, plan.stderr
    data = json.loads(plan.stdout)
    assert data["deployment"]["status"] in ("optimal", "feasible")
    assert data["cost"]["total"] > 0 and data["counts"]["error"] == 0


def test_process_json_lists_levels_outputs_and_decisions_with_ids() -> None:
    data = json.loads(impp("process", "--format", "json").stdout)
    assert len(data["levels"]) == 6
    for level in data["levels"]:
        assert level["id"] and level["outputs"] and level["decision_points"]
        assert all(o["id"] for o in level["outputs"])


def test_validate_json_lists_problems_with_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mission: {id: m, name: M}\nevents:\n  - {id: a, nme: A}\n", encoding="utf-8")
    result = impp("validate", str(bad), "--format", "json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert {(p["line"], p["item"]) for p in data["problems"]} == {(3, "a")}


def test_every_registered_command_loads_and_names_itself() -> None:
    import click

    from impp.cli import COMMANDS, main

    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name
    assert main.get_command(ctx, "no-such-command") is None


def test_the_help_list_says_what_each_command_says_of_itself() -> None:
    import inspect

    import click

    from impp.cli import COMMANDS, main

    ctx = click.Context(main)
    for name, (_, line) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None
        first = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert first == line, name


@pytest.mark.parametrize("argv", [
    ["--help"],
    ["validate", "CARANA"],
    ["log", "--help"],
    ["status", "--help"],
])
def test_light_commands_import_no_solver_and_no_compiled_kernel(argv: list[str]) -> None:
    """`impp --help`, `impp validate` and the store's commands load none of the heavy parts."""
    from impp.scenarios import carana_path

    args = [str(carana_path()) if a == "CARANA" else a for a in argv]
    code = (
        "import sys\n"
        "from impp.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('ortools', 'numba', 'scipy.stats', 'matplotlib', "
        "'dask', 'networkx') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert "HEAVY []" in r.stdout, r.stdout[-500:]


@pytest.mark.parametrize(("given", "found"), [(None, False), ("", True)])
def test_the_command_skips_pydantic_plugins_unless_told(given: str | None, found: bool,
                                                          tmp_path: Path) -> None:
    """The command looks for no pydantic plugin; PYDANTIC_DISABLE_PLUGINS, even
    empty, is the user's to set. A plugin is installed here to be found or not."""
    import os

    (tmp_path / "impp_test_plugin.py").write_text(
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n", encoding="utf-8")
    dist = tmp_path / "impp_test_plugin-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: impp-test-plugin\nVersion: 0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[pydantic]\nimpp-test = impp_test_plugin:plugin\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")]))
    code = (
        "import impp.cli\n"
        "from impp.io import load_plan\n"
        "from impp.scenarios import carana_path\n"
        "load_plan(carana_path())\n"
        "from pydantic.plugin import _loader\n"
        "print('PLUGINS', sorted(_loader._plugins or {}))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    expected = "['impp_test_plugin:plugin']" if found else "[]"
    assert f"PLUGINS {expected}" in r.stdout, r.stdout[-500:] + r.stderr[-500:]


def test_off_a_terminal_each_stage_is_a_plain_line_on_stderr(tmp_path: Path) -> None:
    import os

    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: p, name: P}\nevents: [{id: a, name: A}]\n", encoding="utf-8")
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "impp", "plan", str(plan)], capture_output=True,
                         text=True, check=False, env=env)
    assert "impp: analysing timeline" in run.stderr.splitlines()
    assert "impp:" not in run.stdout
    quiet = subprocess.run([sys.executable, "-m", "impp", "plan", str(plan)],
                           capture_output=True, text=True, check=False,
                           env={**env, "IMPP_CACHE_DIR": str(tmp_path / "c2"),
                                "IMPP_PROGRESS": "off"})
    assert "impp:" not in quiet.stderr and quiet.returncode in (0, 1)


def test_a_name_with_colons_prints_as_written(tmp_path: Path) -> None:
    # rich turns ":smile:" into an emoji and "[red]" into a colour unless told not to
    import os

    plan = tmp_path / "p.yaml"
    plan.write_text("mission: {id: p, name: 'Phase :one: :smile: [red]'}\n"
                    "events: [{id: a, name: A}]\n", encoding="utf-8")
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache"), "IMPP_PROGRESS": "off"}
    run = subprocess.run([sys.executable, "-m", "impp", "plan", str(plan)], capture_output=True,
                         text=True, check=False, env=env)
    assert run.returncode in (0, 1), run.stderr
    assert "Phase :one: :smile: [red]" in run.stdout  # markup in a name is text too


BRACKETS = """\
mission: {id: p, name: P}
events:
  - {id: a, name: "Start [/x]"}
  - {id: b, name: "End [sic]"}
tasks:
  - {id: t, name: "Task [/b] one", duration: 5, source: "the plan [sic] says"}
constraints:
  - {id: c1, name: "Done [/i] soon", from: a, to: t.end, max_days: 10, kind: criterion,
     source: "directive [sic]"}
"""


@pytest.mark.parametrize("extra", [[], ["--events"]])
def test_names_in_brackets_print_as_written(tmp_path: Path, extra: list[str]) -> None:
    # "[/i]" in a name once stopped impp plan with rich's MarkupError (a traceback)
    import os

    plan = tmp_path / "p[1].yaml"
    plan.write_text(BRACKETS, encoding="utf-8")
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache"), "IMPP_PROGRESS": "off"}
    run = subprocess.run([sys.executable, "-m", "impp", "plan", str(plan), *extra],
                         capture_output=True, text=True, check=False, env=env)
    assert run.returncode in (0, 1), run.stderr[-800:]
    assert "Traceback" not in run.stderr
    assert "Done [/i] soon" in run.stdout and "directive [sic]" in run.stdout
    if extra:
        assert "Start [/x]" in run.stdout and "Task [/b] one" in run.stdout
    valid = subprocess.run([sys.executable, "-m", "impp", "validate", str(plan)],
                           capture_output=True, text=True, check=False, env=env)
    assert f"{plan}: valid" in valid.stdout


def test_every_command_prints_names_in_brackets_as_written(tmp_path: Path) -> None:
    # Carana with " [/i]" after every name and title: each command that
    # prints tables once stopped on it with rich's MarkupError
    import os

    import yaml

    from impp.scenarios import carana_path

    def mark(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: v + " [/i]" if k in ("name", "title") and isinstance(v, str)
                    else mark(v) for k, v in x.items()}
        if isinstance(x, list):
            return [mark(v) for v in x]
        return x

    plan = tmp_path / "carana"
    plan.mkdir()
    for f in carana_path().glob("*.yaml"):
        data = mark(yaml.safe_load(f.read_text(encoding="utf-8")))
        (plan / f.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")
    env = {**os.environ, "IMPP_CACHE_DIR": str(tmp_path / "cache"), "IMPP_PROGRESS": "off"}
    for command in ("plan", "timeline", "risk", "deploy", "cost", "results", "analysis"):
        run = subprocess.run([sys.executable, "-m", "impp", command, str(plan)],
                             capture_output=True, text=True, check=False, env=env,
                             cwd=tmp_path)
        assert "Traceback" not in run.stderr, (command, run.stderr[-800:])
        assert run.returncode in (0, 1), (command, run.stderr[-800:])
        assert " [/i]" in run.stdout, command
        assert "\\[" not in run.stdout, command  # escaped once, not twice


def test_plan_leads_with_the_verdict_then_the_criteria_then_the_findings() -> None:
    out = impp("plan").stdout
    words = " ".join(out.split())
    order = [words.index(w) for w in ("Verdict: 9 criteria for success", "next decision point",
                                      "Still needed for it", "Cost: USD",
                                      "Criteria for success: one verdict each", "Findings")]
    assert order == sorted(order)
    # the events table is behind --events: a line says where it is
    assert "Events and deadlines" not in out and "impp plan --events" in words
    assert "Events and deadlines" in impp("plan", "--events").stdout
    # the 21 rates and their sources are `impp cost`'s; the summary names the count
    assert "Rates used" not in out and "21 cost rates, each with its source" in words
    assert "Rates used" in impp("cost").stdout


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)


def test_the_quick_exit_keeps_the_status_the_output_and_the_exit_handlers() -> None:
    r = _python("import atexit, sys\n"
                "atexit.register(lambda: print('handlers ran', flush=True))\n"
                "sys.argv = ['impp', '--version']\n"
                "from impp.cli import run\nrun()\n")
    assert r.returncode == 0, r.stderr
    assert "impp" in r.stdout and r.stdout.rstrip().endswith("handlers ran")
    r = _python("from impp.cli import leave\nprint('written', end='')\nleave('why it stopped')")
    assert (r.returncode, r.stdout, r.stderr.strip()) == (1, "written", "why it stopped")
    # a thread of the command's own still running: the process waits for it
    r = _python("import threading, time\nfrom impp.cli import leave\n"
                "threading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start()\n"
                "leave(3)")
    assert (r.returncode, r.stdout.strip()) == (3, "thread done")
    assert impp("plan", "no-such-plan.yaml").returncode == 2
