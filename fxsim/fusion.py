"""Chains of multiply-accumulate layers run as one kernel pass (:mod:`fxsim.kernels.chain`).

A network like the jet tagger is dense+relu, dense+relu, …: each layer is one pass of the fused
modular kernel (:func:`fxsim.layers.macc.run_modular`). Run one after the other, every pass
writes its whole output to memory as int64 and the next gathers it back. A *chain* runs the passes
back to back per block of samples instead, with the intermediate values in int32 rows that stay in
cache. It computes exactly what the passes compute: each stage is built from the
:class:`~fxsim.layers.macc.ModularStage` its layer's twin recorded when it ran (on a probe input,
see ``Network._chains``), and a layer is only chained when its twin returned that pass's result as
is. An activation table the pass applied becomes a max and a cast where that provably gives the
table's every entry (:func:`max_cast_form`: ReLU, linear).

>>> from fxsim.network import load_hls4ml                   # doctest: +SKIP
>>> net = load_hls4ml("my_hls_prj")                         # doctest: +SKIP
>>> [(c.first, c.last) for c in net._chains().values()]     # doctest: +SKIP
[(0, 7)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from fxsim.array import FixedArray
from fxsim.conversion import KernelCast, kernel_quantize
from fxsim.kernels import chain as kc
from fxsim.kernels.lanes16 import dot16_plan
from fxsim.kernels.quantize import TRN, WRAP
from fxsim.layers.macc import ModularStage, max_cast_form
from fxsim.types import FixedType

__all__ = ["Step", "Chain", "Stage", "stage_of", "max_cast_form", "plan_chains"]

_I32_MIN, _I32_MAX = -(1 << 31), (1 << 31) - 1
_I16_MIN, _I16_MAX = -(1 << 15), (1 << 15) - 1


@dataclass(frozen=True, eq=False)
class Step:
    """One step of a network run: layers ``first..last`` (a MAC layer and the activation fused
    into it, or one layer), reading ``inputs`` and writing ``output`` (resolved array names), with
    the modular passes its twin made and the array it returned."""

    first: int
    last: int
    inputs: tuple[str, ...]
    output: str
    stages: tuple[ModularStage, ...]
    result: object


def _fits(t: FixedType, lo: int, hi: int) -> bool:
    return t.fits_int64 and t.min_raw >= lo and t.max_raw <= hi


def _fits_int32(t: FixedType) -> bool:
    return _fits(t, _I32_MIN, _I32_MAX)


def _shift_ok(shift: int) -> bool:
    return -kc.MAX_LEFT <= shift <= 62


@dataclass(frozen=True, eq=False)
class Stage:
    """A :class:`ModularStage` in the chain kernel's terms: its parameter row (columns
    :data:`fxsim.kernels.chain.COLUMNS`, offsets still zero), its table (empty unless a table
    activation), and the rounding/overflow modes its casts need (None: any)."""

    source: ModularStage
    row: np.ndarray
    table: np.ndarray
    modes: tuple[int | None, int | None, int | None, int | None]
    lanes16: bool


def stage_of(step: Step) -> Stage | None:
    """The step as one chain stage, or None where the chain kernel does not provably compute it:
    the step must be exactly one modular pass whose result its twin returned unchanged, with int32
    lanes, truncating (or exact) products, input, result and output raws in int32 and cast shifts
    the kernel covers."""
    if len(step.stages) != 1:
        return None
    s = step.stages[0]
    r = s.res_cast
    if not (s.result is step.result and s.plan.lanes32 and not s.plan.data_binary
            and (s.plan.q == TRN or s.plan.p_shift <= 0) and _fits_int32(s.data_t) and _fits_int32(s.out_t)
            and _fits_int32(s.res_t) and _shift_ok(r.shift)):
        return None
    res_pre, res_rs = kc.pre_rs(r.shift)
    kind, act_lo, table = kc.MAX_CAST_ACT, s.res_t.min_raw, np.zeros(0, dtype=np.int64)
    act = KernelCast(0, s.res_t.width, s.res_t.signed, TRN, 0)  # no activation: the identity cast
    aq = ao = None
    if s.table.size:
        form = max_cast_form(s.table, s.res_t, s.out_t)
        if form is not None and _shift_ok(form[1].shift):
            act_lo, act = form
            aq, ao = act.rounding, act.overflow
        else:
            kind, table = kc.TABLE_ACT, np.ascontiguousarray(s.table, dtype=np.int64)
    act_pre, act_rs = kc.pre_rs(act.shift)
    n_pix, n_taps = s.index.shape
    ordered = s.order is not None
    if ordered and not _ordered_ok(s):
        return None
    row = np.array([n_pix, n_taps, s.plan.m.shape[1], 0, 0, 0, s.plan.p_shift, s.accum_t.width, s.accum_t.signed,
                    res_pre, res_rs, r.width, r.signed, kind, 0, table.size, s.res_t.min_raw,
                    act_lo, act_pre, act_rs, act.width, act.signed, 0, 0, 0,
                    ordered, s.plan.q, s.acc_o, 0, 0], dtype=np.int64)
    bits = kc.EPILOGUE16_BITS  # the int32-lane epilogue's bounds
    lanes16 = (not ordered and s.accum_t.width <= 16 and -15 <= s.plan.p_shift <= 15
               and s.accum_t.width + res_pre <= bits and s.res_t.width + act_pre <= bits
               and res_rs <= bits and act_rs <= bits and all(
        _fits(t, _I16_MIN, _I16_MAX) for t in (s.data_t, s.res_t, s.out_t))
        and int(np.abs(s.plan.m).max(initial=0)) <= _I16_MAX and int(s.plan.m.min(initial=0)) >= _I16_MIN)
    row[kc.EPI16] = lanes16 and kind == kc.MAX_CAST_ACT and _epilogue_int16(s.accum_t, r, (
        max(act_lo, s.res_t.min_raw), s.res_t.max_raw), act)
    return Stage(s, row, table, (r.rounding, r.overflow, aq, ao), lanes16)


def _ordered_ok(s: ModularStage) -> bool:
    """Whether :func:`fxsim.kernels.chain.ordered_rows` replays the ordered pass ``s`` exactly: one
    dense product in int32 lanes (``plan.lanes32``: every product fits int32, accum_t at most 30
    bits), products that truncate into accum_t or are exact (then the plain sum of
    :func:`~fxsim.kernels.dense.accumulate_pixel` is the sum of the cast products), and signed
    bounds that cannot overflow int64 for any input of ``data_t``."""
    m = s.plan.m.astype(np.int64)
    xmax = max(abs(s.data_t.min_raw), abs(s.data_t.max_raw))
    wsum = int(np.abs(m).sum(axis=0).max(initial=0))
    return (s.index.shape[0] == 1 and s.accum_t.fits_int64 and s.accum_t.width <= 30
            and (s.plan.q == TRN or s.plan.p_shift <= 0) and -30 <= s.plan.p_shift <= 30
            and xmax * wsum << max(-s.plan.p_shift, 0) < (1 << 62))


def _cast_int16(lo: int, hi: int, cast: KernelCast) -> bool:
    """Whether :func:`fxsim.kernels.chain.cast16` computes ``cast`` exactly on raws in ``[lo, hi]``
    (int16): a shift of at most 15 bits, a destination that fits int16 and, unless it wraps (then
    the low 16 bits of the shifted value are enough), a left shift that keeps every value in int16."""
    if not (abs(cast.shift) <= kc.MAX_SHIFT16 and cast.width <= (16 if cast.signed else 15)):
        return False
    up = max(-cast.shift, 0)
    return cast.overflow == WRAP or (lo << up >= _I16_MIN and hi << up <= _I16_MAX)


def _epilogue_int16(accum_t: FixedType, res: KernelCast, act_range: tuple[int, int], act: KernelCast) -> bool:
    """Whether a lanes16 stage's epilogue (accumulator wrap, result cast, max, activation cast) is
    exact in int16 lanes (:func:`fxsim.kernels.chain.epilogue_i16`): every register fits int16."""
    lo, hi = (accum_t.min_raw, accum_t.max_raw) if accum_t.fits_int64 else (1, 0)
    return (accum_t.width <= (16 if accum_t.signed else 15) and _cast_int16(lo, hi, res)
            and _cast_int16(*act_range, act))


def _merge(a: tuple, b: tuple) -> tuple | None:
    """Common modes of two stages (None entries match anything), or None if they conflict."""
    out = []
    for x, y in zip(a, b):
        if x is not None and y is not None and x != y:
            return None
        out.append(x if x is not None else y)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class Chain:
    """Layers ``first..last`` as one :func:`fxsim.kernels.chain.chain_kernel` pass from array
    ``source`` (of ``in_t``) to array ``target`` (of ``out_t``)."""

    first: int
    last: int
    source: str
    target: str
    in_t: FixedType
    out_t: FixedType
    modes: tuple[int, int, int, int]
    lanes16: bool
    params: np.ndarray
    index: np.ndarray
    weights: np.ndarray
    #: int16 lanes: :func:`fxsim.kernels.lanes16.dot16_plan` of each stage (the shifted weights at
    #: the weights' offsets, the tap kinds at column ``kind_off``); int32 lanes: the weights, none.
    shifted: np.ndarray
    kinds: np.ndarray
    biases: np.ndarray
    tables: np.ndarray
    rows: int
    n_res: int
    #: ``(frac, width, signed)`` of ``in_t`` when the chain quantizes float inputs itself (the
    #: source is a network input that only the chain reads; :func:`plan_chains`), else None.
    qin: np.ndarray | None = None
    #: The arguments of :func:`fxsim.kernels.softmax.softmax_rows` after ``x`` when the chain ends
    #: in a softmax layer it runs on the last stage's rows (:meth:`with_softmax`), else None.
    softmax: tuple | None = None
    #: With ``softmax``: the chain without it (its output is the softmax layer's input).
    body: Chain | None = None

    @classmethod
    def of(cls, steps: Sequence[Step], stages: Sequence[Stage], modes: tuple) -> Chain:
        """The chain of consecutive ``steps`` (each reading the previous one's output) as ``stages``."""
        params = np.stack([st.row for st in stages])
        lanes16 = all(st.lanes16 for st in stages)
        # int16 lanes: each stage's weights pre-shifted and its taps' kinds per output tile
        plans = [dot16_plan(st.source.plan.m, st.source.plan.p_shift) if lanes16 else
                 (st.source.plan.m, np.zeros((0, st.source.plan.m.shape[0]), dtype=np.int8)) for st in stages]
        offsets = np.zeros(5, dtype=np.int64)  # index, weights, biases, tables, kinds
        rows = 1
        idx, tabs = [], []  # an ordered stage's order follows its index, its weight parts its table
        for k, (st, (_, kind)) in enumerate(zip(stages, plans)):
            s = st.source
            params[k, [kc.IDX_OFF, kc.M_OFF, kc.ACC0_OFF, kc.TAB_OFF, kc.KIND_OFF]] = offsets
            params[k, kc.N_GROUPS] = kind.shape[0]
            params[k, kc.ORD_OFF] = offsets[0] + s.index.size
            params[k, kc.BND_OFF] = offsets[3] + st.table.size
            m = s.plan.m.astype(np.int64)
            order = s.order.reshape(-1) if s.order is not None else np.zeros(0, dtype=np.int64)
            bnd = np.concatenate([np.maximum(m, 0).reshape(-1), np.minimum(m, 0).reshape(-1)]) \
                if s.order is not None else np.zeros(0, dtype=np.int64)
            idx += [s.index.reshape(-1), order]
            tabs += [st.table, bnd]
            offsets += (s.index.size + order.size, s.plan.m.size, s.plan.m.shape[1], st.table.size + bnd.size,
                        kind.size)
            rows = max(rows, s.index.shape[0] * s.plan.m.shape[1], int(s.index.max()) + 1 if s.index.size else 1)
        first, last = stages[0].source, stages[-1].source
        wtype = np.int16 if lanes16 else np.int32
        cat = np.concatenate
        return cls(first=steps[0].first, last=steps[-1].last, source=steps[0].inputs[0], target=steps[-1].output,
                   in_t=first.data_t, out_t=last.out_t, modes=tuple(0 if m is None else m for m in modes),
                   lanes16=lanes16, params=params,
                   index=np.ascontiguousarray(cat(idx), dtype=np.int64),
                   weights=np.ascontiguousarray(cat([st.source.plan.m.reshape(-1) for st in stages]), dtype=wtype),
                   shifted=np.ascontiguousarray(cat([mh.reshape(-1) for mh, _ in plans]), dtype=wtype),
                   kinds=np.ascontiguousarray(cat([kind.reshape(-1) for _, kind in plans]), dtype=np.int8),
                   biases=np.ascontiguousarray(cat([st.source.acc0.reshape(-1) for st in stages]), dtype=np.int64),
                   tables=np.ascontiguousarray(cat(tabs), dtype=np.int64),
                   rows=rows, n_res=int(last.index.shape[0] * last.plan.m.shape[1]))

    def with_softmax(self, last: int, target: str, out_t: FixedType, args: tuple) -> Chain:
        """This chain followed by the softmax layer ``last`` (writing ``target`` of ``out_t``) that
        reads only its output, run in the same kernel pass; ``args``:
        :func:`fxsim.layers.softmax.fused_softmax` of that layer."""
        return replace(self, last=last, target=target, out_t=out_t, softmax=args, body=self)

    def run(self, data: FixedArray | np.ndarray, values: bool = False,
            into: np.ndarray | None = None) -> FixedArray | np.ndarray | None:
        """The chain's output for ``data`` (batch, n) of ``in_t``, or, for a chain with ``qin``, for
        real numbers (batch, n) that ``in_t`` quantizes (``T x = (double)v``, in the kernel). None
        for a chain ending in a softmax where an index falls past one of its tables (the softmax
        layer's own twin then says so). With ``values``, the output's float64 values where the
        kernel computes them exactly as :meth:`FixedArray.to_float` (one product ``raw * 2**-frac``
        of exact doubles: ``out_t`` of at most 53 bits), else the :class:`FixedArray`; the values
        are written into ``into`` where that is a C-contiguous float64 (batch, n_res) array."""
        epi16 = self.lanes16 and bool(self.params[:, kc.EPI16].all())  # else every stage's int32 epilogue
        floats = not isinstance(data, FixedArray)
        run = kc.chain_kernel(*self.modes, self.lanes16, epi16, floats, self.softmax is not None)
        t = self.out_t
        scale = 2.0 ** -t.frac if values and t.width <= 53 and abs(t.frac) <= 1000 else 0.0
        if into is not None and not (into.dtype == np.float64 and into.shape == (len(data), self.n_res)
                                     and into.flags.c_contiguous):
            into = None
        if not floats:
            if data.type != self.in_t or data.ndim != 2:
                raise ValueError(f"chain {self.first}..{self.last} reads (batch, n) of {self.in_t}, "
                                 f"got {data.shape} of {data.type}")
            raw = run(np.ascontiguousarray(data.raw), self.params, self.index, self.weights, self.shifted,
                      self.kinds, self.biases, self.tables, max(self.rows, data.shape[1]), self.n_res,
                      softmax=self.softmax, scale=scale, into=into)
        else:
            if self.qin is None or data.ndim != 2 or data.dtype.kind not in "fiub":
                raise ValueError(f"chain {self.first}..{self.last} takes (batch, n) reals only when it "
                                 f"quantizes its input, got {data.shape} of {data.dtype}")
            raw = run(data, self.params, self.index, self.weights, self.shifted, self.kinds, self.biases,
                      self.tables, max(self.rows, data.shape[1]), self.n_res, self.qin, softmax=self.softmax,
                      scale=scale, into=into)
        return raw if raw is None or scale else FixedArray._trusted(raw, t)


def _quantizes_input(chain: Chain, in_t: FixedType) -> np.ndarray | None:
    """``Chain.qin`` for a chain reading network input of type ``in_t``: where
    :func:`fxsim.conversion.quantize` runs the bulk kernel with the chain's own result-cast modes
    (the kernel's compile-time ``q``/``o``), so the chain kernel can quantize with the same element
    function; else None."""
    k = kernel_quantize(in_t)
    if k is None or in_t != chain.in_t or (k.rounding, k.overflow) != tuple(chain.modes[:2]) or k.width > 32:
        return None
    return np.array([k.shift, k.width, k.signed], dtype=np.int64)


def plan_chains(steps: Sequence[Step], readers: dict[str, int], outputs: set[str],
                inputs: dict[str, FixedType] | None = None) -> dict[int, Chain]:
    """Maximal runs (two steps or more) of steps that are chain stages (:func:`stage_of`) with
    compatible cast modes, where each step reads only the previous step's output, which nothing
    else reads (``readers``: array name -> how many layers read it) and which is not a network
    output; keyed by the run's first layer index. A chain whose source is one of the network's
    ``inputs`` (name -> type) that nothing else reads quantizes it itself where it can
    (``Chain.qin``: the runner then passes it the real numbers)."""
    chains: dict[int, Chain] = {}
    run: list[tuple[Step, Stage]] = []
    modes: tuple = (None,) * 4

    def close() -> None:
        if len(run) >= 2:
            chain = Chain.of([s for s, _ in run], [st for _, st in run], modes)
            if inputs and chain.source in inputs and readers.get(chain.source) == 1:
                chain = replace(chain, qin=_quantizes_input(chain, inputs[chain.source]))
            chains[run[0][0].first] = chain
        run.clear()

    for step in steps:
        stage = stage_of(step)
        if stage is None or len(step.inputs) != 1:
            close()
            continue
        if run:
            prev, prev_stage = run[-1]
            merged = _merge(modes, stage.modes)
            if merged is None or not (step.inputs == (prev.output,) and readers.get(prev.output) == 1
                                      and prev.output not in outputs
                                      and stage.source.data_t == prev_stage.source.out_t):
                close()
        if not run:
            modes = stage.modes
        else:
            modes = _merge(modes, stage.modes)
        run.append((step, stage))
    close()
    return chains
