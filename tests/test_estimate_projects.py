"""``fxsim.estimate`` on real hls4ml projects (written by the installed hls4ml, read by fxsim.project).

Each variant is built once by ``tests/projects.py`` (cached under ``~/.cache/fxsim/projects``); the
tests check the estimate's internal consistency (totals = sum of layers, hls4ml's II rules, the
reuse factor the project pins), the JSON layout of issue #5, what the project pins (part, clock,
clock uncertainty, ``config_op mul -impl``) and the CLI's exit codes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import projects as P
import pytest

from fxsim.estimate import estimate, layers_from_project
from fxsim.estimate.cli import EXIT_BAD_INPUT, main
from fxsim.project import read_project

VARIANTS = {
    "3layer-latency": ("KERAS_3layer", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), {}),
    "3layer-resource4": ("KERAS_3layer", P.hls_config_for("ap_fixed<16,6>", 4, "Resource"), {}),
    "3layer-resource16": ("KERAS_3layer", P.hls_config_for("ap_fixed<16,6>", 16, "Resource"), {}),
    "3layer-stream": ("KERAS_3layer", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), {"io_type": "io_stream"}),
    "3layer-vitis": ("KERAS_3layer", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), {"backend": "Vitis"}),
    "conv1d-parallel": ("KERAS_conv1d_small", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), {}),
    "conv1d-stream": ("KERAS_conv1d_small", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"),
                      {"io_type": "io_stream"}),
    "batchnorm": ("KERAS_3layer_batch_norm", P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), {}),
}
JSON_TOTAL_KEYS = {"dsp", "lut", "ff", "bram_18k", "latency_cycles", "latency_ns", "ii"}
JSON_LAYER_KEYS = {"name", "dsp", "lut", "ff", "bram_18k", "latency_cycles", "ii", "reuse_factor"}


def _build(name: str) -> Path:
    model, cfg, opts = VARIANTS[name]
    return P.build_project(model, cfg, **opts)


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def variant(request):
    """(name, project directory, Project, Estimate) of one variant."""
    path = _build(request.param)
    project = read_project(path)
    return request.param, path, project, estimate(project)


def test_totals_are_the_sum_of_the_layers(variant):
    _, _, project, est = variant
    assert len(est.layers) == len(project.calls)
    for k in ("dsp", "lut", "ff", "bram_18k"):
        assert est.total[k] == sum(getattr(layer, k) for layer in est.layers), k
    if est.dataflow and est.hls_tool == "vitis":   # Resource strategy: DATAFLOW top, Vitis reports II = latency
        assert est.total["ii"] == est.total["latency_cycles"]
    elif est.io_type == "io_stream":                # Vivado HLS: a frame process restarts after its latency
        assert est.total["ii"] == max(layer.latency_cycles + 1 if layer.stream_cycles else layer.ii
                                      for layer in est.layers)
    else:                                           # Vivado HLS: the slowest process
        assert est.total["ii"] == max(layer.ii for layer in est.layers)
    assert est.total["latency_ns"] == pytest.approx(est.total["latency_cycles"] * est.clock_ns)
    assert est.total["dsp"] > 0 and est.total["lut"] > 0


def test_reuse_factor_and_ii_follow_the_project(variant):
    name, _, project, est = variant
    for call, layer in zip(project.calls, est.layers, strict=True):
        cfg = project.configs[call.config]
        rf = int(cfg.get("reuse_factor", 1))
        assert layer.reuse_factor == rf, layer.name          # hls4ml 1.3.0 already wrote a valid RF
        if layer.kind == "dense":
            assert layer.ii == rf, layer.name                 # one input vector every RF cycles
        if layer.kind == "conv1d":
            # io_stream: conv_1d_buffer_cl reads one input pixel an iteration (II = RF); io_parallel: one
            # kernel instance per partition
            pixels = cfg.in_width if project.io_type == "io_stream" else cfg.n_partitions
            assert layer.ii == pixels * rf, layer.name
    if name.startswith("3layer-resource"):
        rf = int(name.removeprefix("3layer-resource"))
        assert est.dataflow and est.hls_tool == project.backend == "vivado"
        assert est.total["ii"] == rf                          # DATAFLOW top, Vivado HLS: the slowest process
        assert est.total["latency_cycles"] > rf               # RF loop + pipeline


def test_json_has_the_issue_layout(variant):
    _, _, project, est = variant
    d = json.loads(est.to_json())
    assert {"part", "clock_ns", "total", "layers"} <= set(d)
    assert JSON_TOTAL_KEYS <= set(d["total"])
    assert all(JSON_LAYER_KEYS <= set(layer) for layer in d["layers"])
    assert d["part"] == project.part.split("-")[0].lower()
    assert d["clock_ns"] == project.clock_period


def test_batchnorm_is_one_multiply_add_per_channel():
    project = read_project(_build("batchnorm"))
    specs = {s.name: s for s in layers_from_project(project)}
    assert (specs["bn1"].n_in, specs["bn1"].n_out) == (64, 64)  # hls4ml writes n_filt = -1 for 1D BN
    assert specs["bn1"].weights.shape == (64,)


def test_vitis_clock_uncertainty_is_read():
    # hls4ml's Vitis backend writes ``set clock_uncertainty 27%``, Vivado 12.5%
    vitis = estimate(read_project(_build("3layer-vitis")))
    vivado = estimate(read_project(_build("3layer-latency")))
    assert vitis.clock_uncertainty == pytest.approx(0.27)
    assert vivado.clock_uncertainty == pytest.approx(0.125)
    assert vitis.total["latency_cycles"] >= vivado.total["latency_cycles"]


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*_prj", "*.so", "*_fxsim_tb"))
    return dst


def test_build_script_mul_binding_and_cli_override(tmp_path):
    # hls4ml 1.3.0 pins no binding; a user's ``config_op mul -impl fabric`` moves every true multiplier
    # to LUTs (only the softmax's variable products stay, and they are pinned too)
    prj = _copy(_build("3layer-latency"), tmp_path / "prj")
    auto = estimate(read_project(prj))
    tcl = prj / "build_prj.tcl"
    tcl.write_text(tcl.read_text().replace("config_compile -name_max_length 80",
                                           "config_compile -name_max_length 80\nconfig_op mul -impl fabric"))
    fabric = estimate(read_project(prj))
    assert auto.mul_binding == "auto" and fabric.mul_binding == "fabric"
    assert fabric.total["dsp"] == 0 and fabric.total["lut"] > auto.total["lut"]
    forced = estimate(read_project(prj), mul_binding="dsp")
    assert forced.total["dsp"] >= auto.total["dsp"]
    out = tmp_path / "e.json"
    assert main([str(prj), "--mul-impl", "auto", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["total"]["dsp"] == auto.total["dsp"]


def test_cli_writes_json_and_overrides_part_and_clock(tmp_path, capsys):
    prj = _build("3layer-latency")
    out = tmp_path / "est.json"
    assert main([str(prj), "--json", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["part"] == "xcvu13p" and d["clock_ns"] == 5.0
    assert "latency" in capsys.readouterr().out
    assert main([str(prj), "--part", "xc7z020clg400-1", "--clock-ns", "10", "--json", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["part"] == "xc7z020" and d["clock_ns"] == 10.0


def test_cli_module_entry_point(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "est.json"
    r = subprocess.run([sys.executable, "-m", "fxsim.estimate.cli", str(_build("conv1d-stream")), "--json",
                        str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["io_type"] == "io_stream"


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_cli_missing_project_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope")]) == EXIT_BAD_INPUT
    assert "not a directory" in _one_line_error(capsys)
    assert main([str(tmp_path)]) == EXIT_BAD_INPUT                       # no firmware/
    assert "firmware" in _one_line_error(capsys)


def test_cli_malformed_project_exits_2(tmp_path, capsys):
    prj = _copy(_build("3layer-latency"), tmp_path / "prj")
    (prj / "firmware" / "parameters.h").write_text("struct config2 : nnet::dense_config {\n  garbage here\n")
    assert main([str(prj)]) == EXIT_BAD_INPUT
    _one_line_error(capsys)
    prj2 = _copy(_build("3layer-latency"), tmp_path / "prj2")
    assert main([str(prj2), "--part", ""]) == EXIT_BAD_INPUT             # empty part: a usage error
    assert "empty part" in _one_line_error(capsys)


OLD_RELEASES = Path(__file__).parent / "data" / "old_projects"


@pytest.mark.parametrize("name", sorted(p.name for p in OLD_RELEASES.iterdir() if (p / "firmware").is_dir())
                         if OLD_RELEASES.is_dir() else [])
def test_estimate_exits_0_on_projects_older_releases_wrote(name: str, tmp_path: Path, capsys) -> None:
    """``fxsim estimate PRJ --json F`` on the projects hls4ml 0.7.1, 0.8.1 and 1.0.0 wrote (issue 14)."""
    out = tmp_path / "estimate.json"
    assert main([str(OLD_RELEASES / name), "--json", str(out)]) == 0, capsys.readouterr().err
    d = json.loads(out.read_text())
    assert set(d["total"]) >= JSON_TOTAL_KEYS
    assert d["bands"]["regime"] in ("latency", "latency_unvalidated", "resource", "uncalibrated")
    assert d["total"]["latency_cycles"] >= 0 and d["total"]["ii"] >= 1


def test_reader_takes_the_port_size_outputs_of_hls4ml_0_6_tops() -> None:
    """hls4ml <= 0.6 writes ``unsigned short &const_size_in_1`` parameters set from the size defines: no
    data flows through them, so the reader skips them and ``fxsim estimate`` reads such a project (issue 14:
    projects of hls4ml 0.6-1.3). The text is the shape of fastmachinelearning/ml4quantum-release's top."""
    from fxsim.project.calls import parse_top

    top = """void myproject(
    input_t fc1_input[4],
    result_t layer3_out[2],
    unsigned short &const_size_in_1,
    unsigned short &const_size_out_1
) {
    #pragma HLS PIPELINE
    const_size_in_1 = N_INPUT_1_1;
    const_size_out_1 = N_LAYER_2;
    nnet::dense<input_t, result_t, config2>(fc1_input, layer3_out, w2, b2);
}
"""
    fn = parse_top(top, "myproject.cpp", {"w2", "b2"}, {}, {"config2"})
    assert [p.name for p in fn.ports] == ["fc1_input", "layer3_out"]
    assert [c.function for c in fn.calls] == ["dense"]
    # a CNN's ports: the size is hls4ml's size_cpp(), a product of the dimension defines (held-out round 8's
    # ChiRuiChen autoencoder, hls4ml 0.6 io_stream: ``const_size_in_1 = N_INPUT_1_1*N_INPUT_2_1*N_INPUT_3_1;``)
    cnn = top.replace("const_size_in_1 = N_INPUT_1_1;", "const_size_in_1 = N_INPUT_1_1*N_INPUT_2_1 * N_INPUT_3_1;")
    assert [c.function for c in parse_top(cnn, "myproject.cpp", {"w2", "b2"}, {}, {"config2"}).calls] == ["dense"]


@pytest.mark.skipif(not (OLD_RELEASES / "0.8.1_jet_tagger").is_dir(), reason="old-release fixture missing")
def test_a_project_of_hls4ml_0_6_shape_is_vitis_with_config_op_else_vivado(tmp_path: Path, capsys) -> None:
    """issue 14's regime: a 2021-era project (no ``enable_dsp_full_reg``, no clock uncertainty: hls4ml <= 0.6
    wrote neither) for xc7z007s at 100 MHz with ``config_op mul -impl dsp``, synthesized with Vitis HLS; without
    the ``config_op`` line the same project is taken as Vivado HLS, with a note."""
    prj = tmp_path / "prj"
    shutil.copytree(OLD_RELEASES / "0.8.1_jet_tagger", prj)
    build = prj / "build_prj.tcl"
    text = build.read_text().replace("config_schedule -enable_dsp_full_reg=false\n", "config_op mul -impl dsp\n")
    build.write_text(text.replace("set_clock_uncertainty $clock_uncertainty default\n", ""))
    tcl = (prj / "project.tcl").read_text().replace('"xcvu13p-flga2577-2-e"', '"xc7z007s-clg225-2"')
    (prj / "project.tcl").write_text(tcl.replace("set clock_period 5", "set clock_period 10").replace(
        "variable clock_uncertainty\nset clock_uncertainty 12.5%\n", ""))
    yml = prj / "hls4ml_config.yml"
    yml.write_text("\n".join(line for line in yml.read_text().splitlines()
                             if not line.startswith(("ClockUncertainty", "Part", "ClockPeriod"))) + "\n")
    out = tmp_path / "e.json"
    assert main([str(prj), "--json", str(out)]) == 0, capsys.readouterr().err
    d = json.loads(out.read_text())
    assert (d["part"], d["clock_ns"], d["hls_tool"], d["dsp_full_reg"]) == ("xc7z007s", 10.0, "vitis", True)
    assert d["clock_uncertainty"] == pytest.approx(0.27) and d["mul_binding"] == "dsp"
    assert d["bands"]["regime"] == "latency_unvalidated"
    # ``config_op`` is a Vitis HLS command: the tool is known, not assumed (round 6's ArgyKokk DSP_* projects)
    assert not any("hls4ml <= 0.6" in n for n in d["notes"])
    build.write_text(build.read_text().replace("config_op mul -impl dsp\n", ""))
    assert main([str(prj), "--json", str(out)]) == 0
    a = json.loads(out.read_text())
    assert a["hls_tool"] == "vivado" and any("hls4ml <= 0.6" in n for n in a["notes"])
    assert (a["dsp_full_reg"], a["clock_uncertainty"]) == (False, 0.125)
    # the same project built with Vivado HLS: chained DSPs, 12.5 %: fewer cycles than with Vitis
    assert a["total"]["latency_cycles"] < d["total"]["latency_cycles"]
    assert main([str(prj), "--hls-tool", "vitis", "--json", str(out)]) == 0
    v = json.loads(out.read_text())
    assert (v["hls_tool"], v["dsp_full_reg"], v["clock_uncertainty"]) == ("vitis", True, 0.27)
    build.write_text(text.replace("set_clock_uncertainty $clock_uncertainty default\n", ""))


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_separable_conv_is_costed_as_depthwise_plus_pointwise(io_type, tmp_path):
    """hls4ml 1.3.0 writes a Keras ``SeparableConv2D`` as ``depthwise_conv_2d_cl`` + ``pointwise_conv_2d_cl``;
    both are costed, never counted as free (round-5 bug: depthwise was "not modelled", 0 everything).

    Hand-worked: a 3x3 depthwise kernel on 3 channels is 27 products, the 27 x 3 block-diagonal matrix
    has 81 entries of which 54 are structural zeros (plus any zero weight: none in this Gaussian draw);
    io_stream reads the 8x8 input one pixel a cycle (II 64), io_parallel runs the kernel over the
    n_partitions = 6x6 output pixels (II 36)."""
    import numpy as np

    rng = np.random.default_rng(0)
    cfg = {"filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "depth_multiplier": 1,
           "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": True}
    layers = [P.input_layer("in1", [8, 8, 3]),
              P.KerasLayer("SeparableConv2D", "sep", cfg, {"depthwise_kernel": rng.normal(0, .3, (3, 3, 3, 1)),
                                                           "pointwise_kernel": rng.normal(0, .3, (1, 1, 3, 4)),
                                                           "bias": np.zeros(4)})]
    model = P.write_keras_model(tmp_path / "m", layers)
    prj = P.build_project(model, P.hls_config_for("ap_fixed<16,6>", 1, "Latency"), io_type=io_type)
    est = estimate(read_project(prj))
    dw, pw = est.layers
    assert (dw.kind, pw.kind) == ("depthwise2d", "conv2d") and dw.modelled and pw.modelled
    assert dw.mults["zero"] == 54 and sum(dw.mults.values()) == 81
    assert dw.dsp + dw.lut > 0 and dw.latency_cycles > 0
    assert dw.ii == (64 if io_type == "io_stream" else 36)
    assert not any("NOT MODELLED" in n for n in est.to_dict()["notes"])


def test_a_vitis_backend_copy_without_build_scripts_keeps_dsp_full_reg_false(tmp_path: Path) -> None:
    """hls4ml's Vitis backend (>= 0.8) always writes ``config_schedule -enable_dsp_full_reg=false``: a public copy of
    its project without ``build_prj.tcl`` (LightningSim's KERAS_1layer, round 7) is estimated as its scripts say."""
    src = _build("3layer-vitis")
    assert "enable_dsp_full_reg=false" in (src / "build_prj.tcl").read_text()
    full = estimate(read_project(src))
    prj = _copy(src, tmp_path / "prj")
    (prj / "build_prj.tcl").unlink()
    bare = estimate(read_project(prj))
    assert read_project(prj).backend == "vitis" and not bare.dsp_full_reg
    assert (bare.latency_cycles, bare.hls_total["ff"]) == (full.latency_cycles, full.hls_total["ff"])


def _layer_zoo_models(directory: Path) -> dict[str, tuple[Path, Path]]:
    """Keras-2 models of layer kinds the variants above do not have: merges and a dot product, every table
    activation, a CNN with both poolings and ``same`` padding, stacked recurrent layers (``return_sequences``),
    depthwise and separable convolutions with LeakyReLU, UpSampling2D, BatchNormalization and global pooling."""
    r = np.random.default_rng(3)
    L = P.KerasLayer

    def f32(a: np.ndarray) -> np.ndarray:
        return a.astype(np.float32)

    return {
        "merge": P.write_keras_model(directory, [
            P.input_layer("x", [8]), P.dense("a", r.normal(size=(8, 6)), activation="relu", inbound="x"),
            P.dense("b", r.normal(size=(8, 6)), activation="tanh", inbound="x"), P.merge("Add", "add", ["a", "b"]),
            P.merge("Concatenate", "cat", ["add", "a"], axis=-1),
            P.dense("o", r.normal(size=(12, 3)), activation="softmax", inbound="cat")], name="zoo_merge"),
        "acts": P.write_keras_model(directory, [
            P.input_layer("x", [8]), P.dense("a", r.normal(size=(8, 6))), P.activation("e", "elu"),
            P.dense("b", r.normal(size=(6, 6))), P.activation("s", "sigmoid"), P.dense("c", r.normal(size=(6, 6))),
            P.activation("sp", "softplus"), P.dense("d", r.normal(size=(6, 4))), P.activation("ss", "softsign"),
            P.dense("f", r.normal(size=(4, 2))), P.activation("sel", "selu"), P.activation("hs", "hard_sigmoid")],
            name="zoo_acts"),
        "cnn": P.write_keras_model(directory, [
            P.input_layer("x", [8, 8, 2]),
            P.conv2d("c1", r.normal(size=(3, 3, 2, 4)), padding="same", activation="relu"),
            P.pooling2d("MaxPooling2D", "p1"), P.conv2d("c2", r.normal(size=(3, 3, 4, 4)), activation="relu"),
            P.pooling2d("AveragePooling2D", "p2"), P.flatten("fl"),
            P.dense("o", r.normal(size=(4, 3)), activation="softmax")], name="zoo_cnn"),
        "rnn": P.write_keras_model(directory, [
            P.input_layer("x", [6, 3]),
            P.recurrent("LSTM", "l", r.normal(size=(3, 16)) * .5, r.normal(size=(4, 16)) * .5, r.normal(size=16) * .2,
                        return_sequences=True),
            P.recurrent("GRU", "g", r.normal(size=(4, 9)) * .5, r.normal(size=(3, 9)) * .5, r.normal(size=(2, 9)) * .2),
            P.dense("o", r.normal(size=(3, 2)))], name="zoo_rnn"),
        "img": P.write_keras_model(directory, [
            P.input_layer("x", [8, 8, 3]),
            L("DepthwiseConv2D", "dw", {"kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                                        "data_format": "channels_last", "depth_multiplier": 1, "activation": "linear",
                                        "use_bias": True, "dilation_rate": [1, 1]},
              {"depthwise_kernel": f32(r.normal(size=(3, 3, 3, 1))), "bias": np.zeros(3, np.float32)}),
            L("LeakyReLU", "lr", {"alpha": 0.3}),
            L("UpSampling2D", "up", {"size": [2, 2], "interpolation": "nearest", "data_format": "channels_last"}),
            L("SeparableConv2D", "sep", {"filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                                         "data_format": "channels_last", "depth_multiplier": 1, "activation": "linear",
                                         "use_bias": True, "dilation_rate": [1, 1]},
              {"depthwise_kernel": f32(r.normal(size=(3, 3, 3, 1))),
               "pointwise_kernel": f32(r.normal(size=(1, 1, 3, 4))), "bias": np.zeros(4, np.float32)}),
            L("BatchNormalization", "bn", {"axis": -1, "epsilon": 0.001, "center": True, "scale": True},
              {"gamma": np.ones(4, np.float32), "beta": np.zeros(4, np.float32),
               "moving_mean": np.zeros(4, np.float32), "moving_variance": np.ones(4, np.float32)}),
            L("ReLU", "relu", {}),
            L("GlobalAveragePooling2D", "gap", {"data_format": "channels_last", "keepdims": False}),
            P.dense("o", r.normal(size=(4, 3))), P.activation("sm", "softmax")], name="zoo_img"),
        "crop": P.write_keras_model(directory, [
            P.input_layer("x", [8, 8, 2]), L("Cropping2D", "crop", {"cropping": [[1, 1], [2, 0]],
                                                                   "data_format": "channels_last"}),
            P.flatten("fl"), P.dense("o", r.normal(size=(6 * 6 * 2, 3)))], name="zoo_crop"),
        "merge2": P.write_keras_model(directory, [
            P.input_layer("x", [6]), P.dense("a", r.normal(size=(6, 4)), inbound="x"),
            P.dense("b", r.normal(size=(6, 4)), inbound="x"), P.merge("Subtract", "sub", ["a", "b"]),
            P.merge("Multiply", "mul", ["a", "b"]), P.merge("Maximum", "mx", ["sub", "mul"]),
            P.merge("Average", "av", ["mx", "a"]), P.merge("Dot", "dot", ["av", "b"], axes=1),
            P.dense("o", r.normal(size=(1, 2)), inbound="dot")], name="zoo_merge2"),
    }


#: (model, backend, io_type, strategy, reuse factor): each layer kind under both tools and both io types (a one-off
#: sweep of all 48 combinations x 4 parts exited 0 everywhere; these keep the kinds covered in CI).
ZOO = [("merge", "Vivado", "io_parallel", "Latency", 1), ("merge", "Vitis", "io_stream", "Resource", 4),
       ("acts", "Vitis", "io_parallel", "Latency", 4), ("acts", "Vivado", "io_stream", "Latency", 1),
       ("cnn", "Vivado", "io_stream", "Resource", 4), ("cnn", "Vitis", "io_parallel", "Latency", 4),
       ("rnn", "Vivado", "io_parallel", "Resource", 4), ("rnn", "Vitis", "io_parallel", "Latency", 1),
       ("img", "Vivado", "io_stream", "Latency", 1), ("img", "Vitis", "io_parallel", "Resource", 2),
       ("merge2", "Vitis", "io_parallel", "Latency", 1), ("merge2", "Vivado", "io_stream", "Resource", 2),
       ("crop", "Vivado", "io_parallel", "Latency", 1), ("crop", "Vitis", "io_stream", "Latency", 1)]


@pytest.mark.parametrize("model,backend,io_type,strategy,rf", ZOO, ids=["-".join(map(str, z)) for z in ZOO])
def test_estimate_exits_0_on_every_layer_kind_and_any_part(model, backend, io_type, strategy, rf, tmp_path, capsys):
    """``fxsim estimate PRJ --json F`` exits 0 on what hls4ml 1.3 writes for each layer kind (issue 14), on the
    project's part and on parts of each family, including ones outside the capacity table (a warning)."""
    P.require_hls4ml()
    files = _layer_zoo_models(P.cache_root() / "estimate_zoo_models")[model]
    prj = P.build_project(files, P.hls_config_for("ap_fixed<16,6>", rf, strategy), backend=backend, io_type=io_type)
    for part in (None, "xc7a35tcpg236-1", "xck26-sfvc784-2LV-c", "xcvc1902-vsva2197-2MP-e-S"):
        out = tmp_path / "estimate.json"
        args = [str(prj), "--json", str(out)] + (["--part", part] if part else [])
        assert main(args) == 0, (part, capsys.readouterr().err)
        d = json.loads(out.read_text())
        assert d["total"]["latency_cycles"] >= 1 and d["total"]["ii"] >= 1
        assert all(layer["modelled"] for layer in d["layers"]), [x["name"] for x in d["layers"] if not x["modelled"]]


def test_a_layer_hls4ml_converts_but_never_calls_is_estimated_with_a_warning(tmp_path, capsys):
    """hls4ml 1.3 converts a Keras ``SimpleRNN`` but writes no call for it on the Vivado backend: the next layer
    reads an array nothing writes. Reading the project for simulation is an error naming the file and line; the
    hardware still exists, so ``fxsim estimate`` estimates it as written and says the firmware cannot be right."""
    from fxsim.project import ProjectError

    P.require_hls4ml()
    r = np.random.default_rng(5)
    files = P.write_keras_model(P.cache_root() / "estimate_zoo_models", [
        P.input_layer("x", [5, 4]),
        P.KerasLayer("SimpleRNN", "rnn", {"units": 3, "activation": "tanh", "use_bias": True, "return_sequences": False,
                                          "return_state": False, "go_backwards": False, "stateful": False,
                                          "unroll": False},
                     {"kernel": r.normal(size=(4, 3)).astype(np.float32),
                      "recurrent_kernel": r.normal(size=(3, 3)).astype(np.float32),
                      "bias": np.zeros(3, np.float32)}),
        P.dense("o", r.normal(size=(3, 2)))], name="zoo_simple_rnn")
    prj = P.build_project(files, P.hls_config_for())
    with pytest.raises(ProjectError, match="which no call before it writes"):
        read_project(prj)
    out = tmp_path / "estimate.json"
    assert main([str(prj), "--json", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "cannot compute the network" in err and "myproject.cpp:" in err
    assert json.loads(out.read_text())["total"]["ii"] >= 1


@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
def test_distributed_arithmetic_layers_are_costed_from_their_adder_graphs(io_type, tmp_path):
    """hls4ml >= 1.1's ``distributed_arithmetic`` strategy (da4ml) writes each Dense as an adder graph generated into
    ``nnet_code_gen.h`` (io_parallel: ``nnet::dense_da_N``; io_stream: ``nnet::dense`` with no weights and
    ``CONFIG_T::dense_da``). Each is costed from its program (adders of their declared widths, no DSP), never as a
    free dense; the band is the uncalibrated one (no report of such a design has been read)."""
    from fxsim.project.codegen import Decl

    P.require_hls4ml()
    r = np.random.default_rng(12)
    files = P.write_keras_model(P.cache_root() / "estimate_zoo_models", [
        P.input_layer("x", [8]), P.dense("fc1", r.normal(size=(8, 6)) * 0.6, r.normal(size=6) * 0.3, activation="relu"),
        P.dense("fc2", r.normal(size=(6, 3)) * 0.6, r.normal(size=3) * 0.3)], name="zoo_da_mlp")
    prj = P.build_project(files, P.hls_config_for("ap_fixed<12,4>", 1, "distributed_arithmetic"), io_type=io_type)
    project = read_project(prj)
    est = estimate(project)
    gen = [layer for layer in est.layers if layer.kind == "generated"]
    assert len(gen) == 2 and all(layer.modelled for layer in est.layers)
    for layer in gen:
        fn = project.generated.function(layer.details["generated"]["function"])
        adds = [d for d in fn.body if isinstance(d, Decl) and type(d.value).__name__ in ("Binary", "Unary")]
        assert layer.details["generated"]["adds"] <= len(adds) and layer.lut > 0 and layer.dsp == 0
    assert est.regime == "uncalibrated"
    out = tmp_path / "e.json"
    assert main([str(prj), "--json", str(out)]) == 0


def test_attention_and_einsum_projects_are_fully_costed(tmp_path):
    """HGQ2's QMultiHeadAttention (``nnet::einsum`` of two variable tensors, ``softmax_multidim``, generated
    quantizers, a distributed-arithmetic EinsumDense) and a Keras-3 EinsumDense (``nnet::einsum_dense``, Latency):
    every layer costed (none NOT MODELLED), the CLI exits 0."""
    import test_e2e_einsum as E
    import test_e2e_hgq2 as H2

    for prj in (H2.built("mha").project, E.built(E.CASES[0]).project):
        est = estimate(read_project(prj))
        assert all(layer.modelled for layer in est.layers), [x.name for x in est.layers if not x.modelled]
        assert main([str(prj), "--json", str(tmp_path / "e.json")]) == 0
    mha = estimate(read_project(H2.built("mha").project))
    qk = next(layer for layer in mha.layers if layer.kind == "einsum")
    assert qk.lut > 0 and qk.mults["fabric"] + qk.mults["dsp"] > 0


def test_einsum_dense_is_a_block_diagonal_dense():
    # n_free_data 2, n_contract 3, n_free_kernel 2, n_inplace 1: two copies of the 3 x 2 kernel on the diagonal of a
    # 6 x 4 matrix (12 products, 12 zeros off the blocks)
    from fxsim.config import Config
    from fxsim.estimate.adapter import einsum_dense_spec
    from fxsim.project import Weight
    from fxsim.types import FixedType

    t = FixedType(8, 3)
    k = np.array([[0.5, -0.25], [1.0, 0.75], [-1.5, 0.125]])
    w = Weight("w2", "ed_weight_t", t, 6, k.ravel(), None, Path("w2.txt"), Path("w2.h"), 1)
    cfg = Config("c", n_free_data=2, n_free_kernel=2, n_contract=3, n_inplace=1,
                 dense_conf=Config("d", weight_t=t, reuse_factor=1, strategy="latency"))
    spec = einsum_dense_spec(cfg, w, None, "auto", "ed", t, t, "io_parallel")
    assert spec is not None and spec.weights.shape == (6, 4)
    assert np.array_equal(spec.weights[:3, :2], k) and np.array_equal(spec.weights[3:, 2:], k)
    assert np.count_nonzero(spec.weights) == 12
