"""The same seed gives the same numbers however the samples are split."""

from __future__ import annotations

import pytest

from impp.model import Plan
from impp.risk import simulate


def test_chunking_does_not_change_anything(carana_plan: Plan) -> None:
    one = simulate(carana_plan, 3000, seed=11, chunk_size=3000).as_dict()
    many = simulate(carana_plan, 3000, seed=11, chunk_size=257).as_dict()
    assert one == many
    again = simulate(carana_plan, 3000, seed=11).as_dict()
    assert again == one


def test_another_seed_gives_other_numbers(carana_plan: Plan) -> None:
    a = simulate(carana_plan, 2000, seed=1).as_dict()
    b = simulate(carana_plan, 2000, seed=2).as_dict()
    assert a["events"] != b["events"]


@pytest.mark.slow
def test_dask_gives_the_local_numbers(carana_plan: Plan) -> None:
    distributed = pytest.importorskip("distributed")
    local = simulate(carana_plan, 3000, seed=4, chunk_size=1000).as_dict()
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:
        remote = simulate(carana_plan, 3000, seed=4, chunk_size=700, executor=client)
    assert remote.as_dict() == local


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 0}, "samples must be a whole number of at least 1, not 0"),
        ({"seed": -1}, "seed must be a whole number of at least 0, not -1"),
        ({"chunk_size": 0}, "chunk_size must be a whole number of at least 1"),
        ({"samples": 2.5}, "samples must be a whole number"),
    ],
)
def test_bad_parameters_are_refused(carana_plan: Plan, kwargs: dict[str, object],
                                    message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(carana_plan, **kwargs)  # type: ignore[arg-type]
