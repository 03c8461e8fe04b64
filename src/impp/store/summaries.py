"""Summaries of analyses kept in the store: computed once, read by everyone.

`impp show PLAN --summary` and `impp diff` show the analysis of stored
revisions; the store keeps each revision's summary (``impp.plan/1``, the
projection every view renders) under the key of the disk cache (plan
content, parameters, code version), so the second reader, on any machine,
gets it without running the analysis. Summaries are JSON, not the pickled
:class:`~impp.plan_analysis.PlanAnalysis` the disk cache holds: the store
is shared, and unpickling what others wrote would let anyone who can write
the database run code in every reader's process.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.exc import IntegrityError

from impp.exceptions import StoreError
from impp.model.plan import Plan
from impp.store.engine import Store
from impp.store.models import SummaryRow
from impp.store.repository import now


def stored_summary(store: Store, plan: Plan) -> dict[str, Any]:
    """The summary of ``plan``'s analysis (default parameters): from the store, or
    computed, kept there, and returned.

    The summary is the same data in both cases (JSON, as the store keeps it).
    """
    from impp.cache import analysis_key
    from impp.plan_analysis import Parameters

    parameters = Parameters().key()
    key = analysis_key(plan.content_hash(), parameters)
    with store.reading() as session:
        row = session.get(SummaryRow, key)
        if row is not None:
            found: dict[str, Any] = row.data
            return found
    from impp.summary import summarize

    return keep_summary(store, plan, summarize(plan))


def keep_summary(store: Store, plan: Plan, summary: dict[str, Any]) -> dict[str, Any]:
    """Keep ``summary`` (of ``plan``'s analysis, default parameters) in the store, as JSON;
    return it as the store keeps it. The workspace's background analyses keep theirs
    as they finish, so that pages read them instead of loading the analysis."""
    from impp.cache import analysis_key, code_version
    from impp.plan_analysis import Parameters

    parameters = Parameters().key()
    key = analysis_key(plan.content_hash(), parameters)
    data: dict[str, Any] = json.loads(json.dumps(summary, default=str))
    try:
        with store.writing() as session:
            if session.get(SummaryRow, key) is None:
                session.add(SummaryRow(key=key, content_hash=plan.content_hash(),
                                       parameters=parameters, code_version=code_version(),
                                       created=now(), data=data))
    except StoreError as exc:
        if not isinstance(exc.__cause__, IntegrityError):
            raise  # another reader kept the same summary first: theirs is equal
    return data


__all__ = ["keep_summary", "stored_summary"]
