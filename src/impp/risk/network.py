"""The plan's schedule network as flat arrays, ready for the sampling kernel.

The simulation builds its own network from the Plan (it does not need the
temporal engine): nodes are the timeline's events (declared events and each
task's ``.start`` / ``.end``) in topological order; a node's time is the
latest of its incoming edges:

- ``after`` links: ``pred.end -> task.start`` with the link's lag;
- requirements and estimates with ``min_days``: ``from -> to`` with
  ``min_days`` as the lag (they act as precedence: t(to) >= t(from) + min);
- each task's own duration: ``task.start -> task.end`` (sampled).

Criteria are targets, not rules the schedule obeys: they are only checked per
sample, as are the ``max_days`` of requirements (deadlines). Dated events
are fixed at their date's offset from day 0; an undated event with no
incoming edge is at day 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

import numpy as np
import numpy.typing as npt

from impp.exceptions import PlanInconsistentError
from impp.model.plan import Plan
from impp.model.timeline import Duration, Season

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

#: Distribution codes used by the kernel.
FIXED, TRIANGULAR, PERT, UNIFORM, LOGNORMAL = 0, 1, 2, 3, 4
_CODES = {"fixed": FIXED, "triangular": TRIANGULAR, "pert": PERT, "uniform": UNIFORM,
          "lognormal": LOGNORMAL}
#: Points of the quantile table that stands in for the PERT-beta inverse CDF.
PERT_TABLE = 1024
#: Years of season windows laid out after day 0 (tasks beyond run at normal pace).
SEASON_YEARS = 30
#: Tolerance (days) when checking a deadline: rounding must not fail a bound.
EPS = 1e-6


@dataclass(frozen=True)
class Check:
    """A constraint checked per sample: ``lo <= t(to) - t(from) <= hi``."""

    id: str
    kind: str
    src: int
    dst: int
    lo: float
    hi: float


@dataclass(frozen=True)
class Network:
    """The plan compiled to arrays (picklable: it travels to Dask workers).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> net = compile_plan(load_plan(carana_path()))
    >>> net.anchor, net.node_ids.index("tam.start") < net.node_ids.index("tam.end")
    (datetime.date(2026, 6, 1), True)
    """

    node_ids: tuple[str, ...]
    task_ids: tuple[str, ...]
    risk_ids: tuple[str, ...]
    #: Day 0 as a calendar date, when the plan has one.
    anchor: dt.date | None
    reference: str | None
    # -- nodes (topological order) --
    node_fixed: F64  # date offset of a dated event; NaN otherwise
    node_free: npt.NDArray[np.bool_]  # True where nothing schedules the event
    in_ptr: I64  # CSR of incoming edges per node
    in_src: I64
    in_lag: F64
    node_end_task: I64  # task index when the node is a task's end, else -1
    node_start_task: I64  # task index when the node is a task's start, else -1
    # -- tasks --
    task_start: I64
    task_end: I64
    dist: I64
    p1: F64  # min / mu
    p2: F64  # likely / sigma
    p3: F64  # max
    pert_row: I64  # row of the PERT quantile table, else -1
    pert_table: F64
    task_stream: I64  # random stream (tasks of one correlation group share it)
    task_uncertain: npt.NDArray[np.bool_]
    # -- risk events: occurrence streams, impact distribution, affected tasks --
    risk_prob: F64
    risk_factor: F64
    risk_dist: I64
    risk_p1: F64
    risk_p2: F64
    risk_p3: F64
    risk_pert_row: I64
    task_risk_ptr: I64  # CSR: risks affecting each task
    task_risk: I64
    # -- seasons: per task, a calendar of segments (start, end, time factor) --
    cal_ptr: I64
    cal_a: F64
    cal_b: F64
    cal_f: F64
    # -- checks --
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def n_nodes(self) -> int:
        """Number of events (declared and task start/end)."""
        return len(self.node_ids)

    @property
    def n_tasks(self) -> int:
        """Number of tasks."""
        return len(self.task_ids)

    @property
    def n_streams(self) -> int:
        """Random streams for task durations (one per task or correlation group)."""
        return int(self.task_stream.max()) + 1 if len(self.task_stream) else 0

    @property
    def seasons_applied(self) -> bool:
        """True when some task's duration depends on the calendar."""
        return len(self.cal_a) > 0


def _params(d: Duration) -> tuple[int, float, float, float]:
    code = _CODES[d.distribution]
    if code == FIXED:
        assert d.fixed is not None
        return code, d.fixed, d.fixed, d.fixed
    if code == LOGNORMAL:
        assert d.p10 is not None and d.p90 is not None
        z90 = 1.2815515655446004
        mu = (math.log(d.p10) + math.log(d.p90)) / 2
        sigma = (math.log(d.p90) - math.log(d.p10)) / (2 * z90)
        return code, mu, sigma, 0.0
    assert d.min is not None and d.max is not None
    likely = d.likely if d.likely is not None else (d.min + d.max) / 2
    if d.max - d.min < 1e-12:
        return FIXED, d.min, d.min, d.min
    return code, d.min, likely, d.max


def _pert_row(lo: float, mode: float, hi: float) -> F64:
    """Quantiles of the PERT-beta (alpha + beta = 6) at ``PERT_TABLE`` even steps."""
    from scipy.stats import beta

    alpha = 1 + 4 * (mode - lo) / (hi - lo)
    q = np.linspace(0.0, 1.0, PERT_TABLE)
    row: F64 = lo + (hi - lo) * beta.ppf(q, alpha, 6 - alpha)
    return row


def _day_offset(anchor: dt.date, date: dt.date) -> float:
    return float((date - anchor).days)


def season_windows(season: Season, anchor: dt.date) -> list[tuple[float, float]]:
    """The season's windows as ``[start, end)`` day offsets from ``anchor``.

    The ``end`` date is inclusive (the season runs to the end of that day).

    >>> s = Season(id="r", name="Rains", start="06-15", end="09-30")
    >>> season_windows(s, dt.date(2026, 6, 1))[1]
    (14.0, 122.0)
    """
    if not season.recurring:
        a = dt.date.fromisoformat(season.start)
        b = dt.date.fromisoformat(season.end) + dt.timedelta(days=1)
        return [(_day_offset(anchor, a), _day_offset(anchor, b))] if b > a else []
    sm, sd = (int(x) for x in season.start.split("-"))
    em, ed = (int(x) for x in season.end.split("-"))
    out: list[tuple[float, float]] = []
    for year in range(anchor.year - 1, anchor.year + SEASON_YEARS + 1):
        a = _safe_date(year, sm, sd)
        end_year = year + 1 if (em, ed) < (sm, sd) else year
        b = _safe_date(end_year, em, ed) + dt.timedelta(days=1)
        out.append((_day_offset(anchor, a), _day_offset(anchor, b)))
    return out


def _safe_date(year: int, month: int, day: int) -> dt.date:
    # 29 February in a common year falls back to the 28th.
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


def _calendar(
    factors: dict[str, float],
    blocked: tuple[str, ...],
    windows: dict[str, list[tuple[float, float]]],
) -> list[tuple[float, float, float]]:
    """Elementary segments where the task's pace differs from normal."""
    effects: list[tuple[float, float, float]] = []
    for sid, f in factors.items():
        effects += [(a, b, f) for a, b in windows[sid]]
    for sid in blocked:
        effects += [(a, b, math.inf) for a, b in windows[sid]]
    cuts = sorted({x for a, b, _ in effects for x in (a, b)})
    segments: list[tuple[float, float, float]] = []
    for a, b in itertools.pairwise(cuts):
        f = 1.0
        for ea, eb, ef in effects:
            if ea <= a and b <= eb:
                f = math.inf if math.isinf(ef) or math.isinf(f) else f * ef
        if f == 1.0:
            continue
        if segments and segments[-1][1] == a and segments[-1][2] == f:
            segments[-1] = (segments[-1][0], b, f)
        else:
            segments.append((a, b, f))
    return segments


def _anchor(plan: Plan) -> tuple[dt.date | None, str | None]:
    dated = {e.id: e.date for e in plan.events if e.date is not None}
    ref = plan.mission.reference_event
    if ref is not None and dated.get(ref) is not None:
        return dated[ref], ref
    if dated:
        first = min(dated, key=lambda k: dated[k])
        return dated[first], first
    return None, ref


def compile_plan(plan: Plan) -> Network:
    """Compile the plan's events, tasks, risk events and seasons to arrays.

    Raises :class:`~impp.exceptions.PlanInconsistentError` when the minimum
    gaps between events form a cycle (the schedule cannot run one way).
    """
    anchor, reference = _anchor(plan)
    task_index = {t.id: i for i, t in enumerate(plan.tasks)}
    names: list[str] = [e.id for e in plan.events]
    for t in plan.tasks:
        names += [f"{t.id}.start", f"{t.id}.end"]
    edges: dict[str, list[tuple[str, float]]] = {n: [] for n in names}
    order_graph: dict[str, set[str]] = {n: set() for n in names}
    for t in plan.tasks:
        order_graph[f"{t.id}.end"].add(f"{t.id}.start")
        for link in t.after:
            edges[f"{t.id}.start"].append((f"{link.task}.end", link.lag))
            order_graph[f"{t.id}.start"].add(f"{link.task}.end")
    dated = {e.id: e.date for e in plan.events if e.date is not None}
    for c in plan.constraints:
        if c.kind != "criterion" and c.min_days is not None and c.to not in dated:
            edges[c.to].append((c.from_, c.min_days))
            order_graph[c.to].add(c.from_)
    # Keep file order where the topology allows it: stable, readable output.
    position = {n: i for i, n in enumerate(names)}
    order = _stable_topo(order_graph, position)
    if len(order) < len(order_graph):
        try:  # some nodes never became ready: name the cycle
            TopologicalSorter(order_graph).prepare()
        except CycleError as exc:
            cycle = " -> ".join(reversed(exc.args[1]))
            raise PlanInconsistentError(
                explanation=(
                    f"the minimum gaps between events form a cycle: {cycle}; schedule risk "
                    "needs every 'after' link and min_days to point forward: remove or "
                    "reverse one"
                )
            ) from None
    index = {n: i for i, n in enumerate(order)}
    n = len(order)

    node_fixed = np.full(n, np.nan)
    for eid, date in dated.items():
        node_fixed[index[eid]] = (
            _day_offset(anchor, date) if anchor is not None and date is not None else 0.0
        )
    if anchor is None and reference is not None and reference in index:
        node_fixed[index[reference]] = 0.0
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    src: list[int] = []
    lag: list[float] = []
    for i, name in enumerate(order):
        if np.isnan(node_fixed[i]):
            for s, w in edges[name]:
                src.append(index[s])
                lag.append(w)
        in_ptr[i + 1] = len(src)
    node_end_task = np.full(n, -1, dtype=np.int64)
    node_start_task = np.full(n, -1, dtype=np.int64)
    # A declared event that nothing schedules (no date, no incoming gap) has no
    # time of its own, nor has anything that only follows such events.
    declared = {e.id for e in plan.events}
    free = np.zeros(n, dtype=np.bool_)
    for i, name in enumerate(order):
        if not np.isnan(node_fixed[i]):
            continue
        sources = [index[s] for s, _ in edges[name]]
        if name.endswith(".end") and name not in declared:
            sources.append(index[name[: -len(".end")] + ".start"])
        if sources:
            free[i] = all(free[j] for j in sources)
        else:
            free[i] = name in declared

    k = len(plan.tasks)
    task_start = np.zeros(k, dtype=np.int64)
    task_end = np.zeros(k, dtype=np.int64)
    dist = np.zeros(k, dtype=np.int64)
    p1, p2, p3 = np.zeros(k), np.zeros(k), np.zeros(k)
    pert_row = np.full(k, -1, dtype=np.int64)
    rows: list[F64] = []
    task_stream = np.zeros(k, dtype=np.int64)
    groups: dict[str, int] = {}
    for i, t in enumerate(plan.tasks):
        task_start[i], task_end[i] = index[f"{t.id}.start"], index[f"{t.id}.end"]
        node_start_task[task_start[i]] = i
        node_end_task[task_end[i]] = i
        dist[i], p1[i], p2[i], p3[i] = _params(t.duration)
        if dist[i] == PERT:
            pert_row[i] = len(rows)
            rows.append(_pert_row(p1[i], p2[i], p3[i]))
        if t.correlation_group is None:
            task_stream[i] = i
        else:
            task_stream[i] = groups.setdefault(t.correlation_group, i)
    task_uncertain = dist != FIXED

    events = [r for r in plan.risks if r.is_event]
    m = len(events)
    risk_prob = np.array([r.probability for r in events], dtype=np.float64)
    risk_factor = np.array(
        [r.impact_factor if r.impact_factor is not None else 1.0 for r in events],
        dtype=np.float64,
    )
    risk_dist = np.zeros(m, dtype=np.int64)
    rp1, rp2, rp3 = np.zeros(m), np.zeros(m), np.zeros(m)
    risk_pert_row = np.full(m, -1, dtype=np.int64)
    per_task: list[list[int]] = [[] for _ in range(k)]
    for j, r in enumerate(events):
        impact = r.impact_days if r.impact_days is not None else Duration(fixed=0)
        risk_dist[j], rp1[j], rp2[j], rp3[j] = _params(impact)
        if risk_dist[j] == PERT:
            risk_pert_row[j] = len(rows)
            rows.append(_pert_row(rp1[j], rp2[j], rp3[j]))
        for tid in r.affects:
            per_task[task_index[tid]].append(j)
    task_risk_ptr = np.zeros(k + 1, dtype=np.int64)
    for i in range(k):
        task_risk_ptr[i + 1] = task_risk_ptr[i] + len(per_task[i])
    task_risk = np.array([j for lst in per_task for j in lst], dtype=np.int64)

    cal_ptr = np.zeros(k + 1, dtype=np.int64)
    segs: list[tuple[float, float, float]] = []
    if anchor is not None:
        windows = {s.id: season_windows(s, anchor) for s in plan.seasons}
        for i, t in enumerate(plan.tasks):
            if t.season_factors or t.blocked_in:
                segs += _calendar(dict(t.season_factors), t.blocked_in, windows)
            cal_ptr[i + 1] = len(segs)
    else:
        cal_ptr[:] = 0

    checks: list[Check] = []
    for c in plan.constraints:
        if c.kind == "criterion" or (c.kind == "requirement" and c.max_days is not None):
            checks.append(
                Check(
                    c.id, c.kind, index[c.from_], index[c.to],
                    -math.inf if c.min_days is None else c.min_days,
                    math.inf if c.max_days is None else c.max_days,
                )
            )

    table = np.vstack(rows) if rows else np.zeros((0, PERT_TABLE))
    return Network(
        node_ids=tuple(order),
        task_ids=tuple(t.id for t in plan.tasks),
        risk_ids=tuple(r.id for r in events),
        anchor=anchor,
        reference=reference,
        node_fixed=node_fixed,
        node_free=free,
        in_ptr=in_ptr,
        in_src=np.array(src, dtype=np.int64),
        in_lag=np.array(lag, dtype=np.float64),
        node_end_task=node_end_task,
        node_start_task=node_start_task,
        task_start=task_start,
        task_end=task_end,
        dist=dist,
        p1=p1,
        p2=p2,
        p3=p3,
        pert_row=pert_row,
        pert_table=np.ascontiguousarray(table, dtype=np.float64),
        task_stream=task_stream,
        task_uncertain=task_uncertain,
        risk_prob=risk_prob,
        risk_factor=risk_factor,
        risk_dist=risk_dist,
        risk_p1=rp1,
        risk_p2=rp2,
        risk_p3=rp3,
        risk_pert_row=risk_pert_row,
        task_risk_ptr=task_risk_ptr,
        task_risk=task_risk,
        cal_ptr=cal_ptr,
        cal_a=np.array([s[0] for s in segs], dtype=np.float64),
        cal_b=np.array([s[1] for s in segs], dtype=np.float64),
        cal_f=np.array([s[2] for s in segs], dtype=np.float64),
        checks=tuple(checks),
    )


def _stable_topo(graph: dict[str, set[str]], position: dict[str, int]) -> list[str]:
    """Kahn's algorithm, always taking the ready node that comes first in the file."""
    import heapq

    succ: dict[str, list[str]] = {n: [] for n in graph}
    indeg = {n: len(p) for n, p in graph.items()}
    for n, preds in graph.items():
        for p in preds:
            succ[p].append(n)
    ready = [(position[n], n) for n, d in indeg.items() if d == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        _, n = heapq.heappop(ready)
        out.append(n)
        for s in succ[n]:
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(ready, (position[s], s))
    return out
