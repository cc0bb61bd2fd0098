"""The Numba fast paths of quantize/cast against the reference transliteration (fxsim/reference.py).

Both are also checked against the compiled headers (test_core_conversion.py); this module drives many
more types and shifts cheaply, including the kernels' boundaries (|shift| = 62, 63, 64; widths 61-62).
"""

from __future__ import annotations

import numpy as np
from fxsim.kernels import quantize as kq
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim.conversion import cast, cast_reference, quantize, quantize_reference
from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType

fast_types = st.builds(
    lambda w, i, s, q, o: FixedType(w, i, s or o == "AP_WRAP_SM", q, o),
    st.integers(1, 62), st.integers(-70, 130), st.booleans(), st.sampled_from(ROUNDING_MODES),
    st.sampled_from([m for m in OVERFLOW_MODES if m != "AP_WRAP_SM"]),
)
doubles = st.lists(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(fast_types, doubles)
def test_quantize_fast_equals_reference(t: FixedType, xs: list[float]) -> None:
    x = np.array(xs)
    assert np.array_equal(quantize(x, t), quantize_reference(x, t).astype(np.int64))


@settings(max_examples=300, deadline=None)
@given(fast_types, fast_types, st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=40))
def test_cast_fast_equals_reference(src: FixedType, dst: FixedType, ints: list[int]) -> None:
    src = src.with_(rounding="AP_TRN", overflow="AP_WRAP")
    raw = np.array([((v - src.min_raw) % (1 << src.width)) + src.min_raw for v in ints], dtype=np.int64)
    assert np.array_equal(cast(raw, src, dst), cast_reference(raw, src, dst).astype(np.int64))


def test_cast_at_the_kernels_shift_limits() -> None:
    raw = np.array([0, 1, -1, 5, -5, 2**40, -(2**40)], dtype=np.int64)
    for shift in (-64, -63, -62, 62, 63, 64):
        src = FixedType(48, 48 - 10)
        for o in ("AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM"):
            dst = FixedType(8, 8 - (10 - shift), True, "AP_RND_CONV", o)
            assert np.array_equal(cast(raw, src, dst), cast_reference(raw, src, dst).astype(np.int64)), (shift, o)


@settings(max_examples=10, deadline=None)
@given(fast_types, fast_types, st.lists(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
                                        min_size=1, max_size=40))
def test_long_arrays_take_the_parallel_kernels_and_agree(t: FixedType, dst: FixedType, xs: list[float]) -> None:
    """Arrays of at least ``PARALLEL_MIN`` elements run the ``prange`` twins of the bulk kernels:
    the same bits as the reference path on the distinct values (tiled to that length)."""
    x = np.resize(np.array(xs), kq.PARALLEL_MIN + 3)
    raw = quantize(x, t)
    assert np.array_equal(raw, np.resize(quantize_reference(np.array(xs), t).astype(np.int64), x.size))
    src = t.with_(rounding="AP_TRN", overflow="AP_WRAP")
    want = cast_reference(raw[:len(xs)], src, dst).astype(np.int64)
    assert np.array_equal(cast(raw, src, dst), np.resize(want, x.size))
