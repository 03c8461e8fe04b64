"""Decision points of the IMPP as service functions.

A decision point (the Secretary-General decides on the strategic objectives,
the SRSG adopts the Mission Plan, ...) is passed by :func:`decide`, which
follows one pattern: check the current state, change it in one transaction
(record the decision in the plan, move the plan to the next level, commit
that as a new revision, freeze a baseline named after the decision), write
audit entries with dotted action ids (``impp.decision.approved``,
``impp.baseline.frozen``), then notify the observers. A refusal changes
nothing but the audit log (``impp.decision.refused``) and raises
:class:`~impp.exceptions.DecisionRefusedError` saying exactly what is missing.

The conditions come from the IMPP guidelines (2006) as ``impp process``
lists them: the plan must stand in the decision's level, every output the
guidelines require before it must be in ``process.outputs``, and the role
must be the one the guidelines name as the decider.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from impp.exceptions import DecisionRefusedError, StoreError
from impp.model.plan import Plan
from impp.process.catalogue import DecisionPoint, Process, load_process
from impp.store.engine import Store
from impp.store.models import BaselineRow, DecisionRow, PlanRow
from impp.store.repository import (
    Revision,
    _plan_row,
    _resolve,
    audit,
    commit_in,
    default_author,
    now,
    writing,
)
from impp.store.users import (
    USER_ENV,
    PermissionDeniedError,
    User,
    authorise_decision,
)


def _may_open(store: Store, actor: User, plan: str) -> None:
    from impp.store.access import may_open

    if not may_open(store, actor, plan):
        raise PermissionDeniedError(f"{actor.name} plays in an exercise and may not decide on "
                                    f"{plan}: only their syndicate's plan is theirs")


@dataclass(frozen=True)
class DecisionOutcome:
    """A decision point passed: the new revision, the baseline frozen, the levels."""

    plan: str
    decision: str
    role: str
    from_level: str
    to_level: str
    revision: Revision
    baseline: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {"plan": self.plan, "decision": self.decision, "by": self.role,
                "from_level": self.from_level, "to_level": self.to_level,
                "revision": self.revision.id, "baseline": self.baseline}


def decision_problems(plan: Plan, decision: DecisionPoint, role: str,
                      process: Process | None = None) -> list[str]:
    """What stops ``role`` from passing ``decision`` on ``plan`` (empty: nothing).

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> p = load_process()
    >>> carana = load_plan(carana_path())
    >>> for problem in decision_problems(carana, p.decision("sg_report_submitted"), "srsg"):
    ...     print(problem[:70])
    outputs missing: first_draft_mission_plan (First Draft Mission Plan, I
    only the Secretary-General (sg) takes this decision, not the Special R
    """
    process = process or load_process()
    problems: list[str] = []
    level = process.level_of_decision(decision.id)
    current = plan.process.level
    if level is None:  # the entry decision initiates the process
        if any(d.decision == decision.id for d in plan.process.decisions):
            problems.append("the IMPP has already been initiated for this plan")
    elif current != level.id:
        here = process.level(current).name if current in process.level_ids else "unknown"
        problems.append(
            f"the plan stands in Level {current} ({here}), and this decision point closes "
            f"Level {level.id} ({level.name})"
        )
    produced = set(plan.process.outputs)
    missing = [o for o in decision.required_outputs if o not in produced]
    if missing:
        described = []
        for output_id in missing:
            out = process.output(output_id)
            described.append(f"{output_id} ({out.name}, IMPP guidelines §{out.section})")
        problems.append("outputs missing: " + ", ".join(described))
    if role != decision.decider:
        who = process.role_name(decision.decider)
        if role not in process.role_ids:
            problems.append(
                f"unknown role {role!r} (roles: {', '.join(process.role_ids)}); "
                f"this decision is taken by the {who} ({decision.decider})"
            )
        else:
            problems.append(
                f"only the {who} ({decision.decider}) takes this decision, "
                f"not the {process.role_name(role)} ({role})"
            )
    return problems


def _with_decision(plan: Plan, decision: DecisionPoint, role: str, note: str | None,
                   date: dt.date) -> Plan:
    doc = plan.to_document()
    process = dict(doc.get("process", {}))
    record: dict[str, Any] = {"decision": decision.id, "by": role, "date": date.isoformat()}
    if note:
        record["note"] = note
    process["decisions"] = [*process.get("decisions", []), record]
    process["level"] = decision.next_level
    doc["process"] = process
    return Plan.model_validate(doc)


def _baseline_name(session: Session, plan: str, decision: str) -> str:
    # A decision can be passed again (a significant revision loops back to
    # Level 1.2): later baselines get a number.
    taken = session.scalar(
        select(func.count()).select_from(BaselineRow)
        .where(BaselineRow.plan == plan, BaselineRow.decision == decision)
    ) or 0
    return decision if taken == 0 else f"{decision}-{taken + 1}"


def decide(store: Store, plan: str, decision: str, role: str | None = None, *,
           note: str | None = None, user: User | None = None,
           date: dt.date | None = None) -> DecisionOutcome:
    """Pass decision point ``decision`` on the newest revision of ``plan`` as ``role``.

    ``user`` is who decides (default: the acting user, ``IMPP_USER``); they
    must hold the user role of ``role`` (default: the decision's decider),
    which must be the decider. Raises :class:`DecisionRefusedError` (with
    every reason) when the plan is not in the decision's level, outputs are
    missing or the role is not the decider, and
    :class:`~impp.store.users.PermissionDeniedError` when the person does not
    hold the role; either refusal is written to the audit log and nothing
    else changes.
    """
    process = load_process()
    if decision not in process.decision_ids:
        raise StoreError(
            f"unknown decision point {decision!r}: `impp process` lists them "
            f"({', '.join(process.decision_ids)})"
        )
    point = process.decision(decision)
    role = role or point.decider
    try:
        actor = authorise_decision(store, role, user)
        _may_open(store, actor, plan)
    except PermissionDeniedError as exc:
        who = user.name if user is not None else (os.environ.get(USER_ENV) or default_author())
        with writing(store) as session:
            if session.get(PlanRow, plan) is not None:
                audit(session, "impp.decision.refused", who, plan, None, decision=point.id,
                      by=role, reasons=[str(exc)])
        raise
    author = actor.name
    refusal: list[str] = []
    outcome: DecisionOutcome | None = None
    with writing(store) as session:
        _plan_row(session, plan, lock=True)  # committers of this plan wait for us
        head = Revision.of(_resolve(session, plan, None))
        current = head.plan_object()
        refusal = decision_problems(current, point, role, process)
        if not refusal:
            time = now()
            updated = _with_decision(current, point, role, note, (date or time.date()))
            message = f"Decision point {point.id} passed by {role}: {point.name}"
            if note:
                message += f"\n\n{note}"
            rev, _ = commit_in(session, store, updated, message, author=author,
                               parent=head.id, name=plan, time=time, decision=True)
            baseline = _baseline_name(session, plan, point.id)
            session.add(DecisionRow(plan=plan, decision=point.id, role=role, author=author,
                                    time=time, note=note, from_level=current.process.level,
                                    to_level=point.next_level, revision=rev.id))
            session.add(BaselineRow(plan=plan, name=baseline, revision=rev.id,
                                    decision=point.id, author=author, time=time))
            audit(session, "impp.decision.approved", author, plan, rev.id, decision=point.id,
                  by=role, note=note, from_level=current.process.level,
                  to_level=point.next_level,
                  source=decision_source(point, process))
            audit(session, "impp.baseline.frozen", author, plan, rev.id, baseline=baseline,
                  decision=point.id)
            outcome = DecisionOutcome(plan, point.id, role, current.process.level,
                                      point.next_level, Revision.of(rev), baseline)
    if outcome is not None:
        return outcome
    with writing(store) as session:
        audit(session, "impp.decision.refused", author, plan, head.id, decision=point.id,
              by=role, reasons=refusal)
    name = f"{point.name} [{point.id}]"
    raise DecisionRefusedError(
        f"decision point {name} cannot be passed on {plan}@{head.id}:\n"
        + "\n".join(f"  - {r}" for r in refusal)
        + f"\n(source: {decision_source(point, process)})"
    )


def decision_source(point: DecisionPoint, process: Process | None = None) -> str:
    """The passage of the IMPP guidelines a decision point comes from.

    >>> decision_source(load_process().decision("mission_plan_adopted"))
    'IMPP guidelines, Level 2.2 (§2.2.1–2.2.3)'
    """
    process = process or load_process()
    if point.source:
        return point.source
    level = process.level_of_decision(point.id)
    return level.source if level else process.source_document
