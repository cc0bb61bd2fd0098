"""``fxsim.trace`` overflow accounting at the edges of the range, against the compiled ``ap_fixed``.

A conversion overflows when its *quantized* value is out of range: a value whose floor is the
largest raw value may round past it, one just below the smallest may round into the range, and
with ``AP_SAT_SYM`` (signed source and target) the smallest raw value is itself an underflow. The
C++ side decides overflow as ``ap_fixed_base`` does, without fxsim: the narrow result differs from
the same conversion into a type with the same fraction bits and quantization mode but 80 integer
bits. Values are drawn around both ends of each range, for ``double -> ap_fixed`` (``quantize``)
(``record_quantize``, as the network accounts its inputs) and ``ap_fixed<24,10> -> ap_fixed``
(``cast``), every quantization and overflow mode.
"""

from __future__ import annotations

import functools
import random

import harness
import numpy as np
import pytest

from fxsim import trace as tracing
from fxsim.conversion import cast
from fxsim.types import FixedType

_Q = ["AP_TRN", "AP_RND", "AP_RND_CONV", "AP_TRN_ZERO", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF"]
_O = ["AP_WRAP", "AP_SAT", "AP_SAT_SYM", "AP_SAT_ZERO"]
SRC = FixedType(24, 10)
N = 400


def _types() -> list[FixedType]:
    r = random.Random(5)
    out = []
    for k in range(28):
        w = r.randint(3, 12)
        out.append(FixedType(w, r.randint(-1, min(w, 5)), k % 5 != 4, _Q[k % len(_Q)], _O[k % len(_O)]))
    return out


TYPES = _types()


def _cpp(t: FixedType) -> str:
    return f"ap_{'' if t.signed else 'u'}fixed<{t.width},{t.integer},{t.rounding},{t.overflow}>"


def _wide(t: FixedType) -> str:
    return f"ap_fixed<{t.frac + 80},80,{t.rounding},AP_WRAP>"


@functools.cache
def _exe():
    cases = []
    for k, t in enumerate(TYPES):
        cases.append(f"""      case {k}: {{
        for (int i = 0; i < n; i++) {{
          double d; std::scanf("%lf", &d);
          {_cpp(t)} y = d; {_wide(t)} e = d; {_wide(t)} g = y;
          std::printf("%d ", e != g ? 1 : 0);
        }}
        for (int i = 0; i < n; i++) {{
          long long raw; std::scanf("%lld", &raw);
          ap_fixed<{SRC.width},{SRC.integer}> s; s.V = raw;
          {_cpp(t)} y = s; {_wide(t)} e = s; {_wide(t)} g = y;
          std::printf("%d ", e != g ? 1 : 0);
        }}
        std::printf("\\n"); break; }}""")
    body = "\n".join(cases)
    src = f"""#include <ap_fixed.h>
#include <cstdio>
int main() {{
  int k, n;
  while (std::scanf("%d %d", &k, &n) == 2) {{
    switch (k) {{
{body}
      default: return 3;
    }}
  }}
  return 0;
}}
"""
    return harness.build(src, "trace_overflow_edges")


def _values(k: int, t: FixedType) -> tuple[np.ndarray, np.ndarray]:
    """Doubles and ``SRC`` raws within a few LSBs of both ends of ``t`` (and some in between)."""
    rng = np.random.default_rng(k)
    ends = np.array([t.min_raw, t.max_raw], dtype=np.float64)
    lsb = 2.0 ** -t.frac
    d = (rng.choice(ends, N) + rng.uniform(-2.0, 2.0, N)) * lsb
    d = np.round(d * 2.0 ** (SRC.frac + 3)) / 2.0 ** (SRC.frac + 3)   # exact, finer than SRC
    raws = np.clip(np.round(d * 2.0 ** SRC.frac), SRC.min_raw, SRC.max_raw).astype(np.int64)
    return d, raws


@functools.cache
def _expected() -> list[tuple[np.ndarray, np.ndarray]]:
    lines = []
    for k, t in enumerate(TYPES):
        d, raws = _values(k, t)
        lines += [f"{k} {N}", " ".join(repr(float(v)) for v in d), " ".join(str(int(v)) for v in raws)]
    out = harness.run(_exe(), "\n".join(lines) + "\n").splitlines()
    res = []
    for row in out:
        flags = np.array([int(v) for v in row.split()])
        res.append((flags[:N], flags[N:]))
    return res


def _overflows(c: tracing.CastCounts) -> int:
    return c.saturated + c.wrapped


@pytest.mark.parametrize("k", range(len(TYPES)), ids=[str(t) for t in TYPES])
def test_overflow_counts_match_ap_fixed(k: int) -> None:
    t = TYPES[k]
    want_q, want_c = _expected()[k]
    d, raws = _values(k, t)
    stats, stats_c = tracing.Stats(), tracing.Stats()
    stats.recorder("q").record_quantize(d, t, t.quantize(d))  # as the network records its input ports
    cast(raws, SRC, t, stats=stats_c.recorder("c"))
    got_q = _overflows(stats[("q", str(t))])
    got_c = _overflows(stats_c[("c", str(t))])
    assert (got_q, got_c) == (int(want_q.sum()), int(want_c.sum())), (t, (got_q, got_c))


def test_edges_are_exercised() -> None:
    """Some values overflow and some do not for every type (the draw straddles both ends)."""
    for want_q, want_c in _expected():
        assert 0 < want_q.sum() < N and 0 < want_c.sum() < N
