"""End to end on projects hls4ml converts from QONNX: hand-built QONNX graphs (``Quant`` with
power-of-two and arbitrary scales and zero points, ``BipolarQuant``, ``Trunc``) and Brevitas int8
exports (``brevitas.export.export_qonnx``, per-tensor ``Int8*PerTensorFloat`` = arbitrary scales and
``Int8*PerTensorFixedPoint`` = power-of-two scales). For each project: ``fxsim verify`` against the
compiled testbench's ``csim_results.log``, ``predict`` against hls4ml's ``hls_model.predict`` and
every layer against ``hls_model.trace``, bit for bit.

Where hls4ml 1.3.0's firmware departs from the framework's own output (qonnx's ``execute_onnx``
for the graphs, the Brevitas module for the exports), the departure is asserted with its
mechanism, from hls4ml's outputs and the framework's only (never from fxsim's):

* power-of-two scales, zero points 0: the firmware equals QONNX bit for bit (inputs on the input
  type's grid);
* power-of-two scale with a non-zero zero point: hls4ml's ``QuantToActivation.match`` overwrites
  its zero-point test with the scale test, so the zero point is dropped: the firmware equals QONNX
  of the same graph with zero points 0;
* arbitrary scales: hls4ml scales and unscales with ``nnet::normalize`` (ApplyAlpha) whose scale
  and bias are stored in the model's default type (``model_default_t``) and warns "Failed to
  propagate quantization bias down Add node; model probably not suppored." With
  ``fixed<16,6>`` (hls4ml's own tests' default) an unscale (input x weight scale, ~5e-4) is below
  that type's LSB and loads as 0: the firmware gives one constant output for every input;
* ``BipolarQuant`` weights feeding a ``BipolarQuant`` activation (``product::both_binary``): the
  weight file hls4ml writes holds 1 for every weight, so the firmware computes with all weights +1;
* ``Trunc``: hls4ml 1.3.0's ONNX front end has no handler ("Unsupported operation type: Trunc");
* io_stream Conv -> Flatten -> Linear: hls4ml feeds 3-value packs to a ``nnet::linear`` writing
  27-value packs (the C++ reads past each pack); fxsim refuses the project with exit 2.

Each project is converted, written, compiled and its testbench run once, then cached by content
(``qonnx_models.build_qonnx_project``). Skips cleanly without hls4ml, onnx, qonnx (brevitas, torch
for the exports) or g++; ``pip install -e '.[qonnx]'`` installs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import projects as P
import pytest
import qonnx_models as M

from fxsim.cli import main
from fxsim.network import load_hls4ml

N_EVENTS = 60
GRID = 2.0**-10  # every input is a multiple of this: exact in ap_fixed<16,6> and ap_fixed<32,10>


def stress(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Normal values with a block scaled up 8x (the 8-bit input Quant saturates), zeros and values
    next to rounding ties, all on the :data:`GRID` and inside ap_fixed<16,6>'s range."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N_EVENTS, *shape)) * 1.5
    x[N_EVENTS // 2:N_EVENTS // 2 + 6] *= 8.0
    x[-3] = 0.0
    x[-2] = (np.arange(int(np.prod(shape))).reshape(shape) % 5 - 2) * (2.0**-5) + GRID  # 1/2 LSB of 2^-4 + 1 grid
    x[-1] = np.linspace(-31, 31, int(np.prod(shape))).reshape(shape)
    return np.clip(np.round(x / GRID) * GRID, -31.0, 31.0)


@dataclass(frozen=True)
class Case:
    name: str
    spec: M.Spec
    precision: str
    functions: frozenset[str]
    io_type: str = "io_parallel"
    overrides: dict = field(default_factory=dict)


PO2 = M.Spec("qmlp")  # Quant scales 2^-4 (input, weights), 2^-3 (hidden, unsigned), zero points 0, ROUND
SCALED_ZP = M.Spec("qmlp", params=(("h_scale", 0.0917), ("h_zeropt", 3.0), ("in_scale", 0.0371),
                                   ("in_zeropt", -5.0), ("w_scale", 0.0123)))
SCALED = M.Spec("qmlp", params=(("h_scale", 0.0917), ("in_scale", 0.0371), ("w_scale", 0.0123)))
PO2_ZP = M.Spec("qmlp", params=(("h_zeropt", 3.0), ("in_zeropt", -5.0)))
BIPOLAR = M.Spec("bipolar")
BREVITAS_MLP = M.Spec("brevitas_mlp", params=(("quant", "Float"),))
BREVITAS_CONV = M.Spec("brevitas_conv", n_in=(2, 5, 5), n_hidden=3, params=(("quant", "FixedPoint"),))

CASES = [
    Case("qonnx-po2", PO2, "fixed<16,6>", frozenset({"linear", "dense", "relu"})),
    Case("qonnx-scaled-zeropt", SCALED_ZP, "fixed<32,10>", frozenset({"normalize", "dense", "relu"})),
    Case("qonnx-po2-zeropt", PO2_ZP, "fixed<16,6>", frozenset({"linear", "dense", "relu"})),
    Case("qonnx-bipolar", BIPOLAR, "fixed<16,6>", frozenset({"dense", "normalize_binary_tanh", "normalize"})),
    Case("qonnx-scaled-16-6", SCALED, "fixed<16,6>", frozenset({"normalize", "dense", "relu"})),
    Case("brevitas-mlp-float", BREVITAS_MLP, "fixed<32,10>", frozenset({"normalize", "dense", "relu"})),
    Case("brevitas-conv-fixedpoint", BREVITAS_CONV, "fixed<16,6>",
         frozenset({"linear", "conv_2d_cl", "relu", "transpose", "dense"})),
]
#: io_stream: hls4ml writes a firmware whose C++ is undefined (see test_stream_flatten_...).
STREAM_CONV = Case("brevitas-conv-fixedpoint-stream", BREVITAS_CONV, "fixed<16,6>", frozenset(),
                   io_type="io_stream")
BY_NAME = {c.name: c for c in (*CASES, STREAM_CONV)}
_BUILT: dict[str, M.QBuild] = {}


def built(case: Case) -> M.QBuild:
    if case.name not in _BUILT:
        x = stress(case.spec.input_shape, seed=7)
        _BUILT[case.name] = M.build_qonnx_project(case.spec, precision=case.precision, overrides=case.overrides,
                                                  io_type=case.io_type, tb_inputs=x.reshape(N_EVENTS, -1),
                                                  predict_input=x)
    return _BUILT[case.name]


PARAMS = [pytest.param(c, id=c.name) for c in CASES]


@pytest.mark.parametrize("case", PARAMS)
def test_verify_against_testbench(case: Case, capsys) -> None:
    b = built(case)
    P.verified_network(b.project, case.functions, N_EVENTS)
    P.assert_cli_identical(b.project, capsys)  # `fxsim verify PROJECT`


@pytest.mark.parametrize("case", PARAMS)
def test_predict_equals_hls4ml_predict(case: Case) -> None:
    b = built(case)
    P.assert_bits_equal(load_hls4ml(b.project).predict(b.predict_input), b.hls4ml_predict)


@pytest.mark.parametrize("case", PARAMS)
def test_every_layer_equals_hls4ml_trace(case: Case) -> None:
    b = built(case)
    net = load_hls4ml(b.project)
    tr = net.trace(b.predict_input)
    assert b.hls4ml_trace, "hls_model.trace returned no layer"
    assert set(b.hls4ml_trace) <= set(tr.outputs), (sorted(b.hls4ml_trace), sorted(tr.outputs))
    for name, theirs in b.hls4ml_trace.items():
        P.assert_bits_equal(tr.outputs[name].to_float(), theirs.reshape(N_EVENTS, -1), f"hls_model.trace[{name}]")


# ---------------------------------------------------------------------------------------- firmware vs framework
def _rows(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.float64).reshape(N_EVENTS, -1)


def test_po2_scales_firmware_equals_qonnx() -> None:
    """Power-of-two scales, zero points 0: hls4ml's firmware is QONNX's model, bit for bit."""
    b = built(BY_NAME["qonnx-po2"])
    np.testing.assert_array_equal(_rows(b.hls4ml_predict), _rows(b.framework_predict))


def test_po2_zero_point_is_dropped_by_hls4ml() -> None:
    """hls4ml 1.3.0 converts a power-of-two ``Quant`` with a non-zero zero point as if it were 0
    (``QuantToActivation.match``: ``is_match = scale_unit_or_po2`` overwrites the zero-point test):
    its firmware is QONNX's output of the same graph with zero points 0, not of this graph."""
    b, b0 = built(BY_NAME["qonnx-po2-zeropt"]), built(BY_NAME["qonnx-po2"])
    np.testing.assert_array_equal(_rows(b.hls4ml_predict), _rows(b0.framework_predict))
    assert np.abs(_rows(b.hls4ml_predict) - _rows(b.framework_predict)).max() > 0.1


def test_arbitrary_scales_with_zero_point_stay_close_to_qonnx() -> None:
    """Arbitrary scales and zero points become ``nnet::normalize`` scale/unscale pairs; with a wide
    default type (``fixed<32,10>``) the firmware departs from QONNX only by the rounding of those
    scales (in model_default_t) moving some hidden values by one quantization step."""
    b = built(BY_NAME["qonnx-scaled-zeropt"])
    diff = np.abs(_rows(b.hls4ml_predict) - _rows(b.framework_predict))
    assert 0 < diff.max() < 0.25, diff.max()
    assert np.median(diff) < 1e-3, np.median(diff)


def test_brevitas_float_scales_stay_close_to_brevitas() -> None:
    """Brevitas ``Int8*PerTensorFloat`` (non-power-of-two scales, hls4ml warns the model is
    "probably not suppored") with a wide default type: the firmware departs from Brevitas only by
    the rounding of the scale factors hls4ml stores in model_default_t."""
    b = built(BY_NAME["brevitas-mlp-float"])
    diff = np.abs(_rows(b.hls4ml_predict) - _rows(b.framework_predict))
    assert 0 < diff.max() < 0.1, diff.max()
    assert np.median(diff) < 0.01, np.median(diff)


def test_brevitas_po2_conv_stays_close_to_brevitas() -> None:
    """Brevitas ``Int8*PerTensorFixedPoint`` (power-of-two scales) Conv2d: no scaling layer, the
    int8 grids become ap_fixed types; the firmware departs from Brevitas only where Brevitas' float
    bias (rounded to ap_fixed<16,6>) or the input's truncation to it moves a value across a step."""
    b = built(BY_NAME["brevitas-conv-fixedpoint"])
    diff = np.abs(_rows(b.hls4ml_predict) - _rows(b.framework_predict))
    assert diff.max() < 0.1, diff.max()


def test_stream_flatten_after_conv_is_refused_with_exit_2(capsys) -> None:
    """io_stream: hls4ml 1.3.0 turns the Transpose + Flatten before the Brevitas QuantLinear into
    ``auto& layerN_out = layerM_out`` and feeds the 3-value packs of that stream to
    ``nnet::linear<…, nnet::array<…, 27>>``, which copies ``in_data[j]`` for ``j < 27`` from each
    3-value pack: undefined behaviour. hls4ml's own two builds of that C++ disagree (the -O0
    testbench's log and the -O3 bridge's predict), so no simulator can reproduce "the firmware":
    fxsim refuses it, exit 2, one line naming the file, line, layer and construct."""
    b = built(STREAM_CONV)
    log = np.loadtxt(b.project / "tb_data" / "csim_results.log").reshape(N_EVENTS, -1)
    assert np.abs(log - _rows(b.hls4ml_predict)).max() > 1e-3  # one C++ source, two answers
    capsys.readouterr()
    assert main(["verify", str(b.project)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "myproject.cpp:" in err and "nnet::linear" in err and "undefined behaviour" in err, err


def _weights(project: Path, stem: str) -> np.ndarray:
    return np.array([float(v) for v in (project / "firmware" / "weights" / f"{stem}.txt").read_text().split(",")])


def _normalize_scales(project: Path) -> list[str]:
    """Names of the scale arrays of the ``nnet::normalize`` calls in the written top function."""
    src = (project / "firmware" / "myproject.cpp").read_text()
    return [line.split("(")[1].split(",")[2].strip() for line in src.splitlines()
            if line.strip().startswith("nnet::normalize<")]


def test_arbitrary_scales_at_16_6_give_constant_firmware() -> None:
    """Arbitrary scales at hls4ml's ``fixed<16,6>`` (its own tests' default, every layer 'auto'):
    the unscale after the first MatMul (input scale x weight scale = 0.0371 x 0.0123 ~ 4.6e-4) is
    written in model_default_t = ap_fixed<16,6>, whose LSB is 2^-10, and loads (truncated) as 0: the
    hidden layer sees only its bias and every input gives the same output; QONNX's outputs vary."""
    b = built(BY_NAME["qonnx-scaled-16-6"])
    scales = [_weights(b.project, s) for s in _normalize_scales(b.project)]
    assert any(((0 <= s) & (s < 2.0**-10)).all() for s in scales), scales
    y, ref = _rows(b.hls4ml_predict), _rows(b.framework_predict)
    assert (y == y[0]).all()
    assert np.ptp(ref, axis=0).min() > 0.5


def test_bipolar_weights_before_bipolar_input_are_written_as_ones() -> None:
    """``MatMul(BipolarQuant(x), BipolarQuant(W2))``: hls4ml 1.3.0 writes every weight of W2 as 1
    (+1 in its xnor encoding) although QONNX's W2 has negative weights; the first binary layer
    (non-binary input) keeps its signs. So the firmware departs from QONNX."""
    b = built(BY_NAME["qonnx-bipolar"])
    src = (b.project / "firmware" / "myproject.cpp").read_text()
    dense = [line.split("(")[1].split(",")[2].strip() for line in src.splitlines()
             if line.strip().startswith("nnet::dense<")]
    w1, w2 = (_weights(b.project, w) for w in dense)
    assert set(w1) == {0.0, 1.0}  # xnor encoding of -1/+1
    assert set(w2) == {1.0}
    assert np.abs(_rows(b.hls4ml_predict) - _rows(b.framework_predict)).max() >= 2.0


def test_trunc_is_not_converted_by_hls4ml(tmp_path: Path) -> None:
    """QONNX ``Trunc`` runs in qonnx's executor but hls4ml 1.3.0 has no ONNX handler for it: there is
    no firmware to verify."""
    M.require_qonnx()
    import hls4ml

    model, framework = M.qonnx_model(M.Spec("trunc"), tmp_path)
    assert "Trunc" in {n.op_type for n in model.graph.node}
    assert framework(stress((6,), seed=3)[:2]).shape == (2, 8)
    with pytest.raises(Exception, match="Unsupported operation type: Trunc"):
        cfg = hls4ml.utils.config_from_onnx_model(model, granularity="name", backend="Vivado")
        hls4ml.converters.convert_from_onnx_model(model, output_dir=str(tmp_path / "prj"), backend="Vivado",
                                                  hls_config=cfg)

