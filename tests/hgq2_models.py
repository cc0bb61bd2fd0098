"""Small HGQ2 models (Keras 3, torch backend) converted by hls4ml 1.3.0, cached on disk.

HGQ2 (PyPI ``hgq2``) quantizes every input, weight and activation with its own ``FixedPointQuantizer``;
per-element (heterogeneous) quantizers and every quantizer inside attention become functions that
hls4ml generates into ``firmware/nnet_utils/nnet_code_gen.h`` (``nnet::d1_iq``…), and the
``distributed_arithmetic`` strategy replaces dense kernels by generated adder graphs
(``nnet::dense_da_3``…). The models here exercise those:

* ``mixed``: QConv2D (relu) -> Reshape -> QConv1D -> Flatten -> QBatchNormDense -> QDense ->
  QUnaryFunctionLUT(sin) -> QDense -> QSoftmax, per-element quantizers (random bit widths per element);
* ``mha``: self-attention ``QMultiHeadAttention`` (2 heads, 4 tokens x 5 features): ``einsum_dense``,
  ``einsum``, ``softmax_multidim`` and a generated quantizer around each, then QEinsumDense (built
  with ``da_layers=("ed",)``: the ``distributed_arithmetic`` EinsumDense and its generated kernel);
* ``mlp``: QDense (relu, per-element quantizers) -> QDense -> QSoftmax (per-tensor quantizers);
  built with ``strategy='distributed_arithmetic'`` (da4ml) both dense kernels become generated
  adder graphs.

Quantizers are ``kif`` with AP_RND/AP_SAT; their integer and fraction bits are drawn per element
from a generator seeded by the spec, weights from Keras' seeded initialisers. hls4ml 1.3.0
registers its MHA handler under ``hgq.layers.multi_head_attention.QMultiHeadAttention`` while
hgq2 0.2.0 defines the class in ``hgq.layers.attn.mha``: :func:`_alias_mha_handler` adds the
registry entry under the real path.

:func:`build_hgq2_project` converts (``convert_from_keras_model``, io_parallel, Vivado), writes the
testbench data, compiles hls4ml's bridge with every layer traced and stores ``hls_model.predict``,
``hls_model.trace`` and HGQ2's own ``model.predict`` next to the project
(:func:`keras3_models.convert_and_record`), then compiles and runs the testbench
(:func:`projects.build_testbench`). The cache key covers this file, the spec, the inputs and the
versions of keras, torch, hls4ml, hgq2 and da4ml; a warm run imports none of them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import keras3_models as K
import numpy as np
import projects as P
import pytest

#: The models :func:`build_model` knows (see the module docstring).
KINDS = ("mixed", "mha", "mlp")


def require_hgq2() -> dict[str, str | None]:
    """Skip the test unless hgq2 (and keras 3, torch, hls4ml, g++) are installed; return versions."""
    versions = K.require_keras3()
    for dist, mod in (("hgq2", "hgq"), ("quantizers", "quantizers")):
        if K._version(dist) is None or importlib.util.find_spec(mod) is None:
            pytest.skip(f"{dist} is not installed")
        versions[dist] = K._version(dist)
    versions["da4ml"] = K._version("da4ml")
    return versions


@dataclass(frozen=True)
class Spec:
    """``kind`` (one of :data:`KINDS`), generator ``seed``, the hls4ml ``strategy`` and the layers
    built with ``Strategy: distributed_arithmetic`` whatever ``strategy`` says (``da_layers``)."""

    kind: str
    seed: int = 0
    strategy: str = "latency"
    da_layers: tuple[str, ...] = ()

    @property
    def input_shape(self) -> tuple[int, ...]:
        return {"mixed": (6, 6, 2), "mha": (4, 5), "mlp": (6,)}[self.kind]


def _alias_mha_handler() -> None:
    from hls4ml.converters.keras_v3._base import registry

    old = "hgq.layers.multi_head_attention.QMultiHeadAttention"
    if old in registry:
        registry.setdefault("hgq.layers.attn.mha.QMultiHeadAttention", registry[old])


def build_model(spec: Spec):
    """The Keras-3 HGQ2 model of ``spec`` (keras imported here, torch backend)."""
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = "torch"
    import keras
    from hgq.config import LayerConfigScope, QuantizerConfigScope
    from hgq.layers import (
        QBatchNormDense,
        QConv1D,
        QConv2D,
        QDense,
        QEinsumDense,
        QMultiHeadAttention,
        QSoftmax,
        QUnaryFunctionLUT,
    )

    keras.utils.set_random_seed(100 + spec.seed)
    quant = dict(place="all", default_q_type="kif", overflow_mode="SAT", round_mode="RND", f0=4, i0=2)
    per_tensor = dict(quant, homogeneous_axis=None, heterogeneous_axis=())
    with QuantizerConfigScope(**quant), LayerConfigScope(enable_ebops=False):
        x = keras.Input(spec.input_shape, name="x")
        if spec.kind == "mixed":
            y = QConv2D(3, 3, activation="relu", name="c2")(x)
            y = keras.layers.Reshape((16, 3), name="r")(y)
            y = QConv1D(2, 3, name="c1")(y)
            y = keras.layers.Flatten(name="f")(y)
            y = QBatchNormDense(6, name="bnd")(y)
            y = QDense(5, name="d1")(y)
            y = QUnaryFunctionLUT(keras.ops.sin, allow_heterogeneous_table=False, name="lut")(y)
            y = QDense(4, name="d2")(y)
            y = QSoftmax(name="sm")(y)
        elif spec.kind == "mha":
            y = QMultiHeadAttention(2, 3, name="mha")(x, x)
            y = QEinsumDense("btc,cd->btd", output_shape=(4, 3), bias_axes="d", name="ed")(y)
        else:
            y = QDense(5, activation="relu", name="d1")(x)
            with QuantizerConfigScope(**per_tensor):
                y = QDense(3, name="d2")(y)
                y = QSoftmax(name="sm")(y)
        model = keras.Model(x, y)
    rng = np.random.default_rng(1000 + spec.seed)
    for v in model.weights:  # HGQ2 trains these; random per-element bit widths stand in for training
        leaf = v.path.rsplit("/", 1)[-1]
        if "fixed_point_quantizer" in v.path and leaf in ("i", "f"):
            lo, hi = (1, 5) if leaf == "f" else (0, 3)
            v.assign(rng.integers(lo, hi, size=tuple(v.shape)).astype("float32"))
    # frozen: hls4ml's QUnaryFunctionLUT handler calls np.where on the quantizer's torch tensors,
    # which torch refuses for tensors that require grad
    model.trainable = False
    return model


def stress(shape: tuple[int, ...], n: int, seed: int) -> np.ndarray:
    """Normal inputs, a block scaled up 8x (saturation), zeros and tiny values."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, *shape)) * 1.5
    x[n // 2:n // 2 + 6] *= 8.0
    x[-2] = 0.0
    x[-1] = rng.normal(size=shape) * 1e-3
    return np.round(x, 4)


def build_hgq2_project(spec: Spec, n_events: int = 50) -> K.K3Build:
    """Convert ``spec``'s model (cached), write its testbench data, run its testbench; the
    :class:`keras3_models.K3Build` holds hls4ml's ``predict``/``trace`` (every layer) and HGQ2's
    own ``model.predict`` (``keras_predict``) of the same inputs."""
    versions = require_hgq2()
    if (spec.strategy == "distributed_arithmetic" or spec.da_layers) and versions["da4ml"] is None:
        pytest.skip("da4ml is not installed (hls4ml's distributed_arithmetic strategy needs it)")
    x = stress(spec.input_shape, n_events, seed=7 + spec.seed)
    hls_config = {"Model": {"Precision": "ap_fixed<1,0>", "ReuseFactor": 1, "Strategy": spec.strategy},
                  "LayerName": {n: {"Strategy": "distributed_arithmetic"} for n in spec.da_layers}}
    key = K._key(spec, dict(config=hls_config, versions=versions), (x,), source=Path(__file__))

    def build(final: Path, work: Path) -> None:
        _alias_mha_handler()
        model = build_model(spec)
        cfg = K.convert_and_record(model, final, work, hls_config, {}, "io_parallel", x.reshape(len(x), -1), x,
                                   trace_all=True)
        (final / "fxsim_build.json").write_text(json.dumps({"spec": asdict(spec), "config": cfg}, indent=1,
                                                           default=str))

    final = P.build_once(f"hgq2-{key}", build)
    P.build_testbench(final)
    trace = {p.name[len("hls4ml_trace_"):-4]: np.load(p) for p in sorted(final.glob("hls4ml_trace_*.npy"))}
    return K.K3Build(final, np.load(final / "predict_input.npy"), np.load(final / "hls4ml_predict.npy"), trace,
                     np.load(final / "keras_predict.npy"))
