"""The model's own per-layer outputs, from the framework that defines it (for ``fxsim compare``).

Each runtime is an optional extra and each file is loaded without unpickling anything:

==================  ============================================================  ===================
file                how it runs                                                    extra
==================  ============================================================  ===================
``.npz``            read (``allow_pickle=False``), keys = layer names              (numpy)
``.keras``          Keras 3, ``load_model(safe_mode=True)``; HGQ2 models too        ``fxsim[torch]``
                                                                                   (+ ``[hgq2]``)
``.json`` + ``.h5`` Keras (2-style architecture + weights); QKeras layers when     ``fxsim[torch]``
                    QKeras is importable
``.pt2``            ``torch.export.load`` (an ExportedProgram: no pickled code)    ``fxsim[torch]``
``.onnx``           QONNX models (``Quant`` nodes): qonnx's executor; plain ONNX:  ``fxsim[qonnx]``
                    onnxruntime with every node output exposed
==================  ============================================================  ===================

The Python API (:func:`model_outputs`) also takes the live model instead of a file: a
``keras.Model`` (HGQ2's too, e.g. one whose ``QUnaryFunctionLUT`` cannot be saved and loaded back),
a ``torch.nn.Module`` (exported here with ``torch.export``) or an ``ExportedProgram``; the same
per-layer machinery runs it. The command line takes files only.

Names follow hls4ml's: Keras layer names; PyTorch module paths with ``.`` -> ``_`` (``features.0``
-> ``features_0``); ONNX node names. Channels-first outputs (PyTorch, ONNX) are left as they are:
:func:`fxsim.compare.compare` transposes them when that is what agrees with the firmware.

>>> m = model_outputs("model.pt2", x)                      # doctest: +SKIP
>>> sorted(m.values), m.fused                               # doctest: +SKIP
(['fc1', 'relu1', 'fc2'], frozenset())
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class ModelOutputs:
    """Per-layer outputs of a model (layer name -> ``(n, ...)`` float64 array).

    ``fused``: layers with a fused non-linear activation (Keras ``Dense(activation='relu')``), which
    hls4ml splits into the layer and ``<name>_<activation>``; ``quantizes_inputs``: the model
    quantizes its own inputs inside its first layer (HGQ2), so the raw inputs are not the model's
    view of the input ports and are not compared with them. ``aliases``: more firmware layer names
    a model layer may correspond to (the data decides)."""

    values: dict[str, np.ndarray]
    fused: frozenset[str] = field(default=frozenset())
    quantizes_inputs: bool = False
    #: more firmware names a model layer may be (ONNX: a node's producer, ``Dense_<MatMul>``)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _first_line(e: BaseException) -> str:
    """``Type: message`` of a framework's exception: one informative line, at most 300 characters."""
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    msg = next((ln for ln in reversed(lines) if ln.startswith("Exception encountered")), lines[0] if lines else "")
    return f"{type(e).__name__}: {msg}"[:300]


def _need(module: str, extra: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise ValueError(f"this model needs {module} (pip install 'fxsim[{extra}]'); or write each layer's output "
                         "to an .npz and pass --layer-outputs")


# ------------------------------------------------------------------------------------------- npz
def load_layer_outputs(path: str | Path) -> dict[str, np.ndarray]:
    """Per-layer outputs from an ``.npz`` (keys = layer names), never unpickling anything."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            out = {k: np.asarray(f[k], dtype=np.float64) for k in f.files}
    except FileNotFoundError:
        raise
    except (ValueError, OSError, TypeError) as e:
        raise ValueError(f"{path}: not a numeric .npz of per-layer outputs ({e})") from None
    if not out:
        raise ValueError(f"{path}: no arrays")
    return out


# ----------------------------------------------------------------------------------------- Keras
def _keras():
    if "keras" not in sys.modules and importlib.util.find_spec("tensorflow") is None:
        os.environ.setdefault("KERAS_BACKEND", "torch")  # Keras 3's default backend is TensorFlow
    _need("keras", "torch")
    import keras

    for plugin in ("hgq", "qkeras"):  # register their layers and quantizers with Keras's deserializer
        if importlib.util.find_spec(plugin) is not None:
            try:
                __import__(plugin)
            except Exception:  # noqa: BLE001 - a plugin built for another Keras: its layers stay unknown
                pass
    return keras


def keras_layer_outputs(path: str | Path, x: np.ndarray, weights: str | Path | None = None) -> ModelOutputs:
    """Run a Keras model on ``x``: a Keras 3 ``.keras`` file (``safe_mode=True``: no lambdas, no
    pickles), or a Keras-2 style ``.json`` architecture with its ``.h5`` weights (``weights``,
    default ``<stem>_weights.h5`` or ``<stem>.h5`` next to it); every layer's output."""
    keras = _keras()
    path = Path(path)
    try:
        if path.suffix.lower() == ".json":
            h5 = Path(weights) if weights else next((p for p in (path.with_name(path.stem + "_weights.h5"),
                                                                  path.with_suffix(".h5")) if p.is_file()), None)
            if h5 is None:
                raise ValueError(f"{path}: no weights ({path.stem}_weights.h5 or {path.stem}.h5 next to it)")
            text = path.read_text()
            if '"Lambda"' in text or '"function"' in text:  # marshalled Python bytecode: never run it
                raise ValueError(f"{path}: a Lambda layer (Python bytecode) cannot be loaded safely")
            model = _model_from_json(keras, text)
            model.load_weights(str(h5))
        else:
            model = keras.saving.load_model(str(path), safe_mode=True, compile=False)
    except (FileNotFoundError, ValueError) as e:
        if isinstance(e, FileNotFoundError) or str(e).startswith(str(path)):
            raise
        raise ValueError(f"{path}: Keras cannot load it safely ({_first_line(e)})") from None
    except Exception as e:  # noqa: BLE001 - any loader failure is the user's file
        raise ValueError(f"{path}: Keras cannot load it safely ({_first_line(e)})") from None
    return keras_model_outputs(model, x)


def keras_model_outputs(model, x: np.ndarray) -> ModelOutputs:
    """Every layer's output of a live Keras 3 model (HGQ2 models too) on ``x``: what
    :func:`keras_layer_outputs` runs once it has loaded a file. For a model that cannot be saved
    and loaded back (an HGQ2 ``QUnaryFunctionLUT`` of ``keras.ops.sin``), pass it as it is.

    >>> m = keras_model_outputs(model, x)                     # doctest: +SKIP
    """
    keras = _keras()
    layers = [lay for lay in model.layers if type(lay).__name__ != "InputLayer"]
    sub = keras.Model(model.inputs, [lay.output for lay in layers])
    xs = np.asarray(x, dtype=np.float32).reshape((len(x), *model.inputs[0].shape[1:]))
    outs = sub.predict(xs, verbose=0)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    fused = frozenset(lay.name for lay in layers if lay.get_config().get("activation") not in (None, "linear"))
    values = {lay.name: np.asarray(o, dtype=np.float64) for lay, o in zip(layers, outs)}
    return dataclasses.replace(_hgq2_quantized_inputs(keras, model, values), fused=fused)


def _model_from_json(keras, text: str):
    """A Keras 3 architecture JSON, else a Keras 2 one through Keras 3's legacy loader."""
    try:
        return keras.models.model_from_json(text)
    except (TypeError, ValueError):
        import json

        from keras.src.legacy.saving import saving_utils  # Keras 2 JSON (``model.to_json()`` of TF 2.x)

        return saving_utils.model_from_config(json.loads(text))


#: Keras layers that only reshape: hls4ml removes them, their values are their producer's
SHAPE_ONLY = ("Reshape", "Flatten")


def _hgq2_quantized_inputs(keras, model, values: dict[str, np.ndarray]) -> ModelOutputs:
    """HGQ2 quantizes a layer's *input* (its ``iq`` quantizer); hls4ml either writes that quantizer
    as a layer of its own, ``<C>_iq`` (per-element quantizers: generated code), or folds it into the
    result type of the layer before it. The value the firmware is bit-exact with is ``C.iq(P's
    output)`` for ``P``'s consumer ``C``: it replaces ``P``'s raw output (whose firmware type keeps
    only the bits the quantizer needs), keyed ``<C>_iq`` with ``P`` (and the layers a Reshape or
    Flatten ``P`` passes on) as aliases; ``quantizes_inputs``: a layer quantizes the model's inputs
    itself."""
    inputs = {t.name for t in model.inputs}
    own_inputs = False
    out: dict[str, np.ndarray] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    drop: set[str] = set()

    def producers(lay) -> list[str]:
        return [kt._keras_history.operation.name for kt in lay._inbound_nodes[0].arguments.keras_tensors]

    for lay in model.layers:
        if not getattr(lay, "enable_iq", False) or not lay._inbound_nodes:
            continue
        prods = producers(lay)
        own_inputs |= any(p in inputs or type(model.get_layer(p)).__name__ == "InputLayer" for p in prods)
        if len(prods) != 1 or prods[0] not in values:
            continue
        chain = [prods[0]]
        while type(model.get_layer(chain[-1])).__name__ in SHAPE_ONLY:
            up = producers(model.get_layer(chain[-1]))
            if len(up) != 1 or up[0] not in values:
                break
            chain.append(up[0])
        q = lay.iq(keras.ops.convert_to_tensor(values[prods[0]].astype(np.float32)), training=False)
        out[f"{lay.name}_iq"] = np.asarray(keras.ops.convert_to_numpy(q), dtype=np.float64)
        aliases[f"{lay.name}_iq"] = tuple(chain)
        drop.update(chain)
    kept = {k: v for k, v in values.items() if k not in drop}
    return ModelOutputs(kept | out, quantizes_inputs=own_inputs, aliases=aliases)


# ----------------------------------------------------------------------------------------- torch
def torch_layer_outputs(path: str | Path, xs: list[np.ndarray]) -> ModelOutputs:
    """Run a ``torch.export`` program (``.pt2``) on ``xs`` and return each module's output, keyed
    by its path with ``.`` -> ``_`` (hls4ml's layer names for PyTorch), and each top-level
    functional call's output (``relu``, ``flatten``...) by its node name."""
    _need("torch", "torch")
    import torch

    try:
        program = torch.export.load(str(path))
    except FileNotFoundError:
        raise
    except Exception as e:  # noqa: BLE001
        raise ValueError(f"{path}: torch.export cannot load it ({_first_line(e)})") from None
    return torch_program_outputs(program, xs)


def torch_program_outputs(program, xs: list[np.ndarray]) -> ModelOutputs:
    """Each module's output of a live ``torch.export.ExportedProgram`` or ``torch.nn.Module`` (exported
    here, in eval mode, with the first event as its example input) on ``xs``: what
    :func:`torch_layer_outputs` runs once it has loaded a ``.pt2``.

    >>> m = torch_program_outputs(model, [x])                 # doctest: +SKIP
    """
    _need("torch", "torch")
    import torch

    if isinstance(program, torch.nn.Module):
        try:
            program = torch.export.export(program.eval(), tuple(torch.tensor(np.asarray(a[:1]), dtype=torch.float32)
                                                                 for a in xs))
        except Exception as e:  # noqa: BLE001 - a module torch.export cannot trace is the user's
            raise ValueError(f"{type(program).__name__}: torch.export cannot export it ({_first_line(e)})") from None
    gm = program.module()
    owner: dict[str, str] = {}  # node name -> outermost module path below the top (the layer)
    for node in gm.graph.nodes:
        stack = node.meta.get("nn_module_stack") or {}
        paths = [v[0] for v in stack.values() if v[0]]
        if paths:
            owner[node.name] = min(paths, key=lambda p: p.count("."))
        elif node.op == "call_function":
            owner[node.name] = node.name
    values: dict[str, np.ndarray] = {}

    class Recorder(torch.fx.Interpreter):
        def run_node(self, n):
            r = super().run_node(n)
            layer = owner.get(n.name)
            if layer is not None and isinstance(r, torch.Tensor):
                values[layer.replace(".", "_")] = r.detach().to(torch.float64).numpy()  # the last node wins
            return r

    # a program exported with a fixed batch (the example input's) runs in chunks of that batch
    first = next((n for n in gm.graph.nodes if n.op == "placeholder"), None)
    shape = getattr(first.meta.get("val"), "shape", None) if first is not None else None
    batch = shape[0] if shape is not None and len(shape) and isinstance(shape[0], int) else len(xs[0])
    chunks: dict[str, list[np.ndarray]] = {}
    with torch.no_grad():
        for lo in range(0, len(xs[0]), batch):
            part = [np.asarray(a[lo:lo + batch]) for a in xs]
            n = len(part[0])
            if n < batch:  # pad the last chunk with its last event
                part = [np.concatenate([a, np.repeat(a[-1:], batch - n, axis=0)]) for a in part]
            values.clear()
            Recorder(gm).run(*[torch.tensor(a, dtype=torch.float32) for a in part])
            for k, v in values.items():
                chunks.setdefault(k, []).append(v[:n])
    return ModelOutputs({k: np.concatenate(v) for k, v in chunks.items()})


# ------------------------------------------------------------------------------------------ ONNX
def onnx_layer_outputs(path: str | Path, xs: list[np.ndarray]) -> ModelOutputs:
    """Run an ONNX model on ``xs`` and return every node's output, keyed by node name: QONNX
    graphs (``Quant``/``BipolarQuant``... nodes) with qonnx's executor, plain ONNX with onnxruntime."""
    _need("onnx", "qonnx")
    import onnx

    try:
        model = onnx.load(str(path))
    except FileNotFoundError:
        raise
    except Exception as e:  # noqa: BLE001
        raise ValueError(f"{path}: not an ONNX model ({_first_line(e)})") from None
    names = [i.name for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    if len(names) != len(xs):
        raise ValueError(f"{path}: the model takes {len(names)} inputs ({', '.join(names)}), given {len(xs)}")
    by_tensor = {o: (n.name or o) for n in model.graph.node for o in n.output[:1]}
    aliases = _onnx_aliases(model, by_tensor)
    if any(n.domain and n.domain != "ai.onnx" for n in model.graph.node):
        _need("qonnx", "qonnx")
        from qonnx.core.modelwrapper import ModelWrapper
        from qonnx.core.onnx_exec import execute_onnx

        wrapper = ModelWrapper(model)
        rows: list[dict[str, np.ndarray]] = []
        for i in range(len(xs[0])):  # qonnx's executor runs the batch the graph was exported with (1)
            feed = {n: np.asarray(a[i:i + 1], dtype=np.float32) for n, a in zip(names, xs)}
            ctx = execute_onnx(wrapper, feed, return_full_exec_context=True)
            rows.append({t: v for t, v in ctx.items() if t in by_tensor})
        values = {by_tensor[t]: np.concatenate([r[t] for r in rows]).astype(np.float64) for t in rows[0]}
        return ModelOutputs(values, aliases=aliases)
    _need("onnxruntime", "qonnx")
    import onnxruntime as ort

    model.graph.output.extend(onnx.helper.make_empty_tensor_value_info(t) for t in by_tensor
                              if t not in {o.name for o in model.graph.output})
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    outs = session.run(None, {n: np.asarray(a, dtype=np.float32) for n, a in zip(names, xs)})
    got = dict(zip([o.name for o in session.get_outputs()], outs))
    return ModelOutputs({by_tensor[t]: np.asarray(v, dtype=np.float64) for t, v in got.items() if t in by_tensor},
                        aliases=aliases)


def _onnx_aliases(model, by_tensor: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """hls4ml's ONNX front end folds a node into the one producing its input: a bias ``Add`` into the
    ``MatMul``'s ``Dense_<MatMul>``, a ``Quant`` into its producer's result type. Node -> the
    firmware names of its producer."""
    out = {}
    for n in model.graph.node:
        producer = by_tensor.get(n.input[0]) if n.input else None
        if producer is not None and n.name:
            out[n.name] = (producer, f"Dense_{producer}", f"bn_{producer}")
    return out


# ------------------------------------------------------------------------------------- dispatch
#: file suffix -> what runs it (for messages)
RUNTIMES = {".npz": "numpy", ".keras": "Keras 3", ".json": "Keras (+ .h5 weights)", ".pt2": "torch.export",
            ".onnx": "ONNX/QONNX"}


def model_outputs(model: str | os.PathLike[str] | Any, x: np.ndarray | list[np.ndarray]) -> ModelOutputs:
    """The model's per-layer outputs on ``x`` (one array, or one per input) from whichever file it
    is, or from a live model object (Python API only: a ``keras.Model``, HGQ2's included; a
    ``torch.nn.Module`` or ``torch.export.ExportedProgram``).

    >>> m = model_outputs(hgq2_model, x)                      # doctest: +SKIP
    """
    xs = [np.asarray(a) for a in (x if isinstance(x, (list, tuple)) else [x])]
    live = _live_runtime(model)
    if live is not None:
        return live(model, xs)
    path = Path(model)
    suffix = Path(path).suffix.lower()
    if suffix == ".npz":
        return ModelOutputs(load_layer_outputs(path))
    if suffix in (".keras", ".json"):
        return keras_layer_outputs(path, xs[0])
    if suffix == ".pt2":
        return torch_layer_outputs(path, xs)
    if suffix == ".onnx":
        return onnx_layer_outputs(path, xs)
    known = ", ".join(f"{s} ({r})" for s, r in RUNTIMES.items())
    raise ValueError(f"{path}: fxsim compare runs {known}; a pickled model (.pt, .pkl, .h5 alone) is never loaded: "
                     "export it (torch.export.save -> .pt2) or write each layer's output to an .npz")


def _live_runtime(model):
    """What runs an in-memory model (None for a path): the frameworks' own classes, checked only
    when the framework is already imported (a live model's framework always is)."""
    if isinstance(model, (str, os.PathLike)):
        return None
    if "keras" in sys.modules and isinstance(model, sys.modules["keras"].Model):
        return lambda m, xs: keras_model_outputs(m, xs[0])
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(model, (torch.nn.Module, torch.export.ExportedProgram)):
        return torch_program_outputs
    raise ValueError(f"{type(model).__name__}: not a model file path, keras.Model, torch.nn.Module or "
                     "torch.export.ExportedProgram")


__all__ = ["ModelOutputs", "model_outputs", "load_layer_outputs", "keras_layer_outputs", "torch_layer_outputs",
           "onnx_layer_outputs", "keras_model_outputs",
           "torch_program_outputs", "RUNTIMES"]
