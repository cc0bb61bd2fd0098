"""Unit tests of each estimator rule against hand-worked cases (the working is in each test)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from fxsim.estimate import LayerSpec, estimate, memory, reuse
from fxsim.estimate import constants as C
from fxsim.estimate import multipliers as M
from fxsim.estimate.layers import estimate_layer, product_widths
from fxsim.types import FixedType

T14 = FixedType(14, 6)
T16 = FixedType(16, 6)


# ----------------------------------------------------------------------------- CSD classification
@pytest.mark.parametrize("value, digits", [
    (0, 0),
    (1, 1), (-64, 1),          # powers of two: one digit
    (3, 2),                    # 011 = 100 - 001
    (7, 2),                    # 0111 = 1000 - 0001
    (6, 2),                    # 0110 = 1000 - 0010
    (5, 2),                    # 0101 = 0100 + 0001 (already non-adjacent)
    (11, 3),                   # 01011 = 10000 - 00100 - 00001 ; binary has 3 ones too
    (15, 2),                   # 01111 = 10000 - 00001
    (23, 3),                   # 10111 = 11000 - 1 = 100000 - 01000 - 1 -> 3 digits
    (85, 4),                   # 1010101 non-adjacent already: 4 digits
    (-77, 4),                  # 77 = 1001101 = 64 + 16 - 4 + 1
    (255, 2),                  # 2^8 - 1
])
def test_csd_digits_hand_worked(value, digits):
    assert M.csd_digits(value) == digits
    assert M.csd_digits_array(np.array([value]))[0] == digits


def test_csd_is_minimal_and_matches_scalar_version():
    # NAF has the minimal weight of all signed-binary forms; it is never worse than plain binary
    vals = np.arange(-4096, 4097)
    arr = M.csd_digits_array(vals)
    assert np.all(arr <= np.array([bin(abs(int(v))).count("1") for v in vals]))
    assert [M.csd_digits(int(v)) for v in vals[::37]] == arr[::37].tolist()


@pytest.mark.parametrize("value, data_width, kind", [
    (0, 14, "zero"),     # folded away
    (-32, 14, "shift"),  # one digit: wiring (+ negation folded into the accumulation)
    (6, 14, "adder"),    # two digits: x<<3 - x<<1
    (11, 14, "dsp"),     # three digits on 14-bit data: a DSP however narrow the constant (5 signed bits)
    (11, 6, "fabric"),   # the same constant on 6-bit data: LUTs
    (77, 14, "dsp"),     # four digits, data 14 >= 10 bits: DSP
    (77, 8, "fabric"),   # same constant, 8-bit data < 10: LUTs (arXiv:2006.10159: below ~10 bits -> LUTs)
    (100, 14, "dsp"),    # 100 = 128 - 32 + 4: three digits, 8 signed bits
])
def test_classify_constant(value, data_width, kind):
    assert M.classify_constant(value, data_width) == kind


def test_binding_override():
    assert M.classify_constant(11, 14, binding="dsp") == "dsp"
    assert M.classify_constant(77, 14, binding="fabric") == "fabric"
    assert M.classify_constant(6, 14, binding="dsp") == "adder"  # binding never un-folds a cheap constant
    with pytest.raises(ValueError):
        M.classify_constant(77, 14, binding="uram")


def test_constant_width_is_narrowed():
    # ap_fixed<14,6> holding 0.375 is raw 96 = 0b1100000: 7 magnitude bits + sign = 8, not 14
    assert M.constant_width(96) == 8
    assert M.constant_width(-1) == 2


# ----------------------------------------------------------------------------- DSP slicing
@pytest.mark.parametrize("a, b, family, slices", [
    (18, 18, "DSP48E2", 1),   # fits 27x18
    (27, 18, "DSP48E2", 1),   # exactly the port widths
    (27, 19, "DSP48E2", 2),   # 27->A, 19->B: 1 x 2 pieces; 19->A, 27->B: 1 x 2 pieces -> 2
    (28, 18, "DSP48E2", 2),   # 28 = 27 signed + 1 more: two pieces on A
    (26, 18, "DSP48E1", 2),   # 25x18 slice: 26 needs two pieces
    (25, 18, "DSP48E1", 1),
    (32, 32, "DSP48E2", 4),   # 32 -> 2 pieces on 27 (27 + 26 unsigned), 32 -> 2 pieces on 18: 2x2
    (44, 18, "DSP48E2", 2),   # 44 <= 27 + 26 -> 2 pieces
])
def test_dsp_slices(a, b, family, slices):
    assert M.dsp_slices(a, b, family) == slices


def test_slice_pieces():
    # signed top piece has `port` bits, every lower unsigned piece port-1
    assert M.slice_pieces(18, 18) == 1
    assert M.slice_pieces(35, 18) == 2   # 18 + 17
    assert M.slice_pieces(36, 18) == 3


# ----------------------------------------------------------------------------- reuse factor
def test_valid_rf_hand_worked():
    # n_in=10, n_out=3 (30 products). rf=3: multfactor 3, limit 10, 10 % 3 != 0 and 3 < 10 -> invalid.
    # rf=5: limit 6, 6 % 3 == 0, 5 < 10, 30 % 5 == 0 -> valid. rf=6: limit 5 -> invalid.
    # rf=10: rf >= n_in, 10 % 10 == 0, 30 % 10 == 0 -> valid. rf=15: 15 % 10 != 0 -> invalid. rf=30 valid.
    assert reuse.valid_reuse_factors(10, 3) == [1, 2, 5, 10, 30]
    assert reuse.closest_reuse_factor(10, 3, 3) == 2    # tie 2 vs 5? |3-2|=1 < |5-3|=2 -> 2
    assert reuse.closest_reuse_factor(10, 3, 4) == 5    # |5-4|=1 < |4-2|=2
    assert reuse.closest_reuse_factor(10, 3, 100) == 30


def test_valid_rf_matches_installed_hls4ml():
    fpga = pytest.importorskip("hls4ml.backends.fpga.fpga_backend")
    for n_in, n_out in [(16, 64), (64, 32), (32, 5), (10, 3), (27, 8)]:
        ours = reuse.valid_reuse_factors(n_in, n_out)
        theirs = [rf for rf in range(1, n_in * n_out + 1)
                  if fpga.FPGABackend._validate_reuse_factor(None, n_in, n_out, rf)]
        assert ours == theirs


def test_multiplier_limit_and_messages():
    # DIV_ROUNDUP(16*64, 3) - 100/3 = 342 - 33
    assert reuse.multiplier_limit(16, 64, 3, n_zeros=100) == 309
    c = reuse.check_reuse_factor("fc1", 16, 64, 3, "resource")
    assert (c.used, c.valid) == (2, False) and "silently uses ReuseFactor=2" in c.messages[0]
    c = reuse.check_reuse_factor("fc1", 16, 64, 3, "latency")  # latency accepts any RF
    assert (c.used, c.valid) == (3, True)
    # Latency: PIPELINE II=RF unrolls all 128*64 = 8192 products whatever the RF -> flagged at RF 1 and 2;
    # Resource: MultLoop unrolls block_factor = 8192/RF -> 4096 at RF 2 is not over
    assert reuse.check_reuse_factor("x", 128, 64, 1, "latency").over_unroll_limit
    assert reuse.check_reuse_factor("x", 128, 64, 2, "latency").over_unroll_limit
    assert reuse.check_reuse_factor("x", 128, 64, 1, "resource").over_unroll_limit
    assert not reuse.check_reuse_factor("x", 128, 64, 2, "resource").over_unroll_limit


def test_the_unroll_limit_message_says_what_each_tool_does():
    # Vivado HLS: pre-synthesis may stop (XFORM 203-504 on Product1, hls4ml issue #1013), but it built
    # Duchstf/L1BTag's 26,000-product Latency Conv1D: "may", not "will"
    viv = reuse.check_reuse_factor("fc1", 561, 20, 100, "latency", "vivado").messages[0]
    assert "11220 products" in viv and "Vivado HLS may stop unrolling" in viv and "'Product1'" in viv
    # Vitis HLS builds it (the public HAR and mnist fc1 reports): no claim that it refuses
    vit = reuse.check_reuse_factor("fc1", 561, 20, 100, "latency", "vitis").messages[0]
    assert "Vitis HLS builds it" in vit and "stop" not in vit
    res = reuse.check_reuse_factor("fc1", 256, 64, 2, "resource", "vivado").messages[0]
    assert "8192 products a cycle" in res and "'MultLoop'" in res
    unknown = reuse.check_reuse_factor("fc1", 561, 20, 1, "latency").messages[0]
    assert "the tool is not known" in unknown


# ----------------------------------------------------------------------------- BRAM packing
@pytest.mark.parametrize("depth, width, n", [
    (1024, 18, 1),    # exactly one RAMB18 in 1Kx18
    (1024, 19, 2),    # one bit too wide: two side by side
    (2048, 9, 1),     # 2Kx9
    (2048, 10, 2),    # 2Kx9 x 2 or 1Kx18 x 2
    (512, 36, 1),     # 512x36 (SDP)
    (512, 72, 2),
    (16, 1024, 29),   # a wide, shallow ROM: 512x36 tiles, ceil(1024/36) = 29
    (16384, 1, 1),
    (20000, 1, 2),
])
def test_bram_packing(depth, width, n):
    assert memory.bram18_for_rom(depth, width) == n


def test_rom_ports_and_lutrom():
    # 5 reads per cycle of a 1Kx18 table: dual-port -> ceil(5/2) = 3 copies
    assert memory.rom_cost(1024, 18, reads=5) == (3, 0)
    # a 32-deep ROM stays in LUTs: 16 bits x 1 LUT6 (64x1) each
    assert memory.rom_cost(32, 16) == (0, 16)


def test_resource_strategy_weights_in_bram():
    # 64x32 dense, 16-bit weights, RF=32: block_factor = 64, one ROM of depth 32 x 64*16 = 1024 bits wide
    # -> shallow (32 < 64) -> LUT ROM; at RF=128 (depth 128 >= 64) -> BRAM: 512x36 tiles, ceil(256/36)=8
    rng = np.random.default_rng(1)
    w = rng.normal(0, 0.3, (64, 32))
    base = dict(weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16, strategy="resource")
    small = estimate_layer(LayerSpec("dense", "d", 64, 32, reuse_factor=32, **base), 5.0)
    big = estimate_layer(LayerSpec("dense", "d", 64, 32, reuse_factor=128, **base), 5.0)
    assert small.bram_18k == 0 and small.lut > 0
    assert big.bram_18k == memory.bram18_for_rom(128, 16 * 16) == 8
    assert big.ii == 128 and big.latency_cycles >= 128
    # block_factor = 2048/128 = 16 multipliers of 16x16 -> 16 DSPs
    assert big.dsp == 16


# ----------------------------------------------------------------------------- layers and totals
def _dense(w, rf=1, strategy="latency", t=T14, **kw):
    return LayerSpec("dense", "fc", w.shape[0], w.shape[1], weights=w, input_t=t, weight_t=t, accum_t=t,
                     result_t=t, reuse_factor=rf, strategy=strategy, **kw)


def test_dense_weight_by_weight_counts():
    # ap_fixed<14,6>: raw = floor(w * 256). Column 0: 0 -> zero, 0.5 (128) -> shift;
    # column 1: 0.0234375 (6) -> adder, 0.30078125 (77) -> dsp, 0.04296875 (11, three digits) -> dsp
    w = np.array([[0.0, 0.0234375], [0.5, 0.30078125], [0.0, 0.04296875]])
    e = estimate_layer(_dense(w), 5.0)
    assert e.mults == {"zero": 2, "shift": 1, "adder": 1, "fabric": 0, "dsp": 2}
    assert e.dsp == 2


def test_identical_constants_in_a_row_share_a_multiplier():
    w = np.full((1, 8), 0.30078125)     # raw 77 eight times in one input row: one product
    assert estimate_layer(_dense(w), 5.0).dsp == 1
    w = np.full((8, 1), 0.30078125)     # eight inputs: eight products
    assert estimate_layer(_dense(w), 5.0).dsp == 8


def test_latency_rf_shares_true_multipliers():
    # 8x4 of raw 77 (<14,6>: 0.30078125, 3 CSD digits, a `mul`), RF = 4: multiplier_limit =
    # ceil(32/4) - 0 = 8, mul_ops = 32 -> 8 shared multipliers, II = ceil(32/8) = 4 = RF
    e4 = estimate_layer(_dense(np.full((8, 4), 0.30078125), rf=4), 5.0)
    assert e4.ii == 4 and e4.mults["dsp"] + e4.mults["fabric"] == 8


def test_latency_rf_ii_below_rf_when_weights_are_shifts():
    # half the weights 0.5 (raw 128 = 2^7: a shift, not a `mul`), half raw 77: limit = 32/4 = 8,
    # mul_ops = 16 -> II = ceil(16/8) = 2 < RF = 4 (the II-below-RF of Latency designs)
    w = np.full((8, 4), 0.30078125)
    w[::2] = 0.5
    e = estimate_layer(_dense(w, rf=4), 5.0)
    assert e.ii == 2 and e.details["allocation"] == {"mul_ops": 16, "multiplier_limit": 8, "ii": 2}
    assert e.mults["shift"] == 16 and e.mults["dsp"] + e.mults["fabric"] == 8
    # pruned: 24 zeros -> limit = 8 - 24//4 = 2, mul_ops = 8 -> II = 4; all shifts -> nothing shared, II 1
    w2 = np.zeros((8, 4))
    w2[:2] = 0.30078125
    assert estimate_layer(_dense(w2, rf=4), 5.0).ii == 4
    assert estimate_layer(_dense(np.full((8, 4), 0.5), rf=4), 5.0).ii == 1
    # hls4ml's n_zeros counts weights exactly 0 before quantization: 24 weights of 1e-6 (0 in <14,6>, LSB
    # 2^-8) are folded by HLS but not subtracted from the limit: limit = 8, mul_ops = 8 -> II = 1
    w3 = np.full((8, 4), 1e-6)
    w3[:2] = 0.30078125
    e3 = estimate_layer(_dense(w3, rf=4), 5.0)
    assert e3.ii == 1 and e3.details["allocation"] == {"mul_ops": 8, "multiplier_limit": 8, "ii": 1}


def test_product_widths():
    # data <14,6> (8 frac), weight raw 1 (<14,6>, 8 frac): product 2^-16 LSB, accum keeps 8 frac bits
    # -> bits 2^-8 .. top: data int 6 + weight magnitude (1 bit) - 8 -> capped; width = (6+1-8) - (-8) = 7
    assert product_widths(np.array([1]), T14, T14, T14).tolist() == [7]


def test_io_stream_ii_is_pixels_times_rf():
    rng = np.random.default_rng(2)
    w = rng.normal(0, 0.5, (9, 4))  # 3x3 kernel x 1 channel -> 4 filters, 100 output pixels, RF 3
    conv = LayerSpec("conv2d", "c", 9, 4, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                     reuse_factor=3, io_type="io_stream", n_pixels=100)
    relu = LayerSpec("relu", "r", 4, 4, io_type="io_stream", n_pixels=100)
    e = estimate([conv, relu], part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    assert e.layers[0].ii == 300
    # Vivado HLS: the slowest frame process restarts one cycle after it finishes (latency 300 + its depth)
    assert 300 < e.layers[0].latency_cycles <= 304
    assert e.total["ii"] == e.layers[0].latency_cycles + 1
    assert e.io_type == "io_stream"
    v = estimate([conv, relu], part="xcvu9p", clock_ns=5.0)    # Vitis HLS reports II = latency
    assert v.total["ii"] == v.total["latency_cycles"] >= 300


def test_json_schema_and_table():
    rng = np.random.default_rng(0)
    net = [_dense(rng.normal(0, 0.5, (16, 8))), LayerSpec("relu", "relu1", 8, 8, input_t=T14, result_t=T14),
           LayerSpec("softmax", "sm", 8, 8)]
    e = estimate(net, part="xcku115-flvb2104-2-i", clock_ns=4.0)
    d = json.loads(e.to_json())
    assert d["part"] == "xcku115" and d["clock_ns"] == 4.0
    assert set(d["total"]) >= {"dsp", "lut", "ff", "bram_18k", "latency_cycles", "latency_ns", "ii"}
    for layer in d["layers"]:
        assert set(layer) >= {"name", "dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii"}
    assert d["total"]["latency_ns"] == d["total"]["latency_cycles"] * 4.0
    # the dense layer's report LUTs are counted operation by operation, the others scaled
    assert e.layers[0].hls_lut is not None and e.layers[1].hls_lut is None
    assert d["hls_estimate"]["lut"] == e.layers[0].hls_lut + sum(
        round(layer.lut * C.HLS_OVER_SYNTH["lut"]) for layer in e.layers[1:])
    assert 0 < d["percent"]["dsp"] < 100
    text = e.table()
    assert "fc" in text and "relu1" in text and "xcku115" in text and "II" in text


def test_global_binding_override_moves_all_true_multipliers():
    rng = np.random.default_rng(0)
    net = [_dense(rng.normal(0, 0.5, (16, 8)))]
    auto = estimate(net, clock_ns=5.0).total
    fabric = estimate(net, clock_ns=5.0, mul_binding="fabric").total
    assert fabric["dsp"] == 0 and fabric["lut"] > auto["lut"] and auto["dsp"] > 0


def test_layers_from_project_on_a_stand_in_project():
    # the shape the project reader announces: calls in order, configs as Config, weights with values/type
    from types import SimpleNamespace

    from fxsim.config import Config

    rng = np.random.default_rng(3)
    w = SimpleNamespace(values=rng.normal(0, 0.5, 16 * 8), type=T16)
    b = SimpleNamespace(values=np.zeros(8), type=T16)
    prj = SimpleNamespace(
        part="xcvu13p-flga2577-2-e", clock_period=4.0, io_type="io_parallel",
        calls=[SimpleNamespace(function="dense", config="config2", inputs=("x",), outputs=("h",),
                               weights=("w2", "b2"), layer="fc1"),
               SimpleNamespace(function="relu", config="relu_config3", inputs=("h",), outputs=("y",),
                               weights=(), layer="relu1")],
        configs={"config2": Config("config2", n_in=16, n_out=8, reuse_factor=1, strategy="latency",
                                   accum_t=T16, weight_t=T16, bias_t=T16),
                 "relu_config3": Config("relu_config3", n_in=8, table_size=1024)},
        weights={"w2": w, "b2": b},
    )
    e = estimate(prj)
    assert e.part.device == "xcvu13p" and e.clock_ns == 4.0
    assert [layer.name for layer in e.layers] == ["fc1", "relu1"]
    assert e.layers[0].mults["zero"] + sum(v for k, v in e.layers[0].mults.items() if k != "zero") == 128


# ----------------------------------------------------------------------------- Resource strategy, dataflow
def _resource_8x4(rf=16, t=T16):
    w = np.random.default_rng(3).normal(0, 0.5, (8, 4))
    return LayerSpec("dense", "fc", 8, 4, weights=w, input_t=t, weight_t=t, accum_t=t, result_t=t,
                     reuse_factor=rf, strategy="resource")


def test_resource_rf_above_n_in_shares_one_input_mux():
    # 8x4, RF=16 (valid: 16 % 8 == 0, 32 % 16 == 0): block_factor 2 multipliers of 16x16 -> 2 DSPs.
    # dense_resource_rf_gt_nin_rem0: both multipliers read data[in_index] (one 8:1 mux of 16 bits,
    # 16*(8-1)/3 LUT bits), each walks outscale = 16/8 = 2 accumulators (2*16*(2-1)/3); adders 2*16 +
    # acc 4*16.
    e = estimate_layer(_resource_8x4(), 5.0)
    bits = 16 * 7 / 3 + 2 * 16 * 1 / 3 + 2 * 16 + 4 * 16
    assert e.dsp == 2 and e.adder_bits == pytest.approx(bits)
    # state: acc[4] (16 b) + ping-pong res[4] (2 x 16 b) registers; 2:1 muxes 4 x (16 + 16) bits;
    # weights: a 16-deep x (2 x 16)-bit ROM -> distributed, 32 LUTs
    assert e.ff == round(0.16 * bits + 7.2 * 2) + 4 * (16 + 2 * 16)
    assert e.lut == round(0.96 * bits) + 32 + round(0.96 * 4 * (16 + 16))


def test_resource_rf_below_n_in_has_one_mux_per_multiplier():
    # 8x4, RF=4 (valid: 4 < 8, 32 % 4 == 0): block_factor 8; dense_resource_rf_leq_nin: multiplier im
    # reads data[ir + 4*im] (wrapping): its own 4:1 mux -> 8*16*(4-1)/3; acc[] index fixed per multiplier
    e = estimate_layer(_resource_8x4(rf=4), 5.0)
    assert e.dsp == 8
    assert e.adder_bits == pytest.approx(8 * 16 * 3 / 3 + 8 * 16 + 4 * 16)


def test_latency_strategy_rf_keeps_rf_way_muxes():
    # Latency strategy, RF=4: each shared multiplier takes 4 (input, weight) pairs -> (4-1)/3 per bit
    w = np.full((8, 4), 0.30078125)           # raw 77 at <14,6>: a true (DSP) multiplication everywhere
    e = estimate_layer(_dense(w, rf=4), 5.0)
    n_mult = 32 // 4
    assert e.adder_bits == pytest.approx(n_mult * 14 * 3 / 3 + n_mult * 14 + 4 * 14)


def test_resource_strategy_top_is_dataflow_and_ii_is_latency():
    # hls4ml puts DATAFLOW on the top of an io_parallel model with a Resource layer: the layers run one
    # after the other, II = latency (wa-hls4ml csynth); a Latency-strategy model keeps II = max RF
    w1 = np.random.default_rng(4).normal(0, 0.5, (8, 4))
    res = [_resource_8x4(), LayerSpec("dense", "fc2", 4, 2, weights=w1[:4, :2], input_t=T16, weight_t=T16,
                                      accum_t=T16, result_t=T16, reuse_factor=8, strategy="resource")]
    e = estimate(res, part="xcu250", clock_ns=5.0)
    assert e.dataflow and e.total["ii"] == e.total["latency_cycles"] > 16 + 8
    lat = [replace(s, strategy="latency", reuse_factor=4) for s in res]
    e2 = estimate(lat, part="xcu250", clock_ns=5.0)
    assert not e2.dataflow and e2.total["ii"] == 4


def test_resource_dataflow_latency_follows_the_template():
    # nnet_dense_resource.h ReuseLoop (PIPELINE II=1, RF trips): RF - 1 + 1 (ROM read) + 1 (multiply-add at
    # 5 ns) + 1 (Result cast) = RF + 2 per layer; DATAFLOW: + 1 hand-off cycle per channel, no I/O registers
    # (public wa-hls4ml rows: sum(RF_i + 2) + (layers - 1), see constants.RESOURCE_REUSE_LOOP_EXTRA_CYCLES)
    assert estimate_layer(_resource_8x4(rf=16), 5.0).latency_cycles == 16 + 2
    two = [_resource_8x4(rf=16), replace(_resource_8x4(rf=32), name="fc2")]
    e = estimate(two, part="xcu250", clock_ns=5.0)
    assert e.total["latency_cycles"] == e.total["ii"] == (16 + 2) + (32 + 2) + 1


def test_variable_multiplier_binding_threshold():
    # 16-bit data x 8-bit weights on DSPs, x 6-bit on LUTs (wa-hls4ml); the boundary is the constant rule's 7
    assert M.generic_multiplier_is_dsp(16, 8) and M.generic_multiplier_is_dsp(16, 7)
    assert not M.generic_multiplier_is_dsp(16, 6)


# ----------------------------------------------------------------------------- issue 14: Vitis full-reg DSPs,
# Latency RF > 1 registers, forced binding, tool detection, the unvalidated-regime band
def _dsp_pair(**kw):
    # 2 inputs x 2 outputs, every weight raw 77 in <16,6> (0.0751953125 = 77/1024: 4 CSD digits, 8 signed
    # bits, 16-bit data) -> a DSP product per input (the two identical constants of a row share it); no
    # bias; 16-bit accumulator
    w = np.full((2, 2), 77 / 1024)
    return LayerSpec("dense", "fc", 2, 2, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16, **kw)


def test_full_reg_dsp_takes_three_cycles_of_its_own_registers():
    """Vitis ``enable_dsp_full_reg`` (its default; hls4ml <= 0.6 does not turn it off).

    Hand-worked on UltraScale+ -2 at 5 ns, 12.5 % uncertainty (budget 4.375 ns): each product x * 77/1024
    reaches the accumulator with 3 integer + 10 fraction bits (13), so each output is one 14-bit add. Chained,
    the DSP product (2.4 ns) and the add (0.6 + 0.02 x 14 = 0.88 ns) fit one stage: latency 0, no FF. Fully
    registered: the operands enter the slices at the end of stage 1, M and P registers follow, the add
    runs in stage 4 (4 stages, so ``dense_latency`` is a pipelined sub-function); its 2 x 16-bit results
    leave through registers and the top writes them one stage later: 5 stages, latency 4. The 3 slice
    registers hold no fabric value (no LUT-built product waits): csynth FF = the 32 output bits.
    """
    chained = estimate([_dsp_pair()], part="xcvu9p", clock_ns=5.0)
    full = estimate([_dsp_pair()], part="xcvu9p", clock_ns=5.0, dsp_full_reg=True)
    assert chained.total["dsp"] == full.total["dsp"] == 2
    assert (chained.total["latency_cycles"], chained.hls_total["ff"]) == (0, C.CSYNTH_TOP_CONTROL_FF)
    assert full.pipeline_schedule().cut_bits == [0, 0, 0, 32]
    assert (full.total["latency_cycles"], full.hls_total["ff"]) == (4, 32 + C.CSYNTH_TOP_CONTROL_FF)
    assert full.dsp_full_reg and full.regime == "latency_unvalidated"
    assert C.DSP_FULL_REG_CYCLES == 3


def test_full_reg_lut_products_wait_in_fabric_registers():
    """LUT-built products computed beside fully registered DSPs are registered at each DSP register stage.

    Hand-worked: 2 x 1 weights, raw 77 (DSP) and raw 3 (two CSD digits: a shift-add) -> the output has
    d = 1 DSP term and f = 1 LUT term: min(1, 1 + 1) = 1 waiting value of min(16, 13 + 1) = 14 bits (the
    widest product reaches the accumulator with 13 bits, +1 for the add) at each of the 3 slice registers;
    then one add and the registered 16-bit output: cuts [14, 14, 14, 16] = 58 csynth FF.
    """
    w = np.array([[77 / 1024], [3 / 1024]])
    spec = LayerSpec("dense", "fc", 2, 1, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                     dsp_full_reg=True)
    e = estimate([spec], part="xcvu9p", clock_ns=5.0)
    assert e.layers[0].mults["dsp"] == 1 and e.layers[0].mults["adder"] == 1
    assert e.pipeline_schedule().cut_bits == [14, 14, 14, 16]
    assert e.hls_total["ff"] == 58 + C.CSYNTH_TOP_CONTROL_FF


def test_forced_fabric_binding_has_no_dsp_register_cycles():
    # config_op mul -impl fabric: no product on a DSP, so enable_dsp_full_reg changes nothing (latency 0
    # on UltraScale+ at 5 ns as the chained case above: a 4-digit LUT product, 2 levels of 24-bit adds =
    # 2 x 1.08 = 2.16 ns, then the 14-bit add, 0.88 ns: 3.04 < 4.375 ns)
    fab = estimate([_dsp_pair(mul_binding="fabric")], part="xcvu9p", clock_ns=5.0, dsp_full_reg=True)
    assert fab.total["dsp"] == 0 and fab.total["latency_cycles"] == 0
    assert fab.regime == "latency_unvalidated"        # a forced binding is outside the calibrated conditions


def test_latency_rf_layer_registers_each_value_once_per_interval():
    """Latency strategy, RF > 1: with II = ii a value crossing k stage boundaries needs ceil(k/ii) registers.

    Hand-worked: 8 x 4 weights raw 77 in <14,6> at RF 4 (limit 8, 32 mul ops -> II 4). Its floor is
    ``shared_registered_bits``: 8 inputs x 14 bits + 4 running sums x 14 bits = 168. Its data path (the
    RF = 1 one: 2.4 ns product, 3 levels of 8-term trees of ~0.9 ns) breaks after the second level (4
    outputs x 2 partial sums x 14 bits = 112) and leaves through the module's 56 output bits: 168 cut bits,
    / II 4 = 42 < 168, so the layer's csynth FF is the floor, 168.
    """
    from fxsim.estimate.layers import shared_registered_bits

    assert shared_registered_bits(8, 4, 14, 14) == 168
    w = np.full((8, 4), 0.30078125)
    e = estimate([_dense(w, rf=4)], part="xcvu9p", clock_ns=5.0)
    assert e.layers[0].details["allocation"]["ii"] == 4 and e.total["ii"] == 4
    assert e.hls_total["ff"] == 168 + C.CSYNTH_TOP_CONTROL_FF
    # the report's LUTs count every addition (ALLOCATION limits only `mul`): 4 outputs x 7 adds
    assert e.layers[0].hls_lut >= 4 * 7 * 14
    assert e.regime == "latency_unvalidated"


def test_latency_rf_layer_with_lut_multipliers_registers_every_product_once():
    """Latency strategy, RF > 1, products built in LUTs: each nonzero product waits in a fabric register for
    its sum (the public Vivado HLS 2019.2 RF-64 report: 16 x 16 + 256 x 16 + 64 x 16 = 5376 vs 5451 FF).

    Hand-worked: 8 x 4 weights raw 77 in <14,6> (4 CSD digits: true multiplications) on 6-bit data
    (a 6 x 8-bit variable product is below the 7-bit DSP threshold: shared LUT multipliers), 14-bit
    accumulator, RF 4: limit 8, 32 mul ops -> II 4. Each product is min(6 + 8 - 1, 14) = 13 bits (77 needs
    8 bits with its sign): 32 x 13 = 416, + 8 inputs x 6 + 4 sums x 14 = 104 -> 520 FF; no DSP, so no
    multiplier-core FF.
    """
    w = np.full((8, 4), 0.30078125)
    spec = LayerSpec("dense", "fc", 8, 4, weights=w, input_t=FixedType(6, 1), weight_t=T14, accum_t=T14,
                     result_t=T14, reuse_factor=4)
    e = estimate([spec], part="xcvu9p", clock_ns=5.0)
    assert e.layers[0].details["allocation"]["ii"] == 4 and e.total["dsp"] == 0
    assert e.hls_total["ff"] == 520 + C.CSYNTH_TOP_CONTROL_FF


def test_project_settings_decide_the_tool_and_the_dsp_registers():
    from fxsim.estimate.adapter import project_dsp_full_reg, project_hls_tool
    from fxsim.project.settings import read_tcl_settings

    assert read_tcl_settings("config_schedule -enable_dsp_full_reg=false\n") == {"dsp_full_reg": "false"}
    assert read_tcl_settings("config_schedule -enable_dsp_full_reg\n") == {"dsp_full_reg": "true"}

    class Prj:
        backend, settings = "Vivado", {}

    # hls4ml <= 0.6: no enable_dsp_full_reg line, one backend for both tools -> Vivado HLS assumed (8 of the 9
    # such public projects whose reports were read), noted
    tool, note = project_hls_tool(Prj())
    assert tool == "vivado" and "hls4ml <= 0.6" in note and project_dsp_full_reg(Prj()) is None
    Prj.backend = "Pynq"                                  # hls4ml 0.5/0.6's Pynq backend, derived from Vivado
    assert project_hls_tool(Prj())[0] == "vivado"
    Prj.backend = "Vivado"
    Prj.settings = {"dsp_full_reg": "false"}              # hls4ml >= 0.7 Vivado backend
    assert project_hls_tool(Prj()) == ("vivado", None) and project_dsp_full_reg(Prj()) is False
    Prj.backend = "Vitis"
    assert project_hls_tool(Prj()) == ("vitis", None)


def test_seven_series_and_shared_latency_designs_get_the_widened_band():
    # xc7z007s (DSP48E1): outside the calibrated (UltraScale+) conditions -> the widened, uncalibrated band
    e = estimate([_dsp_pair()], part="xc7z007s-clg225-2", clock_ns=10.0, clock_uncertainty=0.27)
    assert e.regime == "latency_unvalidated"
    band = C.BANDS["latency_unvalidated"]
    assert band.rows == 0 and band.latency_ratio is not None
    b = e.bands()["csynth"]
    assert b["lut"][0] <= e.hls_total["lut"] * band.lut[0] + 1 and b["ii"] == [1, 1]
    e4 = estimate([_dense(np.full((8, 4), 0.30078125), rf=4)], part="xcvu9p", clock_ns=5.0)
    assert e4.bands()["csynth"]["ii"] == [1, 6]           # II 4 x [0.25, 1.5]: the ALLOCATION rule is unvalidated


def test_full_reg_resource_reuse_loop_is_three_cycles_deeper():
    # nnet_dense_resource.h's ReuseLoop (PIPELINE II=1): ROM read, multiply, accumulate. With fully registered
    # slices the multiply takes 3 more stages, so the layer's latency (RF - 1 + depth) grows by 3; such a
    # design is outside the resource band's rows (hls4ml >= 0.7 turns the option off): uncalibrated band
    w = np.random.default_rng(2).uniform(-1, 1, (8, 4))
    spec = _dense(w, rf=8, strategy="resource")
    chained = estimate([spec], part="xcvu9p", clock_ns=5.0)
    full = estimate([spec], part="xcvu9p", clock_ns=5.0, dsp_full_reg=True)
    assert chained.total["dsp"] == full.total["dsp"] > 0
    assert full.total["latency_cycles"] == chained.total["latency_cycles"] + C.DSP_FULL_REG_CYCLES
    assert (chained.regime, full.regime) == ("resource", "uncalibrated")


def test_forced_fabric_products_are_charged_as_generic_lut_cores_in_the_report():
    """``config_op mul -impl fabric``: the report charges each `mul` its LUT core's generic size.

    Hand-worked: one product x * 77/1024 (16-bit data, the constant narrowed to 8 signed bits, 4 CSD digits):
    the core is 16 x 8 = 128 bit-products x 1.27 = 162.6 -> 163 report LUTs, no adder (one term). Synthesis
    folds the constant: post-synthesis it stays 3 shift-adds of the 13 bits the product brings to the
    accumulator, 0.96 x 39 = 37 LUTs. Under the width rule the same product is a DSP (16 + 1 report LUTs).
    """
    spec = LayerSpec("dense", "fc", 1, 1, weights=np.array([[77 / 1024]]), input_t=T16, weight_t=T16,
                     accum_t=T16, result_t=T16)
    fab = estimate_layer(replace(spec, mul_binding="fabric"), 5.0)
    assert fab.mults["fabric"] == 1 and fab.dsp == 0
    assert fab.hls()["lut"] == 163 and fab.lut == 37
    auto = estimate_layer(spec, 5.0)
    assert auto.dsp == 1 and auto.hls()["lut"] == 17
    assert C.CSYNTH_LUT_PER_FABRIC_MUL_BIT2 == 1.27


# ----------------------------------------------------------------------------- round-5 fixes (issue 14)
_DW = np.array([0.0, 0.5, 0.75, 1.0, 77 / 1024, -0.25])   # 3 taps x 2 channels, tap-major (hls4ml's order)


def test_depthwise_is_one_product_per_channel_per_tap():
    """``nnet_depthwise_product.h``: input ``i`` times ``weights[i]`` into output ``i % n_chan``.

    Hand-worked, ``ap_fixed<16,6>`` (10 fraction bits), 3 taps x 2 channels, raw weights
    0 (zero), 512 (shift), 768 = 1024 - 256 (two CSD digits: a shift-add), 1024 (shift),
    77 = 1001101b (four digits, 8 bits wide, 16-bit data: a DSP, one slice), -256 (shift).
    As the 6 x 2 dense matrix it computes: 6 structural zeros + 1 = 7 zeros, 3 shifts, 1 adder,
    1 DSP. Before round 5 the layer was "not modelled": 0 DSP, 0 LUT, latency 0.
    At RF 3 (Latency) hls4ml's ``multiplier_limit = ceil(3*2*2/3) - n_zeros/3`` with the kernel's own
    n_zeros = 1: 4 - 0 = 4 (counting the structural zeros would give 4 - 7//3 = 2).
    """
    dw = LayerSpec("depthwise1d", "dw", 6, 2, weights=_DW, input_t=T16, weight_t=T16, accum_t=T16,
                   result_t=T16)
    e = estimate_layer(dw, clock_ns=5.0)
    assert e.modelled and not e.notes
    assert e.mults == {"zero": 7, "shift": 3, "adder": 1, "fabric": 0, "dsp": 1}
    assert e.dsp == 1 and e.lut > 0 and e.latency_cycles >= 1
    block = np.array([[0.0, 0.0], [0.0, 0.5], [0.75, 0.0], [0.0, 1.0], [77 / 1024, 0.0], [0.0, -0.25]])
    conv = estimate_layer(replace(dw, kind="conv1d", weights=block), clock_ns=5.0)
    assert (e.dsp, e.lut, e.latency_cycles, e.mults) == (conv.dsp, conv.lut, conv.latency_cycles, conv.mults)
    e3 = estimate_layer(replace(dw, reuse_factor=3), clock_ns=5.0)
    assert e3.details["allocation"]["multiplier_limit"] == 4
    # io_stream: one input pixel per II = RF = 1 cycle, 32 input pixels (DepthwiseConv1D on (32, 2))
    s = estimate_layer(replace(dw, io_type="io_stream", n_pixels=32), clock_ns=5.0)
    assert s.ii == 32 and s.latency_cycles >= 32 and s.stream_cycles == 32


def test_batchnorm_reuse_factor_limits_multipliers_and_sets_ii():
    """``nnet_batchnorm.h``: ``PIPELINE II=reuse_factor``, ``ALLOCATION mul limit=ceil(n_in/RF)``.

    Hand-worked: 64 channels, every scale 77/1024 (raw 77: a DSP product on 16-bit data, one slice).
    RF 1: 64 DSPs, II 1. RF 16: limit ceil(64/16) = 4 DSPs, II 16. RF 512 (the round-5 autoencoders):
    limit ceil(64/512) = 1 DSP, II 512, the one multiplier issues 64 products: 63 extra cycles.
    io_stream, a 26x26 map of 4 channels (2704 elements, packs of 4) at RF 4: limit ceil(2704/4) = 676
    >= the 4 products of a pack: nothing shared, 4 DSPs, one pack a cycle, II = 676 packs.
    """
    bn = LayerSpec("batchnorm", "bn", 64, 64, weights=np.full(64, 77 / 1024), input_t=T16, weight_t=T16,
                   result_t=T16)
    e1, e16, e512 = (estimate_layer(replace(bn, reuse_factor=rf), clock_ns=5.0) for rf in (1, 16, 512))
    assert (e1.dsp, e1.ii) == (64, 1)
    assert (e16.dsp, e16.ii) == (4, 16)
    assert (e512.dsp, e512.ii, e512.sequential_cycles) == (1, 512, 63)
    assert e512.latency_cycles >= 63
    s = estimate_layer(LayerSpec("batchnorm", "bn", 4, 4, weights=np.full(4, 77 / 1024), input_t=T16,
                                 weight_t=T16, result_t=T16, reuse_factor=4, io_type="io_stream",
                                 n_pixels=676), clock_ns=5.0)
    assert (s.dsp, s.ii) == (4, 676)


def test_io_stream_relu_is_one_pack_per_cycle():
    """``nnet_activation_stream.h``: a PIPELINE loop over the ``n_in / pack`` packs, the pack unrolled.

    Hand-worked: ReLU on a 26x26x4 map of ``ap_fixed<16,6>`` in packs of 4: hardware for 4 values,
    4 x 16 bits x 1 LUT/bit x 0.96 = 61.44 -> 61 LUTs (the whole tensor, as before round 5:
    2704 x 16 x 0.96 = 41 533); II = 676 packs; latency 676 + 1 (the compare-and-select).
    """
    r = estimate_layer(LayerSpec("relu", "r", 4, 4, input_t=T16, result_t=T16, io_type="io_stream",
                                 n_pixels=676), clock_ns=5.0)
    assert (r.lut, r.ii, r.latency_cycles, r.stream_cycles) == (61, 676, 677, 676)


def test_pooling_is_costed():
    """``nnet_pooling_stream.h`` ``pooling2d_buffer_cl`` / ``nnet_pooling.h`` ``pooling2d_cl``.

    Hand-worked, MaxPooling2D 2x2 on a 26x26x4 map of ``ap_fixed<16,6>``: per output, 3 comparisons
    (compare + 2:1 select: 2 x 16 bits each). io_stream (one input pixel a cycle): one set for the pack,
    4 x 3 x 32 = 384 bits -> 0.96 x 384 = 368.64 -> 369 LUTs, plus the line buffer, (2 - 1) x 26 = 26
    words per channel in SRLs (1 LUT per 32 words per bit): 4 x 16 = 64 -> 433 LUTs; FF: 0.16 x 384 =
    61.44 -> 61 + the 2x2x4 window of 16-bit registers (256) = 317; II = 26 x 26 = 676.
    io_parallel: 13 x 13 = 169 output pixels unrolled: 169 x 384 bits -> round(0.96 x 64896) = 62 300 LUTs.
    """
    pool = LayerSpec("pooling2d", "p", 16, 4, input_t=T16, result_t=T16, io_type="io_stream", n_pixels=676,
                     line_buffer_regs=4, line_buffer_words=26)
    s = estimate_layer(pool, clock_ns=5.0)
    assert s.modelled and (s.lut, s.ff, s.ii) == (433, 317, 676)
    p = estimate_layer(replace(pool, io_type="io_parallel", n_pixels=169, line_buffer_regs=0), clock_ns=5.0)
    assert p.lut == 62300 and p.ii == 1


def test_io_stream_processes_overlap_the_frame():
    """A DATAFLOW top of FIFO-joined processes streams the frame through all of them at once: its latency
    is the slowest process's pixel cycles once plus each process's own depth. Hand-worked: a conv
    (100 output pixels x RF 3 = 300 cycles + its pipeline) feeding a ReLU (100 packs + 1): total =
    conv latency + 1, not conv latency + 101 (Vitis HLS). Vivado HLS reports the slowest process plus a cycle per
    process (constants.STREAM_LATENCY_SLOWEST_PLUS_PROCESSES_TOOLS): conv latency + 2."""
    rng = np.random.default_rng(2)
    conv = LayerSpec("conv2d", "c", 9, 4, weights=rng.normal(0, 0.5, (9, 4)), input_t=T16, weight_t=T16,
                     accum_t=T16, result_t=T16, reuse_factor=3, io_type="io_stream", n_pixels=100)
    relu = LayerSpec("relu", "r", 4, 4, input_t=T16, result_t=T16, io_type="io_stream", n_pixels=100)
    e = estimate([conv, relu], part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    assert e.layers[1].latency_cycles == 101
    assert e.total["latency_cycles"] == e.layers[0].latency_cycles + 1
    v = estimate([conv, relu], part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    assert v.total["latency_cycles"] == max(v.layers[0].latency_cycles, 101) + 2


def test_vivado_stream_dense_chain_overlaps():
    """Vivado HLS io_stream: four dense processes of 60+ cycles each (Resource RF 64) report the slowest one plus a
    cycle per process (round 14 row 5: 69 + 8 = 77), not their sum."""
    rng = np.random.default_rng(3)
    t7 = FixedType(7, 1)
    specs = [LayerSpec("dense", f"d{i}", 16, 16, weights=rng.normal(0, 0.3, (16, 16)), input_t=T16, weight_t=t7,
                       accum_t=T16, result_t=T16, reuse_factor=64, strategy="resource",
                       io_type="io_stream") for i in range(4)]
    v = estimate(specs, part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vivado")
    assert v.total["latency_cycles"] == max(layer.latency_cycles for layer in v.layers) + 4
    assert v.total["latency_cycles"] < sum(layer.latency_cycles for layer in v.layers)


def test_unmodelled_layer_is_loud():
    """A layer kind without a rule is never free silently: ``modelled`` false, a note naming it (text and
    JSON), and the uncalibrated band."""
    t = LayerSpec("separable_conv_2d_cl", "sep1", 27, 8, input_t=T16, result_t=T16)
    e = estimate([t], part="xcvu9p", clock_ns=5.0)
    assert not e.layers[0].modelled and e.regime == "uncalibrated"
    notes = json.loads(json.dumps(e.to_dict()))["notes"]
    assert any("sep1" in n and "NOT MODELLED" in n for n in notes)
    assert "NOT MODELLED" in e.table()


def test_adapter_packs_and_pools_from_a_stream_project():
    """``layers_from_project`` on an io_stream project (a stand-in of the reader's Project): a ReLU on a
    26x26x4 map whose output stream is ``nnet::array<..., 4>`` becomes a 4-wide process run 676 times;
    ``pooling2d_cl`` a 2x2x4 window, 26x26 input pixels, a 26-word line buffer per channel; the depthwise
    call ``kernel x n_chan`` inputs and ``n_chan`` outputs over the input pixels."""
    from types import SimpleNamespace as NS

    from fxsim.estimate.adapter import layers_from_project

    configs = {"r": {"n_in": 2704}, "p": {"in_height": 26, "in_width": 26, "n_filt": 4, "pool_height": 2,
                                        "pool_width": 2, "out_height": 13, "out_width": 13, "pool_op": "nnet::Max"},
               "d": {"in_width": 32, "n_chan": 2, "filt_width": 3, "n_filt": 2, "out_width": 30}}
    calls = [NS(function="relu", config="r", inputs=("a",), outputs=("b",), weights=(), layer="relu1"),
             NS(function="pooling2d_cl", config="p", inputs=("b",), outputs=("c",), weights=(), layer="pool1"),
             NS(function="depthwise_conv_1d_cl", config="d", inputs=("x",), outputs=("y",), weights=("w",),
                layer="dw")]
    project = NS(calls=calls, configs=configs, io_type="io_stream",
                 weights={"w": NS(values=_DW, type=T16)}, type_of=lambda a: T16, pack_of=lambda a: 4)
    relu, pool, dw = layers_from_project(project)
    assert (relu.kind, relu.n_in, relu.n_out, relu.n_pixels) == ("relu", 4, 4, 676)
    assert (pool.kind, pool.n_in, pool.n_out, pool.n_pixels, pool.line_buffer_regs, pool.line_buffer_words,
            pool.pool_op) == ("pooling2d", 16, 4, 676, 4, 26, "max")
    assert (dw.kind, dw.n_in, dw.n_out, dw.n_pixels) == ("depthwise1d", 6, 2, 32)


def test_stream_fifo_depth_and_line_buffer():
    """io_stream FIFOs at the depth hls4ml's ``#pragma HLS STREAM ... depth=N`` gives them, and the 2-D
    line buffers (``ap_shift_reg<T, in_width> line_buffer[filt_height - 1][n_chan]``).

    Hand-worked (Vitis ``config_storage fifo -impl autosrl``: SRL up to depth x width = 1024 bits for
    depth > 2): a 26x26 frame of 4 x 16-bit packs, depth 676: 43 264 bits -> block RAM, 676 x 64 in
    RAMB18s (1024 x 18 each): 1 x ceil(64/18) = 4; depth 13: 832 bits -> SRL, 64 bits x ceil(13/32) =
    64 LUTs; depth 1: the shallow FIFO (2 register entries). Line buffer of a 3x3 conv on a 28-wide,
    2-channel 16-bit map: (3 - 1) x 2 = 4 shift registers of 28 words: 4 x 16 x ceil(28/32) = 64 LUTs.
    """
    assert memory.fifo_cost(676, 64) == ("bram", 4)
    assert memory.fifo_cost(13, 64) == ("srl", 64)
    assert memory.fifo_cost(1, 64) == ("shallow", 0)
    assert memory.line_buffer_luts(4, 28, 16) == 64
    relu = LayerSpec("relu", "r", 4, 4, input_t=T16, result_t=T16, io_type="io_stream", n_pixels=676)
    e = estimate([replace(relu, fifo_depth=676), replace(relu, name="r2")], part="xcvu9p", clock_ns=5.0)
    assert e.layers[0].bram_18k == 4 and e.layers[0].details["fifo"] == {"depth": 676, "width": 64, "bram": 4}
    rng = np.random.default_rng(3)
    conv = LayerSpec("conv2d", "c", 18, 2, weights=rng.normal(0, 0.5, (18, 2)), input_t=T16, weight_t=T16,
                     accum_t=T16, result_t=T16, io_type="io_stream", n_pixels=26 * 26)
    plain, buffered = (estimate_layer(replace(conv, line_buffer_regs=r, line_buffer_words=28), 5.0) for r in (0, 4))
    assert buffered.lut - plain.lut == 64 and buffered.details["line_buffer"]["lut"] == 64


def test_a_real_qgru_whose_bias_hls4ml_cut_to_one_value_is_estimated_with_a_note(capsys) -> None:
    """QKeras's default QGRU (``reset_after=False``): hls4ml 1.3.0 writes ``b2[1]``/``br2[1]`` where ``gru_stack``
    reads 3 x 4 values (``tests/data/qkeras/bug_qgru_reset_before``, from ``tests/make_qkeras_projects.py``). It was
    an internal error (IndexError, exit 3); now the missing entries are costed as nonzero and a note says why."""
    from pathlib import Path

    from fxsim.cli import main

    prj = Path(__file__).resolve().parent / "data" / "qkeras" / "bug_qgru_reset_before"
    assert main(["estimate", str(prj)]) == 0
    out = capsys.readouterr().out
    assert "note: gru:kernel: the firmware has 1 bias value for 12 outputs" in out
    assert "gru:recurrent_kernel: the firmware has 1 bias value for 12 outputs" in out
