"""Kernels of the io_parallel convolutions (``nnet_conv1d_latency.h``, ``nnet_conv2d_latency.h``,
``nnet_conv1d_resource.h``, ``nnet_conv2d_resource.h``, ``nnet_sepconv*_latency.h``).

hls4ml's io_parallel convolutions first run a generated ``fill_buffer`` that lays the input out
im2col-style (``FPGABackend._compute_conv{1,2}d_im2col``): one row of ``filt_height * filt_width *
n_chan`` values per output pixel, in (kernel row, kernel column, channel) order, with zeros where
the window leaves the padded input. :func:`im2col_index_1d` / :func:`im2col_index_2d` compute
that layout once per configuration as input indices (``-1`` for a zero); :func:`im2col` gathers a
batch through it.

The multiply-accumulate over the buffer rows is the dense engine's (``fxsim.layers.dense``).

>>> im2col_index_1d(in_width=3, n_chan=1, filt_width=2, stride=1, pad_left=1, pad_right=0)
array([[-1,  0],
       [ 0,  1],
       [ 1,  2]])
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "im2col_index_1d",
    "im2col_index_2d",
    "im2col",
    "out_size",
]


def out_size(n_in: int, filt: int, stride: int, pad_lo: int, pad_hi: int, dilation: int = 1) -> int:
    """Output length along one axis, as hls4ml computes it for the im2col buffer."""
    return (n_in + pad_lo + pad_hi - (dilation * (filt - 1) + 1)) // stride + 1


def im2col_index_1d(in_width: int, n_chan: int, filt_width: int, stride: int, pad_left: int,
                    pad_right: int, dilation: int = 1) -> np.ndarray:
    """``(out_width, filt_width * n_chan)`` input indices of the im2col buffer; -1 is a zero."""
    ow = out_size(in_width, filt_width, stride, pad_left, pad_right, dilation)
    o = np.arange(ow)[:, None, None]
    k = np.arange(filt_width)[None, :, None]
    c = np.arange(n_chan)[None, None, :]
    col = -pad_left + k * dilation + o * stride
    idx = col * n_chan + c
    idx = np.where((col >= 0) & (col < in_width), idx, -1)
    return idx.reshape(ow, filt_width * n_chan).astype(np.int64)


def im2col_index_2d(in_height: int, in_width: int, n_chan: int, filt_height: int, filt_width: int,
                    stride_height: int, stride_width: int, pad_top: int, pad_bottom: int,
                    pad_left: int, pad_right: int, dilation_height: int = 1,
                    dilation_width: int = 1) -> np.ndarray:
    """``(out_height * out_width, filt_height * filt_width * n_chan)`` im2col input indices."""
    oh = out_size(in_height, filt_height, stride_height, pad_top, pad_bottom, dilation_height)
    ow = out_size(in_width, filt_width, stride_width, pad_left, pad_right, dilation_width)
    i_oh = np.arange(oh)[:, None, None, None, None]
    i_ow = np.arange(ow)[None, :, None, None, None]
    i_kh = np.arange(filt_height)[None, None, :, None, None]
    i_kw = np.arange(filt_width)[None, None, None, :, None]
    i_c = np.arange(n_chan)[None, None, None, None, :]
    row = -pad_top + i_kh * dilation_height + i_oh * stride_height
    col = -pad_left + i_kw * dilation_width + i_ow * stride_width
    idx = (row * in_width + col) * n_chan + i_c
    ok = (row >= 0) & (row < in_height) & (col >= 0) & (col < in_width)
    idx = np.where(ok, idx, -1)
    return idx.reshape(oh * ow, filt_height * filt_width * n_chan).astype(np.int64)


def im2col(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Gather ``x`` (batch, n) through an im2col index: (batch, pixels, taps), zeros at -1.

    Works for int64 and object (wide) raw arrays alike.
    """
    safe = np.where(index < 0, 0, index)
    cols = x[:, safe]
    cols[:, index < 0] = 0
    return cols
