"""End to end on HGQ2 models converted by hls4ml 1.3.0 (issue #12): generated code in
``nnet_code_gen.h`` (per-element quantizers, distributed-arithmetic adder graphs) and the
multi-head-attention path (``einsum_dense``, ``einsum``, ``softmax_multidim``).

Per model (``tests/hgq2_models.py``: ``mixed`` = QConv2D/QConv1D/QBatchNormDense/QDense/
QUnaryFunctionLUT/QSoftmax, ``mha`` = QMultiHeadAttention + a distributed-arithmetic QEinsumDense,
``mlp-da`` = QDense with
``strategy='distributed_arithmetic'`` and per-tensor QDense/QSoftmax):

* ``fxsim verify`` is IDENTICAL to the compiled testbench's ``tb_data/csim_results.log``;
* ``Network.predict`` equals ``hls_model.predict`` and HGQ2's own ``model.predict`` bit for bit
  (HGQ2 is bit-exact with hls4ml's firmware on these models);
* every layer's ``Network.trace`` output equals ``hls_model.trace``;
* ``fxsim trace`` and ``fxsim verify --trace-reference`` run through the generated-code layers, and
  a firmware whose generated quantizer was edited is reported at that layer.

Each project is converted, compiled and its testbench run once, then cached by content; a warm run
imports neither keras, torch nor hgq2. Skips without hgq2, keras 3, torch, hls4ml or g++.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import hgq2_models as H
import numpy as np
import pytest

from fxsim.cli import main
from fxsim.layers.codegen import DAKernel, GeneratedFunction
from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, first_disagreeing_layer, verify

# keras 3.15's torch backend converts its tensors with np.array(x, copy=False) (cold builds only)
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning",
                                        "ignore::UserWarning")

N_EVENTS = 50
CASES = {"mixed": H.Spec("mixed", seed=1), "mha": H.Spec("mha", seed=2, da_layers=("ed",)),
         "mlp-da": H.Spec("mlp", seed=3, strategy="distributed_arithmetic")}
#: generated functions each project must call (so the tests really run generated code)
GENERATED = {"mixed": {"c2_iq", "c1_iq", "bnd_iq", "d1_iq", "lut_iq", "d2_iq"},
             "mha": {"mha_query_iq", "mha_key_oq", "mha_q_softmax_oq", "mha_attention_output_iq", "ed_iq"},
             "mlp-da": {"d1", "d2"}}
#: nnet_utils twins the MHA path runs
MHA_FUNCTIONS = {"einsum_dense", "einsum", "softmax_multidim"}

_BUILT: dict = {}


def built(name: str):
    if name not in _BUILT:
        _BUILT[name] = H.build_hgq2_project(CASES[name], N_EVENTS)
    return _BUILT[name]


PARAMS = [pytest.param(n, id=n) for n in CASES]


@pytest.mark.parametrize("name", PARAMS)
def test_verify_against_testbench(name: str, capsys) -> None:
    b = built(name)
    net = load_hls4ml(b.project)
    generated = {lay.name for lay in net.layers if isinstance(lay.twin, GeneratedFunction)}
    assert GENERATED[name] <= generated, net.summary()
    if name == "mha":
        assert MHA_FUNCTIONS <= {lay.function for lay in net.layers}, net.summary()
        ed = next(lay for lay in net.layers if lay.name == "ed")  # distributed-arithmetic EinsumDense
        assert isinstance(ed.config.da_kernel, DAKernel), ed.config
    report = verify(net, *default_reference(net))
    assert report.identical, report.text()
    assert report.n_events == N_EVENTS
    capsys.readouterr()  # drop what a cold build printed
    assert main(["verify", str(b.project)]) == 0
    assert capsys.readouterr().out.startswith("IDENTICAL")


@pytest.mark.parametrize("name", PARAMS)
def test_predict_equals_hls4ml_and_hgq2(name: str) -> None:
    b = built(name)
    net = load_hls4ml(b.project)
    ours = np.asarray(net.predict(b.predict_input)).reshape(N_EVENTS, -1)
    for what, theirs in (("hls_model.predict", b.hls4ml_predict), ("HGQ2 model.predict", b.keras_predict)):
        theirs = theirs.reshape(N_EVENTS, -1)
        bad = np.argwhere(ours != theirs)
        assert bad.size == 0, (f"{len(bad)} values differ from {what}; first at {tuple(bad[0])}: "
                               f"fxsim {ours[tuple(bad[0])]!r} vs {theirs[tuple(bad[0])]!r}")


@pytest.mark.parametrize("name", PARAMS)
def test_every_layer_equals_hls4ml_trace(name: str) -> None:
    b = built(name)
    net = load_hls4ml(b.project)
    tr = net.trace(b.predict_input)
    assert GENERATED[name] <= set(b.hls4ml_trace), sorted(b.hls4ml_trace)
    for layer, theirs in b.hls4ml_trace.items():
        assert layer in tr.outputs, f"{layer} is not a layer fxsim traced: {sorted(tr.outputs)}"
        ours = tr.outputs[layer].to_float().reshape(N_EVENTS, -1)
        theirs = theirs.reshape(N_EVENTS, -1)
        bad = np.argwhere(ours != theirs)
        assert bad.size == 0, f"{layer}: {len(bad)} outputs differ from hls_model.trace; first at {tuple(bad[0])}"
    # the generated quantizers really round and saturate on these inputs
    gen = [k for k in tr.counts if k[0] in GENERATED[name]]
    assert sum(tr.counts[k].rounded for k in gen) > 0 and sum(tr.counts[k].saturated for k in gen) > 0


def test_cli_trace_and_trace_reference_through_generated_code(tmp_path: Path, capsys) -> None:
    b = built("mixed")
    x = b.predict_input.reshape(N_EVENTS, -1)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", b.hls4ml_predict.reshape(N_EVENTS, -1))
    np.savez(tmp_path / "ref.npz", **b.hls4ml_trace)
    assert main(["trace", str(b.project), "--inputs", str(tmp_path / "x.npy"), "--output",
                 str(tmp_path / "t.npz")]) == 0
    saved = np.load(tmp_path / "t.npz")
    assert np.array_equal(saved["d1_iq.value"].reshape(N_EVENTS, -1), b.hls4ml_trace["d1_iq"].reshape(N_EVENTS, -1))
    args = ["--inputs", str(tmp_path / "x.npy"), "--expected", str(tmp_path / "y.npy"),
            "--trace-reference", str(tmp_path / "ref.npz")]
    assert main(["verify", str(b.project), *args]) == 0
    # the same firmware with one generated cast narrowed: reported at that generated layer
    bad = tmp_path / "bad"
    shutil.copytree(b.project, bad)
    cg = bad / "firmware" / "nnet_utils" / "nnet_code_gen.h"
    text = cg.read_text()
    start = text.index("void d1_iq(")
    body = text[start:]
    stmt = re.search(r"out\[(\d+)\] = ap_(u?)fixed<(\d+),(-?\d+),AP_RND,AP_SAT>\(inp\[\1\]\);", body)
    assert stmt is not None
    w, i = stmt.group(3), stmt.group(4)
    narrowed = stmt.group(0).replace(f"<{w},{i},", f"<{w},{int(i) - 2},")
    cg.write_text(text[:start] + body.replace(stmt.group(0), narrowed, 1))
    capsys.readouterr()
    assert main(["verify", str(bad), *args, "--json", str(tmp_path / "r.json")]) == 1
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["first_layer"]["first_disagreeing_layer"]["layer"] == "d1_iq"
    net = load_hls4ml(b.project)
    assert first_disagreeing_layer(net, [x], {k: np.asarray(v) for k, v in b.hls4ml_trace.items()}) is None


def test_unreadable_generated_code_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    b = built("mlp-da")
    bad = tmp_path / "bad"
    shutil.copytree(b.project, bad)
    cg = bad / "firmware" / "nnet_utils" / "nnet_code_gen.h"
    lines = cg.read_text().splitlines()
    k = next(i for i, s in enumerate(lines) if re.search(r"\bv\d+ = v\d+ [-+] ", s))
    lines[k] = re.sub(r"= (v\d+) [-+] ", r"= \1 / ", lines[k])  # a division: not a form hls4ml emits
    cg.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["verify", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"nnet_code_gen.h:{k + 1}:" in err, err
