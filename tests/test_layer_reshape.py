"""Differential tests of fxsim.layers.reshape against the real ``nnet_padding.h``,
``nnet_cropping.h``, ``nnet_image.h`` and ``nnet_transpose.h``.

One C++ binary holds every configuration (random shapes, pads, crops, resize factors and
permutations, with result types that round and saturate the copied values); the transpose configs
come from hls4ml's own ``transpose_config_gen``.
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

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.types import FixedType


@dataclass
class ReshapeCase:
    fn: str
    data: FixedType
    res: FixedType
    p: dict = field(default_factory=dict)
    n_x: int = 0
    n_y: int = 0

    def config(self) -> Config:
        if self.fn == "transpose":
            keys = ("to_shape", "perm_strides") if self.p["explicit"] else ("from_shape", "perm", "to_shape")
            return Config("config", **{k: self.p[k] for k in keys})
        return Config("config", **self.p)

    def cpp(self, k: int) -> str:
        if self.fn == "transpose":
            from hls4ml.backends.vivado.passes.reshaping_templates import transpose_config_template
            from hls4ml.utils.transpose_utils import transpose_config_gen

            cfg = transpose_config_template.format(
                **transpose_config_gen(f"config{k}", tuple(self.p["from_shape"]), tuple(self.p["perm"])))
        else:
            stem = self.fn.rsplit("_", 1)[0] if "_c" in self.fn else self.fn
            base = {"zeropad1d": "padding1d_config", "zeropad2d": "padding2d_config",
                    "cropping1d": "cropping1d_config", "cropping2d": "cropping2d_config",
                    "resize_nearest": "resize_config"}[stem]
            members = "".join(f"    static const unsigned {n} = {v};\n" for n, v in self.p.items())
            cfg = f"struct config{k} : nnet::{base} {{\n{members}}};"
        call = (f"nnet::resize_nearest<{self.data}, config{k}>(x, y);" if self.fn == "resize_nearest"
                else f"nnet::{self.fn}<{self.data}, {self.res}, config{k}>(x, y);")
        return f"""{cfg}
static void run_{k}() {{
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {self.data} x[{self.n_x}];
        {self.res} y[{self.n_y}];
        rd_arr(x, {self.n_x});
        {call}
        wr_arr(y, {self.n_y});
    }}
}}
"""


def _types(r: random.Random, same: bool = False) -> tuple[FixedType, FixedType]:
    while True:
        d = layer_io.random_type(r, 14)
        res = d if same else layer_io.random_type(r, 14)
        if layer_io.castable(d, res):
            return d, res


def _case(r: random.Random, fn: str) -> ReshapeCase:
    c = r.randint(1, 3)
    h, w = r.randint(1, 5), r.randint(1, 6)
    if fn.startswith("zeropad1d"):
        pl, pr = r.randint(0, 3), r.randint(0, 3)
        p = dict(n_chan=c, in_width=w, out_width=w + pl + pr, pad_left=pl, pad_right=pr)
        d, res = _types(r, same=fn.endswith("cf"))
        return ReshapeCase(fn, d, res, p, w * c, (w + pl + pr) * c)
    if fn.startswith("zeropad2d"):
        pt, pb, pl, pr = (r.randint(0, 2) for _ in range(4))
        p = dict(n_chan=c, in_height=h, in_width=w, out_height=h + pt + pb, out_width=w + pl + pr,
                 pad_top=pt, pad_bottom=pb, pad_left=pl, pad_right=pr)
        d, res = _types(r, same=fn.endswith("cf"))
        return ReshapeCase(fn, d, res, p, h * w * c, (h + pt + pb) * (w + pl + pr) * c)
    if fn == "cropping1d_cl":
        w = r.randint(2, 8)
        cl = r.randint(0, w - 1)
        cr = r.randint(0, w - 1 - cl)
        p = dict(n_chan=c, in_width=w, out_width=w - cl - cr, crop_left=cl, crop_right=cr)
        return ReshapeCase(fn, *_types(r), p, w * c, (w - cl - cr) * c)
    if fn.startswith("cropping2d"):
        h, w = r.randint(2, 5), r.randint(2, 5)
        ct = r.randint(0, h - 1)
        cb = r.randint(0, h - 1 - ct)
        cl = r.randint(0, w - 1)
        cr = r.randint(0, w - 1 - cl)
        oh, ow = h - ct - cb, w - cl - cr
        p = dict(n_chan=c, in_height=h, in_width=w, out_height=oh, out_width=ow, crop_top=ct,
                 crop_bottom=cb, crop_left=cl, crop_right=cr)
        return ReshapeCase(fn, *_types(r), p, h * w * c, oh * ow * c)
    if fn == "resize_nearest":
        nh, nw = r.choice([h * 2, h * 3, r.randint(1, 9)]), r.choice([w * 2, r.randint(1, 9)])
        p = dict(height=h, width=w, n_chan=c, new_height=nh, new_width=nw)
        d, _ = _types(r)
        return ReshapeCase(fn, d, d, p, h * w * c, nh * nw * c)
    if fn == "transpose":
        dims = r.randint(2, 4)
        shape = [r.randint(1, 4) for _ in range(dims)]
        perm = list(range(dims))
        r.shuffle(perm)
        to_shape = [shape[i] for i in perm]
        inner = np.cumprod((shape[1:] + [1])[::-1])[::-1]
        p = dict(from_shape=shape, perm=perm, to_shape=to_shape, perm_strides=[int(inner[i]) for i in perm],
                 explicit=r.random() < 0.5)
        n = int(np.prod(shape))
        return ReshapeCase(fn, *_types(r), p, n, n)
    raise ValueError(fn)


FUNCTIONS = ("zeropad1d_cl", "zeropad1d_cf", "zeropad2d_cl", "zeropad2d_cf", "cropping1d_cl", "cropping2d_cl",
             "cropping2d_cf", "resize_nearest", "transpose")


def _cases() -> list[ReshapeCase]:
    r = random.Random(3)
    return [_case(r, fn) for fn in FUNCTIONS for _ in range(3)]


CASES = _cases()
HEADERS = ["nnet_utils/nnet_padding.h", "nnet_utils/nnet_cropping.h", "nnet_utils/nnet_image.h",
           "nnet_utils/nnet_transpose.h"]


@functools.cache
def _exe():
    return layer_io.build(layer_io.source(HEADERS, {k: c.cpp(k) for k, c in enumerate(CASES)}), "reshape")


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c.fn}-{i}" for i, c in enumerate(CASES)])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_reshape_matches_headers(k: int, seed: int) -> None:
    c = CASES[k]
    x = layer_io.raw_values(np.random.default_rng(seed), c.data, (8, c.n_x))
    (want,) = layer_io.run_cases(_exe(), [(k, [x], 8)])
    fn = lookup(c.fn)
    if c.fn == "resize_nearest":
        got = fn(FixedArray(x, c.data), c.config())
    else:
        got = fn(FixedArray(x, c.data), c.res, c.config())
    assert got.type == c.res
    np.testing.assert_array_equal(got.raw, want)
