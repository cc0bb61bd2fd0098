"""Twin of hls4ml's Catapult ``nnet_utils/nnet_pooling.h`` (``templates/catapult``):
``pooling1d_cl``/``pooling2d_cl`` (channels last). Max keeps the largest ``data_T`` (padding is the
most negative value). Average over the **whole window, padding zeros included**: ``avg`` sums in
``ac_fixed<W+ceillog2(N), I+ceillog2(N), true>`` only when ``data_T`` is exactly a signed
``ac_fixed<W,I,true>`` with AC_TRN/AC_WRAP (``ac_int<W+ceillog2(N),true>`` for a signed ``ac_int``),
otherwise **in data_T itself**, then ``/= N`` (truncating toward zero); the result is then multiplied
by ``rescale = data_T(pool size) / img_overlap`` (1 for windows without padding) and re-assigned to ``res_T``.

>>> import numpy as np
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.0, -3.0, 2.5, 0.5]]), t)   # 4 positions, 1 filter
>>> cfg = PoolConfig(ConvConfig(1, 4, 1, 1, 1, 2, 1, 2, 0, 0, 0, 0, 1, 2), False, "Average", dims=1)
>>> pooling_cl(x, cfg, t).to_float().tolist()
[[-1.0, 1.5]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers.catapult_conv import ConvConfig


@dataclass(frozen=True)
class PoolConfig:
    """The pooling ``CONFIG_T``: its window geometry (``pool_height``/``pool_width`` are the
    ``ConvConfig``'s ``filt_height``/``filt_width``, ``n_filt`` both ``n_chan`` and ``n_filt``, as
    hls4ml's ``pooling2d_config`` aliases them) and the pooling members."""

    window: ConvConfig
    count_pad: bool
    pool_op: str  # "Max" or "Average"
    dims: int = 2  # 1 for pooling1d_cl (its rescale is data_T(pool_width) / img_overlap)


def _ceillog2(n: int) -> int:
    return (n - 1).bit_length() if n > 1 else 0


def _avg(pool: list[AcArray], t: AcType) -> AcArray:
    """``nnet::avg`` with the overload C++ picks for ``t``."""
    n = len(pool)
    default = t.signed and t.rounding == "AC_TRN" and t.overflow == "AC_WRAP"
    acc_t = t.with_(width=t.width + _ceillog2(n), integer=t.integer + _ceillog2(n)) if default else t
    acc = AcArray.from_float(np.zeros(pool[0].shape), acc_t)
    for x in pool:
        acc = (acc + x).cast(acc_t)
    return (acc / n).cast(acc_t).cast(t)


def reduce_add(x: list[AcArray], t: AcType) -> AcArray:
    """``nnet::reduce<T, N, Op_add<T>>`` (``nnet_common.h``): split at the largest power of two
    below N, every partial sum assigned to ``T``."""
    n = len(x)
    if n == 1:
        return x[0]
    if n == 2:
        return (x[0] + x[1]).cast(t)
    left = 1 << ((n - 1).bit_length() - 1)
    return (reduce_add(x[:left], t) + reduce_add(x[left:], t)).cast(t)


def pooling_cl(data: AcArray, p: PoolConfig, res_t: AcType, stream: bool = False) -> AcArray:
    """``pooling1d_cl`` / ``pooling2d_cl``; ``data`` is (batch, in_h*in_w*n_filt). ``stream``: the
    io_stream line buffer (``nnet_pooling_stream.h``, no padding): Average is ``reduce_pool``, the tree
    sum in ``data_T`` divided by N, without rescale."""
    t, c = data.type, p.window
    if stream and c.pad_top + c.pad_bottom + c.pad_left + c.pad_right:
        raise ValueError("io_stream pooling with padding is not simulated")
    n = data.shape[0]
    raw = np.asarray(data.raw)
    pad = t.min_raw if p.pool_op == "Max" else 0
    full_h = c.in_height + c.pad_top + c.pad_bottom
    full_w = c.in_width + c.pad_left + c.pad_right
    out = np.zeros((n, c.out_height, c.out_width, c.n_filt), dtype=object)
    for ii in range(0, (full_h - c.filt_height) // c.stride_height * c.stride_height + 1, c.stride_height):
        for jj in range(0, (full_w - c.filt_width) // c.stride_width * c.stride_width + 1, c.stride_width):
            pool, overlap = [], 0
            for kk in range(c.filt_height):
                for ll in range(c.filt_width):
                    h, w = ii + kk - c.pad_top, jj + ll - c.pad_left
                    if 0 <= h < c.in_height and 0 <= w < c.in_width:
                        idx = (h * c.in_width + w) * c.n_filt + np.arange(c.n_filt)
                        pool.append(AcArray._trusted(raw[:, idx], t))
                        overlap += 1
                    else:
                        pool.append(AcArray._trusted(np.full((n, c.n_filt), pad, dtype=raw.dtype), t))
                        overlap += int(p.count_pad)
            if p.pool_op == "Max":
                y = pool[0]
                for x in pool[1:]:
                    y = AcArray._trusted(np.where(np.asarray(x > y), x.raw, y.raw), t)
                r = y.cast(res_t)
            elif stream:
                r = (reduce_add(pool, t) / len(pool)).cast(t).cast(res_t)
            else:
                r = _avg(pool, t).cast(res_t)
                ph, pw = (AcArray.from_float([float(v)], t)[0] for v in (c.filt_height, c.filt_width))
                size = pw if p.dims == 1 else ph * pw
                rescale = (size / AcArray([overlap], AcType(32, 32, False, is_int=True))[0]).cast(t)
                r = (r * rescale).cast(res_t)
            out[:, ii // c.stride_height, jj // c.stride_width, :] = np.asarray(r.raw, dtype=object)
    flat = out.reshape(n, -1)
    return AcArray._trusted(flat.astype(np.int64) if res_t.fits_int64 else flat, res_t)


def global_pooling_cl(data: AcArray, n_pix: int, n_filt: int, pool_op: str, res_t: AcType) -> AcArray:
    """``global_pooling1d_cl``/``global_pooling2d_cl`` (io_parallel): ``pool_op`` over all ``n_pix``
    pixels of each filter in ``data_T`` (Average: ``nnet::avg``'s overload), then ``(res_T)``."""
    t = data.type
    raw = np.asarray(data.raw)
    pool = [AcArray._trusted(raw[:, p * n_filt:(p + 1) * n_filt], t) for p in range(n_pix)]
    if pool_op == "Max":
        y = pool[0]
        for x in pool[1:]:
            y = AcArray._trusted(np.where(np.asarray(x > y), x.raw, y.raw), t)
        return y.cast(res_t)
    return _avg(pool, t).cast(res_t)


def global_pooling_stream(data: AcArray, n_pix: int, n_filt: int, pool_op: str, accum_t: AcType,
                          res_t: AcType) -> AcArray:
    """``global_pooling1d_cl``/``global_pooling2d_cl`` of ``nnet_pooling_stream.h`` (one pixel per
    array): ``data_window`` in ``accum_t`` from 0 (Max: the smallest ``accum_t``), each pixel
    assigned to ``accum_t`` and added (Max: kept if larger), then ``res = window`` (Max) or
    ``res = window / n_pix``."""
    raw = np.asarray(data.raw)
    n = raw.shape[0]
    fill = accum_t.min_raw if pool_op == "Max" else 0
    win = AcArray._trusted(np.full((n, n_filt), fill, dtype=np.int64 if accum_t.fits_int64 else object), accum_t)
    for p in range(n_pix):
        x = AcArray._trusted(raw[:, p * n_filt:(p + 1) * n_filt], data.type).cast(accum_t)
        if pool_op == "Max":
            win = AcArray._trusted(np.where(np.asarray(win > x), win.raw, x.raw), accum_t)
        else:
            win = (win + x).cast(accum_t)
    return (win if pool_op == "Max" else win / n_pix).cast(res_t)


def zeropad_cl(data: AcArray, in_height: int, in_width: int, n_chan: int, pads: tuple[int, int, int, int],
               res_t: AcType) -> AcArray:
    """``zeropad1d_cl``/``zeropad2d_cl`` (``nnet_padding_stream.h``): the image with ``pads``
    (top, bottom, left, right) zero pixels around it, every value assigned to ``res_T``."""
    n = data.shape[0]
    x = np.asarray(data.cast(res_t).raw).reshape(n, in_height, in_width, n_chan)
    top, bottom, left, right = pads
    out = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    return AcArray._trusted(out.reshape(n, -1), res_t)
