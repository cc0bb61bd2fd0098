"""One Numba pass over a chain of fused multiply-accumulate stages (dense/conv + activation).

Each stage is what :func:`fxsim.kernels.dense.dense_modular_kernel` computes for one layer, in its
int32-lane, truncating-product form; the chain runs the stages back to back on blocks of
:data:`BLOCK` samples held in int32 rows (one row per value, one lane per sample), so the
intermediate layer outputs never leave the cache and are never transposed to sample-major arrays.
The caller (``fxsim.fusion``) proves for every stage what the single-layer kernel's caller proves
(``fxsim.layers.dense.modular_plan``) and, in addition, that every stage's output type fits an
int32 row.

Stage ``s`` reads rows ``index[p, t]`` of its input block (``-1``: a zero) for pixel ``p``::

    acc[j] = acc0[j] + sum_t (x[index[p, t]] * m[t, j]) >> p_shift    (int32 lanes, mod 2**32; << for p_shift < 0)
    y[p * n_out + j] = (res_T) wrap_{acc_w}(acc[j])                   (rounding/overflow of res_T)
    y = table[y - t_min]                                              (act_kind 1: a tabulated activation)
    y = (act_T) max(y, act_lo)                                        (act_kind 2: relu / linear, as a cast)

An *ordered* stage (column :data:`ORDERED`, int32 lanes; a Resource dense layer whose accum_t
saturates) computes the same plain sum where the block's inputs prove that no partial sum of the
template's order can leave accum_t's range, and replays that order with its per-step clamps for
the outputs they do not (:func:`ordered_rows`); accum_t's rounding and overflow are run-time
columns (``acc_q``, ``acc_o``), so it adds no kernel specialisation.

Every cast is written as ``cast_right(v << pre, rs)`` with ``rs >= 1``: a cast that adds ``ls``
fraction bits is ``pre = ls + 1, rs = 1`` (the dropped bit is zero, so no rounding mode increments,
and the shifted value cannot overflow int64 for ``ls <= 29`` and 32-bit inputs, so saturation sees
the same value). That keeps the epilogue one branch-free loop per row; the rounding/overflow modes
are compile-time constants of :func:`chain_kernel`.

Stage parameters are rows of an int64 matrix (columns :data:`COLUMNS`); weights, indices, biases
and tables are concatenated into flat arrays addressed by offsets.
"""

from __future__ import annotations

import functools

import numba as nb
import numpy as np
from fxsim.kernels import small
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.dense import accumulate_pixel, block_ranges, gather_into, saturation_free, signed_bounds
from fxsim.kernels.lanes16 import ROW, dot16_rows
from fxsim.kernels.quantize import (
    SAT_SYM,
    SAT_ZERO,
    TRN,
    TWO52,
    WRAP,
    _fit_int,
    _increment,
    _quantize_elem,
    _quantize_one,
    cast_right,
    cast_right32,
    fit_limits,
    fit_limits32,
    quantize_f64,
)
from fxsim.kernels.softmax import SCALARS, block_scratch, pack_params, softmax_block, softmax_rows_kernel

#: Samples per block (the lanes of every row).
BLOCK = ROW  # the int16 MAC works on whole rows of this many lanes
#: Blocks per parallel task (its scratch rows are allocated once).
TASK = 8

#: Columns of the stage parameter matrix.
COLUMNS = ("n_pix", "n_taps", "n_out", "idx_off", "m_off", "acc0_off", "p_shift", "acc_w", "acc_s",
           "res_pre", "res_rs", "res_w", "res_s", "act_kind", "tab_off", "tab_len", "t_min",
           "act_lo", "act_pre", "act_rs", "act_w", "act_s", "epi16", "kind_off", "n_groups",
           "ordered", "acc_q", "acc_o", "ord_off", "bnd_off")
(N_PIX, N_TAPS, N_OUT, IDX_OFF, M_OFF, ACC0_OFF, P_SHIFT, ACC_W, ACC_S, RES_PRE, RES_RS, RES_W, RES_S,
 ACT_KIND, TAB_OFF, TAB_LEN, T_MIN, ACT_LO, ACT_PRE, ACT_RS, ACT_W, ACT_S, EPI16, KIND_OFF,
 N_GROUPS, ORDERED, ACC_Q, ACC_O, ORD_OFF, BND_OFF) = range(len(COLUMNS))
#: ``act_kind`` codes: a table, or ``(act_T) max(y, act_lo)`` (no activation: ``act_lo`` = the
#: type's minimum and an identity cast).
TABLE_ACT, MAX_CAST_ACT = range(2)
#: The widest left shift a cast may add (see the module docstring).
MAX_LEFT = 29
#: Bits of a shifted value (and widest right shift) :func:`epilogue16` computes in int32 lanes.
EPILOGUE16_BITS = 30
#: The widest shift (either way) of a cast :func:`epilogue_i16` computes in int16 lanes.
MAX_SHIFT16 = 15


def pre_rs(shift: int) -> tuple[int, int]:
    """``(pre, rs)`` of a cast that drops ``shift`` fraction bits (negative: adds them)."""
    if not -MAX_LEFT <= shift <= 62:
        raise ValueError(f"cast shift {shift} outside [-{MAX_LEFT}, 62]")
    return (0, shift) if shift > 0 else (1 - shift, 1)


@njit(cache=True, inline="always")
def epilogue(acc, dst, o0, p, table, q, o, aq, ao):
    """``dst[o0 + j] = act((res_T) wrap(acc[j]))`` for the stage's ``n_out`` output rows (modes:
    see :func:`chain_kernel`)."""
    one = np.int64(1)
    acc_w = p[ACC_W]
    alo = -(one << (acc_w - 1)) if p[ACC_S] else np.int64(0)
    amask = (one << acc_w) - one
    pre, rs = p[RES_PRE], p[RES_RS]
    lim = fit_limits(p[RES_W], p[RES_S] != 0, o)
    if p[ACT_KIND] == TABLE_ACT:
        t_min = p[T_MIN]
        for j in range(p[N_OUT]):
            ar, dr = acc[j], dst[o0 + j]
            for b in range(BLOCK):
                v = cast_right((((np.int64(ar[b]) - alo) & amask) + alo) << pre, rs, q, o, lim)
                dr[b] = table[v - t_min]
        return
    lo, apre, ars = p[ACT_LO], p[ACT_PRE], p[ACT_RS]
    alim = fit_limits(p[ACT_W], p[ACT_S] != 0, ao)
    for j in range(p[N_OUT]):
        ar, dr = acc[j], dst[o0 + j]
        for b in range(BLOCK):
            v = cast_right((((np.int64(ar[b]) - alo) & amask) + alo) << pre, rs, q, o, lim)
            dr[b] = cast_right(max(v, lo) << apre, ars, aq, ao, alim)


@njit(cache=True, inline="always")
def epilogue16(acc, dst, o0, p, table, q, o, aq, ao):
    """:func:`epilogue` for int16 rows, in int32 lanes (twice :func:`epilogue`'s per vector);
    the same values where ``acc_w + res_pre <= 30``, ``res_w + act_pre <= 30`` and both right
    shifts are at most 30 (``fxsim.fusion`` checks: :data:`EPILOGUE16_BITS`)."""
    one = np.int64(1)
    acc_w = p[ACC_W]
    alo = np.int32(-(one << (acc_w - 1)) if p[ACC_S] else 0)
    amask = np.int32((one << acc_w) - one)
    pre, rs = np.int32(p[RES_PRE]), np.int32(p[RES_RS])
    lim = fit_limits32(p[RES_W], p[RES_S] != 0, o)
    if p[ACT_KIND] == TABLE_ACT:
        t_min = p[T_MIN]
        for j in range(p[N_OUT]):
            ar, dr = acc[j], dst[o0 + j]
            for b in range(BLOCK):
                a = np.int32(np.bitwise_and(np.int32(np.int32(ar[b]) - alo), amask) + alo)
                dr[b] = table[cast_right32(np.left_shift(a, pre), rs, q, o, lim) - t_min]
        return
    lo, apre, ars = np.int32(p[ACT_LO]), np.int32(p[ACT_PRE]), np.int32(p[ACT_RS])
    alim = fit_limits32(p[ACT_W], p[ACT_S] != 0, ao)
    for j in range(p[N_OUT]):
        ar, dr = acc[j], dst[o0 + j]
        for b in range(BLOCK):
            a = np.int32(np.bitwise_and(np.int32(np.int32(ar[b]) - alo), amask) + alo)
            v = cast_right32(np.left_shift(a, pre), rs, q, o, lim)
            dr[b] = cast_right32(np.left_shift(max(v, lo), apre), ars, aq, ao, alim)


@njit(cache=True, inline="always")
def cast16_consts(shift: int, w: int, signed: bool):
    """The int16 constants of :func:`cast16` for a cast that drops ``shift`` fraction bits
    (negative: adds them, ``|shift| <= MAX_SHIFT16``) into a ``w``-bit register that fits int16:
    ``(left, right, below, rmask, rnd, kr, mask)``."""
    i16 = np.int16
    below = max(shift - 1, 0)
    return (i16(max(-shift, 0)), i16(max(shift, 0)), i16(below), i16((1 << below) - 1), i16(shift > 0),
            i16(16 - w), i16(-1 if signed else (1 << w) - 1))


@njit(cache=True, inline="always")
def fit_limits16(w: int, signed: bool, o: int):
    """:func:`fit_limits` as int16 (a register that fits int16; the mask is unused by :func:`cast16`)."""
    lo, hi, lo_sat, mask = fit_limits(w, signed, o)
    return np.int16(lo), np.int16(hi), np.int16(lo_sat), np.int16(mask)


@njit(cache=True, inline="always")
def cast16(v, c, q: int, o: int, lim):
    """``(T) v`` in int16 lanes: ``v`` shifted (``c = cast16_consts(...)``), the rounding increment
    of ``q`` from the dropped bits, then wrapped (sign-extend the low ``w`` bits, or mask them) or
    fitted (``o``, ``lim = fit_limits16(...)``). Exact where ``fxsim.fusion`` marks a stage ``epi16``:
    a left shift that may overflow int16 is only wrapped (its low 16 bits are exact), and a right
    shift leaves room for the increment."""
    left, right, below, rmask, rnd, kr, mask = c
    one = np.int16(1)
    u = np.right_shift(np.int16(np.left_shift(v, left)), right)
    if q != TRN:
        qb = np.bitwise_and(np.bitwise_and(np.right_shift(v, below), rnd), one) != 0
        inc = _increment(q, qb, np.bitwise_and(v, rmask) != 0, v < 0, np.bitwise_and(u, one) != 0)
        u = np.int16(u + one) if inc else u
    if o == WRAP:
        return np.bitwise_and(np.right_shift(np.int16(np.left_shift(u, kr)), kr), mask)
    return np.int16(_fit_int(u, lim[0], lim[1], lim[2], lim[3], False, o == SAT_ZERO))


@njit(cache=True, inline="always")
def epilogue_i16(acc, dst, o0, p, q, o, aq, ao):
    """:func:`epilogue` for int16 rows in int16 lanes (twice :func:`epilogue16`'s per vector) with
    a max-cast activation, for the stages ``fxsim.fusion`` marks ``epi16`` (column :data:`EPI16`)."""
    acc_w = p[ACC_W]
    ka = np.int16(16 - acc_w)
    am = np.int16(-1 if p[ACC_S] else (1 << acc_w) - 1)
    rc = cast16_consts(p[RES_RS] - p[RES_PRE], p[RES_W], p[RES_S] != 0)
    lim = fit_limits16(p[RES_W], p[RES_S] != 0, o)
    ac = cast16_consts(p[ACT_RS] - p[ACT_PRE], p[ACT_W], p[ACT_S] != 0)
    alim = fit_limits16(p[ACT_W], p[ACT_S] != 0, ao)
    lo = np.int16(p[ACT_LO])
    if p[ACC_W] == 16 and p[ACC_S] and p[RES_W] == 16 and p[RES_S] and p[RES_RS] == p[RES_PRE] \
            and p[ACT_W] == 16 and p[ACT_S] and p[ACT_RS] == p[ACT_PRE]:
        # 16-bit signed accumulator, result and activation, no shifts: both casts are identities
        for j in range(p[N_OUT]):
            ar, dr = acc[j], dst[o0 + j]
            for b in range(BLOCK):
                dr[b] = max(ar[b], lo)
        return
    for j in range(p[N_OUT]):
        ar, dr = acc[j], dst[o0 + j]
        for b in range(BLOCK):
            a = np.bitwise_and(np.right_shift(np.int16(np.left_shift(ar[b], ka)), ka), am)  # acc_w bits
            dr[b] = cast16(max(cast16(a, rc, q, o, lim), lo), ac, aq, ao, alim)


@njit(cache=True, inline="always")
def quantize_into(xf, b0: int, n: int, xt, qin, q: int, o: int, tmp) -> int:
    """Samples ``b0 .. b0+n-1`` of the float64 ``xf`` (batch, n_in) quantized to raws of
    ``ap_fixed<w, w - frac>`` with modes ``q``/``o`` (``qin = (frac, w, signed)``, ``w <= 32``) into
    the columns of ``xt`` (n_in, width), columns past ``n`` zeroed: what
    :func:`fxsim.kernels.quantize.quantize_f64` and then :func:`~fxsim.kernels.dense.gather_into`
    give, the same element function (:func:`~fxsim.kernels.quantize._quantize_elem`, then the scalar
    :func:`~fxsim.kernels.quantize._quantize_one` where that is not exact) without the int64 copy.
    ``tmp`` (>= width, n_in) of ``xt``'s dtype is scratch: each sample's values are quantized in
    order (SIMD over the contiguous inputs), then transposed. Returns how many inputs are NaN
    (which have no ap_fixed value; the caller reports them)."""
    n_in = xf.shape[1]
    w, signed = qin[1], qin[2] != 0
    scale = 2.0 ** qin[0]
    lim = fit_limits(w, signed, o)
    span = 2.0 ** w
    n_bad = 0
    for b in range(n):
        for i in range(n_in):
            raw, bad = _quantize_elem(xf[b0 + b, i], scale, q, o, False, lim, span, 1.0 / span)
            tmp[b, i] = raw
            n_bad += bad
    n_nan = 0
    if n_bad:
        for b in range(n):
            for i in range(n_in):
                xk = xf[b0 + b, i]
                y = xk * scale
                n_nan += xk != xk
                if not (abs(y) < TWO52) or (y == 0.0 and xk != 0.0):
                    tmp[b, i] = _quantize_one(xk, scale, w, signed, q, o)
    for i in range(n_in):
        xi = xt[i]
        for b in range(n):
            xi[b] = tmp[b, i]
        for b in range(n, xt.shape[1]):
            xi[b] = 0
    return n_nan


@njit(cache=True, inline="always")
def ordered_rows(acc, src, p, m, acc0, order, apos, aneg, xpos, xneg, up, dn) -> None:
    """An ordered stage's accumulators (column :data:`ORDERED`, int32 lanes, one dense product):
    ``acc`` holds each output's plain sum of truncated products (:func:`accumulate_pixel`), which
    is the template's saturating replay where no partial sum and no product can leave accum_t's
    range (:func:`fxsim.kernels.dense.saturation_free` of the block's signed bounds,
    :func:`~fxsim.kernels.dense.signed_bounds` with ``apos``/``aneg`` the weights' positive and
    negative parts); every other output ``j`` is replayed step by step in the template's order
    ``order[j]`` (``(accum_t)(acc + (accum_t) p)``, rounding ``acc_q``, overflow ``acc_o``, as
    ``nnet_dense_resource.h``). ``xpos``, ``xneg``, ``up``, ``dn`` (int64) are scratch."""
    n_in, n_out = m.shape
    block_ranges(src[:n_in], xpos, xneg)
    signed_bounds(apos, aneg, xpos, xneg, up[:n_out], dn[:n_out])
    q, o, ps = p[ACC_Q], p[ACC_O], p[P_SHIFT]
    lo, hi, lo_sat, mask = fit_limits(p[ACC_W], p[ACC_S] != 0, o)
    sh, sl = max(ps, 0), max(-ps, 0)  # products truncate (q = TRN) or are exact (checked by fxsim.fusion)
    wrap, zero = o == WRAP, o == SAT_ZERO
    for j in range(n_out):
        a0 = acc0[j]
        if saturation_free(a0, up[j], dn[j], n_in, ps, q, lo_sat, hi):
            continue
        ar = acc[j]
        for b in range(BLOCK):
            ar[b] = a0
        for k in range(n_in):
            i = order[j, k]
            w = np.int64(m[i, j])
            xs = src[i]
            for b in range(BLOCK):
                v = _fit_int(((np.int64(xs[b]) * w) >> sh) << sl, lo, hi, lo_sat, mask, wrap, zero)
                ar[b] = _fit_int(np.int64(ar[b]) + v, lo, hi, lo_sat, mask, wrap, zero)


@njit(cache=True, inline="always")
def run_stage(src, dst, acc, p, views, q, o, aq, ao, lanes16, epi16, bounds) -> None:
    """One stage on one block: ``src`` rows (n_in, BLOCK) -> ``dst`` rows (n_pix * n_out,
    BLOCK), int32 (int16 with ``lanes16``, then ``(mh, kind) = dot16_plan(m, p_shift)``, and with
    ``epi16`` the int16-lane epilogue); ``acc`` (>= n_out, BLOCK) of the same dtype is scratch;
    ``views``: :func:`stage_views`; ``bounds``: the ``(xpos, xneg, up, dn)`` scratch of
    :func:`ordered_rows` (int32 lanes)."""
    index, m, mh, kind, acc0, table, order, apos, aneg = views
    n_pix, n_out = p[N_PIX], p[N_OUT]
    for pix in range(n_pix):
        if lanes16:  # tiles of outputs, their accumulators in registers over all taps from acc0
            dot16_rows(acc, src, index[pix], m, mh, kind, p[P_SHIFT], acc0)  # acc0 modulo 2**16
        else:
            accumulate_pixel(acc, src, index, pix, m, acc0, p[P_SHIFT], TRN, 32)
            if p[ORDERED]:  # a saturating accumulator: the plain sums where the block's bound allows
                ordered_rows(acc, src, p, m, acc0, order, apos, aneg, bounds[0], bounds[1], bounds[2], bounds[3])
        if lanes16:
            if epi16:
                epilogue_i16(acc, dst, pix * n_out, p, q, o, aq, ao)
            else:
                epilogue16(acc, dst, pix * n_out, p, table, q, o, aq, ao)
        else:
            epilogue(acc, dst, pix * n_out, p, table, q, o, aq, ao)


@njit(cache=True, inline="always")
def stage_views(p, idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, lanes16: bool):
    """Stage ``p``'s ``(index, m, mh, kind, acc0, table, order, apos, aneg)``: views of the
    concatenated arrays at its offsets (``mh = m`` without ``lanes16``; an ordered stage's
    ``order`` (n_out, n_taps) in ``idx_all`` at ``ord_off`` and its weights' positive and negative
    parts (n_taps, n_out) in ``tab_all`` at ``bnd_off``, empty for other stages)."""
    n_pix, n_taps, n_out = p[N_PIX], p[N_TAPS], p[N_OUT]
    index = idx_all[p[IDX_OFF]:p[IDX_OFF] + n_pix * n_taps].reshape((n_pix, n_taps))
    m = m_all[p[M_OFF]:p[M_OFF] + n_taps * n_out].reshape((n_taps, n_out))
    mh = mh_all[p[M_OFF]:p[M_OFF] + n_taps * n_out].reshape((n_taps, n_out)) if lanes16 else m
    kind = kind_all[p[KIND_OFF]:p[KIND_OFF] + p[N_GROUPS] * n_taps].reshape((p[N_GROUPS], n_taps))
    n_ord = n_taps if p[ORDERED] else 0
    order = idx_all[p[ORD_OFF]:p[ORD_OFF] + n_out * n_ord].reshape((n_out, n_ord))
    b0 = p[BND_OFF]
    apos = tab_all[b0:b0 + n_ord * n_out].reshape((n_ord, n_out))
    aneg = tab_all[b0 + n_ord * n_out:b0 + 2 * n_ord * n_out].reshape((n_ord, n_out))
    return (index, m, mh, kind, acc0_all[p[ACC0_OFF]:p[ACC0_OFF] + n_out], tab_all[p[TAB_OFF]:p[TAB_OFF] + p[TAB_LEN]],
            order, apos, aneg)


class NaNInput(ValueError):
    """A chain that quantizes its real inputs found a NaN among them (no ap_fixed value)."""


@njit(cache=True, inline="always")
def store_rows(rows, b0: int, n: int, n_res: int, out, out_f, scale: float, values: bool) -> None:
    """Lanes ``0..n-1`` of ``rows`` (n_res, BLOCK) into samples ``b0..b0+n-1`` of ``out`` (raws), or
    with ``values`` of ``out_f`` as ``raw * scale``."""
    if values:
        for b in range(n):
            for j in range(n_res):
                out_f[b0 + b, j] = np.float64(rows[j, b]) * scale
    else:
        for b in range(n):
            for j in range(n_res):
                out[b0 + b, j] = rows[j, b]


@functools.cache
def chain_compiled(q: int, o: int, aq: int, ao: int, lanes16: bool, epi16: bool):
    """The Numba kernel behind :func:`chain_kernel`'s ``run`` for one set of modes and lane widths
    (compile-time constants; cached on disk): ``compiled(x, xf, qin, params, ..., scale, out_f,
    floats, tail)``, ``floats`` and ``tail`` run-time flags (one branch per block of samples).

    The stage and epilogue functions are module-level and inlined (Numba IR), so the modes fold
    in as constants and ``compiled`` closes over plain ints only (a closure over a dispatcher would
    not load from the disk cache in a fresh process).
    """

    @njit(cache=True, parallel=True, error_model="numpy")
    def compiled(x, xf, qin, params, idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, rows, n_res, sp,
                 exp_table, node_a, node_b, inv_table, scale, out_f, floats, tail):
        batch = xf.shape[0] if floats else x.shape[0]  # float64 inputs quantized here (then x is empty)
        n_in = xf.shape[1] if floats else x.shape[1]
        n_stages = params.shape[0]
        values = scale != 0.0  # the float64 values raw * scale into out_f (exact: see run), else the raws
        out = np.empty((0 if values else batch, n_res), dtype=np.int64)
        max_out = 1
        for s in range(n_stages):
            max_out = max(max_out, params[s, N_OUT])
        n_blocks = (batch + BLOCK - 1) // BLOCK
        bad = np.zeros(n_blocks, dtype=np.int64)
        nans = np.zeros(n_blocks, dtype=np.int64)
        for task in nb.prange((n_blocks + TASK - 1) // TASK):  # scratch and views made once per task
            bufs = np.empty((2, rows, BLOCK), dtype=np.int16 if lanes16 else np.int32)
            acc = np.empty((max_out, BLOCK), dtype=bufs.dtype)
            tmp = np.empty((BLOCK, n_in), dtype=bufs.dtype)
            bounds = (np.empty(rows, dtype=np.int64), np.empty(rows, dtype=np.int64),
                      np.empty(max_out, dtype=np.int64), np.empty(max_out, dtype=np.int64))
            views = [stage_views(params[s], idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, lanes16)
                     for s in range(n_stages)]
            # the softmax tail's rows and scratch (int64; empty without it)
            xt, res, slots, flags, x_max, inv = block_scratch(n_res if tail else 0, node_a.shape[0])
            for c in range(task * TASK, min(n_blocks, task * TASK + TASK)):
                b0 = c * BLOCK
                n = min(batch, b0 + BLOCK) - b0
                if floats:
                    nans[c] = quantize_into(xf, b0, n, bufs[0, :n_in], qin, q, o, tmp)
                else:
                    gather_into(x, b0, n, bufs[0, :n_in])  # int64 raws into the int32/int16 rows
                for s in range(n_stages):
                    run_stage(bufs[s % 2], bufs[(s + 1) % 2], acc, params[s], views[s], q, o, aq, ao, lanes16, epi16,
                              bounds)
                last = bufs[n_stages % 2]
                if tail:
                    for j in range(n_res):
                        xj, lj = xt[j], last[j]
                        for b in range(BLOCK):
                            xj[b] = lj[b]
                    flags[:] = 0
                    softmax_block(xt, res, sp, exp_table, node_a, node_b, inv_table, slots, flags, x_max, inv)
                    bad[c] = flags[:n].sum()  # the padding lanes are not the caller's
                    store_rows(res, b0, n, n_res, out, out_f, scale, values)
                else:
                    store_rows(last, b0, n, n_res, out, out_f, scale, values)
        return out, bad.sum(), nans.sum()

    return compiled


@functools.cache
def chain_kernel(q: int, o: int, aq: int, ao: int, lanes16: bool, epi16: bool = False, floats: bool = False,
                 tail: bool = False):
    """``run(x, params, idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, rows, n_res, qin=None,
    softmax=None)``: every stage (rows of ``params``) on ``x`` (batch, n_in) int64 raws -> (batch,
    n_res) int64 raws of the last stage's type, for stages whose result casts have rounding/overflow
    ``q``/``o`` and whose max-cast activations have ``aq``/``ao`` (compile-time constants; cached on
    disk). ``rows`` bounds every stage's input and output row count. With ``lanes16`` the rows and
    accumulators are int16 and the products run in :func:`fxsim.kernels.lanes16.dot16_rows` (every
    stage's values, weights and accumulator fit 16 bits and ``|p_shift| <= 15``; the caller checks),
    ``mh_all`` and ``kind_all`` holding each stage's :func:`~fxsim.kernels.lanes16.dot16_plan` (``mh``
    at the weights' offset, ``kind`` at column ``kind_off``), else int32 (``mh_all``/``kind_all``
    unused). With ``epi16`` (every stage marked in column ``epi16``) the epilogues run in int16 lanes
    (:func:`epilogue_i16`). With ``floats``, ``x`` holds real numbers that the kernel quantizes to
    ``ap_fixed<w, w - frac>`` with modes ``q``/``o`` (:func:`quantize_into`, ``qin = (frac, w,
    signed)``; a NaN among them raises :class:`NaNInput`). With ``tail``, the last stage's rows go
    through a softmax (:func:`fxsim.kernels.softmax.softmax_block`; ``softmax``: the arguments of
    :func:`fxsim.kernels.softmax.softmax_rows` after ``x``) and ``run`` returns its raws, or None
    where an index falls past a table's end. With ``scale != 0``, ``run`` returns the float64
    values ``raw * scale`` instead of the raws (exact where the caller checks that the raws and
    ``scale`` are exact doubles: ``fxsim.conversion.to_float``'s product), written into ``into``
    (batch, n_res) C-contiguous float64 when given. The modes,
    ``lanes16`` and ``epi16`` are compile-time constants of one Numba kernel (:func:`chain_compiled`);
    ``floats`` and ``tail`` are run-time arguments of it, so a network's ``run`` and ``predict`` and
    a chain with or without its softmax share one compile (first-run compile time matters: one
    kernel costs 40-60 s of CPU).
    """

    compiled = chain_compiled(q, o, aq, ao, lanes16, epi16)

    def run(x, params, idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, rows, n_res, qin=None, softmax=None,
            scale=0.0, into=None):
        if floats and small.use_rows(x.shape[0]):
            if np.isnan(x).any():
                raise NaNInput("NaN input")
            x = quantize_f64(np.ascontiguousarray(x, dtype=np.float64).reshape(-1), int(qin[0]), int(qin[1]),
                             bool(qin[2]), q, o).reshape(x.shape)
        if small.use_rows(x.shape[0]):
            raw = chain_numpy(x, params, idx_all, m_all, acc0_all, tab_all, n_res, q, o, aq, ao)
            if tail:
                got = small.softmax_rows(raw, *softmax)
                if got is None:  # casts past 62 bits: the kernel's cast_row covers them
                    got = softmax_rows_kernel(raw, *pack_params(softmax))
                if got[1]:
                    return None
                raw = got[0]
            if not scale:
                return raw
            return raw * scale if into is None else np.multiply(raw, scale, out=into)
        if floats:
            x, xf = np.empty((0, x.shape[1]), dtype=np.int64), np.ascontiguousarray(x, dtype=np.float64)
        else:
            xf, qin = np.empty((0, x.shape[1]), dtype=np.float64), np.zeros(3, dtype=np.int64)
        sm = pack_params(softmax) if tail else _NO_SOFTMAX
        out_f = (into if into is not None else np.empty((len(xf) if floats else len(x), n_res))) if scale \
            else _NO_VALUES
        raw, bad, nans = compiled(x, xf, qin, params, idx_all, m_all, mh_all, kind_all, acc0_all, tab_all, rows,
                                  n_res, *sm, float(scale), out_f, floats, tail)
        if nans:
            raise NaNInput("NaN input")
        return None if bad else out_f if scale else raw

    return run


_EMPTY = np.zeros(0, dtype=np.int64)
_NO_VALUES = np.zeros((0, 0))
#: The softmax arguments of a chain kernel without a softmax tail.
_NO_SOFTMAX = (np.zeros(len(SCALARS), dtype=np.int64), _EMPTY, _EMPTY, _EMPTY, _EMPTY)


def chain_numpy(x, params, idx_all, m_all, acc0_all, tab_all, n_res, q: int, o: int, aq: int, ao: int) -> np.ndarray:
    """:func:`chain_kernel`'s ``run`` in NumPy (:mod:`fxsim.kernels.small`): every stage of
    ``params`` in turn on whole int64 arrays (for small batches: nothing to compile)."""
    cur = np.asarray(x, dtype=np.int64)
    for p in params:
        p = [int(v) for v in p]
        n_pix, n_taps, n_out = p[N_PIX], p[N_TAPS], p[N_OUT]
        index = idx_all[p[IDX_OFF]:p[IDX_OFF] + n_pix * n_taps].reshape((n_pix, n_taps))
        m = m_all[p[M_OFF]:p[M_OFF] + n_taps * n_out].reshape((n_taps, n_out))
        acc0 = acc0_all[p[ACC0_OFF]:p[ACC0_OFF] + n_out]
        table = tab_all[p[TAB_OFF]:p[TAB_OFF] + p[TAB_LEN]]
        out = np.empty((cur.shape[0], n_pix * n_out), dtype=np.int64)
        for pix in range(n_pix):
            acc = small.wrap(small.accumulate(cur, index, pix, m, acc0, p[P_SHIFT], TRN), p[ACC_W], p[ACC_S])
            if p[ORDERED]:
                order = idx_all[p[ORD_OFF]:p[ORD_OFF] + n_out * n_taps].reshape(n_out, n_taps)
                ordered_numpy(acc, cur, p, m, acc0, order,
                              tab_all[p[BND_OFF]:p[BND_OFF] + 2 * n_taps * n_out].reshape(2, n_taps, n_out))
            v = small.cast_right(acc << p[RES_PRE], p[RES_RS], q, o, p[RES_W], p[RES_S] != 0)
            if p[ACT_KIND] == TABLE_ACT:
                v = table[v - p[T_MIN]]
            else:
                v = small.cast_right(np.maximum(v, p[ACT_LO]) << p[ACT_PRE], p[ACT_RS], aq, ao, p[ACT_W],
                               p[ACT_S] != 0)
            out[:, pix * n_out:(pix + 1) * n_out] = v
        cur = out
    return cur[:, :n_res]


def ordered_numpy(acc, x, p, m, acc0, order, bnd) -> None:
    """:func:`ordered_rows` in NumPy on whole int64 arrays (``bnd``: ``apos``, ``aneg``), per
    sample: the bounds of each sample's own inputs; the samples and outputs they do not prove
    saturation-free replay the template's order (vectorised over those samples)."""
    n_in, n_out = m.shape
    q, o, ps = p[ACC_Q], p[ACC_O], p[P_SHIFT]
    xi = x[:, :n_in]
    xp, xn = np.maximum(xi, 0), np.minimum(xi, 0)
    up = xp @ bnd[0] + xn @ bnd[1]
    dn = xn @ bnd[0] + xp @ bnd[1]
    one = 1
    lo = -(one << (p[ACC_W] - 1)) if p[ACC_S] else 0
    hi = lo + (one << p[ACC_W]) - 1
    lo_sat = lo | 1 if (o == SAT_SYM and p[ACC_S]) else lo
    top = hi - np.maximum(acc0, 0)
    bot = lo_sat - np.minimum(acc0, 0)
    if ps > 0:
        free = ((up >> ps) + (n_in if q != TRN else 0) <= top) & ((dn >> ps) - n_in >= bot)
    else:
        free = (up <= (top >> -ps)) & (dn >= -((-bot) >> -ps))
    free &= (top >= 0) & (bot <= 0)
    sh, sl = max(ps, 0), max(-ps, 0)
    for j in range(n_out):
        rows = np.flatnonzero(~free[:, j])
        if rows.size == 0:
            continue
        a = np.full(rows.size, acc0[j], dtype=np.int64)
        for i in order[j]:
            v = small.fit(((x[rows, i] * int(m[i, j])) >> sh) << sl, p[ACC_W], p[ACC_S] != 0, o)
            a = small.fit(a + v, p[ACC_W], p[ACC_S] != 0, o)
        acc[rows, j] = a
