"""``firmware/<project>.cpp``: the top function, its ports, intermediate arrays and layer calls.

Each ``nnet::NAME<T1, T2, configN>(a, b, w, ...);`` becomes a :class:`Call` whose arguments are
split into data inputs, data outputs and weights. Inputs/outputs follow from the data flow: an
array already written is read, a declared array not yet written is written, and the nnet
convention (inputs first, then outputs) settles the rest.

>>> top = parse_top('''
... void net(input_t x[4], result_t y[2]) {
...     #pragma HLS PIPELINE
...     layer2_t h[2];
...     nnet::dense<input_t, layer2_t, config2>(x, h, w2, b2); // fc1
...     nnet::relu<layer2_t, result_t, relu_config3>(h, y); // fc1_relu
... }''', "net.cpp", weight_names={"w2", "b2"}, macros={})
>>> top.name, [p.name for p in top.inputs], [p.name for p in top.outputs]
('net', ['x'], ['y'])
>>> c = top.calls[0]
>>> c.function, c.config, c.inputs, c.outputs, c.weights, c.layer
('dense', 'config2', ('x',), ('h',), ('w2', 'b2'), 'fc1')
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from fxsim.project.cparse import CValue, ExprError, evaluate, scan, split_top, strip_comments
from fxsim.project.errors import ProjectError


@dataclass(frozen=True)
class Port:
    """A top-function parameter: ``input_t input_1[16]`` or ``hls::stream<input_t> &input_1``.

    ``size`` is the element count for arrays (``None`` for streams: see ``Project.size_of``).
    """

    name: str
    type_name: str
    size: int | None
    stream: bool
    line: int


@dataclass(frozen=True)
class ArrayDecl:
    """An intermediate: ``layer2_t layer2_out[64];``, ``hls::stream<layer2_t> layer2_out("…");``
    (``depth`` from its ``#pragma HLS STREAM``) or ``auto& layer8_out = layer7_out;``
    (``alias_of``; type and size are the target's)."""

    name: str
    type_name: str | None
    size: int | None
    stream: bool
    line: int
    depth: int | None = None
    alias_of: str | None = None


@dataclass(frozen=True)
class Call:
    """One ``nnet::`` call of the top function, in execution order.

    ``function`` has no ``nnet::`` prefix; ``template_args`` and ``args`` are the source text;
    ``inputs``/``outputs``/``weights``/``constants`` partition ``args``; ``constants`` holds the
    values of literal arguments (``nnet::leaky_relu<…>(layer2_out, 0.3, layer4_out)`` -> ``(0.3,)``,
    a double the callee converts to its parameter type); ``config`` is the template argument that
    names a config struct (or ``None``); ``layer`` is hls4ml's trailing ``// layer name`` comment.
    """

    function: str
    template_args: tuple[str, ...]
    args: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    weights: tuple[str, ...]
    config: str | None
    layer: str | None
    line: int
    constants: tuple[int | float | bool, ...] = ()


@dataclass(frozen=True)
class WeightLoad:
    """``nnet::load_weights_from_txt<T, SIZE>(w2, "w2.txt");`` in the ``#ifndef __SYNTHESIS__`` block."""

    name: str
    type_name: str
    size: int
    file: str
    loader: str
    line: int


@dataclass
class TopFunction:
    """The parsed top function."""

    name: str
    line: int
    ports: list[Port] = field(default_factory=list)
    inputs: list[Port] = field(default_factory=list)
    outputs: list[Port] = field(default_factory=list)
    arrays: dict[str, ArrayDecl] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    weight_loads: list[WeightLoad] = field(default_factory=list)
    pragmas: list[tuple[int, str]] = field(default_factory=list)


_FUNCTION = re.compile(r"^(?:static\s+|inline\s+)*void\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<params>.*)\)$")
_STREAM_PORT = re.compile(r"^hls::stream\s*<(?P<type>.+)>\s*&\s*(?P<name>\w+)$")
_ARRAY_PORT = re.compile(r"^(?P<type>[\w:]+(?:\s*<.*>)?)\s+(?P<name>\w+)\s*(?P<dims>(?:\[[^\]]+\]\s*)+)$")
_STREAM_DECL = re.compile(
    r'^(?:static\s+)?hls::stream\s*<(?P<type>.+)>\s+(?P<name>\w+)\s*(?:\(\s*"[^"]*"\s*\))?$'
)
_ALIAS = re.compile(r"^auto\s*&\s*(?P<name>\w+)\s*=\s*(?P<target>\w+)$")
_CALL = re.compile(r"^(?P<func>[A-Za-z_][\w:]*)\s*(?:<(?P<targs>.*)>)?\s*\((?P<args>.*)\)$")
_STREAM_PRAGMA = re.compile(
    r"^#\s*pragma\s+HLS\s+STREAM\s+variable\s*=\s*(?P<name>\w+)(?:.*\bdepth\s*=\s*"
    r"(?P<depth>\d+))?",
    re.IGNORECASE,
)
_IDENT = re.compile(r"^[A-Za-z_]\w*$")
#: nnet functions with several data outputs (so an all-new argument list splits after one input).
MULTI_OUTPUT = ("clone", "split", "repack")


def _size(dims: str, macros, path, line) -> int:
    n = 1
    for d in re.findall(r"\[([^\]]+)\]", dims):
        try:
            v = evaluate(d, _no_names, macros)
        except ExprError as e:
            raise ProjectError(path, line, f"cannot evaluate array size [{d}]: {e}") from None
        if v.ctype in ("float", "double", "enum") or int(v.value) <= 0:
            raise ProjectError(path, line, f"array size [{d}] is not a positive integer")
        n *= int(v.value)
    return n


def _no_names(name: str) -> CValue:
    raise KeyError(name)


#: hls4ml <= 0.6 tops also return their port sizes (``unsigned short &const_size_in_1``, set from the
#: ``N_INPUT_*`` defines, multiplied for a multi-dimensional port: ``N_INPUT_1_1*N_INPUT_2_1*N_INPUT_3_1``,
#: hls4ml's ``size_cpp()``): no data flows through them, so they are not ports of the network.
_SIZE_PORT = re.compile(r"^\s*unsigned\s+short\s*&\s*const_size_(?:in|out)_\d+\s*$")
_SIZE_ASSIGN = re.compile(r"^\s*const_size_(?:in|out)_\d+\s*=\s*\w+(?:\s*\*\s*\w+)*\s*$")


def _port(text: str, macros, path, line) -> Port:
    m = _STREAM_PORT.match(text)
    if m:
        return Port(m.group("name"), " ".join(m.group("type").split()), None, True, line)
    m = _ARRAY_PORT.match(text)
    if m:
        return Port(
            m.group("name"),
            " ".join(m.group("type").split()),
            _size(m.group("dims"), macros, path, line),
            False,
            line,
        )
    raise ProjectError(
        path,
        line,
        f"cannot read top-function parameter {text!r}: expected 'type name[N]' or 'hls::stream<type> &name'",
    )


def find_top_function(text: str) -> str | None:
    """Name of the first function defined (``void name(...) {``) in C++ text."""
    clean, _ = strip_comments(text)
    m = re.search(r"(?m)^\s*void\s+([A-Za-z_]\w*)\s*\([^;{]*\)\s*\{", clean)
    return m.group(1) if m else None


def parse_top(
    text: str,
    path: str | Path,
    weight_names: Collection[str],
    macros,
    config_names: Collection[str] = (),
    top: str | None = None,
    undefined_reads: list[str] | None = None,
) -> TopFunction:
    """Parse the top function (the first ``void f(...) {`` or the one named ``top``).

    A call whose input array no earlier call writes (hls4ml wrote no call for the layer producing it) is an error,
    unless ``undefined_reads`` is a list: the read is then taken as the call's input and described there."""
    clean, notes = strip_comments(text)
    fn: TopFunction | None = None
    depth = 0  # blocks open inside the function (if/for in the csim region)
    done = False
    for item in scan(clean, path, macros):  # read to the end: scan checks that braces balance
        if done:
            continue
        if fn is None:
            if item.kind == "open":
                m = _FUNCTION.match(item.text)
                if m and (top is None or m.group("name") == top):
                    fn = TopFunction(m.group("name"), item.line)
                    for p in split_top(m.group("params")):
                        if p and p != "void" and not _SIZE_PORT.match(p):
                            fn.ports.append(_port(p, macros, path, item.line))
            continue
        if item.kind == "open":
            if item.region == "csim":
                depth += 1
                continue
            raise ProjectError(path, item.line, f"unsupported block {item.text!r} in the top function")
        if item.kind == "close":
            if depth:
                depth -= 1
                continue
            done = True
            continue
        if item.region == "synth":
            continue
        if item.region == "csim":
            _csim_statement(fn, item, path, macros)
            continue
        if item.kind == "directive":
            m = _STREAM_PRAGMA.match(item.text)
            if m and m.group("depth") and m.group("name") in fn.arrays:
                a = fn.arrays[m.group("name")]
                fn.arrays[a.name] = ArrayDecl(
                    a.name, a.type_name, a.size, a.stream, a.line, int(m.group("depth"))
                )
            if re.match(r"^#\s*pragma\b", item.text):
                fn.pragmas.append((item.line, item.text))
            continue
        _body_statement(
            fn, item.text, item.line, notes.get(item.line), path, weight_names, macros, config_names
        )
    if fn is None:
        raise ProjectError(
            path, None, f"no top function {'named ' + top if top else ''} defined".replace("  ", " ")
        )
    if not done:
        raise ProjectError(path, None, f"top function {fn.name} is not closed")
    _classify(fn, set(weight_names), path, undefined_reads)
    return fn


def _csim_statement(fn: TopFunction, item, path, macros) -> None:
    if item.kind != "stmt":
        return
    m = _CALL.match(item.text)
    if not m or not m.group("func").startswith("nnet::load_"):
        return  # static bool loaded_weights, trace calls, ...
    loader = m.group("func").split("::")[-1]
    targs = split_top(m.group("targs") or "")
    args = split_top(m.group("args"))
    if len(targs) != 2 or len(args) != 2 or not re.fullmatch(r'"[^"]*"', args[1]):
        raise ProjectError(path, item.line, f"cannot read weight loading {item.text!r}")
    fn.weight_loads.append(
        WeightLoad(
            args[0],
            targs[0],
            _size(f"[{targs[1]}]", macros, path, item.line),
            args[1][1:-1],
            loader,
            item.line,
        )
    )


def _body_statement(
    fn: TopFunction, text: str, line: int, note: str | None, path, weight_names, macros, config_names
) -> None:
    m = _ALIAS.match(text)
    if m:
        fn.arrays[m.group("name")] = ArrayDecl(
            m.group("name"), None, None, False, line, alias_of=m.group("target")
        )
        return
    m = _STREAM_DECL.match(text)
    if m:
        fn.arrays[m.group("name")] = ArrayDecl(
            m.group("name"), " ".join(m.group("type").split()), None, True, line
        )
        return
    m = _CALL.match(text)
    if m and m.group("func").startswith("nnet::"):
        args = tuple(split_top(m.group("args")))
        constants = []
        for a in args:
            if _IDENT.match(a) and a not in ("true", "false"):
                continue
            try:
                v = evaluate(a, _no_names, macros)
            except ExprError:
                raise ProjectError(
                    path, line, f"call argument {a!r} is not an array or weight name"
                ) from None
            if v.ctype == "enum":
                raise ProjectError(path, line, f"call argument {a!r} is not an array or weight name")
            constants.append(v.value)
        targs = tuple(split_top(m.group("targs") or ""))
        configs = (
            [t for t in targs if t in config_names]
            if config_names
            else [t for t in targs if re.fullmatch(r"\w*config\w*", t)]
        )
        if config_names and not configs:
            unknown = [t for t in targs if re.fullmatch(r"\w*config\w*", t)]
            if unknown:
                near = [c for c in sorted(config_names) if c.lower() == unknown[-1].lower()]
                hint = (f" (it defines {near[0]}: the names differ in case, so the firmware does not compile — an "
                        "hls4ml naming bug, e.g. a Keras Softmax layer's config)" if near else "")
                raise ProjectError(path, line, f"nnet::{m.group('func')[6:]} names config {unknown[-1]}, "
                                   f"which parameters.h does not define{hint}")
        fn.calls.append(
            Call(
                m.group("func")[len("nnet::") :],
                targs,
                args,
                (),
                (),
                (),
                configs[-1] if configs else None,
                note or None,
                line,
                tuple(constants),
            )
        )
        return
    m = _ARRAY_PORT.match(text)
    if m and not text.startswith("static"):
        fn.arrays[m.group("name")] = ArrayDecl(
            m.group("name"),
            " ".join(m.group("type").split()),
            _size(m.group("dims"), macros, path, line),
            False,
            line,
        )
        return
    if _SIZE_ASSIGN.match(text):   # hls4ml <= 0.6: ``const_size_in_1 = N_INPUT_1_1;`` (see _SIZE_PORT)
        return
    raise ProjectError(
        path,
        line,
        f"cannot read {text!r} in top function {fn.name}: expected an array or "
        "stream declaration, 'auto& a = b' or an nnet:: call",
    )


def _classify(fn: TopFunction, weights: set[str], path, undefined_reads: list[str] | None = None) -> None:
    """Split each call's arguments into inputs, outputs and weights; find the top inputs/outputs."""
    ports = {p.name: p for p in fn.ports}
    aliases = {a.name: a.alias_of for a in fn.arrays.values() if a.alias_of}

    def base(name: str) -> str:
        seen = set()
        while name in aliases and name not in seen:
            seen.add(name)
            name = aliases[name]
        return name

    written: set[str] = set()
    port_role: dict[str, str] = {}
    for i, call in enumerate(fn.calls):
        for a in call.args:
            if not _IDENT.match(a) or a in ("true", "false"):
                continue
            if a not in weights and base(a) not in ports and base(a) not in fn.arrays:
                raise ProjectError(
                    path,
                    call.line,
                    f"argument {a!r} of nnet::{call.function} is neither a "
                    "port, a declared array nor a weight",
                )
        data = [a for a in call.args if a not in weights and _IDENT.match(a) and a not in ("true", "false")]
        status = []
        for a in data:
            b = base(a)
            if b in written or port_role.get(b) == "in":
                status.append("in")
            elif b in ports and b not in port_role:
                status.append("?")
            elif b in ports:
                status.append("out")  # a port already written: written again
            else:
                status.append("out")
        ins = [k for k, s in enumerate(status) if s == "in"]
        outs = [k for k, s in enumerate(status) if s == "out"]
        lo = max(ins[-1] + 1 if ins else 0, 1)
        hi = min(outs[0] if outs else len(data), len(data) - 1)
        unwritten = [a for a in data[:1] if base(a) in fn.arrays and base(a) not in written]
        if unwritten and (len(data) < 2 or lo > hi):
            what = (f"nnet::{call.function} reads {unwritten[0]}, which no call before it writes (its values would "
                    "be undefined): a layer disabled or deleted?")
            if undefined_reads is None or len(data) < 2:
                raise ProjectError(path, call.line, what)
            undefined_reads.append(f"{path}:{call.line}: {what}")
            status[0] = "in"                      # a data argument first: the call's input, whatever wrote it
            ins = [k for k, s in enumerate(status) if s == "in"]
            outs = [k for k, s in enumerate(status) if s == "out"]
            lo = max(ins[-1] + 1, 1)
            hi = min(outs[0] if outs else len(data), len(data) - 1)
        if len(data) < 2 or lo > hi:
            raise ProjectError(
                path,
                call.line,
                f"cannot tell inputs from outputs of nnet::{call.function}"
                f"({', '.join(call.args)}): arrays read before written?",
            )
        multi = any(call.function.startswith(p) for p in MULTI_OUTPUT)
        split = lo if (multi or lo == hi) else hi
        if multi and outs:
            split = max(lo, min(split, outs[0]))
        inputs, outputs = tuple(data[:split]), tuple(data[split:])
        for a in inputs:
            if base(a) in ports:
                port_role.setdefault(base(a), "in")
        for a in outputs:
            b = base(a)
            if b in ports:
                if port_role.get(b) == "in":
                    raise ProjectError(path, call.line, f"top input {b} is written by nnet::{call.function}")
                port_role[b] = "out"
            written.add(b)
        fn.calls[i] = Call(
            call.function,
            call.template_args,
            call.args,
            inputs,
            outputs,
            tuple(a for a in call.args if a in weights),
            call.config,
            call.layer,
            call.line,
            call.constants,
        )
    for k, p in enumerate(fn.ports):
        role = port_role.get(p.name)
        if role is None:
            if undefined_reads is None:
                raise ProjectError(path, p.line, f"top-function port {p.name} is used by no call")
            # hls4ml declares the inputs first: a port before every written one is an input nothing reads
            later_out = any(port_role.get(q.name) == "out" for q in fn.ports[k + 1:])
            role = "in" if later_out else "out"
            undefined_reads.append(f"{path}:{p.line}: top-function port {p.name} is used by no call "
                                   f"(taken as an {'input' if role == 'in' else 'output'}).")
        (fn.inputs if role == "in" else fn.outputs).append(p)
