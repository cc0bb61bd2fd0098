"""Einsum and EinsumDense: twins of ``nnet_einsum.h`` (``nnet::einsum``) and ``nnet_einsum_dense.h``
(``nnet::einsum_dense``: the weight-kernel overload, and the ``distributed_arithmetic`` overload,
which calls the generated ``CONFIG_T::da_kernel`` of ``nnet_code_gen.h`` for every row ``l0``,
adds the biases in ``accum_t`` and transposes to ``res_T``; the network binds ``da_kernel`` to a
:class:`fxsim.layers.codegen.DAKernel`).

Both transpose their inputs with ``nnet::transpose`` (:func:`fxsim.layers.reshape.transpose`),
compute ``I`` independent ``(L0 x C) @ (C x L1)`` products and transpose the ``res_T`` result back.

* ``einsum``: ``accum_buf = 0; accum_buf += product(a, b)`` over ``c`` (each sum stored into
  ``accum_t``, the exact product added), then ``res_T = accum_buf``;
* ``einsum_dense``: ``nnet::dense<data_T, res_T, dense_conf>`` on each ``(i, l0)`` row with the
  ``i``-th kernel slice ``weights[i * L1 * C:]`` and bias ``biases[(i * L0 + l0) * L1:]``: the dense
  twin, so schedules, reuse factors and execution paths are the dense layer's.

>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> t = FixedType.parse("ap_fixed<8,4>")
>>> ident = lambda n: Config(dims=1, N=n, to_shape=(n,), perm_strides=(1,))
>>> cfg = Config(n_free0=1, n_free1=1, n_contract=2, n_inplace=1, accum_t=FixedType.parse("ap_fixed<12,6>"),
...              tpose_inp0_config=ident(2), tpose_inp1_config=ident(2), tpose_out_conf=ident(1), product="mult")
>>> a, b = FixedArray.from_float([[1.5, 2.0]], t), FixedArray.from_float([[2.0, -0.5]], t)
>>> einsum(a, b, t, cfg).to_float().tolist()
[[2.0]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.dense import dense
from fxsim.layers.mult import PRODUCTS
from fxsim.layers.reshape import transpose
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = ["einsum", "einsum_dense"]


def _batch2(a: FixedArray) -> FixedArray:
    return a.reshape(1, -1) if a.ndim == 1 else a


@nnet_function("einsum")
def einsum(data0: FixedArray, data1: FixedArray, res_t: FixedType, cfg: Config, *,
           stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::einsum<data0_T, data1_T, res_T, CONFIG_T>(data0, data1, res)``;
    data (batch, N0) and (batch, N1), returns (batch, N_out) of ``res_t``."""
    x0 = transpose(_batch2(data0), data0.type, cfg.tpose_inp0_config, stats=stats)
    x1 = transpose(_batch2(data1), data1.type, cfg.tpose_inp1_config, stats=stats)
    l0, l1, c, n_i = (int(cfg.n_free0), int(cfg.n_free1), int(cfg.n_contract), int(cfg.n_inplace))
    prod = PRODUCTS[str(cfg.get("product", "mult")).split("::")[-1]][0]
    accum_t: FixedType = cfg.accum_t
    batch = x0.shape[0]
    a = x0.reshape(batch, n_i, l0, 1, c)
    b = x1.reshape(batch, n_i, 1, l1, c)
    acc = FixedArray(np.zeros((batch, n_i, l0, l1), dtype=np.int64), accum_t)
    for k in range(c):
        acc = (acc + prod(a[..., k], b[..., k], stats=stats)).cast(accum_t, stats=stats)
    out = acc.cast(res_t, stats=stats).reshape(batch, n_i * l0 * l1)
    return transpose(out, res_t, cfg.tpose_out_conf, stats=stats)


@nnet_function("einsum_dense")
def einsum_dense(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
                 biases: FixedArray | None = None, *, path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::einsum_dense<data_T, res_T, CONFIG_T>(data, res, weights, biases)`` (and of
    ``(data, res, biases)`` when ``CONFIG_T::strategy`` is ``distributed_arithmetic``: then
    ``weights`` holds the biases); data (batch, L0 * C * I), returns (batch, L0 * L1 * I) of ``res_t``."""
    x = transpose(_batch2(data), data.type, cfg.tpose_inp_conf, stats=stats)
    l0, l1, c, n_i = (int(cfg.n_free_data), int(cfg.n_free_kernel), int(cfg.n_contract), int(cfg.n_inplace))
    if str(cfg.get("strategy", "")).split("::")[-1] == "distributed_arithmetic":
        kernel = cfg.get("da_kernel")
        if biases is not None or not hasattr(kernel, "run"):
            raise ValueError(f"{cfg.name}: distributed_arithmetic einsum_dense needs (data, res, biases) and a "
                             f"generated da_kernel (got {kernel!r})")
        acc = kernel.run(x, cfg.accum_t, l0, l0 * l1 * n_i, stats=stats)
        # out_tpose[ii] = out_tpose[ii] + biases[ii]
        acc = (acc + weights.reshape(1, -1)).cast(cfg.accum_t, stats=stats)
        return transpose(acc, res_t, cfg.tpose_out_conf, stats=stats)
    w, b = weights.reshape(-1), biases.reshape(-1)
    batch = x.shape[0]
    rows = x.reshape(batch, n_i * l0, c)
    parts = []
    for i in range(n_i):
        for j in range(l0):
            r = i * l0 + j
            parts.append(dense(rows[:, r, :], res_t, cfg.dense_conf, w[i * l1 * c:(i + 1) * l1 * c],
                               b[r * l1:(r + 1) * l1], path=path, stats=stats).raw)
    out = FixedArray(np.concatenate(parts, axis=1), res_t)
    return transpose(out, res_t, cfg.tpose_out_conf, stats=stats)
