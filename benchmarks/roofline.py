"""Peak exact int16 multiply-accumulates per second on this CPU: the roofline of fxsim's kernels.

A register-resident loop of AVX-512 VNNI ``vpdpwssd`` (32 int16 x int16 products summed exactly
into 16 int32 lanes per instruction, 16 independent accumulators so the loop is throughput-bound)
run on ``threads`` Numba threads. No exact int16 multiply-accumulate runs faster on this machine,
so ``model MAC/s / peak`` says how close a model runs to the limit (fxsim's truncating products
need one or three vector operations per 32 MACs, not one per 32 summed pairs).

    python benchmarks/roofline.py            # {"threads": 2, "gmac_per_s": ...}

Needs an x86 CPU with ``avx512_vnni`` (``/proc/cpuinfo``); elsewhere :func:`peak_int16_macs`
returns None.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numba as nb
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

#: Independent accumulators of the loop (latency x issue width of the unit, with room).
ACCUMULATORS = 16
#: Exact int16 MACs per ``vpdpwssd`` on 512-bit registers.
MACS_PER_OP = 32


def has_vnni() -> bool:
    """The CPU reports AVX-512 VNNI."""
    try:
        return " avx512_vnni" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


@intrinsic
def _vnni_loop(typingctx, n, a, b):
    """``n`` rounds of ``acc_k = vpdpwssd(acc_k, a, b)`` on :data:`ACCUMULATORS` zmm registers."""
    sig = types.int64(n, a, b)

    def codegen(context, builder, signature, args):
        i64, i32, i16 = ir.IntType(64), ir.IntType(32), ir.IntType(16)
        v32, v16 = ir.VectorType(i32, 16), ir.VectorType(i16, 32)
        name = "llvm.x86.avx512.vpdpwssd.512"
        fn = builder.module.globals.get(name) or ir.Function(builder.module, ir.FunctionType(v32, [v32, v16, v16]),
                                                             name)

        def splat(x):
            v = builder.insert_element(ir.Constant(v32, ir.Undefined), builder.trunc(x, i32), ir.Constant(i32, 0))
            return builder.bitcast(builder.shuffle_vector(v, ir.Constant(v32, ir.Undefined),
                                                          ir.Constant(v32, [0] * 16)), v16)

        av, bv = splat(args[1]), splat(args[2])
        pre = builder.basic_block
        head, body, done = (builder.append_basic_block(f"vnni.{s}") for s in ("head", "body", "done"))
        builder.branch(head)
        builder.position_at_end(head)
        i = builder.phi(i64)
        i.add_incoming(ir.Constant(i64, 0), pre)
        accs = [builder.phi(v32) for _ in range(ACCUMULATORS)]
        for k, acc in enumerate(accs):
            acc.add_incoming(ir.Constant(v32, [k] * 16), pre)
        builder.cbranch(builder.icmp_signed("<", i, args[0]), body, done)
        builder.position_at_end(body)
        for acc in accs:
            acc.add_incoming(builder.call(fn, [acc, av, bv]), body)
        i.add_incoming(builder.add(i, ir.Constant(i64, 1)), body)
        builder.branch(head)
        builder.position_at_end(done)
        total = accs[0]
        for acc in accs[1:]:
            total = builder.add(total, acc)
        return builder.sext(builder.extract_element(total, ir.Constant(i32, 0)), i64)

    return sig, codegen


@nb.njit(parallel=True)
def _peak(n, threads):
    out = np.zeros(threads, np.int64)
    for t in nb.prange(threads):
        out[t] = _vnni_loop(n, np.int64(3 + t), np.int64(5))
    return out.sum()


def peak_int16_macs(threads: int | None = None, seconds: float = 0.3, repeat: int = 3) -> float | None:
    """Exact int16 MAC/s of ``threads`` (default: Numba's thread count) running :func:`_vnni_loop`
    at once, best of ``repeat`` runs of about ``seconds``; None without AVX-512 VNNI."""
    if not has_vnni():
        return None
    threads = threads or nb.get_num_threads()
    _peak(1, threads)
    per_round = ACCUMULATORS * MACS_PER_OP
    n = 1 << 16
    while True:  # size the loop to about `seconds`
        t0 = time.perf_counter()
        _peak(n, threads)
        dt = time.perf_counter() - t0
        if dt > seconds / 4:
            break
        n *= 4
    n = int(n * seconds / dt)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        _peak(n, threads)
        best = min(best, time.perf_counter() - t0)
    return n * threads * per_round / best


if __name__ == "__main__":
    threads = nb.get_num_threads()
    peak = peak_int16_macs(threads)
    print(json.dumps({"threads": threads, "gmac_per_s": None if peak is None else peak / 1e9,
                      "single_thread_gmac_per_s": None if peak is None else peak_int16_macs(1) / 1e9}))
