"""Read an hls4ml **Quartus** project (``ac_fixed`` types) as written, and run it bit-exactly.

Layout (``writer/quartus_writer.py``): ``firmware/defines.h`` (``typedef ac_fixed<…> name;``),
``firmware/parameters.h`` (one config struct per layer), ``firmware/weights/*.h`` (``static const``
arrays, dense weights transposed), ``firmware/myproject.h`` (``input_data``/``output_data``
structs), ``firmware/myproject.cpp`` (``output_data myproject(input_data inputs)``, one
``nnet::`` call per layer), ``firmware/ac_types`` (AC 4.0) and ``tb_data/results.log``, which the
testbench writes with ``fout << outputs[j].layerN_out[i] << " "`` (exact AC decimals).

Supported so far: io_parallel networks of ``dense_resource``, ``normalize`` (batchnorm), ``relu``,
``linear``, ``sigmoid``,
``dense_tanh``, ``softmax`` (stable, latency), ``simple_rnn``/``simple_rnn_pytorch``, ``lstm``,
``gru``, ``conv_1d_cl``/``pointwise_conv_1d_cl`` (im2col and Winograd) and
``transpose_2d``. Inputs whose table index falls outside a table
(the C++ reads past it) are refused with the layer and the value. Any other
layer call is refused with a one-line :class:`~fxsim.project.errors.ProjectError` naming it.
oneAPI projects use Intel's SYCL ``ac_fixed`` (not shipped with hls4ml): their exactness can only
be checked against these (Quartus) semantics.

>>> is_quartus_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
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
from fxsim.types import FixedTypeError

_TYPEDEF = re.compile(r"^\s*typedef\s+(ac_(?:fixed|int)\s*<[^;]*>)\s+(\w+)\s*;", re.M)
_STRUCT = re.compile(r"struct\s+(\w+)\s*:\s*nnet::(\w+)\s*\{(.*?)\n\};", re.S)
_CONST = re.compile(r"static\s+const\s+[\w:]+\s+(\w+)\s*=\s*([^;]+);")
_MEMBER_TYPEDEF = re.compile(r"typedef\s+(\w+(?:\s*<[^;]*>)?)\s+(\w+)\s*;")
_WEIGHT = re.compile(r"static\s+const\s+(\w+)\s+(\w+)\s*\[\s*(\d+)\s*\]\s*=\s*\{([^}]*)\}\s*;", re.S)
_DECL = re.compile(r"^\s*(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]\s*(?:hls_register)?\s*;", re.M)
_MERGES = ("add", "subtract", "multiply", "average")
_ALIAS = re.compile(r"auto\s*&\s*(\w+)\s*=\s*(\w+)\s*;")
_CALL = re.compile(r"nnet::(\w+)\s*<([^;]*?)>\s*\(([^;]*)\)\s*;")
_FIELD = re.compile(r"^\s*(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]\s*;", re.M)
_USING_ACT = re.compile(r"using\s+(activation\w*)\s*=\s*nnet::activation::(\w+)\s*<")
_WEIGHT_TB = re.compile(r"static\s+const\s+typename\s+CONFIG_T::table_t\s+\w+\s*\[\s*(\d+)\s*\]\s*=\s*"
                        r"\{([^}]*)\}", re.S)
_IO_STRUCT = re.compile(r"struct\s+(input_data|output_data)\s*\{(.*?)\};", re.S)


def is_quartus_project(path: str | Path) -> bool:
    """A Quartus project: ``firmware/ac_types`` without ``include/`` (Catapult nests it) and a
    ``Makefile`` (i++) or ``tb_data/results.log``."""
    p = Path(path)
    ac = p / "firmware" / "ac_types"
    return ac.is_dir() and not (ac / "include").is_dir() and (
        (p / "Makefile").is_file() or (p / "tb_data" / "results.log").is_file())


def is_oneapi_project(path: str | Path) -> bool:
    """An hls4ml oneAPI project: ``CMakeLists.txt`` and ``src/firmware/defines.h``."""
    p = Path(path)
    return (p / "CMakeLists.txt").is_file() and (p / "src" / "firmware" / "defines.h").is_file()


ONEAPI_MESSAGE = ("oneAPI projects are not simulated yet: they use Intel's SYCL ac_fixed (shipped with neither "
                  "hls4ml nor PyPI), so fxsim could check them only against the Quartus (AC 4.0) semantics")


@dataclass(frozen=True)
class Call:
    """One ``nnet::func<T…>(args);`` of the top function."""

    func: str
    targs: tuple[str, ...]
    args: tuple[str, ...]
    line: int


@dataclass
class QuartusProject:
    """A parsed Quartus project; :meth:`predict` runs it."""

    path: Path
    types: dict[str, AcType]
    configs: dict[str, dict[str, str]]
    weights: dict[str, AcArray]
    arrays: dict[str, tuple[AcType, int]]
    calls: list[Call]
    inputs: list[tuple[str, AcType, int]]
    outputs: list[tuple[str, AcType, int]]

    in_prefix = "inputs."
    out_prefix = "outputs."

    def predict_raw(self, x: np.ndarray) -> list[AcArray]:
        """Float inputs (batch, n_in) -> the output arrays, as the firmware computes them."""
        x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        env: dict[str, AcArray] = {}
        pos = 0
        for name, t, n in self.inputs:
            env[self.in_prefix + name] = AcArray.from_float(x[:, pos:pos + n], t)
            pos += n
        if pos != x.shape[1]:
            raise ValueError(f"{self.path}: the network takes {pos} inputs per sample, got {x.shape[1]}")
        for c in self.calls:
            env[c.args[2] if c.func in _MERGES else c.args[1]] = self._run(c, env)
        return [env[self.out_prefix + name] for name, _, _ in self.outputs]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Float inputs -> float64 outputs (exact values), concatenated over the outputs."""
        return np.concatenate([o.to_float() for o in self.predict_raw(x)], axis=1)

    def log_lines(self, x: np.ndarray) -> list[str]:
        """``tb_data/results.log`` as the testbench writes it for inputs ``x``."""
        outs = self.predict_raw(x)
        lines = []
        for j in range(len(x)):
            lines.append("".join(v + " " for o in outs for v in o[j].format()))
        return lines

    def _type(self, name: str, c: Call) -> AcType:
        if name not in self.types:
            raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line, f"unknown type {name!r}")
        return self.types[name]

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

    def _table(self, name: str, cfg: dict[str, str], c: Call) -> AcArray:
        """``activation_tables/<name>.tb`` read as ``CONFIG_T::table_t`` (default ``ac_fixed<16,8>``)."""
        t = self._type(cfg["table_t"], c) if "table_t" in cfg else AcType(16, 8)
        f = self.path / "firmware" / "nnet_utils" / "activation_tables" / f"{name}.tb"
        if not f.is_file():
            raise ProjectError(f, None, "activation table does not exist")
        m = _WEIGHT_TB.search(f.read_text())
        if m is None:
            raise ProjectError(f, None, f"no 'static const typename CONFIG_T::table_t {name}[N] = {{...}};'")
        try:
            vals = [float(v) for v in m.group(2).split(",") if v.strip()]
        except ValueError:
            raise ProjectError(f, None, "table values are not decimal numbers") from None
        if len(vals) != int(m.group(1)):
            raise ProjectError(f, None, f"{len(vals)} values for a table of {m.group(1)}")
        return quartus_activation.table_values(vals, t)

    def _out_type(self, name: str, c: Call) -> AcType:
        for n, t, _ in self.outputs:
            if name == self.out_prefix + n:
                return t
        if name in self.arrays:
            return self.arrays[name][0]
        raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line, f"unknown output array {name!r}")


def _parse_type(text: str, path: Path, line: int) -> AcType:
    try:
        return AcType.parse(text)
    except FixedTypeError as e:
        raise ProjectError(path, line, str(e)) from None


def _size(expr: str) -> int:
    """An array size as written (``16``, ``5*4``)."""
    n = 1
    for f in expr.split("*"):
        n *= int(f)
    return n


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def strtof(token: str) -> float:
    """``std::stof``: the decimal correctly rounded to float32 (not through double: a decimal can
    round to a double that lies exactly between two floats)."""
    d = float(token)
    f = np.float32(d)
    if not np.isfinite(f) or float(f) == d:
        return float(f)
    with np.errstate(over="ignore"):
        other = np.nextafter(f, np.float32(np.inf) if d > float(f) else np.float32(-np.inf))
    if not np.isfinite(other):
        return float(f)
    mid = (Fraction(float(f)) + Fraction(float(other))) / 2
    if Fraction(d) != mid:
        return float(f)
    exact = Fraction(token)
    if exact == mid:  # a true tie: to even
        return float(f) if int(f.view(np.uint32)) % 2 == 0 else float(other)
    nearer_f = abs(exact - Fraction(float(f))) < abs(exact - Fraction(float(other)))
    return float(f) if nearer_f else float(other)


def read_inputs(path: str | Path) -> np.ndarray:
    """``tb_data/tb_input_features.dat`` as the Quartus testbench reads it (``std::stof``)."""
    p = Path(path)
    rows = []
    for i, line in enumerate(p.read_text().splitlines(), 1):
        try:
            rows.append([strtof(t) for t in line.split()])
        except ValueError:
            raise ProjectError(p, i, "not a line of decimal numbers") from None
    if not rows or len({len(r) for r in rows}) != 1:
        raise ProjectError(p, None, "expected equally long lines of numbers")
    return np.array(rows, dtype=np.float64)


def load_quartus(path: str | Path, name: str = "myproject") -> QuartusProject:
    """Parse the Quartus project at ``path``."""
    p = Path(path)
    fw = p / "firmware"
    files = {k: fw / f for k, f in (("defines", "defines.h"), ("parameters", "parameters.h"),
                                   ("top", f"{name}.cpp"), ("header", f"{name}.h"))}
    for f in files.values():
        if not f.is_file():
            raise ProjectError(f, None, "file does not exist (not a Quartus project?)")
    text = {k: f.read_text() for k, f in files.items()}
    types: dict[str, AcType] = {}
    for m in _TYPEDEF.finditer(text["defines"]):
        types[m.group(2)] = _parse_type(m.group(1), files["defines"], _line(text["defines"], m.start()))
    configs: dict[str, dict[str, str]] = {}
    for m in _STRUCT.finditer(text["parameters"]):
        body = m.group(3)
        fields = {k: v.strip() for k, v in _CONST.findall(body)}
        fields.update({k: v.strip() for v, k in _MEMBER_TYPEDEF.findall(body)})
        fields.update({k: v for k, v in _USING_ACT.findall(body)})
        configs[m.group(1)] = fields
    weights: dict[str, AcArray] = {}
    for wf in sorted((fw / "weights").glob("*.h")):
        wt = wf.read_text()
        for m in _WEIGHT.finditer(wt):
            t = types.get(m.group(1))
            if t is None:
                raise ProjectError(wf, _line(wt, m.start()), f"unknown weight type {m.group(1)!r}")
            try:
                vals = np.array([float(v) for v in m.group(4).split(",") if v.strip()], dtype=np.float64)
            except ValueError:
                raise ProjectError(wf, _line(wt, m.start()), "weights are not decimal numbers") from None
            if vals.size != int(m.group(3)):
                raise ProjectError(wf, _line(wt, m.start()), f"{vals.size} values for {m.group(2)}[{m.group(3)}]")
            weights[m.group(2)] = AcArray.from_float(vals, t)
    io: dict[str, list[tuple[str, AcType, int]]] = {}
    for m in _IO_STRUCT.finditer(text["header"]):
        io[m.group(1)] = [(f, types[t], _size(n)) for t, f, n in _FIELD.findall(m.group(2)) if t in types]
    if "input_data" not in io or "output_data" not in io:
        raise ProjectError(files["header"], None, "no input_data/output_data structs (io_stream is not supported yet)")
    top = text["top"]
    start = top.find("insert layers")
    arrays = {m.group(2): (types[m.group(1)], _size(m.group(3))) for m in _DECL.finditer(top, start)
              if m.group(1) in types}
    found = [(m.start(), Call(m.group(1), tuple(a.strip() for a in m.group(2).split(",")),
                              tuple(a.strip() for a in m.group(3).split(",")), _line(top, m.start())))
             for m in _CALL.finditer(top, start)]
    found += [(m.start(), Call("=alias", (), (m.group(2), m.group(1)), _line(top, m.start())))
              for m in _ALIAS.finditer(top, start)]
    calls = [c for _, c in sorted(found, key=lambda fc: fc[0])]
    if not calls:
        raise ProjectError(files["top"], None, "no nnet:: layer calls found")
    return QuartusProject(p, types, configs, weights, arrays, calls, io["input_data"], io["output_data"])


@dataclass(frozen=True)
class LogReport:
    """:func:`verify_log`'s result: ``identical`` and a human-readable ``text``."""

    identical: bool
    text: str


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
