"""fxsim.project reads real hls4ml projects exactly as hls4ml wrote them, and rejects broken ones
with an error naming file and line."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import projects as P
import pytest

from fxsim.project import ProjectError, read_project
from fxsim.project.cparse import CValue, ExprError, evaluate, scan, strip_comments
from fxsim.project.defines import parse_defines
from fxsim.project.parameters import parse_parameters
from fxsim.project.testbench import read_dat_text
from fxsim.project.weights import values_from_text
from fxsim.types import FixedType

# ---------------------------------------------------------------------------------------- variants

VARIANTS = {
    "3layer-latency-parallel": ("KERAS_3layer", P.hls_config_for(), {}),
    "3layer-resource4-parallel": ("KERAS_3layer", P.hls_config_for(strategy="Resource", reuse_factor=4), {}),
    "3layer-resource16-stream-vitis": (
        "KERAS_3layer",
        P.hls_config_for(strategy="Resource", reuse_factor=16),
        {"io_type": "io_stream", "backend": "Vitis"},
    ),
    "3layer-narrow-stream": ("KERAS_3layer", P.hls_config_for("ap_fixed<8,3>"), {"io_type": "io_stream"}),
    "bn-narrow-parallel": ("KERAS_3layer_batch_norm", P.hls_config_for("ap_fixed<8,3>"), {}),
    "bn-stream-vitis": (
        "KERAS_3layer_batch_norm",
        P.hls_config_for(),
        {"io_type": "io_stream", "backend": "Vitis"},
    ),
    "conv1d-latency-parallel": ("KERAS_conv1d_small", P.hls_config_for(), {"part": "xc7z020clg400-1"}),
    "conv1d-resource4-stream": (
        "KERAS_conv1d_small",
        P.hls_config_for(strategy="Resource", reuse_factor=4),
        {"io_type": "io_stream", "clock_period": 3.3},
    ),
    "conv1d-resource16-parallel-vitis": (
        "KERAS_conv1d_small",
        P.hls_config_for("ap_fixed<12,4,AP_RND,AP_SAT>", strategy="Resource", reuse_factor=16),
        {"backend": "Vitis"},
    ),
    "3layer-no-txt-weights": ("KERAS_3layer", P.hls_config_for(), {"write_weights_txt": False}),
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def variant(request):
    """(project directory, hls4ml ModelGraph, spec) of one variant."""
    model, cfg, opts = VARIANTS[request.param]
    spec = P.make_spec(model, cfg, **opts)
    path = P.build_project(model, cfg, **opts)
    graph = P.convert(spec, Path(tempfile.mkdtemp()) / "unwritten")
    return path, graph, spec


def _layer_of(graph, name):
    for layer in graph.get_layers():
        if layer.name == name:
            return layer
    raise KeyError(name)


def _fixed(precision) -> FixedType:
    return FixedType.parse(precision.definition_cpp())


def test_project_level_settings(variant):
    path, graph, spec = variant
    p = read_project(path)
    assert p.top == "myproject" and p.name == "myproject"
    assert p.io_type == spec.io_type
    assert p.backend == spec.backend.lower()
    assert p.part == graph.config.get_config_value("Part")
    assert p.clock_period == float(graph.config.get_config_value("ClockPeriod"))
    assert [i.name for i in p.inputs] == [v.name for v in graph.get_input_variables()]
    assert [o.name for o in p.outputs] == [v.name for v in graph.get_output_variables()]
    assert p.weights_from_txt == spec.backend_options.get("write_weights_txt", True)


def test_calls_match_hls4ml_layers(variant):
    path, graph, spec = variant
    p = read_project(path)
    layer_names = {layer.name for layer in graph.get_layers()}
    assert p.calls, "no calls"
    for call in p.calls:
        assert call.layer in layer_names, call
        layer = _layer_of(graph, call.layer)
        out = layer.get_output_variable()
        assert p.resolve(call.outputs[0]) == p.resolve(out.name)
        assert p.type_of(call.outputs[0]) == _fixed(out.type.precision)
        assert p.size_of(call.outputs[0]) == int(np.prod(out.shape)), call
        cfg = p.config_of(call)
        rf = layer.get_attr("reuse_factor")
        if rf is not None and "reuse_factor" in cfg and "strategy" in cfg:
            assert cfg.reuse_factor == rf, (call.layer, cfg)
        if "strategy" in cfg:
            assert cfg.strategy in ("latency", "resource")
            assert cfg.io_type if "io_type" in cfg else True
        if "io_type" in cfg:
            assert cfg.io_type == spec.io_type
        # every weight the layer has is passed to its call, with hls4ml's precision and size
        for wv in layer.weights.values():
            assert wv.name in call.weights, (call, wv.name)
            w = p.weights[wv.name]
            assert w.type == _fixed(wv.type.precision)
            assert w.size == wv.data.size
            np.testing.assert_array_equal(w.values, np.array([float(x) for x in wv], dtype=np.float64))
    # data flows: each call reads arrays that earlier calls (or the ports) produced
    produced = {p.resolve(i.name) for i in p.inputs}
    for call in p.calls:
        assert all(p.resolve(a) in produced for a in call.inputs), call
        produced |= {p.resolve(a) for a in call.outputs}
    assert {o.name for o in p.outputs} <= produced


def test_weights_match_the_h5_file(variant):
    h5py = pytest.importorskip("h5py")
    path, graph, spec = variant
    p = read_project(path)
    with h5py.File(spec.h5_path, "r") as f:
        for call in p.calls:
            if call.function != "dense" or call.layer not in f:
                continue
            kernel = np.asarray(f[call.layer][call.layer]["kernel:0"], dtype=np.float64)
            bias = np.asarray(f[call.layer][call.layer]["bias:0"], dtype=np.float64)
            w, b = (p.weights[n] for n in call.weights)
            cfg = p.config_of(call)
            expected = kernel.T.ravel() if cfg.strategy == "resource" else kernel.ravel()
            # hls4ml prints max(0, F) decimals, F = fraction bits of the weight type
            for got, want in ((w, expected), (b, bias)):
                atol = 0.5 * 10.0 ** -max(0, got.type.frac) * (1 + 1e-9)
                np.testing.assert_allclose(got.values, want, rtol=0, atol=atol)
            assert w.shape is not None and int(np.prod(w.shape)) == w.size


def test_configs_are_complete(variant):
    path, _, _ = variant
    p = read_project(path)
    for call in p.calls:
        cfg = p.config_of(call)
        if call.function == "dense":
            assert (cfg.n_in, cfg.n_out) == (
                p.size_of(call.inputs[0]) or cfg.n_in,
                p.size_of(call.outputs[0]) or cfg.n_out,
            )
            assert (
                cfg.multiplier_limit == -(-cfg.n_in * cfg.n_out // cfg.reuse_factor) - cfg.n_zeros // cfg.reuse_factor
            )
            assert cfg.product == "mult" and isinstance(cfg.accum_t, FixedType)
        if call.function.startswith("conv"):
            assert cfg.mult_config.n_out == cfg.n_filt
            assert isinstance(cfg.pixels, tuple)
        if call.function == "normalize":
            assert cfg.n_filt == 2**32 - 1 and cfg.n_scale_bias == cfg.n_in  # unsigned -1, as C++ has it
        if call.function == "softmax":
            assert cfg.implementation in ("stable", "latency", "legacy", "argmax")
            assert isinstance(cfg.exp_scale, float)


# ---------------------------------------------------------------------------------------- testbench


@pytest.mark.slow
def test_testbench_data_and_csim_log(jet_tagger_project, build_testbench):
    p = read_project(jet_tagger_project)
    x = p.testbench_inputs()["input_1"]
    raw = np.random.default_rng(0).normal(size=(20, 16))
    # hls4ml prints str(float64), the testbench atof's it into a float
    np.testing.assert_array_equal(x, raw.astype(np.float32).astype(np.float64))
    log = build_testbench(jet_tagger_project)
    out = p.csim_log()
    assert out.path == log and len(out.values) == 20 and all(v.size == 5 for v in out.values)
    t = p.type_of(p.outputs[0].name)
    for v in out.values:  # every printed value is representable in the output type
        assert np.all(v >= 0) and np.all(v <= t.max_value)


def test_hand_made_dense_model(tmp_path):
    rng = np.random.default_rng(1)
    kernel = np.round(rng.normal(size=(4, 3)), 3)
    bias = np.array([0.5, -0.25, 0.125])
    js, h5 = P.write_keras_model(
        tmp_path, [P.input_layer("x", [4]), P.dense("fc1", kernel, bias, activation="relu")], name="tiny"
    )
    prj = P.build_project((js, h5), P.hls_config_for("ap_fixed<10,4>"))
    p = read_project(prj)
    assert [c.function for c in p.calls] == ["dense", "relu"]
    w, b = (p.weights[n] for n in p.calls[0].weights)
    np.testing.assert_allclose(w.values, kernel.astype(np.float32).ravel(), atol=6e-11)
    np.testing.assert_array_equal(b.values, bias)
    assert str(w.type) == "ap_fixed<10,4>" and w.shape == (4, 3)


def test_hand_made_branching_model(tmp_path):
    """Two branches from one input, merged by Add: in io_stream hls4ml clones the input."""
    rng = np.random.default_rng(2)
    layers = [
        P.input_layer("x", [4]),
        P.dense("a", rng.normal(size=(4, 3)), inbound="x"),
        P.dense("b", rng.normal(size=(4, 3)), inbound="x"),
        P.merge("Add", "sum", ["a", "b"]),
    ]
    js, h5 = P.write_keras_model(tmp_path, layers, name="branch")
    for io in ("io_parallel", "io_stream"):
        p = read_project(P.build_project((js, h5), P.hls_config_for(), io_type=io))
        funcs = [c.function for c in p.calls]
        add = next(c for c in p.calls if c.function == "add")
        assert len(add.inputs) == 2 and len(add.outputs) == 1, add
        assert add.outputs[0] == p.outputs[0].name
        assert {o: p.size_of(o) for c in p.calls for o in c.outputs} == {
            o: 4 if "cpy" in o else 3 for c in p.calls for o in c.outputs
        }
        if io == "io_stream":
            clone = next(c for c in p.calls if c.function.startswith("clone"))
            assert clone.inputs == ("x",) and len(clone.outputs) == 2, funcs
        else:
            assert sum(1 for c in p.calls if "x" in c.inputs) == 2


# ---------------------------------------------------------------------------------------- malformed


@pytest.fixture()
def broken(tmp_path, build_project):
    """A fresh copy of a small real project to damage."""
    src = build_project("KERAS_3layer", P.hls_config_for())
    dst = tmp_path / "prj"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("ap_types", "*.so", "*_fxsim_tb"))
    shutil.copytree(src / "firmware" / "ap_types", dst / "firmware" / "ap_types", dirs_exist_ok=True)
    read_project(dst)  # intact it reads
    return dst


def _edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text; return the (1-based) line where it was."""
    text = path.read_text()
    assert old in text, (path, old)
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count))
    return line


def _raises_at(project: Path, file_suffix: str, line: int | None, match: str = "") -> ProjectError:
    with pytest.raises(ProjectError) as info:
        read_project(project)
    e = info.value
    assert e.path is not None and str(e.path).endswith(file_suffix), str(e)
    if line is not None:
        assert e.line == line, str(e)
        assert f"{file_suffix}:{line}:" in str(e)
    if match:
        assert re.search(match, str(e)), str(e)
    return e


def test_missing_weight_file(broken):
    (broken / "firmware" / "weights" / "w4.txt").unlink()
    _raises_at(broken, "weights/w4.txt", None, "does not exist")


def test_truncated_weight_line(broken):
    f = broken / "firmware" / "weights" / "w2.txt"
    f.write_text(f.read_text().rsplit(",", 1)[0])
    _raises_at(broken, "weights/w2.txt", 1, "1023 values, expected 1024")


def test_malformed_weight_number(broken):
    f = broken / "firmware" / "weights" / "b2.txt"
    vals = f.read_text().split(", ")
    vals[3] = "0.1x5"
    f.write_text(", ".join(vals))
    e = _raises_at(broken, "weights/b2.txt", 1, "'0.1x5' is not a decimal number")
    col = int(re.search(r"column (\d+)", str(e)).group(1))
    assert ", ".join(vals)[col - 1 :].startswith("0.1x5")


def test_empty_weight_value(broken):
    f = broken / "firmware" / "weights" / "b4.txt"
    f.write_text(f.read_text().replace(", ", ", , ", 1))
    _raises_at(broken, "weights/b4.txt", 1, "empty value")


def test_unknown_call_syntax(broken):
    f = broken / "firmware" / "myproject.cpp"
    line = _edit(
        f,
        "nnet::relu<layer2_t, layer3_t, relu_config3>(layer2_out, layer3_out);",
        "layer3_out = my_relu(layer2_out);",
    )
    _raises_at(broken, "firmware/myproject.cpp", line, "cannot read")


def test_call_with_expression_argument(broken):
    f = broken / "firmware" / "myproject.cpp"
    line = _edit(f, "(layer2_out, layer3_out)", "(layer2_out + 1, layer3_out)")
    _raises_at(broken, "firmware/myproject.cpp", line, "not an array or weight name")


def test_undeclared_call_argument(broken):
    f = broken / "firmware" / "myproject.cpp"
    line = _edit(f, "(layer2_out, layer3_out)", "(layer2_outt, layer3_out)")
    _raises_at(broken, "firmware/myproject.cpp", line, "layer2_outt")


def test_bad_typedef(broken):
    f = broken / "firmware" / "defines.h"
    line = _edit(f, "typedef ap_fixed<16,6> layer2_t;", "typedef ap_fixed<16> layer2_t;")
    _raises_at(broken, "firmware/defines.h", line, "layer2_t")


def test_typedef_of_unknown_type(broken):
    f = broken / "firmware" / "defines.h"
    line = _edit(f, "typedef ap_fixed<16,6> layer3_t;", "typedef my_fixed<16,6> layer3_t;")
    _raises_at(broken, "firmware/defines.h", line, "unknown type")


def test_unknown_member_syntax(broken):
    f = broken / "firmware" / "parameters.h"
    line = _edit(f, "static const unsigned n_zeros = 0;", "static const unsigned n_zeros = sizeof(int);")
    _raises_at(broken, "firmware/parameters.h", line, "config2")


def test_member_typedef_of_unknown_type(broken):
    f = broken / "firmware" / "parameters.h"
    line = _edit(f, "typedef model_default_t accum_t;", "typedef accumulator_t accum_t;")
    _raises_at(broken, "firmware/parameters.h", line, "accumulator_t")


def test_missing_parameters_header(broken):
    (broken / "firmware" / "parameters.h").unlink()
    _raises_at(broken, "firmware/parameters.h", None, "missing")


def test_weight_size_mismatch_between_header_and_loader(broken):
    f = broken / "firmware" / "myproject.cpp"
    line = _edit(f, "load_weights_from_txt<model_default_t, 64>(b2", "load_weights_from_txt<model_default_t, 65>(b2")
    _raises_at(broken, "firmware/myproject.cpp", line, "b2")


def test_malformed_tb_data(broken):
    (broken / "tb_data").mkdir(exist_ok=True)
    (broken / "tb_data" / "tb_input_features.dat").write_text("1 2 3\n4 5\t6\n")
    (broken / "tb_data" / "tb_output_predictions.dat").write_text("0\n0\n")
    p = read_project(broken)
    with pytest.raises(ProjectError, match=r"tb_input_features.dat:2: '5\\t6'"):
        p.testbench_inputs()


# ---------------------------------------------------------------------------------------- units


def _c(v, t="unsigned"):
    return CValue(v, t)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("DIV_ROUNDUP(n_in * n_out, reuse_factor) - n_zeros / reuse_factor", 250),  # 1000/4
        ("(n_filt == -1) ? n_in : n_filt", 1000 // 25),
        ("-1", -1),
        ("7 / -2", -3),
        ("-7 % 3", -1),
        ("u - 41", 2**32 - 1),
        ("MIN(3, 2) + MAX(3, 2)", 5),
        ("1 << 4 | 1", 17),
        ("!0 && 2 > 1", 1),
    ],
)
def test_c_expressions(expr, expected):
    names = {
        "n_in": _c(40),
        "n_out": _c(25),
        "reuse_factor": _c(4),
        "n_zeros": _c(0),
        "n_filt": _c(2**32 - 1),
        "u": _c(40),
    }
    assert evaluate(expr, names.__getitem__).value == expected


def test_expression_errors():
    with pytest.raises(ExprError, match="unknown name"):
        evaluate("x + 1", {}.__getitem__)
    with pytest.raises(ExprError, match="division by zero"):
        evaluate("1 / 0", {}.__getitem__)
    assert evaluate("nnet::latency", {}.__getitem__) == CValue("latency", "enum")


def test_scan_regions_and_comments():
    text, notes = strip_comments("#ifndef __SYNTHESIS__\nint a; // x\n#else\nint b = {1, 2};\n#endif\nint c;")
    items = [(i.kind, i.text, i.region) for i in scan(text, "f.h") if i.kind == "stmt"]
    assert items == [("stmt", "int a", "csim"), ("stmt", "int b = {1, 2}", "synth"), ("stmt", "int c", "")]
    assert notes == {2: "x"}


def test_defines_constants_and_packs():
    d = parse_defines(
        "#define N_IN 4\n#define N_OUT (N_IN * 2)\n"
        "typedef nnet::array<ap_ufixed<8,0,AP_RND,AP_SAT>, N_OUT> o_t;\ntypedef o_t p_t;\n",
        "defines.h",
    )
    assert d.constants == {"N_IN": 4, "N_OUT": 8}
    assert d.packs == {"o_t": 8, "p_t": 8}
    assert d.types["p_t"] == FixedType(8, 0, signed=False, rounding="AP_RND", overflow="AP_SAT")


def test_parameters_out_of_struct_definitions_and_nested_configs():
    d = parse_defines("typedef ap_fixed<16,6> t_t;", "defines.h")
    p = parse_parameters(
        """
struct c2_mult : nnet::dense_config { static const unsigned n_out = 3; };
struct c2 : nnet::conv1d_config {
    static const unsigned filt_width = 3;
    static const ap_uint<filt_width> pixels[4];
    static const int axis = -1;
    static const bool flag = 2;
    static constexpr float scale = 0.1;
    typedef c2_mult mult_config;
    typedef ap_ufixed<filt_width * 2, 1> narrow_t;
    static const unsigned* const perm;
};
const ap_uint<c2::filt_width> c2::pixels[] = {0, 1, 3, 7};
const unsigned c2_perm[2] = {1, 0};
const unsigned* const c2::perm = c2_perm;
""",
        "parameters.h",
        d,
    )
    c = p.configs["c2"]
    assert c.pixels == (0, 1, 3, 7) and c.perm == (1, 0)
    assert c.axis == -1 and c.flag is True and c.scale == float(np.float32(0.1))
    assert c.mult_config.n_out == 3 and str(c.narrow_t) == "ap_ufixed<6,1>"


def test_values_and_dat_parsing():
    assert values_from_text("1e-3,-.5, +2", "x").tolist() == [0.001, -0.5, 2.0]
    with pytest.raises(ProjectError, match="column 5"):
        values_from_text("1.0,nan", "x")
    rows = read_dat_text("0.1 0.2 \n", "x.dat")
    assert rows[0].tolist() == [float(np.float32(0.1)), float(np.float32(0.2))]


def test_literal_call_arguments_and_activation_weights(tmp_path):
    """``nnet::leaky_relu<…>(x, 0.3, y)`` passes a literal; PReLU passes its alpha array."""
    rng = np.random.default_rng(3)
    layers = [
        P.input_layer("x", [5]),
        P.dense("d1", rng.normal(size=(5, 5))),
        P.KerasLayer("LeakyReLU", "lr", {"alpha": 0.3}),
        P.KerasLayer("PReLU", "pr", {}, {"alpha": rng.normal(size=(5,)).astype(np.float32)}),
    ]
    js, h5 = P.write_keras_model(tmp_path, layers, name="acts")
    p = read_project(P.build_project((js, h5), P.hls_config_for()))
    lr = next(c for c in p.calls if c.function == "leaky_relu")
    assert lr.constants == (0.3,) and lr.inputs == ("layer2_out",) and len(lr.outputs) == 1
    pr = next(c for c in p.calls if c.function == "prelu")
    assert len(pr.weights) == 1 and pr.inputs == lr.outputs and pr.outputs[0] == p.outputs[0].name


@pytest.mark.parametrize("name", ["bn-narrow-parallel", "conv1d-resource16-parallel-vitis"])
def test_weights_quantize_as_the_cpp_loads_them(name):
    """``load_weights_from_txt`` into the declared type == ``type.quantize(weight.values)``, bit for bit."""
    import harness

    model, cfg, opts = VARIANTS[name]
    p = read_project(P.build_project(model, cfg, **opts))
    for w in p.weights.values():
        # one binary per type: SIZE only sizes the buffer (and a stderr note when the count differs)
        src = (
            '#define WEIGHTS_DIR ""\n#include <cstdio>\n#include <cstdlib>\n#include "ap_fixed.h"\n'
            f'#include "nnet_helpers.h"\ntypedef {w.type} w_t;\nstatic w_t w[65536];\n'
            "int main(int, char** argv) {\n  nnet::load_weights_from_txt<w_t, 65536>(w, argv[1]);\n"
            '  for (int i = 0; i < std::atoi(argv[2]); i++) std::printf("%.17g\\n", w[i].to_double());\n}\n'
        )
        exe = harness.build(src, name="load_weights")
        got = np.array(harness.run(exe, args=(str(w.source), str(w.size))).split(), dtype=np.float64)
        np.testing.assert_array_equal(got, w.type.to_float(w.type.quantize(w.values)), err_msg=w.name)


def test_hls4ml_06_config_names_the_part_xilinxpart(tmp_path):
    # hls4ml <= 0.6 (and its Pynq backend) writes `XilinxPart:`; >= 0.7 writes `Part:` (which wins when both are there)
    from fxsim.project.settings import project_settings
    (tmp_path / "hls4ml_config.yml").write_text("Backend: Pynq\nXilinxPart: xc7z020clg400-1\nClockPeriod: 5\n")
    assert project_settings(tmp_path)["part"] == "xc7z020clg400-1"
    (tmp_path / "hls4ml_config.yml").write_text("XilinxPart: xc7z020clg400-1\nPart: xcu250-figd2104-2L-e\n")
    assert project_settings(tmp_path)["part"] == "xcu250-figd2104-2L-e"
