"""Rules changed after held-out round 6 (issue 14; IN-SAMPLE: read off the round-6 Vitis HLS 2021.1 reports of
``ArgyKokk/hls4ml_MLP_estimator@72e2e22`` after the round was evaluated). Each rule has a hand-worked case; no
test reads the round-6 projects (``/work/heldout6`` is not in CI)."""

from __future__ import annotations

import numpy as np

from fxsim.estimate import LayerSpec, estimate
from fxsim.estimate import constants as C
from fxsim.estimate.adapter import project_hls_tool
from fxsim.estimate.layers import fsm_cost, latency_instance_ii, softmax_stable_csynth_lut, softmax_table_costs
from fxsim.types import FixedType

T16 = FixedType(16, 6)
T8 = FixedType(8, 2)


class _Project:
    """The attributes :func:`project_hls_tool` reads from a project."""

    def __init__(self, backend: str, settings: dict[str, str]) -> None:
        self.backend, self.settings = backend, settings


def test_config_op_in_the_build_script_means_vitis_hls() -> None:
    """Rule 1: ArgyKokk's DSP_* projects: backend ``vivado``, ``enable_dsp_full_reg=false`` and
    ``config_op mul -impl dsp`` (a Vitis-only command): Vitis HLS, no assumption note."""
    argy = _Project("vivado", {"dsp_full_reg": "false", "mul_impl": "dsp"})
    assert project_hls_tool(argy) == ("vitis", None)
    # without config_op, hls4ml >= 0.7's Vivado backend stays Vivado HLS; with neither line (hls4ml <= 0.6),
    # Vivado HLS with a note (since 2026-12-07; Vitis was assumed before)
    assert project_hls_tool(_Project("vivado", {"dsp_full_reg": "false"})) == ("vivado", None)
    tool, note = project_hls_tool(_Project("vivado", {}))
    assert tool == "vivado" and note and "hls4ml <= 0.6" in note


def test_vitis_softmax_tables_are_n_block_rams() -> None:
    """Rule 2: the report's Memory section: exp_table 1024 x 18 in n - 1 RAMB18 (n = 3: 2; n = 6: 5), invert_table
    in one: n in all (3, 6). The tool-free rule keeps ceil(n/2) dual-port copies and a LUT inverse table."""
    assert softmax_table_costs(3, 1024, 18, "vitis") == ((2, 0), (1, 0))
    assert softmax_table_costs(6, 1024, 18, "vitis") == ((5, 0), (1, 0))
    assert softmax_table_costs(16, 1024, 18, "vitis")[0][0] + 1 == 16
    assert softmax_table_costs(6, 1024, 18)[0] == (3, 0)          # ceil(6/2), unchanged without a tool
    sm = [LayerSpec("softmax", "sm", 6, 6, input_t=T16, result_t=T16, softmax_implementation="stable")]
    assert estimate(sm, part="xc7z020clg400-1", clock_ns=5.0, hls_tool="vitis").hls_total["bram_18k"] == 6
    assert estimate(sm, part="xc7z020clg400-1", clock_ns=5.0).hls_total["bram_18k"] == 3


def test_vitis_softmax_stable_luts_operator_by_operator() -> None:
    """The softmax_stable instance's LUTs: CARDIO (n = 3): Expression 214 (2 compares x 25, 3 classes x 42,
    2 adders x 18, enable xor 2) + 6 SRLs x 32 = 406; HAR (n = 6): 469 + 384 = 853 (the reports' figures)."""
    assert 2 * 25 + 3 * 42 + 2 * 18 + 2 == 214
    assert softmax_stable_csynth_lut(3, 16, 18, 1024) == 214 + 6 * 32 == 406
    assert softmax_stable_csynth_lut(6, 16, 18, 1024) == 5 * 25 + 6 * 42 + 5 * 18 + 2 + 12 * 32 == 853


def test_latency_instance_ii_is_its_depth_when_rf_is_larger() -> None:
    """Rule 3: ``PIPELINE II=RF`` on an instance shallower than RF: II = latency + 1 (CARDIO fc1 at RF 100:
    latency 37, II 38; Breast_cancer fc1: 30, 31; ARRYTHMIA output: 23, 24); RF 2 on a 3-cycle layer: II 2;
    HAR fc1 at RF 100 (latency > 100): II 100."""
    assert [latency_instance_ii(100, lat) for lat in (37, 30, 23)] == [38, 31, 24]
    assert latency_instance_ii(2, 3) == 2 and latency_instance_ii(100, 160) == 100


def test_vitis_latency_layer_at_large_rf_reports_latency_plus_one() -> None:
    """A 4 x 4 dense at RF 100 (hls4ml's limit: ceil(16/100) = 1 multiplier) under Vitis: the layer's II is its own
    latency + 1, not RF and not the allocation's ceil(mul_ops / limit); Vivado HLS keeps the allocation's."""
    w = np.array([[0.296875, 0.390625, 0.453125, 0.171875]] * 4)   # raw 19, 25, 29, 11: true products
    dense = LayerSpec("dense", "fc", 4, 4, weights=w, input_t=T8, weight_t=T8, accum_t=T16, result_t=T16,
                      reuse_factor=100)
    vitis = estimate([dense], part="xc7z020clg400-1", clock_ns=5.0, hls_tool="vitis").layers[0]
    assert vitis.details["allocation"]["ii"] <= 16 < 100
    assert vitis.ii == vitis.latency_cycles + 1
    vivado = estimate([dense], part="xc7z020clg400-1", clock_ns=5.0, hls_tool="vivado").layers[0]
    assert vivado.ii == vivado.details["allocation"]["ii"]


def test_fsm_of_a_vitis_pipeline_with_ii_above_one() -> None:
    """An II-k pipeline: ``ap_CS_fsm`` k FF, ``ap_NS_fsm`` of k + 1 inputs x 4.5 LUTs: Breast_cancer fc1 at RF 100
    (II 31): 144 LUTs (report 145), 31 FF (report 31)."""
    assert fsm_cost(31) == (144, 31)
    assert fsm_cost(1) == (0, 0)
    assert C.TOP_FSM_ENABLE_MUX_LUT == 2 * 9                      # ap_enable_reg_pp0_iter0/1: 9 LUTs each


def test_pinned_dsp_products_charge_no_mul_core_registers() -> None:
    """Rule 5: with ``config_op mul -impl dsp`` the Vitis HLS 2021.1 reports list every ``mul_*_1_0`` core with
    0 FF; the width rule's auto binding keeps the 67 FF a pipelined ``mul`` core (a 7-series DSP multiply,
    2.4 ns x 1.9, does not fit a 4 ns stage)."""
    w = np.array([[0.7294921875, 0.6669921875], [0.8212890625, 0.5732421875]])   # raw 747, 683, 841, 587
    dense = LayerSpec("dense", "fc", 2, 2, weights=w, input_t=T16, weight_t=T16, accum_t=T16, result_t=T16)
    kw = dict(part="xc7z020clg400-1", clock_ns=4.0, hls_tool="vitis", dsp_full_reg=False)
    auto = estimate([dense], **kw)
    pinned = estimate([dense], mul_binding="dsp", **kw)
    assert auto.layers[0].dsp == pinned.layers[0].dsp == 4
    assert auto.layers[0].hls_ff_extra == C.CSYNTH_FF_PER_PIPELINED_MUL * 4
    assert pinned.layers[0].hls_ff_extra == 0


def test_vitis_latency_layer_over_4096_products_sums_in_a_chain() -> None:
    """Rule 6 (with rule 38's links): a Latency dense of more than 4096 products (``n_in x n_out``, whatever the
    RF) under Vitis HLS keeps each output's sum a chain of ternary links (HAR fc1, 561 x 20, and mnist fc1,
    196 x 56). Hand-worked: 65 x 64 (4,160 products), every weight 0.375 (raw 24 = 3 << 3: one shift-add each),
    no bias: each output has 65 terms, ceil(64 / 2.64) = 25 links of two 16-bit adds (2 x 0.92 = 1.84 ns).
    xc7z020-1 at 5 ns, 12.5 %: 4.375 ns / 2.25 = 1.94 ns a stage: the products (1.2 ns) fill stage 1, one link a
    stage: 26 stages; the top writes the registered outputs one stage later: 27 stages, latency 26. Vivado HLS,
    and 64 x 64 (4,096) under Vitis, keep the balanced tree (7 levels)."""
    kw = dict(part="xc7z020clg400-1", clock_ns=5.0, clock_uncertainty=0.125)

    def dense(n_in: int, rf: int = 1) -> LayerSpec:
        return LayerSpec("dense", "fc", n_in, 64, weights=np.full((n_in, 64), 0.375), input_t=T8, weight_t=T8,
                         accum_t=T16, result_t=T16, reuse_factor=rf)

    vitis = estimate([dense(65)], hls_tool="vitis", **kw)
    assert vitis.layers[0].details["unbalanced_sum"] == {"products": 4160, "chain_adds": 64, "links": 25}
    assert [round(s.delay_ns, 2) for s in vitis.layers[0].steps[1:]] == [1.84] * 25 + [0.0]
    assert vitis.total["latency_cycles"] == 26
    vivado = estimate([dense(65)], hls_tool="vivado", **kw)
    at_limit = estimate([dense(64)], hls_tool="vitis", **kw)
    assert "unbalanced_sum" not in vivado.layers[0].details and "unbalanced_sum" not in at_limit.layers[0].details
    assert vivado.total["latency_cycles"] < 10 and at_limit.total["latency_cycles"] < 10
    # at RF 100 the instance's latency (ceil(299 / 2.64) = 114 links, above 100 cycles) caps its II at RF: 100
    shared = estimate([dense(300, rf=100)], hls_tool="vitis", **kw).layers[0]
    assert shared.details["unbalanced_sum"]["chain_adds"] == 299 and shared.ii == 100
