"""Fixtures of the planning package: Carana rendered once, and a plan with secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from impp.io import load_plan_text
from impp.model import Plan, Sensitivity
from impp.report.package import Package, build_package
from impp.summary import summarize

#: Text only the confidential items of SECRET_PLAN hold; none may reach a document
#: rendered for an unclassified reader.
SECRETS = ("Zebra Night", "Okapi route", "Heron cell", "Lynx redeploy", "Marabou")

SECRET_PLAN = """\
mission: {id: sm, name: Mission Sigma, country: Sigmaland, reference_event: signed,
          objective: Keep the peace in Sigmaland.}
events:
  - {id: signed, name: Agreement signed, date: 2026-06-01}
  - {id: night_move, name: Zebra Night, sensitivity: confidential}
tasks:
  - {id: tam, name: Technical assessment mission, duration: 10, owner: ITF}
  - {id: lynx, name: Lynx redeploy, duration: 5, sensitivity: confidential}
constraints:
  - {id: tam_within_14, name: TAM within 14 days of the signing, from: signed, to: tam.start,
     max_days: 14, kind: criterion, source: "Sigma directive, Criteria for success (1)"}
  - {id: secret_deadline, name: Marabou deadline, from: signed, to: night_move,
     max_days: 30, kind: criterion, sensitivity: confidential, source: "Annex X"}
actors:
  - {id: crc, name: Regional partner, type: regional organization, description: Helps.}
  - {id: heron, name: Heron cell, type: armed group, sensitivity: confidential}
assumptions:
  - {id: consent, name: Consent of the parties, text: All parties consent to a UN presence.}
  - {id: quiet, name: Okapi route stays open, text: Okapi route stays open all year.,
     sensitivity: confidential}
risks:
  - {id: spoilers, name: Spoilers, text: Spoilers act., likelihood: medium, impact: high}
"""


def words(data: Any) -> str:
    """Every string in some nested data, joined (for 'appears anywhere' checks)."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return " ".join(words(v) for v in data.values())
    if isinstance(data, list | tuple):
        return " ".join(words(v) for v in data)
    return ""


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
