"""Element-wise quantize/cast kernels on int64/float64 arrays (the fast path).

Each kernel computes the mathematical result the headers produce for the *common* modes —
floor + rounding decision, then wrap or saturate — for registers of at most 62 bits, which
fxsim.conversion selects only where that is provably what ``ap_fixed_base.h`` does. The obvious
reference path is ``fxsim.reference`` (a transliteration of the headers on Python ints); both are
tested against each other and against the compiled headers.

Integer mode codes (plain ints, so kernels never see fxsim objects):
rounding: 0 AP_TRN, 1 AP_TRN_ZERO, 2 AP_RND, 3 AP_RND_ZERO, 4 AP_RND_MIN_INF, 5 AP_RND_INF,
6 AP_RND_CONV; overflow: 0 AP_WRAP (N=0), 1 AP_SAT, 2 AP_SAT_ZERO, 3 AP_SAT_SYM.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

TRN, TRN_ZERO, RND, RND_ZERO, RND_MIN_INF, RND_INF, RND_CONV = range(7)
WRAP, SAT, SAT_ZERO, SAT_SYM = range(4)

#: Arrays shorter than this run single-threaded (thread start-up costs more than it saves).
PARALLEL_MIN = 1 << 16

#: 2**62 as a float: below it a floor/trunc converts to int64 with room for a +1 increment.
TWO62 = 4611686018427387904.0


@nb.njit(cache=True, inline="always")
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
    return 1 if qb else 0


@nb.njit(cache=True, inline="always")
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


@nb.njit(cache=True, inline="always")
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


@nb.njit(cache=True)
def _quantize_serial(x, out, scale, w, signed, q, o):
    for k in range(x.size):
        out[k] = _quantize_one(x[k], scale, w, signed, q, o)


@nb.njit(cache=True, parallel=True)
def _quantize_parallel(x, out, scale, w, signed, q, o):
    for k in nb.prange(x.size):
        out[k] = _quantize_one(x[k], scale, w, signed, q, o)


def quantize_f64(x: np.ndarray, frac: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """float64 (1-D, contiguous) -> raw int64 of ``ap_[u]fixed<w, w-frac, q, o>``.

    Valid for w <= 62, -60 <= frac <= 960, overflow codes above (the caller checks).
    """
    out = np.empty(x.size, dtype=np.int64)
    kern = _quantize_parallel if x.size >= PARALLEL_MIN else _quantize_serial
    kern(x, out, 2.0 ** frac, w, signed, q, o)
    return out


@nb.njit(cache=True, inline="always")
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


@nb.njit(cache=True)
def _int_serial(x, out, w, signed):
    for k in range(x.size):
        out[k] = _int_one(x[k], w, signed)


@nb.njit(cache=True, parallel=True)
def _int_parallel(x, out, w, signed):
    for k in nb.prange(x.size):
        out[k] = _int_one(x[k], w, signed)


def int_from_f64(x: np.ndarray, w: int, signed: bool) -> np.ndarray:
    """float64 -> raw int64 of ``ap_[u]int<w>`` (w <= 62): ``ap_int_base(double)``."""
    out = np.empty(x.size, dtype=np.int64)
    (_int_parallel if x.size >= PARALLEL_MIN else _int_serial)(x, out, w, signed)
    return out


@nb.njit(cache=True, inline="always")
def _cast_one(v: int, sh: int, w: int, signed: bool, q: int, o: int) -> int:
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


@nb.njit(cache=True)
def _cast_serial(v, out, sh, w, signed, q, o):
    for k in range(v.size):
        out[k] = _cast_one(v[k], sh, w, signed, q, o)


@nb.njit(cache=True, parallel=True)
def _cast_parallel(v, out, sh, w, signed, q, o):
    for k in nb.prange(v.size):
        out[k] = _cast_one(v[k], sh, w, signed, q, o)


def cast_i64(v: np.ndarray, shift: int, w: int, signed: bool, q: int, o: int) -> np.ndarray:
    """Raw int64 -> raw int64: drop ``shift`` fraction bits (negative: add), round, fit.

    ``shift = F_src - F_dst``; valid for destination w <= 62 and the overflow codes above.
    """
    out = np.empty(v.size, dtype=np.int64)
    (_cast_parallel if v.size >= PARALLEL_MIN else _cast_serial)(v, out, shift, w, signed, q, o)
    return out
