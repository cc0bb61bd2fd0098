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

>>> from fxsim.config import Config
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
from fxsim.config import Config
from fxsim.conversion import cast
from fxsim.kernels import pooling as kp
from fxsim.layers import nnet_function
from fxsim.trace import Recorder
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
          length: np.ndarray, *, stats: Recorder | None = None) -> FixedArray:
    """Pool ``data`` (batch, n) over windows ``index`` (outputs, taps); ``length`` per output."""
    dt = data.type
    vals = kp.gather(data.raw, index, pad_val(dt, op))
    if op == "Max":
        y = cast(vals.max(axis=-1), dt, accum_t, stats=stats)
    else:
        y = np.zeros(vals.shape[:2], dtype=np.int64 if accum_t.fits_int64 else object)
        for k in range(vals.shape[2]):
            if (index[:, k] < 0).all():
                continue  # y += 0 never changes an accum_t value
            y = (FixedArray(y, accum_t) + FixedArray(vals[:, :, k], dt)).cast(accum_t, stats=stats).raw
        y = kp.trunc_div(y, length[None, :])
    return FixedArray(cast(y, accum_t, res_t, stats=stats), res_t)


def _lengths(index: np.ndarray, count_pad: bool) -> np.ndarray:
    if count_pad:
        return np.full(index.shape[0], index.shape[1], dtype=np.int64)
    return (index >= 0).sum(axis=1).astype(np.int64)


# ----------------------------------------------------------------------------- reference path
def _pool_reference(data: FixedArray, res_t: FixedType, accum_t: FixedType, op: str,
                    windows: list[list[int]], lengths: list[int], *, stats: Recorder | None = None) -> FixedArray:
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
            y = y.cast(accum_t, stats=stats)
        else:
            y = FixedArray(np.zeros(batch, dtype=np.int64), accum_t) if accum_t.fits_int64 else \
                FixedArray(np.zeros(batch, dtype=object), accum_t)
            for x in pool:
                y = (y + x).cast(accum_t, stats=stats)
            y = FixedArray(kp.trunc_div(y.raw, np.int64(length)), accum_t)
        out.append(y.cast(res_t, stats=stats).raw)
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
         reference: bool, windows=None, *, stats: Recorder | None = None) -> FixedArray:
    op = pool_op_name(cfg)
    if reference:
        wins = windows() if windows is not None else index.tolist()
        lengths = [len(w) if count_pad else sum(i >= 0 for i in w) for w in wins]
        return _pool_reference(data, res_t, cfg.accum_t, op, wins, lengths, stats=stats)
    return _pool(data, res_t, cfg.accum_t, op, index, _lengths(index, count_pad), stats=stats)


def _is_stream(cfg: Config) -> bool:
    """io_stream pooling: :func:`fxsim.layers.stream.is_stream` (``io_type`` or pack sizes)."""
    from fxsim.layers import stream

    return stream.is_stream(cfg)


def _check(data: FixedArray, n: int, what: str) -> None:
    if data.ndim != 2 or data.shape[1] != n:
        raise ValueError(f"{what} expects data of shape (batch, {n}), got {data.shape}")


# ----------------------------------------------------------------------------- public twins
@nnet_function("pooling1d_cl")
def pooling1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False,
                 stats: Recorder | None = None) -> FixedArray:
    """``nnet::pooling1d_cl<data_T, res_T, CONFIG_T>(data, res)``: ``(batch, n_in * n_filt)`` ->
    ``(batch, n_out * n_filt)``; config members ``n_in, n_filt, pool_width, stride_width,
    pad_left, pad_right, count_pad, pool_op, accum_t``. io_stream configs run
    :func:`pooling1d_cl_stream`."""
    if _is_stream(cfg):
        return pooling1d_cl_stream(data, res_t, cfg, reference=reference, stats=stats)
    _check(data, cfg.n_in * cfg.n_filt, "pooling1d_cl")
    index = kp.pool_index_1d(cfg.n_in, cfg.n_filt, cfg.pool_width, cfg.stride_width, cfg.pad_left,
                             cfg.pad_right)
    return _run(data, res_t, cfg, index, bool(cfg.get("count_pad", False)), reference,
                lambda: _windows_1d(cfg), stats=stats)


@nnet_function("pooling2d_cl")
def pooling2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False,
                 stats: Recorder | None = None) -> FixedArray:
    """``nnet::pooling2d_cl<data_T, res_T, CONFIG_T>(data, res)``: channels-last
    ``(batch, in_height * in_width * n_filt)`` -> ``(batch, out_height * out_width * n_filt)``.
    io_stream configs run :func:`pooling2d_cl_stream`."""
    if _is_stream(cfg):
        return pooling2d_cl_stream(data, res_t, cfg, reference=reference, stats=stats)
    _check(data, cfg.in_height * cfg.in_width * cfg.n_filt, "pooling2d_cl")
    index = kp.pool_index_2d(cfg.in_height, cfg.in_width, cfg.n_filt, cfg.pool_height, cfg.pool_width,
                             cfg.stride_height, cfg.stride_width, cfg.pad_top, cfg.pad_bottom,
                             cfg.pad_left, cfg.pad_right)
    return _run(data, res_t, cfg, index, bool(cfg.get("count_pad", False)), reference,
                lambda: _windows_2d(cfg), stats=stats)


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
def pooling2d_cf(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
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
    res = _pool(data, res_t, cfg.accum_t, op, index, np.full(index.shape[0], index.shape[1], dtype=np.int64),
                stats=stats)
    if op == "Max":
        return res
    dt = data.type
    if dt.is_int:
        raise NotImplementedError("pooling2d_cf average of ap_int data is not supported")
    uint = FixedType(32, 32, False, is_int=True)
    ph, pw = (FixedArray(cast(np.array([v]), uint, dt, stats=stats), dt) for v in (cfg.pool_height, cfg.pool_width))
    area = ph * pw  # exact product type; divided by the unsigned img_overlap: sdiv/udiv, same type
    rescale = FixedArray(kp.trunc_div(np.broadcast_to(area.raw, overlap.shape), overlap), area.type)
    rescale = rescale.cast(dt, stats=stats)
    return (res * rescale[None, :]).cast(res_t, stats=stats)


def _global_index(n_pix: int, n_filt: int) -> np.ndarray:
    """``pool[jj] = data[jj * n_filt + ff]``: one window over all pixels per filter."""
    return (np.arange(n_pix)[None, :] * n_filt + np.arange(n_filt)[:, None]).astype(np.int64)


@nnet_function("global_pooling1d_cl")
def global_pooling1d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *,
                        reference: bool = False, stats: Recorder | None = None) -> FixedArray:
    """``nnet::global_pooling1d_cl``: ``(batch, n_in * n_filt)`` -> ``(batch, n_filt)``,
    averaging over ``length = n_in``. io_stream: :func:`global_pooling1d_cl_stream`."""
    if _is_stream(cfg):
        return global_pooling1d_cl_stream(data, res_t, cfg, stats=stats)
    _check(data, cfg.n_in * cfg.n_filt, "global_pooling1d_cl")
    return _run(data, res_t, cfg, _global_index(cfg.n_in, cfg.n_filt), True, reference, stats=stats)


@nnet_function("global_pooling2d_cl")
def global_pooling2d_cl(data: FixedArray, res_t: FixedType, cfg: Config, *,
                        reference: bool = False, stats: Recorder | None = None) -> FixedArray:
    """``nnet::global_pooling2d_cl``: ``(batch, in_height * in_width * n_filt)`` ->
    ``(batch, n_filt)``. io_stream: :func:`global_pooling2d_cl_stream`."""
    if _is_stream(cfg):
        return global_pooling2d_cl_stream(data, res_t, cfg, stats=stats)
    n_pix = cfg.in_height * cfg.in_width
    _check(data, n_pix * cfg.n_filt, "global_pooling2d_cl")
    return _run(data, res_t, cfg, _global_index(n_pix, cfg.n_filt), True, reference, stats=stats)


# ============================================================================= io_stream
# nnet_pooling_stream.h. The LineBuffer/Encoded window logic is the stream conv's (shared with
# :mod:`fxsim.layers.conv`); the arithmetic differs from io_parallel: every window value is first
# stored into ``accum_t`` (``pool_window[i] = kernel_data[...]``), then ``reduce_pool`` runs
# ``nnet::reduce`` -- a balanced tree of ``Op_max`` (``a >= b ? a : b``) or ``Op_add`` (each sum
# stored into accum_t) -- and Average divides by the full window ``N`` (``sum / N``: the raw value
# divided, truncating toward zero). The result is assigned to ``res_T``.

def _stream_reduce(vals: FixedArray, op: str, *, stats: Recorder | None = None) -> FixedArray:
    """``reduce_pool<accum_t, N>`` over the last axis of accum_t values ``vals``."""
    from fxsim.layers.softmax import reduce

    n = vals.shape[-1]
    if op == "Max":
        return FixedArray(vals.raw.max(axis=-1), vals.type)  # a max is the max in any order
    t = vals.type
    s = reduce(vals, lambda a, b: (a + b).cast(t, stats=stats))
    return FixedArray(kp.trunc_div(s.raw, np.int64(n)), t)


def _stream_reduce_reference(vals: FixedArray, op: str, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::reduce`` literally: recursive halves ``leftN = pow2(floorlog2(N - 1))``, one window
    (a 1-D FixedArray over the batch per tap) at a time."""
    t = vals.type

    def red(xs: list[FixedArray]) -> FixedArray:
        n = len(xs)
        if n == 1:
            return xs[0]
        if n == 2:
            a, b = xs
            if op == "Max":
                return FixedArray(np.where(a.raw >= b.raw, a.raw, b.raw), t)
            return (a + b).cast(t, stats=stats)
        left = 1
        while left * 2 <= n - 1:
            left *= 2
        return red([red(xs[:left]), red(xs[left:])])

    n = vals.shape[-1]
    outs = []
    for j in range(vals.shape[1]):
        y = red([vals[:, j, k] for k in range(n)])
        if op == "Average":
            y = FixedArray(kp.trunc_div(y.raw, np.int64(n)), t)
        outs.append(y.raw)
    raw = np.stack(outs, axis=1) if outs else np.zeros((vals.shape[0], 0), dtype=np.int64)
    return FixedArray(raw, t)


def _pool_stream(data: FixedArray, res_t: FixedType, cfg: Config, two_d: bool, reference: bool, *,
                 stats: Recorder | None = None) -> FixedArray:
    from fxsim.layers import conv_stream

    op = pool_op_name(cfg)
    pads = [cfg.pad_left, cfg.pad_right] + ([cfg.pad_top, cfg.pad_bottom] if two_d else [])
    if any(int(p) for p in pads):
        raise ValueError("stream pooling asserts zero padding")
    encoded = conv_stream.conv_implementation(cfg) == "encoded"
    if (two_d or encoded) and (cfg.pool_width != cfg.stride_width
                               or two_d and cfg.pool_height != cfg.stride_height):
        raise ValueError("stream pooling asserts pool size == stride")
    # Encoded (pool == stride): tap (i, j)'s FIFO receives the pixels at (i, j) of successive
    # windows in raster order, so each pop yields the LineBuffer's window, in the same tap order.
    n_filt = cfg.n_filt
    in_h, in_w = (cfg.in_height, cfg.in_width) if two_d else (1, cfg.n_in)
    ph, sh = (cfg.pool_height, cfg.stride_height) if two_d else (1, 1)
    oh = (in_h - ph) // sh + 1
    ow = (in_w - cfg.pool_width) // cfg.stride_width + 1
    n_out = oh * ow
    if reference:
        wins = conv_stream._linebuffer_windows(in_h, in_w, ph, cfg.pool_width, sh, cfg.stride_width, two_d)
        pix = np.asarray(conv_stream._take_outputs(np.asarray(wins, dtype=np.int64).reshape(len(wins), -1), n_out,
                                            "pooling"))
        if (pix < 0).any():
            raise conv_stream.StreamError("a pooling window would hold values of an earlier image")
        # (pixel, tap) -> (pixel, filt, tap): kernel_data[i_ihw * n_filt + c]
        index = (pix[:, None, :] * n_filt + np.arange(n_filt)[None, :, None]).reshape(-1, pix.shape[1])
    elif two_d:
        index = kp.pool_index_2d(in_h, in_w, n_filt, ph, cfg.pool_width, sh, cfg.stride_width, 0, 0, 0, 0)
    else:
        index = kp.pool_index_1d(in_w, n_filt, cfg.pool_width, cfg.stride_width, 0, 0)
    vals = FixedArray(cast(kp.gather(data.raw, index, 0), data.type, cfg.accum_t, stats=stats), cfg.accum_t)
    y = _stream_reduce_reference(vals, op, stats=stats) if reference else _stream_reduce(vals, op, stats=stats)
    return y.cast(res_t, stats=stats)


def pooling1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False,
                        stats: Recorder | None = None) -> FixedArray:
    """``nnet::pooling1d_cl`` of nnet_pooling_stream.h (``pooling1d_buffer_cl``)."""
    _check(data, cfg.n_in * cfg.n_filt, "pooling1d_cl")
    return _pool_stream(data, res_t, cfg, False, reference, stats=stats)


def pooling2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, *, reference: bool = False,
                        stats: Recorder | None = None) -> FixedArray:
    """``nnet::pooling2d_cl`` of nnet_pooling_stream.h (``pooling2d_buffer_cl``)."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_filt, "pooling2d_cl")
    return _pool_stream(data, res_t, cfg, True, reference, stats=stats)


def global_pool_init(t: FixedType, op: str) -> int:
    """Raw of the accumulator's start: ``hls::numeric_limits<accum_t>::min()`` for Max (the most
    negative value of ``ap_fixed``/``ap_int``, 0 for unsigned types and for types the header does
    not specialise, whose ``std::numeric_limits<T>::min()`` is ``T()``), 0 for Average."""
    if op == "Average" or not t.signed or t.sat_bits != 0:
        return 0
    return t.min_raw


def _global_pool_stream(data: FixedArray, res_t: FixedType, cfg: Config, n_pix: int, *,
                        stats: Recorder | None = None) -> FixedArray:
    """``compute_global_pool`` per pixel: ``x = (accum_t) in[c]``; Max ``w = x > w ? x : w``,
    Average ``w = w + x`` (stored into accum_t); then Average ``w / n_pix``; ``res_T`` last."""
    op = pool_op_name(cfg)
    t = cfg.accum_t
    n_filt = cfg.n_filt
    x = FixedArray(cast(data.raw, data.type, t, stats=stats), t)
    batch = data.shape[0]
    w = FixedArray(np.full((batch, n_filt), global_pool_init(t, op), dtype=np.int64 if t.fits_int64 else object), t)
    if op == "Max":
        cur = x.raw.reshape(batch, n_pix, n_filt).max(axis=1)
        w = FixedArray(np.maximum(w.raw, cur), t)
    else:
        for p in range(n_pix):
            w = (w + x[:, p * n_filt:(p + 1) * n_filt]).cast(t, stats=stats)
        w = FixedArray(kp.trunc_div(w.raw, np.int64(n_pix)), t)
    return w.cast(res_t, stats=stats)


def global_pooling1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, *,
                               stats: Recorder | None = None) -> FixedArray:
    """``nnet::global_pooling1d_cl`` of nnet_pooling_stream.h."""
    _check(data, cfg.n_in * cfg.n_filt, "global_pooling1d_cl")
    return _global_pool_stream(data, res_t, cfg, cfg.n_in, stats=stats)


def global_pooling2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, *,
                               stats: Recorder | None = None) -> FixedArray:
    """``nnet::global_pooling2d_cl`` of nnet_pooling_stream.h."""
    _check(data, cfg.in_height * cfg.in_width * cfg.n_filt, "global_pooling2d_cl")
    return _global_pool_stream(data, res_t, cfg, cfg.in_height * cfg.in_width, stats=stats)
