"""``fxsim.estimate`` on real hls4ml LSTM and GRU projects (issue 7).

Two hand-made Keras-2 models (``tests/projects.py``'s ``recurrent`` builder, as in
``test_e2e_recurrent.py``), converted by the installed hls4ml 1.3.0 with ``ap_fixed<16,6>``,
ReuseFactor 1, Latency strategy, io_parallel (hls4ml's default ``Static=True``):

* ``LSTM(units=4)`` over ``T=5`` steps of 3 inputs, then a Dense(2). The kernel ``(3, 16)`` has its
  **i** gate matrix all zero and its **f** gate matrix all ``0.5`` (raw ``512`` of ``ap_fixed<16,6>``:
  one CSD digit, a shift); **c**, **o** and the recurrent kernel ``(4, 16)`` are random.
* ``GRU(units=3, reset_after=True)`` over ``T=5`` steps of 3 inputs, then a Dense(2). The kernel
  ``(3, 9)`` has its **r** gate matrix all ``0.25`` (a shift); the recurrent kernel ``(3, 9)`` has its
  **h** gate matrix all zero.

Hand-worked expectations (see ``fxsim.estimate.layers._estimate_recurrent``):

* per gate matrix: LSTM kernel i = 3x4 = 12 zero products, f = 12 shifts; GRU kernel r = 9 shifts,
  recurrent h = 9 zero products; the per-gate counts of each matrix add up to its size;
* 3n element-wise products per step (LSTM ``c*i, s*f, o*tanh(s)``; GRU ``r*(W_r h)_h``,
  ``tanh(.)*(1-z)``, ``h*z``), 16 x 16 bits -> one DSP48E2 each: LSTM 12, GRU 9;
* tables (1024 x ap_fixed<18,8> = one RAMB18 each, two reads per copy): LSTM sigmoid read 3n = 12 times
  -> 6, tanh 2n = 8 times -> 4, 10 BRAM18 in all; GRU sigmoid 2n = 6 -> 3, tanh n = 3 -> 2, 5 in all;
* static: latency = II = T x step latency; non-static (``iloop`` unrolled by the top PIPELINE):
  T step copies (T x the DSPs) and II = reuse factor = 1.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import projects as P
import pytest

from fxsim.estimate import estimate, layers_from_project
from fxsim.estimate.layers import estimate_layer
from fxsim.project import read_project

T, N_IN, N_LSTM, N_GRU = 5, 3, 4, 3
JSON_DETAIL_KEYS = {"cell", "gates", "n_state", "n_sequence", "static", "step_copies", "step_delay_ns",
                    "step_latency_cycles", "step", "elementwise_products", "kernel", "recurrent_kernel", "tables"}


def _lstm_model() -> tuple[Path, Path]:
    r = np.random.default_rng(11)
    n = N_LSTM
    kernel = r.normal(size=(N_IN, 4 * n)) * 0.6
    kernel[:, 0:n] = 0.0          # i
    kernel[:, n:2 * n] = 0.5      # f
    layers = [P.input_layer("x", [T, N_IN]),
              P.recurrent("LSTM", "lstm", kernel, r.normal(size=(n, 4 * n)) * 0.5, r.normal(size=4 * n) * 0.3),
              P.dense("fc", r.normal(size=(n, 2)))]
    return P.write_keras_model(P.cache_root() / "estimate_recurrent_models", layers, name="lstm_only")


def _gru_model() -> tuple[Path, Path]:
    r = np.random.default_rng(12)
    n = N_GRU
    kernel = r.normal(size=(N_IN, 3 * n)) * 0.6
    kernel[:, n:2 * n] = 0.25     # r
    recurrent = r.normal(size=(n, 3 * n)) * 0.5
    recurrent[:, 2 * n:] = 0.0    # h
    layers = [P.input_layer("x", [T, N_IN]),
              P.recurrent("GRU", "gru", kernel, recurrent, r.normal(size=(2, 3 * n)) * 0.3),
              P.dense("fc", r.normal(size=(n, 2)))]
    return P.write_keras_model(P.cache_root() / "estimate_recurrent_models", layers, name="gru_only")


MODELS = {"lstm": (_lstm_model, N_LSTM), "gru": (_gru_model, N_GRU)}


@pytest.fixture(scope="module", params=sorted(MODELS))
def case(request):
    """(cell, n_state, Project, Estimate)."""
    P.require_hls4ml()
    build, n = MODELS[request.param]
    project = read_project(P.build_project(build(), P.hls_config_for()))
    return request.param, n, project, estimate(project)


def _cell(est):
    return next(layer for layer in est.layers if layer.kind in ("lstm", "gru"))


def test_totals_are_the_sum_of_the_layers(case):
    cell, _, project, est = case
    assert [c.function for c in project.calls][0] == f"{cell}_stack"
    assert len(est.layers) == len(project.calls)
    for k in ("dsp", "lut", "ff", "bram_18k"):
        assert est.total[k] == sum(getattr(layer, k) for layer in est.layers), k
    assert est.total["ii"] == max(layer.ii for layer in est.layers)
    assert est.total["latency_cycles"] >= sum(layer.sequential_cycles for layer in est.layers)
    layer = _cell(est)
    d = layer.details
    # static: one step instance, plus the selection of each step's input from the top's reshaped input port
    assert layer.dsp == d["step"]["dsp"] and layer.lut == d["step"]["lut"] + d["input_select"]["lut"]
    assert layer.dsp == d["kernel"]["dsp"] + d["recurrent_kernel"]["dsp"] + d["elementwise_products"]


def test_multiplications_per_gate_matrix(case):
    cell, n, _, est = case
    layer = _cell(est)
    d = layer.details
    gates = {"lstm": ["i", "f", "c", "o"], "gru": ["z", "r", "h"]}[cell]
    assert d["gates"] == gates and d["n_state"] == n and d["n_sequence"] == T
    for part, rows in (("kernel", N_IN), ("recurrent_kernel", n)):
        per_gate = d[part]["per_gate"]
        assert list(per_gate) == gates
        assert all(sum(c.values()) == rows * n for c in per_gate.values()), part
        # RF=1: the matrix's own counts are the per-gate counts summed
        for k, v in d[part]["multiplications"].items():
            assert v == sum(c[k] for c in per_gate.values()), (part, k)
    if cell == "lstm":
        assert d["kernel"]["per_gate"]["i"]["zero"] == N_IN * n
        assert d["kernel"]["per_gate"]["f"]["shift"] == N_IN * n
    else:
        assert d["kernel"]["per_gate"]["r"]["shift"] == N_IN * n
        assert d["recurrent_kernel"]["per_gate"]["h"]["zero"] == n * n
    assert d["elementwise_products"] == 3 * n
    total = {k: d["kernel"]["multiplications"][k] + d["recurrent_kernel"]["multiplications"][k]
             for k in layer.mults}
    total["dsp"] += 3 * n          # 16 x 16 element-wise products -> DSP
    assert layer.mults == total


def test_gate_tables(case):
    cell, n, _, est = case
    t = _cell(est).details["tables"]
    reads = {"lstm": (3 * n, 2 * n), "gru": (2 * n, n)}[cell]
    assert (t["activation_recr"]["reads"], t["activation"]["reads"]) == reads
    assert t["activation_recr"]["bram_18k"] == -(-reads[0] // 2)
    assert t["activation"]["bram_18k"] == -(-reads[1] // 2)
    assert _cell(est).bram_18k == {"lstm": 10, "gru": 5}[cell]


def test_static_ii_is_timesteps_times_step_latency(case):
    _, _, project, est = case
    layer = _cell(est)
    step = layer.details["step_latency_cycles"]
    assert step >= 1
    assert layer.ii == layer.latency_cycles == T * step
    spec = next(s for s in layers_from_project(project) if s.kind in ("lstm", "gru"))
    iis = [estimate_layer(replace(spec, n_sequence=k), est.clock_ns, est.part.family.dsp_slice,
                          est.clock_uncertainty).ii for k in (1, 2, 5, 10)]
    # one time step needs no shift of the input word (constants.RECURRENT_INPUT_SELECT_CYCLES)
    shift = 1 if "input_select" in layer.details else 0
    assert iis == [k * (step - (shift if k == 1 else 0)) for k in (1, 2, 5, 10)]
    assert iis == sorted(iis) and len(set(iis)) == 4


def test_non_static_unrolls_the_steps(case):
    _, _, project, est = case
    layer = _cell(est)
    spec = next(s for s in layers_from_project(project) if s.kind in ("lstm", "gru"))
    unrolled = estimate_layer(replace(spec, use_static=False), est.clock_ns, est.part.family.dsp_slice,
                              est.clock_uncertainty)
    assert unrolled.dsp == T * layer.dsp and unrolled.bram_18k == T * layer.bram_18k
    assert unrolled.ii == 1 and unrolled.details["step_copies"] == T
    assert unrolled.latency_cycles <= layer.latency_cycles


def test_json_keys(case):
    cell, _, _, est = case
    d = json.loads(est.to_json())
    layer = next(x for x in d["layers"] if x["kind"] == cell)
    assert {"name", "dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii", "reuse_factor",
            "multiplications", "details"} <= set(layer)
    assert JSON_DETAIL_KEYS <= set(layer["details"])
    assert {"shape", "reuse_factor", "dsp", "lut", "multiplications", "per_gate"} <= set(
        layer["details"]["kernel"])
    assert not any("not modelled" in n for n in d["notes"])


def test_report_charges_the_gate_tables_index_arithmetic(case):
    # the HLS report: the step's LUTs x HLS_OVER_SYNTH, except the table indices, which it charges at C int width
    # (constants.CSYNTH_LUT_PER_TABLE_ELEMENT) per read: LSTM 3n sigmoid + 2n tanh reads, GRU 2n + n
    from fxsim.estimate import constants as C

    cell, n, _, est = case
    layer = _cell(est)
    sig, tanh = (3 * n, 2 * n) if cell == "lstm" else (2 * n, n)
    per_read = C.CSYNTH_LUT_PER_TABLE_ELEMENT["sigmoid"]
    select = layer.details["input_select"]
    assert layer.hls()["lut"] - select["csynth_lut"] >= (sig + tanh) * per_read
    assert (layer.hls()["lut"] - select["csynth_lut"] - (sig + tanh) * per_read
            <= C.HLS_OVER_SYNTH["lut"] * (layer.lut - select["lut"]))


def test_step_input_is_shifted_out_of_the_reshaped_input_port(case):
    # the cell reads the top's input port (ARRAY_RESHAPE complete: one word of T x 3 x 16 = 240 bits) one time
    # step at a time, data[j + iloop * 3]: three variable shifts of the word. Report: 240 + floor(log2 240) = 247
    # LUTs each, 741; synthesis: a 5-to-1 multiplexer per bit of the 3 x 16 selected bits, two LUT6 each (4:1
    # then 2:1), 96.
    _, _, project, est = case
    assert project.inputs[0].name == project.calls[0].inputs[0]
    assert _cell(est).details["input_select"] == {"lut": 96, "csynth_lut": 741}


def test_bidirectional_stack_is_a_forward_and_a_backward_stack():
    """``nnet::bidirectional_stack`` (Keras ``Bidirectional``): one forward and one backward recurrent stack, each
    costed like ``lstm_stack``/``gru_stack`` from its own config and weights (an LSTM forward with a GRU backward
    layer too); none NOT MODELLED."""
    import test_e2e_recurrent as R

    for case in ("bidirectional", "bidirectional-mixed-nonstatic"):
        c = next(x for x in R.CASES if x.name == case)
        prj = P.build_project(R.MODELS[c.model](), c.hls_config, io_type=c.io_type, inputs=R.stress_inputs())
        est = estimate(read_project(prj))
        halves = [layer for layer in est.layers if ":" in layer.name]
        assert [layer.name.split(":")[1] for layer in halves][:2] == ["forward", "backward"]
        assert all(layer.modelled and layer.dsp + layer.lut > 0 for layer in halves)
        assert all(layer.modelled for layer in est.layers)
    mixed = estimate(read_project(P.build_project(R.MODELS["bidirectional_mixed"](),
                                                  R.CASES[4].hls_config, inputs=R.stress_inputs())))
    assert [layer.kind for layer in mixed.layers if ":" in layer.name] == ["lstm", "gru"]
