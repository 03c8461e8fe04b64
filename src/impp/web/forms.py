"""Forms for the common edits: an event, a task, a constraint, an indicator, a risk.

A form edits one item; saving it writes the whole plan with that item added
or replaced, and goes through the same save as the YAML editor (validation,
a revision naming its parent, the merge of disjoint edits). Only the fields
planners change most are on the form; the others of an edited item are kept
as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from impp.io.yaml_io import dump_document
from impp.model.plan import Plan


class FormError(Exception):
    """What is wrong with a posted form, in the user's words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Field:
    """One input of a form."""

    name: str
    label: str
    kind: str = "text"  # text | textarea | number | date | select | checkbox | list
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class FormSpec:
    """The form of one kind of item."""

    section: str
    singular: str
    fields: tuple[Field, ...]


_COMMON_TAIL = (
    Field("source", "Source (the passage it comes from)", "textarea"),
    Field("assumption", "A planning assumption", "checkbox"),
    Field("sensitivity", "Marking", "select",
          ("unclassified", "confidential", "strictly_confidential")),
)
_HEAD = (Field("id", "Id", required=True,
               help="A letter, then letters, digits, _ or -; unique in the plan."),
         Field("name", "Name", required=True))

SPECS: dict[str, FormSpec] = {
    "events": FormSpec("events", "event", (
        *_HEAD, Field("date", "Date", "date", help="Leave empty when the timeline dates it."),
        Field("set_by", "Set by (when others set it)"),
        Field("marks", "IMPP moment it marks", "select", ("", "impp_initiated",
              "sg_strategic_directive_issued", "usg_planning_directive_issued",
              "sg_report_submitted", "mandate_adopted", "srsg_nominated",
              "srsg_directive_issued", "validation_exercise_started", "mission_plan_adopted")),
        *_COMMON_TAIL)),
    "tasks": FormSpec("tasks", "task", (
        *_HEAD, Field("owner", "Owner"),
        Field("component", "Carried out by", "select", ("", "mission", "military", "police",
              "support", "hq", "unct", "national", "partner")),
        Field("duration_min", "Duration: shortest (days)", "number"),
        Field("duration_likely", "Duration: most likely (days)", "number", required=True),
        Field("duration_max", "Duration: longest (days)", "number"),
        Field("after", "After (task ids, comma-separated)", "list"),
        *_COMMON_TAIL)),
    "constraints": FormSpec("constraints", "constraint", (
        *_HEAD, Field("from", "From (event, or task.start / task.end)", required=True),
        Field("to", "To", required=True),
        Field("min_days", "At least (days)", "number"),
        Field("max_days", "At most (days)", "number"),
        Field("kind", "Kind", "select", ("requirement", "criterion", "estimate")),
        *_COMMON_TAIL)),
    "indicators": FormSpec("indicators", "indicator", (
        *_HEAD, Field("measures", "Measures (objective, output or benchmark id)"),
        Field("baseline", "Baseline"), Field("target", "Target"), Field("unit", "Unit"),
        Field("responsible", "Responsible entity"),
        Field("frequency", "Frequency", "select",
              ("", "monthly", "quarterly", "biannual", "annual", "once")),
        Field("data_source", "Data source"),
        *_COMMON_TAIL)),
    "risks": FormSpec("risks", "risk", (
        *_HEAD, Field("text", "What could happen", "textarea"),
        Field("likelihood", "Likelihood", "select", ("", "low", "medium", "high")),
        Field("impact", "Impact", "select", ("", "low", "medium", "high")),
        Field("probability", "Probability (0 to 1, for schedule risk)", "number"),
        Field("impact_days", "Days it adds to each affected task", "number"),
        Field("affects", "Tasks it affects (ids, comma-separated)", "list"),
        *_COMMON_TAIL)),
}
#: The kinds, for the editor's links: (section, what one is called).
KINDS = tuple((s.section, s.singular) for s in SPECS.values())


def spec(kind: str) -> FormSpec:
    """The form of a section (404 for one without a form)."""
    if kind not in SPECS:
        raise HTTPException(404, f"no form for {kind!r}; forms: {', '.join(SPECS)}")
    return SPECS[kind]


def values_of(plan: Plan, kind: str, item_id: str) -> dict[str, Any]:
    """The form's values for an item of the plan."""
    for item in plan.to_document().get(kind, []):
        if item.get("id") == item_id:
            values = dict(item)
            duration = values.pop("duration", None)
            if isinstance(duration, dict):
                values["duration_min"] = duration.get("min", "")
                values["duration_likely"] = duration.get("likely", duration.get("fixed", ""))
                values["duration_max"] = duration.get("max", "")
            elif duration is not None:
                values["duration_likely"] = duration
            if "after" in values:
                values["after"] = ", ".join(
                    a if isinstance(a, str) else a.get("task", "") for a in values["after"])
            if isinstance(values.get("affects"), list):
                values["affects"] = ", ".join(values["affects"])
            if isinstance(values.get("impact_days"), dict):
                values["impact_days"] = values["impact_days"].get("fixed", "")
            return values
    raise HTTPException(404, f"no {kind} item {item_id!r}")


def _number(text: str, label: str, problems: list[str]) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{label}: {text!r} is not a number")
        return None
    return int(value) if value.is_integer() else value


def item_of(kind: str, form: dict[str, Any], original: dict[str, Any] | None) -> dict[str, Any]:
    """The item a posted form describes (fields not on the form kept from ``original``)."""
    problems: list[str] = []
    out: dict[str, Any] = {k: v for k, v in (original or {}).items()}
    for f in SPECS[kind].fields:
        if f.name.startswith("duration_"):
            continue
        raw = str(form.get(f.name, "")).strip()
        if f.required and not raw:
            problems.append(f"{f.label}: required")
            continue
        if f.kind == "checkbox":
            value: Any = raw in ("on", "true", "1")
        elif f.kind == "number":
            value = _number(raw, f.label, problems)
        elif f.kind == "list":
            value = [x.strip() for x in raw.split(",") if x.strip()]
        else:
            value = raw or None
        if value in (None, [], False, ""):
            out.pop(f.name, None)
        else:
            out[f.name] = value
    if kind == "tasks":
        lo = _number(str(form.get("duration_min", "")), "Shortest", problems)
        likely = _number(str(form.get("duration_likely", "")), "Most likely", problems)
        hi = _number(str(form.get("duration_max", "")), "Longest", problems)
        if lo is None and hi is None:
            out["duration"] = likely
        else:
            out["duration"] = {k: v for k, v in (("min", lo), ("likely", likely),
                                                  ("max", hi)) if v is not None}
    if problems:
        raise FormError(problems)
    return out


def apply(plan: Plan, kind: str, original_id: str, form: dict[str, Any]) -> str:
    """The plan file with the form's item added (or the item ``original_id`` replaced)."""
    doc = plan.to_document()
    items: list[dict[str, Any]] = list(doc.get(kind, []))
    index = next((i for i, x in enumerate(items) if x.get("id") == original_id), None)
    if original_id and index is None:
        raise FormError([f"{original_id!r} is no longer in the plan: it was removed since"])
    item = item_of(kind, form, items[index] if index is not None else None)
    clash = [x for i, x in enumerate(items) if x.get("id") == item.get("id") and i != index]
    if clash:
        raise FormError([f"Id: {item['id']!r} is already taken in {kind}; choose another"])
    if index is None:
        items.append(item)
    else:
        items[index] = item
    doc[kind] = items
    return dump_document(doc)
