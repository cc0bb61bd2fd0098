"""Dense twins against the real ``nnet::dense`` templates (nnet_dense*.h, nnet_mult.h), bit for bit.

One generated C++ translation unit holds every configuration of :data:`CASES` (drawn from a fixed
seed, so the build cache hits): ``struct configK : nnet::dense_config`` as hls4ml's parameters.h
writes it, and ``runK()`` which reads raw weights, biases and a batch of raw inputs from stdin and
prints the raw outputs of ``nnet::dense`` (or ``nnet::dense_resource`` for the third Resource
template, which hls4ml's ``kernel`` alias never selects). Every execution path of fxsim is compared
with it. Hypothesis then checks the fast paths against the reference path on random configurations.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import harness
import numpy as np
import pytest
from core_harness import common_source, decode_raw, encode_raw, mismatch_report, raw_edges
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import dense as dl
from fxsim.layers import dense_latency, dense_resource, lookup, macc, mult
from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType

P = FixedType.parse
UINT1 = FixedType(1, 1, False, is_int=True)


@dataclass(frozen=True)
class Case:
    n_in: int
    n_out: int
    reuse_factor: int
    function: str  # C++ function called: "dense" (through the kernel alias) or "dense_resource"
    kernel: str  # DenseKernel class of the alias (for "dense")
    product: str
    input_t: FixedType
    weight_t: FixedType
    bias_t: FixedType
    accum_t: FixedType
    res_t: FixedType

    def config(self) -> Config:
        return Config("config", n_in=self.n_in, n_out=self.n_out, reuse_factor=self.reuse_factor,
                      strategy="latency" if self.kernel == "DenseLatency" else "resource",
                      kernel=self.kernel, product=self.product, accum_t=self.accum_t,
                      weight_t=self.weight_t, bias_t=self.bias_t, n_zeros=0)


# ------------------------------------------------------------------------------------ configurations
def _valid_rfs(n_in: int, n_out: int) -> list[int]:
    """hls4ml's ``_validate_reuse_factor`` (backends/fpga/fpga_backend.py)."""
    out = []
    for rf in range(1, n_in * n_out + 1):
        ml = -(-(n_in * n_out) // min(n_in, rf))
        if (ml % n_out == 0 or rf >= n_in) and (rf % n_in == 0 or rf < n_in) and (n_in * n_out) % rf == 0:
            out.append(rf)
    return out


def _fixed(rng: np.random.Generator, wmin: int, wmax: int, modes: bool, signed: bool | None = None) -> FixedType:
    w = int(rng.integers(wmin, wmax + 1))
    i = int(rng.integers(-2, w + 3))
    s = bool(rng.random() < 0.8) if signed is None else signed
    if not modes:
        return FixedType(w, i, s)
    q = str(rng.choice(ROUNDING_MODES))
    o = str(rng.choice([m for m in OVERFLOW_MODES if s or m != "AP_WRAP_SM"]))
    n = int(rng.integers(0, min(w, 3) + 1)) if rng.random() < 0.15 else 0
    return FixedType(w, i, s, q, o, n)


def _accum(rng: np.random.Generator, k: int, x_t: FixedType, w_t: FixedType) -> FixedType:
    """Accumulators around the products' range (so sums sometimes overflow), cycling through wrap,
    saturation and exotic modes and all rounding modes."""
    i = max(x_t.integer, 1) + max(w_t.integer, 1) + int(rng.integers(-1, 4))
    w = min(i + int(rng.integers(1, 12)), 40)
    o, n = [("AP_WRAP", 0), ("AP_SAT", 0), ("AP_SAT_SYM", 0), ("AP_SAT_ZERO", 0), ("AP_WRAP", 2),
            ("AP_WRAP_SM", 0)][k % 6]
    q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_TRN_ZERO", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF"][k % 7]
    return FixedType(w, i, True, q, o, n)


def _res(rng: np.random.Generator, accum_t: FixedType) -> FixedType:
    """Around accum_t's range, so outputs are informative and sometimes saturate."""
    w = int(rng.integers(6, 17))
    return FixedType(w, accum_t.integer + int(rng.integers(-3, 2)), bool(rng.random() < 0.85),
                     str(rng.choice(["AP_RND", "AP_RND_CONV", "AP_TRN", "AP_RND_ZERO"])),
                     str(rng.choice(["AP_SAT", "AP_WRAP", "AP_SAT_SYM"])))


def _make_cases() -> list[Case]:
    rng = np.random.default_rng(20240611)
    cases: list[Case] = []

    def add(kind: str, product: str, k: int, **over) -> None:
        n_in = over.pop("n_in", int(rng.integers(1, 13)))
        n_out = over.pop("n_out", int(rng.integers(1, 9)))
        x_t = over.pop("input_t", _fixed(rng, 2, 14, False))
        w_t = over.pop("weight_t", _fixed(rng, 2, 12, False))
        if kind == "latency":
            fn, kern, rf = "dense", "DenseLatency", 1
        elif kind == "leq":
            rf = int(rng.choice([r for r in _valid_rfs(n_in, n_out) if r <= n_in]))
            fn, kern = "dense", "DenseResource_rf_leq_nin"
        elif kind == "rem0":
            rfs = [r for r in _valid_rfs(n_in, n_out) if r > n_in]
            if not rfs:
                n_out = max(n_out, 2)
                rfs = [n_in * n_out]
            rf = int(rng.choice(rfs))
            fn, kern = "dense", "DenseResource_rf_gt_nin_rem0"
        else:  # the third template: RF > N_IN, RF % N_IN != 0, through dense_resource()
            n_in = max(n_in, 2)
            rf = int(rng.choice([r for r in range(n_in + 1, n_in * n_out + n_in + 2) if r % n_in]))
            fn, kern = "dense_resource", "DenseResource_rf_gt_nin_rem0"
        accum_t = over.pop("accum_t", _accum(rng, k, x_t, w_t))
        cases.append(Case(n_in, n_out, rf, fn, kern, product, x_t, w_t,
                          over.pop("bias_t", _fixed(rng, 2, 12, False)), accum_t,
                          over.pop("res_t", _res(rng, accum_t))))
        assert not over

    k = 0
    for kind in ("latency", "latency", "latency", "latency", "leq", "leq", "leq", "rem0", "rem0", "gt"):
        add(kind, "mult", k)
        k += 1
    add("gt", "mult", k, n_in=5, n_out=4)
    add("latency", "weight_binary", 1, weight_t=UINT1, input_t=P("ap_fixed<8,3>"))
    add("leq", "weight_ternary", 2, weight_t=P("ap_int<2>"), n_in=8, input_t=P("ap_ufixed<9,4>"))
    add("latency", "data_binary", 3, input_t=UINT1)
    add("latency", "both_binary", 0, input_t=UINT1, weight_t=UINT1, accum_t=P("ap_int<8>"), n_in=11,
        res_t=P("ap_fixed<8,6,AP_RND,AP_SAT>"))
    # exact-GEMM territory: wrap, enough fraction bits; and a wide one past float64's 2**53
    add("latency", "mult", 0, n_in=16, n_out=8, input_t=P("ap_fixed<16,6>"), weight_t=P("ap_fixed<12,2>"),
        accum_t=P("ap_fixed<40,14>"))
    add("rem0", "mult", 0, n_in=6, n_out=4, input_t=P("ap_int<16>"), weight_t=P("ap_int<14>"),
        accum_t=P("ap_int<34>"), res_t=P("ap_fixed<24,31,AP_RND_CONV,AP_SAT>"))
    # hls4ml's defaults: everything ap_fixed<16,6>
    add("latency", "mult", 0, n_in=12, n_out=6, input_t=P("ap_fixed<16,6>"), weight_t=P("ap_fixed<16,6>"),
        bias_t=P("ap_fixed<16,6>"), accum_t=P("ap_fixed<16,6>"), res_t=P("ap_fixed<16,6>"))
    return cases


CASES = _make_cases()
SAMPLES = 128


# ------------------------------------------------------------------------------------ the harness
def _case_source(k: int, c: Case) -> str:
    strategy = "latency" if c.kernel == "DenseLatency" else "resource"
    n = c.n_in * c.n_out
    return f"""
struct config{k} : nnet::dense_config {{
    static const unsigned n_in = {c.n_in};
    static const unsigned n_out = {c.n_out};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned strategy = nnet::{strategy};
    static const unsigned reuse_factor = {c.reuse_factor};
    static const unsigned n_zeros = 0;
    static const unsigned n_nonzeros = {n};
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor;
    static const bool store_weights_in_bram = false;
    typedef {c.accum_t} accum_t;
    typedef {c.bias_t} bias_t;
    typedef {c.weight_t} weight_t;
    typedef ap_uint<1> index_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::{c.kernel}<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::{c.product}<x_T, y_T>;
}};
static void run{k}() {{
    typedef {c.input_t} input_t;
    typedef {c.res_t} result_t;
    static config{k}::weight_t w[{n}];
    static config{k}::bias_t b[{c.n_out}];
    for (int i = 0; i < {n}; i++) set_raw(w[i]);
    for (int i = 0; i < {c.n_out}; i++) set_raw(b[i]);
    int samples = 0;
    if (std::scanf("%d", &samples) != 1) return;
    for (int s = 0; s < samples; s++) {{
        input_t x[{c.n_in}];
        result_t y[{c.n_out}];
        for (int i = 0; i < {c.n_in}; i++) set_raw(x[i]);
        nnet::{c.function}<input_t, result_t, config{k}>(x, y, w, b);
        for (int j = 0; j < {c.n_out}; j++) {{ put_raw(y[j]); std::putchar(j + 1 < {c.n_out} ? ' ' : '\\n'); }}
    }}
}}
"""


def dense_source(cases: list[Case]) -> str:
    body = "\n".join(_case_source(k, c) for k, c in enumerate(cases))
    calls = "\n".join(f"        case {k}: run{k}(); break;" for k in range(len(cases)))
    return (common_source() + '\n#include "nnet_dense.h"\n#include <cstdlib>\n' + body
            + f"\nint main(int argc, char** argv) {{\n    switch (std::atoi(argv[1])) {{\n{calls}\n    }}\n"
            "    return 0;\n}\n")


@functools.cache
def _exe():
    return harness.build(dense_source(CASES), name="layer_dense")


def random_raws(rng: np.random.Generator, t: FixedType, shape: tuple[int, ...], zeros: float = 0.0) -> np.ndarray:
    """Uniform raws of ``t`` mixed with its edge values, a fraction ``zeros`` set to 0."""
    u = rng.integers(t.min_raw, t.max_raw, size=shape, endpoint=True, dtype=np.int64)
    edges = np.array(raw_edges(t), dtype=np.int64)
    pick = rng.random(shape) < 0.2
    u = np.where(pick, edges[rng.integers(0, len(edges), size=shape)], u)
    return np.where(rng.random(shape) < zeros, 0, u)


def run_cpp(k: int, c: Case, x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    lines = [" ".join(encode_raw(v, c.weight_t) for v in w.tolist()),
             " ".join(encode_raw(v, c.bias_t) for v in b.tolist()), str(len(x))]
    lines += [" ".join(encode_raw(v, c.input_t) for v in row) for row in x.tolist()]
    out = harness.run(_exe(), "\n".join(lines) + "\n", args=(str(k),)).splitlines()
    assert len(out) == len(x)
    return np.array([[decode_raw(h, c.res_t) for h in line.split()] for line in out], dtype=np.int64)


def case_data(k: int, c: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1000 + k)
    x = random_raws(rng, c.input_t, (SAMPLES, c.n_in))
    w = random_raws(rng, c.weight_t, (c.n_in * c.n_out,), zeros=0.25)  # pruned weights
    b = random_raws(rng, c.bias_t, (c.n_out,))
    # and 64 samples of small inputs (the top 3 bits): sums that mostly stay inside accum_t, where the
    # ordered kernel proves that no step saturates and skips the clamps
    tiny = x[:64] >> max(c.input_t.width - 3, 0)
    return np.concatenate([x, tiny]), w, b


def _label(c: Case) -> str:
    return f"{c.function}:{c.kernel}:rf{c.reuse_factor}:{c.n_in}x{c.n_out}:{c.product}:{c.accum_t}"


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{k}-{_label(c)}" for k, c in enumerate(CASES)])
def test_dense_matches_headers(k: int) -> None:
    c = CASES[k]
    x, w, b = case_data(k, c)
    want = run_cpp(k, c, x, w, b)
    twin = lookup(c.function)
    args = (FixedArray(x, c.input_t), c.res_t, c.config(), FixedArray(w, c.weight_t), FixedArray(b, c.bias_t))
    paths = ["auto", "reference"]
    paths += [p for p in ("ordered", "gemm")
              if macc.PATHS[p][0](args[0], args[3], c.product, c.accum_t)]
    for path in paths:
        got = twin(*args, path=path)
        assert got.type == c.res_t and got.shape == want.shape
        bad = [(path, f"sample {s}", f"out {j}", f"expected {want[s, j]}", f"got {got.raw[s, j]}")
               for s, j in zip(*np.nonzero(got.raw != want), strict=True)]
        assert not bad, mismatch_report(bad, _label(c))


def test_cases_cover_every_template_and_path() -> None:
    fns = {dl.kernel_function(c.config()) if c.function == "dense" else
           ("dense_resource_rf_gt_nin" if c.reuse_factor % c.n_in else "?") for c in CASES}
    assert fns >= {"dense_latency", "dense_resource_rf_leq_nin", "dense_resource_rf_gt_nin_rem0",
                   "dense_resource_rf_gt_nin"}
    assert {c.product for c in CASES} == set(mult.PRODUCTS)
    applies = {p: 0 for p in macc.PATHS}
    for k, c in enumerate(CASES):
        x, w, _ = case_data(k, c)
        for p, (ok, _run) in macc.PATHS.items():
            applies[p] += ok(FixedArray(x, c.input_t), FixedArray(w, c.weight_t), c.product, c.accum_t)
    assert applies["gemm"] >= 2 and applies["ordered"] >= 8, applies
    assert {c.accum_t.overflow for c in CASES} >= {"AP_SAT", "AP_WRAP", "AP_SAT_SYM", "AP_SAT_ZERO"}


def test_cases_are_order_sensitive() -> None:
    """Accumulators overflow mid-sum in several cases: replaying the same steps in reverse order
    changes the result there, so the header comparison pins the templates' order down."""
    sensitive = 0
    for k, c in enumerate(CASES):
        x, w, b = case_data(k, c)
        xa, wa = FixedArray(x, c.input_t), FixedArray(w, c.weight_t)
        acc0 = FixedArray(b, c.bias_t).cast(c.accum_t)
        fn = dl.kernel_function(c.config()) if c.function == "dense" else c.function
        s = dl.SCHEDULES[fn](c.n_in, c.n_out, c.reuse_factor)
        rev = macc.Schedule(s.out[::-1].copy(), s.inp[::-1].copy(), s.w[::-1].copy())
        a = macc.accumulate(xa, wa, acc0, s, c.product, c.accum_t)
        r = macc.accumulate(xa, wa, acc0, rev, c.product, c.accum_t)
        sensitive += bool((a.raw != r.raw).any())
    assert sensitive >= 4, sensitive


# ------------------------------------------------------------------------------------ template logic
def test_weight_layouts() -> None:
    """Latency reads weights[in][out]; Resource (valid RF) reads weights[out][in]."""
    s = dense_latency.schedule_dense_latency(3, 2)
    assert (s.w == s.inp * 2 + s.out).all()
    for rf in (1, 3, 6):
        s = dense_resource.schedule_dense_resource(3, 2, rf)
        assert sorted(s.w.tolist()) == list(range(6)) and (s.w == s.out * 3 + s.inp).all()


def test_invalid_reuse_factors_raise() -> None:
    with pytest.raises(ValueError, match="Reuse Factor is not allowed"):
        dense_resource.schedule_dense_resource_rf_leq_nin(6, 4, 4)
    with pytest.raises(ValueError, match="out of bounds"):
        dense_resource.schedule_dense_resource_rf_leq_nin(5, 2, 3)  # passes the asserts, reads weights[11]
    with pytest.raises(ValueError, match="RF % N_IN == 0"):
        dense_resource.schedule_dense_resource_rf_gt_nin_rem0(4, 3, 6)


def test_kernel_function_follows_hls4ml() -> None:
    cfg = Config(n_in=4, n_out=3, reuse_factor=2, strategy="resource")
    assert dl.kernel_function(cfg) == "dense_resource_rf_leq_nin"
    assert dl.kernel_function(cfg.replace(reuse_factor=12)) == "dense_resource_rf_gt_nin_rem0"
    assert dl.kernel_function(cfg.replace(kernel="nnet::DenseLatency")) == "dense_latency"
    with pytest.raises(NotImplementedError):
        dl.kernel_function(cfg.replace(strategy="distributed_arithmetic"))


# ------------------------------------------------------------------------------------ fast vs reference
@st.composite
def fixed_types(draw, wmax: int = 14, modes: bool = False) -> FixedType:
    w = draw(st.integers(1, wmax))
    s = draw(st.booleans()) if w > 1 else False
    if draw(st.integers(0, 9)) == 0:
        return FixedType(w, w, s, is_int=True)
    i = draw(st.integers(-3, w + 3))
    if not modes:
        return FixedType(w, i, s)
    q, o = draw(st.sampled_from(MODE_PAIRS))
    return FixedType(w, i, s, q, o)


#: Every rounding and every overflow mode, in 7 pairs: the ordered kernel is compiled per (product, rounding,
#: overflow, lanes) combination, and drawing all 28 mode pairs made this file's cold run (empty Numba cache) the
#: slowest of the suite for little gain (the rounding and the overflow steps are separate code).
MODE_PAIRS = tuple(zip(ROUNDING_MODES, ("AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_SAT", "AP_WRAP",
                                        "AP_SAT_SYM"), strict=True))


#: (product, accumulator modes): ``mult`` (whose products round into accum_t) with every mode pair, every other
#: product kind with one, 11 combinations in all.
#: The ordered kernel compiles once per (product, rounding, overflow, lanes) combination; a fully cold CI run
#: (empty Numba cache) spent 505 s in this test drawing all of them (2026-12-06, 812f479).
PRODUCT_MODES = tuple([("mult", m) for m in MODE_PAIRS]
                      + list(zip(sorted(set(mult.PRODUCTS) - {"mult"}), MODE_PAIRS[::2], strict=False)))


@st.composite
def dense_problems(draw):
    n_in, n_out = draw(st.integers(1, 7)), draw(st.integers(1, 5))
    product, modes = draw(st.sampled_from(PRODUCT_MODES))
    x_t = UINT1 if product in ("data_binary", "both_binary") else draw(fixed_types())
    w_t = {"weight_binary": UINT1, "both_binary": UINT1, "weight_ternary": P("ap_int<2>")}.get(
        product, draw(fixed_types()))
    accum_t = draw(fixed_types(wmax=30))
    if not accum_t.is_int:
        accum_t = dataclasses.replace(accum_t, rounding=modes[0], overflow=modes[1])
    function = draw(st.sampled_from(sorted(dl.SCHEDULES)))
    rfs = {"dense_latency": [1], "dense_resource": _valid_rfs(n_in, n_out),
           "dense_resource_rf_leq_nin": [r for r in _valid_rfs(n_in, n_out) if r <= n_in],
           "dense_resource_rf_gt_nin_rem0": [r for r in _valid_rfs(n_in, n_out) if r > n_in],
           "dense_resource_rf_gt_nin": [r for r in range(n_in + 1, n_in * n_out + 3) if r % n_in]}[function]
    if not rfs:
        function, rfs = "dense_latency", [1]
    rf = draw(st.sampled_from(rfs))
    seed = draw(st.integers(0, 2**32 - 1))
    return n_in, n_out, product, x_t, w_t, accum_t, function, rf, seed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dense_problems())
def test_fast_paths_match_reference(problem) -> None:
    n_in, n_out, product, x_t, w_t, accum_t, function, rf, seed = problem
    rng = np.random.default_rng(seed)
    x = FixedArray(random_raws(rng, x_t, (9, n_in)), x_t)
    w = FixedArray(random_raws(rng, w_t, (n_in * n_out,), zeros=0.2), w_t)
    acc0 = FixedArray(random_raws(rng, accum_t, (n_out,)), accum_t).cast(accum_t)
    sched = dl.SCHEDULES[function](n_in, n_out, rf)
    want = macc.accumulate(x, w, acc0, sched, product, accum_t, path="reference")
    for path in ("ordered", "gemm"):
        if macc.PATHS[path][0](x, w, product, accum_t):
            got = macc.accumulate(x, w, acc0, sched, product, accum_t, path=path)
            assert (got.raw == want.raw).all(), (path, got.raw, want.raw)


def test_gemm_beyond_float64_uses_int64_kernel() -> None:
    """Sums past 2**53 take the modulo-2**64 kernel; compare with Python-int arithmetic."""
    rng = np.random.default_rng(7)
    x_t, w_t, accum_t = P("ap_int<30>"), P("ap_int<30>"), P("ap_int<62>")
    x = FixedArray(random_raws(rng, x_t, (5, 40)), x_t)
    w = FixedArray(random_raws(rng, w_t, (40 * 3,)), w_t)
    acc0 = FixedArray(np.zeros(3, dtype=np.int64), accum_t)
    sched = dense_latency.schedule_dense_latency(40, 3)
    got = macc.accumulate(x, w, acc0, sched, "mult", accum_t, path="gemm")
    want = macc.accumulate(x, w, acc0, sched, "mult", accum_t, path="reference")
    assert (got.raw == want.raw).all()


@pytest.mark.parametrize("accum", ["ap_fixed<18,8,AP_TRN,AP_SAT>", "ap_fixed<20,6,AP_RND,AP_SAT_SYM>",
                                   "ap_fixed<18,8,AP_RND_CONV,AP_SAT_ZERO>", "ap_fixed<24,6,AP_TRN,AP_SAT>",
                                   "ap_fixed<40,12,AP_RND_ZERO,AP_SAT>"])
@pytest.mark.parametrize("weight", ["ap_fixed<16,6>", "ap_fixed<24,4>"])
def test_ordered_kernel_saturation_free_rows(accum: str, weight: str) -> None:
    """The ordered kernel skips the clamps of an output's row where it proves that no step
    saturates (small inputs), and clamps elsewhere (large inputs, in whole blocks or one sample of
    a block): both against the reference replay, the accumulators and the fused ``(res_T) acc``
    plus activation table. Products drop bits (p_shift > 0) or gain them (an ap_fixed<40,12>
    accumulator of ap_fixed<16,6> x <16,6> products: p_shift = -8); 16-bit weights run in int32
    lanes, 24-bit ones in int64."""
    rng = np.random.default_rng(17)
    x_t, w_t, accum_t, res_t = P("ap_fixed<16,6>"), P(weight), P(accum), P("ap_fixed<12,4,AP_RND,AP_SAT>")
    n_in, n_out, batch = 20, 6, 300
    x = rng.normal(0, 0.3, (batch, n_in))
    x[128:192] *= 60  # a saturating block
    x[200, 3] = 31.0  # one large value in an otherwise small block
    xa = FixedArray.from_float(x, x_t)
    wa = FixedArray.from_float(rng.normal(0, 1.5, n_in * n_out), w_t)
    acc0 = FixedArray.from_float(rng.normal(0, 0.5, n_out), accum_t)
    sched = dense_resource.schedule_dense_resource(n_in, n_out, 4)
    want = macc.accumulate(xa, wa, acc0, sched, "mult", accum_t, path="reference")
    got = macc.accumulate(xa, wa, acc0, sched, "mult", accum_t, path="ordered")
    assert (got.raw == want.raw).all(), np.argwhere(got.raw != want.raw)[:5]
    if accum_t.integer <= 8:  # the large block saturates
        assert ((want.raw == accum_t.max_raw) | (want.raw <= accum_t.min_raw + 1) | (want.raw == 0))[128:192].any()
    table = np.arange(res_t.min_raw, res_t.max_raw + 1, dtype=np.int64)[::-1] // 3  # any element-wise map
    mac = macc.MacPass(epilogue=macc.FusedActivation(table, res_t, res_t))
    fused = macc.ordered_macc(xa, wa, acc0, sched, "mult", accum_t, res_t, "ordered", mac)
    assert fused is not None and mac.applied
    assert (fused.raw == table[want.cast(res_t).raw - res_t.min_raw]).all()
    # a ReLU into a narrower type: the epilogue's max-and-cast form (no table lookup)
    act_t = P("ap_ufixed<6,2,AP_RND,AP_SAT>")
    relu = FixedArray(np.maximum(np.arange(res_t.min_raw, res_t.max_raw + 1), 0), res_t).cast(act_t).raw
    mac = macc.MacPass(epilogue=macc.FusedActivation(relu, res_t, act_t))
    assert mac.epilogue.max_cast is not None and mac.epilogue.max_cast[0] == 0
    fused = macc.ordered_macc(xa, wa, acc0, sched, "mult", accum_t, res_t, "ordered", mac)
    assert fused is not None and mac.applied and fused.type == act_t
    want_relu = FixedArray(np.maximum(want.cast(res_t).raw, 0), res_t).cast(act_t)
    assert (fused.raw == want_relu.raw).all()
