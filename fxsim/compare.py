"""``fxsim compare``: where the firmware departs from the model it was converted from, why, and
the smallest type change that removes it.

The firmware's exact per-layer values come from :meth:`fxsim.network.Network.trace`; the model's
per-layer outputs come from the framework itself: a Keras 3 ``.keras`` file run by Keras
(loaded with ``safe_mode=True``), or an ``.npz`` the user wrote (keys = layer names, read with
``allow_pickle=False``; e.g. ``np.savez(f, **{l.name: o for l, o in zip(layers, outputs)})``).
Nothing is ever unpickled.

Layers are aligned by hls4ml's names: a Keras layer with a fused activation (``Dense(8,
activation='relu', name='fc1')``) is compared with the firmware's activation layer (``fc1_relu``);
a model layer the firmware does not have (a BatchNorm hls4ml merged into the layer before it) is
listed as unmatched; a channels-first output (PyTorch) is transposed to the firmware's
channels-last order when that is what makes them agree. Per layer: the share of values within one
LSB of the firmware type, the largest difference in LSBs, and whether it is beyond the tolerance.
The first layer beyond it is classified from the trace's counts and the data (input
quantization, result saturation or wrap, accumulator overflow, table approximation, rounding,
conversion mapping); for a saturated or wrapped result the narrowest wider type is proposed,
the layer retyped (:func:`retyped`) and the network re-simulated to show the effect.

>>> net = load_hls4ml("my_prj")                                    # doctest: +SKIP
>>> c = compare(net, x, model_outputs("model.keras", x))           # doctest: +SKIP
>>> print(c.text()); c.first_divergent, c.cause                    # doctest: +SKIP
('fc2', 'result saturation')
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fxsim.findings import Finding, findings_json, warning_lines
from fxsim.firmware_checks import TABLE_FUNCTIONS, cannot_be_right
from fxsim.model_runtimes import ModelOutputs, load_layer_outputs, model_outputs
from fxsim.network import Network, Trace
from fxsim.types import FixedType

ACTIVATIONS = TABLE_FUNCTIONS | {"relu", "relu6", "leaky_relu", "thresholded_relu", "hard_sigmoid", "hard_tanh",
                                 "linear", "prelu", "binary_tanh", "ternary_tanh"}


@dataclass(frozen=True)
class LayerComparison:
    """One model layer against the firmware layer it maps to (``firmware``), over ``n`` values.

    ``equal``: share of values within one LSB of the firmware type (the firmware's value is the
    model's, rounded); ``max_diff_lsb``: the largest ``|firmware - model|`` in LSBs;
    ``beyond``: larger than the tolerance."""

    model: str
    firmware: str
    type: str
    n: int
    equal: float
    max_diff: float
    max_diff_lsb: float
    beyond: bool
    layout: str = "as is"


@dataclass(frozen=True)
class Proposal:
    """Change ``layer``'s result type from ``old`` to ``new``; ``after``: that layer's comparison
    re-simulated with it (None when the change was not simulated)."""

    layer: str
    old: str
    new: str
    reason: str
    after: LayerComparison | None = None
    after_first_divergent: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The per-layer comparison, the first divergent layer, its cause and a proposed change."""

    rows: tuple[LayerComparison, ...]
    n_events: int
    first_divergent: str | None
    cause: str | None
    detail: str
    proposal: Proposal | None
    unmatched: tuple[str, ...]
    warnings: tuple[str, ...]
    #: firmware that cannot be right (:func:`fxsim.firmware_checks.cannot_be_right`)
    findings: tuple[Finding, ...] = ()

    @property
    def identical(self) -> bool:
        """True when no layer is beyond the tolerance."""
        return self.first_divergent is None

    def records(self) -> list[dict]:
        """One plain dict per layer (``pandas.DataFrame(c.records())``)."""
        return [dataclasses.asdict(r) for r in self.rows]

    def to_dict(self) -> dict:
        d = {k: v for k, v in dataclasses.asdict(self).items() if k not in ("rows", "findings")}
        d["rows"] = self.records()
        d["findings"] = findings_json(self.findings)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    def text(self) -> str:
        lines = [f"compare over {self.n_events} events",
                 f"{'model layer':<20} {'firmware layer':<24} {'type':<30} {'equal':>7} {'max |diff|':>11} "
                 f"{'in LSBs':>10}"]
        for r in self.rows:
            flag = "  <- beyond tolerance" if r.beyond else ""
            lay = "" if r.layout == "as is" else f"  ({r.layout})"
            lines.append(f"{r.model:<20} {r.firmware:<24} {r.type:<30} {r.equal:>7.1%} {r.max_diff:>11.4g} "
                         f"{r.max_diff_lsb:>10.1f}{flag}{lay}")
        for u in self.unmatched:
            lines.append(f"{u:<20} (no firmware layer: merged into another by hls4ml, or removed)")
        if self.first_divergent is None:
            lines.append("every layer agrees within the tolerance")
        else:
            lines.append(f"first divergent layer: {self.first_divergent}: {self.cause}. {self.detail}")
        if self.proposal is not None:
            p = self.proposal
            lines.append(f"proposal: {p.layer}: {p.old} -> {p.new} ({p.reason})")
            if p.after is not None:
                lines.append(f"  re-simulated: {p.after.firmware} equal {p.after.equal:.1%}, max |diff| "
                             f"{p.after.max_diff_lsb:.1f} LSB; first divergent layer now: "
                             f"{p.after_first_divergent or 'none'}")
        lines.extend(f"WARNING: {w}" for w in self.warnings)
        lines.extend(warning_lines(self.findings))
        return "\n".join(lines)


# ------------------------------------------------------------------------------------- alignment
def align(net: Network, keys: list[str], fused: set[str] = frozenset(),
          aliases: dict[str, tuple[str, ...]] | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """Model layer name -> candidate firmware layers (hls4ml's naming), best guess first; and the
    model names no firmware layer matches. A name that is both a firmware layer and the prefix of
    its split-off activation (``fc1``, ``fc1_relu``) has both candidates: the data decides.
    ``aliases``: more candidates per model layer (the runtime's, e.g. a QONNX ``Quant`` node's
    producer, whose result type hls4ml made the quantizer's; an alias's split-off activation too)."""
    aliases = aliases or {}
    names = [lay.name for lay in net.layers]
    functions = {lay.name: lay.function for lay in net.layers}
    ports = {p.name for p in net.inputs}
    mapping: dict[str, list[str]] = {}
    unmatched = []

    def split_off(k: str) -> list[str]:  # hls4ml's activation split off layer k (fc1 -> fc1_relu)
        return [n for n in names if n.startswith(k + "_") and functions[n] in ACTIVATIONS][:1]

    for k in keys:
        split = split_off(k)
        direct = [k] if k in names or k in ports else []
        # QKeras alphas: hls4ml computes the unscaled layer, then an ApplyAlpha (nnet::normalize) ``k_alpha``
        alpha = [f"{k}_alpha"] if functions.get(f"{k}_alpha") == "normalize" else []
        # hls4ml's ONNX front end: MatMul(+Add) -> Dense_<node>, Add/Mul -> bn_<node>, Quant -> <node>_scale
        alpha += [n for n in (f"Dense_{k}", f"bn_{k}", f"{k}_scale") if n in functions]
        cands = split + alpha + direct if k in fused else alpha + direct + split
        cands += [n for a in aliases.get(k, ()) for n in (*split_off(a), a) if n in functions and n not in cands]
        if cands:
            mapping[k] = cands
        else:
            unmatched.append(k)
    return mapping, unmatched


def _values(trace: Trace, net: Network, x: list[np.ndarray], name: str) -> tuple[np.ndarray, FixedType]:
    if name in trace.outputs:
        a = trace.outputs[name]
        return a.to_float().reshape(a.shape[0], -1), a.type
    port = next(p for p in net.inputs if p.name == name)
    xi = np.asarray(x[[p.name for p in net.inputs].index(name)], dtype=np.float64)
    xi = xi.reshape(xi.shape[0], -1)
    return port.type.to_float(port.type.quantize(xi)), port.type


def _compare_layer(model_name: str, fw_name: str, fw: np.ndarray, t: FixedType, ref: np.ndarray,
                   tol_lsb: float, rtol: float) -> LayerComparison | None:
    n = fw.shape[0]
    candidates = []
    if ref.size == fw.size:
        candidates.append(("as is", ref.reshape(n, -1)))
        if ref.ndim >= 3:
            candidates.append(("channels-first transposed", np.moveaxis(ref, 1, -1).reshape(n, -1)))
    if not candidates:
        return None
    best = None
    for layout, r in candidates:
        diff = np.abs(fw - r)
        eq = float(np.mean(diff < t.lsb)) if diff.size else 1.0
        if best is None or eq > best[1]:
            best = (layout, eq, diff, r)
    layout, eq, diff, r = best
    md = float(diff.max()) if diff.size else 0.0
    limit = max(tol_lsb * t.lsb, rtol * float(np.abs(r).max()) if r.size else 0.0)
    row = LayerComparison(model=model_name, firmware=fw_name, type=str(t), n=int(diff.size), equal=eq, max_diff=md,
                          max_diff_lsb=md / t.lsb, beyond=md > limit, layout=layout)
    if row.beyond:  # hls4ml computes between a quantizer's scale and unscale (QONNX): fw = model * c
        return _scaled(row, fw, r, t, tol_lsb, rtol) or row
    return row


def _scaled(row: LayerComparison, fw: np.ndarray, r: np.ndarray, t: FixedType, tol_lsb: float,
            rtol: float) -> LayerComparison | None:
    """``row`` again with the model's values times the one factor that fits the firmware's best,
    when that factor explains every value (within the tolerance): the firmware holds this layer in
    a quantizer's integer domain (hls4ml's ONNX front end puts ``nnet::normalize`` scales around it)."""
    rr = float(np.sum(r * r))
    if rr == 0:
        return None
    c = float(np.sum(fw * r)) / rr
    if not np.isfinite(c) or c <= 0 or abs(c - 1) < 1e-3:
        return None
    rs = r * c
    diff = np.abs(fw - rs)
    md = float(diff.max())
    limit = max(tol_lsb * t.lsb, rtol * float(np.abs(rs).max()))
    if md > limit:
        return None
    return dataclasses.replace(row, equal=float(np.mean(diff < t.lsb)), max_diff=md, max_diff_lsb=md / t.lsb,
                               beyond=False, layout=f"model x {c:.6g} (a quantizer's scale)")


def _counts(trace: Trace, name: str) -> dict[str, dict[str, int]]:
    """Per type, the summed cast counts of layer ``name`` (recurrent steps included)."""
    out: dict[str, dict[str, int]] = {}
    for (lay, typ), c in trace.counts.items():
        if lay.split("[t=")[0].split(":")[0] == name:
            d = out.setdefault(typ, dict.fromkeys(c.as_dict(), 0))
            for f, v in c.as_dict().items():
                d[f] += v
    return out


def _widened(t: FixedType, lo: float, hi: float) -> FixedType:
    """The narrowest type like ``t`` (same fraction bits and modes) with ``lo..hi`` in range."""
    integer = t.integer
    while True:
        cand = t.with_(width=integer + t.frac, integer=integer)
        if cand.min_value <= lo and hi <= cand.max_value:
            return cand
        integer += 1


def _classify(net: Network, trace: Trace, row: LayerComparison,
              ref: np.ndarray) -> tuple[str, str, tuple[str, FixedType] | None]:
    """(cause, detail, what to change or None) for the first divergent layer: ``("result", type)``
    is the proposed result type; ``("accum_t", type)`` the accumulator to widen."""
    t = FixedType.parse(row.type)
    lo, hi = float(ref.min()), float(ref.max())
    if row.firmware in {p.name for p in net.inputs}:
        fit = (f"; {_widened(t, lo, hi)} would hold them" if lo < t.min_value or hi > t.max_value else "")
        return ("input quantization", f"the inputs span [{lo:.4g}, {hi:.4g}], the firmware's input type {t} holds "
                f"[{t.min_value:g}, {t.max_value:g}] with LSB {t.lsb:g}{fit}", None)
    lay = next(lay for lay in net.layers if lay.name == row.firmware)
    counts = _counts(trace, lay.name)
    n_over = {typ: c["saturated"] + c["wrapped"] for typ, c in counts.items()}
    if lo < t.min_value or hi > t.max_value:
        kind = "saturation" if t.saturates else "wrap"
        return (f"result {kind}", f"the model's values span [{lo:.4g}, {hi:.4g}], {t} holds "
                f"[{t.min_value:g}, {t.max_value:g}] ({n_over.get(str(t), 0)} values "
                f"{'saturated' if kind == 'saturation' else 'wrapped'})", ("result", _widened(t, lo, hi)))
    inner = {typ: n for typ, n in n_over.items() if n}
    if inner:
        typ = max(inner, key=inner.get)  # the dominant overflow; the config member of that type widens
        members = {k: v for k, v in (lay.config.as_dict() if lay.config is not None else {}).items()
                   if isinstance(v, FixedType)}
        member = next((k for k, v in members.items() if str(v) == typ), None)
        if member is None and "accum_t" in members:
            member = "accum_t"
        where = ", ".join(f"{n} values of {ty}" for ty, n in inner.items())
        return ("accumulator overflow", f"the model's values fit {t}, but inside {lay.name} {where} overflowed"
                + (f" ({member} is {members[member]})" if member else ""),
                (member, members[member]) if member else None)
    clamped = sum(c["table_clamped"] for c in counts.values())
    if clamped or lay.function in TABLE_FUNCTIONS:
        tables = [typ for typ in counts if typ.startswith("table[")]
        return ("table approximation", f"nnet::{lay.function} uses a lookup table ({', '.join(tables) or 'table'}"
                f"{f'; {clamped} lookups outside its range' if clamped else ''}): a larger table_size or "
                "table_t reduces it", None)
    if row.max_diff_lsb <= 4:
        return ("rounding", f"differences of at most {row.max_diff_lsb:.1f} LSB: the model rounds differently "
                f"from {t}'s {t.rounding} (a rounding-mode mismatch, or the LSB is too coarse)",
                ("precision", t))
    fw = trace.outputs[lay.name].to_float().reshape(len(ref), -1)
    constant = len(fw) > 1 and bool(np.all(fw == fw[:1])) and not np.all(ref == ref[:1])
    return ("conversion-mapping difference", f"nothing in nnet::{lay.function} overflowed or clamped, yet it "
            "computes other values than the model"
            + (" (its output is the same for every input: a weight or scale its type rounds to 0?)" if constant
               else "") + ": hls4ml maps this layer to another function or other parameters (e.g. quantized_tanh "
            "as hard_tanh, alpha scaling, a keep_negative=False quantizer, scales or weights rounded to their type)",
            None)


def retyped(net: Network, layer: str, result_type: FixedType | str | None = None,
            **config_types: FixedType | str) -> Network:
    """A fresh copy of ``net`` (same project) whose layer ``layer`` writes ``result_type`` and/or
    uses other types in its config struct (``accum_t=...``, ``table_t=...``).

    >>> wide = retyped(net, "fc2", "ap_fixed<12,6,AP_RND,AP_SAT>")      # doctest: +SKIP
    >>> roomy = retyped(net, "fc2", accum_t="ap_fixed<24,10>")           # doctest: +SKIP
    """
    def parse(t):
        return FixedType.parse(t) if isinstance(t, str) else t

    old = next((lay for lay in net.layers if lay.name == layer), None)
    if old is None:
        raise ValueError(f"no layer {layer!r} in the firmware")
    changes: dict = {}
    if result_type is not None:
        changes["res_type"] = parse(result_type)
    if config_types:
        missing = [k for k in config_types if old.config is None or k not in old.config]
        if missing:
            raise ValueError(f"layer {layer}'s config has no {', '.join(missing)}")
        changes["config"] = old.config.replace(**{k: parse(v) for k, v in config_types.items()})
    new = Network(net.project)
    new.layers = [dataclasses.replace(lay, **changes) if lay.name == layer else lay for lay in net.layers]
    return new


def _rank(row: LayerComparison) -> tuple:
    """Which candidate firmware layer a model layer is: one within the tolerance (most values
    equal), else the one with the smallest largest difference."""
    return (row.beyond, row.max_diff if row.beyond else -row.equal)


def _rows(net: Network, trace: Trace, xs: list[np.ndarray], outputs: dict[str, np.ndarray],
          mapping: dict[str, list[str]], tol_lsb: float, rtol: float) -> tuple[list[LayerComparison], list[str]]:
    order = {n: i for i, n in enumerate(trace.layer_order)}
    rows, warnings = [], []
    for k, cands in mapping.items():
        ref = outputs[k]
        best = None
        for name in cands:
            fw, t = _values(trace, net, xs, name)
            if ref.shape[0] != fw.shape[0]:
                raise ValueError(f"layer {k}: the model's outputs have {ref.shape[0]} events, the inputs {fw.shape[0]}")
            row = _compare_layer(k, name, fw, t, ref, tol_lsb, rtol)
            if row is not None and (best is None or _rank(row) < _rank(best)):
                best = row
        if best is None:
            warnings.append(f"{k}: {ref[0].size} values per event in the model, none of the firmware layers "
                            f"{', '.join(cands)} has that many: not compared")
        else:
            rows.append(best)
    # a firmware layer several model layers map to (a QONNX Quant folded into the layer before it):
    # the model layer that agrees best keeps it; a tie goes to the later model layer (the quantized one)
    keep: dict[str, LayerComparison] = {}
    for r in rows:
        if r.firmware not in keep or _rank(r) <= _rank(keep[r.firmware]):
            keep[r.firmware] = r
    rows = [r for r in rows if keep[r.firmware] is r]
    rows.sort(key=lambda r: order.get(r.firmware, 1 << 30))
    return rows, warnings


def compare(net: Network, x, outputs: dict[str, np.ndarray] | ModelOutputs, fused: set[str] = frozenset(),
            tol_lsb: float = 2.0, rtol: float = 0.01) -> Comparison:
    """Compare the firmware's per-layer values on ``x`` with the model's ``outputs`` (layer name ->
    ``(n, ...)`` array, or what :func:`fxsim.model_runtimes.model_outputs` returns). A layer is beyond
    the tolerance when ``max |diff|`` exceeds both ``tol_lsb`` LSBs of its firmware type and ``rtol``
    times the model's largest ``|value|`` (``tol_lsb=0, rtol=0``: any difference).

    >>> c = compare(net, x, model_outputs("model.keras", x), tol_lsb=0, rtol=0)   # doctest: +SKIP
    """
    own_inputs, aliases = False, {}
    if isinstance(outputs, ModelOutputs):
        fused, own_inputs, aliases = set(fused) | outputs.fused, outputs.quantizes_inputs, outputs.aliases
        outputs = outputs.values
    xs = [np.asarray(a) for a in (x if isinstance(x, (list, tuple)) else [x])]
    trace = net.trace(xs)
    mapping, unmatched = align(net, list(outputs), fused, aliases)
    if not mapping:
        raise ValueError(f"no model layer name matches a firmware layer (model: {', '.join(list(outputs)[:6])}; "
                         f"firmware: {', '.join(lay.name for lay in net.layers[:6])})")
    # the model's inputs are the inputs themselves: their quantization is the first thing to check
    ports = {p.name: a.reshape(len(a), -1).astype(np.float64) for p, a in zip(net.inputs, xs)
             if p.name not in outputs and not own_inputs}
    outputs = ports | dict(outputs)
    mapping = {k: [k] for k in ports} | mapping
    rows, warnings = _rows(net, trace, xs, outputs, mapping, tol_lsb, rtol)
    findings = cannot_be_right(net, xs, trace=trace)
    first = next((r for r in rows if r.beyond), None)
    cause, detail, proposal = None, "", None
    if first is not None:
        ref = outputs[first.model]
        cause, detail, change = _classify(net, trace, first, ref)
        cause, detail, change = _retarget_upstream(net, trace, first, rows, (cause, detail, change))
        note = _upstream_overflow(net, trace, first.firmware, {r.firmware for r in rows})
        detail = f"{detail}.{note}" if note else detail
        if change is not None:
            proposal = _propose(net, xs, outputs, rows, first, cause, change, tol_lsb, rtol)
    return Comparison(rows=tuple(rows), n_events=int(xs[0].shape[0]), first_divergent=first.firmware if first else None,
                      cause=cause, detail=detail, proposal=proposal, unmatched=tuple(unmatched),
                      warnings=tuple(warnings), findings=tuple(findings))


def _producer(net: Network, layer: str):
    """The firmware layer that writes ``layer``'s (first) input, or None (an input port)."""
    lay = next(lay for lay in net.layers if lay.name == layer)
    if not lay.inputs:
        return None
    src = net.project.resolve(lay.inputs[0])
    return next((p for p in net.layers if any(net.project.resolve(o) == src for o in p.outputs)), None)


def _retarget_upstream(net: Network, trace: Trace, first: LayerComparison, rows: list[LayerComparison],
                       verdict: tuple) -> tuple:
    """A divergent layer whose own result did not overflow, fed by a layer the model gave no output
    for whose result did (a Keras ``Dense(activation=...)`` compared after hls4ml's split-off
    activation, while the dense's own result type wrapped): the cause and the change are that layer's."""
    cause, detail, change = verdict
    if cause not in ("result saturation", "result wrap") or first.firmware in {p.name for p in net.inputs}:
        return verdict
    own = _counts(trace, first.firmware).get(first.type, {})
    prod = _producer(net, first.firmware)
    if prod is None or prod.name in {r.firmware for r in rows} or own.get("saturated", 0) + own.get("wrapped", 0):
        return verdict
    # the producer's final steps (trace.steps: the accumulator's final sums, the result cast...)
    final = {k: 0 for k in ("final_sum", "result", "cast")}
    for (lay, kind, _typ), c in trace.steps.items():
        if lay.split("[t=")[0].split(":")[0] == prod.name and kind in final:
            final[kind] += c.saturated + c.wrapped
    if not sum(final.values()):
        return verdict
    also = f"; {detail}" if change is not None else ""
    accum = prod.config.get("accum_t") if prod.config is not None else None
    widen_accum = bool(final["final_sum"]) and isinstance(accum, FixedType)
    where = (f"overflowed {final['final_sum']} final sums of accum_t {accum}" if widen_accum
             else f"overflowed {final['result'] + final['cast']} values of its result type {prod.res_type}")
    kind = "wrap" if "WRAP" in prod.res_type.overflow else "saturation"
    return ("accumulator overflow" if widen_accum else f"result {kind}",
            f"{first.firmware}'s input, {prod.name} (which the model gives no output for), {where}{also}",
            ("upstream", prod.name, widen_accum))


def _propose(net: Network, xs: list[np.ndarray], outputs: dict[str, np.ndarray], rows: list[LayerComparison],
             first: LayerComparison, cause: str, change: tuple, tol_lsb: float,
             rtol: float) -> Proposal:
    """Re-simulate the change; an accumulator is widened one integer bit at a time (up to 16) until
    the layer agrees with the model on the data."""
    mapping = {r.model: [r.firmware] for r in rows}
    if change[0] == "upstream":
        return _propose_upstream(net, xs, outputs, mapping, first, cause, change[1], change[2], tol_lsb, rtol)
    what, t = change

    def resim(cand: FixedType) -> tuple[LayerComparison, str | None]:
        if what in ("result", "precision"):
            fixed = retyped(net, first.firmware, cand)
        else:
            fixed = retyped(net, first.firmware, **{what: cand})
        rows2, _ = _rows(fixed, fixed.trace(xs), xs, outputs, mapping, tol_lsb, rtol)
        after = next(r for r in rows2 if r.firmware == first.firmware)
        return after, next((r.firmware for r in rows2 if r.beyond), None)

    if what == "result":
        after, nxt = resim(t)
        return Proposal(first.firmware, first.type, str(t), cause, after, nxt)
    if what == "precision":  # rounding: the mode that rounds to nearest, else more fraction bits
        modes = [t.with_(rounding="AP_RND_CONV")] if t.rounding == "AP_TRN" else []
        tried = modes + [t.with_(width=t.width + extra) for extra in range(1, 17)]
        for cand in tried:
            after, nxt = resim(cand)
            if not after.beyond:
                return Proposal(first.firmware, first.type, str(cand), cause, after, nxt)
        return Proposal(first.firmware, first.type, str(cand), f"{cause}; NOT removed by 16 more fraction bits",
                        after, nxt)
    for extra in range(1, 17):
        cand = t.with_(width=t.width + extra, integer=t.integer + extra)
        after, nxt = resim(cand)
        if not after.beyond:
            return Proposal(first.firmware, f"{what} {t}", f"{what} {cand}", cause, after, nxt)
    return Proposal(first.firmware, f"{what} {t}", f"{what} {cand}",
                    f"{cause}; NOT removed by widening {what} up to 16 integer bits: look at the layers before "
                    "it", after, nxt)


def _propose_upstream(net: Network, xs: list[np.ndarray], outputs: dict[str, np.ndarray],
                      mapping: dict[str, list[str]], first: LayerComparison, cause: str, producer: str,
                      widen_accum: bool, tol_lsb: float, rtol: float) -> Proposal:
    """The overflow is in ``producer`` (no model output): widen its result type (and its ``accum_t``
    when its final sums overflowed) and the divergent layer's own type by the same integer bits,
    one at a time (up to 16), until the divergent layer agrees with the model."""
    prod = next(lay for lay in net.layers if lay.name == producer)
    own = FixedType.parse(first.type)

    def wider(t: FixedType, extra: int) -> FixedType:
        return t.with_(width=t.width + extra, integer=t.integer + extra)

    for extra in range(1, 17):
        accum = {"accum_t": wider(prod.config.accum_t, extra)} if widen_accum and prod.config is not None else {}
        fixed = retyped(retyped(net, producer, wider(prod.res_type, extra), **accum), first.firmware, wider(own, extra))
        rows2, _ = _rows(fixed, fixed.trace(xs), xs, outputs, mapping, tol_lsb, rtol)
        after = next(r for r in rows2 if r.firmware == first.firmware)
        nxt = next((r.firmware for r in rows2 if r.beyond), None)
        new = (f"{wider(prod.res_type, extra)}" + (f", accum_t {accum['accum_t']}" if accum else "")
               + f"; and {first.firmware}: {own} -> {wider(own, extra)}")
        if not after.beyond:
            return Proposal(producer, str(prod.res_type), new, cause, after, nxt)
    return Proposal(producer, str(prod.res_type), new, f"{cause}; NOT removed by 16 more integer bits", after, nxt)


def _upstream_overflow(net: Network, trace: Trace, layer: str, compared: set[str]) -> str:
    """A note naming the layers before ``layer`` that the model has no outputs for and whose casts
    saturated or wrapped: the divergence may start there."""
    seen = []
    for lay in net.layers:
        if lay.name == layer:
            break
        n = sum(c["saturated"] + c["wrapped"] for c in _counts(trace, lay.name).values())
        if n and lay.name not in compared:
            seen.append(f"{lay.name} ({n})")
    if not seen:
        return ""
    return (" Earlier layers the model gave no outputs for saturated or wrapped values: " + ", ".join(seen)
            + "; the divergence may start there (pass their outputs too).")


# ------------------------------------------------------------------------------------- command line
def add_arguments(p) -> None:
    """``fxsim compare PRJ --inputs X (--layer-outputs F.npz | --model F.keras) [--json F]``."""
    p.add_argument("project", help="hls4ml project directory (contains firmware/)")
    p.add_argument("--inputs", required=True, help="the inputs the model's outputs belong to (.npy, .npz, .dat)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--layer-outputs", metavar="NPZ", help="the model's per-layer outputs, keys = layer names")
    src.add_argument("--model", help="the model, run on the inputs: .keras (Keras 3/HGQ2, safe_mode), .json+.h5 "
                     "(Keras 2/QKeras), .pt2 (torch.export), .onnx (ONNX/QONNX); never a pickle")
    p.add_argument("--tolerance-lsb", type=float, default=2.0, help="allowed |diff| in LSBs (default 2)")
    p.add_argument("--rtol", type=float, default=0.01, help="allowed |diff| relative to the layer's range")
    p.add_argument("--json", help="write the comparison as JSON here")


def run(args) -> int:
    """The ``fxsim compare`` command: 0 when every layer agrees, 1 when the firmware differs."""
    from fxsim.network import load_hls4ml
    from fxsim.verify import load_inputs

    net = load_hls4ml(args.project)
    x = load_inputs(net, args.inputs)
    source = args.layer_outputs or args.model
    if args.layer_outputs and Path(source).suffix.lower() != ".npz":
        raise ValueError(f"{source}: --layer-outputs takes an .npz (keys = layer names)")
    outputs = model_outputs(source, x)
    c = compare(net, x, outputs, tol_lsb=args.tolerance_lsb, rtol=args.rtol)
    print(c.text())
    if args.json:
        Path(args.json).write_text(c.to_json())
    return 0 if c.identical else 1


__all__ = ["Comparison", "LayerComparison", "Proposal", "compare", "align", "retyped", "model_outputs",
           "load_layer_outputs", "ModelOutputs", "add_arguments", "run"]
