"""Small Keras-3 models with ``EinsumDense`` converted by hls4ml's Keras-3 front end, cached on disk.

hls4ml 1.3.0 converts ``EinsumDense`` only in ``hls4ml/converters/keras_v3/einsum_dense.py`` (its
Keras-3 parser, ``keras_v3_to_hls.py``), so these models are built in code with Keras 3 on the torch
backend (``KERAS_BACKEND=torch``, set here before keras is imported).

A model is described by a :class:`Spec` (plain data: equation, shapes, bias axes, head); its weights
come from a numpy generator seeded by the spec, rounded to multiples of 1/32 (exact in float32).
:func:`build_keras3_project` converts it with ``hls4ml.converters.convert_from_keras_model``
(config from ``hls4ml.utils.config_from_keras_model``, ``granularity='name'``), writes the project
with its testbench data (``tb_data/tb_input_features.dat`` from the given inputs, zero predictions
so the testbench reads every line), compiles hls4ml's bridge (``hls_model.compile()``) and stores
``hls_model.predict`` of the given float64 inputs (``hls4ml_predict.npy``) and, for the layers with
``Trace`` set, ``hls_model.trace`` (``hls4ml_trace_<layer>.npy``). The directory is
``<cache_root>/k3-<hash>``; the hash covers this file's source, the spec, configuration, inputs and
the hls4ml/keras/torch versions, and is computed without importing keras or torch, so a warm run
reuses the project without either.

Importing this module needs neither keras nor torch; :func:`require_keras3` skips a test without them.
"""

from __future__ import annotations

import importlib.metadata as md
import importlib.util
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import projects as P

#: Bump to invalidate every cached Keras-3 project.
K3_SCHEMA = 1


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def require_keras3() -> dict[str, str]:
    """Skip the test unless keras >= 3, torch (its backend), hls4ml and g++ are installed;
    return their versions (part of the cache key). Imports none of them."""
    versions = {d: _version(d) for d in ("keras", "torch", "hls4ml")}
    for d, v in versions.items():
        if v is None or importlib.util.find_spec(d) is None:
            P.missing_oracle(d, "not installed")
    if int(versions["keras"].split(".")[0]) < 3:
        P.missing_oracle("keras>=3", f"keras {versions['keras']} (hls4ml converts EinsumDense only from Keras 3)")
    P.require_gxx()
    return versions


@dataclass(frozen=True)
class Spec:
    """``Input(input_shape) -> EinsumDense(equation, output_shape, bias_axes) [-> ReLU] -> Flatten
    [-> Dense(n_head)]``; layer names ``ed``, ``act``, ``flat``, ``fc``."""

    equation: str
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    bias_axes: str | None
    n_head: int | None = 3
    relu: bool = False
    seed: int = 0
    weight_scale: float = 1.0


def build_model(spec: Spec):
    """The Keras-3 model of ``spec`` (keras imported here, torch backend)."""
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "torch"  # the only backend installed with fxsim's test extras
    import keras

    inp = keras.Input(spec.input_shape, name="x")
    y = keras.layers.EinsumDense(spec.equation, output_shape=spec.output_shape, bias_axes=spec.bias_axes,
                                 name="ed")(inp)
    if spec.relu:
        y = keras.layers.ReLU(name="act")(y)
    y = keras.layers.Flatten(name="flat")(y)
    if spec.n_head:
        y = keras.layers.Dense(spec.n_head, name="fc")(y)
    model = keras.Model(inp, y)
    rng = np.random.default_rng(1000 + spec.seed)
    for w in model.weights:
        v = rng.normal(size=tuple(w.shape)) * spec.weight_scale
        w.assign((np.round(v * 32.0) / 32.0).astype("float32"))
    return model


@dataclass(frozen=True)
class K3Build:
    """A converted project with the hls4ml ``predict`` (and ``trace``) outputs stored with it."""

    project: Path
    predict_input: np.ndarray = field(compare=False)
    hls4ml_predict: np.ndarray = field(compare=False)
    hls4ml_trace: dict[str, np.ndarray] = field(compare=False)
    keras_predict: np.ndarray = field(compare=False)


def _key(spec, meta: dict, arrays, source: Path = Path(__file__)) -> str:
    """Hash of ``source`` (the builder module), the spec dataclass, ``meta`` and the arrays."""
    return P.content_key(source, dict(spec=asdict(spec), schema=(P.CACHE_SCHEMA, K3_SCHEMA), **meta), arrays)


def build_keras3_project(spec: Spec, *, precision: str, overrides: dict | None = None, tb_inputs: np.ndarray,
                         predict_input: np.ndarray, io_type: str = "io_parallel") -> K3Build:
    """Convert ``spec``'s model (cached), write the testbench data, store ``predict``/``trace``.

    ``precision``: the model default; ``overrides``: merged into the ``config_from_keras_model``
    dict (e.g. ``{"LayerName": {"ed": {"Precision": {...}, "Trace": True}}}``); ``tb_inputs``:
    ``(n, input size)`` for the testbench; ``predict_input``: float64 ``(n, *input_shape)``.
    """
    versions = require_keras3()
    overrides = overrides or {}
    key = _key(spec, dict(precision=precision, overrides=overrides, io=io_type, versions=versions),
               (tb_inputs, predict_input))
    final = P.build_once(f"k3-{key}", lambda final, work: _convert(spec, final, work, precision, overrides, io_type,
                                                                 tb_inputs, predict_input))
    P.build_testbench(final)
    trace = {p.name[len("hls4ml_trace_"):-4]: np.load(p) for p in sorted(final.glob("hls4ml_trace_*.npy"))}
    return K3Build(final, np.load(final / "predict_input.npy"), np.load(final / "hls4ml_predict.npy"), trace,
                   np.load(final / "keras_predict.npy"))


def _convert(spec: Spec, final: Path, work: Path, precision: str, overrides: dict, io_type: str,
             tb_inputs: np.ndarray, predict_input: np.ndarray) -> None:
    import hls4ml

    model = build_model(spec)
    cfg = hls4ml.utils.config_from_keras_model(model, granularity="name", backend="Vivado",
                                               default_precision=precision)
    convert_and_record(model, final, work, cfg, overrides, io_type, tb_inputs, predict_input)
    (final / "fxsim_build.json").write_text(json.dumps(
        {"spec": asdict(spec), "config": cfg, "io_type": io_type}, indent=1, default=str))


def convert_and_record(model, final: Path, work: Path, cfg: dict, overrides: dict, io_type: str,
                       tb_inputs: np.ndarray, predict_input: np.ndarray, trace_all: bool = False) -> dict:
    """Convert the Keras-3 ``model`` into ``final`` (:func:`projects.write_converted`) and store
    ``predict_input.npy``, ``hls4ml_predict.npy``, ``hls4ml_trace_<layer>.npy`` (the layers with
    ``Trace`` set, or every layer with ``trace_all``) and ``keras_predict.npy``; returns the config."""
    import hls4ml

    graph, cfg = P.write_converted(hls4ml.converters.convert_from_keras_model, model, final, work, cfg, overrides,
                                   io_type, tb_inputs, trace_all=trace_all)
    x = np.ascontiguousarray(predict_input, dtype=np.float64)
    np.save(final / "predict_input.npy", x)
    traced = [name for name, lc in cfg.get("LayerName", {}).items() if isinstance(lc, dict) and lc.get("Trace")]
    if traced or trace_all:
        _, trace = graph.trace(x)  # hls4ml recompiles with tracing on (and compiles the bridge predict uses)
        for name in (trace if trace_all else traced):
            np.save(final / f"hls4ml_trace_{name}.npy", np.asarray(trace[name], dtype=np.float64))
    np.save(final / "hls4ml_predict.npy", np.asarray(graph.predict(x), dtype=np.float64))
    np.save(final / "keras_predict.npy", np.asarray(model.predict(x.astype("float32"), verbose=0), dtype=np.float64))
    return cfg
