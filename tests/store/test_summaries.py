"""The store keeps each analysis's summary, as JSON, for every reader."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from impp.model import Plan
from impp.store import Store
from impp.store.models import SummaryRow
from impp.store.summaries import stored_summary
from impp.summary import summarize


def test_the_summary_is_computed_once_and_then_read(
        store: Store, carana_plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    first = stored_summary(store, carana_plan)
    assert first == json.loads(json.dumps(summarize(carana_plan), default=str))
    calls: list[Any] = []
    import impp.summary

    monkeypatch.setattr(impp.summary, "summarize", lambda *a, **k: calls.append(a))
    assert stored_summary(store, carana_plan) == first
    assert calls == []  # read from the store, not analysed again
    with store.reading() as session:
        rows = session.scalars(select(SummaryRow)).all()
        assert [r.content_hash for r in rows] == [carana_plan.content_hash()]


def test_other_code_gets_its_own_summary(store: Store, carana_plan: Plan,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    stored_summary(store, carana_plan)
    import impp.cache

    monkeypatch.setattr(impp.cache, "code_version", lambda: "0.0+other")
    stored_summary(store, carana_plan)
    with store.reading() as session:
        versions = {r.code_version for r in session.scalars(select(SummaryRow))}
    assert len(versions) == 2 and "0.0+other" in versions
