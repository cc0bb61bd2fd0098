"""Run an hls4ml **Quartus** project bit-exactly: :class:`QuartusNetwork` binds each ``nnet::`` call
the reader (:mod:`fxsim.project.quartus`) found to its twin in ``fxsim/layers/quartus_*.py``
(``templates/quartus/firmware/nnet_utils``).

Inputs whose table index falls outside a table (the C++ reads past it) are refused with the layer
and the value. Any other layer call is refused with a one-line
:class:`~fxsim.project.errors.ProjectError` naming it.

>>> load_quartus("/nonexistent")
Traceback (most recent call last):
fxsim.project.errors.ProjectError: /nonexistent/firmware/defines.h: file does not exist (not a Quartus project?)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers import (
    quartus_activation,
    quartus_batchnorm,
    quartus_conv,
    quartus_dense,
    quartus_recurrent,
    quartus_softmax,
)
from fxsim.project.errors import ProjectError
from fxsim.project.quartus import Call, LogReport, QuartusProject, _size, read_inputs, read_quartus


class QuartusNetwork(QuartusProject):
    """A read Quartus project that runs: :meth:`predict`, :meth:`log_lines`."""

    def _run(self, c: Call, env: dict[str, AcArray]) -> AcArray:
        src = self.path / "firmware" / "myproject.cpp"
        if c.args[0] not in env:
            raise ProjectError(src, c.line, f"{c.func} reads {c.args[0]!r}, which no earlier layer wrote")
        data = env[c.args[0]]
        if c.func == "=alias":  # auto& layerN_out = layerM_out; (Flatten/Reshape)
            return data
        res_t = self._out_type(c.args[1], c)
        if c.func == "normalize":
            nf = self.configs[c.targs[2]].get("n_filt", "-1")
            n_filt = None if nf.strip() in ("-1", str(2**32 - 1)) else _size(nf)
            return quartus_batchnorm.normalize(data, self.weights[c.args[2]], self.weights[c.args[3]], n_filt, res_t)
        if c.func in ("conv_1d_cl", "pointwise_conv_1d_cl"):
            f = quartus_conv.conv_1d_cl if c.func == "conv_1d_cl" else quartus_conv.pointwise_conv_1d_cl
            return f(data, self.weights[c.args[2]], self.weights[c.args[3]], self._conv1d_config(c), res_t)
        if c.func == "dense_resource":
            dc = self._dense_config(c.targs[2], c)
            try:
                return quartus_dense.dense_resource(data, self.weights[c.args[2]], self.weights[c.args[3]], dc, res_t)
            except quartus_dense.UndefinedResultError as e:
                raise ProjectError(src, c.line, str(e)) from None
        if c.func == "relu":
            return quartus_activation.relu(data, res_t)
        if c.func == "linear":
            return quartus_activation.linear(data, res_t)
        if c.func == "transpose_2d":
            cfg = self.configs[c.targs[2]]
            return quartus_recurrent.transpose_2d(data, int(cfg["height"]), int(cfg["width"]), res_t)
        try:
            if c.func in ("simple_rnn", "simple_rnn_pytorch"):
                return self._simple_rnn(c, data, res_t)
            if c.func == "lstm":
                return self._lstm(c, data, res_t)
            if c.func == "gru":
                return self._gru(c, data, res_t)
            if c.func in ("sigmoid", "dense_tanh"):
                cfg = self.configs[c.targs[2]]
                table = self._table(f"{'sigmoid' if c.func == 'sigmoid' else 'tanh'}_table", cfg, c)
                f = quartus_activation.sigmoid if c.func == "sigmoid" else quartus_activation.dense_tanh
                return f(data, table, int(cfg["table_size"]), res_t)
            if c.func == "softmax":
                cfg = self.configs[c.targs[2]]
                impl = cfg.get("implementation", "stable").rsplit("::", 1)[-1]
                sc = quartus_softmax.SoftmaxConfig(int(cfg["n_in"]), int(cfg["table_size"]),
                                                   self._type(cfg["exp_table_t"], c), self._type(cfg["inv_table_t"], c),
                                                   impl)
                suffix = "" if impl == "stable" else f"_{impl}"
                return quartus_softmax.softmax(data, self._table(f"exp_table{suffix}", cfg, c),
                                               self._table(f"invert_table{suffix}", cfg, c), sc, res_t)
        except (quartus_activation.TableIndexError, ValueError) as e:
            raise ProjectError(src, c.line, f"{c.args[1]}: {e}") from None
        raise ProjectError(src, c.line, f"layer nnet::{c.func} is not simulated yet for Quartus projects "
                                        "(supported: dense_resource, relu, linear, sigmoid, dense_tanh, softmax "
                                        "stable/latency)")

    def _simple_rnn(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self.configs[c.targs[2]]
        src = self.path / "firmware" / "myproject.cpp"
        if len(c.args) != (6 if c.func == "simple_rnn_pytorch" else 5):
            raise ProjectError(src, c.line, f"{c.func} with an initial state input is not simulated yet")
        rc = quartus_recurrent.RnnConfig(int(cfg["n_in"]), int(cfg["n_out"]), int(cfg["n_timesteps"]),
                                         cfg["return_sequences"] in ("true", "1"), self._type(cfg["accum_t"], c))
        if data.type != res_t:
            raise ProjectError(src, c.line, f"{c.func}: data_T {data.type} differs from res_T {res_t}: the C++ "
                                            "passes the res_T state to multiply_U<data_T> and does not compile")
        act = self._activation(cfg.get("activation"), self.configs[cfg["ACT_CONFIG_T"]], data.type, c)
        w = self.weights
        rec_bias = w[c.args[5]] if c.func == "simple_rnn_pytorch" else None
        return quartus_recurrent.simple_rnn(data, w[c.args[2]], w[c.args[3]], w[c.args[4]], rec_bias, rc, act, res_t)

    def _activation(self, name: str | None, act_cfg: dict[str, str], out_t: AcType, c: Call):
        """``nnet::activation::<name><x_T, out_t, act_cfg>::activation`` as a callable."""
        if name in ("tanh", "sigmoid"):
            table = self._table(f"{name}_table", act_cfg, c)
            size = int(act_cfg["table_size"])
            f = quartus_activation.dense_tanh if name == "tanh" else quartus_activation.sigmoid
            return lambda a: f(a, table, size, out_t)
        if name == "relu":
            return lambda a: quartus_activation.relu(a, out_t)
        raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line,
                           f"{c.func}: activation {name!r} is not simulated yet")

    def _lstm(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self.configs[c.targs[2]]
        src = self.path / "firmware" / "myproject.cpp"
        if len(c.args) != 14:
            raise ProjectError(src, c.line, "lstm with initial states is not simulated yet")
        acc = self._type(cfg["accum_t"], c)
        if data.type != res_t or acc != res_t:
            raise ProjectError(src, c.line, f"lstm: data_T {data.type}, res_T {res_t} and accum_t {acc} differ: the "
                                            "C++ passes res_T states as accum_t/data_T arrays and does not compile")
        rc = quartus_recurrent.RnnConfig(int(cfg["n_in"]), int(cfg["n_out"]), int(cfg["n_timesteps"]),
                                         cfg["return_sequences"] in ("true", "1"), acc)
        rec_cfg = self.configs[cfg["ACT_CONFIG_RECURRENT_T"]]  # both activations use it in lstm_cell
        act = self._activation(cfg.get("activation"), rec_cfg, acc, c)
        act_r = self._activation(cfg.get("activation_recr"), rec_cfg, acc, c)
        w = [self.weights[a] for a in c.args[2:14]]
        return quartus_recurrent.lstm(data, w[0:4], w[4:8], w[8:12], rc, act, act_r, res_t)

    def _conv1d_config(self, c: Call) -> quartus_conv.Conv1DConfig:
        cfg = self.configs[c.targs[2]]
        return quartus_conv.Conv1DConfig(
            _size(cfg["in_width"]), _size(cfg["n_chan"]), _size(cfg["filt_width"]), _size(cfg["n_filt"]),
            _size(cfg["out_width"]), _size(cfg["pad_left"]), _size(cfg["pad_right"]), _size(cfg["stride_width"]),
            cfg.get("implementation", "combination").rsplit("::", 1)[-1], self._dense_config(cfg["mult_config"], c))

    def _dense_config(self, name: str, c: Call) -> quartus_dense.DenseConfig:
        cfg = self.configs[name]
        return quartus_dense.DenseConfig(
            n_in=_size(cfg["n_in"]), n_out=_size(cfg["n_out"]), reuse_factor=_size(cfg["reuse_factor"]),
            accum_t=self._type(cfg["accum_t"], c), rf_pad=_size(cfg.get("rf_pad", "0")),
            bf_pad=_size(cfg.get("bf_pad", "0")))

    def _gru(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self.configs[c.targs[2]]
        src = self.path / "firmware" / "myproject.cpp"
        if len(c.args) != 6:
            raise ProjectError(src, c.line, "gru with an initial state is not simulated yet")
        acc = self._type(cfg["accum_t"], c)
        w, wr, b, br = (self.weights[a] for a in c.args[2:6])
        cx, ch = self._dense_config(cfg["mult_config_x"], c), self._dense_config(cfg["mult_config_h"], c)
        act = self._activation(cfg.get("activation"), self.configs[cfg["ACT_CONFIG_T"]], acc, c)
        act_r = self._activation(cfg.get("activation_recr"), self.configs[cfg["ACT_CONFIG_RECURRENT_T"]], acc, c)
        return quartus_recurrent.gru(
            data, lambda x: quartus_dense.dense_resource(x, w, b, cx, acc),
            lambda h: quartus_dense.dense_resource(h, wr, br, ch, acc), _size(cfg["n_in"]), _size(cfg["n_units"]),
            _size(cfg["n_timesteps"]), cfg["return_sequences"] in ("true", "1"),
            cfg.get("pytorch_order", "false") in ("true", "1"), acc, act, act_r, res_t)


def load_quartus(path: str | Path, name: str = "myproject") -> QuartusNetwork:
    """Read the Quartus project at ``path``, ready to run."""
    net = read_quartus(path, name, QuartusNetwork)
    assert isinstance(net, QuartusNetwork)
    return net


def verify_log(path: str | Path, max_report: int = 10) -> LogReport:
    """Run the project on its ``tb_data/tb_input_features.dat`` and compare, line by line and
    byte for byte, with the testbench's ``tb_data/results.log``.

    The simulated semantics are those of the ``ac_types`` hls4ml ships (AC 4.0 under g++), which is
    what ``hls_model.predict`` and the g++ testbench use; i++ builds use Intel's own header.
    """
    p = Path(path)
    log = p / "tb_data" / "results.log"
    if not log.is_file():
        raise ProjectError(log, None, "file does not exist (run the testbench first)")
    net = load_quartus(p)
    feat, pred = p / "tb_data" / "tb_input_features.dat", p / "tb_data" / "tb_output_predictions.dat"
    if feat.is_file() and pred.is_file():
        x = read_inputs(feat)
        x = x[:len(pred.read_text().splitlines())]  # the testbench stops at the shorter file
    else:  # "Unable to open input/predictions file, using default input with 10 invocations"
        x = np.zeros((10, sum(n for _, _, n in net.inputs)))
    want = log.read_text().split("\n")
    if want and want[-1] == "":
        want.pop()
    if len(want) > len(x):
        raise ProjectError(log, len(x) + 1, f"{len(want)} result lines for {len(x)} input lines")
    got = net.log_lines(x[:len(want)])
    bad = [i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    head = (f"Quartus project {p} (ac_fixed, AC 4.0 semantics): {len(want)} events, "
            f"{sum(len(w.split()) for w in want)} values")
    if not bad:
        return LogReport(True, f"IDENTICAL: {head}")
    lines = [f"MISMATCH: {head}; {len(bad)} events differ"]
    for i in bad[:max_report]:
        lines += [f"  event {i}: expected {want[i]!r}", f"  event {i}: simulated {got[i]!r}"]
    return LogReport(False, "\n".join(lines))
