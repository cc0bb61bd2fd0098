"""Real Keras-3 and PyTorch models converted by hls4ml's **Catapult** backend, cached on disk.

Each model is built in code from a seeded generator (weights rounded to multiples of 1/64, exact in
float32), converted with ``hls4ml.converters.convert_from_{keras,pytorch}_model(backend='Catapult')``
(config from ``config_from_*_model``, ``granularity='model'`` at the given precision), written with
its testbench inputs and zero predictions (so the testbench reads every line), and hls4ml's bridge
is compiled (``hls_model.compile()``) to store ``hls_model.predict`` of the same inputs
(``hls4ml_predict.npy``). The directory is ``<cache_root>/cat-<hash>``; the hash covers this file's
source, the model name, precision, io type, inputs and the hls4ml/keras/torch versions.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import keras3_models
import numpy as np
import projects as P

#: The models (name -> (framework, input shape without the batch)).
MODELS = {
    "keras_cnn2d": ("keras", (8, 8, 2)),
    "keras_cnn1d_merge": ("keras", (12, 3)),
    "torch_mlp": ("torch", (10,)),
    "torch_cnn2d": ("torch", (2, 8, 8)),
    "keras_simple_rnn": ("keras", (5, 3)),
    "keras_acts": ("keras", (10,)),
    "keras_acts_add": ("keras", (10,)),
    "keras_embed": ("keras", (6,)),  # integer inputs 0..9 (its input precision must be an integer type)
}


def _keras_model(name: str):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    L = keras.layers
    if name == "keras_cnn2d":
        i = keras.Input((8, 8, 2))
        x = L.Conv2D(4, (3, 3), padding="same", activation="relu", name="conv")(i)
        x = L.MaxPooling2D((2, 2), name="pool")(x)
        x = L.Flatten(name="flat")(x)
        x = L.Dense(10, activation="sigmoid", name="fc1")(x)
        x = L.Dense(8, activation="tanh", name="fc2")(x)
        x = L.BatchNormalization(name="bn")(x)
        x = L.PReLU(name="prelu")(L.Dense(5, name="fc3")(x))
        x = L.Activation("softmax", name="sm")(x)
        return keras.Model(i, x)
    if name.startswith("keras_acts"):  # io_stream: Add (Maximum does not compile, Concatenate is broken)
        i = keras.Input((10,))
        x = L.LeakyReLU(0.125, name="lrelu")(L.Dense(12, name="fc1")(i))
        x = L.Dense(8, activation="elu", name="fc2")(x)
        a = L.Dense(6, activation="softsign", name="fa")(x)
        b = L.Dense(6, activation="softplus", name="fb")(x)
        x = (L.Add(name="sum") if name.endswith("_add") else L.Concatenate(name="cat"))([a, b])
        c = L.Dense(4, activation="selu", name="fc3")(x)
        d = L.Dense(4, activation="hard_sigmoid", name="fc4")(x)
        x = (L.Add(name="add") if name.endswith("_add") else L.Maximum(name="mx"))([c, d])
        return keras.Model(i, L.Dense(3, activation="softmax", name="out")(x))
    if name == "keras_embed":  # Embedding; Dense on a sequence becomes pointwise_conv_1d_cl
        i = keras.Input((6,))
        x = L.Dense(5, activation="relu", name="td")(L.Embedding(10, 4, name="emb")(i))
        return keras.Model(i, L.Dense(3, name="out")(L.Flatten(name="flat")(x)))
    if name == "keras_simple_rnn":
        i = keras.Input((5, 3))
        return keras.Model(i, L.SimpleRNN(4, name="rnn")(i))
    i = keras.Input((12, 3))
    x = L.Conv1D(4, 3, padding="same", activation="relu", name="conv")(i)
    x = L.AveragePooling1D(2, name="pool")(x)
    a = L.Dense(6, name="fa")(L.Flatten(name="flat")(x))
    b = L.Dense(6, name="fb")(L.GlobalAveragePooling1D(name="gap")(x))
    x = L.Add(name="add")([a, b])
    x = L.Dense(3, activation="tanh", name="out")(x)
    return keras.Model(i, x)


def _torch_model(name: str):
    import torch
    from torch import nn

    if name == "torch_cnn2d":  # hls4ml adds transpose_3d layers (channels-first -> channels-last)

        class Cnn(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv, self.relu, self.pool = nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)
                self.flat, self.fc, self.sig = nn.Flatten(), nn.Linear(3 * 4 * 4, 5), nn.Sigmoid()

            def forward(self, x):
                return self.sig(self.fc(self.flat(self.pool(self.relu(self.conv(x))))))

        torch.manual_seed(4)
        m = Cnn()
        with torch.no_grad():
            for p in m.parameters():
                p.copy_(torch.round(p * 128.0) / 64.0)
        return m.eval()

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2, self.fc3 = nn.Linear(10, 12), nn.Linear(12, 8), nn.Linear(8, 4)
            self.bn = nn.BatchNorm1d(8)
            self.relu, self.sig, self.sm = nn.ReLU(), nn.Sigmoid(), nn.Softmax(dim=-1)

        def forward(self, x):
            return self.sm(self.fc3(self.bn(self.sig(self.fc2(self.relu(self.fc1(x)))))))

    torch.manual_seed(3)
    m = Mlp()
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.round(p * 128.0) / 64.0)
        m.bn.running_mean.copy_(torch.round(torch.randn(8) * 64) / 64)
        m.bn.running_var.copy_(torch.round(torch.rand(8) * 64 + 32) / 64)
    return m.eval()


def _keras_weights(model, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for w in model.weights:
        v = np.round(rng.normal(size=tuple(w.shape)) * 0.5 * 64) / 64
        if "variance" in w.path:
            v = np.abs(v) + 0.5
        w.assign(v.astype(np.float32))


def build_catapult_project(name: str, *, precision: str, io_type: str, tb_inputs: np.ndarray,
                           strategy: str = "Latency", reuse_factor: int = 1, compile: bool = True) -> Path:
    """The written project of model ``name`` (see :data:`MODELS`), with ``hls4ml_predict.npy``
    (unless ``compile`` is False: then only written)."""
    import hls4ml

    framework, shape = MODELS[name]
    versions = keras3_models.require_keras3()
    h = hashlib.sha256(Path(__file__).read_bytes())
    meta = dict(name=name, precision=precision, io=io_type, v=versions, strategy=strategy, rf=reuse_factor,
                compile=compile)
    h.update(json.dumps(meta, sort_keys=True).encode())
    h.update(np.ascontiguousarray(tb_inputs, dtype=np.float64).tobytes())
    key = h.hexdigest()[:24]

    def build(final: Path, work: Path) -> None:
        x = np.asarray(tb_inputs, dtype=np.float64)
        np.save(work / "x.npy", x)
        if framework == "keras":
            model = _keras_model(name)
            _keras_weights(model, 5)
            cfg = hls4ml.utils.config_from_keras_model(model, granularity="model", backend="Catapult",
                                                       default_precision=precision)
            if name == "keras_embed":
                cfg["LayerName"] = {model.layers[0].name: {"Precision": {"result": "ap_uint<4>"}}}
            convert, extra = hls4ml.converters.convert_from_keras_model, {}
        else:
            model = _torch_model(name)
            cfg = hls4ml.utils.config_from_pytorch_model(model, shape, granularity="model", backend="Catapult",
                                                         default_precision=precision)
            convert, extra = hls4ml.converters.convert_from_pytorch_model, {}
        cfg["Model"].update(Strategy=strategy, ReuseFactor=reuse_factor)
        graph = convert(model, output_dir=str(final), project_name="myproject", backend="Catapult",
                        io_type=io_type, hls_config=cfg, input_data_tb=str(work / "x.npy"), **extra)
        write_and_predict(graph, final, x, shape, compile)

    return P.build_once(f"cat-{key}", build)


def write_and_predict(graph, final: Path, x: np.ndarray, shape: tuple[int, ...], compile: bool = True) -> None:
    """Write the converted ``graph`` with zero predictions for inputs ``x`` and, if ``compile``, store
    ``hls_model.predict`` of ``x`` (float32, reshaped to ``shape``) as ``hls4ml_predict.npy``."""
    graph.write()
    P.placeholder_predictions(graph, final, len(x))
    if not compile:
        return
    graph.compile()
    y = graph.predict(np.ascontiguousarray(x.reshape((len(x), *shape)), dtype=np.float32))
    np.save(final / "hls4ml_predict.npy", np.asarray(y, dtype=np.float64).reshape(len(x), -1))
