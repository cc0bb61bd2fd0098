"""The fixed-point types the core differential tests run against the real headers.

One shared list, so the conversion and arithmetic suites cover the same corners: widths 1..128,
integer bits negative, zero and beyond the width, every quantization and overflow mode, saturation
bits N in 0..3, signed and unsigned, and ``ap_int``/``ap_uint``.

>>> len(CORE_TYPES) >= 60
True
>>> str(CORE_TYPES[0])
'ap_fixed<1,1>'
"""

from __future__ import annotations

from fxsim.types import OVERFLOW_MODES, ROUNDING_MODES, FixedType

#: (width, integer bits, signed) shapes; quantization/overflow/N are spread over them below.
SHAPES: list[tuple[int, int, bool]] = [
    (1, 1, True), (1, 0, False), (1, 1, False), (1, -3, True), (2, 1, True), (2, 5, False),
    (3, -2, True), (4, -3, False), (4, 0, True), (5, 8, True), (6, 10, False), (7, 7, False),
    (8, 3, True), (8, 0, False), (8, 8, True), (8, -1, True), (10, -1, True), (12, 4, False),
    (16, 6, True), (16, 16, False), (17, 17, True), (18, 8, True), (24, 12, True), (24, 30, True),
    (31, 15, True), (32, 16, False), (32, 0, True), (33, 1, True), (40, 20, True), (48, -4, True),
    (52, 30, False), (53, 26, True), (53, 53, False), (54, 0, True), (56, 70, True), (63, 31, True),
    (63, 63, False), (64, 32, True), (64, 1, False), (64, 64, True), (65, 33, True), (65, 0, False),
    (70, -5, True), (80, 90, False), (96, 48, True), (100, 120, True), (127, 60, True),
    (128, 64, False), (128, 1, True),
]

INT_WIDTHS: list[tuple[int, bool]] = [
    (1, True), (1, False), (2, True), (8, True), (8, False), (16, False), (32, True), (32, False),
    (53, True), (63, True), (63, False), (64, True), (64, False), (65, True), (100, False),
    (128, True),
]


def _spread_modes() -> list[FixedType]:
    """Each shape gets a quantization mode, an overflow mode and N, cycling so all combinations of
    neighbours differ; AP_WRAP_SM is skipped for unsigned types (the headers reject it)."""
    out = []
    for k, (w, i, s) in enumerate(SHAPES):
        q = ROUNDING_MODES[k % len(ROUNDING_MODES)]
        o = OVERFLOW_MODES[(3 * k + k // len(ROUNDING_MODES)) % len(OVERFLOW_MODES)]
        if o == "AP_WRAP_SM" and not s:
            o = "AP_SAT_SYM"
        n = min(k % 4, w)
        out.append(FixedType(w, i, s, q, o, n))
    return out


def _mode_grid() -> list[FixedType]:
    """Every quantization mode x every overflow mode, on a small signed and an unsigned type."""
    out = []
    for q in ROUNDING_MODES:
        for o in OVERFLOW_MODES:
            out.append(FixedType(6, 2, True, q, o, 0))
            if o != "AP_WRAP_SM":
                out.append(FixedType(5, 3, False, q, o, 0))
    # saturation bits with the wrapping modes, where N matters
    for n in (1, 2, 3):
        out.append(FixedType(6, 2, True, "AP_RND", "AP_WRAP", n))
        out.append(FixedType(6, 2, True, "AP_TRN", "AP_WRAP_SM", n))
        out.append(FixedType(5, 3, False, "AP_RND_CONV", "AP_WRAP", n))
    return out


def _dedup(types: list[FixedType]) -> list[FixedType]:
    seen: dict[FixedType, None] = {}
    for t in types:
        seen.setdefault(t)
    return list(seen)


#: The full list (fixed types with modes, the mode grid, then ap_int/ap_uint).
CORE_TYPES: list[FixedType] = _dedup(
    [FixedType(1, 1)]
    + _spread_modes()
    + _mode_grid()
    + [FixedType(w, w, s, is_int=True) for w, s in INT_WIDTHS]
)

#: A smaller subset (every shape kind, plain modes) for pairwise tests such as arithmetic.
ARITH_TYPES: list[FixedType] = _dedup(
    [FixedType(w, i, s) for w, i, s in SHAPES]
    + [FixedType(w, w, s, is_int=True) for w, s in INT_WIDTHS]
)


#: Binary points far outside float64's normal range: subnormal inputs and the exponent handling
#: of ``ap_fixed_base(double)`` / ``to_double()`` only show up here (LSB below 2**-1022, or the
#: MSB above 2**1023).
EXTREME_TYPES: list[FixedType] = [
    FixedType(8, -1020), FixedType(16, -1060, False, "AP_RND"), FixedType(64, -1000, True, "AP_RND_CONV"),
    FixedType(12, 1030, True, "AP_RND", "AP_SAT"), FixedType(24, 1020, False), FixedType(70, -1010),
    FixedType(40, -1040, True, "AP_RND_INF", "AP_SAT_SYM"),
]


def cpp_name(t: FixedType) -> str:
    """The C++ spelling of a type (``str`` already prints valid C++)."""
    return str(t)
