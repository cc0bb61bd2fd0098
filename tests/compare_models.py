"""A small Keras-3 MLP converted by hls4ml with one deliberately narrow result type (cached).

``Input(6) -> Dense(8, relu, 'fc1') -> Dense(5, 'fc2') -> Dense(3, 'out')`` on Keras 3's torch
backend; weights from a seeded generator rounded to 1/32 (exact in float32), scaled so ``fc2``'s
values reach about +-6. hls4ml (``convert_from_keras_model``, granularity 'name', model precision
``ap_fixed<18,8>``) gets ``fc2``'s result type narrowed to ``NARROW`` and ``Trace`` on every layer.
Stored with the project: the model as ``model.keras``, Keras's own per-layer outputs
(``keras_layers.npz``, keys = Keras layer names) and hls4ml's compiled trace
(``hls4ml_trace.npz``) of ``inputs.npy``: the truths the tests compare ``fxsim compare`` with.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import keras3_models as K
import numpy as np
import projects as P

NARROW = "ap_fixed<8,2,AP_RND,AP_SAT>"
PRECISION = "ap_fixed<18,8>"
SCHEMA = 1


def inputs(n: int = 200) -> np.ndarray:
    return np.round(np.random.default_rng(7).normal(size=(n, 6)), 4)


def build_model():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "torch"
    import keras

    inp = keras.Input((6,), name="x")
    y = keras.layers.Dense(8, activation="relu", name="fc1")(inp)
    y = keras.layers.Dense(5, name="fc2")(y)
    y = keras.layers.Dense(3, name="out")(y)
    model = keras.Model(inp, y)
    rng = np.random.default_rng(11)
    for w in model.weights:
        v = rng.normal(size=tuple(w.shape)) * (1.2 if "fc2" in w.path else 0.6)
        w.assign((np.round(v * 32.0) / 32.0).astype("float32"))
    return model


def build(fc2_type: str = NARROW, fc2_accum: str | None = None) -> Path:
    """The project directory with ``fc2``'s result type ``fc2_type`` (built once, cached by a hash
    of this file, the type, the inputs and the versions); ``fc2_accum``: its accumulator type."""
    versions = K.require_keras3()
    x = inputs()
    h = hashlib.sha256(Path(__file__).read_bytes())
    variant = [] if (fc2_type, fc2_accum) == (NARROW, None) else [fc2_type, fc2_accum]
    h.update(json.dumps([versions, SCHEMA, *variant]).encode() + x.tobytes())
    prj = P.build_once(f"cmp-{h.hexdigest()[:24]}", lambda final, work: _convert(final, work, x, fc2_type, fc2_accum))
    return prj


def _convert(final: Path, work: Path, x: np.ndarray, fc2_type: str, fc2_accum: str | None) -> None:
    model = build_model()  # imports keras on the torch backend first
    import hls4ml
    import keras

    cfg = hls4ml.utils.config_from_keras_model(model, granularity="name", backend="Vivado",
                                               default_precision=PRECISION)
    overrides = {"LayerName": {name: {"Trace": True} for name in cfg["LayerName"]}}
    overrides["LayerName"]["fc2"]["Precision"] = {"result": fc2_type} | ({"accum": fc2_accum} if fc2_accum else {})
    graph, _ = P.write_converted(hls4ml.converters.convert_from_keras_model, model, final, work, cfg, overrides,
                                 "io_parallel", x[:10])
    np.save(final / "inputs.npy", x)
    model.save(final / "model.keras")
    sub = keras.Model(model.inputs, [lay.output for lay in model.layers[1:]])
    outs = sub.predict(x.astype("float32"), verbose=0)
    np.savez(final / "keras_layers.npz", **{lay.name: np.asarray(o, dtype=np.float64)
                                            for lay, o in zip(model.layers[1:], outs)})
    _, trace = graph.trace(np.ascontiguousarray(x))
    np.savez(final / "hls4ml_trace.npz", **{k: np.asarray(v, dtype=np.float64) for k, v in trace.items()})
