"""The multiply-accumulate replay shared by the dense and conv templates (nnet_dense_latency.h,
nnet_dense_resource.h, nnet_conv*.h): no header of its own; the templates differ only in the
``(out, in, w)`` order they visit (a :class:`Schedule`), which this module replays.

How each template computes, read from the headers:

* every product ``product<data_T, weight_t>::product(a, w)`` is exact in its own C++ type and is
  then stored into ``accum_t`` (``mult[i] = …``, ``static_cast<accum_t>(…)``, ``tmpmult[i] = …``):
  accum_t's rounding and overflow apply to each product;
* ``acc[j] = (accum_t)biases[j]``; then ``acc[j] += m`` computes the exact sum and stores it back
  into accum_t (``ap_fixed_base::operator+=``): accum_t's overflow applies at every step;
* the loops of each template fix which ``(out, in, w)`` triples are visited and in which order
  (``schedule_*`` in :mod:`fxsim.layers.dense_latency` / :mod:`fxsim.layers.dense_resource`);
* the result is ``nnet::cast<data_T, res_T, CONFIG_T>(acc)`` (:func:`fxsim.layers.mult.cast_result`).

Execution paths (``path=``): ``"reference"`` replays the schedule step by step with
:class:`~fxsim.array.FixedArray` arithmetic, vectorised over the batch only; ``"ordered"`` replays
it in a Numba kernel (parallel over blocks of samples); ``"gemm"`` is an exact integer GEMM, used
only where it provably gives the same bits (see :func:`_gemm_applies`); ``"modular"`` the fused
modular kernel (:func:`modular_plan`); ``"auto"`` picks the first that applies.

>>> s = Schedule.of([(0, 0, 0), (0, 1, 1)], n_in=2, n_out=1, n_w=2)
>>> s.out.tolist(), s.inp.tolist(), s.w.tolist()
([0, 0], [0, 1], [0, 1])
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.conversion import KernelCast, kernel_cast
from fxsim.kernels import dense as kd
from fxsim.kernels.quantize import cast_i64
from fxsim.layers.mult import (
    PRODUCTS,
    UINT1,
    cast_result,
    kernel_constants,
    product_type,
    product_weight_exponential,
    reject_exponent_bias,
)
from fxsim.trace import Recorder, is_recording
from fxsim.types import FixedType
from fxsim.weight_structs import ExponentWeights


@dataclass(frozen=True)
class Schedule:
    """The ``(out, in, w)`` index triples a template visits, in its order: at each step
    ``acc[out] += (accum_t) product(data[in], weights[w])``."""

    out: np.ndarray
    inp: np.ndarray
    w: np.ndarray

    @classmethod
    def of(cls, steps: list[tuple[int, int, int]], n_in: int, n_out: int, n_w: int) -> Schedule:
        a = np.array(steps, dtype=np.int64).reshape(-1, 3)
        for col, n, what in ((0, n_out, "acc"), (1, n_in, "data"), (2, n_w, "weights")):
            if a.size and (a[:, col].min() < 0 or a[:, col].max() >= n):
                raise ValueError(f"this configuration indexes {what}[] out of bounds "
                                 f"(undefined behaviour in C++); use a valid reuse factor")
        return cls(np.ascontiguousarray(a[:, 0]), np.ascontiguousarray(a[:, 1]), np.ascontiguousarray(a[:, 2]))


def div_roundup(n: int, d: int) -> int:
    """``DIV_ROUNDUP(n, d)`` of nnet_common.h."""
    return (n + d - 1) // d


def accumulate_reference(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule,
                         product: str, accum_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """Replay ``sched`` with FixedArray arithmetic, step by step (vectorised over the batch).

    While ``stats`` records (:mod:`fxsim.trace`), the casts are accounted as ``product`` and ``accumulate``
    steps, and each accumulator's exact final sum (the products rounded to ``accum_t``'s fraction,
    never wrapped or saturated, plus the bias) as a ``final_sum`` step."""
    fn = PRODUCTS[product][0]
    batch = data.shape[0]
    acc = [acc0[j] for j in range(acc0.shape[0])]
    exact = _ExactSums(acc0, accum_t, data.type, weights.type, product) if is_recording(stats) else None
    for out, i, w in zip(sched.out.tolist(), sched.inp.tolist(), sched.w.tolist(), strict=True):
        p = fn(data[:, i], weights[w], stats=stats)
        m = p.cast(accum_t, kind="product", stats=stats)
        acc[out] = (acc[out] + m).cast(accum_t, kind="accumulate", stats=stats)
        if exact is not None:
            exact.add(out, p)
    raw = np.stack([np.broadcast_to(a.raw, (batch,)) for a in acc], axis=1) if acc else \
        np.zeros((batch, 0), dtype=np.int64)
    if exact is not None:
        exact.record(batch, stats)
    return FixedArray(raw, accum_t)


class _ExactSums:
    """Each accumulator's exact sum for :meth:`fxsim.trace.Recorder.record_final_sums`: the bias (as cast
    into ``accum_t``) plus every product rounded to ``accum_t``'s fraction with its quantization but
    never wrapped or saturated (raws of ``accum_t``'s fraction, int64 or Python ints)."""

    def __init__(self, acc0: FixedArray, accum_t: FixedType, x_t: FixedType, w_t: FixedType,
                 product: str) -> None:
        p_t = product_type(product, x_t, w_t)
        i = max(p_t.integer, accum_t.integer) + 2
        self.accum_t = accum_t
        self.wide = FixedType(i, i, True, is_int=True) if accum_t.is_int else \
            FixedType(i + accum_t.frac, i, True, accum_t.rounding)
        small = self.wide.width + 24 < 62
        self.sums = [np.asarray(acc0[j].raw, dtype=np.int64 if small else object) for j in range(acc0.shape[0])]

    def add(self, out: int, p: FixedArray) -> None:
        r = p.cast(self.wide, kind=None).raw
        self.sums[out] = self.sums[out] + (r if self.sums[out].dtype == object else np.asarray(r, dtype=np.int64))

    def record(self, batch: int, stats: Recorder) -> None:
        if self.sums:
            stats.record_final_sums(np.stack([np.broadcast_to(s, (batch,)) for s in self.sums], axis=1),
                                    self.accum_t)


def _ordered_applies(data: FixedArray, weights: FixedArray, product: str, accum_t: FixedType) -> bool:
    """The Numba replay holds every value in int64 and covers accum_t's modes exactly."""
    p_t = product_type(product, data.type, weights.type)
    return (data.raw.dtype == np.int64 and weights.raw.dtype == np.int64 and p_t.fits_int64
            and kernel_cast(p_t, accum_t) is not None
            and not (product == "both_binary" and data.type.frac != weights.type.frac)
            and (not data.type.is_int or data.type.width <= 62))


def accumulate_ordered(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule,
                       product: str, accum_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """Replay ``sched`` in the Numba kernel (same order, same per-step rounding/overflow)."""
    return FixedArray._trusted(_run_ordered(data, weights, acc0, sched, product, accum_t), accum_t)


@dataclass(frozen=True, eq=False)
class OrderedPlan:
    """One weight matrix and schedule prepared for :func:`fxsim.kernels.dense.dense_ordered_steps`
    (once, cached by content): ``steps`` of :func:`fxsim.kernels.dense.ordered_steps` and whether
    the common truncating ``mult`` step runs in int32 lanes (``lanes32``: every product, every cast
    product and every ``acc + m`` provably fits int32, from data_t's range and the actual weights)
    and whether data and weights fit int16 (``lanes16``: the saturation-free rows may add product
    halves in int16 lanes where the kernel's other conditions hold, see
    :func:`fxsim.kernels.dense.dense_ordered_kernel`)."""

    steps: tuple
    lanes32: bool
    lanes16: bool


_ORDERED: dict[tuple, tuple[bytes, OrderedPlan]] = {}


def _content_key(weights: FixedArray, sched: Schedule) -> bytes:
    """The bytes a prepared-weights cache compares on a hit: the weights' raws and the schedule."""
    return b"".join((np.ascontiguousarray(weights.raw).tobytes(), sched.out.tobytes(), sched.inp.tobytes(),
                     sched.w.tobytes()))


def _cached(cache: dict, ident: bytes, key: tuple, make: Callable[[], object]):
    """``cache``'s entry for ``key`` whose stored bytes equal ``ident`` (content, compared byte for
    byte), else ``make()`` stored under it (the cache is cleared past 512 entries)."""
    full = (hash(ident), *key)
    hit = cache.get(full)
    if hit is not None and hit[0] == ident:
        return hit[1]
    value = make()
    if len(cache) > 512:
        cache.clear()
    cache[full] = (ident, value)
    return value


def ordered_plan(data_t: FixedType, weights: FixedArray, sched: Schedule, product: str,
                 accum_t: FixedType, n_in: int, n_out: int) -> OrderedPlan:
    """The :class:`OrderedPlan` of ``weights`` under ``sched`` (cached per content)."""

    def make() -> OrderedPlan:
        xmax = max(abs(data_t.min_raw), abs(data_t.max_raw))
        wmax = int(np.abs(weights.raw).max()) if weights.size else 0
        lanes32 = product == "mult" and xmax * wmax < 2**31 and accum_t.width <= 30 and data_t.fits_int64
        lanes16 = lanes32 and data_t.min_raw >= -(1 << 15) and data_t.max_raw < (1 << 15) and wmax < (1 << 15)
        w = np.ascontiguousarray(weights.raw.reshape(-1))
        return OrderedPlan(kd.ordered_steps(sched.out, sched.inp, sched.w, w, n_in, n_out), lanes32, lanes16)

    return _cached(_ORDERED, _content_key(weights, sched), (weights.type, data_t, product, accum_t, n_in, n_out),
                   make)


def _run_ordered(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule, product: str,
                 accum_t: FixedType, res: KernelCast | None = None, act: FusedActivation | None = None) -> np.ndarray:
    """Raws of :func:`fxsim.kernels.dense.dense_ordered_steps` (with its ``res``/activation
    epilogue: ``act``'s max-and-cast form where it has one, else its table)."""
    p_t = product_type(product, data.type, weights.type)
    minus_one, one = kernel_constants(product, data.type, weights.type)
    k = kernel_cast(p_t, accum_t)
    assert k is not None
    plan = ordered_plan(data.type, weights, sched, product, accum_t, data.shape[1], acc0.size)
    form = None if act is None else act.max_cast
    table = None if act is None or form is not None else act.table
    return kd.dense_ordered_steps(data.raw, np.ascontiguousarray(acc0.raw.reshape(-1)),
                                  plan.steps, PRODUCTS[product][1], minus_one, one, *k, lanes32=plan.lanes32,
                                  lanes16=plan.lanes16, res=res, table=table,
                                  t_min=0 if act is None else act.data_t.min_raw, act=form)


def ordered_macc(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule, product: str,
                 accum_t: FixedType, res_t: FixedType, path: str = "auto", mac: MacPass | None = None, *,
                 stats: Recorder | None = None) -> FixedArray | None:
    """The ordered replay plus ``(res_T) acc`` (and ``mac.epilogue``) in one kernel pass, where the
    ordered path is the one :func:`accumulate` takes (``path`` ``auto`` or ``ordered``) and
    ``nnet::cast`` is the plain cast; else None (then run :func:`accumulate` and
    :func:`cast_result`)."""
    r = kernel_cast(accum_t, res_t)
    if (path not in ("auto", "ordered") or is_recording(stats) or data.ndim != 2 or r is None
            or (data.type == UINT1 and weights.type == UINT1) or not _ordered_applies(data, weights, product, accum_t)
            or (path == "auto" and _gemm_applies(data, weights, product, accum_t))):
        return None
    fa = mac.epilogue if mac is not None and not mac.applied else None
    if fa is not None and fa.data_t != res_t:
        fa = None
    out_t = res_t if fa is None else fa.res_t
    if mac is not None and mac.dry:  # planning only: the shape and type, no kernel (compile)
        raw = np.zeros((data.shape[0], acc0.size), dtype=np.int64)
    else:
        raw = _run_ordered(data, weights, acc0, sched, product, accum_t, r, fa)
    if fa is not None and mac is not None:
        mac.applied = True
    result = FixedArray._trusted(raw, out_t)
    if mac is not None and mac.stages is not None:
        stage = _ordered_stage(data.type, weights, acc0, sched, product, accum_t, res_t, r, fa, result,
                               data.shape[1])
        if stage is not None:
            mac.stages.append(stage)
    return result


def _ordered_stage(data_t: FixedType, weights: FixedArray, acc0: FixedArray, sched: Schedule, product: str,
                   accum_t: FixedType, res_t: FixedType, r: KernelCast, fa: FusedActivation | None,
                   result: FixedArray, n_in: int) -> ModularStage | None:
    """The ordered pass as a :class:`ModularStage` with ``order`` (for a chain stage that sums
    where a per-block bound proves no step saturates, else replays the template's order; see
    ``fxsim.fusion``), or None where it is not one dense product: ``mult`` products in int32 lanes
    (:class:`OrderedPlan` ``lanes32``) and every ``(in, out)`` pair visited exactly once."""
    n_out = acc0.size
    plan = ordered_plan(data_t, weights, sched, product, accum_t, n_in, n_out)
    k = kernel_cast(product_type(product, data_t, weights.type), accum_t)
    pairs = sched.inp * max(n_out, 1) + sched.out
    if (product != "mult" or not plan.lanes32 or k is None or n_in == 0 or pairs.size != n_in * n_out
            or np.unique(pairs).size != pairs.size):
        return None
    ptr, s_in = plan.steps[0], plan.steps[1]
    order = np.ascontiguousarray(s_in.astype(np.int64).reshape(n_out, n_in))  # output j's inputs, in order
    assert (np.diff(ptr) == n_in).all()
    m = np.zeros((n_in, n_out), dtype=np.int32)
    m[sched.inp, sched.out] = weights.raw.reshape(-1)[sched.w]
    table = _NO_TABLE if fa is None else fa.table
    return ModularStage(ModularPlan(m, k.shift, k.rounding, True, False), data_t,
                        np.ascontiguousarray(acc0.raw.reshape(-1)), accum_t, res_t, r, table,
                        res_t.min_raw, res_t if fa is None else fa.res_t, _identity_index(n_in), result,
                        order, k.overflow)


def _gemm_applies(data: FixedArray, weights: FixedArray, product: str, accum_t: FixedType) -> bool:
    """When the whole replay is one integer GEMM modulo 2**W(accum_t).

    With accum_t ``AP_WRAP`` (N = 0) and ``F(accum_t) >= F(product)``, storing a product into
    accum_t drops no bits (the rounding mode is irrelevant) and only wraps:
    ``(accum_t)p = p * 2**k mod 2**W``, k = F(accum_t) - F(product); ``acc += m`` wraps as well.
    Reduction modulo 2**W is a ring homomorphism, so
    ``acc = bias + sum_s p_s * 2**k (mod 2**W)`` whatever the order of the steps and the
    intermediate wraps. The products used here are bilinear in (data', weights') — mult: (a, w);
    weight_binary: (a, ±1); weight_ternary: (a, 0/±1); data_binary: (±1, w) — so the sum is
    ``data' @ W'`` with W'[in, out] = sum of the schedule's weights' at (in, out). A sum modulo 2**64
    keeps the residue modulo 2**W (W <= 62).
    """
    p_t = product_type(product, data.type, weights.type)
    return (data.raw.dtype == np.int64 and weights.raw.dtype == np.int64 and product != "both_binary"
            and accum_t.overflow == "AP_WRAP" and accum_t.sat_bits == 0 and accum_t.width <= 62
            and accum_t.frac >= p_t.frac and not (accum_t.is_int and not p_t.is_int and p_t.frac != 0))


def _bilinear_operands(data: FixedArray, weights: FixedArray, product: str) -> tuple[np.ndarray, np.ndarray]:
    """(data', weights') with product = data' * weights' exactly (see :func:`_gemm_applies`)."""
    x, w = data.raw, weights.raw.reshape(-1)
    if product == "mult":
        return x, w
    if product == "weight_binary":
        return x, np.where(w == 0, -1, 1).astype(np.int64)
    if product == "weight_ternary":
        minus_one, _ = kernel_constants(product, data.type, weights.type)
        return x, np.where(w == 0, 0, np.where(w == minus_one, -1, 1)).astype(np.int64)
    if product == "data_binary":
        return np.where(x == 0, -1, 1).astype(np.int64), w
    raise AssertionError(product)


#: float64 sums of integers stay exact below this bound.
_F64_EXACT = 1 << 53


def accumulate_gemm(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule,
                    product: str, accum_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """The replay as one exact GEMM (only where :func:`_gemm_applies`).

    float64 BLAS when every partial sum is an integer below 2**53 in magnitude (then each
    product and each addition is exact in any order), else the int64 kernel modulo 2**64.
    """
    n_in, n_out = data.shape[1], acc0.shape[0]
    x, w = _bilinear_operands(data, weights, product)
    m = np.zeros((n_in, n_out), dtype=np.int64)
    np.add.at(m, (sched.inp, sched.out), w[sched.w])  # |entries| <= n_steps * max|w| < 2**63
    xmax = int(np.abs(x).max()) if x.size else 0
    mmax = int(np.abs(m).max()) if m.size else 0
    if n_in * xmax * mmax < _F64_EXACT:
        s = (x.astype(np.float64) @ m.astype(np.float64)).astype(np.int64)
    else:
        s = kd.gemm_mod64(np.ascontiguousarray(x), m)
    k = accum_t.frac - product_type(product, data.type, weights.type).frac
    su = s.view(np.uint64)
    su = su << np.uint64(k) if k < 64 else np.zeros_like(su)
    total = (su + acc0.raw.astype(np.int64).view(np.uint64)).view(np.int64)
    return FixedArray(kd.wrap_rows(total, accum_t.width, accum_t.signed), accum_t)


# ---------------------------------------------------------------------------- modular (fused) path
@dataclass(frozen=True)
class ModularPlan:
    """Operands of :func:`fxsim.kernels.dense.dense_modular_kernel` for one layer (see
    :func:`modular_plan`): ``m[in, out]`` the bilinear weight matrix in the lane dtype."""

    m: np.ndarray
    p_shift: int
    q: int
    lanes32: bool
    data_binary: bool


_PLANS: dict[tuple, tuple[bytes, ModularPlan | None]] = {}
_MODULAR_PRODUCTS = ("mult", "weight_binary", "weight_ternary", "data_binary")


def modular_plan(data_t: FixedType, weights: FixedArray, sched: Schedule, product: str,
                 accum_t: FixedType) -> ModularPlan | None:
    """The fused modular kernel's operands, or None where it does not provably apply.

    Why it is exact. With accum_t ``AP_WRAP`` and N = 0, storing an integer into accum_t is
    reduction modulo 2**W (W = width, representative in the register's range). Each template step
    is ``acc = wrap(acc + wrap(round(p)))`` where ``round`` is accum_t's quantization of the exact
    product ``p`` into accum_t's fraction bits (any rounding mode; it depends on ``p`` alone). Since
    reduction modulo 2**W is a ring homomorphism, ``acc_final = wrap(acc0 + sum_s round(p_s))``
    whatever the order of the steps. The kernel evaluates that sum modulo 2**32 (int32 lanes,
    W <= 32) or 2**64 (W <= 62), both multiples of 2**W, and wraps once. Requirements checked here:
    every product is exact in the lanes (``max|x| * max|m| < 2**31`` resp. ``2**63``, from data_t's
    range and the actual weights), the shift fits the lanes, each ``(in, out)`` pair occurs at most
    once in the schedule (so the steps are ``x[in] * m[in, out]``; absent pairs contribute
    ``round(0) = 0``), and the product is bilinear (mult, ±1/0 weights, ±1 data; see
    :func:`_gemm_applies`). The result is cached per weight array, so weights are prepared once.
    """
    if product not in _MODULAR_PRODUCTS or weights.raw.dtype != np.int64:
        return None
    if accum_t.overflow != "AP_WRAP" or accum_t.sat_bits != 0 or accum_t.width > 62:
        return None
    p_t = product_type(product, data_t, weights.type)
    k = kernel_cast(p_t, accum_t)
    if k is None or data_t.is_int and data_t.width > 62 or not data_t.fits_int64:
        return None
    # keyed by content, compared byte for byte: a hit is the same weights and schedule
    return _cached(_PLANS, _content_key(weights, sched), (weights.type, data_t, product, accum_t),
                   lambda: _make_plan(data_t, weights, sched, product, k.shift, k.rounding, accum_t.width))


def _make_plan(data_t: FixedType, weights: FixedArray, sched: Schedule, product: str, p_shift: int,
               q: int, acc_w: int) -> ModularPlan | None:
    n_in = int(sched.inp.max()) + 1 if sched.inp.size else 0
    n_out = int(sched.out.max()) + 1 if sched.out.size else 0
    pairs = sched.inp * max(n_out, 1) + sched.out
    if np.unique(pairs).size != pairs.size:
        return None
    dummy = FixedArray._trusted(np.zeros((1, 1), dtype=np.int64), data_t)
    _, w = _bilinear_operands(dummy, weights, product)
    m = np.zeros((n_in, n_out), dtype=np.int64)
    m[sched.inp, sched.out] = w[sched.w]
    xmax = 1 if product == "data_binary" else max(abs(data_t.min_raw), abs(data_t.max_raw))
    mmax = int(np.abs(m).max()) if m.size else 0
    for lanes32, nbits in ((True, 32), (False, 64)):
        if xmax * mmax < (1 << (nbits - 1)) and abs(p_shift) <= nbits - 2 and acc_w <= nbits - 2 * (not lanes32):
            return ModularPlan(np.ascontiguousarray(m, dtype=np.int32 if lanes32 else np.int64), p_shift,
                               q, lanes32, product == "data_binary")
    return None


def run_modular(data: FixedArray, plan: ModularPlan, acc0: FixedArray, accum_t: FixedType,
                res_t: FixedType, activation: FusedActivation | None = None,
                index: np.ndarray | None = None, mac: MacPass | None = None) -> FixedArray:
    """``(res_t) acc`` after the template's accumulation, by the fused kernel (see
    :func:`modular_plan`); with ``res_t == accum_t`` it returns the accumulators. With
    ``activation`` the epilogue also applies that element-wise activation (a whole-domain table of
    ``res_t``), and the result is of ``activation.res_t``.

    ``index`` (pixels, taps), for convolutions: each pixel is one product over the taps, reading
    input ``index[p, t]`` of each sample (-1: zero), and the result is ``(batch, pixels * n_out)``.
    Without it, the taps are the first ``plan.m.shape[0]`` inputs (a dense layer). ``mac``: the
    pass is recorded in ``mac.stages`` (if not None), and not run with ``mac.dry``."""
    x = data.raw
    if plan.data_binary:
        x = np.where(x == 0, -1, 1).astype(np.int64)
        if index is not None:
            raise ValueError("data_binary products have no convolution path")
    n_out = plan.m.shape[1]
    if index is None:
        if x.shape[1] < plan.m.shape[0]:
            raise ValueError("schedule reads past the data")
        index = _identity_index(plan.m.shape[0])
    elif index.shape[1] != plan.m.shape[0] or (index.size and int(index.max()) >= x.shape[1]):
        raise ValueError(f"im2col index {index.shape} does not match {plan.m.shape[0]} taps over {x.shape[1]} inputs")
    r = kernel_cast(accum_t, res_t)
    assert r is not None
    if activation is not None:
        if activation.data_t != res_t:
            raise ValueError(f"the fused activation reads {activation.data_t}, the layer writes {res_t}")
        table, t_min, out_t = activation.table, res_t.min_raw, activation.res_t
    else:
        table, t_min, out_t = _NO_TABLE, 0, res_t
    bias = np.ascontiguousarray(acc0.raw.reshape(-1)[:n_out])
    stages = mac.stages if mac is not None else None
    if mac is not None and mac.dry:  # planning only: the shape and type, no kernel (compile)
        result = FixedArray._trusted(np.zeros((x.shape[0], index.shape[0] * n_out), dtype=np.int64), out_t)
    else:
        kern = kd.dense_modular_kernel(plan.q, plan.lanes32)
        raw = kern(np.ascontiguousarray(x), index, plan.m, bias, plan.p_shift, accum_t.width, accum_t.signed, *r,
                   table, t_min)
        result = FixedArray._trusted(raw, out_t)
    if stages is not None:
        stages.append(ModularStage(plan, data.type, bias, accum_t, res_t, r, table, t_min, out_t, index, result))
    return result


_NO_TABLE = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class ModularStage:
    """One pass of the fused modular kernel as :func:`run_modular` made it (recorded in
    :attr:`MacPass.stages`): everything that pass computed from, so ``fxsim.fusion`` can replay it
    inside a chain of passes. ``res_cast`` is ``(res_t) acc``; ``table`` (if not empty) the fused
    activation from ``res_t`` to ``out_t``; ``result`` the array the pass returned."""

    plan: ModularPlan
    data_t: FixedType
    acc0: np.ndarray
    accum_t: FixedType
    res_t: FixedType
    res_cast: KernelCast
    table: np.ndarray
    t_min: int
    out_t: FixedType
    index: np.ndarray
    result: FixedArray
    #: An ordered (saturating accumulator) pass: ``order[j]`` the inputs output ``j`` adds, in the
    #: template's order (``plan.m`` its weights, ``plan.q`` / ``acc_o`` accum_t's rounding and
    #: overflow codes, ``plan.p_shift`` the product's shift into accum_t); None: a modular pass.
    order: np.ndarray | None = None
    acc_o: int = 0


@dataclass(frozen=True, eq=False)
class FusedActivation:
    """An element-wise activation for the MAC kernel's epilogue: ``table[r - data_t.min_raw]`` of
    each ``res_T`` value ``r`` the layer computes (the activation twin evaluated over its whole
    input domain, see :mod:`fxsim.layers.elementwise`), giving raws of ``res_t``."""

    table: np.ndarray
    data_t: FixedType
    res_t: FixedType

    @functools.cached_property
    def max_cast(self) -> tuple[int, KernelCast] | None:
        """:func:`max_cast_form` of this activation (computed once): the kernels then apply it as a
        max and a cast instead of looking each value up in the table."""
        return max_cast_form(self.table, self.data_t, self.res_t)


def max_cast_form(table: np.ndarray, data_t: FixedType, res_t: FixedType) -> tuple[int, KernelCast] | None:
    """``(lo, cast)`` such that ``table[r - data_t.min_raw] == (res_t) max(r, lo)`` for *every* raw
    ``r`` of ``data_t`` (checked over the whole domain), for ``lo`` = 0 (a ReLU) or ``data_t``'s
    minimum (a linear activation); None if neither holds. Then a kernel computes the activation
    with a max and a cast instead of a table lookup, with the same bits.

    >>> t, u = FixedType.parse("ap_fixed<6,3>"), FixedType.parse("ap_ufixed<4,2,AP_RND,AP_SAT>")
    >>> relu = cast_i64(np.maximum(np.arange(t.min_raw, t.max_raw + 1), 0), *kernel_cast(t, u))
    >>> max_cast_form(relu, t, u)[0]
    0
    """
    cast = kernel_cast(data_t, res_t)
    if cast is None or table.size != data_t.max_raw - data_t.min_raw + 1:
        return None
    domain = np.arange(data_t.min_raw, data_t.max_raw + 1, dtype=np.int64)
    for lo in (0, data_t.min_raw):
        if np.array_equal(cast_i64(np.maximum(domain, lo), *cast), table):
            return lo, cast
    return None


@dataclass(eq=False)
class MacPass:
    """What an execution plan hands one dense/conv twin for its fused kernel pass (keyword ``mac=``).

    ``epilogue``: an element-wise activation the twin applies in that pass (when its result is of
    ``epilogue.data_t`` and it takes the fused modular kernel); afterwards ``applied`` tells whether
    it did (else the caller runs the activation itself). ``stages``: a list that receives every
    fused pass the twin runs (:class:`ModularStage`). ``dry``: record the passes without running
    them (their results are zeros of the right shape and type: planning only, see ``fxsim.fusion``).

    >>> t = FixedType.parse("ap_fixed<8,3>")
    >>> x = FixedArray.from_float([[1.0, -2.0]], t)
    >>> w = FixedArray.from_float([1.0, 0.5, -1.0, 0.25], t)
    >>> b = FixedArray.from_float([0.0, 0.0], t)
    >>> cfg = Config(n_in=2, n_out=2, reuse_factor=1, strategy="latency", accum_t=t)
    >>> relu_table = np.maximum(np.arange(t.min_raw, t.max_raw + 1), 0)
    >>> from fxsim.layers.dense import dense
    >>> mac = MacPass(epilogue=FusedActivation(relu_table, t, t))
    >>> y = dense(x, t, cfg, w, b, mac=mac)
    >>> mac.applied, y.to_float().tolist()
    (True, [[3.0, 0.0]])
    """

    epilogue: FusedActivation | None = None
    stages: list[ModularStage] | None = None
    dry: bool = False
    applied: bool = False


def modular_macc(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule, product: str,
                 accum_t: FixedType, res_t: FixedType, index: np.ndarray | None = None,
                 mac: MacPass | None = None, *, stats: Recorder | None = None) -> FixedArray | None:
    """Accumulation plus ``(res_T) acc`` in one pass of the fused modular kernel (and
    ``mac.epilogue``, see :class:`MacPass`), or None where the kernel does not provably give the
    template's bits (then run :func:`accumulate` and :func:`cast_result`). ``index``: see
    :func:`run_modular`."""
    if (is_recording(stats) or data.raw.dtype != np.int64 or data.ndim != 2 or product not in _MODULAR_PRODUCTS
            or (data.type == UINT1 and weights.type == UINT1) or kernel_cast(accum_t, res_t) is None
            or (index is not None and product == "data_binary")):
        return None
    plan = modular_plan(data.type, weights, sched, product, accum_t)
    if plan is None or (index is not None and index.shape[1] != plan.m.shape[0]):
        return None
    fa = mac.epilogue if mac is not None and not mac.applied else None
    if fa is not None and fa.data_t != res_t:
        fa = None
    out = run_modular(data, plan, acc0, accum_t, res_t, fa, index, mac)
    if fa is not None and mac is not None:
        mac.applied = True
    return out


@functools.lru_cache(maxsize=64)
def _identity_index(n: int) -> np.ndarray:
    """The one-pixel layout of a dense layer: taps ``0..n-1``."""
    index = np.arange(n, dtype=np.int64).reshape(1, n)
    index.setflags(write=False)
    return index


PATHS = {"gemm": (_gemm_applies, accumulate_gemm), "ordered": (_ordered_applies, accumulate_ordered),
         "reference": (lambda *a: True, accumulate_reference)}


def accumulate(data: FixedArray, weights: FixedArray, acc0: FixedArray, sched: Schedule, product: str,
               accum_t: FixedType, path: str = "auto", mac: MacPass | None = None, *,
               stats: Recorder | None = None) -> FixedArray:
    """Final accumulators ``acc`` (batch, n_out) of accum_t after replaying ``sched``; ``stats``
    (recording) takes the reference path, whose every cast it counts."""
    names = tuple(PATHS) if path == "auto" else (path,)
    if path == "auto" and is_recording(stats):
        names = ("reference",)  # every per-step cast goes through fxsim.conversion.cast and is counted
    elif path in ("auto", "modular"):
        plan = modular_plan(data.type, weights, sched, product, accum_t) if data.raw.dtype == np.int64 else None
        if plan is not None:
            return run_modular(data, plan, acc0, accum_t, accum_t, mac=mac)
        if path == "modular":
            raise ValueError(f"the 'modular' path does not apply to {product} products of {data.type} and "
                             f"{weights.type} accumulated in {accum_t}")
        names = tuple(PATHS)
    for name in names:
        if name not in PATHS:
            raise ValueError(f"path must be 'auto' or one of {sorted(PATHS)}, got {path!r}")
        applies, run = PATHS[name]
        if applies(data, weights, product, accum_t):
            return run(data, weights, acc0, sched, product, accum_t, stats=stats)
    raise ValueError(f"the {path!r} path does not apply to {product} products of {data.type} and "
                     f"{weights.type} accumulated in {accum_t}")


@functools.lru_cache(maxsize=256)
def _schedule(schedule: Callable[[int, int, int], Schedule], n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``schedule(n_in, n_out, reuse_factor)`` memoised (schedules are immutable by convention)."""
    return schedule(n_in, n_out, reuse_factor)


def as_type(a: FixedArray, t: FixedType | None, *, stats: Recorder | None = None) -> FixedArray:
    """The C++ array's element type is the config's typedef: convert if given differently."""
    return a if t is None or a.type == t else a.cast(t, stats=stats)


def run_dense(function: str, schedule: Callable[[int, int, int], Schedule], data: FixedArray, res_t: FixedType,
              cfg: Config, weights: FixedArray, biases: FixedArray, path: str, mac: MacPass | None = None, *,
              stats: Recorder | None = None) -> FixedArray:
    """The dense template ``nnet::<function>`` (loops: ``schedule``) on ``data``: the body every dense
    twin shares (:func:`dense_twin`, :func:`fxsim.layers.dense.dense`)."""
    reject_exponent_bias(biases, function)
    if isinstance(weights, ExponentWeights):  # power-of-two weights: step-by-step replay only
        return _run_dense_exponential(function, schedule, data, res_t, cfg, weights, biases, stats=stats)
    squeeze = data.ndim == 1
    x = data.reshape(1, -1) if squeeze else data
    n_in, n_out = int(cfg.n_in), int(cfg.n_out)
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ValueError(f"data must have shape (batch, n_in={n_in}), got {data.shape}")
    w = as_type(weights.reshape(-1), cfg.get("weight_t"), stats=stats)
    b = as_type(biases.reshape(-1), cfg.get("bias_t"), stats=stats)
    if w.size != n_in * n_out or b.size != n_out:
        raise ValueError(f"expected {n_in * n_out} weights and {n_out} biases, got {w.size} and {b.size}")
    product = str(cfg.get("product", "mult")).removeprefix("nnet::product::")
    product_type(product, x.type, w.type)  # rejects unknown products early
    accum_t = cfg.accum_t
    sched = _schedule(schedule, n_in, n_out, int(cfg.get("reuse_factor", 1)))
    acc0 = b.cast(accum_t, kind="bias", stats=stats)
    if path in ("auto", "modular"):
        # fused: accumulation and ``(res_T) acc`` (cast_result's plain case) in one kernel pass
        res = modular_macc(x, w, acc0, sched, product, accum_t, res_t, mac=mac, stats=stats)
        if res is not None:
            return res.reshape(-1) if squeeze else res
    # the ordered replay with its epilogue ((res_T) acc, the fused activation) in the same pass
    res = ordered_macc(x, w, acc0, sched, product, accum_t, res_t, path, mac, stats=stats)
    if res is not None:
        return res.reshape(-1) if squeeze else res
    acc = accumulate(x, w, acc0, sched, product, accum_t, path, mac, stats=stats)
    res = cast_result(acc, x.type, res_t, cfg, w.type, stats=stats)
    return res.reshape(-1) if squeeze else res


def dense_twin(function: str, schedule: Callable[[int, int, int], Schedule]) -> Callable[..., FixedArray]:
    """The twin of the dense template ``nnet::<function>`` whose loops visit ``schedule(n_in, n_out,
    reuse_factor)`` (kept as ``twin.schedule``)."""

    def twin(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray, biases: FixedArray,
             *, path: str = "auto", mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
        return run_dense(function, schedule, data, res_t, cfg, weights, biases, path, mac, stats=stats)

    twin.__name__ = twin.__qualname__ = function
    twin.__module__ = schedule.__module__  # the header's module (dense_latency, dense_resource)
    twin.schedule = schedule  # type: ignore[attr-defined]
    twin.__doc__ = (f"Twin of ``nnet::{function}<data_T, res_T, CONFIG_T>(data, res, weights, biases)``"
                    f" in nnet_dense*.h; data (batch, n_in) -> (batch, n_out) of ``res_t``.")
    return twin


def _replay(data: FixedArray, acc0: FixedArray, steps, product_at: Callable[[FixedArray, int], FixedArray],
            accum_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """``acc[out] += (accum_t) product(data[in], weights[w])`` step by step (batch-vectorised)."""
    batch = data.shape[0]
    acc = [acc0[j] for j in range(acc0.shape[0])]
    for out, i, w in steps:
        m = product_at(data[:, i], w).cast(accum_t, kind="product", stats=stats)
        acc[out] = (acc[out] + m).cast(accum_t, kind="accumulate", stats=stats)
    raw = np.stack([np.broadcast_to(a.raw, (batch,)) for a in acc], axis=1) if acc else \
        np.zeros((batch, 0), dtype=np.int64)
    return FixedArray(raw, accum_t)


def accumulate_exponential(data: FixedArray, weights: ExponentWeights, acc0: FixedArray, sched: Schedule,
                           accum_t: FixedType, *, stats: Recorder | None = None) -> FixedArray:
    """:func:`accumulate` for power-of-two weights (``product::weight_exponential``), step by step."""
    steps = zip(sched.out.tolist(), sched.inp.tolist(), sched.w.tolist(), strict=True)
    return _replay(data, acc0, steps, lambda a, k: product_weight_exponential(a, weights[k], stats=stats), accum_t,
                   stats=stats)


def _run_dense_exponential(function: str, schedule: Callable[[int, int, int], Schedule], data: FixedArray,
                           res_t: FixedType, cfg: Config, weights: ExponentWeights, biases: FixedArray, *,
                           stats: Recorder | None = None) -> FixedArray:
    """Any dense template (same schedules) with ``product = weight_exponential``."""
    squeeze = data.ndim == 1
    x = data.reshape(1, -1) if squeeze else data
    n_in, n_out = int(cfg.n_in), int(cfg.n_out)
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ValueError(f"data must have shape (batch, n_in={n_in}), got {data.shape}")
    product = str(cfg.get("product", "weight_exponential")).removeprefix("nnet::product::")
    if product != "weight_exponential":
        raise ValueError(f"ExponentWeights need product weight_exponential, the config says {product}")
    w = weights.reshape(-1)
    b = as_type(biases.reshape(-1), cfg.get("bias_t"), stats=stats)
    if w.size != n_in * n_out or b.size != n_out:
        raise ValueError(f"expected {n_in * n_out} weights and {n_out} biases, got {w.size} and {b.size}")
    sched = _schedule(schedule, n_in, n_out, int(cfg.get("reuse_factor", 1)))
    acc = accumulate_exponential(x, w, b.cast(cfg.accum_t, stats=stats), sched, cfg.accum_t, stats=stats)
    res = acc.cast(res_t, kind="result", stats=stats)  # nnet::cast: weight_t is a struct, never ap_uint<1>
    return res.reshape(-1) if squeeze else res
