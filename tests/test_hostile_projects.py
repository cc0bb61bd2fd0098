"""Issue 13: hand-edited projects, hostile inputs and command lines never give a traceback, a hang
or a silent wrong answer. Each case is a one-line edit of the shipped example project (or a bad
input/option) and the one-line error (exit 2) it must give, naming the file, line, limit or value.

The edits whose right answer is what the C++ computes are in ``test_hostile_csim.py``; the fuzz
tests in ``test_hostile_fuzz.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import hostile_edits as H
import numpy as np
import pytest

from fxsim.cli import main

SECRET = "TOPSECRET-4242"


@pytest.fixture()
def prj(tmp_path) -> Path:
    return H.copy_example(tmp_path / "prj")


def run_cli(argv: list[str], capsys, code: int, *needles: str) -> str:
    """Run the CLI in-process; check the exit code, a single stderr line without traceback that
    contains every ``needle``; return that line."""
    t0 = time.perf_counter()
    got = main(argv)
    dt = time.perf_counter() - t0
    cap = capsys.readouterr()
    err = cap.err.strip()
    assert got == code, (got, cap.out[-2000:], err)
    assert "Traceback" not in err and SECRET not in err + cap.out
    assert dt < 60, dt
    if code == 2:
        lines = [ln for ln in err.splitlines() if "warning:" not in ln]
        assert len(lines) == 1, err
        assert lines[0].startswith(f"fxsim {argv[0]}: error: "), lines[0]
        for n in needles:
            assert n in lines[0], (n, lines[0])
        return lines[0]
    return err


def edit(prj: Path, rel: str, old: str, new: str) -> None:
    H.apply(prj, [(rel, old, new)])


# ---------------------------------------------------------------------------------------- security


def test_include_outside_project_is_not_read(prj, tmp_path, capsys):
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    edit(prj, H.PARAMS, '#include "weights/w2.h"', '#include "weights/../../../secret.txt"')
    run_cli(["verify", str(prj)], capsys, 2, "parameters.h", "outside the project")


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_weight_file_outside_project_is_not_read(prj, tmp_path, capsys, how):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    if how == "symlink":
        (prj / "firmware" / "weights" / "w2.txt").unlink()
        (prj / "firmware" / "weights" / "w2.txt").symlink_to(secret)
        run_cli(["verify", str(prj)], capsys, 2, "w2.txt", "outside the project")
        return
    name = str(secret) if how == "absolute" else "../../../secret.txt"
    edit(prj, H.TOP, '(w2, "w2.txt")', f'(w2, "{name}")')
    run_cli(["verify", str(prj)], capsys, 2, "myproject.cpp:22", "outside the project")


def test_non_utf8_source_names_file_line_byte(prj, capsys):
    f = prj / H.PARAMS
    f.write_bytes(f.read_bytes().replace(b"// fc1_relu\n", b"// fc1\x92relu\n", 1))
    run_cli(["verify", str(prj)], capsys, 2, "parameters.h:28", "0x92")


# ---------------------------------------------------------------------------------------- project edits

#: name -> (edits, needles the error must contain)
PROJECT_EDITS: dict[str, tuple[list[H.Edit], tuple[str, ...]]] = {
    "deep_parentheses": ([(H.PARAMS, "static const unsigned reuse_factor = 1;",
                           "static const unsigned reuse_factor = " + "(" * 3000 + "1" + ")" * 3000 + ";")],
                         ("parameters.h:34", "MAX_NESTING")),
    "exponential_macro": ([(H.DEFINES, "// hls-fpga-machine-learning insert numbers",
                            "#define M0 1\n" + "".join(f"#define M{i} (M{i-1}+M{i-1})\n" for i in range(1, 25))),
                           (H.PARAMS, "static const unsigned n_in = 16;", "static const unsigned n_in = (16+M24*0);")],
                          ("parameters.h", "MAX_MACRO_TOKENS")),
    "renamed_config": ([(H.PARAMS, "struct config4 :", "struct config4x :")], ("myproject.cpp:63", "config4")),
    "dense_without_bias": ([(H.TOP, "(layer3_out, layer4_out, w4, b4)", "(layer3_out, layer4_out, w4)")],
                           ("myproject.cpp:63", "biases")),
    "dense_with_relu_config": ([(H.TOP, "config4>", "relu_config5>")], ("myproject.cpp:63", "relu_config5")),
    "unknown_kernel": ([(H.PARAMS, "using kernel = nnet::DenseLatency", "using kernel = nnet::DenseFoo")],
                       ("DenseFoo",)),
    "unknown_product": ([(H.PARAMS, "using product = nnet::product::mult", "using product = nnet::product::foo")],
                        ("foo",)),
    "accum_t_deleted": ([(H.PARAMS, "    typedef model_default_t accum_t;\n", "")],
                        ("parameters.h:29", "config2::accum_t is float")),
    "table_2_32": ([(H.PARAMS, "static const unsigned table_size = 1024;",
                     "static const unsigned table_size = 4294967295;")], ("parameters.h:50", "MAX_TABLE_SIZE")),
    "table_2_28": ([(H.PARAMS, "static const unsigned table_size = 1024;",
                     "static const unsigned table_size = 268435456;")], ("MAX_TABLE_SIZE",)),
    "num_test_samples_1e9": ([(H.TB, "NUM_TEST_SAMPLES = 5", "NUM_TEST_SAMPLES = 1e9")],
                             ("myproject_test.cpp:89", "MAX_DEFAULT_SAMPLES")),
    "unbalanced_open_brace": ([(H.PARAMS, "struct relu_config3 : nnet::activ_config {",
                                "struct relu_config3 : nnet::activ_config {{")], ("parameters.h",)),
    "unbalanced_close_brace": ([(H.TOP, "loaded_weights = true;    }", "loaded_weights = true;    }}")],
                               ("myproject.cpp:75", "unbalanced '}'")),
    "conflicting_typedefs": ([(H.DEFINES, "typedef ap_fixed<16,6> model_default_t;",
                               "typedef ap_fixed<16,6> model_default_t;\ntypedef ap_fixed<8,3> model_default_t;")],
                             ("defines.h:19", "model_default_t")),
    "unknown_base_struct": ([(H.PARAMS, "struct relu_config3 : nnet::activ_config",
                              "struct relu_config3 : nnet::activ_confog")], ("parameters.h:50", "activ_confog")),
    "strategy_foo": ([(H.PARAMS, "strategy = nnet::latency", "strategy = nnet::foo")], ("parameters.h", "foo")),
    "implementation_bogus": ([(H.PARAMS, "nnet::softmax_implementation::stable;",
                               "nnet::softmax_implementation::bogus;")], ("parameters.h", "bogus")),
    "clock_period_0": ([("project.tcl", "set clock_period 5", "set clock_period 0")], ("project.tcl", "clock period")),
    "clock_period_inf": ([("project.tcl", "set clock_period 5", "set clock_period inf")], ("project.tcl",)),
    "uncertainty_200pct": ([("project.tcl", "clock_uncertainty 12.5%", "clock_uncertainty 200%")],
                           ("project.tcl", "200%")),
    "uncertainty_abc": ([("project.tcl", "clock_uncertainty 12.5%", "clock_uncertainty abc%")],
                        ("project.tcl", "abc%")),
    "dense_n_out_31": ([(H.PARAMS, "static const unsigned n_out = 32;", "static const unsigned n_out = 31;")],
                       ("w4.h:10", "n_out = 31", "1984")),
    "port_size_15": ([(H.TOP, "input_t input_1[16],", "input_t input_1[15],")], ("myproject.cpp:59", "15")),
    "weight_array_1000": ([("firmware/weights/w2.h", "model_default_t w2[1024];", "model_default_t w2[1000];"),
                           (H.TOP, "<model_default_t, 1024>(w2", "<model_default_t, 1000>(w2")],
                          ("w2.txt:1", "1000", "1024")),
    "layer_under_undefined_macro": ([(H.TOP, H.RELU_CALL,
                                      "#define X 1\n#undef X\n#ifdef X\n" + H.RELU_CALL + "\n#endif")],
                                    ("myproject.cpp:67", "layer3_out")),
    "deep_if_nesting": ([(H.DEFINES, "// hls-fpga-machine-learning insert numbers",
                          "#if 1\n" * 300 + "#endif\n" * 300)],
                        ("defines.h", "MAX_NESTING")),
    "misspelled_directive": ([(H.PARAMS, '#include "ap_int.h"', '#incl "ap_int.h"')], ("parameters.h:5", "#incl")),
    "error_directive": ([(H.DEFINES, "// hls-fpga-machine-learning insert numbers", "#error stop")],
                        ("defines.h:14", "#error")),
    "macro_self_reference": ([(H.DEFINES, "// hls-fpga-machine-learning insert numbers", "#define LOOP (LOOP+1)"),
                              (H.PARAMS, "static const unsigned n_in = 16;", "static const unsigned n_in = LOOP;")],
                             ("parameters.h:30", "MAX_MACRO_PASSES")),
}


@pytest.mark.parametrize("name", sorted(PROJECT_EDITS))
def test_project_edit(prj, capsys, name):
    edits, needles = PROJECT_EDITS[name]
    H.apply(prj, edits)
    command = "estimate" if name.startswith(("clock", "uncertainty")) else "verify"
    run_cli([command, str(prj)], capsys, 2, *needles)


def test_hundred_thousand_structs_refused_quickly(prj, capsys):
    f = prj / H.PARAMS
    extra = "".join(f"struct xc{i} : nnet::activ_config {{ static const unsigned n_in = 64; }};\n"
                    for i in range(100_000))
    f.write_text(f.read_text().replace("#endif", extra + "#endif"))
    run_cli(["verify", str(prj)], capsys, 2, "parameters.h", "MAX_STRUCTS")


def test_if_zero_and_ifdef_are_honoured(prj, capsys):
    """A disabled duplicate definition and an ``#ifdef`` of an undefined name are skipped as the
    preprocessor skips them; the project still verifies identically."""
    edit(prj, H.PARAMS, "// fc1_relu_relu\n", "#if 0\nstruct relu_config3 : nnet::activ_config { };\n#endif\n"
         "#ifdef NOT_DEFINED_ANYWHERE\nstruct bogus : nnet::foo { garbage };\n#endif\n")
    run_cli(["verify", str(prj)], capsys, 0)


def test_if_one_else_keeps_the_taken_branch(prj, capsys):
    edit(prj, H.TOP, H.RELU_CALL, "#if 1\n" + H.RELU_CALL + "\n#else\n    garbage here;\n#endif")
    run_cli(["verify", str(prj)], capsys, 0)


# ---------------------------------------------------------------------------------------- inputs


def _npy_with_header(path: Path, shape, descr="<f8") -> None:
    from numpy.lib import format as npf

    with open(path, "wb") as fh:
        npf.write_array_header_1_0(fh, {"descr": descr, "fortran_order": False, "shape": shape})
        fh.write(b"\0" * 256)


INPUTS = {
    "npy_0d": (lambda d: np.save(d / "x.npy", np.array(1.0)), "x.npy", ("0-d",)),
    "npy_header_1e12_rows": (lambda d: _npy_with_header(d / "x.npy", (10**12, 16)), "x.npy", ("FXSIM_MAX_SAMPLES",)),
    "npy_header_huge_row": (lambda d: _npy_with_header(d / "x.npy", (10, 10**11)), "x.npy",
                            ("FXSIM_MAX_ARRAY_BYTES",)),
    "npy_truncated": (lambda d: _npy_with_header(d / "x.npy", (1000, 16)), "x.npy", ("shorter",)),
    "npy_complex": (lambda d: np.save(d / "x.npy", np.zeros((3, 16), complex)), "x.npy", ("complex128",)),
    "npy_structured": (lambda d: np.save(d / "x.npy", np.zeros(3, dtype=[("a", "f8"), ("b", "i4")])), "x.npy",
                       ("not a real number type",)),
    "npy_object": (lambda d: np.save(d / "x.npy", np.array([[1.0], None], dtype=object)), "x.npy", ("object",)),
    "npy_nan": (lambda d: np.save(d / "x.npy", np.full((3, 16), np.nan)), "x.npy", ("non-finite",)),
    "npy_wrong_shape": (lambda d: np.save(d / "x.npy", np.zeros((3, 15))), "x.npy", ("(3, 15)", "16")),
    "npy_1d": (lambda d: np.save(d / "x.npy", np.zeros(16)), "x.npy", ("(16,)",)),
    "npz_wrong_name": (lambda d: np.savez(d / "x.npz", foo=np.zeros((3, 16))), "x.npz", ("foo", "input_1")),
    "npz_extra_array": (lambda d: np.savez(d / "x.npz", input_1=np.zeros((3, 16)), extra=np.zeros(3)), "x.npz",
                        ("extra",)),
    "csv_index_column": (lambda d: (d / "x.csv").write_text(
        "\n".join(",".join([str(k)] + ["0.5"] * 16) for k in range(3)) + "\n"), "x.csv", ("x.csv:1", "index column")),
    "csv_pandas_header_and_index": (lambda d: (d / "x.csv").write_text(
        "," + ",".join(f"f{i}" for i in range(16)) + "\n" + "\n".join(",".join([str(k)] + ["0.5"] * 16)
                                                                     for k in range(3)) + "\n"), "x.csv",
                                    ("x.csv:1", "index column")),
    "csv_short_row": (lambda d: (d / "x.csv").write_text(",".join(["0.5"] * 15) + "\n"), "x.csv", ("x.csv:1", "15")),
    "csv_text_value": (lambda d: (d / "x.csv").write_text(",".join(["0.5"] * 15 + ["abc"]) + "\n"), "x.csv",
                       ("x.csv:1", "abc")),
    "not_an_npy": (lambda d: (d / "x.npy").write_text("hello"), "x.npy", ("x.npy",)),
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_bad_input_file(prj, tmp_path, capsys, name):
    make, fname, needles = INPUTS[name]
    make(tmp_path)
    run_cli(["run", str(prj), "--inputs", str(tmp_path / fname), "--output", str(tmp_path / "o")], capsys, 2,
            *needles)


def test_csv_header_row_is_skipped_not_shifted(prj, tmp_path, capsys):
    """A header of 16 names is recognised; the values are exactly those of the same CSV without it."""
    rows = np.random.default_rng(1).normal(size=(4, 16)).round(3)
    body = "\n".join(",".join(str(v) for v in r) for r in rows) + "\n"
    (tmp_path / "h.csv").write_text(",".join(f"f{i}" for i in range(16)) + "\n" + body)
    (tmp_path / "n.csv").write_text(body)
    for stem in ("h", "n"):
        run_cli(["run", str(prj), "--inputs", str(tmp_path / f"{stem}.csv"), "--output", str(tmp_path / stem),
                 "--quiet"], capsys, 0)
    assert (tmp_path / "h.log").read_text() == (tmp_path / "n.log").read_text()


def test_npz_matched_by_port_name(prj, tmp_path, capsys):
    x = np.random.default_rng(2).normal(size=(5, 16))
    np.save(tmp_path / "a.npy", x)
    np.savez(tmp_path / "b.npz", input_1=x)
    for stem, f in (("a", "a.npy"), ("b", "b.npz")):
        run_cli(["run", str(prj), "--inputs", str(tmp_path / f), "--output", str(tmp_path / stem), "--quiet"],
                capsys, 0)
    assert (tmp_path / "a.log").read_text() == (tmp_path / "b.log").read_text()


@pytest.mark.parametrize("make", ["complex", "structured", "nan"])
def test_bad_expected_file(prj, tmp_path, capsys, make):
    y = {"complex": np.zeros((2000, 5), complex), "nan": np.full((2000, 5), np.nan),
         "structured": np.zeros(3, dtype=[("a", "f8"), ("b", "i4")])}[make]
    np.save(tmp_path / "y.npy", y)
    run_cli(["verify", str(prj), "--inputs", str(prj / "tb_data" / "tb_input_features.dat"),
             "--expected", str(tmp_path / "y.npy")], capsys, 2, "y.npy")


# ---------------------------------------------------------------------------------------- command line

OPTIONS = {
    "max_report_negative": (["verify", "{p}", "--max-report", "-1"], ("--max-report",)),
    "events_negative": (["trace", "{p}", "--events", "-1"], ("--events",)),
    "events_zero": (["trace", "{p}", "--events", "0"], ("--events",)),
    "events_text": (["trace", "{p}", "--events", "many"], ("--events",)),
    "clock_uncertainty_1": (["estimate", "{p}", "--clock-uncertainty", "1"], ("--clock-uncertainty",)),
    "clock_uncertainty_nan": (["estimate", "{p}", "--clock-uncertainty", "nan"], ("--clock-uncertainty",)),
    "clock_ns_denormal": (["estimate", "{p}", "--clock-ns", "1e-320"], ("--clock-ns",)),
    "clock_ns_0": (["estimate", "{p}", "--clock-ns", "0"], ("--clock-ns",)),
    "clock_ns_inf": (["estimate", "{p}", "--clock-ns", "inf"], ("--clock-ns",)),
    "part_empty": (["estimate", "{p}", "--part", ""], ("--part",)),
    "part_blank": (["estimate", "{p}", "--part", "   "], ("--part",)),
}


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_bad_option(prj, capsys, name):
    argv, needles = OPTIONS[name]
    argv = [a.format(p=prj) for a in argv]
    code = main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in err, err


def test_max_report_zero_on_a_mismatch(prj, capsys):
    log = prj / "tb_data" / "csim_results.log"
    lines = log.read_text().split("\n")
    lines[3] = " ".join("9" for _ in lines[3].split())
    log.write_text("\n".join(lines))
    run_cli(["verify", str(prj), "--max-report", "0"], capsys, 1)
