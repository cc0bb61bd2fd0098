"""BatchNormalization: twins of ``nnet_batchnorm.h`` and ``nnet_batchnorm_stream.h`` (hls4ml
``templates/vivado/nnet_utils``; the stream templates differ only in :func:`norm_index`).

``normalize`` computes, per element, ``res[i] = product(data[i], scale[k]) + bias[k]``: the
product (``CONFIG_T::product``, see :mod:`fxsim.layers.dense`) is exact, the sum is exact in the
``+`` result type, and only the store into ``res_T`` rounds and overflows. ``k = i`` when
``n_filt == -1`` (the unsigned ``4294967295``), else ``i % n_filt``.

Power-of-two scales (hls4ml's ``ExponentType`` struct, written for QKeras ``alpha='auto_po2'`` and
the default alpha of ``quantized_bits``, whose ApplyAlpha layer is an ``nnet::normalize``) arrive as
:class:`~fxsim.weight_structs.ExponentWeights`; the config then names
``product::weight_exponential``, whose ``r_T`` result (``ap_fixed<2(We+Wx), We+Wx>``) is added to
the bias exactly as with any other product.

>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,3>")
>>> cfg = Config(n_in=4, n_filt=2, product="mult", scale_t=t, bias_t=t)
>>> x = FixedArray.from_float([[1.0, 2.0, -1.0, 0.5]], t)
>>> scale, bias = FixedArray.from_float([0.5, 2.0], t), FixedArray.from_float([0.25, -1.0], t)
>>> normalize(x, FixedType.parse("ap_fixed<8,4,AP_RND,AP_SAT>"), cfg, scale, bias).to_float().tolist()
[[0.75, 3.0, -0.25, 0.0]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray, plus_type
from fxsim.config import Config
from fxsim.conversion import kernel_cast
from fxsim.kernels import batchnorm as kb
from fxsim.layers import nnet_function
from fxsim.layers.mult import (
    PRODUCTS,
    UINT1,
    kernel_constants,
    product_type,
    product_weight_exponential,
    reject_exponent_bias,
)
from fxsim.layers.stream import data_pack, is_stream
from fxsim.trace import Recorder
from fxsim.types import FixedType
from fxsim.weight_structs import ExponentWeights

INT2 = FixedType(2, 2, True, is_int=True)


def norm_index(cfg: Config) -> np.ndarray:
    """``norm_index`` of every element: ``i`` if ``n_filt == -1`` else ``i % n_filt``; io_stream
    (``nnet_batchnorm_stream.h``): ``(i % data_T::size) % n_filt``, the same whenever the pack size
    is a multiple of ``n_filt`` (hls4ml packs one pixel's channels).

    >>> norm_index(Config(n_in=5, n_filt=2)).tolist(), norm_index(Config(n_in=3, n_filt=4294967295)).tolist()
    ([0, 1, 0, 1, 0], [0, 1, 2])
    """
    n_in = int(cfg.n_in)
    n_filt = cfg.get("n_filt", -1)
    i = np.arange(n_in)
    if n_filt is None or int(n_filt) in (-1, 2**32 - 1):
        return i
    if is_stream(cfg):
        # nnet_batchnorm_stream.h: ``norm_index = j % n_filt`` with j the position in the data_T pack
        i = i % data_pack(cfg, n_in)
    return i % int(n_filt)


def _per_element(a: FixedArray | ExponentWeights, idx: np.ndarray, t: FixedType | str | None,
                 what: str, *, stats: Recorder | None = None) -> FixedArray | ExponentWeights:
    a = a.reshape(-1)
    if a.size <= int(idx.max(initial=-1)):
        raise ValueError(f"{what} has {a.size} entries; the config indexes up to {int(idx.max())}")
    if isinstance(a, ExponentWeights):  # the struct typedef is the array's own element type
        return a[idx]
    a = a if not isinstance(t, FixedType) or a.type == t else a.cast(t, stats=stats)
    return a[idx]


def _batch(data: FixedArray, cfg: Config) -> tuple[FixedArray, bool]:
    squeeze = data.ndim == 1
    x = data.reshape(1, -1) if squeeze else data
    if x.ndim != 2 or x.shape[1] != int(cfg.n_in):
        raise ValueError(f"data must have shape (batch, n_in={cfg.n_in}), got {data.shape}")
    return x, squeeze


def normalize_reference(x: FixedArray, res_t: FixedType, product: str, s: FixedArray, b: FixedArray, *,
                        stats: Recorder | None = None) -> FixedArray:
    """The header's expression with FixedArray arithmetic (vectorised over batch and elements)."""
    return (PRODUCTS[product][0](x, s, stats=stats) + b).cast(res_t, stats=stats)


def _fast_applies(x: FixedArray, res_t: FixedType, product: str, s: FixedArray, b: FixedArray) -> bool:
    sum_t = plus_type(product_type(product, x.type, s.type), b.type)
    return (x.raw.dtype == np.int64 and s.raw.dtype == np.int64 and b.raw.dtype == np.int64
            and kernel_cast(sum_t, res_t) is not None
            and -62 <= sum_t.frac - res_t.frac <= 62
            and not (product == "both_binary" and x.type.frac != s.type.frac))


def normalize_fast(x: FixedArray, res_t: FixedType, product: str, s: FixedArray, b: FixedArray) -> FixedArray:
    """The same in one fused Numba pass (only where :func:`_fast_applies`)."""
    p_t = product_type(product, x.type, s.type)
    sum_t = plus_type(p_t, b.type)
    minus_one, one = kernel_constants(product, x.type, s.type)
    raw = kb.normalize(np.ascontiguousarray(x.raw), np.ascontiguousarray(s.raw), np.ascontiguousarray(b.raw),
                       PRODUCTS[product][1], minus_one, one, sum_t.frac - p_t.frac, sum_t.frac - b.type.frac,
                       *kernel_cast(sum_t, res_t))
    return FixedArray(raw, res_t)


@nnet_function("normalize")
def normalize(data: FixedArray, res_t: FixedType, cfg: Config, scale: FixedArray, bias: FixedArray,
              *, path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::normalize<data_T, res_T, CONFIG_T>(data, res, scale, bias)``.

    ``data`` is (batch, n_in) or (n_in,); ``scale``/``bias`` have ``n_scale_bias`` entries.
    ``path``: ``"auto"``, ``"fast"`` (Numba) or ``"reference"`` (FixedArray); same bits.
    """
    x, squeeze = _batch(data, cfg)
    idx = norm_index(cfg)
    reject_exponent_bias(bias, "normalize")
    s = _per_element(scale, idx, cfg.get("scale_t"), "scale", stats=stats)
    b = _per_element(bias, idx, cfg.get("bias_t"), "bias", stats=stats)
    product = str(cfg.get("product", "mult")).removeprefix("nnet::product::")
    if isinstance(s, ExponentWeights) or product == "weight_exponential":
        res = _normalize_exponential(x, res_t, product, s, b, stats=stats)
        return res.reshape(-1) if squeeze else res
    fast = _fast_applies(x, res_t, product, s, b)
    if path == "fast" and not fast:
        raise ValueError(f"the fast path does not apply to {product}({x.type}, {s.type}) + {b.type} -> {res_t}")
    if path not in ("auto", "fast", "reference"):
        raise ValueError(f"path must be 'auto', 'fast' or 'reference', got {path!r}")
    if fast and path != "reference":
        res = normalize_fast(x, res_t, product, s, b)
    else:
        res = normalize_reference(x, res_t, product, s, b, stats=stats)
    return res.reshape(-1) if squeeze else res


def _normalize_exponential(x: FixedArray, res_t: FixedType, product: str, s: FixedArray | ExponentWeights,
                           b: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::weight_exponential::product(data[i], scale[k]) + bias[k]`` stored into res_T
    (power-of-two scales: ``((r_T) data << scale.weight)``, negated where ``scale.sign == 0``)."""
    if not isinstance(s, ExponentWeights) or product != "weight_exponential":
        raise ValueError(f"product {product} with a {type(s).__name__} scale: hls4ml pairs power-of-two "
                         "(exponent struct) scales with product::weight_exponential and nothing else")
    return (product_weight_exponential(x, s, stats=stats) + b).cast(res_t, stats=stats)


def _check_res(res_t: FixedType | None, want: FixedType, fn: str) -> None:
    if res_t is not None and res_t != want:
        raise TypeError(f"nnet::{fn} writes {want} outputs; the output array is declared {res_t}")


@nnet_function("normalize_binary_tanh")
def normalize_binary_tanh(data: FixedArray, res_t: FixedType | None, cfg: Config,
                          threshold: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::normalize_binary_tanh<data_T, CONFIG_T>(data, res, threshold)``:
    ``ap_uint<1>`` ``data >= threshold[k]``. ``res_t`` must be ``ap_uint<1>`` (or None)."""
    _check_res(res_t, UINT1, "normalize_binary_tanh")
    x, squeeze = _batch(data, cfg)
    th = _per_element(threshold, norm_index(cfg), x.type, "threshold", stats=stats)
    res = FixedArray(np.asarray(x >= th, dtype=np.int64), UINT1)
    return res.reshape(-1) if squeeze else res


@nnet_function("normalize_ternary_tanh")
def normalize_ternary_tanh(data: FixedArray, res_t: FixedType | None, cfg: Config,
                           threshold_hi: FixedArray, threshold_lo: FixedArray, *,
                           stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::normalize_ternary_tanh<data_T, CONFIG_T>(data, res, threshold_hi, threshold_lo)``:
    ``ap_int<2>`` 1 if ``data > hi``, else -1 if ``data <= lo``, else 0."""
    _check_res(res_t, INT2, "normalize_ternary_tanh")
    x, squeeze = _batch(data, cfg)
    idx = norm_index(cfg)
    hi = _per_element(threshold_hi, idx, x.type, "threshold_hi", stats=stats)
    lo = _per_element(threshold_lo, idx, x.type, "threshold_lo", stats=stats)
    raw = np.where(x > hi, 1, np.where(x <= lo, -1, 0)).astype(np.int64)
    res = FixedArray(raw, INT2)
    return res.reshape(-1) if squeeze else res
