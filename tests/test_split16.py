"""The int16 product-half sums of the ordered (Resource) kernel's saturation-free rows
(kernels/split16.py) against their plain reference loop and exact Python-integer sums."""

from __future__ import annotations

import numpy as np
import pytest
from fxsim.kernels._cache_lock import njit
from fxsim.kernels.split16 import ROW, max_steps, split16_step, split16_step_reference, split16_total


@njit(cache=True)
def _row_sum(rows, ws, s, reference):
    """``sum_k (rows[k] * ws[k]) >> s`` over the rows by split16_step (or its reference)."""
    hi = np.zeros(ROW, np.int16)
    lo = np.zeros(ROW, np.int16)
    for k in range(rows.shape[0]):
        if reference:
            split16_step_reference(hi, lo, rows[k], ws[k], s)
        else:
            split16_step(hi, lo, rows[k], ws[k], s)
    out = np.zeros(ROW, np.int64)
    split16_total(out, hi, lo, s)
    return hi, lo, out


@pytest.mark.parametrize("s", range(1, 16))
def test_split16_matches_reference_and_exact_sums(s: int) -> None:
    """Full-range rows and weights: the halves equal the reference's (modulo 2**16); weights small
    enough that every row sum lies within [-2**(31-s), 2**(31-s)): the totals are the exact sums."""
    rng = np.random.default_rng(s)
    for n in sorted({1, min(7, max_steps(s)), min(max_steps(s), 300)}):  # within the low sums' limit
        rows = rng.integers(-(1 << 15), 1 << 15, (n, ROW)).astype(np.int16)
        rows[0, :4] = (-(1 << 15), (1 << 15) - 1, 0, -1)  # the int16 extremes
        ws = rng.integers(-(1 << 15), 1 << 15, n).astype(np.int64)
        ws[0] = -(1 << 15)
        hi, lo, _ = _row_sum(rows, ws, s, False)
        hi_r, lo_r, _ = _row_sum(rows, ws, s, True)
        assert (hi == hi_r).all() and (lo == lo_r).all()
        wmax = min((1 << 16) // n, 1 << 15)  # n * 2**15 * wmax <= 2**31: every sum of (x*w) >> s fits
        ws = rng.integers(-wmax, wmax, n).astype(np.int64)
        ws[0] = -wmax
        _, _, got = _row_sum(rows, ws, s, False)
        exact = [sum((int(rows[k, b]) * int(ws[k])) >> s for k in range(n)) for b in range(ROW)]
        assert all(-(1 << (31 - s)) <= v < (1 << (31 - s)) for v in exact)
        assert [int(v) for v in got] == exact


def test_max_steps_keeps_low_sums_in_uint16() -> None:
    for s in range(1, 16):
        assert max_steps(s) * ((1 << (16 - s)) - 1) < (1 << 16) <= (max_steps(s) + 1) * ((1 << (16 - s)) - 1)
