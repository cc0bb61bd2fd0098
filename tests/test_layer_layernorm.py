"""LayerNormalization twin against the real ``nnet::layernormalize`` (nnet_layernorm.h), bit for bit.

One C++ translation unit holds every configuration of :data:`CASES` (fixed seed): the
``nnet::layernorm_config`` struct as hls4ml's ``core_templates.py`` writes it and a driver that
reads raw scale, bias and samples. Accumulator types carry random rounding and overflow modes and are
sometimes narrow (the sums wrap or saturate); table sizes, ``epsilon_power_of_10`` and
``table_range_power2`` vary so the variance index is clamped at both ends.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import layer_io
import numpy as np
import pytest

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers.layernorm import layernormalize
from fxsim.types import FixedType

_Q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_TRN_ZERO", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF"]
_O = ["AP_WRAP", "AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"]


@dataclass(frozen=True)
class Case:
    seq_len: int
    dim: int
    eps: int
    p2: int
    table_size: int
    input_t: FixedType
    res_t: FixedType
    accum_t: FixedType
    table_t: FixedType
    scale_t: FixedType
    bias_t: FixedType

    def config(self) -> Config:
        return Config("config", n_in=self.seq_len * self.dim, seq_len=self.seq_len, axis=2,
                      epsilon_power_of_10=self.eps, table_range_power2=self.p2, table_size=self.table_size,
                      accum_t=self.accum_t, table_t=self.table_t, scale_t=self.scale_t, bias_t=self.bias_t,
                      product="mult", io_type="io_parallel", reuse_factor=1)


def _t(r: random.Random, wmin: int, wmax: int, imin: int, imax: int, modes: bool = True) -> FixedType:
    w = r.randint(wmin, wmax)
    i = r.randint(imin, min(imax, w))
    return FixedType(w, i, True, r.choice(_Q), r.choice(_O)) if modes else FixedType(w, i, True)


def _make_cases() -> list[Case]:
    r = random.Random(4242)
    cases = []
    for k in range(14):
        narrow = k % 3 == 0
        accum_t = _t(r, 10, 14, 3, 5) if narrow else _t(r, 16, 30, 5, 10)
        cases.append(Case(
            seq_len=r.randint(1, 4), dim=r.choice([1, 2, 3, 4, 6, 8, 13]), eps=r.randint(1, 5),
            p2=r.randint(0, 4), table_size=r.choice([256, 1000, 1024, 4096]),
            input_t=_t(r, 6, 16, 1, 6), res_t=_t(r, 6, 18, 2, 6), accum_t=accum_t,
            table_t=_t(r, 10, 20, 4, 10, modes=False), scale_t=_t(r, 6, 12, 1, 3, modes=False),
            bias_t=_t(r, 6, 12, 1, 3, modes=False)))
    cases.append(Case(2, 8, 3, 0, 4096, *[FixedType(16, 6)] * 2, FixedType(16, 6), FixedType(18, 8),
                      FixedType(16, 6), FixedType(16, 6)))
    return cases


CASES = _make_cases()
SAMPLES = 200


def _case_source(k: int, c: Case) -> str:
    n = c.seq_len * c.dim
    return f"""struct config{k} : nnet::layernorm_config {{
    static const unsigned n_in = {n};
    static const unsigned seq_len = {c.seq_len};
    static const unsigned axis = 2;
    static const unsigned epsilon_power_of_10 = {c.eps};
    static const unsigned table_range_power2 = {c.p2};
    static const unsigned table_size = {c.table_size};
    typedef {c.accum_t} accum_t;
    typedef {c.bias_t} bias_t;
    typedef {c.scale_t} scale_t;
    typedef {c.table_t} table_t;
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};
static void run_{k}() {{
    static {c.scale_t} s[{c.dim}];
    static {c.bias_t} b[{c.dim}];
    rd_arr(s, {c.dim}); rd_arr(b, {c.dim});
    int batch = rd_int();
    for (int i = 0; i < batch; i++) {{
        {c.input_t} x[{n}];
        {c.res_t} y[{n}];
        rd_arr(x, {n});
        nnet::layernormalize<{c.input_t}, {c.res_t}, config{k}>(x, y, s, b);
        wr_arr(y, {n});
    }}
}}
"""


@functools.cache
def _exe():
    src = layer_io.source(["nnet_layernorm.h"], {k: _case_source(k, c) for k, c in enumerate(CASES)})
    return layer_io.build(src, "layer_layernorm")


def _case_data(k: int, c: Case) -> list[np.ndarray]:
    rng = np.random.default_rng(900 + k)
    x = layer_io.raw_values(rng, c.input_t, (SAMPLES, c.seq_len * c.dim))
    # a share of small-spread rows, so the variance lands inside the table
    x[: SAMPLES // 3] = (x[: SAMPLES // 3] >> max(c.input_t.width - 5, 0))
    return [layer_io.raw_values(rng, c.scale_t, c.dim), layer_io.raw_values(rng, c.bias_t, c.dim), x]


@functools.cache
def _expected() -> list[np.ndarray]:
    return layer_io.run_cases(_exe(), [(k, _case_data(k, c), SAMPLES) for k, c in enumerate(CASES)])


@pytest.mark.parametrize("k", range(len(CASES)),
                         ids=[f"{k}-{c.seq_len}x{c.dim}-{c.accum_t}" for k, c in enumerate(CASES)])
def test_layernorm_matches_headers(k: int) -> None:
    c = CASES[k]
    s, b, x = _case_data(k, c)
    want = _expected()[k]
    for path in ("auto", "reference"):
        got = layernormalize(FixedArray(x, c.input_t), c.res_t, c.config(), FixedArray(s, c.scale_t),
                             FixedArray(b, c.bias_t), path=path)
        bad = np.nonzero((got.raw != want).any(axis=1))[0]
        assert bad.size == 0, (f"path={path}: {bad.size}/{SAMPLES} samples differ; first {bad[0]}: "
                               f"fxsim {got.raw[bad[0]].tolist()} vs C++ {want[bad[0]].tolist()}")
