"""Twin of hls4ml's Catapult ``nnet_utils/nnet_dense_latency.h`` (``templates/catapult``) on ac types:
``dense_latency`` (the Vivado algorithm): ``mult[ii*n_out + jj] = (accum_t)(data[ii] * w[ii*n_out + jj])``,
accumulators start at ``(accum_t) bias``, ``acc[jj] += mult[...]`` in ``ii``-major order (every ``+=``
re-quantised into ``accum_t``), then ``(res_T) acc``. Weights in Keras layout (not transposed).

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[0.5, -1.0]]), t)
>>> w, b = AcArray.from_float([0.25, 2.0], t), AcArray.from_float([1.0], t)
>>> dense_latency(x, w, b, 2, 1, t, t).to_float().tolist()
[[-0.875]]
"""

from __future__ import annotations

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


def dense_latency(data: AcArray, weights: AcArray, biases: AcArray, n_in: int, n_out: int, accum_t: AcType,
                  res_t: AcType) -> AcArray:
    """``nnet::dense_latency``; ``data`` is (batch, n_in); returns (batch, n_out) of ``res_t``."""
    n = data.shape[0]
    acc = [AcArray._trusted(np.broadcast_to(biases[j].cast(accum_t).raw, (n,)).copy(), accum_t) for j in range(n_out)]
    for i in range(n_in):
        x = AcArray._trusted(data.raw[:, i], data.type)
        for j in range(n_out):
            acc[j] = (acc[j] + (x * weights[i * n_out + j]).cast(accum_t)).cast(accum_t)
    return AcArray._trusted(np.stack([a.cast(res_t).raw for a in acc], axis=1), res_t)
