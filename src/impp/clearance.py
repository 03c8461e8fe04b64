"""What a reader may see: one withholding rule for every command, document and chart.

The analysis is always of the whole plan (one truth, computed once); what a
reader sees is its projection without what is marked above their clearance.
A :class:`Clearance` knows the withheld items (by id, with a task's
``.start`` and ``.end``, and by name) and applies the report's rules to any
JSON-ready data a command is about to show (:meth:`Clearance.redact`):

- a mapping entry keyed by a withheld id is left out (an event, a task, a
  criterion, an actor...);
- a record in a list (a finding, a table row, a movement, a what-if row)
  that names a withheld item anywhere is left out, and counted;
- an id in a list of ids (a critical path, a finding's items) is left out;
- any other text that names a withheld item reads :data:`WITHHELD`.

Pictures are drawn from data redacted the same way (:meth:`Clearance.redact`
works on the engines' frozen dataclasses too) or from the plan without the
withheld items (:meth:`Clearance.plan`).

Who reads: the user ``IMPP_USER`` names reads at their clearance, from the
store they belong to (:func:`reader_level`); ``--max-sensitivity`` lowers
it, never raises it. With nobody named, a plan file is read whole (its
holder has it all) and a store with people shows only unclassified content.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from impp.exceptions import SensitivityError
from impp.model import Plan, Sensitivity
from impp.model.plan import SECTIONS

#: Shown wherever visible content points at a withheld item.
WITHHELD = "(withheld)"
#: A commit message or note that names a withheld item, as a reader below it reads it.
MESSAGE_WITHHELD = "(withheld: the message names an item above your clearance)"


@dataclass(frozen=True)
class Clearance:
    """The reader's level and what it withholds of one plan. Build with :func:`clearance`."""

    level: Sensitivity
    hidden: frozenset[str]
    names: frozenset[str]
    #: Items of the plan marked above ``level``.
    omitted_items: int
    #: The highest marking of what the reader may see (the mission's at least).
    marking: Sensitivity
    _pattern: re.Pattern[str] | None = dataclasses.field(default=None, compare=False)

    @property
    def withholds(self) -> bool:
        """True when something of the plan is above the reader's level."""
        return bool(self.hidden)

    def names_hidden(self, text: str) -> bool:
        """Does ``text`` name a withheld item, by id (as a word) or by name?

        >>> from impp.io import load_plan_text
        >>> plan = load_plan_text('''
        ... mission: {id: m, name: M}
        ... tasks: [{id: lynx, name: Lynx move, duration: 2, sensitivity: confidential}]
        ... ''', "p.yaml")
        >>> c = clearance(plan, Sensitivity.unclassified)
        >>> [c.names_hidden(t) for t in ("lynx.end", "the Lynx move", "lynx_x", "minx")]
        [True, True, False, False]
        """
        return self._pattern is not None and self._pattern.search(text) is not None

    def message(self, text: str) -> str:
        """A commit message or decision note as this reader may read it: whole, or
        withheld when it names an item above their clearance (the message carries
        the marking of what it names)."""
        return MESSAGE_WITHHELD if text and self.names_hidden(text) else text

    def mentions(self, data: Any) -> bool:
        """Does any text (or mapping key) anywhere in ``data`` name a withheld item?"""
        if not self.withholds:
            return False
        if isinstance(data, str):
            return self.names_hidden(data)
        if isinstance(data, dict):
            return any(self.mentions(k) or self.mentions(v) for k, v in data.items())
        if isinstance(data, list | tuple | set | frozenset):
            return any(self.mentions(v) for v in data)
        return False

    def key_hidden(self, key: str) -> bool:
        """Is ``key`` a withheld id (or a withheld task's start or end)?"""
        return key in self.hidden or _base(key) in self.hidden

    def redact(self, data: Any) -> Any:
        """``data`` as the reader may see it (the rules in the module's docstring).

        >>> from impp.io import load_plan_text
        >>> plan = load_plan_text('''
        ... mission: {id: m, name: M}
        ... tasks: [{id: a, name: A, duration: 1},
        ...         {id: lynx, name: Lynx move, duration: 2, sensitivity: confidential}]
        ... ''', "p.yaml")
        >>> c = clearance(plan, Sensitivity.unclassified)
        >>> c.redact({"tasks": {"a": 1, "lynx": 2}, "path": ["a", "lynx"],
        ...           "findings": [{"message": "Lynx move is late"}, {"message": "ok"}],
        ...           "note": "after lynx.end"})
        {'tasks': {'a': 1}, 'path': ['a'], 'findings': [{'message': 'ok'}], 'note': '(withheld)'}
        """
        return self.redact_counted(data)[0]

    def redact_counted(self, data: Any) -> tuple[Any, int]:
        """``redact(data)`` and how many records (findings, rows...) it left out."""
        if not self.withholds:
            return data, 0
        dropped = [0]
        return self._walk(data, dropped)[0], dropped[0]

    def document(self, plan: Plan) -> dict[str, Any]:
        """The plan's document (as a plan file holds it) without the withheld items.

        Visible items keep their place; their references to withheld ones are
        left out of id lists or read :data:`WITHHELD`.
        """
        doc = plan.to_document()
        if not self.withholds:
            return doc
        out: dict[str, Any] = {}
        for key, value in doc.items():
            if key in SECTIONS and isinstance(value, list):
                kept = [item for item in value
                        if not (isinstance(item, dict) and item.get("id") in self.hidden)]
                out[key] = [self._walk(item, [0])[0] for item in kept]
            else:
                out[key] = self._walk(value, [0])[0]
        return out

    def plan(self, plan: Plan) -> Plan:
        """The plan without the withheld items and the visible ones that point at them.

        For pictures only (the conflict analysis's network and problem tree):
        analyses run on the whole plan.
        """
        if not self.withholds:
            return plan
        gone = set(self.hidden)
        changed = True
        while changed:  # what points at a dropped item goes too, until nothing does
            changed = False
            for _, item in plan.items():
                if item.id in gone:
                    continue
                if any(_points_at(getattr(item, f, None), gone) for f in item.refs):
                    gone.add(item.id)
                    changed = True
        fields = {name: tuple(i for i in plan.section(name) if i.id not in gone)
                  for name in SECTIONS}
        return plan.model_copy(update=fields)

    def note(self, records: int = 0) -> str | None:
        """The sentence a view prints when it left something out, else ``None``."""
        if not self.withholds:
            return None
        text = (f"Left out at the reader's level ({self.level.label}): "
                f"{_plural(self.omitted_items, 'item')} marked above it")
        if records:
            text += f", and {_plural(records, 'row or finding', 'rows or findings')} naming them"
        return text + "."

    # -- internals -----------------------------------------------------------------

    def _walk(self, data: Any, dropped: list[int]) -> tuple[Any, bool]:
        """(redacted data, whether it named a withheld item)."""
        if isinstance(data, str):
            return (WITHHELD, True) if self.names_hidden(data) else (data, False)
        if isinstance(data, dict):
            out: dict[Any, Any] = {}
            tainted = False
            for key, value in data.items():
                if isinstance(key, str) and self.key_hidden(key):
                    continue
                new, hit = self._walk(value, dropped)
                tainted |= hit
                out[key] = new
            return out, tainted
        if isinstance(data, list | tuple):
            kept: list[Any] = []
            tainted = False
            for value in data:
                new, hit = self._walk(value, dropped)
                if hit:
                    # an id in a list of ids taints its record; a record just goes
                    if isinstance(value, str):
                        tainted = True
                    else:
                        dropped[0] += 1
                    continue
                kept.append(new)
            return (tuple(kept) if isinstance(data, tuple) else kept), tainted
        if dataclasses.is_dataclass(data) and not isinstance(data, type):
            changes: dict[str, Any] = {}
            tainted = False
            for f in dataclasses.fields(data):
                if not f.init or not f.compare:
                    continue  # machinery (a compiled network), not content
                value = getattr(data, f.name)
                if not isinstance(value, str | dict | list | tuple) and not (
                        dataclasses.is_dataclass(value)):
                    continue
                new, hit = self._walk(value, dropped)
                tainted |= hit
                if new is not value:
                    changes[f.name] = new
            return (dataclasses.replace(data, **changes) if changes else data), tainted
        return data, False


def clearance(plan: Plan, level: Sensitivity) -> Clearance:
    """What ``plan`` withholds from a reader at ``level``.

    Raises :class:`SensitivityError` when the mission itself is marked above it.
    """
    rank = level.rank
    if plan.mission.sensitivity.rank > rank:
        raise SensitivityError(
            f"the mission itself is marked {plan.mission.sensitivity.label}: nothing of it can "
            f"be shown at {level.label}; it needs a reader cleared to "
            f"{plan.mission.sensitivity.value} or higher (--max-sensitivity "
            f"{plan.mission.sensitivity.value}).")
    hidden: set[str] = set()
    names: set[str] = set()
    shown = [plan.mission.sensitivity]
    omitted = 0
    for section, item in plan.items():
        if item.sensitivity.rank <= rank:
            shown.append(item.sensitivity)
            continue
        omitted += 1
        hidden.add(item.id)
        if item.name.strip():
            names.add(item.name)
        if section == "tasks":
            hidden.update({f"{item.id}.start", f"{item.id}.end"})
    # a name a visible item also bears is not a secret (a task named as the provision it serves)
    names -= {item.name for _, item in plan.items() if item.sensitivity.rank <= rank}
    pattern = None
    if hidden:
        ids = "|".join(re.escape(i) for i in sorted(hidden, key=len, reverse=True))
        alternatives = [rf"(?<![A-Za-z0-9_\-])(?:{ids})(?![A-Za-z0-9_\-])"]
        if names:
            alternatives.append("|".join(
                re.escape(n) for n in sorted(names, key=len, reverse=True)))
        pattern = re.compile("|".join(alternatives))
    return Clearance(level, frozenset(hidden), frozenset(names), omitted,
                     max(shown, key=lambda s: s.rank), pattern)


def reader_level(requested: str | None = None, *, store: Any = None,
                 store_location: str | None = None) -> Sensitivity:
    """The level the acting reader sees at.

    ``requested`` (``--max-sensitivity``) may lower the acting user's clearance,
    never raise it. ``store``: an open store to find the user in; otherwise the
    store at ``store_location`` (or the default one) when ``IMPP_USER`` names
    someone. With nobody named: a plan file is read whole, and a store that has
    people shows unclassified content only (``store`` given).
    """
    wanted = parse_sensitivity(requested) if requested is not None else None
    name = os.environ.get("IMPP_USER", "").strip()
    if not name:
        if store is not None:
            from impp.store.users import count_users

            if count_users(store):
                ceiling = Sensitivity.unclassified
                if wanted is not None and wanted.rank > ceiling.rank:
                    raise SensitivityError(
                        f"this store has people: to read at {wanted.value}, set IMPP_USER "
                        "to your user name (`impp user list` shows them)")
                return wanted or ceiling
        return wanted or Sensitivity.strictly_confidential
    user = _acting(store, store_location)
    cleared: Sensitivity = user.clearance
    if wanted is None:
        return cleared
    if wanted.rank > cleared.rank:
        raise SensitivityError(
            f"{name} is cleared to {user.clearance.value}: --max-sensitivity {wanted.value} "
            "is above it; an administrator sets clearances (`impp user add`)")
    return wanted


def _acting(store: Any, store_location: str | None) -> Any:
    from impp.exceptions import StoreError
    from impp.store.users import acting_user

    if store is not None:
        user = acting_user(store)
        assert user is not None  # a name is set: unknown names raise
        return user
    from impp.store.engine import open_store

    try:
        opened = open_store(store_location)
    except StoreError as exc:
        raise SensitivityError(
            f"IMPP_USER={os.environ.get('IMPP_USER', '').strip()} reads at the clearance the "
            f"store gives them, and the store cannot be opened: {exc}. Unset IMPP_USER to "
            "read a plan file whole, or name the store with IMPP_DATABASE_URL") from None
    try:
        user = acting_user(opened)
        assert user is not None
        return user
    finally:
        opened.close()


def parse_sensitivity(value: str) -> Sensitivity:
    """A marking from its name, or a clear error listing the accepted ones.

    >>> parse_sensitivity("confidential").label
    'CONFIDENTIAL'
    >>> parse_sensitivity("secret")
    Traceback (most recent call last):
    ...
    impp.exceptions.SensitivityError: unknown marking 'secret'; use one of: unclassified, \
confidential, strictly_confidential.
    """
    try:
        return Sensitivity(value)
    except ValueError:
        names = ", ".join(s.value for s in Sensitivity)
        raise SensitivityError(f"unknown marking {value!r}; use one of: {names}.") from None


def _points_at(value: Any, ids: set[str]) -> bool:
    if isinstance(value, str):
        return value in ids or _base(value) in ids
    if isinstance(value, tuple | list | frozenset | set):
        return any(_points_at(v, ids) for v in value)
    if isinstance(value, BaseModel):  # a link of the model (task and lag)
        return any(_points_at(getattr(value, f), ids) for f in type(value).model_fields)
    return False


def _base(event_id: str) -> str:
    for end in (".start", ".end"):
        if event_id.endswith(end):
            return event_id[: -len(end)]
    return event_id


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


__all__ = ["WITHHELD", "Clearance", "SensitivityError", "clearance", "parse_sensitivity",
           "reader_level"]
