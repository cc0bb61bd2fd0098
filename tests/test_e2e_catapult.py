"""End-to-end: real hls4ml **Catapult** projects (``ac_fixed``, AC 4.8), their own testbench built with
g++ (``mc_scverify.h`` from the shipped ``ac_simutils``; weights read from ``firmware/weights/*.txt``),
and fxsim's Catapult reader: ``tb_data/csim_results.log`` reproduced byte for byte, including the
Average-merge hazard (``ac_fixed<1,-1,false>(0.5) == 0``), which ``fxsim verify`` names.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import projects
import pytest

from fxsim.backends.catapult import predict, verify_log
from fxsim.project.catapult import is_catapult_project, load_catapult


def build_catapult_testbench(project: Path, name: str = "myproject") -> Path:
    """Compile ``<name>_test.cpp`` + ``firmware/<name>.cpp`` against the project's own AC headers and
    run ``csim firmware/weights tb_data/tb_input_features.dat tb_data/tb_output_predictions.dat``."""
    cxx = projects.require_gxx()
    log = project / "tb_data" / "csim_results.log"
    h = hashlib.sha256()
    for f in [project / f"{name}_test.cpp", *sorted((project / "firmware").glob("*.h")),
              project / "firmware" / f"{name}.cpp", *sorted((project / "firmware" / "weights").glob("*.txt")),
              *sorted((project / "tb_data").glob("*.dat"))]:
        h.update(f.read_bytes())
    stamp, stamp_file = h.hexdigest()[:24], project / ".fxsim_catapult_tb_stamp"
    with projects._locked(project / ".fxsim_catapult_tb.lock"):
        if log.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
            return log
        fw = project / "firmware"
        exe = project / f"{name}_fxsim_csim"
        cmd = [cxx, "-O0", "-std=c++14", "-w", f"-I{fw / 'ac_types' / 'include'}", f"-I{fw / 'ac_math' / 'include'}",
               f"-I{fw / 'ac_simutils' / 'include'}", f"-I{fw / 'nnet_utils'}", f"-I{fw}", f"-I{project}",
               str(project / f"{name}_test.cpp"), str(fw / f"{name}.cpp"), "-o", str(exe)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
        if proc.returncode != 0:
            raise RuntimeError(f"g++ failed for {project}:\n{proc.stderr[-4000:]}")
        run = subprocess.run([str(exe), "firmware/weights", "tb_data/tb_input_features.dat",
                              "tb_data/tb_output_predictions.dat"], capture_output=True, text=True, cwd=project)
        if run.returncode != 0 or not log.is_file():
            raise RuntimeError(f"testbench of {project} exited {run.returncode}:\n{run.stderr[-4000:]}")
        stamp_file.write_text(stamp)
    return log


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("catapult_models")


@pytest.mark.parametrize("precision", ["ap_fixed<16,6>", "ap_fixed<10,3,RND_CONV,SAT>"])
def test_mlp_identical(precision, model_dir):
    rng = np.random.default_rng(0)
    layers = [projects.input_layer("input_1", [10]),
              projects.dense("fc1", rng.normal(size=(10, 12)) * 0.6, rng.normal(size=12) * 0.3, "relu"),
              projects.dense("fc2", rng.normal(size=(12, 4)) * 0.6, rng.normal(size=4) * 0.3)]
    files = projects.write_keras_model(model_dir, layers, name="catmlp")
    x = rng.normal(size=(40, 10)) * 2
    prj = projects.build_project(files, {"Model": {"Precision": precision, "ReuseFactor": 1}}, backend="Catapult",
                                 inputs=x)
    build_catapult_testbench(prj)
    assert is_catapult_project(prj)
    rep = verify_log(prj)
    assert rep.identical, rep.text
    assert load_catapult(prj).hazards() == []


def test_average_merge_hazard(model_dir):
    """Catapult's Average merge outputs 0 for every input; fxsim reproduces it and says why."""
    rng = np.random.default_rng(1)
    layers = [projects.input_layer("input_1", [6]),
              projects.dense("fc1", rng.normal(size=(6, 4)), rng.normal(size=4), inbound="input_1"),
              projects.dense("fc2", rng.normal(size=(6, 4)), rng.normal(size=4), inbound="input_1"),
              projects.merge("Average", "avg", ["fc1", "fc2"])]
    files = projects.write_keras_model(model_dir, layers, name="catavg")
    x = rng.normal(size=(20, 6)) * 2
    prj = projects.build_project(files, {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                                 backend="Catapult", inputs=x)
    log = build_catapult_testbench(prj)
    assert set(log.read_text().split()) == {"0"}  # the firmware really outputs 0
    out = subprocess.run([sys.executable, "-m", "fxsim.cli", "verify", str(prj)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("IDENTICAL"), out.stdout + out.stderr
    assert "WARNING: template hazard: " in out.stdout and "ac_fixed<1,-1,false>(0.5), which is 0" in out.stdout
    tr = subprocess.run([sys.executable, "-m", "fxsim.cli", "trace", str(prj)], capture_output=True, text=True)
    assert tr.returncode == 0, tr.stdout + tr.stderr
    assert "nnet::average" in tr.stdout and "WARNING: template hazard: " in tr.stdout, tr.stdout
    stem = model_dir / "avg_run"
    run = subprocess.run([sys.executable, "-m", "fxsim.cli", "run", str(prj), "--output", str(stem)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "WARNING: template hazard" in run.stderr, run.stdout + run.stderr
    assert stem.with_suffix(".log").read_text() == log.read_text()  # the testbench's own log, byte for byte


# ------------------------------------------------------------------ Keras 3 / PyTorch models (catapult_models)
CASES = [("keras_cnn2d", "io_parallel", "ap_fixed<16,6>", "Latency"),
         ("keras_cnn2d", "io_stream", "ap_fixed<12,5,AP_RND,AP_SAT>", "Resource"),
         ("keras_cnn1d_merge", "io_parallel", "ap_fixed<16,6>", "Latency"),
         ("keras_cnn1d_merge", "io_stream", "ap_fixed<16,6>", "Latency"),
         ("torch_mlp", "io_parallel", "ap_fixed<16,6>", "Latency"),
         ("torch_cnn2d", "io_parallel", "ap_fixed<16,6>", "Latency"),
         ("torch_mlp", "io_stream", "ap_fixed<8,3,AP_RND,AP_SAT>", "Resource"),
         ("keras_acts", "io_parallel", "ap_fixed<16,6>", "Latency"),
         ("keras_acts_add", "io_stream", "ap_fixed<14,5,AP_RND_CONV,AP_SAT>", "Latency")]


@pytest.mark.parametrize(("name", "io_type", "precision", "strategy"), CASES)
def test_models_identical(name, io_type, precision, strategy):
    """conv2d/conv1d (valid, same; io_stream zero padding), relu, max/average/global pooling, flatten,
    conv and dense (latency, resource), sigmoid, tanh, elu, selu, softsign, softplus, softmax (AC Math PWL),
    leaky_relu, prelu, hard_sigmoid, batchnorm, add, maximum, concatenate, clone_stream: the testbench
    log byte for byte and ``hls_model.predict``."""
    import catapult_models

    shape = catapult_models.MODELS[name][1]
    rng = np.random.default_rng(11)
    x = np.round(rng.normal(size=(25, int(np.prod(shape)))) * 2 * 256) / 256
    prj = catapult_models.build_catapult_project(name, precision=precision, io_type=io_type, tb_inputs=x,
                                                 strategy=strategy, reuse_factor=2 if strategy == "Resource" else 1)
    build_catapult_testbench(prj)
    rep = verify_log(prj)
    assert rep.identical, rep.text
    assert rep.hazards == ()
    net = load_catapult(prj)
    assert net.io_stream == (io_type == "io_stream")
    ours = predict(net, x.astype(np.float32).astype(np.float64))  # predict() hands hls4ml float32
    theirs = np.load(prj / "hls4ml_predict.npy")
    np.testing.assert_array_equal(ours.astype(np.float32), theirs.astype(np.float32))


def test_simple_rnn_without_layer_call_is_refused():
    """hls4ml 1.3.0 converts a Keras SimpleRNN for Catapult into a top function with no layer call:
    ``fxsim verify`` says the firmware cannot be right (exit 2, one line), not a silent answer."""
    import catapult_models

    x = np.round(np.random.default_rng(2).normal(size=(5, 15)) * 64) / 64
    prj = catapult_models.build_catapult_project("keras_simple_rnn", precision="ap_fixed<16,6>",
                                                 io_type="io_parallel", tb_inputs=x, compile=False)
    (prj / "tb_data" / "csim_results.log").write_text("0 0 0 0 \n" * 5)  # what an (undefined) run could print
    out = subprocess.run([sys.executable, "-m", "fxsim.cli", "verify", str(prj)], capture_output=True, text=True)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "calls no layer" in out.stderr and "cannot be right" in out.stderr and "Traceback" not in out.stderr


def test_embedding_identical():
    """Embedding (integer input) and a Dense on its sequence (``pointwise_conv_1d_cl``): the testbench log."""
    import catapult_models

    x = np.random.default_rng(4).integers(0, 10, size=(20, 6)).astype(np.float64)
    prj = catapult_models.build_catapult_project("keras_embed", precision="ap_fixed<16,6>", io_type="io_parallel",
                                                 tb_inputs=x, compile=False)
    build_catapult_testbench(prj)
    rep = verify_log(prj)
    assert rep.identical and rep.hazards == (), rep.text
    assert [c.function for c in load_catapult(prj).calls][:2] == ["embedding", "pointwise_conv_1d_cl"]
