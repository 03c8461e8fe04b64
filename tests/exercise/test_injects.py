"""Injects are delivered once per syndicate (across restarts, retries and two deliverers at
once), by game day, by a trigger on a syndicate's plan, or by the directing staff; each
applies its effect as a revision by exercise control."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from impp.exceptions import ExerciseError
from impp.exercise import service
from impp.store import Store, commit, head, log, open_store
from impp.store.users import USER_ENV


@pytest.fixture
def course(store: Store, carana_exercise: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv(USER_ENV, raising=False)
    service.create(store, "course", carana_exercise)
    return "course"


def _doc(store: Store, plan: str) -> dict[str, Any]:
    return head(store, plan).document


def _lift(doc: dict[str, Any], asset: str) -> dict[str, Any]:
    return next(a for a in doc["lift"] if a["id"] == asset)


def test_created_with_plans_people_and_a_clock(store: Store, course: str) -> None:
    stored = service.get(store, course)
    assert stored.plans == {"alpha": "course-alpha", "bravo": "course-bravo"}
    assert stored.members["alpha-2"] == "alpha" and stored.solution_plan == "course-solution"
    assert service.clock(store, course).now() == 0
    assert not _doc(store, "course-alpha").get("indicators")  # withheld from syndicates
    assert _doc(store, "course-solution")["indicators"]
    with pytest.raises(ExerciseError, match="already an exercise"):
        service.create(store, course, _loaded())


def _loaded() -> Any:
    from impp.exercise.loader import carana_exercise_path, load_exercise

    return load_exercise(carana_exercise_path())


def test_an_inject_is_applied_once_across_a_restart(store: Store, store_url: str,
                                                    course: str) -> None:
    first = service.deliver(store, course, "I02", actor="ds-lead")
    assert [d.new for d in first] == [True, True]
    assert _lift(_doc(store, "course-alpha"), "strategic_air")["count"] == 2
    rev = head(store, "course-alpha")
    assert rev.author == service.CONTROL and rev.message.startswith("Inject I02")
    store.close()
    again = open_store(store_url)  # the server restarted; the button pressed again
    try:
        second = service.deliver(again, course, "I02", actor="ds-other")
        assert [d.new for d in second] == [False, False]
        assert [d.actor for d in second] == ["ds-lead", "ds-lead"]
        assert _lift(_doc(again, "course-alpha"), "strategic_air")["count"] == 2
        assert len(log(again, "course-alpha")) == 2
    finally:
        again.close()


def test_two_deliverers_at_once_apply_it_once(store: Store, course: str) -> None:
    results: list[Any] = []
    errors: list[BaseException] = []

    def press() -> None:
        try:
            results.extend(service.deliver(store, course, "I03", actor="ds-lead",
                                           syndicates=["alpha"]))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=press) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(1 for d in results if d.new) == 1 and len(results) == 4
    assert _doc(store, "course-alpha")["costs"]["ceiling"] == pytest.approx(288e6)
    assert len(log(store, "course-alpha")) == 2


def test_game_days_deliver_what_is_due_and_never_go_back(store: Store, course: str) -> None:
    assert service.tick(store, course) == []
    service.advance(store, course, to_day=2, actor="ds-lead")
    done = service.tick(store, course)
    assert sorted((d.inject, d.syndicate) for d in done) == [
        ("I01", "alpha"), ("I01", "bravo"), ("I02", "alpha"), ("I02", "bravo")]
    assert all(d.game_day == 2 and d.trigger for d in done)
    assert service.tick(store, course) == []  # nothing twice
    with pytest.raises(ExerciseError, match="does not go back"):
        service.advance(store, course, to_day=1, actor="ds-lead")


def test_a_trigger_fires_on_a_syndicates_plan_state(store: Store, course: str) -> None:
    foc = {"course-alpha": 95.0, "course-bravo": 85.0}

    def summary_of(plan: str) -> dict[str, Any]:
        return {"deployment": {"milestones": {"foc": {"days": foc[plan]}}}}

    done = service.tick(store, course, summary_of=summary_of)
    assert [(d.inject, d.syndicate) for d in done] == [("I08", "alpha")]  # foc above 90
    assert "foc_day above 90 (it is 95)" in (done[0].trigger or "")
    assert done[0].revision is None  # a message only: the plan is not changed
    foc["course-bravo"] = 70.0  # below 75: I09's trigger, and its effect
    done = service.tick(store, course, summary_of=summary_of)
    assert [(d.inject, d.syndicate) for d in done] == [("I09", "bravo")]
    engineers = next(u for u in _doc(store, "course-bravo")["units"] if u["id"] == "engineers")
    assert engineers["ready_day"] == 30
    # no analysis yet (the workspace computing it): no trigger fires
    assert service.tick(store, course, summary_of=lambda plan: None) == []


def test_an_inject_meets_the_plan_the_syndicate_has(store: Store, course: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from impp.io.yaml_io import load_plan_document

    doc = _doc(store, "course-alpha")
    for section, items in doc.items():  # the sealift and all that names it
        if isinstance(items, list):
            doc[section] = [i for i in items if '"sealift' not in json.dumps(i)]
    monkeypatch.setenv(USER_ENV, "alpha-1")
    commit(store, load_plan_document(doc, "alpha.yaml"), "No sealift: all by air",
           parent=head(store, "course-alpha").id, name="course-alpha")
    monkeypatch.delenv(USER_ENV)
    (alpha, bravo) = service.deliver(store, course, "I01", actor="ds-lead")
    assert alpha.revision is None and "lift has no item 'sealift'" in alpha.skipped[0]
    assert bravo.revision is not None and bravo.applied


def test_unknown_inject_and_syndicate(store: Store, course: str) -> None:
    with pytest.raises(ExerciseError, match="no inject 'I99'"):
        service.deliver(store, course, "I99", actor="ds")
    with pytest.raises(ExerciseError, match="no syndicate 'zulu'"):
        service.deliver(store, course, "I01", actor="ds", syndicates=["zulu"])
    with pytest.raises(ExerciseError, match="no exercise 'other'"):
        service.get(store, "other")


def test_the_records_are_append_only(store: Store, course: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from impp.store.models import EXERCISE_RECORDS

    service.deliver(store, course, "I01", actor="ds-lead")
    for table in EXERCISE_RECORDS:
        for statement in (f"UPDATE {table} SET actor = 'x'", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError, match="never changed or deleted"), \
                    store.engine.begin() as conn:
                conn.execute(text(statement))
    assert len(service.deliveries(store, course)) == 2
