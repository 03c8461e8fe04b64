"""Saving from a stale revision: disjoint edits merge, the same item is a conflict, and a
save that comes while another merges waits for it."""

from __future__ import annotations

import threading
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


def test_a_save_that_lands_while_another_merges_waits_and_merges_on_top(
        web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stale save merges while the plan is locked: a save that comes meanwhile
    waits for it, then merges on top of it (no save can land in between and
    make the merge stale), and all three edits are kept."""
    planner, other = get_user(web_store, "planner"), get_user(web_store, "other")
    assert planner is not None and other is not None
    parent = head(web_store, "carana").id
    mine = edited(web_store, "name: SRSG appointed", "name: SRSG appointed by the SG")
    save(web_store, other, "carana", parent,
         edited(web_store, "name: Elections held", "name: General elections held"), "theirs")
    real = workspace.merge_documents
    racers: list[threading.Thread] = []
    failed: list[BaseException] = []

    def race(start: str, text: str) -> None:
        try:
            save(web_store, other, "carana", start, text, "racer")
        except BaseException as exc:  # said by the assertion below
            failed.append(exc)

    def merging(*args: Any) -> Any:
        if not racers:  # this save holds the plan: another starts from the same head
            now = head(web_store, "carana")
            text = dump_document(now.document).replace("name: Mission Concept",
                                                       "name: The Mission Concept")
            racers.append(threading.Thread(target=race, args=(now.id, text)))
            racers[0].start()
            racers[0].join(0.5)  # it tries to land now, and must wait
        return real(*args)

    monkeypatch.setattr(workspace, "merge_documents", merging)
    saved = save(web_store, planner, "carana", parent, mine, "mine")
    racers[0].join(60)
    assert not failed and saved.merged_with is not None
    newest = head(web_store, "carana")
    assert newest.parent == saved.revision.id and "racer" in newest.message
    final = str(newest.document)
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
