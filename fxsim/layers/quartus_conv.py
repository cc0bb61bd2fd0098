"""Twin of hls4ml's Quartus ``nnet_utils/nnet_conv1d.h`` + ``nnet_conv1d_resource.h``
(``templates/quartus/firmware``), io_parallel, channels last.

``conv_1d_cl`` -> ``conv_1d_resource_cl``: the Winograd kernel (``winograd_conv1d_3x1_kernel_cl``)
when ``filt_width == 3`` and (stride 1, ``out_width > 2`` and implementation ``combination``, or
implementation ``winograd``); otherwise ``conv_1d_im2col_cl``: per output column an im2col gather
(zeros outside the input) and one ``dense_resource`` with the layer's ``mult_config``.
``pointwise_conv_1d_cl`` is the same with a one-wide kernel.

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> from fxsim.layers.quartus_dense import DenseConfig
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.0, 2.0, 3.0]]), t)          # in_width 3, 1 channel
>>> w, b = AcArray.from_float([1.0, -1.0], t), AcArray.from_float([0.0], t)
>>> cfg = Conv1DConfig(3, 1, 2, 1, 2, 0, 0, 1, "im2col", DenseConfig(2, 1, 1, t))
>>> conv_1d_cl(x, w, b, cfg, t).to_float().tolist()
[[-1.0, -1.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers.quartus_dense import DenseConfig, dense_resource


@dataclass(frozen=True)
class Conv1DConfig:
    in_width: int
    n_chan: int
    filt_width: int
    n_filt: int
    out_width: int
    pad_left: int
    pad_right: int
    stride_width: int
    implementation: str
    mult_config: DenseConfig


def im2col_index(cfg: Conv1DConfig, col: int, filt_width: int) -> list[int]:
    """``im2col_1d_cl``: for each (kernel column, channel) the data index, or -1 for a zero."""
    out = []
    for kc in range(filt_width):
        for ch in range(cfg.n_chan):
            i = (col * cfg.stride_width + kc - cfg.pad_left) * cfg.n_chan + ch
            out.append(i if 0 <= i < cfg.in_width * cfg.n_chan else -1)
    return out


def _gather(data: AcArray, idx: list[int]) -> AcArray:
    raw = np.asarray(data.raw)
    cols = [raw[:, i] if i >= 0 else np.zeros(raw.shape[0], dtype=raw.dtype) for i in idx]
    return AcArray._trusted(np.stack(cols, axis=1), data.type)


def conv_1d_im2col_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv1DConfig, res_t: AcType,
                      filt_width: int | None = None) -> AcArray:
    fw = cfg.filt_width if filt_width is None else filt_width
    cols = [dense_resource(_gather(data, im2col_index(cfg, i, fw)), weights, biases, cfg.mult_config, res_t)
            for i in range(cfg.out_width)]
    return AcArray._trusted(np.concatenate([c.raw for c in cols], axis=1), res_t)


def winograd_conv1d_3x1_kernel_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv1DConfig,
                                  res_t: AcType) -> AcArray:
    """The Winograd F(2,3) kernel: weights already transformed by hls4ml (4 per filter and channel);
    ``res`` starts at the bias, every ``+=`` adds ``(res_T)(Y0+Y1+Y2)`` / ``(res_T)(Y1-Y2-Y3)``."""
    acc = cfg.mult_config.accum_t
    n = data.shape[0]
    res = [[biases[f].cast(res_t) for f in range(cfg.n_filt)] for _ in range(cfg.out_width)]
    res = [[AcArray._trusted(np.broadcast_to(r.raw, (n,)).copy(), res_t) for r in row] for row in res]
    raw = np.asarray(data.raw)
    zero = np.zeros(n, dtype=raw.dtype)
    for col in range(0, cfg.out_width, 2):
        for ch in range(cfg.n_chan):
            t = [AcArray._trusted(raw[:, c * cfg.n_chan + ch] if 0 <= c < cfg.in_width else zero, data.type)
                 for c in range(col - cfg.pad_left, col + 4 - cfg.pad_left)]
            d = [(t[0] - t[2]).cast(acc), (t[1] + t[2]).cast(acc), (-t[1] + t[2]).cast(acc), (t[1] - t[3]).cast(acc)]
            for f in range(cfg.n_filt):
                off = 4 * (cfg.n_chan * f + ch)
                y = [(d[i] * weights[off + i]).cast(acc) for i in range(4)]
                res[col][f] = (res[col][f] + (y[0] + y[1] + y[2]).cast(res_t)).cast(res_t)
                if col + 1 < cfg.out_width:
                    res[col + 1][f] = (res[col + 1][f] + (y[1] - y[2] - y[3]).cast(res_t)).cast(res_t)
    return AcArray._trusted(np.stack([r.raw for row in res for r in row], axis=1), res_t)


def conv_1d_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv1DConfig, res_t: AcType) -> AcArray:
    """``nnet::conv_1d_cl`` (``conv_1d_resource_cl``): Winograd or im2col, as the template picks."""
    winograd = (cfg.stride_width == 1 and cfg.out_width > 2 and cfg.implementation == "combination") \
        or cfg.implementation == "winograd"
    if cfg.filt_width == 3 and winograd:
        return winograd_conv1d_3x1_kernel_cl(data, weights, biases, cfg, res_t)
    return conv_1d_im2col_cl(data, weights, biases, cfg, res_t)


def pointwise_conv_1d_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv1DConfig,
                         res_t: AcType) -> AcArray:
    """``nnet::pointwise_conv_1d_cl``: im2col of one kernel column, then ``dense_resource``."""
    return conv_1d_im2col_cl(data, weights, biases, cfg, res_t, filt_width=1)
