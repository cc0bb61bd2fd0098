"""io_stream plumbing: twins of ``nnet_utils/nnet_stream.h`` and the pack sizes stream twins read.

In fxsim a stream ``hls::stream<nnet::array<T, P>>`` is a :class:`~fxsim.array.FixedArray` of
shape ``(batch, n_total)``, the packs laid end to end in stream order (exactly the flat array the
io_parallel firmware would hold). Most stream templates compute, element by element, what their
io_parallel namesakes compute, so one twin serves both (``nnet::dense``, ``nnet::relu``, the
element-wise merges…); where a stream template differs (``softmax`` normalises each pack,
``normalize`` indexes ``scale`` by the position in the pack, ``selu``/``ternary_tanh`` use other
constants) the shared twin dispatches on :func:`is_stream`.

Pack sizes (``data_T::size``, ``res_T::size``) are not config members in C++; a network adds them
to the config it binds (see :func:`with_packs`): ``packs_in`` (one per data input) and
``packs_out`` (one per output stream). Twins called directly fall back to documented defaults.

>>> import numpy as np
>>> from fxsim.array import FixedArray
>>> from fxsim.types import FixedType
>>> x = FixedArray.from_float([[1.0, 2.5, -3.0, 0.5]], "ap_fixed<8,4>")
>>> a, b = clone_stream(x, FixedType.parse("ap_fixed<8,4>"), Config(N=4, packs_out=(2, 2)))
>>> b.to_float().tolist()
[[1.0, 2.5, -3.0, 0.5]]
>>> cfg = Config(in_height=1, in_width=1, in_chan=2, out_height=1, out_width=2, out_chan=2)
>>> broadcast_stream(x[:, :2], FixedType.parse("ap_fixed<8,4>"), cfg).to_float().tolist()
[[1.0, 2.5, 1.0, 2.5]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = ["is_stream", "with_packs", "data_pack", "res_pack", "pack_mismatch", "clone_stream", "repack_stream",
           "broadcast_stream"]

#: The ``nnet_activation_stream.h`` templates whose loop is ``for i < n_in / res_T::size:
#: in_data = data.read(); for j < res_T::size: out_data[j] = f(in_data[j])``: one input pack per
#: output pack, so the C++ is right only when ``data_T::size == res_T::size``.
PACK_FOR_PACK = frozenset({
    "linear", "relu", "sigmoid", "tanh", "softplus", "softsign", "elu", "selu", "leaky_relu",
    "thresholded_relu", "prelu", "hard_sigmoid", "hard_tanh", "binary_tanh", "ternary_tanh", "unary_lut",
})


# ------------------------------------------------------------------------------------ packs
def is_stream(cfg: Config | None) -> bool:
    """True if ``cfg`` belongs to an io_stream call: ``io_type == io_stream``, packs given (the
    network adds them), or the stream ``fill_buffer`` alias hls4ml writes for convolutions
    (``FillConv1DBuffer``/``FillConv2DBuffer``). The one test every twin uses.

    >>> is_stream(Config(io_type="io_stream")), is_stream(Config(n_in=4)), is_stream(None)
    (True, False, False)
    >>> is_stream(Config(fill_buffer="nnet::FillConv1DBuffer"))
    True
    """
    if cfg is None:
        return False
    return (str(cfg.get("io_type", "")).removeprefix("nnet::") == "io_stream" or "packs_in" in cfg
            or str(cfg.get("fill_buffer", "")).endswith(("FillConv1DBuffer", "FillConv2DBuffer")))


def with_packs(cfg: Config | None, name: str, packs_in: tuple[int | None, ...],
               packs_out: tuple[int | None, ...], **members) -> Config:
    """``cfg`` (or a new ``Config(name)`` for config-less calls such as ``clone_stream``) with the
    pack sizes of the call's streams and any extra ``members`` (``N=`` template arguments).

    >>> with_packs(None, "clone_stream", (16,), (16, 16), N=64).packs_out
    (16, 16)
    """
    base = cfg if cfg is not None else Config(name)
    return base.replace(packs_in=tuple(packs_in), packs_out=tuple(packs_out), **members)


def _pack(cfg: Config | None, key: str, index: int, default: int) -> int:
    packs = cfg.get(key) if cfg is not None else None
    if packs and index < len(packs) and packs[index]:
        return int(packs[index])
    return int(default)


def data_pack(cfg: Config | None, default: int, index: int = 0) -> int:
    """``data_T::size`` (``input<index+1>_T::size``) of a stream call, ``default`` if unknown."""
    return _pack(cfg, "packs_in", index, default)


def res_pack(cfg: Config | None, default: int, index: int = 0) -> int:
    """``res_T::size`` of a stream call (output ``index``), ``default`` if unknown."""
    return _pack(cfg, "packs_out", index, default)


def pack_mismatch(function: str, cfg: Config | None) -> str | None:
    """Why an io_stream call of ``nnet::<function>`` with ``cfg``'s pack sizes cannot be right C++,
    or None: a :data:`PACK_FOR_PACK` template given different ``data_T::size`` and ``res_T::size``
    reads past the end of each input pack (undefined behaviour) or more packs than were written.

    >>> print(pack_mismatch("linear", Config(n_in=27, packs_in=(3,), packs_out=(27,))))
    nnet::linear reads one 3-value input pack per 27-value output pack and copies in_data[j] for j < 27: \
past the end of each input pack (undefined behaviour in C++); hls4ml wrote mismatched stream types, \
the firmware cannot be right
    >>> pack_mismatch("linear", Config(n_in=27, packs_in=(3,), packs_out=(3,))) is None
    True
    """
    if function not in PACK_FOR_PACK or cfg is None or not cfg.get("packs_in") or not cfg.get("packs_out"):
        return None
    p_in, p_out = cfg.packs_in[0], cfg.packs_out[0]
    if not p_in or not p_out or p_in == p_out:
        return None
    if p_in < p_out:
        what = "past the end of each input pack (undefined behaviour in C++)"
    else:
        n_in = int(cfg.get("n_in", 0))
        what = f"{n_in // p_out} packs of a stream written as {n_in // p_in}"
    return (f"nnet::{function} reads one {p_in}-value input pack per {p_out}-value output pack and copies "
            f"in_data[j] for j < {p_out}: {what}; hls4ml wrote mismatched stream types, the firmware cannot be right")


def _rows(data: FixedArray) -> FixedArray:
    return data.reshape(1, -1) if data.ndim == 1 else data


def _whole_packs(n: int, size: int, what: str) -> None:
    if size <= 0 or n % size:
        raise ValueError(f"{what}: {n} values do not fill packs of {size} (the C++ loop would "
                         "leave the tail of the stream unwritten)")


# ------------------------------------------------------------------------------------ twins
@nnet_function("clone_stream")
def clone_stream(data: FixedArray, res_t: FixedType, cfg: Config | None = None, *,
                 stats: Recorder | None = None) -> tuple[FixedArray, ...]:
    """Twin of ``nnet::clone_stream<data_T, res_T, N>(data, res1, res2[, …res7])``: every copy is
    ``out[j] = in[j]`` (a conversion to ``res_T``). ``cfg.N`` is the template ``N`` (defaults to
    the data size); the number of copies is ``len(cfg.packs_out)``, else ``cfg.n_copies`` or 2.
    """
    x = _rows(data)
    n = int(cfg.get("N", x.shape[1])) if cfg is not None else x.shape[1]
    if n != x.shape[1]:
        raise ValueError(f"clone_stream<…, N={n}> reads {n} values per sample, data has {x.shape[1]}")
    _whole_packs(n, data_pack(cfg, n), "clone_stream")
    copies = len(cfg.packs_out) if cfg is not None and cfg.get("packs_out") else \
        int(cfg.get("n_copies", 2)) if cfg is not None else 2
    if not 2 <= copies <= 7:
        raise ValueError(f"nnet::clone_stream has overloads for 2 to 7 outputs, not {copies}")
    out = x.cast(res_t, stats=stats)
    out = out.reshape(-1) if data.ndim == 1 else out
    return tuple(out.copy() for _ in range(copies))


@nnet_function("repack_stream")
def repack_stream(data: FixedArray, res_t: FixedType, cfg: Config | None = None, *,
                  stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::repack_stream<data_T, res_T, N>(data, res)``: the same values in stream
    order, regrouped from ``data_T::size`` to ``res_T::size`` per pack and converted to ``res_T``.
    """
    x = _rows(data)
    n = int(cfg.get("N", x.shape[1])) if cfg is not None else x.shape[1]
    if n != x.shape[1]:
        raise ValueError(f"repack_stream<…, N={n}> reads {n} values per sample, data has {x.shape[1]}")
    p_in, p_out = data_pack(cfg, n), res_pack(cfg, n)
    _whole_packs(n, p_in, "repack_stream input")
    _whole_packs(n, p_out, "repack_stream output")
    if p_in != p_out and max(p_in, p_out) % min(p_in, p_out):
        raise ValueError(f"repack_stream from packs of {p_in} to {p_out}: one must divide the other")
    out = x.cast(res_t, stats=stats)
    return out.reshape(-1) if data.ndim == 1 else out


@nnet_function("broadcast_stream")
def broadcast_stream(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::broadcast_stream<data_T, res_T, CONFIG_T>(data, res)`` (``broadcast_config``:
    ``in/out_height, in/out_width, in/out_chan``).

    ``1x1xC`` inputs: each input pack is written ``n_dupl = out_size / in_size`` times, elements
    ``0..res_T::size-1`` of the pack. ``HxWx1`` inputs: each pack's element 0 fills a whole output
    pack. Packs default to ``in_chan`` and ``out_chan`` values. Other shapes write nothing in C++
    (an error here).
    """
    x = _rows(data)
    ih, iw, ic = int(cfg.in_height), int(cfg.in_width), int(cfg.in_chan)
    oh, ow, oc = int(cfg.out_height), int(cfg.out_width), int(cfg.out_chan)
    n_in = ih * iw * ic
    if x.shape[1] != n_in:
        raise ValueError(f"broadcast_stream reads {n_in} values per sample, data has {x.shape[1]}")
    p_in, p_out = data_pack(cfg, ic), res_pack(cfg, oc)
    _whole_packs(n_in, p_in, "broadcast_stream input")
    n_packs = n_in // p_in
    if ih == 1 and iw == 1 and ic == oc:
        n_dupl = (oh * ow * oc) // n_in
        if p_out > p_in:
            raise ValueError(f"broadcast_stream_1x1xC reads in_data[k] for k < {p_out} from packs of {p_in}")
        # pack i, copy j, element k <- in[i * p_in + k]
        i, _, k = np.meshgrid(np.arange(n_packs), np.arange(n_dupl), np.arange(p_out), indexing="ij")
        index = (i * p_in + k).reshape(-1)
    elif ic == 1 and ih == oh and iw == ow:
        # pack i, element k <- in[i * p_in]
        index = np.repeat(np.arange(n_packs) * p_in, p_out)
    else:
        raise ValueError(f"broadcast_stream supports 1x1xC -> HxWxC and HxWx1 -> HxWxC, not "
                         f"{ih}x{iw}x{ic} -> {oh}x{ow}x{oc}")
    out = x[:, index].cast(res_t, stats=stats)
    return out.reshape(-1) if data.ndim == 1 else out
