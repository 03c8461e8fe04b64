"""The store's commands as a planner types them (walkthrough and bad input)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.io import load_plan
from impp.scenarios import carana_path


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env={"IMPP_AUTHOR": "ana", **(env or {})}).invoke(
        main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def test_walkthrough_on_carana(store_url: str, tmp_path: Path) -> None:
    s = ("--store", store_url)
    assert "Store ready" in ok("store", "init", *s).stdout
    first = json.loads(ok("commit", "-m", "Directive encoded", *s, "--format", "json").stdout)
    assert first["created"] and first["plan"] == "carana" and first["author"] == "ana"

    edit = tmp_path / "carana.yaml"
    ok("checkout", "carana", "-o", str(edit), *s)
    assert load_plan(edit).content_hash() == first["content_hash"] \
        == load_plan(carana_path()).content_hash()

    text = edit.read_text(encoding="utf-8")
    assert text.count("max_days: 14.0\n") == 1
    edit.write_text(text.replace("max_days: 14.0\n", "max_days: 10.0\n"), encoding="utf-8")
    out = ok("commit", str(edit), "-m", "TAM within 10 days", "--parent", first["id"],
             "--author", "ben", *s).stdout
    assert out.startswith("Committed carana@")

    revisions = json.loads(ok("log", "carana", "--format", "json", *s).stdout)
    assert [(r["author"], r["message"], r["parent"]) for r in revisions] == [
        ("ben", "TAM within 10 days", first["id"]), ("ana", "Directive encoded", None)]
    assert {"id", "author", "time", "message", "parent"} <= revisions[0].keys()

    diff = json.loads(ok("diff", "carana@1", "carana@2", "--format", "json", *s).stdout)
    assert [(c["id"], c["fields"]) for c in diff["items"]["changed"]] == [
        ("tam_within_14", [{"field": "max_days", "old": 14.0, "new": 10.0}])]
    assert diff["items"]["added"] == diff["items"]["removed"] == []
    margins = {c["id"]: (c["old"], c["new"]) for c in diff["results"]["criteria"]
               if c["field"] == "margin_days"}
    old, new = margins["tam_within_14"]
    assert new == old - 4
    readable = ok("diff", "carana@1", "carana", *s).stdout
    assert "constraints/tam_within_14" in readable and "max_days: 14.0 → 10.0" in readable

    shown = ok("show", "carana@1", *s).stdout
    assert "max_days: 14.0" in shown and shown.startswith(f"# carana@{first['id']}")

    refused = run("decide", "carana", "sg_report_submitted", "--by", "sg", *s)
    assert refused.exit_code == 2
    assert "the store has no users: an administrator adds them first" in refused.stderr
    ok("user", "add", "root", "--role", "admin", "--clearance", "strictly_confidential", *s)
    added = run("user", "add", "sam", "--role", "sg", "--clearance", "confidential", *s,
                env={"IMPP_USER": "root"})
    assert added.exit_code == 0, added.output
    refused = run("decide", "carana", "sg_report_submitted", *s, env={"IMPP_USER": "sam"})
    assert refused.exit_code == 2
    assert "outputs missing: first_draft_mission_plan" in refused.stderr

    status = json.loads(ok("status", "carana", "--format", "json", *s).stdout)
    assert status["level"] == "1.2" and status["baselines"] == []
    assert status["head"]["id"] == revisions[0]["id"]
    [nxt] = status["next_decisions"]
    assert nxt["id"] == "sg_report_submitted" and "sg_report" in nxt["missing_outputs"]
    assert [d["decision"] for d in status["decisions"]] == ["initiate_impp",
                                                            "strategic_objectives_decided"]


def test_decide_passes_and_status_shows_the_baseline(tmp_path: Path) -> None:
    s = ("--store", str(tmp_path / "impp.db"))
    ok("store", "init", *s)
    plan = tmp_path / "ready.yaml"
    doc = load_plan(carana_path()).to_document()
    doc["process"]["outputs"] += ["first_draft_mission_plan", "draft_mission_budget", "sg_report"]
    plan.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML
    ok("commit", str(plan), "-m", "Level 1.2 outputs", *s)
    ok("user", "add", "root", "--role", "admin", "--clearance", "strictly_confidential", *s)
    assert run("user", "add", "sam", "--role", "sg", "--clearance", "confidential", *s,
               env={"IMPP_USER": "root"}).exit_code == 0
    result = run("decide", "carana", "sg_report_submitted", "--by", "sg", "--note", "S/2026/1",
                 *s, env={"IMPP_USER": "sam"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "moves from Level 1.2 to Level 2.1" in out
    status = json.loads(ok("status", "carana", "--format", "json", *s).stdout)
    assert status["level"] == "2.1"
    assert [b["name"] for b in status["baselines"]] == ["sg_report_submitted"]
    assert status["decisions"][-1]["revision"] == status["head"]["id"]
    assert "sg_report_submitted" in ok("status", "carana", *s).stdout
    frozen = json.loads(ok("log", "carana", "--format", "json", *s).stdout)[0]["baselines"]
    assert frozen == ["sg_report_submitted"]


@pytest.fixture
def filled(tmp_path: Path) -> tuple[str, ...]:
    """``--store`` options of a store holding Carana."""
    s = ("--store", str(tmp_path / "impp.db"))
    ok("store", "init", *s)
    ok("commit", "-m", "Directive encoded", *s)
    return s


@pytest.mark.parametrize(("args", "expected"), [
    (("log", "nowhere"), "error: no plan named 'nowhere' in the store (plans in this store: "
                         "carana)"),
    (("show", "carana@ffffff"), "error: plan 'carana' has no revision or baseline 'ffffff'"),
    (("diff", "carana@1", "carana@7"), "error: plan 'carana' has no revision or baseline '7'"),
    (("status", "carana@a@b"), "error: cannot read the reference 'carana@a@b'"),
    (("commit", "-m", "again, from the start"), "error: plan 'carana' already has revisions"),
    (("commit", "missing.yaml", "-m", "x"), "error: missing.yaml: no such file or folder"),
    (("commit", "-m", "x", "--parent", "0000aaaa0000"), "error: plan 'carana' has no revision"),
    (("decide", "carana", "adopt", "--by", "sg"), "error: unknown decision point 'adopt'"),
])
def test_bad_input_is_a_message_and_status_2(filled: tuple[str, ...], args: tuple[str, ...],
                                             expected: str) -> None:
    result = run(*args, *filled)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)


def test_stale_commit_names_both_revisions(filled: tuple[str, ...], tmp_path: Path) -> None:
    base = json.loads(ok("log", "carana", "--format", "json", *filled).stdout)[0]["id"]
    doc = load_plan(carana_path()).to_document()
    for i, max_days in enumerate((10.0, 12.0)):
        doc["constraints"][0]["max_days"] = max_days
        path = tmp_path / f"edit{i}.yaml"
        path.write_text(json.dumps(doc), encoding="utf-8")
        result = run("commit", str(path), "-m", f"edit {i}", "--parent", base, *filled)
    assert result.exit_code == 2
    landed = json.loads(ok("log", "carana", "--format", "json", *filled).stdout)[0]["id"]
    assert f"you started from revision {base}, but revision {landed} has landed" \
        in result.stderr


def test_checkout_does_not_overwrite_an_edit(filled: tuple[str, ...], tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my edit", encoding="utf-8")
    result = run("checkout", "carana", "-o", str(target), *filled)
    assert result.exit_code == 2 and "add --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "my edit"


@pytest.mark.parametrize(("store", "expected"), [
    ("mysql://db/impp", "error: unsupported store 'mysql://db/impp'"),
    ("postgresql://nobody@127.0.0.1:1/impp", "error: cannot open the store at "
                                             "postgresql://nobody@127.0.0.1:1/impp"),
])
def test_bad_store_url(store: str, expected: str) -> None:
    result = run("log", "carana", "--store", store)
    assert result.exit_code == 2 and result.stderr.startswith(expected)


def test_uninitialised_store_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "impp", "log", "carana"], cwd=tmp_path,
                            capture_output=True, text=True, check=False,
                            env={"PATH": "/usr/bin:/bin", "IMPP_DATABASE_URL": "plans.db"})
    assert result.returncode == 2
    assert result.stderr == ("error: no store at plans.db: run `impp store init` first "
                             "(or name another with --store or IMPP_DATABASE_URL)\n")


def test_audit_log_lists_every_state_change(filled: tuple[str, ...]) -> None:
    refused = run("decide", "carana", "sg_report_submitted", "--by", "sg", *filled)
    assert refused.exit_code == 2
    entries = json.loads(ok("log", "carana", "--audit", "--format", "json", *filled).stdout)
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("impp.plan.created", "ana"), ("impp.revision.committed", "ana"),
        ("impp.decision.refused", "ana")]
    assert entries[-1]["data"]["decision"] == "sg_report_submitted"
    assert "impp.decision.refused" in ok("log", "carana", "--audit", *filled).stdout


def test_diff_of_a_file_needs_a_second_side(filled: tuple[str, ...], tmp_path: Path) -> None:
    edit = tmp_path / "edit.yaml"
    ok("checkout", "carana", "-o", str(edit), *filled)
    result = run("diff", str(edit), *filled)
    assert result.exit_code == 2 and "say what to compare it with" in result.stderr
    same = json.loads(ok("diff", "carana", str(edit), "--format", "json", *filled).stdout)
    assert same["items"] == {"added": [], "removed": [], "changed": []}


def test_plan_names_must_be_referable(filled: tuple[str, ...]) -> None:
    result = run("commit", "-m", "copy", "--plan", "my plan", *filled)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot name a plan 'my plan': a plan name starts")


def test_messages_authors_and_names_in_brackets_print_as_written(store_url: str,
                                                                  tmp_path: Path) -> None:
    # "[/i]" in a commit message once stopped impp log and status with rich's MarkupError
    s = ("--store", store_url)
    ok("store", "init", *s)
    first = json.loads(ok("commit", "-m", "first [/i] take", "--author", "Ann [/b]", *s,
                          "--format", "json").stdout)
    edit = tmp_path / "carana.yaml"
    ok("checkout", "carana", "-o", str(edit), *s)
    import yaml

    def rename(x: object) -> None:
        if isinstance(x, dict):
            if x.get("id") == "tam_within_14":
                x["name"] = "[/x] " + x["name"]
            for v in x.values():
                rename(v)
        elif isinstance(x, list):
            for v in x:
                rename(v)

    data = yaml.safe_load(edit.read_text(encoding="utf-8"))
    rename(data)
    edit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ok("commit", str(edit), "-m", "second [sic]", "--parent", first["id"], *s)
    log = ok("log", "carana", *s).stdout
    assert "first [/i] take" in log and "Ann [/b]" in log and "second [sic]" in log
    assert "Ann [/b]" in ok("log", "carana", "--audit", *s).stdout
    assert "second [sic]" in ok("status", "carana", *s).stdout
    assert "[/x] Technical assessment" in ok("diff", "carana@1", "carana@2", *s).stdout
