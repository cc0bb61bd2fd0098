"""How one multiplication by a constant is built: nothing, a shift, adders, a DSP or fabric.

A weight is a raw integer ``r`` (the ``ap_fixed`` bits). Its canonical-signed-digit (CSD, non-adjacent
form) representation has the fewest nonzero digits of any signed-binary form; ``x*r`` then costs
``digits-1`` adders. Vivado HLS folds ``r == 0`` away, turns a power of two into wiring, builds a
two-digit constant as one shift-add, and binds the rest by width: a true multiplier (three or more
digits) goes to a DSP slice when the data operand is wide enough, otherwise to LUTs.

>>> csd_digits(7), csd_digits(11), csd_digits(-96)
(2, 3, 2)
>>> constant_width(96), constant_width(-1)
(8, 2)
>>> classify_constant(11, data_width=14), classify_constant(11, data_width=6)
('dsp', 'fabric')
>>> dsp_slices(32, 32, "DSP48E2")
4
"""

from __future__ import annotations

import math

import numpy as np

from fxsim.estimate import constants as C

ZERO, SHIFT, ADDER, FABRIC, DSP = "zero", "shift", "adder", "fabric", "dsp"
KINDS = (ZERO, SHIFT, ADDER, FABRIC, DSP)


def csd_digits(value: int) -> int:
    """Number of nonzero digits of ``value`` in canonical signed digit (non-adjacent) form.

    >>> [csd_digits(v) for v in (0, 1, 3, 5, 7, 15, 23, 85)]
    [0, 1, 2, 2, 2, 2, 3, 4]
    """
    n, count = abs(int(value)), 0
    while n:
        if n & 1:
            count += 1
            n = n + 1 if n & 3 == 3 else n - 1  # ...11 -> +1 digit then carry; ...01 -> -1
        n >>= 1
    return count


def csd_digits_array(raw: np.ndarray) -> np.ndarray:
    """Vectorized :func:`csd_digits` over an integer array (|values| < 2**62).

    >>> csd_digits_array(np.array([0, 3, -11, 255])).tolist()
    [0, 2, 3, 2]
    """
    n = np.abs(np.asarray(raw, dtype=np.int64))
    count = np.zeros(n.shape, dtype=np.int64)
    while np.any(n):
        odd = (n & 1) == 1
        count += odd
        up = odd & ((n & 3) == 3)
        n = np.where(up, n + 1, np.where(odd, n - 1, n)) >> 1
    return count


def constant_width(value: int) -> int:
    """Minimal two's-complement width of a constant: magnitude bits plus a sign bit.

    Vivado HLS narrows a constant operand to this width before binding (shifts of its trailing zeros
    stay inside the width: ``96 = 0b1100000`` needs 8 signed bits).

    >>> constant_width(0), constant_width(1), constant_width(-128), constant_width(127)
    (1, 2, 9, 8)
    """
    return abs(int(value)).bit_length() + 1


def constant_width_array(raw: np.ndarray) -> np.ndarray:
    """Vectorized :func:`constant_width`."""
    mag = np.abs(np.asarray(raw, dtype=np.int64)).astype(np.float64)
    bits = np.where(mag > 0, np.floor(np.log2(np.maximum(mag, 1))) + 1, 0)
    return bits.astype(np.int64) + 1


def trailing_zeros_array(raw: np.ndarray) -> np.ndarray:
    """Number of trailing zero bits of each nonzero value (0 for zero)."""
    n = np.abs(np.asarray(raw, dtype=np.int64))
    low = n & -n
    return np.where(n > 0, np.log2(np.maximum(low, 1)).astype(np.int64), 0)


def classify_constant(value: int, data_width: int, binding: str = "auto") -> str:
    """What ``x * value`` becomes for a ``data_width``-bit ``x``: one of :data:`KINDS`.

    ``binding`` is the build script's ``config_op mul -impl``: ``'dsp'`` forces true multipliers onto
    DSPs, ``'fabric'`` onto LUTs, ``'auto'`` applies the width rule of :mod:`constants`.

    >>> [classify_constant(v, 14) for v in (0, -64, 6, 11, 77)]
    ['zero', 'shift', 'adder', 'dsp', 'dsp']
    >>> classify_constant(77, 6), classify_constant(11, 14, binding="fabric")
    ('fabric', 'fabric')
    """
    return str(classify_array(np.array([value]), data_width, binding)[0])


def dsp_min_data_width(hls_tool: str = "") -> int:
    """The narrowest data operand whose true constant products the tool puts on DSPs: Vitis HLS
    :data:`constants.VITIS_DSP_MIN_DATA_WIDTH`, otherwise (Vivado HLS, unknown) :data:`constants.DSP_MIN_DATA_WIDTH`.

    >>> dsp_min_data_width("vitis"), dsp_min_data_width("vivado"), dsp_min_data_width()
    (11, 10, 10)
    """
    return C.VITIS_DSP_MIN_DATA_WIDTH if hls_tool == "vitis" else C.DSP_MIN_DATA_WIDTH


def classify_array(raw: np.ndarray, data_width: int | np.ndarray, binding: str = "auto",
                   hls_tool: str = "") -> np.ndarray:
    """Vectorized :func:`classify_constant`: an array of kind strings (``data_width`` may be one per row,
    shaped to broadcast; ``hls_tool`` picks the DSP width rule, :func:`dsp_min_data_width`).

    >>> classify_array(np.array([77, 77]), np.array([10, 11]), hls_tool="vitis").tolist()
    ['fabric', 'dsp']
    """
    raw = np.asarray(raw, dtype=np.int64)
    digits = csd_digits_array(raw)
    true_mult = digits >= 3
    if binding == "dsp":
        to_dsp = true_mult
    elif binding == "fabric":
        to_dsp = np.zeros_like(true_mult)
    elif binding == "auto":
        to_dsp = true_mult & (np.asarray(data_width) >= dsp_min_data_width(hls_tool))
    else:
        raise ValueError(f"binding must be 'auto', 'dsp' or 'fabric', got {binding!r}")
    out = np.full(raw.shape, FABRIC, dtype=object)
    out[digits == 0] = ZERO
    out[digits == 1] = SHIFT
    out[digits == 2] = ADDER
    out[to_dsp] = DSP
    return out


def slice_pieces(width: int, port: int) -> int:
    """How many pieces a signed ``width``-bit operand splits into on a ``port``-bit signed port.

    The top piece keeps the sign (``port`` bits), every lower piece is unsigned (``port - 1`` bits).

    >>> slice_pieces(18, 18), slice_pieces(19, 18), slice_pieces(35, 18), slice_pieces(36, 18)
    (1, 2, 2, 3)
    """
    if width <= port:
        return 1
    return 1 + math.ceil((width - port) / (port - 1))


def dsp_slices(width_a: int, width_b: int, slice_name: str = "DSP48E2") -> int:
    """DSP slices for a signed ``width_a`` x ``width_b`` product, best orientation on the slice.

    A product that fits the slice's (A, B) ports takes one slice; wider ones are split into
    partial products, one slice each (UG579 "wide multiplier" use).

    >>> dsp_slices(16, 16), dsp_slices(27, 18), dsp_slices(28, 18), dsp_slices(26, 18, "DSP48E1")
    (1, 1, 2, 2)
    """
    a, b = C.DSP_SLICES[slice_name]
    return min(slice_pieces(width_a, a) * slice_pieces(width_b, b),
               slice_pieces(width_a, b) * slice_pieces(width_b, a))


def generic_multiplier_is_dsp(width_a: int, width_b: int, binding: str = "auto", hls_tool: str = "vitis") -> bool:
    """Placement of a multiplier whose operands are both variables (no constant folding): a DSP when both are at
    least the tool's :data:`constants.DSP_MIN_WIDTH_VARIABLE` bits (Vivado HLS:
    :data:`constants.VIVADO_DSP_MIN_WIDTH_VARIABLE`) and one is at least :data:`constants.DSP_MIN_DATA_WIDTH`
    (the data-width condition of the constant rule). Vivado HLS 2019.2 on xc7z020 (held-out round 14 rows 3/5,
    read after their frozen run: IN-SAMPLE) puts a Resource dense's 16-bit x 7-bit products on DSPs and its 7-bit x
    7-bit ones (``ap_fixed<7,1>`` activations x ``ap_fixed<7,1>`` weights) in LUTs; Vivado HLS 2020.1 on xc7z020
    puts 16-bit x 6-bit ones on DSPs too (round 6 rows 45-46, after their frozen run: IN-SAMPLE), where Vitis HLS
    2023.2 (wa-hls4ml) builds them in LUTs.

    >>> generic_multiplier_is_dsp(16, 16), generic_multiplier_is_dsp(16, 6), generic_multiplier_is_dsp(16, 7)
    (True, False, True)
    >>> generic_multiplier_is_dsp(7, 7), generic_multiplier_is_dsp(9, 9)
    (False, False)
    >>> generic_multiplier_is_dsp(16, 6, hls_tool="vivado"), generic_multiplier_is_dsp(6, 6, hls_tool="vivado")
    (True, False)
    """
    if binding in ("dsp", "fabric"):
        return binding == "dsp"
    floor = C.VIVADO_DSP_MIN_WIDTH_VARIABLE if hls_tool == "vivado" else C.DSP_MIN_WIDTH_VARIABLE
    return min(width_a, width_b) >= floor and max(width_a, width_b) >= C.DSP_MIN_DATA_WIDTH
