"""The README's store walkthrough works when pasted, line by line.

``impp`` lines run in this process (click's runner: the same commands,
without paying the interpreter's start-up for each); other lines (``sed``)
run in bash, in the same folder.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from impp.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Revisions, baselines and decisions"


def walkthrough() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the section has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.slow
def test_readme_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMPP_DATABASE_URL", raising=False)
    env: dict[str, str] = {"IMPP_AUTHOR": "ana"}
    outputs = []
    for line in walkthrough():
        words = shlex.split(line, comments=True)
        comment = re.search(r"\s#\s(.*)$", line)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            continue
        runner = CliRunner(env=env)
        if words[0] == "impp":
            result = runner.invoke(main, words[1:], catch_exceptions=False)
            status, output = result.exit_code, result.output
        else:
            done = subprocess.run(["bash", "-c", line], capture_output=True, text=True,
                                  check=False, env={**os.environ, **env})
            status, output = done.returncode, done.stdout + done.stderr
        expected = 2 if comment and "refused" in comment.group(1) else 0
        assert status == expected, (line, output)
        outputs.append(output)
    joined = "\n".join(outputs)
    assert "max_days: 14.0 → 10.0" in joined
    assert "outputs missing: first_draft_mission_plan" in joined
    assert "guterres does not hold the role 'srsg'" in joined
    assert "moves from Level 1.2 to Level 2.1" in joined
    assert "has landed since. Nothing was stored." in joined
    assert "ana does not hold the role 'sg'" in joined
