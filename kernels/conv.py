"""Kernels of the io_parallel convolutions (``nnet_conv1d_latency.h``, ``nnet_conv2d_latency.h``,
``nnet_conv1d_resource.h``, ``nnet_conv2d_resource.h``, ``nnet_sepconv*_latency.h``).

hls4ml's io_parallel convolutions first run a generated ``fill_buffer`` that lays the input out
im2col-style (``FPGABackend._compute_conv{1,2}d_im2col``): one row of ``filt_height * filt_width *
n_chan`` values per output pixel, in (kernel row, kernel column, channel) order, with zeros where
the window leaves the padded input. :func:`im2col_index_1d` / :func:`im2col_index_2d` compute
that layout once per configuration as input indices (``-1`` for a zero); :func:`im2col` gathers a
batch through it.

The multiply-accumulate kernels work on raw integers that were already converted to ``accum_t``
(the per-product cast ``mult[i] = a * w`` is vectorised outside): :func:`accumulate_ordered`
replays ``acc[o] += mult[...]`` in the order the template's loops visit them, handling only the
overflow of ``accum_t`` (a sum of two ``accum_t`` values never needs rounding).

>>> im2col_index_1d(in_width=3, n_chan=1, filt_width=2, stride=1, pad_left=1, pad_right=0)
array([[-1,  0],
       [ 0,  1],
       [ 1,  2]])
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = [
    "im2col_index_1d",
    "im2col_index_2d",
    "im2col",
    "out_size",
    "resource_schedule",
    "accumulate_ordered",
    "accumulate_ordered_reference",
    "OVF_WRAP",
    "OVF_SAT",
    "OVF_SAT_ZERO",
    "OVF_SAT_SYM",
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


def resource_schedule(n_in: int, n_out: int, reuse_factor: int) -> np.ndarray:
    """``(n_in * n_out, 3)`` rows ``(in_index, w_index, out_index)`` in the order the
    ``ReuseLoop``/``MultLoop`` of ``conv_{1,2}d_resource_cl`` accumulates them.

    The loop walks ``i_w = i_rf + i_blk * reuse_factor`` and wraps ``i_in`` back to ``i_rf``; the
    template asserts ``reuse_factor <= n_in`` (``multscale = block_factor / n_out``).
    """
    block_factor = -(-(n_in * n_out) // reuse_factor)
    multscale = block_factor // n_out
    rows = []
    for i_rf in range(reuse_factor):
        i_w, i_in, i_out, i_acc = i_rf, i_rf, 0, 0
        for _ in range(block_factor):
            rows.append((i_in, i_w, i_out))
            i_w += reuse_factor
            i_in += reuse_factor
            if i_in >= n_in:
                i_in = i_rf
            if i_acc + 1 >= multscale:
                i_acc = 0
                i_out += 1
            else:
                i_acc += 1
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


# Overflow handling of one accum_t register after an exact add (the modes a sum can need).
OVF_WRAP = 0
OVF_SAT = 1
OVF_SAT_ZERO = 2
OVF_SAT_SYM = 3


@nb.njit(cache=True)
def _store(v: int, width: int, signed: bool, mode: int, lo: int, hi: int) -> int:
    """An exact integer stored into a ``width``-bit ``accum_t`` register with the same LSB."""
    if lo <= v <= hi:
        return v
    if mode == OVF_SAT:
        return hi if v > hi else lo
    if mode == OVF_SAT_SYM:
        return hi if v > hi else (lo + 1 if signed else lo)
    if mode == OVF_SAT_ZERO:
        return 0
    m = v & ((np.int64(1) << width) - 1)
    if signed and (m >> (width - 1)) & 1:
        m -= np.int64(1) << width
    return m


@nb.njit(cache=True)
def accumulate_ordered(acc0: np.ndarray, mult: np.ndarray, order: np.ndarray, width: int,
                       signed: bool, mode: int) -> np.ndarray:
    """``acc[r, o] += mult[r, k]`` for each row ``(k, o)`` of ``order``, in that order.

    ``acc0`` (rows, n_out) and ``mult`` (rows, n_terms) are raw ``accum_t`` values (int64);
    after every add the register keeps ``width`` bits with overflow mode ``mode``
    (``OVF_*``; ``AP_WRAP`` with saturation bits N > 0 and ``AP_WRAP_SM`` are not supported here).
    """
    rows = acc0.shape[0]
    acc = acc0.copy()
    if signed:
        lo = -(np.int64(1) << (width - 1))
        hi = (np.int64(1) << (width - 1)) - 1
    else:
        lo = np.int64(0)
        hi = (np.int64(1) << width) - 1
    for r in range(rows):
        for t in range(order.shape[0]):
            k = order[t, 0]
            o = order[t, 1]
            acc[r, o] = _store(acc[r, o] + mult[r, k], width, signed, mode, lo, hi)
    return acc


def accumulate_ordered_reference(acc0, mult, order, add_and_store):
    """Pure-Python twin of :func:`accumulate_ordered` with any store rule ``add_and_store(a, m)``
    working on whole columns (e.g. an exact add followed by ``fxsim.conversion.cast``)."""
    acc = np.array(acc0, copy=True)
    for k, o in order:
        acc[:, o] = add_and_store(acc[:, o], mult[:, k])
    return acc
