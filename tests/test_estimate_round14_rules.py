"""Rules changed after held-out rounds 12-13 (``docs/estimate.md``, "After held-out round 13"), hand-worked.

Run with ``python -m pytest -q tests/test_estimate_round14_rules.py``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from fxsim.estimate.layers import LayerSpec, estimate_layer, partition_loop_ii, recurrent_input_select_luts
from fxsim.types import FixedType

GRU = LayerSpec("gru", "g", 6, 5, n_state=5, n_sequence=20, use_static=True, input_t=FixedType(18, 8),
                reads_top_port=True)


def test_input_shift_of_the_uwacme_gru():
    # 20 steps x 6 inputs x 18 bits = 2,160-bit word; floor(log2 2160) = 11: 6 x 2,171 = 13,026 report LUTs (the
    # report's six lshr_ln203 rows); synthesis: 6 x 18 bits, each a 20:1 mux of ceil(19 / 3) = 7 LUT6: 756
    assert recurrent_input_select_luts(GRU) == (756, 13026)


def test_no_input_shift_without_a_reshaped_word_or_a_time_loop():
    assert recurrent_input_select_luts(replace(GRU, reads_top_port=False)) is None   # a partitioned array
    assert recurrent_input_select_luts(replace(GRU, use_static=False)) is None       # unrolled: constant indices
    assert recurrent_input_select_luts(replace(GRU, io_type="io_stream")) is None
    assert recurrent_input_select_luts(replace(GRU, n_sequence=1)) is None


def test_partition_interval_never_below_the_multiplier_issue():
    # RF 8, a 3-cycle partition: min(8, 4) = 4; shared multipliers issuing over 6 cycles keep 6
    assert partition_loop_ii(8, 1, 3) == 4
    assert partition_loop_ii(8, 6, 3) == 6
    assert partition_loop_ii(2, 1, 9) == 2


def test_vitis_conv_partitions_follow_the_instance_rule_vivado_keeps_the_allocation():
    # a 1-D conv of 4 one-pixel partitions (3 taps, 1 channel, 2 filters), 6-bit weights, Latency RF 6: Vitis HLS
    # starts a partition min(6, latency + 1) apart; Vivado HLS keeps the multiplier allocation's interval
    w = np.array([[0.5, -0.25], [0.75, 0.125], [-0.5, 0.375]])
    spec = LayerSpec("conv1d", "c", 3, 2, weights=w, input_t=FixedType(6, 2), weight_t=FixedType(6, 2),
                     accum_t=FixedType(12, 4), result_t=FixedType(6, 2), reuse_factor=6, n_pixels=4)
    vitis = estimate_layer(replace(spec, hls_tool="vitis"), 5.0, "DSP48E2", 0.125)
    vivado = estimate_layer(replace(spec, hls_tool="vivado"), 5.0, "DSP48E2", 0.125)
    part_ii = vitis.details["allocation"]["partition_ii"]
    assert 1 < part_ii <= 6 and vitis.ii == 4 * part_ii
    assert "partition_ii" not in vivado.details.get("allocation", {})
    assert vivado.ii == 4 * vivado.details.get("allocation", {}).get("ii", 1)


def test_vivado_dataflow_channels_are_element_fifos():
    # two Resource dense layers (8 -> 4 -> 2, 16-bit) under an io_parallel DATAFLOW top. Vivado HLS: the 4 outputs of
    # the first are 4 FIFOs of depth 2 (5 FF, 12 + 16 LUTs each in the report; 2 x 16 + 5 FF after synthesis) and the
    # 8 x 16 = 128-bit reshaped input one more (5 FF, 12 + 128 LUTs); the first layer keeps no ping-pong banks.
    # Vitis HLS keeps the PIPO model (two 4 x 16-bit banks in the layer's state) and no FIFOs.
    from fxsim.estimate import estimate

    rng = np.random.default_rng(1)
    t16 = FixedType(16, 6)
    specs = [LayerSpec("dense", "d1", 8, 4, weights=rng.normal(0, 0.5, (8, 4)), input_t=t16, weight_t=t16,
                       accum_t=t16, result_t=t16, reuse_factor=4, strategy="resource"),
             LayerSpec("dense", "d2", 4, 2, weights=rng.normal(0, 0.5, (4, 2)), input_t=t16, weight_t=t16,
                       accum_t=t16, result_t=t16, reuse_factor=4, strategy="resource")]
    viv = estimate(specs, part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    vit = estimate(specs, part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    assert viv.dataflow and vit.dataflow
    d1 = viv.layers[0].details
    assert d1["dataflow_fifos"] == {"depth": 2, "width": 16, "fifos": 4, "lut": 4 * 28, "ff": 20,
                                    "ff_after_synthesis": 4 * 32 + 20}
    assert d1["input_fifo"] == {"depth": 2, "width": 128, "fifos": 1, "lut": 140, "ff": 5,
                                "ff_after_synthesis": 256 + 5}
    assert "dataflow_fifos" not in viv.layers[1].details           # the last layer writes the top's port
    assert "dataflow_fifos" not in vit.layers[0].details
    # the PIPO banks: 2 x 4 x 16 bits more in the Vitis layer's own registers
    assert vit.layers[0].ff - (viv.layers[0].ff - (4 * 32 + 20) - (256 + 5)) == 2 * 4 * 16


def test_saturating_relu_cast_in_the_vivado_report():
    # ReLU from ap_fixed<27,12> to ap_ufixed<6,0,AP_RND_CONV,AP_SAT>, 64 elements: 4 x 27 = 108 report LUTs an
    # element (tanvirana's relu_config4 reports 6,161 = 96.3 each); a signed 7-bit result from 16 bits: 4 x 16 + 32.
    # A wrapping result, a wider result or the Vitis tool: no rule (the ReLU's own figure).
    from fxsim.estimate.layers import saturating_cast_csynth_lut

    relu = LayerSpec("relu", "r", 64, 64, input_t=FixedType(27, 12), hls_tool="vivado",
                     result_t=FixedType.parse("ap_ufixed<6,0,AP_RND_CONV,AP_SAT>"))
    assert saturating_cast_csynth_lut(relu) == 64 * 108
    assert estimate_layer(relu, 5.0, "DSP48E1").hls()["lut"] == 64 * 108
    signed = replace(relu, input_t=FixedType(16, 6), result_t=FixedType.parse("ap_fixed<7,1,AP_RND,AP_SAT>"))
    assert saturating_cast_csynth_lut(signed) == 64 * (64 + 32)
    assert saturating_cast_csynth_lut(replace(relu, result_t=FixedType(6, 0, False))) is None
    assert saturating_cast_csynth_lut(replace(relu, hls_tool="vitis")) is None
    assert saturating_cast_csynth_lut(replace(relu, input_t=FixedType(6, 1))) is None


def test_resource_dense_at_rf_equal_n_in_shares_one_input_mux():
    # dense_resource_rf_leq_nin with rf = n_in = 8 (8 -> 4, block factor 4): in_index = ir for every multiplier, one
    # 8:1 mux of the 16-bit input (16 x 7 / 3 bits); at rf = 4 < n_in each of the 8 multipliers has its own 4:1 mux
    rng = np.random.default_rng(4)
    t16 = FixedType(16, 6)
    base = LayerSpec("dense", "d", 8, 4, weights=rng.normal(0, 0.5, (8, 4)), input_t=t16, weight_t=t16, accum_t=t16,
                     result_t=t16, strategy="resource")
    one = estimate_layer(replace(base, reuse_factor=8), 5.0)
    per = estimate_layer(replace(base, reuse_factor=4), 5.0)
    n_mult_one, n_mult_per = 4, 8
    acc = lambda n: n * 16 + 4 * 16                              # noqa: E731 - accumulators, as the rule counts
    assert one.adder_bits == 16 * 7 / 3.0 + acc(n_mult_one)
    assert per.adder_bits == n_mult_per * 16 * 3 / 3.0 + acc(n_mult_per)


def test_vivado_stream_resource_dense_interval_is_its_latency_plus_one():
    # Vivado HLS io_stream: a Resource dense process at RF 16 is not a pipelined function; the top restarts it one
    # cycle after it finishes (round 14 row 5: processes of interval 68-69, top 70). Vitis keeps the dense's II + 1.
    from fxsim.estimate import estimate

    rng = np.random.default_rng(2)
    t16 = FixedType(16, 6)
    spec = LayerSpec("dense", "d", 16, 8, weights=rng.normal(0, 0.5, (16, 8)), input_t=t16, weight_t=t16,
                     accum_t=t16, result_t=t16, reuse_factor=16, strategy="resource", io_type="io_stream")
    viv = estimate([spec], part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    vit = estimate([spec], part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    assert viv.ii == viv.layers[0].latency_cycles + 1
    assert vit.ii == vit.layers[0].ii + 1


def test_7series_table_reads_take_two_states():
    # a 5-class stable softmax on a 7-series part, under Vivado HLS (ROM_nP) and Vitis HLS (its ROM core, Latency 1,
    # loads over [2/2] and [1/2]): the exp reads and the inverse read each take two states, so its steps carry 2 + 2
    # ROM cycles; on an UltraScale+ part the exp reads take one cycle and the inverse read stays in its index's state
    from fxsim.estimate.layers import rom_read_cycles

    sm = LayerSpec("softmax", "s", 5, 5, input_t=FixedType(16, 6), softmax_implementation="stable", hls_tool="vivado")
    seven = estimate_layer(sm, 5.0, "DSP48E1").steps
    plus = estimate_layer(sm, 5.0, "DSP48E2").steps
    vitis = estimate_layer(replace(sm, hls_tool="vitis"), 5.0, "DSP48E1").steps
    # (the DSP48 core of the variable products is an internal step of its own: test_estimate_vitis7_rules.py)
    rom = [s.cycles for s in seven if s.cycles and not s.internal]
    assert rom == [2, 2] == [s.cycles for s in vitis if s.cycles and not s.internal]
    assert [s.cycles for s in plus if s.cycles] == [1]
    assert rom_read_cycles("vivado", "DSP48E1") == 2 == rom_read_cycles("vitis", "DSP48E1")
    assert rom_read_cycles("", "DSP48E1") == 1


def test_vitis_stream_conv_pixels_start_min_rf_and_kernel_plus_read_apart():
    # io_stream 3x3 conv (1 -> 4 channels) on 10 x 10 pixels, Latency RF 9, 6-bit weights in LUTs: under Vitis HLS
    # the pixel loop's PIPELINE II=9 comes out at min(9, kernel depth + 1 read cycle + 1); Vivado keeps the
    # multiplier allocation's interval
    rng = np.random.default_rng(6)
    t16, t6 = FixedType(16, 6), FixedType(6, 1)
    spec = LayerSpec("conv2d", "c", 9, 4, weights=rng.normal(0, 0.3, (9, 4)), input_t=t16, weight_t=t6,
                     accum_t=t16, result_t=t16, reuse_factor=9, io_type="io_stream", n_pixels=64, in_pixels=100,
                     line_buffer_regs=2, line_buffer_words=10)
    vitis = estimate_layer(replace(spec, hls_tool="vitis"), 5.0)
    pix = vitis.details["allocation"]["pixel_ii"]
    assert 2 <= pix <= 9 and vitis.details["stream_loop"]["cycles_per_pixel"] == pix
    assert vitis.ii == 100 * pix
    vivado = estimate_layer(replace(spec, hls_tool="vivado"), 5.0)
    assert "pixel_ii" not in vivado.details.get("allocation", {})


def test_vivado_stream_resource_dense_registers_from_the_report_tables():
    # Vivado HLS 2019.2 register tables (round 14 row 5, IN-SAMPLE). fc2 64 -> 32, RF 64 = n_in, 7-bit inputs and
    # weights, 16-bit accumulators and results, 32 fabric multipliers: data x 3 (rewind) 1344, results x 2 1024,
    # acc 512, weights 224, one selected input 7, w_index x 2 12, control 11 -> 3134 (report 518 + 2618 = 3136)
    from fxsim.estimate import estimate
    from fxsim.estimate.layers import vivado_stream_dense_registered_bits

    assert vivado_stream_dense_registered_bits(64, 32, 64, 32, 0, 7, 7, 16, 16) == 1344 + 1024 + 512 + 224 + 7 + 12 + 11
    # fc3 32 -> 32 at RF 64 > n_in: 16 multipliers share data[in_index]; + in_index 32 + out_index x 2 (report 2417)
    assert vivado_stream_dense_registered_bits(32, 32, 64, 16, 0, 7, 7, 16, 16) == 672 + 1024 + 512 + 112 + 7 + 12 \
        + 11 + 32 + 2
    # the estimator uses it for a Vivado io_stream Resource dense only
    rng = np.random.default_rng(3)
    t7, t16 = FixedType(7, 1), FixedType(16, 6)
    spec = LayerSpec("dense", "fc2", 64, 32, weights=rng.normal(0, 0.3, (64, 32)), input_t=t7, weight_t=t7,
                     accum_t=t16, result_t=t16, reuse_factor=64, strategy="resource", io_type="io_stream")
    viv = estimate([spec], part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vivado")
    vit = estimate([spec], part="xc7z020clg400-1", clock_ns=10.0, hls_tool="vitis")
    assert viv.layers[0].process_bits == 3134
    assert vit.layers[0].process_bits == 64 * 7 + 32 * 2 * 14 + 32 * 16


def test_stream_dense_holds_its_gathered_inputs_in_registers():
    # nnet_dense_stream.h gathers data[n_in] one pack per DataPrepare iteration: registers for every input with a
    # nonzero weight. Hand-worked: 8 inputs of 2 bits in 4 packs, input row 3 all zero: 7 x 2 = 14 bits; one pack
    # (in_packs 1) or a Resource dense at RF > 1 (its own count) adds none. Round 8 row 7's dense0 (Vitis 2025.2):
    # 374 inputs x 2 bits = 748 (the report's DataPrepare instance: 761 FF). IN-SAMPLE.
    rng = np.random.default_rng(5)
    w = rng.normal(0, 0.5, (8, 4))
    w[3] = 0.0
    t2, t16 = FixedType(2, 6, signed=False), FixedType(16, 6)
    spec = LayerSpec("dense", "d", 8, 4, weights=w, input_t=t2, weight_t=t16, accum_t=t16, result_t=t16,
                     io_type="io_stream", in_packs=4, hls_tool="vitis")
    assert estimate_layer(spec, 5.0).process_bits == 14
    # Vivado HLS merges the loop into the kernel's pipeline (round 13 row 0): nothing added
    assert estimate_layer(replace(spec, hls_tool="vivado"), 5.0).process_bits == 0
    assert estimate_layer(replace(spec, in_packs=1), 5.0).process_bits == 0
    assert estimate_layer(replace(spec, io_type="io_parallel"), 5.0).process_bits == 0


def test_stream_pooling_window_counters_and_results_are_process_registers():
    # compute_pool_buffer_2d: static kernel_data window (2x2 x 16 channels x 8 bits = 512), static int pX/pY/sX/sY
    # with two loaded copies (192), the 16 x 2-bit result pack (32): 736 (round 8 row 7's pool1 register table, Vitis
    # HLS 2025.2: 1,003; IN-SAMPLE). A global pooling has no position counters.
    from fxsim.estimate.layers import stream_conv_state_bits

    pool = LayerSpec("pooling2d", "pool1", 64, 16, input_t=FixedType(8, 8, signed=False),
                     result_t=FixedType(2, 6, signed=False), io_type="io_stream", n_pixels=121)
    assert estimate_layer(pool, 5.0).process_bits == 512 + 192 + 32 == 512 + stream_conv_state_bits("pooling2d", 16, 2)
    glob = replace(pool, kind="global_pooling2d", n_in=32)
    assert estimate_layer(glob, 5.0).process_bits == 0


def test_shared_dsp_products_wait_in_fabric_registers_also_in_io_stream():
    # A Latency dense at RF 16 (II > 1, DSP products shared): Vivado HLS keeps every product for its sum in a fabric
    # register (pominiq's 32 -> 10 dense, Vivado HLS 2020.1: mult_*/trunc_ln708_* registers), and so is Vitis HLS
    # taken to (constants.SHARED_DSP_PRODUCTS_IN_FABRIC_TOOLS, 2026-12-07 fifth session: the ArgyKokk RF-100 builds
    # and round 17's RF-16 MLP). Hand-worked, 8 -> 4 with 16-bit data, 12-bit weights, 16-bit accumulators, all 32
    # weights nonzero: 8 x 16 + 32 x 16 + 4 x 16 = 704 under both; a tool not listed keeps only the products built
    # in fabric (shifts, shift-adds); the io_stream process keeps them too.
    from fxsim.estimate import estimate

    rng = np.random.default_rng(8)
    w = rng.uniform(0.1, 0.9, (8, 4)) * rng.choice([-1, 1], (8, 4))
    t16, t12 = FixedType(16, 6), FixedType(12, 2)
    spec = LayerSpec("dense", "d", 8, 4, weights=w, input_t=t16, weight_t=t12, accum_t=t16, result_t=t16,
                     reuse_factor=16)
    viv = estimate_layer(replace(spec, hls_tool="vivado"), 25.0)
    vit = estimate_layer(replace(spec, hls_tool="vitis"), 25.0)
    other = estimate_layer(replace(spec, hls_tool=""), 25.0)
    assert viv.dsp > 0 and viv.registered_bits == 8 * 16 + 32 * 16 + 4 * 16 == vit.registered_bits
    assert 8 * 16 + 4 * 16 <= other.registered_bits < viv.registered_bits
    stream = estimate([replace(spec, io_type="io_stream")], part="xc7z020clg400-1", clock_ns=25.0, hls_tool="vivado")
    assert stream.hls_total["ff"] >= 704


def test_a_64_deep_weight_rom_is_lut_rom_after_synthesis_and_bram_in_the_report():
    # Resource dense 64 -> 32 at RF 64: a 64-word ROM of 32 x 7 = 224 bits. csynth: 7 RAMB18 (over ROM_LUT_MAX_BITS);
    # synthesis: one LUT6 a bit (224 LUTs), 0 BRAM (round 14 rows 4 / 6)
    from fxsim.estimate import memory

    assert memory.rom_cost(64, 224) == (0, 224) and memory.rom_cost(65, 224)[0] > 0
    rng = np.random.default_rng(9)
    t7, t16 = FixedType(7, 1), FixedType(16, 6)
    spec = LayerSpec("dense", "fc2", 64, 32, weights=rng.normal(0, 0.3, (64, 32)), input_t=t7, weight_t=t7,
                     accum_t=t16, result_t=t16, reuse_factor=64, strategy="resource", hls_tool="vivado")
    layer = estimate_layer(spec, 10.0)
    assert layer.bram_18k == 0 and layer.hls()["bram_18k"] == 7


def test_a_long_rf_gt_nin_index_loop_runs_before_the_reuse_loop_under_vivado():
    # dense_resource_rf_gt_nin_rem0 builds int outidx[RF] in an IndexLoop. The live demo's RN06 dense (2048 -> 10 at RF
    # 20480, Vivado HLS 2020.1): IndexLoop 20,480 cycles + ReuseLoop 20,481, outidx a RAM of 20,480 x 32 bits, inputs
    # held once (no rewind). Short loops (round 14, RF 64; the same design's convolutions, RF 9216) are folded.
    from fxsim.estimate import memory

    rng = np.random.default_rng(12)
    t8, t14 = FixedType(8, 4), FixedType(14, 8)
    spec = LayerSpec("dense", "q_dense", 2048, 10, weights=rng.normal(0, 0.1, (2048, 10)), input_t=t8, weight_t=t8,
                     accum_t=t14, result_t=t14, reuse_factor=20480, strategy="resource", io_type="io_stream",
                     hls_tool="vivado")
    viv = estimate_layer(spec, 10.0)
    vit = estimate_layer(replace(spec, hls_tool="vitis"), 10.0)
    assert viv.details["index_loop"] == {"cycles": 20480, "bram_18k": memory.bram18_for_rom(20480, 32)}
    assert viv.latency_cycles - vit.latency_cycles == 20480 and "index_loop" not in vit.details
    assert viv.process_bits == 2048 * 8 + 2 * 10 * 14 + 10 * 14 + 8 + 30 + 11 + 8 + 32 + 8
    assert "index_loop" not in estimate_layer(replace(spec, reuse_factor=9216, n_in=288, n_out=32,
                                                      weights=rng.normal(0, 0.1, (288, 32))), 10.0).details



def test_vivado_binds_a_16_by_6_bit_variable_product_to_a_dsp_vitis_to_luts():
    # a Resource dense 16 -> 64 at RF 8 (block_factor 1024 / 8 = 128 multipliers) of 16-bit data x ap_fixed<6,1>
    # weights: Vivado HLS 2020.1 (round 6 row 45's fc1: 128 DSP) puts every multiplier on a DSP48E1; Vitis HLS 2023.2
    # (wa-hls4ml's 6-bit rows) builds them in LUTs; 6-bit x 6-bit stays in LUTs under both rules (max < 10 bits)
    rng = np.random.default_rng(0)
    w = rng.integers(-31, 32, size=(16, 64)) / 32.0
    spec = LayerSpec("dense", "fc1", 16, 64, weights=w, input_t=FixedType(16, 6), weight_t=FixedType(6, 1),
                     accum_t=FixedType(16, 6), result_t=FixedType(16, 6), strategy="Resource", reuse_factor=8)
    assert estimate_layer(replace(spec, hls_tool="vivado"), 5.0, "DSP48E1").dsp == 128
    assert estimate_layer(replace(spec, hls_tool="vitis"), 5.0, "DSP48E1").dsp == 0
    narrow = replace(spec, input_t=FixedType(6, 1), hls_tool="vivado")
    assert estimate_layer(narrow, 5.0, "DSP48E1").dsp == 0
