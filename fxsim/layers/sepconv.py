"""Twins of ``nnet_sepconv1d.h`` / ``nnet_sepconv2d.h`` (and their ``_latency.h``):
``depthwise_conv_{1,2}d_cl`` -> :func:`depthwise_conv_1d_cl`, :func:`depthwise_conv_2d_cl`;
``separable_conv_{1,2}d_cl`` -> :func:`separable_conv_1d_cl`, :func:`separable_conv_2d_cl` (a depthwise
then a pointwise conv). The depthwise loop orders are :mod:`fxsim.layers.depthwise_product`'s; on
io_stream configs they dispatch to :mod:`fxsim.layers.conv_stream`.
"""

from __future__ import annotations

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.conv import conv_1d_cl, conv_2d_cl
from fxsim.layers.conv_im2col import check_data, conv_strategy, fill_buffer_index_1d, fill_buffer_index_2d, im2col_macc
from fxsim.layers.conv_stream import depthwise_conv_1d_cl_stream, depthwise_conv_2d_cl_stream, separable_stream
from fxsim.layers.depthwise_product import schedule_depthwise
from fxsim.layers.macc import MacPass
from fxsim.layers.stream import is_stream
from fxsim.trace import Recorder
from fxsim.types import FixedType


def _depthwise_check(cfg: Config) -> None:
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    if conv_strategy(cfg) != "latency":
        raise ValueError(f"{cfg.name}: io_parallel depthwise conv supports only the latency strategy "
                         "(nnet_sepconv{1,2}d.h asserts 'Resource strategy for DepthwiseConv is not supported', "
                         "so hls4ml's own C simulation aborts); the Resource kernels exist only in io_stream")


@nnet_function("depthwise_conv_1d_cl")
def depthwise_conv_1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_1d_cl`` (latency): weights ``filt_width * n_chan``, index
    ``k * n_chan + c``; returns ``(batch, out_width * n_chan)``."""
    if is_stream(cfg):
        return depthwise_conv_1d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    check_data(data, cfg.in_width * cfg.n_chan, "depthwise_conv_1d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_1d(cfg)
    return im2col_macc(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_width, cfg.n_chan), path, mac, stats=stats)


@nnet_function("depthwise_conv_2d_cl")
def depthwise_conv_2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                         biases: FixedArray, *, path: str = "auto",
                         mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_2d_cl`` (latency): weights ``filt_height * filt_width * n_chan``."""
    if is_stream(cfg):
        return depthwise_conv_2d_cl_stream(data, res_t, cfg, weights, biases, path=path, stats=stats)
    check_data(data, cfg.in_height * cfg.in_width * cfg.n_chan, "depthwise_conv_2d_cl")
    _depthwise_check(cfg)
    index = fill_buffer_index_2d(cfg)
    return im2col_macc(data, res_t, cfg, weights, biases, index,
                        schedule_depthwise(cfg.filt_height * cfg.filt_width, cfg.n_chan), path, mac, stats=stats)


@nnet_function("separable_conv_1d_cl")
def separable_conv_1d_cl(data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                         depthwise_weights: FixedArray, pointwise_weights: FixedArray,
                         depthwise_biases: FixedArray, pointwise_biases: FixedArray, *,
                         path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """``nnet::separable_conv_1d_cl<data_T, dw_res_T, res_T, CONFIG_T>``: depthwise into a
    ``dw_res_T`` buffer, then ``pointwise_conv_1d_cl`` with ``CONFIG_T::pointwise_config``."""
    if is_stream(cfg) or is_stream(cfg.depthwise_config):
        return separable_stream(False, data, dw_res_t, res_t, cfg, depthwise_weights, pointwise_weights,
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
        return separable_stream(True, data, dw_res_t, res_t, cfg, depthwise_weights, pointwise_weights,
                                 depthwise_biases, pointwise_biases, path, False)
    dw = depthwise_conv_2d_cl(data, dw_res_t, cfg.depthwise_config, depthwise_weights, depthwise_biases,
                              path=path, stats=stats)
    return conv_2d_cl(dw, res_t, cfg.pointwise_config, pointwise_weights, pointwise_biases,
                      path=path, stats=stats)
