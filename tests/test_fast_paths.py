"""The fused modular dense kernel (``path='modular'`` and the dense+relu fusion) against the
reference transliteration, on random types, modes, schedules and overflowing data (issue 6)."""

from __future__ import annotations

import numpy as np
import pytest

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import activation as act
from fxsim.layers import dense as dl
from fxsim.layers import dense_latency, elementwise, macc
from fxsim.types import FixedType

ROUNDING = ["AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV"]
OVERFLOW = ["AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM"]


def _raws(rng: np.random.Generator, t: FixedType, shape) -> np.ndarray:
    r = rng.integers(t.min_raw, t.max_raw + 1, size=shape, dtype=np.int64)
    r[rng.random(shape) < 0.2] = 0
    return r


def _random_case(seed: int):
    rng = np.random.default_rng(seed)
    xw, ww = int(rng.integers(2, 18)), int(rng.integers(2, 18))
    x_t = FixedType(xw, int(rng.integers(-2, xw + 2)), bool(rng.integers(0, 4)))
    w_t = FixedType(ww, int(rng.integers(-2, ww + 2)), True)
    aw = int(rng.integers(4, 40))
    accum_t = FixedType(aw, int(rng.integers(0, aw)), bool(rng.integers(0, 5)), rounding=str(rng.choice(ROUNDING)))
    rw = int(rng.integers(3, 20))
    res_t = FixedType(rw, int(rng.integers(0, rw)), True, rounding=str(rng.choice(ROUNDING)),
                      overflow=str(rng.choice(OVERFLOW)))
    relu_t = FixedType(rw, int(rng.integers(0, rw)), bool(rng.integers(0, 2)), rounding=str(rng.choice(ROUNDING)),
                       overflow=str(rng.choice(OVERFLOW)))
    n_in, n_out = int(rng.integers(1, 20)), int(rng.integers(1, 12))
    product = str(rng.choice(["mult", "mult", "weight_binary", "weight_ternary", "data_binary"]))
    if product == "weight_binary":
        w_t = FixedType(1, 1, False, is_int=True)
    elif product == "weight_ternary":
        w_t = FixedType(2, 2, True, is_int=True)
    strategy = str(rng.choice(["latency", "resource"]))
    rfs = [r for r in range(1, n_in * n_out + 1) if r <= n_in and (n_in * n_out) % r == 0 and
           ((n_in * n_out) // r) % n_out == 0] or [1]
    rf = int(rng.choice(rfs)) if strategy == "resource" else 1
    cfg = Config(n_in=n_in, n_out=n_out, reuse_factor=rf, strategy=strategy, product=product, accum_t=accum_t,
                 weight_t=w_t, bias_t=w_t)
    x = FixedArray(_raws(rng, x_t, (37, n_in)), x_t)
    w = FixedArray(_raws(rng, w_t, (n_in * n_out,)), w_t)
    b = FixedArray(_raws(rng, w_t, (n_out,)), w_t)
    return cfg, x, w, b, res_t, relu_t


@pytest.mark.parametrize("seed", range(300))
def test_modular_matches_reference(seed: int) -> None:
    cfg, x, w, b, res_t, relu_t = _random_case(seed)
    want = dl.dense(x, res_t, cfg, w, b, path="reference")
    try:
        got = dl.dense(x, res_t, cfg, w, b, path="modular")
    except ValueError as e:
        assert "does not apply" in str(e)
        pytest.skip("modular path does not apply")
    assert got.type == want.type
    np.testing.assert_array_equal(got.raw, want.raw)
    # the dense twin with relu fused into its epilogue (fxsim.network's MAC + activation fusion)
    relu_cfg = Config(n_in=cfg.n_out)
    table = elementwise.table_for(act.relu, res_t, relu_t, relu_cfg)
    if table is not None:
        mac = macc.MacPass(epilogue=macc.FusedActivation(table, res_t, relu_t))
        fused = dl.dense(x, res_t, cfg, w, b, mac=mac)
        assert mac.applied
        np.testing.assert_array_equal(fused.raw, act.relu(want, relu_t, relu_cfg, tables=False).raw)


def test_modular_applies_to_common_types() -> None:
    """The jet tagger's ap_fixed<16,6> layers (accum ap_fixed<16,6>, products truncated) take the
    int32 fused kernel."""
    t = FixedType.parse("ap_fixed<16,6>")
    w = FixedArray(np.arange(-32, 32, dtype=np.int64) * 97, t)
    plan = macc.modular_plan(t, w, dense_latency.schedule_dense_latency(16, 4), "mult", t)
    assert plan is not None and plan.lanes32 and plan.p_shift == 10
