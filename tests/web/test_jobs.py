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

    def slow(p: Any, progress: Any = None) -> str:
        if progress is not None:
            progress("timeline")
        ran.append(p.mission.name)
        release.wait(30)
        return f"analysis of {p.mission.name}"

    monkeypatch.setattr(jobs_module, "analyse", slow)
    monkeypatch.setattr(jobs_module, "cached", lambda p: None)
    jobs = Jobs(workers=1)
    try:
        first = jobs.analysis(plan(1), "m")  # runs
        second = jobs.analysis(plan(2), "m")  # waits behind it ...
        third = jobs.analysis(plan(3), "m")  # ... and is dropped for this one
        assert isinstance(first, Job) and isinstance(second, Job) and isinstance(third, Job)
        assert second.future is not None and second.future.cancelled()
        assert jobs.analysis(plan(3), "m") is third  # the same content joins its job
        release.set()
        assert third.future is not None
        assert str(third.future.result(30)) == "analysis of Mission 3"
        assert ran == ["Mission 1", "Mission 3"]
        assert first.as_dict()["step"] == "timeline"
    finally:
        release.set()
        jobs.shutdown()
