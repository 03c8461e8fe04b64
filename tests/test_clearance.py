"""No command shows a reader what is marked above their level: every output format, every file.

Carana with a few items marked strictly confidential (a task on the timeline,
a criterion, an actor, a cause, a unit, a lift asset, a risk) goes through
every command that shows plan content, as a terminal table and as JSON, with
its charts and files. Nothing a reader at ``unclassified`` gets may name a
withheld item by id or by name; a cleared reader gets them (so the check can
fail), and every view says that something was left out.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from impp.clearance import WITHHELD, clearance, reader_level
from impp.cli import main
from impp.exceptions import SensitivityError
from impp.io import load_plan, load_plan_text
from impp.model import Plan, Sensitivity
from impp.scenarios import carana_path

#: What is marked strictly confidential in the test's copy of Carana.
MARKED = ("ddr_programme", "ddr_complete_12_months", "disaffected_groups",
          "parallel_structure_west", "fpu_2", "fixed_wing", "spoiler_violence")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    """Carana as one file, with :data:`MARKED` strictly confidential."""
    doc = load_plan(carana_path()).to_document()
    for value in doc.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("id") in MARKED:
                    item["sensitivity"] = "strictly_confidential"
    path = tmp_path_factory.mktemp("marked") / "carana-marked.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    plan = load_plan(path)
    assert sum(1 for _, i in plan.items() if i.id in MARKED) == len(MARKED)
    return path, plan


def secrets_of(plan: Plan) -> re.Pattern[str]:
    """Every withheld id (as a word) and name, as one pattern."""
    items = [i for _, i in plan.items() if i.id in MARKED]
    visible = {i.name for _, i in plan.items() if i.id not in MARKED}
    ids = "|".join(re.escape(i.id) for i in items)
    # a name a visible item bears too may be shown (a task named as its provision)
    names = "|".join(re.escape(i.name) for i in items if i.name not in visible)
    return re.compile(rf"(?<![A-Za-z0-9_\-])(?:{ids})(?![A-Za-z0-9_\-])|{names}")


def file_text(path: Path) -> str:
    """A written file's text as a reader's software gets it."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return ""  # pixels: the SVG twin of every chart carries its text
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                             if n.endswith(".xml"))
    if path.suffix == ".pdf":
        import pypdf

        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8")


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def outputs(command: str, plan_file: Path, out: Path, level: str,
            monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Everything ``command`` shows at ``level``: stdout of table and JSON, and its files.

    The files do not depend on the format: the JSON run writes them where it
    is told (and lists them); the table run only writes what the command
    writes by default, into its working folder (also under ``out``).
    """
    options = {"risk": ["--samples", "2000", "--quiet"], "deploy": ["--quiet"],
               "report": ["--quiet"]}.get(command, [])
    files = {
        "timeline": ["--out", str(out / "json")],
        "risk": ["--out", str(out / "json")],
        "deploy": ["--out", str(out / "json")],
        "analysis": ["--out", str(out / "json")],
        "results": ["--export", str(out / "json" / "results.xlsx"), "--force"],
        "report": ["--out", str(out / "json")],
    }.get(command, [])
    (out / "json").mkdir(parents=True, exist_ok=True)
    (out / "table").mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(out / "table")
    texts: dict[str, str] = {}
    for fmt in ("table", "json"):
        result = run(command, str(plan_file), "--max-sensitivity", level, "--format", fmt,
                     *options, *(files if fmt == "json" else ()))
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        texts[f"{command} --format {fmt}"] = result.output
        if fmt == "json":
            json.loads(result.stdout)
    for path in sorted(out.rglob("*")):
        if path.is_file():
            name = str(path.relative_to(out))
            texts[name] = f"{name}\n{file_text(path)}"  # a file's name may not tell either
    return texts


COMMANDS = ("plan", "timeline", "risk", "deploy", "analysis", "results", "report")


@pytest.mark.parametrize("command", COMMANDS)
def test_nothing_withheld_reaches_an_unclassified_reader(
        command: str, marked: tuple[Path, Plan], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, plan = marked
    secret = secrets_of(plan)
    texts = outputs(command, path, tmp_path / "out", "unclassified", monkeypatch)
    for where, text in texts.items():
        hit = secret.search(text)
        assert hit is None, f"{hit.group(0)!r} leaked into {where}"
    said = [t for w, t in texts.items() if "--format" in w]
    assert all(re.search(r"[Ll]eft out|\"omitted_items\": [1-9]", t) for t in said), command


@pytest.mark.parametrize("command", ("plan", "timeline", "analysis", "results"))
def test_a_cleared_reader_sees_them(command: str, marked: tuple[Path, Plan],
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, plan = marked
    texts = outputs(command, path, tmp_path / "out", "strictly_confidential", monkeypatch)
    assert any(secrets_of(plan).search(t) for t in texts.values())
    assert not any("Left out" in t for t in texts.values())


def test_the_verdicts_a_reader_sees_are_the_whole_plans(marked: tuple[Path, Plan]) -> None:
    path, _ = marked
    full = json.loads(run("plan", str(path), "--format", "json").stdout)
    low = json.loads(run("plan", str(path), "--format", "json",
                         "--max-sensitivity", "unclassified").stdout)
    assert "ddr_complete_12_months" in full["criteria"]
    assert "ddr_complete_12_months" not in low["criteria"]
    for cid, verdict in low["criteria"].items():
        assert verdict["met"] == full["criteria"][cid]["met"], cid
        assert verdict["margin_days"] == full["criteria"][cid]["margin_days"], cid
    assert low["withheld"]["items"] == len(MARKED)
    assert low["mission"]["sensitivity"] == "unclassified"
    assert len(low["findings"]) < len(full["findings"])
    assert low["counts"]["warning"] == sum(f["severity"] == "warning" for f in low["findings"])


# -- the rules ---------------------------------------------------------------------------

SMALL = """\
mission: {id: m, name: M, reference_event: a}
events:
  - {id: a, name: Start, date: 2026-01-01}
tasks:
  - {id: t, name: Visible task, duration: 3, after: [lynx]}
  - {id: lynx, name: Lynx move, duration: 2, sensitivity: confidential}
"""


def small() -> Plan:
    return load_plan_text(SMALL, "small.yaml")


def test_redact_drops_keys_records_and_ids_and_masks_other_text() -> None:
    c = clearance(small(), Sensitivity.unclassified)
    data = {"events": {"a": 1, "lynx.start": 2, "t.end": 3},
            "path": ["t", "lynx"],
            "rows": [["t", 1], ["lynx", 2]],
            "findings": [{"message": "t waits for the Lynx move"}, {"message": "fine"}],
            "note": "after lynx.end"}
    out, dropped = c.redact_counted(data)
    assert out == {"events": {"a": 1, "t.end": 3}, "path": ["t"], "rows": [["t", 1]],
                   "findings": [{"message": "fine"}], "note": WITHHELD}
    assert dropped == 2
    assert clearance(small(), Sensitivity.confidential).redact(data) == data


def test_a_finding_that_lists_a_withheld_id_goes_whole() -> None:
    c = clearance(small(), Sensitivity.unclassified)
    assert c.redact([{"message": "two overlap", "items": ["t", "lynx"]}]) == []


def test_the_plan_document_keeps_visible_items_and_masks_their_references() -> None:
    doc = clearance(small(), Sensitivity.unclassified).document(small())
    assert [t["id"] for t in doc["tasks"]] == ["t"]
    assert doc["tasks"][0].get("after", []) == []


def test_pictures_get_the_plan_without_withheld_items_and_what_points_at_them() -> None:
    shown = clearance(small(), Sensitivity.unclassified).plan(small())
    assert [t.id for t in shown.tasks] == []  # t comes after lynx: it points at it


def test_a_mission_above_the_level_is_refused() -> None:
    plan = load_plan_text(SMALL.replace("reference_event: a}",
                                        "reference_event: a, sensitivity: confidential}"),
                          "p.yaml")
    with pytest.raises(SensitivityError, match="--max-sensitivity confidential"):
        clearance(plan, Sensitivity.unclassified)


def test_with_nobody_named_a_file_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPP_USER", raising=False)
    assert reader_level() is Sensitivity.strictly_confidential
    assert reader_level("confidential") is Sensitivity.confidential


def test_a_named_user_needs_a_store_that_knows_them(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("IMPP_USER", "nobody")
    monkeypatch.setenv("IMPP_DATABASE_URL", str(tmp_path / "none.db"))
    result = run("plan", "--format", "json")
    assert result.exit_code == 2
    assert "IMPP_USER=nobody" in result.output and "cannot be opened" in result.output
