"""Small plans for schedule risk, built from YAML text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from impp.io import load_plan_text
from impp.model import Plan

HEAD = """\
mission: {id: m, name: M, reference_event: day0}
events:
  - {id: day0, name: Day 0, date: 2026-01-01}
"""


@pytest.fixture
def make_plan() -> Callable[[str], Plan]:
    """A plan from the text after the standard head (mission and a dated day 0)."""

    def make(body: str) -> Plan:
        return load_plan_text(HEAD + body, "risk.yaml")

    return make
