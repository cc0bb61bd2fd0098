"""Vitis HLS on 7-series parts (issue 14's regime): the schedule rules read off the Vitis HLS 2021.1 ArgyKokk reports
and the Vitis HLS 2025.1 Iris report (``docs/estimate.md``, "Session of 2026-12-07, fifth"), and the Vivado HLS 2020.1
softmax schedule of the tanvirana jet tagger ("Session of 2026-12-07, sixth"), each with a hand-worked case.
IN-SAMPLE: the reports were read after the designs were evaluated.

The part of every case is ArgyKokk's xc7z007s-clg225-2 (Zynq-7000 -2: model delays x1.9) at 3.33 ns with 12.5 %
uncertainty, so 2.91 ns (1.53 model ns) a stage, unless said otherwise.
"""

from __future__ import annotations

import numpy as np

from fxsim.estimate import LayerSpec, estimate
from fxsim.estimate.layers import (
    dsp_mul_delay_ns,
    fabric_products_one_state,
    rom_read_cycles,
    softmax_max_steps,
    table_steps,
    variable_dsp_cycles,
)
from fxsim.estimate.pipeline import Step, schedule
from fxsim.types import FixedType

T16, T18 = FixedType(16, 6), FixedType(18, 8)
PART, CLK, UNC = "xc7z007s-clg225-2", 3.33, 0.125


def _stages(est, clock_ns=CLK):
    budget = clock_ns * (1 - UNC) / est.delay_scale
    return schedule([est.layers[0].steps], budget).stages


def test_softmax_tables_are_indexed_by_a_bit_slice():
    # nnet_activation.h: softmax_idx_from_real_val slices the top bits of its input, so a softmax's table index costs
    # nothing; only the legacy softmax scales, offsets and clamps (an add and a mux, 0.92 + 0.4 ns at 16 bits)
    assert [s.delay_ns for s in table_steps(5, 1024, 18, 16, index_delay_ns=0.0)] == [0.0, 0.0]
    latency = LayerSpec("softmax", "sm", 5, 5, input_t=T16, result_t=T16, table_t=T18)
    legacy = LayerSpec("softmax", "sm", 5, 5, input_t=T16, result_t=T16, table_t=T18,
                       softmax_implementation="legacy")
    first = estimate([latency], part="xcvu9p", clock_ns=5.0).layers[0].steps[0]
    assert (first.delay_ns, first.live_bits) == (0.0, 5 * 10)          # 5 indices of 10 bits, no delay
    assert round(estimate([legacy], part="xcvu9p", clock_ns=5.0).layers[0].steps[0].delay_ns, 2) == 1.32


def test_vitis_7series_compare_and_select_take_two_states_at_3_33_ns():
    # icmp 2.13 ns + select 0.80 = 2.93 ns > 2.91 in the Vitis HLS 2021.1 schedules: modelled as
    # (0.92 + 0.25 + 0.4) x 1.9 = 2.98 ns, two stages a level; the saturated subtract 1.32 x 1.9 = 2.51 ns, one
    steps = softmax_max_steps(16, 16, compare_extra_ns=0.25)
    assert [round(s.delay_ns * 1.9, 2) for s in steps] == [2.98, 2.98, 2.98, 2.98, 2.51]
    assert schedule([steps], CLK * (1 - UNC) / 1.9).stages == 4 * 2 + 1
    # the Iris part (-1: x2.25) at 5 ns with 27 %: 3.53 ns a level fits 3.65, one stage each
    assert schedule([softmax_max_steps(3, 16, 0.25)[:2]], 5.0 * 0.73 / 2.25).stages == 2


def test_7series_rom_reads_take_two_states_under_both_tools():
    assert rom_read_cycles("vitis", "DSP48E1") == 2 == rom_read_cycles("vivado", "DSP48E1")
    assert rom_read_cycles("vitis", "DSP48E2") == 1


def test_arrythmia_softmax_is_as_deep_as_its_schedule():
    # ARRYTHMIA DSP_reuse1's softmax_stable (16 classes, 16-bit inputs, 18-bit tables, products on DSPs): 21 states,
    # 8 (max: 4 levels x 2) + 1 (subtract and saturate, 2.51 ns) + 2 (exp ROM) + 4 (sum: 18-bit adds of
    # 0.96 x 1.9 = 1.82 ns, one a stage) + 2 (inverse ROM) + 4 (a DSP48 of latency 3: its operand state and three
    # registers) = 21
    sm = LayerSpec("softmax", "sm", 16, 16, input_t=T16, result_t=T16, table_t=T18, softmax_implementation="stable")
    dsp = estimate([sm], part=PART, clock_ns=CLK, clock_uncertainty=UNC, hls_tool="vitis", mul_binding="dsp")
    assert _stages(dsp) == 21
    assert dsp.layers[0].steps[-1] == Step(0.0, 16 * 16, cycles=3, internal=True)
    # the fabric build (config_op mul -impl fabric): the LUT multiplies stay in one state: 18 (the report: 19)
    lut = estimate([sm], part=PART, clock_ns=CLK, clock_uncertainty=UNC, hls_tool="vitis", mul_binding="fabric")
    assert _stages(lut) == 18


def test_vitis_7series_dsp_products_take_three_states_at_3_33_ns_and_two_at_5_ns():
    # 3.15 model ns x 1.9 = 5.99 ns: ceil(5.99 / 2.91) = 3 stages at 3.33 ns, ceil(5.99 / 4.375) = 2 at 5 ns;
    # Vivado HLS keeps the tool-free 2.4
    assert dsp_mul_delay_ns("vitis", "DSP48E1") == 3.15 and dsp_mul_delay_ns("vivado", "DSP48E1") == 2.4
    # CARDIO's output layer: 3 inputs x 3 outputs + bias, 4 terms an output: two adder levels (1.56, 1.60 ns)
    w = np.array([[0.953125, -0.25, 0.671875], [0.5703125, 0.328125, -0.859375], [0.4609375, -0.6953125, 0.2265625]])
    dense = LayerSpec("dense", "output", 3, 3, weights=w, bias=np.array([0.5, 0.25, -0.75]),
                      input_t=FixedType(8, 0, signed=False), weight_t=FixedType(8, 1), bias_t=FixedType(8, 1),
                      accum_t=T16, result_t=T16)
    kw = dict(part=PART, clock_uncertainty=UNC, hls_tool="vitis")
    assert _stages(estimate([dense], clock_ns=CLK, mul_binding="dsp", **kw)) == 3 + 2          # report: 5 states
    assert _stages(estimate([dense], clock_ns=5.0, mul_binding="dsp", **kw), 5.0) == 2 + 1     # two adds chain
    # the fabric build: 3.5 ns LUT multiplies kept in one state (a latency-0 Mul_LUT), then 2 levels: 3 (report: 3)
    assert fabric_products_one_state("fabric", "vitis") and not fabric_products_one_state("fabric", "vivado")
    lut = estimate([dense], clock_ns=CLK, mul_binding="fabric", **kw)
    assert lut.layers[0].steps[0].one_state
    assert _stages(lut) == 1 + 2
    # ... and the user is told the design will not close timing (the report's negative slack); at 5 ns it fits
    assert any("layer output: its LUT multiplies take ~3.50 ns, over the 2.91 ns" in n and "not close timing" in n
               for n in lut.notes)
    assert not any("close timing" in n for n in estimate([dense], clock_ns=5.0, mul_binding="fabric", **kw).notes)


def test_one_state_step_fills_its_stage():
    # a 5.28 ns LUT multiply in one 2.91 ns state, then two 1.5 ns adds (one a stage): 3 stages; pipelined, 4
    kept = [Step(5.28, 40, one_state=True), Step(1.5, 30), Step(1.5, 16)]
    assert schedule([kept], 2.91).stages == 3
    assert schedule([[Step(5.28, 40), Step(1.5, 30), Step(1.5, 16)]], 2.91).stages == 4


def test_vivado_7series_softmax_products_are_a_dsp48_of_latency_2():
    # Vivado HLS 2020.1's softmax_stable of the tanvirana jet tagger (5 classes, 16-bit inputs, 18-bit saturating
    # tables, xc7z020-1 at 5 ns, 12.5 %: 4.375 ns, 1.69 model ns at x2.59), 15 states: 3 max levels (icmp 2.42 +
    # select 0.80 ns: one a level), 1 subtract and saturate, 2 exp ROM, 3 sum levels (18-bit adds, 2.48 ns each: one a
    # stage), 2 inverse ROM, then the products in a DSP48 core of latency 2: [3/3] [2/3] [1/3] and the output state,
    # 3 cycles after the operands -> 3 + 1 + 2 + 3 + 2 + 3 = 14 stages before the output, 15 in all (the report's 15)
    sm = LayerSpec("softmax", "sm", 5, 5, input_t=T16, result_t=T16, table_t=T18, softmax_implementation="stable")
    est = estimate([sm], part="xc7z020-clg400-1", clock_ns=5.0, clock_uncertainty=UNC, hls_tool="vivado",
                   mul_binding="dsp")
    assert est.layers[0].steps[-1] == Step(0.0, 5 * 16, cycles=3, internal=True)
    assert _stages(est, 5.0) == 15
    # the rule is Vivado's at any clock; Vitis's core only when the multiply needs three stages; none on DSP48E2
    assert variable_dsp_cycles("vivado", "DSP48E1", 10.0) == 3
    assert variable_dsp_cycles("vitis", "DSP48E1", 5.0 / 1.9) == 0
    assert variable_dsp_cycles("vivado", "DSP48E2", 5.0) == 0


def test_a_saturating_exp_sum_adds_a_select_to_each_level():
    # nnet_activation.h sums the exp values in exp_table_t (reduce with Op_add); hls4ml >= 0.8 declares it
    # ap_fixed<18,8,AP_RND,AP_SAT>, so every adder level carries its saturation select: the tanvirana schedule's sum
    # levels are an 18-bit add (2.10-2.13 ns) and its selects (0.75-1.94 ns). A wrapping table type sums with adds only
    # (the quantised tanvirana design's exp_table_t ap_fixed<18,8>: its softmax is one state shorter, 13 vs 14).
    from fxsim.estimate import constants as C
    from fxsim.estimate.layers import add_delay_ns

    def sum_levels(table_t):
        sm = LayerSpec("softmax", "sm", 5, 5, input_t=T16, result_t=T16, table_t=table_t,
                       softmax_implementation="stable")
        steps = estimate([sm], part="xc7z020-clg400-1", clock_ns=5.0, hls_tool="vivado").layers[0].steps
        roms = [i for i, s in enumerate(steps) if s.cycles and not s.internal]     # the exp read, the inverse read
        return [round(s.delay_ns, 2) for s in steps[roms[0] + 1:roms[1] - 1]]      # between them, less its index

    sat, wrap = FixedType.parse("ap_fixed<18,8,AP_RND,AP_SAT,0>"), FixedType.parse("ap_fixed<18,8>")
    assert sum_levels(sat) == [round(add_delay_ns(18) + C.DELAY_RELU_NS, 2)] * 3 == [1.36] * 3
    assert sum_levels(wrap) == [round(add_delay_ns(18), 2)] * 3 == [0.96] * 3


def test_a_long_sum_takes_one_ternary_link_a_stage_at_5_ns_and_two_at_10_ns() -> None:
    """Rule 38 (``layers.long_sum_links``, ``constants.LONG_SUM_TERMS_PER_LINK``; mnist fc1's Vitis HLS 2021.1
    schedule: a ``TernaryAdder`` root a state). A 65 x 64 Latency dense (4,160 products, over 4096), every weight
    0.375 (one shift-add each), no bias: 65 terms an output, ceil(64 / 2.64) = 25 links of 2 x 0.92 = 1.84 model ns.
    On the xc7z007s-2 (x1.9) with 12.5 % uncertainty:
    - 5 ns: 4.375 / 1.9 = 2.30 model ns a stage; the products (1.2) fill stage 1 (1.2 + 1.84 > 2.30), then one
      link a stage: 1 + 25 = 26 stages, the registered outputs one more: latency 26;
    - 10 ns: 8.75 / 1.9 = 4.61; stage 1 holds the products and one link (3.04; a second would be 4.88), then two
      links a stage (3.68): 1 + 12 = 13 stages, outputs one more: latency 13."""
    spec = LayerSpec("dense", "fc", 65, 64, weights=np.full((65, 64), 0.375), input_t=FixedType(8, 2),
                     weight_t=FixedType(8, 2), accum_t=T16, result_t=T16)
    got = {clk: estimate([spec], part=PART, clock_ns=clk, clock_uncertainty=UNC, hls_tool="vitis")
           for clk in (5.0, 10.0)}
    assert got[5.0].layers[0].details["unbalanced_sum"]["links"] == 25
    assert [got[c].total["latency_cycles"] for c in (5.0, 10.0)] == [26, 13]
