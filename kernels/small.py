"""NumPy twins of the bulk kernels, for small batches: no compilation at all.

Compiling the Numba kernels a network needs costs tens of seconds of CPU the first time a machine
runs them (the disk cache makes later processes fast). A 2,000-event ``fxsim verify`` or a trace
of a few thousand events takes milliseconds in NumPy, so below :data:`ROWS` samples (row kernels)
or :data:`ELEMENTS` values (element-wise kernels) the kernel entry points of :mod:`quantize`,
:mod:`dense`, :mod:`chain` (its twin, ``chain_numpy``, lives there) and :mod:`softmax` run these twins
instead; large batches compile and
use the Numba kernels. Each twin computes what its kernel computes, step by step, on whole int64
arrays (NumPy integer arithmetic wraps modulo 2**64 as the kernels' lanes do modulo their width,
and every result is reduced to the register's width afterwards, which 2**64, 2**32 and 2**16 are
multiples of); they are tested against the kernels and the reference path
(``tests/test_small_batch.py``). Where a twin does not cover a case (shifts past 62 bits) it returns
None and the caller runs the kernel.

``FXSIM_SMALL_BATCH=0`` in the environment turns the twins off (``ROWS``/``ELEMENTS`` = 0).

>>> import numpy as np
>>> cast(np.array([5, -5, 7]), 1, 4, True, RND, SAT).tolist()    # (ap_fixed<4,..>) drop one bit
[3, -2, 4]
"""

from __future__ import annotations

import os

import numpy as np

#: Rounding and overflow mode codes of every kernel (``fxsim.kernels.quantize`` re-exports them);
#: RND_CONV_ODD is ``AC_RND_CONV_ODD`` (ac_fixed only).
TRN, TRN_ZERO, RND, RND_ZERO, RND_MIN_INF, RND_INF, RND_CONV, RND_CONV_ODD = range(8)
WRAP, SAT, SAT_ZERO, SAT_SYM = range(4)
TWO52 = 4503599627370496.0
TWO62 = 4611686018427387904.0

_on = os.environ.get("FXSIM_SMALL_BATCH", "1").strip() not in ("0", "off", "false", "no")
#: Row kernels (dense, chain, softmax) run the NumPy twin below this many samples.
ROWS = 4096 if _on else 0
#: Element-wise kernels (quantize, cast) run the NumPy twin below this many values.
ELEMENTS = 1 << 17 if _on else 0


def use_rows(n: int) -> bool:
    """True if a row kernel on ``n`` samples should run its NumPy twin."""
    return n < ROWS


def use_elements(n: int) -> bool:
    """True if an element-wise kernel on ``n`` values should run its NumPy twin."""
    return n < ELEMENTS


# ------------------------------------------------------------------ casts (quantize.py's twins)
def fit(x: np.ndarray, w: int, signed: bool, o: int) -> np.ndarray:
    """``fit_limits`` + ``_fit_int``: wrap or saturate int64 ``x`` into a ``w``-bit register (w <= 62)."""
    mask = (1 << w) - 1
    lo = -(1 << (w - 1)) if signed else 0
    hi = lo + mask
    if o == WRAP:
        return ((x - lo) & mask) + lo
    if o == SAT_ZERO:
        return np.where((x >= lo) & (x <= hi), x, 0)
    lo_sat = lo | 1 if (o == SAT_SYM and signed) else lo
    return np.clip(x, lo_sat, hi)


def increment(q: int, qb, r, neg, odd):
    """``_increment`` on boolean arrays: the rounding increment of mode ``q``."""
    if q == TRN:
        return np.zeros(np.shape(qb), dtype=bool)
    if q == TRN_ZERO:
        return neg & (qb | r)
    if q == RND:
        return qb
    if q == RND_ZERO:
        return qb & (neg | r)
    if q == RND_MIN_INF:
        return qb & r
    if q == RND_INF:
        return qb & (~neg | r)
    if q == RND_CONV_ODD:
        return qb & (~odd | r)
    return qb & (odd | r)


def cast_right(v: np.ndarray, sh: int, q: int, o: int, w: int, signed: bool) -> np.ndarray:
    """``cast_right``: drop ``1 <= sh <= 62`` fraction bits of int64 ``v``, round, fit."""
    fl = v >> sh
    rem = v & ((1 << sh) - 1)
    inc = increment(q, (rem >> (sh - 1)) != 0, (rem & ((1 << (sh - 1)) - 1)) != 0, v < 0, (fl & 1) != 0)
    return fit(fl + inc, w, signed, o)


def cast_left(v: np.ndarray, sl: int, o: int, w: int, signed: bool) -> np.ndarray:
    """``cast_left``: add ``0 <= sl <= 62`` fraction bits; saturation decides before shifting."""
    x = v << sl
    if o != WRAP:
        bound, big = 1 << (62 - sl), 1 << 62
        x = np.where(v >= bound, big, x)
        x = np.where(v < -bound, -big, x)
    return fit(x, w, signed, o)


def cast(v: np.ndarray, sh: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """``cast_i64`` for ``-62 <= sh <= 62`` (``sh = F_src - F_dst``)."""
    v = np.asarray(v, dtype=np.int64)
    return cast_right(v, sh, q, o, w, signed) if sh > 0 else cast_left(v, -sh, o, w, signed)


def quantize(x: np.ndarray, frac: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """``quantize_f64``: float64 -> raw int64 of ``ap_[u]fixed<w, w-frac, q, o>`` (w <= 62), the bulk
    loop's arithmetic (``_quantize_elem``) and, for the values it cannot do, ``_quantize_one``'s."""
    x = np.asarray(x, dtype=np.float64)
    scale = 2.0 ** frac
    with np.errstate(all="ignore"):
        y = x * scale
        fl = np.floor(y)
        h = fl + 0.5
        qb = (y >= h) & (y != fl)
        r = (y != h) & (y != fl)
        half = fl * 0.5
        v = fl + increment(q, qb, r, y < 0.0, half != np.floor(half))
        if w <= 52:  # registers of <= 52 bits: wrap/clamp exactly in float64, as the kernel does
            lo = -(1 << (w - 1)) if signed else 0
            hi = lo + (1 << w) - 1
            if o == WRAP:
                span = 2.0 ** w
                v = v - np.floor((v - float(lo)) * (1.0 / span)) * span
            elif o == SAT_ZERO:
                v = np.where((v >= float(lo)) & (v <= float(hi)), v, 0.0)
            else:
                lo_sat = lo | 1 if (o == SAT_SYM and signed) else lo
                v = np.minimum(np.maximum(v, float(lo_sat)), float(hi))
            out = v.astype(np.int64)
        else:
            out = fit(v.astype(np.int64), w, signed, o)
        bad = ~(np.abs(y) < TWO52) | ((y == 0.0) & (x != 0.0))
        if bad.any():
            out[bad] = _quantize_outside(x[bad], scale, w, signed, q, o)
    return out


def _quantize_outside(x: np.ndarray, scale: float, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """``_quantize_one`` for values with ``|x*scale| >= 2**52``, inf/NaN, or an underflowed product."""
    neg = np.signbit(x)
    y = x * scale
    out = np.zeros(x.size, dtype=np.int64)
    huge = np.where(neg, -(1 << 62), 1 << 62).astype(np.int64)
    finite = np.isfinite(y)
    if o != WRAP:  # inf, NaN, or x*scale overflowed: saturate toward the sign
        out[~finite] = fit(huge[~finite], w, signed, o)
    under = finite & (y == 0.0) & (x != 0.0)
    if under.any():  # far below one LSB: floor is 0 or -1, guard/sticky known from the sign
        n = neg[under]
        v = np.where(n, -1, 0) + increment(q, n, np.ones_like(n), n, n)
        out[under] = fit(v.astype(np.int64), w, signed, o)
    big = finite & ~under
    if big.any():  # an integer already: no rounding; wrap exactly via fmod or saturate
        fl = np.floor(y[big])
        small = np.abs(fl) < TWO62
        res = np.empty(fl.size, dtype=np.int64)
        res[small] = fit(fl[small].astype(np.int64), w, signed, o)
        if o == WRAP:
            res[~small] = fit(np.fmod(fl[~small], 2.0 ** w).astype(np.int64), w, signed, o)
        else:
            res[~small] = fit(np.where(fl[~small] < 0, -(1 << 62), 1 << 62).astype(np.int64), w, signed, o)
        out[big] = res
    return out


# ------------------------------------------------------------------ multiply-accumulate (dense.py, chain.py)
def accumulate(x: np.ndarray, index: np.ndarray, pix: int, m: np.ndarray, acc0: np.ndarray, p_shift: int,
                q: int) -> np.ndarray:
    """``accumulate_pixel``: ``acc0[j] + sum_t round_q(x[:, index[pix, t]] * m[t, j])`` (batch, n_out)
    modulo 2**64 (the caller wraps to the accumulator's width)."""
    acc = np.empty((x.shape[0], m.shape[1]), dtype=np.int64)
    acc[:] = acc0
    mt = m.astype(np.int64)
    for t in range(index.shape[1]):
        k = int(index[pix, t])
        if k < 0:
            continue
        p = x[:, k, None] * mt[t]
        if p_shift > 0:
            fl = p >> p_shift
            if q != TRN:
                rem = p & ((1 << p_shift) - 1)
                fl = fl + increment(q, (rem >> (p_shift - 1)) != 0, (rem & ((1 << (p_shift - 1)) - 1)) != 0,
                                    p < 0, (fl & 1) != 0)
            acc += fl
        else:
            acc += p << -p_shift
    return acc


def wrap(acc: np.ndarray, acc_w: int, acc_s: bool) -> np.ndarray:
    """The accumulator register: int64 sums modulo 2**64 wrapped to ``acc_w`` bits."""
    return fit(acc, acc_w, bool(acc_s), WRAP)


def dense_modular(x, index, m, acc0, p_shift, acc_w, acc_s, res_sh, res_w, res_s, res_q, res_o, table, t_min,
                  q: int) -> np.ndarray | None:
    """:func:`fxsim.kernels.dense.dense_modular_kernel`'s ``run`` (product rounding ``q``), or None
    for a result cast the twin does not cover (``|res_sh| > 62``)."""
    if not -62 <= res_sh <= 62:
        return None
    x = np.asarray(x, dtype=np.int64)
    n_pix, n_out = index.shape[0], m.shape[1]
    out = np.empty((x.shape[0], n_pix * n_out), dtype=np.int64)
    for pix in range(n_pix):
        acc = wrap(accumulate(x, index, pix, m, acc0, p_shift, q), acc_w, acc_s)
        v = cast(acc, res_sh, res_w, res_s, res_q, res_o)
        if table.size:
            v = table[v - t_min]
        out[:, pix * n_out:(pix + 1) * n_out] = v
    return out


# ------------------------------------------------------------------ softmax (softmax.py)
def softmax_rows(x, stable, d_sh, d_w, d_s, d_q, d_o, exp_sh, exp_mask, exp_table, node_a, node_b,
                 sum_sh, sum_w, sum_s, sum_q, sum_o, inv_sh_c, inv_w, inv_s, inv_q, inv_o, inv_idx_sh, inv_mask,
                 inv_table, res_sh, res_w, res_s, res_q, res_o) -> tuple[np.ndarray, int] | None:
    """:func:`fxsim.kernels.softmax.softmax_rows` on whole columns, or None for casts past 62 bits."""
    if not all(-62 <= s <= 62 for s in (d_sh, sum_sh, inv_sh_c, res_sh)):
        return None
    x = np.asarray(x, dtype=np.int64)
    n = x.shape[1]
    bad = 0
    slots: list[np.ndarray] = []
    x_max = x.max(axis=1)
    for i in range(n):
        e = cast(x_max - x[:, i], d_sh, d_w, d_s, d_q, d_o) if stable else x[:, i]
        idx = (e >> exp_sh) & exp_mask
        over = idx >= exp_table.shape[0]
        bad += int(over.sum())
        slots.append(exp_table[np.where(over, 0, idx)])
    for a, b in zip(node_a, node_b):
        slots.append(cast(slots[a] + slots[b], sum_sh, sum_w, sum_s, sum_q, sum_o))
    inv = cast(slots[-1], inv_sh_c, inv_w, inv_s, inv_q, inv_o)
    iidx = (inv >> inv_idx_sh) & inv_mask
    over = iidx >= inv_table.shape[0]
    bad += int(over.sum())
    inv = inv_table[np.where(over, 0, iidx)]
    out = np.empty(x.shape, dtype=np.int64)
    for i in range(n):
        out[:, i] = cast(slots[i] * inv, res_sh, res_w, res_s, res_q, res_o)
    return out, bad
