"""Differential tests of the softmax twins (latency, stable, legacy, argmax, multidim) against
``nnet::softmax`` / ``nnet::softmax_multidim`` of the real ``nnet_activation.h``.

One generated harness holds every configuration (seeded random: table sizes 64..4096, data wider
than and exactly as wide as the table address, narrow saturating/wrapping exp/inv/accum types,
``exp_scale`` != 1, n_slice 1..13). It reads ``<case> <rows> <raw>…`` (rows x n_in raws) and prints
the rows' results; Hypothesis draws the rows.
"""

from __future__ import annotations

import functools
import random
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from core_harness import build, decode_raw, encode_raw, mismatch_report, raw_edges, run_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim import trace as tracing
from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import NNET_FUNCTIONS
from fxsim.layers import tables as tb
from fxsim.layers.softmax import fix_softmax_table_size, reduce, softmax, softmax_config
from fxsim.types import FixedType

Q_MODES = ("AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV")
O_MODES = ("AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM")


def rand_type(rng: random.Random, wmin: int, wmax: int, imin: int, imax: int, signed: bool | None = None,
              modes: bool = True) -> FixedType:
    w = rng.randint(wmin, wmax)
    s = rng.random() < 0.7 if signed is None else signed
    i = rng.randint(imin, imax)
    if not modes:
        return FixedType(w, i, s)
    return FixedType(w, i, s, rng.choice(Q_MODES), rng.choice(O_MODES))


@dataclass
class SCase:
    data_t: FixedType
    res_t: FixedType
    cfg: Config
    func: str = "softmax"
    table_t: FixedType | None = None  # legacy: a table_t typedef in the struct (None: inherited)


def _cases() -> list[SCase]:
    rng = random.Random(1234)
    cases: list[SCase] = []
    accum_default = FixedType(18, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # hls4ml's defaults, for each implementation (fix_softmax_table_size shrinks where needed)
        for impl in ("stable", "latency", "legacy", "argmax"):
            for dt, n in ((FixedType(16, 6), 10), (FixedType(8, 3), 5), (FixedType(6, 2, True, "AP_RND", "AP_SAT"), 3)):
                cases.append(SCase(dt, FixedType(16, 6), softmax_config(n, dt, accum_t=accum_default,
                                                                         implementation=impl)))
        # random configurations
        for k in range(28):
            impl = ("stable", "latency", "legacy", "argmax")[k % 4]
            dt = rand_type(rng, 6, 22, -1, 9)
            n = rng.randint(1, 13)
            size = rng.choice([64, 128, 256, 512, 1024, 2048, 4096])
            exp_t = rand_type(rng, 6, 20, 0, 10, signed=rng.random() < 0.5)
            inv_t = rand_type(rng, 6, 20, -1, 10)
            inv_inp = rand_type(rng, 8, 20, 0, 10, signed=rng.random() < 0.4)
            accum = rng.choice([exp_t.with_(width=exp_t.width + 4, integer=exp_t.integer + 4),
                                rand_type(rng, 6, 22, 1, 8)])
            kw = dict(accum_t=accum, implementation=impl, table_size=size, exp_table_t=exp_t, inv_table_t=inv_t,
                      inv_inp_t=inv_inp, exp_scale=rng.choice([1.0, 1.0, 0.75, 1.5, 0.3]))
            if k % 7 == 3:  # a user-given inp_norm_t, and explicit table sizes (no fix pass)
                kw["inp_norm_t"] = rand_type(rng, 8, 16, 0, 8, signed=False)
                kw["inv_table_size"] = 2 ** min(inv_inp.width, rng.choice([6, 8, 10]))
            if impl == "legacy":
                kw["exp_table_size"] = rng.choice([64, 100, 1024, 4096])
                kw["inv_table_size"] = rng.choice([64, 1000, 2048])
            cfg = softmax_config(n, dt, **kw)
            cfg = _clip_sizes(cfg, dt)
            table_t = rand_type(rng, 8, 20, 2, 9) if impl == "legacy" and k % 2 else None
            if table_t is not None:
                cfg = cfg.replace(table_t=table_t)
            cases.append(SCase(dt, rand_type(rng, 6, 20, -1, 6), cfg, table_t=table_t))
        # order-sensitive sums: AP_SAT_ZERO / narrow accumulators, signed (wrapping) exp tables
        for k, impl in enumerate(("stable", "latency") * 3):
            dt = FixedType(10, 4, True, "AP_RND", "AP_SAT")
            exp_t = [FixedType(10, 3, False, "AP_RND", "AP_SAT"), FixedType(8, 2, True), FixedType(12, 4)][k % 3]
            accum = [FixedType(9, 4, False, "AP_TRN", "AP_SAT_ZERO"), FixedType(8, 3, True, "AP_TRN", "AP_SAT"),
                     FixedType(10, 4, True, "AP_RND", "AP_SAT_SYM")][k % 3]
            cfg = softmax_config(rng.choice([5, 7, 11]), dt, accum_t=accum, implementation=impl, table_size=1024,
                                 exp_table_t=exp_t, inv_inp_t=FixedType(12, 5, False), exp_scale=1.5)
            cases.append(SCase(dt, FixedType(12, 2, True, "AP_RND", "AP_SAT"), _clip_sizes(cfg, dt)))
        # multidim: n_outer x n_slice x n_inner
        for impl in ("stable", "latency"):
            dt = FixedType(12, 5, True, "AP_RND", "AP_SAT")
            cfg = softmax_config(24, dt, accum_t=FixedType(20, 9), implementation=impl, n_outer=2, n_inner=3,
                                 table_size=512)
            cases.append(SCase(dt, FixedType(14, 2), cfg, func="softmax_multidim"))
    return cases


def _clip_sizes(cfg: Config, dt: FixedType) -> Config:
    """Keep the sliced tables addressable (the C++ is undefined otherwise)."""
    if cfg.implementation in ("legacy", "argmax"):
        return cfg
    exp_addr_t = cfg.inp_norm_t if cfg.implementation == "stable" else dt
    return cfg.replace(exp_table_size=min(cfg.exp_table_size, 2**exp_addr_t.width),
                       inv_table_size=min(cfg.inv_table_size, 2**cfg.inv_inp_t.width))


CASES = _cases()


def _cpp_case(k: int, c: SCase) -> str:
    g = c.cfg
    table = f"  typedef {c.table_t} table_t;\n" if c.table_t is not None else ""
    stable = g.implementation == "stable"
    exp_addr = f"scfg{k}::inp_norm_t" if stable else f"sdata{k}_t"
    negative = ", true" if stable else ""
    return f"""
typedef {c.data_t} sdata{k}_t;
typedef {c.res_t} sres{k}_t;
struct scfg{k} : nnet::activ_config {{
  static const unsigned n_in = {g.n_in};
  static const unsigned n_slice = {g.n_slice};
  static const unsigned n_outer = {g.n_outer};
  static const unsigned n_inner = {g.n_inner};
  static const unsigned parallelization_factor = -1;
  static const unsigned exp_table_size = {g.exp_table_size};
  static const unsigned inv_table_size = {g.inv_table_size};
  static const unsigned io_type = nnet::io_parallel;
  static const unsigned reuse_factor = 1;
  static const unsigned axis = -1;
  static const nnet::softmax_implementation implementation = nnet::softmax_implementation::{g.implementation};
  static constexpr float exp_scale = {g.exp_scale!r};
  typedef {g.exp_table_t} exp_table_t;
  typedef {g.inv_table_t} inv_table_t;
  typedef {g.accum_t} accum_t;
  typedef {g.inv_inp_t} inv_inp_t;
  typedef {g.inp_norm_t} inp_norm_t;
{table}}};
static void scase{k}(int rows) {{
  sdata{k}_t in[{g.n_in}]; sres{k}_t out[{g.n_in}];
  for (int r = 0; r < rows; r++) {{
    for (int j = 0; j < {g.n_in}; j++) set_raw(in[j]);
    nnet::{c.func}<sdata{k}_t, sres{k}_t, scfg{k}>(in, out);
    for (int j = 0; j < {g.n_in}; j++) {{ put_raw(out[j]); std::printf(" "); }}
  }}
}}
struct dcfg{k} : scfg{k} {{ typedef double exp_table_t; typedef double inv_table_t; }};
static void stables{k}() {{  // the exp and invert tables, raw then as floats
  static scfg{k}::exp_table_t e[{g.exp_table_size}]; static scfg{k}::inv_table_t v[{g.inv_table_size}];
  static double de[{g.exp_table_size}], dv[{g.inv_table_size}];
  nnet::init_exp_table<{exp_addr}, scfg{k}>(e{negative});
  nnet::init_exp_table<{exp_addr}, dcfg{k}>(de{negative});
  nnet::init_invert_table<scfg{k}::inv_inp_t, scfg{k}>(v);
  nnet::init_invert_table<scfg{k}::inv_inp_t, dcfg{k}>(dv);
  for (unsigned i = 0; i < {g.exp_table_size}; i++) {{ put_raw(e[i]); std::printf(" "); }}
  std::printf("|");
  for (unsigned i = 0; i < {g.inv_table_size}; i++) {{ put_raw(v[i]); std::printf(" "); }}
  std::printf("|");
  for (unsigned i = 0; i < {g.exp_table_size}; i++) std::printf("%a ", de[i]);
  std::printf("|");
  for (unsigned i = 0; i < {g.inv_table_size}; i++) std::printf("%a ", dv[i]);
}}"""


def _has_tables(c: SCase) -> bool:
    return c.cfg.implementation in ("latency", "stable")


@functools.cache
def softmax_exe():
    body = ['#include "nnet_activation.h"'] + [_cpp_case(k, c) for k, c in enumerate(CASES)]
    body += ["int main() {", "  int id, rows;", '  while (std::scanf("%d %d", &id, &rows) == 2) {',
             "    switch (id) {"]
    body += [f"      case {k}: scase{k}(rows); break;" for k in range(len(CASES))]
    body += [f"      case {-1 - k}: stables{k}(); break;" for k, c in enumerate(CASES) if _has_tables(c)]
    body += ["    }", '    std::printf("\\n");', "  }", "  return 0;", "}"]
    return build("\n".join(body), name="layer_softmax", extra_flags=("-DNDEBUG",))


def check(samples: list[tuple[int, np.ndarray]]) -> None:
    """(case index, rows x n_in raw array) through the harness and the twin."""
    lines = []
    for k, rows in samples:
        c = CASES[k]
        lines.append(f"{k} {rows.shape[0]} " + " ".join(encode_raw(int(v), c.data_t) for v in rows.ravel()))
    out = run_lines(softmax_exe(), lines)
    bad = []
    for (k, rows), line in zip(samples, out, strict=True):
        c = CASES[k]
        want = np.array([decode_raw(tok, c.res_t) for tok in line.split()], dtype=object).reshape(rows.shape)
        for kernel in (True, False):  # the Numba row kernel (kernels/softmax.py) and the array path,
            # which is what runs while a trace recorder counts (the kernel counts nothing)
            stats = None if kernel else tracing.Stats().recorder("softmax")
            got = NNET_FUNCTIONS[c.func](FixedArray(rows, c.data_t), c.res_t, c.cfg, stats=stats).raw
            for r in range(rows.shape[0]):
                if list(want[r]) != [int(v) for v in got[r]]:
                    bad.append((k, f"{c.cfg.implementation} kernel={kernel}", str(c.data_t), rows[r].tolist(),
                                list(want[r]), [int(v) for v in got[r]]))
    assert not bad, mismatch_report(bad, "case | impl | data_t | x raws | C++ | fxsim", limit=10)


def _rows(t: FixedType, n: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform rows, rows of close values (small differences), rows made of the type's edges."""
    full = rng.integers(t.min_raw, t.max_raw, size=(count, n), endpoint=True)
    centre = rng.integers(t.min_raw, t.max_raw, size=(count, 1), endpoint=True)
    spread = int(min(t.max_raw, 4 * 2.0**t.frac))
    close = np.clip(centre + rng.integers(-spread, spread, size=(count, n), endpoint=True), t.min_raw, t.max_raw)
    edges = np.array(raw_edges(t), dtype=np.int64)
    edge_rows = rng.choice(edges, size=(count // 2 + 1, n))
    return np.concatenate([full, close, edge_rows]).astype(np.int64)


def test_exp_and_invert_tables_match_cpp_exactly():
    """Every entry of every latency/stable exp and invert table: the float, then the raw value."""
    ks = [k for k, c in enumerate(CASES) if _has_tables(c)]
    out = run_lines(softmax_exe(), [f"{-1 - k} 0" for k in ks])
    bad = []
    for k, line in zip(ks, out, strict=True):
        c, g = CASES[k], CASES[k].cfg
        exp_raw, inv_raw, exp_f, inv_f = (part.split() for part in line.split("|"))
        stable = g.implementation == "stable"
        addr_t = g.inp_norm_t if stable else c.data_t
        size_e, size_i = g.exp_table_size, g.inv_table_size
        ours = {
            "exp float": (tb.softmax_exp_floats(addr_t, size_e, g.exp_scale, stable),
                          [float.fromhex(v) for v in exp_f]),
            "inv float": (tb.softmax_invert_floats(g.inv_inp_t, size_i), [float.fromhex(v) for v in inv_f]),
            "exp raw": (tb.softmax_exp_table(addr_t, size_e, g.exp_table_t, g.exp_scale, stable),
                        [decode_raw(v, g.exp_table_t) for v in exp_raw]),
            "inv raw": (tb.softmax_invert_table(g.inv_inp_t, size_i, g.inv_table_t),
                        [decode_raw(v, g.inv_table_t) for v in inv_raw]),
        }
        for what, (got, want) in ours.items():
            bad += [(k, what, i, w, g_) for i, (w, g_) in enumerate(zip(want, got.tolist(), strict=True)) if w != g_]
    assert not bad, mismatch_report(bad, "case | table | index | C++ | fxsim")


def test_all_cases_random_rows():
    rng = np.random.default_rng(3)
    check([(k, _rows(c.data_t, c.cfg.n_in, 60, rng)) for k, c in enumerate(CASES)])


@st.composite
def case_rows(draw):
    k = draw(st.integers(0, len(CASES) - 1))
    c = CASES[k]
    t = c.data_t
    val = st.one_of(st.integers(t.min_raw, t.max_raw), st.sampled_from(raw_edges(t)))
    rows = draw(st.lists(st.lists(val, min_size=c.cfg.n_in, max_size=c.cfg.n_in), min_size=1, max_size=6))
    return k, np.array(rows, dtype=np.int64)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(case_rows(), min_size=1, max_size=6))
def test_hypothesis_rows(samples):
    check(samples)


# ------------------------------------------------------------------------------------ the Python side
def test_reduce_tree_order():
    """The balanced tree of nnet::reduce: for N=5 it is ((x0+x1)+(x2+x3))+x4."""
    seen = []

    def op(a, b):
        seen.append((a.shape, b.shape))
        return a

    x = FixedArray(np.arange(5).reshape(1, 5), FixedType(8, 8))
    reduce(x, op)
    assert len(seen) == 4


def test_fix_softmax_table_size_like_hls4ml():
    with pytest.warns(UserWarning):
        assert fix_softmax_table_size(1024, FixedType(8, 3), FixedType(18, 8)) == 256
    assert fix_softmax_table_size(1024, FixedType(16, 6), FixedType(18, 8)) == 1024
    with pytest.warns(UserWarning):
        assert fix_softmax_table_size(1024, FixedType(10, 6), FixedType(18, 8), backend="Quartus") == 512
    with pytest.warns(UserWarning):
        assert fix_softmax_table_size(4096, FixedType(16, 6), FixedType(10, 4)) == 1024


def test_table_size_too_large_for_the_address_is_refused():
    cfg = Config(n_in=2, n_slice=2, exp_table_size=1024, inv_table_size=64, implementation="latency",
                 exp_table_t=FixedType(18, 8), inv_table_t=FixedType(18, 8), accum_t=FixedType(18, 8),
                 inv_inp_t=FixedType(18, 8), inp_norm_t=FixedType(1, 0))
    with pytest.raises(ValueError, match="address bits"):
        softmax(FixedArray(np.zeros((1, 2), dtype=np.int64), FixedType(8, 3)), FixedType(8, 3), cfg)


def test_ceillog2_matches_the_header_recursion():
    def header(x):
        return 1 if x <= 2 else 1 + header((x + 1) // 2)

    assert all(tb.ceillog2(x) == header(x) for x in range(1, 5000))


@given(st.integers(2, 53), st.integers(-10, 60), st.booleans(), st.data())
@settings(max_examples=200, deadline=None)
def test_to_float32_fast_matches_header_transliteration(w, i, s, data):
    """``to_float()``: NumPy (exact double, one rounding) vs the header's bit-level algorithm."""
    t = FixedType(w, i, s)
    raws = data.draw(st.lists(st.integers(t.min_raw, t.max_raw), min_size=1, max_size=20))
    fast = tb.to_float32(np.array(raws, dtype=np.int64), t).tolist()
    ref = tb.to_float32(np.array(raws, dtype=object), t).tolist()
    assert fast == ref


@given(st.integers(10, 80), st.booleans(), st.sampled_from([2, 64, 1024]), st.data())
@settings(max_examples=100, deadline=None)
def test_slice_index_int64_matches_python_ints(w, s, size, data):
    t = FixedType(w, w // 2, s)
    raws = data.draw(st.lists(st.integers(t.min_raw, t.max_raw), min_size=1, max_size=20))
    expect = [(v % 2**w) >> (w - tb.ceillog2(size)) for v in raws]  # the top N bits, unsigned
    assert tb.slice_index(np.array(raws, dtype=object), t, size).tolist() == expect
    if t.fits_int64:
        assert tb.slice_index(np.array(raws, dtype=np.int64), t, size).tolist() == expect
