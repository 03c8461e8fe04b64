"""The figures of a syndicate's analysis that triggers, restores and scores read.

Each is read from the plan's summary (``impp.plan/1``, the projection every
view renders), never computed again: a trigger fires on the figure the
syndicate sees on its own page.

>>> s = {"deployment": {"milestones": {"foc": {"days": 79}}}, "counts": {"error": 1},
...      "criteria": {"a": {"state": "met"}, "b": {"state": "missed"}}, "targets": {}}
>>> metric(s, "foc_day"), metric(s, "errors"), metric(s, "criteria_missed"), metric(s, "ioc_day")
(79.0, 1.0, 1.0, None)
"""

from __future__ import annotations

from typing import Any


def _milestone(s: dict[str, Any], which: str) -> float | None:
    found = ((s.get("deployment") or {}).get("milestones") or {}).get(which) or {}
    days = found.get("days")
    return float(days) if isinstance(days, int | float) else None


def verdict_states(s: dict[str, Any]) -> dict[str, str]:
    """Each criterion's and target's state (met, at_risk, missed, ...), by id."""
    return {cid: str(c.get("state")) for section in ("criteria", "targets")
            for cid, c in (s.get(section) or {}).items()}


def metric(s: dict[str, Any], name: str) -> float | None:
    """The value of metric ``name`` in summary ``s`` (``None``: the plan does not have it,
    e.g. no deployment to give a FOC day)."""
    if name in ("foc_day", "ioc_day"):
        return _milestone(s, name.removesuffix("_day"))
    cost = s.get("cost") or {}
    if name == "cost_total":
        total = cost.get("total")
        return float(total) if isinstance(total, int | float) else None
    if name == "cost_first_year":
        amount = (cost.get("first_year") or {}).get("amount")
        return float(amount) if isinstance(amount, int | float) else None
    counts = s.get("counts") or {}
    if name == "errors":
        return float(counts.get("error", 0))
    if name == "warnings":
        return float(counts.get("warning", 0))
    states = verdict_states(s)
    if name == "criteria_missed":
        return float(sum(1 for v in states.values() if v == "missed"))
    if name == "criteria_met":
        return float(sum(1 for v in states.values() if v == "met"))
    raise ValueError(f"unknown metric {name!r}")


def digest(s: dict[str, Any]) -> dict[str, Any]:
    """The part of a summary that triggers, restores and scores read (a few kilobytes of
    a summary's hundreds): what the workspace keeps of every revision it scores.

    >>> d = digest({"criteria": {"a": {"state": "met", "probability": 0.9, "name": "A"}},
    ...             "counts": {"error": 0}, "tables": [1, 2, 3]})
    >>> d["criteria"], "tables" in d
    ({'a': {'state': 'met', 'probability': 0.9}}, False)
    """
    def verdicts(section: str) -> dict[str, Any]:
        return {cid: {"state": c.get("state"), "probability": c.get("probability")}
                for cid, c in (s.get(section) or {}).items()}

    milestones = ((s.get("deployment") or {}).get("milestones") or {})
    cost = s.get("cost") or {}
    first = cost.get("first_year") or {}
    return {
        "criteria": verdicts("criteria"), "targets": verdicts("targets"),
        "deployment": {"milestones": {k: {"days": v.get("days")}
                                      for k, v in milestones.items()}},
        "counts": dict(s.get("counts") or {}),
        "cost": {"total": cost.get("total"),
                 "first_year": {k: first.get(k) for k in ("amount", "ceiling",
                                                          "within_ceiling", "joint")}}
        if cost else {},
    }
