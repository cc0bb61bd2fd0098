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
