"""Fixed-point types: the template parameters of ``ap_fixed``/``ap_ufixed``/``ap_int``/``ap_uint``.

A :class:`FixedType` is a small immutable value. It knows its range and how a double or another
fixed-point value is converted into it; the bit-level work is done by :mod:`fxsim.conversion`.

>>> t = FixedType.parse("ap_fixed<16,6,AP_RND_CONV,AP_SAT>")
>>> t.width, t.integer, t.signed, t.rounding, t.overflow, t.sat_bits
(16, 6, True, 'AP_RND_CONV', 'AP_SAT', 0)
>>> str(FixedType.parse("ufixed<8,3,RND,SAT>"))
'ap_ufixed<8,3,AP_RND,AP_SAT>'
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

ROUNDING_MODES = ("AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF",
                  "AP_RND_CONV")
OVERFLOW_MODES = ("AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_WRAP_SM")

#: Widest type fxsim accepts (the headers' default AP_INT_MAX_W is 1024).
MAX_WIDTH = 1024


class FixedTypeError(ValueError):
    """A type string or type parameters that no ap_ type can have."""


@dataclass(frozen=True)
class FixedType:
    """``ap_fixed<W, I, Q, O, N>`` and relatives, as an immutable value.

    ``integer`` may be negative or larger than ``width``. ``is_int`` marks ``ap_int``/``ap_uint``,
    whose conversion from double truncates toward zero (``ap_int_base(double)``) instead of
    following the quantization mode.

    >>> FixedType(8, 3).max_value
    3.96875
    >>> FixedType.parse("ap_uint<4>").max_raw
    15
    """

    width: int
    integer: int
    signed: bool = True
    rounding: str = "AP_TRN"
    overflow: str = "AP_WRAP"
    sat_bits: int = 0
    is_int: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.width, int) or not 1 <= self.width <= MAX_WIDTH:
            raise FixedTypeError(f"width must be an integer in 1..{MAX_WIDTH}, got {self.width!r}")
        if not isinstance(self.integer, int):
            raise FixedTypeError(f"integer bits must be an integer, got {self.integer!r}")
        if self.rounding not in ROUNDING_MODES:
            raise FixedTypeError(f"unknown quantization mode {self.rounding!r}; one of {ROUNDING_MODES}")
        if self.overflow not in OVERFLOW_MODES:
            raise FixedTypeError(f"unknown overflow mode {self.overflow!r}; one of {OVERFLOW_MODES}")
        if not isinstance(self.sat_bits, int) or not 0 <= self.sat_bits <= self.width:
            raise FixedTypeError(f"saturation bits must be in 0..{self.width}, got {self.sat_bits!r}")
        if self.overflow == "AP_WRAP_SM" and not self.signed:
            raise FixedTypeError("ap_ufixed cannot use AP_WRAP_SM (the headers exit on it)")
        if self.is_int and (self.integer != self.width or self.rounding != "AP_TRN"
                            or self.overflow != "AP_WRAP" or self.sat_bits):
            raise FixedTypeError("ap_int/ap_uint have integer == width, AP_TRN, AP_WRAP, N=0")

    # ----------------------------------------------------------------- construction
    @classmethod
    def parse(cls, text: str) -> FixedType:
        """Parse any spelling a user meets.

        ``ap_fixed<16,6>``, ``ap_fixed<16,6,AP_RND_CONV,AP_SAT,0>``, ``ap_ufixed<…>``, ``ap_int<8>``,
        ``ap_uint<1>``, and hls4ml's ``fixed<16,6,RND_CONV,SAT>``, ``ufixed<…>``, ``int<…>``,
        ``uint<…>``.

        >>> FixedType.parse("fixed<16, 6, RND_CONV, SAT>")
        FixedType(width=16, integer=6, signed=True, rounding='AP_RND_CONV', overflow='AP_SAT', sat_bits=0, is_int=False)
        """
        if not isinstance(text, str):
            raise FixedTypeError(f"a type must be a string like 'ap_fixed<16,6>', got {text!r}")
        m = _TYPE_RE.fullmatch(text.strip())
        if m is None:
            raise FixedTypeError(
                f"cannot parse fixed-point type {text!r}: expected e.g. 'ap_fixed<16,6>', "
                "'ap_ufixed<8,3,AP_RND,AP_SAT>', 'ap_int<8>' or hls4ml's 'fixed<16,6,RND_CONV,SAT>'"
            )
        base = m.group("base")
        args = [a.strip() for a in m.group("args").split(",")]
        if any(a == "" for a in args):
            raise FixedTypeError(f"empty template argument in {text!r}")
        kind = base[3:] if base.startswith("ap_") else base
        signed = not kind.startswith("u")
        kind = kind[1:] if kind.startswith("u") else kind
        try:
            if kind == "int":
                if len(args) != 1:
                    raise FixedTypeError(f"{base}<W> takes one argument, got {len(args)}")
                w = _int_arg(args[0], "width", text)
                return cls(w, w, signed, is_int=True)
            if not 2 <= len(args) <= 5:
                raise FixedTypeError(f"{base}<W,I[,Q[,O[,N]]]> takes 2 to 5 arguments, got {len(args)}")
            w = _int_arg(args[0], "width", text)
            i = _int_arg(args[1], "integer bits", text)
            q = _mode_arg(args[2], ROUNDING_MODES, "quantization", text) if len(args) > 2 else "AP_TRN"
            o = _mode_arg(args[3], OVERFLOW_MODES, "overflow", text) if len(args) > 3 else "AP_WRAP"
            n = _int_arg(args[4], "saturation bits", text) if len(args) > 4 else 0
            return cls(w, i, signed, q, o, n)
        except FixedTypeError as e:
            if repr(text) in str(e):
                raise
            raise FixedTypeError(f"bad fixed-point type {text!r}: {e}") from None

    def __str__(self) -> str:
        u = "" if self.signed else "u"
        if self.is_int:
            return f"ap_{u}int<{self.width}>"
        s = f"ap_{u}fixed<{self.width},{self.integer}"
        if self.rounding != "AP_TRN" or self.overflow != "AP_WRAP" or self.sat_bits:
            s += f",{self.rounding}"
        if self.overflow != "AP_WRAP" or self.sat_bits:
            s += f",{self.overflow}"
        if self.sat_bits:
            s += f",{self.sat_bits}"
        return s + ">"

    def _repr_html_(self) -> str:
        """A notebook's view: the C++ spelling, the range and the step."""
        import html

        return (f"<code>{html.escape(str(self))}</code> &nbsp; range [{self.min_value:g}, {self.max_value:g}], "
                f"step 2<sup>{-self.frac}</sup>")

    def with_(self, **changes) -> FixedType:
        """A copy with some parameters changed: ``t.with_(overflow="AP_SAT")``."""
        return dataclasses.replace(self, **changes)

    @property
    def saturates(self) -> bool:
        """Whether an overflow saturates (``AP_SAT``, ``AP_SAT_ZERO``, ``AP_SAT_SYM``) rather than wraps.

        >>> FixedType.parse("ap_fixed<18,8,AP_RND,AP_SAT>").saturates, FixedType(18, 8).saturates
        (True, False)
        """
        return self.overflow.startswith("AP_SAT")

    # ----------------------------------------------------------------- range
    @property
    def frac(self) -> int:
        """Fraction bits F = W - I (may be negative)."""
        return self.width - self.integer

    @property
    def min_raw(self) -> int:
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def max_raw(self) -> int:
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    @property
    def lsb(self) -> float:
        """Value of one least-significant bit, 2**-F."""
        return 2.0 ** -self.frac

    @property
    def min_value(self) -> float:
        return self.min_raw * 2.0 ** -self.frac

    @property
    def max_value(self) -> float:
        return self.max_raw * 2.0 ** -self.frac

    @property
    def fits_int64(self) -> bool:
        """Raw values live in an int64 ndarray (else an object ndarray of Python ints)."""
        return self.width <= 64 if self.signed else self.width <= 63

    # ----------------------------------------------------------------- conversions
    def quantize(self, x) -> np.ndarray:
        """Float(s) -> raw integers, exactly as ``ap_fixed<…> y = (double)x`` stores them.

        Returns an int64 ndarray (object ndarray of Python ints when the raw value can exceed
        int64). float32 input converts through double, as the headers do.

        >>> FixedType.parse("ap_fixed<8,3,AP_RND_CONV,AP_SAT>").quantize([0.1, 100.0, -0.046875])
        array([  3, 127,  -2])
        """
        from fxsim.conversion import quantize

        return quantize(x, self)

    def to_float(self, raw) -> np.ndarray:
        """Raw integers -> float64, exact wherever float64 can hold the value.

        >>> FixedType(8, 3).to_float([3, -128])
        array([ 0.09375, -4.     ])
        """
        from fxsim.conversion import to_float

        return to_float(raw, self)

    def format(self, raw, precision: int = 6) -> list[str]:
        """Each raw value as ``std::cout << std::setprecision(precision) << x`` prints it."""
        from fxsim.printing import format_raw

        return format_raw(raw, self, precision)


_TYPE_RE = re.compile(r"(?P<base>(?:ap_)?u?(?:fixed|int))\s*<(?P<args>[^<>]*)>")


def _int_arg(s: str, what: str, text: str) -> int:
    try:
        return int(s, 0) if not s.lstrip("+-").startswith("0") or s.strip("+-") == "0" else int(s)
    except ValueError:
        raise FixedTypeError(f"{what} {s!r} in {text!r} is not an integer") from None


def _mode_arg(s: str, modes: tuple[str, ...], what: str, text: str) -> str:
    name = s if s.startswith("AP_") else "AP_" + s
    if name not in modes:
        raise FixedTypeError(f"unknown {what} mode {s!r} in {text!r}; expected one of {', '.join(modes)}")
    return name
