"""Twin of hls4ml's Quartus ``nnet_utils/nnet_dense.h`` (``templates/quartus/firmware``) on ac types.

Quartus dense layers always use the resource form: ``dense_resource`` picks ``dense_rf_lt``
(reuse factor <= n_in) or ``dense_rf_gt``; weights are stored transposed and padded to
``reuse_factor_rounded * block_factor_rounded``. Every product is assigned to ``accum_t`` before
it is accumulated (``mult[im] = product(...)``), every ``+=`` re-quantises into ``accum_t``, the
accumulators start from the biases cast to ``accum_t``, and the result is ``(res_T) acc``
(``nnet_mult.h::cast``). The order of the additions is replayed exactly, so saturating
accumulators match too.

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> cfg = DenseConfig(n_in=2, n_out=1, reuse_factor=1, accum_t=AcType(16, 6))
>>> x = AcArray.from_float(np.array([[0.5, -1.0]]), "ac_fixed<16,6,true>")
>>> w = AcArray.from_float([0.25, 2.0], "ac_fixed<16,6,true>")
>>> b = AcArray.from_float([1.0], "ac_fixed<16,6,true>")
>>> dense_resource(x, w, b, cfg, AcType(16, 6)).to_float().tolist()
[[-0.875]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


class UndefinedResultError(ValueError):
    """The template reads memory it never wrote (its result is undefined); fxsim will not guess."""


def _div_roundup(a: int, b: int) -> int:
    return (a + b - 1) // b


@dataclass(frozen=True)
class DenseConfig:
    """The fields of a Quartus ``dense_config`` struct that shape the arithmetic."""

    n_in: int
    n_out: int
    reuse_factor: int
    accum_t: AcType
    rf_pad: int = 0
    bf_pad: int = 0

    @property
    def block_factor(self) -> int:
        return _div_roundup(self.n_in * self.n_out, self.reuse_factor)

    @property
    def reuse_factor_rounded(self) -> int:
        return self.reuse_factor + self.rf_pad

    @property
    def block_factor_rounded(self) -> int:
        return self.block_factor + self.bf_pad

    @property
    def multiplier_factor(self) -> int:
        return min(self.n_in, self.reuse_factor)

    @property
    def multiplier_limit(self) -> int:
        return _div_roundup(self.n_in * self.n_out, self.multiplier_factor)

    @property
    def multiplier_scale(self) -> int:
        return self.multiplier_limit // self.n_out


def _column(a: AcArray, j: int) -> AcArray:
    return AcArray._trusted(a.raw[:, j], a.type)


def _stack(cols: list[AcArray], t: AcType) -> AcArray:
    return AcArray._trusted(np.stack([c.raw for c in cols], axis=1), t)


def dense_resource(data: AcArray, weights: AcArray, biases: AcArray, cfg: DenseConfig, res_t: AcType) -> AcArray:
    """``nnet::dense_resource<data_T, res_T, CONFIG_T>``: ``data`` is (batch, n_in), ``weights`` the
    flat array of the weights header, ``biases`` (n_out,). Returns (batch, n_out) of ``res_t``."""
    if cfg.reuse_factor <= cfg.n_in:
        acc = dense_rf_lt(data, weights, biases, cfg)
    else:
        acc = dense_rf_gt(data, weights, biases, cfg)
    return _stack([a.cast(res_t) for a in acc], res_t)


def _init_acc(data: AcArray, biases: AcArray, cfg: DenseConfig) -> list[AcArray]:
    n = data.shape[0]
    return [AcArray._trusted(np.broadcast_to(biases[o].cast(cfg.accum_t).raw, (n,)).copy(), cfg.accum_t)
            for o in range(cfg.n_out)]


def _product(data: AcArray, j: int, weights: AcArray, w_index: int, accum_t: AcType) -> AcArray:
    return (_column(data, j) * weights[w_index]).cast(accum_t)


def dense_rf_lt(data: AcArray, weights: AcArray, biases: AcArray, cfg: DenseConfig) -> list[AcArray]:
    """``dense_rf_lt`` (reuse factor <= n_in): the accumulators before the final cast."""
    acc = _init_acc(data, biases, cfg)
    rf, rfr, bf = cfg.reuse_factor, cfg.reuse_factor_rounded, cfg.block_factor
    for ir in range(rf):
        mult: list[AcArray | None] = [None] * bf
        in_index = ir
        for im in range(bf):
            w_index = ir + rfr * im
            if ir + rf * im >= cfg.n_in * cfg.n_out:
                continue
            mult[im] = _product(data, in_index, weights, w_index, cfg.accum_t)
            in_index += rf
            if in_index >= cfg.n_in:
                in_index = ir
        out_index, acc_step = 0, 0
        for im in range(bf):
            m = mult[im]
            if m is None:
                raise UndefinedResultError(
                    f"dense_rf_lt adds mult[{im}], which it never assigned (n_in*n_out = {cfg.n_in * cfg.n_out} "
                    f"is not a multiple of reuse_factor {rf}): the firmware's result is undefined")
            acc[out_index] = (acc[out_index] + m).cast(cfg.accum_t)
            if acc_step + 1 >= cfg.multiplier_scale:
                acc_step = 0
                out_index += 1
            else:
                acc_step += 1
    return acc


def dense_rf_gt(data: AcArray, weights: AcArray, biases: AcArray, cfg: DenseConfig) -> list[AcArray]:
    """``dense_rf_gt`` (reuse factor > n_in): the accumulators before the final cast."""
    acc = _init_acc(data, biases, cfg)
    rf, rfr, bf, bfr = cfg.reuse_factor, cfg.reuse_factor_rounded, cfg.block_factor, cfg.block_factor_rounded
    n = data.shape[0]
    zero = AcArray._trusted(np.zeros(n, dtype=np.int64 if cfg.accum_t.fits_int64 else object), cfg.accum_t)
    for ir in range(rf):
        tmp: list[AcArray | None] = [None] * bf
        for im in range(bf):
            w_index = ir + rfr * im
            if w_index >= rfr * bfr:
                continue
            tmp[im] = _product(data, (ir + rf * im) % cfg.n_in, weights, w_index, cfg.accum_t)
        mult = [zero] * cfg.multiplier_limit
        for im in range(bf):
            o_index = (ir + rf * im) // cfg.multiplier_factor
            if o_index >= cfg.n_out:
                continue
            t = tmp[im]
            if t is None:
                raise UndefinedResultError(f"dense_rf_gt adds tmp_acc[{im}], which it never assigned")
            mult[o_index] = (mult[o_index] + t).cast(cfg.accum_t)
        for im in range(cfg.multiplier_limit):
            acc[im] = (acc[im] + mult[im]).cast(cfg.accum_t)
    return acc
