"""Dense twins with structured weights against hls4ml 1.3.0's templates, bit for bit:
``nnet::product::weight_exponential`` (power-of-two weights, hls4ml's ``ExponentType`` struct
``{ap_uint<1> sign; ap_int<W> weight;}``) through ``nnet::dense``'s kernels, and
``nnet::dense_compressed`` (``CompressedType`` struct ``{index_t row_index; index_t col_index;
weight_t weight;}``).

One generated C++ translation unit (``-DNDEBUG``) holds every configuration; ``runK()`` reads raw
weights, biases and raw inputs from stdin and prints raw outputs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import harness
import numpy as np
import pytest
from core_harness import common_source, decode_raw, encode_raw, mismatch_report
from test_layer_dense import _accum, _fixed, _res, random_raws

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import dense_compressed, lookup
from fxsim.project.weights import read_struct_weights
from fxsim.types import FixedType
from fxsim.weight_structs import CompressedWeights, ExponentWeights

P = FixedType.parse
SAMPLES = 96


@dataclass(frozen=True)
class Case:
    kind: str  # "exponential" (nnet::dense + weight_exponential) or "compressed"
    n_in: int
    n_out: int
    reuse_factor: int
    kernel: str  # DenseKernel class (exponential) / product (compressed)
    input_t: FixedType
    weight_t: FixedType  # exponent type (exponential) / weight field type (compressed)
    bias_t: FixedType
    accum_t: FixedType
    res_t: FixedType
    n_nonzeros: int = 0
    index_bits: int = 0

    def config(self) -> Config:
        common = dict(n_in=self.n_in, n_out=self.n_out, reuse_factor=self.reuse_factor, accum_t=self.accum_t,
                      bias_t=self.bias_t)
        if self.kind == "exponential":
            return Config("config", kernel=self.kernel, product="weight_exponential",
                          strategy="latency" if self.kernel == "DenseLatency" else "resource", **common)
        return Config("config", strategy="compressed", product=self.kernel, weight_t=self.weight_t,
                      n_nonzeros=self.n_nonzeros, **common)


def _make_cases() -> list[Case]:
    rng = np.random.default_rng(20250301)
    cases = []
    kernels = ["DenseLatency", "DenseLatency", "DenseResource_rf_leq_nin", "DenseResource_rf_gt_nin_rem0"]
    for k in range(8):
        n_in, n_out = int(rng.integers(1, 9)), int(rng.integers(1, 6))
        kern = kernels[k % 4]
        rf = 1 if kern == "DenseLatency" else (
            int(rng.choice([r for r in range(1, n_in + 1) if (n_in * n_out) % r == 0 and
                            (-(-(n_in * n_out) // r)) % n_out == 0])) if kern.endswith("leq_nin")
            else n_in * n_out * (n_out > 1) or n_in * 2)
        if kern.endswith("rem0") and n_out == 1:
            n_out = 2
            rf = n_in * n_out
        x_t = _fixed(rng, 3, 12, False)
        ew = int(rng.integers(2, 6))
        e_t = FixedType(ew, ew, True, is_int=True)
        acc = _accum(rng, k, x_t, FixedType(8, 4 + (1 << (e_t.width - 1)) // 2))
        cases.append(Case("exponential", n_in, n_out, rf, kern, x_t, e_t, _fixed(rng, 2, 12, False), acc,
                          _res(rng, acc)))
    for k, prod in enumerate(["mult"] * 6 + ["weight_ternary"]):
        n_in, n_out = int(rng.integers(1, 11)), int(rng.integers(1, 7))
        x_t = _fixed(rng, 3, 12, False)
        w_t = P("ap_int<2>") if prod == "weight_ternary" else _fixed(rng, 2, 12, False)
        acc = _accum(rng, k, x_t, w_t)
        nnz = n_in * n_out
        cases.append(Case("compressed", n_in, n_out, int(rng.integers(1, 5)), prod, x_t, w_t,
                          _fixed(rng, 2, 12, False), acc, _res(rng, acc), nnz, 0))
    return cases


def _coo(rng: np.random.Generator, c: Case, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """hls4ml's CompressedWeightVariable: nonzeros of the (n_in, n_out) matrix plus zeros up to a
    multiple of RF, sorted by (col, row); every third case shuffled (any order is legal C++)."""
    m = random_raws(rng, c.weight_t, (c.n_in, c.n_out), zeros=0.3)
    nz = [(j, i, int(m[i, j])) for i in range(c.n_in) for j in range(c.n_out) if m[i, j] != 0]
    extra = (-len(nz)) % c.reuse_factor
    zeros = [(j, i, 0) for i in range(c.n_in) for j in range(c.n_out) if m[i, j] == 0][:extra]
    while len(nz) + len(zeros) == 0 or (len(nz) + len(zeros)) % c.reuse_factor:
        zeros.append((0, 0, 0))
    entries = sorted(nz + zeros)
    if k % 3 == 2:
        entries = [entries[i] for i in rng.permutation(len(entries))]
    col, row, val = (np.array(v, dtype=np.int64) for v in zip(*entries, strict=True))
    return row, col, val, len(entries)


CASES = _make_cases()
_DATA: dict[int, tuple] = {}


def case_data(k: int) -> tuple[Case, tuple]:
    """(case with n_nonzeros fixed, (x, weight arrays…, b)); cached."""
    if k not in _DATA:
        c = CASES[k]
        rng = np.random.default_rng(500 + k)
        x = random_raws(rng, c.input_t, (SAMPLES, c.n_in))
        b = random_raws(rng, c.bias_t, (c.n_out,))
        if c.kind == "exponential":
            sign = rng.integers(0, 2, size=c.n_in * c.n_out)
            exp = rng.integers(c.weight_t.min_raw, c.weight_t.max_raw, size=c.n_in * c.n_out, endpoint=True)
            _DATA[k] = (c, (x, sign, exp, b))
        else:
            row, col, val, nnz = _coo(rng, c, k)
            bits = max(1, int(max(c.n_in, c.n_out) - 1).bit_length())
            c = Case(**{**c.__dict__, "n_nonzeros": nnz, "index_bits": bits})
            _DATA[k] = (c, (x, row, col, val, b))
    return _DATA[k]


def _source_exponential(k: int, c: Case) -> str:
    n = c.n_in * c.n_out
    strategy = "latency" if c.kernel == "DenseLatency" else "resource"
    return f"""
typedef struct exponent_w{k}_t {{ap_uint<1> sign;{c.weight_t} weight; }} exponent_w{k}_t;
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
    typedef exponent_w{k}_t weight_t;
    typedef ap_uint<1> index_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::{c.kernel}<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::weight_exponential<x_T, y_T>;
}};
static void run{k}() {{
    typedef {c.input_t} input_t;
    typedef {c.res_t} result_t;
    static config{k}::weight_t w[{n}];
    static config{k}::bias_t b[{c.n_out}];
    for (int i = 0; i < {n}; i++) {{ set_raw(w[i].sign); set_raw(w[i].weight); }}
    for (int i = 0; i < {c.n_out}; i++) set_raw(b[i]);
    int samples = 0;
    if (std::scanf("%d", &samples) != 1) return;
    for (int s = 0; s < samples; s++) {{
        input_t x[{c.n_in}];
        result_t y[{c.n_out}];
        for (int i = 0; i < {c.n_in}; i++) set_raw(x[i]);
        nnet::dense<input_t, result_t, config{k}>(x, y, w, b);
        for (int j = 0; j < {c.n_out}; j++) {{ put_raw(y[j]); std::putchar(j + 1 < {c.n_out} ? ' ' : '\\n'); }}
    }}
}}
"""


def _source_compressed(k: int, c: Case) -> str:
    n, idx = c.n_nonzeros, f"ap_uint<{c.index_bits}>"
    return f"""
typedef struct compressed_w{k}_t {{{idx} row_index;{idx} col_index;{c.weight_t} weight; }} compressed_w{k}_t;
struct config{k} : nnet::dense_config {{
    static const unsigned n_in = {c.n_in};
    static const unsigned n_out = {c.n_out};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned strategy = nnet::resource;
    static const unsigned reuse_factor = {c.reuse_factor};
    static const unsigned n_zeros = {c.n_in * c.n_out - n};
    static const unsigned n_nonzeros = {n};
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor;
    static const bool store_weights_in_bram = false;
    typedef {c.accum_t} accum_t;
    typedef {c.bias_t} bias_t;
    typedef compressed_w{k}_t weight_t;
    typedef ap_uint<{c.index_bits}> index_t;
    // hls4ml writes product<x_T, y_T>, which dense_compressed instantiates with y_T = the struct
    // (does not compile); the product really applies to the struct's weight field.
    template<class x_T, class y_T>
    using product = nnet::product::{c.kernel}<x_T, {c.weight_t}>;
}};
static void run{k}() {{
    typedef {c.input_t} input_t;
    typedef {c.res_t} result_t;
    static config{k}::weight_t w[{n}];
    static config{k}::bias_t b[{c.n_out}];
    for (int i = 0; i < {n}; i++) {{ set_raw(w[i].row_index); set_raw(w[i].col_index); set_raw(w[i].weight); }}
    for (int i = 0; i < {c.n_out}; i++) set_raw(b[i]);
    int samples = 0;
    if (std::scanf("%d", &samples) != 1) return;
    for (int s = 0; s < samples; s++) {{
        input_t x[{c.n_in}];
        result_t y[{c.n_out}];
        for (int i = 0; i < {c.n_in}; i++) set_raw(x[i]);
        nnet::dense_compressed<input_t, result_t, config{k}>(x, y, w, b);
        for (int j = 0; j < {c.n_out}; j++) {{ put_raw(y[j]); std::putchar(j + 1 < {c.n_out} ? ' ' : '\\n'); }}
    }}
}}
"""


@functools.cache
def _exe():
    body = []
    for k in range(len(CASES)):
        c, _ = case_data(k)
        body.append(_source_exponential(k, c) if c.kind == "exponential" else _source_compressed(k, c))
    calls = "\n".join(f"        case {k}: run{k}(); break;" for k in range(len(CASES)))
    src = (common_source() + '\n#include "nnet_dense.h"\n#include "nnet_dense_compressed.h"\n#include <cstdlib>\n'
           + "\n".join(body)
           + f"\nint main(int argc, char** argv) {{\n    switch (std::atoi(argv[1])) {{\n{calls}\n    }}\n"
           "    return 0;\n}\n")
    return harness.build(src, name="layer_dense_special", extra_flags=("-DNDEBUG",))


def run_cpp(k: int) -> np.ndarray:
    c, d = case_data(k)
    if c.kind == "exponential":
        x, sign, exp, b = d
        w = " ".join(f"{encode_raw(s, P('ap_uint<1>'))} {encode_raw(e, c.weight_t)}"
                     for s, e in zip(sign.tolist(), exp.tolist(), strict=True))
    else:
        x, row, col, val, b = d
        it = P(f"ap_uint<{c.index_bits}>")
        w = " ".join(f"{encode_raw(r, it)} {encode_raw(cc, it)} {encode_raw(v, c.weight_t)}"
                     for r, cc, v in zip(row.tolist(), col.tolist(), val.tolist(), strict=True))
    lines = [w, " ".join(encode_raw(v, c.bias_t) for v in b.tolist()), str(len(x))]
    lines += [" ".join(encode_raw(v, c.input_t) for v in row_) for row_ in x.tolist()]
    out = harness.run(_exe(), "\n".join(lines) + "\n", args=(str(k),)).splitlines()
    assert len(out) == len(x)
    return np.array([[decode_raw(h, c.res_t) for h in line.split()] for line in out], dtype=np.int64)


def _label(c: Case) -> str:
    return f"{c.kind}:{c.kernel}:rf{c.reuse_factor}:{c.n_in}x{c.n_out}:{c.weight_t}:{c.accum_t}"


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{k}-{_label(c)}" for k, c in enumerate(CASES)])
def test_matches_headers(k: int) -> None:
    c, d = case_data(k)
    want = run_cpp(k)
    if c.kind == "exponential":
        x, sign, exp, b = d
        w = ExponentWeights(sign, FixedArray(exp, c.weight_t))
        got = lookup("dense")(FixedArray(x, c.input_t), c.res_t, c.config(), w, FixedArray(b, c.bias_t))
    else:
        x, row, col, val, b = d
        w = CompressedWeights(row, col, FixedArray(val, c.weight_t))
        got = lookup("dense_compressed")(FixedArray(x, c.input_t), c.res_t, c.config(), w, FixedArray(b, c.bias_t))
    assert got.type == c.res_t and got.shape == want.shape
    bad = [(f"sample {s}", f"out {j}", f"expected {want[s, j]}", f"got {got.raw[s, j]}")
           for s, j in zip(*np.nonzero(got.raw != want), strict=True)]
    assert not bad, mismatch_report(bad, _label(c))


def test_cases_are_informative() -> None:
    """Outputs vary and some compressed cases send several products to one ``mult[col]`` in one
    ReuseLoop iteration (so the in-iteration accumulation is exercised)."""
    shared = 0
    for k, c in enumerate(CASES):
        c, d = case_data(k)
        if c.kind == "compressed":
            _, row, col, _, _ = d
            its = dense_compressed.compressed_steps(row, col, c.n_in, c.n_out, c.n_nonzeros, c.reuse_factor)
            shared += any(len({s[0] for s in it}) < len(it) for it in its)
    assert shared >= 3, shared
    assert {c.kernel for c in CASES if c.kind == "exponential"} >= {
        "DenseLatency", "DenseResource_rf_leq_nin", "DenseResource_rf_gt_nin_rem0"}


def test_txt_readers_follow_hls4ml_writer() -> None:
    """The txt formats of hls4ml's ExponentWeightVariable / CompressedWeightVariable."""
    e = read_struct_weights("{1, 2}, {0, -3}, {1, 0}", (("sign", P("ap_uint<1>")), ("weight", P("ap_int<4>"))),
                            3, "w.txt")
    assert e.sign.tolist() == [1, 0, 1] and e.exponent.raw.tolist() == [2, -3, 0]
    c = read_struct_weights("{0, 0, 0.5}, {3, 1, -1.25}", (("row_index", P("ap_uint<8>")),
                            ("col_index", P("ap_uint<8>")), ("weight", P("ap_fixed<8,3>"))), 2, "w.txt")
    assert c.row.tolist() == [0, 3] and c.col.tolist() == [0, 1] and c.weight.raw.tolist() == [16, -40]


def test_lookup_registers_dense_compressed() -> None:
    assert lookup("dense_compressed") is dense_compressed.dense_compressed
