"""Sums of truncated products ``sum_k (x_k * w_k) >> s`` in 16-bit lanes, split into product halves.

The ordered (Resource) kernel's saturation-free rows (``fxsim.kernels.dense.ordered_block``) add
``floor(x * w / 2**s)`` per step, where ``x`` and ``w`` fit int16 and ``1 <= s <= 15``. Write the
exact product as ``p = hi * 2**16 + lo`` with ``hi`` the signed high half (``vpmulhw``) and
``0 <= lo < 2**16`` the low half (``vpmullw``); then::

    floor(p / 2**s) = hi * 2**(16 - s) + (lo >> s)          (lo >> s: a logical shift, < 2**(16 - s))

so the row's sum is ``2**(16 - s) * H + L`` with ``H = sum hi`` and ``L = sum (lo >> s)``. The
kernel keeps ``H`` modulo 2**16 (int16 lanes, wrapping) and ``L`` exactly (uint16 lanes: the caller
guarantees ``n * (2**(16 - s) - 1) < 2**16`` for ``n`` steps), which gives the sum modulo
``2**(32 - s)`` (:func:`split16_total`); a sum known to lie in ``[-2**(31 - s), 2**(31 - s))``
is then exact. Per 32 lanes a step is one high and one low multiply, a shift and two adds, where
int32 lanes need a 32-bit multiply (two micro-ops), a shift and an add per 16 lanes.

LLVM's vectoriser widens the Numba form of the high half back to 32-bit lanes, so
:func:`split16_step` writes the vector IR itself (like :mod:`fxsim.kernels.lanes16`);
:func:`split16_step_reference` is the plain loop on exact int64 products (the intrinsic runs
inside compiled code only; tests/test_split16.py compares the two):

>>> import numpy as np
>>> hi, lo = np.zeros(ROW, np.int16), np.zeros(ROW, np.int16)
>>> x = np.arange(-32, 32, dtype=np.int16) * 1000
>>> split16_step_reference(hi, lo, x, -3000, 10); split16_step_reference(hi, lo, x, 1234, 10)
>>> out = np.zeros(ROW, np.int64); split16_total(out, hi, lo, 10)
>>> bool((out == (x.astype(np.int64) * -3000 >> 10) + (x.astype(np.int64) * 1234 >> 10)).all())
True
"""

from __future__ import annotations

import numpy as np
from fxsim.kernels._cache_lock import njit
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

#: Lanes per row (the ordered kernel's sample block).
ROW = 64

_I16, _I32 = ir.IntType(16), ir.IntType(32)


def max_steps(s: int) -> int:
    """The most steps whose low-half sum ``L`` stays below 2**16 for a shift ``s`` (1..15)."""
    return ((1 << 16) - 1) // ((1 << (16 - s)) - 1)


def _splat(builder: ir.IRBuilder, value: ir.Value, n: int) -> ir.Value:
    vt = ir.VectorType(value.type, n)
    v = builder.insert_element(ir.Constant(vt, ir.Undefined), value, ir.Constant(_I32, 0))
    return builder.shuffle_vector(v, ir.Constant(vt, ir.Undefined), ir.Constant(ir.VectorType(_I32, n), [0] * n))


@intrinsic
def split16_step(typingctx, hi_acc, lo_acc, xr, w, s):
    """``hi_acc[b] += (x[b] * w) >> 16`` (mod 2**16) and ``lo_acc[b] += ((x[b] * w) & 0xFFFF) >> s``
    (mod 2**16, a logical shift) for the first :data:`ROW` lanes of the contiguous int16 rows;
    ``w`` an integer within int16, ``1 <= s <= 15``."""
    if not (isinstance(hi_acc, types.Array) and isinstance(lo_acc, types.Array) and isinstance(xr, types.Array)
            and hi_acc.dtype == lo_acc.dtype == xr.dtype == types.int16 and isinstance(w, types.Integer)
            and isinstance(s, types.Integer)):
        return None
    sig = types.void(hi_acc, lo_acc, xr, w, s)

    def codegen(context, builder, signature, args):
        vt = ir.VectorType(_I16, ROW)
        v32 = ir.VectorType(_I32, ROW)

        def row(k):
            return builder.bitcast(context.make_array(signature.args[k])(context, builder, args[k]).data,
                                   vt.as_pointer())

        hi_p, lo_p, x_p = row(0), row(1), row(2)
        x = builder.load(x_p, align=2)
        w16 = builder.trunc(context.cast(builder, args[3], signature.args[3], types.int64), _I16)
        s16 = builder.trunc(context.cast(builder, args[4], signature.args[4], types.int64), _I16)
        wv = _splat(builder, w16, ROW)
        hi = builder.trunc(builder.ashr(builder.mul(builder.sext(x, v32), builder.sext(wv, v32)),
                                        ir.Constant(v32, [16] * ROW)), vt)
        lo = builder.lshr(builder.mul(x, wv), _splat(builder, s16, ROW))
        builder.store(builder.add(builder.load(hi_p, align=2), hi), hi_p, align=2)
        builder.store(builder.add(builder.load(lo_p, align=2), lo), lo_p, align=2)
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True)
def split16_step_reference(hi_acc, lo_acc, xr, w, s) -> None:
    """:func:`split16_step` as a plain loop on exact int64 products."""
    for b in range(ROW):
        p = np.int64(xr[b]) * np.int64(w)
        hi_acc[b] = np.int16(((np.int64(hi_acc[b]) + (p >> 16) + 32768) & 0xFFFF) - 32768)
        lo_acc[b] = np.int16(((np.int64(lo_acc[b]) + ((p & 0xFFFF) >> s) + 32768) & 0xFFFF) - 32768)


@njit(cache=True, inline="always")
def split16_total(out, hi_acc, lo_acc, s: int) -> None:
    """``out[b] = 2**(16 - s) * H + L`` reduced into ``[-2**(31 - s), 2**(31 - s))`` (the row's sum
    of ``(x * w) >> s`` where that interval holds it), from ``H = hi_acc[b]`` (mod 2**16) and
    ``L = lo_acc[b]`` read as uint16."""
    one = np.int64(1)
    half = one << (31 - s)
    mask = (one << (32 - s)) - one
    for b in range(ROW):
        t = (np.int64(hi_acc[b]) << (16 - s)) + (np.int64(lo_acc[b]) & 0xFFFF)
        out[b] = ((t + half) & mask) - half
