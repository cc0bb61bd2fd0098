"""``nnet::normalize`` with power-of-two scales against hls4ml 1.3.0's ``nnet_batchnorm.h``, bit for bit.

hls4ml writes this for the ``ApplyAlpha`` layer of a QKeras layer whose quantizer has
``alpha='auto_po2'`` (``quantized_bits``' default in the QKeras users have): the scale array is an
``ExponentType`` struct ``{ap_uint<1> sign; ap_int<W> weight;}`` and the product
``nnet::product::weight_exponential``. One generated C++ translation unit holds every case; ``runK()``
reads raw scales, biases and inputs from stdin and prints raw outputs. The cases include wide
inputs with large exponents, so both paths of the shift (int64 and Python ints) run.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import harness
import numpy as np
import pytest
from core_harness import common_source, decode_raw, encode_raw, mismatch_report
from test_layer_dense import random_raws

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup, mult
from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType
from fxsim.weight_structs import ExponentWeights

P = FixedType.parse
SAMPLES = 150


@dataclass(frozen=True)
class Case:
    n_in: int
    n_filt: int  # -1: one scale/bias per element
    input_t: FixedType
    exponent_t: FixedType  # the struct's ``weight`` field, ap_int<W>
    bias_t: FixedType
    res_t: FixedType

    @property
    def n_scale_bias(self) -> int:
        return self.n_in if self.n_filt == -1 else self.n_filt

    def config(self) -> Config:
        return Config("config", n_in=self.n_in, n_filt=self.n_filt % 2**32, product="weight_exponential",
                      scale_t="exponent_scale_t", bias_t=self.bias_t, n_scale_bias=self.n_scale_bias)


def _make_cases() -> list[Case]:
    rng = np.random.default_rng(8128)
    cases = []
    for k in range(8):
        n_in = int(rng.integers(1, 13))
        n_filt = -1 if k % 2 == 0 else int(rng.choice([d for d in range(1, n_in + 1) if n_in % d == 0]))
        w = int(rng.integers(2, 17))
        x_t = FixedType(w, int(rng.integers(-2, w + 3)), bool(rng.random() < 0.8))
        ew = int(rng.integers(2, 6))
        b_t = FixedType(int(rng.integers(2, 15)), int(rng.integers(-2, 8)), True)
        r_w = int(rng.integers(4, 19))
        r_t = FixedType(r_w, x_t.integer + int(rng.integers(-3, 4)), bool(rng.random() < 0.85))
        o = str(rng.choice([m for m in OVERFLOW_MODES if r_t.signed or m != "AP_WRAP_SM"]))
        r_t = r_t.with_(rounding=str(rng.choice(ROUNDING_MODES)), overflow=o)
        cases.append(Case(n_in, n_filt, x_t, FixedType(ew, ew, True, is_int=True), b_t, r_t))
    # what hls4ml writes for QKeras' ApplyAlpha (auto precision, ap_int<3..4> exponents), and a wide
    # input with 6-bit exponents: r_T = ap_fixed<60,30>, shifts by up to 32 leave int64
    cases += [
        Case(16, -1, P("ap_fixed<19,7>"), P("ap_int<3>"), P("ap_fixed<8,3>"), P("ap_fixed<25,11>")),
        Case(12, 3, P("ap_ufixed<6,0>"), P("ap_int<4>"), P("ap_fixed<3,1>"), P("ap_fixed<16,6>")),
        Case(6, -1, P("ap_fixed<24,10>"), P("ap_int<6>"), P("ap_fixed<10,4>"),
             P("ap_fixed<40,20,AP_RND_CONV,AP_SAT>")),
    ]
    return cases


CASES = _make_cases()


def _case_source(k: int, c: Case) -> str:
    n_sb = c.n_scale_bias
    return f"""
typedef struct exponent_s{k}_t {{ap_uint<1> sign;{c.exponent_t} weight; }} exponent_s{k}_t;
struct config{k} : nnet::batchnorm_config {{
    static const unsigned n_in = {c.n_in};
    static const unsigned n_filt = {c.n_filt};
    static const unsigned n_scale_bias = (n_filt == -1) ? n_in : n_filt;
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in, reuse_factor);
    static const bool store_weights_in_bram = false;
    typedef {c.bias_t} bias_t;
    typedef exponent_s{k}_t scale_t;
    template<class x_T, class y_T>
    using product = nnet::product::weight_exponential<x_T, y_T>;
}};
static void run{k}() {{
    typedef {c.input_t} input_t;
    typedef {c.res_t} result_t;
    static config{k}::scale_t s[{n_sb}];
    static config{k}::bias_t b[{n_sb}];
    for (int i = 0; i < {n_sb}; i++) {{ set_raw(s[i].sign); set_raw(s[i].weight); }}
    for (int i = 0; i < {n_sb}; i++) set_raw(b[i]);
    int samples = 0;
    if (std::scanf("%d", &samples) != 1) return;
    for (int n = 0; n < samples; n++) {{
        input_t x[{c.n_in}];
        result_t y[{c.n_in}];
        for (int i = 0; i < {c.n_in}; i++) set_raw(x[i]);
        nnet::normalize<input_t, result_t, config{k}>(x, y, s, b);
        for (int j = 0; j < {c.n_in}; j++) {{ put_raw(y[j]); std::putchar(j + 1 < {c.n_in} ? ' ' : '\\n'); }}
    }}
}}
"""


@functools.cache
def _exe():
    body = "\n".join(_case_source(k, c) for k, c in enumerate(CASES))
    calls = "\n".join(f"        case {k}: run{k}(); break;" for k in range(len(CASES)))
    src = (common_source() + '\n#include "nnet_batchnorm.h"\n#include <cstdlib>\n' + body
           + f"\nint main(int argc, char** argv) {{\n    switch (std::atoi(argv[1])) {{\n{calls}\n    }}\n"
           "    return 0;\n}\n")
    return harness.build(src, name="layer_batchnorm_exponent")


def case_data(k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    c = CASES[k]
    rng = np.random.default_rng(3000 + k)
    x = random_raws(rng, c.input_t, (SAMPLES, c.n_in))
    sign = rng.integers(0, 2, size=c.n_scale_bias)
    exp = rng.integers(c.exponent_t.min_raw, c.exponent_t.max_raw, size=c.n_scale_bias, endpoint=True)
    b = random_raws(rng, c.bias_t, (c.n_scale_bias,))
    return x, sign, exp, b


def run_cpp(k: int) -> np.ndarray:
    c = CASES[k]
    x, sign, exp, b = case_data(k)
    lines = [" ".join(f"{encode_raw(s, P('ap_uint<1>'))} {encode_raw(e, c.exponent_t)}"
                      for s, e in zip(sign.tolist(), exp.tolist(), strict=True)),
             " ".join(encode_raw(v, c.bias_t) for v in b.tolist()), str(len(x))]
    lines += [" ".join(encode_raw(v, c.input_t) for v in row) for row in x.tolist()]
    out = harness.run(_exe(), "\n".join(lines) + "\n", args=(str(k),)).splitlines()
    assert len(out) == len(x)
    return np.array([[decode_raw(h, c.res_t) for h in line.split()] for line in out], dtype=np.int64)


def _label(c: Case) -> str:
    return f"{c.n_in}/{c.n_filt}:{c.input_t}<<{c.exponent_t}+{c.bias_t}->{c.res_t}"


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{k}-{_label(c)}" for k, c in enumerate(CASES)])
def test_normalize_exponent_scale_matches_headers(k: int) -> None:
    c = CASES[k]
    x, sign, exp, b = case_data(k)
    want = run_cpp(k)
    scale = ExponentWeights(sign, FixedArray(exp, c.exponent_t))
    got = lookup("normalize")(FixedArray(x, c.input_t), c.res_t, c.config(), scale, FixedArray(b, c.bias_t))
    assert got.type == c.res_t and got.shape == want.shape
    bad = [(f"sample {s}", f"element {j}", f"expected {want[s, j]}", f"got {got.raw[s, j]}")
           for s, j in zip(*np.nonzero(got.raw != want), strict=True)]
    assert not bad, mismatch_report(bad, _label(c))


def test_cases_reach_both_shift_paths() -> None:
    """At least one case shifts beyond int64 (the Python-int loop) and most stay in int64."""
    wide = [c for c in CASES
            if mult.exponential_product_type(c.input_t, c.exponent_t).width + 2 ** (c.exponent_t.width - 1) > 62]
    assert 1 <= len(wide) < len(CASES) // 2


def test_shift_int64_path_equals_python_int_loop() -> None:
    rng = np.random.default_rng(5)
    for w in (4, 13, 30, 40):
        t = FixedType(w, w // 2, bool(w % 2 == 0))
        raw = random_raws(rng, t, (400,))
        sh = rng.integers(-8, 9, size=400)
        assert np.array_equal(mult._shift_raw(raw, sh, t), mult._shift_raw_loop(raw, sh, t).astype(np.int64))


def test_exponent_scale_needs_weight_exponential() -> None:
    c = CASES[0]
    x, sign, exp, b = case_data(0)
    scale = ExponentWeights(sign, FixedArray(exp, c.exponent_t))
    with pytest.raises(ValueError, match="weight_exponential"):
        lookup("normalize")(FixedArray(x, c.input_t), c.res_t, c.config().replace(product="mult"), scale,
                            FixedArray(b, c.bias_t))


def test_exponent_biases_are_refused_in_one_line() -> None:
    """hls4ml 1.3.0 writes power-of-two biases for ``bias_quantizer=quantized_po2``; the templates
    cannot compile them (``ap_fixed(bias_t)`` from the struct), so fxsim names the construct instead
    of guessing what the firmware would do (NotImplementedError: the network runner adds the call's
    file, line and layer, and the CLI exits 2)."""
    c = CASES[0]
    x, sign, exp, _ = case_data(0)
    scale = ExponentWeights(sign, FixedArray(exp, c.exponent_t))
    with pytest.raises(NotImplementedError, match="power-of-two .* biases: that firmware does not compile"):
        lookup("normalize")(FixedArray(x, c.input_t), c.res_t, c.config(), scale, scale)
    dcfg = Config("config", n_in=c.n_in, n_out=1, reuse_factor=1, accum_t=P("ap_fixed<24,12>"),
                  product="weight_exponential", strategy="latency")
    w = ExponentWeights(sign[:1].repeat(c.n_in), FixedArray(exp[:1].repeat(c.n_in), c.exponent_t))
    bias = ExponentWeights(sign[:1], FixedArray(exp[:1], c.exponent_t))
    with pytest.raises(NotImplementedError, match="nnet::dense_latency with power-of-two"):
        lookup("dense")(FixedArray(x, c.input_t), c.res_t, dcfg, w, bias)
