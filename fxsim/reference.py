"""Reference path: a line-by-line transliteration of the headers' conversions on Python ints.

Mirrors, from hls4ml's ``templates/vivado/ap_types``:

- ``ap_fixed_base::operator=(const ap_fixed_base<W2,I2,S2,…>&)``  -> :func:`fixed_from_fixed`
- ``ap_fixed_base::ap_fixed_base(double)``                        -> :func:`fixed_from_double`
- ``ap_int_base::ap_int_base(double)``                            -> :func:`int_from_double`
- ``ap_fixed_base::to_ap_int_base()`` + ``ap_int_base(ap_fixed)``  -> :func:`int_from_fixed`
- ``ap_fixed_base::overflow_adjust`` / ``quantization_adjust``

It works for any width (Python ints), is slow, and is meant to be read side by side with
``ap_fixed_base.h``; the Numba fast paths in ``fxsim.kernels.quantize`` are tested against it and
both against the compiled headers. A register ``V`` of ``W`` bits is held canonically: signed
registers as their two's-complement value, unsigned as their non-negative value.

>>> fixed_from_double(0.1, 8, 3, True, "AP_RND_CONV", "AP_SAT", 0)
3
>>> int_from_double(-0.25, 8, True)   # the headers' quirk: ap_int<8>(-0.25) == 1
1
"""

from __future__ import annotations

import struct

DOUBLE_MAN = 52
DOUBLE_BIAS = 1023
FLOAT_MAN = 23
FLOAT_BIAS = 127


def wrap(v: int, w: int, signed: bool) -> int:
    """``v`` stored into a ``w``-bit register (two's-complement wrap)."""
    m = v & ((1 << w) - 1)
    if signed and m >> (w - 1):
        m -= 1 << w
    return m


def _bit(v: int, k: int) -> int:
    return (v >> k) & 1


def _range(v: int, lo: int, hi: int) -> int:
    """``_AP_ROOT_op_get_range(v, lo, hi)``: bits lo..hi as an unsigned value."""
    return (v >> lo) & ((1 << (hi - lo + 1)) - 1)


def _set_bit(v: int, k: int, b: int, w: int, signed: bool) -> int:
    u = v & ((1 << w) - 1)
    u = (u | (1 << k)) if b else (u & ~(1 << k))
    return wrap(u, w, signed)


def _set_range(v: int, lo: int, hi: int, val: int, w: int, signed: bool) -> int:
    n = hi - lo + 1
    mask = ((1 << n) - 1) << lo
    u = (v & ((1 << w) - 1) & ~mask) | ((val << lo) & mask)
    return wrap(u, w, signed)


def quantization_adjust(v: int, qb: bool, r: bool, s: bool, w: int, signed: bool, q: str) -> tuple[int, bool]:
    """``ap_fixed_base::quantization_adjust``: returns (new V, carry)."""
    carry = bool(_bit(v, w - 1))
    if q == "AP_TRN":
        return v, False
    if q == "AP_RND_ZERO":
        qb = qb and (s or r)
    elif q == "AP_RND_MIN_INF":
        qb = qb and r
    elif q == "AP_RND_INF":
        qb = qb and (not s or r)
    elif q == "AP_RND_CONV":
        qb = qb and (bool(_bit(v, 0)) or r)
    elif q == "AP_TRN_ZERO":
        qb = s and (qb or r)
    v = wrap(v + int(qb), w, signed)
    return v, carry and not _bit(v, w - 1)


def overflow_adjust(v: int, underflow: bool, overflow: bool, lD: bool, sign: bool,  # noqa: N803
                    w: int, signed: bool, o: str, n: int) -> int:
    """``ap_fixed_base::overflow_adjust``."""
    if not underflow and not overflow:
        return v
    if o == "AP_WRAP":
        if n == 0:
            return v
        if signed:
            v = _set_bit(v, w - 1, sign, w, signed)
            if n > 1:
                mask = 0 if sign else (1 << w) - 1
                v = _set_range(v, w - n, w - 2, mask, w, signed)
        else:
            v = _set_range(v, w - n, w - 1, (1 << w) - 1, w, signed)
        return v
    if o == "AP_SAT_ZERO":
        return 0
    if o == "AP_WRAP_SM" and signed:
        ro = _bit(v, w - 1)
        if n == 0:
            if lD != ro:
                v = wrap(~v, w, signed)
                v = _set_bit(v, w - 1, lD, w, signed)
        else:
            if n == 1 and sign != ro:
                v = wrap(~v, w, signed)
            elif n > 1:
                lno = _bit(v, w - n)
                if lno == sign:
                    v = wrap(~v, w, signed)
                mask = 0 if sign else (1 << w) - 1
                v = _set_range(v, w - n, w - 2, mask, w, signed)
            v = _set_bit(v, w - 1, sign, w, signed)
        return v
    if signed:
        if overflow:
            return (1 << (w - 1)) - 1
        if underflow:
            v = -(1 << (w - 1))
            if o == "AP_SAT_SYM":
                v |= 1
            return v
        return v
    if overflow:
        return (1 << w) - 1
    return 0 if underflow else v


def fixed_from_fixed(v2: int, w2: int, i2: int, s2: bool,
                     w: int, i: int, s: bool, q: str, o: str, n: int) -> int:
    """``ap_fixed<W,I,S,Q,O,N> = ap_fixed<W2,I2,S2>`` (``operator=``), raw in, raw out."""
    f, f2 = w - i, w2 - i2
    quan_inc = f2 > f and not (q == "AP_TRN" or (q == "AP_TRN_ZERO" and not s2))
    carry = False
    signbit = bool(_bit(v2, w2 - 1))
    isneg = signbit and s2
    if f2 == f:
        v = wrap(v2, w, s)
    elif f2 > f:
        sh = f2 - f
        v = wrap(v2 >> sh, w, s) if sh < w2 else wrap(-1 if isneg else 0, w, s)
        if q != "AP_TRN" and not (q == "AP_TRN_ZERO" and not s2):
            qb = (s2 and signbit) if f2 - f > w2 else bool(_bit(v2, f2 - f - 1))
            hi = f2 - f - 2 if f2 - f - 2 < w2 else w2 - 1
            r = _range(v2, 0, hi) != 0 if f2 > f + 1 else False
            v, carry = quantization_adjust(v, qb, r, isneg, w, s, q)
    else:
        sh = f - f2
        v = wrap(v2 << sh, w, s) if sh < w else 0
    if (o != "AP_WRAP" or n != 0) and (
        (not s and s2) or i - s < i2 - s2 + int(quan_inc or (s2 and o == "AP_SAT_SYM"))
    ):
        deleted_zeros = True if s2 else not carry
        deleted_ones = True
        neg_src = isneg
        newsignbit = bool(_bit(v, w - 1))
        pos1 = f2 - f + w
        pos2 = f2 - f + w + 1
        lD = bool(_bit(v2, pos1)) if 0 <= pos1 < w2 else False  # noqa: N806
        if pos1 < w2:
            range1_all_ones = True
            range1_all_zeros = True
            range2_all_ones = True
            all_ones = (1 << w2) - 1
            if 0 <= pos2 < w2:
                range2_all_ones = _range(v2, pos2, w2 - 1) == (all_ones >> pos2)
            elif pos2 < 0:
                range2_all_ones = False
            if pos1 >= 0 and pos2 < w2:
                range1 = _range(v2, pos1, w2 - 1)
                range1_all_ones = range1 == (all_ones >> pos1)
                range1_all_zeros = range1 == 0
            elif pos2 == w2:
                range1_all_ones = lD
                range1_all_zeros = not lD
            elif pos1 < 0:
                range1_all_zeros = v2 == 0
                range1_all_ones = False
            deleted_zeros = deleted_zeros and (range1_all_ones if carry else range1_all_zeros)
            deleted_ones = (range2_all_ones and (pos1 < 0 or not lD)) if carry else range1_all_ones
            neg_src = isneg and not (carry and range1_all_ones)
        else:
            neg_src = isneg and newsignbit
        neg_trg = s and newsignbit
        overflow = (neg_trg or not deleted_zeros) and not isneg
        underflow = (not neg_trg or not deleted_ones) and neg_src
        if o == "AP_SAT_SYM" and s2 and s:
            underflow = underflow or (neg_src and (_range(v, 0, w - 2) == 0 if w > 1 else True))
        v = overflow_adjust(v, underflow, overflow, lD, neg_src, w, s, o, n)
    return v


def double_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def _double_mantissa(x: float) -> tuple[int, int, bool]:
    """(man, exp, isneg) as the headers extract them: leading 1 always set, even for subnormals."""
    bits = double_bits(x)
    isneg = bool(bits >> 63)
    exp = ((bits >> DOUBLE_MAN) & 0x7FF) - DOUBLE_BIAS
    man = (bits & ((1 << DOUBLE_MAN) - 1)) | (1 << DOUBLE_MAN)
    return man, exp, isneg


def fixed_from_double(x: float, w: int, i: int, s: bool, q: str, o: str, n: int) -> int:
    """``ap_fixed_base<W,I,S,Q,O,N>(double)``: the double is read as ``ap_fixed<54, exp+2>``."""
    if double_bits(x) & 0x7FFFFFFFFFFFFFFF == 0:
        return 0
    man, exp, isneg = _double_mantissa(x)
    if isneg:
        man = -man
    return fixed_from_fixed(man, DOUBLE_MAN + 2, exp + 2, True, w, i, s, q, o, n)


def int_from_double(x: float, w: int, s: bool) -> int:
    """``ap_int_base<W,S>(double)``: truncation toward zero, wrap; |x| < 0.5 negative gives +1."""
    if double_bits(x) & 0x7FFFFFFFFFFFFFFF == 0:
        return 0
    man, exp, isneg = _double_mantissa(x)
    return _int_from_mantissa(man, exp, isneg, DOUBLE_MAN, w, s)


def int_from_float(x: float, w: int, s: bool) -> int:
    """``ap_int_base<W,S>(float)``: as from double but with float's 23-bit mantissa and 8-bit
    exponent, which differs for inf/NaN when W > 105 (the mantissa lands inside the register)."""
    bits = struct.unpack("<I", struct.pack("<f", x))[0]
    if bits & 0x7FFFFFFF == 0:
        return 0
    man = (bits & ((1 << FLOAT_MAN) - 1)) | (1 << FLOAT_MAN)
    exp = ((bits >> FLOAT_MAN) & 0xFF) - FLOAT_BIAS
    return _int_from_mantissa(man, exp, bool(bits >> 31), FLOAT_MAN, w, s)


def _int_from_mantissa(man: int, exp: int, isneg: bool, man_bits: int, w: int, s: bool) -> int:
    sh = man_bits - exp
    if sh == 0:
        v = wrap(man, w, s)
    elif sh > 0:
        v = wrap(man >> sh, w, s) if sh < man_bits + 2 else wrap(-1 if isneg else 0, w, s)
    else:
        v = wrap(man << -sh, w, s) if -sh < w else 0
    return wrap(-v, w, s) if isneg else v


def int_from_fixed(v2: int, w2: int, i2: int, s2: bool, w: int, s: bool) -> int:
    """``ap_int_base<W,S> = ap_fixed<W2,I2,S2>`` via ``to_ap_int_base()`` (C-native truncation)."""
    rw = max(i2, 1)
    if i2 == 0 or i2 < 0:
        ret = 0
    elif i2 <= w2:
        ret = _range(v2, w2 - i2, w2 - 1)
    else:
        ret = _range(v2, 0, w2 - 1) << (i2 - w2)
    ret = wrap(ret, rw, s2)
    if i2 < w2 and s2 and _bit(v2, w2 - 1):
        hi = w2 - 1 if i2 < 0 else w2 - i2 - 1
        if _range(v2, 0, hi) != 0:
            ret = wrap(ret + 1, rw, s2)
    return wrap(ret, w, s)


def fixed_to_double(v: int, w: int, i: int, s: bool) -> float:
    """``ap_fixed_base::to_double()``: round-half-even, but the biased exponent is written with no
    subnormal or overflow handling (values below 2**-1022 or from 2**1024 come out garbled)."""
    if v == 0:
        return 0.0
    neg = bool(s and _bit(v, w - 1))
    tmp = (-v if neg else v) & ((1 << w) - 1)
    lz = w - tmp.bit_length()
    e = i - lz - 1 + DOUBLE_BIAS
    lsb_index = w - lz - 1 - DOUBLE_MAN
    a = _range(tmp, 0, lsb_index - 2) != 0 if lsb_index >= 2 else False
    a = a or (bool(_bit(tmp, lsb_index)) if lsb_index >= 0 else False)
    m = (tmp >> (lsb_index - 1)) if lsb_index >= 1 else (tmp << (1 - lsb_index))
    m = ((m & 0xFFFFFFFFFFFFFFFF) + int(a)) & 0xFFFFFFFFFFFFFFFF
    m >>= 1
    if _bit(m, DOUBLE_MAN + 1):
        e += 1
    m = (m & ~(1 << 63)) | (int(neg) << 63)
    emask = ((1 << 11) - 1) << DOUBLE_MAN
    m = (m & ~emask) | ((e << DOUBLE_MAN) & emask)
    return struct.unpack("<d", struct.pack("<Q", m))[0]
