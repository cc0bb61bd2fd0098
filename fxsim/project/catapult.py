"""Read an hls4ml **Catapult** project (``ac_fixed``, the Siemens HLS flow hls4ml uses for ASICs).

Layout (``writer/catapult_writer.py``): ``firmware/ac_types/include`` (AC 4.8), ``firmware/ac_math``,
``firmware/ac_simutils``; ``firmware/defines.h`` and ``parameters.h`` as for Vivado but with ac
types; weights read at run time from ``firmware/weights/*.txt`` (``istringstream >> double``, then
``ac_fixed(double)``); ``void myproject(input_t in[N], result_t out[M])``; the testbench parses
inputs with ``atof`` into ``float`` and writes ``tb_data/csim_results.log`` with
``nnet::print_result`` (exact AC decimals, one space after each value).

Supported so far: io_parallel ``dense`` (latency strategy), ``relu``, ``linear`` and the merge
``add``/``subtract``/``multiply``/``average``. Known template hazard, reported by :func:`hazards` and
by ``fxsim verify``: ``nnet::average`` multiplies by ``ac_fixed<1,-1,false>(0.5)``, whose only values
are 0 and 0.25, so 0.5 wraps to 0 and **every Average merge outputs 0** (fxsim reproduces that).

>>> is_catapult_project("/nonexistent")
False
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType
from fxsim.layers import catapult_dense, quartus_activation
from fxsim.project import quartus as q
from fxsim.project.errors import ProjectError
from fxsim.project.testbench import read_dat

_TOP = re.compile(r"void\s+(?:CCS_BLOCK\s*\(\s*(\w+)\s*\)|(\w+))\s*\(([^)]*)\)\s*\{")
_ARG = re.compile(r"(\w+)\s+(\w+)\s*\[\s*([\d\s*]+)\s*\]")
_LOAD = re.compile(r"load_weights_from_txt\s*<\s*(\w+)\s*,\s*(\d+)\s*>\s*\(\s*(\w+)\s*,\s*\"([^\"]+)\"\s*\)")

#: The factor Catapult's ``nnet::average`` multiplies by: ``ac_fixed<1,-1,false>(0.5)``.
AVERAGE_FACTOR_T = AcType(1, -1, False)


def is_catapult_project(path: str | Path) -> bool:
    """``firmware/ac_types/include`` (Catapult nests the AC headers) and ``build_prj.tcl``."""
    p = Path(path)
    return (p / "firmware" / "ac_types" / "include").is_dir() and (p / "build_prj.tcl").is_file()


class CatapultProject(q.QuartusProject):
    """A parsed Catapult project; :meth:`predict` runs it (same parsing as Quartus, other layers)."""

    in_prefix = ""
    out_prefix = ""

    def hazards(self) -> list[str]:
        """Template hazards this configuration hits, one line each."""
        out = []
        for c in self.calls:
            if c.func == "average":
                out.append(f"{c.args[2]} (myproject.cpp:{c.line}): Catapult's nnet::average multiplies by "
                           "ac_fixed<1,-1,false>(0.5), which is 0: this Average merge always outputs 0")
        return out

    def _run(self, c: q.Call, env: dict[str, AcArray]) -> AcArray:
        src = self.path / "firmware" / "myproject.cpp"
        if c.func in ("add", "subtract", "multiply", "average"):
            a, b = env[c.args[0]], env[c.args[1]]
            res_t = self._out_type(c.args[2], c)
            if c.func == "average":
                r = (a + b) * AcArray.from_float([0.5], AVERAGE_FACTOR_T)[0]
            else:
                r = a + b if c.func == "add" else (a - b if c.func == "subtract" else a * b)
            return r.cast(res_t)
        data = env[c.args[0]]
        if c.func == "=alias":
            return data
        res_t = self._out_type(c.args[1], c)
        if c.func == "dense":
            cfg = self.configs[c.targs[2]]
            if "latency" not in cfg.get("strategy", "nnet::latency"):
                raise ProjectError(src, c.line, "Catapult dense with the resource strategy is not simulated yet")
            return catapult_dense.dense_latency(data, self.weights[c.args[2]], self.weights[c.args[3]],
                                                q._size(cfg["n_in"]), q._size(cfg["n_out"]),
                                                self._type(cfg["accum_t"], c), res_t)
        if c.func == "relu":  # ac_math::ac_relu: the same values as x > 0 ? x : 0
            return quartus_activation.relu(data, res_t)
        if c.func == "linear":
            return quartus_activation.linear(data, res_t)
        raise ProjectError(src, c.line, f"layer nnet::{c.func} is not simulated yet for Catapult projects "
                                        "(supported: dense, relu, linear, add, subtract, multiply, average)")


def load_catapult(path: str | Path, name: str = "myproject") -> CatapultProject:
    """Parse the Catapult project at ``path`` (weights from ``firmware/weights/*.txt``)."""
    p = Path(path)
    fw = p / "firmware"
    top_file = fw / f"{name}.cpp"
    for f in (fw / "defines.h", fw / "parameters.h", top_file):
        if not f.is_file():
            raise ProjectError(f, None, "file does not exist (not a Catapult project?)")
    types = {m.group(2): q._parse_type(m.group(1), fw / "defines.h", 0)
             for m in q._TYPEDEF.finditer((fw / "defines.h").read_text())}
    configs = {}
    for m in q._STRUCT.finditer((fw / "parameters.h").read_text()):
        fields = {k: v.strip() for k, v in q._CONST.findall(m.group(3))}
        fields.update({k: v.strip() for v, k in q._MEMBER_TYPEDEF.findall(m.group(3))})
        configs[m.group(1)] = fields
    top = re.sub(r"/\*.*?\*/", lambda c: "\n" * c.group(0).count("\n"), top_file.read_text(), flags=re.S)
    weights: dict[str, AcArray] = {}
    for m in _LOAD.finditer(top):
        t, size, var, fname = types.get(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        wf = fw / "weights" / fname
        if t is None or not wf.is_file():
            raise ProjectError(wf, None, f"weights of {var}: unknown type {m.group(1)!r} or missing file")
        first = wf.read_text().split("\n", 1)[0]
        try:
            vals = np.array([float(v) for v in first.split(",")], dtype=np.float64)
        except ValueError:
            raise ProjectError(wf, 1, "weights are not comma-separated decimal numbers") from None
        if vals.size != size:
            raise ProjectError(wf, 1, f"{vals.size} values, the firmware expects {size}")
        weights[var] = AcArray.from_float(vals, t)
    m = next((t for t in _TOP.finditer(top) if name in (t.group(1), t.group(2))), None)
    if m is None:
        raise ProjectError(top_file, None, f"no top function 'void {name}(...)'")
    args = [(v, types[t], q._size(n)) for t, v, n in _ARG.findall(m.group(3)) if t in types]
    body = top[m.end():]
    start = body.find("insert layers")
    arrays = {d.group(2): (types[d.group(1)], q._size(d.group(3))) for d in q._DECL.finditer(body, start)
              if d.group(1) in types}
    line0 = top[:m.end()].count("\n")
    calls = [q.Call(c.group(1), tuple(a.strip() for a in c.group(2).split(",")),
                    tuple(a.strip() for a in c.group(3).split(",")), line0 + body[:c.start()].count("\n") + 1)
             for c in q._CALL.finditer(body, start)]
    written = {c.args[-1] if c.func in ("add", "subtract", "multiply", "average") else c.args[1] for c in calls}
    inputs = [a for a in args if a[0] not in written]
    outputs = [a for a in args if a[0] in written]
    return CatapultProject(p, types, configs, weights, arrays, calls, inputs, outputs)


def verify_log(path: str | Path, max_report: int = 10) -> q.LogReport:
    """Run on ``tb_data/tb_input_features.dat`` (``atof`` -> float) and compare byte for byte with
    ``tb_data/csim_results.log``; hazards are listed first."""
    p = Path(path)
    log = p / "tb_data" / "csim_results.log"
    if not log.is_file():
        raise ProjectError(log, None, "file does not exist (run the testbench first)")
    net = load_catapult(p)
    x = np.array(read_dat(p / "tb_data" / "tb_input_features.dat"))
    want = log.read_text().split("\n")
    if want and want[-1] == "":
        want.pop()
    got = net.log_lines(x[:len(want)])
    bad = [i for i, (w, g) in enumerate(zip(want, got, strict=True)) if w != g]
    head = f"Catapult project {p} (ac_fixed, AC 4.8 semantics): {len(want)} events"
    notes = [f"HAZARD: {h}" for h in net.hazards()]
    if not bad:
        return q.LogReport(True, "\n".join([f"IDENTICAL: {head}", *notes]))
    lines = [f"MISMATCH: {head}; {len(bad)} events differ", *notes]
    for i in bad[:max_report]:
        lines += [f"  event {i}: expected {want[i]!r}", f"  event {i}: simulated {got[i]!r}"]
    return q.LogReport(False, "\n".join(lines))
