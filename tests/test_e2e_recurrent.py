"""End to end on real hls4ml LSTM/GRU projects: ``verify`` against the compiled testbench, bit for bit.

Hand-written Keras-2 models (JSON + H5, no TensorFlow) with an ``LSTM`` returning sequences feeding
a ``GRU`` (``reset_after=True``, a non-zero recurrent bias) and a ``Dense``, converted by hls4ml
1.3.0 and compiled with the project's own testbench. Inputs include large values so that the
accumulators saturate or wrap and the activation tables clamp. A narrow-precision, non-static,
Resource-strategy variant and the io_stream build run as ``slow``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import projects as P
import pytest

from fxsim import trace as tracing
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
            "gru": {"Static": False, "TableSize": 256,
                    "Precision": {"result": "ap_fixed<9,3,AP_RND_CONV,AP_SAT>", "accum": "ap_fixed<13,5>",
                                  "table": "ap_fixed<12,4>"}},
        },
    }


@dataclass(frozen=True)
class Case:
    name: str
    hls_config: dict
    io_type: str = "io_parallel"
    slow: bool = False


CASES = [
    Case("default", P.hls_config_for()),
    Case("narrow-nonstatic-resource", narrow_config(), slow=True),
    Case("stream", P.hls_config_for(), io_type="io_stream", slow=True),
]


def _build(case: Case) -> Path:
    prj = P.build_project(lstm_gru_model(), case.hls_config, io_type=case.io_type, inputs=stress_inputs())
    P.build_testbench(prj)
    return prj


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else [])
                                  for c in CASES])
def test_verify_against_testbench(case: Case) -> None:
    P.require_hls4ml()
    prj = _build(case)
    net = load_hls4ml(prj)
    assert {lay.function for lay in net.layers} >= {"lstm_stack", "gru_stack"}
    report = verify(net, *default_reference(net))
    assert report.identical, report
    assert report.n_events == len(stress_inputs())


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
    assert tracing.current_layer() == ""
