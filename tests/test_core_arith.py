"""Differential tests of fxsim.array.FixedArray arithmetic against the real ap_fixed/ap_int headers.

One generated C++ harness covers a set of type pairs (``b``) and single types (``u``):

* ``b p <op> <raw a> <raw b>``: ``op`` in ``+ - *`` prints ``W I S is_int`` of ``decltype(a op b)``
  and the result's raw bits; ``op`` = ``c`` prints ``a==b a!=b a<b a<=b a>b a>=b`` as six digits.
* ``u k <op> <raw a> <int>``: ``n`` is ``-a``; ``l``/``r`` are ``a << i``/``a >> i``; ``i`` prints
  ``a+i``, ``a-i``, ``a*i``, ``i-a`` (C++ ``int`` operand), each as type and raw, then the six
  comparisons ``a op i``.
* ``u k d <raw a> 0 <double bits>``: the six comparisons ``a op d`` (the headers use ``to_double()``).
"""

from __future__ import annotations

import functools
import math
import os

import numpy as np
import pytest
from core_harness import (
    build,
    decode_raw,
    double_hex,
    encode_raw,
    mismatch_report,
    raw_edges,
    run_lines,
)
from core_types import ARITH_TYPES, CORE_TYPES, cpp_name
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.array import CPP_INT, FixedArray
from fxsim.types import FixedType

#: Single types: the arithmetic subset plus a few moded types (arithmetic results ignore modes,
#: shifts keep them).
UNARY_TYPES: list[FixedType] = list(dict.fromkeys(
    ARITH_TYPES + [t for t in CORE_TYPES if t.rounding != "AP_TRN" or t.overflow != "AP_WRAP"][:12]
))


def _pairs() -> list[tuple[FixedType, FixedType]]:
    """Each type with itself, a near and a far neighbour, and a hub type (both orders)."""
    ts = ARITH_TYPES
    n = len(ts)
    hubs = [FixedType(8, 3), FixedType(6, 2, False), FixedType(8, 8, True, is_int=True),
            FixedType(64, 64, False, is_int=True), FixedType(16, 6, True, "AP_RND_CONV", "AP_SAT")]
    out = []
    for i, t in enumerate(ts):
        out += [(t, t), (t, ts[(i + 1) % n]), (ts[(5 * i + 17) % n], t)]
        h = hubs[i % len(hubs)]
        out += [(t, h), (h, t)]
    return list(dict.fromkeys(out))


PAIRS = _pairs()
OPS = ("+", "-", "*")


def _source() -> str:
    bins = ",\n  ".join(f"&bin<{cpp_name(a)}, {cpp_name(b)} >" for a, b in PAIRS)
    uns = ",\n  ".join(f"&un<{cpp_name(t)} >" for t in UNARY_TYPES)
    return f"""
template <class R> static void put_result(const R& r) {{ put_type(r); std::printf(" "); put_raw(r); }}
template <class A, class B> static void bin(char op) {{
  A a; B b; set_raw(a); set_raw(b);
  switch (op) {{
    case '+': put_result(a + b); break;
    case '-': put_result(a - b); break;
    case '*': put_result(a * b); break;
    case 'c': std::printf("%d%d%d%d%d%d", (int)(a == b), (int)(a != b), (int)(a < b),
                          (int)(a <= b), (int)(a > b), (int)(a >= b)); break;
  }}
}}
template <class A> static void un(char op) {{
  A a; set_raw(a); int i = 0;
  if (std::scanf("%d", &i) != 1) std::fprintf(stderr, "bad int\\n");
  switch (op) {{
    case 'n': put_result(-a); break;
    case 'l': put_result(a << i); break;
    case 'r': put_result(a >> i); break;
    case 'd': {{ double d = read_double();
              std::printf("%d%d%d%d%d%d", (int)(a == d), (int)(a != d), (int)(a < d), (int)(a <= d),
                          (int)(a > d), (int)(a >= d)); break; }}
    case 'i': put_result(a + i); std::printf(" "); put_result(a - i); std::printf(" ");
              put_result(a * i); std::printf(" "); put_result(i - a);
              std::printf(" %d%d%d%d%d%d", (int)(a == i), (int)(a != i), (int)(a < i), (int)(a <= i),
                          (int)(a > i), (int)(a >= i)); break;
  }}
}}
typedef void (*fn)(char);
static const fn BIN[] = {{
  {bins}}};
static const fn UN[] = {{
  {uns}}};
int main() {{
  char kind, op; int k;
  while (std::scanf(" %c %d %c", &kind, &k, &op) == 3) {{
    if (kind == 'b') BIN[k](op); else if (kind == 'u') UN[k](op); else return 2;
    std::printf("\\n");
  }}
  return 0;
}}
"""


@functools.cache
def _exe():
    return build(_source(), "core_arith")


# ------------------------------------------------------------------------------------ decoding
def _parse_result(fields: list[str]) -> tuple[FixedType, int]:
    """``W I S is_int hex…`` -> (type, raw); consumes the fields it uses from the front."""
    w, i, s, is_int = (int(fields.pop(0)) for _ in range(4))
    t = FixedType(w, w, bool(s), is_int=True) if is_int else FixedType(w, i, bool(s))
    return t, decode_raw(fields.pop(0), t)


def _fixed(raws: list[int], t: FixedType) -> FixedArray:
    return FixedArray(np.asarray(raws, dtype=np.int64 if t.fits_int64 else object), t)


def _fx_binary(a: FixedArray, b: FixedArray, op: str) -> FixedArray:
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b}[op]()


def _compare_results(bad: list, what: str, inputs: list[str], got: FixedArray,
                     want: list[tuple[FixedType, int]]) -> None:
    got_raw = [int(v) for v in got.raw.ravel()]
    for j, (wt, wr) in enumerate(want):
        if got.type != wt or got_raw[j] != wr:
            bad.append((what, inputs[j], f"expected {wt} raw {wr}", f"got {got.type} raw {got_raw[j]}"))


# ------------------------------------------------------------------------------------ checkers
def check_binary(raws_per_pair: dict[int, tuple[list[int], list[int]]]) -> None:
    """``+ - *`` and the six comparisons for each pair, on elementwise raw vectors."""
    lines = []
    for p, (ra, rb) in raws_per_pair.items():
        a_t, b_t = PAIRS[p]
        for op in (*OPS, "c"):
            lines += [f"b {p} {op} {encode_raw(x, a_t)} {encode_raw(y, b_t)}"
                      for x, y in zip(ra, rb, strict=True)]
    out = iter(run_lines(_exe(), lines))
    bad: list = []
    for p, (ra, rb) in raws_per_pair.items():
        a_t, b_t = PAIRS[p]
        a, b = _fixed(ra, a_t), _fixed(rb, b_t)
        inputs = [f"a={x} b={y}" for x, y in zip(ra, rb, strict=True)]
        for op in OPS:
            want = [_parse_result(next(out).split()) for _ in ra]
            _compare_results(bad, f"{a_t} {op} {b_t}", inputs, _fx_binary(a, b, op), want)
        got = np.stack([a == b, a != b, a < b, a <= b, a > b, a >= b], axis=-1)
        for j in range(len(ra)):
            want_bits = next(out)
            got_bits = "".join(str(int(v)) for v in got[j])
            if got_bits != want_bits:
                bad.append((f"{a_t} cmp {b_t}", f"a={ra[j]} b={rb[j]}",
                            f"expected == != < <= > >= {want_bits}", f"got {got_bits}"))
    assert not bad, mismatch_report(bad, "binary ops")


def _same_shape(a: FixedType, b: FixedType) -> bool:
    """Equal W, I, signedness and int-ness (what ``put_type`` prints; modes are not printed)."""
    return (a.width, a.integer, a.signed, a.is_int) == (b.width, b.integer, b.signed, b.is_int)


def check_unary(cases: dict[int, list[tuple[int, int]]], ops: str = "nlri") -> None:
    """``-a``, ``a << i``, ``a >> i`` and ``a op int`` for each type on (raw, i) pairs.

    Shifts keep the full type (modes included: the headers return ``ap_fixed_base`` of the same
    parameters); the harness prints W, I and S, fxsim must also keep the modes.
    """
    lines = []
    for k, rows in cases.items():
        t = UNARY_TYPES[k]
        for op in ops:
            lines += [f"u {k} {op} {encode_raw(r, t)} {i}" for r, i in rows]
    out = iter(run_lines(_exe(), lines))
    bad: list = []
    for k, rows in cases.items():
        t = UNARY_TYPES[k]
        ra = [r for r, _ in rows]
        ints = np.asarray([i for _, i in rows], dtype=np.int64)
        a = _fixed(ra, t)
        inputs = [f"a={r} i={i}" for r, i in rows]
        for op in ops.replace("i", ""):
            got = -a if op == "n" else (a << ints if op == "l" else a >> ints)
            want = [_parse_result(next(out).split()) for _ in rows]
            if op in "lr":
                assert got.type == t, f"{t} {op}: fxsim changed the type to {got.type}"
                want = [(t, r) if _same_shape(wt, t) else (wt, r) for wt, r in want]
            _compare_results(bad, f"{op} {t}", inputs, got, want)
        if "i" not in ops:
            continue
        for j, (_, i) in enumerate(rows):
            fields = next(out).split()
            aj, i = a[j], int(i)
            for name, got in (("a+i", aj + i), ("a-i", aj - i), ("a*i", aj * i), ("i-a", i - aj)):
                _compare_results(bad, f"{t} {name}", [inputs[j]], got, [_parse_result(fields)])
            got_bits = "".join(str(int(v)) for v in (aj == i, aj != i, aj < i, aj <= i, aj > i, aj >= i))
            if got_bits != fields[0]:
                bad.append((f"{t} cmp int", inputs[j], f"expected == != < <= > >= {fields[0]}",
                            f"got {got_bits}"))
    assert not bad, mismatch_report(bad, "unary ops")


def check_double_compare(cases: dict[int, list[tuple[int, float]]]) -> None:
    """``a op d`` for a C++ double ``d`` (and ``FixedArray op float``)."""
    lines = [f"u {k} d {encode_raw(r, UNARY_TYPES[k])} 0 {double_hex(d)}"
             for k, rows in cases.items() for r, d in rows]
    out = iter(run_lines(_exe(), lines))
    bad: list = []
    for k, rows in cases.items():
        t = UNARY_TYPES[k]
        a = _fixed([r for r, _ in rows], t)
        for j, (r, d) in enumerate(rows):
            aj = a[j]
            got = "".join(str(int(v)) for v in (aj == d, aj != d, aj < d, aj <= d, aj > d, aj >= d))
            want = next(out)
            if got != want:
                bad.append((f"{t} cmp double", f"a={r} d={d!r}", f"expected == != < <= > >= {want}",
                            f"got {got}"))
    assert not bad, mismatch_report(bad, "comparisons with double")


def _shift_amounts(t: FixedType) -> list[int]:
    w = t.width
    return [0, 1, -1, w - 1, -(w - 1), w, -w, w + 1, -(w + 1), w // 2, 3, -3, 70, -70]


# ------------------------------------------------------------------------------------ tests
def test_result_types_match_headers_on_zero():
    """Result types alone (printed by decltype) for every pair and op."""
    check_binary({p: ([0], [0]) for p in range(len(PAIRS))})


def test_binary_edges():
    raws = {}
    for p, (a_t, b_t) in enumerate(PAIRS):
        ea, eb = raw_edges(a_t), raw_edges(b_t)
        # every edge of a against a rotating edge of b, and vice versa
        ra = ea + [ea[j % len(ea)] for j in range(len(eb))]
        rb = [eb[j % len(eb)] for j in range(len(ea))] + eb
        raws[p] = (ra, rb)
    check_binary(raws)


def test_equal_values_compare_equal_across_types():
    """Comparisons on values that are equal in both types (exact alignment across F)."""
    raws = {}
    for p, (a_t, b_t) in enumerate(PAIRS):
        ra, rb = [], []
        shift = a_t.frac - b_t.frac
        for r in raw_edges(b_t):
            x = r << shift if shift >= 0 else (r >> -shift if r % (1 << -shift) == 0 else None)
            if x is not None and a_t.min_raw <= x <= a_t.max_raw:
                ra.append(x)
                rb.append(r)
        if ra:
            raws[p] = (ra, rb)
    check_binary(raws)


def test_unary_edges():
    cases = {}
    for k, t in enumerate(UNARY_TYPES):
        edges, shifts = raw_edges(t), _shift_amounts(t)
        rows = [(r, shifts[j % len(shifts)]) for j, r in enumerate(edges)]
        rows += [(edges[j % len(edges)], s) for j, s in enumerate(shifts)]
        rows += [(r, i) for r in edges[:4] for i in (0, 1, -1, 2**31 - 1, -(2**31) + 1, 12345, -7)]
        cases[k] = rows
    check_unary(cases)


def test_int_min_operand():
    """``a op INT_MIN`` (shifting by INT_MIN is undefined behaviour in the headers: not tested)."""
    check_unary({k: [(r, -(2**31)) for r in raw_edges(t)[:6]] for k, t in enumerate(UNARY_TYPES)},
                ops="i")


def test_double_compare_edges():
    cases = {}
    for k, t in enumerate(UNARY_TYPES):
        edges = raw_edges(t)
        vals = [float(v) for v in _fixed(edges, t).to_float()]
        lsb = math.ldexp(1.0, -t.frac)
        ds = vals + [v + lsb / 2 for v in vals] + [math.nextafter(v, -math.inf) for v in vals]
        ds += [0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, -1e300]
        cases[k] = [(edges[j % len(edges)], d) for j, d in enumerate(ds)]
    check_double_compare(cases)


def _in_range(u: int, t: FixedType) -> int:
    m = 1 << t.width
    return (u % m) + t.min_raw if t.signed else u % m


#: ``FXSIM_HYPOTHESIS_EXAMPLES=500 pytest …`` for a longer local hunt.
HYP = settings(max_examples=int(os.environ.get("FXSIM_HYPOTHESIS_EXAMPLES", 25)), deadline=None,
               suppress_health_check=list(HealthCheck))
big_ints = st.integers(min_value=-(2**140), max_value=2**140)


@HYP
@given(st.lists(st.tuples(big_ints, big_ints), min_size=1, max_size=12))
def test_binary_hypothesis(uvs):
    check_binary({p: ([_in_range(u, a) for u, _ in uvs], [_in_range(v, b) for _, v in uvs])
                  for p, (a, b) in enumerate(PAIRS)})


@HYP
@given(st.lists(st.tuples(big_ints, st.integers(-(2**31) + 1, 2**31 - 1), st.integers(-140, 140)),
                min_size=1, max_size=10))
def test_unary_hypothesis(rows):
    cases = {}
    for k, t in enumerate(UNARY_TYPES):
        cases[k] = [(_in_range(u, t), i) for u, i, _ in rows] + [(_in_range(u, t), s) for u, _, s in rows]
    check_unary(cases)


# ------------------------------------------------------------------------------------ python-only
def test_int64_products_never_overflow_silently():
    """40-bit x 40-bit products exceed int64: they must take the exact object path."""
    t = FixedType(40, 20)
    a = FixedArray([t.min_raw, t.max_raw, -12345], t)
    p = a * a
    assert p.type == FixedType(80, 40)
    assert [int(v) for v in p.raw] == [t.min_raw**2, t.max_raw**2, 12345**2]


def test_array_behaviour():
    t = FixedType(8, 3)
    x = FixedArray(np.arange(-6, 6).reshape(3, 4), t)
    assert x.shape == (3, 4) and x.ndim == 2 and len(x) == 3
    assert x[1].shape == (4,) and x[1].type == t
    assert x[:, ::2].raw.tolist() == [[-6, -4], [-2, 0], [2, 4]]
    assert x.reshape(12).shape == (12,)
    row = FixedArray([1, 2, 3, 4], FixedType(4, 4, False, is_int=True))
    s = x + row  # broadcasting (3, 4) + (4,)
    assert s.shape == (3, 4)
    assert (s.raw == x.raw + (row.raw << 5)).all()  # row aligned to F=5 of ap_fixed<8,3>
    assert (x == x).all() and not (x != x).any()
    assert (3 * x).type == x.type.__class__(40, 35)
    assert CPP_INT.width == 32


def test_rejects_out_of_range_raw_and_non_integers():
    with pytest.raises(ValueError):
        FixedArray([128], FixedType(8, 3))
    with pytest.raises(TypeError):
        FixedArray([1.5], FixedType(8, 3))
    with pytest.raises(OverflowError):
        FixedArray([1], FixedType(8, 3)) + 2**40
