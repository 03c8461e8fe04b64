"""Monte Carlo schedule risk: run the kernel in chunks, locally or on Dask, and sum.

Memory is bounded whatever the number of samples: a chunk keeps only integer
counts (a histogram per event, criteria met, critical-path counts) and the
per-sample outcome of each criterion for the first ``sensitivity_samples``
samples. Percentiles come from the histograms; the histogram of each event
spans its range in a pilot run of the first samples (widened by a tenth of
that range and a day on each side) in up to ``MAX_BINS`` bins, and the exact minimum and
maximum place whatever falls outside. Rank correlations (sensitivity) use
the first ``sensitivity_samples`` samples: these are a fixed, uniformly
random subset (draws do not depend on the index), the same for any chunking.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from impp.model.plan import Plan
from impp.risk.network import Network, compile_plan
from impp.risk.result import CheckRisk, Distribution, DriverRisk, EventRisk, RiskResult

#: Bins per event histogram, at most (plus one below and one above). Few
#: enough that a node's row stays in cache while a block of samples is
#: counted; linear interpolation inside a bin keeps percentiles smooth.
MAX_BINS = 256
#: Finest bin width, in days.
MIN_WIDTH = 1 / 32
#: Samples in the pilot run that sets the histogram ranges.
PILOT = 2048
#: Samples per chunk when none is given.
CHUNK = 65_536


class Executor(Protocol):
    """Anything with ``submit(fn, *args) -> future`` (a Dask ``Client`` qualifies)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


@dataclass(frozen=True)
class Layout:
    """Where each event's histogram bins lie (fixed before the run)."""

    lo: npt.NDArray[np.float64]
    inv: npt.NDArray[np.float64]
    nb: npt.NDArray[np.int64]
    off: npt.NDArray[np.int64]

    @property
    def size(self) -> int:
        """Total number of bins, outer bins included."""
        return int(self.off[-1] + self.nb[-1] + 2) if len(self.off) else 0


@dataclass
class Partial:
    """Counts from some samples; partials add up to the whole run."""

    hist: npt.NDArray[np.int64]
    tmin: npt.NDArray[np.float64]
    tmax: npt.NDArray[np.float64]
    met: npt.NDArray[np.int64]
    crit: npt.NDArray[np.int64]
    crit_chk: npt.NDArray[np.int64]
    start: int
    sub_out: npt.NDArray[np.float64]

    def add(self, other: Partial) -> None:
        """Add another partial's counts into this one."""
        self.hist += other.hist
        np.minimum(self.tmin, other.tmin, out=self.tmin)
        np.maximum(self.tmax, other.tmax, out=self.tmax)
        self.met += other.met
        self.crit += other.crit
        self.crit_chk += other.crit_chk


#: Networks of at most this many nodes (events and task ends) are simulated
#: by the numpy form of the kernel (:mod:`impp.risk.vector`, the same numbers):
#: below it, importing numba and loading the compiled kernel costs more than
#: the simulation saves (``benchmarks/risk_paths.py`` measures both).
VECTOR_NODES = 400


def _kernel(net: Network) -> Any:
    """The kernel for ``net``: numpy for small networks, else numba (imported on
    first use: reading results needs neither)."""
    if net.n_nodes <= VECTOR_NODES:
        from impp.risk import vector

        return vector
    from impp.risk import kernel

    return kernel


def _run(
    net: Network, layout: Layout | None, seed: int, start: int, n: int, subset: int,
    parallel: bool, raw: npt.NDArray[np.float64] | None = None,
) -> Partial:
    kernel = _kernel(net)
    threads = kernel.threads() if parallel else 1
    threads = max(1, min(threads, (n + kernel.BLOCK - 1) // kernel.BLOCK))
    nodes, tasks, checks = net.n_nodes, net.n_tasks, len(net.checks)
    size = layout.size if layout is not None else 0
    hist = np.zeros((threads, size), dtype=np.int32)
    tmin = np.full((threads, nodes), np.inf)
    tmax = np.full((threads, nodes), -np.inf)
    met = np.zeros((threads, checks), dtype=np.int64)
    crit = np.zeros((threads, tasks), dtype=np.int64)
    crit_chk = np.zeros((threads, checks, tasks), dtype=np.int64)
    # Outcomes are written at their sample index: keep only this chunk's part.
    sub_hi = min(subset, start + n)
    sub_out = np.zeros((checks, max(sub_hi, 0)))
    empty_f = np.zeros(0)
    empty_i = np.zeros(0, dtype=np.int64)
    fn = kernel.run_parallel if parallel else kernel.run_serial
    fn(
        seed, start, n, threads, *kernel.chunk_arrays(net),
        layout.lo if layout else empty_f, layout.inv if layout else empty_f,
        layout.nb if layout else empty_i, layout.off if layout else empty_i,
        hist, tmin, tmax, met, crit, crit_chk,
        sub_hi, sub_out, raw if raw is not None else np.zeros((0, 0)),
        raw is not None, layout is not None,
    )
    return Partial(
        hist.sum(axis=0, dtype=np.int64), tmin.min(axis=0), tmax.max(axis=0), met.sum(axis=0),
        crit.sum(axis=0), crit_chk.sum(axis=0), start,
        sub_out[:, start:] if start < sub_hi else np.zeros((checks, 0)),
    )


def run_chunk(
    net: Network, layout: Layout, seed: int, start: int, n: int, subset: int,
    parallel: bool = False,
) -> Partial:
    """Counts for samples ``start .. start + n - 1`` (what a Dask task runs)."""
    return _run(net, layout, seed, start, n, subset, parallel)


def sample_times(net: Network, samples: int, seed: int, start: int = 0
                 ) -> npt.NDArray[np.float64]:
    """Every event's time in each sample: an array ``(events, samples)``.

    For tests and small runs (memory grows with ``samples``); rows follow
    ``net.node_ids``.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> net = compile_plan(load_plan(carana_path()))
    >>> sample_times(net, 3, seed=1).shape == (net.n_nodes, 3)
    True
    """
    raw = np.empty((net.n_nodes, samples))
    _run(net, None, seed, start, samples, 0, True, raw)
    return raw


def layout_from_pilot(net: Network, seed: int, samples: int) -> Layout:
    """Histogram ranges from the first samples (independent of any chunking)."""
    raw = sample_times(net, min(samples, PILOT), seed)
    lo_t, hi_t = raw.min(axis=1), raw.max(axis=1)
    n = net.n_nodes
    lo = np.empty(n)
    inv = np.empty(n)
    nb = np.empty(n, dtype=np.int64)
    for j in range(n):
        span = hi_t[j] - lo_t[j]
        if span < 1e-9:
            # No bins: every sample falls outside, where exact extremes are kept.
            lo[j], width, nb[j] = lo_t[j], 1.0, 0
        else:
            margin = 0.1 * span + 1.0
            lo[j] = lo_t[j] - margin
            full = span + 2 * margin
            nb[j] = min(MAX_BINS, math.ceil(full / MIN_WIDTH))
            width = full / nb[j]
        inv[j] = 1.0 / width
    off = np.zeros(n, dtype=np.int64)
    if n:
        off[1:] = np.cumsum(nb[:-1] + 2)
    return Layout(lo, inv, nb, off)


def simulate(
    plan: Plan,
    samples: int = 10_000,
    seed: int = 0,
    chunk_size: int = CHUNK,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
    sensitivity_samples: int = 10_000,
) -> RiskResult:
    """Sample the plan's schedule ``samples`` times and summarise the odds.

    The same ``seed`` gives the same numbers for any ``chunk_size`` and any
    ``executor`` (``None``: this machine's threads; a Dask ``Client``: its
    workers). ``progress`` is called with the number of samples done after
    each chunk.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> r = simulate(load_plan(carana_path()), samples=2000, seed=0)
    >>> 0 <= r.criteria["deployment_within_90"].probability <= 1
    True
    >>> r.events["agreement_signed"].percentile(0.8)
    0.0
    """
    for name, value, least in (("samples", samples, 1), ("chunk_size", chunk_size, 1),
                               ("seed", seed, 0), ("sensitivity_samples",
                                                   sensitivity_samples, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")
    if seed >= 2**63:
        raise ValueError(f"seed must be below 2**63, not {seed}")
    if chunk_size >= 2**31:
        raise ValueError(f"chunk_size must be below 2**31, not {chunk_size}")
    net = compile_plan(plan)
    layout = layout_from_pilot(net, seed, samples)
    subset = min(samples, sensitivity_samples)
    starts = list(range(0, samples, chunk_size))
    total: Partial | None = None
    outcomes = np.zeros((len(net.checks), subset))

    def take(part: Partial) -> None:
        nonlocal total
        width = part.sub_out.shape[1]
        if width:
            outcomes[:, part.start:part.start + width] = part.sub_out
        if total is None:
            total = part
        else:
            total.add(part)
        if progress is not None:
            progress(min(chunk_size, samples - part.start))

    if executor is None:
        for s in starts:
            take(_run(net, layout, seed, s, min(chunk_size, samples - s), subset, True))
    else:
        futures = [
            executor.submit(run_chunk, net, layout, seed, s, min(chunk_size, samples - s),
                            subset)
            for s in starts
        ]
        for fut in futures:
            take(fut.result())
    assert total is not None
    return _summarise(plan, net, layout, total, outcomes, samples, seed)


def _summarise(
    plan: Plan, net: Network, layout: Layout, total: Partial,
    outcomes: npt.NDArray[np.float64], samples: int, seed: int,
) -> RiskResult:
    names: dict[str, str] = {e.id: e.name for e in plan.events}
    for t in plan.tasks:
        names[f"{t.id}.start"] = f"{t.name} (start)"
        names[f"{t.id}.end"] = f"{t.name} (end)"
    events: dict[str, EventRisk] = {}
    position = {n: i for i, n in enumerate(net.node_ids)}
    for eid in names:
        j = position[eid]
        if net.node_free[j]:
            continue
        a, nb = int(layout.off[j]), int(layout.nb[j])
        counts = total.hist[a:a + nb + 2].copy()
        width = 1.0 / float(layout.inv[j])
        inner = np.flatnonzero(counts[1:-1])
        low, high = float(total.tmin[j]), float(total.tmax[j])
        if counts[0] == 0 and len(inner):
            low = float(layout.lo[j]) + width * float(inner[0])
        if counts[-1] == 0 and len(inner):
            high = float(layout.lo[j]) + width * float(inner[-1] + 1)
        dist = Distribution(float(layout.lo[j]), width, counts, low, high)
        events[eid] = EventRisk(names[eid], dist, net.anchor)

    constraints = {c.id: c for c in plan.constraints}
    criteria: dict[str, CheckRisk] = {}
    requirements: dict[str, CheckRisk] = {}
    for i, chk in enumerate(net.checks):
        c = constraints[chk.id]
        unscheduled = bool(net.node_free[chk.src] or net.node_free[chk.dst])
        result = CheckRisk(c.name, c.kind, c.from_, c.to, c.min_days, c.max_days,
                           None if unscheduled else float(total.met[i]) / samples, c.source)
        (criteria if c.kind == "criterion" else requirements)[c.id] = result

    crit_ids = [i for i, chk in enumerate(net.checks) if chk.kind == "criterion"]
    task_rho, risk_rho = _sensitivity(net, seed, outcomes[crit_ids])
    crit_names = [net.checks[i].id for i in crit_ids]
    # A draw that cannot move a criterion's events is noise, however it
    # correlates in a finite sample: it is no driver of that criterion.
    reach = can_affect(plan, crit_names)
    affects = {r.id: r.affects for r in plan.risks}
    for k, task in enumerate(plan.tasks):
        for n, cid in enumerate(crit_names):
            if task.id not in reach[cid]:
                task_rho[k][n] = None
    for r, rid in enumerate(net.risk_ids):
        for n, cid in enumerate(crit_names):
            if not set(affects.get(rid, ())) & reach[cid]:
                risk_rho[r][n] = None
    tasks: dict[str, DriverRisk] = {}
    for k, task in enumerate(plan.tasks):
        tasks[task.id] = DriverRisk(
            task.name,
            float(total.crit[k]) / samples,
            {crit_names[n]: float(total.crit_chk[i, k]) / samples
             for n, i in enumerate(crit_ids)},
            {crit_names[n]: task_rho[k][n] for n in range(len(crit_ids))},
        )
    risks: dict[str, DriverRisk] = {}
    by_id = {r.id: r for r in plan.risks}
    for r, rid in enumerate(net.risk_ids):
        risks[rid] = DriverRisk(
            by_id[rid].name, None, {},
            {crit_names[n]: risk_rho[r][n] for n in range(len(crit_ids))},
            probability=by_id[rid].probability,
        )
    return RiskResult(
        samples=samples, seed=seed, anchor=net.anchor, reference=net.reference,
        seasons_applied=net.seasons_applied, sensitivity_samples=outcomes.shape[1],
        criteria=criteria, requirements=requirements, events=events, tasks=tasks,
        risks=risks,
    )


def can_affect(plan: Plan, criteria: list[str]) -> dict[str, set[str]]:
    """Criterion id -> the tasks whose duration can move its events at all.

    Earliest times flow along the plan's rules: a task's start to its end (and
    back), a predecessor's end to its successor's start, a requirement's
    ``from`` to its ``to`` (``min_days``) and back (``max_days``); a dated
    event is pinned and passes nothing on. A task counts when its start or
    end reaches the criterion's ``from`` or ``to``.

    >>> from impp.io import load_plan_text
    >>> plan = load_plan_text('''
    ... mission: {id: m, name: M, reference_event: a}
    ... events: [{id: a, name: A}]
    ... tasks:
    ...   - {id: x, name: X, duration: {min: 1, likely: 2, max: 5}}
    ...   - {id: y, name: Y, duration: 3, after: [x]}
    ...   - {id: z, name: Z, duration: {min: 1, likely: 2, max: 5}, after: [y]}
    ... constraints:
    ...   - {id: c, name: Y soon, from: a, to: y.end, max_days: 30, kind: criterion}
    ... ''', "m.yaml")
    >>> sorted(can_affect(plan, ["c"])["c"])
    ['x', 'y']
    """
    dated = {e.id for e in plan.events if e.date is not None}
    into: dict[str, list[str]] = {}  # node -> the nodes whose time it can move

    def edge(a: str, b: str) -> None:
        if b not in dated:
            into.setdefault(b, []).append(a)

    for t in plan.tasks:
        edge(f"{t.id}.start", f"{t.id}.end")
        edge(f"{t.id}.end", f"{t.id}.start")
        for link in t.after:
            edge(f"{link.task}.end", f"{t.id}.start")
    for c in plan.constraints:
        if c.kind != "requirement":
            continue
        if c.min_days is not None:
            edge(c.from_, c.to)
        if c.max_days is not None:
            edge(c.to, c.from_)
    by_id = {c.id: c for c in plan.constraints}
    out: dict[str, set[str]] = {}
    for cid in criteria:
        c = by_id[cid]
        seen = {c.from_, c.to}
        todo = list(seen)
        while todo:
            for a in into.get(todo.pop(), ()):
                if a not in seen:
                    seen.add(a)
                    todo.append(a)
        out[cid] = {n.rsplit(".", 1)[0] for n in seen if n.endswith((".start", ".end"))}
    return out


def _scores(y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
    """Ranks of ``y``, centred and scaled to unit norm; None when ``y`` is constant."""
    # Average ranks of ties, as scipy.stats.rankdata(method="average") gives
    # them; importing scipy.stats for this alone cost 1.4 s of every `impp plan`.
    _, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    average = np.cumsum(counts) - (counts - 1) / 2.0
    ranked: npt.NDArray[np.float64] = average[inverse.reshape(-1)].astype(np.float64)
    ranked -= ranked.mean()
    norm = float(np.sqrt(np.dot(ranked, ranked)))
    return ranked / norm if norm > 0.0 else None


def _sensitivity(
    net: Network, seed: int, outcomes: npt.NDArray[np.float64]
) -> tuple[list[list[float | None]], list[list[float | None]]]:
    """Spearman's rho of each driver with each criterion's outcome.

    A task's duration is a monotone function of its uniform draw ``u``, and
    ``u`` is its own exact rank score (its CDF value), so rho is the Pearson
    correlation of ``u`` with the outcome's ranks: the draws are regenerated
    from the counter-based stream instead of being kept.
    """
    n = outcomes.shape[1]
    m = outcomes.shape[0]
    scored = [_scores(y) for y in outcomes] if n >= 2 else [None] * m
    live = [i for i, z in enumerate(scored) if z is not None]
    scores = np.array([scored[i] for i in live]).reshape(len(live), n)

    def rho(domain: int, streams: npt.NDArray[np.int64], below: npt.NDArray[np.float64]
            ) -> list[list[float | None]]:
        out: list[list[float | None]] = [[None] * m for _ in range(len(streams))]
        if n < 2 or not len(streams):
            return out
        r = _kernel(net).correlations(seed, domain, streams, below, scores)
        for s in range(len(streams)):
            for i, v in zip(live, r[s], strict=True):
                out[s][i] = None if math.isnan(v) else float(v)
        return out

    # Tasks of one correlation group share a stream: one correlation each.
    # (sorted(set()) rather than np.unique, whose check for masked arrays imports
    # numpy.ma: 30 ms of every cold `impp plan`)
    streams = np.array(sorted(set(net.task_stream[net.task_uncertain].tolist())),
                       dtype=np.int64)
    per_stream = dict(zip(streams.tolist(), rho(_kernel(net).DOMAIN_TASK, streams,
                                                np.full(len(streams), -1.0)), strict=True))
    task_rho: list[list[float | None]] = [
        per_stream[int(net.task_stream[k])] if net.task_uncertain[k] else [None] * m
        for k in range(net.n_tasks)]
    risk_rho = rho(_kernel(net).DOMAIN_OCCUR, np.arange(len(net.risk_ids), dtype=np.int64),
                   net.risk_prob.astype(np.float64))
    return task_rho, risk_rho
