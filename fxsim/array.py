"""Arrays of fixed-point values: NumPy raw integers plus one :class:`~fxsim.types.FixedType`.

Arithmetic follows the headers' result-type rules (``ap_fixed_base::RType`` and
``ap_int_base::RType``): ``+ - *`` and unary ``-`` are exact and return plain ``AP_TRN``/``AP_WRAP``
types wide enough for the result, shifts keep the left operand's type and wrap. Comparisons align the
binary points exactly and then compare as ``ap_private`` does: exact values when both operands have
the same signedness, but a signed/unsigned pair can compare bit patterns (see ``_header_compare``),
so ``ap_fixed<33,1>(-1) > ap_ufixed<1,1>(0)`` is true, in the headers and here. ``int op FixedArray``
comparisons are evaluated as the reflected ``FixedArray op int`` (Python gives no other choice); they
can differ from C++'s ``int op ap_fixed`` only in that signed/unsigned corner. Raw values are int64
when the type fits (``fits_int64``), else object arrays of Python ints, so nothing ever overflows
silently.

>>> a = FixedArray.from_float([1.5, -0.25], "ap_fixed<8,3>")
>>> b = FixedArray.from_float([0.75, 2.0], "ap_ufixed<6,2>")
>>> p = a * b
>>> str(p.type), p.to_float().tolist()
('ap_fixed<14,5>', [1.125, -0.5])
>>> str((a + b).type), (a + b).to_float().tolist()
('ap_fixed<9,4>', [2.25, 1.75])
>>> (a < b).tolist()
[False, True]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fxsim.conversion import CastRecorder, as_raw, cast, quantize, to_double, to_float
from fxsim.types import FixedType

#: A Python ``int`` operand behaves like C++ ``int``: ``ap_fixed_base<32, 32, true>``.
CPP_INT = FixedType(32, 32, True, is_int=True)


# ------------------------------------------------------------------------------------ result types
def _aligned_int_bits(a: FixedType, b: FixedType) -> int:
    """``AP_MAX(I1 + (S2 && !S1), I2 + (S1 && !S2))``: integer bits that hold both operands."""
    return max(a.integer + (b.signed and not a.signed), b.integer + (a.signed and not b.signed))


def _result(width: int, integer: int, signed: bool, a: FixedType, b: FixedType) -> FixedType:
    """The factory type of an ``RType`` entry: ap_int when both operands are ap_int, else a plain
    AP_TRN/AP_WRAP ap_fixed (ap_int operands of ap_fixed ops become ``ap_fixed_base<W,W,S>``)."""
    if a.is_int and b.is_int:
        return FixedType(width, width, signed, is_int=True)
    return FixedType(width, integer, signed)


def mult_type(a: FixedType, b: FixedType) -> FixedType:
    """Type of ``a * b``: ``W1 + W2`` bits, ``I1 + I2`` integer bits, signed if either is.

    >>> str(mult_type(FixedType.parse("ap_fixed<8,3>"), FixedType.parse("ap_uint<4>")))
    'ap_fixed<12,7>'
    """
    return _result(a.width + b.width, a.integer + b.integer, a.signed or b.signed, a, b)


def plus_type(a: FixedType, b: FixedType) -> FixedType:
    """Type of ``a + b``: one carry bit over the aligned integer and fraction bits.

    >>> str(plus_type(FixedType.parse("ap_fixed<8,3>"), FixedType.parse("ap_ufixed<6,2>")))
    'ap_fixed<9,4>'
    """
    i = _aligned_int_bits(a, b) + 1
    return _result(i + max(a.frac, b.frac), i, a.signed or b.signed, a, b)


def minus_type(a: FixedType, b: FixedType) -> FixedType:
    """Type of ``a - b``: as :func:`plus_type`, but always signed.

    >>> str(minus_type(FixedType.parse("ap_uint<8>"), FixedType.parse("ap_uint<8>")))
    'ap_int<9>'
    """
    return plus_type(a, b).with_(signed=True)


def neg_type(a: FixedType) -> FixedType:
    """Type of ``-a``: ``ap_fixed_base<W+1, I+1, true>`` for ap_fixed; for ap_int the headers
    compute ``ap_int_base<1,false>(0) - a``.

    >>> str(neg_type(FixedType.parse("ap_ufixed<8,3,AP_RND,AP_SAT>")))
    'ap_fixed<9,4>'
    >>> str(neg_type(FixedType.parse("ap_int<1>")))
    'ap_int<3>'
    """
    if a.is_int:
        return minus_type(FixedType(1, 1, False, is_int=True), a)
    return FixedType(a.width + 1, a.integer + 1, True)


# ------------------------------------------------------------------------------------ raw helpers
def _as_raw(raw, t: FixedType) -> np.ndarray:
    """``raw`` as t's storage (int64 ndarray, or object ndarray of Python ints), any shape."""
    a = np.asarray(raw)
    return as_raw(a.reshape(-1), t).reshape(a.shape)


def _to_object(a: np.ndarray) -> np.ndarray:
    """Integer ndarray -> object ndarray of Python ints (not NumPy scalars)."""
    out = np.empty(a.shape, dtype=object)
    out.ravel()[:] = [int(v) for v in a.ravel()] if a.dtype != object else a.ravel()
    return out


def _scaled(raw: np.ndarray, shift: int, exact_int64: bool) -> np.ndarray:
    """``raw * 2**shift`` (``shift >= 0``), in int64 when the caller knows it fits, else exactly."""
    if exact_int64:
        return np.left_shift(raw.astype(np.int64, copy=False), shift)
    r = raw if raw.dtype == object else _to_object(raw)
    return np.asarray(np.left_shift(r, shift), dtype=object) if shift else r


def _wrap(value: np.ndarray, t: FixedType) -> np.ndarray:
    """Exact integers -> raw of ``t`` modulo ``2**W`` (two's complement for signed types)."""
    w = t.width
    if value.dtype != object and t.fits_int64:
        u = value.astype(np.int64, copy=False).view(np.uint64)
        if t.signed:  # move the sign bit to bit 63, then shift back arithmetically
            return np.right_shift(np.left_shift(u, np.uint64(64 - w)).view(np.int64), 64 - w)
        return (u & np.uint64((1 << w) - 1)).view(np.int64)
    obj = value if value.dtype == object else _to_object(value)
    m, half = 1 << w, 1 << (w - 1)
    f = np.frompyfunc((lambda v: ((int(v) + half) % m) - half) if t.signed else (lambda v: int(v) % m), 1, 1)
    return _as_raw(np.asarray(f(obj), dtype=object), t)


def _bits_needed(t: FixedType, shift: int) -> int:
    """Bits of a signed int64 a raw of ``t`` scaled by ``2**shift`` needs."""
    return t.width + shift + (0 if t.signed else 1)


# ------------------------------------------------------------------------------------ the array
class FixedArray:
    """Fixed-point values as raw integers (value = raw * 2**-F) of one :class:`FixedType`.

    Behaves like an ndarray for shape, indexing and broadcasting; ``+ - *``, unary ``-``,
    ``<<``/``>>`` by int and comparisons follow the ap_fixed/ap_int headers bit for bit.
    A Python ``int`` operand is a C++ ``int`` (``ap_int<32>``).

    >>> x = FixedArray([3, -128, 127], "ap_fixed<8,3>")
    >>> x.to_float().tolist()
    [0.09375, -4.0, 3.96875]
    >>> (x << 1).raw.tolist(), str((x << 1).type)
    ([6, 0, -2], 'ap_fixed<8,3>')
    >>> x[1:].cast("ap_fixed<6,3,AP_RND,AP_SAT>").raw.tolist()
    [-32, 31]
    """

    __array_ufunc__ = None  # ndarray op FixedArray defers to us (and raises TypeError)
    __hash__ = None  # type: ignore[assignment]  # == is elementwise

    def __init__(self, raw, type: FixedType | str) -> None:
        t = FixedType.parse(type) if isinstance(type, str) else type
        if not isinstance(t, FixedType):
            raise TypeError(f"type must be a FixedType or a type string, got {type!r}")
        a = np.asarray(raw)
        if a.dtype == object:
            bad = [v for v in a.ravel() if not isinstance(v, int | np.integer) or isinstance(v, bool)]
            if bad:
                raise TypeError(f"raw values must be integers, got {bad[0]!r}")
        elif not np.issubdtype(a.dtype, np.integer) and a.size:
            raise TypeError(f"raw values must be integers, got dtype {a.dtype}")
        if a.size and (int(a.min()) < t.min_raw or int(a.max()) > t.max_raw):
            raise ValueError(f"raw values outside [{t.min_raw}, {t.max_raw}] of {t}")
        self._raw = _as_raw(a, t)
        self._type = t

    @classmethod
    def _trusted(cls, raw: np.ndarray, t: FixedType) -> FixedArray:
        """Wrap raws already known to be in t's range and storage (no checks)."""
        out = cls.__new__(cls)
        out._raw = raw
        out._type = t
        return out

    # -------------------------------------------------------------------- conversions
    @classmethod
    def from_float(cls, x, type: FixedType | str) -> FixedArray:
        """``T y = (double)x`` elementwise (float32 input converts as ``(float)x``).

        >>> FixedArray.from_float([0.1, 100.0], "ap_fixed<8,3,AP_RND_CONV,AP_SAT>").raw.tolist()
        [3, 127]
        """
        t = FixedType.parse(type) if isinstance(type, str) else type
        return cls._trusted(_as_raw(quantize(x, t), t), t)

    def to_float(self) -> np.ndarray:
        """Exact float64 values (correctly rounded where float64 cannot hold them)."""
        flat = np.asarray(to_float(self._raw.reshape(-1), self._type), dtype=np.float64)
        return flat.reshape(self.shape)

    def to_double(self) -> np.ndarray:
        """float64 values as the headers' ``to_double()`` returns them (which, for
        ``ap_[u]int<W>`` with W > 64, converts only the low 64 bits).

        >>> FixedArray([2**64 + 3], "ap_uint<100>").to_double().tolist()
        [3.0]
        """
        flat = np.asarray(to_double(self._raw.reshape(-1), self._type), dtype=np.float64)
        return flat.reshape(self.shape)

    def cast(self, type: FixedType | str, kind: str | None = "cast", stats: CastRecorder | None = None) -> FixedArray:
        """``U y = x`` elementwise: quantization and overflow of the destination type (``stats``,
        ``kind``: who accounts the conversion, as which step; see :func:`fxsim.conversion.cast`).

        >>> FixedArray([100], "ap_int<8>").cast("ap_fixed<6,4,AP_TRN,AP_SAT>").to_float().tolist()
        [7.75]
        """
        t = FixedType.parse(type) if isinstance(type, str) else type
        flat = _as_raw(cast(self._raw.reshape(-1), src=self._type, dst=t, kind=kind, stats=stats), t)
        return FixedArray._trusted(flat.reshape(self.shape), t)

    # -------------------------------------------------------------------- ndarray behaviour
    @property
    def raw(self) -> np.ndarray:
        """The raw integers (int64 ndarray, or object ndarray of Python ints)."""
        return self._raw

    @property
    def type(self) -> FixedType:
        return self._type

    @property
    def shape(self) -> tuple[int, ...]:
        return self._raw.shape

    @property
    def ndim(self) -> int:
        return self._raw.ndim

    @property
    def size(self) -> int:
        return self._raw.size

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index) -> FixedArray:
        return FixedArray._trusted(np.asarray(self._raw[index]), self._type)

    def __setitem__(self, index, value: FixedArray) -> None:
        """``a[i] = v`` assigns like C++ ``=``: v is cast to this array's type."""
        if not isinstance(value, FixedArray):
            raise TypeError("assign a FixedArray (use FixedArray.from_float for floats)")
        self._raw[index] = value.cast(self._type).raw

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def reshape(self, *shape) -> FixedArray:
        return FixedArray._trusted(self._raw.reshape(*shape), self._type)

    def ravel(self) -> FixedArray:
        return FixedArray._trusted(self._raw.ravel(), self._type)

    @property
    def T(self) -> FixedArray:  # noqa: N802 - mirrors ndarray.T
        return FixedArray._trusted(self._raw.T, self._type)

    def broadcast_to(self, shape: tuple[int, ...]) -> FixedArray:
        return FixedArray._trusted(np.broadcast_to(self._raw, shape), self._type)

    def copy(self) -> FixedArray:
        return FixedArray._trusted(self._raw.copy(), self._type)

    def __repr__(self) -> str:
        """``FixedArray(raws, 'type')`` (evaluable) for up to 32 values; larger arrays show their
        shape, type and a few values.

        >>> FixedArray([3, -4], "ap_fixed<4,2>")
        FixedArray([3, -4], 'ap_fixed<4,2>')
        >>> FixedArray(np.zeros((100, 16), dtype=np.int64), "ap_fixed<16,6>")
        <FixedArray shape (100, 16) of ap_fixed<16,6>: values [0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0]>
        """
        if self._raw.size <= 32:
            return f"FixedArray({self._raw.tolist()!r}, {str(self._type)!r})"
        flat = self.to_float().reshape(-1)
        head = ", ".join(repr(float(v)) for v in flat[:3])
        tail = ", ".join(repr(float(v)) for v in flat[-3:])
        return f"<FixedArray shape {self.shape} of {self._type}: values [{head}, ..., {tail}]>"

    def _repr_html_(self) -> str:
        """A notebook's view: type, shape and the first rows' values (floats) in a table."""
        import html

        vals = self.to_float()
        rows = vals.reshape(vals.shape[0] if vals.ndim > 1 else 1, -1)[:10, :12]
        body = "".join("<tr>" + "".join(f"<td>{v:g}</td>" for v in r) + "</tr>" for r in rows)
        return (f"<div><code>{html.escape(str(self._type))}</code> shape {self.shape}"
                f"<table>{body}</table></div>")

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """``np.asarray(a)``: the float values (``to_float``; exact up to 53 significant bits).

        >>> np.asarray(FixedArray([3, -4], "ap_fixed<4,2>"))
        array([ 0.75, -1.  ])
        """
        values = self.to_float()
        return values if dtype is None else values.astype(dtype)

    # -------------------------------------------------------------------- arithmetic
    def _binary(self, other, op: Callable[[FixedArray, FixedArray], FixedArray], reflected: bool):
        o = _operand(other)
        if o is None:
            return NotImplemented
        return op(o, self) if reflected else op(self, o)

    def __add__(self, other):
        return self._binary(other, _add, False)

    def __radd__(self, other):
        return self._binary(other, _add, True)

    def __sub__(self, other):
        return self._binary(other, _sub, False)

    def __rsub__(self, other):
        return self._binary(other, _sub, True)

    def __mul__(self, other):
        return self._binary(other, _mul, False)

    def __rmul__(self, other):
        return self._binary(other, _mul, True)

    def __neg__(self) -> FixedArray:
        t = neg_type(self._type)
        big = not t.fits_int64 or self._raw.dtype == object
        r = _to_object(self._raw) if big else self._raw
        return FixedArray._trusted(_as_raw(-r, t), t)

    def __pos__(self) -> FixedArray:
        return self

    def __lshift__(self, shift) -> FixedArray:
        """``x << sh``: same type, bits shifted out at the top are lost (negative sh shifts right).

        Shifts by ``W`` or more give 0, as ``ap_private`` does.
        """
        return _shift(self, shift, left=True)

    def __rshift__(self, shift) -> FixedArray:
        """``x >> sh``: same type, arithmetic for signed types (floor), logical for unsigned."""
        return _shift(self, shift, left=False)

    # -------------------------------------------------------------------- comparisons
    def _compare(self, other, op: Callable[[Any, Any], np.ndarray]):
        if isinstance(other, float | np.floating):
            return op(self.to_double(), np.float64(other))  # the headers: to_double() op d
        o = _operand(other)
        if o is None:
            return NotImplemented
        return np.asarray(_header_compare(self, o, op), dtype=bool)

    def __eq__(self, other):  # type: ignore[override]
        return self._compare(other, np.equal)

    def __ne__(self, other):  # type: ignore[override]
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)


# ------------------------------------------------------------------------------------ operations
def _operand(x) -> FixedArray | None:
    """A FixedArray, or a Python/NumPy int as C++ ``int``; None for anything else."""
    if isinstance(x, FixedArray):
        return x
    if isinstance(x, int | np.integer) and not isinstance(x, bool):
        if not CPP_INT.min_raw <= int(x) <= CPP_INT.max_raw:
            raise OverflowError(f"{x} does not fit a C++ int; wrap it in a FixedArray of a wider type")
        return FixedArray._trusted(np.asarray(int(x), dtype=np.int64), CPP_INT)
    return None


def _aligned(a: FixedArray, b: FixedArray, frac: int | None = None,
             int64_ok: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Both raws scaled to ``frac`` fraction bits (default: the larger F), exactly."""
    f = max(a.type.frac, b.type.frac) if frac is None else frac
    sa, sb = f - a.type.frac, f - b.type.frac
    if int64_ok is None:
        int64_ok = max(_bits_needed(a.type, sa), _bits_needed(b.type, sb)) <= 64
    int64_ok = int64_ok and a.raw.dtype != object and b.raw.dtype != object
    return _scaled(a.raw, sa, int64_ok), _scaled(b.raw, sb, int64_ok)


def _add(a: FixedArray, b: FixedArray) -> FixedArray:
    t = plus_type(a.type, b.type)
    x, y = _aligned(a, b, t.frac, t.fits_int64)
    return FixedArray._trusted(_as_raw(x + y, t), t)


def _sub(a: FixedArray, b: FixedArray) -> FixedArray:
    t = minus_type(a.type, b.type)
    x, y = _aligned(a, b, t.frac, t.fits_int64)
    return FixedArray._trusted(_as_raw(x - y, t), t)


def _mul(a: FixedArray, b: FixedArray) -> FixedArray:
    t = mult_type(a.type, b.type)
    if t.fits_int64 and a.raw.dtype != object and b.raw.dtype != object:
        return FixedArray._trusted(a.raw * b.raw, t)  # |a*b| < 2**(W1+W2-1): no int64 overflow
    x = a.raw if a.raw.dtype == object else _to_object(a.raw)
    y = b.raw if b.raw.dtype == object else _to_object(b.raw)
    return FixedArray._trusted(_as_raw(x * y, t), t)


def _shift(x: FixedArray, shift, left: bool) -> FixedArray:
    """``x << k`` / ``x >> k`` as ``ap_private`` does it: left shifts wrap (``k >= W`` gives 0),
    right shifts floor (``k >= W`` gives the sign fill); negative ``k`` shifts the other way."""
    s = np.asarray(shift)
    if not np.issubdtype(s.dtype, np.integer):
        raise TypeError(f"shift amounts must be integers, got {shift!r}")
    t = x.type
    k = np.clip(s.astype(np.int64), -t.width, t.width) * (1 if left else -1)  # > 0: towards MSB
    if x.raw.dtype != object:
        raw = x.raw.astype(np.int64, copy=False)
        up = np.left_shift(raw.view(np.uint64), np.clip(k, 0, 63).astype(np.uint64))
        up = np.where(k >= t.width, np.int64(0), _wrap(up.view(np.int64), t))
        down = np.right_shift(raw, np.clip(-k, 0, 63))
        return FixedArray._trusted(np.where(k >= 0, up, down).astype(np.int64), t)
    moved = np.frompyfunc(lambda r, n: int(r) << int(n) if n >= 0 else int(r) >> -int(n), 2, 1)(x.raw, k)
    return FixedArray._trusted(_wrap(np.asarray(moved, dtype=object), t), t)


# ------------------------------------------------------------------------------------ comparisons
def _compare_widths(a: FixedType, b: FixedType) -> tuple[int, int]:
    """Widths of the two ``ap_private`` values ``OP_CMP_AF`` compares after aligning the binary
    points: the operand with fewer fraction bits is widened (the left one by one extra bit)."""
    if a.frac == b.frac:
        return a.width, b.width
    if a.frac > b.frac:
        return a.width, max(b.width + a.frac - b.frac, 1)
    return max(a.width + b.frac - a.frac + 1, 1), b.width


def _mod_pow2(x: np.ndarray, m: int) -> np.ndarray:
    """``x mod 2**m`` (non-negative), int64/uint64 when ``m <= 64``, else Python ints."""
    if x.dtype != object and m <= 63:
        return x & np.int64((1 << m) - 1)
    if x.dtype != object and m == 64:
        return x.view(np.uint64)
    obj = x if x.dtype == object else _to_object(x)
    return np.asarray(np.frompyfunc(lambda v: int(v) % (1 << m), 1, 1)(obj), dtype=object)


def _header_compare(a: FixedArray, b: FixedArray, op: Callable) -> np.ndarray:
    """``a op b`` exactly as the headers evaluate it.

    The values are aligned exactly, but ``ap_private``'s comparison of a signed and an unsigned
    operand is not a value comparison: ``==`` compares the patterns modulo ``2**max(Wl, Wr, 32)``
    (modulo ``2**64`` when the widths are equal), and ``<``/``>`` compare the patterns modulo
    ``2**(max(Wl, Wr) + 1)`` as unsigned numbers when the unsigned operand is at least as wide as
    the signed one (unless both are narrower than 32 bits). So ``ap_fixed<33,1>(-1) > ap_ufixed<1,1>(0)``.
    """
    wl, wr = _compare_widths(a.type, b.type)
    x, y = _aligned(a, b)
    if a.type.signed == b.type.signed:
        return op(x, y)
    if op in (np.equal, np.not_equal):
        m = 64 if wl == wr <= 64 else max(wl, wr, 32)
        return op(_mod_pow2(x, m), _mod_pow2(y, m))
    w_unsigned, w_signed = (wr, wl) if a.type.signed else (wl, wr)
    if (wl <= 64 and wl < 32 and wr < 32) or w_unsigned < w_signed:
        return op(x, y)
    m = max(wl, wr) + 1
    return op(_mod_pow2(x, m), _mod_pow2(y, m))
