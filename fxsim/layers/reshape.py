"""Twins of hls4ml's io_parallel data-movement layers.

Mirrors ``nnet_padding.h`` (``zeropad1d_cl``, ``zeropad1d_cf``, ``zeropad2d_cl``,
``zeropad2d_cf``), ``nnet_cropping.h`` (``cropping1d_cl``, ``cropping2d_cl``, ``cropping2d_cf``),
``nnet_image.h`` (``resize_nearest``) and ``nnet_transpose.h`` (``transpose``).

Each is a fixed gather: output element ``i`` is input element ``index[i]`` assigned to ``res_T``
(``(res_T) *data``) or a zero where ``index[i] == -1``. ``resize_nearest<data_T, CONFIG_T>`` has no
result type: its output keeps ``data_T``. (Flatten/Reshape generate no call in io_parallel: the
flat array is passed on unchanged.)

>>> from fxsim.config import Config
>>> t = FixedType.parse("ap_fixed<8,4>")
>>> x = FixedArray.from_float([[1.0, 2.0]], t)
>>> cfg = Config("config5", n_chan=1, in_width=2, out_width=4, pad_left=1, pad_right=1)
>>> zeropad1d_cl(x, t, cfg).to_float().tolist()
[[0.0, 1.0, 2.0, 0.0]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.conversion import cast
from fxsim.layers import nnet_function
from fxsim.trace import Recorder
from fxsim.types import FixedType


def remap(data: FixedArray, res_t: FixedType | None, index: np.ndarray, *, stats: Recorder | None = None) -> FixedArray:
    """``res[i] = (res_T) data[index[i]]`` (0 where ``index[i] < 0``) for each sample."""
    t = data.type if res_t is None else res_t
    raw = data.raw if res_t is None else cast(data.raw, data.type, res_t, stats=stats)
    out = raw[:, np.where(index < 0, 0, index)]
    out[:, index < 0] = 0
    return FixedArray(out, t)


def _check(data: FixedArray, n: int, what: str) -> None:
    if data.ndim != 2 or data.shape[1] != n:
        raise ValueError(f"{what} expects data of shape (batch, {n}), got {data.shape}")


def _pad_index(shape: tuple[int, ...], before: tuple[int, ...], after: tuple[int, ...]) -> np.ndarray:
    """Flat indices of an array of ``shape`` zero-padded by ``before``/``after`` along each axis."""
    src = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    return np.pad(src, list(zip(before, after, strict=True)), constant_values=-1).ravel()


# ----------------------------------------------------------------------------- padding
@nnet_function("zeropad1d_cl")
def zeropad1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``(batch, in_width * n_chan)`` -> ``(batch, out_width * n_chan)``, zeros left/right."""
    _check(data, cfg.in_width * cfg.n_chan, "zeropad1d_cl")
    idx = _pad_index((cfg.in_width, cfg.n_chan), (cfg.pad_left, 0), (cfg.pad_right, 0))
    return remap(data, res_t, idx, stats=stats)


@nnet_function("zeropad1d_cf")
def zeropad1d_cf(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """Channels-first: ``(batch, n_chan * in_width)`` -> ``(batch, n_chan * out_width)``."""
    _check(data, cfg.in_width * cfg.n_chan, "zeropad1d_cf")
    idx = _pad_index((cfg.n_chan, cfg.in_width), (0, cfg.pad_left), (0, cfg.pad_right))
    return remap(data, res_t, idx, stats=stats)


@nnet_function("zeropad2d_cl")
def zeropad2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``(batch, in_height * in_width * n_chan)`` -> ``(batch, out_height * out_width * n_chan)``."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "zeropad2d_cl")
    idx = _pad_index((cfg.in_height, cfg.in_width, cfg.n_chan), (cfg.pad_top, cfg.pad_left, 0),
                     (cfg.pad_bottom, cfg.pad_right, 0))
    return remap(data, res_t, idx, stats=stats)


@nnet_function("zeropad2d_cf")
def zeropad2d_cf(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """Channels-first 2-D zero padding."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "zeropad2d_cf")
    idx = _pad_index((cfg.n_chan, cfg.in_height, cfg.in_width), (0, cfg.pad_top, cfg.pad_left),
                     (0, cfg.pad_bottom, cfg.pad_right))
    return remap(data, res_t, idx, stats=stats)


# ----------------------------------------------------------------------------- cropping
@nnet_function("cropping1d_cl")
def cropping1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """Skip ``crop_left * n_chan`` values, keep ``out_width * n_chan`` (right crop implicit)."""
    _check(data, cfg.in_width * cfg.n_chan, "cropping1d_cl")
    idx = cfg.crop_left * cfg.n_chan + np.arange(cfg.out_width * cfg.n_chan, dtype=np.int64)
    return remap(data, res_t, idx, stats=stats)


@nnet_function("cropping2d_cl")
def cropping2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``res[(i, j, k)] = data[(i + crop_top, j + crop_left, k)]`` (channels last)."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "cropping2d_cl")
    src = np.arange(cfg.in_height * cfg.in_width * cfg.n_chan, dtype=np.int64)
    src = src.reshape(cfg.in_height, cfg.in_width, cfg.n_chan)
    idx = src[cfg.crop_top:cfg.crop_top + cfg.out_height, cfg.crop_left:cfg.crop_left + cfg.out_width]
    return remap(data, res_t, idx.ravel(), stats=stats)


@nnet_function("cropping2d_cf")
def cropping2d_cf(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """Channels-first 2-D cropping."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_chan, "cropping2d_cf")
    src = np.arange(cfg.in_height * cfg.in_width * cfg.n_chan, dtype=np.int64)
    src = src.reshape(cfg.n_chan, cfg.in_height, cfg.in_width)
    idx = src[:, cfg.crop_top:cfg.crop_top + cfg.out_height, cfg.crop_left:cfg.crop_left + cfg.out_width]
    return remap(data, res_t, idx.ravel(), stats=stats)


# ----------------------------------------------------------------------------- upsampling
def resize_nearest_index(height: int, width: int, n_chan: int, new_height: int, new_width: int) -> np.ndarray:
    """``nnet::resize_nearest``'s source indices: 16.16 fixed-point ratios
    ``((size << 16) / new_size) + 1`` and ``src = (dst * ratio) >> 16``."""
    y_ratio = ((height << 16) // new_height) + 1
    x_ratio = ((width << 16) // new_width) + 1
    y2 = (np.arange(new_height, dtype=np.int64) * y_ratio) >> 16
    x2 = (np.arange(new_width, dtype=np.int64) * x_ratio) >> 16
    k = np.arange(n_chan, dtype=np.int64)
    idx = (y2[:, None, None] * width * n_chan) + x2[None, :, None] * n_chan + k[None, None, :]
    return idx.ravel()


@nnet_function("resize_nearest")
def resize_nearest(image: FixedArray, res_t: FixedType | Config | None, cfg: Config | None = None, *,
                   stats: Recorder | None = None) -> FixedArray:
    """``nnet::resize_nearest<data_T, CONFIG_T>(image, resized)``: ``(batch, height * width *
    n_chan)`` -> ``(batch, new_height * new_width * n_chan)`` of the same type (no res_T: ``res_t``,
    passed like every twin's by :class:`~fxsim.network.Layer`, is ignored; ``resized`` is ``data_T``).
    Also callable as ``resize_nearest(image, cfg)``."""
    if cfg is None:
        cfg = res_t
    _check(image, cfg.height * cfg.width * cfg.n_chan, "resize_nearest")
    idx = resize_nearest_index(cfg.height, cfg.width, cfg.n_chan, cfg.new_height, cfg.new_width)
    return remap(image, None, idx, stats=stats)


# ----------------------------------------------------------------------------- transpose
def transpose_index(cfg: Config) -> np.ndarray:
    """``transfer_idx<CONFIG_T>(i)`` for every output index ``i``: unravel ``i`` over ``to_shape``
    and dot with ``perm_strides`` (computed from ``from_shape``/``perm`` when not given)."""
    to_shape = [int(v) for v in cfg.to_shape]
    if "perm_strides" in cfg:
        strides = [int(v) for v in cfg.perm_strides]
    else:
        from_shape = [int(v) for v in cfg.from_shape]
        inner = np.cumprod((from_shape[1:] + [1])[::-1])[::-1]
        strides = [int(inner[p]) for p in cfg.perm]
    n = int(np.prod(to_shape))
    idx = np.zeros(n, dtype=np.int64)
    rest = np.arange(n, dtype=np.int64)
    for d in range(len(to_shape) - 1, -1, -1):
        idx += (rest % to_shape[d]) * strides[d]
        rest //= to_shape[d]
    return idx


@nnet_function("transpose")
def transpose(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::transpose<data_T, res_T, CONFIG_T>(data, res)``: ``res[i] = data[transfer_idx(i)]``;
    config members ``to_shape`` and ``perm_strides`` (or ``from_shape`` and ``perm``)."""
    idx = transpose_index(cfg)
    _check(data, idx.size, "transpose")
    return remap(data, res_t, idx, stats=stats)
