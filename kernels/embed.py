"""Numba kernel of the index arithmetic of hls4ml's ``nnet::embedding`` (nnet_embed.h,
nnet_embed_stream.h) on raw int64 arrays.

The header reads ``embeddings[data[j] * CONFIG_T::n_out + i]``: ``data[j] * n_out + i`` is exact
in an ``ap_fixed`` type, and its conversion to the subscript's integer goes through
``to_ap_int_base()``, which truncates toward zero (``Cnative``). With ``data[j] = r * 2**-f``::

    index(j, i) = trunc0((r * n_out + i * 2**f) / 2**f)     (f > 0)
                = (r * n_out) * 2**-f + i                     (f <= 0)

so a negative fractional input can still give an in-range index (``-0.25 * 3 + 1 -> 0``).
"""

from __future__ import annotations

import numpy as np
from fxsim.kernels._cache_lock import njit


@njit(cache=True)
def _index_one(r, frac, n_out, i):
    if frac <= 0:
        return ((r * n_out) << (-frac)) + i
    v = r * n_out + (i << frac)
    if v >= 0:
        return v >> frac
    return -((-v) >> frac)


@njit(cache=True)
def embed_index(raw, frac, n_out):
    """``(batch, n_in * n_out)`` table indices of ``raw`` ``(batch, n_in)`` (out-of-range ones are
    returned as they are; the caller reports them). Requires ``|raw| * n_out * 2**max(0, -frac)``
    and ``n_out * 2**max(0, frac)`` to fit in int62."""
    batch, n_in = raw.shape
    out = np.empty((batch, n_in * n_out), dtype=np.int64)
    for b in range(batch):
        for j in range(n_in):
            for i in range(n_out):
                out[b, j * n_out + i] = _index_one(raw[b, j], frac, n_out, i)
    return out


def embed_index_reference(raw, frac: int, n_out: int) -> np.ndarray:
    """The same with Python integers and :class:`fractions.Fraction` (any width): the obvious path."""
    import math
    from fractions import Fraction

    rows = []
    for row in np.asarray(raw).tolist():
        out = []
        for r in row:
            x = Fraction(int(r)) / Fraction(2) ** frac
            for i in range(n_out):
                out.append(math.trunc(x * n_out + i))
        rows.append(out)
    return np.array(rows, dtype=object).reshape(len(rows), -1)
