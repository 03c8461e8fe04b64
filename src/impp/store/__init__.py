"""The revision store: plans, revisions, baselines, decisions, audit log.

Plans are kept as revisions (author, time, message, parent, content hash,
the plan document) in SQLite (default: ``impp.db``) or PostgreSQL; baselines
are revisions frozen at decision points; every state change writes an
append-only audit entry. A commit names the revision it started from, so two
planners never silently overwrite each other.

>>> import tempfile, pathlib
>>> from impp.store import commit, init_store, log
>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> store = init_store(pathlib.Path(tempfile.mkdtemp()) / "impp.db")
>>> first = commit(store, load_plan(carana_path()), "Directive encoded", author="ana")
>>> [r.message for r in log(store, "carana")]
['Directive encoded']
>>> store.close()
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from impp.store.decisions import DecisionOutcome, decide, decision_problems
    from impp.store.diff import diff_plans, diff_summaries
    from impp.store.engine import Store, init_store, open_store, store_url
    from impp.store.repository import (
        OBSERVERS,
        AuditEntry,
        Baseline,
        CommitResult,
        Revision,
        audit_log,
        baselines,
        commit,
        commit_result,
        decisions_taken,
        get_revision,
        head,
        log,
        parse_ref,
        plan_names,
    )

# What each name comes from, imported when first used: `impp log` needs the
# revisions, not the plan model and the decision service behind `decide`.
_WHERE = {
    "AuditEntry": "impp.store.repository",
    "Baseline": "impp.store.repository",
    "CommitResult": "impp.store.repository",
    "DecisionOutcome": "impp.store.decisions",
    "OBSERVERS": "impp.store.repository",
    "Revision": "impp.store.repository",
    "Store": "impp.store.engine",
    "audit_log": "impp.store.repository",
    "baselines": "impp.store.repository",
    "commit": "impp.store.repository",
    "commit_result": "impp.store.repository",
    "decide": "impp.store.decisions",
    "decision_problems": "impp.store.decisions",
    "decisions_taken": "impp.store.repository",
    "diff_plans": "impp.store.diff",
    "diff_summaries": "impp.store.diff",
    "get_revision": "impp.store.repository",
    "head": "impp.store.repository",
    "init_store": "impp.store.engine",
    "log": "impp.store.repository",
    "open_store": "impp.store.engine",
    "parse_ref": "impp.store.repository",
    "plan_names": "impp.store.repository",
    "store_url": "impp.store.engine",
}


def __getattr__(name: str) -> Any:
    import importlib

    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'impp.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


__all__ = [
    "OBSERVERS",
    "AuditEntry",
    "Baseline",
    "CommitResult",
    "DecisionOutcome",
    "Revision",
    "Store",
    "audit_log",
    "baselines",
    "commit",
    "commit_result",
    "decide",
    "decision_problems",
    "decisions_taken",
    "diff_plans",
    "diff_summaries",
    "get_revision",
    "head",
    "init_store",
    "log",
    "open_store",
    "parse_ref",
    "plan_names",
    "store_url",
]
