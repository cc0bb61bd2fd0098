"""BatchNormalization twins against the real ``nnet_batchnorm.h`` templates, bit for bit.

One generated C++ translation unit holds every configuration of :data:`CASES` (fixed seed):
``nnet::normalize`` with random data/scale/bias/result types, every product, ``n_filt == -1`` and
``n_filt`` dividing ``n_in``; plus ``normalize_binary_tanh`` and ``normalize_ternary_tanh``.
``runK()`` reads raw parameters and a batch of raw inputs from stdin and prints raw outputs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import harness
import numpy as np
import pytest
from core_harness import common_source, decode_raw, encode_raw, mismatch_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layer_dense import fixed_types, random_raws

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import batchnorm as bn
from fxsim.layers import lookup
from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType

P = FixedType.parse
UINT1 = FixedType(1, 1, False, is_int=True)


@dataclass(frozen=True)
class Case:
    function: str  # normalize, normalize_binary_tanh, normalize_ternary_tanh
    n_in: int
    n_filt: int  # -1: one scale/bias per element
    product: str
    input_t: FixedType
    scale_t: FixedType
    bias_t: FixedType
    res_t: FixedType

    @property
    def n_scale_bias(self) -> int:
        return self.n_in if self.n_filt == -1 else self.n_filt

    def config(self) -> Config:
        return Config("config", n_in=self.n_in, n_filt=self.n_filt % 2**32, product=self.product,
                      scale_t=self.scale_t, bias_t=self.bias_t, n_scale_bias=self.n_scale_bias)


def _type(rng: np.random.Generator, wmin: int, wmax: int, modes: bool) -> FixedType:
    w = int(rng.integers(wmin, wmax + 1))
    s = bool(rng.random() < 0.8)
    t = FixedType(w, int(rng.integers(-2, w + 3)), s)
    if modes:
        o = str(rng.choice([m for m in OVERFLOW_MODES if s or m != "AP_WRAP_SM"]))
        t = t.with_(rounding=str(rng.choice(ROUNDING_MODES)), overflow=o,
                    sat_bits=int(rng.integers(0, 3)) if rng.random() < 0.15 else 0)
    return t


def _make_cases() -> list[Case]:
    rng = np.random.default_rng(4711)
    cases = []
    for k in range(9):
        n_in = int(rng.integers(1, 13))
        n_filt = -1 if k % 2 == 0 else int(rng.choice([d for d in range(1, n_in + 1) if n_in % d == 0]))
        x_t, s_t, b_t = _type(rng, 2, 16, False), _type(rng, 2, 14, False), _type(rng, 2, 14, False)
        r = _type(rng, 4, 18, True)
        r = r.with_(integer=max(x_t.integer + s_t.integer, b_t.integer) + int(rng.integers(-3, 2)))
        cases.append(Case("normalize", n_in, n_filt, "mult", x_t, s_t, b_t, r))
    r = P("ap_fixed<10,5,AP_RND_CONV,AP_SAT>")
    cases += [
        Case("normalize", 6, -1, "weight_binary", P("ap_fixed<8,3>"), UINT1, P("ap_fixed<6,2>"), r),
        Case("normalize", 6, 3, "weight_ternary", P("ap_ufixed<7,2>"), P("ap_int<2>"), P("ap_fixed<6,2>"), r),
        Case("normalize", 5, -1, "data_binary", UINT1, P("ap_fixed<9,4>"), P("ap_fixed<6,2>"), r),
        Case("normalize", 5, -1, "both_binary", UINT1, UINT1, P("ap_int<3>"), r),
        # hls4ml's defaults, and a wide product
        Case("normalize", 8, 4, "mult", P("ap_fixed<16,6>"), P("ap_fixed<16,6>"), P("ap_fixed<16,6>"),
             P("ap_fixed<16,6>")),
        Case("normalize", 4, -1, "mult", P("ap_fixed<32,12>"), P("ap_fixed<30,4>"), P("ap_fixed<40,10>"),
             P("ap_fixed<24,15,AP_RND,AP_SAT>")),
        Case("normalize_binary_tanh", 7, -1, "", P("ap_fixed<10,4>"), P("ap_fixed<10,4>"), UINT1, UINT1),
        Case("normalize_binary_tanh", 6, 3, "", P("ap_ufixed<6,2>"), P("ap_ufixed<6,2>"), UINT1, UINT1),
        Case("normalize_ternary_tanh", 8, -1, "", P("ap_fixed<9,3>"), P("ap_fixed<9,3>"), UINT1, bn.INT2),
        Case("normalize_ternary_tanh", 6, 2, "", P("ap_int<4>"), P("ap_int<4>"), UINT1, bn.INT2),
    ]
    return cases


CASES = _make_cases()
SAMPLES = 200


def _case_source(k: int, c: Case) -> str:
    n_sb = c.n_scale_bias
    head = f"""
    static const unsigned n_in = {c.n_in};
    static const unsigned n_filt = {c.n_filt};
    static const unsigned n_scale_bias = (n_filt == -1) ? n_in : n_filt;
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;"""
    if c.function == "normalize":
        struct = f"""struct config{k} : nnet::batchnorm_config {{{head}
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in, reuse_factor);
    static const bool store_weights_in_bram = false;
    typedef {c.bias_t} bias_t;
    typedef {c.scale_t} scale_t;
    template<class x_T, class y_T>
    using product = nnet::product::{c.product}<x_T, y_T>;
}};"""
        params = f"""static config{k}::scale_t p1[{n_sb}]; static config{k}::bias_t p2[{n_sb}];
    for (int i = 0; i < {n_sb}; i++) set_raw(p1[i]);
    for (int i = 0; i < {n_sb}; i++) set_raw(p2[i]);"""
        call = f"nnet::normalize<input_t, result_t, config{k}>(x, y, p1, p2);"
    else:
        struct = f"struct config{k} : nnet::batchnorm_quantized_tanh_config {{{head}\n}};"
        params = f"""static input_t p1[{n_sb}]; static input_t p2[{n_sb}];
    for (int i = 0; i < {n_sb}; i++) set_raw(p1[i]);"""
        if c.function == "normalize_binary_tanh":
            call = f"nnet::normalize_binary_tanh<input_t, config{k}>(x, y, p1);"
        else:
            params += f"\n    for (int i = 0; i < {n_sb}; i++) set_raw(p2[i]);"
            call = f"nnet::normalize_ternary_tanh<input_t, config{k}>(x, y, p1, p2);"
    return f"""
{struct}
static void run{k}() {{
    typedef {c.input_t} input_t;
    typedef {c.res_t} result_t;
    {params}
    int samples = 0;
    if (std::scanf("%d", &samples) != 1) return;
    for (int s = 0; s < samples; s++) {{
        input_t x[{c.n_in}];
        result_t y[{c.n_in}];
        for (int i = 0; i < {c.n_in}; i++) set_raw(x[i]);
        {call}
        for (int j = 0; j < {c.n_in}; j++) {{ put_raw(y[j]); std::putchar(j + 1 < {c.n_in} ? ' ' : '\\n'); }}
    }}
}}
"""


def batchnorm_source(cases: list[Case]) -> str:
    body = "\n".join(_case_source(k, c) for k, c in enumerate(cases))
    calls = "\n".join(f"        case {k}: run{k}(); break;" for k in range(len(cases)))
    return (common_source() + '\n#include "nnet_batchnorm.h"\n#include <cstdlib>\n' + body
            + f"\nint main(int argc, char** argv) {{\n    switch (std::atoi(argv[1])) {{\n{calls}\n    }}\n"
            "    return 0;\n}\n")


@functools.cache
def _exe():
    return harness.build(batchnorm_source(CASES), name="layer_batchnorm")


def case_data(k: int, c: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2000 + k)
    x = random_raws(rng, c.input_t, (SAMPLES, c.n_in))
    p_t = c.scale_t if c.function == "normalize" else c.input_t
    p2_t = c.bias_t if c.function == "normalize" else c.input_t
    p1 = random_raws(rng, p_t, (c.n_scale_bias,))
    p2 = random_raws(rng, p2_t, (c.n_scale_bias,))
    if c.function == "normalize_ternary_tanh":  # keep lo <= hi, as hls4ml's thresholds are
        p1, p2 = np.maximum(p1, p2), np.minimum(p1, p2)
    if c.function != "normalize":
        x[: SAMPLES // 2] = p1[np.arange(c.n_in) % c.n_scale_bias]  # ties with the thresholds
        x[SAMPLES // 4: SAMPLES // 2] = p2[np.arange(c.n_in) % c.n_scale_bias]
    return x, p1, p2


def run_cpp(k: int, c: Case, x: np.ndarray, p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
    p1_t = c.scale_t if c.function == "normalize" else c.input_t
    p2_t = c.bias_t if c.function == "normalize" else c.input_t
    lines = [" ".join(encode_raw(v, p1_t) for v in p1.tolist())]
    if c.function != "normalize_binary_tanh":
        lines.append(" ".join(encode_raw(v, p2_t) for v in p2.tolist()))
    lines += [str(len(x))] + [" ".join(encode_raw(v, c.input_t) for v in row) for row in x.tolist()]
    out = harness.run(_exe(), "\n".join(lines) + "\n", args=(str(k),)).splitlines()
    assert len(out) == len(x)
    return np.array([[decode_raw(h, c.res_t) for h in line.split()] for line in out], dtype=np.int64)


def _label(c: Case) -> str:
    return f"{c.function}:{c.n_in}/{c.n_filt}:{c.product}:{c.input_t}*{c.scale_t}+{c.bias_t}->{c.res_t}"


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{k}-{_label(c)}" for k, c in enumerate(CASES)])
def test_batchnorm_matches_headers(k: int) -> None:
    c = CASES[k]
    x, p1, p2 = case_data(k, c)
    want = run_cpp(k, c, x, p1, p2)
    xa = FixedArray(x, c.input_t)
    twin = lookup(c.function)
    if c.function == "normalize":
        s, b = FixedArray(p1, c.scale_t), FixedArray(p2, c.bias_t)
        fast = bn._fast_applies(xa, c.res_t, c.product, s, b)
        runs = {p: twin(xa, c.res_t, c.config(), s, b, path=p)
                for p in ("auto", "reference", "fast") if p != "fast" or fast}
    elif c.function == "normalize_binary_tanh":
        runs = {"auto": twin(xa, c.res_t, c.config(), FixedArray(p1, c.input_t))}
    else:
        runs = {"auto": twin(xa, c.res_t, c.config(), FixedArray(p1, c.input_t), FixedArray(p2, c.input_t))}
    for path, got in runs.items():
        assert got.type == c.res_t and got.shape == want.shape
        bad = [(path, f"sample {s}", f"elem {j}", f"expected {want[s, j]}", f"got {got.raw[s, j]}")
               for s, j in zip(*np.nonzero(got.raw != want), strict=True)]
        assert not bad, mismatch_report(bad, _label(c))


def test_cases_exercise_rounding_and_overflow() -> None:
    """The generated outputs are not degenerate: several cases saturate or wrap somewhere."""
    overflowing = 0
    for k, c in enumerate(CASES):
        if c.function != "normalize":
            continue
        x, p1, p2 = case_data(k, c)
        exact = (FixedArray(x, c.input_t) * FixedArray(p1, c.scale_t)[bn.norm_index(c.config())]).to_float()
        overflowing += bool(((exact > c.res_t.max_value * 1.01) | (exact < c.res_t.min_value * 1.01)).any())
    assert overflowing >= 3, overflowing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_path_matches_reference(data) -> None:
    product = data.draw(st.sampled_from(sorted(bn.PRODUCTS)))
    x_t = UINT1 if product in ("data_binary", "both_binary") else data.draw(fixed_types(wmax=24))
    s_t = {"weight_binary": UINT1, "both_binary": UINT1, "weight_ternary": P("ap_int<2>")}.get(
        product, data.draw(fixed_types(wmax=24)))
    b_t, r_t = data.draw(fixed_types(wmax=30)), data.draw(fixed_types(wmax=30, modes=True))
    n_in = data.draw(st.integers(1, 9))
    n_filt = data.draw(st.sampled_from([-1] + [d for d in range(1, n_in + 1) if n_in % d == 0]))
    cfg = Config(n_in=n_in, n_filt=n_filt, product=product)
    n_sb = n_in if n_filt == -1 else n_filt
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = FixedArray(random_raws(rng, x_t, (11, n_in)), x_t)
    s, b = FixedArray(random_raws(rng, s_t, (n_sb,)), s_t), FixedArray(random_raws(rng, b_t, (n_sb,)), b_t)
    want = bn.normalize(x, r_t, cfg, s, b, path="reference")
    idx = bn.norm_index(cfg)
    if bn._fast_applies(x, r_t, product, s[idx], b[idx]):
        got = bn.normalize(x, r_t, cfg, s, b, path="fast")
        assert (got.raw == want.raw).all()
