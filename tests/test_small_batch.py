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
from hypothesis import assume, given, settings
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


#: Random chains whose Numba kernels share four compiled variants (each costs ~60 s of CPU on a cold
#: cache): result/activation modes x lanes (``test_fusion._random_chain``; found by planning seeds 0-199):
#: (AP_TRN, AP_WRAP) x2 int32 (0, 15, 25, ...), (AP_RND_CONV, AP_SAT) x2 int32 (60, 65, ...), the same in
#: int16 lanes (40, shared with the softmax test below), and an int16 epilogue with mixed modes (105).
#: The casts of every other mode pair are the same inlined functions, tested for all 28 pairs elsewhere.
CHAIN_SEEDS = [0, 15, 25, 35, 40, 60, 65, 70, 85, 105, 130, 160, 165, 175, 180, 185, 195]


@pytest.mark.parametrize("seed", CHAIN_SEEDS)
def test_chain_kernel_equals_reference(kernels_only, seed: int) -> None:
    test_fusion.test_chain_matches_layer_by_layer_reference(seed)


@pytest.mark.filterwarnings("ignore:softmax table size")
@pytest.mark.parametrize("seed", [0, 40])  # int32 and int16 lanes (the kernels of chain seeds 0 and 40)
def test_chain_softmax_kernel_equals_reference(kernels_only, seed: int) -> None:
    test_fusion.test_chain_with_softmax_matches_reference(seed)


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


def test_nan_input_named_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """A NaN input has no ap_fixed value: the sample is named whether the input is checked before
    the run or counted by the chain that quantizes it (the kernel path), in ``run`` and ``predict``."""
    from fxsim.network import NetworkError

    net, x, _ = _example()
    assert net.plan().steps[0].chain.qin is not None  # the chain quantizes the input itself
    bad = np.concatenate([x[0]] * 3)
    bad[len(x[0]) + 17, 3] = np.nan
    for rows in (small.ROWS, 0):
        monkeypatch.setattr(small, "ROWS", rows)
        for run in (net.predict, net.run):
            with pytest.raises(NetworkError, match=f"NaN in sample {len(x[0]) + 17}$"):
                run(bad, batch_size=len(x[0]))


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


# ------------------------------------------------------------------ the MAC twins: BLAS, int32 lanes, int64
def _python_mac(x, index, pix: int, m, acc0, p_shift: int, q: int) -> np.ndarray | None:
    """``acc0 + sum_t round(x * w / 2**p_shift)`` on Python ints, modulo 2**64 as signed int64, where
    no product is rounded or the rounding is AP_TRN (a floor); None for other rounded cases."""
    out = np.empty((x.shape[0], m.shape[1]), dtype=np.int64)
    for i in range(x.shape[0]):
        for j in range(m.shape[1]):
            total = int(acc0[j])
            for t, k in enumerate(index[pix]):
                if k < 0:
                    continue
                p = int(x[i, k]) * int(m[t, j])
                if p_shift <= 0:
                    total += p << -p_shift
                elif p % (1 << p_shift) == 0 or q == small.TRN:
                    total += p >> p_shift  # Python's >> is a floor
                else:
                    return None
            out[i, j] = (total + (1 << 63)) % (1 << 64) - (1 << 63)
    return out


@st.composite
def mac_cases(draw):
    batch, n_in, n_out, n_pix = (draw(st.integers(1, 20)), draw(st.integers(1, 10)), draw(st.integers(1, 6)),
                                 draw(st.integers(1, 3)))
    n_taps = draw(st.integers(1, n_in))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    xb, wb, ab = draw(st.integers(0, 45)), draw(st.integers(0, 30)), draw(st.integers(0, 50))
    xz, wz = draw(st.integers(0, 12)), draw(st.integers(0, 12))  # trailing zero bits (BLAS without rounding)
    assume(xb + xz + wb + wz <= 61)  # every product fits int64 (what the kernels' callers prove)
    x = rng.integers(-(1 << xb), (1 << xb) + 1, size=(batch, n_in)) << xz
    m = rng.integers(-(1 << wb), (1 << wb) + 1, size=(n_taps, n_out)) << wz
    if draw(st.booleans()):  # values at the extremes of their range
        x = np.where(rng.random(x.shape) < 0.5, x, np.sign(x) * (1 << (xb + xz)))
    index = rng.integers(-1, n_in, size=(n_pix, n_taps))
    acc0 = rng.integers(-(1 << ab), (1 << ab) + 1, size=n_out)
    return x, index, m, acc0, draw(st.integers(-6, 24)), draw(st.integers(0, 7))


@settings(max_examples=300, deadline=None)
@given(mac_cases())
def test_mac_twins_equal_python_ints(case) -> None:
    """Each of small.accumulate's paths, where it claims to apply, gives the int64 loop's bits and
    the exact Python-int sums (floors for truncated products)."""
    x, index, m, acc0, p_shift, q = case
    for pix in range(index.shape[0]):
        want = small.accumulate_int64(x, index, pix, m, acc0, p_shift, q)
        exact = _python_mac(x, index, pix, m, acc0, p_shift, q)
        if exact is not None:
            np.testing.assert_array_equal(want, exact)
        for got in (small.accumulate_blas(x, index, pix, m, acc0, p_shift),
                    small.accumulate_int32(x, index, pix, m, acc0, p_shift, q)):
            if got is not None:
                np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(small.accumulate(x, index, pix, m, acc0, p_shift, q), want)


def test_mac_twins_at_their_exactness_bounds() -> None:
    """BLAS takes sums up to 2**53 - 1 and refuses 2**53 (float64 would round there); int32 lanes
    take sums up to 2**31 - 1 and refuse more."""
    index = np.array([[0, 1]])
    w = np.array([[1], [1]])
    for total, ok in ((2**53 - 2, True), (2**53, False)):
        x = np.array([[total // 2, total // 2], [-(total // 2), -(total // 2)]])
        got = small.accumulate_blas(x, index, 0, w, np.zeros(1, np.int64), 0)
        assert (got is not None) == ok
        if ok:
            assert got.ravel().tolist() == [total, -total]
    odd = np.array([[2**52 - 1, 2**52 + 1]])  # |x| bound 2**52 + 1 per tap: refused though the sum is 2**53
    assert small.accumulate_blas(odd, index, 0, w, np.zeros(1, np.int64), 0) is None
    # int32: floor(x * 3 / 2) over two taps, bound (x * 6 >> 1) + 2 < 2**31
    for x0, ok in ((715827881, True), (715827882, False)):
        x = np.array([[x0, -x0]] * 3)
        got = small.accumulate_int32(x, index, 0, np.array([[3], [3]]), np.zeros(1, np.int64), 1, small.TRN)
        assert (got is not None) == ok
        if ok:
            assert got.ravel().tolist() == [(x0 * 3 >> 1) + (-x0 * 3 >> 1)] * 3


def test_large_batches_on_the_numpy_path_equal_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `fxsim demo` times on a machine with no compiled kernels: the shipped project on 40,000
    events through the NumPy twins gives the kernels' bits (blocks of small.INT32_BLOCK, BLAS)."""
    net, x, _ = _example()
    rng = np.random.default_rng(1)
    big = np.concatenate([np.repeat(x[0], 10, axis=0), rng.normal(0, 40, size=(20_000, x[0].shape[1]))])
    with small.everywhere():
        twins = net.run([big])[0].raw
    monkeypatch.setattr(small, "ROWS", 0)
    monkeypatch.setattr(small, "ELEMENTS", 0)
    np.testing.assert_array_equal(net.run([big])[0].raw, twins)


def test_first_demo_compiles_nothing(tmp_path) -> None:
    """`fxsim demo` in a fresh process on an empty kernel cache writes nothing to it (no kernel was
    compiled), times the NumPy path and says so; with the kernels refused, nothing is half-built."""
    import json
    import os
    import subprocess
    import sys

    cache = tmp_path / "numba"
    cache.mkdir()
    p = subprocess.run([sys.executable, "-m", "fxsim.cli", "demo", "--json", str(tmp_path / "d.json")],
                       capture_output=True, text=True, env={**os.environ, "NUMBA_CACHE_DIR": str(cache)})
    assert p.returncode == 0, p.stderr
    assert "NumPy path (nothing compiled)" in p.stdout and "fxsim demo --compile" in p.stdout
    assert json.loads((tmp_path / "d.json").read_text())["speed"]["path"] == "NumPy path (nothing compiled)"
    assert not any(cache.rglob("*.nbi")), sorted(cache.rglob("*"))
