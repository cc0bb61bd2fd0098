"""What fxsim ships and what its fixtures carry: a license, a NOTICE naming the third-party files,
and no path of the machine they were built on."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "fxsim" / "examples", ROOT / "tests" / "data"]
BINARY = {".h5", ".npy", ".npz", ".so", ".pyc", ".bin", ".onnx", ".pt", ".keras"}
#: An absolute path into a home, temporary, cache or work folder (``/root/...``, ``/tmp/...``,
#: ``/home/u/...``, ``/Users/...``, ``C:\\...``).
MACHINE_PATH = re.compile(r"(?<![\w.:/])(/(?:root|home|tmp|work|Users|private|var/folders|scratch)/\S*|[A-Z]:\\\\\S+)")


def test_no_shipped_file_names_a_machine_path():
    found = []
    for folder in SHIPPED:
        for p in sorted(folder.rglob("*")):
            if not p.is_file() or p.suffix.lower() in BINARY or "__pycache__" in p.parts:
                continue
            for k, line in enumerate(p.read_text(errors="replace").splitlines(), 1):
                m = MACHINE_PATH.search(line)
                if m:
                    found.append(f"{p.relative_to(ROOT)}:{k}: {m.group(0)}")
    assert not found, "absolute machine paths in shipped files:\n" + "\n".join(found[:20])


def test_license_and_notice():
    assert "Apache License" in (ROOT / "LICENSE").read_text() and "Version 2.0" in (ROOT / "LICENSE").read_text()
    notice = (ROOT / "NOTICE").read_text()
    for name in ("hls4ml", "nnet_utils", "Xilinx", "example-models", "tests/data/models"):
        assert name in notice, name
