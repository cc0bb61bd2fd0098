"""Firmware written by older hls4ml releases verifies IDENTICAL against its own C simulation.

The fixtures in ``tests/data/old_projects`` were written by hls4ml 0.6.0, 0.7.1, 0.8.1 and 1.0.0 and
trimmed (see ``tests/make_old_release_projects.py``); their ``tb_data/csim_results.log`` is what
their own testbench printed, compiled with g++. Those releases' ``nnet_utils`` differ from 1.3.0's
(softmax with one ``table_size``, the exp sum in ``exp_table_t``, ``data - x_max`` in the stable
softmax...): fxsim follows each project's own copy (:mod:`fxsim.project.templates`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fxsim.cli import main
from fxsim.project import read_project
from fxsim.project.templates import FEATURES, features_of_text, template_features

OLD = Path(__file__).parent / "data" / "old_projects"
FIXTURES = sorted(p.name for p in OLD.iterdir() if (p / "firmware").is_dir()) if OLD.is_dir() else []
OLD_FEATURES = {"softmax_v0", "selu_v0", "binary_tanh_v0", "dense_binary_cast_v0"}


def test_fixtures_present() -> None:
    assert {"0.6.0_jet_tagger_z7_latency_rf2", "0.7.1_conv1d_small", "0.8.1_jet_tagger",
            "0.8.1_selu_softmax_latency", "1.0.0_jet_tagger_resource_rf4"} <= set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_verify_identical(name: str, capsys) -> None:
    """``fxsim verify <project>``: tb_data inputs against the project's csim_results.log."""
    code = main(["verify", str(OLD / name)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("IDENTICAL"), out
    assert "300 events" in out and " 0 values differ" in out, out  # truth: their own csim log


@pytest.mark.parametrize("name", FIXTURES)
def test_template_features(name: str) -> None:
    """Every fixture's own nnet_utils is the hls4ml <= 1.0 variant of the functions fxsim twins."""
    p = read_project(OLD / name)
    assert p.template_features == OLD_FEATURES
    assert set(FEATURES) == OLD_FEATURES


def test_current_templates_have_no_old_features() -> None:
    """hls4ml 1.3.0's own templates (main environment) and the shipped example show no old variant."""
    example = Path(__file__).resolve().parents[1] / "fxsim" / "examples" / "jet_tagger" / "firmware" / "nnet_utils"
    assert template_features(example) == frozenset()
    hls4ml = pytest.importorskip("hls4ml")
    nnet = Path(hls4ml.__file__).parent / "templates" / "vivado" / "nnet_utils"
    for header in ("nnet_activation.h", "nnet_mult.h"):
        assert features_of_text(header, (nnet / header).read_text()) == frozenset()


def test_verify_without_nnet_utils(tmp_path: Path, capsys) -> None:
    """A copy without ``firmware/nnet_utils``: the softmax variant follows the config struct
    (``table_size``, no ``exp_table_size``), still IDENTICAL."""
    prj = Path(shutil.copytree(OLD / "0.8.1_jet_tagger", tmp_path / "prj"))
    shutil.rmtree(prj / "firmware" / "nnet_utils")
    assert read_project(prj).template_features == frozenset()
    code = main(["verify", str(prj)])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("IDENTICAL"), out


@pytest.mark.parametrize("name", FIXTURES)
def test_estimate_exits_0(name: str, tmp_path: Path, capsys) -> None:
    """``fxsim estimate PRJ --json F`` on every old release's project (issue 14: hls4ml 0.6-1.3, any part).
    hls4ml 0.6.0's project has no ``project.tcl``: the part (a Zynq-7000 the capacity table lacks) and the
    10 ns clock come from ``build_prj.tcl``."""
    import json

    out = tmp_path / "est.json"
    code = main(["estimate", str(OLD / name), "--json", str(out)])
    assert code == 0, capsys.readouterr()
    est = json.loads(out.read_text())
    assert est["total"]["dsp"] > 0
    if name.startswith("0.6.0"):
        assert est["part"].startswith("xc7z007s") and est["family"] == "zynq7", est["part"]
        assert est["part_info"]["speed_grade"] == "-2", est["part_info"]
