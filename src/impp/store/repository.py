"""Revisions of plans: commit, read, resolve ``PLAN@REV``, log, baselines, audit.

A revision id is the first 12 hex digits of the SHA-256 of the plan name,
the parent revision, the content hash and the commit time: short enough to
type, unique enough for a store's lifetime, and the same on every backend.
Each revision also has a ``number`` (1, 2, 3, ... per plan) for people.

A reference names a revision: ``PLAN`` (its newest revision), ``PLAN@ID``
(an id or a unique prefix of at least 4 digits), ``PLAN@NAME`` (a baseline)
or ``PLAN@N`` (revision number N).

No lost update: :func:`commit` takes the revision the edit started from; when
another commit landed since, it raises :class:`~impp.exceptions.StaleRevisionError`
and stores nothing. Revisions, baselines, decisions and audit entries are
only ever added: this module has no function that changes or deletes them.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from impp.exceptions import (
    DecisionRefusedError,
    PlanFileError,
    StaleRevisionError,
    StoreError,
)
from impp.store.engine import Store
from impp.store.location import AUTHOR_ENV
from impp.store.models import AuditRow, BaselineRow, DecisionRow, PlanRow, RevisionRow

if TYPE_CHECKING:  # the plan model costs a read-only command (`impp log`) 0.4 s to import
    from impp.model import Sensitivity
    from impp.model.plan import Plan

#: Environment variable naming the author of commits and decisions.


def default_author() -> str:
    """``IMPP_AUTHOR``, else the login name."""
    author = os.environ.get(AUTHOR_ENV)
    if author:
        return author
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without passwd entry)
        return "unknown"


def now() -> dt.datetime:
    """The current time, in UTC."""
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stored time is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def revision_id(plan: str, parent: str | None, content_hash: str, time: dt.datetime) -> str:
    """The id of a new revision (12 hex digits).

    >>> t = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    >>> revision_id("carana", None, "ab" * 32, t)
    '9f7f58f6ae93'
    """
    key = f"{plan}\n{parent or ''}\n{content_hash}\n{time.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Revision:
    """A stored revision's record (the document is loaded on demand)."""

    id: str
    plan: str
    number: int
    parent: str | None
    author: str
    time: dt.datetime
    message: str
    content_hash: str
    document: dict[str, Any] = field(repr=False, compare=False)

    @staticmethod
    def of(row: RevisionRow) -> Revision:
        """The record of a row."""
        return Revision(row.id, row.plan, row.number, row.parent, row.author, _utc(row.time),
                        row.message, row.content_hash, row.document)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (without the document)."""
        return {
            "id": self.id,
            "number": self.number,
            "author": self.author,
            "time": self.time.isoformat(),
            "message": self.message,
            "parent": self.parent,
            "content_hash": self.content_hash,
        }

    def plan_object(self) -> Plan:
        """The plan this revision holds, validated again; its content hash is checked.

        A revision never changes: the plans of the last few read are kept by
        id and hash (a commit reads the newest revision's, and under many
        planners every commit reads the same one).
        """
        key = (self.id, self.content_hash)
        with _PLANS_LOCK:
            kept = _PLANS.get(key)
        if kept is not None:
            return kept
        plan = self._validated()
        with _PLANS_LOCK:
            _PLANS[key] = plan
            while len(_PLANS) > _KEEP_PLANS:
                _PLANS.pop(next(iter(_PLANS)))
        return plan

    def kept_plan(self) -> Plan | None:
        """The plan this revision holds if it was validated lately (no document needed:
        a record of :func:`records` will do), else ``None``."""
        with _PLANS_LOCK:
            return _PLANS.get((self.id, self.content_hash))

    def _validated(self) -> Plan:
        from impp.io.yaml_io import load_plan_document

        try:
            plan = load_plan_document(self.document, f"{self.plan}@{self.id}")
        except PlanFileError as exc:
            raise StoreError(
                f"revision {self.plan}@{self.id} no longer loads with this version of "
                f"impp:\n{exc}"
            ) from exc
        if plan.content_hash() != self.content_hash:
            raise StoreError(
                f"revision {self.plan}@{self.id} is damaged: its content hash does not match "
                "the stored document"
            )
        return plan


#: Plans of revisions read lately, by (revision id, content hash): the
#: workspace reads the same few revisions for every page and commit.
_PLANS: dict[tuple[str, str], Plan] = {}
_KEEP_PLANS = 32
_PLANS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Baseline:
    """A named, frozen revision."""

    name: str
    plan: str
    revision: str
    decision: str | None
    author: str
    time: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"name": self.name, "revision": self.revision, "decision": self.decision,
                "author": self.author, "time": self.time.isoformat()}


@dataclass(frozen=True)
class AuditEntry:
    """One state change, as the audit log holds it."""

    id: int
    time: dt.datetime
    actor: str
    action: str
    plan: str | None
    revision: str | None
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"id": self.id, "time": self.time.isoformat(), "actor": self.actor,
                "action": self.action, "plan": self.plan, "revision": self.revision,
                "data": self.data}


#: Called with each audit entry after its transaction committed (in-process
#: observers: a web page's live updates, a notifier). Errors in an observer
#: propagate: an observer must not fail silently.
Observer = Callable[[AuditEntry], None]
OBSERVERS: list[Observer] = []


def notify(entries: list[AuditEntry]) -> None:
    """Tell every observer about entries that were just committed."""
    for entry in entries:
        for observer in OBSERVERS:
            observer(entry)


def audit(session: Session, action: str, actor: str, plan: str | None = None,
          revision: str | None = None, **data: Any) -> AuditRow:
    """Append an audit entry to the current transaction (``action``: a dotted id).

    Observers hear of it once the transaction commits (see :func:`writing`).
    """
    row = AuditRow(time=now(), actor=actor, action=action, plan=plan, revision=revision,
                   data=data)
    session.add(row)
    session.info.setdefault(_PENDING, []).append(row)
    return row


_PENDING = "impp_audit_pending"


@contextmanager
def writing(store: Store) -> Iterator[Session]:
    """A write transaction whose audit entries are told to observers after it commits."""
    entries: list[AuditEntry] = []
    with store.writing() as session:
        yield session
        session.flush()
        entries = [entry_of(r) for r in session.info.pop(_PENDING, [])]
    notify(entries)


def entry_of(row: AuditRow) -> AuditEntry:
    """The record of an audit row."""
    return AuditEntry(row.id, _utc(row.time), row.actor, row.action, row.plan, row.revision,
                      dict(row.data))


# -- references ------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_REF = re.compile(r"^(?P<plan>[A-Za-z][A-Za-z0-9_\-]*)(?:@(?P<rev>[A-Za-z0-9_\-.]+))?$")


def parse_ref(ref: str) -> tuple[str, str | None]:
    """Split ``PLAN@REV`` into the plan name and the revision part (``None``: newest).

    >>> parse_ref("carana@3f2a9c")
    ('carana', '3f2a9c')
    >>> parse_ref("carana")
    ('carana', None)
    """
    match = _REF.match(ref.strip())
    if not match:
        raise StoreError(
            f"cannot read the reference {ref!r}: write PLAN or PLAN@REV "
            "(a revision id, a revision number or a baseline name), e.g. carana@1"
        )
    return match["plan"], match["rev"]


def _plan_row(session: Session, name: str, *, lock: bool = False) -> PlanRow:
    query = select(PlanRow).where(PlanRow.name == name)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).first()
    reader = session.info.get("impp_reader")
    if row is not None and reader is not None:
        from impp.store.access import allowed_in

        if not allowed_in(session, reader, [name]):
            row = None  # another syndicate's plan: as if there were none
    if row is None:
        known = session.scalars(select(PlanRow.name).order_by(PlanRow.name)).all()
        if reader is not None:
            from impp.store.access import allowed_in

            known = allowed_in(session, reader, list(known))
        hint = f"plans in this store: {', '.join(known)}" if known else "the store has no plan yet"
        raise StoreError(f"no plan named {name!r} in the store ({hint})")
    return row


def _resolve(session: Session, plan: str, rev: str | None) -> RevisionRow:
    plan_row = _plan_row(session, plan)
    if rev is None:
        row = session.get(RevisionRow, plan_row.head) if plan_row.head else None
        if row is None:
            raise StoreError(f"plan {plan!r} has no revision yet")
        return row
    exact = session.scalars(
        select(RevisionRow).where(RevisionRow.plan == plan, RevisionRow.id == rev)
    ).first()
    if exact is not None:
        return exact
    base = session.scalars(
        select(BaselineRow).where(BaselineRow.plan == plan, BaselineRow.name == rev)
    ).first()
    if base is not None:
        found = session.get(RevisionRow, base.revision)
        assert found is not None  # a foreign key guarantees it
        return found
    if rev.isdigit():
        numbered = session.scalars(
            select(RevisionRow).where(RevisionRow.plan == plan, RevisionRow.number == int(rev))
        ).first()
        if numbered is not None:
            return numbered
    if len(rev) >= 4 and re.fullmatch(r"[0-9a-f]+", rev):
        matches = session.scalars(
            select(RevisionRow).where(RevisionRow.plan == plan, RevisionRow.id.startswith(rev))
        ).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(sorted(m.id for m in matches))
            raise StoreError(f"{plan}@{rev} is ambiguous ({ids}); give more digits")
    raise StoreError(
        f"plan {plan!r} has no revision or baseline {rev!r}: `impp log {plan}` lists "
        f"revisions, `impp status {plan}` lists baselines"
    )


def get_revision(store: Store, ref: str) -> Revision:
    """The revision a reference names.

    >>> import tempfile, pathlib
    >>> from impp.store import init_store
    >>> from impp.model import Mission, Plan
    >>> store = init_store(pathlib.Path(tempfile.mkdtemp()) / "impp.db")
    >>> first = commit(store, Plan(mission=Mission(id="m", name="M")), "start", author="ana")
    >>> get_revision(store, "m").id == get_revision(store, "m@1").id == first.id
    True
    >>> store.close()
    """
    plan, rev = parse_ref(ref)
    with store.reading() as session:
        return Revision.of(_resolve(session, plan, rev))


def head(store: Store, plan: str) -> Revision:
    """The newest revision of a plan."""
    return get_revision(store, plan)


def plan_names(store: Store) -> list[str]:
    """Every plan in the store, by name."""
    with store.reading() as session:
        found = list(session.scalars(select(PlanRow.name).order_by(PlanRow.name)))
        if store.reader is not None:
            from impp.store.access import allowed_in

            found = allowed_in(session, store.reader, found)
        return found


def log(store: Store, plan: str, limit: int | None = None) -> list[Revision]:
    """The revisions of a plan, newest first."""
    with store.reading() as session:
        _plan_row(session, plan)
        query = (select(RevisionRow).where(RevisionRow.plan == plan)
                 .order_by(RevisionRow.number.desc()).limit(limit))
        return [Revision.of(r) for r in session.scalars(query)]


def records(store: Store, plan: str) -> list[Revision]:
    """The revisions of a plan, newest first, without their documents (``document`` is
    empty): who, when, what, the content's hash; what a list of revisions shows, read
    without parsing every plan. :func:`get_revision` gives one whole."""
    with store.reading() as session:
        _plan_row(session, plan)
        rows = session.execute(
            select(RevisionRow.id, RevisionRow.plan, RevisionRow.number, RevisionRow.parent,
                   RevisionRow.author, RevisionRow.time, RevisionRow.message,
                   RevisionRow.content_hash)
            .where(RevisionRow.plan == plan).order_by(RevisionRow.number.desc())).all()
        return [Revision(r.id, r.plan, r.number, r.parent, r.author, _utc(r.time), r.message,
                         r.content_hash, {}) for r in rows]


def records_of(store: Store, plans: list[str]) -> dict[str, list[Revision]]:
    """:func:`records` of several plans in one query (a plan the reader may not open, or
    that does not exist, has none)."""
    with store.reading() as session:
        if store.reader is not None:
            from impp.store.access import allowed_in

            plans = allowed_in(session, store.reader, plans)
        rows = session.execute(
            select(RevisionRow.id, RevisionRow.plan, RevisionRow.number, RevisionRow.parent,
                   RevisionRow.author, RevisionRow.time, RevisionRow.message,
                   RevisionRow.content_hash)
            .where(RevisionRow.plan.in_(plans))
            .order_by(RevisionRow.plan, RevisionRow.number.desc())).all()
        out: dict[str, list[Revision]] = {p: [] for p in plans}
        for r in rows:
            out[r.plan].append(Revision(r.id, r.plan, r.number, r.parent, r.author,
                                        _utc(r.time), r.message, r.content_hash, {}))
        return out


def baselines(store: Store, plan: str) -> list[Baseline]:
    """The baselines of a plan, oldest first."""
    with store.reading() as session:
        _plan_row(session, plan)
        rows = session.scalars(
            select(BaselineRow).where(BaselineRow.plan == plan).order_by(BaselineRow.id)
        )
        return [Baseline(r.name, r.plan, r.revision, r.decision, r.author, _utc(r.time))
                for r in rows]


def audit_log(store: Store, plan: str | None = None) -> list[AuditEntry]:
    """The audit entries (of one plan, or all), oldest first."""
    with store.reading() as session:
        query = select(AuditRow).order_by(AuditRow.id)
        if plan is not None:
            if store.reader is not None:
                _plan_row(session, plan)  # said missing when it is not the reader's
            query = query.where(AuditRow.plan == plan)
        entries = [entry_of(r) for r in session.scalars(query)]
        if store.reader is not None and plan is None:
            from impp.store.access import allowed_in

            names = {e.plan for e in entries if e.plan is not None}
            shown = set(allowed_in(session, store.reader, sorted(names)))
            if shown != names:  # a player reads the entries of their own plans only
                entries = [e for e in entries if e.plan in shown]
        return entries


def decisions_taken(store: Store, plan: str) -> list[dict[str, Any]]:
    """The decision points passed for a plan, oldest first."""
    with store.reading() as session:
        _plan_row(session, plan)
        rows = session.scalars(
            select(DecisionRow).where(DecisionRow.plan == plan).order_by(DecisionRow.id)
        )
        return [
            {"decision": r.decision, "by": r.role, "author": r.author,
             "time": _utc(r.time).isoformat(), "note": r.note, "from_level": r.from_level,
             "to_level": r.to_level, "revision": r.revision}
            for r in rows
        ]


# -- commits ----------------------------------------------------------------------


@dataclass(frozen=True)
class CommitResult:
    """What a commit did: the revision now newest, and whether it is new."""

    revision: Revision
    created: bool
    #: The newest revision the edit was rebased onto (``rebase``), if it was.
    merged_with: str | None = None


def _stale_message(plan: str, parent: str | None, head_id: str) -> str:
    started = f"revision {parent}" if parent else "no revision (a new plan)"
    return (
        f"plan {plan!r} changed since your edit started: you started from {started}, but "
        f"revision {head_id} has landed since. Nothing was stored. To merge: "
        f"`impp checkout {plan}@{head_id} -o head.yaml`, re-apply your change to it, then "
        f"`impp commit head.yaml --plan {plan} --parent {head_id} -m ...` "
        f"(`impp diff {plan}@{parent or head_id} {plan}@{head_id}` shows what landed)."
    )


def commit_in(session: Session, store: Store, plan: Plan, message: str, *, author: str,
              parent: str | None, name: str, time: dt.datetime | None = None,
              decision: bool = False,
              clearance: Sensitivity | None = None) -> tuple[RevisionRow, bool]:
    """Commit inside an open write transaction (used by services that do more).

    ``clearance``: the committer's (a store with people). A committer cannot
    replace a revision that holds items they may not see (the commit would drop
    them unseen), nor mark an item above their own level.

    A commit may not change what was decided (the process level and the
    decisions taken): only the decision service (``decision=True``, from
    :func:`impp.store.decisions.decide`) does, after its checks. A plan's
    first commit brings its process section as it stands.
    """
    if not message.strip():
        raise StoreError("a commit needs a message (-m): say what changed and why")
    if not _NAME.fullmatch(name) or len(name) > 120:
        raise StoreError(
            f"cannot name a plan {name!r}: a plan name starts with a letter, then letters, "
            "digits, '_' or '-' (at most 120), so that PLAN@REV can name its revisions"
        )
    time = time or now()
    row = session.scalars(
        select(PlanRow).where(PlanRow.name == name).with_for_update()
    ).first()
    if row is None:
        if parent is not None:
            raise StoreError(
                f"no plan named {name!r} in the store, so there is no revision {parent} to start "
                "from: leave out --parent for a plan's first commit"
            )
        if clearance is not None:
            _check_clearance(name, author, clearance, plan, None)
        if not decision:
            stated = first_commit_problems(plan)
            if stated:
                raise DecisionRefusedError(
                    f"the first revision of {name} states a process that the IMPP does not "
                    f"lead to ({'; '.join(stated)}): commit it at the level its recorded "
                    "decisions reach, and take the next ones with `impp decide`")
        row = PlanRow(name=name, head=None, created=time)
        session.add(row)
        session.flush()
        audit(session, "impp.plan.created", author, name)
        number = 1
        head_row, before = None, None
    else:
        head_row = session.get(RevisionRow, row.head) if row.head else None
        if parent is None and head_row is not None:
            raise StaleRevisionError(
                f"plan {name!r} already has revisions: say which one your edit started from "
                f"with --parent (the newest is {head_row.id}: `impp log {name}`). If you "
                f"started from an older one, merge first: `impp checkout {name} -o head.yaml`, "
                "re-apply your change, and commit with --parent set to the newest revision."
            )
        if parent is not None and (head_row is None or parent != head_row.id):
            # The parent may be named like any revision: id, prefix, number, baseline.
            started = _resolve(session, name, parent).id
            if head_row is not None and started != head_row.id:
                raise StaleRevisionError(_stale_message(name, started, head_row.id))
            parent = started
        if head_row is not None and head_row.content_hash == plan.content_hash():
            return head_row, False
        before = Revision.of(head_row).plan_object() if head_row is not None else None
        if clearance is not None:
            _check_clearance(name, author, clearance, plan, before)
        if head_row is not None and before is not None and not decision:
            forged = _decision_changes(before, plan)
            if forged:
                raise DecisionRefusedError(
                    f"this commit changes what was decided on {name} ({'; '.join(forged)}): "
                    f"decisions are taken with `impp decide {name} DECISION`, "
                    "which checks the level, the outputs and the decider, freezes a "
                    "baseline and writes the audit entry. Commit your edit with the "
                    f"process level and decisions of the newest revision ({head_row.id}).")
        number = (head_row.number + 1) if head_row else 1
    content = plan.content_hash()
    rev = RevisionRow(
        id=revision_id(name, parent, content, time), plan=name, number=number, parent=parent,
        author=author, time=time, message=message.strip(), content_hash=content,
        document=plan.to_document(),
    )
    session.add(rev)
    row.head = rev.id
    audit(session, "impp.revision.committed", author, name, rev.id,
          parent=parent, number=number, content_hash=content, message=rev.message)
    if head_row is not None and before is not None:
        for what, was, now_ in declassified(before, plan):
            # lowering a marking is a decision of its own: on record, by whom and when
            audit(session, "impp.item.declassified", author, name, rev.id, item=what,
                  before=was, after=now_)
    session.flush()
    return rev, True


def declassified(before: Plan, after: Plan) -> list[tuple[str, str, str]]:
    """The items (and the mission) whose marking ``after`` lowers: (id, was, now).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.model import Sensitivity
    >>> p = load_plan(carana_path())
    >>> secret = p.model_copy(update={"tasks": tuple(
    ...     t.model_copy(update={"sensitivity": Sensitivity.confidential}) if t.id == "tam"
    ...     else t for t in p.tasks)})
    >>> declassified(secret, p)
    [('tam', 'confidential', 'unclassified')]
    """
    out = []
    if after.mission.sensitivity.rank < before.mission.sensitivity.rank:
        out.append((f"mission {after.mission.id}", before.mission.sensitivity.value,
                    after.mission.sensitivity.value))
    old = {item.id: item.sensitivity for _, item in before.items()}
    for _, item in after.items():
        was = old.get(item.id)
        if was is not None and item.sensitivity.rank < was.rank:
            out.append((item.id, was.value, item.sensitivity.value))
    return out


def first_commit_problems(plan: Plan) -> list[str]:
    """What is wrong with the process a plan's first revision states: each recorded
    decision taken by the role that takes it, at a level before the one claimed, and
    each level before the claimed one closed by its decision. A first revision's
    recorded decisions are kept as stated, not taken in the store (``impp status``
    says so: "unverified"); the ones after it are taken with ``impp decide``.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> first_commit_problems(load_plan(carana_path()))
    []
    """
    from impp.process.catalogue import load_process

    process = load_process()
    state = plan.process
    if state.level not in process.level_ids:
        return []  # the plan's validation says so
    order = list(process.level_ids)
    claimed = order.index(state.level)
    points = {process.entry_decision.id: (process.entry_decision, -1)}
    for i, level in enumerate(process.levels):
        for d in level.decisions:
            points.setdefault(d.id, (d, i))
    recorded = {r.decision for r in state.decisions}
    revised = bool(recorded & process.returning_ids)  # sent back: the levels are passed again
    out: list[str] = []
    for r in state.decisions:
        found = points.get(r.decision)
        if found is None:
            continue  # the plan's validation says so
        point, at = found
        if at >= claimed and not revised:
            out.append(f"{r.decision} is a decision of Level {order[at]}, not of a level "
                       f"before {state.level}")
        if r.by != point.decider:
            out.append(f"{r.decision} is taken by {point.decider}, not by {r.by}")
    if not revised:
        for level in process.levels[:claimed]:
            if level.decision.guideline_decision and level.decision.id not in recorded:
                out.append(f"Level {level.id} ends with {level.decision.id}, which the "
                           "plan does not record")
    return out


def _decision_changes(before: Plan, after: Plan) -> list[str]:
    """What ``after`` changes of the decisions of ``before``, in words (empty: nothing)."""
    changes = []
    if before.process.level != after.process.level:
        changes.append(f"process level {before.process.level} -> {after.process.level}")
    old = [d.model_dump(mode="json") for d in before.process.decisions]
    new = [d.model_dump(mode="json") for d in after.process.decisions]
    added = [d for d in new if d not in old]
    removed = [d for d in old if d not in new]
    if added:
        changes.append("decisions added: " + ", ".join(
            f"{d['decision']} by {d.get('by') or '?'}" for d in added))
    if removed:
        changes.append("decisions removed: " + ", ".join(d["decision"] for d in removed))
    return changes


def commit(store: Store, plan: Plan, message: str, *, author: str | None = None,
           parent: str | None = None, name: str | None = None,
           time: dt.datetime | None = None) -> Revision:
    """Store ``plan`` as a new revision of plan ``name`` (default: its mission id).

    ``parent`` is the revision the edit started from, named as in a
    reference (id, unique prefix, number or baseline; ``None`` only for a
    plan's first commit). Refused with :class:`StaleRevisionError` when
    another revision landed since; nothing is stored then. When the plan is
    identical to the newest revision, that revision is returned and nothing
    is stored (see :func:`commit_result` to tell the two apart).
    """
    return commit_result(store, plan, message, author=author, parent=parent, name=name,
                         time=time).revision


def _check_clearance(name: str, author: str, level: Sensitivity, plan: Plan,
                     previous: Plan | None) -> None:
    from impp.store.users import PermissionDeniedError

    if previous is not None:
        above = sum(1 for _, i in previous.items() if i.sensitivity.rank > level.rank)
        if above or previous.mission.sensitivity.rank > level.rank:
            raise PermissionDeniedError(
                f"the newest revision of {name} holds {above} items marked above "
                f"{author}'s clearance ({level.value}): a new revision replaces the whole "
                "plan and would drop them unseen. Someone cleared to "
                f"{previous.highest_sensitivity.value} commits this change")
    if plan.highest_sensitivity.rank > level.rank:
        raise PermissionDeniedError(
            f"the plan marks content {plan.highest_sensitivity.value}, above {author}'s "
            f"clearance ({level.value}): no one marks what they may not read")


def commit_result(store: Store, plan: Plan, message: str, *, author: str | None = None,
                  parent: str | None = None, name: str | None = None,
                  time: dt.datetime | None = None, user: Any = None,
                  rebase: Callable[[Revision, Revision], tuple[Plan, str]] | None = None
                  ) -> CommitResult:
    """Like :func:`commit`, and says whether a revision was created.

    When the store has users, the author is the acting user (``user``, a
    signed-in :class:`~impp.store.users.User`, else ``IMPP_USER``), who must
    hold a role that edits plans (:mod:`impp.store.users`).

    ``rebase``: when another revision landed since ``parent``, instead of
    refusing, ``rebase(parent, newest)`` (both revisions) gives the plan (and
    message) to commit on
    top of the newest revision, worked out while the plan is locked, so that
    no other commit can land in between (what it raises, such as a merge
    conflict, rolls everything back). Without it, a stale parent is refused.
    """
    from impp.store.users import PermissionDeniedError, authorise_commit

    name = name or plan.mission.id
    actor = authorise_commit(store, user)
    if actor is not None:
        if author is not None and author != actor.name:
            raise PermissionDeniedError(
                f"the author is the acting user ({actor.name}), not {author!r}: with users "
                "in the store, a revision is signed by the person who commits it")
        author = actor.name
        from impp.store.access import may_open

        if not may_open(store, actor, name):
            raise PermissionDeniedError(
                f"{actor.name} plays in an exercise and may not commit to {name}: only "
                "their syndicate's plan is theirs to edit")
    author = author or default_author()
    try:
        with writing(store) as session:
            merged_with = None
            if rebase is not None and parent is not None:
                row = session.scalars(select(PlanRow).where(PlanRow.name == name)
                                      .with_for_update()).first()
                newest = session.get(RevisionRow, row.head) if row and row.head else None
                started = _resolve(session, name, parent) if newest is not None else None
                if newest is not None and started is not None and started.id != newest.id:
                    plan, message = rebase(Revision.of(started), Revision.of(newest))
                    parent = merged_with = newest.id
            rev, created = commit_in(session, store, plan, message, author=author,
                                     parent=parent, name=name, time=time,
                                     clearance=actor.clearance if actor else None)
            result = CommitResult(Revision.of(rev), created, merged_with)
    except DecisionRefusedError as exc:
        with writing(store) as session:  # the refusal is on record too
            audit(session, "impp.commit.refused", author, name, None, parent=parent,
                  reason=str(exc))
        raise
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError):
            raise _lost_race(store, name, parent) from exc
        raise
    return result


def _lost_race(store: Store, name: str, parent: str | None) -> StoreError:
    """Another committer got there first, past the locks; say which revision won."""
    try:
        head_id = head(store, name).id
    except StoreError:
        head_id = "?"
    return StaleRevisionError(_stale_message(name, parent, head_id))
