"""Issue 14, held-out round 5: the frozen estimator (main ``3b4be99``) against ``heldout_round5.csv``, once.

Every row whose design can be reconstructed is rebuilt with the installed hls4ml (``write`` only, no
synthesis; cached by :func:`projects.build_project` under ``$FXSIM_PROJECT_CACHE``) from a Keras-2 model
written here (:func:`projects.write_keras_model`), and estimated with the CLI exactly as a user would::

    fxsim estimate PRJ --part <row part> --clock-ns <row clock> --hls-tool <vivado|vitis> --json F

csynth rows (``kind`` ``hls_estimate``) are compared with the JSON's ``hls_estimate`` (DSP, LUT, FF, BRAM)
and ``total`` latency / II, with the ``bands.csynth`` 80 % band; post-synthesis rows with ``total`` and
``bands.post_synthesis`` (no latency / II). Where the report gives 0 (DSP, BRAM), the |error| is 0 % if
fxsim also says 0, else 100 %.

**Weights.** Only the Iris MLP and the two KERAS_3layer rows are exact rebuilds (the Iris weights are
transcribed below from ``Thifjj/Iris_hls4ml_pynqZ2@78cc2c6`` ``firmware/weights/{w,b}{2,4,6}.txt``; the
KERAS_3layer files are hls4ml's example-models ones in ``tests/data/models``). Every other design uses a
stand-in named in its :class:`Design` ``weights`` text: the jet taggers take the KERAS_3layer weights
(pruned and/or rounded to the QKeras grid as the row states), the rest seeded Gaussian weights
(``N(0, 2 / (fan_in + fan_out))``) with the row's pruning / quantization. QKeras layers are written as plain
Keras layers with the QKeras types set per layer in the hls4ml config (what hls4ml derives from the
quantizers), and the BatchNormalization layers QKeras keeps separate are kept separate by giving the layer
before them an explicit result type (hls4ml's ``FuseBatchNormalization`` then leaves them alone).

Run ``python tests/estimate_heldout_round5.py`` to print the per-row and per-regime tables of the installed
(current) estimator; ``tests/test_estimate_heldout_round5.py`` recomputes them and checks them against
``docs/estimate.md``'s "After the round-5 fixes" tables (in-sample). The frozen-rules (``3b4be99``) tables there
are the held-out result, recorded once.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estimate_calibration import load_dense_weights, prune_smallest  # noqa: E402
from projects import (  # noqa: E402
    MODELS_DIR,
    KerasLayer,
    activation,
    build_project,
    cache_root,
    conv2d,
    dense,
    flatten,
    input_layer,
    pooling2d,
    write_keras_model,
)

CSV = Path(__file__).resolve().parent / "data" / "estimate" / "heldout_round5.csv"
#: Figures compared, in table order (``bram`` is BRAM_18K).
FIGURES = ("dsp", "lut", "ff", "bram", "latency", "ii")
_JSON_KEY = {"dsp": "dsp", "lut": "lut", "ff": "ff", "bram": "bram_18k", "latency": "latency_cycles", "ii": "ii"}
T16 = "ap_fixed<16,6>"


# ------------------------------------------------------------------------------------------ model pieces


def _glorot(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), shape)


def _quantize(w: np.ndarray, width: int, integer: int) -> np.ndarray:
    """Round to the ``ap_fixed<width,integer>`` grid and saturate (QKeras ``quantized_bits`` stand-in)."""
    step = 2.0 ** (integer - width)
    lo, hi = -(2.0 ** (integer - 1)), 2.0 ** (integer - 1) - step
    return np.clip(np.round(w / step) * step, lo, hi)


def _conv1d(name: str, kernel: np.ndarray, bias: np.ndarray, strides: int = 1, padding: str = "valid") -> KerasLayer:
    cfg = {"filters": int(kernel.shape[2]), "kernel_size": [int(kernel.shape[0])], "strides": [strides],
           "padding": padding, "data_format": "channels_last", "dilation_rate": [1], "activation": "linear",
           "use_bias": True}
    return KerasLayer("Conv1D", name, cfg, {"kernel": kernel, "bias": bias})


def _zeropad1d(name: str, left: int, right: int) -> KerasLayer:
    return KerasLayer("ZeroPadding1D", name, {"padding": [left, right]})


def _batchnorm(name: str, n: int, rng: np.random.Generator) -> KerasLayer:
    w = {"gamma": rng.normal(1.0, 0.2, n), "beta": rng.normal(0.0, 0.2, n),
         "moving_mean": rng.normal(0.0, 0.2, n), "moving_variance": rng.uniform(0.5, 2.0, n)}
    return KerasLayer("BatchNormalization", name,
                      {"axis": -1, "momentum": 0.99, "epsilon": 1e-3, "center": True, "scale": True}, w)


def _depthwise(class_name: str, name: str, kernel: np.ndarray, bias: np.ndarray) -> KerasLayer:
    nd = kernel.ndim - 2
    cfg = {"kernel_size": list(kernel.shape[:nd]), "strides": [1] * nd, "padding": "valid", "depth_multiplier": 1,
           "data_format": "channels_last", "dilation_rate": [1] * nd, "activation": "linear", "use_bias": True}
    return KerasLayer(class_name, name, cfg, {"depthwise_kernel": kernel, "bias": bias})


def _jet_tagger(weights: list[tuple[np.ndarray, np.ndarray]]) -> list[KerasLayer]:
    """16-64-32-32-5 with ReLU and softmax, layers fc1, relu1, ..., output, softmax."""
    layers = [input_layer("input_1", [16])]
    for i, (w, b) in enumerate(weights[:3], start=1):
        layers += [dense(f"fc{i}", w, b), activation(f"relu{i}", "relu")]
    return layers + [dense("output", *weights[3]), activation("softmax", "softmax")]


def _keras3layer(prune: float = 0.0, bits: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for w, b in load_dense_weights(MODELS_DIR / "KERAS_3layer_weights.h5"):
        w = prune_smallest(w, prune) if prune else w
        if bits is not None:
            w, b = _quantize(w, bits, 1), _quantize(b, bits, 1)
        out.append((w, b))
    return out


def _layer_precision(**layers: dict[str, str]) -> dict:
    return {"LayerName": {name: {"Precision": prec} for name, prec in layers.items()}}


def _model_cfg(precision: str = T16, rf: int = 1, strategy: str = "Latency", **extra) -> dict:
    return {"Model": {"Precision": precision, "ReuseFactor": rf, "Strategy": strategy}, **extra}


# ------------------------------------------------------------------------------------------ designs


@dataclass(frozen=True)
class Design:
    """One hls4ml project: the Keras model (``layers(rng)``), its hls4ml config and the weights' provenance."""

    name: str
    layers: Callable[[np.random.Generator], list[KerasLayer]]
    hls_config: dict
    io_type: str
    backend: str  # "Vivado" or "Vitis" (sets the clock uncertainty hls4ml writes: 12.5 % / 27 %)
    weights: str
    model_file: str | None = None  # a model of tests/data/models used as is

    def build(self) -> Path:
        """The cached hls4ml project of this design."""
        if self.model_file is not None:
            model: str | tuple[Path, Path] = self.model_file
        else:
            d = cache_root() / "heldout_round5_models" / self.name
            model = write_keras_model(d, self.layers(np.random.default_rng(5)), name=self.name)
        return build_project(model, self.hls_config, io_type=self.io_type, backend=self.backend)


def _svhn(quantized: bool) -> Callable[[np.random.Generator], list[KerasLayer]]:
    """hls4ml-tutorial part 6 SVHN CNN, BN folded into the convs, 50 % of the smallest weights zeroed (not output)."""

    def layers(rng: np.random.Generator) -> list[KerasLayer]:
        def w(shape, fan_in, fan_out, prune=0.5):
            x = prune_smallest(_glorot(rng, shape, fan_in, fan_out), prune)
            return _quantize(x, 6, 1) if quantized else x

        def b(n):
            x = rng.normal(0.0, 0.1, n)
            return _quantize(x, 6, 1) if quantized else x

        out = [input_layer("input_1", [32, 32, 3])]
        c_in = 3
        for i, c in enumerate((16, 16, 24), start=1):
            out += [conv2d(f"conv{i}", w((3, 3, c_in, c), 9 * c_in, 9 * c), b(c)), activation(f"conv{i}_relu", "relu"),
                    pooling2d("MaxPooling2D", f"pool{i}")]
            c_in = c
        out.append(flatten("flatten"))
        n_in = 96
        for i, n in enumerate((42, 64), start=1):
            out.append(dense(f"dense{i}", w((n_in, n), n_in, n), np.zeros(n)))
            if quantized:
                out.append(_batchnorm(f"bn_dense{i}", n, rng))
            out.append(activation(f"dense{i}_relu", "relu"))
            n_in = n
        return out + [dense("output", w((64, 10), 64, 10, prune=0.0), b(10)), activation("softmax", "softmax")]

    return layers


def _svhn_q_config() -> dict:
    q6, relu6 = "ap_fixed<6,1>", "ap_ufixed<6,0,AP_RND_CONV,AP_SAT>"
    prec: dict[str, dict[str, str]] = {}
    for i in (1, 2, 3):
        prec[f"conv{i}"] = {"weight": q6, "bias": q6}
        prec[f"conv{i}_relu"] = {"result": relu6}
    for i in (1, 2):
        prec[f"dense{i}"] = {"weight": q6, "bias": q6, "result": T16}  # explicit result: BN stays separate
        prec[f"dense{i}_relu"] = {"result": relu6}
    prec["output"] = {"weight": q6, "bias": q6}
    return _model_cfg(**_layer_precision(**prec))


def _jet_q6_config(results: tuple[str, ...] | None = None) -> dict:
    """QKeras 6-bit jet tagger: ``quantized_bits(6,0,alpha=1)`` weights/biases, ``quantized_relu(6)`` results."""
    q6, relu6 = "ap_fixed<6,1>", "ap_ufixed<6,0,AP_RND_CONV,AP_SAT>"
    prec: dict[str, dict[str, str]] = {}
    for i, name in enumerate(("fc1", "fc2", "fc3", "output")):
        prec[name] = {"weight": q6, "bias": q6, **({"result": results[i]} if results else {})}
    for i in (1, 2, 3):
        prec[f"relu{i}"] = {"result": relu6}
    return _layer_precision(**prec)


def _iris(rng: np.random.Generator) -> list[KerasLayer]:
    """Thifjj/Iris_hls4ml_pynqZ2@78cc2c6 projeto_iris_hls_ip_axi/firmware/weights (exact)."""
    w = [np.reshape(IRIS_W[k], shape) for k, shape in (("w2", (4, 8)), ("w4", (8, 8)), ("w6", (8, 3)))]
    b = [np.asarray(IRIS_W[k]) for k in ("b2", "b4", "b6")]
    return [input_layer("input_layer", [4]), dense("dense_8", w[0], b[0]), activation("dense_8_relu", "relu"),
            dense("dense_8_2", w[1], b[1]), activation("dense_8_2_relu", "relu"), dense("output", w[2], b[2]),
            activation("output_softmax", "softmax")]


def _single_dense(rng: np.random.Generator) -> list[KerasLayer]:
    return [input_layer("input_1", [16]), dense("dense", _glorot(rng, (16, 4), 16, 4), rng.normal(0, 0.1, 4))]


AE_SIZES = (256, 64, 64, 64, 64, 8, 64, 64, 64, 64, 256)


def _autoencoder(bits: int) -> Callable[[np.random.Generator], list[KerasLayer]]:
    def layers(rng: np.random.Generator) -> list[KerasLayer]:
        out = [input_layer("input_1", [256])]
        n_layers = len(AE_SIZES) - 1
        for i, (a, b) in enumerate(zip(AE_SIZES[:-1], AE_SIZES[1:], strict=True), start=1):
            integer = bits + 1 if i == n_layers else 1
            w = _quantize(_glorot(rng, (a, b), a, b), bits + 1, integer)
            out.append(dense(f"q_dense{i}", w, _quantize(rng.normal(0, 0.1, b), bits + 1, integer)))
            if i < n_layers:
                out += [_batchnorm(f"bn{i}", b, rng), activation(f"relu{i}", "relu")]
        return out

    return layers


def _autoencoder_config(bits: int) -> dict:
    wt, last = f"ap_fixed<{bits + 1},1>", f"ap_fixed<{bits + 1},{bits + 1}>"
    relu = f"ap_fixed<{bits + 1},2>"
    n_layers = len(AE_SIZES) - 1
    prec: dict[str, dict[str, str]] = {"input_1": {"result": "ap_fixed<8,8>"}}
    for i in range(1, n_layers + 1):
        t = last if i == n_layers else wt
        prec[f"q_dense{i}"] = {"weight": t, "bias": t, "result": "ap_fixed<32,16>"}
        if i < n_layers:
            prec[f"bn{i}"] = {"scale": T16, "bias": T16}
            prec[f"relu{i}"] = {"result": relu}
    return _model_cfg("ap_fixed<32,16>", 512, "Resource", **_layer_precision(**prec))


def _depthwise2d(rng: np.random.Generator) -> list[KerasLayer]:
    lim = np.sqrt(6.0 / (9 * 3 + 9))  # glorot_uniform of a 3x3x3x1 depthwise kernel
    return [input_layer("input_1", [32, 32, 3]),
            _depthwise("DepthwiseConv2D", "depthwise", rng.uniform(-lim, lim, (3, 3, 3, 1)), np.zeros(3))]


def _depthwise1d(rng: np.random.Generator) -> list[KerasLayer]:
    lim = np.sqrt(6.0 / (3 * 3 + 3))
    return [input_layer("input_1", [32, 3]),
            _depthwise("DepthwiseConv1D", "depthwise", rng.uniform(-lim, lim, (3, 3, 1)), np.zeros(3))]


def _mnist_cnn(softmax: bool) -> Callable[[np.random.Generator], list[KerasLayer]]:
    """pominiq/DNNonSilicon MNIST CNN: Conv2D(4,3x3)+ReLU, MaxPool 4x4, Conv2D(8,3x3)+ReLU, MaxPool 2x2, Dense(10)."""

    def layers(rng: np.random.Generator) -> list[KerasLayer]:
        out = [input_layer("input_1", [28, 28, 1]),
               conv2d("conv1", _glorot(rng, (3, 3, 1, 4), 9, 36), rng.normal(0, 0.1, 4)), activation("relu1", "relu"),
               pooling2d("MaxPooling2D", "pool1", (4, 4)),
               conv2d("conv2", _glorot(rng, (3, 3, 4, 8), 36, 72), rng.normal(0, 0.1, 8)), activation("relu2", "relu"),
               pooling2d("MaxPooling2D", "pool2", (2, 2)), flatten("flatten"),
               dense("dense", _glorot(rng, (32, 10), 32, 10), rng.normal(0, 0.1, 10))]
        return out + ([activation("softmax", "softmax")] if softmax else [])

    return layers


def _mnist_resource_config() -> dict:
    rf = {"conv1": 9, "conv2": 9, "dense": 8, "relu1": 8, "relu2": 8}
    return _model_cfg(rf=8, strategy="Resource", LayerName={k: {"ReuseFactor": v} for k, v in rf.items()})


#: Berk-Bilgin/ML-fpga Conv1D encoder: (pad left, pad right, filters, kernel, stride) per conv.
ENCODER = ((1, 1, 8, 3, 1), (2, 2, 8, 5, 1), (1, 2, 4, 5, 2), (1, 2, 4, 5, 2))


def _encoder(wbits: int, n_zeros: tuple[int, ...]) -> Callable[[np.random.Generator], list[KerasLayer]]:
    def layers(rng: np.random.Generator) -> list[KerasLayer]:
        out, c_in, width = [input_layer("input_1", [64, 1])], 1, 64
        kernels = []
        for i, (pl, pr, c, k, s) in enumerate(ENCODER, start=1):
            kernels.append((f"conv{i}", (k, c_in, c), k * c_in, k * c))
            c_in, width = c, (width + pl + pr - k) // s + 1
        kernels.append(("dense", (width * c_in, 16), width * c_in, 16))
        ws = []
        for (_, shape, fi, fo), nz in zip(kernels, n_zeros, strict=True):
            w = _quantize(_glorot(rng, shape, fi, fo), wbits, 1)
            w = w.ravel()
            nonzero = np.flatnonzero(w)
            extra = max(0, nz - (w.size - nonzero.size))
            w[rng.choice(nonzero, extra, replace=False)] = 0.0
            ws.append(w.reshape(shape))
        for i, (pl, pr, c, _k, s) in enumerate(ENCODER, start=1):
            out += [_zeropad1d(f"pad{i}", pl, pr),
                    _conv1d(f"conv{i}", ws[i - 1], _quantize(rng.normal(0, 0.1, c), wbits, 1), strides=s)]
        return out + [flatten("flatten"), dense("dense", ws[-1], _quantize(rng.normal(0, 0.1, 16), wbits, 1)),
                      activation("out_act", "linear")]

    return layers


def _encoder_config(default: str, wtype: str, strategy: str, rf: int, first_rf: int) -> dict:
    prec = {"input_1": {"result": "ap_int<16>"}, "out_act": {"result": "ap_fixed<16,16>"},
            "dense": {"weight": wtype, "bias": wtype}}
    prec.update({f"conv{i}": {"weight": wtype, "bias": wtype} for i in range(1, 5)})
    cfg = _model_cfg(default, rf, strategy, **_layer_precision(**prec))
    cfg["LayerName"]["conv1"]["ReuseFactor"] = first_rf
    return cfg


def _qcnn_pynq(rng: np.random.Generator) -> list[KerasLayer]:
    """kendermag QKeras image CNN (sizes and types from ``firmware/defines.h`` @ 07807f8): 512x16x1 input,
    ZeroPadding2D(1) + Conv2D(8/10/10/12, 3x3) + QActivation (taken as ReLU), MaxPool 2/2/-/4x4, Flatten(384),
    Dense(5)+BN+act, Dense(16)+BN+act, Dense(3)+Softmax; dense 1-2 without bias."""
    out, c_in = [input_layer("input_1", [512, 16, 1])], 1
    for i, (c, pool) in enumerate(((8, 2), (10, 2), (10, 0), (12, 4)), start=1):
        w = _quantize(_glorot(rng, (3, 3, c_in, c), 9 * c_in, 9 * c), 6, 1)
        out += [KerasLayer("ZeroPadding2D", f"pad{i}", {"padding": [[1, 1], [1, 1]], "data_format": "channels_last"}),
                conv2d(f"conv{i}", w, _quantize(rng.normal(0, 0.1, c), 6, 1)), activation(f"act{i}", "relu")]
        if pool:
            out.append(pooling2d("MaxPooling2D", f"pool{i}", (pool, pool)))
        c_in = c
    out.append(flatten("flatten"))
    n_in = 384
    for i, n in enumerate((5, 16), start=1):
        out += [dense(f"dense{i}", _quantize(_glorot(rng, (n_in, n), n_in, n), 6, 1)), _batchnorm(f"bn{i}", n, rng),
                activation(f"dense_act{i}", "relu")]
        n_in = n
    return out + [dense("dense", _glorot(rng, (16, 3), 16, 3), rng.normal(0, 0.1, 3)), activation("softmax", "softmax")]


def _qcnn_pynq_config() -> dict:
    q6, act = "ap_fixed<6,1>", "ap_fixed<6,1,AP_RND,AP_SAT>"
    prec: dict[str, dict] = {"input_1": {"result": T16}}
    for i in range(1, 5):
        prec[f"conv{i}"] = {"weight": q6, "bias": q6, "result": "ap_fixed<14,6>"}
        prec[f"act{i}"] = {"result": act}
    for i in (1, 2, 4):
        prec[f"pool{i}"] = {"result": T16}
    for i in (1, 2):
        prec[f"dense{i}"] = {"weight": q6, "bias": "ap_uint<1>", "result": "ap_fixed<14,6>"}
        prec[f"bn{i}"] = {"scale": T16, "bias": T16}
        prec[f"dense_act{i}"] = {"result": act}
    prec["dense"] = {"weight": T16, "bias": T16, "result": T16}
    cfg = _model_cfg("ap_fixed<14,6>", 2, "Resource", **_layer_precision(**prec))
    for name in [f"conv{i}" for i in range(1, 5)] + ["dense1", "dense2", "dense"]:
        cfg["LayerName"][name]["ReuseFactor"] = 16
    return cfg


def _conv1d_classifier(rng: np.random.Generator) -> list[KerasLayer]:
    return [input_layer("input_1", [128, 9]),
            _conv1d("conv", _glorot(rng, (3, 9, 16), 27, 48), rng.normal(0, 0.1, 16), padding="same"),
            activation("conv_relu", "relu"),
            KerasLayer("GlobalMaxPooling1D", "gmp", {"data_format": "channels_last", "keepdims": False}),
            dense("dense", _glorot(rng, (16, 6), 16, 6), rng.normal(0, 0.1, 6)), activation("softmax", "softmax")]


_K3 = "hls4ml example-models KERAS_3layer weights"


def _from_file(rng: np.random.Generator) -> list[KerasLayer]:
    raise AssertionError("built from tests/data/models")


_GAUSS = "seeded Gaussian stand-in (weights not public)"
_GAUSS_PUB = "seeded Gaussian stand-in (weights public, not transcribed)"
DESIGNS: dict[str, Design] = {d.name: d for d in (
    Design("svhn_float", _svhn(False), _model_cfg(), "io_stream", "Vivado",
           f"{_GAUSS}, 50 % smallest zeroed except the output; BN folded"),
    Design("svhn_q6", _svhn(True), _svhn_q_config(), "io_stream", "Vivado",
           f"{_GAUSS}, 50 % zeroed, rounded to ap_fixed<6,1>; dense BN kept separate"),
    Design("jet_vivado", _from_file, _model_cfg(), "io_parallel", "Vivado",
           f"{_K3} (exact for KERAS_3layer rows; stand-in for retrained part-1 taggers)", "KERAS_3layer"),
    Design("jet_vitis", _from_file, _model_cfg(), "io_parallel", "Vitis",
           f"{_K3} (stand-in for retrained part-1 taggers)", "KERAS_3layer"),
    Design("jet_vitis_rf4", _from_file, _model_cfg(rf=4), "io_parallel", "Vitis", f"{_K3} (stand-in)", "KERAS_3layer"),
    Design("jet_vitis_stream", _from_file, _model_cfg(), "io_stream", "Vitis", f"{_K3} (exact)", "KERAS_3layer"),
    Design("jet_pruned75", lambda rng: _jet_tagger(_keras3layer(0.75)), _model_cfg(), "io_parallel", "Vivado",
           f"{_K3}, 75 % smallest zeroed per layer (stand-in)"),
    Design("jet_q6_pruned75", lambda rng: _jet_tagger(_keras3layer(0.75, 6)), _model_cfg(**_jet_q6_config()),
           "io_parallel", "Vivado", f"{_K3}, 75 % zeroed, rounded to ap_fixed<6,1> (stand-in)"),
    Design("jet_q6_pruned75_rf64", lambda rng: _jet_tagger(_keras3layer(0.75, 6)),
           _model_cfg(rf=64, **_jet_q6_config()), "io_parallel", "Vivado",
           f"{_K3}, 75 % zeroed, rounded to ap_fixed<6,1> (stand-in)"),
    Design("jet_q6_vitis", lambda rng: _jet_tagger(_keras3layer(0.0, 6)),
           _model_cfg(**_jet_q6_config(("ap_fixed<27,12>", "ap_fixed<19,8>", "ap_fixed<18,7>", "ap_fixed<18,7>"))),
           "io_parallel", "Vitis", f"{_K3}, rounded to ap_fixed<6,1> (stand-in; not pruned)"),
    Design("iris", _iris, _model_cfg(), "io_parallel", "Vitis", "public weights at the report's commit (exact)"),
    Design("single_dense", _single_dense, _model_cfg(), "io_parallel", "Vivado", _GAUSS),
    *(Design(f"autoencoder_{b}bit", _autoencoder(b), _autoencoder_config(b), "io_parallel", "Vivado",
             f"{_GAUSS}, rounded to the QKeras grid (Resource: values matter little)") for b in (3, 4, 5)),
    Design("depthwise2d_vivado", _depthwise2d, _model_cfg("ap_fixed<32,12>"), "io_stream", "Vivado",
           "one seeded glorot_uniform draw (the baseline's Keras init is unseeded)"),
    Design("depthwise2d_vitis", _depthwise2d, _model_cfg("ap_fixed<32,12>"), "io_stream", "Vitis",
           "one seeded glorot_uniform draw (the baseline's Keras init is unseeded)"),
    Design("depthwise1d_vivado", _depthwise1d, _model_cfg(), "io_stream", "Vivado",
           "one seeded glorot_uniform draw (the baseline's Keras init is unseeded)"),
    Design("depthwise1d_vitis", _depthwise1d, _model_cfg(), "io_stream", "Vitis",
           "one seeded glorot_uniform draw (the baseline's Keras init is unseeded)"),
    Design("mnist_resource", _mnist_cnn(False), _mnist_resource_config(), "io_stream", "Vivado", _GAUSS),
    Design("mnist_latency_rf16", _mnist_cnn(True), _model_cfg(rf=16), "io_stream", "Vivado", _GAUSS),
    Design("encoder_model1", _encoder(12, (0, 0, 1, 0, 0)),
           _encoder_config("ap_fixed<28,16,AP_RND_ZERO,AP_SAT>", "ap_fixed<12,1,AP_RND_ZERO,AP_SAT>", "Latency", 1, 1),
           "io_stream", "Vivado", f"{_GAUSS_PUB}, rounded to ap_fixed<12,1>, n_zeros as "
           "parameters.h"),
    Design("encoder_model2", _encoder(8, (0, 4, 2, 1, 15)),
           _encoder_config("ap_fixed<24,16,AP_RND,AP_SAT>", "ap_fixed<8,1,AP_RND,AP_SAT>", "Resource", 2, 1),
           "io_stream", "Vivado", f"{_GAUSS}, rounded to ap_fixed<8,1>, n_zeros as parameters.h"),
    Design("qcnn_pynq", _qcnn_pynq, _qcnn_pynq_config(), "io_stream", "Vivado",
           f"{_GAUSS_PUB}, rounded to ap_fixed<6,1>; QActivation as ReLU"),
    Design("conv1d_classifier_parallel", _conv1d_classifier, _model_cfg(), "io_parallel", "Vitis", _GAUSS),
    Design("conv1d_classifier_stream", _conv1d_classifier, _model_cfg(), "io_stream", "Vitis", _GAUSS),
)}


#: CSV row index (0-based, file order) -> (design, HLS tool that produced the report/project, model prefix check).
ROWS: dict[int, tuple[str, str, str]] = {
    0: ("svhn_float", "vivado", "hls4ml-tutorial part6 SVHN CNN, Keras float"),
    1: ("svhn_float", "vivado", "hls4ml-tutorial part6 SVHN CNN, Keras float"),
    2: ("svhn_q6", "vivado", "hls4ml-tutorial part6 SVHN CNN, QKeras"),
    3: ("svhn_q6", "vivado", "hls4ml-tutorial part6 SVHN CNN, QKeras"),
    6: ("jet_vivado", "vivado", "hls4ml-tutorial part 1 jet tagger"),
    7: ("jet_q6_pruned75_rf64", "vivado", "hls4ml-tutorial part 4 model_3"),
    8: ("iris", "vitis", "Iris MLP"),
    9: ("qcnn_pynq", "vivado", "QKeras image CNN (3 classes) for PYNQ-Z2"),
    10: ("single_dense", "vivado", "single Dense layer"),
    11: ("autoencoder_3bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 3-bit"),
    12: ("autoencoder_3bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 3-bit"),
    13: ("autoencoder_4bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 4-bit"),
    14: ("autoencoder_4bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 4-bit"),
    15: ("autoencoder_5bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 5-bit"),
    16: ("autoencoder_5bit", "vivado", "MLPerf-Tiny-style anomaly-detection autoencoder, QKeras 5-bit"),
    17: ("depthwise2d_vivado", "vivado", "hls4ml test_keras_api depthwise2d (Vivado"),
    18: ("depthwise2d_vitis", "vitis", "hls4ml test_keras_api depthwise2d (Vitis"),
    19: ("depthwise1d_vivado", "vivado", "hls4ml test_keras_api depthwise1d (Vivado"),
    20: ("depthwise1d_vitis", "vitis", "hls4ml test_keras_api depthwise1d (Vitis"),
    21: ("jet_vivado", "vivado", "hls4ml-tutorial part 1 jet tagger"),
    22: ("jet_vitis", "vitis", "hls4ml-tutorial part 1 jet tagger"),
    23: ("jet_vitis_rf4", "vitis", "hls4ml-tutorial (revamp) part 3a jet tagger"),
    24: ("jet_vitis", "vitis", "hls4ml-tutorial (revamp) part 1c jet tagger"),
    25: ("jet_q6_vitis", "vitis", "hls4ml-tutorial (revamp) part 2a jet tagger"),
    26: ("jet_q6_vitis", "vitis", "hls4ml-tutorial (revamp) part 2a jet tagger"),
    27: ("jet_pruned75", "vivado", "hls4ml-tutorial part 3 jet tagger"),
    28: ("jet_q6_pruned75", "vivado", "hls4ml-tutorial part 4 jet tagger"),
    29: ("jet_q6_pruned75_rf64", "vivado", "hls4ml-tutorial part 7a"),
    30: ("jet_vitis", "vitis", "hls4ml-tutorial part 1 jet tagger"),
    31: ("mnist_resource", "vivado", "small MNIST CNN (Keras float) on a Zynq-7020 at 100 MHz"),
    32: ("jet_vitis_stream", "vitis", "KERAS_3layer (public example-models weights), io_stream"),
    33: ("jet_vivado", "vivado", "KERAS_3layer (public example-models weights), io_parallel"),
    34: ("mnist_resource", "vivado", "small MNIST CNN (Keras float) on a Zynq-7020 at 100 MHz"),
    35: ("encoder_model1", "vivado", "QKeras Conv1D time-series encoder 'model_1'"),
    36: ("encoder_model1", "vivado", "QKeras Conv1D time-series encoder 'model_1'"),
    37: ("encoder_model2", "vivado", "QKeras Conv1D time-series encoder 'model_2'"),
    38: ("encoder_model2", "vivado", "QKeras Conv1D time-series encoder 'model_2'"),
    39: ("conv1d_classifier_parallel", "vitis", "Conv1D time-series classifier"),
    40: ("conv1d_classifier_parallel", "vitis", "Conv1D time-series classifier"),
    41: ("conv1d_classifier_stream", "vitis", "Conv1D time-series classifier"),
    42: ("mnist_latency_rf16", "vivado", "small MNIST CNN (Keras float) on a Zynq-7020 at 40 MHz"),
}

#: Rows not rebuilt, with the reason.
NOT_RECONSTRUCTED: dict[int, str] = {
    4: "HGQ jet tagger (U250): not transcribed in round 5 (a Gaussian stand-in cannot reproduce HGQ's per-weight "
       "bit widths); rebuilt byte for byte on 2026-12-07 (third session) in $HELDOUT20/projects and evaluated by "
       "tests/estimate_heldout_rebuilt20.py",
    5: "HGQ jet tagger (Zynq-7020): MinhNguy3n/hls4ml-tutorial@f3793a3 stores no firmware/myproject.cpp for it "
       "(checked 2026-12-07): it cannot be rebuilt",
}


def read_rows() -> list[dict[str, str]]:
    with open(CSV, newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------------------------------ evaluation


@dataclass
class RowResult:
    """One row's truth, fxsim's figures and 80 % bands (``None`` where the row or the comparison has none)."""

    index: int
    design: str
    kind: str
    regimes: tuple[str, ...]
    truth: dict[str, float | None]
    est: dict[str, float | None]
    band: dict[str, tuple[float, float] | None] = field(default_factory=dict)

    def rel_error(self, fig: str) -> float | None:
        """|est - truth| / truth (0 -> 0 % if both are 0, else 100 %); latency/II: |est - truth| in cycles."""
        t, e = self.truth.get(fig), self.est.get(fig)
        if t is None or e is None:
            return None
        if fig in ("latency", "ii"):
            return abs(e - t)
        if t == 0:
            return 0.0 if e == 0 else 1.0
        return abs(e - t) / t

    def covered(self, fig: str) -> bool | None:
        t, b = self.truth.get(fig), self.band.get(fig)
        if t is None or b is None:
            return None
        return b[0] <= t <= b[1]


def _num(s: str) -> float | None:
    return float(s) if s.strip() else None


def estimate_json(project: Path, part: str, clock: str, tool: str) -> dict:
    """``fxsim estimate PRJ --part P --clock-ns T --hls-tool TOOL --json F`` (in process), the JSON read back."""
    from fxsim.estimate.cli import main as estimate_main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "est.json"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            rc = estimate_main([str(project), "--part", part, "--clock-ns", clock, "--hls-tool", tool,
                                "--json", str(out)])
        if rc != 0:
            raise RuntimeError(f"fxsim estimate {project} exited {rc}")
        return json.loads(out.read_text())


def evaluate(rows: list[dict[str, str]] | None = None) -> list[RowResult]:
    """Build (cached) and estimate every reconstructable row; one :class:`RowResult` per row."""
    rows = read_rows() if rows is None else rows
    projects: dict[str, Path] = {}
    results = []
    for i, (design, tool, prefix) in ROWS.items():
        row = rows[i]
        if not row["model"].startswith(prefix):
            raise ValueError(f"{CSV.name} row {i}: model {row['model']!r} is not {prefix!r} (the CSV changed)")
        if design not in projects:
            projects[design] = DESIGNS[design].build()
        doc = estimate_json(projects[design], row["part"], row["clock"], tool)
        results.append(result_of(i, design, row, doc))
    return results


def result_of(index: int, design: str, row: dict[str, str], doc: dict) -> RowResult:
    """One CSV row against one ``fxsim estimate --json`` document: csynth rows vs ``hls_estimate`` + ``total``
    latency / II with ``bands.csynth``, post-synthesis rows vs ``total`` with ``bands.post_synthesis``."""
    csynth = row["kind"] == "hls_estimate"
    res_src = doc["hls_estimate"] if csynth else doc["total"]
    bands = doc["bands"]["csynth" if csynth else "post_synthesis"]
    est: dict[str, float | None] = {f: res_src[_JSON_KEY[f]] for f in ("dsp", "lut", "ff", "bram")}
    truth = {f: _num(row[f]) for f in FIGURES}
    band = {f: tuple(bands[_JSON_KEY[f]]) for f in FIGURES}
    if csynth:
        est["latency"], est["ii"] = doc["total"]["latency_cycles"], doc["total"]["ii"]
    else:
        truth["latency"] = truth["ii"] = None
    return RowResult(index, design, row["kind"], tuple(row["regimes"].split(";")), truth, est, band)


@dataclass(frozen=True)
class RegimeSummary:
    """Per-regime medians (DSP/LUT/FF/BRAM as fractions, latency in cycles), II exact share, band coverage."""

    regime: str
    n: int
    dsp: float | None
    lut: float | None
    ff: float | None
    bram: float | None
    latency: float | None
    ii_exact: float | None
    band: float | None
    n_csynth: int


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


#: The regime tags of ``heldout_round5.md``, in its order.
REGIMES = ("latency-rf1-mlp", "latency-rf>1-mlp", "latency-rf>1-cnn", "pruned", "7series", "clk-100mhz",
           "io_stream-cnn", "resource", "quantized-fabric", "post-synthesis", "latency-rf1-single-layer",
           "io_parallel-cnn")


#: Rows rebuilt with the report's own weights (the others use stand-ins: their errors mix rule and stand-in).
EXACT_ROWS = (8, 32, 33)
EXACT_TAG = "exact weights (rows 8, 32, 33)"


def summarize(results: list[RowResult]) -> list[RegimeSummary]:
    """One summary per regime tag (:data:`REGIMES` order), then ``all``."""
    unknown = {t for r in results for t in r.regimes} - set(REGIMES)
    if unknown:
        raise ValueError(f"{CSV.name}: unknown regime tags {sorted(unknown)}")
    groups = {tag: [r for r in results if tag in r.regimes] for tag in REGIMES}
    groups[EXACT_TAG] = [r for r in results if r.index in EXACT_ROWS]
    groups["all"] = list(results)
    out = []
    for tag, group in groups.items():
        errs = {f: [e for r in group if (e := r.rel_error(f)) is not None] for f in FIGURES}
        cov = [c for r in group for f in FIGURES if (c := r.covered(f)) is not None]
        ii = errs["ii"]
        out.append(RegimeSummary(tag, len(group), _median(errs["dsp"]), _median(errs["lut"]), _median(errs["ff"]),
                                 _median(errs["bram"]), _median(errs["latency"]),
                                 sum(e == 0 for e in ii) / len(ii) if ii else None,
                                 sum(cov) / len(cov) if cov else None, sum(r.kind == "hls_estimate" for r in group)))
    return out


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


def _cyc(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def regime_table(summaries: list[RegimeSummary]) -> str:
    """The Markdown table of docs/estimate.md's round-5 section."""
    lines = ["| regime | rows (csynth) | DSP | LUT | FF | BRAM | latency (cycles) | II exact | band covers |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        lines.append(f"| {s.regime} | {s.n} ({s.n_csynth}) | {_pct(s.dsp)} | {_pct(s.lut)} | {_pct(s.ff)} | "
                     f"{_pct(s.bram)} | {_cyc(s.latency)} | {_pct(s.ii_exact)} | {_pct(s.band)} |")
    return "\n".join(lines)


def row_table(results: list[RowResult]) -> str:
    """Per row: truth / fxsim for every figure, and the design it was rebuilt as."""
    lines = ["| row | design | kind | DSP | LUT | FF | BRAM | latency | II |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        cells = []
        for f in FIGURES:
            t, e = r.truth.get(f), r.est.get(f)
            miss = " ✗" if r.covered(f) is False else ""
            cells.append("—" if t is None or e is None else f"{t:.0f} / {e:.0f}{miss}")
        kind = "csynth" if r.kind == "hls_estimate" else "synth"
        lines.append(f"| {r.index} | {r.design} | {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Print the per-row (truth / fxsim; ✗ = outside the 80 % band) and per-regime tables."""
    results = evaluate()
    print(row_table(results))
    print()
    print(regime_table(summarize(results)))
    print()
    for i, why in NOT_RECONSTRUCTED.items():
        print(f"row {i} not reconstructed: {why}")


#: Thifjj/Iris_hls4ml_pynqZ2@78cc2c6343c8d5975d7616b8e97b30e0fe974b16 projeto_iris_hls_ip_axi/firmware/weights/*.txt
IRIS_W: dict[str, list[float]] = {
    "w2": [-0.2534947097, -0.6328931451, -0.3224075735, -0.5947272778, 0.0740594044, 0.6280248165, 0.9150983691,
           0.5223593712, 0.5588666201, 0.9698484540, 0.4426792562, -0.1166775152, 0.2603493035, -0.7579625845,
           0.1357691884, -0.4445213377, -0.7518962622, -0.5670170188, -0.2442755550, -0.9406068325, -0.2726431787,
           -0.3513196707, 0.4668910801, 0.7304875255, -0.2700818777, 0.2855164111, 0.4056078196, -1.1860960722,
           -0.6608629823, -1.0892418623, 0.2407673299, 1.4837293625],
    "b2": [0.1570261419, 0.5176041126, -0.3137262762, 0.2136055231, 0.9655978084, 0.9058653116, 0.7455523014,
           0.1719899327],
    "w4": [0.8846389651, 0.9782772064, 0.2975148559, -0.7123337388, 0.0790293217, 0.0480688922, 0.7662448287,
           -0.2149832994, 0.6508180499, 0.5488094091, 0.2352734059, -1.0302520990, 0.2706535757, -0.5251780152,
           -0.0454990007, 1.5405250788, -0.4994339943, 0.0320924371, 0.3606687784, -0.1619205922, -0.4073099494,
           0.3785356879, 0.4261010885, -0.8488950729, 0.4188199937, 1.2488555908, -0.3190958500, 0.2265337557,
           -0.2363719344, 0.0811884031, 0.7879009247, 0.5120606422, 0.8269425631, 0.1967088580, 0.0535429418,
           -1.7528355122, -0.1404775977, -0.2037841976, 0.6574085951, 1.5664759874, -0.1358107030, -0.2416841388,
           -1.0089820623, -0.0583196618, -0.4255931377, -0.6675169468, -0.3158339262, 1.1834356785, -0.4186426997,
           -0.0508207828, -0.4362620711, 0.5428543687, -0.1825079918, -0.3138778806, -0.4623202980, 0.3124433458,
           -0.6778787374, -1.2198477983, -0.4222950637, 1.4336125851, 0.0330924280, 0.0541875176, -0.6888686419,
           -0.6705530882],
    "b4": [-0.2004597187, -0.2362988889, -0.1187702492, 0.1409099847, -0.0600488223, -0.1404363066, -0.0990032479,
           0.9677279592],
    "w6": [1.1177021265, -1.1228253841, -0.4926148951, -0.1344024092, -1.1984868050, -0.9914022684, -0.5006105900,
           -0.1222149208, -0.4463608265, -0.9196151495, -0.1456259936, 1.3110679388, -0.3778007030, 0.5637934804,
           -0.3245114386, -0.4820756018, 0.4270821810, -0.0919453278, 0.9910700917, -1.0645047426, -0.3654895425,
           -0.1518115401, 1.6095906496, -0.6842507720],
    "b6": [-0.5881414413, 0.4261741042, 0.1592214406],
}


if __name__ == "__main__":
    main()
