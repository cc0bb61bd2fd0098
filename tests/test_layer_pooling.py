"""Differential tests of fxsim.layers.pooling against the real ``nnet_pooling.h``.

One C++ binary holds every configuration: 1-D/2-D/global pooling, Max and Average, random pool
sizes, strides, paddings and ``count_pad``, and random data/accum/result types whose modes make
the accumulation round, wrap or saturate and the final assignment round and saturate; unsigned
data types exercise the ``pad_val`` quirk. Hypothesis drives the input batches.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import layer_io
import numpy as np
import pytest
from fxsim.kernels import pooling as kp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray, mult_type, plus_type
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.pooling import pad_val
from fxsim.types import FixedType


@dataclass
class PoolCase:
    kind: str  # pooling1d_cl | pooling2d_cl | global_pooling1d_cl | global_pooling2d_cl
    op: str
    in_h: int
    in_w: int
    n_filt: int
    pool_h: int
    pool_w: int
    stride_h: int
    stride_w: int
    pads: tuple[int, int, int, int]
    count_pad: bool
    data: FixedType
    accum: FixedType
    res: FixedType

    @property
    def two_d(self) -> bool:
        return "2d" in self.kind

    @property
    def glob(self) -> bool:
        return self.kind.startswith("global")

    def _out(self, n, p, s, lo, hi) -> int:
        return (n + lo + hi - p) // s + 1

    @property
    def out_h(self) -> int:
        return self._out(self.in_h, self.pool_h, self.stride_h, self.pads[0], self.pads[1])

    @property
    def out_w(self) -> int:
        return self._out(self.in_w, self.pool_w, self.stride_w, self.pads[2], self.pads[3])

    @property
    def n_x(self) -> int:
        return self.in_h * self.in_w * self.n_filt

    @property
    def n_y(self) -> int:
        return self.n_filt if self.glob else self.out_h * self.out_w * self.n_filt

    def config(self) -> Config:
        if self.two_d:
            return Config("config", in_height=self.in_h, in_width=self.in_w, n_filt=self.n_filt,
                          pool_height=self.pool_h, pool_width=self.pool_w, stride_height=self.stride_h,
                          stride_width=self.stride_w, out_height=self.out_h, out_width=self.out_w,
                          pad_top=self.pads[0], pad_bottom=self.pads[1], pad_left=self.pads[2],
                          pad_right=self.pads[3], count_pad=self.count_pad, pool_op=self.op,
                          reuse_factor=1, accum_t=self.accum)
        return Config("config", n_in=self.in_w, n_out=self.out_w, n_filt=self.n_filt, pool_width=self.pool_w,
                      stride_width=self.stride_w, pad_left=self.pads[2], pad_right=self.pads[3],
                      count_pad=self.count_pad, pool_op=self.op, reuse_factor=1, accum_t=self.accum)

    def cpp(self, k: int) -> str:
        cp = "true" if self.count_pad else "false"
        if self.two_d:
            body = f"""
    static const unsigned in_height = {self.in_h};
    static const unsigned in_width = {self.in_w};
    static const unsigned n_filt = {self.n_filt};
    static const unsigned stride_height = {self.stride_h};
    static const unsigned stride_width = {self.stride_w};
    static const unsigned pool_height = {self.pool_h};
    static const unsigned pool_width = {self.pool_w};
    static const unsigned filt_height = pool_height;
    static const unsigned filt_width = pool_width;
    static const unsigned n_chan = n_filt;
    static const unsigned out_height = {self.out_h};
    static const unsigned out_width = {self.out_w};
    static const unsigned pad_top = {self.pads[0]};
    static const unsigned pad_bottom = {self.pads[1]};
    static const unsigned pad_left = {self.pads[2]};
    static const unsigned pad_right = {self.pads[3]};"""
            base = "nnet::pooling2d_config"
        else:
            body = f"""
    static const unsigned n_in = {self.in_w};
    static const unsigned n_out = {self.out_w};
    static const unsigned n_filt = {self.n_filt};
    static const unsigned pool_width = {self.pool_w};
    static const unsigned filt_width = pool_width;
    static const unsigned n_chan = n_filt;
    static const unsigned pad_left = {self.pads[2]};
    static const unsigned pad_right = {self.pads[3]};
    static const unsigned stride_width = {self.stride_w};"""
            base = "nnet::pooling1d_config"
        return f"""
struct config{k} : {base} {{{body}
    static const bool count_pad = {cp};
    static const nnet::Pool_Op pool_op = nnet::{self.op};
    static const unsigned reuse_factor = 1;
    typedef {self.accum} accum_t;
}};
static void run_{k}() {{
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {self.data} x[{self.n_x}];
        {self.res} y[{self.n_y}];
        rd_arr(x, {self.n_x});
        nnet::{self.kind}<{self.data}, {self.res}, config{k}>(x, y);
        wr_arr(y, {self.n_y});
    }}
}}
"""


def _types(r: random.Random, op: str, cf: bool = False) -> tuple[FixedType, FixedType, FixedType]:
    while True:
        d = layer_io.random_type(r, 12, signed=None if r.random() < 0.7 else False)
        a = layer_io.random_type(r, 16)
        res = layer_io.random_type(r, 12)
        pairs = [(d, a), (a, res)] if op == "Max" else [(plus_type(a, d), a), (a, res)]
        if cf and op == "Average":
            pairs += [(mult_type(d, d), d), (mult_type(res, d), res)]
        if all(layer_io.castable(s, t) for s, t in pairs):
            return d, a, res


def _case(r: random.Random, kind: str, op: str) -> PoolCase:
    two_d = "2d" in kind
    glob = kind.startswith("global")
    while True:
        in_h = r.randint(1, 5) if two_d else 1
        in_w = r.randint(1, 8 if not two_d else 5)
        n_filt = r.randint(1, 3)
        pool_h = r.randint(1, 3) if two_d else 1
        pool_w = r.randint(1, 4)
        stride_h = r.randint(1, 3) if two_d else 1
        stride_w = r.randint(1, 3)
        pads = (r.randint(0, pool_h - 1) if two_d else 0, r.randint(0, pool_h - 1) if two_d else 0,
                r.randint(0, pool_w - 1), r.randint(0, pool_w - 1))
        if glob:
            pool_h, pool_w, stride_h, stride_w, pads = in_h, in_w, in_h, in_w, (0, 0, 0, 0)
        if kind.endswith("_cf"):
            stride_h, stride_w = pool_h, pool_w
        d, a, res = _types(r, op, cf=kind.endswith("_cf"))
        c = PoolCase(kind, op, in_h, in_w, n_filt, pool_h, pool_w, stride_h, stride_w, pads,
                     r.random() < 0.4, d, a, res)
        if c.out_h >= 1 and c.out_w >= 1:
            return c


def _cases() -> list[PoolCase]:
    r = random.Random(99)
    cases = []
    for kind, n in (("pooling1d_cl", 5), ("pooling2d_cl", 5), ("global_pooling1d_cl", 2),
                    ("global_pooling2d_cl", 2), ("pooling2d_cf", 3)):
        for op in ("Max", "Average"):
            cases += [_case(r, kind, op) for _ in range(n)]
    # keras-like: 2x2 average, 'same' padding, wide accumulator, rounding result
    t16 = FixedType(16, 6)
    cases.append(PoolCase("pooling2d_cl", "Average", 5, 5, 2, 2, 2, 2, 2, (0, 1, 0, 1), False, t16,
                          FixedType(20, 10), FixedType(8, 4, True, "AP_RND_CONV", "AP_SAT")))
    return cases


CASES = _cases()


@functools.cache
def _exe():
    src = layer_io.source(["nnet_utils/nnet_pooling.h"], {k: c.cpp(k) for k, c in enumerate(CASES)})
    return layer_io.build(src, "pooling")


def _fxsim(c: PoolCase, x: np.ndarray, reference: bool) -> np.ndarray:
    kw = {} if c.kind.endswith("_cf") else {"reference": reference}
    out = lookup(c.kind)(FixedArray(x, c.data), c.res, c.config(), **kw)
    assert out.type == c.res
    return out.raw


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.kind}-{c.op}-{i}" for i, c in enumerate(CASES)])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_pooling_matches_headers(k: int, seed: int) -> None:
    c = CASES[k]
    rng = np.random.default_rng(seed)
    x = layer_io.raw_values(rng, c.data, (16, c.n_x))
    (want,) = layer_io.run_cases(_exe(), [(k, [x], 16)])
    got = _fxsim(c, x, reference=False)
    bad = np.argwhere(got != want)
    assert bad.size == 0, f"{c}\n{len(bad)} mismatches, first {bad[:5].tolist()}: " \
                          f"fxsim {got[tuple(bad[0])]} vs C++ {want[tuple(bad[0])]}"
    np.testing.assert_array_equal(_fxsim(c, x, reference=True), got)


def test_pad_val_is_msb() -> None:
    assert pad_val(FixedType(8, 3), "Max") == -128
    assert pad_val(FixedType(8, 3, False), "Max") == 128  # the header's quirk for unsigned data
    assert pad_val(FixedType(8, 3, False), "Average") == 0


def test_index_shapes() -> None:
    idx = kp.pool_index_2d(4, 4, 2, 2, 2, 2, 2, 0, 0, 0, 0)
    assert idx.shape == (2 * 2 * 2, 4)
    assert sorted(idx.ravel().tolist()) == list(range(32))
