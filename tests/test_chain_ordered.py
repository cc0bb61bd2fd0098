"""The chain kernel's ordered stage (``fxsim.kernels.chain.ordered_rows``): Resource dense layers
with a saturating accumulator run in one chain pass, the plain sum where a per-block bound proves
no step clamps, else the template's saturating order; checked against the reference twin (the
step-by-step replay of ``nnet_dense_resource.h``) on inputs that make many rows clamp, on both the
Numba kernel and its NumPy twin (small batches)."""

from __future__ import annotations

import numpy as np
import pytest
from fxsim.kernels import chain as kc
from fxsim.kernels import small

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.fusion import Step, plan_chains
from fxsim.layers import activation as act
from fxsim.layers import dense as dl
from fxsim.layers import elementwise, macc
from fxsim.layers.dense_resource import schedule_dense_resource
from fxsim.types import FixedType

X_T = FixedType.parse("ap_fixed<16,6>")


def _raws(rng: np.random.Generator, t: FixedType, shape, spread: float) -> np.ndarray:
    """Raws of ``t`` around zero with some at the type's extremes (those make sums clamp)."""
    r = np.rint(rng.normal(0, spread * t.max_raw, size=shape)).astype(np.int64)
    return np.clip(r, t.min_raw, t.max_raw)


def _valid(n_in: int, n_out: int, rf: int) -> bool:
    try:
        schedule_dense_resource(n_in, n_out, rf)
    except (ValueError, AssertionError):
        return False
    return True


def _network(seed: int):
    """Three or four Resource dense layers (random reuse factors), saturating accumulators, ReLU
    between them (fused as a max and a cast) and none after the last."""
    rng = np.random.default_rng(seed)
    n, layers = int(rng.integers(4, 20)), []
    for k in range(int(rng.integers(3, 5))):
        n_out = int(rng.integers(2, 14))
        rf = int(rng.choice([r for r in (1, 2, 3, 4, n, 2 * n, 3 * n + 1) if _valid(n, n_out, r)]))
        aw = int(rng.integers(12, 21))
        accum_t = FixedType(aw, int(rng.integers(5, 9)), True, rounding="AP_TRN",
                            overflow=str(rng.choice(["AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"])))
        w_t = FixedType.parse(str(rng.choice(["ap_fixed<8,3>", "ap_fixed<12,4>", "ap_fixed<16,6>"])))
        cfg = Config(n_in=n, n_out=n_out, reuse_factor=rf, strategy="resource", product="mult",
                     accum_t=accum_t, weight_t=w_t, bias_t=w_t)
        w = FixedArray(_raws(rng, w_t, (n * n_out,), 0.3), w_t)
        b = FixedArray(_raws(rng, w_t, (n_out,), 0.1), w_t)
        layers.append((cfg, w, b, k < 3))
        n = n_out
    return layers


def _reference(layers, x: FixedArray) -> FixedArray:
    for cfg, w, b, relu in layers:
        x = dl.dense(x, X_T, cfg, w, b, path="reference")
        if relu:
            x = act.relu(x, X_T, Config(n_in=x.shape[1]))
    return x


def _steps(layers, x: FixedArray) -> list[Step]:
    """What ``Network._forward``'s planning probe records for the layers (each ReLU fused into its
    dense pass; ``dry``: no kernel runs, so this test compiles no per-layer ordered kernel)."""
    steps, source = [], "x"
    for k, (cfg, w, b, relu) in enumerate(layers):
        table = elementwise.table_for(act.relu, X_T, X_T, Config(n_in=1)) if relu else None
        mac = macc.MacPass(epilogue=None if table is None else macc.FusedActivation(table, X_T, X_T), stages=[],
                           dry=True)
        x = dl.dense(x, X_T, cfg, w, b, mac=mac)
        assert relu == mac.applied
        steps.append(Step(k, k, (source,), f"y{k}", tuple(mac.stages), x))
        source = f"y{k}"
    return steps


@pytest.mark.parametrize("kernel", [True, False], ids=["numba", "numpy"])
@pytest.mark.parametrize("seed", range(6))
def test_ordered_chain_matches_reference(monkeypatch: pytest.MonkeyPatch, kernel: bool, seed: int) -> None:
    monkeypatch.setattr(small, "ROWS", 0 if kernel else 1 << 62)
    layers = _network(seed)
    rng = np.random.default_rng(100 + seed)
    # mostly small inputs (rows clamp-free), then a stretch of large ones (rows clamp)
    raw = _raws(rng, X_T, (700, layers[0][0].n_in), 0.05)
    raw[300:] = _raws(rng, X_T, (400, layers[0][0].n_in), 0.6)
    x = FixedArray(raw, X_T)
    want = _reference(layers, x)
    steps = _steps(layers, x)
    chains = plan_chains(steps, {s.output: 1 for s in steps}, {steps[-1].output})
    assert list(chains) == [0] and chains[0].last == len(layers) - 1
    chain = chains[0]
    assert chain.params[:, kc.ORDERED].all() and not chain.lanes16
    got = chain.run(x)
    assert got.type == want.type
    np.testing.assert_array_equal(got.raw, want.raw)


def test_the_cases_clamp() -> None:
    """The inputs above make the template saturate (else the replay would be untested): the final
    outputs differ from a wrapping accumulator's on some samples of every network."""
    for seed in range(6):
        layers = _network(seed)
        cfg, w, b, relu = layers[0]
        rng = np.random.default_rng(100 + seed)
        x = FixedArray(_raws(rng, X_T, (400, cfg.n_in), 0.6), X_T)
        a = cfg.accum_t
        wrap = Config(n_in=cfg.n_in, n_out=cfg.n_out, reuse_factor=cfg.reuse_factor, strategy="resource",
                      product="mult", accum_t=FixedType(a.width, a.integer, a.signed, rounding=a.rounding),
                      weight_t=w.type, bias_t=b.type)
        sat = dl.dense(x, X_T, cfg, w, b, path="reference").raw
        assert (sat != dl.dense(x, X_T, wrap, w, b, path="reference").raw).any(), seed
