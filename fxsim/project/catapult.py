"""Read an hls4ml **Catapult** project (``ac_fixed``, the Siemens HLS flow hls4ml uses for ASICs).

This module only *reads* (types, configs, weights, the top function's calls) and names the known
template hazards; :mod:`fxsim.catapult_network` runs the project with the layer twins.

Layout (``writer/catapult_writer.py``): ``firmware/ac_types/include`` (AC 4.8), ``firmware/ac_math``,
``firmware/ac_simutils``; ``firmware/defines.h`` and ``parameters.h`` as for Vivado but with ac
types (io_stream: ``typedef nnet::array<ac_fixed<…>, N> t;``); weights read at run time from
``firmware/weights/*.txt`` (``istringstream >> double``, then ``ac_fixed(double)``);
``void myproject(input_t in[N], result_t out[M])`` (io_stream: ``ac_channel<input_t> &in``); the
testbench parses inputs with ``atof`` into ``float`` and writes ``tb_data/csim_results.log`` with
``nnet::print_result`` (exact AC decimals, one space after each value).

Known template hazards (:meth:`CatapultProject.hazards`, printed by ``fxsim verify``/``trace``):

* ``nnet::average`` multiplies by ``ac_fixed<1,-1,false>(0.5)``, whose only values are 0 and 0.25,
  so 0.5 wraps to 0 and **every Average merge outputs 0** (fxsim reproduces that);
* a network whose top function loads weights but calls no layer (hls4ml 1.3.0 converts a SimpleRNN
  for Catapult into exactly that): its outputs are never written;
* ``softmax`` of an input with ``I - S > 5`` does not compile (``ac_softmax_pwl``'s static_assert:
  its exp type needs ``int(1.443*2**(I-S))+1 > 64`` integer bits), e.g. hls4ml's ``granularity='name'``
  default result type of a Dense before the softmax;
* ``hard_sigmoid`` ignores the configured slope/shift (uses ``data_T`` 0.2 and 0.5) and
  ``hard_tanh`` returns the unclamped ``2*sigmoid-1``.

>>> is_catapult_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.project.errors import ProjectError
from fxsim.types import FixedTypeError

_TYPEDEF = re.compile(r"^\s*typedef\s+(ac_(?:fixed|int)\s*<[^;]*?>|nnet::array\s*<\s*(ac_(?:fixed|int)\s*<[^;]*?>)"
                      r"\s*,\s*([\d\s*]+)>)\s+(\w+)\s*;", re.M)
_STRUCT = re.compile(r"struct\s+(\w+)\s*:\s*nnet::(\w+)\s*\{(.*?)\n\};", re.S)
_CONST = re.compile(r"static\s+const\s+[\w:]+\s+(\w+)\s*=\s*([^;]+);")
_MEMBER_TYPEDEF = re.compile(r"typedef\s+(\w+(?:\s*<[^;]*>)?)\s+(\w+)\s*;")
_TOP = re.compile(r"void\s+(?:CCS_BLOCK\s*\(\s*(\w+)\s*\)|(\w+))\s*\(([^)]*)\)\s*\{")
_ARG = re.compile(r"(?:ac_channel\s*<\s*(\w+)\s*>\s*&\s*(\w+))|(?:(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\])")
_LOAD = re.compile(r"load_weights_from_txt\s*<\s*(\w+)\s*,\s*(\d+)\s*>\s*\(\s*(\w+)\s*,\s*\"([^\"]+)\"\s*\)")
_DECL = re.compile(r"^\s*(?:(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]|static\s+ac_channel\s*<\s*(\w+)\s*>\s*(\w+))", re.M)
_ALIAS = re.compile(r"(?:static\s+)?auto\s*&\s*(\w+)\s*=\s*(\w+)\s*;")
_COPY_IN = re.compile(r"copy_data\s*<\s*float\s*,\s*\w+\s*,\s*\d+\s*,\s*([\d\s*]+)>\s*\(\s*\w+\s*,\s*(\w+)\s*\)")
_PRINT_OUT = re.compile(r"print_result\s*<\s*\w+\s*,\s*([\d\s*]+)>\s*\(\s*(\w+)\s*,\s*fout")
_CALL = re.compile(r"nnet::(\w+)\s*<([^;]*?)>\s*\(([^;]*)\)\s*;")

#: Layer calls whose last argument (not the second) is the output: the two-input merges.
MERGES = ("add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate1d", "dot1d")

#: The factor Catapult's ``nnet::average`` multiplies by: ``ac_fixed<1,-1,false>(0.5)``.
AVERAGE_FACTOR_T = AcType(1, -1, False)


def is_catapult_project(path: str | Path) -> bool:
    """``firmware/ac_types/include`` (Catapult nests the AC headers) and ``build_prj.tcl``."""
    p = Path(path)
    return (p / "firmware" / "ac_types" / "include").is_dir() and (p / "build_prj.tcl").is_file()


@dataclass(frozen=True)
class Call:
    """One ``nnet::func<T…>(args);`` of the top function (``func == "=alias"`` for ``auto& a = b;``)."""

    func: str
    targs: tuple[str, ...]
    args: tuple[str, ...]
    line: int

    @property
    def output(self) -> str:
        """The array the call writes."""
        return self.args[-1] if self.func in MERGES else self.args[1]

    @property
    def inputs(self) -> tuple[str, ...]:
        """The arrays the call reads."""
        return self.args[:2] if self.func in MERGES else self.args[:1]


@dataclass(frozen=True)
class CatapultProject:
    """A parsed Catapult project: what the firmware declares, as written. Run it with
    :func:`fxsim.catapult_network.predict`."""

    path: Path
    io_stream: bool
    types: dict[str, AcType]
    configs: dict[str, dict[str, str]]
    weights: dict[str, AcArray]
    arrays: dict[str, tuple[AcType, int]]
    calls: tuple[Call, ...]
    inputs: tuple[tuple[str, AcType, int], ...]
    outputs: tuple[tuple[str, AcType, int], ...]
    sizes: dict[str, int] = field(default_factory=dict)  # io_stream: elements of each nnet::array typedef

    @property
    def source(self) -> Path:
        """``firmware/myproject.cpp``: where every :class:`Call`'s line is."""
        return self.path / "firmware" / "myproject.cpp"

    def type_of(self, name: str, c: Call) -> AcType:
        """The type ``name`` of ``defines.h``/``parameters.h`` (an error naming the call if unknown)."""
        if name not in self.types:
            raise ProjectError(self.source, c.line, f"unknown type {name!r}")
        return self.types[name]

    def config(self, c: Call) -> dict[str, str]:
        """The ``parameters.h`` struct the call's last template argument names."""
        name = c.targs[-1]
        if name not in self.configs:
            raise ProjectError(self.source, c.line, f"config struct {name!r} is not in parameters.h")
        return self.configs[name]

    def hazards(self) -> list[str]:
        """Template hazards this configuration hits, one line each (empty when none)."""
        out = []
        for c in self.calls:
            where = f"{c.output} (myproject.cpp:{c.line})"
            if c.func == "average":
                out.append(f"{where}: Catapult's nnet::average multiplies by ac_fixed<1,-1,false>(0.5), "
                           "which is 0: this Average merge always outputs 0")
            elif c.func == "softmax" and c.targs[0] in self.types:
                t = self.types[c.targs[0]]
                if t.integer - int(t.signed) > 5:
                    out.append(f"{where}: Catapult's softmax (ac_softmax_pwl) of {t} does not compile: it needs "
                               f"int(1.443*2**{t.integer - int(t.signed)})+1 > 64 integer bits (static_assert)")
            elif c.func == "hard_sigmoid":
                out.append(f"{where}: Catapult's nnet::hard_sigmoid ignores the configured slope and shift "
                           "(uses data_T 0.2 and 0.5)")
            elif c.func == "hard_tanh":
                out.append(f"{where}: Catapult's nnet::hard_tanh returns the unclamped 2*sigmoid-1")
        if self.weights and not self.calls:
            out.append("myproject.cpp: the top function loads weights but calls no layer (hls4ml writes no "
                       "call for some layers, e.g. SimpleRNN for Catapult): its outputs are never written")
        return out


def parse_type(text: str, path: Path, line: int) -> AcType:
    """An ``ac_fixed<…>``/``ac_int<…>`` as written, or a :class:`ProjectError` naming the line."""
    try:
        return AcType.parse(text)
    except FixedTypeError as e:
        raise ProjectError(path, line, str(e)) from None


def size(expr: str) -> int:
    """An array size as written (``16``, ``5*4``)."""
    n = 1
    for f in expr.split("*"):
        n *= int(f)
    return n


def _read_weights(fw: Path, top: str, types: dict[str, AcType]) -> dict[str, AcArray]:
    weights: dict[str, AcArray] = {}
    for m in _LOAD.finditer(top):
        t, n, var, fname = types.get(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        wf = fw / "weights" / fname
        if t is None or not wf.is_file():
            raise ProjectError(wf, None, f"weights of {var}: unknown type {m.group(1)!r} or missing file")
        first = wf.read_text().split("\n", 1)[0]
        try:
            vals = np.array([float(v) for v in first.split(",")], dtype=np.float64)
        except ValueError:
            raise ProjectError(wf, 1, "weights are not comma-separated decimal numbers") from None
        if vals.size != n:
            raise ProjectError(wf, 1, f"{vals.size} values, the firmware expects {n}")
        weights[var] = AcArray.from_float(vals, t)
    return weights


def _stream_counts(tb: Path) -> dict[str, int]:
    """io_stream: values per event of each top-level channel, from the testbench's
    ``copy_data<float, input_t, 0, N>(in, port)`` and ``print_result<result_t, N>(port, fout)``."""
    if not tb.is_file():
        return {}
    text = tb.read_text()
    out = {m.group(2): size(m.group(1)) for m in _COPY_IN.finditer(text)}
    out.update({m.group(2): size(m.group(1)) for m in _PRINT_OUT.finditer(text)})
    return out


def load_catapult(path: str | Path, name: str = "myproject") -> CatapultProject:
    """Parse the Catapult project at ``path`` (weights from ``firmware/weights/*.txt``)."""
    p = Path(path)
    fw = p / "firmware"
    top_file = fw / f"{name}.cpp"
    for f in (fw / "defines.h", fw / "parameters.h", top_file):
        if not f.is_file():
            raise ProjectError(f, None, "file does not exist (not a Catapult project?)")
    defines = (fw / "defines.h").read_text()
    types, sizes = {}, {}
    for m in _TYPEDEF.finditer(defines):
        line = defines[:m.start()].count("\n") + 1
        types[m.group(4)] = parse_type(m.group(2) or m.group(1), fw / "defines.h", line)
        if m.group(3):
            sizes[m.group(4)] = size(m.group(3))
    configs = {}
    for m in _STRUCT.finditer((fw / "parameters.h").read_text()):
        fields = {k: v.strip() for k, v in _CONST.findall(m.group(3))}
        fields.update({k: v.strip() for v, k in _MEMBER_TYPEDEF.findall(m.group(3))})
        configs[m.group(1)] = fields
    top = re.sub(r"/\*.*?\*/", lambda c: "\n" * c.group(0).count("\n"), top_file.read_text(), flags=re.S)
    top = re.sub(r"//[^\n]*", "", top)
    weights = _read_weights(fw, top, types)
    m = next((t for t in _TOP.finditer(top) if name in (t.group(1), t.group(2))), None)
    if m is None:
        raise ProjectError(top_file, None, f"no top function 'void {name}(...)'")
    stream = "ac_channel" in m.group(3)
    counts = _stream_counts(p / f"{name}_test.cpp") if stream else {}
    args = []
    for a in _ARG.finditer(m.group(3)):
        t, var = (a.group(1), a.group(2)) if a.group(1) else (a.group(3), a.group(4))
        if t in types:
            if a.group(1) and var not in counts:
                raise ProjectError(p / f"{name}_test.cpp", None, f"io_stream port {var!r}: the testbench "
                                   "does not say how many values it carries (copy_data/print_result)")
            args.append((var, types[t], counts[var] if a.group(1) else size(a.group(5))))
    body = top[m.end():]
    start = max(body.find("NETWORK INSTANTIATION"), 0)
    arrays = {}
    for d in _DECL.finditer(body, start):
        if d.group(4):
            if d.group(4) in types:
                arrays[d.group(5)] = (types[d.group(4)], sizes.get(d.group(4), 1))
        elif d.group(1) in types:
            arrays[d.group(2)] = (types[d.group(1)], size(d.group(3)))
    line0 = top[:m.end()].count("\n")
    found = [(c.start(), Call(c.group(1), tuple(a.strip() for a in c.group(2).split(",")),
                              tuple(a.strip() for a in c.group(3).split(",")), 0))
             for c in _CALL.finditer(body, start) if c.group(1) != "load_weights_from_txt"]
    found += [(a.start(), Call("=alias", (), (a.group(2), a.group(1)), 0)) for a in _ALIAS.finditer(body, start)]
    calls = tuple(Call(c.func, c.targs, c.args, line0 + body[:pos].count("\n") + 1) for pos, c in sorted(
        found, key=lambda pc: pc[0]))
    written = {c.output for c in calls}
    inputs = tuple(a for a in args if a[0] not in written)
    outputs = tuple(a for a in args if a[0] in written)
    if not calls:  # no layer call: every non-input argument is an (unwritten) output
        inputs, outputs = tuple(args[:1]), tuple(args[1:])
    return CatapultProject(p, stream, types, configs, weights, arrays, calls, inputs, outputs, sizes)
