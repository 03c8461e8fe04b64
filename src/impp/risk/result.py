"""What a schedule-risk run returns: plain, frozen data that views render."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

#: The percentiles reported for every event.
LEVELS: tuple[tuple[str, float], ...] = (("p50", 0.5), ("p80", 0.8), ("p90", 0.9))


@dataclass(frozen=True)
class Distribution:
    """An event's times over all samples, as a histogram with exact extremes.

    ``counts[0]`` holds samples below ``lo`` and ``counts[-1]`` those at or
    above ``lo + width * (len(counts) - 2)``; ``low``/``high`` close the
    range: the exact minimum and maximum where samples fall outside the bins,
    else the edges of the outermost bins that hold samples.

    >>> d = Distribution(0.0, 1.0, np.array([0, 5, 5, 0]), 0.0, 2.0)
    >>> d.quantile(0.5), d.quantile(0.9)
    (1.0, 1.8)
    """

    lo: float
    width: float
    counts: npt.NDArray[np.int64]
    low: float
    high: float

    @property
    def total(self) -> int:
        """Number of samples."""
        return int(self.counts.sum())

    def edges(self) -> npt.NDArray[np.float64]:
        """Bin edges, the outer bins closed by the exact minimum and maximum."""
        nb = len(self.counts) - 2
        inner = self.lo + self.width * np.arange(nb + 1)
        left = min(self.low, self.lo)
        right = max(self.high, float(inner[-1]))
        return np.concatenate(([left], inner, [right]))

    def quantile(self, q: float) -> float:
        """The value below which a share ``q`` of the samples lie (interpolated)."""
        if self.low == self.high:
            return self.low
        edges = self.edges()
        cum = np.concatenate(([0], np.cumsum(self.counts)))
        target = q * cum[-1]
        i = int(np.searchsorted(cum, target, side="left"))
        i = min(max(i, 1), len(self.counts))
        before, inside = cum[i - 1], self.counts[i - 1]
        a, b = max(edges[i - 1], self.low), min(edges[i], self.high)
        if inside == 0:
            return float(a)
        return float(a + (b - a) * (target - before) / inside)

    def cdf(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Points of the cumulative distribution (for an S-curve)."""
        edges = np.clip(self.edges(), self.low, self.high)
        cum = np.concatenate(([0], np.cumsum(self.counts))) / max(self.total, 1)
        return edges, cum


@dataclass(frozen=True)
class EventRisk:
    """When an event happens: percentiles in days from day 0, and dates."""

    name: str
    distribution: Distribution
    anchor: dt.date | None

    def percentile(self, q: float) -> float:
        """Days from day 0 by which a share ``q`` of the samples have the event."""
        return self.distribution.quantile(q)

    def date(self, q: float) -> dt.date | None:
        """The calendar date of a percentile, when day 0 has a date."""
        if self.anchor is None:
            return None
        return self.anchor + dt.timedelta(days=math.floor(self.percentile(q) + 1e-9))

    def as_dict(self) -> dict[str, Any]:
        """The event as JSON-ready data."""
        out: dict[str, Any] = {"name": self.name}
        for key, q in LEVELS:
            out[key] = round(self.percentile(q), 2)
        if self.anchor is not None:
            out["dates"] = {key: str(self.date(q)) for key, q in LEVELS}
        return out


@dataclass(frozen=True)
class CheckRisk:
    """A criterion (or a requirement's deadline) and the chance it holds.

    ``probability`` is ``None`` when one of its events is not scheduled by
    the plan (undated, and nothing comes before it).
    """

    name: str
    kind: str
    from_: str
    to: str
    min_days: float | None
    max_days: float | None
    probability: float | None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data."""
        return {
            "name": self.name, "kind": self.kind, "from": self.from_, "to": self.to,
            "min_days": self.min_days, "max_days": self.max_days,
            "probability": None if self.probability is None else round(self.probability, 4),
            "source": self.source,
        }


@dataclass(frozen=True)
class DriverRisk:
    """A task (or a risk event) as a driver of the schedule.

    ``criticality``: share of samples in which the task is on the critical
    path to the plan's last event; ``criticality_by_criterion``: the same for
    the path from each criterion's ``from`` event to its ``to`` event;
    ``sensitivity``: Spearman rank correlation of the task's duration draw
    (or the risk event's occurrence) with each criterion's outcome (days
    between its events), ``None`` where the task's duration is fixed.
    """

    name: str
    criticality: float | None
    criticality_by_criterion: dict[str, float] = field(default_factory=dict)
    sensitivity: dict[str, float | None] = field(default_factory=dict)
    probability: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The driver as JSON-ready data."""
        out: dict[str, Any] = {"name": self.name}
        if self.probability is not None:
            out["probability"] = self.probability
        if self.criticality is not None:
            out["criticality"] = round(self.criticality, 4)
            out["criticality_by_criterion"] = {
                k: round(v, 4) for k, v in self.criticality_by_criterion.items()
            }
        out["sensitivity"] = {
            k: None if v is None else round(v, 4) for k, v in self.sensitivity.items()
        }
        return out


@dataclass(frozen=True)
class RiskResult:
    """The outcome of :func:`impp.risk.simulate`.

    ``sensitivity_samples`` is the number of samples (the first ones, by
    index) the rank correlations are computed on; every other figure uses
    all samples.
    """

    samples: int
    seed: int
    anchor: dt.date | None
    reference: str | None
    seasons_applied: bool
    sensitivity_samples: int
    criteria: dict[str, CheckRisk]
    requirements: dict[str, CheckRisk]
    events: dict[str, EventRisk]
    tasks: dict[str, DriverRisk]
    risks: dict[str, DriverRisk]
    deployment: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (schema ``impp.risk/1``)."""
        return {
            "schema": "impp.risk/1",
            "samples": self.samples,
            "seed": self.seed,
            "day0": str(self.anchor) if self.anchor else None,
            "reference_event": self.reference,
            "seasons_applied": self.seasons_applied,
            "sensitivity_samples": self.sensitivity_samples,
            "criteria": {k: v.as_dict() for k, v in self.criteria.items()},
            "requirements": {k: v.as_dict() for k, v in self.requirements.items()},
            "events": {k: v.as_dict() for k, v in self.events.items()},
            "tasks": {k: v.as_dict() for k, v in self.tasks.items()},
            "risks": {k: v.as_dict() for k, v in self.risks.items()},
            "deployment": self.deployment,
        }
