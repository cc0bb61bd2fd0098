"""Twin of hls4ml's Quartus ``nnet_utils/nnet_recurrent.h`` (``templates/quartus/firmware``):
``simple_rnn`` and ``simple_rnn_pytorch`` (the only SimpleRNN any hls4ml backend implements),
with ``multiply_W``/``multiply_U``/``add_bias``/``add_vectors``, and ``nnet_transpose.h``'s
``transpose_2d``.

Per timestep: ``afterW[i] = 0; afterW[i] += x[j] * W[i*n_in + j]`` (every ``+=`` re-quantises the
exact sum into ``accum_t``), ``+ bias``, the same for ``U * h`` (``+ rec_bias`` in the PyTorch
form), the two added in ``accum_t``, then ``CONFIG_T::activation<accum_t, data_T>`` (``dense_tanh``
with the Python ``tanh_table.tb``) writes the new state. The state starts at 0.

>>> import numpy as np
>>> from fxsim.acarray import AcArray
>>> t = AcType(16, 6)
>>> x = AcArray.from_float(np.array([[1.0, 2.0]]), t)           # 2 timesteps, n_in = 1
>>> w, u, b = (AcArray.from_float(v, t) for v in ([0.5], [0.25], [0.0]))
>>> ident = lambda a: a.cast(t)
>>> simple_rnn(x, w, u, b, None, RnnConfig(1, 1, 2, False, t), ident, t).to_float().tolist()
[[1.125]]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fxsim.acarray import AcArray
from fxsim.actypes import AcType


@dataclass(frozen=True)
class RnnConfig:
    """The fields of a Quartus ``simple_rnn_config`` that shape the arithmetic."""

    n_in: int
    n_out: int
    n_timesteps: int
    return_sequences: bool
    accum_t: AcType


def _col(a: AcArray, j: int) -> AcArray:
    return AcArray._trusted(a.raw[:, j], a.type)


def _stack(cols: list[AcArray], t: AcType) -> AcArray:
    return AcArray._trusted(np.stack([c.raw for c in cols], axis=1), t)


def _zeros(n: int, t: AcType) -> AcArray:
    return AcArray._trusted(np.zeros(n, dtype=np.int64 if t.fits_int64 else object), t)


def multiply_w(inputs: AcArray, weight: AcArray, n_in: int, n_out: int, res_t: AcType) -> AcArray:
    """``multiply_W`` / ``multiply_U``: ``out[i] = 0; out[i] += input[j] * weight[i*n_in + j]``."""
    outs = []
    for i in range(n_out):
        acc = _zeros(inputs.shape[0], res_t)
        for j in range(n_in):
            acc = (acc + _col(inputs, j) * weight[i * n_in + j]).cast(res_t)
        outs.append(acc)
    return _stack(outs, res_t)


def add_bias(inputs: AcArray, bias: AcArray, res_t: AcType) -> AcArray:
    """``add_bias``: ``out[i] = inputs[i] + bias[i]`` in ``res_t``."""
    return _stack([(_col(inputs, i) + bias[i]).cast(res_t) for i in range(inputs.shape[1])], res_t)


def add_vectors(a: AcArray, b: AcArray, res_t: AcType) -> AcArray:
    return _stack([(_col(a, i) + _col(b, i)).cast(res_t) for i in range(a.shape[1])], res_t)


def simple_rnn(data: AcArray, kernel: AcArray, rec_kernel: AcArray, bias: AcArray, rec_bias: AcArray | None,
               cfg: RnnConfig, activation: Callable[[AcArray], AcArray], res_t: AcType) -> AcArray:
    """``simple_rnn`` (``rec_bias`` None) / ``simple_rnn_pytorch``; ``data`` is (batch, T*n_in),
    ``activation`` maps (batch, n_out) ``accum_t`` to the state type. Returns (batch, n_out) or,
    with ``return_sequences``, (batch, T*n_out)."""
    acc = cfg.accum_t
    h = AcArray._trusted(np.zeros((data.shape[0], cfg.n_out), dtype=np.int64 if res_t.fits_int64 else object), res_t)
    states = []
    for t in range(cfg.n_timesteps):
        x = AcArray._trusted(data.raw[:, t * cfg.n_in:(t + 1) * cfg.n_in], data.type)
        after_bias = add_bias(multiply_w(x, kernel, cfg.n_in, cfg.n_out, acc), bias, acc)
        cand = multiply_w(h, rec_kernel, cfg.n_out, cfg.n_out, acc)
        if rec_bias is not None:
            cand = add_bias(cand, rec_bias, acc)
        h = activation(add_vectors(after_bias, cand, acc)).cast(res_t)
        states.append(h)
    if not cfg.return_sequences:
        return states[-1]
    return AcArray._trusted(np.concatenate([s.raw for s in states], axis=1), res_t)


def transpose_2d(data: AcArray, height: int, width: int, res_t: AcType) -> AcArray:
    """``nnet::transpose_2d``: ``res[j*height + i] = (res_T) data[i*width + j]``."""
    raw = data.cast(res_t).raw.reshape(data.shape[0], height, width).transpose(0, 2, 1)
    return AcArray._trusted(raw.reshape(data.shape[0], height * width), res_t)
