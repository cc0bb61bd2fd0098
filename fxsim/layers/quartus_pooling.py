"""Twin of hls4ml's Quartus ``nnet_utils/nnet_pooling.h`` (``templates/quartus/firmware``),
io_parallel, channels last: ``pooling1d_cl``, ``pooling2d_cl``, ``global_pooling1d_cl``,
``global_pooling2d_cl``.

``max`` keeps the first largest value; ``avg`` is an overload set: for a signed ``ac_fixed`` with
the default modes (``AC_TRN``, ``AC_WRAP``) or a signed ``ac_int`` it sums into a type
``ceillog2(N)`` bits wider, divides by ``N`` (truncating toward zero) and wraps back; for any other
type (a rounding or saturating ``data_T``, an unsigned one) it sums and divides in ``data_T``
itself. Padded cells are the most negative ``data_T`` (Max: the bit pattern ``1 << (W-1)``, which
for an unsigned type is a large *positive* value) or 0 (Average); an Average result is then
multiplied by ``(data_T)pool_h * (data_T)pool_w / img_overlap`` (the casts wrap in ``data_T``).

>>> from fxsim.acarray import AcArray
>>> x = AcArray.from_float([[1.0, 2.0, -3.0, 4.5]], AcType(16, 6))   # width 4, one filter
>>> cfg = PoolConfig(1, 4, 1, 1, 2, 1, 2, 0, 0, 0, 0, "Average", False)
>>> pooling1d_cl(x, cfg, AcType(16, 6)).to_float().tolist()
[[1.5, 0.75]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def ceillog2(x: int) -> int:
    """``nnet::ceillog2`` (``nnet_helpers.h``): ``x <= 2 ? 1 : 1 + ceillog2((x + 1) / 2)``."""
    return 1 if x <= 2 else 1 + ceillog2((x + 1) // 2)


@dataclass(frozen=True)
class PoolConfig:
    """A ``pooling1d_config``/``pooling2d_config`` (1-D: ``in_height = pool_height = stride_height = 1``)."""

    in_height: int
    in_width: int
    n_filt: int
    pool_height: int
    pool_width: int
    stride_height: int
    stride_width: int
    pad_top: int
    pad_bottom: int
    pad_left: int
    pad_right: int
    pool_op: str  # "Max" or "Average"
    count_pad: bool


def _column(x: AcArray, i: int) -> AcArray:
    return AcArray._trusted(x.raw[:, i], x.type)


def pool_max(xs: list[AcArray]) -> AcArray:
    """``nnet::max<T, N>``: ``y = x[0]; if (x[i] > y) y = x[i]``."""
    y = xs[0]
    for x in xs[1:]:
        y = AcArray._trusted(np.where(np.asarray(x > y, dtype=bool), x.raw, y.raw), y.type)
    return y


def _wide_overload(t: AcType) -> bool:
    """Whether ``avg(x)`` resolves to a widened overload (signed, default modes)."""
    return t.signed and (t.is_int or (t.rounding == "AC_TRN" and t.overflow == "AC_WRAP"))


def pool_avg(xs: list[AcArray]) -> AcArray:
    """``nnet::avg`` (the overload the data type selects; see the module docstring)."""
    t = xs[0].type
    n = len(xs)
    if _wide_overload(t):
        c = ceillog2(n)
        acc_t = AcType(t.width + c, t.width + c, True, is_int=True) if t.is_int else \
            AcType(t.width + c, t.integer + c, True)
    else:
        acc_t = t
    y = AcArray.from_float(np.zeros(xs[0].shape), acc_t)
    for x in xs:
        y = (y + x).cast(acc_t)
    return (y / n).cast(acc_t).cast(t)


def pad_value(t: AcType, op: str, shape) -> AcArray:
    """``pad_val<T, op>()``: Max: ``x = 0; x[x.width - 1] = 1``; Average: 0."""
    raw = 0
    if op == "Max":
        raw = -(1 << (t.width - 1)) if t.signed else 1 << (t.width - 1)
    return AcArray._trusted(np.full(shape, raw, dtype=np.int64 if t.fits_int64 else object), t)


def _pool(data: AcArray, cfg: PoolConfig, res_t: AcType, two_d: bool, rescale: bool = True) -> AcArray:
    n = data.shape[0]
    t = data.type
    fpw = cfg.in_width + cfg.pad_left + cfg.pad_right
    fph = cfg.in_height + cfg.pad_top + cfg.pad_bottom
    rpw = (fpw - cfg.pool_width) // cfg.stride_width * cfg.stride_width + 1
    rph = (fph - cfg.pool_height) // cfg.stride_height * cfg.stride_height + 1
    out_w = len(range(0, rpw, cfg.stride_width))
    out_h = len(range(0, rph, cfg.stride_height))
    out = np.zeros((n, out_h * out_w * cfg.n_filt), dtype=object if not res_t.fits_int64 else np.int64)
    for f in range(cfg.n_filt):
        for r in range(0, rph, cfg.stride_height):
            for c in range(0, rpw, cfg.stride_width):
                pool, overlap = [], 0
                for pr in range(cfg.pool_height):
                    for pc in range(cfg.pool_width):
                        if (r + pr < cfg.pad_top or r + pr >= fph - cfg.pad_bottom or c + pc < cfg.pad_left
                                or c + pc >= fpw - cfg.pad_right):
                            pool.append(pad_value(t, cfg.pool_op, (n,)))
                            overlap += cfg.count_pad
                        else:
                            i = ((r + pr - cfg.pad_top) * cfg.in_width + (c + pc - cfg.pad_left)) * cfg.n_filt + f
                            pool.append(_column(data, i))
                            overlap += 1
                v = (pool_max(pool) if cfg.pool_op == "Max" else pool_avg(pool)).cast(res_t)
                if cfg.pool_op == "Average" and rescale:
                    k = AcArray.from_float(np.asarray(float(cfg.pool_width)), t)
                    if two_d:
                        k = AcArray.from_float(np.asarray(float(cfg.pool_height)), t) * k
                    if overlap == 0:
                        raise ZeroDivisionError("a pooling window lies entirely in the padding: the firmware "
                                                "divides by zero")
                    v = (v * (k / AcArray.from_float(np.asarray(float(overlap)), AcType(32, 32, False, is_int=True))))
                    v = v.cast(res_t)
                j = ((r // cfg.stride_height) * out_w + c // cfg.stride_width) * cfg.n_filt + f
                out[:, j] = v.raw
    return AcArray._trusted(out, res_t)


def pooling1d_cl(data: AcArray, cfg: PoolConfig, res_t: AcType) -> AcArray:
    """``nnet::pooling1d_cl``: max or average over each window (padding as the module says)."""
    return _pool(data, cfg, res_t, False)


def pooling2d_cl(data: AcArray, cfg: PoolConfig, res_t: AcType) -> AcArray:
    """``nnet::pooling2d_cl``: max or average over each window; Average multiplies by
    ``(data_T)pool_height * (data_T)pool_width / img_overlap``."""
    return _pool(data, cfg, res_t, True)


def global_pooling_cl(data: AcArray, n_pixels: int, n_filt: int, op: str, res_t: AcType) -> AcArray:
    """``nnet::global_pooling1d_cl`` / ``global_pooling2d_cl``: one max/avg over all pixels per filter."""
    cols = []
    for f in range(n_filt):
        pool = [_column(data, i * n_filt + f) for i in range(n_pixels)]
        cols.append((pool_max(pool) if op == "Max" else pool_avg(pool)).cast(res_t).raw)
    return AcArray._trusted(np.stack(cols, axis=1), res_t)


# ------------------------------------------------------------------- io_stream (nnet_pooling_stream.h)
def pooling_stream(data: AcArray, cfg: PoolConfig, res_t: AcType) -> AcArray:
    """``nnet::pooling1d_cl`` / ``pooling2d_cl`` on streams (line buffers; the template asserts no
    padding and pool == stride): ``pool_op`` over each window cast to ``res_T``, no rescaling."""
    if cfg.pad_top or cfg.pad_bottom or cfg.pad_left or cfg.pad_right or \
            (cfg.pool_width, cfg.pool_height) != (cfg.stride_width, cfg.stride_height):
        raise ValueError("io_stream pooling with padding or stride != pool size: the template's assert fails")
    return _pool(data, cfg, res_t, cfg.in_height > 1 or cfg.pool_height > 1, rescale=False)


def global_pooling_stream(data: AcArray, n_pixels: int, n_filt: int, op: str, accum_t: AcType,
                          res_t: AcType) -> AcArray:
    """``nnet::global_pooling{1,2}d_cl`` on streams: ``accum_t`` starts at ``init_pool_value``
    (Max: the pattern ``1 << (W-1)``; Average: 0), Max keeps ``x > y ? (accum_t)x : y``, Average
    sums ``(accum_t)(x + y)`` and divides by the pixel count (an unsigned int) into ``res_T``."""
    n = data.shape[0]
    cols = []
    for f in range(n_filt):
        y = pad_value(accum_t, op, (n,))
        for i in range(n_pixels):
            x = _column(data, i * n_filt + f)
            if op == "Max":
                y = AcArray._trusted(np.where(np.asarray(x > y, dtype=bool), x.cast(accum_t).raw, y.raw), accum_t)
            else:
                y = (x + y).cast(accum_t)
        if op != "Max":
            y = y / AcArray.from_float(np.asarray(float(n_pixels)), AcType(32, 32, False, is_int=True))
        cols.append(y.cast(res_t).raw)
    return AcArray._trusted(np.stack(cols, axis=1), res_t)
