"""Numba kernel of hls4ml's ``nnet::normalize`` (nnet_batchnorm.h) on raw int64 arrays.

Per element, as the header computes ``res[i] = product(data[i], scale[k]) + bias[k]``::

    p = product(a, s)                         // exact (codes of fxsim.kernels.dense)
    v = p * 2**sh_p + b * 2**sh_b             // exact sum, aligned to the plus type's fraction
    res = (res_T) v                           // rounding + overflow of res_T (cast_one)
"""

from __future__ import annotations

import numba as nb
import numpy as np
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.dense import product_one
from fxsim.kernels.quantize import cast_one


@njit(cache=True, parallel=True)
def normalize(x, scale, bias, kind, w_minus_one, one, sh_p, sh_b, sh_res, res_w, res_s, q, o):
    """x: (batch, n) int64; scale, bias: (n,) raws already indexed per element (``norm_index``).

    Requires the plus type to hold every value in int64 and res_w <= 62.
    """
    batch, n = x.shape
    out = np.empty((batch, n), dtype=np.int64)
    for b in nb.prange(batch):
        for i in range(n):
            p = product_one(kind, x[b, i], scale[i], w_minus_one, one)
            v = (p << sh_p) + (bias[i] << sh_b)
            out[b, i] = cast_one(v, sh_res, res_w, res_s, q, o)
    return out
