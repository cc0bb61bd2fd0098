"""The NumPy small-batch twins (``fxsim.kernels.small``) and the Numba kernels give the same bits.

Most tests in this suite run small batches, so by default they exercise the NumPy twins (what a
user's ``fxsim verify`` of a few thousand events runs, with nothing to compile). Here the same
checks run with the twins turned off (``small.ROWS = small.ELEMENTS = 0``), so the Numba kernels
are compared with the reference path and the headers on the same cases, and the two paths are
compared with each other on the shipped project and random chains.
"""

from __future__ import annotations

import numpy as np
import pytest
import test_core_fast_vs_reference as core
import test_fast_paths
import test_fusion
import test_layer_softmax
from fxsim.kernels import small
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim.conversion import cast, quantize, quantize_reference
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.types import FixedType
from fxsim.verify import default_reference, verify


@pytest.fixture
def kernels_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kernel entry point runs its Numba kernel, whatever the batch size."""
    monkeypatch.setattr(small, "ROWS", 0)
    monkeypatch.setattr(small, "ELEMENTS", 0)


@pytest.fixture
def twins_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kernel entry point runs its NumPy twin, whatever the batch size."""
    monkeypatch.setattr(small, "ROWS", 1 << 62)
    monkeypatch.setattr(small, "ELEMENTS", 1 << 62)


@settings(max_examples=15, deadline=None)
@given(core.fast_types, core.fast_types, core.doubles)
def test_twins_equal_kernels_on_quantize_and_cast(t: FixedType, dst: FixedType, xs: list[float]) -> None:
    """Same values through both paths: short arrays take the twins, long ones the ``prange``
    kernels (each mode pair compiles its own kernel, so the examples are few; the twins are checked
    against the reference path on many more in tests/test_core_fast_vs_reference.py)."""
    x = np.array(xs)
    raw = quantize(x, t)  # the NumPy twin
    assert np.array_equal(raw, quantize_reference(x, t).astype(np.int64))
    long = np.resize(x, small.ELEMENTS + 1)
    assert np.array_equal(np.resize(raw, long.size), quantize(long, t))
    src = t.with_(rounding="AP_TRN", overflow="AP_WRAP")
    assert np.array_equal(np.resize(cast(raw, src, dst), long.size), cast(np.resize(raw, long.size), src, dst))


def test_kernels_at_the_shift_limits(kernels_only) -> None:
    core.test_cast_at_the_kernels_shift_limits()


@pytest.mark.parametrize("seed", range(0, 200, 5))
def test_chain_kernel_equals_reference(kernels_only, seed: int) -> None:
    test_fusion.test_chain_matches_layer_by_layer_reference(seed)


@pytest.mark.parametrize("seed", range(0, 300, 6))
def test_modular_kernel_equals_reference(kernels_only, seed: int) -> None:
    test_fast_paths.test_modular_matches_reference(seed)


def test_softmax_kernel_equals_headers(kernels_only) -> None:
    test_layer_softmax.test_all_cases_random_rows()


def _example():
    net = load_hls4ml(example_project())
    x, expected = default_reference(net)
    return net, x, expected


def test_shipped_example_identical_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """The jet tagger (chain, softmax, input quantization) against its csim log on each path, and
    the same raws from each path on inputs that overflow its types."""
    net, x, expected = _example()
    assert verify(net, x, expected).identical  # the twins (2,000 events)
    rng = np.random.default_rng(0)
    wild = np.concatenate([x[0], rng.normal(0, 40, size=x[0].shape)])
    twins = net.run([wild])[0].raw
    trace_twins = net.trace([wild[:500]])
    monkeypatch.setattr(small, "ROWS", 0)
    monkeypatch.setattr(small, "ELEMENTS", 0)
    assert verify(net, x, expected).identical
    np.testing.assert_array_equal(net.run([wild])[0].raw, twins)
    trace_kernels = net.trace([wild[:500]])
    assert trace_kernels.counts == trace_twins.counts
    for name, a in trace_twins.outputs.items():
        np.testing.assert_array_equal(trace_kernels.outputs[name].raw, a.raw)


def test_environment_switch_turns_the_twins_off() -> None:
    import os
    import subprocess
    import sys

    code = "from fxsim.kernels import small; print(small.ROWS, small.ELEMENTS)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "FXSIM_SMALL_BATCH": "0"}).stdout.split()
    assert out == ["0", "0"]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 62), st.integers(-62, 62), st.booleans(), st.integers(0, 6), st.integers(0, 3),
       st.lists(st.integers(-(2**62), 2**62 - 1), min_size=1, max_size=30))
def test_cast_twin_equals_cast_kernel(w: int, sh: int, signed: bool, q: int, o: int, ints: list[int]) -> None:
    from fxsim.kernels import quantize as kq

    v = np.array(ints, dtype=np.int64)
    want = np.empty_like(v)
    kq._cast_scalar_loop(v, want, sh, w, signed, q, o)  # the scalar cast_one, all modes at run time
    np.testing.assert_array_equal(small.cast(v, sh, w, signed, q, o), want)
