"""Twin of hls4ml's Catapult ``nnet_utils/nnet_dense_latency.h`` and ``nnet_dense_resource.h``
(``templates/catapult``) on ac types.

``dense_latency`` (the Vivado algorithm): ``mult[ii*n_out + jj] = (accum_t)(data[ii] * w[ii*n_out + jj])``,
accumulators start at ``(accum_t) bias``, ``acc[jj] += mult[...]`` in ``ii``-major order (every ``+=``
re-quantised into ``accum_t``), then ``(res_T) acc``. Weights in Keras layout (not transposed).

``dense_resource``: weights stored transposed (``[n_out][n_in]``, hls4ml's ``ApplyResourceStrategy``);
the products are cast to ``accum_t`` as above but added in the order of the header's reuse loop
(``dense_resource_rf_leq_nin`` and ``dense_resource_rf_gt_nin_rem0``: the Vivado templates' loops,
unchanged in the Catapult port, so their schedules come from :mod:`fxsim.layers.dense`).
``dense_resource_rf_gt_nin`` (``reuse_factor > n_in``, not a multiple) first sums partial products per
output in ``mult[]``: simulated only for a wrapping ``accum_t``, where the grouping cannot change the bits.

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[0.5, -1.0]]), t)
>>> w, b = AcArray.from_float([0.25, 2.0], t), AcArray.from_float([1.0], t)
>>> dense_latency(x, w, b, 2, 1, t, t).to_float().tolist()
[[-0.875]]
>>> dense_resource(x, w, b, 2, 1, 2, t, t).to_float().tolist()
[[-0.875]]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers.dense_resource import schedule_dense_resource_rf_gt_nin_rem0, schedule_dense_resource_rf_leq_nin


def _accumulate(data: AcArray, weights: AcArray, biases: AcArray, order_in: np.ndarray, order_w: np.ndarray,
                accum_t: AcType, res_t: AcType) -> AcArray:
    """``acc[j] = bias[j]``, then ``acc[j] += (accum_t)(data[order_in[j, k]] * w[order_w[j, k]])`` for
    k = 0, 1, ... (every ``+=`` assigned to ``accum_t``), then ``(res_T) acc``."""
    n = data.shape[0]
    n_out = order_in.shape[0]
    acc = AcArray._trusted(np.broadcast_to(biases.cast(accum_t).raw, (n, n_out)).copy(), accum_t)
    raw_x, raw_w = np.asarray(data.raw), np.asarray(weights.raw)
    for k in range(order_in.shape[1]):
        x = AcArray._trusted(raw_x[:, order_in[:, k]], data.type)
        w = AcArray._trusted(raw_w[order_w[:, k]], weights.type)
        acc = (acc + (x * w).cast(accum_t)).cast(accum_t)
    return acc.cast(res_t)


def dense_latency(data: AcArray, weights: AcArray, biases: AcArray, n_in: int, n_out: int, accum_t: AcType,
                  res_t: AcType) -> AcArray:
    """``nnet::dense_latency``; ``data`` is (batch, n_in); returns (batch, n_out) of ``res_t``."""
    ii = np.broadcast_to(np.arange(n_in), (n_out, n_in))
    return _accumulate(data, weights, biases, ii, ii * n_out + np.arange(n_out)[:, None], accum_t, res_t)


def dense_resource(data: AcArray, weights: AcArray, biases: AcArray, n_in: int, n_out: int, reuse_factor: int,
                   accum_t: AcType, res_t: AcType) -> AcArray:
    """``nnet::dense_resource``; ``weights`` as stored (transposed); returns (batch, n_out) of ``res_t``."""
    if reuse_factor > n_in and reuse_factor % n_in:
        if accum_t.overflow != "AC_WRAP":
            raise ValueError(f"dense_resource_rf_gt_nin with a saturating accum_t ({accum_t}) is not simulated")
        steps = [(j, i, j * n_in + i) for j in range(n_out) for i in range(n_in)]
    else:  # the Vivado template's loops, which the Catapult port keeps unchanged
        sched = (schedule_dense_resource_rf_leq_nin(n_in, n_out, reuse_factor) if reuse_factor <= n_in
                 else schedule_dense_resource_rf_gt_nin_rem0(n_in, n_out, reuse_factor))
        steps = list(zip(sched.out.tolist(), sched.inp.tolist(), sched.w.tolist(), strict=True))
    per_out: list[list[tuple[int, int]]] = [[] for _ in range(n_out)]
    for o, i, w in steps:
        per_out[o].append((i, w))
    if any(len(p) != n_in for p in per_out):
        raise ValueError(f"reuse factor {reuse_factor} does not visit every weight once (n_in {n_in}, n_out {n_out})")
    order = np.array(per_out)  # (n_out, n_in, 2)
    return _accumulate(data, weights, biases, order[:, :, 0], order[:, :, 1], accum_t, res_t)
