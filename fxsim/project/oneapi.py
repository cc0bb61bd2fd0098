"""Read an hls4ml **oneAPI** project (Intel SYCL, ``ac_fixed``) as written, io_parallel and io_stream.

Layout (``writer/oneapi_writer.py``): ``CMakeLists.txt``; ``src/firmware/defines.h`` with
``typedef nnet::array<ac_fixed<…>, N> name;`` for layer outputs *and* weights; ``parameters.h``
(``static constexpr`` members); ``weights/*.h`` (``static constexpr wN_t wN = {{…}};``); the top
kernel ``void Myproject::operator()() const`` reads ``auto x = XPipe::read();`` and ends with
``Layer2OutPipe::write(layer2_out);``; pipes are declared in ``myproject.h``
(``pipe<XPipeID, input_t, …>``). io_stream: every layer is a ``task_sequence<nnet::f_stream<pipes…,
config>>`` started by ``name.async(weights…)``, read here as the Quartus io_stream call ``f`` on
the pipes; the testbench's ``convert_data<float, Pipe, N>`` gives the input and output sizes. The
testbench parses inputs into ``float`` and writes ``tb_data/results.log`` with ``fout << (float)out``
(6 significant digits).

The firmware includes Intel's ``sycl/ext/intel/ac_types/ac_fixed.hpp``, which neither hls4ml nor
PyPI ships: fxsim runs these projects with the layer templates' arithmetic on the ``ac_fixed`` of
hls4ml's Quartus copy (AC 4.0), so their exactness is checked against the Quartus semantics only.

>>> is_oneapi_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from pathlib import Path

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.project import quartus as q
from fxsim.project.errors import ProjectError

#: What every oneAPI verdict says.
ONEAPI_NOTE = ("oneAPI uses Intel's SYCL ac_fixed (shipped with neither hls4ml nor PyPI): exactness is checked "
               "against the Quartus (AC 4.0) semantics only")

_PIPE = re.compile(r"using\s+(\w+)\s*=\s*[\w:]*pipe\s*<\s*\w+\s*,\s*(\w+)\s*,")
_READ = re.compile(r"auto\s+(\w+)\s*=\s*(\w+)::read\(\)\s*;")
_WRITE = re.compile(r"(\w+)::write\(\s*(\w+)\s*\)\s*;")
_LOCAL = re.compile(r"^\s*(?:\[\[[^\]]*\]\]\s*)?(\w+)\s+(\w+)\s*;", re.M)
#: io_stream: ``task_sequence<nnet::dense_resource_stream<InPipe, OutPipe, config2>> fc1;`` (or ``>>(p1);``)
_TASK = re.compile(r"task_sequence\s*<\s*nnet::(\w+)\s*<([^;]*?)>\s*>\s*(?:\(\s*(\w+)\s*\)|\s(\w+))\s*;")
#: ... and ``fc1.async(w2, b2);`` in the order the layers run.
_ASYNC = re.compile(r"(\w+)\.async\(([^;]*)\)\s*;")
_TB_IN = re.compile(r"convert_data\s*<\s*float\s*,\s*(\w+)\s*,\s*([\d\s*]+)>")
_TB_OUT = re.compile(r"convert_data_back\s*<\s*(\w+)\s*,\s*float\s*,\s*([\d\s*]+)>")
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
    if start < 0:
        raise ProjectError(files["top"], None, "no '// hls-fpga-machine-learning insert layers' marker")
    if _TASK.search(top):
        return _read_stream(src, files, text, types, packs, configs, weights, cls)
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


def _read_stream(src: Path, files: dict[str, Path], text: dict[str, str], types: dict[str, AcType],
                 packs: dict[str, int], configs: dict[str, dict[str, str]], weights: dict[str, AcArray],
                 cls: type[q.QuartusProject]) -> q.QuartusProject:
    """oneAPI io_stream: each ``task_sequence<nnet::f_stream<pipes…, config>>`` started by
    ``name.async(args)`` becomes the Quartus io_stream call ``f`` on the pipes (as stream names)."""
    top = text["top"]
    pipes = dict(_PIPE.findall(text["header"] + top))
    tasks = {m.group(3) or m.group(4): (m.group(1), [a.strip() for a in m.group(2).split(",")], q._line(top, m.start()))
             for m in _TASK.finditer(top)}
    calls = []
    for m in _ASYNC.finditer(top):
        if m.group(1) not in tasks:
            raise ProjectError(files["top"], q._line(top, m.start()), f"{m.group(1)}.async: no task_sequence declared")
        func, targs, line = tasks[m.group(1)]
        func = func if func in ("clone_stream", "repack_stream") else func.removesuffix("_stream")
        ins_outs = [a for a in targs if a in pipes]
        rest = [a for a in targs if a not in pipes]
        extra = [a.strip() for a in m.group(2).split(",") if a.strip()]
        elem = [pipes[a] for a in ins_outs]
        if func in q.PARAM_ACTIVATIONS:
            cfg = rest[-1] if rest else ""
            param_t = configs.get(cfg, {}).get("param_t", "")
            call = q.Call(func, (elem[0], param_t, elem[-1], *rest), (ins_outs[0], *extra, ins_outs[-1]),
                          q._line(top, m.start()))
        else:
            call = q.Call(func, (*elem, *rest), (*ins_outs, *extra), q._line(top, m.start()))
        calls.append(call)
    tb = (src / f"{files['top'].stem}_test.cpp")
    tb_text = tb.read_text() if tb.is_file() else ""
    inputs = [(pipe, types[pipes[pipe]], q._size(n)) for pipe, n in dict(_TB_IN.findall(tb_text)).items()
              if pipe in pipes]
    outputs = [(pipe, types[pipes[pipe]], q._size(n)) for pipe, n in dict(_TB_OUT.findall(tb_text)).items()
               if pipe in pipes]
    if not calls or not inputs or not outputs:
        raise ProjectError(tb if not inputs or not outputs else files["top"], None,
                           "cannot find the layer tasks or the testbench's convert_data<float, Pipe, N> calls")
    arrays = {pipe: (types[t], 0) for pipe, t in pipes.items() if t in types}
    net = cls(src, types, configs, weights, arrays, calls, inputs, outputs, True, packs)
    net.in_prefix = net.out_prefix = ""
    net.float_log = True
    return net
