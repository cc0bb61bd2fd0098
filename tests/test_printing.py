"""``fxsim.printing`` against ``std::cout << x`` compiled with the real ``ap_types`` headers.

One generated C++ harness serves the whole module: each stdin line is
``<type index> <precision> <64-bit hex chunks of the raw bit pattern, most significant first>``
and the harness answers with the line ``std::cout << std::setprecision(p) << x`` prints. Values are
built from raw bits (``x.range(hi, lo) = chunk``), never from doubles.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from fractions import Fraction

import harness
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.printing import (
    AmbiguousTextError,
    ambiguous_mask,
    candidates,
    format_log_line,
    format_raw,
    parse_decimal,
    parse_values,
    reduce_to_precision,
    to_string10,
)
from fxsim.types import FixedType

PRECISIONS = (1, 3, 6, 10, 17, 30)

TYPE_NAMES = [
    # ap_fixed: small, typical hls4ml, wide
    "ap_fixed<1,1>", "ap_fixed<1,0>", "ap_fixed<2,1>", "ap_fixed<4,2>", "ap_fixed<8,3>",
    "ap_fixed<8,8>", "ap_fixed<10,4>", "ap_fixed<16,6>", "ap_fixed<16,16>", "ap_fixed<16,1>",
    "ap_fixed<18,8>", "ap_fixed<24,12>", "ap_fixed<32,16>", "ap_fixed<32,1>", "ap_fixed<40,20>",
    "ap_fixed<48,30>", "ap_fixed<63,31>", "ap_fixed<64,32>", "ap_fixed<64,0>", "ap_fixed<65,33>",
    "ap_fixed<96,40>", "ap_fixed<128,64>", "ap_fixed<128,100>",
    # negative / zero integer bits
    "ap_fixed<8,0>", "ap_fixed<8,-3>", "ap_fixed<12,-10>", "ap_fixed<70,-5>",
    # I > W (the headers garble the integer part)
    "ap_fixed<4,8>", "ap_fixed<6,20>", "ap_fixed<12,14>", "ap_fixed<40,50>",
    # unsigned
    "ap_ufixed<1,1>", "ap_ufixed<1,0>", "ap_ufixed<8,0>", "ap_ufixed<8,4>", "ap_ufixed<16,8>",
    "ap_ufixed<20,-2>", "ap_ufixed<32,10>", "ap_ufixed<64,64>", "ap_ufixed<100,50>",
    "ap_ufixed<5,9>", "ap_ufixed<16,17>",
    # hls4ml-style modes (printing ignores them, but they are distinct C++ types)
    "ap_fixed<16,6,AP_RND_CONV,AP_SAT>", "ap_ufixed<12,4,AP_RND,AP_SAT>",
    # integers
    "ap_int<1>", "ap_int<8>", "ap_int<32>", "ap_int<64>", "ap_int<100>", "ap_uint<1>",
    "ap_uint<16>", "ap_uint<64>", "ap_uint<128>",
]
TYPES = [FixedType.parse(n) for n in TYPE_NAMES]


def _cpp_name(t: FixedType) -> str:
    return str(t)


def _source() -> str:
    cases = "\n".join(
        f"    case {k}: emit<{_cpp_name(t)}, {t.width}>(in, prec); break;" for k, t in enumerate(TYPES)
    )
    return f"""
#include <ap_fixed.h>
#include <ap_int.h>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

template <class T, int W>
void emit(std::istringstream& in, int prec) {{
  T x = 0;
  int nc = (W + 63) / 64;
  for (int c = nc - 1; c >= 0; --c) {{
    unsigned long long v;
    in >> std::hex >> v;
    int lo = 64 * c;
    int hi = lo + 63 < W - 1 ? lo + 63 : W - 1;
    x.range(hi, lo) = v;
  }}
  std::cout << std::setprecision(prec) << x << "\\n";
}}

int main() {{
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {{
    std::istringstream in(line);
    int k, prec;
    in >> k >> prec;
    switch (k) {{
{cases}
    default: std::cout << "BAD\\n";
    }}
  }}
  std::cout.flush();
  return 0;
}}
"""


@functools.cache
def _exe():
    return harness.build(_source(), name="printing")


def _encode(raw: int, t: FixedType) -> str:
    u = raw & ((1 << t.width) - 1)
    n = (t.width + 63) // 64
    return " ".join(f"{(u >> (64 * c)) & (2**64 - 1):x}" for c in reversed(range(n)))


def cpp_format(items: list[tuple[int, int, int]]) -> list[str]:
    """``(type index, precision, raw)`` triples -> what the compiled headers print."""
    if not items:
        return []
    stdin = "".join(f"{k} {p} {_encode(r, TYPES[k])}\n" for k, p, r in items)
    out = harness.run(_exe(), stdin).split("\n")
    assert out[-1] == ""
    assert len(out) - 1 == len(items)
    return out[:-1]


def _assert_same(items: list[tuple[int, int, int]]) -> None:
    want = cpp_format(items)
    bad = []
    by_key: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (k, p, _) in enumerate(items):
        by_key[(k, p)].append(i)
    for (k, p), idx in by_key.items():
        got = format_raw([items[i][2] for i in idx], TYPES[k], p)
        for i, g in zip(idx, got, strict=True):
            ref = reduce_to_precision(to_string10(items[i][2], TYPES[k]), p)
            if g != want[i] or (not TYPES[k].is_int and ref != want[i]):
                bad.append(f"{TYPES[k]} p={p} raw={items[i][2]}: cpp {want[i]!r} fxsim {g!r} "
                           f"(literal port {ref!r})")
    assert not bad, f"{len(bad)} mismatches of {len(items)}:\n" + "\n".join(bad[:30])


# ------------------------------------------------------------------------------ vector generation
def _sig_digits(raw: int, t: FixedType) -> int:
    s = to_string10(raw, t).lstrip("-").replace(".", "").strip("0")
    return len(s)


def _near(value: Fraction, t: FixedType) -> list[int]:
    """Raws around ``value`` (floor, ceil and neighbours), clipped to t's range."""
    x = value * Fraction(2) ** t.frac
    base = x.numerator // x.denominator
    return [min(max(base + d, t.min_raw), t.max_raw) for d in (-1, 0, 1, 2)]


def edge_raws(t: FixedType) -> list[int]:
    """Range ends, +-1 LSB, long expansions, decimal ties and carries at power-of-ten boundaries."""
    rs = {0, t.min_raw, t.max_raw, t.min_raw + 1 if t.max_raw > t.min_raw else 0, t.max_raw - 1,
          1 if t.max_raw >= 1 else 0}
    if t.signed and t.width > 1:
        rs |= {-1, -2}
    if t.max_raw >= 2:
        rs |= {2, 3, t.max_raw // 3, t.max_raw // 7, (t.max_raw * 2) // 3}
    if t.signed and t.width > 2:
        rs |= {t.min_raw // 3, t.min_raw // 5 - 1}
    rng = np.random.default_rng(t.width * 1000 + t.integer + 500 * t.signed)
    lo_e = -int(max(t.frac, 0) * 0.302) - 2
    hi_e = int(max(t.integer, 1) * 0.302) + 2
    for e in range(max(lo_e, -45), min(hi_e, 45)):
        for m in ("1", "9.5", "9.95", "9.995", "9.9995", "9.99995", "9.999995", "9.9999995",
                  "9.99999995", "1.5", "1.25", "2.5", "1.000005", "1.0000005", "4.999995",
                  "1.234565", "1.2345675", "9.9999999999995"):
            for sgn in (1, -1) if t.signed else (1,):
                rs.update(_near(sgn * Fraction(m) * Fraction(10) ** e, t))
    # ties: values whose exact expansion has exactly p+1 (or p+2) significant digits
    if t.frac > 0 and not t.is_int:
        for p in PRECISIONS:
            for want in (p + 1, p + 2):
                found = 0
                for _ in range(60):
                    j = int(rng.integers(0, t.frac + 1))
                    k = int(rng.integers(0, 1 << min(want * 4, 62)))
                    r = k << (t.frac - j) if j <= t.frac else k
                    r = r >> max(0, r.bit_length() - t.width + (1 if t.signed else 0))
                    if t.min_raw <= r <= t.max_raw and _sig_digits(r, t) == want:
                        rs.add(r)
                        if t.signed:
                            rs.add(-r)
                        found += 1
                        if found >= 4:
                            break
    return sorted(r for r in rs if t.min_raw <= r <= t.max_raw)


# ---------------------------------------------------------------------------------------- tests
def test_enough_types():
    assert len(TYPES) >= 40
    assert any(t.integer < 0 for t in TYPES) and any(t.integer > t.width for t in TYPES)
    assert any(t.width == 128 for t in TYPES) and any(t.width == 1 for t in TYPES)


def test_edges_all_types_all_precisions():
    items = [(k, p, r) for k, t in enumerate(TYPES) for r in edge_raws(t) for p in PRECISIONS]
    assert len(items) > 20000
    _assert_same(items)


@st.composite
def _batches(draw):
    items = []
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(TYPES) - 1))
        t = TYPES[k]
        raws = draw(st.lists(st.integers(t.min_raw, t.max_raw), min_size=1, max_size=40))
        # bias some draws towards few significant bits (short and tie-prone expansions)
        if t.width > 4 and draw(st.booleans()):
            sh = draw(st.integers(0, t.width - 2))
            raws = [min(max((r >> sh) << sh, t.min_raw), t.max_raw) for r in raws]
        items += [(k, p, r) for r in raws for p in PRECISIONS]
    return items


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batches())
def test_hypothesis_random_raws(items):
    _assert_same(items)


def test_exhaustive_small_types():
    items = [(k, p, r) for k, t in enumerate(TYPES) if t.width <= 10
             for r in range(t.min_raw, t.max_raw + 1) for p in PRECISIONS]
    _assert_same(items)


# ----------------------------------------------------------------------- input/output conventions
def test_input_forms_agree():
    t = FixedType.parse("ap_fixed<16,6>")
    raws = [0, 1, -1, 1000, 1000, -32768]
    want = format_raw(raws, t)
    assert format_raw(np.array(raws, dtype=np.int64), t) == want
    assert format_raw(np.array(raws, dtype=object), t) == want
    assert format_raw(np.array(raws, dtype=np.int16).reshape(2, 3), t) == want
    assert format_raw(raws[3], t) == want[3:4]
    assert format_raw([], t) == []
    with pytest.raises(ValueError):
        format_raw([40000], t)
    with pytest.raises(ValueError):
        format_raw([1], t, precision=0)


def test_wide_object_raws_match_cpp():
    k = TYPE_NAMES.index("ap_fixed<128,64>")
    t = TYPES[k]
    raws = np.array([t.min_raw, t.max_raw, -1, 1, 3 << 70], dtype=object)
    assert format_raw(raws, t, 17) == cpp_format([(k, 17, int(r)) for r in raws])


def _print_result_source(type_name: str, n: int) -> str:
    return f"""
#include <ap_fixed.h>
#include <iostream>
#include <sstream>
#include "nnet_helpers.h"
int main() {{
  {type_name} res[{n}];
  long long v;
  for (int i = 0; i < {n}; ++i) {{ std::cin >> v; res[i].range() = v; }}
  std::ostringstream fout;
  nnet::print_result<{type_name}, {n}>(res, fout);
  nnet::print_result<{type_name}, {n}>(res, fout);
  std::cout << fout.str();
}}
"""


def test_format_log_line_matches_print_result():
    t = FixedType.parse("ap_fixed<16,6>")
    raws = [0, 1, -1, 32767, -32768, 12345, -5]
    exe = harness.build(_print_result_source(str(t), len(raws)), name="printing_log")
    out = harness.run(exe, " ".join(str(r & 0xFFFF) for r in raws))
    line = format_log_line(format_raw(raws, t))
    assert out == line + line


# --------------------------------------------------------------------------- parsing / candidates
CAND_TYPES = [k for k, t in enumerate(TYPES) if t.width <= 12] + [
    TYPE_NAMES.index(n) for n in ("ap_fixed<16,6>", "ap_fixed<16,1>", "ap_ufixed<16,17>")]
CAND_PRECISIONS = (1, 3, 6)


@functools.cache
def _cpp_preimages(k: int, p: int) -> dict[str, list[int]]:
    """text -> sorted raws printing it, from the headers, over every raw of a small type."""
    t = TYPES[k]
    raws = list(range(t.min_raw, t.max_raw + 1))
    out = cpp_format([(k, p, r) for r in raws])
    pre: dict[str, list[int]] = defaultdict(list)
    for r, s in zip(raws, out, strict=True):
        pre[s].append(r)
    return pre


def _check_candidates(k: int, p: int, text: str, limit: int) -> None:
    t = TYPES[k]
    truth = _cpp_preimages(k, p).get(text, [])
    c = candidates(text, t, p, limit=limit)
    if c.complete:
        assert list(c.raws) == truth, (str(t), p, text)
        assert c.unique == (len(truth) == 1)
    else:
        assert set(c.raws) <= set(truth)
        assert c.min_count <= len(truth)
        if c.ambiguous:
            assert len(truth) > 1
        if c.lo is not None:
            assert set(range(c.lo, c.hi + 1)) <= set(truth)
    if len(truth) == 1:
        assert parse_decimal(text, t, p) == truth[0]
    else:
        with pytest.raises(AmbiguousTextError):
            parse_decimal(text, t, p)


@pytest.mark.parametrize("p", CAND_PRECISIONS)
def test_candidates_against_cpp_preimages(p):
    rng = np.random.default_rng(p)
    for k in CAND_TYPES:
        pre = _cpp_preimages(k, p)
        texts = sorted(pre)
        if len(texts) > 60:
            texts = [texts[i] for i in rng.choice(len(texts), 60, replace=False)]
        for text in texts:
            _check_candidates(k, p, text, limit=256)
            _check_candidates(k, p, text, limit=4)  # forces the large-window reasoning


def test_candidates_texts_never_printed():
    t = FixedType.parse("ap_fixed<8,3>")
    for text in ("0.1", "0.0312", "4", "-4.03125", "1e+01"):
        c = candidates(text, t)
        assert c.empty and not c.ambiguous
    with pytest.raises(ValueError):
        candidates("abc", t)


def test_parse_values_and_ambiguous_mask_against_cpp():
    k = TYPE_NAMES.index("ap_fixed<16,6>")
    t = TYPES[k]
    pre = _cpp_preimages(k, 3)
    raws = np.arange(t.min_raw, t.max_raw + 1, 37, dtype=np.int64)
    texts = format_raw(raws, t, 3)
    mask = ambiguous_mask(raws, t, 3)
    want_mask = np.array([len(pre[s]) > 1 for s in texts])
    assert (mask == want_mask).all()
    assert want_mask.any() and not want_mask.all()
    ok = ~want_mask
    got = parse_values([s for s, m in zip(texts, ok, strict=True) if m], t, 3)
    assert (got == raws[ok]).all()
    loose = parse_values(texts, t, 3, strict=False)
    assert (np.abs(loose - raws) <= 0.1 * 2**10).all()  # within one printed digit (0.1 at 10..32)
    with pytest.raises(AmbiguousTextError):
        parse_values(texts, t, 3)
