"""Background analyses: one job per plan content, progress, and only the newest waits."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from impp.io import load_plan_text
from impp.web import jobs as jobs_module
from impp.web.jobs import Job, Jobs


def plan(n: int) -> Any:
    return load_plan_text(f"mission: {{id: m, name: Mission {n}}}\n", "m.yaml")


def test_a_newer_revision_drops_the_older_job_that_waits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    ran: list[str] = []

    def slow(p: Any, progress: Any = None) -> str:  # the analysis, held back
        if progress is not None:
            progress("timeline")
        ran.append(p.mission.name)
        release.wait(30)
        return f"analysis of {p.mission.name}"

    monkeypatch.setattr(jobs_module, "analyse", slow)
    monkeypatch.setattr(jobs_module, "cached", lambda p: None)
    jobs = Jobs(workers=1, processes=False)
    try:
        first = jobs.analysis(plan(1), "m")  # runs
        second = jobs.analysis(plan(2), "m")  # waits behind it ...
        third = jobs.analysis(plan(3), "m")  # ... and is dropped for this one
        assert isinstance(first, Job) and isinstance(second, Job) and isinstance(third, Job)
        assert second.future is not None and second.future.cancelled()
        assert second.as_dict()["state"] == "superseded"
        assert jobs.analysis(plan(3), "m") is third  # the same content joins its job
        release.set()
        assert third.future is not None
        assert str(third.future.result(30)) == "analysis of Mission 3"
        assert ran == ["Mission 1", "Mission 3"]
        # asked for again, the dropped revision gets a job of its own
        again = jobs.analysis(plan(2), "m")
        assert isinstance(again, Job) and again is not second
        assert again.future is not None and not again.future.cancelled()
        assert first.as_dict()["step"] == "timeline"
    finally:
        release.set()
        jobs.shutdown()


def test_an_analysis_runs_in_a_worker_process_and_says_its_steps(tmp_path: Any,
                                                                 monkeypatch: Any) -> None:
    from impp.plan_analysis import PlanAnalysis

    monkeypatch.setenv("IMPP_CACHE_DIR", str(tmp_path))  # the worker inherits it
    small = load_plan_text("""
mission: {id: m, name: M, reference_event: a}
events: [{id: a, name: A, date: 2026-06-01}]
tasks: [{id: t, name: T, duration: {min: 1, likely: 2, max: 4}}]
constraints: [{id: c, name: C, from: a, to: t.end, max_days: 3, kind: criterion}]
""", "m.yaml")
    jobs = Jobs(workers=1)
    try:
        job = jobs.analysis(small, "m")
        assert isinstance(job, Job) and job.future is not None
        result = job.future.result(300)
        assert isinstance(result, PlanAnalysis) and "c" in result.verdicts
        assert job.step == "schedule risk, deployment and checks"  # its last step
        assert isinstance(jobs.analysis(small, "m"), PlanAnalysis)  # from the cache now
    finally:
        jobs.shutdown()


def test_the_worker_yields_the_processor_to_the_requests() -> None:
    import os

    from impp.web.jobs import NICENESS

    jobs = Jobs(workers=1)
    try:
        # the worker's niceness, asked in the worker (spawned with the pool's initializer)
        pool = jobs._pool  # the process the analyses run in
        assert pool.submit(os.nice, 0).result(300) == min(os.nice(0) + NICENESS, 19)
    finally:
        jobs.shutdown()


def test_a_finished_analysis_keeps_its_summary_in_the_store(tmp_path: Any) -> None:
    from impp.exercise.analysis import kept_summary
    from impp.store import commit, head, init_store

    store = init_store(tmp_path / "impp.db")
    small = load_plan_text("mission: {id: k, name: Kept}\ntasks:\n  - {id: t, name: T, "
                           "duration: 3}\n", "k.yaml")
    commit(store, small, "first", author="ana")
    rev = head(store, "k")
    assert kept_summary(store, rev) is None
    jobs = Jobs(workers=1, processes=False,
                keep=store.url.render_as_string(hide_password=False))
    try:
        job = jobs.analysis(small, "k")
        if isinstance(job, Job) and job.future is not None:
            job.future.result(600)
        kept = kept_summary(store, rev)
        assert kept is not None and kept["mission"]["name"] == "Kept"
    finally:
        jobs.shutdown()
        store.close()
