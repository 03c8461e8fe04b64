"""Priority against sequencing: a high-priority output held back by a low-priority one.

"Prioritization is a function of the importance of an activity ... In
contrast, sequencing means that one activity should not start until another
has been completed" (mission-leadership ch. 2, "Prioritization and
sequencing"). Priority is the ``priority`` field of an output; sequencing is
read from the timeline alone: ``after`` links, and constraints that put one
event no earlier than another (``min_days >= 0``). A high-priority output may
rightly be sequenced later; what planners should see is one that waits for a
low-priority output, or that cannot start before its own deadline.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from impp.model.plan import Plan

#: A sequencing link: (from event, to event, why: constraint id or "after" link text).
Link = tuple[str, str, str]


def sequencing_links(plan: Plan) -> list[Link]:
    """Every link that puts one event no earlier than another.

    A task's end follows its start; ``after`` puts a task's start after its
    predecessor's end; a constraint with ``min_days >= 0`` puts ``to`` no
    earlier than ``from``. Constraints with only ``max_days`` are deadlines,
    not order, and are left out.

    >>> from impp.model import Mission, Plan, Task, Duration
    >>> plan = Plan(mission=Mission(id="m", name="M"), tasks=(
    ...     Task(id="a", name="A", duration=Duration(fixed=1)),
    ...     Task(id="b", name="B", duration=Duration(fixed=1), after=("a",))))
    >>> [l for l in sequencing_links(plan) if l[2].startswith("after")]
    [('a.end', 'b.start', "after: 'b' follows 'a'")]
    """
    links: list[Link] = []
    for task in plan.tasks:
        links.append((f"{task.id}.start", f"{task.id}.end", f"duration of '{task.id}'"))
        for link in task.after:
            links.append((f"{link.task}.end", f"{task.id}.start",
                          f"after: '{task.id}' follows '{link.task}'"))
    for c in plan.constraints:
        if c.min_days is not None and c.min_days >= 0:
            links.append((c.from_, c.to, c.id))
    return links


def sequenced_path(links: list[Link], source: str, target: str) -> list[str] | None:
    """The reasons along a shortest chain of links from ``source`` to ``target``, or None.

    >>> sequenced_path([("a", "b", "r1"), ("b", "c", "r2")], "a", "c")
    ['r1', 'r2']
    >>> sequenced_path([("a", "b", "r1")], "b", "a") is None
    True
    """
    if source == target:
        return []
    out: dict[str, list[tuple[str, str]]] = {}
    for u, v, why in links:
        out.setdefault(u, []).append((v, why))
    back: dict[str, tuple[str, str]] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        node = queue.popleft()
        for nxt, why in out.get(node, []):
            if nxt in seen:
                continue
            seen.add(nxt)
            back[nxt] = (node, why)
            if nxt == target:
                path = []
                while nxt != source:
                    nxt, reason = back[nxt][0], back[nxt][1]
                    path.append(reason)
                return path[::-1]
            queue.append(nxt)
    return None


@dataclass(frozen=True)
class SequencingConflict:
    """A high-priority output's activity that waits for a low-priority output's activity."""

    high_output: str
    high_task: str
    low_output: str
    low_task: str
    #: The links (constraint ids or ``after`` descriptions) that make it wait.
    chain: tuple[str, ...]


def _output_tasks(plan: Plan) -> dict[str, list[str]]:
    tasks: dict[str, list[str]] = {}
    for act in plan.activities:
        if act.output is not None and act.task is not None:
            tasks.setdefault(act.output, []).append(act.task)
    return tasks


def priority_sequencing_conflicts(plan: Plan) -> list[SequencingConflict]:
    """Each high-priority output's task that cannot start until a low-priority output's ends.

    >>> from impp.model import Activity, Duration, Mission, Output, Plan, Task
    >>> plan = Plan(mission=Mission(id="m", name="M"),
    ...     tasks=(Task(id="a", name="A", duration=Duration(fixed=1)),
    ...            Task(id="b", name="B", duration=Duration(fixed=1), after=("a",))),
    ...     outputs=(Output(id="lo", name="Low", priority="low"),
    ...              Output(id="hi", name="High", priority="high")),
    ...     activities=(Activity(id="x", name="X", output="lo", task="a"),
    ...                 Activity(id="y", name="Y", output="hi", task="b")))
    >>> [(c.high_output, c.low_output) for c in priority_sequencing_conflicts(plan)]
    [('hi', 'lo')]
    """
    links = sequencing_links(plan)
    tasks = _output_tasks(plan)
    conflicts: list[SequencingConflict] = []
    highs = [o for o in plan.outputs if o.priority == "high"]
    lows = [o for o in plan.outputs if o.priority == "low"]
    for high in highs:
        for low in lows:
            for ht in tasks.get(high.id, []):
                for lt in tasks.get(low.id, []):
                    if ht == lt:
                        continue
                    chain = sequenced_path(links, f"{lt}.end", f"{ht}.start")
                    if chain is not None:
                        conflicts.append(SequencingConflict(
                            high.id, ht, low.id, lt,
                            tuple(r for r in chain if not r.startswith("duration of"))))
    return conflicts
