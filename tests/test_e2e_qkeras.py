"""QKeras networks as people write them (default alphas) verify IDENTICAL, end to end (issue 12).

The fixtures in ``tests/data/qkeras`` are hls4ml 1.3.0 projects converted from real QKeras 0.9.0
models (TensorFlow 2.14) by ``tests/make_qkeras_projects.py``, which also compiled each testbench with
g++ (``tb_data/csim_results.log``) and saved hls4ml's own ``hls_model.predict`` and every layer of
``hls_model.trace`` on the same inputs (``hls4ml_outputs.npz``, float64). Per fixture:

* ``fxsim verify`` against the committed ``csim_results.log`` is IDENTICAL (exit 0);
* ``Network.predict`` equals ``hls_model.predict`` bit for bit;
* ``Network.trace`` equals ``hls_model.trace`` bit for bit on every layer hls4ml traces (hls4ml
  traces under its layer names; fxsim names each call by the comment hls4ml writes above it). That is
  every call of the firmware: the Dense/Conv layers (before their alpha), their ``_alpha``
  ``nnet::normalize`` (power-of-two scales), the fused ``normalize_{binary,ternary}_tanh``, every
  activation (hard and table tanh/sigmoid, relu, leaky relu, softmax), depthwise/pointwise
  convolutions, BatchNormalization, pooling, LSTM and GRU; hls4ml traces no Flatten (a reshape in
  io_parallel, no call) and no activation it folded into the previous layer's result type.

Where hls4ml's firmware departs from the QKeras model, fxsim follows the firmware: in ``seed001_cnn``
the ``QDepthwiseConv2D`` with QKeras's default alpha (``'auto_po2'``) loses its scale, because
hls4ml 1.3.0 factorizes alphas out of Dense/Conv1D/Conv2D only (``make_qkeras_projects.py`` prints
max |keras - hls4ml| = 3.5 on that layer); ``bug_qgru_*`` is a QGRU hls4ml writes with one bias.

One test recompiles a fixture's testbench here (g++, cached) and checks it prints the committed log
byte for byte, so the fixtures are what the compiler makes of the committed sources. No TensorFlow is
needed.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
from projects import build_testbench, cache_root, require_gxx, require_hls4ml

from fxsim.cli import main
from fxsim.network import load_hls4ml

QK = Path(__file__).parent / "data" / "qkeras"
ALL = sorted(p.name for p in QK.iterdir() if (p / "firmware").is_dir()) if QK.is_dir() else []
FIXTURES = [n for n in ALL if not n.startswith("bug_")]
#: projects hls4ml 1.3.0 writes wrongly (the firmware reads past an array): fxsim names the construct
BUGS = [n for n in ALL if n.startswith("bug_")]

def _outputs(name: str) -> dict[str, np.ndarray]:
    with np.load(QK / name / "hls4ml_outputs.npz", allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def test_fixtures_present() -> None:
    assert {"seed000_mlp", "seed000_mlp_vitis_resource", "seed001_cnn", "seed001_cnn_stream"} <= set(FIXTURES)
    assert BUGS == ["bug_qgru_reset_before"]
    assert {"cov_dense_quantizers", "cov_binary_ternary", "cov_conv1d", "cov_conv2d", "cov_conv_po2",
            "cov_rnn"} <= set(FIXTURES)


def test_seed_fixtures_have_power_of_two_alpha_scales() -> None:
    """The seeds' networks with default alphas: ApplyAlpha layers are ``nnet::normalize`` with an
    exponent-struct scale (``product::weight_exponential``), the construct of issue 12."""
    for name in ("seed000_mlp", "seed001_cnn"):
        net = load_hls4ml(QK / name)
        alpha = [lay for lay in net.layers if lay.name.endswith("_alpha")]
        assert alpha and all(lay.function == "normalize" for lay in alpha), net.summary()
        assert all(str(lay.config.product) == "weight_exponential" for lay in alpha), net.summary()


@pytest.mark.parametrize("name", FIXTURES)
def test_verify_identical(name: str, capsys) -> None:
    """``fxsim verify <fixture>``: the tb_data inputs against the committed csim_results.log."""
    code = main(["verify", str(QK / name)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("IDENTICAL") and " 0 values differ" in out, out


@pytest.mark.parametrize("name", FIXTURES)
def test_predict_equals_hls4ml_predict(name: str) -> None:
    ref = _outputs(name)
    net = load_hls4ml(QK / name)
    ours = np.asarray(net.predict(ref["x"]))
    theirs = ref["predict"].reshape(ours.shape)
    bad = np.argwhere(ours != theirs)
    assert bad.size == 0, (f"{len(bad)} values differ; first at {tuple(bad[0])}: fxsim {ours[tuple(bad[0])]!r} "
                           f"vs hls4ml {theirs[tuple(bad[0])]!r}")


@pytest.mark.parametrize("name", FIXTURES)
def test_trace_equals_hls4ml_trace(name: str) -> None:
    ref = _outputs(name)
    theirs = {k.removeprefix("trace/"): v for k, v in ref.items() if k.startswith("trace/")}
    net = load_hls4ml(QK / name)
    tr = net.trace(ref["x"])
    n = len(ref["x"])
    compared, differ = [], []
    for layer, values in theirs.items():
        if layer not in tr.outputs:
            continue
        compared.append(layer)
        ours = tr.outputs[layer].to_float().reshape(n, -1)
        if not np.array_equal(ours, values.reshape(n, -1)):
            differ.append(f"{layer}: {int(np.sum(ours != values.reshape(n, -1)))} values")
    assert not differ, f"{name}: layers differing from hls_model.trace: {differ}"
    assert compared and set(compared) == set(theirs), (name, sorted(set(theirs) - set(compared)))


@pytest.mark.parametrize("name", BUGS)
def test_firmware_hls4ml_writes_wrongly_exits_2_in_one_line(name: str, capsys) -> None:
    """QKeras's default QGRU (``reset_after=False``): hls4ml 1.3.0 writes one bias where
    ``nnet::gru_stack`` reads ``3 * n_state``, so the C++ reads past the array and its log is
    undefined behaviour. fxsim does not guess: exit 2, one line naming the layer and the count."""
    code = main(["verify", str(QK / name)])
    captured = capsys.readouterr()
    assert code == 2, captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "gru" in lines[0] and "biases" in lines[0], captured.err


def test_recompiled_testbench_prints_the_committed_log(tmp_path: Path) -> None:
    """The seed CNN's testbench, compiled here from the committed sources (with the ap_types of the
    test environment's hls4ml 1.3.0, the release that wrote it), prints the committed log."""
    require_gxx()
    hls4ml = require_hls4ml()
    src = QK / "seed001_cnn"
    digest = hashlib.sha256()
    for f in sorted(src.rglob("*")):
        if f.is_file() and f.name != "csim_results.log":
            digest.update(str(f.relative_to(src)).encode() + f.read_bytes())
    prj = cache_root() / f"qkeras_fixture_seed001_cnn_{digest.hexdigest()[:16]}"
    if not (prj / "firmware" / "ap_types").is_dir():  # a fresh copy (build_testbench caches the run)
        shutil.rmtree(prj, ignore_errors=True)
        shutil.copytree(src, tmp_path / "prj", ignore=shutil.ignore_patterns("csim_results.log"))
        shutil.copytree(Path(hls4ml.__file__).parent / "templates" / "vivado" / "ap_types",
                        tmp_path / "prj" / "firmware" / "ap_types")
        shutil.copytree(tmp_path / "prj", prj, dirs_exist_ok=True)
    log = build_testbench(prj)
    assert log.read_bytes() == (src / "tb_data" / "csim_results.log").read_bytes()
