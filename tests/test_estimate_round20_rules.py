"""Rules changed after the held-out run of 2026-12-07 (third session), each with a hand-worked case."""

from __future__ import annotations

import numpy as np

from fxsim.estimate import multipliers as M
from fxsim.estimate.adapter import project_hls_tool
from fxsim.estimate.layers import LayerSpec, estimate_layer
from fxsim.project.settings import project_settings
from fxsim.types import FixedType


def test_vitis_puts_constant_products_of_10_bit_data_in_luts():
    # 77 = 1001101b: 4 CSD digits (64 + 16 - 4 + 1), a true multiplication. Vitis HLS 2024.1: 10-bit data -> LUTs,
    # 11-bit -> a DSP; Vivado HLS (and an unknown tool) keep the 10-bit threshold
    raw = np.array([[77], [77]])
    assert M.classify_array(raw, np.array([[10], [11]]), hls_tool="vitis").ravel().tolist() == ["fabric", "dsp"]
    assert M.classify_array(raw, np.array([[10], [11]]), hls_tool="vivado").ravel().tolist() == ["dsp", "dsp"]


def test_dense_dsp_count_follows_the_tool():
    # one 10-bit input times 77/128 in ap_fixed<8,1> (raw 77): one DSP under Vivado HLS, none under Vitis HLS
    spec = dict(kind="dense", name="d", n_in=1, n_out=1, weights=np.array([77 / 128]), bias=np.array([0.0]),
                input_t=FixedType(10, 4), weight_t=FixedType(8, 1), accum_t=FixedType(20, 8))
    assert estimate_layer(LayerSpec(**spec, hls_tool="vivado"), 5.0).dsp == 1
    assert estimate_layer(LayerSpec(**spec, hls_tool="vitis"), 5.0).dsp == 0


def test_yaml_vitis_backend_wins_over_project_tcl(tmp_path):
    # hls4ml_config.yml asked for Vitis, project.tcl says "vivado" (Lrozzy/hls4ml-tutorial model_3.1)
    (tmp_path / "hls4ml_config.yml").write_text("Backend: Vitis\nPart: xcu250-figd2104-2L-e\n")
    (tmp_path / "project.tcl").write_text('variable backend\nset backend "vivado"\n')
    s = project_settings(tmp_path)
    assert s["backend"] == "Vitis"

    class P:
        backend, settings = s["backend"], s

    assert project_hls_tool(P()) == ("vitis", None)
