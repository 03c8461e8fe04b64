"""The serial scheme across samples (numpy) against the plain kernel, sample by sample."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from impp.deploy.instance import Activity, Instance, Mode
from impp.deploy.sgs import flatten, selection_order, serial_sgs, serial_sgs_batch


def instance(seed: int, n: int, modes: int) -> Instance:
    """A random multi-mode instance with lags, releases and forbidden windows."""
    rng = random.Random(seed)
    acts = []
    for i in range(n):
        ms = []
        for _ in range(rng.randint(1, modes)):
            d = rng.randint(0, 5)
            lag = d if rng.random() < 0.6 else rng.randint(0, 7)
            windows = ((a := rng.randint(0, 12), a + rng.randint(1, 6)),) \
                if rng.random() < 0.3 else ()
            ms.append(Mode(d, lag, ((0, rng.randint(0, 3)), (1, rng.randint(0, 2))), windows))
        acts.append(Activity(f"a{i}", tuple(ms), release=rng.choice([0, 0, 1, 4])))
    prec = tuple((i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.2)
    return Instance(tuple(acts), (3, 2), prec, (tuple(range(n)),),
                    unavailable=((0, 3, 6, 1),) if rng.random() < 0.5 else ())


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), modes=st.integers(1, 3),
       samples=st.integers(1, 6), first=st.sampled_from([None, 1, 3, 8]))
def test_batch_equals_the_kernel_on_every_sample(seed: int, n: int, modes: int, samples: int,
                                                 first: int | None) -> None:
    inst = instance(seed, n, modes)
    flat = flatten(inst)
    rng = np.random.default_rng(seed)
    priority = rng.random(flat.n)
    release = flat.release[None, :] + rng.integers(0, 4, size=(samples, flat.n))
    capacity = np.maximum(flat.capacity[None] - rng.integers(0, 2, size=(samples, 2, 1)), 0)
    shift = rng.integers(-3, 4, size=(samples, 1))
    win_start = np.maximum(flat.win_start[None, :] + shift, 0)
    win_end = np.maximum(flat.win_end[None, :] + shift, win_start)
    batch = serial_sgs_batch(flat, priority, release, capacity, win_start, win_end,
                             first_days=first)
    for s in range(samples):
        one = serial_sgs(flat, priority, release=release[s], capacity=capacity[s],
                         win_start=win_start[s], win_end=win_end[s], compiled=False)
        assert bool(batch.feasible[s]) == one.feasible
        if one.feasible:
            assert batch.start[s].tolist() == one.start.tolist()
            assert batch.mode[s].tolist() == one.mode.tolist()
            assert batch.finish[s].tolist() == one.finish.tolist()


def test_a_short_first_look_is_extended_not_wrong() -> None:
    # The one activity can only start after a window that ends on day 20:
    # a first look at 4 days finds nothing, the longer ones find day 20.
    inst = Instance((Activity("a", (Mode(2, 2, ((0, 1),), ((0, 20),)),)),), (1,), (), ((0,),))
    flat = flatten(inst, 40)
    batch = serial_sgs_batch(flat, np.zeros(1), flat.release[None], flat.capacity[None],
                             flat.win_start[None], flat.win_end[None], first_days=4)
    assert batch.start.tolist() == [[20]] and batch.feasible.tolist() == [True]


def test_the_order_follows_priority_among_eligible_activities() -> None:
    acts = tuple(Activity(x, (Mode(1, 1),)) for x in "abc")
    flat = flatten(Instance(acts, (), ((2, 0),), ((0, 1, 2),)))
    # a has the best priority but waits for c
    assert selection_order(flat, np.array([0.0, 2.0, 1.0])) == [2, 0, 1]


def test_a_mode_beyond_the_first_look_still_wins_its_tie() -> None:
    # Mode 0 can start on day 4 (after its window) and complete on day 6, just
    # past a first look at 7 days; mode 1 starts on day 0 and also completes on
    # day 6. The kernel keeps the first mode on a tie, so the batch must too.
    inst = Instance((Activity("a", (Mode(4, 2, (), ((0, 4),)), Mode(1, 6))),), (), (), ((0,),))
    flat = flatten(inst, 40)
    kernel = serial_sgs(flat, np.zeros(1), compiled=False)
    batch = serial_sgs_batch(flat, np.zeros(1), flat.release[None], flat.capacity[None],
                             flat.win_start[None], flat.win_end[None], first_days=7)
    assert (kernel.start.tolist(), kernel.mode.tolist()) == ([4], [0])
    assert (batch.start.tolist(), batch.mode.tolist()) == ([[4]], [[0]])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), modes=st.integers(1, 3),
       horizon=st.sampled_from([None, 6, 40]))
def test_the_list_twin_equals_the_kernel(seed: int, n: int, modes: int,
                                         horizon: int | None) -> None:
    # The kernel's own source, run by the interpreter on numpy arrays, against
    # the plain-Python twin on lists that small instances use (short
    # horizons: activities that do not fit, and the -1 both must give).
    from impp.deploy.sgs import _sgs_kernel, _sgs_lists

    flat = flatten(instance(seed, n, modes), horizon)
    priority = np.random.default_rng(seed).random(flat.n)
    out = []
    for fn in (_sgs_kernel, _sgs_lists):
        start, mode, finish = (np.full(flat.n, -1, dtype=np.int64) for _ in range(3))
        latest = fn(flat.mode_ptr, flat.dur, flat.lag, flat.dem, flat.win_ptr, flat.win_start,
                    flat.win_end, flat.release, flat.pred_ptr, flat.pred_idx, flat.capacity,
                    priority, start, mode, finish)
        out.append((latest, start.tolist(), mode.tolist(), finish.tolist()))
    assert out[0] == out[1]
