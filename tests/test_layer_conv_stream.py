"""Differential tests of fxsim's io_stream conv-family twins against the real stream headers.

``nnet_conv{1,2}d_stream.h`` (LineBuffer and Encoded), ``nnet_sepconv{1,2}d_stream.h``
(depthwise, pointwise), ``nnet_pooling_stream.h`` (LineBuffer, Encoded, global),
``nnet_padding_stream.h``, ``nnet_cropping_stream.h`` and ``nnet_image_stream.h``. One generated
C++ binary holds every configuration; each case pushes a batch of samples through
``hls::stream<nnet::array<T, n_chan>>`` one pixel per element, calling the template once per sample
(so the templates' static line buffers and counters carry over from sample to sample exactly as in
a testbench). The Encoded ``pixels[]`` instructions come from hls4ml's own code generator. fxsim's
fast path and its reference path (literal replay of the stream windows, step-by-step arithmetic)
must both match the headers bit for bit.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import layer_io
import numpy as np
import pytest

from fxsim.array import FixedArray, mult_type
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.conv_im2col import fill_buffer_index_2d
from fxsim.layers.conv_stream import (
    conv_1d_cl_stream,
    conv_2d_cl_stream,
    depthwise_conv_1d_cl_stream,
    depthwise_conv_2d_cl_stream,
    stream_windows,
)
from fxsim.layers.pooling import pooling1d_cl_stream, pooling2d_cl_stream
from fxsim.types import FixedType

CONV = ("conv_1d_cl", "conv_2d_cl", "depthwise_conv_1d_cl", "depthwise_conv_2d_cl", "pointwise_conv_1d_cl",
        "pointwise_conv_2d_cl")
POOL = ("pooling1d_cl", "pooling2d_cl", "global_pooling1d_cl", "global_pooling2d_cl")
MOVE = ("zeropad1d_cl", "zeropad2d_cl", "cropping1d_cl", "cropping2d_cl", "resize_nearest")


@dataclass
class Case:
    kind: str
    in_h: int
    in_w: int
    n_chan: int
    filt_h: int = 1
    filt_w: int = 1
    n_filt: int = 1
    stride_h: int = 1
    stride_w: int = 1
    impl: str = "linebuffer"
    strategy: str = "latency"
    reuse: int = 1
    pool_op: str = "Max"
    pads: tuple[int, int, int, int] = (0, 0, 0, 0)  # top, bottom, left, right (zeropad / cropping)
    new_hw: tuple[int, int] = (1, 1)  # resize_nearest
    types: dict[str, FixedType] = field(default_factory=dict)

    @property
    def two_d(self) -> bool:
        return "2d" in self.kind or self.kind == "resize_nearest"

    @property
    def depthwise(self) -> bool:
        return self.kind.startswith("depthwise")

    @property
    def out_hw(self) -> tuple[int, int]:
        k = self.kind
        if k.startswith("pointwise"):
            return (self.in_h - 1) // self.stride_h + 1, (self.in_w - 1) // self.stride_w + 1
        if k in CONV or k in POOL[:2]:
            return (self.in_h - self.filt_h) // self.stride_h + 1, (self.in_w - self.filt_w) // self.stride_w + 1
        if k.startswith("global"):
            return 1, 1
        t, b, left, r = self.pads
        if k.startswith("zeropad"):
            return self.in_h + t + b, self.in_w + left + r
        if k.startswith("cropping"):
            return self.in_h - t - b, self.in_w - left - r
        return self.new_hw

    @property
    def c_out(self) -> int:
        return self.n_filt if self.kind in CONV else self.n_chan

    @property
    def n_x(self) -> int:
        return self.in_h * self.in_w * self.n_chan

    @property
    def n_y(self) -> int:
        oh, ow = self.out_hw
        return oh * ow * self.c_out

    @property
    def n_w(self) -> int:
        return self.filt_h * self.filt_w * self.n_chan * (1 if self.depthwise else self.n_filt)

    @property
    def res_t(self) -> FixedType:
        return self.types["data"] if self.kind == "resize_nearest" else self.types["res"]

    # ------------------------------------------------------------------ hls4ml's instructions
    def instructions(self) -> tuple[int, int, list[int]]:
        """(min_height, min_width, pixels) as hls4ml writes them (Encoded only)."""
        if self.impl != "encoded":
            return self.in_h, self.in_w, [0]
        from hls4ml.backends import get_backend

        be = get_backend("Vivado")
        if self.two_d:
            mh, mw, ins = be.compute_conv2d_instructions(self.in_h, self.in_w, self.n_chan, self.filt_h,
                                                         self.stride_h)
            return mh, mw, [int(v) for v in ins]
        mw, ins = be.compute_conv1d_instructions(self.in_w, self.n_chan, self.filt_w, self.stride_w)
        return 1, mw, [int(v) for v in ins]

    # ------------------------------------------------------------------ fxsim side
    def config(self) -> Config:
        t = self.types
        oh, ow = self.out_hw
        k = self.kind
        if k in CONV:
            mh, mw, pixels = self.instructions()
            n_in = self.filt_h * self.filt_w * self.n_chan
            kern = ("DepthwiseDenseLatency" if self.depthwise else
                    "DenseLatency" if self.strategy == "latency" else
                    "DenseResource_rf_leq_nin" if self.reuse <= n_in else "DenseResource_rf_gt_nin_rem0")
            mult = Config("mult", n_in=n_in, n_out=self.n_filt, reuse_factor=self.reuse, strategy=self.strategy,
                          accum_t=t["accum"], bias_t=t["bias"], weight_t=t["weight"], kernel=kern, product="mult")
            c = dict(in_width=self.in_w, n_chan=self.n_chan, filt_width=self.filt_w, n_filt=self.n_filt,
                     stride_width=self.stride_w, pad_left=0, pad_right=0, out_width=ow, reuse_factor=self.reuse,
                     strategy=self.strategy, implementation=self.impl, min_width=mw, pixels=tuple(pixels),
                     accum_t=t["accum"], bias_t=t["bias"], weight_t=t["weight"], mult_config=mult,
                     io_type="io_stream")
            scaled = "scale_index_unscaled" if mw == self.in_w else "scale_index_regular"
            if self.two_d:
                c.update(in_height=self.in_h, filt_height=self.filt_h, stride_height=self.stride_h, pad_top=0,
                         pad_bottom=0, out_height=oh, min_height=mh, scale_index_width=scaled,
                         scale_index_height="scale_index_unscaled" if mh == self.in_h else "scale_index_regular")
            else:
                c.update(scale_index=scaled)
            return Config("config", **c)
        if k in POOL:
            c = dict(n_filt=self.n_chan, pool_op=self.pool_op, accum_t=t["accum"], io_type="io_stream",
                     implementation=self.impl, pad_left=0, pad_right=0, pool_width=self.filt_w,
                     stride_width=self.stride_w, count_pad=False)
            if "2d" in k:
                c.update(in_height=self.in_h, in_width=self.in_w, pool_height=self.filt_h,
                         stride_height=self.stride_h, pad_top=0, pad_bottom=0, out_height=oh, out_width=ow)
            else:
                c.update(n_in=self.in_w, n_out=ow)
            return Config("config", **c)
        tp, bt, lf, rt = self.pads
        c = dict(in_height=self.in_h, in_width=self.in_w, n_chan=self.n_chan, out_height=oh, out_width=ow,
                 io_type="io_stream")
        if k.startswith("zeropad"):
            c.update(pad_top=tp, pad_bottom=bt, pad_left=lf, pad_right=rt)
        elif k.startswith("cropping"):
            c.update(crop_top=tp, crop_bottom=bt, crop_left=lf, crop_right=rt)
        else:
            c = dict(height=self.in_h, width=self.in_w, n_chan=self.n_chan, new_height=oh, new_width=ow,
                     io_type="io_stream")
        return Config("config", **c)

    # ------------------------------------------------------------------ C++ side
    def cpp(self, n: int) -> str:
        t = {name: str(v) for name, v in self.types.items()}
        oh, ow = self.out_hw
        k = self.kind
        d_arr = f"nnet::array<{t['data']}, {self.n_chan}>"
        r_arr = f"nnet::array<{self.res_t}, {self.c_out}>"
        params, args, read_params = "", "", ""
        if k in CONV:
            n_b = self.n_chan if self.depthwise else self.n_filt
            params = f"static {t['weight']} w[{self.n_w}]; static {t['bias']} b[{n_b}];"
            read_params = f"rd_arr(w, {self.n_w}); rd_arr(b, {n_b});"
            args = ", w, b"
            structs = self._conv_structs(n)
        else:
            structs = self._other_structs(n)
        targs = f"{d_arr}, config{n}" if k == "resize_nearest" else f"{d_arr}, {r_arr}, config{n}"
        return structs + f"""
static void run_{n}() {{
    {params}
    {read_params}
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {t['data']} x[{self.n_x}];
        {self.res_t} y[{self.n_y}];
        rd_arr(x, {self.n_x});
        hls::stream<{d_arr}> in("in");
        hls::stream<{r_arr}> out("out");
        push(in, x, {self.n_x});
        nnet::{k}<{targs}>(in, out{args});
        pop(out, y, {self.n_y});
        wr_arr(y, {self.n_y});
    }}
}}
"""

    def _conv_structs(self, n: int) -> str:
        t = {name: str(v) for name, v in self.types.items()}
        c = self.config()
        m = c.mult_config
        oh, ow = self.out_hw
        mh, mw, pixels = self.instructions()
        geo2 = ""
        if self.two_d:
            geo2 = f"""
    static const unsigned in_height = {self.in_h};
    static const unsigned filt_height = {self.filt_h};
    static const unsigned stride_height = {self.stride_h};
    static const unsigned out_height = {oh};
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;
    static const unsigned min_height = {mh};
    static const unsigned kernel_size = filt_height * filt_width;
    static const ap_uint<filt_height * filt_width> pixels[min_height * min_width];
    template<unsigned K, unsigned S, unsigned W>
    using scale_index_height = nnet::{c.scale_index_height}<K, S, W>;
    template<unsigned K, unsigned S, unsigned W>
    using scale_index_width = nnet::{c.scale_index_width}<K, S, W>;"""
            pix_def = (f"const ap_uint<config{n}::filt_height * config{n}::filt_width> config{n}::pixels[] = "
                       f"{{{', '.join(map(str, pixels))}}};")
        else:
            geo2 = f"""
    static const unsigned filt_height = 1;
    static const unsigned kernel_size = filt_width;
    static const ap_uint<filt_width> pixels[min_width];
    template<unsigned K, unsigned S, unsigned W>
    using scale_index = nnet::{c.scale_index}<K, S, W>;"""
            pix_def = f"const ap_uint<config{n}::filt_width> config{n}::pixels[] = {{{', '.join(map(str, pixels))}}};"
        return f"""
struct config{n}_mult : nnet::dense_config {{
    static const unsigned n_in = {m.n_in};
    static const unsigned n_out = {m.n_out};
    static const unsigned reuse_factor = {self.reuse};
    static const unsigned strategy = nnet::{self.strategy};
    static const unsigned n_zeros = 0;
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor);
    typedef {t['accum']} accum_t;
    typedef {t['bias']} bias_t;
    typedef {t['weight']} weight_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::{m.kernel}<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};
struct config{n} {{
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const unsigned in_width = {self.in_w};
    static const unsigned n_chan = {self.n_chan};
    static const unsigned filt_width = {self.filt_w};
    static const unsigned n_filt = {self.n_filt};
    static const unsigned stride_width = {self.stride_w};
    static const unsigned dilation = 1;
    static const unsigned out_width = {ow};
    static const unsigned reuse_factor = {self.reuse};
    static const unsigned n_zeros = 0;
    static const bool store_weights_in_bram = false;
    static const unsigned strategy = nnet::{self.strategy};
    static const nnet::conv_implementation implementation = nnet::conv_implementation::{self.impl};
    static const unsigned min_width = {mw};
    typedef {t['accum']} accum_t;
    typedef {t['bias']} bias_t;
    typedef {t['weight']} weight_t;
    typedef config{n}_mult mult_config;{geo2}
}};
{pix_def}
"""

    def _other_structs(self, n: int) -> str:
        k = self.kind
        oh, ow = self.out_hw
        tp, bt, lf, rt = self.pads
        if k in POOL:
            acc = self.types["accum"]
            base = "nnet::pooling2d_config" if "2d" in k else "nnet::pooling1d_config"
            geo = (f"""
    static const unsigned in_height = {self.in_h};
    static const unsigned in_width = {self.in_w};
    static const unsigned pool_height = {self.filt_h};
    static const unsigned stride_height = {self.stride_h};
    static const unsigned filt_height = pool_height;
    static const unsigned out_height = {oh};
    static const unsigned out_width = {ow};
    static const unsigned pad_top = 0;
    static const unsigned pad_bottom = 0;""" if "2d" in k else f"""
    static const unsigned n_in = {self.in_w};
    static const unsigned n_out = {ow};""")
            return f"""
struct config{n} : {base} {{{geo}
    static const unsigned n_filt = {self.n_chan};
    static const unsigned pool_width = {self.filt_w};
    static const unsigned stride_width = {self.stride_w};
    static const unsigned filt_width = pool_width;
    static const unsigned n_chan = n_filt;
    static const unsigned pad_left = 0;
    static const unsigned pad_right = 0;
    static const bool count_pad = false;
    static const nnet::Pool_Op pool_op = nnet::{self.pool_op};
    static const nnet::conv_implementation implementation = nnet::conv_implementation::{self.impl};
    static const unsigned reuse_factor = 1;
    typedef {acc} accum_t;
}};
"""
        if k == "resize_nearest":
            return f"""
struct config{n} {{
    static const unsigned height = {self.in_h};
    static const unsigned width = {self.in_w};
    static const unsigned n_chan = {self.n_chan};
    static const unsigned new_height = {oh};
    static const unsigned new_width = {ow};
}};
"""
        what = "pad" if k.startswith("zeropad") else "crop"
        return f"""
struct config{n} {{
    static const unsigned in_height = {self.in_h};
    static const unsigned in_width = {self.in_w};
    static const unsigned n_chan = {self.n_chan};
    static const unsigned out_height = {oh};
    static const unsigned out_width = {ow};
    static const unsigned {what}_top = {tp};
    static const unsigned {what}_bottom = {bt};
    static const unsigned {what}_left = {lf};
    static const unsigned {what}_right = {rt};
}};
"""


CPP_STREAM = r"""
template <class A, class T> static void push(hls::stream<A>& s, const T* x, int n) {
    for (int p = 0; p < n / (int)A::size; p++) {
        A a;
        for (unsigned c = 0; c < A::size; c++) a[c] = x[p * A::size + c];
        s.write(a);
    }
}
template <class A, class T> static void pop(hls::stream<A>& s, T* y, int n) {
    for (int p = 0; p < n / (int)A::size; p++) {
        A a = s.read();
        for (unsigned c = 0; c < A::size; c++) y[p * A::size + c] = a[c];
    }
    while (!s.empty()) s.read();  // pixels past what the next layer reads vanish with the stream
}
"""
HEADERS = ["nnet_utils/nnet_types.h", "hls_stream.h", "nnet_utils/nnet_conv1d_stream.h",
           "nnet_utils/nnet_conv2d_stream.h", "nnet_utils/nnet_sepconv1d_stream.h",
           "nnet_utils/nnet_sepconv2d_stream.h", "nnet_utils/nnet_pooling_stream.h",
           "nnet_utils/nnet_padding_stream.h", "nnet_utils/nnet_cropping_stream.h",
           "nnet_utils/nnet_image_stream.h",
           "#define FXSIM_STREAM_IO 1  // helpers: a '#' entry is pasted as is" + CPP_STREAM]


# ----------------------------------------------------------------------------- the cases
def _conv_types(r: random.Random) -> dict[str, FixedType]:
    while True:
        t = {"data": layer_io.random_type(r, 12), "weight": layer_io.random_type(r, 10),
             "bias": layer_io.random_type(r, 12), "accum": layer_io.random_type(r, 22),
             "res": layer_io.random_type(r, 14)}
        prod = mult_type(t["data"], t["weight"])
        if all(layer_io.castable(a, b) for a, b in [(t["bias"], t["accum"]), (prod, t["accum"]),
                                                    (t["accum"], t["res"])]):
            return t


def _pool_types(r: random.Random) -> dict[str, FixedType]:
    while True:
        t = {"data": layer_io.random_type(r, 12), "accum": layer_io.random_type(r, 16),
             "res": layer_io.random_type(r, 14)}
        if layer_io.castable(t["data"], t["accum"]) and layer_io.castable(t["accum"], t["res"]) \
                and layer_io.castable(t["data"], t["res"]):
            return t


def _conv_case(r: random.Random, kind: str, impl: str = "linebuffer") -> Case:
    two_d = "2d" in kind
    while True:
        fh = r.randint(1, 3) if two_d else 1
        fw = fh if impl == "encoded" and two_d else r.randint(1, 4)
        sh = r.randint(1, 2) if two_d else 1
        sw = sh if impl == "encoded" and two_d else r.randint(1, 3)
        if kind.startswith("pointwise"):
            fh, fw = (1, 1)
        c = Case(kind, r.randint(fh, fh + 4) if two_d else 1, r.randint(fw, fw + 6), r.randint(1, 3), fh, fw,
                 r.randint(1, 4), sh, sw, impl, types=_conv_types(r))
        if c.depthwise:
            c.n_filt = c.n_chan
        if impl == "encoded" and two_d and (fh == 1 or c.in_h < fh or c.in_w < fw):
            continue
        if impl == "linebuffer" and two_d and fh == 1 and sh > 1 and not kind.startswith("pointwise"):
            continue  # covered by a dedicated case below
        return c


def _cases() -> list[Case]:
    r = random.Random(20240613)
    cases = [_conv_case(r, "conv_1d_cl") for _ in range(4)]
    cases += [_conv_case(r, "conv_1d_cl", "encoded") for _ in range(3)]
    cases += [_conv_case(r, "conv_2d_cl") for _ in range(4)]
    cases += [_conv_case(r, "conv_2d_cl", "encoded") for _ in range(3)]
    cases += [_conv_case(r, "depthwise_conv_1d_cl"), _conv_case(r, "depthwise_conv_2d_cl"),
              _conv_case(r, "depthwise_conv_2d_cl", "encoded"), _conv_case(r, "pointwise_conv_1d_cl"),
              _conv_case(r, "pointwise_conv_2d_cl")]
    # resource strategy: rf <= n_in and rf > n_in (rem 0)
    res = _conv_case(r, "conv_2d_cl")
    res.strategy, res.reuse = "resource", res.filt_h * res.filt_w * res.n_chan
    cases.append(res)
    res2 = Case("conv_1d_cl", 1, 7, 2, 1, 2, 3, 1, 2, types=_conv_types(r), strategy="resource", reuse=8)
    cases.append(res2)
    # a 2-D LineBuffer with filt_height == 1 and stride_height 2: compute_output_buffer_1d on every row
    cases.append(Case("conv_2d_cl", 5, 4, 2, 1, 2, 2, 2, 1, types=_conv_types(r)))
    # hand-made corner: saturating narrow result, 3x3 'valid' Encoded on 5x5 (hls4ml's hard-coded table)
    t = {"data": FixedType(16, 6, True), "weight": FixedType(16, 2, True), "bias": FixedType(16, 8, True),
         "accum": FixedType(32, 12, True, "AP_RND_CONV", "AP_SAT_SYM"),
         "res": FixedType(8, 3, False, "AP_RND", "AP_SAT")}
    cases.append(Case("conv_2d_cl", 5, 5, 2, 3, 3, 3, 1, 1, "encoded", types=t))
    for kind in ("pooling1d_cl", "pooling2d_cl"):
        for impl, op in (("linebuffer", "Max"), ("linebuffer", "Average"), ("encoded", "Average")):
            p = r.randint(1, 3)
            ph = r.randint(1, 3) if "2d" in kind else 1
            ih = ph * r.randint(1, 3) + r.randint(0, ph - 1) if "2d" in kind else 1
            iw = p * r.randint(1, 3) + r.randint(0, p - 1)
            cases.append(Case(kind, ih, iw, r.randint(1, 3), ph, p, 1, ph, p, impl, pool_op=op,
                              types=_pool_types(r)))
    # LineBuffer 1-D pooling with stride != pool (only the 2-D/Encoded templates assert equality)
    cases.append(Case("pooling1d_cl", 1, 9, 2, 1, 3, 1, 1, 2, pool_op="Average", types=_pool_types(r)))
    for kind in ("global_pooling1d_cl", "global_pooling2d_cl"):
        for op in ("Max", "Average"):
            cases.append(Case(kind, r.randint(1, 4) if "2d" in kind else 1, r.randint(1, 6), r.randint(1, 3),
                              pool_op=op, types=_pool_types(r)))
    mv = {"data": layer_io.random_type(r, 12), "res": layer_io.random_type(r, 12)}
    while not layer_io.castable(mv["data"], mv["res"]):
        mv["res"] = layer_io.random_type(r, 12)
    cases += [Case("zeropad1d_cl", 1, 5, 2, pads=(0, 0, 1, 2), types=mv),
              Case("zeropad2d_cl", 3, 4, 2, pads=(1, 0, 2, 1), types=mv),
              Case("cropping1d_cl", 1, 7, 2, pads=(0, 0, 2, 1), types=mv),
              Case("cropping2d_cl", 5, 4, 3, pads=(1, 2, 0, 1), types=mv),
              Case("resize_nearest", 2, 3, 2, new_hw=(4, 9), types=mv)]
    return cases


CASES = _cases()


@functools.cache
def _exe():
    src = layer_io.source(HEADERS, {k: c.cpp(k) for k, c in enumerate(CASES)})
    return layer_io.build(src, "conv_stream")


def _arrays(c: Case, seed: int, batch: int) -> tuple[list[np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    params = []
    if c.kind in CONV:
        params = [layer_io.raw_values(rng, c.types["weight"], c.n_w),
                  layer_io.raw_values(rng, c.types["bias"], c.n_chan if c.depthwise else c.n_filt)]
    return params, layer_io.raw_values(rng, c.types["data"], (batch, c.n_x))


def _fxsim(c: Case, params: list[np.ndarray], x: np.ndarray, reference: bool = False) -> np.ndarray:
    t = c.types
    data = FixedArray(x, t["data"])
    cfg = c.config()
    if c.kind == "resize_nearest":
        return lookup(c.kind)(data, cfg).raw
    if c.kind in CONV:
        w, b = FixedArray(params[0], t["weight"]), FixedArray(params[1], t["bias"])
        if reference:
            fn = {"conv_1d_cl": conv_1d_cl_stream, "conv_2d_cl": conv_2d_cl_stream,
                  "depthwise_conv_1d_cl": depthwise_conv_1d_cl_stream,
                  "depthwise_conv_2d_cl": depthwise_conv_2d_cl_stream}.get(c.kind)
            if fn is not None:
                return fn(data, t["res"], cfg, w, b, reference=True).raw
        return lookup(c.kind)(data, t["res"], cfg, w, b).raw
    if reference and c.kind in ("pooling1d_cl", "pooling2d_cl"):
        fn = pooling1d_cl_stream if c.kind == "pooling1d_cl" else pooling2d_cl_stream
        return fn(data, t["res"], cfg, reference=True).raw
    return lookup(c.kind)(data, t["res"], cfg).raw


def _headers(batch: int, seed: int) -> list[np.ndarray]:
    calls = []
    for k, c in enumerate(CASES):
        params, x = _arrays(c, seed + k, batch)
        calls.append((k, [*params, x], batch))
    return layer_io.run_cases(_exe(), calls)


@pytest.fixture(scope="module")
def header_results() -> list[np.ndarray]:
    return _headers(24, 1000)


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.kind}-{c.impl}-{i}" for i, c in enumerate(CASES)])
@pytest.mark.parametrize("reference", [False, True], ids=["fast", "reference"])
def test_stream_matches_headers(k: int, reference: bool, header_results) -> None:
    c = CASES[k]
    params, x = _arrays(c, 1000 + k, 24)
    want = header_results[k]
    got = _fxsim(c, params, x, reference)
    bad = np.argwhere(got != want)
    assert bad.size == 0, (f"{c}\n{len(bad)} mismatches, first at {bad[:5].tolist()}: "
                           f"fxsim {got[tuple(bad[0])]} vs C++ {want[tuple(bad[0])]}")


def test_linebuffer_replay_is_im2col() -> None:
    """On many geometries the literal LineBuffer replay emits exactly hls4ml's im2col windows."""
    r = random.Random(5)
    for _ in range(200):
        fh, fw = r.randint(2, 4), r.randint(1, 4)
        sh, sw = r.randint(1, 3), r.randint(1, 3)
        ih, iw, ch = r.randint(fh, 9), r.randint(fw, 9), r.randint(1, 3)
        cfg = Config("c", in_height=ih, in_width=iw, n_chan=ch, filt_height=fh, filt_width=fw,
                     stride_height=sh, stride_width=sw, pad_top=0, pad_bottom=0, pad_left=0, pad_right=0,
                     implementation="linebuffer")
        want = fill_buffer_index_2d(cfg)
        np.testing.assert_array_equal(stream_windows(cfg, True, want.shape[0]), want)
