"""Fast path for element-wise twins: evaluate once over the input type's whole domain, then gather.

An element-wise activation of ``nnet_activation.h`` (``tanh``, ``sigmoid``, ``elu``, ...) computes
each output from one input value and the layer's constants. When the input type is narrow (at most
:data:`MAX_DOMAIN_BITS` bits), the twin itself is run once on every raw value of the type, in
order, and the result is a table ``T[raw - min_raw]``; a batch then costs one gather per element
(:func:`fxsim.kernels.activation.domain_gather`). The table *is* the twin's output on those values,
so the two paths agree by construction; ``tests/test_fast_paths.py`` checks them against each other
and the header tests check the twin.

The fast path is skipped while :mod:`fxsim.trace` records (the twin counts clamps and overflows),
for object (wide) raws, and for batches much smaller than the domain (building the table would cost
more than it saves), unless the call says otherwise (keyword ``tables=True``/``False``).

>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> from fxsim.layers.activation import tanh
>>> cfg = Config(n_in=4, table_size=1024, table_t=FixedType.parse("ap_fixed<18,8>"))
>>> x = FixedArray.from_float([[-1.0, 0.0, 0.5, 3.0]], "ap_fixed<10,4>")
>>> fast = tanh(x, FixedType.parse("ap_fixed<16,6>"), cfg, tables=True)
>>> slow = tanh(x, FixedType.parse("ap_fixed<16,6>"), cfg, tables=False)
>>> bool((fast.raw == slow.raw).all())
True
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.kernels import activation as ka
from fxsim.trace import Recorder, is_recording
from fxsim.types import FixedType

__all__ = ["elementwise", "table_for", "domain_table", "MAX_DOMAIN_BITS"]

#: Input types up to this many bits get a domain table (2**20 entries of int64: 8 MiB).
MAX_DOMAIN_BITS = 20
_TABLES: OrderedDict[tuple, np.ndarray] = OrderedDict()
_MAX_TABLES = 64


def _frozen(v: Any) -> Any:
    """A hashable, content-based stand-in for a config value or a twin parameter."""
    if isinstance(v, Config):
        return ("Config", v.name, _frozen(v.as_dict()))
    if isinstance(v, dict):
        return tuple(sorted((k, _frozen(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return tuple(_frozen(x) for x in v)
    if isinstance(v, FixedArray):
        return ("FixedArray", v.type, v.raw.shape, _frozen(v.raw))
    if isinstance(v, np.ndarray):
        return (v.dtype.str, v.shape, v.tobytes() if v.dtype != object else tuple(v.ravel().tolist()))
    return v


def _wanted(data: FixedArray, key_hit: bool, tables: bool | None) -> bool:
    """Whether a batch takes the table: asked to (``tables``), already built, or big enough to pay
    for building it."""
    if tables is not None:
        return tables
    return key_hit or data.raw.size * 4 >= (1 << data.type.width)


def domain_table(fn: Callable[..., FixedArray], data_t: FixedType, res_t: FixedType, cfg: Config,
                 *params: Any) -> np.ndarray:
    """``fn`` evaluated on every raw value of ``data_t`` in increasing order (int64 raws of ``res_t``)."""
    domain = FixedArray._trusted(np.arange(data_t.min_raw, data_t.max_raw + 1, dtype=np.int64).reshape(1, -1),
                                 data_t)
    out = fn(domain, res_t, cfg, *params)
    if out.type != res_t or out.raw.dtype != np.int64:
        raise TypeError(f"{fn.__name__} returned {out.type} raws of {out.raw.dtype}, not int64 {res_t}")
    return np.ascontiguousarray(out.raw.reshape(-1))


def _cached_table(fn: Callable[..., FixedArray], data_t: FixedType, res_t: FixedType, cfg: Config,
                  params: tuple, build: bool) -> np.ndarray | None:
    key = (fn.__qualname__, data_t, res_t, _frozen(cfg), _frozen(params))
    table = _TABLES.get(key)
    if table is not None:
        _TABLES.move_to_end(key)
        return table
    if not build:
        return None
    table = domain_table(fn, data_t, res_t, cfg, *params)
    table.setflags(write=False)
    _TABLES[key] = table
    if len(_TABLES) > _MAX_TABLES:
        _TABLES.popitem(last=False)
    return table


def _tabulable(data_t: FixedType, raw_dtype: np.dtype | None = None) -> bool:
    return raw_dtype in (None, np.int64) and data_t.width <= MAX_DOMAIN_BITS


def table_for(twin: Callable[..., FixedArray], data_t: FixedType, res_t: FixedType, cfg: Config | None,
              *params: Any) -> np.ndarray | None:
    """The whole-domain table of an :func:`elementwise` twin for inputs of ``data_t`` (built once,
    cached), or None: not an element-wise twin or input too wide. ``T[raw - data_t.min_raw]``
    is the twin's output raw (of ``res_t``) for input ``raw``."""
    fn = getattr(twin, "reference", None)
    if fn is None or not _tabulable(data_t):
        return None
    return _cached_table(fn, data_t, res_t, cfg, params, build=True)


def elementwise(fn: Callable[..., FixedArray]) -> Callable[..., FixedArray]:
    """Decorate an element-wise twin ``fn(data, res_t, cfg, *params)`` with the domain-table path.
    The decorated twin takes ``tables=True``/``False`` to always/never use the table (default:
    when it pays, and never while ``stats`` records: ``fn`` counts its casts); ``twin.reference``
    is ``fn`` itself."""

    @functools.wraps(fn)
    def twin(data: FixedArray, res_t: FixedType, cfg: Config, *params: Any,
             tables: bool | None = None, stats: Recorder | None = None) -> FixedArray:
        if tables is False or is_recording(stats) or not _tabulable(data.type, data.raw.dtype):
            return fn(data, res_t, cfg, *params, stats=stats)
        table = _cached_table(fn, data.type, res_t, cfg, params, build=False)
        if not _wanted(data, table is not None, tables):
            return fn(data, res_t, cfg, *params, stats=stats)
        if table is None:
            table = _cached_table(fn, data.type, res_t, cfg, params, build=True)
        raw = np.ascontiguousarray(data.raw)
        out = ka.domain_gather(raw.reshape(-1), table, data.type.min_raw)
        return FixedArray._trusted(out.reshape(raw.shape), res_t)

    twin.reference = fn  # the direct twin, for tests and for table_for
    return twin
