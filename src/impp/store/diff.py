"""What changed between two revisions: items, field by field, and results.

Pure functions over plans and summaries (no database): the store hands them
two revisions, and ``impp diff`` shows what they return.

- :func:`diff_plans`: items added, removed and changed, by item id, section
  by section (``mission`` and ``process`` first), each change field by field
  (nested mappings such as a task's ``duration`` give dotted field names).
- :func:`diff_summaries`: what changed in the results, by comparing the
  summaries (:func:`impp.summary.summarize`) of both plans: for events,
  every computed key (``earliest``, ``latest``, ``date_earliest``, ... as
  the analyses in ``summary.ENRICHERS`` fill them); for criteria, every
  computed key (``met``, ``margin_days``, ``probability``, ...); the process
  position; and findings that appeared, were resolved or now say otherwise. Keys are compared
  generically, so a new analysis's results show up without changing this
  module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from impp.model.plan import SECTIONS, SINGLE_SECTIONS, Plan

#: Summary keys of an event or criterion that are the plan's own input
#: (shown by the item diff), not results.
EVENT_INPUT_KEYS = frozenset({"name", "source", "date"})
CRITERION_INPUT_KEYS = frozenset(
    {"name", "from", "to", "min_days", "max_days", "source", "assumption"}
)
PROCESS_KEYS = ("level", "next_decision", "outputs_missing")


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Fields that differ between two documents, as ``{field, old, new}`` (dotted names).

    >>> field_changes({"max_days": 14, "duration": {"min": 7}},
    ...               {"max_days": 21, "duration": {"min": 5}})
    [{'field': 'max_days', 'old': 14, 'new': 21}, {'field': 'duration.min', 'old': 7, 'new': 5}]
    """
    a, b = _flatten(old), _flatten(new)
    keys = [*a, *(k for k in b if k not in a)]
    return [{"field": k, "old": a.get(k), "new": b.get(k)} for k in keys if a.get(k) != b.get(k)]


def _doc(item: Any) -> dict[str, Any]:
    if item is None:  # an optional single section the plan leaves out (costs)
        return {}
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


def diff_plans(old: Plan, new: Plan) -> dict[str, Any]:
    """Items added, removed and changed from ``old`` to ``new``.

    >>> from impp.model import Event, Mission
    >>> a = Plan(mission=Mission(id="m", name="M"), events=(Event(id="x", name="X"),))
    >>> b = Plan(mission=Mission(id="m", name="M"), events=(Event(id="x", name="X2"),
    ...                                                     Event(id="y", name="Y")))
    >>> d = diff_plans(a, b)
    >>> [(i["section"], i["id"]) for i in d["added"]]
    [('events', 'y')]
    >>> d["changed"][0]["fields"]
    [{'field': 'name', 'old': 'X', 'new': 'X2'}]
    """
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for name in SINGLE_SECTIONS:
        fields = field_changes(_doc(getattr(old, name)), _doc(getattr(new, name)))
        if fields:
            changed.append({"section": name, "id": name, "name": name, "fields": fields})
    for name in SECTIONS:
        before = {item.id: item for item in old.section(name)}
        after = {item.id: item for item in new.section(name)}
        for item_id, item in after.items():
            if item_id not in before:
                added.append({"section": name, "id": item_id, "name": item.name})
        for item_id, item in before.items():
            if item_id not in after:
                removed.append({"section": name, "id": item_id, "name": item.name})
            elif item != after[item_id]:
                fields = field_changes(_doc(item), _doc(after[item_id]))
                changed.append({"section": name, "id": item_id, "name": after[item_id].name,
                                "fields": fields})
    return {"added": added, "removed": removed, "changed": changed}


def _days(old: Any, new: Any) -> float | None:
    """How far a value moved, in days, where both are numbers or ISO dates."""
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(new - old)
    if isinstance(old, str) and isinstance(new, str):
        try:
            return float((dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days)
        except ValueError:
            return None
    return None


def _results(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]],
             inputs: frozenset[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item_id, after in new.items():
        before = old.get(item_id)
        if before is None:
            continue
        keys = [*before, *(k for k in after if k not in before)]
        for key in keys:
            if key in inputs or before.get(key) == after.get(key):
                continue
            change: dict[str, Any] = {"id": item_id, "field": key, "old": before.get(key),
                                      "new": after.get(key)}
            moved = _days(before.get(key), after.get(key))
            if moved is not None:
                change["moved_days"] = moved
            out.append(change)
    return out


def _finding_key(f: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    return f["code"], tuple(f["items"])


def diff_summaries(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed in the results between two plan summaries.

    Findings are matched by code and items: ``findings_new`` and
    ``findings_resolved`` list those on one side only, ``findings_changed``
    those whose message or severity changed (``old`` and ``new`` messages).

    >>> old = {"events": {"e": {"name": "E", "earliest": 10}},
    ...        "criteria": {"c": {"name": "C", "met": True, "margin_days": 4}},
    ...        "process": {"level": "1.2"}, "findings": []}
    >>> new = {"events": {"e": {"name": "E", "earliest": 13}},
    ...        "criteria": {"c": {"name": "C", "met": False, "margin_days": -1}},
    ...        "process": {"level": "1.2"}, "findings": []}
    >>> d = diff_summaries(old, new)
    >>> d["events"]
    [{'id': 'e', 'field': 'earliest', 'old': 10, 'new': 13, 'moved_days': 3.0}]
    >>> [(c["field"], c["old"], c["new"]) for c in d["criteria"]]
    [('met', True, False), ('margin_days', 4, -1)]
    """
    process = [
        {"field": key, "old": old["process"].get(key), "new": new["process"].get(key)}
        for key in PROCESS_KEYS
        if old["process"].get(key) != new["process"].get(key)
    ]
    before = {_finding_key(f): f for f in old.get("findings", [])}
    after = {_finding_key(f): f for f in new.get("findings", [])}
    changed = [
        {"code": f["code"], "items": f["items"], "severity": f["severity"],
         "old_severity": before[k]["severity"], "old": before[k]["message"],
         "new": f["message"]}
        for k, f in after.items()
        if k in before and (before[k]["message"], before[k]["severity"])
        != (f["message"], f["severity"])
    ]
    return {
        "events": _results(old.get("events", {}), new.get("events", {}), EVENT_INPUT_KEYS),
        "criteria": _results(old.get("criteria", {}), new.get("criteria", {}),
                             CRITERION_INPUT_KEYS),
        "process": process,
        "findings_new": [f for k, f in after.items() if k not in before],
        "findings_resolved": [f for k, f in before.items() if k not in after],
        "findings_changed": changed,
    }


def is_empty(diff: dict[str, Any]) -> bool:
    """True when a diff (of plans or of summaries) holds no change.

    >>> is_empty({"added": [], "removed": [], "changed": []})
    True
    """
    return not any(diff.values())
