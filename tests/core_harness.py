"""Shared plumbing for the core differential suites: one generated C++ harness per suite.

A harness reads lines ``<op> <case> <payload…>`` and prints one line per input line. Raw values
travel as their W-bit two's-complement pattern in 64-bit hex chunks (most significant first), so
the comparison is bit-exact whatever the width.

>>> encode_raw(-1, FixedType(8, 3))
'00000000000000ff'
>>> decode_raw('00000000000000ff', FixedType(8, 3))
-1
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path

import harness
import numpy as np

from fxsim.types import FixedType

CPP_DIR = Path(__file__).parent / "cpp"


def common_source() -> str:
    """``tests/cpp/core_common.h``, pasted into generated sources so the build cache sees it."""
    return (CPP_DIR / "core_common.h").read_text()


def n_chunks(t: FixedType) -> int:
    return (t.width + 63) // 64


def encode_raw(raw: int, t: FixedType) -> str:
    """The W-bit pattern of ``raw`` as space-separated 64-bit hex chunks, most significant first."""
    u = int(raw) & ((1 << t.width) - 1)
    return " ".join(f"{(u >> (64 * c)) & (2**64 - 1):016x}" for c in reversed(range(n_chunks(t))))


def decode_raw(text: str, t: FixedType) -> int:
    """Inverse of the harness's ``put_raw``: hex pattern -> raw integer in t's range."""
    u = int(text, 16) & ((1 << t.width) - 1)
    if t.signed and u >> (t.width - 1):
        u -= 1 << t.width
    return u


def double_hex(x: float) -> str:
    return struct.pack(">d", x).hex()


def float32_hex(x: np.float32) -> str:
    return struct.pack(">f", x).hex()


def hex_double(text: str) -> float:
    return struct.unpack(">d", bytes.fromhex(text))[0]


def build(body: str, name: str, extra_flags: tuple[str, ...] = ()) -> Path:
    """Compile ``common_source() + body``."""
    return harness.build(common_source() + "\n" + body, name=name, extra_flags=extra_flags)


def run_lines(exe: Path, lines: Sequence[str]) -> list[str]:
    """Feed ``lines`` to the harness; one output line per input line."""
    if not lines:
        return []
    out = harness.run(exe, "\n".join(lines) + "\n").splitlines()
    assert len(out) == len(lines), f"harness printed {len(out)} lines for {len(lines)} inputs"
    return out


def as_ints(a) -> list[int]:
    """Python ints of an int64/object ndarray (or any iterable of integers)."""
    return [int(v) for v in np.asarray(a, dtype=object).ravel()]


def raw_edges(t: FixedType) -> list[int]:
    """Raw values at the interesting places of a type's range."""
    lo, hi = t.min_raw, t.max_raw
    vals = {lo, hi, lo + 1, hi - 1, 0, 1, -1, hi // 2, lo // 2, hi // 3, lo // 3 + 1}
    for b in range(0, t.width, max(1, t.width // 7)):
        vals.update({1 << b, -(1 << b), (1 << b) - 1, -(1 << b) + 1})
    return sorted(v for v in vals if lo <= v <= hi)


def float_edges(t: FixedType) -> list[float]:
    """Doubles on, between and just around a type's grid points: exact ties at the LSB, one
    ulp either side of ties, the range ends plus/minus fractions of an LSB, and huge values."""
    lsb = math.ldexp(1.0, -t.frac)
    out: list[float] = []
    for r in raw_edges(t):
        v = r * lsb
        for d in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5):
            for s in (1, -1):
                x = v + s * d * lsb
                out += [x, np.nextafter(x, math.inf), np.nextafter(x, -math.inf)]
    for m in (2.0, 4.0, 1e3):
        out += [t.max_value * m, t.min_value * m, -t.max_value * m]
    out += [lsb * k for k in (-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.1, -0.1)]
    return [float(x) for x in out if math.isfinite(x)]


#: Type-independent doubles: zeros, specials, subnormals, huge, and ap_int's -0.5 < x < 0.
SPECIAL_DOUBLES: list[float] = [
    0.0, -0.0, math.inf, -math.inf, math.nan, -math.nan, 1e300, -1e300, 1e-300, -1e-300,
    5e-324, -5e-324, 2.2250738585072009e-308, -2.2250738585072014e-308, 1.7976931348623157e308,
    -1.7976931348623157e308, 0.5, -0.5, 0.25, -0.25, -0.3, -0.49999999999999994, -1e-9, 0.3,
    1.5, 2.5, -1.5, -2.5, 3.5, -3.5, 0.75, -0.75, 1.0, -1.0, 2.0**63, -(2.0**63), 2.0**64,
    -(2.0**64), 2.0**127, -(2.0**127), 2.0**128, 2.0**200, -(2.0**200), 2.0**-140, 123456.789,
    -987654.321, math.pi, -math.e,
]


def mismatch_report(rows: Iterable[tuple], header: str, limit: int = 40) -> str:
    rows = list(rows)
    lines = [f"{len(rows)} mismatches ({header}); first {min(limit, len(rows))}:"]
    lines += ["  " + " | ".join(str(c) for c in r) for r in rows[:limit]]
    return "\n".join(lines)
