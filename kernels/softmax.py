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

:func:`softmax_block` is one block of rows in the kernel's layout; ``fxsim.kernels.chain`` runs it
on the last stage's rows (a softmax fused into a chain), :func:`softmax_rows_kernel` on a batch.
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

#: The scalar arguments of :func:`softmax_rows` after ``x``, in order, as :func:`softmax_block`
#: reads them from one int64 vector (:func:`pack_params`); the four tables are separate.
SCALARS = ("stable", "d_sh", "d_w", "d_s", "d_q", "d_o", "exp_sh", "exp_mask", "sum_sh", "sum_w", "sum_s",
           "sum_q", "sum_o", "inv_sh", "inv_w", "inv_s", "inv_q", "inv_o", "inv_idx_sh", "inv_mask",
           "res_sh", "res_w", "res_s", "res_q", "res_o")
(STABLE, D_SH, D_W, D_S, D_Q, D_O, EXP_SH, EXP_MASK, SUM_SH, SUM_W, SUM_S, SUM_Q, SUM_O, INV_SH, INV_W, INV_S,
 INV_Q, INV_O, INV_IDX_SH, INV_MASK, RES_SH, RES_W, RES_S, RES_Q, RES_O) = range(len(SCALARS))


def pack_params(args: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(scalars, exp_table, node_a, node_b, inv_table)`` of :func:`softmax_rows`' arguments after
    ``x``: the scalars (:data:`SCALARS`) as one int64 vector, the tables as int64 arrays."""
    (stable, d_sh, d_w, d_s, d_q, d_o, exp_sh, exp_mask, exp_table, node_a, node_b, sum_sh, sum_w, sum_s, sum_q,
     sum_o, inv_sh, inv_w, inv_s, inv_q, inv_o, inv_idx_sh, inv_mask, inv_table, res_sh, res_w, res_s, res_q,
     res_o) = args
    sp = np.array([stable, d_sh, d_w, d_s, d_q, d_o, exp_sh, exp_mask, sum_sh, sum_w, sum_s, sum_q, sum_o,
                   inv_sh, inv_w, inv_s, inv_q, inv_o, inv_idx_sh, inv_mask, res_sh, res_w, res_s, res_q, res_o],
                  dtype=np.int64)
    return (sp, *(np.ascontiguousarray(a, dtype=np.int64) for a in (exp_table, node_a, node_b, inv_table)))


def softmax_rows(*args):
    """:func:`softmax_rows_kernel` (the arguments of :func:`fxsim.kernels.small.softmax_rows`), or
    for batches of fewer than ``small.ROWS`` rows that NumPy twin (nothing to compile)."""
    if small.use_rows(args[0].shape[0]):
        res = small.softmax_rows(*args)
        if res is not None:
            return res
    return softmax_rows_kernel(np.ascontiguousarray(args[0], dtype=np.int64), *pack_params(args[1:]))


@njit(cache=True, inline="always")
def block_scratch(n: int, n_nodes: int):
    """``(xt, res, slots, flags, x_max, inv)``: the rows of :func:`softmax_block` for ``n`` values
    and ``n_nodes`` tree nodes (int64)."""
    i64 = np.int64
    return (np.empty((n, BLOCK), dtype=i64), np.empty((n, BLOCK), dtype=i64), np.empty((n + n_nodes, BLOCK), dtype=i64),
            np.empty(BLOCK, dtype=i64), np.empty(BLOCK, dtype=i64), np.empty(BLOCK, dtype=i64))


@njit(cache=True, inline="always")
def lookup_row(e, table, sh: int, mask: int, flags) -> None:
    """``e[b] = table[(e[b] >> sh) & mask]``, counting in ``flags[b]`` an index past the table's end
    (which reads entry 0 here; the caller then takes the reference path)."""
    n_tab = table.shape[0]
    for b in range(BLOCK):
        idx = (e[b] >> sh) & mask
        over = idx >= n_tab
        flags[b] += over
        e[b] = table[0 if over else idx]


@njit(cache=True)  # not inlined: compiled once for the row kernel and every chain kernel
def softmax_block(xt, res, sp, exp_table, node_a, node_b, inv_table, slots, flags, x_max, inv) -> None:
    """Softmax of one block: ``xt`` (n, BLOCK) int64 raws, one row per value -> ``res`` (n, BLOCK),
    adding to ``flags`` (BLOCK) the indices past a table's end. ``sp``: the scalars (:data:`SCALARS`);
    ``slots`` (>= n + n_nodes, BLOCK), ``x_max`` and ``inv`` (BLOCK) int64 scratch."""
    n = xt.shape[0]
    n_nodes = node_a.shape[0]
    exp_sh, exp_mask = sp[EXP_SH], sp[EXP_MASK]
    x_max[:] = xt[0]
    for i in range(1, n):
        xi = xt[i]
        for b in range(BLOCK):
            x_max[b] = max(x_max[b], xi[b])
    for i in range(n):
        e = slots[i]
        xi = xt[i]
        if sp[STABLE]:
            for b in range(BLOCK):
                e[b] = x_max[b] - xi[b]
            cast_row(e, sp[D_SH], sp[D_W], sp[D_S] != 0, sp[D_Q], sp[D_O])
        else:
            for b in range(BLOCK):
                e[b] = xi[b]
        lookup_row(e, exp_table, exp_sh, exp_mask, flags)
    for k in range(n_nodes):
        s, sa, sb = slots[n + k], slots[node_a[k]], slots[node_b[k]]
        for b in range(BLOCK):
            s[b] = sa[b] + sb[b]
        cast_row(s, sp[SUM_SH], sp[SUM_W], sp[SUM_S] != 0, sp[SUM_Q], sp[SUM_O])
    inv[:] = slots[n + n_nodes - 1] if n_nodes else slots[0]
    cast_row(inv, sp[INV_SH], sp[INV_W], sp[INV_S] != 0, sp[INV_Q], sp[INV_O])
    lookup_row(inv, inv_table, sp[INV_IDX_SH], sp[INV_MASK], flags)
    for i in range(n):
        e, r = slots[i], res[i]
        for b in range(BLOCK):
            r[b] = e[b] * inv[b]
        cast_row(r, sp[RES_SH], sp[RES_W], sp[RES_S] != 0, sp[RES_Q], sp[RES_O])


@njit(cache=True, parallel=True, error_model="numpy")
def softmax_rows_kernel(x, sp, exp_table, node_a, node_b, inv_table):
    """Softmax of every row of ``x`` (batch, n) int64 raws (the rest: :func:`pack_params`); returns
    (res raws, number of bad indices).

    Rows run in blocks of :data:`BLOCK`, transposed so that each step is one loop over the block's
    rows (:func:`softmax_block`; casts by :func:`~fxsim.kernels.quantize.cast_row`, SIMD for the
    common modes)."""
    batch, n = x.shape
    n_nodes = node_a.shape[0]
    out = np.empty((batch, n), dtype=np.int64)
    n_blocks = (batch + BLOCK - 1) // BLOCK
    bad = np.zeros(n_blocks, dtype=np.int64)
    for task in nb.prange((n_blocks + TASK - 1) // TASK):  # scratch allocated once per task
        xt, res, slots, flags, x_max, inv = block_scratch(n, n_nodes)
        for c in range(task * TASK, min(n_blocks, task * TASK + TASK)):
            b0 = c * BLOCK
            nb_ = min(batch, b0 + BLOCK) - b0
            gather_into(x, b0, nb_, xt)
            flags[:] = 0
            softmax_block(xt, res, sp, exp_table, node_a, node_b, inv_table, slots, flags, x_max, inv)
            for b in range(nb_):
                for i in range(n):
                    out[b0 + b, i] = res[i, b]
            bad[c] = flags[:nb_].sum()  # the padding rows (zeros) are not the caller's
    return out, bad.sum()
