"""The oracle policy of ``tests/conftest.py``: a missing g++/hls4ml/framework/model fails under CI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import missing_oracle_of, require_oracles

pytest_plugins = ["pytester"]

TESTS = Path(__file__).parent


@pytest.mark.parametrize(
    "reason, what",
    [
        ("oracle missing: g++ (not on PATH)", "g++"),
        ("oracle missing: model files (a.json, a_weights.h5)", "model files"),
        ("could not import 'torch': No module named 'torch'", "torch"),
        ("hls4ml is not installed", "hls4ml"),
        ("g++ is not available", "g++"),
        ("/x/KERAS_conv1d_small.json is missing", "/x/KERAS_conv1d_small.json"),
        ("modular path does not apply", None),
    ],
)
def test_skip_reasons_are_classified(reason, what):
    assert missing_oracle_of(reason) == what


@pytest.mark.parametrize(
    "env, strict",
    [({}, False), ({"CI": "true"}, True), ({"CI": "false"}, False),
     ({"CI": "true", "FXSIM_REQUIRE_ORACLES": "0"}, False), ({"FXSIM_REQUIRE_ORACLES": "1"}, True)],
)
def test_strict_under_ci(monkeypatch, env, strict):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("FXSIM_REQUIRE_ORACLES", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert require_oracles() is strict


INNER = textwrap.dedent(
    """
    import pytest
    import projects

    def test_needs_gxx():
        projects.missing_oracle("g++", "not on PATH")

    def test_needs_torch():
        pytest.importorskip("surely_not_a_module_fxsim")

    def test_not_applicable():
        pytest.skip("modular path does not apply")

    def test_optional():
        projects.optional_oracle("tensorflow", "no wheel for this Python")
    """
)


@pytest.mark.parametrize("strict", [False, True])
def test_missing_oracle_fails_under_ci(pytester, monkeypatch, strict):
    monkeypatch.setenv("FXSIM_REQUIRE_ORACLES", "1" if strict else "0")
    pytester.makeconftest((TESTS / "conftest.py").read_text())
    pytester.makepyfile(test_inner=INNER)
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    result = pytester.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    if strict:
        result.assert_outcomes(failed=2, skipped=2)
        result.stdout.fnmatch_lines(["*oracle missing under CI: g++*", "*oracle missing under CI: surely_not*"])
    else:
        result.assert_outcomes(passed=0, skipped=4)
        result.stdout.fnmatch_lines(["*fxsim: 3 tests SKIPPED for a missing oracle (*g++: 1*"])
    result.stdout.fnmatch_lines(["*fxsim: 1 tests skipped because they do not apply*"])


def test_suite_collects_without_torch_and_keras(tmp_path):
    """No optional framework is needed to collect the suite (doctests of helper modules included)."""
    import os
    import subprocess
    import sys

    (tmp_path / "block_frameworks.py").write_text(
        "import sys\nfor _m in ('torch', 'keras'):\n    sys.modules[_m] = None  # import fails, find_spec -> None\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "FXSIM_REQUIRE_ORACLES": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "block_frameworks", "-p", "no:xdist", "-p", "no:cacheprovider",
         "--collect-only", "-q"],
        cwd=TESTS.parent, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "tests collected" in proc.stdout
    assert "missing oracle (torch" in proc.stdout
