"""Twin of ``nnet_depthwise_product.h``: the loop orders of ``depthwise_product_latency``
(:func:`schedule_depthwise`) and of the ``DepthwiseDenseResource_*`` kernels
(``depthwise_product_resource_rf_leq_nout`` / ``_rf_gt_nout_rem0`` / ``_gt_nout`` -> the functions of the
same names); :func:`depthwise_kernel` picks the kernel hls4ml's backend chooses.

>>> schedule_depthwise(2, 3).w.tolist()
[0, 1, 2, 3, 4, 5]
"""

from __future__ import annotations

from collections.abc import Callable

from fxsim.layers.macc import Schedule, div_roundup


def schedule_depthwise(n_taps: int, n_chan: int) -> Schedule:
    """``depthwise_conv_{1,2}d_latency_cl``: ``mult[j] = x[j] * w[j]``; for each tap ``k``, for
    each channel ``c``: ``acc[c] += mult[k * n_chan + c]``."""
    steps = [(c, k * n_chan + c, k * n_chan + c) for k in range(n_taps) for c in range(n_chan)]
    return Schedule.of(steps, n_taps * n_chan, n_chan, n_taps * n_chan)


def _depthwise_bounds(n_in: int, n_out: int, rufactor: int, block_factor: int, what: str) -> None:
    """The depthwise resource loops read ``data[ir + im * rufactor]`` for every ``ir < rufactor``,
    ``im < block_factor``: past ``n_in`` unless ``rufactor`` divides ``n_in`` (undefined in C++)."""
    if n_in % n_out != 0:
        raise ValueError(f"{what}: n_in={n_in} is not a multiple of n_out={n_out} (taps * n_chan, n_chan)")
    if rufactor * block_factor != n_in:
        raise ValueError(f"{what}: reuse factor {rufactor} does not divide n_in={n_in}, so the template reads "
                         f"data[] and weights[] out of bounds (undefined behaviour); hls4ml never emits it")


def depthwise_product_resource_rf_leq_nout(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_rf_leq_nout`` (nnet_depthwise_product.h): for each
    ``ir < RF``, ``in = ir + im * RF`` and ``out`` stepping by ``RF`` modulo ``n_out``."""
    what = "DepthwiseDenseResource_rf_leq_nout"
    if not 1 <= reuse_factor <= n_in:
        raise ValueError(f"{what}: reuse factor {reuse_factor} must be in [1, n_in={n_in}] "
                         f"(the template asserts multiplier_limit == block_factor)")
    block = div_roundup(n_in, reuse_factor)
    _depthwise_bounds(n_in, n_out, reuse_factor, block, what)
    return _stepped_schedule(n_in, n_out, reuse_factor, block, lambda ir: ir, reuse_factor, what)


def depthwise_product_resource_rf_gt_nout_rem0(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_rf_gt_nout_rem0``: ``rufactor = min(RF, n_in)``,
    ``out = outidx[ir] = ir % n_out`` fixed along ``MultLoop``."""
    what = "DepthwiseDenseResource_rf_gt_nout_rem0"
    rufactor = min(reuse_factor, n_in)
    if not (rufactor >= n_out and rufactor % n_out == 0):
        raise ValueError(f"{what}: the template asserts RF >= N_CHAN && RF % N_CHAN == 0 "
                         f"(min(RF, n_in) = {rufactor}, n_chan = {n_out})")
    block = div_roundup(n_in, rufactor)
    _depthwise_bounds(n_in, n_out, rufactor, block, what)
    steps = [(ir % n_out, ir + im * rufactor, ir + im * rufactor) for ir in range(rufactor) for im in range(block)]
    return Schedule.of(steps, n_in, n_out, n_in)


def depthwise_product_resource_gt_nout(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """Order of ``depthwise_product_resource_gt_nout``: ``out`` starts at ``ir % n_out`` and steps
    by ``CONFIG_T::reuse_factor % n_out`` (the unclamped reuse factor) modulo ``n_out``."""
    what = "DepthwiseDenseResource_rf_gt_nout"
    rufactor = min(reuse_factor, n_in)
    if not rufactor > n_out:
        raise ValueError(f"{what}: the template asserts RF > N_CHAN (min(RF, n_in) = {rufactor}, n_chan = {n_out})")
    block = div_roundup(n_in, rufactor)
    _depthwise_bounds(n_in, n_out, rufactor, block, what)
    return _stepped_schedule(n_in, n_out, rufactor, block, lambda ir: ir % n_out, reuse_factor % n_out, what)


def _stepped_schedule(n_in: int, n_out: int, rufactor: int, block: int, first_out: Callable[[int], int],
                      out_step: int, what: str) -> Schedule:
    """The loops both stepping depthwise kernels share: for each ``ir < rufactor``, ``in`` (and the
    weight) runs ``ir, ir + rufactor, ...`` for ``block`` steps while ``out`` starts at
    ``first_out(ir)`` and steps by ``out_step`` modulo ``n_out``."""
    steps = []
    for ir in range(rufactor):
        i, o = ir, first_out(ir)
        for _ in range(block):
            if o >= n_out:
                raise ValueError(f"{what}: acc[{o}] is out of bounds (reuse factor {rufactor} > "
                                 f"n_out={n_out}; hls4ml uses the rf_gt_nout kernels there)")
            steps.append((o, i, i))
            i += rufactor
            o += out_step
            if o >= n_out:
                o -= n_out
    return Schedule.of(steps, n_in, n_out, n_in)


#: ``mult_config::kernel`` of a depthwise layer -> its accumulation order ``(n_in, n_out, RF)``.
DEPTHWISE_KERNELS = {
    "DepthwiseDenseLatency": lambda n_in, n_out, rf: schedule_depthwise(n_in // n_out, n_out),
    "DepthwiseDenseResource_rf_leq_nout": depthwise_product_resource_rf_leq_nout,
    "DepthwiseDenseResource_rf_gt_nout_rem0": depthwise_product_resource_rf_gt_nout_rem0,
    "DepthwiseDenseResource_rf_gt_nout": depthwise_product_resource_gt_nout,
}


def depthwise_kernel(n_out: int, reuse_factor: int, strategy: str) -> str:
    """The ``DepthwiseDense*`` kernel hls4ml's Vivado/Vitis backend writes for a depthwise layer."""
    if strategy != "resource":
        return "DepthwiseDenseLatency"
    if reuse_factor <= n_out:
        return "DepthwiseDenseResource_rf_leq_nout"
    if reuse_factor % n_out == 0:
        return "DepthwiseDenseResource_rf_gt_nout_rem0"
    return "DepthwiseDenseResource_rf_gt_nout"
