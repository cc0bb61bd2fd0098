"""Issue 13 fuzzing: Hypothesis mutates the shipped example project (delete, duplicate, swap or alter
lines of defines.h, parameters.h, myproject.cpp, the testbench, weights and tb_data), inputs and
command-line numbers, and checks the contract: exit 0/1/2 only (never 3, an internal error), an
error is one line naming the command, no traceback, bounded time.

CI runs a small number of examples; a larger run: ``FXSIM_FUZZ_EXAMPLES=2000 python -m pytest -p
no:xdist tests/test_hostile_fuzz.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import hostile_edits as H
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fxsim.cli import main

EXAMPLES = int(os.environ.get("FXSIM_FUZZ_EXAMPLES", "25"))
FILES = [H.DEFINES, H.PARAMS, H.TOP, H.TB, "firmware/weights/b2.txt", "firmware/weights/w8.txt",
         "firmware/weights/b8.h", "tb_data/tb_input_features.dat", "tb_data/csim_results.log", "project.tcl"]
NUMBERS = ["0", "-1", "1", "3", "63", "65", "4294967295", "1e9", "1e-320", "inf", "nan", "abc", "0x7fffffff",
           "(1<<31)", "2.5", ""]
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def mutations(draw):
    rel = draw(st.sampled_from(FILES))
    op = draw(st.sampled_from(["delete", "duplicate", "swap", "number", "token", "truncate"]))
    return rel, op, draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(st.sampled_from(NUMBERS))


def mutate(prj: Path, m) -> None:
    rel, op, a, b, number = m
    f = prj / rel
    lines = f.read_text().split("\n")
    i, j = a % len(lines), b % len(lines)
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "truncate":
        lines[i] = lines[i][: b % (len(lines[i]) + 1)]
    else:
        nums = list(re.finditer(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?", lines[i])) if op == "number" else \
            list(re.finditer(r"[A-Za-z_]\w*", lines[i]))
        if nums:
            k = nums[b % len(nums)]
            lines[i] = lines[i][: k.start()] + (number if op == "number" else number + "x") + lines[i][k.end():]
    f.write_text("\n".join(lines))


def check(argv: list[str], capsys) -> int:
    t0 = time.perf_counter()
    code = main(argv)
    dt = time.perf_counter() - t0
    cap = capsys.readouterr()
    err = [ln for ln in cap.err.strip().splitlines() if ln]
    assert code in (0, 1, 2), (code, argv, err)
    assert not any("Traceback" in ln for ln in err), err
    assert dt < 60, (dt, argv)
    errors = [ln for ln in err if "warning:" not in ln]
    if code == 2:
        assert len(errors) == 1 and errors[0].startswith(f"fxsim {argv[0]}: error: "), err
    else:
        assert not errors, err
    return code


@pytest.fixture(scope="module")
def base() -> Path:
    return H.EXAMPLE


@SETTINGS
@given(m=mutations(), command=st.sampled_from(["verify", "trace", "estimate"]))
def test_mutated_project(base, capsys, m, command):
    with tempfile.TemporaryDirectory() as tmp:
        prj = Path(shutil.copytree(base, Path(tmp) / "prj"))
        mutate(prj, m)
        argv = [command, str(prj)] + (["--events", "50"] if command == "trace" else [])
        check(argv, capsys)


@SETTINGS
@given(shape=st.lists(st.integers(0, 40), min_size=0, max_size=3),
       dtype=st.sampled_from(["f8", "f4", "i2", "u1", "c8", "b1", "U3"]),
       fill=st.sampled_from([0.0, 1.5, -7.25, np.nan, np.inf, 1e300]),
       suffix=st.sampled_from([".npy", ".npz", ".csv", ".dat"]))
def test_fuzzed_inputs(base, capsys, shape, dtype, fill, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        try:
            a = np.full(shape, fill).astype(dtype)
        except (ValueError, OverflowError):
            a = np.zeros(shape, dtype=dtype)
        f = d / f"x{suffix}"
        if suffix == ".npy":
            np.save(f, a)
        elif suffix == ".npz":
            np.savez(f, input_1=a)
        else:
            sep = "," if suffix == ".csv" else " "
            rows = [] if a.size == 0 else (a.reshape(a.shape[0], -1) if a.ndim >= 2 else a.reshape(1, -1))
            f.write_text("\n".join(sep.join(str(v) for v in r) for r in rows) + "\n")
        check(["run", str(base), "--inputs", str(f), "--output", str(d / "o"), "--quiet"], capsys)


@SETTINGS
@given(option=st.sampled_from([("verify", "--max-report"), ("trace", "--events"), ("estimate", "--clock-ns"),
                               ("estimate", "--clock-uncertainty")]),
       value=st.one_of(st.sampled_from(NUMBERS), st.floats(allow_nan=True).map(repr),
                       st.integers(-2**70, 2**70).map(str)))
def test_fuzzed_numbers(base, capsys, option, value):
    command, flag = option
    check([command, str(base), flag, value], capsys)


CSIM_EXAMPLES = int(os.environ.get("FXSIM_FUZZ_CSIM_EXAMPLES", "2"))


@settings(max_examples=CSIM_EXAMPLES, deadline=None, derandomize=CSIM_EXAMPLES <= 5,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(m=mutations())
def test_mutated_project_matches_cpp_or_exit_2(jet_tagger_project, build_testbench, capsys, m):
    """The C++ oracle: a mutated hls4ml-built project that fxsim accepts must give exactly the log
    its own compiled testbench writes (edits the compiler rejects are skipped)."""
    import hashlib
    import json
    import subprocess

    import projects as P
    from hypothesis import assume

    key = hashlib.sha256(json.dumps([str(jet_tagger_project), list(m)]).encode()).hexdigest()[:16]
    prj = P.cache_root() / "hostile" / f"fuzz-{key}"
    if not (prj / ".fxsim_edited").is_file():
        shutil.rmtree(prj, ignore_errors=True)
        shutil.copytree(jet_tagger_project, prj, ignore=shutil.ignore_patterns("*.so", "*_fxsim_tb", ".fxsim_*"))
        mutate(prj, m)
        (prj / ".fxsim_edited").write_text("ok")
    with tempfile.TemporaryDirectory() as tmp:
        code = check(["run", str(prj), "--output", str(Path(tmp) / "y"), "--quiet"], capsys)
    if code == 2:
        return
    try:
        build_testbench(prj, timeout=120)
    except (RuntimeError, subprocess.TimeoutExpired):
        assume(False)  # the compiler (or the testbench) rejects the edit: nothing to compare with
    assert check(["verify", str(prj)], capsys) == 0
