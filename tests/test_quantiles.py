"""impp.quantiles gives numpy.percentile's figures, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from impp.quantiles import percentile, percentiles


@pytest.mark.parametrize("seed", range(30))
def test_the_same_figures_as_numpy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 700))
    scale = 10.0 ** int(rng.integers(-3, 9))
    data = [rng.integers(0, 400, n), rng.normal(3e8, 4e6, n), rng.random(n) * scale]
    qs = [0, 5, 50, 80, 90, 95, 100, float(rng.random() * 100), 33.3, 66.7]
    for values in data:
        assert percentiles(values, qs) == [float(np.percentile(values, q)) for q in qs]
        assert percentile(values, 80) == float(np.percentile(values, 80))


def test_no_values_is_an_error() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
