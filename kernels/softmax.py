"""Numba kernel of ``nnet_activation.h``'s ``softmax_latency`` / ``softmax_stable`` (the fast path).

One pass per row does what the reference twins in ``fxsim.layers.softmax`` do with array
operations (they are the obvious path, and both are tested against each other and the headers)::

    stable:  d[i] = (inp_norm_t)(x_max - x[i]);  index = top bits of d[i]
    latency: index = top bits of x[i]
    exp_res[i] = (accum_t) exp_table[index]                      // table pre-cast to accum_t
    exp_sum = reduce<accum_t, Op_add>(exp_res)                   // the header's balanced tree
    inv = inv_table[top bits of (inv_inp_t) exp_sum]
    res[i] = (res_T)(exp_res[i] * inv)

Each ``(T) v`` is :func:`fxsim.kernels.quantize.cast_one` with the parameters
``fxsim.conversion.kernel_cast`` gives (``cast_*`` arguments: shift, width, signed, rounding,
overflow). The tree is a post-order schedule: node ``k`` adds slots ``node_a[k]`` and
``node_b[k]`` into slot ``n + k`` (slots ``0..n-1`` are the leaves). An index past a table's end
(a non power-of-two table: the C++ reads past the array) is reported in the second result, and
the caller takes the reference path, which raises the error.
"""

from __future__ import annotations

import numba as nb
import numpy as np
from fxsim.kernels.quantize import cast_one

#: Rows per parallel task (one scratch buffer each).
ROWS = 256


@nb.njit(cache=True, parallel=True)
def softmax_rows(x, stable, d_sh, d_w, d_s, d_q, d_o, exp_sh, exp_mask, exp_table, node_a, node_b,
                 sum_sh, sum_w, sum_s, sum_q, sum_o, inv_sh_c, inv_w, inv_s, inv_q, inv_o, inv_idx_sh, inv_mask,
                 inv_table, res_sh, res_w, res_s, res_q, res_o):
    """Softmax of every row of ``x`` (batch, n) int64 raws; returns (res raws, number of bad indices)."""
    batch, n = x.shape
    n_nodes = node_a.shape[0]
    out = np.empty((batch, n), dtype=np.int64)
    bad = np.zeros(batch, dtype=np.int64)
    n_exp = exp_table.shape[0]
    n_inv = inv_table.shape[0]
    for c in nb.prange((batch + ROWS - 1) // ROWS):
        slots = np.empty(n + n_nodes, dtype=np.int64)
        for b in range(c * ROWS, min(batch, (c + 1) * ROWS)):
            x_max = x[b, 0]
            for i in range(1, n):
                x_max = max(x_max, x[b, i])
            for i in range(n):
                if stable:
                    v = cast_one(x_max - x[b, i], d_sh, d_w, d_s, d_q, d_o)
                else:
                    v = x[b, i]
                idx = (v >> exp_sh) & exp_mask
                if idx >= n_exp:
                    bad[b] += 1
                    idx = 0
                slots[i] = exp_table[idx]
            for k in range(n_nodes):
                slots[n + k] = cast_one(slots[node_a[k]] + slots[node_b[k]], sum_sh, sum_w, sum_s, sum_q, sum_o)
            total = slots[n + n_nodes - 1] if n_nodes else slots[0]
            iv = cast_one(total, inv_sh_c, inv_w, inv_s, inv_q, inv_o)
            iidx = (iv >> inv_idx_sh) & inv_mask
            if iidx >= n_inv:
                bad[b] += 1
                iidx = 0
            inv = inv_table[iidx]
            for i in range(n):
                out[b, i] = cast_one(slots[i] * inv, res_sh, res_w, res_s, res_q, res_o)
    return out, bad.sum()
