"""Named fixtures shared by the whole suite: a small plan and the Carana plan."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# No solver process forked from the suite's own processes: a test that
# patches the solver would not reach it there (tests/deploy/test_worker.py
# turns it on in processes of its own; commands run as subprocesses inherit this).
os.environ["IMPP_SOLVER_PROCESS"] = "0"

from impp.io import load_plan, load_plan_text
from impp.model import Plan
from impp.scenarios import carana_path

SMALL_PLAN = """\
mission: {id: small, name: Small mission, country: Testland, reference_event: signed}
events:
  - {id: signed, name: Agreement signed, date: 2026-06-01}
  - {id: resolution, name: Resolution adopted}
tasks:
  - id: tam
    name: Technical assessment mission
    duration: {min: 7, likely: 10, max: 14}
  - id: report
    name: Report
    duration: 21
    after: [tam]
constraints:
  - id: tam_within_14
    name: TAM within 14 days of the signing
    from: signed
    to: tam.start
    max_days: 14
    kind: criterion
    source: "Test directive, Criteria"
  - id: resolution_after_report
    name: Resolution after the report
    from: report.end
    to: resolution
    min_days: 7
"""


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite keeps its analyses in a folder of its own: what one test
    computes the next may reuse, but nothing from an earlier run or from the
    user's own cache decides a result (commands run as subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("impp-cache")
    before = os.environ.get("IMPP_CACHE_DIR")
    os.environ["IMPP_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("IMPP_CACHE_DIR", None)
    else:
        os.environ["IMPP_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def carana_plan() -> Plan:
    """The complete embedded Carana plan."""
    return load_plan(carana_path())


@pytest.fixture
def small_plan_text() -> str:
    """A small, valid plan file's text."""
    return SMALL_PLAN


@pytest.fixture
def small_plan() -> Plan:
    """A small, valid plan: two events, two tasks, a criterion and a requirement."""
    return load_plan_text(SMALL_PLAN, "small.yaml")


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write plan text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
