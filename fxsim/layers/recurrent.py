"""Recurrent layers: twins of ``nnet_recurrent.h`` and ``nnet_recr_activations.h`` (LSTM, GRU,
Bidirectional; hls4ml ``templates/vivado/nnet_utils``).

hls4ml's Vivado backend emits ``nnet::lstm_stack`` / ``nnet::gru_stack`` (io_parallel arrays or
io_stream packs, same twin) and ``nnet::bidirectional_stack``. SimpleRNN has no Vivado template in
hls4ml 1.3.0 (the backend accepts the layer, but ``nnet_recurrent.h`` has no ``simple_rnn``).

>>> import numpy as np
>>> from fxsim.array import FixedArray
>>> from fxsim.config import Config
>>> t = FixedType.parse("ap_fixed<16,6>")
>>> mult = Config(n_in=1, n_out=3, reuse_factor=1, strategy="latency", accum_t=t, weight_t=t, bias_t=t)
>>> act = Config(n_in=1, table_size=1024, table_t=FixedType.parse("ap_fixed<18,8>"))
>>> cfg = Config(n_in=1, n_state=1, n_sequence=2, n_sequence_out=1, accum_t=t, mult_config1=mult,
...              mult_config2=mult, ACT_CONFIG_GRU=act.replace(n_in=2), ACT_CONFIG_T=act,
...              activation_recr="sigmoid", activation="tanh", pytorch_order=False)
>>> w = FixedArray.from_float([0.5, -0.5, 1.0], t)
>>> x = FixedArray.from_float([[1.0, 2.0]], t)
>>> b = FixedArray.from_float([0.0, 0.0, 0.0], t)
>>> gru_stack(x, t, cfg, w, w, b, b).to_float().tolist()
[[0.4521484375]]

What each step computes, read from the headers (``lstm_static``; ``lstm`` is the same function
with the state passed in instead of held in ``static`` arrays, reset at the first step):

* ``tmpres = dense<data_T, accum_t, mult_config1>(x_t, W, b)`` and
  ``tmpres_state = dense<res_T, accum_t, mult_config2>(h, W_r, b_r)``: the dense twins, so every
  product and partial sum obeys ``accum_t`` (and the layer's reuse factor and strategy);
* gate pre-activations ``tmpres + tmpres_state`` stored into ``accum_t``; Keras gate order
  i, f, c, o (LSTM) and z, r, h (GRU; ``pytorch_order`` swaps the roles of z and r);
* ``activation_recr`` (table config ``ACT_CONFIG_LSTM``/``ACT_CONFIG_GRU``) and ``activation``
  (``ACT_CONFIG_T``) are the ``nnet_activation.h`` twins with ``res_T = accum_t``;
* LSTM: ``s = c * i + s * f`` and ``h = o * act(s)``: exact ap_fixed expressions stored into
  ``res_T`` (the cell state is ``res_T``); ``act(s)`` reads ``res_T`` data into ``accum_t``;
* GRU: ``h_cand_in = tmpres_h + (accum_t)(r * tmpres_state_h)``, and
  ``h = (res_T)(act(h_cand_in) * (1 - z) + h * z)``, exact until the final cast.

The io_parallel ``lstm_stack`` instantiates the non-static ``nnet::lstm`` as well, which passes an
``accum_t`` array where ``res_T`` is expected: the template only compiles when the input, output
and accumulator types coincide. The per-step function (:func:`lstm`) has no such restriction.

Execution paths: the matrix products run on :func:`fxsim.layers.dense.dense` with its ``path``
(``"auto"``: exact GEMM / Numba replay; ``"reference"``: the FixedArray replay); the element-wise
gate arithmetic is vectorised over the batch and shared by both. The ``stats=`` recorder
(:mod:`fxsim.trace`) accounts each time step as its own layer ``name[t=k]``, and names the layer
in the errors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.layers import activation as act
from fxsim.layers import nnet_function
from fxsim.layers.dense import dense
from fxsim.trace import Recorder
from fxsim.types import FixedType

__all__ = ["lstm", "gru", "lstm_stack", "gru_stack", "bidirectional_stack", "recr_activation"]

#: The classes of ``nnet::activation`` (nnet_recr_activations.h) and the function each applies.
RECR_ACTIVATIONS: dict[str, Callable[..., FixedArray]] = {
    "relu": act.relu, "sigmoid": act.sigmoid, "tanh": act.tanh,
}


def recr_activation(name: str) -> Callable[..., FixedArray]:
    """The twin behind ``nnet::activation::<name>`` (only relu, sigmoid and tanh exist there).

    >>> recr_activation("nnet::activation::sigmoid").__name__
    'sigmoid'
    """
    key = str(name).split("::")[-1]
    try:
        return RECR_ACTIVATIONS[key]
    except KeyError:
        raise NotImplementedError(f"nnet::activation::{key} does not exist in nnet_recr_activations.h "
                                  f"(one of {sorted(RECR_ACTIVATIONS)})") from None


def _zeros(batch: int, n: int, t: FixedType) -> FixedArray:
    return FixedArray(np.zeros((batch, n), dtype=np.int64), t)


def _matvecs(data: FixedArray, h: FixedArray, cfg: Config, params: tuple[FixedArray, ...],
             path: str, stats: Recorder | None) -> tuple[FixedArray, FixedArray]:
    """``tmpres`` (input kernel) and ``tmpres_state`` (recurrent kernel), both ``accum_t``."""
    w, wr, b, br = params
    accum_t = cfg.accum_t
    return (dense(data, accum_t, cfg.mult_config1, w, b, path=path, stats=stats),
            dense(h, accum_t, cfg.mult_config2, wr, br, path=path, stats=stats))


# ============================================================================ single steps
@nnet_function("lstm", "lstm_static")
def lstm(data: FixedArray, h_state: FixedArray, s_state: FixedArray, res_t: FixedType, cfg: Config,
         weights: FixedArray, recurrent_weights: FixedArray, biases: FixedArray,
         recurrent_biases: FixedArray, *, path: str = "auto",
         stats: Recorder | None = None) -> tuple[FixedArray, FixedArray]:
    """One LSTM step, ``nnet::lstm`` / ``nnet::lstm_static``: (h, s) of ``res_t`` from
    ``data`` (batch, n_in) and the previous ``h_state``, ``s_state`` (batch, n_state) of ``res_t``.
    """
    n = int(cfg.n_state)
    accum_t = cfg.accum_t
    tmpres, tmpres_state = _matvecs(data, h_state, cfg, (weights, recurrent_weights, biases, recurrent_biases),
                                    path, stats)
    ifo = np.r_[0:2 * n, 3 * n:4 * n]
    inputacc_ifo = (tmpres[:, ifo] + tmpres_state[:, ifo]).cast(accum_t, stats=stats)
    inputacc_c = (tmpres[:, 2 * n:3 * n] + tmpres_state[:, 2 * n:3 * n]).cast(accum_t, stats=stats)
    tmpres_ifo = recr_activation(cfg.activation_recr)(inputacc_ifo, accum_t, cfg.ACT_CONFIG_LSTM, stats=stats)
    activation = recr_activation(cfg.activation)
    tmpres_c = activation(inputacc_c, accum_t, cfg.ACT_CONFIG_T, stats=stats)
    s_new = (tmpres_c * tmpres_ifo[:, :n] + s_state * tmpres_ifo[:, n:2 * n]).cast(res_t, stats=stats)
    s_actstate = activation(s_new, accum_t, cfg.ACT_CONFIG_T, stats=stats)
    h_new = (tmpres_ifo[:, 2 * n:] * s_actstate).cast(res_t, stats=stats)
    return h_new, s_new


@nnet_function("gru", "gru_static")
def gru(data: FixedArray, h_state: FixedArray, res_t: FixedType, cfg: Config, weights: FixedArray,
        recurrent_weights: FixedArray, biases: FixedArray, recurrent_biases: FixedArray, *,
        path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """One GRU step, ``nnet::gru`` / ``nnet::gru_static``: the new h of ``res_t`` from ``data``
    (batch, n_in) and the previous ``h_state`` (batch, n_state) of ``res_t``."""
    n = int(cfg.n_state)
    accum_t = cfg.accum_t
    tmpres, tmpres_state_zr = _matvecs(data, h_state, cfg,
                                       (weights, recurrent_weights, biases, recurrent_biases), path, stats)
    inputacc_zr = (tmpres[:, :2 * n] + tmpres_state_zr[:, :2 * n]).cast(accum_t, stats=stats)
    tmpres_zr = recr_activation(cfg.activation_recr)(inputacc_zr, accum_t, cfg.ACT_CONFIG_GRU, stats=stats)
    if bool(cfg.get("pytorch_order", False)):
        r, z = tmpres_zr[:, :n], tmpres_zr[:, n:2 * n]
    else:
        z, r = tmpres_zr[:, :n], tmpres_zr[:, n:2 * n]
    tmpres_state_h = (r * tmpres_state_zr[:, 2 * n:]).cast(accum_t, stats=stats)
    inputacc_h = (tmpres[:, 2 * n:] + tmpres_state_h).cast(accum_t, stats=stats)
    tmpres_h = recr_activation(cfg.activation)(inputacc_h, accum_t, cfg.ACT_CONFIG_T, stats=stats)
    return (tmpres_h * (1 - z) + h_state * z).cast(res_t, stats=stats)


# ============================================================================ sequences
def _split_args(args: tuple, n_states: int, what: str) -> tuple[list[FixedArray], FixedType, Config,
                                                                tuple[FixedArray, ...]]:
    """``(data[, h0[, s0]], res_t, cfg, W, W_r, b, b_r)`` -> its parts (the overloads of *_stack)."""
    k = next((i for i, a in enumerate(args) if isinstance(a, FixedType)), None)
    if k is None or k + 6 != len(args) or k not in (1, 1 + n_states):
        raise TypeError(f"{what}(data[, initial states], res_t, cfg, weights, recurrent_weights, biases, "
                        f"recurrent_biases): got {len(args)} positional arguments")
    return list(args[:k]), args[k], args[k + 1], tuple(args[k + 2:])


def _where(stats: Recorder | None) -> str:
    layer = stats.layer if stats is not None else ""
    return f"layer {layer!r}: " if layer else ""


def _steps(data: FixedArray, cfg: Config, n_seq: int, stats: Recorder | None) -> list[FixedArray]:
    """``data_in[j] = data[j + iloop * n_in]`` for every time step (batch, n_in)."""
    x = data.reshape(1, -1) if data.ndim == 1 else data
    n_in = int(cfg.n_in)
    if x.shape[1] != n_seq * n_in:
        raise ValueError(f"{_where(stats)}data must have shape (batch, n_sequence * n_in = {n_seq} * {n_in}), "
                         f"got {data.shape}")
    return [x[:, t * n_in:(t + 1) * n_in] for t in range(n_seq)]


def _check_params(cfg: Config, params: tuple[FixedArray, ...], n_mult: int, what: str,
                  stats: Recorder | None) -> None:
    """The four parameter arrays hold what the config's sizes say (``W[n_state * n_mult * n_in]``…).

    hls4ml's PyTorch converter with ``channels_last_conversion`` other than ``'off'`` writes RNN
    projects whose ``n_in``/``n_sequence`` are swapped but whose weights are not; the C++ then reads
    past the weight arrays. Such projects are refused here with the sizes involved.
    """
    n, n_in = int(cfg.n_state), int(cfg.n_in)
    want = (n * n_mult * n_in, n * n_mult * n, n * n_mult, n * n_mult)
    names = ("weights", "recurrent_weights", "biases", "recurrent_biases")
    for name, arr, size in zip(names, params, want):
        if arr.size != size:
            raise ValueError(f"{_where(stats)}{what} with n_in={n_in}, n_state={n} needs {size} {name} "
                             f"(n_state * {n_mult}{' * n_in' if name == 'weights' else ''}"
                             f"{' * n_state' if name == 'recurrent_weights' else ''}), the project has {arr.size}")


def _run_stack(step: Callable, n_states: int, args: tuple, path: str, what: str, *,
               stats: Recorder | None = None) -> FixedArray:
    (data, *init), res_t, cfg, params = _split_args(args, n_states, what)
    n_seq, n_state = int(cfg.n_sequence), int(cfg.n_state)
    _check_params(cfg, params, 4 if n_states == 2 else 3, what, stats)
    xs = _steps(data, cfg, n_seq, stats)
    batch = xs[0].shape[0] if xs else data.shape[0]
    # res_T h_state[n_state] = 0 (or the given initial states, passed as res_T arrays)
    states = [s.reshape(batch, n_state).cast(res_t, stats=stats) for s in init] or \
        [_zeros(batch, n_state, res_t) for _ in range(n_states)]
    seq = _sequence(step, xs, states, res_t, cfg, params, path, stats)
    return _collect(seq, int(cfg.n_sequence_out), res_t, batch, n_state)


def _sequence(step: Callable, xs: list[FixedArray], states: list[FixedArray], res_t: FixedType, cfg: Config,
              params: tuple[FixedArray, ...], path: str, stats: Recorder | None) -> list[FixedArray]:
    """Run ``step`` over the time steps; the h of each step. Each step is accounted as ``layer[t=k]``."""
    hs = []
    for t, x in enumerate(xs):
        rec = stats.child(f"[t={t}]") if stats is not None else None
        out = step(x, *states, res_t, cfg, *params, path=path, stats=rec)
        states = list(out) if isinstance(out, tuple) else [out]
        hs.append(states[0])
    return hs


def _collect(hs: list[FixedArray], n_seq_out: int, res_t: FixedType, batch: int, n_state: int) -> FixedArray:
    """``res``: every step's h when ``n_sequence_out > 1``, else the last one."""
    if not hs:
        return _zeros(batch, n_state, res_t)
    if n_seq_out > 1:
        return FixedArray(np.concatenate([h.raw for h in hs], axis=1), res_t)
    return hs[-1]


@nnet_function("lstm_stack")
def lstm_stack(*args, path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::lstm_stack`` (all three overloads): ``lstm_stack(data, res_t, cfg, W, W_r, b, b_r)``
    or, with PyTorch initial states, ``lstm_stack(data, h0, s0, res_t, cfg, W, W_r, b, b_r)``.

    ``data`` is (batch, n_sequence * n_in); returns (batch, n_sequence_out * n_state) of ``res_t``.
    The io_stream overload is the same computation when a pack holds one time step (hls4ml's
    layout). ``use_static`` does not change the values: the static state is reset at step 0.
    """
    return _run_stack(lstm, 2, args, path, "lstm_stack", stats=stats)


@nnet_function("gru_stack")
def gru_stack(*args, path: str = "auto", stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::gru_stack`` (all three overloads): ``gru_stack(data, res_t, cfg, W, W_r, b, b_r)``
    or ``gru_stack(data, h0, res_t, cfg, W, W_r, b, b_r)``; shapes as :func:`lstm_stack`."""
    return _run_stack(gru, 1, args, path, "gru_stack", stats=stats)


_CELLS = {"lstm": (lstm, 2), "gru": (gru, 1)}


def _cell_of(alias: str) -> tuple[Callable, int]:
    """``RNNfunc_forward = nnet::lstm_class_static<…>`` -> (twin, number of state arrays)."""
    key = str(alias).split("::")[-1].split("_")[0]
    if key not in _CELLS:
        raise NotImplementedError(f"bidirectional layer {alias!r} is not supported (lstm_class*, gru_class*)")
    return _CELLS[key]


@nnet_function("bidirectional_stack")
def bidirectional_stack(data: FixedArray, res_t: FixedType, cfg: Config, w: FixedArray, wr: FixedArray,
                        b: FixedArray, br: FixedArray, w_back: FixedArray, wr_back: FixedArray,
                        b_back: FixedArray, br_back: FixedArray, *, path: str = "auto",
                        stats: Recorder | None = None) -> FixedArray:
    """Twin of ``nnet::bidirectional_stack``: a forward and a backward LSTM/GRU over the sequence.

    With ``n_sequence_out > 1`` step ``t`` of the output holds the forward h after input ``t`` and
    the backward h after input ``t`` (computed at loop iteration ``n_sequence - 1 - t``); else the
    last forward h then the last backward h.
    """
    fwd_cfg, bwd_cfg = cfg.FORWARD_CONFIG, cfg.BACKWARD_CONFIG
    n_seq, n_f, n_b = int(cfg.n_sequence), int(fwd_cfg.n_state), int(bwd_cfg.n_state)
    xs = _steps(data, cfg, n_seq, stats)
    batch = xs[0].shape[0]
    runs = []
    for tag, c, alias, params, order in (
            ("forward", fwd_cfg, cfg.RNNfunc_forward, (w, wr, b, br), xs),
            ("backward", bwd_cfg, cfg.RNNfunc_backward, (w_back, wr_back, b_back, br_back), xs[::-1])):
        step, n_states = _cell_of(alias)
        _check_params(c, params, 4 if n_states == 2 else 3, f"bidirectional_stack ({tag} {step.__name__})", stats)
        states = [_zeros(batch, int(c.n_state), res_t) for _ in range(n_states)]
        rec = stats.child(f":{tag}") if stats is not None else None
        runs.append(_sequence(step, order, states, res_t, c, params, path, rec))
    hf, hb = runs
    if int(cfg.n_sequence_out) > 1:
        parts = [p for t in range(n_seq) for p in (hf[t].raw, hb[n_seq - 1 - t].raw)]
        return FixedArray(np.concatenate(parts, axis=1), res_t)
    return FixedArray(np.concatenate([hf[-1].raw, hb[-1].raw], axis=1), res_t).reshape(batch, n_f + n_b)
