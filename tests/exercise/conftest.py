"""Exercise fixtures: stores on SQLite and PostgreSQL (as the store's tests), the
workspace's fixtures, and the embedded Carana exercise read once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.store.conftest import store, store_url
from tests.web.conftest import browser, copied_store, password, server, sign_in

__all__ = ["browser", "carana_exercise", "password", "server", "sign_in", "store", "store_url"]


@pytest.fixture(scope="session")
def carana_exercise() -> Any:
    """The embedded Carana exercise, loaded and checked."""
    from impp.exercise.loader import carana_exercise_path, load_exercise

    return load_exercise(carana_exercise_path())


@pytest.fixture(scope="session")
def _exercise_store_file(tmp_path_factory: pytest.TempPathFactory, carana_exercise: Any) -> Any:
    """A store with an administrator, the Carana exercise ``course`` (its people signed
    in once with their own passwords), and the analyses its pages read, built once."""
    import os

    from impp.exercise import service
    from impp.store import init_store
    from impp.store.summaries import stored_summary
    from impp.store.users import USER_ENV, add_user, get_user, set_password

    folder = tmp_path_factory.mktemp("exercise-store")
    named = os.environ.pop(USER_ENV, None)
    try:
        store = init_store(folder / "impp.db")
        add_user(store, "admin", ["admin"], "strictly_confidential", password=password("admin"))
        os.environ[USER_ENV] = "admin"
        created = service.create(store, "course", carana_exercise)
        for person in created.passwords:
            user = get_user(store, person)
            set_password(store, person, password(person), actor=user)
        stored_summary(store, carana_exercise.scenario)
        stored_summary(store, carana_exercise.solution)
        store.close()
    finally:
        os.environ.pop(USER_ENV, None)
        if named is not None:
            os.environ[USER_ENV] = named
    return folder / "impp.db"


@pytest.fixture
def exercise_store(_exercise_store_file: Any, tmp_path: Any,
                   monkeypatch: pytest.MonkeyPatch) -> Any:
    """A copy of the exercise's store for one test."""
    from impp.store.users import USER_ENV

    monkeypatch.delenv(USER_ENV, raising=False)
    store = copied_store(_exercise_store_file, tmp_path)
    yield store
    store.close()


@pytest.fixture
def app(exercise_store: Any) -> Any:
    """The workspace on the exercise's store."""
    from impp.web.app import create_app

    return create_app(exercise_store.where)


@pytest.fixture
def client(app: Any) -> Any:
    """A test client of the workspace."""
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c
