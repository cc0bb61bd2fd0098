"""Twins of hls4ml's io_parallel convolutions.

Mirrors ``nnet_conv1d.h`` (``conv_1d_cl``, ``pointwise_conv_1d_cl``, ``Conv1DLatency``,
``Conv1DResource``, ``BatchedDenseForConv1D``), ``nnet_conv1d_latency.h``,
``nnet_conv1d_resource.h``, ``nnet_conv2d.h`` (``conv_2d_cl``, ``pointwise_conv_2d_cl``),
``nnet_conv2d_latency.h``, ``nnet_conv2d_resource.h`` and ``nnet_sepconv{1,2}d.h`` /
``nnet_sepconv{1,2}d_latency.h`` (``depthwise_conv_{1,2}d_cl``, ``separable_conv_{1,2}d_cl``);
the io_stream twins below mirror ``nnet_conv{1,2}d_stream.h``, ``nnet_sepconv{1,2}d_stream.h`` and
``nnet_depthwise_product.h`` (``DepthwiseDenseLatency``, ``DepthwiseDenseResource_rf_leq_nout``,
``DepthwiseDenseResource_rf_gt_nout_rem0``, ``DepthwiseDenseResource_rf_gt_nout``).

Every one of them runs hls4ml's generated im2col ``fill_buffer`` (zeros outside the padded
input; the generator ignores ``dilation``), then for each output pixel:

* ``mult = product(x, w)`` stored in ``accum_t`` (rounding and overflow of ``accum_t``);
* ``acc = (accum_t) bias``, then ``acc += mult`` in the order of the template's loops
  (latency: input-major; resource: the ``ReuseLoop``/``MultLoop`` schedule; depthwise: per
  channel), each add wrapping or saturating in ``accum_t``;
* ``res = cast<data_T, res_T, mult_config>(acc)``.

Each pixel's buffer row is one input of the dense engine: the products, the accumulation order
(a :class:`~fxsim.layers.macc.Schedule`) and the final cast run on
:func:`fxsim.layers.macc.accumulate` and :func:`fxsim.layers.mult.cast_result`, so ``path=``
selects the same execution paths as ``dense`` (``auto``, ``gemm``, ``ordered``, ``reference``).
The im2col layout itself comes from :mod:`fxsim.kernels.conv`.

>>> from fxsim.config import Config
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

from collections.abc import Callable

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.kernels import conv as kc
from fxsim.layers import dense, dense_latency, dense_resource, macc, mult, nnet_function
from fxsim.layers.macc import Schedule
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
    return dense_latency.schedule_dense_latency(n_in, n_out)


def schedule_conv_resource(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``conv_{1,2}d_resource_cl``: its ``ReuseLoop``/``MultLoop`` walk is the one of
    ``dense_resource_rf_leq_nin`` (``multscale = block_factor / n_out``); the template asserts
    ``reuse_factor <= filt * n_chan``."""
    if reuse_factor > n_in:
        raise ValueError(f"conv resource strategy needs reuse_factor <= filt*n_chan = {n_in}, "
                         f"got {reuse_factor}: Vivado's nnet_conv{{1,2}}d_resource.h asserts it; Vitis' "
                         f"nnet_conv2d_resource.h does not, but its ReuseLoop then reads data_buf[][i_rf] past "
                         f"filt*n_chan (undefined behaviour, not simulated)")
    return dense_resource.schedule_dense_resource_rf_leq_nin(n_in, n_out, reuse_factor)


def schedule_depthwise(n_taps: int, n_chan: int) -> Schedule:
    """``depthwise_conv_{1,2}d_latency_cl``: ``mult[j] = x[j] * w[j]``; for each tap ``k``, for
    each channel ``c``: ``acc[c] += mult[k * n_chan + c]``."""
    steps = [(c, k * n_chan + c, k * n_chan + c) for k in range(n_taps) for c in range(n_chan)]
    return Schedule.of(steps, n_taps * n_chan, n_chan, n_taps * n_chan)


def _depthwise_bounds(n_in: int, n_out: int, rufactor: int, block_factor: int, what: str) -> None:
    """The depthwise resource loops read ``data[ir + im * rufactor]`` for every ``ir < rufactor``,
    ``im < block_factor``: past ``n_in`` unless ``rufactor`` divides ``n_in`` (undefined in C++)."""
    if n_in % n_out != 0:
        raise ValueError(f"{what}: n_in={n_in} is not a multiple of n_out={n_out} (taps * n_chan, n_chan)")
    if rufactor * block_factor != n_in:
        raise ValueError(f"{what}: reuse factor {rufactor} does not divide n_in={n_in}, so the template reads "
                         f"data[] and weights[] out of bounds (undefined behaviour); hls4ml never emits it")


def depthwise_product_resource_rf_leq_nout(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_rf_leq_nout`` (nnet_depthwise_product.h): for each
    ``ir < RF``, ``in = ir + im * RF`` and ``out`` stepping by ``RF`` modulo ``n_out``."""
    what = "DepthwiseDenseResource_rf_leq_nout"
    if not 1 <= reuse_factor <= n_in:
        raise ValueError(f"{what}: reuse factor {reuse_factor} must be in [1, n_in={n_in}] "
                         f"(the template asserts multiplier_limit == block_factor)")
    block = _div_roundup(n_in, reuse_factor)
    _depthwise_bounds(n_in, n_out, reuse_factor, block, what)
    return _stepped_schedule(n_in, n_out, reuse_factor, block, lambda ir: ir, reuse_factor, what)


def depthwise_product_resource_rf_gt_nout_rem0(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_rf_gt_nout_rem0``: ``rufactor = min(RF, n_in)``,
    ``out = outidx[ir] = ir % n_out`` fixed along ``MultLoop``."""
    what = "DepthwiseDenseResource_rf_gt_nout_rem0"
    rufactor = min(reuse_factor, n_in)
    if not (rufactor >= n_out and rufactor % n_out == 0):
        raise ValueError(f"{what}: the template asserts RF >= N_CHAN && RF % N_CHAN == 0 "
                         f"(min(RF, n_in) = {rufactor}, n_chan = {n_out})")
    block = _div_roundup(n_in, rufactor)
    _depthwise_bounds(n_in, n_out, rufactor, block, what)
    steps = [(ir % n_out, ir + im * rufactor, ir + im * rufactor) for ir in range(rufactor) for im in range(block)]
    return Schedule.of(steps, n_in, n_out, n_in)


def depthwise_product_resource_gt_nout(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_gt_nout``: ``out`` starts at ``ir % n_out`` and steps
    by ``CONFIG_T::reuse_factor % n_out`` (the unclamped reuse factor) modulo ``n_out``."""
    what = "DepthwiseDenseResource_rf_gt_nout"
    rufactor = min(reuse_factor, n_in)
    if not rufactor > n_out:
        raise ValueError(f"{what}: the template asserts RF > N_CHAN (min(RF, n_in) = {rufactor}, n_chan = {n_out})")
    block = _div_roundup(n_in, rufactor)
    _depthwise_bounds(n_in, n_out, rufactor, block, what)
    return _stepped_schedule(n_in, n_out, rufactor, block, lambda ir: ir % n_out, reuse_factor % n_out, what)


def _stepped_schedule(n_in: int, n_out: int, rufactor: int, block: int, first_out: Callable[[int], int],
                      out_step: int, what: str) -> Schedule:
    """The loops both stepping depthwise kernels share: for each ``ir < rufactor``, ``in`` (and the
    weight) runs ``ir, ir + rufactor, ...`` for ``block`` steps while ``out`` starts at
    ``first_out(ir)`` and steps by ``out_step`` modulo ``n_out``."""
    steps = []
    for ir in range(rufactor):
        i, o = ir, first_out(ir)
        for _ in range(block):
            if o >= n_out:
                raise ValueError(f"{what}: acc[{o}] is out of bounds (reuse factor {rufactor} > "
                                 f"n_out={n_out}; hls4ml uses the rf_gt_nout kernels there)")
            steps.append((o, i, i))
            i += rufactor
            o += out_step
            if o >= n_out:
                o -= n_out
    return Schedule.of(steps, n_in, n_out, n_in)


#: ``mult_config::kernel`` of a depthwise layer -> its accumulation order ``(n_in, n_out, RF)``.
DEPTHWISE_KERNELS = {
    "DepthwiseDenseLatency": lambda n_in, n_out, rf: schedule_depthwise(n_in // n_out, n_out),
    "DepthwiseDenseResource_rf_leq_nout": depthwise_product_resource_rf_leq_nout,
    "DepthwiseDenseResource_rf_gt_nout_rem0": depthwise_product_resource_rf_gt_nout_rem0,
    "DepthwiseDenseResource_rf_gt_nout": depthwise_product_resource_gt_nout,
}


def depthwise_kernel(n_out: int, reuse_factor: int, strategy: str) -> str:
    """The ``DepthwiseDense*`` kernel hls4ml's Vivado/Vitis backend writes for a depthwise layer."""
    if strategy != "resource":
        return "DepthwiseDenseLatency"
    if reuse_factor <= n_out:
        return "DepthwiseDenseResource_rf_leq_nout"
    if reuse_factor % n_out == 0:
        return "DepthwiseDenseResource_rf_gt_nout_rem0"
    return "DepthwiseDenseResource_rf_gt_nout"


def _div_roundup(n: int, d: int) -> int:
    return (n + d - 1) // d


# ----------------------------------------------------------------------------- the engine
def _as_type(a: FixedArray, t: FixedType | None, *, stats: Recorder | None = None) -> FixedArray:
    """An argument as the C++ parameter's element type ``t`` (converted like ``T y = x``)."""
    return a if t is None or a.type == t else a.cast(t, stats=stats)


#: im2col rows x taps materialised at once (bounds memory for big batches).
_CHUNK_ELEMENTS = 1 << 22


def conv_macc(data: FixedArray, index: np.ndarray, weights: FixedArray, biases: FixedArray,
              res_t: FixedType, accum_t: FixedType, mult_cfg: Config, sched: Schedule,
              path: str = "auto", mac: macc.MacPass | None = None, *, stats: Recorder | None = None) -> FixedArray:
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
    mult.reject_exponent_bias(biases, "conv")
    if isinstance(weights, ExponentWeights):  # power-of-two weights: the dense replay per pixel
        if product != "weight_exponential":
            raise ValueError(f"power-of-two (exponent struct) weights with product {product}")
        acc0 = biases.reshape(-1)[: int(sched.out.max()) + 1].cast(accum_t, stats=stats)
        cols = FixedArray(kc.im2col(data.raw, index).reshape(-1, n_taps), data.type)
        acc = macc.accumulate_exponential(cols, weights.reshape(-1), acc0, sched, accum_t, stats=stats)
        return FixedArray(acc.cast(res_t, stats=stats).raw.reshape(batch, -1), res_t)  # nnet::cast: (res_T) acc
    w = _as_type(weights.reshape(-1), mult_cfg.get("weight_t"), stats=stats)
    mult.product_type(product, data.type, w.type)  # rejects unknown products early
    acc0 = biases.reshape(-1)[: int(sched.out.max()) + 1].cast(accum_t, kind="bias", stats=stats)
    if path in ("auto", "modular"):  # gather, accumulate and cast in one kernel pass, no im2col copy
        fused = macc.modular_macc(data, w, acc0, sched, product, accum_t, res_t, index=index, mac=mac, stats=stats)
        if fused is not None:
            return fused
    step = max(1, _CHUNK_ELEMENTS // max(1, n_pix * n_taps))
    out = []
    for b0 in range(0, batch, step):
        cols = FixedArray(kc.im2col(data.raw[b0:b0 + step], index).reshape(-1, n_taps), data.type)
        acc = macc.accumulate(cols, w, acc0, sched, product, accum_t, path, mac, stats=stats)
        res = mult.cast_result(acc, data.type, res_t, mult_cfg, w.type, stats=stats)
        out.append(res.raw.reshape(cols.shape[0] // n_pix, -1))
    raw = np.concatenate(out, axis=0) if out else np.zeros((0, n_pix * acc0.shape[0]), dtype=np.int64)
    return FixedArray(raw, res_t)


def _conv_im2col(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                 biases: FixedArray, index: np.ndarray, sched: Schedule, path: str,
                 mac: macc.MacPass | None = None, *, stats: Recorder | None = None) -> FixedArray:
    """The C++ parameter arrays hold ``CONFIG_T::weight_t`` / ``CONFIG_T::bias_t`` values."""
    w = weights.reshape(-1) if isinstance(weights, ExponentWeights) else \
        _as_type(weights.reshape(-1), cfg.get("weight_t"), stats=stats)
    b = _as_type(biases.reshape(-1), cfg.get("bias_t"), stats=stats)
    return conv_macc(data, index, w, b, res_t, cfg.accum_t, cfg.mult_config, sched, path, mac, stats=stats)


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
@nnet_function("conv_1d_cl")
def conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto",
               mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_1d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_width * n_chan)`` channels-last; ``weights`` the C++ array
    (``filt_width * n_chan * n_filt``, index ``(k * n_chan + c) * n_filt + f`` for latency);
    returns ``(batch, out_width * n_filt)``. Dispatches on ``cfg.conv_kernel`` (``Conv1DLatency``,
    ``Conv1DResource``, ``BatchedDenseForConv1D``) or ``cfg.strategy``.
    io_stream configs (see :func:`is_stream`) run :func:`conv_1d_cl_stream`.
    """
    if is_stream(cfg):
        return conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    _check(data, cfg.in_width * cfg.n_chan, "conv_1d_cl")
    index = fill_buffer_index_1d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index, _schedule(cfg, index.shape[1]), path, mac,
                        stats=stats)


@nnet_function("conv_2d_cl")
def conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto",
               mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_2d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_height * in_width * n_chan)`` channels-last; weights in C++ order
    (``((kh * filt_width + kw) * n_chan + c) * n_filt + f`` for latency); returns
    ``(batch, out_height * out_width * n_filt)``. ``cfg.strategy`` picks latency or resource.
    """
    if is_stream(cfg):
        return conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "conv_2d_cl")
    index = fill_buffer_index_2d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index, _schedule(cfg, index.shape[1]), path, mac,
                        stats=stats)


@nnet_function("pointwise_conv_1d_cl")
def pointwise_conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_1d_cl``: io_parallel it is :func:`conv_1d_cl` with
    ``filt_width == 1``; io_stream it is :func:`pointwise_conv_1d_cl_stream`."""
    if is_stream(cfg):
        return pointwise_conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    return conv_1d_cl(data, res_t, cfg, weights, biases, path=path, mac=mac, stats=stats)


@nnet_function("pointwise_conv_2d_cl")
def pointwise_conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_2d_cl``: io_parallel :func:`conv_2d_cl` with a 1x1 filter;
    io_stream :func:`pointwise_conv_2d_cl_stream`."""
    if is_stream(cfg):
        return pointwise_conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    return conv_2d_cl(data, res_t, cfg, weights, biases, path=path, mac=mac, stats=stats)


def _depthwise_check(cfg: Config) -> None:
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    if _strategy(cfg) != "latency":
        raise ValueError(f"{cfg.name}: io_parallel depthwise conv supports only the latency strategy "
                         "(nnet_sepconv{1,2}d.h asserts 'Resource strategy for DepthwiseConv is not supported', "
                         "so hls4ml's own C simulation aborts); the Resource kernels exist only in io_stream")


@nnet_function("depthwise_conv_1d_cl")
def depthwise_conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_1d_cl`` (latency): weights ``filt_width * n_chan``, index
    ``k * n_chan + c``; returns ``(batch, out_width * n_chan)``."""
    if is_stream(cfg):
        return depthwise_conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    _check(data, cfg.in_width * cfg.n_chan, "depthwise_conv_1d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_1d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_width, cfg.n_chan), path, mac, stats=stats)


@nnet_function("depthwise_conv_2d_cl")
def depthwise_conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: macc.MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_2d_cl`` (latency): weights ``filt_height * filt_width * n_chan``."""
    if is_stream(cfg):
        return depthwise_conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "depthwise_conv_2d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_2d(cfg)
    return _conv_im2col(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_height * cfg.filt_width, cfg.n_chan), path, mac, stats=stats)


@nnet_function("separable_conv_1d_cl")
def separable_conv_1d_cl(data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                         depthwise_weights: FixedArray, pointwise_weights: FixedArray,
                         depthwise_biases: FixedArray, pointwise_biases: FixedArray, *,
                         path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """``nnet::separable_conv_1d_cl<data_T, dw_res_T, res_T, CONFIG_T>``: depthwise into a
    ``dw_res_T`` buffer, then ``pointwise_conv_1d_cl`` with ``CONFIG_T::pointwise_config``."""
    if is_stream(cfg) or is_stream(cfg.depthwise_config):
        return _separable_stream(False, data, dw_res_t, res_t, cfg, depthwise_weights, pointwise_weights,
                                 depthwise_biases, pointwise_biases, path, False)
    dw = depthwise_conv_1d_cl(data, dw_res_t, cfg.depthwise_config, depthwise_weights, depthwise_biases,
                              path=path, stats=stats)
    return conv_1d_cl(dw, res_t, cfg.pointwise_config, pointwise_weights, pointwise_biases,
                      path=path, stats=stats)


@nnet_function("separable_conv_2d_cl")
def separable_conv_2d_cl(data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                         depthwise_weights: FixedArray, pointwise_weights: FixedArray,
                         depthwise_biases: FixedArray, pointwise_biases: FixedArray, *,
                         path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """``nnet::separable_conv_2d_cl<data_T, dw_res_T, res_T, CONFIG_T>`` (see the 1-D twin)."""
    if is_stream(cfg) or is_stream(cfg.depthwise_config):
        return _separable_stream(True, data, dw_res_t, res_t, cfg, depthwise_weights, pointwise_weights,
                                 depthwise_biases, pointwise_biases, path, False)
    dw = depthwise_conv_2d_cl(data, dw_res_t, cfg.depthwise_config, depthwise_weights, depthwise_biases,
                              path=path, stats=stats)
    return conv_2d_cl(dw, res_t, cfg.pointwise_config, pointwise_weights, pointwise_biases,
                      path=path, stats=stats)


# ============================================================================= io_stream
# nnet_conv_stream.h, nnet_conv{1,2}d_stream.h, nnet_sepconv{,1d,2d}_stream.h.
#
# A stream conv reads one pixel (``data_T`` = ``nnet::array<T, n_chan>``) per step; the LineBuffer
# implementation shifts it into a static ``kernel_data`` window (through ``ap_shift_reg`` line
# buffers in 2-D), the Encoded one pushes it into per-tap FIFOs chosen by the generated ``pixels``
# instructions. Whenever a full window is ready, ``mult_config::kernel::dense(window, res, w, b)``
# runs and one output pixel is written. The arithmetic of each output pixel is therefore exactly a
# dense layer over that window: :func:`conv_macc` with the schedule of ``mult_config::kernel``.
# What differs from io_parallel is only *which* windows are emitted and in which order; that
# layout is either the im2col table (LineBuffer, where provably the same) or a literal
# index-level replay of the stream template (:func:`stream_windows`; ``reference=True`` always
# replays). The templates assert zero padding (hls4ml emits a separate ``zeropad`` stream).

def is_stream(cfg: Config) -> bool:
    """Whether ``cfg`` belongs to an io_stream layer: :func:`fxsim.layers.stream.is_stream`."""
    from fxsim.layers import stream

    return stream.is_stream(cfg)


def _implementation(cfg: Config) -> str:
    impl = str(cfg.get("implementation", "linebuffer")).split("::")[-1].lower()
    if impl not in ("linebuffer", "encoded"):
        raise NotImplementedError(f"conv_implementation {impl!r} is not supported (linebuffer, encoded)")
    return impl


def scale_index(kind: str, k: int, s: int, w: int, idx: int) -> int:
    """``scale_index_regular<K, S, W>::scale_index(idx)`` (or ``scale_index_unscaled``)."""
    if not str(kind).endswith("regular"):
        return idx
    if k >= s:
        if idx < k - s:
            return idx
        nw = ((w - k) // s) * s + k
        sw = (_div_roundup(k, s) - 1) * s + k
        if idx >= nw:
            return sw
        r = nw - idx
        if r <= k - s:
            return sw - r
        return k - s + (idx - (k - s)) % s
    if idx < s - k:
        return idx
    nw = ((w - k) // s) * s + k
    sw = (_div_roundup(s, k) - 1) * s + k
    if idx >= nw:
        return sw
    r = nw - idx
    if r <= s - k:
        return sw - r
    return s - k + (idx - (s - k)) % s


class StreamError(ValueError):
    """The stream template would read an empty FIFO or uninitialised buffer (undefined in C++)."""


def _linebuffer_windows(in_h: int, in_w: int, fh: int, fw: int, sh: int, sw: int,
                        two_d: bool) -> list[list[int]]:
    """Pixel indices of each window ``compute_output_buffer_{1,2}d`` (or the pooling twins) emits
    for one image, in order, replaying the static counters, ``kernel_data`` and line buffers.
    ``two_d=False`` replays ``compute_output_buffer_1d`` on every row (what the 2-D buffer conv
    calls when ``filt_height == 1``: it knows nothing of rows or ``stride_height``)."""
    stale = -1
    out: list[list[int]] = []
    if not two_d:
        lx = fw - 1
        kernel = [stale] * fw
        for row in range(in_h):
            px = sx = 0
            for col in range(in_w):
                kernel = kernel[1:] + [row * in_w + col]
                if sx - lx == 0 and px > lx - 1:
                    out.append(list(kernel))
                if px + 1 == in_w:
                    px = sx = 0
                else:
                    px += 1
                    sx = sx - sw + 1 if sx - lx == 0 else sx + 1
        return out
    lx, ly = fw - 1, fh - 1
    lines = [[stale] * in_w for _ in range(max(fh - 1, 1))]  # ap_shift_reg<T, in_width>
    kernel = [[stale] * fw for _ in range(fh)]
    px = py = sx = sy = 0
    for pix in range(in_h * in_w):
        shift = [stale] * fh
        shift[fh - 1] = pix
        for i in range(1, fh):
            reg = lines[i - 1]
            pop = reg[in_w - 1]
            reg[1:] = reg[:-1]
            reg[0] = shift[fh - i]
            shift[fh - i - 1] = pop
        for r in range(fh):
            kernel[r] = kernel[r][1:] + [shift[r]]
        if sx - lx == 0 and sy - ly == 0 and py > ly - 1 and px > lx - 1:
            out.append([p for r in kernel for p in r])
        if px + 1 == in_w:
            px = sx = 0
            if py + 1 == in_h:
                py = sy = 0
            else:
                py += 1
                sy = sy - sh + 1 if sy - ly == 0 else sy + 1
        else:
            px += 1
            sx = sx - sw + 1 if sx - lx == 0 else sx + 1
    return out


def _encoded_windows(cfg: Config, two_d: bool) -> list[list[int]]:
    """Pixel indices of each window ``conv_{1,2}d_encoded_cl`` emits: per input pixel the
    ``pixels[]`` instruction (through ``scale_index``) says which tap FIFOs receive it; when the
    last tap's bit is set one value is popped from every FIFO (they are local: fresh per image)."""
    fh = cfg.filt_height if two_d else 1
    fw = cfg.filt_width
    in_h = cfg.in_height if two_d else 1
    k = fh * fw
    pixels = [int(p) for p in np.atleast_1d(cfg.pixels)]
    fifos: list[list[int]] = [[] for _ in range(k)]
    heads = [0] * k
    out: list[list[int]] = []
    for h in range(in_h):
        sh_idx = scale_index(cfg.get("scale_index_height", ""), fh, cfg.stride_height, in_h, h) if two_d else 0
        for w in range(cfg.in_width):
            if two_d:
                sw_idx = scale_index(cfg.get("scale_index_width", ""), fw, cfg.stride_width, cfg.in_width, w)
                pos = sh_idx * cfg.min_width + sw_idx
            else:
                pos = scale_index(cfg.get("scale_index", ""), fw, cfg.stride_width, cfg.in_width, w)
            if not 0 <= pos < len(pixels):
                raise StreamError(f"pixels[{pos}] is out of bounds (min size {len(pixels)})")
            bits = pixels[pos] & ((1 << k) - 1)  # ap_uint<kernel_size>
            for f in range(k):
                if bits >> f & 1:
                    fifos[f].append(h * cfg.in_width + w)
            if bits >> (k - 1) & 1:
                win = []
                for f in range(k):
                    if heads[f] >= len(fifos[f]):
                        raise StreamError("the encoded conv reads an empty data_window FIFO")
                    win.append(fifos[f][heads[f]])
                    heads[f] += 1
                out.append(win)
    return out


def _expand(windows: list[list[int]], n_chan: int) -> np.ndarray:
    """Pixel windows -> ``(windows, taps * n_chan)`` element indices ``pixel * n_chan + c``."""
    w = np.asarray(windows, dtype=np.int64).reshape(len(windows), -1)
    if (w < 0).any():
        raise StreamError("a window would hold values of an earlier image (uninitialised buffer)")
    return (w[:, :, None] * n_chan + np.arange(n_chan)[None, None, :]).reshape(len(windows), -1)


def _take_outputs(index: np.ndarray, n_out: int, what: str) -> np.ndarray:
    """The next layer reads ``n_out`` pixels; extra ones stay in the (per-call) FIFO and vanish."""
    if index.shape[0] < n_out:
        raise StreamError(f"{what} writes {index.shape[0]} pixels but {n_out} are read (reads an empty stream)")
    return index[:n_out]


def stream_windows(cfg: Config, two_d: bool, n_out: int, *, linebuffer_2d: bool = True,
                   what: str = "conv") -> np.ndarray:
    """``(n_out, taps * n_chan)`` input indices of the windows a stream conv/pool emits, by
    replaying the template (LineBuffer or Encoded) at index level. ``linebuffer_2d=False``: a 2-D
    LineBuffer layer with ``filt_height == 1`` (the conv calls ``compute_output_buffer_1d``)."""
    fh = (cfg.filt_height if two_d else 1)
    in_h = cfg.in_height if two_d else 1
    sh = cfg.stride_height if two_d else 1
    if _implementation(cfg) == "encoded":
        wins = _encoded_windows(cfg, two_d)
    else:
        wins = _linebuffer_windows(in_h, cfg.in_width, fh, cfg.filt_width, sh, cfg.stride_width,
                                   two_d and linebuffer_2d)
    return _take_outputs(_expand(wins, cfg.n_chan), n_out, what)


def _stream_index(cfg: Config, two_d: bool, reference: bool) -> np.ndarray:
    """The stream conv's window table: the im2col table where the LineBuffer provably emits it,
    else (and always with ``reference``) the replay of :func:`stream_windows`."""
    pads = [cfg.pad_left, cfg.pad_right] + ([cfg.pad_top, cfg.pad_bottom] if two_d else [])
    if any(int(p) != 0 for p in pads):
        raise ValueError("stream convolutions assert zero padding (hls4ml pads with a zeropad stream)")
    _one_pixel_per_pack(cfg)
    n_out = cfg.out_width * (cfg.out_height if two_d else 1)
    rows_1d = two_d and cfg.filt_height == 1  # conv_2d_buffer_cl -> compute_output_buffer_1d
    if reference or _implementation(cfg) == "encoded":
        return stream_windows(cfg, two_d, n_out, linebuffer_2d=not rows_1d)
    if not two_d:
        return kc.im2col_index_1d(cfg.in_width, cfg.n_chan, cfg.filt_width, cfg.stride_width, 0, 0)
    sh = 1 if rows_1d else cfg.stride_height
    idx = kc.im2col_index_2d(cfg.in_height, cfg.in_width, cfg.n_chan, cfg.filt_height, cfg.filt_width,
                             sh, cfg.stride_width, 0, 0, 0, 0)
    return _take_outputs(idx, n_out, "conv")


def _one_pixel_per_pack(cfg: Config) -> None:
    """hls4ml streams one pixel per ``nnet::array`` (``data_T::size == n_chan``); the templates'
    multi-pixel packing is not modelled."""
    from fxsim.layers import stream

    if stream.data_pack(cfg, cfg.n_chan) != cfg.n_chan or stream.res_pack(cfg, cfg.n_filt) != cfg.n_filt:
        raise NotImplementedError("stream convolutions with several pixels per stream element are not supported")


def _pointwise_index(cfg: Config, two_d: bool) -> np.ndarray:
    """``pointwise_conv_{1,2}d_cl`` (stream): pixel ``(h, w)`` is used iff ``h % stride_height == 0``
    and ``w % stride_width == 0``; the others are read and dropped."""
    _one_pixel_per_pack(cfg)
    hs = range(0, cfg.in_height, cfg.stride_height) if two_d else range(1)
    ws = range(0, cfg.in_width, cfg.stride_width)
    pix = [h * cfg.in_width + w for h in hs for w in ws]
    n_out = cfg.out_width * (cfg.out_height if two_d else 1)
    return _take_outputs(_expand([[p] for p in pix], cfg.n_chan), n_out, "pointwise conv")


def stream_schedule(cfg: Config, depthwise: bool = False) -> Schedule:
    """The accumulation order of ``mult_config::kernel::dense`` (``DenseLatency``,
    ``DenseResource_*``; ``DepthwiseDenseLatency`` / ``DepthwiseDenseResource_*`` of
    nnet_depthwise_product.h for depthwise layers)."""
    m = cfg.mult_config
    kernel = str(m.get("kernel", "")).split("::")[-1]
    if depthwise:
        n_in, n_out, rf = int(m.n_in), int(m.n_out), int(m.get("reuse_factor", 1))
        if kernel == "":
            kernel = depthwise_kernel(n_out, rf, str(m.get("strategy", "latency")).split("::")[-1].lower())
        if kernel not in DEPTHWISE_KERNELS:
            raise NotImplementedError(f"{m.name}: depthwise kernel {kernel} is not supported "
                                      f"({', '.join(DEPTHWISE_KERNELS)})")
        return DEPTHWISE_KERNELS[kernel](n_in, n_out, rf)
    fn = dense.kernel_function(m)
    return dense.SCHEDULES[fn](int(m.n_in), int(m.n_out), int(m.get("reuse_factor", 1)))


def _stream_conv(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray, biases: FixedArray,
                 index: np.ndarray, sched: Schedule, path: str, *, stats: Recorder | None = None) -> FixedArray:
    return _conv_im2col(data, res_t, cfg, weights, biases, index, sched, path, stats=stats)


def conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                      biases: FixedArray, *, path: str = "auto", reference: bool = False,
                      stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_1d_cl`` of nnet_conv1d_stream.h (``conv_1d_buffer_cl`` / ``conv_1d_encoded_cl``
    by ``cfg.implementation``). ``reference=True`` replays the template's window logic and the
    dense schedule step by step."""
    _check(data, cfg.in_width * cfg.n_chan, "conv_1d_cl")
    index = _stream_index(cfg, False, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                      biases: FixedArray, *, path: str = "auto", reference: bool = False,
                      stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_2d_cl`` of nnet_conv2d_stream.h (LineBuffer or Encoded). With
    ``filt_height == 1`` the LineBuffer calls ``compute_output_buffer_1d`` on every row, ignoring
    ``stride_height``: the first ``out_height * out_width`` of those pixels are what is read."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "conv_2d_cl")
    index = _stream_index(cfg, True, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def depthwise_conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_1d_cl`` of nnet_sepconv1d_stream.h (``DepthwiseDenseLatency``)."""
    _check(data, cfg.in_width * cfg.n_chan, "depthwise_conv_1d_cl")
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    index = _stream_index(cfg, False, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg, True),
                        "reference" if reference else path, stats=stats)


def depthwise_conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_2d_cl`` of nnet_sepconv2d_stream.h (``DepthwiseDenseLatency``)."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "depthwise_conv_2d_cl")
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    index = _stream_index(cfg, True, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg, True),
                        "reference" if reference else path, stats=stats)


def pointwise_conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_1d_cl`` of nnet_sepconv1d_stream.h: dense on every
    ``stride_width``-th pixel."""
    _check(data, cfg.in_width * cfg.n_chan, "pointwise_conv_1d_cl")
    return _stream_conv(data, res_t, cfg, weights, biases, _pointwise_index(cfg, False), stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def pointwise_conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_2d_cl`` of nnet_sepconv2d_stream.h."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "pointwise_conv_2d_cl")
    return _stream_conv(data, res_t, cfg, weights, biases, _pointwise_index(cfg, True), stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def _separable_stream(two_d: bool, data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                      dw_w: FixedArray, pw_w: FixedArray, dw_b: FixedArray, pw_b: FixedArray, path: str,
                      reference: bool) -> FixedArray:
    dw_fn = depthwise_conv_2d_cl_stream if two_d else depthwise_conv_1d_cl_stream
    pw_fn = pointwise_conv_2d_cl_stream if two_d else pointwise_conv_1d_cl_stream
    dw = dw_fn(data, dw_res_t, cfg.depthwise_config, dw_w, dw_b, path=path, reference=reference)
    return pw_fn(dw, res_t, cfg.pointwise_config, pw_w, pw_b, path=path, reference=reference)
