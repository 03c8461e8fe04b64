"""What an inject does to a plan: its changes applied to the plan document.

A path names a section and an item by id, then a field
(``lift.sealift.available_from_day``, ``tasks.tam.duration.likely``), or a
single section's field (``costs.ceiling``, ``mission.reference_event``).
Applied to a syndicate's newest revision, a change whose item the
syndicate has removed or renamed is skipped and said so (the message
still reaches them): the inject meets the plan they have, not the one
handed out.

>>> doc = {"lift": [{"id": "sealift", "name": "Sealift", "count": 1}],
...        "costs": {"ceiling": 100.0}}
>>> from impp.exercise.model import Change
>>> new, done, skipped = apply(doc, [Change(path="lift.sealift.count", add=-1),
...                                  Change(path="costs.ceiling", scale=0.9)])
>>> new["lift"][0]["count"], new["costs"]["ceiling"], doc["lift"][0]["count"]
(0, 90.0, 1)
>>> done
['lift.sealift.count: 1 -> 0', 'costs.ceiling: 100.0 -> 90.0']
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any

from impp.exercise.model import Change


class PathError(ValueError):
    """A change's path does not name a part of the plan."""


def _item_index(items: list[Any], item_id: str) -> int | None:
    return next((i for i, e in enumerate(items) if isinstance(e, dict) and e.get("id") == item_id),
                None)


def _resolve(doc: dict[str, Any], path: str, *, whole_item: bool = False
             ) -> tuple[Any, str | int]:
    """The container holding the last part of ``path``, and that part's key.

    ``whole_item``: the path ends at an item (``lift.sealift``) or a section (``risks``).
    """
    parts = path.split(".")
    section = parts[0]
    if section not in doc:
        known = ", ".join(sorted(k for k in doc))
        raise PathError(f"the plan has no section {section!r} (it has: {known})")
    node: Any = doc
    key: str | int = section
    rest = parts[1:]
    if isinstance(doc[section], list):
        if not rest:
            if whole_item:
                return doc, section
            raise PathError(f"{path}: name an item of {section} by its id, then a field")
        index = _item_index(doc[section], rest[0])
        if index is None:
            ids = [e.get("id") for e in doc[section] if isinstance(e, dict)][:12]
            raise PathError(f"{section} has no item {rest[0]!r} (its items: "
                            f"{', '.join(str(i) for i in ids)}{', ...' if len(ids) == 12 else ''})")
        node, key, rest = doc[section], index, rest[1:]
    for part in rest:
        child = node[key]
        if not isinstance(child, dict):
            raise PathError(f"{path}: {part!r} cannot be looked up in a "
                            f"{type(child).__name__}")
        node, key = child, part
    if not whole_item and isinstance(node, list):
        raise PathError(f"{path}: name a field of the item, not the item")
    return node, key


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PathError(f"{path} is {value!r}, not a number: use set")
    return float(value)


def _tidy(value: float, like: Any) -> float | int:
    """``value`` as an int when the field held one (a count, a day)."""
    return round(value) if isinstance(like, int) and not isinstance(like, bool) else value


def apply_change(doc: dict[str, Any], change: Change) -> str:
    """Apply ``change`` to ``doc`` in place; say what changed (raises PathError)."""
    op = change.operation
    if op == "append":
        holder, key = _resolve(doc, change.path, whole_item=True)
        section = holder[key]
        if not isinstance(section, list):
            raise PathError(f"{change.path} is not a section of items: append adds an item "
                            "to one (risks, constraints, ...)")
        item = dict(change.append or {})
        if _item_index(section, str(item.get("id"))) is not None:
            raise PathError(f"{change.path} already has an item {item.get('id')!r}")
        section.append(item)
        return f"{change.path}: added {item.get('id')}"
    if op == "remove":
        holder, key = _resolve(doc, change.path, whole_item=True)
        if not isinstance(holder, list):
            raise PathError(f"{change.path}: remove names an item (section.id)")
        gone = holder.pop(int(key))
        return f"{change.path}: removed {gone.get('id')}"
    holder, key = _resolve(doc, change.path)
    if op == "set":
        before = holder.get(key) if isinstance(holder, dict) else None
        holder[key] = change.set
        return f"{change.path}: {before!r} -> {change.set!r}"
    if isinstance(holder, dict) and key not in holder:
        raise PathError(f"{change.path} is not written in the plan, so there is nothing to "
                        f"{op.replace('_', ' ')}: use set")
    before = holder[key]
    if op == "shift_days" and isinstance(before, str | dt.date):
        day = before if isinstance(before, dt.date) else _date(before, change.path)
        after: Any = (day + dt.timedelta(days=change.shift_days or 0)).isoformat()
    elif op == "scale":
        after = _tidy(_number(before, change.path) * float(change.scale or 0), before)
    else:  # add, or shift_days on a number of days
        amount = change.add if op == "add" else change.shift_days
        after = _tidy(_number(before, change.path) + float(amount or 0), before)
    holder[key] = after
    return f"{change.path}: {before} -> {after}"


def _date(text: str, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PathError(f"{path} is {text!r}, not a date (YYYY-MM-DD): shift_days moves "
                        "dates and numbers of days") from None


def apply(doc: dict[str, Any], changes: Iterable[Change]
          ) -> tuple[dict[str, Any], list[str], list[str]]:
    """A copy of ``doc`` with ``changes`` applied, what each did, and what was skipped
    (a change whose path the plan no longer has, with why)."""
    new = copy.deepcopy(doc)
    done: list[str] = []
    skipped: list[str] = []
    for change in changes:
        try:
            done.append(apply_change(new, change))
        except PathError as exc:
            skipped.append(f"{change.text()}: {exc}")
    return new, done, skipped
