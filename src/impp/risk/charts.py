"""Pictures of a schedule-risk result: S-curves, histograms, tornado (PNG and SVG).

Each function draws one figure with matplotlib's Agg backend (no display
needed), writes ``path.png`` and ``path.svg`` and returns both paths.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from impp.figures import save_figure, short_label
from impp.risk.result import LEVELS, RiskResult

SUFFIXES = (".png", ".svg")


def _save(fig: Any, path: Path) -> list[Path]:
    return save_figure(fig, path, bbox_inches="tight")


def _axis_label(result: RiskResult) -> str:
    if result.anchor is not None:
        return f"days from day 0 ({result.anchor.isoformat()})"
    return "days from day 0"


def draw_s_curve(result: RiskResult, event_id: str, path: Path) -> list[Path]:
    """The chance an event has happened by each day, with P50/P80/P90 marked.

    >>> import tempfile
    >>> from impp.io import load_plan
    >>> from impp.risk import simulate
    >>> from impp.scenarios import carana_path
    >>> r = simulate(load_plan(carana_path()), samples=500)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.suffix for p in draw_s_curve(r, "mandate_resolution", Path(d) / "s")]
    ['.png', '.svg']
    """
    event = result.events[event_id]
    x, y = event.distribution.cdf()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(x, y, color="#1f4e79", lw=2)
    for key, q in LEVELS:
        v = event.percentile(q)
        date = event.date(q)
        ax.axvline(v, color="grey", ls=":", lw=1)
        label = f"{key.upper()} {v:.0f} d" + (f" ({date:%d %b %Y})" if date else "")
        ax.annotate(label, (v, q), textcoords="offset points", xytext=(4, -12), fontsize=8)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("probability the event has happened")
    ax.set_xlabel(_axis_label(result))
    ax.set_title(f"{event.name}\n({result.samples:,} samples, seed {result.seed})", fontsize=10)
    ax.grid(alpha=0.3)
    return _save(fig, path)


def draw_histogram(result: RiskResult, event_id: str, path: Path) -> list[Path]:
    """How often the event falls on each day range (the histogram of its times)."""
    event = result.events[event_id]
    dist = event.distribution
    edges = np.clip(dist.edges(), dist.low, dist.high)
    counts = dist.counts / max(dist.total, 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    # one outlined step shape, not a bar per bin: a day-by-day histogram has
    # hundreds of bins, and a patch each took a second a chart to draw
    ax.stairs(counts, edges, fill=True, color="#5b9bd5")
    ax.stairs(counts, edges, color="#1f4e79", lw=0.6)
    ax.set_ylim(bottom=0)
    for key, q in LEVELS:
        ax.axvline(event.percentile(q), color="grey", ls=":", lw=1, label=key.upper())
    ax.set_ylabel("share of samples")
    ax.set_xlabel(_axis_label(result))
    ax.set_title(event.name, fontsize=10)
    return _save(fig, path)


def draw_tornado(result: RiskResult, criterion_id: str, path: Path, top: int = 12,
                 odds: str | None = None) -> list[Path]:
    """What drives the date: the tasks and risk events whose draws move a
    criterion's outcome most (only those that can move its events at all).

    Bars are Spearman rank correlations with the days between the
    criterion's events: to the right, the longer the task (or the risk
    happening), the later; to the left, the sooner. Rows are named by the
    tasks' and risks' names. ``odds``: the criterion's verdict in words, where
    another model than the timeline decides it (the lift schedule).
    """
    drivers: list[tuple[str, float]] = []
    for task in result.tasks.values():
        rho = task.sensitivity.get(criterion_id)
        if rho is not None:
            drivers.append((short_label(task.name, 45), rho))
    for risk in result.risks.values():
        rho = risk.sensitivity.get(criterion_id)
        if rho is not None:
            drivers.append((short_label(risk.name, 45) + " (risk)", rho))
    drivers.sort(key=lambda d: abs(d[1]), reverse=True)
    drivers = drivers[:top][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * max(len(drivers), 3) + 1.2))
    names = [d[0] for d in drivers]
    values = [d[1] for d in drivers]
    colors = ["#c00000" if v > 0 else "#2e75b6" for v in values]
    ax.barh(names, values, color=colors)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("how closely its duration moves the date (rank correlation; right: later)")
    check = result.criteria[criterion_id]
    if odds is None:
        odds = ("not scheduled" if check.probability is None
                else f"P(met) = {check.probability:.0%}")
    ax.set_title(f"What drives the date: {short_label(check.name, 70)}\n{odds}", fontsize=10)
    return _save(fig, path)


def key_events(result: RiskResult) -> list[str]:
    """Events worth a picture: undated declared events and each criterion's target."""
    out: list[str] = []
    for check in result.criteria.values():
        if check.to in result.events:
            out.append(check.to)
    for eid, event in result.events.items():
        if "." not in eid and event.distribution.low != event.distribution.high:
            out.append(eid)
    return list(dict.fromkeys(out))


#: Below this many figures ``draw_all`` draws them in this process: starting
#: a worker (a fresh interpreter importing matplotlib) costs about as much as
#: three figures.
PARALLEL_FROM = 8

#: A figure of :func:`draw_all`: the function that draws it, of which event or
#: criterion, where, and its keyword arguments (module-level functions, so a
#: worker process receives it as it is).
Job = tuple[Callable[..., list[Path]], str, Path, dict[str, Any]]

_kept: RiskResult | None = None


def chart_jobs(result: RiskResult, folder: Path, odds: dict[str, str] | None = None
               ) -> list[Job]:
    """The figures :func:`draw_all` draws, in order."""
    jobs: list[Job] = []
    for eid in key_events(result):
        stem = eid.replace(".", "_")
        jobs.append((draw_s_curve, eid, folder / f"s-curve-{stem}", {}))
        jobs.append((draw_histogram, eid, folder / f"histogram-{stem}", {}))
    for cid, check in result.criteria.items():
        if check.probability is not None:
            jobs.append((draw_tornado, cid, folder / f"tornado-{cid}",
                         {"odds": (odds or {}).get(cid)}))
    return jobs


def draw_all(result: RiskResult, folder: Path, odds: dict[str, str] | None = None,
             *, workers: int = 1, progress: Callable[[int], None] | None = None
             ) -> list[Path]:
    """S-curve and histogram of every key event, and a tornado per criterion
    (``odds``: criterion id -> its verdict in words, where the lift schedule
    decides it). ``progress`` is told of each figure drawn.

    Each figure is drawn on its own, so with ``workers`` > 1 they are drawn
    side by side, one process per worker (matplotlib holds the interpreter
    while it draws, so threads would not help); the files are the same bytes
    either way. The workers are fresh interpreters (:mod:`impp.workers` says
    what a script that asks for them must guard).
    """
    jobs = chart_jobs(result, folder, odds)

    def draw(job: Job) -> list[Path]:
        paths = _draw(result, job)
        if progress is not None:
            progress(1)
        return paths

    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        return [p for job in jobs for p in draw(job)]
    from impp.workers import spawn_pool

    # This process draws from the first figure on while ``workers - 1`` others
    # (:mod:`impp.workers`) draw from the last one back; a figure not yet
    # taken by a worker is taken back and drawn here.
    drawn: list[list[Path] | None] = [None] * len(jobs)
    with spawn_pool(workers - 1, _keep, (result,)) as pool:
        futures = {i: pool.submit(_draw_kept, jobs[i]) for i in reversed(range(len(jobs)))}
        if progress is not None:
            for future in futures.values():
                future.add_done_callback(lambda f: f.cancelled() or progress(1))
        for i, job in enumerate(jobs):
            if not futures[i].cancel():
                break  # the workers have this one and every one after it
            drawn[i] = draw(job)
        for i, future in futures.items():
            if drawn[i] is None:
                drawn[i] = future.result()
    return [p for paths in drawn if paths is not None for p in paths]


def _keep(result: RiskResult) -> None:
    """A worker's copy of the result, received once."""
    global _kept
    _kept = result


def _draw_kept(job: Job) -> list[Path]:
    assert _kept is not None
    return _draw(_kept, job)


def _draw(result: RiskResult, job: Job) -> list[Path]:
    draw, key, path, options = job
    return draw(result, key, path, **options)
