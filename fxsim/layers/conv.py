"""Twins of hls4ml's io_parallel convolutions.

Mirrors ``nnet_conv1d.h`` (``conv_1d_cl``, ``pointwise_conv_1d_cl``, ``Conv1DLatency``,
``Conv1DResource``, ``BatchedDenseForConv1D``), ``nnet_conv1d_latency.h``,
``nnet_conv1d_resource.h``, ``nnet_conv2d.h`` (``conv_2d_cl``, ``pointwise_conv_2d_cl``),
``nnet_conv2d_latency.h``, ``nnet_conv2d_resource.h`` and ``nnet_sepconv{1,2}d.h`` /
``nnet_sepconv{1,2}d_latency.h`` (``depthwise_conv_{1,2}d_cl``, ``separable_conv_{1,2}d_cl``).

Every one of them runs hls4ml's generated im2col ``fill_buffer`` (zeros outside the padded
input; the generator ignores ``dilation``), then for each output pixel:

* ``mult = product(x, w)`` stored in ``accum_t`` (rounding and overflow of ``accum_t``);
* ``acc = (accum_t) bias``, then ``acc += mult`` in the order of the template's loops
  (latency: input-major; resource: the ``ReuseLoop``/``MultLoop`` schedule; depthwise: per
  channel), each add wrapping or saturating in ``accum_t``;
* ``res = cast<data_T, res_T, mult_config>(acc)``.

Each pixel's buffer row is one input of the dense engine: the products, the accumulation order
(a :class:`~fxsim.layers.dense.Schedule`) and the final cast run on
:func:`fxsim.layers.dense.accumulate` and :func:`fxsim.layers.dense.cast_result`, so ``path=``
selects the same execution paths as ``dense`` (``auto``, ``gemm``, ``ordered``, ``reference``).
The im2col layout itself comes from :mod:`fxsim.kernels.conv`.

>>> from fxsim.layers.config import Config
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,4>")
>>> acc = FixedType.parse("ap_fixed<16,8>")
>>> cfg = Config("config2", in_width=3, n_chan=1, filt_width=2, n_filt=1, stride_width=1,
...              pad_left=0, pad_right=0, out_width=2, strategy="latency", reuse_factor=1,
...              accum_t=acc, weight_t=t, bias_t=t,
...              mult_config=Config("config2_mult", n_in=2, n_out=1, weight_t=t, product="mult"))
>>> x = FixedArray.from_float([[1.0, 2.0, 3.0]], t)
>>> w = FixedArray.from_float([0.5, 0.25], t)
>>> b = FixedArray.from_float([1.0], t)
>>> conv_1d_cl(x, t, cfg, w, b).to_float().tolist()      # 1 + 0.5*x[i] + 0.25*x[i+1]
[[2.0, 2.75]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.kernels import conv as kc
from fxsim.layers import dense, nnet_function
from fxsim.layers.config import Config
from fxsim.layers.dense import Schedule
from fxsim.types import FixedType


# ----------------------------------------------------------------------------- im2col layouts
def fill_buffer_index_1d(cfg: Config) -> np.ndarray:
    """The generated ``fill_buffer_N`` of a 1-D conv as im2col input indices (-1 = zero)."""
    return kc.im2col_index_1d(cfg.in_width, cfg.n_chan, cfg.filt_width, cfg.stride_width,
                              cfg.pad_left, cfg.pad_right)


def fill_buffer_index_2d(cfg: Config) -> np.ndarray:
    """The generated ``fill_buffer_N`` of a 2-D conv as im2col input indices (-1 = zero)."""
    return kc.im2col_index_2d(cfg.in_height, cfg.in_width, cfg.n_chan, cfg.filt_height, cfg.filt_width,
                              cfg.stride_height, cfg.stride_width, cfg.pad_top, cfg.pad_bottom,
                              cfg.pad_left, cfg.pad_right)


# ----------------------------------------------------------------------------- accumulation orders
def schedule_conv_latency(n_in: int, n_out: int) -> Schedule:
    """``conv_{1,2}d_latency_cl``: ``Product1/Product2`` then ``Accum1/Accum2`` -- the same
    ``(out, in, in * n_out + out)`` order as ``dense_latency``."""
    return dense.schedule_dense_latency(n_in, n_out)


def schedule_conv_resource(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``conv_{1,2}d_resource_cl``: its ``ReuseLoop``/``MultLoop`` walk is the one of
    ``dense_resource_rf_leq_nin`` (``multscale = block_factor / n_out``); the template asserts
    ``reuse_factor <= filt * n_chan``."""
    if reuse_factor > n_in:
        raise ValueError(f"conv resource strategy needs reuse_factor <= filt*n_chan = {n_in}, "
                         f"got {reuse_factor} (the template asserts it)")
    return dense.schedule_dense_resource_rf_leq_nin(n_in, n_out, reuse_factor)


def schedule_depthwise(n_taps: int, n_chan: int) -> Schedule:
    """``depthwise_conv_{1,2}d_latency_cl``: ``mult[j] = x[j] * w[j]``; for each tap ``k``, for
    each channel ``c``: ``acc[c] += mult[k * n_chan + c]``."""
    steps = [(c, k * n_chan + c, k * n_chan + c) for k in range(n_taps) for c in range(n_chan)]
    return Schedule.of(steps, n_taps * n_chan, n_chan, n_taps * n_chan)


# ----------------------------------------------------------------------------- the engine
def _as_type(a: FixedArray, t: FixedType | None) -> FixedArray:
    """An argument as the C++ parameter's element type ``t`` (converted like ``T y = x``)."""
    return a if t is None or a.type == t else a.cast(t)


#: im2col rows x taps materialised at once (bounds memory for big batches).
_CHUNK_ELEMENTS = 1 << 22


def conv_macc(data: FixedArray, index: np.ndarray, weights: FixedArray, biases: FixedArray,
              res_t: FixedType, accum_t: FixedType, mult_cfg: Config, sched: Schedule,
              path: str = "auto") -> FixedArray:
    """The im2col multiply-accumulate shared by every conv template.

    ``data`` (batch, n) of ``data_T``; ``index`` (pixels, taps) the ``fill_buffer`` layout;
    ``sched`` the template's ``acc[out] += (accum_t) product(buf[in], w[w])`` order. Each pixel's
    buffer row is one ``dense`` input: the accumulation runs on :func:`fxsim.layers.dense.accumulate`
    (``path``: ``auto``, ``gemm``, ``ordered`` or ``reference``). Weights are passed as
    ``mult_config::weight_t``, biases converted to ``accum_t``, and each accumulator ends as
    ``cast<data_T, res_T, mult_config>``. Returns ``(batch, pixels * n_out)`` of ``res_t``.
    """
    batch = data.shape[0]
    n_pix, n_taps = index.shape
    w = _as_type(weights.reshape(-1), mult_cfg.get("weight_t"))
    product = str(mult_cfg.get("product", "mult")).split("::")[-1]
    dense.product_type(product, data.type, w.type)  # rejects unknown products early
    acc0 = biases.reshape(-1)[: int(sched.out.max()) + 1].cast(accum_t)
    step = max(1, _CHUNK_ELEMENTS // max(1, n_pix * n_taps))
    out = []
    for b0 in range(0, batch, step):
        cols = FixedArray(kc.im2col(data.raw[b0:b0 + step], index).reshape(-1, n_taps), data.type)
        acc = dense.accumulate(cols, w, acc0, sched, product, accum_t, path)
        out.append(dense.cast_result(acc, data.type, res_t, mult_cfg, w.type).raw.reshape(cols.shape[0] // n_pix, -1))
    raw = np.concatenate(out, axis=0) if out else np.zeros((0, n_pix * acc0.shape[0]), dtype=np.int64)
    return FixedArray(raw, res_t)


def _conv_im2col(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                 biases: FixedArray, index: np.ndarray, sched: Schedule, path: str) -> FixedArray:
    """The C++ parameter arrays hold ``CONFIG_T::weight_t`` / ``CONFIG_T::bias_t`` values."""
    w = _as_type(weights.reshape(-1), cfg.get("weight_t"))
    b = _as_type(biases.reshape(-1), cfg.get("bias_t"))
    return conv_macc(data, index, w, b, res_t, cfg.accum_t, cfg.mult_config, sched, path)


def _strategy(cfg: Config) -> str:
    """``latency`` or ``resource``: from ``conv_kernel`` (1-D) or ``strategy`` (2-D)."""
    kernel = cfg.get("conv_kernel")
    if kernel is not None:
        k = str(kernel).split("::")[-1]
        if k in ("Conv1DLatency", "BatchedDenseForConv1D"):
            return "latency"
        if k == "Conv1DResource":
            return "resource"
        raise NotImplementedError(f"conv_kernel {kernel} is not supported")
    s = str(cfg.get("strategy", "latency")).split("::")[-1].lower()
    if s in ("latency", "distributed_arithmetic"):
        return "latency"
    if s in ("resource", "resource_unrolled"):
        return "resource"
    raise ValueError(f"invalid strategy {s!r} for a conv layer")


def _schedule(cfg: Config, n_in: int) -> Schedule:
    if _strategy(cfg) == "resource":
        return schedule_conv_resource(n_in, cfg.n_filt, cfg.reuse_factor)
    return schedule_conv_latency(n_in, cfg.n_filt)


def _check(data: FixedArray, n: int, what: str) -> None:
    if data.ndim != 2 or data.shape[1] != n:
        raise ValueError(f"{what} expects data of shape (batch, {n}), got {data.shape}")


# ----------------------------------------------------------------------------- public twins
@nnet_function("conv_1d_cl", "pointwise_conv_1d_cl")
def conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto") -> FixedArray:
    """``nnet::conv_1d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_width * n_chan)`` channels-last; ``weights`` the C++ array
    (``filt_width * n_chan * n_filt``, index ``(k * n_chan + c) * n_filt + f`` for latency);
    returns ``(batch, out_width * n_filt)``. Dispatches on ``cfg.conv_kernel`` (``Conv1DLatency``,
    ``Conv1DResource``, ``BatchedDenseForConv1D``) or ``cfg.strategy``.
    Also registered as ``pointwise_conv_1d_cl`` (same arithmetic with ``filt_width == 1``).
    """
    _check(data, cfg.in_width * cfg.n_chan, "conv_1d_cl")
    index = fill_buffer_index_1d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index, _schedule(cfg, index.shape[1]), path)


@nnet_function("conv_2d_cl", "pointwise_conv_2d_cl")
def conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto") -> FixedArray:
    """``nnet::conv_2d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_height * in_width * n_chan)`` channels-last; weights in C++ order
    (``((kh * filt_width + kw) * n_chan + c) * n_filt + f`` for latency); returns
    ``(batch, out_height * out_width * n_filt)``. ``cfg.strategy`` picks latency or resource.
    """
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "conv_2d_cl")
    index = fill_buffer_index_2d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index, _schedule(cfg, index.shape[1]), path)


def _depthwise_check(cfg: Config) -> None:
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    if _strategy(cfg) != "latency":
        raise NotImplementedError("the headers support only the latency strategy for depthwise conv")


@nnet_function("depthwise_conv_1d_cl")
def depthwise_conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto") -> FixedArray:
    """``nnet::depthwise_conv_1d_cl`` (latency): weights ``filt_width * n_chan``, index
    ``k * n_chan + c``; returns ``(batch, out_width * n_chan)``."""
    _check(data, cfg.in_width * cfg.n_chan, "depthwise_conv_1d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_1d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_width, cfg.n_chan), path)


@nnet_function("depthwise_conv_2d_cl")
def depthwise_conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto") -> FixedArray:
    """``nnet::depthwise_conv_2d_cl`` (latency): weights ``filt_height * filt_width * n_chan``."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "depthwise_conv_2d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_2d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_height * cfg.filt_width, cfg.n_chan), path)


@nnet_function("separable_conv_1d_cl")
def separable_conv_1d_cl(data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                         depthwise_weights: FixedArray, pointwise_weights: FixedArray,
                         depthwise_biases: FixedArray, pointwise_biases: FixedArray, *,
                         path: str = "auto") -> FixedArray:
    """``nnet::separable_conv_1d_cl<data_T, dw_res_T, res_T, CONFIG_T>``: depthwise into a
    ``dw_res_T`` buffer, then ``pointwise_conv_1d_cl`` with ``CONFIG_T::pointwise_config``."""
    dw = depthwise_conv_1d_cl(data, dw_res_t, cfg.depthwise_config, depthwise_weights, depthwise_biases,
                              path=path)
    return conv_1d_cl(dw, res_t, cfg.pointwise_config, pointwise_weights, pointwise_biases,
                      path=path)


@nnet_function("separable_conv_2d_cl")
def separable_conv_2d_cl(data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                         depthwise_weights: FixedArray, pointwise_weights: FixedArray,
                         depthwise_biases: FixedArray, pointwise_biases: FixedArray, *,
                         path: str = "auto") -> FixedArray:
    """``nnet::separable_conv_2d_cl<data_T, dw_res_T, res_T, CONFIG_T>`` (see the 1-D twin)."""
    dw = depthwise_conv_2d_cl(data, dw_res_t, cfg.depthwise_config, depthwise_weights, depthwise_biases,
                              path=path)
    return conv_2d_cl(dw, res_t, cfg.pointwise_config, pointwise_weights, pointwise_biases,
                      path=path)
