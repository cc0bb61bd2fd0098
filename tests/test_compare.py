"""``fxsim compare`` on a real Keras 3 model converted by hls4ml with one narrow result type.

Truth comes from the frameworks, never from fxsim: Keras's own per-layer outputs (stored with the
project, and recomputed by ``--model model.keras``) and hls4ml's compiled ``trace`` of the same
inputs (``tests/compare_models.py``). A brute-force per-layer check on those two alone names the
first divergent layer and shows it saturating; ``compare`` must name the same layer with cause
saturation, and its proposed type, re-simulated, must make that layer agree with Keras's values.
"""

from __future__ import annotations

import json

import compare_models as CM
import numpy as np
import pytest

from fxsim.cli import main
from fxsim.compare import compare, load_layer_outputs, model_outputs, retyped
from fxsim.network import load_hls4ml
from fxsim.types import FixedType

#: Keras layer -> hls4ml layer (Dense(activation='relu') is split into fc1 + fc1_relu by hls4ml)
KERAS_TO_HLS = {"fc1": "fc1_relu", "fc2": "fc2", "out": "out"}


@pytest.fixture(scope="module")
def built():
    prj = CM.build()
    return prj, np.load(prj / "inputs.npy"), load_layer_outputs(prj / "keras_layers.npz"), \
        dict(np.load(prj / "hls4ml_trace.npz", allow_pickle=False))


def _brute_force_first(keras: dict, hls: dict, atol: float = 0.05) -> str:
    for k, h in KERAS_TO_HLS.items():
        if np.abs(keras[k].reshape(len(keras[k]), -1) - hls[h].reshape(len(hls[h]), -1)).max() > atol:
            return h
    return ""


def test_first_divergent_layer_and_cause(built) -> None:
    prj, x, keras, hls = built
    first = _brute_force_first(keras, hls)
    assert first == "fc2"
    narrow = FixedType.parse(CM.NARROW)
    # the brute force sees saturation: Keras's values leave the type's range, hls4ml's sit on its ends
    assert keras["fc2"].max() > narrow.max_value and keras["fc2"].min() < narrow.min_value
    assert hls["fc2"].max() == narrow.max_value and hls["fc2"].min() == narrow.min_value

    c = compare(load_hls4ml(prj), x, keras)
    assert c.first_divergent == first and c.cause == "result saturation"
    rows = {r.firmware: r for r in c.rows}
    assert set(rows) == {"x", *KERAS_TO_HLS.values()}  # fc1 aligned with hls4ml's split-off fc1_relu; x: the input
    assert not rows["fc1_relu"].beyond and rows["fc2"].beyond
    p = c.proposal
    assert p is not None and p.layer == "fc2" and p.old == CM.NARROW
    new = FixedType.parse(p.new)
    assert new.min_value <= keras["fc2"].min() and keras["fc2"].max() <= new.max_value
    assert new.frac == narrow.frac and new.width > narrow.width
    # re-simulated with the proposed type, fc2 agrees with Keras (within 2 LSB of the new type)
    fixed = retyped(load_hls4ml(prj), "fc2", new)
    y = fixed.trace(x).outputs["fc2"].to_float().reshape(len(x), -1)
    assert np.abs(y - keras["fc2"]).max() <= 2 * new.lsb
    assert p.after is not None and not p.after.beyond and p.after_first_divergent is None
    json.loads(c.to_json())


def test_cli_npz_and_keras_routes(built, tmp_path, capsys) -> None:
    prj, x, keras, hls = built
    code = main(["compare", str(prj), "--inputs", str(prj / "inputs.npy"), "--layer-outputs",
                 str(prj / "keras_layers.npz"), "--json", str(tmp_path / "c.json")])
    assert code == 1
    out = capsys.readouterr().out
    assert "first divergent layer: fc2: result saturation" in out and "proposal: fc2:" in out
    d = json.loads((tmp_path / "c.json").read_text())
    assert d["first_divergent"] == "fc2"
    # Keras itself run on the inputs (safe_mode .keras): the same per-layer values and verdict
    m = model_outputs(prj / "model.keras", x)
    assert m.fused == {"fc1"} and not m.quantizes_inputs
    for k in KERAS_TO_HLS:
        np.testing.assert_allclose(m.values[k], keras[k], rtol=1e-6, atol=1e-6)
    assert main(["compare", str(prj), "--inputs", str(prj / "inputs.npy"), "--model", str(prj / "model.keras")]) == 1
    assert "result saturation" in capsys.readouterr().out


def test_agreeing_layers_and_user_errors(built, tmp_path, capsys) -> None:
    prj, x, keras, hls = built
    # hls4ml's own trace as the "model": every layer equal
    c = compare(load_hls4ml(prj), x, {k: hls[k] for k in ("fc1", "fc1_relu", "fc2", "out")})
    assert c.identical and all(r.equal == 1.0 for r in c.rows), c.text()
    np.save(tmp_path / "obj.npy", np.array([object()], dtype=object), allow_pickle=True)
    np.savez(tmp_path / "pickled.npz", fc2=np.array([object()], dtype=object))
    for extra in (["--layer-outputs", str(tmp_path / "pickled.npz")], ["--layer-outputs", str(tmp_path / "no.npz")],
                  ["--model", str(tmp_path / "obj.npy")]):
        assert main(["compare", str(prj), "--inputs", str(prj / "inputs.npy"), *extra]) == 2
    err = capsys.readouterr().err
    assert "pickled.npz" in err and "Traceback" not in err


def test_proposal_confirmed_by_hls4ml_rebuild(built) -> None:
    """hls4ml rebuilt with the proposed fc2 type: its compiled trace of fc2 agrees with Keras, and
    equals, bit for bit, what compare's re-simulation (the retyped network) computed."""
    prj, x, keras, _ = built
    p = compare(load_hls4ml(prj), x, keras).proposal
    rebuilt = CM.build(p.new)
    hls = dict(np.load(rebuilt / "hls4ml_trace.npz", allow_pickle=False))
    new = FixedType.parse(p.new)
    assert np.abs(hls["fc2"] - keras["fc2"]).max() <= 2 * new.lsb
    assert _brute_force_first(keras, hls) == ""
    sim = retyped(load_hls4ml(prj), "fc2", new).trace(x).outputs
    for name in ("fc2", "out"):
        np.testing.assert_array_equal(sim[name].to_float().reshape(len(x), -1), hls[name].reshape(len(x), -1))


def test_accumulator_overflow(built) -> None:
    """fc2 with a wide result type but an accumulator that wraps: hls4ml's trace departs from Keras at
    fc2 although Keras's values fit the result type; compare says accumulator overflow and widens
    accum_t until fc2 agrees with Keras (re-simulated)."""
    _, x, keras, _ = built
    prj = CM.build(CM.PRECISION, ACCUM)
    hls = dict(np.load(prj / "hls4ml_trace.npz", allow_pickle=False))
    assert _brute_force_first(keras, hls) == "fc2"
    res = FixedType.parse(CM.PRECISION)
    assert res.min_value < keras["fc2"].min() and keras["fc2"].max() < res.max_value
    c = compare(load_hls4ml(prj), x, keras)
    assert c.first_divergent == "fc2" and c.cause == "accumulator overflow", c.text()
    p = c.proposal
    assert p.old == f"accum_t {ACCUM}" and p.new.startswith("accum_t ")
    wide = FixedType.parse(p.new.split(" ", 1)[1])
    assert wide.integer > FixedType.parse(ACCUM).integer
    assert not p.after.beyond and p.after.max_diff <= 2 * res.lsb + 0.01 * np.abs(keras["fc2"]).max()


ACCUM = "ap_fixed<14,4>"


@pytest.mark.slow
def test_pytorch_channels_first_alignment(tmp_path) -> None:
    """A PyTorch Conv1d model hls4ml converted to channels-last: PyTorch's own per-layer outputs
    (forward hooks, channels-first) written to an .npz are aligned by transposing them, and the
    layers that PyTorch and the firmware compute alike agree (the project of test_e2e_pytorch)."""
    torch = pytest.importorskip("torch")
    import test_e2e_pytorch as E

    case = next(c for c in E.CASES if c.name == "conv1d")
    b = E.built(case)
    model = E.M.seeded(case.factory, 1 + E.CASES.index(case))
    outs = {}
    for name, mod in model.named_children():
        mod.register_forward_hook(lambda m, i, o, name=name: outs.__setitem__(name, o.detach().numpy()))
    with torch.no_grad():
        model(torch.tensor(b.predict_inputs[0], dtype=torch.float32))
    np.savez(tmp_path / "torch.npz", **{k: v.astype(np.float64) for k, v in outs.items()})
    net = load_hls4ml(b.project)
    x = b.predict_inputs[0]  # as hls4ml's predict takes them (channels_last_conversion="full")
    c = compare(net, x, load_layer_outputs(tmp_path / "torch.npz"))
    rows = {r.model: r for r in c.rows}
    assert rows["conv"].layout == "channels-first transposed", c.text()
    # the stress inputs leave the input type's range: the first divergence is the input's quantization
    port = net.inputs[0]
    assert x.max() > port.type.max_value or x.min() < port.type.min_value
    assert c.first_divergent == port.name and c.cause == "input quantization", c.text()
    # on the events whose inputs fit, the convolution agrees with PyTorch's
    flat = x.reshape(len(x), -1)
    ok = (flat.max(axis=1) < port.type.max_value) & (flat.min(axis=1) >= port.type.min_value)
    assert ok.sum() >= 10
    c_ok = compare(net, x[ok], {k: v[ok] for k, v in load_layer_outputs(tmp_path / "torch.npz").items()})
    assert {r.model: r for r in c_ok.rows}["conv"].beyond is False, c_ok.text()


def test_constant_output_cannot_be_right() -> None:
    """The jet tagger against its Keras model's own predictions (tb_data/tb_output_predictions.dat):
    with fc1's result retyped so narrow that every value saturates to one number, the output no
    longer depends on the inputs and compare says the firmware cannot be right."""
    from fxsim.examples import example_project

    prj = example_project()
    net = load_hls4ml(prj)
    x = np.loadtxt(prj / "tb_data" / "tb_input_features.dat")[:300]
    keras_pred = np.loadtxt(prj / "tb_data" / "tb_output_predictions.dat")[:300]
    good = compare(net, x, {"output_softmax": keras_pred})
    assert [r.firmware for r in good.rows] == ["input_1", "output_softmax_softmax"]
    assert not good.findings
    # the firmware's own types wrap in fc1_relu on these inputs (its trace says so); with only the
    # model's last output given, compare names those earlier layers as where the divergence may start
    if good.first_divergent is not None:
        assert "fc1_relu (" in good.detail
    bad = compare(retyped(net, "fc1_relu", "ap_fixed<2,-10,AP_TRN,AP_SAT>"), x, {"output_softmax": keras_pred})
    assert any("cannot be right" in f.line() for f in bad.findings) and "WARNING" in bad.text()
    assert bad.first_divergent == "output_softmax_softmax"
