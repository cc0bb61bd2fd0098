"""Differential tests of fxsim.acarray.AcArray arithmetic against BOTH shipped ac_types copies.

One generated harness (AC 4.0 and AC 4.8, see ``ac_harness``):

* ``b p <op> <raw a> <raw b>``: ``op`` in ``+ - * /`` prints ``W I S is_int`` of
  ``decltype(a op b)`` and the result's raw bits; ``c`` prints ``a==b a!=b a<b a<=b a>b a>=b``.
* ``u k <op> <raw a> <int>``: ``n`` is ``-a``; ``l``/``r`` are ``a << i``/``a >> i``; ``i`` prints
  ``a+i a-i a*i i-a a/i`` (C++ ``int`` operand, ``i != 0``) as type and raw, then ``a op i``.
"""

from __future__ import annotations

import functools

import numpy as np
from ac_harness import AC_TYPES, build
from core_harness import decode_raw, encode_raw, mismatch_report, raw_edges, run_lines
from core_types import INT_WIDTHS, SHAPES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.acarray import AcArray
from fxsim.actypes import AcType

ARITH: list[AcType] = list(dict.fromkeys(
    [AcType(w, i, s) for w, i, s in SHAPES] + [AcType(w, w, s, is_int=True) for w, s in INT_WIDTHS]))
UNARY: list[AcType] = list(dict.fromkeys(
    ARITH + [t for t in AC_TYPES if t.rounding != "AC_TRN" or t.overflow != "AC_WRAP"][::5]))


def _pairs() -> list[tuple[AcType, AcType]]:
    n = len(ARITH)
    hubs = [AcType(8, 3), AcType(6, 2, False), AcType(8, 8, True, is_int=True), AcType(64, 64, False, is_int=True),
            AcType(16, 6, True, "AC_RND_CONV", "AC_SAT")]
    out = []
    for i, t in enumerate(ARITH):
        out += [(t, t), (t, ARITH[(i + 1) % n]), (ARITH[(5 * i + 17) % n], t)]
        h = hubs[i % len(hubs)]
        out += [(t, h), (h, t)]
    return list(dict.fromkeys(out))


PAIRS = _pairs()


def _source() -> str:
    bins = ",\n  ".join(f"&bin<{a}, {b} >" for a, b in PAIRS)
    uns = ",\n  ".join(f"&un<{t} >" for t in UNARY)
    return f"""
template <class R> static void put_result(const R& r) {{ put_type(r); std::printf(" "); put_raw(r); }}
template <class A, class B> static void bin(char op) {{
  A a; B b; set_raw(a); set_raw(b);
  switch (op) {{
    case '+': put_result(a + b); break;
    case '-': put_result(a - b); break;
    case '*': put_result(a * b); break;
    case '/': put_result(a / b); break;
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
    case 'i': put_result(a + i); std::printf(" "); put_result(a - i); std::printf(" ");
              put_result(a * i); std::printf(" "); put_result(i - a); std::printf(" "); put_result(a / i);
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
def _exes():
    return build(_source(), "ac_arith")


def _parse(fields: list[str]) -> tuple[AcType, int]:
    w, i, s, is_int = (int(fields.pop(0)) for _ in range(4))
    t = AcType(w, w, bool(s), is_int=True) if is_int else AcType(w, i, bool(s))
    return t, decode_raw(fields.pop(0), t)


def _ours(r: AcArray) -> tuple[AcType, int]:
    return r.type, int(np.asarray(r.raw, dtype=object).reshape(-1)[0])


def _cmp(a: AcArray, b) -> str:
    return "".join(str(int(bool(np.asarray(f).reshape(-1)[0])))
                   for f in (a == b, a != b, a < b, a <= b, a > b, a >= b))


def _arr(r: int, t: AcType) -> AcArray:
    return AcArray(np.asarray([r], dtype=np.int64 if t.fits_int64 else object), t)


def check_binary(cases: list[tuple[int, str, int, int]]) -> None:
    lines = [f"b {p} {op} {encode_raw(x, PAIRS[p][0])} {encode_raw(y, PAIRS[p][1])}" for p, op, x, y in cases]
    for copy, exe in _exes().items():
        out = run_lines(exe, lines)
        bad = []
        for (p, op, x, y), line in zip(cases, out, strict=True):
            a, b = _arr(x, PAIRS[p][0]), _arr(y, PAIRS[p][1])
            if op == "c":
                got, want = _cmp(a, b), line
            else:
                got = _ours({"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a / b)
                want = _parse(line.split())
            if got != want:
                bad.append((copy, f"{PAIRS[p][0]} {op} {PAIRS[p][1]}", x, y, f"expected {want}", f"got {got}"))
        assert not bad, mismatch_report(bad, "binary ops")


def check_unary(cases: list[tuple[int, str, int, int]]) -> None:
    lines = [f"u {k} {op} {encode_raw(x, UNARY[k])} {i}" for k, op, x, i in cases]
    for copy, exe in _exes().items():
        out = run_lines(exe, lines)
        bad = []
        for (k, op, x, i), line in zip(cases, out, strict=True):
            a = _arr(x, UNARY[k])
            f = line.split()
            if op == "i":
                want = [_parse(f) for _ in range(5)] + [f[0]]
                got = [_ours(a + i), _ours(a - i), _ours(a * i), _ours(i - a), _ours(a / i), _cmp(a, i)]
            else:
                want = _parse(f)
                got = _ours(-a if op == "n" else (a << i if op == "l" else a >> i))
                if op != "n":  # shifts keep the left operand's full type (modes included)
                    want = (UNARY[k], want[1]) if want[0] == _plain_type(UNARY[k]) else want
            if got != want:
                bad.append((copy, UNARY[k], op, x, i, f"expected {want}", f"got {got}"))
        assert not bad, mismatch_report(bad, "unary ops")


def _plain_type(t: AcType) -> AcType:
    return AcType(t.width, t.integer, t.signed, is_int=t.is_int)


def _binary_cases(raws: dict[int, tuple[list[int], list[int]]]) -> list[tuple[int, str, int, int]]:
    out = []
    for p, (xs, ys) in raws.items():
        for x, y in zip(xs, ys, strict=False):
            out += [(p, op, x, y) for op in "+-*c"]
            if y != 0:
                out.append((p, "/", x, y))
    return out


def test_binary_edges():
    raws = {}
    for p, (a, b) in enumerate(PAIRS):
        ea, eb = raw_edges(a), raw_edges(b)
        raws[p] = (ea[::2] + ea[1::2], eb[::-1] + eb)
    check_binary(_binary_cases(raws))


def test_unary_edges():
    cases = []
    for k, t in enumerate(UNARY):
        edges = raw_edges(t)
        for j, x in enumerate(edges):
            cases.append((k, "n", x, 0))
            for i in (0, 1, 3, t.width - 1, t.width, t.width + 1, -1, -2, -t.width, 40)[j % 2::2]:
                cases += [(k, "l", x, i), (k, "r", x, i)]
            for i in (1, -1, 3, -7, 1000, 2**31 - 1, -(2**31))[j % 3::3]:
                cases.append((k, "i", x, i))
    check_unary(cases)


_SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@_SETTINGS
@given(st.data())
def test_binary_random(data):
    raws = {}
    for p in data.draw(st.lists(st.integers(0, len(PAIRS) - 1), min_size=10, max_size=10, unique=True)):
        a, b = PAIRS[p]
        raws[p] = (data.draw(st.lists(st.integers(a.min_raw, a.max_raw), min_size=12, max_size=12)),
                   data.draw(st.lists(st.integers(b.min_raw, b.max_raw), min_size=12, max_size=12)))
    check_binary(_binary_cases(raws))


@_SETTINGS
@given(st.data())
def test_unary_random(data):
    cases = []
    for k in data.draw(st.lists(st.integers(0, len(UNARY) - 1), min_size=10, max_size=10, unique=True)):
        t = UNARY[k]
        for x in data.draw(st.lists(st.integers(t.min_raw, t.max_raw), min_size=6, max_size=6)):
            i = data.draw(st.integers(-(2**31), 2**31 - 1).filter(lambda v: v != 0))
            s = data.draw(st.integers(-t.width - 3, t.width + 3))
            cases += [(k, "n", x, 0), (k, "l", x, s), (k, "r", x, s), (k, "i", x, i)]
    check_unary(cases)

