"""The sampling kernel: random durations, forward pass and counts, fused in numba.

Random numbers come from a counter-based stream: the uniform of sample ``i``
on stream ``k`` hashes the sample index with the stream's key (a splitmix64
hash of seed, domain and ``k``, computed once), so it is a pure function of
(seed, stream, sample index). Any partition of the samples into chunks,
threads or Dask tasks therefore draws exactly the same numbers, and every
statistic kept is an integer count (or a per-sample value stored at its
sample index), so results are bit-identical however the work is split.

The per-sample hash works on 32-bit lanes (two multiply-xorshift rounds, the
key's halves entering between them), because the vector units multiply
eight 32-bit lanes at once but have no 64-bit multiply; uniforms are float32
values ``(2m + 1) / 2**24``, and triangular and uniform durations are
computed in float32 (relative precision 6e-8: under a second on a 100-day
task). Event times are float32 too: whole days stay exact (below 2**24),
fractions are kept to a relative 6e-8 (about five seconds at day 1,000),
and the kernel's working set (every node's times for a block of samples) is
half the size (about 5 % faster here). Statistics are float64.

The kernel works on blocks of ``BLOCK`` samples, node by node in topological
order, so that the inner loops run over contiguous samples (the compiler
vectorises them) and each node's histogram row stays in cache. Critical
paths come from one backward pass per block (:func:`_critical`) that moves
a bit mask per path from each node to its binding predecessor, for all the
block's samples at once: a walk back per sample took half the kernel's time
(0.24 of 0.47 s per 10**8 task-samples on one thread), the pass takes 0.03 s.
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
from numba import njit, prange

from impp.risk.network import FIXED, LOGNORMAL, PERT, PERT_TABLE, TRIANGULAR, UNIFORM
from impp.risk.vector import DOMAIN_IMPACT as DOMAIN_IMPACT
from impp.risk.vector import DOMAIN_OCCUR as DOMAIN_OCCUR
from impp.risk.vector import DOMAIN_TASK as DOMAIN_TASK
from impp.risk.vector import MANY_EDGES as MANY_EDGES
from impp.risk.vector import TOLERANCE as TOLERANCE
from impp.risk.vector import _norm_ppf as _norm_ppf_py
from impp.risk.vector import chunk_arrays as chunk_arrays

#: Samples processed together by one thread (a node's row of times).
BLOCK = 128
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_H1, _H2 = np.uint32(0x7FEB352D), np.uint32(0x846CA68B)
_GOLDEN32 = np.uint32(0x9E3779B9)
_S9, _S15, _S16, _S32 = np.uint32(9), np.uint32(15), np.uint32(16), np.uint64(32)
_LOW32 = np.uint64(0xFFFFFFFF)
_STEP = np.float32(2.0**-23)
_HALF_STEP = np.float32(2.0**-24)


@njit(inline="always", cache=True)
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True)
def stream_key(seed: int, domain: int, index: int) -> np.uint64:
    """The key of one random stream (seed, domain, index)."""
    z = _mix(np.uint64(seed) * _GOLDEN + np.uint64(domain))
    return _mix(z + np.uint64(index) * _GOLDEN + _GOLDEN)


@njit(inline="always", cache=True)
def _hash32(x: np.uint32) -> np.uint32:
    # A 32-bit finalizer (two multiply-xorshift rounds): every step is a
    # 32-bit lane operation, so eight run at once in a 256-bit vector.
    x = np.uint32(x ^ (x >> _S16))
    x = np.uint32(x * _H1)
    x = np.uint32(x ^ (x >> _S15))
    x = np.uint32(x * _H2)
    return np.uint32(x ^ (x >> _S16))


@njit(inline="always", cache=True)
def _uniform32(k0: np.uint32, k1: np.uint32, sample: np.int64) -> np.float32:
    # The key's two halves enter between two hash rounds; the sample's high
    # word (zero below 2**32 samples) joins the second half of the key.
    s = np.uint64(sample)
    hi = np.uint32(s >> _S32)
    x = _hash32(np.uint32(np.uint32(s & _LOW32) ^ k0))
    x = _hash32(np.uint32(x + np.uint32(k1 + np.uint32(hi * _GOLDEN32))))
    # (2m + 1) / 2**24 for the top 23 bits m: in (0, 1), exact in float32.
    return np.float32(np.int32(x >> _S9)) * _STEP + _HALF_STEP


@njit(inline="always", cache=True)
def _uniforms32(k0: np.uint32, k1: np.uint32, s0: int, nb: int,
                out: npt.NDArray[np.float32]) -> None:
    # _uniform32 of samples s0 .. s0 + nb - 1. Within one 2**32 run of
    # samples the high word is constant: one loop of pure 32-bit lane work.
    first, last = np.uint64(s0), np.uint64(s0 + nb - 1)
    if nb > 0 and (first >> _S32) == (last >> _S32):
        kh = np.uint32(k1 + np.uint32(np.uint32(first >> _S32) * _GOLDEN32))
        for i in range(nb):
            x = _hash32(np.uint32(np.uint32(s0 + i) ^ k0))
            x = _hash32(np.uint32(x + kh))
            out[i] = np.float32(np.int32(x >> _S9)) * _STEP + _HALF_STEP
    else:
        for i in range(nb):
            out[i] = _uniform32(k0, k1, np.int64(s0 + i))


@njit(inline="always", cache=True)
def _halves(key: np.uint64) -> tuple[np.uint32, np.uint32]:
    return np.uint32(key & _LOW32), np.uint32(key >> _S32)


@njit(inline="always", cache=True)
def _draw(
    k0: np.uint32, k1: np.uint32, s0: int, nb: int, u32: npt.NDArray[np.float32],
    d32: npt.NDArray[np.float32], out: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    code: np.int64, a: float, c: float, b: float, row: np.int64,
    table: npt.NDArray[np.float64],
) -> None:
    # Durations of one task for a block of samples. The uniforms, and the
    # triangular and uniform inverse CDFs, run in float32 lanes (eight to a
    # vector; a duration is then exact to a relative 1e-7), each in its own
    # loop so that the compiler vectorises it; one square root per sample.
    _uniforms32(k0, k1, s0, nb, u32)
    if code == TRIANGULAR:
        fa = np.float32(a)
        fb = np.float32(b)
        fc = np.float32((c - a) / (b - a))
        k1f = np.float32((b - a) * (c - a))
        k2f = np.float32((b - a) * (b - c))
        one = np.float32(1.0)
        for i in range(nb):
            u = u32[i]
            left = u < fc
            r = math.sqrt(u * k1f if left else (one - u) * k2f)
            d32[i] = fa + r if left else fb - r
        for i in range(nb):
            out[i] = d32[i]
    elif code == UNIFORM:
        fa = np.float32(a)
        w = np.float32(b - a)
        for i in range(nb):
            d32[i] = fa + u32[i] * w
        for i in range(nb):
            out[i] = d32[i]
    else:
        for i in range(nb):
            out[i] = _quantile(code, a, c, b, row, table, np.float64(u32[i]))


@njit(cache=True)
def uniforms(seed: int, domain: int, index: int, start: int, n: int) -> npt.NDArray[np.float64]:
    """Uniforms of samples ``start .. start + n - 1`` on one stream (open interval).

    Exactly the numbers the kernel draws (float32 values, 2**-24 apart).
    """
    k0, k1 = _halves(stream_key(seed, domain, index))
    u32 = np.empty(n, dtype=np.float32)
    _uniforms32(k0, k1, start, n, u32)
    return u32.astype(np.float64)


@njit(cache=True)
def durations(seed: int, index: int, code: int, a: float, c: float, b: float,
              start: int, n: int) -> npt.NDArray[np.float64]:
    """Durations of samples ``start .. start + n - 1`` of a triangular or uniform task
    on task stream ``index``, exactly as the kernel draws them."""
    k0, k1 = _halves(stream_key(seed, DOMAIN_TASK, index))
    out = np.empty(n)
    u32 = np.empty(BLOCK, dtype=np.float32)
    d32 = np.empty(BLOCK, dtype=np.float32)
    table = np.zeros((0, 2))
    for s0 in range(0, n, BLOCK):
        nb = min(BLOCK, n - s0)
        _draw(k0, k1, start + s0, nb, u32, d32, out[s0:s0 + nb], np.int64(code), a, c, b,
              np.int64(-1), table)
    return out


@njit(parallel=True, cache=True)
def correlations(seed: int, domain: int, streams: npt.NDArray[np.int64],
                 below: npt.NDArray[np.float64],
                 scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Pearson correlation of each stream's draws with each row of ``scores``.

    Row ``i`` of the result is for stream ``streams[i]`` of ``domain``: its
    uniforms for samples ``0 .. n - 1`` (``n`` the rows' length) when
    ``below[i]`` is negative, else the indicator ``u < below[i]`` (a risk
    event's occurrence). ``scores`` rows are centred and scaled to unit
    norm; NaN where the draws do not vary. Streams run on all threads; each
    result depends on its stream alone.
    """
    m, n = scores.shape
    out = np.full((streams.shape[0], m), np.nan)
    for i in prange(streams.shape[0]):
        k0, k1 = _halves(stream_key(seed, domain, streams[i]))
        u32 = np.empty(n, dtype=np.float32)
        _uniforms32(k0, k1, 0, n, u32)
        x = np.empty(n)
        lim = below[i]
        for s in range(n):
            u = float(u32[s])
            x[s] = u if lim < 0.0 else (1.0 if u < lim else 0.0)
        mean = x.sum() / n
        ss = 0.0
        for s in range(n):
            x[s] -= mean
            ss += x[s] * x[s]
        if ss > 0.0:
            norm = math.sqrt(ss)
            for r in range(m):
                acc = 0.0
                for s in range(n):
                    acc += x[s] * scores[r, s]
                out[i, r] = acc / norm
    return out


# Acklam's approximation, the numpy kernel's own function compiled.
_norm_ppf = njit(inline="always", cache=True)(_norm_ppf_py)


@njit(inline="always", cache=True)
def _quantile(
    code: np.int64, a: float, c: float, b: float, row: np.int64,
    table: npt.NDArray[np.float64], u: float,
) -> float:
    if code == TRIANGULAR:
        fc = (c - a) / (b - a)
        lo = a + math.sqrt(u * (b - a) * (c - a))
        hi = b - math.sqrt((1.0 - u) * (b - a) * (b - c))
        return lo if u < fc else hi
    if code == UNIFORM:
        return a + u * (b - a)
    if code == PERT:
        x = u * (PERT_TABLE - 1)
        i = min(int(x), PERT_TABLE - 2)
        f = x - i
        return float(table[row, i] + f * (table[row, i + 1] - table[row, i]))
    if code == LOGNORMAL:
        return math.exp(a + c * _norm_ppf(u))
    return a


@njit(cache=True)
def quantile(code: int, a: float, c: float, b: float, row: int,
             table: npt.NDArray[np.float64], u: float) -> float:
    """The duration at quantile ``u`` (the kernel's own inverse CDFs)."""
    return _quantile(np.int64(code), a, c, b, np.int64(row), table, u)


@njit(inline="always", cache=True)
def _delay_start(t: float, a: npt.NDArray[np.float64], b: npt.NDArray[np.float64],
                 f: npt.NDArray[np.float64], lo: np.int64, hi: np.int64) -> float:
    # A task cannot start inside a season it is blocked in: it waits for the end.
    i = lo
    while i < hi:
        if t < a[i]:
            return t
        if t < b[i] and math.isinf(f[i]):
            t = b[i]
        i += 1
    return t


@njit(inline="always", cache=True)
def _finish(t: float, work: float, a: npt.NDArray[np.float64], b: npt.NDArray[np.float64],
            f: npt.NDArray[np.float64], lo: np.int64, hi: np.int64) -> float:
    # Work progresses at pace 1/f inside a segment (0 when blocked), 1 elsewhere.
    i = lo
    while i < hi and b[i] <= t:
        i += 1
    while work > 0.0:
        if i >= hi:
            return t + work
        if t < a[i]:
            gap = a[i] - t
            if work <= gap:
                return t + work
            work -= gap
            t = a[i]
        if math.isinf(f[i]):
            t = b[i]
        else:
            cap = (b[i] - t) / f[i]
            if work <= cap:
                return float(t + work * f[i])
            work -= cap
            t = b[i]
        i += 1
    return t


@njit(cache=True)
def _blocks(
    tid: int, seed: int, start: int, n: int, threads: int,
    node_fixed: npt.NDArray[np.float64], in_ptr: npt.NDArray[np.int64],
    in_src: npt.NDArray[np.int64], in_lag: npt.NDArray[np.float64],
    node_end_task: npt.NDArray[np.int64], node_start_task: npt.NDArray[np.int64],
    own_slot: npt.NDArray[np.int64], bind_slot: npt.NDArray[np.int64],
    task_start: npt.NDArray[np.int64], dist: npt.NDArray[np.int64],
    p1: npt.NDArray[np.float64], p2: npt.NDArray[np.float64], p3: npt.NDArray[np.float64],
    pert_row: npt.NDArray[np.int64], pert_table: npt.NDArray[np.float64],
    task_stream: npt.NDArray[np.int64],
    risk_prob: npt.NDArray[np.float64], risk_factor: npt.NDArray[np.float64],
    risk_dist: npt.NDArray[np.int64], rp1: npt.NDArray[np.float64],
    rp2: npt.NDArray[np.float64], rp3: npt.NDArray[np.float64],
    risk_pert_row: npt.NDArray[np.int64],
    task_risk_ptr: npt.NDArray[np.int64], task_risk: npt.NDArray[np.int64],
    cal_ptr: npt.NDArray[np.int64], cal_a: npt.NDArray[np.float64],
    cal_b: npt.NDArray[np.float64], cal_f: npt.NDArray[np.float64],
    chk_src: npt.NDArray[np.int64], chk_dst: npt.NDArray[np.int64],
    chk_lo: npt.NDArray[np.float64], chk_hi: npt.NDArray[np.float64],
    chk_trace: npt.NDArray[np.bool_], last_ok: npt.NDArray[np.bool_],
    hist_lo: npt.NDArray[np.float64], hist_inv: npt.NDArray[np.float64],
    hist_nb: npt.NDArray[np.int64], hist_off: npt.NDArray[np.int64],
    hist: npt.NDArray[np.int32], tmin: npt.NDArray[np.float64], tmax: npt.NDArray[np.float64],
    met: npt.NDArray[np.int64], crit: npt.NDArray[np.int64], crit_chk: npt.NDArray[np.int64],
    subset: int, sub_out: npt.NDArray[np.float64], raw: npt.NDArray[np.float64],
    keep_raw: bool, do_hist: bool,
) -> None:
    # The work of thread ``tid``: blocks tid, tid + threads, ... of the chunk.
    n_nodes = node_fixed.shape[0]
    n_tasks = dist.shape[0]
    n_risks = risk_prob.shape[0]
    n_chk = chk_src.shape[0]
    blocks = (n + BLOCK - 1) // BLOCK
    t = np.empty((n_nodes, BLOCK), dtype=np.float32)
    # A task's own finish, kept only where other edges also lead to its end.
    own = np.empty((max(own_slot.max() + 1, 0) if n_nodes else 0, BLOCK), dtype=np.float32)
    # The binding source, kept only for nodes with many incoming edges.
    bind = np.empty((max(bind_slot.max() + 1, 0) if n_nodes else 0, BLOCK), dtype=np.int32)
    occ = np.empty((n_risks, BLOCK), dtype=np.bool_)
    imp = np.empty((n_risks, BLOCK))
    dur = np.empty(BLOCK, dtype=np.float32)
    fac = np.empty(BLOCK, dtype=np.float32)
    slot = np.empty(BLOCK, dtype=np.int32)
    u32 = np.empty(BLOCK, dtype=np.float32)
    d32 = np.empty(BLOCK, dtype=np.float32)
    best = np.empty(BLOCK, dtype=np.float32)
    sink = np.empty(BLOCK, dtype=np.int64)
    flags = np.zeros((n_nodes, BLOCK), dtype=np.uint32)
    pick = np.empty(BLOCK, dtype=np.int32)
    traced = np.nonzero(chk_trace)[0]
    tk0 = np.empty(n_tasks, dtype=np.uint32)
    tk1 = np.empty(n_tasks, dtype=np.uint32)
    for k in range(n_tasks):
        tk0[k], tk1[k] = _halves(stream_key(seed, DOMAIN_TASK, task_stream[k]))
    ok0 = np.empty(n_risks, dtype=np.uint32)
    ok1 = np.empty(n_risks, dtype=np.uint32)
    ik0 = np.empty(n_risks, dtype=np.uint32)
    ik1 = np.empty(n_risks, dtype=np.uint32)
    for r in range(n_risks):
        ok0[r], ok1[r] = _halves(stream_key(seed, DOMAIN_OCCUR, r))
        ik0[r], ik1[r] = _halves(stream_key(seed, DOMAIN_IMPACT, r))
    for blk in range(tid, blocks, threads):
        s0 = start + blk * BLOCK
        nb = min(BLOCK, start + n - s0)
        for r in range(n_risks):
            _uniforms32(ok0[r], ok1[r], s0, nb, u32)
            for b in range(nb):
                occ[r, b] = u32[b] < risk_prob[r]
            _uniforms32(ik0[r], ik1[r], s0, nb, u32)
            for b in range(nb):
                imp[r, b] = _quantile(risk_dist[r], rp1[r], rp2[r], rp3[r], risk_pert_row[r],
                                      pert_table, np.float64(u32[b]))
        for j in range(n_nodes):
            tj = t[j]
            if not math.isnan(node_fixed[j]):
                fixed = np.float32(node_fixed[j])
                for b in range(nb):
                    tj[b] = fixed
            else:
                k = node_end_task[j]
                if k >= 0:
                    ts = t[task_start[k]]
                    code = dist[k]
                    if code == FIXED:
                        fixed_d = np.float32(p1[k])
                        for b in range(nb):
                            dur[b] = fixed_d
                    else:
                        _draw(tk0[k], tk1[k], s0, nb, u32, d32, dur, code, p1[k], p2[k],
                              p3[k], pert_row[k], pert_table)
                    r0, r1 = task_risk_ptr[k], task_risk_ptr[k + 1]
                    if r1 > r0:
                        for b in range(nb):
                            fac[b] = 1.0
                        for q in range(r0, r1):
                            r = task_risk[q]
                            f32 = np.float32(risk_factor[r])
                            for b in range(nb):
                                if occ[r, b]:
                                    fac[b] *= f32
                        for b in range(nb):
                            dur[b] *= fac[b]
                        for q in range(r0, r1):
                            r = task_risk[q]
                            for b in range(nb):
                                if occ[r, b]:
                                    dur[b] += imp[r, b]
                    c0, c1 = cal_ptr[k], cal_ptr[k + 1]
                    if c1 > c0:
                        for b in range(nb):
                            tj[b] = _finish(ts[b], dur[b], cal_a, cal_b, cal_f, c0, c1)
                    else:
                        for b in range(nb):
                            tj[b] = ts[b] + dur[b]
                    if own_slot[j] >= 0:
                        oj = own[own_slot[j]]
                        for b in range(nb):
                            oj[b] = tj[b]
                else:
                    k = -1
                    e0, e1 = in_ptr[j], in_ptr[j + 1]
                    fill = np.float32(0.0) if e1 == e0 else np.float32(-np.inf)
                    for b in range(nb):
                        tj[b] = fill
                if bind_slot[j] < 0:
                    for e in range(in_ptr[j], in_ptr[j + 1]):
                        lag = np.float32(in_lag[e])
                        tsrc = t[in_src[e]]
                        for b in range(nb):
                            # Unconditional stores of selects: the loop vectorises.
                            v = tsrc[b] + lag
                            tj[b] = v if v > tj[b] else tj[b]
                else:
                    # Many incoming edges: keep the binding one, for the critical paths.
                    bj = bind[bind_slot[j]]
                    first = task_start[k] if k >= 0 else -1
                    for b in range(nb):
                        bj[b] = first
                    for e in range(in_ptr[j], in_ptr[j + 1]):
                        lag = np.float32(in_lag[e])
                        src = in_src[e]
                        tsrc = t[src]
                        for b in range(nb):
                            v = tsrc[b] + lag
                            later = v > tj[b]
                            tj[b] = v if later else tj[b]
                            bj[b] = src if later else bj[b]
                ks = node_start_task[j]
                if ks >= 0 and cal_ptr[ks + 1] > cal_ptr[ks]:
                    for b in range(nb):
                        tj[b] = _delay_start(tj[b], cal_a, cal_b, cal_f,
                                             cal_ptr[ks], cal_ptr[ks + 1])
            # The latest event of each sample (the first one, on ties), among
            # the events that can be last: none of theirs leads on, later.
            if j == 0:
                for b in range(nb):
                    best[b] = np.float32(-np.inf)
                    sink[b] = 0
            if last_ok[j]:
                for b in range(nb):
                    later = tj[b] > best[b]
                    best[b] = tj[b] if later else best[b]
                    sink[b] = j if later else sink[b]
            if do_hist:
                lo = np.float32(hist_lo[j])
                inv = np.float32(hist_inv[j])
                nbin, off = hist_nb[j], hist_off[j]
                top = np.float32(nbin + 1.0)
                one32 = np.float32(1.0)
                outside = 0
                for b in range(nb):
                    x = (tj[b] - lo) * inv + one32
                    below = x < one32
                    above = x >= top
                    outside += below | above
                    x = np.float32(0.0) if below else x
                    x = top if above else x
                    slot[b] = np.int32(x)
                row_h = hist[tid, off:off + nbin + 2]
                for b in range(nb):
                    row_h[slot[b]] += 1
                if outside:
                    # Exact extremes are only needed for what falls outside the bins.
                    mn, mx = tmin[tid, j], tmax[tid, j]
                    for b in range(nb):
                        sb = slot[b]
                        if sb == 0 or sb == nbin + 1:
                            mn = min(mn, float(tj[b]))
                            mx = max(mx, float(tj[b]))
                    tmin[tid, j] = mn
                    tmax[tid, j] = mx
            if keep_raw:
                for b in range(nb):
                    raw[j, s0 - start + b] = tj[b]
        for c in range(n_chk):
            tsrc = t[chk_src[c]]
            tdst = t[chk_dst[c]]
            lo_c, hi_c = chk_lo[c] - TOLERANCE, chk_hi[c] + TOLERANCE
            count = 0
            for b in range(nb):
                d = float(tdst[b] - tsrc[b])
                if d >= lo_c and d <= hi_c:
                    count += 1
                if s0 + b < subset:
                    sub_out[c, s0 + b] = d
            met[tid, c] += count
        _critical(nb, sink, t, own, own_slot, bind, bind_slot, node_fixed, in_ptr, in_src,
                  in_lag, node_end_task, task_start, chk_src, chk_dst, traced, flags, pick,
                  best, crit[tid], crit_chk[tid])


@njit(cache=True)
def _critical(
    nb: int, sink: npt.NDArray[np.int64], t: npt.NDArray[np.float32],
    own: npt.NDArray[np.float32], own_slot: npt.NDArray[np.int64],
    bind: npt.NDArray[np.int32], bind_slot: npt.NDArray[np.int64],
    node_fixed: npt.NDArray[np.float64], in_ptr: npt.NDArray[np.int64],
    in_src: npt.NDArray[np.int64], in_lag: npt.NDArray[np.float64],
    node_end_task: npt.NDArray[np.int64], task_start: npt.NDArray[np.int64],
    chk_src: npt.NDArray[np.int64], chk_dst: npt.NDArray[np.int64],
    traced: npt.NDArray[np.int64], flags: npt.NDArray[np.uint32],
    pick: npt.NDArray[np.int32], best: npt.NDArray[np.float32], crit: npt.NDArray[np.int64],
    crit_chk: npt.NDArray[np.int64],
) -> None:
    # The critical paths of a block of samples, all samples at once: one pass
    # over the nodes in reverse topological order carries, per node and
    # sample, a bit mask of the paths that reach it (bit 0: back from the
    # sample's latest event; bit i: back from criterion traced[i - 1]'s later
    # event, stopping at its earlier one). At each node the binding
    # predecessor is found again from the times, exactly as the forward pass
    # took it (the first of the largest, in the same float32 sums), and the
    # node's bits move to it; where the binding is the node's own task, the
    # task is on those paths. Every step is a loop over the block's samples
    # (vectorised), where a walk back per sample would wait on a scattered
    # load at each step.
    n_nodes = t.shape[0]
    n_tr = traced.shape[0]
    for g0 in range(0, max(n_tr, 1), 31):
        g1 = min(g0 + 31, n_tr)
        flags[:, :nb] = 0
        if g0 == 0:
            for b in range(nb):
                flags[sink[b], b] |= np.uint32(1)
        for i in range(g0, g1):
            bit = np.uint32(1) << np.uint32(i - g0 + 1)
            fd = flags[chk_dst[traced[i]]]
            for b in range(nb):
                fd[b] |= bit
        for j in range(n_nodes - 1, -1, -1):
            fj = flags[j]
            seen = np.uint32(0)
            for b in range(nb):
                seen |= fj[b]
            if seen == 0 or not math.isnan(node_fixed[j]):
                continue
            # paths of criteria whose earlier event this is end here
            for i in range(g0, g1):
                if chk_src[traced[i]] == j:
                    keep = ~(np.uint32(1) << np.uint32(i - g0 + 1))
                    for b in range(nb):
                        fj[b] &= keep
            k = node_end_task[j]
            if bind_slot[j] >= 0:
                bj = bind[bind_slot[j]]
                for b in range(nb):
                    pick[b] = bj[b]
            else:
                first = np.int32(task_start[k]) if k >= 0 else np.int32(-1)
                for b in range(nb):
                    pick[b] = first
                if in_ptr[j + 1] > in_ptr[j]:
                    if k >= 0:
                        top = own[own_slot[j]] if own_slot[j] >= 0 else t[j]
                        for b in range(nb):
                            best[b] = top[b]
                    else:
                        for b in range(nb):
                            best[b] = np.float32(-np.inf)
                    for e in range(in_ptr[j], in_ptr[j + 1]):
                        lag = np.float32(in_lag[e])
                        src = np.int32(in_src[e])
                        tsrc = t[in_src[e]]
                        for b in range(nb):
                            v = tsrc[b] + lag
                            later = v > best[b]
                            best[b] = v if later else best[b]
                            pick[b] = src if later else pick[b]
            if k >= 0:
                ts = np.int32(task_start[k])
                on = np.uint32(0)
                for b in range(nb):
                    on |= fj[b] if pick[b] == ts else np.uint32(0)
                if on:
                    _count(on, g0, g1, k, fj, pick, ts, nb, traced, crit, crit_chk)
                    _carry(flags[task_start[k]], fj, pick, ts, nb)
            for e in range(in_ptr[j], in_ptr[j + 1]):
                src = np.int32(in_src[e])
                _carry(flags[in_src[e]], fj, pick, src, nb)


@njit(inline="always", cache=True)
def _carry(to: npt.NDArray[np.uint32], fj: npt.NDArray[np.uint32],
           pick: npt.NDArray[np.int32], node: np.int32, nb: int) -> None:
    # The bits of samples whose binding predecessor is ``node`` move to it.
    for b in range(nb):
        to[b] |= fj[b] if pick[b] == node else np.uint32(0)


@njit(cache=True)
def _count(on: np.uint32, g0: int, g1: int, k: int, fj: npt.NDArray[np.uint32],
           pick: npt.NDArray[np.int32], ts: np.int32, nb: int,
           traced: npt.NDArray[np.int64], crit: npt.NDArray[np.int64],
           crit_chk: npt.NDArray[np.int64]) -> None:
    # Task k binds its end in the samples whose pick is its start: count them
    # for each path (bit) present.
    for bit in range(g1 - g0 + 1):
        mask = np.uint32(1) << np.uint32(bit)
        if not on & mask:
            continue
        n = 0
        for b in range(nb):
            n += 1 if (pick[b] == ts and fj[b] & mask) else 0
        if bit == 0:
            if g0 == 0:
                crit[k] += n
        else:
            crit_chk[traced[g0 + bit - 1], k] += n


@njit(parallel=True, cache=True)
def run_parallel(seed: int, start: int, n: int, threads: int, *arrays: Any) -> None:
    """Simulate samples ``start .. start + n - 1`` on ``threads`` threads.

    ``arrays`` are the network's (:func:`chunk_arrays`) then the outputs.
    ``hist``, ``tmin``, ``tmax``, ``met``, ``crit`` and ``crit_chk`` have a
    leading axis of ``threads``; thread ``i`` handles blocks ``i, i +
    threads, ...`` and adds only into its own row. ``crit_chk`` is counted
    for criteria only (rows of requirements stay zero). ``sub_out`` gets each
    check's outcome for samples below ``subset``; ``raw`` every node's time
    when ``keep_raw`` (its column is the sample index minus ``start``).
    """
    for tid in prange(threads):
        _blocks(tid, seed, start, n, threads, *arrays)


@njit(cache=True)
def run_serial(seed: int, start: int, n: int, threads: int, *arrays: Any) -> None:
    """:func:`run_parallel` on the calling thread only (inside Dask workers)."""
    for tid in range(threads):
        _blocks(tid, seed, start, n, threads, *arrays)


def threads() -> int:
    """Threads the kernel uses (numba's setting)."""
    return int(numba.get_num_threads())
