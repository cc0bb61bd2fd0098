"""Read an hls4ml **Catapult** project (``ac_fixed``, the Siemens HLS flow hls4ml uses for ASICs).

This module only *reads* (types, configs, weights, the top function's calls) and names the known
template hazards; :mod:`fxsim.backends.catapult` runs the project with the layer twins.

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
* a top function that calls no layer (hls4ml 1.3.0 converts a SimpleRNN for Catapult into exactly
  that): its outputs are never written, so :func:`load_catapult` refuses it (the firmware cannot be right);
* ``softmax`` of an input with ``I - S > 5`` does not compile (``ac_softmax_pwl``'s static_assert:
  its exp type needs ``int(1.443*2**(I-S))+1 > 64`` integer bits), e.g. hls4ml's ``granularity='name'``
  default result type of a Dense before the softmax;
* ``hard_sigmoid`` ignores the configured slope/shift (uses ``data_T`` 0.2 and 0.5; Keras 3's
  hard_sigmoid has slope 1/6) and ``hard_tanh`` returns the unclamped ``2*sigmoid-1``;
* io_stream ``concatenate1d`` reads ``res_T::size`` elements from each smaller input array (past its
  end) and writes one output array per input (fxsim refuses it: the firmware cannot be right);
* ``embedding`` with an ``ac_fixed`` input (hls4ml's default) does not compile (``data[j]`` is an index);
* io_stream ``transpose_2d``/``transpose_3d`` (PyTorch conv models) do not compile (array-only template);
* io_stream ``maximum``/``minimum`` do not compile (``nnet_merge_stream.h`` casts an element to the
  ``nnet::array`` type ``res_T``).

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
from fxsim.project.calls import Call, WeightLoad, parse_top
from fxsim.project.cparse import evaluate
from fxsim.project.errors import ProjectError
from fxsim.types import FixedTypeError

_TYPEDEF = re.compile(r"^\s*typedef\s+(ac_(?:fixed|int)\s*<[^;]*?>|nnet::array\s*<\s*(ac_(?:fixed|int)\s*<[^;]*?>)"
                      r"\s*,\s*([\d\s*]+)>)\s+(\w+)\s*;", re.M)
_STRUCT = re.compile(r"struct\s+(\w+)\s*(?::\s*nnet::(\w+)\s*)?\{(.*?)\n\};", re.S)
_CONST = re.compile(r"static\s+const\s+[\w:]+\s+(\w+)\s*=\s*([^;]+);")
_MEMBER_TYPEDEF = re.compile(r"typedef\s+(\w+(?:\s*<[^;]*>)?)\s+(\w+)\s*;")
_PERM = re.compile(r"static\s+constexpr\s+unsigned\s+perm\s*\[\s*\d+\s*\]\s*=\s*\{([^}]*)\}")
_STATIC_MEMBER = re.compile(r"^\s*const\s+\w+\s+(\w+)::(\w+)\s*=\s*([^;]+);", re.M)
_COPY_IN = re.compile(r"copy_data\s*<\s*float\s*,\s*\w+\s*,\s*\d+\s*,\s*([\d\s*]+)>\s*\(\s*\w+\s*,\s*(\w+)\s*\)")
_PRINT_OUT = re.compile(r"print_result\s*<\s*\w+\s*,\s*([\d\s*]+)>\s*\(\s*(\w+)\s*,\s*fout")
_LAYER_CALL = re.compile(r"nnet::(?!load_weights)\w+\s*<")
#: Catapult's spelling of the Vivado top function (``CCS_BLOCK(name)``, ``ac_channel``, ``static auto&``),
#: mapped onto Vivado's so :func:`fxsim.project.calls.parse_top` reads it (line numbers unchanged).
_CATAPULT_SPELLING = ((re.compile(r"\bCCS_BLOCK\s*\(\s*(\w+)\s*\)"), r"\1"),
                      (re.compile(r"\bac_channel\s*<"), "hls::stream<"),
                      (re.compile(r"\bstatic\s+auto\s*&"), "auto&"))

#: The factor Catapult's ``nnet::average`` multiplies by: ``ac_fixed<1,-1,false>(0.5)``.
AVERAGE_FACTOR_T = AcType(1, -1, False)


def is_catapult_project(path: str | Path) -> bool:
    """``firmware/ac_types/include`` (Catapult nests the AC headers) and ``build_prj.tcl``."""
    p = Path(path)
    return (p / "firmware" / "ac_types" / "include").is_dir() and (p / "build_prj.tcl").is_file()


@dataclass(frozen=True)
class CatapultProject:
    """A parsed Catapult project: what the firmware declares, as written. Run it with
    :func:`fxsim.backends.catapult.predict`."""

    path: Path
    io_stream: bool
    types: dict[str, AcType]
    configs: dict[str, dict[str, str]]
    weights: dict[str, AcArray]
    calls: tuple[Call, ...]
    aliases: dict[str, str]  # auto& a = b; (Flatten/Reshape)
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
        """The ``parameters.h`` struct the call's config template argument names."""
        name = c.config or c.template_args[-1]
        if name not in self.configs:
            raise ProjectError(self.source, c.line, f"config struct {name!r} is not in parameters.h")
        return self.configs[name]

    def base(self, name: str) -> str:
        """The array ``name`` refers to (through ``auto&`` aliases)."""
        seen = set()
        while name in self.aliases and name not in seen:
            seen.add(name)
            name = self.aliases[name]
        return name

    def hazards(self) -> list[str]:
        """Template hazards this configuration hits, one line each (empty when none)."""
        out = []
        for c in self.calls:
            where = f"{c.layer or c.outputs[0]} (myproject.cpp:{c.line})"
            if c.function == "average":
                out.append(f"{where}: Catapult's nnet::average multiplies by ac_fixed<1,-1,false>(0.5), "
                           "which is 0: this Average merge always outputs 0")
            elif c.function == "softmax" and c.template_args[0] in self.types:
                t = self.types[c.template_args[0]]
                if t.integer - int(t.signed) > 5:
                    out.append(f"{where}: Catapult's softmax (ac_softmax_pwl) of {t} does not compile: it needs "
                               f"int(1.443*2**{t.integer - int(t.signed)})+1 > 64 integer bits (static_assert)")
            elif c.function == "hard_sigmoid":
                cfg = self.configs.get(c.config or "", {})
                slope, shift = cfg.get("slope", "0.2"), cfg.get("shift", "0.5")
                if (float(slope), float(shift)) != (0.2, 0.5):
                    out.append(f"{where}: Catapult's nnet::hard_sigmoid ignores the configured slope {slope} and "
                               f"shift {shift}: it uses data_T 0.2 and 0.5")
            elif c.function == "concatenate1d" and self.io_stream:
                out.append(f"{where}: Catapult's io_stream nnet::concatenate1d copies res_T::size elements out of "
                           "each (smaller) input array, reading past it, and writes one output array per input: "
                           "the firmware cannot be right (undefined values, the stream loses step)")
            elif c.function == "embedding" and c.template_args[0] in self.types and \
                    not self.types[c.template_args[0]].is_int:
                out.append(f"{where}: Catapult's nnet::embedding indexes its table with data_T "
                           f"{self.types[c.template_args[0]]}: this firmware does not compile (use an integer input "
                           "precision)")
            elif c.function in ("transpose_2d", "transpose_3d") and self.io_stream:
                out.append(f"{where}: Catapult's nnet::{c.function} has no ac_channel version: this io_stream "
                           "firmware does not compile (hls4ml adds it for PyTorch channels-first inputs)")
            elif c.function in ("maximum", "minimum") and self.io_stream:
                out.append(f"{where}: Catapult's io_stream nnet::{c.function} does not compile (nnet_merge_stream.h "
                           "casts each element to res_T, an nnet::array)")
            elif c.function == "hard_tanh":
                out.append(f"{where}: Catapult's nnet::hard_tanh returns the unclamped 2*sigmoid-1")
        return out


def size(expr: str) -> int:
    """An array size or config member as written (``16``, ``5*4``): a C constant expression.

    >>> size("8*8*2")
    128
    """
    names: dict[str, int] = {}
    return int(evaluate(expr, names.__getitem__).value)


def _read_weights(fw: Path, loads: list[WeightLoad], types: dict[str, AcType]) -> dict[str, AcArray]:
    """``nnet::load_weights_from_txt<T, N>(w, "w.txt")``: the first line of ``firmware/weights/w.txt``,
    comma-separated decimals, each converted with ``ac_fixed(double)``."""
    weights: dict[str, AcArray] = {}
    for ld in loads:
        t, wf = types.get(ld.type_name), fw / "weights" / ld.file
        if t is None or not wf.is_file():
            raise ProjectError(wf, None, f"weights of {ld.name}: unknown type {ld.type_name!r} or missing file")
        first = wf.read_text().split("\n", 1)[0]
        try:
            vals = np.array([float(v) for v in first.split(",")], dtype=np.float64)
        except ValueError:
            raise ProjectError(wf, 1, "weights are not comma-separated decimal numbers") from None
        if vals.size != ld.size:
            raise ProjectError(wf, 1, f"{vals.size} values, the firmware expects {ld.size}")
        weights[ld.name] = AcArray.from_float(vals, t)
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
        try:
            types[m.group(4)] = AcType.parse(m.group(2) or m.group(1))
        except FixedTypeError as e:
            raise ProjectError(fw / "defines.h", defines[:m.start()].count("\n") + 1, str(e)) from None
        if m.group(3):
            sizes[m.group(4)] = size(m.group(3))
    configs = {}
    params = (fw / "parameters.h").read_text()
    for m in _STRUCT.finditer(params):
        fields = {k: v.strip() for k, v in _CONST.findall(m.group(3))}
        fields.update({k: v.strip() for v, k in _MEMBER_TYPEDEF.findall(m.group(3))})
        perm = _PERM.search(m.group(3))
        if perm:
            fields["perm"] = perm.group(1).replace(" ", "")
        configs[m.group(1)] = fields
    for m in _STATIC_MEMBER.finditer(params):  # const slope14_t hard_sigmoid_config14::slope = 0.2;
        configs.setdefault(m.group(1), {})[m.group(2)] = m.group(3).strip()
    text = top_file.read_text()
    if not _LAYER_CALL.search(text):
        raise ProjectError(top_file, None, "the top function calls no layer, so its outputs are never written and "
                           "the firmware cannot be right (hls4ml 1.3.0 writes no call for some layers, e.g. a "
                           "SimpleRNN for Catapult)")
    for pattern, repl in _CATAPULT_SPELLING:
        text = pattern.sub(repl, text)
    fn = parse_top(text, top_file, weight_names=_weight_names(text), macros={}, config_names=configs, top=name)
    weights = _read_weights(fw, fn.weight_loads, types)
    stream = any(port.stream for port in fn.ports)
    counts = _stream_counts(p / f"{name}_test.cpp") if stream else {}
    ports = []
    for port in fn.inputs + fn.outputs:
        if port.type_name not in types:
            raise ProjectError(top_file, port.line, f"port {port.name}: unknown type {port.type_name!r}")
        n = counts.get(port.name) if port.stream else port.size
        if n is None:
            raise ProjectError(p / f"{name}_test.cpp", None, f"io_stream port {port.name!r}: the testbench "
                               "does not say how many values it carries (copy_data/print_result)")
        ports.append((port.name, types[port.type_name], n))
    aliases = {a.name: a.alias_of for a in fn.arrays.values() if a.alias_of}
    n_in = len(fn.inputs)
    return CatapultProject(p, stream, types, configs, weights, tuple(fn.calls), aliases, tuple(ports[:n_in]),
                           tuple(ports[n_in:]), sizes)


def _weight_names(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"load_weights_from_txt\s*<[^>]*>\s*\(\s*(\w+)", text)}
