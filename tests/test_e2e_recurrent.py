"""End to end on real hls4ml LSTM/GRU projects: ``verify`` against the compiled testbench, bit for bit.

Hand-written Keras-2 models (JSON + H5, no TensorFlow) with an ``LSTM`` returning sequences feeding
a ``GRU`` (``reset_after=True``, a non-zero recurrent bias) and a ``Dense``, converted by hls4ml
1.3.0 and compiled with the project's own testbench. Inputs include large values so that the
accumulators saturate or wrap and the activation tables clamp. A narrow-precision, non-static,
Resource-strategy variant and the io_stream build run as ``slow``.

``Bidirectional`` models (``nnet::bidirectional_stack``): a ``Bidirectional(LSTM)`` returning
sequences feeding a ``Bidirectional(GRU)`` returning its last step, and a ``Bidirectional`` whose
``backward_layer`` is a GRU of another size than the forward LSTM (non-static). hls4ml 1.3.0's
Vivado backend implements only ``merge_mode='concat'`` (other modes set ``n_out`` to the forward
size but the template still writes both directions) and only io_parallel (no stream overload).

Besides ``verify`` against ``tb_data/csim_results.log``, ``predict`` is compared with hls4ml's own
``predict`` path (the project's compiled bridge, ``tests/bridge.py``) on float64 inputs.

hls4ml 1.3.0 ignores a ``Precision: {"table": ...}`` entry for these layers; the table type is set
with the layer key ``table_t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import projects as P
import pytest
from bridge import hls_predict

from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

T, N_IN, N1, N2 = 5, 3, 4, 3


def lstm_gru_model() -> tuple[Path, Path]:
    r = np.random.default_rng(3)
    layers = [
        P.input_layer("x", [T, N_IN]),
        P.recurrent("LSTM", "lstm", r.normal(size=(N_IN, 4 * N1)) * 0.6, r.normal(size=(N1, 4 * N1)) * 0.5,
                    r.normal(size=4 * N1) * 0.3, return_sequences=True),
        P.recurrent("GRU", "gru", r.normal(size=(N1, 3 * N2)) * 0.6, r.normal(size=(N2, 3 * N2)) * 0.5,
                    r.normal(size=(2, 3 * N2)) * 0.3),
        P.dense("fc", r.normal(size=(N2, 2))),
    ]
    d = P.cache_root() / "e2e_recurrent_models"
    return P.write_keras_model(d, layers, name="lstm_gru")


def bidirectional(name: str, forward: P.KerasLayer, backward: P.KerasLayer | None = None,
                  merge_mode: str = "concat") -> P.KerasLayer:
    """A Keras-2 ``Bidirectional`` wrapping ``forward`` (and an explicit ``backward_layer``): the
    wrapped configs in the JSON, weights as ``<name>/<name>/{forward,backward}_<rnn>/<cell>_cell/<var>:0``
    in the H5 (the layout hls4ml's ``parse_bidirectional_layer`` reads)."""
    def inner(lay: P.KerasLayer) -> dict:
        return {"class_name": lay.class_name, "config": {"name": lay.name, "trainable": True, **lay.config}}

    cfg = {"layer": inner(forward), "merge_mode": merge_mode}
    if backward is not None:
        cfg["backward_layer"] = inner(backward)
        cfg["backward_layer"]["config"]["go_backwards"] = True
    weights = {}
    for direction, lay in (("forward", forward), ("backward", backward or forward)):
        for var, value in lay.weights.items():
            weights[f"{direction}_{lay.name}/{lay.class_name.lower()}_cell/{var}"] = value
    return P.KerasLayer("Bidirectional", name, cfg, weights)


def bidirectional_model() -> tuple[Path, Path]:
    """``Bidirectional(LSTM(4), return_sequences)`` -> ``Bidirectional(GRU(3))`` -> ``Dense``; the
    backward cells have their own weights."""
    r = np.random.default_rng(4)

    def cell(kind: str, n_in: int, n: int, seq: bool) -> P.KerasLayer:
        m = 4 if kind == "LSTM" else 3
        bias = r.normal(size=m * n) * 0.3 if kind == "LSTM" else r.normal(size=(2, m * n)) * 0.3
        return P.recurrent(kind, kind.lower(), r.normal(size=(n_in, m * n)) * 0.6, r.normal(size=(n, m * n)) * 0.5,
                           bias, return_sequences=seq)

    layers = [
        P.input_layer("x", [T, N_IN]),
        bidirectional("bi_lstm", cell("LSTM", N_IN, N1, True), cell("LSTM", N_IN, N1, True)),
        bidirectional("bi_gru", cell("GRU", 2 * N1, N2, False), cell("GRU", 2 * N1, N2, False)),
        P.dense("fc", r.normal(size=(2 * N2, 2))),
    ]
    return P.write_keras_model(P.cache_root() / "e2e_recurrent_models", layers, name="bidirectional")


def bidirectional_mixed_model() -> tuple[Path, Path]:
    """``Bidirectional(LSTM(3), backward_layer=GRU(2))`` returning sequences -> ``Flatten`` -> ``Dense``."""
    r = np.random.default_rng(6)
    fwd = P.recurrent("LSTM", "lstm_f", r.normal(size=(N_IN, 12)) * 0.6, r.normal(size=(3, 12)) * 0.5,
                      r.normal(size=12) * 0.3, return_sequences=True)
    bwd = P.recurrent("GRU", "gru_b", r.normal(size=(N_IN, 6)) * 0.6, r.normal(size=(2, 6)) * 0.5,
                      r.normal(size=(2, 6)) * 0.3, return_sequences=True)
    layers = [P.input_layer("x", [T, N_IN]), bidirectional("bi_mix", fwd, bwd), P.flatten("flat"),
              P.dense("fc", r.normal(size=(T * 5, 2)) * 0.5)]
    return P.write_keras_model(P.cache_root() / "e2e_recurrent_models", layers, name="bidirectional_mixed")


def stress_inputs(n: int = 60, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, T * N_IN)) * 1.5
    x[n // 2:n // 2 + 8] *= 20.0
    x[-3] = 0.0
    x[-2] = rng.normal(size=T * N_IN) * 1e-3
    x[-1] = np.linspace(-30, 30, T * N_IN)
    return np.round(x, 5)


def narrow_config() -> dict:
    """Everything narrow; the LSTM non-static with Resource strategy; the GRU with its own result,
    accumulator (wrap-around) and table types. (hls4ml's io_parallel lstm_stack only compiles when
    its input, output and accumulator types coincide, so the LSTM keeps the model precision.)"""
    return {
        "Model": {"Precision": "ap_fixed<10,4,AP_RND,AP_SAT>", "ReuseFactor": 1, "Strategy": "Latency"},
        "LayerName": {
            "lstm": {"Static": False, "Strategy": "Resource", "ReuseFactor": 2, "TableSize": 512},
            "gru": {"Static": False, "TableSize": 256, "table_t": "ap_fixed<12,4>",
                    "Precision": {"result": "ap_fixed<9,3,AP_RND_CONV,AP_SAT>", "accum": "ap_fixed<13,5>"}},
        },
    }


def bidirectional_config() -> dict:
    """Rounding, saturating model types; each Bidirectional with its own table type and size."""
    return {
        "Model": {"Precision": "ap_fixed<12,4,AP_RND,AP_SAT>", "ReuseFactor": 1, "Strategy": "Latency"},
        "LayerName": {"bi_lstm": {"TableSize": 512, "table_t": "ap_fixed<14,5>"},
                      "bi_gru": {"TableSize": 256, "table_t": "ap_fixed<12,4>"}},
    }


def bidirectional_mixed_config() -> dict:
    return {
        "Model": {"Precision": "ap_fixed<11,4,AP_RND_CONV,AP_SAT>", "ReuseFactor": 1, "Strategy": "Latency"},
        "LayerName": {"bi_mix": {"Static": False, "table_t": "ap_fixed<13,5>"}},
    }


@dataclass(frozen=True)
class Case:
    name: str
    hls_config: dict
    io_type: str = "io_parallel"
    slow: bool = False
    model: str = "lstm_gru"
    functions: frozenset[str] = frozenset({"lstm_stack", "gru_stack"})


MODELS = {"lstm_gru": lstm_gru_model, "bidirectional": bidirectional_model,
          "bidirectional_mixed": bidirectional_mixed_model}
CASES = [
    Case("default", P.hls_config_for()),
    Case("narrow-nonstatic-resource", narrow_config(), slow=True),
    Case("stream", P.hls_config_for(), io_type="io_stream", slow=True),
    Case("bidirectional", bidirectional_config(), model="bidirectional",
         functions=frozenset({"bidirectional_stack"})),
    Case("bidirectional-mixed-nonstatic", bidirectional_mixed_config(), model="bidirectional_mixed",
         functions=frozenset({"bidirectional_stack"}), slow=True),
]
PARAMS = [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else []) for c in CASES]


def _build(case: Case) -> Path:
    prj = P.build_project(MODELS[case.model](), case.hls_config, io_type=case.io_type, inputs=stress_inputs())
    P.build_testbench(prj)
    return prj


@pytest.mark.parametrize("case", PARAMS)
def test_verify_against_testbench(case: Case) -> None:
    P.require_hls4ml()
    prj = _build(case)
    net = load_hls4ml(prj)
    assert {lay.function for lay in net.layers} >= case.functions
    report = verify(net, *default_reference(net))
    assert report.identical, report
    assert report.n_events == len(stress_inputs())


@pytest.mark.parametrize("case", PARAMS)
def test_predict_equals_hls4ml_predict(case: Case) -> None:
    """float64 inputs (not the testbench's float text): fxsim's predict vs hls4ml's bridge."""
    P.require_hls4ml()
    prj = _build(case)
    net = load_hls4ml(prj)
    x = stress_inputs(seed=1) * 1.37
    ours = np.asarray(net.predict(x))
    ref = hls_predict(prj, x, ours.shape[1])
    bad = np.argwhere(ours != ref)
    assert bad.size == 0, (f"{len(bad)} values differ; first at {tuple(bad[0])}: fxsim {ours[tuple(bad[0])]!r} "
                           f"vs hls4ml {ref[tuple(bad[0])]!r}")


def test_trace_reports_time_steps() -> None:
    P.require_hls4ml()
    net = load_hls4ml(_build(CASES[0]))
    t = net.trace(stress_inputs())
    names = {lay for lay, _ in t.counts}
    assert {f"lstm[t={k}]" for k in range(T)} <= names
    assert {f"gru[t={k}]" for k in range(T)} <= names
    saturated = sum(c.saturated + c.wrapped + c.table_clamped for (lay, _), c in t.counts.items()
                    if lay.startswith("lstm["))
    assert saturated > 0


def relu_gru_model() -> tuple[Path, Path]:
    """``GRU(3, activation='relu', return_sequences=True)`` as the model output: h is not bounded by
    the activations, so the per-step cast of h to the narrow result type saturates."""
    r = np.random.default_rng(8)
    layers = [P.input_layer("x", [T, N_IN]),
              P.recurrent("GRU", "gru", r.normal(size=(N_IN, 9)) * 0.8, r.normal(size=(3, 9)) * 0.6,
                          r.normal(size=(2, 9)) * 0.3, activation="relu", return_sequences=True)]
    return P.write_keras_model(P.cache_root() / "e2e_recurrent_models", layers, name="relu_gru")


RELU_GRU_CONFIG = {
    "Model": {"Precision": "ap_fixed<12,4,AP_RND,AP_SAT>", "ReuseFactor": 1, "Strategy": "Latency"},
    "LayerName": {"gru": {"Precision": {"result": "ap_fixed<8,3,AP_RND,AP_SAT>", "accum": "ap_fixed<14,6>"}}},
}


def test_trace_per_step_saturation_consistent_with_firmware_outputs() -> None:
    """``fxsim trace`` accounts each time step of a GRU as ``gru[t=k]``; the expectations come from
    the project files and hls4ml's own predict, not from fxsim:

    * the step names: ``n_sequence`` of the GRU's config struct in ``firmware/parameters.h``;
    * per step, ``gru_static`` converts to ``res_T`` exactly once per state (``h_newstate[iacc] =
      (res_T)(...)``; every other array is ``accum_t``), so ``values == events * n_state``;
    * with ``AP_SAT`` a saturated h is the type's max or min, so the saturated count of step k is at
      most the number of step-k outputs of hls4ml's ``predict`` (``return_sequences``) at those
      bounds (a value may also land on a bound without overflowing: a GRU whose z is exactly 1
      keeps a saturated h);
    * exactly: the per-step overflow count of the project's own firmware, compiled with its result
      type instrumented (:data:`COUNTED`).
    """
    import re

    from fxsim.types import FixedType

    P.require_hls4ml()
    prj = P.build_project(relu_gru_model(), RELU_GRU_CONFIG, inputs=stress_inputs())
    top = (prj / "firmware" / "myproject.cpp").read_text()
    res_name, cfg_name = re.search(r"nnet::gru_stack<\w+, (\w+), (\w+)>", top).groups()
    params = (prj / "firmware" / "parameters.h").read_text()
    body = re.search(rf"struct {cfg_name} : nnet::gru_config \{{(.*?)\n\}};", params, re.S).group(1)
    n_seq = int(re.search(r"n_sequence = (\d+);", body).group(1))
    n_state = int(re.search(r"n_state = (\d+);", body).group(1))
    res_text = re.search(rf"typedef (.*?) {res_name};", (prj / "firmware" / "defines.h").read_text()).group(1)
    res_t = FixedType.parse(res_text)

    x = stress_inputs(seed=3) * 1.7
    firmware = hls_predict(prj, x, n_seq * n_state).reshape(len(x), n_seq, n_state)
    net = load_hls4ml(prj)
    assert np.array_equal(np.asarray(net.predict(x)).reshape(firmware.shape), firmware)

    t = net.trace(x)
    steps = {lay for lay, _ in t.counts if lay.startswith("gru")}
    assert steps == {f"gru[t={k}]" for k in range(n_seq)}
    lo, hi = res_t.min_raw / 2.0 ** res_t.frac, res_t.max_raw / 2.0 ** res_t.frac
    for k in range(n_seq):
        c = t.counts[(f"gru[t={k}]", str(res_t))]
        assert c.values == len(x) * n_state, (k, c)
        at_bounds = int(np.count_nonzero((firmware[:, k] == lo) | (firmware[:, k] == hi)))
        assert c.saturated <= at_bounds, (k, c, at_bounds)
        assert c.wrapped == 0
    assert sum(t.counts[(f"gru[t={k}]", str(res_t))].saturated > 0 for k in range(n_seq)) >= 2
    # exact: the project's own firmware, its result type instrumented to count overflowing conversions
    per_step = _firmware_overflows_per_step(prj, res_name, x, n_seq, n_state)
    assert [t.counts[(f"gru[t={k}]", str(res_t))].saturated for k in range(n_seq)] == per_step


#: ``counted<B>`` replaces the GRU's result typedef in a copy of the project's ``defines.h``: every
#: conversion into it from a non-integer (the reset ``h_state[i] = 0`` is skipped) counts as an
#: overflow when the result differs from the same conversion into a type with the same fraction
#: bits and quantization but 80 integer bits (``ap_fixed_base``'s own rounding, not fxsim's). Each
#: sample converts ``n_sequence * n_state`` values in step order, which attributes them to steps.
COUNTED = r"""
#include <type_traits>
static long long g_conv = 0, g_over[256] = {0};
static long long g_per_sample = 1, g_per_step = 1;
template <class B> struct counted : B {
    counted() : B() {}
    counted(const counted& o) : B(o) {}
    counted& operator=(const counted& o) { B::operator=(o); return *this; }
    template <class T> counted(const T& v) : B(v) { note(v); }
    template <class T> counted& operator=(const T& v) { B::operator=(v); note(v); return *this; }
    template <class T> void note(const T& v) {
        if (std::is_integral<T>::value) return;
        typedef ap_fixed<B::width - B::iwidth + 80, 80, B::qmode, AP_WRAP> wide_t;
        wide_t exact = v;
        wide_t got = static_cast<const B&>(*this);
        long long step = (g_conv % g_per_sample) / g_per_step;
        g_conv++;
        if (exact != got) g_over[step]++;
    }
};
"""


def _firmware_overflows_per_step(prj: Path, res_name: str, x: np.ndarray, n_seq: int, n_state: int) -> list[int]:
    """Per time step, how many conversions into the GRU's result type overflowed in the project's
    firmware (``myproject`` compiled from a copy whose ``defines.h`` wraps that type in ``counted``)."""
    import re
    import shutil

    import harness

    copy = prj / "fxsim_counted"
    with P._locked(prj / ".fxsim_counted.lock"):
        if not (copy / "firmware" / "defines.h").is_file():
            tmp = prj / f"fxsim_counted.tmp{id(x)}"
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.copytree(prj / "firmware", tmp / "firmware")
            defines = (tmp / "firmware" / "defines.h").read_text()
            defines = defines.replace('#include "ap_int.h"', '#include "ap_int.h"\n' + COUNTED, 1)
            defines, n = re.subn(rf"typedef (.*?) {res_name};", rf"typedef counted<\1 > {res_name};", defines)
            assert n == 1, "result typedef not found in defines.h"
            (tmp / "firmware" / "defines.h").write_text(defines)
            tmp.rename(copy)
    fw = copy / "firmware"
    n_in, n_out = x.shape[1], n_seq * n_state
    src = f"""#include "{fw / 'myproject.cpp'}"
int main() {{
    int n;
    if (std::scanf("%d", &n) != 1) return 2;
    g_per_sample = {n_out}; g_per_step = {n_state};
    for (int s = 0; s < n; s++) {{
        input_t x[{n_in}];
        for (int i = 0; i < {n_in}; i++) {{ double d; if (std::scanf("%lf", &d) != 1) return 2; x[i] = d; }}
        result_t y[{n_out}];
        myproject(x, y);
    }}
    for (int t = 0; t < {n_seq}; t++) std::printf("%lld ", g_over[t]);
    std::printf("\\n");
    return 0;
}}
"""
    exe = harness.build(src, "e2e_counted", extra_flags=(f"-I{fw}", f"-I{fw / 'ap_types'}",
                                                          f'-DWEIGHTS_DIR="{fw / "weights"}"'))
    text = f"{len(x)}\n" + "\n".join(" ".join(repr(float(v)) for v in row) for row in x) + "\n"
    return [int(v) for v in harness.run(exe, text).split()]
