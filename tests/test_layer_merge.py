"""Differential tests of fxsim.layers.merge against the real ``nnet_merge.h``.

One C++ binary holds every configuration: each element-wise merge with random input/result types
(mixed signedness, ap_int, negative and oversized integer bits, every rounding/overflow mode of the
result) including io_parallel broadcasting (``n_elem1 != n_elem2``), ``dot1d`` with a narrow
saturating or wrapping accumulator, and the ``concatenate{1,2,3}d`` axes.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import layer_io
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray, minus_type, mult_type, plus_type
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.types import FixedType

ELEMENTWISE = ("add", "subtract", "multiply", "average", "maximum", "minimum")


@dataclass
class MergeCase:
    op: str
    t1: FixedType
    t2: FixedType
    res: FixedType
    n1: int
    n2: int
    shape1: tuple[int, ...] = ()
    shape2: tuple[int, ...] = ()
    axis: int = -1
    accum: FixedType | None = None
    fields: dict = field(default_factory=dict)

    @property
    def n_out(self) -> int:
        if self.op == "dot1d":
            return 1
        if self.op.startswith("concatenate"):
            return self.n1 + self.n2
        return max(self.n1, self.n2)

    def config(self) -> Config:
        if self.op == "dot1d":
            return Config("config", n_in=self.n1, n_out=1, reuse_factor=1, accum_t=self.accum, product="mult")
        if self.op.startswith("concatenate"):
            kw = {}
            for i in range(3):
                kw[f"n_elem1_{i}"] = self.shape1[i] if i < len(self.shape1) else 0
                kw[f"n_elem2_{i}"] = self.shape2[i] if i < len(self.shape2) else 0
            return Config("config", axis=self.axis, **kw)
        return Config("config", n_elem=self.n_out, n_elem1=self.n1, n_elem2=self.n2, reuse_factor=1)

    def cpp(self, k: int) -> str:
        if self.op == "dot1d":
            cfg = f"""
struct config{k} : nnet::dot_config {{
    static const unsigned n_in = {self.n1};
    static const unsigned n_out = 1;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in, reuse_factor);
    typedef {self.accum} accum_t;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};"""
        elif self.op.startswith("concatenate"):
            dims = "".join(
                f"    static const unsigned n_elem{j}_{i} = {(s[i] if i < len(s) else 0)};\n"
                for j, s in ((1, self.shape1), (2, self.shape2)) for i in range(3))
            cfg = f"""
struct config{k} : nnet::concat_config {{
{dims}    static const int axis = {self.axis};
}};"""
        else:
            cfg = f"""
struct config{k} : nnet::merge_config {{
    static const unsigned n_elem = {self.n_out};
    static const unsigned n_elem1 = {self.n1};
    static const unsigned n_elem2 = {self.n2};
    static const unsigned reuse_factor = 1;
}};"""
        return f"""{cfg}
static void run_{k}() {{
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {self.t1} a[{self.n1}];
        {self.t2} b[{self.n2}];
        {self.res} y[{self.n_out}];
        rd_arr(a, {self.n1});
        rd_arr(b, {self.n2});
        nnet::{self.op}<{self.t1}, {self.t2}, {self.res}, config{k}>(a, b, y);
        wr_arr(y, {self.n_out});
    }}
}}
"""


def _any_type(r: random.Random, max_width: int) -> FixedType:
    if r.random() < 0.15:
        w = r.randint(1, max_width)
        return FixedType(w, w, r.random() < 0.6, is_int=True)
    return layer_io.random_type(r, max_width)


def _exact_type(op: str, a: FixedType, b: FixedType) -> list[FixedType]:
    if op == "add":
        return [plus_type(a, b)]
    if op == "subtract":
        return [minus_type(a, b)]
    if op == "multiply":
        return [mult_type(a, b)]
    if op == "average":
        return [mult_type(plus_type(a, b), FixedType(1, 0, False))]
    return [a, b]


def _elementwise(r: random.Random, op: str) -> MergeCase:
    while True:
        t1, t2, res = _any_type(r, 14), _any_type(r, 14), _any_type(r, 14)
        if res.is_int and op == "average":
            continue
        if all(layer_io.castable(s, res) for s in _exact_type(op, t1, t2)):
            break
    n1 = r.randint(1, 8)
    n2 = r.choice([n1, n1, 1, r.randint(1, 8)])
    if r.random() < 0.5:
        n1, n2 = n2, n1
    return MergeCase(op, t1, t2, res, n1, n2)


def _dot(r: random.Random) -> MergeCase:
    while True:
        t1, t2 = layer_io.random_type(r, 10), layer_io.random_type(r, 10)
        acc, res = layer_io.random_type(r, 20), layer_io.random_type(r, 14)
        if layer_io.castable(mult_type(t1, t2), acc) and layer_io.castable(acc, res):
            n = r.randint(1, 8)
            return MergeCase("dot1d", t1, t2, res, n, n, accum=acc)


def _concat(r: random.Random, dims: int, axis: int) -> MergeCase:
    while True:
        t1, t2, res = _any_type(r, 14), _any_type(r, 14), _any_type(r, 14)
        if layer_io.castable(t1, res) and layer_io.castable(t2, res):
            break
    s1 = [r.randint(1, 4) for _ in range(dims)]
    s2 = list(s1)
    norm = {1: 0, -1: dims - 1, 2: 1 if dims == 3 else 1, -2: dims - 2, 3: 2}.get(axis, 0)
    s2[norm] = r.randint(1, 4)
    c = MergeCase(f"concatenate{dims}d", t1, t2, res, int(np.prod(s1)), int(np.prod(s2)), tuple(s1),
                  tuple(s2), axis)
    c.n2 = int(np.prod(s2))
    return c


def _cases() -> list[MergeCase]:
    r = random.Random(7)
    cases = [_elementwise(r, op) for op in ELEMENTWISE for _ in range(4)]
    cases += [_dot(r) for _ in range(5)]
    cases += [_concat(r, 1, 0), _concat(r, 1, -1)]
    cases += [_concat(r, 2, a) for a in (1, 2, -1)]
    cases += [_concat(r, 3, a) for a in (1, 2, 3, -1, -2)]
    return cases


CASES = _cases()


@functools.cache
def _exe():
    src = layer_io.source(["nnet_utils/nnet_merge.h"], {k: c.cpp(k) for k, c in enumerate(CASES)})
    return layer_io.build(src, "merge")


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.op}-{i}" for i, c in enumerate(CASES)])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_merge_matches_headers(k: int, seed: int) -> None:
    c = CASES[k]
    rng = np.random.default_rng(seed)
    batch = 24
    a = layer_io.raw_values(rng, c.t1, (batch, c.n1))
    b = layer_io.raw_values(rng, c.t2, (batch, c.n2))
    # the harness reads a then b for each sample
    (want,) = layer_io.run_cases(_exe(), [(k, [np.concatenate([a, b], axis=1)], batch)])
    got = lookup(c.op)(FixedArray(a, c.t1), FixedArray(b, c.t2), c.res, c.config())
    assert got.type == c.res
    bad = np.argwhere(got.raw != want)
    assert bad.size == 0, f"{c}\n{len(bad)} mismatches, first {bad[:5].tolist()}: " \
                          f"fxsim {got.raw[tuple(bad[0])]} vs C++ {want[tuple(bad[0])]}"
