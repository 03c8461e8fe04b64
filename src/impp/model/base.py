"""Building blocks shared by every plan item: ids, names, sources, sensitivity."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints

#: A stable item id: starts with a letter; letters, digits, ``_`` and ``-``.
#: Dots are reserved: task ``x`` defines the events ``x.start`` and ``x.end``.
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=120)]


#: The longest span a plan may state, in days: a hundred years. Durations, lags,
#: bounds and days counted from day 0 stay inside it, so every date stays in the
#: calendar and every engine's integers and floats stay finite: a plan that
#: validates always analyses.
MAX_DAYS = 36_500
#: The most of anything a plan counts (people, assets, tonnes, trips).
MAX_COUNT = 10_000_000
#: The most money a rate, line or ceiling may state (ten trillion).
MAX_MONEY = 10**13


class Sensitivity(StrEnum):
    """Marking of an item, in increasing order of restriction."""

    unclassified = "unclassified"
    confidential = "confidential"
    strictly_confidential = "strictly_confidential"

    @property
    def rank(self) -> int:
        """Order of restriction: 0 unclassified, 1 confidential, 2 strictly.

        >>> Sensitivity.confidential.rank > Sensitivity.unclassified.rank
        True
        """
        return _RANK[self.value]

    @property
    def label(self) -> str:
        """The marking as printed on a document.

        >>> Sensitivity.strictly_confidential.label
        'STRICTLY CONFIDENTIAL'
        """
        return self.value.replace("_", " ").upper()


_RANK = {"unclassified": 0, "confidential": 1, "strictly_confidential": 2}


class Frozen(BaseModel):
    """A value object: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Item(Frozen):
    """Every plan item has a stable id, a name, where it comes from and a marking.

    ``refs`` maps a field name to the plan section(s) its ids must exist in;
    the Plan checks all of them in one place (:mod:`impp.model.refs`).
    """

    refs: ClassVar[dict[str, tuple[str, ...]]] = {}

    id: Id
    name: str
    source: str | None = None
    sensitivity: Sensitivity = Sensitivity.unclassified
    #: True when the item is a stated planning assumption, not a fact from a source.
    assumption: bool = False
    notes: str | None = None
