"""Rules changed before held-out round 11 (issue 14; IN-SAMPLE: read off hls4ml's own csynth baselines of
``test_keras_api`` and a held-out round-10 report after those rows were evaluated). Each rule has a hand-worked case.

1. **The HLS report charges a table activation's index arithmetic** (:data:`constants.CSYNTH_LUT_PER_TABLE_ELEMENT`):
   ``nnet_activation.h`` computes a sigmoid/tanh index in C ``int`` operations (scale, offset, two clamps), an
   ELU index with one scale and one clamp; the report charges them at full width (147 and 63 LUTs an element),
   synthesis trims them (post-synthesis LUTs unchanged).
2. **The top's control** (:data:`constants.CSYNTH_TOP_CONTROL_FF`): a pipelined io_parallel top reports 18 FF
   of its own (``ap_ctrl_hs``, the ``ap_vld`` port registers) even when it fits in one period.
3. **Vivado HLS builds every io_stream FIFO per element of the pack**, the depth-1 FIFOs between dense layers
   too (:func:`memory.vivado_fifo_cost`: an SRL of ``width`` LUTs, 22 control LUTs, 5 FF of flags).
4. **A constant of three or more CSD digits is a DSP on data of 10 bits or more, however narrow** (the 7-bit
   constant-width condition, fitted on Table IV's stand-in weights, is gone): read off round 11 row 2 after the
   frozen estimator was run on it, so IN-SAMPLE there.
5. **The Vivado HLS report keeps the softmax's inverse table in a block RAM** (4 BRAM_18K for a 5-class softmax
   where synthesis leaves 3): every Vivado HLS jet-tagger report of rounds 5 and 11 (:data:`constants.
   SOFTMAX_INVERSE_TABLE_IN_BRAM_CSYNTH`).
6. **Vivado HLS's 7-series operator library is 1.15x slower than the model** (:data:`constants.VIVADO_LIBRARY_FACTOR`),
   calibrated on the Zynq-7020 reports of rounds 5 and 11 (IN-SAMPLE).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from fxsim.estimate import LayerSpec, estimate
from fxsim.estimate import constants as C
from fxsim.estimate.layers import estimate_layer, table_index_csynth_lut
from fxsim.estimate.memory import vivado_fifo_cost
from fxsim.types import FixedType

T16 = FixedType(16, 6)
T18 = FixedType(18, 8)


def _act(kind: str, n: int = 4) -> LayerSpec:
    return LayerSpec(kind, kind, n, n, input_t=T16, result_t=T16, table_t=T18)


def test_table_activation_report_luts_are_the_index_arithmetic_per_element() -> None:
    # A 4-element sigmoid with its 1024 x 18-bit table in block RAM (2 reads a RAMB18: 2 copies, 4 RAMB18 of
    # 1024 x 18): post-synthesis 0.96 LUT per input bit = round(0.96 x 64) = 61; the report charges the C int
    # index arithmetic instead, 4 x 147 = 588 (the ROM is block RAM: no ROM LUTs). An ELU: 4 x 63 = 252.
    sig = estimate_layer(_act("sigmoid"), clock_ns=5.0)
    assert (sig.bram_18k, sig.lut) == (2, 61)
    assert sig.hls()["lut"] == 4 * 147 == 4 * table_index_csynth_lut("sigmoid")
    elu = estimate_layer(_act("elu"), clock_ns=5.0)
    assert (elu.lut, elu.hls()["lut"]) == (61, 4 * 63)
    assert table_index_csynth_lut("tanh") == 147 and table_index_csynth_lut("selu") == 63


def test_a_lut_rom_table_keeps_its_rom_luts_twice_in_the_report() -> None:
    # a 16-entry table is below BRAM_MIN_DEPTH: a LUT ROM per read; the report keeps its 2x on the ROM part
    small = replace(_act("tanh", 2), table_size=16)
    est = estimate_layer(small, clock_ns=5.0)
    rom = est.lut - round(0.96 * 2 * 16)
    assert est.bram_18k == 0 and rom > 0
    assert est.hls()["lut"] == 2 * rom + 2 * 147


def _dense_relu(n_out: int = 64, io: str = "io_parallel") -> list[LayerSpec]:
    w = np.random.default_rng(1).uniform(-0.3, 0.3, (1, n_out))
    return [LayerSpec("dense", "fc", 1, n_out, weights=w, bias=np.zeros(n_out), input_t=T16, weight_t=T16,
                      bias_t=T16, accum_t=T16, result_t=T16, io_type=io),
            LayerSpec("relu", "relu", n_out, n_out, input_t=T16, result_t=T16, io_type=io)]


def test_a_combinational_top_reports_its_control_ff_only() -> None:
    # Dense(64 from 1) + ReLU fits one 5 ns period on UltraScale+ -2: no pipeline register; the report shows the
    # top's 18 control FF (hls4ml's baselines: 18 under Vivado HLS 2020.1, Vitis HLS 2023.1 and 2024.1);
    # synthesis figures and the layers carry none of them
    e = estimate(_dense_relu(), part="xcvu13p-flga2577-2-e", clock_ns=5.0)
    assert e.total["latency_cycles"] == 0 and e.total["ff"] == 0
    assert e.hls_total["ff"] == C.CSYNTH_TOP_CONTROL_FF == 18
    assert all(layer.hls_ff_extra == 0 for layer in e.layers)


def test_vivado_depth_one_fifos_are_one_srl_fifo_per_element() -> None:
    # io_stream Dense(64 from 1) -> ReLU under Vivado HLS: 64 FIFOs of depth 1 x 16 bits between the two
    # processes, each 16 SRL LUTs + 12 control LUTs (after round 14: a shallow FIFO's) and max(address bits, 2)
    # + 3 = 5 FF: 320 FF (the 2020.1 baseline reports 326) and 64 x 28 = 1792 report LUTs
    assert vivado_fifo_cost(1, 16) == (0, 16 + 12, 5)
    e = estimate(_dense_relu(io="io_stream"), part="xcvu13p-flga2577-2-e", clock_ns=5.0, hls_tool="vivado")
    fifo = e.layers[0].details["fifo"]
    assert (fifo["fifos"], fifo["depth"], fifo["width"], fifo["lut"], fifo["ff"]) == (64, 1, 16, 1792, 320)
    assert e.hls_total["ff"] == 320


def test_three_digit_constants_of_any_width_are_dsps_on_wide_data() -> None:
    # rule 4: ap_fixed<6,1> weights (raw = w x 32) on 16-bit data. Input 0 meets 11/32 twice (one shared
    # product), 13/32 and 6/32 (two digits: a shift-add); input 1 meets -11/32 (another constant). Three
    # distinct (input, 3-digit constant) pairs: 3 DSPs (held-out round 11 row 2's fc1: 20 pairs, 20 DSPs).
    # Fed by 6-bit data the same constants are LUT shift-adds.
    w6 = FixedType(6, 1)
    w = np.array([[11, 11, 13, 6], [-11, 0, 0, 0]]) / 32
    wide = LayerSpec("dense", "fc1", 2, 4, weights=w, input_t=T16, weight_t=w6, accum_t=FixedType(27, 12),
                     result_t=FixedType(27, 12))
    est = estimate_layer(wide, clock_ns=5.0, slice_name="DSP48E1")
    assert (est.mults["dsp"], est.mults["adder"], est.mults["zero"], est.dsp) == (4, 1, 3, 3)
    narrow = replace(wide, input_t=FixedType(6, 0, False))
    est = estimate_layer(narrow, clock_ns=5.0, slice_name="DSP48E1")
    assert (est.mults["dsp"], est.mults["fabric"], est.dsp) == (0, 4, 0)


def test_vivado_report_keeps_the_softmax_inverse_table_in_a_block_ram() -> None:
    # rule 5: a 5-class softmax reads its 1024 x 18 exp table 5 times a cycle: ceil(5/2) = 3 dual-port copies, one
    # RAMB18 each; the inverse table (read once) is a LUT ROM after synthesis (Table IV: 3 RAMB18) but one more
    # block RAM in the Vivado HLS report (4 BRAM_18K in every Vivado jet-tagger report); Vitis keeps its own rule,
    # a bare list of specs (no tool) the tool-free one
    sm = LayerSpec("softmax", "softmax", 5, 5, input_t=T16, result_t=T16, table_t=T18)
    est = estimate_layer(replace(sm, hls_tool="vivado"), clock_ns=5.0)
    assert (est.bram_18k, est.hls()["bram_18k"]) == (3, 4)
    vitis = estimate_layer(replace(sm, hls_tool="vitis"), clock_ns=5.0)
    assert vitis.hls()["bram_18k"] == vitis.bram_18k
    bare = estimate_layer(sm, clock_ns=5.0)             # no tool named: the tool-free rule
    assert bare.hls()["bram_18k"] == bare.bram_18k == 3


def test_vivado_hls_7series_library_is_slower_and_named() -> None:
    # rule 6: Vivado HLS on a 7-series part schedules against delays x1.15 (constants.VIVADO_LIBRARY_FACTOR):
    # a Zynq-7000 -1 is x2.25 of the model, so x2.5875 under Vivado HLS; Vitis HLS and UltraScale+ keep theirs
    assert C.VIVADO_LIBRARY_FACTOR == {"DSP48E1": 1.15}
    specs = _dense_relu()
    vivado = estimate(specs, part="xc7z020clg400-1", clock_ns=5.0, hls_tool="vivado")
    vitis = estimate(specs, part="xc7z020clg400-1", clock_ns=5.0, hls_tool="vitis")
    us = estimate(specs, part="xcvu9p-flga2104-2L-e", clock_ns=5.0, hls_tool="vivado")
    assert round(vivado.delay_scale, 4) == round(2.25 * 1.15, 4) and vitis.delay_scale == 2.25
    assert us.library_factor == 1.0
    assert "Vivado HLS operator library x1.15" in vivado.timing_model
