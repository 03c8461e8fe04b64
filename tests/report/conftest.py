"""Fixtures of the planning package: Carana rendered once, and a plan with secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from impp.io import load_plan_text
from impp.model import Plan, Sensitivity
from impp.report.package import Package, build_package
from impp.summary import summarize
from tests.report.plans import SECRET_PLAN


@pytest.fixture(scope="session")
def carana_summary(carana_plan: Plan) -> dict[str, Any]:
    """The Carana summary, with whatever analyses are registered."""
    return summarize(carana_plan)


@pytest.fixture(scope="session")
def carana_package(carana_plan: Plan, carana_summary: dict[str, Any]) -> Package:
    """The Carana planning package, built once per session."""
    return build_package(carana_plan, carana_summary)


@pytest.fixture(scope="session")
def carana_dir(carana_package: Package, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Carana planning package written to a folder."""
    out = tmp_path_factory.mktemp("carana-package")
    carana_package.write(out)
    return out


@pytest.fixture(scope="session")
def secret_plan() -> Plan:
    """A small plan with confidential items (see SECRETS)."""
    return load_plan_text(SECRET_PLAN, "secret.yaml")


@pytest.fixture(scope="session")
def secret_packages(secret_plan: Plan) -> dict[str, Package]:
    """The secret plan's package for an unclassified reader and for a cleared one."""
    summary = summarize(secret_plan)
    return {
        "unclassified": build_package(secret_plan, summary, Sensitivity.unclassified),
        "cleared": build_package(secret_plan, summary, Sensitivity.strictly_confidential),
    }
