"""16-bit-lane multiply-accumulate of one block row, for accumulators of at most 16 bits.

When data, weights and the accumulator fit 16 bits, ``acc += (x * w) >> s`` can run modulo 2**16
in int16 lanes: bits ``s .. s+15`` of the exact 32-bit product ``x * w`` are the low product half
shifted right and the high half shifted left, a funnel shift (``llvm.fshl``, one ``vpshldvw`` on
AVX-512 VBMI2; shifts and an or elsewhere). LLVM's vectoriser widens the Numba form of this to
32-bit lanes (it merges the two halves back into one product), so :func:`mac16_row` writes the
vector IR itself, target-independent. :func:`mac16_row_reference` is the obvious loop; the two are
tested against each other on every shift.
"""

from __future__ import annotations

import numpy as np
from fxsim.kernels._cache_lock import njit
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

#: Lanes per row (the sample block of ``fxsim.kernels.chain``).
ROW = 64

_I16, _I32 = ir.IntType(16), ir.IntType(32)


def _splat(builder: ir.IRBuilder, value: ir.Value, n: int) -> ir.Value:
    vt = ir.VectorType(value.type, n)
    v = builder.insert_element(ir.Constant(vt, ir.Undefined), value, ir.Constant(_I32, 0))
    return builder.shuffle_vector(v, ir.Constant(vt, ir.Undefined), ir.Constant(ir.VectorType(_I32, n), [0] * n))


@intrinsic
def mac16_row(typingctx, acc, xr, w, s):
    """``acc[b] += (x[b] * w) >> s`` (``<< -s`` for ``s <= 0``) modulo 2**16 for the first
    :data:`ROW` lanes of the int16 rows ``acc`` and ``xr`` (contiguous, at least ROW long); ``w`` an
    integer within int16, ``-15 <= s <= 15``."""
    if not (isinstance(acc, types.Array) and isinstance(xr, types.Array) and acc.dtype == types.int16
            and xr.dtype == types.int16 and isinstance(w, types.Integer) and isinstance(s, types.Integer)):
        return None
    sig = types.void(acc, xr, w, s)

    def codegen(context, builder, signature, args):
        vt, v32 = ir.VectorType(_I16, ROW), ir.VectorType(_I32, ROW)
        acc_p = builder.bitcast(context.make_array(signature.args[0])(context, builder, args[0]).data, vt.as_pointer())
        x_p = builder.bitcast(context.make_array(signature.args[1])(context, builder, args[1]).data, vt.as_pointer())
        x = builder.load(x_p, align=2)
        a = builder.load(acc_p, align=2)
        w16 = builder.trunc(context.cast(builder, args[2], signature.args[2], types.int64), _I16)
        s64 = context.cast(builder, args[3], signature.args[3], types.int64)
        wv = _splat(builder, w16, ROW)
        lo = builder.mul(x, wv)  # bits 0..15 of the product
        with builder.if_else(builder.icmp_signed(">", s64, ir.Constant(s64.type, 0))) as (right, left):
            with right:  # bits s..s+15: fshl(hi, lo, 16 - s)
                hi = builder.trunc(builder.ashr(builder.mul(builder.sext(x, v32), builder.sext(wv, v32)),
                                                ir.Constant(v32, [16] * ROW)), vt)
                amount = _splat(builder, builder.trunc(builder.sub(ir.Constant(s64.type, 16), s64), _I16), ROW)
                name = f"llvm.fshl.v{ROW}i16"
                fshl = builder.module.globals.get(name) or ir.Function(builder.module, ir.FunctionType(vt, [vt] * 3),
                                                                        name)
                builder.store(builder.add(a, builder.call(fshl, [hi, lo, amount])), acc_p, align=2)
            with left:
                amount = _splat(builder, builder.trunc(builder.neg(s64), _I16), ROW)
                builder.store(builder.add(a, builder.shl(lo, amount)), acc_p, align=2)
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True)
def mac16_row_reference(acc, xr, w, s) -> None:
    """:func:`mac16_row` as a plain loop on exact int64 products."""
    for b in range(ROW):
        p = np.int64(xr[b]) * np.int64(w)
        acc[b] = np.int16((np.int64(acc[b]) + ((p >> s) if s > 0 else (p << -s))) & 0xFFFF)
