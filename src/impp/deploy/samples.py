"""The deployment risk's draws, kept apart from the solver: reading a cached
analysis (and so unpickling its samples) must not load OR-Tools."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class RiskSamples:
    """The draws behind :func:`~impp.deploy.risk.deployment_risk`, sample by sample: the day each
    unit is in place (``arrivals``: samples x units, in ``units`` order) and
    each milestone's day. What the cost estimate phases its uncertainty by."""

    units: tuple[str, ...]
    arrivals: np.ndarray
    milestones: dict[str, np.ndarray]

    def __eq__(self, other: object) -> bool:
        """Equal draws (arrays compared by value, so analyses compare as values)."""
        if not isinstance(other, RiskSamples):
            return NotImplemented
        return (self.units == other.units and np.array_equal(self.arrivals, other.arrivals)
                and self.milestones.keys() == other.milestones.keys()
                and all(np.array_equal(v, other.milestones[k])
                        for k, v in self.milestones.items()))

    __hash__ = None  # type: ignore[assignment]
