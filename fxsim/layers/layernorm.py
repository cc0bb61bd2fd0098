"""LayerNormalization: twin of ``nnet_layernorm.h`` (``nnet::layernormalize``, io_parallel).

>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> t = FixedType.parse("ap_fixed<16,6>")
>>> cfg = Config(n_in=4, seq_len=1, epsilon_power_of_10=3, table_range_power2=0, table_size=4096,
...              accum_t=FixedType.parse("ap_fixed<24,8>"), table_t=FixedType.parse("ap_fixed<18,8>"),
...              product="mult")
>>> x = FixedArray.from_float([[1.0, 2.0, 3.0, 4.0]], t)
>>> one, zero = FixedArray.from_float([1.0] * 4, t), FixedArray.from_float([0.0] * 4, t)
>>> layernormalize(x, t, cfg, one, zero).to_float().tolist()   # var = 1.25 is past the table: 1/sqrt(~1)
[[-1.4990234375, -0.5, 0.4990234375, 1.498046875]]

What ``layernorm_1d`` computes for each of the ``seq_len`` rows of ``dim = n_in / seq_len`` values,
read from the header:

* ``sum += (accum_t)x`` (stored into ``accum_t`` at every step), ``mean = (accum_t)(sum * k_inv)``
  with ``k_inv = (accum_t)(1.0 / dim)`` and the config's ``product``;
* ``d = (accum_t)x - mean`` stored into ``accum_t``; ``sum2 += (accum_t)(d * d)``;
  ``var = (accum_t)(sum2 * k_inv)``;
* ``int index = var * table_size * (1 << table_range_power2)`` (exact ap_fixed products, then
  ``to_int()``), clamped to the table; ``deno_inver = invert_sqr_table[index]``, the table filled
  in float by ``init_invert_sqr_table`` (``1.0 / sqrt(float)``, converted from double);
* ``res = (res_T)(d * deno_inver * scale + bias)``, exact until the store.

The index has a fast path (int64 NumPy) and a reference path (Python ints, ``path="reference"``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.mult import PRODUCTS
from fxsim.reference import int_from_fixed
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = ["layernormalize", "invert_sqr_floats", "invert_sqr_table", "table_index"]


@functools.cache
def _libm_pow() -> Callable[[float, float], float]:
    fn = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6").pow
    fn.restype = ctypes.c_double
    fn.argtypes = [ctypes.c_double, ctypes.c_double]
    return fn


@functools.cache
def invert_sqr_floats(n: int, epsilon_power_of_10: int, table_range_power2: int) -> np.ndarray:
    """The double each ``init_invert_sqr_table<CONFIG_T, n>`` entry holds before it becomes
    ``table_t``::

        float min_val = pow(10.0f, -(int)eps);   // double pow, stored in a float
        float max_val = pow(2.0f, -(int)p);
        float step = max_val / (float)(N_TABLE);
        float in_val = min_val + step * ii;      // float arithmetic
        1.0 / sqrt(in_val)                       // sqrtf, then a double division
    """
    f32 = np.float32
    min_val = f32(_libm_pow()(10.0, -float(epsilon_power_of_10)))
    max_val = f32(_libm_pow()(2.0, -float(table_range_power2)))
    step = f32(max_val / f32(n))
    in_val = (min_val + step * np.arange(n, dtype=np.float32)).astype(np.float32)
    out = 1.0 / np.sqrt(in_val).astype(np.float64)
    out.setflags(write=False)
    return out


@functools.cache
def invert_sqr_table(n: int, epsilon_power_of_10: int, table_range_power2: int, table_t: FixedType) -> np.ndarray:
    """Raw ``table_t`` contents of ``init_invert_sqr_table`` (read-only, cached)."""
    raw = table_t.quantize(invert_sqr_floats(n, epsilon_power_of_10, table_range_power2))
    raw.setflags(write=False)
    return raw


def table_index(var: FixedArray, table_size: int, table_range_power2: int, path: str = "auto", *,
                stats: Recorder | None = None) -> np.ndarray:
    """``int index = var * table_size * (1 << p)``, clamped to ``[0, table_size - 1]``.

    The products are exact ap_fixed arithmetic; ``int =`` is ``to_int()``: truncation toward zero,
    then the low 32 bits.
    """
    t = var.type
    m = table_size * (1 << table_range_power2)  # both products are exact
    raw = np.asarray(var.raw)
    bits = t.width + 1 + abs(m).bit_length() + max(-t.frac, 0)
    if path == "auto" and raw.dtype != object and bits <= 62:
        p = raw.astype(np.int64) * m
        q = np.abs(p) >> t.frac if t.frac >= 0 else np.abs(p) << -t.frac
        q = np.where(p < 0, -q, q)
        index = ((q + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
    else:
        pt_w, pt_i = t.width + 64, t.integer + 64  # RType of the two products with 32-bit ints
        index = np.array([int_from_fixed(int(v) * m, pt_w, pt_i, True, 32, True) for v in raw.ravel()],
                         dtype=np.int64).reshape(raw.shape)
    clamped = (index < 0) | (index > table_size - 1)
    if stats is not None and clamped.any():
        stats.record_table_clamp("invert_sqr_table", int(np.count_nonzero(clamped)))
    return np.clip(index, 0, table_size - 1)


@nnet_function("layernormalize")
def layernormalize(data: FixedArray, res_t: FixedType, cfg: Config, scale: FixedArray, bias: FixedArray,
                   *, path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::layernormalize<data_T, res_T, CONFIG_T>(data, res, scale, bias)``.

    ``data`` is (batch, n_in) (``seq_len`` rows of ``n_in / seq_len``); ``scale`` and ``bias``
    have ``n_in / seq_len`` entries; returns (batch, n_in) of ``res_t``.
    """
    x = data.reshape(1, -1) if data.ndim == 1 else data
    n_in, seq_len = int(cfg.n_in), int(cfg.seq_len)
    dim = n_in // seq_len
    if x.shape[1] != n_in:
        raise ValueError(f"data must have shape (batch, n_in={n_in}), got {data.shape}")
    accum_t: FixedType = cfg.accum_t
    table_t: FixedType = cfg.table_t
    size, p2 = int(cfg.table_size), int(cfg.table_range_power2)
    prod = PRODUCTS[str(cfg.get("product", "mult")).split("::")[-1]][0]
    batch = x.shape[0]
    xa = x.reshape(batch, seq_len, dim).cast(accum_t, stats=stats)
    k_inv = FixedArray.from_float(np.float64(1.0 / dim), accum_t)

    total = FixedArray(np.zeros((batch, seq_len), dtype=np.int64), accum_t)
    for i in range(dim):
        total = (total + xa[:, :, i]).cast(accum_t, stats=stats)
    mean = prod(total, k_inv, stats=stats).cast(accum_t, stats=stats)
    diff = (xa - mean.reshape(batch, seq_len, 1)).cast(accum_t, stats=stats)
    total2 = FixedArray(np.zeros((batch, seq_len), dtype=np.int64), accum_t)
    for i in range(dim):
        d = diff[:, :, i]
        total2 = (total2 + (d * d).cast(accum_t, stats=stats)).cast(accum_t, stats=stats)
    var = prod(total2, k_inv, stats=stats).cast(accum_t, stats=stats)

    table = invert_sqr_table(size, int(cfg.epsilon_power_of_10), p2, table_t)
    deno = FixedArray(table[table_index(var, size, p2, path, stats=stats)], table_t)
    s = scale.reshape(-1).cast(cfg.scale_t, stats=stats) if "scale_t" in cfg else scale.reshape(-1)
    b = bias.reshape(-1).cast(cfg.bias_t, stats=stats) if "bias_t" in cfg else bias.reshape(-1)
    res = diff * deno.reshape(batch, seq_len, 1) * s + b
    return res.cast(res_t, stats=stats).reshape(batch, n_in)
