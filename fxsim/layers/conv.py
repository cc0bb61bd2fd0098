"""Twins of ``nnet_conv1d.h`` (``conv_1d_cl``, ``pointwise_conv_1d_cl``; kernels ``Conv1DLatency``,
``Conv1DResource``, ``BatchedDenseForConv1D``) and ``nnet_conv2d.h`` (``conv_2d_cl``,
``pointwise_conv_2d_cl``), io_parallel; their latency/resource bodies (``nnet_conv{1,2}d_latency.h``,
``nnet_conv{1,2}d_resource.h``) are :mod:`fxsim.layers.conv_im2col`'s, the io_stream overloads
:mod:`fxsim.layers.conv_stream`'s, depthwise and separable convs :mod:`fxsim.layers.sepconv`'s.

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

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.conv_im2col import check_data, conv_schedule, fill_buffer_index_1d, fill_buffer_index_2d, im2col_macc
from fxsim.layers.conv_stream import (
    conv_1d_cl_stream,
    conv_2d_cl_stream,
    pointwise_conv_1d_cl_stream,
    pointwise_conv_2d_cl_stream,
)
from fxsim.layers.macc import MacPass
from fxsim.layers.stream import is_stream
from fxsim.trace import Recorder
from fxsim.types import FixedType


# ----------------------------------------------------------------------------- public twins
@nnet_function("conv_1d_cl")
def conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto",
               mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_1d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_width * n_chan)`` channels-last; ``weights`` the C++ array
    (``filt_width * n_chan * n_filt``, index ``(k * n_chan + c) * n_filt + f`` for latency);
    returns ``(batch, out_width * n_filt)``. Dispatches on ``cfg.conv_kernel`` (``Conv1DLatency``,
    ``Conv1DResource``, ``BatchedDenseForConv1D``) or ``cfg.strategy``.
    io_stream configs (see :func:`is_stream`) run :func:`conv_1d_cl_stream`.
    """
    if is_stream(cfg):
        return conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    check_data(data, cfg.in_width * cfg.n_chan, "conv_1d_cl")
    index = fill_buffer_index_1d(cfg)
    return im2col_macc(data, res_t, cfg, weights, biases, index, conv_schedule(cfg, index.shape[1]), path, mac,
                        stats=stats)


@nnet_function("conv_2d_cl")
def conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
               biases: FixedArray, *, path: str = "auto",
               mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_2d_cl<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    ``data`` is ``(batch, in_height * in_width * n_chan)`` channels-last; weights in C++ order
    (``((kh * filt_width + kw) * n_chan + c) * n_filt + f`` for latency); returns
    ``(batch, out_height * out_width * n_filt)``. ``cfg.strategy`` picks latency or resource.
    """
    if is_stream(cfg):
        return conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    check_data(data, cfg.in_height * cfg.in_width * cfg.n_chan, "conv_2d_cl")
    index = fill_buffer_index_2d(cfg)
    return im2col_macc(data, res_t, cfg, weights, biases, index, conv_schedule(cfg, index.shape[1]), path, mac,
                        stats=stats)


@nnet_function("pointwise_conv_1d_cl")
def pointwise_conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_1d_cl``: io_parallel it is :func:`conv_1d_cl` with
    ``filt_width == 1``; io_stream it is :func:`pointwise_conv_1d_cl_stream`."""
    if is_stream(cfg):
        return pointwise_conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    return conv_1d_cl(data, res_t, cfg, weights, biases, path=path, mac=mac, stats=stats)


@nnet_function("pointwise_conv_2d_cl")
def pointwise_conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_2d_cl``: io_parallel :func:`conv_2d_cl` with a 1x1 filter;
    io_stream :func:`pointwise_conv_2d_cl_stream`."""
    if is_stream(cfg):
        return pointwise_conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    return conv_2d_cl(data, res_t, cfg, weights, biases, path=path, mac=mac, stats=stats)
