"""Twins of hls4ml's io_parallel pooling layers (``nnet_pooling.h``).

``pooling1d_cl``, ``pooling2d_cl``, ``pooling2d_cf`` (stride == pool only), ``global_pooling1d_cl``
and ``global_pooling2d_cl``, with the header's exact arithmetic:

* **Max** (``nnet::max``): ``y = x[i] > y ? x[i] : y`` in ``data_T``; padding cells hold
  ``pad_val<data_T, Max>()``, the value with only the MSB set (the most negative value of a signed
  type, but ``2**(W-1)`` raw for an *unsigned* one); the maximum is returned as ``accum_t``, then
  assigned to ``res_T``.
* **Average** (``nnet::avg``): ``accum_t y = 0; y += x[i]`` (each add rounds/overflows into
  ``accum_t``), then ``y /= length`` -- integer division of the raw ``accum_t`` value truncating
  toward zero -- with ``length`` the window's overlap with the unpadded input (or the full window
  when ``count_pad``); then assigned to ``res_T``.

``cfg.pool_op`` is ``"Max"`` or ``"Average"``. ``reference=True`` runs a transliteration of the
template loops with :class:`~fxsim.array.FixedArray` (slow, obvious); the default path gathers all
windows at once through :mod:`fxsim.kernels.pooling`.

>>> from fxsim.layers.config import Config
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,4>")
>>> cfg = Config("config3", n_in=4, n_out=2, n_filt=1, pool_width=2, stride_width=2, pad_left=0,
...              pad_right=0, count_pad=False, pool_op="Average", accum_t=FixedType.parse("ap_fixed<8,4>"))
>>> x = FixedArray.from_float([[1.0, 2.0, -1.0, -0.0625]], t)
>>> pooling1d_cl(x, t, cfg).to_float().tolist()    # 3/2 = 1.5; -1.0625/2 truncates toward 0
[[1.5, -0.5]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.conversion import cast
from fxsim.kernels import pooling as kp
from fxsim.layers import nnet_function
from fxsim.layers.config import Config
from fxsim.types import FixedType


def pool_op_name(cfg: Config) -> str:
    """``Max`` or ``Average`` from ``cfg.pool_op`` (``nnet::Max``, ``'max'``, ... accepted)."""
    op = str(cfg.pool_op).split("::")[-1].lower()
    if op not in ("max", "average"):
        raise ValueError(f"unsupported pool_op {cfg.pool_op!r} (nnet_pooling.h has Max and Average)")
    return "Max" if op == "max" else "Average"


def pad_val(t: FixedType, op: str) -> int:
    """Raw of ``pad_val<T, op>()``: ``x = 0; x[x.width - 1] = 1`` for Max, 0 for Average."""
    if op == "Average":
        return 0
    return t.min_raw if t.signed else 1 << (t.width - 1)


# ----------------------------------------------------------------------------- fast path
def _pool(data: FixedArray, res_t: FixedType, accum_t: FixedType, op: str, index: np.ndarray,
          length: np.ndarray) -> FixedArray:
    """Pool ``data`` (batch, n) over windows ``index`` (outputs, taps); ``length`` per output."""
    dt = data.type
    vals = kp.gather(data.raw, index, pad_val(dt, op))
    if op == "Max":
        y = cast(vals.max(axis=-1), dt, accum_t)
    else:
        y = np.zeros(vals.shape[:2], dtype=np.int64 if accum_t.fits_int64 else object)
        for k in range(vals.shape[2]):
            if (index[:, k] < 0).all():
                continue  # y += 0 never changes an accum_t value
            y = (FixedArray(y, accum_t) + FixedArray(vals[:, :, k], dt)).cast(accum_t).raw
        y = kp.trunc_div(y, length[None, :])
    return FixedArray(cast(y, accum_t, res_t), res_t)


def _lengths(index: np.ndarray, count_pad: bool) -> np.ndarray:
    if count_pad:
        return np.full(index.shape[0], index.shape[1], dtype=np.int64)
    return (index >= 0).sum(axis=1).astype(np.int64)


# ----------------------------------------------------------------------------- reference path
def _pool_reference(data: FixedArray, res_t: FixedType, accum_t: FixedType, op: str,
                    windows: list[list[int]], lengths: list[int]) -> FixedArray:
    """Per output, the template's ``pool[]`` array and ``pool_op`` with FixedArray arithmetic."""
    batch = data.shape[0]
    pad = FixedArray(np.full(batch, pad_val(data.type, op)), data.type)
    out = []
    for win, length in zip(windows, lengths, strict=True):
        pool = [data[:, i] if i >= 0 else pad for i in win]
        if op == "Max":
            y = pool[0]
            for x in pool[1:]:
                y = FixedArray(np.where(x > y, x.raw, y.raw), data.type)
            y = y.cast(accum_t)
        else:
            y = FixedArray(np.zeros(batch, dtype=np.int64), accum_t) if accum_t.fits_int64 else \
                FixedArray(np.zeros(batch, dtype=object), accum_t)
            for x in pool:
                y = (y + x).cast(accum_t)
            y = FixedArray(kp.trunc_div(y.raw, np.int64(length)), accum_t)
        out.append(y.cast(res_t).raw)
    raw = np.stack(out, axis=1) if out else np.zeros((batch, 0), dtype=np.int64)
    return FixedArray(raw, res_t)


def _windows_1d(cfg: Config) -> list[list[int]]:
    """``pooling1d_cl`` loops, literally: ``for ff: for ii in 0..restricted step stride: for jj``."""
    full = cfg.n_in + cfg.pad_left + cfg.pad_right
    restricted = (full - cfg.pool_width) // cfg.stride_width * cfg.stride_width + 1
    n_out = len(range(0, restricted, cfg.stride_width))
    wins: list[list[int]] = [[] for _ in range(n_out * cfg.n_filt)]
    for ff in range(cfg.n_filt):
        for ii in range(0, restricted, cfg.stride_width):
            win = []
            for jj in range(cfg.pool_width):
                p = ii + jj
                ok = cfg.pad_left <= p < cfg.n_in + cfg.pad_left
                win.append((p - cfg.pad_left) * cfg.n_filt + ff if ok else -1)
            wins[(ii // cfg.stride_width) * cfg.n_filt + ff] = win
    return wins


def _windows_2d(cfg: Config) -> list[list[int]]:
    """``pooling2d_cl`` loops, literally."""
    fh = cfg.in_height + cfg.pad_top + cfg.pad_bottom
    fw = cfg.in_width + cfg.pad_left + cfg.pad_right
    rh = (fh - cfg.pool_height) // cfg.stride_height * cfg.stride_height + 1
    rw = (fw - cfg.pool_width) // cfg.stride_width * cfg.stride_width + 1
    oh, ow = len(range(0, rh, cfg.stride_height)), len(range(0, rw, cfg.stride_width))
    wins: list[list[int]] = [[] for _ in range(oh * ow * cfg.n_filt)]
    for ff in range(cfg.n_filt):
        for ii in range(0, rh, cfg.stride_height):
            for jj in range(0, rw, cfg.stride_width):
                win = []
                for kk in range(cfg.pool_height):
                    for ll in range(cfg.pool_width):
                        c1 = cfg.pad_top <= ii + kk < cfg.in_height + cfg.pad_top
                        c2 = cfg.pad_left <= jj + ll < cfg.in_width + cfg.pad_left
                        pix = (ii + kk - cfg.pad_top) * cfg.in_width + (jj + ll - cfg.pad_left)
                        win.append(pix * cfg.n_filt + ff if c1 and c2 else -1)
                out = (ii // cfg.stride_height) * ow + jj // cfg.stride_width
                wins[out * cfg.n_filt + ff] = win
    return wins


def _run(data: FixedArray, res_t: FixedType, cfg: Config, index: np.ndarray, count_pad: bool,
         reference: bool, windows=None) -> FixedArray:
    op = pool_op_name(cfg)
    if reference:
        wins = windows() if windows is not None else index.tolist()
        lengths = [len(w) if count_pad else sum(i >= 0 for i in w) for w in wins]
        return _pool_reference(data, res_t, cfg.accum_t, op, wins, lengths)
    return _pool(data, res_t, cfg.accum_t, op, index, _lengths(index, count_pad))


def _check(data: FixedArray, n: int, what: str) -> None:
    if data.ndim != 2 or data.shape[1] != n:
        raise ValueError(f"{what} expects data of shape (batch, {n}), got {data.shape}")


# ----------------------------------------------------------------------------- public twins
@nnet_function("pooling1d_cl")
def pooling1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False) -> FixedArray:
    """``nnet::pooling1d_cl<data_T, res_T, CONFIG_T>(data, res)``: ``(batch, n_in * n_filt)`` ->
    ``(batch, n_out * n_filt)``; config members ``n_in, n_filt, pool_width, stride_width,
    pad_left, pad_right, count_pad, pool_op, accum_t``."""
    _check(data, cfg.n_in * cfg.n_filt, "pooling1d_cl")
    index = kp.pool_index_1d(cfg.n_in, cfg.n_filt, cfg.pool_width, cfg.stride_width, cfg.pad_left,
                             cfg.pad_right)
    return _run(data, res_t, cfg, index, bool(cfg.get("count_pad", False)), reference,
                lambda: _windows_1d(cfg))


@nnet_function("pooling2d_cl")
def pooling2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False) -> FixedArray:
    """``nnet::pooling2d_cl<data_T, res_T, CONFIG_T>(data, res)``: channels-last
    ``(batch, in_height * in_width * n_filt)`` -> ``(batch, out_height * out_width * n_filt)``."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_filt, "pooling2d_cl")
    index = kp.pool_index_2d(cfg.in_height, cfg.in_width, cfg.n_filt, cfg.pool_height, cfg.pool_width,
                             cfg.stride_height, cfg.stride_width, cfg.pad_top, cfg.pad_bottom,
                             cfg.pad_left, cfg.pad_right)
    return _run(data, res_t, cfg, index, bool(cfg.get("count_pad", False)), reference,
                lambda: _windows_2d(cfg))


def _windows_2d_cf(cfg: Config) -> tuple[np.ndarray, np.ndarray]:
    """``pooling2d_cf``'s windows (they step and span by the *stride*; hls4ml only generates it
    with ``stride == pool``) in channels-first output order, and each window's ``img_overlap``."""
    fh = cfg.in_height + cfg.pad_top + cfg.pad_bottom
    fw = cfg.in_width + cfg.pad_left + cfg.pad_right
    rh, rw = fh // cfg.stride_height * cfg.stride_height, fw // cfg.stride_width * cfg.stride_width
    oh, ow = cfg.out_height, cfg.out_width
    n_out = oh * ow * cfg.n_filt
    index = np.full((n_out, cfg.pool_height * cfg.pool_width), -1, dtype=np.int64)
    overlap = np.zeros(n_out, dtype=np.int64)
    for ff in range(cfg.n_filt):
        for ii in range(0, rh, cfg.stride_height):
            for jj in range(0, rw, cfg.stride_width):
                o = (ii // cfg.stride_height) * ow + jj // cfg.stride_width + ff * oh * ow
                for kk in range(cfg.stride_height):
                    for ll in range(cfg.stride_width):
                        pad = (ii + kk < cfg.pad_top or ii + kk >= fh - cfg.pad_bottom
                               or jj + ll < cfg.pad_left or jj + ll >= fw - cfg.pad_right)
                        if pad:
                            overlap[o] += 1 if cfg.get("count_pad", False) else 0
                        else:
                            index[o, kk * cfg.stride_width + ll] = ((ii + kk - cfg.pad_top) * cfg.in_width
                                                                    + ff * cfg.in_width * cfg.in_height
                                                                    + ll + jj - cfg.pad_left)
                            overlap[o] += 1
    return index, overlap


@nnet_function("pooling2d_cf")
def pooling2d_cf(data: FixedArray, res_t: FixedType, cfg: Config) -> FixedArray:
    """``nnet::pooling2d_cf`` (channels first), only where it is defined: ``stride == pool``
    (otherwise the template reads uninitialised ``pool[]`` cells).

    Average pools over the full window (``length = pool_h * pool_w``), then rescales:
    ``data_T rescale = data_T(pool_h) * data_T(pool_w) / img_overlap; res *= rescale``.
    """
    _check(data, cfg.in_height * cfg.in_width * cfg.n_filt, "pooling2d_cf")
    if (cfg.stride_height, cfg.stride_width) != (cfg.pool_height, cfg.pool_width):
        raise NotImplementedError("pooling2d_cf reads uninitialised memory unless stride == pool size")
    op = pool_op_name(cfg)
    index, overlap = _windows_2d_cf(cfg)
    res = _pool(data, res_t, cfg.accum_t, op, index, np.full(index.shape[0], index.shape[1], dtype=np.int64))
    if op == "Max":
        return res
    dt = data.type
    if dt.is_int:
        raise NotImplementedError("pooling2d_cf average of ap_int data is not supported")
    uint = FixedType(32, 32, False, is_int=True)
    ph, pw = (FixedArray(cast(np.array([v]), uint, dt), dt) for v in (cfg.pool_height, cfg.pool_width))
    area = ph * pw  # exact product type; divided by the unsigned img_overlap: sdiv/udiv, same type
    rescale = FixedArray(kp.trunc_div(np.broadcast_to(area.raw, overlap.shape), overlap), area.type).cast(dt)
    return (res * rescale[None, :]).cast(res_t)


def _global_index(n_pix: int, n_filt: int) -> np.ndarray:
    """``pool[jj] = data[jj * n_filt + ff]``: one window over all pixels per filter."""
    return (np.arange(n_pix)[None, :] * n_filt + np.arange(n_filt)[:, None]).astype(np.int64)


@nnet_function("global_pooling1d_cl")
def global_pooling1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *,
                        reference: bool = False) -> FixedArray:
    """``nnet::global_pooling1d_cl``: ``(batch, n_in * n_filt)`` -> ``(batch, n_filt)``,
    averaging over ``length = n_in``."""
    _check(data, cfg.n_in * cfg.n_filt, "global_pooling1d_cl")
    return _run(data, res_t, cfg, _global_index(cfg.n_in, cfg.n_filt), True, reference)


@nnet_function("global_pooling2d_cl")
def global_pooling2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *,
                        reference: bool = False) -> FixedArray:
    """``nnet::global_pooling2d_cl``: ``(batch, in_height * in_width * n_filt)`` ->
    ``(batch, n_filt)``."""
    n_pix = cfg.in_height * cfg.in_width
    _check(data, n_pix * cfg.n_filt, "global_pooling2d_cl")
    return _run(data, res_t, cfg, _global_index(n_pix, cfg.n_filt), True, reference)
