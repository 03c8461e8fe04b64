"""Rules that say the same thing twice, or that others already imply.

A directive often states one deadline in two places with different words
(Carana: the technical assessment mission "within 14 days" of the signing in
the criteria for success, "within 21 days" in the timeline). Planners must
see both passages side by side, so two constraints on the same pair of events
are reported as a *duplicate*, unless they are of one kind and agree (one's
bounds inside the other's: "exactly 21 days" and "at most 21 days"), when
the looser is *redundant*; so is a requirement that the other rules already
imply (with the planning durations), reported with the chain of rules that
implies it.

>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> found = overlaps(load_plan(carana_path()))
>>> sorted((o.kind, o.items) for o in found if o.kind == "duplicate")[0]
('duplicate', ('tam_within_14', 'tam_within_21'))
>>> [o.items for o in found if o.items[0] == "recommendations_within_21"]
[('recommendations_within_21', 'sg_report_three_weeks_after_tam')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from impp.model.plan import Plan
from impp.model.timeline import Constraint
from impp.temporal.build import Rule, TimeNetwork, build_network
from impp.temporal.stn import EPS


@dataclass(frozen=True)
class Overlap:
    """Two constraints on one pair of events, or one implied by other rules."""

    kind: str  # "duplicate" | "redundant"
    items: tuple[str, ...]
    message: str
    sources: tuple[str, ...]
    chain: tuple[Rule, ...] = ()
    #: ``info`` for two passages that agree (nothing to do), else ``warning``.
    severity: Literal["warning", "info"] = "warning"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready data."""
        return {"kind": self.kind, "items": list(self.items), "message": self.message,
                "sources": list(self.sources), "chain": [r.as_dict() for r in self.chain]}


def _bounds(c: Constraint, a: str) -> tuple[float, float]:
    lo = -math.inf if c.min_days is None else c.min_days
    hi = math.inf if c.max_days is None else c.max_days
    return (lo, hi) if c.from_ == a else (-hi, -lo)


def _say(lo: float, hi: float) -> str:
    if lo == hi:
        return f"exactly {round(lo, 1):g} days"
    if lo == -math.inf:
        return f"at most {round(hi, 1):g} days"
    if hi == math.inf:
        return f"at least {round(lo, 1):g} days"
    return f"{round(lo, 1):g} to {round(hi, 1):g} days"


def duplicates(plan: Plan) -> list[Overlap]:
    """Pairs of constraints (any kind) on the same two events.

    >>> from impp.model import Constraint, Event, Mission
    >>> p = Plan(mission=Mission(id="m", name="M"),
    ...          events=(Event(id="a", name="A"), Event(id="b", name="B")),
    ...          constraints=(Constraint(id="x", name="X", from_="a", to="b", max_days=14),
    ...                       Constraint(id="y", name="Y", from_="b", to="a", min_days=-21)))
    >>> print(duplicates(p)[0].message)  # doctest: +NORMALIZE_WHITESPACE
    x and y both bound b after a, differently: x says at most 14 days (requirement,
    no source given), y says at most 21 days (requirement, no source given).
    """
    groups: dict[frozenset[str], list[Constraint]] = {}
    for c in plan.constraints:
        groups.setdefault(frozenset((c.from_, c.to)), []).append(c)
    found: list[Overlap] = []
    for group in groups.values():
        for i, c1 in enumerate(group):
            for c2 in group[i + 1:]:
                a = c1.from_
                b1, b2 = _bounds(c1, a), _bounds(c2, a)
                agree = _agreeing(c1, b1, c2, b2)
                if agree is not None:
                    found.append(agree)
                    continue
                how = "the same way" if b1 == b2 else "differently"
                parts = [
                    f"{c.id} says {_say(*bb)} ({c.kind}, {c.source or 'no source given'})"
                    for c, bb in ((c1, b1), (c2, b2))
                ]
                found.append(Overlap(
                    "duplicate", (c1.id, c2.id),
                    f"{c1.id} and {c2.id} both bound {c1.to} after {a}, {how}: "
                    f"{parts[0]}, {parts[1]}.",
                    tuple(s for s in (c1.source, c2.source) if s),
                ))
    return found


def _agreeing(c1: Constraint, b1: tuple[float, float], c2: Constraint,
              b2: tuple[float, float]) -> Overlap | None:
    """Two rules of one kind that state no bound differently: each bound is the
    same in both or given by one only (exactly 21 days, at most 21 days). They
    agree, and the looser adds nothing. (At most 14 and at most 21 days state
    the same bound differently: two passages that disagree, a duplicate.)"""
    if c1.kind != c2.kind or b1 == b2:
        return None
    if any(x != y and math.isfinite(x) and math.isfinite(y) for x, y in zip(b1, b2,
                                                                           strict=True)):
        return None
    if b1[0] >= b2[0] and b1[1] <= b2[1]:
        tight, tb, loose, lb = c1, b1, c2, b2
    elif b2[0] >= b1[0] and b2[1] <= b1[1]:
        tight, tb, loose, lb = c2, b2, c1, b1
    else:
        return None
    return Overlap(
        "redundant", (loose.id, tight.id),
        f"{loose.id} ({loose.name}: {_say(*lb)}) adds nothing to {tight.id} ({tight.name}: "
        f"{_say(*tb)}): the two passages agree, and the stricter one holds.",
        tuple(s for s in (loose.source, tight.source) if s), severity="info")


def redundant(plan: Plan, tn: TimeNetwork, skip: set[str]) -> list[Overlap]:
    """Requirements implied by the other hard rules (network must be consistent)."""
    found: list[Overlap] = []
    by_item: dict[str, list[int]] = {}
    for i, r in enumerate(tn.rules):
        if r.role in ("max", "min"):
            by_item.setdefault(r.item, []).append(i)
    for c in plan.constraints:
        if c.kind != "requirement" or c.id in skip:
            continue
        own = by_item.get(c.id, [])
        # The network less this constraint's edges (a numpy mask, not a rebuild of
        # the rules: that made the check quadratic in the plan's size in Python).
        rest = tn.net.without(own)
        back = np.delete(np.arange(len(tn.rules)), own)
        chain: list[Rule] = []
        for i in own:
            rule = tn.rules[i]
            dist, path = rest.shortest_path(tn.index[rule.tail], tn.index[rule.head])
            if not dist <= rule.weight + EPS:
                break
            chain += [tn.rules[int(back[j])] for j in path]
        else:
            if not chain:
                continue
            chain = list(dict.fromkeys(chain))
            words = "; ".join(f"{r.text} ({r.item})" for r in chain)
            sources = tuple(dict.fromkeys(
                s for s in (c.source, *(r.source for r in chain)) if s
            ))
            found.append(Overlap(
                "redundant", (c.id, *dict.fromkeys(r.item for r in chain)),
                f"{c.id} ({c.name}) already follows from other rules: {words}.",
                sources, tuple(chain),
            ))
    return found


def overlaps(plan: Plan, tn: TimeNetwork | None = None) -> list[Overlap]:
    """Duplicates, then redundant requirements (when the network holds)."""
    found = duplicates(plan)
    tn = tn if tn is not None else build_network(plan)
    if tn.net.negative_cycle() is None:
        paired = {i for o in found for i in o.items}
        found += redundant(plan, tn, paired)
    return found
