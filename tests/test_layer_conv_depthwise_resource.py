"""Differential tests of the Resource-strategy depthwise convolutions against the real headers.

hls4ml 1.3.0 has Resource depthwise kernels only in io_stream: ``nnet_sepconv{1,2}d.h`` (io_parallel)
asserts ``"Resource strategy for DepthwiseConv is not supported"``, while the stream templates of
``nnet_sepconv{1,2}d_stream.h`` call ``mult_config::kernel::dense``, which the Vivado/Vitis backend
sets to one of ``DepthwiseDenseResource_rf_leq_nout``, ``_rf_gt_nout_rem0`` or ``_rf_gt_nout`` of
``nnet_depthwise_product.h`` (RF <= n_chan; RF > n_chan and RF % n_chan == 0; otherwise). Every
case here is a ``depthwise_conv_{1,2}d_cl`` stream call (LineBuffer and Encoded) compiled from those
headers with random ``ap_fixed`` types (rounding, saturation and wrap all occur) and random valid
reuse factors, covering each kernel; Hypothesis draws the data. fxsim's fast path and its reference
path (literal window replay, step-by-step accumulation) must equal the C++ bit for bit.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import layer_io
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_layer_conv_stream import HEADERS, Case, _conv_types

from fxsim.array import FixedArray, mult_type
from fxsim.config import Config
from fxsim.layers.conv_stream import depthwise_conv_1d_cl_stream, depthwise_conv_2d_cl_stream, stream_schedule
from fxsim.layers.depthwise_product import (
    DEPTHWISE_KERNELS,
    depthwise_kernel,
    depthwise_product_resource_gt_nout,
    depthwise_product_resource_rf_gt_nout_rem0,
    depthwise_product_resource_rf_leq_nout,
)
from fxsim.layers.sepconv import depthwise_conv_1d_cl, depthwise_conv_2d_cl
from fxsim.types import FixedType


@dataclass
class DWCase(Case):
    """A stream depthwise conv whose ``mult_config::kernel`` is a ``DepthwiseDense*`` kernel."""

    kernel: str = "DepthwiseDenseLatency"

    def config(self) -> Config:
        c = super().config()
        return c.replace(mult_config=c.mult_config.replace(kernel=self.kernel))


def _reuse_factors(n_in: int, n_out: int) -> list[int]:
    """Every reuse factor up to ``2 * n_in`` (hls4ml's valid factors and more) whose loops stay
    inside ``data[]`` (``min(RF, n_in)`` divides ``n_in``) and that passes the kernel's assert
    (``rf_gt_nout``: ``min(RF, n_in) > n_chan``)."""
    out = []
    for rf in range(1, 2 * n_in + 1):
        ru = min(rf, n_in)
        if n_in % ru == 0 and (rf <= n_out or rf % n_out == 0 or ru > n_out):
            out.append(rf)
    return out


def _dw_types(r: random.Random) -> dict[str, FixedType]:
    """Random types; in most cases a narrow saturating accumulator, so that the order of the adds
    (what distinguishes the kernels) changes the result."""
    while True:
        t = _conv_types(r)
        if r.random() < 0.75:
            a = layer_io.random_type(r, 12, signed=True)
            t["accum"] = FixedType(a.width, a.integer, True, a.rounding,
                                   r.choice(["AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"]))
        prod = mult_type(t["data"], t["weight"])
        if all(layer_io.castable(a, b) for a, b in [(t["bias"], t["accum"]), (prod, t["accum"]),
                                                    (t["accum"], t["res"])]):
            return t


def _cases() -> list[DWCase]:
    r = random.Random(20261206)
    cases: list[DWCase] = []
    want = {k: 0 for k in DEPTHWISE_KERNELS if k != "DepthwiseDenseLatency"}
    while min(want.values()) < 3 or len(cases) < 12:
        kind = r.choice(["depthwise_conv_1d_cl", "depthwise_conv_2d_cl"])
        two_d = kind.endswith("2d_cl")
        impl = r.choice(["linebuffer", "encoded"])
        fh = r.randint(2, 3) if two_d and impl == "encoded" else (r.randint(1, 3) if two_d else 1)
        fw = fh if two_d and impl == "encoded" else r.randint(1, 3)
        sh = r.randint(1, 2) if two_d else 1
        sw = sh if two_d and impl == "encoded" else r.randint(1, 2)
        if two_d and impl == "linebuffer" and fh == 1:
            sh = 1
        n_chan = r.randint(1, 4)
        in_h = r.randint(fh, fh + 3) if two_d else 1
        in_w = r.randint(fw, fw + 4)
        n_in = fh * fw * n_chan
        rf = r.choice(_reuse_factors(n_in, n_chan))
        kern = depthwise_kernel(n_chan, rf, "resource")
        if len(cases) >= 12 and want[kern] >= 3:
            continue
        c = DWCase(kind, in_h, in_w, n_chan, fh, fw, n_chan, sh, sw, impl, strategy="resource", reuse=rf,
                   types=_dw_types(r), kernel=kern)
        mh, mw, _ = c.instructions()
        if mw > in_w or mh > in_h:
            continue  # hls4ml's instruction table is larger than the image: no real layer has it
        want[kern] += 1
        cases.append(c)
    # hand-made: a saturating accumulator where each kernel adds the taps of a channel in another
    # order than the latency kernel (rem0: taps 0,2,1,3; gt_nout: 0,2,1; leq_nout: channel 1 gets taps 2,0,1)
    t = {"data": FixedType(12, 4, True), "weight": FixedType(10, 1, True), "bias": FixedType(12, 6, True),
         "accum": FixedType(11, 5, True, "AP_RND_CONV", "AP_SAT_SYM"),
         "res": FixedType(7, 2, False, "AP_RND", "AP_SAT")}
    t2 = {**t, "accum": FixedType(10, 4, True, "AP_TRN", "AP_SAT"), "res": FixedType(9, 4, True, "AP_RND", "AP_WRAP")}
    cases += [
        DWCase("depthwise_conv_2d_cl", 4, 5, 1, 2, 2, 1, 1, 1, "linebuffer", strategy="resource", reuse=2, types=t2,
               kernel="DepthwiseDenseResource_rf_gt_nout_rem0"),
        DWCase("depthwise_conv_1d_cl", 1, 7, 2, 1, 3, 2, 1, 1, "linebuffer", strategy="resource", reuse=3, types=t2,
               kernel="DepthwiseDenseResource_rf_gt_nout"),
        DWCase("depthwise_conv_1d_cl", 1, 7, 4, 1, 3, 4, 1, 2, "encoded", strategy="resource", reuse=3, types=t2,
               kernel="DepthwiseDenseResource_rf_leq_nout"),
        DWCase("depthwise_conv_2d_cl", 4, 5, 2, 3, 3, 2, 1, 1, "linebuffer", strategy="resource", reuse=9, types=t2,
               kernel="DepthwiseDenseResource_rf_gt_nout"),
    ]
    return cases


CASES = _cases()
BATCH = 12


@functools.cache
def _exe():
    src = layer_io.source(HEADERS, {k: c.cpp(k) for k, c in enumerate(CASES)})
    return layer_io.build(src, "conv_dw_resource")


def _arrays(c: DWCase, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return (layer_io.raw_values(rng, c.types["weight"], c.n_w), layer_io.raw_values(rng, c.types["bias"], c.n_chan),
            layer_io.raw_values(rng, c.types["data"], (BATCH, c.n_x)))


def _fxsim(c: DWCase, w: np.ndarray, b: np.ndarray, x: np.ndarray, reference: bool) -> np.ndarray:
    t = c.types
    fn = depthwise_conv_2d_cl_stream if c.two_d else depthwise_conv_1d_cl_stream
    return fn(FixedArray(x, t["data"]), t["res"], c.config(), FixedArray(w, t["weight"]),
              FixedArray(b, t["bias"]), reference=reference).raw


def test_cases_cover_every_resource_kernel() -> None:
    kernels = {c.kernel for c in CASES}
    assert kernels == set(DEPTHWISE_KERNELS) - {"DepthwiseDenseLatency"}
    assert {c.impl for c in CASES} == {"linebuffer", "encoded"} and {c.two_d for c in CASES} == {False, True}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1))
def test_depthwise_resource_stream_matches_headers(seed: int) -> None:
    arrays = [_arrays(c, seed + k) for k, c in enumerate(CASES)]
    want = layer_io.run_cases(_exe(), [(k, list(a), BATCH) for k, a in enumerate(arrays)])
    for k, c in enumerate(CASES):
        for reference in (False, True):
            got = _fxsim(c, *arrays[k], reference)
            bad = np.argwhere(got != want[k])
            assert bad.size == 0, (f"case {k} {c.kind} {c.impl} {c.kernel} RF={c.reuse} reference={reference}: "
                                   f"{len(bad)} mismatches, first at {bad[:3].tolist()}: "
                                   f"fxsim {got[tuple(bad[0])]} vs C++ {want[k][tuple(bad[0])]}")


def test_kernel_choice_follows_hls4ml() -> None:
    """The kernel fxsim infers when a config lacks the ``kernel`` alias is the one hls4ml writes."""
    pytest.importorskip("hls4ml")
    import inspect

    from hls4ml.backends.vivado.passes import convolution_templates as ct

    src = inspect.getsource(ct.Conv2DConfigTemplate.format)
    for name in DEPTHWISE_KERNELS:
        assert f"nnet::{name}" in src
    for n_out in range(1, 6):
        for rf in range(1, 4 * n_out + 1):
            want = ("DepthwiseDenseResource_rf_leq_nout" if rf <= n_out else
                    "DepthwiseDenseResource_rf_gt_nout_rem0" if rf % n_out == 0 else
                    "DepthwiseDenseResource_rf_gt_nout")
            assert depthwise_kernel(n_out, rf, "resource") == want


@pytest.mark.parametrize("kernel", sorted(set(DEPTHWISE_KERNELS) - {"DepthwiseDenseLatency"}))
def test_schedules_visit_each_tap_once(kernel: str) -> None:
    """Each valid schedule adds every ``data[i] * w[i]`` exactly once into ``acc[i % n_chan]``."""
    n = 0
    for n_chan in range(1, 5):
        for taps in range(1, 7):
            n_in = taps * n_chan
            for rf in _reuse_factors(n_in, n_chan):
                if depthwise_kernel(n_chan, rf, "resource") != kernel:
                    continue
                s = DEPTHWISE_KERNELS[kernel](n_in, n_chan, rf)
                assert sorted(s.inp.tolist()) == list(range(n_in))
                np.testing.assert_array_equal(s.w, s.inp)
                np.testing.assert_array_equal(s.out, s.inp % n_chan)
                n += 1
    assert n > 5


def test_bad_configs_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="out of bounds"):
        depthwise_product_resource_rf_leq_nout(6, 2, 4)  # 4 does not divide 6
    with pytest.raises(ValueError, match="asserts RF >= N_CHAN"):
        depthwise_product_resource_rf_gt_nout_rem0(12, 4, 6)
    with pytest.raises(ValueError, match="asserts RF > N_CHAN"):
        depthwise_product_resource_gt_nout(12, 4, 3)
    t = FixedType(8, 3)
    m = Config("config4_mult", n_in=6, n_out=2, reuse_factor=1, kernel="DepthwiseDenseFoo")
    with pytest.raises(NotImplementedError, match="config4_mult: depthwise kernel DepthwiseDenseFoo"):
        stream_schedule(Config("config4", mult_config=m), depthwise=True)
    # io_parallel depthwise with the Resource strategy: the header asserts; fxsim says so
    cfg = Config("config7", in_width=4, n_chan=2, filt_width=3, n_filt=2, stride_width=1, pad_left=0,
                 pad_right=0, out_width=2, strategy="resource", reuse_factor=2, accum_t=t, weight_t=t, bias_t=t,
                 mult_config=Config("config7_mult", n_in=6, n_out=2, weight_t=t, product="mult"))
    x, w, b = FixedArray.from_float(np.zeros((1, 8)), t), FixedArray.from_float(np.zeros(6), t), \
        FixedArray.from_float(np.zeros(2), t)
    with pytest.raises(ValueError, match="config7: io_parallel depthwise conv supports only the latency"):
        depthwise_conv_1d_cl(x, t, cfg, w, b)
    cfg2 = cfg.replace(in_height=1, filt_height=1, stride_height=1, pad_top=0, pad_bottom=0, out_height=1)
    with pytest.raises(ValueError, match="supports only the latency"):
        depthwise_conv_2d_cl(x, t, cfg2, w, b)
