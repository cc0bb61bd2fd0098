"""Twin of hls4ml's Quartus ``nnet_utils/nnet_activation.h`` (``templates/quartus/firmware``):
the element-wise activations without tables (``linear``, ``relu``).

>>> from fxsim.acarray import AcArray
>>> x = AcArray.from_float([-1.5, 0.0, 2.75], "ac_fixed<16,6,true>")
>>> relu(x, AcType(8, 3, False)).to_float().tolist()
[0.0, 0.0, 2.75]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def linear(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::linear``: ``res[ii] = data[ii]`` (a cast to ``res_T``)."""
    return data.cast(res_t)


def relu(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::relu``: ``res = data > 0 ? data : 0`` (the positive values cast to ``res_T``)."""
    out = data.cast(res_t).raw.copy()
    out[~np.asarray(data > 0, dtype=bool)] = 0
    return AcArray._trusted(out, res_t)


# ------------------------------------------------------------------------------------ tables
class TableIndexError(ValueError):
    """An input whose table index falls outside the table: the C++ reads past the array (undefined
    behaviour; the value it gets depends on the build), so fxsim refuses to guess."""


def check_table_index(idx: np.ndarray, size: int, data: AcArray, func: str) -> None:
    bad = (idx < 0) | (idx >= size)
    if bad.any():
        k = int(np.flatnonzero(bad.reshape(-1))[0])
        v = float(data.to_float().reshape(-1)[k])
        raise TableIndexError(f"{func}: input {v!r} gives table index {int(idx.reshape(-1)[k])} outside "
                              f"[0, {size}) ({int(bad.sum())} such inputs): the firmware reads past its table")


def table_values(values, table_t: AcType) -> AcArray:
    """A ``.tb`` table (Python-written decimals) as ``static const CONFIG_T::table_t t[N] = {…}``."""
    return AcArray.from_float(np.asarray(values, dtype=np.float64), table_t)


def _abs_in_type(data: AcArray) -> AcArray:
    """``data_T a = data < 0 ? -data : data`` (the negation assigned back to data_T)."""
    neg = (-data).cast(data.type)
    raw = np.where(np.asarray(data < 0, dtype=bool), neg.raw, data.raw)
    return AcArray._trusted(raw, data.type)


def _lookup(table: AcArray, idx: np.ndarray) -> AcArray:
    return AcArray._trusted(table.raw[idx], table.type)


def sigmoid(data: AcArray, table: AcArray, table_size: int, res_t: AcType) -> AcArray:
    """``nnet::sigmoid``: table over [0, 8) at midpoints, ``index = (|x| * (N/8)).to_int()`` (floor),
    ``|x| > 8 -> N-1``, ``x < 0 -> 1 - table``. ``|x| == 8`` or ``x == min`` index outside the table:
    :class:`TableIndexError`."""
    a = _abs_in_type(data)
    idx = (a * (table_size // 8)).to_int()
    idx = np.where(np.asarray(a > 8, dtype=bool), table_size - 1, idx)
    check_table_index(idx, table.shape[0], data, "sigmoid")
    t2 = _lookup(table, idx).cast(res_t)
    one_minus = (1 - t2).cast(res_t)
    return AcArray._trusted(np.where(np.asarray(data < 0, dtype=bool), one_minus.raw, t2.raw), res_t)


def dense_tanh(data: AcArray, table: AcArray, table_size: int, res_t: AcType) -> AcArray:
    """``nnet::dense_tanh``: table over [0, 4) at midpoints, ``ac_int<16> index = (|x| * (N/4)).to_int()``,
    ``|x| > 4 -> N-1``, sign restored by negation."""
    a = _abs_in_type(data)
    idx = (a * (table_size // 4)).to_int()
    idx = ((idx + (1 << 15)) % (1 << 16)) - (1 << 15)  # ac_int<16>
    idx = np.where(np.asarray(a > 4, dtype=bool), table_size - 1, idx)
    check_table_index(idx, table.shape[0], data, "dense_tanh")
    t2 = _lookup(table, idx).cast(res_t)
    neg = (-t2).cast(res_t)
    return AcArray._trusted(np.where(np.asarray(data < 0, dtype=bool), neg.raw, t2.raw), res_t)


# ------------------------------------------------------------------------------- more activations
def _select(cond, a: AcArray, b: AcArray, res_t: AcType) -> AcArray:
    """``cond ? a : b`` elementwise, both already of ``res_t``."""
    raw = np.where(np.asarray(cond, dtype=bool), np.broadcast_to(a.raw, np.shape(cond)),
                   np.broadcast_to(b.raw, np.shape(cond)))
    return AcArray._trusted(np.asarray(raw), res_t)


def _const(value: float, t: AcType) -> AcArray:
    """``T(value)``: a C++ constant converted to ``t`` (a scalar AcArray)."""
    return AcArray.from_float(np.asarray(value, dtype=np.float64), t)


def relu_max(data: AcArray, max_int: int, res_t: AcType) -> AcArray:
    """``nnet::relu_max<…, MAX_INT>`` (``relu6``, ``relu1``): ``x < 0 -> 0``, ``x > MAX -> (res_T)MAX``."""
    zero, top = _const(0, res_t), _const(max_int, res_t)
    r = _select(data > max_int, top, data.cast(res_t), res_t)
    return _select(data < 0, zero, r, res_t)


def hard_sigmoid(data: AcArray, slope: AcArray, shift: AcArray, res_t: AcType) -> AcArray:
    """``nnet::hard_sigmoid``: ``auto d = slope * x + shift`` (exact), clipped to [0, 1] by
    assigning the ints 1 and 0 to that type, then ``(res_T) d``."""
    d = slope * data + shift
    d = _select(d > 1, _const(1, d.type), d, d.type)
    d = _select(d < 0, _const(0, d.type), d, d.type)
    return d.cast(res_t)


def hard_tanh(data: AcArray, slope: AcArray, shift: AcArray, res_t: AcType) -> AcArray:
    """``nnet::hard_tanh``: the hard sigmoid's clipped ``s``, then ``res = 2 * s - 1``."""
    d = slope * data + shift
    d = _select(d > 1, _const(1, d.type), d, d.type)
    d = _select(d < 0, _const(0, d.type), d, d.type)
    return (2 * d - 1).cast(res_t)


def leaky_relu(data: AcArray, alpha: AcArray, res_t: AcType) -> AcArray:
    """``nnet::leaky_relu``: ``x > 0 ? x : alpha * x`` (``alpha`` a ``param_T`` scalar)."""
    return _select(data > 0, data.cast(res_t), (alpha * data).cast(res_t), res_t)


def prelu(data: AcArray, alpha: AcArray, res_t: AcType) -> AcArray:
    """``nnet::prelu``: ``x > 0 ? x : alpha[i] * x`` (``alpha`` one per element)."""
    return leaky_relu(data, alpha, res_t)


def thresholded_relu(data: AcArray, theta: AcArray, res_t: AcType) -> AcArray:
    """``nnet::thresholded_relu``: ``x > theta ? x : 0``."""
    return _select(data > theta, data.cast(res_t), _const(0, res_t), res_t)


def binary_tanh(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::binary_tanh``: ``res_T cache = x > 0 ? 1 : -1``."""
    return _select(data > 0, _const(1, res_t), _const(-1, res_t), res_t)


def ternary_tanh(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::ternary_tanh``: ``data_T d = 2 * x`` (wraps in ``data_T``), then 1 / 0 / -1 at ±1."""
    d = (2 * data).cast(data.type)
    r = _select(d > 1, _const(1, res_t), _const(-1, res_t), res_t)
    return _select((d > -1) & (d <= 1), _const(0, res_t), r, res_t)


def _index(idx, bits: int) -> np.ndarray:
    """An index variable: ``ac_int<16>`` (``bits=16``) or ``int`` (``bits=32``)."""
    idx = np.asarray(idx).astype(np.int64)
    return ((idx + (1 << (bits - 1))) % (1 << bits)) - (1 << (bits - 1))


def softplus(data: AcArray, table: AcArray, table_size: int, res_t: AcType, index_bits: int = 16) -> AcArray:
    """``nnet::softplus``: ``ac_int<16> r = (x * N / 16).to_int()``, ``index = r + 8 * N / 16``
    (as ``ac_int<16>``), clamped to the table. The io_stream overload uses ``int`` (``index_bits=32``)."""
    r = _index((data * table_size / 16).to_int(), index_bits)
    idx = np.clip(_index(r + 8 * table_size // 16, index_bits), 0, table_size - 1)
    check_table_index(idx, table.shape[0], data, "softplus")
    return _lookup(table, idx).cast(res_t)


def softsign(data: AcArray, table: AcArray, table_size: int, res_t: AcType) -> AcArray:
    """``nnet::softsign``: table over [0, 8), ``ac_int<16> index = (|x| * N / 8).to_int()``,
    ``|x| > 8 -> N-1``, sign restored by negation in ``res_T``. ``|x| == 8`` and ``x == min``
    index outside the table: :class:`TableIndexError`."""
    a = _abs_in_type(data)
    idx = _index((a * table_size / 8).to_int(), 16)
    idx = np.where(np.asarray(a > 8, dtype=bool), table_size - 1, idx)
    check_table_index(idx, table.shape[0], data, "softsign")
    t2 = _lookup(table, idx).cast(res_t)
    return _select(data < 0, (-t2).cast(res_t), t2, res_t)


def _negative_index(data: AcArray, table_size: int, index_bits: int = 16) -> np.ndarray:
    """``ac_int<16> index = (x * N / -8).to_int()``, capped at ``N - 1`` (``elu``, ``selu``;
    ``int`` in the io_stream overloads)."""
    idx = _index((data * table_size / -8).to_int(), index_bits)
    return np.minimum(idx, table_size - 1)


def elu(data: AcArray, alpha: AcArray, table: AcArray, table_size: int, res_t: AcType,
        index_bits: int = 16) -> AcArray:
    """``nnet::elu``: ``x >= 0 ? x : alpha * elu_table[(x * N / -8).to_int()]``."""
    neg = np.asarray(data < 0, dtype=bool)
    idx = np.where(neg, _negative_index(data, table_size, index_bits), 0)
    check_table_index(idx, table.shape[0], data, "elu")
    return _select(neg, (alpha * _lookup(table, idx)).cast(res_t), data.cast(res_t), res_t)


#: ``res_T(1.0507009873554804934193349852946)`` in ``nnet::selu`` (a double literal).
SELU_SCALE = 1.0507009873554804934193349852946


def selu(data: AcArray, table: AcArray, table_size: int, res_t: AcType, scale_t: AcType | None = None,
         index_bits: int = 16) -> AcArray:
    """``nnet::selu``: ``x >= 0 ? res_T(1.0507…) * x : selu_table[(x * N / -8).to_int()]``. The
    io_stream overload converts the constant to ``data_T`` (``scale_t``) and indexes with ``int``."""
    neg = np.asarray(data < 0, dtype=bool)
    idx = np.where(neg, _negative_index(data, table_size, index_bits), 0)
    check_table_index(idx, table.shape[0], data, "selu")
    pos = (_const(SELU_SCALE, res_t if scale_t is None else scale_t) * data).cast(res_t)
    return _select(neg, _lookup(table, idx).cast(res_t), pos, res_t)


# ------------------------------------------------------------ io_stream overloads that differ
# nnet_activation_stream.h: the table activations pick the sign with ``x > 0`` (so 0 takes the
# negative branch) and subtract/negate the table value before the cast to ``res_T``.
def _stream_table_index(data: AcArray, table_size: int, max_value: int, func: str, table: AcArray) -> np.ndarray:
    a = _abs_in_type(data)
    idx = np.where(np.asarray(a <= max_value, dtype=bool), (a * (table_size // max_value)).to_int(), table_size - 1)
    check_table_index(idx, table.shape[0], data, func)
    return idx


def sigmoid_stream(data: AcArray, table: AcArray, table_size: int, res_t: AcType) -> AcArray:
    """``nnet::sigmoid`` (io_stream): ``x > 0 ? table[i] : 1 - table[i]``, ``i`` from ``|x| <= 8``."""
    t = _lookup(table, _stream_table_index(data, table_size, 8, "sigmoid", table))
    return _select(data > 0, t.cast(res_t), (1 - t).cast(res_t), res_t)


def dense_tanh_stream(data: AcArray, table: AcArray, table_size: int, res_t: AcType) -> AcArray:
    """``nnet::dense_tanh`` (io_stream): ``x > 0 ? table[i] : -table[i]``, ``i`` from ``|x| <= 4``."""
    t = _lookup(table, _stream_table_index(data, table_size, 4, "dense_tanh", table))
    return _select(data > 0, t.cast(res_t), (-t).cast(res_t), res_t)


def ternary_tanh_stream(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::ternary_tanh`` (io_stream): ``x > 1 -> 1``, ``x <= -1 -> -1``, else 0 (no doubling)."""
    r = _select(data <= -1, _const(-1, res_t), _const(0, res_t), res_t)
    return _select(data > 1, _const(1, res_t), r, res_t)
