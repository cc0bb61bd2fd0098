"""Firmware that cannot be right: the one detector ``verify``, ``trace``, ``compare`` and ``profile`` share.

Three things hls4ml writes that compile and run, yet cannot compute the model:

* a converted layer with no call in the top function: ``parameters.h`` has its config struct (or
  ``firmware/weights`` its weights) but no ``nnet::`` call uses it, so the layer is skipped;
* an output that stays the same over all inputs although the inputs vary (e.g. an ONNX model
  converted with ``'auto'`` precision whose first layer rounds everything to one value);
* lookup tables indexed outside their range (``nnet::sigmoid``/``tanh``/``softmax``... clamp the
  index to the table's ends: the value is the table's first or last entry, not the function's).

Each is a :class:`fxsim.findings.Finding` of kind ``"cannot be right"``; the commands print them
with :func:`fxsim.findings.warning_lines`.

>>> from fxsim.examples import example_project
>>> from fxsim.network import load_hls4ml
>>> net = load_hls4ml(example_project())
>>> x = list(net.project.testbench_inputs().values())
>>> cannot_be_right(net, x, trace=net.trace([a[:50] for a in x]))
[]
"""

from __future__ import annotations

import re

import numpy as np

from fxsim.findings import CANNOT_BE_RIGHT, Finding
from fxsim.network import Network, Trace
from fxsim.project.reader import Project

#: nnet functions computed through a lookup table (their index is clamped to the table's ends).
TABLE_FUNCTIONS = frozenset({"sigmoid", "tanh", "softmax", "softplus", "softsign", "elu", "selu"})


def uncalled_layers(project: Project) -> list[Finding]:
    """Config structs of ``parameters.h`` that no call of the top function uses and no other struct
    names (``typedef config2_mult mult_config;``), and weights no call reads: layers hls4ml converted
    but the top function never runs."""
    path = project.files.parameters
    text = path.read_text(errors="replace")
    lines = text.splitlines()
    called = {c.config for c in project.calls if c.config}
    mentioned = " ".join(a for c in project.calls for a in c.template_args)
    out = []
    for name in project.configs:
        if name in called or re.search(rf"\b{re.escape(name)}\b", mentioned):
            continue
        if len(re.findall(rf"\b{re.escape(name)}\b", text)) > 1:  # a sub-config of a called struct
            continue
        line = next((i for i, ln in enumerate(lines) if re.match(rf"\s*struct\s+{re.escape(name)}\b", ln)), None)
        layer = None
        if line is not None and line > 0 and lines[line - 1].strip().startswith("//"):
            layer = lines[line - 1].strip()[2:].strip() or None
        where = f"{path.name}:{line + 1}" if line is not None else path.name
        out.append(Finding(CANNOT_BE_RIGHT, f"layer {layer or name} was converted ({name} in parameters.h) but the "
                           f"top function {project.top} never calls it: the firmware skips it", layer=layer,
                           source=where))
    used = {w for c in project.calls for w in c.weights}
    unused = [w for w in project.weights if w not in used]
    if unused and len(unused) < len(project.weights):
        out.append(Finding(CANNOT_BE_RIGHT, f"weights {', '.join(unused)} are loaded but no call of {project.top} "
                           "uses them: a converted layer is not run", source=project.files.top_source.name))
    return out


def constant_outputs(inputs: list[np.ndarray], outputs: dict[str, np.ndarray]) -> list[Finding]:
    """Outputs (name -> ``(n, ...)`` raw or float values) that are the same for every event although
    the inputs differ."""
    flat = [np.asarray(a).reshape(len(a), -1) for a in inputs]
    if not flat or len(flat[0]) < 2 or all(np.all(a == a[:1]) for a in flat):
        return []
    out = []
    for name, v in outputs.items():
        v = np.asarray(v).reshape(len(v), -1)
        if len(v) >= 2 and np.all(v == v[:1]):
            out.append(Finding(CANNOT_BE_RIGHT, f"the firmware's output {name} is the same for all {len(v)} inputs "
                               "although they differ (check the types of the layers before it)", layer=name))
    return out


def table_clamps(trace: Trace, sample: str = "") -> list[Finding]:
    """Layers whose table lookups fell outside the table (index clamped to its ends)."""
    per: dict[str, int] = {}
    for (lay, _typ), c in trace.counts.items():
        if c.table_clamped:
            base = lay.split("[t=")[0].split(":")[0]
            per[base] = per.get(base, 0) + c.table_clamped
    return [Finding(CANNOT_BE_RIGHT, f"{n} table lookups of {lay} fell outside the table's range{sample} and were "
                    "clamped to its ends (widen the table's range or narrow its input)", layer=lay)
            for lay, n in per.items()]


def port_outputs(net: Network, trace: Trace) -> dict[str, np.ndarray]:
    """The trace's values of the layers that write the top function's output ports (layer name -> raw)."""
    ports = {net.project.resolve(p.name) for p in net.outputs}
    out = {}
    for lay in net.layers:
        a = trace.outputs.get(lay.name)
        if a is not None and lay.outputs and net.project.resolve(lay.outputs[-1]) in ports:
            out[lay.name] = np.asarray(a.raw)
    return out


def cannot_be_right(net: Network, inputs: list[np.ndarray], trace: Trace | None = None,
                    outputs: dict[str, np.ndarray] | None = None, sample: str = "") -> list[Finding]:
    """Every finding on ``net`` run on ``inputs``: uncalled layers; outputs constant over varying
    inputs (``outputs``: port name -> values, else the trace's output layers); table lookups out
    of range (needs ``trace``; ``sample`` says which events it covers, e.g. ``" (first 256 events)"``).

    >>> for f in cannot_be_right(net, x, trace=net.trace(x)): print(f.line())    # doctest: +SKIP
    """
    found = uncalled_layers(net.project)
    if outputs is None and trace is not None:
        outputs = port_outputs(net, trace)
    found += constant_outputs(inputs, outputs or {})
    if trace is not None:
        found += table_clamps(trace, sample)
    return found


def has_tables(net: Network) -> bool:
    """True when a layer of ``net`` looks values up in a table (worth tracing for :func:`table_clamps`)."""
    return any(lay.function in TABLE_FUNCTIONS for lay in net.layers)


__all__ = ["TABLE_FUNCTIONS", "uncalled_layers", "constant_outputs", "table_clamps", "port_outputs",
           "cannot_be_right", "has_tables"]
