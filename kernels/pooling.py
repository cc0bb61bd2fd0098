"""Kernels of the io_parallel pooling layers (``nnet_pooling.h``).

A pooling configuration becomes a *window index*: for every output element (channels-last order,
``res[(out_row * out_width + out_col) * n_filt + f]``) the ``pool_height * pool_width`` input indices
the template copies into its ``pool[]`` array, in ``kk, ll`` order, with -1 where the window
covers padding (the template puts ``pad_val<data_T, op>()`` there). Windows start at
``0, stride, 2*stride, ...`` of the padded input while ``ii < restricted_padded_width``.

>>> pool_index_1d(n_in=4, n_filt=1, pool_width=2, stride_width=2, pad_left=1, pad_right=1)
array([[-1,  0],
       [ 1,  2],
       [ 3, -1]])
"""

from __future__ import annotations

import numpy as np

__all__ = ["pool_index_1d", "pool_index_2d", "gather", "trunc_div"]


def _starts(n_in: int, pool: int, stride: int, pad_lo: int, pad_hi: int) -> np.ndarray:
    """Window starts on the padded axis: ``ii < (full - pool) / stride * stride + 1``."""
    full = n_in + pad_lo + pad_hi
    restricted = (full - pool) // stride * stride + 1
    return np.arange(0, max(restricted, 0), stride)


def pool_index_1d(n_in: int, n_filt: int, pool_width: int, stride_width: int, pad_left: int,
                  pad_right: int) -> np.ndarray:
    """``(n_out * n_filt, pool_width)`` input indices of ``pooling1d_cl``'s windows; -1 = pad."""
    ii = _starts(n_in, pool_width, stride_width, pad_left, pad_right)[:, None, None]
    jj = np.arange(pool_width)[None, None, :]
    ff = np.arange(n_filt)[None, :, None]
    pos = ii + jj - pad_left
    idx = np.where((pos >= 0) & (pos < n_in), pos * n_filt + ff, -1)
    return idx.reshape(-1, pool_width).astype(np.int64)


def pool_index_2d(in_height: int, in_width: int, n_filt: int, pool_height: int, pool_width: int,
                  stride_height: int, stride_width: int, pad_top: int, pad_bottom: int,
                  pad_left: int, pad_right: int) -> np.ndarray:
    """``(out_h * out_w * n_filt, pool_h * pool_w)`` input indices of ``pooling2d_cl``."""
    ii = _starts(in_height, pool_height, stride_height, pad_top, pad_bottom)[:, None, None, None, None]
    jj = _starts(in_width, pool_width, stride_width, pad_left, pad_right)[None, :, None, None, None]
    ff = np.arange(n_filt)[None, None, :, None, None]
    kk = np.arange(pool_height)[None, None, None, :, None]
    ll = np.arange(pool_width)[None, None, None, None, :]
    r = ii + kk - pad_top
    c = jj + ll - pad_left
    ok = (r >= 0) & (r < in_height) & (c >= 0) & (c < in_width)
    idx = np.where(ok, (r * in_width + c) * n_filt + ff, -1)
    return idx.reshape(-1, pool_height * pool_width).astype(np.int64)


def gather(x: np.ndarray, index: np.ndarray, pad) -> np.ndarray:
    """``x`` (batch, n) through a window index: (batch, outputs, taps), ``pad`` at -1."""
    vals = x[:, np.where(index < 0, 0, index)]
    vals[:, index < 0] = pad
    return vals


def trunc_div(y: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``y /= (unsigned)n`` on an ``accum_t`` register: integer division of the raw value,
    truncating toward zero (``sdiv``/``udiv``), the quotient keeping ``accum_t``'s LSB."""
    q = np.abs(y) // n
    return np.where(y < 0, -q, q)
