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

The twins are exact at any batch size, and :func:`everywhere` makes every entry point use them (what
``fxsim demo`` times on a machine whose kernel cache is empty). For large batches the
multiply-accumulate is the costly step: :func:`accumulate` runs it as one float64 matrix product
(BLAS) where no product is rounded and every sum stays below 2**53, in int32 lanes where the products
are truncated and every sum stays below 2**31, else in int64 (each bound checked on the actual
values and weights).

``FXSIM_SMALL_BATCH=0`` in the environment turns the twins off (``ROWS``/``ELEMENTS`` = 0).

>>> import numpy as np
>>> cast(np.array([5, -5, 7]), 1, 4, True, RND, SAT).tolist()    # (ap_fixed<4,..>) drop one bit
[3, -2, 4]
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

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


@contextlib.contextmanager
def everywhere() -> Iterator[None]:
    """Within the block every kernel entry point runs its NumPy twin, whatever the batch size (a
    first run on a machine whose kernel cache is empty: nothing compiles; large batches run at a
    fraction of the kernels' speed). Not thread-safe: it sets :data:`ROWS` and :data:`ELEMENTS`.

    >>> with everywhere():
    ...     use_rows(10**9)
    True
    """
    global ROWS, ELEMENTS
    saved = ROWS, ELEMENTS
    ROWS = ELEMENTS = 1 << 62
    try:
        yield
    finally:
        ROWS, ELEMENTS = saved


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
    if q == RND:  # the increment is the guard bit
        fl += (v >> (sh - 1)) & 1
    elif q != TRN:
        rem = v & ((1 << sh) - 1)
        fl += increment(q, (rem >> (sh - 1)) != 0, (rem & ((1 << (sh - 1)) - 1)) != 0, v < 0, (fl & 1) != 0)
    return fit(fl, w, signed, o)


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
#: Sums whose every partial sum stays below this in magnitude are exact in float64 (whatever order
#: BLAS adds them in, with or without FMA: every intermediate value is an integer it can hold).
FLOAT_EXACT = 1 << 53
#: Samples per block of :func:`accumulate_int32` (its int32 rows stay in the L2 cache).
INT32_BLOCK = 2048


def taps(x: np.ndarray, index: np.ndarray, pix: int, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(X, M)``: the input columns pixel ``pix`` reads (``index[pix, t]``, skipping ``-1``) as
    (batch, n_taps) int64 and the weight rows they multiply, (n_taps, n_out) int64."""
    k = np.asarray(index[pix], dtype=np.int64)
    x, m = np.asarray(x, dtype=np.int64), np.asarray(m, dtype=np.int64)
    if k.size == x.shape[1] and np.array_equal(k, np.arange(k.size)):
        return x, m  # a dense layer reads every column in order: no copy
    used = k >= 0
    return x[:, k[used]], m[used]


def _abs_max(a: np.ndarray) -> int:
    return max(-int(a.min()), int(a.max())) if a.size else 0


def _trailing_zeros(a: np.ndarray) -> int:
    """How many low bits are zero in every element of int64 ``a`` (63 for an all-zero array)."""
    bits = int(np.bitwise_or.reduce(a, axis=None)) if a.size else 0
    return (bits & -bits).bit_length() - 1 if bits else 63


def accumulate_blas(x, index, pix: int, m, acc0, p_shift: int) -> np.ndarray | None:
    """:func:`accumulate` as one float64 matrix product (BLAS, nothing to compile), or None where
    that is not exact.

    Applies when no product is rounded: ``p_shift <= 0``, or every product ``x * w`` is a multiple of
    ``2**p_shift`` (``a`` trailing zero bits in every input value and ``b`` in every weight, with
    ``a + b >= p_shift``: then ``floor(x * w / 2**p_shift) = (x >> a) * (w >> b) << (a + b - p_shift)``
    whatever the rounding mode). The sum ``(X >> a) @ (M >> b)`` is exact when
    ``max|X >> a| * sum_t |M >> b|[t, j] < 2**53`` for every output ``j`` (checked on the actual values
    and weights); the shift and ``acc0`` are then applied in int64 (modulo 2**64, like the kernels).
    """
    X, M = taps(x, index, pix, m)
    a = b = 0
    if p_shift > 0:
        b = min(_trailing_zeros(M), p_shift)
        if b < p_shift:
            a = min(_trailing_zeros(X), 62)
            if a + b < p_shift:
                return None
        X, M = X >> a, M >> b
    if a + b - p_shift > 62 or _abs_max(X) * int(np.abs(M).sum(axis=0).max(initial=0)) >= FLOAT_EXACT:
        return None
    s = (X.astype(np.float64) @ M.astype(np.float64)).astype(np.int64)
    return (s << (a + b - p_shift)) + np.asarray(acc0, dtype=np.int64)


def accumulate_int32(x, index, pix: int, m, acc0, p_shift: int, q: int) -> np.ndarray | None:
    """:func:`accumulate` in int32 lanes on blocks of :data:`INT32_BLOCK` samples, or None where that
    is not exact: truncated products (``q == TRN``, ``p_shift > 0``) with ``max|x| * max|w| < 2**31``
    and every sum bounded below 2**31 (``|acc0| + sum_t (max|x| * |w[t, j]| >> p_shift) + n_taps``; a
    floored negative product is at most one larger in magnitude), so no lane ever wraps."""
    if q != TRN or p_shift <= 0:
        return None
    X, M = taps(x, index, pix, m)
    xmax, acc0 = _abs_max(X), np.asarray(acc0, dtype=np.int64)
    if xmax * _abs_max(M) >= 1 << 31:
        return None
    bound = (xmax * np.abs(M).sum(axis=0) >> p_shift) + M.shape[0] + np.abs(acc0)
    if bound.size and int(bound.max()) >= 1 << 31:
        return None
    xt = np.ascontiguousarray(X.T, dtype=np.int32)  # (n_taps, batch): each tap one contiguous row
    m32 = M.astype(np.int32)
    batch, n_out = X.shape[0], M.shape[1]
    out = np.empty((batch, n_out), dtype=np.int64)
    acc = np.empty((min(batch, INT32_BLOCK), n_out), dtype=np.int32)
    tmp = np.empty_like(acc)
    for b0 in range(0, batch, INT32_BLOCK):
        n = min(batch, b0 + INT32_BLOCK) - b0
        a, t = acc[:n], tmp[:n]
        a[:] = acc0.astype(np.int32)
        for k in range(m32.shape[0]):
            np.multiply(xt[k, b0:b0 + n, None], m32[k], out=t)
            np.right_shift(t, p_shift, out=t)
            a += t
        out[b0:b0 + n] = a
    return out


def accumulate_int64(x: np.ndarray, index: np.ndarray, pix: int, m: np.ndarray, acc0: np.ndarray,
                     p_shift: int, q: int) -> np.ndarray:
    """:func:`accumulate` step by step on int64 columns, one tap at a time (always applies: the
    obvious form, which the other two are tested against)."""
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


def accumulate(x: np.ndarray, index: np.ndarray, pix: int, m: np.ndarray, acc0: np.ndarray, p_shift: int,
               q: int) -> np.ndarray:
    """``accumulate_pixel``: ``acc0[j] + sum_t round_q(x[:, index[pix, t]] * m[t, j])`` (batch, n_out)
    modulo 2**64 (the caller wraps to the accumulator's width; every product ``x * w`` fits int64).

    The first of :func:`accumulate_blas` (one float64 matrix product), :func:`accumulate_int32`
    (int32 lanes) and :func:`accumulate_int64` that is exact for these values and weights; all three
    give the same bits (``tests/test_small_batch.py``).

    >>> x = np.array([[3, -5], [7, 1]]); m = np.array([[2], [3]]); index = np.array([[0, 1]])
    >>> accumulate(x, index, 0, m, np.array([1]), 1, TRN).ravel().tolist()    # floor(x*w/2) summed
    [-4, 9]
    """
    x = np.asarray(x, dtype=np.int64)
    out = accumulate_blas(x, index, pix, m, acc0, p_shift)
    if out is None:
        out = accumulate_int32(x, index, pix, m, acc0, p_shift, q)
    return out if out is not None else accumulate_int64(x, index, pix, m, acc0, p_shift, q)


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
