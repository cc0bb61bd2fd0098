"""Reference path for Algorithmic C types: a transliteration of ``ac_fixed.h``/``ac_int.h`` on Python ints.

Mirrors, from hls4ml's ``templates/catapult/ac_types/include`` (AC 4.8) and
``templates/quartus/ac_types`` (AC 4.0, the same code paths):

- ``ac_fixed::ac_fixed(const ac_fixed<W2,I2,S2,Q2,O2>&)``             -> :func:`fixed_from_fixed`
- ``ac_fixed::ac_fixed(double)`` + ``ac_private::iv_conv_from_fraction`` -> :func:`fixed_from_double`
- ``ac_int::ac_int(double)`` (``iv(double)``: floor, then wrap)         -> :func:`int_from_double`
- ``ac_fixed::quantization_adjust`` / ``overflow_adjust`` / ``bit_adjust``
- ``ac_fixed::to_double`` (``iv::to_double`` + ``ldexpr``)              -> :func:`fixed_to_double`
- ``ac_fixed::to_ac_int`` / ``to_int``                                 -> :func:`fixed_to_int`
- ``ac_fixed::to_string(AC_DEC)`` (what ``operator<<`` prints)          -> :func:`fixed_to_string`

A value lives in a container of ``N = (W+31+!S)/32`` 32-bit words, held here as one Python int
(the signed value of all ``32*N`` bits). ``bit_adjust`` sign/zero-extends bit ``W-1``, so a stored
value equals its raw value as fxsim keeps it. Double arithmetic is Python's (IEEE binary64, as
g++ on x86-64 computes it); the undefined float->int conversions of non-finite inputs follow x86's
``cvttsd2si`` (NaN and out-of-range give the "integer indefinite" value).

>>> fixed_from_double(0.1, 8, 3, True, "AC_RND_CONV", "AC_SAT")
3
>>> fixed_from_double(float("inf"), 8, 3, True, "AC_RND", "AC_WRAP")   # x86: +1 LSB
1
>>> int_from_double(-0.3, 8, True)    # ac_int floors
-1
>>> fixed_to_string(-8, 16, 6, True)  # -0.0078125, no leading zero
'-.0078125'
"""

from __future__ import annotations

import math

TWO32 = 4294967296.0
_M32 = 0xFFFFFFFF


# ------------------------------------------------------------------------------------ containers
def n_words(w: int, s: bool) -> int:
    """``N = (W+31+!S)/32``: 32-bit words in the container."""
    return (w + 31 + (not s)) // 32


def _signed(u: int, bits: int) -> int:
    u &= (1 << bits) - 1
    return u - (1 << bits) if u >> (bits - 1) else u


def bit_adjust(v: int, w: int, s: bool) -> int:
    """Sign (S) or zero (!S) extension of bit ``W-1`` over the container: the raw value."""
    return _signed(v, w) if s else v & ((1 << w) - 1)


def _word(v: int, i: int) -> int:
    """Signed 32-bit word ``i`` of the container (beyond it: the sign extension; below it, which
    the headers read only in casts they leave undefined, see :func:`cast_defined`: 0)."""
    return _signed(v >> (32 * i), 32) if i >= 0 else 0


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncation toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _words_zero(v: int, first: int, count: int) -> bool:
    return all(_word(v, first + k) == 0 for k in range(max(count, 0)))


def _words_ones(v: int, first: int, count: int) -> bool:
    return all(_word(v, first + k) == -1 for k in range(max(count, 0)))


def equal_zeros_from(b: int, n: int, v: int) -> bool:
    """``ac_private::iv_equal_zeros_from<B,N>``: bits B.. of the container are zero."""
    if (b >= 32 * n and _word(v, n - 1) < 0) or (b & 31 and (_word(v, _cdiv(b, 32)) >> (b & 31))):
        return False
    return _words_zero(v, _cdiv(b + 31, 32), n - _cdiv(b + 31, 32))


def equal_ones_from(b: int, n: int, v: int) -> bool:
    """``ac_private::iv_equal_ones_from<B,N>``: bits B.. of the container are one."""
    if (b >= 32 * n and _word(v, n - 1) >= 0) or (b & 31 and ~(_word(v, _cdiv(b, 32)) >> (b & 31))):
        return False
    return _words_ones(v, _cdiv(b + 31, 32), n - _cdiv(b + 31, 32))


def equal_zeros_to(b: int, n: int, v: int) -> bool:
    """``ac_private::iv_equal_zeros_to<B,N>``: bits 0..B-1 of the container are zero."""
    if (b >= 32 * n and _word(v, n - 1) < 0) or (b & 31 and (_word(v, _cdiv(b, 32)) & ~(-1 << (b & 31)))):
        return False
    return _words_zero(v, 0, _cdiv(b, 32))


def uadd_carry(v: int, inc: int, n: int) -> tuple[int, bool]:
    """``ac_private::iv_uadd_carry<N>``: ``v + inc`` over ``32*N`` bits, and the carry out."""
    u = (v & ((1 << (32 * n)) - 1)) + inc
    return _signed(u, 32 * n), bool(u >> (32 * n))


# ------------------------------------------------------------------------------------ modes
def quantization_adjust(v: int, qb: bool, r: bool, s: bool, n: int, q: str) -> tuple[int, bool]:
    """``ac_fixed::quantization_adjust``: the (possibly modified) ``qb`` added at the LSB."""
    if q == "AC_TRN":
        return v, False
    if q == "AC_RND_ZERO":
        qb = qb and (s or r)
    elif q == "AC_RND_MIN_INF":
        qb = qb and r
    elif q == "AC_RND_INF":
        qb = qb and (not s or r)
    elif q == "AC_RND_CONV":
        qb = qb and (bool(v & 1) or r)
    elif q == "AC_RND_CONV_ODD":
        qb = qb and (not (v & 1) or r)
    elif q == "AC_TRN_ZERO":
        qb = s and (qb or r)
    return uadd_carry(v, int(qb), n)


def overflow_adjust(v: int, overflow: bool, neg: bool, w: int, s: bool, o: str) -> int:
    """``ac_fixed::overflow_adjust``: saturate (or zero) on overflow, else ``bit_adjust``."""
    if o == "AC_WRAP" or not overflow:
        return bit_adjust(v, w, s)
    if o == "AC_SAT_ZERO":
        return 0
    if s:
        if not neg:
            return (1 << (w - 1)) - 1
        lo = -(1 << (w - 1))
        return lo | 1 if o == "AC_SAT_SYM" else lo
    return 0 if neg else (1 << w) - 1


def _deleted_bits(v: int, w: int, s: bool, n: int) -> tuple[bool, bool]:
    """``deleted_bits_zero`` / ``deleted_bits_one``: container bits above W-1 all 0 / all 1."""
    if not (w & 31) and s:
        return True, True
    top = _word(v, n - 1) >> (w & 31)
    return top == 0, top == -1


# ------------------------------------------------------------------------------------ fixed = fixed
def fixed_from_fixed(v2: int, w2: int, i2: int, s2: bool, o2: str,
                     w: int, i: int, s: bool, q: str, o: str) -> int:
    """``ac_fixed<W,I,S,Q,O> y = ac_fixed<W2,I2,S2,Q2,O2>(raw v2)``; raw in, raw out.

    ``o2`` (the source's overflow mode) matters: a source that is itself ``AC_SAT_SYM`` skips the
    symmetric-saturation test when no fraction bits are dropped.
    """
    n, n2 = n_words(w, s), n_words(w2, s2)
    f, f2 = w - i, w2 - i2
    quan_inc = f2 > f and not (q == "AC_TRN" or (q == "AC_TRN_ZERO" and not s2))
    carry = False
    op_neg = s2 and v2 < 0  # op.v[N2-1] < 0 (an unsigned container is never negative)
    if f2 == f:
        v = _signed(v2, 32 * n)
    elif f2 > f:
        v = _signed(v2 >> (f2 - f), 32 * n)
        if q != "AC_TRN" and not (q == "AC_TRN_ZERO" and not s2):
            qb = op_neg if f2 - f > w2 else bool((v2 >> (f2 - f - 1)) & 1)
            r = not equal_zeros_to(f2 - f - 1, n2, v2) if f2 > f + 1 else False
            v, carry = quantization_adjust(v, qb, r, op_neg, n, q)
    else:
        v = _signed(v2 << (f - f2), 32 * n)
    sym = s2 and o == "AC_SAT_SYM" and (o2 != "AC_SAT_SYM" or f2 > f)
    if o != "AC_WRAP" and ((not s and s2) or i - s < i2 - s2 + int(quan_inc or sym)):
        dz, do = _deleted_bits(v, w, s, n)
        b = f2 - f + 32 * n
        if b < w2:
            all_ones = equal_ones_from(b, n2, v2)
            dz = dz and (all_ones if carry else equal_zeros_from(b, n2, v2))
            do = do and ((equal_ones_from(1 + b, n2, v2) and not (v2 >> b) & 1) if carry else all_ones)
            neg_src = op_neg and not (carry and all_ones)
        else:
            neg_src = op_neg and v < 0
        neg_trg = s and bool((v >> (w - 1)) & 1)
        overflow = (not neg_src and (neg_trg or not dz)) or (neg_src and (not neg_trg or not do))
        if o == "AC_SAT_SYM" and s and s2:
            overflow = overflow or (neg_src and (equal_zeros_to(w - 1, n, v) if w > 1 else True))
        return overflow_adjust(v, overflow, neg_src, w, s, o)
    return bit_adjust(v, w, s)


def cast_defined(w2: int, i2: int, s2: bool, w: int, i: int, s: bool, saturates: bool) -> bool:
    """False where ``ac_fixed(const ac_fixed<W2,…>&)`` reads the source at a negative word index
    (``iv_equal_ones_from<F2-F+32*N>`` with a negative bound: the destination's LSB lies more than
    its whole container above the source's). The value itself is then 0 (every source bit is
    shifted out) but the overflow test reads stack memory; no hls4ml type gets near this."""
    return not (saturates and (w2 - i2) - (w - i) + 32 * n_words(w, s) < 0)


# ------------------------------------------------------------------------------------ from double
def _cvtt_u32(x: float) -> int:
    """``(unsigned int) x`` as g++ emits it on x86-64 (64-bit ``cvttsd2si``, low 32 bits)."""
    if not math.isfinite(x) or abs(x) >= 2.0**63:
        return 0
    return int(x) & _M32


def _cvtt_i32(x: float) -> int:
    """``(int) x`` on x86-64 (``cvttsd2si``): NaN and out-of-range give ``INT_MIN``."""
    if not math.isfinite(x) or not -(2.0**31) <= x < 2.0**31:
        return -(1 << 31)
    return int(x)


def _floor(x: float) -> float:
    return x if not math.isfinite(x) else float(math.floor(x))


def ldexpr32(d: float, k: int) -> float:
    """``ac_private::ldexpr32<K>``: ``k`` multiplications (or divisions) by ``2**32``."""
    for _ in range(abs(k)):
        d = d * TWO32 if k > 0 else d / TWO32
    return d


def ldexpr(d: float, k: int) -> float:
    """``ac_private::ldexpr<K>``: a division/multiplication by ``2**(K&31)``, then ``ldexpr32``
    (each step rounded to double: tiny values can flush toward zero)."""
    d = d / float(1 << (-k & 31)) if k < 0 else d * float(1 << (k & 31))
    return ldexpr32(d, _cdiv(k, 32))


def conv_from_fraction(d: float, n: int) -> tuple[int, bool, bool, bool]:
    """``ac_private::iv_conv_from_fraction<N>``: (container, qb, rbits, o) of the fraction of ``d``."""
    b = d < 0
    d2 = -d if b else d
    dfloor = _floor(d2)
    o = dfloor != 0.0
    d2 = d2 - dfloor
    u = 0
    for _ in range(n):
        d2 *= TWO32
        k = _cvtt_u32(d2)
        u = (u << 32) | ((~k & _M32) if b else k)
        d2 -= k
    d2 *= 2
    k = _cvtt_i32(d2) != 0
    d2 -= k
    rbits = d2 != 0.0
    qb = (b and rbits) ^ k
    v = _signed(u, 32 * n)
    if b and not rbits and not qb:
        v, _ = uadd_carry(v, 1, n)
    o = o or (b ^ (v < 0))
    return v, qb, rbits, o


def fixed_from_double(d: float, w: int, i: int, s: bool, q: str, o: str) -> int:
    """``ac_fixed<W,I,S,Q,O>(double d)``; returns the raw value."""
    n = n_words(w, s)
    di = ldexpr(d, -(i + (not s) + ((32 - w - (not s)) & 31)))
    v, qb, r, ovf = conv_from_fraction(di, n)
    neg_src = d < 0
    v, _ = quantization_adjust(v, qb, r, neg_src, n, q)
    neg_src = neg_src and (ovf or v < 0)
    if o == "AC_WRAP":
        return bit_adjust(v, w, s)
    neg_trg = s and bool((v >> (w - 1)) & 1)
    if ovf:
        overflow = True
    else:
        dz, do = _deleted_bits(v, w, s, n)
        overflow = (not neg_src and (neg_trg or not dz)) or (neg_src and (not neg_trg or not do))
    if o == "AC_SAT_SYM" and s:
        overflow = overflow or (neg_src and (equal_zeros_to(w - 1, n, v) if w > 1 else True))
    return overflow_adjust(v, overflow, neg_src, w, s, o)


def int_from_double(d: float, w: int, s: bool) -> int:
    """``ac_int<W,S>(double d)``: ``iv(double)`` (floor of ``d``, every container bit) + ``bit_adjust``."""
    n = n_words(w, s)
    v, _, _, _ = conv_from_fraction(ldexpr32(d, -n), n)
    return bit_adjust(v, w, s)


# ------------------------------------------------------------------------------------ to C types
def container_to_double(v: int, w: int, s: bool) -> float:
    """``ac_private::iv<N>::to_double``: Horner over the words, each step rounded to double."""
    n = n_words(w, s)
    a = float(_word(v, n - 1))
    for k in range(n - 2, -1, -1):
        a *= TWO32
        a += float((v >> (32 * k)) & _M32)
    return a


def fixed_to_double(v: int, w: int, i: int, s: bool) -> float:
    """``ac_fixed::to_double()``: the container as a double, then ``ldexpr<I-W>``."""
    return ldexpr(container_to_double(v, w, s), i - w)


def fixed_to_int(v: int, w: int, i: int, s: bool, bits: int = 32) -> int:
    """``to_ac_int()`` (floor, wrap to ``max(I,1)`` bits) read as a ``bits``-bit C integer of the
    type's signedness (``to_int``: 32 signed; ``to_int64``: 64)."""
    if i - w >= bits:
        return 0
    iw = max(i, 1)
    a = fixed_from_fixed(v, w, i, s, "AC_WRAP", iw, iw, s, "AC_TRN", "AC_WRAP")
    return _signed(a, bits) if s or bits == 32 else a & ((1 << bits) - 1)


# ------------------------------------------------------------------------------------ printing
def fixed_to_string(v: int, w: int, i: int, s: bool) -> str:
    """``ac_fixed::to_string(AC_DEC)``: sign, integer digits (none when 0), ``.``, every fraction
    digit with trailing zeros trimmed; ``0`` for zero. This is what ``operator<<`` prints.
    A zero fraction of more than 32 bits prints as ``.0`` (``16.0``, ``.0`` for zero).

    >>> fixed_to_string(1 << 48, 96, 48, True), fixed_to_string(0, 96, 48, True)
    ('1.0', '.0')
    """
    neg = s and v < 0
    mag = -v if neg else v
    f = w - i
    ipart = mag >> f if f >= 0 else mag << -f
    out = ("-" if neg else "") + (str(ipart) if ipart else "")
    if f > 0:
        fr = mag & ((1 << f) - 1)
        if fr:
            d = str(fr * 5**f)
            out += "." + ("0" * (f - len(d)) + d).rstrip("0")
        elif f > 32:
            # to_str<AC_DEC>(left_just) runs its digit loop while lsw < msw: one '0' for a zero
            # fraction of more than one word
            out += ".0"
    return out or "0"


def int_to_string(v: int) -> str:
    """``ac_int::to_string(AC_DEC)``: the plain decimal integer."""
    return str(v)
