"""Differential tests of fxsim's ``embedding`` twin against ``nnet_embed.h`` / ``nnet_embed_stream.h``.

One generated C++ binary holds several configurations (random ``data_T``: ``ap_fixed`` with
fraction bits, negative or over-wide integer bits, ``ap_ufixed``, ``ap_int``, ``ap_uint``; random
``embeddings_t`` and ``res_T`` so that the store rounds, saturates and wraps). For every sample the
harness prints three things, all computed by the real headers:

* the subscript the header uses for each output, read through an identity table
  (``nnet::embedding`` with ``embeddings_t = ap_int<32>`` and ``table[k] = k``, padded on both sides
  so that out-of-range subscripts are defined reads);
* the io_parallel ``nnet::embedding`` result with the real table;
* the io_stream ``nnet::embedding`` result (one ``nnet::array<data_T, n_in>`` in, ``n_in`` packs of
  ``n_out`` out).

fxsim must reproduce every subscript (fast Numba path and Python-integer reference path), both
results bit for bit on samples whose subscripts are in range, and raise a clear error on the others.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import layer_io
import numpy as np
import pytest
from fxsim.kernels import embed as ke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import lookup
from fxsim.layers.embed import embedding, embedding_index
from fxsim.types import FixedType

PAD = 1 << 12


@dataclass
class Case:
    n_in: int
    n_out: int
    vocab: int
    data: FixedType
    emb: FixedType
    res: FixedType

    def config(self, io_type: str = "io_parallel") -> Config:
        return Config("config", n_in=self.n_in, n_out=self.n_out, vocab_size=self.vocab, embeddings_t=self.emb,
                      io_type=io_type, reuse_factor=1)

    def cpp(self, k: int) -> str:
        n_tab, n_y = self.vocab * self.n_out, self.n_in * self.n_out
        d, e, r = str(self.data), str(self.emb), str(self.res)
        return f"""
struct config{k} : nnet::embed_config {{
    static const unsigned n_in = {self.n_in};
    static const unsigned n_out = {self.n_out};
    static const unsigned vocab_size = {self.vocab};
    static const unsigned io_type = nnet::io_parallel;
    static const unsigned reuse_factor = 1;
    typedef {e} embeddings_t;
}};
struct config{k}_id : config{k} {{ typedef ap_int<32> embeddings_t; }};
static void run_{k}() {{
    static {e} tab[{PAD} + {n_tab} + {PAD}];
    static ap_int<32> ident[{PAD} + {n_tab} + {PAD}];
    for (int p = 0; p < {PAD} + {n_tab} + {PAD}; p++) ident[p] = p - {PAD};
    rd_arr(tab + {PAD}, {n_tab});
    int n = rd_int();
    for (int s = 0; s < n; s++) {{
        {d} x[{self.n_in}];
        rd_arr(x, {self.n_in});
        ap_int<32> idx[{n_y}];
        nnet::embedding<{d}, ap_int<32>, config{k}_id>(x, idx, ident + {PAD});
        {r} y[{n_y}];
        nnet::embedding<{d}, {r}, config{k}>(x, y, tab + {PAD});
        hls::stream<nnet::array<{d}, {self.n_in}> > in("in");
        hls::stream<nnet::array<{r}, {self.n_out}> > out("out");
        nnet::array<{d}, {self.n_in}> pack;
        for (int j = 0; j < {self.n_in}; j++) pack[j] = x[j];
        in.write(pack);
        nnet::embedding<nnet::array<{d}, {self.n_in}>, nnet::array<{r}, {self.n_out}>, config{k}>(in, out, tab + {PAD});
        {r} ys[{n_y}];
        for (int j = 0; j < {self.n_in}; j++) {{
            nnet::array<{r}, {self.n_out}> o = out.read();
            for (int i = 0; i < {self.n_out}; i++) ys[j * {self.n_out} + i] = o[i];
        }}
        for (int q = 0; q < {n_y}; q++) wr(idx[q]);
        for (int q = 0; q < {n_y}; q++) wr(y[q]);
        wr_arr(ys, {n_y});
    }}
}}
"""


HEADERS = ["hls_stream.h", "nnet_utils/nnet_types.h", "nnet_utils/nnet_embed.h", "nnet_utils/nnet_embed_stream.h"]


KINDS = ["fixed", "ufixed", "int", "uint", "wide_int_bits", "neg_int_bits", "fixed", "fixed", "ufixed", "int"]


def _data_type(r: random.Random, kind: str) -> FixedType:
    """Token types whose whole range stays inside the identity table's padding."""
    if kind == "int":
        return FixedType(w := r.randint(2, 7), w, True, is_int=True)
    if kind == "uint":
        return FixedType(w := r.randint(1, 6), w, False, is_int=True)
    if kind == "wide_int_bits":  # I > W: steps of 2**(I - W)
        w = r.randint(2, 4)
        return FixedType(w, w + r.randint(1, 2), r.random() < 0.7, r.choice(["AP_TRN", "AP_RND"]))
    if kind == "neg_int_bits":  # |x| < 1/2
        return FixedType(r.randint(2, 10), r.randint(-3, 0), True)
    w = r.randint(3, 14)
    return FixedType(w, r.randint(1, min(w, 5)), kind == "fixed", r.choice(["AP_TRN", "AP_RND_CONV"]))


def _cases() -> list[Case]:
    r = random.Random(6031)
    cases = []
    for kind in KINDS:
        res = layer_io.random_type(r, 12)
        emb = layer_io.random_type(r, 14, modes=False)
        while not layer_io.castable(emb, res):
            res = layer_io.random_type(r, 12)
        cases.append(Case(r.randint(1, 5), r.randint(1, 6), r.randint(1, 12), _data_type(r, kind), emb, res))
    # hls4ml's defaults: ap_fixed<16,6> tokens and table, a narrow saturating output
    cases.append(Case(4, 3, 10, FixedType(16, 6), FixedType(16, 6), FixedType(6, 2, True, "AP_RND", "AP_SAT")))
    return cases


CASES = _cases()
BATCH = 24


@functools.cache
def _exe():
    return layer_io.build(layer_io.source(HEADERS, {k: c.cpp(k) for k, c in enumerate(CASES)}), "embed")


def _arrays(c: Case, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Table raws and tokens: mostly values in ``[-1, vocab]`` (so most samples are in range and
    negative fractions occur), plus any value of the type."""
    rng = np.random.default_rng(seed)
    table = layer_io.raw_values(rng, c.emb, c.vocab * c.n_out)
    x = layer_io.raw_values(rng, c.data, (BATCH, c.n_in))
    scale = 2.0 ** c.data.frac

    def uniform(lo: float, hi: float) -> np.ndarray:
        a = max(c.data.min_raw, int(np.ceil(lo * scale)))
        b = min(c.data.max_raw, int(np.floor(hi * scale)))
        return rng.integers(a, max(a, b), size=(BATCH, c.n_in), endpoint=True)

    u = rng.random((BATCH, c.n_in))
    return table, np.where(u < 0.85, uniform(0, c.vocab - 1), np.where(u < 0.95, uniform(-1, 0), x))


def _split(c: Case, out: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = c.n_in * c.n_out
    return out[:, :n], out[:, n:2 * n], out[:, 2 * n:]


def test_cases_cover_types() -> None:
    d = [c.data for c in CASES]
    assert any(t.is_int and t.signed for t in d) and any(t.is_int and not t.signed for t in d)
    assert any(t.frac > 0 and t.signed for t in d) and any(t.frac > 0 and not t.signed for t in d)
    assert any(t.frac < 0 for t in d) and any(t.integer <= 0 for t in d)
    modes = {c.res.overflow for c in CASES}
    assert {"AP_WRAP"} < modes and modes & {"AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1))
def test_embedding_matches_headers(seed: int) -> None:
    arrays = [_arrays(c, seed + k) for k, c in enumerate(CASES)]
    outs = layer_io.run_cases(_exe(), [(k, [t, x], BATCH) for k, (t, x) in enumerate(arrays)])
    n_ok = n_bad = 0
    for k, c in enumerate(CASES):
        table, x = arrays[k]
        want_idx, want_par, want_str = _split(c, outs[k])
        data = FixedArray(x, c.data)
        for reference in (False, True):
            np.testing.assert_array_equal(embedding_index(data, c.n_out, reference=reference), want_idx,
                                          err_msg=f"case {k} {c} reference={reference}")
        ok = ((want_idx >= 0) & (want_idx < c.vocab * c.n_out)).all(axis=1)
        n_ok, n_bad = n_ok + int(ok.sum()), n_bad + int((~ok).sum())
        tab = FixedArray(table, c.emb)
        for io_type, want in (("io_parallel", want_par), ("io_stream", want_str)):
            fn = lookup("embedding")
            if ok.any():
                got = fn(FixedArray(x[ok], c.data), c.res, c.config(io_type), tab).raw
                bad = np.argwhere(got != want[ok])
                assert bad.size == 0, (f"case {k} {c} {io_type}: {len(bad)} mismatches, first {bad[:3].tolist()}: "
                                       f"fxsim {got[tuple(bad[0])]} vs C++ {want[ok][tuple(bad[0])]}")
            for b in np.flatnonzero(~ok)[:2]:
                with pytest.raises(ValueError, match="config: embedding input .* outside"):
                    fn(FixedArray(x[b:b + 1], c.data), c.res, c.config(io_type), tab)
    assert n_ok > BATCH * len(CASES) // 3 and n_bad > 0


def test_fast_index_kernel_matches_reference() -> None:
    """The Numba subscript kernel against the Python-integer path on many types and values."""
    r = random.Random(3)
    rng = np.random.default_rng(3)
    for _ in range(300):
        w = r.randint(1, 40)
        t = FixedType(w, r.randint(-8, w + 8), r.random() < 0.6)
        n_out = r.randint(1, 70)
        raw = layer_io.raw_values(rng, t, (3, r.randint(1, 4)))
        got = ke.embed_index(raw, t.frac, n_out)
        np.testing.assert_array_equal(got, ke.embed_index_reference(raw, t.frac, n_out).astype(np.int64),
                                      err_msg=str(t))


def test_bad_inputs_raise_clear_errors() -> None:
    t = FixedType(8, 4)
    cfg = Config("config5", n_in=2, n_out=2, vocab_size=3, embeddings_t=t)
    table = FixedArray.from_float(np.zeros(6), t)
    with pytest.raises(ValueError, match=r"config5: embedding input 3.0 \(sample 0, position 1\) reads "
                                         r"embeddings\[6\]"):
        embedding(FixedArray.from_float([[0.0, 3.0]], t), t, cfg, table)
    with pytest.raises(ValueError, match=r"config5: embedding expects data of shape \(batch, 2\)"):
        embedding(FixedArray.from_float([[0.0, 1.0, 2.0]], t), t, cfg, table)
    with pytest.raises(ValueError, match="config5: embeddings has 4 values, expected vocab_size"):
        embedding(FixedArray.from_float([[0.0, 1.0]], t), t, cfg, FixedArray.from_float(np.zeros(4), t))
