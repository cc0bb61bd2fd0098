"""Differential tests of fxsim.conversion against the real ap_fixed/ap_int headers.

One generated C++ harness covers every type in ``core_types.CORE_TYPES``:

* ``d k <double bits>``  ->  raw of ``T_k y = (double)x``           (vs ``quantize``)
* ``f k <float bits>``   ->  raw of ``T_k y = (float)x``            (vs ``quantize`` of float32)
* ``t k <raw>``          ->  bits of ``T_k(raw).to_double()``        (vs ``to_float``)
* ``c p <raw>``          ->  raws of ``U y = x`` and ``U z; z = x``  (vs ``cast``) for pair p
"""

from __future__ import annotations

import functools
import math

import numpy as np
from core_harness import (
    SPECIAL_DOUBLES,
    as_ints,
    build,
    decode_raw,
    double_hex,
    encode_raw,
    float32_hex,
    float_edges,
    hex_double,
    mismatch_report,
    raw_edges,
    run_lines,
)
from core_types import CORE_TYPES, cpp_name
from fxsim.conversion import cast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.types import FixedType

TYPES = CORE_TYPES


def _cast_pairs() -> list[tuple[FixedType, FixedType]]:
    """Every type to a few spread-out others, plus to/from ap_int<8> and ap_uint<64>."""
    n = len(TYPES)
    pairs = []
    hubs = [FixedType(8, 8, True, is_int=True), FixedType(64, 64, False, is_int=True),
            FixedType(16, 6, True, "AP_RND_CONV", "AP_SAT")]
    for i, t in enumerate(TYPES):
        for j in ((i + 1) % n, (7 * i + 5) % n, (13 * i + 11) % n):
            pairs.append((t, TYPES[j]))
        pairs.append((t, hubs[i % len(hubs)]))
        pairs.append((hubs[(i + 1) % len(hubs)], t))
    return list(dict.fromkeys(pairs))


PAIRS = _cast_pairs()


def _source() -> str:
    names = [cpp_name(t) for t in TYPES]
    fd = ",\n  ".join(f"&from_double<{n} >" for n in names)
    ff = ",\n  ".join(f"&from_float<{n} >" for n in names)
    td = ",\n  ".join(f"&to_dbl<{n} >" for n in names)
    cp = ",\n  ".join(f"&cast_to<{cpp_name(s)}, {cpp_name(d)} >" for s, d in PAIRS)
    return f"""
template <class T> static void from_double() {{ double d = read_double(); T y = d; put_raw(y); }}
template <class T> static void from_float() {{ float f = read_float(); T y = f; put_raw(y); }}
template <class T> static void to_dbl() {{ T x; set_raw(x); put_double(x.to_double()); }}
template <class S, class D> static void cast_to() {{
  S x; set_raw(x);
  D y = x;
  D z; z = x;
  put_raw(y); std::printf(" "); put_raw(z);
}}
typedef void (*fn)();
static const fn FROM_DOUBLE[] = {{
  {fd}}};
static const fn FROM_FLOAT[] = {{
  {ff}}};
static const fn TO_DOUBLE[] = {{
  {td}}};
static const fn CAST[] = {{
  {cp}}};
int main() {{
  char op; int k;
  while (std::scanf(" %c %d", &op, &k) == 2) {{
    switch (op) {{
      case 'd': FROM_DOUBLE[k](); break;
      case 'f': FROM_FLOAT[k](); break;
      case 't': TO_DOUBLE[k](); break;
      case 'c': CAST[k](); break;
      default: return 2;
    }}
    std::printf("\\n");
  }}
  return 0;
}}
"""


@functools.cache
def _exe():
    # NDEBUG: ap_fixed_base::operator= reads the bit below the new LSB unconditionally
    # (``get_bit(op.V, F2 - F - 1)``) even when that index is beyond the source's MSB, which trips
    # ap_private's debug assert; the value is then discarded, so with NDEBUG the result is the
    # header's intended one. Affects casts with Q != AP_TRN and F2 - F > W2 (e.g. ap_fixed<1,1> ->
    # ap_ufixed<2,5,AP_RND_INF>): a default hls4ml csim build aborts there.
    return build(_source(), "core_conversion", extra_flags=("-DNDEBUG",))


# ------------------------------------------------------------------------------------ checkers
def check_from_double(values_per_type: dict[int, list[float]]) -> None:
    lines, keys = [], []
    for k, xs in values_per_type.items():
        for x in xs:
            lines.append(f"d {k} {double_hex(x)}")
            keys.append((k, x))
    out = run_lines(_exe(), lines)
    bad = []
    pos = 0
    for k, xs in values_per_type.items():
        t = TYPES[k]
        got = as_ints(t.quantize(np.asarray(xs, dtype=np.float64)))
        for x, g in zip(xs, got, strict=True):
            want = decode_raw(out[pos], t)
            if g != want:
                bad.append((t, f"x={x!r} ({double_hex(x)})", f"expected raw {want}", f"got {g}"))
            pos += 1
    assert not bad, mismatch_report(bad, "T y = (double)x")


def check_from_float(values_per_type: dict[int, list[np.float32]]) -> None:
    lines = [f"f {k} {float32_hex(x)}" for k, xs in values_per_type.items() for x in xs]
    out = iter(run_lines(_exe(), lines))
    bad = []
    for k, xs in values_per_type.items():
        t = TYPES[k]
        got = as_ints(t.quantize(np.asarray(xs, dtype=np.float32)))
        for x, g in zip(xs, got, strict=True):
            want = decode_raw(next(out), t)
            if g != want:
                bad.append((t, f"x={x!r}f ({float32_hex(x)})", f"expected raw {want}", f"got {g}"))
    assert not bad, mismatch_report(bad, "T y = (float)x")


def _raw_array(raws: list[int], t: FixedType) -> np.ndarray:
    return np.asarray(raws, dtype=np.int64 if t.fits_int64 else object)


def check_to_float(raws_per_type: dict[int, list[int]]) -> None:
    lines = [f"t {k} {encode_raw(r, TYPES[k])}" for k, rs in raws_per_type.items() for r in rs]
    out = iter(run_lines(_exe(), lines))
    bad = []
    for k, rs in raws_per_type.items():
        t = TYPES[k]
        got = np.asarray(t.to_float(_raw_array(rs, t)), dtype=np.float64)
        for r, g in zip(rs, got, strict=True):
            want_hex = next(out)
            if double_hex(float(g)) != want_hex:
                bad.append((t, f"raw={r}", f"expected {hex_double(want_hex)!r}", f"got {float(g)!r}"))
    assert not bad, mismatch_report(bad, "to_double()")


def check_cast(raws_per_pair: dict[int, list[int]]) -> None:
    lines = [f"c {p} {encode_raw(r, PAIRS[p][0])}" for p, rs in raws_per_pair.items() for r in rs]
    out = iter(run_lines(_exe(), lines))
    bad = []
    for p, rs in raws_per_pair.items():
        src, dst = PAIRS[p]
        got = as_ints(cast(_raw_array(rs, src), src=src, dst=dst))
        for r, g in zip(rs, got, strict=True):
            ctor_hex, assign_hex = next(out).split()
            for how, h in (("U y = x", ctor_hex), ("y = x", assign_hex)):
                want = decode_raw(h, dst)
                if g != want:
                    bad.append((f"{src} -> {dst}", how, f"raw={r}", f"expected {want}", f"got {g}"))
    assert not bad, mismatch_report(bad, "cast")


# ------------------------------------------------------------------------------------ tests
def test_harness_prints_known_bit_patterns():
    """The harness itself: values whose raw patterns are known by hand."""
    k1 = TYPES.index(FixedType(1, 1))
    out = run_lines(_exe(), [f"d {k1} {double_hex(-1.0)}", f"t {k1} {encode_raw(-1, TYPES[k1])}"])
    assert decode_raw(out[0], TYPES[k1]) == -1
    assert hex_double(out[1]) == -1.0


def test_from_double_edges():
    check_from_double({k: float_edges(t) + SPECIAL_DOUBLES for k, t in enumerate(TYPES)})


def test_from_float_edges():
    vals = {}
    for k, t in enumerate(TYPES):
        xs = np.asarray(float_edges(t) + SPECIAL_DOUBLES, dtype=np.float64)
        with np.errstate(over="ignore"):
            f = xs.astype(np.float32)
        # float32 ties: the float32 neighbours of each value too
        vals[k] = list(np.concatenate([f, np.nextafter(f, np.float32(np.inf)),
                                       np.nextafter(f, np.float32(-np.inf))]))
    check_from_float(vals)


def _wide_int(t: FixedType) -> bool:
    return t.is_int and t.width > 64


def test_to_float_edges():
    check_to_float({k: raw_edges(t) for k, t in enumerate(TYPES) if not _wide_int(t)})


def test_to_float_wide_ap_int():
    """ap_int/ap_uint wider than 64 bits: the headers' ``to_double()`` is ``(double)V``, which for a
    multi-word ap_private converts only the low 64-bit word (as int64/uint64). Kept separate so
    this header quirk shows up on its own."""
    check_to_float({k: raw_edges(t) for k, t in enumerate(TYPES) if _wide_int(t)})


def test_cast_edges():
    check_cast({p: raw_edges(src) for p, (src, _) in enumerate(PAIRS)})


# Hypothesis: each example is one batch through the harness (all types at once).
dyadic = st.builds(math.ldexp, st.integers(-(2**60), 2**60).map(float), st.integers(-150, 150))
any_double = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
HYP = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@HYP
@given(st.lists(st.one_of(any_double, dyadic), min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(-(2**40), 2**40), st.integers(-3, 3)), min_size=1, max_size=20))
def test_from_double_hypothesis(xs, grid):
    vals = {}
    for k, t in enumerate(TYPES):
        lsb = math.ldexp(1.0, -t.frac)
        # values on/near this type's grid: m * lsb/4 lands on, between and at ties of grid points
        near = [m * lsb / 4 + e * lsb * 2.0 ** -60 for m, e in grid]
        vals[k] = list(xs) + near
    check_from_double(vals)


@HYP
@given(st.lists(st.floats(width=32, allow_nan=True, allow_infinity=True, allow_subnormal=True),
                min_size=1, max_size=40))
def test_from_float_hypothesis(xs):
    f = [np.float32(x) for x in xs]
    check_from_float({k: f for k in range(len(TYPES))})


@HYP
@given(st.lists(st.integers(min_value=-(2**130), max_value=2**130), min_size=1, max_size=30))
def test_to_float_hypothesis(us):
    vals = {}
    for k, t in enumerate(TYPES):
        m = 1 << t.width
        if not _wide_int(t):
            vals[k] = [((u % m) + t.min_raw) if t.signed else u % m for u in us]
    check_to_float(vals)


@HYP
@given(st.lists(st.integers(min_value=-(2**130), max_value=2**130), min_size=1, max_size=20))
def test_cast_hypothesis(us):
    vals = {}
    for p, (src, _) in enumerate(PAIRS):
        m = 1 << src.width
        vals[p] = [((u % m) + src.min_raw) if src.signed else u % m for u in us]
    check_cast(vals)
