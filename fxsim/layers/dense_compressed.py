"""Twin of ``nnet_dense_compressed.h``: ``nnet::dense_compressed`` -> :func:`dense_compressed`
(COO weights, :class:`fxsim.weight_structs.CompressedWeights`); its ``ReuseLoop`` visits ->
:func:`compressed_steps`.
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.macc import as_type, div_roundup
from fxsim.layers.mult import PRODUCTS, cast_result
from fxsim.trace import Recorder
from fxsim.types import FixedType
from fxsim.weight_structs import CompressedWeights


def compressed_steps(row: np.ndarray, col: np.ndarray, n_in: int, n_out: int, n_nonzeros: int,
                     reuse_factor: int) -> list[list[tuple[int, int, int]]]:
    """``(col, row, w)`` visited by each ``ReuseLoop`` iteration of ``dense_compressed``:
    ``w = im * RF + ir`` for ``im < DIV_ROUNDUP(n_nonzeros, RF)``. ``fill_mult`` drops a column
    ``>= n_out`` (no ``k == index``); reading past ``weights`` or ``data`` is undefined: raised.

    >>> compressed_steps(np.array([0, 1, 1, 0]), np.array([0, 0, 1, 1]), 2, 2, 4, 2)
    [[(0, 0, 0), (1, 1, 2)], [(0, 1, 1), (1, 0, 3)]]
    """
    ml = div_roundup(n_nonzeros, reuse_factor)
    out = []
    for ir in range(reuse_factor):
        it = []
        for im in range(ml):
            w = im * reuse_factor + ir
            if w >= n_nonzeros or w >= len(row):
                raise ValueError(f"dense_compressed reads weights[{w}] past n_nonzeros={n_nonzeros} "
                                 f"(undefined behaviour in C++); pad to a multiple of the reuse factor")
            r, c = int(row[w]), int(col[w])
            if r >= n_in:
                raise ValueError(f"weights[{w}].row_index = {r} reads data[] out of bounds")
            if c < n_out:
                it.append((c, r, w))
        out.append(it)
    return out


@nnet_function("dense_compressed")
def dense_compressed(data: FixedArray, res_t: FixedType, cfg: Config, weights: CompressedWeights,
                     biases: FixedArray, *, stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::dense_compressed<data_T, res_T, CONFIG_T>(data, res, weights, biases)``.

    Per ``ReuseLoop`` iteration, ``mult[]`` (accum_t) starts at 0 and receives
    ``mult[col] += (accum_t) product(data[row], weight)`` in ``im`` order (accum_t's overflow at
    each step); then ``acc[j] += mult[j]`` for every ``j``. ``acc`` starts at ``(accum_t) bias``;
    the result is ``nnet::cast<data_T, res_T, CONFIG_T>(acc)``. ``product`` is ``cfg.product``
    (mult, binary, ternary; ``weight`` is a plain FixedArray).

    >>> t = FixedType.parse("ap_fixed<8,3>")
    >>> cfg = Config(n_in=2, n_out=2, reuse_factor=1, n_nonzeros=2, accum_t=FixedType.parse("ap_fixed<12,5>"))
    >>> w = CompressedWeights(np.array([1, 0]), np.array([0, 1]), FixedArray.from_float([2.0, -1.0], t))
    >>> x = FixedArray.from_float([[1.0, 0.5]], t)
    >>> dense_compressed(x, t, cfg, w, FixedArray.from_float([0.0, 0.25], t)).to_float().tolist()
    [[1.0, -0.75]]
    """
    squeeze = data.ndim == 1
    x = data.reshape(1, -1) if squeeze else data
    n_in, n_out = int(cfg.n_in), int(cfg.n_out)
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ValueError(f"data must have shape (batch, n_in={n_in}), got {data.shape}")
    product = str(cfg.get("product", "mult")).removeprefix("nnet::product::")
    fn = PRODUCTS[product][0] if product in PRODUCTS else None
    if fn is None:
        raise NotImplementedError(f"dense_compressed with nnet::product::{product} is not supported")
    wv = as_type(weights.weight, cfg.get("weight_t") if isinstance(cfg.get("weight_t"), FixedType) else None,
                  stats=stats)
    b = as_type(biases.reshape(-1), cfg.get("bias_t"), stats=stats)
    if b.size != n_out:
        raise ValueError(f"expected {n_out} biases, got {b.size}")
    n_nz = int(cfg.get("n_nonzeros", weights.size))
    rf = int(cfg.get("reuse_factor", 1))
    accum_t = cfg.accum_t
    batch = x.shape[0]
    acc = [b[j].cast(accum_t, kind="bias", stats=stats) for j in range(n_out)]
    zero = FixedArray(np.zeros((), dtype=np.int64), accum_t)
    for it in compressed_steps(weights.row, weights.col, n_in, n_out, n_nz, rf):
        mult = [zero] * n_out
        for c, r, w in it:
            m = fn(x[:, r], wv[w], stats=stats).cast(accum_t, kind="product", stats=stats)
            mult[c] = (mult[c] + m).cast(accum_t, kind="accumulate", stats=stats)
        acc = [(acc[j] + mult[j]).cast(accum_t, kind="accumulate", stats=stats) for j in range(n_out)]
    raw = np.stack([np.broadcast_to(a.raw, (batch,)) for a in acc], axis=1) if acc else \
        np.zeros((batch, 0), dtype=np.int64)
    res = cast_result(FixedArray(raw, accum_t), x.type, res_t, cfg, wv.type, stats=stats)
    return res.reshape(-1) if squeeze else res
