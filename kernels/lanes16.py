"""16-bit-lane multiply-accumulate of block rows, for accumulators of at most 16 bits.

When data, weights and the accumulator fit 16 bits, ``acc += (x * w) >> s`` can run modulo 2**16
in int16 lanes: bits ``s .. s+15`` of the exact 32-bit product ``x * w`` are the low product half
shifted right and the high half shifted left, a funnel shift (``llvm.fshl``, one ``vpshldvw`` on
AVX-512 VBMI2; shifts and an or elsewhere). Where ``w`` fits ``s`` bits, ``w << (16 - s)`` fits
int16 and the high half of ``x * (w << (16 - s))`` alone is those bits (the product fits int32);
for ``s <= 0`` the low half of ``x * (w << -s)`` is the term modulo 2**16. LLVM's vectoriser widens
the Numba form of all this to 32-bit lanes (it merges the two halves back into one product), so
this module writes the vector IR itself, target-independent:

* :func:`mac16_row`: one row ``acc += (x * w) >> s``; :func:`mac16_row_reference` the plain loop;
* :func:`dot16_rows`: one pixel of a dense/conv stage, ``acc[j] += sum_t (rows[idx[t]] * m[t, j]) >> s``
  for every output, in tiles of :data:`TILE` outputs whose accumulators stay in registers over all
  taps (:func:`dot16_tile`); each tap takes the one-product form when all its tile's weights fit
  ``s`` bits, decided once per weight matrix (:func:`dot16_plan`, with the pre-shifted weights);
  :func:`dot16_reference` is the plain loop.

Each is tested against its reference on every shift (tests/test_fusion.py).
"""

from __future__ import annotations

import numpy as np
from fxsim.kernels._cache_lock import njit
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

#: Lanes per row (the sample block of ``fxsim.kernels.chain``).
ROW = 64

_I16, _I32 = ir.IntType(16), ir.IntType(32)


def _splat(builder: ir.IRBuilder, value: ir.Value, n: int) -> ir.Value:
    vt = ir.VectorType(value.type, n)
    v = builder.insert_element(ir.Constant(vt, ir.Undefined), value, ir.Constant(_I32, 0))
    return builder.shuffle_vector(v, ir.Constant(vt, ir.Undefined), ir.Constant(ir.VectorType(_I32, n), [0] * n))


def _product16(builder: ir.IRBuilder, x: ir.Value, w: ir.Value, s: ir.Value, right: bool) -> ir.Value:
    """Bits ``s .. s+15`` of the exact products ``x * w`` (``<< -s`` when not ``right``); ``s`` the
    funnel amount ``16 - s`` (right) or ``-s`` (left), splatted."""
    vt = x.type
    lo = builder.mul(x, w)
    if not right:
        return builder.shl(lo, s)
    v32 = ir.VectorType(_I32, vt.count)
    hi = builder.trunc(builder.ashr(builder.mul(builder.sext(x, v32), builder.sext(w, v32)),
                                    ir.Constant(v32, [16] * vt.count)), vt)
    name = f"llvm.fshl.v{vt.count}i16"
    fshl = builder.module.globals.get(name) or ir.Function(builder.module, ir.FunctionType(vt, [vt] * 3), name)
    return builder.call(fshl, [hi, lo, s])


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
        vt = ir.VectorType(_I16, ROW)
        acc_p = builder.bitcast(context.make_array(signature.args[0])(context, builder, args[0]).data, vt.as_pointer())
        x_p = builder.bitcast(context.make_array(signature.args[1])(context, builder, args[1]).data, vt.as_pointer())
        x = builder.load(x_p, align=2)
        a = builder.load(acc_p, align=2)
        w16 = builder.trunc(context.cast(builder, args[2], signature.args[2], types.int64), _I16)
        s64 = context.cast(builder, args[3], signature.args[3], types.int64)
        wv = _splat(builder, w16, ROW)
        right = builder.icmp_signed(">", s64, ir.Constant(s64.type, 0))
        amount = builder.select(right, builder.sub(ir.Constant(s64.type, 16), s64), builder.neg(s64))
        amount = _splat(builder, builder.trunc(amount, _I16), ROW)
        with builder.if_else(right) as (then, otherwise):
            with then:
                builder.store(builder.add(a, _product16(builder, x, wv, amount, True)), acc_p, align=2)
            with otherwise:
                builder.store(builder.add(a, _product16(builder, x, wv, amount, False)), acc_p, align=2)
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True)
def mac16_row_reference(acc, xr, w, s) -> None:
    """:func:`mac16_row` as a plain loop on exact int64 products."""
    for b in range(ROW):
        p = np.int64(xr[b]) * np.int64(w)
        acc[b] = np.int16((np.int64(acc[b]) + ((p >> s) if s > 0 else (p << -s))) & 0xFFFF)


#: Outputs per register tile of :func:`dot16_tile` (each output's accumulator is one ROW-lane vector).
TILE = 8


#: Tap kinds of :func:`dot16_plan`: add nothing (all the group's weights are zero), one product per
#: output (``mh``: the high half for right shifts, the low half for left shifts), or the funnel shift.
SKIP, ONE_PRODUCT, FUNNEL = range(3)


def _dot16(n_out: int):
    @intrinsic
    def dot16(typingctx, acc, rows, idx, m, mh, kind, j0, s, a0):
        fresh = isinstance(a0, types.Array)  # accumulators start at a0[j] (None: at acc's values)
        if not (fresh and a0.ndim == 1 and isinstance(a0.dtype, types.Integer) or isinstance(a0, types.NoneType)):
            return None
        if not (isinstance(acc, types.Array) and isinstance(rows, types.Array) and isinstance(idx, types.Array)
                and isinstance(m, types.Array) and isinstance(mh, types.Array) and isinstance(kind, types.Array)
                and acc.dtype == rows.dtype == m.dtype == mh.dtype == types.int16 and kind.dtype == types.int8
                and acc.ndim == rows.ndim == m.ndim == mh.ndim == 2 and idx.ndim == kind.ndim == 1
                and idx.dtype == types.int64 and isinstance(j0, types.Integer) and isinstance(s, types.Integer)):
            return None
        sig = types.void(acc, rows, idx, m, mh, kind, j0, s, a0)

        def codegen(context, builder, signature, args):
            vt = ir.VectorType(_I16, ROW)
            i64 = ir.IntType(64)
            arrays = [context.make_array(t)(context, builder, a) for t, a in zip(signature.args[:6], args[:6])]
            acc_a, rows_a, idx_a, m_a, mh_a, kind_a = arrays
            byte = ir.IntType(8).as_pointer()
            acc_d, rows_d, idx_d, m_d, mh_d, kind_d = (builder.bitcast(a.data, byte) for a in arrays)
            acc_s0 = cgutils.unpack_tuple(builder, acc_a.strides, 2)[0]
            rows_s0 = cgutils.unpack_tuple(builder, rows_a.strides, 2)[0]
            idx_s0 = cgutils.unpack_tuple(builder, idx_a.strides, 1)[0]
            kind_s0 = cgutils.unpack_tuple(builder, kind_a.strides, 1)[0]
            n_taps = cgutils.unpack_tuple(builder, idx_a.shape, 1)[0]
            m_s0, m_s1 = cgutils.unpack_tuple(builder, m_a.strides, 2)
            mh_s0, mh_s1 = cgutils.unpack_tuple(builder, mh_a.strides, 2)
            j0v = context.cast(builder, args[6], signature.args[6], types.int64)
            s64 = context.cast(builder, args[7], signature.args[7], types.int64)

            def at(base, offset, ty):
                return builder.bitcast(builder.gep(base, [offset]), ty.as_pointer())

            acc_p = [at(acc_d, builder.mul(builder.add(j0v, ir.Constant(i64, k)), acc_s0), vt) for k in range(n_out)]
            w_off = [builder.mul(builder.add(j0v, ir.Constant(i64, k)), m_s1) for k in range(n_out)]
            wh_off = [builder.mul(builder.add(j0v, ir.Constant(i64, k)), mh_s1) for k in range(n_out)]
            if fresh:  # the initial values, splatted (no store and reload of acc)
                a0_a = context.make_array(signature.args[8])(context, builder, args[8])
                a0_s0 = cgutils.unpack_tuple(builder, a0_a.strides, 1)[0]
                a0_t = context.get_value_type(signature.args[8].dtype)
                a0_d = builder.bitcast(a0_a.data, byte)
                a0v = [builder.load(at(a0_d, builder.mul(builder.add(j0v, ir.Constant(i64, k)), a0_s0), a0_t))
                       for k in range(n_out)]  # modulo 2**16
                init = [_splat(builder, builder.trunc(v, _I16) if a0_t.width > 16 else builder.sext(v, _I16)
                               if a0_t.width < 16 else v, ROW) for v in a0v]
            else:
                init = [builder.load(p, align=2) for p in acc_p]
            right = builder.icmp_signed(">", s64, ir.Constant(i64, 0))
            amount = builder.select(right, builder.sub(ir.Constant(i64, 16), s64), builder.neg(s64))
            amount = _splat(builder, builder.trunc(amount, _I16), ROW)

            def mulhi(x: ir.Value, w: ir.Value) -> ir.Value:
                v32 = ir.VectorType(_I32, ROW)
                return builder.trunc(builder.ashr(builder.mul(builder.sext(x, v32), builder.sext(w, v32)),
                                                  ir.Constant(v32, [16] * ROW)), vt)

            def loop(is_right: bool) -> None:
                # ONE_PRODUCT taps: right shifts, one high product half is the whole term,
                # (x * (w << (16 - s))) >> 16 (every weight of the tap fits ``s`` bits); left shifts,
                # one low half, x * (w << -s) modulo 2**16; ``mh`` holds the shifted weights.
                # FUNNEL taps (right shifts only) take the funnel shift (_product16) of ``m``.
                pre = builder.basic_block
                head = builder.append_basic_block("dot16.head")
                body = builder.append_basic_block("dot16.body")
                mac = builder.append_basic_block("dot16.mac")
                fast = builder.append_basic_block("dot16.fast")
                slow = builder.append_basic_block("dot16.slow")
                latch = builder.append_basic_block("dot16.latch")
                done = builder.append_basic_block("dot16.done")
                builder.branch(head)
                builder.position_at_end(head)
                t = builder.phi(i64)
                t.add_incoming(ir.Constant(i64, 0), pre)
                cur = [builder.phi(vt) for _ in range(n_out)]
                for c, v in zip(cur, init):
                    c.add_incoming(v, pre)
                builder.cbranch(builder.icmp_signed("<", t, n_taps), body, done)
                builder.position_at_end(body)
                k = builder.load(at(idx_d, builder.mul(t, idx_s0), i64))
                kd = builder.load(at(kind_d, builder.mul(t, kind_s0), ir.IntType(8)))
                skip = builder.or_(builder.icmp_signed("<", k, ir.Constant(i64, 0)),  # a missing tap
                                   builder.icmp_signed("==", kd, ir.Constant(ir.IntType(8), SKIP)))
                builder.cbranch(skip, latch, mac)
                builder.position_at_end(mac)
                x = builder.load(at(rows_d, builder.mul(k, rows_s0), vt), align=2)
                if is_right:
                    builder.cbranch(builder.icmp_signed("==", kd, ir.Constant(ir.IntType(8), ONE_PRODUCT)), fast, slow)
                else:
                    builder.branch(fast)
                builder.position_at_end(fast)
                mhrow = builder.mul(t, mh_s0)
                whs = [_splat(builder, builder.load(at(mh_d, builder.add(mhrow, o), _I16)), ROW) for o in wh_off]
                if is_right:
                    new_fast = [builder.add(c, mulhi(x, w)) for c, w in zip(cur, whs)]
                else:
                    new_fast = [builder.add(c, builder.mul(x, w)) for c, w in zip(cur, whs)]
                builder.branch(latch)
                builder.position_at_end(slow)
                if is_right:
                    mrow = builder.mul(t, m_s0)
                    ws = [builder.load(at(m_d, builder.add(mrow, o), _I16)) for o in w_off]
                    new_slow = [builder.add(c, _product16(builder, x, _splat(builder, w, ROW), amount, True))
                                for c, w in zip(cur, ws)]
                    builder.branch(latch)
                else:
                    builder.unreachable()
                builder.position_at_end(latch)
                nxt = [builder.phi(vt) for _ in range(n_out)]
                for k_, p in enumerate(nxt):
                    p.add_incoming(cur[k_], body)
                    p.add_incoming(new_fast[k_], fast)
                    if is_right:
                        p.add_incoming(new_slow[k_], slow)
                t1 = builder.add(t, ir.Constant(i64, 1))
                t.add_incoming(t1, latch)
                for c, p in zip(cur, nxt):
                    c.add_incoming(p, latch)
                builder.branch(head)
                builder.position_at_end(done)
                for p, c in zip(acc_p, cur):
                    builder.store(c, p, align=2)

            with builder.if_else(right) as (then, otherwise):
                with then:
                    loop(True)
                with otherwise:
                    loop(False)
            return context.get_dummy_value()

        return sig, codegen

    return dot16


#: ``dot16_tile(acc, rows, idx, m, mh, kind, j0, s, a0)``: for the :data:`TILE` outputs
#: ``j = j0 .. j0+TILE-1``, ``acc[j][b] = a + sum_t (rows[idx[t]][b] * m[t, j]) >> s`` modulo 2**16
#: (``<< -s`` for ``s <= 0``; a tap ``idx[t] < 0`` or of kind SKIP adds nothing), where ``a`` is
#: ``a0[j]`` (an integer array; modulo 2**16), or ``acc[j][b]`` itself for ``a0 = None``; the
#: accumulators held in registers over all taps. ``acc``, ``rows``, ``m`` and ``mh`` int16 2-D arrays
#: (rows of at least ROW contiguous lanes), ``idx`` int64 and ``kind`` int8 1-D (``mh`` and ``kind``:
#: this tile's column of :func:`dot16_plan`), ``-15 <= s <= 15``. :func:`dot16_reference` is the plain loop.
dot16_tile = _dot16(TILE)
#: :func:`dot16_tile` for ``TILE // 2`` outputs, and for one.
dot16_half = _dot16(TILE // 2)
dot16_one = _dot16(1)


def dot16_groups(n_out: int) -> list[tuple[int, int]]:
    """``(j0, width)`` of the output tiles :func:`dot16_rows` runs, in order: tiles of
    :data:`TILE`, one of ``TILE // 2``, then single outputs."""
    groups, j = [], 0
    while j + TILE <= n_out:
        groups.append((j, TILE))
        j += TILE
    if j + TILE // 2 <= n_out:
        groups.append((j, TILE // 2))
        j += TILE // 2
    groups += [(k, 1) for k in range(j, n_out)]
    return groups


def dot16_plan(m: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray]:
    """``(mh, kind)`` of the weights ``m`` (taps x outputs, int16 values) for shift ``s``: ``mh``
    int16 (taps x outputs), the weights shifted for the one-product form (``w << (16 - s)`` where
    ``w`` fits ``s`` bits, for ``s > 0``; ``w << -s`` modulo 2**16 for ``s <= 0``; else 0), and
    ``kind`` int8 (tiles of :func:`dot16_groups` x taps): SKIP where the tile's weights of the tap
    are all zero, ONE_PRODUCT where each of them takes the one-product form, else FUNNEL.

    >>> mh, kind = dot16_plan(np.array([[3, 0], [0, 0], [600, 1]]), 10)   # two single outputs
    >>> kind.tolist(), mh[:, 0].tolist()
    ([[1, 0, 2], [0, 0, 1]], [192, 0, 0])
    """
    m = np.asarray(m, dtype=np.int64)
    if s > 0:
        small = (m >= -(1 << (s - 1))) & (m < (1 << (s - 1)))
        mh = np.where(small, m << (16 - s), 0)
    else:
        small = np.ones(m.shape, dtype=bool)
        mh = ((m << -s) + (1 << 15)) % (1 << 16) - (1 << 15)  # modulo 2**16, as int16
    groups = dot16_groups(m.shape[1])
    kind = np.empty((len(groups), m.shape[0]), dtype=np.int8)
    for g, (j0, width) in enumerate(groups):
        cols = slice(j0, j0 + width)
        kind[g] = np.where((m[:, cols] == 0).all(axis=1), SKIP,
                           np.where(small[:, cols].all(axis=1), ONE_PRODUCT, FUNNEL))
    return mh.astype(np.int16), kind


@njit(cache=True)
def dot16_reference(acc, rows, idx, m, j0, n_out, s) -> None:
    """:func:`dot16_tile` (``n_out`` outputs) as plain loops on exact int64 products."""
    for j in range(j0, j0 + n_out):
        for t in range(idx.shape[0]):
            if idx[t] >= 0:
                mac16_row_reference(acc[j], rows[idx[t]], m[t, j], s)


@njit(cache=True, inline="always")
def dot16_rows(acc, rows, idx, m, mh, kind, s, a0) -> None:
    """:func:`dot16_tile` over every output of ``m`` (taps x outputs) in the tiles of
    :func:`dot16_groups`, ``(mh, kind) = dot16_plan(m, s)``, the accumulators starting at ``a0``
    (None: at ``acc``). :func:`dot16_reference` with ``j0 = 0, n_out = m.shape[1]`` is the plain loop."""
    j = 0
    g = 0
    while j + TILE <= m.shape[1]:
        dot16_tile(acc, rows, idx, m, mh, kind[g], j, s, a0)
        j += TILE
        g += 1
    if j + TILE // 2 <= m.shape[1]:
        dot16_half(acc, rows, idx, m, mh, kind[g], j, s, a0)
        j += TILE // 2
        g += 1
    while j < m.shape[1]:
        dot16_one(acc, rows, idx, m, mh, kind[g], j, s, a0)
        j += 1
        g += 1
