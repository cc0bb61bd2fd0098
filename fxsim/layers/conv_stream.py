"""io_stream convolutions: twins of ``nnet_conv_stream.h`` (``compute_output_buffer_*``, the line
buffers, ``scale_index_*``), ``nnet_conv{1,2}d_stream.h`` (``conv_{1,2}d_cl`` on streams ->
:func:`conv_1d_cl_stream`, :func:`conv_2d_cl_stream`, ``pointwise_conv_{1,2}d_cl`` ->
:func:`pointwise_conv_1d_cl_stream`, :func:`pointwise_conv_2d_cl_stream`) and
``nnet_sepconv{1,2}d_stream.h`` (``depthwise_conv_{1,2}d_cl`` -> :func:`depthwise_conv_1d_cl_stream`,
:func:`depthwise_conv_2d_cl_stream`; ``separable_conv_{1,2}d_cl`` -> :func:`separable_stream`).
The io_parallel twins (:mod:`fxsim.layers.conv`, :mod:`fxsim.layers.sepconv`) dispatch here when
the config is an io_stream one (:func:`fxsim.layers.stream.is_stream`).

A stream conv reads one pixel (``data_T`` = ``nnet::array<T, n_chan>``) per step; the LineBuffer
implementation shifts it into a static ``kernel_data`` window (through ``ap_shift_reg`` line
buffers in 2-D), the Encoded one pushes it into per-tap FIFOs chosen by the generated ``pixels``
instructions. Whenever a full window is ready, ``mult_config::kernel::dense(window, res, w, b)``
runs and one output pixel is written. The arithmetic of each output pixel is therefore exactly a
dense layer over that window: :func:`fxsim.layers.conv_im2col.conv_macc` with the schedule of
``mult_config::kernel``. What differs from io_parallel is only *which* windows are emitted and in
which order; that layout is either the im2col table (LineBuffer, where provably the same) or a
literal index-level replay of the stream template (:func:`stream_windows`; ``reference=True``
always replays). The templates assert zero padding (hls4ml emits a separate ``zeropad`` stream).

>>> scale_index("scale_index_unscaled", 3, 1, 5, 4)   # unscaled: the index itself
4
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.kernels import conv as kc
from fxsim.layers import dense
from fxsim.layers.conv_im2col import check_data, im2col_macc
from fxsim.layers.depthwise_product import DEPTHWISE_KERNELS, depthwise_kernel
from fxsim.layers.macc import Schedule, div_roundup
from fxsim.trace import Recorder
from fxsim.types import FixedType


def conv_implementation(cfg: Config) -> str:
    """``CONFIG_T::implementation``: ``linebuffer`` or ``encoded`` (``conv_implementation`` enum)."""
    impl = str(cfg.get("implementation", "linebuffer")).split("::")[-1].lower()
    if impl not in ("linebuffer", "encoded"):
        raise NotImplementedError(f"conv_implementation {impl!r} is not supported (linebuffer, encoded)")
    return impl


def scale_index(kind: str, k: int, s: int, w: int, idx: int) -> int:
    """``scale_index_regular<K, S, W>::scale_index(idx)`` (or ``scale_index_unscaled``)."""
    if not str(kind).endswith("regular"):
        return idx
    if k >= s:
        if idx < k - s:
            return idx
        nw = ((w - k) // s) * s + k
        sw = (div_roundup(k, s) - 1) * s + k
        if idx >= nw:
            return sw
        r = nw - idx
        if r <= k - s:
            return sw - r
        return k - s + (idx - (k - s)) % s
    if idx < s - k:
        return idx
    nw = ((w - k) // s) * s + k
    sw = (div_roundup(s, k) - 1) * s + k
    if idx >= nw:
        return sw
    r = nw - idx
    if r <= s - k:
        return sw - r
    return s - k + (idx - (s - k)) % s


class StreamError(ValueError):
    """The stream template would read an empty FIFO or uninitialised buffer (undefined in C++)."""


def _linebuffer_windows(in_h: int, in_w: int, fh: int, fw: int, sh: int, sw: int,
                        two_d: bool) -> list[list[int]]:
    """Pixel indices of each window ``compute_output_buffer_{1,2}d`` (or the pooling twins) emits
    for one image, in order, replaying the static counters, ``kernel_data`` and line buffers.
    ``two_d=False`` replays ``compute_output_buffer_1d`` on every row (what the 2-D buffer conv
    calls when ``filt_height == 1``: it knows nothing of rows or ``stride_height``)."""
    stale = -1
    out: list[list[int]] = []
    if not two_d:
        lx = fw - 1
        kernel = [stale] * fw
        for row in range(in_h):
            px = sx = 0
            for col in range(in_w):
                kernel = kernel[1:] + [row * in_w + col]
                if sx - lx == 0 and px > lx - 1:
                    out.append(list(kernel))
                if px + 1 == in_w:
                    px = sx = 0
                else:
                    px += 1
                    sx = sx - sw + 1 if sx - lx == 0 else sx + 1
        return out
    lx, ly = fw - 1, fh - 1
    lines = [[stale] * in_w for _ in range(max(fh - 1, 1))]  # ap_shift_reg<T, in_width>
    kernel = [[stale] * fw for _ in range(fh)]
    px = py = sx = sy = 0
    for pix in range(in_h * in_w):
        shift = [stale] * fh
        shift[fh - 1] = pix
        for i in range(1, fh):
            reg = lines[i - 1]
            pop = reg[in_w - 1]
            reg[1:] = reg[:-1]
            reg[0] = shift[fh - i]
            shift[fh - i - 1] = pop
        for r in range(fh):
            kernel[r] = kernel[r][1:] + [shift[r]]
        if sx - lx == 0 and sy - ly == 0 and py > ly - 1 and px > lx - 1:
            out.append([p for r in kernel for p in r])
        if px + 1 == in_w:
            px = sx = 0
            if py + 1 == in_h:
                py = sy = 0
            else:
                py += 1
                sy = sy - sh + 1 if sy - ly == 0 else sy + 1
        else:
            px += 1
            sx = sx - sw + 1 if sx - lx == 0 else sx + 1
    return out


def _encoded_windows(cfg: Config, two_d: bool) -> list[list[int]]:
    """Pixel indices of each window ``conv_{1,2}d_encoded_cl`` emits: per input pixel the
    ``pixels[]`` instruction (through ``scale_index``) says which tap FIFOs receive it; when the
    last tap's bit is set one value is popped from every FIFO (they are local: fresh per image)."""
    fh = cfg.filt_height if two_d else 1
    fw = cfg.filt_width
    in_h = cfg.in_height if two_d else 1
    k = fh * fw
    pixels = [int(p) for p in np.atleast_1d(cfg.pixels)]
    fifos: list[list[int]] = [[] for _ in range(k)]
    heads = [0] * k
    out: list[list[int]] = []
    for h in range(in_h):
        sh_idx = scale_index(cfg.get("scale_index_height", ""), fh, cfg.stride_height, in_h, h) if two_d else 0
        for w in range(cfg.in_width):
            if two_d:
                sw_idx = scale_index(cfg.get("scale_index_width", ""), fw, cfg.stride_width, cfg.in_width, w)
                pos = sh_idx * cfg.min_width + sw_idx
            else:
                pos = scale_index(cfg.get("scale_index", ""), fw, cfg.stride_width, cfg.in_width, w)
            if not 0 <= pos < len(pixels):
                raise StreamError(f"pixels[{pos}] is out of bounds (min size {len(pixels)})")
            bits = pixels[pos] & ((1 << k) - 1)  # ap_uint<kernel_size>
            for f in range(k):
                if bits >> f & 1:
                    fifos[f].append(h * cfg.in_width + w)
            if bits >> (k - 1) & 1:
                win = []
                for f in range(k):
                    if heads[f] >= len(fifos[f]):
                        raise StreamError("the encoded conv reads an empty data_window FIFO")
                    win.append(fifos[f][heads[f]])
                    heads[f] += 1
                out.append(win)
    return out


def _expand(windows: list[list[int]], n_chan: int) -> np.ndarray:
    """Pixel windows -> ``(windows, taps * n_chan)`` element indices ``pixel * n_chan + c``."""
    w = np.asarray(windows, dtype=np.int64).reshape(len(windows), -1)
    if (w < 0).any():
        raise StreamError("a window would hold values of an earlier image (uninitialised buffer)")
    return (w[:, :, None] * n_chan + np.arange(n_chan)[None, None, :]).reshape(len(windows), -1)


def _take_outputs(index: np.ndarray, n_out: int, what: str) -> np.ndarray:
    """The next layer reads ``n_out`` pixels; extra ones stay in the (per-call) FIFO and vanish."""
    if index.shape[0] < n_out:
        raise StreamError(f"{what} writes {index.shape[0]} pixels but {n_out} are read (reads an empty stream)")
    return index[:n_out]


def stream_windows(cfg: Config, two_d: bool, n_out: int, *, linebuffer_2d: bool = True,
                   what: str = "conv") -> np.ndarray:
    """``(n_out, taps * n_chan)`` input indices of the windows a stream conv/pool emits, by
    replaying the template (LineBuffer or Encoded) at index level. ``linebuffer_2d=False``: a 2-D
    LineBuffer layer with ``filt_height == 1`` (the conv calls ``compute_output_buffer_1d``)."""
    fh = (cfg.filt_height if two_d else 1)
    in_h = cfg.in_height if two_d else 1
    sh = cfg.stride_height if two_d else 1
    if conv_implementation(cfg) == "encoded":
        wins = _encoded_windows(cfg, two_d)
    else:
        wins = _linebuffer_windows(in_h, cfg.in_width, fh, cfg.filt_width, sh, cfg.stride_width,
                                   two_d and linebuffer_2d)
    return _take_outputs(_expand(wins, cfg.n_chan), n_out, what)


def _stream_index(cfg: Config, two_d: bool, reference: bool) -> np.ndarray:
    """The stream conv's window table: the im2col table where the LineBuffer provably emits it,
    else (and always with ``reference``) the replay of :func:`stream_windows`."""
    pads = [cfg.pad_left, cfg.pad_right] + ([cfg.pad_top, cfg.pad_bottom] if two_d else [])
    if any(int(p) != 0 for p in pads):
        raise ValueError("stream convolutions assert zero padding (hls4ml pads with a zeropad stream)")
    _one_pixel_per_pack(cfg)
    n_out = cfg.out_width * (cfg.out_height if two_d else 1)
    rows_1d = two_d and cfg.filt_height == 1  # conv_2d_buffer_cl -> compute_output_buffer_1d
    if reference or conv_implementation(cfg) == "encoded":
        return stream_windows(cfg, two_d, n_out, linebuffer_2d=not rows_1d)
    if not two_d:
        return kc.im2col_index_1d(cfg.in_width, cfg.n_chan, cfg.filt_width, cfg.stride_width, 0, 0)
    sh = 1 if rows_1d else cfg.stride_height
    idx = kc.im2col_index_2d(cfg.in_height, cfg.in_width, cfg.n_chan, cfg.filt_height, cfg.filt_width,
                             sh, cfg.stride_width, 0, 0, 0, 0)
    return _take_outputs(idx, n_out, "conv")


def _one_pixel_per_pack(cfg: Config) -> None:
    """hls4ml streams one pixel per ``nnet::array`` (``data_T::size == n_chan``); the templates'
    multi-pixel packing is not modelled."""
    from fxsim.layers import stream

    if stream.data_pack(cfg, cfg.n_chan) != cfg.n_chan or stream.res_pack(cfg, cfg.n_filt) != cfg.n_filt:
        raise NotImplementedError("stream convolutions with several pixels per stream element are not supported")


def _pointwise_index(cfg: Config, two_d: bool) -> np.ndarray:
    """``pointwise_conv_{1,2}d_cl`` (stream): pixel ``(h, w)`` is used iff ``h % stride_height == 0``
    and ``w % stride_width == 0``; the others are read and dropped."""
    _one_pixel_per_pack(cfg)
    hs = range(0, cfg.in_height, cfg.stride_height) if two_d else range(1)
    ws = range(0, cfg.in_width, cfg.stride_width)
    pix = [h * cfg.in_width + w for h in hs for w in ws]
    n_out = cfg.out_width * (cfg.out_height if two_d else 1)
    return _take_outputs(_expand([[p] for p in pix], cfg.n_chan), n_out, "pointwise conv")


def stream_schedule(cfg: Config, depthwise: bool = False) -> Schedule:
    """The accumulation order of ``mult_config::kernel::dense`` (``DenseLatency``,
    ``DenseResource_*``; ``DepthwiseDenseLatency`` / ``DepthwiseDenseResource_*`` of
    nnet_depthwise_product.h for depthwise layers)."""
    m = cfg.mult_config
    kernel = str(m.get("kernel", "")).split("::")[-1]
    if depthwise:
        n_in, n_out, rf = int(m.n_in), int(m.n_out), int(m.get("reuse_factor", 1))
        if kernel == "":
            kernel = depthwise_kernel(n_out, rf, str(m.get("strategy", "latency")).split("::")[-1].lower())
        if kernel not in DEPTHWISE_KERNELS:
            raise NotImplementedError(f"{m.name}: depthwise kernel {kernel} is not supported "
                                      f"({', '.join(DEPTHWISE_KERNELS)})")
        return DEPTHWISE_KERNELS[kernel](n_in, n_out, rf)
    fn = dense.kernel_function(m)
    return dense.SCHEDULES[fn](int(m.n_in), int(m.n_out), int(m.get("reuse_factor", 1)))


def _stream_conv(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray, biases: FixedArray,
                 index: np.ndarray, sched: Schedule, path: str, *, stats: Recorder | None = None) -> FixedArray:
    return im2col_macc(data, res_t, cfg, weights, biases, index, sched, path, stats=stats)


def conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                      biases: FixedArray, *, path: str = "auto", reference: bool = False,
                      stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_1d_cl`` of nnet_conv1d_stream.h (``conv_1d_buffer_cl`` / ``conv_1d_encoded_cl``
    by ``cfg.implementation``). ``reference=True`` replays the template's window logic and the
    dense schedule step by step."""
    check_data(data, cfg.in_width * cfg.n_chan, "conv_1d_cl")
    index = _stream_index(cfg, False, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                      biases: FixedArray, *, path: str = "auto", reference: bool = False,
                      stats: Recorder | None = None) -> FixedArray:
    """``nnet::conv_2d_cl`` of nnet_conv2d_stream.h (LineBuffer or Encoded). With
    ``filt_height == 1`` the LineBuffer calls ``compute_output_buffer_1d`` on every row, ignoring
    ``stride_height``: the first ``out_height * out_width`` of those pixels are what is read."""
    check_data(data, cfg.in_height * cfg.in_width * cfg.n_chan, "conv_2d_cl")
    index = _stream_index(cfg, True, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def depthwise_conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_1d_cl`` of nnet_sepconv1d_stream.h (``DepthwiseDenseLatency``)."""
    check_data(data, cfg.in_width * cfg.n_chan, "depthwise_conv_1d_cl")
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    index = _stream_index(cfg, False, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg, True),
                        "reference" if reference else path, stats=stats)


def depthwise_conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::depthwise_conv_2d_cl`` of nnet_sepconv2d_stream.h (``DepthwiseDenseLatency``)."""
    check_data(data, cfg.in_height * cfg.in_width * cfg.n_chan, "depthwise_conv_2d_cl")
    if cfg.n_filt != cfg.n_chan:
        raise ValueError("only a depth multiplier of 1 is supported (the template asserts n_filt == n_chan)")
    index = _stream_index(cfg, True, reference)
    return _stream_conv(data, res_t, cfg, weights, biases, index, stream_schedule(cfg, True),
                        "reference" if reference else path, stats=stats)


def pointwise_conv_1d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_1d_cl`` of nnet_sepconv1d_stream.h: dense on every
    ``stride_width``-th pixel."""
    check_data(data, cfg.in_width * cfg.n_chan, "pointwise_conv_1d_cl")
    return _stream_conv(data, res_t, cfg, weights, biases, _pointwise_index(cfg, False), stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def pointwise_conv_2d_cl_stream(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                                biases: FixedArray, *, path: str = "auto", reference: bool = False,
                                stats: Recorder | None = None) -> FixedArray:
    """``nnet::pointwise_conv_2d_cl`` of nnet_sepconv2d_stream.h."""
    check_data(data, cfg.in_height * cfg.in_width * cfg.n_chan, "pointwise_conv_2d_cl")
    return _stream_conv(data, res_t, cfg, weights, biases, _pointwise_index(cfg, True), stream_schedule(cfg),
                        "reference" if reference else path, stats=stats)


def separable_stream(two_d: bool, data: FixedArray, dw_res_t: FixedType, res_t: FixedType, cfg: Config,
                      dw_w: FixedArray, pw_w: FixedArray, dw_b: FixedArray, pw_b: FixedArray, path: str,
                      reference: bool) -> FixedArray:
    dw_fn = depthwise_conv_2d_cl_stream if two_d else depthwise_conv_1d_cl_stream
    pw_fn = pointwise_conv_2d_cl_stream if two_d else pointwise_conv_1d_cl_stream
    dw = dw_fn(data, dw_res_t, cfg.depthwise_config, dw_w, dw_b, path=path, reference=reference)
    return pw_fn(dw, res_t, cfg.pointwise_config, pw_w, pw_b, path=path, reference=reference)
