"""An exported hls4ml firmware as an executable chain of ``nnet_utils`` twins.

:func:`load_hls4ml` reads a project directory (see :mod:`fxsim.project`) and binds every
``nnet::`` call of the top function to its Python twin (:mod:`fxsim.layers`), with its config
struct, its output type and its weights quantized exactly as the C++ loads them.

>>> net = load_hls4ml("my_hls_prj")            # doctest: +SKIP
>>> y = net.predict(x)                          # doctest: +SKIP
>>> t = net.trace(x[:1000]); print(t.summary()) # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fxsim import trace as tracing
from fxsim.array import FixedArray
from fxsim.config import Config, ConfigError
from fxsim.fusion import Chain, Step, plan_chains
from fxsim.kernels import small
from fxsim.kernels.chain import NaNInput
from fxsim.layers import elementwise, lookup
from fxsim.layers.codegen import DAKernel, GeneratedFunction
from fxsim.layers.dense import SCHEDULES as DENSE_SCHEDULES
from fxsim.layers.macc import FusedActivation, MacPass
from fxsim.layers.softmax import fused_softmax
from fxsim.layers.stream import pack_mismatch
from fxsim.project import ProjectError, read_project
from fxsim.project.cparse import split_top
from fxsim.project.reader import Project, da_dense_function
from fxsim.types import FixedType

#: Twins that make exactly one fused-kernel MAC pass (dense and the single-pass convolutions), so an
#: element-wise activation after them can run in that pass's epilogue (see ``Network._fusions``).
FUSABLE_MACS = frozenset({"dense", "conv_1d_cl", "conv_2d_cl", "pointwise_conv_1d_cl", "pointwise_conv_2d_cl",
                          "depthwise_conv_1d_cl", "depthwise_conv_2d_cl"})
#: Twins that take ``mac=`` (:class:`fxsim.layers.macc.MacPass`): the above and every dense kernel.
_MAC_TWINS = FUSABLE_MACS | frozenset(DENSE_SCHEDULES)


@dataclass(frozen=True, eq=False)
class PlanStep:
    """One step of an execution :class:`Plan`: layers ``first..last`` run as

    * ``"layer"``: one layer's twin (``first == last``);
    * ``"fused"``: a MAC layer's twin with the element-wise activation at ``last`` applied in its
      kernel pass's epilogue (``epilogue``; the runner applies the activation itself when the twin
      cannot take the fused kernel for a batch, e.g. wide raws);
    * ``"chain"``: consecutive MAC layers (and their activations) as one ``chain`` kernel pass
      (:mod:`fxsim.fusion`).
    """

    kind: str
    first: int
    last: int
    epilogue: FusedActivation | None = None
    chain: Chain | None = None


@dataclass(frozen=True, eq=False)
class Plan:
    """A network compiled for one kind of run: the steps the runner walks, in order. ``fast``
    plans fuse and chain layers; the plan for tracing or keeping every layer's output runs each
    layer's own twin (``"layer"`` steps only). See :meth:`Network.plan`."""

    steps: tuple[PlanStep, ...]
    fast: bool

    def describe(self) -> list[str]:
        """One line per step: its kind and layer range."""
        return [f"{s.kind:<6} {s.first}..{s.last}" for s in self.steps]


class NetworkError(ValueError):
    """The network cannot be built or run as asked (unknown call, wrong input shape, NaN…)."""


@dataclass(frozen=True)
class Port:
    """A top-level input or output: its C++ name, element type and per-sample size."""

    name: str
    type: FixedType
    size: int


@dataclass(frozen=True)
class Layer:
    """One ``nnet::`` call bound to its twin.

    ``name`` is hls4ml's layer name (from the ``// name`` comment, else the output array's);
    ``inputs``/``outputs`` are the C++ array names; ``weights`` the quantized parameter arrays.
    """

    name: str
    function: str
    twin: Callable
    config: Config | None
    res_type: FixedType
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    weights: tuple[FixedArray, ...]
    line: int
    source: str

    def __call__(self, *data: FixedArray, **options: Any) -> FixedArray | tuple[FixedArray, ...]:
        """Run the twin on ``data``; ``options`` are the twin's keywords (``mac=`` for MAC twins,
        ``stats=`` a :class:`fxsim.trace.Recorder`)."""
        return self.twin(*data, self.res_type, self.config, *self.weights, **options)


@dataclass(repr=False)
class Trace:
    """Every layer's output for some inputs, and what each layer's casts did to the values.

    ``counts``: per ``(layer, type)``; ``steps``: per ``(layer, kind, type)`` with the step kinds of
    :data:`fxsim.trace.KINDS` (``input``, ``product``, ``bias``, ``accumulate``, ``final_sum``,
    ``result``, ``cast``, ``table``). :meth:`summary` puts the values that leave a layer out of range
    first; :meth:`records` is one dict per step (``pandas.DataFrame(trace.records())``).
    """

    outputs: dict[str, FixedArray]
    counts: dict[tuple[str, str], tracing.CastCounts]
    layer_order: list[str] = field(default_factory=list)
    steps: dict[tuple[str, str, str], tracing.CastCounts] = field(default_factory=dict)

    def _final_out_of_range(self) -> list[dict]:
        return [r for r in self.records() if r["final"] and (r["saturated"] or r["wrapped"] or r["table_clamped"])]

    def __repr__(self) -> str:
        n = next(iter(self.outputs.values())).shape[0] if self.outputs else 0
        bad = self._final_out_of_range()
        return (f"<Trace of {n} samples through {len(self.layer_order)} layers: "
                f"{len(bad)} final steps with values out of range>")

    def _repr_html_(self) -> str:
        """A notebook's view: the steps whose values leave a layer out of range."""
        import html

        cols = ("layer", "step", "type", "values", "saturated", "wrapped", "table_clamped")
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols) + "</tr>"
                       for r in self._final_out_of_range())
        head = "<tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>"
        return f"<div>{html.escape(repr(self))}<table>{head}{rows}</table></div>"

    def _rank(self, layer: str) -> tuple[int, str]:
        order = {n: i for i, n in enumerate(self.layer_order)}
        base = layer.split("[t=")[0].split(":")[0]  # recurrent steps: "lstm[t=3]", "bi:forward[t=0]"
        return (order.get(base, 1 << 30), layer)

    def records(self) -> list[dict]:
        """One dict per (layer, step kind, type), in layer order: ``layer, step, type, values,
        rounded, saturated, wrapped, table_clamped, final`` (``final``: the step's values leave the
        layer or the input as they are; else an intermediate step of a multiply-accumulate)."""
        kind_order = {k: i for i, k in enumerate(tracing.KINDS)}
        keys = sorted(self.steps, key=lambda k: (*self._rank(k[0]), kind_order.get(k[1], 99), k[2]))
        return [dict(layer=lay, step=kind, type=typ, **self.steps[(lay, kind, typ)].as_dict(),
                     final=kind in tracing.FINAL_KINDS) for lay, kind, typ in keys]

    def to_frame(self):
        """:meth:`records` as a ``pandas.DataFrame`` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Trace.to_frame needs pandas; Trace.records() gives the same rows as dicts") from None
        return pd.DataFrame(self.records())

    def summary(self) -> str:
        """What matters first: per layer, the values its result (or a network input) took out of
        range (saturated, wrapped, or clamped to a table's end), and a MAC's exact final sums out of
        ``accum_t``'s range; then the intermediate steps (products, bias and accumulator casts)
        whose wraps are harmless under AP_WRAP when the final sum fits; then the full table per
        layer and type."""
        rows = self.records()
        head = f"{'layer':<24} {'step':<10} {'type':<36} {'values':>10} {'rounded':>9} {'saturated':>9} " \
               f"{'wrapped':>8} {'clamped':>8}"

        def line(r: dict) -> str:
            return (f"{r['layer']:<24} {r['step']:<10} {r['type']:<36} {r['values']:>10} {r['rounded']:>9} "
                    f"{r['saturated']:>9} {r['wrapped']:>8} {r['table_clamped']:>8}")

        def bad(r: dict) -> bool:
            return bool(r["saturated"] or r["wrapped"] or r["table_clamped"])

        final = [r for r in rows if r["final"] and bad(r)]
        inter = [r for r in rows if not r["final"] and bad(r)]
        out = ["Out of range where it matters (network inputs, layer results, MAC final sums, tables):"]
        out += [head, *map(line, final)] if final else ["  none"]
        out += ["", "Intermediate MAC steps out of range (harmless under AP_WRAP when the final sum fits):"]
        out += [head, *map(line, inter)] if inter else ["  none"]
        out += ["", "All conversions per layer and type:", self._by_type_table()]
        return "\n".join(out)

    def _by_type_table(self) -> str:
        lines = [f"{'layer':<24} {'type':<36} {'values':>10} {'rounded':>9} {'saturated':>9} "
                 f"{'wrapped':>8} {'clamped':>8}"]
        for (lay, typ), c in sorted(self.counts.items(), key=lambda kv: (*self._rank(kv[0][0]), kv[0][1])):
            lines.append(f"{lay:<24} {typ:<36} {c.values:>10} {c.rounded:>9} {c.saturated:>9} "
                         f"{c.wrapped:>8} {c.table_clamped:>8}")
        return "\n".join(lines)

    def save(self, path: str | Path) -> None:
        """Write every layer's raw output and float value, and the counts, to an ``.npz``."""
        arrays: dict[str, Any] = {}
        for name, a in self.outputs.items():
            arrays[f"{name}.raw"] = np.asarray(a.raw, dtype=np.int64 if a.type.fits_int64 else object)
            arrays[f"{name}.value"] = a.to_float()
            arrays[f"{name}.type"] = np.array(str(a.type))
        keys = list(self.counts)
        arrays["counts.layer"] = np.array([k[0] for k in keys])
        arrays["counts.type"] = np.array([k[1] for k in keys])
        for f in ("values", "rounded", "saturated", "wrapped", "table_clamped"):
            arrays[f"counts.{f}"] = np.array([getattr(self.counts[k], f) for k in keys], dtype=np.int64)
        rows = self.records()
        for f in ("layer", "step", "type"):
            arrays[f"steps.{f}"] = np.array([r[f] for r in rows], dtype=str)
        for f in ("values", "rounded", "saturated", "wrapped", "table_clamped"):
            arrays[f"steps.{f}"] = np.array([r[f] for r in rows], dtype=np.int64)
        np.savez(path, **arrays)


@contextlib.contextmanager
def _located(layer: Layer) -> Iterator[None]:
    """A config member the twin needs but the struct lacks, or a kernel/product/strategy the
    templates do not have, as a :class:`NetworkError` naming the call's file, line and layer."""
    try:
        yield
    except (ConfigError, NotImplementedError) as e:
        raise NetworkError(f"{layer.source}: layer {layer.name} (nnet::{layer.function}): {e}") from None


class Network:
    """An hls4ml firmware, runnable bit-exactly on NumPy arrays.

    Build it with :func:`load_hls4ml`. ``run`` gives the output :class:`FixedArray` s,
    ``predict`` their float64 values, ``trace`` every layer's output plus overflow accounting.
    """

    _chain_cache: dict[int, Chain] | None = None
    _fuse_cache: dict[int, int] | None = None
    _plans: dict[bool, Plan]

    def __init__(self, project: Project) -> None:
        self.project = project
        self.name = project.top
        self.inputs = [Port(p.name, project.type_of(p.name), _size(project, p.name)) for p in project.inputs]
        self.outputs = [Port(p.name, project.type_of(p.name), _size(project, p.name)) for p in project.outputs]
        self.layers = [self._bind(c) for c in project.calls]
        self._plans = {}

    # ---------------------------------------------------------------- building
    def _bind(self, call) -> Layer:
        p = self.project
        where = f"{p.files.top_source}:{call.line}"
        try:
            twin = lookup(call.function)
        except KeyError:
            twin = _generated_twin(p, call, where)
        config = p.configs.get(call.config) if call.config else None
        if call.config and config is None:
            raise NetworkError(f"{where}: config struct {call.config} not found in parameters.h")
        if config is not None and p.template_features:
            # the project's own nnet_utils variant (older hls4ml releases); see fxsim.project.templates
            config = config.replace(templates=p.template_features)
        if config is not None and isinstance(config.get("da_kernel"), str) and p.generated is not None:
            # EinsumDense distributed arithmetic: CONFIG_T::da_kernel is generated in nnet_code_gen.h
            config = config.replace(da_kernel=DAKernel.bind(p.generated, config.da_kernel))
        da = da_dense_function(config) if (config is not None and call.function == "dense") else None
        if da is not None:
            # io_stream distributed arithmetic: nnet::dense reads the input packs, runs CONFIG_T::dense_da (an
            # adder graph generated in nnet_code_gen.h) on them and writes the output packs
            twin = _generated_twin(p, call, where, name=da)
        if not call.outputs:
            raise NetworkError(f"{where}: nnet::{call.function} writes no array fxsim can identify")
        weights: list[Any] = []
        for w in call.weights:
            if w not in p.weights:
                raise NetworkError(f"{where}: weight array {w} is not declared in firmware/weights")
            wt = p.weights[w]
            if wt.structured is not None:  # power-of-two / compressed weights (ExponentWeights, ...)
                weights.append(wt.structured)
                continue
            weights.append(FixedArray(wt.type.quantize(wt.values), wt.type))
        if call.constants:
            weights.extend(_literal_arguments(p, call, where))
        if p.io_type == "io_stream":
            config = _stream_config(p, call, config)
            why = pack_mismatch(call.function, config)
            if why:
                raise NetworkError(f"{where}: layer {call.layer or call.outputs[0]}: {why}")
        return Layer(name=call.layer or call.outputs[0], function=call.function, twin=twin,
                     config=config, res_type=p.type_of(call.outputs[0]), inputs=tuple(call.inputs),
                     outputs=tuple(call.outputs), weights=tuple(weights), line=call.line, source=where)

    # ---------------------------------------------------------------- running
    def _as_inputs(self, x) -> list[np.ndarray]:
        xs = list(x) if isinstance(x, (list, tuple)) else [x]
        if len(xs) != len(self.inputs):
            raise NetworkError(f"{self.name} takes {len(self.inputs)} input(s) "
                               f"({', '.join(p.name for p in self.inputs)}), got {len(xs)}")
        out = []
        for port, a in zip(self.inputs, xs):
            a = np.asarray(a)
            if a.dtype.kind not in "fiu":
                raise NetworkError(f"input {port.name}: expected numbers, got dtype {a.dtype}")
            if a.ndim == 1 and port.size != 1:
                a = a.reshape(1, -1)
            a = a.reshape(a.shape[0], -1)
            if a.shape[1] != port.size:
                raise NetworkError(f"input {port.name}: expected {port.size} values per sample, "
                                   f"got shape {tuple(np.shape(xs[0]))}")
            out.append(a)
        return out

    def _reject_nan(self, xs: list[np.ndarray], first: int, skip: frozenset[str] = frozenset()) -> None:
        """NaN inputs have no ap_fixed value: name the first sample that has one (``first``: the
        index of ``xs``' first sample), in the first input that has one. One pass per batch, while
        the batch is in cache; inputs named in ``skip`` are checked only once another has a NaN
        (a chain that quantizes an input counts its NaNs itself: ``NaNInput``)."""
        if skip and not any(port.name not in skip and a.dtype.kind == "f" and a.size and np.isnan(a.min())
                            for port, a in zip(self.inputs, xs)):
            return
        for port, a in zip(self.inputs, xs):
            if a.dtype.kind == "f" and a.size and np.isnan(a.min()):  # min propagates NaN
                row = int(np.nonzero(np.isnan(a).any(axis=1))[0][0])
                raise NetworkError(f"input {port.name}: NaN in sample {first + row}")

    # ---------------------------------------------------------------- the plan
    def plan(self, fast: bool = True) -> Plan:
        """The execution plan :meth:`run`/:meth:`predict` (``fast``) or :meth:`trace` (not ``fast``:
        every layer's own twin, so every cast is counted and every output kept) walk. Built once per
        kind: MAC layers followed by an element-wise activation fuse (:meth:`_fusions`), runs of
        fused passes chain (:meth:`_chains`).

        >>> net = load_hls4ml("my_hls_prj")     # doctest: +SKIP
        >>> net.plan().describe()                # doctest: +SKIP
        ['chain  0..7', 'layer  8..8']
        """
        cached = self._plans.get(fast)
        if cached is not None:
            return cached
        if not fast:
            plan = Plan(tuple(PlanStep("layer", k, k) for k in range(len(self.layers))), fast=False)
        else:
            plan = self._fast_plan(self._chains())
        self._plans[fast] = plan
        return plan

    def _fast_plan(self, chains: dict[int, Chain]) -> Plan:
        """Chains where given, MAC + activation fused where :meth:`_fusions` allows it, else layers."""
        fuse = self._fusions()
        steps: list[PlanStep] = []
        k = 0
        while k < len(self.layers):
            chain = chains.get(k)
            if chain is not None:
                steps.append(PlanStep("chain", chain.first, chain.last, chain=chain))
                k = chain.last + 1
                continue
            epilogue = self._epilogue(k) if k in fuse else None
            if epilogue is not None:
                steps.append(PlanStep("fused", k, k + 1, epilogue=epilogue))
                k += 2
            else:
                steps.append(PlanStep("layer", k, k))
                k += 1
        return Plan(tuple(steps), fast=True)

    def _epilogue(self, k: int) -> FusedActivation | None:
        """The whole-domain table of the activation at ``k + 1`` for layer ``k``'s output type."""
        lay, act = self.layers[k], self.layers[k + 1]
        table = elementwise.table_for(act.twin, lay.res_type, act.res_type, act.config, *act.weights)
        return None if table is None else FusedActivation(table, lay.res_type, act.res_type)

    # ---------------------------------------------------------------- the runner
    def _forward(self, xs: list[np.ndarray], plan: Plan, keep: dict[str, FixedArray] | None = None,
                 probe: list[Step] | None = None, stats: tracing.Stats | None = None,
                 values: bool = False, into: dict[str, np.ndarray] | None = None) -> list[FixedArray | np.ndarray]:
        """Walk ``plan`` on the input raws. ``keep`` collects each layer's output; ``probe``
        collects what each step ran (its fused kernel passes, recorded without running them: a
        planning run for :meth:`_chains`, whose outputs are zeros); ``stats`` counts every cast
        (each step's twin gets a :class:`fxsim.trace.Recorder` for its layer). With ``values``, a
        chain that is the plan's last step may give its output as float64 values
        (:meth:`fxsim.fusion.Chain.run`), which nothing else reads, written into ``into[target]``
        where given."""
        env: dict[str, FixedArray] = {}
        # inputs a chain quantizes itself (fxsim.fusion.plan_chains: only that chain reads them)
        floats = {s.chain.source for s in plan.steps if s.chain is not None and s.chain.qin is not None}
        for port, a in zip(self.inputs, xs):
            if port.name in floats and stats is None:
                env[port.name] = a  # type: ignore[assignment]  # real numbers, for Chain.run
                continue
            raw = port.type.quantize(a)
            if stats is not None:
                stats.recorder(port.name).record_quantize(a, port.type, raw)
            env[port.name] = FixedArray(raw, port.type)
        resolve = self.project.resolve
        for step in plan.steps:
            if step.chain is not None:  # several MAC layers (and their activations) in one kernel pass
                chain = step.chain
                out = chain.run(env[chain.source], values and step is plan.steps[-1] and keep is None,
                                (into or {}).get(chain.target))
                if out is None and chain.body is not None:  # its softmax indexed past a table:
                    lay = self.layers[chain.last]            # that layer's own twin raises the error
                    mid = chain.body.run(env[chain.source])
                    with _located(lay):
                        out = lay(mid, stats=tracing.Recorder(stats, lay.name))  # type: ignore[arg-type,assignment]
                env[chain.target] = out  # type: ignore[assignment]  # float64 values only as the last step
                continue
            lay = self.layers[step.first]
            try:
                data = [env[resolve(n)] for n in lay.inputs]
            except KeyError as e:
                raise NetworkError(f"{lay.source}: {lay.name} reads {e.args[0]} before any layer writes it") from None
            mac = None
            if probe is not None or step.epilogue is not None:
                mac = MacPass(epilogue=step.epilogue, stages=[] if probe is not None else None, dry=probe is not None)
            res, last = self._run_step(step, data, mac, stats)
            outputs = self.layers[last].outputs
            results = res if isinstance(res, tuple) else (res,)
            for name, r in zip(outputs, results):
                env[resolve(name)] = r
                if keep is not None:
                    keep[lay.name if len(outputs) == 1 else f"{lay.name}:{name}"] = r
            if probe is not None:
                stages = tuple(mac.stages) if mac is not None and mac.stages is not None else ()
                probe.append(Step(step.first, last, tuple(resolve(n) for n in lay.inputs), resolve(outputs[0]),
                                  stages, res))
        return [env[resolve(p.name)] for p in self.outputs]

    def _run_step(self, step: PlanStep, data: list[FixedArray], mac: MacPass | None,
                  stats: tracing.Stats | None = None):
        """One ``layer`` or ``fused`` step: (result, index of the last layer it covers). A fused
        step whose twin did not apply the epilogue runs the activation layer after it. Each twin
        gets ``stats=``, a :class:`fxsim.trace.Recorder` naming its layer (counting into ``stats``
        when given)."""
        lay = self.layers[step.first]
        with _located(lay):
            rec = tracing.Recorder(stats, lay.name)
            res = lay(*data, mac=mac, stats=rec) if mac is not None and lay.function in _MAC_TWINS \
                else lay(*data, stats=rec)
        if step.kind == "fused":
            if mac is not None and mac.applied:
                return res, step.last
            act = self.layers[step.last]
            with _located(act):
                return act(*(res if isinstance(res, tuple) else (res,)), stats=tracing.Recorder(stats, act.name)), \
                    step.last
        return res, step.first

    def _chains(self) -> dict[int, Chain]:
        """Runs of MAC layers that :mod:`fxsim.fusion` executes as one kernel pass, keyed by their
        first layer; planned once from what each layer's twin ran on a one-sample probe."""
        if self._chain_cache is not None:
            return self._chain_cache
        chains: dict[int, Chain] = {}
        if self.project.io_type != "io_stream":
            steps: list[Step] = []
            try:
                self._forward([np.zeros((1, p.size)) for p in self.inputs], self._fast_plan({}), probe=steps)
            except Exception:  # noqa: BLE001 - a probe the layers reject only means no chains
                steps = []
            resolve = self.project.resolve
            readers: dict[str, int] = {}
            for lay in self.layers:
                for n in {resolve(i) for i in lay.inputs}:
                    readers[n] = readers.get(n, 0) + 1
            outs = {resolve(p.name) for p in self.outputs}
            chains = plan_chains(steps, readers, outs, {resolve(p.name): p.type for p in self.inputs})
            for first, chain in chains.items():  # a softmax that alone reads a chain's output runs in its pass
                k = chain.last + 1
                nxt = self.layers[k] if k < len(self.layers) else None
                if nxt is None or len(nxt.outputs) != 1 or readers.get(chain.target) != 1 or chain.target in outs \
                        or tuple(resolve(n) for n in nxt.inputs) != (chain.target,):
                    continue
                args = fused_softmax(nxt.function, chain.out_t, nxt.res_type, nxt.config, chain.n_res)
                if args is not None:
                    chains[first] = chain.with_softmax(k, resolve(nxt.outputs[0]), nxt.res_type, args)
        self._chain_cache = chains
        return chains

    def _fusions(self) -> dict[int, int]:
        """Indices ``k`` of MAC layers (:data:`FUSABLE_MACS`) whose output only feeds an element-wise
        activation at ``k + 1`` (io_parallel): the fast plan may run the pair as one fused kernel
        pass (same bits: the activation is its own whole-domain table)."""
        if self._fuse_cache is not None:
            return self._fuse_cache
        fuse: dict[int, int] = {}
        resolve = self.project.resolve
        if self.project.io_type != "io_stream":
            outs = {resolve(p.name) for p in self.outputs}
            for k, (lay, nxt) in enumerate(zip(self.layers, self.layers[1:])):
                if lay.function not in _MAC_TWINS \
                        or len(lay.outputs) != 1 or lay.config is None \
                        or getattr(nxt.twin, "reference", None) is None or len(nxt.outputs) != 1:
                    continue
                y = resolve(lay.outputs[0])
                readers = [j for j, other in enumerate(self.layers) if y in {resolve(n) for n in other.inputs}]
                if readers == [k + 1] and len(nxt.inputs) == 1 and y not in outs:
                    fuse[k] = k + 1
        self._fuse_cache = fuse
        return fuse

    def _batches(self, xs: list[np.ndarray], batch_size: int) -> Iterator[list[np.ndarray]]:
        """Slices of ``batch_size`` samples (issue 17): a remainder smaller than half a
        batch or than ``kernels.small.ROWS`` (and than a batch) joins the batch before it, so a large
        input does not end in a small batch that runs the kernels' NumPy twins (made for small
        inputs) at a fraction of the compiled kernels' speed; a batch is at most twice
        ``batch_size``."""
        n = xs[0].shape[0]
        start = 0
        while start < n:
            stop = start + batch_size
            if n - stop < min(max(batch_size // 2, small.ROWS), batch_size):
                stop = n
            yield [a[start:stop] for a in xs]
            start = stop

    def default_batch_size(self) -> int:
        """Samples per batch when none is given: about 4 MiB of float64 inputs (so a batch's
        inputs and intermediate values stay in cache), between 1,024 and 65,536, a multiple of 64."""
        per_sample = 8 * max(1, sum(p.size for p in self.inputs))
        return max(1024, min(65536, (1 << 22) // per_sample)) // 64 * 64

    def _run_batches(self, xs: list[np.ndarray], batch_size: int | None, progress: bool | None,
                     values: bool = False, dest: dict[str, np.ndarray] | None = None,
                     ) -> Iterator[tuple[int, list[FixedArray | np.ndarray]]]:
        """``(first sample, outputs)`` of each batch, showing a progress line when asked (``values``
        and ``dest``, whole-input arrays whose batch rows :meth:`_forward` gets as ``into``: see
        there)."""
        batch_size = batch_size or self.default_batch_size()
        n = xs[0].shape[0]
        show = progress if progress is not None else (n > 4 * batch_size and sys.stderr.isatty())
        plan = self.plan(fast=True)
        quantized = frozenset(s.chain.source for s in plan.steps if s.chain is not None and s.chain.qin is not None)
        t0 = time.perf_counter()
        done = 0
        for batch in self._batches(xs, batch_size):
            self._reject_nan(batch, done, quantized)
            try:
                stop = done + batch[0].shape[0]
                outs = self._forward(batch, plan, values=values,
                                     into={k: a[done:stop] for k, a in dest.items()} if dest else None)
            except NaNInput:  # in an input a chain quantizes: name its first sample
                self._reject_nan(batch, done)
                raise
            yield done, outs
            done += batch[0].shape[0]
            if show:
                rate = done / max(time.perf_counter() - t0, 1e-9)
                print(f"\r{done}/{n} samples  {rate:,.0f}/s", end="", file=sys.stderr)
        if show:
            print(file=sys.stderr)

    def run(self, x, batch_size: int | None = None, progress: bool | None = None) -> list[FixedArray]:
        """Outputs as :class:`FixedArray` s (one per top output), streamed in batches so memory
        stays flat (``batch_size`` samples; default :meth:`default_batch_size`); ``x`` is one array
        ``(n, size)`` or a list, one per top input."""
        parts: list[list[FixedArray]] = [[] for _ in self.outputs]
        for _, outs in self._run_batches(self._as_inputs(x), batch_size, progress):
            for k, out in enumerate(outs):
                parts[k].append(out)  # type: ignore[arg-type]  # FixedArrays without values=
        return [FixedArray(np.concatenate([a.raw for a in p]), p[0].type) if len(p) > 1 else p[0]
                for p in parts]

    def predict(self, x, batch_size: int | None = None,
                progress: bool | None = None) -> np.ndarray | list[np.ndarray]:
        """float64 outputs, exactly the firmware's values; one array, or a list for several
        outputs. Inputs are converted from double like hls4ml's ``predict`` does. Each batch's
        values go straight into the result (no raw copy of the whole output is kept)."""
        xs = self._as_inputs(x)
        n = xs[0].shape[0]
        plan = self.plan(fast=True)
        last = plan.steps[-1].chain if plan.steps else None
        dest = {}  # a chain that ends the plan writes its float64 values straight into the result
        if last is not None and last.target in {self.project.resolve(p.name) for p in self.outputs}:
            dest[last.target] = np.empty((n, last.n_res))
        result: list[np.ndarray] = []
        for start, outs in self._run_batches(xs, batch_size, progress, values=True, dest=dest):
            if not result:
                for p, o in zip(self.outputs, outs):
                    r = dest.get(self.project.resolve(p.name))
                    result.append(np.empty((n, *o.shape[1:]), dtype=np.float64) if r is None else r)
            for r, o in zip(result, outs):
                if not (isinstance(o, np.ndarray) and o.base is r):  # else already in place
                    r[start:start + o.shape[0]] = o if isinstance(o, np.ndarray) else o.to_float()
        if not result:  # no samples
            result = [o.to_float() for o in self.run(x, batch_size)]
        return result[0] if len(result) == 1 else result

    def trace(self, x) -> Trace:
        """Every layer's output and, per layer and type, how many values were rounded, saturated,
        wrapped, or had their table index clamped."""
        xs = self._as_inputs(x)
        self._reject_nan(xs, 0)
        keep: dict[str, FixedArray] = {}
        counts = tracing.Stats()
        self._forward(xs, self.plan(fast=False), keep, stats=counts)
        order = [p.name for p in self.inputs] + [lay.name for lay in self.layers]
        return Trace(outputs=keep, counts=dict(counts), layer_order=order, steps=dict(counts.steps))

    def __repr__(self) -> str:
        ins = ", ".join(f"{p.name}[{p.size}] {p.type}" for p in self.inputs)
        return f"<Network {self.name}: {len(self.layers)} layers, {self.project.io_type}, inputs {ins}>"

    def _repr_html_(self) -> str:
        """A notebook's view: one row per layer (name, nnet function, output type)."""
        import html

        rows = "".join(f"<tr><td>{html.escape(lay.name)}</td><td><code>nnet::{html.escape(lay.function)}</code></td>"
                       f"<td><code>{html.escape(str(lay.res_type))}</code></td></tr>" for lay in self.layers)
        return (f"<div>{html.escape(repr(self))}<table><tr><th>layer</th><th>function</th><th>output type</th></tr>"
                f"{rows}</table></div>")

    def summary(self) -> str:
        """One line per layer: name, nnet function, output type."""
        rows = [f"{self.name}: inputs " + ", ".join(f"{p.name}[{p.size}] {p.type}" for p in self.inputs)]
        for lay in self.layers:
            rows.append(f"  {lay.name:<24} nnet::{lay.function:<28} -> {lay.res_type}")
        return "\n".join(rows)


def _generated_twin(p: Project, call, where: str, name: str | None = None) -> GeneratedFunction:
    """The twin of a function hls4ml generated into ``nnet_code_gen.h`` (HGQ2 quantizers,
    distributed-arithmetic kernels): one input array, one output array, no config; ``name`` when the call
    reaches it through its config (an io_stream ``nnet::dense`` whose ``CONFIG_T::dense_da`` it is)."""
    name = name or call.function
    fn = p.generated.function(name) if p.generated is not None else None
    if fn is None:
        raise NetworkError(f"{where}: fxsim has no twin of nnet::{name} (layer {call.layer or '?'})")
    if ((len(call.inputs), len(call.outputs), len(call.weights)) != (1, 1, 0) or call.constants
            or (call.config and name == call.function)):
        raise NetworkError(f"{where}: nnet::{name} (generated at {fn.path.name}:{fn.line}) is called "
                           "with other than one input and one output array")
    n_out = p.size_of(call.outputs[0])
    if n_out is not None and n_out != (fn.params[1].size or fn.n_outputs):
        raise NetworkError(f"{where}: {call.outputs[0]} has {n_out} elements but nnet::{name} "
                           f"({fn.path.name}:{fn.line}) writes {fn.params[1].size or fn.n_outputs}")
    return GeneratedFunction(fn)


def _stream_config(project: Project, call, config: Config | None) -> Config:
    """An io_stream call's config plus its streams' ``nnet::array`` pack sizes (``packs_in``,
    ``packs_out``; see :mod:`fxsim.layers.stream`); config-less calls (``clone_stream<…, N>``)
    get a ``Config`` named after the function with the integer template argument as ``N``."""
    from fxsim.layers.stream import with_packs

    extra = {}
    if config is None and call.template_args and call.template_args[-1].strip().isdigit():
        extra["N"] = int(call.template_args[-1])
    return with_packs(config, call.function, tuple(project.pack_of(n) for n in call.inputs),
                      tuple(project.pack_of(n) for n in call.outputs), **extra)


_TEMPLATE_FN = re.compile(r"template\s*<(?P<tparams>[^<>]*(?:<[^<>]*>[^<>]*)*)>\s*(?:inline\s+)?void\s+"
                          r"(?P<name>\w+)\s*\((?P<params>[^)]*)\)")
_LITERAL_ARG = re.compile(r"^(?!true$|false$)[A-Za-z_]\w*$")


@functools.lru_cache(maxsize=32)
def _nnet_signatures(nnet_dir: Path) -> dict[str, list[tuple[list[str], list[str]]]]:
    """``function name -> [(template parameter names, parameter declarations)]`` of every function
    template in the project's own ``firmware/nnet_utils`` headers."""
    out: dict[str, list[tuple[list[str], list[str]]]] = {}
    for header in sorted(nnet_dir.glob("*.h")):
        text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", header.read_text(errors="replace"), flags=re.S)
        for m in _TEMPLATE_FN.finditer(text):
            tparams = [t.split()[-1] for t in split_top(m.group("tparams")) if t.strip()]
            params = [" ".join(a.split()) for a in split_top(m.group("params")) if a.strip()]
            out.setdefault(m.group("name"), []).append((tparams, params))
    return out


def _literal_arguments(p: Project, call, where: str) -> list[FixedArray | float]:
    """The literal arguments of a call (``nnet::leaky_relu<…>(x, 0.3, y)``), each converted to the
    callee's declared parameter type as C++ converts the ``double`` literal; the type comes from the
    project's own ``nnet_utils`` signature (``param_T alpha`` -> the call's matching template argument).
    Built-in parameter types (``double``, ``float``, ``int``) keep the literal."""
    positions = [i for i, a in enumerate(call.args) if not _LITERAL_ARG.match(a.strip())]
    if len(positions) != len(call.constants):
        raise NetworkError(f"{where}: cannot place the literal arguments of nnet::{call.function}")
    candidates = [
        (tp, params) for tp, params in _nnet_signatures(p.files.firmware / "nnet_utils").get(call.function, [])
        if len(params) == len(call.args) and len(tp) == len(call.template_args)
        and not any("hls::stream" in params[i] for i in positions)
    ]
    if not candidates:
        raise NetworkError(f"{where}: no nnet::{call.function} with {len(call.args)} parameters and "
                           f"{len(call.template_args)} template parameters in firmware/nnet_utils: cannot "
                           "tell the type of its literal argument(s)")
    # io_stream projects call the hls::stream overload, io_parallel the array one
    stream = p.io_type == "io_stream"
    candidates.sort(key=lambda c: any("hls::stream" in q for q in c[1]) != stream)
    tparams, params = candidates[0]
    out: list[FixedArray | float] = []
    for pos, value in zip(positions, call.constants):
        words = [w for w in re.sub(r"[&*]", " ", params[pos]).split() if w not in ("const", "volatile")]
        ptype = words[-2] if len(words) >= 2 else ""
        if ptype in tparams:
            targ = call.template_args[tparams.index(ptype)].strip()
            if targ not in p.types:
                raise NetworkError(f"{where}: {targ} (the type of {params[pos]!r}) is not a typedef in defines.h")
            out.append(FixedArray.from_float(np.asarray(float(value)), p.types[targ]))
        elif ptype in ("double", "float", "int", "unsigned", "bool"):
            out.append(float(value))
        else:
            raise NetworkError(f"{where}: unsupported parameter {params[pos]!r} of nnet::{call.function}")
    return out


def _size(project: Project, name: str) -> int:
    size = project.size_of(name)
    if size is None:
        raise NetworkError(f"cannot tell the size of {name} in {project.files.top_source}")
    return size


def load_hls4ml(path: str | Path) -> Network:
    """Read an hls4ml project directory into a runnable :class:`Network`.

    Raises :class:`fxsim.project.ProjectError` or :class:`NetworkError` naming file and line.
    """
    return Network(read_project(path))


__all__: Sequence[str] = ["Network", "NetworkError", "Layer", "Trace", "Port", "load_hls4ml", "ProjectError"]
