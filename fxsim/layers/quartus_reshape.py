"""Twins of hls4ml's Quartus data-movement headers (``templates/quartus/firmware/nnet_utils``),
io_parallel: ``nnet_transpose.h`` (``transpose_2d``, ``transpose_3d``), ``nnet_padding.h``
(``zeropad1d_cl``, ``zeropad2d_cl``), ``nnet_resize.h`` (``resize_nearest``) and ``nnet_embed.h``
(``embedding``). Values move unchanged except for the cast to ``res_T``; arrays are (batch, n).

>>> from fxsim.acarray import AcArray
>>> x = AcArray.from_float([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]], AcType(16, 6))
>>> transpose_2d(x, 2, 3, AcType(16, 6)).to_float().tolist()
[[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def transpose_2d(data: AcArray, height: int, width: int, res_t: AcType) -> AcArray:
    """``nnet::transpose_2d``: ``res[j*height + i] = (res_T) data[i*width + j]``."""
    raw = data.cast(res_t).raw.reshape(data.shape[0], height, width).transpose(0, 2, 1)
    return AcArray._trusted(raw.reshape(data.shape[0], height * width), res_t)


def transpose_3d(data: AcArray, dims: tuple[int, int, int], perm: tuple[int, int, int], res_t: AcType) -> AcArray:
    """``nnet::transpose_3d``: ``(depth, height, width)`` permuted by ``CONFIG_T::perm``."""
    raw = data.cast(res_t).raw.reshape(data.shape[0], *dims).transpose(0, *(p + 1 for p in perm))
    return AcArray._trusted(raw.reshape(data.shape[0], -1), res_t)


def zeropad_cl(data: AcArray, shape: tuple[int, ...], pads: tuple[tuple[int, int], ...], res_t: AcType) -> AcArray:
    """``nnet::zeropad1d_cl`` (``shape = (in_width, n_chan)``, ``pads = ((left, right),)``) and
    ``zeropad2d_cl`` (``(in_height, in_width, n_chan)``, ``((top, bottom), (left, right))``):
    the data cast to ``res_T`` with zeros around it."""
    n = data.shape[0]
    raw = data.cast(res_t).raw.reshape(n, *shape)
    out = np.pad(raw, ((0, 0), *pads, (0, 0)), constant_values=0)
    return AcArray._trusted(out.reshape(n, -1), res_t)


def resize_nearest(data: AcArray, height: int, width: int, n_chan: int, new_height: int, new_width: int) -> AcArray:
    """``nnet::resize_nearest``: ``y = (i * ((height << 16) / new_height + 1)) >> 16`` (and ``x``
    likewise); the values keep ``data_T`` (the template writes a ``data_T`` array)."""
    y_ratio = (height << 16) // new_height + 1
    x_ratio = (width << 16) // new_width + 1
    idx = [((i * y_ratio >> 16) * width + (j * x_ratio >> 16)) * n_chan + k
           for i in range(new_height) for j in range(new_width) for k in range(n_chan)]
    return AcArray._trusted(np.asarray(data.raw)[:, idx], data.type)


def embedding(data: AcArray, embeddings: AcArray, n_out: int, vocab_size: int, res_t: AcType) -> AcArray:
    """``nnet::embedding``: ``res[j*n_out + i] = embeddings[data[j].to_uint() * n_out + i]``.
    ``to_uint()`` keeps the low 32 bits; an index past ``vocab_size`` reads outside the table
    (undefined): :class:`IndexError` naming the input."""
    vals = data.to_int()
    idx = np.asarray(vals, dtype=object) % (1 << 32)
    bad = idx >= vocab_size
    if np.any(bad):
        k = int(np.flatnonzero(np.asarray(bad).reshape(-1))[0])
        raise IndexError(f"embedding: input {float(data.to_float().reshape(-1)[k])!r} indexes row "
                         f"{int(idx.reshape(-1)[k])} of a {vocab_size}-row table: the firmware reads past it")
    table = np.asarray(embeddings.raw).reshape(vocab_size, n_out)
    out = table[idx.astype(np.int64)]  # (batch, n_in, n_out)
    return AcArray._trusted(out.reshape(data.shape[0], -1), embeddings.type).cast(res_t)


def transpose_2d_stream(data: AcArray, n: int, data_pack: int, res_pack: int, res_t: AcType) -> AcArray:
    """``nnet::transpose_2d`` on streams (``nnet_transpose_stream.h``): the ``n = height * width``
    values are gathered, then ``out[i * res_size + j] = data[j * data_size + i]`` for ``i <
    n / res_size``, ``j < res_size`` (a transpose when the packs are the rows and the columns)."""
    idx = [j * data_pack + i for i in range(n // res_pack) for j in range(res_pack)]
    if max(idx, default=0) >= n:
        raise IndexError(f"transpose_2d (io_stream) reads element {max(idx)} of {n}: past its buffer")
    return AcArray._trusted(np.asarray(data.raw)[:, idx], data.type).cast(res_t)
