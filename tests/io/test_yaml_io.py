"""Loading plans from files and folders, and writing them back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from impp.io import dump_plan, load_plan, load_plan_text
from impp.model import Plan


def test_small_plan_loads(small_plan: Plan) -> None:
    assert small_plan.mission.id == "small"
    assert [t.id for t in small_plan.tasks] == ["tam", "report"]
    assert small_plan.tasks[1].predecessors == ("tam",)
    assert small_plan.tasks[0].duration.distribution == "triangular"
    assert small_plan.tasks[1].duration.nominal == 21
    assert "tam.start" in small_plan.event_ids


def test_round_trip_gives_an_equal_plan(small_plan: Plan, carana_plan: Plan) -> None:
    for plan in (small_plan, carana_plan):
        again = load_plan_text(dump_plan(plan))
        assert again == plan
        assert again.content_hash() == plan.content_hash()


def test_content_hash_changes_with_content(small_plan: Plan) -> None:
    changed = small_plan.model_copy(
        update={"mission": small_plan.mission.model_copy(update={"name": "Other"})}
    )
    assert changed.content_hash() != small_plan.content_hash()


def test_folder_plans_merge_sections(tmp_path: Path, small_plan_text: str) -> None:
    (tmp_path / "a.yaml").write_text(small_plan_text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "events:\n  - {id: extra, name: Extra event}\n", encoding="utf-8"
    )
    plan = load_plan(tmp_path)
    assert [e.id for e in plan.events][-1] == "extra"


def test_lag_links(write_plan: Callable[[str, str], Path]) -> None:
    text = (
        "mission: {id: m, name: M}\n"
        "tasks:\n  - {id: a, name: A, duration: 2}\n"
        "  - {id: b, name: B, duration: 2, after: [{task: a, lag: 3}]}\n"
    )
    plan = load_plan(write_plan(text, "lag.yaml"))
    assert plan.tasks[1].after[0].lag == 3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abnoyNYtTfF0123456789.-+:_ ~eE", min_size=0, max_size=12))
def test_the_quick_resolver_gives_pyyamls_tags(word: str) -> None:
    """The loader's shortcut for plain text must tag every scalar as PyYAML does."""
    import yaml

    from impp.io.yaml_io import _Loader

    text = f"a: {word!s}\nb: '{word}'\n"
    try:
        expected = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    loader = _Loader(text)
    try:
        got = loader.get_single_node()
    finally:
        loader.dispose()
    assert got is not None and expected is not None
    assert [(k.tag, v.tag) for k, v in got.value] == [
        (k.tag, v.tag) for k, v in expected.value]
