"""``fxsim.estimate.liveness``: what HLS keeps of an HGQ network (constant zeros forward, dead values backward).

Every expectation is worked by hand from the weights and quantizers written in the test.
"""

from __future__ import annotations

import numpy as np

from fxsim.estimate import estimate
from fxsim.estimate.layers import LayerSpec
from fxsim.estimate.liveness import prune_dead_elements, quantizer_elements
from fxsim.project.codegen import parse_codegen
from fxsim.types import FixedType


def _quantizer(stores: list[str], name: str = "q") -> object:
    body = "\n".join(f"    {s}" for s in stores)
    text = ("namespace nnet {\ntemplate<typename input_t, typename output_t>\n"
            f"void {name}(input_t *inp, output_t *out) {{\n    #pragma HLS INLINE\n{body}\n}}\n}}\n")
    return parse_codegen(text, "nnet_code_gen.h").functions[name]


def test_quantizer_elements_reads_zero_and_copy_stores():
    q = _quantizer(["out[0] = ap_fixed<6,4,AP_RND,AP_WRAP>(inp[0]);", "out[1] = 0;",
                    "out[2] = ap_ufixed<3,5,AP_TRN,AP_WRAP>(inp[2]);"])
    assert quantizer_elements(q).tolist() == [True, False, True]


def test_quantizer_elements_refuses_other_programs():
    swapped = _quantizer(["out[0] = ap_fixed<6,4>(inp[1]);", "out[1] = ap_fixed<6,4>(inp[0]);"])
    assert quantizer_elements(swapped) is None          # element k written from another index
    assert quantizer_elements(None) is None
    da = parse_codegen("namespace nnet {\ntemplate<typename inp_t, typename out_t>\n"
                       "void f(inp_t model_inp[2], out_t model_out[1]) {\n"
                       "    ap_fixed<8,3> v0 = model_inp[0];\n    ap_fixed<8,3> v1 = model_inp[1];\n"
                       "    ap_fixed<10,4> v2 = v0 + v1;\n    model_out[0] = ap_fixed<8,3>(v2);\n}\n}\n",
                       "nnet_code_gen.h").functions["f"]
    assert quantizer_elements(da) is None               # an adder graph, not a quantizer


def test_input_quantizer_zero_removes_the_dense_rows_it_feeds():
    # input quantizer zeroes element 1; the 3 -> 2 dense's row 1 (weights 0.75, 0.5) multiplies a constant 0
    q = _quantizer(["out[0] = ap_fixed<6,4>(inp[0]);", "out[1] = 0;", "out[2] = ap_fixed<6,4>(inp[2]);"])
    w = np.array([[0.25, 0.0], [0.75, 0.5], [0.0, 1.5]])
    specs = [LayerSpec("generated", "iq", 3, 3, program=q),
             LayerSpec("dense", "d", 3, 2, weights=w.ravel(), bias=np.array([0.0, 0.125]))]
    out = prune_dead_elements(specs, [("x", "a"), ("a", "y")], ["y"])
    assert out[1].weights.reshape(3, 2).tolist() == [[0.25, 0.0], [0.0, 0.0], [0.0, 1.5]]
    assert out[1].weights.shape == (6,)                 # hls4ml's flat layout is kept
    assert out[1].bias.tolist() == [0.0, 0.125]         # both outputs reach the top: kept
    assert [st.index for st in out[0].program.body] == [0, 2]   # the constant store costs nothing: dropped


def test_constant_output_propagates_through_relu_to_the_next_dense():
    # dense d1: output 1 has no weight and no bias -> constant 0; relu(0) = 0; d2's row 1 multiplies it
    d1 = LayerSpec("dense", "d1", 2, 2, weights=np.array([0.5, 0.0, 0.25, 0.0]), bias=np.array([0.125, 0.0]))
    r = LayerSpec("relu", "r", 2, 2)
    d2 = LayerSpec("dense", "d2", 2, 1, weights=np.array([1.0, 3.0]), bias=np.array([0.0]))
    out = prune_dead_elements([d1, r, d2], [("x", "a"), ("a", "b"), ("b", "y")], ["y"])
    assert out[2].weights.tolist() == [1.0, 0.0]
    assert out[1].n_in == out[1].n_out == 1             # the ReLU of the constant is removed (backward)


def test_dead_neurons_are_removed_backward_through_relu_and_quantizer():
    # 2 -> 4 dense, ReLU, then an HGQ activation quantizer that keeps elements 0 and 3 only; the next 4 -> 1 dense
    # has weights on elements 0, 1, 2 only: element 0 is the one value both keep.
    w1 = np.array([[0.5, 0.25, 1.0, 0.75],
                   [0.0, 0.5, 0.25, 1.0]])
    q = _quantizer(["out[0] = ap_ufixed<4,2,AP_TRN,AP_WRAP>(inp[0]);", "out[1] = 0;", "out[2] = 0;",
                    "out[3] = ap_ufixed<4,2,AP_TRN,AP_WRAP>(inp[3]);"])
    w2 = np.array([[1.0], [2.0], [0.5], [0.0]])
    specs = [LayerSpec("dense", "d1", 2, 4, weights=w1.ravel(), bias=np.array([0.125, 0.25, 0.5, 0.75])),
             LayerSpec("relu", "r", 4, 4),
             LayerSpec("generated", "aq", 4, 4, program=q),
             LayerSpec("dense", "d2", 4, 1, weights=w2.ravel(), bias=np.array([0.0]))]
    out = prune_dead_elements(specs, [("x", "a"), ("a", "b"), ("b", "c"), ("c", "y")], ["y"])
    # forward: quantizer zeroes 1, 2; d2 row 1 and 2 vanish -> d2 needs element 0 only (row 3 weight is 0)
    assert out[3].weights.tolist() == [1.0, 0.0, 0.0, 0.0]
    # backward: only element 0 of d1 is needed: its column (0.5, 0.0) and bias 0.125 stay
    assert out[0].weights.reshape(2, 4).tolist() == [[0.5, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    assert out[0].bias.tolist() == [0.125, 0.0, 0.0, 0.0]
    assert out[1].n_in == 1
    assert [st.index for st in out[2].program.body] == [0]


def test_unknown_arrays_and_top_outputs_keep_everything():
    w = np.array([0.5, 0.0, 0.0, 0.0])
    specs = [LayerSpec("dense", "d", 2, 2, weights=w, bias=np.array([0.0, 0.0])), LayerSpec("relu", "r", 2, 2)]
    out = prune_dead_elements(specs, [None, None], [])
    assert out[1].n_in == 2 and out[0].weights.tolist() == w.tolist()
    out = prune_dead_elements(specs, [("x", "a"), ("a", "y")], ["y"])
    assert out[1].n_in == 2                             # a top output: every element needed


def test_pruned_network_costs_less_than_the_template_sizes():
    """End to end through :func:`fxsim.estimate.estimate` on specs: the ReLU of 4 elements of which the next
    quantizer keeps 1 costs what a 1-element ReLU costs."""
    q = _quantizer(["out[0] = ap_ufixed<4,2,AP_TRN,AP_WRAP>(inp[0]);", "out[1] = 0;", "out[2] = 0;",
                    "out[3] = 0;"])
    t = FixedType(10, 4)
    relu4 = LayerSpec("relu", "r", 4, 4, input_t=t, result_t=t)
    pruned = prune_dead_elements([relu4, LayerSpec("generated", "aq", 4, 4, program=q)],
                                 [("x", "a"), ("a", "y")], ["y"])
    one = estimate([LayerSpec("relu", "r", 1, 1, input_t=t, result_t=t)], part="xcu250-figd2104-2L-e")
    four = estimate([relu4], part="xcu250-figd2104-2L-e")
    kept = estimate(pruned[:1], part="xcu250-figd2104-2L-e")
    assert kept.layers[0].lut == one.layers[0].lut < four.layers[0].lut


def test_dense_reading_a_quantizer_gets_each_elements_type():
    # element 0 is an ap_fixed<4,2> in an ap_fixed<11,6> array: 2 integer bits (the rest sign extension) and the
    # array's 5 fraction bits (HLS keeps the zeros under the element's LSB) -> 7 bits; element 1 (ap_fixed<16,8>)
    # is wider than the array: all of its 6 integer and 5 fraction bits
    q = _quantizer(["out[0] = ap_fixed<4,2,AP_RND,AP_WRAP>(inp[0]);", "out[1] = ap_fixed<16,8>(inp[1]);"])
    t = FixedType(11, 6)
    d = LayerSpec("dense", "d", 2, 1, weights=np.array([0.75, 0.5]), bias=np.array([0.0]), input_t=t,
                  weight_t=FixedType(8, 2), accum_t=FixedType(24, 10))
    out = prune_dead_elements([LayerSpec("generated", "q", 2, 2, program=q, result_t=t), d],
                              [("x", "a"), ("a", "y")], ["y"])
    assert [(x.width, x.integer) for x in out[1].input_types] == [(7, 2), (11, 6)]


def test_narrow_element_makes_a_narrow_product():
    # 0.75 in ap_fixed<8,2> is raw 48 (6 fraction bits): x * 0.75 = x - x/4, one subtraction (an ADDER product);
    # with the element's 4 bits instead of the array's 11 that subtraction is narrower
    import dataclasses

    from fxsim.estimate.layers import estimate_layer

    t = FixedType(11, 6)
    base = LayerSpec("dense", "d", 1, 1, weights=np.array([0.75]), bias=np.array([0.0]), input_t=t,
                     weight_t=FixedType(8, 2), accum_t=FixedType(24, 10))
    narrow = dataclasses.replace(base, input_types=(FixedType(4, 2),))
    wide_bits = estimate_layer(base, 5.0).adder_bits
    narrow_bits = estimate_layer(narrow, 5.0).adder_bits
    # raw 48 = 64 - 16: two CSD digits, one shift-add as wide as the product: constant magnitude 6 bits, 4 trailing
    # zeros, weight fraction 6. 11-bit data (6 integer, 5 fraction): top 6 + 6 - 6 = 6, bottom 4 - (5 + 6) = -7
    # -> 13 bits; 4-bit element (2 integer, 2 fraction): top 2 + 6 - 6 = 2, bottom 4 - (2 + 6) = -4 -> 6 bits.
    # One term per output: no accumulation adder.
    assert (wide_bits, narrow_bits) == (13.0, 6.0)


def test_real_hgq2_model_with_pruned_neurons(tmp_path):
    """A Keras-3 HGQ2 model converted by hls4ml (Vitis, io_parallel): the activation quantizer of 10 of the 16
    hidden neurons gets no bits, so hls4ml writes ``out[k] = 0;`` for them. The estimator keeps a ReLU of as many
    elements as the generated function has casting stores (counted in hls4ml's own file, not by fxsim), and the
    first dense only the columns of those neurons."""
    import os
    import re

    import hgq2_models as H

    H.require_hgq2()
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import hls4ml
    import keras
    from hgq.config import LayerConfigScope, QuantizerConfigScope
    from hgq.layers import QDense

    from fxsim.estimate.adapter import layers_from_project
    from fxsim.project import read_project

    keras.utils.set_random_seed(7)
    quant = dict(place="all", default_q_type="kif", overflow_mode="SAT", round_mode="RND", f0=4, i0=2)
    with QuantizerConfigScope(**quant), LayerConfigScope(enable_ebops=False):
        x = keras.Input((8,), name="x")
        model = keras.Model(x, QDense(4, name="d2")(QDense(16, activation="relu", name="d1")(x)))
    for v in model.weights:     # d2's input quantizer: no integer and no fraction bits for elements 0-9
        leaf = v.path.rsplit("/", 1)[-1]
        if v.path.startswith("d2/") and "fixed_point_quantizer" in v.path and leaf in ("i", "f"):
            a = np.array(v.numpy()).reshape(-1)
            if a.size == 16:
                a[:10] = -8 if leaf == "f" else 0
                v.assign(a.reshape(tuple(v.shape)).astype("float32"))
    model.trainable = False
    cfg = hls4ml.utils.config_from_keras_model(model, granularity="name")
    prj = tmp_path / "prj"
    hls4ml.converters.convert_from_keras_model(model, hls_config=cfg, output_dir=str(prj), backend="Vitis",
                                               part="xcvu9p-flga2104-2-e", io_type="io_parallel").write()
    text = (prj / "firmware" / "nnet_utils" / "nnet_code_gen.h").read_text()
    body = text[text.index("void d2_iq("):]
    body = body[:body.index("\n}")]
    cast = len(re.findall(r"out\[\d+\] = ap_u?fixed<", body))
    assert len(re.findall(r"out\[\d+\] = 0;", body)) == 10 and cast == 6
    specs = {s.name: s for s in layers_from_project(read_project(prj))}
    assert specs["d1_relu"].n_in == cast
    assert np.count_nonzero(np.any(specs["d1"].weights.reshape(8, 16) != 0, axis=0)) <= cast
