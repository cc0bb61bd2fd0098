"""Issue 13, silent wrong answers: edits that change what the C++ computes. For each, fxsim either
refuses with exit 2 or its ``verify`` against the *edited* project's compiled testbench log is
IDENTICAL (the testbench is compiled with g++ against the project's own headers; builds are cached
by content hash under the project cache).

The project is the hls4ml build of the example's model (``jet_tagger_project``: same templates as
``fxsim/examples/jet_tagger``, plus the full ``nnet_utils`` and ``ap_types`` the compiler needs).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import hostile_edits as H
import projects as P
import pytest

from fxsim.cli import main


def _edited_copy(base: Path, name: str, edits: list[H.Edit]) -> Path:
    """A persistent copy of ``base`` with ``edits`` applied (keyed by the base's stamp and the edits)."""
    key = hashlib.sha256(json.dumps([str(base), (base / "firmware" / "parameters.h").read_text(),
                                     edits]).encode()).hexdigest()[:16]
    dest = P.cache_root() / "hostile" / f"{name}-{key}"
    if not (dest / ".fxsim_edited").is_file():
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(base, dest, ignore=shutil.ignore_patterns("*.so", "*_fxsim_tb", ".fxsim_*"))
        H.apply(dest, edits)
        (dest / ".fxsim_edited").write_text("ok")
    return dest


@pytest.mark.parametrize("name", sorted(H.SILENT_WRONG))
def test_edit_matches_cpp_or_is_refused(jet_tagger_project, build_testbench, capsys, tmp_path, name):
    edits, required = H.SILENT_WRONG[name]
    prj = _edited_copy(jet_tagger_project, name, edits)
    code = main(["run", str(prj), "--output", str(tmp_path / "y"), "--quiet"])
    err = capsys.readouterr().err
    if required == 2 or code == 2:
        assert code == 2, (name, code, err)
        assert len([ln for ln in err.splitlines() if "warning:" not in ln]) == 1, err
        return
    build_testbench(prj)  # the edited project's own C-simulation log is the answer
    code = main(["verify", str(prj)])
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]


@pytest.fixture(scope="module")
def stream_project() -> Path:
    """The io_stream KERAS_3layer project of ``test_e2e_stream.py`` (same build, cached)."""
    from test_e2e_stream import CASES

    P.require_hls4ml()
    P.require_gxx()
    prj, _ = next(c for c in CASES if c.id == "stream-3layer-16_6-latency").build()
    return prj


@pytest.mark.parametrize("pack", [3, 8])
def test_io_stream_input_repacked(stream_project, build_testbench, capsys, tmp_path, pack):
    """``input_t`` packed ``pack`` values per element instead of 16: a pack that does not divide
    ``n_in`` leaves part of the input unread (refused); one that does must match the C++."""
    old = "typedef nnet::array<ap_fixed<16,6>, 16*1> input_t;"
    edits = [(H.DEFINES, old, old.replace("16*1>", f"{pack}*1>"))]
    prj = _edited_copy(stream_project, f"stream-pack{pack}", edits)
    code = main(["run", str(prj), "--output", str(tmp_path / "y"), "--quiet"])
    err = capsys.readouterr().err
    if 16 % pack:
        assert code == 2 and "not a multiple" in err, err
        return
    assert code in (0, 2), err
    if code == 0:
        build_testbench(prj)
        assert main(["verify", str(prj)]) == 0, capsys.readouterr().out[-3000:]
