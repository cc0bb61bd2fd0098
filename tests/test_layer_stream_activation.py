"""Differential tests of the io_stream activations (``nnet_activation_stream.h``) against the
real templates: every element-wise activation (LUT tables, parametrised, hard, binary/ternary,
unary_lut) and every softmax implementation, on ``hls::stream<nnet::array<T, P>>`` with one pack
and with several packs per sample (where stream softmax normalises each pack on its own and
``selu``/``ternary_tanh`` differ from their io_parallel namesakes). One C++ binary (``-DNDEBUG``)
holds every seeded random configuration; fxsim runs the registered twin with ``io_type =
io_stream`` and the pack sizes in the config, as a bound network does.
"""

from __future__ import annotations

import functools
import random
import warnings
from dataclasses import dataclass, field

import harness
import layer_io
import numpy as np
import pytest
from test_layer_stream_core import STREAM_IO

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.softmax import softmax_config
from fxsim.layers.stream import with_packs
from fxsim.types import FixedType

Q_MODES = ("AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV")
O_MODES = ("AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM")
LUT = ("sigmoid", "tanh", "softplus", "softsign", "selu", "elu")
SIMPLE = ("linear", "relu", "binary_tanh", "ternary_tanh")
PARAM = ("leaky_relu", "thresholded_relu", "elu_alpha", "prelu")
HARD = ("hard_sigmoid", "hard_tanh")
SOFTMAX = ("latency", "stable", "legacy", "argmax")


def rand_type(r: random.Random, wmin: int, wmax: int, imin: int, imax: int, signed: bool | None = None) -> FixedType:
    w = r.randint(wmin, wmax)
    s = r.random() < 0.75 if signed is None else signed
    return FixedType(w, r.randint(imin, imax), s, r.choice(Q_MODES), r.choice(O_MODES))


@dataclass
class Case:
    func: str                 # twin name; "elu_alpha" is elu's three-argument overload
    data_t: FixedType
    res_t: FixedType
    n_in: int
    pack: int
    cfg: Config
    param: float | None = None
    params: list[tuple[FixedType, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "elu" if self.func == "elu_alpha" else "softmax" if self.func.startswith("softmax") else self.func

    def config(self) -> Config:
        return with_packs(self.cfg.replace(io_type="io_stream"), self.name, (self.pack,), (self.pack,))


def _cases() -> list[Case]:
    r = random.Random(90210)
    cases: list[Case] = []
    for k in range(4):
        n_in, pack = [(12, 12), (12, 4), (12, 3), (8, 1)][k]
        for func in LUT + SIMPLE + PARAM + HARD:
            dt = [FixedType(16, 6), rand_type(r, 4, 24, -2, 12), FixedType(8, 3, False), rand_type(r, 6, 20, 0, 8)][k]
            res_t = rand_type(r, 4, 20, -1, 6)
            if func == "binary_tanh" and k % 2:
                res_t = FixedType(1, 1, False, is_int=True)
            table_t = FixedType(18, 8) if k % 2 == 0 else rand_type(r, 6, 20, 0, 8)
            param_t = rand_type(r, 4, 16, -1, 3)
            cfg = Config("cfg", n_in=n_in, table_size=r.choice([256, 1024, 1000, 2048]), table_t=table_t,
                         param_t=param_t, reuse_factor=1)
            param, params = None, []
            if func in ("leaky_relu", "thresholded_relu", "elu_alpha"):
                param = round(r.uniform(-1.0, 1.5), r.choice([1, 3, 17]))
            if func == "prelu":
                params = [(param_t, n_in)]
            if func in HARD:
                cfg = Config("cfg", n_in=n_in, slope=round(r.uniform(0.05, 1.0), 5), shift=round(r.uniform(0, 1), 3),
                             slope_t=rand_type(r, 4, 18, -1, 2), shift_t=rand_type(r, 2, 12, -1, 2))
            cases.append(Case(func, dt, res_t, n_in, pack, cfg, param, params))
    for dt in (FixedType(6, 2), FixedType(5, 3, False)):
        table_t = rand_type(r, 4, 16, -1, 4)
        cfg = Config("cfg", n_in=6, table_size=2**dt.width, table_t=table_t, reuse_factor=1)
        cases.append(Case("unary_lut", dt, rand_type(r, 4, 16, -1, 4), 6, 2, cfg, params=[(table_t, 2**dt.width)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(12):
            impl = SOFTMAX[k % 4]
            n_in, pack = [(10, 10), (12, 4), (12, 6)][k // 4]
            dt = FixedType(16, 6) if k < 4 else rand_type(r, 6, 18, 0, 8)
            size = r.choice([256, 1024, 4096])
            exp_t = rand_type(r, 8, 18, 2, 8, signed=r.random() < 0.5)
            inv_inp = rand_type(r, 10, 18, 2, 8, signed=False)
            cfg = softmax_config(n_in, dt, accum_t=rand_type(r, 10, 22, 3, 9), implementation=impl, table_size=size,
                                 exp_table_t=exp_t, inv_table_t=rand_type(r, 8, 18, -1, 6), inv_inp_t=inv_inp)
            if impl in ("latency", "stable"):
                addr = cfg.inp_norm_t if impl == "stable" else dt
                cfg = cfg.replace(exp_table_size=min(cfg.exp_table_size, 2**addr.width),
                                  inv_table_size=min(cfg.inv_table_size, 2**inv_inp.width))
            if impl == "legacy":
                cfg = cfg.replace(table_size=r.choice([512, 1024, 2048]), exp_table_size=64, inv_table_size=128)
            cases.append(Case(f"softmax_{impl}", dt, rand_type(r, 8, 18, -1, 4), n_in, pack, cfg))
    return cases


CASES = _cases()


def _struct(k: int, c: Case) -> str:
    g = c.cfg
    if c.func in HARD:
        return (f"struct cfg{k} {{ static const unsigned n_in = {c.n_in}; static const {g.slope_t} slope;\n"
                f"  static const {g.shift_t} shift; static const unsigned io_type = nnet::io_stream;\n"
                f"  static const unsigned reuse_factor = 1; }};\n"
                f"const {g.slope_t} cfg{k}::slope = {g.slope!r};\nconst {g.shift_t} cfg{k}::shift = {g.shift!r};")
    if c.func.startswith("softmax"):
        return f"""struct cfg{k} : nnet::activ_config {{
  static const unsigned n_in = {g.n_in};
  static const unsigned table_size = {g.table_size};
  static const unsigned n_slice = {g.n_slice};
  static const unsigned n_outer = 1;
  static const unsigned n_inner = 1;
  static const unsigned parallelization_factor = -1;
  static const unsigned exp_table_size = {g.exp_table_size};
  static const unsigned inv_table_size = {g.inv_table_size};
  static const unsigned io_type = nnet::io_stream;
  static const unsigned reuse_factor = 1;
  static const unsigned axis = -1;
  static const nnet::softmax_implementation implementation = nnet::softmax_implementation::{g.implementation};
  static constexpr float exp_scale = {g.exp_scale!r};
  typedef {g.table_t} table_t;
  typedef {g.exp_table_t} exp_table_t;
  typedef {g.inv_table_t} inv_table_t;
  typedef {g.accum_t} accum_t;
  typedef {g.inv_inp_t} inv_inp_t;
  typedef {g.inp_norm_t} inp_norm_t;
}};"""
    param_t = f" typedef {g.param_t} param_t;" if "param_t" in g else ""
    return (f"struct cfg{k} : nnet::activ_config {{ static const unsigned n_in = {c.n_in};\n"
            f"  static const unsigned table_size = {g.table_size}; typedef {g.table_t} table_t;{param_t}\n"
            f"  static const unsigned io_type = nnet::io_stream; }};")


def _cpp(k: int, c: Case) -> str:
    din, dout = f"nnet::array<{c.data_t}, {c.pack}>", f"nnet::array<{c.res_t}, {c.pack}>"
    name = c.name
    if c.func in ("leaky_relu", "thresholded_relu", "elu_alpha"):
        call = f"nnet::{name}<{din}, cfg{k}::param_t, {dout}, cfg{k}>(in0, {c.param!r}, out0);"
    elif c.func == "prelu":
        call = f"nnet::prelu<{din}, cfg{k}::param_t, {dout}, cfg{k}>(in0, p0, out0);"
    elif c.func == "unary_lut":
        call = f"nnet::unary_lut<{din}, {dout}, cfg{k}>(in0, out0, p0);"
    else:
        call = f"nnet::{name}<{din}, {dout}, cfg{k}>(in0, out0);"
    lines = [_struct(k, c), f"static void run_{k}() {{"]
    for j, (t, n) in enumerate(c.params):
        lines.append(f"  static {t} p{j}[{n}]; rd_arr(p{j}, {n});")
    lines += ["  int batch = rd_int();", "  for (int b = 0; b < batch; b++) {",
              f"    hls::stream<{din}> in0; push(in0, {c.n_in});", f"    hls::stream<{dout}> out0;",
              f"    {call}", "    pop(out0);", '    std::printf("\\n");', "  }", "}"]
    return "\n".join(lines)


@functools.cache
def _exe():
    headers = ["hls_stream.h", "nnet_common.h", "nnet_types.h", "nnet_activation.h",
               "nnet_activation_stream.h"]
    src = layer_io.source(headers, {k: _cpp(k, c) for k, c in enumerate(CASES)})
    src = src.replace('#include "hls_stream.h"', '#include "hls_stream.h"\n' + STREAM_IO, 1)
    return harness.build(src, name="layer_stream_activation", extra_flags=("-DNDEBUG",))


def _data(c: Case, rng: np.random.Generator, batch: int) -> np.ndarray:
    """Raw samples: edges, values around the LUT ranges (|x| <= 8) and anything."""
    t = c.data_t
    v = layer_io.raw_values(rng, t, (batch, c.n_in))
    lo, hi = max(t.min_raw, -int(9 * 2.0**t.frac)), min(t.max_raw, int(9 * 2.0**t.frac))
    near = rng.integers(lo, hi, size=(batch, c.n_in), endpoint=True)
    return np.where(rng.random((batch, c.n_in)) < 0.6, near, v)


def _twin(c: Case, x: np.ndarray, params: list[np.ndarray]) -> np.ndarray:
    fn = lookup(c.name)
    extra = [FixedArray(p, t) for p, (t, _) in zip(params, c.params)]
    if c.param is not None:
        extra = [c.param]
    return np.asarray(fn(FixedArray(x, c.data_t), c.res_t, c.config(), *extra).raw, dtype=np.int64)


BATCH = 48


def _ids() -> list[str]:
    return [f"{k}-{c.func}-pack{c.pack}of{c.n_in}" for k, c in enumerate(CASES)]


def test_every_case_matches_the_headers() -> None:
    rng = np.random.default_rng(5)
    calls, inputs = [], []
    for k, c in enumerate(CASES):
        params = [layer_io.raw_values(rng, t, (n,)) for t, n in c.params]
        x = _data(c, rng, BATCH)
        calls.append((k, [*params, x], BATCH))
        inputs.append((x, params))
    got = layer_io.run_cases(_exe(), calls)
    bad = []
    for k, (c, (x, params), want) in enumerate(zip(CASES, inputs, got)):
        mine = _twin(c, x, params)
        if mine.shape != want.shape or not np.array_equal(mine, want):
            n = int((mine != want).sum()) if mine.shape == want.shape else -1
            bad.append(f"{_ids()[k]}: {n} values differ ({c.data_t} -> {c.res_t})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("func", ["selu", "ternary_tanh", "softmax_stable"])
def test_stream_templates_that_differ_from_io_parallel(func: str) -> None:
    """Where the stream template computes something else, the io_parallel twin would be wrong on
    the same data (so the dispatch on io_type is needed and exercised)."""
    rng = np.random.default_rng(1)
    cands = [c for c in CASES if c.func == func and (c.pack < c.n_in or not func.startswith("softmax"))]
    differs = False
    for c in cands:
        x = _data(c, rng, 200)
        stream = _twin(c, x, [])
        par = lookup(c.name)(FixedArray(x, c.data_t), c.res_t, c.cfg.replace(io_type="io_parallel",
                             n_slice=c.n_in)).raw
        differs |= not np.array_equal(stream, par)
    assert differs
