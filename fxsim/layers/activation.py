"""Twins of the element-wise activations of ``nnet_utils/nnet_activation.h`` (io_parallel).

Each function mirrors the C++ template of the same name; ``data`` is a
:class:`~fxsim.array.FixedArray` of any shape (normally ``(batch, n_in)``), ``res_t`` the element
type of the C++ ``res`` array, ``cfg`` the config struct. Parameters the C++ passes after ``data``
(``alpha``, ``theta``) come after ``cfg``; a float there is what the generated code writes (a
literal converted to ``CONFIG_T::param_t``), a FixedArray is used as is. Tables and their index
arithmetic are shared with softmax in :mod:`fxsim.layers.tables`.

The io_stream templates (``nnet_activation_stream.h``) compute element by element what these do
on the packs laid end to end, except ``selu`` (``lambda`` converted to ``data_T``, no lower index
clamp) and ``ternary_tanh`` (thresholds on ``x`` itself, not ``2 * x``): those two dispatch on
``cfg.io_type`` (:func:`fxsim.layers.stream.is_stream`). ``relu_max``/``relu6``/``relu1`` have no
stream template.

>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> x = FixedArray.from_float([[-1.5, 0.25, 3.0]], "ap_fixed<8,3>")
>>> relu(x, FixedType(6, 2, signed=False), Config(n_in=3)).to_float().tolist()
[[0.0, 0.25, 3.0]]
>>> cfg = Config(n_in=3, table_size=1024, table_t=FixedType.parse("ap_fixed<18,8>"))
>>> sigmoid(x, FixedType.parse("ap_fixed<16,6>"), cfg).to_float().tolist()
[[0.181640625, 0.5615234375, 0.9521484375]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import CPP_INT, FixedArray
from fxsim.config import Config
from fxsim.conversion import cast
from fxsim.layers import nnet_function
from fxsim.layers import tables as tb
from fxsim.layers.elementwise import elementwise
from fxsim.layers.stream import is_stream
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = [
    "linear", "relu", "relu_max", "relu6", "relu1", "sigmoid", "tanh", "softplus", "softsign",
    "elu", "selu", "leaky_relu", "thresholded_relu", "prelu", "hard_sigmoid", "hard_tanh",
    "binary_tanh", "ternary_tanh", "unary_lut",
]

#: ``typedef ap_ufixed<16, 1> selu_const_t`` in ``nnet::selu``.
SELU_CONST_T = FixedType(16, 1, False)
#: ``1.0507009873554805``, the literal ``nnet::selu`` stores in ``selu_const_t``.
SELU_LAMBDA = 1.0507009873554805
#: ``ap_int<2>``, the cache type of ``binary_tanh``; ``ap_uint<1>`` selects its other overload.
AP_INT2 = FixedType(2, 2, True, is_int=True)
AP_UINT1 = FixedType(1, 1, False, is_int=True)


# ------------------------------------------------------------------------------------ helpers
def _int_const(value: int, t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """``T x = value;`` for a C++ ``int`` literal (0-d FixedArray)."""
    return FixedArray(cast(np.asarray(value, dtype=np.int64), src=CPP_INT, dst=t, stats=stats), t)


def _select(cond: np.ndarray, a: FixedArray, b: FixedArray) -> FixedArray:
    """Element-wise ``cond ? a : b`` of two arrays of the same type."""
    assert a.type == b.type
    return FixedArray._trusted(np.where(cond, a.raw, b.raw), a.type)  # both operands are in range


def _param(value, cfg: Config, what: str) -> FixedArray:
    """A scalar the generated code passes as ``param_T``: a float literal converted, or as given."""
    if isinstance(value, FixedArray):
        return value
    if "param_t" not in cfg:
        raise ValueError(f"{what} given as a number needs cfg.param_t (its C++ type param_T), "
                         "or pass it as a FixedArray")
    return FixedArray.from_float(np.float64(value), cfg.param_t)


def _table_size(cfg: Config) -> int:
    return int(cfg.get("table_size", tb.ACTIV_TABLE_SIZE))


def _table_t(cfg: Config) -> FixedType:
    return cfg.get("table_t", tb.ACTIV_TABLE_T)


def _symmetric_lut(name: str, data: FixedArray, res_t: FixedType, cfg: Config, half_range: int,
                   stats: Recorder | None) -> FixedArray:
    """The body shared by sigmoid/softplus/softsign (range 8) and tanh (range 4)::

        data_round = data[ii] * CONFIG_T::table_size / (2 * R);
        index = data_round + R * CONFIG_T::table_size / (2 * R);
        (clamp to [0, table_size - 1]);  res[ii] = (res_T)table[index];
    """
    n, table_t = _table_size(cfg), _table_t(cfg)
    table = tb.fixed_table(name, n, table_t)
    offset = ((half_range * n) % 2**32) // (2 * half_range)
    index = tb.lut_index(data.raw, data.type, n, 2 * half_range, offset, n, stats=stats)
    return FixedArray(tb.lookup(table, table_t, index, res_t, stats=stats), res_t)


# ------------------------------------------------------------------------------------ twins
@nnet_function("linear")
@elementwise
def linear(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::linear``: ``res[ii] = data[ii]``."""
    return data.cast(res_t, stats=stats)


@nnet_function("relu")
@elementwise
def relu(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::relu``: ``datareg > 0 ? datareg : 0``, assigned to ``res_T``."""
    return _select(data.raw > 0, data.cast(res_t, stats=stats), _int_const(0, res_t, stats=stats))


@nnet_function("relu_max")
@elementwise
def relu_max(data: FixedArray, res_t: FixedType, cfg: Config, max_int: int, *,
             stats: Recorder | None = None) -> FixedArray:
    """``nnet::relu_max<data_T, res_T, MAX_INT, CONFIG_T>``: clip to ``[0, MAX_INT]``.

    >>> x = FixedArray.from_float([-1, 0.5, 7], "ap_fixed<8,4>")
    >>> relu_max(x, FixedType.parse("ap_fixed<8,4>"), Config(n_in=3), 6).to_float().tolist()
    [0.0, 0.5, 6.0]
    """
    top = _int_const(max_int, CPP_INT, stats=stats)
    out = _select(data > top, _int_const(max_int, res_t, stats=stats), data.cast(res_t, stats=stats))
    return _select(data.raw < 0, _int_const(0, res_t, stats=stats), out)


@nnet_function("relu6")
@elementwise
def relu6(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::relu6`` = ``relu_max<…, 6, …>``."""
    return relu_max(data, res_t, cfg, 6, stats=stats)


@nnet_function("relu1")
@elementwise
def relu1(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::relu1`` = ``relu_max<…, 1, …>`` (clipped ReLU)."""
    return relu_max(data, res_t, cfg, 1, stats=stats)


@nnet_function("sigmoid")
@elementwise
def sigmoid(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::sigmoid``: ``init_sigmoid_table`` over [-8, 8), index ``x * table_size / 16``."""
    return _symmetric_lut("sigmoid", data, res_t, cfg, 8, stats)


@nnet_function("tanh")
@elementwise
def tanh(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::tanh``: ``init_tanh_table`` over [-4, 4), index ``x * table_size / 8``."""
    return _symmetric_lut("tanh", data, res_t, cfg, 4, stats)


@nnet_function("softplus")
@elementwise
def softplus(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softplus``: ``log(exp(x) + 1)`` table over [-8, 8)."""
    return _symmetric_lut("softplus", data, res_t, cfg, 8, stats)


@nnet_function("softsign")
@elementwise
def softsign(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softsign``: ``x / (|x| + 1)`` table over [-8, 8)."""
    return _symmetric_lut("softsign", data, res_t, cfg, 8, stats)


def _negative_index(data: FixedArray, n: int, clamp_low: bool, stats: Recorder | None) -> np.ndarray:
    """``index = datareg * CONFIG_T::table_size / -8`` and its clamping (elu, selu)."""
    return tb.lut_index(data.raw, data.type, n, -8, 0, n, clamp_low, stats=stats)


@nnet_function("elu")
@elementwise
def elu(data: FixedArray, res_t: FixedType, cfg: Config, alpha=None, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::elu``: ``x >= 0 ? x : alpha * table[x * table_size / -8]`` (table of ``exp(x) - 1``).

    ``alpha=None`` is the two-argument overload (``alpha = ap_uint<1>(1.0)``).
    """
    a = FixedArray(np.asarray(1), AP_UINT1) if alpha is None else _param(alpha, cfg, "alpha")
    n, table_t = _table_size(cfg), _table_t(cfg)
    scaled = (a * FixedArray(tb.fixed_table("elu", n, table_t), table_t)).cast(res_t, stats=stats)
    index = _negative_index(data, n, clamp_low=False, stats=stats)
    neg = FixedArray(scaled.raw[index], res_t)
    return _select(data.raw >= 0, data.cast(res_t, stats=stats), neg)


@nnet_function("selu")
@elementwise
def selu(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::selu``: ``x >= 0 ? lambda * x : table[x * table_size / -8]``, lambda in
    ``ap_ufixed<16,1>``; the io_stream template converts the literal lambda to ``data_T`` instead
    (``(typename data_T::value_type)1.0507009873554804934193349852946 * datareg``) and clamps the
    index only from above."""
    n, table_t = _table_size(cfg), _table_t(cfg)
    stream = is_stream(cfg)
    v0 = "selu_v0" in cfg.get("templates", ()) and not stream  # hls4ml <= 1.0: res_T(lambda), no low clamp
    lam = FixedArray.from_float(np.float64(SELU_LAMBDA), data.type if stream else res_t if v0 else SELU_CONST_T)
    index = _negative_index(data, n, clamp_low=not (stream or v0), stats=stats)
    neg = FixedArray(tb.lookup(tb.fixed_table("selu", n, table_t), table_t, index, res_t, stats=stats), res_t)
    return _select(data.raw >= 0, (lam * data).cast(res_t, stats=stats), neg)


@nnet_function("leaky_relu")
@elementwise
def leaky_relu(data: FixedArray, res_t: FixedType, cfg: Config, alpha, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::leaky_relu``: ``x > 0 ? x : alpha * x`` (``alpha`` of type ``param_T``).

    >>> x = FixedArray.from_float([-2.0, 1.0], "ap_fixed<8,4>")
    >>> cfg = Config(n_in=2, param_t=FixedType.parse("ap_fixed<8,1>"))
    >>> leaky_relu(x, FixedType.parse("ap_fixed<10,4>"), cfg, 0.3).to_float().tolist()
    [-0.59375, 1.0]
    """
    a = _param(alpha, cfg, "alpha")
    return _select(data.raw > 0, data.cast(res_t, stats=stats), (a * data).cast(res_t, stats=stats))


@nnet_function("thresholded_relu")
@elementwise
def thresholded_relu(data: FixedArray, res_t: FixedType, cfg: Config, theta, *,
                     stats: Recorder | None = None) -> FixedArray:
    """``nnet::thresholded_relu``: ``x > theta ? x : 0`` (``theta`` of type ``param_T``)."""
    th = _param(theta, cfg, "theta")
    return _select(data > th, data.cast(res_t, stats=stats), _int_const(0, res_t, stats=stats))


@nnet_function("prelu")
def prelu(data: FixedArray, res_t: FixedType, cfg: Config, alpha: FixedArray, *,
          stats: Recorder | None = None) -> FixedArray:
    """``nnet::prelu``: ``x > 0 ? x : alpha[ii] * x``; ``alpha`` is the 1-D weight array."""
    if not isinstance(alpha, FixedArray):
        raise TypeError("prelu's alpha is the weight array: pass a FixedArray of shape (n_in,)")
    return _select(data.raw > 0, data.cast(res_t, stats=stats), (alpha * data).cast(res_t, stats=stats))


def _hard_sigmoid_core(data: FixedArray, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``auto datareg = slope * data[ii] + shift; clip to [0, 1]`` in the ``auto`` (plus) type."""
    slope = cfg.slope if isinstance(cfg.slope, FixedArray) else FixedArray.from_float(
        np.float64(cfg.slope), cfg.slope_t)
    shift = cfg.shift if isinstance(cfg.shift, FixedArray) else FixedArray.from_float(
        np.float64(cfg.shift), cfg.shift_t)
    datareg = slope * data + shift
    one = _int_const(1, CPP_INT, stats=stats)
    out = _select(datareg > one, _int_const(1, datareg.type, stats=stats).broadcast_to(datareg.shape), datareg)
    return _select(datareg.raw < 0, _int_const(0, datareg.type, stats=stats).broadcast_to(datareg.shape), out)


@nnet_function("hard_sigmoid")
@elementwise
def hard_sigmoid(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::hard_sigmoid``: ``clip(slope * x + shift, 0, 1)``.

    ``cfg.slope``/``cfg.shift`` are the literals of the generated
    ``const slope_t config::slope = 0.2;`` (floats, converted to ``cfg.slope_t``/``cfg.shift_t``).
    """
    return _hard_sigmoid_core(data, cfg, stats=stats).cast(res_t, stats=stats)


@nnet_function("hard_tanh")
@elementwise
def hard_tanh(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::hard_tanh``: ``2 * clip(slope * x + shift, 0, 1) - 1``."""
    return (2 * _hard_sigmoid_core(data, cfg, stats=stats) - 1).cast(res_t, stats=stats)


@nnet_function("binary_tanh")
@elementwise
def binary_tanh(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::binary_tanh``: ``ap_int<2> cache = x >= 0 ? 1 : -1``, then ``binary_cast``
    (``ap_uint<1>`` results keep 1 and turn -1 into 0)."""
    if "binary_tanh_v0" in cfg.get("templates", ()):  # hls4ml <= 1.0: res_T cache = x > 0 ? 1 : -1
        cache = np.where(data.raw > 0, 1, -1).astype(np.int64)
        return FixedArray(cast(cache, src=AP_INT2, dst=res_t, stats=stats), res_t)
    cache = np.where(data.raw >= 0, 1, -1).astype(np.int64)
    if res_t == AP_UINT1:
        cache = np.maximum(cache, 0)
    return FixedArray(cast(cache, src=AP_INT2, dst=res_t, stats=stats), res_t)


@nnet_function("ternary_tanh")
@elementwise
def ternary_tanh(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::ternary_tanh``: ``data_T x = 2 * data[ii]``; ``x > 1 ? 1 : x > -1 ? 0 : -1``; the
    io_stream template compares ``data[ii]`` itself: ``x > 1 ? 1 : x <= -1 ? -1 : 0``."""
    x = data if is_stream(cfg) else (2 * data).cast(data.type, stats=stats)
    one, minus_one = _int_const(1, CPP_INT, stats=stats), _int_const(-1, CPP_INT, stats=stats)
    code = np.where(x > one, 1, np.where(x > minus_one, 0, -1)).astype(np.int64)
    cache = cast(code, src=CPP_INT, dst=res_t, stats=stats)  # res_T cache = 1 / 0 / -1
    return FixedArray(cache, res_t)


@nnet_function("unary_lut")
@elementwise
def unary_lut(data: FixedArray, res_t: FixedType, cfg: Config, table: FixedArray, *,
              stats: Recorder | None = None) -> FixedArray:
    """``nnet::unary_lut``: ``res[ii] = (res_T)table[(unsigned)data[ii](W - 1, 0)]``, the raw bits of
    the input as the index; ``table`` is the ``table_size`` weight array of ``table_t``."""
    if not isinstance(table, FixedArray) or table.ndim != 1:
        raise TypeError("unary_lut's table is the weight array: pass a 1-D FixedArray")
    w = data.type.width
    if w > 32:
        raise ValueError(f"unary_lut indexes with all {w} bits of {data.type}: more than an unsigned holds")
    index = np.asarray(data.raw, dtype=np.int64) & ((1 << w) - 1)
    if index.size and int(index.max()) >= table.shape[0]:
        raise ValueError(f"unary_lut index {int(index.max())} is past the {table.shape[0]}-entry table")
    return FixedArray(cast(table.raw, src=table.type, dst=res_t, stats=stats)[index], res_t)
