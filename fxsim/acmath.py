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

__all__ = ["ac_elu_pwl", "ac_exp_pwl", "ac_log2_pwl", "ac_log_pwl", "ac_normalize", "ac_pow2_pwl",
           "ac_reciprocal_pwl", "ac_relu", "ac_selu_pwl", "ac_shift_left", "ac_shift_right", "ac_sigmoid_pwl",
           "ac_softmax_pwl", "ac_softplus_pwl", "ac_softsign_pwl", "ac_tanh_pwl"]

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


def _pyint(a) -> np.ndarray:
    return np.asarray(np.frompyfunc(int, 1, 1)(np.asarray(a)), dtype=object)


def _shift_cast(x: AcArray, n, out_t: AcType) -> AcArray:
    """``x * 2**n`` (``n`` an int or an int per element) assigned to an AC_TRN/AC_WRAP ``out_t``."""
    if out_t.rounding != "AC_TRN" or out_t.overflow != "AC_WRAP":
        raise ValueError(f"ac_shift into {out_t} is not simulated (only AC_TRN/AC_WRAP outputs)")
    r = _pyint(x.raw)
    e = _pyint(np.broadcast_to(np.asarray(n), r.shape)) + (out_t.frac - x.type.frac)
    w, half = out_t.width, 1 << (out_t.width - 1)

    def one(a: int, k: int) -> int:
        v = (a << k if k >= 0 else a >> -k) & ((1 << w) - 1)  # >> on Python ints floors; & wraps
        return v - (1 << w) if out_t.signed and v >= half else v

    v = np.frompyfunc(one, 2, 1)(r, e)
    return AcArray._trusted(v.astype(np.int64) if out_t.fits_int64 else np.asarray(v, dtype=object), out_t)


def ac_shift_left(x: AcArray, n, out_t: AcType) -> AcArray:
    """``ac_math::ac_shift_left(x, n, sl)`` (``ac_shift.h``) into an ``AC_TRN``/``AC_WRAP`` output:
    there the header's ``t = (ac_fixed<TW,TI>)x << n; sl = t;`` (a negative ``n`` shifts right,
    flooring) equals the exact ``x * 2**n`` assigned to ``out_t``. ``n``: an int or one per element."""
    return _shift_cast(x, n, out_t)


def ac_shift_right(x: AcArray, n, out_t: AcType) -> AcArray:
    """``ac_math::ac_shift_right(x, n, sr)`` into an ``AC_TRN``/``AC_WRAP`` output: ``x * 2**-n``."""
    return _shift_cast(x, -np.asarray(n), out_t)


# ac_pow_pwl.h: 2**x on [0, 1) with 4 segments
_POW2_M = _lut((.189453125, .224609375, .2666015625, .3173828125), AcType(_N_FRAC, 0, False))
_POW2_C = _lut((.998046875, 1.1875, 1.412109375, 1.6787109375), AcType(_N_FRAC + 2, 2, False))
_LOG2E = AcArray.from_float([1.44269504089], AcType(17, 3, True))[0]

# ac_reciprocal_pwl.h: 1/x on [0.5, 1) with 8 segments
_RECIP_M = _lut((-.22265625, -.1767578125, -.14453125, -.12109375, -.1025390625, -.087890625, -.0751953125,
                 -.06640625), AcType(_N_FRAC, 0, True))
_RECIP_C = _lut((1.9970703125, 1.7744140625, 1.59765625, 1.453125, 1.33203125, 1.2294921875, 1.1416015625,
                 1.06640625), AcType(_N_FRAC + 2, 2, False))


def ac_pow2_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_pow2_pwl<AC_TRN>(input, output)`` (``ac_pow_pwl.h``), ``out_t`` unsigned."""
    t = x.type
    fb = max(t.width - t.integer, 1)
    frac_part = _low_bits(x, fb) if t.width > t.integer else AcArray.from_float(np.zeros(x.shape), AcType(1, 0, False))
    sc = max(1, min(_N_FRAC, t.width - t.integer - 2))
    x_in_sc = (frac_part * 4).cast(AcType(sc + 2, 2, False))
    frac = _low_bits(x_in_sc, sc)
    index = np.asarray(x_in_sc.to_int()).astype(np.int64) & 3
    pwl_t = AcType(sc + _N_FRAC + 1, 1, False)
    out = (AcArray._trusted(_POW2_M.raw[index], _POW2_M.type) * frac
           + AcArray._trusted(_POW2_C.raw[index], _POW2_C.type)).cast(pwl_t)
    if not t.signed and t.integer <= 0:
        return out.cast(out_t)
    return ac_shift_left(out, x.to_int(), out_t)


def ac_exp_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_exp_pwl<AC_TRN>(input, output)``: ``ac_pow2_pwl(input * log2(e))`` with the
    product in ``comp_pii_exp<W,I,S,12>::pit_t``."""
    t = x.type
    pit_i = t.integer + 1
    pit_w = t.width + 1 if t.width - t.integer > 12 else pit_i + 12
    return ac_pow2_pwl((x * _LOG2E).cast(AcType(pit_w, pit_i, t.signed)), out_t)


def ac_normalize(x: AcArray) -> tuple[AcArray, np.ndarray]:
    """``ac_math::ac_normalize`` of an unsigned ``ac_fixed<W,I,false>``: ``(normalized, expret)`` with
    ``normalized`` an ``ac_fixed<W,0,false>`` in [0.5, 1) and ``x == normalized * 2**expret``
    (0 -> 0 and 0)."""
    t = x.type
    if t.signed:
        raise ValueError("ac_normalize of a signed input is not simulated")
    r = _pyint(x.raw)
    lz = np.frompyfunc(lambda v: t.width - v.bit_length(), 1, 1)(r)
    norm = np.frompyfunc(lambda v, k: (v << k) & ((1 << t.width) - 1), 2, 1)(r, lz)
    nt = AcType(t.width, 0, False)
    raw = norm.astype(np.int64) if nt.fits_int64 else np.asarray(norm, dtype=object)
    expret = np.where(r != 0, t.integer - lz, 0).astype(np.int64)
    return AcArray._trusted(raw, nt), expret


def ac_reciprocal_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_reciprocal_pwl<AC_TRN>(input, output)`` for an unsigned input (what
    ``ac_softmax_pwl`` and ``ac_softsign_pwl`` use); 0 -> the largest ``out_t``."""
    t = x.type
    if t.signed:
        raise ValueError("ac_reciprocal_pwl of a signed input is not simulated")
    norm, expret = ac_normalize(x)
    sc = max(1, min(_N_FRAC, t.width - 4))
    x_in_sc = ((norm - AcArray([512], AcType(_N_FRAC, 0, False))[0]) * 16).cast(AcType(3 + sc, 3, False))
    frac = _low_bits(x_in_sc, sc)
    index = np.asarray(x_in_sc.to_int()).astype(np.int64) & 7
    pwl_t = AcType(sc + _N_FRAC + 1 + int(out_t.signed), 1 + int(out_t.signed), out_t.signed)
    out = (AcArray._trusted(_RECIP_M.raw[index], _RECIP_M.type) * frac
           + AcArray._trusted(_RECIP_C.raw[index], _RECIP_C.type)).cast(pwl_t)
    res = ac_shift_right(out, expret, out_t)
    zero = np.asarray(x == 0)
    raw = np.where(zero, out_t.max_raw, res.raw)
    return AcArray._trusted(np.asarray(raw, dtype=np.asarray(res.raw).dtype), out_t)


def ac_softmax_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_softmax_pwl<AC_TRN>(input, output)`` over the last axis (K values), default
    intermediate types: ``ac_exp_pwl`` of each input (no max subtraction) into ``T_exp``, the sum in
    ``T_sum``, ``ac_reciprocal_pwl`` into ``T_recip``, ``output[i] = recip * exp[i]``; ``out_t``
    unsigned."""
    t = x.type
    k = x.shape[-1]
    exp_frac = max(1, min(10, t.width - t.integer - 2)) + 10
    if t.integer - int(t.signed) < 0:
        raise ValueError(f"ac_softmax_pwl of {t}: 1 << (I - S) with a negative shift is undefined in C++")
    exp_int = int(1.443 * float(1 << (t.integer - int(t.signed)))) + 1
    if exp_int > 64:
        raise ValueError(f"ac_softmax_pwl of {t} does not compile (static_assert: {exp_int} exp integer bits > 64)")
    exp_t = AcType(exp_frac + exp_int, exp_int, False)
    lk = (k - 1).bit_length()
    sum_t = AcType(exp_t.width + lk, exp_int + lk, False)
    recip_t = AcType(sum_t.width + 20, sum_t.width - sum_t.integer + 1, False)
    e = ac_exp_pwl(x, exp_t)
    total = AcArray.from_float(np.zeros(x.shape[:-1]), sum_t)
    for i in range(k):
        total = (total + e[..., i]).cast(sum_t)
    recip = ac_reciprocal_pwl(total, recip_t)
    cols = [(recip * e[..., i]).cast(out_t) for i in range(k)]
    return AcArray._trusted(np.stack([np.asarray(c.raw) for c in cols], axis=-1), out_t)


def _pii(width: int, integer: int, signed: bool) -> AcType:
    """``comp_pii_exp<W, I, S, 12>::pit_t`` (``ac_pow_pwl.h``)."""
    pit_i = integer + 1
    return AcType(width + 1 if width - integer > 12 else pit_i + 12, pit_i, signed)


def ac_elu_pwl(x: AcArray, out_t: AcType, alpha: AcArray) -> AcArray:
    """``ac_math::ac_elu_pwl(input, output, alpha)`` (``ac_elu_pwl.h``): ``input`` where it is >= 0,
    else ``alpha * (exp_pwl(input) - 1)`` with the exponential in the header's ``out_pow_type``;
    ``alpha`` is one value (an AcArray scalar)."""
    t = x.type
    pit = _pii(t.width, abs(t.integer), t.signed)
    sc = max(1, min(_N_FRAC, pit.width - pit.integer - 2))
    pow_i = (pit.integer + 1) * pit.integer
    out_pow = ac_exp_pwl(x, AcType(pow_i + sc + _N_FRAC, pow_i, False))
    neg = (alpha * (out_pow - AcArray([1], AcType(1, 1, False))[0])).cast(out_t)
    return AcArray._trusted(np.where(np.asarray(x >= 0), x.cast(out_t).raw, neg.raw), out_t)


_SELU_LAMBDA = AcArray.from_float([1.0507009873554804934193349852946], AcType(22, 2, False))[0]
_SELU_ALPHA = AcArray.from_float([1.6732632423543772848170429916717], AcType(22, 2, False))[0]


def ac_selu_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_selu_pwl(input, output)`` (``ac_selu_pwl.h``): ``lambda * input`` for input >= 0,
    else ``lambda * out_elu`` with ``out_elu`` the ``ac_elu_pwl`` of ``alpha`` in ``out_t``."""
    pos = (_SELU_LAMBDA * x).cast(out_t)
    neg = (_SELU_LAMBDA * ac_elu_pwl(x, out_t, _SELU_ALPHA)).cast(out_t)
    return AcArray._trusted(np.where(np.asarray(x >= 0), pos.raw, neg.raw), out_t)


def ac_softsign_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_softsign_pwl(input, output)`` (``ac_softsign_pwl.h``):
    ``input * reciprocal_pwl(|input| + 1)``."""
    t = x.type
    sc = max(1, min(_N_FRAC, t.width - 4))
    x_abs, _ = _magnitude(x)
    iw = abs(t.integer)
    ww = t.width + iw if t.width < iw else t.width
    rec_inp = (x_abs + 1).cast(AcType(ww + 1, iw + 1, False))
    out_rec = ac_reciprocal_pwl(rec_inp, AcType(sc + _N_FRAC + 1, 1, out_t.signed))
    return (x * out_rec).cast(out_t)



# ac_log_pwl.h: log2 on [0.5, 1) with 8 segments, 11 fractional bits
_LOG2_M = _lut((.169921875, .1513671875, .13720703125, .125, .115234375, .1064453125, .099609375, .09326171875),
               AcType(10, -1, False))
_LOG2_C = _lut((-.99853515625, -.82861328125, -.67724609375, -.53955078125, -.41455078125, -.298828125,
                -.1923828125, -.0927734375), AcType(13, 2, True))
_LN2 = AcArray.from_float([0.693145751953125], AcType(12, 0, False))[0]
_C_INT = AcType(32, 32, True, is_int=True)


def _nbits(x: int) -> int:
    """``ac::nbits<X>::val`` (1 for 0)."""
    return max(int(x).bit_length(), 1)


def _min_of(t: AcType, shape: tuple[int, ...]) -> np.ndarray:
    return np.full(shape, t.min_raw, dtype=np.int64 if t.fits_int64 else object)


def ac_log2_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_log2_pwl(input, output)`` (``ac_log_pwl.h``, ``call_normalize`` true) of an
    unsigned input; 0 -> the smallest ``out_t``."""
    if x.type.signed:
        raise ValueError("ac_log2_pwl of a signed input does not compile")
    norm, expret = ac_normalize(x)
    n_frac = 11
    input_sc = ((norm - AcArray([1], AcType(1, 0, False))[0]) * 16).cast(AcType(n_frac + 3, 3, False))
    frac = _low_bits(input_sc, n_frac)
    index = np.asarray(input_sc.to_int()).astype(np.int64) & 7
    t = (AcArray._trusted(_LOG2_M.raw[index], _LOG2_M.type) * frac
         + AcArray._trusted(_LOG2_C.raw[index], _LOG2_C.type)).cast(AcType(2 * n_frac + 1, 1, True))
    t2 = (t + AcArray._trusted(expret, _C_INT)).cast(out_t)
    zero = np.asarray(x == 0)
    return AcArray._trusted(np.where(zero, _min_of(out_t, zero.shape), t2.raw), out_t)


def ac_log_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_log_pwl(input, output)``: ``log2_pwl(input)`` (in ``ac_fixed<22+tI, tI, true>``)
    times ``ln2 = ac_fixed<12,0,false>(0.693145751953125)``; 0 -> the smallest ``out_t``."""
    t = x.type
    t_i = max(_nbits(max(t.width - t.integer, 0)), _nbits(max(t.integer, 0))) + 1
    tmp = ac_log2_pwl(x, AcType(22 + t_i, t_i, True))
    out = (tmp * _LN2).cast(out_t)
    zero = np.asarray(x == 0)
    return AcArray._trusted(np.where(zero, _min_of(out_t, zero.shape), out.raw), out_t)


def ac_softplus_pwl(x: AcArray, out_t: AcType) -> AcArray:
    """``ac_math::ac_softplus_pwl(input, output)`` (``ac_softplus_pwl.h``), ``out_t`` unsigned:
    ``log_pwl(exp_pwl(input) + 1)`` with the header's intermediate types."""
    t = x.type
    pit = _pii(t.width, abs(t.integer), t.signed)
    sc = max(1, min(_N_FRAC, pit.width - pit.integer - 2))
    pow_i = (pit.integer + 1) * pit.integer
    pow_t = AcType(pow_i + sc + _N_FRAC, pow_i, False)
    out_pow = ac_exp_pwl(x, pow_t)
    inp_log = (out_pow + 1).cast(AcType(pow_t.width + 1, pow_t.integer + 1, False))
    return ac_log_pwl(inp_log, out_t)
