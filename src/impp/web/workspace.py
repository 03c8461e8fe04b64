"""What the pages and the API both do: read plans at a clearance, save, merge, decide.

Saving names the revision the edit started from (``parent``). When another
revision landed since, the edit is merged item by item with it (a three-way
merge of the plan documents: the parent, the newest revision, the edit):
items only one side changed are taken from that side; an item both sides
changed differently is a conflict, and nothing is stored. The merged plan is
validated again before it is committed, with a message that says it was
merged. This is how two planners editing different events of one plan both
keep their work, while two edits of the same event never overwrite each
other silently.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from impp.clearance import Clearance, clearance
from impp.exceptions import PlanFileError, StoreError
from impp.io import load_plan_text
from impp.io.yaml_io import dump_document, load_plan_document
from impp.model.plan import SECTIONS, Plan
from impp.store import Revision, commit_result, head, log, plan_names
from impp.store.engine import Store
from impp.store.users import User


class MergeConflict(StoreError):
    """Both the edit and a newer revision changed the same items."""

    def __init__(self, message: str, items: list[str], head_id: str) -> None:
        super().__init__(message)
        self.items = items
        self.head_id = head_id


@dataclass(frozen=True)
class Saved:
    """A save that landed: the new revision, and whether it was merged."""

    revision: Revision
    created: bool
    merged_with: str | None = None


#: Plan files by revision id: a revision never changes, so its file is
#: written once per server.
_YAML: OrderedDict[str, str] = OrderedDict()
_KEEP = 32
_LOCK = threading.Lock()


def _kept(cache: OrderedDict[str, Any], key: str, make: Callable[[], Any]) -> Any:
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = make()
    with _LOCK:
        cache[key] = value
        while len(cache) > _KEEP:
            cache.popitem(last=False)
    return value


def plan_of(rev: Revision) -> Plan:
    """The plan a revision holds (validated once per server and revision: the
    store keeps the plans of the revisions read lately)."""
    return rev.plan_object()


def yaml_of(rev: Revision) -> str:
    """The plan file of a revision (written once per server and revision)."""
    text: str = _kept(_YAML, rev.id, lambda: plan_yaml(plan_of(rev)))
    return text


def reader_for(plan: Plan, user: User) -> Clearance:
    """What ``user`` may see of ``plan``: their clearance, no higher."""
    return clearance(plan, user.clearance)


def plan_rows(store: Store, user: User | None = None) -> list[dict[str, Any]]:
    """Each plan's name and newest revision (number, author, time, message, level); the
    message as ``user`` may read it."""
    from impp.store.access import openable

    rows = []
    for name in openable(store, user, plan_names(store)):
        rev = head(store, name)
        message = (reader_for(rev.plan_object(), user).message(rev.message)
                   if user is not None else rev.message)
        rows.append({"name": name, "revision": rev.id, "number": rev.number,
                     "author": rev.author, "time": rev.time, "message": message,
                     "level": rev.document.get("process", {}).get("level", "1.1"),
                     "mission": rev.document.get("mission", {}).get("name", name)})
    return rows


def plan_yaml(plan: Plan) -> str:
    """The plan as a plan file (YAML)."""
    return dump_document(plan.to_document())


def sees_everything(plan: Plan, user: User) -> bool:
    """True when nothing of ``plan`` is above ``user``'s clearance (needed to edit it)."""
    return not reader_for(plan, user).withholds


def save(store: Store, user: User, name: str, parent: str, text: str,
         message: str) -> Saved:
    """Validate ``text`` (a plan file) and commit it as the next revision of ``name``.

    When another revision landed since ``parent``, the edit is merged with the
    newest one while the plan is locked (one merge, against the head as it
    is: no other save can land in between and make it stale again).

    Raises :class:`~impp.exceptions.PlanFileError` (located problems) for an
    invalid plan, :class:`MergeConflict` when a newer revision changed the
    same items, and the store's permission errors as they are.
    """
    plan = load_plan_text(text, f"{name}.yaml")
    message = message.strip() or "Edited in the web workspace"

    def rebase(base: Revision, newest: Revision) -> tuple[Plan, str]:
        merged, conflicts = merge_documents(base.document, newest.document,
                                            plan.to_document())
        if conflicts:
            raise MergeConflict(
                f"{name} changed since revision {parent} (now {newest.id}, by "
                f"{newest.author}): both changed {', '.join(conflicts)}. Nothing was saved; "
                f"start again from revision {newest.id} and redo your change to these items.",
                conflicts, newest.id)
        return (load_plan_document(merged, f"{name}.yaml"),
                f"{message}\n\n(Merged with {newest.id}: the edit started from {parent}.)")

    result = commit_result(store, plan, message, parent=parent, name=name, user=user,
                           rebase=rebase)
    return Saved(result.revision, result.created, result.merged_with)


def merge_documents(base: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any]
                    ) -> tuple[dict[str, Any], list[str]]:
    """A three-way merge of plan documents, item by item; the conflicting ids.

    >>> base = {"events": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}
    >>> theirs = {"events": [{"id": "a", "name": "A2"}, {"id": "b", "name": "B"}]}
    >>> mine = {"events": [{"id": "a", "name": "A"}, {"id": "b", "name": "B2"}]}
    >>> merged, conflicts = merge_documents(base, theirs, mine)
    >>> [e["name"] for e in merged["events"]], conflicts
    (['A2', 'B2'], [])
    >>> merge_documents(base, theirs, {"events": [{"id": "a", "name": "A3"}]})[1]
    ['events a']
    """
    out: dict[str, Any] = {}
    conflicts: list[str] = []
    for key in dict.fromkeys([*theirs, *mine, *base]):
        b, t, m = base.get(key), theirs.get(key), mine.get(key)
        if key in SECTIONS and all(isinstance(x, list | type(None)) for x in (b, t, m)):
            merged, clashes = _merge_items(b or [], t or [], m or [])
            if merged:
                out[key] = merged
            conflicts += [f"{key} {c}" for c in clashes]
            continue
        value, clash = _pick(b, t, m)
        if clash:
            conflicts.append(key)
        if value is not None:
            out[key] = value
    return out, conflicts


def _pick(b: Any, t: Any, m: Any) -> tuple[Any, bool]:
    """One value from base, theirs and mine: the side that changed it; a clash if both did."""
    if t == m:
        return t, False
    if m == b:
        return t, False
    if t == b:
        return m, False
    return t, True


def _merge_items(b: list[Any], t: list[Any], m: list[Any]) -> tuple[list[Any], list[str]]:
    def by_id(items: list[Any]) -> dict[str, Any]:
        return {str(i.get("id")): i for i in items if isinstance(i, dict)}

    bi, ti, mi = by_id(b), by_id(t), by_id(m)
    order = list(dict.fromkeys([*ti, *mi]))
    merged, clashes = [], []
    for item_id in order:
        value, clash = _pick(bi.get(item_id), ti.get(item_id), mi.get(item_id))
        if clash:
            clashes.append(item_id)
        if value is not None:
            merged.append(value)
    return merged, clashes


def history(store: Store, name: str, limit: int = 50) -> list[Revision]:
    """The newest revisions of a plan."""
    return log(store, name, limit=limit)


def problems_of(exc: PlanFileError) -> list[dict[str, Any]]:
    """A plan file's problems as JSON-ready data (line, column, item, message)."""
    return [{"line": p.line, "column": p.column, "item": p.item, "message": p.message}
            for p in exc.problems]


def when(value: dt.datetime) -> str:
    """A revision's time as people read it (UTC, to the minute)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
