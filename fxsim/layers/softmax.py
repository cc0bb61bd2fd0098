"""Twins of the softmax family of ``nnet_utils/nnet_activation.h`` (io_parallel).

``softmax`` dispatches on ``cfg.implementation`` (``'latency'``, ``'stable'``, ``'legacy'``,
``'argmax'``) like the C++ ``switch``; ``softmax_multidim`` applies it along the
``n_outer x n_slice x n_inner`` layout. The config members are those of hls4ml's
``softmax_config_template``: ``n_in, n_slice, n_outer, n_inner, exp_table_size, inv_table_size,
exp_scale, exp_table_t, inv_table_t, accum_t, inv_inp_t, inp_norm_t`` (``legacy`` reads
``table_t``, which the generated struct inherits from ``nnet::activ_config``: ``ap_fixed<18,8>``).

io_stream (``nnet_activation_stream.h``): ``softmax`` runs the same implementation on each
``data_T`` pack of the stream on its own (one pack = one softmax; hls4ml packs the whole vector for
Dense outputs and one pixel's channels for conv outputs); ``legacy`` sizes both of its tables
``table_size`` instead of ``exp_table_size``/``inv_table_size``.
:func:`softmax_config` builds that struct as hls4ml writes it, including the
``fix_softmax_table_size`` optimizer pass and the stable implementation's table clipping.

>>> from fxsim.array import FixedArray
>>> x = FixedArray.from_float([[1.0, 2.0, 3.0]], "ap_fixed<16,6>")
>>> cfg = softmax_config(3, x.type, accum_t=FixedType.parse("ap_fixed<18,8>"), implementation="stable")
>>> softmax(x, FixedType.parse("ap_fixed<16,6>"), cfg).to_float().round(3).tolist()
[[0.09, 0.245, 0.667]]
"""

from __future__ import annotations

import functools
import warnings

import numpy as np

from fxsim.array import CPP_INT, FixedArray, minus_type, mult_type, plus_type
from fxsim.config import Config
from fxsim.conversion import cast, kernel_cast
from fxsim.kernels import softmax as ksm
from fxsim.layers import nnet_function
from fxsim.layers import tables as tb
from fxsim.layers.stream import data_pack, is_stream, res_pack
from fxsim.trace import Recorder, is_recording
from fxsim.types import FixedType

__all__ = ["softmax", "softmax_latency", "softmax_stable", "softmax_legacy", "softmax_argmax",
           "softmax_multidim", "softmax_config", "fix_softmax_table_size", "reduce", "fused_softmax"]

#: ``ap_fixed<18,8,AP_RND,AP_SAT>``: hls4ml's default exp_table_t, inv_table_t and inv_inp_t.
HLS4ML_SOFTMAX_TABLE_T = FixedType(18, 8, True, "AP_RND", "AP_SAT")
IMPLEMENTATIONS = ("latency", "stable", "legacy", "argmax")


# ------------------------------------------------------------------------------------ helpers
def reduce(x: FixedArray, op) -> FixedArray:
    """``nnet::reduce<T, N, Op>`` over the last axis: the same balanced tree (left part
    ``pow2(floorlog2(N - 1))``), so saturating/wrapping sums match the C++ order."""
    n = x.shape[-1]
    if n == 1:
        return x[..., 0]
    if n == 2:
        return op(x[..., 0], x[..., 1])
    left = 1 << ((n - 1).bit_length() - 1)
    return op(reduce(x[..., :left], op), reduce(x[..., left:], op))


def _op_add(t: FixedType, *, stats: Recorder | None = None):
    """``Op_add<T>``: ``T operator()(T a, T b) { return a + b; }``."""
    return lambda a, b: (a + b).cast(t, stats=stats)


def _op_max(a: FixedArray, b: FixedArray) -> FixedArray:
    """``Op_max<T>``: ``a >= b ? a : b``."""
    return FixedArray(np.where(a.raw >= b.raw, a.raw, b.raw), a.type)


def _checked(index: np.ndarray, size: int, what: str) -> np.ndarray:
    if index.size and int(index.max()) >= size:
        raise ValueError(f"{what}: the top bits give index {int(index.max())} but the table has {size} "
                         "entries (the C++ reads past the array; use a power-of-two table size)")
    return index


def _exp_and_sum(exp_res_raw: np.ndarray, cfg: Config, res_t: FixedType, *,
                 stats: Recorder | None = None) -> FixedArray:
    """The common tail of latency/stable: ``exp_sum = reduce<accum_t>(exp_res)``, the invert-table
    lookup through ``inv_inp_t`` and ``res[i] = exp_res[i] * inv_exp_sum``."""
    accum_t, inv_inp_t, inv_table_t = cfg.accum_t, cfg.inv_inp_t, cfg.inv_table_t
    exp_res = FixedArray(exp_res_raw, accum_t)
    exp_sum = reduce(exp_res, _op_add(accum_t, stats=stats)).cast(inv_inp_t, stats=stats)
    inv_table = tb.softmax_invert_table(inv_inp_t, int(cfg.inv_table_size), inv_table_t)
    index = _checked(tb.slice_index(exp_sum.raw, inv_inp_t, int(cfg.inv_table_size)),
                     int(cfg.inv_table_size), "invert table")
    inv_exp_sum = FixedArray(inv_table[index][..., None], inv_table_t)
    return (exp_res * inv_exp_sum).cast(res_t, stats=stats)


# ------------------------------------------------------------------------------------ fast path

@functools.lru_cache(maxsize=64)
def _reduce_schedule(n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`reduce`'s tree as a post-order schedule: node k adds slots a[k], b[k] into slot n + k."""
    a: list[int] = []
    b: list[int] = []

    def build(lo: int, hi: int) -> int:
        m = hi - lo
        if m == 1:
            return lo
        left = 1 if m == 2 else 1 << ((m - 1).bit_length() - 1)
        x, y = build(lo, lo + left), build(lo + left, hi)
        a.append(x)
        b.append(y)
        return n + len(a) - 1

    build(0, n)
    return np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)


def _kernel_args(data_t: FixedType, res_t: FixedType, cfg: Config, stable: bool, n: int) -> tuple | None:
    """The arguments of :func:`fxsim.kernels.softmax.softmax_rows` after ``x`` for rows of ``n``
    values of ``data_t``, or None where the row kernel does not apply."""
    accum_t, inv_inp_t, inv_table_t = cfg.accum_t, cfg.inv_inp_t, cfg.inv_table_t
    size, inv_size = int(cfg.exp_table_size), int(cfg.inv_table_size)
    idx_t = cfg.inp_norm_t if stable else data_t
    d_cast = kernel_cast(minus_type(data_t, data_t), cfg.inp_norm_t) if stable else (0, 1, True, 0, 0)
    sum_cast = kernel_cast(plus_type(accum_t, accum_t), accum_t)
    inv_cast = kernel_cast(accum_t, inv_inp_t)
    prod_t = mult_type(accum_t, inv_table_t)
    res_cast = kernel_cast(prod_t, res_t)
    if (None in (d_cast, sum_cast, inv_cast, res_cast) or not prod_t.fits_int64 or idx_t.width > 62
            or inv_inp_t.width > 62 or not minus_type(data_t, data_t).fits_int64 or n == 0):
        return None
    n_bits, n_inv_bits = tb._address_bits(idx_t, size), tb._address_bits(inv_inp_t, inv_size)
    if stable:
        table = tb.softmax_exp_table(cfg.inp_norm_t, size, cfg.exp_table_t, float(cfg.get("exp_scale", 1.0)), True)
    else:
        table = tb.softmax_exp_table(data_t, size, cfg.exp_table_t, float(cfg.get("exp_scale", 1.0)))
    exp_accum = tb.cast_table(table, cfg.exp_table_t, accum_t)
    inv_table = tb.softmax_invert_table(inv_inp_t, inv_size, inv_table_t)
    node_a, node_b = _reduce_schedule(n)
    return (stable, *d_cast, idx_t.width - n_bits, (1 << n_bits) - 1, exp_accum, node_a, node_b, *sum_cast,
            *inv_cast, inv_inp_t.width - n_inv_bits, (1 << n_inv_bits) - 1, inv_table, *res_cast)


def _softmax_kernel(data: FixedArray, res_t: FixedType, cfg: Config, stable: bool,
                    stats: Recorder | None) -> FixedArray | None:
    """The row kernel's result, or None where it does not apply (then the array path runs; always
    while ``stats`` records, so that every cast is counted)."""
    if is_recording(stats) or data.raw.dtype != np.int64 or data.ndim != 2:
        return None
    args = _kernel_args(data.type, res_t, cfg, stable, data.shape[1])
    if args is None:
        return None
    out, bad = ksm.softmax_rows(np.ascontiguousarray(data.raw), *args)
    if bad:
        return None  # an index past a table: the array path raises the header's error
    return FixedArray._trusted(out, res_t)


def fused_softmax(function: str, data_t: FixedType, res_t: FixedType, cfg: Config | None, n: int) -> tuple | None:
    """For a layer calling ``nnet::<function>`` with ``cfg`` on rows of ``n`` values of ``data_t``:
    the arguments of :func:`fxsim.kernels.softmax.softmax_rows` after ``x`` where :func:`softmax`
    runs exactly that row kernel on io_parallel rows (hls4ml 1.x ``softmax_latency`` /
    ``softmax_stable`` over all ``n`` values), so a kernel that produced the rows may apply it
    itself (``fxsim.fusion``: a softmax after a chain); else None. An index past a table's end
    still needs this layer's own twin (which raises the header's error).

    >>> cfg = softmax_config(5, FixedType(16, 6), accum_t=FixedType(16, 6))
    >>> fused_softmax("softmax", FixedType(16, 6), FixedType(16, 6), cfg, 5)[0]   # stable
    True
    """
    if function != "softmax" or cfg is None or is_stream(cfg) or is_v0(cfg):
        return None
    impl = str(cfg.get("implementation", "")).removeprefix("nnet::softmax_implementation::").lower()
    if impl not in ("latency", "stable") or int(cfg.get("n_slice", cfg.get("n_in", n))) != n:
        return None
    return _kernel_args(data_t, res_t, cfg, impl == "stable", n)


# ------------------------------------------------------------------------------------ twins
@nnet_function("softmax_latency")
def softmax_latency(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax_latency``: exp table indexed by the top bits of ``data_T`` itself."""
    fast = _softmax_kernel(data, res_t, cfg, stable=False, stats=stats)
    if fast is not None:
        return fast
    size = int(cfg.exp_table_size)
    table = tb.softmax_exp_table(data.type, size, cfg.exp_table_t, float(cfg.get("exp_scale", 1.0)))
    index = _checked(tb.slice_index(data.raw, data.type, size), size, "exp table")
    return _exp_and_sum(tb.lookup(table, cfg.exp_table_t, index, cfg.accum_t, stats=stats), cfg, res_t, stats=stats)


@nnet_function("softmax_stable")
def softmax_stable(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax_stable``: ``inp_norm_t d = x_max - x``; exp table of ``exp(-d)``."""
    fast = _softmax_kernel(data, res_t, cfg, stable=True, stats=stats)
    if fast is not None:
        return fast
    size, norm_t = int(cfg.exp_table_size), cfg.inp_norm_t
    table = tb.softmax_exp_table(norm_t, size, cfg.exp_table_t, float(cfg.get("exp_scale", 1.0)), True)
    x_max = reduce(data, _op_max)
    d = (FixedArray(x_max.raw[..., None], data.type) - data).cast(norm_t, stats=stats)
    index = _checked(tb.slice_index(d.raw, norm_t, size), size, "exp table")
    return _exp_and_sum(tb.lookup(table, cfg.exp_table_t, index, cfg.accum_t, stats=stats), cfg, res_t, stats=stats)


@nnet_function("softmax_legacy")
def softmax_legacy(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax_legacy``: ``sum_j exp(x_j - x_i)`` from a [-8, 8) table, accumulated in
    ``table_t`` in j order, then a 1/x table over [0, 64)."""
    n = data.shape[-1]
    flat = data.raw.reshape(-1, n)
    rows = max(1, (1 << 20) // (n * n))  # bound the (rows, n, n) temporaries
    parts = [_legacy_rows(FixedArray(flat[r:r + rows], data.type), res_t, cfg,
                          stats=stats) for r in range(0, len(flat), rows)]
    out = np.concatenate(parts) if parts else np.zeros((0, n), dtype=np.int64)
    return FixedArray(out.reshape(data.shape), res_t)


def _legacy_rows(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> np.ndarray:
    table_t = cfg.get("table_t", tb.ACTIV_TABLE_T)
    n_exp, n_inv = int(cfg.exp_table_size), int(cfg.inv_table_size)
    exp_table = tb.fixed_table("exp_legacy", n_exp, table_t)
    inv_table = tb.fixed_table("invert_legacy", n_inv, table_t)
    one = cast(np.asarray(1, dtype=np.int64), src=CPP_INT, dst=table_t, stats=stats)       # exp_diff_res = 1
    n = data.shape[-1]
    diff = FixedArray(data.raw[:, None, :], data.type) - FixedArray(data.raw[:, :, None], data.type)
    index = tb.lut_index(diff.raw, diff.type, n_exp, 16, ((8 * n_exp) % 2**32) // 16, n_exp,  # [row, ii, jj]
                         stats=stats)
    terms = np.where(np.eye(n, dtype=bool), one, exp_table[index])
    acc = FixedArray(np.zeros(data.shape, dtype=terms.dtype), table_t)         # exp_res[ii] = 0
    for jj in range(n):
        acc = (acc + FixedArray(terms[..., jj], table_t)).cast(table_t, stats=stats)          # exp_res[ii] += …
    inv_index = tb.lut_index(acc.raw, table_t, n_inv, 64, 0, n_inv, stats=stats)
    return tb.lookup(inv_table, table_t, inv_index, res_t, stats=stats)


@nnet_function("softmax_argmax")
def softmax_argmax(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax_argmax``: ``(res_T)1`` at the first maximum, ``(res_T)0`` elsewhere."""
    raw = data.raw
    idx = np.argmax(raw.astype(object) if raw.dtype == object else raw, axis=-1)
    onehot = np.arange(raw.shape[-1]) == idx[..., None]
    one = cast(np.asarray(1, dtype=np.int64), src=CPP_INT, dst=res_t, stats=stats)
    return FixedArray(np.where(onehot, one, np.zeros((), dtype=one.dtype)), res_t)


_IMPLS = {"latency": softmax_latency, "stable": softmax_stable, "legacy": softmax_legacy,
          "argmax": softmax_argmax}


# ------------------------------------------------------------------------------------ hls4ml <= 1.0
def is_v0(cfg: Config) -> bool:
    """The project compiled against hls4ml <= 1.0's softmax (template feature ``softmax_v0`` of
    :mod:`fxsim.project.templates`); without detected features, an io_parallel config with one
    ``table_size`` and no ``exp_table_size`` (which 1.3.0's templates need) says so."""
    feats = cfg.get("templates")
    if feats is not None:
        return "softmax_v0" in feats
    return "exp_table_size" not in cfg and "table_size" in cfg and not is_stream(cfg)


def _config_v0(cfg: Config) -> Config:
    """An old config as the 1.3.0 members the shared code reads: both tables ``table_size``
    entries, the exp sum and the invert-table index in ``exp_table_t``, no exp scale."""
    size = int(cfg.table_size)
    return cfg.replace(exp_table_size=size, inv_table_size=size, accum_t=cfg.exp_table_t,
                       inv_inp_t=cfg.exp_table_t, exp_scale=1.0)


def softmax_latency_v0(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """hls4ml <= 1.0 ``softmax_latency``: ``exp_res``, ``exp_sum`` in ``exp_table_t``; the invert
    table over ``exp_table_t`` (``init_invert_table<exp_table_t, CONFIG_T>``)."""
    return softmax_latency(data, res_t, _config_v0(cfg), stats=stats)


def softmax_stable_v0(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """hls4ml <= 1.0 ``softmax_stable``: ``ap_fixed<W, I, AP_RND, AP_SAT> d = data[i] - x_max``,
    passed as ``data_T`` to ``softmax_idx_from_real_val<data_T>``; the exp table is ``exp(x)`` over
    ``data_T`` (not negated)."""
    cfg = _config_v0(cfg)
    size = int(cfg.exp_table_size)
    table = tb.softmax_exp_table(data.type, size, cfg.exp_table_t, 1.0, False)
    x_max = reduce(data, _op_max)
    diff_t = FixedType(data.type.width, data.type.integer, True, "AP_RND", "AP_SAT")
    d = (data - FixedArray(x_max.raw[..., None], data.type)).cast(diff_t, stats=stats).cast(data.type, stats=stats)
    index = _checked(tb.slice_index(d.raw, data.type, size), size, "exp table")
    return _exp_and_sum(tb.lookup(table, cfg.exp_table_t, index, cfg.accum_t, stats=stats), cfg, res_t, stats=stats)


def softmax_legacy_v0(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """hls4ml <= 1.0 ``softmax_legacy``: as 1.3.0's with both tables ``table_size`` entries."""
    size = int(cfg.table_size)
    return softmax_legacy(data, res_t, cfg.replace(exp_table_size=size, inv_table_size=size), stats=stats)


_IMPLS_V0 = {"latency": softmax_latency_v0, "stable": softmax_stable_v0, "legacy": softmax_legacy_v0,
             "argmax": softmax_argmax}


@nnet_function("softmax")
def softmax(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax``: ``switch (CONFIG_T::implementation)`` over the last axis (n_slice)."""
    impl = str(cfg.implementation).removeprefix("nnet::softmax_implementation::").lower()
    try:
        fn = _IMPLS[impl]
    except KeyError:
        raise ValueError(f"unknown softmax implementation {cfg.implementation!r}; one of {IMPLEMENTATIONS}") from None
    if is_v0(cfg):
        if is_stream(cfg) and impl in ("latency", "stable"):
            raise ValueError("io_stream softmax_latency/softmax_stable of hls4ml <= 1.0 templates (one table_size) "
                             "is not supported")
        fn = _IMPLS_V0[impl]
    if is_stream(cfg):
        return _softmax_stream(fn, data, res_t, cfg, stats)
    n_slice = int(cfg.get("n_slice", cfg.get("n_in", data.shape[-1])))
    if data.shape[-1] != n_slice:
        raise ValueError(f"softmax over n_slice={n_slice} values, but data has {data.shape[-1]} per row "
                         "(use softmax_multidim for n_outer/n_inner layouts)")
    return fn(data, res_t, cfg, stats=stats)


def _softmax_stream(fn, data: FixedArray, res_t: FixedType, cfg: Config, stats: Recorder | None) -> FixedArray:
    """``nnet::softmax(hls::stream<data_T>&, hls::stream<res_T>&)``: ``fn`` on every pack."""
    n_in = int(cfg.get("n_in", data.shape[-1]))
    pack = data_pack(cfg, n_in)
    if data.shape[-1] != n_in or n_in % pack or res_pack(cfg, pack) != pack:
        raise ValueError(f"stream softmax over n_in={n_in} values in packs of {pack} -> "
                         f"{res_pack(cfg, pack)}: data has {data.shape[-1]} per row; packs must match")
    if fn is softmax_legacy:
        size = int(cfg.get("table_size", tb.ACTIV_TABLE_SIZE))
        cfg = cfg.replace(exp_table_size=size, inv_table_size=size)
    lead = data.shape[:-1]
    rows = FixedArray(data.raw.reshape(*lead, n_in // pack, pack), data.type)
    return fn(rows, res_t, cfg, stats=stats).reshape(data.shape)


@nnet_function("softmax_multidim")
def softmax_multidim(data: FixedArray, res_t: FixedType, cfg: Config, *, stats: Recorder | None = None) -> FixedArray:
    """``nnet::softmax_multidim``: softmax over index j of ``i * n_slice * n_inner + j * n_inner + k``."""
    n_outer, n_slice, n_inner = int(cfg.n_outer), int(cfg.n_slice), int(cfg.n_inner)
    lead = data.shape[:-1]
    raw = data.raw.reshape(*lead, n_outer, n_slice, n_inner)
    moved = np.moveaxis(raw, -2, -1)                     # [..., i, k, j]
    out = softmax(FixedArray(np.ascontiguousarray(moved), data.type), res_t, cfg, stats=stats)
    back = np.moveaxis(out.raw, -1, -2).reshape(data.shape)
    return FixedArray(np.ascontiguousarray(back), res_t)


# ------------------------------------------------------------------------------------ config
def fix_softmax_table_size(table_size: int, input_t: FixedType, inv_table_t: FixedType,
                           backend: str = "Vivado") -> int:
    """hls4ml's ``FixSoftmaxTableSize`` pass: shrink ``table_size`` to
    ``2**min(input width, inv_table_t width)`` (one bit less for Quartus), warning as hls4ml does.

    >>> import warnings; warnings.simplefilter("ignore")
    >>> fix_softmax_table_size(1024, FixedType(8, 3), FixedType(18, 8))
    256
    """
    limit = 2 ** (min(input_t.width, inv_table_t.width) + (-1 if backend == "Quartus" else 0))
    if limit < table_size:
        warnings.warn(f"softmax table size {table_size} is too large for input width {input_t.width} "
                      f"/ table width {inv_table_t.width}; hls4ml sets it to {limit}", stacklevel=2)
        return limit
    return table_size


def softmax_config(n_in: int, input_t: FixedType, *, accum_t: FixedType, implementation: str = "stable",
                   table_size: int = 1024, exp_table_t: FixedType = HLS4ML_SOFTMAX_TABLE_T,
                   inv_table_t: FixedType = HLS4ML_SOFTMAX_TABLE_T, inv_inp_t: FixedType | None = None,
                   inp_norm_t: FixedType | None = None, exp_table_size: int | None = None,
                   inv_table_size: int | None = None, n_outer: int = 1, n_inner: int = 1,
                   exp_scale: float = 1.0, axis: int = -1, fix_table_size: bool = True,
                   backend: str = "Vivado") -> Config:
    """The ``softmax_config`` struct hls4ml 1.3 writes (``SoftmaxConfigTemplate.format``).

    ``accum_t`` is required: the template prints ``accum_t.name``, the layer's accum type (the model
    default precision unless configured). ``fix_table_size`` applies ``fix_softmax_table_size``
    (which hls4ml runs unless ``inv_table_size`` was given). For ``stable``, ``inp_norm_t`` defaults
    to ``ap_ufixed<W - S, I - S>`` of the input and a signed input caps ``exp_table_size`` at
    ``2**(W - 1)``; other implementations get ``inp_norm_t = ap_fixed<1,0>``.
    """
    if implementation not in IMPLEMENTATIONS:
        raise ValueError(f"unknown softmax implementation {implementation!r}; one of {IMPLEMENTATIONS}")
    if fix_table_size and inv_table_size is None:
        table_size = fix_softmax_table_size(table_size, input_t, inv_table_t, backend)
    exp_size = table_size if exp_table_size is None else exp_table_size
    inv_size = table_size if inv_table_size is None else inv_table_size
    inv_inp_t = exp_table_t if inv_inp_t is None else inv_inp_t
    if implementation == "stable":
        if inp_norm_t is None:
            w, i = input_t.width - input_t.signed, input_t.integer - input_t.signed
            if input_t.signed:
                exp_size = min(int(inv_size), 2**w)
            inp_norm_t = FixedType(w, i, False)
    else:
        inp_norm_t = FixedType(1, 0)
    return Config(
        "softmax_config", n_in=n_in, n_slice=n_in // n_inner // n_outer, n_outer=n_outer, n_inner=n_inner,
        exp_table_size=int(exp_size), inv_table_size=int(inv_size), io_type="io_parallel", reuse_factor=1,
        axis=axis, implementation=implementation, exp_scale=exp_scale, exp_table_t=exp_table_t,
        inv_table_t=inv_table_t, accum_t=accum_t, inv_inp_t=inv_inp_t, inp_norm_t=inp_norm_t,
        table_size=tb.ACTIV_TABLE_SIZE, table_t=tb.ACTIV_TABLE_T,
    )
