"""Twin of ``nnet_dense.h`` (hls4ml ``templates/vivado/nnet_utils``): ``nnet::dense`` -> :func:`dense`.

>>> import numpy as np
>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,3>")
>>> cfg = Config(n_in=2, n_out=2, reuse_factor=1, strategy="latency", product="mult",
...              accum_t=FixedType.parse("ap_fixed<12,5>"), weight_t=t, bias_t=t)
>>> x = FixedArray.from_float([[1.0, 0.5]], t)
>>> w = FixedArray.from_float([1.0, -1.0, 2.0, 0.25], t)      # [n_in][n_out] under Latency
>>> dense(x, FixedType.parse("ap_fixed<8,4>"), cfg, w, FixedArray.from_float([0.0, 0.125], t)).to_float().tolist()
[[2.0, -0.75]]

``nnet::dense`` dispatches on ``CONFIG_T::kernel`` (:func:`kernel_function`) to the templates of
``nnet_dense_latency.h`` (:mod:`fxsim.layers.dense_latency`) and ``nnet_dense_resource.h``
(:mod:`fxsim.layers.dense_resource`); :data:`SCHEDULES` maps each template's name to its loop
order. The products are ``nnet_mult.h``'s (:mod:`fxsim.layers.mult`), the replay and its execution
paths :mod:`fxsim.layers.macc`, ``nnet::dense_compressed`` :mod:`fxsim.layers.dense_compressed`.

Weights are the C++ array as written in ``firmware/weights/w*.h``: ``[n_in][n_out]`` under Latency
(``w = in * n_out + out``) and ``[n_out][n_in]`` under Resource (hls4ml transposes them;
``w = out * n_in + in`` on the valid reuse factors).
"""

from __future__ import annotations

from collections.abc import Callable

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import nnet_function
from fxsim.layers.dense_latency import dense_latency
from fxsim.layers.dense_resource import (
    dense_resource,
    dense_resource_rf_gt_nin,
    dense_resource_rf_gt_nin_rem0,
    dense_resource_rf_leq_nin,
)
from fxsim.layers.macc import MacPass, Schedule, run_dense
from fxsim.trace import Recorder
from fxsim.types import FixedType

#: C++ function (and ``DenseKernel`` class) name -> schedule builder ``(n_in, n_out, rf)``.
SCHEDULES: dict[str, Callable[[int, int, int], Schedule]] = {
    f.__name__: f.schedule  # type: ignore[attr-defined]  # set by macc.dense_twin
    for f in (dense_latency, dense_resource, dense_resource_rf_leq_nin, dense_resource_rf_gt_nin_rem0,
              dense_resource_rf_gt_nin)}
_KERNEL_CLASSES = {
    "DenseLatency": "dense_latency",
    "DenseResource_rf_leq_nin": "dense_resource_rf_leq_nin",
    "DenseResource_rf_gt_nin_rem0": "dense_resource_rf_gt_nin_rem0",
}


def kernel_function(cfg: Config) -> str:
    """The template ``nnet::dense`` runs for ``cfg``: from ``cfg.kernel`` (the ``using kernel =``
    alias), else from ``cfg.strategy`` and the reuse factor as hls4ml's Vivado backend chooses.

    >>> kernel_function(Config(n_in=4, n_out=2, reuse_factor=8, strategy="resource"))
    'dense_resource_rf_gt_nin_rem0'
    """
    k = cfg.get("kernel")
    if k:
        name = str(k).removeprefix("nnet::")
        if name in _KERNEL_CLASSES:
            return _KERNEL_CLASSES[name]
        if name in SCHEDULES:
            return name
        raise NotImplementedError(f"dense kernel {k!r} is not supported (supported: {sorted(_KERNEL_CLASSES)})")
    strategy = str(cfg.get("strategy", "latency")).lower()
    if strategy == "latency":
        return "dense_latency"
    if strategy == "resource":
        rf = int(cfg.get("reuse_factor", 1))
        if rf <= cfg.n_in:
            return "dense_resource_rf_leq_nin"
        # hls4ml <= 0.8's nnet::dense_resource dispatches on the remainder too
        return "dense_resource_rf_gt_nin_rem0" if rf % cfg.n_in == 0 else "dense_resource_rf_gt_nin"
    raise NotImplementedError(f"dense strategy {strategy!r} is not supported (latency, resource)")


@nnet_function("dense")
def dense(data: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray, biases: FixedArray,
          *, path: str = "auto", mac: MacPass | None = None, stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::dense<data_T, res_T, CONFIG_T>(data, res, weights, biases)`` (nnet_dense.h).

    Runs the template ``CONFIG_T::kernel`` names (see :func:`kernel_function`). ``data`` is
    (batch, n_in) or (n_in,); ``weights`` the flat C++ array; returns ``res_t`` values of shape
    (batch, n_out). ``path`` selects the execution path (module docstring); all give the same bits.
    ``mac``: what an execution plan asks of the fused kernel pass (:class:`MacPass`).
    """
    function = kernel_function(cfg)
    return run_dense(function, SCHEDULES[function], data, res_t, cfg, weights, biases, path, mac, stats=stats)
