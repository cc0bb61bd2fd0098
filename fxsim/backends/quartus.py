"""Run an hls4ml **Quartus** (or oneAPI) project bit-exactly: :class:`QuartusNetwork` binds each
``nnet::`` call the readers (:mod:`fxsim.project.quartus`, :mod:`fxsim.project.oneapi`) found to its
twin in ``fxsim/layers/quartus_*.py`` (``templates/quartus/firmware/nnet_utils``).

io_parallel: dense, batchnorm, conv1d/2d (im2col, Winograd, pointwise), pooling, merges, every
``nnet_activation.h`` activation, softmax (stable, latency, legacy, argmax), embedding,
transpose/zeropad/resize, SimpleRNN, LSTM, GRU. io_stream: the same calls on streams (flattened
per sample), with the overloads of ``nnet_*_stream.h`` that compute differently bound separately
(``_STREAM_HANDLERS``); ``clone_stream``/``repack_stream`` copy.

Inputs whose table index falls outside a table (the C++ reads past it) are refused with the layer
and the value. Any other layer call is refused with a one-line
:class:`~fxsim.project.errors.ProjectError` naming it.

>>> load_quartus("/nonexistent")
Traceback (most recent call last):
fxsim.project.errors.ProjectError: /nonexistent/firmware/defines.h: file does not exist (not a Quartus project?)
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.findings import hazard_lines
from fxsim.layers import (
    quartus_activation,
    quartus_batchnorm,
    quartus_conv,
    quartus_dense,
    quartus_merge,
    quartus_pooling,
    quartus_recurrent,
    quartus_reshape,
    quartus_softmax,
)
from fxsim.project import oneapi
from fxsim.project.errors import ProjectError
from fxsim.project.quartus import (
    MERGES,
    PARAM_ACTIVATIONS,
    Call,
    LogReport,
    QuartusProject,
    _size,
    read_inputs,
    read_quartus,
    written_array,
)

_Handler = Callable[["QuartusNetwork", Call, AcArray, AcType], AcArray]
_HANDLERS: dict[str, _Handler] = {}


class QuartusNetwork(QuartusProject):
    """A read Quartus project that runs: :meth:`predict`, :meth:`log_lines`."""

    def _run(self, c: Call, env: dict[str, AcArray]) -> AcArray:
        src = self.path / "firmware" / "myproject.cpp"
        ins = [c.args[0], c.args[1]] if c.func in MERGES else [c.args[0]]
        for a in ins:
            if a not in env:
                raise ProjectError(src, c.line, f"{c.func} reads {a!r}, which no earlier layer wrote")
        data = env[c.args[0]]
        if c.func == "=alias":  # auto& layerN_out = layerM_out; (Flatten/Reshape)
            return data
        res_t = self._out_type(written_array(c), c)
        try:
            if c.func in MERGES:
                return self._merge(c, data, env[c.args[1]], res_t)
            handler = (_STREAM_HANDLERS.get(c.func) if self.io_stream else None) or _HANDLERS.get(c.func)
            if handler is not None:
                return handler(self, c, data, res_t)
        except ProjectError:  # a ValueError too: already names file and line
            raise
        except (quartus_activation.TableIndexError, quartus_dense.UndefinedResultError, IndexError,
                ZeroDivisionError, ValueError) as e:
            raise ProjectError(src, c.line, f"{written_array(c)}: {e}") from None
        raise ProjectError(src, c.line, f"layer nnet::{c.func} is not simulated yet for Quartus projects "
                                        f"(supported: {', '.join(sorted([*_HANDLERS, *MERGES]))})")

    # ------------------------------------------------------------------ io_stream overloads that differ
    def _stream_copy(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        """``clone_stream`` / ``repack_stream``: element copies into ``res_T``."""
        return data.cast(res_t)

    def _stream_activation(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        a = quartus_activation
        if c.func == "ternary_tanh":
            return a.ternary_tanh_stream(data, res_t)
        cfg = self._cfg(c)
        size = int(cfg["table_size"])
        if c.func in ("sigmoid", "dense_tanh"):
            table = self._table("sigmoid_table" if c.func == "sigmoid" else "tanh_table", cfg, c)
            f = a.sigmoid_stream if c.func == "sigmoid" else a.dense_tanh_stream
            return f(data, table, size, res_t)
        if c.func == "selu":
            return a.selu(data, self._table("selu_table", cfg, c), size, res_t, scale_t=data.type, index_bits=32)
        if c.func == "softplus":
            return a.softplus(data, self._table("softplus_table", cfg, c), size, res_t, index_bits=32)
        alpha = AcArray.from_float(np.asarray(float(c.args[1])), self._type(c.targs[1], c))  # elu
        return a.elu(data, alpha, self._table("elu_table", cfg, c), size, res_t, index_bits=32)

    def _stream_softmax(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        """``nnet::softmax`` on streams: the io_parallel arithmetic on each ``data_T`` pack."""
        cfg = self._cfg(c)
        n_in, pack = int(cfg["n_in"]), self.packs.get(c.targs[0], int(cfg["n_in"]))
        impl = cfg.get("implementation", "stable").rsplit("::", 1)[-1]
        if pack != n_in and impl == "latency":  # hls4ml packs a softmax input whole
            raise ValueError(f"softmax_latency on packs of {pack} < n_in {n_in}: the template sums exp_res[{pack}] "
                             f"over {n_in} entries (reads past the array)")
        n = data.shape[0]
        flat = AcArray._trusted(np.asarray(data.raw).reshape(n * (n_in // pack), pack), data.type)
        out = self._softmax_on(c, flat, pack, res_t)
        return AcArray._trusted(np.asarray(out.raw).reshape(n, n_in), res_t)

    def _stream_pooling(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg, op, n_pix, pc = self._pool_config(c)
        if pc is None:
            return quartus_pooling.global_pooling_stream(data, n_pix, _n_filt(cfg), op, self._type(cfg["accum_t"], c),
                                                         res_t)
        return quartus_pooling.pooling_stream(data, pc, res_t)

    def _stream_transpose(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self._cfg(c)
        n = _field(cfg, "height") * _field(cfg, "width")
        return quartus_reshape.transpose_2d_stream(data, n, self.packs[c.targs[0]], self.packs[c.targs[1]], res_t)

    def _stream_conv(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        """``conv_{1,2}d_cl`` on streams: a line buffer feeding ``dense_resource`` with each kernel
        window in (row, column, channel) order: the im2col arithmetic, never Winograd."""
        if c.func == "conv_1d_cl":
            cc = dataclasses.replace(self._conv1d_config(c), implementation="im2col")
            return quartus_conv.conv_1d_im2col_cl(data, self.weights[c.args[2]], self.weights[c.args[3]], cc, res_t)
        cc2 = dataclasses.replace(self._conv2d_config(c), implementation="im2col")
        return quartus_conv.conv_2d_im2col_cl(data, self.weights[c.args[2]], self.weights[c.args[3]], cc2, res_t)

    # ------------------------------------------------------------------ layer handlers
    def _cfg(self, c: Call) -> dict[str, str]:
        if not c.targs or c.targs[-1] not in self.configs:
            raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line,
                               f"{c.func}: no config struct {c.targs[-1] if c.targs else ''!r} in parameters.h")
        return self.configs[c.targs[-1]]

    def _normalize(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        nf = self._cfg(c).get("n_filt", "-1")
        n_filt = None if nf.strip() in ("-1", str(2**32 - 1)) else _size(nf)
        return quartus_batchnorm.normalize(data, self.weights[c.args[2]], self.weights[c.args[3]], n_filt, res_t)

    def _conv1d(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        f = quartus_conv.conv_1d_cl if c.func == "conv_1d_cl" else quartus_conv.pointwise_conv_1d_cl
        return f(data, self.weights[c.args[2]], self.weights[c.args[3]], self._conv1d_config(c), res_t)

    def _conv2d(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        f = quartus_conv.conv_2d_cl if c.func == "conv_2d_cl" else quartus_conv.pointwise_conv_2d_cl
        return f(data, self.weights[c.args[2]], self.weights[c.args[3]], self._conv2d_config(c), res_t)

    def _conv2d_config(self, c: Call) -> quartus_conv.Conv2DConfig:
        cfg = self._cfg(c)
        g = functools.partial(_field, cfg)
        cc = quartus_conv.Conv2DConfig(
            g("in_height"), g("in_width"), g("n_chan"), g("filt_height"), g("filt_width"), g("n_filt"),
            g("out_height"), g("out_width"), g("pad_top"), g("pad_bottom"), g("pad_left"), g("pad_right"),
            g("stride_height", "1"), g("stride_width", "1"),
            cfg.get("implementation", "combination").rsplit("::", 1)[-1], self._dense_config(cfg["mult_config"], c),
            g("dilation_height", "1"), g("dilation_width", "1"))
        return cc

    def _dense(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        dc = self._dense_config(c.targs[2], c)
        return quartus_dense.dense_resource(data, self.weights[c.args[2]], self.weights[c.args[3]], dc, res_t)

    def _plain_activation(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        a = quartus_activation
        if c.func in ("relu6", "relu1"):
            return a.relu_max(data, 6 if c.func == "relu6" else 1, res_t)
        f = {"relu": a.relu, "linear": a.linear, "binary_tanh": a.binary_tanh, "ternary_tanh": a.ternary_tanh}
        return f[c.func](data, res_t)

    def _table_activation(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self._cfg(c)
        name = "tanh" if c.func == "dense_tanh" else c.func
        f = {"sigmoid": quartus_activation.sigmoid, "dense_tanh": quartus_activation.dense_tanh,
             "softplus": quartus_activation.softplus, "softsign": quartus_activation.softsign,
             "selu": quartus_activation.selu}[c.func]
        return f(data, self._table(f"{name}_table", cfg, c), int(cfg["table_size"]), res_t)

    def _hard_activation(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self._cfg(c)
        slope = AcArray.from_float(np.asarray(float(cfg["slope"])), self._type(cfg["slope:type"], c))
        shift = AcArray.from_float(np.asarray(float(cfg["shift"])), self._type(cfg["shift:type"], c))
        f = quartus_activation.hard_sigmoid if c.func == "hard_sigmoid" else quartus_activation.hard_tanh
        return f(data, slope, shift, res_t)

    def _param_activation(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        param_t = self._type(c.targs[1], c)
        if c.func == "prelu":
            return quartus_activation.prelu(data, self.weights[c.args[1]].cast(param_t), res_t)
        try:
            p = AcArray.from_float(np.asarray(float(c.args[1])), param_t)
        except ValueError:
            raise ValueError(f"{c.func}: parameter {c.args[1]!r} is not a number") from None
        if c.func == "elu":
            cfg = self._cfg(c)
            return quartus_activation.elu(data, p, self._table("elu_table", cfg, c), int(cfg["table_size"]), res_t)
        f = quartus_activation.leaky_relu if c.func == "leaky_relu" else quartus_activation.thresholded_relu
        return f(data, p, res_t)

    def _softmax(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        return self._softmax_on(c, data, int(self._cfg(c)["n_in"]), res_t)

    def _softmax_on(self, c: Call, data: AcArray, n_in: int, res_t: AcType) -> AcArray:
        """``nnet::softmax`` with the call's config on rows of ``n_in`` values."""
        cfg = self._cfg(c)
        impl = cfg.get("implementation", "stable").rsplit("::", 1)[-1]
        if impl not in ("stable", "latency", "legacy", "argmax"):
            raise ValueError(f"softmax implementation {impl!r} is not simulated (stable, latency, legacy, argmax)")
        if impl == "argmax":
            return quartus_softmax.softmax_argmax(data, res_t)
        if impl == "legacy" and self.io_stream:  # sums in table_t, rounds the differences
            table_t = self._type(cfg["table_t"], c) if "table_t" in cfg else AcType(16, 8)
            return quartus_softmax.softmax_legacy(data, self._table("exp_table_legacy", cfg, c),
                                                  self._table("invert_table_legacy", cfg, c), int(cfg["table_size"]),
                                                  table_t, res_t, stream=True)
        sc = quartus_softmax.SoftmaxConfig(n_in, int(cfg["table_size"]), self._type(cfg["exp_table_t"], c),
                                           self._type(cfg["inv_table_t"], c), impl)
        suffix = "" if impl == "stable" else f"_{impl}"
        return quartus_softmax.softmax(data, self._table(f"exp_table{suffix}", cfg, c),
                                       self._table(f"invert_table{suffix}", cfg, c), sc, res_t)

    def _pool_config(self, c: Call) -> tuple[dict[str, str], str, int, quartus_pooling.PoolConfig | None]:
        """``(config, "Max"|"Average", pixels, PoolConfig)``; the PoolConfig is None for global pooling."""
        cfg = self._cfg(c)
        g = functools.partial(_field, cfg)
        op = cfg.get("pool_op", "nnet::Max").rsplit("::", 1)[-1]
        n_pix = g("n_in") if c.func.endswith("1d_cl") else g("in_height") * g("in_width")
        count_pad = cfg.get("count_pad") == "true"
        if c.func.startswith("global_pooling"):
            return cfg, op, n_pix, None
        if c.func == "pooling1d_cl":
            return cfg, op, n_pix, quartus_pooling.PoolConfig(
                1, g("n_in"), g("n_filt"), 1, g("pool_width"), 1, g("stride_width"), 0, 0, g("pad_left"),
                g("pad_right"), op, count_pad)
        return cfg, op, n_pix, quartus_pooling.PoolConfig(
            g("in_height"), g("in_width"), g("n_filt"), g("pool_height"), g("pool_width"), g("stride_height"),
            g("stride_width"), g("pad_top"), g("pad_bottom"), g("pad_left"), g("pad_right"), op, count_pad)

    def _pooling(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg, op, n_pix, pc = self._pool_config(c)
        if pc is None:
            return quartus_pooling.global_pooling_cl(data, n_pix, _n_filt(cfg), op, res_t)
        f = quartus_pooling.pooling1d_cl if c.func == "pooling1d_cl" else quartus_pooling.pooling2d_cl
        return f(data, pc, res_t)

    def _reshape(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        cfg = self._cfg(c)
        g = functools.partial(_field, cfg)
        r = quartus_reshape
        if c.func == "transpose_2d":
            return r.transpose_2d(data, g("height"), g("width"), res_t)
        if c.func == "transpose_3d":
            perm = tuple(int(v) for v in re.findall(r"-?\d+", cfg.get("perm", "")))
            if len(perm) != 3:
                raise ValueError(f"transpose_3d: cannot read the permutation {cfg.get('perm')!r}")
            return r.transpose_3d(data, (g("depth"), g("height"), g("width")), perm, res_t)  # type: ignore[arg-type]
        if c.func == "zeropad1d_cl":
            return r.zeropad_cl(data, (g("in_width"), g("n_chan")), ((g("pad_left"), g("pad_right")),), res_t)
        if c.func == "zeropad2d_cl":
            return r.zeropad_cl(data, (g("in_height"), g("in_width"), g("n_chan")),
                                ((g("pad_top"), g("pad_bottom")), (g("pad_left"), g("pad_right"))), res_t)
        if c.func == "resize_nearest":
            return r.resize_nearest(data, g("height"), g("width"), g("n_chan"), g("new_height"),
                                    g("new_width")).cast(res_t)
        return r.embedding(data, self.weights[c.args[2]], g("n_out"), g("vocab_size"), res_t)

    def _merge(self, c: Call, a: AcArray, b: AcArray, res_t: AcType) -> AcArray:
        m = quartus_merge
        if c.func == "dot1d":
            return m.dot1d(a, b, self._type(self._cfg(c)["accum_t"], c), res_t)
        if c.func.startswith("concatenate"):
            cfg = self._cfg(c)
            nd = int(c.func[len("concatenate")])
            s1 = tuple(_size(cfg[f"n_elem1_{k}"]) for k in range(nd))
            s2 = tuple(_size(cfg[f"n_elem2_{k}"]) for k in range(nd))
            return m.concatenate(a, b, s1, s2, int(cfg.get("axis", "-1")), res_t)
        f = {"add": m.add, "subtract": m.subtract, "multiply": m.multiply, "average": m.average,
             "maximum": m.maximum, "minimum": m.minimum}[c.func]
        return f(a, b, res_t)

    def _recurrent(self, c: Call, data: AcArray, res_t: AcType) -> AcArray:
        if self.io_stream and c.func != "gru":  # nnet_recurrent_stream.h has gru only
            raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line,
                               f"{c.func} in io_stream: Quartus's nnet_recurrent_stream.h has only gru, so the "
                               f"firmware passes streams to the array {c.func} and does not compile")
        if c.func == "lstm":
            return self._lstm(c, data, res_t)
        if c.func == "gru":
            return self._gru(c, data, res_t)
        return self._simple_rnn(c, data, res_t)

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


_HANDLERS.update(
    {"normalize": QuartusNetwork._normalize, "dense_resource": QuartusNetwork._dense,
     **dict.fromkeys(("conv_1d_cl", "pointwise_conv_1d_cl"), QuartusNetwork._conv1d),
     **dict.fromkeys(("conv_2d_cl", "pointwise_conv_2d_cl"), QuartusNetwork._conv2d),
     **dict.fromkeys(("relu", "linear", "relu6", "relu1", "binary_tanh", "ternary_tanh"),
                     QuartusNetwork._plain_activation),
     **dict.fromkeys(("sigmoid", "dense_tanh", "softplus", "softsign", "selu"), QuartusNetwork._table_activation),
     **dict.fromkeys(("hard_sigmoid", "hard_tanh"), QuartusNetwork._hard_activation),
     **dict.fromkeys(PARAM_ACTIVATIONS, QuartusNetwork._param_activation),
     "softmax": QuartusNetwork._softmax,
     **dict.fromkeys(("pooling1d_cl", "pooling2d_cl", "global_pooling1d_cl", "global_pooling2d_cl"),
                     QuartusNetwork._pooling),
     **dict.fromkeys(("transpose_2d", "transpose_3d", "zeropad1d_cl", "zeropad2d_cl", "resize_nearest", "embedding"),
                     QuartusNetwork._reshape),
     **dict.fromkeys(("simple_rnn", "simple_rnn_pytorch", "lstm", "gru"), QuartusNetwork._recurrent)})


def _field(cfg: dict[str, str], key: str, default: str = "0") -> int:
    """An integer config member as written (``5*4``), ``default`` when absent."""
    return _size(cfg.get(key, default))


def _n_filt(cfg: dict[str, str]) -> int:
    """A pooling config's ``n_filt``."""
    return _size(cfg["n_filt"])


_STREAM_HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(("clone_stream", "repack_stream"), QuartusNetwork._stream_copy),
    **dict.fromkeys(("sigmoid", "dense_tanh", "ternary_tanh", "selu", "softplus", "elu"),
                    QuartusNetwork._stream_activation),
    "softmax": QuartusNetwork._stream_softmax,
    **dict.fromkeys(("pooling1d_cl", "pooling2d_cl", "global_pooling1d_cl", "global_pooling2d_cl"),
                    QuartusNetwork._stream_pooling),
    **dict.fromkeys(("conv_1d_cl", "conv_2d_cl"), QuartusNetwork._stream_conv),
    "transpose_2d": QuartusNetwork._stream_transpose}


def load_quartus(path: str | Path, name: str = "myproject") -> QuartusNetwork:
    """Read the Quartus project at ``path``, ready to run."""
    net = read_quartus(path, name, QuartusNetwork)
    assert isinstance(net, QuartusNetwork)
    return net


def load_oneapi(path: str | Path, name: str = "myproject") -> QuartusNetwork:
    """Read the oneAPI project at ``path``, ready to run with the Quartus (AC 4.0) semantics."""
    net = oneapi.read_oneapi(path, name, QuartusNetwork)
    assert isinstance(net, QuartusNetwork)
    return net


def verify_log(path: str | Path, max_report: int = 10) -> LogReport:
    """Run the project on its ``tb_data/tb_input_features.dat`` and compare, line by line and
    byte for byte, with the testbench's ``tb_data/results.log`` (a Quartus or oneAPI project).

    The simulated semantics are those of the ``ac_types`` hls4ml ships (AC 4.0 under g++), which is
    what ``hls_model.predict`` and the g++ testbench use; i++ builds use Intel's own header, and
    oneAPI builds Intel's SYCL ac types (checked against the Quartus semantics only).
    """
    p = Path(path)
    is_oneapi = oneapi.is_oneapi_project(p)
    net = load_oneapi(p) if is_oneapi else load_quartus(p)
    log = p / "tb_data" / "results.log"
    if not log.is_file():
        raise ProjectError(log, None, "file does not exist (run the testbench first)"
                           + (f"; {oneapi.ONEAPI_NOTE}" if is_oneapi else ""))
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
    kind = "oneAPI" if is_oneapi else "Quartus"
    io = "io_stream" if net.io_stream else "io_parallel"
    head = (f"{kind} project {p} (ac_fixed, AC 4.0 semantics, {io}): {len(want)} events, "
            f"{sum(len(w.split()) for w in want)} values")
    notes = [f"NOTE: {oneapi.ONEAPI_NOTE}"] if is_oneapi else []
    notes += hazard_lines(hazards(net))
    if not bad:
        return LogReport(True, "\n".join([f"IDENTICAL: {head}", *notes]))
    lines = [f"MISMATCH: {head}; {len(bad)} events differ", *notes]
    for i in bad[:max_report]:
        lines += [f"  event {i}: expected {want[i]!r}", f"  event {i}: simulated {got[i]!r}"]
    return LogReport(False, "\n".join(lines))


def hazards(net: QuartusProject) -> list[str]:
    """Template hazards of this project, one line each (the firmware cannot be right or built)."""
    out = []
    for c in net.calls:
        cfg = net.configs.get(c.targs[-1], {}) if c.targs else {}
        if c.func in ("hard_sigmoid", "hard_tanh") and "slope:type" in cfg:
            out.append(f"{c.args[-1]} (myproject.cpp:{c.line}): hls4ml defines {c.targs[-1]}::slope/shift in "
                       "parameters.h, which both the firmware and the testbench include: g++ (the testbench, "
                       "hls_model.compile) fails to link ('multiple definition'); fxsim simulates the template")
        if net.io_stream and c.func == "gru" and net.packs.get(c.targs[0], 0) != int(cfg.get("n_in", 0)):
            pack, n_in = net.packs.get(c.targs[0]), int(cfg.get("n_in", 0))
            out.append(f"{c.args[1]} (myproject.cpp:{c.line}): the io_stream gru copies each {pack}-value pack of "
                       f"{c.targs[0]} into x[n_in = {n_in}] as one time step ("
                       + ("a stack-buffer overflow: AddressSanitizer stops the testbench" if (pack or 0) > n_in
                          else "stale x values stay") + "): the firmware cannot be right; fxsim simulates "
                       f"the {cfg.get('n_timesteps')} time steps of the io_parallel gru")
    return out
