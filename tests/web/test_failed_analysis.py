"""An analysis that failed is shown as failed, with its reason, never 'being computed'."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from impp.web.jobs import Job
from tests.web.conftest import sign_in


def test_a_failed_analysis_says_so_and_stops_waiting(app: Any, client: Any) -> None:
    failed: Future[Any] = Future()
    failed.set_exception(RuntimeError("the lift schedule has no solution: no lift"))
    job = Job("k", future=failed)
    app.state.jobs.analysis = lambda plan, name=None: job
    sign_in(client, "planner")
    for path in ("/plans/carana", "/plans/carana/timeline"):
        page = client.get(path)
        assert page.status_code == 200
        assert "The analysis failed: the lift schedule has no solution: no lift" in page.text
        assert "data-status" not in page.text and "being computed" not in page.text
    assert client.get("/plans/carana/status").json()["state"] == "error"


def test_the_page_script_shows_an_error_instead_of_waiting() -> None:
    from importlib import resources

    script = resources.files("impp.web").joinpath("static", "app.js").read_text("utf-8")
    assert 's.state === "error"' in script and "The analysis failed: " in script
