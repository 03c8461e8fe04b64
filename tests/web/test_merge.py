"""Saving from a stale revision: disjoint edits merge, the same item is a conflict, and a
head that moves while merging is merged with again."""

from __future__ import annotations

from typing import Any

import pytest

from impp.io.yaml_io import dump_document
from impp.store import Store, head
from impp.store.users import get_user
from impp.web import workspace
from impp.web.workspace import MergeConflict, merge_documents, save


def edited(store: Store, old: str, new: str) -> str:
    doc = head(store, "carana").document
    return dump_document(doc).replace(old, new)


def test_single_sections_merge_like_items() -> None:
    base = {"mission": {"id": "m", "name": "M"}, "events": []}
    theirs = {"mission": {"id": "m", "name": "M2"}, "events": [{"id": "a", "name": "A"}]}
    mine = {"mission": {"id": "m", "name": "M"}, "events": [{"id": "b", "name": "B"}]}
    merged, conflicts = merge_documents(base, theirs, mine)
    assert conflicts == [] and merged["mission"]["name"] == "M2"
    assert [e["id"] for e in merged["events"]] == ["a", "b"]
    # an item removed on one side and kept unchanged on the other stays removed
    one = {"events": [{"id": "a"}]}
    merged, _ = merge_documents(one, {"events": []}, one)
    assert merged.get("events", []) == []


def test_a_head_that_moves_while_merging_is_merged_with_again(
        web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    planner, other = get_user(web_store, "planner"), get_user(web_store, "other")
    assert planner is not None and other is not None
    parent = head(web_store, "carana").id
    mine = edited(web_store, "name: SRSG appointed", "name: SRSG appointed by the SG")
    save(web_store, other, "carana", parent,
         edited(web_store, "name: Elections held", "name: General elections held"), "theirs")
    real = workspace.commit_result  # type: ignore[attr-defined]
    calls: list[str] = []

    def racing(store: Store, plan: Any, message: str, **kw: Any) -> Any:
        if message.startswith("mine"):
            calls.append(kw["parent"])
        if len(calls) == 2 and message.startswith("mine"):  # the first merge: another lands
            save(web_store, other, "carana", head(web_store, "carana").id,
                 edited(web_store, "name: Mission Concept", "name: The Mission Concept"), "x")
        return real(store, plan, message, **kw)

    monkeypatch.setattr(workspace, "commit_result", racing)
    saved = save(web_store, planner, "carana", parent, mine, "mine")
    # tried on the stale parent, merged, found the head moved, merged again
    assert len(calls) == 3 and calls[1] != calls[2]
    assert saved.merged_with == calls[2] == head(web_store, "carana").parent
    final = str(head(web_store, "carana").document)
    assert "SRSG appointed by the SG" in final and "General elections held" in final
    assert "The Mission Concept" in final


def test_the_same_item_changed_twice_is_a_conflict_and_stores_nothing(web_store: Store) -> None:
    planner, other = get_user(web_store, "planner"), get_user(web_store, "other")
    assert planner is not None and other is not None
    parent = head(web_store, "carana").id
    save(web_store, other, "carana", parent,
         edited(web_store, "name: SRSG appointed", "name: SRSG named"), "theirs")
    before = head(web_store, "carana").id
    with pytest.raises(MergeConflict) as err:
        save(web_store, planner, "carana", parent,
             edited(web_store, "name: SRSG named", "name: SRSG appointed by the SG"), "mine")
    assert err.value.items == ["events srsg_appointed"]
    assert head(web_store, "carana").id == before
