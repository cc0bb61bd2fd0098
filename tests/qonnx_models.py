"""Small QONNX models (built with the ``onnx``/``qonnx`` helper APIs, or exported from Brevitas)
converted by hls4ml's ONNX front end, cached on disk like ``projects.py``.

A model is described by a :class:`Spec` (plain data): ``kind`` is

* ``'qmlp'``: a hand-built QONNX graph ``x -> Quant -> MatMul(Quant(W1)) -> Add(b1) -> Relu ->
  Quant -> MatMul(Quant(W2)) -> Add(b2)`` whose Quant nodes take ``params`` (``in_scale``,
  ``in_zeropt``, ``w_scale``, ``h_scale``, ``h_zeropt``, ``bits``, ``rounding_mode``...);
* ``'bipolar'``: ``x -> Quant -> MatMul(BipolarQuant(W1)) -> Add(b1) -> BipolarQuant(scale) ->
  MatMul(BipolarQuant(W2)) -> Add(b2)``;
* ``'trunc'``: ``x -> Quant -> Trunc -> MatMul(Quant(W)) -> Add(b)`` (hls4ml 1.3.0 cannot convert it);
* ``'brevitas_mlp'`` / ``'brevitas_conv'``: a Brevitas ``QuantLinear``/``QuantReLU`` MLP, or a
  ``QuantConv2d``/``QuantReLU``/``QuantLinear`` CNN, with Brevitas' int8 per-tensor quantizers,
  ``params['quant']`` ``'Float'`` (``Int8*PerTensorFloat``: arbitrary scales) or ``'FixedPoint'``
  (``Int8*PerTensorFixedPoint``: power-of-two scales), calibrated on seeded data and exported with
  ``brevitas.export.export_qonnx``.

Every model is cleaned as hls4ml's own tests do (``qonnx.util.cleanup.cleanup_model``,
``ConvertToChannelsLastAndClean``, ``GemmToMatMul``, ``cleanup_model``). :func:`build_qonnx_project`
converts it with ``hls4ml.converters.convert_from_onnx_model`` (config from
``hls4ml.utils.config_from_onnx_model``, ``granularity='name'``, every layer traced), writes the
project with its testbench data, compiles hls4ml's bridge and stores ``hls_model.predict``
(``hls4ml_predict.npy``), ``hls_model.trace`` (``hls4ml_trace_<layer>.npy``) and the framework's own
output (``framework_predict.npy``: qonnx's reference executor ``execute_onnx`` on the cleaned graph
for hand-built graphs, the Brevitas module in eval mode for exports). The directory is
``<cache_root>/qonnx-<hash>``; the hash covers this file's source, the spec, configuration, inputs
and the library versions and is computed without importing any of them, so a warm run imports
neither torch nor brevitas.

Importing this module needs none of these libraries; :func:`require_qonnx` skips a test without them.
"""

from __future__ import annotations

import importlib.metadata as md
import importlib.util
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import projects as P
import pytest

#: Bump to invalidate every cached QONNX project.
QONNX_SCHEMA = 1
_DISTS = ("hls4ml", "onnx", "qonnx", "onnxoptimizer", "brevitas", "torch")
_QONNX_DOMAIN = "qonnx.custom_op.general"


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def require_qonnx(brevitas: bool = False) -> dict[str, str | None]:
    """Skip the test unless hls4ml, onnx, qonnx, g++ (and, for ``brevitas``, brevitas, torch and
    onnxoptimizer, which Brevitas' exporter needs) are installed; return their versions (part of
    the cache key). Imports none of them."""
    versions = {d: _version(d) for d in _DISTS}
    needed = ("hls4ml", "onnx", "qonnx") + (("brevitas", "torch", "onnxoptimizer") if brevitas else ())
    for d in needed:
        if versions[d] is None or importlib.util.find_spec(d) is None:
            pytest.skip(f"{d} is not installed (pip install -e '.[qonnx]')")
    P.require_gxx()
    return versions


@dataclass(frozen=True)
class Spec:
    """A model: ``kind`` (see the module doc), ``n_in`` inputs (``(c, h, w)`` for a CNN), ``n_hidden``,
    ``n_out``, ``seed`` and the quantizer ``params`` as sorted ``(name, value)`` pairs."""

    kind: str
    n_in: int | tuple[int, int, int] = 6
    n_hidden: int = 8
    n_out: int = 3
    seed: int = 0
    params: tuple[tuple[str, object], ...] = ()

    def param(self, name: str, default=None):
        return dict(self.params).get(name, default)

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The input shape hls4ml sees without the batch: channels last for a CNN."""
        if isinstance(self.n_in, tuple):
            c, h, w = self.n_in
            return (h, w, c)
        return (self.n_in,)

    @property
    def brevitas(self) -> bool:
        return self.kind.startswith("brevitas")


# ---------------------------------------------------------------------------------------- hand-built graphs
def _quant(name: str, x: str, scale: float, zeropt: float, bits: int, *, signed: int = 1, narrow: int = 0,
           rounding_mode: str = "ROUND"):
    """A QONNX ``Quant`` node on tensor ``x`` and its three scalar initializers."""
    from onnx import helper, numpy_helper

    inits = [numpy_helper.from_array(np.array(v, dtype=np.float32), f"{name}_{k}")
             for k, v in (("scale", scale), ("zeropt", zeropt), ("bits", bits))]
    node = helper.make_node("Quant", [x, *(i.name for i in inits)], [f"{name}_out"], name=name,
                            domain=_QONNX_DOMAIN, signed=signed, narrow=narrow, rounding_mode=rounding_mode)
    return node, inits


def _bipolar(name: str, x: str, scale: float):
    from onnx import helper, numpy_helper

    init = numpy_helper.from_array(np.array(scale, dtype=np.float32), f"{name}_scale")
    return helper.make_node("BipolarQuant", [x, init.name], [f"{name}_out"], name=name, domain=_QONNX_DOMAIN), [init]


def _graph_model(spec: Spec):
    """The QONNX ``ModelProto`` of a hand-built ``spec`` (weights from a generator seeded by it)."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(500 + spec.seed)
    n_in, n_h, n_out = spec.n_in, spec.n_hidden, spec.n_out
    p = spec.param
    nodes, inits = [], []

    def add(node_inits):
        node, more = node_inits
        nodes.append(node)
        inits.extend(more)
        return node.output[0]

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def linear(k: int, x: str, w_in: str, n_a: int, n_b: int) -> str:
        mm = helper.make_node("MatMul", [x, w_in], [f"mm{k}_out"], name=f"mm{k}")
        b = const(f"b{k}", np.round(rng.normal(scale=0.5, size=n_b) * 16) / 16)
        nodes.append(mm)
        nodes.append(helper.make_node("Add", [mm.output[0], b], [f"add{k}_out"], name=f"add{k}"))
        return nodes[-1].output[0]

    rm = p("rounding_mode", "ROUND")
    bits = p("bits", 8)
    x = add(_quant("qin", "x", p("in_scale", 2**-4), p("in_zeropt", 0.0), bits, rounding_mode=rm))
    w1 = const("W1", rng.normal(scale=0.6, size=(n_in, n_h)))
    w2 = const("W2", rng.normal(scale=0.6, size=(n_h, n_out)))
    if spec.kind == "qmlp":
        w_bits = p("w_bits", 6)
        w1q = add(_quant("qw1", w1, p("w_scale", 2**-4), 0.0, w_bits, narrow=1))
        h = linear(1, x, w1q, n_in, n_h)
        nodes.append(helper.make_node("Relu", [h], ["relu_out"], name="relu"))
        h = add(_quant("qh", "relu_out", p("h_scale", 2**-3), p("h_zeropt", 0.0), p("h_bits", 6),
                       signed=p("h_signed", 0), rounding_mode=p("h_rounding_mode", rm)))
        w2q = add(_quant("qw2", w2, p("w_scale", 2**-4), 0.0, w_bits, narrow=1))
        y = linear(2, h, w2q, n_h, n_out)
    elif spec.kind == "bipolar":
        w1q = add(_bipolar("bw1", w1, 1.0))
        h = linear(1, x, w1q, n_in, n_h)
        h = add(_bipolar("bh", h, p("h_scale", 1.0)))
        w2q = add(_bipolar("bw2", w2, 1.0))
        y = linear(2, h, w2q, n_h, n_out)
    elif spec.kind == "trunc":
        sc, zp, ib, ob = (const(f"t_{k}", v) for k, v in (("scale", p("in_scale", 2**-4)), ("zeropt", 0.0),
                                                           ("in_bits", bits), ("out_bits", 4)))
        nodes.append(helper.make_node("Trunc", [x, sc, zp, ib, ob], ["trunc_out"], name="trunc",
                                      domain=_QONNX_DOMAIN, rounding_mode="FLOOR"))
        wq = add(_quant("qw1", w1, 2**-4, 0.0, 6, narrow=1))
        y = linear(1, "trunc_out", wq, n_in, n_h)
    else:
        raise ValueError(f"unknown hand-built QONNX kind {spec.kind!r}")
    n_y = n_out if spec.kind != "trunc" else n_h
    graph = helper.make_graph(
        nodes, f"fxsim_{spec.kind}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, n_in])],
        [helper.make_tensor_value_info(y, TensorProto.FLOAT, [1, n_y])], initializer=inits)
    from qonnx.util.basic import qonnx_make_model

    return qonnx_make_model(graph, producer_name="fxsim-tests", opset_imports=[helper.make_opsetid("", 13)])


# ---------------------------------------------------------------------------------------- Brevitas
def _brevitas_module(spec: Spec):
    """The Brevitas module of ``spec``, seeded, calibrated in training mode on seeded data, in eval mode."""
    import brevitas.nn as qnn
    import brevitas.quant as bq
    import torch

    q = spec.param("quant", "Float")
    wq, aq = getattr(bq, f"Int8WeightPerTensor{q}"), getattr(bq, f"Int8ActPerTensor{q}")
    torch.manual_seed(spec.seed)
    if spec.kind == "brevitas_mlp":
        model = torch.nn.Sequential(
            qnn.QuantLinear(spec.n_in, spec.n_hidden, bias=True, weight_quant=wq, input_quant=aq),
            qnn.QuantReLU(act_quant=aq),
            qnn.QuantLinear(spec.n_hidden, spec.n_out, bias=True, weight_quant=wq, input_quant=aq))
        calib_shape = (256, spec.n_in)
    elif spec.kind == "brevitas_conv":
        c, h, w = spec.n_in
        model = torch.nn.Sequential(
            qnn.QuantConv2d(c, spec.n_hidden, kernel_size=3, bias=True, weight_quant=wq, input_quant=aq),
            qnn.QuantReLU(act_quant=aq),
            torch.nn.Flatten(),
            qnn.QuantLinear(spec.n_hidden * (h - 2) * (w - 2), spec.n_out, bias=True, weight_quant=wq,
                            input_quant=aq))
        calib_shape = (256, c, h, w)
    else:
        raise ValueError(f"unknown Brevitas kind {spec.kind!r}")
    calib = torch.from_numpy(np.random.default_rng(spec.seed).normal(size=calib_shape).astype(np.float32))
    model.train()
    with torch.no_grad():
        model(calib)
    return model.eval()


def _brevitas_predict(model, spec: Spec, x: np.ndarray) -> np.ndarray:
    import torch

    xt = np.asarray(x, dtype=np.float32)
    if isinstance(spec.n_in, tuple):
        xt = xt.transpose(0, 3, 1, 2)  # hls4ml's channels-last input -> PyTorch's NCHW
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(xt))).numpy().astype(np.float64)


def _clean(model_proto_or_path):
    """hls4ml's documented QONNX preparation: cleanup, channels last, Gemm -> MatMul, cleanup."""
    from qonnx.core.modelwrapper import ModelWrapper
    from qonnx.transformation.channels_last import ConvertToChannelsLastAndClean
    from qonnx.transformation.gemm_to_matmul import GemmToMatMul
    from qonnx.util.cleanup import cleanup_model

    m = cleanup_model(ModelWrapper(model_proto_or_path))
    m = m.transform(ConvertToChannelsLastAndClean(make_input_channels_last=True))
    m = m.transform(GemmToMatMul())
    return cleanup_model(m)


def qonnx_model(spec: Spec, work: Path):
    """``(cleaned ModelWrapper, framework)``: ``framework(x)`` is the framework's own float output
    for float64 inputs ``(n, *spec.input_shape)``."""
    if spec.brevitas:
        import warnings

        from brevitas.export import export_qonnx

        module = _brevitas_module(spec)
        shape = (1, *spec.n_in) if isinstance(spec.n_in, tuple) else (1, spec.n_in)
        import torch

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            export_qonnx(module, input_t=torch.zeros(shape), export_path=str(work / "brevitas.onnx"))
        return _clean(str(work / "brevitas.onnx")), lambda x: _brevitas_predict(module, spec, x)
    model = _clean(_graph_model(spec))

    def framework(x: np.ndarray) -> np.ndarray:
        from qonnx.core.onnx_exec import execute_onnx

        inp, out = model.graph.input[0].name, model.graph.output[0].name
        return np.concatenate([execute_onnx(model, {inp: row[None].astype(np.float32)})[out]
                               for row in np.asarray(x)]).astype(np.float64)

    return model, framework


# ---------------------------------------------------------------------------------------- builds
@dataclass(frozen=True)
class QBuild:
    """A converted project with hls4ml's ``predict``/``trace`` and the framework's output stored with it."""

    project: Path
    predict_input: np.ndarray = field(compare=False)
    hls4ml_predict: np.ndarray = field(compare=False)
    hls4ml_trace: dict[str, np.ndarray] = field(compare=False)
    framework_predict: np.ndarray = field(compare=False)


def build_qonnx_project(spec: Spec, *, precision: str, overrides: dict | None = None, tb_inputs: np.ndarray,
                        predict_input: np.ndarray, io_type: str = "io_parallel") -> QBuild:
    """Convert ``spec``'s model (cached), write the testbench data, store ``predict``/``trace``.

    ``precision``: the model default (hls4ml's ``default_precision``; every layer keeps ``'auto'``);
    ``overrides``: merged into the ``config_from_onnx_model`` dict; ``tb_inputs``: ``(n, input size)``
    for the testbench; ``predict_input``: float64 ``(n, *spec.input_shape)``.
    """
    versions = require_qonnx(spec.brevitas)
    overrides = overrides or {}
    key = P.content_key(Path(__file__), dict(spec=asdict(spec), schema=(P.CACHE_SCHEMA, QONNX_SCHEMA),
                                             precision=precision, overrides=overrides, io=io_type, versions=versions),
                        (tb_inputs, predict_input))
    final = P.build_once(f"qonnx-{key}", lambda final, work: _convert(spec, final, work, precision, overrides,
                                                                    io_type, tb_inputs, predict_input))
    P.build_testbench(final)
    trace = {p.name[len("hls4ml_trace_"):-4]: np.load(p) for p in sorted(final.glob("hls4ml_trace_*.npy"))}
    return QBuild(final, np.load(final / "predict_input.npy"), np.load(final / "hls4ml_predict.npy"), trace,
                  np.load(final / "framework_predict.npy"))


def _convert(spec: Spec, final: Path, work: Path, precision: str, overrides: dict, io_type: str,
             tb_inputs: np.ndarray, predict_input: np.ndarray) -> None:
    import hls4ml

    model, framework = qonnx_model(spec, work)
    cfg = hls4ml.utils.config_from_onnx_model(model, granularity="name", backend="Vivado",
                                              default_precision=precision)
    # trace every layer, also those hls4ml's optimizers create from the Quant nodes (they take the
    # Model-level default or a copy of the Quant node's entry)
    cfg["Model"]["TraceOutput"] = True
    for lc in cfg.get("LayerName", {}).values():
        lc["Trace"] = True
    graph, cfg = P.write_converted(hls4ml.converters.convert_from_onnx_model, model, final, work, cfg, overrides,
                                   io_type, tb_inputs)
    x = np.ascontiguousarray(predict_input, dtype=np.float64)
    np.save(final / "predict_input.npy", x)
    np.save(final / "hls4ml_predict.npy", np.asarray(graph.predict(x), dtype=np.float64))
    _, trace = graph.trace(x)
    for name, values in trace.items():
        np.save(final / f"hls4ml_trace_{name}.npy", np.asarray(values, dtype=np.float64))
    np.save(final / "framework_predict.npy", framework(x))
    (final / "fxsim_build.json").write_text(json.dumps(
        {"spec": asdict(spec), "config": cfg, "io_type": io_type}, indent=1, default=str))
