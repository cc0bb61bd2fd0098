"""Twin of the softmax of hls4ml's Quartus ``nnet_utils/nnet_activation.h`` (``softmax_stable``,
``softmax_latency``) and ``nnet_common.h``'s tree ``reduce``.

The exp/invert tables are the Python-written ``activation_tables/*.tb`` read as
``CONFIG_T::table_t`` (for a softmax config that is the inherited ``activ_config::table_t`` =
``ac_fixed<16,8>``), then converted to ``exp_table_t``/``inv_table_t`` on read.

>>> ceillog2(1024), ceillog2(1000), floorlog2(4)
(10, 10, 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers.quartus_activation import check_table_index


def ceillog2(x: int) -> int:
    """``nnet::ceillog2`` (``nnet_helpers.h``)."""
    return 1 if x <= 2 else 1 + ceillog2((x + 1) // 2)


def floorlog2(x: int) -> int:
    return 0 if x < 2 else 1 + floorlog2(x // 2)


def reduce(xs: list[AcArray], op) -> AcArray:
    """``nnet::reduce<T, N, Op>``: balanced tree, left part ``2**floorlog2(N-1)`` elements."""
    n = len(xs)
    if n == 1:
        return xs[0]
    if n == 2:
        return op(xs[0], xs[1])
    left = 2 ** floorlog2(n - 1)
    return op(reduce(xs[:left], op), reduce(xs[left:], op))


@dataclass(frozen=True)
class SoftmaxConfig:
    n_in: int
    table_size: int
    exp_table_t: AcType
    inv_table_t: AcType
    implementation: str = "stable"


def _slice(a: AcArray, lsb: int, n: int) -> np.ndarray:
    """``x.template slc<N>(lsb)`` as an unsigned integer."""
    if lsb < 0:
        raise ValueError(f"softmax: slc<{n}>({lsb}) of {a.type}: the type is narrower than the table index")
    r = np.asarray(a.raw)
    if r.dtype == object:
        return np.array([(int(v) >> lsb) & ((1 << n) - 1) for v in r.reshape(-1)], dtype=np.int64).reshape(r.shape)
    return (r >> lsb) & ((1 << n) - 1)


def stable_idx(a: AcArray, table_size: int) -> np.ndarray:
    """``softmax_stable_idx_from_real_val``: the N bits below the sign bit; ``x != 0 && y == 0 -> 1``."""
    n = ceillog2(table_size)
    y = _slice(a, a.type.width - n - 1, n)
    return np.where((np.asarray(a.raw) != 0) & (y == 0), 1, y)


def latency_idx(a: AcArray, table_size: int) -> np.ndarray:
    """``softmax_latency_idx_from_real_val``: the top N bits (sign included)."""
    n = ceillog2(table_size)
    return _slice(a, a.type.width - n, n)


def _col(a: AcArray, i: int) -> AcArray:
    return AcArray._trusted(a.raw[:, i], a.type)


def softmax(data: AcArray, exp_table: AcArray, invert_table: AcArray, cfg: SoftmaxConfig, res_t: AcType) -> AcArray:
    """``nnet::softmax`` for the ``stable`` and ``latency`` implementations; ``data`` is (batch, n_in)."""
    et, it = cfg.exp_table_t, cfg.inv_table_t
    cols = [_col(data, i) for i in range(cfg.n_in)]
    if cfg.implementation == "stable":
        x_max = reduce(cols, lambda a, b: AcArray._trusted(np.where(np.asarray(a >= b, dtype=bool), a.raw, b.raw),
                                                            a.type))
        dt = AcType(data.type.width, data.type.integer, True, "AC_RND", "AC_SAT")
        idx = [stable_idx((c - x_max).cast(dt), cfg.table_size) for c in cols]
        index = stable_idx
    elif cfg.implementation == "latency":
        idx = [latency_idx(c, cfg.table_size) for c in cols]
        index = latency_idx
    elif cfg.implementation == "argmax":
        return softmax_argmax(data, res_t)
    elif cfg.implementation == "legacy":
        return softmax_legacy(data, exp_table, invert_table, cfg.table_size, cfg.exp_table_t, res_t)
    else:
        raise ValueError(f"softmax implementation {cfg.implementation!r} is not simulated (stable, latency, "
                         "legacy, argmax)")
    for c, i in zip(cols, idx, strict=True):
        check_table_index(i, exp_table.shape[0], c, "softmax exp_table")
    exp_res = [AcArray._trusted(exp_table.raw[i], exp_table.type).cast(et) for i in idx]
    exp_sum = reduce(exp_res, lambda a, b: (a + b).cast(et))
    j = index(exp_sum, cfg.table_size)
    check_table_index(j, invert_table.shape[0], exp_sum, "softmax invert_table")
    inv = AcArray._trusted(invert_table.raw[j], invert_table.type).cast(it)
    out = [(e * inv).cast(res_t) for e in exp_res]
    return AcArray._trusted(np.stack([o.raw for o in out], axis=1), res_t)


def softmax_argmax(data: AcArray, res_t: AcType) -> AcArray:
    """``nnet::softmax_argmax``: ``(res_T)1`` at the first largest input, ``(res_T)0`` elsewhere."""
    raw = np.asarray(data.raw)
    best = np.zeros(raw.shape[0], dtype=np.int64)
    top = _col(data, 0)
    for i in range(1, raw.shape[1]):
        c = _col(data, i)
        gt = np.asarray(c > top, dtype=bool)
        best = np.where(gt, i, best)
        top = AcArray._trusted(np.where(gt, c.raw, top.raw), data.type)
    one, zero = (AcArray.from_float(np.asarray(v), res_t).raw for v in (1.0, 0.0))
    out = np.where(np.arange(raw.shape[1])[None, :] == best[:, None], one, zero)
    return AcArray._trusted(out, res_t)


def _legacy_index(idx: np.ndarray, table_size: int) -> np.ndarray:
    return np.clip(np.asarray(idx, dtype=np.int64), 0, table_size - 1)


def softmax_legacy(data: AcArray, exp_table: AcArray, invert_table: AcArray, table_size: int, acc_t: AcType,
                   res_t: AcType, stream: bool = False) -> AcArray:
    """``nnet::softmax_legacy``: for each ``i`` a sum in ``acc_t`` of 1 (``j == i``) and
    ``exp_table_legacy[clamp(d + 8 * N / 16)]``, then ``res = invert_table_legacy[clamp((sum * N /
    64).to_int())]``. io_parallel: ``d = data_round[j] - data_round[i]`` with ``data_round = (x * N /
    16).to_int()`` and ``acc_t = exp_table_t``; io_stream (``stream``): ``d = ((x[j] - x[i]) * N /
    16).to_int()`` and the sums in ``table_t``."""
    cols = [_col(data, i) for i in range(data.shape[1])]
    rounded = [(c * table_size / 16).to_int() for c in cols]
    one = AcArray.from_float(np.zeros(data.shape[0]), acc_t)
    out = []
    for i, ci in enumerate(cols):
        acc = one
        for j, cj in enumerate(cols):
            if i == j:
                acc = (acc + 1).cast(acc_t)
                continue
            d = ((cj - ci) * table_size / 16).to_int() if stream else rounded[j] - rounded[i]
            t = AcArray._trusted(exp_table.raw[_legacy_index(d + 8 * table_size // 16, table_size)], exp_table.type)
            acc = (acc + t.cast(acc_t)).cast(acc_t)
        k = _legacy_index((acc * table_size / 64).to_int(), table_size)
        out.append(AcArray._trusted(invert_table.raw[k], invert_table.type).cast(res_t).raw)
    return AcArray._trusted(np.stack(out, axis=1), res_t)
