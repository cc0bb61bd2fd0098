"""Differential tests of fxsim's io_stream twins against the real stream templates.

One C++ binary (``-DNDEBUG``, like the other layer harnesses) holds every configuration; each case
feeds ``hls::stream<nnet::array<T, P>>`` packs to ``nnet_dense_stream.h`` (Latency and every
Resource reuse-factor branch), ``nnet_batchnorm_stream.h`` (``n_filt == -1`` and per-channel with
packs that are and are not a multiple of ``n_filt``; ``normalize_{binary,ternary}_tanh``),
``nnet_merge_stream.h`` (add … minimum, ``concatenate{1,2,3}d`` on every axis) and
``nnet_stream.h`` (``clone_stream``, ``repack_stream`` up and down, ``broadcast_stream`` 1x1xC and
HxWx1), and prints the output streams' raw values in stream order. fxsim runs the same twin a bound
network runs (``lookup(name)``) with the pack sizes in the config, as
:class:`fxsim.network.Network` passes them.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import harness
import layer_io
import numpy as np
import pytest

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.stream import with_packs
from fxsim.types import FixedType

STREAM_IO = r"""
template <class P> static void push(hls::stream<P>& s, int n) {
  for (int i = 0; i < n / (int)P::size; i++) {
    P p;
    for (unsigned j = 0; j < P::size; j++) rd(p[j]);
    s.write(p);
  }
}
template <class P> static void pop(hls::stream<P>& s) {
  while (!s.empty()) {
    P p = s.read();
    for (unsigned j = 0; j < P::size; j++) wr(p[j]);
  }
}
"""

HEADERS = ["hls_stream.h", "nnet_common.h", "nnet_types.h", "nnet_dense.h",
           "nnet_dense_stream.h", "nnet_batchnorm.h", "nnet_batchnorm_stream.h", "nnet_merge.h",
           "nnet_merge_stream.h", "nnet_stream.h"]

ELEMENTWISE = ("add", "subtract", "multiply", "average", "maximum", "minimum")


@dataclass
class Case:
    """One stream call: C++ function, types, pack sizes, config members, parameter arrays."""

    function: str
    data_t: list[FixedType]
    res_t: FixedType
    n_in: list[int]
    packs_in: list[int]
    packs_out: list[int]
    cfg: dict = field(default_factory=dict)
    params: list[tuple[FixedType, int]] = field(default_factory=list)   # (type, size)
    n_out: int = 0
    label: str = ""

    def config(self) -> Config:
        extra = {"N": self.n_in[0]} if self.function in ("clone_stream", "repack_stream") else {}
        base = Config(self.function, io_type="io_stream", **self.cfg) if self.cfg else None
        return with_packs(base, self.function, tuple(self.packs_in), tuple(self.packs_out), **extra)


def _rand_t(r: random.Random, wmax: int = 16) -> FixedType:
    return layer_io.random_type(r, max_width=wmax)


def _cases() -> list[Case]:
    r = random.Random(7031)
    cases: list[Case] = []
    # ---- dense: the stream wrapper around every kernel
    for kernel, n_in, n_out, rf, pack_in in [("DenseLatency", 8, 6, 1, 8), ("DenseLatency", 12, 5, 1, 4),
                                             ("DenseResource_rf_leq_nin", 12, 6, 4, 12),
                                             ("DenseResource_rf_leq_nin", 16, 4, 4, 2),
                                             ("DenseResource_rf_gt_nin_rem0", 4, 6, 8, 4),
                                             ("DenseResource_rf_gt_nin_rem0", 3, 4, 12, 1)]:
        dt, wt, bt = _rand_t(r, 12), _rand_t(r, 10), _rand_t(r, 10)
        acc = FixedType(r.randint(12, 24), r.randint(4, 10), True, "AP_TRN", r.choice(["AP_WRAP", "AP_SAT"]))
        cfg = dict(n_in=n_in, n_out=n_out, reuse_factor=rf, accum_t=acc, weight_t=wt, bias_t=bt,
                   strategy="latency" if kernel == "DenseLatency" else "resource", kernel=kernel,
                   product="mult", n_zeros=0)
        pack_out = r.choice([d for d in range(1, n_out + 1) if n_out % d == 0])
        cases.append(Case("dense", [dt], _rand_t(r), [n_in], [pack_in], [pack_out], cfg,
                          [(wt, n_in * n_out), (bt, n_out)], n_out, kernel))
    # ---- batchnorm
    for n_in, n_filt, pack in [(12, -1, 12), (12, -1, 4), (12, 3, 3), (12, 3, 6), (12, 4, 6), (10, 2, 5)]:
        dt, st, bt = _rand_t(r, 12), _rand_t(r, 10), _rand_t(r, 10)
        nsb = n_in if n_filt == -1 else n_filt
        cfg = dict(n_in=n_in, n_filt=n_filt if n_filt != -1 else 2**32 - 1, n_scale_bias=nsb, scale_t=st,
                   bias_t=bt, product="mult", reuse_factor=1)
        cases.append(Case("normalize", [dt], _rand_t(r), [n_in], [pack], [pack], cfg, [(st, nsb), (bt, nsb)],
                          n_in, f"nfilt{n_filt}_pack{pack}"))
    # ---- merged batchnorm + binary/ternary tanh (output packs hold n_scale_bias values)
    for fn, n_in, n_filt, pack in [("normalize_binary_tanh", 8, -1, 8), ("normalize_binary_tanh", 12, 3, 3),
                                   ("normalize_ternary_tanh", 8, -1, 8), ("normalize_ternary_tanh", 12, 4, 4)]:
        dt = _rand_t(r, 12)
        nsb = n_in if n_filt == -1 else n_filt
        res = FixedType(1, 1, False, is_int=True) if "binary" in fn else FixedType(2, 2, True, is_int=True)
        cfg = dict(n_in=n_in, n_filt=n_filt if n_filt != -1 else 2**32 - 1, n_scale_bias=nsb, reuse_factor=1)
        cases.append(Case(fn, [dt], res, [n_in], [pack], [nsb], cfg, [(dt, nsb)] * (1 + ("ternary" in fn)),
                          n_in, f"nfilt{n_filt}_pack{pack}"))
    # ---- element-wise merges
    for op in ELEMENTWISE:
        n, pack = r.choice([(8, 8), (12, 4), (6, 1)])
        cfg = dict(n_elem=n, n_elem1=n, n_elem2=n, reuse_factor=1)
        cases.append(Case(op, [_rand_t(r), _rand_t(r)], _rand_t(r, 20), [n, n], [pack, pack], [pack], cfg,
                          n_out=n, label=f"pack{pack}"))
    # ---- concatenate: packs are one pixel's channels (hls4ml's layout), 1d: whole vector
    for op, s1, s2, axis in [("concatenate1d", (6,), (4,), 0), ("concatenate2d", (3, 4), (3, 2), -1),
                             ("concatenate2d", (3, 2), (2, 2), 0), ("concatenate3d", (2, 3, 2), (2, 3, 3), -1),
                             ("concatenate3d", (2, 3, 2), (2, 1, 2), 2), ("concatenate3d", (2, 2, 2), (1, 2, 2), 1)]:
        kw = {f"n_elem{j}_{i}": (s[i] if i < len(s) else 0) for j, s in ((1, s1), (2, s2)) for i in range(3)}
        n1, n2 = int(np.prod(s1)), int(np.prod(s2))
        p1, p2 = (n1, n2) if op == "concatenate1d" else (s1[-1], s2[-1])
        po = n1 + n2 if op == "concatenate1d" else (p1 + p2 if axis == -1 else p1)
        cases.append(Case(op, [_rand_t(r), _rand_t(r)], _rand_t(r), [n1, n2], [p1, p2], [po],
                          dict(axis=axis, **kw), n_out=n1 + n2, label=f"axis{axis}"))
    # ---- nnet_stream.h
    for copies, n, pack in [(2, 8, 4), (3, 6, 6), (7, 4, 1)]:
        cases.append(Case("clone_stream", [_rand_t(r)], _rand_t(r), [n], [pack], [pack] * copies,
                          n_out=n * copies, label=f"x{copies}"))
    for n, p_in, p_out in [(12, 12, 12), (12, 12, 3), (12, 2, 6), (8, 1, 8)]:
        cases.append(Case("repack_stream", [_rand_t(r)], _rand_t(r), [n], [p_in], [p_out], n_out=n,
                          label=f"{p_in}to{p_out}"))
    for (ih, iw, ic), (oh, ow, oc), p_in, p_out in [((1, 1, 3), (2, 2, 3), 3, 3), ((1, 1, 4), (1, 3, 4), 4, 2),
                                                    ((2, 3, 1), (2, 3, 4), 1, 4)]:
        cfg = dict(in_height=ih, in_width=iw, in_chan=ic, out_height=oh, out_width=ow, out_chan=oc)
        cases.append(Case("broadcast_stream", [_rand_t(r)], _rand_t(r), [ih * iw * ic], [p_in], [p_out], cfg,
                          n_out=oh * ow * oc, label=f"{ih}x{iw}x{ic}"))
    return cases


CASES = _cases()


def _struct(k: int, c: Case) -> str:
    cfg = c.cfg
    if c.function == "dense":
        strategy = cfg["strategy"]
        return f"""
struct config{k} : nnet::dense_config {{
    static const unsigned n_in = {cfg['n_in']};
    static const unsigned n_out = {cfg['n_out']};
    static const unsigned io_type = nnet::io_stream;
    static const unsigned strategy = nnet::{strategy};
    static const unsigned reuse_factor = {cfg['reuse_factor']};
    static const unsigned n_zeros = 0;
    static const unsigned n_nonzeros = n_in * n_out;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor;
    static const bool store_weights_in_bram = false;
    typedef {cfg['accum_t']} accum_t;
    typedef {cfg['bias_t']} bias_t;
    typedef {cfg['weight_t']} weight_t;
    typedef ap_uint<1> index_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::{cfg['kernel']}<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};"""
    if c.function == "normalize":
        return f"""
struct config{k} : nnet::batchnorm_config {{
    static const unsigned n_in = {cfg['n_in']};
    static const unsigned n_filt = {-1 if cfg['n_filt'] == 2**32 - 1 else cfg['n_filt']};
    static const unsigned n_scale_bias = (n_filt == -1) ? n_in : n_filt;
    static const unsigned io_type = nnet::io_stream;
    static const unsigned reuse_factor = 1;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in, reuse_factor);
    static const bool store_weights_in_bram = false;
    typedef {cfg['bias_t']} bias_t;
    typedef {cfg['scale_t']} scale_t;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};"""
    if c.function.startswith("normalize_"):
        return f"""
struct config{k} : nnet::batchnorm_quantized_tanh_config {{
    static const unsigned n_in = {cfg['n_in']};
    static const unsigned n_filt = {-1 if cfg['n_filt'] == 2**32 - 1 else cfg['n_filt']};
    static const unsigned n_scale_bias = (n_filt == -1) ? n_in : n_filt;
    static const unsigned io_type = nnet::io_stream;
    static const unsigned reuse_factor = 1;
}};"""
    if c.function in ELEMENTWISE:
        return (f"struct config{k} : nnet::merge_config {{ static const unsigned n_elem = {cfg['n_elem']};\n"
                f"  static const unsigned n_elem1 = {cfg['n_elem1']}; static const unsigned n_elem2 = "
                f"{cfg['n_elem2']}; static const unsigned reuse_factor = 1; }};")
    if c.function.startswith("concatenate"):
        dims = " ".join(f"static const unsigned n_elem{j}_{i} = {cfg[f'n_elem{j}_{i}']};"
                        for j in (1, 2) for i in range(3))
        return f"struct config{k} : nnet::concat_config {{ {dims} static const int axis = {cfg['axis']}; }};"
    if c.function == "broadcast_stream":
        dims = " ".join(f"static const unsigned {m} = {cfg[m]};" for m in cfg)
        return f"struct config{k} : nnet::broadcast_config {{ {dims} }};"
    return ""


def _cpp(k: int, c: Case) -> str:
    ins = [f"nnet::array<{t}, {p}>" for t, p in zip(c.data_t, c.packs_in)]
    out = f"nnet::array<{c.res_t}, {c.packs_out[0]}>"
    lines = [_struct(k, c), f"static void run_{k}() {{"]
    for j, (t, n) in enumerate(c.params):
        lines.append(f"  static {t} p{j}[{n}]; rd_arr(p{j}, {n});")
    lines.append("  int batch = rd_int();\n  for (int b = 0; b < batch; b++) {")
    for j, (t, n) in enumerate(zip(ins, c.n_in)):
        lines.append(f"    hls::stream<{t}> in{j}; push(in{j}, {n});")
    n_res = len(c.packs_out)
    for j in range(n_res):
        lines.append(f"    hls::stream<{out}> out{j};")
    outs = ", ".join(f"out{j}" for j in range(n_res))
    params = "".join(f", p{j}" for j in range(len(c.params)))
    targs = ", ".join(f"nnet::array<{t}, {p}>" for t, p in zip(c.data_t, c.packs_in))
    if c.function in ("clone_stream", "repack_stream"):
        call = f"nnet::{c.function}<{targs}, {out}, {c.n_in[0]}>(in0, {outs});"
    elif c.function.startswith("normalize_"):
        call = f"nnet::{c.function}<{targs}, config{k}>(in0, {outs}{params});"
    elif len(c.data_t) == 2:
        call = f"nnet::{c.function}<{targs}, {out}, config{k}>(in0, in1, {outs});"
    else:
        call = f"nnet::{c.function}<{targs}, {out}, config{k}>(in0, {outs}{params});"
    lines.append(f"    {call}")
    lines += [f"    pop(out{j});" for j in range(n_res)]
    lines.append('    std::printf("\\n");\n  }\n}')
    return "\n".join(lines)


@functools.cache
def _exe():
    src = layer_io.source(HEADERS, {k: _cpp(k, c) for k, c in enumerate(CASES)})
    src = src.replace('#include "hls_stream.h"', '#include "hls_stream.h"\n' + STREAM_IO, 1)
    return harness.build(src, name="layer_stream_core", extra_flags=("-DNDEBUG",))


def _run(c: Case, params: list[np.ndarray], data: list[np.ndarray]) -> np.ndarray:
    cfg = c.config()
    xs = [FixedArray(d, t) for d, t in zip(data, c.data_t)]
    ps = [FixedArray(p, t) for p, (t, _) in zip(params, c.params)]
    out = lookup(c.function)(*xs, c.res_t, cfg, *ps)
    outs = out if isinstance(out, tuple) else (out,)
    return np.concatenate([np.asarray(o.raw, dtype=np.int64) for o in outs], axis=1)


def _ids() -> list[str]:
    return [f"{k}-{c.function}-{c.label}" for k, c in enumerate(CASES)]


BATCH = 64


def test_every_case_matches_the_headers() -> None:
    """Every case, one process: fxsim's twin gives the headers' raw values bit for bit."""
    rng = np.random.default_rng(12)
    calls, inputs = [], []
    for k, c in enumerate(CASES):
        params = [layer_io.raw_values(rng, t, (n,)) for t, n in c.params]
        data = [layer_io.raw_values(rng, t, (BATCH, n)) for t, n in zip(c.data_t, c.n_in)]
        calls.append((k, [*params, np.concatenate(data, axis=1)], BATCH))
        inputs.append((params, data))
    got = layer_io.run_cases(_exe(), calls)
    bad = []
    for (k, c), (params, data), want in zip(enumerate(CASES), inputs, got):
        mine = _run(c, params, data)
        if mine.shape != want.shape or not np.array_equal(mine, want):
            bad.append(f"{_ids()[k]}: shapes {mine.shape} vs {want.shape}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("k", [k for k, c in enumerate(CASES) if c.function == "normalize"])
def test_batchnorm_stream_index_differs_from_parallel_only_when_packs_split_filters(k: int) -> None:
    """``j % n_filt`` (stream) equals ``i % n_filt`` (parallel) iff the pack is a multiple of n_filt."""
    c = CASES[k]
    rng = np.random.default_rng(k)
    params = [layer_io.raw_values(rng, t, (n,)) for t, n in c.params]
    data = [layer_io.raw_values(rng, c.data_t[0], (BATCH, c.n_in[0]))]
    stream = _run(c, params, data)
    par_cfg = Config("p", **{**c.cfg, "io_type": "io_parallel"})
    par = lookup("normalize")(FixedArray(data[0], c.data_t[0]), c.res_t, par_cfg,
                              *[FixedArray(p, t) for p, (t, _) in zip(params, c.params)]).raw
    n_filt = c.cfg["n_filt"]
    same = n_filt == 2**32 - 1 or c.packs_in[0] % n_filt == 0
    assert np.array_equal(stream, par) == same
