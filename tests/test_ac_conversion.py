"""Differential tests of fxsim's ac_fixed/ac_int conversions against BOTH shipped ac_types copies.

One generated harness (compiled against AC 4.0 and AC 4.8, see ``ac_harness``) covers every type
in ``AC_TYPES + AC_EXTREME``:

* ``d k <double bits>``  ->  raw of ``T y = (double)x``         (vs ``quantize``, fast and reference)
* ``f k <float bits>``   ->  raw of ``T y = (float)x``          (float promotes to double)
* ``t k <raw>``          ->  bits of ``x.to_double()``           (vs ``to_double``)
* ``i k <raw>``          ->  ``x.to_int()``                      (vs ``to_int``: floor)
* ``s k <raw>``          ->  ``std::cout << x``                  (vs ``format_raw``)
* ``c p <raw>``          ->  raws of ``U y = x`` and ``U z; z = x`` (``y = x.to_ac_int()`` for an
  ac_int ``U``) for pair p (vs ``cast``, fast and reference)

Vectors: ties at the LSB and one ulp around them, range ends, NaN/inf, subnormals, huge values,
plus Hypothesis batches.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from ac_harness import AC_EXTREME, AC_TYPES, COPIES, build
from core_harness import (
    SPECIAL_DOUBLES,
    as_ints,
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.acconversion import (
    cast,
    cast_defined,
    cast_reference,
    format_raw,
    parse_raw,
    quantize,
    quantize_reference,
    to_double,
    to_int,
)
from fxsim.actypes import AcType

TYPES = AC_TYPES + AC_EXTREME


def _pairs() -> list[tuple[AcType, AcType]]:
    n = len(TYPES)
    hubs = [AcType(8, 8, True, is_int=True), AcType(64, 64, False, is_int=True),
            AcType(16, 6, True, "AC_RND_CONV", "AC_SAT"), AcType(12, 4, True, "AC_RND_CONV_ODD", "AC_SAT_SYM"),
            AcType(18, 8, True, "AC_RND", "AC_SAT")]
    out = []
    for i, t in enumerate(TYPES):
        for j in ((i + 1) % n, (7 * i + 5) % n, (13 * i + 11) % n):
            out.append((t, TYPES[j]))
        out += [(t, hubs[i % len(hubs)]), (hubs[(i + 2) % len(hubs)], t), (t, t)]
    # an AC_SAT_SYM source skips the symmetric test when no fraction bits are dropped
    sym = AcType(8, 3, True, "AC_TRN", "AC_SAT_SYM")
    out += [(sym, sym), (sym, AcType(10, 5, True, "AC_RND", "AC_SAT_SYM")), (AcType(8, 3), sym)]
    # (``ac_fixed<12,1030> -> ac_int`` would need fxsim to hold an ac_int<1030>: beyond MAX_WIDTH)
    return [p for p in dict.fromkeys(out) if cast_defined(*p) and not (p[1].is_int and p[0].integer > 1024)]


PAIRS = _pairs()

_PRELUDE = """
template <class T> static void from_double() { double d = read_double(); T y = d; put_raw(y); }
template <class T> static void from_float() { float f = read_float(); T y = f; put_raw(y); }
template <class T> static void to_dbl() { T x; set_raw(x); put_double(x.to_double()); }
template <class T> static void to_int_() { T x; set_raw(x); std::printf("%d", x.to_int()); }
template <class T> static void text() { T x; set_raw(x); put_text(x); }
template <class T> static void skip() { T x; set_raw(x); std::printf("-"); }
template <class S, class D> static void cast_to() {
  S x; set_raw(x);
  D y = x;
  D z; z = x;
  put_raw(y); std::printf(" "); put_raw(z);
}
template <class S, class D> static void cast_to_int() {
  S x; set_raw(x);
  D y = x.to_ac_int();
  put_raw(y); std::printf(" "); put_raw(y);
}
typedef void (*fn)();
"""


def _has_to_int(t: AcType) -> bool:
    """``to_int()`` compiles only where ``to_ac_int()`` (``ac_int<max(I,1)>``) converts to int."""
    return not t.is_int and t.integer <= 64


def _source() -> str:
    names = [str(t) for t in TYPES]
    tables = {
        "d": [f"&from_double<{n} >" for n in names], "f": [f"&from_float<{n} >" for n in names],
        "t": [f"&to_dbl<{n} >" for n in names], "s": [f"&text<{n} >" for n in names],
        "i": [f"&to_int_<{n} >" if _has_to_int(t) else f"&skip<{n} >" for n, t in zip(names, TYPES)],
        "c": [f"&{'cast_to_int' if d.is_int and not s.is_int else 'cast_to'}<{s}, {d} >" for s, d in PAIRS],
    }
    arrays = "".join(f"static const fn T_{op}[] = {{\n  " + ",\n  ".join(fns) + "};\n"
                     for op, fns in tables.items())
    cases = "".join(f"      case '{op}': T_{op}[k](); break;\n" for op in tables)
    return _PRELUDE + arrays + f"""
int main() {{
  char op; int k;
  while (std::scanf(" %c %d", &op, &k) == 2) {{
    switch (op) {{
{cases}      default: return 2;
    }}
    std::printf("\\n");
  }}
  return 0;
}}
"""


@functools.cache
def _exes():
    return build(_source(), "ac_conversion")


def _run(lines: list[str]) -> dict[str, list[str]]:
    return {c: run_lines(exe, lines) for c, exe in _exes().items()}


def _raw_array(raws, t: AcType) -> np.ndarray:
    return np.asarray(raws, dtype=np.int64 if t.fits_int64 else object)


# ------------------------------------------------------------------------------------ checkers
def check_from_double(values: dict[int, list[float]], use_float: bool = False) -> None:
    op, enc = ("f", float32_hex) if use_float else ("d", double_hex)
    lines = [f"{op} {k} {enc(x)}" for k, xs in values.items() for x in xs]
    outs = _run(lines)
    bad = []
    for copy in COPIES:
        out = iter(outs[copy])
        for k, xs in values.items():
            t = TYPES[k]
            arr = np.asarray(xs, dtype=np.float32 if use_float else np.float64)
            fast, slow = as_ints(quantize(arr, t)), as_ints(quantize_reference(arr, t))
            for x, g, r in zip(xs, fast, slow, strict=True):
                want = decode_raw(next(out), t)
                if g != want or r != want:
                    bad.append((copy, t, f"x={x!r}", f"expected {want}", f"fast {g}", f"reference {r}"))
    assert not bad, mismatch_report(bad, f"T y = ({'float' if use_float else 'double'})x")


def _simulate(op: str, a: np.ndarray, t: AcType) -> list[str] | None:
    if op == "t":
        return [double_hex(float(v)) for v in to_double(a, t)]
    if op == "i":
        return [str(v) for v in to_int(a, t)] if _has_to_int(t) else None
    return format_raw(a, t)


def check_raw_ops(raws: dict[int, list[int]]) -> None:
    """to_double, to_int and printing of the same raw values."""
    lines = [f"{op} {k} {encode_raw(r, TYPES[k])}" for op in "tis" for k, rs in raws.items() for r in rs]
    outs = _run(lines)
    bad = []
    for copy in COPIES:
        out = iter(outs[copy])
        for op in "tis":
            for k, rs in raws.items():
                t = TYPES[k]
                a = _raw_array(rs, t)
                got = _simulate(op, a, t)
                for j, r in enumerate(rs):
                    want = next(out)
                    if got is None:
                        continue
                    if got[j] != want:
                        w = hex_double(want) if op == "t" else want
                        g = hex_double(got[j]) if op == "t" else got[j]
                        bad.append((copy, op, t, f"raw={r}", f"expected {w!r}", f"got {g!r}"))
                    if op == "s" and parse_raw(want, t) != r:
                        bad.append((copy, "parse", t, f"raw={r}", want, parse_raw(want, t)))
    assert not bad, mismatch_report(bad, "to_double / to_int / operator<<")


def check_cast(raws: dict[int, list[int]]) -> None:
    lines = [f"c {p} {encode_raw(r, PAIRS[p][0])}" for p, rs in raws.items() for r in rs]
    outs = _run(lines)
    bad = []
    for copy in COPIES:
        out = iter(outs[copy])
        for p, rs in raws.items():
            src, dst = PAIRS[p]
            a = _raw_array(rs, src)
            fast, slow = as_ints(cast(a, src, dst)), as_ints(cast_reference(a, src, dst))
            for r, g, s in zip(rs, fast, slow, strict=True):
                for h in next(out).split():
                    want = decode_raw(h, dst)
                    if g != want or s != want:
                        bad.append((copy, f"{src} -> {dst}", f"raw={r}", f"expected {want}", f"fast {g}",
                                    f"reference {s}"))
    assert not bad, mismatch_report(bad, "cast")


# ------------------------------------------------------------------------------------ tests
def test_from_double_edges():
    check_from_double({k: float_edges(t) + SPECIAL_DOUBLES for k, t in enumerate(TYPES)})


def test_from_float_edges():
    vals = {k: [np.float32(x) for x in float_edges(t)[::3] + SPECIAL_DOUBLES
                if math.isnan(x) or abs(x) < 3e38] for k, t in enumerate(TYPES)}
    check_from_double(vals, use_float=True)


def test_raw_ops_edges():
    check_raw_ops({k: raw_edges(t) for k, t in enumerate(TYPES)})


def test_cast_edges():
    check_cast({p: raw_edges(s) for p, (s, _) in enumerate(PAIRS)})


_SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@st.composite
def _raw_batches(draw, types, n=24):
    out = {}
    for k in draw(st.lists(st.integers(0, len(types) - 1), min_size=8, max_size=8, unique=True)):
        t = types[k] if not isinstance(types[k], tuple) else types[k][0]
        out[k] = draw(st.lists(st.integers(t.min_raw, t.max_raw), min_size=n, max_size=n))
    return out


@st.composite
def _double_batches(draw, n=24):
    out = {}
    for k in draw(st.lists(st.integers(0, len(TYPES) - 1), min_size=8, max_size=8, unique=True)):
        t = TYPES[k]
        scale = math.ldexp(1.0, min(max(t.integer, -1000), 1000))
        xs = draw(st.lists(st.floats(-4.0, 4.0, allow_nan=False), min_size=n, max_size=n))
        out[k] = [x * scale for x in xs] + draw(st.lists(st.floats(allow_nan=True), min_size=4, max_size=4))
    return out


@_SETTINGS
@given(_double_batches())
def test_from_double_random(batch):
    check_from_double(batch)


@_SETTINGS
@given(_raw_batches(TYPES))
def test_raw_ops_random(batch):
    check_raw_ops(batch)


@_SETTINGS
@given(_raw_batches(PAIRS))
def test_cast_random(batch):
    check_cast(batch)


@pytest.mark.parametrize("text,want", [
    ("ac_fixed<16,6,true>", AcType(16, 6)), ("ac_fixed<16, 6>", AcType(16, 6)),
    ("ac_fixed<8,3,false,AC_RND_CONV_ODD,AC_SAT_SYM>", AcType(8, 3, False, "AC_RND_CONV_ODD", "AC_SAT_SYM")),
    ("ac_int<8>", AcType(8, 8, True, is_int=True)), ("ac_int<8, false>", AcType(8, 8, False, is_int=True)),
    ("fixed<1,1>", AcType(2, 1)), ("ufixed<1,0,RND,SAT>", AcType(2, 0, False, "AC_RND", "AC_SAT")),
    ("fixed<16,6,RND_CONV,SAT,2>", AcType(16, 6, True, "AC_RND_CONV", "AC_SAT")),
    ("uint<1>", AcType(1, 1, False, is_int=True)),
])
def test_parse(text, want):
    """C++ spellings and hls4ml's precision strings, mapped as hls4ml's ``fpga_types.py`` writes
    them (checked against hls4ml itself in ``test_hls4ml_mapping``)."""
    assert AcType.parse(text) == want
    assert AcType.parse(str(want)) == want


def test_hls4ml_mapping():
    """hls4ml's own ACFixedPrecisionDefinition/ACIntegerPrecisionDefinition strings parse back to
    the type fxsim maps the precision to (incl. the width-1 -> 2 widening)."""
    from hls4ml.backends.fpga.fpga_types import ACFixedPrecisionDefinition, ACIntegerPrecisionDefinition
    from hls4ml.model.types import FixedPrecisionType, IntegerPrecisionType, RoundingMode, SaturationMode

    from fxsim.types import FixedType

    for w, i, s, q, o in [(1, 1, True, "TRN", "WRAP"), (1, 0, False, "RND", "SAT"), (16, 6, True, "RND_CONV", "SAT"),
                          (8, -2, False, "TRN_ZERO", "SAT_SYM"), (12, 14, True, "RND_MIN_INF", "SAT_ZERO")]:
        p = FixedPrecisionType(w, i, s, RoundingMode.from_string(q), SaturationMode.from_string(o))
        p.__class__ = type("P", (ACFixedPrecisionDefinition, FixedPrecisionType), {})
        cpp = p.definition_cpp()
        ours = AcType.parse(f"{'' if s else 'u'}fixed<{w},{i},{q},{o}>")
        assert AcType.parse(cpp) == ours, (cpp, ours)
        assert AcType.from_hls4ml(FixedType.parse(f"{'' if s else 'u'}fixed<{w},{i},{q},{o}>")) == ours
    for w, s in [(1, True), (8, False)]:
        p = IntegerPrecisionType(w, s)
        p.__class__ = type("P", (ACIntegerPrecisionDefinition, IntegerPrecisionType), {})
        assert AcType.parse(p.definition_cpp()) == AcType(w, w, s, is_int=True)


def test_parse_errors():
    from fxsim.types import FixedTypeError

    for bad in ["ac_fixed<16>", "ac_fixed<16,6,maybe>", "ac_fixed<16,6,true,AP_RND>", "ac_int<8,true,1>",
                "ap_fixed<16,6>", "fixed<8,3,RND,WRAP_SM>", "float"]:
        with pytest.raises(FixedTypeError):
            AcType.parse(bad)
