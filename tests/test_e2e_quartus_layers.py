"""End-to-end, real hls4ml **Quartus** projects beyond dense/RNN: Conv2D (im2col, Winograd 3x3,
pointwise), pooling 1d/2d/global (max/avg, padding), every merge, the tabled and parametrised
activations, from Keras and PyTorch models. Each project's own testbench is built with g++ (the ihc
shim) and ``tb_data/results.log`` is reproduced byte for byte; ``hls_model.predict`` (hls4ml's
compiled bridge) is reproduced exactly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import projects
import pytest
from test_e2e_quartus import _check_log, _pytorch_quartus

from fxsim.backends.quartus import load_quartus

K = projects.KerasLayer
PRECISIONS = ["ap_fixed<16,6>", "ap_fixed<12,4,RND,SAT>"]


def keras_quartus(files, hls_config: dict, x_tb: np.ndarray, x_pred: np.ndarray,
                  io_type: str = "io_parallel") -> tuple[Path, np.ndarray]:
    """Convert a Keras-2 model with hls4ml's Quartus backend, write the project (testbench inputs
    ``x_tb``), compile hls4ml's bridge and store ``hls_model.predict(x_pred)``; cached by content."""
    hls4ml = projects.require_hls4ml()
    from hls4ml.converters.keras_v2_to_hls import keras_v2_to_hls

    h = hashlib.sha256(f"{hls_config}{io_type}{hls4ml.__version__}".encode())
    for f in files:
        h.update(Path(f).read_bytes())
    h.update(x_tb.tobytes() + x_pred.tobytes())

    def build(final: Path, work: Path) -> None:
        backend = hls4ml.backends.get_backend("Quartus")
        conf = backend.create_initial_config(clock_period=5, io_type=io_type)
        np.save(work / "x.npy", x_tb)
        conf.update({"KerasJson": str(files[0]), "KerasH5": str(files[1]), "OutputDir": str(final),
                     "ProjectName": "myproject", "Backend": "Quartus", "HLSConfig": hls_config,
                     "InputData": str(work / "x.npy")})
        graph = keras_v2_to_hls(conf)
        graph.write()
        projects.placeholder_predictions(graph, final, len(x_tb))
        graph.compile()
        np.save(final / "hls4ml_predict.npy", np.asarray(graph.predict(x_pred), dtype=np.float64))

    prj = projects.build_once(f"quartus-keras-{h.hexdigest()[:24]}", build)
    return prj, np.load(prj / "hls4ml_predict.npy")


def _check_predict(prj: Path, x: np.ndarray, want: np.ndarray) -> None:
    """Exact values (io_stream: the bridge hands back ``float(to_double())``)."""
    net = load_quartus(prj)
    got = net.predict(x.reshape(len(x), -1))
    if net.io_stream:
        got = got.astype(np.float32).astype(np.float64)
    np.testing.assert_array_equal(got, want.reshape(got.shape))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("quartus_layer_models")


def merges_activations_model(directory: Path, stream: bool = False):
    """Two dense branches (elu, selu), every two-input merge, softplus, softsign, LeakyReLU,
    ThresholdedReLU, ELU(alpha), PReLU, Dot (io_parallel only: Quartus has no stream dot1d, the
    firmware does not compile) and Concatenate."""
    rng = np.random.default_rng(0)
    layers = [
        projects.input_layer("x", [6]),
        projects.dense("a", rng.normal(size=(6, 5)), rng.normal(size=5) * .3, "elu"),
        projects.dense("b", rng.normal(size=(6, 5)), rng.normal(size=5) * .3, "selu", inbound="x"),
        projects.merge("Add", "add", ["a", "b"]), projects.merge("Subtract", "sub", ["a", "b"]),
        projects.merge("Multiply", "mul", ["add", "sub"]), projects.merge("Average", "avg", ["mul", "a"]),
        projects.merge("Maximum", "mx", ["avg", "b"]), projects.merge("Minimum", "mn", ["mx", "a"]),
        projects.activation("sp", "softplus", "mn"), projects.activation("ss", "softsign", "sp"),
        K("LeakyReLU", "lr", {"alpha": 0.3}, {}, ["b"]),
        K("ThresholdedReLU", "tr", {"theta": 0.4}, {}, ["lr"]),
        K("ELU", "el", {"alpha": 0.7}, {}, ["tr"]),
        K("PReLU", "pr", {"shared_axes": None}, {"alpha": (rng.normal(size=5) * 0.3).astype(np.float32)}, ["el"]),
        projects.merge("Dot", "dot", ["pr", "a"], axes=-1, normalize=False),
        projects.merge("Concatenate", "cat", ["ss", "pr"], axis=-1),
        projects.merge("Concatenate", "cat2", ["cat", "dot"], axis=-1),
        projects.dense("c", rng.normal(size=(11, 4)), None, "linear", inbound="cat2")]
    if stream:
        layers[-4:] = [projects.merge("Concatenate", "cat", ["ss", "pr"], axis=-1),
                       projects.dense("c", rng.normal(size=(10, 4)), None, "linear", inbound="cat")]
    return projects.write_keras_model(directory, layers, name=f"q_merges{'_s' if stream else ''}")


def conv2d_pool_model(directory: Path, stream: bool = False):
    """6x6x2 -> Conv2D 3x3 same relu (Winograd with "combination") -> AveragePooling2D 2x2 ->
    pointwise Conv2D -> MaxPooling2D 2x2 stride 1 same (padding; io_stream: 3x3, as stream pooling
    asserts no padding and pool == stride) -> GlobalAveragePooling2D -> Dense."""
    rng = np.random.default_rng(21)
    layers = [
        projects.input_layer("x", [6, 6, 2]),
        projects.conv2d("c1", rng.normal(scale=0.5, size=(3, 3, 2, 3)), rng.normal(scale=0.2, size=3),
                        padding="same", activation="relu"),
        projects.pooling2d("AveragePooling2D", "p1", (2, 2)),
        projects.conv2d("c2", rng.normal(scale=0.5, size=(1, 1, 3, 4)), rng.normal(scale=0.2, size=4)),
        projects.pooling2d("MaxPooling2D", "p2", (3, 3)) if stream else
        projects.pooling2d("MaxPooling2D", "p2", (2, 2), strides=(1, 1), padding="same"),
        K("GlobalAveragePooling2D", "g", {"data_format": "channels_last", "keepdims": False}),
        projects.dense("fc", rng.normal(scale=0.5, size=(4, 3)), rng.normal(scale=0.2, size=3))]
    return projects.write_keras_model(directory, layers, name=f"q_conv2d{'_s' if stream else ''}")


def conv1d_pool_model(directory: Path, stream: bool = False):
    """9x2 -> Conv1D(2) relu -> AveragePooling1D same (a padded window) -> MaxPooling1D stride 1 ->
    GlobalMaxPooling1D -> Dense (io_stream: both poolings 2-wide, stride 2, no padding)."""
    rng = np.random.default_rng(22)

    def pool(cls, name, size, strides=None, padding="valid"):
        return K(cls, name, {"pool_size": [size], "strides": [strides or size], "padding": padding,
                             "data_format": "channels_last"})

    conv = K("Conv1D", "c1", {"filters": 3, "kernel_size": [2], "strides": [1], "padding": "valid",
                              "activation": "relu", "use_bias": True, "dilation_rate": [1],
                              "data_format": "channels_last"},
             {"kernel": rng.normal(scale=0.5, size=(2, 2, 3)).astype(np.float32),
              "bias": rng.normal(scale=0.2, size=3).astype(np.float32)})
    pools = [pool("AveragePooling1D", "p1", 2), pool("MaxPooling1D", "p2", 2)] if stream else \
        [pool("AveragePooling1D", "p1", 2, padding="same"), pool("MaxPooling1D", "p2", 2, strides=1)]
    layers = [projects.input_layer("x", [9, 2]), conv, *pools,
              K("GlobalMaxPooling1D", "g", {"data_format": "channels_last", "keepdims": False}),
              projects.dense("fc", rng.normal(scale=0.5, size=(3, 2)), None)]
    return projects.write_keras_model(directory, layers, name=f"q_conv1d{'_s' if stream else ''}")


MODELS = {"merges": (merges_activations_model, 6, {}),
          "conv2d": (conv2d_pool_model, 72, {"c1": {"Implementation": "combination"}}),
          "conv1d": (conv1d_pool_model, 18, {})}


#: (model, io_type, precision): every model in both io types with RND/SAT types, the default types once
#: (few builds: each is a conversion, hls4ml's bridge and the testbench compiled).
CASES = [(m, io, PRECISIONS[1]) for m in MODELS for io in ("io_parallel", "io_stream")]
CASES.append(("conv2d", "io_parallel", PRECISIONS[0]))


@pytest.mark.parametrize("model,io_type,precision", CASES)
def test_keras_layers_identical(model, io_type, precision, model_dir):
    """results.log byte for byte and hls_model.predict exactly (default and RND/SAT types: the
    latter selects the generic ``avg`` overload and saturating merges)."""
    make, n_in, layer_cfg = MODELS[model]
    rng = np.random.default_rng(len(model))
    x_tb = rng.normal(size=(25, n_in)) * 1.5
    x_pred = (rng.normal(size=(40, n_in)) * 1.5).astype(np.float32).astype(np.float64)
    cfg = {"Model": {"Precision": precision, "ReuseFactor": 1}, "LayerName": layer_cfg}
    prj, want = keras_quartus(make(model_dir, io_type == "io_stream"), cfg, x_tb, x_pred, io_type)
    if model == "conv2d" and io_type == "io_parallel":
        assert "conv2d_implementation::combination" in (prj / "firmware" / "parameters.h").read_text()
    _check_log(prj, len(x_tb))
    _check_predict(prj, x_pred, want)


def _torch_conv_model():
    import torch.nn as nn

    class ConvNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(2, 3, 3, padding=1)
            self.pool = nn.MaxPool2d(2)
            self.c2 = nn.Conv1d(3, 2, 2)
            self.apool = nn.AvgPool1d(2)
            self.fc = nn.Linear(2 * 4, 3)

        def forward(self, x):
            y = self.pool(nn.functional.relu(self.c1(x)))        # (3, 3, 3)
            y = y.flatten(2)                                       # (3, 9)
            y = self.apool(nn.functional.relu(self.c2(y)))       # (2, 4)
            return nn.functional.softmax(self.fc(y.flatten(1)), dim=-1)

    return ConvNet()


def test_pytorch_conv_pool_identical():
    """nn.Conv2d + MaxPool2d + Conv1d + AvgPool1d + Linear + softmax from PyTorch (io_parallel: in
    io_stream hls4ml 1.3.0 writes a stream ``transpose_3d`` Quartus does not have, and with
    ``channels_last_conversion="internal"`` its own compiled bridge crashes on this model)."""
    rng = np.random.default_rng(12)
    x_tb = rng.normal(size=(20, 72)) * 1.5
    x_pred = (rng.normal(size=(30, 2, 6, 6)) * 1.5).astype(np.float32).astype(np.float64)
    prj, want = _pytorch_quartus("conv", _torch_conv_model, (2, 6, 6), x_tb, x_pred)
    _check_log(prj, len(x_tb))
    _check_predict(prj, x_pred, want)


def _torch_stream_model():
    import torch.nn as nn

    class StreamNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(4, 5, batch_first=True)
            self.fc1 = nn.Linear(5, 6)
            self.fc2 = nn.Linear(6, 3)

        def forward(self, x):
            y, _ = self.gru(x)
            return nn.functional.softmax(self.fc2(nn.functional.relu(self.fc1(y[:, -1, :]))), dim=-1)

    return StreamNet()


def test_pytorch_io_stream_identical():
    """io_stream from PyTorch: nn.GRU (nnet_recurrent_stream.h) + Linear/ReLU/Linear + softmax."""
    rng = np.random.default_rng(13)
    x_tb = rng.normal(size=(20, 20)) * 1.5
    x_pred = (rng.normal(size=(30, 5, 4)) * 1.5).astype(np.float32).astype(np.float64)
    prj, want = _pytorch_quartus("stream", _torch_stream_model, (5, 4), x_tb, x_pred, "ap_fixed<14,5,RND,SAT>",
                                 io_type="io_stream")
    _check_log(prj, len(x_tb))
    _check_predict(prj, x_pred, want)


def misc_model(directory: Path):
    """6x2 -> ZeroPadding1D(1, 2) -> Conv1D(3) -> BatchNormalization -> UpSampling1D(2) -> Permute ->
    Flatten -> Dense + tanh: zeropad, normalize, resize_nearest and transpose_2d (io_stream:
    the stream transpose by packs)."""
    rng = np.random.default_rng(41)
    c = 3
    conv = K("Conv1D", "c1", {"filters": c, "kernel_size": [3], "strides": [1], "padding": "valid",
                              "activation": "linear", "use_bias": True, "dilation_rate": [1],
                              "data_format": "channels_last"},
             {"kernel": rng.normal(scale=.5, size=(3, 2, c)).astype(np.float32),
              "bias": rng.normal(scale=.2, size=c).astype(np.float32)})
    bn = K("BatchNormalization", "bn", {"axis": -1, "epsilon": 1e-3, "center": True, "scale": True},
           {"gamma": (1 + .3 * rng.normal(size=c)).astype(np.float32),
            "beta": (.2 * rng.normal(size=c)).astype(np.float32),
            "moving_mean": (.2 * rng.normal(size=c)).astype(np.float32),
            "moving_variance": (1 + .2 * rng.random(c)).astype(np.float32)})
    layers = [projects.input_layer("x", [6, 2]), K("ZeroPadding1D", "zp", {"padding": [1, 2]}), conv, bn,
              K("UpSampling1D", "up", {"size": 2}), K("Permute", "perm", {"dims": [2, 1]}), projects.flatten("f"),
              projects.dense("fc", rng.normal(scale=.5, size=(42, 3)), None, "tanh")]
    return projects.write_keras_model(directory, layers, name="q_misc")


def keras_recurrent_model(directory: Path):
    """(5, 3) -> LSTM(4, sequences) -> GRU(5, sequences, reset_after) -> SimpleRNN(3) -> Dense."""
    rng = np.random.default_rng(31)
    rec = projects.recurrent
    layers = [projects.input_layer("x", [5, 3]),
              rec("LSTM", "lstm", rng.normal(scale=.5, size=(3, 16)), rng.normal(scale=.5, size=(4, 16)),
                  rng.normal(scale=.2, size=16), return_sequences=True),
              rec("GRU", "gru", rng.normal(scale=.5, size=(4, 15)), rng.normal(scale=.5, size=(5, 15)),
                  rng.normal(scale=.2, size=(2, 15)), return_sequences=True),
              rec("SimpleRNN", "rnn", rng.normal(scale=.5, size=(5, 3)), rng.normal(scale=.5, size=(3, 3)),
                  rng.normal(scale=.2, size=3)),
              projects.dense("fc", rng.normal(scale=.5, size=(3, 2)), None)]
    return projects.write_keras_model(directory, layers, name="q_krec")


def embedding_model(directory: Path):
    """4 token ids -> Embedding(7, 3) -> Flatten -> Dense (io_parallel: hls4ml's stream embedding
    does not compile for Quartus)."""
    rng = np.random.default_rng(43)
    layers = [projects.input_layer("x", [4]),
              K("Embedding", "emb", {"input_dim": 7, "output_dim": 3, "input_length": 4},
                {"embeddings": rng.normal(size=(7, 3)).astype(np.float32)}),
              projects.flatten("f"), projects.dense("fc", rng.normal(size=(12, 2)), None)]
    return projects.write_keras_model(directory, layers, name="q_emb")


@pytest.mark.parametrize("model,io_type", [("misc", "io_parallel"), ("misc", "io_stream"),
                                           ("recurrent", "io_parallel"), ("embedding", "io_parallel")])
def test_keras_more_layers_identical(model, io_type, model_dir):
    """Padding, batchnorm, upsampling, permute; Keras LSTM/GRU/SimpleRNN; Embedding (integer ids)."""
    make, n_in = {"misc": (misc_model, 12), "recurrent": (keras_recurrent_model, 15),
                  "embedding": (embedding_model, 4)}[model]
    rng = np.random.default_rng(50 + len(model))
    if model == "embedding":
        x_tb, x_pred = (rng.integers(0, 7, size=(n, n_in)).astype(np.float64) for n in (15, 20))
    else:
        x_tb = rng.normal(size=(15, n_in)) * 1.5
        x_pred = (rng.normal(size=(20, n_in)) * 1.5).astype(np.float32).astype(np.float64)
    prj, want = keras_quartus(make(model_dir), {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1}},
                              x_tb, x_pred, io_type)
    _check_log(prj, len(x_tb))
    _check_predict(prj, x_pred, want)


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_hard_sigmoid_identical_and_hazard_named(io_type, model_dir):
    """hard_sigmoid: hls4ml defines its slope/shift in parameters.h, so the usual two-file testbench
    (and hls_model.compile) fail to link; built as one translation unit the firmware runs, fxsim
    matches it, and ``hazards`` names the link failure."""
    from fxsim.backends.quartus import hazards

    rng = np.random.default_rng(61)
    layers = [projects.input_layer("x", [5]),
              projects.dense("a", rng.normal(size=(5, 4)), rng.normal(size=4) * .3, "hard_sigmoid"),
              projects.dense("b", rng.normal(size=(4, 3)), None)]
    files = projects.write_keras_model(model_dir, layers, name="q_hsig")
    x = rng.normal(size=(30, 5)) * 3
    kw = {} if io_type == "io_parallel" else {"io_type": io_type}
    prj = projects.build_project(files, {"Model": {"Precision": "ap_fixed<12,4,RND,SAT>", "ReuseFactor": 1}},
                                 backend="Quartus", clock_period=5, inputs=x, **kw)
    _check_log(prj, len(x), single_tu=True)
    assert any("multiple definition" in h for h in hazards(load_quartus(prj)))
