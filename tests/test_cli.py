"""The ``fxsim`` command line on a real hls4ml project: exit codes, one-line errors naming the file and
line for malformed projects and bad inputs, and the files ``run``/``trace``/``verify --json`` write.

Uses the default io_parallel KERAS_3layer project of ``test_e2e_parallel.py`` (same build, cached).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import projects as P
import pytest
from test_e2e_parallel import CASES

from fxsim.cli import main


@pytest.fixture(scope="module")
def project() -> Path:
    """KERAS_3layer, ``ap_fixed<16,6>``, Latency, with its testbench run (csim_results.log)."""
    P.require_hls4ml()
    P.require_gxx()
    case = next(c for c in CASES if c.id == "3layer-16_6")
    prj, _ = case.build()
    P.build_testbench(prj)
    return prj


@pytest.fixture()
def broken(project, tmp_path) -> Path:
    """A fresh copy of the project to damage."""
    return Path(
        shutil.copytree(project, tmp_path / "prj", ignore=shutil.ignore_patterns("*.so", "*_fxsim_tb", ".fxsim_*"))
    )


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once); return its 1-based line."""
    text = path.read_text()
    assert old in text, (path, old)
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


def _user_error(argv: list[str], capsys) -> str:
    """Run the CLI, expect exit 2 and a single-line message without a traceback; return it."""
    code = main(argv)
    cap = capsys.readouterr()
    assert code == 2, cap.out + cap.err
    err = cap.err.strip()
    assert err and "\n" not in err, err
    assert "Traceback" not in err
    assert err.startswith(f"fxsim {argv[0]}: error: ")
    return err


# ---------------------------------------------------------------------------------------- malformed projects


def test_missing_weight_file(broken, capsys):
    (broken / "firmware" / "weights" / "w4.txt").unlink()
    err = _user_error(["verify", str(broken)], capsys)
    assert "weights/w4.txt: weight file does not exist (loaded at firmware/myproject.cpp:" in err, err


def test_truncated_weight_line(broken, capsys):
    f = broken / "firmware" / "weights" / "w2.txt"
    f.write_text(f.read_text().rsplit(",", 1)[0])
    err = _user_error(["verify", str(broken)], capsys)
    assert re.search(r"weights/w2\.txt:1: ", err), err


def test_unknown_layer_call(broken, capsys):
    src = broken / "firmware" / "myproject.cpp"
    text = src.read_text()
    m = re.search(r"nnet::relu<([^>]*)>\(", text)
    assert m, text
    line = _edit(src, m.group(0), f"nnet::foo<{m.group(1)}>(")
    err = _user_error(["verify", str(broken)], capsys)
    assert f"firmware/myproject.cpp:{line}: " in err and "nnet::foo" in err, err


def test_bad_typedef(broken, capsys):
    defines = broken / "firmware" / "defines.h"
    m = re.search(r"typedef ap_fixed<16,6> (\w+);", defines.read_text())
    assert m
    line = _edit(defines, m.group(0), f"typedef ap_fixed<16,,6> {m.group(1)};")
    err = _user_error(["verify", str(broken)], capsys)
    assert f"firmware/defines.h:{line}: " in err, err


def test_not_a_project(tmp_path, capsys):
    err = _user_error(["verify", str(tmp_path)], capsys)
    assert str(tmp_path) in err


# ---------------------------------------------------------------------------------------- bad inputs


def test_wrong_input_shape(project, tmp_path, capsys):
    x = tmp_path / "x.npy"
    np.save(x, np.zeros((4, 15)))
    err = _user_error(["verify", str(project), "--inputs", str(x)], capsys)
    assert "16" in err and "15" in err, err


def test_nan_input(project, tmp_path, capsys):
    a = np.zeros((5, 16))
    a[3, 7] = np.nan
    x = tmp_path / "x.npy"
    np.save(x, a)
    err = _user_error(["run", str(project), "--inputs", str(x), "--output", str(tmp_path / "y")], capsys)
    assert "NaN" in err and "sample 3" in err, err


def test_missing_inputs_file(project, tmp_path, capsys):
    missing = tmp_path / "nope.npy"
    err = _user_error(["trace", str(project), "--inputs", str(missing)], capsys)
    assert str(missing) in err


def test_wrong_expected_row_count(project, tmp_path, capsys):
    log = (project / "tb_data" / "csim_results.log").read_text().splitlines(keepends=True)
    short = tmp_path / "short.log"
    short.write_text("".join(log[:-1]))
    err = _user_error(["verify", str(project), "--expected", str(short)], capsys)
    assert "short.log" in err and "row counts differ" in err, err


# ---------------------------------------------------------------------------------------- outputs


def test_run_writes_npy_and_testbench_log(project, tmp_path, capsys):
    stem = tmp_path / "out"
    assert main(["run", str(project), "--output", str(stem), "--quiet"]) == 0
    csim = (project / "tb_data" / "csim_results.log").read_bytes()
    assert (tmp_path / "out.log").read_bytes() == csim
    y = np.load(tmp_path / "out.npy")
    assert y.shape == (60, 5)
    rows = [np.array(line.split(), dtype=np.float64) for line in csim.decode().splitlines()]
    np.testing.assert_allclose(y, np.array(rows), rtol=0, atol=1e-5)


def test_run_with_dat_inputs_matches_default(project, tmp_path, capsys):
    stem = tmp_path / "out"
    dat = project / "tb_data" / "tb_input_features.dat"
    assert main(["run", str(project), "--inputs", str(dat), "--output", str(stem), "--quiet"]) == 0
    assert (tmp_path / "out.log").read_bytes() == (project / "tb_data" / "csim_results.log").read_bytes()


def test_trace_writes_npz(project, tmp_path, capsys):
    out = tmp_path / "t.npz"
    assert main(["trace", str(project), "--events", "10", "--output", str(out)]) == 0
    text = capsys.readouterr().out
    assert "fc1_relu" in text and "saturated" in text
    with np.load(out) as z:
        names = set(z.files)
        assert {"counts.layer", "counts.type", "counts.saturated", "counts.rounded"} <= names
        raw = [n for n in names if n.endswith(".raw")]
        assert any(n.startswith("fc1_relu") for n in raw)
        assert all(z[n].shape[0] == 10 for n in raw)


def test_verify_json_report(project, tmp_path, capsys):
    report = tmp_path / "r.json"
    assert main(["verify", str(project), "--json", str(report)]) == 0
    rep = json.loads(report.read_text())
    for key in ("verdict", "n_events", "mismatched_values", "first_mismatches"):
        assert key in rep, rep.keys()
    assert rep["verdict"] == "identical" and rep["n_events"] == 60 and rep["first_mismatches"] == []


def test_verify_against_npy_expected(project, tmp_path, capsys):
    """``--inputs``/``--expected`` as .npy: float64 inputs and hls4ml's own ``predict`` outputs."""
    from bridge import hls_predict

    case = next(c for c in CASES if c.id == "3layer-16_6")
    x = case.build()[1]
    ref = hls_predict(project, x, 5)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", ref)
    argv = ["verify", str(project), "--inputs", str(tmp_path / "x.npy")]
    assert main([*argv, "--expected", str(tmp_path / "y.npy")]) == 0
    ref[2, 1] += 2.0**-10
    np.save(tmp_path / "y2.npy", ref)
    capsys.readouterr()
    assert main([*argv, "--expected", str(tmp_path / "y2.npy"), "--json", str(tmp_path / "r.json")]) == 1
    assert "event 2, " in capsys.readouterr().out
    rep = json.loads((tmp_path / "r.json").read_text())
    assert rep["mismatched_values"] == 1
    assert rep["first_mismatches"][0]["event"] == 2 and rep["first_mismatches"][0]["index"] == 1
