"""Issue 15, command line: ``--version``, ``--debug``, ``--json`` on every command, and the exit-code
contract (0 identical/success, 1 differs, 2 the user's input, 3 fxsim's own bug) with one line on
stderr. Uses the shipped example project (no build needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import hostile_edits as H
import pytest

import fxsim
from fxsim.cli import EXIT_INTERNAL, main


@pytest.fixture()
def prj(tmp_path) -> Path:
    return Path(shutil.copytree(H.EXAMPLE, tmp_path / "prj"))


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"fxsim {fxsim.__version__}"


@pytest.mark.parametrize("exc", [KeyError("layer2_out"), IndexError("list index out of range"),
                                 ZeroDivisionError("float division by zero"), TypeError("x"),
                                 RecursionError("deep")])
def test_internal_error_is_exit_3_one_line(prj, capsys, monkeypatch, exc):
    import fxsim.verify

    def boom(*a, **k):
        raise exc

    monkeypatch.setattr(fxsim.verify, "verify", boom)
    assert main(["verify", str(prj)]) == EXIT_INTERNAL == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fxsim verify: internal error (") and "--debug" in err[0], err
    assert main(["--debug", "verify", str(prj)]) == 3
    assert "Traceback" in capsys.readouterr().err
    assert main(["verify", str(prj), "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_value_error_from_numpy_is_internal(prj, capsys, monkeypatch):
    import numpy as np

    import fxsim.verify

    monkeypatch.setattr(fxsim.verify, "verify", lambda *a, **k: np.zeros(3).reshape(2, 2))
    assert main(["verify", str(prj)]) == 3
    assert "internal error (ValueError" in capsys.readouterr().err


def test_user_error_with_debug_shows_traceback(prj, capsys):
    (prj / H.PARAMS).write_text("struct x {")
    assert main(["--debug", "verify", str(prj)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("fxsim verify: error: ")


@pytest.mark.parametrize("command", ["verify", "run", "trace", "estimate"])
def test_json_on_every_command(prj, tmp_path, capsys, command):
    out = tmp_path / "r.json"
    argv = [command, str(prj), "--json", str(out)]
    if command == "run":
        argv += ["--output", str(tmp_path / "y"), "--quiet"]
    if command == "trace":
        argv += ["--events", "10"]
    assert main(argv) == 0
    data = json.loads(out.read_text())
    assert isinstance(data, dict) and data
    capsys.readouterr()
    assert main(argv[:2] + ["--json", "-"] + argv[4:]) == 0
    assert json.loads(capsys.readouterr().out)


def test_json_records_the_error(prj, tmp_path, capsys):
    (prj / H.PARAMS).write_text("struct x {")
    out = tmp_path / "e.json"
    assert main(["verify", str(prj), "--json", str(out)]) == 2
    data = json.loads(out.read_text())
    assert data["exit_code"] == 2 and "parameters.h" in data["error"]


def test_demo_json_and_no_fixed_csim_claim(capsys):
    assert main(["demo", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["identical"] and data["speed"]["events_per_s"] > 0
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "7,000" not in out and "measured now" in out


def test_bad_option_is_one_line(capsys):
    assert main(["trace", "x", "--events", "-1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--events" in err[0]


def test_console_script_exit_code(prj):
    """The installed entry point returns the same codes as :func:`main`."""
    p = subprocess.run([sys.executable, "-m", "fxsim.cli", "trace", str(prj), "--events", "0"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, p.stderr
