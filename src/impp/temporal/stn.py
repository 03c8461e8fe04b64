"""A simple temporal network (STN) as arrays, and the shortest-path kernels on it.

A constraint ``lo <= t(v) - t(u) <= hi`` is two edges of a *distance graph*:
``u -> v`` with weight ``hi`` and ``v -> u`` with weight ``-lo``. The network
is consistent iff the graph has no negative cycle; the latest time of ``x``
relative to a source ``s`` is the shortest distance ``d(s, x)`` and its
earliest time is ``-d(x, s)`` (Dechter, Meiri and Pearl, 1991).

Why arrays and numba rather than networkx: plans edited interactively and the
benchmark's 100k-event networks need the whole check in well under a second.
The graph is held in compressed sparse rows (CSR), built by a counting sort
in O(n + m): out-edges at once, in-edges on first use, since a consistency
check needs only the out-edges (a stable numpy sort cost ten times more and
was most of the time to check a 10k-event network). The kernel is a
queue-based Bellman-Ford (SPFA, FIFO) with
*amortized* negative-cycle detection: every ``n`` relaxations the parent graph
is searched for a cycle, which exists once a negative cycle is being chased
(Cherkassky and Goldberg, "Negative-cycle detection algorithms", 1999).
Networks of :data:`COMPILE_FROM` points or more run the kernels compiled by
numba (``cache=True`` keeps the machine code on disk); smaller ones run the
same functions as plain Python, which is faster than importing numba and
loading the machine code for the 60-point network of a 30-task plan.

>>> net = STN.from_edges(3, [0, 1, 1], [1, 2, 0], [10.0, 5.0, -3.0])
>>> net.negative_cycle() is None
True
>>> latest = net.distances(0)
>>> [float(x) for x in latest]
[0.0, 10.0, 15.0]
>>> bad = STN.from_edges(2, [0, 1], [1, 0], [3.0, -5.0])
>>> bad.negative_cycle()
[0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from impp.exceptions import ImppError
from impp.jit import compile_in_place

#: Slack below which two times count as equal (durations may be fractional).
EPS = 1e-9

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

#: Networks with at least this many points use the compiled kernels.
COMPILE_FROM = 1500


# -- kernels -------------------------------------------------------------------


def _parent_cycle(n: int, parent: Any, tail: Any, stamp: Any) -> int:  # pragma: no cover
    """A node on a cycle of the parent graph, or -1 (stamps walks; O(n))."""
    for i in range(n):
        stamp[i] = -1
    for i in range(n):
        x = i
        while stamp[x] == -1:
            stamp[x] = i
            pe = parent[x]
            if pe < 0:
                break
            x = tail[pe]
        else:
            if stamp[x] == i:
                return x
    return -1


def _spfa(  # pragma: no cover
    ptr: Any, nbr: Any, wt: Any, eid: Any, tail: Any, dist: Any, parent: Any
) -> int:
    """Shortest distances from every node with a finite ``dist`` (FIFO queue).

    ``dist`` is updated in place; ``parent[x]`` is the id of the edge that
    last lowered ``x``. Returns -1, or a node on a negative cycle.
    """
    n = dist.shape[0]
    queue = np.empty(n + 1, dtype=np.int64)
    inq = np.zeros(n, dtype=np.bool_)
    stamp = np.empty(n, dtype=np.int64)
    head = 0
    size = 0
    for x in range(n):
        if dist[x] < np.inf:
            queue[(head + size) % (n + 1)] = x
            size += 1
            inq[x] = True
    relaxations = 0
    while size > 0:
        u = queue[head]
        head = (head + 1) % (n + 1)
        size -= 1
        inq[u] = False
        du = dist[u]
        for k in range(ptr[u], ptr[u + 1]):
            v = nbr[k]
            nd = du + wt[k]
            if nd < dist[v] - 1e-9:
                dist[v] = nd
                parent[v] = eid[k]
                relaxations += 1
                if relaxations >= n:
                    relaxations = 0
                    c = _parent_cycle(n, parent, tail, stamp)
                    if c >= 0:
                        return c
                if not inq[v]:
                    queue[(head + size) % (n + 1)] = v
                    size += 1
                    inq[v] = True
    return -1


def _propagate(  # pragma: no cover
    ptr: Any, nbr: Any, wt: Any, xs: Any, xd: Any, xw: Any, k_extra: int,
    dist: Any, start: int, value: float, stop: int,
    mark: Any, gen: int, saved: Any, touched: Any,
) -> tuple[bool, int]:
    """Lower ``dist[start]`` to ``value`` after one edge was added, and propagate.

    Scans the CSR rows and the ``k_extra`` edges added since. Every node whose
    value changes is recorded once (``touched``, its old value in ``saved``;
    ``mark`` holds ``gen`` for those) so that the caller can roll back.
    Returns (reached ``stop``, number touched): lowering ``stop`` (the new
    edge's tail) means the new edge closes a negative cycle.
    """
    n = dist.shape[0]
    queue = np.empty(n + 1, dtype=np.int64)
    inq = np.zeros(n, dtype=np.bool_)
    touched[0] = start
    saved[0] = dist[start]
    mark[start] = gen
    count = 1
    dist[start] = value
    head = 0
    size = 1
    queue[0] = start
    inq[start] = True
    while size > 0:
        u = queue[head]
        head = (head + 1) % (n + 1)
        size -= 1
        inq[u] = False
        du = dist[u]
        for j in range(ptr[u], ptr[u + 1] + k_extra):
            if j < ptr[u + 1]:
                v = nbr[j]
                nd = du + wt[j]
            else:
                e = j - ptr[u + 1]
                if xs[e] != u:
                    continue
                v = xd[e]
                nd = du + xw[e]
            if nd < dist[v] - 1e-9:
                if v == stop:
                    return True, count
                if mark[v] != gen:
                    mark[v] = gen
                    touched[count] = v
                    saved[count] = dist[v]
                    count += 1
                dist[v] = nd
                if not inq[v]:
                    queue[(head + size) % (n + 1)] = v
                    size += 1
                    inq[v] = True
    return False, count


_KERNELS = ("_parent_cycle", "_spfa", "_propagate", "_csr_kernel")
#: The plain-Python kernels, kept when the module's names are compiled.
_PLAIN: dict[str, Any] = {}
_compiled = False


def _kernel(name: str, n: int) -> Any:
    """The kernel ``name`` for a network of ``n`` points: compiled when it pays."""
    global _compiled
    if not _PLAIN:
        _PLAIN.update((k, globals()[k]) for k in _KERNELS)
    if n < COMPILE_FROM:
        return _PLAIN[name]
    if not _compiled:
        compile_in_place(globals(), _KERNELS)
        _compiled = True
    return globals()[name]


# -- the network ---------------------------------------------------------------


def _csr_kernel(n: int, rows: Any, cols: Any, weight: Any) -> Any:  # pragma: no cover
    """Counting sort of the edges by ``rows``; stable, so ties keep edge order."""
    m = rows.shape[0]
    ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(m):
        ptr[rows[i] + 1] += 1
    for x in range(n):
        ptr[x + 1] += ptr[x]
    fill = ptr[:n].copy()
    nbr = np.empty(m, dtype=np.int64)
    wt = np.empty(m, dtype=np.float64)
    eid = np.empty(m, dtype=np.int64)
    for i in range(m):
        r = rows[i]
        k = fill[r]
        fill[r] = k + 1
        nbr[k] = cols[i]
        wt[k] = weight[i]
        eid[k] = i
    return ptr, nbr, wt, eid


def _csr(n: int, rows: I64, cols: I64, weight: F64) -> tuple[I64, I64, F64, I64]:
    """Rows ``ptr``, then per edge its other end, weight and id, grouped by row."""
    ptr, nbr, wt, eid = _kernel("_csr_kernel", n)(n, rows, cols, weight)
    return ptr, nbr, wt, eid


@dataclass(frozen=True, eq=False)
class STN:
    """A distance graph on ``n`` time points, as arrays; immutable.

    Build it with :meth:`from_edges` (edge ``i`` says ``t(dst[i]) - t(src[i])
    <= weight[i]``); edge ids are positions in those lists, so callers can map
    a cycle back to the rules that made it.

    >>> STN.from_edges(2, [0], [1], [4.0]).m
    1
    """

    n: int
    src: I64
    dst: I64
    weight: F64
    _fwd: tuple[I64, I64, F64, I64] = field(repr=False)

    @cached_property
    def _rev(self) -> tuple[I64, I64, F64, I64]:
        """In-edges as CSR, built on first use (a consistency check needs none)."""
        return _csr(self.n, self.dst, self.src, self.weight)

    @classmethod
    def from_edges(
        cls, n: int, src: Any, dst: Any, weight: Any
    ) -> STN:
        """A network of ``n`` points and the edges ``t(dst) - t(src) <= weight``.

        >>> STN.from_edges(3, [0, 1], [1, 2], [1.0, 2.0]).n
        3
        """
        s = np.asarray(src, dtype=np.int64).reshape(-1)
        d = np.asarray(dst, dtype=np.int64).reshape(-1)
        w = np.asarray(weight, dtype=np.float64).reshape(-1)
        if not (len(s) == len(d) == len(w)):
            raise ValueError("src, dst and weight must have the same length")
        if len(s) and (min(s.min(), d.min()) < 0 or max(s.max(), d.max()) >= n):
            raise ValueError(f"edge endpoints must be between 0 and {n - 1}")
        if np.isnan(w).any():
            raise ValueError("edge weights must be numbers (not NaN)")
        return cls(n, s, d, w, _csr(n, s, d, w))

    @property
    def m(self) -> int:
        """The number of edges."""
        return len(self.src)

    def with_weight(self, edge: int, weight: float) -> STN:
        """The same network with one edge's weight changed (for what-if checks).

        >>> STN.from_edges(2, [0, 1], [1, 0], [3.0, -5.0]).with_weight(1, -3.0).negative_cycle()
        """
        w = self.weight.copy()
        w[edge] = weight
        return STN.from_edges(self.n, self.src, self.dst, w)

    def without(self, edges: Any) -> STN:
        """The same network less some edges (their ids are renumbered).

        >>> STN.from_edges(2, [0, 1], [1, 0], [3.0, -5.0]).without([1]).m
        1
        """
        keep = np.ones(self.m, dtype=bool)
        keep[np.asarray(list(edges), dtype=np.int64)] = False
        return STN.from_edges(self.n, self.src[keep], self.dst[keep], self.weight[keep])

    # -- queries -----------------------------------------------------------------

    def _run(self, init: F64, reverse: bool) -> tuple[F64, I64, int]:
        ptr, nbr, wt, eid = self._rev if reverse else self._fwd
        tail = self.dst if reverse else self.src
        dist = init.astype(np.float64, copy=True)
        parent = np.full(self.n, -1, dtype=np.int64)
        spfa = _kernel("_spfa", self.n)
        node = int(spfa(ptr, nbr, wt, eid, tail, dist, parent)) if self.n else -1
        return dist, parent, node

    def _cycle(self, parent: I64, node: int, reverse: bool) -> list[int]:
        """Walk parent edges from a node on a cycle; edges in forward order."""
        tail = self.dst if reverse else self.src
        edges: list[int] = []
        x = node
        while True:
            e = int(parent[x])
            edges.append(e)
            x = int(tail[e])
            if x == node:
                break
        if not reverse:
            edges.reverse()
        return edges

    def potential(self) -> tuple[F64, list[int] | None]:
        """A feasible solution (every constraint holds), or a negative cycle.

        The solution is shortest distances from a virtual source joined to
        every point with weight 0; the cycle is a list of edge ids, each edge's
        head being the next one's tail.

        >>> p, cycle = STN.from_edges(2, [0, 1], [1, 0], [3.0, -1.0]).potential()
        >>> cycle is None and bool(p[1] - p[0] <= 3.0)
        True
        """
        dist, parent, node = self._run(np.zeros(self.n), reverse=False)
        if node >= 0:
            return dist, self._cycle(parent, node, reverse=False)
        return dist, None

    def negative_cycle(self) -> list[int] | None:
        """None when the network is consistent, else the edge ids of a negative cycle.

        >>> STN.from_edges(3, [0, 1, 2], [1, 2, 0], [1.0, 1.0, -3.0]).negative_cycle()
        [0, 1, 2]
        """
        return self.potential()[1]

    def distances(
        self, source: int, reverse: bool = False, bound: float | None = None
    ) -> F64:
        """Shortest distances from ``source`` (``reverse``: to it); inf where none.

        ``bound`` adds an edge of that weight from the source to every point
        (to it, when reversed): "nothing later than ``bound``". Raises
        :class:`NegativeCycleError` when a negative cycle is in the way.

        >>> [float(x) for x in STN.from_edges(2, [0], [1], [4.0]).distances(1, reverse=True)]
        [4.0, 0.0]
        """
        init = np.full(self.n, np.inf if bound is None else float(bound))
        init[source] = 0.0
        dist, parent, node = self._run(init, reverse)
        if node >= 0:
            raise NegativeCycleError(self._cycle(parent, node, reverse))
        return dist

    def shortest_path(self, a: int, b: int) -> tuple[float, list[int]]:
        """The shortest distance from ``a`` to ``b`` and its edges (inf, [] if none).

        >>> STN.from_edges(3, [0, 1], [1, 2], [1.0, 2.0]).shortest_path(0, 2)
        (3.0, [0, 1])
        """
        init = np.full(self.n, np.inf)
        init[a] = 0.0
        dist, parent, node = self._run(init, reverse=False)
        if node >= 0:
            raise NegativeCycleError(self._cycle(parent, node, reverse=False))
        if dist[b] == np.inf:
            return float("inf"), []
        edges: list[int] = []
        x = b
        while x != a:
            e = int(parent[x])
            edges.append(e)
            x = int(self.src[e])
        edges.reverse()
        return float(dist[b]), edges

    def earliest_latest(self, source: int) -> tuple[F64, F64]:
        """Earliest and latest time of every point relative to ``source``.

        ``-inf``/``inf`` where nothing bounds a point. Raises
        :class:`NegativeCycleError` when the network is inconsistent (any
        negative cycle, reachable from the source or not).

        >>> e, l = STN.from_edges(2, [0, 1], [1, 0], [10.0, -3.0]).earliest_latest(0)
        >>> float(e[1]), float(l[1])
        (3.0, 10.0)
        """
        _, cycle = self.potential()
        if cycle is not None:
            raise NegativeCycleError(cycle)
        latest = self.distances(source)
        earliest = -self.distances(source, reverse=True)
        return earliest, latest


class NegativeCycleError(ImppError, ValueError):
    """The network is inconsistent; ``cycle`` holds the edge ids of a negative cycle.

    In the error tree (an :class:`~impp.exceptions.ImppError`): where no caller
    explains the cycle, a command says what it means instead of a traceback.
    """

    def __init__(self, cycle: list[int]) -> None:
        super().__init__(
            f"the plan's rules cannot all hold (a cycle of {len(cycle)} rules, edges "
            f"{cycle}): `impp timeline` names the rules and what would fix them")
        self.cycle = cycle


class IncrementalSTN:
    """A consistent network that takes one more edge at a time, cheaply.

    Adding ``u -> v`` (weight ``w``) only propagates from ``v`` when
    ``p[u] + w < p[v]`` for the feasible solution ``p`` held; reaching ``u``
    again means the new edge closes a negative cycle, and the edge is refused
    (the network stays as it was). Distances from a source, when asked for,
    are kept up to date the same way.

    >>> inc = IncrementalSTN(STN.from_edges(2, [0], [1], [10.0]), source=0)
    >>> inc.add_edge(1, 0, -3.0)      # t1 >= t0 + 3
    True
    >>> inc.add_edge(0, 1, 2.0)       # t1 <= t0 + 2: cannot hold with the above
    False
    >>> float(inc.earliest[1]), float(inc.latest[1])
    (3.0, 10.0)
    """

    def __init__(self, net: STN, source: int | None = None) -> None:
        p, cycle = net.potential()
        if cycle is not None:
            raise NegativeCycleError(cycle)
        self.net = net
        self.potential = p
        self.source = source
        self._fwd_dist = net.distances(source) if source is not None else None
        self._rev_dist = net.distances(source, reverse=True) if source is not None else None
        cap = 16
        self._xs = np.empty(cap, dtype=np.int64)
        self._xd = np.empty(cap, dtype=np.int64)
        self._xw = np.empty(cap, dtype=np.float64)
        self._k = 0
        self._touched = np.empty(net.n, dtype=np.int64)
        self._saved = np.empty(net.n, dtype=np.float64)
        self._mark = np.zeros(net.n, dtype=np.int64)
        self._gen = 0

    @property
    def latest(self) -> F64:
        """Latest times relative to the source (``inf`` where unbounded)."""
        if self._fwd_dist is None:
            raise ValueError("no source was given")
        return self._fwd_dist

    @property
    def earliest(self) -> F64:
        """Earliest times relative to the source (``-inf`` where unbounded)."""
        if self._rev_dist is None:
            raise ValueError("no source was given")
        return -self._rev_dist

    def _push(self, dist: F64, u: int, v: int, w: float, reverse: bool) -> tuple[bool, int]:
        ptr, nbr, wt, _ = self.net._rev if reverse else self.net._fwd
        xs, xd = (self._xd, self._xs) if reverse else (self._xs, self._xd)
        a, b = (v, u) if reverse else (u, v)
        if not dist[a] + w < dist[b] - EPS:
            return False, 0
        self._gen += 1
        hit, count = _kernel("_propagate", self.net.n)(
            ptr, nbr, wt, xs, xd, self._xw, self._k, dist, b, dist[a] + w, a,
            self._mark, self._gen, self._saved, self._touched,
        )
        return bool(hit), int(count)

    def _undo(self, dist: F64, count: int) -> None:
        idx = self._touched[:count]
        dist[idx] = self._saved[:count]

    def add_edge(self, u: int, v: int, w: float) -> bool:
        """Add ``t(v) - t(u) <= w``; True if the network stays consistent.

        When it would not, nothing changes and False is returned.
        """
        cycle, count = self._push(self.potential, u, v, w, reverse=False)
        if cycle:
            self._undo(self.potential, count)
            return False
        if self._k == len(self._xs):
            for name in ("_xs", "_xd", "_xw"):
                old = getattr(self, name)
                grown = np.empty(2 * len(old), dtype=old.dtype)
                grown[: len(old)] = old
                setattr(self, name, grown)
        if self._fwd_dist is not None and self._rev_dist is not None:
            self._push(self._fwd_dist, u, v, w, reverse=False)
            self._push(self._rev_dist, u, v, w, reverse=True)
        self._xs[self._k], self._xd[self._k], self._xw[self._k] = u, v, w
        self._k += 1
        return True

    def add_constraint(
        self, u: int, v: int, min_days: float | None = None, max_days: float | None = None
    ) -> bool:
        """Add ``min_days <= t(v) - t(u) <= max_days``; True if it can hold.

        Both bounds are added or neither.

        >>> inc = IncrementalSTN(STN.from_edges(3, [0, 1], [1, 2], [5.0, 5.0]))
        >>> inc.add_constraint(0, 2, min_days=11)
        False
        >>> inc.add_constraint(0, 2, min_days=1, max_days=9)
        True
        """
        if max_days is None or min_days is None:
            if max_days is not None:
                return self.add_edge(u, v, float(max_days))
            return min_days is None or self.add_edge(v, u, -float(min_days))
        # Two edges: keep copies so that a refusal of the second undoes the first.
        saved = (self.potential.copy(), self._fwd_dist, self._rev_dist, self._k)
        fwd = None if self._fwd_dist is None else self._fwd_dist.copy()
        rev = None if self._rev_dist is None else self._rev_dist.copy()
        if not self.add_edge(u, v, float(max_days)):
            return False
        if self.add_edge(v, u, -float(min_days)):
            return True
        self.potential, self._k = saved[0], saved[3]
        self._fwd_dist, self._rev_dist = fwd, rev
        return False
