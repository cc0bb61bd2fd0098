"""Twins of ``nnet_dense_resource.h``: ``nnet::dense_resource`` -> :func:`dense_resource`,
``dense_resource_rf_leq_nin`` / ``dense_resource_rf_gt_nin_rem0`` / ``dense_resource_rf_gt_nin``
(hls4ml <= 0.8) -> the functions of the same names; their loop orders -> ``schedule_<name>``.

>>> schedule_dense_resource(4, 2, 2).w.tolist()   # [n_out][n_in] weights, two per ReuseLoop step
[0, 2, 4, 6, 1, 3, 5, 7]
"""

from __future__ import annotations

from fxsim.layers import nnet_function
from fxsim.layers.macc import Schedule, dense_twin, div_roundup


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(f"assertion failed in nnet_dense_resource.h: {message}")


def schedule_dense_resource_rf_leq_nin(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``dense_resource_rf_leq_nin``: ``ReuseLoop`` x ``MultLoop`` with its index updates."""
    rufactor = reuse_factor
    multfactor = min(n_in, reuse_factor)
    multiplier_limit = div_roundup(n_in * n_out, multfactor)
    block_factor = div_roundup(n_in * n_out, reuse_factor)
    multscale = multiplier_limit // n_out
    _check(multiplier_limit % n_out == 0 or rufactor >= n_in, "The current Reuse Factor is not allowed")
    _check(multiplier_limit == block_factor, "This function is correct only for RF <= N_IN")
    steps = []
    for ir in range(rufactor):
        w_index, in_index, out_index, acc_step = ir, ir, 0, 0
        for _im in range(block_factor):
            steps.append((out_index, in_index, w_index))
            w_index += rufactor
            in_index += rufactor
            if in_index >= n_in:
                in_index = ir
            if acc_step + 1 >= multscale:
                acc_step = 0
                out_index += 1
            else:
                acc_step += 1
    return Schedule.of(steps, n_in, n_out, n_in * n_out)


def schedule_dense_resource_rf_gt_nin_rem0(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``dense_resource_rf_gt_nin_rem0``: ``outidx`` table, ``break`` past the last weight."""
    rufactor = min(reuse_factor, n_in * n_out)
    multfactor = min(n_in, reuse_factor)
    multiplier_limit = div_roundup(n_in * n_out, multfactor)
    block_factor = div_roundup(n_in * n_out, reuse_factor)
    _check(multiplier_limit % n_out == 0 or rufactor >= n_in, "The current Reuse Factor is not allowed")
    _check(rufactor > n_in and rufactor % n_in == 0,
           "This function is correct only for RF > N_IN && RF % N_IN == 0")
    outscale = rufactor // n_in
    outidx, outstep = [], 0
    for ir in range(rufactor):
        outidx.append(outstep)
        if (ir + 1) % n_in == 0:
            outstep += 1
    steps, in_index = [], 0
    for ir in range(rufactor):
        w_index, out_index = ir, outidx[ir]
        for _im in range(block_factor):
            steps.append((out_index, in_index, w_index))
            w_index += rufactor
            if w_index >= n_in * n_out:
                break
            out_index += outscale
        in_index += 1
        if in_index >= n_in:
            in_index = 0
    return Schedule.of(steps, n_in, n_out, n_in * n_out)


def schedule_dense_resource_rf_gt_nin(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``dense_resource_rf_gt_nin``: products of one ``ReuseLoop`` iteration are summed into
    zeroed ``mult[out]`` registers, which are then added to ``acc``.

    With RF > N_IN the weights ``ir + RF*im`` of one iteration fall in distinct outputs
    (``w / n_in`` grows by at least one per ``im``), so each ``mult[out]`` receives at most one
    accum_t value and ``0 + m`` stores ``m`` unchanged; adding the untouched zero registers leaves
    ``acc`` unchanged. The template is therefore exactly a flat schedule (checked below).
    """
    rufactor = reuse_factor
    multfactor = min(n_in, reuse_factor)
    multiplier_limit = div_roundup(n_in * n_out, multfactor)
    block_factor = div_roundup(n_in * n_out, reuse_factor)
    _check(multiplier_limit % n_out == 0 or rufactor >= n_in, "The current Reuse Factor is not allowed")
    _check(rufactor > n_in, "This function is correct only for RF > N_IN")
    steps = []
    for ir in range(rufactor):
        outs = []
        for im in range(block_factor):
            w_index = ir + rufactor * im
            out_index = w_index // multfactor
            if w_index >= n_in * n_out or out_index >= multiplier_limit:
                continue
            outs.append(out_index)
            steps.append((out_index, w_index % n_in, w_index))
        assert len(set(outs)) == len(outs), "two products of one ReuseLoop iteration share mult[out]"
    return Schedule.of(steps, n_in, n_out, n_in * n_out)


def schedule_dense_resource(n_in: int, n_out: int, reuse_factor: int) -> Schedule:
    """``dense_resource``: picks one of the three Resource templates from the reuse factor."""
    if reuse_factor <= n_in:
        return schedule_dense_resource_rf_leq_nin(n_in, n_out, reuse_factor)
    if reuse_factor % n_in == 0:
        return schedule_dense_resource_rf_gt_nin_rem0(n_in, n_out, reuse_factor)
    return schedule_dense_resource_rf_gt_nin(n_in, n_out, reuse_factor)


dense_resource = nnet_function("dense_resource")(dense_twin("dense_resource", schedule_dense_resource))
dense_resource_rf_leq_nin = nnet_function("dense_resource_rf_leq_nin")(
    dense_twin("dense_resource_rf_leq_nin", schedule_dense_resource_rf_leq_nin))
dense_resource_rf_gt_nin_rem0 = nnet_function("dense_resource_rf_gt_nin_rem0")(
    dense_twin("dense_resource_rf_gt_nin_rem0", schedule_dense_resource_rf_gt_nin_rem0))
dense_resource_rf_gt_nin = nnet_function("dense_resource_rf_gt_nin")(
    dense_twin("dense_resource_rf_gt_nin", schedule_dense_resource_rf_gt_nin))
