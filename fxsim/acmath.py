"""Twins of the AC Math piecewise-linear functions hls4ml's Catapult backend calls
(``templates/catapult/ac_math/include/ac_math/*.h``, AC Math 3.5), on :class:`~fxsim.acarray.AcArray`.

Each function is a line-by-line transliteration of the ``ac_fixed`` overload of the header it names,
with the header's own look-up tables and intermediate types, so the casts (``TRN``/``WRAP`` unless
the header says otherwise) happen where the C++ assigns. They are tested bit for bit against the
headers with g++ (``tests/test_acmath_catapult.py``).

>>> import numpy as np
>>> from fxsim.actypes import AcType
>>> x = AcArray.from_float(np.array([-6.0, -1.0, 0.0, 0.5, 2.0]), AcType(16, 6))
>>> ac_sigmoid_pwl(x, AcType(16, 6, False)).to_float().tolist()
[0.0, 0.271484375, 0.5009765625, 0.62109375, 0.8798828125]
>>> ac_tanh_pwl(x, AcType(16, 6)).to_float().tolist()
[-1.0, -0.7646484375, 0.0009765625, 0.46484375, 0.96484375]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType

__all__ = ["ac_relu", "ac_sigmoid_pwl", "ac_tanh_pwl"]

_N_FRAC = 10  # n_frac_bits of both headers


def _lut(values: tuple[float, ...], t: AcType) -> AcArray:
    return AcArray.from_float(np.array(values, dtype=np.float64), t)


# ac_sigmoid_pwl.h: 8 segments on [0, 5), 10 fractional bits
_SIG_M = _lut((.1513671875, .126953125, .08984375, .056640625, .033203125, .0185546875, .009765625, .005859375),
              AcType(_N_FRAC - 1, -1, False))
_SIG_C = _lut((.5009765625, .65234375, .779296875, .869140625, .92578125, .958984375, .9775390625, .98828125),
              AcType(_N_FRAC, 0, False))
_SIG_SC = _lut((1.599609375,), AcType(_N_FRAC, 1, False))[0]
_SIG_INT_BITS = 3  # ac::nbits<n_segments_lut - 1>

# ac_tanh_pwl.h: 12 segments on [0, 3)
_TANH_M = _lut((.2451171875, .21875, .1728515625, .1259765625, .0859375, .0556640625, .0361328125, .0224609375,
                .013671875, .0087890625, .0048828125, .0029296875), AcType(_N_FRAC - 1, -1, False))
_TANH_C = _lut((.0009765625, .24609375, .46484375, .6376953125, .7646484375, .8505859375, .90625, .9423828125,
                .96484375, .978515625, .9873046875, .9921875), AcType(_N_FRAC, 0, False))
_TANH_INT_BITS = 4


def _magnitude(x: AcArray) -> tuple[AcArray, np.ndarray]:
    """``input_pwl`` (``(ac_fixed<W,I,false>)`` of ``input`` or ``-input``) and ``is_input_negative``."""
    t = x.type
    ut = AcType(t.width, t.integer, False)
    if not t.signed:
        return x, np.zeros(x.shape, dtype=bool)
    neg = np.asarray(x < 0)
    pos, mag = x.cast(ut), (-x).cast(ut)
    return AcArray._trusted(np.where(neg, mag.raw, pos.raw), ut), neg


def _low_bits(x: AcArray, n: int) -> AcArray:
    """``ac_fixed<n,0,false> f; f.set_slc(0, x.template slc<n>(0));`` (x has >= n fraction bits)."""
    raw = np.asarray(x.raw)
    mask = (1 << n) - 1
    low = raw & mask if raw.dtype != object else np.frompyfunc(lambda r: int(r) & mask, 1, 1)(raw).astype(np.int64)
    return AcArray._trusted(np.asarray(low, dtype=np.int64), AcType(n, 0, False))


def _pwl(x_in_sc: AcArray, m: AcArray, c: AcArray, int_bits: int, out_t: AcType) -> AcArray:
    """``output_pwl = m_lut[index]*x_in_sc_frac + c_lut[index]`` with ``index`` the
    ``ac_int<int_bits,false>`` of ``x_in_sc.to_int()``; indices past the table (the C++ reads
    out of bounds there) use entry 0: every caller overwrites those results."""
    frac = _low_bits(x_in_sc, _N_FRAC)
    index = np.asarray(x_in_sc.to_int()).astype(np.int64) & ((1 << int_bits) - 1)
    index = np.where(index < len(m), index, 0)
    mi = AcArray._trusted(m.raw[index], m.type)
    ci = AcArray._trusted(c.raw[index], c.type)
    return (mi * frac + ci).cast(out_t)


def ac_relu(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_relu(input, output)`` (``ac_relu.h``): ``output = input > 0 ? input : 0``."""
    return AcArray._trusted(np.where(np.asarray(x > 0), x.cast(out_t).raw, 0), out_t)


def ac_sigmoid_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_sigmoid_pwl<AC_TRN>(input, output)`` (``ac_sigmoid_pwl.h``), ``out_t`` unsigned."""
    if out_t.signed:
        raise ValueError(f"ac_sigmoid_pwl writes an unsigned ac_fixed, not {out_t}")
    x_pwl, neg = _magnitude(x)
    sc_t = AcType(_SIG_INT_BITS + _N_FRAC + 1, _SIG_INT_BITS + 1, False)
    x_in_sc = (x_pwl.cast(sc_t) * _SIG_SC).cast(sc_t)
    pwl_t = AcType(_N_FRAC * 2, 0, False)
    out = _pwl(x_in_sc, _SIG_M, _SIG_C, _SIG_INT_BITS, pwl_t)
    raw = np.where(np.asarray(x_pwl >= AcArray([5], AcType(3, 3, False))[0]), pwl_t.max_raw, out.raw)
    out = AcArray._trusted(np.asarray(raw, dtype=np.int64), pwl_t)
    flipped = (1 - out).cast(pwl_t)
    out = AcArray._trusted(np.where(neg, flipped.raw, out.raw), pwl_t)
    return out.cast(out_t)


def ac_tanh_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_tanh_pwl<AC_TRN>(input, output)`` (``ac_tanh_pwl.h``)."""
    x_pwl, neg = _magnitude(x)
    sc_t = AcType(_TANH_INT_BITS + _N_FRAC, _TANH_INT_BITS, False)
    x_in_sc = ac_shift_left(x_pwl, 2, sc_t)
    pwl_t = AcType(_N_FRAC * 2 + 1, 1, True)
    out = _pwl(x_in_sc, _TANH_M, _TANH_C, _TANH_INT_BITS, pwl_t)
    raw = np.where(np.asarray(x_pwl >= AcArray([3], AcType(2, 2, False, is_int=True))[0]), pwl_t.max_raw, out.raw)
    out = AcArray._trusted(np.asarray(raw, dtype=np.int64), pwl_t)
    negated = (-out).cast(pwl_t)
    out = AcArray._trusted(np.where(neg, negated.raw, out.raw), pwl_t)
    return out.cast(out_t)


def ac_shift_left(x: AcArray, n: int, out_t: AcType) -> AcArray:
    """``ac_math::ac_shift_left(x, n, sl)`` (``ac_shift.h``) for ``n >= 0`` into an ``AC_TRN``,
    ``AC_WRAP`` output: there the header's ``t = (ac_fixed<TW,TI>)x << n; sl = t;`` is the exact
    ``x * 2**n`` assigned to ``out_t``."""
    if n < 0 or out_t.rounding != "AC_TRN" or out_t.overflow != "AC_WRAP":
        raise ValueError(f"ac_shift_left by {n} into {out_t} is not simulated (only n >= 0, AC_TRN/AC_WRAP)")
    t = x.type
    return AcArray._trusted(x.raw, AcType(t.width, t.integer + n, t.signed)).cast(out_t)
