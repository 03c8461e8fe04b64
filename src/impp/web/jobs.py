"""Analyses computed in the background, with the step they are at.

A page asks for a plan's analysis: if it was computed before (memory or the
disk cache), it is there at once; otherwise one is started on a worker
thread and the page shows which step it is at ("schedule risk, deployment
and checks") until it is done; a second request for the same plan content
joins the same job. A job for an older revision of the same plan that has not
started yet is dropped when a newer one is asked for: while planners save
often, only the newest revision's analysis is worth the wait. The solvers
and kernels release the GIL, so the server keeps answering while a job runs.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from impp.model.plan import Plan
from impp.plan_analysis import PlanAnalysis, analyse, cached


@dataclass
class Job:
    """One analysis under way: the step it is at and its outcome."""

    key: str
    started: float = field(default_factory=time.monotonic)
    step: str = "starting"
    future: Future[PlanAnalysis] | None = None

    @property
    def seconds(self) -> float:
        """How long it has been running."""
        return time.monotonic() - self.started

    def as_dict(self) -> dict[str, object]:
        """JSON-ready progress."""
        done = self.future is not None and self.future.done()
        error = (str(self.future.exception()) if done and self.future is not None
                 and self.future.exception() is not None else None)
        return {"state": "error" if error else ("done" if done else "running"),
                "step": self.step, "seconds": round(self.seconds, 1), "error": error}


class Jobs:
    """The background analyses of one server (``workers`` at a time)."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="analysis")
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
            if job is None or (job.future is not None and job.future.done()
                               and job.future.exception() is not None
                               and job.seconds > 30):
                job = Job(key)

                def progress(step: str, job: Job = job) -> None:
                    job.step = step

                job.future = self._pool.submit(analyse, plan, progress=progress)
                self._jobs[key] = job
        if job.future is not None and job.future.done() and job.future.exception() is None:
            with self._lock:
                self._jobs.pop(key, None)
            return job.future.result()
        return job

    def status(self, key: str) -> Job | None:
        """The job for a plan's content hash, if one is running or just ended."""
        with self._lock:
            return self._jobs.get(key)

    def shutdown(self) -> None:
        """Stop taking jobs (running ones finish)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
