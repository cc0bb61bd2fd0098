"""End to end on projects hls4ml converts from PyTorch: ``verify`` against the compiled testbench
and ``predict`` against hls4ml's own ``hls_model.predict``, bit for bit.

Models (``tests/pytorch_models.py``): ``nn.LSTM``/``nn.GRU`` (batch_first) with a ``Linear`` head on
the last step, an LSTM and a GRU given initial states (``lstm_stack``/``gru_stack`` overloads with
``h0``/``c0`` inputs), and, for the layer library, an MLP and a Conv1d model. hls4ml's PyTorch
parser converts every RNN with ``return_sequences=False`` (the option does not exist in PyTorch), so
there is no sequence-returning PyTorch case. Types are narrow, rounding and saturating, with their
own table types, so the accumulators overflow and the tables clamp on the stress inputs.

Each project is converted, written, compiled for ``predict`` and its testbench run once, then cached
by content (``pytorch_models.build_pytorch_project``). Skips cleanly without torch, hls4ml or g++.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import projects as P
import pytest

torch = pytest.importorskip("torch")
P.require_hls4ml()

import pytorch_models as M  # noqa: E402

from fxsim.network import load_hls4ml  # noqa: E402

T, N_IN, N_H = 5, 3, 4
N_EVENTS = 60


def stress(shape: tuple[int, ...], seed: int, scale: float = 1.5) -> np.ndarray:
    """Normal values with a block scaled up 20x (saturation), zeros and tiny values (rounding)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N_EVENTS, *shape)) * scale
    x[N_EVENTS // 2:N_EVENTS // 2 + 8] *= 20.0
    x[-3] = 0.0
    x[-2] = rng.normal(size=shape) * 1e-3
    x[-1] = np.linspace(-30, 30, int(np.prod(shape))).reshape(shape)
    return np.round(x, 4)


@dataclass(frozen=True)
class Case:
    name: str
    factory: Callable
    input_shapes: list[tuple[int, ...]]
    precision: str
    functions: frozenset[str]
    overrides: dict = field(default_factory=dict)
    io_type: str = "io_parallel"
    channels_last_conversion: str = "off"
    slow: bool = False


LSTM_TYPES = {"LayerName": {"rnn": {"TableSize": 512, "table_t": "ap_fixed<14,5>"},
                            "fc": {"Precision": {"accum": "ap_fixed<14,5,AP_RND,AP_SAT>",
                                                 "result": "ap_fixed<12,5,AP_RND_CONV,AP_SAT>"}}}}
GRU_TYPES = {"LayerName": {"rnn": {"Static": False, "TableSize": 256,
                                   "table_t": "ap_fixed<12,4>",
                                   "Precision": {"result": "ap_fixed<10,3,AP_RND,AP_SAT>", "accum": "ap_fixed<11,4>"}},
                           "fc": {"Precision": {"accum": "ap_fixed<13,5>", "result": "ap_fixed<12,5,AP_RND,AP_SAT>"}}}}

CASES = [
    Case("lstm-fc", lambda: M.RNNHead("LSTM", N_IN, N_H, 2), [(T, N_IN)], "ap_fixed<12,4,AP_RND_CONV,AP_SAT>",
         frozenset({"lstm_stack", "dense"}), LSTM_TYPES),
    Case("gru-fc", lambda: M.RNNHead("GRU", N_IN, N_H, 2), [(T, N_IN)], "ap_fixed<12,4,AP_RND,AP_SAT>",
         frozenset({"gru_stack", "dense"}), GRU_TYPES),
    Case("lstm-h0c0", lambda: M.LSTMInitialState(N_IN, N_H), [(T, N_IN), (1, N_H), (1, N_H)],
         "ap_fixed<12,4,AP_RND_CONV,AP_SAT>", frozenset({"lstm_stack"}), slow=True),
    Case("gru-h0", lambda: M.GRUInitialState(N_IN, N_H), [(T, N_IN), (1, N_H)], "ap_fixed<12,4,AP_RND,AP_SAT>",
         frozenset({"gru_stack"}), {"LayerName": {"rnn": {"Precision": {"accum": "ap_fixed<11,4>"}}}}, slow=True),
    Case("lstm-fc-stream", lambda: M.RNNHead("LSTM", N_IN, N_H, 2), [(T, N_IN)], "ap_fixed<12,4,AP_RND_CONV,AP_SAT>",
         frozenset({"lstm_stack", "dense"}), LSTM_TYPES, io_type="io_stream", slow=True),
    Case("gru-fc-stream", lambda: M.RNNHead("GRU", N_IN, N_H, 2), [(T, N_IN)], "ap_fixed<12,4,AP_RND,AP_SAT>",
         frozenset({"gru_stack", "dense"}), GRU_TYPES, io_type="io_stream", slow=True),
    Case("mlp", lambda: M.MLP(6, 8, 3), [(6,)], "ap_fixed<10,3,AP_RND,AP_SAT>", frozenset({"dense", "relu", "sigmoid"}),
         {"LayerName": {"act": {"TableSize": 256, "table_t": "ap_fixed<10,2>"}}}),
    Case("conv1d", lambda: M.Conv1dNet(2, 8, 3, 2), [(2, 8)], "ap_fixed<12,4,AP_RND,AP_SAT>",
         frozenset({"conv_1d_cl", "dense"}), channels_last_conversion="full", slow=True),
]


def _inputs(case: Case) -> list[np.ndarray]:
    return [stress(s, seed=11 + k, scale=1.5 if k == 0 else 0.8) for k, s in enumerate(case.input_shapes)]


_BUILT: dict[str, M.PtBuild] = {}


def built(case: Case) -> M.PtBuild:
    if case.name not in _BUILT:
        xs = _inputs(case)
        tb = np.concatenate([a.reshape(len(a), -1) for a in xs], axis=1)
        _BUILT[case.name] = M.build_pytorch_project(
            M.seeded(case.factory, 1 + CASES.index(case)), case.input_shapes, precision=case.precision,
            overrides=case.overrides, io_type=case.io_type, tb_inputs=tb, predict_inputs=xs,
            channels_last_conversion=case.channels_last_conversion)
    return _BUILT[case.name]


PARAMS = [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.slow else []) for c in CASES]


@pytest.mark.parametrize("case", PARAMS)
def test_verify_against_testbench(case: Case) -> None:
    P.verified_network(built(case).project, case.functions, N_EVENTS)


@pytest.mark.parametrize("case", PARAMS)
def test_predict_equals_hls4ml_predict(case: Case) -> None:
    b = built(case)
    net = load_hls4ml(b.project)
    xs = b.predict_inputs
    P.assert_bits_equal(net.predict(xs[0] if len(xs) == 1 else xs), b.hls4ml_predict)
    # the stress inputs do push the firmware into saturation / table clamping somewhere
    counts = net.trace(xs[0] if len(xs) == 1 else xs).counts.values()
    assert sum(c.saturated + c.wrapped + c.table_clamped for c in counts) > 0
