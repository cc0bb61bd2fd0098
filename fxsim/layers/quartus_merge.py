"""Twin of hls4ml's Quartus ``nnet_utils/nnet_merge.h`` (``templates/quartus/firmware``), io_parallel:
``add``, ``subtract``, ``multiply``, ``average`` (``(a + b) * ac_fixed<1,0,false>(0.5)``),
``maximum``, ``minimum``, ``dot1d`` and ``concatenate{1,2,3}d``; arrays are (batch, n).

>>> from fxsim.acarray import AcArray
>>> t = AcType(16, 6)
>>> a, b = AcArray.from_float([[1.5, -2.0]], t), AcArray.from_float([[0.25, 3.0]], t)
>>> average(a, b, t).to_float().tolist(), maximum(a, b, t).to_float().tolist()
([[0.875, 0.5]], [[1.5, 3.0]])
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType

#: ``ac_fixed<1, 0, false>(0.5)``, the factor of ``nnet::average``.
HALF = AcArray.from_float(np.asarray(0.5), AcType(1, 0, False))


def add(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::add``: ``static_cast<res_T>(data1[i] + data2[i])``."""
    return (data1 + data2).cast(res_t)


def subtract(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::subtract``: ``static_cast<res_T>(data1[i] - data2[i])``."""
    return (data1 - data2).cast(res_t)


def multiply(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::multiply``: ``static_cast<res_T>(data1[i] * data2[i])``."""
    return (data1 * data2).cast(res_t)


def average(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::average``: ``static_cast<res_T>((data1[i] + data2[i]) * ac_fixed<1,0,false>(0.5))``."""
    return ((data1 + data2) * HALF).cast(res_t)


def _pick(cond, a: AcArray, b: AcArray, res_t: AcType) -> AcArray:
    return AcArray._trusted(np.where(np.asarray(cond, dtype=bool), a.cast(res_t).raw, b.cast(res_t).raw), res_t)


def maximum(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::maximum``: ``data1 > data2 ? (res_T)data1 : (res_T)data2``."""
    return _pick(data1 > data2, data1, data2, res_t)


def minimum(data1: AcArray, data2: AcArray, res_t: AcType) -> AcArray:
    """``nnet::minimum``: ``data1 < data2 ? (res_T)data1 : (res_T)data2``."""
    return _pick(data1 < data2, data1, data2, res_t)


def dot1d(data1: AcArray, data2: AcArray, accum_t: AcType, res_t: AcType) -> AcArray:
    """``nnet::dot1d``: ``mult[i] = (accum_t)(data1[i] * data2[i])``, ``acc = 0; acc += mult[i]``
    in order (each ``+=`` re-quantised to ``accum_t``), ``res[0] = (res_T)acc``."""
    mult = (data1 * data2).cast(accum_t)
    acc = AcArray.from_float(np.zeros(data1.shape[0]), accum_t)
    for i in range(data1.shape[1]):
        acc = (acc + mult[:, i]).cast(accum_t)
    return AcArray._trusted(acc.raw.reshape(-1, 1), accum_t).cast(res_t)


def concatenate(data1: AcArray, data2: AcArray, shape1: tuple[int, ...], shape2: tuple[int, ...], axis: int,
                res_t: AcType) -> AcArray:
    """``nnet::concatenate{1,2,3}d``: both inputs cast to ``res_T`` and joined along ``axis``
    (0-based, of the per-sample shapes ``shape1``/``shape2``) as the template picks it:
    ``concatenate2d`` joins the last axis for ``axis`` 2 or -1, else the first;
    ``concatenate3d`` the last for 3 or -1, the middle for 2 or -2, else the first."""
    nd = len(shape1)
    if nd == 1:
        ax = 0
    elif nd == 2:
        ax = 1 if axis in (2, -1) else 0
    else:
        ax = 2 if axis in (3, -1) else (1 if axis in (2, -2) else 0)
    n = data1.shape[0]
    a = data1.cast(res_t).raw.reshape(n, *shape1)
    b = data2.cast(res_t).raw.reshape(n, *shape2)
    return AcArray._trusted(np.concatenate([a, b], axis=ax + 1).reshape(n, -1), res_t)
