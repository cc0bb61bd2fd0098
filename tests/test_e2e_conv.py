"""End to end: real hls4ml CNN projects (io_parallel and io_stream) against their own C simulation.

Each project is converted by hls4ml, its testbench compiled with g++ and run (``csim_results.log``),
and fxsim's :class:`~fxsim.network.Network` must print exactly the same outputs for every event.
Models: the shared ``KERAS_conv1d_small`` (three 'same' Conv1D + Dense, so io_stream inserts
``zeropad1d_cl`` streams) and a hand-made Conv2D('same') + MaxPooling2D + Conv2D('valid', stride 2)
+ Dense network. Precisions: ``ap_fixed<16,6>`` and a narrow rounding/saturating type where the
accumulators and activations do overflow. Project builds and testbench runs are cached on disk
(``tests/projects.py``).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from projects import (
    MODELS_DIR,
    build_project,
    build_testbench,
    conv2d_pool_model,
    hls_config_for,
)

from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

WIDE = "ap_fixed<16,6>"
NARROW = "ap_fixed<8,3,AP_RND,AP_SAT>"
N_EVENTS = 40


def _check(prj) -> None:
    build_testbench(prj)
    net = load_hls4ml(prj)
    report = verify(net, *default_reference(net))
    assert report.n_events == N_EVENTS
    assert report.identical, report.to_json()


def _conv1d_inputs() -> np.ndarray:
    js = MODELS_DIR / "KERAS_conv1d_small.json"
    if not js.is_file():
        pytest.skip(f"{js} is missing")
    shape = json.loads(js.read_text())["config"]["layers"][0]["config"]["batch_input_shape"][1:]
    return np.random.default_rng(3).normal(scale=2.0, size=(N_EVENTS, int(np.prod(shape))))


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
@pytest.mark.parametrize("precision", [WIDE, pytest.param(NARROW, marks=pytest.mark.slow)])
def test_conv1d_small(io_type: str, precision: str) -> None:
    prj = build_project("KERAS_conv1d_small", hls_config_for(precision), io_type=io_type, inputs=_conv1d_inputs())
    _check(prj)


@pytest.fixture(scope="module")
def conv2d_model(tmp_path_factory):
    return conv2d_pool_model(tmp_path_factory.mktemp("conv2d_model"), "conv2d_pool")


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
@pytest.mark.parametrize("precision", [WIDE, pytest.param(NARROW, marks=pytest.mark.slow)])
def test_conv2d_maxpool_dense(conv2d_model, io_type: str, precision: str) -> None:
    x = np.random.default_rng(5).normal(scale=2.0, size=(N_EVENTS, 8 * 8 * 2))
    prj = build_project(conv2d_model, hls_config_for(precision), io_type=io_type, inputs=x)
    _check(prj)
