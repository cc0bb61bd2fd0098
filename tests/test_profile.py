"""``fxsim profile`` on real hls4ml projects: a CNN (KERAS_conv1d_small), an LSTM+GRU and the
shipped jet tagger. The profile's per-layer ranges must be the trace's min/max (the trace itself is
tested bit for bit against the compiled testbenches elsewhere), the narrowest type must hold every
value the firmware produced, and the figure must be written and non-empty with one box per layer
spanning the trace's range."""

from __future__ import annotations

import json

import numpy as np
import projects as P
import pytest
from test_e2e_conv import WIDE, _conv1d_inputs
from test_e2e_recurrent import lstm_gru_model, stress_inputs

from fxsim.cli import main
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.profile import profile
from fxsim.types import FixedType


def _conv() -> tuple:
    prj = P.build_project("KERAS_conv1d_small", P.hls_config_for(WIDE), inputs=_conv1d_inputs())
    return prj, _conv1d_inputs()


def _lstm() -> tuple:
    return P.build_project(lstm_gru_model(), P.hls_config_for(), inputs=stress_inputs()), stress_inputs()


def _jet() -> tuple:
    prj = example_project()
    return prj, None


CASES = {"conv1d": _conv, "lstm_gru": _lstm, "jet_tagger": _jet}


@pytest.mark.parametrize("case", list(CASES))
def test_profile_ranges_equal_trace(case: str, tmp_path) -> None:
    prj, x = CASES[case]()
    net = load_hls4ml(prj)
    if x is None:
        x = list(net.project.testbench_inputs().values())[0][:300]
    tr = net.trace(x)
    prof = profile(net, x)
    rows = {r.layer: r for r in prof.layers}
    assert set(tr.outputs) <= set(rows)
    for name, a in tr.outputs.items():
        v = a.to_float()
        r = rows[name]
        assert (r.min, r.max) == (v.min(), v.max()), name
        assert r.type == str(a.type) and r.type_min == a.type.min_value and r.lsb == a.type.lsb
        # the narrowest type holds every value exactly
        narrow = FixedType.parse(r.narrowest)
        assert np.array_equal(narrow.to_float(narrow.quantize(v)), v), (name, r.narrowest)
        # the counts are the trace's, summed over the layer's casts
        base = [c for (lay, _), c in tr.counts.items() if lay.split("[t=")[0].split(":")[0] == name]
        assert r.saturated == sum(c.saturated for c in base) and r.rounded == sum(c.rounded for c in base)
    if case == "lstm_gru":
        assert any(r.function == "lstm_stack" for r in prof.layers)
    json.loads(prof.to_json())
    pytest.importorskip("matplotlib")  # in the `test` extra: CI has it
    fig = prof.plot(tmp_path / "p.png")
    assert (tmp_path / "p.png").stat().st_size > 5000
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 2 and ln.get_color() == "k"]
    spans = sorted((float(min(ln.get_xdata())), float(max(ln.get_xdata()))) for ln in lines)
    assert spans == sorted((r.min, r.max) for r in prof.layers)


def test_profile_cli_writes_json_and_html(tmp_path, capsys) -> None:
    pytest.importorskip("matplotlib")
    prj = example_project()
    code = main(["profile", str(prj), "--events", "200", "--json", str(tmp_path / "p.json"),
                 "--plot", str(tmp_path / "p.html")])
    assert code == 0
    out = capsys.readouterr().out
    assert "output_softmax_softmax" in out and "narrowest" in out
    d = json.loads((tmp_path / "p.json").read_text())
    assert d["n_events"] == 200 and d["layers"][0]["layer"] == "input_1"
    assert "data:image/png;base64," in (tmp_path / "p.html").read_text()


def test_profile_constant_output_is_reported() -> None:
    """A first layer typed so narrow that every value saturates to the same tiny number: the output
    no longer depends on the (varying) inputs, and profile says so; constant inputs do not warn."""
    from fxsim.compare import retyped

    net = load_hls4ml(example_project())
    x = list(net.project.testbench_inputs().values())[0][:200]
    assert not profile(net, x).warnings
    bad = retyped(net, "fc1_relu", "ap_fixed<2,-10,AP_TRN,AP_SAT>")
    prof = profile(bad, x)
    assert any("cannot be right" in w and "output_softmax_softmax" in w for w in prof.warnings)
    assert "WARNING" in prof.text()
    assert not profile(net, np.zeros((5, net.inputs[0].size))).warnings
    assert main(["profile", str(example_project()), "--inputs", "/nonexistent.npy"]) == 2
