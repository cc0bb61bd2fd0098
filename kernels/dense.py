"""Numba kernels of hls4ml's ``nnet_dense*.h`` / ``nnet_mult.h`` on raw int64 arrays.

Two kernels, both parallel over the batch:

* :func:`dense_ordered` replays a *schedule* — the ``(out, in, w)`` index triples in the exact order
  the template's loops visit them — doing per step what the header does::

      p   = product(data[in], weights[w])          // exact, int64
      m   = (accum_t) p                            // rounding + overflow of accum_t
      acc[out] = (accum_t)(acc[out] + m)           // ``acc += m``: overflow of accum_t

  It is valid whenever every value fits int64 and accum_t's modes are ones the quantize kernels
  cover (the scalar ``cast_one`` of :mod:`fxsim.kernels.quantize`).

* :func:`gemm_mod64` is an exact integer GEMM modulo 2**64, for the case where the schedule's
  arithmetic provably reduces to one (see ``fxsim.layers.dense`` for the argument).

Product codes (``nnet::product::*``): 0 mult, 1 weight_binary, 2 data_binary, 3 weight_ternary,
4 both_binary. Rounding/overflow codes are those of :mod:`fxsim.kernels.quantize`.
"""

from __future__ import annotations

import functools

import numba as nb
import numpy as np
from fxsim.kernels import small
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.quantize import (
    SAT_ZERO,
    TRN,
    WRAP,
    _fit_int,
    _increment,
    cast_one,
    cast_row,
    fit_limits,
    wrap_or_saturate,
)
from fxsim.kernels.split16 import max_steps, split16_step, split16_total

MULT, WEIGHT_BINARY, DATA_BINARY, WEIGHT_TERNARY, BOTH_BINARY = range(5)


@njit(cache=True, inline="always")
def product_one(kind: int, a: int, w: int, w_minus_one: int, one: int) -> int:
    """Raw value of ``product<x_T, w_T>::product(a, w)`` (in the product type's fraction bits).

    ``w_minus_one`` is the raw of ``w == -1`` (a value outside w_T's range when -1 is not
    representable); ``one`` is the raw of ``x_T(true)``. both_binary needs ``F(x_T) == F(w_T)``.
    """
    if kind == MULT:
        return a * w
    if kind == WEIGHT_BINARY:
        return -a if w == 0 else a
    if kind == DATA_BINARY:
        return -w if a == 0 else w
    if kind == WEIGHT_TERNARY:
        if w == 0:
            return 0
        return -a if w == w_minus_one else a
    return one if a == w else 0  # BOTH_BINARY


#: Samples per block of the ordered kernel (one block per parallel task; its rows stay in L1).
CHUNK = 64

#: A ``wabs`` entry of :func:`ordered_steps` meaning "too large to bound".
NO_BOUND = 1 << 62


@njit(cache=True)
def gather_into(x, b0: int, n: int, xt) -> None:
    """Samples ``b0 .. b0+n-1`` of ``x`` (batch, n_in) into the columns of ``xt`` (n_in, width),
    columns past ``n`` zeroed: the block layout of the kernels below, where each step is one loop
    over the block's samples."""
    for b in range(n):
        for i in range(x.shape[1]):
            xt[i, b] = x[b0 + b, i]
    for i in range(x.shape[1]):
        for b in range(n, xt.shape[1]):
            xt[i, b] = 0


@njit(cache=True)
def gather_block(x, b0: int, n: int, width: int, proto):
    """:func:`gather_into` a new ``(n_in, width)`` buffer of ``proto``'s dtype."""
    xt = np.empty((x.shape[1], width), dtype=proto.dtype)
    gather_into(x, b0, n, xt)
    return xt


@njit(cache=True, inline="always")
def _sat_step32(a, x, w32, s32, lo32, hi32, lo_sat32, mask32, o: int):
    """One step of the ordered replay in int32 lanes (truncating ``mult``):
    ``(accum_t)(a + (accum_t)((x * w) >> s))``; every product and ``a + m`` fits int32 (acc_w <= 30),
    and saying so (``np.int32``) keeps the lanes 32-bit."""
    m = _fit_int(np.right_shift(np.int32(x * w32), s32), lo32, hi32, lo_sat32, mask32, o == WRAP, o == SAT_ZERO)
    return _fit_int(np.int32(a + m), lo32, hi32, lo_sat32, mask32, o == WRAP, o == SAT_ZERO)


#: Epilogue activations of :func:`dense_ordered_kernel`: none, a whole-domain table
#: ``table[y - t_min]``, or ``(act_T) max(y, act_lo)`` (a ReLU or linear activation as a max and a
#: cast, see ``fxsim.layers.macc.max_cast_form``).
NO_ACT, TABLE_ACT, MAX_CAST_ACT = range(3)


@njit(cache=True, inline="always")
def block_ranges(xt, xpos, xneg) -> int:
    """``xpos[i] = max(0, max_b xt[i, b])`` and ``xneg[i] = min(0, min_b xt[i, b])`` of a block
    (its padding columns are zeros, which only widen the ranges); returns the largest ``|x|``."""
    xmax = np.int64(0)
    for i in range(xt.shape[0]):
        xr = xt[i]
        hi = np.int64(0)
        lo = np.int64(0)
        for b in range(xr.shape[0]):
            v = np.int64(xr[b])
            hi = max(hi, v)
            lo = min(lo, v)
        xpos[i] = hi
        xneg[i] = lo
        xmax = max(xmax, max(hi, -lo))
    return xmax


@njit(cache=True, inline="always")
def signed_bounds(apos, aneg, xpos, xneg, up, dn) -> None:
    """``up[j] = sum_i apos[i, j] * xpos[i] + aneg[i, j] * xneg[i]`` (>= every sum of the positive
    products of output ``j``'s steps) and ``dn[j] = sum_i apos[i, j] * xneg[i] + aneg[i, j] * xpos[i]``
    (<= every sum of its negative products), for the block's input ranges (:func:`block_ranges`)."""
    for j in range(up.shape[0]):
        up[j] = 0
        dn[j] = 0
    for i in range(apos.shape[0]):
        xp = xpos[i]
        xn = xneg[i]
        if xp == 0 and xn == 0:
            continue
        pr = apos[i]
        nr = aneg[i]
        for j in range(up.shape[0]):
            up[j] += pr[j] * xp + nr[j] * xn
            dn[j] += pr[j] * xn + nr[j] * xp


@njit(cache=True, inline="always")
def saturation_free(a0: int, up: int, dn: int, n: int, p_shift: int, q: int, lo_sat: int, hi: int) -> bool:
    """Whether no step of an output's row can saturate or wrap: every partial sum
    ``a0 + m_1 + ... + m_k`` and every rounded product ``m_s`` lies within
    ``[max(a0, 0) + sum_s min(m_s, 0), ... + sum_s max(m_s, 0)]``, and ``m_s = round(p_s >> p_shift)``
    of products within ``[dn, up]`` summed (:func:`signed_bounds`) is at least the floor (of the sum,
    less one per step) and at most the floor plus one for rounding modes other than AP_TRN. Exact
    left shifts (``p_shift <= 0``) compare against the limits shifted back (no overflow)."""
    top = hi - max(a0, 0)
    bot = lo_sat - min(a0, 0)
    if top < 0 or bot > 0:
        return False
    if p_shift > 0:
        return (up >> p_shift) + (n if q != TRN else 0) <= top and (dn >> p_shift) - n >= bot
    return up <= (top >> -p_shift) and dn >= -((-bot) >> -p_shift)


@njit(cache=True, inline="always")
def free_row32(ar, xt, s_in, s_w, k0: int, k1: int, s32) -> None:
    """``ar[b] += sum_k (xt[s_in[k], b] * s_w[k]) >> s32`` over steps ``k0 .. k1-1`` in int32 lanes,
    eight products per pass over the row (exact: the caller proved every product and every partial
    sum of these steps fits the accumulator, so the order is irrelevant)."""
    k = k0
    while k + 8 <= k1:
        r0, r1, r2, r3 = xt[s_in[k]], xt[s_in[k + 1]], xt[s_in[k + 2]], xt[s_in[k + 3]]
        r4, r5, r6, r7 = xt[s_in[k + 4]], xt[s_in[k + 5]], xt[s_in[k + 6]], xt[s_in[k + 7]]
        w0, w1, w2, w3 = np.int32(s_w[k]), np.int32(s_w[k + 1]), np.int32(s_w[k + 2]), np.int32(s_w[k + 3])
        w4, w5, w6, w7 = np.int32(s_w[k + 4]), np.int32(s_w[k + 5]), np.int32(s_w[k + 6]), np.int32(s_w[k + 7])
        for b in range(CHUNK):
            ar[b] += (((np.right_shift(np.int32(r0[b] * w0), s32) + np.right_shift(np.int32(r1[b] * w1), s32))
                       + (np.right_shift(np.int32(r2[b] * w2), s32) + np.right_shift(np.int32(r3[b] * w3), s32)))
                      + ((np.right_shift(np.int32(r4[b] * w4), s32) + np.right_shift(np.int32(r5[b] * w5), s32))
                         + (np.right_shift(np.int32(r6[b] * w6), s32) + np.right_shift(np.int32(r7[b] * w7), s32))))
        k += 8
    for kk in range(k, k1):
        xs = xt[s_in[kk]]
        w32 = np.int32(s_w[kk])
        for b in range(CHUNK):
            ar[b] += np.right_shift(np.int32(xs[b] * w32), s32)


@njit(cache=True, inline="always")
def ordered_block(xt, acc, fin, ptr, s_in, s_w, xlim, apos, aneg, acc0, xpos, xneg, up, dn, h16, kind: int, q: int,
                  o: int, lanes32: bool, lanes16: bool, max16: int, w_minus_one: int, one_raw: int, p_shift: int,
                  acc_w: int, acc_s: bool) -> None:
    """The ordered replay of one block: ``fin[j, b]`` = output ``j``'s accumulator after its steps
    (``ptr``/``s_in``/``s_w`` of :func:`ordered_steps`) for the samples in ``xt``'s columns (see
    :func:`dense_ordered_kernel`); ``acc``, ``xpos``, ``xneg``, ``up``, ``dn``, ``h16`` are scratch."""
    n_out = acc0.shape[0]
    one = np.int64(1)
    lo, hi, lo_sat, mask = fit_limits(acc_w, acc_s, o)
    sh = np.int64(p_shift) if p_shift > 0 else np.int64(0)
    sl = np.int64(-p_shift) if p_shift < 0 else np.int64(0)
    low = (one << sh) - 1
    half = (one << (sh - 1)) if sh > 0 else np.int64(0)
    rmask = half - 1 if sh > 0 else np.int64(0)
    lim = one << (62 - sl) if sl <= 62 else np.int64(0)
    big = one << 62
    scalar = p_shift > 62 or p_shift < -62
    s32 = np.int32(sh)
    lo32, hi32, lo_sat32, mask32 = np.int32(lo), np.int32(hi), np.int32(lo_sat), np.int32(mask)
    bounded = kind == MULT and o != WRAP and not scalar
    xmax = np.int64(0)
    if bounded:
        xmax = block_ranges(xt, xpos, xneg)
        signed_bounds(apos, aneg, xpos, xneg, up, dn)
    for j in range(n_out):
        ar = acc[j]
        a0 = acc0[j]
        for b in range(CHUNK):
            ar[b] = a0
        k0, k1 = ptr[j], ptr[j + 1]
        # up/dn did not overflow when xmax * sum|w| < 2**62
        free = bounded and xmax < xlim[j] and saturation_free(a0, up[j], dn[j], k1 - k0, p_shift, q, lo_sat, hi)
        if free and lanes16 and k1 - k0 <= max16:  # no step saturates: a plain sum, product halves in int16
            hr = h16[0]
            lr = h16[1]
            for b in range(CHUNK):
                hr[b] = 0
                lr[b] = 0
            for k in range(k0, k1):
                split16_step(hr, lr, xt[s_in[k]], s_w[k], sh)
            split16_total(ar, hr, lr, sh)
            for b in range(CHUNK):
                ar[b] += a0
        elif free and lanes32 and q == TRN and sh > 0:  # no step saturates: a plain sum in int32 lanes
            free_row32(ar, xt, s_in, s_w, k0, k1, s32)
        elif free:  # no step saturates: the sum of the rounded products
            for k in range(k0, k1):
                mac64_row(ar, xt[s_in[k]], s_w[k], p_shift, q)  # CHUNK == BLOCK lanes
        elif lanes32 and kind == MULT and q == TRN and sh > 0:
            for k in range(k0, k1):
                xs = xt[s_in[k]]
                w32 = np.int32(s_w[k])
                for b in range(CHUNK):
                    ar[b] = _sat_step32(ar[b], xs[b], w32, s32, lo32, hi32, lo_sat32, mask32, o)
        else:
            for k in range(k0, k1):
                xs = xt[s_in[k]]
                wv = s_w[k]
                if scalar:
                    for b in range(CHUNK):
                        m = cast_one(product_one(kind, xs[b], wv, w_minus_one, one_raw), p_shift, acc_w,
                                     acc_s, q, o)
                        ar[b] = _fit_int(ar[b] + m, lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
                elif sh > 0:
                    for b in range(CHUNK):
                        p = product_one(kind, xs[b], wv, w_minus_one, one_raw)
                        fl = p >> sh
                        if q != TRN:
                            rem = p & low
                            inc = _increment(q, (rem & half) != 0, (rem & rmask) != 0, p < 0, (fl & one) != 0)
                            fl += one if inc else np.int64(0)
                        m = _fit_int(fl, lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
                        ar[b] = _fit_int(ar[b] + m, lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
                else:
                    for b in range(CHUNK):
                        p = product_one(kind, xs[b], wv, w_minus_one, one_raw)
                        v = p << sl
                        if o != WRAP:  # a saturating left shift decides overflow before shifting
                            v = big if p >= lim else v
                            v = -big if p < -lim else v
                        m = _fit_int(v, lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
                        ar[b] = _fit_int(ar[b] + m, lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
        er = fin[j]
        for b in range(CHUNK):
            er[b] = ar[b]


@njit(cache=True, inline="always")
def ordered_epilogue(fin, res_sh: int, res_w: int, res_s: bool, res_q: int, res_o: int, act_kind: int, table,
                     t_min: int, act_lo: int, act_sh: int, act_w: int, act_s: bool, act_q: int, act_o: int) -> None:
    """``fin = (res_T) fin`` (``res_w > 0``), then the activation ``act_kind`` (:data:`TABLE_ACT`:
    ``table[y - t_min]``; :data:`MAX_CAST_ACT`: ``(act_T) max(y, act_lo)``), row by row in place."""
    for j in range(fin.shape[0]):
        er = fin[j]
        if res_w > 0:
            cast_row(er, res_sh, res_w, res_s, res_q, res_o)
        if act_kind == TABLE_ACT:
            for b in range(er.shape[0]):
                er[b] = table[er[b] - t_min]
        elif act_kind == MAX_CAST_ACT:
            for b in range(er.shape[0]):
                er[b] = max(er[b], act_lo)
            cast_row(er, act_sh, act_w, act_s, act_q, act_o)


@functools.cache
def dense_ordered_kernel(kind: int, lanes32: bool, lanes16: bool = False):
    """The ordered replay for one product kind and lane width (compile-time constants of this
    specialisation, cached on disk; only plain ints are closed over); accum_t's rounding and
    overflow modes ``q``/``o`` are run-time arguments (one kernel for every mode pair: first-run
    compile time matters more than the per-lane mode selects of the clamping steps).

    The schedule comes regrouped by accumulator (:func:`ordered_steps`: each output's steps in the
    template's order).    The batch is split into ``tasks`` contiguous runs of :data:`CHUNK`-sample
    blocks, one per parallel task (its scratch rows allocated once); a block's inputs are copied
    into an ``(n_in, CHUNK)`` buffer of ``xproto``'s dtype (int64; int32
    when the caller has proven that every product and every ``acc + m`` fits int32: then the
    common truncating ``mult`` step runs in 32-bit lanes, the accumulators in ``aproto``'s int32;
    int16 with ``lanes16``, see below), and each output's steps are replayed
    on an accumulator row that stays in L1 (:func:`ordered_block`), each step one branch-free
    (SIMD) loop over the block's samples, so every sample sees exactly the template's order.

    *Saturation-free outputs.* With a saturating accum_t (AP_SAT, AP_SAT_SYM, AP_SAT_ZERO) and
    ``mult`` products, the block first bounds, per output ``j``, the sum of its steps' positive
    products and the sum of their negative ones from the block's per-input ranges
    ``[min(0, min x[i]), max(0, max x[i])]`` and the weights' positive and negative sums per
    (input, output) (``apos``/``aneg`` of :func:`ordered_steps`; :func:`signed_bounds`, one small
    matrix-vector product per block). Where :func:`saturation_free` proves that no partial sum and
    no rounded product leaves ``[lo_sat, hi]``, every cast is the identity and the row is a plain
    sum of rounded products (no clamps, in any order; int32 lanes: :func:`free_row32`); otherwise
    every step clamps as the header does. Both give the template's bits for every sample.

    *lanes16* (a truncating ``mult`` into an int32-lane accumulator, data and weights within int16,
    ``1 <= p_shift <= 15`` and ``acc_w + p_shift <= 32``, proven by the caller): a saturation-free
    row of at most ``max16`` steps adds its products as high and low halves in int16 lanes
    (:mod:`fxsim.kernels.split16`, twice the lanes of int32); its sum lies within accum_t's range,
    ``[-2**(acc_w - 1), 2**(acc_w - 1)) ⊆ [-2**(31 - p_shift), 2**(31 - p_shift))``, so the
    halves' sum modulo ``2**(32 - p_shift)`` is exact.

    The per-step casts are those of :func:`fxsim.kernels.quantize.cast_bulk_kernel`
    (``-62 <= p_shift <= 62``); other shifts take the scalar
    :func:`~fxsim.kernels.quantize.cast_one`. With ``res_w > 0`` the epilogue casts each
    accumulator to ``res_T`` (:func:`~fxsim.kernels.quantize.cast_row`) and then applies the
    activation ``act_kind`` (:func:`ordered_epilogue`).
    """

    assert CHUNK == BLOCK  # the clamp-free rows add with mac64_row (BLOCK lanes)

    @njit(cache=True, parallel=True, error_model="numpy")
    def run(x, xproto, aproto, max16, ptr, s_in, s_w, wabs, apos, aneg, acc0, w_minus_one, one_raw, p_shift,
            acc_w, acc_s, res_sh, res_w, res_s, res_q, res_o, act_kind, table, t_min, act_lo, act_sh, act_w, act_s,
            act_q, act_o, tasks, q, o):
        batch, n_in = x.shape
        n_out = acc0.shape[0]
        res = np.empty((batch, n_out), dtype=np.int64)
        big = np.int64(1) << 62
        xlim = np.empty(n_out, dtype=np.int64)  # the largest |x| for which wabs[j] * |x| < 2**62
        for j in range(n_out):
            xlim[j] = big // max(wabs[j], np.int64(1)) if wabs[j] < big else np.int64(0)
        n_blk = (batch + CHUNK - 1) // CHUNK
        n_task = max(min(n_blk, tasks), 1)
        for t in nb.prange(n_task):
            xt = np.empty((n_in, CHUNK), dtype=xproto.dtype)
            acc = np.empty((n_out, CHUNK), dtype=aproto.dtype)
            h16 = np.empty((2, CHUNK), dtype=np.int16)
            fin = np.empty((n_out, CHUNK), dtype=np.int64)
            xpos = np.empty(n_in, dtype=np.int64)
            xneg = np.empty(n_in, dtype=np.int64)
            up = np.empty(n_out, dtype=np.int64)
            dn = np.empty(n_out, dtype=np.int64)
            for c in range(t * n_blk // n_task, (t + 1) * n_blk // n_task):
                b0 = c * CHUNK
                n = min(batch, b0 + CHUNK) - b0
                gather_into(x, b0, n, xt)
                ordered_block(xt, acc, fin, ptr, s_in, s_w, xlim, apos, aneg, acc0, xpos, xneg, up, dn, h16, kind,
                              q, o, lanes32, lanes16, max16, w_minus_one, one_raw, p_shift, acc_w, acc_s)
                ordered_epilogue(fin, res_sh, res_w, res_s, res_q, res_o, act_kind, table, t_min, act_lo, act_sh,
                                 act_w, act_s, act_q, act_o)
                for b in range(n):
                    for j in range(n_out):
                        res[b0 + b, j] = fin[j, b]
        return res

    return run


def ordered_steps(step_out, step_in, step_w, w, n_in: int, n_out: int):
    """The schedule regrouped by accumulator for :func:`dense_ordered_kernel`: ``(ptr, s_in, s_w,
    wabs, apos, aneg)``, the steps of output ``j`` at ``ptr[j]:ptr[j+1]`` of ``s_in`` (input
    indices, uint32) and ``s_w`` (weight raws) in the schedule's order; ``apos[i, j]`` / ``aneg[i, j]``
    the sums of the positive / negative weights of output ``j``'s steps that read input ``i``, and
    ``wabs[j]`` the sum of all their ``|weight|`` (:data:`NO_BOUND`: too large to bound; ``apos``
    and ``aneg`` are then zero).

    Why regrouping is exact: a step ``acc[out] = (accum_t)(acc[out] + (accum_t) p)`` reads and
    writes ``acc[out]`` alone (data and weights are constant), so each accumulator's final value
    depends only on the order of *its own* steps, which a stable sort by ``out`` keeps.

    >>> ptr, s_in, s_w, wabs, apos, aneg = ordered_steps([1, 0, 1], [0, 1, 2], [2, 1, 0], np.array([5, -6, 7]), 3, 2)
    >>> ptr.tolist(), s_in.tolist(), s_w.tolist(), wabs.tolist(), apos.tolist(), aneg.tolist()
    ([0, 1, 3], [1, 0, 2], [-6, 7, 5], [6, 12], [[0, 7], [0, 0], [0, 5]], [[0, 0], [-6, 0], [0, 0]])
    """
    out = np.asarray(step_out, dtype=np.int64)
    order = np.argsort(out, kind="stable")
    ptr = np.zeros(n_out + 1, dtype=np.int64)
    np.cumsum(np.bincount(out, minlength=n_out)[:n_out], out=ptr[1:])
    s_in = np.ascontiguousarray(np.asarray(step_in, dtype=np.int64)[order], dtype=np.uint32)
    s_w = np.ascontiguousarray(np.asarray(w, dtype=np.int64)[np.asarray(step_w, dtype=np.int64)[order]])
    wabs = np.full(n_out, NO_BOUND, dtype=np.int64)
    apos = np.zeros((n_in, n_out), dtype=np.int64)
    aneg = np.zeros((n_in, n_out), dtype=np.int64)
    if int(np.abs(s_w).max(initial=0)) < (1 << 40) and s_w.size < (1 << 20):  # sums stay below 2**60
        cols = out[order]
        np.add.at(apos, (s_in, cols), np.maximum(s_w, 0))
        np.add.at(aneg, (s_in, cols), np.minimum(s_w, 0))
        wabs[:] = (apos - aneg).sum(axis=0)
    return ptr, s_in, s_w, wabs, apos, aneg


def dense_ordered(x, w, acc0, step_out, step_in, step_w, kind, w_minus_one, one,
                  p_shift, acc_w, acc_s, q, o, lanes32=False, res=None, table=None, t_min=0, act=None, lanes16=False):
    """Accumulators (batch, n_out) of every sample after replaying the schedule in order.

    x: (batch, n_in) int64 data raws; w: weight raws; acc0: (n_out,) accum_t raws of the biases;
    step_*: the schedule; p_shift = F(product) - F(accum_t); acc_w/acc_s/q/o: accum_t; lanes32:
    the caller has proven that every product and every ``acc + m`` fits int32; lanes16: in addition
    the conditions of :func:`dense_ordered_kernel`'s int16 rows. Requires acc_w <= 62 and
    |product| < 2**63. With ``res = (shift, width, signed, rounding, overflow)`` (a
    :class:`fxsim.conversion.KernelCast` from accum_t to res_T) it returns ``(res_T) acc`` instead,
    and with ``table`` also ``table[(res_T) acc - t_min]``, or with ``act = (act_lo, cast)``
    (``cast`` a KernelCast from res_T) ``(act_T) max((res_T) acc, act_lo)``.
    """
    steps = ordered_steps(step_out, step_in, step_w, w, x.shape[1], acc0.shape[0])
    return dense_ordered_steps(x, acc0, steps, kind, w_minus_one, one, p_shift, acc_w, acc_s, q, o, lanes32, res,
                               table, t_min, act, lanes16)


def dense_ordered_steps(x, acc0, steps, kind, w_minus_one, one, p_shift, acc_w, acc_s, q, o, lanes32=False,
                        res=None, table=None, t_min=0, act=None, lanes16=False):
    """:func:`dense_ordered` with the schedule already regrouped (``steps``: :func:`ordered_steps`),
    so a caller prepares each weight matrix once."""
    lanes16 = bool(lanes16 and lanes32 and kind == MULT and q == TRN and 1 <= p_shift <= 15
                   and acc_w + p_shift <= 32)
    aproto = np.empty(0, dtype=np.int32 if lanes32 else np.int64)
    xproto = np.empty(0, dtype=np.int16) if lanes16 else aproto
    r = (0, 0, False, 0, 0) if res is None else tuple(res)
    kind_act, lo, a = NO_ACT, 0, (0, 0, False, 0, 0)
    tab = _NO_TABLE
    if act is not None:
        kind_act, lo, a = MAX_CAST_ACT, int(act[0]), tuple(act[1])
    elif table is not None:
        kind_act, tab = TABLE_ACT, np.ascontiguousarray(table, dtype=np.int64)
    return dense_ordered_kernel(int(kind), bool(lanes32), lanes16)(
        np.ascontiguousarray(x), xproto, aproto, max_steps(int(p_shift)) if lanes16 else 0, *steps, acc0,
        int(w_minus_one), int(one), int(p_shift), int(acc_w), bool(acc_s), int(r[0]), int(r[1]), bool(r[2]),
        int(r[3]), int(r[4]), kind_act, tab, int(t_min), lo, int(a[0]), int(a[1]), bool(a[2]), int(a[3]), int(a[4]),
        4 * nb.get_num_threads(), int(q), int(o))


_NO_TABLE = np.zeros(0, dtype=np.int64)


@njit(cache=True, parallel=True)
def gemm_mod64(x, m):
    """``x @ m`` of int64 matrices, exactly modulo 2**64 (uint64 wrap-around arithmetic).

    The true sum is recovered from the result modulo 2**W for any W <= 64.
    """
    batch, n_in = x.shape
    n_out = m.shape[1]
    xu = x.view(np.uint64)
    mu = m.view(np.uint64)
    out = np.zeros((batch, n_out), dtype=np.uint64)
    for b in nb.prange(batch):
        for i in range(n_in):
            a = xu[b, i]
            if a == 0:
                continue
            for j in range(n_out):
                out[b, j] += a * mu[i, j]
    return out.view(np.int64)


@njit(cache=True, parallel=True)
def wrap_rows(v, width, signed):
    """int64 residues modulo 2**64 (2-D) -> ``width``-bit registers (width <= 62), in place."""
    for b in nb.prange(v.shape[0]):
        for j in range(v.shape[1]):
            v[b, j] = wrap_or_saturate(v[b, j], width, signed, WRAP)
    return v


# ============================================================================ modular fused kernel
#: Samples per block of :func:`dense_modular_kernel` (its accumulators are ``n_out x BLOCK``).
BLOCK = 64


@njit(cache=True, inline="always")
def mac32_row(ar, xr, w32, p_shift: int) -> None:
    """``ar[b] += (xr[b] * w32) >> p_shift`` (``<<`` for ``p_shift <= 0``) in int32 lanes (mod
    2**32) over a row of :data:`BLOCK` lanes: ``np.int32(...)`` and ``np.right_shift`` on int32
    keep the lanes 32-bit, where ``>>`` would widen them."""
    s32 = np.int32(abs(p_shift))
    if p_shift > 0:
        for b in range(BLOCK):
            ar[b] += np.right_shift(np.int32(xr[b] * w32), s32)
    else:
        for b in range(BLOCK):
            ar[b] += np.left_shift(np.int32(xr[b] * w32), s32)


@njit(cache=True, inline="always")
def mac64_row(ar, xr, w: int, p_shift: int, q: int) -> None:
    """``ar[b] += round_q((xr[b] * w) / 2**p_shift)`` (``<<`` for ``p_shift <= 0``, exact) over a
    row of :data:`BLOCK` lanes, each product and its rounding ``q`` in int64 (the sum is stored in
    the row's dtype, modulo its width)."""
    one = np.int64(1)
    if p_shift > 0:
        sh = np.int64(p_shift)
        low = (one << sh) - one
        half = one << (sh - one)
        rmask = half - one
        for b in range(BLOCK):
            p = np.int64(xr[b]) * w
            fl = p >> sh
            if q != TRN:
                rem = p & low
                inc = _increment(q, (rem & half) != 0, (rem & rmask) != 0, p < 0, (fl & one) != 0)
                fl += one if inc else np.int64(0)
            ar[b] += fl
    else:
        sl = np.int64(-p_shift)
        for b in range(BLOCK):
            ar[b] += (np.int64(xr[b]) * w) << sl


@njit(cache=True, inline="always")
def accumulate_pixel(acc, rows, index, pix: int, m, acc0, p_shift: int, q: int, lanes: int) -> None:
    """``acc[j] = acc0[j] + sum_t round_q(rows[index[pix, t]] * m[t, j])`` for every output ``j`` of
    ``m`` (taps x outputs; a tap index ``-1`` reads a zero, a zero weight adds ``round_q(0) == 0``):
    one pixel of the block kernels, in ``lanes`` 32 (:func:`mac32_row`, truncating products) or 64
    (:func:`mac64_row`), a compile-time constant (int16 lanes: ``fxsim.kernels.chain.run_stage``)."""
    n_out = m.shape[1]
    for j in range(n_out):
        a0 = acc0[j]
        ar = acc[j]
        for b in range(BLOCK):
            ar[b] = a0  # modulo the lanes' width, a multiple of 2**acc_w
    for t in range(index.shape[1]):
        k = index[pix, t]
        if k < 0:
            continue
        xr = rows[k]
        for j in range(n_out):
            w = m[t, j]
            if w == 0:
                continue
            if lanes == 32:
                mac32_row(acc[j], xr, np.int32(w), p_shift)
            else:
                mac64_row(acc[j], xr, np.int64(w), p_shift, q)


@functools.cache
def dense_modular_kernel(q: int, lanes32: bool):
    """The fused multiply-accumulate loop for product rounding mode ``q`` and lane width
    (compile-time constants of this specialisation, cached on disk; only plain ints are closed
    over, so the cache key is exact).

    Each sample's input row is read through ``index`` (pixels, taps): pixel ``p`` is one dense
    product over the taps, input ``x[b, index[p, t]]`` (``-1``: a zero, the im2col padding). A
    dense layer is the single pixel ``index = [[0, 1, ..., n_in - 1]]``; a convolution passes
    hls4ml's ``fill_buffer`` layout, so no im2col copy is made. With
    ``p_shift = F(product) - F(accum_t)``::

        acc[j] = acc0[j] + sum_t round_q(x[b, index[p, t]] * m[t, j], p_shift)   (mod 2**32 or 2**64)
        out[b, p * n_out + j] = (res_t) wrap_W(acc[j])
        if table.size: out[...] = table[out[...] - t_min]            // an element-wise activation, fused

    ``round_q`` is the quantization of one product into accum_t's fraction bits *without* the
    overflow step; ``wrap_W`` reduces to accum_t's ``acc_w``-bit register. With ``lanes32`` every
    product fits int32, ``|p_shift| <= 30`` and acc_w <= 32, so products, shifts and sums run in
    int32 lanes (mod 2**32, which 2**acc_w divides; ``np.right_shift`` on int32 operands keeps the
    shift 32-bit, where ``>>`` would widen it); otherwise in int64 (acc_w <= 62). The caller
    (``fxsim.layers.dense.modular_plan``) proves that this equals the template's per-step
    ``acc[j] += (accum_t) p`` and that every product fits the lanes (see there).

    The samples are the vector axis: blocks of :data:`BLOCK` samples run in parallel; a block's
    inputs are gathered once into an ``(n_in, BLOCK)`` buffer, then for each pixel, tap and output
    one branch-free loop over the block adds ``round_q(x * m[t, j])`` to the ``(n_out, BLOCK)``
    accumulators (zero weights are skipped: ``round_q(0) == 0``). ``m`` is int32 with ``lanes32``,
    else int64. The epilogue (wrap, cast to res_T, activation table) is one SIMD loop per output
    row of the block (:func:`~fxsim.kernels.quantize.cast_row`), then the block is stored into
    the sample-major result. Batches of fewer than ``small.ROWS`` samples run
    :func:`fxsim.kernels.small.dense_modular` instead (no compilation).
    """

    lanes = 32 if lanes32 and q == TRN else 64  # the common case, all in 32-bit lanes

    @njit(cache=True, parallel=True, error_model="numpy")
    def compiled(x, index, m, acc0, p_shift, acc_w, acc_s, res_sh, res_w, res_s, res_q, res_o, table, t_min):
        batch, n_in = x.shape
        n_pix, n_taps = index.shape
        n_out = m.shape[1]
        out = np.empty((batch, n_pix * n_out), dtype=np.int64)
        act = table.size > 0
        one = np.int64(1)
        alo = -(one << (acc_w - 1)) if acc_s else np.int64(0)
        amask = (one << acc_w) - one
        for c in nb.prange((batch + BLOCK - 1) // BLOCK):
            b0 = c * BLOCK
            n = min(batch, b0 + BLOCK) - b0
            xt = gather_block(x, b0, n, BLOCK, m)
            acc = np.empty((n_out, BLOCK), dtype=m.dtype)
            ep = np.empty((n_out, BLOCK), dtype=np.int64)
            for pix in range(n_pix):
                accumulate_pixel(acc, xt, index, pix, m, acc0, p_shift, q, lanes)
                o0 = pix * n_out
                for j in range(n_out):
                    ar = acc[j]
                    er = ep[j]
                    for b in range(BLOCK):  # the accumulator register: acc_w bits, wrapped
                        er[b] = ((np.int64(ar[b]) - alo) & amask) + alo
                    cast_row(er, res_sh, res_w, res_s, res_q, res_o)
                    if act:
                        for b in range(BLOCK):
                            er[b] = table[er[b] - t_min]
                for b in range(n):
                    for j in range(n_out):
                        out[b0 + b, o0 + j] = ep[j, b]
        return out

    def run(x, index, m, acc0, p_shift, acc_w, acc_s, res_sh, res_w, res_s, res_q, res_o, table, t_min):
        args = (x, index, m, acc0, p_shift, acc_w, acc_s, res_sh, res_w, res_s, res_q, res_o, table, t_min)
        if small.use_rows(x.shape[0]):  # small batches: the NumPy twin, nothing to compile
            out = small.dense_modular(*args, q)
            if out is not None:
                return out
        return compiled(*args)

    return run
