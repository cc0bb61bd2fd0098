"""The io_parallel convolution engine of ``nnet_conv{1,2}d_latency.h`` / ``nnet_conv{1,2}d_resource.h``:
hls4ml's generated ``fill_buffer`` (im2col; :func:`fill_buffer_index_1d`, :func:`fill_buffer_index_2d`),
the latency and resource loop orders (:func:`schedule_conv_latency`, :func:`schedule_conv_resource`) and
the per-pixel multiply-accumulate (:func:`conv_macc`) every conv template shares (see :mod:`fxsim.layers.conv`).

>>> schedule_conv_latency(2, 1).inp.tolist()
[0, 1]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.kernels import conv as kc
from fxsim.layers.dense_latency import schedule_dense_latency
from fxsim.layers.dense_resource import schedule_dense_resource_rf_leq_nin
from fxsim.layers.macc import MacPass, Schedule, accumulate, accumulate_exponential, as_type, modular_macc
from fxsim.layers.mult import cast_result, product_type, reject_exponent_bias
from fxsim.trace import Recorder
from fxsim.types import FixedType
from fxsim.weight_structs import ExponentWeights


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
    return schedule_dense_latency(n_in, n_out)


def schedule_conv_resource(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``conv_{1,2}d_resource_cl``: its ``ReuseLoop``/``MultLoop`` walk is the one of
    ``dense_resource_rf_leq_nin`` (``multscale = block_factor / n_out``); the template asserts
    ``reuse_factor <= filt * n_chan``."""
    if reuse_factor > n_in:
        raise ValueError(f"conv resource strategy needs reuse_factor <= filt*n_chan = {n_in}, "
                         f"got {reuse_factor}: Vivado's nnet_conv{{1,2}}d_resource.h asserts it; Vitis' "
                         f"nnet_conv2d_resource.h does not, but its ReuseLoop then reads data_buf[][i_rf] past "
                         f"filt*n_chan (undefined behaviour, not simulated)")
    return schedule_dense_resource_rf_leq_nin(n_in, n_out, reuse_factor)


#: im2col rows x taps materialised at once (bounds memory for big batches).
_CHUNK_ELEMENTS = 1 << 22


def conv_macc(data: FixedArray, index: np.ndarray, weights: FixedArray, biases: FixedArray,
              res_t: FixedType, accum_t: FixedType, mult_cfg: Config, sched: Schedule,
              path: str = "auto", mac: MacPass | None = None, *, stats: Recorder | None = None) -> FixedArray:
    """The im2col multiply-accumulate shared by every conv template.

    ``data`` (batch, n) of ``data_T``; ``index`` (pixels, taps) the ``fill_buffer`` layout;
    ``sched`` the template's ``acc[out] += (accum_t) product(buf[in], w[w])`` order. Each pixel's
    buffer row is one ``dense`` input: the accumulation runs on :func:`fxsim.layers.macc.accumulate`
    (``path``: ``auto``, ``gemm``, ``ordered`` or ``reference``). Weights are passed as
    ``mult_config::weight_t``, biases converted to ``accum_t``, and each accumulator ends as
    ``cast<data_T, res_T, mult_config>``. Returns ``(batch, pixels * n_out)`` of ``res_t``.
    ``mac``: what an execution plan asks of the fused kernel pass (:class:`fxsim.layers.macc.MacPass`).
    """
    batch = data.shape[0]
    n_pix, n_taps = index.shape
    product = str(mult_cfg.get("product", "mult")).split("::")[-1]
    reject_exponent_bias(biases, "conv")
    if isinstance(weights, ExponentWeights):  # power-of-two weights: the dense replay per pixel
        if product != "weight_exponential":
            raise ValueError(f"power-of-two (exponent struct) weights with product {product}")
        acc0 = biases.reshape(-1)[: int(sched.out.max()) + 1].cast(accum_t, stats=stats)
        cols = FixedArray(kc.im2col(data.raw, index).reshape(-1, n_taps), data.type)
        acc = accumulate_exponential(cols, weights.reshape(-1), acc0, sched, accum_t, stats=stats)
        return FixedArray(acc.cast(res_t, stats=stats).raw.reshape(batch, -1), res_t)  # nnet::cast: (res_T) acc
    w = as_type(weights.reshape(-1), mult_cfg.get("weight_t"), stats=stats)
    product_type(product, data.type, w.type)  # rejects unknown products early
    acc0 = biases.reshape(-1)[: int(sched.out.max()) + 1].cast(accum_t, kind="bias", stats=stats)
    if path in ("auto", "modular"):  # gather, accumulate and cast in one kernel pass, no im2col copy
        fused = modular_macc(data, w, acc0, sched, product, accum_t, res_t, index=index, mac=mac, stats=stats)
        if fused is not None:
            return fused
    step = max(1, _CHUNK_ELEMENTS // max(1, n_pix * n_taps))
    out = []
    for b0 in range(0, batch, step):
        cols = FixedArray(kc.im2col(data.raw[b0:b0 + step], index).reshape(-1, n_taps), data.type)
        acc = accumulate(cols, w, acc0, sched, product, accum_t, path, mac, stats=stats)
        res = cast_result(acc, data.type, res_t, mult_cfg, w.type, stats=stats)
        out.append(res.raw.reshape(cols.shape[0] // n_pix, -1))
    raw = np.concatenate(out, axis=0) if out else np.zeros((0, n_pix * acc0.shape[0]), dtype=np.int64)
    return FixedArray(raw, res_t)


def im2col_macc(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                 biases: FixedArray, index: np.ndarray, sched: Schedule, path: str,
                 mac: MacPass | None = None, *, stats: Recorder | None = None) -> FixedArray:
    """The C++ parameter arrays hold ``CONFIG_T::weight_t`` / ``CONFIG_T::bias_t`` values."""
    w = weights.reshape(-1) if isinstance(weights, ExponentWeights) else \
        as_type(weights.reshape(-1), cfg.get("weight_t"), stats=stats)
    b = as_type(biases.reshape(-1), cfg.get("bias_t"), stats=stats)
    return conv_macc(data, index, w, b, res_t, cfg.accum_t, cfg.mult_config, sched, path, mac, stats=stats)


def conv_strategy(cfg: Config) -> str:
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


def conv_schedule(cfg: Config, n_in: int) -> Schedule:
    if conv_strategy(cfg) == "resource":
        return schedule_conv_resource(n_in, cfg.n_filt, cfg.reuse_factor)
    return schedule_conv_latency(n_in, cfg.n_filt)


def check_data(data: FixedArray, n: int, what: str) -> None:
    if data.ndim != 2 or data.shape[1] != n:
        raise ValueError(f"{what} expects data of shape (batch, {n}), got {data.shape}")
