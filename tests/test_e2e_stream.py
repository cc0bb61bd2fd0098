"""End to end on real io_stream hls4ml projects (Dense / BatchNorm / activation / merge networks):
``verify(load_hls4ml(prj), *default_reference(net))`` must be identical to the project's own
compiled testbench (``tb_data/csim_results.log``), bit for bit.

The projects are what hls4ml 1.3 writes for ``IOType: io_stream`` (``hls::stream<nnet::array<…>>``
between layers, ``nnet::clone_stream`` where a layer fans out), built and cached by
``tests/projects.py``; the Keras models and stress inputs are those of ``test_e2e_parallel.py``.
A few cases run by default, the rest are ``slow``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import projects as P
import pytest
from test_e2e_parallel import (
    JET,
    Case,
    activation_config,
    m_batchnorm,
    m_merges,
    m_softmax,
    resource_config,
    shared,
    softmax_config,
)

from fxsim.network import load_hls4ml
from fxsim.verify import default_reference, verify

STREAM = {"io_type": "io_stream"}


def m_stream_activations() -> tuple[Path, Path]:
    """Every LUT / parametric activation of ``test_e2e_parallel.m_activations`` (same layer names,
    so ``activation_config`` applies), split over two Dense layers: hls4ml's io_stream clone pass
    refuses to fan one stream out more than 7 times."""
    r = np.random.default_rng(11)
    n_in, n = 6, 12
    layers = [P.input_layer("x", [n_in]),
              P.dense("fc", r.normal(size=(n_in, n)) * 0.8, r.normal(size=n) * 0.5, inbound="x"),
              P.dense("fc_b", r.normal(size=(n_in, n)) * 0.8, r.normal(size=n) * 0.5, inbound="x")]
    outs = []
    for k, act in enumerate(("sigmoid", "tanh", "softplus", "softsign", "selu", "hard_sigmoid")):
        layers.append(P.activation(f"a_{act}", act, inbound="fc" if k < 3 else "fc_b"))
        outs.append(f"a_{act}")
    layers += [
        P.KerasLayer("ELU", "a_elu", {"alpha": 0.7}, {}, ["fc"]),
        P.KerasLayer("LeakyReLU", "a_leaky", {"alpha": 0.15}, {}, ["fc"]),
        P.KerasLayer("ThresholdedReLU", "a_thr", {"theta": 0.35}, {}, ["fc_b"]),
        P.KerasLayer("PReLU", "a_prelu", {"shared_axes": None}, {"alpha": r.uniform(-0.5, 0.9, size=n)}, ["fc_b"]),
    ]
    outs += ["a_elu", "a_leaky", "a_thr", "a_prelu"]
    d = P.cache_root() / "e2e_stream_models"
    return P.write_keras_model(d / "activations", layers, outputs=outs, name="stream_activations")
def m_small_mlp() -> tuple[Path, Path]:
    """8 -> Dense 6 (ReLU) -> Dense 3: small enough that its distributed-arithmetic adder graphs compile in seconds."""
    r = np.random.default_rng(12)
    layers = [P.input_layer("x", [8]), P.dense("fc1", r.normal(size=(8, 6)) * 0.6, r.normal(size=6) * 0.3,
                                                activation="relu"),
              P.dense("fc2", r.normal(size=(6, 3)) * 0.6, r.normal(size=3) * 0.3)]
    return P.write_keras_model(P.cache_root() / "e2e_stream_models" / "small_mlp", layers, name="small_mlp")


NARROW = "ap_fixed<8,3,AP_RND,AP_SAT>"
FAST = (("3layer", "16_6", "latency"), ("3layer-bn", "8_3-rnd-sat", "resource-rf4"))


def _cases() -> list[Case]:
    cases = []
    for model in ("KERAS_3layer", "KERAS_3layer_batch_norm"):
        short = "3layer" if model == "KERAS_3layer" else "3layer-bn"
        for prec, tag in (("ap_fixed<16,6>", "16_6"), (NARROW, "8_3-rnd-sat")):
            for cfg, strat in ((P.hls_config_for(prec), "latency"), (resource_config(4, prec), "resource-rf4")):
                fast = (short, tag, strat) in FAST
                cases.append(Case(f"stream-{short}-{tag}-{strat}", shared(model), cfg, **JET, options=STREAM,
                                  slow=not fast))
    cases += [
        Case("stream-bn-fused-and-alone", m_batchnorm, P.hls_config_for("ap_fixed<12,4>"), n_in=8, n_out=(5,),
             options=STREAM),
        Case("stream-merges-add-concat-clone", m_merges, P.hls_config_for("ap_fixed<14,5>"), n_in=10, n_out=(4,),
             options=STREAM, slow=False),
        Case("stream-activations-clamped-tables", m_stream_activations, activation_config("ap_fixed<10,4>", True),
             n_in=6, n_out=(12,) * 10, options=STREAM),
        # hls4ml >= 1.1's distributed arithmetic (da4ml): nnet::dense with no weights, CONFIG_T::dense_da an adder
        # graph generated into nnet_code_gen.h
        Case("stream-mlp-distributed-arithmetic", m_small_mlp,
             P.hls_config_for("ap_fixed<12,4>", 1, "distributed_arithmetic"), n_in=8, n_out=(3,), options=STREAM,
             slow=False),
    ]
    for impl, extra in (("stable", {"table_size": 256}), ("latency", {}), ("legacy", {}), ("argmax", {})):
        cases.append(Case(f"stream-softmax-{impl}", m_softmax, softmax_config(impl, **extra), n_in=8, n_out=(6,),
                          options=STREAM, slow=impl != "stable"))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def built():
    """Case id -> project dir, building (or reusing) each project and its testbench once."""
    P.require_hls4ml()
    P.require_gxx()
    cache: dict[str, object] = {}

    def get(case: Case):
        if case.id not in cache:
            prj, _ = case.build()
            P.build_testbench(prj)
            cache[case.id] = prj
        return cache[case.id]

    return get


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else [])
                                  for c in CASES])
def test_stream_project_identical_to_csim(case: Case, built) -> None:
    prj = built(case)
    net = load_hls4ml(prj)
    assert net.project.io_type == "io_stream"
    report = verify(net, *default_reference(net))
    assert report.identical, str(report)
    assert report.n_events == 60 and report.mismatched_values == 0


def test_clone_stream_is_bound_with_its_copies(built) -> None:
    """hls4ml fans a stream out with ``nnet::clone_stream<…, N>``: bound with N and one pack size per
    copy, and every copy carries the same values."""
    case = next(c for c in CASES if c.id == "stream-merges-add-concat-clone")
    net = load_hls4ml(built(case))
    clones = [lay for lay in net.layers if lay.function == "clone_stream"]
    assert clones, net.summary()
    lay = clones[0]
    assert lay.config.N == net.project.size_of(lay.inputs[0])
    assert len(lay.config.packs_out) == len(lay.outputs) >= 2
    t = net.trace(np.random.default_rng(0).normal(size=(5, 10)))
    copies = [t.outputs[f"{lay.name}:{o}"].raw for o in lay.outputs]
    assert all(np.array_equal(copies[0], c) for c in copies[1:])
