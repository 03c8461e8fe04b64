"""The after-action review replays the exercise: injects and answers, revisions and what
each changed in planners' words, scores against the solution, the staff's notes; HTML
and PDF from one document."""

from __future__ import annotations

from typing import Any

import pytest

from impp.exercise import service
from impp.exercise.analysis import stored_or_computed
from impp.exercise.review import add_note, build_review, render_review_html
from impp.io.yaml_io import load_plan_document
from impp.report.pdf import render_pdf
from impp.store import commit, head
from impp.store.users import USER_ENV


@pytest.fixture
def played(exercise_store: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """I02 delivered to both syndicates; Alpha answers with a replacement charter."""
    service.deliver(exercise_store, "course", "I02", actor="ds-lead")
    doc = head(exercise_store, "course-alpha").document
    next(a for a in doc["lift"] if a["id"] == "strategic_air")["count"] = 3
    monkeypatch.setenv(USER_ENV, "alpha-2")
    commit(exercise_store, load_plan_document(doc, "alpha.yaml"),
           "A replacement charter for the withdrawn aircraft",
           parent=head(exercise_store, "course-alpha").id, name="course-alpha")
    monkeypatch.delenv(USER_ENV)
    add_note(exercise_store, "course", "Alpha answered within the day.", actor="ds-lead")
    return exercise_store


def test_the_review_replays_the_exercise(played: Any) -> None:
    doc = build_review(played, "course", stored_or_computed(played))
    html = render_review_html(doc)
    assert "After-action review: Carana map exercise" in html
    assert "data:image/png;base64," in html  # the game timeline
    # each inject and how each syndicate answered it
    assert "I02" in html and "lift.strategic_air.count: 3 -&gt; 2" in html
    assert "answered in 0.0 game days" in html and "unanswered" in html
    # what the member's revision changed, in planners' words
    assert "lift Strategic airlift (long-term charter, Il-76 class): count 2 -&gt; 3" in html
    assert "A replacement charter for the withdrawn aircraft" in html
    # scores against the solution, component by component, and the staff's note
    assert "Directing staff&#x27;s solution" in html and "deployment:" in html
    assert "Alpha answered within the day. (ds-lead)" in html
    assert "<script" not in html
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000
