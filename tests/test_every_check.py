"""The rules' registry: every finding code is declared once, the README's table is the
registry's, and a check reports only what it declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from impp.doctrine import registry
from impp.findings import Finding

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = ("process", "timeline", "deploy", "analysis", "results", "doctrine", "cost", "clearance")
#: Dotted names in the source that are not finding codes (a table id, JSON keys).
NOT_CODES = {"timeline.tasks", "process.decisions", "process.trigger", "doctrine.facts"}
#: Codes built from a kind: ``timeline.{kind}-missed`` and ``timeline.{kind}-rule``.
FORMED = {"timeline.criterion-missed", "timeline.estimate-missed", "timeline.duplicate-rule",
          "timeline.redundant-rule"}


def codes_in_source() -> set[str]:
    pattern = re.compile(r'"((?:' + "|".join(PREFIXES) + r')\.[a-z][a-z-]+)"')
    found = set()
    for path in (ROOT / "src" / "impp").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return (found - NOT_CODES) | FORMED


def test_every_code_in_the_source_is_a_declared_rule_and_no_other() -> None:
    source = codes_in_source()
    declared = {r.code for r in registry.rules()}
    assert len(source) > 40  # the search reads what it should
    assert source - declared == set(), "codes reported but not declared in the registry"
    assert declared - source == set(), "rules declared that nothing reports"


def test_each_rule_lives_in_the_file_it_names() -> None:
    for r in registry.rules():
        text = (ROOT / r.file).read_text(encoding="utf-8")
        assert f'"{r.code}"' in text or r.code in FORMED, (r.code, r.file)
        assert f"def {r.function}(" in text


def test_the_readme_table_is_the_registry() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert registry.replace_table(text) == text, "run `make docs`"
    section = text[text.index("## Every check"):text.index("## One analysis of a plan")]
    listed = set(re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", section, flags=re.MULTILINE))
    assert listed == {r.code for r in registry.rules()}


def test_a_check_that_reports_an_undeclared_code_is_refused() -> None:
    from impp.model import Mission, Plan

    @registry.check("plan", registry.Rule("tests.declared", "info", "declared", "a test"))
    def rogue(ctx: registry.Context) -> list[Finding]:
        return [Finding("info", "tests.undeclared", "not declared")]

    try:
        with pytest.raises(ValueError, match=r"tests\.undeclared"):
            registry.run("plan", registry.Context(Plan(mission=Mission(id="m", name="M"))))
    finally:
        registry._CHECKS[:] = [c for c in registry._CHECKS if c.function is not rogue]
        registry._RULES.pop("tests.declared", None)


def test_impp_rules_prints_one_rule_with_its_passage_and_file() -> None:
    from click.testing import CliRunner

    from impp.cli import main

    result = CliRunner().invoke(main, ["rules", "timeline.before-presence"])
    assert result.exit_code == 0, result.output
    assert "Comparative advantage" in result.output
    assert "src/impp/temporal/presence.py" in result.output
    wrong = CliRunner().invoke(main, ["rules", "timeline.before-presense"])
    assert wrong.exit_code == 2
    assert "did you mean 'timeline.before-presence'" in wrong.output
