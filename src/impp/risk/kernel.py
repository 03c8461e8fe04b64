"""The sampling kernel: random durations, forward pass and counts, fused in numba.

Random numbers come from a counter-based stream: the uniform of sample ``i``
on stream ``k`` is ``splitmix64(key(seed, domain, k) + i * golden)``, a pure
function of (seed, stream, sample index). Any partition of the samples into
chunks, threads or Dask tasks therefore draws exactly the same numbers, and
every statistic kept is an integer count (or a per-sample value stored at its
sample index), so results are bit-identical however the work is split.

The kernel works on blocks of ``BLOCK`` samples, node by node in topological
order, so that the inner loops run over contiguous samples (the compiler
vectorises them) and each node's histogram row stays in cache.
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
from numba import njit, prange

from impp.risk.network import FIXED, LOGNORMAL, PERT, PERT_TABLE, TRIANGULAR, UNIFORM, Network

#: Samples processed together by one thread (a node's row of times).
BLOCK = 128
#: Stream domains: task durations, risk occurrence, risk impact.
DOMAIN_TASK, DOMAIN_OCCUR, DOMAIN_IMPACT = 1, 2, 3

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S12 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(12)
_ONE_BITS = np.uint64(0x3FF0000000000000)
_INV52 = 2.0**-52
_HALF_ULP = 2.0**-53
_ONE_MINUS = 1.0 - 2.0**-53


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
def _uniform(key: np.uint64, sample: np.int64) -> float:
    # (2m + 1) / 2**53 for the top 52 bits m: in (0, 1), exactly what _draw makes.
    z = _mix(key + np.uint64(sample) * _GOLDEN)
    return float(z >> _S12) * _INV52 + _HALF_ULP


@njit(inline="always", cache=True)
def _draw(
    key: np.uint64, s0: int, nb: int, ubits: npt.NDArray[np.uint64],
    ufloat: npt.NDArray[np.float64], out: npt.NDArray[np.float64], code: np.int64,
    a: float, c: float, b: float, row: np.int64, table: npt.NDArray[np.float64],
) -> None:
    # Durations of one task for a block of samples. The uniforms are made by
    # setting the mantissa bits of a float in [1, 2) (no integer-to-float
    # conversion, which the vector units lack), and each distribution has its
    # own loop, so that the compiler vectorises both.
    for i in range(nb):
        ubits[i] = (_mix(key + np.uint64(s0 + i) * _GOLDEN) >> _S12) | _ONE_BITS
    if code == TRIANGULAR:
        fc = (c - a) / (b - a)
        k1 = (b - a) * (c - a)
        k2 = (b - a) * (b - c)
        for i in range(nb):
            u = ufloat[i] - _ONE_MINUS
            lo = a + math.sqrt(u * k1)
            hi = b - math.sqrt((1.0 - u) * k2)
            out[i] = lo if u < fc else hi
    elif code == UNIFORM:
        for i in range(nb):
            out[i] = a + (ufloat[i] - _ONE_MINUS) * (b - a)
    else:
        for i in range(nb):
            out[i] = _quantile(code, a, c, b, row, table, ufloat[i] - _ONE_MINUS)


@njit(cache=True)
def uniforms(seed: int, domain: int, index: int, start: int, n: int) -> npt.NDArray[np.float64]:
    """Uniforms of samples ``start .. start + n - 1`` on one stream (open interval)."""
    key = stream_key(seed, domain, index)
    out = np.empty(n)
    for i in range(n):
        out[i] = _uniform(key, np.int64(start + i))
    return out


@njit(inline="always", cache=True)
def _norm_ppf(p: float) -> float:
    # Acklam's rational approximation (relative error below 1.2e-9).
    a0, a1, a2 = -3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02
    a3, a4, a5 = 1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00
    b0, b1, b2 = -5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02
    b3, b4 = 6.680131188771972e01, -1.328068155288572e01
    c0, c1, c2 = -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00
    c3, c4, c5 = -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00
    d0, d1, d2, d3 = 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, \
        3.754408661907416e00
    if p < 0.02425:
        q = math.sqrt(-2.0 * math.log(p))
        return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / (
            (((d0 * q + d1) * q + d2) * q + d3) * q + 1.0)
    if p > 1.0 - 0.02425:
        q = math.sqrt(-2.0 * math.log(1.0 - p))
        return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / (
            (((d0 * q + d1) * q + d2) * q + d3) * q + 1.0)
    q = p - 0.5
    r = q * q
    return (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q / (
        ((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1.0)


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
    t = np.empty((n_nodes, BLOCK))
    bind = np.empty((n_nodes, BLOCK), dtype=np.int32)
    occ = np.empty((n_risks, BLOCK), dtype=np.bool_)
    imp = np.empty((n_risks, BLOCK))
    dur = np.empty(BLOCK)
    fac = np.empty(BLOCK)
    slot = np.empty(BLOCK, dtype=np.int64)
    ubits = np.empty(BLOCK, dtype=np.uint64)
    ufloat = ubits.view(np.float64)
    best = np.empty(BLOCK)
    sink = np.empty(BLOCK, dtype=np.int64)
    tkeys = np.empty(n_tasks, dtype=np.uint64)
    for k in range(n_tasks):
        tkeys[k] = stream_key(seed, DOMAIN_TASK, task_stream[k])
    okeys = np.empty(n_risks, dtype=np.uint64)
    ikeys = np.empty(n_risks, dtype=np.uint64)
    for r in range(n_risks):
        okeys[r] = stream_key(seed, DOMAIN_OCCUR, r)
        ikeys[r] = stream_key(seed, DOMAIN_IMPACT, r)
    for blk in range(tid, blocks, threads):
        s0 = start + blk * BLOCK
        nb = min(BLOCK, start + n - s0)
        for r in range(n_risks):
            for b in range(nb):
                s = np.int64(s0 + b)
                occ[r, b] = _uniform(okeys[r], s) < risk_prob[r]
                imp[r, b] = _quantile(risk_dist[r], rp1[r], rp2[r], rp3[r],
                                      risk_pert_row[r], pert_table, _uniform(ikeys[r], s))
        for j in range(n_nodes):
            tj = t[j]
            bj = bind[j]
            if not math.isnan(node_fixed[j]):
                for b in range(nb):
                    tj[b] = node_fixed[j]
                    bj[b] = -1
            else:
                k = node_end_task[j]
                if k >= 0:
                    ts = t[task_start[k]]
                    code = dist[k]
                    if code == FIXED:
                        for b in range(nb):
                            dur[b] = p1[k]
                    else:
                        _draw(tkeys[k], s0, nb, ubits, ufloat, dur, code, p1[k], p2[k],
                              p3[k], pert_row[k], pert_table)
                    r0, r1 = task_risk_ptr[k], task_risk_ptr[k + 1]
                    if r1 > r0:
                        for b in range(nb):
                            fac[b] = 1.0
                        for q in range(r0, r1):
                            r = task_risk[q]
                            for b in range(nb):
                                if occ[r, b]:
                                    fac[b] *= risk_factor[r]
                        for b in range(nb):
                            dur[b] *= fac[b]
                        for q in range(r0, r1):
                            r = task_risk[q]
                            for b in range(nb):
                                if occ[r, b]:
                                    dur[b] += imp[r, b]
                    c0, c1 = cal_ptr[k], cal_ptr[k + 1]
                    src = task_start[k]
                    if c1 > c0:
                        for b in range(nb):
                            tj[b] = _finish(ts[b], dur[b], cal_a, cal_b, cal_f, c0, c1)
                            bj[b] = src
                    else:
                        for b in range(nb):
                            tj[b] = ts[b] + dur[b]
                            bj[b] = src
                else:
                    e0, e1 = in_ptr[j], in_ptr[j + 1]
                    if e1 == e0:
                        for b in range(nb):
                            tj[b] = 0.0
                            bj[b] = -1
                    else:
                        for b in range(nb):
                            tj[b] = -np.inf
                            bj[b] = -1
                for e in range(in_ptr[j], in_ptr[j + 1]):
                    src = in_src[e]
                    lag = in_lag[e]
                    tsrc = t[src]
                    for b in range(nb):
                        # Unconditional stores of selects: the loop vectorises.
                        v = tsrc[b] + lag
                        better = v > tj[b]
                        tj[b] = v if better else tj[b]
                        bj[b] = src if better else bj[b]
                ks = node_start_task[j]
                if ks >= 0 and cal_ptr[ks + 1] > cal_ptr[ks]:
                    for b in range(nb):
                        tj[b] = _delay_start(tj[b], cal_a, cal_b, cal_f,
                                             cal_ptr[ks], cal_ptr[ks + 1])
            if do_hist:
                lo, inv, nbin, off = hist_lo[j], hist_inv[j], hist_nb[j], hist_off[j]
                mn, mx = tmin[tid, j], tmax[tid, j]
                top = nbin + 1.0
                for b in range(nb):
                    x = (tj[b] - lo) * inv + 1.0
                    x = 0.0 if x < 1.0 else x
                    x = top if x > top else x
                    slot[b] = np.int64(x)
                row_h = hist[tid]
                last = nbin + 1
                for b in range(nb):
                    sb = slot[b]
                    row_h[off + sb] += 1
                    # Exact extremes are only needed for what falls outside the bins.
                    if sb == 0 or sb == last:
                        mn = min(mn, tj[b])
                        mx = max(mx, tj[b])
                tmin[tid, j] = mn
                tmax[tid, j] = mx
            if keep_raw:
                for b in range(nb):
                    raw[j, s0 - start + b] = tj[b]
        for c in range(n_chk):
            tsrc = t[chk_src[c]]
            tdst = t[chk_dst[c]]
            lo_c, hi_c = chk_lo[c] - 1e-6, chk_hi[c] + 1e-6
            count = 0
            for b in range(nb):
                d = tdst[b] - tsrc[b]
                if d >= lo_c and d <= hi_c:
                    count += 1
                if s0 + b < subset:
                    sub_out[c, s0 + b] = d
            met[tid, c] += count
        for b in range(nb):
            best[b] = t[0, b]
            sink[b] = 0
        for j in range(1, n_nodes):
            tj = t[j]
            for b in range(nb):
                if tj[b] > best[b]:
                    best[b] = tj[b]
                    sink[b] = j
        for b in range(nb):
            _trace(sink[b], -1, b, bind, node_end_task, task_start, crit[tid])
            for c in range(n_chk):
                _trace(chk_dst[c], chk_src[c], b, bind, node_end_task, task_start,
                       crit_chk[tid, c])


@njit(parallel=True, cache=True)
def run_parallel(seed: int, start: int, n: int, threads: int, *arrays: Any) -> None:
    """Simulate samples ``start .. start + n - 1`` on ``threads`` threads.

    ``arrays`` are the network's (:func:`chunk_arrays`) then the outputs.
    ``hist``, ``tmin``, ``tmax``, ``met``, ``crit`` and ``crit_chk`` have a
    leading axis of ``threads``; thread ``i`` handles blocks ``i, i +
    threads, ...`` and adds only into its own row. ``sub_out`` gets each
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


@njit(inline="always", cache=True)
def _trace(j: int, stop: int, b: int, bind: npt.NDArray[np.int32],
           node_end_task: npt.NDArray[np.int64], task_start: npt.NDArray[np.int64],
           counts: npt.NDArray[np.int64]) -> None:
    # Follow the binding edges back from node j; count tasks whose duration drove it.
    while j >= 0 and j != stop:
        p = bind[j, b]
        k = node_end_task[j]
        if k >= 0 and p == task_start[k]:
            counts[k] += 1
        j = p


def chunk_arrays(net: Network) -> tuple[object, ...]:
    """The network's arrays in the order :func:`run_chunk` takes them."""
    return (
        net.node_fixed, net.in_ptr, net.in_src, net.in_lag, net.node_end_task,
        net.node_start_task, net.task_start, net.dist, net.p1, net.p2, net.p3,
        net.pert_row, net.pert_table, net.task_stream, net.risk_prob, net.risk_factor,
        net.risk_dist, net.risk_p1, net.risk_p2, net.risk_p3, net.risk_pert_row,
        net.task_risk_ptr, net.task_risk, net.cal_ptr, net.cal_a, net.cal_b, net.cal_f,
        np.array([c.src for c in net.checks], dtype=np.int64),
        np.array([c.dst for c in net.checks], dtype=np.int64),
        np.array([c.lo for c in net.checks], dtype=np.float64),
        np.array([c.hi for c in net.checks], dtype=np.float64),
    )


def threads() -> int:
    """Threads the kernel uses (numba's setting)."""
    return int(numba.get_num_threads())
