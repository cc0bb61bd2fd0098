"""Read an hls4ml **Quartus** project (``ac_fixed`` types) as written: the reader only (project
level, no layer imports); :mod:`fxsim.backends.quartus` binds the layer twins and runs it.

Layout (``writer/quartus_writer.py``): ``firmware/defines.h`` (``typedef ac_fixed<…> name;``),
``firmware/parameters.h`` (one config struct per layer), ``firmware/weights/*.h`` (``static const``
arrays, dense weights transposed), ``firmware/myproject.h`` (``input_data``/``output_data``
structs), ``firmware/myproject.cpp`` (``output_data myproject(input_data inputs)``, one
``nnet::`` call per layer), ``firmware/ac_types`` (AC 4.0) and ``tb_data/results.log``, which the
testbench writes with ``fout << outputs[j].layerN_out[i] << " "`` (exact AC decimals). io_stream:
``typedef nnet::array<T, N> name;`` types, global ``stream<T> name;`` arrays, ``void myproject(
stream_in<input_t>&, stream_out<result_t>&)`` moving the data in and out around the layer calls,
Flatten as a global ``auto& a = b;``, and ``float`` outputs in ``results.log``.

:class:`QuartusProject` is the parsed data plus the generic data flow (:meth:`QuartusProject.predict_raw`
calls ``_run`` once per layer call); a subclass supplies ``_run`` (Quartus:
``fxsim.backends.quartus.QuartusNetwork``; Catapult: ``fxsim.project.catapult.CatapultProject``).

>>> is_quartus_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.project.errors import ProjectError
from fxsim.types import FixedTypeError

_TYPEDEF = re.compile(r"^\s*typedef\s+(ac_(?:fixed|int)\s*<[^;]*>)\s+(\w+)\s*;", re.M)
_STRUCT = re.compile(r"struct\s+(\w+)\s*(?::\s*nnet::(\w+)\s*)?\{(.*?)\n\};", re.S)  # hard_*: no base
_CONST = re.compile(r"static\s+const(?:expr)?\s+[\w:]+\s+(\w+)\s*=\s*([^;]+);")
_CONST_ARRAY = re.compile(r"static\s+const(?:expr)?\s+[\w:]+\s+(\w+)\s*\[[^\]]*\]\s*=\s*(\{[^}]*\})\s*;")
_MEMBER_TYPEDEF = re.compile(r"typedef\s+(\w+(?:\s*<[^;]*>)?)\s+(\w+)\s*;")
_WEIGHT = re.compile(
    r"static\s+const\s+(?P<t>\w+)\s+(?P<name>\w+)\s*\[\s*(?P<n>\d+)\s*\]\s*=\s*\{(?P<vals>[^}]*)\}\s*;", re.S)
_DECL = re.compile(r"^\s*(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]\s*(?:hls_register)?\s*;", re.M)
#: Layer calls with two input arrays (``func(in1, in2, out)``).
MERGES = ("add", "subtract", "multiply", "average", "maximum", "minimum", "dot1d", "concatenate1d",
          "concatenate2d", "concatenate3d")
_ALIAS = re.compile(r"auto\s*&\s*(\w+)\s*=\s*(\w+)\s*;")
_CALL = re.compile(r"nnet::(\w+)\s*<([^;]*?)>\s*\(([^;]*)\)\s*;")
_FIELD = re.compile(r"^\s*(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]\s*;", re.M)
_USING_ACT = re.compile(r"using\s+(activation\w*)\s*=\s*nnet::activation::(\w+)\s*<")
_WEIGHT_TB = re.compile(r"static\s+const\s+typename\s+CONFIG_T::table_t\s+\w+\s*\[\s*(\d+)\s*\]\s*=\s*"
                        r"\{([^}]*)\}", re.S)
#: ``const slope14_t hard_sigmoid_config14::slope = 0.2;`` (a static member defined after its struct).
_OUT_OF_CLASS = re.compile(r"^\s*const\s+(\w+)\s+(\w+)::(\w+)\s*=\s*([^;]+);", re.M)
#: io_stream: ``typedef nnet::array<ac_fixed<16,6,true>, 6*1> input_t;``
_ARRAY_TYPEDEF = re.compile(
    r"^\s*typedef\s+nnet::array\s*<\s*(ac_(?:fixed|int)\s*<[^>]*>)\s*,\s*([\d\s*]+)>\s+(\w+)\s*;", re.M)
_STREAM_DECL = re.compile(r"^\s*stream\s*<\s*(\w+)\s*>\s+(\w+)\s*;", re.M)
_STREAM_MOVE = re.compile(r"for\s*\(\s*size_t\s+i\s*=\s*0\s*;\s*i\s*<\s*([\d\s*]+)/\s*(\w+)::size\s*;[^)]*\)\s*\{\s*"
                          r"(\w+)\s+tmp\s*=\s*(\w+)\.read\(\)\s*;\s*(\w+)\.write\(\s*tmp\s*\)\s*;")
_IO_STRUCT = re.compile(r"struct\s+(input_data|output_data)\s*\{(.*?)\};", re.S)


def is_quartus_project(path: str | Path) -> bool:
    """A Quartus project: ``firmware/ac_types`` without ``include/`` (Catapult nests it) and a
    ``Makefile`` (i++) or ``tb_data/results.log``."""
    p = Path(path)
    ac = p / "firmware" / "ac_types"
    return ac.is_dir() and not (ac / "include").is_dir() and (
        (p / "Makefile").is_file() or (p / "tb_data" / "results.log").is_file())


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
    io_stream: bool = False
    #: io_stream: elements per ``nnet::array`` pack, by type name (``typedef nnet::array<T, N> name``).
    packs: dict[str, int] = field(default_factory=dict)

    in_prefix = "inputs."
    out_prefix = "outputs."
    #: The testbench prints ``float`` outputs (io_stream, oneAPI), not exact AC decimals.
    float_log = False

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
            out = self._run(c, env)
            for name in written_arrays(c):
                env[name] = out
        return [env[self.out_prefix + name] for name, _, _ in self.outputs]

    def _run(self, c: Call, env: dict[str, AcArray]) -> AcArray:
        """One layer call on the arrays written so far; a runner subclass implements it."""
        raise NotImplementedError("a QuartusProject is only read: fxsim.backends.quartus.load_quartus runs it")

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Float inputs -> float64 outputs (exact values), concatenated over the outputs."""
        return np.concatenate([o.to_float() for o in self.predict_raw(x)], axis=1)

    def log_lines(self, x: np.ndarray) -> list[str]:
        """``tb_data/results.log`` as the testbench writes it for inputs ``x``: exact AC decimals
        (io_parallel: ``fout << outputs[j].layer_out[i]``), or for io_stream the ``float`` that
        ``convert_data_back`` makes of ``to_double()``, printed by ``ostream`` (6 significant digits)."""
        outs = self.predict_raw(x)
        lines = []
        for j in range(len(x)):
            if self.io_stream or self.float_log:
                vals = [_ostream_float(v) for o in outs for v in np.asarray(o[j].to_double()).reshape(-1)]
            else:
                vals = [v for o in outs for v in o[j].format()]
            lines.append("".join(v + " " for v in vals))
        return lines

    def _type(self, name: str, c: Call) -> AcType:
        if name not in self.types:
            raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line, f"unknown type {name!r}")
        return self.types[name]

    def _out_type(self, name: str, c: Call) -> AcType:
        for n, t, _ in self.outputs:
            if name == self.out_prefix + n:
                return t
        if name in self.arrays:
            return self.arrays[name][0]
        raise ProjectError(self.path / "firmware" / "myproject.cpp", c.line, f"unknown output array {name!r}")

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
        return AcArray.from_float(np.asarray(vals, dtype=np.float64), t)


#: Activations with a parameter argument (``func(data, param, res)``).
PARAM_ACTIVATIONS = ("elu", "leaky_relu", "thresholded_relu", "prelu")


def written_arrays(c: Call) -> list[str]:
    """Every array a call writes: all copies of ``clone_stream``, else :func:`written_array`."""
    return list(c.args[1:]) if c.func == "clone_stream" else [written_array(c)]


def written_array(c: Call) -> str:
    """The array a layer call writes: the third argument of a merge or of a parametrised
    activation, else the second."""
    return c.args[2] if c.func in MERGES or c.func in PARAM_ACTIVATIONS else c.args[1]


def _ostream_float(v: float) -> str:
    """``std::cout << (float)v`` with the default precision: ``%g`` of the float32 value."""
    return f"{float(np.float32(v)):g}"


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


def parse_configs(text: str) -> dict[str, dict[str, str]]:
    """``parameters.h``: each ``struct name : nnet::… { … };`` as its members' texts (constants,
    constant arrays, typedefs, ``using`` activations; out-of-class ``const T name::m = v;`` as
    ``m`` and its type as ``"m:type"``)."""
    configs: dict[str, dict[str, str]] = {}
    for m in _STRUCT.finditer(text):
        body = m.group(3)
        fields = {k: v.strip() for k, v in _CONST.findall(body)}
        fields.update({k: v for k, v in _CONST_ARRAY.findall(body)})  # perm[3] = {1,2,0}
        fields.update({k: v.strip() for v, k in _MEMBER_TYPEDEF.findall(body)})
        fields.update({k: v for k, v in _USING_ACT.findall(body)})
        configs[m.group(1)] = fields
    for m in _OUT_OF_CLASS.finditer(text):
        if m.group(2) in configs:
            configs[m.group(2)].update({m.group(3): m.group(4).strip(), f"{m.group(3)}:type": m.group(1)})
    return configs


def parse_calls(top: str, start: int) -> list[Call]:
    """The ``nnet::func<T…>(args);`` calls (and ``auto& a = b;`` aliases) of the top function
    after ``start``, in order."""
    found = [(m.start(), Call(m.group(1), tuple(a.strip() for a in m.group(2).split(",")),
                              tuple(a.strip() for a in m.group(3).split(",")), _line(top, m.start())))
             for m in _CALL.finditer(top, start)]
    found += [(m.start(), Call("=alias", (), (m.group(2), m.group(1)), _line(top, m.start())))
              for m in _ALIAS.finditer(top, start)]
    return [c for _, c in sorted(found, key=lambda fc: fc[0])]


def read_sources(fw: Path, name: str, kind: str) -> tuple[dict[str, Path], dict[str, str]]:
    """``defines.h``, ``parameters.h``, ``<name>.cpp`` and ``<name>.h`` of the firmware directory
    ``fw`` (paths and texts); a missing one is a :class:`ProjectError`."""
    files = {k: fw / f for k, f in (("defines", "defines.h"), ("parameters", "parameters.h"),
                                   ("top", f"{name}.cpp"), ("header", f"{name}.h"))}
    for f in files.values():
        if not f.is_file():
            raise ProjectError(f, None, f"file does not exist (not a {kind} project?)")
    return files, {k: f.read_text() for k, f in files.items()}


def parse_types(defines: str, path: Path) -> tuple[dict[str, AcType], dict[str, int]]:
    """``defines.h``: every ``typedef ac_…<…> name;`` and ``typedef nnet::array<ac_…<…>, N> name;``
    (the element type), and the ``N`` of the latter by name."""
    types = {m.group(2): _parse_type(m.group(1), path, _line(defines, m.start())) for m in _TYPEDEF.finditer(defines)}
    packs = {}
    for m in _ARRAY_TYPEDEF.finditer(defines):
        types[m.group(3)] = _parse_type(m.group(1), path, _line(defines, m.start()))
        packs[m.group(3)] = _size(m.group(2))
    return types, packs


def read_weights(directory: Path, types: dict[str, AcType], pattern: re.Pattern,
                 sizes: dict[str, int]) -> dict[str, AcArray]:
    """Every weight array of ``directory/*.h`` that ``pattern`` (groups ``t``, ``name``, ``vals``
    and optionally ``n``) finds, as its type; the size is ``n`` or ``sizes[t]`` when given."""
    weights: dict[str, AcArray] = {}
    for wf in sorted(directory.glob("*.h")):
        wt = wf.read_text()
        for m in pattern.finditer(wt):
            line = _line(wt, m.start())
            t = types.get(m.group("t"))
            if t is None:
                raise ProjectError(wf, line, f"unknown weight type {m.group('t')!r}")
            try:
                vals = np.array([float(v) for v in m.group("vals").split(",") if v.strip()], dtype=np.float64)
            except ValueError:
                raise ProjectError(wf, line, "weights are not decimal numbers") from None
            n = int(m.group("n")) if m.groupdict().get("n") else sizes.get(m.group("t"), vals.size)
            if vals.size != n:
                raise ProjectError(wf, line, f"{vals.size} values for {m.group('name')}[{n}]")
            weights[m.group("name")] = AcArray.from_float(vals, t)
    return weights


def read_quartus(path: str | Path, name: str = "myproject", cls: type[QuartusProject] = QuartusProject):
    """Parse the Quartus project at ``path`` into a ``cls`` (a :class:`QuartusProject` subclass)."""
    p = Path(path)
    fw = p / "firmware"
    files, text = read_sources(fw, name, "Quartus")
    types, packs = parse_types(text["defines"], files["defines"])
    configs = parse_configs(text["parameters"])
    weights = read_weights(fw / "weights", types, _WEIGHT, {})
    top = text["top"]
    start = top.find("insert layers")
    io: dict[str, list[tuple[str, AcType, int]]] = {}
    for m in _IO_STRUCT.finditer(text["header"]):
        io[m.group(1)] = [(f, types[t], _size(n)) for t, f, n in _FIELD.findall(m.group(2)) if t in types]
    stream = "input_data" not in io
    if stream:  # io_stream: for (i < N / T::size) { T tmp = src.read(); dst.write(tmp); } at either end
        moves = [(m.start(), _size(m.group(1)), m.group(2), m.group(4), m.group(5)) for m in _STREAM_MOVE.finditer(top)]
        io["input_data"] = [(dst, types[t], n) for pos, n, t, _, dst in moves if pos < start and t in types]
        io["output_data"] = [(src, types[t], n) for pos, n, t, src, _ in moves if pos > start and t in types]
        if not io["input_data"] or not io["output_data"]:
            raise ProjectError(files["top"], None, "neither input_data/output_data structs (io_parallel) nor "
                                                   "stream reads/writes around the layers (io_stream) found")
        arrays = {m.group(2): (types[m.group(1)], 0) for m in _STREAM_DECL.finditer(top) if m.group(1) in types}
    else:
        arrays = {m.group(2): (types[m.group(1)], _size(m.group(3))) for m in _DECL.finditer(top, start)
                  if m.group(1) in types}
    calls = parse_calls(top, start)
    if stream:  # io_stream Flatten/Reshape: a global ``auto& layerN_out = layerM_out;`` before the layers
        alias = {m.group(1): m.group(2) for m in _ALIAS.finditer(top[:start])}
        calls = [Call(c.func, c.targs, tuple(alias.get(a, a) for a in c.args), c.line) for c in calls]
    if not calls:
        raise ProjectError(files["top"], None, "no nnet:: layer calls found")
    net = cls(p, types, configs, weights, arrays, calls, io["input_data"], io["output_data"], stream, packs)
    if stream:  # streams are plain globals, not struct members
        net.in_prefix = net.out_prefix = ""
    return net


@dataclass(frozen=True)
class LogReport:
    """:func:`verify_log`'s result: ``identical`` and a human-readable ``text``."""

    identical: bool
    text: str
