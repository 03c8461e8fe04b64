"""Percentiles as ``numpy.percentile`` gives them (its default, linear method).

numpy's own, since numpy 2.x, imports ``numpy.ma`` on first use (it
checks for masked arrays on the way): 30 ms of every cold `impp plan`,
for two figures per milestone. This is the same arithmetic on a sorted
copy, bit for bit (a test compares them on random samples).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


def percentile(values: npt.ArrayLike, q: float) -> float:
    """The ``q``-th percentile of ``values`` (``0 <= q <= 100``), linear between ranks.

    >>> percentile([1, 2, 3, 4], 50), percentile([7, 1, 3], 80)
    (2.5, 5.4)
    """
    return percentiles(values, (q,))[0]


def percentiles(values: npt.ArrayLike, qs: Iterable[float]) -> list[float]:
    """:func:`percentile` for each of ``qs``, sorting once."""
    a = np.sort(np.asarray(values).ravel())
    n = int(a.shape[0])
    if n == 0:
        raise ValueError("no values to take a percentile of")
    if a.dtype.kind == "f" and math.isnan(float(a[-1])):
        return [float(x) for x in np.percentile(a, list(qs))]  # NaN: numpy's rules
    out = []
    for q in qs:
        virtual = (n - 1) * (q / 100)
        if virtual >= n - 1:
            out.append(float(a[-1]))
            continue
        if virtual < 0:
            out.append(float(a[0]))
            continue
        lo = math.floor(virtual)
        t = virtual - lo
        x, y = float(a[lo]), float(a[lo + 1])
        # numpy's lerp: from the nearer end, so that t = 1 gives y exactly
        out.append(y - (y - x) * (1 - t) if t >= 0.5 else x + (y - x) * t)
    return out
