"""Differential tests of fxsim.layers.conv against the real ``nnet_conv*.h`` / ``nnet_sepconv*.h``.

One generated C++ binary holds every configuration below (random shapes, strides, paddings,
partitions, strategies and types whose rounding/overflow modes make the per-product casts and the
accumulator round, wrap and saturate). The im2col ``fill_buffer`` of each configuration is produced
by hls4ml's own code generator, exactly as in a generated project. Hypothesis drives weights,
biases and batches of inputs (raw bits in, raw bits out); fxsim's fast and reference paths must
both match the headers bit for bit.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import layer_io
import numpy as np
import pytest
from fxsim.kernels import conv as kc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray, mult_type
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.conv import conv_1d_cl
from fxsim.layers.conv_im2col import schedule_conv_latency, schedule_conv_resource
from fxsim.layers.depthwise_product import schedule_depthwise
from fxsim.types import FixedType


@dataclass
class ConvCase:
    kind: str  # conv_1d_cl | pointwise_conv_1d_cl | conv_2d_cl | depthwise_conv_1d_cl | depthwise_conv_2d_cl
    in_h: int
    in_w: int
    n_chan: int
    filt_h: int
    filt_w: int
    n_filt: int
    stride_h: int
    stride_w: int
    pads: tuple[int, int, int, int]  # top, bottom, left, right
    strategy: str
    reuse: int
    n_partitions: int
    types: dict[str, FixedType] = field(default_factory=dict)
    batched: bool = False  # BatchedDenseForConv1D

    @property
    def two_d(self) -> bool:
        return "2d" in self.kind

    @property
    def depthwise(self) -> bool:
        return self.kind.startswith("depthwise")

    @property
    def out_h(self) -> int:
        return kc.out_size(self.in_h, self.filt_h, self.stride_h, self.pads[0], self.pads[1])

    @property
    def out_w(self) -> int:
        return kc.out_size(self.in_w, self.filt_w, self.stride_w, self.pads[2], self.pads[3])

    @property
    def n_x(self) -> int:
        return self.in_h * self.in_w * self.n_chan

    @property
    def n_y(self) -> int:
        return self.out_h * self.out_w * self.n_filt

    @property
    def n_w(self) -> int:
        return self.filt_h * self.filt_w * self.n_chan * (1 if self.depthwise else self.n_filt)

    @property
    def mult_n_in(self) -> int:
        return self.filt_h * self.filt_w * self.n_chan

    def config(self) -> Config:
        t = self.types
        mult = Config("mult", n_in=self.mult_n_in, n_out=self.n_filt, reuse_factor=self.reuse,
                      strategy=self.strategy, accum_t=t["accum"], bias_t=t["bias"], weight_t=t["weight"],
                      product="mult")
        common = dict(n_chan=self.n_chan, n_filt=self.n_filt, reuse_factor=self.reuse, strategy=self.strategy,
                      n_partitions=self.n_partitions, accum_t=t["accum"], bias_t=t["bias"],
                      weight_t=t["weight"], mult_config=mult, in_width=self.in_w, filt_width=self.filt_w,
                      stride_width=self.stride_w, pad_left=self.pads[2], pad_right=self.pads[3],
                      out_width=self.out_w)
        if self.two_d:
            common.update(in_height=self.in_h, filt_height=self.filt_h, stride_height=self.stride_h,
                          pad_top=self.pads[0], pad_bottom=self.pads[1], out_height=self.out_h)
        else:
            kern = ("BatchedDenseForConv1D" if self.batched
                    else "Conv1DLatency" if self.strategy == "latency" else "Conv1DResource")
            common.update(conv_kernel=kern, dilation=1)
        return Config("config", **common)

    def cpp(self, k: int) -> str:
        t = {n: str(v) for n, v in self.types.items()}
        n_b = self.n_chan if self.depthwise else self.n_filt
        return self.structs(k) + f"""
static void run_{k}() {{
    static {t['weight']} w[{self.n_w}];
    static {t['bias']} b[{n_b}];
    rd_arr(w, {self.n_w});
    rd_arr(b, {n_b});
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {t['data']} x[{self.n_x}];
        {t['res']} y[{self.n_y}];
        rd_arr(x, {self.n_x});
        nnet::{self.kind}<{t['data']}, {t['res']}, config{k}>(x, y, w, b);
        wr_arr(y, {self.n_y});
    }}
}}
"""

    def structs(self, k: int | str) -> str:
        """``fill_buffer_<k>``, ``config<k>_mult`` and ``config<k>`` as hls4ml writes them."""
        from hls4ml.backends import get_backend

        be = get_backend("Vivado")
        t = {n: str(v) for n, v in self.types.items()}
        if self.two_d:
            fill = be.generate_conv2d_line_buffer_fn(
                k, self.n_partitions, self.in_h, self.in_w, self.n_chan, kernel=(self.filt_h, self.filt_w),
                stride=(self.stride_h, self.stride_w), pad=self.pads)
        else:
            fill = be.generate_conv1d_line_buffer_fn(
                k, self.n_partitions, self.in_w, self.n_chan, kernel=self.filt_w, stride=self.stride_w,
                pad=(self.pads[2], self.pads[3]))
        if self.batched:
            mult_n_in, mult_n_out = self.in_w * self.n_chan, self.in_w * self.n_filt
        else:
            mult_n_in, mult_n_out = self.mult_n_in, self.n_filt
        mult = f"""
struct config{k}_mult : nnet::dense_config {{
    static const unsigned n_in = {mult_n_in};
    static const unsigned n_out = {mult_n_out};
    static const unsigned reuse_factor = {self.reuse};
    static const unsigned strategy = nnet::{self.strategy};
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor);
    typedef {t['accum']} accum_t;
    typedef {t['bias']} bias_t;
    typedef {t['weight']} weight_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::DenseLatency<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};"""
        if self.two_d:
            geo = f"""
    static const unsigned pad_top = {self.pads[0]};
    static const unsigned pad_bottom = {self.pads[1]};
    static const unsigned pad_left = {self.pads[2]};
    static const unsigned pad_right = {self.pads[3]};
    static const unsigned in_height = {self.in_h};
    static const unsigned in_width = {self.in_w};
    static const unsigned n_chan = {self.n_chan};
    static const unsigned filt_height = {self.filt_h};
    static const unsigned filt_width = {self.filt_w};
    static const unsigned kernel_size = filt_height * filt_width;
    static const unsigned n_filt = {self.n_filt};
    static const unsigned stride_height = {self.stride_h};
    static const unsigned stride_width = {self.stride_w};
    static const unsigned out_height = {self.out_h};
    static const unsigned out_width = {self.out_w};
    static const unsigned n_pixels = out_height * out_width / {self.n_partitions};"""
            base = "nnet::conv2d_config"
            kernel = ""
        else:
            geo = f"""
    static const unsigned pad_left = {self.pads[2]};
    static const unsigned pad_right = {self.pads[3]};
    static const unsigned in_width = {self.in_w};
    static const unsigned n_chan = {self.n_chan};
    static const unsigned filt_width = {self.filt_w};
    static const unsigned kernel_size = filt_width;
    static const unsigned n_filt = {self.n_filt};
    static const unsigned stride_width = {self.stride_w};
    static const unsigned dilation = 1;
    static const unsigned out_width = {self.out_w};
    static const unsigned n_pixels = out_width / {self.n_partitions};"""
            base = "nnet::conv1d_config"
            kern = ("nnet::BatchedDenseForConv1D" if self.batched
                    else "nnet::Conv1DLatency" if self.strategy == "latency" else "nnet::Conv1DResource")
            kernel = f"""
    template<class data_T, class res_T, class CONFIG_T>
    using conv_kernel = {kern}<data_T, res_T, CONFIG_T>;"""
        cfg = f"""
struct config{k} : {base} {{{geo}
    static const unsigned reuse_factor = {self.reuse};
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = DIV_ROUNDUP(kernel_size * n_chan * n_filt, reuse_factor);
    static const bool store_weights_in_bram = false;
    static const unsigned strategy = nnet::{self.strategy};
    static const unsigned n_partitions = {self.n_partitions};
    template<class data_T, class CONFIG_T>
    using fill_buffer = nnet::fill_buffer_{k}<data_T, CONFIG_T>;
    typedef {t['accum']} accum_t;
    typedef {t['bias']} bias_t;
    typedef {t['weight']} weight_t;
    typedef config{k}_mult mult_config;{kernel}
}};"""
        return f"namespace nnet {{\n{fill}\n}}\n{mult}\n{cfg}\n"


@dataclass
class SepCase:
    """``separable_conv_{1,2}d_cl``: a depthwise case feeding a pointwise case."""

    dw: ConvCase
    pw: ConvCase

    @property
    def kind(self) -> str:
        return "separable_conv_2d_cl" if self.dw.two_d else "separable_conv_1d_cl"

    def config(self) -> Config:
        return Config("config", depthwise_config=self.dw.config(), pointwise_config=self.pw.config())

    def cpp(self, k: int) -> str:
        d, p = self.dw, self.pw
        dt, pt = d.types, p.types
        return d.structs(f"{k}_dw") + p.structs(f"{k}_pw") + f"""
struct config{k} {{
    typedef config{k}_dw depthwise_config;
    typedef config{k}_pw pointwise_config;
}};
static void run_{k}() {{
    static {dt['weight']} dww[{d.n_w}];
    static {pt['weight']} pww[{p.n_w}];
    static {dt['bias']} dwb[{d.n_chan}];
    static {pt['bias']} pwb[{p.n_filt}];
    rd_arr(dww, {d.n_w});
    rd_arr(pww, {p.n_w});
    rd_arr(dwb, {d.n_chan});
    rd_arr(pwb, {p.n_filt});
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {dt['data']} x[{d.n_x}];
        {pt['res']} y[{p.n_y}];
        rd_arr(x, {d.n_x});
        nnet::{self.kind}<{dt['data']}, {dt['res']}, {pt['res']}, config{k}>(x, y, dww, pww, dwb, pwb);
        wr_arr(y, {p.n_y});
    }}
}}
"""


# ----------------------------------------------------------------------------- the cases
def _types(r: random.Random, data: FixedType | None = None) -> dict[str, FixedType]:
    while True:
        t = {
            "data": layer_io.random_type(r, 12),
            "weight": layer_io.random_type(r, 10),
            "bias": layer_io.random_type(r, 12),
            "accum": layer_io.random_type(r, 22),
            "res": layer_io.random_type(r, 14),
        }
        if data is not None:
            t["data"] = data
        prod = mult_type(t["data"], t["weight"])
        if all(layer_io.castable(a, b) for a, b in
               [(t["bias"], t["accum"]), (prod, t["accum"]), (t["accum"], t["res"])]):
            return t


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def _random_case(r: random.Random, kind: str) -> ConvCase:
    two_d = "2d" in kind
    while True:
        in_h = r.randint(1, 5) if two_d else 1
        in_w = r.randint(1, 9 if not two_d else 5)
        n_chan = r.randint(1, 3)
        filt_h = r.randint(1, 3) if two_d else 1
        filt_w = 1 if kind == "pointwise_conv_1d_cl" else r.randint(1, 4 if not two_d else 3)
        n_filt = n_chan if kind.startswith("depthwise") else r.randint(1, 4)
        stride_h = r.randint(1, 2) if two_d else 1
        stride_w = r.randint(1, 3)
        pads = (r.randint(0, 2) if two_d else 0, r.randint(0, 2) if two_d else 0, r.randint(0, 2),
                r.randint(0, 2))
        if kind == "pointwise_conv_1d_cl":
            pads = (0, 0, 0, 0)
        c = ConvCase(kind, in_h, in_w, n_chan, filt_h, filt_w, n_filt, stride_h, stride_w, pads,
                     "latency", 1, 1, _types(r))
        if c.out_h < 1 or c.out_w < 1 or max(pads[2], pads[3]) >= filt_w or max(pads[:2]) >= filt_h:
            continue
        c.n_partitions = r.choice(_divisors(c.out_h * c.out_w))
        if kind == "pointwise_conv_1d_cl":
            c.batched = True
            c.n_partitions = 1
            stride_ok = c.out_w == c.in_w
            if not stride_ok:
                continue
        return c


def _resource_case(r: random.Random, kind: str) -> ConvCase:
    while True:
        c = _random_case(r, kind)
        n_in, n_out = c.mult_n_in, c.n_filt
        rfs = [rf for rf in range(2, n_in + 1) if (n_in * n_out) % rf == 0
               and ((n_in * n_out // rf) % n_out == 0 or rf >= n_in)]
        if rfs:
            c.strategy = "resource"
            c.reuse = r.choice(rfs)
            return c


def _sep_case(r: random.Random, two_d: bool) -> SepCase:
    dw = _random_case(r, "depthwise_conv_2d_cl" if two_d else "depthwise_conv_1d_cl")
    n_part = r.choice(_divisors(dw.out_h * dw.out_w))
    pw = ConvCase("conv_2d_cl" if two_d else "pointwise_conv_1d_cl", dw.out_h, dw.out_w, dw.n_chan, 1, 1,
                  r.randint(1, 4), 1, 1, (0, 0, 0, 0), "latency", 1, n_part, _types(r, dw.types["res"]),
                  batched=not two_d and n_part == 1)
    return SepCase(dw, pw)


def _cases() -> list[ConvCase | SepCase]:
    r = random.Random(20240611)
    cases = [_random_case(r, "conv_1d_cl") for _ in range(8)]
    cases += [_random_case(r, "conv_2d_cl") for _ in range(8)]
    cases += [_random_case(r, "pointwise_conv_1d_cl") for _ in range(2)]
    cases += [_resource_case(r, "conv_1d_cl") for _ in range(3)]
    cases += [_resource_case(r, "conv_2d_cl") for _ in range(3)]
    cases += [_random_case(r, "depthwise_conv_1d_cl") for _ in range(3)]
    cases += [_random_case(r, "depthwise_conv_2d_cl") for _ in range(3)]
    # a hand-made corner: wide accumulator products, saturating narrow result, 'same' padding
    t = {"data": FixedType(16, 6, True), "weight": FixedType(16, 2, True),
         "bias": FixedType(16, 8, True), "accum": FixedType(32, 12, True, "AP_RND_CONV", "AP_SAT_SYM"),
         "res": FixedType(8, 3, False, "AP_RND", "AP_SAT")}
    cases.append(ConvCase("conv_2d_cl", 5, 5, 2, 3, 3, 3, 1, 1, (1, 1, 1, 1), "latency", 1, 5, t))
    cases += [_sep_case(r, False), _sep_case(r, False), _sep_case(r, True), _sep_case(r, True)]
    return cases


CASES = _cases()
# nnet_sepconv1d_latency.h reuses the include guard of nnet_sepconv2d_latency.h
# (NNET_SEPARABLE_CONV2D_LATENCY_H_), so one translation unit cannot include both; undefine it.
HEADERS = ["nnet_utils/nnet_conv1d.h", "nnet_utils/nnet_conv2d.h", "nnet_utils/nnet_sepconv1d.h",
           "#undef NNET_SEPARABLE_CONV2D_LATENCY_H_", "nnet_utils/nnet_sepconv2d.h"]


@functools.cache
def _exe():
    return layer_io.build(layer_io.source(HEADERS, {k: c.cpp(k) for k, c in enumerate(CASES)}), "conv")


def _arrays(c: ConvCase | SepCase, seed: int, batch: int) -> tuple[list[np.ndarray], np.ndarray]:
    """(runtime parameters in C++ argument order, input batch) of raw values."""
    rng = np.random.default_rng(seed)
    if isinstance(c, SepCase):
        d, p = c.dw, c.pw
        params = [layer_io.raw_values(rng, d.types["weight"], d.n_w),
                  layer_io.raw_values(rng, p.types["weight"], p.n_w),
                  layer_io.raw_values(rng, d.types["bias"], d.n_chan),
                  layer_io.raw_values(rng, p.types["bias"], p.n_filt)]
        return params, layer_io.raw_values(rng, d.types["data"], (batch, d.n_x))
    t = c.types
    w = layer_io.raw_values(rng, t["weight"], c.n_w)
    b = layer_io.raw_values(rng, t["bias"], c.n_chan if c.depthwise else c.n_filt)
    return [w, b], layer_io.raw_values(rng, t["data"], (batch, c.n_x))


def _fxsim(c: ConvCase | SepCase, params: list[np.ndarray], x: np.ndarray, path: str = "auto") -> np.ndarray:
    fn = lookup(c.kind)
    if isinstance(c, SepCase):
        d, p = c.dw.types, c.pw.types
        out = fn(FixedArray(x, d["data"]), d["res"], p["res"], c.config(), FixedArray(params[0], d["weight"]),
                 FixedArray(params[1], p["weight"]), FixedArray(params[2], d["bias"]),
                 FixedArray(params[3], p["bias"]), path=path)
        assert out.type == p["res"]
        return out.raw
    t = c.types
    out = fn(FixedArray(x, t["data"]), t["res"], c.config(), FixedArray(params[0], t["weight"]),
             FixedArray(params[1], t["bias"]), path=path)
    assert out.type == t["res"]
    return out.raw


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.kind}-{i}" for i, c in enumerate(CASES)])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_conv_matches_headers(k: int, seed: int) -> None:
    c = CASES[k]
    params, x = _arrays(c, seed, batch=12)
    (want,) = layer_io.run_cases(_exe(), [(k, [*params, x], x.shape[0])])
    got = _fxsim(c, params, x)
    bad = np.argwhere(got != want)
    assert bad.size == 0, f"{c}\n{len(bad)} mismatches, first at {bad[:5].tolist()}: " \
                          f"fxsim {got[tuple(bad[0])]} vs C++ {want[tuple(bad[0])]}"


@pytest.mark.parametrize("path", ["gemm", "ordered"])
def test_paths_match_reference(path: str) -> None:
    """Every execution path that applies agrees with the FixedArray transliteration."""
    used = 0
    for k, c in enumerate(CASES):
        params, x = _arrays(c, 7 + k, batch=10)
        try:
            got = _fxsim(c, params, x, path=path)
        except ValueError as e:
            assert "does not apply" in str(e)
            continue
        used += 1
        np.testing.assert_array_equal(got, _fxsim(c, params, x, path="reference"), err_msg=f"case {k}")
    assert used >= 5


def test_reference_handles_wide_accumulators() -> None:
    """accum_t wider than the int64 kernel: the reference path (object ints) agrees with a
    narrower-but-sufficient accumulator on values that never overflow either."""
    t8 = FixedType(8, 4)
    c = CASES[0]
    cfg = c.config()
    wide, narrow = FixedType(80, 40), FixedType(40, 20)
    rng = np.random.default_rng(1)
    x = FixedArray(layer_io.raw_values(rng, t8, (5, c.n_x)), t8)
    w = FixedArray(layer_io.raw_values(rng, t8, c.n_w), t8)
    b = FixedArray(layer_io.raw_values(rng, t8, c.n_filt), t8)
    res = FixedType(24, 12)
    mk = {"mult_config": cfg.mult_config.replace(weight_t=t8)}
    a = conv_1d_cl(x, res, cfg.replace(accum_t=wide, **mk), w, b)
    n = conv_1d_cl(x, res, cfg.replace(accum_t=narrow, **mk), w, b)
    np.testing.assert_array_equal(a.raw, n.raw)


def test_schedules() -> None:
    """Accumulation orders: every (input, weight) product is accumulated exactly once."""
    lt = schedule_conv_latency(6, 4)
    assert sorted(zip(lt.inp.tolist(), lt.w.tolist())) == [(i, i * 4 + o) for i in range(6) for o in range(4)]
    rt = schedule_conv_resource(6, 4, 3)
    assert sorted(rt.w.tolist()) == list(range(24))
    dw = schedule_depthwise(3, 2)
    assert dw.out.tolist() == [0, 1, 0, 1, 0, 1] and dw.inp.tolist() == dw.w.tolist() == list(range(6))
    with pytest.raises(ValueError):
        schedule_conv_resource(4, 2, 5)
