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


def multiply_vectors(a: AcArray, b: AcArray, res_t: AcType) -> AcArray:
    """``multiply_vectors``: ``out[i] = in1[i] * in2[i]`` in ``res_t``."""
    return _stack([(_col(a, i) * _col(b, i)).cast(res_t) for i in range(a.shape[1])], res_t)


def _gate(x: AcArray, h: AcArray, w: AcArray, u: AcArray, b: AcArray, cfg: RnnConfig,
          act: Callable[[AcArray], AcArray]) -> AcArray:
    acc = cfg.accum_t
    after_bias = add_bias(multiply_w(x, w, cfg.n_in, cfg.n_out, acc), b, acc)
    return act(add_vectors(after_bias, multiply_w(h, u, cfg.n_out, cfg.n_out, acc), acc))


def lstm(data: AcArray, kernels: list[AcArray], rec_kernels: list[AcArray], biases: list[AcArray], cfg: RnnConfig,
         activation: Callable[[AcArray], AcArray], activation_recr: Callable[[AcArray], AcArray],
         res_t: AcType) -> AcArray:
    """``nnet::lstm`` / ``lstm_cell``: gates in the order i, f, c, o (``kernels`` etc. likewise);
    ``activation_recr`` (sigmoid) for i, f, o and ``activation`` (tanh) for c and the cell output,
    all into ``accum_t``; ``c' = i*c~ + f*c``, ``h' = o * tanh(c')``, both stored as ``res_T``."""
    acc = cfg.accum_t
    n = data.shape[0]
    h = AcArray._trusted(np.zeros((n, cfg.n_out), dtype=np.int64 if res_t.fits_int64 else object), res_t)
    c = h
    states = []
    for t in range(cfg.n_timesteps):
        x = AcArray._trusted(data.raw[:, t * cfg.n_in:(t + 1) * cfg.n_in], data.type)
        g = [_gate(x, h, kernels[k], rec_kernels[k], biases[k], cfg, activation if k == 2 else activation_recr)
             for k in range(4)]
        gate_ic = multiply_vectors(g[0], g[2], acc)
        cell_act_add = add_vectors(gate_ic, multiply_vectors(g[1], c, acc), acc)
        h = multiply_vectors(g[3], activation(cell_act_add), acc).cast(res_t)
        c = cell_act_add.cast(res_t)
        states.append(h)
    if not cfg.return_sequences:
        return states[-1]
    return AcArray._trusted(np.concatenate([s.raw for s in states], axis=1), res_t)


def gru(data: AcArray, x_dense: Callable[[AcArray], AcArray], h_dense: Callable[[AcArray], AcArray], n_in: int,
        n_units: int, n_timesteps: int, return_sequences: bool, pytorch_order: bool, accum_t: AcType,
        activation: Callable[[AcArray], AcArray], activation_recr: Callable[[AcArray], AcArray],
        res_t: AcType) -> AcArray:
    """``nnet::gru`` / ``gru_cell``: ``x_dense``/``h_dense`` are the two ``dense_resource`` calls (bias
    inside, into ``accum_t``); ``z_r = act_recr(xw[:2u] + hw[:2u])``; ``r ⊙ (U_h h + b_rh)`` (reset
    after); ``h' = (res_T)(h~ * (1 - z) + h * z)`` computed exactly before the one cast.
    ``pytorch_order`` swaps the z and r halves."""
    n, u = data.shape[0], n_units
    h = AcArray._trusted(np.zeros((n, u), dtype=np.int64 if res_t.fits_int64 else object), res_t)
    states = []
    for t in range(n_timesteps):
        x = AcArray._trusted(data.raw[:, t * n_in:(t + 1) * n_in], data.type)
        xw, hw = x_dense(x), h_dense(h)
        z_r = activation_recr(_stack([(_col(xw, i) + _col(hw, i)).cast(accum_t) for i in range(2 * u)], accum_t))
        r_off, z_off = (0, u) if pytorch_order else (u, 0)
        had = [(_col(z_r, i + r_off) * _col(hw, i + 2 * u)).cast(accum_t) for i in range(u)]
        cand = activation(_stack([(_col(xw, i + 2 * u) + had[i]).cast(accum_t) for i in range(u)], accum_t))
        new = []
        for i in range(u):
            z = _col(z_r, i + z_off)
            new.append((_col(cand, i) * (1 - z) + _col(h, i) * z).cast(res_t))
        h = _stack(new, res_t)
        states.append(h)
    if not return_sequences:
        return states[-1]
    return AcArray._trusted(np.concatenate([s.raw for s in states], axis=1), res_t)
