"""Analyses computed in the background, with the step they are at.

A page asks for a plan's analysis: if it was computed before (memory or the
disk cache), it is there at once; otherwise one is started in a worker
process and the page shows which step it is at ("schedule risk, deployment
and checks") until it is done; a second request for the same plan content
joins the same job. A job for an older revision of the same plan that has not
started yet is dropped when a newer one is asked for: while planners save
often, only the newest revision's analysis is worth the wait.

The worker is a separate process (``spawn``ed once, then reused): an
analysis is a second of Python on Carana, and on a thread of the server it
took the interpreter's lock from the requests (under 50 planners' load the
pages waited seconds). Its steps come back through a shared mapping; its
result both lands in the disk cache and comes back whole.

The worker runs at a lower priority (:data:`NICENESS`): on a machine of few
cores an analysis and the requests compete for them, and a planner waiting
for a page or a save should not wait for the analysis of someone's last
save, which shows its progress anyway.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import MutableMapping
from concurrent.futures import (
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)
from dataclasses import dataclass, field
from typing import Any

from impp.model.plan import Plan
from impp.plan_analysis import PlanAnalysis, analyse, cached

#: How much lower the analysis worker's priority is than the server's (``nice``).
NICENESS = 10


@dataclass
class Job:
    """One analysis under way: the step it is at and its outcome."""

    key: str
    started: float = field(default_factory=time.monotonic)
    steps: MutableMapping[str, str] | None = None
    future: Future[PlanAnalysis] | None = None

    @property
    def step(self) -> str:
        """The step the analysis is at."""
        return (self.steps or {}).get(self.key, "starting")

    @property
    def seconds(self) -> float:
        """How long it has been running."""
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, object]:
        """JSON-ready progress."""
        future = self.future
        if future is not None and future.cancelled():  # a newer revision took its place
            return {"state": "superseded", "step": "a newer revision is analysed instead",
                    "seconds": round(self.seconds, 1), "error": None}
        done = future is not None and future.done()
        error = (str(future.exception()) if done and future is not None
                 and future.exception() is not None else None)
        return {"state": "error" if error else ("done" if done else "running"),
                "step": self.step, "seconds": round(self.seconds, 1), "error": error}


def _lower_priority() -> None:
    """Give the requests the processor first (runs as the worker starts)."""
    with contextlib.suppress(AttributeError, OSError):  # no nice (Windows), or refused
        os.nice(NICENESS)


#: The stores a worker keeps summaries in, opened once per worker, by URL.
_STORES: dict[str, Any] = {}


def _analyse(plan: Plan, key: str, steps: MutableMapping[str, str],
             keep: str | None = None) -> PlanAnalysis:
    """One analysis, telling ``steps[key]`` where it is (runs in the worker); its summary
    kept in the store at ``keep``, when given (a failure to keep it is not the
    analysis's: the page computes the summary then)."""
    def progress(step: str) -> None:
        steps[key] = step

    found = analyse(plan, progress=progress)
    if keep is not None:
        from impp.exceptions import ImppError

        try:
            from impp.store.engine import open_store
            from impp.store.summaries import keep_summary
            from impp.summary import project

            store = _STORES.get(keep)
            if store is None:
                store = _STORES[keep] = open_store(keep)
            keep_summary(store, plan, project(plan, found))
        except ImppError:
            pass
    return found


class Jobs:
    """The background analyses of one server (``workers`` at a time).

    ``processes=False`` runs them on threads of the server (tests).
    """

    def __init__(self, workers: int = 1, processes: bool = True,
                 keep: str | None = None) -> None:
        self._pool: Executor
        self._steps: MutableMapping[str, str]
        self._manager: Any = None
        if processes:
            context = multiprocessing.get_context("spawn")
            self._manager = context.Manager()
            self._steps = self._manager.dict()
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                             initializer=_lower_priority)
        else:
            self._steps = {}
            self._pool = ThreadPoolExecutor(max_workers=workers,
                                            thread_name_prefix="analysis")
        #: The store (URL) each finished analysis's summary is kept in.
        self._keep = keep
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        #: The newest job asked for each plan name.
        self._newest: dict[str, str] = {}

    def analysis(self, plan: Plan, name: str | None = None) -> PlanAnalysis | Job:
        """The analysis if it exists (or has just finished), else the job computing it.

        ``name``: the plan's name in the store, so that a newer revision's job
        drops an older one that has not started.
        """
        found = cached(plan)
        if found is not None:
            return found
        key = plan.content_hash()
        with self._lock:
            if name is not None:
                older = self._jobs.get(self._newest.get(name, ""))
                if older is not None and older.key != key and older.future is not None \
                        and older.future.cancel():
                    self._jobs.pop(older.key, None)
                self._newest[name] = key
            job = self._jobs.get(key)
            if job is None or job.future is None or job.future.cancelled() or (
                    job.future.done() and job.future.exception() is not None
                    and job.seconds > 30):
                job = Job(key, steps=self._steps)
                job.future = self._pool.submit(_analyse, plan, key, self._steps, self._keep)
                self._jobs[key] = job
        future = job.future
        try:
            if future is not None and future.done() and future.exception() is None:
                with self._lock:
                    self._jobs.pop(key, None)
                return future.result()
        except CancelledError:  # dropped meanwhile for a newer revision
            pass
        return job

    def status(self, key: str) -> Job | None:
        """The job for a plan's content hash, if one is running or just ended."""
        with self._lock:
            return self._jobs.get(key)

    def shutdown(self) -> None:
        """Stop: drop waiting jobs, let a running one finish, release the worker."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._manager is not None:
            self._manager.shutdown()
