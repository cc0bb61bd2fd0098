"""Regenerate the committed QKeras fixture projects (``tests/data/qkeras``).

Not run by the test suite: QKeras needs TensorFlow 2.14 with numpy < 2, which cannot share the test
environment. This script makes its own virtualenv (default ``~/.cache/fxsim/qkeras-env``, or
``--env DIR`` / ``$FXSIM_QKERAS_ENV``), installs TensorFlow 2.14 (CPU), numpy < 2, QKeras 0.9.0 and
hls4ml 1.3.0 there, and per fixture, in that environment:

1. builds the QKeras model (fixed seeds; random weights: hls4ml passes them through the layers'
   QKeras quantizers when it converts, as it does for trained weights), written the way users write
   them, with default alphas (a QKeras kernel quantizer without ``alpha`` becomes ``'auto_po2'``);
2. converts it with hls4ml 1.3.0 (every layer traced), writes the project with the fixture's inputs
   as ``tb_data/tb_input_features.dat``, compiles it and saves ``hls_model.predict(x)`` and every
   layer of ``hls_model.trace(x)`` in ``hls4ml_outputs.npz`` (plain arrays, no pickles), and the
   QKeras model's own output of every layer in ``qkeras_layers.npz`` (keys = Keras layer names:
   the truth ``fxsim compare`` is tested against);
3. compiles the project's testbench with plain g++ (``-DWEIGHTS_DIR='"firmware/weights"'``, as
   ``tests/projects.py``'s ``build_testbench``) and runs it, writing ``tb_data/csim_results.log``;
4. keeps the project files fxsim and the testbench read (no ``ap_types``: the test environment's
   hls4ml 1.3.0 ships the same) and replaces the build directory in every text file by ``.``.

Run from the repository root (any Python 3.10-3.11 with venv; the first run downloads ~600 MB)::

    python tests/make_qkeras_projects.py                 # every fixture
    python tests/make_qkeras_projects.py --only seed000_mlp seed001_cnn

The fixtures regenerate byte for byte except the random ``Stamp`` hls4ml writes into
``hls4ml_config.yml``. A construct QKeras 0.9.0 or hls4ml 1.3.0 refuses is reported
(``REFUSED name: error``) and the other fixtures are written; the refusals are listed in
``tests/data/qkeras/REFUSED.txt``. Each fixture's line also prints ``max |keras - hls4ml|`` per
layer: where hls4ml's firmware departs from the QKeras model (fxsim reproduces the firmware).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from make_old_release_projects import include_closure

DEST = Path(__file__).resolve().parent / "data" / "qkeras"
DEFAULT_ENV = Path(os.environ.get("FXSIM_QKERAS_ENV", Path.home() / ".cache" / "fxsim" / "qkeras-env"))
REQUIREMENTS = ["tensorflow-cpu==2.14.*", "numpy<2", "tensorflow-model-optimization==0.7.5", "qkeras==0.9.0",
                "pyparsing", "hls4ml==1.3.0"]
#: tensorflow-model-optimization >= 0.8 pulls tf-keras and with it the newest TensorFlow; qkeras 0.9.0
#: imports pyparsing without declaring it.

KEEP = ["firmware/defines.h", "firmware/parameters.h", "firmware/myproject.cpp", "firmware/myproject.h",
        "firmware/weights", "tb_data/tb_input_features.dat",
        "tb_data/tb_output_predictions.dat", "tb_data/csim_results.log", "myproject_test.cpp",
        "hls4ml_config.yml", "project.tcl", "build_prj.tcl", "hls4ml_outputs.npz", "qkeras_layers.npz"]
TB_FLAGS = ("-O0", "-std=c++14", "-w")

# ------------------------------------------------------------------------------------------ fixtures
#: name -> (model builder, backend, io_type, strategy, reuse factor, events)
FIXTURES: dict[str, tuple[str, str, str, str, int, int]] = {
    "seed000_mlp": ("seed000_mlp", "Vivado", "io_parallel", "Latency", 1, 100),
    "seed000_mlp_vitis_resource": ("seed000_mlp", "Vitis", "io_parallel", "Resource", 2, 60),
    "seed001_cnn": ("seed001_cnn", "Vivado", "io_parallel", "Latency", 1, 40),
    "seed001_cnn_stream": ("seed001_cnn", "Vivado", "io_stream", "Latency", 1, 40),
    "cov_dense_quantizers": ("cov_dense_quantizers", "Vivado", "io_parallel", "Latency", 1, 100),
    "cov_binary_ternary": ("cov_binary_ternary", "Vivado", "io_parallel", "Latency", 1, 100),
    "cov_conv1d": ("cov_conv1d", "Vivado", "io_parallel", "Latency", 1, 60),
    "cov_conv2d": ("cov_conv2d", "Vivado", "io_parallel", "Latency", 1, 40),
    "cov_rnn": ("cov_rnn", "Vivado", "io_parallel", "Latency", 1, 60),
    "cov_conv_po2": ("cov_conv_po2", "Vivado", "io_parallel", "Latency", 1, 40),
    # hls4ml 1.3.0 converts it, but writes 1 bias where the template reads 3 * n_state: fxsim exits 2
    "bug_qgru_reset_before": ("qgru_reset_before", "Vivado", "io_parallel", "Latency", 1, 20),
    # constructs QKeras 0.9.0 or hls4ml 1.3.0 refuse (built to record the error in REFUSED.txt)
    "refused_seed001_cnn_as_written": ("seed001_cnn_as_written", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_separable_pointwise_alpha": ("separable_pointwise_alpha", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_qaveragepooling2d": ("qaveragepooling2d", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_qlstm_quantized_activation": ("qlstm_quantized_activation", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_po2_bias": ("po2_bias", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_relu_po2_activation": ("relu_po2_activation", "Vivado", "io_parallel", "Latency", 1, 10),
    "refused_po2_activation": ("po2_activation", "Vivado", "io_parallel", "Latency", 1, 10),
}

# The part that runs inside the QKeras environment. Models are written as users write them.
INNER = textwrap.dedent(
    r'''
    import json, os, sys
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    from tensorflow.keras.layers import Activation, Flatten, Input
    from qkeras import *  # noqa: F401,F403 (as the seeds write it)
    import hls4ml
    from tensorflow.python.util import nest
    from tensorflow.python.ops import array_ops
    # QKeras 0.9.0's recurrent layers call two functions TensorFlow 2.14 renamed or moved
    if not hasattr(nest, "is_sequence"):
        nest.is_sequence = nest.is_nested
    if not hasattr(array_ops, "unstack"):  # QGRU with reset_after=True
        array_ops.unstack = tf.unstack

    name, builder, backend, io_type, strategy, rf, n, out = sys.argv[1:9]
    rf, n = int(rf), int(n)
    keras.utils.set_random_seed(1234)


    def seed000_mlp():
        n_features = 10
        model = keras.Sequential([
            QDense(64,
                   kernel_quantizer=quantized_bits(8, 4, alpha=1),
                   bias_quantizer=quantized_bits(8, 4),
                   input_shape=(n_features,)),
            QActivation(quantized_tanh(8, 3)),

            QDense(32,
                   kernel_quantizer=quantized_bits(8, 3),
                   bias_quantizer=quantized_bits(8, 3)),
            QActivation(quantized_tanh(8, 3)),

            QDense(16,
                   kernel_quantizer=quantized_bits(8, 3),
                   bias_quantizer=quantized_bits(8, 3)),
            QActivation(quantized_tanh(8, 3)),

            QDense(1,
                   kernel_quantizer=quantized_bits(8, 4),
                   bias_quantizer=quantized_bits(8, 4)),
            QActivation(quantized_tanh(8, 3))
        ])
        return model, (n_features,), 1.0


    def seed001_cnn_as_written():
        shape, NB_CLASSES = (8, 8, 1), 5
        x = x_in = Input(shape)
        x = QConv2D(18, (3, 3),
                    kernel_quantizer="stochastic_ternary",
                    bias_quantizer="ternary", name="first_conv2d")(x)
        x = QActivation("quantized_relu(3)")(x)
        x = QSeparableConv2D(32, (3, 3),
                             depthwise_quantizer=quantized_bits(4, 0, 1),
                             pointwise_quantizer=quantized_bits(3, 0, 1),
                             bias_quantizer=quantized_bits(3),
                             depthwise_activation=quantized_tanh(6, 2, 1))(x)
        x = QActivation("quantized_relu(3)")(x)
        x = Flatten()(x)
        x = QDense(NB_CLASSES,
                   kernel_quantizer=quantized_bits(3),
                   bias_quantizer=quantized_bits(3))(x)
        x = QActivation("quantized_bits(20, 5)")(x)
        x = Activation("softmax")(x)
        return keras.Model(x_in, x), shape, 1.0


    def seed001_cnn():
        """The seed's CNN with its QSeparableConv2D written out as the depthwise convolution, its
        depthwise_activation and the pointwise convolution it computes: QKeras 0.9.0 has no
        depthwise_activation argument (refused_seed001_cnn_as_written), and hls4ml 1.3.0 cannot convert
        a QSeparableConv2D whose pointwise quantizer has an alpha (refused_separable_pointwise_alpha);
        every quantizer and its default alpha is the seed's."""
        shape, NB_CLASSES = (8, 8, 1), 5
        x = x_in = Input(shape)
        x = QConv2D(18, (3, 3),
                    kernel_quantizer="stochastic_ternary",
                    bias_quantizer="ternary", name="first_conv2d")(x)
        x = QActivation("quantized_relu(3)")(x)
        x = QDepthwiseConv2D((3, 3), depthwise_quantizer=quantized_bits(4, 0, 1), use_bias=False,
                             name="sep_depthwise")(x)
        x = QActivation(quantized_tanh(6, 2, 1), name="sep_depthwise_activation")(x)
        x = QConv2D(32, (1, 1), kernel_quantizer=quantized_bits(3, 0, 1), bias_quantizer=quantized_bits(3),
                    name="sep_pointwise")(x)
        x = QActivation("quantized_relu(3)")(x)
        x = Flatten()(x)
        x = QDense(NB_CLASSES,
                   kernel_quantizer=quantized_bits(3),
                   bias_quantizer=quantized_bits(3))(x)
        x = QActivation("quantized_bits(20, 5)")(x)
        x = Activation("softmax")(x)
        return keras.Model(x_in, x), shape, 1.0


    def separable_pointwise_alpha():
        x = x_in = Input((8, 8, 2))
        x = QSeparableConv2D(4, (3, 3), depthwise_quantizer=quantized_bits(4, 0, 1, alpha=1),
                             pointwise_quantizer=quantized_bits(3, 0, 1), bias_quantizer=quantized_bits(3),
                             name="sep")(x)
        return keras.Model(x_in, x), (8, 8, 2), 1.0


    def qaveragepooling2d():
        x = x_in = Input((4, 4, 2))
        x = QAveragePooling2D((2, 2), name="avg")(x)
        return keras.Model(x_in, x), (4, 4, 2), 1.0


    def po2_bias():
        x = x_in = Input((4,))
        x = QDense(4, kernel_quantizer=quantized_po2(4), bias_quantizer=quantized_po2(4), name="d")(x)
        return keras.Model(x_in, x), (4,), 1.0


    def cov_dense_quantizers():
        """quantized_bits alphas / keep_negative / symmetric, quantized_relu (+ negative_slope),
        hard and real tanh and sigmoid, quantized_po2 kernels, QBatchNormalization."""
        x = x_in = Input((12,))
        x = QDense(16, kernel_quantizer=quantized_bits(6, 2, alpha="auto"), bias_quantizer=quantized_bits(6, 2),
                   name="d_auto")(x)
        x = QActivation(quantized_relu(6, 2, negative_slope=0.25), name="a_leaky")(x)
        x = QDense(16, kernel_quantizer=quantized_bits(6, 1, alpha="auto_po2"), bias_quantizer=quantized_bits(6, 2),
                   name="d_auto_po2")(x)
        x = QActivation(quantized_tanh(8, 2, use_real_tanh=True), name="a_real_tanh")(x)
        x = QDense(14, kernel_quantizer=quantized_bits(5, 1, symmetric=True, alpha=1),
                   bias_quantizer=quantized_bits(8, 3, symmetric=True), name="d_symmetric")(x)
        x = QBatchNormalization(name="bn")(x)
        x = QActivation(quantized_bits(8, 2, keep_negative=False), name="a_unsigned_bits")(x)
        x = QDense(12, kernel_quantizer=quantized_bits(6, 2, keep_negative=False, alpha=1),
                   bias_quantizer=quantized_bits(6, 2), name="d_unsigned")(x)
        x = QActivation(quantized_sigmoid(8), name="a_hard_sigmoid")(x)
        x = QDense(10, kernel_quantizer=quantized_po2(4), bias_quantizer=quantized_bits(8, 3), name="d_po2")(x)
        x = QActivation(quantized_relu(8, 3), name="a_relu")(x)
        x = QDense(10, kernel_quantizer=quantized_bits(8, 3), bias_quantizer=quantized_bits(8, 3),
                   name="d_default")(x)
        x = QActivation(quantized_sigmoid(8, use_real_sigmoid=True), name="a_real_sigmoid")(x)
        x = QDense(6, kernel_quantizer=quantized_bits(8, 2, alpha=1), bias_quantizer=quantized_bits(8, 2),
                   name="d_out")(x)
        x = QActivation(quantized_tanh(8, 1), name="a_hard_tanh")(x)
        return keras.Model(x_in, x), (12,), 2.0


    def cov_binary_ternary():
        """binary / ternary / stochastic_* kernels (default alphas) and activations."""
        x = x_in = Input((12,))
        x = QDense(16, kernel_quantizer="binary", bias_quantizer=quantized_bits(8, 3), name="d_binary")(x)
        x = QActivation(quantized_relu(6, 2), name="a_relu")(x)
        x = QDense(16, kernel_quantizer="ternary", bias_quantizer=quantized_bits(8, 3), name="d_ternary")(x)
        x = QActivation("binary", name="a_binary")(x)
        x = QDense(16, kernel_quantizer="stochastic_binary", bias_quantizer=quantized_bits(8, 3),
                   name="d_stochastic_binary")(x)
        x = QActivation("ternary", name="a_ternary")(x)
        x = QDense(8, kernel_quantizer="stochastic_ternary", bias_quantizer=quantized_bits(8, 3),
                   name="d_stochastic_ternary")(x)
        x = QActivation(quantized_bits(10, 4), name="a_bits")(x)
        x = QDense(6, kernel_quantizer=binary(alpha=1), bias_quantizer=quantized_bits(8, 3), name="d_binary_a1")(x)
        x = QActivation(quantized_relu(8, 3), name="a_out")(x)
        return keras.Model(x_in, x), (12,), 2.0


    def cov_conv1d():
        """QConv1D, QSeparableConv1D."""
        x = x_in = Input((16, 3))
        x = QConv1D(6, 3, kernel_quantizer=quantized_bits(6, 2), bias_quantizer=quantized_bits(6, 2),
                    name="c1")(x)
        x = QActivation(quantized_relu(6, 3), name="a1")(x)
        x = QSeparableConv1D(8, 3, depthwise_quantizer=quantized_bits(6, 1, alpha=1),
                             pointwise_quantizer=quantized_bits(6, 1, alpha=1), bias_quantizer=quantized_bits(6, 2),
                             name="sep1")(x)
        x = QActivation(quantized_tanh(8, 2), name="a2")(x)
        x = Flatten(name="flat")(x)
        x = QDense(4, kernel_quantizer=quantized_bits(8, 2, alpha=1), bias_quantizer=quantized_bits(8, 2),
                   name="out")(x)
        return keras.Model(x_in, x), (16, 3), 1.0


    def cov_conv2d():
        """QConv2D, QDepthwiseConv2D, QBatchNormalization; AveragePooling2D (hls4ml 1.3.0 has no
        QAveragePooling2D: refused_qaveragepooling2d)."""
        x = x_in = Input((8, 8, 2))
        x = QConv2D(4, (3, 3), padding="same", kernel_quantizer=quantized_bits(6, 2, alpha="auto_po2"),
                    bias_quantizer=quantized_bits(6, 2), name="c1")(x)
        x = QBatchNormalization(name="bn1")(x)
        x = QActivation(quantized_relu(6, 2), name="a1")(x)
        x = QDepthwiseConv2D((3, 3), depthwise_quantizer=quantized_bits(6, 1, alpha=1),
                             bias_quantizer=quantized_bits(6, 2), name="dw1")(x)
        x = QActivation(quantized_relu(6, 2), name="a2")(x)
        x = keras.layers.AveragePooling2D((2, 2), name="avg")(x)
        x = QActivation(quantized_bits(8, 2), name="a3")(x)
        x = Flatten(name="flat")(x)
        x = QDense(4, kernel_quantizer=quantized_bits(8, 2), bias_quantizer=quantized_bits(8, 2), name="out")(x)
        return keras.Model(x_in, x), (8, 8, 2), 1.0


    def cov_conv_po2():
        """Power-of-two kernels in convolutions (quantized_po2, as QConv1D and QConv2D kernels)."""
        x = x_in = Input((8, 2))
        x = QConv1D(4, 3, kernel_quantizer=quantized_po2(4), bias_quantizer=quantized_bits(8, 3), name="c1")(x)
        x = QActivation(quantized_relu(8, 3), name="a1")(x)
        x = Flatten(name="flat")(x)
        x = QDense(3, kernel_quantizer=quantized_po2(5, 2), bias_quantizer=quantized_bits(8, 3), name="out")(x)
        return keras.Model(x_in, x), (8, 2), 1.0


    def cov_rnn():
        """QLSTM (return_sequences), QGRU (reset_after=True: see bug_qgru_reset_before for QKeras's default)."""
        x = x_in = Input((6, 4))
        x = QLSTM(8, return_sequences=True, kernel_quantizer=quantized_bits(8, 2, alpha=1),
                  recurrent_quantizer=quantized_bits(8, 2, alpha=1), bias_quantizer=quantized_bits(8, 2),
                  state_quantizer=quantized_bits(12, 4), activation=quantized_tanh(8, 2, use_real_tanh=True),
                  recurrent_activation=quantized_sigmoid(8, use_real_sigmoid=True), name="lstm")(x)
        x = QGRU(6, kernel_quantizer=quantized_bits(8, 2, alpha=1), recurrent_quantizer=quantized_bits(8, 2, alpha=1),
                 bias_quantizer=quantized_bits(8, 2), state_quantizer=quantized_bits(12, 4), reset_after=True,
                 activation=quantized_tanh(8, 2, use_real_tanh=True),
                 recurrent_activation=quantized_sigmoid(8, use_real_sigmoid=True), name="gru")(x)
        x = QDense(3, kernel_quantizer=quantized_bits(8, 2, alpha=1), bias_quantizer=quantized_bits(8, 2),
                   name="out")(x)
        return keras.Model(x_in, x), (6, 4), 1.0


    def qgru_reset_before():
        """QGRU as QKeras defaults it (reset_after=False, one bias vector): hls4ml 1.3.0 splits the
        (3 * n_state,) bias as if it were Keras's (2, 3 * n_state) one and writes b[1] and br[1]."""
        x = x_in = Input((4, 3))
        x = QGRU(4, kernel_quantizer=quantized_bits(8, 2, alpha=1), recurrent_quantizer=quantized_bits(8, 2, alpha=1),
                 bias_quantizer=quantized_bits(8, 2), activation="tanh", recurrent_activation="sigmoid", name="gru")(x)
        return keras.Model(x_in, x), (4, 3), 1.0


    def qlstm_quantized_activation():
        x = x_in = Input((3, 2))
        x = QLSTM(2, kernel_quantizer=quantized_bits(8, 2, alpha=1), recurrent_quantizer=quantized_bits(8, 2, alpha=1),
                  bias_quantizer=quantized_bits(8, 2), state_quantizer=quantized_bits(12, 4),
                  activation=quantized_tanh(8, 2, use_real_tanh=True),
                  recurrent_activation=quantized_sigmoid(8, use_real_sigmoid=True), name="lstm")(x)
        return keras.Model(x_in, x), (3, 2), 1.0


    def relu_po2_activation():
        x = x_in = Input((4,))
        x = QDense(4, kernel_quantizer=quantized_bits(8, 3, alpha=1), name="d")(x)
        x = QActivation(quantized_relu_po2(4), name="a_relu_po2")(x)
        return keras.Model(x_in, x), (4,), 1.0


    def po2_activation():
        x = x_in = Input((4,))
        x = QDense(4, kernel_quantizer=quantized_bits(8, 3, alpha=1), name="d")(x)
        x = QActivation(quantized_po2(4), name="a_po2")(x)
        return keras.Model(x_in, x), (4,), 1.0


    model, shape, scale = globals()[builder]()
    # random weights, spread so that every quantizer rounds, saturates and uses its range
    rng = np.random.default_rng(7)
    weights = []
    for w in model.get_weights():
        if w.ndim == 1 and np.all(w == 1.0):  # batchnorm gamma / moving variance: keep positive
            weights.append((1.0 + 0.5 * rng.random(w.shape)).astype(w.dtype))
        else:
            weights.append((rng.normal(size=w.shape) * 0.6).astype(w.dtype))
    model.set_weights(weights)
    # inputs on a 1/64 grid: exact in float32 and in the testbench's decimal text
    x = (np.round(rng.normal(size=(n, *shape)) * scale * 64) / 64).astype(np.float32)
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "..", name + "_x.npy"), x)
    np.save(os.path.join(out, "..", name + "_y.npy"), model.predict(x, verbose=0))

    cfg = hls4ml.utils.config_from_keras_model(model, granularity="name", backend=backend,
                                               default_precision="fixed<16,6>")
    cfg["Model"]["Strategy"] = strategy
    cfg["Model"]["ReuseFactor"] = rf
    for layer in cfg["LayerName"].values():
        layer["Trace"] = True
    if builder == "cov_rnn":
        # hls4ml 1.3.0 gives a QLSTM/QGRU the result type of its activation quantizer and the accum type
        # of its state quantizer, but nnet_recurrent.h calls nnet::dense<data_T, res_T> on accum_t and
        # res_T arrays, which compiles only if input, result and accum types are one type
        # (refused_qlstm_quantized_activation). A user makes them equal: the state quantizer's type.
        state_t = cfg["LayerName"]["lstm"]["Precision"]["accum"]
        cfg["LayerName"]["input_1"]["Precision"]["result"] = state_t
        for rnn in ("lstm", "gru"):
            cfg["LayerName"][rnn]["Precision"]["result"] = state_t
            cfg["LayerName"][rnn]["Precision"]["accum"] = state_t
    hls_model = hls4ml.converters.convert_from_keras_model(
        model, hls_config=cfg, output_dir=out, project_name="myproject", backend=backend, io_type=io_type,
        input_data_tb=os.path.join(out, "..", name + "_x.npy"),
        output_data_tb=os.path.join(out, "..", name + "_y.npy"))
    hls_model.compile()
    x = x.astype(np.float64)  # the same values; float64 makes predict and trace return doubles
    y = hls_model.predict(x)
    _, trace = hls_model.trace(x)
    arrays = {"x": x, "predict": np.asarray(y)}
    for k, v in trace.items():
        arrays["trace/" + k] = np.asarray(v)
    np.savez_compressed(os.path.join(out, "hls4ml_outputs.npz"), **arrays)
    keras_y = np.load(os.path.join(out, "..", name + "_y.npy"))
    # the QKeras model's own per-layer outputs (keys = Keras layer names; fxsim compare's truth)
    every = [lay for lay in model.layers if not isinstance(lay, keras.layers.InputLayer)]
    outs = keras.Model(model.inputs, [lay.output for lay in every]).predict(x, verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    np.savez_compressed(os.path.join(out, "qkeras_layers.npz"),
                        **{lay.name: np.asarray(o, dtype=np.float64) for lay, o in zip(every, outs)})
    # where hls4ml's firmware departs from the QKeras model: max |keras - hls4ml| per traced layer
    same = [(lay, o) for lay, o in zip(every, outs) if lay.name in trace]
    per_layer = {}
    if same:
        for lay, o in same:
            t = trace.get(lay.name + "_alpha", trace[lay.name])  # the scaled output, as Keras's
            if t.size == o.size:
                per_layer[lay.name] = float(np.abs(o.reshape(t.shape) - t).max())
    print(json.dumps({"layers": [[l.name, l.class_name] for l in hls_model.get_layers()],
                      "trace": sorted(trace), "keras_minus_hls4ml": per_layer,
                      "max_abs_keras_minus_hls4ml": float(np.abs(keras_y.reshape(y.shape) - y).max())}))
    '''
)


def ensure_env(env: Path) -> Path:
    """The QKeras virtualenv's python, created and filled on first use."""
    python = env / "bin" / "python"
    stamp = env / ".fxsim_requirements"
    if python.is_file() and stamp.is_file() and stamp.read_text() == "\n".join(REQUIREMENTS):
        return python
    if not python.is_file():
        base = sys.executable if sys.version_info < (3, 12) else shutil.which("python3.11")
        if base is None:  # TensorFlow 2.14 has wheels for Python 3.9-3.11 only
            raise SystemExit("TensorFlow 2.14 needs Python 3.9-3.11: run this script with one")
        subprocess.run([base, "-m", "venv", str(env)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    stamp.write_text("\n".join(REQUIREMENTS))
    return python


def run_testbench(project: Path) -> None:
    """hls4ml's testbench as a plain g++ build (``tests/projects.py``'s ``build_testbench``)."""
    exe = project / "fxsim_tb"
    subprocess.run(["g++", *TB_FLAGS, f"-I{project}", f"-I{project / 'firmware'}",
                    f"-I{project / 'firmware' / 'ap_types'}", '-DWEIGHTS_DIR="firmware/weights"',
                    "myproject_test.cpp", "firmware/myproject.cpp", "-o", str(exe)], check=True, cwd=project)
    subprocess.run([str(exe)], check=True, cwd=project, stdout=subprocess.DEVNULL)


def trim(project: Path, dest: Path, build_dir: Path) -> None:
    """Copy the kept files; every occurrence of the build directory becomes ``.``."""
    if dest.exists():
        shutil.rmtree(dest)
    roots = sorted({str(build_dir), str(build_dir.resolve()), str(project), str(project.resolve())},
                   key=len, reverse=True)
    headers = sorted(include_closure(project))  # the nnet_utils headers the project includes
    for rel in [*KEEP, *(str(h.relative_to(project.resolve())) for h in headers)]:
        src = project / rel
        if not src.exists():
            continue
        files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
        for f in files:
            target = dest / f.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = f.read_bytes()
            if f.suffix != ".npz":
                text = data.decode()
                for root in roots:
                    text = text.replace(root + "/", "./").replace(root, ".")
                data = text.encode()
            target.write_bytes(data)
    leftover = [str(p) for p in dest.rglob("*") if p.is_file() and p.suffix != ".npz"
                and re.search(r"/(tmp|root|home|work)/", p.read_text())]
    if leftover:
        raise RuntimeError(f"absolute paths left in {leftover}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--env", type=Path, default=DEFAULT_ENV, help="the QKeras virtualenv (created if missing)")
    ap.add_argument("--dest", type=Path, default=DEST)
    ap.add_argument("--only", nargs="*", help="fixture names to regenerate")
    args = ap.parse_args(argv)
    python = ensure_env(args.env)
    refused = {}
    for name, (builder, backend, io_type, strategy, rf, n) in FIXTURES.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            prj = Path(tmp) / "prj"
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
            proc = subprocess.run([str(python), "-c", INNER, name, builder, backend, io_type, strategy, str(rf),
                                   str(n), str(prj)], capture_output=True, text=True, env=env)
            if proc.returncode != 0:
                errors = [ln for ln in proc.stderr.splitlines() if re.match(r"[\w.]*(Error|Exception)\b", ln)]
                refused[name] = errors[-1] if errors else proc.stderr.strip().splitlines()[-1]
                gxx = re.search(r"error: (.*)", proc.stdout + proc.stderr)  # hls4ml's own g++ build
                if gxx:
                    refused[name] += f" (g++: {gxx.group(1).strip()[:200]})"
                print(f"REFUSED {name}: {refused[name]}", flush=True)
                if not name.startswith("refused_"):
                    print(proc.stderr[-3000:], file=sys.stderr)
                continue
            info = json.loads(proc.stdout.strip().splitlines()[-1])
            run_testbench(prj)
            trim(prj, args.dest / name, Path(tmp))
        layers = ", ".join(f"{n_}:{c}" for n_, c in info["layers"])
        print(f"{name}: {backend} {io_type} {strategy} -> {args.dest / name}\n    layers: {layers}\n"
              f"    max |keras - hls4ml| = {info['max_abs_keras_minus_hls4ml']:.4g}; per layer: "
              + ", ".join(f"{k} {v:.3g}" for k, v in info["keras_minus_hls4ml"].items()), flush=True)
    notes = args.dest / "REFUSED.txt"
    known = dict(ln.split(": ", 1) for ln in notes.read_text().splitlines()[1:] if ": " in ln) \
        if notes.is_file() else {}
    known = {k: v for k, v in known.items() if k in FIXTURES and not (args.dest / k).is_dir()}
    known.update(refused)
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("Constructs QKeras 0.9.0 or hls4ml 1.3.0 refuse (tests/make_qkeras_projects.py):\n"
                     + "".join(f"{k}: {v}\n" for k, v in sorted(known.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
