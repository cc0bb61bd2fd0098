"""Twins of hls4ml's io_parallel merge layers (``nnet_merge.h``).

``add``, ``subtract``, ``multiply``, ``average``, ``maximum``, ``minimum`` compute the exact
``ap_fixed`` result of the two inputs and assign it to ``res_T`` once (``average`` multiplies the
exact sum by ``ap_ufixed<1,0>(0.5)``; ``maximum``/``minimum`` compare exact values and cast the
winner). The element loop runs over ``CONFIG_T::n_elem`` reading ``data1[ii % n_elem1]`` and
``data2[ii % n_elem2]`` (hls4ml's io_parallel broadcasting). ``dot1d`` stores each product in
``accum_t`` and accumulates from ``acc = 0`` in input order; the ``concatenate*`` family copies
(``res[i] = data[j]``: a cast to ``res_T``) along the axis ``CONFIG_T::axis`` selects.

C++ ``nnet::add<input1_T, input2_T, res_T, CONFIG_T>(data1, data2, res)`` becomes
``add(data1, data2, res_T, cfg)``, with data of shape ``(batch, n)``.

>>> from fxsim.config import Config
>>> t = FixedType.parse("ap_fixed<6,3>")
>>> a = FixedArray.from_float([[1.5, -2.0]], t); b = FixedArray.from_float([[0.25, 3.0]], t)
>>> cfg = Config("config4", n_elem=2, n_elem1=2, n_elem2=2)
>>> average(a, b, FixedType.parse("ap_fixed<5,3>"), cfg).to_float().tolist()   # 0.875 -> 0.75
[[0.75, 0.5]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.mult import PRODUCTS
from fxsim.trace import Recorder
from fxsim.types import FixedType

#: ``ap_ufixed<1, 0>(0.5)``: raw 1 with one fraction bit.
_HALF = FixedType(1, 0, False)


def _operands(data1: FixedArray, data2: FixedArray, cfg: Config) -> tuple[FixedArray, FixedArray]:
    """``data1[ii % n_elem1]``, ``data2[ii % n_elem2]`` for ``ii < n_elem``."""
    n = cfg.get("n_elem", max(cfg.n_elem1, cfg.n_elem2))
    for d, m, name in ((data1, cfg.n_elem1, "data1"), (data2, cfg.n_elem2, "data2")):
        if d.ndim != 2 or d.shape[1] != m:
            raise ValueError(f"{name} must have shape (batch, {m}), got {d.shape}")
    ii = np.arange(n)
    return data1[:, ii % cfg.n_elem1], data2[:, ii % cfg.n_elem2]


@nnet_function("add")
def add(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
        stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = data1[ii % n_elem1] + data2[ii % n_elem2]``."""
    a, b = _operands(data1, data2, cfg)
    return (a + b).cast(res_t, stats=stats)


@nnet_function("subtract")
def subtract(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
             stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = data1[...] - data2[...]``."""
    a, b = _operands(data1, data2, cfg)
    return (a - b).cast(res_t, stats=stats)


@nnet_function("multiply")
def multiply(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
             stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = data1[...] * data2[...]`` (exact product, one cast)."""
    a, b = _operands(data1, data2, cfg)
    return (a * b).cast(res_t, stats=stats)


@nnet_function("average")
def average(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
            stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = (data1[...] + data2[...]) * ap_ufixed<1, 0>(0.5)``."""
    a, b = _operands(data1, data2, cfg)
    return ((a + b) * FixedArray(np.ones((), dtype=np.int64), _HALF)).cast(res_t, stats=stats)


def _select(take_a: np.ndarray, a: FixedArray, b: FixedArray, res_t: FixedType, *,
            stats: Recorder | None = None) -> FixedArray:
    return FixedArray(np.where(take_a, a.cast(res_t, stats=stats).raw, b.cast(res_t, stats=stats).raw), res_t)


@nnet_function("maximum")
def maximum(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
            stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = a > b ? (res_T)a : (res_T)b``."""
    a, b = _operands(data1, data2, cfg)
    return _select(a > b, a, b, res_t, stats=stats)


@nnet_function("minimum")
def minimum(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
            stats: Recorder | None = None) -> FixedArray:
    """``res[ii] = a < b ? (res_T)a : (res_T)b``."""
    a, b = _operands(data1, data2, cfg)
    return _select(a < b, a, b, res_t, stats=stats)


@nnet_function("dot1d")
def dot1d(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
          stats: Recorder | None = None) -> FixedArray:
    """``nnet::dot1d``: ``mult[i] = product(data1[i], data2[i])`` in ``accum_t``; ``acc = 0``;
    ``acc += mult[i]`` in order; ``res[0] = (res_T)acc``. Returns ``(batch, 1)``."""
    n = cfg.n_in
    acc_t = cfg.accum_t
    product = PRODUCTS[str(cfg.get("product", "mult")).split("::")[-1]][0]
    mult = product(data1[:, :n], data2[:, :n], stats=stats).cast(acc_t, stats=stats)
    zero = np.zeros(data1.shape[0], dtype=np.int64 if acc_t.fits_int64 else object)
    acc = FixedArray(zero, acc_t)
    for i in range(n):
        acc = (acc + mult[:, i]).cast(acc_t, stats=stats)
    return acc.cast(res_t, stats=stats).reshape(-1, 1)


# ----------------------------------------------------------------------------- concatenate
def _concat(data1: FixedArray, data2: FixedArray, res_t: FixedType, shape1: tuple[int, ...],
            shape2: tuple[int, ...], axis: int, *, stats: Recorder | None = None) -> FixedArray:
    batch = data1.shape[0]
    a = data1.cast(res_t, stats=stats).raw.reshape((batch, *shape1))
    b = data2.cast(res_t, stats=stats).raw.reshape((batch, *shape2))
    return FixedArray(np.concatenate([a, b], axis=1 + axis).reshape(batch, -1), res_t)


def _shapes(cfg: Config, dims: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return (tuple(int(cfg.get(f"n_elem1_{i}", 1)) for i in range(dims)),
            tuple(int(cfg.get(f"n_elem2_{i}", 1)) for i in range(dims)))


@nnet_function("concatenate1d")
def concatenate1d(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
                  stats: Recorder | None = None) -> FixedArray:
    """``nnet::concatenate1d``: ``data1`` then ``data2``, each element cast to ``res_T``."""
    s1, s2 = _shapes(cfg, 1)
    return _concat(data1, data2, res_t, s1, s2, 0, stats=stats)


@nnet_function("concatenate2d")
def concatenate2d(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
                  stats: Recorder | None = None) -> FixedArray:
    """``nnet::concatenate2d``: along the last axis if ``axis`` is 2 or -1, else the first."""
    s1, s2 = _shapes(cfg, 2)
    axis = int(cfg.axis)
    return _concat(data1, data2, res_t, s1, s2, 1 if axis in (2, -1) else 0, stats=stats)


@nnet_function("concatenate3d")
def concatenate3d(data1: FixedArray, data2: FixedArray, res_t: FixedType, cfg: Config, *,
                  stats: Recorder | None = None) -> FixedArray:
    """``nnet::concatenate3d``: axis 3/-1 -> last, 2/-2 -> middle, anything else -> first."""
    s1, s2 = _shapes(cfg, 3)
    axis = int(cfg.axis)
    ax = 2 if axis in (3, -1) else 1 if axis in (2, -2) else 0
    return _concat(data1, data2, res_t, s1, s2, ax, stats=stats)
