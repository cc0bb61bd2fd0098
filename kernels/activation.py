"""Numba kernels of ``nnet_activation.h``'s LUT index arithmetic (the fast path).

The C++ computes, for every LUT activation (sigmoid, tanh, softplus, softsign, elu, selu, legacy
softmax)::

    int data_round = data[ii] * CONFIG_T::table_size / 16;   // ap_fixed * unsigned / int
    int index = data_round + 8 * CONFIG_T::table_size / 16;  // unsigned arithmetic, wraps
    if (index < 0) index = 0;
    if (index > CONFIG_T::table_size - 1) index = CONFIG_T::table_size - 1;  // unsigned compare

On raw integers (value = raw * 2**-F) that is: the exact product ``raw * multiplier``; the
division ``ap_private::sdiv`` (truncation toward zero) by ``divisor`` in a type with the same F;
``to_int()`` (truncation toward zero of the F fraction bits, see ``to_ap_int_base``); the low 32 bits
as ``int``. ``offset`` is unsigned in the C++, so the sum wraps modulo 2**32 (no undefined
behaviour), and the upper clamp compares as unsigned: a negative index that escaped the lower
clamp (``elu`` has none) becomes ``size - 1``. The caller guarantees
``|raw| * |multiplier| * 2**max(-F, 0) < 2**62``; the reference path is ``fxsim.layers.tables.lut_index_reference``.

>>> import numpy as np
>>> lut_index(np.array([-200, 0, 7, 200]), 1024, 16, 5, 36, 512, 1024, True).tolist()
[112, 512, 526, 912]
"""

from __future__ import annotations

import numba as nb
import numpy as np
from fxsim.kernels._cache_lock import njit


@njit(cache=True, inline="always")
def trunc_div(n: int, d: int) -> int:
    """C integer division (toward zero), as ``ap_private::sdiv``."""
    q = abs(n) // abs(d)
    return -q if (n < 0) != (d < 0) else q


@njit(cache=True, inline="always")
def fixed_to_int(q: int, frac: int, int_bits: int) -> int:
    """``ap_fixed_base<W, I, true>::to_int()`` of raw ``q`` (F = ``frac``, I = ``int_bits``).

    Truncation toward zero; for I <= 0 the headers' 1-bit ``ap_int_base`` gives -1 for any
    negative value; the result is wrapped to 32 bits like ``ap_int_base::to_int()``.
    """
    if int_bits <= 0:
        r = -1 if q < 0 else 0
    elif frac >= 63:
        r = 0
    elif frac >= 0:
        r = (q >> frac) if q >= 0 else -((-q) >> frac)
    else:
        r = q << (-frac)
    return wrap_int32(r)


@njit(cache=True, inline="always")
def wrap_int32(v: int) -> int:
    """The low 32 bits of ``v`` as a C ``int``."""
    return ((v + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


@njit(cache=True)
def lut_index(raw: np.ndarray, multiplier: int, divisor: int, frac: int, int_bits: int, offset: int,
              size: int, clamp_low: bool) -> np.ndarray:
    """Table index of each raw value: ``to_int(raw * multiplier / divisor) + offset``, clamped.

    ``frac``/``int_bits`` describe the division's result type (``RType::div``); ``clamp_low`` is
    False for ``elu``, whose C++ only clamps the upper end.
    """
    out = np.empty(raw.shape[0], dtype=np.int64)
    for k in range(raw.shape[0]):
        data_round = fixed_to_int(trunc_div(raw[k] * multiplier, divisor), frac, int_bits)
        index = wrap_int32(data_round + offset)
        if clamp_low and index < 0:
            index = 0
        if (index & 0xFFFFFFFF) > size - 1:
            index = size - 1
        out[k] = index
    return out


@njit(cache=True, parallel=True)
def domain_gather(raw: np.ndarray, table: np.ndarray, min_raw: int) -> np.ndarray:
    """``table[raw - min_raw]`` for every element: an element-wise function tabulated over its
    whole input domain (see ``fxsim.layers.elementwise``). ``raw`` is 1-D and inside the domain."""
    out = np.empty(raw.shape[0], dtype=np.int64)
    for k in nb.prange(raw.shape[0]):
        out[k] = table[raw[k] - min_raw]
    return out
