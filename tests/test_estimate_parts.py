"""The part decoder, the family timing model, and `fxsim estimate` on any part and any old project.

Hand-worked cases: each expected value below is read off the part number by the rules of AMD's ordering
guides (device, package, speed grade, temperature) and the data sheets cited in
:mod:`fxsim.estimate.parts`, not computed with the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fxsim.estimate import LayerSpec, decode_part, estimate
from fxsim.estimate import constants as C
from fxsim.estimate.cli import EXIT_BAD_INPUT, main
from fxsim.estimate.layers import cycles_for
from fxsim.types import FixedType

OLD = Path(__file__).parent / "data" / "old_projects"
T16 = FixedType(16, 6)


@pytest.mark.parametrize("text, device, family, slice_, package, grade, temp", [
    ("xc7z007s-clg225-2", "xc7z007s", "zynq7", "DSP48E1", "clg225", "-2", None),      # issue 14's part
    ("xc7z020clg400-1", "xc7z020", "zynq7", "DSP48E1", "clg400", "-1", None),          # PYNQ-Z2, fused
    ("xc7a35ticsg324-1L", "xc7a35t", "artix7", "DSP48E1", "csg324", "-1L", "i"),       # Arty, industrial
    ("XC7K325T-2FFG900C", "xc7k325t", "kintex7", "DSP48E1", "ffg900", "-2", "c"),      # old order
    ("xcku115-flvb2104-2-i", "xcku115", "kintexu", "DSP48E2", "flvb2104", "-2", "i"),  # hls4ml <= 0.8
    ("xcvu9p-flga2104-2L-e", "xcvu9p", "virtexuplus", "DSP48E2", "flga2104", "-2L", "e"),
    ("xcu250-figd2104-2L-e", "xcu250", "alveo", "DSP48E2", "figd2104", "-2L", "e"),
    ("xczu9eg-ffvb1156-2-e", "xczu9eg", "zynquplus", "DSP48E2", "ffvb1156", "-2", "e"),
    ("xck26-sfvc784-2LV-c", "xck26", "kria", "DSP48E2", "sfvc784", "-2LV", "c"),
    ("xcvc1902-vsva2197-2MP-e-S", "xcvc1902", "versal", "DSP58", "vsva2197", "-2MP", "e"),
    ("xqku060-rfa1156-1-m", "xqku060", "kintexu", "DSP48E2", "rfa1156", "-1", "m"),    # defence grade
])
def test_part_decoder_hand_worked(text, device, family, slice_, package, grade, temp):
    p = decode_part(text)
    assert (p.device, p.family.name, p.family.dsp_slice, p.package, p.speed_grade, p.temperature) == (
        device, family, slice_, package, grade, temp)


def test_capacity_only_for_percentages_and_unknown_devices_warn():
    # DS190: the XC7Z007S has 66 DSP48E1, 14,400 LUTs, 28,800 FFs, 50 RAMB36 = 100 RAMB18
    p = decode_part("xc7z007s-clg225-2")
    assert (p.capacity.dsp, p.capacity.lut, p.capacity.ff, p.capacity.bram_18k) == (66, 14_400, 28_800, 100)
    assert p.warnings == ()
    q = decode_part("xcau25p-ffvb676-2-e")       # Artix UltraScale+: rules yes, capacity not tabulated
    assert q.family.dsp_slice == "DSP48E2" and q.capacity is None and "capacity table" in q.warnings[0]
    r = decode_part("10AX115N2F40E2LG")          # not AMD/Xilinx: UltraScale+ rules and a warning
    assert r.family.name == "virtexuplus" and "not an AMD/Xilinx part" in r.warnings[0]
    with pytest.raises(ValueError, match="empty part"):
        decode_part("  ")


def test_timing_model_scales_operator_delays_by_family_speed():
    # DSP Fmax: UltraScale+ -2 891 MHz (DS922), Zynq-7000 -1 464 MHz (DS187): 891/464 = 1.92, times the
    # 7-series HLS library factor 1.172 (a 16-bit add is 2.07 ns in Vitis HLS's xc7z020-1 schedule, the
    # model's 0.92 ns x 1.92 = 1.77): 2.25; Kintex-7 -2 650 MHz (DS182): 891/650 x 1.172 = 1.61;
    # Kintex UltraScale -2 661 MHz (DS892): 1.35 (no library factor: no UltraScale schedule read)
    assert C.HLS_LIBRARY_FACTOR["7series"] == 1.172
    assert decode_part("xc7z020clg400-1").delay_scale == 2.25
    assert decode_part("xc7z007s-clg225-2").delay_scale == 1.9          # issue 14's part: 891/550 x 1.172
    assert decode_part("xc7k325tffg900-2").delay_scale == 1.61
    assert decode_part("xcku115-flvb2104-2-i").delay_scale == 1.35
    assert decode_part("xcvu9p-flga2104-2L-e").delay_scale == 1.0
    assert decode_part("xcvu9p").speed_grade is None and decode_part("xcvu9p").delay_scale == 1.0  # -2 assumed
    # a 3.5 ns chain: one cycle at 5 ns on UltraScale+ (4.375 ns usable), two on a Zynq-7000 -1 at the same
    # clock (the scheduler's period shrinks to 5/2.25 ns: 1.94 ns usable)
    assert cycles_for(3.5, 5.0) == 1 and cycles_for(3.5, 5.0 / 2.25) == 2
    # ... and a 7-series at 100 MHz is not an UltraScale+ at 200 MHz: 8.75 / 2.25 = 3.89 ns usable: 1 cycle
    assert cycles_for(3.5, 10.0 / 2.25) == 1


def _net():
    w = np.random.default_rng(0).normal(0, 0.5, (16, 8))
    return [LayerSpec("dense", "fc1", 16, 8, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16),
            LayerSpec("relu", "relu1", 8, 8, input_t=T16, result_t=T16)]


def test_family_decides_dsp_slices_and_latency():
    # a 26x18 product is one DSP48E2 (27x18) but two DSP48E1 (25x18)
    w = np.full((1, 1), (2**25 - 3) / 2**25)
    t26 = FixedType(26, 1)
    spec = [LayerSpec("dense", "d", 1, 1, weights=w, input_t=FixedType(18, 6), weight_t=t26,
                      accum_t=FixedType(48, 12), result_t=T16, mul_binding="dsp")]
    assert estimate(spec, part="xcvu9p").total["dsp"] == 1
    assert estimate(spec, part="xc7z020clg400-1").total["dsp"] == 2
    us, z7 = estimate(_net(), part="xcvu9p", clock_ns=5.0), estimate(_net(), part="xc7z020clg400-1", clock_ns=5.0)
    assert z7.total["latency_cycles"] > us.total["latency_cycles"]
    d = json.loads(z7.to_json())
    assert d["family"] == "zynq7" and d["part_info"]["dsp_slice"] == "DSP48E1"
    assert "Zynq-7000 -1" in d["timing_model"] and "Zynq-7000" in z7.table()


def test_any_part_string_is_estimated_with_a_warning():
    e = estimate(_net(), part="my-custom-board")
    d = e.to_dict()
    assert d["family"] == "virtexuplus" and d["percent"]["dsp"] is None
    assert any("not an AMD/Xilinx part" in n for n in d["notes"])
    with pytest.raises(ValueError, match="empty part"):
        estimate(_net(), part="")


@pytest.mark.parametrize("project", sorted(p.name for p in OLD.iterdir()))
@pytest.mark.parametrize("part", [None, "xc7z007s-clg225-2", "xcvc1902-vsva2197-2MP-e-S", "xcau10p-sbvb484-1-e",
                                  "not-a-part"])
def test_cli_exits_0_on_old_projects_and_any_part(project, part, tmp_path, capsys):
    out = tmp_path / "est.json"
    argv = [str(OLD / project), "--json", str(out)] + (["--part", part] if part else [])
    assert main(argv) == 0
    d = json.loads(out.read_text())
    assert d["total"]["latency_cycles"] > 0 and d["family"] and d["timing_model"]
    assert set(d["bands"]) >= {"coverage", "regime", "csynth", "post_synthesis"}
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if part == "not-a-part":
        assert "warning: part 'not-a-part' is not an AMD/Xilinx part" in err


def test_cli_empty_part_is_a_usage_error(capsys):
    assert main([str(OLD / "0.8.1_jet_tagger"), "--part", ""]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "empty part" in err


def test_weight_binary_products_read_zero_as_minus_one():
    # nnet_mult.h weight_binary: w == 0 ? -a : a. Eight XNOR bits 0/1 are eight +-1 weights: no zero is
    # folded, every product is a sign (a shift: no multiplier, no DSP), 8 nonzero terms per output
    from types import SimpleNamespace

    from fxsim.config import Config
    from fxsim.estimate.adapter import layers_from_project

    bits = SimpleNamespace(values=np.array([0, 1] * 4, dtype=np.float64), type=FixedType.parse("ap_uint<1>"))
    prj = SimpleNamespace(
        part="xc7z020clg400-1", clock_period=10.0, io_type="io_parallel",
        calls=[SimpleNamespace(function="dense", config="config2", inputs=("x",), outputs=("y",),
                               weights=("w2",), layer="fc1")],
        configs={"config2": Config("config2", n_in=8, n_out=1, reuse_factor=1, strategy="latency",
                                   accum_t=T16, weight_t=FixedType.parse("ap_uint<1>"), product="weight_binary")},
        weights={"w2": bits})
    spec = layers_from_project(prj)[0]
    assert spec.weights.ravel().tolist() == [-1.0, 1.0] * 4
    e = estimate(prj)
    assert e.layers[0].mults["zero"] == 0 and e.layers[0].mults["shift"] == 8 and e.total["dsp"] == 0


def test_a_project_layer_that_cannot_be_costed_is_a_note_not_an_error():
    from types import SimpleNamespace

    from fxsim.config import Config

    prj = SimpleNamespace(
        part="xcvu9p", clock_period=5.0, io_type="io_parallel",
        calls=[SimpleNamespace(function="dense", config="config2", inputs=("x",), outputs=("y",),
                               weights=(), layer="fc1")],   # the reader gave no weights
        configs={"config2": Config("config2", n_in=8, n_out=4, reuse_factor=1, strategy="latency", accum_t=T16)},
        weights={})
    e = estimate(prj)
    assert e.total["dsp"] == 0 and e.regime == "uncalibrated"
    assert any("fc1: not estimated" in n for n in e.to_dict()["notes"])
    with pytest.raises(ValueError):      # the API with explicit LayerSpecs stays strict
        estimate([LayerSpec("dense", "fc1", 8, 4)])


def test_unroll_limit_layers_are_flagged_and_get_the_wide_band():
    # 128 x 64 = 8192 multiplications at RF 1 > hls4ml's 4096: flagged, regime 'uncalibrated' (x0.5-2 DSP)
    w = np.full((128, 64), 0.30078125)
    e = estimate([LayerSpec("dense", "big", 128, 64, weights=w, input_t=T16, weight_t=T16, accum_t=T16,
                            result_t=T16)], part="xcvu9p")
    d = e.to_dict()
    assert d["layers"][0]["over_unroll_limit"] and e.regime == "uncalibrated"
    dsp = d["total"]["dsp"]
    assert d["bands"]["post_synthesis"]["dsp"] == [dsp // 2, 2 * dsp]
