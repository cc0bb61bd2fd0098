"""Twins of ``nnet_mult.h`` (hls4ml ``templates/vivado/nnet_utils``): the ``nnet::product::*``
products a multiply-accumulate uses, and ``nnet::cast`` (the accumulator into ``res_T``).

C++ -> Python: ``product::mult`` -> :func:`product_mult`, ``product::weight_binary`` ->
:func:`product_weight_binary`, ``product::data_binary`` -> :func:`product_data_binary`,
``product::weight_ternary`` -> :func:`product_weight_ternary`, ``product::both_binary`` ->
:func:`product_both_binary`, ``product::weight_exponential`` -> :func:`product_weight_exponential`,
``nnet::cast`` -> :func:`cast_result`; :data:`PRODUCTS` maps the names to the twins.

>>> from fxsim.array import FixedArray
>>> t = FixedType.parse("ap_fixed<8,3>")
>>> product_mult(FixedArray.from_float([1.5], t), FixedArray.from_float([-2.0], t)).to_float().tolist()
[-3.0]
>>> str(product_type("weight_binary", FixedType.parse("ap_fixed<8,3>"), FixedType.parse("ap_uint<1>")))
'ap_fixed<9,4>'
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from fxsim.array import FixedArray, mult_type, neg_type
from fxsim.config import Config
from fxsim.conversion import cast
from fxsim.kernels import dense as kd
from fxsim.trace import Recorder
from fxsim.types import FixedType
from fxsim.weight_structs import ExponentWeights

UINT1 = FixedType(1, 1, False, is_int=True)


def _select(cond: np.ndarray, yes: FixedArray, no: FixedArray, t: FixedType, *,
            stats: Recorder | None = None) -> FixedArray:
    """``cond ? yes : no`` with both branches converted to the function's return type ``t``."""
    y, n = yes.cast(t, stats=stats).raw, no.cast(t, stats=stats).raw
    return FixedArray(np.where(cond, y, n), t)


def product_mult(a: FixedArray, w: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::mult``: ``a * w`` in the exact product type ``ap_fixed<Wa+Ww, Ia+Iw>``."""
    return a * w


def product_weight_binary(a: FixedArray, w: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::weight_binary``: ``w == 0 ? -a : a`` as ``decltype(-a)``."""
    t = neg_type(a.type)
    return _select(w == 0, -a, a, t, stats=stats)


def product_data_binary(a: FixedArray, w: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::data_binary``: ``a == 0 ? -w : w`` as ``decltype(-w)``."""
    t = neg_type(w.type)
    return _select(a == 0, -w, w, t, stats=stats)


def product_weight_ternary(a: FixedArray, w: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::weight_ternary``: ``w == 0 ? 0 : w == -1 ? -a : a`` as ``decltype(-a)``."""
    t = neg_type(a.type)
    zero = FixedArray(np.zeros((), dtype=np.int64), t)
    return _select(w == 0, zero, _select(w == -1, -a, a, t, stats=stats), t, stats=stats)


def product_both_binary(a: FixedArray, w: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """``product::both_binary``: ``x_T(a == w)`` (XNOR of 1-bit values)."""
    eq = np.asarray(a == w, dtype=np.int64)
    return FixedArray(eq, UINT1).cast(a.type, stats=stats)


#: ``nnet::product::<name>`` -> (twin, kernel code).
PRODUCTS: dict[str, tuple[Callable[[FixedArray, FixedArray], FixedArray], int]] = {
    "mult": (product_mult, kd.MULT),
    "weight_binary": (product_weight_binary, kd.WEIGHT_BINARY),
    "data_binary": (product_data_binary, kd.DATA_BINARY),
    "weight_ternary": (product_weight_ternary, kd.WEIGHT_TERNARY),
    "both_binary": (product_both_binary, kd.BOTH_BINARY),
}


def product_type(product: str, x_t: FixedType, w_t: FixedType) -> FixedType:
    """C++ return type of ``product::<product><x_T, w_T>::product``.

    >>> str(product_type("mult", FixedType(8, 3), FixedType(6, 1)))
    'ap_fixed<14,4>'
    """
    if product == "mult":
        return mult_type(x_t, w_t)
    if product in ("weight_binary", "weight_ternary"):
        return neg_type(x_t)
    if product == "data_binary":
        return neg_type(w_t)
    if product == "both_binary":
        return x_t
    raise NotImplementedError(f"nnet::product::{product} is not supported (supported: {sorted(PRODUCTS)})")


def kernel_constants(product: str, x_t: FixedType, w_t: FixedType) -> tuple[int, int]:
    """(raw of ``w == -1`` or an impossible raw, raw of ``x_T(true)``) for :func:`kd.product_one`."""
    minus_one = -(1 << w_t.frac) if w_t.frac >= 0 and -(1 << w_t.frac) >= w_t.min_raw else w_t.min_raw - 1
    one = int(cast(np.array([1]), src=UINT1, dst=x_t, kind=None)[0]) if product == "both_binary" else 0
    return minus_one, one


def _ceillog2(x: int) -> int:
    """``nnet::ceillog2`` (nnet_helpers.h)."""
    return 1 if x <= 2 else 1 + _ceillog2((x + 1) // 2)


def cast_result(acc: FixedArray, data_t: FixedType, res_t: FixedType, cfg: Config,
                weight_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::cast<data_T, res_T, CONFIG_T>(acc)`` of nnet_mult.h, stored into res_T."""
    if data_t == UINT1 and weight_t == UINT1:
        k = FixedType(_ceillog2(cfg.n_in) + 2, _ceillog2(cfg.n_in) + 2, True, is_int=True)
        if "dense_binary_cast_v0" in cfg.get("templates", ()):  # hls4ml <= 1.0: (k)(x - n_in / 2) * 2
            return ((acc - int(cfg.n_in) // 2).cast(k, stats=stats) * 2).cast(k, stats=stats).cast(
                res_t, kind="result", stats=stats)
        return (acc * 2 - int(cfg.n_in)).cast(k, stats=stats).cast(res_t, kind="result", stats=stats)
    return acc.cast(res_t, kind="result", stats=stats)


# Twins of ``nnet::product::weight_exponential`` (power-of-two weights) and of
# ``nnet::dense_compressed`` (nnet_dense_compressed.h, COO weights). Both take structured weights,
# so they stay outside :data:`PRODUCTS` and the fast paths: they replay the templates step by step.
def reject_exponent_bias(bias: object, function: str) -> None:
    """Power-of-two *biases* (hls4ml writes them for a QKeras ``bias_quantizer=quantized_po2``) are
    an ``ExponentType`` struct the templates add as a number: the firmware does not compile
    (``ap_fixed`` has no conversion from the struct), so there is nothing to reproduce."""
    if isinstance(bias, ExponentWeights):
        raise NotImplementedError(f"nnet::{function} with power-of-two (exponent struct) biases: that firmware "
                                  "does not compile (the template converts bias_t to a number; hls4ml 1.3.0 "
                                  "writes it for a QKeras bias_quantizer=quantized_po2)")


def exponential_product_type(x_t: FixedType, exponent_t: FixedType) -> FixedType:
    """``r_T`` of ``weight_exponential``: ``ap_fixed<2 * (We + Wx), We + Wx>``.

    >>> str(exponential_product_type(FixedType.parse("ap_fixed<8,3>"), FixedType.parse("ap_int<4>")))
    'ap_fixed<24,12>'
    """
    n = exponent_t.width + x_t.width
    return FixedType(2 * n, n, True)


def _shift_raw(raw: np.ndarray, sh: np.ndarray, t: FixedType) -> np.ndarray:
    """``ap_fixed_base::operator<<(int)`` on raws of ``t``: ``V << sh`` kept to W bits (wrap), or
    an arithmetic ``V >> -sh`` for negative ``sh`` (no quantization; ``__SC_COMPATIBLE__`` unset).
    Shifts by W or more are undefined behaviour in the native C++ representation; they give
    0 / the sign here. Vectorised in int64 where no intermediate can exceed 62 bits; the
    Python-int loop otherwise (same bits: ``tests/test_layer_dense_special.py``)."""
    k = np.asarray(sh, dtype=np.int64)
    v = np.asarray(raw)
    if v.dtype == np.int64 and t.width + int(np.abs(k).max(initial=0)) <= 62:
        v, k = np.broadcast_arrays(v, k)
        half = np.int64(1) << (t.width - 1)
        left = (v << np.maximum(k, 0)) & ((np.int64(1) << t.width) - 1)
        if t.signed:
            left = np.where(left >= half, left - (np.int64(1) << t.width), left)
        return np.where(k >= 0, left, v >> np.maximum(-k, 0))
    return _shift_raw_loop(raw, sh, t)


def _shift_raw_loop(raw: np.ndarray, sh: np.ndarray, t: FixedType) -> np.ndarray:
    """:func:`_shift_raw` one element at a time on Python ints (any width)."""
    r = np.asarray(raw, dtype=object)
    s = np.broadcast_to(np.asarray(sh, dtype=np.int64), np.broadcast(r, sh).shape)
    r = np.broadcast_to(r, s.shape)
    mask, half = (1 << t.width) - 1, 1 << (t.width - 1)
    out = np.empty(s.shape, dtype=object)
    for idx in np.ndindex(s.shape):
        v, k = int(r[idx]), int(s[idx])
        if k >= 0:
            u = (v << k) & mask
            v = u - (1 << t.width) if t.signed and u >= half else u
        else:
            v = v >> (-k)
        out[idx] = v
    return out.astype(np.int64) if t.fits_int64 else out


def product_weight_exponential(a: FixedArray, w: ExponentWeights, *, stats: Recorder | None = None) -> FixedArray:
    """``product::weight_exponential``: ``y = (r_T) a << w.weight; w.sign == 1 ? y : (r_T)(-y)``."""
    r_t = exponential_product_type(a.type, w.exponent.type)
    y = FixedArray(_shift_raw(a.cast(r_t, stats=stats).raw, w.exponent.raw, r_t), r_t)
    return _select(np.asarray(w.sign) == 1, y, (-y).cast(r_t, stats=stats), r_t, stats=stats)
