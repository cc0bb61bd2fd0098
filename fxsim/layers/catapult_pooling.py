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
