"""Chains of MAC layers in one kernel pass (``fxsim.fusion``, ``fxsim.kernels.chain``) against the
layer-by-layer reference twins, on random types, modes, activations and overflowing data (issue 6).

The reference twins are the ones checked against the compiled headers (tests/test_layer_*.py); the
end-to-end tests then compare whole networks, which run their chains, with hls4ml's C simulation.
"""

from __future__ import annotations

import numba as nb
import numpy as np
import pytest
from fxsim.kernels import chain as kc
from fxsim.kernels import lanes16
from hypothesis import given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.fusion import Step, max_cast_form, plan_chains, stage_of
from fxsim.layers import activation as act
from fxsim.layers import conv as cl
from fxsim.layers import dense as dl
from fxsim.layers import elementwise, macc
from fxsim.types import FixedType

#: Result/activation modes of the random layers: hls4ml's default and QKeras' quantized_relu. Each
#: combination compiles its own chain kernel (the per-layer kernels take every mode, see
#: tests/test_fast_paths.py), so the set stays small to keep a cold CI run short.
MODE_PAIRS = [("AP_TRN", "AP_WRAP"), ("AP_RND_CONV", "AP_SAT")]


def _raws(rng: np.random.Generator, t: FixedType, shape) -> np.ndarray:
    r = rng.integers(t.min_raw, t.max_raw + 1, size=shape, dtype=np.int64)
    r[rng.random(shape) < 0.2] = 0
    return r


def _type(rng: np.random.Generator, lo: int, hi: int, *, signed: bool | None = None, modes: bool = True) -> FixedType:
    w = int(rng.integers(lo, hi + 1))
    s = bool(rng.integers(0, 4)) if signed is None else signed
    if not modes:
        return FixedType(w, int(rng.integers(-2, w + 3)), s)
    q, o = MODE_PAIRS[int(rng.integers(0, len(MODE_PAIRS)))]
    return FixedType(w, int(rng.integers(-2, w + 3)), s, rounding=q, overflow=o)


class Layer:
    """A dense layer and the element-wise activation after it (or none), with its reference twins."""

    def __init__(self, rng: np.random.Generator, x_t: FixedType, n_in: int, same_modes: FixedType | None) -> None:
        n_out = int(rng.integers(1, 14))
        w_t = _type(rng, 2, 16, signed=True, modes=False)
        aw = int(rng.integers(8, 33))
        self.accum_t = FixedType(aw, int(rng.integers(0, aw)), bool(rng.integers(0, 6)),
                                 rounding=str(rng.choice(["AP_TRN", "AP_TRN", "AP_RND"])))
        res_t = _type(rng, 3, 18)
        if same_modes is not None:
            res_t = FixedType(res_t.width, res_t.integer, res_t.signed, rounding=same_modes.rounding,
                              overflow=same_modes.overflow)
        self.res_t = res_t
        self.cfg = Config(n_in=n_in, n_out=n_out, reuse_factor=1, strategy="latency", product="mult",
                          accum_t=self.accum_t, weight_t=w_t, bias_t=w_t)
        self.w = FixedArray(_raws(rng, w_t, (n_in * n_out,)), w_t)
        self.b = FixedArray(_raws(rng, w_t, (n_out,)), w_t)
        self.act = str(rng.choice(["relu", "relu", "sigmoid", "none"]))
        self.act_cfg = Config(n_in=n_out, table_size=1024, table_t=FixedType.parse("ap_fixed<18,8>"))
        self.act_t = _type(rng, 3, 16) if self.act != "none" else res_t
        self.n_out = n_out

    def twin(self):
        return {"relu": act.relu, "sigmoid": act.sigmoid}.get(self.act)

    def reference(self, x: FixedArray) -> FixedArray:
        y = dl.dense(x, self.res_t, self.cfg, self.w, self.b, path="reference")
        if self.act == "none":
            return y
        return self.twin()(y, self.act_t, self.act_cfg, tables=False)

    def step(self, k: int, x: FixedArray, source: str) -> tuple[Step, FixedArray]:
        """What ``Network._forward`` records for this layer: its activation fused into the kernel
        pass where it can be, else run after it (then the step is no single pass, and no stage)."""
        table = None if self.act == "none" else elementwise.table_for(self.twin(), self.res_t, self.act_t,
                                                                      self.act_cfg)
        mac = macc.MacPass(epilogue=None if table is None else macc.FusedActivation(table, self.res_t, self.act_t),
                         stages=[])
        out = dl.dense(x, self.res_t, self.cfg, self.w, self.b, mac=mac)
        if self.act != "none" and not mac.applied:
            out = self.twin()(out, self.act_t, self.act_cfg)
        return Step(k, k, (source,), f"y{k}", tuple(mac.stages), out), out


def _random_chain(seed: int):
    rng = np.random.default_rng(seed)
    x_t = _type(rng, 2, 16, modes=False)
    n_in = int(rng.integers(1, 20))
    shared = _type(rng, 3, 8) if rng.random() < 0.7 else None
    layers, t, n = [], x_t, n_in
    for _ in range(int(rng.integers(2, 5))):
        lay = Layer(rng, t, n, shared)
        layers.append(lay)
        t, n = lay.act_t, lay.n_out
    x = FixedArray(_raws(rng, x_t, (int(rng.integers(1, 300)), n_in)), x_t)
    return layers, x


def _steps(layers: list[Layer], x: FixedArray) -> tuple[list[Step], FixedArray]:
    """The steps ``Network._forward`` records for ``layers`` run on ``x`` (array ``"x"``), and the output."""
    steps, cur, source = [], x, "x"
    for k, lay in enumerate(layers):
        step, cur = lay.step(k, cur, source)
        steps.append(step)
        source = step.output
    return steps, cur


@pytest.mark.parametrize("seed", range(200))
def test_chain_matches_layer_by_layer_reference(seed: int) -> None:
    layers, x = _random_chain(seed)
    want = x
    for lay in layers:
        want = lay.reference(want)
    steps, cur = _steps(layers, x)
    np.testing.assert_array_equal(cur.raw, want.raw)  # the per-layer fast paths, for the record
    chains = plan_chains(steps, {s.output: 1 for s in steps}, {steps[-1].output})
    if not chains:
        pytest.skip("no two consecutive layers chain for these types")
    env = {"x": x}
    k = 0
    while k < len(steps):
        if k in chains:
            c = chains[k]
            env[c.target] = c.run(env[c.source])
            values = c.run(env[c.source], values=True)  # predict's form: float64 values, as to_float
            assert isinstance(values, np.ndarray) == (c.out_t.width <= 53)
            if isinstance(values, np.ndarray):
                np.testing.assert_array_equal(values, env[c.target].to_float())
                into = np.full(values.shape, np.nan)
                assert c.run(env[c.source], True, into) is into
                np.testing.assert_array_equal(into, values)
            k = c.last + 1
        else:
            env[steps[k].output] = layers[k].reference(env[steps[k].inputs[0]])
            k += 1
    got = env[steps[-1].output]
    assert got.type == want.type
    np.testing.assert_array_equal(got.raw, want.raw)


def test_random_chains_mostly_apply() -> None:
    """The random cases above exercise the chain kernel in both lane widths, not only its skips."""
    applied, lanes = 0, set()
    for seed in range(60):
        layers, x = _random_chain(seed)
        steps, cur = _steps(layers, x)
        chains = plan_chains(steps, {s.output: 1 for s in steps}, {steps[-1].output})
        applied += bool(chains)
        lanes |= {c.lanes16 for c in chains.values()}
    assert applied >= 20 and lanes == {True, False}


@settings(max_examples=300, deadline=None)
@given(st.integers(-15, 15), st.integers(-(1 << 15), (1 << 15) - 1), st.data())
def test_mac16_row_matches_its_reference(s: int, w: int, data) -> None:
    """The hand-written int16 vector MAC against the plain loop, at every shift."""
    row = st.lists(st.integers(-(1 << 15), (1 << 15) - 1), min_size=lanes16.ROW, max_size=lanes16.ROW)
    x = np.array(data.draw(row), dtype=np.int16)
    acc = np.array(data.draw(row), dtype=np.int16)
    want = acc.copy()
    lanes16.mac16_row_reference(want, x, w, s)
    _mac16(acc, x, w, s)
    np.testing.assert_array_equal(acc, want)


@nb.njit(cache=True)
def _mac16(acc, x, w, s):
    lanes16.mac16_row(acc, x, w, s)


@settings(max_examples=200, deadline=None)
@given(st.integers(-15, 15), st.integers(1, 40), st.integers(1, 2 * lanes16.TILE + 1), st.integers(0, 2**32 - 1))
def test_dot16_tiles_match_their_reference(s: int, n_taps: int, n_out: int, seed: int) -> None:
    """The register-tiled int16 dot products (missing taps, zero weights, taps of small weights
    and of large ones, every shift) against the plain loop on exact products."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(-(1 << 15), 1 << 15, (n_taps + 2, lanes16.ROW)).astype(np.int16)
    idx = rng.integers(-1, n_taps + 2, n_taps).astype(np.int64)
    m = (rng.integers(-(1 << 15), 1 << 15, (n_taps, n_out)) >> rng.integers(0, 16, (n_taps, n_out))).astype(np.int16)
    m[rng.random(n_taps) < 0.5] >>= 16 - max(s, 1)  # whole taps of small weights (the one-product path)
    m[rng.random(m.shape) < 0.3] = 0
    m[:, rng.random(n_out) < 0.2] = 0
    acc = rng.integers(-(1 << 15), 1 << 15, (n_out, lanes16.ROW)).astype(np.int16)
    want = acc.copy()
    lanes16.dot16_reference(want, rows, idx, m, 0, n_out, s)
    mh, kind = lanes16.dot16_plan(m, s)
    a0 = rng.integers(-(1 << 40), 1 << 40, n_out)  # fresh accumulators from int64 initial values
    fresh = np.broadcast_to(((a0 + (1 << 15)) % (1 << 16) - (1 << 15)).astype(np.int16)[:, None], acc.shape).copy()
    lanes16.dot16_reference(fresh, rows, idx, m, 0, n_out, s)
    got = rng.integers(-(1 << 15), 1 << 15, acc.shape).astype(np.int16)  # ignored with a0
    _dot16(acc, rows, idx, m, mh, kind, s)
    _dot16_from(got, rows, idx, m, mh, kind, s, a0)
    np.testing.assert_array_equal(acc, want)
    np.testing.assert_array_equal(got, fresh)


@nb.njit(cache=True)
def _dot16(acc, rows, idx, m, mh, kind, s):
    lanes16.dot16_rows(acc, rows, idx, m, mh, kind, s, None)


@nb.njit(cache=True)
def _dot16_from(acc, rows, idx, m, mh, kind, s, a0):
    lanes16.dot16_rows(acc, rows, idx, m, mh, kind, s, a0)


@pytest.mark.parametrize("s", [-15, -3, 0, 1, 10, 15])
def test_dot16_plan_kinds(s: int) -> None:
    """Each tile's tap kind: SKIP only for all-zero weights, ONE_PRODUCT only where every weight's
    shifted form is exact in int16 (checked here with Python integers)."""
    rng = np.random.default_rng(s + 100)
    m = (rng.integers(-(1 << 15), 1 << 15, (20, 13)) >> rng.integers(0, 16, (20, 13))).astype(np.int16)
    m[rng.random(m.shape) < 0.4] = 0
    mh, kind = lanes16.dot16_plan(m, s)
    for g, (j0, width) in enumerate(lanes16.dot16_groups(m.shape[1])):
        for t in range(m.shape[0]):
            ws = [int(w) for w in m[t, j0:j0 + width]]
            if kind[g, t] == lanes16.SKIP:
                assert not any(ws)
            elif kind[g, t] == lanes16.ONE_PRODUCT:
                for w, h in zip(ws, mh[t, j0:j0 + width]):
                    if s > 0:
                        assert -(1 << 15) <= w << (16 - s) < 1 << 15 and int(h) == w << (16 - s)
                    else:
                        assert (int(h) - (w << -s)) % (1 << 16) == 0
            else:
                assert s > 0 and any(not -(1 << (s - 1)) <= w < 1 << (s - 1) for w in ws)
    assert [w for _, w in lanes16.dot16_groups(13)] == [8, 4, 1]


def test_random_chains_use_the_int16_epilogue() -> None:
    """Some random int16-lane chains take the int16 epilogue (every stage ``epi16``), some the
    int32 one, so test_chain_matches_layer_by_layer_reference checks both against the reference
    twins."""
    kinds = set()
    for seed in range(200):  # the seeds of test_chain_matches_layer_by_layer_reference
        layers, x = _random_chain(seed)
        steps, cur = _steps(layers, x)
        for c in plan_chains(steps, {s.output: 1 for s in steps}, {steps[-1].output}).values():
            if c.lanes16:
                kinds.add(bool(c.params[:, kc.EPI16].all()))
    assert kinds == {True, False}


def test_conv_then_dense_chain() -> None:
    """A conv2d (im2col index) stage feeding a dense stage, as in the benchmark's Conv2D model."""
    rng = np.random.default_rng(7)
    t = FixedType.parse("ap_fixed<16,6>")
    relu_t = FixedType.parse("ap_ufixed<8,3,AP_RND,AP_SAT>")
    mult = Config("mult", n_in=18, n_out=3, reuse_factor=1, strategy="latency", accum_t=t, bias_t=t, weight_t=t,
                  product="mult")
    cfg = Config(in_height=6, in_width=5, n_chan=2, filt_height=3, filt_width=3, n_filt=3, stride_height=1,
                 stride_width=1, pad_top=1, pad_bottom=1, pad_left=1, pad_right=1, out_height=6, out_width=5,
                 reuse_factor=1, strategy="latency", accum_t=t, weight_t=t, bias_t=t, mult_config=mult)
    x = FixedArray(_raws(rng, t, (130, 60)), t)
    w = FixedArray(_raws(rng, t, (54,)) // 8, t)
    b = FixedArray(_raws(rng, t, (3,)), t)
    dcfg = Config(n_in=90, n_out=4, reuse_factor=1, strategy="latency", product="mult", accum_t=t, weight_t=t,
                  bias_t=t)
    dw = FixedArray(_raws(rng, t, (360,)) // 16, t)
    db = FixedArray(_raws(rng, t, (4,)), t)
    relu_cfg = Config(n_in=90)
    want = dl.dense(act.relu(cl.conv_2d_cl(x, t, cfg, w, b, path="reference"), relu_t, relu_cfg, tables=False), t,
                    dcfg, dw, db, path="reference")
    table = elementwise.table_for(act.relu, t, relu_t, relu_cfg)
    m0 = macc.MacPass(epilogue=macc.FusedActivation(table, t, relu_t), stages=[])
    y0 = cl.conv_2d_cl(x, t, cfg, w, b, mac=m0)
    assert m0.applied
    m1 = macc.MacPass(stages=[])
    y1 = dl.dense(y0, t, dcfg, dw, db, mac=m1)
    steps = [Step(0, 1, ("x",), "a", tuple(m0.stages), y0), Step(2, 2, ("a",), "y", tuple(m1.stages), y1)]
    chains = plan_chains(steps, {"a": 1, "y": 0}, {"y"})
    assert list(chains) == [0] and chains[0].params[0, kc.N_PIX] == 30
    assert chains[0].params[0, kc.ACT_KIND] == kc.MAX_CAST_ACT  # the relu became a max and a cast
    np.testing.assert_array_equal(chains[0].run(x).raw, want.raw)


@pytest.mark.parametrize("seed", range(40))
def test_max_cast_form_recognises_relu_and_rejects_others(seed: int) -> None:
    rng = np.random.default_rng(seed)
    data_t, res_t = _type(rng, 2, 14), _type(rng, 2, 14)
    cfg = Config(n_in=1, table_size=1024, table_t=FixedType.parse("ap_fixed<18,8>"))
    relu = elementwise.table_for(act.relu, data_t, res_t, cfg)
    form = max_cast_form(relu, data_t, res_t)
    assert form is not None and form[0] in (0, data_t.min_raw)  # an unsigned input's relu is linear
    sig = elementwise.table_for(act.sigmoid, data_t, res_t, cfg)
    sig_form = max_cast_form(sig, data_t, res_t)
    if sig_form is not None:  # only where the sigmoid table happens to be that cast (a 2-bit type, say)
        domain = np.arange(data_t.min_raw, data_t.max_raw + 1)
        np.testing.assert_array_equal(FixedArray(np.maximum(domain, sig_form[0]), data_t).cast(res_t).raw, sig)


def test_stage_of_rejects_what_the_kernel_cannot_do() -> None:
    """int64 lanes (wide data) and rounding products stay on the per-layer kernels."""
    rng = np.random.default_rng(3)
    wide = FixedType.parse("ap_fixed<24,8>")
    t = FixedType.parse("ap_fixed<16,6>")
    cfg = Config(n_in=4, n_out=3, reuse_factor=1, strategy="latency", product="mult", accum_t=t, weight_t=t,
                 bias_t=t)
    w = FixedArray(_raws(rng, t, (12,)), t)
    b = FixedArray(_raws(rng, t, (3,)), t)
    for x_t, accum_t in ((wide, t), (t, FixedType.parse("ap_fixed<16,6,AP_RND>"))):
        c = cfg.replace(accum_t=accum_t)
        x = FixedArray(_raws(rng, x_t, (5, 4)), x_t)
        mac = macc.MacPass(stages=[])
        y = dl.dense(x, t, c, w, b, mac=mac)
        assert stage_of(Step(0, 0, ("x",), "y", tuple(mac.stages), y)) is None


def _special_reals(rng: np.random.Generator, t: FixedType, shape) -> np.ndarray:
    """Reals around ``t``'s range: ties of its LSB, overflowing values, +-inf, huge and subnormal."""
    lsb = 2.0 ** -t.frac
    x = rng.integers(2 * t.min_raw - 3, 2 * t.max_raw + 4, size=shape) * (lsb / 2)  # many ties
    x += np.where(rng.random(shape) < 0.3, rng.normal(0, lsb, shape), 0.0)
    flat = x.reshape(-1)
    specials = [np.inf, -np.inf, 1e300, -1e300, 5e-324, -5e-324, 0.0, -0.0, 2.0**60, -2.0**60]
    flat[:len(specials)] = specials[:flat.size]
    return x


@pytest.mark.parametrize("batch", [300, 4100])
def test_chain_quantizes_its_float_input(batch: int) -> None:
    """A chain reading a network input quantizes the reals itself (``Chain.qin``; the small-batch
    path and, at 4,100 rows, the kernel): the same raws as quantizing first (conversion.quantize,
    tested against the headers), on LSB ties, overflow, infinities and subnormals."""
    from fxsim.conversion import quantize

    tried = set()
    # seeds 0 (int32 lanes) and 105 (int16 lanes and epilogue): chains whose kernels other tests compile too
    # (tests/test_small_batch.py CHAIN_SEEDS; each chain kernel costs ~60 s of CPU on a cold cache)
    for seed in (0, 105):
        layers, x = _random_chain(seed)
        steps, cur = _steps(layers, x)
        chains = plan_chains(steps, {"x": 1, **{s.output: 1 for s in steps}}, {steps[-1].output}, {"x": x.type})
        c = chains.get(0)
        if c is None or c.qin is None or c.lanes16 in tried:
            continue
        tried.add(c.lanes16)
        reals = _special_reals(np.random.default_rng(seed), x.type, (batch, x.shape[1]))
        want = c.run(FixedArray(quantize(reals, x.type), x.type))
        np.testing.assert_array_equal(c.run(reals).raw, want.raw)
        np.testing.assert_array_equal(c.run(reals.astype(np.float32)).raw,
                                      c.run(FixedArray(quantize(reals.astype(np.float32), x.type), x.type)).raw)
        if len(tried) == 2:
            break
    assert tried == {True, False}


def _chain_with_softmax(seed: int):
    """A random chain (or None) followed by a random softmax_stable/latency config over its output:
    ``(chain, chain with the softmax, softmax twin, res_t, cfg, x)``."""
    from fxsim.layers import softmax as sm

    layers, x = _random_chain(seed)
    steps, _ = _steps(layers, x)
    chains = plan_chains(steps, {s.output: 1 for s in steps}, {steps[-1].output})
    c = chains.get(0)
    if c is None or c.last != len(layers) - 1:
        return None
    rng = np.random.default_rng(seed + 1000)
    res_t = _type(rng, 6, 18, signed=True)
    cfg = sm.softmax_config(c.n_res, c.out_t, accum_t=_type(rng, 10, 18, signed=True),
                            implementation=["stable", "latency"][seed % 2],
                            table_size=1 << int(rng.integers(6, 11)), exp_table_t=_type(rng, 12, 18, signed=True),
                            inv_table_t=_type(rng, 12, 18, signed=True))
    args = sm.fused_softmax("softmax", c.out_t, res_t, cfg, c.n_res)
    if args is None:
        return None
    return c, c.with_softmax(c.last + 1, "y", res_t, args), sm.softmax, res_t, cfg, x


@pytest.mark.filterwarnings("ignore:softmax table size")
@pytest.mark.parametrize("seed", range(120))
def test_chain_with_softmax_matches_reference(seed: int) -> None:
    """A softmax fused into the chain's pass (``Chain.with_softmax``) against the chain followed by
    the softmax twin's array path (``stats`` recording: the reference, tested against the headers);
    a chain whose softmax indexes past a table returns None (its layer then raises)."""
    from fxsim.trace import Recorder, Stats

    case = _chain_with_softmax(seed)
    if case is None:
        pytest.skip("no chain over the whole random network, or a softmax the row kernel does not take")
    c, fused, softmax, res_t, cfg, x = case
    mid = c.run(x)
    try:
        want = softmax(mid, res_t, cfg, stats=Recorder(Stats(), "softmax"))
    except ValueError:  # an index past a table's end (the C++ reads past the array)
        assert fused.run(x) is None
        return
    got = fused.run(x)
    assert got.type == res_t
    np.testing.assert_array_equal(got.raw, want.raw)


@pytest.mark.filterwarnings("ignore:softmax table size")
def test_random_softmax_chains_mostly_apply() -> None:
    """The cases above run chains with a softmax in both lane widths, not only skips."""
    cases = [c for c in map(_chain_with_softmax, range(120)) if c is not None]
    assert len(cases) >= 30 and {c[1].lanes16 for c in cases} == {True, False}
