"""fxsim.testing: firmware-identity assertions and golden files for users' CI (and its pytest plugin).

The expected values come from the shipped example's compiled testbench log (tb_data/csim_results.log)."""

from __future__ import annotations

import pickle
import textwrap

import numpy as np
import pytest

from fxsim import FixedArray, FixedType
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.testing import assert_firmware_identical, assert_matches_golden
from fxsim.verify import default_reference

pytest_plugins = ["pytester"]


def test_identical_to_the_testbench_log_and_a_clear_failure_otherwise():
    net = load_hls4ml(example_project())
    x, log = default_reference(net)
    assert assert_firmware_identical(net, x, log).identical
    wrong = net.predict(x[0][:50] if isinstance(x, list) else x[:50]).copy()
    wrong[3, 1] += 0.25
    with pytest.raises(AssertionError, match="event 3"):
        assert_firmware_identical(net, [a[:50] for a in x], wrong)


def test_golden_file_round_trip_and_mismatch(tmp_path):
    x = np.random.default_rng(1).normal(size=(16, 16))
    path = tmp_path / "g.npz"
    assert assert_matches_golden(example_project(), x, path) is True
    assert assert_matches_golden(example_project(), x, path) is False
    with np.load(path) as f:
        arrays = dict(f)
    key = next(k for k in arrays if k.endswith(".raw"))
    arrays[key] = arrays[key].copy()
    arrays[key][2, 0] += 1
    np.savez(path, **arrays)
    with pytest.raises(AssertionError, match=r"differs in 1 values; first at \(2, 0\)"):
        assert_matches_golden(example_project(), x, path)
    assert assert_matches_golden(example_project(), x, path, update=True) is True


def test_pytest_plugin_fixture(pytester):
    pytester.makepyfile(test_user=textwrap.dedent(f"""
        import numpy as np
        def test_bits(fxsim_golden):
            fxsim_golden({str(example_project())!r}, np.ones((4, 16)))
    """))
    first = pytester.runpytest_subprocess("-p", "fxsim.testing", "-p", "no:xdist", "-p", "no:cacheprovider")
    first.assert_outcomes(passed=1)
    assert (pytester.path / "golden" / "test_bits.npz").exists()
    again = pytester.runpytest_subprocess("-p", "fxsim.testing", "-p", "no:xdist", "-p", "no:cacheprovider",
                                          "--fxsim-update-golden")
    again.assert_outcomes(passed=1)


def test_array_protocol_reprs_and_pickling():
    t = FixedType.parse("ap_fixed<8,3,AP_RND,AP_SAT>")
    a = FixedArray(t.quantize([1.5, -2.0, 100.0]), t)
    np.testing.assert_array_equal(np.asarray(a), [1.5, -2.0, 3.96875])
    assert np.asarray(a, dtype=np.float32).dtype == np.float32
    b = pickle.loads(pickle.dumps(a))
    assert b.type == t and b.raw.tolist() == a.raw.tolist()
    assert pickle.loads(pickle.dumps(t)) == t
    assert eval(repr(a), {"FixedArray": FixedArray}).raw.tolist() == a.raw.tolist()
    assert "ap_fixed&lt;8,3,AP_RND,AP_SAT&gt;" in t._repr_html_() and "<table>" in a._repr_html_()
    big = FixedArray(np.zeros((1000, 16), dtype=np.int64), t)
    assert len(repr(big)) < 200
    net = load_hls4ml(example_project())
    assert "8 layers" in repr(net) and "nnet::dense" in net._repr_html_()
    tr = net.trace(np.zeros((2, 16)))
    assert repr(tr).startswith("<Trace of 2 samples") and "<table>" in tr._repr_html_()
