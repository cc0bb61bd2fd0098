"""End to end: data-movement layers of real hls4ml projects against their own C simulation.

Hand-made Keras-2 models (``tests/projects.py``) using ZeroPadding1D/2D, Cropping1D/2D,
UpSampling1D/2D (``resize_nearest``), Permute (``transpose``), Reshape/Flatten and
LayerNormalization are converted by hls4ml, their testbench compiled with g++ and run
(``tb_data/csim_results.log``), and fxsim's :class:`~fxsim.network.Network` must print exactly the
same outputs for every event (``verify(...).identical``).

EinsumDense is not here: hls4ml 1.3.0 parses it only in its Keras-3 converter
(``hls4ml/converters/keras_v3/einsum_dense.py``); ``hls4ml/converters/keras/*.py`` (the Keras-2
JSON converter used here) has no handler for it. ``tests/test_e2e_einsum.py`` covers it with Keras-3
models built in code.
"""

from __future__ import annotations

import numpy as np
import projects as P
import pytest

from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

WIDE = "ap_fixed<16,6>"
NARROW = "ap_fixed<8,3,AP_RND,AP_SAT>"
N_EVENTS = 30


def _check(prj) -> None:
    P.build_testbench(prj)
    net = load_hls4ml(prj)
    report = verify(net, *default_reference(net))
    assert report.n_events == N_EVENTS
    assert report.identical, report.to_json()


def _inputs(n_in: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(scale=2.0, size=(N_EVENTS, n_in))
    x[-3:] *= 30.0  # beyond ap_fixed<16,6>/<8,3>: input saturation/wrap
    return np.round(x, 5)


def _layer(class_name: str, name: str, **config) -> P.KerasLayer:
    return P.KerasLayer(class_name, name, dict(config))


def _models_dir(sub: str):
    d = P.cache_root() / "e2e_reshape_models" / sub
    d.mkdir(parents=True, exist_ok=True)
    return d


# ---------------------------------------------------------------------------------------- models


def m_1d():
    """(8, 3) -> ZeroPadding1D(1, 2) -> Cropping1D(2, 1) -> UpSampling1D(2) -> Flatten -> Dense."""
    r = np.random.default_rng(21)
    layers = [
        P.input_layer("x", [8, 3]),
        _layer("ZeroPadding1D", "zp", padding=[1, 2]),
        _layer("Cropping1D", "crop", cropping=[2, 1]),
        _layer("UpSampling1D", "up", size=2),
        P.flatten("f"),
        P.dense("fc", r.normal(scale=0.4, size=(48, 5)), r.normal(scale=0.2, size=5)),
    ]
    return P.write_keras_model(_models_dir("pad1d"), layers, name="pad1d"), 8 * 3


def m_2d():
    """(5, 4, 2) -> ZeroPadding2D -> Cropping2D -> UpSampling2D(2, 1) -> Flatten -> Dense."""
    r = np.random.default_rng(22)
    layers = [
        P.input_layer("x", [5, 4, 2]),
        _layer("ZeroPadding2D", "zp", padding=[[1, 0], [2, 1]], data_format="channels_last"),
        _layer("Cropping2D", "crop", cropping=[[0, 2], [1, 2]], data_format="channels_last"),
        _layer("UpSampling2D", "up", size=[2, 1], interpolation="nearest", data_format="channels_last"),
        P.flatten("f"),
        P.dense("fc", r.normal(scale=0.4, size=(8 * 4 * 2, 4)), r.normal(scale=0.2, size=4)),
    ]
    return P.write_keras_model(_models_dir("pad2d"), layers, name="pad2d"), 5 * 4 * 2


def m_permute():
    """(3, 4, 2) -> Permute(3, 1, 2) -> Reshape(6, 4) -> Permute(2, 1) -> Flatten -> Dense."""
    r = np.random.default_rng(23)
    layers = [
        P.input_layer("x", [3, 4, 2]),
        _layer("Permute", "perm3", dims=[3, 1, 2]),
        _layer("Reshape", "rs", target_shape=[6, 4]),
        _layer("Permute", "perm2", dims=[2, 1]),
        P.flatten("f"),
        P.dense("fc", r.normal(scale=0.4, size=(24, 5)), r.normal(scale=0.2, size=5)),
    ]
    return P.write_keras_model(_models_dir("permute"), layers, name="permute"), 3 * 4 * 2


def m_permute_out():
    """(4, 6) -> Permute(2, 1) -> Reshape(3, 8) -> Permute(2, 1), the transposed tensor as output
    (with a Flatten + Dense after it, hls4ml 1.3.0 drops the last transpose, as in ``m_permute``)."""
    layers = [
        P.input_layer("x", [4, 6]),
        _layer("Permute", "perm_a", dims=[2, 1]),
        _layer("Reshape", "rs", target_shape=[3, 8]),
        _layer("Permute", "perm_b", dims=[2, 1]),
    ]
    return P.write_keras_model(_models_dir("permute_out"), layers, name="permute_out"), 4 * 6


def m_layernorm():
    """(4, 6) -> LayerNormalization(axis=2) -> Flatten -> Dense."""
    r = np.random.default_rng(24)
    layers = [
        P.input_layer("x", [4, 6]),
        P.KerasLayer(
            "LayerNormalization",
            "ln",
            {"axis": [2], "epsilon": 1e-3, "center": True, "scale": True},
            {"gamma": r.uniform(0.5, 1.5, size=6), "beta": r.normal(scale=0.3, size=6)},
        ),
        P.flatten("f"),
        P.dense("fc", r.normal(scale=0.4, size=(24, 3)), r.normal(scale=0.2, size=3)),
    ]
    return P.write_keras_model(_models_dir("layernorm"), layers, name="layernorm"), 4 * 6


MODELS = {"pad1d": m_1d, "pad2d": m_2d, "permute": m_permute, "permute_out": m_permute_out, "layernorm": m_layernorm}

# (model, io_type) pairs hls4ml 1.3.0 cannot build, with the reason
UNSUPPORTED: dict[tuple[str, str], str] = {
    ("layernorm", "io_stream"): "hls4ml 1.3.0's io_stream LayerNormalization firmware does not compile "
    "(nnet_layernorm.h assigns a scalar to an nnet::array stream element)",
}


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
@pytest.mark.parametrize("precision", [WIDE, pytest.param(NARROW, marks=pytest.mark.slow)])
@pytest.mark.parametrize("model", list(MODELS))
def test_reshape_layers(model: str, io_type: str, precision: str) -> None:
    if (model, io_type) in UNSUPPORTED:
        pytest.skip(UNSUPPORTED[(model, io_type)])
    files, n_in = MODELS[model]()
    prj = P.build_project(files, P.hls_config_for(precision), io_type=io_type, inputs=_inputs(n_in, 7))
    _check(prj)
