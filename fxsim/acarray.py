"""Arrays of Algorithmic C values: NumPy raw integers plus one :class:`~fxsim.actypes.AcType`.

The arithmetic is the ap one (``fxsim.array``): ``ac_fixed``'s result types (``ac_fixed::rt``)
equal ``ap_fixed_base::RType`` and every result is exact, so ``+ - *`` run on the operands'
``ap_twin`` and the result type is mapped back. What differs is here: unary minus of an
``ac_int`` (``ac_int<W+1,true>``, where ap computes ``0 - a``), division (integer division of
the aligned raws, truncating toward zero, in ``rt::div``), value comparisons (exact, for any
signedness), and ``to_int()`` (floor). A Python ``int`` is a C++ ``int``: ``ac_int<32,true>``.

>>> a = AcArray.from_float([1.5, -0.25], "ac_fixed<8,3,true>")
>>> b = AcArray.from_float([0.75, 2.0], "ac_fixed<6,2,false>")
>>> str((a * b).type), (a * b).to_float().tolist()
('ac_fixed<14,5,true>', [1.125, -0.5])
>>> str((a / b).type), (a / b).to_float().tolist()
('ac_fixed<12,7,true>', [2.0, -0.125])
>>> (a / 3).to_float().tolist(), a.to_int().tolist()
([0.5, -0.0625], [1, -1])
>>> AcArray([1, -2], "ac_fixed<16,6,true>").format()
['.0009765625', '-.001953125']
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partialmethod

import numpy as np

from fxsim import acconversion as conv
from fxsim.actypes import AcType
from fxsim.array import FixedArray
from fxsim.types import FixedType

#: A Python ``int`` operand: ``ac_int<32,true>`` (``ac_fixed<32,32,true>`` next to an ac_fixed).
C_INT = AcType(32, 32, True, is_int=True)


def _plain(t: AcType) -> FixedType:
    """The ap type with ``t``'s bits and no modes (result types ignore the operands' modes)."""
    return FixedType(t.width, t.width if t.is_int else t.integer, t.signed, is_int=t.is_int)


def _back(t: FixedType) -> AcType:
    return AcType(t.width, t.integer, t.signed, is_int=t.is_int)


def div_type(a: AcType, b: AcType) -> AcType:
    """``rt::div``: ``ac_fixed<W+max(F2,0)+S2, I+F2+S2, S||S2>``; ``ac_int<W+S2, S||S2>``.

    >>> str(div_type(AcType(16, 6), AcType(8, 8, True, is_int=True)))
    'ac_fixed<17,7,true>'
    """
    s = a.signed or b.signed
    if a.is_int and b.is_int:
        return AcType(a.width + b.signed, a.width + b.signed, s, is_int=True)
    fb = 0 if b.is_int else b.frac
    ia = a.width if a.is_int else a.integer
    return AcType(a.width + max(fb, 0) + b.signed, ia + fb + b.signed, s)


def _add_op(a, b):
    return _shared(a, b, lambda x, y: x + y)


def _sub_op(a, b):
    return _shared(a, b, lambda x, y: x - y)


def _mul_op(a, b):
    return _shared(a, b, lambda x, y: x * y)


def _div_op(a, b):
    return _div(a, b)


class AcArray:
    """``ac_fixed``/``ac_int`` values as raw integers (value = raw * 2**-F) of one :class:`AcType`.

    ``+ - * /``, unary ``-``, ``<<``/``>>`` by int and comparisons follow the AC headers bit for
    bit; :meth:`cast` is ``U y = x`` (``x.to_ac_int()`` for an ``ac_int`` U).

    >>> x = AcArray([3, -128, 127], "ac_fixed<8,3,true,AC_RND,AC_SAT>")
    >>> (x << 1).raw.tolist(), str((x << 1).type)     # shifts neither round nor saturate
    ([6, 0, -2], 'ac_fixed<8,3,true,AC_RND,AC_SAT>')
    """

    __array_ufunc__ = None
    __hash__ = None

    def __init__(self, raw, type: AcType | str) -> None:
        t = AcType.parse(type) if isinstance(type, str) else type
        if not isinstance(t, AcType):
            raise TypeError(f"type must be an AcType or an ac type string, got {type!r}")
        a = FixedArray(raw, _plain(t))  # validates integers and range
        self._raw = a.raw
        self._type = t

    @classmethod
    def _trusted(cls, raw: np.ndarray, t: AcType) -> AcArray:
        out = cls.__new__(cls)
        out._raw = raw
        out._type = t
        return out

    @classmethod
    def from_float(cls, x, type: AcType | str) -> AcArray:
        """``T y = (double)x`` elementwise."""
        t = AcType.parse(type) if isinstance(type, str) else type
        return cls._trusted(conv.quantize(x, t), t)

    @property
    def raw(self) -> np.ndarray:
        return self._raw

    @property
    def type(self) -> AcType:
        return self._type

    @property
    def shape(self) -> tuple[int, ...]:
        return self._raw.shape

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index) -> AcArray:
        return AcArray._trusted(np.asarray(self._raw[index]), self._type)

    def __repr__(self) -> str:
        return f"AcArray({self._raw.tolist()!r}, {str(self._type)!r})"

    # -------------------------------------------------------------------- conversions
    def cast(self, type: AcType | str) -> AcArray:
        """``U y = x`` elementwise (the destination's quantization and overflow modes)."""
        t = AcType.parse(type) if isinstance(type, str) else type
        return AcArray._trusted(conv.cast(self._raw, self._type, t), t)

    def to_float(self) -> np.ndarray:
        """Exact float64 values (correctly rounded where float64 cannot hold them)."""
        return np.asarray(conv.to_float(self._raw, self._type), dtype=np.float64)

    def to_double(self) -> np.ndarray:
        """float64 as ``to_double()`` returns it."""
        return conv.to_double(self._raw, self._type)

    def to_int(self) -> np.ndarray:
        """``to_int()``: floor (ap_fixed's truncates toward zero)."""
        return conv.to_int(self._raw, self._type)

    def format(self) -> list[str]:
        """``std::cout << x`` for each value (exact decimal, no leading zero)."""
        return conv.format_raw(self._raw.reshape(-1), self._type)

    def _fixed(self) -> FixedArray:
        return FixedArray._trusted(self._raw, _plain(self._type))

    # -------------------------------------------------------------------- arithmetic
    def _binary(self, other, op: Callable[[AcArray, AcArray], AcArray], reflected: bool = False):
        o = _operand(other)
        if o is None:
            return NotImplemented
        return op(o, self) if reflected else op(self, o)

    __add__ = partialmethod(_binary, op=_add_op, reflected=False)
    __radd__ = partialmethod(_binary, op=_add_op, reflected=True)
    __sub__ = partialmethod(_binary, op=_sub_op, reflected=False)
    __rsub__ = partialmethod(_binary, op=_sub_op, reflected=True)
    __mul__ = partialmethod(_binary, op=_mul_op, reflected=False)
    __rmul__ = partialmethod(_binary, op=_mul_op, reflected=True)
    __truediv__ = partialmethod(_binary, op=_div_op, reflected=False)
    __rtruediv__ = partialmethod(_binary, op=_div_op, reflected=True)

    def __neg__(self) -> AcArray:
        t = self._type
        if not t.is_int:
            return _back_array(-self._fixed())
        nt = AcType(t.width + 1, t.width + 1, True, is_int=True)
        r = self._raw if self._raw.dtype == object or nt.fits_int64 else self._raw.astype(object)
        return AcArray._trusted(conv.as_raw(-r, nt.ap_twin), nt)

    def __lshift__(self, shift) -> AcArray:
        """``x << k``: same type, no quantization or saturation (negative k shifts right)."""
        return AcArray._trusted((self._fixed() << shift).raw, self._type)

    def __rshift__(self, shift) -> AcArray:
        """``x >> k``: same type, floor."""
        return AcArray._trusted((self._fixed() >> shift).raw, self._type)

    # -------------------------------------------------------------------- comparisons
    def _compare(self, other, op):
        if isinstance(other, float | np.floating):
            return op(self.to_double(), np.float64(other))
        o = _operand(other)
        if o is None:
            return NotImplemented
        f = max(self._type.frac if not self._type.is_int else 0, o.type.frac if not o.type.is_int else 0)
        return np.asarray(op(_scaled(self, f), _scaled(o, f)), dtype=bool)

    __eq__ = partialmethod(_compare, op=np.equal)  # type: ignore[assignment]
    __ne__ = partialmethod(_compare, op=np.not_equal)  # type: ignore[assignment]
    __lt__ = partialmethod(_compare, op=np.less)
    __le__ = partialmethod(_compare, op=np.less_equal)
    __gt__ = partialmethod(_compare, op=np.greater)
    __ge__ = partialmethod(_compare, op=np.greater_equal)


def _operand(x) -> AcArray | None:
    if isinstance(x, AcArray):
        return x
    if isinstance(x, int | np.integer) and not isinstance(x, bool):
        if not C_INT.min_raw <= int(x) <= C_INT.max_raw:
            raise OverflowError(f"{x} does not fit a C++ int; wrap it in an AcArray of a wider type")
        return AcArray._trusted(np.asarray(int(x), dtype=np.int64), C_INT)
    return None


def _back_array(a: FixedArray) -> AcArray:
    return AcArray._trusted(a.raw, _back(a.type))


def _shared(a: AcArray, b: AcArray, op: Callable[[FixedArray, FixedArray], FixedArray]) -> AcArray:
    """An operation whose exact result and type are the ap ones (``+ - *``)."""
    return _back_array(op(a._fixed(), b._fixed()))


def _scaled(a: AcArray, frac: int) -> np.ndarray:
    """Raw values scaled to ``frac`` fraction bits, as Python ints (exact)."""
    f = 0 if a.type.is_int else a.type.frac
    return np.asarray(np.frompyfunc(lambda r: int(r) << (frac - f), 1, 1)(a.raw), dtype=object)


def _div(a: AcArray, b: AcArray) -> AcArray:
    """``a / b``: the numerator widened by ``max(F2,0)`` fraction bits, integer division of the
    raws truncating toward zero (``ac_private::iv_div``); division by zero is an error."""
    t = div_type(a.type, b.type)
    fb = 0 if b.type.is_int else b.type.frac
    num = _scaled(a, (0 if a.type.is_int else a.type.frac) + max(fb, 0))
    den = np.asarray(np.frompyfunc(int, 1, 1)(b.raw), dtype=object)
    num, den = np.broadcast_arrays(num, den)
    if any(d == 0 for d in den.ravel()):
        raise ZeroDivisionError("ac_fixed division by zero (the headers' result is undefined)")
    q = np.frompyfunc(lambda n, d: abs(n) // abs(d) * (1 if (n < 0) == (d < 0) else -1), 2, 1)(num, den)
    flat = np.asarray(q, dtype=object).reshape(-1)
    out = conv.as_raw(np.array([conv.ref.bit_adjust(int(v), t.width, t.signed) for v in flat] + [None],
                               dtype=object)[:-1], t.ap_twin)
    return AcArray._trusted(out.reshape(num.shape), t)
