"""Conversions between floats and raw fixed-point integers, and between fixed-point types.

Each function picks, from the types alone, the Numba fast path in ``fxsim.kernels.quantize``
where it is exact, and otherwise the reference transliteration in :mod:`fxsim.reference`
(any width, every mode, every quirk of the headers).

>>> import numpy as np
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,3,AP_RND,AP_SAT>")
>>> quantize(np.array([0.1, -9.0]), t)
array([   3, -128])
>>> cast(np.array([3, -128]), src=t, dst=FixedType.parse("ap_fixed<4,2>"))
array([0, 0])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np

from fxsim import reference
from fxsim.kernels import quantize as kq

_Q_CODES = {"AP_TRN": kq.TRN, "AP_TRN_ZERO": kq.TRN_ZERO, "AP_RND": kq.RND, "AP_RND_ZERO": kq.RND_ZERO,
            "AP_RND_MIN_INF": kq.RND_MIN_INF, "AP_RND_INF": kq.RND_INF, "AP_RND_CONV": kq.RND_CONV}
_O_CODES = {"AP_WRAP": kq.WRAP, "AP_SAT": kq.SAT, "AP_SAT_ZERO": kq.SAT_ZERO, "AP_SAT_SYM": kq.SAT_SYM}

#: The kernels hold registers of at most this many bits.
FAST_MAX_WIDTH = 62

if TYPE_CHECKING:  # annotations only: fxsim.types sits above this module
    from fxsim.types import FixedType


class CastRecorder(Protocol):
    """What :func:`cast` reports each accounted conversion to (``stats=``); a
    :class:`fxsim.trace.Recorder` is one."""

    def record_cast(self, src_raw: np.ndarray, src: FixedType, dst: FixedType, out_raw: np.ndarray,
                    kind: str = "cast") -> None: ...


def _fast_modes(t: FixedType) -> bool:
    return (t.width <= FAST_MAX_WIDTH and t.overflow in _O_CODES
            and not (t.overflow == "AP_WRAP" and t.sat_bits))


class KernelCast(NamedTuple):
    """Plain-int parameters of ``fxsim.kernels.quantize.cast_one``/``cast_i64`` for one cast."""

    shift: int
    width: int
    signed: bool
    rounding: int
    overflow: int


def kernel_cast(src: FixedType, dst: FixedType) -> KernelCast | None:
    """The kernel parameters that compute ``DST y = (SRC)x`` exactly on int64 raws, or ``None``
    where only the reference path is exact (wide types, AP_WRAP_SM, N > 0, ap_int = ap_fixed).

    >>> from fxsim.types import FixedType
    >>> kernel_cast(FixedType(16, 6), FixedType.parse("ap_fixed<8,3,AP_RND,AP_SAT>"))
    KernelCast(shift=5, width=8, signed=True, rounding=2, overflow=1)
    """
    if not (src.fits_int64 and _fast_modes(dst)) or (dst.is_int and not src.is_int):
        return None
    return KernelCast(src.frac - dst.frac, dst.width, dst.signed, _Q_CODES[dst.rounding], _O_CODES[dst.overflow])


def kernel_quantize(t: FixedType) -> KernelCast | None:
    """The parameters of :func:`fxsim.kernels.quantize.quantize_f64` (``shift`` = the fraction bits
    ``frac``) that compute ``T y = (double)x`` exactly, or ``None`` where :func:`quantize` takes
    another path (ap_int, wide types, exotic modes).

    >>> from fxsim.types import FixedType
    >>> kernel_quantize(FixedType(16, 6))
    KernelCast(shift=10, width=16, signed=True, rounding=0, overflow=0)
    """
    if t.is_int or not _fast_modes(t) or not -60 <= t.frac <= 960:
        return None
    return KernelCast(t.frac, t.width, t.signed, _Q_CODES[t.rounding], _O_CODES[t.overflow])


def _empty_raw(shape: tuple[int, ...], t: FixedType) -> np.ndarray:
    return np.zeros(shape, dtype=np.int64 if t.fits_int64 else object)


def as_raw(raw, t: FixedType) -> np.ndarray:
    """Raw values as the ndarray dtype ``t`` uses (int64, or object of Python ints)."""
    a = np.asarray(raw)
    if t.fits_int64:
        if a.dtype == object:
            return a.astype(np.int64)
        if a.dtype.kind not in "iub":
            raise TypeError(f"raw values of {t} must be integers, got dtype {a.dtype}")
        return a.astype(np.int64, copy=False)
    if a.dtype == object:
        return a
    return np.array([int(v) for v in a.reshape(-1).tolist()] + [None], dtype=object)[:-1].reshape(a.shape)


def quantize(x, t: FixedType) -> np.ndarray:
    """Floats -> raw integers of ``t``, as ``T y = (double)x;`` stores them.

    float32 inputs go through double exactly, like ``ap_fixed_base(float)``.

    >>> from fxsim.types import FixedType
    >>> quantize([-0.25, 2.5], FixedType.parse("ap_int<8>"))   # ap_int truncates; the -0.25 quirk
    array([1, 2])
    """
    x = np.asarray(x)
    if x.dtype.kind not in "fiub":
        raise TypeError(f"quantize takes real numbers, got dtype {x.dtype}")
    xd = np.ascontiguousarray(x, dtype=np.float64)
    flat = xd.reshape(-1)
    if t.is_int and x.dtype == np.float32 and t.width > FAST_MAX_WIDTH:
        # ap_int_base(float) is its own constructor; it differs from (double) only when wide
        out = _empty_raw(flat.shape, t)
        for k, v in enumerate(flat.tolist()):
            out[k] = reference.int_from_float(v, t.width, t.signed)
        return out.reshape(x.shape)
    if t.is_int and t.width <= FAST_MAX_WIDTH:
        return kq.int_from_f64(flat, t.width, t.signed).reshape(x.shape)
    kq_args = kernel_quantize(t)
    if kq_args is not None:
        return kq.quantize_f64(flat, *kq_args).reshape(x.shape)
    return _quantize_reference(flat, t).reshape(x.shape)


def _quantize_reference(flat: np.ndarray, t: FixedType) -> np.ndarray:
    out = _empty_raw(flat.shape, t)
    if t.is_int:
        for k, v in enumerate(flat.tolist()):
            out[k] = reference.int_from_double(v, t.width, t.signed)
    else:
        args = (t.width, t.integer, t.signed, t.rounding, t.overflow, t.sat_bits)
        for k, v in enumerate(flat.tolist()):
            out[k] = reference.fixed_from_double(v, *args)
    return out


def quantize_reference(x, t: FixedType) -> np.ndarray:
    """The reference path of :func:`quantize` (slow; for tests and for exotic types)."""
    xd = np.asarray(x, dtype=np.float64)
    return _quantize_reference(xd.reshape(-1), t).reshape(xd.shape)


def cast(raw, src: FixedType, dst: FixedType, kind: str | None = "cast",
         stats: CastRecorder | None = None) -> np.ndarray:
    """Raw values of ``src`` -> raw values of ``dst``, as ``DST y = (SRC)x;`` does.

    ``stats`` (a :class:`fxsim.trace.Recorder`, passed down by the twin that casts) is told about
    the conversion as a ``kind`` step (``"product"``, ``"accumulate"``, ``"bias"``, ``"result"``;
    ``"cast"`` for any other); ``kind=None``: not accounted.

    Covers ``ap_fixed = ap_fixed`` (``operator=``), ``ap_fixed = ap_int`` (the int read as
    ``ap_fixed<W,W>``) and ``ap_int = ap_fixed`` (``to_ap_int_base``: truncation toward zero).

    >>> from fxsim.types import FixedType
    >>> cast([5, -5], FixedType(8, 6), FixedType.parse("ap_int<8>"))   # 1.25, -1.25 -> 1, -1
    array([ 1, -1])
    """
    v = as_raw(raw, src)
    k = kernel_cast(src, dst)
    if k is not None:
        out = kq.cast_i64(np.ascontiguousarray(v).reshape(-1), *k).reshape(v.shape)
    else:
        out = _cast_reference(v, src, dst)
    if kind is not None and stats is not None:
        stats.record_cast(v, src, dst, out, kind)
    return out


def _cast_reference(v: np.ndarray, src: FixedType, dst: FixedType) -> np.ndarray:
    out = _empty_raw(v.shape, dst)
    flat_out = out.reshape(-1)
    for k, x in enumerate(v.reshape(-1).tolist()):
        flat_out[k] = cast_scalar(int(x), src, dst)
    return out


def cast_reference(raw, src: FixedType, dst: FixedType) -> np.ndarray:
    """The reference path of :func:`cast` (slow; for tests and for exotic types)."""
    return _cast_reference(as_raw(raw, src), src, dst)


def cast_scalar(v: int, src: FixedType, dst: FixedType) -> int:
    """One raw value of ``src`` -> raw of ``dst`` (Python ints, any width)."""
    if dst.is_int and not src.is_int:
        return reference.int_from_fixed(v, src.width, src.integer, src.signed, dst.width, dst.signed)
    if dst.is_int:  # ap_int = ap_int: plain register assignment
        return reference.wrap(v, dst.width, dst.signed)
    return reference.fixed_from_fixed(v, src.width, src.integer, src.signed, dst.width, dst.integer,
                                      dst.signed, dst.rounding, dst.overflow, dst.sat_bits)


def to_float(raw, t: FixedType) -> np.ndarray:
    """Raw values -> float64, exact wherever float64 can hold the value (else round-to-nearest).

    >>> from fxsim.types import FixedType
    >>> to_float([3, -128], FixedType(8, 3))
    array([ 0.09375, -4.     ])
    """
    v = as_raw(raw, t)
    if v.dtype == np.int64 and t.width <= 53:
        if abs(t.frac) <= 1000:  # v and 2**-frac are exact doubles: one correctly rounded product, as ldexp
            return v * (2.0 ** -t.frac)
        return np.ldexp(v.astype(np.float64), -t.frac)
    return np.vectorize(lambda i: _int_to_float(int(i), t.frac), otypes=[np.float64])(v)


def to_double(raw, t: FixedType) -> np.ndarray:
    """Raw values -> float64 as the headers' ``to_double()`` returns them.

    Equal to :func:`to_float` except for ``ap_[u]int<W>`` with W > 64, whose ``to_double()``
    converts only the low 64 bits of the register (read as int64 / uint64).

    >>> from fxsim.types import FixedType
    >>> to_double([2**64 + 3], FixedType.parse("ap_uint<100>"))
    array([3.])
    """
    if t.is_int and t.width > 64:
        low = [int(v) & 0xFFFFFFFFFFFFFFFF for v in np.asarray(raw, dtype=object).reshape(-1)]
        if t.signed:
            low = [v - (1 << 64) if v >> 63 else v for v in low]
        return np.array([float(v) for v in low], dtype=np.float64).reshape(np.shape(raw))
    if t.integer <= 1023 and t.integer - t.width >= -1021:  # every value is a normal double or 0
        return to_float(raw, t)
    v = as_raw(raw, t)
    return np.vectorize(lambda i: reference.fixed_to_double(int(i), t.width, t.integer, t.signed),
                        otypes=[np.float64])(v)


def _int_to_float(i: int, frac: int) -> float:
    """i * 2**-frac correctly rounded (exact when representable)."""
    from fractions import Fraction

    if frac <= 0:
        try:
            return float(i << -frac)
        except OverflowError:
            return float("inf") if i > 0 else float("-inf")
    try:
        return float(Fraction(i, 1 << frac))
    except OverflowError:
        return float("inf") if i > 0 else float("-inf")
