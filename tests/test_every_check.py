"""The README's table of checks lists every finding code the package can report."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = ("process", "timeline", "deploy", "analysis", "results")
#: Dotted names in the source that are not finding codes (a table id, JSON keys).
NOT_CODES = {"timeline.tasks", "process.decisions", "process.trigger"}
#: Codes built from a kind: ``timeline.{kind}-missed`` and ``timeline.{kind}-rule``.
FORMED = {"timeline.criterion-missed", "timeline.estimate-missed", "timeline.duplicate-rule",
          "timeline.redundant-rule"}


def codes_in_source() -> set[str]:
    pattern = re.compile(r'"((?:' + "|".join(PREFIXES) + r')\.[a-z][a-z-]+)"')
    found = set()
    for path in (ROOT / "src" / "impp").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return (found - NOT_CODES) | FORMED


def codes_in_readme() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Every check"):text.index("## One analysis of a plan")]
    return set(re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", section, flags=re.MULTILINE))


def test_the_readme_lists_every_check_and_no_other() -> None:
    source, readme = codes_in_source(), codes_in_readme()
    assert len(source) > 40  # the search reads what it should
    assert source - readme == set(), "checks missing from the README's table"
    assert readme - source == set(), "codes in the README that no check reports"
