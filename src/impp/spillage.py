"""Spillage: visible text that names an item marked above it.

A task marked strictly confidential is withheld from an unclassified reader,
but a visible risk whose text names the secret operation, or a visible
constraint whose notes quote it, carries the secret to every reader of that
item, in every page and document. :func:`spillage` finds each such place:
an item (or the mission) whose text fields name, by id or by name, an item
marked above the item's own marking, or whose commit message does.

Code: ``clearance.spillage`` (warning; ``impp commit --strict`` refuses a
commit that has one).
"""

from __future__ import annotations

import re
from typing import Any

from impp.doctrine import registry
from impp.findings import Finding
from impp.model import Plan, Sensitivity

SOURCE = ("impp's clearance rule (a marking covers the item's words wherever they are "
          "written, not only the item)")
#: Names shorter than this are too common to be read as naming the item.
MIN_NAME = 8
_TEXT_FIELDS = ("name", "source", "notes", "text", "description", "contingency", "owner",
                "provision", "success", "partners", "responsible", "objective", "mandate")


def _patterns(plan: Plan) -> list[tuple[str, Sensitivity, re.Pattern[str]]]:
    out = []
    for _, item in plan.items():
        if item.sensitivity.rank == 0:
            continue
        words = [re.escape(item.id)]
        if len(item.name) >= MIN_NAME:
            words.append(re.escape(item.name))
        out.append((item.id, item.sensitivity,
                    re.compile(r"(?<![\w.])(" + "|".join(words) + r")(?![\w])", re.I)))
    return out


def _texts(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string of an item's fields (nested ones too), with its field path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list | tuple):
        return [t for i, v in enumerate(value) for t in _texts(v, f"{path}[{i}]")]
    return []


def spillage(plan: Plan, message: str | None = None) -> list[Finding]:
    """Where visible text names an item marked above it (see the module); ``message``:
    a commit message, read as unclassified text."""
    marked = _patterns(plan)
    if not marked:
        return []
    out: list[Finding] = []
    places: list[tuple[str, Sensitivity, str, str]] = []
    m = plan.mission
    for field in _TEXT_FIELDS:
        value = getattr(m, field, None)
        if isinstance(value, str):
            places.append(("the mission", m.sensitivity, field, value))
    for section, item in plan.items():
        doc = item.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for path, text in _texts({k: v for k, v in doc.items() if k != "id"}):
            if path.split(".")[0].split("[")[0] in _TEXT_FIELDS:
                places.append((f"{section[:-1] if section.endswith('s') else section} "
                               f"{item.id}", item.sensitivity, path, text))
    if message:
        places.append(("the commit message", Sensitivity.unclassified, "message", message))
    for where, level, field, text in places:
        for secret, secret_level, pattern in marked:
            if secret_level.rank <= level.rank or where.endswith(f" {secret}"):
                continue
            found = pattern.search(text)
            if found is None:
                continue
            quoted = text[max(0, found.start() - 30):found.end() + 30]
            said = (f"The commit message names {secret}, marked {secret_level.value}: "
                    f"everyone who reads the plan's log reads it ('...{quoted}...'). Say "
                    f"it without naming {secret}."
                    if field == "message" else
                    f"The {field} of {where} (marked {level.value}) names {secret}, marked "
                    f"{secret_level.value}: every reader of {where} reads it "
                    f"('...{quoted}...'). Mark {where} {secret_level.value} too, or say it "
                    f"without naming {secret}.")
            out.append(Finding(
                "warning", "clearance.spillage", said,
                tuple(x for x in (where.split(" ")[-1], secret) if x != "message"),
                SOURCE))
            break
    return out


@registry.check(
    "plan",
    registry.Rule("clearance.spillage", "warning",
                  "visible text (an item's name, source, notes; a commit message) names an "
                  "item marked above it, so every reader of the text reads the secret",
                  SOURCE),
)
def spillage_check(ctx: registry.Context) -> list[Finding]:
    """Spillage in the plan's own text."""
    return spillage(ctx.plan)


__all__ = ["spillage"]
