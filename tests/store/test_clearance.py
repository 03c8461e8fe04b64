"""The store shows each person what their clearance allows, and no commit drops what they
cannot see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from impp.cli import main
from impp.io import load_plan_text
from impp.store import Store, commit_result, get_revision
from impp.store.users import PermissionDeniedError
from tests.report.plans import SECRET_PLAN, SECRETS
from tests.store.conftest import Acting


def run(store: Store, *args: str, user: str | None) -> Result:
    env = {"IMPP_USER": user} if user else {"IMPP_USER": ""}
    return CliRunner(env={"IMPP_AUTHOR": "", **env}).invoke(
        main, [*args, "--store", str(store.url.render_as_string(hide_password=False))
               if store.url.get_backend_name() != "sqlite" else str(store.url.database)],
        catch_exceptions=False)


@pytest.fixture
def sigma(store: Store, people: object, acting: Acting) -> str:
    """The secret plan committed by someone cleared to see it all."""
    acting("chair")
    rev = commit_result(store, load_plan_text(SECRET_PLAN, "secret.yaml"), "first",
                        name="sigma").revision
    acting(None)
    return rev.id


def leaked(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize("args", [("show", "sigma"), ("show", "sigma", "--format", "json"),
                                  ("show", "sigma", "--summary"),
                                  ("show", "sigma", "--summary", "--format", "json")])
def test_show_gives_each_reader_their_level(store: Store, sigma: str,
                                            args: tuple[str, ...]) -> None:
    low = run(store, *args, user="ben")
    assert low.exit_code == 0, low.output
    assert leaked(low.stdout) == [] and "Left out" in low.stdout
    high = run(store, *args, user="chair")
    assert leaked(high.stdout) and "Left out" not in high.stdout


def test_nobody_named_reads_a_store_with_people_as_unclassified(store: Store,
                                                                sigma: str) -> None:
    result = run(store, "show", "sigma", user=None)
    assert result.exit_code == 0 and leaked(result.stdout) == []
    higher = run(store, "show", "sigma", "--max-sensitivity", "confidential", user=None)
    assert higher.exit_code == 2 and "set IMPP_USER" in higher.output


def test_no_one_reads_above_their_clearance_by_asking(store: Store, sigma: str) -> None:
    result = run(store, "show", "sigma", "--max-sensitivity", "strictly_confidential",
                 user="ben")
    assert result.exit_code == 2
    assert "ben is cleared to unclassified" in result.output
    assert leaked(result.output) == []


def test_checkout_needs_the_whole_plan(store: Store, sigma: str, tmp_path: Path) -> None:
    out = tmp_path / "sigma.yaml"
    refused = run(store, "checkout", "sigma", "-o", str(out), user="ben")
    assert refused.exit_code == 2 and "5 items marked above your clearance" in refused.output
    assert not out.exists()
    assert run(store, "checkout", "sigma", "-o", str(out), user="ana").exit_code == 0
    assert "Zebra Night" in out.read_text(encoding="utf-8")


def test_a_commit_cannot_drop_what_the_committer_cannot_see(
        store: Store, sigma: str, acting: Acting, tmp_path: Path) -> None:
    copy = tmp_path / "reader.yaml"
    copy.write_text(run(store, "show", "sigma", user="ben").stdout, encoding="utf-8")
    result = run(store, "commit", str(copy), "--plan", "sigma", "--parent", sigma,
                 "-m", "tidy", user="ben")
    assert result.exit_code == 2
    assert "would drop them unseen" in result.output
    assert get_revision(store, "sigma").id == sigma  # nothing landed
    acting("ben")
    with pytest.raises(PermissionDeniedError, match="no one marks what they may not read"):
        commit_result(store, load_plan_text(SECRET_PLAN, "s.yaml"), "mine", name="other")


def test_a_commit_is_signed_by_the_acting_user_without_author(store: Store, sigma: str,
                                                              tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(SECRET_PLAN, encoding="utf-8")
    result = run(store, "commit", str(plan), "--plan", "mine", "-m", "x", "--format", "json",
                 user="ana")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["author"] == "ana"


def test_diff_withholds_what_either_side_withholds(store: Store, sigma: str,
                                                   tmp_path: Path) -> None:
    edited = tmp_path / "edited.yaml"
    edited.write_text(SECRET_PLAN.replace("duration: 5,", "duration: 6,"), encoding="utf-8")
    low = run(store, "diff", "sigma", str(edited), "--format", "json", user="ben")
    assert low.exit_code == 0, low.output
    assert leaked(low.stdout) == [] and "lynx" not in low.stdout
    high = run(store, "diff", "sigma", str(edited), "--format", "json", user="chair")
    assert "lynx" in high.stdout
