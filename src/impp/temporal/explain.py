"""Why a timeline cannot hold, and what would fix it.

A negative cycle of the distance graph *is* the explanation: read back as
rules, it is a chain that adds up to "event x must be at least N days after
itself". Planners want the shortest such chain, so :func:`smallest_cycle`
looks for a negative cycle with the fewest edges (Bellman-Ford by number of
edges, the first closed walk below zero is a simple cycle, as any shorter
negative sub-cycle would have been found first). Then each rule of the cycle
is tried alone: by how many days must it give way so that the network holds,
measured exactly (the shortest path that closes the cycle without it) and
verified by checking the whole network again.

>>> from impp.temporal.stn import STN
>>> net = STN.from_edges(4, [0, 1, 2, 3, 0], [1, 2, 0, 0, 3], [5.0, 5.0, -12.0, 1.0, 9.0])
>>> smallest_cycle(net)
[0, 1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impp.temporal.build import Rule, TimeNetwork
from impp.temporal.stn import EPS, STN

#: Beyond this many points the fewest-edges search (``n^2 m``) is skipped and
#: the cycle found by the consistency check is reported as it is.
SMALLEST_CYCLE_LIMIT = 400


def cycle_weight(net: STN, cycle: list[int]) -> float:
    """The total weight of a list of edges.

    >>> cycle_weight(STN.from_edges(2, [0, 1], [1, 0], [3.0, -5.0]), [0, 1])
    -2.0
    """
    return float(sum(float(net.weight[e]) for e in cycle))


def smallest_cycle(net: STN) -> list[int] | None:
    """A negative cycle with as few edges as can be found, or None if consistent.

    >>> smallest_cycle(STN.from_edges(2, [0, 1], [1, 0], [3.0, -1.0])) is None
    True
    """
    cycle = net.negative_cycle()
    if cycle is None or net.n > SMALLEST_CYCLE_LIMIT or len(cycle) <= 2:
        return cycle
    n, src, dst, w = net.n, net.src, net.dst, net.weight
    dist = np.full((n, n), np.inf)
    np.fill_diagonal(dist, 0.0)
    start = -1
    for k in range(1, len(cycle)):
        cand = dist[:, src] + w  # (start, edge)
        step = dist.copy()
        np.minimum.at(step.T, dst, cand.T)
        dist = step
        diag = np.diagonal(dist)
        if (diag < -EPS).any():
            start = int(np.argmin(diag))
            hops = k
            break
    if start < 0:
        return cycle
    # Again from that start only, remembering which edge improved each point.
    d = np.full(n, np.inf)
    d[start] = 0.0
    choice = np.full((hops + 1, n), -1, dtype=np.int64)
    for k in range(1, hops + 1):
        cand = d[src] + w
        better = np.flatnonzero(cand < d[dst] - EPS)
        nd = d.copy()
        np.minimum.at(nd, dst[better], cand[better])
        best = better[cand[better] == nd[dst[better]]]
        choice[k, dst[best]] = best
        d = nd
    edges: list[int] = []
    x, k = start, hops
    while k > 0:
        e = int(choice[k, x])
        if e < 0:
            k -= 1
            continue
        edges.append(e)
        x = int(src[e])
        k -= 1
    edges.reverse()
    if x != start or cycle_weight(net, edges) >= -EPS:
        return cycle
    return edges


@dataclass(frozen=True)
class Fix:
    """Relax one rule by ``days`` and the whole timeline holds (verified)."""

    rule: Rule
    days: float
    text: str
    #: Who can make the change (:mod:`impp.temporal.relax`): work the plan
    #: controls, a target the planners set, a directive's deadline, what others fix.
    control: str = ""
    why: str = ""

    def as_dict(self) -> dict[str, object]:
        """The fix as JSON-ready data."""
        return {"id": self.rule.item, "role": self.rule.role, "days": self.days,
                "text": self.text, "source": self.rule.source, "control": self.control,
                "why": self.why}


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot all hold: a cycle failing by ``days``, and single fixes."""

    rules: tuple[Rule, ...]
    days: float
    fixes: tuple[Fix, ...] = ()

    @property
    def ids(self) -> list[str]:
        """The ids of the items in the cycle, each once, in cycle order."""
        return list(dict.fromkeys(r.item for r in self.rules))

    def as_dict(self) -> dict[str, object]:
        """The conflict as JSON-ready data."""
        return {"days": self.days, "rules": [r.as_dict() for r in self.rules],
                "fixes": [f.as_dict() for f in self.fixes]}

    def __str__(self) -> str:
        chain = "; ".join(f"{r.text} ({r.item})" for r in self.rules)
        return f"These rules cannot all hold (short by {self.days:g} days): {chain}."


_SIBLING = {"duration-max": "duration-min", "duration-min": "duration-max",
            "date-max": "date-min", "date-min": "date-max"}


def fix_text(rule: Rule, days: float) -> str:
    """What relaxing a rule by ``days`` means in the plan.

    >>> r = Rule("c", "max", "a", "b", 14.0, "b no more than 14 days after a", "C")
    >>> fix_text(r, 4.0)
    'raise max_days of c from 14 to 18'
    """
    w = rule.weight
    match rule.role:
        case "max":
            return f"raise max_days of {rule.item} from {w:g} to {w + days:g}"
        case "min":
            return f"lower min_days of {rule.item} from {-w:g} to {-w - days:g}"
        case "duration-min":
            return f"shorten task {rule.item} from {-w:g} to {-w - days:g} days"
        case "duration-max":
            return f"lengthen task {rule.item} from {w:g} to {w + days:g} days"
        case "after":
            return (f"let {rule.item} start {days:g} days before {rule.head.split('.')[0]} "
                    f"ends (lag {-w:g} -> {-w - days:g})")
        case "date-min":
            return f"move the date of {rule.item} {days:g} days earlier"
        case "date-max":
            return f"move the date of {rule.item} {days:g} days later"
        case _:
            return f"relax {rule.item} by {days:g} days"


def relaxed(tn: TimeNetwork, edge: int, days: float) -> STN:
    """The network with one rule relaxed by ``days`` as the plan would change.

    A duration or a date is one number behind two edges: moving it relaxes
    one edge and tightens the other by the same amount.
    """
    w = tn.net.weight.copy()
    rule = tn.rules[edge]
    w[edge] += days
    sibling = _SIBLING.get(rule.role)
    if sibling is not None:
        for i, r in enumerate(tn.rules):
            if r.item == rule.item and r.role == sibling:
                w[i] -= days
    return STN.from_edges(tn.net.n, tn.net.src, tn.net.dst, w)


def single_fixes(tn: TimeNetwork, cycle: list[int]) -> list[Fix]:
    """Each rule of the cycle that alone, relaxed, makes the network hold.

    The amount is exact: without edge ``u -> v`` the network must hold, and
    the edge then needs weight at least ``-d(v, u)``. Every fix is verified
    by a full re-check; rules that cannot fix it alone are left out.
    """
    fixes: list[Fix] = []
    for e in dict.fromkeys(cycle):
        rule = tn.rules[e]
        if rule.role in ("season", "day-zero"):  # not a rule the plan states
            continue
        rest = tn.net.without([e])
        if rest.negative_cycle() is not None:
            continue
        dist, _ = rest.shortest_path(int(tn.net.dst[e]), int(tn.net.src[e]))
        days = -dist - float(tn.net.weight[e])
        if not np.isfinite(days) or days <= EPS:
            continue
        days = float(round(days, 9))
        if relaxed(tn, e, days).negative_cycle() is not None:
            continue
        fixes.append(Fix(rule, days, fix_text(rule, days)))
    order = {"max": 0, "min": 0, "after": 1, "duration-min": 2, "duration-max": 2}
    fixes.sort(key=lambda f: (order.get(f.rule.role, 3), f.days))
    return fixes


def explain(tn: TimeNetwork) -> Conflict | None:
    """The conflict of an inconsistent network (None if it holds), with fixes.

    >>> from impp.io import load_plan_text
    >>> plan = load_plan_text('''
    ... mission: {id: m, name: M}
    ... events: [{id: a, name: A}, {id: b, name: B}]
    ... constraints:
    ...   - {id: soon, name: B soon, from: a, to: b, max_days: 5, source: "Doc §1"}
    ...   - {id: late, name: B late, from: a, to: b, min_days: 9, source: "Doc §2"}
    ... ''', "m.yaml")
    >>> from impp.temporal.build import build_network
    >>> c = explain(build_network(plan))
    >>> c.ids, c.days
    (['soon', 'late'], 4.0)
    >>> [f.text for f in c.fixes]
    ['raise max_days of soon from 5 to 9', 'lower min_days of late from 9 to 5']
    """
    cycle = smallest_cycle(tn.net)
    if cycle is None:
        return None
    days = -cycle_weight(tn.net, cycle)
    return Conflict(tuple(tn.rules[e] for e in cycle), days, tuple(single_fixes(tn, cycle)))
