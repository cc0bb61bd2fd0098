"""Shared plumbing for the layer differential suites (conv, pooling, merge, reshape).

One generated C++ binary per suite holds several compile-time configurations; each is a function
``run_<k>()`` that reads its runtime arrays (weights, biases, a batch of samples) as decimal raw
integers from stdin and prints the raw results, one sample per line. The driver loop reads the
case number ``k`` and dispatches, so one process serves every case of a suite::

    src = layer_io.source({0: "static void run_0() { ... }"})
    exe = layer_io.build(src, "pool")
    out = layer_io.run_cases(exe, [(0, [x_raw])])   # -> [ndarray (batch, n_out)]

Raw values are the W-bit register read as a signed (``ap_fixed``/``ap_int``) or unsigned
(``ap_ufixed``/``ap_uint``) integer, which is also fxsim's raw representation; widths stay <= 63.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import harness
import numpy as np

from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType

CPP_IO = r"""
#include <ap_fixed.h>
#include <ap_int.h>
#include <cstdio>

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
static void rd(ap_fixed_base<W, I, S, Q, O, N>& x) {
  long long v = 0;
  if (std::scanf("%lld", &v) != 1) std::fprintf(stderr, "bad raw\n");
  ap_int_base<W, S> t(v);
  x.V = t.V;
}
template <int W, bool S>
static void rd(ap_int_base<W, S>& x) {
  long long v = 0;
  if (std::scanf("%lld", &v) != 1) std::fprintf(stderr, "bad raw\n");
  ap_int_base<W, S> t(v);
  x.V = t.V;
}
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
static void wr(const ap_fixed_base<W, I, S, Q, O, N>& x) {
  ap_int_base<W, S> t;
  t.V = x.V;
  std::printf("%lld ", (long long)t.to_int64());
}
template <int W, bool S>
static void wr(const ap_int_base<W, S>& x) {
  std::printf("%lld ", (long long)x.to_int64());
}
template <class T> static void rd_arr(T* x, int n) { for (int i = 0; i < n; i++) rd(x[i]); }
template <class T> static void wr_arr(const T* x, int n) {
  for (int i = 0; i < n; i++) wr(x[i]);
  std::printf("\n");
}
static int rd_int() { int n = 0; if (std::scanf("%d", &n) != 1) std::fprintf(stderr, "bad int\n"); return n; }
"""


def source(headers: Sequence[str], cases: dict[int, str]) -> str:
    """A whole translation unit: includes, the I/O helpers, each case's code and the dispatcher.

    Each case body must define ``static void run_<k>()``. A header entry starting with ``#`` is
    a preprocessor line pasted as is.
    """
    inc = "\n".join(h if h.startswith("#") else f'#include "{h}"' for h in headers)
    body = "\n".join(cases[k] for k in sorted(cases))
    dispatch = "\n".join(f"      case {k}: run_{k}(); break;" for k in sorted(cases))
    return (f"{CPP_IO}\n{inc}\n{body}\n"
            "int main() {\n  int k;\n  while (std::scanf(\"%d\", &k) == 1) {\n    switch (k) {\n"
            f"{dispatch}\n      default: return 3;\n    }}\n"
            "    std::fflush(stdout);\n  }\n  return 0;\n}\n")


def build(src: str, name: str) -> Path:
    return harness.build(src, name=name)


def ints(a) -> str:
    return " ".join(str(int(v)) for v in np.asarray(a).ravel())


def run_cases(exe: Path, calls: Sequence[tuple[int, Sequence[np.ndarray], int]]) -> list[np.ndarray]:
    """Run several cases in one process.

    Each call is ``(k, arrays, batch)``: ``arrays`` are written in order (parameters first, then
    the ``(batch, n)`` sample array, whose batch size the case reads before the samples). Returns
    one ``(batch, n_out)`` int64 array per call.
    """
    lines = []
    for k, arrays, batch in calls:
        *params, samples = arrays
        lines.append(str(k))
        lines += [ints(p) for p in params]
        lines.append(str(batch))
        lines += [ints(row) for row in np.asarray(samples).reshape(batch, -1)]
    out = harness.run(exe, "\n".join(lines) + "\n").splitlines()
    assert len(out) == sum(b for _, _, b in calls), f"harness printed {len(out)} lines"
    res, pos = [], 0
    for _, _, batch in calls:
        rows = out[pos:pos + batch]
        pos += batch
        res.append(np.array([[int(v) for v in r.split()] for r in rows], dtype=np.int64).reshape(batch, -1))
    return res


# ----------------------------------------------------------------------------- random data
def raw_values(rng: np.random.Generator, t: FixedType, shape, edge_frac: float = 0.25) -> np.ndarray:
    """Raw values of ``t``: uniform over the range, with a share of range ends and zeros."""
    lo, hi = t.min_raw, t.max_raw
    v = rng.integers(lo, hi, size=shape, endpoint=True, dtype=np.int64)
    edges = np.array([lo, hi, 0, lo + 1, hi - 1, 1 if hi >= 1 else 0], dtype=np.int64)
    mask = rng.random(shape) < edge_frac
    v[mask] = rng.choice(edges, size=int(mask.sum()))
    return v


def random_type(r: random.Random, max_width: int = 18, signed: bool | None = None,
                modes: bool = True) -> FixedType:
    """A small ``ap_fixed``/``ap_ufixed`` with arbitrary I (negative and > W) and random modes."""
    w = r.randint(2, max_width)
    i = r.randint(-2, w + 3)
    s = r.random() < 0.75 if signed is None else signed
    if not modes:
        return FixedType(w, i, s)
    q = r.choice(ROUNDING_MODES)
    o = r.choice([m for m in OVERFLOW_MODES if s or m != "AP_WRAP_SM"])
    n = r.choice([0, 0, 0, 1, 2]) if o in ("AP_WRAP", "AP_WRAP_SM") else 0
    return FixedType(w, i, s, q, o, min(n, w))


def cpp(t: FixedType) -> str:
    return str(t)


def castable(src: FixedType, dst: FixedType) -> bool:
    """False where ``DST = SRC`` trips an assertion of the simulation headers (they read bits
    beyond the source MSB when more than W_src fraction bits are dropped): no real design does
    that, so the suites avoid such type pairs."""
    return src.frac - dst.frac < src.width
