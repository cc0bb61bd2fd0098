"""``fxsim verify --trace-reference``: with hls4ml's own per-layer trace as the reference, a firmware
whose weights were altered is reported at the layer that holds the altered weight."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from projects import convert, make_spec

from fxsim.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    """The jet tagger converted with Trace on every layer, compiled by hls4ml; its trace of x."""
    hls4ml = pytest.importorskip("hls4ml")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(50, 16))
    cfg = {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency"}}
    spec = make_spec("KERAS_3layer", cfg, io_type="io_parallel", inputs=x)
    out = tmp_path_factory.mktemp("traced")
    graph = convert(spec, out / "prj", out)
    for layer in graph.get_layers():
        layer.set_attr("trace", True)
    graph.compile()
    _, trace = graph.trace(x)
    del hls4ml
    return out / "prj", x, trace


def test_altered_weight_is_found_at_its_layer(traced, tmp_path: Path):
    prj, x, trace = traced
    np.save(tmp_path / "x.npy", x)
    np.savez(tmp_path / "trace.npz", **trace)
    # reference outputs = hls4ml's own predict (last traced layer), firmware copy with one weight changed
    y = np.asarray(list(trace.values())[-1]).reshape(len(x), -1)
    np.save(tmp_path / "y.npy", y)
    bad = tmp_path / "bad"
    shutil.copytree(prj, bad)
    w = bad / "firmware" / "weights" / "w4.txt"
    vals = w.read_text().strip().split(",")
    vals[:40] = ["3.5"] * 40
    w.write_text(",".join(vals) + "\n")
    code = main(["verify", str(bad), "--inputs", str(tmp_path / "x.npy"), "--expected", str(tmp_path / "y.npy"),
                 "--trace-reference", str(tmp_path / "trace.npz"), "--json", str(tmp_path / "r.json")])
    assert code == 1
    import json

    report = json.loads((tmp_path / "r.json").read_text())
    assert report["first_layer"]["first_disagreeing_layer"]["layer"] == "fc2_relu"


def test_unaltered_agrees_with_every_traced_layer(traced, tmp_path: Path):
    prj, x, trace = traced
    from fxsim.network import load_hls4ml
    from fxsim.verify import first_disagreeing_layer

    net = load_hls4ml(prj)
    assert first_disagreeing_layer(net, [x], {k: np.asarray(v) for k, v in trace.items()}) is None
