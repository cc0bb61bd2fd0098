"""LSTM/GRU twins against the real ``nnet_recurrent.h`` templates, bit for bit.

One generated C++ translation unit holds every configuration of :data:`CASES` (fixed seed, so the
build cache hits), written as hls4ml's ``recurrent_templates.py`` writes them: two
``nnet::dense_config`` structs (input and recurrent kernels), the recurrent and the state
activation configs, and the ``nnet::lstm_config``/``gru_config``. Each case runs one of:

* ``stack``: ``nnet::lstm_stack``/``gru_stack`` on arrays (io_parallel), static or not;
* ``stream``: the ``hls::stream<nnet::array<…>>`` overload (io_stream);
* ``steps``: ``nnet::lstm_static`` called in ``lstm_stack``'s loop. The io_parallel
  ``lstm_stack`` only compiles when input, output and accumulator types coincide (it instantiates
  the non-static ``nnet::lstm``, which passes ``accum_t`` arrays as ``res_T``), so distinct types,
  rounding and overflow modes of the LSTM step are exercised this way.

Types are drawn with random rounding and overflow modes (wrap, saturation, symmetric saturation);
the accumulators are kept narrow enough that sums and products overflow. The fast execution path is
compared with the reference path as well.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass

import harness
import layer_io
import numpy as np
import pytest

from fxsim import trace as tracing
from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.types import FixedType

P = FixedType.parse


@dataclass(frozen=True)
class Case:
    cell: str  # "lstm" | "gru"
    kind: str  # "stack" | "stream" | "steps"
    n_in: int
    n_state: int
    n_seq: int
    return_sequences: bool
    use_static: bool
    pytorch_order: bool
    strategy: str  # "latency" | "resource"
    rf1: int
    rf2: int
    recr_act: str
    act: str
    table_size: int
    table_t: FixedType
    act_table_t: FixedType
    input_t: FixedType
    res_t: FixedType
    accum_t: FixedType
    weight_t: FixedType
    rweight_t: FixedType
    bias_t: FixedType
    rbias_t: FixedType

    @property
    def n_mult(self) -> int:
        return 4 if self.cell == "lstm" else 3

    @property
    def n_seq_out(self) -> int:
        return self.n_seq if self.return_sequences else 1

    def kernel(self, n_in: int, rf: int) -> str:
        if self.strategy == "latency":
            return "DenseLatency"
        return "DenseResource_rf_leq_nin" if rf <= n_in else "DenseResource_rf_gt_nin_rem0"

    def config(self) -> Config:
        m = self.n_mult
        n = self.n_state

        def mult(n_in: int, rf: int, w_t: FixedType, b_t: FixedType, idx: int) -> Config:
            return Config(f"config_{idx}", n_in=n_in, n_out=m * n, strategy=self.strategy, reuse_factor=rf,
                          n_zeros=0, accum_t=self.accum_t, weight_t=w_t, bias_t=b_t,
                          kernel=self.kernel(n_in, rf), product="mult")

        recr = Config("recr", n_in=(m - 1) * n, table_size=self.table_size, table_t=self.table_t)
        act = Config("act", n_in=n, table_size=self.table_size, table_t=self.act_table_t)
        return Config("config", n_in=self.n_in, n_out=n, n_state=n, n_sequence=self.n_seq,
                      n_sequence_out=self.n_seq_out, accum_t=self.accum_t, weight_t=self.weight_t,
                      recurrent_weight_t=self.rweight_t, bias_t=self.bias_t, recurrent_bias_t=self.rbias_t,
                      mult_config1=mult(self.n_in, self.rf1, self.weight_t, self.bias_t, 1),
                      mult_config2=mult(n, self.rf2, self.rweight_t, self.rbias_t, 2),
                      **{f"ACT_CONFIG_{self.cell.upper()}": recr}, ACT_CONFIG_T=act,
                      activation_recr=self.recr_act, activation=self.act, use_static=self.use_static,
                      pytorch_order=self.pytorch_order, io_type="io_parallel", reuse_factor=self.rf1)


# ------------------------------------------------------------------------------------ configurations
def _valid_rfs(n_in: int, n_out: int) -> list[int]:
    """hls4ml's ``_validate_reuse_factor``."""
    out = []
    for rf in range(1, n_in * n_out + 1):
        ml = -(-(n_in * n_out) // min(n_in, rf))
        if (ml % n_out == 0 or rf >= n_in) and (rf % n_in == 0 or rf < n_in) and (n_in * n_out) % rf == 0:
            out.append(rf)
    return out


_Q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_TRN_ZERO", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF"]
_O = ["AP_WRAP", "AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"]


def _t(r: random.Random, wmin: int, wmax: int, imin: int, imax: int, modes: bool = True,
       o: str | None = None) -> FixedType:
    w = r.randint(wmin, wmax)
    i = r.randint(imin, min(imax, w))
    if not modes:
        return FixedType(w, i, True)
    return FixedType(w, i, True, r.choice(_Q), o or r.choice(_O))


def _make_case(r: random.Random, k: int, cell: str, kind: str, same_types: bool) -> Case:
    n_in, n_state, n_seq = r.randint(1, 4), r.randint(1, 4), r.randint(1, 6)
    m = 4 if cell == "lstm" else 3
    strategy = r.choice(["latency", "latency", "resource"])
    rf1 = r.choice([x for x in _valid_rfs(n_in, m * n_state)]) if strategy == "resource" else 1
    rf2 = r.choice([x for x in _valid_rfs(n_state, m * n_state)]) if strategy == "resource" else 1
    # overflow of the accumulator cycles through wrap / saturation / symmetric saturation
    accum_t = _t(r, 10, 20, 2, 6, o=_O[k % len(_O)])
    if same_types:
        input_t = res_t = accum_t
    else:
        input_t = _t(r, 6, 14, 1, 5)
        res_t = _t(r, 6, 16, 1, 4)
    return Case(
        cell=cell, kind=kind, n_in=n_in, n_state=n_state, n_seq=n_seq,
        return_sequences=r.random() < 0.5, use_static=r.random() < 0.6,
        pytorch_order=cell == "gru" and r.random() < 0.4,
        strategy=strategy, rf1=rf1, rf2=rf2,
        recr_act=r.choice(["sigmoid", "sigmoid", "sigmoid", "tanh", "relu"]),
        act=r.choice(["tanh", "tanh", "sigmoid", "relu"]),
        table_size=r.choice([256, 512, 1024, 2048]), table_t=_t(r, 10, 18, 2, 8, modes=False),
        act_table_t=_t(r, 10, 18, 2, 8, modes=False),
        input_t=input_t, res_t=res_t, accum_t=accum_t,
        weight_t=_t(r, 4, 10, 0, 3, modes=False), rweight_t=_t(r, 4, 10, 0, 3, modes=False),
        bias_t=_t(r, 4, 10, 0, 3, modes=False), rbias_t=_t(r, 4, 10, 0, 3, modes=False),
    )


def _make_cases() -> list[Case]:
    r = random.Random(7_2024)
    plan = ([("lstm", "steps", False)] * 8 + [("lstm", "stack", True)] * 4 + [("lstm", "stream", True)] * 2
            + [("gru", "stack", False)] * 8 + [("gru", "stream", False)] * 2 + [("gru", "stack", True)] * 2)
    return [_make_case(r, k, *p) for k, p in enumerate(plan)]


CASES = _make_cases()
SAMPLES = 150


# ------------------------------------------------------------------------------------ the harness
def _mult_struct(name: str, c: Case, n_in: int, rf: int, w_t: FixedType, b_t: FixedType) -> str:
    n_out = c.n_mult * c.n_state
    return f"""struct {name} : nnet::dense_config {{
    static const unsigned n_in = {n_in};
    static const unsigned n_out = {n_out};
    static const unsigned strategy = nnet::{c.strategy};
    static const unsigned reuse_factor = {rf};
    static const unsigned n_zeros = 0;
    static const unsigned n_nonzeros = {n_in * n_out};
    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor;
    static const bool store_weights_in_bram = false;
    typedef {c.accum_t} accum_t;
    typedef {b_t} bias_t;
    typedef {w_t} weight_t;
    template<class data_T, class res_T, class CONFIG_T>
    using kernel = nnet::{c.kernel(n_in, rf)}<data_T, res_T, CONFIG_T>;
    template<class x_T, class y_T>
    using product = nnet::product::mult<x_T, y_T>;
}};
"""


def _act_struct(name: str, n_in: int, table_size: int, table_t: FixedType) -> str:
    return f"""struct {name} : nnet::activ_config {{
    static const unsigned n_in = {n_in};
    static const unsigned table_size = {table_size};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;
    typedef {table_t} table_t;
}};
"""


def _cell_structs(k: int | str, c: Case) -> str:
    """The mult, activation and ``lstm_config``/``gru_config`` structs of one cell, named as hls4ml's
    ``recurrent_templates.py`` writes them (``config{k}``, ``config{k}_1``…)."""
    n, m = c.n_state, c.n_mult
    head = (_mult_struct(f"config{k}_1", c, c.n_in, c.rf1, c.weight_t, c.bias_t)
            + _mult_struct(f"config{k}_2", c, n, c.rf2, c.rweight_t, c.rbias_t)
            + _act_struct(f"recr_config{k}", (m - 1) * n, c.table_size, c.table_t)
            + _act_struct(f"act_config{k}", n, c.table_size, c.act_table_t))
    head += f"""struct config{k} : nnet::{c.cell}_config {{
    typedef {c.accum_t} accum_t;
    typedef {c.weight_t} weight_t;
    typedef {c.rweight_t} recurrent_weight_t;
    typedef {c.bias_t} bias_t;
    typedef {c.rbias_t} recurrent_bias_t;
    typedef config{k}_1 mult_config1;
    typedef config{k}_2 mult_config2;
    typedef recr_config{k} ACT_CONFIG_{c.cell.upper()};
    template<class x_T, class y_T, class config_T>
    using activation_recr = nnet::activation::{c.recr_act}<x_T, y_T, config_T>;
    typedef act_config{k} ACT_CONFIG_T;
    template<class x_T, class y_T, class config_T>
    using activation = nnet::activation::{c.act}<x_T, y_T, config_T>;
    static const unsigned n_in  = {c.n_in};
    static const unsigned n_out = {n};
    static const unsigned n_state = {n};
    static const unsigned n_sequence = {c.n_seq};
    static const unsigned n_sequence_out = {c.n_seq_out};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = {c.rf1};
    static const bool store_weights_in_bram = false;
    static const unsigned n_mult = {m};
    static const bool use_static = {str(c.use_static).lower()};
    static const bool pytorch_order = {str(c.pytorch_order).lower()};
}};
"""
    return head


def _case_source(k: int, c: Case) -> str:
    n, m = c.n_state, c.n_mult
    nw, nwr, nb = m * n * c.n_in, m * n * n, m * n
    n_x, n_y = c.n_seq * c.n_in, c.n_seq_out * n
    head = _cell_structs(k, c) + f"""typedef {c.input_t} in_t{k};
typedef {c.res_t} out_t{k};
"""
    if c.kind == "stack":
        body = f"nnet::{c.cell}_stack<in_t{k}, out_t{k}, config{k}>(x, y, w, wr, b, br);"
    elif c.kind == "stream":
        write = (f"for (int t = 0; t < {c.n_seq}; t++) {{ pin_t p; "
                 f"for (int j = 0; j < {c.n_in}; j++) p[j] = x[t * {c.n_in} + j]; xs.write(p); }}")
        read = (f"for (int t = 0; t < {c.n_seq_out}; t++) {{ pout_t p = ys.read(); "
                f"for (int j = 0; j < {n}; j++) y[t * {n} + j] = p[j]; }}")
        body = f"""typedef nnet::array<in_t{k}, {c.n_in}> pin_t;
        typedef nnet::array<out_t{k}, {n}> pout_t;
        hls::stream<pin_t> xs; hls::stream<pout_t> ys;
        {write}
        nnet::{c.cell}_stack<pin_t, pout_t, config{k}>(xs, ys, w, wr, b, br);
        {read}"""
    else:  # lstm_stack's loop around nnet::lstm_static (any types)
        body = f"""out_t{k} h[{n}], s[{n}];
        in_t{k} data_in[{c.n_in}];
        for (int i = 0; i < {n}; i++) {{ h[i] = 0; s[i] = 0; }}
        bool reset_state = true;
        for (int t = 0; t < {c.n_seq}; t++) {{
            for (int j = 0; j < {c.n_in}; j++) data_in[j] = x[j + t * {c.n_in}];
            nnet::lstm_static<in_t{k}, out_t{k}, config{k}>(reset_state, data_in, h, s, w, wr, b, br);
            if ({c.n_seq_out} > 1) for (int j = 0; j < {n}; j++) y[t * {n} + j] = h[j];
            reset_state = false;
        }}
        if ({c.n_seq_out} == 1) for (int j = 0; j < {n}; j++) y[j] = h[j];"""
    return head + f"""static void run_{k}() {{
    static config{k}::weight_t w[{nw}];
    static config{k}::recurrent_weight_t wr[{nwr}];
    static config{k}::bias_t b[{nb}];
    static config{k}::recurrent_bias_t br[{nb}];
    rd_arr(w, {nw}); rd_arr(wr, {nwr}); rd_arr(b, {nb}); rd_arr(br, {nb});
    int batch = rd_int();
    for (int i = 0; i < batch; i++) {{
        in_t{k} x[{n_x}];
        out_t{k} y[{n_y}];
        rd_arr(x, {n_x});
        {body}
        wr_arr(y, {n_y});
    }}
}}
"""


@functools.cache
def _exe():
    src = layer_io.source(["nnet_recurrent.h", "nnet_types.h"],
                          {k: _case_source(k, c) for k, c in enumerate(CASES)})
    return layer_io.build(src, "layer_recurrent")


def _case_data(k: int, c: Case) -> list[np.ndarray]:
    rng = np.random.default_rng(500 + k)
    n, m = c.n_state, c.n_mult
    return [layer_io.raw_values(rng, c.weight_t, m * n * c.n_in),
            layer_io.raw_values(rng, c.rweight_t, m * n * n),
            layer_io.raw_values(rng, c.bias_t, m * n),
            layer_io.raw_values(rng, c.rbias_t, m * n),
            layer_io.raw_values(rng, c.input_t, (SAMPLES, c.n_seq * c.n_in))]


@functools.cache
def _expected() -> list[np.ndarray]:
    return layer_io.run_cases(_exe(), [(k, _case_data(k, c), SAMPLES) for k, c in enumerate(CASES)])


def _twin_args(c: Case, arrays: list[np.ndarray]) -> tuple:
    w, wr, b, br, x = arrays
    return (FixedArray(x, c.input_t), c.res_t, c.config(), FixedArray(w, c.weight_t),
            FixedArray(wr, c.rweight_t), FixedArray(b, c.bias_t), FixedArray(br, c.rbias_t))


def _label(c: Case) -> str:
    return (f"{c.cell}-{c.kind}-{c.strategy}-s{c.n_seq}x{c.n_in}->{c.n_state}"
            f"{'-seq' if c.return_sequences else ''}-{c.recr_act}-{c.act}-{c.accum_t.overflow}")


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{k}-{_label(c)}" for k, c in enumerate(CASES)])
def test_recurrent_matches_headers(k: int) -> None:
    c = CASES[k]
    want = _expected()[k]
    _check_paths(f"{c.cell}_stack", _twin_args(c, _case_data(k, c)), want, c.res_t)


def _check_paths(function: str, args: tuple, want: np.ndarray, res_t) -> None:
    """The twin on both execution paths against the compiled header's raws."""
    for path in ("auto", "reference"):
        got = lookup(function)(*args, path=path)
        assert got.type == res_t
        assert got.raw.shape == want.shape, (got.raw.shape, want.shape)
        bad = np.nonzero((got.raw != want).any(axis=1))[0]
        assert bad.size == 0, (f"path={path}: {bad.size}/{SAMPLES} samples differ; first {bad[0]}: "
                               f"fxsim {got.raw[bad[0]].tolist()} vs C++ {want[bad[0]].tolist()}")


def test_cases_exercise_overflow_and_rounding() -> None:
    """The random configurations do hit rounding, saturation and wrap-around somewhere."""
    totals = {"rounded": 0, "saturated": 0, "wrapped": 0}
    for k, c in enumerate(CASES):
        stats = tracing.Stats()
        lookup(f"{c.cell}_stack")(*_twin_args(c, _case_data(k, c)), stats=stats.recorder("rnn"))
        for cc in stats.values():
            for key in totals:
                totals[key] += getattr(cc, key)
    assert all(v > 0 for v in totals.values()), totals


def test_bidirectional_cases_exercise_overflow_and_rounding() -> None:
    totals = {"rounded": 0, "saturated": 0, "wrapped": 0, "table_clamped": 0}
    for k, c in enumerate(BI_CASES):
        stats = tracing.Stats()
        lookup("bidirectional_stack")(*_bi_args(c, _bi_data(k, c)), stats=stats.recorder("bi"))
        for cc in stats.values():
            for key in totals:
                totals[key] += getattr(cc, key)
    assert all(v > 0 for v in totals.values()), totals


def test_trace_reports_each_time_step() -> None:
    c = next(c for c in CASES if c.n_seq >= 3)
    k = CASES.index(c)
    stats = tracing.Stats()
    lookup(f"{c.cell}_stack")(*_twin_args(c, _case_data(k, c)), stats=stats.recorder("lstm1"))
    steps = {lay for lay, _ in stats}
    assert steps == {f"lstm1[t={t}]" for t in range(c.n_seq)}


def test_initial_state_overload_starts_from_given_state() -> None:
    """``gru_stack(data, h0, …)``: zero initial states give the plain overload's result."""
    k, c = next((k, c) for k, c in enumerate(CASES) if c.cell == "gru")
    x, res_t, cfg, *params = _twin_args(c, _case_data(k, c))
    h0 = FixedArray(np.zeros((SAMPLES, c.n_state), dtype=np.int64), c.res_t)
    plain = lookup("gru_stack")(x, res_t, cfg, *params)
    assert np.array_equal(lookup("gru_stack")(x, h0, res_t, cfg, *params).raw, plain.raw)


# ------------------------------------------------------------------------------------ bidirectional
@dataclass(frozen=True)
class BiCase:
    """``nnet::bidirectional_stack`` with a forward and a backward cell (each an LSTM or a GRU, own
    sizes and types), both ``*_class_static`` or both ``*_class`` as hls4ml writes them."""

    fwd: Case
    bwd: Case
    use_static: bool

    @property
    def n_out(self) -> int:
        return self.fwd.n_state + self.bwd.n_state

    def alias(self, c: Case) -> str:
        return f"nnet::{c.cell}_class{'_static' if self.use_static else ''}"

    def config(self) -> Config:
        f = self.fwd
        return Config("bi_config", n_in=f.n_in, n_out=self.n_out, n_sequence=f.n_seq, n_sequence_out=f.n_seq_out,
                      FORWARD_CONFIG=self.fwd.config(), BACKWARD_CONFIG=self.bwd.config(),
                      RNNfunc_forward=self.alias(self.fwd), RNNfunc_backward=self.alias(self.bwd),
                      use_static=self.use_static, io_type="io_parallel", reuse_factor=1)


def _make_bi_cases() -> list[BiCase]:
    r = random.Random(9_2025)
    out = []
    cells = [("lstm", "lstm"), ("gru", "gru"), ("lstm", "gru"), ("gru", "lstm")]
    for k in range(10):
        fc, bc = cells[k % 4]
        static = k < 6 or r.random() < 0.5
        fwd = _make_case(r, k, fc, "bi", same_types=False)
        bwd = _make_case(r, k + 1, bc, "bi", same_types=False)
        shared = dict(n_in=fwd.n_in, n_seq=max(fwd.n_seq, 2), return_sequences=k % 2 == 0, use_static=static,
                      input_t=fwd.input_t, res_t=fwd.res_t)
        if not static and "lstm" in (fc, bc):
            # the non-static nnet::lstm only compiles when data, result and accumulator types coincide
            t = fwd.accum_t
            shared.update(input_t=t, res_t=t)
            fwd = dataclasses.replace(fwd, accum_t=t) if fc == "lstm" else fwd
            bwd = dataclasses.replace(bwd, accum_t=t) if bc == "lstm" else bwd
        out.append(BiCase(dataclasses.replace(fwd, **shared), dataclasses.replace(bwd, **shared), static))
    return out


BI_CASES = _make_bi_cases()


def _bi_source(k: int, c: BiCase) -> str:
    f, b = c.fwd, c.bwd
    n_x, n_y = f.n_seq * f.n_in, f.n_seq_out * c.n_out
    params = []
    for tag, cc in (("f", f), ("b", b)):
        m, n = cc.n_mult, cc.n_state
        params.append((f"config{k}{tag}", m * n * cc.n_in, m * n * n, m * n))
    decl = "\n".join(f"""    static {name}::weight_t w{t}[{nw}];
    static {name}::recurrent_weight_t wr{t}[{nwr}];
    static {name}::bias_t b{t}[{nb}];
    static {name}::recurrent_bias_t br{t}[{nb}];
    rd_arr(w{t}, {nw}); rd_arr(wr{t}, {nwr}); rd_arr(b{t}, {nb}); rd_arr(br{t}, {nb});"""
                     for t, (name, nw, nwr, nb) in zip("fb", params))
    return _cell_structs(f"{k}f", f) + _cell_structs(f"{k}b", b) + f"""struct config{k} : nnet::bidirectional_config {{
    typedef config{k}f FORWARD_CONFIG;
    template<class x_T, class y_T, typename config_T, bool backward>
    using RNNfunc_forward = {c.alias(f)}<x_T, y_T, config_T, backward>;
    typedef config{k}b BACKWARD_CONFIG;
    template<class x_T, class y_T, typename config_T, bool backward>
    using RNNfunc_backward = {c.alias(b)}<x_T, y_T, config_T, backward>;
    static const unsigned n_in  = {f.n_in};
    static const unsigned n_out = {c.n_out};
    static const unsigned n_sequence = {f.n_seq};
    static const unsigned n_sequence_out = {f.n_seq_out};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;
    static const bool store_weights_in_bram = false;
    static const bool use_static = {str(c.use_static).lower()};
    static const bool pytorch_order = false;
}};
typedef {f.input_t} in_t{k};
typedef {f.res_t} out_t{k};
static void run_{k}() {{
{decl}
    int batch = rd_int();
    for (int i = 0; i < batch; i++) {{
        in_t{k} x[{n_x}];
        out_t{k} y[{n_y}];
        rd_arr(x, {n_x});
        nnet::bidirectional_stack<in_t{k}, out_t{k}, config{k}>(x, y, wf, wrf, bf, brf, wb, wrb, bb, brb);
        wr_arr(y, {n_y});
    }}
}}
"""


def _bi_data(k: int, c: BiCase) -> list[np.ndarray]:
    rng = np.random.default_rng(900 + k)
    out = []
    for cc in (c.fwd, c.bwd):
        n, m = cc.n_state, cc.n_mult
        out += [layer_io.raw_values(rng, cc.weight_t, m * n * cc.n_in),
                layer_io.raw_values(rng, cc.rweight_t, m * n * n),
                layer_io.raw_values(rng, cc.bias_t, m * n), layer_io.raw_values(rng, cc.rbias_t, m * n)]
    return out + [layer_io.raw_values(rng, c.fwd.input_t, (SAMPLES, c.fwd.n_seq * c.fwd.n_in))]


@functools.cache
def _bi_expected() -> list[np.ndarray]:
    src = layer_io.source(["nnet_recurrent.h", "nnet_types.h"], {k: _bi_source(k, c) for k, c in enumerate(BI_CASES)})
    exe = layer_io.build(src, "layer_bidirectional")
    return layer_io.run_cases(exe, [(k, _bi_data(k, c), SAMPLES) for k, c in enumerate(BI_CASES)])


def _bi_args(c: BiCase, arrays: list[np.ndarray]) -> tuple:
    f, b = c.fwd, c.bwd
    wf, wrf, bf, brf, wb, wrb, bb, brb, x = arrays
    return (FixedArray(x, f.input_t), f.res_t, c.config(),
            FixedArray(wf, f.weight_t), FixedArray(wrf, f.rweight_t), FixedArray(bf, f.bias_t),
            FixedArray(brf, f.rbias_t), FixedArray(wb, b.weight_t), FixedArray(wrb, b.rweight_t),
            FixedArray(bb, b.bias_t), FixedArray(brb, b.rbias_t))


def _bi_label(c: BiCase) -> str:
    return (f"{c.fwd.cell}{c.fwd.n_state}+{c.bwd.cell}{c.bwd.n_state}-s{c.fwd.n_seq}x{c.fwd.n_in}"
            f"{'-seq' if c.fwd.return_sequences else ''}{'-static' if c.use_static else ''}")


@pytest.mark.parametrize("k", range(len(BI_CASES)), ids=[f"{k}-{_bi_label(c)}" for k, c in enumerate(BI_CASES)])
def test_bidirectional_matches_headers(k: int) -> None:
    c = BI_CASES[k]
    want = _bi_expected()[k]
    _check_paths("bidirectional_stack", _bi_args(c, _bi_data(k, c)), want, c.fwd.res_t)


def test_bidirectional_trace_names_both_directions() -> None:
    k, c = next((k, c) for k, c in enumerate(BI_CASES) if c.fwd.n_seq >= 2)
    stats = tracing.Stats()
    lookup("bidirectional_stack")(*_bi_args(c, _bi_data(k, c)), stats=stats.recorder("bi"))
    assert {lay for lay, _ in stats} == {f"bi:{d}[t={t}]" for d in ("forward", "backward") for t in range(c.fwd.n_seq)}


# ------------------------------------------------------------------------------------ per-step overflow
#: ``counted<B>``: the result type ``B`` whose conversions from other types count overflows. A
#: conversion overflowed iff the narrow result differs from the same conversion into a type with the
#: same fraction bits and quantization mode but 80 integer bits (so nothing overflows there): the
#: header's own rounding, independent of fxsim.
COUNTED = r"""
static long long g_over = 0;
template <class B> struct counted : B {
    counted() : B() {}
    counted(const counted& o) : B(o) {}
    counted& operator=(const counted& o) { B::operator=(o); return *this; }
    template <class T> counted(const T& v) : B(v) { note(v); }
    template <class T> counted& operator=(const T& v) { B::operator=(v); note(v); return *this; }
    template <class T> void note(const T& v) {
        typedef ap_fixed<B::width - B::iwidth + 80, 80, B::qmode, AP_WRAP> wide_t;
        wide_t exact = v;
        wide_t got = static_cast<const B&>(*this);
        if (exact != got) g_over++;
    }
};
"""



def _narrow_result_cases() -> dict[int, Case]:
    """Cases whose result type has 1-2 integer bits: h (and the LSTM cell state) often round or
    land beyond the range, under every overflow mode."""
    r = random.Random(31_2025)
    out = {}
    for i in range(12):
        cell = "lstm" if i % 2 == 0 else "gru"
        c = _make_case(r, i, cell, "steps", same_types=False)
        w = r.randint(5, 10)
        res_t = FixedType(w, r.randint(1, 2), True, r.choice(_Q), _O[i % len(_O)])
        out[100 + i] = dataclasses.replace(c, res_t=res_t, n_seq=max(c.n_seq, 3), return_sequences=False)
    return out


#: every (index, case) whose ``res_T`` differs from the layer's other types (so fxsim's counts, keyed
#: by type, hold exactly the conversions into ``res_T``): the main cases and the narrow-result ones
STEP_CASES_ALL = {k: c for k, c in [*enumerate(CASES), *_narrow_result_cases().items()]
                  if c.kind in ("steps", "stack") and not ({str(c.res_t)} & {str(t) for t in (
                      c.accum_t, c.input_t, c.weight_t, c.rweight_t, c.bias_t, c.rbias_t)})}
STEP_CASES = list(STEP_CASES_ALL)


def _step_source(k: int, c: Case) -> str:
    n, m = c.n_state, c.n_mult
    nw, nwr, nb = m * n * c.n_in, m * n * n, m * n
    states = f"out_t{k} h[{n}], s[{n}];" if c.cell == "lstm" else f"out_t{k} h[{n}];"
    step = ("nnet::lstm_static<in_t{k}, out_t{k}, config{k}>(reset_state, data_in, h, s, w, wr, b, br);"
            if c.cell == "lstm" else
            "nnet::gru_static<in_t{k}, out_t{k}, config{k}>(reset_state, data_in, h, w, wr, b, br);").format(k=k)
    return _cell_structs(k, c) + f"""typedef {c.input_t} in_t{k};
typedef counted<{c.res_t}> out_t{k};
static void run_{k}() {{
    static config{k}::weight_t w[{nw}];
    static config{k}::recurrent_weight_t wr[{nwr}];
    static config{k}::bias_t b[{nb}];
    static config{k}::recurrent_bias_t br[{nb}];
    rd_arr(w, {nw}); rd_arr(wr, {nwr}); rd_arr(b, {nb}); rd_arr(br, {nb});
    int batch = rd_int();
    long long per_step[{c.n_seq}] = {{0}};
    for (int i = 0; i < batch; i++) {{
        in_t{k} x[{c.n_seq * c.n_in}];
        rd_arr(x, {c.n_seq * c.n_in});
        {states}
        in_t{k} data_in[{c.n_in}];
        bool reset_state = true;
        for (int t = 0; t < {c.n_seq}; t++) {{
            for (int j = 0; j < {c.n_in}; j++) data_in[j] = x[j + t * {c.n_in}];
            long long before = g_over;
            {step}
            per_step[t] += g_over - before;
            reset_state = false;
        }}
    }}
    for (int t = 0; t < {c.n_seq}; t++) std::printf("%lld ", per_step[t]);
    std::printf("\\n");
}}
"""


@functools.cache
def _step_counts() -> dict[int, np.ndarray]:
    src = layer_io.source(["nnet_recurrent.h", "nnet_types.h", "#include <ap_fixed.h>"],
                          {k: COUNTED * (k == STEP_CASES[0]) + _step_source(k, STEP_CASES_ALL[k]) for k in STEP_CASES})
    exe = layer_io.build(src, "layer_recurrent_steps")
    lines = []
    for k in STEP_CASES:
        *params, x = _case_data(k, STEP_CASES_ALL[k])
        lines += [str(k), *(layer_io.ints(p) for p in params), str(SAMPLES), *(layer_io.ints(r) for r in x)]
    out = harness.run(exe, "\n".join(lines) + "\n").splitlines()
    return {k: np.array([int(v) for v in row.split()]) for k, row in zip(STEP_CASES, out)}


@pytest.mark.parametrize("k", STEP_CASES, ids=[f"{k}-{_label(STEP_CASES_ALL[k])}" for k in STEP_CASES])
def test_trace_per_step_overflow_matches_headers(k: int) -> None:
    """Per time step, the overflows fxsim's trace reports for ``res_T`` (saturated + wrapped) equal
    the conversions into ``res_T`` that overflowed in the compiled ``lstm_static``/``gru_static``."""
    c = STEP_CASES_ALL[k]
    want = _step_counts()[k]
    stats = tracing.Stats()
    lookup(f"{c.cell}_stack")(*_twin_args(c, _case_data(k, c)), stats=stats.recorder("rnn"))
    got = []
    for t in range(c.n_seq):
        cc = stats.get((f"rnn[t={t}]", str(c.res_t)))
        got.append(0 if cc is None else cc.saturated + cc.wrapped)
    assert got == want.tolist(), f"per step: fxsim {got} vs C++ {want.tolist()} ({c.res_t})"


def test_per_step_cases_overflow() -> None:
    """The header-side counts are not all zero (the comparison above means something)."""
    assert sum(int(v.sum()) for v in _step_counts().values()) > 0


def test_mismatched_parameter_sizes_name_the_layer() -> None:
    """A project whose config sizes disagree with its weight arrays (hls4ml's PyTorch converter with
    ``channels_last_conversion='full'`` swaps an RNN's n_in and n_sequence but not its weights) is
    refused with the layer, the sizes and the array."""
    k, c = next((k, c) for k, c in enumerate(CASES) if c.cell == "lstm")
    x, res_t, cfg, w, *rest = _twin_args(c, _case_data(k, c))
    short = FixedArray(w.raw[: w.size - 1], w.type)
    with pytest.raises(ValueError, match=r"layer 'rnn': lstm_stack .* needs \d+ weights"):
        lookup("lstm_stack")(x, res_t, cfg, short, *rest, stats=tracing.Recorder(None, "rnn"))
