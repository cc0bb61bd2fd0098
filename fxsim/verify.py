"""Compare a firmware's reference outputs with fxsim's, bit for bit, and say where they differ.

References are what users have: the testbench's ``tb_data/csim_results.log`` (or
``rtl_cosim_results.log``, or any text log in that format), or a ``.npy``/``.npz`` of float
outputs (e.g. ``hls_model.predict``). Printed logs are compared by printing fxsim's raw outputs
exactly as the headers' ``operator<<`` does and comparing the text; where the printed digits are
too few to pin down one raw value, the report says so instead of guessing.

>>> from fxsim.network import load_hls4ml                     # doctest: +SKIP
>>> net = load_hls4ml("prj")                                   # doctest: +SKIP
>>> r = verify(net, *default_reference(net))                   # doctest: +SKIP
>>> r.identical, r.n_events                                    # doctest: +SKIP
(True, 2000)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fxsim import firmware_checks, printing
from fxsim.array import FixedArray
from fxsim.findings import Finding, findings_json, warning_lines
from fxsim.network import Network, NetworkError
from fxsim.project.testbench import read_dat, read_log


class ReferenceError(ValueError):
    """A reference or input file that cannot be used as given (names the file and line)."""


@dataclass
class Mismatch:
    """One output value that differs."""

    event: int
    output: str
    index: int
    expected: str
    simulated: str
    raw: int
    raw_hex: str
    type: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Report:
    """The outcome of :func:`verify`."""

    project: str
    reference: str
    n_events: int
    n_values: int
    mismatched_events: int
    mismatched_values: int
    ambiguous_values: int
    mismatches: list[Mismatch] = field(default_factory=list)
    first_layer: dict | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: the first event that differs (``None`` when identical)
    first_event: int | None = None
    #: what the firmware does that is probably not meant (printed as warning lines, :mod:`fxsim.findings`)
    findings: list[Finding] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return self.mismatched_values == 0

    def as_dict(self) -> dict:
        return dict(verdict="identical" if self.identical else "mismatch", project=self.project,
                    reference=self.reference, n_events=self.n_events, n_values=self.n_values,
                    mismatched_events=self.mismatched_events, mismatched_values=self.mismatched_values,
                    ambiguous_values=self.ambiguous_values, notes=self.notes, seconds=self.seconds,
                    first_mismatches=[m.as_dict() for m in self.mismatches], first_layer=self.first_layer,
                    warnings=findings_json(self.findings))

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2)

    def text(self) -> str:
        """The human-readable verdict."""
        rate = self.n_events / self.seconds if self.seconds > 0 else float("nan")
        head = "IDENTICAL" if self.identical else "MISMATCH"
        lines = [f"{head}: {self.project} vs {self.reference}",
                 f"  {self.n_events} events, {self.n_values} values; "
                 f"{self.mismatched_values} values differ in {self.mismatched_events} events "
                 f"({self.seconds:.2f} s, {rate:,.0f} events/s)"]
        if self.ambiguous_values:
            lines.append(f"  {self.ambiguous_values} values are printed with too few digits to pin down one "
                         "raw value: they agree as printed, not necessarily bit for bit")
        lines += [f"  note: {n}" for n in self.notes]
        if self.mismatches:
            lines.append("  first mismatches (event, output[index]: expected | simulated | raw bits):")
            for m in self.mismatches:
                lines.append(f"    event {m.event}, {m.output}[{m.index}]: {m.expected} | {m.simulated} | "
                             f"{m.raw_hex} ({m.type})")
        if self.first_layer and self.first_layer.get("first_disagreeing_layer"):
            d = self.first_layer["first_disagreeing_layer"]
            lines.append(f"  first layer that disagrees with the trace reference: {d['layer']} "
                         + (f"(nnet::{d['function']} -> {d['type']}, {d['mismatched_values']} values; event "
                            f"{d['event']}[{d['index']}]: expected {d['expected']!r}, simulated {d['simulated']!r}; "
                            f"{d['source']})" if "function" in d else f"({d['reason']})"))
        if self.first_layer:
            fl = self.first_layer
            lines.append(f"  in event {fl['event']}, per layer (first layer with saturation/wrap/clamp first):")
            for row in fl["layers"]:
                lines.append("    " + row)
        lines += warning_lines(self.findings)
        return "\n".join(lines)


def _raw_hex(v: int, width: int) -> str:
    return f"0x{v & ((1 << width) - 1):0{(width + 3) // 4}x}"


def default_reference(net: Network) -> tuple[list[np.ndarray], Path]:
    """The project's testbench inputs and its C-simulation log (or co-simulation log)."""
    p = net.project
    inputs = list(p.testbench_inputs().values())
    for cand in (p.files.csim_log, p.files.root / "tb_data" / "rtl_cosim_results.log"):
        if cand.is_file():
            return inputs, cand
    raise ReferenceError(f"{p.files.csim_log}: no C-simulation log; run the testbench first or "
                         "pass --expected")


#: The most events one input or reference file may hold (``FXSIM_MAX_SAMPLES`` overrides it).
MAX_SAMPLES = int(os.environ.get("FXSIM_MAX_SAMPLES", 100_000_000))
#: The most bytes fxsim loads from one ``.npy``/``.npz`` array (``FXSIM_MAX_ARRAY_BYTES``).
MAX_ARRAY_BYTES = int(os.environ.get("FXSIM_MAX_ARRAY_BYTES", 16 * 1024**3))


def _npy_header(f, where: str) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype from an ``.npy`` header, without reading the data."""
    from numpy.lib import format as npf

    try:
        version = npf.read_magic(f)
        reader = npf.read_array_header_1_0 if version == (1, 0) else npf.read_array_header_2_0
        shape, _fortran, dtype = reader(f)
    except (ValueError, OSError, SyntaxError) as e:
        raise ReferenceError(f"{where}: not a readable .npy array ({' '.join(str(e).split())[:120]})") from None
    return tuple(int(d) for d in shape), dtype


def _check_header(shape: tuple[int, ...], dtype: np.dtype, where: str) -> None:
    if dtype.fields is not None or dtype.kind not in "iuf":
        raise ReferenceError(f"{where}: dtype {dtype} is not a real number type (integers or floats only; "
                             "no complex, structured, boolean, string or object arrays)")
    if len(shape) == 0:
        raise ReferenceError(f"{where}: a 0-d array (one scalar); give shape (n_events, n_values)")
    if shape[0] > MAX_SAMPLES:
        raise ReferenceError(f"{where}: {shape[0]} events is more than fxsim's limit of {MAX_SAMPLES} "
                             "(FXSIM_MAX_SAMPLES); split the file")
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise ReferenceError(f"{where}: shape {shape} is {nbytes} bytes, more than fxsim's limit of "
                             f"{MAX_ARRAY_BYTES} (FXSIM_MAX_ARRAY_BYTES)")


def _checked(a: np.ndarray, where: str) -> np.ndarray:
    """A user's array as float64, checked for dtype, rank and finiteness."""
    a = np.asarray(a)
    _check_header(a.shape, a.dtype, where)
    out = np.asarray(a, dtype=np.float64)
    if not np.isfinite(out).all():
        bad = np.argwhere(~np.isfinite(out))[0]
        v = out[tuple(bad)]
        raise ReferenceError(f"{where}: non-finite value {'NaN' if np.isnan(v) else v} in sample {int(bad[0])} "
                             f"(index {tuple(int(i) for i in bad)})")
    return out


def load_array(path: str | Path) -> np.ndarray | dict[str, np.ndarray]:
    """A ``.npy`` array, or an ``.npz``'s arrays by name, as float64: headers checked (dtype, rank,
    size limits) before any data is read; never unpickles."""
    path = Path(path)
    if not path.is_file():
        raise ReferenceError(f"{path}: file does not exist")
    if path.suffix.lower() == ".npy":
        with open(path, "rb") as f:
            shape, dtype = _npy_header(f, str(path))
            _check_header(shape, dtype, str(path))
            need = int(np.prod(shape, dtype=object)) * dtype.itemsize
            if path.stat().st_size - f.tell() < need:
                raise ReferenceError(f"{path}: header says shape {shape} ({need} bytes), the file is shorter")
        try:
            data = np.load(path, allow_pickle=False)
        except ValueError as e:
            raise ReferenceError(f"{path}: {' '.join(str(e).split())[:160]}") from None
        return _checked(data, str(path))
    import zipfile

    try:
        z = np.load(path, allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile) as e:
        raise ReferenceError(f"{path}: not a readable .npz ({' '.join(str(e).split())[:120]})") from None
    out = {}
    with z:
        for k in z.files:
            where = f"{path}[{k}]"
            try:
                with z.zip.open(k + ".npy") as f:
                    shape, dtype = _npy_header(f, where)
            except KeyError:
                raise ReferenceError(f"{where}: not an array member") from None
            _check_header(shape, dtype, where)
            out[k] = _checked(z[k], where)
    return out


def _csv_rows(path: Path, need: int) -> list[np.ndarray]:
    """CSV rows of exactly ``need`` numbers (a header row of names is skipped; an index column or
    any other count is an error naming the line)."""
    from fxsim.project.files import read_text

    rows: list[np.ndarray] = []
    lines = read_text(path).splitlines()
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        toks = [t.strip() for t in line.split(",")]
        try:
            vals = [float(t) for t in toks]
        except ValueError:
            first = i == next(k for k, ln in enumerate(lines, 1) if ln.strip())
            if not rows and first and not any(_is_float(t) for t in toks):
                if len(toks) != need or not toks[0]:
                    hint = " (the first unnamed: an index column?)" if not toks[0] else ""
                    raise ReferenceError(f"{path}:{i}: header has {len(toks)} columns{hint}, "
                                         f"the network takes {need} values per event") from None
                continue  # a header row of column names
            bad = next(t for t in toks if not _is_float(t))
            raise ReferenceError(f"{path}:{i}: {bad[:30]!r} is not a number") from None
        if len(vals) != need:
            hint = " (an index column? write the CSV without it)" if len(vals) == need + 1 else ""
            raise ReferenceError(f"{path}:{i}: {len(vals)} values, the network takes {need} per event{hint}")
        rows.append(np.array(vals, dtype=np.float32))
        if len(rows) > MAX_SAMPLES:
            raise ReferenceError(f"{path}: more than fxsim's limit of {MAX_SAMPLES} events (FXSIM_MAX_SAMPLES)")
    if not rows:
        raise ReferenceError(f"{path}: no data rows")
    return rows


def _is_float(t: str) -> bool:
    try:
        float(t)
    except ValueError:
        return False
    return True


def load_inputs(net: Network, path: str | Path) -> list[np.ndarray]:
    """Inputs from ``.dat``/``.txt`` text (read as the testbench does: float32), ``.csv`` (float32;
    one optional header row; exactly one value per input element), ``.npy`` (one input port) or
    ``.npz`` (one array per input port, matched by port name; ``np.savez(f, x)`` for one port).
    Every array is checked for dtype (real numbers), rank, size and finiteness."""
    path = Path(path)
    if not path.is_file():
        raise ReferenceError(f"{path}: input file does not exist")
    suffix = path.suffix.lower()
    ports = [p.name for p in net.inputs]
    if suffix in (".npy", ".npz"):
        loaded = load_array(path)
        if isinstance(loaded, np.ndarray):
            if len(ports) != 1:
                raise ReferenceError(f"{path}: one array, but {net.name} has {len(ports)} inputs "
                                     f"({', '.join(ports)}): use an .npz with one array per input name")
            arrays = {ports[0]: loaded}
        elif set(ports) <= set(loaded):
            extra = sorted(set(loaded) - set(ports))
            if extra:
                raise ReferenceError(f"{path}: array {extra[0]!r} matches no input of {net.name} "
                                     f"(inputs: {', '.join(ports)})")
            arrays = loaded
        elif len(ports) == 1 and list(loaded) == ["arr_0"]:
            arrays = {ports[0]: loaded["arr_0"]}
        else:
            raise ReferenceError(f"{path}: arrays {', '.join(sorted(loaded)) or '(none)'} do not match the inputs "
                                 f"of {net.name} by name ({', '.join(ports)})")
        out = []
        for p in net.inputs:
            a = arrays[p.name]
            if a.ndim < 2 or int(np.prod(a.shape[1:])) != p.size:
                raise ReferenceError(f"{path}: {p.name} has shape {a.shape}; {net.name} takes "
                                     f"(n_events, {p.size})")
            out.append(a.reshape(a.shape[0], p.size))
        if len({a.shape[0] for a in out}) > 1:
            raise ReferenceError(f"{path}: the inputs have different event counts "
                                 f"({', '.join(f'{n}: {a.shape[0]}' for n, a in zip(ports, out))})")
        return out
    sizes = [p.size for p in net.inputs]
    need = sum(sizes)
    if suffix == ".csv":
        rows = _csv_rows(path, need)
    else:
        rows = read_dat(path)
    for i, r in enumerate(rows):
        if r.size < need:
            raise ReferenceError(f"{path}:{i + 1}: {r.size} values, the network takes {need} per event")
    x = np.array([r[:need] for r in rows], dtype=np.float64).reshape(len(rows), need)
    out, off = [], 0
    for s in sizes:
        out.append(x[:, off:off + s])
        off += s
    return out


def verify(net: Network, inputs: list[np.ndarray], expected: str | Path | np.ndarray,
           max_report: int = 10, precision: int = printing.DEFAULT_PRECISION,
           trace_reference: dict[str, np.ndarray] | None = None, check_tables: bool = False) -> Report:
    """Run ``net`` on ``inputs`` and compare with ``expected`` (a log path, ``.npy``/``.npz``
    path, or an array of float outputs). With ``trace_reference`` (per-layer outputs, e.g. from
    hls4ml's ``trace``), a mismatch report names the first layer that disagrees. ``report.findings``:
    firmware that cannot be right; with ``check_tables`` (``fxsim verify`` sets it) also table
    lookups out of range in the first :data:`TABLE_CHECK_EVENTS` events (a trace: about a second)."""
    import time

    from fxsim.kernels.compile_clock import compile_clock

    t0 = time.perf_counter()
    with compile_clock() as clock:
        outs = net.run(inputs)
    seconds = time.perf_counter() - t0
    n_events = outs[0].shape[0]
    names = [p.name for p in net.outputs]
    ref_name = str(expected) if not isinstance(expected, np.ndarray) else "array"
    if isinstance(expected, np.ndarray) or Path(expected).suffix.lower() in (".npy", ".npz"):
        report = _compare_values(outs, names, _load_values(expected), n_events, max_report)
    else:
        printed = net.project.printed_sizes()
        shown = [min(printed.get(n, o.raw.reshape(n_events, -1).shape[1]), o.raw.reshape(n_events, -1).shape[1])
                 for n, o in zip(names, outs)]
        report = _compare_log(outs, names, Path(expected), n_events, max_report, precision, shown)
    report.project = str(net.project.files.root)
    report.reference = ref_name
    report.seconds = seconds
    report.findings += _findings(net, inputs, outs, check_tables)  # fxsim.firmware_checks (compare helper)
    if clock.seconds >= 0.05:
        report.notes.append(f"the time includes {clock.seconds:.1f} s compiling Numba kernels (once per machine: "
                            "they are cached)")
    if not report.identical:
        ev = report.first_event if report.first_event is not None else report.mismatches[0].event
        report.first_layer = explain_event(net, [a[ev:ev + 1] for a in inputs], ev)
        if trace_reference is not None:
            bad = sorted({m.event for m in report.mismatches})
            found = first_disagreeing_layer(net, inputs, trace_reference, np.array(bad))
            if found is not None and "event" in found:
                found["event"] = bad[found["event"]]
            report.first_layer["first_disagreeing_layer"] = found
    return report


#: events traced to look for table lookups out of range (verify itself does not trace)
TABLE_CHECK_EVENTS = 64


def _findings(net: Network, inputs: list[np.ndarray], outs: list[FixedArray], check_tables: bool) -> list[Finding]:
    """Firmware that cannot be right (:func:`fxsim.firmware_checks.cannot_be_right`): uncalled layers,
    outputs constant over varying inputs, and, with ``check_tables`` when the network has lookup
    tables, table lookups out of range in the first :data:`TABLE_CHECK_EVENTS` events."""
    trace, sample = None, ""
    n = min(TABLE_CHECK_EVENTS, len(inputs[0])) if check_tables else 0
    if n > 0 and firmware_checks.has_tables(net):
        trace = net.trace([a[:n] for a in inputs])
        sample = f" (in the first {n} events)" if n < len(inputs[0]) else ""
    ports = {p.name: np.asarray(o.raw) for p, o in zip(net.outputs, outs)}
    return firmware_checks.cannot_be_right(net, inputs, trace=trace, outputs=ports, sample=sample)


def _load_values(expected) -> np.ndarray:
    if isinstance(expected, np.ndarray):
        return _checked(expected, "expected array")
    loaded = load_array(expected)
    if isinstance(loaded, dict):
        if len(loaded) != 1:
            raise ReferenceError(f"{expected}: {len(loaded)} arrays ({', '.join(sorted(loaded))}); an expected "
                                 ".npz holds one array of all outputs per event")
        return next(iter(loaded.values()))
    return loaded


def _compare_values(outs: list[FixedArray], names: list[str], ref: np.ndarray, n_events: int,
                    max_report: int) -> Report:
    sim = np.concatenate([o.to_float().reshape(n_events, -1) for o in outs], axis=1)
    ref = np.asarray(ref, dtype=np.float64)
    ref = ref.reshape(ref.shape[0], -1) if ref.ndim > 1 else ref.reshape(-1, 1)
    if ref.shape != sim.shape:
        raise ReferenceError(f"reference has shape {ref.shape}, the network gives {sim.shape} "
                             f"({n_events} events x {sim.shape[1]} outputs)")
    diff = ~((sim == ref) | (np.isnan(sim) & np.isnan(ref)))
    r = Report("", "", n_events, sim.size, int(diff.any(axis=1).sum()), int(diff.sum()), 0)
    bad_rows = np.nonzero(diff.any(axis=1))[0]
    r.first_event = int(bad_rows[0]) if bad_rows.size else None
    col_of = [(names[k], i, o) for k, o in enumerate(outs) for i in range(o.raw.reshape(n_events, -1).shape[1])]
    for ev, col in zip(*np.nonzero(diff)):
        if len(r.mismatches) >= max_report:
            break
        name, idx, arr = col_of[col]
        raw = int(arr.raw.reshape(n_events, -1)[ev, idx])
        r.mismatches.append(Mismatch(int(ev), name, idx, repr(float(ref[ev, col])), repr(float(sim[ev, col])),
                                     raw, _raw_hex(raw, arr.type.width), str(arr.type)))
    return r


def _compare_log(outs: list[FixedArray], names: list[str], path: Path, n_events: int, max_report: int,
                 precision: int, shown: list[int] | None = None) -> Report:
    """``shown[k]``: how many elements of output ``k`` the testbench prints (``print_result<T, N>``)."""
    log = read_log(path)
    lines = log.lines
    per_event = len(outs)  # print_result writes one line per output port per event
    if len(lines) != n_events * per_event:
        raise ReferenceError(f"{path}: {len(lines)} lines, but {n_events} events x {per_event} output(s) "
                             f"need {n_events * per_event}: row counts differ")
    texts: list[list[list[str]]] = []
    for o in outs:
        flat = o.raw.reshape(n_events, -1)
        m = flat.shape[1] if shown is None else shown[len(texts)]
        strs = printing.format_raw(flat[:, :m], o.type, precision)
        texts.append([strs[i * m:(i + 1) * m] for i in range(n_events)])
    n_values = sum(len(t[0]) if t else 0 for t in texts) * n_events
    r = Report("", "", n_events, n_values, 0, 0, 0)
    bad_events = set()
    for ev in range(n_events):
        for k, o in enumerate(outs):
            line = lines[ev * per_event + k]
            sim = texts[k][ev]
            if printing.format_log_line(sim) == line + "\n":
                continue
            exp = line.split()
            if len(exp) != len(sim):
                raise ReferenceError(f"{path}:{ev * per_event + k + 1}: {len(exp)} values, "
                                     f"{names[k]} has {len(sim)}")
            for i, (e, s) in enumerate(zip(exp, sim)):
                if e != s:
                    r.mismatched_values += 1
                    bad_events.add(ev)
                    if len(r.mismatches) < max_report:
                        raw = int(o.raw.reshape(n_events, -1)[ev, i])
                        r.mismatches.append(Mismatch(ev, names[k], i, e, s, raw,
                                                     _raw_hex(raw, o.type.width), str(o.type)))
    r.mismatched_events = len(bad_events)
    r.first_event = min(bad_events) if bad_events else None
    for o in outs:
        if not o.type.is_int:
            r.ambiguous_values += int(printing.ambiguous_mask(o.raw.reshape(-1)[:200000], o.type, precision).sum())
    if n_values > 200000 * len(outs):
        r.notes.append("ambiguity counted on the first 200000 values of each output")
    return r


def load_trace_reference(path: str | Path) -> dict[str, np.ndarray]:
    """Per-layer reference outputs from an ``.npz`` keyed by hls4ml layer name (what
    ``np.savez(f, **hls_model.trace(x)[1])`` writes), each ``(n_events, ...)``."""
    path = Path(path)
    if not path.is_file():
        raise ReferenceError(f"{path}: trace reference does not exist")
    with np.load(path) as z:
        return {k: np.asarray(z[k], dtype=np.float64) for k in z.files}


def first_disagreeing_layer(net: Network, x: list[np.ndarray], reference: dict[str, np.ndarray],
                            events: np.ndarray | None = None) -> dict | None:
    """The first layer (in execution order) whose output differs from a per-layer reference
    (e.g. hls4ml's ``trace``), with how many values differ; ``None`` when every traced layer agrees.

    Only layers present in ``reference`` are compared; ``events`` selects rows of ``x``/``reference``.
    """
    if events is not None:
        x = [a[events] for a in x]
        reference = {k: v[events] for k, v in reference.items()}
    tr = net.trace(x)
    for lay in net.layers:
        if lay.name not in reference or lay.name not in tr.outputs:
            continue
        sim = tr.outputs[lay.name].to_float().reshape(len(x[0]), -1)
        ref = reference[lay.name].reshape(len(x[0]), -1)
        if sim.shape != ref.shape:
            return {"layer": lay.name, "reason": f"shape {sim.shape} vs reference {ref.shape}"}
        bad = sim != ref
        if bad.any():
            ev, idx = (int(v) for v in np.argwhere(bad)[0])
            return {"layer": lay.name, "function": lay.function, "type": str(lay.res_type),
                    "mismatched_values": int(bad.sum()), "event": ev, "index": idx,
                    "expected": float(ref[ev, idx]), "simulated": float(sim[ev, idx]), "source": lay.source}
    return None


def explain_event(net: Network, x: list[np.ndarray], event: int) -> dict:
    """Trace one event: per layer, its output type and what its casts did."""
    try:
        tr = net.trace(x)
    except NetworkError as e:  # pragma: no cover - the run already succeeded on these inputs
        return {"event": event, "layers": [f"trace failed: {e}"]}
    rows = []
    first = None
    for lay in net.layers:
        cells = [(t, c) for (name, t), c in tr.counts.items() if name == lay.name]
        bad = [(t, c) for t, c in cells if c.saturated or c.wrapped or c.table_clamped]
        desc = "; ".join(f"{t}: {c.saturated} saturated, {c.wrapped} wrapped, {c.table_clamped} clamped, "
                         f"{c.rounded} rounded" for t, c in cells) or "no casts"
        if bad and first is None:
            first = lay.name
        rows.append(f"{'>' if lay.name == first else ' '} {lay.name:<22} nnet::{lay.function:<20} {desc}")
    return {"event": event, "first_overflow_layer": first, "layers": rows}
