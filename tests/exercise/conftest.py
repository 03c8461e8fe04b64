"""Exercise fixtures: stores on SQLite and PostgreSQL (as the store's tests), the
workspace's fixtures, and the embedded Carana exercise read once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.store.conftest import store, store_url
from tests.web.conftest import browser, server

__all__ = ["browser", "carana_exercise", "server", "store", "store_url"]


@pytest.fixture(scope="session")
def carana_exercise() -> Any:
    """The embedded Carana exercise, loaded and checked."""
    from impp.exercise.loader import carana_exercise_path, load_exercise

    return load_exercise(carana_exercise_path())
