"""The sampling kernel in plain numpy, for small networks: the same numbers, no compiler.

:mod:`impp.risk.kernel` is numba-compiled; importing numba and loading the
kernel's cached machine code takes about 0.6 s of CPU, which is a thousand
times what simulating a 30-task plan 2,000 times takes. This module computes
exactly what the kernel computes (a test compares every count and every
sample's time, bit for bit, on generated plans) with numpy operations over
all the samples of a block at once, so small plans never load numba.

Bit identity holds because every step is the kernel's: the same counter-based
uniforms (32-bit lane arithmetic, which numpy arrays wrap exactly as the
compiled code does), the same float32 event times and float32 inverse CDFs
for triangular and uniform durations, the float64 quantiles of PERT tables,
the same order of the sums the correlations take (a running sum, as numba's
loops add, not numpy's pairwise sum), and the lognormal's ``exp`` and ``log``
from the C library, per sample, as numba's calls are. Node by node the
vectorised loop does per sample what the kernel's inner loop does; the
season calendars (``_finish``, ``_delay_start``) walk their segments for all
samples together, each sample leaving the walk where the kernel's would
return.

Each call handles any number of samples in blocks of ``BLOCK``: results are
integer counts and per-sample values, the same for any partition.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from impp.risk.network import FIXED, LOGNORMAL, PERT, PERT_TABLE, TRIANGULAR, UNIFORM, Network

#: Samples handled together (bounds the memory: nodes x BLOCK float32 times).
BLOCK = 4096
#: Nodes with more incoming edges than this keep their binding edge per
#: sample (for the critical paths); others find it again from the times.
MANY_EDGES = 8
#: Days of slack when a sample's outcome is checked against a criterion's
#: bounds (about a minute and a half): event times are float32 (a relative
#: 6e-8 a sum), so a deadline met exactly is not missed by a rounding.
TOLERANCE = 1e-3
#: Stream domains: task durations, risk occurrence, risk impact.
DOMAIN_TASK, DOMAIN_OCCUR, DOMAIN_IMPACT = 1, 2, 3

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_H1, _H2 = np.uint32(0x7FEB352D), np.uint32(0x846CA68B)
_GOLDEN32 = 0x9E3779B9
_STEP = np.float32(2.0**-23)
_HALF_STEP = np.float32(2.0**-24)
_ONE32 = np.float32(1.0)

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
U32 = npt.NDArray[np.uint32]


def threads() -> int:
    """Threads this path uses: one (numpy's operations run on the calling thread)."""
    return 1


def _mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * _M1) & _MASK64
    z = ((z ^ (z >> 27)) * _M2) & _MASK64
    return z ^ (z >> 31)


def stream_key(seed: int, domain: int, index: int) -> int:
    """The key of one random stream (seed, domain, index), as the kernel's.

    >>> hex(stream_key(0, 1, 0))
    '0xbfef8030ddc2d772'
    """
    z = _mix((seed * _GOLDEN + domain) & _MASK64)
    return _mix((z + index * _GOLDEN + _GOLDEN) & _MASK64)


def _hash32(x: U32) -> U32:
    x = x ^ (x >> np.uint32(16))
    x = x * _H1
    x = x ^ (x >> np.uint32(15))
    x = x * _H2
    out: U32 = x ^ (x >> np.uint32(16))
    return out


def _uniforms32(key: int, s0: int, n: int) -> F32:
    k0, k1 = key & 0xFFFFFFFF, key >> 32
    s = np.arange(s0, s0 + n, dtype=np.uint64)
    hi = (s >> np.uint64(32)).astype(np.uint32)
    x = _hash32((s & np.uint64(0xFFFFFFFF)).astype(np.uint32) ^ np.uint32(k0))
    x = _hash32(x + (np.uint32(k1) + hi * np.uint32(_GOLDEN32)))
    out: F32 = (x >> np.uint32(9)).astype(np.int32).astype(np.float32) * _STEP + _HALF_STEP
    return out


def uniforms(seed: int, domain: int, index: int, start: int, n: int) -> F64:
    """Uniforms of samples ``start .. start + n - 1`` on one stream, as the kernel's."""
    return _uniforms32(stream_key(seed, domain, index), start, n).astype(np.float64)


def _norm_ppf(p: float) -> float:
    # Acklam's rational approximation, as the kernel's (same operations, same order).
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


def _quantile(code: int, a: float, c: float, b: float, row: int,
              table: F64, u: F64) -> F64:
    """The kernel's float64 inverse CDFs, for an array of uniforms."""
    if code == TRIANGULAR:
        fc = (c - a) / (b - a)
        lo = a + np.sqrt(u * (b - a) * (c - a))
        hi = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        out: F64 = np.where(u < fc, lo, hi)
        return out
    if code == UNIFORM:
        uni: F64 = a + u * (b - a)
        return uni
    if code == PERT:
        x = u * (PERT_TABLE - 1)
        i = np.minimum(x.astype(np.int64), PERT_TABLE - 2)
        f = x - i
        pert: F64 = table[row, i] + f * (table[row, i + 1] - table[row, i])
        return pert
    if code == LOGNORMAL:
        return np.array([math.exp(a + c * _norm_ppf(float(v))) for v in u])
    return np.full(u.shape, a)


def _draw(key: int, s0: int, n: int, code: int, a: float, c: float, b: float, row: int,
          table: F64) -> F32:
    """Durations of one task for samples ``s0 .. s0 + n - 1`` (float32, as the kernel's)."""
    u = _uniforms32(key, s0, n)
    if code == TRIANGULAR:
        fa, fb = np.float32(a), np.float32(b)
        fc = np.float32((c - a) / (b - a))
        k1f, k2f = np.float32((b - a) * (c - a)), np.float32((b - a) * (b - c))
        left = u < fc
        r = np.sqrt(np.where(left, u * k1f, (_ONE32 - u) * k2f))
        tri: F32 = np.where(left, fa + r, fb - r)
        return tri
    if code == UNIFORM:
        uni: F32 = np.float32(a) + u * np.float32(b - a)
        return uni
    return _quantile(code, a, c, b, row, table, u.astype(np.float64)).astype(np.float32)


def durations(seed: int, index: int, code: int, a: float, c: float, b: float,
              start: int, n: int) -> F64:
    """Durations of samples ``start .. start + n - 1`` of a task on stream ``index``."""
    if code not in (TRIANGULAR, UNIFORM):
        u = _uniforms32(stream_key(seed, DOMAIN_TASK, index), start, n).astype(np.float64)
        return _quantile(code, a, c, b, -1, np.zeros((0, 2)), u)
    return _draw(stream_key(seed, DOMAIN_TASK, index), start, n, code, a, c, b, -1,
                 np.zeros((0, 2))).astype(np.float64)


def _delay_start(t32: F32, a: F64, b: F64, f: F64, lo: int, hi: int) -> F32:
    # The kernel's walk for every sample at once: a sample stops at the first
    # segment it precedes; a blocked segment it falls inside moves it to the end.
    t = t32.astype(np.float64)
    active = np.ones(t.shape, dtype=np.bool_)
    for i in range(lo, hi):
        active &= ~(t < a[i])
        if math.isinf(f[i]):
            move = active & (t < b[i])
            t[move] = b[i]
    return t.astype(np.float32)


def _finish(t32: F32, work32: F32, a: F64, b: F64, f: F64, lo: int, hi: int) -> F32:
    # The kernel's walk (work at pace 1/f inside a segment, none when blocked)
    # for every sample at once; ``entered`` marks the samples past the first
    # loop, which skips the segments that end before the task starts.
    t = t32.astype(np.float64)
    work = work32.astype(np.float64)
    out = np.empty(t.shape)
    active = np.ones(t.shape, dtype=np.bool_)
    entered = np.zeros(t.shape, dtype=np.bool_)
    for i in range(lo, hi):
        entered |= active & ~entered & ~(b[i] <= t)
        m = active & entered
        done = m & ~(work > 0.0)
        out[done] = t[done]
        active &= ~done
        m &= ~done
        gap = a[i] - t
        early = m & (t < a[i])
        fin = early & (work <= gap)
        out[fin] = t[fin] + work[fin]
        active &= ~fin
        m &= ~fin
        early &= ~fin
        work[early] -= gap[early]
        t[early] = a[i]
        if math.isinf(f[i]):
            t[m] = b[i]
        else:
            cap = (b[i] - t) / f[i]
            fin = m & (work <= cap)
            out[fin] = t[fin] + work[fin] * f[i]
            active &= ~fin
            m &= ~fin
            work[m] -= cap[m]
            t[m] = b[i]
    out[active] = np.where(work[active] > 0.0, t[active] + work[active], t[active])
    return out.astype(np.float32)


def run_serial(seed: int, start: int, n: int, threads: int, *arrays: Any) -> None:
    """The kernel's ``run_serial``: simulate samples ``start .. start + n - 1``.

    Takes the same arrays (:func:`impp.risk.kernel.chunk_arrays`, then the
    outputs) and adds into row 0 of the per-thread outputs.
    """
    for s0 in range(start, start + n, BLOCK):
        _block(seed, start, s0, min(BLOCK, start + n - s0), *arrays)


run_parallel = run_serial


def _block(
    seed: int, start: int, s0: int, nb: int,
    node_fixed: F64, in_ptr: Any, in_src: Any, in_lag: F64, node_end_task: Any,
    node_start_task: Any, own_slot: Any, bind_slot: Any, task_start: Any, dist: Any,
    p1: F64, p2: F64, p3: F64, pert_row: Any, pert_table: F64, task_stream: Any,
    risk_prob: F64, risk_factor: F64, risk_dist: Any, rp1: F64, rp2: F64, rp3: F64,
    risk_pert_row: Any, task_risk_ptr: Any, task_risk: Any, cal_ptr: Any, cal_a: F64,
    cal_b: F64, cal_f: F64, chk_src: Any, chk_dst: Any, chk_lo: F64, chk_hi: F64,
    chk_trace: Any, last_ok: Any, hist_lo: F64, hist_inv: F64, hist_nb: Any, hist_off: Any,
    hist: Any, tmin: F64, tmax: F64, met: Any, crit: Any, crit_chk: Any,
    subset: int, sub_out: F64, raw: F64, keep_raw: bool, do_hist: bool,
) -> None:
    n_nodes = node_fixed.shape[0]
    n_risks = risk_prob.shape[0]
    occ = np.empty((n_risks, nb), dtype=np.bool_)
    imp = np.empty((n_risks, nb))
    for r in range(n_risks):
        u = _uniforms32(stream_key(seed, DOMAIN_OCCUR, r), s0, nb)
        occ[r] = u < risk_prob[r]
        u = _uniforms32(stream_key(seed, DOMAIN_IMPACT, r), s0, nb)
        imp[r] = _quantile(int(risk_dist[r]), float(rp1[r]), float(rp2[r]), float(rp3[r]),
                           int(risk_pert_row[r]), pert_table, u.astype(np.float64))
    t = np.empty((n_nodes, nb), dtype=np.float32)
    own: dict[int, F32] = {}
    bind: dict[int, npt.NDArray[np.int32]] = {}
    best = np.full(nb, -np.inf, dtype=np.float32)
    sink = np.zeros(nb, dtype=np.int64)
    for j in range(n_nodes):
        k = -1
        if not math.isnan(node_fixed[j]):
            t[j] = np.float32(node_fixed[j])
        else:
            k = int(node_end_task[j])
            if k >= 0:
                ts = t[task_start[k]]
                code = int(dist[k])
                if code == FIXED:
                    dur = np.full(nb, np.float32(p1[k]), dtype=np.float32)
                else:
                    dur = _draw(stream_key(seed, DOMAIN_TASK, int(task_stream[k])), s0, nb,
                                code, float(p1[k]), float(p2[k]), float(p3[k]),
                                int(pert_row[k]), pert_table)
                r0, r1 = int(task_risk_ptr[k]), int(task_risk_ptr[k + 1])
                if r1 > r0:
                    fac = np.ones(nb, dtype=np.float32)
                    for q in range(r0, r1):
                        r = int(task_risk[q])
                        fac = np.where(occ[r], fac * np.float32(risk_factor[r]), fac)
                    dur = dur * fac
                    for q in range(r0, r1):
                        r = int(task_risk[q])
                        dur = np.where(occ[r], (dur + imp[r]).astype(np.float32), dur)
                c0, c1 = int(cal_ptr[k]), int(cal_ptr[k + 1])
                if c1 > c0:
                    t[j] = _finish(ts, dur, cal_a, cal_b, cal_f, c0, c1)
                else:
                    t[j] = ts + dur
                if own_slot[j] >= 0:
                    own[j] = t[j].copy()
            else:
                t[j] = np.float32(0.0) if in_ptr[j + 1] == in_ptr[j] else np.float32(-np.inf)
            tj = t[j]
            e0, e1 = int(in_ptr[j]), int(in_ptr[j + 1])
            if bind_slot[j] < 0:
                for e in range(e0, e1):
                    v = t[in_src[e]] + np.float32(in_lag[e])
                    np.copyto(tj, v, where=v > tj)
            else:
                bj = np.full(nb, task_start[k] if k >= 0 else -1, dtype=np.int32)
                for e in range(e0, e1):
                    v = t[in_src[e]] + np.float32(in_lag[e])
                    later = v > tj
                    tj[later] = v[later]
                    bj[later] = in_src[e]
                bind[j] = bj
            ks = int(node_start_task[j])
            if ks >= 0 and cal_ptr[ks + 1] > cal_ptr[ks]:
                t[j] = _delay_start(tj, cal_a, cal_b, cal_f, int(cal_ptr[ks]),
                                    int(cal_ptr[ks + 1]))
        tj = t[j]
        if last_ok[j]:
            later = tj > best
            best[later] = tj[later]
            sink[later] = j
        if do_hist:
            lo, inv = np.float32(hist_lo[j]), np.float32(hist_inv[j])
            nbin, off = int(hist_nb[j]), int(hist_off[j])
            top = np.float32(nbin + 1.0)
            x = (tj - lo) * inv + _ONE32
            below, above = x < _ONE32, x >= top
            x[below] = 0.0
            x[above] = top
            slot = x.astype(np.int32)
            hist[0, off:off + nbin + 2] += np.bincount(slot, minlength=nbin + 2)
            outside = tj[(slot == 0) | (slot == nbin + 1)]
            if outside.size:
                tmin[0, j] = min(float(tmin[0, j]), float(outside.min()))
                tmax[0, j] = max(float(tmax[0, j]), float(outside.max()))
        if keep_raw:
            raw[j, s0 - start:s0 - start + nb] = tj
    for c in range(chk_src.shape[0]):
        d = (t[chk_dst[c]] - t[chk_src[c]]).astype(np.float64)
        met[0, c] += int(np.count_nonzero((d >= chk_lo[c] - TOLERANCE)
                                          & (d <= chk_hi[c] + TOLERANCE)))
        if s0 < subset:
            w = min(subset - s0, nb)
            sub_out[c, s0:s0 + w] = d[:w]
    _critical(nb, sink, t, own, bind, node_fixed, in_ptr, in_src, in_lag, node_end_task,
              task_start, chk_src, chk_dst, np.nonzero(chk_trace)[0], crit[0], crit_chk[0])


def _critical(nb: int, sink: Any, t: F32, own: dict[int, F32],
              bind: dict[int, npt.NDArray[np.int32]], node_fixed: F64, in_ptr: Any,
              in_src: Any, in_lag: F64, node_end_task: Any, task_start: Any, chk_src: Any,
              chk_dst: Any, traced: Any, crit: Any, crit_chk: Any) -> None:
    # The kernel's backward pass (see its ``_critical``), all samples at once.
    n_nodes = t.shape[0]
    n_tr = traced.shape[0]
    for g0 in range(0, max(n_tr, 1), 31):
        g1 = min(g0 + 31, n_tr)
        flags = np.zeros((n_nodes, nb), dtype=np.uint32)
        if g0 == 0:
            flags[sink, np.arange(nb)] |= np.uint32(1)
        for i in range(g0, g1):
            flags[chk_dst[traced[i]]] |= np.uint32(1 << (i - g0 + 1))
        for j in range(n_nodes - 1, -1, -1):
            fj = flags[j]
            if not fj.any() or not math.isnan(node_fixed[j]):
                continue
            for i in range(g0, g1):
                if chk_src[traced[i]] == j:
                    fj &= ~np.uint32(1 << (i - g0 + 1))
            k = int(node_end_task[j])
            e0, e1 = int(in_ptr[j]), int(in_ptr[j + 1])
            if j in bind:
                pick = bind[j]
            else:
                pick = np.full(nb, task_start[k] if k >= 0 else -1, dtype=np.int32)
                if e1 > e0:
                    top = (own.get(j, t[j]).copy() if k >= 0
                           else np.full(nb, -np.inf, dtype=np.float32))
                    for e in range(e0, e1):
                        v = t[in_src[e]] + np.float32(in_lag[e])
                        later = v > top
                        top[later] = v[later]
                        pick[later] = in_src[e]
            if k >= 0:
                ts = int(task_start[k])
                binds = pick == ts
                on = int(np.bitwise_or.reduce(fj[binds])) if binds.any() else 0
                if on:
                    for bit in range(g1 - g0 + 1):
                        if not on & (1 << bit):
                            continue
                        count = int(np.count_nonzero(binds & ((fj & np.uint32(1 << bit)) != 0)))
                        if bit == 0:
                            if g0 == 0:
                                crit[k] += count
                        else:
                            crit_chk[traced[g0 + bit - 1], k] += count
                    flags[ts] |= np.where(binds, fj, np.uint32(0))
            for e in range(e0, e1):
                flags[in_src[e]] |= np.where(pick == in_src[e], fj, np.uint32(0))


def correlations(seed: int, domain: int, streams: Any, below: F64, scores: F64) -> F64:
    """The kernel's ``correlations``: Pearson correlation of each stream's draws
    with each row of ``scores``, summed in the kernel's order."""
    m, n = scores.shape
    out = np.full((streams.shape[0], m), np.nan)
    for i in range(streams.shape[0]):
        u = _uniforms32(stream_key(seed, domain, int(streams[i])), 0, n).astype(np.float64)
        x = u if below[i] < 0.0 else (u < below[i]).astype(np.float64)
        x = x - np.cumsum(x)[-1] / n
        ss = float(np.cumsum(x * x)[-1])
        if ss > 0.0:
            out[i] = np.cumsum(x * scores, axis=1)[:, -1] / math.sqrt(ss)
    return out


def chunk_arrays(net: Network) -> tuple[object, ...]:
    """The network's arrays in the order the kernels take them."""
    return (
        net.node_fixed, net.in_ptr, net.in_src, net.in_lag, net.node_end_task,
        net.node_start_task, _own_slots(net), _bind_slots(net), net.task_start, net.dist,
        net.p1, net.p2, net.p3, net.pert_row, net.pert_table, net.task_stream, net.risk_prob,
        net.risk_factor, net.risk_dist, net.risk_p1, net.risk_p2, net.risk_p3, net.risk_pert_row,
        net.task_risk_ptr, net.task_risk, net.cal_ptr, net.cal_a, net.cal_b, net.cal_f,
        np.array([c.src for c in net.checks], dtype=np.int64),
        np.array([c.dst for c in net.checks], dtype=np.int64),
        np.array([c.lo for c in net.checks], dtype=np.float64),
        np.array([c.hi for c in net.checks], dtype=np.float64),
        # Critical paths are reported per criterion only: none for requirements.
        np.array([c.kind == "criterion" for c in net.checks], dtype=np.bool_),
        _last_candidates(net),
    )


def _last_candidates(net: Network) -> npt.NDArray[np.bool_]:
    """Nodes that can hold a sample's latest time: nothing of theirs leads on.

    A task's start leads on to its end, and an edge with a lag of zero or more
    to its target, which is then at least as late; skipping such nodes in the
    running maximum saves a compare and two selects per node and sample.
    """
    leads_on = np.zeros(net.n_nodes, dtype=np.bool_)
    leads_on[net.in_src[net.in_lag >= 0]] = True
    leads_on[net.task_start] = True
    return ~leads_on


def _bind_slots(net: Network) -> npt.NDArray[np.int64]:
    """A slot for each node with more than ``MANY_EDGES`` incoming edges, else -1."""
    many = np.diff(net.in_ptr) > MANY_EDGES
    slots = np.full(net.n_nodes, -1, dtype=np.int64)
    slots[many] = np.arange(int(many.sum()))
    return slots


def _own_slots(net: Network) -> npt.NDArray[np.int64]:
    """A slot for each task end that other edges also lead to, else -1."""
    has_edges = (net.node_end_task >= 0) & (np.diff(net.in_ptr) > 0)
    slots = np.full(net.n_nodes, -1, dtype=np.int64)
    slots[has_edges] = np.arange(int(has_edges.sum()))
    return slots
