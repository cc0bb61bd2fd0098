"""Conversions of Algorithmic C types: floats -> raw, ac -> ac casts, raw -> double/int/text.

The fast path is the same Numba kernels as the ap types (``fxsim.kernels.quantize``), picked from
the types alone where ``ac_fixed.h`` provably computes the same thing: for a finite double the
AC code extracts every bit exactly (``iv_conv_from_fraction``) unless its power-of-two pre-scaling
(``ldexpr``) leaves the normal range, and the quantization/overflow logic matches ap's except for
``AC_RND_CONV_ODD`` (kernel code 7) and the saturation shortcut of an ``AC_SAT_SYM`` source.
Everything else (non-finite inputs, tiny or huge values, wide registers) goes element by element
through :mod:`fxsim.acreference`, the transliteration of the headers.

>>> from fxsim.actypes import AcType
>>> t = AcType.parse("ac_fixed<8,3,true,AC_RND,AC_SAT>")
>>> quantize([0.1, -9.0, float("nan")], t)      # NaN -> +max under g++ on x86
array([   3, -128,  127])
>>> cast([3, -128], src=t, dst=AcType.parse("ac_fixed<4,2,true>"))
array([0, 0])
>>> format_raw([3, -128], t)
['.09375', '-4']
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from fxsim import acreference as ref
from fxsim.conversion import FAST_MAX_WIDTH, as_raw
from fxsim.conversion import to_float as _ap_to_float
from fxsim.kernels import quantize as kq

if TYPE_CHECKING:
    from fxsim.actypes import AcType

_Q_CODES = {"AC_TRN": kq.TRN, "AC_TRN_ZERO": kq.TRN_ZERO, "AC_RND": kq.RND, "AC_RND_ZERO": kq.RND_ZERO,
            "AC_RND_MIN_INF": kq.RND_MIN_INF, "AC_RND_INF": kq.RND_INF, "AC_RND_CONV": kq.RND_CONV,
            "AC_RND_CONV_ODD": kq.RND_CONV_ODD}
_O_CODES = {"AC_WRAP": kq.WRAP, "AC_SAT": kq.SAT, "AC_SAT_ZERO": kq.SAT_ZERO, "AC_SAT_SYM": kq.SAT_SYM}


def _storage(t: AcType) -> np.dtype:
    return np.dtype(np.int64) if t.fits_int64 else np.dtype(object)


def _raw(raw, t: AcType) -> np.ndarray:
    return as_raw(raw, t.ap_twin)


# ------------------------------------------------------------------------------------ from double
def _prescale(t: AcType) -> int:
    """The power of two ``ac_fixed(double)`` divides by before reading the fraction:
    ``I + !S + ((32-W-!S)&31)`` (``ac_int``: ``32*N``)."""
    n = ref.n_words(t.width, t.signed)
    return 32 * n if t.is_int else t.integer + (not t.signed) + ((32 - t.width - (not t.signed)) & 31)


def _exact_band(t: AcType) -> tuple[float, float]:
    """``[lo, hi)``: magnitudes whose pre-scaled value is a normal double (every step exact)."""
    k = _prescale(t)
    lo = math.ldexp(1.0, -1022 + k) if -1022 + k > -1074 else 0.0
    hi = math.ldexp(1.0, 1023 + k) if 1023 + k <= 1023 else math.inf
    return lo, hi


def quantize(x, t: AcType) -> np.ndarray:
    """Floats -> raw integers of ``t``, as ``T y = (double)x;`` stores them (float32 promotes to
    double exactly: ac types have no float constructor). ``ac_int`` floors.

    >>> from fxsim.actypes import AcType
    >>> quantize([-0.3, 2.5], AcType.parse("ac_int<8>"))
    array([-1,  2])
    """
    x = np.asarray(x)
    if x.dtype.kind not in "fiub":
        raise TypeError(f"quantize takes real numbers, got dtype {x.dtype}")
    flat = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
    q, o = (kq.TRN, kq.WRAP) if t.is_int else (_Q_CODES[t.rounding], _O_CODES[t.overflow])
    frac = 0 if t.is_int else t.frac
    if t.width <= FAST_MAX_WIDTH and -60 <= frac <= 960:
        out = kq.quantize_f64(flat, frac, t.width, t.signed, q, o)
        lo, hi = _exact_band(t)
        mag = np.abs(flat)
        odd = np.flatnonzero(~((mag < hi) & ((mag >= lo) | (flat == 0.0))))
        for k in odd.tolist():
            out[k] = _reference_one(float(flat[k]), t)
    else:
        out = np.empty(flat.shape, dtype=_storage(t))
        for k, v in enumerate(flat.tolist()):
            out[k] = _reference_one(v, t)
    return out.reshape(x.shape)


def _reference_one(v: float, t: AcType) -> int:
    if t.is_int:
        return ref.int_from_double(v, t.width, t.signed)
    return ref.fixed_from_double(v, t.width, t.integer, t.signed, t.rounding, t.overflow)


def quantize_reference(x, t: AcType) -> np.ndarray:
    """The reference path of :func:`quantize` (slow; for tests)."""
    xd = np.asarray(x, dtype=np.float64)
    out = np.empty(xd.size, dtype=_storage(t))
    for k, v in enumerate(xd.reshape(-1).tolist()):
        out[k] = _reference_one(v, t)
    return out.reshape(xd.shape)


# ------------------------------------------------------------------------------------ casts
def _as_fixed(t: AcType) -> AcType:
    """An ``ac_int<W,S>`` operand of an ``ac_fixed`` assignment is read as ``ac_fixed<W,W,S>``."""
    return type(t)(t.width, t.width, t.signed) if t.is_int else t


def _saturates(src: AcType, dst: AcType) -> bool:
    """The overflow test of ``ac_fixed(const ac_fixed<W2,I2,S2,Q2,O2>&)`` runs at all."""
    f, f2 = dst.frac, src.frac
    s, s2 = dst.signed, src.signed
    quan_inc = f2 > f and not (dst.rounding == "AC_TRN" or (dst.rounding == "AC_TRN_ZERO" and not s2))
    sym = s2 and dst.overflow == "AC_SAT_SYM" and (src.overflow != "AC_SAT_SYM" or f2 > f)
    return dst.overflow != "AC_WRAP" and (
        (not s and s2) or dst.integer - s < src.integer - s2 + int(quan_inc or sym))


def cast_defined(src: AcType, dst: AcType) -> bool:
    """False for the (far-fetched) casts whose result the headers leave undefined
    (:func:`fxsim.acreference.cast_defined`)."""
    s, d = _as_fixed(src), _as_fixed(dst)
    return ref.cast_defined(s.width, s.integer, s.signed, d.width, d.integer, d.signed, _saturates(s, d))


def cast(raw, src: AcType, dst: AcType) -> np.ndarray:
    """Raw values of ``src`` -> raw values of ``dst``, as ``DST y = x;`` does.

    ``ac_fixed = ac_fixed`` and ``ac_fixed = ac_int`` (the int read as ``ac_fixed<W,W,S>``) follow
    the destination's modes; ``ac_int = ac_int`` wraps; ``ac_int = ac_fixed`` is
    ``x.to_ac_int()`` (floor, wrap), the only conversion the headers offer.

    >>> from fxsim.actypes import AcType
    >>> cast([5, -5], AcType(8, 6), AcType.parse("ac_int<8>"))   # 1.25, -1.25 -> 1, -2
    array([ 1, -2])
    """
    v = _raw(raw, src)
    s = _as_fixed(src)
    if dst.is_int:
        if not src.is_int:  # to_ac_int(): ac_fixed<max(I,1),max(I,1),S> (TRN, WRAP), then the int
            iw = max(src.integer, 1)
            v = cast(v, src, type(src)(iw, iw, src.signed))
            s = type(src)(iw, iw, src.signed)
        d = type(dst)(dst.width, dst.width, dst.signed)
    else:
        d = dst
    o = _O_CODES[d.overflow] if _saturates(s, d) else kq.WRAP
    # A rounding carry out of the destination's container is lost when the source's kept bits
    # end exactly at the container's top (``F2-F+32*N == W2``: ``ac_fixed<52,30,false>`` ->
    # ``ac_fixed<5,3,false,AC_RND,AC_SAT_SYM>`` gives 0 for the largest inputs, not max): the
    # reference path reproduces that.
    carry_lost = o != kq.WRAP and s.frac > d.frac and s.width - (s.frac - d.frac) >= 32 * ref.n_words(d.width, d.signed)
    if s.fits_int64 and d.width <= FAST_MAX_WIDTH and not carry_lost:
        flat = np.ascontiguousarray(v, dtype=np.int64).reshape(-1)
        out = kq.cast_i64(flat, s.frac - d.frac, d.width, d.signed, _Q_CODES[d.rounding], o)
        return out.reshape(v.shape)
    return _cast_reference(v, s, d)


def _cast_reference(v: np.ndarray, s: AcType, d: AcType) -> np.ndarray:
    out = np.empty(v.shape, dtype=_storage(d))
    flat = out.reshape(-1)
    for k, x in enumerate(v.reshape(-1).tolist()):
        flat[k] = cast_scalar(int(x), s, d)
    return out


def cast_scalar(v: int, src: AcType, dst: AcType) -> int:
    """One raw value, reference path (``ac_fixed(const ac_fixed&)`` transliterated)."""
    s, d = _as_fixed(src), _as_fixed(dst)
    if dst.is_int and not src.is_int:
        iw = max(src.integer, 1)
        v = cast_scalar(v, src, type(src)(iw, iw, src.signed))
        s = type(src)(iw, iw, src.signed)
    return ref.fixed_from_fixed(v, s.width, s.integer, s.signed, s.overflow,
                                d.width, d.integer, d.signed, d.rounding, d.overflow)


def cast_reference(raw, src: AcType, dst: AcType) -> np.ndarray:
    """The reference path of :func:`cast` (slow; for tests)."""
    v = _raw(raw, src)
    out = np.empty(v.shape, dtype=_storage(dst))
    flat = out.reshape(-1)
    for k, x in enumerate(v.reshape(-1).tolist()):
        flat[k] = cast_scalar(int(x), src, dst)
    return out


# ------------------------------------------------------------------------------------ to C types
def to_float(raw, t: AcType) -> np.ndarray:
    """Raw values -> exact float64 (correctly rounded where float64 cannot hold the value)."""
    return _ap_to_float(_raw(raw, t), _as_fixed(t).ap_twin)


def to_double(raw, t: AcType) -> np.ndarray:
    """Raw values -> float64 as ``to_double()`` returns them: the container converted word by
    word (each step rounded, so wide values can differ from :func:`to_float` in the last bit),
    then scaled by ``2**(I-W)`` (flushing toward zero below the normal range).

    >>> from fxsim.actypes import AcType
    >>> to_double([1, -3], AcType(8, 3))
    array([ 0.03125, -0.09375])
    """
    v = _raw(raw, t)
    if t.width <= 53 and -1000 <= t.frac <= 1000 and t.integer <= 1000:
        return to_float(v, t)
    f = (lambda r: ref.container_to_double(r, t.width, t.signed)) if t.is_int else (
        lambda r: ref.fixed_to_double(r, t.width, t.integer, t.signed))
    return np.array([f(int(r)) for r in v.reshape(-1).tolist()], dtype=np.float64).reshape(v.shape)


def to_int(raw, t: AcType) -> np.ndarray:
    """``x.to_int()``: the floor of the value, wrapped to ``max(I,1)`` bits (``to_ac_int``), read as
    a C ``int``. Where ap_fixed's ``to_int()`` truncates toward zero, this floors.

    >>> from fxsim.actypes import AcType
    >>> to_int([-64, 64], AcType(16, 6))   # -0.0625, 0.0625
    array([-1,  0])
    """
    v = _raw(raw, t)
    if t.is_int:
        iw = t.width
        a = v
    else:
        iw = max(t.integer, 1)
        a = cast(v, t, type(t)(iw, iw, t.signed)) if t.integer - t.width < 32 else np.zeros(v.shape, np.int64)
    out = np.array([(x + (1 << 31)) % (1 << 32) - (1 << 31) for x in np.asarray(a, dtype=object).reshape(-1)],
                   dtype=np.int64)
    return out.reshape(v.shape)


# ------------------------------------------------------------------------------------ text
def format_raw(raw, t: AcType) -> list[str]:
    """Each raw value as ``std::cout << x`` prints it (``to_string(AC_DEC)``): exact decimal,
    no leading zero, trailing fraction zeros trimmed.

    >>> from fxsim.actypes import AcType
    >>> format_raw([1, -1], AcType.parse("ac_fixed<4,-2,true>"))
    ['.015625', '-.015625']
    """
    v = _raw(raw, t)
    if t.is_int:
        return [ref.int_to_string(int(r)) for r in v.reshape(-1).tolist()]
    return [ref.fixed_to_string(int(r), t.width, t.integer, t.signed) for r in v.reshape(-1).tolist()]


def parse_raw(text: str, t: AcType) -> int:
    """The raw value that prints as ``text`` (AC prints exactly, so it is unique when it exists).

    >>> from fxsim.actypes import AcType
    >>> parse_raw("-.25", AcType(16, 6))
    -256
    """
    s = text.strip()
    try:
        value = Fraction(s if not s.startswith((".", "-.")) else s.replace(".", "0.", 1))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a decimal number") from None
    scaled = value * (Fraction(2) ** t.frac)
    if scaled.denominator != 1 or not t.min_raw <= scaled.numerator <= t.max_raw:
        raise ValueError(f"{text!r} is not a value of {t}")
    return scaled.numerator
