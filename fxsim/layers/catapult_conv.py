"""Twin of hls4ml's Catapult ``nnet_utils/nnet_conv1d_latency.h`` and ``nnet_conv2d_latency.h``
(``templates/catapult``): ``conv_1d_latency_cl``/``conv_2d_latency_cl`` (channels last, Keras
weight layout ``[fh][fw][cc][ff]``), and (:func:`conv_window_dense`) ``conv_*_resource_cl`` and the
io_stream line buffer, which run ``dense`` over each window in ``[fh][fw][cc]`` order.

Every product is assigned to ``accum_t`` (``mult[...] = data * weight``, 0 in the padding), the
accumulators start at ``(accum_t) bias[ff]`` and add the products in the header's order (io_parallel:
channel, filter row, filter column), each ``+=`` re-quantised into ``accum_t``; then
``res = (res_T) acc``.

>>> import numpy as np
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.0, 2.0, 3.0]]), t)   # in_width 3, one channel
>>> w, b = AcArray.from_float([0.5, -1.0], t), AcArray.from_float([0.25], t)
>>> cfg = ConvConfig(1, 3, 1, 1, 1, 2, 1, 1, 0, 0, 0, 0, 1, 2)
>>> conv_latency_cl(x, w, b, cfg, t, t).to_float().tolist()
[[-1.25, -1.75]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


@dataclass(frozen=True)
class ConvConfig:
    """The ``CONFIG_T`` members the convolution reads (a 1-D convolution has height 1, no vertical padding)."""

    in_height: int
    in_width: int
    n_chan: int
    n_filt: int
    filt_height: int
    filt_width: int
    stride_height: int
    stride_width: int
    pad_top: int
    pad_bottom: int
    pad_left: int
    pad_right: int
    out_height: int
    out_width: int


def _im2col(c: ConvConfig, window_order: bool) -> tuple[np.ndarray, np.ndarray]:
    """``(data_index[pixel, k], weight_base[k])`` in the header's accumulation order; -1 is padding."""
    pix = np.arange(c.out_height * c.out_width)
    oh, ow = pix // c.out_width, pix % c.out_width
    didx, wbase = [], []
    order = [(cc, fh, fw) for cc in range(c.n_chan) for fh in range(c.filt_height) for fw in range(c.filt_width)]
    if window_order:  # im2col_*_cl and the io_stream kernel window: [fh][fw][cc]
        order.sort(key=lambda k: (k[1], k[2], k[0]))
    for cc, fh, fw in order:
        h = oh * c.stride_height + fh - c.pad_top
        w = ow * c.stride_width + fw - c.pad_left
        inside = (h >= 0) & (h < c.in_height) & (w >= 0) & (w < c.in_width)
        didx.append(np.where(inside, (h * c.in_width + w) * c.n_chan + cc, -1))
        wbase.append((fh * c.filt_width + fw) * c.n_chan * c.n_filt + cc * c.n_filt)
    return np.stack(didx, axis=1), np.array(wbase)


def conv_latency_cl(data: AcArray, weights: AcArray, biases: AcArray, c: ConvConfig, accum_t: AcType,
                    res_t: AcType) -> AcArray:
    """``conv_1d_latency_cl`` / ``conv_2d_latency_cl``; ``data`` is (batch, in_h*in_w*n_chan)."""
    n = data.shape[0]
    didx, wbase = _im2col(c, window_order=False)
    n_pix = didx.shape[0]
    acc = AcArray._trusted(np.broadcast_to(biases.cast(accum_t).raw, (n, n_pix, c.n_filt)).copy(), accum_t)
    raw = np.asarray(data.raw)
    padded = np.concatenate([raw, np.zeros((n, 1), dtype=raw.dtype)], axis=1)  # index -1 reads the 0
    for k in range(didx.shape[1]):
        x = AcArray._trusted(padded[:, didx[:, k]][:, :, None], data.type)
        w = AcArray._trusted(np.asarray(weights.raw)[wbase[k] + np.arange(c.n_filt)], weights.type)
        acc = (acc + (x * w).cast(accum_t)).cast(accum_t)
    return AcArray._trusted(np.asarray(acc.cast(res_t).raw).reshape(n, n_pix * c.n_filt), res_t)


def conv_window_dense(data: AcArray, weights: AcArray, biases: AcArray, c: ConvConfig, accum_t: AcType,
                      res_t: AcType, reuse_factor: int | None = None) -> AcArray:
    """The convolutions that run ``dense<data_T, res_T, CONFIG_T::mult_config>`` on each window in
    ``[fh][fw][cc]`` order: ``conv_1d/2d_resource_cl`` (``im2col_*_cl``, 0 in the padding; weights
    transposed, ``reuse_factor`` the ``mult_config``'s) and the io_stream line buffer
    (``nnet_conv_stream.h``; ``reuse_factor`` None: ``dense_latency``)."""
    from fxsim.layers import catapult_dense

    n = data.shape[0]
    didx, _ = _im2col(c, window_order=True)
    n_pix, k = didx.shape
    raw = np.asarray(data.raw)
    padded = np.concatenate([raw, np.zeros((n, 1), dtype=raw.dtype)], axis=1)
    cols = AcArray._trusted(padded[:, didx].reshape(n * n_pix, k), data.type)
    if reuse_factor is None:
        out = catapult_dense.dense_latency(cols, weights, biases, k, c.n_filt, accum_t, res_t)
    else:
        out = catapult_dense.dense_resource(cols, weights, biases, k, c.n_filt, reuse_factor, accum_t, res_t)
    return AcArray._trusted(np.asarray(out.raw).reshape(n, n_pix * c.n_filt), res_t)
