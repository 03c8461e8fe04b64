"""Build small plans from plain data for the conflict-analysis tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from impp.model import Plan


@pytest.fixture
def make_plan() -> Callable[..., Plan]:
    """``make_plan(actors=[...], relations=[...])``: a valid plan with these sections."""

    def make(**sections: Any) -> Plan:
        return Plan.model_validate({"mission": {"id": "m", "name": "Test mission"}, **sections})

    return make
