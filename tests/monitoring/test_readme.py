"""The README's quarter on Carana works when pasted, line by line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from impp.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Monitoring and performance assessment"


def blocks() -> tuple[list[str], str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    sh = re.search(r"```sh\n(.*?)```", section, re.S)
    review = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert sh is not None and review is not None, "the section needs its sh and yaml blocks"
    return [line for line in sh.group(1).splitlines() if line.strip()], review.group(1)


def test_the_readme_quarter_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IMPP_USER", raising=False)
    lines, review = blocks()
    (tmp_path / "review.yaml").write_text(review, encoding="utf-8")
    outputs = []
    for line in lines:
        words = shlex.split(line)
        env = {}
        while "=" in words[0] and not words[0].startswith("-"):
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] == "impp", line
        result = CliRunner(env=env).invoke(main, words[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        outputs.append(result.output)
    said = "\n".join(outputs)
    assert "76 added" in said
    assert "observations of carana in 2027Q1 now approved" in said
    assert "Draft after the 2027Q1" in said  # the revision the approval opened
    for name in ("assessment.png", "trends.png", "assessment.pdf", "factsheet.docx",
                 "carana-iati.xml"):
        assert (tmp_path / name).stat().st_size > 1000, name
