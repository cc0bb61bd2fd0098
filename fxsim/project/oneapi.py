"""Read an hls4ml **oneAPI** project (Intel SYCL, ``ac_fixed``) as written, io_parallel.

Layout (``writer/oneapi_writer.py``): ``CMakeLists.txt``; ``src/firmware/defines.h`` with
``typedef nnet::array<ac_fixed<…>, N> name;`` for layer outputs *and* weights; ``parameters.h``
(``static constexpr`` members); ``weights/*.h`` (``static constexpr wN_t wN = {{…}};``); the top
kernel ``void Myproject::operator()() const`` reads ``auto x = XPipe::read();`` and ends with
``Layer2OutPipe::write(layer2_out);``; pipes are declared in ``myproject.h``
(``pipe<XPipeID, input_t, …>``). The testbench parses inputs into ``float`` and writes
``tb_data/results.log`` with ``fout << (float)out`` (6 significant digits).

The firmware includes Intel's ``sycl/ext/intel/ac_types/ac_fixed.hpp``, which neither hls4ml nor
PyPI ships: fxsim runs these projects with the layer templates' arithmetic on the ``ac_fixed`` of
hls4ml's Quartus copy (AC 4.0), so their exactness is checked against the Quartus semantics only.

>>> is_oneapi_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from pathlib import Path

from fxsim.project import quartus as q
from fxsim.project.errors import ProjectError

#: What every oneAPI verdict says.
ONEAPI_NOTE = ("oneAPI uses Intel's SYCL ac_fixed (shipped with neither hls4ml nor PyPI): exactness is checked "
               "against the Quartus (AC 4.0) semantics only")

_PIPE = re.compile(r"using\s+(\w+)\s*=\s*[\w:]*pipe\s*<\s*\w+\s*,\s*(\w+)\s*,")
_READ = re.compile(r"auto\s+(\w+)\s*=\s*(\w+)::read\(\)\s*;")
_WRITE = re.compile(r"(\w+)::write\(\s*(\w+)\s*\)\s*;")
_LOCAL = re.compile(r"^\s*(?:\[\[[^\]]*\]\]\s*)?(\w+)\s+(\w+)\s*;", re.M)
_WEIGHT = re.compile(r"static\s+constexpr\s+(?P<t>\w+)\s+(?P<name>\w+)\s*=\s*\{\{(?P<vals>[^}]*)\}\}\s*;", re.S)


def is_oneapi_project(path: str | Path) -> bool:
    """An hls4ml oneAPI project: ``CMakeLists.txt`` and ``src/firmware/defines.h``."""
    p = Path(path)
    return (p / "CMakeLists.txt").is_file() and (p / "src" / "firmware" / "defines.h").is_file()


def read_oneapi(path: str | Path, name: str = "myproject", cls: type[q.QuartusProject] = q.QuartusProject):
    """Parse the oneAPI project at ``path`` into a ``cls`` (``path`` is the project, ``cls.path``
    its ``src`` directory, where ``firmware/`` lives, so file names in messages are the real ones)."""
    p = Path(path)
    src = p / "src"
    fw = src / "firmware"
    files, text = q.read_sources(fw, name, "oneAPI")
    types, packs = q.parse_types(text["defines"], files["defines"])
    configs = q.parse_configs(text["parameters"])
    weights = q.read_weights(fw / "weights", types, _WEIGHT, packs)
    pipes = dict(_PIPE.findall(text["header"]))  # pipe name -> element type name
    top = text["top"]
    start = top.find("insert layers")
    if start < 0 or "io_stream" in text["parameters"] and "nnet::io_stream" in text["parameters"]:
        raise ProjectError(files["top"], None, "oneAPI io_stream projects are not simulated yet (io_parallel only)")
    inputs = [(v, types[pipes[pipe]], packs[pipes[pipe]]) for v, pipe in _READ.findall(top[:start])
              if pipe in pipes and pipes[pipe] in types]
    outputs = [(v, types[pipes[pipe]], packs[pipes[pipe]]) for pipe, v in _WRITE.findall(top[start:])
               if pipe in pipes and pipes[pipe] in types]
    if not inputs or not outputs:
        raise ProjectError(files["top"], None, "no 'auto x = XPipe::read();' / 'OutPipe::write(out);' found")
    arrays = {m.group(2): (types[m.group(1)], packs.get(m.group(1), 0)) for m in _LOCAL.finditer(top, start)
              if m.group(1) in types}
    calls = q.parse_calls(top, start)
    if not calls:
        raise ProjectError(files["top"], None, "no nnet:: layer calls found")
    net = cls(src, types, configs, weights, arrays, calls, inputs, outputs, False, packs)
    net.in_prefix = net.out_prefix = ""
    net.float_log = True
    return net
