"""End to end on real io_parallel hls4ml projects: ``fxsim verify`` against the project's own compiled
testbench (``tb_data/csim_results.log``) and ``net.predict`` against hls4ml's compiled bridge
(``hls_model.predict`` on float64 input), bit for bit.

Every case is a real project written by hls4ml 1.x (cached on disk by ``tests/projects.py``) from
``/work/shared/models`` or from a small Keras-2 model written here, with inputs that include large
values so that saturation, wrapping and table clamping happen. A handful of cases run by default;
the rest are ``slow``. io_stream and convolution projects are covered by ``test_e2e_stream.py`` and
``test_e2e_conv.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import projects as P
import pytest
from bridge import hls_predict

from fxsim.cli import main
from fxsim.network import load_hls4ml

ModelSpec = str | tuple[Path, Path]


# ---------------------------------------------------------------------------------------- inputs


def stress_inputs(n_in: int, seed: int = 0, n: int = 60) -> np.ndarray:
    """Ordinary values, a few big ones (saturation/wrap), exact zeros and tiny values."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_in)) * 1.5
    x[n // 2 : n // 2 + 8] *= 40.0
    x[-6:-3] = rng.choice([-1.0, 1.0], size=(3, n_in)) * rng.uniform(200, 5000, size=(3, n_in))
    x[-3] = 0.0
    x[-2] = rng.normal(size=n_in) * 1e-3
    x[-1] = np.linspace(-8, 8, n_in)
    return np.round(x, 5)


# ---------------------------------------------------------------------------------------- models


def _models_dir() -> Path:
    d = P.cache_root() / "e2e_parallel_models"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def m_activations() -> tuple[Path, Path]:
    """One Dense fanning out to every LUT / parametric activation, each a model output."""
    r = _rng(1)
    n_in, n = 6, 12
    layers = [
        P.input_layer("x", [n_in]),
        P.dense("fc", r.normal(size=(n_in, n)) * 0.8, r.normal(size=n) * 0.5),
    ]
    outs = []
    # hard_tanh is not here: hls4ml 1.3 writes Activation('hard_tanh') with a config lacking the
    # slope/shift members nnet::hard_tanh reads, so that firmware does not compile
    for act in ("sigmoid", "tanh", "softplus", "softsign", "selu", "hard_sigmoid"):
        layers.append(P.activation(f"a_{act}", act, inbound="fc"))
        outs.append(f"a_{act}")
    layers += [
        P.KerasLayer("ELU", "a_elu", {"alpha": 0.7}, {}, ["fc"]),
        P.KerasLayer("LeakyReLU", "a_leaky", {"alpha": 0.15}, {}, ["fc"]),
        P.KerasLayer("ThresholdedReLU", "a_thr", {"theta": 0.35}, {}, ["fc"]),
        P.KerasLayer("PReLU", "a_prelu", {"shared_axes": None}, {"alpha": r.uniform(-0.5, 0.9, size=n)}, ["fc"]),
    ]
    outs += ["a_elu", "a_leaky", "a_thr", "a_prelu"]
    return P.write_keras_model(_models_dir() / "activations", layers, outputs=outs, name="activations")


def activation_config(precision: str, small_tables: bool) -> dict:
    cfg = P.hls_config_for(precision)
    if small_tables:
        names = ["a_sigmoid", "a_tanh", "a_softplus", "a_softsign", "a_selu", "a_elu"]
        cfg["LayerName"] = {
            nm: {"table_size": 64 if k % 2 else 128, "Precision": {"table": "ap_fixed<10,3,AP_RND,AP_SAT>"}}
            for k, nm in enumerate(names)
        }
        # fc's outputs reach beyond +-8, the sigmoid/softplus/softsign table range: indices clamp
        for nm in ("x", "fc", "fc_linear"):
            cfg["LayerName"][nm] = {"Precision": {"result": "ap_fixed<14,7>", "accum": "ap_fixed<18,8>"}}
        cfg["LayerName"]["a_leaky"] = {"Precision": {"param": "ap_fixed<8,1>", "result": "ap_fixed<9,4>"}}
    return cfg


def m_softmax(n_out: int = 6) -> tuple[Path, Path]:
    r = _rng(2)
    return P.write_keras_model(
        _models_dir() / f"softmax{n_out}",
        [
            P.input_layer("x", [8]),
            P.dense("fc", r.normal(size=(8, n_out)) * 1.2, r.normal(size=n_out)),
            P.activation("sm", "softmax"),
        ],
        name=f"softmax{n_out}",
    )


def softmax_config(impl: str, precision: str = "ap_fixed<16,6>", **extra) -> dict:
    cfg = P.hls_config_for(precision)
    cfg["LayerName"] = {"sm": {"Implementation": impl, **extra}}
    return cfg


def m_merges() -> tuple[Path, Path]:
    """Two Dense branches merged by Add and Concatenate, then a Dense head."""
    r = _rng(3)
    layers = [
        P.input_layer("x", [10]),
        P.dense("b1", r.normal(size=(10, 8)) * 0.6, r.normal(size=8) * 0.3, activation="relu", inbound="x"),
        P.dense("b2", r.normal(size=(10, 8)) * 0.6, r.normal(size=8) * 0.3, inbound="x"),
        P.merge("Add", "add", ["b1", "b2"]),
        P.merge("Concatenate", "cat", ["add", "b2"], axis=-1),
        P.dense("head", r.normal(size=(16, 4)) * 0.5, r.normal(size=4) * 0.2, inbound="cat"),
    ]
    return P.write_keras_model(_models_dir() / "merges", layers, name="merges")


def m_batchnorm() -> tuple[Path, Path]:
    """BatchNormalization after a Dense (merged into it) and after ReLU (stands alone)."""
    r = _rng(4)

    def bn(name: str, n: int, inbound: str) -> P.KerasLayer:
        return P.KerasLayer(
            "BatchNormalization",
            name,
            {"axis": -1, "epsilon": 0.001, "center": True, "scale": True, "momentum": 0.99},
            {
                "gamma": r.uniform(0.5, 2.0, n),
                "beta": r.normal(size=n) * 0.3,
                "moving_mean": r.normal(size=n) * 0.5,
                "moving_variance": r.uniform(0.2, 3.0, n),
            },
            [inbound],
        )

    layers = [
        P.input_layer("x", [8]),
        P.dense("fc1", r.normal(size=(8, 12)) * 0.7, r.normal(size=12) * 0.2, inbound="x"),
        bn("bn_fused", 12, "fc1"),
        P.activation("relu1", "relu", inbound="bn_fused"),
        bn("bn_alone", 12, "relu1"),
        P.dense("fc2", r.normal(size=(12, 5)) * 0.5, r.normal(size=5) * 0.2, inbound="bn_alone"),
    ]
    return P.write_keras_model(_models_dir() / "batchnorm", layers, name="batchnorm")


def m_wrap() -> tuple[Path, Path]:
    """A Dense whose sums overflow a narrow wrapping accumulator."""
    r = _rng(5)
    layers = [
        P.input_layer("x", [12]),
        P.dense("fc1", r.normal(size=(12, 10)) * 1.5, r.normal(size=10), activation="relu"),
        P.dense("fc2", r.normal(size=(10, 3)), r.normal(size=3)),
    ]
    return P.write_keras_model(_models_dir() / "wrap", layers, name="wrap")


# ---------------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One project to build, with the input width and how many values each output has."""

    id: str
    model: Callable[[], ModelSpec]
    hls_config: dict
    n_in: int
    n_out: tuple[int, ...]
    options: dict = field(default_factory=dict)
    slow: bool = True
    #: compare with hls4ml's bridge in the default run too (each bridge is one more g++ -O3 build)
    bridge_by_default: bool = False

    def build(self) -> tuple[Path, np.ndarray]:
        x = stress_inputs(self.n_in, seed=len(self.id))
        return P.build_project(self.model(), self.hls_config, inputs=x, **self.options), x


def shared(name: str) -> Callable[[], ModelSpec]:
    return lambda: name


JET = dict(n_in=16, n_out=(5,))
LAYERS_3 = ("fc1_relu", "fc2_relu", "fc3_relu", "output_softmax")


def per_layer_config() -> dict:
    cfg = P.hls_config_for("ap_fixed<16,6>")
    cfg["LayerName"] = {
        "fc1_relu": {
            "Precision": {
                "weight": "ap_fixed<8,2,AP_RND_CONV>",
                "bias": "ap_fixed<8,3>",
                "result": "ap_fixed<12,4,AP_RND,AP_SAT>",
                "accum": "ap_fixed<20,8>",
            }
        },
        "fc1_relu_relu": {"Precision": {"result": "ap_ufixed<8,3,AP_RND_ZERO,AP_SAT>"}},
        "fc2_relu": {"Precision": {"result": "ap_fixed<10,3,AP_RND_INF,AP_SAT_SYM>"}},
        "fc3_relu": {"Precision": {"result": "ap_fixed<9,4,AP_RND_MIN_INF,AP_WRAP>"}},
        "output_softmax": {"Precision": {"result": "ap_fixed<14,5,AP_TRN_ZERO,AP_SAT_ZERO>"}},
    }
    return cfg


def narrow_accum_config() -> dict:
    cfg = P.hls_config_for("ap_fixed<16,6>")
    cfg["LayerName"] = {
        "fc1": {"Precision": {"accum": "ap_fixed<10,4>", "result": "ap_fixed<10,4>"}},
        "fc2": {"Precision": {"accum": "ap_fixed<9,3>", "result": "ap_fixed<12,5,AP_RND,AP_SAT>"}},
    }
    return cfg


def resource_config(rf: int, precision: str = "ap_fixed<16,6>") -> dict:
    return P.hls_config_for(precision, reuse_factor=rf, strategy="Resource")


CASES: list[Case] = [
    Case(
        "3layer-16_6",
        shared("KERAS_3layer"),
        P.hls_config_for("ap_fixed<16,6>"),
        **JET,
        slow=False,
        bridge_by_default=True,
    ),
    Case("3layer-8_3", shared("KERAS_3layer"), P.hls_config_for("ap_fixed<8,3>"), **JET),
    Case("3layer-6_2-rnd-sat", shared("KERAS_3layer"), P.hls_config_for("ap_fixed<6,2,AP_RND,AP_SAT>"), **JET),
    Case("3layer-per-layer", shared("KERAS_3layer"), per_layer_config(), **JET),
    Case("3layer-resource-rf2", shared("KERAS_3layer"), resource_config(2), **JET),
    Case("3layer-resource-rf4", shared("KERAS_3layer"), resource_config(4, "ap_fixed<10,4>"), **JET, slow=False),
    Case("3layer-resource-rf16", shared("KERAS_3layer"), resource_config(16), **JET),
    Case("3layer-resource-rf7-adjusted", shared("KERAS_3layer"), resource_config(7), **JET),
    Case(
        "3layer-vitis", shared("KERAS_3layer"), P.hls_config_for("ap_fixed<12,5>"), **JET, options={"backend": "Vitis"}
    ),
    Case("3layer-bn", shared("KERAS_3layer_batch_norm"), P.hls_config_for("ap_fixed<16,6>"), **JET),
    Case("bn-fused-and-alone", m_batchnorm, P.hls_config_for("ap_fixed<12,4>"), n_in=8, n_out=(5,), slow=False),
    Case("narrow-wrapping-accum", m_wrap, narrow_accum_config(), n_in=12, n_out=(3,)),
    Case("activations-default", m_activations, activation_config("ap_fixed<16,6>", False), n_in=6, n_out=(12,) * 10),
    Case(
        "activations-clamped-tables",
        m_activations,
        activation_config("ap_fixed<10,4>", True),
        n_in=6,
        n_out=(12,) * 10,
        slow=False,
        bridge_by_default=True,
    ),
    Case("softmax-latency", m_softmax, softmax_config("latency"), n_in=8, n_out=(6,)),
    Case("softmax-stable", m_softmax, softmax_config("stable", table_size=256), n_in=8, n_out=(6,), slow=False),
    Case("softmax-legacy", m_softmax, softmax_config("legacy"), n_in=8, n_out=(6,)),
    Case("softmax-argmax", m_softmax, softmax_config("argmax"), n_in=8, n_out=(6,)),
    Case("merges-add-concat", m_merges, P.hls_config_for("ap_fixed<14,5>"), n_in=10, n_out=(4,)),
]


def _params(cases: list[Case], bridge: bool = False) -> list:
    def slow(c: Case) -> bool:
        return c.slow or (bridge and not c.bridge_by_default)

    return [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if slow(c) else []) for c in cases]


@pytest.fixture(scope="module")
def built():
    """Case id -> (project dir, inputs), building (or reusing) each project and its testbench once."""
    P.require_hls4ml()
    P.require_gxx()
    cache: dict[str, tuple[Path, np.ndarray]] = {}

    def get(case: Case) -> tuple[Path, np.ndarray]:
        if case.id not in cache:
            prj, x = case.build()
            P.build_testbench(prj)
            cache[case.id] = (prj, x)
        return cache[case.id]

    return get


# ---------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", _params(CASES))
def test_verify_against_csim(case: Case, built, tmp_path, capsys):
    prj, _ = built(case)
    capsys.readouterr()  # a cold build prints hls4ml's own warnings: not part of verify's output
    report = tmp_path / "report.json"
    code = main(["verify", str(prj), "--json", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("IDENTICAL"), out
    rep = json.loads(report.read_text())
    assert rep["verdict"] == "identical" and rep["mismatched_values"] == 0
    assert rep["n_events"] == 60


@pytest.mark.parametrize("case", _params(CASES, bridge=True))
def test_predict_against_hls_bridge(case: Case, built):
    prj, x = built(case)
    net = load_hls4ml(prj)
    ours = net.predict(x)
    ref = hls_predict(prj, x, list(case.n_out) if len(case.n_out) > 1 else case.n_out[0])
    if len(case.n_out) == 1:
        ours, ref = [ours], [ref]
    for k, (a, b) in enumerate(zip(ours, ref)):
        a = np.asarray(a).reshape(b.shape)
        bad = np.argwhere(a != b)
        assert bad.size == 0, (
            f"output {k}: {len(bad)} values differ; first at {tuple(bad[0])}: "
            f"fxsim {a[tuple(bad[0])]!r} vs hls4ml {b[tuple(bad[0])]!r}"
        )


def test_verify_as_subprocess(built):
    case = next(c for c in CASES if c.id == "3layer-16_6")
    prj, _ = built(case)
    proc = subprocess.run(
        [sys.executable, "-m", "fxsim.cli", "verify", str(prj)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("IDENTICAL")
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------- broken on purpose


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.so", "*_fxsim_tb", "*.o", ".fxsim_*"))
    return dst


def _relative_weight_change(path: Path, index: int, factor: float) -> None:
    vals = path.read_text().strip().split(",")
    vals[index] = repr(float(vals[index]) * factor + 0.5)
    path.write_text(",".join(vals) + "\n")


def test_altered_weight_is_found_in_the_right_layer(built, tmp_path, capsys):
    """A changed first-layer weight changes the outputs; verify fails and the report's trace points at
    the first layer."""
    case = next(c for c in CASES if c.id == "3layer-16_6")
    prj, _ = built(case)
    bad = _copy(prj, tmp_path / "prj")
    # the largest-magnitude weight of fc1 scaled up: the sum of its column saturates for big inputs
    w = bad / "firmware" / "weights" / "w2.txt"
    vals = np.array([float(v) for v in w.read_text().strip().split(",")])
    idx = int(np.argmax(np.abs(vals)))
    _relative_weight_change(w, idx, 8.0)
    report = tmp_path / "r.json"
    code = main(["verify", str(bad), "--json", str(report)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert out.startswith("MISMATCH")
    rep = json.loads(report.read_text())
    assert rep["verdict"] == "mismatch" and rep["mismatched_values"] > 0
    assert rep["first_mismatches"] and rep["first_mismatches"][0]["output"]
    # the csim log says what the intact firmware does: the first layer whose output differs
    net_ok, net_bad = load_hls4ml(prj), load_hls4ml(bad)
    ev = rep["first_mismatches"][0]["event"]
    x = [a[ev : ev + 1] for a in net_ok.project.testbench_inputs().values()]
    t_ok, t_bad = net_ok.trace(x), net_bad.trace(x)
    first_diff = next(
        lay.name for lay in net_ok.layers if not np.array_equal(t_ok.outputs[lay.name].raw, t_bad.outputs[lay.name].raw)
    )
    assert first_diff == "fc1_relu"
    assert "fc1_relu" in out


def test_changed_typedef_fails_verify(built, tmp_path, capsys):
    """Narrowing one layer's result typedef in defines.h (the csim log stays the intact project's)."""
    case = next(c for c in CASES if c.id == "3layer-16_6")
    prj, _ = built(case)
    bad = _copy(prj, tmp_path / "prj")
    defines = bad / "firmware" / "defines.h"
    text = defines.read_text()
    old = "typedef ap_fixed<16,6> layer4_t;"
    assert old in text, text
    defines.write_text(text.replace(old, "typedef ap_fixed<8,2> layer4_t;"))
    report = tmp_path / "r.json"
    code = main(["verify", str(bad), "--json", str(report)])
    out = capsys.readouterr().out
    assert code == 1, out
    rep = json.loads(report.read_text())
    assert rep["verdict"] == "mismatch"
    assert rep["first_layer"] is not None
    # the narrowed layer is where the trace first sees saturation
    assert rep["first_layer"]["first_overflow_layer"] in ("fc2_relu", "fc1_relu_relu"), rep["first_layer"]
