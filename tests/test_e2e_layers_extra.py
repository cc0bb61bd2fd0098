"""End to end: hls4ml projects with Embedding and Resource-strategy depthwise convolutions.

Each hand-made Keras-2 model (JSON + H5 written with h5py, no TensorFlow) is converted by hls4ml,
its testbench compiled with g++ and run (``tb_data/csim_results.log``), and fxsim's
:class:`~fxsim.network.Network` must print exactly the same outputs for every event.

* ``Embedding`` -> ``Flatten`` -> ``Dense``, io_parallel (``nnet_embed.h``) and io_stream
  (``nnet_embed_stream.h``), with a narrow rounding/saturating precision and tokens that are not
  all integers (small negative fractions and values the input type saturates), so the header's
  ``data[j] * n_out + i`` subscript arithmetic matters.
* ``DepthwiseConv2D`` -> ``SeparableConv2D`` -> ``Flatten`` -> ``Dense`` with ``Strategy:
  Resource``, io_stream: the depthwise steps run ``DepthwiseDenseResource_rf_leq_nout``,
  ``_rf_gt_nout_rem0`` and ``_rf_gt_nout`` (nnet_depthwise_product.h), depending on the reuse factor.
  (io_parallel Resource depthwise aborts in hls4ml's own C simulation: nnet_sepconv2d.h asserts.)
* Conv2D('same') + MaxPooling2D + Conv2D(stride 2) + AveragePooling2D + Dense with
  ``backend='Vitis'`` (io_parallel and io_stream, Latency and Resource): the project is compiled with
  the ``templates/vitis/nnet_utils`` overrides hls4ml copies into it (``nnet_conv{1,2}d*.h``,
  ``nnet_pooling*.h``, ``nnet_dense_stream.h``, ``nnet_sepconv*_stream.h``), whose arithmetic and
  order equal the Vivado ones for every configuration hls4ml emits. Also the depthwise models above
  and the shared ``KERAS_conv1d_small`` on Vitis.
* ``QDense`` with a ``quantized_po2`` kernel quantizer (power-of-two weights): hls4ml writes
  ``typedef struct exponent_weightN_t {ap_uint<1> sign; ap_int<W> weight;}`` arrays, loads them with
  ``nnet::load_exponent_weights_from_txt`` (or initializes them, without txt weights) and multiplies
  with ``nnet::product::weight_exponential``; io_parallel and io_stream, Latency and Resource.
  hls4ml's ``QKerasPO2Quantizer`` imports ``qkeras`` (which needs TensorFlow) only to round the
  kernel to powers of two: without qkeras installed, a stand-in ``qkeras.quantizers.get_quantizer``
  rounds to the nearest power of two in the log domain. hls4ml 1.3.0's exponent-weight writer also
  calls ``np.product``, removed in NumPy 2; the test aliases it to ``np.prod`` while building. The
  truth is still hls4ml's own testbench on the weights hls4ml wrote.
* Channels-first pooling: a PyTorch ``MaxPool2d`` -> ``AvgPool2d`` model converted with
  ``channels_last_conversion='off'``, for which hls4ml writes ``nnet::pooling2d_cf`` (the only
  channels-first conv-family template of hls4ml 1.3.0's ``nnet_utils`` besides padding/cropping;
  ``conv_{1,2}d_cf`` do not exist, and hls4ml's im2col generator already fails on a channels-first
  ``Conv2d``).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from projects import (
    MODELS_DIR,
    KerasLayer,
    build_project,
    build_testbench,
    conv2d_pool_model,
    dense,
    flatten,
    hls_config_for,
    input_layer,
    write_keras_model,
)

from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

NARROW = "ap_fixed<8,3,AP_RND,AP_SAT>"
N_EVENTS = 40


def _check(prj, backend: str = "vivado") -> None:
    build_testbench(prj)
    net = load_hls4ml(prj)
    assert net.project.backend == backend
    report = verify(net, *default_reference(net))
    assert report.n_events == N_EVENTS
    assert report.identical, report.to_json()


# ----------------------------------------------------------------------------------- Embedding
@pytest.fixture(scope="module")
def embed_model(tmp_path_factory):
    rng = np.random.default_rng(21)
    emb = KerasLayer("Embedding", "emb", {"input_dim": 10, "output_dim": 4, "input_length": 5, "mask_zero": False,
                                          "embeddings_initializer": {"class_name": "RandomUniform", "config": {}}},
                     {"embeddings": rng.normal(scale=1.5, size=(10, 4))})
    layers = [input_layer("tok", [5]), emb, flatten("f"), dense("fc", rng.normal(size=(20, 3)), rng.normal(size=3))]
    return write_keras_model(tmp_path_factory.mktemp("embed_model"), layers, name="embed")


def _tokens() -> np.ndarray:
    """Integer tokens 0..9 and a few others: -0.15 (-0.15 * 4 + i truncates toward zero: reads row 0),
    2.5 (reads inside rows 2-3) and values above 3.97 (saturated by ap_fixed<8,3>)."""
    rng = np.random.default_rng(8)
    x = rng.integers(0, 10, size=(N_EVENTS, 5)).astype(float)
    odd = rng.random(x.shape) < 0.2
    x[odd] = rng.choice([-0.15, -0.1, 2.5, 1.25, 0.75], size=int(odd.sum()))
    return x


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_embedding(embed_model, io_type: str) -> None:
    prj = build_project(embed_model, hls_config_for(NARROW), io_type=io_type, inputs=_tokens())
    assert "nnet::embedding<" in (prj / "firmware" / "myproject.cpp").read_text()
    _check(prj)


# ----------------------------------------------------------------------------------- depthwise Resource
def _depthwise2d(name: str, kernel: np.ndarray, bias: np.ndarray) -> KerasLayer:
    cfg = {"kernel_size": list(kernel.shape[:2]), "strides": [1, 1], "padding": "valid",
           "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": True,
           "depth_multiplier": 1}
    return KerasLayer("DepthwiseConv2D", name, cfg, {"depthwise_kernel": kernel, "bias": bias})


def _separable2d(name: str, dkernel: np.ndarray, pkernel: np.ndarray, bias: np.ndarray) -> KerasLayer:
    cfg = {"filters": int(pkernel.shape[-1]), "kernel_size": list(dkernel.shape[:2]), "strides": [1, 1],
           "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "relu",
           "use_bias": True, "depth_multiplier": 1}
    return KerasLayer("SeparableConv2D", name, cfg,
                      {"depthwise_kernel": dkernel, "pointwise_kernel": pkernel, "bias": bias})


@pytest.fixture(scope="module")
def depthwise_model(tmp_path_factory):
    rng = np.random.default_rng(17)
    layers = [
        input_layer("x", [6, 6, 2]),
        _depthwise2d("dw", rng.normal(size=(3, 3, 2, 1)), rng.normal(scale=0.3, size=2)),
        _separable2d("sep", rng.normal(size=(2, 2, 2, 1)), rng.normal(size=(1, 1, 2, 4)),
                     rng.normal(scale=0.3, size=4)),
        flatten("f"),
        dense("fc", rng.normal(scale=0.5, size=(36, 3)), rng.normal(scale=0.2, size=3)),
    ]
    return write_keras_model(tmp_path_factory.mktemp("dw_model"), layers, name="dw_resource")


# (DepthwiseConv2D RF, SeparableConv2D RF) -> the depthwise kernels hls4ml writes:
# dw: n_in 18, n_chan 2; sep depthwise: n_in 8, n_chan 2
RFS = {(3, 4): ("DepthwiseDenseResource_rf_gt_nout", "DepthwiseDenseResource_rf_gt_nout_rem0"),
       (2, 2): ("DepthwiseDenseResource_rf_leq_nout", "DepthwiseDenseResource_rf_leq_nout")}


@pytest.mark.parametrize("backend", ["Vivado", "Vitis"])
@pytest.mark.parametrize("rfs", list(RFS), ids=[f"rf{a}-{b}" for a, b in RFS])
def test_depthwise_resource_stream(depthwise_model, rfs: tuple[int, int], backend: str) -> None:
    cfg = hls_config_for(NARROW, strategy="Resource")
    cfg["LayerName"] = {"dw": {"ReuseFactor": rfs[0]}, "sep": {"ReuseFactor": rfs[1]}}
    x = np.random.default_rng(4).normal(scale=1.5, size=(N_EVENTS, 6 * 6 * 2))
    prj = build_project(depthwise_model, cfg, io_type="io_stream", inputs=x, backend=backend)
    params = (prj / "firmware" / "parameters.h").read_text()
    for kernel in RFS[rfs]:
        assert f"using kernel = nnet::{kernel}<" in params, kernel
    _check(prj, backend=backend.lower())


# ----------------------------------------------------------------------------------- Vitis backend
@pytest.fixture(scope="module")
def vitis_model(tmp_path_factory):
    return conv2d_pool_model(tmp_path_factory.mktemp("vitis_model"), "conv2d_pool_vitis", avg_pool=True)


@pytest.mark.parametrize("strategy,reuse", [("Latency", 1), ("Resource", 4)])
@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_vitis_conv2d_pooling(vitis_model, io_type: str, strategy: str, reuse: int) -> None:
    x = np.random.default_rng(5).normal(scale=2.0, size=(N_EVENTS, 8 * 8 * 2))
    prj = build_project(vitis_model, hls_config_for(NARROW, reuse_factor=reuse, strategy=strategy), io_type=io_type,
                        inputs=x, backend="Vitis")
    nnet = prj / "firmware" / "nnet_utils"
    assert "implementation is supported in Vitis HLS" in (nnet / "nnet_conv2d_stream.h").read_text()
    assert "weights_2d" in (nnet / "nnet_conv2d_resource.h").read_text()
    _check(prj, backend="vitis")


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_vitis_conv1d_small(io_type: str) -> None:
    """The shared ``KERAS_conv1d_small`` ('same' Conv1D x3 + Dense) on the Vitis backend, Resource RF 3."""
    js = MODELS_DIR / "KERAS_conv1d_small.json"
    if not js.is_file():
        pytest.skip(f"{js} is missing")
    shape = json.loads(js.read_text())["config"]["layers"][0]["config"]["batch_input_shape"][1:]
    x = np.random.default_rng(3).normal(scale=2.0, size=(N_EVENTS, int(np.prod(shape))))
    prj = build_project("KERAS_conv1d_small", hls_config_for(NARROW, reuse_factor=3, strategy="Resource"),
                        io_type=io_type, inputs=x, backend="Vitis")
    _check(prj, backend="vitis")


# ----------------------------------------------------------------------------------- power-of-two weights
def _po2_quantizer(config):
    """Stand-in for ``qkeras.quantizers.get_quantizer`` of a ``quantized_po2`` config: sign times
    the nearest power of two (in log2), exponents clipped to [-6, 1]."""
    def q(x):
        x = np.asarray(x, dtype=np.float64)
        e = np.clip(np.round(np.log2(np.maximum(np.abs(x), 1e-30))), -6, 1)
        return (np.where(x < 0, -1.0, 1.0) * 2.0 ** e).astype(np.float32)
    return q


@pytest.fixture
def po2_env(monkeypatch):
    """Let hls4ml 1.3.0 convert and write ``quantized_po2`` weights here (see the module docstring)."""
    import sys
    import types

    try:  # the real QKeras (TensorFlow); HGQ2 ships a `qkeras` compat package whose get_quantizer takes
        import qkeras.quantizers  # strings only, so it counts as missing here

        qkeras.quantizers.get_quantizer({"class_name": "quantized_po2", "config": {"bits": 4, "max_value": 2}})
        have_qkeras = True
    except Exception:
        have_qkeras = False
    if not have_qkeras:
        pkg, mod = types.ModuleType("qkeras"), types.ModuleType("qkeras.quantizers")
        mod.get_quantizer = _po2_quantizer
        pkg.quantizers = mod
        monkeypatch.setitem(sys.modules, "qkeras", pkg)
        monkeypatch.setitem(sys.modules, "qkeras.quantizers", mod)
    if not hasattr(np, "product"):
        monkeypatch.setattr(np, "product", np.prod, raising=False)


@pytest.fixture(scope="module")
def po2_model(tmp_path_factory):
    rng = np.random.default_rng(29)
    po2 = {"class_name": "quantized_po2", "config": {"bits": 4, "max_value": 2}}
    d1 = dense("q1", rng.normal(size=(8, 6)), rng.normal(scale=0.5, size=6), activation="relu")
    d2 = dense("q2", rng.normal(size=(6, 4)), rng.normal(scale=0.5, size=4))
    for d in (d1, d2):
        d.class_name = "QDense"
        d.config["kernel_quantizer"] = po2
    return write_keras_model(tmp_path_factory.mktemp("po2_model"), [input_layer("x", [8]), d1, d2], name="po2")


@pytest.mark.parametrize("io_type,strategy,reuse,txt", [("io_parallel", "Latency", 1, True),
                                                        ("io_parallel", "Resource", 4, True),
                                                        ("io_stream", "Resource", 2, True),
                                                        ("io_parallel", "Latency", 1, False)])
def test_power_of_two_weights(po2_model, po2_env, io_type: str, strategy: str, reuse: int, txt: bool) -> None:
    x = np.random.default_rng(6).normal(scale=2.0, size=(N_EVENTS, 8))
    prj = build_project(po2_model, hls_config_for(NARROW, reuse_factor=reuse, strategy=strategy), io_type=io_type,
                        inputs=x, write_weights_txt=txt)
    top = (prj / "firmware" / "myproject.cpp").read_text()
    assert ("load_exponent_weights_from_txt<exponent_weight" in top) == txt
    assert "struct exponent_weight" in (prj / "firmware" / "defines.h").read_text()
    assert "product::weight_exponential" in (prj / "firmware" / "parameters.h").read_text()
    _check(prj)
    if io_type == "io_parallel" and strategy == "Latency":
        # hand-worked: every weight is +-2**e (one CSD digit), so each product is a shift: no multiplier
        from fxsim.estimate import estimate
        from fxsim.estimate import multipliers as M
        from fxsim.project import read_project

        e = estimate(read_project(prj))
        assert e.total["dsp"] == 0
        assert all(layer.mults.get(M.DSP, 0) == 0 and layer.mults.get(M.FABRIC, 0) == 0 for layer in e.layers)


# ----------------------------------------------------------------------------------- channels-first pooling
def _pytorch_cf_pooling_project(precision: str, x: np.ndarray):
    """hls4ml project of ``MaxPool2d(2) -> AvgPool2d(2)`` on (2, 8, 8) channels-first, cached on disk."""
    import hashlib
    import shutil

    import projects

    torch = pytest.importorskip("torch")
    hls4ml = projects.require_hls4ml()
    model = torch.nn.Sequential(torch.nn.MaxPool2d(2), torch.nn.AvgPool2d(2)).eval()
    key = hashlib.sha256(repr((repr(model), precision, hls4ml.__version__, torch.__version__, "cf-pool-1")).encode()
                         + x.tobytes()).hexdigest()[:24]
    final = projects.cache_root() / f"cfpool-{key}"
    if (final / ".fxsim_complete").is_file():
        return final
    with projects._locked(projects.cache_root() / f"cfpool-{key}.lock"):
        if (final / ".fxsim_complete").is_file():
            return final
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir(parents=True)
        np.save(final / "x.npy", x)
        cfg = hls4ml.utils.config_from_pytorch_model(model, (2, 8, 8), granularity="name", backend="Vivado",
                                                     default_precision=precision, channels_last_conversion="off")
        graph = hls4ml.converters.convert_from_pytorch_model(model, output_dir=str(final), project_name="myproject",
                                                             backend="Vivado", io_type="io_parallel", hls_config=cfg,
                                                             input_data_tb=str(final / "x.npy"))
        graph.write()
        n_out = sum(int(np.prod(v.shape)) for v in graph.get_output_variables())
        (final / "tb_data" / "tb_output_predictions.dat").write_text((" ".join(["0"] * n_out) + " \n") * len(x))
        (final / ".fxsim_complete").write_text(key)
    return final


def test_channels_first_pooling_pytorch() -> None:
    x = np.random.default_rng(12).normal(scale=2.0, size=(N_EVENTS, 2 * 8 * 8))
    prj = _pytorch_cf_pooling_project(NARROW, x)
    top = (prj / "firmware" / "myproject.cpp").read_text()
    assert top.count("nnet::pooling2d_cf<") == 2
    _check(prj)
