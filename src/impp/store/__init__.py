"""The revision store: plans, revisions, baselines, decisions, audit log.

Plans are kept as revisions (author, time, message, parent, content hash,
the plan document) in SQLite (default: ``impp.db``) or PostgreSQL; baselines
are revisions frozen at decision points; every state change writes an
append-only audit entry. A commit names the revision it started from, so two
planners never silently overwrite each other.

>>> import tempfile, pathlib
>>> from impp.io import load_plan
>>> from impp.scenarios import carana_path
>>> store = init_store(pathlib.Path(tempfile.mkdtemp()) / "impp.db")
>>> first = commit(store, load_plan(carana_path()), "Directive encoded", author="ana")
>>> [r.message for r in log(store, "carana")]
['Directive encoded']
>>> store.close()
"""

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
    decisions,
    get_revision,
    head,
    log,
    parse_ref,
    plan_names,
)

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
    "decisions",
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
