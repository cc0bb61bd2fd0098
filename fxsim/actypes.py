"""Algorithmic C types: the template parameters of ``ac_fixed<W,I,S,Q,O>`` and ``ac_int<W,S>``.

hls4ml's Quartus, oneAPI and Catapult backends emit these instead of ``ap_fixed``. An
:class:`AcType` is a small immutable value beside :class:`~fxsim.types.FixedType`; the bit-level
work is in :mod:`fxsim.acconversion` (fast kernels shared with the ap types where the two
libraries agree, :mod:`fxsim.acreference` where they do not).

Differences from the ap types that matter (measured against the shipped headers with g++):
signedness is a template argument; there is no saturation-bit count N and no ``AP_WRAP_SM``;
``AC_RND_CONV_ODD`` (ties to odd) exists; ``ac_int<W>(double)`` and ``to_int()`` floor;
``operator<<`` prints the exact decimal with no leading zero (``.5``, ``-.25``); NaN/inf go
through undefined float->int conversions (x86 results reproduced).

>>> t = AcType.parse("ac_fixed<16,6,true,AC_RND_CONV,AC_SAT>")
>>> t.width, t.integer, t.signed, t.rounding, t.overflow
(16, 6, True, 'AC_RND_CONV', 'AC_SAT')
>>> str(AcType.parse("fixed<1,1,RND,SAT>"))     # hls4ml's precision string, widened as hls4ml does
'ac_fixed<2,1,true,AC_RND,AC_SAT>'
>>> str(AcType.parse("ac_int<8, false>"))
'ac_int<8,false>'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fxsim.types import MAX_WIDTH, FixedType, FixedTypeError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: ``enum ac_q_mode`` (``ac_int.h``), in the headers' order.
AC_ROUNDING_MODES = ("AC_TRN", "AC_RND", "AC_TRN_ZERO", "AC_RND_ZERO", "AC_RND_INF", "AC_RND_MIN_INF",
                     "AC_RND_CONV", "AC_RND_CONV_ODD")
#: ``enum ac_o_mode``.
AC_OVERFLOW_MODES = ("AC_WRAP", "AC_SAT", "AC_SAT_ZERO", "AC_SAT_SYM")


@dataclass(frozen=True)
class AcType:
    """``ac_fixed<W, I, S, Q, O>`` or (``is_int``) ``ac_int<W, S>``, as an immutable value.

    >>> AcType(8, 3).max_value
    3.96875
    >>> AcType.parse("ac_int<4,false>").max_raw
    15
    """

    width: int
    integer: int
    signed: bool = True
    rounding: str = "AC_TRN"
    overflow: str = "AC_WRAP"
    is_int: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.width, int) or not 1 <= self.width <= MAX_WIDTH:
            raise FixedTypeError(f"width must be an integer in 1..{MAX_WIDTH}, got {self.width!r}")
        if not isinstance(self.integer, int):
            raise FixedTypeError(f"integer bits must be an integer, got {self.integer!r}")
        if self.rounding not in AC_ROUNDING_MODES:
            raise FixedTypeError(f"unknown ac quantization mode {self.rounding!r}; one of {AC_ROUNDING_MODES}")
        if self.overflow not in AC_OVERFLOW_MODES:
            raise FixedTypeError(f"unknown ac overflow mode {self.overflow!r}; one of {AC_OVERFLOW_MODES}")
        if self.is_int and (self.integer != self.width or self.rounding != "AC_TRN" or self.overflow != "AC_WRAP"):
            raise FixedTypeError("ac_int has integer == width, AC_TRN, AC_WRAP")

    # ----------------------------------------------------------------- construction
    @classmethod
    def parse(cls, text: str) -> AcType:
        """Parse ``ac_fixed<16,6>``, ``ac_fixed<16,6,true,AC_RND,AC_SAT>``, ``ac_int<8>``,
        ``ac_int<8,false>``, or one of hls4ml's precision strings (``fixed<16,6,RND_CONV,SAT>``,
        ``ufixed<…>``, ``int<8>``, ``uint<8>``) mapped as hls4ml's ``ACFixedPrecisionDefinition``
        writes it: width 1 becomes 2 (same I), saturation bits are dropped.

        >>> AcType.parse("ufixed<8,3,RND>")
        AcType(width=8, integer=3, signed=False, rounding='AC_RND', overflow='AC_WRAP', is_int=False)
        """
        if not isinstance(text, str):
            raise FixedTypeError(f"a type must be a string like 'ac_fixed<16,6,true>', got {text!r}")
        m = _AC_RE.fullmatch(text.strip())
        if m is None:
            return cls._from_hls4ml(text)
        args = [a.strip() for a in m.group("args").split(",")]
        if any(a == "" for a in args):
            raise FixedTypeError(f"empty template argument in {text!r}")
        try:
            if m.group("base") == "ac_int":
                if not 1 <= len(args) <= 2:
                    raise FixedTypeError(f"ac_int<W[,S]> takes 1 or 2 arguments, got {len(args)}")
                w = _int(args[0], "width", text)
                return cls(w, w, _bool(args[1], text) if len(args) > 1 else True, is_int=True)
            if not 2 <= len(args) <= 5:
                raise FixedTypeError(f"ac_fixed<W,I[,S[,Q[,O]]]> takes 2 to 5 arguments, got {len(args)}")
            return cls(_int(args[0], "width", text), _int(args[1], "integer bits", text),
                       _bool(args[2], text) if len(args) > 2 else True,
                       _mode(args[3], AC_ROUNDING_MODES, "quantization", text) if len(args) > 3 else "AC_TRN",
                       _mode(args[4], AC_OVERFLOW_MODES, "overflow", text) if len(args) > 4 else "AC_WRAP")
        except FixedTypeError as e:
            if repr(text) in str(e):
                raise
            raise FixedTypeError(f"bad ac type {text!r}: {e}") from None

    @classmethod
    def _from_hls4ml(cls, text: str) -> AcType:
        try:
            ap = FixedType.parse(text)
        except FixedTypeError:
            raise FixedTypeError(
                f"cannot parse ac type {text!r}: expected e.g. 'ac_fixed<16,6,true>', "
                "'ac_fixed<8,3,false,AC_RND,AC_SAT>', 'ac_int<8,false>' or hls4ml's 'fixed<16,6,RND,SAT>'"
            ) from None
        if text.strip().startswith("ap_"):
            raise FixedTypeError(f"{text!r} is an ap_ type; use FixedType.parse, or spell it ac_fixed<…>")
        return cls.from_hls4ml(ap)

    @classmethod
    def from_hls4ml(cls, p: FixedType) -> AcType:
        """The ac type hls4ml writes for precision ``p`` (``fpga_types.py``): ``int<W>`` ->
        ``ac_int<W,S>``; ``fixed<W,I,Q,O,N>`` -> ``ac_fixed<max(W,2),I,S,AC_Q,AC_O>`` (N dropped).

        >>> str(AcType.from_hls4ml(FixedType(1, 1, False)))
        'ac_fixed<2,1,false>'
        """
        if p.is_int:
            return cls(p.width, p.width, p.signed, is_int=True)
        if p.overflow == "AP_WRAP_SM":
            raise FixedTypeError(f"{p}: AP_WRAP_SM has no ac_fixed equivalent")
        return cls(max(p.width, 2), p.integer, p.signed, "AC_" + p.rounding[3:], "AC_" + p.overflow[3:])

    def __str__(self) -> str:
        s = "true" if self.signed else "false"
        if self.is_int:
            return f"ac_int<{self.width},{s}>"
        out = f"ac_fixed<{self.width},{self.integer},{s}"
        if self.rounding != "AC_TRN" or self.overflow != "AC_WRAP":
            out += f",{self.rounding}"
        if self.overflow != "AC_WRAP":
            out += f",{self.overflow}"
        return out + ">"

    def with_(self, **changes) -> AcType:
        """A copy with some parameters changed: ``t.with_(overflow="AC_SAT")``."""
        d = dict(width=self.width, integer=self.integer, signed=self.signed, rounding=self.rounding,
                 overflow=self.overflow, is_int=self.is_int)
        d.update(changes)
        return AcType(**d)

    @property
    def saturates(self) -> bool:
        """Whether an overflow saturates (``AC_SAT``, ``AC_SAT_ZERO``, ``AC_SAT_SYM``) rather than wraps.

        >>> AcType.parse("ac_fixed<8,3,true,AC_TRN,AC_SAT>").saturates, AcType(8, 3).saturates
        (True, False)
        """
        return self.overflow.startswith("AC_SAT")

    @functools.cached_property
    def ap_twin(self) -> FixedType:
        """The ``ap_`` type with the same bits and, where the two libraries share it, the same modes
        (AC_RND_CONV_ODD has no ap twin and maps to AP_RND_CONV: only the layout is meaningful then).
        The arithmetic kernels and result-type rules are shared through it.

        >>> str(AcType.parse("ac_fixed<8,3,false,AC_RND,AC_SAT_SYM>").ap_twin)
        'ap_ufixed<8,3,AP_RND,AP_SAT_SYM>'
        """
        if self.is_int:
            return FixedType(self.width, self.width, self.signed, is_int=True)
        q = "AP_RND_CONV" if self.rounding == "AC_RND_CONV_ODD" else "AP_" + self.rounding[3:]
        return FixedType(self.width, self.integer, self.signed, q, "AP_" + self.overflow[3:])

    # ----------------------------------------------------------------- range (the twin's)
    frac = property(lambda self: self.ap_twin.frac, doc="Fraction bits F = W - I (0 for ac_int).")
    min_raw = property(lambda self: self.ap_twin.min_raw, doc="Smallest raw value.")
    max_raw = property(lambda self: self.ap_twin.max_raw, doc="Largest raw value.")
    lsb = property(lambda self: self.ap_twin.lsb, doc="Value of one LSB, 2**-F.")
    min_value = property(lambda self: self.ap_twin.min_value, doc="Smallest value.")
    max_value = property(lambda self: self.ap_twin.max_value, doc="Largest value.")
    fits_int64 = property(lambda self: self.ap_twin.fits_int64, doc="Raw values live in an int64 ndarray.")

    # ----------------------------------------------------------------- conversions
    def quantize(self, x) -> np.ndarray:
        """Float(s) -> raw integers, exactly as ``T y = (double)x`` stores them (g++, x86-64).

        >>> AcType.parse("ac_fixed<8,3,true,AC_RND_CONV_ODD,AC_SAT>").quantize([0.03125 * 5, 100.0])
        array([  5, 127])
        """
        from fxsim.acconversion import quantize

        return quantize(x, self)

    def to_float(self, raw) -> np.ndarray:
        """Raw integers -> float64, exact wherever float64 can hold the value."""
        from fxsim.acconversion import to_float

        return to_float(raw, self)

    def format(self, raw) -> list[str]:
        """Each raw value as ``std::cout << x`` prints it: exact decimal, no leading zero.

        >>> AcType(16, 6).format([512, -256, 0, 32767])
        ['.5', '-.25', '0', '31.9990234375']
        """
        from fxsim.acconversion import format_raw

        return format_raw(raw, self)


_AC_RE = re.compile(r"(?P<base>ac_fixed|ac_int)\s*<(?P<args>[^<>]*)>")


def _int(s: str, what: str, text: str) -> int:
    try:
        return int(s)
    except ValueError:
        raise FixedTypeError(f"{what} {s!r} in {text!r} is not an integer") from None


def _bool(s: str, text: str) -> bool:
    if s in ("true", "1"):
        return True
    if s in ("false", "0"):
        return False
    raise FixedTypeError(f"signedness {s!r} in {text!r} must be true or false")


def _mode(s: str, modes: tuple[str, ...], what: str, text: str) -> str:
    name = s if s.startswith("AC_") else "AC_" + s
    if name not in modes:
        raise FixedTypeError(f"unknown {what} mode {s!r} in {text!r}; expected one of {', '.join(modes)}")
    return name
