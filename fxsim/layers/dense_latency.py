"""Twin of ``nnet_dense_latency.h``: ``nnet::dense_latency`` -> :func:`dense_latency`, its loop
order -> :func:`schedule_dense_latency` (``Accum1``/``Accum2``: ``index = ii * n_out + jj``).

>>> schedule_dense_latency(2, 2).w.tolist()
[0, 1, 2, 3]
"""

from __future__ import annotations

from fxsim.layers import nnet_function
from fxsim.layers.macc import Schedule, dense_twin


def schedule_dense_latency(n_in: int, n_out: int) -> Schedule:
    """``dense_latency``: ``Accum1``/``Accum2`` loops, ``index = ii * n_out + jj``."""
    steps = [(jj, ii, ii * n_out + jj) for ii in range(n_in) for jj in range(n_out)]
    return Schedule.of(steps, n_in, n_out, n_in * n_out)


#: The twin; its loops do not depend on the reuse factor.
dense_latency = nnet_function("dense_latency")(
    dense_twin("dense_latency", lambda n_in, n_out, reuse_factor: schedule_dense_latency(n_in, n_out)))
