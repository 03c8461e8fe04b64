"""A scheduling instance: what the CP-SAT model and the heuristic both read.

Deployment and RCPSP (PSPLIB) are the same kind of problem: activities with
one or more *modes* (a way of doing it: which lift, how many assets), each
mode occupying some units of renewable resources for its ``duration`` and
completing ``lag`` days after it starts; finish-to-start precedences;
release dates; forbidden windows (a road leg cannot run in the rainy season);
and resources whose capacity drops outside their availability windows.
The objective is a list of *milestones* minimised lexicographically, each the
latest completion of a set of activities (RCPSP: one milestone, the makespan;
deployment: FOC then IOC, or IOC then FOC).

Everything is integer days. The instance is plain data: no solver, no plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mode:
    """One way to carry out an activity.

    ``duration``: days the resources are held, from the start.
    ``lag``: days from the start until the activity is complete (for a lift
    leg, the last load's arrival; for an RCPSP activity, its duration).
    ``demands``: ``(resource index, amount)`` held during ``duration``.
    ``windows``: ``(start, end)`` day ranges the activity may not overlap
    (``[start, start + max(duration, lag))`` must miss each of them).
    ``label``: what the mode means to a reader (route, lift, assets).
    """

    duration: int
    lag: int
    demands: tuple[tuple[int, int], ...] = ()
    windows: tuple[tuple[int, int], ...] = ()
    label: str = ""

    @property
    def span(self) -> int:
        """Days from the start during which the activity is under way."""
        return max(self.duration, self.lag)


@dataclass(frozen=True)
class Activity:
    """Something to schedule: its name, its modes and its release date."""

    name: str
    modes: tuple[Mode, ...]
    release: int = 0


#: The end of a withdrawal of capacity that is for good (an asset that leaves
#: the mission): later than any schedule's last day.
FOREVER = 10**6


@dataclass(frozen=True)
class Instance:
    """A scheduling problem (see the module docstring).

    >>> inst = Instance(
    ...     activities=(Activity("a", (Mode(3, 3, ((0, 1),)),)),
    ...                 Activity("b", (Mode(2, 2, ((0, 1),)),))),
    ...     capacities=(1,), precedences=(), milestones=((0, 1),))
    >>> inst.trivial_horizon()
    5
    """

    activities: tuple[Activity, ...]
    capacities: tuple[int, ...]
    #: ``(i, j)``: activity ``j`` starts no earlier than ``i`` completes.
    precedences: tuple[tuple[int, int], ...]
    #: Activity index sets; minimised lexicographically, first one first.
    milestones: tuple[tuple[int, ...], ...]
    #: ``(resource, start, end, amount)``: capacity withdrawn during ``[start, end)``
    #: (``end`` at :data:`FOREVER` or later: for good).
    unavailable: tuple[tuple[int, int, int, int], ...] = ()
    resource_names: tuple[str, ...] = field(default=())
    #: Per milestone, a day it may not pass (``None``: no bound): a what-if
    #: asks for the best schedule that makes no milestone later than now.
    milestone_bounds: tuple[int | None, ...] = ()

    def trivial_horizon(self) -> int:
        """A horizon long enough for any schedule that runs activities one by one.

        Activities run one after another in each one's longest mode, after
        every release, window and withdrawal of capacity that ends (waiting
        out one for good gains nothing).
        """
        total = sum(max(m.span for m in a.modes) for a in self.activities)
        late = max([a.release for a in self.activities] + [0])
        for a in self.activities:
            for m in a.modes:
                for _, end in m.windows:
                    late = max(late, end)
        for _, _, end, _ in self.unavailable:
            if end < FOREVER:
                late = max(late, end)
        return total + late

    def successors(self) -> list[list[int]]:
        """For each activity, the activities that follow it."""
        succ: list[list[int]] = [[] for _ in self.activities]
        for i, j in self.precedences:
            succ[i].append(j)
        return succ

    def predecessors(self) -> list[list[int]]:
        """For each activity, the activities it follows."""
        pred: list[list[int]] = [[] for _ in self.activities]
        for i, j in self.precedences:
            pred[j].append(i)
        return pred

    def earliest_completions(self) -> list[int]:
        """Earliest completion of each activity ignoring resources (shortest modes).

        >>> inst = Instance((Activity("a", (Mode(3, 3),)), Activity("b", (Mode(2, 2),))),
        ...                 (), ((0, 1),), ((1,),))
        >>> inst.earliest_completions()
        [3, 5]
        """
        order = topological_order(len(self.activities), self.precedences)
        pred = self.predecessors()
        done = [0] * len(self.activities)
        for j in order:
            start = max([self.activities[j].release] + [done[i] for i in pred[j]])
            done[j] = start + min(m.lag for m in self.activities[j].modes)
        return done

    def tails(self) -> list[int]:
        """Shortest time from each activity's start to the end of every chain after it.

        >>> inst = Instance((Activity("a", (Mode(3, 3),)), Activity("b", (Mode(2, 2),))),
        ...                 (), ((0, 1),), ((1,),))
        >>> inst.tails()
        [5, 2]
        """
        order = topological_order(len(self.activities), self.precedences)
        succ = self.successors()
        tail = [0] * len(self.activities)
        for i in reversed(order):
            after = max([tail[j] for j in succ[i]] + [0])
            tail[i] = min(m.lag for m in self.activities[i].modes) + after
        return tail


def topological_order(n: int, precedences: tuple[tuple[int, int], ...]) -> list[int]:
    """Activities in an order where every predecessor comes first (smallest index first).

    Raises ``ValueError`` naming an activity on a cycle.

    >>> topological_order(3, ((2, 0), (0, 1)))
    [2, 0, 1]
    """
    import heapq

    indeg = [0] * n
    succ: list[list[int]] = [[] for _ in range(n)]
    for i, j in precedences:
        succ[i].append(j)
        indeg[j] += 1
    ready = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                heapq.heappush(ready, j)
    if len(order) != n:
        stuck = next(i for i in range(n) if indeg[i] > 0)
        raise ValueError(f"the precedences form a cycle through activity {stuck + 1}")
    return order
