"""Revisions: commit, read back, references, no lost update."""

from __future__ import annotations

from typing import Any

import pytest

from impp.exceptions import StaleRevisionError, StoreError
from impp.model import Plan
from impp.store import (
    Store,
    audit_log,
    commit,
    commit_result,
    diff_plans,
    get_revision,
    head,
    log,
    parse_ref,
)
from impp.store.models import RevisionRow
from impp.store.repository import now


def edited(plan: Plan, **changes: Any) -> Plan:
    """The plan with one constraint's fields changed (``constraint_id`` names it)."""
    cid = changes.pop("constraint_id")
    doc = plan.to_document()
    for c in doc["constraints"]:
        if c["id"] == cid:
            c.update(changes)
    return Plan.model_validate(doc)


def test_round_trip_commit_change_commit_diff(store: Store, carana_plan: Plan) -> None:
    first = commit(store, carana_plan, "Directive encoded", author="ana")
    changed = edited(carana_plan, constraint_id="tam_within_14", max_days=10)
    second = commit(store, changed, "TAM within 10 days", author="ben", parent=first.id)

    assert second.parent == first.id and second.number == 2
    old = get_revision(store, f"carana@{first.id}").plan_object()
    new = get_revision(store, "carana").plan_object()
    assert old.content_hash() == carana_plan.content_hash()
    assert new.content_hash() == changed.content_hash()
    assert diff_plans(old, new) == {
        "added": [],
        "removed": [],
        "changed": [{
            "section": "constraints", "id": "tam_within_14",
            "name": "Technical assessment mission deployed within 14 days of the signing",
            "fields": [{"field": "max_days", "old": 14.0, "new": 10.0}],
        }],
    }


def test_log_is_newest_first_with_author_time_message_parent(store: Store,
                                                             carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    b = commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
               author="ben", parent=a.id)
    revisions = log(store, "carana")
    assert [(r.id, r.author, r.message, r.parent) for r in revisions] == [
        (b.id, "ben", "two", a.id), (a.id, "ana", "one", None)]
    assert revisions[0].time >= revisions[1].time
    assert [r.number for r in log(store, "carana", limit=1)] == [2]


def test_parent_named_by_number_or_prefix(store: Store, carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    b = commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
               author="ana", parent="1")
    c = commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=11), "three",
               author="ana", parent=b.id[:5])
    assert (b.parent, c.parent) == (a.id, b.id)
    with pytest.raises(StaleRevisionError, match=f"started from revision {a.id}"):
        commit(store, carana_plan, "four", author="ana", parent="1")


def test_references_by_number_prefix_and_newest(store: Store, carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    b = commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
               author="ana", parent=a.id)
    assert get_revision(store, "carana").id == b.id
    assert get_revision(store, "carana@1").id == a.id
    assert get_revision(store, f"carana@{b.id[:6]}").id == b.id
    assert head(store, "carana").id == b.id
    assert parse_ref("carana@abc") == ("carana", "abc")


@pytest.mark.parametrize(("ref", "expected"), [
    ("nowhere", "no plan named 'nowhere' in the store (plans in this store: carana)"),
    ("carana@ffffffffffff", "plan 'carana' has no revision or baseline 'ffffffffffff'"),
    ("carana@99", "plan 'carana' has no revision or baseline '99'"),
    ("carana@", "cannot read the reference 'carana@'"),
    ("car ana", "cannot read the reference"),
])
def test_unknown_references_are_named(store: Store, carana_plan: Plan, ref: str,
                                      expected: str) -> None:
    commit(store, carana_plan, "one", author="ana")
    with pytest.raises(StoreError, match="^" + expected.replace("(", r"\(").replace(")", r"\)")):
        get_revision(store, ref)


def test_identical_plan_stores_nothing(store: Store, carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    again = commit_result(store, carana_plan, "again", author="ana", parent=a.id)
    assert not again.created and again.revision.id == a.id
    assert len(log(store, "carana")) == 1


def test_stale_commit_refused_and_nothing_changes(store: Store, carana_plan: Plan) -> None:
    base = commit(store, carana_plan, "one", author="ana")
    ana = edited(carana_plan, constraint_id="tam_within_14", max_days=12)
    ben = edited(carana_plan, constraint_id="tam_within_14", max_days=16)
    landed = commit(store, ana, "ana's edit", author="ana", parent=base.id)
    before = (log(store, "carana"), audit_log(store))

    with pytest.raises(StaleRevisionError) as refused:
        commit(store, ben, "ben's edit", author="ben", parent=base.id)

    message = str(refused.value)
    assert base.id in message and landed.id in message
    assert f"impp checkout carana@{landed.id}" in message
    assert f"--parent {landed.id}" in message
    assert (log(store, "carana"), audit_log(store)) == before
    assert get_revision(store, "carana").plan_object() == ana


def test_commit_without_parent_on_existing_plan_says_how_to_merge(store: Store,
                                                                   carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    with pytest.raises(StaleRevisionError) as refused:
        commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
               author="ben")
    message = str(refused.value)
    assert f"the newest is {a.id}" in message and "--parent" in message
    assert "impp checkout carana -o head.yaml" in message
    assert len(log(store, "carana")) == 1


@pytest.mark.parametrize(("parent", "message", "expected"), [
    ("abcdef123456", "ok", "no plan named 'other' in the store, so there is no revision"),
    (None, "  ", "a commit needs a message"),
])
def test_bad_first_commits(store: Store, carana_plan: Plan, parent: str | None, message: str,
                           expected: str) -> None:
    with pytest.raises(StoreError, match=expected):
        commit(store, carana_plan, message, author="ana", parent=parent, name="other")


def test_unknown_parent_is_named(store: Store, carana_plan: Plan) -> None:
    commit(store, carana_plan, "one", author="ana")
    with pytest.raises(StoreError, match="plan 'carana' has no revision or baseline 'bad00bad0"):
        commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
               author="ana", parent="bad00bad0000")


def test_every_commit_is_audited(store: Store, carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    actions = [(e.action, e.actor, e.revision) for e in audit_log(store, "carana")]
    assert actions == [("impp.plan.created", "ana", None),
                       ("impp.revision.committed", "ana", a.id)]


def test_plans_are_kept_apart_by_name(store: Store, carana_plan: Plan) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    b = commit(store, carana_plan, "copy for an exercise", author="ana", name="syndicate-1")
    assert a.id != b.id
    assert [r.id for r in log(store, "syndicate-1")] == [b.id]


def test_two_children_of_one_revision_cannot_both_exist(store: Store, carana_plan: Plan) -> None:
    # The locks keep committers in line; the unique (plan, parent) constraint
    # is the last line of defence should anything get past them.
    a = commit(store, carana_plan, "one", author="ana")
    commit(store, edited(carana_plan, constraint_id="tam_within_14", max_days=12), "two",
           author="ana", parent=a.id)
    with pytest.raises(StoreError, match=r"uq_revisions_plan_parent|UNIQUE constraint failed"), \
            store.writing() as session:
        session.add(RevisionRow(id="0123456789ab", plan="carana", number=3, parent=a.id,
                                author="eve", time=now(), message="sneaked in",
                                content_hash="0" * 64, document={}))
    assert len(log(store, "carana")) == 2


@pytest.mark.parametrize(("document", "content_hash", "expected"), [
    ({"mission": {"id": "carana"}, "events": [{"id": "e"}]}, "0" * 64,
     r"revision carana@bad000000000 no longer loads with this version of impp:\n"
     r"2 problems in the plan:\n(.|\n)*\[carana\] 'name' is required; add it"),
    ({"mission": {"id": "carana", "name": "C"}}, "0" * 64,
     "revision carana@bad000000000 is damaged: its content hash does not match"),
])
def test_a_stored_document_that_no_longer_loads_is_named(
        store: Store, carana_plan: Plan, document: dict[str, Any], content_hash: str,
        expected: str) -> None:
    a = commit(store, carana_plan, "one", author="ana")
    with store.writing() as session:
        session.add(RevisionRow(id="bad000000000", plan="carana", number=2, parent=a.id,
                                author="old impp", time=now(), message="old format",
                                content_hash=content_hash, document=document))
    with pytest.raises(StoreError, match=expected):
        get_revision(store, "carana@2").plan_object()
