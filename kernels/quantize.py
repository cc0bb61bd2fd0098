"""Element-wise quantize/cast kernels on int64/float64 arrays (the fast path).

Each kernel computes the mathematical result the headers produce for the *common* modes —
floor + rounding decision, then wrap or saturate — for registers of at most 62 bits, which
fxsim.conversion selects only where that is provably what ``ap_fixed_base.h`` does. The obvious
reference path is ``fxsim.reference`` (a transliteration of the headers on Python ints); both are
tested against each other and against the compiled headers.

Integer mode codes (plain ints, so kernels never see fxsim objects):
rounding: 0 AP_TRN, 1 AP_TRN_ZERO, 2 AP_RND, 3 AP_RND_ZERO, 4 AP_RND_MIN_INF, 5 AP_RND_INF,
6 AP_RND_CONV, 7 AC_RND_CONV_ODD (Algorithmic C only: ties to odd); overflow: 0 AP_WRAP (N=0),
1 AP_SAT, 2 AP_SAT_ZERO, 3 AP_SAT_SYM.
"""

from __future__ import annotations

import functools
import math

import numba as nb
import numpy as np
from fxsim.kernels import small
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.small import (  # the mode codes, defined once (small needs them without Numba)
    RND,
    RND_CONV,
    RND_CONV_ODD,
    RND_INF,
    RND_MIN_INF,
    RND_ZERO,
    SAT,
    SAT_SYM,
    SAT_ZERO,
    TRN,
    TRN_ZERO,
    WRAP,
)

#: 2**62 as a float: below it a floor/trunc converts to int64 with room for a +1 increment.
TWO62 = 4611686018427387904.0
#: 2**52: below it a double's fraction bits and floor(y) + 0.5 are exact.
TWO52 = 4503599627370496.0


@njit(cache=True, inline="always")
def round_increment(q: int, qb: bool, r: bool, neg: bool, lsb_odd: bool) -> int:
    """``quantization_adjust``'s increment: floor value + this = rounded value."""
    if q == TRN:
        return 0
    if q == TRN_ZERO:
        return 1 if neg and (qb or r) else 0
    if q == RND_ZERO:
        qb = qb and (neg or r)
    elif q == RND_MIN_INF:
        qb = qb and r
    elif q == RND_INF:
        qb = qb and ((not neg) or r)
    elif q == RND_CONV:
        qb = qb and (lsb_odd or r)
    elif q == RND_CONV_ODD:
        qb = qb and ((not lsb_odd) or r)
    return 1 if qb else 0


@njit(cache=True, inline="always")
def wrap_or_saturate(v: int, w: int, signed: bool, o: int) -> int:
    """Fit an exact integer ``v`` (|v| < 2**63) into a ``w``-bit register (w <= 62)."""
    if signed:
        hi = (1 << (w - 1)) - 1
        lo = -hi - 1
    else:
        hi = (1 << w) - 1
        lo = 0
    if o == WRAP:
        m = v & ((1 << w) - 1)
        if signed and m > hi:
            m -= 1 << w
        return m
    if v > hi:
        return 0 if o == SAT_ZERO else hi
    if o == SAT_SYM and signed and v <= lo:
        return lo | 1  # -max; a 1-bit register keeps -1
    if v < lo:
        return 0 if o == SAT_ZERO else lo
    return v


@njit(cache=True)
def _quantize_one(x: float, scale: float, w: int, signed: bool, q: int, o: int) -> int:
    neg = math.copysign(1.0, x) < 0.0
    y = x * scale
    if not math.isfinite(y):
        # inf, NaN, or a finite x too large for the scale: the headers see a huge magnitude
        # whose low W bits are zero (wrap -> 0), saturating toward the sign bit.
        if o == WRAP:
            return 0
        return wrap_or_saturate(-(1 << 62) if neg else (1 << 62), w, signed, o)
    if y == 0.0 and x != 0.0:
        # x * scale underflowed: |y| is far below one LSB, so floor is 0 or -1 and the
        # guard/sticky bits are known (negative: 0.11…1 below the LSB, positive: 0.00…1).
        v = np.int64(-1) if neg else np.int64(0)
        v += round_increment(q, neg, True, neg, neg)
        return wrap_or_saturate(v, w, signed, o)
    fl = np.floor(y)
    # guard bit and sticky bits by exact comparisons (y - fl itself may round: y = -0.5 + 2**-54)
    half = fl + 0.5  # exact wherever y has fraction bits (|y| < 2**52)
    qb = y >= half and y != fl
    r = y != half and y != fl
    if abs(fl) < TWO62:
        v = np.int64(fl)
        v += round_increment(q, qb, r, y < 0.0, (v & 1) != 0)
        return wrap_or_saturate(v, w, signed, o)
    # |y| >= 4e18 > 2**61 is an integer; saturate, or wrap exactly modulo 2**w via fmod.
    if o == WRAP:
        return wrap_or_saturate(np.int64(np.fmod(fl, 2.0 ** w)), w, signed, o)
    return wrap_or_saturate(-(1 << 62) if fl < 0 else (1 << 62), w, signed, o)


@njit(cache=True, inline="always")
def _fit_int(x, lo, hi, lo_sat, mask, m_wrap, m_zero):
    wrapped = ((x - lo) & mask) + lo
    inside = (x >= lo) & (x <= hi)
    return wrapped if m_wrap else ((x if inside else 0) if m_zero else min(max(x, lo_sat), hi))


@njit(cache=True, inline="always")
def _increment(q: int, qb: bool, r: bool, neg: bool, odd: bool) -> bool:
    """Branch form of :func:`round_increment`; with ``q`` a compile-time constant it folds away."""
    if q == TRN:
        return False
    if q == TRN_ZERO:
        return neg & (qb | r)
    if q == RND:
        return qb
    if q == RND_ZERO:
        return qb & (neg | r)
    if q == RND_MIN_INF:
        return qb & r
    if q == RND_INF:
        return qb & ((not neg) | r)
    if q == RND_CONV_ODD:
        return qb & ((not odd) | r)
    return qb & (odd | r)


#: Arrays at least this long run the ``parallel=True`` twin of a bulk kernel (Numba threads); shorter
#: ones the NumPy twins of :mod:`fxsim.kernels.small` (no compilation), or, with those turned off,
#: the same ``prange`` kernel.
PARALLEL_MIN = 1 << 17


@njit(cache=True, inline="always")
def _quantize_elem(xk, scale, q, o, float_fit, lim, span, inv_span):
    """One element of :func:`quantize_bulk_kernel`: ``(raw, 1 if outside the exact range else 0)``."""
    lo, hi, lo_sat, mask = lim
    y = xk * scale
    fl = np.floor(y)
    h = fl + 0.5  # exact for |y| < 2**52
    qb = (y >= h) & (y != fl)
    r = (y != h) & (y != fl)
    half = fl * 0.5
    inc = _increment(q, qb, r, y < 0.0, half != np.floor(half))
    v = fl + (1.0 if inc else 0.0)
    if float_fit:  # registers of <= 52 bits: wrap/clamp exactly in float64
        lo_f, hi_f = float(lo), float(hi)
        if o == WRAP:
            v = v - np.floor((v - lo_f) * inv_span) * span
        elif o == SAT_ZERO:
            v = v if (v >= lo_f) & (v <= hi_f) else 0.0
        else:
            v = min(max(v, float(lo_sat)), hi_f)
        raw = np.int64(v)
    else:
        raw = _fit_int(np.int64(v), lo, hi, lo_sat, mask, o == WRAP, o == SAT_ZERO)
    return raw, np.int64(not (abs(y) < TWO52)) | np.int64((y == 0.0) & (xk != 0.0))


@functools.cache
def quantize_bulk_kernel(q: int, o: int, float_fit: bool):
    """The branch-free (SIMD) ``prange`` loop for one rounding/overflow mode pair, compiled on first
    use and cached on disk. Exact wherever 0 < |x*scale| < 2**52 or x == 0; it returns how many
    elements fall outside (inf, NaN, huge, or x*scale underflowed) for :func:`_quantize_fixup`.
    (Short arrays take :func:`fxsim.kernels.small.quantize`, so there is no serial twin to compile.)"""

    @njit(cache=True, parallel=True, error_model="numpy")
    def parallel(x, out, scale, w, signed):
        lim = fit_limits(w, signed, o)
        span = 2.0 ** w
        n_bad = 0
        for k in nb.prange(x.size):
            out[k], bad = _quantize_elem(x[k], scale, q, o, float_fit, lim, span, 1.0 / span)
            n_bad += bad
        return n_bad

    return parallel


@njit(cache=True)
def _quantize_fixup(x, out, scale, w, signed, q, o):
    """Scalar pass over the elements the bulk pass cannot do exactly."""
    for k in range(x.size):
        y = x[k] * scale
        if not (abs(y) < TWO52) or (y == 0.0 and x[k] != 0.0):
            out[k] = _quantize_one(x[k], scale, w, signed, q, o)


def quantize_f64(x: np.ndarray, frac: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """float64 (1-D, contiguous) -> raw int64 of ``ap_[u]fixed<w, w-frac, q, o>``.

    Valid for w <= 62, -60 <= frac <= 960, overflow codes above (the caller checks).
    """
    if small.use_elements(x.size):
        return small.quantize(x, frac, w, signed, q, o)
    out = np.empty(x.size, dtype=np.int64)
    scale = 2.0 ** frac
    if quantize_bulk_kernel(q, o, w <= 52)(x, out, scale, w, signed):
        _quantize_fixup(x, out, scale, w, signed, q, o)
    return out


@njit(cache=True)
def _int_one(x: float, w: int, signed: bool) -> int:
    if x == 0.0 or not math.isfinite(x):
        return 0  # +-0; inf/NaN have a mantissa shifted past every bit of the register
    if -0.5 < x < 0.0:
        # ap_int_base(double): man >> sh with sh >= 54 gives -1, then negated: +1
        return wrap_or_saturate(1, w, signed, WRAP)
    t = np.trunc(x)
    if abs(t) >= TWO62:
        t = np.fmod(t, 2.0 ** w)
    return wrap_or_saturate(np.int64(t), w, signed, WRAP)


@njit(cache=True, error_model="numpy")
def _int_bulk(x, out, w, signed):
    """Branch-free pass for |x| < 2**52 (finite); returns how many elements need the scalar pass."""
    n_bad = 0
    one = np.int64(1)
    mask = (one << w) - 1
    lo = -(one << (w - 1)) if signed else np.int64(0)
    for k in range(x.size):
        xk = x[k]
        t = np.trunc(xk)
        t = 1.0 if (xk < 0.0) & (xk > -0.5) else t  # the headers' quirk, wrapped below
        out[k] = ((np.int64(t) - lo) & mask) + lo
        n_bad += not (abs(xk) < TWO52)
    return n_bad


@njit(cache=True)
def _int_fixup(x, out, w, signed):
    for k in range(x.size):
        if not (abs(x[k]) < TWO52):
            out[k] = _int_one(x[k], w, signed)


def int_from_f64(x: np.ndarray, w: int, signed: bool) -> np.ndarray:
    """float64 -> raw int64 of ``ap_[u]int<w>`` (w <= 62): ``ap_int_base(double)``."""
    out = np.empty(x.size, dtype=np.int64)
    if _int_bulk(x, out, w, signed):
        _int_fixup(x, out, w, signed)
    return out


@njit(cache=True)
def cast_one(v: int, sh: int, w: int, signed: bool, q: int, o: int) -> int:
    if sh > 0:
        if sh >= 64:
            # every bit of v lies below the guard bit (sh-1 >= 63 reads the sign extension)
            fl = np.int64(-1) if v < 0 else np.int64(0)
            qb = v < 0
            r = (v & np.int64(0x7FFFFFFFFFFFFFFF)) != 0 if sh == 64 else v != 0
            inc = round_increment(q, qb, r, v < 0, (fl & 1) != 0)
            return wrap_or_saturate(fl + inc, w, signed, o)
        fl = v >> sh  # sh <= 63: rem = v - fl*2**sh lies in [0, 2**63)
        rem = v - (fl << sh)
        qb = (rem >> (sh - 1)) & 1 == 1
        r = (rem & ((np.int64(1) << (sh - 1)) - 1)) != 0
        inc = round_increment(q, qb, r, v < 0, (fl & 1) != 0)
        return wrap_or_saturate(fl + inc, w, signed, o)
    if sh == 0:
        return wrap_or_saturate(v, w, signed, o)
    k = -sh
    if o == WRAP:
        return wrap_or_saturate(v << k if k < 64 else 0, w, signed, o)
    # saturating left shift: decide overflow on v before shifting
    if k >= 62:
        if v == 0:
            return 0
        return wrap_or_saturate(-(1 << 62) if v < 0 else (1 << 62), w, signed, o)
    lim = np.int64(1) << (62 - k)
    if v >= lim or v < -lim:
        return wrap_or_saturate(-(1 << 62) if v < 0 else (1 << 62), w, signed, o)
    return wrap_or_saturate(v << k, w, signed, o)


@njit(cache=True, inline="always")
def fit_limits(w: int, signed: bool, o: int) -> tuple[int, int, int, int]:
    """``(lo, hi, lo_sat, mask)`` of a ``w``-bit register for :func:`_fit_int` (w <= 62)."""
    one = np.int64(1)
    mask = (one << w) - 1
    lo = -(one << (w - 1)) if signed else np.int64(0)
    lo_sat = lo | 1 if (o == SAT_SYM and signed) else lo
    return lo, lo + mask, lo_sat, mask


@njit(cache=True, inline="always")
def cast_right(vk: int, sh: int, q: int, o: int, lim: tuple[int, int, int, int]) -> int:
    """``(T) v`` dropping ``1 <= sh <= 62`` fraction bits: floor, rounding increment, fit to
    ``lim = fit_limits(...)``. Branch-free for compile-time ``q``/``o`` (a SIMD loop body)."""
    one = np.int64(1)
    fl = vk >> sh
    rem = vk & ((one << sh) - one)
    inc = _increment(q, (rem >> (sh - one)) != 0, (rem & ((one << (sh - one)) - one)) != 0, vk < 0, (fl & one) != 0)
    return _fit_int(fl + (one if inc else np.int64(0)), lim[0], lim[1], lim[2], lim[3], o == WRAP, o == SAT_ZERO)


@njit(cache=True, inline="always")
def fit_limits32(w: int, signed: bool, o: int) -> tuple[int, int, int, int]:
    """:func:`fit_limits` as int32 (``w <= 30``), for :func:`cast_right32`."""
    lo, hi, lo_sat, mask = fit_limits(w, signed, o)
    return np.int32(lo), np.int32(hi), np.int32(lo_sat), np.int32(mask)


@njit(cache=True, inline="always")
def cast_right32(vk: int, sh: int, q: int, o: int, lim: tuple[int, int, int, int]) -> int:
    """:func:`cast_right` in int32 lanes, where it gives the same value: int32 ``vk`` with
    ``|vk| < 2**30``, ``1 <= sh <= 30``, ``lim = fit_limits32(...)``. Every step is truncated to
    int32 (Numba computes int32 arithmetic in int64), so LLVM keeps the SIMD lanes 32-bit."""
    one = np.int32(1)
    s = np.int32(sh)
    fl = np.right_shift(vk, s)
    rem = np.bitwise_and(vk, np.int32(np.left_shift(one, s) - one))
    s1 = np.int32(s - one)
    inc = _increment(q, np.right_shift(rem, s1) != 0, np.bitwise_and(rem, np.int32(np.left_shift(one, s1) - one)) != 0,
                     vk < 0, np.bitwise_and(fl, one) != 0)
    x = np.int32(fl + one) if inc else fl
    if o == WRAP:  # _fit_int's wrap, each step kept in int32
        return np.int32(np.bitwise_and(np.int32(x - lim[0]), lim[3]) + lim[0])
    return np.int32(_fit_int(x, lim[0], lim[1], lim[2], lim[3], False, o == SAT_ZERO))


@njit(cache=True, inline="always")
def cast_left(vk: int, sl: int, o: int, lim: tuple[int, int, int, int]) -> int:
    """``(T) v`` adding ``0 <= sl <= 62`` fraction bits; a saturating shift decides overflow before
    shifting (``|v| < 2**(62-sl)`` cannot overflow). Branch-free for compile-time ``o``."""
    one = np.int64(1)
    x = vk << sl
    if o != WRAP:
        bound = one << (62 - sl)
        big = one << 62
        x = big if vk >= bound else x
        x = -big if vk < -bound else x
    return _fit_int(x, lim[0], lim[1], lim[2], lim[3], o == WRAP, o == SAT_ZERO)


@njit(cache=True, inline="always")
def _cast_elem(vk, sh, q, o, lim):
    return cast_right(vk, sh, q, o, lim) if sh > 0 else cast_left(vk, -sh, o, lim)


@functools.cache
def cast_bulk_kernel(q: int, o: int):
    """Branch-free (SIMD) ``prange`` loop for -62 <= sh <= 62 (sh = F_src - F_dst) for one mode pair
    (short arrays take :func:`fxsim.kernels.small.cast`)."""

    @njit(cache=True, parallel=True)
    def parallel(v, out, sh, w, signed):
        lim = fit_limits(w, signed, o)
        for k in nb.prange(v.size):
            out[k] = _cast_elem(v[k], sh, q, o, lim)
        return 0

    return parallel


@njit(cache=True, inline="always")
def _cast_row_as(e, sh, q, o, lim):
    if sh > 0:
        for b in range(e.size):
            e[b] = cast_right(e[b], sh, q, o, lim)
    else:
        for b in range(e.size):
            e[b] = cast_left(e[b], -sh, o, lim)


@njit(cache=True, inline="always")
def _cast_row_q(e, sh, q, o, lim) -> bool:
    """:func:`_cast_row_as` for a runtime ``q`` among AP_TRN, AP_RND, AP_RND_CONV (False: other)."""
    if q == TRN:
        _cast_row_as(e, sh, TRN, o, lim)
    elif q == RND:
        _cast_row_as(e, sh, RND, o, lim)
    elif q == RND_CONV:
        _cast_row_as(e, sh, RND_CONV, o, lim)
    else:
        return False
    return True


@njit(cache=True)
def cast_row(e, sh: int, w: int, signed: bool, q: int, o: int) -> None:
    """``e[:] = (T) e[:]`` in place (int64, ``sh = F_src - F_dst``): one SIMD loop specialised for
    the common rounding/overflow pairs (AP_TRN, AP_RND, AP_RND_CONV x AP_WRAP, AP_SAT) where
    ``|sh| <= 62``, else the scalar :func:`cast_one` (runtime modes in one compiled function)."""
    lim = fit_limits(w, signed, o)
    if -62 <= sh <= 62:
        if o == WRAP and _cast_row_q(e, sh, q, WRAP, lim):
            return
        if o == SAT and _cast_row_q(e, sh, q, SAT, lim):
            return
    for b in range(e.size):
        e[b] = cast_one(e[b], sh, w, signed, q, o)


@njit(cache=True)
def _cast_scalar_loop(v, out, sh, w, signed, q, o):
    for k in range(v.size):
        out[k] = cast_one(v[k], sh, w, signed, q, o)


def cast_i64(v: np.ndarray, shift: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """Raw int64 -> raw int64: drop ``shift`` fraction bits (negative: add), round, fit.

    ``shift = F_src - F_dst``; valid for destination w <= 62 and the overflow codes above.
    """
    if -62 <= shift <= 62 and small.use_elements(v.size):
        return small.cast(v, shift, w, signed, q, o)
    out = np.empty(v.size, dtype=np.int64)
    if -62 <= shift <= 62:  # sl = 63 would leave no headroom for the saturation test
        cast_bulk_kernel(q, o)(v, out, shift, w, signed)
    else:
        _cast_scalar_loop(v, out, shift, w, signed, q, o)
    return out
