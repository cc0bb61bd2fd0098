"""Einsum / EinsumDense twins against the real ``nnet::einsum`` (nnet_einsum.h) and
``nnet::einsum_dense`` (nnet_einsum_dense.h), bit for bit.

The transpose configs are written by hls4ml's own ``transpose_config_gen`` and
``transpose_config_template`` (random axis permutations of the operands and the result); the
EinsumDense dense config is hls4ml's Latency one. Accumulators carry random rounding and overflow
modes and are narrow enough to wrap or saturate.
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
from fxsim.layers.einsum import einsum, einsum_dense
from fxsim.types import FixedType

_Q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_TRN_ZERO", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF"]
_O = ["AP_WRAP", "AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"]


def _gen():
    pytest.importorskip("hls4ml")
    from hls4ml.backends.vivado.passes.reshaping_templates import transpose_config_template
    from hls4ml.utils.transpose_utils import transpose_config_gen
    return transpose_config_gen, transpose_config_template


@dataclass(frozen=True)
class Tpose:
    shape: tuple[int, ...]  # the stored (input) shape
    perm: tuple[int, ...]

    def config(self, name: str) -> tuple[str, Config]:
        gen, template = _gen()
        d = gen(name, self.shape, self.perm)
        ints = lambda s: tuple(int(v) for v in str(s).split(","))  # noqa: E731
        return template.format(**d), Config(name, dims=d["dims"], N=d["N"], to_shape=ints(d["to_shape"]),
                                            perm_strides=ints(d["perm_strides"]))


def _stored(logical: tuple[int, ...], perm: tuple[int, ...]) -> tuple[int, ...]:
    """The stored shape S with ``np.transpose(S, perm).shape == logical``."""
    s = [0] * len(perm)
    for d, p in enumerate(perm):
        s[p] = logical[d]
    return tuple(s)


@dataclass(frozen=True)
class Case:
    dense: bool
    I: int  # noqa: E741, N815
    L0: int
    L1: int
    C: int
    p0: tuple[int, ...]
    p1: tuple[int, ...]
    pout: tuple[int, ...]
    in0_t: FixedType
    in1_t: FixedType
    accum_t: FixedType
    res_t: FixedType

    def tposes(self) -> list[Tpose]:
        out_logical = (self.I, self.L0, self.L1)
        ts = [Tpose(_stored((self.I, self.L0, self.C), self.p0), self.p0)]
        if not self.dense:
            ts.append(Tpose(_stored((self.I, self.L1, self.C), self.p1), self.p1))
        ts.append(Tpose(out_logical, self.pout))
        return ts


def _t(r: random.Random, wmin: int, wmax: int, imin: int, imax: int, modes: bool = True) -> FixedType:
    w = r.randint(wmin, wmax)
    i = r.randint(imin, min(imax, w))
    return FixedType(w, i, True, r.choice(_Q), r.choice(_O)) if modes else FixedType(w, i, True)


def _make_cases() -> list[Case]:
    r = random.Random(99)
    perms = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]
    out = []
    for k in range(12):
        out.append(Case(dense=k % 2 == 1, I=r.randint(1, 3), L0=r.randint(1, 3), L1=r.randint(1, 4),
                        C=r.randint(1, 5), p0=r.choice(perms), p1=r.choice(perms), pout=r.choice(perms),
                        in0_t=_t(r, 4, 12, 1, 4, modes=False), in1_t=_t(r, 4, 10, 0, 3, modes=False),
                        accum_t=_t(r, 8, 16, 3, 6), res_t=_t(r, 6, 14, 2, 5)))
    return out


CASES = _make_cases()
SAMPLES = 100


def _case_source(k: int, c: Case) -> tuple[str, list[Config]]:
    names = [f"tp{k}_{j}" for j in range(len(c.tposes()))]
    texts, cfgs = zip(*(t.config(n) for t, n in zip(c.tposes(), names, strict=True)), strict=True)
    src = "\n".join(texts)
    n0 = c.I * c.L0 * c.C
    n_out = c.I * c.L0 * c.L1
    if c.dense:
        nw = c.I * c.L1 * c.C
        src += f"""struct config{k}_dense : nnet::dense_config {{
    static const unsigned n_in = {c.C};
    static const unsigned n_out = {c.L1};
    static const unsigned reuse_factor = 1;
    static const unsigned strategy = nnet::latency;
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor;
    typedef {c.accum_t} accum_t;
    typedef {c.in1_t} bias_t;
    typedef {c.in1_t} weight_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::DenseLatency<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};
struct config{k} {{
    typedef {names[0]} tpose_inp_conf;
    typedef {names[1]} tpose_out_conf;
    typedef {c.accum_t} accum_t;
    typedef {c.in1_t} bias_t;
    typedef config{k}_dense dense_conf;
    static const unsigned n_free_data = {c.L0};
    static const unsigned n_free_kernel = {c.L1};
    static const unsigned n_contract = {c.C};
    static const unsigned n_inplace = {c.I};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned strategy = nnet::latency;
    static const unsigned reuse_factor = 1;
    static const unsigned parallelization_factor = {c.I};
}};
static void run_{k}() {{
    static {c.in1_t} w[{nw}];
    static {c.in1_t} b[{n_out}];
    rd_arr(w, {nw}); rd_arr(b, {n_out});
    int batch = rd_int();
    for (int s = 0; s < batch; s++) {{
        {c.in0_t} x[{n0}];
        {c.res_t} y[{n_out}];
        rd_arr(x, {n0});
        nnet::einsum_dense<{c.in0_t}, {c.res_t}, config{k}>(x, y, w, b);
        wr_arr(y, {n_out});
    }}
}}
"""
    else:
        n1 = c.I * c.L1 * c.C
        src += f"""struct config{k} {{
    typedef {names[0]} tpose_inp0_config;
    typedef {names[1]} tpose_inp1_config;
    typedef {names[2]} tpose_out_conf;
    typedef {c.accum_t} accum_t;
    static const unsigned n_free0 = {c.L0};
    static const unsigned n_free1 = {c.L1};
    static const unsigned n_contract = {c.C};
    static const unsigned n_inplace = {c.I};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned strategy = nnet::latency;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = {c.I * c.L0 * c.L1 * c.C};
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};
static void run_{k}() {{
    int batch = rd_int();
    for (int s = 0; s < batch; s++) {{
        {c.in0_t} x0[{n0}];
        {c.in1_t} x1[{n1}];
        {c.res_t} y[{n_out}];
        rd_arr(x0, {n0}); rd_arr(x1, {n1});
        nnet::einsum<{c.in0_t}, {c.in1_t}, {c.res_t}, config{k}>(x0, x1, y);
        wr_arr(y, {n_out});
    }}
}}
"""
    return src, list(cfgs)


@functools.cache
def _exe():
    src = layer_io.source(["nnet_einsum.h", "nnet_einsum_dense.h"],
                          {k: _case_source(k, c)[0] for k, c in enumerate(CASES)})
    return layer_io.build(src, "layer_einsum")


def _case_data(k: int, c: Case) -> list[np.ndarray]:
    rng = np.random.default_rng(300 + k)
    x0 = layer_io.raw_values(rng, c.in0_t, (SAMPLES, c.I * c.L0 * c.C))
    if c.dense:
        return [layer_io.raw_values(rng, c.in1_t, c.I * c.L1 * c.C),
                layer_io.raw_values(rng, c.in1_t, c.I * c.L0 * c.L1), x0]
    x1 = layer_io.raw_values(rng, c.in1_t, (SAMPLES, c.I * c.L1 * c.C))
    return [np.concatenate([x0, x1], axis=1)]


@functools.cache
def _expected() -> list[np.ndarray]:
    return layer_io.run_cases(_exe(), [(k, _case_data(k, c), SAMPLES) for k, c in enumerate(CASES)])


@pytest.mark.parametrize("k", range(len(CASES)), ids=[
    f"{k}-{'einsum_dense' if c.dense else 'einsum'}-I{c.I}L{c.L0}x{c.L1}C{c.C}" for k, c in enumerate(CASES)])
def test_einsum_matches_headers(k: int) -> None:
    c = CASES[k]
    want = _expected()[k]
    cfgs = _case_source(k, c)[1]
    if c.dense:
        w, b, x = _case_data(k, c)
        dense_conf = Config("dense", n_in=c.C, n_out=c.L1, reuse_factor=1, strategy="latency",
                            kernel="DenseLatency", product="mult", accum_t=c.accum_t, weight_t=c.in1_t,
                            bias_t=c.in1_t)
        cfg = Config("config", tpose_inp_conf=cfgs[0], tpose_out_conf=cfgs[1], dense_conf=dense_conf,
                     n_free_data=c.L0, n_free_kernel=c.L1, n_contract=c.C, n_inplace=c.I, accum_t=c.accum_t)
        for path in ("auto", "reference"):
            got = einsum_dense(FixedArray(x, c.in0_t), c.res_t, cfg, FixedArray(w, c.in1_t),
                               FixedArray(b, c.in1_t), path=path)
            np.testing.assert_array_equal(got.raw, want)
    else:
        (xx,) = _case_data(k, c)
        n0 = c.I * c.L0 * c.C
        cfg = Config("config", tpose_inp0_config=cfgs[0], tpose_inp1_config=cfgs[1], tpose_out_conf=cfgs[2],
                     n_free0=c.L0, n_free1=c.L1, n_contract=c.C, n_inplace=c.I, accum_t=c.accum_t,
                     product="mult")
        got = einsum(FixedArray(xx[:, :n0], c.in0_t), FixedArray(xx[:, n0:], c.in1_t), c.res_t, cfg)
        np.testing.assert_array_equal(got.raw, want)
