"""Decimal text exactly as ``std::cout << x`` prints an ``ap_`` value, and the way back.

The headers print an ``ap_fixed``/``ap_ufixed`` with ``reduceToPrecision(x.to_string(10), precision)``
(``ap_fixed_base.h``): the exact decimal expansion of the value is cut to ``precision`` significant
digits by a string algorithm with quirks that differ from ``printf("%g")``:

* rounding is half-up on the digit string, but when the integer part has more than ``precision``
  digits the rounding digit is taken one place too far right (exactly ``precision + 1`` integer
  digits means plain truncation);
* a value whose exact expansion already has at most ``precision`` significant digits is printed
  unchanged, so ``1048576`` prints as ``1048576`` at precision 6 while ``1048576.5`` prints
  ``1.04858e+06``;
* stream flags (``std::fixed``, ``std::scientific``, ``std::showpos``) are ignored;
* for ``I > W`` the integer part is garbled (the headers read a bit range with a negative bound):
  the printed integer is ``(|V| << (I - W)) mod 2**(W + 1)``.

``ap_int``/``ap_uint`` print their plain decimal integer and ignore the precision.

hls4ml's testbench writes ``tb_data/csim_results.log`` with ``nnet::print_result``: each output
value followed by one space, then ``std::endl`` — see :func:`format_log_line`.

>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<16,6>")
>>> format_raw([0, 1, -1, 32767, -32768, 1000], t)
['0', '0.000976563', '-0.000976563', '31.999', '-32', '0.976563']
>>> format_raw([32767, 1000], t, precision=3)
['32', '0.977']
>>> format_log_line(["0.5", "-0.25"])
'0.5 -0.25 \\n'
>>> candidates("0.977", t, 3).unique, candidates("32", t, 3).ambiguous
(True, True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # annotations only: fxsim.types sits above this module
    from fxsim.types import FixedType


__all__ = [
    "AmbiguousTextError",
    "Candidates",
    "ambiguous_mask",
    "candidates",
    "format_log_line",
    "format_one",
    "format_raw",
    "parse_decimal",
    "parse_values",
    "reduce_to_precision",
    "to_string10",
]

#: Precision of a freshly constructed ``std::ostream`` (what ``csim_results.log`` uses).
DEFAULT_PRECISION = 6


class AmbiguousTextError(ValueError):
    """A printed string that no raw value, or more than one, of the type prints as."""


# ======================================================================================== to_string
def to_string10(raw: int, t: FixedType) -> str:
    """``x.to_string(10)`` of the headers: the exact decimal expansion, no precision applied.

    >>> from fxsim.types import FixedType
    >>> to_string10(-3, FixedType(8, 3))
    '-0.09375'
    >>> to_string10(3, FixedType(4, 8))   # I > W: the headers garble the integer part
    '16'
    """
    if t.is_int:
        return str(raw)
    neg = t.signed and raw < 0
    mag = -raw if neg else raw
    f = t.width - t.integer
    head = "-" if neg else ""
    if t.integer <= 0:
        head += "0"
    elif f >= 0:
        head += str(mag >> f)
    else:  # range(W, W - I) of the (W+1)-bit temporary with a negative low bound
        head += str((mag << -f) & ((1 << (t.width + 1)) - 1))
    if f > 0:
        fr = mag & ((1 << f) - 1)
        if fr:
            return head + "." + _frac_digits(fr, f)
    return head


def _frac_digits(fr: int, f: int) -> str:
    """Decimal digits of ``fr / 2**f`` (0 < fr < 2**f) without trailing zeros."""
    d = str(fr * _pow5(f))
    return ("0" * (f - len(d)) + d).rstrip("0")


@cache
def _pow5(f: int) -> int:
    return 5**f


# ================================================================================ reduceToPrecision
def _scientific_format(s: str) -> str:
    """Port of the headers' ``scientificFormat`` (input has a nonzero digit and no sign)."""
    if not s:
        return s
    dec = s.find(".")
    if dec < 0:
        dec = len(s)
    first = _first_nonzero(s)
    exp = dec - first if first > dec else dec - first - 1
    if exp == 0:
        tail = ""
    elif exp < 0:
        tail = f"e-{-exp:02d}"
    else:
        tail = f"e+{exp:02d}"
    last = _last_nonzero(s)
    if first == last:
        return s[first] + tail
    return s[first] + "." + s[first + 1:last + 1].replace(".", "") + tail


_NONZERO = re.compile(r"[1-9]")


def _first_nonzero(s: str) -> int:
    m = _NONZERO.search(s)
    return m.start() if m else -1


def _last_nonzero(s: str) -> int:
    return max(s.rfind(c) for c in "123456789")


def reduce_to_precision(s: str, precision: int) -> str:
    """Port of the headers' ``reduceToPrecision(str, precision)``, quirks included.

    ``s`` is a canonical decimal string as :func:`to_string10` makes it.

    >>> reduce_to_precision("1234567.5", 6), reduce_to_precision("1230000000", 6)
    ('1.23456e+06', '1230000000')
    >>> reduce_to_precision("0.0000152587890625", 6)
    '1.52588e-05'
    """
    if precision < 1:
        raise ValueError(f"precision must be >= 1, got {precision} (precision 0 is undefined "
                         "behaviour in the headers)")
    n = len(s)
    first = _first_nonzero(s)
    if first < 0:
        # "0" and the I > W case "-0" (the headers scan past the string there; it prints "-0").
        return "0" if s.strip("0.") == "" else s
    last = _last_nonzero(s)
    dec = s.find(".")
    if dec < 0:
        dec = n
    if dec > last:
        if last - first + 1 <= precision:
            return s
        trunc = first + precision
    elif dec < first:
        if last - first + 1 <= precision:
            if first - dec - 1 < 4:
                return s
            if s[0] == "-":
                return "-" + _scientific_format(s[1:])
            return _scientific_format(s)
        trunc = first + precision
    else:
        if last - first <= precision:
            return s
        trunc = first + precision + 1

    if s[0] == "-":
        ans = "-"
        dup = list("0" + s[1:])
    else:
        ans = ""
        dup = list("0" + s)
        trunc += 1

    carry = trunc < len(dup) and dup[trunc] > "4"
    i = trunc - 1
    while i >= 0 and carry:
        c = dup[i]
        if c != ".":
            if c == "9":
                dup[i] = "0"
            else:
                dup[i] = chr(ord(c) + 1)
                carry = False
        i -= 1

    if dup[0] == "1":
        first = 0
    else:
        first = 0
        while not "1" <= dup[first] <= "9":
            first += 1
    nvalid = 0
    for it in range(first, len(dup)):
        if dup[it] == ".":
            continue
        nvalid += 1
        if nvalid > precision:
            dup[it] = "0"
    d = "".join(dup)

    dec = d.find(".")
    if dec < 0:
        trunc = len(d)
    else:
        stripped = d.rstrip("0")
        trunc = len(stripped) - 1 if stripped.endswith(".") else len(stripped)
    d = d[:trunc] if d[0] == "1" else d[1:trunc]

    dec = d.find(".")
    if dec >= 0:
        nz = len(d) - dec - 1 - len(d[dec + 1:].lstrip("0"))
        return ans + (d if nz < 4 else _scientific_format(d))
    if len(d) <= precision:
        return ans + d
    return ans + _scientific_format(d)


# ============================================================================ fast equivalent path
def _digits_exp(raw: int, t: FixedType) -> tuple[bool, str, int]:
    """(negative, significant digits without trailing zeros, exponent of the leading digit).

    ``digits == ""`` means the printed magnitude is zero (``0``, or ``-0`` for garbled I > W).
    """
    neg = t.signed and raw < 0
    mag = -raw if neg else raw
    f = t.width - t.integer
    if f <= 0:
        if t.integer > t.width:  # garbled integer part, see to_string10
            mag = (mag << -f) & ((1 << (t.width + 1)) - 1)
        else:
            mag <<= -f
        d = str(mag)
        digits = d.rstrip("0")
        return neg, ("" if mag == 0 else digits), len(d) - 1
    d = str(mag * _pow5(f))
    return neg, d.rstrip("0"), len(d) - 1 - f


def _plain(digits: str, e: int) -> str:
    if e < 0:
        return "0." + "0" * (-e - 1) + digits
    if len(digits) <= e + 1:
        return digits + "0" * (e + 1 - len(digits))
    return digits[:e + 1] + "." + digits[e + 1:]


def _sci(digits: str, e: int) -> str:
    m = digits[0] + "." + digits[1:] if len(digits) > 1 else digits
    if e == 0:
        return m
    return f"{m}e-{-e:02d}" if e < 0 else f"{m}e+{e:02d}"


def _reduce_digits(digits: str, e: int, precision: int) -> str:
    """``reduceToPrecision`` of the canonical string of ``0.d1d2d3... * 10**(e+1)`` (no sign)."""
    nd = len(digits)
    if nd <= precision:  # printed unchanged (pure decimals with >= 4 leading zeros go scientific)
        return _sci(digits, e) if e < -4 else _plain(digits, e)
    # number of leading digits kept before the examined (rounding) digit
    if e < 0 or nd <= e + 1 or e + 1 <= precision:
        k = precision
    elif e + 1 == precision + 1:
        k = -1  # the examined character is the decimal point: plain truncation
    else:
        k = precision + 1  # the headers look one digit too far right
    if k < 0:
        r = digits[:precision]
        ep = e
    else:
        kept = digits[:k]
        if k < nd and digits[k] > "4":
            r = str(int(kept) + 1)
            ep = e + len(r) - len(kept)
        else:
            r, ep = kept, e
    pd = r[:precision].rstrip("0")
    if len(pd) > ep + 1:  # has a fractional part
        frac = pd[ep + 1:] if ep >= 0 else "0" * (-ep - 1) + pd
        zeros = len(frac) - len(frac.lstrip("0"))
        return _plain(pd, ep) if zeros < 4 else _sci(pd, ep)
    if ep + 1 <= precision:
        return _plain(pd, ep)
    return _sci(pd, ep)


def _format_fast(raw: int, t: FixedType, precision: int) -> str:
    neg, digits, e = _digits_exp(raw, t)
    if not digits:
        return "-0" if neg else "0"
    s = _reduce_digits(digits, e, precision)
    return "-" + s if neg else s


# ======================================================================================= formatting
def format_one(raw: int, t: FixedType, precision: int = DEFAULT_PRECISION) -> str:
    """One raw value as ``std::cout << std::setprecision(precision) << x`` prints it.

    >>> from fxsim.types import FixedType
    >>> format_one(1, FixedType.parse("ap_ufixed<20,0>"))
    '9.53674e-07'
    """
    if t.is_int:
        return str(raw)
    return _format_fast(raw, t, precision)


def _as_ints(raw) -> tuple[np.ndarray | list[int], bool]:
    """``raw`` as an int64 ndarray (flat) when possible, else a list of Python ints."""
    if isinstance(raw, (int, np.integer)):
        return [int(raw)], True
    if not isinstance(raw, np.ndarray):  # keep Python ints exact (numpy may pick float64)
        return [int(v) for v in np.asarray(raw, dtype=object).ravel().tolist()], False
    arr = raw
    if arr.dtype.kind in "iu" and arr.dtype.itemsize <= 8 and not (
            arr.dtype.kind == "u" and arr.dtype.itemsize == 8):
        return arr.astype(np.int64, copy=False).ravel(), False
    if arr.dtype.kind == "b":
        return arr.astype(np.int64).ravel(), False
    vals = [int(v) for v in arr.ravel().tolist()]
    if arr.dtype.kind == "f" and any(v != f for v, f in zip(vals, arr.ravel().tolist(), strict=True)):
        raise TypeError("raw values must be integers, got non-integral floats")
    return vals, False


def _check_range(lo: int, hi: int, t: FixedType) -> None:
    if lo < t.min_raw or hi > t.max_raw:
        raise ValueError(f"raw values [{lo}, {hi}] outside the range [{t.min_raw}, {t.max_raw}] "
                         f"of {t}")


def format_raw(raw, t: FixedType, precision: int = DEFAULT_PRECISION) -> list[str]:
    """Each raw value as ``std::cout << std::setprecision(precision) << x`` prints it.

    ``raw`` may be a Python int, a list, an int64 ndarray or an object ndarray (any shape; the
    result is flat, in C order). Repeated values are formatted once.

    >>> from fxsim.types import FixedType
    >>> format_raw(np.array([[-8, 7], [3, 0]]), FixedType(4, 1))
    ['-1', '0.875', '0.375', '0']
    """
    if precision < 1:
        raise ValueError(f"precision must be >= 1, got {precision}")
    vals, _ = _as_ints(raw)
    if isinstance(vals, np.ndarray):
        if vals.size == 0:
            return []
        _check_range(int(vals.min()), int(vals.max()), t)
        if t.is_int:
            return [str(v) for v in vals.tolist()]
        uniq, inv = np.unique(vals, return_inverse=True)
        if len(uniq) == len(vals):
            return [format_one(v, t, precision) for v in vals.tolist()]
        strs = np.array([format_one(v, t, precision) for v in uniq.tolist()], dtype=object)
        return strs[inv.ravel()].tolist()
    if not vals:
        return []
    _check_range(min(vals), max(vals), t)
    cache: dict[int, str] = {}
    out = []
    for v in vals:
        s = cache.get(v)
        if s is None:
            s = cache[v] = format_one(v, t, precision)
        out.append(s)
    return out


def format_log_line(values: Iterable[str]) -> str:
    """One output array as ``nnet::print_result`` writes it to ``csim_results.log``.

    Every value is followed by a single space, then ``std::endl`` ends the line.

    >>> format_log_line(["1", "0.5"])
    '1 0.5 \\n'
    """
    return "".join(v + " " for v in values) + "\n"


# ========================================================================================== parsing
_NUMBER_RE = re.compile(r"\s*(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*")


def _text_value(text: str) -> Fraction:
    m = _NUMBER_RE.fullmatch(text)
    if m is None:
        raise ValueError(f"{text!r} is not a decimal number as std::cout prints an ap_ value")
    sign, ip, fp, ex = m.groups()
    fp = fp or ""
    num = int(ip + fp)
    e = (int(ex) if ex else 0) - len(fp)
    v = Fraction(num * 10**e) if e >= 0 else Fraction(num, 10**-e)
    return -v if sign else v


@dataclass(frozen=True)
class Candidates:
    """The raw values of a type that print as a given text.

    ``raws`` lists them all when ``complete``; otherwise it holds the ones found, and ``count``
    is ``None`` (there are at least ``min_count``, spread over ``lo..hi``).

    >>> from fxsim.types import FixedType
    >>> c = candidates("0.5", FixedType(8, 3))
    >>> c.unique, c.value, c.raws
    (True, 16, (16,))
    """

    text: str
    raws: tuple[int, ...]
    complete: bool = True
    min_count: int = 0
    lo: int | None = None
    hi: int | None = None

    @property
    def count(self) -> int | None:
        """Number of raw values printing as ``text``; ``None`` when only a lower bound is known."""
        return len(self.raws) if self.complete else None

    @property
    def unique(self) -> bool:
        """The text pins down exactly one raw value."""
        return self.complete and len(self.raws) == 1

    @property
    def ambiguous(self) -> bool:
        """Several raw values print as the text."""
        return len(self.raws) > 1 or self.min_count > 1

    @property
    def empty(self) -> bool:
        """No raw value of the type prints as the text at this precision."""
        return self.complete and not self.raws

    @property
    def value(self) -> int | None:
        """The raw value when :attr:`unique`, else ``None``."""
        return self.raws[0] if self.unique else None


#: Largest window of raw values :func:`candidates` formats one by one.
ENUMERATION_LIMIT = 256


def candidates(text: str, t: FixedType, precision: int = DEFAULT_PRECISION,
               limit: int = ENUMERATION_LIMIT) -> Candidates:
    """All raw values of ``t`` that ``std::cout << std::setprecision(precision)`` prints as ``text``.

    Exact: every raw near the printed value is formatted when there are at most ``limit`` of
    them. For larger windows the answer is derived from the structure of ``reduceToPrecision``
    (any value that prints via rounding has the whole interval just above it — in magnitude —
    print the same), so the result is still exact about ambiguity; ``count`` is then ``None``
    and ``min_count`` a lower bound.

    >>> from fxsim.types import FixedType
    >>> candidates("0.0998535", FixedType(16, 4)).raws
    (409,)
    >>> c = candidates("0.1", FixedType(24, 4), precision=3)
    >>> c.ambiguous, c.count, c.min_count
    (True, None, 472)
    """
    text = text.strip()
    q = _text_value(text)
    if t.is_int:
        if q.denominator != 1 or not t.min_raw <= q.numerator <= t.max_raw:
            return Candidates(text, ())
        r = q.numerator
        return Candidates(text, (r,) if str(r) == text else ())
    f = t.frac
    if f < 0:
        return _candidates_enumerate_all(text, t, precision)
    scale = 1 << f
    if q == 0:
        return Candidates(text, (0,) if format_one(0, t, precision) == text else ())
    e = _exponent10(abs(q))
    ulp = Fraction(10) ** (e + 1 - precision)
    lo = max(t.min_raw, math.ceil((q - ulp) * scale))
    hi = min(t.max_raw, math.floor((q + ulp) * scale))
    if hi < lo:
        return Candidates(text, ())
    if hi - lo + 1 <= limit:
        found = tuple(r for r in range(lo, hi + 1) if format_one(r, t, precision) == text)
        return Candidates(text, found)
    # Large window. Every raw strictly between q and q + 0.45 ulp (away from zero) prints the
    # rounded-path string of q; if that is not `text`, only the exact raw of q can print it.
    exact = []
    qs = q * scale
    if qs.denominator == 1 and t.min_raw <= qs.numerator <= t.max_raw:
        if format_one(qs.numerator, t, precision) == text:
            exact.append(qs.numerator)
    far = qs + (1 if q > 0 else -1) * Fraction(45, 100) * ulp * scale
    if q > 0:  # raws strictly inside (qs, far)
        p_lo, p_hi = math.floor(qs) + 1, math.ceil(far) - 1
    else:  # raws strictly inside (far, qs)
        p_lo, p_hi = math.floor(far) + 1, math.ceil(qs) - 1
    p_lo, p_hi = max(p_lo, t.min_raw), min(p_hi, t.max_raw)
    if p_hi < p_lo:  # the type's range ends right at q: too few raws to reason about
        if hi - lo + 1 <= 64 * limit:
            return candidates(text, t, precision, limit=hi - lo + 1)
        return Candidates(text, tuple(exact), complete=False, min_count=len(exact))
    probe = p_lo if q > 0 else p_hi
    if format_one(probe, t, precision) != text:
        return Candidates(text, tuple(exact))
    n = p_hi - p_lo + 1 + len(exact)
    sample = tuple(sorted({p_lo, p_hi, *exact}))
    return Candidates(text, sample, complete=False, min_count=n, lo=p_lo, hi=p_hi)


def _exponent10(a: Fraction) -> int:
    """floor(log10(a)) for a > 0, exactly."""
    e = len(str(a.numerator)) - len(str(a.denominator))
    while Fraction(10) ** e > a:
        e -= 1
    while Fraction(10) ** (e + 1) <= a:
        e += 1
    return e


def _candidates_enumerate_all(text: str, t: FixedType, precision: int) -> Candidates:
    """I > W: the printed integer is garbled modulo 2**(W+1); look the text up in a full table."""
    if t.width > 20:
        raise NotImplementedError(f"candidates for {t} (I > W with W > 20) are not supported")
    return Candidates(text, _preimage_table(t, precision).get(text, ()))


@lru_cache(maxsize=4)
def _preimage_table(t: FixedType, precision: int) -> dict[str, tuple[int, ...]]:
    table: dict[str, list[int]] = {}
    raws = list(range(t.min_raw, t.max_raw + 1))
    for r, s in zip(raws, format_raw(raws, t, precision), strict=True):
        table.setdefault(s, []).append(r)
    return {s: tuple(rs) for s, rs in table.items()}


def parse_decimal(text: str, t: FixedType, precision: int = DEFAULT_PRECISION) -> int:
    """The raw value of ``t`` that prints as ``text``; raises if none or several do.

    >>> from fxsim.types import FixedType
    >>> parse_decimal("-0.09375", FixedType(8, 3))
    -3
    >>> parse_decimal("0.1", FixedType(8, 3))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    fxsim.printing.AmbiguousTextError: no raw value of ap_fixed<8,3> prints as '0.1' at precision 6
    """
    c = candidates(text, t, precision)
    if c.unique:
        return c.raws[0]
    if c.empty:
        raise AmbiguousTextError(f"no raw value of {t} prints as {text!r} at precision {precision}")
    what = f"{c.count}" if c.complete else f"at least {c.min_count}"
    raise AmbiguousTextError(f"{what} raw values of {t} print as {text!r} at precision {precision}")


def nearest_raw(text: str, t: FixedType) -> int:
    """The raw value nearest to the decimal ``text`` (ties away from zero), saturated to ``t``.

    >>> from fxsim.types import FixedType
    >>> nearest_raw("0.1", FixedType(8, 3))
    3
    """
    q = _text_value(text) * Fraction(2) ** t.frac
    r = math.floor(abs(q) + Fraction(1, 2))
    r = r if q >= 0 else -r
    return min(max(r, t.min_raw), t.max_raw)


def parse_values(texts: Sequence[str], t: FixedType, precision: int = DEFAULT_PRECISION,
                 strict: bool = True) -> np.ndarray:
    """Vectorised :func:`parse_decimal`: raw values (int64, or object beyond int64).

    With ``strict=False`` a text that does not pin down one raw value gives :func:`nearest_raw`.

    >>> from fxsim.types import FixedType
    >>> parse_values(["0.5", "-1"], FixedType(8, 3))
    array([ 16, -32])
    """
    cache: dict[str, int] = {}
    out = []
    for s in texts:
        r = cache.get(s)
        if r is None:
            if strict:
                r = parse_decimal(s, t, precision)
            else:
                c = candidates(s, t, precision)
                r = c.raws[0] if c.unique else nearest_raw(s, t)
            cache[s] = r
        out.append(r)
    return np.array(out, dtype=np.int64 if t.fits_int64 else object)


def ambiguous_mask(raw, t: FixedType, precision: int = DEFAULT_PRECISION) -> np.ndarray:
    """For each raw value: does its printed text fail to pin it down (another raw prints the same)?

    >>> from fxsim.types import FixedType
    >>> ambiguous_mask([0, 32767], FixedType(16, 6), precision=3)
    array([False,  True])
    """
    strs = format_raw(raw, t, precision)
    cache: dict[str, bool] = {}
    out = np.empty(len(strs), dtype=bool)
    for i, s in enumerate(strs):
        a = cache.get(s)
        if a is None:
            a = cache[s] = not candidates(s, t, precision).unique
        out[i] = a
    return out
