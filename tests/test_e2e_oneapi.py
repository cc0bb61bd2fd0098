"""hls4ml **oneAPI** projects (Intel SYCL; ``ac_fixed`` from Intel's own headers, which are not
shipped, so no oneAPI build runs here): fxsim reads them as written and runs them with the Quartus
(AC 4.0) semantics. The check is against the oracle that exists: the same model and configuration
converted for Quartus and compiled by hls4ml (``hls_model.predict``) gives the same bits.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import projects
import pytest
from test_e2e_quartus_layers import MODELS, PRECISIONS, keras_quartus

from fxsim.backends.quartus import load_oneapi
from fxsim.project.oneapi import is_oneapi_project


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("oneapi_models")


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
@pytest.mark.parametrize("model", list(MODELS))
def test_oneapi_equals_quartus_firmware(model, io_type, model_dir):
    """io_stream: oneAPI's task sequences on pipes, run as the Quartus io_stream layers."""
    make, n_in, layer_cfg = MODELS[model]
    rng = np.random.default_rng(len(model))
    x_tb = rng.normal(size=(25, n_in)) * 1.5
    x_pred = (rng.normal(size=(40, n_in)) * 1.5).astype(np.float32).astype(np.float64)
    cfg = {"Model": {"Precision": PRECISIONS[1], "ReuseFactor": 1}, "LayerName": layer_cfg}
    stream = io_type == "io_stream"
    files = make(model_dir, stream)
    _, want = keras_quartus(files, cfg, x_tb, x_pred, io_type)  # the Quartus firmware, compiled by hls4ml
    kw = {"io_type": io_type} if stream else {}
    prj = projects.build_project(files, cfg, backend="oneAPI", inputs=x_tb, **kw)
    assert is_oneapi_project(prj)
    net = load_oneapi(prj)
    got = net.predict(x_pred)
    if stream:  # hls4ml's bridge hands back float(to_double())
        got = got.astype(np.float32).astype(np.float64)
    assert net.io_stream == stream
    np.testing.assert_array_equal(got, want.reshape(got.shape))
    assert len(net.log_lines(x_tb)) == len(x_tb)


def test_cli_verify_oneapi_says_quartus_semantics(model_dir, tmp_path):
    """No results.log (nothing here builds SYCL): exit 2 naming the file and the caveat; with a log
    written by the same firmware semantics: IDENTICAL plus the caveat."""
    import shutil

    make, n_in, _ = MODELS["merges"]
    x = np.random.default_rng(3).normal(size=(6, n_in))
    prj = projects.build_project(make(model_dir), {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                                 backend="oneAPI", inputs=x)
    cmd = [sys.executable, "-m", "fxsim.cli", "verify"]
    out = subprocess.run([*cmd, str(prj)], capture_output=True, text=True)
    assert out.returncode == 2 and "results.log" in out.stderr and "Quartus (AC 4.0) semantics" in out.stderr
    assert "Traceback" not in out.stderr
    copy = tmp_path / "prj"
    shutil.copytree(prj, copy)
    bad = copy / "tb_data" / "results.log"
    bad.write_text("1 2 3 4\n" * 6)
    out = subprocess.run([*cmd, str(copy)], capture_output=True, text=True)
    assert out.returncode == 1 and "MISMATCH" in out.stdout and "Quartus (AC 4.0) semantics" in out.stdout
