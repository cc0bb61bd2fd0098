"""Numba kernel of ``nnet_activation.h``'s ``softmax_latency`` / ``softmax_stable`` (the fast path).

One pass per row does what the reference twins in ``fxsim.layers.softmax`` do with array
operations (they are the obvious path, and both are tested against each other and the headers)::

    stable:  d[i] = (inp_norm_t)(x_max - x[i]);  index = top bits of d[i]
    latency: index = top bits of x[i]
    exp_res[i] = (accum_t) exp_table[index]                      // table pre-cast to accum_t
    exp_sum = reduce<accum_t, Op_add>(exp_res)                   // the header's balanced tree
    inv = inv_table[top bits of (inv_inp_t) exp_sum]
    res[i] = (res_T)(exp_res[i] * inv)

Each ``(T) v`` is :func:`fxsim.kernels.quantize.cast_row` with the parameters
``fxsim.conversion.kernel_cast`` gives (``cast_*`` arguments: shift, width, signed, rounding,
overflow). The tree is a post-order schedule: node ``k`` adds slots ``node_a[k]`` and
``node_b[k]`` into slot ``n + k`` (slots ``0..n-1`` are the leaves). An index past a table's end
(a non power-of-two table: the C++ reads past the array) is reported in the second result, and
the caller takes the reference path, which raises the error.
"""

from __future__ import annotations

import numba as nb
import numpy as np
from fxsim.kernels import small
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.dense import gather_into
from fxsim.kernels.quantize import cast_row

#: Rows per block: the vector axis of every step.
BLOCK = 64
#: Blocks per parallel task (its scratch rows are allocated once).
TASK = 8


def softmax_rows(*args):
    """:func:`softmax_rows_kernel` (same arguments), or for batches of fewer than ``small.ROWS`` rows
    its NumPy twin :func:`fxsim.kernels.small.softmax_rows` (nothing to compile)."""
    if small.use_rows(args[0].shape[0]):
        res = small.softmax_rows(*args)
        if res is not None:
            return res
    return softmax_rows_kernel(*args)


@njit(cache=True, parallel=True, error_model="numpy")
def softmax_rows_kernel(x, stable, d_sh, d_w, d_s, d_q, d_o, exp_sh, exp_mask, exp_table, node_a, node_b,
                 sum_sh, sum_w, sum_s, sum_q, sum_o, inv_sh_c, inv_w, inv_s, inv_q, inv_o, inv_idx_sh, inv_mask,
                 inv_table, res_sh, res_w, res_s, res_q, res_o):
    """Softmax of every row of ``x`` (batch, n) int64 raws; returns (res raws, number of bad indices).

    Rows run in blocks of :data:`BLOCK`, transposed so that each step above is one loop over the
    block's rows (casts by :func:`~fxsim.kernels.quantize.cast_row`, SIMD for the common modes)."""
    batch, n = x.shape
    n_nodes = node_a.shape[0]
    out = np.empty((batch, n), dtype=np.int64)
    n_blocks = (batch + BLOCK - 1) // BLOCK
    bad = np.zeros(n_blocks, dtype=np.int64)
    n_exp = exp_table.shape[0]
    n_inv = inv_table.shape[0]
    for task in nb.prange((n_blocks + TASK - 1) // TASK):  # scratch allocated once per task
        xt = np.empty((n, BLOCK), dtype=np.int64)
        slots = np.empty((n + n_nodes, BLOCK), dtype=np.int64)
        flags = np.empty(BLOCK, dtype=np.int64)
        x_max = np.empty(BLOCK, dtype=np.int64)
        inv = np.empty(BLOCK, dtype=np.int64)
        r = np.empty(BLOCK, dtype=np.int64)
        for c in range(task * TASK, min(n_blocks, task * TASK + TASK)):
            b0 = c * BLOCK
            nb_ = min(batch, b0 + BLOCK) - b0
            gather_into(x, b0, nb_, xt)
            flags[:] = 0
            x_max[:] = xt[0]
            for i in range(1, n):
                xi = xt[i]
                for b in range(BLOCK):
                    x_max[b] = max(x_max[b], xi[b])
            for i in range(n):
                e = slots[i]
                xi = xt[i]
                if stable:
                    for b in range(BLOCK):
                        e[b] = x_max[b] - xi[b]
                    cast_row(e, d_sh, d_w, d_s, d_q, d_o)
                else:
                    for b in range(BLOCK):
                        e[b] = xi[b]
                for b in range(BLOCK):
                    idx = (e[b] >> exp_sh) & exp_mask
                    over = idx >= n_exp
                    flags[b] += over
                    e[b] = exp_table[0 if over else idx]
            for k in range(n_nodes):
                s, sa, sb = slots[n + k], slots[node_a[k]], slots[node_b[k]]
                for b in range(BLOCK):
                    s[b] = sa[b] + sb[b]
                cast_row(s, sum_sh, sum_w, sum_s, sum_q, sum_o)
            inv[:] = slots[n + n_nodes - 1] if n_nodes else slots[0]
            cast_row(inv, inv_sh_c, inv_w, inv_s, inv_q, inv_o)
            for b in range(BLOCK):
                iidx = (inv[b] >> inv_idx_sh) & inv_mask
                over = iidx >= n_inv
                flags[b] += over
                inv[b] = inv_table[0 if over else iidx]
            for i in range(n):
                e = slots[i]
                for b in range(BLOCK):
                    r[b] = e[b] * inv[b]
                cast_row(r, res_sh, res_w, res_s, res_q, res_o)
                for b in range(nb_):
                    out[b0 + b, i] = r[b]
            bad[c] = flags[:nb_].sum()  # the padding rows (zeros) are not the caller's
    return out, bad.sum()
