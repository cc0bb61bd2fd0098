"""End-to-end: real hls4ml **Quartus** projects (``ac_fixed``), their own testbench built with g++
(Intel's ``ihc_hls_enqueue``/``ihc_hls_component_run_all`` supplied by ``tests/cpp/quartus_ihc_shim.h``),
and fxsim's Quartus reader: ``tb_data/results.log`` reproduced byte for byte, and equal to
``hls_model.predict`` (hls4ml's own compiled bridge).
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import numpy as np
import projects
import pytest

from fxsim.backends.quartus import load_quartus
from fxsim.project.errors import ProjectError
from fxsim.project.quartus import is_quartus_project, read_inputs, strtof

SHIM = Path(__file__).parent / "cpp" / "quartus_ihc_shim.h"


def build_quartus_testbench(project: Path, name: str = "myproject", single_tu: bool = False) -> Path:
    """Compile ``<name>_test.cpp`` + ``firmware/<name>.cpp`` with the ihc shim and run it in the
    project directory; returns ``tb_data/results.log`` (cached by a stamp of the sources).
    ``single_tu``: both files in one translation unit (``fxsim_one_tu.cpp`` includes them), which
    links firmware whose ``parameters.h`` defines static members (hard_sigmoid) twice otherwise."""
    cxx = projects.require_gxx()
    log = project / "tb_data" / "results.log"
    h = hashlib.sha256(SHIM.read_bytes())
    for f in [project / f"{name}_test.cpp", *sorted((project / "firmware").rglob("*.h")),
              project / "firmware" / f"{name}.cpp", *sorted((project / "tb_data").glob("*.dat"))]:
        h.update(f.read_bytes())
    stamp, stamp_file = h.hexdigest()[:24], project / ".fxsim_quartus_tb_stamp"
    with projects._locked(project / ".fxsim_quartus_tb.lock"):
        if log.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
            return log
        exe = project / f"{name}_fxsim_tb"
        sources = [str(project / f"{name}_test.cpp"), str(project / "firmware" / f"{name}.cpp")]
        if single_tu:
            one = project / "fxsim_one_tu.cpp"
            one.write_text(f'#include "{name}_test.cpp"\n#include "firmware/{name}.cpp"\n')
            sources = [str(one)]
        cmd = [cxx, "-O0", "-std=c++14", "-w", "-include", str(SHIM), f"-I{project / 'firmware' / 'ac_types'}",
               f"-I{project / 'firmware'}", f"-I{project}", *sources, "-o", str(exe)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
        if proc.returncode != 0:
            raise RuntimeError(f"g++ failed for {project}:\n{proc.stderr[-4000:]}")
        run = subprocess.run([str(exe)], capture_output=True, text=True, cwd=project)
        if run.returncode != 0 or not log.is_file():
            raise RuntimeError(f"testbench of {project} exited {run.returncode}:\n{run.stderr[-4000:]}")
        stamp_file.write_text(stamp)
    return log


def _mlp(tmp: Path, n_in=10, hidden=12, n_out=4, seed=0):
    rng = np.random.default_rng(seed)
    layers = [projects.input_layer("input_1", [n_in]),
              projects.dense("fc1", rng.normal(size=(n_in, hidden)) * 0.6, rng.normal(size=hidden) * 0.3, "relu"),
              projects.dense("fc2", rng.normal(size=(hidden, n_out)) * 0.6, rng.normal(size=n_out) * 0.3)]
    return projects.write_keras_model(tmp, layers, name=f"mlp{seed}")


CASES = {
    # default precision, RF 1 (dense_rf_lt)
    "trn_wrap_rf1": ({"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}}, 0),
    # rounding + saturating accumulators; RF 5 <= n_in (dense_rf_lt); width-1 widening in a type
    "rnd_sat_rf5": ({"Model": {"Precision": "ap_fixed<12,4,RND_CONV,SAT>", "ReuseFactor": 5}}, 1),
    # RF > n_in (dense_rf_gt)
    "rf_gt": ({"Model": {"Precision": "ap_fixed<10,3,RND,SAT_SYM>", "ReuseFactor": 40}}, 2),
}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("quartus_models")


@pytest.mark.parametrize("case", list(CASES))
def test_mlp_results_log_identical(case, model_dir):
    cfg, seed = CASES[case]
    files = _mlp(model_dir, seed=seed)
    x = np.random.default_rng(10 + seed).normal(size=(40, 10)) * 2
    prj = projects.build_project(files, cfg, backend="Quartus", clock_period=5, inputs=x)
    log = build_quartus_testbench(prj)
    assert is_quartus_project(prj)
    net = load_quartus(prj)
    xin = read_inputs(prj / "tb_data" / "tb_input_features.dat")
    want = log.read_text().splitlines()
    got = net.log_lines(xin)
    bad = [(i, w, g) for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    assert not bad, f"{len(bad)} of {len(want)} lines differ; first: {bad[0]}"
    assert len(want) == len(x)


def test_mlp_matches_hls4ml_predict(model_dir):
    """``hls_model.predict`` (hls4ml's bridge, float32 inputs) equals fxsim's values."""
    hls4ml = projects.require_hls4ml()
    from hls4ml.converters.keras_v2_to_hls import keras_v2_to_hls

    files = _mlp(model_dir, seed=3)
    cfg, _ = CASES["rnd_sat_rf5"]
    x = (np.random.default_rng(7).normal(size=(64, 10)) * 2).astype(np.float32)
    prj = projects.build_project(files, cfg, backend="Quartus", clock_period=5, inputs=x.astype(np.float64))
    backend = hls4ml.backends.get_backend("Quartus")
    conf = backend.create_initial_config(clock_period=5)
    out = model_dir / "bridge"
    conf.update({"KerasJson": str(files[0]), "KerasH5": str(files[1]), "OutputDir": str(out),
                 "ProjectName": "myproject", "Backend": "Quartus", "HLSConfig": cfg})
    graph = keras_v2_to_hls(conf)
    graph.compile()
    want = np.asarray(graph.predict(x), dtype=np.float64).reshape(len(x), -1)
    got = load_quartus(prj).predict(x.astype(np.float64))
    np.testing.assert_array_equal(got, want)


def _check_log(prj: Path, n: int, single_tu: bool = False) -> None:
    log = build_quartus_testbench(prj, single_tu=single_tu)
    net = load_quartus(prj)
    want = log.read_text().splitlines()
    got = net.log_lines(read_inputs(prj / "tb_data" / "tb_input_features.dat"))
    bad = [(i, w, g) for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    assert not bad, f"{len(bad)} of {len(want)} lines differ; first: {bad[0]}"
    assert len(want) == n


@pytest.mark.parametrize("precision,impl,io_type", [
    ("ap_fixed<16,6>", "stable", "io_parallel"), ("ap_fixed<10,4,RND,SAT>", "latency", "io_parallel"),
    ("ap_fixed<16,6>", "legacy", "io_parallel"), ("ap_fixed<16,6>", "legacy", "io_stream"),
    ("ap_fixed<12,4,RND,SAT>", "argmax", "io_stream")])
def test_jet_tagger_softmax_identical(precision, impl, io_type):
    """The shared jet tagger (KERAS_3layer: dense+relu x3, dense, softmax) as a Quartus project, every
    softmax implementation (legacy computes differently in io_stream)."""
    x = np.random.default_rng(5).normal(size=(100, 16)) * 1.5
    cfg = {"Model": {"Precision": precision, "ReuseFactor": 1},
           "LayerName": {"output_softmax_softmax": {"Implementation": impl}}}
    kw = {} if io_type == "io_parallel" else {"io_type": io_type}  # keeps the io_parallel cache keys
    prj = projects.build_project("KERAS_3layer", cfg, backend="Quartus", clock_period=5, inputs=x, **kw)
    assert f"softmax_implementation::{impl}" in (prj / "firmware" / "parameters.h").read_text()
    _check_log(prj, len(x))


def test_jet_tagger_batchnorm_identical():
    """The shared KERAS_3layer_batch_norm (dense, BatchNormalization, relu x3, softmax)."""
    x = np.random.default_rng(3).normal(size=(50, 16))
    cfg = {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}}
    prj = projects.build_project("KERAS_3layer_batch_norm", cfg, backend="Quartus", clock_period=5, inputs=x)
    _check_log(prj, len(x))


def test_sigmoid_tanh_tables_identical(model_dir):
    rng = np.random.default_rng(4)
    layers = [projects.input_layer("input_1", [6]),
              projects.dense("fc1", rng.normal(size=(6, 8)), rng.normal(size=8) * 0.3, "sigmoid"),
              projects.dense("fc2", rng.normal(size=(8, 5)) * 1.5, rng.normal(size=5) * 0.3, "tanh"),
              projects.dense("fc3", rng.normal(size=(5, 3)), None, "linear")]
    files = projects.write_keras_model(model_dir, layers, name="sigtanh")
    x = rng.normal(size=(60, 6)) * 3
    prj = projects.build_project(files, {"Model": {"Precision": "ap_fixed<14,5,RND,SAT>", "ReuseFactor": 1}},
                                 backend="Quartus", clock_period=5, inputs=x)
    _check_log(prj, len(x))


def test_table_index_outside_is_flagged(model_dir):
    """|x| == 8 indexes sigmoid_table[table_size]: refused with the layer and value, not guessed."""
    layers = [projects.input_layer("input_1", [1]), projects.dense("fc1", [[1.0]], [0.0], "sigmoid")]
    files = projects.write_keras_model(model_dir, layers, name="sig8")
    prj = projects.build_project(files, {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                                 backend="Quartus", clock_period=5, inputs=np.array([[1.0]]))
    net = load_quartus(prj)
    with pytest.raises(ProjectError, match="input 8.0 gives table index 1024 outside"):
        net.predict(np.array([[8.0]]))
    net.predict(np.array([[7.99]]))


def test_unsupported_layer_is_one_line(tmp_path):
    """A layer call fxsim does not know (here a real project with one call renamed, as a newer hls4ml
    might write it) is refused with file, line and name; so is an unknown softmax implementation."""
    import shutil

    cfg = {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}}
    prj = tmp_path / "prj"
    shutil.copytree(projects.build_project("KERAS_3layer", cfg, backend="Quartus", clock_period=5), prj)
    top = prj / "firmware" / "myproject.cpp"
    top.write_text(top.read_text().replace("nnet::relu<", "nnet::relu_future<", 1))
    with pytest.raises(ProjectError, match=r"myproject.cpp:\d+: layer nnet::relu_future is not simulated yet"):
        load_quartus(prj).predict(np.zeros((1, 16)))
    top.write_text(top.read_text().replace("nnet::relu_future<", "nnet::relu<"))
    par = prj / "firmware" / "parameters.h"
    par.write_text(par.read_text().replace("softmax_implementation::stable", "softmax_implementation::future"))
    with pytest.raises(ProjectError, match=r"myproject.cpp:\d+: .*softmax implementation 'future' is not simulated"):
        load_quartus(prj).predict(np.zeros((1, 16)))


def test_strtof_matches_libc():
    """Against glibc's ``strtof`` (what ``std::stof`` calls), incl. decimals whose nearest double is
    a float32 midpoint (1 + 2**-24 + a little: through double it would round to even, 1.0)."""
    import ctypes

    libc = ctypes.CDLL(None)
    libc.strtof.restype = ctypes.c_float
    libc.strtof.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    toks = ["1.00000005960464477539930798", "1.00000005960464477539", "-1.0000000596046447753906250001",
            "0.1", "3.4028235e38", "1e-45", "-2.5", "16777217", "16777217.000000001"]
    toks += [repr(float(v)) for v in np.random.default_rng(0).normal(size=200) * 10]
    for t in toks:
        assert strtof(t) == float(libc.strtof(t.encode(), None)), t


def test_cli_verify_quartus(model_dir, tmp_path):
    """``fxsim verify`` on a Quartus project: exit 0 IDENTICAL; a changed log line: exit 1."""
    import shutil
    import sys

    files = _mlp(model_dir, seed=0)
    cfg, _ = CASES["trn_wrap_rf1"]
    x = np.random.default_rng(10).normal(size=(40, 10)) * 2
    prj = projects.build_project(files, cfg, backend="Quartus", clock_period=5, inputs=x)
    build_quartus_testbench(prj)
    cmd = [sys.executable, "-m", "fxsim.cli", "verify"]
    ok = subprocess.run([*cmd, str(prj)], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("IDENTICAL"), ok.stdout + ok.stderr
    copy = tmp_path / "prj"
    shutil.copytree(prj, copy)
    log = copy / "tb_data" / "results.log"
    lines = log.read_text().split("\n")
    lines[3] = lines[3].replace("1", "2", 1)
    log.write_text("\n".join(lines))
    bad = subprocess.run([*cmd, str(copy)], capture_output=True, text=True)
    assert bad.returncode == 1 and "event 3" in bad.stdout, bad.stdout + bad.stderr


# ------------------------------------------------------------------------------------ PyTorch
def _pytorch_quartus(name: str, factory, input_shape, x_tb: np.ndarray, x_pred: np.ndarray,
                     precision: str = "ap_fixed<16,6>", io_type: str = "io_parallel") -> tuple[Path, np.ndarray]:
    """Convert a PyTorch model with hls4ml's Quartus backend (cached by content), write the
    testbench data, and store ``hls_model.predict(x_pred)`` (hls4ml's compiled bridge)."""
    torch = pytest.importorskip("torch")
    hls4ml = projects.require_hls4ml()
    torch.manual_seed(0)
    model = factory().eval()
    io_key = "" if io_type == "io_parallel" else io_type  # keeps the io_parallel cache keys
    h = hashlib.sha256(f"{name}{input_shape}{precision}{hls4ml.__version__}{torch.__version__}{io_key}".encode())
    for k, v in model.state_dict().items():
        h.update(k.encode() + v.numpy().astype(np.float32).tobytes())
    h.update(x_tb.tobytes() + x_pred.tobytes())

    def build(final: Path, work: Path) -> None:
        # io_stream: inputs taken channels-last ("internal"): Quartus has no stream transpose_3d, so hls4ml's
        # input transpose ("full") writes firmware that does not compile
        conv = {} if io_type == "io_parallel" else {"channels_last_conversion": "internal"}
        cfg = hls4ml.utils.config_from_pytorch_model(model, input_shape, granularity="name", backend="Quartus",
                                                     default_precision=precision, **conv)
        np.save(work / "x.npy", x_tb)
        graph = hls4ml.converters.convert_from_pytorch_model(
            model, output_dir=str(final), project_name="myproject", backend="Quartus", io_type=io_type,
            hls_config=cfg, input_data_tb=str(work / "x.npy"), clock_period=5)
        graph.write()
        projects.placeholder_predictions(graph, final, len(x_tb))
        graph.compile()
        np.save(final / "hls4ml_predict.npy", np.asarray(graph.predict(x_pred), dtype=np.float64))

    prj = projects.build_once(f"quartus-pt-{h.hexdigest()[:24]}", build)
    return prj, np.load(prj / "hls4ml_predict.npy")


def _recurrent_model(kind: str):
    import torch.nn as nn

    class RecNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = getattr(nn, kind)(4, 6, batch_first=True)
            self.fc = nn.Linear(6, 3)

        def forward(self, x):
            y, _ = self.rnn(x)
            return self.fc(y[:, -1, :])

    return RecNet()


@pytest.mark.parametrize("kind,precision", [("RNN", "ap_fixed<16,6>"), ("LSTM", "ap_fixed<16,6>"),
                                            ("GRU", "ap_fixed<14,5,RND_CONV,SAT>")])
def test_pytorch_recurrent_identical(kind, precision):
    """nn.RNN (SimpleRNN with PyTorch biases: Quartus is the only hls4ml backend that has it),
    nn.LSTM and nn.GRU, each + Linear: results.log and hls_model.predict reproduced exactly."""
    rng = np.random.default_rng(11)
    x_tb = rng.normal(size=(30, 20)) * 1.5
    x_pred = (rng.normal(size=(50, 5, 4)) * 1.5).astype(np.float32).astype(np.float64)
    prj, want_pred = _pytorch_quartus(kind, lambda: _recurrent_model(kind), (5, 4), x_tb, x_pred, precision)
    _check_log(prj, len(x_tb))
    got = load_quartus(prj).predict(x_pred.reshape(len(x_pred), -1))
    np.testing.assert_array_equal(got, want_pred.reshape(got.shape))


def test_conv1d_shared_model_identical():
    """The shared KERAS_conv1d_small (3 Conv1D 'same' + relu, Flatten, Dense, softmax): im2col."""
    x = np.random.default_rng(8).normal(size=(50, 40)) * 1.5
    prj = projects.build_project("KERAS_conv1d_small", {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                                 backend="Quartus", clock_period=5, inputs=x)
    _check_log(prj, len(x))


def test_conv1d_winograd_identical(model_dir):
    """A 3-wide Conv1D, stride 1, Implementation "combination": the Winograd F(2,3) kernel with hls4ml's
    transformed weights."""
    rng = np.random.default_rng(9)
    conv = projects.KerasLayer("Conv1D", "conv", {"filters": 3, "kernel_size": [3], "strides": [1], "padding": "same",
                                                  "activation": "relu", "use_bias": True, "dilation_rate": [1],
                                                  "data_format": "channels_last"},
                               {"kernel": rng.normal(size=(3, 2, 3)).astype(np.float32),
                                "bias": (rng.normal(size=3) * 0.3).astype(np.float32)})
    layers = [projects.input_layer("input_1", [9, 2]), conv,
              projects.KerasLayer("Flatten", "flat", {"data_format": "channels_last"}),
              projects.dense("fc", rng.normal(size=(27, 4)) * 0.5, None)]
    files = projects.write_keras_model(model_dir, layers, name="wino")
    x = rng.normal(size=(40, 18)) * 2
    cfg = {"Model": {"Precision": "ap_fixed<14,5,RND,SAT>", "ReuseFactor": 1},
           "LayerName": {"conv": {"Implementation": "combination"}}}
    prj = projects.build_project(files, cfg, backend="Quartus", clock_period=5, inputs=x)
    assert "conv1d_implementation::combination" in (prj / "firmware" / "parameters.h").read_text()
    _check_log(prj, len(x))
