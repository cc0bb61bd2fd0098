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

Names follow hls4ml's: Keras layer names; PyTorch module paths with ``.`` -> ``_`` (``features.0``
-> ``features_0``); ONNX node names. Channels-first outputs (PyTorch, ONNX) are left as they are:
:func:`fxsim.compare.compare` transposes them when that is what agrees with the firmware.

>>> m = model_outputs("model.pt2", x)                      # doctest: +SKIP
>>> sorted(m.values), m.fused                               # doctest: +SKIP
(['fc1', 'relu1', 'fc2'], frozenset())
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

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
    layers = [lay for lay in model.layers if type(lay).__name__ != "InputLayer"]
    sub = keras.Model(model.inputs, [lay.output for lay in layers])
    xs = np.asarray(x, dtype=np.float32).reshape((len(x), *model.inputs[0].shape[1:]))
    outs = sub.predict(xs, verbose=0)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    fused = frozenset(lay.name for lay in layers if lay.get_config().get("activation") not in (None, "linear"))
    values = {lay.name: np.asarray(o, dtype=np.float64) for lay, o in zip(layers, outs)}
    quantized, own_inputs = _hgq2_quantized_inputs(keras, model, values)
    return ModelOutputs(values | quantized, fused, own_inputs)


def _model_from_json(keras, text: str):
    """A Keras 3 architecture JSON, else a Keras 2 one through Keras 3's legacy loader."""
    try:
        return keras.models.model_from_json(text)
    except (TypeError, ValueError):
        import json

        from keras.src.legacy.saving import saving_utils  # Keras 2 JSON (``model.to_json()`` of TF 2.x)

        return saving_utils.model_from_config(json.loads(text))


def _hgq2_quantized_inputs(keras, model, values: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], bool]:
    """HGQ2 quantizes a layer's *input* (its ``iq`` quantizer) and hls4ml folds that quantizer into
    the result type of the layer before it: the value the firmware holds after layer ``P`` is
    ``C.iq(P's output)`` for ``P``'s consumer ``C``. Returns those, and whether a layer quantizes
    the model's inputs itself."""
    out: dict[str, np.ndarray] = {}
    inputs = {t.name for t in model.inputs}
    own_inputs = False
    for lay in model.layers:
        if not getattr(lay, "enable_iq", False) or not lay._inbound_nodes:
            continue
        producers = [kt._keras_history.operation.name for kt in lay._inbound_nodes[0].arguments.keras_tensors]
        own_inputs |= any(p in inputs or type(model.get_layer(p)).__name__ == "InputLayer" for p in producers)
        if len(producers) != 1 or producers[0] in out or producers[0] not in values:
            continue
        q = lay.iq(keras.ops.convert_to_tensor(values[producers[0]].astype(np.float32)), training=False)
        out[producers[0]] = np.asarray(keras.ops.convert_to_numpy(q), dtype=np.float64)
    return out, own_inputs


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


def model_outputs(path: str | Path, x: np.ndarray | list[np.ndarray]) -> ModelOutputs:
    """The model's per-layer outputs on ``x`` (one array, or one per input) from whichever file it is."""
    xs = [np.asarray(a) for a in (x if isinstance(x, (list, tuple)) else [x])]
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


__all__ = ["ModelOutputs", "model_outputs", "load_layer_outputs", "keras_layer_outputs", "torch_layer_outputs",
           "onnx_layer_outputs", "RUNTIMES"]
