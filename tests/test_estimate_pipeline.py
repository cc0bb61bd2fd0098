"""The pipeline-register model of a Latency-strategy io_parallel top (issue 14), rule by rule, each with a
hand-worked case (numbers worked out on paper from the templates and the constants, not from fxsim)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from fxsim.estimate import constants as C
from fxsim.estimate import estimate
from fxsim.estimate import multipliers as M
from fxsim.estimate.layers import LayerSpec, dense_steps, fabric_constant_delay_ns, table_steps
from fxsim.estimate.pipeline import Step, schedule
from fxsim.types import FixedType

T16 = FixedType(16, 6)


def test_schedule_packs_steps_greedily_and_registers_the_live_bits_at_each_cut():
    # budget 3.0: [1.0 + 1.5] | [2.0 + 1.0] | [1.0 + 0.5]; cuts after the 1.5 step (20 bits, layer 0)
    # and after the second layer's 1.0 step (40 bits, layer 1)
    steps = [[Step(1.0, 10), Step(1.5, 20)], [Step(2.0, 30), Step(1.0, 40)], [Step(1.0, 50), Step(0.5, 60)]]
    s = schedule(steps, budget_ns=3.0)
    assert s.stages == 3
    assert s.cut_bits == [20, 40]
    assert s.layer_bits == [20, 40, 0]


def test_an_operator_longer_than_the_period_is_pipelined_inside_and_registered_once():
    # a 7 ns DSP product at a 3 ns budget: ceil(7/3) = 3 stages; a pipelined core's stages are balanced,
    # so it fills the third (Vitis HLS 2025.1 gives both stages of a 7-series mul_*_2_0 core 3.34 ns of
    # 3.65): its 100-bit result is registered and the 1.5 ns add starts stage 4, where the next layer's
    # 1.0 ns also fits (2.5 <= 3): 4 stages, one cut of 100 bits
    s = schedule([[Step(7.0, 100), Step(1.5, 40)], [Step(1.0, 8)]], budget_ns=3.0)
    assert s.stages == 4
    assert s.cut_bits == [100]


def test_rom_read_is_one_synchronous_cycle():
    st = table_steps(reads=64, table_size=1024, table_width=18, input_width=16)
    assert [s.cycles for s in st] == [0, C.ROM_READ_CYCLES]
    assert st[0].live_bits == 64 * 10 and st[1].live_bits == 64 * 18      # 10-bit indices, 18-bit entries


def test_dense_steps_hand_worked():
    # 3 inputs x 2 outputs, 8-bit data, 12-bit accumulator; raw weights:
    #   x0: 3 (adder, 3 = 4 - 1), 0        -> one product of 8 + 3 - 1 = 10 bits
    #   x1: 2 (shift), 7 (adder, 8 - 1)    -> product 7*x1 of 8 + 4 - 1 = 11 bits, x1 alive for the shift: 8 bits
    #   x2: 3, 3 (the same constant: one shared product, 10 bits)
    raw = np.array([[3, 0], [2, 7], [3, 3]])
    kinds = M.classify_array(raw, 8)
    terms = np.array([3, 2])                 # nonzero products per output, no bias
    st = dense_steps(raw, kinds, terms, data_w=8, accum_w=12, mul_delay=1.2)
    assert st[0].live_bits == 10 + 11 + 10 + 8
    # level 1: ceil(3/2) + ceil(2/2) = 3 sums of 12 bits; level 2: 1 + 1
    assert [s.live_bits for s in st[1:]] == [36, 24]
    assert st[1].delay_ns == pytest.approx(C.DELAY_ADD_NS + 12 * C.DELAY_ADD_PER_BIT_NS)


def test_fabric_constant_product_delay_grows_with_its_csd_digits():
    # 5 CSD digits: 4 shift-adds in a tree of ceil(log2 5) = 3 levels of 26-bit adds
    assert fabric_constant_delay_ns(5, 26) == pytest.approx(3 * (C.DELAY_ADD_NS + 26 * C.DELAY_ADD_PER_BIT_NS))
    assert fabric_constant_delay_ns(2, 10) == C.DELAY_FABRIC_MUL_NS     # one add: the floor


def _one_input_dense_relu(n_out: int = 64) -> list[LayerSpec]:
    rng = np.random.default_rng(1)
    w = rng.uniform(-0.3, 0.3, (1, n_out))
    return [LayerSpec("dense", "fc", 1, n_out, weights=w, bias=np.zeros(n_out), input_t=T16, weight_t=T16,
                      bias_t=T16, accum_t=T16, result_t=T16),
            LayerSpec("relu", "relu", n_out, n_out, input_t=T16, result_t=T16)]


def test_a_top_that_fits_in_one_period_is_combinational():
    # Dense(64 from 1 input) + ReLU at 5 ns on UltraScale+ -2: one DSP product (2.4 ns) + ReLU (0.4 ns)
    # = 2.8 ns < 5 x 0.875: one stage, latency 0, nothing registered (hls4ml's baselines: 0 cycles, 18 FF)
    e = estimate(_one_input_dense_relu(), part="xcvu13p-flga2577-2-e", clock_ns=5.0)
    assert e.pipeline_schedule().stages == 1
    assert e.total["latency_cycles"] == 0
    assert e.total["ff"] == 0


def test_the_family_speed_changes_the_pipeline_depth():
    # same design, same clock: a Zynq-7000 -1 scales every delay by 891/464 x 1.172 = 2.25 (data-sheet DSP
    # Fmax ratio x the 7-series HLS library factor), i.e. a budget of 5 x 0.875 / 2.25 = 1.94 ns in
    # UltraScale+ units: the 2.4 ns DSP product takes two stages of a pipelined mul core that fills both,
    # so dense_latency is a pipelined sub-function whose 64 16-bit results leave through registers
    # (1024 FF); the ReLU runs in a third stage -> latency 2. The report also charges each pipelined DSP
    # multiplier core its own 67 FF (constants.CSYNTH_FF_PER_PIPELINED_MUL): 1024 + 67 x DSPs
    specs = _one_input_dense_relu()
    us = estimate(specs, part="xcvu13p-flga2577-2-e", clock_ns=5.0)
    z7 = estimate(specs, part="xc7z020clg400-1", clock_ns=5.0)
    assert z7.part.delay_scale == pytest.approx(2.25)
    assert (us.total["latency_cycles"], z7.total["latency_cycles"]) == (0, 2)
    assert z7.total["dsp"] > 0 and z7.hls_total["ff"] == 64 * 16 + 67 * z7.total["dsp"] + C.CSYNTH_TOP_CONTROL_FF
    assert us.hls_total["ff"] == C.CSYNTH_TOP_CONTROL_FF   # one combinational stage: only the top's control


def test_seven_series_layer_depth_follows_the_vitis_library_one_add_per_stage():
    # The public Vitis HLS 2025.1 schedule of the Iris MLP on xc7z020-1 at 5 ns (27 %: 3.65 ns usable):
    # a 4-input layer (4 products + bias = 5 terms, 16-bit accumulator) is 2 stages of mul core + 3 adder
    # levels of one 16-bit add each (2.07 ns; two would need 4.14) = 5 stages, latency 4. In the model:
    # budget 3.65 / 2.25 = 1.62, a 16-bit add 0.6 + 16 x 0.02 = 0.92 (two: 1.84 > 1.62), the 2.4 ns product
    # two stages -> 2 + 3 = 5
    rng = np.random.default_rng(0)
    w = rng.choice([75.0, 139.0, 246.0, 453.0], (4, 8)) / 1024          # 3-5 CSD digits: true products
    spec = LayerSpec("dense", "fc1", 4, 8, weights=w, bias=np.full(8, 0.25), input_t=T16, weight_t=T16,
                     bias_t=T16, accum_t=T16, result_t=T16)
    e = estimate([spec], part="xc7z020-clg400-1", clock_ns=5.0, clock_uncertainty=0.27)
    budget = 5.0 * 0.73 / 2.25
    assert schedule([e.layers[0].steps], budget).stages == 5
    # the products (identical constants of an input row share one) are registered at the accumulator's
    # 16 bits (the report's trunc_ln42_* registers), not at their full 16 + 9 - 1 = 24 bits
    distinct = sum(len(np.unique(row)) for row in w)
    assert e.layers[0].steps[0].live_bits == distinct * 16


def test_latency_rf_issue_cycles_add_up_under_vivado_and_vitis():
    # two Latency layers with RF 4 and RF 2 whose allocations give II 4 and II 2 (every weight a true
    # multiplication, all distinct within an input row). On UltraScale+ at 5 ns each RF = 1 data path (2.4 ns
    # product + two 0.92 ns adds = 4.24 <= 4.375) is one stage; the two chain into 2 stages (latency 1 before
    # the issue cycles).
    # Vivado HLS: each dense_latency instance spans max(II, its stages) (the public 2019.2 RF-64 report:
    # instance latency = II - 1, the top sums them): (4 - 1) + (2 - 1) = 4 more -> 5.
    # Vitis HLS sums them the same way (every instance its own II - 1 span on UltraScale+) -> 5. On a 7-series
    # part (the Vitis HLS 2021.1 reports) an instance's latency is its issue cycles plus the 2-cycle shared DSP
    # core (limits 4 and 4): 6 and 4, and the top's II the slowest instance's min(RF, latency + 1) = 4.
    w1 = np.tile([11.0, 13.0, 19.0, 21.0], (4, 1)) / 64     # three CSD digits each: true multiplications
    w2 = np.tile([11.0, 13.0], (4, 1)) / 64
    s1 = LayerSpec("dense", "a", 4, 4, weights=w1, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16,
                   reuse_factor=4)
    s2 = replace(s1, name="b", n_out=2, weights=w2, reuse_factor=2)
    vivado = estimate([s1, s2], part="xcvu9p", clock_ns=5.0, hls_tool="vivado", clock_uncertainty=0.125)
    vitis = estimate([s1, s2], part="xcvu9p", clock_ns=5.0, hls_tool="vitis", clock_uncertainty=0.125)
    for e in (vivado, vitis):
        assert [layer.details["allocation"]["ii"] for layer in e.layers] == [4, 2]
        assert e.pipeline_schedule().stages == 2
        assert (e.shared_issue_cycles(), e.total["latency_cycles"], e.total["ii"]) == (4, 5, 4)
    zynq = estimate([replace(s, dsp_full_reg=False) for s in (s1, s2)], part="xc7z020clg400-1", clock_ns=5.0,
                    hls_tool="vitis", clock_uncertainty=0.125)
    assert [layer.details["allocation"]["instance_latency"] for layer in zynq.layers] == [6, 4]
    assert zynq.total["ii"] == 4
    assert zynq.shared_issue_cycles() >= (6 + 1 - 3) + (4 + 1 - 3)   # each instance spans L + 1 states


def test_vitis_shares_one_mul_per_distinct_product_above_a_limit_of_one():
    # 4 inputs x 4 outputs, every output multiplying input i by the same weight 11/64: 4 distinct products
    # (x[i] * 11), not 16. RF 4 -> limit ceil(16/4) = 4: Vitis issues ceil(4/4) = 1 cycle (built like RF 1);
    # Vivado counts 16 mul operations -> II 4. At RF 16 (limit 1) Vitis too issues all 16.
    s = LayerSpec("dense", "a", 4, 4, weights=np.full((4, 4), 11.0 / 64), input_t=T16, weight_t=T16,
                  accum_t=T16, result_t=T16, reuse_factor=4)
    vitis = estimate([s], part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    vivado = estimate([s], part="xcvu9p", clock_ns=5.0, hls_tool="vivado")
    assert vitis.layers[0].details["allocation"]["mul_ops"] == 4 and vitis.layers[0].details["allocation"]["ii"] == 1
    assert vivado.layers[0].details["allocation"]["mul_ops"] == 16 and vivado.layers[0].details["allocation"]["ii"] == 4
    one = estimate([replace(s, reuse_factor=16)], part="xcvu9p", clock_ns=5.0, hls_tool="vitis")
    assert one.layers[0].details["allocation"]["mul_ops"] == 16


def test_project_without_uncertainty_gets_the_tools_default():
    assert C.TOOL_CLOCK_UNCERTAINTY == {"vivado": 0.125, "vitis": 0.27}
    specs = _one_input_dense_relu(8)
    assert estimate(specs, hls_tool="vitis").clock_uncertainty == 0.27
    assert estimate(specs).clock_uncertainty == C.CLOCK_UNCERTAINTY      # a spec list, no tool named


# The ``latency`` band is recomputed from all its in-sample rows (Table IV and the csynth rows) in
# tests/test_estimate_public.py::test_latency_bands_are_the_in_sample_quantiles.


def test_io_stream_fifo_between_processes():
    # Dense(64 from 1) -> ReLU in io_stream: one FIFO of one 64 x 16-bit pack between the two processes.
    # Vitis: a 2-entry register FIFO, 2 x 1024 FF (the baselines report 2064); each process fits in one
    # stage (no cut). Vivado: one FIFO per element of the pack, 64 depth-1 SRL FIFOs of 16 bits, each 16 SRL
    # LUTs + 12 control LUTs (a one-bit pointer: constants.VIVADO_FIFO_CONTROL_LUT_SHALLOW) and 5 FF of flags
    # (memory.vivado_fifo_cost): 64 x 5 = 320 FF (the baselines report 326) and 64 x 28 more report LUTs.
    specs = [replace(s, io_type="io_stream") for s in _one_input_dense_relu()]
    vitis = estimate(specs, part="xcvu13p-flga2577-2-e", clock_ns=5.0, hls_tool="vitis")
    vivado = estimate(specs, part="xcvu13p-flga2577-2-e", clock_ns=5.0, hls_tool="vivado")
    assert vitis.hls_total["ff"] == 2 * 64 * 16
    assert vivado.hls_total["ff"] == 64 * 5
    assert vivado.hls_total["lut"] - vitis.hls_total["lut"] == 64 * (16 + 12)


def test_stable_softmax_adds_the_maximum_and_the_differences():
    # softmax_stable (nnet_activation.h) first takes the maximum of the n inputs (ceil(log2 n) levels of a
    # compare-and-select) and the n saturated differences x_max - x_i. On the Iris report's xc7z020-1 at 5 ns with
    # 27 % (budget 3.65 / 2.25 = 1.62 in UltraScale+ units), 3 classes: two 1.32 ns max levels (one a stage) and the
    # 1.32 ns subtract-and-saturate (its own stage) add 3 stages to the latency softmax. Both index their tables by a
    # bit slice (softmax_idx_from_real_val): no index arithmetic.
    from fxsim.estimate.layers import softmax_max_steps

    spec = LayerSpec("softmax", "sm", 3, 3, input_t=T16, result_t=T16)
    stable = replace(spec, softmax_implementation="stable")
    budget = 5.0 * 0.73 / 2.25
    lat = estimate([spec], part="xc7z020-clg400-1", clock_ns=5.0, clock_uncertainty=0.27).layers[0]
    stb = estimate([stable], part="xc7z020-clg400-1", clock_ns=5.0, clock_uncertainty=0.27).layers[0]
    assert stb.steps[:3] == softmax_max_steps(3, 16)
    assert schedule([stb.steps], budget).stages - schedule([lat.steps], budget).stages == 3


def test_vitis_7series_stable_softmax_states():
    # The Vitis HLS 2025.1 Iris schedule (Thifjj/Iris_hls4ml_pynqZ2@78cc2c6, xc7z020-1 at 5 ns, 27 %: 3.65 ns), state
    # by state: 1-2 the two max levels (icmp 2.07 + select 0.97 each), 3 the subtracts, 4-5 the exp-table loads (a
    # 7-series ROM: two states), 6 the sum, 7-8 the inverse-table load, 9-10 the DSP products (two stages). Hand-worked
    # here with 18-bit tables: max 3.53 ns a level (0.92 + 0.25 + 0.4 model ns x 2.25: one stage each), the subtract
    # 2.97 (one), ROM 2, the sum's two 18-bit adds (2.16 ns each, two stages), ROM 2, the 7.09 ns DSP multiply (two
    # stages): 11. The report sums its 11-bit exp values in one state (1.63 + 1.54 ns chained), which the add model
    # (1.85 ns each at 11 bits and -1) does not fit: one state more than the report, a known miss.
    spec = LayerSpec("softmax", "sm", 3, 3, input_t=T16, result_t=T16, softmax_implementation="stable",
                     hls_tool="vitis")
    est = estimate([spec], part="xc7z020-clg400-1", clock_ns=5.0, clock_uncertainty=0.27, hls_tool="vitis")
    steps = est.layers[0].steps
    assert [round(s.delay_ns * 2.25, 2) for s in steps if s.delay_ns] == [3.53, 3.53, 2.97, 2.16, 2.16, 7.09]
    assert [s.cycles for s in steps if s.cycles] == [2, 2]
    assert schedule([steps], 5.0 * 0.73 / 2.25).stages == 11


def test_the_softmax_implementation_is_read_from_the_project():
    # hls4ml writes CONFIG_T::implementation: 0.6.0 `latency`, 0.8.1 `stable` (tests/data/old_projects)
    from pathlib import Path

    from fxsim.estimate.adapter import layers_from_project
    from fxsim.project import read_project

    old = Path(__file__).resolve().parent / "data" / "old_projects"
    impl = {}
    for name in ("0.6.0_jet_tagger_z7_latency_rf2", "0.8.1_jet_tagger"):
        specs = layers_from_project(read_project(old / name))
        impl[name] = [s.softmax_implementation for s in specs if s.kind == "softmax"]
    assert impl == {"0.6.0_jet_tagger_z7_latency_rf2": ["latency"], "0.8.1_jet_tagger": ["stable"]}
