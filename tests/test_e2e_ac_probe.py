"""Probe: real Keras-3 (torch backend) and PyTorch models in combinations the other ``ac_fixed`` tests
do not cover (Resource strategy with reuse factors 2/4 and BatchNorm, io_stream Conv1D+MaxPool,
Conv2D 'same' + AveragePooling, LSTM/GRU with return_sequences, per-layer precisions with narrow
wrapping/saturating result types and AP-style modes that hls4ml translates to AC_RND/AC_SAT),
converted by hls4ml 1.3.0 for ``Backend='Quartus'`` and ``'Catapult'``. Each project's own testbench
is built with g++ and ``fxsim verify``'s comparison must say identical; fxsim's values must equal
``hls_model.predict`` (hls4ml's compiled bridge). Projects are cached on disk by content
(``projects.build_once``).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import catapult_models
import keras3_models
import numpy as np
import projects as P
import pytest
from test_e2e_catapult import build_catapult_testbench
from test_e2e_quartus import build_quartus_testbench


def _keras(name: str):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    L = keras.layers
    if name in ("k_dense_bn", "k_dense_sm"):  # Dense + BatchNorm + ReLU + Softmax
        i = keras.Input((12,))
        x = L.Dense(10, name="fc1")(i)
        x = L.BatchNormalization(name="bn1")(x)
        x = L.Activation("relu", name="r1")(x)
        x = L.Dense(8, activation="relu", name="fc2")(x)
        return keras.Model(i, L.Dense(5, activation="softmax", name="out")(x)), (12,)
    if name == "k_conv1d_pool":  # Conv1D + MaxPool + Flatten + Dense
        i = keras.Input((16, 2))
        x = L.Conv1D(3, 3, activation="relu", name="conv")(i)
        x = L.MaxPooling1D(2, name="pool")(x)
        x = L.Flatten(name="flat")(x)
        return keras.Model(i, L.Dense(4, name="out")(x)), (16, 2)
    if name in ("k_conv2d_avg", "k_conv2d_narrow"):  # Conv2D same + AveragePooling2D + Dense
        i = keras.Input((6, 6, 2))
        x = L.Conv2D(3, (3, 3), padding="same", activation="relu", name="conv")(i)
        x = L.AveragePooling2D((2, 2), name="pool")(x)
        x = L.Flatten(name="flat")(x)
        return keras.Model(i, L.Dense(4, activation="sigmoid", name="out")(x)), (6, 6, 2)
    if name == "k_lstm_gru":  # LSTM(return_sequences) -> GRU -> Dense
        i = keras.Input((4, 3))
        x = L.LSTM(5, return_sequences=True, name="lstm")(i)
        x = L.GRU(4, name="gru")(x)
        return keras.Model(i, L.Dense(3, name="out")(x)), (4, 3)
    if name == "k_gru_stream":  # GRU(return_sequences) -> GRU -> Dense (io_stream: packs of n_in)
        i = keras.Input((5, 3))
        x = L.GRU(4, return_sequences=True, name="gru1")(i)
        x = L.GRU(3, name="gru2")(x)
        return keras.Model(i, L.Dense(2, name="out")(x)), (5, 3)
    if name == "k_conv2d_s2":  # Conv2D stride 2 'same' + Conv2D 1x1 + GlobalAveragePooling + Dense
        i = keras.Input((7, 7, 2))
        x = L.Conv2D(3, (3, 3), strides=(2, 2), padding="same", activation="relu", name="conv")(i)
        x = L.Conv2D(4, (1, 1), activation="tanh", name="pw")(x)
        x = L.GlobalAveragePooling2D(name="gap")(x)
        return keras.Model(i, L.Dense(3, activation="softmax", name="out")(x)), (7, 7, 2)
    if name == "k_lstm_td":  # LSTM(return_sequences) -> Dense per step -> Flatten -> Dense
        i = keras.Input((4, 3))
        x = L.LSTM(4, return_sequences=True, name="lstm")(i)
        x = L.Dense(2, activation="relu", name="td")(x)
        return keras.Model(i, L.Dense(3, name="out")(L.Flatten(name="flat")(x))), (4, 3)
    if name == "k_concat":  # two branches, Concatenate, Dense
        i = keras.Input((10,))
        a = L.Dense(5, activation="relu", name="a")(i)
        b = L.Dense(4, activation="sigmoid", name="b")(i)
        return keras.Model(i, L.Dense(3, name="out")(L.Concatenate(name="cat")([a, b]))), (10,)
    if name == "k_conv1d_s2":  # Conv1D stride 2 'same' + Conv1D 1-wide + GlobalMaxPooling1D + Dense
        i = keras.Input((11, 2))
        x = L.Conv1D(4, 3, strides=2, padding="same", activation="relu", name="conv")(i)
        x = L.Conv1D(3, 1, name="pw")(x)
        return keras.Model(i, L.Dense(2, name="out")(L.GlobalMaxPooling1D(name="gmp")(x))), (11, 2)
    if name == "k_mixed":  # per-layer precisions (set in CONFIGS)
        i = keras.Input((8,))
        x = L.Dense(8, name="fc1")(i)
        x = L.Activation("relu", name="r1")(x)
        x = L.Dense(6, activation="tanh", name="fc2")(x)
        return keras.Model(i, L.Dense(4, name="out")(x)), (8,)
    raise KeyError(name)


def _torch(name: str):
    import torch
    from torch import nn

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.bn, self.fc2 = nn.Linear(9, 8), nn.BatchNorm1d(8), nn.Linear(8, 4)
            self.relu, self.sm = nn.ReLU(), nn.Softmax(dim=-1)

        def forward(self, x):
            return self.sm(self.fc2(self.relu(self.bn(self.fc1(x)))))

    class Conv1(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv, self.relu, self.pool = nn.Conv1d(2, 3, 3), nn.ReLU(), nn.MaxPool1d(2)
            self.flat, self.fc = nn.Flatten(), nn.Linear(3 * 5, 4)

        def forward(self, x):
            return self.fc(self.flat(self.pool(self.relu(self.conv(x)))))

    class Cnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv, self.bn, self.relu = nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU()
            self.pool, self.flat, self.fc = nn.AvgPool2d(2), nn.Flatten(), nn.Linear(3 * 3 * 3, 4)

        def forward(self, x):
            return self.fc(self.flat(self.pool(self.relu(self.bn(self.conv(x))))))

    class Seq(nn.Module):
        def __init__(self, kind):
            super().__init__()
            self.rnn, self.fc = getattr(nn, kind)(3, 5, batch_first=True), nn.Linear(5, 3)

        def forward(self, x):
            y, _ = self.rnn(x)
            return self.fc(y[:, -1, :])

    torch.manual_seed(7)
    m, shape = {"t_mlp_bn": (Mlp, (9,)), "t_cnn2d_bn": (Cnn, (2, 6, 6)), "t_conv1d_pool": (Conv1, (2, 12)),
                "t_gru": (lambda: Seq("GRU"), (4, 3)), "t_lstm": (lambda: Seq("LSTM"), (4, 3))}[name]
    m = m()
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.round(p * 128.0) / 64.0)
        if name in ("t_mlp_bn", "t_cnn2d_bn"):
            n = m.bn.num_features
            m.bn.running_mean.copy_(torch.round(torch.randn(n) * 64) / 64)
            m.bn.running_var.copy_(torch.round(torch.rand(n) * 64 + 32) / 64)
    return m.eval(), shape


#: Per-layer precision overrides (granularity='name'), by model name.
CONFIGS = {
    "k_mixed": {"fc1": {"Precision": {"result": "ap_fixed<6,2,AP_TRN,AP_WRAP>"}},  # narrow, wraps
                "r1": {"Precision": {"result": "ap_ufixed<6,2,AP_RND,AP_SAT>"}},  # AC_RND, AC_SAT
                "fc2": {"Precision": {"result": "ap_fixed<10,4,AP_RND_CONV,AP_SAT>", "weight": "ap_fixed<8,2>"}},
                "out": {"Precision": {"result": "ap_fixed<8,3,AP_RND_ZERO,AP_SAT_SYM>"}}},
    # the softmax input narrow enough for Catapult's ac_softmax_pwl (the default auto type does not compile)
    "k_dense_bn": {"out": {"Precision": {"result": "ap_fixed<16,6>"}}},
    "t_mlp_bn": {"fc2": {"Precision": {"result": "ap_fixed<12,4,AP_RND,AP_SAT>"}}},
    # narrow wrapping accumulators, saturating results, a small sigmoid table
    "k_conv2d_narrow": {"conv": {"Precision": {"accum": "ap_fixed<12,4,AP_TRN,AP_WRAP>",
                                               "result": "ap_fixed<8,3,AP_RND,AP_SAT>"}},
                        "pool": {"Precision": {"result": "ap_ufixed<7,2,AP_RND_CONV,AP_SAT>"}},
                        "out": {"Precision": {"result": "ap_fixed<10,4,AP_RND,AP_SAT>"}, "table_size": 256,
                                "table_t": "ap_fixed<12,2,AP_RND,AP_SAT>"}},
    # stable softmax with its own table sizes and types
    "k_dense_sm": {"out": {"Precision": {"result": "ap_fixed<12,4,AP_RND,AP_SAT>"}},
                   "out_softmax": {"Implementation": "stable", "table_size": 512,
                                   "exp_table_t": "ap_fixed<16,8,AP_RND,AP_SAT>", "inv_table_t": "ap_fixed<14,4>"}},
    "k_conv2d_s2": {"out": {"Precision": {"result": "ap_fixed<12,4,AP_RND,AP_SAT>"}}},
}


def build_probe(name: str, backend: str, *, io_type: str = "io_parallel", precision: str = "ap_fixed<16,6>",
                strategy: str = "Latency", reuse_factor: int = 1, tb_inputs: np.ndarray, compile: bool = True) -> Path:
    """The written project (testbench inputs ``tb_inputs``) with ``hls4ml_predict.npy`` (unless
    ``compile`` is False: then only written), cached."""
    import hls4ml

    versions = keras3_models.require_keras3()
    h = hashlib.sha256(inspect.getsource(_keras).encode() + inspect.getsource(_torch).encode())
    meta = dict(name=name, backend=backend, io=io_type, precision=precision, strategy=strategy, rf=reuse_factor,
                v=versions, cfg=CONFIGS.get(name), compile=compile)
    h.update(json.dumps(meta, sort_keys=True).encode())
    h.update(np.ascontiguousarray(tb_inputs, dtype=np.float64).tobytes())

    def build(final: Path, work: Path) -> None:
        x = np.asarray(tb_inputs, dtype=np.float64)
        np.save(work / "x.npy", x)
        if name.startswith("k_"):
            model, shape = _keras(name)
            catapult_models._keras_weights(model, 5)
            cfg = hls4ml.utils.config_from_keras_model(model, granularity="name", backend=backend,
                                                       default_precision=precision)
            convert = hls4ml.converters.convert_from_keras_model
        else:
            model, shape = _torch(name)
            conv = {"channels_last_conversion": "internal"} if io_type == "io_stream" else {}
            cfg = hls4ml.utils.config_from_pytorch_model(model, shape, granularity="name", backend=backend,
                                                         default_precision=precision, **conv)
            convert = hls4ml.converters.convert_from_pytorch_model
        for layer, over in CONFIGS.get(name, {}).items():
            lc = cfg["LayerName"].setdefault(layer, {})
            for k, v in over.items():
                if k == "Precision":
                    lc.setdefault("Precision", {}).update(v)
                else:
                    lc[k] = v
        cfg["Model"].update(Strategy=strategy, ReuseFactor=reuse_factor)
        for lc in cfg["LayerName"].values():
            lc.pop("ReuseFactor", None)
            lc.pop("Strategy", None)
        extra = {"clock_period": 5} if backend == "Quartus" else {}
        graph = convert(model, output_dir=str(final), project_name="myproject", backend=backend, io_type=io_type,
                        hls_config=cfg, input_data_tb=str(work / "x.npy"), **extra)
        catapult_models.write_and_predict(graph, final, x, shape, compile)

    return P.build_once(f"acprobe-{h.hexdigest()[:24]}", build)


#: Every probe (model, backend, io_type, precision, strategy, reuse factor, input size); a default run
#: takes :data:`CI_CASES` only (CI time), ``FXSIM_AC_PROBE=all`` collects all 38 (~4 min cold).
ALL_CASES = {
    "k_dense_bn-quartus-rf4": ("k_dense_bn", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 4, 12),
    "k_dense_bn-catapult-rf2": ("k_dense_bn", "Catapult", "io_parallel", "ap_fixed<16,6>", "Resource", 2, 12),
    "k_conv1d_pool-quartus-stream": ("k_conv1d_pool", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1, 32),
    "k_conv1d_pool-catapult-stream": ("k_conv1d_pool", "Catapult", "io_stream", "ap_fixed<16,6>", "Latency", 1,
                                      32),
    "k_conv2d_avg-quartus": ("k_conv2d_avg", "Quartus", "io_parallel", "ap_fixed<14,5,AP_RND,AP_SAT>", "Resource",
                             1, 72),
    "k_conv2d_avg-catapult": ("k_conv2d_avg", "Catapult", "io_parallel", "ap_fixed<14,5,AP_RND,AP_SAT>", "Latency",
                              1, 72),
    "k_lstm_gru-quartus": ("k_lstm_gru", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 12),
    "k_mixed-quartus": ("k_mixed", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 8),
    "k_mixed-catapult": ("k_mixed", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 8),
    "t_mlp_bn-quartus-rf2": ("t_mlp_bn", "Quartus", "io_parallel", "ap_fixed<12,4,AP_RND,AP_SAT>", "Resource", 2,
                             9),
    "t_mlp_bn-catapult-rf2": ("t_mlp_bn", "Catapult", "io_parallel", "ap_fixed<12,4,AP_RND,AP_SAT>", "Resource", 2,
                              9),
    "t_conv1d_pool-quartus": ("t_conv1d_pool", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 24),
    "t_gru-quartus": ("t_gru", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 12),
    "k_gru_stream-quartus": ("k_gru_stream", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1, 15),
    "k_gru_stream-quartus-parallel": ("k_gru_stream", "Quartus", "io_parallel", "ap_fixed<12,5,AP_RND,AP_SAT>",
                                      "Resource", 1, 15),
    "k_conv2d_avg-catapult-stream": ("k_conv2d_avg", "Catapult", "io_stream", "ap_fixed<16,6>", "Latency", 1, 72),
    "k_conv2d_avg-quartus-stream": ("k_conv2d_avg", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1, 72),
    "k_dense_bn-catapult-stream-rf4": ("k_dense_bn", "Catapult", "io_stream", "ap_fixed<16,6>", "Resource", 4, 12),
    "k_mixed-quartus-stream": ("k_mixed", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1, 8),
    "k_mixed-catapult-stream": ("k_mixed", "Catapult", "io_stream", "ap_fixed<16,6>", "Resource", 2, 8),
    "k_conv2d_s2-quartus": ("k_conv2d_s2", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 98),
    "k_conv2d_s2-catapult": ("k_conv2d_s2", "Catapult", "io_parallel", "ap_fixed<12,4,AP_RND,AP_SAT>", "Latency",
                             1, 98),
    "k_conv2d_s2-catapult-rf2": ("k_conv2d_s2", "Catapult", "io_parallel", "ap_fixed<16,6>", "Resource", 2, 98),
    "k_conv2d_s2-catapult-stream": ("k_conv2d_s2", "Catapult", "io_stream", "ap_fixed<16,6>", "Latency", 1, 98),
    "k_conv2d_narrow-quartus": ("k_conv2d_narrow", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 72),
    "k_conv2d_narrow-catapult": ("k_conv2d_narrow", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 72),
    "k_conv2d_narrow-quartus-stream": ("k_conv2d_narrow", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1,
                                       72),
    "k_dense_sm-quartus": ("k_dense_sm", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 3, 12),
    "k_dense_sm-catapult": ("k_dense_sm", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 12),
    "t_cnn2d_bn-quartus": ("t_cnn2d_bn", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 72),
    "t_cnn2d_bn-catapult": ("t_cnn2d_bn", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 72),
    "k_concat-quartus-stream": ("k_concat", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 2, 10),
    "k_concat-catapult": ("k_concat", "Catapult", "io_parallel", "ap_fixed<10,4,AP_RND_CONV,AP_SAT>", "Resource", 2,
                          10),
    "k_conv1d_s2-catapult": ("k_conv1d_s2", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 22),
    "k_conv1d_s2-quartus-stream": ("k_conv1d_s2", "Quartus", "io_stream", "ap_fixed<16,6>", "Resource", 1, 22),
    "k_conv1d_s2-quartus": ("k_conv1d_s2", "Quartus", "io_parallel", "ap_fixed<12,4,AP_RND,AP_SAT>", "Resource", 1,
                            22),
    "k_lstm_td-quartus": ("k_lstm_td", "Quartus", "io_parallel", "ap_fixed<16,6>", "Resource", 1, 12),
    "t_conv1d_pool-catapult": ("t_conv1d_pool", "Catapult", "io_parallel", "ap_fixed<16,6>", "Latency", 1, 24),
}

#: The most informative probes: per-layer narrow AP modes (Quartus), narrow wrapping accumulators
#: (Catapult), the io_stream GRU (Quartus), pointwise_conv_2d_cl latency and resource (Catapult).
CI_CASES = ("k_mixed-quartus", "k_conv2d_narrow-catapult", "k_gru_stream-quartus", "k_conv2d_s2-catapult",
            "k_conv2d_s2-catapult-rf2")
CASES = ALL_CASES if os.environ.get("FXSIM_AC_PROBE") == "all" else {k: ALL_CASES[k] for k in CI_CASES}


@pytest.mark.parametrize("case", list(CASES))
def test_probe_identical(case):
    name, backend, io_type, precision, strategy, rf, n_in = CASES[case]
    x = np.round(np.random.default_rng(3).normal(size=(30, n_in)) * 2 * 256) / 256
    prj = build_probe(name, backend, io_type=io_type, precision=precision, strategy=strategy, reuse_factor=rf,
                      tb_inputs=x)
    theirs = np.load(prj / "hls4ml_predict.npy")
    if backend == "Quartus":
        from fxsim.backends.quartus import load_quartus, verify_log

        build_quartus_testbench(prj)
        rep = verify_log(prj)
        net = load_quartus(prj)
        ours = net.predict(x)
    else:
        from fxsim.backends.catapult import predict, verify_log
        from fxsim.project.catapult import load_catapult

        build_catapult_testbench(prj)
        rep = verify_log(prj)
        net = load_catapult(prj)
        ours = predict(net, x)
    assert rep.identical, rep.text
    if net.io_stream:
        ours = ours.astype(np.float32).astype(np.float64)
    np.testing.assert_array_equal(ours.reshape(theirs.shape), theirs)


def test_quartus_stream_lstm_is_refused():
    """hls4ml 1.3.0 writes a Quartus io_stream PyTorch LSTM as a call of the array ``nnet::lstm`` on
    streams (``nnet_recurrent_stream.h`` has only ``gru``): the firmware does not compile, and ``fxsim
    verify`` says so (exit 2, one line naming the call) instead of simulating it."""
    x = np.round(np.random.default_rng(3).normal(size=(5, 12)) * 256) / 256
    prj = build_probe("t_lstm", "Quartus", io_type="io_stream", strategy="Resource", tb_inputs=x, compile=False)
    (prj / "tb_data" / "results.log").write_text("0 0 0 \n" * 5)  # what a run could print, were there one
    out = subprocess.run([sys.executable, "-m", "fxsim.cli", "verify", str(prj)], capture_output=True, text=True)
    assert out.returncode == 2, out.stdout + out.stderr
    err = out.stderr.strip()
    assert "lstm in io_stream" in err and "does not compile" in err and "Traceback" not in err, err
    assert len(err.splitlines()) == 1 and err.count("myproject.cpp:") == 1, err


def test_quartus_stream_gru_overflow_is_named():
    """A PyTorch GRU on (4 steps, 3 features) in io_stream: hls4ml packs the input as 3 packs of 4,
    and the stream ``gru`` copies each pack into ``x[n_in = 3]`` as one time step (a stack-buffer
    overflow; AddressSanitizer stops the testbench). The firmware's log is whatever the overflow
    makes it; ``fxsim verify`` reports the difference and names the hazard."""
    x = np.round(np.random.default_rng(3).normal(size=(30, 12)) * 2 * 256) / 256
    prj = build_probe("t_gru", "Quartus", io_type="io_stream", strategy="Resource", tb_inputs=x)
    build_quartus_testbench(prj)
    out = subprocess.run([sys.executable, "-m", "fxsim.cli", "verify", str(prj)], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stdout + out.stderr
    assert "WARNING: template hazard: " in out.stdout and "stack-buffer overflow" in out.stdout, out.stdout
