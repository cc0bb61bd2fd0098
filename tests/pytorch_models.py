"""Small PyTorch models converted by hls4ml's PyTorch front end, cached on disk like ``projects.py``.

:func:`build_pytorch_project` converts a model with ``hls4ml.converters.convert_from_pytorch_model``
(config from ``hls4ml.utils.config_from_pytorch_model``, ``granularity='name'``), writes the project
with its testbench data (``tb_data/tb_input_features.dat`` from the given inputs, zero predictions so
the testbench reads every input line), compiles hls4ml's own bridge (``hls_model.compile()``) and
stores ``hls_model.predict`` of the given float64 inputs as ``hls4ml_predict*.npy`` in the project.
The directory is ``<cache_root>/pt-<hash>``, the hash covering the model's class, repr and
parameters, the configuration, io type, inputs and the hls4ml/torch versions, so a later run
reuses it without converting or compiling.

Importing this module requires torch (tests call ``pytest.importorskip("torch")`` first).
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import projects as P
import torch
from torch import nn

#: Bump to invalidate every cached PyTorch project.
PT_SCHEMA = 1


# ---------------------------------------------------------------------------------------- models
class RNNHead(nn.Module):
    """``LSTM``/``GRU`` (batch_first) whose last time step feeds a ``Linear`` head.

    hls4ml's PyTorch parser resolves ``out[:, -1, :]`` back to the recurrent layer, which it always
    converts with ``return_sequences=False`` (the last h), so this is the one sequence-to-vector
    form the converter supports.
    """

    def __init__(self, cell: str, n_in: int, n_hidden: int, n_out: int) -> None:
        super().__init__()
        self.rnn = getattr(nn, cell)(input_size=n_in, hidden_size=n_hidden, batch_first=True)
        self.fc = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


class LSTMInitialState(nn.Module):
    """``LSTM`` given initial ``(h0, c0)``: hls4ml's ``lstm_stack`` overload with initial states."""

    def __init__(self, n_in: int, n_hidden: int) -> None:
        super().__init__()
        self.rnn = nn.LSTM(input_size=n_in, hidden_size=n_hidden, batch_first=True)

    def forward(self, x, h0, c0):
        out, _ = self.rnn(x, (h0, c0))
        return out


class GRUInitialState(nn.Module):
    """``GRU`` given an initial ``h0`` (``gru_stack`` with initial state)."""

    def __init__(self, n_in: int, n_hidden: int) -> None:
        super().__init__()
        self.rnn = nn.GRU(input_size=n_in, hidden_size=n_hidden, batch_first=True)

    def forward(self, x, h0):
        out, _ = self.rnn(x, h0)
        return out


class MLP(nn.Module):
    """Linear -> ReLU -> Linear -> Sigmoid."""

    def __init__(self, n_in: int, n_hidden: int, n_out: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(n_hidden, n_out)
        self.act = nn.Sigmoid()

    def forward(self, x):
        return self.act(self.fc2(self.relu(self.fc1(x))))


class Conv1dNet(nn.Module):
    """Conv1d -> ReLU -> Flatten -> Linear (channels-first input, converted to channels-last)."""

    def __init__(self, c_in: int, length: int, filters: int, n_out: int) -> None:
        super().__init__()
        self.conv = nn.Conv1d(c_in, filters, kernel_size=3)
        self.relu = nn.ReLU()
        self.flat = nn.Flatten()
        self.fc = nn.Linear(filters * (length - 2), n_out)

    def forward(self, x):
        return self.fc(self.flat(self.relu(self.conv(x))))


def seeded(factory: Callable[[], nn.Module], seed: int) -> nn.Module:
    """``factory()`` built under ``torch.manual_seed(seed)`` with its parameters rounded to 1/64
    multiples times 2 (so they are exact in float32 and large enough for the accumulators to
    overflow), in eval mode."""
    torch.manual_seed(seed)
    model = factory()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.round(p * 128.0) / 64.0)
    return model.eval()


# ---------------------------------------------------------------------------------------- builds
@dataclass(frozen=True)
class PtBuild:
    """A converted project and the hls4ml ``predict`` outputs stored with it."""

    project: Path
    predict_inputs: list[np.ndarray] = field(compare=False)
    hls4ml_predict: np.ndarray = field(compare=False)


def _key(model: nn.Module, input_shapes, hls_config: dict, io_type: str, tb_inputs: np.ndarray,
         predict_inputs: Sequence[np.ndarray]) -> str:
    import hls4ml

    h = hashlib.sha256()
    h.update(inspect.getsource(type(model)).encode())
    h.update(repr(model).encode())
    for name, t in model.state_dict().items():
        h.update(name.encode())
        h.update(t.detach().cpu().numpy().astype(np.float32).tobytes())
    meta = dict(shapes=input_shapes, config=hls_config, io=io_type, hls4ml=hls4ml.__version__,
                torch=torch.__version__, schema=(P.CACHE_SCHEMA, PT_SCHEMA))
    h.update(json.dumps(meta, sort_keys=True, default=str).encode())
    for arr in (tb_inputs, *predict_inputs):
        h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes() + str(arr.shape).encode())
    return h.hexdigest()[:24]


def build_pytorch_project(model: nn.Module, input_shapes: list[tuple[int, ...]], *, precision: str,
                          overrides: dict | None = None, io_type: str = "io_parallel",
                          tb_inputs: np.ndarray, predict_inputs: Sequence[np.ndarray],
                          channels_last_conversion: str = "off") -> PtBuild:
    """Convert ``model`` (cached), write the testbench data and store ``hls_model.predict``.

    ``input_shapes``: per input, its shape without the batch; ``precision``: the model default;
    ``overrides``: merged into the ``config_from_pytorch_model`` dict (e.g. ``{"LayerName": {...}}``);
    ``tb_inputs``: ``(n, sum of input sizes)`` for the testbench (inputs concatenated per line, as
    hls4ml's testbench reads them); ``predict_inputs``: one float64 array per input for ``predict``.
    """
    import hls4ml

    P.require_gxx()
    overrides = overrides or {}
    key = _key(model, input_shapes, dict(precision=precision, overrides=overrides, clc=channels_last_conversion),
               io_type, tb_inputs, predict_inputs)

    def build(final: Path, work: Path) -> None:
        shapes = input_shapes[0] if len(input_shapes) == 1 else input_shapes
        cfg = hls4ml.utils.config_from_pytorch_model(
            model, shapes, granularity="name", backend="Vivado", default_precision=precision,
            channels_last_conversion=channels_last_conversion)
        graph, cfg = P.write_converted(hls4ml.converters.convert_from_pytorch_model, model, final, work, cfg,
                                       overrides, io_type, tb_inputs)
        xs = [np.ascontiguousarray(a, dtype=np.float64) for a in predict_inputs]
        y = graph.predict(xs[0] if len(xs) == 1 else xs)
        np.save(final / "hls4ml_predict.npy", np.asarray(y, dtype=np.float64))
        for k, a in enumerate(xs):
            np.save(final / f"predict_input{k}.npy", a)
        (final / "fxsim_build.json").write_text(json.dumps(
            {"model": repr(model), "config": cfg, "io_type": io_type}, indent=1, default=str))

    final = P.build_once(f"pt-{key}", build)
    P.build_testbench(final)
    n_in = len(predict_inputs)
    return PtBuild(final, [np.load(final / f"predict_input{k}.npy") for k in range(n_in)],
                   np.load(final / "hls4ml_predict.npy"))
