"""Lookup tables of ``nnet_activation.h``: how the C++ fills them and how it indexes them.

Mirrors ``init_sigmoid_table``, ``init_tanh_table``, ``init_softplus_table``,
``init_softsign_table``, ``init_elu_table``, ``init_selu_table``, ``init_exp_table_legacy``,
``init_invert_table_legacy``, ``init_exp_table``, ``init_invert_table``,
``softmax_real_val_from_idx`` and ``softmax_idx_from_real_val``, plus the index arithmetic every
LUT activation repeats (``data_round = data[ii] * CONFIG_T::table_size / 16; ...``).

Filling: the C++ evaluates the function in ``float`` with glibc's ``expf``/``tanhf`` (and ``log``
in double where the expression is double), then converts the float to ``table_t`` through double.
NumPy's float32 ``exp``/``tanh`` differ from glibc in the last ulp for thousands of entries, so the
math functions are called from ``libm`` through ctypes, once per table (tables are cached).

Indexing: ``data[ii] * table_size`` is an exact ``ap_fixed`` product with an ``ap_uint<32>``;
``/ 16`` is ``ap_fixed_base::operator/`` (truncating division, result type ``RType::div``); the
assignment to ``int`` is ``to_int()`` (truncation toward zero, then the low 32 bits).
The fast path is the Numba kernel :func:`fxsim.kernels.activation.lut_index`; the reference path
(:func:`lut_index_reference`) transliterates the same steps on Python ints.

>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<18,8>")
>>> table = fixed_table("sigmoid", 1024, t)
>>> int(table[512]) == int(t.quantize(0.5))
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import numpy as np

from fxsim.conversion import cast, to_float
from fxsim.kernels import activation as ka
from fxsim.reference import int_from_fixed, wrap
from fxsim.trace import Recorder, is_recording
from fxsim.types import FixedType

__all__ = [
    "expf", "tanhf", "libm_log", "float_table", "fixed_table", "softmax_exp_floats",
    "softmax_invert_floats", "softmax_exp_table", "softmax_invert_table", "lut_index",
    "lut_index_reference", "lookup", "ceillog2", "slice_index", "real_val_from_idx", "to_float32",
]

#: ``typedef ap_fixed<18, 8> table_t`` and ``table_size = 1024`` of ``nnet::activ_config``.
ACTIV_TABLE_T = FixedType(18, 8)
ACTIV_TABLE_SIZE = 1024


# ------------------------------------------------------------------------------------ libm
@functools.cache
def _libm() -> ctypes.CDLL:
    lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    for name in ("expf", "tanhf"):
        getattr(lib, name).restype = ctypes.c_float
        getattr(lib, name).argtypes = [ctypes.c_float]
    lib.log.restype = ctypes.c_double
    lib.log.argtypes = [ctypes.c_double]
    return lib


def _elementwise(fn, x: np.ndarray, dtype: type) -> np.ndarray:
    return np.fromiter((fn(float(v)) for v in np.ravel(x)), dtype=dtype, count=np.size(x)).reshape(np.shape(x))


def expf(x) -> np.ndarray:
    """glibc ``expf`` (what ``std::exp(float)`` calls), elementwise on float32.

    >>> float(expf(np.float32(1.0))[()])
    2.7182817459106445
    """
    return _elementwise(_libm().expf, np.asarray(x, dtype=np.float32), np.float32)


def tanhf(x) -> np.ndarray:
    """glibc ``tanhf`` (what ``tanh(float)`` calls in ``init_tanh_table``), elementwise."""
    return _elementwise(_libm().tanhf, np.asarray(x, dtype=np.float32), np.float32)


def libm_log(x) -> np.ndarray:
    """glibc ``log`` on doubles, elementwise."""
    return _elementwise(_libm().log, np.asarray(x, dtype=np.float64), np.float64)


# ------------------------------------------------------------------------------------ float tables
def _symmetric_grid(n: int, half_range: float) -> np.ndarray:
    """``float in_val = 2 * R * (ii - float(N_TABLE) / 2.0) / float(N_TABLE);`` (double math)."""
    ii = np.arange(n, dtype=np.float64)
    return ((2 * half_range) * (ii - n / 2.0) / float(n)).astype(np.float32)


def _negative_grid(n: int) -> np.ndarray:
    """``float in_val = -8.0 * ii / float(N_TABLE);`` (elu, selu)."""
    return (-8.0 * np.arange(n, dtype=np.float64) / float(n)).astype(np.float32)


def _f64(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


_SELU_LAMBDA = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717


def _sigmoid(n: int) -> np.ndarray:
    # sigmoid_fcn_float: return 1.0 / (1 + std::exp(-input));  (1 + float is float, 1.0 / is double)
    x = _symmetric_grid(n, 8.0)
    return (1.0 / _f64(np.float32(1) + expf(-x))).astype(np.float32)


def _tanh(n: int) -> np.ndarray:
    return tanhf(_symmetric_grid(n, 4.0))


def _softplus(n: int) -> np.ndarray:
    # std::log(std::exp(input) + 1.): float exp, double add and log
    return libm_log(_f64(expf(_symmetric_grid(n, 8.0))) + 1.0).astype(np.float32)


def _softsign(n: int) -> np.ndarray:
    x = _f64(_symmetric_grid(n, 8.0))
    return (x / (np.abs(x) + 1.0)).astype(np.float32)


def _elu(n: int) -> np.ndarray:
    return (_f64(expf(_negative_grid(n))) - 1.0).astype(np.float32)


def _selu(n: int) -> np.ndarray:
    return (_SELU_LAMBDA * (_SELU_ALPHA * (_f64(expf(_negative_grid(n))) - 1.0))).astype(np.float32)


def _exp_legacy(n: int) -> np.ndarray:
    return expf(_symmetric_grid(n, 8.0))


def _invert_legacy(n: int) -> np.ndarray:
    # float in_val = 64.0 * ii / float(N_TABLE); table_out[ii] = in_val > 0 ? 1.0 / in_val : 0.0 (double)
    x = _f64((64.0 * np.arange(n, dtype=np.float64) / float(n)).astype(np.float32))
    with np.errstate(divide="ignore"):
        return np.where(x > 0.0, 1.0 / x, 0.0)


_FLOAT_TABLES = {
    "sigmoid": _sigmoid, "tanh": _tanh, "softplus": _softplus, "softsign": _softsign, "elu": _elu,
    "selu": _selu, "exp_legacy": _exp_legacy, "invert_legacy": _invert_legacy,
}


@functools.cache
def float_table(name: str, n: int) -> np.ndarray:
    """The value each ``init_<name>_table<CONFIG_T, n>`` entry has before it becomes ``table_t``.

    float64 array (float32 results widened exactly; ``invert_legacy`` is computed in double).
    Read-only and cached.

    >>> float_table("tanh", 8)[4:].tolist()
    [0.0, 0.7615941762924194, 0.9640275835990906, 0.9950547814369202]
    """
    try:
        fn = _FLOAT_TABLES[name]
    except KeyError:
        raise ValueError(f"no LUT named {name!r}; one of {sorted(_FLOAT_TABLES)}") from None
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"table size must be a positive integer, got {n!r}")
    out = _f64(fn(int(n)))
    out.setflags(write=False)
    return out


@functools.cache
def fixed_table(name: str, n: int, table_t: FixedType) -> np.ndarray:
    """Raw ``table_t`` contents of ``init_<name>_table`` (``table_t real_val = float``).

    >>> fixed_table("sigmoid", 8, FixedType(8, 1)).tolist()
    [0, 0, 2, 15, 64, 112, 125, 127]
    """
    raw = table_t.quantize(float_table(name, n))
    raw.setflags(write=False)
    return raw


# ------------------------------------------------------------------------------------ softmax tables
def ceillog2(x: int) -> int:
    """``nnet::ceillog2``: ``(x <= 2) ? 1 : 1 + ceillog2((x + 1) / 2)``.

    >>> [ceillog2(v) for v in (1, 2, 3, 4, 5, 1024, 1025)]
    [1, 1, 2, 2, 3, 10, 11]
    """
    n = 1
    while x > 2:
        x = (x + 1) // 2
        n += 1
    return n


def _address_bits(t: FixedType, table_size: int) -> int:
    n = ceillog2(table_size)
    if n > t.width:
        raise ValueError(
            f"a table of {table_size} entries needs {n} address bits but {t} has only {t.width}: "
            "x(x.width - 1, x.width - N) reads outside the type (undefined in the headers; hls4ml's "
            "fix_softmax_table_size pass shrinks the table to avoid this)"
        )
    return n


def real_val_from_idx(i: np.ndarray, t: FixedType, table_size: int) -> np.ndarray:
    """``softmax_real_val_from_idx<t, table_size>``'s ``x`` as raw ``t``: index in the top N bits."""
    n = _address_bits(t, table_size)
    return np.array([wrap(int(v) << (t.width - n), t.width, t.signed) for v in np.ravel(i)], dtype=object)


def slice_index(raw: np.ndarray, t: FixedType, table_size: int) -> np.ndarray:
    """``softmax_idx_from_real_val<t, table_size>(x)``: the top N bits of x as unsigned (int64).

    >>> slice_index(np.array([-1, 0, 127, -128]), FixedType(8, 3), 16).tolist()
    [15, 0, 7, 8]
    """
    n = _address_bits(t, table_size)
    a = np.asarray(raw)
    if a.dtype != object and t.width <= 63:
        return (a.astype(np.int64) >> (t.width - n)) & ((1 << n) - 1)
    f = np.frompyfunc(lambda v: (int(v) >> (t.width - n)) & ((1 << n) - 1), 1, 1)
    return np.asarray(f(a), dtype=np.int64)


def to_float32(raw: np.ndarray, t: FixedType) -> np.ndarray:
    """``ap_fixed_base::to_float()``: the exact value rounded once to float (nearest, ties even).

    Values outside float's normal range are not supported (the header builds garbage bits there).

    >>> to_float32(np.array([1, -3]), FixedType(4, 1)).tolist()
    [0.125, -0.375]
    """
    a = np.asarray(raw)
    if t.width <= 53 and a.dtype != object:
        return to_float(a, t).astype(np.float32)  # exact double, then a single rounding
    return np.array([_to_float_reference(int(v), t) for v in a.ravel()], dtype=np.float32).reshape(a.shape)


def _to_float_reference(v: int, t: FixedType) -> float:
    """``to_float()`` transliterated on Python ints (any width)."""
    if v == 0:
        return 0.0
    neg = t.signed and v < 0
    tmp = (-v if neg else v) & ((1 << t.width) - 1)
    lead = t.width - tmp.bit_length()
    e = t.integer - lead - 1
    lsb_index = t.width - lead - 1 - 23
    a = lsb_index >= 2 and tmp & ((1 << (lsb_index - 1)) - 1) != 0
    a = a or (lsb_index >= 0 and (tmp >> lsb_index) & 1 == 1)
    m = tmp >> (lsb_index - 1) if lsb_index >= 1 else tmp << (1 - lsb_index)
    m = (m + int(a)) >> 1
    if (m >> 24) & 1:
        e += 1
    if not -126 <= e <= 127:
        raise ValueError(f"{t} value out of float's normal range: to_float() is not defined there")
    mag = (1.0 + (m & 0x7FFFFF) / 2.0**23) * 2.0**e
    return -mag if neg else mag


@functools.cache
def softmax_exp_floats(data_t: FixedType, table_size: int, exp_scale: float = 1.0,
                       negative: bool = False) -> np.ndarray:
    """The float each ``init_exp_table<data_t, CONFIG_T>`` entry holds before it becomes
    ``exp_table_t``: ``float x = softmax_real_val_from_idx(i) * CONFIG_T::exp_scale;
    if (negative) x = -x; std::exp(x)`` (float math, glibc ``expf``). float64 array, read-only."""
    x = to_float32(real_val_from_idx(np.arange(table_size), data_t, table_size), data_t)
    x = x * np.float32(exp_scale)
    if negative:
        x = -x
    out = _f64(expf(x))
    out.setflags(write=False)
    return out


@functools.cache
def softmax_invert_floats(inv_inp_t: FixedType, table_size: int) -> np.ndarray:
    """The float of each ``init_invert_table<inv_inp_t, CONFIG_T>`` entry: ``1 / x`` in float
    (x == 0 gives +inf, which the conversion to ``inv_table_t`` then handles as the headers do)."""
    x = to_float32(real_val_from_idx(np.arange(table_size), inv_inp_t, table_size), inv_inp_t)
    with np.errstate(divide="ignore"):
        out = _f64(np.float32(1) / x)
    out.setflags(write=False)
    return out


@functools.cache
def softmax_exp_table(data_t: FixedType, table_size: int, exp_table_t: FixedType,
                      exp_scale: float = 1.0, negative: bool = False) -> np.ndarray:
    """Raw ``exp_table_t`` contents of ``init_exp_table<data_t, CONFIG_T>(table, negative)``."""
    raw = exp_table_t.quantize(softmax_exp_floats(data_t, table_size, exp_scale, negative))
    raw.setflags(write=False)
    return raw


@functools.cache
def softmax_invert_table(inv_inp_t: FixedType, table_size: int, inv_table_t: FixedType) -> np.ndarray:
    """Raw ``inv_table_t`` contents of ``init_invert_table<inv_inp_t, CONFIG_T>``."""
    raw = inv_table_t.quantize(softmax_invert_floats(inv_inp_t, table_size))
    raw.setflags(write=False)
    return raw


# ------------------------------------------------------------------------------------ lookup
def div_type(t: FixedType, multiplier: int) -> FixedType:
    """Type of ``x * (unsigned)multiplier / (int)d``: ``RType<32,32,false>::mult`` then
    ``RType<32,32,true>::div`` (F2 = 0, so div_w = W + 1, div_i = I + 1, signed).

    >>> str(div_type(FixedType.parse("ap_fixed<16,6>"), 1024))
    'ap_fixed<49,39>'
    """
    del multiplier  # always an unsigned int (ap_uint<32>): the type does not depend on the value
    return FixedType(t.width + 33, t.integer + 33, True)


def _fast_ok(t: FixedType, multiplier: int, raw: np.ndarray) -> bool:
    bits = t.width + 1 + int(abs(multiplier)).bit_length() + max(-t.frac, 0)
    return raw.dtype != object and bits <= 62


def lut_index(raw: np.ndarray, t: FixedType, multiplier: int, divisor: int, offset: int,
              size: int, clamp_low: bool = True, *, stats: Recorder | None = None) -> np.ndarray:
    """Table index of every raw ``t`` value, as the LUT activations compute it::

        data_round = data[ii] * multiplier / divisor;   // ap_fixed arithmetic, then to_int()
        index = data_round + offset;                     // offset is unsigned: wraps
        if (index < 0) index = 0;                        // unless clamp_low is False (elu)
        if (index > size - 1) index = size - 1;          // compared as unsigned

    >>> lut_index(np.array([-200, 0, 7, 200]), FixedType(8, 3), 1024, 16, 512, 1024).tolist()
    [112, 512, 526, 912]
    """
    a = np.asarray(raw)
    if is_recording(stats):
        _record_clamps(a, t, multiplier, divisor, offset, size, clamp_low, stats)
    if _fast_ok(t, multiplier, a):
        d = div_type(t, multiplier)
        flat = np.ascontiguousarray(a, dtype=np.int64).ravel()
        out = ka.lut_index(flat, multiplier, divisor, d.frac, d.integer, offset, size, clamp_low)
        return out.reshape(a.shape)
    return lut_index_reference(a, t, multiplier, divisor, offset, size, clamp_low)


def _record_clamps(a: np.ndarray, t: FixedType, multiplier: int, divisor: int, offset: int, size: int,
                   clamp_low: bool, stats: Recorder) -> None:
    """Count the indices the clamps move (into ``stats``): same arithmetic, no clamp."""
    big = 1 << 31  # an index range the int32 arithmetic never reaches: nothing is clamped
    free = lut_index_reference(a, t, multiplier, divisor, offset + big // 2, big - 1, False)
    free = free.astype(np.int64) - big // 2
    n = np.count_nonzero(free > size - 1) + (np.count_nonzero(free < 0) if clamp_low else 0)
    stats.record_table_clamp(f"table[{size}] of {t}", int(n))


def lut_index_reference(raw: np.ndarray, t: FixedType, multiplier: int, divisor: int, offset: int,
                        size: int, clamp_low: bool = True) -> np.ndarray:
    """The reference path of :func:`lut_index`: the header's steps on Python ints, one by one."""
    d = div_type(t, multiplier)

    def one(v: int) -> int:
        product = int(v) * multiplier                       # RType<32,32,false>::mult, exact
        q = abs(product) // abs(divisor)                    # ap_private::sdiv truncates toward 0
        q = -q if (product < 0) != (divisor < 0) else q
        data_round = int_from_fixed(q, d.width, d.integer, True, 32, True)   # int = to_int()
        index = wrap(data_round + offset, 32, True)          # int + unsigned: wraps mod 2**32
        if clamp_low and index < 0:
            index = 0
        if index % 2**32 > size - 1:                        # int > unsigned compares as unsigned
            index = size - 1
        return index

    a = np.asarray(raw)
    return np.array([one(v) for v in a.ravel()], dtype=np.int64).reshape(a.shape)


def lookup(table_raw: np.ndarray, table_t: FixedType, index: np.ndarray, res_t: FixedType, *,
           stats: Recorder | None = None) -> np.ndarray:
    """``res[ii] = (res_T)table[index]`` for every index: the table is cast once, then gathered."""
    return cast_table(table_raw, table_t, res_t, stats=stats)[index]


def cast_table(table_raw: np.ndarray, table_t: FixedType, res_t: FixedType, *,
               stats: Recorder | None = None) -> np.ndarray:
    """Every table entry cast to ``res_t`` (cached for the read-only cached tables)."""
    if not table_raw.flags.writeable:
        return _cast_table_cached(_TableKey(table_raw), table_t, res_t)
    return cast(table_raw, src=table_t, dst=res_t, stats=stats)


class _TableKey:
    """Hash a read-only table by identity (cached tables are unique objects)."""

    __slots__ = ("table",)

    def __init__(self, table: np.ndarray) -> None:
        self.table = table

    def __hash__(self) -> int:
        return id(self.table)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TableKey) and other.table is self.table


@functools.lru_cache(maxsize=256)
def _cast_table_cached(key: _TableKey, table_t: FixedType, res_t: FixedType) -> np.ndarray:
    out = cast(key.table, src=table_t, dst=res_t)
    out.setflags(write=False)
    return out
