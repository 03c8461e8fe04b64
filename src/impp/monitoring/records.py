"""Assessments as records: drafted, reviewed by the assessment team, approved by
the mission leadership through the decision service, then frozen.

CPAS "enables the MLT to make decisions aiming to improve performance by
maintaining or scaling up those activities that have a meaningful impact and
adapting or ending those that do not" (mission-leadership ch. 2). So:

- ``draft``: the computed assessment of a period, kept with the revision of
  the plan it assessed (saved again, it is computed again);
- ``reviewed``: the assessment team's ratings of the relevance, extent and
  duration of the mission's effect (each high, medium or low: a reading, the
  seeds name the three and no scale), its narrative evidence and its
  recommendation (maintain, scale up, adapt or end) per objective or output;
- ``approved``: decided by a person holding the decider's role (the SRSG by
  default: the mission leadership), as any decision in the store; frozen:
  nothing changes it afterwards. When an approved recommendation is to
  adapt or end, a draft revision of the plan opens that names it: each such
  objective or output gets a note saying so, and the revision's message
  names the assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from impp.exceptions import ImppError

if TYPE_CHECKING:
    from impp.store.engine import Store

RATINGS = ("relevance", "extent", "duration")
SCALE = ("high", "medium", "low")
RECOMMENDATIONS = ("maintain", "scale up", "adapt", "end")
DECIDER = "srsg"


@dataclass(frozen=True)
class Record:
    """An assessment as the store keeps it."""

    plan: str
    period: str
    revision: str
    status: str
    data: dict[str, Any]
    created_by: str
    updated: dt.datetime
    approved_by: str | None
    opened_revision: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"plan": self.plan, "period": self.period, "revision": self.revision,
                "status": self.status, "created_by": self.created_by,
                "updated": self.updated.isoformat(), "approved_by": self.approved_by,
                "opened_revision": self.opened_revision}


def _record(row: Any) -> Record:
    return Record(row.plan, row.period, row.revision, row.status, row.data, row.created_by,
                  row.updated, row.approved_by, row.opened_revision)


def get_record(store: Store, plan: str, period: str) -> Record | None:
    """The record of ``plan``'s assessment for ``period``, if one was saved."""
    from impp.store.models import AssessmentRow

    with store.reading() as session:
        row = session.get(AssessmentRow, (plan, period))
        return _record(row) if row is not None else None


def shown(computed: dict[str, Any], record: Record | None) -> dict[str, Any]:
    """What a view shows of a period: the assessment computed now, or, once
    reviewed, the record's (an approved one is frozen: later data do not
    change it), with the record's state."""
    whole = dict(record.data) if record is not None and record.status != "draft" \
        else dict(computed)
    if record is not None:
        whole["record"] = record.as_dict()
    return whole


def _frozen(row: Any) -> None:
    if row is not None and row.status == "approved":
        raise ImppError(f"the {row.period} assessment of {row.plan} was approved by "
                        f"{row.approved_by} and is frozen; assess the next period instead")


def save_draft(store: Store, plan: str, data: dict[str, Any], revision: str, *,
               actor: str | None = None) -> Record:
    """Keep ``data`` (an ``impp.assessment/1`` dict) as the draft of its period."""
    from impp.monitoring.store import _actor
    from impp.store.models import AssessmentRow
    from impp.store.repository import audit, now, writing

    who = _actor(actor)
    with writing(store) as session:
        row = session.get(AssessmentRow, (plan, data["period"]), with_for_update=True)
        _frozen(row)
        if row is None:
            row = AssessmentRow(plan=plan, period=data["period"], revision=revision,
                                status="draft", data=data, created_by=who, updated=now())
            session.add(row)
        else:
            row.revision, row.status, row.data, row.updated = revision, "draft", data, now()
        audit(session, "impp.assessment.drafted", who, plan, revision, period=data["period"])
        session.flush()
        return _record(row)


def read_review(path: Path, assessment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The team's review from a YAML file: per objective or output id, ``relevance``,
    ``extent``, ``duration`` (high, medium, low), ``recommendation`` (maintain,
    scale up, adapt, end) and ``narrative``. Every problem is located
    (``FILE:LINE: why``) and raised together."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImppError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ImppError(f"{path}: not YAML: {exc}") from exc
    known = {**assessment["objectives"], **assessment["outputs"]}
    problems: list[str] = []
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(node, yaml.MappingNode):
        raise ImppError(f"{path}:1: the review is a mapping of objective and output ids")
    for key, value in node.value:
        line = key.start_mark.line + 1
        item = key.value
        if item not in known:
            problems.append(f"{path}:{line}: {item!r} is not an objective or output of the "
                            f"assessment ({', '.join(known)})")
            continue
        if not isinstance(value, yaml.MappingNode):
            problems.append(f"{path}:{line}: {item}: give relevance, extent, duration, "
                            "recommendation and narrative")
            continue
        fields: dict[str, Any] = {}
        for k, v in value.value:
            where = f"{path}:{k.start_mark.line + 1}"
            name, val = k.value, getattr(v, "value", None)
            if name in RATINGS:
                if val not in SCALE:
                    problems.append(f"{where}: {item}.{name}: {val!r}; rate it high, medium "
                                    "or low")
                fields[name] = val
            elif name == "recommendation":
                if val not in RECOMMENDATIONS:
                    problems.append(f"{where}: {item}.recommendation: {val!r}; one of "
                                    f"{', '.join(RECOMMENDATIONS)}")
                fields[name] = val
            elif name == "narrative":
                fields[name] = str(val or "").strip()
            else:
                problems.append(f"{where}: {item}: {name!r} is not a field of a review "
                                "(relevance, extent, duration, recommendation, narrative)")
        missing = [f for f in (*RATINGS, "recommendation", "narrative") if not fields.get(f)]
        if missing:
            problems.append(f"{path}:{line}: {item}: missing {', '.join(missing)} (the "
                            "narrative is the evidence next to the numbers)")
        out[item] = fields
    if not out and not problems:
        problems.append(f"{path}:1: the review rates no objective or output")
    if problems:
        raise ImppError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the "
                        "review; nothing was changed:\n" + "\n".join("  " + p for p in problems))
    return out


def review(store: Store, plan: str, period: str, ratings: dict[str, dict[str, Any]], *,
           actor: str | None = None) -> Record:
    """Add the team's ratings, narrative and recommendations to the draft."""
    from impp.monitoring.store import _actor
    from impp.store.models import AssessmentRow
    from impp.store.repository import audit, now, writing

    who = _actor(actor)
    with writing(store) as session:
        row = session.get(AssessmentRow, (plan, period), with_for_update=True)
        if row is None:
            raise ImppError(f"{plan} has no {period} assessment to review: save the draft "
                            f"first (`impp assess {plan} --period {period} --save`)")
        _frozen(row)
        data = dict(row.data)
        data["review"] = {"by": who, "items": ratings}
        row.data, row.status, row.updated = data, "reviewed", now()
        audit(session, "impp.assessment.reviewed", who, plan, row.revision, period=period,
              recommendations={k: v["recommendation"] for k, v in ratings.items()})
        session.flush()
        return _record(row)


def approve(store: Store, plan: str, period: str, *, role: str = DECIDER,
            note: str | None = None) -> Record:
    """Approve the reviewed assessment as ``role`` (the acting user must hold it);
    frozen from then on. An approved recommendation to adapt or end opens a
    draft revision of the plan that names it."""
    from impp.store.models import AssessmentRow
    from impp.store.repository import audit, now, writing
    from impp.store.users import authorise_decision

    actor = authorise_decision(store, role)
    record = get_record(store, plan, period)
    if record is None:
        raise ImppError(f"{plan} has no {period} assessment: save and review it first")
    if record.status == "draft":
        raise ImppError(f"the {period} assessment of {plan} is a draft: the assessment team "
                        f"reviews it first (`impp assess {plan} --period {period} --review "
                        "FILE`), with ratings and narrative next to the numbers")
    if record.status == "approved":
        raise ImppError(f"the {period} assessment of {plan} is already approved (frozen)")
    items = record.data["review"]["items"]
    changes = {k: v for k, v in items.items() if v["recommendation"] in ("adapt", "end")}
    # one transaction: the approval and the draft revision it opens, or neither
    with writing(store) as session:
        row = session.get(AssessmentRow, (plan, period), with_for_update=True)
        assert row is not None
        _frozen(row)
        time = now()
        opened = (_open_revision(session, store, plan, period, changes, actor.name, time)
                  if changes else None)
        data = dict(row.data)
        data["decision"] = {"by": actor.name, "role": role, "note": note,
                            "time": time.isoformat(), "opened_revision": opened}
        row.data, row.status, row.approved_by, row.opened_revision = (
            data, "approved", actor.name, opened)
        row.updated = time
        audit(session, "impp.assessment.approved", actor.name, plan, row.revision,
              period=period, role=role, note=note, opened_revision=opened)
        session.flush()
        return _record(row)


def _open_revision(session: Any, store: Store, plan: str, period: str,
                   changes: dict[str, dict[str, Any]], author: str, time: dt.datetime) -> str:
    """Commit (in ``session``) a revision of ``plan`` noting each adapt/end
    recommendation on its item; committed by the decider, as a decision's is."""
    from impp.io import load_plan_text
    from impp.io.yaml_io import dump_document
    from impp.store.repository import Revision, _plan_row, _resolve, commit_in

    _plan_row(session, plan, lock=True)  # committers of this plan wait for us
    head = Revision.of(_resolve(session, plan, None))
    doc = head.plan_object().to_document()
    for section in ("objectives", "outputs"):
        for item in doc.get(section, []):
            change = changes.get(item.get("id"))
            if change is None:
                continue
            line = (f"{period} performance assessment: {change['recommendation']} "
                    f"(approved by the mission leadership). {change['narrative']}")
            item["notes"] = f"{item['notes']}\n{line}" if item.get("notes") else line
    updated = load_plan_text(dump_document(doc), f"{plan}@{head.id}")
    verbs = ", ".join(f"{v['recommendation']} {k}" for k, v in changes.items())
    rev, _ = commit_in(session, store, updated,
                       f"Draft after the {period} performance assessment: {verbs}",
                       author=author, parent=head.id, name=plan, time=time, decision=True)
    return str(rev.id)
