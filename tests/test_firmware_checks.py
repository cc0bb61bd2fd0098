"""Firmware that cannot be right, said plainly by ``verify`` and ``trace`` (text and JSON), from the one
detector ``fxsim.firmware_checks`` that ``compare`` and ``profile`` use too.

* a converted layer with no call: the shipped example with one hand-made edit (the relu call of
  fc1 removed and the next dense reading the dense's output, as a user deleting a line would; the
  reader accepts it), so ``relu_config3`` in parameters.h is called by nothing;
* an output constant over varying inputs: hls4ml's own conversion of a QONNX model with arbitrary
  scales at fixed<16,6> (test_e2e_qonnx: the unscale rounds to 0), whose firmware's outputs are all
  equal (checked on hls4ml's own predict, not fxsim's);
* table lookups out of range: the QKeras fixture cov_dense_quantizers, whose a_real_tanh table
  (hls4ml's default range) is indexed outside its range (hls4ml's trace shows a_real_tanh at the
  table's end values, the QKeras tanh beyond them).
A clean project (the shipped jet tagger) prints no warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import hostile_edits as H
import numpy as np
import pytest

from fxsim.cli import main
from fxsim.examples import example_project
from fxsim.findings import Finding, findings_json, warning_lines
from fxsim.firmware_checks import cannot_be_right, uncalled_layers
from fxsim.network import load_hls4ml
from fxsim.project.reader import read_project

RELU_REMOVED = [(H.TOP, H.RELU_CALL + "\n", ""),
                (H.TOP, "nnet::dense<layer3_t, layer4_t, config4>(layer3_out,",
                 "nnet::dense<layer2_t, layer4_t, config4>(layer2_out,")]


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_uncalled_layer_in_verify_and_trace(tmp_path, capsys) -> None:
    prj = H.copy_example(tmp_path / "prj")
    H.apply(prj, RELU_REMOVED)
    found = uncalled_layers(read_project(prj))
    assert [f.layer for f in found] == ["fc1_relu_relu"] and found[0].source.startswith("parameters.h:")
    main(["verify", str(prj)])
    out = capsys.readouterr().out
    assert "WARNING: cannot be right: layer fc1_relu_relu was converted (relu_config3" in out
    main(["verify", str(prj), "--json", "-"])
    assert [w["layer"] for w in _json(capsys)["warnings"]] == ["fc1_relu_relu"]
    assert main(["trace", str(prj), "--events", "20"]) == 0
    assert "WARNING: cannot be right: layer fc1_relu_relu" in capsys.readouterr().out
    main(["trace", str(prj), "--events", "20", "--json", "-"])
    assert [w["kind"] for w in _json(capsys)["warnings"]] == ["cannot be right"]


def test_clean_project_has_no_warning(capsys) -> None:
    assert main(["verify", str(example_project())]) == 0
    assert "WARNING" not in capsys.readouterr().out
    main(["trace", str(example_project()), "--events", "50", "--json", "-"])
    assert _json(capsys)["warnings"] == []


def test_constant_output_in_verify_and_trace(capsys) -> None:
    pytest.importorskip("qonnx")
    import test_e2e_qonnx as E

    b = E.built(E.BY_NAME["qonnx-scaled-16-6"])
    y = b.hls4ml_predict.reshape(len(b.hls4ml_predict), -1)
    assert (y == y[0]).all()  # hls4ml's own firmware: one output for every input
    assert main(["verify", str(b.project)]) == 0  # fxsim reproduces it ...
    out = capsys.readouterr().out
    assert "WARNING: cannot be right: the firmware's output" in out and "same for all" in out  # ... and says so
    main(["trace", str(b.project), "--json", "-"])
    assert any("same for all" in w["message"] for w in _json(capsys)["warnings"])


def test_table_out_of_range_in_verify_and_trace(capsys) -> None:
    prj = Path(__file__).resolve().parent / "data" / "qkeras" / "cov_dense_quantizers"
    with np.load(prj / "hls4ml_outputs.npz", allow_pickle=False) as f:
        fw, x = f["trace/a_real_tanh"], f["x"]
    qk = np.load(prj / "qkeras_layers.npz")["a_real_tanh"].reshape(fw.shape)
    ends = (fw == fw.max()) | (fw == fw.min())
    assert ends.any() and (np.abs(qk - fw)[ends] > 0.05).any()  # the table's ends, not the tanh
    net = load_hls4ml(prj)
    found = cannot_be_right(net, [x.reshape(len(x), -1)], trace=net.trace(x.reshape(len(x), -1)))
    assert any(f.layer == "a_real_tanh" and "table lookups" in f.message for f in found)
    main(["verify", str(prj)])
    assert "table lookups of a_real_tanh fell outside the table's range" in capsys.readouterr().out
    main(["trace", str(prj), "--json", "-"])
    assert any(w["layer"] == "a_real_tanh" for w in _json(capsys)["warnings"])


def test_findings_render_alike() -> None:
    f = Finding("template hazard", "Average multiplies by ac_fixed<1,-1,false>(0.5) == 0", layer="avg",
                source="myproject.cpp:40")
    assert warning_lines([f, f]) == ["WARNING: template hazard: Average multiplies by ac_fixed<1,-1,false>(0.5) "
                                     "== 0 [myproject.cpp:40]"]
    assert findings_json([f, f]) == [{"kind": "template hazard", "message": f.message, "layer": "avg",
                                      "source": "myproject.cpp:40"}]
