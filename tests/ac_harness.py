"""Plumbing for the ac_fixed/ac_int differential suites: the types they cover and a build that
compiles one generated harness against BOTH ``ac_types`` copies hls4ml ships.

* ``AC40``: ``templates/quartus/ac_types`` (AC Datatypes 4.0; Quartus and oneAPI projects)
* ``AC48``: ``templates/catapult/ac_types/include`` (AC Datatypes 4.8; Catapult projects)

>>> len(AC_TYPES) > 100
True
>>> str(AC_TYPES[0])
'ac_fixed<1,1,true>'
"""

from __future__ import annotations

import functools
import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from core_types import INT_WIDTHS, SHAPES

from fxsim.actypes import AC_OVERFLOW_MODES, AC_ROUNDING_MODES, AcType

CPP_DIR = Path(__file__).parent / "cpp"
COPIES = ("AC40", "AC48")


@functools.cache
def ac_dir(copy: str) -> Path:
    base = harness.templates_dir().parent
    return {"AC40": base / "quartus" / "ac_types", "AC48": base / "catapult" / "ac_types" / "include"}[copy]


@functools.cache
def _digest(copy: str) -> str:
    h = hashlib.sha256()
    for p in sorted(ac_dir(copy).glob("*.h")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build(body: str, name: str) -> dict[str, Path]:
    """Compile ``tests/cpp/ac_common.h + body`` against both copies (two g++ processes at once).

    ``-O0``: compiles twice as fast; the results do not depend on it (the x86 conversions of NaN
    that the AC code relies on are the same instructions at -O0 and -O2).
    """
    src = (CPP_DIR / "ac_common.h").read_text() + "\n" + body

    def one(copy: str) -> Path:
        text = f"// ac_types {copy} {_digest(copy)}\n" + src
        return harness.build(text, name=f"{name}_{copy}", extra_flags=(f"-I{ac_dir(copy)}", "-O0"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(COPIES, pool.map(one, COPIES), strict=True))


def _spread() -> list[AcType]:
    """Each shape of the ap suite gets a quantization and an overflow mode, cycling through all."""
    out = []
    for k, (w, i, s) in enumerate(SHAPES):
        q = AC_ROUNDING_MODES[k % len(AC_ROUNDING_MODES)]
        o = AC_OVERFLOW_MODES[(3 * k + k // len(AC_ROUNDING_MODES)) % len(AC_OVERFLOW_MODES)]
        out.append(AcType(w, i, s, q, o))
    return out


def _grid() -> list[AcType]:
    """Every quantization mode x every overflow mode on a small signed and unsigned type, and
    AC_RND_CONV_ODD / AC_SAT_SYM on a few wide shapes."""
    out = []
    for q in AC_ROUNDING_MODES:
        for o in AC_OVERFLOW_MODES:
            out += [AcType(6, 2, True, q, o), AcType(5, 3, False, q, o)]
    out += [AcType(1, 1, True, "AC_RND", "AC_SAT_SYM"), AcType(1, 0, False, "AC_RND_CONV_ODD", "AC_SAT"),
            AcType(2, 1, True, "AC_RND_CONV_ODD", "AC_SAT_SYM"), AcType(40, 20, True, "AC_RND_CONV_ODD", "AC_SAT"),
            AcType(70, -5, True, "AC_RND_CONV_ODD", "AC_SAT_SYM"), AcType(96, 100, False, "AC_RND", "AC_SAT"),
            AcType(128, 64, True, "AC_RND_CONV", "AC_SAT_ZERO"), AcType(33, 1, True, "AC_TRN_ZERO", "AC_SAT"),
            AcType(32, 32, False, "AC_RND_INF", "AC_SAT_SYM"), AcType(64, 64, True, "AC_RND_MIN_INF", "AC_SAT")]
    return out


#: Every type the ac suites cover: widths 1..128, I < 0 and I > W, every mode, ac_int.
AC_TYPES: list[AcType] = list(dict.fromkeys(
    [AcType(1, 1)] + _spread() + _grid() + [AcType(w, w, s, is_int=True) for w, s in INT_WIDTHS]
    + [AcType(16, 6), AcType(18, 8), AcType(16, 8), AcType(10, 4, False), AcType(2, 1, False)]
))

#: Binary points far outside float64's normal range (ldexpr underflow/overflow of the AC code).
AC_EXTREME: list[AcType] = [
    AcType(8, -1020), AcType(16, -1060, False, "AC_RND"), AcType(64, -1000, True, "AC_RND_CONV"),
    AcType(12, 1030, True, "AC_RND", "AC_SAT"), AcType(24, 1020, False), AcType(70, -1010),
    AcType(40, -1040, True, "AC_RND_INF", "AC_SAT_SYM"),
]
