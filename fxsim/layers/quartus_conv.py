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
from fxsim.layers.quartus_dense import DenseConfig, UndefinedResultError, dense_resource


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


# ------------------------------------------------------------------------------------ conv2d
# nnet_conv2d.h + nnet_conv2d_resource.h
@dataclass(frozen=True)
class Conv2DConfig:
    """The fields of a Quartus ``conv2d_config`` that shape the arithmetic."""

    in_height: int
    in_width: int
    n_chan: int
    filt_height: int
    filt_width: int
    n_filt: int
    out_height: int
    out_width: int
    pad_top: int
    pad_bottom: int
    pad_left: int
    pad_right: int
    stride_height: int
    stride_width: int
    implementation: str
    mult_config: DenseConfig
    dilation_height: int = 1
    dilation_width: int = 1


def im2col_2d_index(cfg: Conv2DConfig, row: int, col: int, filt_height: int, filt_width: int) -> list[int]:
    """``im2col_2d_cl`` (``im2col_2d_pointwise_cl`` with a 1x1 kernel): the data index of every
    (kernel row, kernel column, channel), or -1 for a zero."""
    out = []
    for kr in range(filt_height):
        ir = -cfg.pad_top + kr * cfg.dilation_height + row * cfg.stride_height
        for kc in range(filt_width):
            ic = -cfg.pad_left + kc * cfg.dilation_width + col * cfg.stride_width
            for ch in range(cfg.n_chan):
                ok = 0 <= ir < cfg.in_height and 0 <= ic < cfg.in_width
                out.append((ir * cfg.in_width + ic) * cfg.n_chan + ch if ok else -1)
    return out


def conv_2d_im2col_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv2DConfig, res_t: AcType,
                      pointwise: bool = False) -> AcArray:
    """``conv_2d_im2col_cl`` / ``pointwise_conv_2d_resource_cl``: per output pixel an im2col
    gather and one ``dense_resource`` (all pixels of all samples in one batched call)."""
    fh, fw = (1, 1) if pointwise else (cfg.filt_height, cfg.filt_width)
    idx = np.array([im2col_2d_index(cfg, i, j, fh, fw) for i in range(cfg.out_height) for j in range(cfg.out_width)])
    raw = np.asarray(data.raw)
    n = raw.shape[0]
    padded = np.concatenate([raw, np.zeros((n, 1), dtype=raw.dtype)], axis=1)  # index -1 -> the zero column
    cols = padded[:, idx]  # (n, pixels, kernel)
    x = AcArray._trusted(cols.reshape(n * idx.shape[0], idx.shape[1]), data.type)
    y = dense_resource(x, weights, biases, cfg.mult_config, res_t)
    return AcArray._trusted(np.asarray(y.raw).reshape(n, -1), res_t)


#: ``winograd_transform_input_tile_3x3_kernel``: D[i] = sum of sign * I[j].
_WINO_IN = [
    ((1, 0), (-1, 2), (-1, 8), (1, 10)), ((1, 1), (1, 2), (-1, 9), (-1, 10)),
    ((-1, 1), (1, 2), (1, 9), (-1, 10)), ((1, 1), (-1, 3), (-1, 9), (1, 11)),
    ((1, 4), (-1, 6), (1, 8), (-1, 10)), ((1, 5), (1, 6), (1, 9), (1, 10)),
    ((-1, 5), (1, 6), (-1, 9), (1, 10)), ((1, 5), (-1, 7), (1, 9), (-1, 11)),
    ((-1, 4), (1, 6), (1, 8), (-1, 10)), ((-1, 5), (-1, 6), (1, 9), (1, 10)),
    ((1, 5), (-1, 6), (-1, 9), (1, 10)), ((-1, 5), (1, 7), (1, 9), (-1, 11)),
    ((1, 4), (-1, 6), (-1, 12), (1, 14)), ((1, 5), (1, 6), (-1, 13), (-1, 14)),
    ((1, 6), (-1, 5), (1, 13), (-1, 14)), ((1, 5), (-1, 7), (-1, 13), (1, 15)),
]
#: The four output sums of ``winograd_conv2d_3x3_kernel_cl`` (in the template's term order).
_WINO_OUT = [
    ((1, 0), (1, 1), (1, 2), (1, 4), (1, 5), (1, 6), (1, 8), (1, 9), (1, 10)),
    ((1, 1), (-1, 2), (-1, 3), (1, 5), (-1, 6), (-1, 7), (1, 9), (-1, 10), (-1, 11)),
    ((1, 4), (1, 5), (1, 6), (-1, 8), (-1, 9), (-1, 10), (-1, 12), (-1, 13), (-1, 14)),
    ((1, 5), (-1, 6), (-1, 7), (-1, 9), (1, 10), (1, 11), (1, 15), (-1, 13), (1, 14)),
]


def _signed_sum(terms, xs: list[AcArray]) -> AcArray:
    """``±x[a] ± x[b] …`` evaluated left to right, exactly (a leading ``-`` negates the first term)."""
    s, j = terms[0]
    acc = -xs[j] if s < 0 else xs[j]
    for s, j in terms[1:]:
        acc = acc - xs[j] if s < 0 else acc + xs[j]
    return acc


def winograd_conv2d_3x3_kernel_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv2DConfig,
                                  res_t: AcType) -> AcArray:
    """The Winograd F(2x2, 3x3) kernel on hls4ml's transformed weights (16 per filter and channel):
    ``res`` starts at the biases; per 4x4 tile ``D = Bt I B`` in ``accum_t``, ``Y[i] = (accum_t)(D[i] *
    w[i])`` and each of the four outputs ``+= (res_T)(sum of Y)``. The template's bounds checks
    compare ``col + 1`` with ``out_height`` and ``row + 1`` with ``out_width`` (swapped): fxsim does
    the same, and refuses writes past the output array (undefined)."""
    acc = cfg.mult_config.accum_t
    n = data.shape[0]
    size = cfg.out_height * cfg.out_width * cfg.n_filt
    res = [AcArray._trusted(np.broadcast_to(biases[i % cfg.n_filt].cast(res_t).raw, (n,)).copy(), res_t)
           for i in range(size)]
    raw = np.asarray(data.raw)
    zero = AcArray._trusted(np.zeros(n, dtype=raw.dtype), data.type)
    for row in range(0, cfg.out_height, 2):
        for col in range(0, cfg.out_width, 2):
            targets = [(True, row * cfg.out_width + col),
                       (col + 1 < cfg.out_height, row * cfg.out_width + col + 1),
                       (row + 1 < cfg.out_width, (row + 1) * cfg.out_width + col),
                       (row + 1 < cfg.out_width and col + 1 < cfg.out_height, (row + 1) * cfg.out_width + col + 1)]
            for ch in range(cfg.n_chan):
                tile = []
                for r in range(row - cfg.pad_top, row + 4 - cfg.pad_top):
                    for c in range(col - cfg.pad_left, col + 4 - cfg.pad_left):
                        ok = 0 <= r < cfg.in_height and 0 <= c < cfg.in_width
                        tile.append(AcArray._trusted(raw[:, (r * cfg.in_width + c) * cfg.n_chan + ch], data.type)
                                    if ok else zero)
                d = [_signed_sum(t, tile).cast(acc) for t in _WINO_IN]
                for f in range(cfg.n_filt):
                    off = 16 * (cfg.n_chan * f + ch)
                    y = [(d[i] * weights[off + i]).cast(acc) for i in range(16)]
                    for (write, pix), terms in zip(targets, _WINO_OUT, strict=True):
                        if not write:
                            continue
                        k = pix * cfg.n_filt + f
                        if k >= size:
                            raise UndefinedResultError(
                                f"winograd_conv2d_3x3_kernel_cl writes res[{k}] past its {size} outputs "
                                f"(out_height {cfg.out_height} != out_width {cfg.out_width}): undefined")
                        res[k] = (res[k] + _signed_sum(terms, y).cast(res_t)).cast(res_t)
    return AcArray._trusted(np.stack([r.raw for r in res], axis=1), res_t)


def conv_2d_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv2DConfig, res_t: AcType) -> AcArray:
    """``nnet::conv_2d_cl`` (``conv_2d_resource_cl``): Winograd for a 3x3 kernel when (stride 1,
    outputs > 2 and implementation ``combination``) or implementation ``winograd``; else im2col."""
    winograd = (cfg.stride_height == 1 and cfg.stride_width == 1 and cfg.out_height > 2 and cfg.out_width > 2
                and cfg.implementation == "combination") or cfg.implementation == "winograd"
    if cfg.filt_height == 3 and cfg.filt_width == 3 and winograd:
        return winograd_conv2d_3x3_kernel_cl(data, weights, biases, cfg, res_t)
    return conv_2d_im2col_cl(data, weights, biases, cfg, res_t)


def pointwise_conv_2d_cl(data: AcArray, weights: AcArray, biases: AcArray, cfg: Conv2DConfig,
                         res_t: AcType) -> AcArray:
    """``nnet::pointwise_conv_2d_cl``: a 1x1 im2col and ``dense_resource`` per pixel."""
    return conv_2d_im2col_cl(data, weights, biases, cfg, res_t, pointwise=True)
